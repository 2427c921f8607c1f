"""Every parameter has a unit, a source of a known class and finite bounds (issue 9, item 5).

Seed passages and the passages behind fitted targets are checked against the field reports
in ``shared/sources/`` when that folder sits next to the repository (as in the project's
work tree); elsewhere that one test is skipped.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cogov.params import (
    SEED_FILES,
    SOURCE_CLASSES,
    Scenario,
    assumption,
    fitted_to,
    from_seed,
    param,
    parameter_table,
    source_counts,
)

SOURCES = Path(__file__).resolve().parents[1].parent / "shared" / "sources"
ROWS = parameter_table()


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _ids(rows: list[dict]) -> list[str]:
    return [r["key"] for r in rows]


@pytest.mark.parametrize("row", ROWS, ids=_ids(ROWS))
def test_every_parameter_has_a_unit_and_a_source_of_a_known_class(row):
    assert row["unit"].strip(), f"{row['key']}: no unit"
    assert row["source"].strip(), f"{row['key']}: no source"
    assert row["source_class"] in SOURCE_CLASSES, f"{row['key']}: {row['source_class']!r}"
    assert row["description"].strip() or "." in row["key"], f"{row['key']}: no description"


def test_the_source_text_says_its_class():
    for row in ROWS:
        text, kind = row["source"], row["source_class"]
        if kind == "seed":
            assert row["seed_file"] in SEED_FILES and row["seed_passage"], row["key"]
            assert text.startswith(f'{row["seed_file"]}: "{row["seed_passage"]}"'), row["key"]
        elif kind in ("fitted", "assumption", "structural"):
            prefix = {"fitted": "fitted to C", "assumption": "assumption"}.get(kind, kind)
            assert text.startswith(prefix), (row["key"], text)


NUMERIC = [r for r in ROWS if _numeric(r["default"]) or r["key"] == "community.community_workers"]


@pytest.mark.parametrize("row", NUMERIC, ids=_ids(NUMERIC))
def test_every_numeric_parameter_has_finite_bounds_around_its_default(row):
    lo, hi = row["min"], row["max"]
    assert lo is not None and hi is not None, f"{row['key']}: unbounded"
    assert math.isfinite(lo) and math.isfinite(hi), f"{row['key']}: [{lo}, {hi}]"
    if row["default"] is not None:
        assert lo <= row["default"] <= hi, f"{row['key']}: {row['default']} not in [{lo}, {hi}]"


def test_source_counts_add_up_to_every_model_parameter():
    counts = source_counts()
    assert set(counts) == set(SOURCE_CLASSES)
    assert sum(counts.values()) == sum(1 for r in ROWS if "." in r["key"])
    # Honest bookkeeping: most values are assumptions, and the four calibrated ones are fitted.
    assert counts["fitted"] == 4
    assert counts["assumption"] > counts["seed"] + counts["study"] + counts["fitted"]


@pytest.mark.skipif(not SOURCES.is_dir(), reason="shared/sources/ is not next to the repository")
def test_quoted_passages_are_in_the_field_reports_exactly():
    text = {name: (SOURCES / name).read_text(encoding="utf-8") for name in SEED_FILES}
    quoted = [r for r in ROWS if r["seed_file"]]
    assert quoted
    missing = [r["key"] for r in quoted if r["seed_passage"] not in text[r["seed_file"]]]
    assert not missing, f"passages not found verbatim in their file: {missing}"


def test_param_refuses_a_missing_unit_or_an_unknown_source():
    with pytest.raises(ValueError, match="unit"):
        param(1.0, unit=" ", source=assumption(), description="x")
    with pytest.raises(ValueError, match="seed file"):
        from_seed("nowhere.txt", "some passage")
    with pytest.raises(ValueError, match="passage"):
        from_seed(SEED_FILES[0], "")
    with pytest.raises(ValueError, match="target"):
        fitted_to("C9")


def test_unit_and_source_live_in_the_schema():
    field = Scenario.model_fields["participation"].annotation.model_fields["deep_peer_share"]
    extra = field.json_schema_extra
    assert extra["unit"] == "multiplier"
    assert extra["source_class"] == "assumption"
    # and reach the JSON schema, for any tool that reads it
    schema = Scenario.model_json_schema()
    props = schema["$defs"]["ParticipationParams"]["properties"]["deep_peer_share"]
    assert props["unit"] == "multiplier" and props["source"].startswith("assumption")


def test_nested_values_take_the_unit_and_source_of_their_table():
    rows = {r["key"]: r for r in ROWS}
    kid = rows["population.elderly_share.old_compound"]
    assert kid["unit"] == "share" and kid["source_class"] == "assumption"
    assert rows["needs.repair.rate"]["unit"] == "1/week"
    assert rows["structure.compound_households.old_compound"]["min"] == 1.0
