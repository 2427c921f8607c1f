"""The classroom features driven in headless Chromium, as a trainer works.

One server for the module (small communities through the link's ``hh``), pages at 1366×768
and 1920×1080, in both languages. Screenshots go to ``test-output/screenshots/`` and, with
``COGOV_REFRESH_SCREENSHOTS=1``, to ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from cogov.ui.cli import (
    CHROMIUM,
    churn_sessions,
    process_tree_stats,
    prune_idle_workers,
    served_app,
    settled_stats,
)

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"
TIMEOUT_MS = 90_000
SMALL = "hh=400"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: run scripts/setup-browser.sh"
    ),
]


@pytest.fixture(scope="module")
def server():
    """The app on a free loopback port (sessions freed 2 s after a disconnect); its process."""
    log = ROOT / "test-output"
    log.mkdir(exist_ok=True)
    procs: list = []
    try:
        with served_app(log / "app-classroom.log", session_timeout="2s", procs=procs) as url:
            yield url, procs[0]
    except RuntimeError as exc:
        pytest.fail(str(exc))


def _open(browser, url: str, query: str, size=(1366, 768)):
    page = browser.new_page(viewport={"width": size[0], "height": size[1]}, accept_downloads=True)
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(f"{url}?{query}")
    page.wait_for_selector(".cogov-charts-img")
    return page


def _week(page) -> int:
    m = re.search(r"(\d+)", page.inner_text(".cogov-week"))
    return int(m.group(1)) if m else 0


def _wait_week(page, n: int) -> None:
    page.wait_for_function(
        "n => { const m = document.querySelector('.cogov-week')?.innerText.match(/(\\d+)/);"
        " return m && parseInt(m[1]) >= n; }",
        arg=n,
    )


def _shot(page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full)
    if os.environ.get("COGOV_REFRESH_SCREENSHOTS") == "1":
        DOC_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_SHOTS / path.name)


@pytest.mark.timeout(1500)
def test_twenty_sessions_opened_and_closed_leave_no_threads_or_memory_behind(server, browser):
    url, proc = server
    # Warm up (imports, fonts, the first models, the caches): the start is a server that has
    # served a few sessions. Measured: about +10 MB a session for the first three or four,
    # then flat (docs: benchmarks/README.md).
    churn_sessions(browser, url, 4, f"s=baseline&{SMALL}", TIMEOUT_MS)
    prune_idle_workers(url)
    threads0, rss0 = settled_stats(proc.pid)
    churn_sessions(browser, url, 20, f"s=baseline&{SMALL}", TIMEOUT_MS)
    settled_stats(proc.pid, 40)
    prune_idle_workers(url)
    threads1, rss1 = settled_stats(proc.pid, 40)
    deadline = time.time() + 60  # a session closing when measured may still hold a thread
    while threads1 > threads0 * 1.10 and time.time() < deadline:
        time.sleep(5)
        threads1, rss1 = process_tree_stats(proc.pid)
    assert threads1 <= threads0 * 1.10, (threads0, threads1)
    # Memory: what was allocated during the 20 sessions and is still held at the end is
    # 0.6 MB (memray, native); the rest of a served app's growth was glibc's heap, kept
    # fragmented by its rising mmap threshold, which the server now fixes at 1 MiB
    # (cogov.ui.cli.server_env). Measured in-process (benchmarks/README.md): +0.3% with it,
    # +3 to +9% without it, one run each; the served figures vary more.
    print(f"server: threads {threads0} -> {threads1}, resident {rss0} -> {rss1} kB")
    assert rss1 <= rss0 * 1.10, f"server memory {rss0} -> {rss1} kB after 20 closed sessions"


@pytest.mark.parametrize("size", [(1366, 768), (1920, 1080)])
def test_projector_mode_fits_map_and_three_charts_on_one_screen(server, browser, size):
    url, _ = server
    page = _open(browser, url, f"{SMALL}&s=firm_exit&proj=1&lang=zh", size)
    page.click(".cogov-year")
    _wait_week(page, 52)
    page.wait_for_function(
        "() => document.querySelector('.cogov-charts-img').src.startsWith('data:image/svg')"
    )
    time.sleep(0.5)
    w, h = size
    for sel in (".cogov-map-img", ".cogov-charts-img"):
        box = page.locator(sel).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= w + 1, (sel, box)
        assert box["y"] + box["height"] <= h + 1, (sel, box)  # no scrolling needed
    assert page.locator(".cogov-controls").is_hidden()
    _shot(page, f"projector-{w}x{h}")
    assert page.errors == []
    page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_events_are_marked_and_listed_beside_the_map(server, browser, lang):
    url, _ = server
    page = _open(browser, url, f"hh=1000&s=firm_exit&lang={lang}", (1920, 1080))
    page.click(".cogov-year")
    _wait_week(page, 52)
    feed = page.locator(".cogov-events")
    needle = "同时撤出" if lang == "zh" else "left at once"
    feed.get_by_text(needle).wait_for()
    assert ("第52周" if lang == "zh" else "week 52") in feed.inner_text()
    page.close()


def test_the_verdict_in_english_and_the_handout(server, browser):
    url, _ = server
    page = _open(browser, url, f"{SMALL}&s=dual_reporting&lang=en", (1920, 1080))
    page.click(".cogov-verdict-run")
    page.wait_for_selector(".cogov-verdict-text", timeout=180_000)
    text = page.inner_text(".cogov-verdict-text")
    assert text.startswith("Against baseline") and "95% interval" in text
    assert "per 10,000 yuan" in text or "no extra spending" in text
    page.click(".cogov-step")
    _wait_week(page, 1)
    with page.expect_download() as dl:
        page.locator(".cogov-export-html").get_by_role("button").click()
    handout = Path(dl.value.path()).read_text(encoding="utf-8")
    assert text[:40] in handout and "<svg" in handout
    link = re.search(r"<p>(http://[^<]+)</p>", handout)  # the run's link, as the browser has it
    assert link and link.group(1).startswith(url) and "s=dual_reporting" in link.group(1)
    with page.expect_download() as dl:
        page.locator(".cogov-export-csv").get_by_role("button").click()
    rows = Path(dl.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("step,") and rows[1].startswith("1,")
    _shot(page, "verdict-en", full=True)
    assert page.errors == []
    page.close()


def test_a_guided_lesson_reveals_its_answer_after_the_run_and_the_link_reopens_it(server, browser):
    url, _ = server
    page = _open(browser, url, f"s=baseline&{SMALL}&lang=zh", (1366, 768))
    page.click(".cogov-tab-lessons")
    page.locator(".cogov-lessons").get_by_text("双报到改变了什么").first.wait_for()
    assert page.locator(".cogov-lesson-show").is_disabled()  # not before the run
    page.click(".cogov-lesson-apply")
    page.wait_for_selector(".cogov-busy")  # progress while it runs
    page.wait_for_selector(".cogov-busy", state="detached")
    assert _week(page) == 52
    page.click(".cogov-tab-lessons")
    page.click(".cogov-lesson-show")
    page.wait_for_selector(".cogov-lesson-answer")
    assert "考核" in page.inner_text(".cogov-lesson-answer")
    _shot(page, "lesson-zh")
    link = page.url
    assert "s=dual_reporting" in link
    again = _open(browser, link.replace("hh=3000", SMALL), "", (1366, 768))
    assert "dual_reporting" in again.inner_text(".cogov-controls")
    assert page.errors == [] and again.errors == []
    page.close()
    again.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_bad_input_in_the_page_language_and_a_double_click_on_play(server, browser, lang):
    url, _ = server
    page = _open(browser, url, f"s=baseline&{SMALL}&lang={lang}", (1920, 1080))
    page.dblclick(".cogov-play")  # two clicks: one toggle
    _wait_week(page, 2)
    assert page.locator(".cogov-pause").count() == 1
    page.click(".cogov-pause")
    page.wait_for_selector(".cogov-play")
    seed = page.locator(".cogov-seed input")
    seed.fill("-5")
    seed.press("Enter")
    page.wait_for_selector(".cogov-error")
    msg = page.inner_text(".cogov-error")
    if lang == "zh":
        assert "随机种子" in msg and "允许" in msg
        assert not re.search(r"[A-Za-z]{3,}", msg), msg
    else:
        assert "seed" in msg and "allowed" in msg
    assert "Traceback" not in page.inner_text("body") and "/work" not in msg
    seed.fill("7")
    seed.press("Enter")  # the seed applies at once: a new run
    page.wait_for_selector(".cogov-error", state="detached")
    assert _week(page) == 0
    assert page.errors == []
    page.close()
