"""``selfeval extract --json`` prints what the library computes in-process (the accuracy
tests use the in-process result, read once per test run)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from selfeval.corpus.cli import main

from tests.conftest import ExtractJson
from tests.data_paths import DOCS


@pytest.mark.parametrize("name", ["001_longgang_docx.docx", "003_yueyang_docx-pdf.pdf"])
def test_the_command_prints_the_library_result(name: str, extract_json: ExtractJson) -> None:
    path = (DOCS / name).resolve()
    result = CliRunner().invoke(main, ["extract", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == extract_json(path)
