"""A class plays a 3-round game in real browsers: one facilitator, four trainees (Chromium).

The facilitator opens a room in the lobby; four trainees join from the join link in their
own browser contexts (separate cookies and sessions), each takes a role and sends a
decision; one sends an out-of-range fee and is refused with a message; the facilitator
injects an event, closes three rounds and opens the debrief, which names each player's
role and compares the played run with the all-model run. The join link the facilitator's
screen shows is a full URL (scheme, host, port, room code), and the trainees open that link.
A shorter game in Chinese checks the Chinese screens, the feed's model events (from
``cogov.events``) and makes the Chinese screenshots of ``docs/ROLEPLAY.md``.

Screenshots (1366 wide, a 1366×768 window, the whole page) go to ``test-output/screenshots``,
and to ``docs/screenshots`` with ``COGOV_REFRESH_SCREENSHOTS=1``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from cogov.ui.cli import CHROMIUM, served_app

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


def _page(browser, url):
    ctx = browser.new_context(viewport={"width": 1366, "height": 768})
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


def _shot(page, name: str, element: str | None = None) -> None:
    """A screenshot in test-output/ (and docs/screenshots/ with COGOV_REFRESH_SCREENSHOTS=1)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    if element:
        page.locator(element).screenshot(path=str(path))
    else:  # the app scrolls inside its own layout: open the window to the page's height
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"
        )
        page.set_viewport_size({"width": 1366, "height": max(768, min(int(height) + 120, 4000))})
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size({"width": 1366, "height": 768})
    if os.environ.get("COGOV_REFRESH_SCREENSHOTS") == "1":
        shutil.copyfile(path, ROOT / "docs" / "screenshots" / path.name)


def test_a_class_plays_three_rounds_and_reads_the_debrief(server, browser):
    fac_ctx, fac = _page(browser, server + "roleplay?lang=en")
    fac.locator(".rp-rounds input").fill("3")
    fac.locator(".rp-create").click()
    fac.wait_for_selector(".rp-room-code")
    code = fac.locator(".rp-room-code").inner_text().strip()
    assert len(code) == 6
    # the join link is the whole address a trainee's browser needs, not a path
    link = fac.locator(".rp-join-url").inner_text().strip()
    assert link == f"{server}roleplay?room={code}"  # http://127.0.0.1:<port>/roleplay?room=
    assert fac.locator(".rp-join-url").get_attribute("href") == link
    # served on the loopback only: the screen says how to let other devices in
    assert "--host 0.0.0.0" in fac.locator(".rp-join-hint").inner_text()
    plays = [
        ("property firm manager", "Ann", {"effort": "1"}),
        ("community party secretary / RC director", "Bo", {"share_time_on_needs": "0.8"}),
        ("resident representative", "Cai", None),
        ("owners' committee chair", "Dee", {"activeness": "0.9"}),
    ]
    trainees = []
    for role, name, fields in plays:
        ctx, page = _page(browser, link + "&lang=en")
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
    _shot(fac, "roleplay-debrief", ".rp-debrief")
    for ctx, _p in [*trainees, (fac_ctx, fac)]:
        ctx.close()


def test_the_chinese_screens_show_the_models_events_and_the_debrief(server, browser):
    fac_ctx, fac = _page(browser, server + "roleplay?lang=zh")
    fac.locator(".rp-rounds input").fill("2")
    fac.locator(".rp-create").click()
    fac.wait_for_selector(".rp-room-code")
    code = fac.locator(".rp-room-code").inner_text().strip()
    link = fac.locator(".rp-join-url").inner_text().strip()
    assert link == f"{server}roleplay?room={code}"
    assert "加入链接" in fac.locator(".rp-join-link").inner_text()
    pages = []
    for role, name, field in (("物业经理", "王芳", ("effort", "1")), ("居民代表", "李强", None)):
        ctx, page = _page(browser, link)  # Chinese by default
        page.locator(".rp-name input").fill(name)
        _select(page, ".rp-role", role)
        page.locator(".rp-take").click()
        page.wait_for_selector(".rp-form")
        if field:
            page.locator(f".rp-field-{field[0]} input").fill(field[1])
        else:
            page.locator(".rp-field-fee_strike input").check()
        page.locator(".rp-send").click()
        _wait_text(page, ".rp-sent", "已收到")
        pages.append((ctx, page))
    _wait_text(fac, ".rp-seat-firm .rp-decided", "已决定")
    fac.locator(".rp-inject").click()  # an epidemic (the first event offered)
    _wait_text(fac, ".rp-feed", "主持人注入事件：疫情")
    fac.locator(".rp-advance").click()
    _wait_text(fac, ".rp-status", "第 2 / 2 轮")
    # the model's own event (cogov.events), in Chinese, on both screens
    _wait_text(fac, ".rp-feed", "疫情开始")
    firm = pages[0][1]
    _wait_text(firm, ".rp-role-feed", "疫情开始")
    firm.locator(".rp-field-fee_yuan input").fill("999")
    firm.locator(".rp-send").click()
    _wait_text(firm, ".rp-error", "允许")
    _shot(firm, "roleplay-trainee-zh")
    fac.locator(".rp-advance").click()
    _wait_text(fac, ".rp-status", "本局已结束")
    fac.locator(".rp-debrief-btn").click()
    fac.wait_for_selector(".rp-debrief")
    text = fac.locator(".rp-debrief").inner_text()
    assert "物业经理（王芳）" in text and "同一种子" in text
    _shot(fac, "roleplay-facilitator-zh")
    _shot(fac, "roleplay-debrief-zh", ".rp-debrief")
    for ctx, _p in [*pages, (fac_ctx, fac)]:
        ctx.close()
