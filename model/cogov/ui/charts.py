"""Charts of the outcomes (MODEL.md section 5): live trajectories and compared replications.

One list of panels, :data:`PANELS`, serves the live page and the compare page; every title,
legend entry and axis title comes from :mod:`cogov.ui.labels`.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from cogov.experiments.stats import paired_effects, run_summaries, stack_runs, timeseries_bands
from cogov.ui.fonts import configure_matplotlib_fonts
from cogov.ui.labels import Lang, label
from cogov.ui.render import BlitFigure

#: Colours of the series within a panel (the first is the panel's main outcome).
SERIES_COLOURS = ("#1f77b4", "#d62728", "#2ca02c")
BASELINE_ALPHA = 0.3
SCENARIO_COLOUR = "#1f77b4"
BASELINE_COLOUR = "#7f7f7f"
#: Event kinds drawn as solid, wider markers: the trainer's own acts.
SWITCH_KINDS = frozenset({"mechanism_on", "mechanism_off"})


@dataclass(frozen=True)
class Panel:
    """One small chart: a few outcome columns sharing an axis.

    Attributes:
        key: the panel's label key (``ui.panel.<key>``).
        columns: outcome columns drawn (names from :data:`cogov.metrics.OUTCOMES`).
        axis: the y-axis title's label key (``ui.axis.<axis>``).
        share: True when values are shares in [0, 1] (the axis is fixed to that range).
    """

    key: str
    columns: tuple[str, ...]
    axis: str
    share: bool = False


#: The outcome panels, in the order they are drawn (MODEL.md section 5).
PANELS: tuple[Panel, ...] = (
    Panel(
        "participation",
        ("participation_any", "participation_shallow", "participation_deep"),
        "share",
        share=True,
    ),
    Panel("unwilling", ("unwilling_share", "participants_vulnerable_share"), "share", share=True),
    Panel("satisfaction", ("satisfaction_mean", "trust_rc_mean"), "level", share=True),
    Panel("backlog", ("backlog_open", "backlog_hidden"), "needs"),
    Panel("flows", ("needs_resolved", "needs_expired"), "needs"),
    Panel("time", ("time_to_resolution_mean", "time_to_resolution_p90"), "weeks"),
    Panel("disputes", ("disputes_arising", "disputes_escalated"), "disputes"),
    Panel("property", ("fee_collection_rate", "firm_quality_mean"), "level", share=True),
    Panel("supply", ("active_volunteers", "active_party_members"), "people"),
    Panel("points", ("points_issued", "points_redeemed"), "points"),
    Panel("spending", ("spending_total_yuan",), "yuan"),
    Panel("equity", ("vulnerable_service_ratio", "resolution_gini_grids"), "ratio"),
)
#: Panels of the live page (all of them; the compare page may show fewer).
LIVE_PANELS = PANELS
#: The three key charts of projector mode.
KEY_PANELS: tuple[Panel, ...] = (PANELS[0], PANELS[2], PANELS[3])
#: Outcomes of the compare page's table of final-year differences.
TABLE_OUTCOMES: tuple[str, ...] = (
    "participation_any",
    "participation_deep",
    "unwilling_share",
    "satisfaction_mean",
    "trust_rc_mean",
    "backlog_open",
    "needs_expired",
    "time_to_resolution_mean",
    "disputes_escalated",
    "fee_collection_rate",
    "active_volunteers",
    "spending_total_yuan",
    "vulnerable_service_ratio",
)


def chart_columns(panels: Sequence[Panel] = PANELS) -> list[str]:
    """Every outcome column the panels draw."""
    return [c for p in panels for c in p.columns]


def _grid_shape(n: int, ncols: int) -> tuple[int, int]:
    return (n + ncols - 1) // ncols, ncols


def _new_figure(
    panels: Sequence[Panel], ncols: int, width_in: float, dpi: int, row_in: float = 2.15
) -> tuple[Figure, list]:
    configure_matplotlib_fonts()
    nrows, ncols = _grid_shape(len(panels), ncols)
    height = row_in * nrows + 0.1
    fig = Figure(figsize=(width_in, height), dpi=dpi)
    # A fixed layout: constrained layout costs several extra draws per frame.
    fig.subplots_adjust(
        left=0.055,
        right=0.99,
        bottom=0.32 / height + 0.02,
        top=1 - 0.3 / height,
        wspace=0.28,
        hspace=0.62,
    )
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    for ax in axes[len(panels) :]:
        ax.set_visible(False)
    return fig, list(axes[: len(panels)])


def _style_axis(ax, panel: Panel, lang: Lang, scale: float = 1.0) -> None:
    ax.set_title(label(f"ui.panel.{panel.key}", lang), fontsize=9 * scale, pad=3)
    ax.set_ylabel(label(f"ui.axis.{panel.axis}", lang), fontsize=7 * scale, labelpad=1)
    ax.set_xlabel(label("ui.axis.week", lang), fontsize=7 * scale, labelpad=0)
    ax.tick_params(labelsize=7 * scale, length=2, pad=1)
    ax.xaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(4))
    ax.grid(alpha=0.25, lw=0.5)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(
            fontsize=6 * scale,
            loc="upper left",
            frameon=False,
            handlelength=1.2,
            borderaxespad=0.1,
            labelspacing=0.2,
        )


def nice_ceiling(value: float) -> float:
    """Round up to 1, 2, 2.5 or 5 times a power of ten (at least 1)."""
    if not np.isfinite(value) or value <= 1:
        return 1.0
    mag = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * mag:
            return m * mag
    return 10 * mag


class LiveCharts:
    """The live page's charts: this run's trajectories, the baseline's faintly behind them.

    The figure is built once per language and model; each week only the lines are redrawn
    (:class:`cogov.ui.render.BlitFigure`). Axes only grow, in round steps (the week axis in
    blocks of :attr:`x_block` weeks, counts to round numbers), so most frames need no full
    redraw.

    Args:
        lang: the language of titles, legends and axis titles.
        panels: the panels to draw.
    """

    x_block = 26

    def __init__(
        self,
        lang: Lang,
        panels: Sequence[Panel] = LIVE_PANELS,
        ncols: int = 4,
        width_in: float = 11.0,
        dpi: int = 80,
        projector: bool = False,
    ):
        self.lang = lang
        self.projector = projector
        if projector:  # three key charts, stacked, large type, drawn as vector graphics
            panels, ncols, width_in, dpi = KEY_PANELS, 1, 6.4, 72
        self.panels = tuple(panels)
        scale = 1.9 if projector else 1.0
        row_in = 2.2 if projector else 2.15
        fig, self.axes = _new_figure(self.panels, ncols, width_in, dpi, row_in=row_in)
        if projector:
            fig.subplots_adjust(left=0.13, right=0.98, hspace=0.75, top=0.95, bottom=0.08)
        self._markers: list = []
        self._n_events = 0
        self.lines: list[tuple[int, str, Line2D, Line2D]] = []
        animated = []
        for i, (ax, panel) in enumerate(zip(self.axes, self.panels, strict=True)):
            for j, col in enumerate(panel.columns):
                colour = SERIES_COLOURS[j % len(SERIES_COLOURS)]
                lw = 2.6 if projector else 1.3
                (base,) = ax.plot(
                    [], [], color=colour, alpha=BASELINE_ALPHA, lw=lw * 1.85, solid_capstyle="butt"
                )
                (line,) = ax.plot([], [], color=colour, lw=lw, label=label(col, lang))
                self.lines.append((i, col, line, base))
                animated += [base, line]
            _style_axis(ax, panel, lang, scale)
        self.figure = fig
        self.blit = BlitFigure(fig, [] if projector else animated)
        self._ymax = [1.0] * len(self.panels)
        # Draw once now (on reset, not on the first step): the first draw of a figure also
        # loads fonts and lays out text, which makes it the slowest.
        self.blit.render(("warm-up",))

    def set_events(self, events: Sequence) -> None:
        """Mark events (:class:`cogov.events.Event`) on the time axis of every panel."""
        if len(events) == self._n_events:
            return
        for artist in self._markers:
            artist.remove()
        self._markers = []
        for ax in self.axes:
            for ev in events:
                # A mechanism switched on or off is the trainer's act: a solid, wider line.
                switch = ev.kind in SWITCH_KINDS
                self._markers.append(
                    ax.axvline(
                        ev.week,
                        color=ev.colour,
                        lw=1.8 if switch else 1.0,
                        ls="-" if switch else "--",
                        alpha=0.8,
                        zorder=0,
                    )
                )
        self._n_events = len(events)

    def svg(self) -> bytes:
        """The figure as it is now, as SVG (vector: crisp at any resolution)."""
        out = io.BytesIO()
        self.figure.savefig(out, format="svg")
        return out.getvalue()

    def update(
        self, ts: pd.DataFrame, baseline: pd.DataFrame | None, events: Sequence = ()
    ) -> bytes:
        """Draw the trajectories so far and return the frame (PNG, or SVG in projector mode)."""
        self.set_events(events)
        steps = int(ts["step"].iloc[-1]) if len(ts) else 0
        x_max = max(self.x_block, -(-steps // self.x_block) * self.x_block)
        peak = [0.0] * len(self.panels)
        for i, col, line, base in self.lines:
            for frame, artist in ((ts, line), (baseline, base)):
                if frame is not None and len(frame) and col in frame:
                    y = frame[col].to_numpy(dtype=float)
                    artist.set_data(frame["step"].to_numpy(), y)
                    finite = y[np.isfinite(y)]
                    if len(finite):
                        peak[i] = max(peak[i], float(finite.max()))
                else:
                    artist.set_data([], [])
        for i, (ax, panel) in enumerate(zip(self.axes, self.panels, strict=True)):
            if not panel.share and peak[i] > self._ymax[i]:
                self._ymax[i] = nice_ceiling(peak[i] * 1.3)
            ax.set_xlim(0, x_max)
            ax.set_ylim(0, 1.0 if panel.share else self._ymax[i])
        if self.projector:
            return self.svg()
        return self.blit.render((x_max, tuple(self._ymax), self._n_events))


@dataclass(frozen=True)
class Band:
    """Mean and 95% interval of one outcome over replications, per week."""

    step: np.ndarray
    mean: np.ndarray
    lo: np.ndarray
    hi: np.ndarray


def interval_band(frames: Sequence[pd.DataFrame], column: str, confidence: float = 0.95) -> Band:
    """Mean and t-interval of ``column`` over replications, week by week (NaNs skipped).

    The band is :func:`cogov.experiments.stats.timeseries_bands` over the weeks every run
    has; a week with a single value has a band of zero width.
    """
    if not frames or any(column not in f for f in frames):
        empty = np.array([])
        return Band(empty, empty, empty, empty)
    n_steps = min(len(f) for f in frames)
    runs = stack_runs({"arm": [f.iloc[:n_steps] for f in frames]}, [column])
    band = timeseries_bands(runs, [column], by=(), confidence=confidence)
    mean = band["mean"].to_numpy(dtype=float)
    single = band["n"].to_numpy() <= 1
    lo = np.where(single, mean, band["lo"].to_numpy(dtype=float))
    hi = np.where(single, mean, band["hi"].to_numpy(dtype=float))
    return Band(band["step"].to_numpy(), mean, lo, hi)


def compare_figure(
    base: Sequence[pd.DataFrame],
    scen: Sequence[pd.DataFrame],
    scenario_label: str,
    lang: Lang,
    panels: Sequence[Panel] = PANELS,
    ncols: int = 4,
    width_in: float = 11.0,
    dpi: int = 80,
) -> Figure:
    """Each panel's main outcome: baseline vs scenario means with 95% interval bands."""
    fig, axes = _new_figure(panels, ncols, width_in, dpi)
    steps = int(min(len(f) for f in [*base, *scen])) if (base or scen) else 0
    for ax, panel in zip(axes, panels, strict=True):
        col = panel.columns[0]
        for frames, colour, name in (
            (base, BASELINE_COLOUR, label("ui.baseline", lang)),
            (scen, SCENARIO_COLOUR, scenario_label),
        ):
            band = interval_band(frames, col)
            if len(band.step) == 0:
                continue
            ax.fill_between(band.step, band.lo, band.hi, color=colour, alpha=0.25, lw=0)
            ax.plot(band.step, band.mean, color=colour, lw=1.3, label=name)
        _style_axis(ax, panel, lang)
        ax.set_xlim(0, max(1, steps))
        if panel.share:
            ax.set_ylim(0, 1)
        ax.set_title(label(col, lang), fontsize=9, pad=3)
    return fig


def final_year_differences(
    base: Sequence[pd.DataFrame],
    scen: Sequence[pd.DataFrame],
    outcomes: Sequence[str] = TABLE_OUTCOMES,
    window: int = 52,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Paired differences (scenario − baseline) of each outcome's final-window mean.

    Replication *i* of both arms ran with the same seed, so the interval is a t-interval
    of the per-replication differences: the report's paired effects
    (:func:`cogov.experiments.stats.paired_effects`) over the compare page's runs.

    Returns:
        One row per outcome: ``outcome``, ``baseline``, ``scenario``, ``difference``,
        ``lo``, ``hi`` (the interval of the difference), ``n``.
    """
    k = min(len(base), len(scen))
    runs = stack_runs({"baseline": base[:k], "scenario": scen[:k]}, outcomes)
    summaries = run_summaries(runs, outcomes, window)
    effects = paired_effects(summaries, "baseline", outcomes, confidence=confidence)
    effects = effects.set_index("outcome").reindex(list(outcomes))
    return pd.DataFrame(
        {
            "outcome": list(outcomes),
            "baseline": effects["baseline_mean"].to_numpy(dtype=float),
            "scenario": effects["scenario_mean"].to_numpy(dtype=float),
            "difference": effects["effect"].to_numpy(dtype=float),
            "lo": effects["lo"].to_numpy(dtype=float),
            "hi": effects["hi"].to_numpy(dtype=float),
            "n": effects["n"].fillna(0).to_numpy(dtype=int),
        }
    )


def format_number(value: float, column: str) -> str:
    """A value for the table: shares as percentages, others with sensible precision."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "–"
    share_like = any(p.share and column in p.columns for p in PANELS) or column.endswith(
        ("_share", "_rate")
    )
    if share_like:
        return f"{value:.1%}"
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.2f}"


def format_difference(value: float, column: str) -> str:
    """A difference for the table: percentage points for shares, signed otherwise."""
    if value is None or np.isnan(value):
        return "–"
    share_like = any(p.share and column in p.columns for p in PANELS) or column.endswith(
        ("_share", "_rate")
    )
    if share_like:
        return f"{value * 100:+.1f} pp"
    if abs(value) >= 100:
        return f"{value:+,.0f}"
    return f"{value:+.2f}"
