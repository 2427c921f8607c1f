"""Suites: one name for several experiments (e.g. sensitivity = Morris + Sobol)."""

from __future__ import annotations

from pathlib import Path

import pytest

from cogov.cli import main
from cogov.errors import InputError
from cogov.experiments.spec import list_experiments, load_experiment
from cogov.experiments.suite import load_suite

TINY = """
description = "tiny {name}"
scenarios = ["baseline"]
replications = 2
master_seed = 7
steps = 4
summary_weeks = 2
outputs = ["participation_any", "needs_resolved"]

[overrides]
"structure.households_per_community" = 150

[design]
method = "grid"

[design.parameters]
"population.willingness_mean" = {{ values = {values} }}
"""


def test_shipped_sensitivity_is_morris_then_sobol():
    suite = load_suite("sensitivity")
    assert suite.members == ("sensitivity_morris", "sensitivity_sobol")
    assert "sensitivity" in dict(list_experiments())
    for member in suite.members:
        assert load_experiment(member).design.method in ("morris", "sobol")
    with pytest.raises(InputError, match="a suite of experiments"):
        load_experiment("sensitivity")


def test_suite_runs_each_member_into_its_folder_and_reports_them(tmp_path: Path, capsys):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text(TINY.format(name="a", values="[0.3, 0.5]"))
    b.write_text(TINY.format(name="b", values="[0.4]"))
    suite = tmp_path / "both.toml"
    suite.write_text(f'description = "a and b"\nsuite = ["{a}", "{b}"]\n')
    out = tmp_path / "out"
    args = ["sweep", str(suite), "--out", str(out), "--workers", "0", "--no-progress"]
    assert main(args) == 0
    assert len(list((out / "a" / "runs").glob("*.parquet"))) == 4
    assert len(list((out / "b" / "runs").glob("*.parquet"))) == 2
    assert main(args) == 0  # resumes: nothing left to do
    assert "0 run now" in capsys.readouterr().out
    assert main(["report", str(out)]) == 0
    index = (out / "report" / "report.md").read_text()
    assert "**a**" in index and "**b**" in index
    assert (out / "a" / "report" / "report.html").is_file()
    assert 'href="../a/report/report.html"' in (out / "report" / "report.html").read_text()
    # with --out, the index and every member's report go there, and nothing else is written
    before = {p for p in out.rglob("*") if p.is_file()}
    elsewhere = tmp_path / "elsewhere"
    assert main(["report", str(out), "--out", str(elsewhere)]) == 0
    assert {p for p in out.rglob("*") if p.is_file()} == before
    assert (elsewhere / "a" / "report.html").is_file() and (elsewhere / "b" / "report.md").is_file()
    assert 'href="a/report.html"' in (elsewhere / "report.html").read_text()


def test_suite_folder_refuses_another_suite(tmp_path: Path, capsys):
    a = tmp_path / "a.toml"
    a.write_text(TINY.format(name="a", values="[0.3]"))
    for name in ("one", "two"):
        (tmp_path / f"{name}.toml").write_text(f'suite = ["{a}"]\n')
    out = tmp_path / "out"
    assert (
        main(
            [
                "sweep",
                str(tmp_path / "one.toml"),
                "--out",
                str(out),
                "--workers",
                "0",
                "--no-progress",
            ]
        )
        == 0
    )
    assert (
        main(
            [
                "sweep",
                str(tmp_path / "two.toml"),
                "--out",
                str(out),
                "--workers",
                "0",
                "--no-progress",
            ]
        )
        == 2
    )
    assert "holds the results of suite 'one'" in capsys.readouterr().err


def test_bad_suite_file(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text('suite = ["no_such_experiment"]\n')
    with pytest.raises(InputError, match="not an experiment"):
        load_suite(bad)
    bad.write_text("suite = []\n")
    with pytest.raises(InputError, match="non-empty list"):
        load_suite(bad)
