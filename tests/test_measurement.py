"""Measurement helpers that must agree with the library they replace, to the bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from cogov import CommunityModel
from cogov.phases.adaptation import word_of_mouth
from cogov.phases.measurement import percentile_90


@settings(max_examples=300, deadline=None)
@given(
    arrays(
        np.float64,
        st.integers(1, 400),
        elements=st.one_of(
            st.integers(0, 60).map(float),
            st.floats(0, 1e6, allow_nan=False, allow_infinity=False),
        ),
    )
)
def test_percentile_90_is_numpys_to_the_bit(x):
    assert percentile_90(x.copy()) == float(np.percentile(x, 90))


def test_word_of_mouth_is_the_full_product_to_the_bit():
    model = CommunityModel(rng=4, overrides={"structure.households_per_community": 600})
    res = model.residents
    rng = np.random.default_rng(0)
    for share in (0.0, 0.001, 0.01, 0.2):
        lost = (rng.random(res.n) < share) * rng.integers(1, 3, res.n).astype(float)
        full = res.ties_mean @ lost
        assert np.array_equal(word_of_mouth(res, lost), full)
