"""cogov as an EMA Workbench model: schema parameters, outcomes, no clash with EMA's names."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from cogov.errors import InputError
from cogov.params import parameter_table

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # EMA warns at import about optional back-ends
    ema_workbench = pytest.importorskip("ema_workbench")

from cogov import ema  # noqa: E402

SMALL = {"structure.households_per_community": 200}
VARIED = {
    "population.willingness_mean": (0.2, 0.7),
    "community.community_workers": (5, 20),
    "channels.voice_trust_threshold": None,  # the schema's whole range
}


def test_every_numeric_schema_parameter_is_a_bounded_ema_parameter():
    params = ema.schema_parameters()
    rows = {r["key"]: r for r in parameter_table()}
    numeric = {
        k
        for k, r in rows.items()
        if "." in k
        and k not in ema.NOT_PARAMETERS
        and not isinstance(r["default"], str)
        and (
            isinstance(r["default"], bool)
            or (r["min"] is not None and r["max"] is not None and r["min"] < r["max"])
        )
    }
    assert set(params) == numeric
    for key, p in params.items():
        if isinstance(p, ema_workbench.BooleanParameter):
            assert isinstance(rows[key]["default"], bool)
        else:
            assert (p.lower_bound, p.upper_bound) == (rows[key]["min"], rows[key]["max"]), key
        assert p.variable_name == [key] and ema.dotted_key(p.name) == key
    assert isinstance(params["community.community_workers"], ema_workbench.IntegerParameter)
    assert isinstance(params["mechanisms.dual_reporting.enabled"], ema_workbench.BooleanParameter)

    model = ema.build_model()  # by default: every parameter; mechanisms are the levers
    assert len(model.uncertainties) + len(model.levers) == len(params)
    assert all(ema.dotted_key(p.name).startswith("mechanisms.") for p in model.levers)


def test_bad_parameters_and_outcomes_are_clear_messages():
    with pytest.raises(InputError, match="uncertainty 'population.no_such' is not a numeric"):
        ema.build_model(uncertainties=["population.no_such"])
    with pytest.raises(InputError, match=r"it is a constant of the model"):
        ema.build_model(uncertainties=["run.seed"])
    with pytest.raises(InputError, match=r"allowed: low < high within .*\[0.0, 1.0\]"):
        ema.build_model(uncertainties={"population.willingness_mean": (0.5, 1.5)})
    with pytest.raises(InputError, match="unknown outcome 'happiness'"):
        ema.build_model(uncertainties=[], outcomes=["happiness"])
    with pytest.raises(InputError, match="both uncertainties and levers"):
        ema.build_model(uncertainties=["needs.rate_scale"], levers=["needs.rate_scale"])


def test_the_scenario_is_cogovs_constant_not_emas_column():
    model = ema.build_model(uncertainties=VARIED, steps=8, overrides=SMALL)
    names = {p.name for p in (*model.uncertainties, *model.levers, *model.constants)}
    assert not names & set(ema.RESERVED)
    assert all(name.isidentifier() for name in names)  # EMA 3 wants identifiers
    constants = {c.name: c.value for c in model.constants}
    common = {k: constants[k] for k in constants}
    base = ema.run_experiment(**{**common, "population.willingness_mean": 0.4})
    old = ema.run_experiment(
        **{**common, ema.SCENARIO: "old_compound", "population.willingness_mean": 0.4}
    )
    assert base["backlog_open"] != old["backlog_open"]  # the scenario reached the model
    assert base["participation_any_weekly"].shape == (8,)


@pytest.mark.slow
def test_twenty_lhs_experiments_then_feature_scoring_and_prim():
    from ema_workbench.analysis import feature_scoring, prim

    model = ema.build_model(uncertainties=VARIED, steps=26, overrides=SMALL)
    experiments, outcomes = ema_workbench.perform_experiments(
        model, scenarios=20, uncertainty_sampling_kwargs={"rng": 7}
    )
    assert len(experiments) == 20
    assert list(experiments["scenario"]) == list(range(20))  # EMA's own column, untouched
    assert outcomes["unwilling_share"].shape == (20,)
    assert outcomes["backlog_open_weekly"].shape == (20, 26)
    x = experiments[[ema.ema_name(k) for k in VARIED]]
    assert x["population__willingness_mean"].between(0.2, 0.7).all()
    assert x["community__community_workers"].between(5, 20).all()

    scalars = {k: v for k, v in outcomes.items() if v.ndim == 1}
    scores = feature_scoring.get_feature_scores_all(x, scalars)
    # the unwilling are those whose willingness starts below the threshold: set by its mean
    assert scores["unwilling_share"].idxmax() == "population__willingness_mean"

    y = outcomes["unwilling_share"] < np.median(outcomes["unwilling_share"])
    box = prim.Prim(x, y).find_box()
    limits = box.box_lims[-1]
    # few unwilling where the mean willingness is high: PRIM raises its lower limit
    assert limits["population__willingness_mean"].iloc[0] > 0.3
