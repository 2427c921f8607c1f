"""The cogov command: outputs written, clear errors with exit status 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from cogov.cli import main
from cogov.scenario import list_scenarios

SMALL = ["--set", "structure.households_per_community=300"]


def test_scenarios_lists_every_scenario_with_a_description(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name, _ in list_scenarios():
        line = next(row for row in out.splitlines() if row.startswith(name + " "))
        assert len(line) > len(name) + 10


def test_run_writes_every_output(tmp_path, capsys):
    out = tmp_path / "res"
    assert main(["run", "baseline", "--steps", "6", "--seed", "3", "--out", str(out), *SMALL]) == 0
    printed = capsys.readouterr().out
    assert "participation_any" in printed and str(out) in printed
    for name in ("timeseries", "grids", "groups"):
        csv = pd.read_csv(out / f"{name}.csv")
        pq = pd.read_parquet(out / f"{name}.parquet")
        assert len(csv) == len(pq) > 0
    ts = pd.read_parquet(out / "timeseries.parquet")
    assert ts["step"].tolist() == list(range(1, 7))
    man = json.loads((out / "manifest.json").read_text())
    assert man["scenario"] == "baseline" and man["seed"] == 3 and man["steps"] == 6
    assert len(man["scenario_hash"]) == 64
    assert man["parameters"]["structure"]["households_per_community"] == 300
    assert man["overrides"] == {"structure.households_per_community": 300}
    assert "mesa" in man["packages"] and man["wall_time_s"] > 0
    assert (out / "outcomes.png").stat().st_size > 10_000


def test_run_switches_a_mechanism_from_a_week_and_records_it(tmp_path):
    args = ["run", "baseline", "--steps", "5", "--seed", "3", "--no-figure", *SMALL]
    assert main([*args, "--switch", "3:grid_management:on", "--out", str(tmp_path / "s")]) == 0
    assert main([*args, "--out", str(tmp_path / "p")]) == 0
    man = json.loads((tmp_path / "s" / "manifest.json").read_text())
    assert man["switches"] == ["3:grid_management:on"]
    assert "switches" not in json.loads((tmp_path / "p" / "manifest.json").read_text())
    switched, plain = (pd.read_parquet(tmp_path / d / "timeseries.parquet") for d in "sp")
    pd.testing.assert_frame_equal(switched.iloc[:2], plain.iloc[:2])  # the same until week 3
    assert not switched.iloc[2:].equals(plain.iloc[2:])


def test_run_from_a_path(tmp_path):
    scen = tmp_path / "mine.toml"
    scen.write_text('extends = "baseline"\ndescription = "mine"\n[run]\nsteps = 3\n')
    assert main(["run", str(scen), "--out", str(tmp_path / "o"), *SMALL]) == 0
    assert len(pd.read_csv(tmp_path / "o" / "timeseries.csv")) == 3


@pytest.mark.parametrize(
    "args, expected",
    [
        (["run", "baselin"], "did you mean 'baseline'"),
        (["run", "baseline", "--set", "needs.rate_scal=2"], "unknown key 'needs.rate_scal'"),
        (["run", "baseline", "--set", "needs.rate_scale=-1"], "greater than or equal to 0"),
        (["run", "baseline", "--set", "needs.rate_scale=abc"], "valid number"),
        (["run", "nowhere/x.toml"], "not found"),
        (["run", "baseline", "--steps", "0"], "whole number >= 1"),
        (["run", "baseline", "--steps", "ten"], "not a whole number"),
        (["run", "baseline", "--seed", "-4"], "not allowed"),
        (["run", "baseline", "--set", "oops"], "key=value"),
        (["run", "baseline", "--switch", "3:grid_management"], "WEEK:MECHANISM:on"),
        (["run", "baseline", "--steps", "4", "--switch", "5:grid_management:on"], "from 1 to"),
        (["run", "baseline", "--switch", "3:points:on"], "point_incentives"),
        (["run", "baseline", "--switch", "3:grid_management:off"], "it is off"),
    ],
)
def test_bad_input_exits_2_with_one_clear_message(args, expected, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "Traceback" not in err


def test_out_that_is_a_file_is_refused(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("keep me")
    assert main(["run", "baseline", "--steps", "1", "--out", str(f), *SMALL]) == 2
    assert "not a folder" in capsys.readouterr().err
    assert f.read_text() == "keep me"


def test_installed_command_exit_status(tmp_path):
    exe = Path(sys.executable).with_name("cogov")
    bad = subprocess.run(
        [str(exe), "run", "baseline", "--set", "run.steps=0"], capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert (
        bad.stderr.count("\n") == 1 and "run.steps" in bad.stderr and "Traceback" not in bad.stderr
    )


#: Libraries that the engine, the parameters and the figure need, and the light commands do not.
HEAVY = ("numpy", "pandas", "scipy", "mesa", "pydantic", "matplotlib")


def _modules_after(code: str) -> set[str]:
    """Run ``code`` in a fresh interpreter; return the top-level packages it imported."""
    report = "import sys\nprint(' '.join({m.split('.')[0] for m in sys.modules}))"
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{report}"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(done.stdout.split())


def test_import_cogov_and_help_load_no_heavy_library():
    loaded = _modules_after("import cogov, cogov.cli\ncogov.cli.build_parser().format_help()")
    assert not loaded & set(HEAVY)


def test_scenarios_command_reads_toml_only():
    loaded = _modules_after("from cogov.cli import main\nassert main(['scenarios']) == 0")
    assert not loaded & set(HEAVY)


def test_engine_names_load_on_first_use():
    import cogov

    assert cogov.simulate is cogov.api.simulate
    assert sorted(cogov.__all__) == sorted(cogov._EXPORTS)
    for name in cogov.__all__:
        assert getattr(cogov, name) is not None
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = cogov.nope
    loaded = _modules_after("import cogov\ncogov.CommunityModel")
    assert {"numpy", "mesa", "pydantic"} <= loaded


def test_run_without_figure_writes_no_png_and_imports_no_matplotlib(tmp_path):
    out = tmp_path / "res"
    argv = ["run", "baseline", "--steps", "2", "--no-figure", "--out", str(out), *SMALL]
    loaded = _modules_after(f"from cogov.cli import main\nassert main({argv!r}) == 0")
    assert "matplotlib" not in loaded
    assert not (out / "outcomes.png").exists()
    assert (out / "manifest.json").exists() and (out / "timeseries.parquet").exists()


def test_run_figure_does_not_use_pyplot(tmp_path):
    out = tmp_path / "res"
    argv = ["run", "baseline", "--steps", "2", "--out", str(out), *SMALL]
    code = f"from cogov.cli import main\nassert main({argv!r}) == 0\nimport sys\n"
    code += "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'"
    _modules_after(code)
    assert (out / "outcomes.png").stat().st_size > 10_000
