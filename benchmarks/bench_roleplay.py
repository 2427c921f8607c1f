"""Role-play under a class's load: 30 simulated trainees in 3 rooms, round-advance latency.

Three rooms on the default community (``baseline``), 4 weeks a round, 6 rounds, in one
server process (:class:`cogov.roleplay.manager.RoomManager`, each room stepping in its own
worker). Each room has ten trainees: five hold the five roles and send a decision (with
random in-bounds values) every 0.5 s on average, the other five poll what a phone would
show (their room's seats, who has decided, the event feed) once a second. Each round all
three facilitators press "advance" at the same moment; the latency is from the press to
the round closed and logged (decisions applied, 4 weeks run, the round written to SQLite
in WAL mode). The facilitator's screen then redraws: its cost is timed on its own, in the
main thread, two ways in the same run, alternately (which goes first swaps each round):

* *now*: :class:`cogov.roleplay.pages.RoomViews` as the screen uses it: the all-model
  reference advanced a round, the six role-play charts (week axis the whole game long,
  events marked), the map, the debrief (live game and reference reused, only the per-role
  counterfactuals replayed), the feed; then the same again, as a re-render on a trainee's
  decision finds it (cached);
* *before* (the screen as it was at ``480d919``): twelve-panel ``LiveCharts`` (week axis
  grown in 26-week blocks), the map, the debrief from full replays, the feed; the old
  screen did this again on every change of the room (every decision sent), as
  ``use_memo`` was keyed on the room's version.

Usage: ``.venv/bin/python benchmarks/bench_roleplay.py [--rounds 6]``. Target: round advance
≤ 1 s at the default community (issue 15).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

from cogov.roleplay.engine import GameConfig
from cogov.roleplay.manager import RoomManager
from cogov.roleplay.roles import DecisionError, Role

DECISIONS = {
    Role.FIRM: lambda r: {"effort": r.uniform(0.3, 1.0), "fee_yuan": r.uniform(15, 40)},
    Role.OC: lambda r: {"activeness": r.uniform(0, 1)},
    Role.RC: lambda r: {"share_time_on_needs": r.uniform(0.2, 0.9)},
    Role.UNIT: lambda r: {"hours_per_week": r.uniform(0, 100)},
    Role.RESIDENT: lambda r: {"fee_strike": r.random() < 0.3, "raise_needs": ["repair"]},
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=6)
    ap.add_argument("--rooms", type=int, default=3)
    ap.add_argument("--trainees", type=int, default=30)
    args = ap.parse_args()
    per_room = args.trainees // args.rooms
    with tempfile.TemporaryDirectory() as tmp:
        mgr = RoomManager(Path(tmp))
        rooms = [
            mgr.create(GameConfig("baseline", seed=i + 1, round_weeks=4, rounds=args.rounds))
            for i in range(args.rooms)
        ]
        stop = threading.Event()
        sent = [0]
        refused: list[str] = []
        polls = [0]

        def player(room, token, role, seed):
            rng = random.Random(seed)
            while not stop.is_set():
                try:
                    room.submit(token, DECISIONS[role](rng))
                    sent[0] += 1
                except DecisionError as exc:
                    if room.status != "finished":
                        refused.append(exc.message("en"))
                stop.wait(rng.expovariate(2.0))

        def watcher(room, seed):
            rng = random.Random(seed)
            while not stop.is_set():
                room.seats()
                room.decided()
                room.event_feed("zh")
                polls[0] += 1
                stop.wait(0.8 + 0.4 * rng.random())

        threads = []
        for k, (room, _fac) in enumerate(rooms):
            for i, role in enumerate(Role):
                token = room.join(role, f"t{k}-{i}")
                threads.append(
                    threading.Thread(target=player, args=(room, token, role, k * 100 + i))
                )
            for i in range(per_room - len(Role)):
                threads.append(threading.Thread(target=watcher, args=(room, k * 100 + 50 + i)))
        for th in threads:
            th.start()
        latencies: list[float] = []
        redraw: list[float] = []  # now
        again: list[float] = []  # now, a re-render within the round
        before: list[float] = []
        changes: list[int] = []  # room changes a round (each re-rendered the old screen)
        from cogov.roleplay.debrief import debrief
        from cogov.roleplay.pages import room_views
        from cogov.ui.charts import LiveCharts
        from cogov.ui.mapview import MapView

        charts = [LiveCharts("zh") for _ in rooms]
        maps = [MapView(room.game.model, "participation", "zh") for room, _ in rooms]
        for room, _fac in rooms:  # the screen opens before the first round (charts built)
            room_views(room).charts("zh")
            room_views(room).map("zh")

        parts: dict[str, list[float]] = {}

        def now(room):
            t0 = time.perf_counter()
            views = room_views(room)
            for name, fn in (
                ("reference", room.reference_timeseries),
                ("charts", lambda: views.charts("zh")),
                ("map", lambda: views.map("zh")),
                ("debrief", lambda: views.debrief("zh")),
                ("feed", lambda: room.event_feed("zh")),
            ):
                t1 = time.perf_counter()
                fn()
                parts.setdefault(name, []).append(time.perf_counter() - t1)
            redraw.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            views.charts("zh"), views.map("zh"), views.debrief("zh"), room.event_feed("zh")
            again.append(time.perf_counter() - t0)

        def old(room, ch, mp):
            t0 = time.perf_counter()
            with room.lock:
                ts = room.timeseries()
                reference = room.reference_timeseries()
                mp.update(room.game.model)
                inputs = room.inputs()
                names = {r: n for r, n in room.seats().items() if n}
            ch.update(ts, reference)
            debrief(room.config, inputs, names).text("zh")
            room.event_feed("zh")
            before.append(time.perf_counter() - t0)

        try:
            for r in range(args.rounds):
                v0 = [room.version for room, _ in rooms]
                time.sleep(1.0)  # trainees decide
                start = time.perf_counter()
                futures = [(mgr.advance(room.code, fac), start) for room, fac in rooms]
                for fut, t0 in futures:
                    fut.result()
                    latencies.append(time.perf_counter() - t0)
                changes += [room.version - v for (room, _), v in zip(rooms, v0, strict=True)]
                for (room, _fac), ch, mp in zip(rooms, charts, maps, strict=True):
                    # the all-model reference is advanced by whichever goes first: both pay
                    # for it once (a fresh copy for the old path's first call is not made)
                    if r % 2:
                        old(room, ch, mp)
                        now(room)
                    else:
                        now(room)
                        old(room, ch, mp)
        finally:
            stop.set()
            for th in threads:
                th.join()
            mgr.close()
    lat = sorted(latencies)
    print(f"rooms {args.rooms}, trainees {args.trainees} ({len(Role)} players + "
          f"{per_room - len(Role)} watchers a room), rounds {args.rounds} of 4 weeks")  # fmt: skip
    print(f"decisions sent {sent[0]} (refused {len(refused)}), view polls {polls[0]}")
    if refused:
        print("  refused, e.g.:", refused[0])
    print(
        f"round advance (press -> round closed and logged), {len(lat)} advances: "
        f"median {statistics.median(lat):.3f} s, max {lat[-1]:.3f} s"
    )
    for name, xs in (("now", redraw), ("before", before)):
        print(
            f"facilitator redraw after a round, {name} (reference, charts, map, debrief, feed): "
            f"median {statistics.median(xs):.3f} s, max {max(xs):.3f} s"
        )
        print("  by round:", " ".join(f"{x:.2f}" for x in xs))
    print(
        "  now, by part (median / max s): "
        + ", ".join(f"{k} {statistics.median(v):.3f} / {max(v):.3f}" for k, v in parts.items())
    )
    bare = [r - d for r, d in zip(redraw, parts["debrief"], strict=True)]
    print(
        f"  now, with the debrief closed (reference, charts, map, feed): median "
        f"{statistics.median(bare):.3f} s, max {max(bare):.3f} s"
    )
    print(
        f"  now, a re-render within a round (a decision came in): median "
        f"{statistics.median(again) * 1000:.2f} ms, max {max(again) * 1000:.2f} ms; the room "
        f"changed {statistics.median(changes):.0f} times a round (median), each of which "
        "redrew the old screen"
    )
    print(
        f"  ratio before/now, medians: {statistics.median(before) / statistics.median(redraw):.1f}"
    )
    worst = lat[-1] + max(redraw)
    verdict = "met" if lat[-1] <= 1 else "NOT met"
    print(f"round advance worst {lat[-1]:.3f} s; target <= 1 s: {verdict}")
    print(f"advance + redraw (now), worst: {worst:.3f} s")


if __name__ == "__main__":
    main()
