"""cogov: agent-based simulation of community co-governance in Chinese urban communities.

Quick start::

    from cogov import CommunityModel, simulate
    model = CommunityModel()                      # the default community
    result = simulate("baseline", steps=52, seed=1)
    result.timeseries.tail()
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# Exports are imported on first use: `import cogov` (and so `cogov --help`, `cogov
# scenarios`) does not pay for numpy, pandas, scipy, mesa and pydantic until an engine
# name is asked for.
_EXPORTS = {
    "CommunityModel": "cogov.model",
    "InputError": "cogov.errors",
    "RunResult": "cogov.api",
    "Scenario": "cogov.params",
    "build_model": "cogov.api",
    "list_scenarios": "cogov.scenario",
    "load_scenario": "cogov.scenario",
    "simulate": "cogov.api",
}

__all__ = [  # the keys of _EXPORTS (a test checks), written out for linters and readers
    "CommunityModel",
    "InputError",
    "RunResult",
    "Scenario",
    "build_model",
    "list_scenarios",
    "load_scenario",
    "simulate",
]

if TYPE_CHECKING:  # for type checkers and IDEs; never run
    from cogov.api import RunResult, build_model, simulate
    from cogov.errors import InputError
    from cogov.model import CommunityModel
    from cogov.params import Scenario
    from cogov.scenario import list_scenarios, load_scenario


def __getattr__(name: str) -> Any:
    """Import an exported name from its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cogov' has no attribute '{name}'")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
