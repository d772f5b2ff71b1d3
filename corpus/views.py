"""The views a reader starts from, and the full-text index over names.

``flag_details``: a flag with its agency, department, year, project, file, page and
the cells it rests on in words;
``report_overview``: a report with its self-score and its total funds row in 元;
``agency_summary``: per agency and year, reports, errors, warnings, self-scores and the
execution rate of the money summed in 元. Only documents read ``ok`` are shown.
"""

from __future__ import annotations

from selfeval.corpus.layout import FTS_COLUMNS, FTS_TABLE

VIEWS = {
    "flag_details": """
SELECT f.id AS flag_id, f.severity, f.rule, r.agency, r.department, r.year, r.project,
       d.path, f.page, f.field, f.indicator, f.cells_text AS cells, f.expected, f.reported,
       f.message,
       u.description_zh AS rule_zh, f.report_id, f.document_id
FROM flags f
JOIN reports r ON r.id = f.report_id
JOIN documents d ON d.id = f.document_id
LEFT JOIN rules u ON u.id = f.rule
WHERE d.status = 'ok'""",
    "report_overview": """
SELECT r.id AS report_id, r.agency, r.department, r.year, r.project, d.path, r.first_page,
       r.total_score, r.total_weight, r.conclusion, r.money_unit,
       t.budget_yuan, t.executed_yuan,
       CASE WHEN t.budget > 0 THEN t.executed / t.budget END AS execution_rate,
       r.n_errors, r.n_warnings, r.n_infos
FROM reports r
JOIN documents d ON d.id = r.document_id
LEFT JOIN funds t ON t.id = (SELECT id FROM funds WHERE report_id = r.id AND kind = 'total'
                             ORDER BY seq LIMIT 1)
WHERE d.status = 'ok'""",
    "agency_summary": """
SELECT agency, year, COUNT(*) AS reports, SUM(n_errors) AS errors,
       SUM(n_warnings) AS warnings, ROUND(AVG(total_score), 2) AS mean_self_score,
       MIN(total_score) AS min_self_score, MAX(total_score) AS max_self_score,
       SUM(CASE WHEN executed_yuan IS NOT NULL THEN budget_yuan END) AS budget_yuan,
       SUM(CASE WHEN budget_yuan IS NOT NULL THEN executed_yuan END) AS executed_yuan,
       ROUND(SUM(CASE WHEN budget_yuan > 0 THEN executed_yuan END)
             / SUM(CASE WHEN executed_yuan IS NOT NULL THEN budget_yuan END), 4)
         AS execution_rate
FROM report_overview
GROUP BY agency, year""",
}


def view_statements() -> list[str]:
    """Drop and create every view (a view's definition changes with the layout)."""
    drops = [f"DROP VIEW IF EXISTS {name}" for name in reversed(VIEWS)]
    return drops + [f"CREATE VIEW {name} AS {sql.strip()}" for name, sql in VIEWS.items()]


#: The full-text index: a trigram index (any run of three characters or more matches,
#: which is what Chinese names need: there are no spaces between words).
FTS_DDL = (f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
           f"{', '.join(FTS_COLUMNS)}, tokenize='trigram')")
