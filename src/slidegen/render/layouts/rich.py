"""Rich content layouts: image, two-column, table and chart (native, editable objects)."""

from __future__ import annotations

import re

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches

from ...codes import Code
from ...conventions import CAPTION, LEFT, RIGHT, pane_name
from ...fitting import bullet_specs
from ...measure import Para
from ...ooxml import EMU_PER_PT
from ...text import Text
from .. import oxml, xml
from ..context import set_paragraph_language
from ..registry import LayoutRenderer
from ..template import PANE_GAP, level_sizes
from .basic import (
    body_placeholder,
    bullet_char,
    continuation_slides,
    fill_title,
    fit,
    no_bullet,
)

GAP = int(Inches(0.15))  # between a picture, table or chart and its caption


# ---- shared: captions and pictures ------------------------------------------------------------
def _caption_size(ctx) -> float:
    return max(ctx.size("caption"), ctx.size("body") - 6)


def _caption_height(ctx, caption: Text | None, width: int, body_height: int) -> int:
    """Height of the caption under a picture, table or chart (0 without one): what its text
    needs, up to a third of the body area. A longer caption is shrunk to the theme's minimum
    size in that box and reported as overflowing; the picture, table or chart keeps the
    rest (a 400-word caption once left it a negative height)."""
    if not caption:
        return 0
    measurer = ctx.fonts.measurer(ctx.theme.fonts["body"])
    needed = measurer.layout([Para(caption, _caption_size(ctx))], width).height_emu
    return min(needed, body_height // 3)


def _caption(ctx, planned, slide, caption: Text | None, box) -> None:
    if not caption:
        return
    size = fit(
        ctx,
        planned,
        [Para(caption)],
        box,
        _caption_size(ctx),
        minimum=ctx.size("caption"),
        what="the caption",
    )
    ctx.text_box(slide, box, [caption], size, color="muted", align=PP_ALIGN.CENTER, name=CAPTION)


def _prepared(ctx, path, target_px: int, pos):
    """The picture prepared for `target_px` shown width, once per build (warnings once too)."""
    from ...cache import file_value
    from ...media import prepare_image

    key = (path, target_px)
    img = ctx.media_cache.get(key)
    if img is None:
        img = file_value(
            ctx.cache,
            "picture",
            path,
            target_px,
            lambda: prepare_image(path, target_w_px=target_px, pos=pos),
        )
        for note in img.notes:
            ctx.diags.warning(f"picture: {note}", pos, code=Code.PICTURE)
        ctx.media_cache[key] = img
    return img


def place_content_picture(ctx, slide, content: dict, box, planned, name: str):
    """The picture a slide or pane describes (`image`, `fit`, `alt`, `decorative`), in `box`."""
    return place_picture(
        ctx,
        slide,
        content["image"],
        box,
        content.get("fit") or "contain",
        content.get("alt"),
        bool(content.get("decorative")),
        content.get("image_pos") or planned.pos,
        name=name,
    )


def place_picture(ctx, slide, path, box, fit_mode: str, alt, decorative: bool, pos, name=None):
    """Add a picture inside box: `contain` (whole, centred) or `cover` (fills box, cropped).

    Returns the `p:pic`; its `descr` holds the alt text, or it is marked decorative.
    """
    from ...cache import file_value
    from ...media import fit_contain, fit_cover, image_size, px_for_emu
    from ..prototypes import add_picture

    key = ("size", path)  # once per render too when no cache is kept (a one-off build)
    size = ctx.media_cache.get(key)
    if size is None:
        size = file_value(ctx.cache, "size", path, None, lambda: image_size(path, pos))
        ctx.media_cache[key] = size
    w_px, h_px = size
    if fit_mode == "cover":
        crop = fit_cover(w_px, h_px, box)
        shown_w = round(box[2] / max(1e-6, 1 - crop[0] - crop[2]))
        img = _prepared(ctx, path, px_for_emu(shown_w), pos)
        crop = fit_cover(img.width_px, img.height_px, box)
        x, y, w, h = box
    else:
        x, y, w, h = fit_contain(w_px, h_px, box)
        img = _prepared(ctx, path, px_for_emu(w), pos)
        crop = None
    pic = add_picture(ctx.shapes(slide), img.data, int(x), int(y), int(w), int(h))
    if crop is not None:
        pic.srcRect_l, pic.srcRect_t, pic.srcRect_r, pic.srcRect_b = crop
    c_nv_pr = xml.c_nv_pr(pic)
    c_nv_pr.set("name", name or f"Picture {c_nv_pr.get('id')}")
    if decorative:
        oxml.set_decorative(c_nv_pr)
    else:
        c_nv_pr.set("descr", alt or "")
    return pic


# ---- image ------------------------------------------------------------------------------------
def render_image(ctx, planned, slide) -> None:
    """A picture filling the body area (contain or cover), with an optional caption."""
    c = planned.content
    fill_title(ctx, slide, planned)
    x, y, w, h = ctx.geometry.body_box
    cap_h = _caption_height(ctx, c.get("caption"), w, h)
    area = (x, y, w, h - (cap_h + GAP if cap_h else 0))
    pic = place_content_picture(ctx, slide, c, area, planned, "Picture")
    if cap_h:
        _, pic_y, _, pic_h = xml.box_of(pic)
        top = pic_y + pic_h + GAP
        _caption(ctx, planned, slide, c["caption"], (x, top, w, cap_h))
    ctx.source_line(slide, planned)


# ---- two-column -------------------------------------------------------------------------------
def _pane_boxes(ctx, ratio) -> list[tuple[int, int, int, int]]:
    x, y, w, h = ctx.geometry.body_box
    a, b = ratio
    left_w = round((w - PANE_GAP) * a / (a + b))
    right_w = w - PANE_GAP - left_w
    return [(x, y, left_w, h), (x + left_w + PANE_GAP, y, right_w, h)]


def _pane_paras(pane) -> tuple[list, list[int], bool] | None:
    """(paragraphs, levels, bulleted) of a text pane, or None for a picture or empty pane."""
    if pane.get("bullets"):
        return [t for _, t in pane["bullets"]], [lv for lv, _ in pane["bullets"]], True
    if pane.get("text"):
        return [pane["text"]], [0], False
    return None


def render_two_column(ctx, planned, slide) -> None:
    """Two panes (bullets, text or a picture) with optional headings, texts at one size."""
    c = planned.content
    fill_title(ctx, slide, planned)
    panes = [c["left"], c["right"]]
    boxes = _pane_boxes(ctx, c.get("ratio") or (50, 50))
    bodies = [
        body_placeholder(ctx, slide, planned, idx, box, pane_name(side, "content"))
        for idx, box, side in ((1, boxes[0], LEFT), (2, boxes[1], RIGHT))
    ]
    heading_size = ctx.size("body")
    measurer = ctx.fonts.measurer(ctx.theme.fonts["heading"])
    head_h = max(
        (
            measurer.layout([Para(p["heading"], heading_size, bold=True)], box[2]).height_emu
            for p, box in zip(panes, boxes, strict=True)
            if p.get("heading")
        ),
        default=0,
    )
    cap = min(bh for _, _, _, bh in boxes) // 2
    if head_h > cap:  # a heading as long as a paragraph: keep half of the pane for its content
        ctx.diags.warning(
            f"a pane heading on slide '{planned.id}' is too long for its pane; shorten it",
            planned.pos,
            code=Code.OVERFLOW,
        )
        head_h = cap
    areas = [
        (bx, by + (head_h + GAP if head_h else 0), bw, bh - (head_h + GAP if head_h else 0))
        for bx, by, bw, bh in boxes
    ]
    base = ctx.size("body")
    sizes = []
    for pane, area in zip(panes, areas, strict=True):
        paras = _pane_paras(pane)
        if paras is None:
            continue
        texts, levels, bulleted = paras
        specs = (
            bullet_specs(list(zip(levels, texts, strict=True)))
            if bulleted
            else [Para(t) for t in texts]
        )
        space = base * 0.4 if bulleted else 0.0
        sizes.append(fit(ctx, planned, specs, area, base, space_before=space, what="the pane"))
    size = min(sizes, default=base)  # both panes at one size, so they read as a pair
    side_names = (LEFT, RIGHT)
    for pane, box, area, el, side in zip(panes, boxes, areas, bodies, side_names, strict=True):
        if pane.get("heading"):
            hbox = (box[0], box[1], box[2], head_h)
            head = ctx.text_box(
                slide,
                hbox,
                [pane["heading"]],
                heading_size,
                color="primary",
                name=pane_name(side, "heading"),
                bold=True,
                font="+mj-lt",
                anchor=MSO_ANCHOR.BOTTOM,
            )
            el.addprevious(head)  # reading order: heading, then its pane
        paras = _pane_paras(pane)
        if pane.get("image"):
            pic = place_content_picture(ctx, slide, pane, area, planned, pane_name(side, "picture"))
            el.addprevious(pic)
            el.getparent().remove(el)
        elif paras is None:
            el.getparent().remove(el)
        else:
            xml.set_xfrm(el, [int(v) for v in area])
            xml.c_nv_pr(el).set("name", pane_name(side, "content"))
            _fill_pane(ctx, slide, el, paras, size, base)
    ctx.source_line(slide, planned)


def _fill_pane(ctx, slide, body, paras, size: float, base: float) -> None:
    texts, levels, bulleted = paras
    scale = size / base
    sizes = level_sizes(base, ctx.size("minimum"))
    placeholder = xml.ph_of(body) is not None  # a stand-in text box has no list styles
    ps = xml.paragraphs(xml.text_body(body), len(texts))
    for p, text, level in zip(ps, texts, levels, strict=True):
        xml.set_level(p, level)
        if not bulleted:
            no_bullet(p)
        elif not placeholder:
            bullet_char(p, level)
        pt = sizes[level] * scale
        explicit = pt != sizes[level] or not bulleted or not placeholder
        ctx.write_runs(slide.part, p, text, pt if explicit else None)
        set_paragraph_language(p, ctx.lang)


# ---- table ------------------------------------------------------------------------------------
CELL_MARGINS = (91440, 45720, 91440, 45720)  # python-pptx's (and PowerPoint's) default insets
_NUMBER_RE = re.compile(r"^[-+\u2212]?[£$€]?\s?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?\s?(%|k|m|bn|[KMB])?$")


def _is_number(cell) -> bool:
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        return True
    return isinstance(cell, Text) and bool(_NUMBER_RE.match(cell.plain.strip()))


def format_number(value) -> str:
    """A table number as written: thousands separated from 10,000 up, decimals as given."""
    if isinstance(value, float) and value.is_integer() and abs(value) >= 1e15:
        value = int(value)
    return f"{value:,}" if abs(value) >= 10000 else f"{value}"


def _cell_text(cell) -> Text:
    return cell if isinstance(cell, Text) else Text.of(format_number(cell))


def _table_layout(ctx, planned) -> dict:
    """Font size, column widths and alignment for a table, from its content."""
    c = planned.content
    columns = c["columns"]
    rows = c["rows"]
    width = ctx.geometry.body_box[2]
    measurer = ctx.fonts.measurer(ctx.theme.fonts["body"])
    pad = CELL_MARGINS[0] + CELL_MARGINS[2]
    ncol = len(columns)
    numeric = [
        bool(rows) and all(_is_number(r[i]) or not _cell_text(r[i]) for r in rows)
        for i in range(ncol)
    ]
    start = max(ctx.size("minimum"), ctx.size("body") - 2)
    size = start
    while True:
        natural, least = [], []
        for i in range(ncol):
            cells = [(columns[i], True)] + [(_cell_text(r[i]), False) for r in rows]
            nat = low = 0
            for text, bold in cells:
                plain = text.plain
                nat = max(nat, measurer.text_width(plain, size, bold))
                for word in plain.split():
                    low = max(low, measurer.text_width(word, size, bold))
            natural.append(_room(nat) + pad)
            least.append(_room(low) + pad)
        if sum(least) <= width or size <= ctx.size("minimum"):
            break
        size -= 1
    if sum(least) > width:
        ctx.diags.warning(
            f"the table on slide '{planned.id}' is too wide: words break inside cells even at"
            f" {size:g} pt; use fewer or narrower columns",
            planned.pos,
            code=Code.OVERFLOW,
        )
    widths = _distribute(natural, least, width)
    return {"size": size, "widths": widths, "numeric": numeric}


def _room(text_width: int) -> int:
    """A measured width plus the play a renderer's glyph rounding needs (4% and 1 pt), so a
    column made exactly as wide as its longest word does not break that word after all."""
    return text_width + text_width // 25 + EMU_PER_PT


def _distribute(natural: list[int], least: list[int], width: int) -> list[int]:
    """Column widths adding up to width: natural widths if they fit, else shared by need."""
    total = sum(natural)
    if total <= width:
        # A little air, but a two-column list of short values stays compact.
        target = width if total > 0.6 * width else min(width, max(total * 1.4, width // 2))
        out = [int(n * target // total) for n in natural]
        out[-1] += int(target) - sum(out)
        return out
    elif sum(least) >= width:
        out = [n * width // sum(least) for n in least]
    else:
        spare = width - sum(least)
        want = [n - lo for n, lo in zip(natural, least, strict=True)]
        out = [lo + w * spare // sum(want) for lo, w in zip(least, want, strict=True)]
    out[-1] += width - sum(out)
    return out


def _row_height(ctx, cells: list[Text], widths: list[int], size: float, bold: bool) -> int:
    measurer = ctx.fonts.measurer(ctx.theme.fonts["body"])
    return max(
        measurer.layout([Para(t, size, bold)], w, insets=CELL_MARGINS).height_emu
        for t, w in zip(cells, widths, strict=True)
    )


def _table_heights(ctx, planned, lay) -> tuple[int, list[int]]:
    c = planned.content
    size, widths = lay["size"], lay["widths"]
    head = _row_height(ctx, c["columns"], widths, size, True)
    rows = [_row_height(ctx, [_cell_text(x) for x in r], widths, size, False) for r in c["rows"]]
    return head, rows


def split_table(ctx, planned) -> list:
    """Rows that do not fit under the header continue on "(cont.)" slides, header repeated."""
    c = planned.content
    lay = _table_layout(ctx, planned)
    x, y, w, h = ctx.geometry.body_box
    cap_h = _caption_height(ctx, c.get("caption"), w, h)
    avail = h - (cap_h + GAP if cap_h else 0)
    head, heights = _table_heights(ctx, planned, lay)
    chunks, chunk, used = [], [], head
    for row, rh in zip(c["rows"], heights, strict=True):
        if chunk and used + rh > avail:
            chunks.append(chunk)
            chunk, used = [], head
        chunk.append(row)
        used += rh
        if used > avail:
            ctx.diags.warning(
                f"a row of the table on slide '{planned.id}' does not fit on one slide; shorten it",
                planned.pos,
                code=Code.OVERFLOW,
            )
    chunks.append(chunk)
    if len(chunks) == 1:
        return [_with_layout(planned, lay)]
    parts = continuation_slides(planned, [{"rows": ch, "table_layout": lay} for ch in chunks])
    return parts


def _with_layout(planned, lay):
    import dataclasses

    return dataclasses.replace(planned, content={**planned.content, "table_layout": lay})


def render_table(ctx, planned, slide) -> None:
    """A native table (or this slide's rows of it), numbers right-aligned, with a caption."""
    c = planned.content
    fill_title(ctx, slide, planned)
    lay = c.get("table_layout") or _table_layout(ctx, planned)
    size, widths, numeric = lay["size"], lay["widths"], lay["numeric"]
    head_h, row_hs = _table_heights(ctx, planned, lay)
    x, y, w, h = ctx.geometry.body_box
    columns, rows = c["columns"], c["rows"]
    total_h = head_h + sum(row_hs)
    # The table python-pptx's add_table makes (then named, its widths and heights set), its
    # cells formatted as its table API formats them: the same XML, written directly.
    texts = [columns, *rows]
    formats = []
    for r, cells in enumerate(texts):
        header = r == 0
        fill = (
            MSO_THEME_COLOR.TEXT_2
            if header
            else (MSO_THEME_COLOR.BACKGROUND_2 if r % 2 == 0 else MSO_THEME_COLOR.BACKGROUND_1)
        ).xml_value
        anchor = (MSO_ANCHOR.MIDDLE if header else MSO_ANCHOR.TOP).xml_value
        done = [
            (fill, anchor, _RIGHT if num else _LEFT) for num, _ in zip(numeric, cells, strict=False)
        ]
        formats.append(done + [None] * (len(columns) - len(done)))  # a cell without text: plain
    tree = ctx.shapes(slide)
    frame = xml.table_frame(
        tree.new_id(),
        "Table",
        int(x),
        int(y),
        [int(cw) for cw in widths],
        [int(rh) for rh in (head_h, *row_hs)],
        formats,
    )
    tree.add(frame)
    part = slide.part
    for r, (tr, cells) in enumerate(zip(frame.iter(xml.A_TR), texts, strict=False)):
        header = r == 0
        for p, value in zip(tr.iter(xml.A_P), cells, strict=False):
            ctx.write_runs(
                part,
                p,
                value if header else _cell_text(value),
                size,
                "background" if header else "text",
                bold=header or None,
            )
            set_paragraph_language(p, ctx.lang)
    if c.get("caption"):
        cap_h = _caption_height(ctx, c["caption"], w, h)
        _caption(ctx, planned, slide, c["caption"], (x, y + total_h + GAP, w, cap_h))
    ctx.source_line(slide, planned)


_RIGHT, _LEFT = PP_ALIGN.RIGHT.xml_value, PP_ALIGN.LEFT.xml_value


# ---- chart ------------------------------------------------------------------------------------
def number_format(content) -> str:
    """The Excel number format of a chart's labels and value axis.

    `number_format` if given, else "0", "0.0" or "0.00" from the values' decimals ("#,##0" from
    10,000 up); `unit` is appended in quotes ("%" directly: 74 -> 74%, words after a space),
    or put in front for a currency sign (£, $, €).
    """
    fmt = content.get("number_format")
    if not fmt:
        values = [v for s in content["series"] for v in s["values"] if v is not None]
        decimals = max((_decimals(v) for v in values), default=0)
        big = any(abs(v) >= 10000 for v in values)
        fmt = ("#,##0" if big else "0") + ("." + "0" * decimals if decimals else "")
    unit = (content.get("unit") or "").replace('"', "")
    if not unit:
        return fmt
    if unit in ("£", "$", "€"):
        return f'"{unit}"{fmt}'
    sep = "" if unit in ("%", "‰") or not unit[0].isalnum() else " "
    return f'{fmt}"{sep}{unit}"'


def _decimals(v: float) -> int:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def render_chart(ctx, planned, slide) -> None:
    """A native, editable chart with its data workbook, in theme colours, with a caption.

    The chart part and its workbook are written directly (chart_xml, workbook): the same XML
    python-pptx's chart API gave, without its chart layer or XlsxWriter.
    """
    from ...write import document_date
    from ..chart_part import add_chart
    from ..chart_xml import ChartStyle

    c = planned.content
    fill_title(ctx, slide, planned)
    x, y, w, h = ctx.geometry.body_box
    cap_h = _caption_height(ctx, c.get("caption"), w, h)
    area_h = h - (cap_h + GAP if cap_h else 0)
    fmt = number_format(c)
    style = ChartStyle(fmt, ctx.size("minimum"), ctx.lang)
    alt = c.get("alt") or planned.title.plain
    add_chart(slide, c, style, document_date(ctx.plan), (x, y, w, area_h), alt)
    if cap_h:
        _caption(ctx, planned, slide, c["caption"], (x, y + area_h + GAP, w, cap_h))
    ctx.source_line(slide, planned)


def register(registry) -> None:
    """Register the rich-content layouts."""
    for r in (
        LayoutRenderer("image", "title_only", render_image),
        LayoutRenderer("two-column", "two", render_two_column),
        LayoutRenderer("table", "title_only", render_table, split_table),
        LayoutRenderer("chart", "title_only", render_chart),
    ):
        registry.register(r)
