"""Party groups at building level: members asked by their group link households.

Cut twice: groups that ask no one (``link_uptake = 0``) change nothing, bit for bit; and
the reach depends on members living in the buildings, so a hollowed branch (more members in
service elsewhere) gains fewer contacts. Paired seeds, the second year.
"""

from __future__ import annotations

import pandas as pd

from cogov.experiments.patterns import paired

from .conftest import SEEDS, mean_over, run

HOLLOW = {"population__in_service_share": 0.65}


def effect(column: str, **overrides):
    """Party groups minus the baseline, per seed, with its 95% interval."""
    return paired(
        mean_over("party_groups", column, **overrides) - mean_over("baseline", column, **overrides)
    )


def test_groups_bring_more_members_into_touch_with_households():
    assert effect("household_contacts").lo > 0
    assert effect("members_contact_share").lo > 0
    # the contacts widen the channels: more hidden needs are voiced
    assert effect("needs_voiced").lo > 0


def test_groups_that_ask_no_one_change_nothing():
    for seed in SEEDS[:2]:
        base, _ = run("baseline", seed)
        asked, _ = run("party_groups", seed, mechanisms__party_groups__link_uptake=0.0)
        assert (asked["party_groups"] > 0).all()  # groups formed, asking no one
        pd.testing.assert_frame_equal(
            base.drop(columns="party_groups"), asked.drop(columns="party_groups")
        )


def test_a_hollowed_branch_reaches_fewer_households():
    full = mean_over("party_groups", "household_contacts") - mean_over(
        "baseline", "household_contacts"
    )
    hollow = mean_over("party_groups", "household_contacts", **HOLLOW) - mean_over(
        "baseline", "household_contacts", **HOLLOW
    )
    assert paired(hollow - full).hi < 0
