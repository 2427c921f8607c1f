"""The week: what one phase hands the next, in one typed record.

:class:`Week` is made at the start of every step. Each phase fills one field with a frozen
record of what it did (``week.needs``, ``week.services``, ``week.participation``,
``week.property``, ``week.disputes``), set exactly once and read by the phases after it
and by measurement. Money goes through ``week.money`` (:class:`cogov.money.Money`).

The *desks* below are the working objects a phase hands to the mechanisms' hooks, the
only things a hook may change besides the world's state through its methods:
:class:`Voicing` (needs), :class:`DispatchPlan` (services), :class:`ParticipationInputs`
(participation) and :class:`Mediation` (disputes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from cogov.ledgers import HIDDEN, DisputeLedger, NeedLedger
from cogov.money import Money
from cogov.phases.dispatch import DispatchPolicy, DispatchResult, Supply


@dataclass(frozen=True)
class Conditions:
    """What holds for the whole week, fixed at its start.

    Attributes:
        step: the week (1 = first).
        new_year: True in the first week of a budget year (weeks 1, 53, 105, ...).
        epidemic: True while an epidemic shock is on.
        activity_factor: share of activities held (below 1 during a lockdown).
    """

    step: int
    new_year: bool
    epidemic: bool
    activity_factor: float


# ----------------------------------------------------------------- the phases' records
@dataclass(frozen=True)
class NeedsRecord:
    """Phase 1: needs that arose, and how many were voiced (discovered ones included)."""

    raised: np.ndarray  # ledger indices of the needs that arose this week
    voiced: int
    discovered: int  # hidden needs found by patrols or mechanisms (not posted by residents)


@dataclass(frozen=True)
class ServicesRecord:
    """Phases 2–4: the dispatch of the week and what ended.

    Attributes:
        policy: the dispatch policy used.
        dispatch: what the allocation did (needs resolved, by whom, hours used).
        expired: ledger indices of the needs that expired this week.
        rc_mediation_hours: RC staff hours per community kept for mediating disputes.
        rc_hours_used_share: share of the RC's hours for needs used this week.
        visits: home visits made with residents' spare hours this week.
        needs_found_on_visits: hidden needs those visits brought to the RC.
        visit_coverage: share of the visits' targets visited within the interval.
    """

    policy: DispatchPolicy
    dispatch: DispatchResult
    expired: np.ndarray
    rc_mediation_hours: np.ndarray
    rc_hours_used_share: float
    visits: int = 0
    needs_found_on_visits: int = 0
    visit_coverage: float = float("nan")

    @property
    def resolved(self) -> np.ndarray:
        """Ledger indices of the needs resolved this week."""
        return self.dispatch.resolved


@dataclass(frozen=True)
class ParticipationRecord:
    """Phase 5: who took part this week (bool per resident) and the acts counted."""

    shallow: np.ndarray
    deep: np.ndarray

    @property
    def acts_shallow(self) -> int:
        """Shallow acts this week."""
        return int(self.shallow.sum())

    @property
    def acts_deep(self) -> int:
        """Deep acts this week."""
        return int(self.deep.sum())


@dataclass(frozen=True)
class PropertyRecord:
    """Phase 6: property fees and firm exits this week."""

    fees_due_households: float
    fees_paid_households: float
    firm_exits: int


@dataclass(frozen=True)
class DisputesRecord:
    """Phase 7: disputes that arose, were mediated, escalated this week."""

    arising: int
    mediated: int
    escalated: int


# ----------------------------------------------------------------- the week
@dataclass
class Week:
    """One week's hand-off record.

    Attributes:
        conditions: what holds for the whole week.
        money: the week's spending and income, by item.
        needs, services, participation, property, disputes: each phase's record, set once
            by that phase (reading one before its phase ran raises AttributeError).
    """

    @property
    def step(self) -> int:
        """The week (1 = first)."""
        return self.conditions.step

    conditions: Conditions
    money: Money
    needs: NeedsRecord = field(init=False)
    services: ServicesRecord = field(init=False)
    participation: ParticipationRecord = field(init=False)
    property: PropertyRecord = field(init=False)
    disputes: DisputesRecord = field(init=False)

    _RECORDS: ClassVar[frozenset[str]] = frozenset(
        ("needs", "services", "participation", "property", "disputes")
    )

    def __setattr__(self, name: str, value: Any) -> None:
        if name in self._RECORDS and name in self.__dict__:
            raise AttributeError(f"week.{name} was already set: each phase sets its record once")
        super().__setattr__(name, value)


# ----------------------------------------------------------------- the hooks' desks
class Voicing:
    """The needs phase's desk: voice hidden needs (found on patrol, raised at a meeting).

    Args:
        ledger: the need ledger.
        step: this week.
    """

    def __init__(self, ledger: NeedLedger, step: int):
        self.ledger = ledger
        self.step = step
        self.voiced = 0
        #: Of :attr:`voiced`, those the residents voiced themselves through a channel a
        #: mechanism opened (posted online), as opposed to found by someone else.
        self.voiced_by_residents = 0

    def hidden(self) -> np.ndarray:
        """Ledger indices of the needs open and still hidden."""
        return self.ledger.open_with(HIDDEN)

    def voice(self, idx: np.ndarray, *, by_residents: bool = False) -> int:
        """Voice those of ``idx`` still hidden; return how many were.

        ``by_residents``: the residents voiced them themselves (not discovered by a patrol,
        a meeting or a member's visit), so they do not count as ``needs_discovered``.
        """
        n = len(self.ledger.voice(idx, self.step))
        self.voiced += n
        if by_residents:
            self.voiced_by_residents += n
        return n


@dataclass
class DispatchPlan:
    """The services phase's desk: this week's dispatch policy and supply list.

    ``dispatch_policy`` hooks replace ``policy`` (with :func:`dataclasses.replace`);
    ``dispatch_supply`` hooks add hours to ``supply`` in place (and to the residents'
    ``hours_offered`` when residents offer them).
    """

    policy: DispatchPolicy
    supply: Supply | None = None


@dataclass
class ParticipationInputs:
    """The participation phase's desk: per-resident terms mechanisms may add to.

    Attributes:
        incentive_shallow: logit term from incentives for shallow activities (e.g. points).
        incentive_deep: logit term for deep participation.
        invite_rate: per building, chance a resident is invited this week.
        activity_factor: share of activities held (lockdowns lower it).
    """

    incentive_shallow: np.ndarray
    incentive_deep: np.ndarray
    invite_rate: np.ndarray
    activity_factor: float = 1.0


@dataclass
class Mediation:
    """The disputes phase's desk: open disputes after local mediation, and RC hours left.

    Attributes:
        ledger: the dispute ledger (settle with ``ledger.settle``).
        rc_hours: RC mediation hours left per community (reduce when used).
        step: this week.
    """

    ledger: DisputeLedger
    rc_hours: np.ndarray
    step: int
