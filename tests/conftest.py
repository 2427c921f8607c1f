"""Shared fixtures: small communities so that the suite stays fast."""

from __future__ import annotations

import pytest

#: Overrides that make a small community (about 1,500 residents in 2 grids).
SMALL = {"structure.households_per_community": 600, "structure.households_per_grid": 300}


@pytest.fixture
def small() -> dict:
    """Overrides for a small community."""
    return dict(SMALL)


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium under Playwright, one per test module (the browser tests' own)."""
    from playwright.sync_api import sync_playwright

    from cogov.ui.cli import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        yield b
        b.close()
