"""Mechanism effects with their uncertainty: the uncertain parameters and the experiment files.

Three steps, each an experiment file that ``cogov sweep`` runs:

1. ``experiments/effects.toml``: every mechanism scenario against the baseline at the
   defaults, paired (the same seed for both arms), 20 replications: each effect with its
   95% CI and per 10,000 yuan.
2. ``experiments/effects_morris_<mechanism>.toml`` (the suite ``effects_sensitivity``):
   grouped Morris screening of the *effect* (mechanism − baseline at the same seed and
   parameters) over every uncertain parameter, written by :func:`write_morris_files`.
3. ``experiments/effects_sobol_<mechanism>.toml``: Sobol indices of the effect over the
   parameters of the groups that matter most by Morris mu*, written from a Morris sweep's
   results by :func:`write_sobol_file`.

The uncertain parameters are taken from the scenario schema (:func:`uncertain_parameters`):
every numeric parameter whose source class is ``assumption`` or ``fitted`` (booleans,
strings, ``seed`` and ``structural`` parameters are left out), each over a plausible range
(:func:`plausible_range`): its default ±50%, clipped to the schema's bounds; integers widened
to whole numbers; a default of 0 ranges over the lowest tenth of its schema range. Parameters
are grouped by schema section (:func:`parameter_group`).

Run ``python -m cogov.experiments.effects morris`` to rewrite the Morris files and
``python -m cogov.experiments.effects sobol RESULTS_DIR`` to write a Sobol file from a
finished Morris sweep.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

#: The mechanism scenarios compared with the baseline (scenario label -> scenario reference
#: as written in an experiment file in ``experiments/``).
MECHANISMS: dict[str, str] = {
    "dual_reporting": "dual_reporting",
    "big_party_committee": "big_party_committee",
    "point_incentives": "point_incentives",
    "three_lists": "three_lists",
    "grid_management": "grid_management",
    "burden_reduction": "burden_reduction",
    "party_groups": "party_groups",
    "social_organisations": "social_organisations",
    "online_channels": "online_channels",
    "professional_workers": "professional_workers",
    "full_reform": "full_reform",
}
#: Source classes whose parameters are uncertain (varied by the sensitivity analysis).
UNCERTAIN_CLASSES = ("assumption", "fitted")
#: Half-width of a plausible range, relative to the default.
RELATIVE_RANGE = 0.5
#: A default of 0 ranges over this share of its schema range, from its lower bound.
ZERO_DEFAULT_SHARE = 0.1
#: Outcomes kept and analysed by the effects experiments.
EFFECT_OUTCOMES = [
    "participation_any",
    "participation_deep",
    "participants_vulnerable_share",
    "trust_strangers_share",
    "needs_resolved",
    "needs_expired",
    "time_to_resolution_mean",
    "satisfaction_mean",
    "trust_rc_mean",
    "volunteer_hours",
    "vulnerable_service_ratio",
    "spending_total_yuan",
]
#: Outcomes the sensitivity reports analyse (spending is kept for the per-10,000-yuan table).
REPORT_OUTCOMES = [
    "participation_any",
    "participants_vulnerable_share",
    "needs_expired",
    "time_to_resolution_mean",
    "satisfaction_mean",
    "trust_rc_mean",
]
MASTER_SEED = 20240601


@dataclass(frozen=True)
class UncertainParameter:
    """One uncertain parameter and its plausible range.

    Attributes:
        key: the dotted scenario key.
        default: the schema's default.
        low: lower end of the plausible range.
        high: upper end.
        integer: whether the parameter is a whole number.
        group: the schema section it moves with in a grouped design.
        source_class: ``assumption`` or ``fitted``.
    """

    key: str
    default: float
    low: float
    high: float
    integer: bool
    group: str
    source_class: str


def parameter_group(key: str) -> str:
    """Return the group of a parameter: its schema section.

    The top-level section (``population``, ``needs``, ``supply``, ...), except that each
    mechanism and each shock is a group of its own (``mechanisms.dual_reporting``,
    ``shocks.epidemic``): they are switched on and off separately.
    """
    parts = key.split(".")
    if parts[0] in ("mechanisms", "shocks") and len(parts) > 2:
        return ".".join(parts[:2])
    return parts[0]


def plausible_range(
    default: float, lo: float | None, hi: float | None, integer: bool
) -> tuple[float, float]:
    """Return the plausible range of a parameter around its default.

    The default ±50% (``RELATIVE_RANGE``), clipped to the schema's bounds ``lo`` and ``hi``
    (None: unbounded). A default of 0 has no relative range: it ranges over the lowest
    tenth of its schema range (``[lo, lo + 0.1 (hi − lo)]``; ``[0, 1]`` if unbounded above).
    Integers are widened to whole numbers (floor and ceiling) and, if that leaves one value,
    by one on each side within the bounds.
    """
    d = float(default)
    if d == 0.0:
        base = 0.0 if lo is None else float(lo)
        top = base + (ZERO_DEFAULT_SHARE * (float(hi) - base) if hi is not None else 1.0)
        low, high = base, top
    else:
        low, high = sorted((d * (1 - RELATIVE_RANGE), d * (1 + RELATIVE_RANGE)))
    if lo is not None:
        low = max(low, float(lo))
    if hi is not None:
        high = min(high, float(hi))
    if integer:
        low, high = float(math.floor(low)), float(math.ceil(high))
        if low == high:
            low, high = low - 1, high + 1
        if lo is not None:
            low = max(low, float(math.ceil(lo)))
        if hi is not None:
            high = min(high, float(math.floor(hi)))
    return low, high


def uncertain_parameters(classes: Sequence[str] = UNCERTAIN_CLASSES) -> list[UncertainParameter]:
    """Return every uncertain numeric parameter of the schema with its plausible range.

    Every parameter of :func:`cogov.params.parameter_table` whose source class is in
    ``classes`` and whose schema type is an integer or a float (not a boolean), and whose
    default is set. A range that would be empty (a parameter pinned by its bounds) is left
    out. Ordered as in the schema.
    """
    from cogov.experiments.spec import parameter_type
    from cogov.params import parameter_table

    out = []
    for row in parameter_table():
        if row["source_class"] not in classes or "." not in row["key"]:
            continue
        kind = parameter_type(row["key"])
        default = row["default"]
        if kind not in (int, float) or isinstance(default, bool) or default is None:
            continue
        low, high = plausible_range(default, row["min"], row["max"], kind is int)
        if not low < high:
            continue
        out.append(
            UncertainParameter(
                key=row["key"],
                default=float(default),
                low=low,
                high=high,
                integer=kind is int,
                group=parameter_group(row["key"]),
                source_class=row["source_class"],
            )
        )
    return out


def checked_parameters(
    params: Iterable[UncertainParameter],
) -> tuple[list[UncertainParameter], dict[str, str]]:
    """Check both ends of every range by loading the baseline with it; return what varies.

    An end the schema excludes (a ``gt`` bound) is nudged inward by 1% of the range (one
    for integers). A parameter that cannot move on its own even so (the three
    ``structure.compound_mix`` shares must sum to 1) is left out.

    Returns:
        The parameters kept (ranges adjusted), and the ones left out with the reason.
    """
    from cogov.errors import InputError
    from cogov.scenario import load_scenario

    def loads(p: UncertainParameter, value: float) -> str:
        try:
            load_scenario("baseline", {p.key: int(value) if p.integer else value})
        except InputError as err:
            return "; ".join(err.problems)[:200]
        return ""

    kept, left_out = [], {}
    for p in params:
        low, high = p.low, p.high
        step = 1.0 if p.integer else (high - low) * 0.01
        problem = loads(p, low)
        if problem and not loads(p, low + step):
            low, problem = low + step, ""
        if not problem:
            problem = loads(p, high)
            if problem and not loads(p, high - step):
                high, problem = high - step, ""
        if problem:
            left_out[p.key] = problem
            continue
        kept.append(
            UncertainParameter(p.key, p.default, low, high, p.integer, p.group, p.source_class)
        )
    return kept, left_out


def inactive_groups(labels: Sequence[str]) -> set[str]:
    """Return the mechanism and shock groups switched off in every one of these scenarios.

    Their parameters cannot change any of these scenarios' runs, hence not their effect.
    The rural village's section (``village``) is off too when none of them has a village.
    """
    from cogov.experiments.spec import experiments_dir
    from cogov.scenario import load_scenario

    loaded = []
    for ref in labels:
        path = experiments_dir() / ref
        loaded.append(load_scenario(str(path) if path.is_file() else ref))
    off = set()
    for section in ("mechanisms", "shocks"):
        for name in type(getattr(loaded[0], section)).model_fields:
            if not any(getattr(getattr(s, section), name).enabled for s in loaded):
                off.add(f"{section}.{name}")
    if not any(s.structure.villages for s in loaded):
        off.add("village")
    return off


def morris_experiment(
    mechanism: str,
    *,
    trajectories: int = 10,
    replications: int = 2,
    steps: int = 156,
    households: int | None = None,
    exclude_inactive: bool = True,
) -> dict[str, Any]:
    """Return the experiment (as a TOML-ready mapping) screening a mechanism's effect.

    ``scenarios = ["baseline", mechanism]``: every design point runs both arms with the same
    parameters and seeds; the report analyses the paired effect (``analyse = "effect"``).
    The design is a grouped Morris over every uncertain parameter (groups: schema sections),
    with a defaults point for the sign check. With ``exclude_inactive`` the groups of the
    mechanisms and shocks switched off in both arms are left out: their parameters cannot
    change either run (``tests/experiments/test_effects.py`` checks one such case).

    Args:
        mechanism: a key of :data:`MECHANISMS`.
        trajectories: Morris trajectories (points: trajectories × (groups + 1) + 1).
        replications: replications of both arms per point.
        steps: weeks per run.
        households: if set, households per community (a smaller, faster community).
        exclude_inactive: leave out the groups switched off in both arms.
    """
    if mechanism not in MECHANISMS:
        raise ValueError(f"unknown mechanism {mechanism!r}; known: {', '.join(MECHANISMS)}")
    ref = MECHANISMS[mechanism]
    params = uncertain_parameters()
    if exclude_inactive:
        off = inactive_groups(["baseline", ref])
        params = [p for p in params if p.group not in off]
    overrides: dict[str, Any] = {}
    if households is not None:
        overrides["structure.households_per_community"] = households
        params = [p for p in params if p.key not in overrides]
    params, left_out = checked_parameters(params)
    groups = list(dict.fromkeys(p.group for p in params))
    points = trajectories * (len(groups) + 1) + 1
    description = (
        f"Grouped Morris screening of the effect of {mechanism} against the baseline (paired: "
        f"both arms at every point, same parameters and seeds) over {len(params)} uncertain "
        f"parameters (assumption and fitted, default ±50% within the schema's bounds) in "
        f"{len(groups)} groups (schema sections): {trajectories} trajectories, {points} "
        f"points with the defaults point, {replications} replications, {steps} weeks: "
        f"{2 * points * replications} runs. Written by cogov.experiments.effects."
    )
    if left_out:
        description += f" Left out (cannot move on their own): {', '.join(sorted(left_out))}."
    exp: dict[str, Any] = {
        "description": description,
        "scenarios": ["baseline", ref],
        "baseline": "baseline",
        "replications": replications,
        "master_seed": MASTER_SEED,
        "steps": steps,
        "summary_weeks": 52,
        "outputs": EFFECT_OUTCOMES,
    }
    if overrides:
        exp["overrides"] = overrides
    exp["design"] = {
        "method": "morris",
        "samples": trajectories,
        "levels": 4,
        "defaults_point": True,
        "parameters": {
            p.key: {"bounds": [_num(p.low, p.integer), _num(p.high, p.integer)], "group": p.group}
            for p in params
        },
    }
    exp["report"] = {"outcomes": REPORT_OUTCOMES, "analyse": "effect"}
    return exp


def _num(value: float, integer: bool) -> float | int:
    return int(value) if integer else float(f"{value:.4g}")


def to_toml(data: dict[str, Any], header: str = "") -> str:
    """Return an experiment mapping as TOML (the subset experiment files use)."""

    def value(v: Any) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int | float):
            return repr(v)
        if isinstance(v, str):
            return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
        if isinstance(v, list | tuple):
            return "[" + ", ".join(value(x) for x in v) + "]"
        if isinstance(v, dict):
            return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
        raise TypeError(f"cannot write {type(v).__name__} to TOML")

    def key(k: str) -> str:
        return k if k.replace("_", "").isalnum() else f'"{k}"'

    lines = [f"# {line}" if line else "#" for line in header.splitlines()]
    tables = []
    for k, v in data.items():
        if isinstance(v, dict):
            tables.append((k, v))
        elif isinstance(v, list) and len(value(v)) > 90:
            lines.append(f"{key(k)} = [")
            lines += [f"    {value(x)}," for x in v]
            lines.append("]")
        else:
            lines.append(f"{key(k)} = {value(v)}")
    for name, table in tables:
        sub = [(k, v) for k, v in table.items() if isinstance(v, dict) and k == "parameters"]
        lines += ["", f"[{name}]"]
        for k, v in table.items():
            if (k, v) in sub:
                continue
            if isinstance(v, list) and len(value(v)) > 90:
                lines.append(f"{key(k)} = [")
                lines += [f"    {value(x)}," for x in v]
                lines.append("]")
            else:
                lines.append(f"{key(k)} = {value(v)}")
        for k, v in sub:
            lines += ["", f"[{name}.{k}]"]
            lines += [f"{key(pk)} = {value(pv)}" for pk, pv in v.items()]
    return "\n".join(lines) + "\n"


_MORRIS_HEADER = (
    "Stage 1 of the sensitivity analysis of mechanism effects: grouped Morris screening of\n"
    "the paired effect. Generated by `python -m cogov.experiments.effects morris`; edit the\n"
    "generator (cogov/experiments/effects.py), not this file."
)


def write_morris_files(
    folder: Path | str | None = None, mechanisms: Sequence[str] | None = None, **kwargs: Any
) -> list[Path]:
    """Write ``effects_morris_<mechanism>.toml`` for each mechanism; return the paths.

    Args:
        folder: where to write (default: the shipped ``experiments/`` folder).
        mechanisms: which (default: all of :data:`MECHANISMS`).
        kwargs: passed to :func:`morris_experiment`.
    """
    from cogov.experiments.spec import experiments_dir

    folder = Path(folder) if folder is not None else experiments_dir()
    paths = []
    for mechanism in mechanisms or list(MECHANISMS):
        path = folder / f"effects_morris_{mechanism}.toml"
        path.write_text(
            to_toml(morris_experiment(mechanism, **kwargs), _MORRIS_HEADER), encoding="utf-8"
        )
        paths.append(path)
    return paths


def morris_ranking(directory: Path | str) -> pd.DataFrame:
    """Return the factors of a finished effect-Morris sweep ranked by importance.

    Importance of a factor: its mu* on each analysed outcome's effect divided by the
    largest mu* on that outcome (so outcomes in different units count alike), averaged
    over outcomes.

    Returns:
        Columns ``factor``, ``importance`` and one ``mu_star:<outcome>`` per outcome, most
        important first.
    """
    from cogov.experiments.design import factor_names, salib_problem
    from cogov.experiments.report import analyse_indices, point_effects
    from cogov.experiments.spec import Experiment
    from cogov.experiments.stats import run_summaries
    from cogov.experiments.store import ResultStore, load_results

    directory = Path(directory)
    exp = Experiment.model_validate(ResultStore(directory).manifest()["spec"])
    if exp.design.method != "morris" or exp.report.analyse != "effect":
        from cogov.errors import InputError

        raise InputError(
            f"{directory}: not an effect Morris sweep (design '{exp.design.method}', "
            f"report.analyse '{exp.report.analyse}')"
        )
    outcomes = exp.report.outcomes or REPORT_OUTCOMES
    results = load_results(directory)
    summaries = run_summaries(results, outcomes, exp.summary_weeks, keys=exp.varied)
    design = pd.read_parquet(directory / "design.parquet").sort_values("point")
    problem = salib_problem(exp.design)
    names = problem["names"]
    sampled = design[design[names].notna().all(axis=1)]
    seed = exp.design.seed if exp.design.seed is not None else exp.master_seed % 2**32
    factors = factor_names(problem)
    table = pd.DataFrame({"factor": factors})
    scores = []
    for _scenario, y_all in point_effects(summaries, str(exp.baseline_label), outcomes).items():
        y_all = y_all.reindex(sampled["point"])
        for outcome in outcomes:
            y = y_all[outcome].to_numpy(dtype=float)
            if not np.isfinite(y).all():
                from cogov.errors import InputError

                raise InputError(f"{directory}: some design points have no finished run")
            res = analyse_indices(
                "morris", problem, sampled[names].to_numpy(dtype=float), y, exp, seed
            )
            mu = np.nan_to_num(np.asarray(res["mu_star"], dtype=float))
            table[f"mu_star:{outcome}"] = mu
            scores.append(mu / mu.max() if mu.max() > 0 else mu)
    table["importance"] = np.mean(scores, axis=0) if scores else 0.0
    return table.sort_values("importance", ascending=False, ignore_index=True)


def sobol_experiment(
    morris_dir: Path | str, *, max_parameters: int = 15, samples: int = 64, replications: int = 2
) -> dict[str, Any]:
    """Return the Sobol experiment following a finished effect-Morris sweep.

    Takes the Morris experiment's factors (parameters, or groups of a grouped design) in
    order of importance (:func:`morris_ranking`) and keeps their parameters while the total
    stays within ``max_parameters`` (at least the most important factor's); the Sobol design
    is over those parameters, each on its own. After an ungrouped Morris
    (:func:`refine_experiment`) these are the top ``max_parameters`` parameters by mu*; after
    a grouped one, whole groups, and if the top group alone has more than ``max_parameters``
    parameters the design is over all of them (run the refine stage first to avoid that).
    Everything else (scenarios, seeds, steps, overrides, outputs) is the Morris
    experiment's.
    """
    morris_dir = Path(morris_dir)
    exp, ranking, by_group = _screening(morris_dir)
    chosen: list[str] = []
    kept_groups: list[str] = []
    for factor in ranking["factor"]:
        keys = by_group.get(str(factor), [str(factor)])
        if chosen and len(chosen) + len(keys) > max_parameters:
            continue
        chosen += keys
        kept_groups.append(str(factor))
        if len(chosen) >= max_parameters:
            break
    params = {k: {"bounds": list(exp.design.parameters[k].bounds or ())} for k in chosen}
    points = samples * (len(params) + 2) + 1
    labels = [Path(s).stem if s.endswith(".toml") else s for s in exp.scenarios]
    out: dict[str, Any] = {
        "description": (
            f"Sobol indices (S1, ST) of the effect of {labels[-1]} against the baseline over "
            f"the {len(params)} parameters of the {len(kept_groups)} most important factors "
            f"by Morris mu* ({', '.join(kept_groups)}): Saltelli N = {samples}, {points} "
            f"points with the defaults point, {replications} replications, {exp.steps} weeks: "
            f"{2 * points * replications} runs. Written by cogov.experiments.effects from "
            f"{morris_dir.name}."
        ),
        **_carried(exp, labels, replications),
    }
    out["design"] = {
        "method": "sobol",
        "samples": samples,
        "second_order": False,
        "defaults_point": True,
        "parameters": params,
    }
    out["report"] = {"outcomes": exp.report.outcomes, "analyse": "effect"}
    return {k: v for k, v in out.items() if v is not None}


def _screening(morris_dir: Path | str) -> tuple[Any, pd.DataFrame, dict[str, list[str]]]:
    """A finished Morris sweep's experiment, its factor ranking, and each group's parameters."""
    from cogov.experiments.spec import Experiment
    from cogov.experiments.store import ResultStore

    morris_dir = Path(morris_dir)
    exp = Experiment.model_validate(ResultStore(morris_dir).manifest()["spec"])
    by_group: dict[str, list[str]] = {}
    for key, p in exp.design.parameters.items():
        by_group.setdefault(str(p.group or key), []).append(key)
    return exp, morris_ranking(morris_dir), by_group


def refine_experiment(
    morris_dir: Path | str,
    *,
    top_groups: int = 3,
    max_parameters: int = 60,
    trajectories: int = 10,
    replications: int = 2,
) -> dict[str, Any]:
    """Return an ungrouped Morris over the parameters of a grouped Morris's top groups.

    Grouped Morris ranks groups, not parameters; this stage ranks the parameters inside the
    ``top_groups`` most important groups (as many whole groups as fit in
    ``max_parameters``, at least the first), so that the Sobol stage
    (:func:`sobol_experiment` on its results) can pick the top parameters by their own mu*.
    Scenarios, seeds, weeks, overrides and outputs are the grouped Morris's.
    """
    morris_dir = Path(morris_dir)
    exp, ranking, by_group = _screening(morris_dir)
    chosen: list[str] = []
    kept: list[str] = []
    for factor in ranking["factor"][:top_groups]:
        keys = by_group.get(str(factor), [str(factor)])
        if chosen and len(chosen) + len(keys) > max_parameters:
            break
        chosen += keys
        kept.append(str(factor))
    if len(chosen) < 2:  # Morris needs two parameters: add the next group's
        for factor in ranking["factor"][len(kept) :]:
            chosen += by_group.get(str(factor), [str(factor)])
            kept.append(str(factor))
            if len(chosen) >= 2:
                break
    labels = [Path(s).stem if s.endswith(".toml") else s for s in exp.scenarios]
    points = trajectories * (len(chosen) + 1) + 1
    out: dict[str, Any] = {
        "description": (
            f"Ungrouped Morris screening of the effect of {labels[-1]} against the baseline "
            f"over the {len(chosen)} parameters of the {len(kept)} most important groups of "
            f"the grouped screening ({', '.join(kept)}): {trajectories} trajectories, {points} "
            f"points with the defaults point, {replications} replications, {exp.steps} weeks: "
            f"{2 * points * replications} runs. Written by cogov.experiments.effects from "
            f"{morris_dir.name}."
        ),
        **_carried(exp, labels, replications),
    }
    out["design"] = {
        "method": "morris",
        "samples": trajectories,
        "levels": exp.design.levels,
        "defaults_point": True,
        "parameters": {k: {"bounds": list(exp.design.parameters[k].bounds or ())} for k in chosen},
    }
    out["report"] = {"outcomes": exp.report.outcomes, "analyse": "effect"}
    return {k: v for k, v in out.items() if v is not None}


def _carried(exp: Any, labels: list[str], replications: int) -> dict[str, Any]:
    """The keys a later stage takes from an earlier one (scenarios as written in a file)."""
    scenarios = [
        MECHANISMS.get(label, s) if s.endswith(".toml") else s
        for label, s in zip(labels, exp.scenarios, strict=True)
    ]
    out: dict[str, Any] = {
        "scenarios": scenarios,
        "baseline": exp.baseline_label,
        "replications": replications,
        "master_seed": exp.master_seed,
        "steps": exp.steps,
        "summary_weeks": exp.summary_weeks,
        "outputs": exp.outputs,
    }
    if exp.overrides:
        out["overrides"] = dict(exp.overrides)
    return out


def _write_stage(exp: dict[str, Any], stage: str, header: str, path: Path | str | None) -> Path:
    """Write a stage's experiment (default ``experiments/effects_<stage>_<mechanism>.toml``)."""
    from cogov.experiments.spec import experiments_dir

    label = Path(exp["scenarios"][-1]).stem
    target = Path(path) if path is not None else experiments_dir() / f"effects_{stage}_{label}.toml"
    target.write_text(to_toml(exp, header), encoding="utf-8")
    return target


def write_refine_file(
    morris_dir: Path | str, path: Path | str | None = None, **kwargs: Any
) -> Path:
    """Write :func:`refine_experiment` (default ``experiments/effects_refine_<mechanism>.toml``)."""
    header = (
        "Stage 1b of the sensitivity analysis of mechanism effects: Morris over the parameters\n"
        "of the groups the grouped screening found most important. Generated by\n"
        f"`python -m cogov.experiments.effects refine {Path(morris_dir)}`."
    )
    return _write_stage(refine_experiment(morris_dir, **kwargs), "refine", header, path)


def write_sobol_file(morris_dir: Path | str, path: Path | str | None = None, **kwargs: Any) -> Path:
    """Write the Sobol experiment following a Morris sweep; return its path.

    The default path is ``experiments/effects_sobol_<mechanism>.toml``.
    """
    header = (
        "Stage 2 of the sensitivity analysis of mechanism effects: Sobol indices of the paired\n"
        "effect over the groups Morris found most important. Generated by\n"
        f"`python -m cogov.experiments.effects sobol {Path(morris_dir)}`."
    )
    return _write_stage(sobol_experiment(morris_dir, **kwargs), "sobol", header, path)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m cogov.experiments.effects {morris,refine,sobol,parameters}``."""
    parser = argparse.ArgumentParser(prog="python -m cogov.experiments.effects")
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("morris", help="write experiments/effects_morris_<mechanism>.toml")
    m.add_argument("--out", type=Path, default=None, help="folder (default: experiments/)")
    m.add_argument("--trajectories", type=int, default=10)
    m.add_argument("--replications", type=int, default=2)
    m.add_argument("--steps", type=int, default=156)
    m.add_argument("mechanisms", nargs="*", help=f"default: {' '.join(MECHANISMS)}")
    s = sub.add_parser("sobol", help="write the Sobol file following a Morris sweep")
    s.add_argument("morris_dir", type=Path, help="output folder of an effects_morris_* sweep")
    s.add_argument("--out", type=Path, default=None, help="file (default: experiments/...)")
    s.add_argument("--max-parameters", type=int, default=15)
    s.add_argument("--samples", type=int, default=64)
    s.add_argument("--replications", type=int, default=2)
    r = sub.add_parser("refine", help="write an ungrouped Morris over the top groups' parameters")
    r.add_argument("morris_dir", type=Path, help="output folder of an effects_morris_* sweep")
    r.add_argument("--out", type=Path, default=None, help="file (default: experiments/...)")
    r.add_argument("--top-groups", type=int, default=3)
    r.add_argument("--trajectories", type=int, default=10)
    r.add_argument("--replications", type=int, default=2)
    sub.add_parser("parameters", help="list the uncertain parameters and their ranges")
    args = parser.parse_args(argv)
    if args.command == "morris":
        for path in write_morris_files(
            args.out,
            args.mechanisms or None,
            trajectories=args.trajectories,
            replications=args.replications,
            steps=args.steps,
        ):
            print(path)
    elif args.command == "refine":
        print(
            write_refine_file(
                args.morris_dir,
                args.out,
                top_groups=args.top_groups,
                trajectories=args.trajectories,
                replications=args.replications,
            )
        )
    elif args.command == "sobol":
        print(
            write_sobol_file(
                args.morris_dir,
                args.out,
                max_parameters=args.max_parameters,
                samples=args.samples,
                replications=args.replications,
            )
        )
    else:
        for p in uncertain_parameters():
            kind = "int" if p.integer else "float"
            print(
                f"{p.key}\t{p.group}\t{p.source_class}\t{kind}\t{p.default:g}"
                f"\t[{p.low:g}, {p.high:g}]"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
