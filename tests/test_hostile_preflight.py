"""Every hostile file meets the pre-flight checks: sniffed from its bytes, refused with
the right error and reason, or let through to the reader when it is readable."""

from __future__ import annotations

from pathlib import Path

import pytest
from selfeval.extract import errors, limits
from selfeval.extract.reading import preflight
from selfeval.extract.safety import (
    check_docx_zip,
    check_file_size,
    check_image_pixels,
    check_page_render,
    check_pdf,
    check_render_size,
)
from selfeval.extract.sniff import sniff_format

from tests import hostile_files


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: hostile_files.make(case, folder) for case in hostile_files.CASES}


@pytest.mark.parametrize("case", hostile_files.CASES, ids=lambda c: c.name)
def test_preflight_verdict(case: hostile_files.Case, made: dict[str, Path]) -> None:
    path = made[case.name]
    if case.error is None:
        assert preflight(path) == case.format
        return
    with pytest.raises(case.error) as caught:
        preflight(path)
    assert caught.value.path == str(path)
    assert case.reason in caught.value.reason
    assert "\n" not in caught.value.reason


def test_sniff_ignores_the_extension(made: dict[str, Path]) -> None:
    assert sniff_format(made["docx-named-pdf"]) == "docx"
    assert sniff_format(made["pdf-named-docx"]) == "pdf"


def test_html_mentioning_pdf_header_is_html(tmp_path: Path) -> None:
    page = tmp_path / "x.pdf"
    page.write_bytes(b"\xef\xbb\xbf  <!-- saved --><HTML><body>%PDF-1.7</body></HTML>")
    assert sniff_format(page) == "html"


def test_pdf_after_junk_prefix_is_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "x.bin"
    pdf.write_bytes(b"\r\n\r\ngarbage" + hostile_files.text_pdf(["hello"]))
    assert sniff_format(pdf) == "pdf"


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(errors.SelfevalError, match="no such file"):
        preflight(tmp_path / "gone.pdf")


def test_file_over_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.pdf"
    path.write_bytes(hostile_files.text_pdf(["x"]))
    assert check_file_size(path) == path.stat().st_size
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", path.stat().st_size - 1)
    with pytest.raises(errors.LimitExceeded, match="over the .* limit"):
        check_file_size(path)


def test_page_count_is_walked_not_trusted(tmp_path: Path) -> None:
    path = tmp_path / "lying_count.pdf"
    data = hostile_files.many_pages_pdf(7).replace(b"/Count 7", b"/Count 1")
    path.write_bytes(data)
    assert check_pdf(path) == 7


def test_owner_only_encryption_reads_like_the_original(made: dict[str, Path]) -> None:
    import pdfplumber

    def first_page_text(path: Path) -> str:
        with pdfplumber.open(path) as pdf:
            return pdf.pages[0].extract_text()

    original = first_page_text(hostile_files.GOOD_PDF)
    assert original
    assert first_page_text(made["encrypted-empty-user-aes"]) == original
    assert first_page_text(made["encrypted-empty-user-rc4"]) == original


def test_docx_ratio_bomb_small_enough_for_size_limits(tmp_path: Path) -> None:
    path = tmp_path / "ratio.docx"
    hostile_files.zip_bomb_docx(path, 8 * limits.COMPRESSION_RATIO_MIN_BYTES)
    with pytest.raises(errors.LimitExceeded, match="compressed .*:1"):
        check_docx_zip(path)


def test_doctype_in_any_part_and_in_utf16_is_refused(tmp_path: Path) -> None:
    bomb = hostile_files.entity_bomb_xml()
    body = b"<w:document %s><w:body/></w:document>" % hostile_files._W
    styles = tmp_path / "styles.docx"
    styles.write_bytes(hostile_files.docx_bytes(body, {"word/styles.xml": bomb}))
    utf16 = tmp_path / "utf16.docx"
    utf16.write_bytes(hostile_files.docx_bytes(bomb.decode().encode("utf-16")))
    for path in (styles, utf16):
        with pytest.raises(errors.DamagedFile, match="entity declarations are not allowed"):
            check_docx_zip(path)


def test_good_fixtures_pass_preflight() -> None:
    for path in sorted(hostile_files.DOCS.iterdir()):
        assert preflight(path) == ("docx" if path.suffix == ".docx" else "pdf")


def test_render_size_limit() -> None:
    check_render_size("a.pdf", 842, 1191, 300)  # A3 at 300 dpi: 17 Mpx
    with pytest.raises(errors.LimitExceeded, match="page 3 would render to 3,600 Mpx"):
        check_render_size("a.pdf", 14_400, 14_400, 300, page=3)


def test_page_render_refuses_an_image_bomb_and_a_giant_page(made: dict[str, Path]) -> None:
    import pypdfium2 as pdfium

    bomb = pdfium.PdfDocument(made["image-bomb"])
    with pytest.raises(errors.LimitExceeded, match="an image on page 1 is 20,480x20,480 px"):
        check_page_render(made["image-bomb"], bomb[0], 200, 1)
    bomb.close()
    giant = pdfium.PdfDocument(hostile_files.text_pdf(["big"], media_box=b"[0 0 14400 14400]"))
    with pytest.raises(errors.LimitExceeded, match="would render to"):
        check_page_render("giant.pdf", giant[0], 200, 1)
    normal = pdfium.PdfDocument(hostile_files.GOOD_PDF)
    check_page_render(hostile_files.GOOD_PDF, normal[0], 200, 1)
    giant.close()
    normal.close()


def test_image_pixel_limit() -> None:
    check_image_pixels("a.pdf", 4960, 7016)  # A4 scanned at 600 dpi
    with pytest.raises(errors.LimitExceeded, match="20,480x20,480 px"):
        check_image_pixels("a.pdf", 20_480, 20_480, page=1)
