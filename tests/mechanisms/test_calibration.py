"""The calibrated baseline reproduces C1–C4 on a reduced run; C5–C6 hold by construction.

The full check (default community, five years, ten replications) is
``python -m cogov.experiments.calibration``; this reduced run (a smaller community with
staff scaled to it, three years, six seeds) finishes in a few seconds.
"""

from __future__ import annotations

from cogov.experiments import calibration
from cogov.params import Scenario


def test_reduced_baseline_hits_c1_to_c4_within_tolerance():
    config = calibration.load_config()
    red = config["reduced"]
    runs = calibration.measure(
        red["overrides"], replications=red["replications"], steps=red["steps"], config=config
    )
    tab = calibration.table(runs, config)
    assert list(tab["id"]) == ["C1", "C2", "C3", "C4"]
    assert ((tab["band_low"] <= tab["target"]) & (tab["target"] <= tab["band_high"])).all()
    bad = tab.loc[~tab["ok"], ["id", "target", "model_mean"]]
    assert bad.empty, f"calibration targets missed:\n{bad}"


def test_bands_are_the_surveys_sampling_error_not_tighter():
    for t in calibration.targets():
        p = t.reported
        assert t.high - t.low >= 2 * 1.96 * (p * (1 - p) / t.n) ** 0.5 - 1e-12, t.id
        assert t.n <= 229  # the largest survey behind C1–C4 (Karamay, 229 answers)
        assert t.kind in ("input", "fitted")
    c3 = {t.id: t for t in calibration.targets()}["C3"]
    assert c3.low < 0.76 < c3.high  # "over 76%", within the survey's error


def test_c5_c6_hold_by_construction_of_the_defaults():
    checks = calibration.structural_checks()
    assert checks["ok"].all(), checks
    sc = Scenario()
    assert 300 <= sc.structure.households_per_grid <= 500
    # C6: unset, the budget scales with households and never falls below 100,000 a year
    community = sc.community
    assert community.budget_yuan_per_year is None
    assert community.budget_floor_yuan_per_year >= 100_000
    for households in (100, 600, sc.structure.households_per_community, 20_000):
        assert community.budget_for(households) >= 100_000
    assert community.budget_for(sc.structure.households_per_community) == 200_000
    small = calibration.structural_checks({"structure.households_per_community": 600})
    assert small.set_index("id").loc["C6", "ok"]
    assert "100,000 yuan" in small.set_index("id").loc["C6", "model"]
    short = calibration.structural_checks({"community.budget_yuan_per_year": 50_000.0})
    assert not short.set_index("id").loc["C6", "ok"]  # set below the floor: C6 fails


def test_main_prints_the_table_and_returns_success(capsys):
    # 0: every target within its band (1 would mean the shipped calibration is off)
    assert calibration.main(["--reduced", "--replications", "2"]) == 0
    out = capsys.readouterr().out
    for key in ("C1", "C2", "C3", "C4", "C5", "C6", "model_mean", "ci95_low"):
        assert key in out
