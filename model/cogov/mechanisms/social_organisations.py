"""Social organisations and social workers (三社联动: 社区 – 社会组织 – 社会工作者).

Field practice: communities buy services (政府购买服务, 项目化管理) from social
organisations, whose social workers run services the RC cannot staff: "通过购买服务,聘请社区
社会组织……负责管理和运营社区服务平台" ("through purchase of services, engage community
social organisations … to run the community's service platforms") and "广泛开展社工引领的
社区自助、互助和志愿服务" ("social-worker-led self-help, mutual help and volunteering"),
elder care at home above all (the essays' "党建+居家养老" centres). The essays also warn
that organisations differ: "缺乏专业人才、组织内部管理不规范" ("lacking professional
staff, irregular internal management") and organisations "以公益的形式谋取暴利" ("profiteering
in the name of charity"): quality varies from one organisation to the next.

Causal pathway (state changed, never an outcome):

1. *Money*: at the start of every week each community buys ``contracted_hours_per_week``
   hours at ``yuan_per_hour`` from its budget (``spending_social_organisations_yuan``)
   under the *shrink* rule (:mod:`cogov.money`): when the budget cannot pay for them all
   it buys only the hours the money left affords (``shortfall_social_organisations_yuan``
   the rest), none once the year's money is gone. Money spent here is money activities
   (phase 5) no longer have.
2. *Supply*: the hours bought are a pool of their own on the supply list, per community
   (:attr:`cogov.phases.dispatch.Supply.social`). The dispatch policy sends the
   contracted need categories (``elder_care``: elder care and care of disabled residents
   at home, the model's care category; ``micro_wish``: micro-wishes of poor and disabled
   residents) to that pool first, at ``overhead`` times the need's hours
   (:attr:`cogov.phases.dispatch.DispatchPolicy.social_categories`); what does not fit
   goes to the usual chain (RC staff, volunteers, units). So RC staff and volunteers keep
   hours for other needs.
3. *Quality*: a need the social workers take on is resolved with the chance of the
   community's contracted organisation's quality, drawn from a Beta distribution of
   mean ``quality_mean`` and concentration ``quality_concentration``; with
   ``retender_each_year`` the contract is tendered again every budget year and the next
   organisation's quality is drawn afresh. A need taken on and not resolved stays open
   (and may expire), as with every other supplier.

Disability services: the model has no separate disability category; the care category
(``elder_care``, raised five times as often by elderly residents) stands for care at home
of elderly and disabled residents alike.

Parameters (``[mechanisms.social_organisations]``, see
:class:`cogov.params.SocialOrganisationsParams`): ``contracted_hours_per_week`` (h/week,
0–400), ``yuan_per_hour`` (yuan/hour, 0–1000), ``elder_care``, ``micro_wish`` (flags),
``quality_mean`` (0–1), ``quality_concentration`` (Beta concentration, 0.5–1000),
``overhead`` (time multiplier, 0.5–5), ``retender_each_year`` (flag).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import NEED_CATEGORIES, SocialOrganisationsParams
from cogov.phases.dispatch import SOCIAL, DispatchResult
from cogov.week import DispatchPlan, Week


class SocialOrganisations(Mechanism):
    """Contracted social organisations' social workers take care needs first."""

    name = "social_organisations"
    params_model = SocialOrganisationsParams
    columns = (
        "social_org_hours_bought",
        "social_org_hours_worked",
        "social_org_needs_resolved",
        "social_org_quality_mean",
    )
    writes = ("plan.policy", "plan.supply", "money")

    def setup(self) -> None:
        """Draw each community's first contracted organisation's quality."""
        p: SocialOrganisationsParams = self.params
        n_comm = self.world.n_communities
        #: Per need category, whether the contract covers it.
        self.categories = np.array(
            [
                (name == "elder_care" and p.elder_care) or (name == "micro_wish" and p.micro_wish)
                for name in NEED_CATEGORIES
            ]
        )
        #: Per community, the success chance of its contracted organisation.
        self.quality = self._draw_quality(n_comm)
        #: Per community, the hours bought this week.
        self.hours = np.zeros(n_comm)
        self.worked = 0.0
        self.resolved = 0

    def _draw_quality(self, n: int) -> np.ndarray:
        p: SocialOrganisationsParams = self.params
        mean = float(np.clip(p.quality_mean, 0.01, 0.99))
        k = p.quality_concentration
        return self.rng.beta(mean * k, (1.0 - mean) * k, size=n)

    def week_start(self, week: Week, money: Money) -> None:
        """Tender again at a new year; buy this week's hours, as many as the money affords."""
        p: SocialOrganisationsParams = self.params
        if week.conditions.new_year and week.step > 1 and p.retender_each_year:
            self.quality = self._draw_quality(self.world.n_communities)
        price = p.yuan_per_hour
        want = p.contracted_hours_per_week
        for c in range(self.world.n_communities):
            if price <= 0:
                self.hours[c] = want
                continue
            hours = min(want, max(0.0, money.left(c, Spending.SOCIAL_ORGANISATIONS)) / price)
            paid = money.spend(c, Spending.SOCIAL_ORGANISATIONS, hours * price, asked=want * price)
            self.hours[c] = paid / price

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Contracted categories go to the social workers first, at their overhead."""
        overhead = dict(plan.policy.overhead)
        overhead[SOCIAL] = self.params.overhead
        plan.policy = replace(plan.policy, social_categories=self.categories, overhead=overhead)

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """The hours bought are the social workers' pool, with their organisation's quality."""
        plan.supply.social = self.hours.copy()
        plan.supply.social_quality = self.quality

    def dispatch_done(self, week: Week, result: DispatchResult) -> None:
        """Note what the social workers did this week."""
        self.worked = float(result.hours_used[SOCIAL])
        self.resolved = int(np.count_nonzero(result.resolved_by == SOCIAL))

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Hours bought and worked, needs resolved, organisations' mean quality."""
        row["social_org_hours_bought"] = float(self.hours.sum())
        row["social_org_hours_worked"] = self.worked
        row["social_org_needs_resolved"] = float(self.resolved)
        row["social_org_quality_mean"] = float(self.quality.mean())
