"""Where the shared fixtures live: ``../shared`` beside the repository."""

from __future__ import annotations

from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
FIXTURES = SHARED / "fixtures"
DOCS = FIXTURES / "docs"
TRUTH = FIXTURES / "truth"
SEEDS = SHARED / "seeds"
