"""The community co-governance model: set-up and the order of the weekly phases."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import mesa
import numpy as np
from mesa.datacollection import DataCollector

from cogov import adaptation, disputes, participation, property
from cogov.agents import (
    CommunityOrganisation,
    OwnersCommittee,
    PairedUnit,
    PartyMember,
    PropertyFirm,
    Resident,
    Volunteer,
)
from cogov.dispatch import RC, RESIDENTS, DispatchPolicy, Supply, allocate, assign_work
from cogov.mechanisms import REGISTRY, Mechanism, enabled_mechanisms
from cogov.metrics import OUTCOMES, Recorder
from cogov.needs import (
    EXPIRED,
    HIDDEN,
    RESOLVED,
    VOICED,
    NeedLedger,
    NeedProcess,
    channel_reach,
    voice_probability,
)
from cogov.params import Scenario
from cogov.population import COMPOUND_KINDS, build_layout, build_residents
from cogov.rng import RandomStreams
from cogov.scenario import load_scenario

WEEKS_PER_YEAR = 52


class CommunityModel(mesa.Model):
    """One or more urban communities (社区) governed by RC, OCs, firms, members and volunteers.

    Built with no arguments it is the default mixed community of about 3,000 households.

    Args:
        scenario: a scenario name (``"baseline"``), a path to a scenario file, a
            :class:`~cogov.params.Scenario`, or None for the defaults.
        rng: the master seed (an int); defaults to the scenario's ``run.seed``. Mesa's
            ``batch_run`` passes it.
        overrides: dotted parameter keys to values (``{"needs.rate_scale": 1.5}``).
        **kw_overrides: more overrides as keywords (``mesa.batch_run`` passes parameters
            this way; dotted keys can be given through ``**{"a.b": 1}``).

    Attributes:
        params: the fully resolved scenario (every parameter).
        residents: the residents' state arrays; agents are handles onto them.
        layout: grids, compounds and buildings.
        needs: the ledger of every need; disputes: the ledger of every dispute.
        streams: the named random streams, one per process.
    """

    def __init__(
        self,
        scenario: str | Path | Scenario | None = None,
        *,
        rng: int | None = None,
        overrides: dict[str, Any] | None = None,
        **kw_overrides: Any,
    ):
        all_overrides = {**(overrides or {}), **kw_overrides}
        if isinstance(scenario, Scenario) and not all_overrides:
            sc = scenario
        else:
            sc = load_scenario(scenario, all_overrides)
        seed = sc.run.seed if rng is None else int(rng)
        super().__init__(rng=seed)
        self.params = sc
        self.seed = seed
        self.streams = RandomStreams(seed)
        self._build()
        self.mechanisms: list[Mechanism] = [
            REGISTRY[name](self, mparams) for name, mparams in enabled_mechanisms(sc)
        ]
        for mech in self.mechanisms:
            mech.setup()
        extra = sorted({c for cls in REGISTRY.values() for c in cls.columns})
        self.recorder = Recorder(self, extra)
        self.datacollector = DataCollector(
            model_reporters={name: _latest(name) for name in OUTCOMES if name != "step"}
        )
        self.running = True

    # ----------------------------------------------------------------- set-up
    def _build(self) -> None:
        sc = self.params
        self.layout = layout = build_layout(sc, self.streams["structure"])
        self.residents = res = build_residents(
            sc, layout, self.streams["population"], self.streams["ties"]
        )
        self.household_sizes = np.bincount(res.household, minlength=layout.n_households)
        order = np.argsort(res.compound, kind="stable")
        bounds = np.searchsorted(res.compound[order], np.arange(layout.n_compounds + 1))
        self.compound_order, self.compound_bounds = order, bounds  # residents by compound
        self.residents_of_compound = [
            order[bounds[c] : bounds[c + 1]] for c in range(layout.n_compounds)
        ]
        self.needs = NeedLedger()
        self.need_process = NeedProcess(sc, layout, res)
        self.disputes = disputes.DisputeLedger()
        self.reported = np.zeros(res.n, dtype=bool)  # reported to the community (报到)
        self.extra_firm_pressure = np.zeros(layout.n_compounds)
        self.firm_exits_total = 0
        self.unmanaged_since: dict[int, int] = {}
        # Grid patrols: chance per week that a hidden need in a grid is found.
        grid_hh = np.bincount(
            layout.building_grid, weights=layout.building_households, minlength=layout.n_grids
        )
        visits = sc.community.grid_workers_per_grid * sc.community.patrol_households_per_week
        self.patrol_coverage = np.minimum(1.0, visits / np.maximum(grid_hh, 1))
        self.base_policy = DispatchPolicy(
            overhead={RESIDENTS: sc.supply.ad_hoc_overhead},
            success={RC: sc.community.rc_success, RESIDENTS: sc.supply.volunteer_success},
            dispatch_hours_per_need=sc.community.dispatch_hours_per_need,
        )

        # Agents: handles for residents and their roles; ordinary agents for organisations.
        self.resident_agents = Resident.create_agents(self, res.n, np.arange(res.n)).to_list()
        for i in np.flatnonzero(res.party_member):
            PartyMember(self, i)
        self.volunteer_agents = {int(i): Volunteer(self, i) for i in np.flatnonzero(res.volunteer)}
        self.organisations = [
            CommunityOrganisation(self, c) for c in range(sc.structure.communities)
        ]
        self.paired_units = [
            PairedUnit(self, c, k)
            for c in range(sc.structure.communities)
            for k in range(sc.community.paired_units)
        ]
        rng = self.streams["structure"]
        self.firm_of_compound = np.full(layout.n_compounds, -1, dtype=np.int64)
        self.firms: list[PropertyFirm] = []
        self.oc_of_compound: dict[int, OwnersCommittee] = {}
        oc = sc.owners_committees
        with_firm = _quota(rng, layout.compound_kind, sc.firms.present_share)
        with_oc = _quota(rng, layout.compound_kind, oc.present_share)
        functional = set(rng.permutation(with_oc)[: round(oc.functional_share * len(with_oc))])
        for c in range(layout.n_compounds):
            if c in with_firm:
                self.add_firm(c)
            if c in with_oc:
                mean = np.clip(oc.activeness_mean, 0.02, 0.98)
                act = rng.beta(mean * 4, (1 - mean) * 4) if c in functional else 0.05
                self.oc_of_compound[c] = OwnersCommittee(self, c, c in functional, act)
        self.leader_in_building = np.zeros(layout.n_buildings, dtype=bool)
        self.leader_in_building[res.building[res.building_leader]] = True

    def add_firm(self, compound: int) -> PropertyFirm:
        """Put a new property firm in charge of a compound."""
        firm = PropertyFirm(self, compound, int(self.layout.compound_households[compound]))
        self.firms.append(firm)
        self.firm_of_compound[compound] = firm.unique_id
        return firm

    def active_firms(self) -> list[PropertyFirm]:
        """The firms serving a compound now."""
        return [f for f in self.firms if f.active]

    def set_building_leaders(self, leaders: np.ndarray) -> None:
        """Give the building-leader role (楼栋长) to these residents."""
        self.residents.building_leader[leaders] = True
        self.leader_in_building[self.residents.building[leaders]] = True

    def voice_needs(self, idx: np.ndarray) -> int:
        """Voice hidden needs (discovered or surfaced); return how many were hidden."""
        led = self.needs
        idx = idx[led.status[idx] == HIDDEN]
        led.set("status", idx, VOICED)
        led.set("voiced_at", idx, self.steps)
        self._week["needs_voiced"] += len(idx)
        return len(idx)

    def spend(self, community: int, item: str, yuan: float) -> float:
        """Spend from a community's budget on an item; return what could be paid."""
        paid = self.organisations[community].spend(item, yuan)
        key = f"spending_{item}_yuan"
        self._week[key] = self._week.get(key, 0.0) + paid
        self._week["spending_total_yuan"] += paid
        return paid

    def receive(self, community: int, item: str, yuan: float) -> float:
        """Add money from outside (e.g. a paired unit's contribution) to a community's budget."""
        paid = self.organisations[community].receive(item, yuan)
        key = f"income_{item}_yuan"
        self._week[key] = self._week.get(key, 0.0) + paid
        return paid

    def is_epidemic(self) -> bool:
        """True while an epidemic shock is on."""
        ep = self.params.shocks.epidemic
        return ep.enabled and ep.start_week <= self.steps < ep.start_week + ep.duration_weeks

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """Advance one week, phase by phase.

        1. needs arise and are voiced or stay hidden; patrols discover some (``_needs``)
        2–4. dispatch, taking orders, resolution or expiry, feedback (``_services``)
        5. shallow and deep participation; volunteers (``_participation``)
        6. property fees, firm effort and quality, exits (``_property``)
        7. disputes, mediation or escalation (``_disputes``)
        8. mechanisms act inside the phases above through their hooks
        9. adaptation of willingness, trust, satisfaction (``_adapt``)
        10. measurement (``_measure``)
        """
        self._begin_week()
        self._needs()
        self._services()
        self._participation()
        self._property()
        self._disputes()
        self._adapt()
        self._measure()

    def _begin_week(self) -> None:
        self._week: dict[str, Any] = {
            "needs_voiced": 0,
            "needs_discovered": 0,
            "spending_total_yuan": 0.0,
            "spending_activities_yuan": 0.0,
        }
        if self.steps > 1 and (self.steps - 1) % WEEKS_PER_YEAR == 0:
            for org in self.organisations:
                org.new_year()
        fe = self.params.shocks.firm_exit
        if fe.enabled and self.steps == fe.week:
            property.force_exit(self, fe.share_of_firms, self.streams["shocks"])
        for mech in self.mechanisms:
            mech.begin_week()

    def _needs(self) -> None:
        """Phase 1: needs arise; voiced through a channel if trusted, else hidden."""
        res, led, week = self.residents, self.needs, self._week
        rng = self.streams["needs"]
        new = self.need_process.arise(rng, led, self.steps, self.is_epidemic())
        week["needs_raised"] = len(new)
        week["raised_idx"] = new
        ch_rng = self.streams["channels"]
        who = led.resident[new]
        reach = channel_reach(self.params, res, self.leader_in_building)
        p = voice_probability(self.params, reach[who], res.trust_rc[who])
        self.voice_needs(new[ch_rng.random(len(new)) < p])
        # Older hidden needs: voiced later after all, or found on patrol (巡查发现).
        hidden = led.open_idx[(led.status[led.open_idx] == HIDDEN)]
        hidden = hidden[led.created[hidden] < self.steps]
        u = ch_rng.random((2, len(hidden)))
        self.voice_needs(hidden[u[0] < self.params.channels.hidden_revoice_rate])
        found = hidden[u[1] < self.patrol_coverage[res.grid[led.resident[hidden]]]]
        week["needs_discovered"] += self.voice_needs(found)
        before = week["needs_voiced"]
        for mech in self.mechanisms:
            mech.surface_needs()
        week["needs_discovered"] += week["needs_voiced"] - before

    def _services(self) -> None:
        """Phases 2–4: dispatch, taking orders, resolution or expiry, and feedback."""
        sc, res, led, week = self.params, self.residents, self.needs, self._week
        rc_total = np.array([org.needs_hours() for org in self.organisations])
        self._rc_mediation = rc_total * sc.disputes.rc_mediation_share
        rc = rc_total - self._rc_mediation
        policy = self.base_policy
        for mech in self.mechanisms:
            policy = mech.policy(policy)
        self.policy = policy
        new_voiced = led.open_idx[led.voiced_at[led.open_idx] == self.steps]
        comm_of = res.community[led.resident[new_voiced]]
        rc -= np.minimum(
            rc, np.bincount(comm_of, minlength=len(rc)) * policy.dispatch_hours_per_need
        )
        participation.offer_hours(sc, res, self._activity_factor())
        layout = self.layout
        firm_hours = np.zeros(layout.n_compounds)
        firm_quality = np.zeros(layout.n_compounds)
        for firm in self.active_firms():
            firm_hours[firm.compound] = firm.request_hours()
            firm_quality[firm.compound] = firm.quality
        supply = Supply(
            rc=rc,
            firm=firm_hours,
            firm_quality=firm_quality,
            residents=np.bincount(res.grid, weights=res.hours_offered, minlength=layout.n_grids),
            units=np.array(
                [
                    sum(
                        u.hours_per_week
                        for u in self.paired_units
                        if u.community == c and u.reported
                    )
                    for c in range(len(self.organisations))
                ],
                dtype=float,
            ),
        )
        rc_listed = float(supply.rc.sum())
        for mech in self.mechanisms:
            mech.supply(supply)
        rc_added = float(supply.rc.sum()) - rc_listed  # e.g. grid workers who also handle
        cand = led.open_idx[led.status[led.open_idx] == VOICED]
        who = led.resident[cand]
        cat = led.category[cand]
        result = allocate(
            policy,
            supply,
            cand,
            cat,
            self.need_process.property[cat],
            led.hours[cand],
            led.created[cand],
            res.grid[who],
            res.compound[who],
            res.community[who],
            res.vulnerable[who],
            layout.grid_community,
            self.streams["dispatch"],
        )
        led.close(result.resolved, RESOLVED, self.steps, result.resolved_by)
        res.hours_worked = assign_work(
            res.hours_offered, res.grid, result.residents_used, self.streams["dispatch"]
        )
        for mech in self.mechanisms:
            mech.after_dispatch(result)
        expired = led.open_idx[led.deadline[led.open_idx] <= self.steps]
        led.close(expired, EXPIRED, self.steps)
        adaptation.feedback(sc, res, led.resident[result.resolved], led.resident[expired])
        hidden = led.open_idx[led.status[led.open_idx] == HIDDEN]
        adaptation.grievance(sc, res, led.resident[hidden])
        week["needs_resolved"] = len(result.resolved)
        week["needs_expired"] = len(expired)
        week["resolved_now_idx"] = result.resolved
        week["expired_now_idx"] = expired
        week["resolved_idx"] = result.resolved
        week["closed_idx"] = np.concatenate((result.resolved, expired))
        for_needs = float((rc_total - self._rc_mediation).sum()) + rc_added
        week["rc_hours_used_share"] = (for_needs - float(supply.rc.sum())) / max(1e-9, for_needs)
        self.last_dispatch = result

    def _activity_factor(self) -> float:
        return self.params.shocks.epidemic.activity_factor if self.is_epidemic() else 1.0

    def _participation(self) -> None:
        """Phase 5: residents take part, shallow or deep; volunteers join, tire or quit."""
        sc, res, week = self.params, self.residents, self._week
        inputs = participation.ParticipationInputs(
            incentive_shallow=np.zeros(res.n),
            incentive_deep=np.zeros(res.n),
            invite_rate=participation.invite_rates(
                res, self.layout.n_buildings, sc.participation.invitations_per_leader
            ),
            activity_factor=self._activity_factor(),
        )
        for mech in self.mechanisms:
            mech.participation(inputs)
        oc_active = np.zeros(self.layout.n_compounds)
        for c, oc in self.oc_of_compound.items():
            oc_active[c] = oc.effective_activeness
        budget = np.array([org.budget_left for org in self.organisations])
        rng = self.streams["participation"]
        out = participation.decide(sc, res, inputs, self.steps, oc_active, budget, rng)
        res.last_shallow[out.shallow] = self.steps
        res.last_deep[out.deep] = self.steps
        week["acts_shallow"] = int(out.shallow.sum())
        week["acts_deep"] = int(out.deep.sum())
        if out.spent_yuan:
            per_comm = (
                np.bincount(res.community[out.shallow], minlength=len(self.organisations))
                * sc.community.activity_cost_yuan
            )
            for c, yuan in enumerate(per_comm):
                self.spend(c, "activities", float(yuan))
        self.last_participation = out
        joined, left = participation.update_volunteers(
            sc, res, out.shallow, self.streams["volunteers"]
        )
        for i in joined:
            self.volunteer_agents[int(i)] = Volunteer(self, i)
        for i in left:
            self.volunteer_agents.pop(int(i)).remove()

    def _property(self) -> None:
        """Phase 6: fees, firm effort and quality, exits and replacements."""
        self._week.update(property.fees_and_firms(self, self.streams["fees"]))

    def _disputes(self) -> None:
        """Phase 7: disputes arise; OCs, leaders, RC staff or meetings settle them, or not."""
        rng = self.streams["disputes"]
        n_before = int((self.disputes.status == 1).sum())
        self._week["disputes_arising"] = disputes.arise(self, rng)
        rc_hours = self._rc_mediation.copy()
        disputes.mediate_locally(self, rc_hours, rng)
        for mech in self.mechanisms:
            mech.mediate(rc_hours)
        self._week["disputes_escalated"] = disputes.escalate(self)
        self._week["disputes_mediated"] = int((self.disputes.status == 1).sum()) - n_before
        disputes.decay_conflict(self)

    def _adapt(self) -> None:
        """Phase 9: slow updating of dispositions, then mechanisms' own adaptation."""
        sc, res = self.params, self.residents
        level = np.full(self.layout.n_compounds, sc.firms.unmanaged_service)
        for firm in self.active_firms():
            level[firm.compound] = firm.quality
        window = sc.participation.window_weeks
        took_part = participation.recent(
            res.last_shallow, self.steps, window
        ) | participation.recent(res.last_deep, self.steps, window)
        adaptation.adapt(sc, res, level, took_part)
        for mech in self.mechanisms:
            mech.adapt()

    def _measure(self) -> None:
        """Phase 10: record the week's outcomes."""
        week = self._week
        for cls in REGISTRY.values():
            week.update(cls.observe(self))
        for mech in self.mechanisms:
            week.update(mech.week_record())
        self.recorder.record(self, week)
        self.datacollector.collect(self)

    # ------------------------------------------------------------------ results
    def latest(self, name: str) -> float:
        """The most recent value of an outcome column."""
        return self.recorder.rows[-1][name] if self.recorder.rows else float("nan")

    def timeseries(self):
        """Outcomes so far, one row per step (a pandas DataFrame)."""
        return self.recorder.timeseries()

    def grid_table(self):
        """Outcomes per (step, grid)."""
        return self.recorder.grids()

    def group_table(self):
        """Outcomes per (step, group)."""
        return self.recorder.groups()


def _quota(rng: np.random.Generator, kinds: np.ndarray, shares) -> list[int]:
    """Pick round(share × count) compounds of each kind, at random (stable counts)."""
    chosen: list[int] = []
    for k, kind in enumerate(COMPOUND_KINDS):
        of_kind = np.flatnonzero(kinds == k)
        n = round(getattr(shares, kind) * len(of_kind))
        chosen += sorted(int(c) for c in rng.choice(of_kind, size=n, replace=False))
    return chosen


def _latest(name: str):
    def reporter(model: CommunityModel) -> float:
        return model.latest(name)

    reporter.__name__ = name
    return reporter
