"""A verdict in plain words (中文 / English) from a paired comparison.

Built from the compare page's runs (replication *i* of both arms shares a seed): what changed
against the reference with its 95% interval (:func:`cogov.ui.charts.final_year_differences`,
the report's paired effects), for whom (the same paired effects on the groups table), and at
what cost per 10,000 yuan (:func:`cogov.experiments.stats.effects_per_10k_yuan` over
:func:`cogov.experiments.stats.with_mechanism_spending`). Nothing here computes a statistic
of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cogov.experiments.stats import (
    MECHANISMS_SPENDING,
    SPENDING_COLUMN,
    effects_per_10k_yuan,
    run_summaries,
    stack_runs,
    with_mechanism_spending,
)
from cogov.ui.charts import TABLE_OUTCOMES, final_year_differences, format_difference
from cogov.ui.labels import Lang, label

#: +1 where more is better for the community, -1 where less is better (spending: neither).
GOOD: dict[str, int] = {
    "participation_any": 1,
    "participation_deep": 1,
    "unwilling_share": -1,
    "satisfaction_mean": 1,
    "trust_rc_mean": 1,
    "backlog_open": -1,
    "needs_expired": -1,
    "time_to_resolution_mean": -1,
    "disputes_escalated": -1,
    "fee_collection_rate": 1,
    "active_volunteers": 1,
    "vulnerable_service_ratio": 1,
}
#: Groups named in the "for whom" sentence, and the outcome compared across them.
GROUPS = ("elderly", "working_age", "youth", "low_income", "unemployed")
GROUP_OUTCOME = "participation_any"
#: The outcome whose cost per 10,000 yuan is quoted.
COST_OUTCOME = "participation_any"
#: At most this many clear changes are named.
MAX_NAMED = 5

_WORDS = {
    "en": {
        "head": "Against {ref} (same seeds, {n} paired runs, mean of the last {w} weeks){sw}:",
        "switches": ", with {what}, as in this run",
        "switch_on": "{name} switched on at week {week}",
        "switch_off": "{name} switched off at week {week}",
        "up": "{what} rose by {d} (95% interval {lo} to {hi})",
        "down": "{what} fell by {d} (95% interval {lo} to {hi})",
        "good": "better",
        "bad": "worse",
        "none": "No outcome changed clearly: every 95% interval includes zero.",
        "unclear": "No clear change in {names}.",
        "whom": "For whom: {what} changed most for {top} ({d_top}) and least for {low} ({d_low}).",
        "cost": "Cost: {yuan} yuan a year more on mechanisms; {what} {per} per 10,000 yuan "
        "(95% interval {lo} to {hi}).",
        "no_cost": "Cost: no extra spending on mechanisms against the reference.",
        "few": "Only {n} paired run(s): too few for an interval; run more replications.",
    },
    "zh": {
        "head": "与{ref}相比（相同随机种子，{n}对配对运行，最后{w}周平均）{sw}：",
        "switches": "，与本次运行一样，{what}",
        "switch_on": "第{week}周启用{name}",
        "switch_off": "第{week}周停用{name}",
        "up": "{what}上升{d}（95%区间 {lo} 至 {hi}）",
        "down": "{what}下降{d}（95%区间 {lo} 至 {hi}）",
        "good": "改善",
        "bad": "变差",
        "none": "没有指标发生明确变化：所有95%区间都包含零。",
        "unclear": "{names}没有明确变化。",
        "whom": "对谁：{what}在{top}中变化最大（{d_top}），在{low}中最小（{d_low}）。",
        "cost": "成本：机制支出每年多{yuan}元；每万元{what}变化{per}（95%区间 {lo} 至 {hi}）。",
        "no_cost": "成本：与参照相比，机制没有额外支出。",
        "few": "只有{n}对配对运行，不足以给出区间；请增加重复次数。",
    },
}


@dataclass(frozen=True)
class Verdict:
    """The verdict's sentences and the table it was read from."""

    sentences: tuple[str, ...]
    table: pd.DataFrame

    def text(self) -> str:
        """The sentences as one paragraph."""
        return " ".join(self.sentences)


def _clear(row) -> bool:
    return bool(np.isfinite(row.lo) and np.isfinite(row.hi) and (row.lo > 0 or row.hi < 0))


def _unsigned(value: float, column: str) -> str:
    return format_difference(abs(value), column).lstrip("+")


def _localise_units(text: str, lang: Lang) -> str:
    return text.replace(" pp", "个百分点") if lang == "zh" else text


def group_differences(
    base: Sequence[pd.DataFrame],
    scen: Sequence[pd.DataFrame],
    outcome: str = GROUP_OUTCOME,
    window: int = 52,
) -> pd.DataFrame:
    """Paired final-window differences of ``outcome`` per group (rows: group, difference...)."""
    rows = []
    for g in GROUPS:
        b = [f[f["group"] == g] for f in base]
        s = [f[f["group"] == g] for f in scen]
        if not b or any(len(f) == 0 for f in [*b, *s]):
            continue
        t = final_year_differences(b, s, [outcome], window=window)
        rows.append({"group": g, **t.iloc[0].to_dict()})
    return pd.DataFrame(rows)


def cost_per_10k(
    base: Sequence[pd.DataFrame],
    scen: Sequence[pd.DataFrame],
    outcome: str = COST_OUTCOME,
    window: int = 52,
) -> pd.Series | None:
    """The scenario's effect on ``outcome`` per 10,000 yuan a year of mechanism spending."""
    cols = [outcome, SPENDING_COLUMN, "spending_activities_yuan"]
    if not base or any(c not in f for f in [*base, *scen] for c in cols):
        return None
    k = min(len(base), len(scen))
    runs = stack_runs({"baseline": base[:k], "scenario": scen[:k]}, cols)
    summaries = with_mechanism_spending(run_summaries(runs, cols, window))
    spending = MECHANISMS_SPENDING if MECHANISMS_SPENDING in summaries else SPENDING_COLUMN
    table = effects_per_10k_yuan(summaries, "baseline", [outcome], spending=spending)
    return table.iloc[0] if len(table) else None


def switches_clause(switches: Sequence[tuple[int, str, bool]], lang: Lang) -> str:
    """The head's clause naming a run's switches ("", when none): the comparison replays them."""
    if not switches:
        return ""
    words = _WORDS[lang]
    parts = [
        words["switch_on" if on else "switch_off"].format(
            name=label(name, lang).lower() if lang == "en" else label(name, lang), week=week
        )
        for week, name, on in switches
    ]
    if lang == "zh":
        what = "、".join(parts)
    else:
        what = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return words["switches"].format(what=what)


def verdict(
    base: Sequence[pd.DataFrame],
    scen: Sequence[pd.DataFrame],
    lang: Lang,
    reference: str,
    window: int = 52,
    base_groups: Sequence[pd.DataFrame] | None = None,
    scen_groups: Sequence[pd.DataFrame] | None = None,
    switches: Sequence[tuple[int, str, bool]] = (),
) -> Verdict:
    """The verdict of scenario runs ``scen`` against reference runs ``base`` (paired by index).

    Args:
        base: the time series of each replication of the reference.
        scen: the time series of each replication of the scenario (same seeds, same order).
        lang: the language of the sentences.
        reference: the reference's name as shown to the reader.
        window: weeks at the end of each run averaged (the final year).
        base_groups: the groups tables of the reference's runs, for "for whom".
        scen_groups: the groups tables of the scenario's runs.
        switches: the mechanisms switched during the judged run, ``(week, name, on)``, which
            the scenario's runs replayed (:attr:`cogov.ui.compare.ComparisonSpec.switches`):
            named in the first sentence.
    """
    words = _WORDS[lang]
    k = min(len(base), len(scen))
    table = final_year_differences(base[:k], scen[:k], TABLE_OUTCOMES, window=window)
    sw = switches_clause(switches, lang)
    out = [words["head"].format(ref=reference, n=k, w=window, sw=sw)]
    if k < 2:
        out.append(words["few"].format(n=k))
        return Verdict(tuple(out), table)
    clear = [r for r in table.itertuples() if r.outcome in GOOD and _clear(r)]
    unclear = [r.outcome for r in table.itertuples() if r.outcome in GOOD and not _clear(r)]
    # Largest changes first, relative to the reference's level.
    # Participation first when it changed clearly, then the largest changes relative to the
    # reference's level.
    clear.sort(
        key=lambda r: (
            r.outcome != "participation_any",
            -abs(r.difference) / max(abs(r.baseline), 1e-9),
        )
    )
    bits = []
    for r in clear[:MAX_NAMED]:
        verb = "up" if r.difference > 0 else "down"
        better = (r.difference > 0) == (GOOD[r.outcome] > 0)
        bits.append(
            words[verb].format(
                what=label(r.outcome, lang),
                d=_unsigned(r.difference, r.outcome),
                lo=format_difference(r.lo, r.outcome),
                hi=format_difference(r.hi, r.outcome),
            )
            + (f" ({words['good' if better else 'bad']})" if lang == "en" else "")
            + (f"（{words['good' if better else 'bad']}）" if lang == "zh" else "")
        )
    if bits:
        out.append(("；" if lang == "zh" else "; ").join(bits) + ("。" if lang == "zh" else "."))
    else:
        out.append(words["none"])
    if bits and unclear:
        names = ("、" if lang == "zh" else ", ").join(label(c, lang) for c in unclear[:4])
        out.append(words["unclear"].format(names=names))
    if base_groups and scen_groups:
        g = group_differences(base_groups[:k], scen_groups[:k], window=window)
        if len(g) >= 2 and any(_clear(r) for r in g.itertuples()):
            g = g.sort_values("difference")
            top, low = g.iloc[-1], g.iloc[0]
            out.append(
                words["whom"].format(
                    what=label(GROUP_OUTCOME, lang),
                    top=label(top.group, lang).lower() if lang == "en" else label(top.group, lang),
                    low=label(low.group, lang).lower() if lang == "en" else label(low.group, lang),
                    d_top=format_difference(top.difference, GROUP_OUTCOME),
                    d_low=format_difference(low.difference, GROUP_OUTCOME),
                )
            )
    cost = cost_per_10k(base[:k], scen[:k], window=window)
    if cost is not None:
        if np.isfinite(cost["per_10k_yuan"]):
            out.append(
                words["cost"].format(
                    yuan=f"{cost['extra_yuan_per_year']:,.0f}",
                    what=label(COST_OUTCOME, lang),
                    per=format_difference(cost["per_10k_yuan"], COST_OUTCOME),
                    lo=format_difference(cost["lo"], COST_OUTCOME),
                    hi=format_difference(cost["hi"], COST_OUTCOME),
                )
            )
        else:
            out.append(words["no_cost"])
    return Verdict(tuple(_localise_units(s, lang) for s in out), table)
