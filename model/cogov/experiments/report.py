"""The report of a sweep: Markdown with PNG and SVG figures, and one self-contained HTML page.

Sections, as the experiment allows: provenance; the outcomes shown (title, unit, which way
is better); outcome means per scenario with 95% confidence intervals; time series with
interval bands (kept within each outcome's range: no negative counts, no share above 1);
effects of each scenario against the baseline (paired differences with their CIs) as a bar
chart coloured by whether the change is good for that outcome
(:data:`cogov.metrics.GOOD_DIRECTION`); the same effects per 10,000 yuan of extra spending
(when the runs kept ``spending_total_yuan``); heatmaps of two-parameter grids; Morris (mu*,
sigma) and Sobol (S1, ST with CIs) sensitivity indices, labelled with full parameter names;
failed runs.

Figures are drawn with matplotlib's Agg canvas (no display, no global pyplot state); panel
titles are the outcomes' names with their units, in English or Chinese (``lang``), from the
one table of names (:mod:`cogov.ui.labels`). ``report.html`` carries every figure inside it
(base64 PNG), so it can be mailed or archived as one file; the PNG and SVG files are written
beside it for papers. The results are read from the run files once, only the columns the
report uses, and every section computes from that one table.
"""

from __future__ import annotations

import base64
import html
import math
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from cogov.errors import InputError
from cogov.experiments.interface import MAIN_OUTCOMES
from cogov.experiments.ledger import RunStatus
from cogov.experiments.spec import Experiment
from cogov.experiments.stats import (
    ACTIVITIES_COLUMN,
    MECHANISMS_SPENDING,
    SPENDING_COLUMN,
    effects_per_10k_yuan,
    outcome_means,
    paired_effects,
    run_summaries,
    timeseries_bands,
    with_mechanism_spending,
)
from cogov.experiments.store import ID_COLUMNS, ResultStore, load_results
from cogov.metrics import good_direction, outcome_range, outcome_unit

#: Most outcomes given a figure panel or a table row unless the experiment lists them.
MAX_OUTCOMES = 12
#: Most lines in one time-series panel, and most rows in per-point tables.
MAX_SERIES = 12
MAX_TABLE_POINTS = 30
#: The report's languages: figure titles, units and axis labels (the prose is English).
LANGS = ("en", "zh")
#: Effect bar colours: the change is good, bad, or has no better direction for the outcome.
GOOD, BAD, NEUTRAL = "#1a9850", "#d73027", "#7f7f7f"

ProgressFn = Callable[[str], None]


@dataclass
class ReportPaths:
    """Where the report was written: ``figures`` are the PNG files, ``vectors`` the SVGs."""

    markdown: Path
    html: Path
    figures: list[Path] = field(default_factory=list)
    vectors: list[Path] = field(default_factory=list)


def outcome_title(column: str, lang: str = "en") -> str:
    """Return an outcome's human title with its unit, e.g. "Needs resolved (per week)"."""
    from cogov.ui.labels import label

    unit = label(f"unit.{outcome_unit(column)}", lang)  # type: ignore[arg-type]
    name = label(column, lang)  # type: ignore[arg-type]
    return f"{name}（{unit}）" if lang == "zh" else f"{name} ({unit})"


def _direction_text(column: str) -> str:
    return {1: "higher", -1: "lower", 0: "neither"}[good_direction(column)]


def _clip(values: Any, column: str) -> np.ndarray:
    """Keep interval ends within the outcome's range (a count is not negative)."""
    low, high = outcome_range(column)
    return np.clip(np.asarray(values, dtype=float), low, high)


def _effect_colours(effects: pd.DataFrame, outcome: str) -> list[tuple[str, float]]:
    """Colour and opacity of each effect bar: good, bad or neutral; faint if CI includes 0."""
    sign = good_direction(outcome)
    out = []
    for effect, lo, hi in zip(effects["effect"], effects["lo"], effects["hi"], strict=True):
        if not np.isfinite(effect) or effect == 0 or sign == 0:
            colour = NEUTRAL
        else:
            colour = GOOD if effect * sign > 0 else BAD
        clear = np.isfinite(lo) and (lo > 0 or hi < 0)
        out.append((colour, 0.9 if clear else 0.4))
    return out


def _fmt(value: float, half: float | None = None) -> str:
    if value is None or not np.isfinite(value):
        return "–"
    if half is None or not np.isfinite(half):
        return f"{value:.4g}"
    return f"{value:.4g} ± {half:.2g}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    lines = [
        "| " + " | ".join(str(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _grid(n: int, ncols: int = 3) -> tuple[int, int]:
    ncols = max(1, min(ncols, n))
    return math.ceil(n / ncols), ncols


class _Figures:
    def __init__(self, folder: Path, lang: str = "en"):
        self.folder = folder
        self.lang = lang
        self.paths: list[Path] = []
        self.vectors: list[Path] = []
        if lang == "zh":
            from cogov.ui.fonts import configure_matplotlib_fonts

            configure_matplotlib_fonts()

    def title(self, column: str) -> str:
        return outcome_title(column, self.lang)

    def new(
        self, n_panels: int, ncols: int = 3, size: tuple[float, float] = (4.2, 3.0)
    ) -> tuple[Figure, list[Any]]:
        rows, cols = _grid(n_panels, ncols)
        fig = Figure(figsize=(size[0] * cols, size[1] * rows), layout="constrained")
        FigureCanvasAgg(fig)
        axes = [fig.add_subplot(rows, cols, i + 1) for i in range(n_panels)]
        return fig, axes

    def save(self, fig: Figure, name: str) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{_slug(name)}.png"
        fig.savefig(path, dpi=110)
        # the layout found for the PNG holds for the SVG: do not search for it again
        fig.set_layout_engine("none")
        vector = path.with_suffix(".svg")
        # text as text, not outlines: editable in a paper's figure, and quicker to write
        with mpl.rc_context({"svg.fonttype": "none"}):
            fig.savefig(vector)
        self.paths.append(path)
        self.vectors.append(vector)
        return f"figures/{path.name}"


def _cell(frame: pd.DataFrame, combo: Any, outcome: str) -> pd.Series:
    """The row of a long table for one scenario and design point (``combo``) and outcome."""
    return frame[
        (frame["scenario"] == combo.scenario)
        & (frame["point"] == combo.point)
        & (frame["outcome"] == outcome)
    ].iloc[0]


def _value(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{value:.3g}"
    return str(value)


def _series_label(
    scenario: str, point: int, n_points: int, points: pd.DataFrame, varied: Sequence[str]
) -> str:
    if n_points <= 1:
        return scenario
    row = points.loc[points["point"] == point]
    if row.empty or not varied:
        return f"{scenario} @ point {point}"
    if row.iloc[0][list(varied)].isna().all():
        return f"{scenario} (defaults)"  # a sample design's defaults point
    vals = ", ".join(f"{k}={_value(row.iloc[0][k])}" for k in varied)
    return f"{scenario} ({vals})"


def _reported_columns(exp: Experiment) -> list[str] | None:
    """The outcome columns the report reads, or None for all (the file does not list them)."""
    if exp.report.outcomes:
        return [*exp.report.outcomes, SPENDING_COLUMN, ACTIVITIES_COLUMN]
    if exp.outputs:
        return list(exp.outputs)
    return None


def write_report(
    directory: Path | str,
    out: Path | str | None = None,
    *,
    lang: str = "en",
    progress: ProgressFn | None = None,
) -> ReportPaths:
    """Write ``report.md``, a self-contained ``report.html`` and PNG and SVG figures.

    Args:
        directory: the output folder of a sweep.
        out: where to write (default ``<directory>/report``).
        lang: the language of figure titles, units and axis labels: ``"en"`` or ``"zh"``.
        progress: called with a short message as each part is done (e.g. to print it).

    Returns:
        The paths written.

    Raises:
        InputError: if ``directory`` is not an experiment's output folder, holds no runs, or
            ``lang`` is not a report language.
    """
    if lang not in LANGS:
        raise InputError(f"report language '{lang}' is not allowed; allowed: {', '.join(LANGS)}")
    started = time.perf_counter()

    def step(message: str) -> None:
        if progress is not None:
            progress(f"{message} ({time.perf_counter() - started:.1f} s)")

    directory = Path(directory)
    store = ResultStore(directory)
    manifest = store.manifest()
    exp = Experiment.model_validate(manifest["spec"])
    out_dir = Path(out) if out is not None else directory / "report"
    wanted = _reported_columns(exp)
    columns = None if wanted is None else [*exp.varied, *wanted]
    # The results cache lives in the sweep's folder: kept only when the report goes there too,
    # so a report written elsewhere (``--out``) writes nothing outside its own folder.
    results = load_results(directory, columns=columns, cache=out is None)
    if results.empty:
        raise InputError(f"{directory}: no finished runs to report on yet")
    step(f"{exp.name}: read {results['run_id'].nunique()} runs")
    figs = _Figures(out_dir / "figures", lang)
    varied = [k for k in exp.varied if k in results.columns]
    kept = [
        c
        for c in results.columns
        if c not in (*ID_COLUMNS, "step", *varied) and pd.api.types.is_numeric_dtype(results[c])
    ]
    if exp.report.outcomes:
        shown = [o for o in exp.report.outcomes if o in kept]
    else:
        shown = [o for o in MAIN_OUTCOMES if o in kept][:MAX_OUTCOMES] or kept[:MAX_OUTCOMES]
    summaries = run_summaries(results, kept, exp.summary_weeks, keys=varied)
    step(f"{exp.name}: summarised each run's last {exp.summary_weeks} weeks")
    points = (
        summaries.groupby("point", sort=True)[varied].first().reset_index()
        if varied
        else (pd.DataFrame({"point": [0]}))
    )
    n_points = int(summaries["point"].nunique())
    md: list[str] = []
    md += _provenance(exp, manifest, results, store, directory)
    md += _outcomes_section(shown, figs.lang)
    md += _means_section(exp, summaries, shown, n_points, points, varied)
    step(f"{exp.name}: means")
    md += _timeseries_section(exp, results, shown, n_points, points, varied, figs)
    step(f"{exp.name}: time series")
    md += _effects_section(exp, summaries, shown, n_points, points, varied, figs)
    md += _per_10k_yuan_section(exp, summaries, shown, n_points, points, varied)
    step(f"{exp.name}: effects")
    if exp.design.method == "grid" and len(varied) == 2:
        md += _heatmap_section(exp, summaries, shown, varied, figs)
        step(f"{exp.name}: heatmaps")
    if exp.design.method in ("morris", "sobol"):
        md += _sensitivity_section(exp, directory, summaries, shown, figs)
        if exp.report.analyse == "effect":
            md += _robustness_section(exp, directory, summaries, shown)
        step(f"{exp.name}: sensitivity indices")
    md += _failures_section(store)
    text = "\n".join(md).rstrip() + "\n"
    out_dir.mkdir(parents=True, exist_ok=True)
    md_path = out_dir / "report.md"
    md_path.write_text(text, encoding="utf-8")
    html_path = out_dir / "report.html"
    html_path.write_text(_to_html(text, exp.name, out_dir), encoding="utf-8")
    step(f"{exp.name}: written to {out_dir}")
    return ReportPaths(md_path, html_path, figs.paths, figs.vectors)


def _outcomes_section(shown: list[str], lang: str) -> list[str]:
    rows = [[f"`{o}`", outcome_title(o, lang), f"{_direction_text(o)} is better"] for o in shown]
    return [
        "## Outcomes shown",
        "",
        "Each outcome's title and unit in the figures, and which way is better for residents "
        "and the community (`cogov.metrics.GOOD_DIRECTION`): effect bars are green when a "
        "scenario moves the outcome that way, red when it moves it the other way, grey when "
        "neither way is better.",
        "",
        _table(["column", "title (unit)", "direction"], rows),
        "",
    ]


def _provenance(
    exp: Experiment,
    manifest: dict[str, Any],
    results: pd.DataFrame,
    store: ResultStore,
    directory: Path,
) -> list[str]:
    sweeps = manifest.get("sweeps", [])
    last = sweeps[-1] if sweeps else {}
    reps = results.groupby("scenario")["replication"].nunique()
    design = exp.design.method
    if design != "none":
        design += f" over {', '.join(f'`{k}`' for k in exp.varied)}"
    lines = [f"# Experiment report: {exp.name}", ""]
    if exp.description:
        lines += [exp.description.strip(), ""]
    rows = [
        ("output folder", f"`{directory}`"),
        ("scenarios", ", ".join(exp.labels)),
        ("baseline", exp.baseline_label or "–"),
        ("design", design),
        ("design points", str(results["point"].nunique())),
        ("replications per scenario", ", ".join(f"{s}: {int(n)}" for s, n in reps.items())),
        ("finished runs", str(results["run_id"].nunique())),
        ("failed runs", str(len(store.ledger.failed_ids()))),
        ("steps per run", str(int(results["step"].max()))),
        ("summary of a run", f"mean of the last {exp.summary_weeks} steps"),
        ("master seed", str(exp.master_seed)),
        ("experiment file hash", f"`{last.get('experiment_file_hash') or '–'}`"),
        ("git commit", f"`{last.get('git_commit') or '–'}`"),
        (
            "package versions",
            ", ".join(f"{k} {v}" for k, v in (last.get("package_versions") or {}).items()),
        ),
    ]
    lines += [_table(["", ""], rows), ""]
    return lines


def _means_section(
    exp: Experiment,
    summaries: pd.DataFrame,
    shown: list[str],
    n_points: int,
    points: pd.DataFrame,
    varied: list[str],
) -> list[str]:
    lines = ["## Outcome means with 95% confidence intervals", ""]
    lines.append(
        f"Mean over replications of each run's last {exp.summary_weeks} weeks, ± the half-width "
        "of the 95% t-interval."
    )
    if n_points > MAX_TABLE_POINTS:
        lines.append(
            f"Pooled over all {n_points} design points (so the interval includes the "
            "variation across the design)."
        )
        means = outcome_means(summaries, shown, by=("scenario",))
        means["point"] = 0
        n_show = 1
    else:
        means = outcome_means(summaries, shown)
        n_show = n_points
    lines.append("")
    columns = list(means[["scenario", "point"]].drop_duplicates().itertuples(index=False))
    for start in range(0, len(columns), 6):
        chunk = columns[start : start + 6]
        header = ["outcome"] + [
            _series_label(c.scenario, c.point, n_show, points, varied) for c in chunk
        ]
        rows = []
        for outcome in shown:
            row = [f"`{outcome}`"]
            for c in chunk:
                m = _cell(means, c, outcome)
                row.append(_fmt(m["mean"], m["half_width"]))
            rows.append(row)
        lines += [_table(header, rows), ""]
    return lines


def _timeseries_section(
    exp: Experiment,
    results: pd.DataFrame,
    shown: list[str],
    n_points: int,
    points: pd.DataFrame,
    varied: list[str],
    figs: _Figures,
) -> list[str]:
    combos = results[["scenario", "point"]].drop_duplicates()
    if len(combos) > MAX_SERIES:
        return [
            "## Time series",
            "",
            f"Not drawn: {len(combos)} scenario and design-point combinations (at most "
            f"{MAX_SERIES}); use `load_results` to plot the ones of interest.",
            "",
        ]
    bands = timeseries_bands(results, shown)
    fig, axes = figs.new(len(shown))
    week = "周" if figs.lang == "zh" else "week"
    for ax, outcome in zip(axes, shown, strict=True):
        sub = bands[bands["outcome"] == outcome]
        for combo in combos.itertuples(index=False):
            line = sub[(sub["scenario"] == combo.scenario) & (sub["point"] == combo.point)]
            label = _series_label(combo.scenario, combo.point, n_points, points, varied)
            (handle,) = ax.plot(line["step"], line["mean"], lw=1.2, label=label)
            ax.fill_between(
                line["step"],
                _clip(line["lo"], outcome),
                _clip(line["hi"], outcome),
                alpha=0.2,
                lw=0,
                color=handle.get_color(),
            )
        ax.set_title(figs.title(outcome), fontsize=9)
        ax.set_xlabel(week, fontsize=8)
        ax.tick_params(labelsize=7)
    axes[0].legend(fontsize=7, loc="best")
    ref = figs.save(fig, "timeseries")
    return [
        "## Time series",
        "",
        "Mean over replications per week, with the 95% t-interval as a band (cut at the "
        "outcome's range: a count does not go below 0, a share not above 1).",
        "",
        f"![time series]({ref})",
        "",
    ]


def _effects_section(
    exp: Experiment,
    summaries: pd.DataFrame,
    shown: list[str],
    n_points: int,
    points: pd.DataFrame,
    varied: list[str],
    figs: _Figures,
) -> list[str]:
    base = exp.baseline_label
    if base is None or len(exp.labels) < 2:
        return []
    effects = paired_effects(summaries, base, shown)
    if effects.empty:
        return ["## Effects against the baseline", "", f"No finished runs of '{base}'.", ""]
    lines = [
        "## Effects against the baseline",
        "",
        f"Paired difference (scenario − `{base}`) of each run's last-{exp.summary_weeks}-week "
        "mean, replication by replication (same seeds), with its 95% t-interval; "
        "*n* is the number of pairs. An interval that excludes 0 is marked **bold**.",
        "",
    ]
    combos = list(effects[["scenario", "point"]].drop_duplicates().itertuples(index=False))
    if len(combos) <= MAX_TABLE_POINTS * 2:
        rows = []
        for outcome in shown:
            for c in combos:
                e = _cell(effects, c, outcome)
                sig = np.isfinite(e["lo"]) and (e["lo"] > 0 or e["hi"] < 0)
                eff = _fmt(e["effect"], e["half_width"])
                rows.append(
                    [
                        f"`{outcome}`",
                        _series_label(c.scenario, c.point, n_points, points, varied),
                        _fmt(e["baseline_mean"]),
                        f"**{eff}**" if sig else eff,
                        "–" if not np.isfinite(e["relative"]) else f"{e['relative']:+.1%}",
                        int(e["n"]),
                    ]
                )
        lines += [
            _table(
                ["outcome", "scenario", "baseline mean", "effect ± 95% CI", "relative", "n"], rows
            ),
            "",
        ]
    if len(combos) <= 20:
        fig, axes = figs.new(len(shown), ncols=2, size=(5.5, 0.4 * len(combos) + 1.2))
        for ax, outcome in zip(axes, shown, strict=True):
            sub = effects[effects["outcome"] == outcome]
            labels = [
                _series_label(r.scenario, r.point, n_points, points, varied)
                for r in sub.itertuples()
            ]
            y = np.arange(len(sub))
            colours = _effect_colours(sub, outcome)
            ax.barh(
                y,
                sub["effect"],
                xerr=sub["half_width"].fillna(0),
                color=colours,
                capsize=3,
            )
            ax.axvline(0, color="black", lw=0.8)
            ax.set_yticks(y, labels, fontsize=7)
            ax.invert_yaxis()
            versus = f"与 {base} 之差" if figs.lang == "zh" else f"effect vs {base}"
            ax.set_title(f"{figs.title(outcome)}: {versus}", fontsize=9)
            ax.tick_params(axis="x", labelsize=7)
        ref = figs.save(fig, "effects")
        lines += [
            "Bars: green where the effect is good for that outcome (see *Outcomes shown*), red "
            "where it is bad, grey where neither way is better; faint where the 95% CI "
            "includes 0.",
            "",
            f"![effects against the baseline]({ref})",
            "",
        ]
    return lines


def _per_10k_yuan_section(
    exp: Experiment,
    summaries: pd.DataFrame,
    shown: list[str],
    n_points: int,
    points: pd.DataFrame,
    varied: list[str],
) -> list[str]:
    base = exp.baseline_label
    if base is None or len(exp.labels) < 2 or SPENDING_COLUMN not in summaries.columns:
        return []
    outcomes = [o for o in shown if o != SPENDING_COLUMN]
    summaries = with_mechanism_spending(summaries)
    cost = MECHANISMS_SPENDING if MECHANISMS_SPENDING in summaries.columns else SPENDING_COLUMN
    per = effects_per_10k_yuan(summaries, base, outcomes, spending=cost)
    combos = list(per[["scenario", "point"]].drop_duplicates().itertuples(index=False))
    if per.empty or len(combos) > MAX_TABLE_POINTS * 2:
        return []
    lines = [
        "## Outcomes per 10,000 yuan",
        "",
        f"Each scenario's effect against `{base}` (paired by replication, as above) divided "
        f"by its extra spending: the mean paired difference of `{cost}` over the "
        f"last {exp.summary_weeks} weeks, per year (× 52), in units of 10,000 yuan"
        + (
            " (all spending but activities: what the scenario spends on its mechanisms; "
            "when the budget is used up either way, their cost shows as activities forgone, "
            "not as more total spending)"
            if cost == MECHANISMS_SPENDING
            else ""
        )
        + ". The ratio "
        "is of the means, with a 95% interval by the delta method; an interval that "
        "excludes 0 is **bold**. *No extra cost*: the scenario spends no more than the "
        "baseline, so no ratio is given; *costs less*: the ratio is per 10,000 yuan saved.",
        "",
    ]
    rows = []
    for outcome in outcomes:
        for c in combos:
            e = _cell(per, c, outcome)
            if e["note"] in ("no extra cost", "no pairs"):
                ratio = e["note"]
            else:
                ratio = _fmt(e["per_10k_yuan"], e["half_width"])
                sig = np.isfinite(e["lo"]) and (e["lo"] > 0 or e["hi"] < 0)
                ratio = f"**{ratio}**" if sig else ratio
                if e["note"]:
                    ratio += f" ({e['note']})"
            rows.append(
                [
                    f"`{outcome}`",
                    _series_label(c.scenario, c.point, n_points, points, varied),
                    _fmt(e["extra_yuan_per_year"]),
                    _fmt(e["effect"]),
                    ratio,
                    int(e["n"]),
                ]
            )
    header = ["outcome", "scenario", "extra yuan/year", "effect", "per 10,000 yuan ± 95% CI", "n"]
    lines += [_table(header, rows), ""]
    return lines


def _heatmap_section(
    exp: Experiment, summaries: pd.DataFrame, shown: list[str], varied: list[str], figs: _Figures
) -> list[str]:
    kx, ky = varied
    lines = [
        "## Two-parameter sweep",
        "",
        f"Mean over replications of each run's last-{exp.summary_weeks}-week mean, for each "
        f"value of `{kx}` (columns) and `{ky}` (rows).",
        "",
    ]
    for scenario in exp.labels:
        sub = summaries[summaries["scenario"] == scenario]
        if sub.empty:
            continue
        fig, axes = figs.new(len(shown), size=(4.2, 3.4))
        for ax, outcome in zip(axes, shown, strict=True):
            table = sub.pivot_table(index=ky, columns=kx, values=outcome, aggfunc="mean")
            image = ax.imshow(
                table.to_numpy(dtype=float), origin="lower", aspect="auto", cmap="viridis"
            )
            ax.set_xticks(
                range(len(table.columns)),
                [f"{v:.3g}" if isinstance(v, float) else str(v) for v in table.columns],
                fontsize=7,
            )
            ax.set_yticks(
                range(len(table.index)),
                [f"{v:.3g}" if isinstance(v, float) else str(v) for v in table.index],
                fontsize=7,
            )
            ax.set_xlabel(kx, fontsize=7)
            ax.set_ylabel(ky, fontsize=7)
            ax.set_title(figs.title(outcome), fontsize=9)
            for (i, j), val in np.ndenumerate(table.to_numpy(dtype=float)):
                if np.isfinite(val):
                    light = image.norm(val) > 0.6  # viridis is light at the top
                    ax.text(
                        j,
                        i,
                        f"{val:.3g}",
                        ha="center",
                        va="center",
                        fontsize=6,
                        color="black" if light else "white",
                    )
            fig.colorbar(image, ax=ax, shrink=0.8)
        ref = figs.save(fig, f"heatmap-{scenario}")
        lines += [f"### {scenario}", "", f"![heatmaps for {scenario}]({ref})", ""]
    return lines


def _sensitivity_section(
    exp: Experiment, directory: Path, summaries: pd.DataFrame, shown: list[str], figs: _Figures
) -> list[str]:
    from cogov.experiments.design import factor_names, salib_problem

    design = pd.read_parquet(directory / "design.parquet").sort_values("point")
    problem = salib_problem(exp.design)
    names = problem["names"]
    factors = factor_names(problem)
    sampled = design[design[names].notna().all(axis=1)]  # not the defaults point
    seed = exp.design.seed if exp.design.seed is not None else exp.master_seed % 2**32
    method = exp.design.method
    on_effect = exp.report.analyse == "effect"
    title = "Morris screening" if method == "morris" else "Sobol indices"
    lines = [f"## Sensitivity{' of the paired effects' if on_effect else ''}: {title}", ""]
    of = (
        f"of each scenario's paired effect against `{exp.baseline_label}` (per design point, "
        "the mean over replications of scenario − baseline, same seed)"
        if on_effect
        else "of each outcome (the point means over replications)"
    )
    if method == "morris":
        lines.append(
            f"Elementary effects {of}: mu* is the mean absolute effect (importance), sigma "
            "their spread (non-linearity or interactions); ± is the 95% bootstrap CI of mu*."
        )
    else:
        lines.append(f"First-order (S1) and total (ST) Sobol indices {of}, with 95% bootstrap CIs.")
    if len(factors) < len(names):
        lines.append(
            f"The design is grouped: {len(names)} parameters in {len(factors)} groups, "
            "each group's parameters moving together; the indices are per group"
            + (" (SALib gives no sigma for groups: –)." if method == "morris" else ".")
        )
    lines.append("")
    for scenario, y_all in _analysed_quantities(exp, summaries, shown).items():
        y_all = y_all.reindex(sampled["point"])
        missing = int(y_all.isna().any(axis=1).sum())
        if missing:
            lines += [
                f"### {scenario}",
                "",
                f"Not computed: {missing} of {len(sampled)} design "
                "points have no finished run (the analysis needs every point).",
                "",
            ]
            continue
        results: dict[str, dict[str, Any]] = {}
        for outcome in shown:
            y = y_all[outcome].to_numpy(dtype=float)
            results[outcome] = analyse_indices(
                method, problem, sampled[names].to_numpy(dtype=float), y, exp, seed
            )
        lines += [f"### {scenario}", ""]
        lines += _sensitivity_tables(method, factors, results)
        lines += _sensitivity_figure(method, factors, results, scenario, figs)
    return lines


def _analysed_quantities(
    exp: Experiment, summaries: pd.DataFrame, shown: list[str]
) -> dict[str, pd.DataFrame]:
    """Per scenario, the quantity analysed per design point (index: point; columns: outcomes).

    Outcomes: each scenario's point means. Effects: each non-baseline scenario's paired
    effect (mean over replications of scenario − baseline at the same seed).
    """
    if exp.report.analyse != "effect":
        return {
            s: summaries[summaries["scenario"] == s].groupby("point")[shown].mean()
            for s in exp.labels
        }
    base = exp.baseline_label
    effects = point_effects(summaries, str(base), shown)
    return {s: effects[s] for s in exp.labels if s != base and s in effects}


def point_effects(
    summaries: pd.DataFrame, baseline: str, outcomes: Sequence[str]
) -> dict[str, pd.DataFrame]:
    """Return, per scenario, its paired effect at every design point.

    Args:
        summaries: one row per run (:func:`cogov.experiments.stats.run_summaries`).
        baseline: the baseline's label.
        outcomes: the outcome columns.

    Returns:
        Scenario label -> a table indexed by ``point`` with one column per outcome: the mean
        over replications of (scenario run − baseline run with the same replication).
    """
    effects = paired_effects(summaries, baseline, outcomes)
    out = {}
    for scenario, sub in effects.groupby("scenario", sort=False):
        out[str(scenario)] = sub.pivot_table(
            index="point", columns="outcome", values="effect", aggfunc="first", dropna=False
        ).reindex(columns=list(outcomes))
    return out


def analyse_indices(
    method: str, problem: dict[str, Any], x: np.ndarray, y: np.ndarray, exp: Experiment, seed: int
) -> dict[str, Any]:
    """Return SALib's Morris or Sobol indices of ``y`` (one value per sampled design point).

    A constant ``y`` (e.g. an effect a parameter cannot change) has no variance to apportion:
    every index is 0 (SALib would divide by zero).
    """
    from SALib.analyze import morris, sobol

    from cogov.experiments.design import factor_names

    n = len(factor_names(problem))
    if np.allclose(y, y[0]):
        zeros = np.zeros(n)
        if method == "morris":
            return {"mu_star": zeros, "mu_star_conf": zeros, "sigma": zeros, "mu": zeros}
        return {"S1": zeros, "S1_conf": zeros, "ST": zeros, "ST_conf": zeros}
    with np.errstate(all="ignore"):
        if method == "morris":
            return dict(morris.analyze(problem, x, y, num_levels=exp.design.levels, seed=seed))
        return dict(sobol.analyze(problem, y, calc_second_order=exp.design.second_order, seed=seed))


#: Share of design points whose effect must keep the defaults' sign for a conclusion to hold.
HOLDS_SHARE = 0.95
#: A driver whose share of the summed importance is at least this makes a conclusion hang on it.
ONE_DRIVER_SHARE = 0.5


def robustness_table(
    exp: Experiment,
    design: pd.DataFrame,
    summaries: pd.DataFrame,
    shown: list[str],
    seed: int,
) -> pd.DataFrame:
    """Return, per scenario and outcome, whether the effect's sign holds across the design.

    Columns: ``scenario``, ``outcome``, ``default_effect``, ``default_half_width`` (at the
    defaults point, if the design has one), ``reference_sign`` (the defaults' sign, else the
    sign of the mean effect over the points), ``same_sign_share`` (of sampled points),
    ``effect_min``, ``effect_max``, ``point_half_width`` (median 95% CI half-width of a
    point's effect: the noise in each point's value), ``driver``, ``driver_share`` (the
    factor with the largest mu* or ST and its share of the sum) and ``verdict``.
    """
    from cogov.experiments.design import factor_names, salib_problem

    problem = salib_problem(exp.design)
    names = problem["names"]
    factors = factor_names(problem)
    sampled = design[design[names].notna().all(axis=1)]
    defaults = design[design[names].isna().all(axis=1)]
    base = str(exp.baseline_label)
    at_defaults = paired_effects(summaries, base, shown)
    rows = []
    for scenario, y_all in point_effects(summaries, base, shown).items():
        y_sampled = y_all.reindex(sampled["point"])
        for outcome in shown:
            y = y_sampled[outcome].to_numpy(dtype=float)
            complete = bool(np.isfinite(y).all()) and len(y) > 0
            d_eff = d_half = float("nan")
            if not defaults.empty:
                hit = at_defaults[
                    (at_defaults["scenario"] == scenario)
                    & (at_defaults["point"] == int(defaults["point"].iloc[0]))
                    & (at_defaults["outcome"] == outcome)
                ]
                if not hit.empty:
                    d_eff, d_half = float(hit["effect"].iloc[0]), float(hit["half_width"].iloc[0])
            if np.isfinite(d_eff):
                ref = np.sign(d_eff)
            else:
                ref = np.sign(np.nanmean(y)) if complete else 0
            share = float(np.mean(np.sign(y) == ref)) if complete and ref != 0 else float("nan")
            driver, driver_share = "–", float("nan")
            if complete:
                res = analyse_indices(
                    exp.design.method, problem, sampled[names].to_numpy(dtype=float), y, exp, seed
                )
                imp = np.asarray(
                    res["mu_star"] if exp.design.method == "morris" else res["ST"], dtype=float
                )
                imp = np.clip(np.nan_to_num(imp), 0, None)
                if imp.sum() > 0:
                    i = int(np.argmax(imp))
                    driver, driver_share = factors[i], float(imp[i] / imp.sum())
            halves = at_defaults[
                (at_defaults["scenario"] == scenario)
                & (at_defaults["outcome"] == outcome)
                & (at_defaults["point"].isin(sampled["point"]))
            ]["half_width"].to_numpy(dtype=float)
            noise = float(np.nanmedian(halves)) if np.isfinite(halves).any() else float("nan")
            rows.append(
                {
                    "scenario": scenario,
                    "outcome": outcome,
                    "default_effect": d_eff,
                    "default_half_width": d_half,
                    "reference_sign": int(ref),
                    "same_sign_share": share,
                    "effect_min": float(np.nanmin(y)) if len(y) else float("nan"),
                    "effect_max": float(np.nanmax(y)) if len(y) else float("nan"),
                    "point_half_width": noise,
                    "driver": driver,
                    "driver_share": driver_share,
                    "verdict": _verdict(d_eff, d_half, share, driver, driver_share, complete),
                }
            )
    return pd.DataFrame(rows)


def _verdict(
    d_eff: float, d_half: float, share: float, driver: str, driver_share: float, complete: bool
) -> str:
    if not complete:
        return "not computed: design points without finished runs"
    if np.isfinite(d_eff) and np.isfinite(d_half) and abs(d_eff) <= d_half:
        return "no clear effect at the defaults (CI includes 0)"
    if not np.isfinite(share):
        return "no effect at any point" if driver == "–" else "no sign at the defaults"
    if share >= HOLDS_SHARE:
        return "holds across the plausible ranges"
    if np.isfinite(driver_share) and driver_share >= ONE_DRIVER_SHARE:
        return f"hangs on one assumption: `{driver}`"
    return "sign depends on several assumptions"


def _robustness_section(
    exp: Experiment, directory: Path, summaries: pd.DataFrame, shown: list[str]
) -> list[str]:
    design = pd.read_parquet(directory / "design.parquet").sort_values("point")
    seed = exp.design.seed if exp.design.seed is not None else exp.master_seed % 2**32
    table = robustness_table(exp, design, summaries, shown, seed)
    if table.empty:
        return []
    index = "mu*" if exp.design.method == "morris" else "ST"
    ref = (
        "the effect at the defaults point (the scenarios' own values)"
        if exp.design.defaults_point
        else "the sign of the mean effect over the points (the design has no defaults point)"
    )
    lines = [
        "## Which conclusions hold across the plausible ranges",
        "",
        f"For each scenario and outcome: the effect at the defaults with its 95% CI, the share "
        f"of sampled design points whose effect (mean over replications) has the same sign as "
        f"{ref}, the range of the effect over the points, and the factor with the largest "
        f"{index} with its share of the summed {index}. *Holds*: at least "
        f"{HOLDS_SHARE:.0%} of points keep the sign; *hangs on one assumption*: fewer do, and "
        f"one factor carries at least {ONE_DRIVER_SHARE:.0%} of the importance. *Noise per "
        "point*: the median 95% CI half-width of a point's effect over its replications; "
        "an effect smaller than that can flip sign by noise alone, not by the parameters.",
        "",
    ]
    rows = []
    for r in table.itertuples(index=False):
        rows.append(
            [
                r.scenario,
                f"`{r.outcome}`",
                _fmt(r.default_effect, r.default_half_width),
                "–" if not np.isfinite(r.same_sign_share) else f"{r.same_sign_share:.0%}",
                f"[{_fmt(r.effect_min)}, {_fmt(r.effect_max)}]",
                _fmt(r.point_half_width),
                f"`{r.driver}`" if r.driver != "–" else "–",
                "–" if not np.isfinite(r.driver_share) else f"{r.driver_share:.0%}",
                r.verdict,
            ]
        )
    header = [
        "scenario",
        "outcome",
        "effect at defaults ± CI",
        "same sign",
        "range over points",
        "noise per point",
        f"main driver ({index})",
        "its share",
        "verdict",
    ]
    lines += [_table(header, rows), ""]
    return lines


def _sensitivity_tables(
    method: str, names: list[str], results: dict[str, dict[str, Any]]
) -> list[str]:
    rows = []
    for outcome, res in results.items():
        for i, name in enumerate(names):
            if method == "morris":
                rows.append(
                    [
                        f"`{outcome}`",
                        f"`{name}`",
                        _fmt(res["mu_star"][i], res["mu_star_conf"][i]),
                        _fmt(res["sigma"][i]),
                    ]
                )
            else:
                rows.append(
                    [
                        f"`{outcome}`",
                        f"`{name}`",
                        _fmt(res["S1"][i], res["S1_conf"][i]),
                        _fmt(res["ST"][i], res["ST_conf"][i]),
                    ]
                )
    header = (
        ["outcome", "parameter", "mu* ± CI", "sigma"]
        if method == "morris"
        else ["outcome", "parameter", "S1 ± CI", "ST ± CI"]
    )
    return [_table(header, rows), ""]


def _sensitivity_figure(
    method: str, names: list[str], results: dict[str, dict[str, Any]], scenario: str, figs: _Figures
) -> list[str]:
    full = [_wrap_key(n) for n in names]  # full keys: "rate" alone could be any of several
    fig, axes = figs.new(len(results), ncols=2, size=(5.6, 0.28 * len(names) + 2.4))
    for ax, (outcome, res) in zip(axes, results.items(), strict=True):
        if method == "morris" and not np.isfinite(np.asarray(res["sigma"], dtype=float)).any():
            # grouped Morris: SALib gives no sigma for groups, so mu* alone, as bars
            y = np.arange(len(names))
            ax.barh(
                y,
                np.asarray(res["mu_star"], dtype=float),
                xerr=np.asarray(res["mu_star_conf"], dtype=float),
                capsize=2,
            )
            ax.set_yticks(y, full, fontsize=6)
            ax.invert_yaxis()
            ax.set_xlabel("mu*", fontsize=8)
        elif method == "morris":
            mu = np.asarray(res["mu_star"], dtype=float)
            sigma = np.asarray(res["sigma"], dtype=float)
            ax.errorbar(
                mu,
                sigma,
                xerr=np.asarray(res["mu_star_conf"], dtype=float),
                fmt="o",
                ms=4,
                capsize=2,
            )
            for xi, yi, label in zip(mu, sigma, full, strict=True):
                ax.annotate(label, (xi, yi), fontsize=6, xytext=(3, 3), textcoords="offset points")
            ax.set_xlabel("mu*", fontsize=8)
            ax.set_ylabel("sigma", fontsize=8)
        else:
            # horizontal bars: the full parameter names read across, not at a slant
            y = np.arange(len(names))
            ax.barh(y - 0.2, res["S1"], 0.4, xerr=res["S1_conf"], label="S1", capsize=2)
            ax.barh(y + 0.2, res["ST"], 0.4, xerr=res["ST_conf"], label="ST", capsize=2)
            ax.set_yticks(y, full, fontsize=6)
            ax.invert_yaxis()
            ax.axvline(0, color="black", lw=0.6)
            ax.legend(fontsize=7, loc="lower right")
        ax.set_title(figs.title(outcome), fontsize=9)
        ax.tick_params(labelsize=7)
    ref = figs.save(fig, f"{method}-{scenario}")
    return [f"![{method} indices for {scenario}]({ref})", ""]


def _wrap_key(key: str, width: int = 30) -> str:
    """Break a long dotted parameter key after its dots, keeping every part of it."""
    lines: list[str] = []
    for part in re.findall(r"[^.]+\.?", key):
        if lines and len(lines[-1]) + len(part) <= width:
            lines[-1] += part
        else:
            lines.append(part)
    return "\n".join(lines)


def _failures_section(store: ResultStore) -> list[str]:
    failures = store.ledger.failures()
    if not failures:
        return []
    rows = [
        [f"`{f['run_id']}`", f["scenario"], f["seed"], html.escape(str(f["error"]))[:200]]
        for f in failures[:50]
    ]
    lines = [
        "## Failed runs",
        "",
        f"{len(failures)} run(s) failed; they are left out above. Parameters and "
        f"tracebacks are in `{store.ledger.folder(RunStatus.FAILED)}`.",
        "",
        _table(["run", "scenario", "seed", "error"], rows),
        "",
    ]
    return lines


_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em;
       color: #222; }}
table {{ border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }}
th, td {{ border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; }}
th {{ background: #f3f3f3; }}
img {{ max-width: 100%; }}
code {{ background: #f6f6f6; padding: 0 0.2em; }}
</style></head><body>
{body}
</body></html>
"""


def _to_html(markdown_text: str, title: str, folder: Path | None = None) -> str:
    """Return the report as one HTML page; figures under ``folder`` are embedded (base64)."""
    try:
        import markdown
    except ImportError:
        raise InputError(
            "the HTML report needs the 'report' extra (markdown), which is not installed; "
            "install it with: pip install 'cogov[report]'"
        ) from None

    body = markdown.markdown(markdown_text, extensions=["tables"])
    if folder is not None:

        def embed(match: re.Match[str]) -> str:
            path = folder / match.group(1)
            if not path.is_file():
                return match.group(0)
            data = base64.b64encode(path.read_bytes()).decode("ascii")
            return f'src="data:image/png;base64,{data}"'

        body = re.sub(r'src="(figures/[^"]+\.png)"', embed, body)
    return _HTML.format(title=html.escape(f"Experiment report: {title}"), body=body)


def write_suite_index(
    directory: Path,
    marker: dict,
    out: Path | str | None = None,
    *,
    lang: str = "en",
    progress: ProgressFn | None = None,
) -> ReportPaths:
    """Write every member's report of a suite folder, and an index linking them.

    Args:
        directory: the output folder of ``cogov sweep SUITE``.
        marker: its ``suite.json`` (suite name and members).
        out: where to write the index, and each member's report in a subfolder of it
            (default: the index in ``<directory>/report``, each member's report in its own
            folder's ``report``).
        lang: the figures' language (see :func:`write_report`).
        progress: called with a short message as each part is done.
    """
    out_dir = Path(out) if out is not None else directory / "report"
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = [f"# Experiment suite: {marker['suite']}", ""]
    figures: list[Path] = []
    vectors: list[Path] = []
    for member in marker["members"]:
        name = Path(member).stem
        if not (directory / name).is_dir():
            lines.append(f"- **{name}**: not run yet")
            continue
        member_out = None if out is None else out_dir / name
        paths = write_report(directory / name, member_out, lang=lang, progress=progress)
        figures += paths.figures
        vectors += paths.vectors
        md = os.path.relpath(paths.markdown, out_dir)
        page = os.path.relpath(paths.html, out_dir)
        lines.append(f"- **{name}**: [Markdown]({md}) · [HTML]({page})")
    text = "\n".join(lines) + "\n"
    md_path, html_path = out_dir / "report.md", out_dir / "report.html"
    md_path.write_text(text, encoding="utf-8")
    html_path.write_text(
        _to_html(text.replace(".md)", ".html)"), marker["suite"]), encoding="utf-8"
    )
    return ReportPaths(md_path, html_path, figures, vectors)
