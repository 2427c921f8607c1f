"""The app's Solara components: the Live, Compare and Explain pages and the language switch.

Components hold widget state only; what happens on a click is a call into
:mod:`cogov.ui.controller` (live runs), :mod:`cogov.ui.compare` (replications) and the chart
and map helpers. Nothing runs at import time.

Plain Solara components are used rather than Mesa's ``SolaraViz``: the page needs a language
switch that relabels every control, a readable message instead of a traceback when the model
rejects a setting, a baseline drawn behind the live run and a background comparison, all of
which are simpler to get right with our own controller than by bending SolaraViz's
model-parameter handling (see ``docs/trainers.md``).
"""

from __future__ import annotations

import html
import threading
import time
from dataclasses import replace
from typing import Any

import solara

from cogov.errors import InputError
from cogov.ui.charts import (
    PANELS,
    TABLE_OUTCOMES,
    LiveCharts,
    compare_figure,
    final_year_differences,
    format_difference,
    format_number,
)
from cogov.ui.compare import LIVE, ComparisonResult, ComparisonSpec, run_comparison
from cogov.ui.controller import (
    LiveController,
    LiveSettings,
    all_groups,
    default_settings,
    scenario_catalogue,
    scenario_info,
)
from cogov.ui.controls import ParamControl, SwitchGroup
from cogov.ui.explain import ORDER, explanation
from cogov.ui.labels import Lang, label, other_language, scenario_label
from cogov.ui.mapview import (
    MAP_METRICS,
    MapView,
    building_stats,
    building_summary,
    building_title,
    format_summary,
)
from cogov.ui.render import data_url, figure_png

#: Seconds between steps while playing (a ceiling on the rate; rendering takes the rest).
PLAY_INTERVAL_S = 0.2
#: Outcomes shown in the "this week" line above the charts.
READOUT = (
    "participation_any",
    "satisfaction_mean",
    "trust_rc_mean",
    "backlog_open",
    "disputes_open",
    "active_volunteers",
)
#: Range of the community-size slider (households).
HOUSEHOLDS_RANGE = (200, 10000, 100)


# ------------------------------------------------------------------ small pieces
def _bold(text: str) -> None:
    """A bold line (plain HTML: solara.Markdown would also load a diagram library)."""
    solara.HTML(tag="div", unsafe_innerHTML=f"<b>{html.escape(text)}</b>")


def _para(head: str, text: str) -> None:
    """A paragraph with a bold lead-in."""
    solara.HTML(
        tag="p",
        unsafe_innerHTML=f"<b>{html.escape(head)}</b> {html.escape(text)}",
        style="margin:4px 0",
    )


def _fmt(column: str, value: Any) -> str:
    try:
        return format_number(float(value), column)
    except (TypeError, ValueError):
        return "–"


@solara.component
def LabeledSlider(
    text: str,
    value: Any,
    min: float,
    max: float,
    step: float,
    on_value,
    integer: bool,
    disabled: bool = False,
):
    """A slider with its label and current value on a line above it (room for both)."""
    with solara.Column(gap="0px", style="margin:0 0 2px 0") as col:
        solara.Text(text, style="font-size:0.85em;color:#444")
        if integer:
            solara.SliderInt(
                "",
                value=value,
                min=int(min),
                max=int(max),
                step=int(step),
                on_value=on_value,
                disabled=disabled,
                thumb_label=True,
            )
        else:
            solara.SliderFloat(
                "",
                value=value,
                min=float(min),
                max=float(max),
                step=float(step),
                on_value=on_value,
                disabled=disabled,
                thumb_label=True,
            )
    return col


@solara.component
def ErrorBox(message: str | None, lang: Lang):
    """A readable error: one line per problem, never a traceback."""
    if not message:
        return solara.Div()
    lines = "".join(f"<li>{html.escape(line)}</li>" for line in message.splitlines())
    with solara.Div(classes=["cogov-error"]) as box:
        solara.Error(label("ui.error_title", lang), dense=True)
        solara.HTML(
            tag="ul",
            unsafe_innerHTML=lines,
            style="color:#b00020;font-size:0.85em;margin:0 0 8px 0",
        )
    return box


@solara.component
def ParamInput(ctl: ParamControl, value: Any, on_value, lang: Lang, disabled: bool = False):
    """A slider (numbers) or select (choices) for one parameter."""
    text = label(ctl.name, lang, fallback=ctl.description)
    if ctl.kind == "bool":
        return solara.Switch(
            label=text,
            value=bool(value),
            on_value=on_value,
            disabled=disabled,
            style="margin:0 0 4px 0;height:34px",
        )
    if ctl.kind == "choice":
        names = {label(f"choice.{c}", lang, fallback=c): c for c in ctl.choices}
        shown = label(f"choice.{value}", lang, fallback=str(value))
        return solara.Select(
            text,
            values=list(names),
            value=shown,
            on_value=lambda v: on_value(names.get(v, v)),
            disabled=disabled,
            dense=True,
        )
    # The value goes in the label: an always-shown thumb label overlaps the slider above.
    if ctl.kind == "int":
        return LabeledSlider(
            f"{text}: {int(value)}",
            int(value),
            ctl.min,
            ctl.max,
            ctl.step or 1,
            on_value,
            integer=True,
            disabled=disabled,
        )
    return LabeledSlider(
        f"{text}: {float(value):.3g}",
        float(value),
        ctl.min,
        ctl.max,
        ctl.step or 0.01,
        on_value,
        integer=False,
        disabled=disabled,
    )


@solara.component
def GroupControls(group: SwitchGroup, settings: solara.Reactive, lang: Lang):
    """A mechanism's (or shock's) switch and, when it is on, its main sliders."""
    values = settings.value.values
    on = bool(values.get(group.enabled_key, False))

    def set_value(key: str):
        def setter(v: Any) -> None:
            settings.value = settings.value.with_value(key, v)

        return setter

    with solara.Div(classes=["cogov-group", f"cogov-group-{group.name}"]) as box:
        solara.Switch(
            label=label(group.name, lang, fallback=group.description),
            value=on,
            on_value=set_value(group.enabled_key),
            classes=[f"cogov-switch-{group.name}"],
            style="margin:0;height:34px",
        )
        if on:
            with solara.Div(style="padding:8px 0 4px 12px"):
                for ctl in group.params:
                    ParamInput(ctl, values.get(ctl.key, ctl.default), set_value(ctl.key), lang)
    return box


# --------------------------------------------------------------------- live page
@solara.component
def LiveControls(
    controller: LiveController, settings: solara.Reactive, lang: Lang, on_reset, playing: bool
):
    """The left column: scenario, size, seed, mechanisms, shocks, more parameters."""
    catalogue = solara.use_memo(scenario_catalogue, [])
    groups = solara.use_memo(all_groups, [])
    s: LiveSettings = settings.value
    shown = {scenario_label(info.name, lang): info.name for info in catalogue}

    def pick_scenario(choice: str) -> None:
        name = shown.get(choice, choice)
        try:
            new = LiveSettings.for_scenario(name, seed=settings.value.seed)
        except InputError:
            return
        new = LiveSettings(new.scenario, new.seed, new.households, new.values, settings.value.extra)
        settings.value = new
        on_reset(new)

    mechs = [g for g in groups if g.section == "mechanisms"]
    shocks = [g for g in groups if g.section == "shocks"]
    with solara.Column(gap="4px", classes=["cogov-controls"]) as col:
        solara.Select(
            label("ui.scenario", lang),
            values=list(shown),
            value=scenario_label(s.scenario, lang),
            on_value=pick_scenario,
            disabled=playing,
            classes=["cogov-scenario"],
        )
        try:
            desc = scenario_info(s.scenario).describe(lang)
        except InputError:
            desc = ""
        solara.Text(
            desc,
            classes=["cogov-description"],
            style="font-size:0.85em;color:#444;display:block;margin-bottom:6px",
        )
        lo, hi, step = HOUSEHOLDS_RANGE
        LabeledSlider(
            f"{label('ui.households', lang)}: {int(s.households)}",
            int(s.households),
            lo,
            hi,
            step,
            lambda v: setattr(settings, "value", _replace(settings.value, households=v)),
            integer=True,
        )
        solara.InputInt(
            label("ui.seed", lang),
            value=int(s.seed),
            continuous_update=False,
            on_value=lambda v: setattr(settings, "value", _replace(settings.value, seed=v)),
            classes=["cogov-seed"],
        )
        solara.Text(label("ui.seed_help", lang), style="font-size:0.75em;color:#666")
        _bold(label("mechanisms", lang))
        if not mechs:
            solara.Text(label("ui.mech.none", lang), style="font-size:0.8em;color:#666")
        for g in mechs:
            GroupControls(g, settings, lang)
        _bold(label("shocks", lang))
        for g in shocks:
            GroupControls(g, settings, lang)
        solara.InputTextArea(
            label("ui.overrides", lang),
            value=s.extra,
            rows=2,
            continuous_update=False,
            on_value=lambda v: setattr(settings, "value", _replace(settings.value, extra=v or "")),
        )
    return col


def _replace(s: LiveSettings, **changes: Any) -> LiveSettings:
    return replace(s, **changes)


@solara.component
def MapPanel(controller: LiveController, version: int, lang: Lang):
    """The community map, its metric picker, and the clicked building's residents."""
    metric = solara.use_reactive("participation")
    selected = solara.use_reactive(None)
    model = controller.model
    gen = controller.generation
    view = solara.use_memo(
        lambda: MapView(model, metric.value, lang) if model is not None else None,
        [gen, metric.value, lang],
    )
    solara.use_effect(lambda: selected.set(None), [gen])  # a new community: nothing picked
    n_b = model.layout.n_buildings if model is not None else 0
    picked = selected.value if selected.value is not None and selected.value < n_b else None
    stats = solara.use_memo(
        lambda: building_stats(model) if model is not None else None, [gen, version]
    )
    png = solara.use_memo(
        lambda: view.update(model, stats, picked) if view is not None else None,
        [view, version, picked],
    )
    with solara.Column(gap="4px", classes=["cogov-map"]) as col:
        _bold(label("ui.map", lang))
        metric_labels = {label(f"map.{m}", lang): m for m in MAP_METRICS}
        with solara.Div(style="max-width:360px"):
            solara.Select(
                label("ui.map_colour", lang),
                values=list(metric_labels),
                value=label(f"map.{metric.value}", lang),
                on_value=lambda v: metric.set(metric_labels.get(v, "participation")),
                dense=True,
                classes=["cogov-map-metric"],
            )
        geom = view.geometry if view is not None else None
        width = int(geom.width_px) if geom is not None else 1
        img = solara.v.Html(
            tag="img",
            class_="cogov-map-img",
            attributes={
                "src": data_url(png) if png is not None else "",
                "width": str(width),
                "style": f"width:{width}px;max-width:none;cursor:pointer",
            },
        )

        def on_click(_widget: Any, _event: str, data: dict) -> None:
            if geom is None:
                return
            try:
                b = geom.building_at(float(data.get("offsetX")), float(data.get("offsetY")))
            except (TypeError, ValueError):
                return
            if b is not None:
                selected.value = b

        solara.v.use_event(img, "click", on_click)
        if view is None or png is None:
            solara.Text(label("ui.no_model", lang))
            return col
        solara.Div(children=[img], style="overflow-x:auto")
        solara.Text(label("ui.map_hint", lang), style="font-size:0.8em;color:#666")
        options = [label("ui.building_none", lang)] + [
            f"{label('building', lang)} {b + 1}" for b in range(n_b)
        ]
        current = options[0] if picked is None else options[picked + 1]

        def pick(option: str) -> None:
            i = options.index(option) if option in options else 0
            selected.value = None if i == 0 else i - 1

        solara.Select(
            label("ui.building_pick", lang),
            values=options,
            value=current,
            on_value=pick,
            dense=True,
            classes=["cogov-building-select"],
        )
        if picked is not None:
            summary = building_summary(model, picked, stats)
            rows = "".join(
                f"<tr><td>{html.escape(k)}</td><td style='text-align:right'>"
                f"{html.escape(v)}</td></tr>"
                for k, v in format_summary(summary, lang)
            )
            _bold(building_title(summary, lang))
            with solara.Div(style="display:inline-block"):
                solara.HTML(
                    tag="table",
                    unsafe_innerHTML=rows,
                    classes=["cogov-building-summary"],
                    style="font-size:0.85em;border-collapse:collapse;min-width:260px",
                )
    return col


@solara.component
def ChartsPanel(controller: LiveController, version: int, lang: Lang):
    """The live outcome charts and a one-line readout of this week."""
    gen = controller.generation
    charts = solara.use_memo(lambda: LiveCharts(lang), [gen, lang])
    ts = controller.timeseries()
    png = solara.use_memo(
        lambda: charts.update(ts, controller.baseline_timeseries()), [charts, version, gen]
    )
    with solara.Column(gap="2px", classes=["cogov-charts"]) as col:
        _bold(label("ui.charts", lang))
        if len(ts):
            last = ts.iloc[-1]
            bits = [f"{label(c, lang)}: {_fmt(c, last[c])}" for c in READOUT if c in ts]
            solara.Text(
                f"{label('ui.week', lang, n=int(last['step']))} · " + " · ".join(bits),
                classes=["cogov-readout"],
                style="font-size:0.85em",
            )
        else:
            solara.Text(
                label("ui.week", lang, n=0), classes=["cogov-readout"], style="font-size:0.85em"
            )
        if controller.baseline_timeseries() is not None:
            solara.Text(label("ui.baseline_faint", lang), style="font-size:0.75em;color:#666")
        solara.v.Html(
            tag="img",
            class_="cogov-charts-img",
            attributes={"src": data_url(png), "style": "width:100%;max-width:1100px"},
        )
    return col


@solara.component
def LivePage(controller: LiveController, settings: solara.Reactive, lang: Lang):
    """Controls, map and charts of one live run."""
    version, set_version = solara.use_state(0)
    playing = solara.use_reactive(False)
    error = solara.use_reactive(controller.error)

    def bump() -> None:
        set_version(lambda v: v + 1)

    def do_reset(new: LiveSettings | None = None) -> None:
        playing.value = False
        controller.reset(new or settings.value)
        error.value = controller.error
        bump()

    def do_step(n: int = 1) -> None:
        ok = controller.step(n)
        if not ok:
            playing.value = False
        error.value = controller.error
        bump()

    def play_loop() -> None:
        while playing.value and controller.ready:
            start = time.perf_counter()
            do_step(1)
            time.sleep(max(0.0, PLAY_INTERVAL_S - (time.perf_counter() - start)))

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    pending = controller.pending(settings.value)
    with solara.Columns([1, 3], gutters_dense=True) as page:
        with solara.Card(margin=0, style="min-width:280px"):
            LiveControls(controller, settings, lang, do_reset, playing.value)
        with solara.Column(gap="6px"):
            with solara.Row(gap="6px", style="align-items:center;flex-wrap:wrap"):
                ready = controller.ready
                solara.Button(
                    label("ui.step", lang),
                    on_click=lambda: do_step(1),
                    disabled=playing.value or not ready,
                    color="primary",
                    classes=["cogov-step"],
                )
                solara.Button(
                    label("ui.step_year", lang),
                    on_click=lambda: do_step(52),
                    disabled=playing.value or not ready,
                    classes=["cogov-year"],
                )
                if playing.value:
                    solara.Button(
                        label("ui.pause", lang),
                        on_click=lambda: playing.set(False),
                        color="warning",
                        classes=["cogov-pause"],
                    )
                else:
                    solara.Button(
                        label("ui.play", lang),
                        on_click=lambda: playing.set(True),
                        disabled=not ready,
                        color="success",
                        classes=["cogov-play"],
                    )
                solara.Button(
                    label("ui.reset", lang),
                    on_click=lambda: do_reset(),
                    disabled=playing.value,
                    color="error",
                    outlined=True,
                    classes=["cogov-reset"],
                )
                solara.Text(
                    label("ui.week", lang, n=controller.steps),
                    classes=["cogov-week"],
                    style="font-weight:bold;margin-left:8px",
                )
            if pending and not playing.value:
                solara.Warning(label("ui.pending", lang), dense=True, classes=["cogov-pending"])
            ErrorBox(error.value, lang)
            if controller.ready:
                MapPanel(controller, version, lang)
                ChartsPanel(controller, version, lang)
            else:
                solara.Info(label("ui.no_model", lang), classes=["cogov-no-model"])
    return page


# ------------------------------------------------------------------ compare page
@solara.component
def ComparePage(settings: solara.Reactive, lang: Lang):
    """Baseline vs a scenario over paired replications, run in a background thread."""
    catalogue = solara.use_memo(scenario_catalogue, [])
    choice = solara.use_reactive(LIVE)
    reps = solara.use_reactive(6)
    weeks = solara.use_reactive(104)
    seed = solara.use_reactive(1)
    token = solara.use_reactive(0)
    progress = solara.use_reactive((0, 0))
    result = solara.use_reactive(None)
    error = solara.use_reactive(None)
    running = solara.use_reactive(False)
    cancel = solara.use_memo(threading.Event, [])
    live_label = {"en": "(the live page's settings)", "zh": "（实时模拟页的当前设置）"}[lang]
    shown = {scenario_label(info.name, lang): info.name for info in catalogue}
    options = [live_label, *shown]
    value = live_label if choice.value == LIVE else scenario_label(choice.value, lang)

    def run() -> None:
        if token.value == 0:
            return
        spec = ComparisonSpec(
            choice.value, int(reps.value), int(weeks.value), int(seed.value), settings.value
        )
        cancel.clear()
        running.value = True
        error.value = None
        try:
            res = run_comparison(
                spec, progress=lambda d, t: progress.set((d, t)), cancelled=cancel.is_set
            )
            result.value = res
        except InputError as exc:
            error.value = "\n".join(exc.problems)
        except Exception as exc:  # noqa: BLE001 - shown, not a dead page
            error.value = f"{type(exc).__name__}: {exc}"
        finally:
            running.value = False

    solara.lab.use_task(run, dependencies=[token.value], prefer_threaded=True)

    def start() -> None:
        result.value = None
        progress.value = (0, 2 * int(reps.value))
        token.value += 1

    with solara.Column(gap="8px", classes=["cogov-compare"]) as col:
        solara.Text(label("ui.compare.intro", lang), style="font-size:0.9em")
        with solara.Row(gap="16px", style="flex-wrap:wrap;align-items:center"):
            with solara.Div(style="min-width:260px"):
                solara.Select(
                    label("ui.compare.scenario", lang),
                    values=options,
                    value=value,
                    on_value=lambda v: choice.set(LIVE if v == live_label else shown.get(v, v)),
                    disabled=running.value,
                    classes=["cogov-compare-scenario"],
                )
            with solara.Div(style="min-width:220px"):
                LabeledSlider(
                    f"{label('ui.compare.replications', lang)}: {reps.value}",
                    reps.value,
                    2,
                    30,
                    1,
                    reps.set,
                    integer=True,
                    disabled=running.value,
                )
            with solara.Div(style="min-width:220px"):
                LabeledSlider(
                    f"{label('ui.compare.weeks', lang)}: {weeks.value}",
                    weeks.value,
                    26,
                    520,
                    26,
                    weeks.set,
                    integer=True,
                    disabled=running.value,
                )
            solara.InputInt(
                label("ui.seed", lang),
                value=seed,
                continuous_update=False,
                disabled=running.value,
                style="max-width:140px",
            )
            solara.Button(
                label("ui.compare.run", lang),
                on_click=start,
                color="primary",
                disabled=running.value,
                classes=["cogov-compare-run"],
            )
            if running.value:
                solara.Button(
                    label("ui.compare.cancel", lang),
                    on_click=cancel.set,
                    classes=["cogov-compare-cancel"],
                )
        if choice.value != LIVE:
            try:
                solara.Text(
                    scenario_info(choice.value).describe(lang), style="font-size:0.85em;color:#444"
                )
            except InputError:
                pass
        done, total = progress.value
        if running.value or (total and done < total and result.value is None):
            solara.ProgressLinear(100.0 * done / max(1, total), classes=["cogov-progress"])
            solara.Text(
                label("ui.compare.progress", lang, done=done, total=total),
                classes=["cogov-progress-text"],
                style="font-size:0.85em",
            )
        ErrorBox(error.value, lang)
        res: ComparisonResult | None = result.value
        if res is not None:
            CompareResults(res, lang)
    return col


@solara.component
def CompareResults(res: ComparisonResult, lang: Lang):
    """Interval bands of the main outcomes and the table of final-year differences."""
    name = (
        label("ui.this_run", lang)
        if res.spec.scenario == LIVE
        else scenario_label(res.spec.scenario, lang)
    )
    k = res.complete_pairs
    png = solara.use_memo(
        lambda: (
            figure_png(compare_figure(res.baseline[:k], res.scenario[:k], name, lang, PANELS))
            if k
            else None
        ),
        [id(res), lang],
    )
    table = solara.use_memo(
        lambda: final_year_differences(
            res.baseline[:k], res.scenario[:k], TABLE_OUTCOMES, window=min(52, res.spec.steps)
        ),
        [id(res)],
    )
    with solara.Column(gap="6px", classes=["cogov-compare-results"]) as col:
        if res.cancelled:
            solara.Warning(label("ui.compare.cancelled", lang), dense=True)
        if png is not None:
            solara.v.Html(
                tag="img",
                class_="cogov-compare-img",
                attributes={"src": data_url(png), "style": "width:100%;max-width:1100px"},
            )
        head = "".join(
            f"<th style='padding:2px 8px'>{html.escape(label(h, lang))}</th>"
            for h in (
                "ui.compare.outcome",
                "ui.compare.base_mean",
                "ui.compare.scen_mean",
                "ui.compare.diff",
                "ui.compare.ci",
            )
        )
        body = ""
        for row in table.itertuples():
            col_name = row.outcome
            body += (
                f"<tr><td style='padding:2px 8px'>{html.escape(label(col_name, lang))}</td>"
                f"<td style='text-align:right;padding:2px 8px'>{_fmt(col_name, row.baseline)}</td>"
                f"<td style='text-align:right;padding:2px 8px'>{_fmt(col_name, row.scenario)}</td>"
                f"<td style='text-align:right;padding:2px 8px'>"
                f"{format_difference(row.difference, col_name)}</td>"
                f"<td style='text-align:right;padding:2px 8px'>"
                f"[{format_difference(row.lo, col_name)}, {format_difference(row.hi, col_name)}]"
                f"</td></tr>"
            )
        _bold(f"{label('ui.compare.table', lang)} (n = {k})")
        with solara.Div(style="display:inline-block;max-width:900px"):
            solara.HTML(
                tag="table",
                unsafe_innerHTML=f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody>",
                classes=["cogov-compare-table"],
                style="font-size:0.85em;border-collapse:collapse;width:auto",
            )
    return col


# ------------------------------------------------------------------ explain page
@solara.component
def ExplainPage(lang: Lang):
    """Each mechanism in plain words, with the settings the engine offers for it."""
    groups = {g.name: g for g in solara.use_memo(all_groups, []) if g.section == "mechanisms"}
    with solara.Column(gap="10px", classes=["cogov-explain"], style="max-width:960px") as col:
        solara.Text(label("ui.explain.intro", lang), style="font-size:0.95em")
        for name in ORDER:
            text = explanation(name, lang)
            if text is None:
                continue
            with solara.Card(label(name, lang), margin=0, classes=[f"cogov-explain-{name}"]):
                for part in ("practice", "model", "watch"):
                    _para(label("ui.explain." + part, lang), text[part])
                group = groups.get(name)
                if group is None:
                    solara.Text(
                        label("ui.explain.not_yet", lang), style="font-size:0.8em;color:#888"
                    )
                elif group.params:
                    items = "; ".join(
                        label(p.name, lang, fallback=p.description) for p in group.params
                    )
                    _para(label("ui.explain.params", lang), items)
    return col


# --------------------------------------------------------------------- the app
@solara.component
def App():
    """The whole app: a header with the language switch, and three pages in tabs."""
    lang = solara.use_reactive("zh")
    tab = solara.use_reactive(0)
    settings = solara.use_reactive(solara.use_memo(default_settings, []))
    controller = solara.use_memo(lambda: _started(settings.value), [])
    lg: Lang = lang.value
    solara.Title(label("ui.title", lg))
    with solara.Column(gap="4px", style="padding:8px 16px") as app:
        with solara.Row(style="align-items:center;justify-content:space-between"):
            solara.HTML(
                tag="h2", unsafe_innerHTML=html.escape(label("ui.title", lg)), style="margin:4px 0"
            )
            solara.Button(
                label("ui.language", lg),
                on_click=lambda: lang.set(other_language(lg)),
                outlined=True,
                classes=["cogov-lang"],
            )
        pages = ("live", "compare", "explain")
        with solara.Row(
            gap="0px",
            classes=["cogov-tabs"],
            style="border-bottom:1px solid #ddd;margin-bottom:6px",
        ):
            for i, key in enumerate(pages):
                solara.Button(
                    label(f"ui.tab.{key}", lg),
                    on_click=lambda i=i: tab.set(i),
                    text=True,
                    color="primary" if tab.value == i else None,
                    classes=[f"cogov-tab-{key}"] + (["cogov-tab-active"] if tab.value == i else []),
                    style="border-bottom:3px solid "
                    + ("#1976d2" if tab.value == i else "transparent"),
                )
        # Every page stays mounted (hidden when not shown) so a run or a comparison in
        # progress keeps its state while the trainer looks at another page.
        for i, key in enumerate(pages):
            with solara.Div(
                classes=[f"cogov-page-{key}"], style=None if tab.value == i else "display:none"
            ):
                if key == "live":
                    LivePage(controller, settings, lg)
                elif key == "compare":
                    ComparePage(settings, lg)
                else:
                    ExplainPage(lg)
    return app


def _started(settings: LiveSettings) -> LiveController:
    controller = LiveController(settings)
    controller.reset()
    return controller
