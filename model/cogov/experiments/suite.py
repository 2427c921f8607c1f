"""Suites: one name for several experiments run and reported together.

A suite file holds only a description and the experiments it runs, in order::

    description = "Sensitivity analysis: Morris screening, then Sobol indices."
    suite = ["sensitivity_morris", "sensitivity_sobol"]

``cogov sweep SUITE --out DIR`` runs each member into ``DIR/<member>/`` (each resumable on
its own) and records the members in ``DIR/suite.json``; ``cogov report DIR`` writes each
member's report and an index linking them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from cogov.errors import InputError
from cogov.experiments.spec import experiments_dir, resolve_experiment
from cogov.files import read_toml

SUITE_FILE = "suite.json"


@dataclass(frozen=True)
class Suite:
    """A named list of experiments."""

    name: str
    description: str
    members: tuple[str, ...]


def load_suite(name_or_path: str | Path) -> Suite | None:
    """Return the suite a name or path refers to, or None if it is an ordinary experiment."""
    path = resolve_experiment(name_or_path)
    data = read_toml(path, "experiment")
    if "suite" not in data:
        return None
    members = data["suite"]
    extra = sorted(set(data) - {"suite", "description"})
    if extra or not isinstance(members, list) or not members:
        raise InputError(
            f"{path}: a suite holds only 'description' and 'suite' (a non-empty list of "
            f"experiment names); found {', '.join(extra) or repr(members)}"
        )
    for member in members:
        if not (experiments_dir() / f"{member}.toml").is_file() and not Path(member).is_file():
            raise InputError(f"{path}: key 'suite' names '{member}', which is not an experiment")
    return Suite(path.stem, str(data.get("description", "")).strip(), tuple(members))


def write_marker(suite: Suite, out: Path) -> None:
    """Record in ``out/suite.json`` which experiments the folder holds."""
    out.mkdir(parents=True, exist_ok=True)
    marker = out / SUITE_FILE
    if marker.exists():
        old = json.loads(marker.read_text())
        if old.get("suite") != suite.name:
            raise InputError(
                f"--out {out}: holds the results of suite '{old.get('suite')}', not "
                f"'{suite.name}'; choose another folder"
            )
    marker.write_text(json.dumps({"suite": suite.name, "members": list(suite.members)}) + "\n")


def read_marker(directory: Path) -> dict | None:
    """Return the suite marker of an output folder, or None if it holds one experiment."""
    marker = directory / SUITE_FILE
    return json.loads(marker.read_text()) if marker.is_file() else None
