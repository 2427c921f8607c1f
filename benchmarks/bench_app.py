"""How responsive the app is at the default community size (a script, not a timed test).

Prints, per week stepped:
  * the model step (the run and the faint baseline beside it),
  * the render of the live page's pictures (charts, map, PNG to data URL),
  * step + render together: the target is under 300 ms;
and the play rate, in steps per second (target at least 3):
  * in-process: the Solara app rendered with ``solara.render`` and its Play button pressed;
  * with ``--browser``: the real app served by ``solara run`` and watched in headless
    Chromium (Debian's /usr/bin/chromium), counting the weeks the page shows.

and, per community size (the default, and ``--communities`` communities of the default size):
  * reset (build the community and its reference), one step, and the residents.

Usage: .venv/bin/python benchmarks/bench_app.py [--weeks 104] [--play-seconds 8] [--browser]
       [--communities 50]
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time

from cogov.ui.cli import CHROMIUM, CHROMIUM_ARGS, served_app


def _summary(name: str, values: list[float]) -> str:
    ms = sorted(v * 1000 for v in values)
    p90 = ms[int(0.9 * (len(ms) - 1))]
    return (
        f"{name:<34} mean {statistics.mean(ms):7.1f} ms   median {statistics.median(ms):7.1f}"
        f"   p90 {p90:7.1f}   max {ms[-1]:7.1f}"
    )


def _a_mechanism() -> str | None:
    """The switch of the first mechanism the engine implements, if any."""
    from cogov.mechanisms import REGISTRY
    from cogov.ui.controls import switch_groups

    for group in switch_groups("mechanisms"):
        if group.name in REGISTRY:
            return group.enabled_key
    return None


def bench_render(weeks: int, switch: str | None = None) -> float:
    """Step the default community week by week and time each part of a frame."""
    from cogov.ui.charts import LiveCharts
    from cogov.ui.controller import LiveController, default_settings
    from cogov.ui.mapview import MapView, building_stats
    from cogov.ui.render import data_url

    settings = default_settings()
    if switch:
        settings = settings.with_value(switch, True)
    c = LiveController(settings)
    assert c.reset(), c.error
    print(f"\n== {'baseline' if not switch else switch + ' on (baseline stepped beside it)'}")
    charts = LiveCharts("zh")
    view = MapView(c.model, "participation", "zh")
    steps, chart_t, map_t, total = [], [], [], []
    for _ in range(weeks):
        t0 = time.perf_counter()
        c.step()
        t1 = time.perf_counter()
        data_url(charts.update(c.timeseries(), c.baseline_timeseries()))
        t2 = time.perf_counter()
        data_url(view.update(c.model, building_stats(c.model)))
        t3 = time.perf_counter()
        steps.append(t1 - t0)
        chart_t.append(t2 - t1)
        map_t.append(t3 - t2)
        total.append(t3 - t0)
    res = c.model.residents.n
    print(
        f"default community: {c.model.params.structure.households_per_community} households, "
        f"{res} residents, {c.model.layout.n_buildings} buildings; {weeks} weeks"
    )
    print(_summary("model step (run + baseline)", steps))
    print(_summary("charts (12 panels, PNG)", chart_t))
    print(_summary("map (PNG)", map_t))
    print(_summary("step + render", total))
    print(
        f"  full chart redraws: {charts.blit.full_redraws - 1} of {weeks} frames "
        f"(axes grow in round steps; other frames redraw only the lines)"
    )
    under = sum(t < 0.3 for t in total) / len(total)
    print(f"  frames under 300 ms: {under:.0%}")
    return statistics.mean(total)


def bench_sizes(communities: int, steps: int = 3) -> None:
    """Reset and step times of the live page at the default size and at ``communities``."""
    from dataclasses import replace

    from cogov.ui.controller import LiveController, default_settings

    print()
    for n in (1, communities):
        s = default_settings()
        if n > 1:
            s = replace(s, extra=f"structure.communities={n}")
        c = LiveController(s)
        t0 = time.perf_counter()
        ok = c.reset()
        t1 = time.perf_counter()
        if not ok:
            print(f"{n} communities: refused: {c.error}")
            continue
        times = []
        for _ in range(steps):
            t = time.perf_counter()
            c.step()
            times.append(time.perf_counter() - t)
        print(
            f"{n:>2} communities, {c.model.residents.n:>7,} residents: reset {t1 - t0:6.2f} s, "
            f"step {statistics.median(times):6.3f} s (median of {steps})"
        )
        c.close()


def bench_play_in_process(seconds: float) -> float:
    """Press Play in the app rendered in-process; count weeks per second."""
    import ipyvuetify as vw
    import solara

    from cogov.ui.components import App

    box, rc = solara.render(App(), handle_error=False)

    def buttons(text):
        out = []

        def walk(w):
            if isinstance(w, vw.Btn) and text in str(w.children):
                out.append(w)
            for ch in getattr(w, "children", None) or []:
                if not isinstance(ch, str):
                    walk(ch)

        walk(box)
        return out

    def week() -> int:
        found = []

        def walk(w):
            for ch in getattr(w, "children", None) or []:
                if isinstance(ch, str):
                    m = re.fullmatch(r"第(\d+)周", ch)
                    if m:
                        found.append(int(m.group(1)))
                else:
                    walk(ch)

        walk(box)
        return max(found) if found else 0

    buttons("播放")[0].click()
    start_week, start = week(), time.perf_counter()
    time.sleep(seconds)
    end_week, elapsed = week(), time.perf_counter() - start
    buttons("暂停")[0].click()
    rc.close()
    rate = (end_week - start_week) / elapsed
    print(f"play, in-process (solara.render):  {rate:5.2f} steps/s over {elapsed:.1f} s")
    return rate


def bench_play_browser(seconds: float) -> float | None:
    """Serve the app and watch Play in headless Chromium; weeks per second shown."""
    if not CHROMIUM.exists():
        print(f"play, in the browser: skipped ({CHROMIUM} absent)")
        return None
    from playwright.sync_api import sync_playwright

    with served_app() as url, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        page = b.new_page(viewport={"width": 1500, "height": 1000})
        page.set_default_timeout(60_000)
        page.goto(url)
        page.wait_for_selector(".cogov-play")

        def week() -> int:
            m = re.search(r"第(\d+)周", page.inner_text(".cogov-week"))
            return int(m.group(1)) if m else 0

        page.click(".cogov-play")
        time.sleep(1.0)  # past the first frame
        w0, t0 = week(), time.perf_counter()
        time.sleep(seconds)
        w1, t1 = week(), time.perf_counter()
        page.click(".cogov-pause")
        b.close()
    rate = (w1 - w0) / (t1 - t0)
    print(f"play, in the browser (Chromium):   {rate:5.2f} steps/s over {t1 - t0:.1f} s")
    return rate


def main() -> int:
    """Run the benchmarks and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--weeks", type=int, default=104)
    ap.add_argument("--play-seconds", type=float, default=8.0)
    ap.add_argument("--browser", action="store_true", help="also measure play in Chromium")
    ap.add_argument("--communities", type=int, default=50, help="the large size (communities)")
    ap.add_argument("--sizes-only", action="store_true", help="only reset/step by size")
    args = ap.parse_args()
    if args.sizes_only:
        bench_sizes(args.communities)
        return 0
    mean = bench_render(args.weeks)
    switch = _a_mechanism()
    if switch:
        mean = max(mean, bench_render(args.weeks, switch))
    print()
    bench_sizes(args.communities)
    rate = bench_play_in_process(args.play_seconds)
    browser = bench_play_browser(args.play_seconds) if args.browser else None
    print()
    print(
        f"step renders in {mean * 1000:.0f} ms on average, slower case (target < 300 ms): "
        f"{'OK' if mean < 0.3 else 'SLOW'}"
    )
    shown = browser if browser is not None else rate
    print(f"play runs at {shown:.2f} steps/s (target >= 3): {'OK' if shown >= 3 else 'SLOW'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
