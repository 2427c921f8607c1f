"""Packaging: the version, the licence, and `pip install .` into a fresh venv (slim core)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import cogov
from cogov.cli import main

ROOT = Path(__file__).resolve().parents[1]


def test_version_is_the_packages(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"cogov {cogov.__version__}"


def test_metadata_names_licence_authors_and_extras():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and "MIT License" in (ROOT / "LICENSE").read_text()
    assert project["authors"] and project["classifiers"]
    extras = project["optional-dependencies"]
    assert {"app", "cluster", "report", "ema"} <= set(extras)
    core = " ".join(project["dependencies"]).lower()
    for heavy in ("solara", "dask", "ema_workbench", "markdown", "mesa[rec]"):
        assert heavy not in core, heavy  # a sweep worker does not pull them in
    # make installs the tested versions of everything the tests need
    makefile = (ROOT / "Makefile").read_text()
    assert '-c constraints.txt -e ".[test]"' in makefile
    assert "cogov[all]" in extras["test"]


def test_every_package_of_the_code_is_in_the_wheel():
    packages = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    code = ROOT / "model"
    # every folder of modules, with an __init__.py or without (cogov.phases has none)
    found = {".".join(py.parent.relative_to(code).parts) for py in code.glob("cogov/**/*.py")}
    assert found <= packages, f"not in [tool.setuptools] packages: {sorted(found - packages)}"


@pytest.mark.slow
@pytest.mark.timeout(1800)  # a build and ~25 wheels; minutes on a busy machine
def test_pip_install_into_a_fresh_venv_gives_a_working_slim_core(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / "bin"
    subprocess.run(
        [str(bin_ / "python"), "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "."],
        check=True,
        cwd=ROOT,
        timeout=1200,
    )

    def cogov_cmd(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(bin_ / "cogov"), *args], capture_output=True, text=True, cwd=tmp_path
        )

    assert cogov_cmd("--version").stdout.strip() == f"cogov {cogov.__version__}"
    assert "baseline" in cogov_cmd("scenarios").stdout  # the TOML files are in the wheel
    run = cogov_cmd("run", "baseline", "--steps", "2", "--no-figure", "--out", "r")
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "r" / "timeseries.parquet").exists()

    app = cogov_cmd("app")
    assert app.returncode == 2 and "pip install 'cogov[app]'" in app.stderr
    assert "Traceback" not in app.stderr
    sweep = cogov_cmd("sweep", "smoke", "--scheduler", "local", "--out", "s")
    assert sweep.returncode == 2 and "pip install 'cogov[cluster]'" in sweep.stderr

    probe = (
        "import importlib.util as u, importlib.metadata as m; "
        "print([n for n in ('solara', 'distributed', 'markdown', 'ema_workbench') "
        "if u.find_spec(n)]); "
        "print(any(str(f).endswith('LICENSE') for f in m.files('cogov')))"
    )
    out = subprocess.run(  # away from the checkout, whose metadata would be found first
        [str(bin_ / "python"), "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    ).stdout.split("\n")
    assert out[0] == "[]"  # the slim core: no app, cluster, report or EMA libraries
    assert out[1] == "True"  # the licence ships in the wheel's metadata
