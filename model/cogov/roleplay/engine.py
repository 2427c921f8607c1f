"""Playing a game's rounds on a model: the one code path for live play, resume and replay.

A game is a scenario, a seed and a round length; round ``r`` runs weeks
``(r − 1)·k + 1 … r·k``. At the start of a round the facilitator's events and then the
roles' decisions are applied (:class:`cogov.roleplay.levers.Levers`), then the weeks run,
each after the round's held settings are set again. Live play, resuming after a restart,
replaying a log and the debrief's counterfactual runs all go through :class:`Game`, so a
replay is the played run, bit for bit.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cogov.model import CommunityModel
from cogov.roleplay.levers import EventSpec, Levers, Note, needs_share, validate_event
from cogov.roleplay.roles import Decision, Role, validate_decision
from cogov.scenario import load_scenario


@dataclass(frozen=True)
class GameConfig:
    """What defines a game: scenario, seed, round length, number of rounds."""

    scenario: str = "baseline"
    seed: int = 1
    round_weeks: int = 4
    rounds: int = 6
    overrides: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Refuse a game that cannot be played, naming what is allowed (both languages).

        Raises:
            DecisionError: for a negative seed, a round length or number of rounds out of
                1–52, or a scenario that does not load.
        """
        from cogov.errors import InputError
        from cogov.roleplay.roles import DecisionError

        ok = (
            isinstance(self.seed, int)
            and self.seed >= 0
            and isinstance(self.round_weeks, int)
            and 1 <= self.round_weeks <= 52
            and isinstance(self.rounds, int)
            and 1 <= self.rounds <= 52
        )
        if not ok:
            raise DecisionError(
                f"seed {self.seed!r}, {self.round_weeks!r} weeks a round, {self.rounds!r} "
                "rounds; allowed: a whole-number seed >= 0, 1 to 52 weeks a round, 1 to 52 rounds",
                f"随机种子 {self.seed!r}，每轮 {self.round_weeks!r} 周，{self.rounds!r} 轮；"
                "允许：随机种子为不小于 0 的整数，每轮 1 至 52 周，1 至 52 轮",
            )
        try:
            load_scenario(self.scenario, self.overrides or None)
        except InputError as exc:
            raise DecisionError(
                f"scenario {self.scenario!r} cannot be used: {exc.problems[0]}",
                f"情景 {self.scenario!r} 无法使用：{exc.problems[0]}",
            ) from None

    def to_json(self) -> str:
        """The config as JSON (stored in the room's log)."""
        return json.dumps(
            {
                "scenario": self.scenario,
                "seed": self.seed,
                "round_weeks": self.round_weeks,
                "rounds": self.rounds,
                "overrides": self.overrides,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> GameConfig:
        """Read a config stored by :meth:`to_json`."""
        return cls(**json.loads(text))


@dataclass
class RoundInput:
    """What acts at the start of one round: events (in order) and decisions by role."""

    decisions: dict[Role, Decision] = field(default_factory=dict)
    events: list[tuple[str, EventSpec]] = field(default_factory=list)

    @classmethod
    def from_log(
        cls, decisions: dict[str, dict[str, Any]], events: list[tuple[str, dict[str, Any]]]
    ) -> RoundInput:
        """Typed input from the log's JSON (validated again)."""
        return cls(
            {Role(r): validate_decision(r, d) for r, d in decisions.items()},
            [(k, validate_event(k, p)) for k, p in events],
        )


def plain(value: Any) -> Any:
    """A numpy scalar as the Python number of the same value (exact); others unchanged."""
    return value.item() if isinstance(value, np.generic) else value


def dumps(obj: Any) -> str:
    """JSON of a log record (numpy scalars as Python numbers, NaN kept)."""
    return json.dumps(obj, sort_keys=True, allow_nan=True, default=plain, ensure_ascii=False)


def digest(rows: list[dict[str, float]]) -> str:
    """A fingerprint of a round's outcome rows (exact: floats by their repr)."""
    text = dumps(rows)
    return hashlib.sha256(text.encode()).hexdigest()


class Game:
    """A model and its levers, played round by round.

    Args:
        config: the game.
        track_events: follow the model's events week by week
            (:class:`cogov.events.EventTracker`, which only reads: same results either way).
    """

    def __init__(self, config: GameConfig, track_events: bool = False):
        from cogov.events import EventTracker

        self.config = config
        sc = load_scenario(config.scenario, config.overrides or None)
        # A copy of its own: levers set parameters a stakeholder controls (the fee, the RC's
        # time split) on this model only.
        self.model = CommunityModel(sc.model_copy(deep=True), rng=config.seed)
        self.levers = Levers(self.model)
        self.rounds_played = 0
        self.tracker = EventTracker(self.model) if track_events else None

    @property
    def finished(self) -> bool:
        """True when every round has been played."""
        return self.rounds_played >= self.config.rounds

    def play_round(
        self, inp: RoundInput | None = None
    ) -> tuple[list[dict[str, float]], list[Note]]:
        """Apply the round's input, run its weeks; return the weeks' outcome rows and notes."""
        if self.finished:
            raise RuntimeError("the game is over")
        notes = self.levers.start_round(inp.decisions, inp.events) if inp else []
        recorder = self.model.recorder
        start = len(recorder.rows)
        for _ in range(self.config.round_weeks):
            self.levers.before_week()
            self.model.step()
            if self.tracker is not None:
                self.tracker.observe(self.model)
        self.rounds_played += 1
        rows = [{k: plain(v) for k, v in r.items()} for r in recorder.rows[start:]]
        return rows, notes

    def state(self) -> dict[str, Any]:
        """A snapshot of the stakeholders' state after a round (stored in the log, shown)."""
        m = self.model
        w = m.world
        sector = w.property
        return {
            "week": int(m.steps),
            "firms": [
                {
                    "compound": f.compound,
                    "effort": f.effort,
                    "quality": f.quality,
                    "staff": f.staff,
                    "collection_rate": f.collection_rate,
                    "income_week": f.income_week,
                    "cost_week": f.cost_week,
                }
                for f in sector.active_firms()
            ],
            "ocs": [
                {
                    "compound": c,
                    "functional": oc.functional,
                    "activeness": oc.effective_activeness,
                    "conflict": oc.conflict,
                }
                for c, oc in sorted(sector.oc_of_compound.items())
            ],
            "fee_strike": [int(c) for c in sector.fee_strike.nonzero()[0]],
            "fee_yuan": m.params.firms.fee_yuan_per_household_week,
            "share_time_on_needs": needs_share(m),
            "budget_left_yuan": [o.budget_left for o in w.organisations],
            "budget_year_yuan": [o.budget_year for o in w.organisations],
            "units": [
                {
                    "community": u.community,
                    "number": u.number,
                    "reported": u.reported,
                    "hours_per_week": u.hours_per_week,
                    "evaluation_strength": u.evaluation_strength,
                }
                for u in w.paired_units
            ],
            "rep_compound": self.levers.rep_compound,
            "epidemic": bool(m.is_epidemic()),
        }


def replay(config: GameConfig, inputs: list[RoundInput | None], rounds: int | None = None) -> Game:
    """Play ``rounds`` rounds (default: all inputs) of a game from its inputs."""
    game = Game(config)
    n = len(inputs) if rounds is None else rounds
    for r in range(n):
        game.play_round(inputs[r] if r < len(inputs) else None)
    return game
