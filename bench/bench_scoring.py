"""Time the scorer (every rule, with the rounding intervals) on the fixtures' truth
records, and on one wide synthetic form (the truth's largest form, rows repeated)."""

from __future__ import annotations

import json
import statistics
import time
from dataclasses import replace

from selfeval.normalize.records import Report, report_from_dict
from selfeval.scoring import score_report

from tests.data_paths import TRUTH

#: Scoring passes over all truth records; the median pass is reported.
REPEATS = 50
#: Copies of the largest form's indicator rows in the wide form (a 10× longer table).
WIDEN = 10


def _reports() -> list[Report]:
    out = []
    for path in sorted(TRUTH.glob("*.json")):
        out += [report_from_dict(r)
                for r in json.loads(path.read_text(encoding="utf-8"))["reports"]]
    return out


def _median_ms(reports: list[Report]) -> float:
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        for report in reports:
            score_report(report)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    reports = _reports()
    rows = sum(len(r.indicators) for r in reports)
    ms = _median_ms(reports)
    print(f"{'input':<24} {'reports':>7} {'rows':>6} {'median ms':>10} {'µs/report':>10}")
    print(f"{'truth records':<24} {len(reports):>7} {rows:>6} {ms:>10.2f} "
          f"{ms * 1000 / len(reports):>10.0f}")
    largest = max(reports, key=lambda r: len(r.indicators))
    wide = replace(largest, indicators=largest.indicators * WIDEN)
    ms = _median_ms([wide])
    print(f"{f'widest form x{WIDEN}':<24} {1:>7} {len(wide.indicators):>6} {ms:>10.2f} "
          f"{ms * 1000:>10.0f}")


if __name__ == "__main__":
    main()
