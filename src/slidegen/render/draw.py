"""Placed slides into XML: each shape written as placement decided it, in order."""

from __future__ import annotations

from ..ooxml import A_SRC_RECT, P_BLIP_FILL, qn
from ..place.fit import INDENT
from ..place.geometry import inches
from ..place.model import (
    ChartShape,
    Fill,
    Paragraph,
    PictureShape,
    PlacedSlide,
    Remove,
    RuleShape,
    SlideFill,
    StandIn,
    TableShape,
    TextBox,
)
from . import oxml, xml
from .context import RenderContext, set_paragraph_language

HANGING = inches(0.4)  # reference lists: every line after the first indented this much


def draw_slide(ctx: RenderContext, placed: PlacedSlide, slide) -> None:
    """Write a placed slide's shapes onto a new slide made from its layout."""
    bodies: dict[int, object] = {}  # placeholder idx -> its p:sp (or the text box for it)

    def body(idx: int):
        el = bodies.get(idx)
        if el is None:
            el = bodies[idx] = ctx.placeholder(slide, idx)
        return el

    for shape in placed.shapes:
        if isinstance(shape, Fill):
            el = body(shape.idx)
            if shape.box is not None:
                xml.set_xfrm(el, shape.box)
            if shape.name is not None:
                xml.c_nv_pr(el).set("name", shape.name)
            _fill(ctx, slide, el, shape.paragraphs)
        elif isinstance(shape, StandIn):
            bodies[shape.idx] = ctx.empty_text_box(slide, shape.box, shape.name)
        elif isinstance(shape, Remove):
            el = body(shape.idx)
            el.getparent().remove(el)
        elif isinstance(shape, TextBox):
            sp = ctx.text_box(slide, shape)
            if shape.before is not None:
                body(shape.before).addprevious(sp)
        elif isinstance(shape, PictureShape):
            pic = _picture(ctx, slide, shape)
            if shape.before is not None:
                body(shape.before).addprevious(pic)
        elif isinstance(shape, TableShape):
            _table(ctx, slide, shape)
        elif isinstance(shape, ChartShape):
            _chart(ctx, slide, shape)
        elif isinstance(shape, RuleShape):
            _rule(ctx, slide, shape)
        elif isinstance(shape, SlideFill):
            oxml.background_solid(xml.child(slide.element, xml.P_CSLD), shape.scheme)
        else:  # pragma: no cover - a shape kind placement added without a writer
            raise TypeError(f"no writer for {type(shape).__name__}")


def _fill(ctx: RenderContext, slide, el, paragraphs: tuple[Paragraph, ...]) -> None:
    part = slide
    for p, para in zip(xml.paragraphs(xml.text_body(el), len(paragraphs)), paragraphs, strict=True):
        if para.level is not None:
            xml.set_level(p, para.level)
        if para.bullet == "none":
            xml.no_bullet(p, INDENT)
        elif para.bullet == "char":
            _bullet_char(p, para.level or 0)
        elif para.bullet == "hanging":
            ppr = xml.p_pr(p)
            ppr.set("marL", str(HANGING))
            ppr.set("indent", str(-HANGING))
            ppr.append(ppr.makeelement(xml.A_BU_NONE, {}))
        ctx.write_runs(part, p, para.text, para.size, para.color, para.bold)
        set_paragraph_language(p, ctx.lang)
        if para.bullet == "none-after":
            xml.no_bullet(p, INDENT)
        if para.space_before is not None:
            _space_before(p, para.space_before)


def _space_before(p, points: float) -> None:
    """`a:spcBef` in points, first of the paragraph properties' elements (its schema place)."""
    ppr = xml.p_pr(p)
    spc = ppr.makeelement(qn("a:spcBef"), {})
    spc.append(spc.makeelement(qn("a:spcPts"), {"val": str(round(points * 100))}))
    ppr.insert(0, spc)


def _bullet_char(p, level: int) -> None:
    """A bullet at `level` on a paragraph of a text box, indented as the body placeholder's."""
    ppr = xml.p_pr(p)
    ppr.set("marL", str(INDENT * (level + 1)))
    ppr.set("indent", str(-INDENT))
    ppr.append(ppr.makeelement(xml.A_BU_CHAR, {"char": "\u2022"}))


def _picture(ctx: RenderContext, slide, shape: PictureShape):
    from ..place.media import fit_cover
    from .prototypes import add_picture

    img = ctx.prepared_picture(shape.path, shape.target_px, shape.pos)
    pic = add_picture(ctx.shapes(slide), img.data, shape.box, img.content_type)
    if shape.fit == "cover":  # cropped to the box, from the prepared picture's pixels
        crop = fit_cover(img.width_px, img.height_px, shape.box)
        _crop(pic, crop)
    c_nv_pr = xml.c_nv_pr(pic)
    c_nv_pr.set("name", shape.name)
    if shape.decorative:
        oxml.set_decorative(c_nv_pr)
    else:
        c_nv_pr.set("descr", shape.alt or "")
    return pic


def _crop(pic, crop) -> None:
    """`a:srcRect` of a picture cropped by fractions (left, top, right, bottom) of its size."""
    blip = pic.find(P_BLIP_FILL).find(qn("a:blip"))
    rect = blip.makeelement(A_SRC_RECT, {})
    blip.addnext(rect)
    for name, value in zip("ltrb", crop, strict=True):
        if value != 0.0:
            rect.set(name, str(int(round(value * 100000.0))))


def _table(ctx: RenderContext, slide, shape: TableShape) -> None:
    # The table python-pptx's add_table makes (then named, its widths and heights set), its
    # cells formatted as its table API formats them: the same XML, written directly.
    tree = ctx.shapes(slide)
    formats = [
        [
            None if cell is None else (ctx.table_fill(cell.fill), cell.anchor, cell.align)
            for cell in row
        ]
        for row in shape.rows
    ]
    frame = xml.table_frame(
        tree.new_id(), "Table", shape.left, shape.top, shape.widths, shape.heights, formats
    )
    tree.add(frame)
    part = slide
    for r, (tr, cells) in enumerate(zip(frame.iter(xml.A_TR), shape.texts, strict=False)):
        header = r == 0
        for p, text in zip(tr.iter(xml.A_P), cells, strict=False):
            ctx.write_runs(
                part, p, text, shape.size, "background" if header else "text", bold=header or None
            )
            set_paragraph_language(p, ctx.lang)


def _chart(ctx: RenderContext, slide, shape: ChartShape) -> None:
    from ..write import document_date
    from .chart_part import add_chart
    from .chart_xml import ChartStyle

    style = ChartStyle(
        shape.number_format,
        shape.label_size,
        ctx.lang,
        axis_format=shape.axis_format,
        category_rotation=shape.category_rotation,
        axis_line=ctx.look.axis if ctx.look is not None else "accent4",
        on_fill=ctx.look.on_fill if ctx.look is not None else None,
    )
    tree = ctx.shapes(slide)
    frame = add_chart(slide, tree.new_id(), shape.content, style, document_date(ctx.plan), shape)
    tree.add(frame)


def _rule(ctx: RenderContext, slide, shape: RuleShape) -> None:
    tree = ctx.shapes(slide)
    sp = xml.autoshape_sp(tree.new_id(), shape.name, "rect", *shape.box)
    sp_pr = sp.find(qn("p:spPr"))
    ctx.solid_fill(sp_pr, shape.color)
    oxml.sub(oxml.sub(sp_pr, "a:ln"), "a:noFill")
    oxml.set_decorative(sp.find(qn("p:nvSpPr")).find(qn("p:cNvPr")))
    tree.add(sp)
