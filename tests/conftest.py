"""Shared test fixtures: where ../shared/fixtures lives."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_paths import DOCS, FIXTURES


@pytest.fixture(scope="session")
def fixtures_dir() -> Path:
    if not DOCS.is_dir():
        pytest.fail(f"the shared fixtures are missing: {DOCS} (clone the repo next to shared/)")
    return FIXTURES
