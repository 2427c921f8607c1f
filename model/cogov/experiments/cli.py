"""The ``sweep`` and ``report`` subcommands: a thin layer over :mod:`cogov.experiments`.

``register(subparsers)`` adds both to an argparse subparsers object (the ``cogov`` command
calls it); ``python -m cogov.experiments`` runs them on their own.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable, Sequence
from typing import Any

from cogov.errors import EnvironmentProblem, InputError, describe_os_error

#: Most replications per point (run ids carry four digits; the file's bound too).
MAX_REPLICATIONS = 9999


def _print_input_error(err: InputError | EnvironmentProblem) -> None:
    for problem in err.problems:
        print(f"cogov: error: {problem}", file=sys.stderr)


def _problem_status(exc: BaseException) -> int:
    """Print an environment problem (full or read-only disk, no memory); return status 1."""
    if isinstance(exc, EnvironmentProblem):
        lines = exc.problems
    elif isinstance(exc, OSError):
        lines = [describe_os_error(exc)]
    else:
        lines = ["out of memory: ask for a smaller design or fewer runs"]
    for line in lines:
        print(f"cogov: error: {line}", file=sys.stderr)
    return 1


def _whole(flag: str, low: int, high: Callable[[], int] | int) -> Callable[[str], int]:
    """An argparse ``type``: a whole number from ``low`` to ``high`` (or ``high()``)."""

    def parse(text: str) -> int:
        top = high() if callable(high) else high
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"'{text[:40]}' is not a whole number; allowed: {low} to {top}"
            ) from None
        if not low <= value <= top:
            raise argparse.ArgumentTypeError(f"{value} is not allowed; allowed: {low} to {top}")
        return value

    parse.__name__ = flag  # argparse names the type in some messages
    return parse


def _max_workers() -> int:
    """One worker per core (at least 2); as :func:`cogov.experiments.executors.max_workers`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(2, cores)


#: A Dask scheduler address: ``[scheme://]host:port``; ``local`` or ``local:N`` for a
#: cluster started on this machine.
_ADDRESS = re.compile(
    r"(?:(?P<scheme>tcp|tls|ucx|ws|wss)://)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9][A-Za-z0-9.\-_]*):(?P<port>[0-9]{1,5})"
)


def scheduler_address(text: str) -> str:
    """An argparse ``type`` for ``--scheduler``: check the address's form before connecting."""
    if text == "local" or text.startswith("local:"):
        return text  # its count is checked with a clear message by executors.parse_local
    match = _ADDRESS.fullmatch(text)
    if match is None or not 1 <= int(match["port"]) <= 65535:
        raise argparse.ArgumentTypeError(
            f"'{text[:80]}' is not a scheduler address; allowed: tcp://HOST:PORT (e.g. "
            "tcp://10.0.0.5:8786; also tls://, ucx://, ws://, wss://), or local[:N]"
        )
    return text


def _check_out(path: str | None, flag: str = "--out") -> None:
    """Refuse an output path that is a file, or lies under one, before anything is written."""
    if path is None:
        return
    from pathlib import Path

    for part in (Path(path), *Path(path).parents):
        if part.exists():
            if not part.is_dir():
                raise InputError(
                    f"{flag} {path}: {part} is a file, not a folder; allowed: a folder path"
                )
            break


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
        _check_out(args.out)
        suite = load_suite(args.experiment)
        if suite is not None:
            from cogov.experiments.spec import load_experiment

            for member in suite.members:  # every member valid before anything is written
                load_experiment(member)
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
    except (EnvironmentProblem, OSError, MemoryError) as exc:
        return _problem_status(exc)
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
        _check_out(args.out)
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
    except (EnvironmentProblem, OSError, MemoryError) as exc:
        return _problem_status(exc)
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
        type=_whole("--workers", 0, _max_workers),
        metavar="N",
        help="local worker processes (default and most: one per core; 0: in this process)",
    )
    sweep.add_argument(
        "--scheduler",
        type=scheduler_address,
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
        type=_whole("--replications", 1, MAX_REPLICATIONS),
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
