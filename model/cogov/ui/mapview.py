"""The community map: grids, compounds and buildings drawn with matplotlib.

Buildings are drawn, not residents (thousands of markers would be slow and unreadable).
Each building is a square at ``layout.building_xy`` coloured by a metric the trainer picks;
dots show its party members and volunteers, a star its building leader; each compound is
outlined, with a marker for its property firm and its owners' committee. The per-building
figures are sums and means of the residents' state arrays: measurement for display, not
model rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.collections import PatchCollection
from matplotlib.colors import Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from cogov.ledgers import HIDDEN, OPEN
from cogov.phases.participation import recent
from cogov.population import COMPOUND_KINDS, ELDERLY
from cogov.ui.fonts import configure_matplotlib_fonts
from cogov.ui.labels import Lang, label
from cogov.ui.render import BlitFigure

if TYPE_CHECKING:
    from cogov.model import CommunityModel

#: Metrics a trainer can colour the map by: key -> (colormap, fixed range or None).
MAP_METRICS: dict[str, tuple[str, tuple[float, float] | None]] = {
    "participation": ("YlGn", (0.0, 1.0)),
    "satisfaction": ("RdYlGn", (0.0, 1.0)),
    "backlog": ("OrRd", None),
    "disputes": ("Purples", None),
    "trust": ("Blues", (0.0, 1.0)),
}
#: Outline colours of the compound kinds.
KIND_COLOURS = {"commodity_estate": "#1f77b4", "old_compound": "#8c564b", "work_unit": "#7f7f7f"}
SQUARE = 0.8  # side of a building square, in map units (buildings sit 1 unit apart)


@dataclass
class BuildingStats:
    """Per-building figures (arrays indexed by building)."""

    residents: np.ndarray
    households: np.ndarray
    elderly: np.ndarray
    low_income: np.ndarray
    party_members: np.ndarray
    volunteers: np.ndarray
    leader: np.ndarray
    participation: np.ndarray
    satisfaction: np.ndarray
    trust: np.ndarray
    willingness: np.ndarray
    open_needs: np.ndarray
    hidden_needs: np.ndarray
    open_disputes: np.ndarray

    def metric(self, name: str) -> np.ndarray:
        """The values the map is coloured by for a key of :data:`MAP_METRICS`."""
        if name == "participation":
            return self.participation
        if name == "satisfaction":
            return self.satisfaction
        if name == "trust":
            return self.trust
        if name == "backlog":
            return 100.0 * self.open_needs / np.maximum(self.residents, 1)
        if name == "disputes":
            return self.open_disputes.astype(float)
        raise KeyError(name)


def building_stats(model: CommunityModel) -> BuildingStats:
    """Aggregate the residents' arrays and the ledgers by building."""
    res, lay = model.residents, model.layout
    nb = lay.n_buildings
    b = res.building

    def count(mask: np.ndarray) -> np.ndarray:
        return np.bincount(b[mask], minlength=nb)

    def mean(values: np.ndarray) -> np.ndarray:
        return np.bincount(b, weights=values, minlength=nb) / np.maximum(n, 1)

    n = np.bincount(b, minlength=nb)
    window = model.params.participation.window_weeks
    took_part = recent(res.last_shallow, model.steps, window) | recent(
        res.last_deep, model.steps, window
    )
    led = model.needs
    open_idx = led.open_idx
    open_b = b[led.resident[open_idx]]
    hidden = led.status[open_idx] == HIDDEN
    disputes = model.disputes
    d_open = disputes.building[disputes.status == OPEN]
    return BuildingStats(
        residents=n,
        households=lay.building_households.astype(int),
        elderly=count(res.age == ELDERLY),
        low_income=count(res.low_income),
        party_members=count(res.party_member),
        volunteers=count(res.volunteer),
        leader=count(res.building_leader) > 0,
        participation=mean(took_part.astype(float)),
        satisfaction=mean(res.satisfaction),
        trust=mean(res.trust_rc),
        willingness=mean(res.willingness),
        open_needs=np.bincount(open_b, minlength=nb),
        hidden_needs=np.bincount(open_b[hidden], minlength=nb),
        open_disputes=np.bincount(d_open[d_open >= 0], minlength=nb),
    )


@dataclass(frozen=True)
class MapGeometry:
    """Where the map's axes sit in the image, to turn a click into a building.

    Attributes:
        width_px, height_px: the image's size in pixels.
        axes_px: the axes' (left, bottom, right, top) in pixels from the image's bottom-left.
        xlim, ylim: the axes' data limits.
        xy: building positions (n_buildings × 2).
    """

    width_px: float
    height_px: float
    axes_px: tuple[float, float, float, float]
    xlim: tuple[float, float]
    ylim: tuple[float, float]
    xy: np.ndarray

    def centre_px(self, building: int) -> tuple[float, float]:
        """A building's centre as an offset (x, y) from the image's top-left, in pixels."""
        x, y = self.xy[building]
        left, bottom, right, top = self.axes_px
        px = left + (x - self.xlim[0]) / (self.xlim[1] - self.xlim[0]) * (right - left)
        py = bottom + (y - self.ylim[0]) / (self.ylim[1] - self.ylim[0]) * (top - bottom)
        return float(px), float(self.height_px - py)

    def building_at(self, x_px: float, y_px: float, shown_width: float | None = None) -> int | None:
        """The building under a click at (x_px, y_px) from the image's top-left, or None.

        Args:
            x_px: the click's horizontal offset in the image as shown.
            y_px: the click's vertical offset in the image as shown.
            shown_width: the image's width as shown, if the page scaled it.
        """
        scale = self.width_px / shown_width if shown_width else 1.0
        x, y = x_px * scale, self.height_px - y_px * scale
        left, bottom, right, top = self.axes_px
        if not (left <= x <= right and bottom <= y <= top):
            return None
        dx = self.xlim[0] + (x - left) / (right - left) * (self.xlim[1] - self.xlim[0])
        dy = self.ylim[0] + (y - bottom) / (top - bottom) * (self.ylim[1] - self.ylim[0])
        d = np.max(np.abs(self.xy - np.array([dx, dy])), axis=1)
        best = int(np.argmin(d))
        return best if d[best] <= SQUARE / 2 + 0.1 else None


def _y(xy: np.ndarray) -> np.ndarray:
    """Map rows grow downwards (grid 0 top-left), as on a paper map of blocks."""
    return -xy[:, 1]


def _dot_sizes(counts: np.ndarray) -> np.ndarray:
    return np.where(counts > 0, 4 + 9 * np.sqrt(counts), 0.0)


class MapView:
    """The community map of one model, in one language, coloured by one metric.

    The static parts (grids, compound outlines, legend, colour bar) are drawn once; each
    week only the buildings' colours and the markers are redrawn
    (:class:`cogov.ui.render.BlitFigure`).

    Args:
        model: the running model (its layout does not change during a run).
        metric: a key of :data:`MAP_METRICS`.
        lang: the language of the labels.
    """

    def __init__(
        self, model: CommunityModel, metric: str, lang: Lang, width_in: float = 7.6, dpi: int = 90
    ):
        configure_matplotlib_fonts()
        if metric not in MAP_METRICS:
            raise KeyError(f"unknown map metric {metric!r}; known: {', '.join(MAP_METRICS)}")
        self.metric, self.lang, self.dpi = metric, lang, dpi
        lay = model.layout
        xy = np.column_stack([lay.building_xy[:, 0], _y(lay.building_xy)])
        self.xy = xy
        span_x = xy[:, 0].max() - xy[:, 0].min() + 2.0
        span_y = xy[:, 1].max() - xy[:, 1].min() + 2.5
        legend_in = 0.55
        # Just tall enough for the map at equal aspect, plus the legend below it.
        height_in = max(2.5, min(9.0, (width_in * 0.86 * span_y / span_x + legend_in) / 0.99))
        fig = Figure(figsize=(width_in, height_in), dpi=dpi)
        legend_h = legend_in / height_in
        ax = fig.add_axes((0.01, legend_h, 0.86, 0.99 - legend_h))
        cax = fig.add_axes((0.885, legend_h + 0.05, 0.022, 0.85 - legend_h))
        ax.set_aspect("equal")
        ax.set_axis_off()
        self._grids_and_compounds(ax, model, lang)
        cmap_name, fixed = MAP_METRICS[metric]
        self.cmap = colormaps[cmap_name]
        self.fixed = fixed
        self.norm = Normalize(*(fixed or (0.0, 1.0)))
        half = SQUARE / 2
        self.squares = PatchCollection(
            [Rectangle((x - half, y - half), SQUARE, SQUARE) for x, y in xy],
            edgecolors="#666666",
            linewidths=0.4,
            zorder=2,
        )
        ax.add_collection(self.squares)
        n = len(xy)
        self.party = ax.scatter(
            xy[:, 0] - 0.22,
            xy[:, 1] + 0.22,
            s=np.zeros(n),
            c="#d62728",
            edgecolors="white",
            linewidths=0.3,
            zorder=3,
        )
        self.volunteers = ax.scatter(
            xy[:, 0] + 0.22,
            xy[:, 1] + 0.22,
            s=np.zeros(n),
            c="#2ca02c",
            edgecolors="white",
            linewidths=0.3,
            zorder=3,
        )
        self.leaders = ax.scatter(
            xy[:, 0],
            xy[:, 1] - 0.2,
            marker="*",
            s=np.zeros(n),
            c="#ffbf00",
            edgecolors="#7a5c00",
            linewidths=0.4,
            zorder=4,
        )
        badges = np.array([self.badge_pos[c] for c in range(lay.n_compounds)])
        self.firms = ax.scatter(
            badges[:, 0] - 0.05,
            badges[:, 1] + 0.05,
            marker="s",
            s=np.zeros(len(badges)),
            c="#1f77b4",
            edgecolors="white",
            linewidths=0.6,
            zorder=5,
        )
        self.ocs = ax.scatter(
            badges[:, 0] - 0.55,
            badges[:, 1] + 0.05,
            marker="D",
            s=np.zeros(len(badges)),
            c="#9467bd",
            edgecolors="#9467bd",
            linewidths=1.0,
            zorder=5,
        )
        self.highlight = Rectangle(
            (0, 0), SQUARE, SQUARE, fill=False, edgecolor="black", lw=2.4, zorder=6, visible=False
        )
        ax.add_patch(self.highlight)
        ax.set_xlim(xy[:, 0].min() - 1.0, xy[:, 0].max() + 1.0)
        ax.set_ylim(xy[:, 1].min() - 1.0, xy[:, 1].max() + 1.5)
        self.colorbar = fig.colorbar(ScalarMappable(norm=self.norm, cmap=self.cmap), cax=cax)
        self.colorbar.ax.tick_params(labelsize=7)
        self.colorbar.set_label(label(f"map.{metric}", lang), fontsize=8)
        self._legend(fig, lang)
        self.figure, self.ax = fig, ax
        self.blit = BlitFigure(
            fig,
            [
                self.squares,
                self.party,
                self.volunteers,
                self.leaders,
                self.firms,
                self.ocs,
                self.highlight,
            ],
        )
        w_px, h_px = fig.get_size_inches() * dpi
        ax.apply_aspect()
        pos = ax.get_position()
        self.geometry = MapGeometry(
            float(w_px),
            float(h_px),
            (pos.x0 * w_px, pos.y0 * h_px, pos.x1 * w_px, pos.y1 * h_px),
            tuple(ax.get_xlim()),
            tuple(ax.get_ylim()),
            xy,
        )
        # Draw the static parts now (on reset), not on the first step.
        self.blit.render(self.norm.vmax)

    def _grids_and_compounds(self, ax: Any, model: CommunityModel, lang: Lang) -> None:
        lay, xy = model.layout, self.xy
        for g in range(lay.n_grids):
            pts = xy[lay.building_grid == g]
            if len(pts) == 0:
                continue
            x0, y0 = pts.min(axis=0) - 0.75
            x1, y1 = pts.max(axis=0) + 0.75
            ax.add_patch(
                Rectangle(
                    (x0, y0),
                    x1 - x0,
                    y1 - y0,
                    facecolor="#f2f2f2",
                    edgecolor="#bbbbbb",
                    lw=0.8,
                    zorder=0,
                )
            )
            ax.text(
                x0 + 0.05,
                y1 + 0.12,
                f"{label('grid', lang)} {g + 1}",
                fontsize=7,
                color="#555555",
                va="bottom",
                ha="left",
            )
        self.badge_pos: dict[int, tuple[float, float]] = {}
        for c in range(lay.n_compounds):
            kind = COMPOUND_KINDS[lay.compound_kind[c]]
            in_c = lay.building_compound == c
            for g in np.unique(lay.building_grid[in_c]):
                pts = xy[in_c & (lay.building_grid == g)]
                x0, y0 = pts.min(axis=0) - 0.5
                x1, y1 = pts.max(axis=0) + 0.5
                ax.add_patch(
                    Rectangle(
                        (x0, y0),
                        x1 - x0,
                        y1 - y0,
                        fill=False,
                        edgecolor=KIND_COLOURS[kind],
                        lw=1.3,
                        zorder=1,
                        ls="--" if kind == "old_compound" else "-",
                    )
                )
                self.badge_pos.setdefault(c, (x1, y1))
            self.badge_pos.setdefault(c, (0.0, 0.0))

    @staticmethod
    def _legend(fig: Figure, lang: Lang) -> None:
        handles = [
            Line2D(
                [], [], ls="", marker="o", color="#d62728", label=label("ui.legend.party", lang)
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="o",
                color="#2ca02c",
                label=label("ui.legend.volunteers", lang),
            ),
            Line2D(
                [],
                [],
                ls="",
                marker="*",
                color="#ffbf00",
                markeredgecolor="#7a5c00",
                label=label("ui.legend.leader", lang),
            ),
            Line2D([], [], ls="", marker="s", color="#1f77b4", label=label("ui.legend.firm", lang)),
            Line2D([], [], ls="", marker="D", color="#9467bd", label=label("ui.legend.oc", lang)),
            Line2D(
                [],
                [],
                ls="",
                marker="D",
                color="white",
                markeredgecolor="#9467bd",
                label=label("ui.legend.oc_weak", lang),
            ),
        ] + [
            Line2D(
                [],
                [],
                color=KIND_COLOURS[k],
                ls="--" if k == "old_compound" else "-",
                label=label(k, lang),
            )
            for k in COMPOUND_KINDS
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=5,
            fontsize=7,
            frameon=False,
            bbox_to_anchor=(0.45, 0.0),
            handletextpad=0.3,
            columnspacing=0.9,
            labelspacing=0.3,
        )

    def update(
        self, model: CommunityModel, stats: BuildingStats | None = None, selected: int | None = None
    ) -> bytes:
        """Draw this week's map and return it as PNG bytes."""
        stats = stats or building_stats(model)
        values = stats.metric(self.metric)
        if self.fixed is None:
            top = float(np.nanmax(values)) if len(values) else 1.0
            if top > self.norm.vmax:
                self.norm.vmax = _nice(top * 1.25)
                self.colorbar.update_normal(self.colorbar.mappable)
        self.squares.set_facecolor(self.cmap(self.norm(values)))
        self.party.set_sizes(_dot_sizes(stats.party_members))
        self.volunteers.set_sizes(_dot_sizes(stats.volunteers))
        self.leaders.set_sizes(np.where(stats.leader, 26.0, 0.0))
        n_c = model.layout.n_compounds
        firm_on = np.zeros(n_c, dtype=bool)
        for firm in model.active_firms():
            firm_on[firm.compound] = True
        self.firms.set_sizes(np.where(firm_on, 36.0, 0.0))
        oc_size = np.zeros(n_c)
        oc_face = np.ones((n_c, 4))
        for c, oc in model.oc_of_compound.items():
            oc_size[c] = 30.0
            if oc.functional:
                oc_face[c] = (0.58, 0.40, 0.74, 1.0)
        self.ocs.set_sizes(oc_size)
        self.ocs.set_facecolor(oc_face)
        if selected is not None and 0 <= selected < len(self.xy):
            x, y = self.xy[selected]
            self.highlight.set_xy((x - SQUARE / 2, y - SQUARE / 2))
            self.highlight.set_visible(True)
        else:
            self.highlight.set_visible(False)
        return self.blit.render(self.norm.vmax)


def _nice(value: float) -> float:
    if value <= 1:
        return 1.0
    mag = 10 ** np.floor(np.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if value <= m * mag:
            return float(m * mag)
    return float(10 * mag)


def map_figure(
    model: CommunityModel, metric: str, lang: Lang, selected: int | None = None
) -> tuple[Figure, MapGeometry]:
    """Draw the map once; return the figure (all artists drawn) and its geometry."""
    view = MapView(model, metric, lang)
    view.update(model, selected=selected)
    for artist in view.blit.animated:
        artist.set_animated(False)
    return view.figure, view.geometry


def building_summary(
    model: CommunityModel, building: int, stats: BuildingStats | None = None
) -> dict[str, Any]:
    """A building's residents in brief, keyed by ``summary.*`` label keys (plus ids)."""
    stats = stats or building_stats(model)
    lay = model.layout
    b = int(building)
    c = int(lay.building_compound[b])
    firm = next((f for f in model.active_firms() if f.compound == c), None)
    oc = model.oc_of_compound.get(c)
    return {
        "building": b,
        "compound": c,
        "compound_kind": COMPOUND_KINDS[lay.compound_kind[c]],
        "grid": int(lay.building_grid[b]),
        "summary.households": int(stats.households[b]),
        "summary.residents": int(stats.residents[b]),
        "summary.elderly": int(stats.elderly[b]),
        "summary.low_income": int(stats.low_income[b]),
        "summary.party_members": int(stats.party_members[b]),
        "summary.volunteers": int(stats.volunteers[b]),
        "summary.building_leader": bool(stats.leader[b]),
        "summary.participation": float(stats.participation[b]),
        "summary.satisfaction": float(stats.satisfaction[b]),
        "summary.trust_rc": float(stats.trust[b]),
        "summary.willingness": float(stats.willingness[b]),
        "summary.open_needs": int(stats.open_needs[b]),
        "summary.hidden_needs": int(stats.hidden_needs[b]),
        "summary.open_disputes": int(stats.open_disputes[b]),
        "summary.firm": None if firm is None else float(firm.quality),
        "summary.oc": None if oc is None else bool(oc.functional),
    }


def format_summary(summary: dict[str, Any], lang: Lang) -> list[tuple[str, str]]:
    """The summary as (label, value) rows in ``lang``, ready for a small table."""
    rows: list[tuple[str, str]] = []
    yes, none = label("summary.yes", lang), label("summary.none", lang)
    for key, value in summary.items():
        if not key.startswith("summary."):
            continue
        if key == "summary.firm":
            text = none if value is None else f"{label('summary.firm_quality', lang)} {value:.2f}"
        elif key == "summary.oc":
            text = (
                none
                if value is None
                else label("summary.oc_functional" if value else "summary.oc_not_functional", lang)
            )
        elif isinstance(value, bool):
            text = yes if value else none
        elif isinstance(value, float):
            text = f"{value:.0%}" if key == "summary.participation" else f"{value:.2f}"
        else:
            text = str(value)
        rows.append((label(key, lang), text))
    return rows


def building_title(summary: dict[str, Any], lang: Lang) -> str:
    """A heading such as "Building 12 · Compound 3 (Old compound) · Grid 2"."""
    return (
        f"{label('building', lang)} {summary['building'] + 1} · "
        f"{label('compound', lang)} {summary['compound'] + 1} "
        f"({label(summary['compound_kind'], lang)}) · "
        f"{label('grid', lang)} {summary['grid'] + 1}"
    )
