"""One formatter for schema errors: a pydantic ValidationError as lines a user can act on.

Scenario files (:mod:`cogov.scenario`) and experiment files (:mod:`cogov.experiments.spec`)
are both validated by pydantic models; this module turns every problem into one line naming
where it came from (the file, or ``--set``), the dotted key, the value given and what is
allowed (the rule broken, the field's description and its bounds), or, for an unknown key,
the closest known key and every key allowed in that table. Values are shown cut to a few
dozen characters, so that a hostile value cannot flood the terminal.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from cogov.errors import shorten

#: Longest value shown in a message, in characters.
MAX_VALUE = 80

#: What a type error means in plain words (TOML spelling).
_PLAIN = {
    "int_type": "a whole number, without quotes or a decimal point",
    "int_from_float": "a whole number, without a decimal point",
    "int_parsing": "a whole number, without quotes",
    "bool_type": "true or false, without quotes",
    "bool_parsing": "true or false, without quotes",
    "float_type": "a number, without quotes",
    "float_parsing": "a number, without quotes",
    "finite_number": "a finite number (not nan or inf)",
    "string_type": "text in quotes",
    "list_type": "a list in brackets",
    "tuple_type": "a list in brackets",
    "dict_type": "a table",
    "model_type": "a table",
}


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` and ``Annotated[X, ...]`` from an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if models:
            return models[0]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _walk(root: type[BaseModel], loc: Sequence[str]) -> tuple[Any, FieldInfo | None]:
    """Follow ``loc`` from the root model: the annotation reached and the last field passed.

    Table keys (``dict[str, Model]``) and list or tuple positions are stepped over. Returns
    ``(None, None)`` when ``loc`` leaves the schema.
    """
    node: Any = root
    info: FieldInfo | None = None
    for part in loc:
        if _is_model(node):
            fields = node.model_fields
            if part not in fields:
                return None, None
            info = fields[part]
            node = _unwrap(info.annotation)
            continue
        origin = typing.get_origin(node)
        args = typing.get_args(node)
        if origin is dict and len(args) == 2:
            node = _unwrap(args[1])
        elif origin in (list, tuple) and args:
            node = _unwrap(args[0])
        else:
            return None, info
    return node, info


def _model_names(root: type[BaseModel]) -> set[str]:
    """Names of every model class in a schema (pydantic puts them in some error locations)."""
    names: set[str] = set()
    todo: list[Any] = [root]
    while todo:
        node = todo.pop()
        if _is_model(node):
            if node.__name__ in names:
                continue
            names.add(node.__name__)
            todo.extend(_unwrap(f.annotation) for f in node.model_fields.values())
        else:
            todo.extend(_unwrap(a) for a in typing.get_args(node))
    return names


def allowed_keys(
    root: type[BaseModel], section: Sequence[str], extra: Sequence[str] = ()
) -> list[str]:
    """Return the keys allowed in the table at ``section`` of the schema.

    Args:
        root: the schema.
        section: the table's location (empty for the top level).
        extra: more keys allowed at the top level (e.g. a scenario's ``extends``).
    """
    node, _ = _walk(root, section)
    if not _is_model(node):
        return []
    keys = [k for k, f in node.model_fields.items() if not f.exclude]
    return [*keys, *extra] if not section else keys


def describe(root: type[BaseModel], loc: Sequence[str]) -> str:
    """Return a field's description and its bounds (``... (>= 1, <= 5200)``), or ''."""
    _, info = _walk(root, loc)
    if info is None:
        return ""
    bounds = []
    for meta in info.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            bound = getattr(meta, attr, None)
            if bound is not None:
                bounds.append(f"{sym} {bound}")
        for attr, what in (("min_length", "at least"), ("max_length", "at most")):
            length = getattr(meta, attr, None)
            if length is not None:
                bounds.append(f"{what} {length:,} long")
        pattern = getattr(meta, "pattern", None)
        if pattern is not None:
            bounds.append(f"matching {pattern}")
    text = info.description or ""
    if bounds:
        text = f"{text} ({', '.join(bounds)})" if text else ", ".join(bounds)
    return text.strip()


def show_value(value: Any) -> str:
    """Return ``repr(value)`` cut to :data:`MAX_VALUE` characters."""
    if isinstance(value, list | tuple) and len(value) > 20:
        return f"a list of {len(value):,} items"
    return shorten(repr(value), MAX_VALUE)


def dotted(loc: Sequence[str]) -> str:
    """Join a location with dots, quoting parts that hold a dot (``design.parameters."a.b"``)."""
    return ".".join(f'"{p}"' if "." in p else p for p in loc)


def format_validation_error(
    exc: ValidationError,
    root: type[BaseModel],
    *,
    source: str,
    origin: Mapping[str, str] | None = None,
    top_level_extra: Sequence[str] = (),
) -> list[str]:
    """Turn a pydantic ValidationError into one readable line per problem.

    Args:
        exc: the error.
        root: the schema that was validated (``Scenario``, ``Experiment``).
        source: where the data came from (a path, ``--set``), for the message.
        origin: per dotted key, where that key was set, when it differs from ``source``
            (a scenario's ``extends`` chain, overrides).
        top_level_extra: keys allowed at the top level besides the schema's fields.
    """
    skip = _model_names(root)
    lines = []
    for err in exc.errors():
        loc = tuple(str(p) for p in err["loc"] if str(p) not in skip and "[" not in str(p))
        key = dotted(loc)
        where = (origin or {}).get(".".join(loc)) or source
        kind = err["type"]
        if kind == "extra_forbidden":
            allowed = allowed_keys(root, loc[:-1], top_level_extra)
            close = difflib.get_close_matches(loc[-1], allowed, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            section = dotted(loc[:-1]) or "top level"
            lines.append(
                f"{where}: unknown key '{shorten(key, MAX_VALUE)}'{hint}; allowed keys in "
                f"[{section}]: {', '.join(allowed)}"
            )
            continue
        if kind == "missing":
            lines.append(f"{where}: key '{key}' is missing; it is required")
            continue
        msg = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        if kind == "value_error" and (isinstance(value, dict) or not loc):
            lines.append(f"{where}: [{key}]: {msg}" if loc else f"{where}: {msg}")
            continue
        plain = _PLAIN.get(kind)
        allowed = f"{msg} ({plain})" if plain else msg
        about = describe(root, loc)
        lines.append(
            f"{where}: key '{key}' has value {show_value(value)}; allowed: {allowed}"
            + (f" [{about}]" if about else "")
        )
    return lines


__all__ = ["allowed_keys", "describe", "dotted", "format_validation_error", "show_value"]
