"""LibreOffice rendering: PDF, slide pictures, contact sheet, and the render-check helper."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Inches, Pt

from helpers.render_check import assert_renders, check_render, normalise
from slidegen.errors import SlidegenError
from slidegen.preview import (
    SHEET_BACKGROUND,
    SHEET_GAP,
    SHEET_LABEL_HEIGHT,
    RenderToolsMissing,
    contact_sheet,
    convert_to_pdf,
    pdf_page_count,
    pdf_page_texts,
    pdf_to_pngs,
    preview,
)

WIDE = (Inches(13.333), Inches(7.5))  # 16:9: 1280 x 720 px at 96 dpi
CUT_LINE = "Wide words cut at the edge"


def _new_deck() -> Presentation:
    prs = Presentation()
    prs.slide_width, prs.slide_height = WIDE
    return prs


def _textbox(slide, left, top, width, height, paragraphs, size=18, wrap=True):
    box = slide.shapes.add_textbox(left, top, width, height)
    box.text_frame.word_wrap = wrap
    for i, text in enumerate(paragraphs):
        para = box.text_frame.paragraphs[0] if i == 0 else box.text_frame.add_paragraph()
        para.text = text
        para.font.size = Pt(size)
    return box


def make_good_deck(path: Path) -> Path:
    """Three slides, the second hidden: bullets, side-by-side boxes, a table, a group."""
    prs = _new_deck()
    s1 = prs.slides.add_slide(prs.slide_layouts[1])
    s1.shapes.title.text = "Evidence for early intervention"
    body = s1.placeholders[1].text_frame
    body.text = "Home visiting reduces admissions by a third in the first year of life"
    body.add_paragraph().text = "Second point: evidence-based and well-established practice"
    s2 = prs.slides.add_slide(prs.slide_layouts[5])
    s2.shapes.title.text = "Hidden backup slide"
    s2._element.set("show", "0")
    s3 = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(
        s3,
        Inches(0.5),
        Inches(0.5),
        Inches(4),
        Inches(2.5),
        ["Left column paragraph long enough to wrap over several lines of text"],
    )
    _textbox(
        s3,
        Inches(5),
        Inches(0.5),
        Inches(4),
        Inches(2.5),
        ["Right column paragraph that also wraps over more than one line here"],
    )
    table = s3.shapes.add_table(2, 2, Inches(1), Inches(3.5), Inches(8), Inches(1.2)).table
    table.cell(0, 0).text = "Outcome measure"
    table.cell(0, 1).text = "Relative risk 0.67 (95% CI 0.50 to 0.80)"
    table.cell(1, 0).text = "Admissions"
    table.cell(1, 1).text = "Fewer"
    group = s3.shapes.add_group_shape()
    box = group.shapes.add_textbox(Inches(9.5), Inches(5.5), Inches(3), Inches(1))
    box.text_frame.text = "Grouped caption"
    footer = _textbox(s3, Inches(1), Inches(6), Inches(6), Inches(1), ["Key message", "Slide "])
    footer.text_frame.paragraphs[0].runs[0].font._rPr.set("cap", "all")
    # a slide-number field with stale text ("99"): LibreOffice draws the real number
    footer.text_frame.paragraphs[1]._p.append(
        parse_xml(
            f'<a:fld {nsdecls("a")} id="{{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}}" '
            'type="slidenum"><a:rPr lang="en-GB"/><a:t>99</a:t></a:fld>'
        )
    )
    footer.text_frame.paragraphs[1].add_run().text = " of the deck"
    prs.save(path)
    return path


def make_overflow_deck(path: Path) -> Path:
    """A long bullet list in a small box near the bottom: most of it falls off the slide."""
    prs = _new_deck()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bullets = [f"Overflowing bullet number {i} about outcomes" for i in range(1, 13)]
    _textbox(slide, Inches(1), Inches(6.2), Inches(6), Inches(1), bullets, size=20)
    prs.save(path)
    return path


def make_off_slide_deck(path: Path) -> Path:
    """Slide 1: a shape whose box crosses the right edge. Slide 2: a line runs off the page."""
    prs = _new_deck()
    s1 = prs.slides.add_slide(prs.slide_layouts[6])
    _textbox(s1, Inches(1), Inches(1), Inches(4), Inches(1), ["Inside the slide"])
    _textbox(s1, Inches(11.5), Inches(3), Inches(3), Inches(1), ["Past the edge"]).name = "Stray"
    s2 = prs.slides.add_slide(prs.slide_layouts[6])
    # a thin box inside the right edge; its unwrapped line runs past the page edge
    edge = prs.slide_width - Inches(0.2)
    _textbox(s2, edge, Inches(3), Inches(0.2), Inches(1), [CUT_LINE], size=28, wrap=False)
    prs.save(path)
    return path


@pytest.fixture(scope="module")
def good_preview(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("good")
    deck = make_good_deck(tmp / "good deck.pptx")
    return deck, preview(deck, tmp / "out")


@pytest.fixture(scope="module")
def bad_pdfs(tmp_path_factory):
    """The overflow and off-slide decks, converted at the same time into one folder."""
    tmp = tmp_path_factory.mktemp("bad")
    decks = [make_overflow_deck(tmp / "overflow.pptx"), make_off_slide_deck(tmp / "off.pptx")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        pdfs = list(pool.map(lambda d: convert_to_pdf(d, tmp / "pdf"), decks))
    return list(zip(decks, pdfs, strict=True))


@pytest.mark.render
def test_preview_writes_pdf_pngs_and_sheet(good_preview):
    deck, result = good_preview
    assert result.pdf == deck.parent / "out" / "good deck.pdf"
    assert pdf_page_count(result.pdf) == 2  # the hidden slide has no page
    assert [p.name for p in result.pngs] == ["slide-01.png", "slide-02.png"]
    for png in result.pngs:
        with Image.open(png) as img:
            assert img.size == (1280, 720)
    assert result.contact_sheet.name == "contact-sheet.png"


@pytest.mark.render
def test_pdf_pages_carry_their_slides_text(good_preview):
    _, result = good_preview
    pages = pdf_page_texts(result.pdf)
    assert len(pages) == 2
    assert "Evidence for early intervention" in pages[0]
    assert "Hidden backup slide" not in "".join(pages)
    assert "Outcome measure" in pages[1]
    assert "Grouped caption" in pages[1]
    assert "KEY MESSAGE" in pages[1]  # cap="all"
    assert "Slide 3 of the deck" in pages[1]  # the field shows the real slide number


@pytest.mark.render
def test_contact_sheet_size_and_look(good_preview):
    _, result = good_preview
    thumb_w, thumb_h = 480, 270
    with Image.open(result.contact_sheet) as sheet:
        # two slides, so two columns even though four are allowed
        assert sheet.size == (
            2 * (thumb_w + SHEET_GAP) + SHEET_GAP,
            1 * (thumb_h + SHEET_LABEL_HEIGHT + SHEET_GAP) + SHEET_GAP,
        )
        rgb = sheet.convert("RGB")
        assert rgb.getpixel((2, 2)) == SHEET_BACKGROUND
        # the slide itself is white, the label strip below it has dark number pixels
        assert rgb.getpixel((SHEET_GAP + thumb_w - 5, SHEET_GAP + thumb_h - 5)) == (255, 255, 255)
        label = rgb.crop(
            (SHEET_GAP, SHEET_GAP + thumb_h + 2, SHEET_GAP + thumb_w, SHEET_GAP + thumb_h + 26)
        )
        assert min(sum(px) for px in label.getdata()) < 200


@pytest.mark.render
def test_good_deck_passes_render_check(good_preview, tmp_path):
    deck, _ = good_preview
    report = assert_renders(deck, tmp_path)  # converts again, on its own
    assert report.pages == 2
    assert report.visible_slides == [1, 3]
    assert not report.missing and not report.off_slide and not report.clipped


@pytest.mark.render
def test_concurrent_conversions_do_not_collide(bad_pdfs):
    (overflow, overflow_pdf), (off, off_pdf) = bad_pdfs
    assert overflow_pdf.name == "overflow.pdf" and off_pdf.name == "off.pdf"
    assert pdf_page_count(overflow_pdf) == 1
    assert pdf_page_count(off_pdf) == 2
    assert "Overflowing bullet number 1" in pdf_page_texts(overflow_pdf)[0]
    assert "Inside the slide" in pdf_page_texts(off_pdf)[0]


@pytest.mark.render
def test_render_check_catches_text_off_the_bottom(bad_pdfs, tmp_path):
    deck, pdf = bad_pdfs[0]
    report = check_render(deck, tmp_path, pdf=pdf)
    lost = [m.text for m in report.missing]
    assert "Overflowing bullet number 12 about outcomes" in lost
    assert "Overflowing bullet number 1 about outcomes" not in lost
    assert all(m.slide == 1 and m.page == 1 for m in report.missing)
    assert not report.off_slide  # the box itself is inside the slide
    with pytest.raises(AssertionError, match="bullet number 12"):
        assert_renders(deck, tmp_path, pdf=pdf)


@pytest.mark.render
def test_render_check_catches_shapes_and_text_past_the_edge(bad_pdfs, tmp_path):
    deck, pdf = bad_pdfs[1]
    report = check_render(deck, tmp_path, pdf=pdf)
    assert len(report.off_slide) == 1
    assert "slide 1, shape 'Stray'" in report.off_slide[0]
    # slide 2's box is inside, but its unwrapped line is cut off at the page edge:
    # the words past the edge are missing, the one across it is reported as clipped
    assert [(m.slide, m.text) for m in report.missing] == [(2, CUT_LINE)]
    assert len(report.clipped) == 1 and report.clipped[0].startswith("slide 2 (page 2)")
    assert not report.ok


def test_missing_libreoffice_gives_install_hint(tmp_path, monkeypatch):
    deck = tmp_path / "deck.pptx"
    _new_deck().save(deck)
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    with pytest.raises(RenderToolsMissing) as caught:
        convert_to_pdf(deck, tmp_path)
    message = str(caught.value)
    assert "LibreOffice (soffice) not found" in message
    assert "sudo apt-get install libreoffice-impress poppler-utils" in message
    with pytest.raises(RenderToolsMissing, match="pdftoppm"):
        preview(deck, tmp_path / "out")


@pytest.mark.render
def test_unloadable_file_is_reported_by_name(tmp_path):
    bad = tmp_path / "broken.pptx"
    bad.write_bytes(b"PK\x03\x04 this is not a presentation")
    with pytest.raises(SlidegenError, match=r"broken\.pptx: error: LibreOffice could not"):
        convert_to_pdf(bad, tmp_path / "out")
    assert not (tmp_path / "out" / "broken.pdf").exists()


@pytest.mark.render
def test_conversion_time_limit(tmp_path):
    deck = tmp_path / "slow.pptx"
    _new_deck().save(deck)
    with pytest.raises(SlidegenError, match="did not finish .* within 0.01 s"):
        convert_to_pdf(deck, tmp_path, timeout=0.01)


def _page_pictures(folder: Path, count: int) -> list[Path]:
    pngs = []
    for i in range(count):
        img = Image.new("RGB", (320, 160), (255, 255, 255))
        ImageDraw.Draw(img).rectangle((10, 10, 100 + 20 * i, 60), fill=(0, 60, 120))
        pngs.append(folder / f"p{i}.png")
        img.save(pngs[-1])
    return pngs


@pytest.mark.parametrize(("count", "columns"), [(1, 4), (5, 4), (9, 3)])
def test_contact_sheet_grid_dimensions(tmp_path, count, columns):
    pngs = _page_pictures(tmp_path, count)
    out = contact_sheet(pngs, tmp_path / "sheet.png", columns=columns, thumb_width=200)
    cols = min(columns, count)
    rows = math.ceil(count / cols)
    with Image.open(out) as sheet:
        assert sheet.size == (
            cols * (200 + SHEET_GAP) + SHEET_GAP,
            rows * (100 + SHEET_LABEL_HEIGHT + SHEET_GAP) + SHEET_GAP,
        )
        # the last thumbnail sits in row `rows`, column (count - 1) % cols
        col, row = (count - 1) % cols, rows - 1
        x = SHEET_GAP + col * (200 + SHEET_GAP) + 20
        y = SHEET_GAP + row * (100 + SHEET_LABEL_HEIGHT + SHEET_GAP) + 15
        assert sheet.convert("RGB").getpixel((x, y)) != SHEET_BACKGROUND


def test_contact_sheet_is_deterministic(tmp_path):
    pngs = _page_pictures(tmp_path, 3)
    a = contact_sheet(pngs, tmp_path / "a.png", labels=["1", "3", "4"])
    b = contact_sheet(pngs, tmp_path / "b.png", labels=["1", "3", "4"])
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(ValueError, match="one label per picture"):
        contact_sheet(pngs, tmp_path / "c.png", labels=["1"])


@pytest.mark.render
def test_pdf_to_pngs_removes_stale_pages(good_preview, tmp_path):
    _, result = good_preview
    (tmp_path / "slide-07.png").write_bytes(b"old")
    (tmp_path / "notes.png").write_bytes(b"keep")
    pngs = pdf_to_pngs(result.pdf, tmp_path, dpi=24)
    assert sorted(p.name for p in tmp_path.glob("*.png")) == [
        "notes.png",
        "slide-01.png",
        "slide-02.png",
    ]
    with Image.open(pngs[0]) as img:
        assert img.size == (320, 180)


def test_normalise_ignores_wrapping_and_hyphenation():
    assert normalise("well-\nestablished  care") == normalise("wellestablished care")
    assert normalise("ﬁrst\u00adyear") == "firstyear"
    assert normalise("Case") != normalise("case")
