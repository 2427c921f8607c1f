"""The narrow adapter between trainees' decisions and the model: state a stakeholder controls.

A decision acts only on state its stakeholder controls, between weeks, never on an outcome;
the weekly phases then carry its consequences exactly as they carry the model's own
changes. A field left empty touches nothing, so a round with no decisions and no events is
a plain run of the model (a test checks the results are bit-identical).

===================  ==========================  =============================================
role                 decision                    state it sets (and who reads it)
===================  ==========================  =============================================
property firm        effort held this round      every active firm's ``effort`` before each week
                                                 (its request hours, its cost; quality follows)
                     staff on site               firms' ``staff`` = standard staffing × factor
                                                 (hours for requests and the wage bill)
                     response to complaints      firms' ``request_share`` = standard share ×
                                                 factor: staff hours for residents' property
                                                 needs (beyond the standard, paid extra hours
                                                 in the firm's cost, leaving less for effort)
                     fee                         ``firms.fee_yuan_per_household_week``: income
                                                 per paying household, and each household's
                                                 chance of paying falls with the fee above its
                                                 firm's ``contract_fee`` (rises below it)
                     leave compounds             ``PropertySector.leave`` (as an exit)
owners' committee    activity                    working OCs' ``activeness`` (pressure on the
                                                 firm, mediation, deep participation)
                     push fee collection         working OCs' ``collection_drive`` for the
                                                 round's weeks: members' hours (out of those
                                                 they offer for orders) remind households
                                                 behind with their fees (property phase)
                     vote out the firm           ``PropertySector.leave``; the model's rule
                                                 hires a new firm after ``replacement_weeks``
                     escalate disputes           open owner–firm disputes of its compounds
                                                 escalate now, with the phase's consequences
                                                 (trust in the RC lost, OC–firm conflict up)
RC                   staff time on needs         the RC's share of staff time for needs (see
                                                 :func:`set_needs_share`)
                     point price, budget         the points scheme's ``yuan_per_point``,
                                                 ``budget_cap_yuan_per_year`` (and what is
                                                 left of this year's cap)
                     joint meeting interval      the big party committee's
                                                 ``meeting_interval_weeks``
                     ask the unit for hours      nothing in the model: a request the unit's
                                                 player sees (the model's unit ignores it)
paired units         hours sent                  every paired unit's ``hours_per_week`` (a
                                                 unit reports once it sends any)
                     evaluation strictness       every unit's ``evaluation_strength``; their
                                                 reported members are re-drawn nominal or
                                                 active with the dual-reporting rule's chances
resident rep.        raise needs                 hidden needs of the chosen kinds in the
                                                 compound become voiced (``NeedLedger.voice``)
                     fee strike                  ``PropertySector.fee_strike`` of the compound
                                                 for the round's weeks (nobody there pays)
===================  ==========================  =============================================

Events the facilitator injects act through the state the model's shocks use: an epidemic
sets ``shocks.epidemic`` to start next week; a firm failure calls the firm-exit shock's
``PropertyPhase.force_exit``; a fee strike sets ``fee_strike`` of every compound with a firm
for its weeks; a budget cut lowers every community organisation's yearly budget and what is
left of it.

Draws a lever needs (only the evaluation re-draw) come from the model's own seeded streams,
under the name ``roleplay.unit``, so no other process's draws change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from cogov.ledgers import HIDDEN, OPEN, OWNER_FIRM
from cogov.model import CommunityModel
from cogov.params import NEED_CATEGORIES
from cogov.roleplay.roles import (
    ROLE_ORDER,
    Decision,
    DecisionError,
    FirmDecision,
    OCDecision,
    RCDecision,
    ResidentDecision,
    Role,
    UnitDecision,
)

# ---------------------------------------------------------------------------- events


class EventSpec(BaseModel):
    """An event the facilitator injects; applied at the start of the next round."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class EpidemicEvent(EventSpec):
    """An epidemic starting next week."""

    weeks: int = Field(8, ge=1, le=52)


class FeeStrikeEvent(EventSpec):
    """Every compound with a firm withholds its fees for some weeks."""

    weeks: int = Field(4, ge=1, le=52)


class FirmFailureEvent(EventSpec):
    """A share of the firms fail and leave their compounds."""

    share: float = Field(0.5, gt=0.0, le=1.0)


class BudgetCutEvent(EventSpec):
    """The community's yearly budget, and what is left of it, is cut by a share."""

    share: float = Field(0.3, gt=0.0, le=0.9)


EventKind = Literal["epidemic", "fee_strike", "firm_failure", "budget_cut"]
EVENTS: dict[str, type[EventSpec]] = {
    "epidemic": EpidemicEvent,
    "fee_strike": FeeStrikeEvent,
    "firm_failure": FirmFailureEvent,
    "budget_cut": BudgetCutEvent,
}
EVENT_NAMES: dict[str, dict[str, str]] = {
    "epidemic": {"en": "epidemic", "zh": "疫情"},
    "fee_strike": {"en": "fee strike", "zh": "拒交物业费"},
    "firm_failure": {"en": "firm failure", "zh": "物业企业倒闭"},
    "budget_cut": {"en": "budget cut", "zh": "经费削减"},
}


def validate_event(kind: str, data: dict[str, Any] | None = None) -> EventSpec:
    """Check an injected event; raise :class:`DecisionError` naming what is allowed."""
    if kind not in EVENTS:
        names = ", ".join(EVENTS)
        raise DecisionError(
            f"unknown event {kind!r}; allowed: {names}", f"未知事件 {kind!r}；允许：{names}"
        )
    model = EVENTS[kind]
    try:
        return model.model_validate(data or {})
    except ValidationError as exc:
        en, zh = [], []
        for err in exc.errors():
            name = str(err["loc"][0]) if err["loc"] else "?"
            info = model.model_fields.get(name)
            bounds = ""
            if info is not None:
                lo = [getattr(m, a) for m in info.metadata for a in ("ge", "gt") if hasattr(m, a)]
                hi = [m.le for m in info.metadata if hasattr(m, "le")]
                if lo and hi:
                    bounds = f"{lo[0]:g}–{hi[0]:g}"
            en.append(f"{kind} {name}: {err.get('input')!r} was refused; allowed: {bounds}")
            zh.append(
                f"{EVENT_NAMES[kind]['zh']} {name}：{err.get('input')!r} 不被接受；允许：{bounds}"
            )
        raise DecisionError("; ".join(en), "；".join(zh)) from None


# ---------------------------------------------------------------------------- the adapter


@dataclass
class Note:
    """What a lever did (or could not do) at the start of a round, in both languages."""

    role: str
    en: str
    zh: str


@dataclass
class Levers:
    """Applies decisions and events to one model, round by round.

    Args:
        model: the model, built and not yet stepped past the game's start.
    """

    model: CommunityModel
    #: Per compound, the last week of a fee strike the facilitator injected (0: none).
    strike_until: np.ndarray = field(init=False)
    #: This round's held settings (None: the model's rule).
    held_effort: float | None = field(default=None, init=False)
    resident_strike: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        w = self.model.world
        self.strike_until = np.zeros(w.layout.n_compounds, dtype=np.int64)
        self.rep_compound = representative_compound(self.model)

    # ---------------------------------------------------------------- round start
    def start_round(
        self, decisions: dict[Role, Decision], events: list[tuple[str, EventSpec]]
    ) -> list[Note]:
        """Apply events, then each role's decisions (in :data:`ROLE_ORDER`); return notes."""
        notes: list[Note] = []
        self.held_effort = None
        self.resident_strike = False
        for oc in self.model.world.property.oc_of_compound.values():
            if oc.collection_drive:  # a drive runs for the round it is decided in
                oc.set_collection_drive(0.0)
        for kind, spec in events:
            notes += self._event(kind, spec)
        for role in ROLE_ORDER:
            d = decisions.get(role)
            if d is not None:
                notes += getattr(self, f"_{role.value}")(d)
        return notes

    def before_week(self) -> None:
        """Hold this round's settings for the coming week (nothing when none are held)."""
        w = self.model.world
        if self.held_effort is not None:
            for firm in w.property.active_firms():
                firm.effort = self.held_effort
        week = self.model.steps + 1
        strike = self.strike_until >= week
        if self.resident_strike:
            strike[self.rep_compound] = True
        if strike.any() or w.property.fee_strike.any():
            w.property.fee_strike[:] = strike

    @property
    def next_week(self) -> int:
        """The week about to be run (between-week actions are dated to it)."""
        return self.model.steps + 1

    # ---------------------------------------------------------------- roles
    def _firm(self, d: FirmDecision) -> list[Note]:
        m, notes = self.model, []
        sector = m.world.property
        fp = m.params.firms
        if d.effort is not None:
            self.held_effort = float(d.effort)
        if d.staff_factor is not None:
            for firm in sector.active_firms():
                firm.staff = standard_staff(m, firm.households) * d.staff_factor
        if d.complaint_response is not None:
            for firm in sector.active_firms():
                firm.request_share = fp.request_share_of_staff_time * d.complaint_response
        if d.fee_yuan is not None:
            fp.fee_yuan_per_household_week = float(d.fee_yuan)
        for c in d.leave_compounds:  # numbered from 1, as the map and the feed show them
            firm = _firm_of(m, c - 1)
            if firm is None:
                notes.append(
                    Note(
                        "firm",
                        f"no firm serves compound {c}: nothing to leave",
                        f"{c} 号小区无物业",
                    )
                )
                continue
            sector.leave(firm, self.next_week)
            notes.append(Note("firm", f"the firm left compound {c}", f"物业退出 {c} 号小区"))
        return notes

    def _oc(self, d: OCDecision) -> list[Note]:
        m, notes = self.model, []
        sector = m.world.property
        if d.activeness is not None:
            for oc in sector.oc_of_compound.values():
                if oc.functional:
                    oc.activeness = float(d.activeness)
        if d.collection_drive:
            driving = [
                c
                for c, oc in sorted(sector.oc_of_compound.items())
                if oc.functional and sector.firm_of_compound[c] >= 0
            ]
            for c in driving:
                sector.oc_of_compound[c].set_collection_drive(float(d.collection_drive))
            notes.append(
                Note(
                    "oc",
                    f"{len(driving)} committees push fee collection this round",
                    f"{len(driving)} 个业委会本轮催缴物业费",
                )
            )
        for c in d.replace_firm_compounds:  # numbered from 1
            oc = sector.oc_of_compound.get(c - 1)
            firm = _firm_of(m, c - 1)
            if oc is None or not (oc.functional or oc.acted_for_by_rc) or firm is None:
                notes.append(
                    Note(
                        "oc",
                        f"compound {c}: no working committee with a firm to vote out",
                        f"{c} 号小区：没有可解聘物业的业委会",
                    )
                )
                continue
            sector.leave(firm, self.next_week)
            notes.append(
                Note("oc", f"the firm of compound {c} was voted out", f"{c} 号小区解聘物业")
            )
        if d.escalate_disputes:
            n = escalate_owner_firm_disputes(m, self.next_week)
            notes.append(
                Note("oc", f"{n} owner–firm disputes escalated", f"{n} 起业主–物业纠纷上访升级")
            )
        return notes

    def _rc(self, d: RCDecision) -> list[Note]:
        m, notes = self.model, []
        if d.share_time_on_needs is not None:
            set_needs_share(m, float(d.share_time_on_needs))
        points = _mechanism(m, "point_incentives")
        if points is not None:
            if d.yuan_per_point is not None:
                points.params.yuan_per_point = float(d.yuan_per_point)
            if d.points_budget_yuan_per_year is not None:
                old = points.params.budget_cap_yuan_per_year
                points.params.budget_cap_yuan_per_year = float(d.points_budget_yuan_per_year)
                points.cap_left = np.maximum(
                    0.0, points.cap_left + (d.points_budget_yuan_per_year - old)
                )
        bpc = _mechanism(m, "big_party_committee")
        if bpc is not None and d.joint_meeting_interval_weeks is not None:
            bpc.params.meeting_interval_weeks = int(d.joint_meeting_interval_weeks)
        return notes

    def _unit(self, d: UnitDecision) -> list[Note]:
        m, notes = self.model, []
        units = m.world.paired_units
        if d.hours_per_week is not None:
            for unit in units:
                unit.hours_per_week = float(d.hours_per_week)
                if d.hours_per_week > 0:
                    unit.reported = True
        if d.evaluation_strength is not None:
            changed = sum(reevaluate(m, i, float(d.evaluation_strength)) for i in range(len(units)))
            notes.append(
                Note(
                    "unit",
                    f"{changed} reported members changed between nominal and active",
                    f"{changed} 名报到党员在挂名与实干之间变化",
                )
            )
        return notes

    def _resident(self, d: ResidentDecision) -> list[Note]:
        m, notes = self.model, []
        if d.raise_needs:
            led, res = m.world.needs, m.world.residents
            hidden = led.open_with(HIDDEN)
            cats = np.array([NEED_CATEGORIES.index(c) for c in d.raise_needs])
            mine = hidden[
                (res.compound[led.resident[hidden]] == self.rep_compound)
                & np.isin(led.category[hidden], cats)
            ]
            told = led.voice(mine, self.next_week)
            notes.append(
                Note(
                    "resident",
                    f"{len(told)} hidden needs raised",
                    f"反映了 {len(told)} 项未表达需求",
                )
            )
        self.resident_strike = bool(d.fee_strike)
        return notes

    # ---------------------------------------------------------------- events
    def _event(self, kind: str, spec: EventSpec) -> list[Note]:
        m = self.model
        if isinstance(spec, EpidemicEvent):
            ep = m.params.shocks.epidemic
            ep.enabled = True
            ep.start_week = self.next_week
            ep.duration_weeks = spec.weeks
        elif isinstance(spec, FeeStrikeEvent):
            has_firm = m.world.property.firm_of_compound >= 0
            until = self.next_week + spec.weeks - 1
            self.strike_until[has_firm] = np.maximum(self.strike_until[has_firm], until)
        elif isinstance(spec, FirmFailureEvent):
            n = m.property_phase.force_exit(spec.share, self.next_week)
            return [Note("event", f"firm failure: {n} firms left", f"物业企业倒闭：{n} 家退出")]
        elif isinstance(spec, BudgetCutEvent):
            for org in m.world.organisations:
                cut_budget(org, spec.share)
        return []


# ---------------------------------------------------------------------------- helpers


def _firm_of(m: CommunityModel, compound: int):
    for firm in m.world.property.active_firms():
        if firm.compound == compound:
            return firm
    return None


def _mechanism(m: CommunityModel, name: str):
    for mech in m.mechanisms:
        if mech.name == name:
            return mech
    return None


def set_needs_share(m: CommunityModel, share: float) -> None:
    """Set the share of RC staff time for residents' needs in every community.

    The model keeps it in each community organisation's ``needs_share``, from which its
    own rule (tasks from above growing year by year, an admission list) goes on.
    """
    for org in m.world.organisations:
        org.needs_share = share


def needs_share(m: CommunityModel) -> float:
    """The share of RC staff time for residents' needs now (first community)."""
    return float(m.world.organisations[0].needs_share)


def cut_budget(org, share: float) -> None:
    """Cut both of a community organisation's yearly funds, and what is left of them."""
    keep = 1.0 - share
    org.fund_year = {f: v * keep for f, v in org.fund_year.items()}
    org.fund_left = {f: v * keep for f, v in org.fund_left.items()}
    org.budget_year *= keep


def standard_staff(m: CommunityModel, households: int) -> float:
    """A firm's standard staffing, as :class:`cogov.agents.PropertyFirm` sets it."""
    p = m.params.firms
    return max(p.min_staff, households * p.staff_per_100_households / 100.0)


def representative_compound(m: CommunityModel) -> int:
    """The resident representative's compound: the first with a firm and a working OC."""
    sector = m.world.property
    with_firm = [int(c) for c in np.flatnonzero(sector.firm_of_compound >= 0)]
    for c in with_firm:
        oc = sector.oc_of_compound.get(c)
        if oc is not None and oc.functional:
            return c
    return with_firm[0] if with_firm else 0


def escalate_owner_firm_disputes(m: CommunityModel, step: int) -> int:
    """Escalate the open owner–firm disputes of compounds with an OC, as the phase does.

    The consequences are those of :meth:`cogov.phases.disputes.DisputesPhase.escalate`:
    the compound's residents lose trust in the RC, the OC–firm conflict rises.
    """
    w = m.world
    dp = w.params.disputes
    led = w.disputes
    idx = led.open_indices()
    with_oc = np.zeros(w.layout.n_compounds, dtype=bool)
    with_oc[list(w.property.oc_of_compound)] = True
    late = idx[(led.kind[idx] == OWNER_FIRM) & with_oc[led.compound[idx]]]
    assert np.all(led.status[late] == OPEN)
    if len(late) == 0:
        return 0
    led.escalate(late, step)
    n_compounds = w.layout.n_compounds
    per_compound = np.bincount(led.compound[late], minlength=n_compounds)
    res = w.residents
    res.trust_rc -= dp.trust_loss_per_escalation * np.minimum(
        per_compound[res.compound], dp.max_escalations_felt
    )
    np.clip(res.trust_rc, 0.0, 1.0, out=res.trust_rc)
    for c, oc in w.property.oc_of_compound.items():
        oc.conflict = min(1.0, oc.conflict + dp.conflict_per_escalation * per_compound[c])
    m.disputes_phase.escalated_outside += len(late)  # counted in next week's escalations
    return len(late)


def reevaluate(m: CommunityModel, unit_index: int, strength: float) -> int:
    """Set a paired unit's evaluation strength; re-draw its reported members' effort.

    With dual reporting on, a reported member is nominal with chance
    ``nominal_at_no_evaluation · (1 − e)``. Going from ``e0`` to ``e1``, a nominal member
    becomes active with chance ``1 − p(e1)/p(e0)`` (stricter) and an active one nominal
    with chance ``(p(e1) − p(e0))/(1 − p(e0))`` (laxer), which keeps each member's chance of
    being nominal at ``p(e1)``. Members made active take no new standing roles. Returns how
    many members changed.
    """
    unit = m.world.paired_units[unit_index]
    unit.evaluation_strength = strength
    dr = _mechanism(m, "dual_reporting")
    if dr is None or not unit.reported:
        return 0
    res = m.world.residents
    p = dr.params
    mine = np.flatnonzero(dr.members & (res.employer_unit == unit_index))
    u = m.streams["roleplay.unit"].random(len(mine))
    p0 = p.nominal_at_no_evaluation * (1.0 - dr.evaluation[mine])
    p1 = p.nominal_at_no_evaluation * (1.0 - strength)
    nominal = dr.nominal[mine]
    with np.errstate(divide="ignore", invalid="ignore"):
        to_active = nominal & (p1 < p0) & (u >= np.where(p0 > 0, p1 / p0, 1.0))
        to_nominal = ~nominal & (p1 > p0) & (u < (p1 - p0) / np.maximum(1.0 - p0, 1e-12))
    dr.evaluation[mine] = strength
    flip = mine[to_active | to_nominal]
    dr.nominal[flip] = ~dr.nominal[flip]
    effort = np.where(dr.nominal[flip], p.nominal_effort, 1.0)
    dr.real_hours[flip] = p.committed_hours * effort - dr.role_hours[flip]
    dr._real_by_grid = np.bincount(
        res.grid, weights=dr.real_hours, minlength=m.world.layout.n_grids
    )
    return len(flip)


def unavailable(m: CommunityModel, role: Role, d: Decision) -> tuple[str, str] | None:
    """Why a decision cannot act in this scenario (English, Chinese), or None if it can."""
    if role is Role.RC:
        rc: RCDecision = d  # type: ignore[assignment]
        if (
            rc.yuan_per_point is not None or rc.points_budget_yuan_per_year is not None
        ) and _mechanism(m, "point_incentives") is None:
            return (
                "the points scheme is not running in this scenario; allowed: leave the point "
                "price and budget empty",
                "本情景未实行积分制；允许：积分兑换价和积分预算留空",
            )
        if (
            rc.joint_meeting_interval_weeks is not None
            and _mechanism(m, "big_party_committee") is None
        ):
            return (
                "there is no big party committee in this scenario; allowed: leave the joint "
                "meeting interval empty",
                "本情景没有大党委；允许：联席会议间隔留空",
            )
    if role is Role.UNIT and not m.world.paired_units:
        return ("this community has no paired unit", "本社区没有结对单位")
    if (
        role is Role.UNIT
        and d.evaluation_strength is not None
        and _mechanism(m, "dual_reporting") is None
    ):  # type: ignore[attr-defined]
        return (
            "dual reporting is not running in this scenario, so there are no members' reports "
            "to evaluate; allowed: leave the evaluation empty",
            "本情景未实行双报到，没有党员报到可考核；允许：考核严格程度留空",
        )
    if role is Role.FIRM:
        # Compounds are numbered from 1 in the forms, as on the map and in the feed.
        bad = [c for c in d.leave_compounds if _firm_of(m, c - 1) is None]  # type: ignore[attr-defined]
        if bad:
            served = sorted(f.compound + 1 for f in m.world.property.active_firms())
            return (
                f"no firm serves compound(s) {bad}; allowed: {served}",
                f"{bad} 号小区没有物业；允许：{served}",
            )
    if role is Role.OC:
        sector = m.world.property
        ok = sorted(  # numbered from 1
            c + 1
            for c, oc in sector.oc_of_compound.items()
            if (oc.functional or oc.acted_for_by_rc) and _firm_of(m, c) is not None
        )
        can_drive = [c for c, oc in sector.oc_of_compound.items() if oc.functional and c + 1 in ok]
        if d.collection_drive and not can_drive:  # type: ignore[attr-defined]
            return (
                "no working owners' committee has a firm to collect fees for; allowed: leave "
                "the collection drive empty or 0",
                "没有有物业可催缴的运作中的业委会；允许：催缴留空或为 0",
            )
        bad = [c for c in d.replace_firm_compounds if c not in ok]  # type: ignore[attr-defined]
        if bad:
            return (
                f"compound(s) {bad} have no working committee with a firm; allowed: {ok}",
                f"{bad} 号小区没有可解聘物业的业委会；允许：{ok}",
            )
    return None
