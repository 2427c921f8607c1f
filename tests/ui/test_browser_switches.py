"""A run switched while it plays, shared by its address, in headless Chromium at 1366×768.

The trainer plays, flips grid management on, and copies the address; a colleague opens it in
a new page and plays past that week: the same switch shows at the same week in *What
happened*, and the colleague's controls follow it (no "press Reset" note).
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from cogov.ui.cli import CHROMIUM, served_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 90_000
SMALL = "hh=400"
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
    """The app on a free loopback port (sessions freed 2 s after a disconnect)."""
    log = ROOT / "test-output"
    log.mkdir(exist_ok=True)
    try:
        with served_app(log / "app-switches.log", session_timeout="2s") as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


def _open(browser, url: str):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    page.wait_for_selector(".cogov-charts-img")
    return page


def _week(page) -> int:
    m = re.search(r"(\d+)", page.inner_text(".cogov-week"))
    return int(m.group(1)) if m else 0


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
    page = _open(browser, f"{server}?s=baseline&{SMALL}&lang=zh")
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

    other = _open(browser, link)
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
