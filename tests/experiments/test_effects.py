"""Mechanism effects with their uncertainty: parameters, grouped designs, effect analysis."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.experiments import effects
from cogov.experiments.design import factor_names, make_design, salib_problem
from cogov.experiments.report import robustness_table, write_report
from cogov.experiments.spec import load_experiment, parameter_type, parse_experiment
from cogov.experiments.sweep import run_sweep
from cogov.params import parameter_table


def _uncertain_numeric_keys() -> set[str]:
    return {
        r["key"]
        for r in parameter_table()
        if r["source_class"] in ("assumption", "fitted")
        and "." in r["key"]
        and parameter_type(r["key"]) in (int, float)
        and r["default"] is not None
    }


def test_uncertain_parameters_are_every_numeric_assumption_once():
    params = effects.uncertain_parameters()
    keys = [p.key for p in params]
    assert len(keys) == len(set(keys))
    assert set(keys) == _uncertain_numeric_keys()
    classes = {r["key"]: r["source_class"] for r in parameter_table()}
    assert all(classes[k] in ("assumption", "fitted") for k in keys)
    assert not [k for k in keys if parameter_type(k) is bool]
    for p in params:
        assert p.low < p.high
        assert p.low <= p.default <= p.high or p.default == 0
        if p.integer:
            assert float(p.low).is_integer() and float(p.high).is_integer()


def test_grouped_morris_problem_covers_every_assumption_exactly_once():
    """The full-reform Morris file (the five urban mechanisms on) lists every uncertain
    numeric parameter once, in the group of its schema section, except the shocks and the
    village's and street's mechanisms and section (off in both arms) and the compound-mix
    shares (which must sum to 1) - and no structural one."""
    exp = load_experiment("effects_morris_full_reform")
    keys = list(exp.design.parameters)
    assert len(keys) == len(set(keys))
    off = effects.inactive_groups(["baseline", "full_reform"])
    assert "village" in off and "mechanisms.four_deliberations" in off
    expected = {
        k
        for k in _uncertain_numeric_keys()
        if not k.startswith("shocks.")
        and not k.startswith("structure.compound_mix.")
        and effects.parameter_group(k) not in off
    }
    assert set(keys) == expected
    classes = {r["key"]: r["source_class"] for r in parameter_table()}
    assert not [k for k in keys if classes[k] in ("structural", "seed")]
    problem = salib_problem(exp.design)
    assert problem["groups"] == [effects.parameter_group(k) for k in keys]
    assert "mechanisms.point_incentives" in factor_names(problem)
    # a single-mechanism file leaves out the other (switched-off) mechanisms' groups
    dual = load_experiment("effects_morris_dual_reporting")
    groups = set(dual.design.groups or [])
    assert "mechanisms.dual_reporting" in groups
    assert "mechanisms.point_incentives" not in groups
    assert dual.report.analyse == "effect" and dual.design.defaults_point


def test_plausible_range_rule():
    assert effects.plausible_range(0.4, 0.0, 1.0, False) == pytest.approx((0.2, 0.6))
    assert effects.plausible_range(0.8, 0.0, 1.0, False) == pytest.approx((0.4, 1.0))
    assert effects.plausible_range(0.0, 0.0, 1.0, False) == pytest.approx((0.0, 0.1))
    assert effects.plausible_range(1, 0, 10, True) == (0.0, 2.0)
    assert effects.plausible_range(5, 0, 10, True) == (2.0, 8.0)
    low, high = effects.plausible_range(-2.0, None, None, False)
    assert (low, high) == (-3.0, -1.0)
    assert math.isclose(effects.plausible_range(300, 1, None, True)[1], 450)


def test_grouped_design_moves_groups_together_and_adds_a_defaults_point():
    exp = parse_experiment(
        {
            "scenarios": ["baseline"],
            "replications": 1,
            "master_seed": 1,
            "design": {
                "method": "morris",
                "samples": 3,
                "defaults_point": True,
                "parameters": {
                    "a.x": {"bounds": [0, 1], "group": "g1"},
                    "a.y": {"bounds": [0, 1], "group": "g1"},
                    "b.z": {"bounds": [0, 1], "group": "g2"},
                },
            },
        }
    )
    points = make_design(exp.design, 1)
    assert len(points) == 3 * (2 + 1) + 1  # groups, not parameters, set the trajectory length
    assert points.points[-1] == {}
    assert np.isnan(points.matrix[-1]).all()


@pytest.mark.parametrize(
    ("design", "report", "message"),
    [
        (
            {"method": "grid", "parameters": {"a": {"values": [1, 2], "group": "g"}}},
            {},
            "only used by morris and sobol",
        ),
        (
            {
                "method": "morris",
                "samples": 2,
                "parameters": {"a": {"bounds": [0, 1], "group": "g"}, "b": {"bounds": [0, 1]}},
            },
            {},
            "every parameter has a 'group' or none",
        ),
        (
            {"method": "none"},
            {"analyse": "effect"},
            "needs a morris or sobol design",
        ),
        (
            {"method": "latin", "samples": 2, "parameters": {"a": {"bounds": [0, 1]}}},
            {"analyse": "effects"},
            "'outcomes' or 'effect'",
        ),
    ],
)
def test_bad_effect_options_are_refused_with_a_clear_message(design, report, message):
    with pytest.raises(InputError) as err:
        parse_experiment(
            {
                "scenarios": ["baseline", "dual_reporting"],
                "replications": 1,
                "master_seed": 1,
                "design": design,
                "report": report,
            },
            "my.toml",
        )
    assert message in str(err.value)


def test_effect_analysis_needs_a_baseline_to_compare_with():
    with pytest.raises(InputError, match="at least two scenarios"):
        parse_experiment(
            {
                "scenarios": ["dual_reporting"],
                "replications": 1,
                "master_seed": 1,
                "design": {
                    "method": "morris",
                    "samples": 2,
                    "parameters": {"a": {"bounds": [0, 1]}, "b": {"bounds": [0, 1]}},
                },
                "report": {"analyse": "effect"},
            }
        )


def test_old_identities_are_unchanged_by_the_new_options():
    exp = load_experiment("sensitivity_morris")
    design = exp.identity()["design"]
    assert "defaults_point" not in design
    assert all("group" not in p for p in design["parameters"].values())


TINY_EFFECT_MORRIS = {
    "scenarios": ["baseline", "dual_reporting"],
    "baseline": "baseline",
    "replications": 1,
    "master_seed": 11,
    "steps": 12,
    "summary_weeks": 6,
    "outputs": ["participation_any", "volunteer_hours", "spending_total_yuan"],
    "overrides": {"structure.households_per_community": 400},
    "design": {
        "method": "morris",
        "samples": 2,
        "levels": 4,
        "defaults_point": True,
        "parameters": {
            "mechanisms.dual_reporting.committed_hours": {"bounds": [0.5, 3.0]},
            "mechanisms.point_incentives.yuan_per_point": {"bounds": [0.05, 0.5]},
        },
    },
    "report": {"outcomes": ["volunteer_hours", "spending_total_yuan"], "analyse": "effect"},
}


def test_effect_morris_finds_what_binds_and_what_cannot(tmp_path):
    """Sensitivity of the effect: a points parameter cannot change a dual-reporting effect
    (points are off in both arms): mu* = 0; the hours members commit do: mu* > 0."""
    out = tmp_path / "effect_morris"
    exp = parse_experiment(TINY_EFFECT_MORRIS, str(tmp_path / "tiny.toml"))
    summary = run_sweep(exp, out, workers=0, progress=False)
    assert not summary.failed
    ranking = effects.morris_ranking(out)
    mu = ranking.set_index("factor")["mu_star:volunteer_hours"]
    assert mu["mechanisms.point_incentives.yuan_per_point"] == 0.0
    assert mu["mechanisms.dual_reporting.committed_hours"] > 0.0
    assert ranking["factor"].iloc[0] == "mechanisms.dual_reporting.committed_hours"

    design = pd.read_parquet(out / "design.parquet")
    from cogov.experiments.stats import run_summaries
    from cogov.experiments.store import load_results

    summaries = run_summaries(
        load_results(out), ["volunteer_hours"], exp.summary_weeks, keys=exp.varied
    )
    table = robustness_table(exp, design, summaries, ["volunteer_hours"], seed=11)
    row = table.iloc[0]
    assert row["scenario"] == "dual_reporting"
    # the row is the paired effects of the runs: at the defaults point (which ran), and the
    # share of sampled points whose effect has the defaults' sign (one replication each)
    arms = summaries.pivot_table(index="point", columns="scenario", values="volunteer_hours")
    effect = arms["dual_reporting"] - arms["baseline"]
    at_defaults = effect.loc[design["point"].max()]
    sampled = effect.drop(index=design["point"].max()).to_numpy()
    assert row["default_effect"] == pytest.approx(at_defaults)
    assert row["reference_sign"] == np.sign(at_defaults) != 0
    assert row["same_sign_share"] == pytest.approx(
        np.mean(np.sign(sampled) == np.sign(at_defaults))
    )
    assert (row["effect_min"], row["effect_max"]) == pytest.approx((sampled.min(), sampled.max()))
    assert row["driver"] == "mechanisms.dual_reporting.committed_hours"

    paths = write_report(out)
    text = paths.markdown.read_text(encoding="utf-8")
    assert "## Sensitivity of the paired effects: Morris screening" in text
    assert "### dual_reporting" in text
    assert "### baseline" not in text  # the baseline's outcomes are not what is analysed
    assert "## Which conclusions hold across the plausible ranges" in text

    # stage 2: a Sobol file over the parameters that matter, loadable as it is
    path = effects.write_sobol_file(out, tmp_path / "sobol.toml", samples=4)
    sobol = load_experiment(path)
    assert sobol.design.method == "sobol" and sobol.report.analyse == "effect"
    assert set(sobol.design.parameters) == set(exp.design.parameters)
    assert sobol.overrides == exp.overrides


@pytest.mark.slow
def test_shipped_effects_experiment_reports_effects_and_per_10k_yuan(tmp_path):
    """effects.toml, shrunk (small community, a few weeks, 2 replications): the report has
    every mechanism's effect with its CI and per 10,000 yuan."""
    import tomllib

    from cogov.experiments.spec import experiments_dir

    path = experiments_dir() / "effects.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    data["scenarios"] = [
        str((path.parent / s).resolve()) if s.endswith(".toml") else s for s in data["scenarios"]
    ]
    data.update(replications=2, steps=8, summary_weeks=4)
    data["overrides"] = {"structure.households_per_community": 400}
    exp = parse_experiment(data, str(path))
    assert exp.labels == ["baseline", *effects.MECHANISMS]
    out = tmp_path / "effects"
    assert not run_sweep(exp, out, workers=0, progress=False).failed
    text = write_report(out).markdown.read_text(encoding="utf-8")
    assert "## Effects against the baseline" in text
    assert "## Outcomes per 10,000 yuan" in text
    for mechanism in effects.MECHANISMS:
        assert f"| {mechanism} |" in text


def test_refine_stage_is_an_ungrouped_morris_over_the_top_groups(tmp_path):
    out = tmp_path / "grouped"
    data = {
        **TINY_EFFECT_MORRIS,
        "steps": 6,
        "summary_weeks": 3,
        "design": {
            "method": "morris",
            "samples": 2,
            "parameters": {
                "mechanisms.dual_reporting.committed_hours": {
                    "bounds": [0.5, 3.0],
                    "group": "mechanisms.dual_reporting",
                },
                "mechanisms.dual_reporting.member_report_share": {
                    "bounds": [0.4, 1.0],
                    "group": "mechanisms.dual_reporting",
                },
                "mechanisms.point_incentives.yuan_per_point": {
                    "bounds": [0.05, 0.5],
                    "group": "mechanisms.point_incentives",
                },
            },
        },
    }
    exp = parse_experiment(data, str(tmp_path / "grouped.toml"))
    assert not run_sweep(exp, out, workers=0, progress=False).failed
    ranking = effects.morris_ranking(out)
    assert list(ranking["factor"]) == ["mechanisms.dual_reporting", "mechanisms.point_incentives"]
    refined = load_experiment(effects.write_refine_file(out, tmp_path / "r.toml", top_groups=1))
    assert refined.design.method == "morris" and refined.design.groups is None
    assert set(refined.design.parameters) == {
        "mechanisms.dual_reporting.committed_hours",
        "mechanisms.dual_reporting.member_report_share",
    }


def test_shipped_effects_sensitivity_suite_screens_every_mechanism():
    from cogov.experiments.suite import load_suite

    suite = load_suite("effects_sensitivity")
    assert suite is not None
    assert suite.members == tuple(f"effects_morris_{m}" for m in effects.MECHANISMS)
    for member, mechanism in zip(suite.members, effects.MECHANISMS, strict=True):
        exp = load_experiment(member)
        assert exp.labels == ["baseline", mechanism]
        assert exp.design.method == "morris" and exp.report.analyse == "effect"
        assert f"mechanisms.{mechanism}" in (exp.design.groups or []) or mechanism == "full_reform"


def test_shipped_morris_files_are_what_the_generator_writes(tmp_path):
    """The shipped files are regenerated, not hand-edited: a schema change shows up here."""
    from cogov.experiments.spec import experiments_dir

    for path in effects.write_morris_files(tmp_path):
        shipped = experiments_dir() / path.name
        assert shipped.read_text(encoding="utf-8") == path.read_text(encoding="utf-8"), (
            f"{shipped.name} is stale: run `python -m cogov.experiments.effects morris`"
        )
