"""The wild forms scanned other ways than the committed scans: does OCR generalise?

The committed scans (tools/render_wild.py, ``PUBLISHED_SCAN``) are one style of
degradation: 150 dpi, salt noise at one pixel in 400. The OCR steps chosen on them
(specks, rows of dots) must not be fitted to that style, so this re-scans every wild
form that has a scan from its Word PDF in two other styles and measures the fields and
flags, as tests/test_wild_accuracy.py does:

- ``office``: 300 dpi, blur 1.0, skew up to 1.5 degrees, JPEG quality 50, no salt;
- ``grainy``: 200 dpi, Gaussian grain (14 grey levels), sparse salt (one in 3,000),
  skew up to 1 degree, JPEG quality 75.

``--without-speck-steps`` reads with the speck and dot-row steps of extract/ocr
switched off, to see what they are worth on styles they were not chosen on.

    python -m bench.bench_scan_styles [--without-speck-steps]   # a few minutes
"""

from __future__ import annotations

import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from tests.wild_corpus import extract_or_nothing, measure, renderings
from tools.render_wild import ScanStyle, scan, scan_seed

STYLES = {
    "office": ScanStyle(dpi=300, skew=1.5, blur=1.0, salt_every=0, jpeg_quality=50),
    "grainy": ScanStyle(dpi=200, skew=1.0, blur=0.5, salt_every=3000, grain=14.0,
                        jpeg_quality=75),
}


def _without_speck_steps() -> None:
    """Read as before the speck and dot-row steps: no specks, only "/" told by shape."""
    import numpy as np
    from selfeval.extract.ocr import image_prep, text_lines

    image_prep.find_specks = lambda ink, _: image_prep.Specks(np.zeros_like(ink), False)
    text_lines.told_by_shape = lambda ink, _: "/" if text_lines.is_slash(ink) else None


def main() -> None:
    if "--without-speck-steps" in sys.argv[1:]:
        _without_speck_steps()
    scanned = [r for r in renderings() if r.scanned]
    print(f"{'style':<10} {'fields':>22} {'flags right/false/missed':>26}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, style in STYLES.items():
            items = []
            for rendering in scanned:
                out = Path(tmp) / f"{rendering.form_id}_{name}.pdf"
                word_pdf = rendering.path.with_name(f"{rendering.form_id}_docx-pdf.pdf")
                scan(word_pdf, out, scan_seed(rendering.form_id), style)
                items.append(replace(rendering, path=out))
            result = measure(extract_or_nothing, items)
            fields, flags = result.fields, result.flags
            counts = (sum(c.values()) for c in (flags.matched, flags.unexpected, flags.missed))
            print(f"{name:<10} {fields.matched:>6}/{fields.total:<6} = {fields.ratio:7.2%} "
                  f"{' / '.join(map(str, counts)):>26}", flush=True)


if __name__ == "__main__":
    main()
