"""A mechanism switched on while the run plays, in headless Chromium at 1366×768.

The trainer presses Play, flips grid management on: the page says which week it applies
from, the event feed lists it, and the charts draw its marker (olive, solid) on the time
axis. The English page's words are checked too. Then the run is shared by its address: a
colleague opens it in a new page and plays past that week; the same switch shows at the same
week in *What happened*, and the colleague's controls follow it (no "press Reset" note).
"""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pytest

from cogov.events import KINDS
from cogov.ui.cli import CHROMIUM, served_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 90_000
ON = re.compile(r"第(\d+)周：启用网格化管理")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: run scripts/setup-browser.sh"
    ),
]


@pytest.fixture(scope="module")
def server():
    log = ROOT / "test-output"
    log.mkdir(exist_ok=True)
    try:
        with served_app(log / "app-switch.log", session_timeout="2s") as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


def _open(browser, url: str, lang: str | None):
    """A page of the baseline at 1366×768 in ``lang``; with ``lang`` None, ``url`` as it is."""
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url if lang is None else f"{url}?s=baseline&hh=400&lang={lang}")
    page.wait_for_selector(".cogov-charts-img")
    return page


def _week(page) -> int:
    m = re.search(r"(\d+)", page.inner_text(".cogov-week"))
    return int(m.group(1)) if m else 0


def _marker_pixels(page) -> int:
    """Pixels of the charts drawn in the switched-on marker's colour (alpha 0.8 on white)."""
    from PIL import Image

    src = page.get_attribute(".cogov-charts-img", "src")
    png = base64.b64decode(src.split(",", 1)[1])
    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB")).astype(int)
    colour = np.array([int(KINDS["mechanism_on"]["colour"][i : i + 2], 16) for i in (1, 3, 5)])
    on_white = 0.8 * colour + 0.2 * 255
    return int((np.abs(rgb - on_white).max(axis=2) <= 12).sum())


def test_a_mechanism_switched_on_while_playing_is_marked_and_listed(server, browser):
    page = _open(browser, server, "zh")
    assert "从下一周起生效" in page.inner_text(".cogov-switch-live")
    assert _marker_pixels(page) == 0
    page.click(".cogov-play")
    page.wait_for_function(
        "() => parseInt(document.querySelector('.cogov-week')?.innerText.match(/(\\d+)/)?.[1]"
        " || '0') >= 3"
    )
    page.click(".cogov-switch-grid_management input")
    feed = page.locator(".cogov-events")
    feed.get_by_text("启用网格化管理").wait_for()
    page.click(".cogov-pause")
    page.wait_for_selector(".cogov-play")
    entry = re.search(r"第(\d+)周：启用网格化管理", feed.inner_text())
    assert entry and 3 < int(entry.group(1)) <= _week(page)
    assert page.locator(".cogov-pending").count() == 0  # applied live, no reset asked for
    page.wait_for_function(
        "n => document.querySelector('.cogov-readout')?.innerText.includes('第' + n + '周')",
        arg=_week(page),
    )
    assert _marker_pixels(page) > 50  # a vertical line in every panel
    # Paused: switched off, the page says from which week; one step later the feed has it.
    week = _week(page)
    page.click(".cogov-switch-grid_management input")
    page.get_by_text(f"第{week + 1}周：停用网格化管理").first.wait_for()
    page.click(".cogov-step")
    feed.get_by_text(f"第{week + 1}周：停用网格化管理").wait_for()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "live-switch-zh-1366.png"), full_page=True)
    assert page.errors == []
    page.close()


def test_the_english_page_says_how_live_switches_act(server, browser):
    from cogov.events import switch_event

    page = _open(browser, server, "en")
    text = page.inner_text(".cogov-switch-live")
    assert "applies from the next week" in text and "Reset" in text
    assert not re.search(r"[\u4e00-\u9fff]", text)
    assert switch_event(37, "grid_management", True).text("en") == (
        "week 37: grid management switched on"
    )
    assert page.errors == []
    page.close()


def _play_to(page, n: int) -> None:
    page.click(".cogov-play")
    page.wait_for_function(
        "n => { const m = document.querySelector('.cogov-week')?.innerText.match(/(\\d+)/);"
        " return m && parseInt(m[1]) >= n; }",
        arg=n,
    )
    page.click(".cogov-pause")
    page.wait_for_selector(".cogov-play")


def _switched_on_week(page) -> int | None:
    m = ON.search(page.inner_text(".cogov-events"))
    return int(m.group(1)) if m else None


def test_a_copied_link_replays_the_switch_at_its_week(server, browser):
    page = _open(browser, server, "zh")
    page.click(".cogov-play")
    page.wait_for_function(
        "() => parseInt(document.querySelector('.cogov-week')?.innerText.match(/(\\d+)/)?.[1]"
        " || '0') >= 2"
    )
    page.click(".cogov-switch-grid_management input")
    page.locator(".cogov-events").get_by_text("启用网格化管理").wait_for()
    page.click(".cogov-pause")
    page.wait_for_selector(".cogov-play")
    week = _switched_on_week(page)
    assert week is not None and week >= 3
    # The address links the run: its start (grid management off) and the switch.
    page.wait_for_function("() => location.search.includes('sw=')")
    query = parse_qs(urlsplit(page.url).query)
    assert query["sw"] == [f"{week}:grid_management:on"]
    assert "set" not in query or not any("grid_management.enabled" in v for v in query["set"])
    link = page.url
    page.close()

    other = _open(browser, link, None)
    assert _week(other) == 0 and _switched_on_week(other) is None
    assert other.locator(".cogov-error").count() == 0  # the link read without problems
    _play_to(other, week)
    assert _switched_on_week(other) == week
    # The colleague's controls followed the replayed switch: it shows on, nothing pending.
    assert other.locator(".cogov-switch-grid_management input").is_checked()
    assert other.locator(".cogov-pending").count() == 0
    SHOTS.mkdir(parents=True, exist_ok=True)
    other.screenshot(path=str(SHOTS / "live-switch-link-zh-1366.png"))
    assert other.errors == []
    other.close()
