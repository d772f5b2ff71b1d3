"""The report's page pictures, each rendered in a child under time and memory limits.

A PDF that extracts cleanly can still be ruinous to render: an annotation whose
appearance nests a self-drawing form 21 levels deep took 35 s and 6.4 GB for one
picture, in the report's own process. So each picture is made as a document is read
(:func:`selfeval.corpus.workers.run_isolated`: a forked child, ``RLIMIT_AS``, killed on
time), after a count of the page's form drawings annotations included
(:mod:`selfeval.extract.pdf_draws`), and the pictures of one report share a time
budget. A picture that cannot be made says why, in the report, in one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from selfeval.corpus.page_images import Picture, Region, render_region
from selfeval.corpus.workers import DEFAULT_MAX_MEMORY, Limits, run_isolated

#: Seconds one picture may take. A cropped row renders in 0.1–0.5 s on the fixtures, a
#: tall band in under 1 s; 30 s is generous on a loaded machine and bounds a bad one.
PICTURE_TIMEOUT_S = 30.0

#: Seconds all the pictures of one report may take together: 400 pictures (the most a
#: report holds) at ~0.3 s each take about 2 minutes; past 10 the rest go without.
PICTURE_BUDGET_S = 600.0

#: Address space one picture's child may map: the same as one document's read.
PICTURE_MAX_MEMORY = DEFAULT_MAX_MEMORY


def _render(region: Region, path: str) -> dict[str, Any]:
    """The child's task: the picture (None if the page is not in the file)."""
    return {"picture": render_region(path, region)}


@dataclass
class PictureBudget:
    """The seconds left for a report's pictures."""

    seconds_left: float = PICTURE_BUDGET_S

    def picture(self, path: str, region: Region) -> tuple[Picture | None, str | None]:
        """Return ``(picture, None)`` or ``(None, why there is no picture)``."""
        if self.seconds_left <= 0:
            return None, (f"no picture: the report's {PICTURE_BUDGET_S:g} s for pictures "
                          "were spent")
        limits = Limits(min(PICTURE_TIMEOUT_S, self.seconds_left), PICTURE_MAX_MEMORY)
        out = next(run_isolated([path], partial(_render, region), 1, limits))
        self.seconds_left -= out.seconds
        if out.error is not None:
            return None, f"no picture: {out.error}"
        picture = (out.result or {}).get("picture")
        return (picture, None) if picture else (None, "no picture: the page is not in the file")
