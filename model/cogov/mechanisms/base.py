"""Where a governance mechanism plugs into the weekly step.

A mechanism is one module in ``cogov/mechanisms/`` defining a subclass of
:class:`Mechanism`, registered with :func:`register`. Its parameters are a pydantic
section (``params_model``) that scenario files set under ``[mechanisms.<name>]``; when
``enabled`` is true the model creates the mechanism once and calls its hooks at the named
phases of every week. Hooks change model *state* (hours on offer, dispatch policy,
invitations, motivation, meetings that settle disputes, needs surfaced), never outcome
metrics: outcomes follow from the simulation. Each mechanism draws only from its own
random stream (``self.rng``), so switching it on leaves the other processes' draws as
they were (common random numbers).

Hooks, in the order the week calls them:

========================  ==============================================================
``setup()``               once, after the community is built
``begin_week()``          start of the week (schedules, e.g. points withdrawn)
``surface_needs()``       after needs arise: may voice hidden needs (information flow)
``supply(supply)``        adds hours to the supply list (:class:`cogov.dispatch.Supply`)
``policy(policy)``        returns the dispatch policy to use this week
``after_dispatch(r)``     sees who worked and what was resolved (e.g. to award points)
``participation(inp)``    adds incentives and invitations (:class:`ParticipationInputs`)
``mediate(rc_hours)``     may settle open disputes before they escalate (meetings)
``adapt()``               slow changes of motivation (e.g. crowding-out)
``week_record()``         extra columns for this week's outcome row (spending, points)
========================  ==============================================================

``observe(model)`` (a class method) measures, every week and whether the mechanism is on
or not, state the mechanism acts on (e.g. volunteers' intrinsic motivation), so that a
scenario with the mechanism can be compared with one without it. Every column either
method returns must be listed in ``columns``; columns missing from a week's values are 0.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from cogov.dispatch import DispatchPolicy, DispatchResult, Supply
from cogov.params import Section
from cogov.participation import ParticipationInputs

if TYPE_CHECKING:
    from cogov.model import CommunityModel

REGISTRY: dict[str, type[Mechanism]] = {}


def register(cls: type[Mechanism]) -> type[Mechanism]:
    """Class decorator: make a mechanism known to scenarios and the model by its ``name``."""
    REGISTRY[cls.name] = cls
    return cls


def lockdown_factor(model: CommunityModel) -> float:
    """Share of activities held this week (below 1 during an epidemic lockdown)."""
    ep = model.params.shocks.epidemic
    return ep.activity_factor if model.is_epidemic() else 1.0


class Mechanism:
    """Base class of the governance mechanisms; every hook does nothing by default."""

    name: ClassVar[str] = ""
    params_model: ClassVar[type[Section]]
    #: Extra outcome columns this mechanism reports every week (0 when it is off).
    columns: ClassVar[tuple[str, ...]] = ()

    def __init__(self, model: CommunityModel, params: Any):
        self.model = model
        self.params = params
        self.rng: np.random.Generator = model.streams[f"mechanism.{self.name}"]

    def setup(self) -> None:
        """Prepare state once the community exists."""

    def begin_week(self) -> None:
        """Run at the start of each week."""

    def surface_needs(self) -> None:
        """Surface hidden needs (call ``model.voice_needs``)."""

    def supply(self, supply: Supply) -> None:
        """Add to this week's supply list in place."""

    def policy(self, policy: DispatchPolicy) -> DispatchPolicy:
        """Return the dispatch policy for this week."""
        return policy

    def after_dispatch(self, result: DispatchResult) -> None:
        """React to this week's dispatch (who worked, what was resolved)."""

    def participation(self, inputs: ParticipationInputs) -> None:
        """Add incentives or invitations to this week's participation inputs in place."""

    def mediate(self, rc_hours: np.ndarray) -> None:
        """Settle open disputes (e.g. in joint meetings)."""

    def adapt(self) -> None:
        """Slow changes of motivation or organisation."""

    def week_record(self) -> dict[str, float]:
        """Return this week's values of the mechanism's extra columns."""
        return {}

    @classmethod
    def observe(cls, model: CommunityModel) -> dict[str, float]:
        """Return columns measured every week whether the mechanism is on or not."""
        return {}
