"""Outcomes of MODEL.md section 5, measured once a week into tidy tables.

One row per step in ``timeseries``, one per (step, grid) in ``grids`` and one per
(step, group) in ``groups``. Column names are the same everywhere (files, reports, the
UI); their meaning and units are listed in :data:`OUTCOMES` and in ``docs/ODD.md``.
"""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from cogov.needs import HIDDEN, RESOLVED
from cogov.participation import recent
from cogov.population import ELDERLY, WORKING_AGE, YOUTH

if TYPE_CHECKING:
    from cogov.model import CommunityModel

#: Every timeseries column with its meaning (units in brackets).
OUTCOMES: dict[str, str] = {
    "step": "week of the run (1 = first week)",
    "residents": "residents in the model",
    "participation_any": "share of residents who took part in any activity in the window",
    "participation_shallow": "share who took part in a shallow activity in the window",
    "participation_deep": "share who took part in deep governance in the window",
    "unwilling_share": "share of residents unwilling to take part (willingness below threshold)",
    "participants_vulnerable_share": (
        "share of participants (window) elderly, unemployed or low-income"
    ),
    "participants_elderly_share": "share of participants (window) who are elderly",
    "shallow_share_of_acts": "shallow acts over all acts of participation in the window",
    "trust_strangers_share": "share of residents who trust strangers in their community (>0.5)",
    "needs_raised": "needs that arose this week",
    "needs_voiced": "needs voiced this week (incl. discovered on patrol) [needs]",
    "needs_discovered": "hidden needs discovered by grid patrols or meetings this week",
    "needs_resolved": "needs resolved this week",
    "needs_expired": "needs expired unresolved this week",
    "backlog_open": "needs open (hidden or voiced) at the end of the week",
    "backlog_hidden": "needs open and still hidden at the end of the week",
    "time_to_resolution_mean": (
        "mean weeks from arising to resolution, needs resolved in the window"
    ),
    "time_to_resolution_p90": "90th percentile of that [weeks]",
    "satisfaction_mean": "mean satisfaction with services [0-1]",
    "trust_rc_mean": "mean trust in the residents' committee [0-1]",
    "willingness_mean": "mean willingness to take part [0-1]",
    "disputes_arising": "disputes that arose this week",
    "disputes_mediated": "disputes settled this week (OC, building leader, RC or meeting)",
    "disputes_escalated": "disputes escalated this week (petitions, 信访)",
    "disputes_open": "disputes open at the end of the week",
    "fee_collection_rate": "share of households served by a firm who paid this week's fee",
    "firm_quality_mean": "mean service quality of active firms [0-1]",
    "firms_active": "property firms serving a compound",
    "firm_exits": "firms that have left since the start (cumulative)",
    "unmanaged_compounds": "compounds with no firm (old compounds included)",
    "volunteers": "residents in volunteer teams",
    "active_volunteers": "volunteers who worked this week",
    "volunteer_hours": "hours worked by volunteers this week [hours]",
    "resident_supply_hours": "hours worked on needs by all residents (volunteers, members) [hours]",
    "party_members": "party members living in the community",
    "reported_party_members": "party members reported to the community (报到)",
    "active_party_members": "party members who worked on needs this week",
    "points_issued": "points issued this week",
    "points_redeemed": "points redeemed this week",
    "spending_total_yuan": "community budget spent this week, all items [yuan]",
    "spending_activities_yuan": "spent on activities this week [yuan]",
    "rc_hours_used_share": "share of RC staff hours for needs used this week",
    "resolution_gini_grids": "Gini across grids of mean time to resolution in the window",
    "vulnerable_service_ratio": (
        "resolution share of vulnerable residents' needs over others' (window)"
    ),
}

#: The main outcomes: the CLI's summary, ``cogov.experiments.run``'s default, reports.
MAIN_OUTCOMES: tuple[str, ...] = (
    "participation_any",
    "participation_shallow",
    "participation_deep",
    "unwilling_share",
    "participants_vulnerable_share",
    "shallow_share_of_acts",
    "trust_strangers_share",
    "needs_resolved",
    "needs_expired",
    "backlog_open",
    "time_to_resolution_mean",
    "satisfaction_mean",
    "trust_rc_mean",
    "disputes_escalated",
    "fee_collection_rate",
    "volunteer_hours",
    "spending_total_yuan",
    "resolution_gini_grids",
    "vulnerable_service_ratio",
)

GROUPS = ("all", "elderly", "working_age", "youth", "low_income", "unemployed", "vulnerable")


def gini(values: np.ndarray) -> float:
    """Gini coefficient of non-negative values (0 = equal); NaN when there are none."""
    v = np.sort(values[~np.isnan(values)])
    if len(v) == 0 or v.sum() == 0:
        return float("nan") if len(v) == 0 else 0.0
    n = len(v)
    return float((2 * np.arange(1, n + 1) - n - 1).dot(v) / (n * v.sum()))


class Recorder:
    """Collects the week's outcomes; builds the DataFrames on demand."""

    def __init__(self, model: CommunityModel, extra_columns: list[str]):
        res = model.residents
        self.window = model.params.participation.window_weeks
        self.rows: list[dict[str, float]] = []
        self.grid_blocks: list[np.ndarray] = []
        self.group_blocks: list[np.ndarray] = []
        self.extra_columns = extra_columns
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
        self._acts: deque[tuple[int, int]] = deque(maxlen=self.window)
        self._resolved: deque[np.ndarray] = deque(maxlen=self.window)
        self._closed: deque[np.ndarray] = deque(maxlen=self.window)

    def record(self, model: CommunityModel, week: dict[str, float]) -> None:
        """Measure the model at the end of a week; ``week`` holds the week's event counts."""
        res = model.residents
        led = model.needs
        step = model.steps
        n = res.n
        sh = recent(res.last_shallow, step, self.window)
        dp = recent(res.last_deep, step, self.window)
        anyp = sh | dp
        n_part = max(1, int(anyp.sum()))
        self._acts.append((int(week.pop("acts_shallow")), int(week.pop("acts_deep"))))
        acts = np.array(self._acts).sum(axis=0)
        self._resolved.append(week.pop("resolved_idx"))
        self._closed.append(week.pop("closed_idx"))
        resolved = np.concatenate(self._resolved)
        closed = np.concatenate(self._closed)
        ttr = (led.closed_at[resolved] - led.created[resolved]).astype(float)
        open_idx = led.open_idx
        st_open = led.status[open_idx]
        firms = list(model.active_firms())
        row: dict[str, float] = {
            "step": step,
            "residents": n,
            "participation_any": anyp.mean(),
            "participation_shallow": sh.mean(),
            "participation_deep": dp.mean(),
            "unwilling_share": float(
                (res.willingness < model.params.participation.unwilling_threshold).mean()
            ),
            "participants_vulnerable_share": float((anyp & res.vulnerable).sum() / n_part),
            "participants_elderly_share": float((anyp & (res.age == ELDERLY)).sum() / n_part),
            "shallow_share_of_acts": float(acts[0] / max(1, acts.sum())),
            "trust_strangers_share": float((res.trust_strangers > 0.5).mean()),
            "needs_raised": week["needs_raised"],
            "needs_voiced": week["needs_voiced"],
            "needs_discovered": week["needs_discovered"],
            "needs_resolved": week["needs_resolved"],
            "needs_expired": week["needs_expired"],
            "backlog_open": len(open_idx),
            "backlog_hidden": int((st_open == HIDDEN).sum()),
            "time_to_resolution_mean": float(ttr.mean()) if len(ttr) else float("nan"),
            "time_to_resolution_p90": float(np.percentile(ttr, 90)) if len(ttr) else float("nan"),
            "satisfaction_mean": float(res.satisfaction.mean()),
            "trust_rc_mean": float(res.trust_rc.mean()),
            "willingness_mean": float(res.willingness.mean()),
            "disputes_arising": week["disputes_arising"],
            "disputes_mediated": week["disputes_mediated"],
            "disputes_escalated": week["disputes_escalated"],
            "disputes_open": int((model.disputes.status == 0).sum()),
            "fee_collection_rate": week["fees_paid_households"]
            / max(1.0, week["fees_due_households"]),
            "firm_quality_mean": float(np.mean([f.quality for f in firms]))
            if firms
            else float("nan"),
            "firms_active": len(firms),
            "firm_exits": model.firm_exits_total,
            "unmanaged_compounds": int((model.firm_of_compound < 0).sum()),
            "volunteers": int(res.volunteer.sum()),
            "active_volunteers": int((res.volunteer & (res.hours_worked > 0)).sum()),
            "volunteer_hours": float(res.hours_worked[res.volunteer].sum()),
            "resident_supply_hours": float(res.hours_worked.sum()),
            "party_members": int(res.party_member.sum()),
            "reported_party_members": int(model.reported.sum()),
            "active_party_members": int((res.party_member & (res.hours_worked > 0)).sum()),
            "points_issued": week.get("points_issued", 0.0),
            "points_redeemed": week.get("points_redeemed", 0.0),
            "spending_total_yuan": week["spending_total_yuan"],
            "spending_activities_yuan": week["spending_activities_yuan"],
            "rc_hours_used_share": week["rc_hours_used_share"],
        }
        for col in self.extra_columns:
            row[col] = week.get(col, 0.0)
        undeclared = [k for k in week if k.startswith(("spending_", "income_")) and k not in row]
        if undeclared:
            raise RuntimeError(
                f"money items {undeclared} are not declared as outcome columns: add them to "
                "the spending mechanism's `columns` so that every run reports them"
            )
        # Equity: mean time to resolution per grid, and vulnerable vs others' resolution share.
        g_of = res.grid[led.resident[resolved]]
        n_g = model.layout.n_grids
        cnt_g = np.bincount(g_of, minlength=n_g)
        sum_g = np.bincount(g_of, weights=ttr, minlength=n_g)
        mean_g = np.where(cnt_g > 0, sum_g / np.maximum(cnt_g, 1), np.nan)
        row["resolution_gini_grids"] = gini(mean_g)
        vul = res.vulnerable[led.resident[closed]]
        ok = led.status[closed] == RESOLVED
        share_v = ok[vul].mean() if vul.any() else np.nan
        share_o = ok[~vul].mean() if (~vul).any() else np.nan
        row["vulnerable_service_ratio"] = float(share_v / share_o) if share_o else float("nan")
        self.rows.append(row)
        self._record_grids(model, anyp, week, mean_g, open_idx)
        self._record_groups(model, anyp, sh, dp, week)

    def _record_grids(self, model, anyp, week, mean_g, open_idx) -> None:
        res = model.residents
        led = model.needs
        n_g = model.layout.n_grids
        size = np.bincount(res.grid, minlength=n_g)
        per = lambda w: np.bincount(res.grid, weights=w, minlength=n_g)  # noqa: E731
        g_of_need = lambda idx: np.bincount(  # noqa: E731
            res.grid[led.resident[idx]], minlength=n_g
        )
        block = np.column_stack(
            [
                np.full(n_g, model.steps),
                np.arange(n_g),
                model.layout.grid_community,
                size,
                per(anyp) / np.maximum(size, 1),
                g_of_need(week["raised_idx"]),
                g_of_need(week["resolved_now_idx"]),
                g_of_need(week["expired_now_idx"]),
                g_of_need(open_idx),
                per(res.satisfaction) / np.maximum(size, 1),
                per(res.trust_rc) / np.maximum(size, 1),
                mean_g,
            ]
        )
        self.grid_blocks.append(block)

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

    def _record_groups(self, model, anyp, sh, dp, week) -> None:
        res = model.residents
        led = model.needs
        m = self.group_matrix
        size = self.group_sizes
        values = np.column_stack((anyp, sh, dp, res.satisfaction, res.trust_rc, res.willingness))
        means = (m @ values) / np.maximum(size, 1)[:, None]
        means[size == 0, 3:] = np.nan
        counts = [
            m[:, led.resident[week[k]]].sum(axis=1)
            for k in ("raised_idx", "resolved_now_idx", "expired_now_idx")
        ]
        block = np.column_stack(
            (np.full(len(size), model.steps), np.arange(len(size)), size, means, *counts)
        )
        self.group_blocks.append(block)

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
