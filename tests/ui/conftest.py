"""Fixtures of the UI tests: small, fast settings."""

import pytest

from cogov.ui.controller import LiveSettings

#: A small community: stepping it is fast, and it has every kind of building marker.
SMALL = 400


@pytest.fixture
def small_settings() -> LiveSettings:
    return LiveSettings.for_scenario("baseline", seed=7).__class__(
        scenario="baseline",
        seed=7,
        households=SMALL,
        values=LiveSettings.for_scenario("baseline").values,
    )
