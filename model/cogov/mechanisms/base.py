"""The one interface through which a governance mechanism takes part in the week.

A mechanism is one module in ``cogov/mechanisms/`` defining a subclass of
:class:`Mechanism`; :data:`cogov.mechanisms.ORDER` lists them in the order they act.
Its parameters are a pydantic section (``params_model``) that scenario files set under
``[mechanisms.<name>]``; when ``enabled`` is true the model creates the mechanism once,
calls :meth:`Mechanism.setup`, and then, every week, its hooks.

**One hook style.** Every hook is ``hook(self, week, desk) -> None``: it receives the
week's record (:class:`cogov.week.Week`, what the phases before it did) and the *desk* of
the phase it acts in, and acts by changing the desk or the world's state through their
methods. A hook never returns a value and never writes an outcome: outcomes follow from
the simulation. Hooks, named after the phase they act in, in the order the week calls
them (:data:`HOOKS`):

=====================  ============================  ====================================
hook                   desk                          what a mechanism may do there
=====================  ============================  ====================================
``week_start``         :class:`cogov.money.Money`    pay running costs, receive money
``needs``              :class:`cogov.week.Voicing`   voice hidden needs (information)
``dispatch_policy``    :class:`cogov.week.DispatchPlan`  replace ``plan.policy``
``dispatch_supply``    :class:`cogov.week.DispatchPlan`  add hours to ``plan.supply``
``dispatch_done``      :class:`cogov.phases.dispatch.DispatchResult`  see who worked
``participation``      :class:`cogov.week.ParticipationInputs`  add incentives, invitations
``disputes``           :class:`cogov.week.Mediation`  settle open disputes (meetings)
``adaptation``         :class:`cogov.population.Residents`  slow changes of motivation
``measure``            ``dict`` of this week's extra columns  report ``columns``
=====================  ============================  ====================================

**Switched mid-run.** :meth:`cogov.model.CommunityModel.switch` switches a mechanism on
or off from the next week's start, as a trainer flipping a policy would. Switched on, the
mechanism is built then (in its :data:`~cogov.mechanisms.ORDER` position, with its own
stream) and :meth:`Mechanism.start` sets it up from the community as it is that week;
switched off, :meth:`Mechanism.stop` undoes the state it gave out that exists only
because of it (roles, registrations, pressure), and it is removed, or, when ``stop``
returns True, it stays in the list winding down (points: balances are still redeemed).
A class with ``switchable = False`` refuses.

Each mechanism draws only from its own random stream (``self.rng``), so switching it on
leaves the other processes' draws as they were (common random numbers). A mechanism's
module docstring states its causal pathway; its ``writes`` lists the state it changes
beyond its own attributes (a test reads the code to check the list).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import numpy as np

from cogov.money import Money
from cogov.params import Section
from cogov.phases.dispatch import DispatchResult
from cogov.population import Residents
from cogov.week import DispatchPlan, Mediation, ParticipationInputs, Voicing, Week
from cogov.world import World

#: The weekly hooks, in the order the step calls them.
HOOKS: tuple[str, ...] = (
    "week_start",
    "needs",
    "dispatch_policy",
    "dispatch_supply",
    "dispatch_done",
    "participation",
    "disputes",
    "adaptation",
    "measure",
)


class Mechanism:
    """Base class of the governance mechanisms; every hook does nothing by default.

    Args:
        world: the community's state.
        params: the mechanism's validated parameter section.
    """

    name: ClassVar[str] = ""
    params_model: ClassVar[type[Section]]
    #: Outcome columns this mechanism reports in ``measure`` (0 when it is off).
    columns: ClassVar[tuple[str, ...]] = ()
    #: State outside the mechanism that it changes (documentation, checked by a test).
    writes: ClassVar[tuple[str, ...]] = ()

    #: Whether it can be switched on or off while a run is under way (module docstring).
    switchable: ClassVar[bool] = True

    def __init__(self, world: World, params: Any):
        self.world = world
        self.params = params
        self.rng: np.random.Generator = world.streams[f"mechanism.{self.name}"]

    def setup(self) -> None:
        """Prepare state once the community exists (before the first week)."""

    def start(self, step: int) -> None:
        """Switched on mid-run, before week ``step``: set up from the community as it is now.

        By default :meth:`setup`. Money is not renewed: it pays its running costs from
        what is left of this year's funds, and money it brings at a new year comes at the
        next one.
        """
        self.setup()

    def stop(self, step: int) -> bool:
        """Switched off, before week ``step``: undo what exists only because of it.

        Returns True to stay in the run winding down (its hooks keep being called), False
        (the default, nothing to undo) to be removed.
        """
        return False

    def resume(self, step: int) -> None:
        """Switched on again, before week ``step``, while winding down after :meth:`stop`."""

    def week_start(self, week: Week, money: Money) -> None:
        """Start of the week: pay running costs, receive money, follow a schedule."""

    def needs(self, week: Week, voicing: Voicing) -> None:
        """After needs arise: voice hidden needs (``voicing.voice``)."""

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Before the supply list is built: replace ``plan.policy``."""

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Once the supply list is built: add hours to ``plan.supply``."""

    def dispatch_done(self, week: Week, result: DispatchResult) -> None:
        """After dispatch: see what was resolved and who worked (``residents.hours_worked``)."""

    def participation(self, week: Week, inputs: ParticipationInputs) -> None:
        """Before residents decide: add incentives or invitations to ``inputs``."""

    def disputes(self, week: Week, mediation: Mediation) -> None:
        """After local mediation, before escalation: settle open disputes."""

    def adaptation(self, week: Week, residents: Residents) -> None:
        """After dispositions adapt: slow changes of motivation or organisation."""

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Write this week's values of ``columns`` into ``row``."""


class Mechanisms:
    """The mechanisms a run switched on, in the declared order; one method per hook.

    Args:
        items: the mechanisms, already in :data:`cogov.mechanisms.ORDER`.
    """

    def __init__(self, items: Sequence[Mechanism] = ()):
        self.items = list(items)

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> Mechanism:
        return self.items[i]

    def by_name(self, name: str) -> Mechanism:
        """The mechanism of that name (KeyError if it is not switched on)."""
        for m in self.items:
            if m.name == name:
                return m
        raise KeyError(f"mechanism '{name}' is not switched on")

    def add(self, mechanism: Mechanism, order: Sequence[type[Mechanism]]) -> None:
        """Insert a mechanism at its place in ``order`` (switched on mid-run)."""
        rank = {cls: i for i, cls in enumerate(order)}
        at = sum(rank[type(m)] < rank[type(mechanism)] for m in self.items)
        self.items.insert(at, mechanism)

    def remove(self, mechanism: Mechanism) -> None:
        """Take a mechanism out (switched off mid-run)."""
        self.items = [m for m in self.items if m is not mechanism]

    def setup(self) -> None:
        """Set every mechanism up."""
        for m in self.items:
            m.setup()

    def week_start(self, week: Week) -> None:
        """Call ``week_start`` of each mechanism."""
        for m in self.items:
            m.week_start(week, week.money)

    def needs(self, week: Week, voicing: Voicing) -> None:
        """Call ``needs`` of each mechanism."""
        for m in self.items:
            m.needs(week, voicing)

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Call ``dispatch_policy`` of each mechanism."""
        for m in self.items:
            m.dispatch_policy(week, plan)

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Call ``dispatch_supply`` of each mechanism."""
        for m in self.items:
            m.dispatch_supply(week, plan)

    def dispatch_done(self, week: Week, result: DispatchResult) -> None:
        """Call ``dispatch_done`` of each mechanism."""
        for m in self.items:
            m.dispatch_done(week, result)

    def participation(self, week: Week, inputs: ParticipationInputs) -> None:
        """Call ``participation`` of each mechanism."""
        for m in self.items:
            m.participation(week, inputs)

    def disputes(self, week: Week, mediation: Mediation) -> None:
        """Call ``disputes`` of each mechanism."""
        for m in self.items:
            m.disputes(week, mediation)

    def adaptation(self, week: Week, residents: Residents) -> None:
        """Call ``adaptation`` of each mechanism."""
        for m in self.items:
            m.adaptation(week, residents)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Call ``measure`` of each mechanism."""
        for m in self.items:
            m.measure(week, row)
