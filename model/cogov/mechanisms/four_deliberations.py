"""Four deliberations and two disclosures (四议两公开) for a village's collective matters.

Field practice: in a village, collective matters are proposed by the party branch,
discussed by the two committees (村两委), deliberated by the party members' meeting and
decided by the villagers' representatives' meeting (four deliberations); the decision and
then its result are made public (two disclosures). Shanghai: "切实落实“四议两公开”制度,
深化村务公开制度,推进村务事项从结果公开向全程公开转变" (carry out the four deliberations and
two disclosures, deepen the disclosure of village affairs, from disclosing results to
disclosing the whole process); Faku: "在農村,充分發揮好村務監督委員會、“四議一審兩公開”、
“黨員奉獻日”等組織、工作方法和載體的作用" (in the countryside, make full use of the village
affairs supervision committee, the "four deliberations, one review, two disclosures" and
party members' dedication days).

Causal pathway (state changed, never an outcome), in the communities that are villages
(``structure.community_kinds``); elsewhere it does nothing:

1. *A round every* ``interval_weeks`` weeks (week ``t`` with ``t mod k = 0``), paid in
   full or not held (``meeting_cost_yuan``, ``spending_deliberations_yuan``).
2. *Deliberation takes cadres' time*: each of up to ``matters_per_meeting`` open voiced
   collective matters (the repair and environment needs, which in a village no firm
   handles) costs ``cadre_hours_per_matter`` of the committee's hours that week
   (``plan.supply.rc``), so fewer hours are left for other needs.
3. *Villagers deliberate*: in a round's week each villager is invited with chance
   ``invite_share`` (representatives, party members; ``inputs.invite_rate`` of the
   village's buildings), which raises shallow and deep participation through the
   invitation term of phase 5.
4. *Two disclosures*: the collective matters of each grid closed since the last round,
   resolved or expired, are made public; every villager of the grid moves trust in the
   committee by ``disclosure_weight`` times the feedback of one own need
   (``adaptation.trust_resolved``, ``trust_expired``), averaged over the matters
   disclosed. Good and bad records both show: a committee that lets matters expire loses
   trust by disclosing them.

Parameters (``[mechanisms.four_deliberations]``, see
:class:`cogov.params.FourDeliberationsParams`): ``interval_weeks`` (weeks, 1–52),
``matters_per_meeting`` (0–200), ``cadre_hours_per_matter`` (hours, 0–40),
``invite_share`` (0–1), ``disclosure_weight`` (0–1), ``meeting_cost_yuan`` (yuan, 0–10⁵).
"""

from __future__ import annotations

import numpy as np

from cogov.ledgers import EXPIRED, RESOLVED, VOICED
from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import FourDeliberationsParams
from cogov.population import Residents
from cogov.week import DispatchPlan, ParticipationInputs, Week


class FourDeliberations(Mechanism):
    """Villagers deliberate collective matters; decisions and results are disclosed."""

    name = "four_deliberations"
    params_model = FourDeliberationsParams
    columns = ("deliberation_rounds", "matters_deliberated", "matters_disclosed")
    writes = ("plan.supply", "inputs.invite_rate", "residents.trust_rc", "money")

    def setup(self) -> None:
        """Which communities are villages; which need categories are collective matters."""
        world = self.world
        self.village = np.zeros(world.n_communities, dtype=bool)
        self.village[world.params.structure.villages] = True
        self.collective = np.array([c.property_service for c in world.params.needs.categories()])
        res = world.residents
        self.in_village = self.village[res.community]
        lay = world.layout
        self.village_building = self.village[lay.compound_community[lay.building_compound]]
        self.village_grid = self.village[lay.grid_community]
        self._held = np.zeros(world.n_communities, dtype=bool)
        self._last = 0
        self._deliberated = 0
        self._disclosed = 0

    def start(self, step: int) -> None:
        """Switched on mid-run: the first disclosure shows only matters closed from now on."""
        self.setup()
        self._last = step - 1

    def week_start(self, week: Week, money: Money) -> None:
        """A round is held in a village when it is due and paid for."""
        p: FourDeliberationsParams = self.params
        self._deliberated = self._disclosed = 0
        self._held[:] = self.village & (week.step % p.interval_weeks == 0)
        if self._held.any() and p.meeting_cost_yuan > 0:
            for c in np.flatnonzero(self._held):
                self._held[c] = money.spend(int(c), Spending.DELIBERATIONS, p.meeting_cost_yuan) > 0

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """The four deliberations take the committee's hours, per matter deliberated."""
        p: FourDeliberationsParams = self.params
        if not self._held.any() or p.matters_per_meeting == 0:
            return
        world = self.world
        led = world.needs
        idx = led.open_with(VOICED)
        idx = idx[self.collective[led.category[idx]]]
        comm = world.residents.community[led.resident[idx]]
        counts = np.bincount(comm[self._held[comm]], minlength=world.n_communities)
        matters = np.minimum(counts, p.matters_per_meeting)
        cost = np.minimum(plan.supply.rc, matters * p.cadre_hours_per_matter)
        plan.supply.rc -= cost
        self._deliberated = int(matters.sum())

    def participation(self, week: Week, inputs: ParticipationInputs) -> None:
        """Representatives and party members are invited to deliberate."""
        p: FourDeliberationsParams = self.params
        if not self._held.any() or p.invite_share <= 0:
            return
        lay = self.world.layout
        held = self._held[lay.compound_community[lay.building_compound]]
        rate = inputs.invite_rate
        inputs.invite_rate = np.where(held, 1.0 - (1.0 - rate) * (1.0 - p.invite_share), rate)

    def adaptation(self, week: Week, residents: Residents) -> None:
        """Two disclosures: each grid's collective matters closed since the last round."""
        p: FourDeliberationsParams = self.params
        if not self._held.any():
            return
        world = self.world
        led = world.needs
        closed = led.closed_at
        done = np.flatnonzero((closed > self._last) & (closed <= week.step))
        self._last = week.step
        done = done[self.collective[led.category[done]]]
        grid = residents.grid[led.resident[done]]
        shown = self._held[world.layout.grid_community[grid]]
        done, grid = done[shown], grid[shown]
        self._disclosed = len(done)
        if len(done) == 0 or p.disclosure_weight <= 0:
            return
        n_grids = world.layout.n_grids
        status = led.status[done]
        good = np.bincount(grid[status == RESOLVED], minlength=n_grids)
        bad = np.bincount(grid[status == EXPIRED], minlength=n_grids)
        a = world.params.adaptation
        delta = (a.trust_resolved * good - a.trust_expired * bad) / np.maximum(good + bad, 1)
        delta *= p.disclosure_weight
        residents.trust_rc += delta[residents.grid]
        np.clip(residents.trust_rc, 0.0, 1.0, out=residents.trust_rc)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Rounds held, matters deliberated and matters disclosed this week."""
        row["deliberation_rounds"] = float(self._held.sum())
        row["matters_deliberated"] = float(self._deliberated)
        row["matters_disclosed"] = float(self._disclosed)
