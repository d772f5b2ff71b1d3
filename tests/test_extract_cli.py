"""``selfeval extract --json`` prints what the library computes in-process (the accuracy
tests use the in-process result, read once per test run)."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from selfeval.corpus.cli import main

from tests.cli_process import selfeval_cmd
from tests.conftest import ExtractJson
from tests.data_paths import DOCS


@pytest.mark.parametrize("name", ["001_longgang_docx.docx", "003_yueyang_docx-pdf.pdf"])
def test_the_command_prints_the_library_result(name: str, extract_json: ExtractJson) -> None:
    path = (DOCS / name).resolve()
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == extract_json(path)


def test_the_output_is_the_same_bytes_whatever_the_hash_seed(tmp_path: Path) -> None:
    """Two runs of one file print the same bytes: a hash or a diff of the output means
    something (a cell list built from a set once came out in the seed's order)."""
    outputs = []
    for seed in ("1", "2", "3"):
        done = subprocess.run(
            selfeval_cmd("extract", str(DOCS / "001_longgang_docx-pdf.pdf"), "--format", "json"),
            capture_output=True, cwd=tmp_path, env={**os.environ, "PYTHONHASHSEED": seed},
            timeout=120, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
