"""Scenario files: loading, ``extends`` chains, overrides and readable errors.

A scenario file is TOML. It may name another scenario in ``extends`` and then sets only
what differs; dotted overrides (``--set needs.rate_scale=1.2``) apply last. The merged
tree is validated by :class:`cogov.params.Scenario`; every problem becomes one line of an
:class:`~cogov.errors.InputError` naming the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cogov.errors import InputError
from cogov.files import data_dir, list_data_files, read_toml, resolve_name_or_path
from cogov.params import Scenario
from cogov.validation import format_validation_error

#: Keys a scenario file may hold besides the parameter sections.
META_KEYS = ("extends",)


def scenarios_dir() -> Path:
    """Return the folder of the shipped scenario files."""
    return data_dir("scenarios")


def list_scenarios() -> list[tuple[str, str]]:
    """Return ``(name, one-line description)`` of every shipped scenario, sorted by name."""
    return list_data_files("scenarios")


def resolve_path(name_or_path: str | Path) -> Path:
    """Turn a scenario name or a path into an existing file, or raise InputError."""
    names = [p.stem for p in scenarios_dir().glob("*.toml")]
    return resolve_name_or_path(name_or_path, scenarios_dir(), names, "scenario")


def _read_toml(path: Path) -> dict[str, Any]:
    return read_toml(path, "scenario")


def _merge(base: dict, top: dict, origin: dict[str, str], source: str, prefix: str = "") -> None:
    """Deep-merge ``top`` into ``base`` in place, recording which source set each key."""
    for key, value in top.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            _merge(base[key], value, origin, source, dotted + ".")
        else:
            base[key] = value
            origin[dotted] = source
            if isinstance(value, dict):
                for sub in _dotted_keys(value, dotted + "."):
                    origin[sub] = source


def _dotted_keys(tree: dict, prefix: str) -> list[str]:
    keys = []
    for key, value in tree.items():
        keys.append(prefix + key)
        if isinstance(value, dict):
            keys.extend(_dotted_keys(value, prefix + key + "."))
    return keys


def _load_chain(
    path: Path, roots: tuple[Path, ...], seen: tuple[Path, ...] = ()
) -> tuple[list[Path], dict, dict]:
    """Load a file and its ``extends`` ancestors: (files root-first, merged tree, key origins).

    Args:
        path: the file.
        roots: the folders ``extends`` may read from (see :func:`_resolve_parent`).
        seen: the files already in the chain, to catch a cycle.
    """
    if path in seen:
        cycle = " -> ".join(p.name for p in (*seen, path))
        raise InputError(f"{seen[-1]}: key 'extends' makes a cycle ({cycle}); allowed: a chain")
    if len(seen) >= MAX_EXTENDS:
        raise InputError(
            f"{path}: key 'extends' chains more than {MAX_EXTENDS} files; allowed: a shorter chain"
        )
    data = _read_toml(path)
    parent = data.pop("extends", None)
    if parent is None:
        files, tree, origin = [], {}, {}
    else:
        parent_path = _resolve_parent(parent, path, roots)
        files, tree, origin = _load_chain(parent_path, roots, (*seen, path))
    if parent is None and path.stem != "defaults":
        tree.setdefault("name", path.stem)
    _merge(tree, data, origin, str(path))
    tree["name"] = data.get("name", path.stem)
    origin.setdefault("name", str(path))
    return [*files, path], tree, origin


#: Longest ``extends`` chain followed.
MAX_EXTENDS = 20


def extends_roots(path: Path) -> tuple[Path, ...]:
    """Return the folders a scenario file's ``extends`` chain may read.

    They are the shipped scenarios and the folder of the file given (on the command line, or
    in an experiment file).
    """
    return (scenarios_dir().resolve(), path.resolve().parent)


def _resolve_parent(parent: Any, child: Path, roots: tuple[Path, ...]) -> Path:
    """Find the file ``extends`` names: a file next to the child, or a shipped scenario.

    Only files inside ``roots`` are read, so that a hostile file cannot make the loader
    read ``/etc/passwd`` or anything else outside the scenario folders.
    """
    allowed = "allowed: a shipped scenario's name, or a .toml file in " + " or ".join(
        str(r) for r in dict.fromkeys(roots)
    )
    if not isinstance(parent, str) or not parent.strip():
        raise InputError(f"{child}: key 'extends' has value {parent!r}; {allowed}")
    shown = parent if len(parent) <= 80 else parent[:77] + "..."
    name = parent.removesuffix(".toml")
    candidates = [child.parent / f"{name}.toml"]
    if "/" not in parent and "\\" not in parent:
        candidates.append(scenarios_dir() / f"{name}.toml")
    for candidate in candidates:
        try:
            real = candidate.resolve()
        except (OSError, RuntimeError):
            continue
        if not any(real.is_relative_to(root) for root in roots):
            raise InputError(
                f"{child}: key 'extends' has value '{shown}', which is outside the scenario "
                f"folders; {allowed}"
            )
        if real.is_file():
            return real
    names = sorted(p.stem for p in scenarios_dir().glob("*.toml"))
    raise InputError(
        f"{child}: key 'extends' has value '{shown}', which is neither a scenario name "
        f"({', '.join(names)}) nor a file next to it; {allowed}"
    )


def parse_value(text: str) -> Any:
    """Parse a ``--set`` value as a TOML value (number, bool, string, array, table).

    Bare words that are not TOML (``foo``) are taken as strings.
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text
    except RecursionError:
        raise InputError(
            f"--set value '{text[:40]}...' is nested too deep; allowed: a number, true or "
            "false, or text"
        ) from None


def parse_assignments(items: list[str] | None) -> dict[str, Any]:
    """Parse ``key=value`` strings from the command line into a dotted-key mapping."""
    out: dict[str, Any] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--set '{item}': expected key=value, e.g. --set needs.rate_scale=1.2")
        out[key.strip()] = parse_value(value.strip())
    return out


def _apply_overrides(
    tree: dict, overrides: Mapping[str, Any], origin: dict[str, str], source: str
) -> None:
    for dotted, value in overrides.items():
        parts = dotted.split(".")
        node = tree
        for part in parts[:-1]:
            child = node.get(part)
            if child is None:
                child = node[part] = {}
            elif not isinstance(child, dict):
                raise InputError(f"{source}: key '{dotted}': '{part}' is a value, not a section")
            node = child
        node[parts[-1]] = value
        origin[dotted] = source


def load_scenario(
    scenario: str | Path | Scenario | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    override_source: str = "overrides",
) -> Scenario:
    """Build a validated :class:`Scenario` from a name, a path or a Scenario, plus overrides.

    Args:
        scenario: a shipped scenario's name (``"baseline"``), a path to a TOML file, an
            existing Scenario, or None for the default community.
        overrides: dotted keys to values, applied last (``{"run.steps": 52}``).
        override_source: how error messages name where the overrides came from.

    Returns:
        The fully resolved, validated scenario. Its ``source_files`` lists the files read.

    Raises:
        InputError: with one readable line per problem.
    """
    overrides = dict(overrides or {})
    origin: dict[str, str] = {}
    if isinstance(scenario, Scenario):
        files = scenario.source_files
        tree = scenario.model_dump()
        default_source = f"scenario '{scenario.name}'"
    elif scenario is None:
        files, tree = [], {}
        default_source = "defaults"
    else:
        path = resolve_path(scenario)
        files, tree, origin = _load_chain(path, extends_roots(path))
        default_source = str(path)
    # Start from every default, so that a file or override may set one key of a table.
    full = Scenario().model_dump()
    _merge(full, tree, {}, "")
    tree = full
    _apply_overrides(tree, overrides, origin, override_source)
    try:
        result = Scenario.model_validate(tree)
    except ValidationError as exc:
        raise InputError(
            format_validation_error(
                exc, Scenario, source=default_source, origin=origin, top_level_extra=META_KEYS
            )
        ) from None
    result._source_files = list(files)
    return result


def scenario_to_dict(scenario: BaseModel) -> dict[str, Any]:
    """Return the scenario as a JSON-serialisable nested dict."""
    return scenario.model_dump(mode="json")
