"""Rooms: plain runs when nobody decides, bounds, tokens, the log, resume, replay, export."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from cogov.api import simulate
from cogov.roleplay.engine import GameConfig, RoundInput, digest, replay
from cogov.roleplay.manager import RoomManager
from cogov.roleplay.roles import DecisionError, Role, validate_decision
from cogov.roleplay.room import AccessError, Room

CFG = GameConfig("baseline", seed=11, round_weeks=3, rounds=3)
#: Every mechanism on, so that every lever can act.
FULL = GameConfig("full_reform", seed=11, round_weeks=3, rounds=3)


@pytest.fixture
def mgr(tmp_path):
    m = RoomManager(tmp_path, tick_s=0.05)
    yield m
    m.close()


def _all_seats(room: Room) -> dict[Role, str]:
    return {r: room.join(r, f"p-{r.value}") for r in Role}


def _advance(mgr, room, fac):
    return mgr.advance(room.code, fac).result(timeout=60)


@pytest.mark.parametrize("scenario", ["baseline", "full_reform"])
def test_a_room_where_nobody_decides_is_a_plain_run_bit_for_bit(mgr, scenario):
    cfg = GameConfig(scenario, seed=4, round_weeks=4, rounds=3)
    room, fac = mgr.create(cfg)
    tokens = _all_seats(room)
    for _ in range(cfg.rounds):
        for t in tokens.values():
            room.submit(t, {})  # a decision with every field left to the model
        _advance(mgr, room, fac)
    plain = simulate(scenario, steps=12, seed=4).timeseries
    pd.testing.assert_frame_equal(room.timeseries(), plain, check_exact=True)


def test_a_decision_changes_the_run(mgr):
    """The invariant above is not vacuous: one decision makes the run differ."""
    room, fac = mgr.create(CFG)
    firm = room.join(Role.FIRM)
    room.submit(firm, {"effort": 1.0})
    _advance(mgr, room, fac)
    plain = simulate("baseline", steps=3, seed=11).timeseries
    assert not room.timeseries()["firm_quality_mean"].equals(plain["firm_quality_mean"])


def test_out_of_range_values_are_refused_with_a_message_and_lose_nothing(mgr):
    room, _fac = mgr.create(CFG)
    firm = room.join(Role.FIRM)
    room.submit(firm, {"fee_yuan": 30})
    with pytest.raises(DecisionError) as err:
        room.submit(firm, {"fee_yuan": 999})
    assert "property fee" in err.value.message("en") and "15 to 40" in err.value.message("en")
    assert "物业费" in err.value.message("zh") and "15 至 40" in err.value.message("zh")
    assert "Traceback" not in str(err.value) and "/" not in err.value.message("en")
    with pytest.raises(DecisionError, match="not a decision of this role"):
        room.submit(firm, {"share_time_on_needs": 0.5})  # the RC's lever, sent by the firm
    with pytest.raises(DecisionError):
        room.submit(firm, {"effort": float("nan")})
    with pytest.raises(DecisionError, match="no firm serves compound"):
        room.submit(firm, {"leave_compounds": [999]})
    assert room.decisions(1) == {"firm": {"fee_yuan": 30.0}}  # the accepted one stands


def test_a_lever_for_a_mechanism_the_scenario_lacks_is_refused(mgr):
    room, _fac = mgr.create(CFG)  # baseline: no points, no big party committee
    rc = room.join(Role.RC)
    with pytest.raises(DecisionError, match="points scheme is not running"):
        room.submit(rc, {"yuan_per_point": 1.0})
    with pytest.raises(DecisionError, match="no big party committee"):
        room.submit(rc, {"joint_meeting_interval_weeks": 2})


def test_a_token_acts_only_for_its_role_and_the_code_grants_no_facilitator_power(mgr):
    room, fac = mgr.create(CFG)
    firm = room.join(Role.FIRM)
    with pytest.raises(DecisionError, match="taken"):
        room.join(Role.FIRM)
    assert room.role_of(firm) is Role.FIRM
    for not_fac in (firm, room.code, "", None, fac[:-1] + "x"):
        with pytest.raises(AccessError):
            room.advance(not_fac)
        with pytest.raises(AccessError):
            room.inject(not_fac, "epidemic")
        with pytest.raises(AccessError):
            mgr.advance(room.code, not_fac)
    for not_trainee in (fac, room.code, "made-up"):
        with pytest.raises(AccessError):
            room.submit(not_trainee, {})
    room.release(fac, Role.FIRM)
    with pytest.raises(AccessError):
        room.submit(firm, {})  # a released seat's token stops working
    assert room.game.rounds_played == 0


def _play(room: Room, fac: str, mgr) -> None:
    t = _all_seats(room)
    room.submit(t[Role.FIRM], {"effort": 0.95, "staff_factor": 1.2, "fee_yuan": 28})
    room.submit(t[Role.RESIDENT], {"fee_strike": True, "raise_needs": ["repair", "safety"]})
    room.submit(
        t[Role.RC],
        {
            "share_time_on_needs": 0.7,
            "ask_units_hours": 20,
            "yuan_per_point": 0.5,
            "points_budget_yuan_per_year": 20000,
            "joint_meeting_interval_weeks": 2,
        },
    )
    room.inject(fac, "budget_cut", {"share": 0.2})
    _advance(mgr, room, fac)
    room.submit(t[Role.OC], {"activeness": 0.9, "escalate_disputes": True})
    room.submit(t[Role.UNIT], {"hours_per_week": 30, "evaluation_strength": 0.8})
    room.inject(fac, "firm_failure", {"share": 0.3})
    room.inject(fac, "fee_strike", {"weeks": 2})
    _advance(mgr, room, fac)
    room.inject(fac, "epidemic", {"weeks": 4})
    room.submit(t[Role.FIRM], {"effort": 0.5})
    _advance(mgr, room, fac)


def test_replay_from_the_log_is_the_played_run_bit_for_bit(mgr):
    room, fac = mgr.create(FULL)
    _play(room, fac, mgr)
    assert room.status == "finished"
    again = replay(room.config, room.inputs())
    pd.testing.assert_frame_equal(again.model.timeseries(), room.timeseries(), check_exact=True)
    # and the logged fingerprints are those of the replayed rows
    rows = again.model.timeseries().to_dict("records")
    logged = [r[6] for r in room.log.rounds()]
    k = CFG.round_weeks
    assert [digest(rows[i * k : (i + 1) * k]) for i in range(CFG.rounds)] == logged
    # the facilitator's reference line is the all-model run with the same events
    events_only = [RoundInput({}, list(i.events)) for i in room.inputs()]
    pd.testing.assert_frame_equal(
        room.reference_timeseries(),
        replay(room.config, events_only).model.timeseries(),
        check_exact=True,
    )
    assert not room.reference_timeseries().equals(room.timeseries())


def test_every_decision_and_round_is_in_the_log_and_exports_to_parquet(mgr, tmp_path):
    room, fac = mgr.create(FULL)
    _play(room, fac, mgr)
    files = room.log.export_parquet(tmp_path / "export")
    dec = pd.read_parquet(files["decisions"])
    assert set(dec["role"]) == {r.value for r in Role}
    fee = dec[(dec["role"] == "firm") & (dec["field"] == "fee_yuan")]
    assert json.loads(fee["value"].iloc[0]) == 28
    ts = pd.read_parquet(files["timeseries"])
    assert len(ts) == CFG.rounds * CFG.round_weeks
    pd.testing.assert_series_equal(
        ts["satisfaction_mean"], room.timeseries()["satisfaction_mean"], check_exact=True
    )
    ev = pd.read_parquet(files["events"])
    assert list(ev["kind"]) == ["budget_cut", "firm_failure", "fee_strike", "epidemic"]


KILLER = r"""
import json, os, signal, sys
from cogov.roleplay.engine import GameConfig
from cogov.roleplay.manager import RoomManager
mgr = RoomManager(sys.argv[1])
room, fac = mgr.create(GameConfig("baseline", seed=11, round_weeks=3, rounds=3))
t = {r: room.join(r) for r in ("firm", "rc", "resident")}
room.submit(t["firm"], {"effort": 0.95})
room.submit(t["resident"], {"fee_strike": True})
room.inject(fac, "budget_cut", {"share": 0.25})
mgr.advance(room.code, fac).result()
room.submit(t["rc"], {"share_time_on_needs": 0.8})
room.inject(fac, "fee_strike", {"weeks": 2})
print(json.dumps({"code": room.code, "fac": fac, "tokens": t}), flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # the server dies mid-game, nothing shut down
"""


def test_a_server_killed_mid_game_resumes_with_no_decision_lost(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", KILLER, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ},
    )
    assert proc.returncode == -9, proc.stderr
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    mgr = RoomManager(tmp_path)
    try:
        assert not mgr.broken
        room = mgr.get(info["code"])
        assert room.current_round == 2 and room.status == "open"
        assert room.decisions(2) == {"rc": {"share_time_on_needs": 0.8}}
        assert room.events(2) == [("fee_strike", {"weeks": 2})]
        tok = info["tokens"]
        assert room.role_of(tok["firm"]) is Role.FIRM  # seats survive, tokens still work
        room.submit(tok["firm"], {"effort": 0.4})
        mgr.advance(room.code, info["fac"]).result()
        mgr.advance(room.code, info["fac"]).result()
        assert room.status == "finished"
        played = room.timeseries()
    finally:
        mgr.close()
    v = validate_decision
    uninterrupted = replay(
        CFG,
        [
            RoundInput(
                {
                    Role.FIRM: v("firm", {"effort": 0.95}),
                    Role.RESIDENT: v("resident", {"fee_strike": True}),
                },
                [("budget_cut", _ev("budget_cut", share=0.25))],
            ),
            RoundInput(
                {
                    Role.RC: v("rc", {"share_time_on_needs": 0.8}),
                    Role.FIRM: v("firm", {"effort": 0.4}),
                },
                [("fee_strike", _ev("fee_strike", weeks=2))],
            ),
            RoundInput(),
        ],
    )
    pd.testing.assert_frame_equal(played, uninterrupted.model.timeseries(), check_exact=True)


def _ev(kind, **kw):
    from cogov.roleplay.levers import validate_event

    return validate_event(kind, kw)


def test_the_timer_closes_a_round_without_the_facilitator(mgr):
    room, fac = mgr.create(CFG)
    room.set_timer(fac, 0.2)
    deadline = time.time() + 30
    while room.game.rounds_played == 0 and time.time() < deadline:
        time.sleep(0.05)
    assert room.game.rounds_played >= 1
    assert room.log.rounds()[0][7] == "timer"
    room.pause(fac)
    played = room.game.rounds_played
    time.sleep(0.5)
    assert room.game.rounds_played == played  # paused: the timer does not advance


def test_a_double_click_closes_one_round(mgr):
    room, fac = mgr.create(CFG)
    with room.lock:  # the room is busy: both clicks arrive before the first is run
        f1 = mgr.advance(room.code, fac)
        f2 = mgr.advance(room.code, fac)
    assert f1 is f2
    f1.result(timeout=60)
    assert room.game.rounds_played == 1


def test_one_busy_room_does_not_stall_another(mgr):
    busy, fac_a = mgr.create(CFG)
    other, fac_b = mgr.create(CFG)
    firm_b = other.join(Role.FIRM)
    release = threading.Event()
    holding = threading.Event()

    def hog():  # room A's worker is stuck inside its lock (a long step)
        with busy.lock:
            holding.set()
            release.wait(30)

    t = threading.Thread(target=hog)
    t.start()
    holding.wait(5)
    try:
        stuck = mgr.advance(busy.code, fac_a)
        other.submit(firm_b, {"effort": 0.9})
        assert mgr.advance(other.code, fac_b).result(timeout=30) == 1
        assert not stuck.done()
    finally:
        release.set()
        t.join()
    assert stuck.result(timeout=60) == 1


def test_an_unknown_room_code_gets_a_message(mgr):
    with pytest.raises(DecisionError) as err:
        mgr.get("NOPE42")
    assert "没有房间码" in err.value.message("zh")


def test_a_room_whose_log_does_not_replay_is_set_aside_not_fatal(tmp_path):
    mgr = RoomManager(tmp_path)
    good, fac = mgr.create(CFG)
    bad, fac_b = mgr.create(CFG)
    mgr.advance(bad.code, fac_b).result()
    mgr.close()
    import sqlite3

    with sqlite3.connect(Path(tmp_path) / f"{bad.code}.sqlite") as c:
        c.execute("UPDATE rounds SET digest = 'x'")
    mgr = RoomManager(tmp_path)
    try:
        assert good.code in mgr.rooms and bad.code in mgr.broken
    finally:
        mgr.close()


def test_each_role_sees_its_own_part_only(mgr):
    room, fac = mgr.create(CFG)
    _advance(mgr, room, fac)
    views = {r: room.role_view(r) for r in Role}
    assert "firms" in views[Role.FIRM] and "budget_left_yuan" not in views[Role.FIRM]
    assert "budget_left_yuan" in views[Role.RC] and "firms" not in views[Role.RC]
    assert "income_week" not in str(views[Role.OC])  # the OC does not see the firm's books
    rep = views[Role.RESIDENT]
    assert set(rep) >= {"compound", "fee_strike", "hidden_in_compound"}
    assert "ocs" not in rep and "unit" not in rep


def test_an_epidemic_cannot_be_injected_over_one_on_or_scheduled(mgr):
    room, fac = mgr.create(GameConfig("epidemic", seed=1, round_weeks=4, rounds=2))
    with pytest.raises(DecisionError, match="scheduled already"):
        room.inject(fac, "epidemic", {"weeks": 4})
    room2, fac2 = mgr.create(CFG)
    room2.inject(fac2, "epidemic", {"weeks": 4})
    _advance(mgr, room2, fac2)
    with pytest.raises(DecisionError) as err:
        room2.inject(fac2, "epidemic", {"weeks": 4})
    assert "疫情" in err.value.message("zh")


def test_the_form_shows_the_present_values_a_decision_changed(mgr):
    room, fac = mgr.create(CFG)
    firm = room.join(Role.FIRM)
    assert room.current_values(Role.FIRM)["fee_yuan"] == 25.0
    room.submit(firm, {"fee_yuan": 31, "staff_factor": 1.25})
    _advance(mgr, room, fac)
    now = room.current_values(Role.FIRM)
    assert now["fee_yuan"] == 31.0 and now["staff_factor"] == pytest.approx(1.25)


KILL_WHILE_STEPPING = r"""
import json, os, signal, sys
from cogov.roleplay.engine import GameConfig
from cogov.roleplay.manager import RoomManager
mgr = RoomManager(sys.argv[1])
room, fac = mgr.create(GameConfig("baseline", seed=11, round_weeks=3, rounds=3))
firm = room.join("firm")
room.submit(firm, {"effort": 0.95})
print(json.dumps({"code": room.code, "fac": fac}), flush=True)
model = room.game.model
step = model.step
calls = []
def dying_step():
    calls.append(1)
    if len(calls) == 2:
        os.kill(os.getpid(), signal.SIGKILL)  # the server dies inside the round's weeks
    step()
model.step = dying_step
room.advance(fac)
"""


def test_a_server_killed_while_running_a_round_resumes_before_it(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", KILL_WHILE_STEPPING, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == -9, proc.stderr
    info = json.loads(proc.stdout.strip().splitlines()[-1])
    mgr = RoomManager(tmp_path)
    try:
        room = mgr.get(info["code"])
        assert room.current_round == 1 and room.game.model.steps == 0
        assert room.decisions(1) == {"firm": {"effort": 0.95}}
        mgr.advance(room.code, info["fac"]).result()
        played = room.timeseries()
    finally:
        mgr.close()
    alone = replay(CFG, [RoundInput({Role.FIRM: validate_decision("firm", {"effort": 0.95})})])
    pd.testing.assert_frame_equal(played, alone.model.timeseries(), check_exact=True)


@pytest.mark.parametrize(
    "cfg, needle",
    [
        (GameConfig("baseline", seed=-1), "seed"),
        (GameConfig("baseline", round_weeks=0), "1 to 52 weeks"),
        (GameConfig("baseline", rounds=99), "1 to 52 rounds"),
        (GameConfig("no_such_scenario"), "no_such_scenario"),
    ],
)
def test_a_game_that_cannot_be_played_is_refused_before_a_room_exists(mgr, cfg, needle):
    with pytest.raises(DecisionError) as err:
        mgr.create(cfg)
    assert needle in err.value.message("en") and err.value.message("zh")
    assert "/" not in err.value.message("en").replace("1 to 52", "")
    assert not list(mgr.root.glob("*.sqlite"))


def test_a_role_reads_what_its_own_decisions_did_and_nothing_else(mgr):
    room, fac = mgr.create(CFG)
    t = _all_seats(room)
    room.submit(t[Role.RESIDENT], {"raise_needs": ["repair"]})
    room.submit(t[Role.OC], {"escalate_disputes": True})
    _advance(mgr, room, fac)
    assert any("hidden needs raised" in n for n in room.role_notes(Role.RESIDENT))
    assert not any("raised" in n for n in room.role_notes(Role.OC))
    assert any("escalated" in n for n in room.role_notes(Role.OC))
    assert room.role_notes(Role.FIRM) == []


# ---------------------------------------------------------------- the feed (cogov.events)


def test_the_feed_holds_the_models_events_in_both_languages_and_after_a_restart(tmp_path):
    mgr = RoomManager(tmp_path)
    room, fac = mgr.create(CFG)
    room.inject(fac, "epidemic", {"weeks": 2})
    _advance(mgr, room, fac)
    room.inject(fac, "firm_failure", {"share": 0.5})
    _advance(mgr, room, fac)
    en, zh, items = room.event_feed("en"), room.event_feed("zh"), room.feed()
    code = room.code
    mgr.close()
    # the model's own events (cogov.events), not only what the facilitator injected
    assert "week 1: an epidemic began; activities are mostly suspended" in en
    assert "第1周：疫情开始，大部分活动暂停" in zh
    assert "week 3: the epidemic ended; activities resume" in en
    exits = [line for line in en if "the firm in compound" in line and "left" in line]
    assert exits and all(line.startswith("week 4:") for line in exits)
    assert len([line for line in zh if "物业企业撤出" in line]) == len(exits)
    assert "week 1: the facilitator injects: epidemic (2 weeks)" in en
    assert en.index("week 1: the facilitator injects: epidemic (2 weeks)") < en.index(
        "week 1: an epidemic began; activities are mostly suspended"
    )
    # a restart replays the game from its log: the same list, line for line
    again = RoomManager(tmp_path)
    try:
        assert again.get(code).feed() == items
    finally:
        again.close()


def test_without_an_injected_event_the_feed_has_no_such_model_event(mgr):
    """The epidemic and exits above come from the model's state, not from the feed's code."""
    room, fac = mgr.create(CFG)
    _advance(mgr, room, fac)
    _advance(mgr, room, fac)
    text = " ".join(room.event_feed("en"))
    assert "epidemic" not in text and "the firm in compound" not in text


def test_each_role_reads_only_the_events_its_stakeholder_would_see(mgr):
    room, fac = mgr.create(CFG)
    room.inject(fac, "firm_failure", {"share": 1.0})
    room.inject(fac, "budget_cut", {"share": 0.5})
    _advance(mgr, room, fac)
    everything = room.event_feed("en")
    exits = [line for line in everything if "the firm in compound" in line]
    assert exits
    assert all(line in room.event_feed("en", Role.FIRM) for line in exits)
    unit = room.event_feed("en", Role.UNIT)
    assert not any("the firm in compound" in line for line in unit)
    assert any("injects: firm failure" in line for line in unit)  # announced to everyone
    rep = room.game.levers.rep_compound + 1
    resident = [line for line in room.event_feed("en", Role.RESIDENT) if "the firm in" in line]
    assert resident == [line for line in exits if f"compound {rep} " in line]


def test_the_debrief_from_the_live_game_is_the_debrief_from_full_replays(mgr):
    """The room's debrief reuses its live game and reference run: the same as replaying."""
    from cogov.roleplay.debrief import debrief, room_debrief

    room, fac = mgr.create(CFG)
    firm = room.join(Role.FIRM, "Ann")
    rc = room.join(Role.RC, "Bo")
    room.submit(rc, {"share_time_on_needs": 0.9})
    room.inject(fac, "budget_cut", {"share": 0.3})
    _advance(mgr, room, fac)
    first = room_debrief(room)  # the RC's counterfactual is kept and played on from here
    assert first == debrief(CFG, room.inputs(), {Role.FIRM: "Ann", Role.RC: "Bo"})
    room.submit(firm, {"effort": 1.0})  # the firm decides first in round 2
    _advance(mgr, room, fac)
    d = room_debrief(room)
    assert d == debrief(CFG, room.inputs(), {Role.FIRM: "Ann", Role.RC: "Bo"})
    assert set(d.effects) == {Role.FIRM, Role.RC} and d.effects[Role.RC] != first.effects[Role.RC]


# ---------------------------------------------------------------- the join link


def _headers(host, origin=None, **more):
    h = {"host": [host], **{k.replace("_", "-"): [v] for k, v in more.items()}}
    if origin:
        h["origin"] = [origin]
    return h


def test_the_join_link_is_a_full_url_with_scheme_host_port_and_code():
    from cogov.roleplay.pages import join_url

    lan = lambda: "192.168.3.7"  # noqa: E731
    # the facilitator browses the LAN address: that is the link
    url, local = join_url("ABC234", _headers("10.0.0.5:8765"), "0.0.0.0", "8765", lan)
    assert url == "http://10.0.0.5:8765/roleplay?room=ABC234" and not local
    # on the classroom machine itself (127.0.0.1) with --host 0.0.0.0: the LAN address
    url, local = join_url("ABC234", _headers("127.0.0.1:8765"), "0.0.0.0", "8765", lan)
    assert url == "http://192.168.3.7:8765/roleplay?room=ABC234" and not local
    url, _ = join_url("ABC234", _headers("localhost:9000"), "10.1.2.3", "9000", lan)
    assert url == "http://10.1.2.3:9000/roleplay?room=ABC234"
    # a server on the loopback only: the link works here only, and says so
    url, local = join_url("ABC234", _headers("127.0.0.1:8765"), "127.0.0.1", "8765", lan)
    assert url == "http://127.0.0.1:8765/roleplay?room=ABC234" and local
    # behind a TLS proxy, and without any header (the server's own address)
    url, _ = join_url(
        "ABC234",
        _headers("127.0.0.1:8765", x_forwarded_host="cogov.example.org", x_forwarded_proto="https"),
        "127.0.0.1",
        "8765",
        lan,
    )
    assert url == "https://cogov.example.org/roleplay?room=ABC234"
    url, _ = join_url("ABC234", None, "0.0.0.0", "8765", lan)
    assert url == "http://192.168.3.7:8765/roleplay?room=ABC234"
    url, _ = join_url("ABC234", _headers("[::1]:8765"), "::", "8765", lambda: None)
    assert url == "http://[::1]:8765/roleplay?room=ABC234"


def test_the_facilitators_drawings_are_made_once_a_round_not_at_each_decision(mgr):
    from cogov.roleplay.pages import room_views

    room, fac = mgr.create(CFG)
    firm = room.join(Role.FIRM, "Ann")
    views = room_views(room)
    assert views.charts("en") is None  # nothing played yet (the figure is built, not shown)
    _advance(mgr, room, fac)
    charts, drawn_map, text = views.charts("en"), views.map("en"), views.debrief("en")
    room.submit(firm, {"effort": 1.0})  # the room changes; what is drawn of it does not
    assert views.charts("en") is charts and views.map("en") is drawn_map
    assert views.debrief("en") is text
    _advance(mgr, room, fac)
    assert views.charts("en") != charts and views.map("en") != drawn_map
    assert any("Ann" in para for para in views.debrief("en"))
