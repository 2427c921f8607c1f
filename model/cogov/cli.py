"""The ``cogov`` command: a thin layer over the same functions tests and the app call.

Exit status: 0 on success, 2 for bad input (a clear message on stderr, no traceback),
1 when runs failed (``cogov sweep``) or the machine could not do what was asked (a
read-only or full disk: one message naming the path and the reason), 130 when interrupted
by Ctrl-C or SIGTERM (what ``kill``, SLURM and ``docker stop`` send), which are handled
alike.

Imports are kept to what the chosen subcommand needs, so that ``cogov --help`` and
``cogov scenarios`` start in a fraction of a second: the engine (numpy, pandas, mesa),
pydantic and matplotlib are imported inside the ``cmd_*`` functions that use them, and the
modules whose ``register`` adds subcommands import only the standard library at the top.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from cogov.errors import EnvironmentProblem, InputError, describe_os_error

#: Most weeks a run may last (``run.steps`` obeys the same bound; a test checks they agree).
MAX_STEPS = 5200


def _positive_int(text: str) -> int:
    """A whole number of weeks, 1 to :data:`MAX_STEPS` (the bound of ``run.steps``)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 1 <= value <= MAX_STEPS:
        raise argparse.ArgumentTypeError(
            f"{value} is not allowed; give a whole number >= 1 and <= {MAX_STEPS} "
            "(the bound of run.steps)"
        )
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text[:40]}' is not a whole number") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(
            f"{value} is not allowed; give a whole number 0 ≤ S < 2^63"
        )
    return value


def cmd_scenarios(args: argparse.Namespace) -> int:
    """List the shipped scenarios with a one-line description."""
    from cogov.files import list_data_files  # tomllib only: no pydantic, no engine

    rows = list_data_files("scenarios")
    width = max(len(name) for name, _ in rows)
    for name, desc in rows:
        first = desc.split(". ")[0].rstrip(".")
        print(f"{name:<{width}}  {first}.")
    return 0


def cmd_params(args: argparse.Namespace) -> int:
    """Print a scenario's fully resolved parameters as dotted keys."""
    from cogov.scenario import load_scenario, parse_assignments

    sc = load_scenario(args.scenario, parse_assignments(args.set), override_source="--set")
    for key, value in sc.flat().items():
        if key not in ("description", "description_zh"):
            print(f"{key} = {value!r}")
    return 0


def _run_switches(items: list[str], sc, steps: int) -> list:
    """``--switch`` items as a schedule the run can replay; InputError naming each bad one."""
    from cogov.model import check_switches, parse_switch, switch_text, switchable_mechanisms

    allowed = "WEEK:MECHANISM:on or WEEK:MECHANISM:off"
    problems, parsed = [], []
    for item in items:
        switch = parse_switch(item)
        if switch is None:
            problems.append(f"--switch has value {item!r}; allowed: {allowed}")
        elif not 1 <= switch[0] <= steps:
            problems.append(
                f"--switch has value {item!r}; allowed: a week from 1 to the run's {steps}"
            )
        else:
            parsed.append(switch)
    on_at_start = [n for n in switchable_mechanisms() if getattr(sc.mechanisms, n).enabled]
    kept, rejected = check_switches(parsed, on_at_start)
    for switch, why in rejected:
        problems.append(f"--switch has value '{switch_text(switch)}'; allowed: {why}")
    if problems:
        raise InputError(problems)
    return kept


def cmd_run(args: argparse.Namespace) -> int:
    """Run one scenario and write its results."""
    from cogov.api import simulate
    from cogov.output import prepare_out_dir, summary_table, write_run
    from cogov.scenario import load_scenario, parse_assignments

    overrides = parse_assignments(args.set)
    sc = load_scenario(args.scenario, overrides, override_source="--set")
    switches = _run_switches(args.switch or [], sc, args.steps or sc.run.steps)
    out = prepare_out_dir(args.out or Path("results") / sc.name)  # checked before simulating
    started = time.perf_counter()
    result = simulate(sc, steps=args.steps, seed=args.seed, switches=switches)
    paths = write_run(result, out, overrides, figure=args.figure)
    print(
        f"scenario {result.scenario}: {result.steps} weeks, seed {result.seed}, "
        f"{result.timeseries['residents'].iloc[0]} residents, "
        f"{time.perf_counter() - started:.1f} s"
    )
    print(summary_table(result))
    print(f"results written to {out}/ ({', '.join(sorted({p.name for p in paths.values()}))})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="cogov",
        description="Agent-based simulation of community co-governance (社区共治).",
    )
    from cogov import __version__

    parser.add_argument("--version", action="version", version=f"cogov {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    p = sub.add_parser("scenarios", help="list the shipped scenarios")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("run", help="run one scenario and write its results")
    p.add_argument(
        "scenario",
        metavar="SCENARIO",
        help="a scenario name (see `cogov scenarios`) or a path to a .toml file",
    )
    p.add_argument("--steps", type=_positive_int, help="weeks to run (default: the scenario's)")
    p.add_argument("--seed", type=_seed, help="master seed (default: the scenario's)")
    p.add_argument(
        "--set",
        action="append",
        metavar="KEY=VALUE",
        help="override a parameter, e.g. --set needs.rate_scale=1.2 (repeatable)",
    )
    p.add_argument(
        "--switch",
        action="append",
        metavar="WEEK:MECHANISM:on|off",
        help="switch a mechanism on or off from that week's start, as a trainer does during a "
        "run, e.g. --switch 37:point_incentives:on (repeatable; the app's link and handout "
        "write a run's switches this way)",
    )
    p.add_argument("--out", type=Path, help="output folder (default: results/SCENARIO)")
    p.add_argument(
        "--figure",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="draw outcomes.png (default: yes; --no-figure saves about half a second)",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("params", help="print a scenario's resolved parameters")
    p.add_argument("scenario", metavar="SCENARIO")
    p.add_argument("--set", action="append", metavar="KEY=VALUE")
    p.set_defaults(func=cmd_params)

    # Subcommands living with their own code: experiments (sweep, report) and the app.
    # Their modules import only the standard library at the top (a test checks it).
    for module in ("cogov.experiments.cli", "cogov.ui.cli"):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
            continue
        mod.register(sub)
    return parser


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@contextmanager
def sigterm_as_interrupt() -> Iterator[None]:
    """Handle SIGTERM like Ctrl-C while the command runs (in the main thread only).

    ``kill``, SLURM's time limit and ``docker stop`` send SIGTERM to the parent alone: it
    then ends the way Ctrl-C ends it, recording an interrupted sweep and stopping its
    workers, instead of dying with the manifest still saying "running".
    """
    try:
        previous = signal.signal(signal.SIGTERM, _interrupt)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def report_problem(exc: BaseException) -> int:
    """Print a user's or the machine's problem as ``cogov: error:`` lines; return the status.

    InputError: 2; EnvironmentProblem, OSError (a full or read-only disk) and MemoryError: 1.
    """
    if isinstance(exc, InputError):
        lines, status = exc.problems, 2
    elif isinstance(exc, EnvironmentProblem):
        lines, status = exc.problems, 1
    elif isinstance(exc, OSError):
        lines, status = [describe_os_error(exc)], 1
    elif isinstance(exc, MemoryError):
        lines, status = ["out of memory: ask for a smaller community, design or run count"], 1
    else:  # pragma: no cover - only the kinds above are passed
        raise exc
    for line in lines:
        print(f"cogov: error: {line}", file=sys.stderr)
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cogov`` command."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message (status 2) or the help (0)
        return int(exc.code or 0)
    try:
        with sigterm_as_interrupt():
            return int(args.func(args) or 0)
    except (InputError, EnvironmentProblem, OSError, MemoryError) as exc:
        return report_problem(exc)
    except KeyboardInterrupt:
        print("cogov: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
