"""Bit-level fingerprints of runs: every shipped scenario, three seeds, 104 weeks.

The golden record (``fingerprints.json``) holds, for each scenario and seed, a SHA-256 of
every column of the time series, the per-grid and per-group tables, and every final
resident array and ledger field. A refactor that changes no behaviour keeps every hash;
``tests/test_golden.py`` compares them and names the first column or array that differs.

Refresh only when a change of results is intended, and say why in the commit message::

    .venv/bin/python tests/golden/fingerprint.py --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

GOLDEN = Path(__file__).with_name("fingerprints.json")
SEEDS = (20240601, 1, 2)
STEPS = 104


def _digest(values: Any) -> str:
    """SHA-256 of an array's values as float64 (so int/float storage does not matter)."""
    arr = np.asarray(values)
    if arr.dtype == object:
        arr = arr.astype(float)
    arr = np.ascontiguousarray(arr, dtype=np.float64)
    return hashlib.sha256(arr.tobytes()).hexdigest()[:24]


def _table(frame) -> dict[str, str]:
    out = {}
    for col in frame.columns:
        values = frame[col]
        if values.dtype.name == "category":
            values = values.cat.codes
        out[col] = _digest(values.to_numpy())
    return out


def _state(model) -> dict[str, str]:
    """Hashes of the final resident arrays and of the need and dispute ledgers."""
    out: dict[str, str] = {}
    res = model.residents
    for name, value in sorted(vars(res).items()):
        if isinstance(value, np.ndarray):
            out[f"residents.{name}"] = _digest(value)
        elif hasattr(value, "indptr"):  # the sparse ties
            out[f"residents.{name}.indices"] = _digest(value.indices)
            out[f"residents.{name}.indptr"] = _digest(value.indptr)
            out[f"residents.{name}.data"] = _digest(value.data)
    for name in (
        "resident",
        "category",
        "created",
        "voiced_at",
        "status",
        "deadline",
        "closed_at",
        "hours",
        "handler",
    ):
        out[f"needs.{name}"] = _digest(getattr(model.needs, name))
    for name in ("kind", "compound", "building", "created", "status", "closed_at", "settled_by"):
        out[f"disputes.{name}"] = _digest(getattr(model.disputes, name))
    return out


def fingerprint(scenario: str, seed: int, steps: int = STEPS) -> dict[str, dict[str, str]]:
    """Run one scenario and return the hashes of its tables and final state."""
    from cogov import build_model

    model = build_model(scenario, seed=seed)
    for _ in range(steps):
        model.step()
    return {
        "timeseries": _table(model.timeseries()),
        "grids": _table(model.grid_table()),
        "groups": _table(model.group_table()),
        "state": _state(model),
    }


def shipped_scenarios() -> list[str]:
    """Every shipped scenario's name."""
    from cogov.scenario import list_scenarios

    return [name for name, _ in list_scenarios()]


def record() -> dict[str, Any]:
    """Fingerprint every shipped scenario with every seed."""
    return {
        f"{name}@{seed}": fingerprint(name, seed) for name in shipped_scenarios() for seed in SEEDS
    }


def main() -> None:
    """Print the fingerprints, or write them to the golden file with ``--write``."""
    data = record()
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    if "--write" in sys.argv:
        GOLDEN.write_text(text)
        print(f"wrote {GOLDEN} ({len(data)} runs)")
    else:
        print(text)


if __name__ == "__main__":
    main()
