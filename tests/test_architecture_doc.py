"""docs/ARCHITECTURE.md, the ODD's schedule and the code name the same phases, records and hooks."""

from __future__ import annotations

import dataclasses
import inspect
import re
from pathlib import Path

import cogov.mechanisms.base as base
from cogov.mechanisms import HOOKS
from cogov.model import CommunityModel
from cogov.week import Week

DOCS = Path(__file__).resolve().parents[1] / "docs"
ARCH = (DOCS / "ARCHITECTURE.md").read_text(encoding="utf-8")
ODD = (DOCS / "ODD.md").read_text(encoding="utf-8")


def _phase_classes() -> list[str]:
    """The phase objects the model builds, by class name, in the order of ``step``."""
    src = inspect.getsource(CommunityModel.step)
    attrs = re.findall(r"self\.(\w+)\.step\(week", src)
    model = CommunityModel.__init__
    init = inspect.getsource(model)
    names = []
    for attr in attrs:
        m = re.search(rf"self\.{attr} = (\w+)\(", init)
        assert m, f"step() calls self.{attr}.step but __init__ does not build it"
        names.append(m[1])
    return names


def test_architecture_names_every_phase_in_step_order():
    phases = _phase_classes()
    assert len(phases) == 7
    positions = [ARCH.index(name) for name in phases]
    assert positions == sorted(positions), phases


def test_architecture_and_base_list_the_hooks_in_call_order():
    for text in (ARCH, base.__doc__):
        positions = [
            text.index(f"{hook}(") if f"{hook}(" in text else text.index(f"``{hook}``")
            for hook in HOOKS
        ]
        assert positions == sorted(positions)


def test_odd_schedule_names_every_hook_and_phase():
    schedule = ODD[ODD.index("## 3. Process overview") : ODD.index("## 4. Design concepts")]
    for hook in HOOKS:
        assert f"`{hook}`" in schedule, hook
    for name in _phase_classes():
        assert f"`{name}`" in schedule, name


def test_architecture_names_every_field_of_the_week():
    for field in dataclasses.fields(Week):
        assert field.name in ARCH, field.name
