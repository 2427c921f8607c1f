"""The classroom features without a browser: errors, limits, reference, share, lessons,
verdict, export, projector charts."""

from __future__ import annotations

import html
import io
import re
import threading
import time
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.ui.controller import (
    MAX_RESIDENTS_ENV,
    FairGate,
    LiveController,
    LiveSettings,
    scenario_info,
)
from cogov.ui.messages import localise, strip_paths

#: Letters of an English word (two or more) left on a Chinese page, outside quoted keys.
ENGLISH = re.compile(r"(?<![\w.'])[A-Za-z]{3,}(?![\w.'])")


def _zh_leftovers(line: str) -> list[str]:
    """English words in a localised line, ignoring keys (quoted, dotted, or listed as allowed)."""
    line = line.split("该节允许的键")[0]  # what follows is the list of allowed keys
    line = re.sub(r"的值为 \S+", "", line)  # the value as the user typed it
    text = re.sub(r"'[^']*'|\[[^\]]*\]|[\w]+(?:\.[\w]+)+", "", line)
    return ENGLISH.findall(text)


@pytest.mark.parametrize(
    "extra",
    [
        "needs.rate_scal = 2",
        "needs.rate_scale = nan",
        "needs.rate_scale = inf",
        "needs.rate_scale = 1e300",
        "structure.communities = 500",
        "not an assignment",
        "structure.households_per_community = -3",
    ],
)
def test_bad_overrides_give_a_message_in_chinese_without_paths(extra, small_settings):
    c = LiveController(replace(small_settings, extra=extra))
    assert not c.reset() and c.model is None
    for line in c.error.splitlines():
        zh = localise(line, "zh")
        assert "/" not in zh.replace("/周", "").replace("/年", ""), zh  # no path
        assert not _zh_leftovers(zh), (zh, _zh_leftovers(zh))
        assert "Traceback" not in zh


def test_negative_and_huge_seeds_are_refused_readably(small_settings):
    for seed in (-1, 2**64):
        c = LiveController(replace(small_settings, seed=seed))
        assert not c.reset()
        assert "seed" in c.error and "allowed" in c.error
        assert "随机种子" in localise(c.error, "zh")


def test_paths_are_stripped_from_any_message():
    msg = "/work/x/scenarios/mine.toml: not valid TOML at /home/u/a.toml, C:\\Users\\a\\b.toml"
    out = strip_paths(msg)
    assert "/work" not in out and "/home" not in out and "Users" not in out
    assert "mine.toml" in out and "a.toml" in out


def test_the_full_reform_hint_works_when_pasted_into_the_overrides_box(small_settings):
    desc = scenario_info("full_reform").description
    hint = re.search(r"(--set \S+=\d+)", desc).group(1)
    settings = replace(LiveSettings.for_scenario("full_reform"), households=400, extra=hint)
    c = LiveController(settings)
    assert c.reset(), c.error
    key, value = hint.removeprefix("--set ").split("=")
    section, name = key.split(".")
    assert getattr(getattr(c.model.params, section), name) == float(value)


def test_the_resident_cap_is_the_server_s_choice(monkeypatch, small_settings):
    monkeypatch.setenv(MAX_RESIDENTS_ENV, "500")
    c = LiveController(small_settings)  # 400 households: about 1,000 residents
    assert not c.reset()
    assert "500" in c.error and "residents" in c.error
    assert "名居民" in localise(c.error, "zh")
    monkeypatch.setenv(MAX_RESIDENTS_ENV, "5000")
    assert c.reset(), c.error


def test_the_reference_line_follows_the_chosen_reference(small_settings):
    base = LiveController(small_settings)
    ref = LiveController(replace(small_settings, reference="dual_reporting"))
    other = LiveController(replace(small_settings, reference="baseline", scenario="mixed"))
    for c in (base, ref, other):
        assert c.reset(), c.error
        c.step(8)
    assert base.baseline_timeseries() is None  # the run is its own reference
    assert ref.baseline is not None and ref.baseline.params.mechanisms.dual_reporting.enabled
    assert not other.baseline.params.mechanisms.dual_reporting.enabled
    a, b = ref.baseline_timeseries(), other.baseline_timeseries()
    assert not a["participation_any"].equals(b["participation_any"])


def test_close_stops_stepping_and_frees_the_models(small_settings):
    c = LiveController(small_settings)
    assert c.reset()
    c.step(2)
    c.close()
    assert c.model is None and c.baseline is None and not c.ready
    assert not c.reset()  # a closed session builds nothing more
    assert c.model is None


def test_a_long_action_reports_progress_and_can_be_cancelled(small_settings):
    c = LiveController(small_settings)
    assert c.reset()
    seen = []
    c.step(30, progress=lambda d, t: seen.append((d, t)), cancelled=lambda: len(seen) >= 5)
    assert seen == [(i, 30) for i in range(1, 6)] and c.steps == 5
    # A cancelled reset keeps the run as it was.
    old = c.model
    assert not c.reset(replace(small_settings, seed=99), cancelled=lambda: True)
    assert c.model is old and c.settings.seed == small_settings.seed


def test_steps_of_concurrent_sessions_go_first_come_first_served():
    gate, order = FairGate(), []
    gate.__enter__()  # someone is stepping: the others queue
    threads = []
    for i in range(4):

        def work(i=i):
            with gate:
                order.append(i)

        t = threading.Thread(target=work)
        t.start()
        threads.append(t)
        time.sleep(0.05)  # arrive in order 0, 1, 2, 3
    gate.__exit__(None, None, None)
    for t in threads:
        t.join(5)
    assert order == [0, 1, 2, 3]


# ----------------------------------------------------------------- share (URL)
def test_settings_round_trip_through_the_address():
    from cogov.ui.share import from_query, to_query

    s = replace(
        LiveSettings.for_scenario("dual_reporting", seed=5, reference="mixed"),
        households=800,
        extra="needs.rate_scale=1.2",
    ).with_value("mechanisms.dual_reporting.evaluation_strength", 0.2)
    got, options, problems = from_query(to_query(s, "en", projector=True))
    assert got == s and problems == []
    assert options == {"lang": "en", "projector": True}


def test_a_bad_link_names_what_it_could_not_use():
    from cogov.ui.share import from_query

    got, _, problems = from_query("s=baseline&seed=abc&ref=nope&set=foo.bar=1")
    assert got is not None and got.scenario == "baseline"
    text = " ".join(problems)
    assert "seed" in text and "nope" in text and "foo.bar" in text
    assert from_query("s=../../etc/passwd")[0] is None


# ----------------------------------------------------------------- lessons
def test_the_shipped_lessons_load_and_their_settings_are_valid():
    from cogov.scenario import load_scenario
    from cogov.ui.lessons import list_lessons

    lessons, problems = list_lessons()
    assert problems == [] and len(lessons) >= 3
    for lesson in lessons:
        assert lesson.title_zh and lesson.steps
        for step in lesson.steps:
            assert step.question and step.answer and step.question_zh and step.answer_zh
            s = step.settings()
            load_scenario(s.scenario, s.overrides())  # raises if a setting is not allowed
            for key, value in step.set.items():
                assert s.overrides()[key] == value  # one click applies every setting


def test_a_broken_lesson_file_names_the_file_and_key_not_its_folder(tmp_path):
    from cogov.ui.lessons import load_lesson

    bad = tmp_path / "mine.toml"
    bad.write_text('title = "x"\n[[steps]]\ntitle = "a"\nscenario = "baseline"\nweeks = "ten"\n')
    with pytest.raises(InputError) as exc:
        load_lesson(bad)
    text = "\n".join(exc.value.problems)
    assert "mine.toml" in text and "weeks" in text and str(tmp_path) not in text


# ----------------------------------------------------------------- verdict
def _frames(n: int, shift: float, noise: float = 0.01, weeks: int = 60):
    out = []
    for i in range(n):
        rng = np.random.default_rng(i)
        df = pd.DataFrame({"step": np.arange(1, weeks + 1)})
        for col in (
            "participation_any",
            "participation_deep",
            "unwilling_share",
            "satisfaction_mean",
            "trust_rc_mean",
            "backlog_open",
            "needs_expired",
            "time_to_resolution_mean",
            "disputes_escalated",
            "fee_collection_rate",
            "active_volunteers",
            "vulnerable_service_ratio",
        ):
            df[col] = 0.4 + rng.normal(0, noise, weeks)
        df["participation_any"] += shift
        df["spending_activities_yuan"] = 100.0
        df["spending_total_yuan"] = 100.0 + (200.0 if shift else 0.0)
        out.append(df)
    return out


def test_the_verdict_names_a_clear_change_with_its_interval_and_cost():
    from cogov.ui.verdict import verdict

    base, scen = _frames(6, 0.0), _frames(6, 0.1)
    en = verdict(base, scen, "en", "baseline").text()
    assert "Participation (any) rose by 10.0 pp" in en
    assert "95% interval" in en and "better" in en
    # 200 yuan a week more = 10,400 a year: 10 pp per 1.04 × 10,000 yuan.
    assert "10,400 yuan a year" in en and "+9.6 pp per 10,000 yuan" in en
    zh = verdict(base, scen, "zh", "基线").text()
    assert "参与率（任一）上升10.0个百分点" in zh and " pp" not in zh
    assert "每万元" in zh


def test_no_change_is_said_as_no_change():
    from cogov.ui.verdict import verdict

    base = _frames(6, 0.0)
    text = verdict(base, [f.copy() for f in base], "en", "baseline").text()
    assert "No outcome changed clearly" in text and "rose" not in text and "fell" not in text


# ----------------------------------------------------------------- export, charts
def test_exports_hold_the_run(small_settings):
    from cogov.ui.export import chart_bytes, csv_bytes, handout_html, parquet_bytes

    c = LiveController(replace(small_settings, reference="dual_reporting"))
    assert c.reset()
    c.step(6)
    ts = c.timeseries()
    back = pd.read_csv(io.BytesIO(csv_bytes(ts)), encoding="utf-8-sig")
    assert list(back.columns) == list(ts.columns) and len(back) == 6
    pd.testing.assert_frame_equal(pd.read_parquet(io.BytesIO(parquet_bytes(ts))), ts)
    assert chart_bytes(ts, c.baseline_timeseries(), [], "zh", "png")[:4] == b"\x89PNG"
    assert b"<svg" in chart_bytes(ts, c.baseline_timeseries(), [], "zh", "svg")[:500]
    page = handout_html(
        c.settings, ts, c.baseline_timeseries(), [], "zh", verdict="结论句"
    ).decode()
    assert "结论句" in page and "<svg" in page
    links = re.findall(r'(?:src|href)="([^"#][^"]*)"', page)
    assert links == []  # one self-contained file: nothing outside it (SVG's own #refs aside)


def test_the_handout_prints_what_was_set_away_from_the_scenario_and_the_runs_link(
    small_settings,
):
    from cogov.ui.export import changed_settings, handout_html
    from cogov.ui.share import page_url, to_query

    key = "mechanisms.dual_reporting.committed_hours"
    assert key in small_settings.values
    assert changed_settings(small_settings, "en") == []  # as shipped: nothing to print
    moved = small_settings.with_value(key, small_settings.values[key] + 1.5)
    moved = moved.with_value("shocks.epidemic.enabled", True)
    assert len(changed_settings(moved, "en")) == 2
    c = LiveController(moved)
    assert c.reset()
    c.step(2)
    headers = {"host": ["10.0.0.5:8765"]}
    link = page_url("/", to_query(c.start_settings, "zh"), headers, "0.0.0.0", "8765")[0]
    assert link.startswith("http://10.0.0.5:8765/?s=")
    page = handout_html(c.settings, c.timeseries(), None, c.events(), "zh", link=link).decode()
    assert "疫情封控 = 开" in page and "与情景文件不同的设置" in page
    assert html.escape(link) in page


def test_event_markers_and_projector_charts():
    from cogov.events import Event
    from cogov.ui.charts import KEY_PANELS, LiveCharts

    ts = pd.DataFrame({"step": [1, 2, 3]})
    for c in {c for p in KEY_PANELS for c in p.columns}:
        ts[c] = [0.1, 0.2, 0.3]
    charts = LiveCharts("zh", projector=True)
    out = charts.update(ts, None, [Event(2, "epidemic_start")])
    assert out.startswith(b"<?xml") and len(charts.axes) == 3
    assert len(charts._markers) == 3  # one marker per panel
    charts.update(ts, None, [Event(2, "epidemic_start"), Event(3, "epidemic_end")])
    assert len(charts._markers) == 6


@pytest.mark.slow
def test_twenty_app_sessions_rendered_and_closed_give_their_memory_back():
    import ctypes
    import gc

    import solara

    from cogov.ui import components

    def rss_kb() -> int:
        return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])

    def session() -> None:
        box, rc = solara.render(components.App(), handle_error=False)
        rc.close()
        gc.collect()
        ctypes.CDLL("libc.so.6").malloc_trim(0)

    for _ in range(2):  # warm-up: imports, fonts, caches
        session()
    start = rss_kb()
    alive = threading.active_count()
    for _ in range(20):
        session()
    time.sleep(4)  # the play and task threads end; the coalesced release runs
    assert rss_kb() <= start * 1.10, (start, rss_kb())
    assert threading.active_count() <= alive + 2
