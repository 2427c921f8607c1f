"""Memory in adaptation: a shock leaves a trace that decays (cogov.phases.adaptation).

Every comparison is paired (same seed = same population and draws in both arms) over
several seeds, with margins. Two kinds of shock: a pure one, written into trust in the RC
(the state the pathway acts on) so the trace is measured without the noise of events; and
the epidemic scenario, the model's own shock.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cogov.api import simulate
from cogov.experiments.recovery import recovery_week, shock_recovery
from cogov.model import CommunityModel
from cogov.phases.adaptation import adapt
from cogov.population import Residents

#: A small community with a service fund that does not run out: otherwise the activities an
#: epidemic cancels leave money for more later in the year (a money effect, not memory).
SMALL = {
    "structure.households_per_community": 600,
    "community.service_fund_yuan_per_year": 200_000.0,
}
SEEDS = (1, 2, 3, 4)
NO_MEMORY = {"adaptation.memory_weight": 0.0}
INSTANT = {
    "adaptation.memory_weight": 0.0,
    "adaptation.satisfaction_half_life": 0.0,
    "adaptation.trust_rc_half_life": 0.0,
    "adaptation.willingness_half_life": 0.0,
}


def trust_trace(overrides: dict, seed: int, shock: float, weeks_after: int) -> np.ndarray:
    """Mean trust in the RC, weekly, after lowering everyone's trust by ``shock`` in week 10."""
    m = CommunityModel(rng=seed, overrides={"structure.households_per_community": 400, **overrides})
    for _ in range(10):
        m.step()
    res = m.world.residents
    res.trust_rc -= shock
    np.clip(res.trust_rc, 0.0, 1.0, out=res.trust_rc)
    out = []
    for _ in range(weeks_after):
        m.step()
        out.append(m.latest("trust_rc_mean"))
    return np.array(out)


def trust_gap(overrides: dict, weeks_after: int) -> np.ndarray:
    """Per seed, the paired gap (shocked − unshocked) in trust in the RC over the weeks after."""
    return np.array(
        [
            trust_trace(overrides, s, 0.2, weeks_after)
            - trust_trace(overrides, s, 0.0, weeks_after)
            for s in SEEDS
        ]
    )


def test_trust_shock_leaves_a_trace_only_with_memory():
    """60 weeks after a fall of 0.2 in trust, memory keeps a gap; without it, it is gone."""
    with_memory = trust_gap({}, 60)[:, -5:].mean(axis=1)  # measured: about -0.027
    without = trust_gap(NO_MEMORY, 60)[:, -5:].mean(axis=1)  # 11.2-week half-life: ~-0.006
    assert (with_memory < -0.02).all(), with_memory  # a lasting trace of the shock
    assert (np.abs(without) < 0.01).all(), without
    assert (with_memory < without - 0.015).all()


def test_instant_return_erases_the_shock():
    """With half-lives 0 and no memory, trust is back at its set point a week later."""
    gap = trust_gap(INSTANT, 6)
    assert (np.abs(gap[:, 1:]) < 0.005).all(), gap


def test_longer_half_life_gives_longer_recovery():
    """Recovery (|gap| within 0.03) takes longer with a longer half-life of trust in the RC.

    (The memory half-life is not monotone in this way: at 0 the trace is taken on at once
    and return runs at k·(1 − λ); very long, the trace never forms. See the module.)
    """
    weeks = 80
    fast = trust_gap({"adaptation.trust_rc_half_life": 4.0}, weeks)
    slow = trust_gap({"adaptation.trust_rc_half_life": 20.0}, weeks)
    rec_fast = [recovery_week(np.r_[0.0, g], 0, 0.03, 1) for g in fast]  # measured: 12
    rec_slow = [recovery_week(np.r_[0.0, g], 0, 0.03, 1) for g in slow]  # measured: >= 80
    assert all(b > a + 20 for a, b in zip(rec_fast, rec_slow, strict=True)), (rec_fast, rec_slow)


def test_no_events_dispositions_stay_where_they_began():
    """Adaptation alone (no events, no participation) leaves every disposition at its start.

    With ``property_weight`` 0 the satisfaction target is its base, so the situation's target
    is the initial level for all three; 200 weeks of adapt() must not move them.
    """
    m = CommunityModel(rng=5, overrides={**SMALL, "adaptation.property_weight": 0.0})
    res: Residents = m.world.residents
    start = {k: getattr(res, k).copy() for k in ("satisfaction", "trust_rc", "willingness")}
    level = np.zeros(m.world.layout.n_compounds)
    took_part = np.zeros(res.n, dtype=bool)
    for _ in range(200):
        adapt(m.params, res, level, took_part)
    for k, v in start.items():
        np.testing.assert_allclose(getattr(res, k), v, atol=1e-12, err_msg=k)
    for k in ("satisfaction_memory", "trust_rc_memory", "willingness_memory"):
        assert np.abs(getattr(res, k)).max() < 1e-12, k


def epidemic_frame(overrides: dict, steps: int = 110) -> pd.DataFrame:
    frames = []
    for scen in ("epidemic", "baseline"):
        for i, s in enumerate(SEEDS):
            t = simulate(scen, steps=steps, seed=s, overrides={**SMALL, **overrides}).timeseries
            frames.append(t.assign(scenario=scen, replication=i))
    return pd.concat(frames, ignore_index=True)


def test_epidemic_year_end_effect_visible_with_memory_and_gone_with_instant_return():
    """At year end (week 104, 33 weeks after the epidemic) willingness is lower than without
    the epidemic; with instant return to a fixed set point the dispositions' effect is gone
    (trust in the RC, satisfaction) or much smaller (willingness, whose target still holds
    the weeks of participation lost)."""
    kw = dict(shock="epidemic", baseline="baseline", start_week=60, duration_weeks=12)
    mem = shock_recovery(epidemic_frame({}), **kw).set_index("outcome")
    inst = shock_recovery(epidemic_frame(INSTANT), **kw).set_index("outcome")
    w_mem, w_inst = mem.loc["willingness_mean"], inst.loc["willingness_mean"]
    assert w_mem["effect_year_end_hi"] < 0, w_mem  # visible: measured -0.0013 (CI to -0.0008)
    assert w_mem["effect_year_end"] < w_inst["effect_year_end"] - 0.0005, (w_mem, w_inst)
    for outcome in ("trust_rc_mean", "satisfaction_mean"):
        assert abs(inst.loc[outcome, "effect_year_end"]) < 0.0005, inst.loc[outcome]
