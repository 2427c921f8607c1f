"""Money: the items a community spends on, the sources it receives from, and the week's ledger.

Every yuan a phase or a mechanism spends goes through :meth:`Money.spend`, which pays from
the community's yearly budget only what is left (money that is not there is not spent)
and records what was asked and what was paid under an item of :class:`Spending`. Each
item is an outcome column ``spending_<item>_yuan`` in every run (0 when nothing was spent
on it), and its unpaid part ``shortfall_<item>_yuan``, so a new item is one line here,
never an undeclared column.

**Two funds.** The Shanghai reform names two sources of a community's money:
"社区工作经费每年不低于10万元,认真落实服务群众专项经费制度" (community *work funds* of at least
100,000 yuan a year, and the system of a *special fund for serving residents*). A community
holds both (:class:`Fund`), and each item is paid from one of them (:data:`FUND_OF`):

* the **work funds** (社区工作经费) pay what it costs to run the mechanisms: joint meetings,
  the three-list platform, grid workers and leaders' allowances, dual-reporting paperwork,
  the online channels' platform, and in villages the deliberations, the supervision
  committee and the dedication day. Their
  yearly amount is ``community.budget_yuan_per_year`` when set; unset, it scales with the
  community: ``budget_yuan_per_household_year × households``, at least
  ``budget_floor_yuan_per_year`` (the reform's floor, target C6);
* the **service fund** (服务群众专项经费) pays what is bought for residents: activities, point
  redemptions and services contracted from social organisations; units' contributions and
  the money leaders bring (``income_units_yuan``, ``income_leader_contact_yuan``) go to it.
  Its yearly amount is ``community.service_fund_yuan_per_year`` when set, else
  ``service_fund_yuan_per_household_year × households``.

So a mechanism's running cost never displaces residents' activities (it did when one budget
paid for everything and activities used all of it), while points, bought for residents, compete
with activities for the same fund. Both funds are renewed in the first week of every year
(weeks 1, 53, 105, …); money left over lapses.

**When money runs out** each item follows one declared rule (:data:`RULES`), applied by
:meth:`Money.spend` and by the phase or mechanism that spends, in the order the week
spends (mechanisms' running costs at the start of the week in the order of
:data:`cogov.mechanisms.ORDER`, activities in phase 5):

==================  ==============  ==========================================================
item                rule            what happens in a week it cannot be paid
==================  ==============  ==========================================================
``meetings``        all or nothing  the community's joint meeting is not held: it settles no
                                    dispute and raises no hidden need (``big_party_committee``)
``three_lists``     all or nothing  the platform does not run: that week's dispatch falls
                                    back to the ad hoc policy (``three_lists``)
``grid_management`` all or nothing  added grid workers unpaid: patrol coverage falls back to
                    (two parts)     the community's own grid workers and they handle no needs;
                                    leaders' allowances unpaid: the leaders the mechanism
                                    appointed stand down that week (no invitations, no channel
                                    for needs, no mediation) (``grid_management``)
``dual_reporting``  all or nothing  the registration and evaluation paperwork lapses: reported
                                    members' hours are not dispatched through the scheme that
                                    week (units still serve) (``dual_reporting``)
``activities``      shrink          only the places the money left affords are held, drawn at
                                    random among those who would come (phase 5)
``points``          pay part        what is left is paid, the rest of the redemption is not;
                                    the scheme's credibility falls (``point_incentives``)
``social_``         shrink          the community buys only the contracted hours the money
``organisations``                   left affords: fewer social workers' hours on the supply
                                    list that week, none when nothing is left
                                    (``social_organisations``)
``online_channels`` all or nothing  the platform and the one-stop desk do not run that week:
                                    no needs are posted online, the desk routes none, members
                                    see no answers (``online_channels``)
``deliberations``   all or nothing  the village holds no round of four deliberations and two
                                    disclosures that month (``four_deliberations``)
``village_          all or nothing  the supervision committee's members are unpaid and hold no
supervision``                       review that month (``village_supervision``)
``dedication_day``  all or nothing  the community holds no dedication day (``dedication_day``)
==================  ==============  ==========================================================

An item runs short when *its* fund is empty; the other fund is not touched. Under *all or
nothing* nothing is taken unless the whole amount is there, so money is never
spent on something that then does not happen; under *shrink* the spender buys only what it
can pay for; under *pay part* the part paid is what was bought. Every week records, per
item, the amount asked and the amount paid; the difference is the item's shortfall, and
:attr:`Money.events` lists every shortfall (community, item, asked, paid, rule).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

#: Amounts within this many yuan of what is left count as affordable (float rounding).
TOLERANCE_YUAN = 1e-6


class Spending(StrEnum):
    """What the community budget pays for."""

    ACTIVITIES = "activities"
    DUAL_REPORTING = "dual_reporting"
    MEETINGS = "meetings"
    POINTS = "points"
    THREE_LISTS = "three_lists"
    GRID_MANAGEMENT = "grid_management"
    SOCIAL_ORGANISATIONS = "social_organisations"
    ONLINE_CHANNELS = "online_channels"
    DELIBERATIONS = "deliberations"
    VILLAGE_SUPERVISION = "village_supervision"
    DEDICATION_DAY = "dedication_day"

    @property
    def column(self) -> str:
        """The outcome column of this item."""
        return f"spending_{self.value}_yuan"

    @property
    def shortfall_column(self) -> str:
        """The outcome column of this item's unpaid part."""
        return f"shortfall_{self.value}_yuan"


class Fund(StrEnum):
    """The two sources of a community's yearly money (module docstring)."""

    WORK = "work"  # 社区工作经费: running the mechanisms
    SERVICE = "service"  # 服务群众专项经费: what is bought for residents

    @property
    def left_column(self) -> str:
        """The outcome column of what is left of this fund."""
        return f"{self.value}_fund_left_yuan"


#: The fund each item is paid from.
FUND_OF: dict[Spending, Fund] = {
    Spending.ACTIVITIES: Fund.SERVICE,
    Spending.POINTS: Fund.SERVICE,
    Spending.DUAL_REPORTING: Fund.WORK,
    Spending.MEETINGS: Fund.WORK,
    Spending.THREE_LISTS: Fund.WORK,
    Spending.GRID_MANAGEMENT: Fund.WORK,
    Spending.SOCIAL_ORGANISATIONS: Fund.SERVICE,
    Spending.ONLINE_CHANNELS: Fund.WORK,
    Spending.DELIBERATIONS: Fund.WORK,
    Spending.VILLAGE_SUPERVISION: Fund.WORK,
    Spending.DEDICATION_DAY: Fund.WORK,
}


class WhenShort(StrEnum):
    """What an item does when the budget cannot pay all that is asked."""

    ALL_OR_NOTHING = "all_or_nothing"  # paid in full or not bought (nothing taken)
    SHRINK = "shrink"  # the spender buys only what the money left affords
    PAY_PART = "pay_part"  # what is left is paid; the rest goes unpaid


#: The declared rule of every item (the table in the module docstring says what each means).
RULES: dict[Spending, WhenShort] = {
    Spending.ACTIVITIES: WhenShort.SHRINK,
    Spending.DUAL_REPORTING: WhenShort.ALL_OR_NOTHING,
    Spending.MEETINGS: WhenShort.ALL_OR_NOTHING,
    Spending.POINTS: WhenShort.PAY_PART,
    Spending.THREE_LISTS: WhenShort.ALL_OR_NOTHING,
    Spending.GRID_MANAGEMENT: WhenShort.ALL_OR_NOTHING,
    Spending.SOCIAL_ORGANISATIONS: WhenShort.SHRINK,
    Spending.ONLINE_CHANNELS: WhenShort.ALL_OR_NOTHING,
    Spending.DELIBERATIONS: WhenShort.ALL_OR_NOTHING,
    Spending.VILLAGE_SUPERVISION: WhenShort.ALL_OR_NOTHING,
    Spending.DEDICATION_DAY: WhenShort.ALL_OR_NOTHING,
}


class Income(StrEnum):
    """Money a community receives from outside its budget."""

    UNITS = "units"
    LEADER_CONTACT = "leader_contact"

    @property
    def column(self) -> str:
        """The outcome column of this source."""
        return f"income_{self.value}_yuan"


#: The fund each source's money goes to: units' contributions and the money leaders bring
#: (包联) pay for residents' services.
FUND_OF_INCOME: dict[Income, Fund] = {
    Income.UNITS: Fund.SERVICE,
    Income.LEADER_CONTACT: Fund.SERVICE,
}


#: Columns of the budget's state and of what went unpaid (all communities together).
SHORTFALL_COLUMNS: tuple[str, ...] = (
    "budget_left_yuan",
    *(fund.left_column for fund in Fund),
    "money_asked_yuan",
    "money_shortfall_yuan",
    "budget_exhausted",
    *(item.shortfall_column for item in Spending),
)

#: Every money column of the time series, in a fixed order.
MONEY_COLUMNS: tuple[str, ...] = (
    "spending_total_yuan",
    *(item.column for item in Spending),
    *(source.column for source in Income),
    *SHORTFALL_COLUMNS,
)


class Budget(Protocol):
    """A holder of the two yearly funds (the community organisation)."""

    fund_left: dict[Fund, float]

    def spend(self, fund: Fund, item: str, yuan: float) -> float:
        """Pay up to ``yuan`` from what is left of ``fund``; return what was paid."""
        ...

    def receive(self, fund: Fund, source: str, yuan: float) -> float:
        """Add money from outside to ``fund``; return the amount added."""
        ...


@dataclass(frozen=True)
class Shortfall:
    """One spending that could not be paid in full."""

    community: int
    item: Spending
    asked_yuan: float
    paid_yuan: float
    rule: WhenShort

    @property
    def shortfall_yuan(self) -> float:
        """The unpaid part [yuan]."""
        return self.asked_yuan - self.paid_yuan


class Money:
    """The week's money: what each community was asked and paid, by item, and received.

    Args:
        budgets: the community organisations, indexed by community.
    """

    def __init__(self, budgets: Sequence[Budget]):
        self._budgets = budgets
        self.spent: dict[Spending, float] = dict.fromkeys(Spending, 0.0)
        self.asked: dict[Spending, float] = dict.fromkeys(Spending, 0.0)
        self.received: dict[Income, float] = dict.fromkeys(Income, 0.0)
        self.total_spent = 0.0
        #: Every spending this week that was not paid in full.
        self.events: list[Shortfall] = []

    def left(self, community: int, item: Spending) -> float:
        """What is left this year of the fund that pays for ``item`` [yuan]."""
        return float(self._budgets[community].fund_left[FUND_OF[item]])

    def can_pay(self, community: int, item: Spending, yuan: float) -> bool:
        """True when the fund that pays for ``item`` still holds ``yuan``."""
        return yuan <= self.left(community, item) + TOLERANCE_YUAN

    def spend(
        self, community: int, item: Spending, yuan: float, *, asked: float | None = None
    ) -> float:
        """Pay for an item by its rule (:data:`RULES`); return what was paid.

        ``yuan`` is what the spender would pay, from the item's fund (:data:`FUND_OF`).
        *All or nothing*: paid in full if the fund holds it, else nothing is taken and 0
        returned. *Pay part* and *shrink*: what is left is paid, up to ``yuan``. ``asked``
        is what was wanted before the spender shrank its purchase to what it can afford (for
        *shrink*; default ``yuan``); the difference between asked and paid is the item's
        shortfall.
        """
        yuan = max(0.0, float(yuan))
        want = yuan if asked is None else max(yuan, float(asked))
        rule = RULES[item]
        if rule is WhenShort.ALL_OR_NOTHING and not self.can_pay(community, item, yuan):
            paid = 0.0
        else:
            paid = self._budgets[community].spend(FUND_OF[item], item, yuan)
        self.spent[item] = self.spent[item] + paid
        self.asked[item] = self.asked[item] + want
        self.total_spent += paid
        if want - paid > TOLERANCE_YUAN:
            self.events.append(Shortfall(community, item, want, paid, rule))
        return paid

    def receive(self, community: int, source: Income, yuan: float) -> float:
        """Add money from outside to a community's fund (:data:`FUND_OF_INCOME`)."""
        paid = self._budgets[community].receive(FUND_OF_INCOME[source], source, yuan)
        self.received[source] = self.received[source] + paid
        return paid

    def columns(self) -> dict[str, float]:
        """The week's money as outcome columns (budget left: at the time of the call)."""
        out = {"spending_total_yuan": self.total_spent}
        for item, column in _SPENDING_COLUMNS:
            out[column] = self.spent[item]
        for source, column in _INCOME_COLUMNS:
            out[column] = self.received[source]
        asked = 0.0
        for item, column in _SHORTFALL_ITEM_COLUMNS:
            out[column] = max(0.0, self.asked[item] - self.spent[item])
            asked += self.asked[item]
        left = {fund: float(sum(b.fund_left[fund] for b in self._budgets)) for fund in Fund}
        out["budget_left_yuan"] = sum(left.values())
        for fund in Fund:
            out[fund.left_column] = left[fund]
        out["money_asked_yuan"] = asked
        out["money_shortfall_yuan"] = float(sum(out[c] for _, c in _SHORTFALL_ITEM_COLUMNS))
        out["budget_exhausted"] = 1.0 if self.events else 0.0
        return out


_SPENDING_COLUMNS = tuple((item, item.column) for item in Spending)
_INCOME_COLUMNS = tuple((source, source.column) for source in Income)
_SHORTFALL_ITEM_COLUMNS = tuple((item, item.shortfall_column) for item in Spending)


def exhaustion_weeks(timeseries, weeks_per_year: int = 52):
    """The first week of each budget year in which something went unpaid.

    Args:
        timeseries: a run's time series with ``step`` and ``budget_exhausted``.
        weeks_per_year: weeks in a budget year.

    Returns:
        A DataFrame with ``year`` (1 = first), ``week_of_year`` and ``step`` for every
        year in which the budget ran short (years it did not are left out).
    """
    import pandas as pd

    short = timeseries.loc[timeseries["budget_exhausted"] > 0, "step"].astype(int)
    year = (short - 1) // weeks_per_year + 1
    first = short.groupby(year).min()
    return pd.DataFrame(
        {
            "year": first.index.astype(int),
            "week_of_year": ((first - 1) % weeks_per_year + 1).to_numpy(),
            "step": first.to_numpy(),
        }
    )
