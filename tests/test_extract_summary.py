"""``selfeval extract FILE`` without ``--json``: one readable block per report."""

from __future__ import annotations

from click.testing import CliRunner
from selfeval.corpus.cli import main
from selfeval.corpus.summary import fit_columns

from tests.data_paths import DOCS


def test_readable_summary_has_a_block_per_report() -> None:
    result = CliRunner().invoke(main, ["extract", str(DOCS / "001_longgang_docx.docx")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.count("\nReport ") == 3
    assert "agency: 深圳市龙岗区工商业联合会 (本级)" in out
    assert "project: 党建事务" in out
    assert "total: 99.89 of 100" in out
    assert "年度资金总额: budget 1959300万" not in out  # the unit is 元 here
    assert "年度资金总额: budget 1959300元, executed 1937189.02元, rate 98.87%" in out


def test_columns_count_cjk_characters_double() -> None:
    assert fit_columns("产出指标", 10) == "产出指标  "
    assert fit_columns("开展地方金融组织日常检查", 10) == "开展地方… "
    assert fit_columns(None, 3) == "   "
