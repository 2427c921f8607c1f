"""The live page's logic, free of any widget: settings → model, step, errors, baseline.

The Solara components only hold a :class:`LiveController` and call its methods; everything
here can be tested without a browser. Nothing here holds model rules: it builds models with
:func:`cogov.build_model`, steps them and reads their tables.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pandas as pd

from cogov.api import build_model
from cogov.errors import InputError
from cogov.model import CommunityModel
from cogov.params import Scenario
from cogov.scenario import list_scenarios, load_scenario, parse_assignments
from cogov.ui.controls import SwitchGroup, switch_groups, values_from_scenario

#: The scenario whose trajectory is drawn faintly behind the live run.
BASELINE = "baseline"
#: The dotted key of the community-size slider.
HOUSEHOLDS_KEY = "structure.households_per_community"


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
        extra: more overrides as ``key=value`` lines (the CLI's ``--set`` syntax).
    """

    scenario: str = BASELINE
    seed: int = 20240601
    households: int = 3000
    values: dict[str, Any] = field(default_factory=dict)
    extra: str = ""

    @classmethod
    def for_scenario(cls, name: str, seed: int | None = None) -> LiveSettings:
        """Settings that reproduce a shipped scenario as its file defines it."""
        info = scenario_info(name)
        return cls(
            scenario=name,
            seed=info.seed if seed is None else int(seed),
            households=info.households,
            values=dict(info.values),
        )

    def with_value(self, key: str, value: Any) -> LiveSettings:
        """A copy with one switch or slider changed."""
        return replace(self, values={**self.values, key: value})

    def overrides(self) -> dict[str, Any]:
        """The dotted-key overrides these settings apply on top of the scenario file.

        Raises:
            InputError: if an ``extra`` line is not ``key=value``.
        """
        lines = [ln.strip() for ln in self.extra.splitlines()]
        extra = parse_assignments([ln for ln in lines if ln and not ln.startswith("#")])
        return {HOUSEHOLDS_KEY: int(self.households), **self.values, **extra}


class LiveController:
    """One trainer's live run: the model, the baseline beside it, and the last error.

    Attributes:
        settings: the settings of the model now running (or last tried).
        model: the running model, or None when the settings could not be used.
        baseline: the baseline model with the same seed and size, stepped alongside.
        error: a readable message when the last reset or step failed, else None.
        last_step_s: wall time of the last step of the model and the baseline.
    """

    def __init__(self, settings: LiveSettings | None = None):
        self.settings = settings or LiveSettings()
        self.model: CommunityModel | None = None
        self.baseline: CommunityModel | None = None
        self.baseline_is_same = False
        self.error: str | None = None
        self.last_step_s = 0.0
        self._ts_cache: tuple[int, pd.DataFrame] | None = None
        self._base_cache: tuple[int, pd.DataFrame] | None = None
        self.generation = 0  # bumped by every reset, so views know to rebuild
        # Play steps the model from a worker thread; a reset or a click must not interleave.
        self.lock = threading.RLock()

    # ------------------------------------------------------------- life cycle
    def reset(self, settings: LiveSettings | None = None) -> bool:
        """Build a fresh model (and baseline) from the settings; return True on success.

        On a rejected setting the error is kept in :attr:`error` (one line per problem)
        and no model runs; a later reset with good settings recovers.
        """
        with self.lock:
            return self._reset(settings)

    def _reset(self, settings: LiveSettings | None) -> bool:
        if settings is not None:
            self.settings = settings
        s = self.settings
        self._ts_cache = self._base_cache = None
        self.generation += 1
        try:
            if not isinstance(s.seed, int) or isinstance(s.seed, bool) or s.seed < 0:
                raise InputError(f"seed has value {s.seed!r}; allowed: a whole number >= 0")
            overrides = s.overrides()
            model = build_model(s.scenario, overrides, seed=s.seed)
            base_overrides = {HOUSEHOLDS_KEY: int(s.households)}
            same = s.scenario == BASELINE and overrides == {
                **base_overrides,
                **scenario_info(BASELINE).values,
            }
            baseline = model if same else build_model(BASELINE, base_overrides, seed=s.seed)
        except InputError as exc:
            self.model = self.baseline = None
            self.error = "\n".join(exc.problems)
            return False
        except Exception as exc:  # noqa: BLE001 - a message in the page, never a traceback
            self.model = self.baseline = None
            self.error = f"{type(exc).__name__}: {exc}"
            return False
        self.model, self.baseline, self.baseline_is_same = model, baseline, same
        self.error = None
        return True

    @property
    def ready(self) -> bool:
        """True when a model is running and can be stepped."""
        return self.model is not None

    @property
    def steps(self) -> int:
        """Weeks simulated so far (0 before the first step or without a model)."""
        return int(self.model.steps) if self.model is not None else 0

    def step(self, n: int = 1) -> bool:
        """Advance the model (and the baseline) ``n`` weeks; return False on failure.

        An unexpected engine error is shown as a message and stops the run; reset recovers.
        """
        with self.lock:
            return self._step(n)

    def _step(self, n: int) -> bool:
        if self.model is None:
            return False
        start = time.perf_counter()
        try:
            for _ in range(int(n)):
                self.model.step()
                if self.baseline is not None and not self.baseline_is_same:
                    self.baseline.step()
        except Exception as exc:  # noqa: BLE001 - shown to the trainer instead of a traceback
            self.error = f"The model stopped at week {self.steps}: {type(exc).__name__}: {exc}"
            self.model = self.baseline = None
            return False
        self.last_step_s = (time.perf_counter() - start) / max(1, int(n))
        return True

    # ----------------------------------------------------------------- tables
    def timeseries(self) -> pd.DataFrame:
        """The run's outcomes so far, one row per week (empty without a model)."""
        if self.model is None:
            return pd.DataFrame()
        if self._ts_cache is None or self._ts_cache[0] != self.steps:
            self._ts_cache = (self.steps, self.model.timeseries())
        return self._ts_cache[1]

    def baseline_timeseries(self) -> pd.DataFrame | None:
        """The baseline's outcomes over the same weeks, or None when the run is the baseline."""
        if self.baseline is None or self.baseline_is_same:
            return None
        steps = int(self.baseline.steps)
        if self._base_cache is None or self._base_cache[0] != steps:
            self._base_cache = (steps, self.baseline.timeseries())
        return self._base_cache[1]

    def pending(self, settings: LiveSettings) -> bool:
        """True when ``settings`` differ from those of the running model."""
        return settings != self.settings


def default_settings() -> LiveSettings:
    """The live page's settings when it opens: the baseline scenario as shipped."""
    try:
        return LiveSettings.for_scenario(BASELINE)
    except InputError:
        return LiveSettings()


def scenario_schema() -> type[Scenario]:
    """The schema the controls are built from (a function so tests can monkeypatch it)."""
    return Scenario
