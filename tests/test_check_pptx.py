"""`slidegen check` on .pptx files: python-pptx's default template, our builds, broken decks."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.text import MSO_AUTO_SIZE
from pptx.util import Inches, Pt

from slidegen.check.pptx import check_pptx
from slidegen.cli import main
from slidegen.place.measure import PACKAGE_FONTS, FontCache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"


@pytest.fixture(scope="module")
def fonts():
    return FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False)


@pytest.fixture
def png(tmp_path) -> Path:
    path = tmp_path / "logo.png"
    Image.new("RGB", (60, 40), "navy").save(path)
    return path


def titled(prs, title="A title", layout=1):
    slide = prs.slides.add_slide(prs.slide_layouts[layout])
    slide.shapes.title.text = title
    return slide


def save(prs, tmp_path, name="deck.pptx") -> Path:
    path = tmp_path / name
    prs.save(path)
    return path


def codes(path, fonts) -> list[str]:
    return check_pptx(path, fonts).codes()


def only(path, fonts, code):
    return [f for f in check_pptx(path, fonts).active() if f.code == code]


# ---- whole decks ------------------------------------------------------------------------------
def test_default_template_deck_passes(tmp_path, fonts):
    prs = Presentation()
    s = titled(prs, "Opening", layout=0)
    s.placeholders[1].text = "A subtitle"
    s = titled(prs, "Points")
    s.placeholders[1].text_frame.text = "First point"
    s.placeholders[1].text_frame.add_paragraph().text = "Second point"
    titled(prs, "Closing", layout=5)
    report = check_pptx(save(prs, tmp_path), fonts)
    assert report.slides == 3 and report.active() == [], [f.format() for f in report.active()]


def _small_deck(tmp_path) -> Path:
    path = tmp_path / "small.yaml"
    path.write_text(
        """deck: {title: A small deck, presenter: {name: A Person, email: a@example.org}}
references:
  r1: {type: report, authors: ["Doe, J."], year: 2020, title: A report, publisher: Pub,
       url: "https://example.org/r"}
sections:
  - id: s
    number: 1
    title: Section one
    slides:
      - {id: points, title: Key points, bullets: [One point, "Another [@r1]"]}
      - {id: fig, layout: stat, title: Two figures, cite: r1,
         stats: [{value: "74%", label: improved}, {value: "1:10", label: ratio}]}
      - {id: said, layout: quote, title: In their words, text: It helped, attribution: A parent}
      - {id: end, layout: closing, title: Questions, text: Thank you}
""",
        encoding="utf-8",
    )
    return path


def test_our_build_passes_clean(tmp_path, fonts):
    from slidegen.build import BuildOptions, build

    out = tmp_path / "small.pptx"
    build(_small_deck(tmp_path), BuildOptions(output=out), fonts=fonts)
    report = check_pptx(out, fonts)
    assert report.slides == 7
    assert report.active() == [], [f.format() for f in report.active()]


def test_seed_deck_build_has_no_errors(tmp_path, fonts):
    from slidegen.build import BuildOptions, build

    out = tmp_path / "seed.pptx"
    build(SEED, BuildOptions(output=out), fonts=fonts)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    report = check_pptx(out, fonts)
    assert report.count("error") == 0, [f.format() for f in report.active()]
    assert hashlib.sha256(out.read_bytes()).hexdigest() == digest  # read, never written


def test_deliberately_bad_deck_reports_each_problem_with_its_slide(tmp_path, fonts, png):
    prs = Presentation()
    blank = prs.slides.add_slide(prs.slide_layouts[6])  # no title
    box = blank.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    run = box.text_frame.paragraphs[0].add_run()
    run.text = "Light grey text on white"
    run.font.size = Pt(24)
    run.font.color.rgb = RGBColor(0xCC, 0xCC, 0xCC)
    pic_slide = titled(prs, "A picture")
    pic_slide.shapes.add_picture(str(png), Inches(1), Inches(2), height=Inches(1))
    path = save(prs, tmp_path)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()

    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    out = result.output
    assert f"{path}: slide 1: error: TITLE-MISSING: slide 1 has no title" in out
    assert f"{path}: slide 2, shape 'Picture 3': error: ALT-FILENAME" in out and "'logo.png'" in out
    assert f"{path}: slide 1, shape 'TextBox 1': error: CONTRAST" in out
    assert "#CCCCCC on #FFFFFF has contrast 1.60:1, below 3:1" in out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest


def test_json_output_for_a_pptx(tmp_path, png):
    prs = Presentation()
    titled(prs).shapes.add_picture(str(png), 0, Inches(2))
    path = save(prs, tmp_path)
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    assert doc["passed"] is False
    (rep,) = doc["reports"]
    assert (rep["kind"], rep["slides"], rep["errors"]) == ("pptx", 1, 1)
    (f,) = rep["findings"]
    assert (f["code"], f["slide"], f["shape"], f["line"]) == ("ALT-FILENAME", 1, "Picture 3", None)


# ---- one test per code ------------------------------------------------------------------------
def test_pptx_unreadable(tmp_path, fonts):
    path = tmp_path / "broken.pptx"
    path.write_bytes(b"not a zip")
    (f,) = check_pptx(path, fonts).active()
    assert f.code == "PPTX-UNREADABLE" and f.severity == "error" and "broken.pptx" in f.message


def test_title_missing_and_present(tmp_path, fonts):
    prs = Presentation()
    titled(prs, "")  # an empty title placeholder is no title
    titled(prs, "Present")
    (f,) = only(save(prs, tmp_path), fonts, "TITLE-MISSING")
    assert f.location.slide == 1


def test_title_duplicate(tmp_path, fonts):
    prs = Presentation()
    titled(prs, "Results")
    titled(prs, "Method")
    titled(prs, "results ")
    (f,) = only(save(prs, tmp_path), fonts, "TITLE-DUPLICATE")
    assert f.location.slide == 3 and "slide 1" in f.message


def test_alt_missing_on_a_chart_and_decorative_pictures(tmp_path, fonts, png):
    prs = Presentation()
    data = CategoryChartData()
    data.categories = ["a", "b"]
    data.add_series("s", (1, 2))
    slide = titled(prs)
    slide.shapes.add_chart(XL_CHART_TYPE.COLUMN_CLUSTERED, 0, Inches(2), Inches(4), Inches(3), data)
    pic = slide.shapes.add_picture(str(png), Inches(5), Inches(2))
    c_nv = pic._element.nvPicPr.cNvPr
    ext_lst = etree.SubElement(
        c_nv, "{http://schemas.openxmlformats.org/drawingml/2006/main}extLst"
    )
    ext = etree.SubElement(
        ext_lst,
        "{http://schemas.openxmlformats.org/drawingml/2006/main}ext",
        uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}",
    )
    etree.SubElement(
        ext, "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative", val="1"
    )
    found = [f for f in check_pptx(save(prs, tmp_path), fonts).active() if f.code.startswith("ALT")]
    assert [(f.code, f.location.shape) for f in found] == [("ALT-MISSING", "Chart 3")]


def test_alt_filename_and_a_real_description(tmp_path, fonts, png):
    prs = Presentation()
    pic = titled(prs).shapes.add_picture(str(png), 0, Inches(2))
    pic._element.nvPicPr.cNvPr.set("descr", "Picture 7")
    assert "ALT-FILENAME" in codes(save(prs, tmp_path), fonts)
    pic._element.nvPicPr.cNvPr.set("descr", "The foundation's logo")
    assert "ALT-FILENAME" not in codes(save(prs, tmp_path), fonts)


def test_reading_order(tmp_path, fonts):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
    slide.shapes.title.text = "Read me first"
    left = slide.shapes.add_textbox(Inches(0.5), Inches(2), Inches(4), Inches(1))
    left.text_frame.text = "Left"
    right = slide.shapes.add_textbox(Inches(5), Inches(2), Inches(4), Inches(1))
    right.text_frame.text = "Right"
    path = save(prs, tmp_path)
    assert "READING-ORDER" not in codes(path, fonts)
    tree = slide.shapes._spTree
    tree.remove(left._element)
    tree.append(left._element)  # now: title, right, left
    (f,) = only(save(prs, tmp_path), fonts, "READING-ORDER")
    assert "'TextBox 2' is read after 'TextBox 3'" in f.message


def test_reading_order_title_last(tmp_path, fonts):
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    slide.shapes.title.text = "Title"
    box = slide.shapes.add_textbox(Inches(0.5), Inches(2), Inches(4), Inches(1))
    box.text_frame.text = "Body"
    title = slide.shapes.title._element
    tree = slide.shapes._spTree
    tree.remove(title)
    tree.append(title)
    (f,) = only(save(prs, tmp_path), fonts, "READING-ORDER")
    assert "'Title 1'" in f.message


def _body_text(size_pt=None, text="Body text", layout=1):
    prs = Presentation()
    slide = titled(prs, "Sizes", layout)
    tf = slide.placeholders[1].text_frame
    tf.text = text
    if size_pt:
        tf.paragraphs[0].runs[0].font.size = Pt(size_pt)
    return prs


def test_text_too_small(tmp_path, fonts):
    (f,) = only(save(_body_text(10), tmp_path), fonts, "TEXT-TOO-SMALL")
    assert "10 pt" in f.message and f.location.shape == "Content Placeholder 2"
    assert "TEXT-TOO-SMALL" not in codes(save(_body_text(12), tmp_path), fonts)


def test_text_small_reads_the_size_through_the_master(tmp_path, fonts):
    prs = _body_text()
    assert "TEXT-SMALL" not in codes(save(prs, tmp_path), fonts)  # master body: 32 pt
    master = prs.slide_master._element
    ns = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
    ns["a"] = "http://schemas.openxmlformats.org/drawingml/2006/main"
    rpr = etree._Element.xpath(master, "p:txStyles/p:bodyStyle/a:lvl1pPr/a:defRPr", namespaces=ns)[
        0
    ]
    rpr.set("sz", "1400")  # inherited, not set on the run
    (f,) = only(save(prs, tmp_path), fonts, "TEXT-SMALL")
    assert "14 pt" in f.message


def test_autofit_scale_counts_in_the_effective_size(tmp_path, fonts):
    prs = _body_text(20)
    body_pr = prs.slides[0].placeholders[1].text_frame._txBody.bodyPr
    etree.SubElement(
        body_pr,
        "{http://schemas.openxmlformats.org/drawingml/2006/main}normAutofit",
        fontScale="50000",
    )
    (f,) = only(save(prs, tmp_path), fonts, "TEXT-TOO-SMALL")
    assert "10 pt" in f.message


def test_overflow(tmp_path, fonts):
    prs = Presentation()
    slide = titled(prs, "Too much", layout=5)
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(1))
    box.text_frame.word_wrap = True
    box.text_frame.auto_size = MSO_AUTO_SIZE.NONE  # a fixed box (spAutoFit would grow it)
    box.text_frame.text = "word " * 80
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(20)
    (f,) = only(save(prs, tmp_path), fonts, "OVERFLOW")
    assert f.location.shape == "TextBox 2"
    box.text_frame.text = "word " * 5
    assert "OVERFLOW" not in codes(save(prs, tmp_path), fonts)


def test_contrast_against_an_inherited_background(tmp_path, fonts):
    prs = _body_text()
    assert "CONTRAST" not in codes(save(prs, tmp_path), fonts)
    fill = prs.slides[0].background.fill
    fill.solid()
    fill.fore_color.rgb = RGBColor(0x11, 0x11, 0x11)  # near black; text is tx1 (black)
    found = only(save(prs, tmp_path), fonts, "CONTRAST")
    assert {f.location.shape for f in found} == {"Title 1", "Content Placeholder 2"}
    assert "#000000 on #111111" in found[0].message


def test_too_many_bullets_and_words(tmp_path, fonts):
    prs = Presentation()
    tf = titled(prs, "Bullets").placeholders[1].text_frame
    tf.text = "one"
    for i in range(6):
        tf.add_paragraph().text = f"point {i}"
    found = check_pptx(save(prs, tmp_path), fonts).codes()
    assert "TOO-MANY-BULLETS" in found and "TOO-MANY-WORDS" not in found
    prs = _body_text(text="word " * 51)
    found = check_pptx(save(prs, tmp_path), fonts).codes()
    assert "TOO-MANY-WORDS" in found and "TOO-MANY-BULLETS" not in found


def test_link_text(tmp_path, fonts):
    prs = Presentation()
    tf = titled(prs, "Links").placeholders[1].text_frame
    run = tf.paragraphs[0].add_run()
    run.text = "click here"
    run.hyperlink.address = "https://example.org"
    (f,) = only(save(prs, tmp_path), fonts, "LINK-TEXT")
    assert "'click here'" in f.message
    run.text = "the 2022 evidence review"
    assert "LINK-TEXT" not in codes(save(prs, tmp_path), fonts)


def test_a_package_missing_a_part_is_reported_not_a_crash(tmp_path):
    """A .pptx that opens but whose master has lost its theme crashed `check` (KeyError;
    found by fuzzing): it is an error finding about the file."""
    import re
    import zipfile

    path = tmp_path / "damaged.pptx"
    Presentation().save(path)
    with zipfile.ZipFile(path) as z:
        members = [(n, z.read(n)) for n in z.namelist()]
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members:
            if name.startswith("ppt/slideMasters/_rels/"):
                data = re.sub(rb'<Relationship [^>]*relationships/theme"[^>]*/>', b"", data)
            z.writestr(name, data)
    from helpers.decks import run_cli

    result = run_cli("check", str(path))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output + result.stderr
    assert "PPTX-UNREADABLE: cannot read 'damaged.pptx': a part of it is missing" in (
        result.output + result.stderr
    )


# ---- the real background behind text, autofit, hidden slides --------------------------------
def _text_box(slide, text, color, box=(1, 2, 6, 1), size=24):
    tb = slide.shapes.add_textbox(*(Inches(v) for v in box))
    tb.text_frame.text = text
    run = tb.text_frame.paragraphs[0].runs[0]
    run.font.size = Pt(size)
    run.font.color.rgb = RGBColor.from_string(color)
    return tb


def test_contrast_against_the_shape_beneath_in_z_order(tmp_path, fonts):
    """White text in a text box over a blue star is judged against the star, not the white
    slide; the same text off the star is judged against the slide."""
    from pptx.enum.shapes import MSO_SHAPE

    prs = Presentation()
    slide = titled(prs, "Stars", layout=5)
    star = slide.shapes.add_shape(
        MSO_SHAPE.STAR_5_POINT, Inches(1), Inches(1.5), Inches(6), Inches(5)
    )
    star.fill.solid()
    star.fill.fore_color.rgb = RGBColor(0x1F, 0x3A, 0x93)
    _text_box(slide, "On the star", "FFFFFF", box=(2, 3.5, 4, 1))
    assert "CONTRAST" not in codes(save(prs, tmp_path), fonts)
    _text_box(slide, "Off the star", "FFFFFF", box=(7.5, 6.5, 2, 0.8))
    (f,) = only(save(prs, tmp_path), fonts, "CONTRAST")
    assert "'Off the star' #FFFFFF on #FFFFFF" in f.message
    # a shape's own text on its theme-styled fill (p:style fillRef accent1): also the star
    star.text_frame.text = "Inside"
    star.text_frame.paragraphs[0].runs[0].font.color.rgb = RGBColor(0x10, 0x10, 0x10)
    found = {f.message.split("'")[1] for f in only(save(prs, tmp_path), fonts, "CONTRAST")}
    assert found == {"Off the star", "Inside"}


def test_contrast_against_a_gradient_takes_its_worst_stop(tmp_path, fonts):
    prs = Presentation()
    slide = titled(prs, "Gradient", layout=5)
    band = slide.shapes.add_shape(1, 0, 0, prs.slide_width, prs.slide_height)  # rectangle
    band.fill.gradient()
    band.fill.gradient_stops[0].color.rgb = RGBColor(0x00, 0x20, 0x60)
    band.fill.gradient_stops[1].color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    slide.shapes._spTree.remove(band._element)
    slide.shapes._spTree.insert(2, band._element)  # behind the title
    _text_box(slide, "Yellow words", "FFD700", box=(1, 3, 8, 1), size=28)
    found = only(save(prs, tmp_path), fonts, "CONTRAST")
    yellow = [f for f in found if "Yellow words" in f.message]
    assert len(yellow) == 1
    assert "#FFD700 on #FFFFFF (the gradient's least contrasting stop)" in yellow[0].message


def test_contrast_against_a_picture_is_sampled(tmp_path, fonts):
    dark = tmp_path / "dark.png"
    Image.new("RGB", (80, 60), (20, 20, 30)).save(dark)
    prs = Presentation()
    slide = titled(prs, "Photo", layout=5)
    slide.shapes.add_picture(str(dark), Inches(1), Inches(2), Inches(8), Inches(4))
    _text_box(slide, "Light on dark", "F0F0F0", box=(2, 3, 6, 1))
    assert "CONTRAST" not in codes(save(prs, tmp_path), fonts)
    _text_box(slide, "Dark on dark", "303030", box=(2, 4.5, 6, 1))
    (f,) = only(save(prs, tmp_path), fonts, "CONTRAST")
    assert "'Dark on dark' #303030 on #14141E (sampled from the picture behind it)" in f.message


def test_overflow_honours_a_stored_autofit_shrink(tmp_path, fonts):
    """PowerPoint's normAutofit fontScale and lnSpcReduction are how the box is drawn: text
    that fits at them is no overflow; without them it is."""
    prs = Presentation()
    slide = titled(prs, "Shrunk", layout=5)
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(2))
    box.text_frame.word_wrap = True
    box.text_frame.text = "word " * 60
    box.text_frame.paragraphs[0].runs[0].font.size = Pt(24)
    body_pr = box.text_frame._txBody.bodyPr
    for child in list(body_pr):
        body_pr.remove(child)
    fit = etree.SubElement(
        body_pr, "{http://schemas.openxmlformats.org/drawingml/2006/main}normAutofit"
    )
    (f,) = only(save(prs, tmp_path), fonts, "OVERFLOW")  # no shrink stored: overflows
    fit.set("fontScale", "55000")
    fit.set("lnSpcReduction", "20000")
    assert "OVERFLOW" not in codes(save(prs, tmp_path), fonts)


def test_overflow_counts_line_breaks_and_each_line_size(tmp_path, fonts):
    prs = Presentation()
    slide = titled(prs, "Breaks", layout=5)
    box = slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1.2))
    box.text_frame.word_wrap = True
    body_pr = box.text_frame._txBody.bodyPr
    for child in list(body_pr):
        body_pr.remove(child)
    p = box.text_frame.paragraphs[0]
    p.text = "Big\vsmall one\vsmall two"  # a:br between the lines
    p.runs[0].font.size = Pt(40)
    for r in p.runs[1:]:
        r.font.size = Pt(12)
    assert "OVERFLOW" not in codes(save(prs, tmp_path), fonts)  # 40 + 12 + 12 pt lines
    p.runs[1].font.size = Pt(40)
    p.runs[2].font.size = Pt(40)
    assert "OVERFLOW" in codes(save(prs, tmp_path), fonts)  # three 40 pt lines


def test_a_hidden_slide_without_a_title_is_a_note(tmp_path, fonts):
    prs = Presentation()
    slide = titled(prs, "")
    slide._element.set("show", "0")
    titled(prs, "")
    report = check_pptx(save(prs, tmp_path), fonts)
    found = [(f.location.slide, f.severity) for f in report.active() if f.code == "TITLE-MISSING"]
    assert found == [(1, "info"), (2, "error")]
    assert "hidden slide 1 has no title" in report.active()[0].message


@pytest.mark.parametrize("suffix", [".pptm", ".potx", ".ppsx", ".yaml"])
def test_other_kinds_of_presentation_are_checked_as_presentations(tmp_path, fonts, suffix):
    from helpers.packages import as_kind
    from slidegen.check import check_paths

    prs = Presentation()
    titled(prs, "")
    path = as_kind(save(prs, tmp_path), suffix)
    (report,) = check_paths([path])
    assert report.kind == "pptx" and report.codes() == ["TITLE-MISSING"]


def test_hidden_shapes_are_not_checked_or_imported(tmp_path, fonts):
    from slidegen.errors import Diagnostics
    from slidegen.importer import import_pptx

    prs = Presentation()
    slide = titled(prs, "Visible", layout=5)
    box = _text_box(slide, "Hidden grey words", "DDDDDD", box=(1, 2, 6, 1))
    assert "CONTRAST" in codes(save(prs, tmp_path), fonts)
    box._element.nvSpPr.cNvPr.set("hidden", "1")
    assert "CONTRAST" not in codes(save(prs, tmp_path), fonts)
    diags = Diagnostics()
    result = import_pptx(save(prs, tmp_path), tmp_path / "imp", diags)
    assert "Hidden grey words" not in result.text
    assert [d.message for d in diags.warnings] == [
        "slide 1: hidden shape 'TextBox 2' (not shown by PowerPoint) is not carried over"
    ]
