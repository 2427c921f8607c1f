"""The community co-governance model: set-up and the order of the weekly phases."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import mesa
import numpy as np
from mesa.datacollection import DataCollector
from mesa.experimental.scenarios import Scenario as MesaScenario

from cogov.agents import PartyMember, PropertyFirm, Resident, Volunteer
from cogov.errors import InputError
from cogov.mechanisms import ORDER, REGISTRY, Mechanisms, enabled_mechanisms
from cogov.metrics import BASE_COLUMNS, BINDING, MEASURED_STATE, MONEY
from cogov.money import Money
from cogov.params import Scenario
from cogov.phases.adaptation import AdaptationPhase
from cogov.phases.disputes import DisputesPhase
from cogov.phases.measurement import Recorder
from cogov.phases.needs import NeedsPhase
from cogov.phases.participation import ParticipationPhase
from cogov.phases.property import PropertyPhase
from cogov.phases.services import ServicesPhase
from cogov.rng import RandomStreams
from cogov.scenario import load_scenario
from cogov.week import Conditions, Week
from cogov.world import World

WEEKS_PER_YEAR = 52


class CommunityModel(mesa.Model):
    """One or more urban communities (社区) governed by RC, OCs, firms, members and volunteers.

    Built with no arguments it is the default mixed community of about 3,000 households.
    The community's state is :attr:`world`; the week is a fixed sequence of phases (see
    :meth:`step`), each a small object that owns its working state, handing the next one
    a typed record (:class:`cogov.week.Week`). Mechanisms take part through their hooks.

    Args:
        scenario: a scenario name (``"baseline"``), a path to a scenario file, a
            :class:`~cogov.params.Scenario`, or None for the defaults.
        rng: the master seed: an int, or anything Mesa accepts (a numpy ``Generator``,
            ``BitGenerator`` or ``SeedSequence``, a sequence of ints), from which an int
            master seed is drawn; None (Mesa's convention, what ``batch_run(iterations=N)``
            passes) draws a fresh seed from the operating system's entropy. The seed used
            is recorded as :attr:`seed`, so any run can be repeated. (``build_model`` and
            ``simulate`` use the scenario's ``run.seed`` when given no seed.)
        overrides: dotted parameter keys to values (``{"needs.rate_scale": 1.5}``).
        **kw_overrides: more overrides as keywords (``mesa.batch_run`` passes parameters
            this way; dotted keys can be given through ``**{"a.b": 1}``).

    Attributes:
        params: the fully resolved scenario (every parameter). (Mesa's own
            ``model.scenario`` is a different thing: cogov does not use it.)
        seed: the int master seed the run used.
        world: the community's state (residents, layout, ledgers, organisations, firms).
        mechanisms: the mechanisms switched on, in their declared order.
        last_week: the record of the last week run (for inspection; None before).
        streams: the named random streams, one per process.
    """

    def __init__(
        self,
        scenario: str | Path | Scenario | None = None,
        *,
        rng: int | np.random.Generator | np.random.SeedSequence | None = None,
        overrides: dict[str, Any] | None = None,
        **kw_overrides: Any,
    ):
        all_overrides = {**(overrides or {}), **kw_overrides}
        if isinstance(scenario, MesaScenario):
            raise InputError(
                "CommunityModel takes a cogov scenario (a name such as 'baseline', a path to "
                "a scenario file, or a cogov.Scenario), not a Mesa Scenario; pass the seed "
                "as rng= and parameters as dotted keys, e.g. "
                "CommunityModel('baseline', rng=1, **{'needs.rate_scale': 1.2})"
            )
        if isinstance(scenario, Scenario) and not all_overrides:
            sc = scenario
        else:
            sc = load_scenario(scenario, all_overrides)
        seed = master_seed(rng)
        super().__init__(rng=seed)
        self.params = sc
        self.seed = seed
        self.streams = RandomStreams(seed)
        self.world = world = World(self, sc, self.streams)
        self.needs_phase = NeedsPhase(world)
        self.services_phase = ServicesPhase(world)
        self.participation_phase = ParticipationPhase(world)
        self.property_phase = PropertyPhase(world)
        self.disputes_phase = DisputesPhase(world)
        self.adaptation_phase = AdaptationPhase(world)
        self.mechanisms = Mechanisms(
            [REGISTRY[name](world, mparams) for name, mparams in enabled_mechanisms(sc)]
        )
        self.mechanisms.setup()
        #: Mechanisms switched on or off during the run: (week it took effect, name, on).
        self.switches: list[tuple[int, str, bool]] = []
        self._pending: list[tuple[str, bool]] = []  # asked for, applied at the next week
        self._winding_down: set[str] = set()  # switched off, still redeeming (points)
        self.recorder = Recorder(world, extra_columns())
        self.last_week: Week | None = None
        self.running = True
        self._handles_made = False
        self._collector: tuple[int, DataCollector] | None = None

    # ------------------------------------------------------------------ the week
    def step(self) -> None:
        """Advance one week, phase by phase.

        0. the week starts: conditions, a new budget year, shocks (``_begin_week``); mechanisms
           pay running costs (hook ``week_start``)
        1. needs arise and are voiced or stay hidden; patrols find some (``needs``)
        2–4. supply list, dispatch, taking orders, resolution or expiry, feedback
           (``dispatch_policy``, ``dispatch_supply``, ``dispatch_done``)
        5. shallow and deep participation; volunteers join, tire or quit (``participation``)
        6. property fees, firm effort and quality, exits and hires
        7. disputes arise; mediation or escalation (``disputes``)
        9. adaptation of willingness, trust, satisfaction (``adaptation``)
        10. measurement (``measure``)

        (Phase 8 of MODEL.md, "mechanisms", is not a phase of its own: mechanisms act inside
        the phases above, through the hooks named in brackets.)
        """
        week = self._begin_week()
        if self._pending:
            self._apply_switches(week.step)
        self.mechanisms.week_start(week)
        week.needs = self.needs_phase.step(week, self.mechanisms)
        week.services = self.services_phase.step(week, self.mechanisms)
        week.participation = self.participation_phase.step(week, self.mechanisms)
        week.property = self.property_phase.step(week)
        week.disputes = self.disputes_phase.step(week, self.mechanisms)
        self.adaptation_phase.step(week, self.mechanisms)
        self.recorder.step(week, self.mechanisms)
        self.last_week = week
        # Mesa's run_model() runs while this holds: stop at the scenario's horizon.
        self.running = self.steps < self.params.run.steps

    def _begin_week(self) -> Week:
        """Fix the week's conditions; renew budgets in a new year; apply scheduled shocks."""
        step = self.steps
        epidemic = self.is_epidemic()
        conditions = Conditions(
            step=step,
            new_year=(step - 1) % WEEKS_PER_YEAR == 0,
            epidemic=epidemic,
            activity_factor=self.params.shocks.epidemic.activity_factor if epidemic else 1.0,
        )
        week = Week(conditions, Money(self.world.organisations))
        if conditions.new_year and step > 1:
            community = self.params.community
            for org in self.world.organisations:
                org.new_year()
                org.take_on_tasks(
                    community.tasks_from_above_growth_per_year, community.tasks_from_above_max
                )
        fe = self.params.shocks.firm_exit
        if fe.enabled and step == fe.week:
            self.property_phase.force_exit(fe.share_of_firms, step)
        return week

    # ------------------------------------------------------------------ live switches
    def switch(self, name: str, on: bool) -> None:
        """Switch a mechanism on or off from the next week's start, as a trainer would.

        The switch takes effect before the mechanisms' ``week_start`` of week
        ``steps + 1`` (after that week's budget renewal and shocks) and is recorded in
        :attr:`switches` (and as an event, :mod:`cogov.events`). Switched on, the mechanism
        is built with the scenario's parameters of its section (whether or not it was
        enabled), in its :data:`~cogov.mechanisms.ORDER` place, and set up from the
        community as it is then (:meth:`~cogov.mechanisms.base.Mechanism.start`); it pays
        its running costs from what is left of this year's funds. Switched off, it undoes
        what exists only because of it and is removed
        (:meth:`~cogov.mechanisms.base.Mechanism.stop`; points wind down instead). What each
        mechanism does is in ``docs/ODD.md`` ("Switching mechanisms during a run").
        Switching back before the switch took effect cancels it.

        Raises:
            InputError: for an unknown name, a mechanism that cannot be switched during a
                run, or one already in the state asked for.
        """
        on = bool(on)
        allowed = switchable_mechanisms()
        if name not in allowed:
            what = "cannot be switched during a run" if name in REGISTRY else "is not a mechanism"
            raise InputError(f"mechanism '{name}' {what}; allowed: {', '.join(allowed)}")
        now = self.switched_on(name)
        if self._pending and any(n == name for n, _ in self._pending) and on == now:
            self._pending = [(n, o) for n, o in self._pending if n != name]  # cancelled
            return
        if on == self.switched_on(name, pending=True):
            state = "on" if on else "off"
            raise InputError(f"mechanism '{name}' is already switched {state}")
        self._pending.append((name, on))

    @property
    def pending_switches(self) -> list[tuple[str, bool]]:
        """Switches asked for that take effect at the next week's start: (name, on)."""
        return list(self._pending)

    def switched_on(self, name: str, pending: bool = False) -> bool:
        """True when the mechanism is on now (with ``pending``: once the pending switches apply)."""
        if pending:
            for n, o in reversed(self._pending):
                if n == name:
                    return o
        return name not in self._winding_down and any(m.name == name for m in self.mechanisms)

    def _apply_switches(self, step: int) -> None:
        """Apply the switches asked for since the last week, in the order asked."""
        for name, on in self._pending:
            present = [m for m in self.mechanisms if m.name == name]
            if on and present:  # winding down: runs again
                present[0].resume(step)
                self._winding_down.discard(name)
            elif on:
                section = getattr(self.params.mechanisms, name).model_copy(update={"enabled": True})
                mech = REGISTRY[name](self.world, section)
                mech.start(step)
                self.mechanisms.add(mech, ORDER)
            elif present[0].stop(step):
                self._winding_down.add(name)
            else:
                self.mechanisms.remove(present[0])
            self.switches.append((step, name, on))
        self._pending = []

    def is_epidemic(self) -> bool:
        """True while an epidemic shock is on."""
        ep = self.params.shocks.epidemic
        return ep.enabled and ep.start_week <= self.steps < ep.start_week + ep.duration_weeks

    # ------------------------------------------------------------------ results
    def latest(self, name: str) -> float:
        """The most recent value of an outcome column."""
        return self.recorder.latest(name)

    def timeseries(self):
        """Outcomes so far, one row per step (a pandas DataFrame)."""
        return self.recorder.timeseries()

    def grid_table(self):
        """Outcomes per (step, grid)."""
        return self.recorder.grids()

    def group_table(self):
        """Outcomes per (step, group)."""
        return self.recorder.groups()

    @property
    def datacollector(self) -> DataCollector:
        """Mesa's DataCollector view of the time series, built from the recorder when asked.

        Every outcome column is a model reporter; ``mesa.batch_run`` reads it. Nothing is
        collected while the model runs, so a run that never asks pays nothing for it.
        """
        rows = self.recorder.rows
        if self._collector is None or self._collector[0] != len(rows):
            names = [c for c in (rows[0] if rows else timeseries_columns()) if c != "step"]
            dc = DataCollector(model_reporters={name: _latest(name) for name in names})
            for row in rows:
                dc._collection_steps.append(float(row["step"]))
                for name in names:
                    dc.model_vars[name].append(row[name])
            self._collector = (len(rows), dc)
        return self._collector[1]

    # ------------------------------------------------------------------ agents
    # Residents, party members and volunteers are handles onto the resident arrays. They
    # are made the first time anyone asks for agents, so a run that never does (a sweep)
    # does not pay for thousands of objects; volunteers' handles follow who volunteers now.
    def _handles(self) -> None:
        res = self.world.residents
        if not self._handles_made:
            self._handles_made = True
            self._resident_agents = Resident.create_agents(self, res.n, np.arange(res.n)).to_list()
            for i in np.flatnonzero(res.party_member):
                PartyMember(self, i)
            self._volunteer_agents: dict[int, Volunteer] = {}
        now = set(np.flatnonzero(res.volunteer).tolist())
        had = set(self._volunteer_agents)
        for i in sorted(now - had):
            self._volunteer_agents[i] = Volunteer(self, i)
        for i in sorted(had - now):
            self._volunteer_agents.pop(i).remove()

    @property
    def agents(self):
        """Every agent (Mesa's AgentSet), resident handles included."""
        self._handles()
        return super().agents

    @property
    def agents_by_type(self):
        """Agents by class (Mesa's mapping), resident handles included."""
        self._handles()
        return super().agents_by_type

    @property
    def agent_types(self) -> list[type]:
        """The agent classes present."""
        self._handles()
        return super().agent_types

    @property
    def resident_agents(self) -> list[Resident]:
        """The Resident handle of every resident, by index."""
        self._handles()
        return self._resident_agents

    @property
    def volunteer_agents(self) -> dict[int, Volunteer]:
        """The Volunteer handle of every current volunteer, by resident index."""
        self._handles()
        return self._volunteer_agents

    # ------------------------------------------------------- views of the world's state
    @property
    def residents(self):
        """The residents' state arrays (:class:`cogov.population.Residents`)."""
        return self.world.residents

    @property
    def layout(self):
        """Grids, compounds, buildings and households (:class:`cogov.population.Layout`)."""
        return self.world.layout

    @property
    def needs(self):
        """The ledger of every need (:class:`cogov.ledgers.NeedLedger`)."""
        return self.world.needs

    @property
    def disputes(self):
        """The ledger of every dispute (:class:`cogov.ledgers.DisputeLedger`)."""
        return self.world.disputes

    @property
    def organisations(self):
        """The community organisation (RC and party organisation) of each community."""
        return self.world.organisations

    @property
    def paired_units(self):
        """The units paired with each community."""
        return self.world.paired_units

    @property
    def firms(self) -> list[PropertyFirm]:
        """The property firms serving a compound now."""
        return self.world.property.firms

    def active_firms(self) -> list[PropertyFirm]:
        """The firms serving a compound now."""
        return self.world.property.active_firms()

    @property
    def oc_of_compound(self):
        """The owners' committee of each compound that has one."""
        return self.world.property.oc_of_compound

    @property
    def firm_of_compound(self) -> np.ndarray:
        """Id of the firm serving each compound, -1 where none."""
        return self.world.property.firm_of_compound

    @property
    def firm_exits_total(self) -> int:
        """Firms that have left since the start."""
        return self.world.property.exits_total

    @property
    def leader_in_building(self) -> np.ndarray:
        """Buildings with a building leader (楼栋长)."""
        return self.world.leader_in_building

    @property
    def reported(self) -> np.ndarray:
        """Residents reported to the community (报到)."""
        return self.world.reported

    @property
    def patrol_coverage(self) -> np.ndarray:
        """Weekly chance, per grid, that patrols find a hidden need."""
        return self.world.patrol_coverage


def master_seed(rng: Any) -> int:
    """Return the int master seed for ``rng`` (anything Mesa accepts; None: fresh entropy).

    Raises:
        InputError: for a negative int or a value that is no seed.
    """
    if rng is None:
        return int(np.random.SeedSequence().entropy % 2**63)
    if isinstance(rng, bool):
        raise InputError(f"rng has value {rng!r}; allowed: a whole number >= 0 or a numpy seed")
    if isinstance(rng, int | np.integer):
        if rng < 0:
            raise InputError(f"rng has value {rng}; allowed: a whole number >= 0")
        return int(rng)
    if isinstance(rng, np.random.SeedSequence):
        return int(rng.generate_state(1, dtype=np.uint64)[0] % 2**63)
    if isinstance(rng, np.random.BitGenerator):
        rng = np.random.Generator(rng)
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(2**63))
    if isinstance(rng, list | tuple) and all(isinstance(v, int | np.integer) for v in rng):
        return master_seed(np.random.SeedSequence([int(v) for v in rng]))
    raise InputError(
        f"rng has value {rng!r}; allowed: a whole number >= 0, a numpy Generator, "
        "BitGenerator or SeedSequence, a sequence of whole numbers, or None (a fresh seed)"
    )


def switchable_mechanisms() -> list[str]:
    """Names of the mechanisms that can be switched on or off during a run, in ORDER."""
    return [cls.name for cls in ORDER if cls.switchable]


#: One switch of a run: (the week it takes effect, mechanism, on), as in ``model.switches``.
Switch = tuple[int, str, bool]


def replay_switches(model: CommunityModel, schedule: Iterable[Switch]) -> list[Switch]:
    """Ask ``model`` for the switches of ``schedule`` that take effect at its next week.

    Call it just before every ``model.step()``: a switch recorded as ``(w, name, on)`` in
    :attr:`CommunityModel.switches` was asked for while ``model.steps == w - 1`` (it then
    applies at the start of week ``w``), so this asks, in the schedule's order, for those with
    ``w == model.steps + 1``. A model stepped this way through a schedule recorded by another
    run (same scenario, overrides and seed) records the same ``switches`` and gives the same
    results, to the bit. Returns the switches asked for.

    Raises:
        InputError: as :meth:`CommunityModel.switch` does (a name that cannot be switched, a
            mechanism already in the state asked for).
    """
    week = model.steps + 1
    due = [(int(w), str(n), bool(o)) for w, n, o in schedule if int(w) == week]
    for _, name, on in due:
        model.switch(name, on)
    return due


def switch_text(switch: Switch) -> str:
    """A switch as links, manifests and ``cogov run --switch`` write it: ``week:name:on|off``."""
    week, name, on = switch
    return f"{week}:{name}:{'on' if on else 'off'}"


def parse_switch(text: str) -> Switch | None:
    """A switch written as :func:`switch_text` writes it; None if malformed.

    Only the form is read here (a week of digits, ``on`` or ``off``); whether a run can
    replay it is :func:`check_switches`'s to say.
    """
    parts = str(text).strip().split(":")
    if len(parts) != 3 or not parts[0].isdigit() or parts[2] not in ("on", "off"):
        return None
    return int(parts[0]), parts[1], parts[2] == "on"


def check_switches(
    schedule: Iterable[Switch], on_at_start: Iterable[str]
) -> tuple[list[Switch], list[tuple[Switch, str]]]:
    """The switches of ``schedule`` a run can replay, and those it cannot with the reason.

    Args:
        schedule: ``(week, mechanism, on)`` switches, in the order they are to be asked for.
        on_at_start: the mechanisms on at the run's start.

    Returns:
        ``(kept, rejected)``: ``kept`` sorted by week (stable), ``rejected`` as
        ``(switch, "what is allowed")``. A switch is rejected when its week is not a whole
        number >= 1, its mechanism cannot be switched during a run, it asks for the state the
        mechanism already has then, or the same mechanism is switched twice in one week (the
        second would cancel the first: :meth:`CommunityModel.switch`).
    """
    allowed = switchable_mechanisms()
    state = {name: name in set(on_at_start) for name in allowed}
    kept: list[Switch] = []
    rejected: list[tuple[Switch, str]] = []
    items = list(schedule)
    order = sorted(
        range(len(items)),
        key=lambda i: items[i][0] if isinstance(items[i][0], int | np.integer) else 0,
    )
    seen: set[tuple[int, str]] = set()
    for i in order:
        week, name, on = items[i]
        if isinstance(week, bool) or not isinstance(week, int | np.integer) or week < 1:
            rejected.append((items[i], "a week that is a whole number >= 1"))
        elif name not in state:
            rejected.append(
                (items[i], f"a mechanism that can be switched during a run: {', '.join(allowed)}")
            )
        elif (int(week), name) in seen:
            rejected.append((items[i], "one switch per mechanism and week"))
        elif state[name] == bool(on):
            rejected.append(
                (items[i], f"a switch that changes the mechanism (it is {'on' if on else 'off'})")
            )
        else:
            state[name] = bool(on)
            seen.add((int(week), name))
            kept.append((int(week), name, bool(on)))
    return kept, rejected


def extra_columns() -> list[str]:
    """Columns after the engine's own: money items, measured state and mechanisms' columns."""
    names = {*MONEY, *MEASURED_STATE, *BINDING, *(c for cls in ORDER for c in cls.columns)}
    return sorted(names - set(BASE_COLUMNS))


def timeseries_columns() -> list[str]:
    """Every column of the time series, in order."""
    base = [
        c for c in BASE_COLUMNS if c not in ("resolution_gini_grids", "vulnerable_service_ratio")
    ]
    return [*base, *extra_columns(), "resolution_gini_grids", "vulnerable_service_ratio"]


def _latest(name: str):
    def reporter(model: CommunityModel) -> float:
        return model.latest(name)

    reporter.__name__ = name
    return reporter
