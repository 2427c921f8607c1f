"""Install size of cogov's core against every extra, each in a fresh venv.

Installs the checkout (`pip install .`, not editable) with `-c constraints.txt` into a new
venv, once as the core (what a headless sweep or a cluster worker needs) and once with
every extra (`.[all]`: app, cluster, report, ema), and prints for each the distributions
installed (pip, setuptools excluded) and the size of site-packages.

    .venv/bin/python benchmarks/bench_install.py [--python python3.12]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def du_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def install(python: str, target: str, folder: Path) -> dict:
    subprocess.run([python, "-m", "venv", str(folder)], check=True)
    py = folder / "bin" / "python"
    started = time.perf_counter()
    subprocess.run(
        [str(py), "-m", "pip", "install", "--quiet", "-c", "constraints.txt", target],
        check=True,
        cwd=ROOT,
    )
    took = time.perf_counter() - started
    listing = json.loads(
        subprocess.run(
            [str(py), "-m", "pip", "list", "--format", "json"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    names = sorted(d["name"] for d in listing if d["name"] not in ("pip", "setuptools"))
    site = next(folder.glob("lib/python3*/site-packages"))
    return {"target": target, "packages": len(names), "mb": du_mb(site), "seconds": took}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--python", default=sys.executable)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="cogov-bench-install-") as tmp:
        rows = [
            install(args.python, t, Path(tmp) / n) for n, t in (("core", "."), ("all", ".[all]"))
        ]
    for r in rows:
        print(
            f"{r['target']:<8} {r['packages']:>4} distributions  {r['mb']:>7.0f} MB site-packages"
            f"  (install {r['seconds']:.0f} s)"
        )
    core, every = rows
    print(f"core / all: {core['mb'] / every['mb']:.2f} of the size")
    return 0


if __name__ == "__main__":
    sys.exit(main())
