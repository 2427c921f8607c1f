"""Scenario files: extends, overrides and the errors users see."""

from __future__ import annotations

from pathlib import Path

import pytest

from cogov import InputError, load_scenario
from cogov.scenario import list_scenarios, parse_assignments, parse_value

REQUIRED = {"baseline", "old_compound", "commodity_estate", "mixed", "epidemic", "firm_exit"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_scenarios_exist_and_validate():
    names = {name for name, _ in list_scenarios()}
    assert REQUIRED <= names
    for name in names:
        sc = load_scenario(name)
        assert sc.name == name
        assert sc.description, f"{name} has no description"


def test_extends_overrides_only_what_differs(tmp_path):
    write(tmp_path, "parent", "[needs]\nrate_scale = 1.5\n[run]\nsteps = 10\n")
    child = write(tmp_path, "child", 'extends = "parent"\n[run]\nsteps = 20\n')
    sc = load_scenario(child)
    assert sc.run.steps == 20
    assert sc.needs.rate_scale == 1.5  # inherited
    assert sc.run.seed == load_scenario(None).run.seed  # default kept
    assert [p.name for p in sc.source_files] == ["parent.toml", "child.toml"]


def test_shipped_extends_chain():
    sc = load_scenario("old_compound")
    assert sc.structure.compound_mix.old_compound == 1.0
    assert [p.stem for p in sc.source_files] == ["mixed", "baseline", "old_compound"]


def test_overrides_apply_last():
    sc = load_scenario("baseline", {"needs.rate_scale": 2.0, "run.steps": 5})
    assert sc.needs.rate_scale == 2.0 and sc.run.steps == 5


def one_error(excinfo) -> str:
    problems = excinfo.value.problems
    assert len(problems) == 1, problems
    return problems[0]


def test_unknown_key_names_file_key_and_allowed(tmp_path):
    path = write(tmp_path, "typo", "[structure]\nhouseholds_per_comunity = 100\n")
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    msg = one_error(exc)
    assert str(path) in msg
    assert "structure.households_per_comunity" in msg
    assert "did you mean 'households_per_community'" in msg
    assert "allowed keys" in msg


def test_unknown_section(tmp_path):
    path = write(tmp_path, "sect", "[neeeds]\nrate_scale = 1\n")
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    assert "'neeeds'" in one_error(exc) and "needs" in one_error(exc)


def test_wrong_type(tmp_path):
    path = write(tmp_path, "wt", '[run]\nsteps = "many"\n')
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    msg = one_error(exc)
    assert "run.steps" in msg and "'many'" in msg and "integer" in msg


def test_out_of_range_names_value_and_bounds(tmp_path):
    path = write(
        tmp_path,
        "oor",
        "[population]\nelderly_share = "
        "{commodity_estate = 1.5, old_compound = 0.3, work_unit = 0.2}\n",
    )
    with pytest.raises(InputError) as exc:
        load_scenario(path)
    msg = one_error(exc)
    assert "population.elderly_share.commodity_estate" in msg and "1.5" in msg
    assert "less than or equal to 1" in msg


def test_error_names_the_file_that_set_the_value(tmp_path):
    write(tmp_path, "bad_parent", "[run]\nsteps = -1\n")
    child = write(tmp_path, "good_child", 'extends = "bad_parent"\n')
    with pytest.raises(InputError) as exc:
        load_scenario(child)
    assert "bad_parent.toml" in one_error(exc)


def test_missing_file_and_unknown_name():
    with pytest.raises(InputError, match="not found"):
        load_scenario("/nonexistent/x.toml")
    with pytest.raises(InputError, match="did you mean 'baseline'"):
        load_scenario("baselin")


def test_cycle_in_extends(tmp_path):
    write(tmp_path, "a", 'extends = "b"\n')
    write(tmp_path, "b", 'extends = "a"\n')
    with pytest.raises(InputError) as exc:
        load_scenario(tmp_path / "a.toml")
    assert "cycle" in one_error(exc)


def test_invalid_toml(tmp_path):
    path = write(tmp_path, "broken", "[run\nsteps = 3\n")
    with pytest.raises(InputError, match="not valid TOML"):
        load_scenario(path)


def test_mix_must_sum_to_one():
    with pytest.raises(InputError, match="sum to 1"):
        load_scenario(None, {"structure.compound_mix.old_compound": 0.9})


def test_override_into_a_value_is_an_error():
    with pytest.raises(InputError, match="is a value, not a section"):
        load_scenario(None, {"run.steps.x": 1})


def test_parse_assignments():
    assert parse_assignments(["a.b=1.5", "c=true", "d=word"]) == {
        "a.b": 1.5,
        "c": True,
        "d": "word",
    }
    assert parse_value('"quoted"') == "quoted"
    with pytest.raises(InputError, match="key=value"):
        parse_assignments(["novalue"])


def test_flat_has_every_parameter():
    flat = load_scenario(None).flat()
    assert flat["structure.households_per_community"] == 3000
    assert all(not isinstance(v, dict) for v in flat.values())
