"""Switches and sliders come from the schema, whatever mechanisms it has."""

import enum
from typing import Literal

from pydantic import BaseModel, Field

from cogov.params import Scenario
from cogov.ui.controls import (
    MAX_MAIN_PARAMS,
    control_keys,
    switch_groups,
    values_from_scenario,
)


class _Policy(enum.Enum):
    FIRST = "first_come"
    NEAREST = "nearest"


class _Points(BaseModel):
    enabled: bool = False
    points_per_hour: float = Field(10.0, ge=0, le=1000, description="points per hour")
    budget_cap_yuan: float = Field(
        20000.0, ge=0, le=1e8, description="cap", json_schema_extra={"main": True}
    )
    end_week: int = Field(0, ge=0, le=5200, description="week points stop")


class _Lists(BaseModel):
    enabled: bool = True
    matching: Literal["first_come", "nearest", "skill_match"] = "nearest"
    policy: _Policy = _Policy.FIRST
    overhead: float = Field(1.1, ge=1.0, le=5.0)
    free_text: str = "x"


class _Mechs(BaseModel):
    point_incentives: _Points = Field(default_factory=_Points, description="points")
    some_lists: _Lists | None = None
    three_lists: _Lists = Field(default_factory=_Lists)
    not_a_group: int = 3


class _WithMechs(BaseModel):
    mechanisms: _Mechs = Field(default_factory=_Mechs)


class _Without(BaseModel):
    run: int = 1


def test_no_mechanisms_section_gives_no_switches():
    assert switch_groups("mechanisms", _Without) == []


def test_groups_from_a_schema_with_mechanisms():
    groups = {g.name: g for g in switch_groups("mechanisms", _WithMechs)}
    assert set(groups) == {"point_incentives", "some_lists", "three_lists"}
    pts = groups["point_incentives"]
    assert pts.enabled_key == "mechanisms.point_incentives.enabled"
    # A field marked main wins over the first-few rule; its slider range is usable.
    assert [p.name for p in pts.params] == ["budget_cap_yuan"]
    assert pts.params[0].max == 100000.0
    # The app's preferred main parameters for a known mechanism, when the schema marks none.
    assert [p.name for p in groups["three_lists"].params] == ["matching"]
    lists = groups["some_lists"]
    kinds = {p.name: p.kind for p in lists.params}
    assert kinds == {"matching": "choice", "policy": "choice", "overhead": "float"}
    assert lists.params[0].choices == ("first_come", "nearest", "skill_match")
    assert len(lists.params) <= MAX_MAIN_PARAMS


def test_week_sliders_stop_at_ten_years():
    groups = {g.name: g for g in switch_groups("shocks")}
    start = next(p for p in groups["epidemic"].params if p.name == "start_week")
    assert start.kind == "int" and start.max == 520


def test_real_schema_groups_read_their_values():
    groups = switch_groups("mechanisms") + switch_groups("shocks")
    assert {"epidemic", "firm_exit"} <= {g.name for g in groups}
    flat = Scenario().flat()
    values = values_from_scenario(flat, groups)
    assert set(values) == set(control_keys(groups)) & set(flat)
    assert values["shocks.epidemic.enabled"] is False
    for g in groups:
        for p in g.params:
            if p.kind in ("int", "float"):
                assert p.min <= values[p.key] <= p.max, p.key
