CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL,
    pid INTEGER,
    in_dir TEXT,
    workers INTEGER,
    scheduler TEXT,
    new INTEGER, changed INTEGER, unchanged INTEGER, removed INTEGER, failed INTEGER
);
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,
    sha256 TEXT,
    size INTEGER,
    mtime_ns INTEGER,
    format TEXT,
    pages INTEGER,
    status TEXT NOT NULL,
    error TEXT,
    n_reports INTEGER,
    seconds REAL,
    peak_rss INTEGER,
    processed_at TEXT,
    run_id INTEGER REFERENCES runs(id),
    skipped_json TEXT,
    errors_json TEXT
);
CREATE TABLE IF NOT EXISTS reports (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    form TEXT, title TEXT, year INTEGER, agency TEXT, department TEXT,
    project TEXT, project_code TEXT, filled_on TEXT, contact TEXT, phone TEXT,
    money_unit TEXT, goal_expected TEXT, goal_actual TEXT,
    total_weight REAL, total_score REAL, conclusion TEXT,
    first_page INTEGER, pages TEXT, extractor TEXT,
    n_errors INTEGER, n_warnings INTEGER, n_infos INTEGER,
    record_json TEXT NOT NULL,
    UNIQUE (document_id, seq)
);
CREATE TABLE IF NOT EXISTS funds (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    label TEXT, kind TEXT,
    initial_budget REAL, budget REAL, executed REAL, weight REAL, rate REAL, score REAL,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS indicators (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    level1 TEXT, level2 TEXT, name TEXT, target TEXT, actual TEXT,
    weight REAL, score REAL, reason TEXT, measure TEXT, explanation TEXT,
    target_op TEXT, target_value REAL, target_unit TEXT,
    actual_op TEXT, actual_value REAL, actual_unit TEXT,
    page INTEGER
);
CREATE TABLE IF NOT EXISTS flags (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id),
    document_id INTEGER NOT NULL REFERENCES documents(id),
    seq INTEGER NOT NULL,
    rule TEXT, severity TEXT, message TEXT,
    expected, reported,
    page INTEGER, field TEXT, indicator TEXT, profile TEXT
);
CREATE INDEX IF NOT EXISTS reports_document ON reports(document_id);
CREATE INDEX IF NOT EXISTS funds_report ON funds(report_id);
CREATE INDEX IF NOT EXISTS indicators_report ON indicators(report_id);
CREATE INDEX IF NOT EXISTS flags_report ON flags(report_id);
CREATE INDEX IF NOT EXISTS flags_rule ON flags(rule);
