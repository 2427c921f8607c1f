"""Design points: the combinations of varied parameter values an experiment runs.

A grid is the full product of the listed values (the first parameter varies slowest). Latin
hypercube, Sobol (Saltelli) and Morris designs come from SALib, seeded from the design seed
(the master seed unless set), so the same file always gives the same points. Parameters whose
schema type is an integer are rounded to the nearest integer for the runs; the sampler's
unrounded values are kept for the sensitivity analysis. A grouped design (every parameter
has a ``group``) moves each group's parameters together (SALib's ``groups``), so Morris needs
*N*(*G*+1) points for *G* groups. With ``defaults_point`` one more point, with nothing
overridden, follows the sampled ones (its row in the matrix is NaN).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cogov.experiments.spec import Design


@dataclass(frozen=True)
class DesignPoints:
    """The points of a design.

    Attributes:
        names: the varied parameters' dotted keys, in order.
        points: one mapping of dotted key to value per point, as applied to runs.
        matrix: the sampler's values, one row per point (None for non-numeric grids).
        problem: the SALib problem (names and bounds) for latin, sobol and morris.
    """

    names: list[str]
    points: list[dict[str, Any]]
    matrix: np.ndarray | None = None
    problem: dict[str, Any] | None = field(default=None)

    def __len__(self) -> int:
        return len(self.points)


def salib_problem(design: Design) -> dict[str, Any]:
    """Return the SALib problem dict (``num_vars``, ``names``, ``bounds``) of a sample design."""
    names = list(design.parameters)
    bounds = [list(design.parameters[n].bounds or (0.0, 1.0)) for n in names]
    problem: dict[str, Any] = {"num_vars": len(names), "names": names, "bounds": bounds}
    if design.groups is not None:
        problem["groups"] = design.groups
    return problem


def factor_names(problem: dict[str, Any]) -> list[str]:
    """Return the factors a SALib analysis reports on.

    The groups, in order of first appearance, when the problem is grouped; else the
    parameters.
    """
    groups = problem.get("groups")
    return list(dict.fromkeys(groups)) if groups else list(problem["names"])


def make_design(design: Design, master_seed: int, integer_keys: Iterable[str] = ()) -> DesignPoints:
    """Return the points of a design.

    Args:
        design: the validated design table of an experiment.
        master_seed: the experiment's master seed (the sampler's seed unless the design sets one).
        integer_keys: varied keys whose values must be whole numbers (rounded for the runs).

    Returns:
        The design's points; a design with method ``none`` has one empty point.
    """
    names = list(design.parameters)
    if design.method == "none":
        return DesignPoints(names=[], points=[{}])
    if design.method == "grid":
        integers = set(integer_keys)
        value_lists = [_normalise(design.parameters[n].values or [], n in integers) for n in names]
        combos = list(itertools.product(*value_lists))
        points = [dict(zip(names, combo, strict=True)) for combo in combos]
        numeric = all(
            isinstance(v, int | float) and not isinstance(v, bool)
            for values in value_lists
            for v in values
        )
        matrix = np.array(combos, dtype=float) if numeric else None
        return DesignPoints(names=names, points=points, matrix=matrix)

    from SALib.sample import latin, morris, sobol

    problem = salib_problem(design)
    seed = design.seed if design.seed is not None else master_seed % 2**32
    n = int(design.samples or 1)
    if design.method == "latin":
        matrix = latin.sample(problem, n, seed=seed)
    elif design.method == "sobol":
        matrix = sobol.sample(problem, n, calc_second_order=design.second_order, seed=seed)
    else:
        matrix = morris.sample(problem, n, num_levels=design.levels, seed=seed)
    integers = set(integer_keys)
    points = []
    for row in matrix:
        point: dict[str, Any] = {}
        for name, value in zip(names, row, strict=True):
            point[name] = int(round(float(value))) if name in integers else float(value)
        points.append(point)
    matrix = np.asarray(matrix, dtype=float)
    if design.defaults_point:
        # one more point at the scenarios' own values: nothing overridden, NaN in the matrix
        points.append({})
        matrix = np.vstack([matrix, np.full((1, len(names)), np.nan)])
    return DesignPoints(names=names, points=points, matrix=matrix, problem=problem)


def _normalise(values: list[Any], integer: bool) -> list[Any]:
    """Give a numeric grid one type: ints for integer parameters, else floats if any is."""
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return list(values)
    if integer and all(float(v).is_integer() for v in values):
        return [int(v) for v in values]
    if any(isinstance(v, float) for v in values):
        return [float(v) for v in values]
    return list(values)
