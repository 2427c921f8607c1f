"""Professional community workers (社区工作者职业化): skill, age, turnover and learning.

Field practice: the essays find community staff old and little educated — in Karamay at
the end of 2015 "35周岁以下的年轻人不足8%,大专及以上文化程度工作人员占比不足31%" ("young
people under 35 were under 8%, staff with junior-college education or above under 31%"),
"素质参差不齐" ("of uneven quality") — and the work overloaded. Shanghai's 1+6 reform
professionalised them: "建立岗位等级序列,推进社区工作者队伍专业化建设" ("a ladder of post
grades by post, years of work, education and professional level") and pay "高于上年度全市
职工平均工资水平" ("above last year's city-wide average wage"), so that the young and
educated recruited stay.

Causal pathway (state changed, never an outcome):

1. *The staff* (set-up): each community's ``round(workers)`` posts are held by workers
   who are under 35 with chance ``initial_young_share`` and college-educated with chance
   ``initial_college_share``; a worker's skill is drawn around ``skill_college`` or
   ``skill_other`` (sd ``skill_sd``, clipped to 0–1). Their time in post is drawn from
   what the status-quo quit rates leave (a geometric distribution), so the staff begins
   in its status-quo steady state (up to chance). A worker's age group is kept while
   they hold the post.
2. *Learning the community*: a worker's competence is ``skill × (novice_competence +
   (1 − novice_competence) · min(1, weeks in post / learning_weeks))``: new staff need
   time to know the households and units before their skill tells fully.
3. *Turnover* (week start): a worker leaves with weekly chance from the yearly
   ``quit_rate_young_per_year`` or ``quit_rate_older_per_year``, times ``(1 −
   pay_quit_reduction)`` with ``pay_above_average_wage`` and ``(1 −
   career_quit_reduction)`` with a ``career_ladder``. The post stays empty for
   ``vacancy_weeks`` weeks (that community's RC hours for needs fall by the share of its
   posts empty, on the supply list), then a new worker starts at zero weeks in post,
   under 35 with chance ``hire_young_share``, college-educated with chance
   ``hire_college_share``. Hiring the young raises turnover unless pay and the ladder
   hold them. On the ladder, whose grades reward qualification (the essays: "鼓励社区专职
   工作者参加社会工作者职业水平考试", "encourage full-time community workers to sit the
   social workers' professional examination"), every worker in post gains
   ``ladder_skill_gain_per_year`` skill a year, up to 1.
4. *Resolution and hours* (phase 2, ``dispatch_policy``): with ``C`` the staff's mean
   competence over filled posts (all communities: the dispatch policy is one for the
   run) and ``C₀`` that of the staff at the start (whose success chance and time per
   need are the baseline's, ``community.rc_success`` and the need's hours), RC staff
   resolve a need they take on with chance ``clip(community.rc_success +
   success_per_competence·(C − C₀), 0, 1)`` and spend ``max(0.2, 1 −
   hours_saving_per_competence·(C − C₀))`` times the need's hours on it. A staff that
   stays as it was changes neither; a more competent one resolves more needs, in fewer
   hours each, a less competent one (many new staff) fewer.

Wages are the street's (the reform's pay is "由街道(乡镇)承担全部经费保障", borne by the
street), so the community's budget pays nothing here.

Parameters (``[mechanisms.professional_workers]``, see
:class:`cogov.params.ProfessionalWorkersParams`): ``initial_young_share``,
``initial_college_share``, ``hire_young_share``, ``hire_college_share`` (shares),
``skill_college``, ``skill_other``, ``skill_sd`` (skill 0–1), ``learning_weeks`` (weeks,
0–260), ``novice_competence`` (share), ``quit_rate_young_per_year``,
``quit_rate_older_per_year`` (1/year), ``pay_above_average_wage``, ``career_ladder``
(flags), ``pay_quit_reduction``, ``career_quit_reduction`` (shares),
``ladder_skill_gain_per_year`` (skill/year, 0–0.5), ``vacancy_weeks``
(weeks, 0–104), ``success_per_competence`` (probability per unit competence, 0–1),
``hours_saving_per_competence`` (share per unit competence, 0–2).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money
from cogov.params import ProfessionalWorkersParams
from cogov.phases.dispatch import RC
from cogov.week import DispatchPlan, Week

#: The least share of a need's hours a competent worker still spends on it.
MIN_TIME_FACTOR = 0.2


def weekly(rate_per_year: float) -> float:
    """The weekly chance equivalent to a yearly one."""
    return 1.0 - (1.0 - min(rate_per_year, 1.0)) ** (1.0 / 52.0)


class ProfessionalWorkers(Mechanism):
    """Community workers with skill, age and time in post; pay and a ladder keep them."""

    name = "professional_workers"
    params_model = ProfessionalWorkersParams
    columns = (
        "staff_competence_mean",
        "staff_college_share",
        "staff_young_share",
        "staff_new_share",
        "staff_quits",
        "staff_vacancies",
        "rc_success_effective",
        "rc_time_factor",
    )
    writes = ("plan.policy", "plan.supply")

    def setup(self) -> None:
        """Staff every post from the status-quo composition, in its steady state."""
        p: ProfessionalWorkersParams = self.params
        posts = [max(0, round(org.workers)) for org in self.world.organisations]
        n = sum(posts)
        #: Per post: its community, and whether it is filled.
        self.community = np.repeat(np.arange(len(posts)), posts)
        self.posts = np.array(posts, dtype=float)
        self.filled = np.ones(n, dtype=bool)
        self.vacant_since = np.zeros(n, dtype=np.int64)
        self.young = self.rng.random(n) < p.initial_young_share
        self.college = self.rng.random(n) < p.initial_college_share
        self.skill = self._skill(self.college)
        q_young, q_old = self._quit(p, False)
        q = np.where(self.young, q_young, q_old)
        self.tenure = (self.rng.geometric(np.maximum(q, 1e-12)) - 1).astype(np.int64)
        self.quits = 0
        #: Mean competence of the staff at the start (the reference C₀).
        self.reference = 0.0
        self.reference = self.staff_competence()

    def _skill(self, college: np.ndarray) -> np.ndarray:
        p: ProfessionalWorkersParams = self.params
        mean = np.where(college, p.skill_college, p.skill_other)
        return np.clip(mean + p.skill_sd * self.rng.standard_normal(len(college)), 0.0, 1.0)

    @staticmethod
    def _quit(p: ProfessionalWorkersParams, reform: bool) -> tuple[float, float]:
        """Weekly quit chances (young, older), with or without the reform's pay and ladder."""
        keep = 1.0
        if reform:
            keep *= (1.0 - p.pay_quit_reduction) if p.pay_above_average_wage else 1.0
            keep *= (1.0 - p.career_quit_reduction) if p.career_ladder else 1.0
        return (
            weekly(p.quit_rate_young_per_year * keep),
            weekly(p.quit_rate_older_per_year * keep),
        )

    def competence(self) -> np.ndarray:
        """Per post, its holder's competence (skill × how well they know the community)."""
        p: ProfessionalWorkersParams = self.params
        if p.learning_weeks <= 0:
            known = np.ones(len(self.tenure))
        else:
            known = np.minimum(1.0, self.tenure / p.learning_weeks)
        return self.skill * (p.novice_competence + (1.0 - p.novice_competence) * known)

    def week_start(self, week: Week, money: Money) -> None:
        """Another week in post; some leave; posts empty long enough get a new worker."""
        p: ProfessionalWorkersParams = self.params
        step = week.step
        self.tenure[self.filled] += 1
        if p.career_ladder and p.ladder_skill_gain_per_year > 0:
            gain = p.ladder_skill_gain_per_year / 52.0
            self.skill[self.filled] = np.minimum(1.0, self.skill[self.filled] + gain)
        q_young, q_old = self._quit(p, True)
        q = np.where(self.young, q_young, q_old)
        leave = self.filled & (self.rng.random(len(q)) < q)
        self.quits = int(np.count_nonzero(leave))
        self.filled[leave] = False
        self.vacant_since[leave] = step
        hire = ~self.filled & (step - self.vacant_since >= p.vacancy_weeks)
        k = int(np.count_nonzero(hire))
        if k:
            self.young[hire] = self.rng.random(k) < p.hire_young_share
            self.college[hire] = self.rng.random(k) < p.hire_college_share
            self.skill[hire] = self._skill(self.college[hire])
            self.tenure[hire] = 0
            self.filled[hire] = True

    def staff_competence(self) -> float:
        """Mean competence over filled posts (the reference when none is filled)."""
        if not self.filled.any():
            return self.reference
        return float(self.competence()[self.filled].mean())

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """RC staff's success chance and time per need follow their competence."""
        p: ProfessionalWorkersParams = self.params
        gap = self.staff_competence() - self.reference
        success = dict(plan.policy.success)
        overhead = dict(plan.policy.overhead)
        base = success.get(RC, self.world.params.community.rc_success)
        success[RC] = float(np.clip(base + p.success_per_competence * gap, 0.0, 1.0))
        factor = max(MIN_TIME_FACTOR, 1.0 - p.hours_saving_per_competence * gap)
        overhead[RC] = overhead.get(RC, 1.0) * factor
        plan.policy = replace(plan.policy, success=success, overhead=overhead)

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Empty posts give no hours: each community's RC hours by its share of posts filled."""
        if self.filled.all():
            return
        filled = np.bincount(self.community[self.filled], minlength=len(self.posts))
        share = np.divide(filled, self.posts, out=np.ones(len(self.posts)), where=self.posts > 0)
        plan.supply.rc *= share

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """The staff's competence, composition, turnover, and what it makes of RC work."""
        f = self.filled
        n = max(1, int(np.count_nonzero(f)))
        p: ProfessionalWorkersParams = self.params
        row["staff_competence_mean"] = self.staff_competence()
        row["staff_college_share"] = np.count_nonzero(self.college & f) / n
        row["staff_young_share"] = np.count_nonzero(self.young & f) / n
        row["staff_new_share"] = np.count_nonzero(f & (self.tenure < p.learning_weeks)) / n
        row["staff_quits"] = float(self.quits)
        row["staff_vacancies"] = float(np.count_nonzero(~f))
        policy = week.services.policy
        row["rc_success_effective"] = float(policy.success[RC])
        row["rc_time_factor"] = float(policy.overhead.get(RC, 1.0))
