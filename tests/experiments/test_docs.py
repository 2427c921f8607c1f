"""docs/experiments.md: its examples run, its commands parse, it lists every key."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from cogov.cli import build_parser as cogov_parser
from cogov.experiments.cli import build_parser, cmd_report, cmd_sweep
from cogov.experiments.spec import Design, Experiment, Precision, Report, load_experiment

DOC = Path(__file__).resolve().parents[2] / "docs" / "experiments.md"


def blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_python_examples_run(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    runnable = [b for b in blocks("python") if not b.startswith("# not run by the tests")]
    assert len(runnable) >= 4
    for code in runnable:
        exec(compile(code, str(DOC), "exec"), {"__name__": "doc_example"})  # noqa: S102
    printed = capsys.readouterr().out
    assert "participation_any" in printed or "effect" in printed
    assert (tmp_path / "results" / "doc-smoke" / "manifest.json").exists()


@pytest.mark.parametrize("parser", [build_parser(), cogov_parser()], ids=["standalone", "cogov"])
def test_command_examples_parse(parser):
    commands = [
        line.split("#")[0].strip()
        for block in blocks("bash")
        for line in block.splitlines()
        if line.startswith(("cogov sweep", "cogov report")) and "[" not in line
    ]
    assert len(commands) >= 6
    for command in commands:
        args = parser.parse_args(shlex.split(command)[1:])
        assert args.func in (cmd_sweep, cmd_report)


def test_the_example_experiment_file_is_valid(tmp_path):
    (example,) = [b for b in blocks("toml") if "[design.parameters]" in b]
    path = tmp_path / "workers_and_willingness.toml"
    path.write_text(example, encoding="utf-8")
    exp = load_experiment(path)
    assert exp.precision is not None and exp.design.method == "grid"


@pytest.mark.parametrize("model", [Experiment, Design, Precision, Report])
def test_every_key_is_documented(model):
    text = DOC.read_text(encoding="utf-8")
    for key in model.model_fields:
        if key != "source":
            assert f"| `{key}` |" in text, f"docs/experiments.md does not describe '{key}'"
