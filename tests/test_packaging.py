"""The installed distribution claims only the ``selfeval`` name.

The repository keeps its stage folders at the top (``extract/``, ``normalize/``, …);
pyproject.toml maps them to ``selfeval.extract``, … . These tests build the wheel and
install it into a fresh virtual environment, as a user's ``pip install .`` would.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

from tests.data_paths import ROOT

STAGES = ("extract", "normalize", "scoring", "corpus")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "--wheel-dir", str(out), str(ROOT)],
        check=True, capture_output=True, text=True,
    )
    return next(out.glob("selfeval-*.whl"))


def test_the_wheel_holds_only_the_selfeval_package(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        top_level = zf.read(next(n for n in names if n.endswith("top_level.txt")))
    tops = {n.split("/")[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"selfeval"}
    assert top_level.decode().split() == ["selfeval"]


def test_every_module_of_every_stage_is_in_the_wheel(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    for stage in STAGES:
        for module in (ROOT / stage).rglob("*.py"):
            inside = f"selfeval/{stage}/{module.relative_to(ROOT / stage).as_posix()}"
            assert inside in names, f"{module.relative_to(ROOT)} is not installed"


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    on_disk = {"selfeval"} | {
        "selfeval." + ".".join(init.parent.relative_to(ROOT).parts)
        for stage in STAGES for init in (ROOT / stage).rglob("__init__.py")
    }
    assert listed == on_disk


@pytest.mark.slow
def test_a_fresh_environment_gets_selfeval_and_nothing_generic(
        wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-deps", str(wheel)],
                   check=True, capture_output=True)
    probe = ("import importlib.util as u; "
             "print(sorted(n for n in ('selfeval', 'extract', 'normalize', 'scoring', "
             "'corpus') if u.find_spec(n)))")
    found = subprocess.run([venv / "bin" / "python", "-c", probe], cwd=tmp_path,
                           check=True, capture_output=True, text=True).stdout.split("\n")[0]
    assert found == "['selfeval']"
