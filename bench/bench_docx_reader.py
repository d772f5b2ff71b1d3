"""Time the DOCX reader (open, parse, walk every item) on the DOCX fixtures."""

from __future__ import annotations

import statistics
import time

from selfeval.extract.docx_reader import read_docx
from selfeval.extract.grid import Grid

from tests.data_paths import DOCS

#: Reads per file; the first (cold) one is reported apart from the median.
REPEATS = 20


def main() -> None:
    print(f"{'file':<28} {'grids':>5} {'cells':>6} {'first ms':>9} {'median ms':>10}")
    for path in sorted(DOCS.glob("*.docx")):
        times = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            items = list(read_docx(str(path)).items)
            times.append((time.perf_counter() - start) * 1000)
        grids = [i for i in items if isinstance(i, Grid)]
        cells = sum(len(g.cells) for g in grids)
        print(f"{path.name:<28} {len(grids):>5} {cells:>6} {times[0]:>9.1f} "
              f"{statistics.median(times):>10.1f}")


if __name__ == "__main__":
    main()
