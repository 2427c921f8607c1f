"""Properties over many games: any in-bounds decisions are accepted and replay exactly; any
out-of-bounds value is refused."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogov.roleplay.engine import GameConfig, RoundInput, replay
from cogov.roleplay.roles import DECISIONS, DecisionError, Role, field_meta, validate_decision
from cogov.roleplay.room import Room

CFG = GameConfig("baseline", seed=2, round_weeks=2, rounds=3)


def _field(model, name):
    meta = field_meta(model, name)
    info = model.model_fields[name]
    if "ge" in meta and "le" in meta:
        if info.annotation == int | None:
            return st.none() | st.integers(meta["ge"], meta["le"])
        return st.none() | st.floats(meta["ge"], meta["le"], allow_nan=False)
    if info.annotation is bool:
        return st.booleans()
    if name == "raise_needs":
        return st.lists(st.sampled_from(["repair", "safety", "elder_care"]), unique=True)
    return st.just([])  # compound lists are checked against the live state elsewhere


def _decision(role: Role):
    model = DECISIONS[role]
    fields = {
        n: _field(model, n)
        for n in model.model_fields
        if not (role is Role.RC and n in ("yuan_per_point", "points_budget_yuan_per_year",
                                          "joint_meeting_interval_weeks"))
        and not (role is Role.UNIT and n == "evaluation_strength")
    }  # fmt: skip
    return st.fixed_dictionaries(fields).map(
        lambda d: validate_decision(role, {k: v for k, v in d.items() if v is not None})
    )


rounds = st.lists(
    st.dictionaries(st.sampled_from(list(Role)), st.none()).flatmap(
        lambda roles: st.fixed_dictionaries({r: _decision(r) for r in roles})
    ),
    min_size=3,
    max_size=3,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds)
def test_any_in_bounds_game_played_in_a_room_replays_from_its_log_bit_for_bit(decisions):
    with tempfile.TemporaryDirectory() as tmp:
        room, fac = Room.create(Path(tmp), CFG)
        tokens = {r: room.join(r) for r in Role}
        for d in decisions:
            for role, dec in d.items():
                room.submit(tokens[role], dec.model_dump(exclude_defaults=True))
            room.advance(fac)
        played = room.timeseries()
        inputs = room.inputs()
        room.close()
    assert [dict(i.decisions) for i in inputs] == [dict(d) for d in decisions]
    again = replay(CFG, [RoundInput(dict(d)) for d in decisions]).model.timeseries()
    pd.testing.assert_frame_equal(played, again, check_exact=True)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(
        [
            (r, n)
            for r in Role
            for n in DECISIONS[r].model_fields
            if "ge" in field_meta(DECISIONS[r], n)
        ]
    ),  # fmt: skip
    st.floats(allow_nan=True, allow_infinity=True),
)
def test_any_out_of_bounds_value_is_refused(role_field, value):
    role, name = role_field
    meta = field_meta(DECISIONS[role], name)
    if meta["ge"] <= value <= meta["le"]:
        return
    try:
        validate_decision(role, {name: value})
    except DecisionError as exc:
        assert meta["en"] in exc.message("en") and meta["zh"] in exc.message("zh")
    else:
        raise AssertionError(f"{role} {name}={value!r} was accepted")
