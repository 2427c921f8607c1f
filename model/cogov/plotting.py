"""Figures of a run's main outcomes (matplotlib, no model rules here).

Drawn with matplotlib's object API (``Figure`` on an Agg canvas), not pyplot: no global
figure registry or backend switch to set, and the figure is freed when it goes out of
scope. The panels are laid out by fixed margins: ``constrained_layout`` cost about as
much again as the drawing itself. Importing this module imports matplotlib, so
:func:`cogov.output.write_figure` imports it only when a figure is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

if TYPE_CHECKING:
    import pandas as pd

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
    """Draw the main outcomes over time, one panel per theme, and save a PNG.

    Args:
        ts: the run's time series (``step`` and the outcome columns); a missing column is
            left out of its panel.
        path: where to write the PNG.
        title: the figure's title.

    Returns:
        The path written.
    """
    fig = Figure(figsize=(15, 8))
    FigureCanvasAgg(fig)
    axes = fig.subplots(2, 3, sharex=True)
    week = ts["step"].to_numpy()
    for ax, (panel, series) in zip(axes.ravel(), PANELS, strict=True):
        for col, label in series:
            if col in ts:
                ax.plot(week, ts[col].to_numpy(), label=label, lw=1.4)
        ax.set_title(panel)
        ax.legend(fontsize=8)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("week")
    if title:
        fig.suptitle(title)
    fig.subplots_adjust(left=0.04, right=0.99, bottom=0.07, top=0.91, wspace=0.16, hspace=0.18)
    path = Path(path)
    fig.savefig(path, dpi=110)
    return path
