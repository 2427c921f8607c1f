"""Big party committee: joint meetings settle owner–firm disputes before they escalate."""

from __future__ import annotations

import numpy as np

from cogov.experiments.patterns import paired
from cogov.ledgers import ESCALATED, OPEN, OWNER_FIRM, SettledBy

from .conftest import SEEDS, mean_over, per_model, run

# More firms and OCs than the default mix, so that owner–firm disputes are frequent.
ESTATES = {"structure__households_per_community": 1800}


def escalated_share(m) -> float:
    d = m.disputes
    of = (d.kind == OWNER_FIRM) & (d.status != OPEN)
    return float((d.status[of] == ESCALATED).mean())


def test_lowers_share_of_owner_firm_disputes_that_escalate():
    base = per_model("baseline", escalated_share, **ESTATES)
    bpc = per_model("big_party_committee", escalated_share, **ESTATES)
    assert bpc.mean() < 0.6 * base.mean()
    assert (bpc < base).sum() >= len(SEEDS) - 1


def test_meetings_follow_the_interval_and_cost_money():
    ts, m = run("big_party_committee", SEEDS[0])
    p = m.params.mechanisms.big_party_committee
    held = ts.loc[ts["meetings_held"] > 0, "step"].to_numpy()
    due = ts.loc[ts["step"] % p.meeting_interval_weeks == 0]
    assert (held % p.meeting_interval_weeks == 0).all()
    # a meeting is held whenever it is due, unless the budget cannot pay for it
    missed = due.loc[due["meetings_held"] == 0]
    assert len(held) + len(missed) == 104 // 4
    assert (missed["shortfall_meetings_yuan"] > 0).all()
    assert np.allclose(
        ts.loc[ts["meetings_held"] > 0, "spending_meetings_yuan"], p.meeting_cost_yuan
    )
    assert (
        (m.disputes.settled_by == SettledBy.MEETING).sum()
        == ts["disputes_settled_by_meeting"].sum()
        > 0
    )
    per_meeting = ts.loc[ts["meetings_held"] > 0, "disputes_settled_by_meeting"]
    assert per_meeting.max() <= p.issues_per_meeting


def test_information_flow_surfaces_hidden_needs():
    base = mean_over("baseline", "needs_discovered")
    bpc = mean_over("big_party_committee", "needs_discovered")
    assert (bpc - base).mean() > 0.1 * base.mean()


def test_rc_acts_for_failing_owners_committees_and_presses_firms():
    _, m = run("big_party_committee", SEEDS[0], **ESTATES)
    assert all(oc.acted_for_by_rc for oc in m.oc_of_compound.values() if not oc.functional)
    assert (m.world.property.extra_pressure > 0).all()
    quality = lambda m: np.mean([f.quality for f in m.active_firms()])  # noqa: E731
    assert (
        per_model("big_party_committee", quality, **ESTATES).mean()
        > per_model("baseline", quality, **ESTATES).mean()
    )


def test_pressure_on_co_opted_firms_raises_their_quality():
    """Pathway 6, cut: without the added pressure (``firm_pressure = 0``) part of the gain
    in firms' quality goes (the rest comes through the RC acting for failing OCs)."""

    def quality(m):
        return float(np.mean([f.quality for f in m.active_firms()]))

    base = per_model("baseline", quality, **ESTATES)
    on = per_model("big_party_committee", quality, **ESTATES)
    cut = per_model(
        "big_party_committee",
        quality,
        **ESTATES,
        mechanisms__big_party_committee__firm_pressure=0.0,
    )
    assert paired(on - base).lo > 0  # measured: +0.047 [+0.044, +0.050]
    assert paired(on - cut).lo > 0  # the pressure's part: +0.025 [+0.022, +0.028]
