"""The world: the community's state that several phases and mechanisms read.

Each phase is behaviour (:mod:`cogov.phases`); the state it works on is here, built once
at set-up. Every field says who writes it after set-up, so that reading this file and the
phase that writes a field tells you everything that can change it:

=========================  ================================================================
field                      written by (after set-up)
=========================  ================================================================
``residents``              needs feedback and services (satisfaction, trust, hours), the
                           participation phase (participation, volunteers, burnout), disputes
                           (trust after escalations), adaptation; mechanisms' pathways
                           (points, extrinsic and intrinsic motivation, hours offered); an
                           OC's collection drive (its members' ``role_hours``)
``needs``                  the needs phase (arise, voice), services (resolve, expire),
                           mechanisms through :class:`cogov.week.Voicing`
``disputes``               the disputes phase; mechanisms through :class:`cogov.week.Mediation`
``property``               the property phase (fees, effort, exits, hires); the big party
                           committee at set-up and week start (pressure, red property, RC
                           acting for failing OCs); role-play levers between weeks
                           (:mod:`cogov.roleplay.levers`: effort, staff, fee, response to
                           complaints, collection drive, fee strike, exits)
``organisations``          budgets, through :class:`cogov.money.Money` only
``paired_units``           dual reporting at set-up
``reported``               dual reporting at set-up
``leader_in_building``,    :meth:`World.set_building_leaders` and :meth:`World.assign_roles`
``leader_coverage``,       (set-up, mechanisms): recomputed from who holds a standing role
``channel_coverage``
``patrol_worker_visits``   grid management at set-up
``patrol_coverage``        recomputed from worker visits and grid volunteers' visits
=========================  ================================================================

Organisations, units, firms and committees are Mesa agents (:mod:`cogov.agents`), so
they need the Mesa model that registers them; residents are arrays.
"""

from __future__ import annotations

import mesa
import numpy as np

from cogov.agents import (
    CommunityOrganisation,
    OwnersCommittee,
    PairedUnit,
    PropertyFirm,
)
from cogov.ledgers import DisputeLedger, NeedLedger
from cogov.params import Scenario
from cogov.population import COMPOUND_KINDS, Layout, Residents, build_layout, build_residents
from cogov.rng import RandomStreams


class PropertySector:
    """Property firms and owners' committees, by compound.

    Attributes:
        firms: the firms now serving a compound.
        oc_of_compound: the owners' committee of each compound that has one.
        firm_of_compound: the id of the firm serving each compound, -1 if none.
        unmanaged_since: week each compound without a firm lost its last one.
        exits_total: firms that have left since the start.
        extra_pressure: pressure on each compound's firm beyond the OC's and the RC's.
        fee_strike: compounds whose households withhold their fees this week (a fee
            strike, 拒交物业费): set from outside the weekly phases (role-play, events).
    """

    def __init__(self, model: mesa.Model, layout: Layout):
        self._model = model
        self.households = layout.compound_households
        self.firms: list[PropertyFirm] = []
        self.oc_of_compound: dict[int, OwnersCommittee] = {}
        self.firm_of_compound = np.full(layout.n_compounds, -1, dtype=np.int64)
        self.unmanaged_since: dict[int, int] = {}
        self.exits_total = 0
        self.extra_pressure = np.zeros(layout.n_compounds)
        self.fee_strike = np.zeros(layout.n_compounds, dtype=bool)

    def hire(self, compound: int) -> PropertyFirm:
        """Put a new property firm in charge of a compound."""
        firm = PropertyFirm(self._model, compound, int(self.households[compound]))
        self.firms.append(firm)
        self.firm_of_compound[compound] = firm.unique_id
        return firm

    def active_firms(self) -> list[PropertyFirm]:
        """The firms serving a compound now."""
        return [f for f in self.firms if f.active]

    def leave(self, firm: PropertyFirm, step: int) -> None:
        """A firm leaves its compound, which is unmanaged from this week."""
        firm.active = False
        self.firm_of_compound[firm.compound] = -1
        self.exits_total += 1
        self.unmanaged_since[firm.compound] = step
        oc = self.oc_of_compound.get(firm.compound)
        if oc is not None:
            oc.low_satisfaction_weeks = 0
        firm.remove()
        self.firms = [f for f in self.firms if f is not firm]

    def oc_activeness(self) -> np.ndarray:
        """How active each compound's OC is in practice (0 where there is none)."""
        act = np.zeros(len(self.firm_of_compound))
        for c, oc in self.oc_of_compound.items():
            act[c] = oc.effective_activeness
        return act


class World:
    """The community's state shared by phases and mechanisms, built from a scenario.

    Args:
        model: the Mesa model that registers the organisations' agents.
        params: the fully resolved scenario.
        streams: the named random streams.

    Attributes:
        params, streams: as given.
        layout: grids, compounds, buildings, households.
        residents: every resident's state as arrays.
        household_sizes: residents per household.
        residents_of_compound: resident indices of each compound.
        needs, disputes: the ledgers.
        organisations: the community organisation of each community (budgets, staff).
        paired_units: the units paired with each community.
        property: firms and owners' committees.
        reported: residents reported to the community (报到).
        leader_in_building: buildings with at least one building leader (楼栋长).
        leader_coverage: per building, the share of its households its leaders look after,
            ``min(1, leaders · households_per_leader / households)``.
        channel_coverage: per building, the share of its households a leader or a member
            contact looks after, ``min(1, (leaders · households_per_leader + contacts ·
            households_per_contact) / households)``.
        patrol_worker_visits: households grid workers visit a week, per grid.
        patrol_coverage: weekly chance, per grid, that patrols (grid workers and grid
            volunteers) find a hidden need, ``min(1, visits / households)``.
    """

    def __init__(self, model: mesa.Model, params: Scenario, streams: RandomStreams):
        sc = self.params = params
        self.streams = streams
        self.layout = layout = build_layout(sc, streams["structure"])
        village_rng = streams["village"] if sc.structure.villages else None
        self.residents = res = build_residents(
            sc, layout, streams["population"], streams["ties"], village_rng
        )
        self.household_sizes = np.bincount(res.household, minlength=layout.n_households)
        order = np.argsort(res.compound, kind="stable")
        bounds = np.searchsorted(res.compound[order], np.arange(layout.n_compounds + 1))
        self.compound_order, self.compound_bounds = order, bounds
        self.residents_of_compound = [
            order[bounds[c] : bounds[c + 1]] for c in range(layout.n_compounds)
        ]
        self.needs = NeedLedger()
        self.disputes = DisputeLedger()
        self.reported = np.zeros(res.n, dtype=bool)
        self.grid_households = np.bincount(
            layout.building_grid, weights=layout.building_households, minlength=layout.n_grids
        )
        self.patrol_worker_visits = np.full(
            layout.n_grids,
            sc.community.grid_workers_per_grid * sc.community.patrol_households_per_week,
        )
        self.organisations = [
            CommunityOrganisation(model, c) for c in range(sc.structure.communities)
        ]
        self.paired_units = [
            PairedUnit(model, c, k)
            for c in range(sc.structure.communities)
            for k in range(sc.community.paired_units)
        ]
        self.property = PropertySector(model, layout)
        self._place_firms_and_committees(model, streams["structure"])
        self.refresh_roles()

    def _place_firms_and_committees(self, model: mesa.Model, rng: np.random.Generator) -> None:
        sc = self.params
        kinds = self.layout.compound_kind
        if self.layout.compound_village is not None and self.layout.compound_village.any():
            # a village's hamlets have no firm and no owners' committee
            kinds = np.where(self.layout.compound_village, -1, kinds)
        oc = sc.owners_committees
        with_firm = _quota(rng, kinds, sc.firms.present_share)
        with_oc = _quota(rng, kinds, oc.present_share)
        functional = set(rng.permutation(with_oc)[: round(oc.functional_share * len(with_oc))])
        for c in range(self.layout.n_compounds):
            if c in with_firm:
                self.property.hire(c)
            if c in with_oc:
                mean = np.clip(oc.activeness_mean, 0.02, 0.98)
                k = oc.activeness_concentration
                act = (
                    rng.beta(mean * k, (1 - mean) * k)
                    if c in functional
                    else oc.nonfunctional_activeness
                )
                self.property.oc_of_compound[c] = OwnersCommittee(model, c, c in functional, act)

    def set_building_leaders(self, leaders: np.ndarray) -> None:
        """Give the building-leader role (楼栋长) to these residents (recruited to fill gaps).

        The role's weekly hours (``community.leader_hours``) come out of the hours they
        offer for orders (``Residents.role_hours``).
        """
        res = self.residents
        new = leaders[~res.building_leader[leaders]]
        res.building_leader[new] = True
        res.role_hours[new] += self.params.community.leader_hours
        self.refresh_roles()

    def assign_roles(
        self, who: np.ndarray, leader: np.ndarray, contact: np.ndarray, grid_volunteer: np.ndarray
    ) -> None:
        """Give standing roles to residents ``who`` (flags aligned with ``who``).

        Their hours are accounted by the caller (dual reporting takes them out of the
        members' committed hours).
        """
        res = self.residents
        res.building_leader[who[leader]] = True
        res.household_contact[who[contact]] = True
        res.grid_volunteer[who[grid_volunteer]] = True
        self.refresh_roles()

    def refresh_roles(self) -> None:
        """Recompute the buildings' and grids' coverage from who holds a standing role."""
        res, layout, cp = self.residents, self.layout, self.params.community
        nb = layout.n_buildings
        hh = np.maximum(layout.building_households, 1).astype(float)
        leaders = np.bincount(res.building[res.building_leader], minlength=nb)
        contacts = np.bincount(res.building[res.household_contact], minlength=nb)
        self.leader_in_building = leaders > 0
        self.leader_coverage = np.minimum(1.0, leaders * cp.households_per_leader / hh)
        self.channel_coverage = np.minimum(
            1.0,
            (leaders * cp.households_per_leader + contacts * cp.households_per_contact) / hh,
        )
        volunteers = np.bincount(res.grid[res.grid_volunteer], minlength=layout.n_grids)
        visits = self.patrol_worker_visits + volunteers * cp.grid_volunteer_visits_per_week
        self.patrol_coverage = np.minimum(1.0, visits / np.maximum(self.grid_households, 1))

    @property
    def n_communities(self) -> int:
        """Number of communities."""
        return len(self.organisations)


def _quota(rng: np.random.Generator, kinds: np.ndarray, shares) -> list[int]:
    """Pick round(share × count) compounds of each kind, at random (stable counts)."""
    chosen: list[int] = []
    for k, kind in enumerate(COMPOUND_KINDS):
        of_kind = np.flatnonzero(kinds == k)
        n = round(getattr(shares, kind) * len(of_kind))
        chosen += sorted(int(c) for c in rng.choice(of_kind, size=n, replace=False))
    return chosen


__all__ = ["PropertySector", "Residents", "World"]
