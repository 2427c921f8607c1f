"""What a reader of the report sees: titles with units, bands within range, effect colours
by good/bad, full parameter names, one self-contained HTML page, progress while it builds."""

from __future__ import annotations

import base64
import re

import numpy as np
import pandas as pd
import pytest

from cogov.cli import main
from cogov.experiments import report
from cogov.experiments.report import (
    BAD,
    GOOD,
    NEUTRAL,
    _effect_colours,
    outcome_title,
    write_report,
)
from cogov.experiments.runner import run_sweep
from cogov.metrics import GOOD_DIRECTION, OUTCOMES, outcome_range, outcome_unit
from cogov.ui.labels import LABELS

from .fakes import FakeResult

EXPERIMENT = """
scenarios = ["baseline", "old_compound"]
replications = 3
master_seed = 11
steps = 10
summary_weeks = 5
outputs = ["disputes_escalated", "fee_collection_rate", "backlog_open"]

[overrides]
"structure.households_per_community" = 200
"""


def edge_simulate(scenario, *, steps, seed, overrides=None):
    """A count near 0 and a share near 1, both with wide noise; old_compound has more backlog."""
    rng = np.random.default_rng(seed)
    ts = pd.DataFrame(
        {
            "step": np.arange(1, steps + 1),
            "disputes_escalated": np.abs(rng.normal(0.0, 1.0, steps)) * (rng.random(steps) < 0.3),
            "fee_collection_rate": np.clip(0.97 + rng.normal(0, 0.05, steps), 0, 1),
            "backlog_open": 20 + 5 * (scenario.name == "old_compound") + rng.normal(0, 0.5, steps),
        }
    )
    return FakeResult(scenario.name, seed, steps, ts, params=scenario.model_dump(mode="json"))


@pytest.fixture
def results(write_experiment, tmp_path):
    out = tmp_path / "out"
    summary = run_sweep(
        write_experiment(EXPERIMENT), out, workers=0, simulate=edge_simulate, progress=False
    )
    assert summary.ok
    return out


@pytest.fixture
def figures(monkeypatch):
    """The matplotlib figures the report saves, by name."""
    saved = {}
    real_save = report._Figures.save

    def save(self, fig, name):
        saved[name] = fig
        return real_save(self, fig, name)

    monkeypatch.setattr(report._Figures, "save", save)
    return saved


def test_bands_stay_within_each_outcomes_range(results, figures):
    write_report(results)
    axes = {ax.get_title(): ax for ax in figures["timeseries"].axes}
    lows, highs = {}, {}
    for column in ("disputes_escalated", "fee_collection_rate"):
        ys = np.concatenate(
            [poly.get_paths()[0].vertices[:, 1] for poly in axes[outcome_title(column)].collections]
        )
        lows[column], highs[column] = ys.min(), ys.max()
    assert lows["disputes_escalated"] == 0.0  # the t-band would dip below 0 here
    assert highs["fee_collection_rate"] == 1.0  # and rise above 1 here


def test_panels_have_human_titles_with_units_in_either_language(results, figures):
    write_report(results)
    titles = [ax.get_title() for ax in figures["timeseries"].axes]
    assert "Disputes escalated (petitions) (per week)" in titles
    assert "Fee collection rate (share, 0–1)" in titles
    write_report(results, lang="zh")
    titles = [ax.get_title() for ax in figures["timeseries"].axes]
    assert "升级的纠纷（信访）（每周）" in titles and "积压需求（数量）" in titles


def test_effect_bars_are_coloured_by_good_or_bad_for_the_outcome(results, figures):
    write_report(results)
    axes = {ax.get_title().split(":")[0]: ax for ax in figures["effects"].axes}
    bar = axes[outcome_title("backlog_open")].patches[0]  # old_compound: +5 open needs
    assert bar.get_facecolor()[:3] == pytest.approx(
        tuple(int(BAD[i : i + 2], 16) / 255 for i in (1, 3, 5))
    )

    rows = pd.DataFrame({"effect": [0.2, 0.2, -0.2, 0.01], "lo": [0.1, 0.1, -0.3, -0.1]})
    rows["hi"] = rows["effect"] + (rows["effect"] - rows["lo"])
    assert [c for c, _ in _effect_colours(rows, "participation_any")] == [GOOD, GOOD, BAD, GOOD]
    assert [c for c, _ in _effect_colours(rows, "backlog_open")] == [BAD, BAD, GOOD, BAD]
    assert {c for c, _ in _effect_colours(rows, "participants_elderly_share")} == {NEUTRAL}
    alphas = [a for _, a in _effect_colours(rows, "backlog_open")]
    assert alphas[0] > alphas[3]  # a CI that includes 0 is faint


def test_html_is_one_self_contained_file_and_png_and_svg_are_written(results):
    paths = write_report(results)
    page = paths.html.read_text(encoding="utf-8")
    assert 'src="figures/' not in page
    embedded = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(embedded) == len(paths.figures) == 2
    assert {base64.b64decode(e) for e in embedded} == {p.read_bytes() for p in paths.figures}
    assert sorted(p.stem for p in paths.vectors) == sorted(p.stem for p in paths.figures)


def test_the_report_says_what_it_is_doing_while_it_builds(results, capsys):
    assert main(["report", str(results), "--lang", "zh"]) == 0
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("cogov report: exp: read 6 runs (")
    assert any(line.startswith("cogov report: exp: effects (") for line in err)
    assert err[-1].startswith("cogov report: exp: written to ")
    assert main(["report", str(results), "--lang", "fr"]) == 2  # argparse: not a choice


def test_directions_and_units_are_declared_for_real_columns_in_both_languages():
    assert set(GOOD_DIRECTION) <= set(OUTCOMES)  # a typo would silently colour grey
    assert set(GOOD_DIRECTION.values()) <= {-1, 1}
    for column in OUTCOMES:
        entry = LABELS[f"unit.{outcome_unit(column)}"]
        assert entry["en"] and entry["zh"]
    assert outcome_unit("needs_resolved") == "per_week"
    assert outcome_unit("backlog_open") == "count"
    assert outcome_unit("spending_total_yuan") == "yuan_per_week"
    assert outcome_unit("satisfaction_mean") == "index"
    assert outcome_range("participation_any") == (0.0, 1.0)
    assert outcome_range("needs_resolved") == (0.0, float("inf"))
