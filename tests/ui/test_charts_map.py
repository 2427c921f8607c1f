"""Charts and map render, fast, and the map turns a click into the right building."""

import numpy as np
import pandas as pd
import pytest

from cogov.ui.charts import (
    LiveCharts,
    compare_figure,
    final_year_differences,
    format_difference,
    format_number,
    interval_band,
    nice_ceiling,
)
from cogov.ui.controller import LiveController
from cogov.ui.mapview import (
    MAP_METRICS,
    MapView,
    building_stats,
    building_summary,
    building_title,
    format_summary,
    map_figure,
)
from cogov.ui.render import figure_png

PNG = b"\x89PNG"


@pytest.fixture(scope="module")
def running():
    from cogov.ui.controller import LiveSettings

    c = LiveController(
        LiveSettings.for_scenario("firm_exit", seed=3).__class__(
            scenario="firm_exit",
            seed=3,
            households=400,
            values=LiveSettings.for_scenario("firm_exit").values,
        )
    )
    assert c.reset(), c.error
    c.step(10)
    return c


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_live_charts_redraw_only_lines_most_weeks(running, lang):
    charts = LiveCharts(lang)
    first = charts.update(running.timeseries(), running.baseline_timeseries())
    again = charts.update(running.timeseries(), running.baseline_timeseries())
    assert first.startswith(PNG) and again == first
    assert charts.blit.full_redraws == 2  # the warm-up at construction, then the first week


def test_charts_show_new_weeks(running):
    charts = LiveCharts("en")
    ts = running.timeseries()
    a = charts.update(ts.iloc[:5], None)
    b = charts.update(ts, None)
    assert a != b


def test_building_stats_add_up(running):
    m = running.model
    stats = building_stats(m)
    assert stats.residents.sum() == m.residents.n
    assert stats.party_members.sum() == m.residents.party_member.sum()
    assert stats.volunteers.sum() == m.residents.volunteer.sum()
    assert stats.open_needs.sum() == len(m.needs.open_idx)
    for metric in MAP_METRICS:
        assert len(stats.metric(metric)) == m.layout.n_buildings


@pytest.mark.parametrize("metric", list(MAP_METRICS))
def test_map_renders_every_metric_and_clicks_find_buildings(running, metric):
    view = MapView(running.model, metric, "zh")
    png = view.update(running.model, selected=2)
    assert png.startswith(PNG)
    g = view.geometry
    for b in (0, running.model.layout.n_buildings - 1):
        px, py = g.centre_px(b)
        assert g.building_at(px, py) == b
        assert g.building_at(px + 3, py - 3) == b
        # The same click on an image shown at half size.
        assert g.building_at(px / 2, py / 2, shown_width=g.width_px / 2) == b
    assert g.building_at(1, 1) is None


def test_map_figure_and_building_summary(running):
    fig, geom = map_figure(running.model, "satisfaction", "en", selected=0)
    assert figure_png(fig).startswith(PNG) and geom.width_px > 0
    s = building_summary(running.model, 0)
    assert s["summary.residents"] > 0
    rows = dict(format_summary(s, "zh"))
    assert "居民" in rows and "党员" in rows
    assert building_title(s, "en").startswith("Building 1")


def _frames(values, steps=60):
    return [
        pd.DataFrame({"step": np.arange(1, steps + 1), "x": np.full(steps, v, float)})
        for v in values
    ]


def test_interval_band_and_paired_differences():
    base = _frames([1.0, 2.0, 3.0])
    scen = _frames([2.0, 3.0, 4.5])
    band = interval_band(base, "x")
    assert np.allclose(band.mean, 2.0) and np.all(band.lo < 2.0) and np.all(band.hi > 2.0)
    table = final_year_differences(base, scen, ["x"], window=52)
    row = table.iloc[0]
    assert row.baseline == pytest.approx(2.0) and row.scenario == pytest.approx(3.1666, 1e-3)
    assert row.difference == pytest.approx(7 / 6) and row.lo < row.difference < row.hi
    assert row.n == 3


def test_the_charts_statistics_are_the_reports():
    from cogov.experiments.stats import (
        paired_effects,
        run_summaries,
        stack_runs,
        timeseries_bands,
    )

    rng = np.random.default_rng(4)
    base = [pd.DataFrame({"step": np.arange(1, 61), "x": rng.normal(1, 0.3, 60)}) for _ in range(5)]
    scen = [f.assign(x=f["x"] + rng.normal(0.2, 0.05, 60)) for f in base]
    band = interval_band(base, "x")
    report = timeseries_bands(stack_runs({"b": base}, ["x"]), ["x"], by=())
    assert np.array_equal(band.mean, report["mean"]) and np.array_equal(band.lo, report["lo"])
    table = final_year_differences(base, scen, ["x"], window=52).iloc[0]
    effects = paired_effects(
        run_summaries(stack_runs({"base": base, "s": scen}, ["x"]), ["x"], 52), "base", ["x"]
    ).iloc[0]
    assert (table.difference, table.lo, table.hi) == (effects.effect, effects.lo, effects.hi)
    # one replication: a band of zero width, no interval for the difference
    one = interval_band(base[:1], "x")
    assert np.array_equal(one.lo, one.mean) and np.array_equal(one.hi, one.mean)
    assert np.isnan(final_year_differences(base[:1], scen[:1], ["x"]).iloc[0].lo)


def test_compare_figure_renders():
    cols = {
        c: np.linspace(0, 1, 30)
        for c in ("participation_any", "unwilling_share", "satisfaction_mean")
    }
    f = pd.DataFrame({"step": np.arange(1, 31), **cols})
    png = figure_png(compare_figure([f, f], [f, f], "x", "zh"))
    assert png.startswith(PNG)


def test_number_formats():
    assert format_number(0.123, "participation_any") == "12.3%"
    assert format_number(743.0, "backlog_open") == "743"
    assert format_number(2.0, "disputes_open") == "2"
    assert format_number(float("nan"), "x") == "–"
    assert format_difference(0.05, "participation_any") == "+5.0 pp"
    assert format_difference(-3.5, "needs_expired") == "-3.50"
    assert nice_ceiling(740) == 1000 and nice_ceiling(0.4) == 1.0 and nice_ceiling(210) == 250
