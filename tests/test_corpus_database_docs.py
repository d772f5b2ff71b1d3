"""docs/database.md is kept true: every column the store adds, every view and its columns."""

from __future__ import annotations

import re
import sqlite3

import pytest
from selfeval.corpus import layout
from selfeval.corpus.migrate import prepare
from selfeval.corpus.views import VIEWS

from tests.data_paths import DOCS_DIR

PAGE = (DOCS_DIR / "database.md").read_text(encoding="utf-8")


def _row(name: str) -> str:
    """The line of the page's tables that starts with `` | `name` | ``."""
    return next(line for line in PAGE.splitlines() if line.startswith(f"| `{name}` |"))


@pytest.mark.parametrize("table", layout.TABLES, ids=lambda t: t.name)
def test_every_column_the_store_adds_is_documented(table: layout.Table) -> None:
    row = _row(table.name)
    for col in table.columns:
        if (not col.key and col.name != "id") or table.name == "rules":
            assert f"`{col.name}`" in row, f"{table.name}.{col.name} is not in docs/database.md"


@pytest.mark.parametrize("view", sorted(VIEWS))
def test_every_view_column_is_documented(view: str) -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    prepare(conn, ":memory:")
    columns = [d[0] for d in conn.execute(f"SELECT * FROM {view}").description]
    documented = list(dict.fromkeys(re.findall(r"`(\w+)`", _row(view).split("|")[3])))
    assert [c for c in documented if c in columns] == columns
