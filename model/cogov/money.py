"""Money: the items a community spends on, the sources it receives from, and the week's ledger.

Every yuan a phase or a mechanism spends goes through :meth:`Money.spend`, which pays from
the community's yearly budget only what is left (money that is not there is not spent)
and records what was paid under an item of :class:`Spending`. Each item is an outcome
column ``spending_<item>_yuan`` in every run (0 when nothing was spent on it), so a new
item is one line here, never an undeclared column.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Protocol


class Spending(StrEnum):
    """What the community budget pays for."""

    ACTIVITIES = "activities"
    DUAL_REPORTING = "dual_reporting"
    MEETINGS = "meetings"
    POINTS = "points"
    THREE_LISTS = "three_lists"
    GRID_MANAGEMENT = "grid_management"

    @property
    def column(self) -> str:
        """The outcome column of this item."""
        return f"spending_{self.value}_yuan"


class Income(StrEnum):
    """Money a community receives from outside its budget."""

    UNITS = "units"

    @property
    def column(self) -> str:
        """The outcome column of this source."""
        return f"income_{self.value}_yuan"


#: Every money column of the time series, in a fixed order.
MONEY_COLUMNS: tuple[str, ...] = (
    "spending_total_yuan",
    *(item.column for item in Spending),
    *(source.column for source in Income),
)


class Budget(Protocol):
    """A holder of a yearly budget (the community organisation)."""

    def spend(self, item: str, yuan: float) -> float:
        """Pay up to ``yuan`` from what is left; return what was paid."""
        ...

    def receive(self, source: str, yuan: float) -> float:
        """Add money from outside; return the amount added."""
        ...


class Money:
    """The week's money: what each community paid, by item, and received, by source.

    Args:
        budgets: the community organisations, indexed by community.
    """

    def __init__(self, budgets: Sequence[Budget]):
        self._budgets = budgets
        self.spent: dict[Spending, float] = dict.fromkeys(Spending, 0.0)
        self.received: dict[Income, float] = dict.fromkeys(Income, 0.0)
        self.total_spent = 0.0

    def spend(self, community: int, item: Spending, yuan: float) -> float:
        """Pay for an item from a community's budget; return what could be paid."""
        paid = self._budgets[community].spend(item, yuan)
        self.spent[item] = self.spent[item] + paid
        self.total_spent += paid
        return paid

    def receive(self, community: int, source: Income, yuan: float) -> float:
        """Add money from outside to a community's budget; return what was added."""
        paid = self._budgets[community].receive(source, yuan)
        self.received[source] = self.received[source] + paid
        return paid

    def columns(self) -> dict[str, float]:
        """The week's money as outcome columns."""
        out = {"spending_total_yuan": self.total_spent}
        for item, column in _SPENDING_COLUMNS:
            out[column] = self.spent[item]
        for source, column in _INCOME_COLUMNS:
            out[column] = self.received[source]
        return out


_SPENDING_COLUMNS = tuple((item, item.column) for item in Spending)
_INCOME_COLUMNS = tuple((source, source.column) for source in Income)
