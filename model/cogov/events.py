"""What happened in a run, as dated events with a sentence in Chinese and English.

Events are *read* from what the model already records; nothing here changes the model or
draws a random number, so a run's results are the same whether its events are tracked or
not. Sources:

* the scenario's schedule (``shocks.epidemic``, ``shocks.firm_exit``,
  ``mechanisms.point_incentives.end_week``): epidemic start and end, the firm-exit shock,
  points withdrawn;
* the property sector between weeks (``world.property.firm_of_compound`` and each firm's
  ``collection_rate``): a firm leaving a compound (after a fee strike when its collection
  rate had fallen below :data:`FEE_STRIKE_RATE`), a compound getting a new firm, a
  compound's fee strike beginning;
* the week's money (``model.last_week.money.events``, the shortfalls): the first week of a
  budget year in which a community's budget no longer paid for everything;
* the model's switches (``model.switches``, :meth:`cogov.model.CommunityModel.switch`): a
  mechanism switched on or off during the run, dated by the first week it was on (off);
  :func:`switch_event` makes the same event by hand.

Two ways in:

* :class:`EventTracker` follows a running model week by week (``tracker.observe(model)``
  after each ``model.step()``) and knows compounds and communities;
* :func:`events_of` reads a model after the fact, from its time series (``firm_exits``,
  ``firms_active``, ``budget_exhausted``) and schedule: the same kinds, without compounds.

Each :class:`Event` has ``week``, ``kind`` (one of :data:`KINDS`), optional ``community``
and ``compound``, and ``text(lang)``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

Lang = Literal["en", "zh"]

#: A compound's fee collection rate below which its owners are on a fee strike.
FEE_STRIKE_RATE = 0.5
#: Weeks in a budget year (a budget is exhausted at most once a year per community).
WEEKS_PER_YEAR = 52

#: Every kind of event, with its sentence in English and Chinese ({placeholders} filled from
#: the event's fields) and the colour of its marker on the charts.
KINDS: dict[str, dict[str, str]] = {
    "epidemic_start": {
        "en": "week {week}: an epidemic began; activities are mostly suspended",
        "zh": "第{week}周：疫情开始，大部分活动暂停",
        "colour": "#d62728",
    },
    "epidemic_end": {
        "en": "week {week}: the epidemic ended; activities resume",
        "zh": "第{week}周：疫情结束，活动恢复",
        "colour": "#2ca02c",
    },
    "firm_exit_shock": {
        "en": "week {week}: {count} property firm(s) left at once (firm-exit shock)",
        "zh": "第{week}周：{count}家物业企业同时撤出（物业撤出冲击）",
        "colour": "#8c564b",
    },
    "fee_strike": {
        "en": "week {week}: owners in compound {compound} stopped paying fees "
        "(collection {rate:.0%})",
        "zh": "第{week}周：{compound}号小区业主拒交物业费（收缴率{rate:.0%}）",
        "colour": "#ff7f0e",
    },
    "firm_exit": {
        "en": "week {week}: the firm in compound {compound} left",
        "zh": "第{week}周：{compound}号小区的物业企业撤出",
        "colour": "#8c564b",
    },
    "firm_exit_after_strike": {
        "en": "week {week}: the firm in compound {compound} left after a fee strike",
        "zh": "第{week}周：{compound}号小区业主拒交物业费后，物业企业撤出",
        "colour": "#8c564b",
    },
    "firms_left": {
        "en": "week {week}: {count} property firm(s) left",
        "zh": "第{week}周：{count}家物业企业撤出",
        "colour": "#8c564b",
    },
    "firm_hired": {
        "en": "week {week}: compound {compound} hired a new property firm",
        "zh": "第{week}周：{compound}号小区选聘了新的物业企业",
        "colour": "#17becf",
    },
    "firms_hired": {
        "en": "week {week}: {count} compound(s) hired a new property firm",
        "zh": "第{week}周：{count}个小区选聘了新的物业企业",
        "colour": "#17becf",
    },
    "budget_exhausted": {
        "en": "week {week}: community {community}'s budget for the year ran out; what costs "
        "money stops until the new year",
        "zh": "第{week}周：{community}号社区本年度经费用完，花钱的事项停到新年",
        "colour": "#9467bd",
    },
    "budget_exhausted_any": {
        "en": "week {week}: the year's budget ran out; what costs money stops until the new year",
        "zh": "第{week}周：本年度经费用完，花钱的事项停到新年",
        "colour": "#9467bd",
    },
    "points_withdrawn": {
        "en": "week {week}: points were withdrawn (balances can still be redeemed)",
        "zh": "第{week}周：积分制取消（已有积分仍可兑换）",
        "colour": "#e377c2",
    },
    "mechanism_on": {
        "en": "week {week}: {name} switched on",
        "zh": "第{week}周：启用{name}",
        "colour": "#bcbd22",
    },
    "mechanism_off": {
        "en": "week {week}: {name} switched off",
        "zh": "第{week}周：停用{name}",
        "colour": "#000000",
    },
}


@dataclass(frozen=True)
class Event:
    """One dated event of a run.

    Attributes:
        week: the week it happened in (the time series' ``step``).
        kind: one of :data:`KINDS`.
        community: the community it concerns (numbered from 1), if one.
        compound: the compound it concerns (numbered from 1), if one.
        detail: more values for the sentence (``count``, ``rate``, ``name``...).
    """

    week: int
    kind: str
    community: int | None = None
    compound: int | None = None
    detail: dict[str, Any] = field(default_factory=dict, compare=False)

    def text(self, lang: Lang = "en") -> str:
        """The event as a sentence in ``lang``."""
        fmt = {"community": self.community, "compound": self.compound, **self.detail}
        if "name" not in fmt and "key" in fmt:
            fmt["name"] = mechanism_name(fmt["key"], lang)
        return KINDS[self.kind][lang].format(week=self.week, **fmt)

    @property
    def colour(self) -> str:
        """The colour of its marker on a chart."""
        return KINDS[self.kind]["colour"]

    def as_row(self) -> dict[str, Any]:
        """The event as a table row (both languages)."""
        return {
            "week": self.week,
            "kind": self.kind,
            "community": self.community,
            "compound": self.compound,
            "text_en": self.text("en"),
            "text_zh": self.text("zh"),
        }


def mechanism_name(key: str, lang: Lang) -> str:
    """A mechanism's name as the app shows it in ``lang`` (the key when it has none)."""
    from cogov.ui.labels import LABELS

    entry = LABELS.get(key, {})
    name = entry.get(lang) or entry.get("en") or key
    return name[:1].lower() + name[1:] if lang == "en" else name


def scheduled_events(
    params: Any, up_to: int, switches: Iterable[tuple[int, str, bool]] = ()
) -> list[Event]:
    """Events the scenario schedules and the run's switches, up to week ``up_to``.

    Args:
        params: a :class:`cogov.params.Scenario`.
        up_to: the last week simulated.
        switches: (week, mechanism, on) of the mechanisms switched during the run
            (``model.switches``).
    """
    out = [switch_event(w, name, on) for w, name, on in switches if w <= up_to]
    ep = params.shocks.epidemic
    if ep.enabled:
        if ep.start_week <= up_to:
            out.append(Event(ep.start_week, "epidemic_start"))
        end = ep.start_week + ep.duration_weeks
        if end <= up_to:
            out.append(Event(end, "epidemic_end"))
    points = getattr(params.mechanisms, "point_incentives", None)
    if points is not None and points.enabled and 0 < points.end_week <= up_to:
        out.append(Event(int(points.end_week), "points_withdrawn"))
    return out


def _firm_exit_shock_week(params: Any) -> int | None:
    fe = params.shocks.firm_exit
    return int(fe.week) if fe.enabled else None


def switch_event(week: int, name: str, on: bool, shown_name: str | None = None) -> Event:
    """The event of a mechanism switched on or off at ``week``.

    Its name is shown in the reader's language, or as ``shown_name`` in every language.
    """
    detail = {"key": name} if shown_name is None else {"name": shown_name, "key": name}
    return Event(int(week), "mechanism_on" if on else "mechanism_off", detail=detail)


class EventTracker:
    """Follows a running model and collects its events week by week.

    Call :meth:`observe` after every ``model.step()``; it reads the property sector, the
    week's money and the schedule, and returns the events of the weeks since the last call.
    It only reads: the model's results are the same with or without a tracker.

    Args:
        model: a :class:`cogov.model.CommunityModel` (stepped or not).
    """

    def __init__(self, model: Any):
        self.events: list[Event] = []
        w = model.world
        self._compound_community = np.asarray(w.layout.compound_community)
        self._firm_of = w.property.firm_of_compound.copy()
        self._striking = np.zeros(len(self._firm_of), dtype=bool)
        self._exhausted: set[tuple[int, int]] = set()  # (community, budget year)
        self._scheduled_seen: set[tuple[int, str, str | None]] = set()
        self._week = int(model.steps)

    def observe(self, model: Any) -> list[Event]:
        """The events of the week(s) just run (also appended to :attr:`events`)."""
        week = int(model.steps)
        if week <= self._week:
            return []
        new: list[Event] = []
        sector = model.world.property
        firm_of = sector.firm_of_compound
        rates = {f.compound: f.collection_rate for f in sector.active_firms()}
        shock_week = _firm_exit_shock_week(model.params)
        left = np.flatnonzero((self._firm_of >= 0) & (firm_of != self._firm_of))
        if shock_week is not None and self._week < shock_week <= week and len(left):
            new.append(Event(shock_week, "firm_exit_shock", detail={"count": int(len(left))}))
        else:
            for c in left:
                kind = "firm_exit_after_strike" if self._striking[c] else "firm_exit"
                new.append(self._at(week, kind, c))
        for c in np.flatnonzero((firm_of >= 0) & (firm_of != self._firm_of)):
            new.append(self._at(week, "firm_hired", c))
        striking = np.zeros_like(self._striking)
        for c, rate in rates.items():
            striking[c] = rate < FEE_STRIKE_RATE
            if striking[c] and not self._striking[c]:
                new.append(self._at(week, "fee_strike", c, rate=float(rate)))
        striking[left] = self._striking[left]  # remembered for the sentence of the exit
        self._striking = striking
        self._firm_of = firm_of.copy()
        last = model.last_week
        if last is not None:
            year = (week - 1) // WEEKS_PER_YEAR
            for short in last.money.events:
                key = (int(short.community), year)
                if key not in self._exhausted:
                    self._exhausted.add(key)
                    new.append(Event(week, "budget_exhausted", community=key[0] + 1))
        for ev in scheduled_events(model.params, week, getattr(model, "switches", ())):
            key = (ev.week, ev.kind, ev.detail.get("key"))
            if ev.week > self._week and key not in self._scheduled_seen:
                self._scheduled_seen.add(key)
                new.append(ev)
        new.sort(key=lambda e: e.week)
        self._week = week
        self.events.extend(new)
        return new

    def add(self, event: Event) -> None:
        """Add an event the model cannot see (a switch the user flipped)."""
        self.events.append(event)
        self.events.sort(key=lambda e: e.week)

    def _at(self, week: int, kind: str, compound: int, **detail: Any) -> Event:
        return Event(
            week,
            kind,
            community=int(self._compound_community[compound]) + 1,
            compound=int(compound) + 1,
            detail=detail,
        )


def events_from_timeseries(
    ts: pd.DataFrame, params: Any, switches: Iterable[tuple[int, str, bool]] = ()
) -> list[Event]:
    """A run's events from its time series and schedule (no compounds; any run, any time).

    Uses ``firm_exits`` (cumulative), ``firms_active`` and ``budget_exhausted``, and the
    run's ``switches`` (``model.switches``).
    """
    if ts is None or not len(ts):
        return []
    steps = ts["step"].to_numpy(dtype=int)
    out = scheduled_events(params, int(steps[-1]), switches)
    shock_week = _firm_exit_shock_week(params)
    if "firm_exits" in ts:
        exits = np.diff(np.concatenate([[0.0], ts["firm_exits"].to_numpy(dtype=float)]))
        for wk, n in zip(steps, exits, strict=True):
            if n > 0:
                kind = "firm_exit_shock" if wk == shock_week else "firms_left"
                out.append(Event(int(wk), kind, detail={"count": int(n)}))
    if "firms_active" in ts and "firm_exits" in ts:
        active = ts["firms_active"].to_numpy(dtype=float)
        exits = np.diff(np.concatenate([[0.0], ts["firm_exits"].to_numpy(dtype=float)]))
        before = np.concatenate([[active[0] + exits[0]], active[:-1]])
        hired = active - before + exits
        for wk, n in zip(steps, hired, strict=True):
            if n > 0.5:
                out.append(Event(int(wk), "firms_hired", detail={"count": int(round(n))}))
    if "budget_exhausted" in ts:
        seen: set[int] = set()
        for wk, flag in zip(steps, ts["budget_exhausted"].to_numpy(dtype=float), strict=True):
            year = (int(wk) - 1) // WEEKS_PER_YEAR
            if flag > 0 and year not in seen:
                seen.add(year)
                out.append(Event(int(wk), "budget_exhausted_any"))
    return sorted(out, key=lambda e: e.week)


def events_of(model: Any) -> list[Event]:
    """The events of a model's run so far, read from its time series and schedule."""
    return events_from_timeseries(model.timeseries(), model.params, getattr(model, "switches", ()))


def events_table(events: Iterable[Event]) -> pd.DataFrame:
    """Events as a table (week, kind, community, compound, text_en, text_zh)."""
    rows = [e.as_row() for e in events]
    cols = ["week", "kind", "community", "compound", "text_en", "text_zh"]
    return pd.DataFrame(rows, columns=cols)
