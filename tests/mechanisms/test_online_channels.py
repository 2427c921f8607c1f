"""Online and one-stop channels: cheap voicing by the connected, routing, trust from what is seen.

Paired by seed; effects asserted with a 95% t-interval of the paired differences.
"""

from __future__ import annotations

import numpy as np

from cogov.experiments.stats import t_interval
from cogov.mechanisms.online_channels import POSTED_COLUMNS as POSTED

from .conftest import SEEDS, mean_over, run

ON = {"mechanisms__online_channels__enabled": True}
#: Every pathway cut: nobody posts, the desk takes the ordinary time, nothing is seen, and
#: the platform is free (so money is as in the baseline).
CUT = {
    **ON,
    "mechanisms__online_channels__weekly_post_rate": 0.0,
    "mechanisms__online_channels__desk_dispatch_hours_per_need": 0.3,
    "mechanisms__online_channels__seen_trust_weight": 0.0,
    "mechanisms__online_channels__platform_yuan_per_week": 0.0,
}


def paired(column: str, weeks=(53, 104), base=None, **kw):
    """Mean paired difference (``kw`` − ``base``) and its 95% interval half-width."""
    base = base or {}
    diff = mean_over("baseline", column, weeks, **kw) - mean_over("baseline", column, weeks, **base)
    mean, half, _ = t_interval(diff)
    return mean, half


def test_more_needs_voiced_fewer_hidden_and_expired_and_none_when_cut():
    mean, half = paired("backlog_hidden", **ON)
    assert mean + half < 0, f"hidden backlog {mean:+.1f} ± {half:.1f}"
    mean, half = paired("needs_expired", **ON)
    assert mean + half < 0, f"expired {mean:+.2f} ± {half:.2f}"
    for s in SEEDS:  # every pathway cut: the baseline's run, to the bit
        cut, _ = run("baseline", s, **CUT)
        base, _ = run("baseline", s)
        for col in ("needs_voiced", "needs_expired", "trust_rc_mean", "participation_any"):
            assert np.array_equal(cut[col], base[col]), col


def test_the_digital_divide_shows_by_age_group():
    ts, model = run("baseline", SEEDS[0], **ON)
    share = ts.iloc[-1]
    youth, working, elderly = (
        share[f"online_members_share_{a}"] for a in ("youth", "working_age", "elderly")
    )
    assert youth > working > elderly and elderly < 0.3
    # Elderly residents raise most needs but post few of them online.
    groups = model.group_table()
    raised = groups[groups["step"] > 52].groupby("group", observed=True)["needs_raised"].sum()
    posted = ts[ts["step"] > 52][
        [f"needs_posted_online_{a}" for a in ("youth", "working_age", "elderly")]
    ].sum()
    elderly_posted = posted["needs_posted_online_elderly"] / posted.sum()
    elderly_raised = raised["elderly"] / raised["all"]
    assert elderly_posted < 0.5 * elderly_raised


def test_responsiveness_seen_online_feeds_trust():
    # The same channel with and without members seeing what happens to posts.
    unseen = {**ON, "mechanisms__online_channels__seen_trust_weight": 0.0}
    mean, half = paired("trust_rc_mean", base=unseen, **ON)
    seen = mean_over("baseline", "online_seen_trust_change", (53, 104), **ON)
    # The sign follows what members see: more posts answered than expired raises trust.
    assert np.sign(mean) == np.sign(seen.mean()) and abs(mean) > half
    assert (mean_over("baseline", "online_seen_trust_change", (53, 104), **unseen) == 0).all()


def test_needs_posted_online_are_voiced_not_discovered():
    # With patrols gone nothing is discovered; members posting their hidden needs voice
    # them themselves, so needs_discovered stays 0 while posts and voiced needs rise.
    no_patrols = {
        "community__patrol_households_per_week": 0.0,
        "community__grid_volunteer_visits_per_week": 0.0,
    }
    ts, _ = run("baseline", SEEDS[0], steps=30, **ON, **no_patrols)
    base, _ = run("baseline", SEEDS[0], steps=30, **no_patrols)
    posted = ts[list(POSTED)].sum(axis=1)
    assert posted.sum() > 100
    assert (ts["needs_discovered"] == 0).all() and (base["needs_discovered"] == 0).all()
    assert ts["needs_voiced"].sum() > base["needs_voiced"].sum()
