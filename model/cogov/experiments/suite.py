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
import re
from dataclasses import dataclass
from pathlib import Path

from cogov.errors import InputError
from cogov.experiments.atomic import atomic_write_json
from cogov.experiments.spec import experiments_dir, resolve_experiment
from cogov.files import read_toml
from cogov.params import NAME_PATTERN

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
    if extra or not isinstance(members, list) or not members or len(members) > 100:
        raise InputError(
            f"{path}: a suite holds only 'description' and 'suite' (a non-empty list of at "
            f"most 100 experiment names); found {', '.join(extra) or repr(members)[:80]}"
        )
    if not re.fullmatch(NAME_PATTERN, path.stem):
        raise InputError(
            f"{path}: the suite's name '{path.stem[:80]}' (its file name) names its output "
            "folder; allowed: letters, digits, _ and - ([A-Za-z0-9_-]+)"
        )
    resolved = [_member(member, path) for member in members]
    return Suite(path.stem, str(data.get("description", "")).strip(), tuple(resolved))


def _member(member: object, path: Path) -> str:
    """A suite member: a shipped experiment's name, or a file next to the suite file."""
    if isinstance(member, str) and re.fullmatch(NAME_PATTERN, member):
        if (experiments_dir() / f"{member}.toml").is_file():
            return member
        if (path.parent / f"{member}.toml").is_file():
            return str(path.parent / f"{member}.toml")
    elif isinstance(member, str) and member.endswith(".toml"):
        candidate = (path.parent / member).resolve()
        roots = (path.resolve().parent, experiments_dir().resolve())
        if candidate.is_file() and any(candidate.is_relative_to(r) for r in roots):
            return str(candidate)
    raise InputError(
        f"{path}: key 'suite' names {str(member)[:80]!r}, which is not an experiment; allowed: "
        f"a shipped experiment's name or a .toml file next to the suite file"
    )


def write_marker(suite: Suite, out: Path) -> None:
    """Record in ``out/suite.json`` which experiments the folder holds."""
    out.mkdir(parents=True, exist_ok=True)
    marker = out / SUITE_FILE
    if marker.exists():
        old = read_marker(out) or {}
        if old.get("suite") != suite.name:
            raise InputError(
                f"--out {out}: holds the results of suite '{old.get('suite')}', not "
                f"'{suite.name}'; choose another folder"
            )
    atomic_write_json(marker, {"suite": suite.name, "members": list(suite.members)})


def read_marker(directory: Path) -> dict | None:
    """Return the suite marker of an output folder, or None if it holds one experiment.

    Raises:
        InputError: if the marker is there but is not a suite marker.
    """
    marker = directory / SUITE_FILE
    if not marker.is_file():
        return None
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{marker}: cannot be read ({type(exc).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("members"), list):
        raise InputError(f"{marker}: not a suite marker (no list of members)")
    return data
