"""The outcomes of MODEL.md section 5: every column's name and meaning, in one place.

One row per step in ``timeseries``, one per (step, grid) in ``grids`` and one per
(step, group) in ``groups`` (measured by :mod:`cogov.phases.measurement`). Column names
are the same everywhere (files, reports, the UI); their meaning and units are listed in
:data:`OUTCOMES` and in ``docs/ODD.md``. Mechanisms add a few columns of their own
(``Mechanism.columns``, 0 when the mechanism is off).
"""

from __future__ import annotations

from cogov.money import RULES, Fund, Income, Spending
from cogov.params import NEED_CATEGORIES

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
    "needs_discovered": (
        "hidden needs discovered by grid patrols or meetings this week (not those residents "
        "posted online themselves)"
    ),
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

#: The engine's own columns, in the order of the time series (before the extra columns).
BASE_COLUMNS: tuple[str, ...] = tuple(OUTCOMES)

#: Columns measured every week whatever mechanisms are on, so that a scenario with a
#: mechanism can be compared with one without (the state the mechanisms act on).
MEASURED_STATE: dict[str, str] = {
    "unit_hours_worked": "hours worked on needs this week by paired units [hours]",
    "in_service_hours_worked": "hours worked on needs this week by in-service members [hours]",
    "volunteer_intrinsic_mean": "volunteers' mean intrinsic motivation [0-1] (NaN: none)",
    "volunteer_extrinsic_mean": "volunteers' mean extrinsic motivation [0-1] (NaN: none)",
    "patrol_coverage_mean": "mean weekly chance that patrols find a hidden need, over grids",
    "building_leaders": "residents who are building leaders (楼栋长/单元长)",
    "household_contacts": "residents who are contacts for households (党员联系户)",
    "grid_volunteers": "residents who are grid volunteers (网格志愿者), a standing role",
    "rc_time_on_needs_share": "share of RC staff time left for residents' needs after tasks "
    "from above, mean over communities",
    "rc_seen_as_own_mean": "residents' mean view of the RC: 1 their own self-governing body, "
    "0 a government office [0-1]",
    "rc_seen_as_own_share": "share of residents who see the RC more as their own body than "
    "as a government office (view above 0.5)",
    "members_role_share": "share of party members holding any standing role",
    "members_leader_share": "share of party members who are building leaders",
    "members_contact_share": "share of party members who are contacts for households",
    "members_grid_role_share": "share of party members who are grid volunteers",
    "reported_role_share": "share of reported members holding any standing role (NaN: none)",
    "reported_leader_share": "share of reported members who are building leaders (NaN: none)",
    "reported_contact_share": "share of reported members who are contacts (NaN: none)",
    "reported_grid_role_share": "share of reported members who are grid volunteers (NaN: none)",
}

#: Whether supply binds: needs unmet for lack of a supplier (voiced, never taken on, expired)
#: and for lack of voice (expired hidden), among the needs that ended in the window; and
#: how much of the hours residents offered were used.
BINDING: dict[str, str] = {
    "unmet_no_supplier_share": (
        "share of needs ended in the window that expired voiced but never taken on by a "
        "supplier (unmet for lack of a supplier)"
    ),
    "unmet_unvoiced_share": (
        "share of needs ended in the window that expired still hidden (unmet for lack of voice)"
    ),
    **{
        f"unmet_no_supplier_{cat}": f"unmet for lack of a supplier, {cat.replace('_', ' ')} needs"
        for cat in NEED_CATEGORIES
    },
    "resident_hours_offered": "hours residents (volunteers, members) offered this week [hours]",
    "resident_hours_used_share": "share of the hours residents offered that were worked",
    "visits_made": "home visits (上门走访) to elderly residents living alone or poor this week",
    "needs_found_on_visits": "hidden needs brought to the RC by home visits this week",
    "visit_coverage": "share of the visits' targets visited within the visit interval",
}

#: Money columns besides the total and activities (items of :mod:`cogov.money`).
MONEY: dict[str, str] = {
    **{
        item.column: f"spent on {item.value.replace('_', ' ')} this week [yuan]"
        for item in Spending
        if item is not Spending.ACTIVITIES
    },
    **{
        source.column: f"received from {source.value.replace('_', ' ')} this week [yuan]"
        for source in Income
    },
    "budget_left_yuan": "both funds left at the end of the week, all communities [yuan]",
    Fund.WORK.left_column: "work funds (社区工作经费) left at the end of the week, all "
    "communities [yuan]",
    Fund.SERVICE.left_column: "service fund (服务群众专项经费) left at the end of the week, all "
    "communities [yuan]",
    "money_asked_yuan": "asked of the budget this week, all items [yuan]",
    "money_shortfall_yuan": "asked but not paid this week (asked − spent), all items [yuan]",
    "budget_exhausted": "1 in a week some spending could not be paid in full, else 0",
    **{
        item.shortfall_column: f"asked for {item.value.replace('_', ' ')} but not paid "
        f"this week ({RULES[item].value.replace('_', ' ')}) [yuan]"
        for item in Spending
    },
}
OUTCOMES.update(MEASURED_STATE)
OUTCOMES.update(BINDING)
OUTCOMES.update(MONEY)

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

#: The groups of the per-group table, in the order of its ``group`` codes.
GROUPS = ("all", "elderly", "working_age", "youth", "low_income", "unemployed", "vulnerable")

#: Which way each outcome should move for residents and the community to be better off:
#: +1 higher is better, -1 lower is better. An outcome not listed has no better direction
#: (a description such as who takes part, a count of residents, a share of hours used).
#: Declared once, here; reports colour effects by it (:func:`good_direction`).
GOOD_DIRECTION: dict[str, int] = {
    "participation_any": +1,
    "participation_shallow": +1,
    "participation_deep": +1,
    "unwilling_share": -1,
    "trust_strangers_share": +1,
    "needs_discovered": +1,
    "needs_resolved": +1,
    "needs_expired": -1,
    "backlog_open": -1,
    "backlog_hidden": -1,
    "time_to_resolution_mean": -1,
    "time_to_resolution_p90": -1,
    "satisfaction_mean": +1,
    "trust_rc_mean": +1,
    "willingness_mean": +1,
    "disputes_arising": -1,
    "disputes_escalated": -1,
    "disputes_open": -1,
    "fee_collection_rate": +1,
    "firm_quality_mean": +1,
    "firm_exits": -1,
    "unmanaged_compounds": -1,
    "volunteers": +1,
    "active_volunteers": +1,
    "volunteer_hours": +1,
    "resident_supply_hours": +1,
    "resolution_gini_grids": -1,
    "vulnerable_service_ratio": +1,
    "unmet_no_supplier_share": -1,
    "unmet_unvoiced_share": -1,
    **{f"unmet_no_supplier_{cat}": -1 for cat in NEED_CATEGORIES},
    "needs_found_on_visits": +1,
    "visit_coverage": +1,
    # money: spending more for the same outcomes is worse; an unpaid need is worse
    "spending_total_yuan": -1,
    "money_shortfall_yuan": -1,
    "budget_exhausted": -1,
    **{item.shortfall_column: -1 for item in Spending},
}


def good_direction(column: str) -> int:
    """Return +1 if a higher ``column`` is better, -1 if lower is better, 0 if neither."""
    return GOOD_DIRECTION.get(column, 0)


#: The units an outcome is measured in (keys of the ``unit.*`` labels in ``cogov.ui.labels``).
UNIT_KEYS = (
    "share",
    "index",
    "ratio",
    "yuan_per_week",
    "yuan",
    "hours_per_week",
    "weeks",
    "per_week",
    "count",
)


def outcome_unit(column: str) -> str:
    """Return the unit of an outcome column, one of :data:`UNIT_KEYS`.

    Read from the column's description in :data:`OUTCOMES` (its ``[unit]``, "this week")
    and its name (``*_share``, ``*_rate``); an unknown column is a count.
    """
    desc = OUTCOMES.get(column, "")
    weekly = "this week" in desc
    if "[yuan]" in desc or column.endswith("_yuan"):
        return "yuan" if "end of the week" in desc else "yuan_per_week"  # a stock, or a flow
    if "[hours]" in desc:
        return "hours_per_week"  # every hours column is a week's hours
    if "[weeks]" in desc or column.startswith("time_to_resolution"):
        return "weeks"
    if "[0-1]" in desc or "gini" in column.lower():
        return "index"
    if "ratio" in column:
        return "ratio"
    if (
        desc.startswith(("share", "mean weekly chance", "1 in a week"))
        or column.endswith(("_share", "_rate", "coverage", "coverage_mean"))
        or column.startswith(("participation_", "unmet_"))
        or "_share_" in column
    ):
        return "share"
    return "per_week" if weekly else "count"


def outcome_range(column: str) -> tuple[float, float]:
    """Return the lowest and highest value an outcome can take.

    ``(0, 1)`` for shares and indices, ``(0, inf)`` for the other outcomes of
    :data:`OUTCOMES` (all are non-negative), ``(-inf, inf)`` for a column not listed there
    (e.g. a derived difference).
    """
    if column not in OUTCOMES:
        return float("-inf"), float("inf")
    if outcome_unit(column) in ("share", "index"):
        return 0.0, 1.0
    return 0.0, float("inf")
