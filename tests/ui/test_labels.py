"""The table of names: every engine name the app shows has both languages."""

import pytest

from cogov.metrics import OUTCOMES
from cogov.ui.charts import PANELS, TABLE_OUTCOMES
from cogov.ui.controller import all_groups
from cogov.ui.explain import EXPLANATIONS, ORDER
from cogov.ui.labels import LABELS, humanise, label, other_language
from cogov.ui.mapview import MAP_METRICS


@pytest.mark.parametrize("column", list(OUTCOMES))
def test_every_outcome_column_has_both_languages(column):
    assert LABELS[column]["en"] and LABELS[column]["zh"]


def test_every_ui_key_has_both_languages():
    for key, entry in LABELS.items():
        assert entry.get("en") and entry.get("zh"), key


def test_charts_and_tables_use_engine_column_names():
    for panel in PANELS:
        for col in panel.columns:
            assert col in OUTCOMES, col
        assert f"ui.panel.{panel.key}" in LABELS
        assert f"ui.axis.{panel.axis}" in LABELS
    for col in TABLE_OUTCOMES:
        assert col in OUTCOMES


def test_groups_and_map_metrics_are_labelled():
    for group in all_groups():
        assert group.name in LABELS, group.name
    for metric in MAP_METRICS:
        assert f"map.{metric}" in LABELS


def test_every_mechanism_is_explained_in_both_languages():
    for name in ORDER:
        for lang in ("en", "zh"):
            text = EXPLANATIONS[name][lang]
            assert set(text) == {"practice", "model", "watch"}
            assert all(text.values())
        assert name in LABELS


def test_fallbacks_and_formatting():
    assert label("no_such_key", "zh") == "No such key"
    assert label("no_such_key", "zh", fallback="from schema") == "from schema"
    assert label("ui.week", "en", n=3) == "Week 3"
    assert label("ui.week", "zh", n=3) == "第3周"
    assert humanise("needs.rate_scale") == "Rate scale"
    assert other_language("zh") == "en" and other_language("en") == "zh"


def test_scenario_names_are_translated_with_their_file_name():
    from cogov.ui.labels import scenario_label

    assert scenario_label("baseline", "zh") == "基线（行政主导） · baseline"
    assert scenario_label("some_new_file", "zh") == "some_new_file"
    for name in (
        "baseline",
        "dual_reporting",
        "big_party_committee",
        "point_incentives",
        "three_lists",
        "full_reform",
        "old_compound",
        "commodity_estate",
        "mixed",
        "epidemic",
        "firm_exit",
        "points_withdrawn",
    ):  # MODEL.md section 7
        assert LABELS[f"scenario.{name}"]["zh"]
