"""Render a transcribed real form (``form.html``) into the documents agencies publish.

    python -m tools.render_wild tests/data/wild/ID [...]   # needs LibreOffice, a CJK font

Each form of the wild corpus (tests/data/wild/README.md) is transcribed once, as printed,
into ``form.html``; this tool makes the documents the tests read from it, and they are
committed, so that CI needs no renderer:

- ``ID_docx.docx``: the form as a Word document (LibreOffice Writer's HTML import);
- ``ID_docx-pdf.pdf``: that document printed to PDF (Writer);
- ``ID.xlsx``: the form as a workbook (merged cells, borders, numbers stored as numbers
  with the number format that prints them as the form does);
- ``ID_xlsx-export.pdf``: the workbook printed to PDF (Calc, fitted to the page width);
- ``ID_scanned.pdf`` (``--scan``): the Word PDF printed, scanned at 150 dpi, a little
  skewed and noisy, as an image-only PDF;
- ``ID_html-print.pdf``: the page as a browser prints it (Chromium's print to PDF, A4,
  no header or footer): a web page saved as PDF, its ``border="1"`` table drawn with
  the double rules of separated cell borders, a long table broken across pages.

``--only print`` (or ``scan``) makes just that document for a form rendered before, and
adds it to its ``renders.json``. LibreOffice and Chromium run with private profiles in a
temporary folder, never the user's.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import lxml.html
import pypdfium2 as pdfium
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from PIL import Image, ImageFilter

#: Seconds one LibreOffice conversion or browser print may take (a form takes 1-3 s).
SOFFICE_TIMEOUT_S = 120
#: The browser that prints the web page (Debian's chromium).
CHROMIUM = "chromium"


@dataclass(frozen=True)
class ScanStyle:
    """How a simulated scan degrades a page: resolution (office scanners default to
    150 dpi), skew up to ``skew`` degrees either way, Gaussian blur, salt noise (one
    dark pixel in ``salt_every``; 0 for none), grain (Gaussian noise of that standard
    deviation in grey levels; 0 for none) and JPEG quality."""

    dpi: int = 150
    skew: float = 0.8
    blur: float = 0.6
    salt_every: int = 400
    grain: float = 0.0
    jpeg_quality: int = 70


#: The scans committed in the wild corpus.
PUBLISHED_SCAN = ScanStyle()


@dataclass(frozen=True)
class Cell:
    text: str
    row: int
    col: int
    rowspan: int
    colspan: int


@dataclass(frozen=True)
class Table:
    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int


Block = str | Table


def _cell_text(td: lxml.html.HtmlElement) -> str:
    for br in td.iter("br"):
        br.tail = "\n" + (br.tail or "")
    return "\n".join(line.strip() for line in td.text_content().split("\n")).strip()


def _table(element: lxml.html.HtmlElement) -> Table:
    """Place each ``<td>`` on the slot grid, as a browser lays out row and column spans."""
    taken: set[tuple[int, int]] = set()
    cells = []
    rows = element.findall(".//tr")
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            rowspan, colspan = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken.add((r + dr, c + dc))
            cells.append(Cell(_cell_text(td), r, c, rowspan, colspan))
            c += colspan
    n_cols = max((c for _, c in taken), default=-1) + 1
    n_rows = max(len(rows), max((r for r, _ in taken), default=-1) + 1)
    return Table(tuple(cells), n_rows, n_cols)


def read_form(path: Path) -> list[Block]:
    """The blocks of ``form.html`` in printed order: text lines and tables."""
    body = lxml.html.parse(str(path)).getroot().find("body")
    blocks: list[Block] = []
    for element in body:
        if element.tag == "table":
            blocks.append(_table(element))
        elif element.tag == "p":
            blocks.append(_cell_text(element))
    return blocks


# --- workbook -----------------------------------------------------------------------

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_PLAIN = re.compile(r"^-?\d{1,12}(\.\d{1,6})?$")
_GROUPED = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d{1,6})?$")
_PERCENT = re.compile(r"^-?\d{1,6}(\.\d{1,6})?%$")


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _number(text: str) -> tuple[float, str] | None:
    """A cell printed as a plain number, a grouped number or a percentage, as the value
    and the number format that prints it the same way; None for anything else."""
    zeros = "0" * _decimals(text.rstrip("%"))
    fraction = f".{zeros}" if zeros else ""
    if _PERCENT.match(text):
        return float(text[:-1]) / 100, f"0{fraction}%"
    if _GROUPED.match(text):
        return float(text.replace(",", "")), f"#,##0{fraction}"
    if _PLAIN.match(text) and not (len(text) > 1 and text.startswith("0") and "." not in text):
        return float(text), f"0{fraction}"
    return None


def _text_width(text: str) -> int:
    """Width of the longest line in character cells (CJK counts double)."""
    return max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in line) for line in text.split("\n"))


def _column_widths(tables: list[Table]) -> list[float]:
    """Character widths per column: long texts wrap, so a column is as wide as its longest
    short cell (a label, a number), within 6-30 characters."""
    n = max((t.n_cols for t in tables), default=1)
    widths = [6.0] * n
    for table in tables:
        for cell in table.cells:
            if cell.colspan == 1 and cell.text:
                wanted = min(30.0, _text_width(cell.text) * 1.1 + 1)
                widths[cell.col] = max(widths[cell.col], wanted)
    return widths


#: Points per printed line of 11 pt text in a cell (Calc's default row is 12.8 pt).
LINE_PT = 14.5


def _row_heights(table: Table, widths: list[float]) -> list[float]:
    """Row heights that show every wrapped cell whole: Calc keeps a row's stored height,
    so the workbook must say how tall each row is. A merged cell's lines are shared out
    over the rows it spans."""
    heights = [LINE_PT] * table.n_rows
    for cell in table.cells:
        if not cell.text:
            continue
        room = sum(widths[cell.col:cell.col + cell.colspan]) - 1
        lines = sum(-(-_text_width(line or " ") // max(int(room), 1))
                    for line in cell.text.split("\n"))
        share = lines * LINE_PT / cell.rowspan
        for r in range(cell.row, cell.row + cell.rowspan):
            heights[r] = max(heights[r], share)
    return heights


def _is_title(line: str) -> bool:
    return "表" in line and any(w in line for w in ("自评", "绩效", "评价"))


def write_workbook(blocks: list[Block], out: Path) -> None:
    """The form as a one-sheet workbook: text lines merged across the table width."""
    tables = [b for b in blocks if isinstance(b, Table)]
    width = max((t.n_cols for t in tables), default=1)
    widths = _column_widths(tables)
    book = Workbook()
    sheet = book.active
    sheet.title = "自评表"
    row = 1
    for block in blocks:
        if isinstance(block, str):
            # one row a printed line: a row holding a paragraph's two lines (a title over
            # its "(2023年度)") printed only the last at the default row height
            for line in block.split("\n"):
                sheet.cell(row, 1, line).alignment = Alignment(wrap_text=True)
                # as tall as its wrapped lines: a long paragraph on a row of the default
                # height printed one line, and Calc shrank the page to fit it (su03)
                wrapped = -(-_text_width(line or " ") // max(int(sum(widths)) - 1, 1))
                sheet.row_dimensions[row].height = max(1, wrapped) * LINE_PT
                if width > 1:
                    sheet.merge_cells(start_row=row, start_column=1, end_row=row,
                                      end_column=width)
                if _is_title(line):
                    sheet.cell(row, 1).font = Font(bold=True, size=14)
                    sheet.cell(row, 1).alignment = Alignment(horizontal="center", wrap_text=True)
                row += 1
            continue
        for cell in block.cells:
            target = sheet.cell(row + cell.row, cell.col + 1)
            parsed = _number(cell.text)
            if parsed is None:
                target.value = cell.text or None
                if cell.text.startswith("="):
                    target.data_type = "s"  # printed text (=230畝), not a formula
            else:
                target.value, target.number_format = parsed
            target.alignment = Alignment(wrap_text=True, vertical="center")
            for r in range(cell.rowspan):
                for c in range(cell.colspan):
                    sheet.cell(row + cell.row + r, cell.col + c + 1).border = _BOX
            if cell.rowspan > 1 or cell.colspan > 1:
                sheet.merge_cells(start_row=row + cell.row, start_column=cell.col + 1,
                                  end_row=row + cell.row + cell.rowspan - 1,
                                  end_column=cell.col + cell.colspan)
        for r, height in enumerate(_row_heights(block, widths)):
            sheet.row_dimensions[row + r].height = height
        row += block.n_rows
    for i, w in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = w
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if width > 9 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    book.save(out)


# --- LibreOffice --------------------------------------------------------------------


def soffice(source: Path, target: str, outdir: Path, profile: Path,
            infilter: str | None = None) -> Path:
    """Convert ``source`` with LibreOffice headless into ``outdir``; return the new file."""
    command = ["soffice", "--headless", f"-env:UserInstallation={profile.as_uri()}"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S)
    suffix = "." + target.split(":")[0]
    return outdir / (source.stem + suffix)


def print_page(html: Path, out: Path, profile: Path) -> None:
    """Print the web page ``html`` to the PDF ``out`` as a browser does (A4, headless
    Chromium, no header or footer)."""
    command = [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
               f"--user-data-dir={profile}", "--no-pdf-header-footer",
               f"--print-to-pdf={out}", html.resolve().as_uri()]
    subprocess.run(command, check=True, capture_output=True, timeout=SOFFICE_TIMEOUT_S)
    if not out.exists():
        raise RuntimeError(f"{CHROMIUM} printed no PDF for {html}")


# --- scan ---------------------------------------------------------------------------


def scan_seed(form_id: str) -> int:
    """The seed of a form's scan: its skew and noise, the same on every machine."""
    return int(hashlib.sha256(form_id.encode()).hexdigest()[:8], 16)


def scan(pdf: Path, out: Path, seed: int, style: ScanStyle = PUBLISHED_SCAN) -> None:
    """An image-only PDF of ``pdf`` as a scanner gives it: grey, skewed, blurred, noisy,
    JPEG-compressed (``style``; the published style with a form's :func:`scan_seed`
    gives the page images of its committed scan)."""
    import random

    import numpy as np

    rng = random.Random(seed)
    grain = np.random.default_rng(seed)
    pages = []
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        image = page.render(scale=style.dpi / 72).to_pil().convert("L")
        image = image.rotate(rng.uniform(-style.skew, style.skew), resample=Image.BICUBIC,
                             expand=False, fillcolor=255)
        image = image.filter(ImageFilter.GaussianBlur(style.blur))
        if style.grain:
            noisy = np.asarray(image, dtype=np.float32) + grain.normal(
                0, style.grain, (image.height, image.width))
            image = Image.fromarray(np.clip(noisy, 0, 255).astype(np.uint8)).copy()
        pixels = image.load()
        for _ in range(image.width * image.height // style.salt_every if style.salt_every else 0):
            x, y = rng.randrange(image.width), rng.randrange(image.height)
            pixels[x, y] = rng.randrange(0, 120)
        buf = io.BytesIO()
        image.save(buf, "JPEG", quality=style.jpeg_quality)
        pages.append(Image.open(io.BytesIO(buf.getvalue())))
    document.close()
    pages[0].save(out, "PDF", resolution=style.dpi, save_all=True, append_images=pages[1:])


def page_count(pdf: Path) -> int:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return len(document)
    finally:
        document.close()


def render(folder: Path, with_scan: bool) -> dict[str, int | None]:
    """Render the form in ``folder``; return each document's page count (None: DOCX)."""
    form_id = folder.name
    blocks = read_form(folder / "form.html")
    made: dict[str, int | None] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        profile = work / "profile"
        html = work / f"{form_id}_docx.html"
        shutil.copyfile(folder / "form.html", html)
        docx = soffice(html, "docx:MS Word 2007 XML", work, profile, "HTML (StarWriter)")
        docx_pdf = soffice(docx, "pdf:writer_pdf_Export", work / "pdf", profile)
        xlsx = work / f"{form_id}.xlsx"
        write_workbook(blocks, xlsx)
        sheet_pdf = soffice(xlsx, "pdf:calc_pdf_Export", work / "sheet", profile)
        outputs = {
            f"{form_id}_docx.docx": docx,
            f"{form_id}_docx-pdf.pdf": docx_pdf,
            f"{form_id}.xlsx": xlsx,
            f"{form_id}_xlsx-export.pdf": sheet_pdf,
        }
        for name, path in outputs.items():
            shutil.copyfile(path, folder / name)
            made[name] = page_count(path) if name.endswith(".pdf") else None
        made.update(render_print(folder, work))
        if with_scan:
            made.update(render_scan(folder))
    return made


def render_print(folder: Path, work: Path) -> dict[str, int | None]:
    """Print the form's web page (``ID_html-print.pdf``); return its page count."""
    name = f"{folder.name}_html-print.pdf"
    print_page(folder / "form.html", folder / name, work / "browser")
    return {name: page_count(folder / name)}


def render_scan(folder: Path) -> dict[str, int | None]:
    """Scan the form's Word PDF (``ID_scanned.pdf``); return its page count."""
    name = f"{folder.name}_scanned.pdf"
    scan(folder / f"{folder.name}_docx-pdf.pdf", folder / name, scan_seed(folder.name))
    return {name: page_count(folder / name)}


def render_only(folder: Path, which: str) -> dict[str, int | None]:
    """Make one more document for a form rendered before; return every document's page
    count, the new one added to those its ``renders.json`` lists."""
    made = json.loads((folder / "renders.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        made.update(render_print(folder, Path(tmp)) if which == "print"
                    else render_scan(folder))
    return dict(made)


def _has_chinese_font() -> bool:
    """Whether fontconfig knows a font for Chinese (as every publisher's machine does)."""
    if shutil.which("fc-list") is None:
        return False
    listed = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True,
                            check=False)
    return bool(listed.stdout.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", type=Path)
    parser.add_argument("--scan", action="store_true", help="also make ID_scanned.pdf")
    parser.add_argument("--only", choices=("print", "scan"),
                        help="make only ID_html-print.pdf or ID_scanned.pdf, for a form "
                             "rendered before")
    args = parser.parse_args()
    if args.only != "scan" and shutil.which(CHROMIUM) is None:
        sys.exit("render_wild: Chromium is not installed (apt-get install chromium)")
    if args.only is None and shutil.which("soffice") is None:
        sys.exit("render_wild: LibreOffice is not installed (apt-get install "
                 "libreoffice-writer-nogui libreoffice-calc-nogui)")
    if not _has_chinese_font():
        sys.exit("render_wild: no Chinese font is installed, the PDFs would print boxes "
                 "(apt-get install fonts-noto-cjk)")
    for folder in args.folders:
        made = render_only(folder, args.only) if args.only else render(folder, args.scan)
        (folder / "renders.json").write_text(
            json.dumps(made, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{folder.name}: " + ", ".join(
            f"{name} ({pages} pages)" if pages else name for name, pages in made.items()))


if __name__ == "__main__":
    main()
