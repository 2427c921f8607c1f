"""A class plays a 3-round game in real browsers: one facilitator, four trainees (Chromium).

The facilitator opens a room in the lobby; four trainees join from the join link in their
own browser contexts (separate cookies and sessions), each takes a role and sends a
decision; one sends an out-of-range fee and is refused with a message; the facilitator
injects an event, closes three rounds and opens the debrief, which names each player's
role and compares the played run with the all-model run.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cogov.ui.cli import CHROMIUM, CHROMIUM_ARGS, served_app

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "test-output" / "screenshots"
TIMEOUT_MS = 60_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    rooms = tmp_path_factory.mktemp("rooms")
    log = (ROOT / "test-output").resolve()
    log.mkdir(exist_ok=True)
    old = os.environ.get("COGOV_ROLEPLAY_DIR")
    os.environ["COGOV_ROLEPLAY_DIR"] = str(rooms)
    try:
        with served_app(log / "roleplay-server.log") as url:
            yield url
    finally:
        if old is None:
            os.environ.pop("COGOV_ROLEPLAY_DIR", None)
        else:
            os.environ["COGOV_ROLEPLAY_DIR"] = old


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield b
        b.close()


def _page(browser, url):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900})
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url)
    return ctx, page


def _wait_text(page, selector, needle):
    page.wait_for_function(
        "([sel, needle]) => { const e = document.querySelector(sel);"
        " return e && e.innerText.includes(needle); }",
        arg=[selector, needle],
    )


def _select(page, css, option):
    page.locator(f"{css}").first.click()
    page.get_by_role("option", name=option, exact=True).click()


def _shot(page, name: str) -> None:
    """A screenshot in test-output/ (and docs/screenshots/ with COGOV_REFRESH_SCREENSHOTS=1)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get("COGOV_REFRESH_SCREENSHOTS") == "1":
        shutil.copyfile(path, ROOT / "docs" / "screenshots" / path.name)


def test_a_class_plays_three_rounds_and_reads_the_debrief(server, browser):
    fac_ctx, fac = _page(browser, server + "roleplay?lang=en")
    fac.locator(".rp-rounds input").fill("3")
    fac.locator(".rp-create").click()
    fac.wait_for_selector(".rp-room-code")
    code = fac.locator(".rp-room-code").inner_text().strip()
    assert len(code) == 6
    plays = [
        ("property firm manager", "Ann", {"effort": "1"}),
        ("community party secretary / RC director", "Bo", {"share_time_on_needs": "0.8"}),
        ("resident representative", "Cai", None),
        ("owners' committee chair", "Dee", {"activeness": "0.9"}),
    ]
    trainees = []
    for role, name, fields in plays:
        ctx, page = _page(browser, server + f"roleplay?room={code}&lang=en")
        page.locator(".rp-name input").fill(name)
        _select(page, ".rp-role", role)
        page.locator(".rp-take").click()
        page.wait_for_selector(".rp-form")
        if fields is None:
            page.locator(".rp-field-fee_strike input").check()
        else:
            for f, v in fields.items():
                page.locator(f".rp-field-{f} input").fill(v)
        page.locator(".rp-send").click()
        page.wait_for_selector(".rp-sent")
        trainees.append((ctx, page))
    # a crafted out-of-range fee is refused with a message, and nothing is lost
    firm = trainees[0][1]
    firm.locator(".rp-field-fee_yuan input").fill("999")
    firm.locator(".rp-send").click()
    _wait_text(firm, ".rp-error", "15 to 40")
    _shot(firm, "roleplay-trainee")
    # the facilitator sees who has decided
    _wait_text(fac, ".rp-seat-firm .rp-decided", "decided")
    _wait_text(fac, ".rp-seat-unit", "model plays")
    _select(fac, ".rp-event", "budget cut")
    fac.locator(".rp-inject").click()
    for r in (1, 2, 3):
        fac.locator(".rp-advance").click()
        if r < 3:
            _wait_text(fac, ".rp-status", f"round {r + 1} of 3")
    _wait_text(fac, ".rp-status", "the game is over")
    _wait_text(trainees[1][1], ".rp-trainee-status", "the game is over")
    fac.locator(".rp-debrief-btn").click()
    fac.wait_for_selector(".rp-debrief")
    text = fac.locator(".rp-debrief").inner_text()
    assert "property firm manager (Ann)" in text
    assert "community party secretary / RC director (Bo)" in text
    assert "resident representative (Cai)" in text
    assert "same seed" in text and " vs " in text
    assert "budget cut" in fac.locator(".rp-feed").inner_text()
    _shot(fac, "roleplay-facilitator")
    for ctx, _p in [*trainees, (fac_ctx, fac)]:
        ctx.close()
