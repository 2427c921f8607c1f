"""Several trainers at once: the play rate of N sessions of one served app (a script).

Serves the app (``cogov app``'s way), opens N pages in headless Chromium (Debian's
/usr/bin/chromium), presses Play in each, and counts the weeks each page shows over the same
seconds; then one page alone for comparison. A play turn is a week's step and its drawing,
and the turns of all sessions go round robin through one gate
(``cogov.ui.controller.play``, ``STEP_GATE``), so the shares should be even: the figure of
merit is the slowest session's rate against the mean (fairness), and the total against one
session alone. Prints the load average: on a shared machine the absolute rates follow it.

Usage: .venv/bin/python benchmarks/bench_app_sessions.py [--sessions 4] [--seconds 20]
       [--households 3000]
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time

from cogov.ui.cli import CHROMIUM, CHROMIUM_ARGS, served_app


def _week(page) -> int:
    m = re.search(r"(\d+)", page.inner_text(".cogov-week"))
    return int(m.group(1)) if m else 0


def play_rates(browser, url: str, n: int, seconds: float, households: int) -> list[float]:
    """Steps per second of each of ``n`` pages playing at the same time."""
    pages = []
    for _ in range(n):
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.set_default_timeout(180_000)
        page.goto(f"{url}?s=baseline&hh={households}")
        page.wait_for_selector(".cogov-play")
        pages.append(page)
    for page in pages:
        page.click(".cogov-play")
    time.sleep(3.0)  # past the first frames
    start = [(_week(p), time.perf_counter()) for p in pages]
    time.sleep(seconds)
    rates = []
    for page, (w0, t0) in zip(pages, start, strict=True):
        rates.append((_week(page) - w0) / (time.perf_counter() - t0))
    for page in pages:
        page.click(".cogov-pause")
        page.close()
    return rates


def main() -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--households", type=int, default=3000)
    args = ap.parse_args()
    if not CHROMIUM.exists():
        print(f"skipped: {CHROMIUM} absent")
        return 0
    from playwright.sync_api import sync_playwright

    with served_app() as url, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        alone = play_rates(b, url, 1, args.seconds, args.households)[0]
        many = play_rates(b, url, args.sessions, args.seconds, args.households)
        b.close()
    mean = statistics.mean(many)
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    print(f"one session alone: {alone:5.2f} steps/s")
    print(
        f"{args.sessions} sessions at once: "
        + ", ".join(f"{r:4.2f}" for r in many)
        + f" steps/s (mean {mean:4.2f}, total {sum(many):4.2f})"
    )
    print(f"fairness (slowest / mean): {min(many) / mean if mean else 0:4.2f}")
    print(f"total with {args.sessions} / one alone: {sum(many) / alone if alone else 0:4.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
