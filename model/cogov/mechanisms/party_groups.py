"""Party groups at building level, members linking households (党小组建在楼栋 / 党员联系户).

Field practice: the essays' "网格建党支部、共同生活空间建功能党小组" (party branches in grids,
functional party groups in shared living spaces) — party groups organised where members
live, each member keeping in touch with a set of households (党员联系户), so that needs that
no one voices reach someone who can act. The same essays warn of branches that age and
hollow out: "50岁以上党员超过一半……仅有的一些年轻党员更是常年在外务工,导致党组织缺乏活力"
(over half of the members over 50 … the few young members away working all year, so the
party organisation lacks vitality).

Without the mechanism, resident party members may already become household contacts on
their own (``community.contact_uptake``, :func:`cogov.population.take_roles`).

Causal pathway (state changed, never an outcome):

1. *Groups*: every building where at least ``min_members`` resident party members (not in
   service elsewhere) live forms a party group.
2. *Linking households*: at the start of every year each member of a group who is not yet
   a contact is asked to link households, and takes the contact role with chance
   ``link_uptake × willingness`` if the hours they offer, less the hours their roles
   already take, cover ``community.contact_hours`` (``world.assign_roles``). The role's
   hours come out of the hours they offer for orders, so linking competes with taking
   orders.
3. Contacts widen the building's channel coverage (each keeps in touch with
   ``community.households_per_contact`` households), so more hidden needs are voiced and
   reach the RC and the supply list (phase 1, 7.1). Nothing else.

So the reach depends on how many members live in the buildings, their willingness and their
hours: a branch whose members live elsewhere (a larger in-service share) or have no hours
left reaches fewer households (tested). It costs no money.

Parameters (``[mechanisms.party_groups]``, :class:`cogov.params.PartyGroupsParams`):
``min_members`` (members, 1–50), ``link_uptake`` (probability, 0–1).
"""

from __future__ import annotations

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money
from cogov.params import PartyGroupsParams
from cogov.week import Week


class PartyGroups(Mechanism):
    """Building-level party groups ask their members to keep in touch with households."""

    name = "party_groups"
    params_model = PartyGroupsParams
    columns = ("party_groups",)
    writes = (
        "world.assign_roles",
        "world.refresh_roles",
        "residents.role_hours",
        "residents.household_contact",
    )

    def setup(self) -> None:
        """Form the groups where enough resident members live."""
        res = self.world.residents
        member = res.party_member & ~res.in_service
        count = np.bincount(res.building[member], minlength=self.world.layout.n_buildings)
        grouped = count >= self.params.min_members
        #: Residents who belong to a building party group.
        self.in_group = member & grouped[res.building]
        self.groups = int(np.count_nonzero(grouped))
        #: Members who took the contact role when asked (switched off, they give it back).
        self.linked: list[np.ndarray] = []
        self._ask_step: int | None = None

    def start(self, step: int) -> None:
        """Switched on mid-run: groups form, and members are asked at once, not next year."""
        self.setup()
        self._ask_step = step

    def stop(self, step: int) -> bool:
        """Switched off: the contacts members took when their group asked them end."""
        if self.linked:
            world, res = self.world, self.world.residents
            linked = np.concatenate(self.linked)
            res.role_hours[linked] -= world.params.community.contact_hours
            res.household_contact[linked] = False
            world.refresh_roles()
        return False

    def week_start(self, week: Week, money: Money) -> None:
        """At the start of each year, group members are asked to link households."""
        if not (week.conditions.new_year or week.step == self._ask_step):
            return
        world, res = self.world, self.world.residents
        sp, cp = world.params.supply, world.params.community
        who = np.flatnonzero(self.in_group & ~res.household_contact)
        u = self.rng.random(len(who))
        hours = sp.resident_member_max_hours * res.willingness[who] - res.role_hours[who]
        take = (
            (cp.contact_hours > 0)
            & (u < self.params.link_uptake * res.willingness[who])
            & (hours >= cp.contact_hours)
        )
        linked = who[take]
        res.role_hours[linked] += cp.contact_hours
        self.linked.append(linked)
        none = np.zeros(len(linked), dtype=bool)
        world.assign_roles(linked, none, np.ones(len(linked), dtype=bool), none)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Number of building party groups."""
        row["party_groups"] = float(self.groups)
