"""The app driven in a real browser: Debian's headless Chromium through Playwright.

The app is served by ``solara run app.py`` on a free loopback port for the whole module.
Screenshots of each page go to ``test-output/screenshots/``; with
``COGOV_REFRESH_SCREENSHOTS=1`` they are also copied to ``docs/screenshots/`` (the README's),
so that an ordinary test run never changes tracked files.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cogov.ui.cli import CHROMIUM, served_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
DOC_SHOTS = ROOT / "docs" / "screenshots"
TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent: run scripts/setup-browser.sh"
    ),
]


@pytest.fixture(scope="module")
def server():
    """Serve the app on a free loopback port; yield its URL; stop it afterwards."""
    log = (ROOT / "test-output").resolve()
    log.mkdir(exist_ok=True)
    try:
        with served_app(log / "app-server.log") as url:
            yield url
    except RuntimeError as exc:
        pytest.fail(str(exc))


class Page:
    """A browser page on the app, collecting console errors."""

    def __init__(self, browser, url: str):
        self.page = browser.new_page(viewport={"width": 1500, "height": 1000})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.goto(url)
        try:
            self.page.wait_for_selector(".cogov-charts-img")
        except Exception as exc:  # noqa: BLE001 - say what is most likely missing
            raise AssertionError(
                "the app's page did not render; without a CDN, Solara's front-end assets must "
                "be in the venv's asset cache: run scripts/setup-browser.sh "
                f"(server log: test-output/app-server.log); console: {self.errors[:5]}"
            ) from exc

    def img_src(self, selector: str) -> str:
        return self.page.locator(selector).first.get_attribute("src") or ""

    def text(self, selector: str) -> str:
        return self.page.locator(selector).first.inner_text()

    def wait_text(self, selector: str, needle: str) -> None:
        self.page.wait_for_function(
            "([sel, needle]) => { const e = document.querySelector(sel);"
            " return e && e.innerText.toLowerCase().includes(needle.toLowerCase()); }",
            arg=[selector, needle],
        )

    def wait_week(self, n: int, lang: str = "zh") -> None:
        """Wait until the week counter and the charts' readout both show week ``n``."""
        week = f"第{n}周" if lang == "zh" else f"Week {n}"
        self.wait_text(".cogov-week", week)
        self.wait_text(".cogov-readout", week + (" " if n else ""))

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        if os.environ.get("COGOV_REFRESH_SCREENSHOTS") == "1":
            DOC_SHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DOC_SHOTS / path.name)
        return path

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def app(server, browser):
    page = Page(browser, server)
    yield page
    page.close()


def test_live_page_loads_and_stepping_changes_charts(app):
    app.wait_week(0)
    charts0, map0 = app.img_src(".cogov-charts-img"), app.img_src(".cogov-map-img")
    assert charts0.startswith("data:image/png")
    app.page.click(".cogov-step")
    app.wait_week(1)
    app.page.wait_for_function(
        "old => document.querySelector('.cogov-charts-img').src !== old", arg=charts0
    )
    app.page.click(".cogov-year")
    app.wait_week(53)
    assert app.img_src(".cogov-map-img") != map0
    app.shot("live")
    assert app.errors == [], app.errors


def test_play_and_pause(app):
    app.page.click(".cogov-play")
    # Weeks go by quickly: wait for week 3 or later (a frame may show two updates at once).
    app.page.wait_for_function(
        "() => { const m = document.querySelector('.cogov-week').innerText.match(/(\\d+)/);"
        " return m && parseInt(m[1]) >= 3; }"
    )
    app.page.click(".cogov-pause")
    app.page.wait_for_selector(".cogov-play")
    assert app.errors == []


def _switch_to_try() -> tuple[str, int]:
    """A mechanism the engine implements (or, before any does, the epidemic shock)."""
    from cogov.mechanisms import REGISTRY
    from cogov.ui.controls import switch_groups

    for group in switch_groups("mechanisms"):
        if group.name in REGISTRY:
            return group.name, 1
    return "epidemic", 2  # starts in week 60: run two years


def test_switching_a_mechanism_and_resetting_changes_the_trajectory(app):
    name, years = _switch_to_try()
    for _ in range(years):
        app.page.click(".cogov-year")
    app.wait_week(52 * years)
    before = app.text(".cogov-readout")
    app.page.click(f".cogov-switch-{name} input")
    app.page.wait_for_selector(".cogov-switch-next")  # a mechanism applies from next week
    app.page.click(".cogov-reset")
    app.wait_week(0)
    for _ in range(years):
        app.page.click(".cogov-year")
    app.wait_week(52 * years)
    after = app.text(".cogov-readout")
    assert after.split("·")[0] == before.split("·")[0]  # the same week
    assert after != before
    app.shot(f"live-{name}")
    assert app.errors == []


def test_clicking_a_building_shows_its_residents(app):
    from cogov.ui.controller import LiveController, default_settings
    from cogov.ui.mapview import MapView

    opened = LiveController(default_settings())  # what the page opens on
    assert opened.reset()
    x, y = MapView(opened.model, "participation", "zh").geometry.centre_px(0)
    app.page.locator(".cogov-map-img").click(position={"x": x, "y": y})
    app.page.wait_for_selector(".cogov-building-summary")
    assert "居民" in app.text(".cogov-building-summary")
    assert app.errors == []


def test_language_switch_changes_labels(app):
    assert "实时模拟" in app.text(".cogov-tabs")
    app.page.click(".cogov-step")
    app.wait_week(1)
    assert "参与率" in app.text(".cogov-readout")
    charts_zh = app.img_src(".cogov-charts-img")
    app.page.click(".cogov-lang")
    app.wait_text(".cogov-tabs", "Live")
    tabs = app.text(".cogov-tabs").lower()
    assert "compare" in tabs and "explain" in tabs
    app.wait_text(".cogov-readout", "Week 1")
    app.wait_text(".cogov-readout", "Participation")
    app.wait_text(".cogov-controls", "Scenario")
    app.wait_text(".cogov-controls", "Administration-led")  # the scenario's description
    app.page.wait_for_function(  # titles and axes relabelled
        "old => document.querySelector('.cogov-charts-img').src !== old", arg=charts_zh
    )
    app.shot("live-en")
    app.page.click(".cogov-lang")
    app.wait_text(".cogov-tabs", "实时模拟")
    app.wait_text(".cogov-controls", "行政主导")
    assert app.errors == []


def test_rejected_setting_shows_a_message_and_reset_recovers(app):
    area = app.page.locator(".cogov-controls textarea").first
    area.fill("needs.rate_scal = 2")
    area.blur()
    app.page.click(".cogov-reset")
    app.page.wait_for_selector(".cogov-error")
    assert "rate_scale" in app.text(".cogov-error")
    assert "Traceback" not in app.page.locator("body").inner_text()
    area.fill("")
    area.blur()
    app.page.click(".cogov-reset")
    app.page.wait_for_selector(".cogov-step:not([disabled])")
    app.page.click(".cogov-step")
    app.wait_week(1)
    assert app.page.locator(".cogov-error").count() == 0
    assert app.errors == []


def test_compare_page_runs_in_the_background(app):
    name, _ = _switch_to_try()
    app.page.click(f".cogov-switch-{name} input")  # compare the live settings: one switch on
    app.page.wait_for_selector(".cogov-pending, .cogov-switch-next")  # at week 0, or live
    app.page.click(".cogov-tab-compare")
    page = app.page.locator(".cogov-page-compare")
    sliders = page.locator("[role=slider]")
    # 4 replications of 52 weeks: a few seconds.
    for i, ups, shown in ((0, 2, "重复次数: 4"), (1, 1, "周数: 52")):
        for _attempt in range(3):  # a key press can be lost while the page re-renders
            sliders.nth(i).focus()
            sliders.nth(i).press("Home")
            for _ in range(ups):
                sliders.nth(i).press("ArrowRight")
            try:
                page.get_by_text(shown).wait_for(timeout=5_000)
                break
            except Exception:  # noqa: BLE001 - try the keys again
                continue
        app.wait_text(".cogov-page-compare", shown)
    app.page.click(".cogov-compare-run")
    app.page.wait_for_selector(".cogov-progress")  # the bar shows while it runs
    app.page.wait_for_selector(".cogov-compare-table", timeout=120_000)
    assert app.page.locator(".cogov-compare-img").first.get_attribute("src").startswith("data:")
    assert "n = 4" in page.inner_text()
    app.shot("compare")
    assert app.errors == []


def test_explain_page(app):
    app.page.click(".cogov-tab-explain")
    app.page.wait_for_selector(".cogov-explain-point_incentives")
    assert "积分" in app.text(".cogov-explain-point_incentives")
    app.shot("explain")
    assert app.errors == []
