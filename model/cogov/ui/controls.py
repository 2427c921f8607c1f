"""Switches and sliders built from the parameter schema, so new mechanisms appear by themselves.

A *switch group* is a schema section with an ``enabled`` flag: each governance mechanism
under ``[mechanisms.<name>]`` (when the engine has them) and each shock under
``[shocks.<name>]``. Its *main* parameters become sliders (numbers) or selects (choices): the
fields marked ``json_schema_extra={"main": True}`` if any are, else the first few bounded
numeric or choice fields in schema order.
"""

from __future__ import annotations

import enum
import math
import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from cogov.params import Scenario

#: How many parameters of a group get a slider when the schema marks none as main.
MAX_MAIN_PARAMS = 3
#: The app's choice of main parameters for the mechanisms of MODEL.md section 4, used when
#: the schema marks none; names the schema lacks are skipped, so this never breaks a schema.
PREFERRED_MAIN: dict[str, tuple[str, ...]] = {
    "dual_reporting": (
        "member_report_share",
        "committed_hours",
        "evaluation_strength",
        "units_reporting_share",
    ),
    "big_party_committee": (
        "meeting_interval_weeks",
        "issues_per_meeting",
        "coopt_property_firms",
        "coopt_owners_committees",
    ),
    "point_incentives": ("points_per_hour", "yuan_per_point", "crowding_out", "end_week"),
    "three_lists": ("matching",),
    "grid_management": (
        "grid_workers_per_grid",
        "patrol_households_per_week",
        "patrol_handling_separation",
    ),
}
#: Upper end of sliders for a week number or a number of weeks (ten years).
MAX_SLIDER_WEEKS = 520

ControlKind = Literal["bool", "int", "float", "choice"]


@dataclass(frozen=True)
class ParamControl:
    """One slider, switch or select for a parameter.

    Attributes:
        key: the dotted parameter key (``"shocks.epidemic.start_week"``).
        name: the field's name (``"start_week"``), also its key in the labels table.
        kind: "bool", "int", "float" or "choice".
        default: the schema's default.
        min: the slider's lower end (None for bool and choice).
        max: the slider's upper end; for wide bounds a range a trainer can use.
        step: the slider's step.
        choices: allowed values of a choice.
        description: the schema's description (the English fallback label).
    """

    key: str
    name: str
    kind: ControlKind
    default: Any
    min: float | None = None
    max: float | None = None
    step: float | None = None
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True)
class SwitchGroup:
    """A mechanism or shock: its on/off switch and its main parameters.

    Attributes:
        section: "mechanisms" or "shocks".
        name: the group's name in the schema (``"point_incentives"``).
        enabled_key: the dotted key of its switch (``"mechanisms.point_incentives.enabled"``).
        params: its main parameters, in schema order.
        description: the section's description (field description or class docstring).
    """

    section: str
    name: str
    enabled_key: str
    params: tuple[ParamControl, ...]
    description: str = ""


def _unwrap(annotation: Any) -> Any:
    """Strip ``Optional[...]`` / ``X | None`` and ``Annotated`` from an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _bounds(field: FieldInfo) -> tuple[float | None, float | None]:
    lo = hi = None
    for meta in field.metadata:
        for attr in ("ge", "gt"):
            if getattr(meta, attr, None) is not None:
                lo = float(getattr(meta, attr))
        for attr in ("le", "lt"):
            if getattr(meta, attr, None) is not None:
                hi = float(getattr(meta, attr))
    return lo, hi


def _nice_step(span: float, integer: bool) -> float:
    """A round step giving about 100 positions over ``span``."""
    if span <= 0:
        return 1.0
    raw = span / 100.0
    mag = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            step = m * mag
            break
    return max(1.0, round(step)) if integer else step


def _nice_ceiling(value: float) -> float:
    """Round up to 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 5, 10):
        if value <= m * mag:
            return m * mag
    return 10 * mag


def param_control(key: str, name: str, field: FieldInfo) -> ParamControl | None:
    """Return the control for one schema field, or None if it cannot be a slider or select."""
    ann = _unwrap(field.annotation)
    default = None if field.is_required() else field.get_default(call_default_factory=True)
    desc = field.description or ""
    if ann is bool:
        return ParamControl(key, name, "bool", default, description=desc)
    if typing.get_origin(ann) is Literal:
        choices = tuple(str(a) for a in typing.get_args(ann))
        return ParamControl(key, name, "choice", default, choices=choices, description=desc)
    if isinstance(ann, type) and issubclass(ann, enum.Enum):
        choices = tuple(str(m.value) for m in ann)
        value = default.value if isinstance(default, enum.Enum) else default
        return ParamControl(key, name, "choice", value, choices=choices, description=desc)
    if ann in (int, float):
        lo, hi = _bounds(field)
        if lo is None or hi is None or hi <= lo:
            return None
        integer = ann is int
        # Bounds that are only a sanity check (budget up to 1e8) make a useless slider.
        if name.endswith(("week", "weeks")):
            hi = min(hi, float(MAX_SLIDER_WEEKS))
        elif isinstance(default, int | float) and default > 0 and hi - lo > 50 * max(default, 1):
            hi = max(lo + 1, _nice_ceiling(default * 4))
        step = _nice_step(hi - lo, integer)
        return ParamControl(
            key, name, "int" if integer else "float", default, lo, hi, step, description=desc
        )
    return None


def _is_main(field: FieldInfo) -> bool:
    extra = field.json_schema_extra
    return isinstance(extra, dict) and bool(extra.get("main"))


def switch_groups(section: str, schema: type[BaseModel] = Scenario) -> list[SwitchGroup]:
    """Return the switchable groups of a schema section (``"mechanisms"`` or ``"shocks"``).

    Returns an empty list when the schema has no such section (e.g. an engine without
    mechanisms yet).
    """
    top = schema.model_fields.get(section)
    if top is None:
        return []
    container = _unwrap(top.annotation)
    if not _is_model(container):
        return []
    groups = []
    for name, field in container.model_fields.items():
        sub = _unwrap(field.annotation)
        if not _is_model(sub) or "enabled" not in sub.model_fields:
            continue
        prefix = f"{section}.{name}"
        fields = [(n, f) for n, f in sub.model_fields.items() if n != "enabled"]
        marked = [(n, f) for n, f in fields if _is_main(f)]
        preferred = [
            (n, sub.model_fields[n]) for n in PREFERRED_MAIN.get(name, ()) if n in sub.model_fields
        ]
        chosen = marked or preferred or fields
        explicit = bool(marked or preferred)
        params = []
        for pname, pfield in chosen:
            ctl = param_control(f"{prefix}.{pname}", pname, pfield)
            if ctl is None or (ctl.kind == "bool" and not explicit):
                continue
            params.append(ctl)
            if not explicit and len(params) >= MAX_MAIN_PARAMS:
                break
        doc = field.description or (sub.__doc__ or "").strip().splitlines()[0:1]
        description = doc if isinstance(doc, str) else (doc[0] if doc else "")
        groups.append(SwitchGroup(section, name, f"{prefix}.enabled", tuple(params), description))
    return groups


def control_keys(groups: list[SwitchGroup]) -> list[str]:
    """Every dotted key the groups control (switches first, then parameters)."""
    keys = [g.enabled_key for g in groups]
    for g in groups:
        keys.extend(p.key for p in g.params)
    return keys


def values_from_scenario(flat: dict[str, Any], groups: list[SwitchGroup]) -> dict[str, Any]:
    """Read the groups' current values from a scenario's ``flat()`` mapping."""
    out: dict[str, Any] = {}
    for key in control_keys(groups):
        if key in flat:
            value = flat[key]
            out[key] = value.value if isinstance(value, enum.Enum) else value
    return out


def live_switch_name(key: str) -> str | None:
    """The mechanism a switch's dotted key turns on or off during a run, or None.

    ``"mechanisms.grid_management.enabled"`` gives ``"grid_management"`` when that
    mechanism can be switched while a run is under way
    (:func:`cogov.model.switchable_mechanisms`); shocks, parameters and mechanisms that
    cannot be switched mid-run give None (they wait for a reset).
    """
    from cogov.model import switchable_mechanisms

    parts = key.split(".")
    if len(parts) != 3 or parts[0] != "mechanisms" or parts[2] != "enabled":
        return None
    return parts[1] if parts[1] in switchable_mechanisms() else None
