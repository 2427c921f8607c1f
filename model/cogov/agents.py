"""The model's agents.

Residents, party members and volunteers are many: their state is held in the arrays of
:class:`cogov.population.Residents`, and these agents are *handles* onto one index of them,
for inspection, counting and the UI (``model.agents_by_type[Resident]``). A resident can
hold several roles: a retired party member who volunteers has a ``Resident``, a
``PartyMember`` and a ``Volunteer`` handle, all with the same ``index``.

Property firms, owners' committees, the community organisation and paired units are few;
they are ordinary agents with their own state and readable methods.
"""

from __future__ import annotations

from collections import deque
from typing import Any

import mesa
import numpy as np

from cogov.ledgers import VOICED
from cogov.money import Fund
from cogov.population import AGE_GROUPS, COMPOUND_KINDS

#: The model these agents belong to: a Mesa model with ``params``, ``residents``,
#: ``layout`` and ``needs`` (:class:`cogov.model.CommunityModel`).
CommunityModel = mesa.Model


class ResidentHandle(mesa.Agent):
    """Base of the array-backed handles: reads one resident's state from the arrays."""

    def __init__(self, model: CommunityModel, index: int):
        super().__init__(model)
        self.index = int(index)

    def _get(self, name: str) -> Any:
        value = getattr(self.model.residents, name)[self.index]
        return value.item() if isinstance(value, np.generic) else value

    @property
    def resident(self) -> Resident:
        """The Resident agent this role belongs to."""
        return self.model.resident_agents[self.index]

    def summary(self) -> dict[str, Any]:
        """Return this resident's state as a plain dict."""
        r = self.model.residents
        i = self.index
        return {
            "index": i,
            "household": int(r.household[i]),
            "building": int(r.building[i]),
            "compound": int(r.compound[i]),
            "compound_kind": COMPOUND_KINDS[self.model.layout.compound_kind[r.compound[i]]],
            "grid": int(r.grid[i]),
            "community": int(r.community[i]),
            "age_group": AGE_GROUPS[r.age[i]],
            "low_income": bool(r.low_income[i]),
            "employed": bool(r.employed[i]),
            "party_member": bool(r.party_member[i]),
            "in_service": bool(r.in_service[i]),
            "volunteer": bool(r.volunteer[i]),
            "building_leader": bool(r.building_leader[i]),
            "willingness": float(r.willingness[i]),
            "trust_rc": float(r.trust_rc[i]),
            "trust_strangers": float(r.trust_strangers[i]),
            "satisfaction": float(r.satisfaction[i]),
            "ties": int(r.ties.indptr[i + 1] - r.ties.indptr[i]),
            "open_needs": int(np.sum(self.model.needs.resident[self.model.needs.open_idx] == i)),
        }

    def __repr__(self) -> str:
        return f"{type(self).__name__}(index={self.index})"


class Resident(ResidentHandle):
    """A resident (居民): household, building, compound, grid; dispositions and needs."""

    @property
    def age_group(self) -> str:
        """The age group: youth, working_age or elderly."""
        return AGE_GROUPS[self._get("age")]

    @property
    def willingness(self) -> float:
        """Latent willingness to take part in public affairs, in [0, 1]."""
        return self._get("willingness")

    @property
    def trust_rc(self) -> float:
        """Trust in the residents' committee, in [0, 1]."""
        return self._get("trust_rc")

    @property
    def trust_strangers(self) -> float:
        """Trust in strangers in one's own community, in [0, 1]."""
        return self._get("trust_strangers")

    @property
    def satisfaction(self) -> float:
        """Satisfaction with services, in [0, 1]."""
        return self._get("satisfaction")

    @property
    def grid(self) -> int:
        """Index of the resident's grid."""
        return self._get("grid")

    @property
    def building(self) -> int:
        """Index of the resident's building."""
        return self._get("building")

    @property
    def tie_indices(self) -> np.ndarray:
        """Indices of the residents this one has ties to."""
        t = self.model.residents.ties
        return t.indices[t.indptr[self.index] : t.indptr[self.index + 1]]


class PartyMember(ResidentHandle):
    """A party member (党员): a *resident* member (often retired) or an *in-service* one."""

    @property
    def in_service(self) -> bool:
        """True for an in-service (在职) member who works elsewhere."""
        return self._get("in_service")

    @property
    def building_leader(self) -> bool:
        """True if the member leads their building (楼栋长)."""
        return self._get("building_leader")

    @property
    def hours_worked(self) -> float:
        """Hours of community service worked this week."""
        return self._get("hours_worked")

    @property
    def points(self) -> float:
        """Point balance (积分)."""
        return self._get("points")


class Volunteer(ResidentHandle):
    """A resident in a volunteer team (志愿者): motivation, hours, points, burnout."""

    @property
    def intrinsic(self) -> float:
        """Intrinsic motivation, in [0, 1]."""
        return self._get("intrinsic")

    @property
    def extrinsic(self) -> float:
        """Extrinsic motivation from points and recognition, in [0, 1]."""
        return self._get("extrinsic")

    @property
    def burnout(self) -> float:
        """Accumulated fatigue, in [0, 1]."""
        return self._get("burnout")

    @property
    def hours_worked(self) -> float:
        """Hours worked this week."""
        return self._get("hours_worked")


def _clip_scalar(x: float, lo: float, hi: float) -> float:
    """``float(np.clip(x, lo, hi))`` for Python floats, without numpy's overhead.

    As numpy's clip does it for a scalar: ``x`` is kept unless strictly below ``lo`` or
    above ``hi`` (so a tie keeps its sign of zero, and NaN is kept); a test checks the two
    agree to the bit.
    """
    if x < lo:
        x = lo
    if x > hi:
        x = hi
    return float(x)


class PropertyFirm(mesa.Agent):
    """A property-service firm (物业服务企业) serving one compound.

    Effort follows what fee income allows plus pressure from the OC and the RC; quality
    follows effort. A firm whose income stays below its costs for long enough exits.

    Two pieces of state are set only from outside the weekly phases (role-play levers) and
    stay at their start values in a plain run: ``contract_fee``, the fee agreed when the
    firm was hired (households weigh the fee due against it, :mod:`cogov.phases.property`),
    and ``request_share``, the share of staff time for residents' complaints and requests
    (its response to complaints). Staff time for requests beyond the standard share
    (``firms.request_share_of_staff_time``) is bought as paid extra hours at the staff wage,
    so it adds to the firm's cost and leaves less of its income for effort.
    """

    def __init__(self, model: CommunityModel, compound: int, households: int, red: bool = False):
        super().__init__(model)
        p = model.params.firms
        self.compound = int(compound)
        self.households = int(households)
        self.staff = max(p.min_staff, households * p.staff_per_100_households / 100.0)
        self.effort = p.initial_effort
        self.quality = p.initial_quality
        #: "Red property" (红色物业): the firm's party members sit on the big party committee.
        self.red = red
        self.active = True
        self.income_week = 0.0
        self.cost_week = 0.0
        self.collection_rate = 1.0
        #: The fee in the firm's contract [yuan/household/week]: the fee when it was hired.
        self.contract_fee = p.fee_yuan_per_household_week
        #: Share of staff time for residents' complaints and requests (response to them).
        self.request_share = p.request_share_of_staff_time
        self._ratio_history: deque[float] = deque(maxlen=p.exit_window_weeks)

    def request_hours(self) -> float:
        """Staff hours this week for residents' requests."""
        p = self.model.params.firms
        return self.staff * p.staff_hours_per_week * self.request_share * self.effort

    def extra_request_cost(self) -> float:
        """This week's cost of request hours beyond the standard share [yuan/week].

        They are paid at the staff wage: ``staff · staff_cost · (share − standard) · effort``
        (0 at or below the standard share: time kept from requests goes to routine work).
        """
        p = self.model.params.firms
        extra = self.request_share - p.request_share_of_staff_time
        if extra <= 0.0:
            return 0.0
        return self.staff * p.staff_cost_yuan_week * extra * self.effort

    def settle_week(self, paying_households: int, pressure: float) -> None:
        """Take this week's fees, pay costs, and adjust effort and quality."""
        p = self.model.params.firms
        self.collection_rate = paying_households / max(1, self.households)
        self.income_week = paying_households * p.fee_yuan_per_household_week
        self.cost_week = (
            self.staff
            * p.staff_cost_yuan_week
            * (p.fixed_cost_share + (1.0 - p.fixed_cost_share) * self.effort)
        )
        full_cost = self.staff * p.staff_cost_yuan_week
        extra = self.extra_request_cost()
        if extra > 0.0:  # paid extra hours for complaints: less income left for effort
            self.cost_week += extra
            full_cost += extra
        ratio = self.income_week / full_cost if full_cost > 0 else 1.0
        self._ratio_history.append(self.income_week / max(self.cost_week, 1e-9))
        target = float(
            p.effort_per_income * min(ratio, p.income_ratio_cap) + p.pressure_weight * pressure
        )
        self.effort += p.effort_adjustment * (min(1.0, target) - self.effort)
        self.effort = _clip_scalar(self.effort, p.min_effort, 1.0)
        self.quality += p.quality_adjustment * (self.effort - self.quality)

    def wants_to_exit(self) -> bool:
        """True when income has stayed below the exit threshold for the whole window."""
        p = self.model.params.firms
        h = self._ratio_history
        if len(h) != h.maxlen:
            return False
        # np.mean(h) to the bit: the same sum of the same float64 values, over their count.
        return float(np.fromiter(h, dtype=float, count=len(h)).sum() / len(h)) < p.exit_income_ratio

    def __repr__(self) -> str:
        return (
            f"PropertyFirm(compound={self.compound}, quality={self.quality:.2f}, "
            f"effort={self.effort:.2f}, active={self.active})"
        )


class OwnersCommittee(mesa.Agent):
    """An owners' committee (业主委员会) of one compound.

    A working committee can run a *collection drive* (业委会催缴物业费), set only from
    outside the weekly phases (role-play) and off in a plain run: its ``members`` (residents
    of the compound, party members first, then the most willing; chosen the first time a
    drive starts, without a draw) give ``collection_drive · drive_hours_per_member`` hours a
    week each, taken from the hours they offer for orders (``Residents.role_hours``) while
    it runs; the property phase turns those hours into reminders to households that would
    not pay (:mod:`cogov.phases.property`).
    """

    def __init__(self, model: CommunityModel, compound: int, functional: bool, activeness: float):
        super().__init__(model)
        self.compound = int(compound)
        self.functional = bool(functional)
        self.activeness = float(activeness)
        #: Conflict level with the compound's firm, in [0, 1].
        self.conflict = model.params.owners_committees.initial_conflict
        self.acted_for_by_rc = False  # an RC member acts for a failing OC
        self.low_satisfaction_weeks = 0
        #: Effort of a fee-collection drive, 0 (none) to 1 (members give their full hours).
        self.collection_drive = 0.0
        #: Resident indices of the committee's members (chosen when a drive first starts).
        self.members: np.ndarray | None = None
        #: Hours a week each member now gives to the drive (in their ``role_hours``).
        self._drive_hours = 0.0

    def choose_members(self) -> np.ndarray:
        """The committee's members: residents of its compound, party members first.

        Then by willingness (highest first), ties by index; no draw is made, so choosing
        them changes no random stream.
        """
        if self.members is None:
            res = self.model.residents
            mine = np.flatnonzero(res.compound == self.compound)
            order = np.lexsort((mine, -res.willingness[mine], ~res.party_member[mine]))
            n = self.model.params.owners_committees.members
            self.members = mine[order[:n]]
        return self.members

    def set_collection_drive(self, level: float) -> None:
        """Run a fee-collection drive at ``level`` (0 stops it); members' hours follow."""
        level = float(level)
        if level == self.collection_drive:
            return
        members = self.choose_members()
        hours = level * self.model.params.owners_committees.drive_hours_per_member
        res = self.model.residents
        res.role_hours[members] += hours - self._drive_hours
        if level == 0.0:  # no negative hours from rounding when the drive stops
            res.role_hours[members] = np.maximum(res.role_hours[members], 0.0)
        self._drive_hours = hours
        self.collection_drive = level

    def collection_hours(self) -> float:
        """Members' hours a week the collection drive puts into reminders."""
        if self.collection_drive <= 0.0 or not self.functional or self.members is None:
            return 0.0
        return self._drive_hours * len(self.members)

    @property
    def effective_activeness(self) -> float:
        """How active the OC is in practice (an RC member acting for it counts)."""
        if self.functional:
            return self.activeness
        p = self.model.params.owners_committees
        return p.rc_acting_activeness if self.acted_for_by_rc else 0.0

    def pressure_on_firm(self) -> float:
        """Pressure the OC puts on its firm, in [0, 1]."""
        return self.effective_activeness

    def __repr__(self) -> str:
        return (
            f"OwnersCommittee(compound={self.compound}, functional={self.functional}, "
            f"activeness={self.activeness:.2f}, conflict={self.conflict:.2f})"
        )


class CommunityOrganisation(mesa.Agent):
    """The community party organisation and residents' committee (社区党组织 + 居委会).

    Holds staff capacity (community workers and grid workers), the community's two yearly
    funds (:class:`cogov.money.Fund`) and the dispatch policy; the demand list is the
    community's open voiced needs. The work funds ``budget_year`` are
    ``community.budget_yuan_per_year`` when set, otherwise they scale with the community's
    households, at least the floor (:meth:`cogov.params.CommunityParams.budget_for`); the
    service fund likewise (:meth:`cogov.params.CommunityParams.service_fund_for`).
    """

    def __init__(self, model: CommunityModel, community: int):
        super().__init__(model)
        p = model.params.community
        self.community = int(community)
        households = model.params.structure.households_per_community
        self.workers = (
            p.community_workers
            if p.community_workers is not None
            else households / p.households_per_worker
        )
        #: A rural village (村): its staff is the elected village committee (村委会), whose
        #: part-time cadres count as ``committee_hours_per_week / hours_per_worker`` workers.
        self.village = model.params.structure.kind_of(self.community) == "village"
        if self.village:
            v = model.params.village
            self.workers = (
                v.committee_members * v.committee_hours_per_week / max(p.hours_per_worker, 1e-9)
            )
        self.grid_workers = p.grid_workers_per_grid
        #: Share of staff time left for residents' needs after tasks from above (协助行政事务):
        #: ``share_time_on_needs`` at start, less each year's new tasks
        #: (``tasks_from_above_growth_per_year``), and no lower than an admission list allows
        #: (``burden_reduction``).
        self.needs_share = p.share_time_on_needs
        #: Community work funds a year [yuan/year].
        self.budget_year = p.budget_for(households)
        #: Each fund's yearly amount [yuan/year].
        self.fund_year: dict[Fund, float] = {
            Fund.WORK: self.budget_year,
            Fund.SERVICE: p.service_fund_for(households),
        }
        #: What is left of each fund this year [yuan].
        self.fund_left: dict[Fund, float] = dict(self.fund_year)
        self.spent: dict[str, float] = {}
        self.received: dict[str, float] = {}

    def needs_hours(self) -> float:
        """Staff hours for residents' needs and mediation this week."""
        p = self.model.params.community
        return self.workers * p.hours_per_worker * self.needs_share

    def take_on_tasks(self, share: float, ceiling: float) -> None:
        """Tasks from above take ``share`` more of staff time, up to ``ceiling`` in all.

        They never give time back: a community already past the ceiling stays where it is.
        """
        if share > 0:
            self.needs_share = min(self.needs_share, max(1.0 - ceiling, self.needs_share - share))

    @property
    def budget_left(self) -> float:
        """What is left of both funds this year [yuan]."""
        return sum(self.fund_left.values())

    def spend(self, fund: Fund, item: str, yuan: float) -> float:
        """Spend up to ``yuan`` on ``item`` from what is left of ``fund``; return it."""
        paid = float(min(max(0.0, yuan), self.fund_left[fund]))
        self.fund_left[fund] -= paid
        self.spent[item] = self.spent.get(item, 0.0) + paid
        return paid

    def receive(self, fund: Fund, source: str, yuan: float) -> float:
        """Add money from ``source`` to what is left of ``fund``; return the amount added."""
        amount = float(max(0.0, yuan))
        self.fund_left[fund] += amount
        self.received[source] = self.received.get(source, 0.0) + amount
        return amount

    def new_year(self) -> None:
        """Renew both funds (money left over, from outside sources too, lapses)."""
        self.fund_left = dict(self.fund_year)

    def demand_list(self) -> np.ndarray:
        """Ledger indices of this community's open voiced needs (the demand list)."""
        led = self.model.needs
        idx = led.open_idx
        idx = idx[led.status[idx] == VOICED]
        return idx[self.model.residents.community[led.resident[idx]] == self.community]


class PairedUnit(mesa.Agent):
    """A unit stationed in or paired with the community (驻区单位 / 结对单位).

    It may report to the community (双报到) and then offers volunteer hours and money, and it
    evaluates its in-service party members on their community service.
    """

    def __init__(self, model: CommunityModel, community: int, number: int):
        super().__init__(model)
        self.community = int(community)
        self.number = int(number)
        self.reported = False
        self.hours_per_week = 0.0
        self.yuan_per_year = 0.0
        self.evaluation_strength = 0.0

    def __repr__(self) -> str:
        return (
            f"PairedUnit(community={self.community}, number={self.number}, "
            f"reported={self.reported})"
        )
