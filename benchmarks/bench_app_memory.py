"""Memory of closed sessions: the served app's growth after many trainers came and went (a script).

Serves the app twice (``cogov app``'s way): with the server's fixed mmap threshold
(``cogov.ui.cli.MMAP_THRESHOLD_BYTES``) and with glibc's own, rising one. For each, headless
Chromium opens a few warm-up sessions, then N more one after another, each playing when its
tab closes and every fifth reloaded first (``cogov.ui.cli.churn_sessions``, as the browser
test does); the server's resident memory and threads are read from ``/proc`` once they stop
changing, after the warm-up and after every ``--every`` sessions. Prints the growth of each
and their ratio. The two servers run one after the other on the same machine, so read the
load average with the figures.

Usage: .venv/bin/python benchmarks/bench_app_memory.py [--sessions 20] [--every 4]
       [--warmup 4] [--households 400]
"""

from __future__ import annotations

import argparse
import os

from cogov.ui.cli import (
    CHROMIUM,
    CHROMIUM_ARGS,
    MMAP_THRESHOLD_BYTES,
    churn_sessions,
    prune_idle_workers,
    served_app,
    settled_stats,
)


def growth(browser, threshold: int | None, args: argparse.Namespace) -> tuple[int, list[int]]:
    """Resident kB after the warm-up, then after every ``args.every`` sessions."""
    query = f"s=baseline&hh={args.households}"
    procs: list = []
    with served_app(session_timeout="2s", procs=procs, mmap_threshold=threshold) as url:
        pid = procs[0].pid
        churn_sessions(browser, url, args.warmup, query)
        prune_idle_workers(url)
        start = settled_stats(pid)[1]
        after = []
        for done in range(0, args.sessions, args.every):
            churn_sessions(browser, url, min(args.every, args.sessions - done), query)
            settled_stats(pid, 40)
            prune_idle_workers(url)
            after.append(settled_stats(pid, 40)[1])
    return start, after


def main() -> int:
    """Measure and print."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sessions", type=int, default=20)
    ap.add_argument("--every", type=int, default=4)
    ap.add_argument("--warmup", type=int, default=4)
    ap.add_argument("--households", type=int, default=400)
    args = ap.parse_args()
    if not CHROMIUM.exists():
        print(f"skipped: {CHROMIUM} absent")
        return 0
    from playwright.sync_api import sync_playwright

    rows = []
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        for name, threshold in (
            (f"fixed mmap threshold ({MMAP_THRESHOLD_BYTES} bytes)", MMAP_THRESHOLD_BYTES),
            ("glibc's own threshold", None),
        ):
            start, after = growth(b, threshold, args)
            rows.append((name, start, after))
        b.close()
    print("load average (1, 5, 15 min): " + ", ".join(f"{x:.2f}" for x in os.getloadavg()))
    grown = []
    for name, start, after in rows:
        grown.append(after[-1] / start - 1)
        trail = ", ".join(f"{kb / 1024:.0f}" for kb in after)
        print(
            f"{name}: {start / 1024:.0f} MB after {args.warmup} warm-up sessions -> {trail} MB "
            f"every {args.every} of {args.sessions}: {100 * grown[-1]:+.1f}%"
        )
    if grown[1] > 0:
        print(f"growth with the fixed threshold / without: {grown[0] / grown[1]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
