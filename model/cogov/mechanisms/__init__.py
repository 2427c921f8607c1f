"""Governance mechanisms: one module each, taking part in the week through its hooks.

:data:`ORDER` declares the order in which mechanisms act within every hook. It matters in
these places, and is chosen for them:

1. *Money*: at the start of the week each pays its running costs from the same budget in
   this order, so when money runs out the later ones go short first.
2. *Dispatch policy*: three lists builds its matching policy on top of what dual
   reporting and the big party committee put on the supply list (paired units), so it
   comes after them.
3. *Supply*: points scale party members' hours offered, including the hours dual
   reporting adds, so points come after dual reporting.
4. *Staff time*: burden reduction sets how much of the RC's time is left for residents'
   needs at the start of the week, before anything reads it, so it comes first (it spends
   no money, so its place changes no one's money).
5. *Roles*: party groups ask members to link households after dual reporting and grid
   management have given out their roles, so a member's hours left are counted after
   those; it spends no money.
6. *Services systems* come last (social organisations, online channels, professional
   workers), so that switching them on changes nothing for the mechanisms before them: their
   running costs are paid after the others' (they go short first, and the earlier
   mechanisms' spending is as it was); social organisations add their own pool and the
   contracted categories' first round to whatever policy the earlier ones built;
   the one-stop desk lowers the dispatch time per need after three lists has set its own
   (the lesser holds either way); professional workers come last so that their
   competence scales the RC staff's success and time per need in whatever policy the
   others built, and the empty posts' hours are taken off the RC hours the others added
   to (grid workers who handle needs count as RC staff).
7. *The street* (issue 11): leaders' point-to-point contact (包联) receives its money at
   the start of the year before anyone spends, and its reporting takes the community
   staff's own hours before the street's or anyone else's are added, so it comes right
   after dual reporting; the big working committee pools the hours units give under dual
   reporting, and three lists keeps the units it puts on the supply list, so it comes
   after dual reporting and before three lists; the street's staff pool is added after
   grid management (its hours are the street's, not the community's).
8. *The village* (issue 11): the four deliberations take the cadres' hours after every
   other pool has been added to the RC's (they are work the committee itself must do);
   the supervision committee takes up disputes after the big party committee's meeting;
   the dedication day's members' hours are added after the other pools of the street and
   village; its cost goes short before theirs.

See :mod:`cogov.mechanisms.base` for the hooks and how to add a mechanism.
"""

from __future__ import annotations

from typing import Any

from cogov.mechanisms.base import HOOKS, Mechanism, Mechanisms
from cogov.mechanisms.big_party_committee import BigPartyCommittee
from cogov.mechanisms.big_working_committee import BigWorkingCommittee
from cogov.mechanisms.burden_reduction import BurdenReduction
from cogov.mechanisms.dedication_day import DedicationDay
from cogov.mechanisms.dual_reporting import DualReporting
from cogov.mechanisms.four_deliberations import FourDeliberations
from cogov.mechanisms.grid_management import GridManagement
from cogov.mechanisms.leader_contact import LeaderContact
from cogov.mechanisms.online_channels import OnlineChannels
from cogov.mechanisms.party_groups import PartyGroups
from cogov.mechanisms.point_incentives import PointIncentives
from cogov.mechanisms.professional_workers import ProfessionalWorkers
from cogov.mechanisms.social_organisations import SocialOrganisations
from cogov.mechanisms.street_pool import StreetPool
from cogov.mechanisms.three_lists import ThreeLists
from cogov.mechanisms.village_supervision import VillageSupervision
from cogov.params import Scenario

#: The mechanisms, in the order they act (see the module docstring for why).
ORDER: tuple[type[Mechanism], ...] = (
    BurdenReduction,
    DualReporting,
    LeaderContact,
    BigPartyCommittee,
    BigWorkingCommittee,
    PointIncentives,
    ThreeLists,
    GridManagement,
    StreetPool,
    FourDeliberations,
    VillageSupervision,
    DedicationDay,
    PartyGroups,
    SocialOrganisations,
    OnlineChannels,
    ProfessionalWorkers,
)
#: Mechanisms by name (the key of ``[mechanisms.<name>]``), in :data:`ORDER`.
REGISTRY: dict[str, type[Mechanism]] = {cls.name: cls for cls in ORDER}

__all__ = ["HOOKS", "ORDER", "REGISTRY", "Mechanism", "Mechanisms", "enabled_mechanisms"]


def enabled_mechanisms(sc: Scenario) -> list[tuple[str, Any]]:
    """Return (name, parameters) of the mechanisms a scenario switches on, in :data:`ORDER`."""
    section = sc.mechanisms
    out = []
    for name in REGISTRY:
        params = getattr(section, name, None)
        if params is not None and params.enabled:
            out.append((name, params))
    return out
