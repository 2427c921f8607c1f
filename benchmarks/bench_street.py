"""A street of ten communities over 260 weeks: wall seconds, against the target of 10 s.

    .venv/bin/python benchmarks/bench_street.py [--repeat 3] [--scenario street_reform]

Runs the street scenario (``street_reform`` by default: the street's staff pool, dual
reporting, the big working committee and leaders' point-to-point contact all on) with ten
communities, their kinds repeating the scenario's six, for 260 weekly steps, set-up
included, and prints the median wall time of ``--repeat`` runs with the residents and the
resident-steps per second (issue 11, item 7: under 10 s on this machine). In the same run
it times the default community (``baseline``, one community, 260 weeks) and prints the
ratio of the two, which a busy machine slows alike, so that the street's time on an idle
machine can be read off the default community's recorded time. Single-threaded (BLAS
threads = 1). Run it on an otherwise idle machine.
"""

from __future__ import annotations

import os

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(var, "1")

import argparse  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402

from cogov import CommunityModel  # noqa: E402
from cogov.scenario import load_scenario  # noqa: E402

TARGET_SECONDS = 10.0
COMMUNITIES = 10
STEPS = 260


def street_overrides(scenario: str, communities: int) -> dict:
    """Overrides that make the scenario's street ``communities`` long, kinds repeated."""
    kinds = load_scenario(scenario).structure.community_kinds or ["mixed"]
    return {
        "structure.communities": communities,
        "structure.community_kinds": [kinds[i % len(kinds)] for i in range(communities)],
    }


def one_run(scenario: str, overrides: dict, steps: int, seed: int) -> tuple[float, int]:
    t0 = time.perf_counter()
    model = CommunityModel(scenario, rng=seed, overrides=overrides)
    for _ in range(steps):
        model.step()
    return time.perf_counter() - t0, model.residents.n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--scenario", default="street_reform")
    ap.add_argument("--steps", type=int, default=STEPS)
    args = ap.parse_args()
    overrides = street_overrides(args.scenario, COMMUNITIES)
    times, n = [], 0
    for r in range(args.repeat):
        t, n = one_run(args.scenario, overrides, args.steps, seed=20240601 + r)
        times.append(t)
        print(f"run {r + 1}: {t:.2f} s")
    med = statistics.median(times)
    ref = [one_run("baseline", {}, args.steps, seed=20240601 + r) for r in range(args.repeat)]
    ref_med = statistics.median(t for t, _ in ref)
    print(f"default community (baseline, {ref[0][1]} residents): {ref_med:.2f} s")
    print(f"street / default community: {med / ref_med:.1f}x")
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"scenario {args.scenario}, {COMMUNITIES} communities, {n} residents, {args.steps} weeks")
    print(f"median wall time (set-up included): {med:.2f} s; target < {TARGET_SECONDS:.0f} s")
    print(f"resident-steps per second: {n * args.steps / med:,.0f}")
    print("verdict:", "met" if med < TARGET_SECONDS else "not met")


if __name__ == "__main__":
    main()
