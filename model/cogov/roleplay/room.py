"""A game room: a game, its seats, its log, and who may do what.

The facilitator creates a room (scenario, seed, round length, rounds) and gets two things:
a **room code** to give the class, and a **facilitator token** to keep. A trainee joins with
the code, picks a free role and gets a **session token** bound to that role: every decision
they send is checked against it, so a trainee acts only for their own role, and the room
code alone grants no facilitator power (advance, pause, inject, timer, debrief, seats).
Tokens are stored as SHA-256 hashes and compared in constant time.

A round never waits for anyone: decisions have defaults (an empty field is the model's own
rule; a role nobody took is played by the model), and the facilitator closes a round when
they choose or when the round's timer runs out.

Everything goes to the room's log (:mod:`cogov.roleplay.store`) as it happens; a room is
reopened after a restart by replaying its closed rounds from the log (and checking each
round's fingerprint), so it resumes exactly where it was, with its pending decisions.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cogov.ledgers import HIDDEN
from cogov.roleplay.engine import Game, GameConfig, RoundInput, digest, dumps
from cogov.roleplay.levers import (
    EVENT_NAMES,
    needs_share,
    standard_staff,
    unavailable,
    validate_event,
)
from cogov.roleplay.roles import ROLE_NAMES, Decision, DecisionError, Role, validate_decision
from cogov.roleplay.store import RoomLog

#: Letters and digits that cannot be mistaken for one another when read off a projector.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

OPEN, PAUSED, FINISHED = "open", "paused", "finished"


class AccessError(DecisionError):
    """A token that does not grant what was asked."""


class CodeTaken(DecisionError):
    """A room code already in use."""


def new_code(n: int = 6) -> str:
    """A fresh room code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(n))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _same(token: str | None, token_hash: str | None) -> bool:
    if not token or not token_hash:
        return False
    return hmac.compare_digest(_hash(token), token_hash)


@dataclass(frozen=True)
class FeedItem:
    """One line of a room's feed.

    Attributes:
        week: the week it happened in (an injected event or a decision: the round's first).
        order: within a week, injected events (0), then decisions (1), then the model's (2).
        kind: ``injected``, ``note:<role>`` (what a role's decision did; ``note:event`` for
            an injected event's effect) or a :data:`cogov.events.KINDS` key.
        en: the sentence in English.
        zh: the sentence in Chinese.
        compound: the compound (numbered from 1) a model event concerns, if one.
    """

    week: int
    order: int
    kind: str
    en: str
    zh: str
    compound: int | None = None

    def text(self, lang: str = "en") -> str:
        """The sentence in ``lang``."""
        return self.zh if lang == "zh" else self.en


FEED_INJECTED = {
    "en": "week {week}: the facilitator injects: {what}",
    "zh": "第{week}周：主持人注入事件：{what}",
}
#: Model events everyone in the community hears of (and every injected event).
PUBLIC_KINDS = frozenset(
    {"injected", "note:event", "epidemic_start", "epidemic_end", "firm_exit_shock",
     "firms_left", "points_withdrawn"}
)  # fmt: skip
#: What each role sees besides the public events and its own decisions' notes. The firm,
#: the owners' committees and the RC see every compound's fee strikes and changes of firm
#: (as their views show every compound); the RC also its own budget running out; the
#: resident representative only their own compound's; a paired unit nothing more.
PROPERTY_KINDS = frozenset({"fee_strike", "firm_exit", "firm_exit_after_strike", "firm_hired"})
ROLE_KINDS: dict[Role, frozenset[str]] = {
    Role.FIRM: PROPERTY_KINDS,
    Role.OC: PROPERTY_KINDS,
    Role.RC: PROPERTY_KINDS | {"budget_exhausted"},
    Role.UNIT: frozenset(),
    Role.RESIDENT: PROPERTY_KINDS,  # of their own compound only
}


def sees(role: Role, item: FeedItem, rep_compound: int) -> bool:
    """Whether a role sees a feed item (``rep_compound`` numbered from 1)."""
    if item.kind in PUBLIC_KINDS or item.kind == f"note:{role.value}":
        return True
    if item.kind not in ROLE_KINDS[role]:
        return False
    return role is not Role.RESIDENT or item.compound == rep_compound


def _injected_text(kind: str, params: dict[str, Any]) -> tuple[str, str]:
    """An injected event in words (English, Chinese)."""
    name = EVENT_NAMES[kind]
    en, zh = name["en"], name["zh"]
    if "weeks" in params:
        return f"{en} ({params['weeks']} weeks)", f"{zh}（{params['weeks']}周）"
    if "share" in params:
        pct = f"{params['share']:.0%}"
        return f"{en} ({pct})", f"{zh}（{pct}）"
    return en, zh


class Room:
    """One game room. Use :meth:`create` or :meth:`open`; every method is thread-safe.

    Attributes:
        code: the room code.
        config: the game.
        game: the live game (model and levers).
        log: the room's SQLite log.
        lock: held while the room changes (each room has its own).
    """

    def __init__(self, log: RoomLog, meta: dict[str, str]):
        self.log = log
        self.lock = threading.RLock()
        self.code = meta["code"]
        self.config = GameConfig.from_json(meta["config"])
        self._fac_hash = meta["facilitator_hash"]
        self.status = meta.get("status", OPEN)
        self.timer_s = float(meta.get("timer_s", "0"))
        self.deadline = float(meta["deadline"]) if meta.get("deadline") else None
        self.game = Game(self.config, track_events=True)
        self.version = 0  # bumped on every change, for screens that poll
        self.round_states: list[dict[str, Any]] = []
        self.round_notes: list[list[dict[str, str]]] = []
        self._reference: Game | None = None

    # ---------------------------------------------------------------- creation
    @classmethod
    def create(cls, root: Path, config: GameConfig, code: str | None = None) -> tuple[Room, str]:
        """Create a room under ``root``; return it and the facilitator's token."""
        code = code or new_code()
        path = Path(root) / f"{code}.sqlite"
        if path.exists():
            raise CodeTaken(f"room {code} exists already", f"房间 {code} 已存在")
        config.check()  # a game that cannot be played is refused before anything is written
        GameConfig.from_json(config.to_json())  # what is stored reads back
        token = secrets.token_urlsafe(24)
        log = RoomLog(path)
        meta = {
            "code": code,
            "config": config.to_json(),
            "facilitator_hash": _hash(token),
            "status": OPEN,
            "created_at": repr(time.time()),
        }
        for k, v in meta.items():
            log.set_meta(k, v)
        return cls(log, meta), token

    @classmethod
    def open(cls, path: Path) -> Room:
        """Reopen a room from its log: replay the closed rounds, check them, resume.

        Raises:
            RuntimeError: when the log does not replay to the same results (the model's
                code changed since the game was played).
        """
        log = RoomLog(path)
        room = cls(log, log.meta())
        for rnd, _first, _last, _rows, state, notes, dig, _by in log.rounds():
            rows, _ = room.game.play_round(room.round_input(rnd))
            if digest(rows) != dig:
                raise RuntimeError(
                    f"room {room.code}: round {rnd} does not replay to the logged results"
                )
            room.round_states.append(json.loads(state))
            room.round_notes.append(json.loads(notes))
        if room.status == OPEN and room.timer_s > 0:
            # the round's time starts afresh: a server that was down closes no round at once
            room._set_status(OPEN, deadline=room._next_deadline())
        return room

    def close(self) -> None:
        """Close the log file."""
        with self.lock:
            self.log.close()

    # ---------------------------------------------------------------- who
    @property
    def current_round(self) -> int:
        """The round being decided now (1-based; rounds + 1 once the game is over)."""
        return self.game.rounds_played + 1

    def is_facilitator(self, token: str | None) -> bool:
        """True if the token is this room's facilitator's."""
        return _same(token, self._fac_hash)

    def _facilitator(self, token: str | None) -> None:
        if not self.is_facilitator(token):
            raise AccessError(
                "only the facilitator can do this (the room code is not enough)",
                "只有主持人可以进行此操作（房间码不够）",
            )

    def seats(self) -> dict[Role, str]:
        """Taken roles and the names of who took them."""
        return {Role(r): name for r, (_h, name) in self.log.seats().items()}

    def free_roles(self) -> list[Role]:
        """Roles nobody has taken (the model plays them)."""
        taken = self.seats()
        return [r for r in Role if r not in taken]

    def join(self, role: Role | str, name: str = "") -> str:
        """Take a free role; return the session token bound to it."""
        try:
            role = Role(role)
        except ValueError:
            names = ", ".join(r.value for r in Role)
            raise DecisionError(
                f"unknown role {role!r}; allowed: {names}", f"未知角色；允许：{names}"
            ) from None
        name = str(name)[:40]
        with self.lock:
            if self.status == FINISHED:
                raise DecisionError("the game is over", "本局已结束")
            if role in self.seats():
                free = ", ".join(r.value for r in self.free_roles()) or "none"
                raise DecisionError(
                    f"the role {role.value} is taken; free roles: {free}",
                    f"角色“{ROLE_NAMES[role]['zh']}”已有人；空闲角色：{free}",
                )
            token = secrets.token_urlsafe(24)
            self.log.add_seat(role.value, _hash(token), name)
            self.version += 1
            return token

    def role_of(self, token: str | None) -> Role | None:
        """The role bound to a session token (None if it is nobody's)."""
        for r, (h, _n) in self.log.seats().items():
            if _same(token, h):
                return Role(r)
        return None

    def release(self, fac_token: str, role: Role | str) -> None:
        """The facilitator frees a role (its token stops working; the model plays it)."""
        with self.lock:
            self._facilitator(fac_token)
            self.log.remove_seat(Role(role).value)
            self.log.add_action("release", dumps({"role": Role(role).value}))
            self.version += 1

    # ---------------------------------------------------------------- decisions
    def submit(self, token: str | None, data: dict[str, Any]) -> Decision:
        """A trainee's decision for the current round (the last one sent counts).

        Raises:
            AccessError: when the token is bound to no role of this room.
            DecisionError: for a value out of bounds or one that cannot act here.
        """
        role = self.role_of(token)
        if role is None:
            raise AccessError(
                "this session is not bound to a role in this room", "此会话未绑定本房间的角色"
            )
        d = validate_decision(role, data)
        with self.lock:
            if self.status == FINISHED:
                raise DecisionError("the game is over", "本局已结束")
            why = unavailable(self.game.model, role, d)
            if why is not None:
                raise DecisionError(*why)
            self.log.add_decision(
                self.current_round, role.value, dumps(d.model_dump(exclude_defaults=True))
            )
            self.version += 1
        return d

    def decisions(self, rnd: int) -> dict[str, dict[str, Any]]:
        """The decision that counts for each role in a round (the last one sent)."""
        out: dict[str, dict[str, Any]] = {}
        for _id, _r, role, payload, _at in self.log.decisions(rnd):
            out[role] = json.loads(payload)
        return out

    def decided(self) -> dict[Role, bool]:
        """Per role, whether it has sent a decision this round."""
        got = self.decisions(self.current_round)
        return {r: r.value in got for r in Role}

    def events(self, rnd: int) -> list[tuple[str, dict[str, Any]]]:
        """Events injected for a round, in order."""
        return [(k, json.loads(p)) for _i, _r, k, p, _at in self.log.events(rnd)]

    def round_input(self, rnd: int) -> RoundInput:
        """What acts at the start of a round, from the log."""
        return RoundInput.from_log(self.decisions(rnd), self.events(rnd))

    def inputs(self) -> list[RoundInput]:
        """Every played round's input, from the log."""
        return [self.round_input(r) for r in range(1, self.game.rounds_played + 1)]

    # ---------------------------------------------------------------- facilitator
    def inject(self, fac_token: str, kind: str, params: dict[str, Any] | None = None) -> None:
        """Inject an event; it acts at the start of the next round run."""
        self._facilitator(fac_token)
        spec = validate_event(kind, params)
        with self.lock:
            if self.status == FINISHED:
                raise DecisionError("the game is over", "本局已结束")
            ep = self.game.model.params.shocks.epidemic
            if (
                kind == "epidemic"
                and ep.enabled
                and ep.start_week + ep.duration_weeks > (self.game.model.steps + 1)
            ):
                raise DecisionError(
                    f"an epidemic is on or scheduled already (weeks {ep.start_week} to "
                    f"{ep.start_week + ep.duration_weeks - 1}); allowed: inject one after it",
                    f"疫情已在进行或已排定（第 {ep.start_week} 至 "
                    f"{ep.start_week + ep.duration_weeks - 1} 周）；允许：在其结束后再注入",
                )
            self.log.add_event(self.current_round, kind, dumps(spec.model_dump()))
            self.version += 1

    def pause(self, fac_token: str) -> None:
        """Stop the timer; nothing advances until :meth:`resume` (decisions still count)."""
        with self.lock:
            self._facilitator(fac_token)
            if self.status == OPEN:
                self._set_status(PAUSED, deadline=None)
                self.log.add_action("pause", "{}")

    def resume(self, fac_token: str) -> None:
        """Resume a paused room (the timer, if any, starts afresh)."""
        with self.lock:
            self._facilitator(fac_token)
            if self.status == PAUSED:
                self._set_status(OPEN, deadline=self._next_deadline())
                self.log.add_action("resume", "{}")

    def set_timer(self, fac_token: str, seconds: float) -> None:
        """Close each round after ``seconds`` (0: only when the facilitator advances)."""
        with self.lock:
            self._facilitator(fac_token)
            if not 0 <= seconds <= 3600:
                raise DecisionError(
                    f"timer {seconds!r} s; allowed: 0 to 3600 seconds",
                    f"计时 {seconds!r} 秒；允许：0 至 3600 秒",
                )
            self.timer_s = float(seconds)
            self.log.set_meta("timer_s", repr(self.timer_s))
            self.log.add_action("timer", dumps({"seconds": self.timer_s}))
            if self.status == OPEN:
                self._set_status(OPEN, deadline=self._next_deadline())

    def _next_deadline(self) -> float | None:
        return time.time() + self.timer_s if self.timer_s > 0 else None

    def _set_status(self, status: str, deadline: float | None) -> None:
        self.status = status
        self.deadline = deadline
        self.log.set_meta("status", status)
        self.log.set_meta("deadline", repr(deadline) if deadline else "")
        self.version += 1

    def advance(self, fac_token: str | None = None, *, by: str = "facilitator") -> int:
        """Close the current round and run its weeks; return the round closed.

        The facilitator's token is needed unless ``by="timer"`` (the room's own timer, which
        only the server calls, and only once the deadline has passed).
        """
        with self.lock:
            if by == "timer":
                if self.deadline is None or time.time() < self.deadline or self.status != OPEN:
                    return self.game.rounds_played
            else:
                self._facilitator(fac_token)
            if self.status == FINISHED:
                raise DecisionError("the game is over", "本局已结束")
            if self.status == PAUSED and by != "facilitator":
                return self.game.rounds_played
            rnd = self.current_round
            rows, notes = self.game.play_round(self.round_input(rnd))
            state = self.game.state()
            note_dicts = [{"role": n.role, "en": n.en, "zh": n.zh} for n in notes]
            finished = self.game.finished
            deadline = None if finished else self._next_deadline()
            status = FINISHED if finished else (OPEN if self.status == OPEN else self.status)
            weeks = self.config.round_weeks
            self.log.add_round(
                rnd,
                (rnd - 1) * weeks + 1,
                rnd * weeks,
                dumps(rows),
                dumps(state),
                dumps(note_dicts),
                digest(rows),
                by,
                {"status": status, "deadline": repr(deadline) if deadline else ""},
            )
            self.status, self.deadline = status, deadline
            self.round_states.append(json.loads(dumps(state)))
            self.round_notes.append(note_dicts)
            self.version += 1
            return rnd

    # ---------------------------------------------------------------- views
    def reference_timeseries(self):
        """The all-model run (same seed, same events, no decisions) over the weeks played.

        Kept as a game of its own and advanced a round at a time when asked, so a screen
        that redraws every round does not replay the whole game each time.
        """
        with self.lock:
            if self._reference is None:
                self._reference = Game(self.config)
            ref = self._reference
            while ref.rounds_played < self.game.rounds_played:
                events = self.round_input(ref.rounds_played + 1).events
                ref.play_round(RoundInput({}, list(events)))
            return ref.model.timeseries()

    def timeseries(self):
        """Outcomes of the weeks played so far (a pandas DataFrame)."""
        return self.game.model.timeseries()

    def feed(self) -> list[FeedItem]:
        """What happened, in order: one list for every screen, in both languages.

        The model's own events (:class:`cogov.events.EventTracker`, followed week by week as
        the game plays, so a room reopened from its log has the same ones), the events the
        facilitator injected (shown at the first week of the round they act in, also for
        the round being decided now) and what the roles' decisions did at the start of each
        round (the levers' notes, from the log).
        """
        with self.lock:
            weeks = self.config.round_weeks
            out: list[FeedItem] = []
            for rnd in range(1, self.current_round + 1):
                week = (rnd - 1) * weeks + 1
                for kind, params in self.events(rnd):
                    en, zh = _injected_text(kind, params)
                    out.append(
                        FeedItem(
                            week,
                            0,
                            "injected",
                            FEED_INJECTED["en"].format(week=week, what=en),
                            FEED_INJECTED["zh"].format(week=week, what=zh),
                        )
                    )
                if rnd <= len(self.round_notes):
                    for n in self.round_notes[rnd - 1]:
                        out.append(
                            FeedItem(
                                week,
                                1,
                                f"note:{n['role']}",
                                f"week {week}: {n['en']}",
                                f"第{week}周：{n['zh']}",
                            )
                        )
            tracker = self.game.tracker
            for ev in tracker.events if tracker is not None else []:
                out.append(FeedItem(ev.week, 2, ev.kind, ev.text("en"), ev.text("zh"), ev.compound))
            return sorted(out, key=lambda it: (it.week, it.order))  # stable: same-week order kept

    def event_feed(self, lang: str = "en", role: Role | None = None) -> list[str]:
        """The feed's sentences in ``lang``; with ``role``, only what that stakeholder sees."""
        items = self.feed()
        if role is not None:
            rep = self.game.levers.rep_compound + 1
            items = [it for it in items if sees(role, it, rep)]
        return [it.text(lang) for it in items]

    def current_values(self, role: Role) -> dict[str, Any]:
        """The present value of each of a role's decision fields (shown beside the form)."""
        m = self.game.model
        w = m.world
        if role is Role.FIRM:
            firms = w.property.active_firms()
            return {
                "effort": sum(f.effort for f in firms) / len(firms) if firms else None,
                "staff_factor": (
                    sum(f.staff / standard_staff(m, f.households) for f in firms) / len(firms)
                    if firms
                    else None
                ),
                "fee_yuan": m.params.firms.fee_yuan_per_household_week,
            }
        if role is Role.OC:
            act = [oc.activeness for oc in w.property.oc_of_compound.values() if oc.functional]
            return {"activeness": sum(act) / len(act) if act else None}
        if role is Role.RC:
            out: dict[str, Any] = {"share_time_on_needs": needs_share(m)}
            mech = m.params.mechanisms
            if mech.point_incentives.enabled:
                out["yuan_per_point"] = mech.point_incentives.yuan_per_point
                out["points_budget_yuan_per_year"] = mech.point_incentives.budget_cap_yuan_per_year
            if mech.big_party_committee.enabled:
                out["joint_meeting_interval_weeks"] = (
                    mech.big_party_committee.meeting_interval_weeks
                )
            return out
        if role is Role.UNIT and w.paired_units:  # the seat speaks for every unit: their mean
            units = w.paired_units
            return {
                "hours_per_week": sum(u.hours_per_week for u in units) / len(units),
                "evaluation_strength": sum(u.evaluation_strength for u in units) / len(units),
            }
        return {}

    def role_notes(self, role: Role, lang: str = "en") -> list[str]:
        """What this role's decisions did at the start of each round (its own notes only)."""
        weeks = self.config.round_weeks
        out = []
        for rnd, notes in enumerate(self.round_notes, start=1):
            for n in notes:
                if n["role"] == role.value:
                    text = n["zh"] if lang == "zh" else n["en"]
                    week = (rnd - 1) * weeks + 1
                    out.append(f"第{week}周：{text}" if lang == "zh" else f"week {week}: {text}")
        return out

    def role_view(self, role: Role) -> dict[str, Any]:
        """What a stakeholder sees: their own part of the state, nothing of the others'."""
        m = self.game.model
        state = self.game.state()
        ts = m.timeseries()
        last = ts.iloc[-1].to_dict() if len(ts) else {}
        base = {"round": self.current_round, "rounds": self.config.rounds, "week": state["week"]}
        # Compounds are shown numbered from 1, as on the map, in the feed and in the forms.
        firms = [{**f, "compound": f["compound"] + 1} for f in state["firms"]]
        if role is Role.FIRM:
            return {**base, "firms": firms, "fee_yuan": state["fee_yuan"],
                    "fee_collection_rate": last.get("fee_collection_rate")}  # fmt: skip
        if role is Role.OC:
            return {**base, "ocs": [{**o, "compound": o["compound"] + 1} for o in state["ocs"]],
                    "firms": [{"compound": f["compound"], "quality": f["quality"]}
                              for f in firms],
                    "disputes_open": last.get("disputes_open"),
                    "satisfaction_mean": last.get("satisfaction_mean")}  # fmt: skip
        if role is Role.RC:
            return {**base, "share_time_on_needs": state["share_time_on_needs"],
                    "budget_left_yuan": state["budget_left_yuan"],
                    "backlog_open": last.get("backlog_open"),
                    "trust_rc_mean": last.get("trust_rc_mean"),
                    "rc_hours_used_share": last.get("rc_hours_used_share")}  # fmt: skip
        if role is Role.UNIT:
            asked = self.decisions(self.current_round).get("rc", {}).get("ask_units_hours")
            return {**base, "units": state["units"],
                    "rc_asks_hours": asked,
                    "unit_hours_worked": last.get("unit_hours_worked")}  # fmt: skip
        c = state["rep_compound"]
        w = m.world
        mine = w.residents_of_compound[c]
        led = w.needs
        hidden = led.open_with(HIDDEN)
        hidden_here = int((w.residents.compound[led.resident[hidden]] == c).sum())
        return {
            **base,
            "compound": c + 1,
            "fee_strike": c in state["fee_strike"],
            "satisfaction_mean": float(w.residents.satisfaction[mine].mean()),
            "hidden_in_compound": hidden_here,
        }
