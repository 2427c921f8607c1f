"""Shared fixtures: small communities so that the suite stays fast."""

from __future__ import annotations

import pytest

#: Overrides that make a small community (about 1,500 residents in 2 grids).
SMALL = {"structure.households_per_community": 600, "structure.households_per_grid": 300}


@pytest.fixture
def small() -> dict:
    """Overrides for a small community."""
    return dict(SMALL)
