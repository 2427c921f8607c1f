"""Governance mechanisms: one module each, plugged into the week through hooks.

See :mod:`cogov.mechanisms.base` for the hooks and how to add a mechanism.
"""

from __future__ import annotations

from typing import Any

from cogov.mechanisms.base import REGISTRY, Mechanism, register
from cogov.params import Scenario

# Importing a mechanism's module registers it; the order here is the order hooks run in.
from cogov.mechanisms import (  # noqa: E402, F401  isort: skip
    dual_reporting,
    big_party_committee,
    point_incentives,
    three_lists,
    grid_management,
)

__all__ = ["REGISTRY", "Mechanism", "register", "enabled_mechanisms"]


def enabled_mechanisms(sc: Scenario) -> list[tuple[str, Any]]:
    """Return (name, parameters) of the mechanisms a scenario switches on, in registry order."""
    section = getattr(sc, "mechanisms", None)
    if section is None:
        return []
    out = []
    for name in REGISTRY:
        params = getattr(section, name, None)
        if params is not None and params.enabled:
            out.append((name, params))
    return out
