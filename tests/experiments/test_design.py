from __future__ import annotations

import numpy as np
import pytest

from cogov.experiments.design import make_design
from cogov.experiments.spec import Design


def design(**kw) -> Design:
    return Design.model_validate(kw)


def test_none_is_one_empty_point():
    pts = make_design(design(), 1)
    assert pts.points == [{}] and pts.names == []


def test_grid_is_the_full_product_first_parameter_slowest():
    d = design(method="grid", parameters={"a": {"values": [1, 2]}, "b": {"values": [0.5, 1.0, 2]}})
    pts = make_design(d, 1)
    assert pts.points == [
        {"a": 1, "b": 0.5},
        {"a": 1, "b": 1.0},
        {"a": 1, "b": 2.0},
        {"a": 2, "b": 0.5},
        {"a": 2, "b": 1.0},
        {"a": 2, "b": 2.0},
    ]
    # a numeric grid with any float is all floats, so result columns have one type
    assert all(isinstance(p["b"], float) for p in pts.points)
    assert pts.matrix.shape == (6, 2)


def test_grid_of_strings_has_no_matrix():
    d = design(method="grid", parameters={"policy": {"values": ["first_come", "nearest"]}})
    pts = make_design(d, 1)
    assert [p["policy"] for p in pts.points] == ["first_come", "nearest"]
    assert pts.matrix is None


@pytest.mark.parametrize(
    ("method", "extra", "expected"),
    [
        ("latin", {}, 8),
        ("sobol", {}, 8 * (3 + 2)),
        ("sobol", {"second_order": True}, 8 * (6 + 2)),
        ("morris", {}, 8 * (3 + 1)),
    ],
)
def test_sample_sizes_follow_salib(method, extra, expected):
    params = {"x": {"bounds": [0, 1]}, "y": {"bounds": [5, 20]}, "z": {"bounds": [-1, 1]}}
    pts = make_design(design(method=method, samples=8, parameters=params, **extra), 42)
    assert len(pts) == expected
    xs = np.array([p["x"] for p in pts.points])
    assert xs.min() >= 0 and xs.max() <= 1


def test_samples_are_reproducible_and_depend_on_the_seed():
    d = design(method="latin", samples=10, parameters={"x": {"bounds": [0, 1]}})
    a, b = make_design(d, 1), make_design(d, 1)
    c = make_design(d, 2)
    assert a.points == b.points
    assert a.points != c.points
    # an explicit design seed wins over the master seed
    d2 = design(method="latin", samples=10, seed=1, parameters={"x": {"bounds": [0, 1]}})
    assert make_design(d2, 999).points == a.points


def test_integer_parameters_are_rounded_but_the_matrix_keeps_sampler_values():
    d = design(
        method="latin", samples=20, parameters={"n": {"bounds": [5, 20]}, "x": {"bounds": [0, 1]}}
    )
    pts = make_design(d, 3, integer_keys={"n"})
    assert all(isinstance(p["n"], int) for p in pts.points)
    assert not np.allclose(pts.matrix[:, 0], np.round(pts.matrix[:, 0]))
    assert [p["n"] for p in pts.points] == [int(round(v)) for v in pts.matrix[:, 0]]
