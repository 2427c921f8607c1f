from __future__ import annotations

import textwrap
from pathlib import Path

import pytest


@pytest.fixture
def write_experiment(tmp_path: Path):
    """Write an experiment file from TOML text; returns its path."""

    def write(text: str, name: str = "exp.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


FAKE_EXPERIMENT = """
scenarios = ["baseline", "old_compound", "commodity_estate"]
replications = 3
master_seed = 7
steps = 12
summary_weeks = 6
outputs = ["participation_any", "satisfaction_mean", "backlog_open"]

[overrides]
"structure.households_per_community" = 200

[design]
method = "grid"

[design.parameters]
"community.community_workers" = { values = [5, 15] }
"""
