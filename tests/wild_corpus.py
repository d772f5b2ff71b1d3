"""The wild corpus: real published forms, transcribed, rendered, with their truths.

Each form lives in ``tests/data/wild/ID/`` (see the README there): ``truth.json`` holds
the expected record once for the form; the documents rendered from it (Word, Word's
PDF, a workbook printed by Calc, some scanned) each get that truth with the pages the
rendering has. This module lists them and measures selfeval on them, for the accuracy
test and for the first-contact table (``python -m tests.wild_corpus ID …`` prints a
row per form).
"""

from __future__ import annotations

import argparse
import copy
import csv
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from selfeval.normalize.records import report_from_dict

from tests.data_paths import WILD
from tests.flag_matching import Tally
from tests.truth_compare import Agreement, compare_document

#: Rendering styles, by the document's file name in a form's folder (``{id}``: the form's).
STYLES = {"{id}_docx.docx": "docx", "{id}_docx-pdf.pdf": "docx-pdf",
          "{id}_xlsx-export.pdf": "xlsx-export", "{id}_scanned.pdf": "scanned",
          "{id}.xlsx": "xlsx", "form.html": "html", "{id}_html-print.pdf": "html-print"}

#: The format each style is read as (a PDF's reports span its pages).
STYLE_FORMATS = {"docx": "docx", "xlsx": "xlsx", "html": "html"}

#: Info flags no truth file lists: a recogniser's confidence is not a fact of the printed
#: form (``not_checked`` is left out by the tally itself).
NOT_IN_TRUTH = frozenset({"ocr_low_confidence"})


@dataclass(frozen=True)
class Rendering:
    """One document of the wild corpus and the truth it must read as."""

    form_id: str
    style: str
    path: Path
    truth: dict[str, Any]

    @property
    def scanned(self) -> bool:
        return self.style == "scanned"


def _truth_for(truth: dict[str, Any], style: str, pages: int | None) -> dict[str, Any]:
    """The form's truth as the rendering must read: a PDF's reports span its pages."""
    out = copy.deepcopy(truth)
    out["document"]["format"] = STYLE_FORMATS.get(style, "pdf")
    out["document"]["style"] = style
    every_page = list(range(1, pages + 1)) if pages else []
    for entry in out["reports"] + out.get("skipped", []):
        entry["pages"] = every_page  # a transcribed form is one table on its page(s)
    return out


def form_ids() -> list[str]:
    """Every form of the wild corpus, in the order it joined (index.csv)."""
    with (WILD / "index.csv").open(encoding="utf-8") as fh:
        return [row["id"] for row in csv.DictReader(fh)]


def renderings(ids: Iterable[str] | None = None) -> list[Rendering]:
    out = []
    for form_id in ids if ids is not None else form_ids():
        folder = WILD / form_id
        truth = json.loads((folder / "truth.json").read_text(encoding="utf-8"))
        pages = json.loads((folder / "renders.json").read_text(encoding="utf-8"))
        for name, style in STYLES.items():
            path = folder / name.format(id=form_id)
            if path.exists():
                out.append(Rendering(form_id, style, path,
                                     _truth_for(truth, style, pages.get(path.name))))
    return out


@dataclass
class Measure:
    """Field agreement and flag precision/recall over some renderings."""

    fields: Agreement
    flags: Tally

    @classmethod
    def empty(cls) -> Measure:
        return cls(Agreement(), Tally())

    def add(self, got: dict[str, Any], truth: dict[str, Any]) -> None:
        self.fields.add(compare_document(got, truth))
        wanted = truth["reports"]
        for i, have in enumerate(got["reports"]):
            expected = wanted[i].get("expected_flags", []) if i < len(wanted) else []
            self.flags.add(report_from_dict(have).flags, expected, skip=NOT_IN_TRUTH)
        for want in wanted[len(got["reports"]):]:
            self.flags.add((), want.get("expected_flags", []), skip=NOT_IN_TRUTH)

    def summary(self) -> str:
        return (f"fields {self.fields.matched}/{self.fields.total} = {self.fields.ratio:.2%}; "
                f"flags {self.flags.summary()}")


Extract = Callable[[Path], dict[str, Any]]


def measure(extract: Extract, items: Iterable[Rendering]) -> Measure:
    total = Measure.empty()
    for rendering in items:
        total.add(extract(rendering.path), rendering.truth)
    return total


def extract_or_nothing(path: Path) -> dict[str, Any]:
    """What ``selfeval extract --json`` prints, or an empty document where it refuses
    the file (every field then counts as missed)."""
    from selfeval.corpus.pipeline import process_file
    from selfeval.extract.errors import SelfevalError
    from selfeval.normalize.records import document_to_dict

    try:
        return document_to_dict(process_file(path))
    except SelfevalError:
        return {"reports": [], "skipped": [], "errors": []}


def _row(label: str, text: Measure, scans: Measure) -> str:
    flags = text.flags
    scan_cell = f"{scans.fields.ratio:.1%}" if scans.fields.total else "–"
    return (f"| {label} | {text.fields.ratio:.1%} ({text.fields.matched}/{text.fields.total}) | "
            f"{sum(flags.matched.values())} | {sum(flags.unexpected.values())} | "
            f"{sum(flags.missed.values())} | {scan_cell} |")


def _print_misses(rendering: Rendering, got: dict[str, Any]) -> None:
    one = Measure.empty()
    one.add(got, rendering.truth)
    print(f"  {rendering.path.name}:")
    for miss in one.fields.misses:
        print(f"    field {miss}")
    for kind, keys in (("false", one.flags.unexpected), ("missed", one.flags.missed)):
        for key in keys:
            print(f"    flag {kind} {key}")


def main() -> None:
    """Print one markdown row per form: its text renderings' field agreement, their flags
    (right, false, missed), and its scans' field agreement; then the totals."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("ids", nargs="*", help="form ids (default: every form)")
    parser.add_argument("--misses", action="store_true",
                        help="also list every field and flag that disagrees with the truth")
    parser.add_argument("--styles", default=",".join(STYLES.values()),
                        help="renderings to read (default: %(default)s)")
    args = parser.parse_args()
    styles = set(args.styles.split(","))
    print("| form | fields (text renderings) | flags right | flags false | flags missed | scans |")
    print("|---|---|---|---|---|---|")
    all_text, all_scans = Measure.empty(), Measure.empty()
    for form_id in args.ids or form_ids():
        items = [r for r in renderings([form_id]) if r.style in styles]
        text = Measure.empty()
        scans = Measure.empty()
        for rendering in items:
            part = scans if rendering.scanned else text
            whole = all_scans if rendering.scanned else all_text
            got = extract_or_nothing(rendering.path)
            part.add(got, rendering.truth)
            whole.add(got, rendering.truth)
            if args.misses:
                _print_misses(rendering, got)
        print(_row(form_id, text, scans), flush=True)
    print(_row("**all**", all_text, all_scans))
    print(f"\ntext renderings: {all_text.summary()}\nscans: {all_scans.summary()}")


if __name__ == "__main__":
    main()
