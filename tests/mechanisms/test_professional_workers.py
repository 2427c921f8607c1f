"""Professional community workers: a more competent staff resolves more; pay and a ladder keep it.

Every comparison is paired by seed (common random numbers) and asserted with a 95%
t-interval of the paired differences (:func:`cogov.experiments.stats.t_interval`).
"""

from __future__ import annotations

import numpy as np

from cogov.experiments.stats import t_interval

from .conftest import SEEDS, mean_over, run

ON = {"mechanisms__professional_workers__enabled": True}
#: The pathway from competence to RC work cut, and no empty posts: the staff still turns
#: over, learns and gains skill, but nothing reaches the supply list.
CUT = {
    **ON,
    "mechanisms__professional_workers__success_per_competence": 0.0,
    "mechanisms__professional_workers__hours_saving_per_competence": 0.0,
    "mechanisms__professional_workers__vacancy_weeks": 0,
}
#: Turnover without the reform: everyone leaves twice as often as the young do now, new
#: staff are like the old, no pay, no ladder.
CHURN = {
    **ON,
    "mechanisms__professional_workers__quit_rate_young_per_year": 0.5,
    "mechanisms__professional_workers__quit_rate_older_per_year": 0.5,
    "mechanisms__professional_workers__pay_above_average_wage": False,
    "mechanisms__professional_workers__career_ladder": False,
    "mechanisms__professional_workers__hire_young_share": 0.07,
    "mechanisms__professional_workers__hire_college_share": 0.3,
}


def effect(column: str, weeks=(53, 104), **kw) -> tuple[float, float, float]:
    """Mean paired difference (on − baseline) and its 95% interval (lo, hi)."""
    diff = mean_over("baseline", column, weeks, **kw) - mean_over("baseline", column, weeks)
    mean, half, _ = t_interval(diff)
    return mean, mean - half, mean + half


def test_reform_raises_competence_and_lowers_expiries_and_cutting_the_pathway_removes_it():
    # Competence is measured only with the mechanism on: compare it with the staff's at
    # the start, run by run.
    competence = mean_over("baseline", "staff_competence_mean", (53, 104), **ON)
    start = np.array([run("baseline", s, **ON)[0]["staff_competence_mean"].iloc[0] for s in SEEDS])
    mean, half, _ = t_interval(competence - start)
    assert mean - half > 0  # the ladder's training and graduate hires raise competence
    time_factor = mean_over("baseline", "rc_time_factor", (53, 104), **ON)
    assert (time_factor < 1.0).all()  # so RC staff spend less time per need
    mean, _, hi = effect("needs_expired", **ON)
    assert hi < 0, f"expired needs {mean:+.2f} a week, CI upper {hi:+.2f}"
    # Cut: the same staff history, but competence reaches neither success nor time per
    # need, and no post is ever empty: the run is the baseline's, to the bit.
    for s in SEEDS:
        cut, _ = run("baseline", s, **CUT)
        base, _ = run("baseline", s)
        assert np.array_equal(cut["needs_expired"], base["needs_expired"])
        assert np.array_equal(cut["trust_rc_mean"], base["trust_rc_mean"])
    assert mean_over("baseline", "staff_competence_mean", (53, 104), **CUT).min() > 0


def test_pay_and_the_ladder_keep_staff():
    # A staff of 40 (four is too few to count quits over two years).
    big = {**ON, "community__community_workers": 40}
    no_reform = {
        **big,
        "mechanisms__professional_workers__pay_above_average_wage": False,
        "mechanisms__professional_workers__career_ladder": False,
    }
    quits_on = mean_over("baseline", "staff_quits", (1, 104), **big)
    quits_off = mean_over("baseline", "staff_quits", (1, 104), **no_reform)
    mean, half, _ = t_interval(quits_off - quits_on)
    assert mean - half > 0, "without pay and a ladder more staff leave"
    new_on = mean_over("baseline", "staff_new_share", (53, 104), **big)
    new_off = mean_over("baseline", "staff_new_share", (53, 104), **no_reform)
    assert (new_off >= new_on).all() and new_off.mean() > new_on.mean()


def test_new_staff_learning_the_community_is_what_turnover_costs():
    # High turnover with new staff like the old: more staff are new, competence falls,
    # more needs expire than in the baseline.
    mean, lo, _ = effect("needs_expired", **CHURN)
    assert lo > 0, f"churn: expired needs {mean:+.2f} a week"
    # Cut the learning (new staff know the community at once) and empty posts: the same
    # churn costs (almost) nothing.
    instant = {
        **CHURN,
        "mechanisms__professional_workers__learning_weeks": 0,
        "mechanisms__professional_workers__vacancy_weeks": 0,
    }
    cut, _, _ = effect("needs_expired", **instant)
    assert abs(cut) < 0.35 * mean
