"""Scenario files: loading, ``extends`` chains, overrides and readable errors.

A scenario file is TOML. It may name another scenario in ``extends`` and then sets only
what differs; dotted overrides (``--set needs.rate_scale=1.2``) apply last. The merged
tree is validated by :class:`cogov.params.Scenario`; every problem becomes one line of an
:class:`~cogov.errors.InputError` naming the file, the key, the value and what is allowed.
"""

from __future__ import annotations

import difflib
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from cogov.errors import InputError
from cogov.files import data_dir, list_data_files, read_toml, resolve_name_or_path
from cogov.params import Scenario

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


def _load_chain(path: Path, seen: tuple[Path, ...] = ()) -> tuple[list[Path], dict, dict]:
    """Load a file and its ``extends`` ancestors: (files root-first, merged tree, key origins)."""
    if path in seen:
        cycle = " -> ".join(p.name for p in (*seen, path))
        raise InputError(f"{seen[-1]}: key 'extends' makes a cycle ({cycle}); allowed: a chain")
    data = _read_toml(path)
    parent = data.pop("extends", None)
    if parent is None:
        files, tree, origin = [], {}, {}
    else:
        if not isinstance(parent, str):
            raise InputError(
                f"{path}: key 'extends' has value {parent!r}; allowed: a scenario name or path"
            )
        parent_path = _resolve_parent(parent, path)
        files, tree, origin = _load_chain(parent_path, (*seen, path))
    if parent is None and path.stem != "defaults":
        tree.setdefault("name", path.stem)
    _merge(tree, data, origin, str(path))
    tree["name"] = data.get("name", path.stem)
    origin.setdefault("name", str(path))
    return [*files, path], tree, origin


def _resolve_parent(parent: str, child: Path) -> Path:
    relative = (
        (child.parent / parent).with_suffix(".toml")
        if not parent.endswith(".toml")
        else (child.parent / parent)
    )
    if relative.is_file():
        return relative.resolve()
    try:
        return resolve_path(parent)
    except InputError:
        raise InputError(
            f"{child}: key 'extends' has value '{parent}', which is neither a scenario name nor "
            "a file next to it; allowed: a scenario name or a path"
        ) from None


def parse_value(text: str) -> Any:
    """Parse a ``--set`` value as a TOML value (number, bool, string, array, table).

    Bare words that are not TOML (``foo``) are taken as strings.
    """
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


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


def _allowed_keys(loc: tuple) -> list[str]:
    """Return the keys allowed at the section a validation error points into."""
    model: Any = Scenario
    for part in loc[:-1]:
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return []
        annotation = fields[part].annotation
        model = annotation
    fields = getattr(model, "model_fields", None)
    if fields is None:
        return []
    keys = list(fields)
    if model is Scenario:
        keys = [*keys, *META_KEYS]
    return keys


def _describe_field(loc: tuple) -> str:
    model: Any = Scenario
    field = None
    for part in loc:
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return ""
        field = fields[part]
        model = field.annotation
    if field is None:
        return ""
    bits = []
    for meta in field.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            bound = getattr(meta, attr, None)
            if bound is not None:
                bits.append(f"{sym} {bound}")
    rng = f" ({', '.join(bits)})" if bits else ""
    desc = field.description or ""
    return f"{desc}{rng}".strip()


def format_validation_error(
    exc: ValidationError, origin: Mapping[str, str], default_source: str, tree: dict | None = None
) -> list[str]:
    """Turn a pydantic ValidationError into one readable line per problem."""
    lines = []
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"])
        dotted = ".".join(loc)
        source = origin.get(dotted) or default_source
        if err["type"] == "extra_forbidden":
            allowed = _allowed_keys(loc)
            close = difflib.get_close_matches(loc[-1], allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            section = ".".join(loc[:-1]) or "top level"
            lines.append(
                f"{source}: unknown key '{dotted}'{hint}; allowed keys in [{section}]: "
                f"{', '.join(allowed)}"
            )
            continue
        value = err.get("input")
        if isinstance(value, dict) and err["type"] == "value_error" and tree is not None:
            value = None
        if not loc:
            lines.append(f"{source}: {err['msg']}")
            continue
        shown = "" if value is None or isinstance(value, dict) else f" has value {value!r}"
        about = _describe_field(loc)
        allowed = f"; allowed: {err['msg'].removeprefix('Value error, ')}"
        lines.append(f"{source}: key '{dotted}'{shown}{allowed}" + (f" [{about}]" if about else ""))
    return lines


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
        files, tree, origin = _load_chain(path)
        default_source = str(path)
    # Start from every default, so that a file or override may set one key of a table.
    full = Scenario().model_dump()
    _merge(full, tree, {}, "")
    tree = full
    _apply_overrides(tree, overrides, origin, override_source)
    try:
        result = Scenario.model_validate(tree)
    except ValidationError as exc:
        raise InputError(format_validation_error(exc, origin, default_source, tree)) from None
    result._source_files = list(files)
    return result


def scenario_to_dict(scenario: BaseModel) -> dict[str, Any]:
    """Return the scenario as a JSON-serialisable nested dict."""
    return scenario.model_dump(mode="json")
