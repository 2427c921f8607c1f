"""Export of the current run: time series (CSV, Parquet), charts (PNG, SVG), a one-page handout.

The handout is one self-contained HTML file (charts embedded as SVG, no links), with the
settings, the verdict when there is one, the events and the final week's outcomes; it can be
mailed, archived or printed to PDF from the browser.
"""

from __future__ import annotations

import html
import io
import shlex
from collections.abc import Sequence

import pandas as pd

from cogov.errors import InputError
from cogov.events import Event, events_table, switch_event
from cogov.model import switch_text
from cogov.scenario import load_scenario
from cogov.ui.charts import LiveCharts, format_number
from cogov.ui.controller import LiveSettings, all_groups, scenario_info
from cogov.ui.controls import switch_groups
from cogov.ui.labels import Lang, label, scenario_label


def csv_bytes(ts: pd.DataFrame) -> bytes:
    """The time series as CSV (UTF-8 with a byte-order mark, so spreadsheets read 中文)."""
    return ts.to_csv(index=False).encode("utf-8-sig")


def parquet_bytes(ts: pd.DataFrame) -> bytes:
    """The time series as Parquet."""
    out = io.BytesIO()
    ts.to_parquet(out, index=False)
    return out.getvalue()


def events_csv(events: Sequence[Event]) -> bytes:
    """The events as CSV (both languages)."""
    return events_table(events).to_csv(index=False).encode("utf-8-sig")


def chart_bytes(
    ts: pd.DataFrame,
    reference: pd.DataFrame | None,
    events: Sequence[Event],
    lang: Lang,
    fmt: str,
) -> bytes:
    """Every chart of the live page as one PNG (at 200 dpi) or SVG."""
    charts = LiveCharts(lang, dpi=200 if fmt == "png" else 80)
    charts.update(ts, reference, events)
    for _, _, line, base in charts.lines:  # drawn by savefig, not by blitting
        line.set_animated(False)
        base.set_animated(False)
    out = io.BytesIO()
    charts.figure.savefig(out, format=fmt)
    return out.getvalue()


HANDOUT_OUTCOMES = (
    "participation_any",
    "satisfaction_mean",
    "trust_rc_mean",
    "backlog_open",
    "needs_expired",
    "disputes_escalated",
    "fee_collection_rate",
    "active_volunteers",
    "spending_total_yuan",
)


def changed_settings(settings: LiveSettings, lang: Lang) -> list[str]:
    """The sliders and shocks set away from the scenario's file, as ``group · name = value``.

    Mechanisms' on/off are left to the handout's own line; the more-parameters box is
    printed as typed.
    """
    try:
        shipped = scenario_info(settings.scenario).values
    except InputError:
        shipped = {}
    out = []
    for group in all_groups():
        keys = [] if group.section == "mechanisms" else [(group.enabled_key, None)]
        for key, ctl in [*keys, *((p.key, p) for p in group.params)]:
            value = settings.values.get(key)
            if key not in settings.values or shipped.get(key) == value:
                continue
            what = label(group.name, lang, fallback=group.name)
            if ctl is not None:
                what += " · " + label(ctl.name, lang, fallback=ctl.description)
            if isinstance(value, bool):
                shown = {"en": ("off", "on"), "zh": ("关", "开")}[lang][value]
            elif isinstance(value, float):
                shown = f"{value:.3g}"  # as the slider shows it
            else:
                shown = label(f"choice.{value}", lang, fallback=str(value))
            out.append(f"{what} = {shown}")
    return out


def repeat_command(
    settings: LiveSettings, switches: Sequence[tuple[int, str, bool]], weeks: int
) -> str:
    """The ``cogov run`` command that repeats the run (its start, seed, size, switches, weeks).

    What differs from the scenario's file goes in ``--set`` (the community size, switches and
    sliders, and the more-parameters box as typed); each switch made during the run in
    ``--switch``. Its time series is the run's, to the bit.
    """
    from cogov.ui.controller import HOUSEHOLDS_KEY
    from cogov.ui.share import value_text

    try:
        shipped = scenario_info(settings.scenario).values
    except InputError:
        shipped = {}
    sc = load_scenario(settings.scenario)
    words = ["cogov", "run", settings.scenario, "--seed", str(settings.seed)]
    words += ["--steps", str(int(weeks))]
    sets = []
    if int(settings.households) != sc.structure.households_per_community:
        sets.append(f"{HOUSEHOLDS_KEY}={int(settings.households)}")
    sets += [
        f"{k}={value_text(v)}" for k, v in sorted(settings.values.items()) if shipped.get(k) != v
    ]
    sets += [line.strip() for line in settings.extra_lines() if line.strip()]
    for item in sets:
        words += ["--set", item]
    for switch in switches:
        words += ["--switch", switch_text(switch)]
    return shlex.join(words)


def handout_html(
    settings: LiveSettings,
    ts: pd.DataFrame,
    reference: pd.DataFrame | None,
    events: Sequence[Event],
    lang: Lang,
    verdict: str | None = None,
    link: str | None = None,
    switches: Sequence[tuple[int, str, bool]] = (),
) -> bytes:
    """A one-page, self-contained HTML handout of the run.

    ``settings`` are those of the run's start (the mechanisms on then are listed) and
    ``switches`` the mechanisms switched during the run, ``(week, name, on)``, listed with them.
    """
    esc = html.escape
    title = label("ui.title", lang)
    week = int(ts["step"].iloc[-1]) if len(ts) else 0
    svg = chart_bytes(ts, reference, events, lang, "svg").decode("utf-8")
    svg = svg[svg.find("<svg") :]
    rows = ""
    if len(ts):
        last = ts.iloc[-1]
        for c in HANDOUT_OUTCOMES:
            if c in ts:
                value = esc(format_number(float(last[c]), c))
                rows += (
                    f"<tr><td>{esc(label(c, lang))}</td>"
                    f"<td style='text-align:right'>{value}</td></tr>"
                )
    feed = "".join(f"<li>{esc(e.text(lang))}</li>" for e in events) or (
        f"<li>{esc(label('ui.events.none', lang))}</li>"
    )
    setting_lines = [
        f"{label('ui.scenario', lang)}: {scenario_label(settings.scenario, lang)}",
        f"{label('ui.reference', lang)}: {scenario_label(settings.reference, lang)}",
        f"{label('ui.seed', lang)}: {settings.seed}",
        f"{label('ui.households', lang)}: {settings.households}",
        label("ui.week", lang, n=week),
    ]
    if settings.extra.strip():
        setting_lines.append(f"{label('ui.overrides', lang)}: {settings.extra.strip()}")
    sep = "、" if lang == "zh" else ", "
    on_at_start = [
        label(g.name, lang, fallback=g.name)
        for g in switch_groups("mechanisms")
        if settings.values.get(g.enabled_key) is True
    ]
    setting_lines.append(
        f"{label('ui.handout.mechanisms', lang)}: "
        + (sep.join(on_at_start) or label("ui.handout.none", lang))
    )
    changed = changed_settings(settings, lang)
    if changed:
        setting_lines.append(f"{label('ui.handout.changed', lang)}: " + sep.join(changed))
    if switches:
        setting_lines.append(
            f"{label('ui.handout.switches', lang)}: "
            + sep.join(switch_event(w, n, o).text(lang) for w, n, o in switches)
        )
    try:  # none before the first week (a run of 0 weeks is not a run)
        command = repeat_command(settings, switches, week) if week >= 1 else None
    except InputError:  # a scenario the catalogue no longer has: nothing to repeat it with
        command = None
    repeat = ""
    if command:
        repeat = f"<p>{esc(label('ui.handout.command', lang))}:<br><code>{esc(command)}</code></p>"
    page = f"""<!doctype html>
<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">
<title>{esc(title)}</title>
<style>body{{font-family:sans-serif;max-width:1000px;margin:16px auto;color:#111}}
td{{padding:1px 10px}} h1{{font-size:1.4em}} h2{{font-size:1.1em;margin:10px 0 4px}}
svg{{width:100%;height:auto}} @media print{{body{{margin:0}}}}</style></head><body>
<h1>{esc(title)}</h1>
<p>{"<br>".join(esc(x) for x in setting_lines)}</p>
{f"<p>{esc(link)}</p>" if link else ""}
{repeat}
<h2>{esc(label("ui.verdict", lang))}</h2>
<p class="verdict">{esc(verdict) if verdict else esc(label("ui.verdict.none", lang))}</p>
<h2>{esc(label("ui.events", lang))}</h2><ul>{feed}</ul>
<h2>{esc(label("ui.now", lang))}</h2><table>{rows}</table>
<h2>{esc(label("ui.charts", lang))}</h2>{svg}
</body></html>"""
    return page.encode("utf-8")
