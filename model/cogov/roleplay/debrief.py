"""The debrief: the played game against the model playing every role, from the same seed.

Three kinds of paired runs, all replayed from the room's log through the same code as the
game (:func:`cogov.roleplay.engine.replay`), the same seed and the same injected events:

* the **played** run (every decision);
* the **all-model** run: no decision at all, every role played by the model's own rules;
* per role that decided anything, the played run **without that role's decisions** (all
  other players' decisions kept): the difference to the played run is what that role's
  decisions did, given what the others did.

Because the runs share the seed and every random stream, a difference comes from the
decisions, not from chance; it is still one story of one community (one seed), which the
text says.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cogov.roleplay.engine import Game, GameConfig, RoundInput, replay
from cogov.roleplay.roles import DECISIONS, ROLE_NAMES, Role, field_meta

#: Outcomes the debrief compares: column, how the game's weeks are summed up, labels, scale.
KEY: tuple[tuple[str, str, str, str, float, str], ...] = (
    ("satisfaction_mean", "last", "residents' satisfaction", "居民满意度", 1.0, ""),
    ("trust_rc_mean", "last", "trust in the RC", "对居委会的信任", 1.0, ""),
    ("needs_resolved", "sum", "needs resolved", "解决的需求", 1.0, ""),
    ("needs_expired", "sum", "needs expired unmet", "过期未办的需求", 1.0, ""),
    ("backlog_hidden", "last", "needs still hidden", "尚未表达的需求", 1.0, ""),
    ("disputes_escalated", "sum", "disputes escalated", "上访升级的纠纷", 1.0, ""),
    ("fee_collection_rate", "mean", "fee collection", "物业费收缴率", 100.0, "%"),
    ("firm_quality_mean", "last", "firms' service quality", "物业服务质量", 1.0, ""),
    ("firms_active", "last", "firms serving", "在岗物业", 1.0, ""),
    ("spending_total_yuan", "sum", "community budget spent (yuan)", "社区经费支出（元）", 1.0, ""),
    ("participation_any", "last", "residents taking part", "参与居民比例", 100.0, "%"),
)


def summarise(ts: pd.DataFrame) -> dict[str, float]:
    """The key outcomes of a run's weeks."""
    out = {}
    for col, how, *_ in KEY:
        s = ts[col]
        out[col] = float(s.iloc[-1] if how == "last" else s.sum() if how == "sum" else s.mean())
    return out


def _without(inputs: list[RoundInput], roles: set[Role]) -> list[RoundInput]:
    return [
        RoundInput({r: d for r, d in i.decisions.items() if r not in roles}, list(i.events))
        for i in inputs
    ]


@dataclass
class Debrief:
    """The paired comparison and each role's part in it."""

    played: dict[str, float]
    all_model: dict[str, float]
    #: Per role that decided: the played run minus the run without its decisions.
    effects: dict[Role, dict[str, float]] = field(default_factory=dict)
    #: Per role: (round, {field: value}) of every round it decided something.
    changed: dict[Role, list[tuple[int, dict[str, Any]]]] = field(default_factory=dict)
    names: dict[Role, str] = field(default_factory=dict)
    weeks: int = 0
    seed: int = 0

    def text(self, lang: str = "en") -> list[str]:
        """The debrief in plain words, one paragraph a list item."""
        zh = lang == "zh"
        out = [
            (
                f"同一种子（{self.seed}）、同样的突发事件下，本局 {self.weeks} 周的结果与"
                "“全部角色由模型按规则扮演”的结果对照如下（一个社区、一次运行，不是统计结论）："
            )
            if zh
            else (
                f"The {self.weeks} weeks you played against the same community with every role "
                f"played by the model's own rules, same seed ({self.seed}) and same events "
                "(one community, one run: a story, not a statistic):"
            )
        ]
        for col, _how, en, zh_l, scale, unit in KEY:
            a, b = self.played[col] * scale, self.all_model[col] * scale
            if a == b:
                continue
            label = zh_l if zh else en
            diff_unit = ("个百分点" if zh else " pp") if unit == "%" else unit
            out.append(
                f"• {label}: {_num(a)}{unit} vs {_num(b)}{unit} ({_signed(a - b)}{diff_unit})"
            )
        if len(out) == 1:
            out.append("• 与模型扮演的结果完全相同。" if zh else "• Identical to the model's run.")
        for role, rounds in self.changed.items():
            who = ROLE_NAMES[role]["zh" if zh else "en"]
            player = self.names.get(role)
            head = f"{who}（{player}）" if zh and player else f"{who} ({player})" if player else who
            did = "；".join(
                (f"第 {r} 轮 " if zh else f"round {r}: ") + _changes(role, ch, lang)
                for r, ch in rounds
            )
            eff = self.effects.get(role, {})
            moved = sorted(
                ((c, v) for c, v in eff.items() if v != 0),
                key=lambda cv: -abs(cv[1]) / (abs(self.played[cv[0]]) + 1e-9),
            )[:4]
            effect = (
                ("，" if zh else ", ").join(
                    f"{_label(c, lang)} {_signed(v * _scale(c))}{_unit(c, lang)}" for c, v in moved
                )
                if moved
                else ("没有可见影响" if zh else "no visible effect")
            )
            if zh:
                out.append(f"{head} 的决定：{did}。与不做这些决定相比（其他人照旧）：{effect}。")
            else:
                out.append(
                    f"{head} decided: {did}. Against not deciding (everyone else as played): "
                    f"{effect}."
                )
        if not self.changed:
            out.append(
                "没有角色做出决定：全部由模型扮演。"
                if zh
                else "Nobody decided: the model played every role."
            )
        return out


def _label(col: str, lang: str) -> str:
    for c, _h, en, zh, _s, _u in KEY:
        if c == col:
            return zh if lang == "zh" else en
    return col


def _scale(col: str) -> float:
    return next(s for c, _h, _e, _z, s, _u in KEY if c == col)


def _unit(col: str, lang: str) -> str:
    u = next(u for c, _h, _e, _z, _s, u in KEY if c == col)
    return ("个百分点" if lang == "zh" else " pp") if u == "%" else u


def _num(x: float) -> str:
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def _signed(x: float) -> str:
    return ("+" if x > 0 else "") + (f"{x:,.0f}" if abs(x) >= 100 else f"{x:.2g}")


def _changes(role: Role, ch: dict[str, Any], lang: str) -> str:
    model = DECISIONS[role]
    parts = []
    for k, v in ch.items():
        meta = field_meta(model, k)
        label = meta["zh"] if lang == "zh" else meta["en"]
        if v is True:
            parts.append(label)
        elif isinstance(v, list):
            parts.append(
                f"{label} {'、'.join(map(str, v)) if lang == 'zh' else ', '.join(map(str, v))}"
            )
        else:
            parts.append(f"{label} {v:g}" if isinstance(v, float) else f"{label} {v}")
    return ("，" if lang == "zh" else ", ").join(parts)


def debrief(
    config: GameConfig,
    inputs: list[RoundInput],
    names: dict[Role, str] | None = None,
    played_ts: pd.DataFrame | None = None,
    all_model_ts: pd.DataFrame | None = None,
    without_ts: Callable[[Role], pd.DataFrame] | None = None,
) -> Debrief:
    """Replay the played game, the all-model game and each role's counterfactual.

    ``played_ts`` and ``all_model_ts``, when given, are those two runs' outcomes already at
    hand (a room's live game and its all-model reference, which are those runs bit for bit);
    ``without_ts(role)`` gives the run without a role's decisions the same way. What is
    given is not replayed.
    """
    if played_ts is None:
        played_ts = replay(config, inputs).model.timeseries()
    if all_model_ts is None:
        all_model_ts = replay(config, _without(inputs, set(Role))).model.timeseries()
    played = summarise(played_ts)
    all_model = summarise(all_model_ts)
    changed: dict[Role, list[tuple[int, dict[str, Any]]]] = {}
    for rnd, inp in enumerate(inputs, start=1):
        for role, d in inp.decisions.items():
            ch = d.changes()
            if ch:
                changed.setdefault(role, []).append((rnd, ch))
    effects = {}
    for role in changed:
        if without_ts is not None:
            ts = without_ts(role)
        else:
            ts = replay(config, _without(inputs, {role})).model.timeseries()
        without = summarise(ts)
        effects[role] = {c: played[c] - without[c] for c in played}
    return Debrief(
        played=played,
        all_model=all_model,
        effects=effects,
        changed=changed,
        names=dict(names or {}),
        weeks=len(inputs) * config.round_weeks,
        seed=config.seed,
    )


class Counterfactuals:
    """Per role, the game without that role's decisions, kept and played on a round at a time.

    A closed round's input never changes (the log only grows), so the game without a role's
    decisions after ``n`` rounds is the one after ``n − 1`` rounds played one round more:
    the same run as replaying from the start (one code path, :class:`Game`), for a round's
    cost instead of the whole game's.
    """

    def __init__(self, config: GameConfig):
        self.config = config
        self.games: dict[Role, Game] = {}
        self.lock = threading.Lock()

    def timeseries(self, role: Role, inputs: list[RoundInput]) -> pd.DataFrame:
        """The run of ``inputs`` without ``role``'s decisions (played on from last time)."""
        with self.lock:
            game = self.games.get(role)
            if game is None or game.rounds_played > len(inputs):
                game = self.games[role] = Game(self.config)
            for inp in _without(inputs[game.rounds_played :], {role}):
                game.play_round(inp)
            return game.model.timeseries()


_COUNTERFACTUALS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_COUNTERFACTUALS_LOCK = threading.Lock()


def room_debrief(room) -> Debrief:
    """The debrief of a room's played rounds.

    The played run is the room's live game and the all-model run its reference game (same
    seed, same events, no decisions); each role's run without its decisions is kept for the
    room and played on a round at a time (:class:`Counterfactuals`). Nothing is replayed
    from the start.
    """
    with room.lock:
        inputs = room.inputs()
        names = {r: n for r, n in room.seats().items() if n}
        played_ts = room.timeseries()
        all_model_ts = room.reference_timeseries()
    with _COUNTERFACTUALS_LOCK:
        cf = _COUNTERFACTUALS.get(room)
        if cf is None:
            cf = _COUNTERFACTUALS[room] = Counterfactuals(room.config)
    return debrief(
        room.config,
        inputs,
        names,
        played_ts,
        all_model_ts,
        lambda role: cf.timeseries(role, inputs),
    )


__all__ = ["KEY", "Debrief", "debrief", "room_debrief", "summarise"]
