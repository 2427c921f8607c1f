"""Figures of a run's main outcomes (matplotlib, no model rules here)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

#: The panels of the summary figure: (title, [(column, label), ...]).
PANELS = (
    (
        "Participation (12-week window)",
        [
            ("participation_any", "any"),
            ("participation_shallow", "shallow"),
            ("participation_deep", "deep"),
        ],
    ),
    (
        "Needs per week",
        [("needs_raised", "raised"), ("needs_resolved", "resolved"), ("needs_expired", "expired")],
    ),
    (
        "Satisfaction and trust",
        [
            ("satisfaction_mean", "satisfaction"),
            ("trust_rc_mean", "trust in RC"),
            ("trust_strangers_share", "trust strangers (share)"),
        ],
    ),
    (
        "Property services",
        [("fee_collection_rate", "fee collection"), ("firm_quality_mean", "firm quality")],
    ),
    (
        "Disputes per week",
        [
            ("disputes_arising", "arising"),
            ("disputes_mediated", "mediated"),
            ("disputes_escalated", "escalated"),
        ],
    ),
    (
        "Volunteers",
        [("active_volunteers", "active volunteers"), ("volunteer_hours", "volunteer hours")],
    ),
)


def plot_summary(ts: pd.DataFrame, path: Path | str, title: str = "") -> Path:
    """Draw the main outcomes over time, one panel per theme, and save a PNG."""
    fig, axes = plt.subplots(2, 3, figsize=(15, 8), constrained_layout=True)
    for ax, (panel, series) in zip(axes.ravel(), PANELS, strict=True):
        for col, label in series:
            if col in ts:
                ax.plot(ts["step"], ts[col], label=label, lw=1.4)
        ax.set_title(panel)
        ax.set_xlabel("week")
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    path = Path(path)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
