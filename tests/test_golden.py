"""Every shipped scenario, three seeds, 104 weeks: results stay bit-identical to the golden.

The fingerprints were recorded before the architecture refactor (issue 9); a change that
is not meant to change results must keep every hash. When a change of results is
intended, refresh with ``.venv/bin/python tests/golden/fingerprint.py --write`` and state
the reason in the commit message.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent / "golden"
_spec = importlib.util.spec_from_file_location("fingerprint", HERE / "fingerprint.py")
fp = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fp)
GOLDEN = json.loads(fp.GOLDEN.read_text())


@pytest.mark.parametrize("run", sorted(GOLDEN))
def test_run_is_bit_identical_to_the_golden(run):
    scenario, seed = run.rsplit("@", 1)
    got = fp.fingerprint(scenario, int(seed))
    want = GOLDEN[run]
    for part, hashes in want.items():
        missing = sorted(set(hashes) - set(got[part]))
        assert not missing, f"{run}: {part} lost {missing}"
        differ = [k for k in hashes if got[part][k] != hashes[k]]
        assert not differ, f"{run}: {part} differs in {differ}"


def test_every_shipped_scenario_is_in_the_golden():
    recorded = {run.rsplit("@", 1)[0] for run in GOLDEN}
    assert set(fp.shipped_scenarios()) <= recorded
