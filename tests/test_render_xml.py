"""render/xml.py and the context's text writers against python-pptx: the same XML as its API
writes, and what python-pptx reads back from it."""

from __future__ import annotations

import io

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Pt

from helpers.packages import presentation_of
from slidegen import ooxml
from slidegen.place.geometry import Geometry
from slidegen.place.model import TextBox
from slidegen.render import xml
from slidegen.render.context import RenderContext, set_paragraph_language
from slidegen.render.frames import frames_of
from slidegen.render.prototypes import SlideMaker, add_picture, notes_text_body, stock_file
from slidegen.render.template import Base, masters_and_layouts
from slidegen.text import Run, Text
from slidegen.write.package import Package

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


class _Plan:
    language = "en-GB"


def _ctx(prs, lang: str = "en-GB") -> RenderContext:
    plan = _Plan()
    plan.language = lang
    return RenderContext(prs, plan, None, {}, None)


def _xml(el) -> bytes:
    return etree.tostring(el)


def _title_only(prs):
    return prs.slide_layouts[5]


def _ours():
    """(package, SlideMaker, layouts) of python-pptx's stock template as slidegen reads it."""
    package = Package.from_bytes(stock_file("default.pptx").read_bytes())
    return package, SlideMaker(package), masters_and_layouts(package)[1]


def _our_slide(layout_index: int):
    package, maker, layouts = _ours()
    return package, maker.add_slide(layouts[layout_index])


def test_new_ids_are_python_pptx_ids_through_adds_removals_and_other_routes():
    package, slide = _our_slide(1)  # title + body: ids 2, 3
    ctx = _ctx(package)
    tree = ctx.shapes(slide)
    assert tree.new_id() == 4
    first = ctx.text_box(slide, TextBox((0, 0, 100, 100), (Text.of("a"),), 12, ""))
    assert first.find(f"{{{ooxml.NS_P}}}nvSpPr").find(ooxml.P_C_NV_PR).get("id") == "4"
    assert tree.new_id() == 5
    # a shape added behind the tree's back (appended to the p:spTree) is seen
    tree.tree.append(xml.textbox_sp(5, "TextBox 4", 0, 0, 10, 10))
    assert tree.new_id() == 6
    # removing the shape with the largest id frees it again, as python-pptx counts
    last = tree.tree[-1]
    last.getparent().remove(last)
    assert tree.new_id() == 5
    box = ctx.text_box(slide, TextBox((0, 0, 100, 100), (Text.of("b"),), 12, "Named"))
    assert box is tree.tree[-1]
    read = presentation_of(package).slides[0]
    assert read.shapes._next_shape_id == 6  # python-pptx would number the next shape 6 too
    assert [(sh.shape_id, sh.name) for sh in read.shapes][-2:] == [(4, "TextBox 3"), (5, "Named")]


def test_text_box_is_python_pptx_add_textbox_with_its_settings():
    prs = Presentation()
    package, ours = _our_slide(5)
    theirs = prs.slides.add_slide(_title_only(prs))
    ctx = _ctx(package)
    for _ in range(2):  # the first box makes the prototype, the second is copied from it
        placed = TextBox(
            (10, 20, 300, 400),
            (Text.of("One"), Text.of("Two")),
            18,
            "",
            color="primary",
            align=PP_ALIGN.CENTER.xml_value,
            anchor=MSO_ANCHOR.MIDDLE.xml_value,
            bold=True,
        )
        sp = ctx.text_box(ours, placed)
        shape = theirs.shapes.add_textbox(Emu(10), Emu(20), Emu(300), Emu(400))
        tf = shape.text_frame
        tf.word_wrap = True
        tf.vertical_anchor = MSO_ANCHOR.MIDDLE
        tf.auto_size = None
        for i, text in enumerate(("One", "Two")):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.alignment = PP_ALIGN.CENTER
            run = p.add_run()
            run.text = text
            rpr = run._r.get_or_add_rPr()  # lang, sz, b: the order write_runs keeps
            rpr.set("lang", "en-GB")
            rpr.set("sz", "1800")
            rpr.set("b", "1")
            run.font.color.theme_color = MSO_THEME_COLOR.TEXT_2
            run.font.name = "+mn-lt"
            p._p.get_or_add_endParaRPr().set("lang", "en-GB")
        assert _xml(sp) == _xml(shape._element)
    read = presentation_of(package).slides[0].shapes[-1]
    assert read.text_frame.text == "One\nTwo"
    assert read.text_frame.paragraphs[1].alignment == PP_ALIGN.CENTER
    assert read.text_frame.paragraphs[0].runs[0].font.size == Pt(18)


def test_placeholder_paragraphs_levels_and_alignment_match_the_api():
    prs = Presentation()
    ours = prs.slides.add_slide(prs.slide_layouts[1])
    theirs = prs.slides.add_slide(prs.slide_layouts[1])
    ctx = _ctx(prs)
    body = ctx.placeholder(ours, 1)
    assert body is ours.placeholders[1]._element
    assert ctx.placeholder(ours, 0) is ours.shapes.title._element
    assert ctx.placeholder(ours, 7) is None
    levels = [0, 1, 2, 0]
    for p, level in zip(xml.paragraphs(xml.text_body(body), 4), levels, strict=True):
        xml.set_level(p, level)
        xml.set_align(p, "r")
    tf = theirs.placeholders[1].text_frame
    for i, level in enumerate(levels):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        p.level = level
        p.alignment = PP_ALIGN.RIGHT
    assert _xml(xml.text_body(body)) == _xml(tf._txBody)
    assert [p.level for p in ours.placeholders[1].text_frame.paragraphs] == levels
    assert xml.paragraphs(xml.text_body(body), 0) == []


def test_frames_are_the_boxes_a_slide_made_from_the_layout_gets():
    prs = Presentation()
    base = Base(prs, Geometry(int(prs.slide_width), int(prs.slide_height)), {})
    base.layouts.update({"content": prs.slide_layouts[1], "two": prs.slide_layouts[3]})
    frames = frames_of(base)
    for key, layout in base.layouts.items():
        slide = prs.slides.add_slide(layout)
        got = {
            ph.placeholder_format.idx: (ph.left, ph.top, ph.width, ph.height)
            for ph in slide.placeholders
        }
        assert frames.layouts[key] == got
        assert frames.names[key] == layout.name
    body = _ctx(prs).placeholder(slide, 1)
    xml.set_xfrm(body, (1, 2, 3, 4))
    assert xml.box_of(body) == (1, 2, 3, 4)


def test_set_xfrm_writes_what_the_position_setters_write():
    prs = Presentation()
    ours = prs.slides.add_slide(prs.slide_layouts[3])
    theirs = prs.slides.add_slide(prs.slide_layouts[3])
    xml.set_xfrm(_ctx(prs).placeholder(ours, 1), (11, 22, 33, 44))
    ph = theirs.placeholders[1]
    ph.left, ph.top, ph.width, ph.height = Emu(11), Emu(22), Emu(33), Emu(44)
    assert _xml(ours.placeholders[1]._element) == _xml(ph._element)


def test_links_are_related_to_the_part_and_read_back():
    package, slide = _our_slide(5)
    ctx = _ctx(package)
    text = Text((Run("see "), Run("this", url="https://example.org/a"), Run(" and more")))
    paragraphs = (text, Text((Run("x", url="https://example.org/a"),)))
    sp = ctx.text_box(slide, TextBox((0, 0, 100, 100), paragraphs, 12, ""))
    read = presentation_of(package).slides[0]
    runs = [r for p in read.shapes[-1].text_frame.paragraphs for r in p.runs]
    assert [r.hyperlink.address for r in runs] == [
        None,
        "https://example.org/a",
        None,
        "https://example.org/a",
    ]
    rids = {link.get(ooxml.R_ID) for link in sp.iter(ooxml.A_HLINK_CLICK)}
    assert len(rids) == 1  # one relationship for the same address, as python-pptx relates it
    # a link run keeps the scheme colour off (the theme's hyperlink colour shows)
    assert sp.find(f".//{ooxml.A_R}/{ooxml.A_RPR}/{ooxml.A_HLINK_CLICK}") is not None
    assert _xml(slide.element).count(b"xmlns:r=") == 1  # the r prefix the slide declares


def test_right_to_left_paragraphs():
    p = etree.fromstring(f'<a:p xmlns:a="{ooxml.NS_A}"/>')
    set_paragraph_language(p, "he-IL")
    assert _xml(p) == _xml(
        etree.fromstring(
            f'<a:p {ooxml.nsdecls("a")}><a:pPr rtl="1" algn="r"/><a:endParaRPr lang="he-IL"/></a:p>'
        )
    )


def test_table_frame_is_python_pptx_add_table_formatted():
    prs = Presentation()
    slide = prs.slides.add_slide(_title_only(prs))
    package, ours = _our_slide(5)
    tree = _ctx(package).shapes(ours)
    cells = [[("tx2", "ctr", "l"), ("tx2", "ctr", "r")], [("bg2", "t", "l"), None]]
    frame = xml.table_frame(tree.new_id(), "Table", 5, 6, [100, 200], [30, 40], cells)
    shape = slide.shapes.add_table(2, 2, Emu(5), Emu(6), Emu(300), Emu(70))
    shape.name = "Table"
    table = shape.table
    table.columns[0].width, table.columns[1].width = Emu(100), Emu(200)
    table.rows[0].height, table.rows[1].height = Emu(30), Emu(40)
    for (r, c), (fill, anchor, align) in {
        (0, 0): (MSO_THEME_COLOR.TEXT_2, MSO_ANCHOR.MIDDLE, PP_ALIGN.LEFT),
        (0, 1): (MSO_THEME_COLOR.TEXT_2, MSO_ANCHOR.MIDDLE, PP_ALIGN.RIGHT),
        (1, 0): (MSO_THEME_COLOR.BACKGROUND_2, MSO_ANCHOR.TOP, PP_ALIGN.LEFT),
    }.items():
        cell = table.cell(r, c)
        cell.fill.solid()
        cell.fill.fore_color.theme_color = fill
        cell.vertical_anchor = anchor
        cell.text_frame.paragraphs[0].alignment = align
    theirs = shape._element
    theirs.getparent().remove(theirs)
    # python-pptx's frame keeps the size it was made with: ours is made at its final size
    assert _xml(frame) == _xml(theirs)
    tree.add(frame)
    read = presentation_of(package).slides[0].shapes[-1]
    assert read.has_table and read.name == "Table"
    assert [c.width for c in read.table.columns] == [100, 200]


def test_slide_maker_copies_are_python_pptx_slides():
    stock = Presentation()
    package, maker, layouts = _ours()
    for i in (1, 1, 5, 1, 5):
        want = stock.slides.add_slide(stock.slide_layouts[i])
        got = maker.add_slide(layouts[i])
        assert _xml(got.element) == _xml(want._element)
        assert got.partname == want.part.partname
    assert _xml(package.main.element.find(ooxml.P_SLD_ID_LST)) == _xml(stock.slides._sldIdLst)
    slides = [maker.prs_part.related_part(s.get(ooxml.R_ID)) for s in stock.slides._sldIdLst]
    for slide, want in zip(slides, stock.slides, strict=True):
        notes = maker.notes_slide(slide)
        assert _xml(notes.element) == _xml(want.notes_slide._element)
        assert notes.partname == want.notes_slide.part.partname
        assert _xml(notes_text_body(notes.element)) == _xml(
            want.notes_slide.notes_text_frame._txBody
        )
    assert maker.notes_slide(slides[0]).partname == "/ppt/notesSlides/notesSlide1.xml"
    read = presentation_of(package)
    assert [s.has_notes_slide for s in read.slides] == [True] * 5


def test_add_picture_is_python_pptx_add_picture():
    stock = Presentation()
    want = stock.slides.add_slide(stock.slide_layouts[6])
    package, got = _our_slide(6)
    tree = _ctx(package).shapes(got)
    for _ in range(2):
        pic = add_picture(tree, PNG, (1, 2, 30, 40), "image/png")
        ref = want.shapes.add_picture(io.BytesIO(PNG), 1, 2, 30, 40)
        assert _xml(pic) == _xml(ref._element)
    read = presentation_of(package).slides[0]
    assert read.shapes[-1].image.blob == PNG
    assert [p.partname for p in package.iter_parts() if "media" in p.partname] == [
        "/ppt/media/image1.png"
    ]


@pytest.mark.parametrize("level", [0, 2])
def test_no_bullet_keeps_the_levels_margin(level):
    p = etree.fromstring(f'<a:p xmlns:a="{ooxml.NS_A}"/>')
    xml.set_level(p, level)
    xml.no_bullet(p, 100)
    ppr = p.find(ooxml.A_PPR)
    assert ppr.get("marL") == str(100 * level) and ppr.get("indent") == "0"
    assert ppr.find(ooxml.A_BU_NONE) is not None
    assert xml.level_of(p) == level
