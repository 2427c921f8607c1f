"""A corpus of hostile and careless inputs: each ends in one clear message, never a traceback.

Every case runs the ``cogov`` command in this process (``cogov.cli.main``) from an empty
working folder, and asserts its exit status (2 for bad input), that the message names the
key or flag and what is allowed, that no traceback is printed, and that nothing was written
(the working folder holds only the input files afterwards: no ``results/``, no ``--out``).
The cases cover CLI flags, scenario files and experiment files; issue 12 lists the kinds.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from cogov.cli import MAX_STEPS, main
from cogov.params import RunParams

SMALL = ["--set", "structure.households_per_community=300"]


@dataclass(frozen=True)
class Case:
    """One bad input.

    Attributes:
        id: the case's name.
        argv: the command, with ``{in}`` for the folder of input files and ``{tmp}`` for the
            working folder.
        key: text the message must hold: the key, flag or file that was wrong.
        allowed: text the message must hold: what is allowed instead.
        files: input files to write first (name -> text or bytes), in ``{in}``.
        status: the exit status (2: bad input).
    """

    id: str
    argv: tuple[str, ...]
    key: str
    allowed: str
    files: tuple[tuple[str, str | bytes], ...] = ()
    status: int = 2


def run(*args: str) -> tuple[str, ...]:
    return ("run", *args)


def setting(assignment: str, key: str, allowed: str, case_id: str | None = None) -> Case:
    """A ``cogov run baseline --set KEY=VALUE`` case."""
    return Case(
        case_id or f"set {assignment[:60]}", run("baseline", "--set", assignment), key, allowed
    )


def scenario(case_id: str, text: str | bytes, key: str, allowed: str, name: str = "s.toml") -> Case:
    """A scenario file, run with ``cogov run FILE``."""
    return Case(f"scenario: {case_id}", run(f"{{in}}/{name}"), key, allowed, files=((name, text),))


EXPERIMENT = """
scenarios = ["baseline"]
replications = 2
master_seed = 7
steps = 4
[overrides]
"structure.households_per_community" = 150
"""


def experiment(case_id: str, text: str | bytes, key: str, allowed: str, *flags: str) -> Case:
    """An experiment file, run with ``cogov sweep FILE --workers 0``."""
    return Case(
        f"experiment: {case_id}",
        ("sweep", "{in}/e.toml", "--workers", "0", "--no-progress", *flags),
        key,
        allowed,
        files=(("e.toml", text),),
    )


def design(body: str) -> str:
    return EXPERIMENT + "\n[design]\n" + body


DEEP_ARRAY = "x = " + "[" * 5000 + "]" * 5000 + "\n"
DEEP_TABLE = "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n"
HUGE_ARRAY = "[run]\nsteps = [" + "0," * 2_000_000 + "0]\n"
BIG_ARRAY = "[run]\nsteps = [" + "0," * 200_000 + "0]\n"
LONG_TEXT = "x" * 30_000
WEEKS_1_TO_27 = ", ".join(map(str, range(1, 28)))

CLI_FLAGS = [
    Case("steps 0", run("baseline", "--steps", "0"), "--steps", ">= 1"),
    Case("steps negative", run("baseline", "--steps", "-5"), "--steps", ">= 1"),
    Case("steps huge", run("baseline", "--steps", "100000000"), "--steps", f"<= {MAX_STEPS}"),
    Case("steps just over", run("baseline", "--steps", str(MAX_STEPS + 1)), "--steps", "<= 5200"),
    Case("steps word", run("baseline", "--steps", "ten"), "--steps", "whole number"),
    Case("steps decimal", run("baseline", "--steps", "1.5"), "--steps", "whole number"),
    Case("seed negative", run("baseline", "--seed", "-4"), "--seed", "0 ≤ S < 2^63"),
    Case("seed too big", run("baseline", "--seed", str(2**63)), "--seed", "0 ≤ S < 2^63"),
    Case("seed word", run("baseline", "--seed", "abc"), "--seed", "whole number"),
    Case("set without =", run("baseline", "--set", "oops"), "--set 'oops'", "key=value"),
    Case("set empty key", run("baseline", "--set", "=5"), "--set '=5'", "key=value"),
    Case("unknown scenario", run("baselin"), "baselin", "did you mean 'baseline'"),
    Case("missing file", run("nowhere/x.toml"), "nowhere/x.toml", "not found"),
    Case("name too long", run("b" * 5000), "scenario", "a scenario name"),
    Case(
        "out is a file",
        run("baseline", "--out", "{in}/file", *SMALL),
        "--out",
        "a folder path",
        files=(("file", "keep me"),),
    ),
    Case(
        "out under a file",
        run("baseline", "--out", "{in}/file/sub", *SMALL),
        "--out",
        "a folder path",
        files=(("file", "keep me"),),
    ),
    Case(
        "sweep workers huge",
        ("sweep", "smoke", "--workers", "100000"),
        "--workers",
        "allowed: 0 to",
    ),
    Case(
        "sweep workers negative",
        ("sweep", "smoke", "--workers", "-1"),
        "--workers",
        "allowed: 0 to",
    ),
    Case(
        "sweep workers word", ("sweep", "smoke", "--workers", "two"), "--workers", "allowed: 0 to"
    ),
    Case(
        "sweep replications 0",
        ("sweep", "smoke", "--replications", "0"),
        "--replications",
        "allowed: 1 to 9999",
    ),
    Case(
        "sweep replications huge",
        ("sweep", "smoke", "--replications", "10000"),
        "--replications",
        "allowed: 1 to 9999",
    ),
    Case(
        "scheduler not a url",
        ("sweep", "smoke", "--scheduler", "not a url"),
        "--scheduler",
        "tcp://HOST:PORT",
    ),
    Case(
        "scheduler bad port",
        ("sweep", "smoke", "--scheduler", "tcp://127.0.0.1:99999"),
        "--scheduler",
        "tcp://HOST:PORT",
    ),
    Case(
        "scheduler no port",
        ("sweep", "smoke", "--scheduler", "tcp://127.0.0.1"),
        "--scheduler",
        "tcp://HOST:PORT",
    ),
    Case(
        "sweep out is a file",
        ("sweep", "smoke", "--workers", "0", "--out", "{in}/file"),
        "--out",
        "a folder path",
        files=(("file", "keep me"),),
    ),
    Case(
        "sweep out under a file",
        ("sweep", "smoke", "--workers", "0", "--out", "{in}/f/x"),
        "--out",
        "a folder path",
        files=(("f", "keep me"),),
    ),
    Case(
        "suite out is a file",
        ("sweep", "sensitivity", "--workers", "0", "--out", "{in}/f"),
        "--out",
        "a folder path",
        files=(("f", "keep me"),),
    ),
    Case("sweep unknown experiment", ("sweep", "smok"), "smok", "did you mean 'smoke'"),
    Case(
        "report of a folder that is no sweep",
        ("report", "{in}/d"),
        "{in}/d",
        "cogov sweep EXPERIMENT --out DIR",
        files=(("d/x.txt", "x"),),
    ),
    Case(
        "report out is a file",
        ("report", "{in}/d", "--out", "{in}/f"),
        "--out",
        "a folder path",
        files=(("d/x.txt", "x"), ("f", "keep")),
    ),
]

OVERRIDES = [
    setting("needs.rate_scal=2", "needs.rate_scal", "did you mean 'rate_scale'"),
    setting("needs.rate_scale=-1", "needs.rate_scale", "greater than or equal to 0"),
    setting("needs.rate_scale=abc", "needs.rate_scale", "a number, without quotes"),
    setting("needs.rate_scale=nan", "needs.rate_scale", "finite number"),
    setting("needs.rate_scale=inf", "needs.rate_scale", "finite number"),
    setting("needs.rate_scale=-inf", "needs.rate_scale", "finite number"),
    setting("needs.rate_scale=1e300", "needs.rate_scale", "less than or equal to"),
    setting("needs.rate_scale=true", "needs.rate_scale", "a number, without quotes"),
    setting("needs.rate_scale=[1, 2]", "needs.rate_scale", "a number"),
    setting("needs.rate_scale={a = 1}", "needs.rate_scale", "a number"),
    setting(
        "structure.compound_households.old_compound=nan",
        "structure.compound_households.old_compound",
        "finite number",
    ),
    setting(
        "structure.compound_households.work_unit=inf",
        "structure.compound_households.work_unit",
        "finite number",
    ),
    setting(
        "structure.compound_households.commodity_estate=0",
        "structure.compound_households.commodity_estate",
        "greater than or equal to 1",
    ),
    setting(
        "structure.compound_households.old_compound=1e300",
        "structure.compound_households.old_compound",
        "<= 20000",
    ),
    setting("run.steps=6000", "run.steps", "<= 5200"),
    setting("run.steps=2.0", "run.steps", "a whole number"),
    setting('run.steps="100"', "run.steps", "a whole number"),
    setting("run.steps=0", "run.steps", ">= 1"),
    setting("run.seed=-1", "run.seed", ">= 0"),
    setting(
        'structure.households_per_community="1000"',
        "structure.households_per_community",
        "a whole number",
    ),
    setting(
        "structure.households_per_community=1e9",
        "structure.households_per_community",
        "a whole number",
    ),
    setting("structure.households_per_community=49", "structure.households_per_community", ">= 50"),
    setting("structure.communities=0", "structure.communities", ">= 1"),
    setting("structure.communities=51", "structure.communities", "<= 50"),
    setting("community.community_workers=1000000000", "community.community_workers", "<= 200"),
    setting(
        "community.budget_yuan_per_year=inf", "community.budget_yuan_per_year", "finite number"
    ),
    setting(
        "mechanisms.three_lists.enabled=yes", "mechanisms.three_lists.enabled", "true or false"
    ),
    setting("mechanisms.three_lists.enabled=1", "mechanisms.three_lists.enabled", "true or false"),
    setting(
        'mechanisms.three_lists.enabled="true"', "mechanisms.three_lists.enabled", "true or false"
    ),
    setting(
        "mechanisms.three_lists.matching=random", "mechanisms.three_lists.matching", "'first_come'"
    ),
    setting("name=/some/dir", "'name'", "[A-Za-z0-9_-]+"),
    setting("name=../../../../tmp/x", "'name'", "[A-Za-z0-9_-]+"),
    setting('name=""', "'name'", "[A-Za-z0-9_-]+"),
    setting('name="a b"', "'name'", "[A-Za-z0-9_-]+"),
    setting("name=" + "n" * 200, "'name'", "at most 100"),
    setting("name=5", "'name'", "text in quotes"),
    setting("description=" + LONG_TEXT, "'description'", "at most 20,000"),
    setting("run=5", "'run'", "a table"),
    setting("run.steps.x=1", "run.steps.x", "a value, not a section"),
    setting("structure.compound_mix.old_compound=0.9", "structure", "sum to 1"),
    setting(
        "population.elderly_share.old_compound=1.5",
        "population.elderly_share.old_compound",
        "less than or equal to 1",
    ),
    setting("population.elderly_share=0.5", "population.elderly_share", "a table"),
    setting("shocks.epidemic.start_week=-3", "shocks.epidemic.start_week", ">= 1"),
    setting("run.steps=" + "[" * 3000 + "]" * 3000, "--set", "a number", "set deeply nested value"),
    setting("nosuch.section.key=1", "nosuch", "allowed keys in [top level]"),
]

SCENARIO_FILES = [
    scenario("not UTF-8", b'description = "\xff\xfe"\n', "not UTF-8", "saved as UTF-8"),
    scenario(
        "latin-1 accents",
        "description = 'caf\u00e9'\n".encode("latin-1"),
        "not UTF-8",
        "saved as UTF-8",
    ),
    scenario("deep arrays", DEEP_ARRAY, "nested too deep", "a few levels"),
    scenario("deep tables", DEEP_TABLE, "nested too deep", "a few levels"),
    scenario("invalid TOML", "[run\nsteps = 3\n", "not valid TOML", "not valid TOML"),
    scenario(
        "extends passwd",
        'extends = "../../../../../../etc/passwd"\n',
        "'extends'",
        "allowed: a shipped scenario's name",
    ),
    scenario(
        "extends absolute",
        'extends = "/etc/passwd"\n',
        "'extends'",
        "allowed: a shipped scenario's name",
    ),
    scenario(
        "extends absolute toml",
        'extends = "/etc/x.toml"\n',
        "'extends'",
        "allowed: a shipped scenario's name",
    ),
    scenario(
        "extends a number", "extends = 5\n", "'extends'", "allowed: a shipped scenario's name"
    ),
    scenario("extends empty", 'extends = ""\n', "'extends'", "allowed: a shipped scenario's name"),
    scenario("extends unknown", 'extends = "nosuch"\n', "'extends'", "neither a scenario name"),
    scenario("extends itself", 'extends = "s"\n', "'extends'", "allowed: a chain"),
    scenario("name escapes", 'name = "../../../../tmp/x"\n', "'name'", "[A-Za-z0-9_-]+"),
    scenario("name absolute", 'name = "/tmp/x"\n', "'name'", "[A-Za-z0-9_-]+"),
    scenario("name a number", "name = 5\n", "'name'", "text in quotes"),
    scenario(
        "file name with a space",
        'extends = "baseline"\n',
        "'name'",
        "[A-Za-z0-9_-]+",
        name="my scenario.toml",
    ),
    scenario("steps as text", '[run]\nsteps = "100"\n', "run.steps", "a whole number"),
    scenario("steps decimal", "[run]\nsteps = 2.0\n", "run.steps", "a whole number"),
    scenario("steps nan", "[run]\nsteps = nan\n", "run.steps", "a whole number"),
    scenario("steps too many", "[run]\nsteps = 100000000\n", "run.steps", "<= 5200"),
    scenario("rate inf", "[needs]\nrate_scale = inf\n", "needs.rate_scale", "finite number"),
    scenario("rate nan", "[needs]\nrate_scale = nan\n", "needs.rate_scale", "finite number"),
    scenario("rate 1e300", "[needs]\nrate_scale = 1e300\n", "needs.rate_scale", "<= "),
    scenario(
        "compound households nan",
        "[structure.compound_households]\nold_compound = nan\n",
        "structure.compound_households.old_compound",
        "finite number",
    ),
    scenario(
        "switch yes",
        '[mechanisms.three_lists]\nenabled = "yes"\n',
        "mechanisms.three_lists.enabled",
        "true or false",
    ),
    scenario(
        "switch 1",
        "[mechanisms.three_lists]\nenabled = 1\n",
        "mechanisms.three_lists.enabled",
        "true or false",
    ),
    scenario("unknown section", "[foo]\nx = 1\n", "'foo'", "allowed keys in [top level]"),
    scenario(
        "unknown key",
        "[structure]\nhouseholds_per_comunity = 5\n",
        "structure.households_per_comunity",
        "did you mean 'households_per_community'",
    ),
    scenario(
        "long description", f'description = "{LONG_TEXT}"\n', "'description'", "at most 20,000"
    ),
    scenario("two-million-element array", HUGE_ARRAY, "larger than", "a smaller file"),
    scenario("200,000-element array", BIG_ARRAY, "run.steps", "a list of 200,001 items"),
    scenario("run is an array", "run = [1, 2]\n", "'run'", "a table"),
    scenario(
        "mix sums to 2", "[structure.compound_mix]\nold_compound = 1.0\n", "structure", "sum to 1"
    ),
    scenario("file too large", "# " + "x" * 1_100_000 + "\n", "larger than", "a smaller file"),
    scenario("seed too big", f"[run]\nseed = {2**63}\n", "run.seed", f"<= {2**63 - 1}"),
    scenario("a folder", "", "is a folder", "a scenario .toml file", name="dir.toml/x"),
]

EXPERIMENT_FILES = [
    experiment("not UTF-8", b'scenarios = ["\xff"]\n', "not UTF-8", "saved as UTF-8"),
    experiment("deep nesting", DEEP_ARRAY, "nested too deep", "a few levels"),
    experiment("invalid TOML", "scenarios = [\n", "not valid TOML", "not valid TOML"),
    experiment("name escapes", 'name = "../../x"\n' + EXPERIMENT, "'name'", "[A-Za-z0-9_-]+"),
    experiment("name absolute", 'name = "/tmp/x"\n' + EXPERIMENT, "'name'", "[A-Za-z0-9_-]+"),
    experiment(
        "replications 0",
        EXPERIMENT.replace("replications = 2", "replications = 0"),
        "replications",
        ">= 1",
    ),
    experiment(
        "replications 10000",
        EXPERIMENT.replace("replications = 2", "replications = 10000"),
        "replications",
        "<= 9999",
    ),
    experiment(
        "replications text",
        EXPERIMENT.replace("replications = 2", 'replications = "3"'),
        "replications",
        "a whole number",
    ),
    experiment(
        "replications decimal",
        EXPERIMENT.replace("replications = 2", "replications = 2.0"),
        "replications",
        "a whole number",
    ),
    experiment(
        "master seed negative",
        EXPERIMENT.replace("master_seed = 7", "master_seed = -1"),
        "master_seed",
        ">= 0",
    ),
    experiment(
        "master seed nan",
        EXPERIMENT.replace("master_seed = 7", "master_seed = nan"),
        "master_seed",
        "a whole number",
    ),
    experiment("steps 6000", EXPERIMENT.replace("steps = 4", "steps = 6000"), "steps", "<= 5200"),
    experiment(
        "steps true", EXPERIMENT.replace("steps = 4", "steps = true"), "steps", "a whole number"
    ),
    experiment(
        "latin bounds to inf",
        design(
            'method = "latin"\nsamples = 4\n[design.parameters]\n'
            '"community.community_workers" = { bounds = [100, inf] }\n'
        ),
        "bounds",
        "finite number",
    ),
    experiment(
        "latin bounds from nan",
        design(
            'method = "latin"\nsamples = 4\n[design.parameters]\n'
            '"needs.rate_scale" = { bounds = [nan, 1.0] }\n'
        ),
        "bounds",
        "finite number",
    ),
    experiment(
        "latin bounds as text",
        design(
            'method = "latin"\nsamples = 4\n[design.parameters]\n'
            '"needs.rate_scale" = { bounds = ["0.5", "1"] }\n'
        ),
        "bounds",
        "a number",
    ),
    experiment(
        "grid value nan",
        design(
            'method = "grid"\n[design.parameters]\n"needs.rate_scale" = { values = [nan, 1.0] }\n'
        ),
        "design.parameters",
        "finite numbers",
    ),
    experiment(
        "grid value inf",
        design('method = "grid"\n[design.parameters]\n"needs.rate_scale" = { values = [inf] }\n'),
        "design.parameters",
        "finite numbers",
    ),
    experiment(
        "grid value a table",
        design(
            'method = "grid"\n[design.parameters]\n"needs.rate_scale" = { values = [{ a = 1 }] }\n'
        ),
        "design.parameters",
        "finite numbers",
    ),
    experiment(
        "grid value out of bounds",
        design('method = "grid"\n[design.parameters]\n"needs.rate_scale" = { values = [1e300] }\n'),
        "needs.rate_scale",
        "less than or equal to",
    ),
    experiment(
        "grid value of the wrong type",
        design('method = "grid"\n[design.parameters]\n"run.steps" = { values = [2.5] }\n'),
        "run.steps",
        "a whole number",
    ),
    experiment(
        "grid of 2000 values",
        design(
            'method = "grid"\n[design.parameters]\n"needs.rate_scale" = { values = ['
            + ", ".join(str(1 + i / 10000) for i in range(2000))
            + "] }\n"
        ),
        "design.parameters",
        "at most 1000",
    ),
    experiment(
        "sobol of 65,536 samples",
        design(
            'method = "sobol"\nsamples = 65536\n[design.parameters]\n'
            + "".join(
                f'"{k}" = {{ bounds = [0.3, 0.5] }}\n'
                for k in (
                    "population.willingness_mean",
                    "population.trust_rc_mean",
                    "channels.voice_trust_threshold",
                    "population.youth_share",
                )
            )
        ),
        "393,216 points",
        "at most 20,000",
    ),
    experiment(
        "grid of 729 million points",
        design(
            'method = "grid"\n[design.parameters]\n'
            + "".join(
                f'"needs.{c}.patience_weeks" = {{ values = [{WEEKS_1_TO_27}] }}\n'
                for c in (
                    "repair",
                    "elder_care",
                    "environment",
                    "safety",
                    "paperwork",
                    "micro_wish",
                )
            )
        ),
        "387,420,489 points",
        "at most 20,000",
    ),
    experiment(
        "too many runs",
        design(
            'method = "grid"\n[design.parameters]\n'
            + '"needs.rate_scale" = { values = ['
            + ", ".join(str(1 + i / 1000) for i in range(1000))
            + "] }\n"
        ).replace("replications = 2", "replications = 9999"),
        "9,999,000 runs",
        "at most 1,000,000",
    ),
    experiment(
        "no scenarios",
        EXPERIMENT.replace('scenarios = ["baseline"]', "scenarios = []"),
        "scenarios",
        "at least 1",
    ),
    experiment(
        "scenario outside",
        EXPERIMENT.replace(
            'scenarios = ["baseline"]', 'scenarios = ["../../../../../etc/passwd.toml"]'
        ),
        "'scenarios'",
        "outside the experiment's folder",
    ),
    experiment(
        "scenario absolute",
        EXPERIMENT.replace('scenarios = ["baseline"]', 'scenarios = ["/etc/x.toml"]'),
        "'scenarios'",
        "outside the experiment's folder",
    ),
    experiment(
        "scenario a number",
        EXPERIMENT.replace('scenarios = ["baseline"]', "scenarios = [5]"),
        "scenarios",
        "text in quotes",
    ),
    experiment(
        "200 scenarios",
        EXPERIMENT.replace(
            'scenarios = ["baseline"]',
            "scenarios = [" + ", ".join(f'"s{i}"' for i in range(200)) + "]",
        ),
        "scenarios",
        "at most 100",
    ),
    experiment("unknown method", design('method = "random"\n'), "design.method", "'grid'"),
    experiment(
        "odd morris levels",
        design(
            'method = "morris"\nsamples = 2\nlevels = 3\n[design.parameters]\n'
            '"needs.rate_scale" = { bounds = [0.5, 1.0] }\n'
            '"population.youth_share" = { bounds = [0.1, 0.3] }\n'
        ),
        "design",
        "even number of 'levels'",
    ),
    experiment(
        "second order yes",
        design(
            'method = "sobol"\nsamples = 4\nsecond_order = "yes"\n[design.parameters]\n'
            '"needs.rate_scale" = { bounds = [0.5, 1.0] }\n'
            '"population.youth_share" = { bounds = [0.1, 0.3] }\n'
        ),
        "design.second_order",
        "true or false",
    ),
    experiment(
        "samples decimal",
        design(
            'method = "latin"\nsamples = 4.0\n[design.parameters]\n'
            '"needs.rate_scale" = { bounds = [0.5, 1.0] }\n'
        ),
        "design.samples",
        "a whole number",
    ),
    experiment(
        "precision half-width 0",
        EXPERIMENT.replace('["baseline"]', '["baseline", "old_compound"]')
        + '[precision]\noutcome = "participation_any"\nhalf_width = 0\n',
        "precision.half_width",
        "greater than 0",
    ),
    experiment(
        "precision half-width inf",
        EXPERIMENT.replace('["baseline"]', '["baseline", "old_compound"]')
        + '[precision]\noutcome = "participation_any"\nhalf_width = inf\n',
        "precision.half_width",
        "finite number",
    ),
    experiment(
        "override nan",
        EXPERIMENT + '"needs.rate_scale" = nan\n',
        "needs.rate_scale",
        "finite number",
    ),
    experiment(
        "override unknown",
        EXPERIMENT + '"needs.rate_scal" = 1.0\n',
        "needs.rate_scal",
        "did you mean 'rate_scale'",
    ),
    experiment(
        "override lenient", EXPERIMENT + '"run.steps" = "10"\n', "run.steps", "a whole number"
    ),
    experiment(
        "long description",
        f'description = "{LONG_TEXT}"\n' + EXPERIMENT,
        "'description'",
        "at most 20,000",
    ),
    experiment(
        "unknown output",
        'outputs = ["backlog_opne"]\n' + EXPERIMENT,
        "'outputs'",
        "did you mean 'backlog_open'",
    ),
    experiment(
        "unknown top-level key",
        "replication = 3\n" + EXPERIMENT,
        "'replication'",
        "did you mean 'replications'",
    ),
    experiment(
        "missing replications",
        EXPERIMENT.replace("replications = 2", ""),
        "replications",
        "is missing; it is required",
    ),
    experiment(
        "file too large",
        "# " + "x" * 1_100_000 + "\n" + EXPERIMENT,
        "larger than",
        "a smaller file",
    ),
    experiment("workers over cores", EXPERIMENT, "--workers", "allowed: 0 to", "--workers", "999"),
]


def suite(case_id: str, text: str, key: str, allowed: str, name: str = "su.toml") -> Case:
    """A suite file, run with ``cogov sweep FILE``."""
    return Case(
        f"suite: {case_id}",
        ("sweep", f"{{in}}/{name}", "--workers", "0", "--no-progress"),
        key,
        allowed,
        files=((name, text),),
    )


SUITES_AND_FOLDERS = [
    suite("member a number", "suite = [5]\n", "'suite'", "a shipped experiment's name"),
    suite("member passwd", 'suite = ["/etc/passwd"]\n', "'suite'", "a shipped experiment's name"),
    suite(
        "member outside",
        'suite = ["../../../../etc/x.toml"]\n',
        "'suite'",
        "a .toml file next to the suite file",
    ),
    suite("member unknown", 'suite = ["nosuch"]\n', "'suite'", "a shipped experiment's name"),
    suite("empty", "suite = []\n", "'suite'", "a non-empty list"),
    Case(
        "suite: a member is invalid",
        ("sweep", "{in}/su.toml", "--workers", "0", "--no-progress"),
        "replications",
        ">= 1",
        files=(
            ("su.toml", 'suite = ["smoke", "bad"]\n'),
            ("bad.toml", EXPERIMENT.replace("replications = 2", "replications = 0")),
        ),
    ),
    suite("not a list", 'suite = "smoke"\n', "'suite'", "a non-empty list"),
    suite(
        "extra key",
        'suite = ["smoke"]\nreplications = 3\n',
        "replications",
        "holds only 'description' and 'suite'",
    ),
    suite(
        "file name with a space",
        'suite = ["smoke"]\n',
        "my suite",
        "[A-Za-z0-9_-]+",
        name="my suite.toml",
    ),
    Case(
        "report: manifest is a list",
        ("report", "{in}/d"),
        "manifest.json",
        "cannot be read",
        files=(("d/manifest.json", "[1, 2]"),),
    ),
    Case(
        "report: manifest is not JSON",
        ("report", "{in}/d"),
        "manifest.json",
        "cannot be read",
        files=(("d/manifest.json", "{"),),
    ),
    Case(
        "report: suite marker is junk",
        ("report", "{in}/d"),
        "suite.json",
        "cannot be read",
        files=(("d/suite.json", "\x00junk"),),
    ),
    Case(
        "report: suite marker has no members",
        ("report", "{in}/d"),
        "suite.json",
        "no list of members",
        files=(("d/suite.json", '{"suite": "x"}'),),
    ),
]

CORPUS = CLI_FLAGS + OVERRIDES + SCENARIO_FILES + EXPERIMENT_FILES + SUITES_AND_FOLDERS


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _dirs(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_dir()}


def test_the_corpus_holds_at_least_100_distinct_bad_inputs():
    assert len(CORPUS) >= 100
    assert len({c.id for c in CORPUS}) == len(CORPUS)
    assert {"run", "sweep", "report"} <= {c.argv[0] for c in CORPUS}


def test_the_cli_bound_on_steps_is_the_schema_bound():
    bounds = {type(m).__name__: m for m in RunParams.model_fields["steps"].metadata}
    assert bounds["Le"].le == MAX_STEPS


@pytest.mark.parametrize("case", CORPUS, ids=[c.id for c in CORPUS])
def test_bad_input_ends_in_one_clear_message_and_writes_nothing(
    case, tmp_path, monkeypatch, capsys
):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name, content in case.files:
        path = inputs / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    if case.id.endswith("a folder"):
        (inputs / "dir.toml").mkdir(exist_ok=True)
    monkeypatch.chdir(tmp_path)
    before, dirs = _tree(tmp_path), _dirs(tmp_path)
    argv = [a.replace("{in}", str(inputs)).replace("{tmp}", str(tmp_path)) for a in case.argv]
    if case.id.endswith("a folder"):
        argv[1] = str(inputs / "dir.toml")

    status = main(argv)

    err = capsys.readouterr().err
    assert status == case.status, err
    assert "Traceback" not in err
    key = case.key.replace("{in}", str(inputs))
    assert key in err, err[:2000]
    assert case.allowed in err, err[:2000]
    assert len(err) < 20_000, f"a {len(err):,}-character message"
    assert _tree(tmp_path) == before and _dirs(tmp_path) == dirs, "something was written"


# --- the machine, not the input: one message, status 1 -------------------------------------


def _fail_with(code: int):
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code), "/the/out/folder/timeseries.csv")

    return fail


@pytest.mark.parametrize(
    "code, hint",
    [(errno.ENOSPC, "the disk is full"), (errno.EROFS, "read-only"), (errno.EACCES, "permission")],
)
def test_a_full_or_read_only_disk_while_writing_a_run_is_one_message(
    code, hint, tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr("cogov.output.write_tables", _fail_with(code))
    argv = ["run", "baseline", "--steps", "1", "--no-figure", "--out", str(tmp_path / "o"), *SMALL]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1
    assert "timeseries.csv" in err and hint in err


def test_a_read_only_out_folder_is_found_before_simulating(tmp_path, monkeypatch, capsys):
    simulated = []
    monkeypatch.setattr("cogov.api.simulate", lambda *a, **k: simulated.append(1))
    monkeypatch.setattr("cogov.output.tempfile.TemporaryFile", _fail_with(errno.EROFS))
    assert main(["run", "baseline", "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "cannot write into the folder" in err and "read-only" in err
    assert not simulated


def test_a_full_disk_during_a_sweep_is_one_message(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr("cogov.experiments.store.atomic_write_json", _fail_with(errno.ENOSPC))
    argv = ["sweep", "smoke", "--workers", "0", "--no-progress", "--out", str(tmp_path / "o")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "the disk is full" in err
