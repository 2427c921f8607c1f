"""Burden reduction and admission of tasks from above (减负增能 / 社区工作事务准入).

Field practice: the Shanghai "1+6" reform answered the residents' committees' overload
("针对基层负担过重和保障不足问题") with a list of the administrative tasks an RC assists with
by law and an admission mechanism for anything else ("建立社区(村)依法协助行政事务清单和事务准入
机制"); the essays describe towns' strict assessments of the communities under them
("大部分镇(街道)对下属的村(社区)有严苛的考核管理"), doing the self-governing bodies' work for
them ("越俎代庖"), and RCs whose staff are taken up by forms and ledgers.

What the model has without the mechanism: tasks from above take ``1 − share_time_on_needs``
of every community's staff time (``CommunityOrganisation.needs_share``), and from the second
year on new tasks take ``community.tasks_from_above_growth_per_year`` more each year, up to
``community.tasks_from_above_max`` (the world's own process, in the week's start).

Causal pathway (state changed, never an outcome): the admission list caps the share of staff
time that tasks from above may take at ``admission_cap``; tasks beyond it are refused, and
the freed time goes to residents' needs and mediation (``needs_share`` rises, so the RC's
hours on the supply list and for mediation rise; services phase). What residents see the RC
do then moves their view of it toward their own self-governing body (``rc_seen_as_own``,
adaptation): needs the RC resolves for them, and the time its staff spend among residents
rather than on forms. The list costs nothing in yuan. With a cap at or above the share tasks
take, nothing changes (tested).

Parameters (``[mechanisms.burden_reduction]``, :class:`cogov.params.BurdenReductionParams`):
``admission_cap`` (share of staff time, 0–1).
"""

from __future__ import annotations

from cogov.mechanisms.base import Mechanism
from cogov.money import Money
from cogov.params import BurdenReductionParams
from cogov.week import Week


class BurdenReduction(Mechanism):
    """An admission list caps the staff time tasks from above take; the rest goes to needs."""

    name = "burden_reduction"
    params_model = BurdenReductionParams
    columns = ()
    writes = ("world.organisations' needs_share",)

    def week_start(self, week: Week, money: Money) -> None:
        """Refuse the tasks beyond the admission list (after the year's new tasks)."""
        floor = 1.0 - self.params.admission_cap
        for org in self.world.organisations:
            if org.needs_share < floor:
                org.needs_share = floor
