"""Phase 10, measurement: one row of outcomes a week, per grid and per group.

:class:`Recorder` reads the world and the week's record and appends one row to each
table; the DataFrames are built on demand. Column meanings are in :mod:`cogov.metrics`.
Windowed measures (participation, time to resolution, equity) use the last
``participation.window_weeks`` weeks.

Reads: everything; writes nothing but its own tables.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cogov.ledgers import EXPIRED, HIDDEN, OPEN, RESOLVED
from cogov.metrics import GROUPS
from cogov.params import NEED_CATEGORIES
from cogov.phases.dispatch import UNITS
from cogov.phases.participation import recent
from cogov.population import ELDERLY, WORKING_AGE, YOUTH, Residents
from cogov.week import Week
from cogov.world import World

if TYPE_CHECKING:
    from cogov.mechanisms.base import Mechanisms


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal); NaN when there are none."""
    v = np.sort(values[~np.isnan(values)])
    if len(v) == 0 or v.sum() == 0:
        return float("nan") if len(v) == 0 else 0.0
    n = len(v)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(v) / (n * v.sum()))


def percentile_90(x: np.ndarray) -> float:
    """The 90th percentile of ``x`` exactly as ``np.percentile(x, 90)`` gives it, faster.

    numpy's default (linear) method: the value at virtual index ``(n − 1)·0.9`` of the
    sorted values, interpolated between its neighbours as numpy's ``_lerp`` does
    (``a + (b − a)·g``, or ``b − (b − a)·(1 − g)`` when ``g ≥ 0.5``). A test checks the
    two agree to the bit.
    """
    n = len(x)
    if n == 1:
        return float(x[0])
    v = (n - 1) * 0.9
    lo = int(np.floor(v))
    part = np.partition(x, (lo, lo + 1))
    a, b = part[lo], part[lo + 1]
    g = v - lo
    diff = b - a
    return float(b - diff * (1 - g)) if g >= 0.5 else float(a + diff * g)


def binding(world: World, closed: np.ndarray) -> dict[str, float]:
    """Whether supply binds: unmet needs by cause and kind, and residents' hours used.

    ``closed`` are the ledger indices of the needs that ended in the window.
    """
    led = world.needs
    res = world.residents
    expired = led.status[closed] == EXPIRED
    voiced = led.voiced_at[closed] >= 0
    no_supplier = expired & voiced & (led.taken[closed] == 0)
    n = max(1, len(closed))
    cat = led.category[closed]
    ended = np.bincount(cat, minlength=len(NEED_CATEGORIES))
    unmet = np.bincount(cat[no_supplier], minlength=len(NEED_CATEGORIES))
    offered = float(res.hours_offered.sum())
    return {
        "unmet_no_supplier_share": float(no_supplier.sum() / n),
        "unmet_unvoiced_share": float((expired & ~voiced).sum() / n),
        **{
            f"unmet_no_supplier_{name}": float(unmet[c] / ended[c]) if ended[c] else float("nan")
            for c, name in enumerate(NEED_CATEGORIES)
        },
        "resident_hours_offered": offered,
        "resident_hours_used_share": float(res.hours_worked.sum() / offered) if offered else 0.0,
    }


def measured_state(world: World, week: Week) -> dict[str, float]:
    """The state mechanisms act on, measured every week whether they are on or not."""
    res = world.residents
    vol = res.volunteer
    any_vol = bool(vol.any())
    return {
        "unit_hours_worked": float(week.services.dispatch.hours_used[UNITS]),
        "in_service_hours_worked": float(res.hours_worked[res.in_service].sum()),
        "volunteer_intrinsic_mean": float(res.intrinsic[vol].mean()) if any_vol else float("nan"),
        "volunteer_extrinsic_mean": float(res.extrinsic[vol].mean()) if any_vol else float("nan"),
        "patrol_coverage_mean": float(world.patrol_coverage.mean()),
        "building_leaders": float(np.count_nonzero(res.building_leader)),
        "household_contacts": float(np.count_nonzero(res.household_contact)),
        "grid_volunteers": float(np.count_nonzero(res.grid_volunteer)),
        **role_shares("members", res, res.party_member),
        **role_shares("reported", res, world.reported),
        "rc_time_on_needs_share": float(np.mean([org.needs_share for org in world.organisations])),
        "rc_seen_as_own_mean": float(res.rc_seen_as_own.mean()),
        "rc_seen_as_own_share": float(np.count_nonzero(res.rc_seen_as_own > 0.5) / res.n),
    }


def role_shares(prefix: str, res: Residents, who: np.ndarray) -> dict[str, float]:
    """Share of ``who`` holding each standing role, and any (NaN when ``who`` is empty)."""
    n = np.count_nonzero(who)
    if n == 0:
        nan = float("nan")
        return {f"{prefix}_{k}_share": nan for k in ("role", "leader", "contact", "grid_role")}
    leader = res.building_leader & who
    contact = res.household_contact & who
    grid = res.grid_volunteer & who
    return {
        f"{prefix}_role_share": np.count_nonzero(leader | contact | grid) / n,
        f"{prefix}_leader_share": np.count_nonzero(leader) / n,
        f"{prefix}_contact_share": np.count_nonzero(contact) / n,
        f"{prefix}_grid_role_share": np.count_nonzero(grid) / n,
    }


class Recorder:
    """Phase 10: collects the week's outcomes; builds the DataFrames on demand.

    Args:
        world: the community's state.
        extra_columns: columns after the engine's own (money, measured state, mechanisms').
    """

    def __init__(self, world: World, extra_columns: Sequence[str]):
        self.world = world
        res = world.residents
        self.window = world.params.participation.window_weeks
        self.rows: list[dict[str, float]] = []
        self.grid_blocks: list[np.ndarray] = []
        self.group_blocks: list[np.ndarray] = []
        self.extra_columns = list(extra_columns)
        self.group_masks = [
            np.ones(res.n, dtype=bool),
            res.age == ELDERLY,
            res.age == WORKING_AGE,
            res.age == YOUTH,
            res.low_income.copy(),
            res.unemployed,
            res.vulnerable,
        ]
        self.group_matrix = np.vstack(self.group_masks).astype(float)
        self.group_sizes = self.group_matrix.sum(axis=1)
        self._values = np.empty((res.n, 6))  # per resident: what the group means average
        # Fixed at set-up: residents never move, nor change age.
        n_g = world.layout.n_grids
        self._grid_size = np.bincount(res.grid, minlength=n_g)
        self._grid_size_1 = np.maximum(self._grid_size, 1)
        self._grid_block = np.empty((n_g, len(self.GRID_COLUMNS)))
        self._grid_block[:, 1] = np.arange(n_g)
        self._grid_block[:, 2] = world.layout.grid_community
        self._grid_block[:, 3] = self._grid_size
        self._acts: deque[tuple[int, int]] = deque(maxlen=self.window)
        self._resolved: deque[np.ndarray] = deque(maxlen=self.window)
        self._closed: deque[np.ndarray] = deque(maxlen=self.window)

    def step(self, week: Week, mechanisms: Mechanisms) -> None:
        """Measure the world at the end of the week."""
        w = self.world
        res = w.residents
        led = w.needs
        step = week.step
        n = res.n
        sh = recent(res.last_shallow, step, self.window)
        dp = recent(res.last_deep, step, self.window)
        anyp = sh | dp
        n_any = np.count_nonzero(anyp)
        n_part = max(1, n_any)
        part = week.participation
        self._acts.append((part.acts_shallow, part.acts_deep))
        # Whole numbers: summed exactly in any order.
        acts_shallow = sum(a for a, _ in self._acts)
        acts_all = acts_shallow + sum(d for _, d in self._acts)
        resolved_now = week.services.resolved
        expired_now = week.services.expired
        self._resolved.append(resolved_now)
        self._closed.append(np.concatenate((resolved_now, expired_now)))
        resolved = np.concatenate(self._resolved)
        closed = np.concatenate(self._closed)
        ttr = (led.closed_at[resolved] - led.created[resolved]).astype(float)
        open_idx = led.open_idx
        st_open = led.status[open_idx]
        firms = w.property.active_firms()
        prop = week.property
        disputes = week.disputes
        money = week.money.columns()
        row: dict[str, float] = {
            "step": step,
            "residents": n,
            # Means of masks are counts over n, as .mean() gives them, to the bit.
            "participation_any": np.float64(n_any / n),
            "participation_shallow": np.float64(np.count_nonzero(sh) / n),
            "participation_deep": np.float64(np.count_nonzero(dp) / n),
            "unwilling_share": np.count_nonzero(
                res.willingness < w.params.participation.unwilling_threshold
            )
            / n,
            "participants_vulnerable_share": np.count_nonzero(anyp & res.vulnerable) / n_part,
            "participants_elderly_share": np.count_nonzero(anyp & res.elderly) / n_part,
            "shallow_share_of_acts": float(acts_shallow / max(1, acts_all)),
            "trust_strangers_share": np.count_nonzero(
                res.trust_strangers > w.params.population.trust_strangers_threshold
            )
            / n,
            "needs_raised": len(week.needs.raised),
            "needs_voiced": week.needs.voiced,
            "needs_discovered": week.needs.discovered,
            "needs_resolved": len(resolved_now),
            "needs_expired": len(expired_now),
            "backlog_open": len(open_idx),
            "backlog_hidden": np.count_nonzero(st_open == HIDDEN),
            "time_to_resolution_mean": float(ttr.mean()) if len(ttr) else float("nan"),
            "time_to_resolution_p90": percentile_90(ttr) if len(ttr) else float("nan"),
            "satisfaction_mean": float(res.satisfaction.mean()),
            "trust_rc_mean": float(res.trust_rc.mean()),
            "willingness_mean": float(res.willingness.mean()),
            "disputes_arising": disputes.arising,
            "disputes_mediated": disputes.mediated,
            "disputes_escalated": disputes.escalated,
            "disputes_open": w.disputes.count(OPEN),
            "fee_collection_rate": prop.fees_paid_households / max(1.0, prop.fees_due_households),
            # np.mean of the list, to the bit: the same float64 sum over the same count.
            "firm_quality_mean": float(
                np.fromiter((f.quality for f in firms), dtype=float, count=len(firms)).sum()
                / len(firms)
            )
            if firms
            else float("nan"),
            "firms_active": len(firms),
            "firm_exits": w.property.exits_total,
            "unmanaged_compounds": np.count_nonzero(w.property.firm_of_compound < 0),
            "volunteers": np.count_nonzero(res.volunteer),
            "active_volunteers": np.count_nonzero(res.volunteer & (res.hours_worked > 0)),
            "volunteer_hours": float(res.hours_worked[res.volunteer].sum()),
            "resident_supply_hours": float(res.hours_worked.sum()),
            "party_members": np.count_nonzero(res.party_member),
            "reported_party_members": np.count_nonzero(w.reported),
            "active_party_members": np.count_nonzero(res.party_member & (res.hours_worked > 0)),
            "points_issued": 0.0,
            "points_redeemed": 0.0,
            "spending_total_yuan": money["spending_total_yuan"],
            "spending_activities_yuan": money["spending_activities_yuan"],
            "rc_hours_used_share": week.services.rc_hours_used_share,
        }
        extra = {**money, **measured_state(w, week), **binding(w, closed)}
        extra["visits_made"] = float(week.services.visits)
        extra["needs_found_on_visits"] = float(week.services.needs_found_on_visits)
        extra["visit_coverage"] = week.services.visit_coverage
        mechanisms.measure(week, extra)
        for col in ("points_issued", "points_redeemed"):
            if col in extra:
                row[col] = extra.pop(col)
        for col in self.extra_columns:
            row[col] = extra.get(col, 0.0)
        # Equity: mean time to resolution per grid, and vulnerable vs others' resolution share.
        g_of = res.grid[led.resident[resolved]]
        n_g = w.layout.n_grids
        cnt_g = np.bincount(g_of, minlength=n_g)
        sum_g = np.bincount(g_of, weights=ttr, minlength=n_g)
        mean_g = np.where(cnt_g > 0, sum_g / np.maximum(cnt_g, 1), np.nan)
        row["resolution_gini_grids"] = gini(mean_g)
        vul = res.vulnerable[led.resident[closed]]
        ok = led.status[closed] == RESOLVED
        # Shares resolved as ok[vul].mean() and ok[~vul].mean() give them (count / size).
        n_vul = np.count_nonzero(vul)
        n_ok_vul = np.count_nonzero(ok & vul)
        n_other = len(vul) - n_vul
        share_v = np.float64(n_ok_vul / n_vul) if n_vul else np.nan
        share_o = np.float64((np.count_nonzero(ok) - n_ok_vul) / n_other) if n_other else np.nan
        row["vulnerable_service_ratio"] = float(share_v / share_o) if share_o else float("nan")
        self.rows.append(row)
        self._record_grids(week, anyp, mean_g, open_idx)
        self._record_groups(week, anyp, sh, dp)

    GRID_COLUMNS = (
        "step",
        "grid",
        "community",
        "residents",
        "participation_any",
        "needs_raised",
        "needs_resolved",
        "needs_expired",
        "backlog_open",
        "satisfaction_mean",
        "trust_rc_mean",
        "time_to_resolution_mean",
    )
    GROUP_COLUMNS = (
        "step",
        "group",
        "residents",
        "participation_any",
        "participation_shallow",
        "participation_deep",
        "satisfaction_mean",
        "trust_rc_mean",
        "willingness_mean",
        "needs_raised",
        "needs_resolved",
        "needs_expired",
    )

    def _record_grids(
        self, week: Week, anyp: np.ndarray, mean_g: np.ndarray, open_idx: np.ndarray
    ) -> None:
        w = self.world
        res = w.residents
        led = w.needs
        n_g = w.layout.n_grids
        size_1 = self._grid_size_1

        def of_needs(idx: np.ndarray) -> np.ndarray:
            return np.bincount(res.grid[led.resident[idx]], minlength=n_g)

        block = self._grid_block.copy()
        block[:, 0] = week.step
        # Participants counted per grid (whole numbers, as the weighted bincount sums them).
        block[:, 4] = np.bincount(res.grid[anyp], minlength=n_g) / size_1
        block[:, 5] = of_needs(week.needs.raised)
        block[:, 6] = of_needs(week.services.resolved)
        block[:, 7] = of_needs(week.services.expired)
        block[:, 8] = of_needs(open_idx)
        block[:, 9] = np.bincount(res.grid, weights=res.satisfaction, minlength=n_g) / size_1
        block[:, 10] = np.bincount(res.grid, weights=res.trust_rc, minlength=n_g) / size_1
        block[:, 11] = mean_g
        self.grid_blocks.append(block)

    def _record_groups(self, week: Week, anyp: np.ndarray, sh: np.ndarray, dp: np.ndarray) -> None:
        res = self.world.residents
        led = self.world.needs
        m = self.group_matrix
        size = self.group_sizes
        values = self._values
        for j, column in enumerate((anyp, sh, dp, res.satisfaction, res.trust_rc, res.willingness)):
            values[:, j] = column
        means = (m @ values) / np.maximum(size, 1)[:, None]
        means[size == 0, 3:] = np.nan
        counts = [
            m[:, led.resident[idx]].sum(axis=1)
            for idx in (week.needs.raised, week.services.resolved, week.services.expired)
        ]
        block = np.column_stack(
            (np.full(len(size), week.step), np.arange(len(size)), size, means, *counts)
        )
        self.group_blocks.append(block)

    def latest(self, name: str) -> float:
        """The most recent value of an outcome column (NaN before the first week)."""
        return self.rows[-1][name] if self.rows else float("nan")

    def timeseries(self) -> pd.DataFrame:
        """One row per step."""
        df = pd.DataFrame(self.rows)
        if not df.empty:
            df["step"] = df["step"].astype(int)
        return df

    def grids(self) -> pd.DataFrame:
        """One row per (step, grid)."""
        if not self.grid_blocks:
            return pd.DataFrame(columns=self.GRID_COLUMNS)
        df = pd.DataFrame(np.vstack(self.grid_blocks), columns=self.GRID_COLUMNS)
        for col in (
            "step",
            "grid",
            "community",
            "residents",
            "needs_raised",
            "needs_resolved",
            "needs_expired",
            "backlog_open",
        ):
            df[col] = df[col].astype(int)
        return df

    def groups(self) -> pd.DataFrame:
        """One row per (step, group)."""
        if not self.group_blocks:
            return pd.DataFrame(columns=self.GROUP_COLUMNS)
        df = pd.DataFrame(np.vstack(self.group_blocks), columns=self.GROUP_COLUMNS)
        df["group"] = pd.Categorical.from_codes(df["group"].astype(int), categories=GROUPS)
        for col in ("step", "residents", "needs_raised", "needs_resolved", "needs_expired"):
            df[col] = df[col].astype(int)
        return df
