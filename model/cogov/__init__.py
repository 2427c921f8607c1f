"""cogov: agent-based simulation of community co-governance in Chinese urban communities.

Quick start::

    from cogov import CommunityModel, simulate
    model = CommunityModel()                      # the default community
    result = simulate("baseline", steps=52, seed=1)
    result.timeseries.tail()
"""

from cogov.api import RunResult, build_model, simulate
from cogov.errors import InputError
from cogov.model import CommunityModel
from cogov.params import Scenario
from cogov.scenario import list_scenarios, load_scenario

__version__ = "0.1.0"
__all__ = [
    "CommunityModel",
    "InputError",
    "RunResult",
    "Scenario",
    "build_model",
    "list_scenarios",
    "load_scenario",
    "simulate",
]
