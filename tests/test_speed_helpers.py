"""Helpers added for speed equal, to the bit, what they replace."""

from collections import deque

import numpy as np

from cogov.agents import _clip_scalar
from cogov.phases.dispatch import group_starts


def _bits(x) -> np.ndarray:
    return np.asarray(x, dtype=float).view(np.int64)


def test_clip_scalar_is_numpys_clip():
    edges = [
        -1.0,
        -0.0,
        0.0,
        1e-300,
        0.05,
        0.1,
        0.5,
        1.0,
        1.0 + 1e-16,
        2.0,
        np.inf,
        -np.inf,
        np.nan,
    ]
    rng = np.random.default_rng(3)
    values = edges + list(rng.normal(0.5, 0.6, 500))
    for lo in (0.0, -0.0, 0.05, 0.1):
        for hi in (1.0, 0.5):
            for x in values:
                got = _clip_scalar(float(x), lo, hi)
                assert type(got) is float
                assert _bits(got) == _bits(float(np.clip(float(x), lo, hi))), (x, lo, hi)


def test_mean_of_deque_as_firms_take_it():
    rng = np.random.default_rng(5)
    for n in (1, 2, 7, 8, 9, 13, 26, 52, 130):
        h = deque((float(v) for v in rng.lognormal(0.0, 1.0, n)), maxlen=n)
        fast = float(np.fromiter(h, dtype=float, count=len(h)).sum() / len(h))
        assert _bits(fast) == _bits(float(np.mean(h)))


def test_group_starts_is_r_():
    rng = np.random.default_rng(7)
    for n in (1, 2, 3, 50, 1000):
        keys = np.sort(rng.integers(0, 9, n))
        assert np.array_equal(group_starts(keys), np.r_[True, keys[1:] != keys[:-1]])


def test_sigmoid_in_one_buffer_is_the_expression():
    from cogov.phases.participation import _sigmoid

    x = np.random.default_rng(11).normal(0.0, 6.0, 20_000)
    x[:4] = [0.0, -0.0, 40.0, -40.0]
    before = x.copy()
    assert np.array_equal(_bits(_sigmoid(x)), _bits(1.0 / (1.0 + np.exp(-x))))
    assert np.array_equal(_bits(x), _bits(before))
