"""Experiment files: what to run, validated before anything runs.

An experiment file is TOML. It names the scenarios to compare, the parameters to vary (a full
grid, or a Latin hypercube, Sobol or Morris sample within bounds), how many replications,
how many steps, which outcome columns to keep and the master seed. Every table forbids
unknown keys; every problem becomes one line of an :class:`~cogov.errors.InputError` naming
the file, the key, the value and what is allowed. ``docs/experiments.md`` describes every key.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import math
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, ValidationError, model_validator

from cogov.errors import InputError
from cogov.files import data_dir, read_toml, resolve_name_or_path
from cogov.params import MAX_DESCRIPTION, MAX_NAME, NAME_PATTERN
from cogov.validation import format_validation_error

#: Design methods: no varied parameters, a full grid, or a sample within bounds.
SAMPLE_METHODS = ("latin", "sobol", "morris")
METHODS = ("none", "grid", *SAMPLE_METHODS)

#: Largest replication count an experiment may ask for (run ids carry four digits).
MAX_REPLICATIONS = 9999
#: Most design points an experiment may have: each is resolved into a scenario when planned
#: (about 10 ms a point on 2 busy cores, so a few minutes at the cap).
MAX_DESIGN_POINTS = 20_000
#: Most runs an experiment may ask for (design points x scenarios x replications).
MAX_RUNS = 1_000_000
#: Most values in a grid parameter's list, and most entries in any other list or table.
MAX_LIST = 1_000
#: Most scenarios an experiment compares.
MAX_SCENARIOS = 100

#: Strict types: ``"3"`` and ``2.0`` are not whole numbers, ``"yes"`` is not true.
Int = Annotated[int, Strict()]
Bool = Annotated[bool, Strict()]
#: A finite number; a whole number is accepted (TOML's ``5`` for ``5.0``).
Number = Annotated[float, Strict()]
#: A plain piece of text (a scenario name or path, an outcome column).
Text = Annotated[str, Strict(), Field(min_length=1, max_length=1_000)]


class _Table(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class Parameter(_Table):
    """One varied parameter: a list of values (grid) or bounds (samples)."""

    values: list[Any] | None = Field(
        None, max_length=MAX_LIST, description="values of a grid, in order"
    )
    bounds: tuple[Number, Number] | None = Field(None, description="[low, high] for samples")
    group: str | None = Field(
        None,
        min_length=1,
        max_length=MAX_NAME,
        description="morris, sobol: the group the parameter moves with (all parameters or none)",
    )

    @model_validator(mode="after")
    def _one_of(self) -> Parameter:
        if (self.values is None) == (self.bounds is None):
            raise ValueError("give either 'values' (grid) or 'bounds' (latin, sobol, morris)")
        if self.values is not None:
            if not self.values:
                raise ValueError("'values' must list at least one value")
            for value in self.values:
                if not _plain_value(value):
                    raise ValueError(
                        f"'values' holds {_short(value)}; allowed: finite numbers, true or "
                        "false, or text (what the parameter takes)"
                    )
            seen = [json.dumps(v, sort_keys=True) for v in self.values]
            if len(set(seen)) != len(seen):
                raise ValueError(f"'values' lists a value twice: {self.values}")
        if self.bounds is not None and not self.bounds[0] < self.bounds[1]:
            raise ValueError(f"'bounds' must be [low, high] with low < high, got {self.bounds}")
        return self


class Design(_Table):
    """Which parameters vary and how their values are chosen."""

    method: Literal["none", "grid", "latin", "sobol", "morris"] = Field(
        "none", description="none, grid, latin, sobol or morris"
    )
    parameters: dict[str, Parameter] = Field(
        default_factory=dict,
        max_length=MAX_LIST,
        description="dotted scenario key -> values or bounds",
    )
    samples: Int | None = Field(
        None,
        ge=1,
        le=100_000,
        description="latin: points; sobol: base sample N (N*(D+2) points, or N*(2D+2) with "
        "second order); morris: trajectories (N*(D+1) points)",
    )
    seed: Int | None = Field(
        None, ge=0, le=2**32 - 1, description="seed of the sampler (default: the master seed)"
    )
    second_order: Bool = Field(False, description="sobol: also estimate second-order indices")
    levels: Int = Field(4, ge=2, le=100, description="morris: levels of the grid (even)")
    defaults_point: Bool = Field(
        False,
        description="latin, sobol, morris: also run one point at the scenarios' own values "
        "(the reference the report's sign check compares with), after the sampled points",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Design:
        names = list(self.parameters)
        if self.method == "none":
            if names:
                raise ValueError(
                    "method 'none' varies no parameter; set method to grid, latin, sobol or "
                    "morris, or remove [design.parameters]"
                )
            if self.samples is not None:
                raise ValueError("'samples' is only used by latin, sobol and morris")
            if self.defaults_point:
                raise ValueError("'defaults_point' is only used by latin, sobol and morris")
            return self
        if not names:
            raise ValueError(f"method '{self.method}' needs at least one entry in parameters")
        if self.method == "grid":
            bad = [k for k, p in self.parameters.items() if p.values is None]
            if bad:
                raise ValueError(f"a grid needs 'values' for every parameter; missing for {bad}")
            if self.samples is not None:
                raise ValueError("'samples' is only used by latin, sobol and morris, not grid")
            if self.defaults_point:
                raise ValueError("'defaults_point' is only used by latin, sobol and morris")
            grouped = [k for k, p in self.parameters.items() if p.group is not None]
            if grouped:
                raise ValueError(f"'group' is only used by morris and sobol; set for {grouped}")
            return self
        bad = [k for k, p in self.parameters.items() if p.bounds is None]
        if bad:
            raise ValueError(
                f"method '{self.method}' needs 'bounds' for every parameter; missing for {bad}"
            )
        if self.samples is None:
            raise ValueError(f"method '{self.method}' needs 'samples'")
        if self.method == "sobol":
            if len(names) < 2:
                raise ValueError("sobol needs at least two parameters")
            if self.samples & (self.samples - 1):
                raise ValueError(f"sobol needs 'samples' to be a power of 2, got {self.samples}")
        if self.method == "morris":
            if len(names) < 2:
                raise ValueError("morris needs at least two parameters")
            if self.levels % 2:
                raise ValueError(f"morris needs an even number of 'levels', got {self.levels}")
        groups = [p.group for p in self.parameters.values()]
        if any(g is not None for g in groups):
            if self.method not in ("morris", "sobol"):
                raise ValueError(f"'group' is only used by morris and sobol, not {self.method}")
            missing = [k for k, p in self.parameters.items() if p.group is None]
            if missing:
                raise ValueError(
                    f"either every parameter has a 'group' or none has; missing for {missing}"
                )
            if len(set(groups)) < 2:
                raise ValueError(f"a grouped design needs at least two groups, got {set(groups)}")
        return self

    def size(self) -> int:
        """Return the number of design points, computed without making them."""
        if self.method == "none":
            return 1
        if self.method == "grid":
            return math.prod(len(p.values or ()) for p in self.parameters.values())
        factors = len(set(self.groups)) if self.groups else len(self.parameters)
        n = int(self.samples or 0)
        if self.method == "latin":
            points = n
        elif self.method == "sobol":
            points = n * (2 * factors + 2 if self.second_order else factors + 2)
        else:
            points = n * (factors + 1)
        return points + int(self.defaults_point)

    @property
    def groups(self) -> list[str] | None:
        """Each parameter's group, in the order listed, or None if the design is not grouped."""
        groups = [p.group for p in self.parameters.values()]
        return None if any(g is None for g in groups) or not groups else [str(g) for g in groups]

    def identity(self) -> dict[str, Any]:
        """Return the design as JSON, for the experiment's identity.

        Options added later are left out while at their defaults, so that earlier
        experiments' output folders keep their identity.
        """
        dump = self.model_dump(mode="json")
        if not dump.get("defaults_point"):
            dump.pop("defaults_point", None)
        for param in dump.get("parameters", {}).values():
            if param.get("group") is None:
                param.pop("group", None)
        return dump


class Precision(_Table):
    """Replicate in batches until each mechanism's paired effect is known precisely enough."""

    outcome: Text = Field(description="outcome column whose paired effect must be precise")
    half_width: Number = Field(gt=0, description="target 95% CI half-width, in the outcome's unit")
    batch: Int = Field(10, ge=1, le=MAX_REPLICATIONS, description="replications added per round")
    max_replications: Int = Field(
        200, ge=2, le=MAX_REPLICATIONS, description="stop adding replications at this count"
    )


class Report(_Table):
    """What the report shows."""

    outcomes: list[Text] | None = Field(
        None,
        max_length=MAX_LIST,
        description="outcome columns to tabulate and plot (default: the main outcomes kept)",
    )
    analyse: Literal["outcomes", "effect"] = Field(
        "outcomes",
        description="what a morris or sobol design's indices are of: each scenario's outcomes, "
        "or each scenario's paired effect against the baseline (per point, the mean over "
        "replications of scenario minus baseline)",
    )


class Experiment(_Table):
    """A validated experiment: scenarios x design points x replications."""

    name: Annotated[str, Strict()] = Field(
        description="experiment name (default: the file name): letters, digits, _ and - "
        "(it names the output folder)",
        pattern=NAME_PATTERN,
        max_length=MAX_NAME,
    )
    description: Annotated[str, Strict()] = Field(
        "", max_length=MAX_DESCRIPTION, description="what the experiment asks, in plain words"
    )
    scenarios: list[Text] = Field(
        min_length=1, max_length=MAX_SCENARIOS, description="scenario names or paths"
    )
    baseline: Text | None = Field(
        None, description="scenario the others are compared with (default: 'baseline' if listed)"
    )
    replications: Int = Field(ge=1, le=MAX_REPLICATIONS, description="replications per point")
    master_seed: Int = Field(
        ge=0, le=2**63 - 1, description="seed the replication seeds derive from"
    )
    steps: Int | None = Field(
        None, ge=1, le=5200, description="weeks per run (default: each scenario's run.steps)"
    )
    outputs: list[Text] | None = Field(
        None, max_length=MAX_LIST, description="timeseries columns to keep (default: all)"
    )
    summary_weeks: Int = Field(
        52, ge=1, le=5200, description="a run's summary is the mean of its last summary_weeks steps"
    )
    overrides: dict[str, Any] = Field(
        default_factory=dict,
        max_length=MAX_LIST,
        description="dotted scenario keys set in every run",
    )
    design: Design = Field(default_factory=Design)
    precision: Precision | None = None
    report: Report = Field(default_factory=Report)
    source: str | None = Field(None, description="the file this experiment was read from")

    @model_validator(mode="after")
    def _consistent(self) -> Experiment:
        labels = [scenario_label(s) for s in self.scenarios]
        twice = sorted({lab for lab in labels if labels.count(lab) > 1})
        if twice:
            raise ValueError(f"scenarios must be distinct; listed more than once: {twice}")
        if self.baseline is not None and self.baseline not in labels:
            raise ValueError(f"baseline '{self.baseline}' is not one of the scenarios {labels}")
        if self.outputs is not None:
            if not self.outputs:
                raise ValueError("outputs must name at least one column, or be left out")
            if "step" in self.outputs:
                raise ValueError("outputs lists 'step', which is always kept")
        kept = set(self.outputs) if self.outputs is not None else None
        if self.precision is not None:
            if self.baseline_label is None or len(labels) < 2:
                raise ValueError(
                    "precision mode compares scenarios with a baseline: list at least two "
                    "scenarios, one of them the baseline"
                )
            if kept is not None and self.precision.outcome not in kept:
                raise ValueError(
                    f"precision.outcome '{self.precision.outcome}' is not among the outputs kept"
                )
            if self.precision.max_replications < self.replications:
                raise ValueError(
                    f"precision.max_replications ({self.precision.max_replications}) is below "
                    f"replications ({self.replications})"
                )
        if kept is not None and self.report.outcomes:
            missing = [o for o in self.report.outcomes if o not in kept]
            if missing:
                raise ValueError(f"report.outcomes {missing} are not among the outputs kept")
        if self.report.analyse == "effect":
            if self.baseline_label is None or len(labels) < 2:
                raise ValueError(
                    "report.analyse = 'effect' analyses paired effects against the baseline: "
                    "list at least two scenarios, one of them the baseline"
                )
            if self.design.method not in ("morris", "sobol"):
                raise ValueError(
                    "report.analyse = 'effect' needs a morris or sobol design, not "
                    f"'{self.design.method}' (the effects table already covers other designs)"
                )
        overlap = set(self.overrides) & set(self.design.parameters)
        if overlap:
            raise ValueError(
                f"keys {sorted(overlap)} are both in [overrides] and in [design.parameters]"
            )
        points = self.design.size()
        if points > MAX_DESIGN_POINTS:
            raise ValueError(
                f"the design has {points:,} points; allowed: at most {MAX_DESIGN_POINTS:,} "
                "(fewer values, samples or parameters)"
            )
        runs = self.run_count()
        if runs > MAX_RUNS:
            raise ValueError(
                f"the experiment asks for {runs:,} runs ({points:,} design points x "
                f"{len(labels)} scenarios x {self.replications} replications); allowed: at "
                f"most {MAX_RUNS:,}"
            )
        return self

    def run_count(self, replications: int | None = None) -> int:
        """Return the runs asked for: design points x scenarios x replications."""
        reps = self.replications if replications is None else replications
        return self.design.size() * len(self.scenarios) * reps

    @property
    def labels(self) -> list[str]:
        """The scenarios' short names, in the order listed."""
        return [scenario_label(s) for s in self.scenarios]

    @property
    def baseline_label(self) -> str | None:
        """The scenario the others are compared with, or None."""
        if self.baseline is not None:
            return self.baseline
        return "baseline" if "baseline" in self.labels else None

    @property
    def varied(self) -> list[str]:
        """The dotted keys of the varied parameters, in the order listed."""
        return list(self.design.parameters)

    def identity(self) -> dict[str, Any]:
        """Return what fixes the result of every run (not replications, precision, report).

        Two experiments with the same identity may share an output folder; a larger
        replication count or a precision target only adds runs.
        """
        return {
            "scenarios": list(self.scenarios),
            "master_seed": self.master_seed,
            "steps": self.steps,
            "outputs": self.outputs,
            "overrides": self.overrides,
            "design": self.design.identity(),
        }


def _plain_value(value: Any) -> bool:
    """True for a value a grid may list: a finite number, a bool or a short text."""
    if isinstance(value, bool):
        return True
    if isinstance(value, int | float):
        return math.isfinite(value)
    return isinstance(value, str) and len(value) <= 1_000


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def scenario_label(scenario: str) -> str:
    """Return the short name of a scenario given as a name or a path (the file's stem)."""
    text = str(scenario)
    return Path(text).stem if text.endswith(".toml") or "/" in text else text


def experiments_dir() -> Path:
    """Return the folder of the shipped experiment files."""
    return data_dir("experiments")


def list_experiments() -> list[tuple[str, str]]:
    """Return ``(name, one-line description)`` of every shipped experiment, sorted by name."""
    out = []
    for path in sorted(experiments_dir().glob("*.toml")):
        try:
            data = _read_toml(path)
        except InputError:
            continue
        if not isinstance(data.get("scenarios"), list) and not isinstance(data.get("suite"), list):
            continue  # another tool's file (e.g. calibration.toml), not a sweep experiment
        lines = str(data.get("description", "")).strip().splitlines()
        out.append((path.stem, lines[0] if lines else ""))
    return out


def resolve_experiment(name_or_path: str | Path) -> Path:
    """Turn an experiment name (shipped in ``experiments/``) or a path into an existing file.

    Raises:
        InputError: if there is no such file, with the names that exist.
    """
    names = [name for name, _ in list_experiments()]
    return resolve_name_or_path(name_or_path, experiments_dir(), names, "experiment")


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml(path, "experiment")


def _unwrap(annotation: Any) -> Any:
    for arg in getattr(annotation, "__args__", ()) or ():
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return annotation


def parse_experiment(data: Mapping[str, Any], source: str = "experiment") -> Experiment:
    """Validate a mapping (as read from TOML) into an :class:`Experiment`.

    Args:
        data: the file's content; ``name`` defaults to the stem of ``source``.
        source: how error messages name where the data came from (usually the path).

    Raises:
        InputError: one line per problem, naming the source, key, value and what is allowed.
    """
    data = dict(data)
    data.setdefault("name", Path(source).stem)
    data["source"] = source
    try:
        return Experiment.model_validate(data)
    except ValidationError as exc:
        raise InputError(format_validation_error(exc, Experiment, source=source)) from None


def load_experiment(
    experiment: str | Path | Experiment, *, check_parameters: bool = True
) -> Experiment:
    """Read and validate an experiment file.

    Scenario paths in the file are taken relative to the file. With ``check_parameters``
    every scenario is loaded with the overrides, and every varied parameter is checked at
    each grid value or at both bounds, so that a bad key or value fails here, before any run.

    Args:
        experiment: a shipped experiment's name (``"smoke"``), a path, or an Experiment.
        check_parameters: also check scenario names, overrides and varied parameters against
            the scenario schema.

    Returns:
        The validated experiment.

    Raises:
        InputError: one line per problem.
    """
    if isinstance(experiment, Experiment):
        exp = experiment
    else:
        path = resolve_experiment(experiment)
        data = _read_toml(path)
        if "suite" in data:
            raise InputError(
                f"{path}: a suite of experiments ({', '.join(map(str, data['suite']))}), not "
                f"one experiment: run it with `cogov sweep {path.stem}`"
            )
        if "scenarios" not in data:
            raise InputError(
                f"{path}: not a sweep experiment: it has no 'scenarios' list (the format is "
                "described in docs/experiments.md)"
            )
        data["scenarios"] = (
            [_relative_scenario(s, path) for s in data.get("scenarios", [])]
            if isinstance(data.get("scenarios"), list)
            else data.get("scenarios")
        )
        exp = parse_experiment(data, str(path))
    if check_parameters:
        check_against_scenarios(exp)
    return exp


def _relative_scenario(scenario: Any, path: Path) -> Any:
    """Resolve a scenario path listed in an experiment file, relative to that file.

    Only files in the experiment file's folder (or below it) and the shipped scenarios may
    be named, so that an experiment file cannot make the loader read files elsewhere.
    """
    if not isinstance(scenario, str):
        return scenario
    if scenario.endswith(".toml") or "/" in scenario:
        from cogov.scenario import scenarios_dir

        candidate = (path.parent / scenario).expanduser()
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError):
            real = candidate
        roots = (path.resolve().parent, scenarios_dir().resolve())
        if not any(real.is_relative_to(root) for root in roots):
            shown = scenario if len(scenario) <= 80 else scenario[:77] + "..."
            raise InputError(
                f"{path}: key 'scenarios' names '{shown}', which is outside the experiment's "
                f"folder; allowed: a shipped scenario's name, or a .toml file in "
                f"{roots[0]} or {roots[1]}"
            )
        if real.is_file():
            return str(real)
    return scenario


def check_against_scenarios(exp: Experiment) -> None:
    """Check scenarios, overrides and varied parameters against the scenario schema.

    Raises:
        InputError: naming the experiment file, the key, the value and what is allowed.
    """
    from cogov.scenario import load_scenario

    source = exp.source or exp.name
    problems: list[str] = []
    for scenario in exp.scenarios:
        try:
            base = load_scenario(scenario, exp.overrides, override_source=f"{source} [overrides]")
        except InputError as err:
            problems.extend(
                f"{source}: scenarios: {p}" if not p.startswith(source) else p for p in err.problems
            )
            continue
        for key, param in exp.design.parameters.items():
            kind = parameter_type(key)
            if kind is not None and param.bounds is not None and kind not in (int, float):
                problems.append(
                    f"{source}: key 'design.parameters.\"{key}\"' has bounds, but the "
                    f"parameter is a {kind.__name__}; allowed: bounds for a numeric parameter, "
                    "or a grid of 'values'"
                )
                continue
            values = param.values if param.values is not None else list(param.bounds or ())
            if kind is int and param.values is None:
                values = [int(round(v)) for v in values]  # the design rounds them too
            for value in values:
                try:
                    load_scenario(
                        base, {key: value}, override_source=f"{source} [design.parameters]"
                    )
                except InputError as err:
                    problems.extend(err.problems)
        if problems:
            break  # the same problems would repeat for every scenario
    problems.extend(_check_outputs(exp, source))
    if problems:
        raise InputError(list(dict.fromkeys(problems)))


def parameter_type(key: str) -> type | None:
    """Return the type of a dotted scenario parameter (bool, int, float, str), or None.

    Taken from the scenario schema, not from a value, so that an optional number whose
    default is unset (None) is still known to be a number. None if the key is unknown.
    """
    from cogov.params import Scenario

    model: Any = Scenario
    *sections, name = key.split(".")
    for part in sections:
        fields = getattr(model, "model_fields", None) or {}
        if part not in fields:
            return None
        model = _unwrap(fields[part].annotation)
    info = (getattr(model, "model_fields", None) or {}).get(name)
    if info is None:
        return None
    args = typing.get_args(info.annotation) or (info.annotation,)
    for kind in (bool, int, float, str):  # bool first: it is also an int
        if kind in args:
            return kind
    return None


def known_outcomes() -> list[str] | None:
    """Return every timeseries column the engine can report, or None if it cannot say."""
    try:
        from cogov.mechanisms import REGISTRY
        from cogov.metrics import OUTCOMES
    except ImportError:  # pragma: no cover - an engine without these tables
        return None
    extra = sorted({c for cls in REGISTRY.values() for c in getattr(cls, "columns", ())})
    return [c for c in OUTCOMES if c != "step"] + [c for c in extra if c not in OUTCOMES]


def _check_outputs(exp: Experiment, source: str) -> list[str]:
    known = known_outcomes()
    if known is None:
        return []
    problems = []
    for key, names in (
        ("outputs", exp.outputs or []),
        ("report.outcomes", exp.report.outcomes or []),
        ("precision.outcome", [exp.precision.outcome] if exp.precision else []),
    ):
        for name in names:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    f"{source}: key '{key}' names '{name}', which is not an outcome{hint}; "
                    f"allowed: {', '.join(known)}"
                )
    return problems


def identity_hash(identity: Mapping[str, Any]) -> str:
    """Return the SHA-256 of an identity mapping in canonical JSON."""
    text = json.dumps(identity, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


__all__ = [
    "METHODS",
    "SAMPLE_METHODS",
    "Design",
    "Experiment",
    "Parameter",
    "Precision",
    "Report",
    "check_against_scenarios",
    "experiments_dir",
    "identity_hash",
    "list_experiments",
    "load_experiment",
    "parse_experiment",
    "resolve_experiment",
    "scenario_label",
]
