"""The live page's logic, free of any widget: settings → model, step, errors, baseline.

The Solara components only hold a :class:`LiveController` and call its methods; everything
here can be tested without a browser. Nothing here holds model rules: it builds models with
:func:`cogov.build_model`, steps them and reads their tables.
"""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pandas as pd

from cogov.api import build_model
from cogov.errors import InputError
from cogov.model import (
    CommunityModel,
    Switch,
    check_switches,
    replay_switches,
    switch_text,
)
from cogov.params import Scenario
from cogov.scenario import list_scenarios, load_scenario, parse_assignments
from cogov.ui.controls import (
    SwitchGroup,
    live_switch_name,
    switch_groups,
    values_from_scenario,
)

#: The scenario whose trajectory is drawn faintly behind the live run.
BASELINE = "baseline"
#: The dotted key of the community-size slider.
HOUSEHOLDS_KEY = "structure.households_per_community"
#: Environment variable with the most residents one session may simulate (server's choice).
MAX_RESIDENTS_ENV = "COGOV_APP_MAX_RESIDENTS"
#: The cap when the server sets none: 50 communities of the default size fit (about 375,000).
DEFAULT_MAX_RESIDENTS = 400_000


def max_residents() -> int:
    """The per-session cap on residents: ``$COGOV_APP_MAX_RESIDENTS`` or the default."""
    raw = os.environ.get(MAX_RESIDENTS_ENV, "").strip()
    try:
        value = int(raw) if raw else DEFAULT_MAX_RESIDENTS
    except ValueError:
        return DEFAULT_MAX_RESIDENTS
    return value if value > 0 else DEFAULT_MAX_RESIDENTS


def expected_residents(scenario: Scenario) -> int:
    """Residents a scenario's community will have, from its structure (before building it)."""
    st = scenario.structure
    return round(st.communities * st.households_per_community * st.household_size)


_release_timer: threading.Timer | None = None


def release_memory_soon(delay_s: float = 3.0) -> None:
    """Collect garbage and give freed memory back to the system, shortly after a session ends.

    A closed session's figures and widgets are reference cycles (freed by the collector, not
    at once), and glibc keeps freed memory in its arenas; without this a server's resident
    memory only grows as trainers come and go. Coalesced: one run for a burst of closes.
    """
    global _release_timer

    def release() -> None:
        import ctypes
        import gc

        from matplotlib import font_manager

        # Matplotlib caches a FreeType face per font and per *thread* that drew text (its
        # ``_get_font`` is keyed on the thread's id), and each session draws from threads
        # of its own: a CJK face is megabytes of native memory that outlives the thread.
        # Threads still drawing simply open their font again. A private name: if a later
        # matplotlib drops it, the rest of the release still runs.
        cached = getattr(font_manager, "_get_font", None)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()
        gc.collect()
        try:
            ctypes.CDLL("libc.so.6").malloc_trim(0)
        except (OSError, AttributeError):  # not glibc: the collector alone
            pass

    if _release_timer is not None:
        _release_timer.cancel()
    _release_timer = threading.Timer(delay_s, release)
    _release_timer.daemon = True
    _release_timer.start()


class Cancelled(Exception):  # noqa: N818 - a signal, not an error shown to anyone
    """A long action was cancelled by the trainer."""


class FairGate:
    """Turns taken one at a time, in the order they were asked for (a ticket lock).

    ``with gate:`` takes a ticket at the back of the queue and waits until it is served; the
    turn ends when the block does. The holder may enter again (re-entrant: a play turn holds
    the gate and its step enters it too). :meth:`requeue` ends a turn and takes the next ticket
    in one breath, so a session that wants turn after turn keeps its place in the rotation
    (round robin among the sessions that want a turn) and cannot slip ahead of one that was
    slow to ask again.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._next = 0  # the next ticket handed out
        self._serving = 0  # the ticket whose turn it is
        self._owner: int | None = None
        self._depth = 0
        #: Threads waiting for their turn now (tests wait on it to start a race fairly).
        self.waiting = 0

    def _wait(self, ticket: int) -> None:
        self.waiting += 1
        try:
            while ticket != self._serving:
                self._cond.wait()
        finally:
            self.waiting -= 1
        self._owner, self._depth = threading.get_ident(), 1

    def __enter__(self) -> FairGate:
        with self._cond:
            if self._owner == threading.get_ident():
                self._depth += 1
                return self
            ticket = self._next
            self._next += 1
            self._wait(ticket)
        return self

    def __exit__(self, *exc: object) -> None:
        with self._cond:
            self._depth -= 1
            if self._depth == 0:
                self._pass_on()

    def _pass_on(self) -> None:
        self._owner = None
        self._serving += 1
        self._cond.notify_all()

    def requeue(self) -> None:
        """End the holder's turn and wait for its next one, at the back of the queue."""
        with self._cond:
            if self._owner != threading.get_ident() or self._depth != 1:
                raise RuntimeError("requeue() needs the gate held once by this thread")
            self._pass_on()
            ticket = self._next
            self._next += 1
            self._wait(ticket)


#: The one gate every session's steps and play turns go through.
STEP_GATE = FairGate()

#: Seconds a play turn lasts at least (a ceiling on one session's rate when the server is idle).
PLAY_INTERVAL_S = 0.2


def play(
    controller: LiveController,
    draw: Callable[[bool], None],
    playing: Callable[[], bool],
    interval_s: float = PLAY_INTERVAL_S,
    gate: FairGate | None = None,
) -> int:
    """Play a live run: turn after turn while ``playing()``; return the turns taken.

    One turn is one week's step **and** its drawing: ``draw(ok)`` is called with the step's
    success, still inside the turn, and re-renders the page (charts, map, verdict, event feed:
    on a served app this is most of a turn's work, about 97% of it at the default size).
    Turns of all sessions go through one :class:`FairGate`, so sessions that play at the same
    time take turns round robin: each gets the same number of turns, hence (at one size) the
    same share of the server's CPU. Drawing outside the gate, as before, let the sessions'
    renders race for the interpreter, and the race was unfair (4 sessions: 1.23 to 0.41 steps/s).
    A turn shorter than ``interval_s`` is followed by a pause outside the gate (one session
    alone plays at most 1/``interval_s`` weeks a second); a longer one keeps its place in the
    rotation (:meth:`FairGate.requeue`). Turns are counted, not timed: a session with a much
    larger community takes longer turns and so a larger share, as it would stepping alone.
    """
    gate = STEP_GATE if gate is None else gate
    turns = 0
    with gate:
        while playing() and controller.ready:
            start = time.perf_counter()
            ok = controller.step(1)
            draw(ok)
            turns += 1
            if not ok:
                break
            rest = interval_s - (time.perf_counter() - start)
            if rest > 0:
                gate.__exit__(None, None, None)
                try:
                    time.sleep(rest)
                finally:
                    gate.__enter__()
            else:
                gate.requeue()
    return turns


@dataclass(frozen=True)
class ScenarioInfo:
    """A shipped scenario as the picker shows it."""

    name: str
    description: str
    description_zh: str
    households: int
    seed: int
    steps: int
    values: dict[str, Any]

    def describe(self, lang: str) -> str:
        """The description in ``lang`` (Chinese falls back to English and back)."""
        if lang == "zh":
            return self.description_zh or self.description
        return self.description or self.description_zh


@lru_cache(maxsize=1)
def _catalogue() -> tuple[ScenarioInfo, ...]:
    groups = all_groups()
    out = []
    for name, _ in list_scenarios():
        try:
            sc = load_scenario(name)
        except InputError as exc:  # a broken file must not take the picker down
            out.append(ScenarioInfo(name, f"(cannot be loaded: {exc})", "", 3000, 1, 52, {}))
            continue
        out.append(
            ScenarioInfo(
                name=name,
                description=sc.description.strip(),
                description_zh=sc.description_zh.strip(),
                households=sc.structure.households_per_community,
                seed=sc.run.seed,
                steps=sc.run.steps,
                values=values_from_scenario(sc.flat(), groups),
            )
        )
    return tuple(out)


def scenario_catalogue() -> list[ScenarioInfo]:
    """Every shipped scenario with its descriptions and control values (read once)."""
    return list(_catalogue())


def scenario_info(name: str) -> ScenarioInfo:
    """The catalogue entry of one scenario; raises InputError for an unknown name."""
    for info in _catalogue():
        if info.name == name:
            return info
    raise InputError(f"unknown scenario '{name}'")


def all_groups() -> list[SwitchGroup]:
    """The mechanism switch groups (if the engine has mechanisms), then the shocks."""
    return [*switch_groups("mechanisms"), *switch_groups("shocks")]


@dataclass(frozen=True)
class LiveSettings:
    """What the trainer has set on the live page.

    Attributes:
        scenario: a shipped scenario's name.
        seed: the master seed.
        households: community size (households per community).
        values: dotted keys of switches and sliders to their values.
        extra: more overrides as ``key=value`` lines (the CLI's ``--set`` syntax; a leading
            ``--set`` is accepted, so a hint copied from a scenario's description works).
        reference: the scenario drawn faintly behind the run (same seed and size).
    """

    scenario: str = BASELINE
    seed: int = 20240601
    households: int = 3000
    values: dict[str, Any] = field(default_factory=dict)
    extra: str = ""
    reference: str = BASELINE

    @classmethod
    def for_scenario(
        cls, name: str, seed: int | None = None, reference: str = BASELINE
    ) -> LiveSettings:
        """Settings that reproduce a shipped scenario as its file defines it."""
        info = scenario_info(name)
        return cls(
            scenario=name,
            seed=info.seed if seed is None else int(seed),
            households=info.households,
            values=dict(info.values),
            reference=reference,
        )

    def with_value(self, key: str, value: Any) -> LiveSettings:
        """A copy with one switch or slider changed."""
        return replace(self, values={**self.values, key: value})

    def extra_lines(self) -> list[str]:
        """The ``key=value`` lines of :attr:`extra` (comments, blanks and ``--set`` dropped)."""
        out = []
        for raw in self.extra.splitlines():
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            out.extend(p.strip() for p in _SET_FLAG.split(" " + line) if p.strip())
        return out

    def overrides(self) -> dict[str, Any]:
        """The dotted-key overrides these settings apply on top of the scenario file.

        Raises:
            InputError: if an ``extra`` line is not ``key=value``.
        """
        extra = parse_assignments(self.extra_lines())
        bad = [
            f"overrides: key '{k}' has value {v!r}; allowed: a finite number"
            for k, v in extra.items()
            if isinstance(v, float) and not math.isfinite(v)
        ]
        if bad:
            raise InputError(bad)
        return {HOUSEHOLDS_KEY: int(self.households), **self.values, **extra}


#: ``--set`` or ``--set=`` before an assignment, as a scenario's hint writes it.
_SET_FLAG = re.compile(r"\s--set(?:=|\s+)")


def check_seed(seed: Any) -> int:
    """The seed as a whole number >= 0; raises InputError (with the allowed range) if not."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise InputError(f"seed has value {seed!r}; allowed: a whole number from 0 to 2^63 - 1")
    return seed


def check_size(scenario: Scenario, cap: int | None = None) -> None:
    """Refuse a community larger than the server's per-session cap on residents."""
    cap = max_residents() if cap is None else cap
    n = expected_residents(scenario)
    if n > cap:
        raise InputError(
            f"structure.communities × structure.households_per_community gives about {n:,} "
            f"residents; allowed on this server: at most {cap:,} residents per session"
        )


class LiveController:
    """One trainer's live run: the model, the reference beside it, and the last error.

    A run's mechanisms can be switched on and off while it runs (:meth:`switch_live`), and
    a run opened from a link replays the link's switches at their weeks (``switches`` of
    :meth:`reset`). Either way :attr:`settings` follow each switch as it takes effect, so
    that a reset starts over with the mechanisms as now set, and *without* a schedule (a
    reset is a fresh run, in the session that made the switches and in one opened from its
    link alike); :attr:`start_settings` and :meth:`schedule` describe the run itself: the
    share link and the verdict are made from them.

    Attributes:
        settings: the settings of the model now running (or last tried), following the
            switches made during the run.
        start_settings: the settings the running model was built from (its week 0).
        model: the running model, or None when the settings could not be used.
        baseline: the reference model (scenario ``settings.reference``, same seed and size),
            stepped alongside.
        error: a readable message when the last reset or step failed, else None.
        last_step_s: wall time of the last step of the model and the reference.
        closed: True once the session has ended: nothing runs any more.
    """

    def __init__(self, settings: LiveSettings | None = None):
        self.settings = settings or LiveSettings()
        self.model: CommunityModel | None = None
        self.baseline: CommunityModel | None = None
        self.baseline_is_same = False
        self.error: str | None = None
        self.last_step_s = 0.0
        self.closed = False
        self._ts_cache: tuple[int, pd.DataFrame] | None = None
        self._base_cache: tuple[int, pd.DataFrame] | None = None
        self.generation = 0  # bumped by every reset, so views know to rebuild
        # Play steps the model from a worker thread; a reset or a click must not interleave.
        self.lock = threading.RLock()
        self.tracker = None  # the events of this run (cogov.events.EventTracker)
        self.start_settings = self.settings
        self._replay: list[Switch] = []  # switches still to replay (a link's), by week
        self._followed: list[tuple[str, bool]] = []  # replayed, for the page's controls

    # ------------------------------------------------------------- life cycle
    def reset(
        self,
        settings: LiveSettings | None = None,
        cancelled: Callable[[], bool] | None = None,
        switches: Sequence[Switch] = (),
    ) -> bool:
        """Build a fresh model (and reference) from the settings; return True on success.

        On a rejected setting the error is kept in :attr:`error` (one line per problem)
        and no model runs; a later reset with good settings recovers. When ``cancelled``
        returns True after the models are built, they are dropped and the previous run stays
        (returns False, :attr:`error` unchanged).

        ``switches``: ``(week, mechanism, on)`` to replay while the run is stepped, as
        another run recorded them (a shared link's); none by default, so a reset drops the
        schedule of the run it replaces. Switches the new run cannot replay (see
        :func:`cogov.model.check_switches`) are dropped and named in :attr:`error`; the run
        starts all the same.
        """
        if self.closed:
            return False
        built = self.build(settings or self.settings, bool(switches))
        if cancelled is not None and cancelled():
            return False
        with self.lock:
            return self._install(settings or self.settings, built, switches)

    def build(self, s: LiveSettings, switched: bool = False) -> tuple | InputError | Exception:
        """Build the models of ``s`` without touching the running ones (no lock held).

        ``switched``: the run will be switched (its reference is then built apart).
        """
        try:
            check_seed(s.seed)
            overrides = s.overrides()
            scenario = load_scenario(s.scenario, overrides)
            check_size(scenario)
            ref_over = {HOUSEHOLDS_KEY: int(s.households)}
            shipped = {**ref_over, **scenario_info(s.reference).values}
            same = not switched and s.scenario == s.reference and overrides == shipped
            if not same:
                check_size(load_scenario(s.reference, ref_over))
            model = build_model(scenario, seed=s.seed)
            reference = model if same else build_model(s.reference, ref_over, seed=s.seed)
        except InputError as exc:
            return exc
        except Exception as exc:  # noqa: BLE001 - a message in the page, never a traceback
            return exc
        return model, reference, same

    def _install(
        self, s: LiveSettings, built: tuple | Exception, switches: Sequence[Switch] = ()
    ) -> bool:
        from cogov.events import EventTracker

        self.settings = self.start_settings = s
        self._replay, self._followed = [], []
        self._ts_cache = self._base_cache = None
        self.generation += 1
        if isinstance(built, InputError):
            self.model = self.baseline = self.tracker = None
            self.error = "\n".join(built.problems)
            return False
        if isinstance(built, Exception):
            self.model = self.baseline = self.tracker = None
            self.error = f"{type(built).__name__}: {built}"
            return False
        self.model, self.baseline, self.baseline_is_same = built
        self.tracker = EventTracker(self.model)
        self.error = None
        if switches:
            on_now = [m.name for m in self.model.mechanisms]
            self._replay, rejected = check_switches(switches, on_now)
            if rejected:
                self.error = "\n".join(
                    f"sw has value '{switch_text(sw)}'; allowed: {why}" for sw, why in rejected
                )
        return True

    def close(self) -> None:
        """End the session: stop stepping and free the models (idempotent)."""
        self.closed = True
        with self.lock:
            self.model = self.baseline = self.tracker = None
            self._ts_cache = self._base_cache = None
        release_memory_soon()

    @property
    def ready(self) -> bool:
        """True when a model is running and can be stepped."""
        return self.model is not None and not self.closed

    @property
    def steps(self) -> int:
        """Weeks simulated so far (0 before the first step or without a model)."""
        model = self.model
        return int(model.steps) if model is not None else 0

    def step(
        self,
        n: int = 1,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> bool:
        """Advance the model (and the reference) ``n`` weeks; return False on failure.

        ``progress(done, n)`` is called after each week; ``cancelled()`` is polled before
        each week and stops early (the weeks done stay done; returns True). An unexpected
        engine error is shown as a message and stops the run; reset recovers.
        """
        for i in range(int(n)):
            if self.closed or (cancelled is not None and cancelled()):
                return not self.closed
            with STEP_GATE, self.lock:
                if not self._step():
                    return False
            if progress is not None:
                progress(i + 1, int(n))
        return True

    def _step(self) -> bool:
        if self.model is None:
            return False
        start = time.perf_counter()
        try:
            if self._replay:
                self._replay_due(self.model)
            self.model.step()
            if self.baseline is not None and not self.baseline_is_same:
                self.baseline.step()
            if self.tracker is not None:
                self.tracker.observe(self.model)
        except Exception as exc:  # noqa: BLE001 - shown to the trainer instead of a traceback
            self.error = f"The model stopped at week {self.steps}: {type(exc).__name__}: {exc}"
            self.model = self.baseline = self.tracker = None
            return False
        self.last_step_s = time.perf_counter() - start
        return True

    def _replay_due(self, model: CommunityModel) -> None:
        """Ask the model for the schedule's switches of its next week; settings follow."""
        due = replay_switches(model, self._replay)
        for sw in due:
            self._replay.remove(sw)
            _, name, on = sw
            key = switch_key(name)
            self.settings = self.settings.with_value(key, on)
            self._followed.append((key, on))

    def follow(self, settings: LiveSettings) -> LiveSettings:
        """``settings`` (the page's) with the switches replayed since the last call applied.

        A page calls it after stepping, so its controls show a replayed switch as if the
        trainer had flipped it (and a reset starts with it, as after a switch by hand).
        """
        with self.lock:
            followed, self._followed = self._followed, []
        for key, on in followed:
            settings = settings.with_value(key, on)
        return settings

    def schedule(self) -> list[Switch]:
        """The run's switches, ``(week, mechanism, on)``, by week.

        Those made, those asked for the next week, and those still to replay (a link's).
        With :attr:`start_settings` and the seed this is the run: replayed on a model built
        from them (:func:`cogov.model.replay_switches`), it gives the same results.
        """
        with self.lock:
            model = self.model
            if model is None:
                return []
            asked = [(int(model.steps) + 1, n, o) for n, o in model.pending_switches]
            return [*model.switches, *asked, *self._replay]

    # ----------------------------------------------------------------- tables
    def timeseries(self) -> pd.DataFrame:
        """The run's outcomes so far, one row per week (empty without a model)."""
        model = self.model
        if model is None:
            return pd.DataFrame()
        with self.lock:
            if self._ts_cache is None or self._ts_cache[0] != self.steps:
                self._ts_cache = (self.steps, model.timeseries())
            return self._ts_cache[1]

    def baseline_timeseries(self) -> pd.DataFrame | None:
        """The reference's outcomes over the same weeks, or None when the run is the reference."""
        base = self.baseline
        if base is None or self.baseline_is_same:
            return None
        with self.lock:
            steps = int(base.steps)
            if self._base_cache is None or self._base_cache[0] != steps:
                self._base_cache = (steps, base.timeseries())
            return self._base_cache[1]

    def events(self) -> list:
        """What happened in this run so far (:class:`cogov.events.Event`), oldest first."""
        tracker = self.tracker
        return list(tracker.events) if tracker is not None else []

    def switch_live(self, key: str, on: bool) -> bool:
        """Switch a mechanism of the running model on or off from the next week.

        ``key`` is the switch's dotted key (``mechanisms.<name>.enabled``). Returns True when
        the switch was handed to the model (:meth:`cogov.model.CommunityModel.switch`); the
        settings follow, so a reset starts over with the switch as set; switches of the same
        mechanism still to be replayed (a link's, :meth:`reset`) are dropped: the trainer has
        taken that mechanism in hand. Returns False, and
        changes nothing, when no model has run a week yet, or the key is not a mechanism that
        can be switched during a run (the setting then waits for a reset). A run that was
        its own reference gets a copy of itself as the reference first, so the faint lines
        stay the reference's.
        """
        import copy

        name = live_switch_name(key)
        with self.lock:
            model = self.model
            if name is None or model is None or self.closed or model.steps == 0:
                return False
            if model.switched_on(name, pending=True) == bool(on):
                return False
            if self.baseline_is_same:
                self.baseline, self.baseline_is_same = copy.deepcopy(model), False
                self._base_cache = None
            model.switch(name, bool(on))
            self._replay = [sw for sw in self._replay if sw[1] != name]
            self.settings = self.settings.with_value(key, bool(on))
        return True

    def pending(self, settings: LiveSettings) -> bool:
        """True when ``settings`` differ from those of the running model."""
        return settings != self.settings


def switch_key(name: str) -> str:
    """The dotted key of a mechanism's switch (``mechanisms.<name>.enabled``)."""
    return f"mechanisms.{name}.enabled"


def default_settings() -> LiveSettings:
    """The live page's settings when it opens: the baseline scenario as shipped."""
    try:
        return LiveSettings.for_scenario(BASELINE)
    except InputError:
        return LiveSettings()


def scenario_schema() -> type[Scenario]:
    """The schema the controls are built from (a function so tests can monkeypatch it)."""
    return Scenario
