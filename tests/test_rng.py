"""Named random streams: common random numbers across processes of the step."""

from __future__ import annotations

import numpy as np
import pytest

from cogov.rng import RandomStreams, replication_seeds


def test_drawing_more_from_one_stream_leaves_another_unchanged():
    a, b = RandomStreams(7), RandomStreams(7)
    a["needs"].random(1000)  # a draws a lot from "needs" first
    np.testing.assert_array_equal(a["participation"].random(50), b["participation"].random(50))


def test_stream_order_of_creation_does_not_matter():
    a, b = RandomStreams(3), RandomStreams(3)
    x = a["fees"].random(5)
    b["disputes"].random(5)
    np.testing.assert_array_equal(x, b["fees"].random(5))


def test_streams_differ_by_name_and_seed():
    s = RandomStreams(1)
    assert not np.array_equal(s["needs"].random(5), s["fees"].random(5))
    assert not np.array_equal(
        RandomStreams(1)["needs"].random(5), RandomStreams(2)["needs"].random(5)
    )


def test_negative_seed_rejected():
    with pytest.raises(ValueError):
        RandomStreams(-1)


def test_replication_seeds_stable_under_extension():
    assert replication_seeds(42, 10) == replication_seeds(42, 30)[:10]
    assert len(set(replication_seeds(42, 100))) == 100


def test_mechanism_stream_does_not_shift_process_streams(small):
    """Adding a stream (as a mechanism does) leaves the model's own draws as they were."""
    from cogov import CommunityModel

    m1 = CommunityModel(rng=5, overrides=small)
    m2 = CommunityModel(rng=5, overrides=small)
    m2.streams["mechanism.test"].random(10_000)
    for _ in range(5):
        m1.step()
        m2.step()
    np.testing.assert_array_equal(m1.residents.willingness, m2.residents.willingness)
