"""The ``sweep`` and ``report`` subcommands: a thin layer over :mod:`cogov.experiments`.

``register(subparsers)`` adds both to an argparse subparsers object (the ``cogov`` command
calls it); ``python -m cogov.experiments`` runs them on their own.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any

from cogov.errors import InputError


def _print_input_error(err: InputError) -> None:
    for problem in err.problems:
        print(f"cogov: error: {problem}", file=sys.stderr)


def cmd_sweep(args: argparse.Namespace) -> int:
    """Run the ``sweep`` subcommand; return the exit status.

    Returns:
        0 if every run finished, 1 if some failed (a summary is printed), 2 for bad input,
        130 if interrupted.
    """
    from pathlib import Path

    from cogov.experiments.runner import run_sweep
    from cogov.experiments.suite import load_suite, write_marker

    try:
        suite = load_suite(args.experiment)
        if suite is not None:
            out = Path(args.out or Path("results") / suite.name)
            write_marker(suite, out)
            status = 0
            for member in suite.members:
                print(f"suite {suite.name}: experiment {member}", file=sys.stderr)
                summary = run_sweep(
                    member,
                    out / Path(member).stem,
                    workers=args.workers,
                    scheduler=args.scheduler,
                    replications=args.replications,
                    progress=not args.no_progress,
                )
                print(summary.text())
                status = status or (0 if summary.ok else 1)
            return status
        summary = run_sweep(
            args.experiment,
            args.out,
            workers=args.workers,
            scheduler=args.scheduler,
            replications=args.replications,
            progress=not args.no_progress,
        )
    except InputError as err:
        _print_input_error(err)
        return 2
    except KeyboardInterrupt:
        print(
            "cogov: interrupted: every finished run is kept; run the same command again to resume",
            file=sys.stderr,
        )
        return 130
    print(summary.text())
    return 0 if summary.ok else 1


def cmd_report(args: argparse.Namespace) -> int:
    """Run the ``report`` subcommand; return the exit status (0, or 2 for bad input)."""
    from pathlib import Path

    from cogov.experiments.report import write_report, write_suite_index
    from cogov.experiments.suite import read_marker

    def progress(message: str) -> None:
        print(f"cogov report: {message}", file=sys.stderr, flush=True)

    lang = getattr(args, "lang", "en")
    try:
        marker = read_marker(Path(args.directory))
        if marker is not None:
            paths = write_suite_index(
                Path(args.directory), marker, args.out, lang=lang, progress=progress
            )
        else:
            paths = write_report(args.directory, args.out, lang=lang, progress=progress)
    except InputError as err:
        _print_input_error(err)
        return 2
    print(f"report written: {paths.markdown}\n               {paths.html}")
    return 0


def register(subparsers: Any) -> None:
    """Add the ``sweep`` and ``report`` subcommands to an argparse subparsers object.

    Each subcommand sets ``func``, a callable taking the parsed arguments and returning the
    exit status.

    Args:
        subparsers: what ``ArgumentParser.add_subparsers()`` returned.
    """
    sweep = subparsers.add_parser(
        "sweep",
        help="run a batch experiment (resumable; locally or on a Dask cluster)",
        description=(
            "Run every run of an experiment that is not finished yet. EXPERIMENT is the name "
            "of a shipped experiment (smoke, mechanism_comparison, points_sweep, "
            "sensitivity_morris, sensitivity_sobol; the suite sensitivity runs the last two) "
            "or a path to a TOML file. Each finished "
            "run is written at once to OUT/runs/; rerunning the command resumes, and a "
            "larger replication count only runs the new replications."
        ),
    )
    sweep.add_argument("experiment", metavar="EXPERIMENT", help="experiment name or TOML path")
    sweep.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="local worker processes (default: one per core; 0: in this process)",
    )
    sweep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help=(
            "run on a Dask cluster, e.g. tcp://10.0.0.5:8786, or 'local[:N]' to start a local "
            "Dask cluster of N worker processes (--workers is then ignored; docs/cluster.md)"
        ),
    )
    sweep.add_argument(
        "--out", metavar="DIR", help="output folder (default: results/<experiment name>)"
    )
    sweep.add_argument(
        "--replications",
        type=int,
        metavar="N",
        help="replications per point instead of the file's count (to top up)",
    )
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    sweep.set_defaults(func=cmd_sweep)

    report = subparsers.add_parser(
        "report",
        help="write a Markdown and HTML report of a sweep's results",
        description=(
            "Write report.md, report.html (one self-contained file, figures inside) and PNG "
            "and SVG figures for the results in DIR (the output folder of 'sweep')."
        ),
    )
    report.add_argument("directory", metavar="DIR", help="output folder of a sweep")
    report.add_argument("--out", metavar="DIR", help="where to write (default: DIR/report)")
    report.add_argument(
        "--lang",
        choices=["en", "zh"],
        default="en",
        help="language of the figures' titles, units and axes (default: en; zh: 中文)",
    )
    report.set_defaults(func=cmd_report)


def build_parser() -> argparse.ArgumentParser:
    """Return a stand-alone parser with the ``sweep`` and ``report`` subcommands."""
    parser = argparse.ArgumentParser(
        prog="python -m cogov.experiments", description="cogov batch experiments"
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; return its exit status."""
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
