"""Where the test data lives: ``tests/data/`` in this repository (nothing outside it).

The one place a test, a benchmark or a fuzz target learns a data path. Tests import it
as ``data_paths`` (``tests/`` is on pytest's path); ``bench`` and ``fuzz`` import it as
``tests.data_paths``. What each folder holds, and where it came from, is in
``tests/data/README.md``.
"""

from __future__ import annotations

from pathlib import Path

#: The repository's root folder.
ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"

#: The fixtures: documents rendered from the seeds, with their expected records.
FIXTURES = DATA / "fixtures"
DOCS = FIXTURES / "docs"
TRUTH = FIXTURES / "truth"
#: The workbooks the ``*_xlsx-export.pdf`` fixtures were printed from.
SOURCES = FIXTURES / "sources"
#: Text renderings of the five real documents the project began from.
SEEDS = DATA / "seeds"
#: Real published forms from many provinces, transcribed and rendered (wild/README.md).
WILD = DATA / "wild"
#: Files that once broke selfeval (reliability regressions).
REPRO = DATA / "repro"

#: The built-in sample corpus that ``make corpus`` ingests (shipped in the package).
SAMPLES = ROOT / "corpus" / "samples"
#: Inputs ``make fuzz`` found, replayed by the test suite (fuzz/findings/TARGET/).
FUZZ_FINDINGS = ROOT / "fuzz" / "findings"
#: The project's own documentation (the contract: schema.md, scoring.md).
DOCS_DIR = ROOT / "docs"


def seed(number: str) -> Path:
    """The seed text whose file name starts with ``number`` (``"002"``)."""
    return next(SEEDS.glob(f"{number}_*.txt"))


#: The DDL of corpus databases made before the layout was versioned (layout 1).
DATABASE_LAYOUT_V1 = DATA / "database" / "layout_v1.sql"
