"""The one mechanism interface: hooks called in the declared order, writes declared."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil

import pytest

import cogov.mechanisms as mechanisms_pkg
from cogov import CommunityModel
from cogov.mechanisms import HOOKS, ORDER, REGISTRY, Mechanism

from .conftest import SMALL


class Spy(Mechanism):
    """Records every hook call, in order."""

    name = "spy"

    def __init__(self, world, calls):
        self.world = world
        self.calls = calls


def _spy_hook(hook):
    def record(self, week, desk):
        self.calls.append((week.step, hook))

    return record


for _hook in HOOKS:
    setattr(Spy, _hook, _spy_hook(_hook))


def test_the_week_calls_every_hook_once_in_the_listed_order():
    model = CommunityModel(rng=3, overrides=SMALL)
    calls: list[tuple[int, str]] = []
    model.mechanisms.items.append(Spy(model.world, calls))
    model.step()
    model.step()
    assert calls == [(w, h) for w in (1, 2) for h in HOOKS]


def test_base_class_defines_the_hooks_in_the_order_listed():
    defined = [n for n, _ in inspect.getmembers(Mechanism, inspect.isfunction) if n in HOOKS]
    in_source = sorted(defined, key=lambda n: inspect.getsourcelines(getattr(Mechanism, n))[1])
    assert in_source == list(HOOKS)


def test_every_mechanism_module_is_in_the_declared_order():
    found = []
    for info in pkgutil.iter_modules(mechanisms_pkg.__path__):
        module = importlib.import_module(f"cogov.mechanisms.{info.name}")
        found += [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj)
            and issubclass(obj, Mechanism)
            and obj is not Mechanism
            and obj.__module__ == module.__name__
        ]
    assert set(found) == set(ORDER)
    assert list(REGISTRY) == [cls.name for cls in ORDER]


# What a name in a mechanism's code refers to, for the check of declared writes.
ROOTS = {
    "world": "world",
    "res": "residents",
    "residents": "residents",
    "plan": "plan",
    "inputs": "inputs",
    "sector": "world.property",
    "oc": "world.property",
    "firm": "world.property",
    "unit": "world.paired_units",
}
CALLS = {
    "spend": "money",
    "receive": "money",
    "voice": "voicing",
    "settle": "mediation",
    "set_building_leaders": "world.set_building_leaders",
    "assign_roles": "world.assign_roles",
    "refresh_roles": "world.refresh_roles",
}


def _chain(node: ast.AST) -> list[str]:
    parts = []
    while isinstance(node, ast.Attribute | ast.Subscript):
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
    return parts[::-1]


def written(cls: type[Mechanism]) -> set[str]:
    """State outside the mechanism's own attributes that its code writes or calls to change."""
    tree = ast.parse(inspect.getsource(cls))
    out = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign):
            targets = [node.target]
        for target in targets:
            chain = _chain(target)
            if len(chain) < 2:
                continue
            if chain[0] == "self":
                if chain[1] != "world":
                    continue  # the mechanism's own state
                chain = chain[1:]
            root = ROOTS.get(chain[0])
            if root is None:
                continue
            if root == "world" and chain[1:2] == ["residents"]:
                root, chain = "residents", chain[1:]
            attr = (
                chain[1]
                if len(chain) > 1 and root in ("world", "residents", "plan", "inputs")
                else ""
            )
            out.add(f"{root}.{attr}" if attr else root)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in CALLS:
                out.add(CALLS[node.func.attr])
    return out


@pytest.mark.parametrize("cls", ORDER, ids=lambda c: c.name)
def test_a_mechanism_declares_everything_it_writes(cls):
    undeclared = {w for w in written(cls) if not any(d.startswith(w) for d in cls.writes)}
    assert not undeclared, f"{cls.name} writes {sorted(undeclared)} without declaring it"
