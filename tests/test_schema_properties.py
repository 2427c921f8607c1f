"""Property tests of the scenario and experiment schemas (hypothesis).

Whatever value is given, a key is either kept exactly as given (same value, finite, within
its bounds) or refused with an InputError that names it; no other exception escapes. An
accepted experiment's announced run count is the number of design points really made.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from cogov.errors import InputError
from cogov.experiments.design import make_design
from cogov.experiments.spec import MAX_RUNS, parse_experiment
from cogov.params import parameter_table
from cogov.scenario import load_scenario

ROWS = [r for r in parameter_table() if "." in r["key"]]

ANY_VALUE = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.booleans(),
    st.text(max_size=12),
    st.lists(st.integers(min_value=0, max_value=3), max_size=3),
    st.none(),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(row=st.sampled_from(ROWS), value=ANY_VALUE, near=st.floats(-0.5, 1.5))
def test_an_override_is_kept_exactly_or_refused_naming_its_key(row, value, near):
    if isinstance(value, float) and math.isfinite(value) and row["min"] is not None:
        # half of the draws land near the parameter's range, where acceptance is possible
        lo, hi = float(row["min"]), float(row["max"])
        value = lo + near * (hi - lo) if abs(value) < 1 else value
    key = row["key"]
    try:
        sc = load_scenario(None, {key: value})
    except InputError as err:
        text = str(err)
        assert key in text or f"[{key.split('.')[0]}]" in text, text
        event("refused")
        return
    event("accepted")
    kept = sc.flat()[key]
    assert kept == value and (kept is None) == (value is None)
    if isinstance(value, bool) or isinstance(row["default"], bool):
        assert type(kept) is bool and type(value) is bool
    elif isinstance(kept, int | float):
        assert not isinstance(value, bool | str)
        assert math.isfinite(kept)
        if isinstance(row["default"], int) and not isinstance(row["default"], bool):
            assert type(value) is int  # no 2.0 or "2" for a whole number
        if row["min"] is not None:
            assert row["min"] <= kept <= row["max"]


KEYS = ["needs.rate_scale", "population.willingness_mean", "run.steps", "community.paired_units"]
NUMBER = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0.0, 1.5),
    st.integers(-5, 300),
    st.text(max_size=3),
    st.booleans(),
)
PARAMETER = st.one_of(
    st.fixed_dictionaries({"bounds": st.lists(NUMBER, min_size=0, max_size=3)}),
    st.fixed_dictionaries({"values": st.lists(NUMBER, min_size=0, max_size=4)}),
    st.fixed_dictionaries(
        {"bounds": st.tuples(st.floats(0.1, 0.5), st.floats(0.6, 1.0)).map(list)},
        optional={"group": st.sampled_from(["a", "b", ""])},
    ),
)
DESIGN = st.fixed_dictionaries(
    {"method": st.sampled_from(["none", "grid", "latin", "sobol", "morris", "other"])},
    optional={
        "parameters": st.dictionaries(st.sampled_from(KEYS), PARAMETER, max_size=3),
        "samples": st.one_of(st.integers(-2, 70_000), st.sampled_from([2, 4, 8]), NUMBER),
        "levels": st.one_of(st.integers(0, 8), NUMBER),
        "second_order": st.one_of(st.booleans(), NUMBER),
        "defaults_point": st.one_of(st.booleans(), NUMBER),
    },
)
EXPERIMENT = st.fixed_dictionaries(
    {
        "scenarios": st.one_of(st.just(["baseline"]), st.lists(st.text(max_size=5), max_size=2)),
        "replications": st.one_of(st.integers(-1, 10_001), NUMBER),
        "master_seed": st.one_of(st.integers(-1, 2**64), NUMBER),
    },
    optional={
        "steps": st.one_of(st.integers(-1, 6000), NUMBER),
        "name": st.one_of(st.sampled_from(["ok-name", "../x", "a b", ""]), st.text(max_size=5)),
        "design": DESIGN,
    },
)


BOUNDS = st.tuples(st.floats(0.1, 0.5), st.floats(0.6, 1.0)).map(lambda b: {"bounds": list(b)})
TWO_OR_THREE = st.lists(
    st.sampled_from(KEYS[:2] + ["population.youth_share"]), min_size=2, max_size=3, unique=True
)
GOOD_DESIGN = st.one_of(
    st.fixed_dictionaries(
        {
            "method": st.just("grid"),
            "parameters": st.dictionaries(
                st.sampled_from(KEYS[:2]),
                st.lists(st.floats(0.1, 1.0), min_size=1, max_size=4, unique=True).map(
                    lambda v: {"values": v}
                ),
                min_size=1,
            ),
        }
    ),
    st.fixed_dictionaries(
        {
            "method": st.sampled_from(["latin", "morris", "sobol"]),
            "parameters": TWO_OR_THREE.flatmap(
                lambda keys: st.tuples(*[BOUNDS] * len(keys)).map(
                    lambda b, keys=keys: dict(zip(keys, b, strict=True))
                )
            ),
            "samples": st.sampled_from([1, 2, 4, 8]),
            "levels": st.sampled_from([2, 4, 6]),
            "second_order": st.booleans(),
            "defaults_point": st.booleans(),
        }
    ),
)
GOOD_EXPERIMENT = st.fixed_dictionaries(
    {
        "scenarios": st.just(["baseline"]),
        "replications": st.integers(1, 3),
        "master_seed": st.integers(0, 1000),
        "design": GOOD_DESIGN,
    }
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(EXPERIMENT, GOOD_EXPERIMENT))
def test_an_experiment_is_valid_with_its_true_size_or_refused_with_a_message(data):
    try:
        exp = parse_experiment(data, "e.toml")
    except InputError as err:
        assert all(line.startswith("e.toml") for line in err.problems), err.problems
        event("refused")
        return
    event(f"accepted, method {exp.design.method}")
    assert type(exp.replications) is int and 1 <= exp.replications <= 9999
    assert type(exp.master_seed) is int and 0 <= exp.master_seed < 2**63
    assert exp.run_count() <= MAX_RUNS
    for param in exp.design.parameters.values():
        if param.bounds is not None:
            assert all(math.isfinite(b) for b in param.bounds)
        for value in param.values or []:
            assert not isinstance(value, float) or math.isfinite(value)
    if exp.design.size() <= 300:
        design = make_design(exp.design, exp.master_seed)
        assert len(design) == exp.design.size()


@pytest.mark.parametrize("name", ["a", "A-b_9", "x" * 100])
def test_plain_names_are_accepted(name):
    assert load_scenario(None, {"name": name}).name == name
