from __future__ import annotations

import pytest

from cogov.errors import InputError
from cogov.experiments.spec import (
    experiments_dir,
    list_experiments,
    load_experiment,
    parse_experiment,
    resolve_experiment,
)

from .conftest import FAKE_EXPERIMENT

MINIMAL = {"scenarios": ["baseline"], "replications": 2, "master_seed": 1}


def problems(data: dict, source: str = "exp.toml") -> list[str]:
    with pytest.raises(InputError) as info:
        parse_experiment({**MINIMAL, **data}, source)
    return info.value.problems


def test_minimal_experiment_has_documented_defaults():
    exp = parse_experiment(MINIMAL, "dir/minimal.toml")
    assert exp.name == "minimal"
    assert exp.design.method == "none"
    assert exp.steps is None and exp.outputs is None and exp.summary_weeks == 52
    assert exp.baseline_label == "baseline"
    assert exp.labels == ["baseline"]


def test_unknown_key_names_file_key_and_allowed_keys():
    (line,) = problems({"replicatoins": 3})
    assert line.startswith("exp.toml: unknown key 'replicatoins'")
    assert "did you mean 'replications'" in line
    assert "master_seed" in line  # lists what is allowed


def test_unknown_key_in_nested_table():
    (line,) = problems({"design": {"method": "grid", "parameters": {"a.b": {"valus": [1]}}}})
    assert "unknown key 'design.parameters.\"a.b\".valus'" in line
    assert "did you mean 'values'" in line


def test_wrong_type_and_out_of_range_values_are_named():
    lines = problems({"replications": "many", "summary_weeks": 0})
    assert any("key 'replications' has value 'many'" in ln and "integer" in ln for ln in lines)
    assert any("key 'summary_weeks' has value 0" in ln and ">= 1" in ln for ln in lines)


@pytest.mark.parametrize(
    ("design", "expected"),
    [
        (
            {
                "method": "sobol",
                "samples": 12,
                "parameters": {"a": {"bounds": [0, 1]}, "b": {"bounds": [0, 1]}},
            },
            "power of 2",
        ),
        ({"method": "latin", "parameters": {"a": {"bounds": [0, 1]}}}, "needs 'samples'"),
        ({"method": "grid", "parameters": {"a": {"bounds": [0, 1]}}}, "needs 'values'"),
        ({"method": "latin", "samples": 4, "parameters": {"a": {"bounds": [1, 0]}}}, "low < high"),
        ({"method": "grid", "parameters": {"a": {"values": [1, 1]}}}, "twice"),
        ({"method": "none", "parameters": {"a": {"values": [1]}}}, "varies no parameter"),
        (
            {"method": "morris", "samples": 4, "parameters": {"a": {"bounds": [0, 1]}}},
            "at least two",
        ),
    ],
)
def test_inconsistent_designs_are_refused(design, expected):
    lines = problems({"design": design})
    assert any(expected in ln for ln in lines), lines


def test_precision_needs_a_baseline_and_a_kept_outcome():
    lines = problems({"precision": {"outcome": "participation_any", "half_width": 0.01}})
    assert any("at least two scenarios" in ln for ln in lines)
    lines = problems(
        {
            "scenarios": ["baseline", "old_compound"],
            "outputs": ["satisfaction_mean"],
            "precision": {"outcome": "participation_any", "half_width": 0.01},
        }
    )
    assert any("not among the outputs kept" in ln for ln in lines)


def test_duplicate_scenarios_and_unknown_baseline_are_refused():
    assert any("more than once" in ln for ln in problems({"scenarios": ["baseline", "baseline"]}))
    assert any("is not one of the scenarios" in ln for ln in problems({"baseline": "mixed"}))


def test_unknown_scenario_parameter_and_value_fail_before_any_run(write_experiment):
    path = write_experiment(FAKE_EXPERIMENT.replace("old_compound", "old_compund"))
    with pytest.raises(InputError) as info:
        load_experiment(path)
    text = str(info.value)
    assert str(path) in text and "old_compund" in text and "did you mean 'old_compound'" in text

    path = write_experiment(
        FAKE_EXPERIMENT.replace("community.community_workers", "community.comunity_workers")
    )
    with pytest.raises(InputError) as info:
        load_experiment(path)
    assert "comunity_workers" in str(info.value) and str(path) in str(info.value)

    path = write_experiment(FAKE_EXPERIMENT.replace("[5, 15]", "[5, 500]"))
    with pytest.raises(InputError) as info:
        load_experiment(path)
    text = str(info.value)
    assert "community.community_workers" in text and "500" in text and "<= 200" in text


def test_sampled_bounds_are_checked_at_both_ends(write_experiment):
    path = write_experiment(
        """
        scenarios = ["baseline"]
        replications = 1
        master_seed = 1
        [design]
        method = "latin"
        samples = 4
        [design.parameters]
        "population.willingness_mean" = { bounds = [0.2, 1.5] }
        """
    )
    with pytest.raises(InputError) as info:
        load_experiment(path)
    assert "population.willingness_mean" in str(info.value) and "1.5" in str(info.value)


def test_unknown_output_is_refused_with_a_suggestion(write_experiment):
    path = write_experiment(FAKE_EXPERIMENT.replace('"backlog_open"]', '"backlog_opne"]'))
    with pytest.raises(InputError) as info:
        load_experiment(path)
    assert "backlog_opne" in str(info.value) and "did you mean 'backlog_open'" in str(info.value)


def test_names_and_paths_resolve(write_experiment):
    assert resolve_experiment("smoke") == experiments_dir() / "smoke.toml"
    path = write_experiment(FAKE_EXPERIMENT)
    assert resolve_experiment(str(path)) == path.resolve()
    with pytest.raises(InputError, match="did you mean 'smoke'"):
        resolve_experiment("smok")
    with pytest.raises(InputError, match="not found"):
        resolve_experiment("nowhere/missing.toml")
    with pytest.raises(InputError, match="not valid TOML"):
        load_experiment(write_experiment("scenarios = [", name="broken.toml"))


SHIPPED = [
    "smoke",
    "mechanism_comparison",
    "points_sweep",
    "sensitivity_morris",
    "sensitivity_sobol",
    "epidemic_recovery",
    "supply_elasticity",
]


def test_every_shipped_experiment_is_listed():
    listed = dict(list_experiments())
    assert set(SHIPPED) <= set(listed)
    assert all(listed[name] for name in SHIPPED)  # each has a one-line description


def test_a_toml_file_of_another_format_is_not_an_experiment(write_experiment):
    path = write_experiment('scenario = "baseline"\nreplications = 3\n', "calib.toml")
    with pytest.raises(InputError, match="not a sweep experiment: it has no 'scenarios' list"):
        load_experiment(path)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_experiments_validate(name):
    # every scenario named must be shipped: a missing one is an error, not an expected failure
    exp = load_experiment(name)  # scenarios, overrides, varied parameters and outputs checked
    assert exp.name == name and exp.description


def test_bounds_need_a_numeric_parameter(write_experiment):
    path = write_experiment(
        """
        scenarios = ["baseline"]
        replications = 1
        master_seed = 1
        [design]
        method = "latin"
        samples = 4
        [design.parameters]
        "mechanisms.point_incentives.enabled" = { bounds = [0, 1] }
        """
    )
    with pytest.raises(InputError, match="the parameter is a bool; allowed: bounds for a numeric"):
        load_experiment(path)


def test_parameter_types_come_from_the_schema():
    from cogov.experiments.spec import parameter_type

    assert parameter_type("community.community_workers") is int  # optional, unset by default
    assert parameter_type("population.willingness_mean") is float
    assert parameter_type("mechanisms.point_incentives.enabled") is bool
    assert parameter_type("population.no_such_key") is None
