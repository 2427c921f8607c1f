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
from collections.abc import Callable
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
from cogov.ui.compare import LIVE, ComparisonResult, ComparisonSpec, run_comparison, run_spec
from cogov.ui.controller import (
    LiveController,
    LiveSettings,
    all_groups,
    default_settings,
    play,
    scenario_catalogue,
    scenario_info,
)
from cogov.ui.controls import ParamControl, SwitchGroup
from cogov.ui.explain import ORDER, explanation
from cogov.ui.export import chart_bytes, csv_bytes, events_csv, handout_html, parquet_bytes
from cogov.ui.labels import Lang, label, other_language, scenario_label
from cogov.ui.lessons import list_lessons
from cogov.ui.mapview import (
    MAP_METRICS,
    MapView,
    building_stats,
    building_summary,
    building_title,
    format_summary,
)
from cogov.ui.messages import localise_all
from cogov.ui.render import data_url, figure_png
from cogov.ui.share import from_query, page_url, to_query
from cogov.ui.verdict import verdict

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
    message = localise_all(message, lang) or ""
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
def GroupControls(group: SwitchGroup, settings: solara.Reactive, lang: Lang, on_switch=None):
    """A mechanism's (or shock's) switch and, when it is on, its main sliders.

    ``on_switch(key, on)``, when given, is called when the switch is flipped (live switching).
    """
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
            on_value=(
                set_value(group.enabled_key)
                if on_switch is None
                else (lambda v: on_switch(group.enabled_key, v))
            ),
            classes=[f"cogov-switch-{group.name}"],
            style="margin:0;height:34px",
        )
        if on:
            with solara.Div(style="padding:8px 0 4px 12px"):
                for ctl in group.params:
                    ParamInput(ctl, values.get(ctl.key, ctl.default), set_value(ctl.key), lang)
    return box


@solara.component
def LiveSwitchNote(waiting: tuple, week: int, lang: Lang):
    """How mechanism switches act during a run, and those waiting for ``week`` (name, on)."""
    from cogov.events import switch_event

    with solara.Column(gap="2px", classes=["cogov-switch-live"]) as col:
        solara.Text(label("ui.switch_live", lang), style="font-size:0.75em;color:#666")
        for name, on in waiting:
            solara.Text(
                switch_event(week, name, on).text(lang),
                classes=["cogov-switch-next"],
                style="font-size:0.8em;color:#1f77b4",
            )
    return col


# --------------------------------------------------------------------- live page
@solara.component
def LiveControls(
    controller: LiveController,
    settings: solara.Reactive,
    lang: Lang,
    on_reset,
    playing: bool,
    on_switched=None,
):
    """The left column: scenario, size, seed, mechanisms, shocks, more parameters.

    ``on_switched()``, when given, is called after a mechanism was switched during the run
    (the page's address then links the run with its switches).
    """
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
        new = LiveSettings(
            new.scenario,
            new.seed,
            new.households,
            new.values,
            settings.value.extra,
            settings.value.reference,
        )
        settings.value = new
        on_reset(new)

    mechs = [g for g in groups if g.section == "mechanisms"]
    shocks = [g for g in groups if g.section == "shocks"]

    def live_switch(key: str, on: bool) -> None:  # applied from the next week when running
        switched = controller.switch_live(key, on)  # first: the page shows what waits
        settings.value = settings.value.with_value(key, on)
        if switched and on_switched is not None:
            on_switched()

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

        def set_seed(v: Any) -> None:  # a new seed starts a new run at once
            new = _replace(settings.value, seed=v)
            settings.value = new
            on_reset(new)

        solara.InputInt(
            label("ui.seed", lang),
            value=int(s.seed),
            continuous_update=False,
            on_value=set_seed,
            disabled=playing,
            classes=["cogov-seed"],
        )

        def pick_reference(choice: str) -> None:
            new = _replace(settings.value, reference=shown.get(choice, choice))
            settings.value = new
            on_reset(new)

        solara.Select(
            label("ui.reference", lang),
            values=list(shown),
            value=scenario_label(s.reference, lang),
            on_value=pick_reference,
            disabled=playing,
            dense=True,
            classes=["cogov-reference"],
        )
        solara.Text(label("ui.seed_help", lang), style="font-size:0.75em;color:#666")
        _bold(label("mechanisms", lang))
        if not mechs:
            solara.Text(label("ui.mech.none", lang), style="font-size:0.8em;color:#666")
        model = controller.model
        waiting = tuple(model.pending_switches) if model is not None else ()
        LiveSwitchNote(waiting, controller.steps + 1, lang)
        for g in mechs:
            GroupControls(g, settings, lang, on_switch=live_switch)
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


def use_click(el: Any, on_click: Callable[[Any, str, dict], None]) -> None:
    """Call ``on_click(widget, event, data)`` when ``el``'s widget is clicked (a hook).

    As ``solara.v.use_event(el, "click", ...)``, but a widget not found (once in many runs,
    when the map was mounted from a long action's thread) is looked for again after the next
    render; ``use_event`` raised inside the page's effects, and the page's events feed was
    then never drawn.
    """
    current = solara.use_ref(on_click)
    current.current = on_click
    holder = solara.use_ref(None)  # the widget the handler is on
    handler = solara.use_memo(lambda: lambda *args: current.current(*args), [])
    el.kwargs["_events"] = ["click"]  # the browser sends clicks from its first drawing

    def attach() -> None:
        try:
            widget = solara.get_widget(el)
        except KeyError:
            return
        if holder.current is not widget:
            if holder.current is not None:
                holder.current.on_event("click", handler, remove=True)
            widget.on_event("click", handler)
            holder.current = widget

    # After every render: a look-up and nothing else once attached. No detaching: the handler
    # goes with its widget, which reacton closes with the component.
    solara.use_effect(attach)


@solara.component
def MapPanel(controller: LiveController, version: int, lang: Lang, projector: bool = False):
    """The community map, its metric picker, and the clicked building's residents."""
    metric = solara.use_reactive("participation")
    selected = solara.use_reactive(None)
    model = controller.model
    gen = controller.generation
    size = {"width_in": 6.2, "dpi": 80} if projector else {}
    view = solara.use_memo(
        lambda: MapView(model, metric.value, lang, **size) if model is not None else None,
        [gen, metric.value, lang, projector],
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

        use_click(img, on_click)
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
def ChartsPanel(controller: LiveController, version: int, lang: Lang, projector: bool = False):
    """The live outcome charts (events marked on the time axis) and this week's readout."""
    gen = controller.generation
    charts = solara.use_memo(lambda: LiveCharts(lang, projector=projector), [gen, lang, projector])
    ts = controller.timeseries()
    events = controller.events()
    png = solara.use_memo(
        lambda: charts.update(ts, controller.baseline_timeseries(), events),
        [charts, version, gen],
    )
    with solara.Column(gap="2px", classes=["cogov-charts"]) as col:
        if not projector:
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
            ref = scenario_label(controller.settings.reference, lang)
            solara.Text(
                label("ui.reference_faint", lang, ref=ref),
                classes=["cogov-reference-note"],
                style="font-size:0.75em;color:#666",
            )
        style = (
            "width:100%;max-height:calc(100vh - 200px);object-fit:contain;object-position:left top"
            if projector
            else "width:100%;max-width:1100px"
        )
        solara.v.Html(
            tag="img",
            class_="cogov-charts-img",
            attributes={"src": data_url(png), "style": style},
        )
    return col


@solara.component
def EventFeed(controller: LiveController, version: int, lang: Lang):
    """What happened in this run, newest first, one sentence per event."""
    events = controller.events()
    with solara.Column(gap="2px", classes=["cogov-events"]) as col:
        _bold(label("ui.events", lang))
        if not events:
            solara.Text(label("ui.events.none", lang), style="font-size:0.85em;color:#666")
        else:
            items = "".join(
                f"<li style='border-left:4px solid {e.colour};padding-left:4px;margin:2px 0'>"
                f"{html.escape(e.text(lang))}</li>"
                for e in reversed(events[-40:])
            )
            solara.HTML(
                tag="ul",
                unsafe_innerHTML=items,
                classes=["cogov-event-list"],
                style="list-style:none;padding:0;margin:0;font-size:0.85em;max-height:220px;"
                "overflow-y:auto",
            )
    return col


def _pp(text: str, lang: Lang) -> str:
    return text.replace(" pp", label("ui.pp", lang)) if lang == "zh" else text


def _compare_into(
    spec: ComparisonSpec,
    cancelled,
    cancel: threading.Event,
    running: solara.Reactive,
    error: solara.Reactive,
    result: solara.Reactive,
    progress: solara.Reactive,
) -> None:
    """Run a comparison (in a page's task thread), its state kept in the page's reactives.

    ``running`` is True while it runs, ``progress`` holds (done, total), ``result`` the
    :class:`ComparisonResult`; a rejected setting or an engine error goes to ``error`` as a
    message, never a traceback. ``cancelled()`` is polled between runs.
    """
    cancel.clear()
    running.value = True
    error.value = None
    try:
        result.value = run_comparison(
            spec, progress=lambda d, t: progress.set((d, t)), cancelled=cancelled
        )
    except InputError as exc:
        error.value = "\n".join(exc.problems)
    except Exception as exc:  # noqa: BLE001 - shown, not a dead page
        error.value = f"{type(exc).__name__}: {exc}"
    finally:
        running.value = False


@solara.component
def VerdictPanel(controller: LiveController, settings: LiveSettings, lang: Lang):
    """A verdict in plain words: this run against the reference, paired seeds.

    The compared arm is the run as it was (:func:`cogov.ui.compare.run_spec`: its start, its
    switches replayed at their weeks), and the verdict names the switches. ``settings`` (the
    run's start) re-render the panel when a reset changes them.
    """
    reps, weeks = 4, max(52, min(260, controller.steps or 104))
    result = solara.use_reactive(None)
    error = solara.use_reactive(None)
    progress = solara.use_reactive((0, 0))
    running = solara.use_reactive(False)
    token = solara.use_reactive(0)
    cancel = solara.use_memo(threading.Event, [])
    closed = _closed_event()

    def run() -> None:
        if token.value == 0:
            return
        spec = run_spec(controller, reps, weeks)
        _compare_into(
            spec,
            lambda: cancel.is_set() or closed.is_set(),
            cancel,
            running,
            error,
            result,
            progress,
        )

    solara.lab.use_task(run, dependencies=[token.value], prefer_threaded=True)
    res: ComparisonResult | None = result.value
    text = solara.use_memo(
        lambda: (
            verdict(
                res.baseline,
                res.scenario,
                lang,
                scenario_label(res.spec.reference, lang),
                window=min(52, res.spec.steps),
                base_groups=res.baseline_groups,
                scen_groups=res.scenario_groups,
                switches=res.spec.switches,
            ).text()
            if res is not None and res.complete_pairs
            else None
        ),
        [id(res), lang],
    )
    same = controller.baseline_is_same
    with solara.Column(gap="4px", classes=["cogov-verdict"]) as col:
        _bold(label("ui.verdict", lang))
        with solara.Row(gap="6px", style="align-items:center;flex-wrap:wrap"):
            solara.Button(
                label("ui.verdict.run", lang),
                on_click=lambda: (result.set(None), token.set(token.value + 1)),
                disabled=running.value or not controller.ready or same,
                color="primary",
                outlined=True,
                classes=["cogov-verdict-run"],
            )
            if running.value:
                solara.Button(
                    label("ui.cancel", lang),
                    on_click=cancel.set,
                    classes=["cogov-verdict-cancel"],
                )
        solara.Text(
            label("ui.verdict.same" if same else "ui.verdict.help", lang, reps=reps, weeks=weeks),
            classes=["cogov-verdict-help"],
            style="font-size:0.75em;color:#666",
        )
        done, total = progress.value
        if running.value:
            solara.ProgressLinear(100.0 * done / max(1, total), classes=["cogov-progress"])
            solara.Text(
                label("ui.compare.progress", lang, done=done, total=total),
                style="font-size:0.8em",
            )
        ErrorBox(error.value, lang)
        if text:
            solara.Text(text, classes=["cogov-verdict-text"], style="font-size:0.9em")
            solara.v.Html(tag="span", class_="cogov-verdict-store", attributes={"hidden": ""})
    controller.verdict_text = text
    return col


@solara.component
def ExportPanel(controller: LiveController, version: int, lang: Lang):
    """Downloads of the current run and its shareable link."""
    ts = controller.timeseries()

    def stamp(ext: str) -> str:
        s = controller.settings
        return f"cogov-{s.scenario}-seed{s.seed}-week{controller.steps}.{ext}"

    ref = controller.baseline_timeseries()
    events = controller.events()
    headers = solara.lab.headers.value  # read here: a download runs outside the render

    def link() -> str:
        """The run's link (its start and switches), as the address bar has it."""
        query = to_query(controller.start_settings, lang, False, controller.schedule())
        return page_url("/", query, headers)[0]

    with solara.Column(gap="2px", classes=["cogov-export"]) as col:
        _bold(label("ui.export", lang))
        with solara.Row(gap="4px", style="flex-wrap:wrap"):
            items = (
                ("csv", "ui.export.csv", lambda: csv_bytes(ts), "text/csv"),
                (
                    "parquet",
                    "ui.export.parquet",
                    lambda: parquet_bytes(ts),
                    "application/octet-stream",
                ),
                ("events.csv", "ui.export.events", lambda: events_csv(events), "text/csv"),
                (
                    "png",
                    "ui.export.png",
                    lambda: chart_bytes(ts, ref, events, lang, "png"),
                    "image/png",
                ),
                (
                    "svg",
                    "ui.export.svg",
                    lambda: chart_bytes(ts, ref, events, lang, "svg"),
                    "image/svg+xml",
                ),
                (
                    "html",
                    "ui.export.handout",
                    lambda: handout_html(
                        controller.start_settings,
                        ts,
                        ref,
                        events,
                        lang,
                        verdict=getattr(controller, "verdict_text", None),
                        link=link(),
                        switches=[sw for sw in controller.schedule() if sw[0] <= len(ts)],
                    ),
                    "text/html",
                ),
            )
            for ext, key, data, mime in items:
                with solara.Div(classes=[f"cogov-export-{ext.replace('.', '-')}"]):
                    solara.FileDownload(
                        data, filename=stamp(ext), label=label(key, lang), mime_type=mime
                    )
        solara.Text(label("ui.share.help", lang), style="font-size:0.75em;color:#666")
    return col


def _closed_event() -> threading.Event:
    """The kernel's closed event (set when the session ends); a fresh one outside a server."""
    try:
        return solara.kernel_closed_event()
    except RuntimeError:
        return threading.Event()


#: Longest a play turn waits for its drawing when another thread renders it (seconds).
DRAW_WAIT_S = 10.0
#: Clicks on Play/Pause closer together than this are one click (a double-click is not two).
TOGGLE_DEBOUNCE_S = 0.6


@solara.component
def LivePage(
    controller: LiveController,
    settings: solara.Reactive,
    lang: Lang,
    projector: bool = False,
    on_applied=None,
    request: solara.Reactive | None = None,
):
    """Controls, map, events, charts, verdict and export of one live run.

    ``request``: a reactive holding (settings, weeks, stamp) from a lesson step: reset to
    them, then run that many weeks (with progress and cancel, like any long action).
    """
    version, set_version = solara.use_state(0)
    playing = solara.use_reactive(False)
    error = solara.use_reactive(controller.error)
    busy = solara.use_reactive(None)  # None, or ("reset" | "steps", done, total)
    note = solara.use_reactive(None)
    job = solara.use_reactive(None)
    cancel = solara.use_memo(threading.Event, [])
    last_toggle = solara.use_ref(0.0)
    closed = _closed_event()
    shown = solara.use_ref(0)
    shown.current = version  # the version this render pass draws

    def bump() -> None:
        set_version(lambda v: v + 1)

    def follow() -> None:
        # A switch replayed from a link shows in the controls, as one flipped by hand does.
        new = controller.follow(settings.value)
        if new != settings.value:
            settings.value = new

    def run_job() -> None:
        what = job.value
        if what is None:
            return
        kind, arg = what
        cancel.clear()
        note.value = None
        stop = lambda: cancel.is_set() or closed.is_set()  # noqa: E731
        try:
            if kind == "lesson":
                new, weeks = arg
                settings.value = new
                busy.value = ("reset", 0, 1)
                playing.value = False
                if controller.reset(new, cancelled=stop) and not stop():
                    if on_applied is not None:
                        on_applied(controller.settings)
                    bump()
                    busy.value = ("steps", 0, weeks)
                    controller.step(
                        weeks,
                        progress=lambda d, t: (
                            busy.set(("steps", d, t)) if d % 4 == 0 or d == t else None
                        ),
                        cancelled=stop,
                    )
                if cancel.is_set():
                    note.value = label("ui.cancelled", lang)
            elif kind == "reset":
                busy.value = ("reset", 0, 1)
                ok = controller.reset(arg, cancelled=lambda: cancel.is_set() or closed.is_set())
                if cancel.is_set():
                    note.value = label("ui.cancelled", lang)
                elif ok and on_applied is not None:
                    on_applied(controller.settings)
            else:
                busy.value = ("steps", 0, arg)
                controller.step(
                    arg,
                    progress=lambda d, t: (
                        busy.set(("steps", d, t)) if d % 4 == 0 or d == t else None
                    ),
                    cancelled=lambda: cancel.is_set() or closed.is_set(),
                )
                if cancel.is_set():
                    note.value = label("ui.cancelled", lang)
        finally:
            busy.value = None
            error.value = controller.error
            follow()
            bump()
            # Last: a new value of the task's dependency starts the task again (the next job
            # may start once this one is cleared), so the page is drawn before.
            job.value = None

    solara.lab.use_task(run_job, dependencies=[job.value], prefer_threaded=True)

    asked = request.value if request is not None else None

    def take_request() -> None:
        if asked is not None and busy.value is None:
            job.value = ("lesson", asked[:2])

    solara.use_effect(take_request, [asked])

    def do_reset(new: LiveSettings | None = None) -> None:
        playing.value = False
        if busy.value is None:
            job.value = ("reset", new or settings.value)

    def do_step(n: int = 1) -> None:
        if n > 1:
            if busy.value is None:
                job.value = ("steps", n)
            return
        ok = controller.step(n)
        if not ok:
            playing.value = False
        error.value = controller.error
        follow()
        bump()

    def toggle_play(on: bool) -> None:
        now = time.monotonic()
        if now - last_toggle.current < TOGGLE_DEBOUNCE_S:
            return
        last_toggle.current = now
        playing.value = on

    def drawn(ok: bool) -> None:
        # The page re-renders inside the play turn. When another thread holds the render (a
        # click being handled), it renders our change: wait for that, so that play never
        # changes the page faster than it is drawn (which ends in "too many renders").
        before = shown.current
        if not ok:
            playing.value = False
        error.value = controller.error
        follow()
        bump()
        deadline = time.monotonic() + DRAW_WAIT_S
        while shown.current == before and not closed.is_set() and time.monotonic() < deadline:
            time.sleep(0.01)

    def play_loop() -> None:
        # One turn = a week's step and this page's drawing, round robin across sessions.
        play(controller, drawn, lambda: playing.value and not closed.is_set())

    solara.lab.use_task(play_loop, dependencies=[playing.value], prefer_threaded=True)

    pending = controller.pending(settings.value)
    working = busy.value is not None
    with solara.Columns([0, 1] if projector else [1, 3], gutters_dense=True) as page:
        with solara.Card(
            margin=0,
            style="display:none" if projector else "min-width:280px",
        ):
            LiveControls(
                controller,
                settings,
                lang,
                do_reset,
                playing.value or working,
                on_switched=(lambda: on_applied(controller.settings)) if on_applied else None,
            )
        # Keyed: the rows that come and go (progress, notes, errors) would otherwise shift the
        # map and charts to another place among their siblings, and a component that moves is
        # mounted anew (its state lost, its figures redrawn, its effects run again while a long
        # action draws from its own thread -- once in many runs the map's click handler then
        # did not find its image, and the events feed was never drawn).
        with solara.Column(gap="6px"):
            with solara.Row(gap="6px", style="align-items:center;flex-wrap:wrap").key("buttons"):
                ready = controller.ready and not working
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
                        on_click=lambda: toggle_play(False),
                        color="warning",
                        classes=["cogov-pause"],
                    )
                else:
                    solara.Button(
                        label("ui.play", lang),
                        on_click=lambda: toggle_play(True),
                        disabled=not ready,
                        color="success",
                        classes=["cogov-play"],
                    )
                solara.Button(
                    label("ui.reset", lang),
                    on_click=lambda: do_reset(),
                    disabled=playing.value or working,
                    color="error",
                    outlined=True,
                    classes=["cogov-reset"],
                )
                solara.Text(
                    label("ui.week", lang, n=controller.steps),
                    classes=["cogov-week"],
                    style="font-weight:bold;margin-left:8px",
                )
            if working:
                kind, done, total = busy.value
                with solara.Row(gap="8px", style="align-items:center", classes=["cogov-busy"]).key(
                    "busy"
                ):
                    if kind == "reset":
                        solara.ProgressLinear(True, classes=["cogov-busy-bar"])
                        solara.Text(label("ui.busy.reset", lang))
                    else:
                        solara.ProgressLinear(
                            100.0 * done / max(1, total), classes=["cogov-busy-bar"]
                        )
                        solara.Text(label("ui.busy.steps", lang, done=done, total=total))
                    solara.Button(
                        label("ui.cancel", lang), on_click=cancel.set, classes=["cogov-busy-cancel"]
                    )
            if note.value:
                solara.Info(note.value, dense=True, classes=["cogov-note"]).key("note")
            if pending and not working:
                key = "ui.switch_pending" if playing.value or controller.steps else "ui.pending"
                solara.Warning(label(key, lang), dense=True, classes=["cogov-pending"]).key(
                    "pending"
                )
            ErrorBox(error.value, lang).key("error")
            if controller.ready:
                with solara.Row(gap="10px", style="align-items:flex-start;flex-wrap:wrap").key(
                    "run"
                ):
                    with solara.Column(gap="4px", style="flex:0 0 auto"):
                        MapPanel(controller, version, lang, projector)
                        EventFeed(controller, version, lang)
                    with solara.Column(gap="4px", style="flex:1 1 420px;min-width:380px"):
                        ChartsPanel(controller, version, lang, projector)
                        if not projector:
                            VerdictPanel(controller, controller.start_settings, lang)
                            ExportPanel(controller, version, lang)
            elif not working:
                solara.Info(label("ui.no_model", lang), classes=["cogov-no-model"]).key("no-model")
    return page


# ------------------------------------------------------------------ compare page
@solara.component
def ComparePage(settings: solara.Reactive, lang: Lang):
    """Baseline vs a scenario over paired replications, run in a background thread."""
    catalogue = solara.use_memo(scenario_catalogue, [])
    choice = solara.use_reactive(LIVE)
    reference = solara.use_reactive(None)  # None: the live page's reference
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
            choice.value,
            int(reps.value),
            int(weeks.value),
            int(seed.value),
            settings.value,
            reference.value or settings.value.reference,
        )
        _compare_into(spec, cancel.is_set, cancel, running, error, result, progress)

    solara.lab.use_task(run, dependencies=[token.value], prefer_threaded=True)

    def start() -> None:
        if seed.value < 0:
            return
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
            with solara.Div(style="min-width:220px"):
                ref_name = reference.value or settings.value.reference
                solara.Select(
                    label("ui.compare.reference", lang),
                    values=list(shown),
                    value=scenario_label(ref_name, lang),
                    on_value=lambda v: reference.set(shown.get(v, v)),
                    disabled=running.value,
                    classes=["cogov-compare-reference"],
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
        compared = settings.value.scenario if choice.value == LIVE else choice.value
        unchanged = choice.value != LIVE or (
            settings.value.values == scenario_info(settings.value.scenario).values
            and not settings.value.extra.strip()
        )
        if compared == (reference.value or settings.value.reference) and unchanged:
            solara.Warning(
                label("ui.compare.same", lang), dense=True, classes=["cogov-compare-same"]
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
        if seed.value < 0:
            error.value = f"seed has value {seed.value}; allowed: a whole number >= 0"
        # Keyed: the rows above come and go (a warning, the progress), and the results drawn
        # would otherwise be mounted anew, their chart drawn again.
        ErrorBox(error.value, lang).key("error")
        res: ComparisonResult | None = result.value
        if res is not None:
            CompareResults(res, lang).key("results")
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
    words = solara.use_memo(
        lambda: (
            verdict(
                res.baseline[:k],
                res.scenario[:k],
                lang,
                scenario_label(res.spec.reference, lang),
                window=min(52, res.spec.steps),
                base_groups=res.baseline_groups,
                scen_groups=res.scenario_groups,
                switches=res.spec.switches,
            ).text()
            if k
            else ""
        ),
        [id(res), lang],
    )
    with solara.Column(gap="6px", classes=["cogov-compare-results"]) as col:
        if res.cancelled:
            solara.Warning(label("ui.compare.cancelled", lang), dense=True)
        if words:
            _bold(label("ui.verdict", lang))
            solara.Text(words, classes=["cogov-compare-verdict"], style="font-size:0.9em")
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
                f"{_pp(format_difference(row.difference, col_name), lang)}</td>"
                f"<td style='text-align:right;padding:2px 8px'>"
                f"[{_pp(format_difference(row.lo, col_name), lang)}, "
                f"{_pp(format_difference(row.hi, col_name), lang)}]"
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


# ------------------------------------------------------------------ lessons page
@solara.component
def LessonsPage(lang: Lang, on_apply, controller: LiveController, version: int):
    """Guided lesson plans: a step's settings by one click, a question, the answer after."""
    lessons, problems = solara.use_memo(list_lessons, [])
    picked = solara.use_reactive(0)
    step_i = solara.use_reactive(0)
    shown = solara.use_reactive(False)
    applied = solara.use_reactive(None)  # (lesson, step) whose settings were applied
    with solara.Column(gap="8px", classes=["cogov-lessons"], style="max-width:960px") as col:
        if problems:
            ErrorBox("\n".join([label("ui.lesson.problems", lang), *problems]), lang)
        if not lessons:
            return col
        names = [les.text("title", lang) for les in lessons]

        def pick(v: str) -> None:
            picked.set(names.index(v) if v in names else 0)
            step_i.set(0)
            shown.set(False)

        solara.Select(
            label("ui.lesson.pick", lang),
            values=names,
            value=names[min(picked.value, len(names) - 1)],
            on_value=pick,
            classes=["cogov-lesson-pick"],
        )
        lesson = lessons[min(picked.value, len(lessons) - 1)]
        solara.Text(lesson.text("summary", lang), style="font-size:0.95em")
        i = min(step_i.value, len(lesson.steps) - 1)
        step = lesson.steps[i]
        with solara.Card(margin=0, classes=["cogov-lesson-step"]):
            _bold(
                f"{label('ui.lesson.step', lang, i=i + 1, n=len(lesson.steps))}: "
                f"{step.text('title', lang)}"
            )
            solara.Button(
                label("ui.lesson.apply", lang, weeks=step.weeks),
                on_click=lambda: (
                    applied.set((lesson.name, i)),
                    shown.set(False),
                    on_apply(step.settings(), step.weeks),
                ),
                color="primary",
                classes=["cogov-lesson-apply"],
            )
            _para(label("ui.lesson.question", lang), step.text("question", lang))
            mine = applied.value == (lesson.name, i)
            # Read when the page renders (a click on "show" renders it): the run's week now.
            reached = mine and controller.ready and controller.steps >= step.weeks
            if shown.value and reached:
                with solara.Div(classes=["cogov-lesson-answer"]):
                    _para(label("ui.lesson.answer", lang), step.text("answer", lang))
            else:
                solara.Button(
                    label("ui.lesson.show", lang),
                    on_click=lambda: (shown.set(False), shown.set(True)),
                    disabled=not mine,
                    outlined=True,
                    classes=["cogov-lesson-show"],
                )
                if not reached:
                    solara.Text(
                        label("ui.lesson.wait", lang, n=step.weeks),
                        classes=["cogov-lesson-wait"],
                        style="font-size:0.8em;color:#666",
                    )
            with solara.Row(gap="6px"):
                solara.Button(
                    label("ui.lesson.prev", lang),
                    on_click=lambda: (step_i.set(max(0, i - 1)), shown.set(False)),
                    disabled=i == 0,
                    text=True,
                    classes=["cogov-lesson-prev"],
                )
                solara.Button(
                    label("ui.lesson.next", lang),
                    on_click=lambda: (step_i.set(i + 1), shown.set(False)),
                    disabled=i + 1 >= len(lesson.steps),
                    text=True,
                    classes=["cogov-lesson-next"],
                )
    return col


#: The page's styles in projector mode: large type, high contrast.
PROJECTOR_CSS = """
.cogov-projector { font-size: 20px; color: #000; background: #fff; }
.cogov-projector .v-btn { font-size: 18px !important; }
.cogov-projector .cogov-readout { font-size: 18px !important; font-weight: bold; color: #000; }
.cogov-projector .cogov-event-list { font-size: 17px !important; max-height: 200px !important; }
.cogov-projector .cogov-map-img { max-height: 52vh; }
"""


# --------------------------------------------------------------------- the app
@solara.component
def App():
    """The whole app: language and projector switches, four pages in tabs, settings in the URL."""
    router = solara.use_router()
    first = solara.use_memo(lambda: from_query(router.search), [])
    url_settings, options, url_problems = first
    lang = solara.use_reactive(options.get("lang", "zh"))
    projector = solara.use_reactive(bool(options.get("projector", False)))
    tab = solara.use_reactive(0)
    visited = solara.use_reactive(frozenset({0}))
    settings = solara.use_reactive(solara.use_memo(lambda: url_settings or default_settings(), []))
    controller = solara.use_memo(lambda: _started(settings.value, options.get("switches", ())), [])
    # The session's end (tab closed, reloaded, or culled): stop and free the run.
    solara.use_effect(lambda: controller.close, [])
    lesson_job = solara.use_reactive(None)
    lg: Lang = lang.value

    def share(_applied: LiveSettings | None = None) -> None:
        # The run as it is: its start and its switches (a reset's run has none yet).
        query = to_query(controller.start_settings, lg, projector.value, controller.schedule())
        try:
            router.push(f"{router.path or '/'}?{query}")
        except Exception:  # noqa: BLE001 - the address bar is a convenience
            pass

    def apply_lesson(new: LiveSettings, weeks: int) -> None:
        settings.value = new
        tab.value = 0
        lesson_job.value = (new, weeks, time.monotonic())  # a second click applies again

    solara.Title(label("ui.title", lg))
    solara.Style(PROJECTOR_CSS)
    root_classes = ["cogov-app"] + (["cogov-projector"] if projector.value else [])
    with solara.Column(gap="4px", style="padding:8px 16px", classes=root_classes) as app:
        with solara.Row(style="align-items:center;justify-content:space-between"):
            solara.HTML(
                tag="h2",
                unsafe_innerHTML=html.escape(label("ui.title", lg)),
                style="margin:4px 0" + (";font-size:1.3em" if projector.value else ""),
            )
            with solara.Row(gap="6px", style="align-items:center"):
                solara.Switch(
                    label=label("ui.projector", lg),
                    value=projector,
                    classes=["cogov-projector-switch"],
                    style="margin:0 12px 0 0;height:34px",
                )
                solara.Button(
                    label("ui.language", lg),
                    on_click=lambda: lang.set(other_language(lg)),
                    outlined=True,
                    classes=["cogov-lang"],
                )
        if url_problems:
            ErrorBox("\n".join(url_problems), lg).key("url-problems")
        pages = ("live", "compare", "lessons", "explain")
        with solara.Row(
            gap="0px",
            classes=["cogov-tabs"],
            style="border-bottom:1px solid #ddd;margin-bottom:6px",
        ):
            for i, key in enumerate(pages):
                solara.Button(
                    label(f"ui.tab.{key}", lg),
                    on_click=lambda i=i: (visited.set(visited.value | {i}), tab.set(i)),
                    text=True,
                    color="primary" if tab.value == i else None,
                    classes=[f"cogov-tab-{key}"] + (["cogov-tab-active"] if tab.value == i else []),
                    style="border-bottom:3px solid "
                    + ("#1976d2" if tab.value == i else "transparent"),
                )
        # A page is mounted when first shown (a quick first load), then stays mounted (hidden
        # when not shown) so a run, a comparison or a lesson in progress keeps its state. Keyed
        # by name: a page first shown later would otherwise take the place of the pages after
        # it, and they would be mounted anew (a lesson back at its first step).
        for i, key in enumerate(pages):
            if i not in visited.value and i != tab.value:
                continue
            with solara.Div(
                classes=[f"cogov-page-{key}"], style=None if tab.value == i else "display:none"
            ).key(f"page-{key}"):
                if key == "live":
                    LivePage(
                        controller,
                        settings,
                        lg,
                        projector=projector.value,
                        on_applied=share,
                        request=lesson_job,
                    )
                elif key == "compare":
                    ComparePage(settings, lg)
                elif key == "lessons":
                    LessonsPage(lg, apply_lesson, controller, 0)
                else:
                    ExplainPage(lg)
    return app


def _started(settings: LiveSettings, switches=()) -> LiveController:
    controller = LiveController(settings)
    controller.reset(switches=switches)
    return controller
