"""Placing the rich-content layouts: image, two-column, table and chart."""

from __future__ import annotations

import dataclasses
import re

from ..codes import Code
from ..conventions import CAPTION, LEFT, RIGHT, pane_name
from ..ooxml import EMU_PER_PT
from ..plan import Picture
from ..text import Text
from .context import SlideDraft, level_sizes
from .fit import bullet_specs
from .geometry import Box, inches
from .measure import Para
from .model import ChartShape, Fill, Paragraph, PictureShape, Remove, TableCell, TableShape
from .text_layouts import continuation_slides

GAP = inches(0.15)  # between a picture, table or chart and its caption


# ---- shared: captions and pictures ------------------------------------------------------------
def _caption_size(ctx) -> float:
    return max(ctx.size("caption"), ctx.size("body") - 6)


def caption_height(ctx, caption: Text | None, width: int, body_height: int) -> int:
    """Height of the caption under a picture, table or chart (0 without one): what its text
    needs, up to a third of the body area. A longer caption is shrunk to the theme's minimum
    size in that box and reported as overflowing; the picture, table or chart keeps the
    rest (a 400-word caption once left it a negative height)."""
    if not caption:
        return 0
    needed = ctx.measurer().layout([Para(caption, _caption_size(ctx))], width).height_emu
    return min(needed, body_height // 3)


def _caption(d: SlideDraft, caption: Text | None, box: Box, align: str = "l") -> None:
    if not caption:
        return
    ctx = d.ctx
    size = d.fit(
        [Para(caption)],
        box,
        _caption_size(ctx),
        minimum=ctx.size("caption"),
        what="the caption",
        body=False,
    )
    d.text_box(box, [caption], size, CAPTION, color="muted", align=align)


def image_size(ctx, path, pos) -> tuple[int, int]:
    """A picture's size in pixels (as shown: EXIF orientation applied), read once a build."""
    from ..cache import file_value
    from .media import image_size as read_size

    size = ctx.image_sizes.get(path)
    if size is None:
        size = file_value(ctx.cache, "size", path, None, lambda: read_size(path, pos))
        ctx.image_sizes[path] = size
    return size


def place_picture(d: SlideDraft, picture: Picture, box: Box, name: str, before=None):
    """The picture a slide or pane describes, inside `box`: `contain` (whole, centred) or
    `cover` (filling the box, cropped)."""
    from .media import fit_contain, fit_cover, px_for_emu

    pos = picture.image_pos or d.planned.pos
    w_px, h_px = image_size(d.ctx, picture.image, pos)
    fit_mode = picture.fit or "contain"
    if fit_mode == "cover":
        crop = fit_cover(w_px, h_px, box)
        shown_w = round(box[2] / max(1e-6, 1 - crop[0] - crop[2]))
        target_px = px_for_emu(shown_w)
    else:
        box = fit_contain(w_px, h_px, box)
        target_px = px_for_emu(box[2])
    shape = PictureShape(
        picture.image,
        pos,
        tuple(int(v) for v in box),
        fit_mode,
        target_px,
        picture.alt,
        bool(picture.decorative),
        name,
        before,
    )
    d.add(shape)
    return shape


# ---- image ------------------------------------------------------------------------------------
def place_image(d: SlideDraft) -> None:
    """A picture filling the body area (contain or cover), with an optional caption."""
    c = d.planned.content
    d.title()
    x, y, w, h = d.area()
    cap_h = caption_height(d.ctx, c.caption, w, h)
    area = (x, y, w, h - (cap_h + GAP if cap_h else 0))
    pic = place_picture(d, c, area, "Picture")
    if cap_h:  # under the picture, from its left edge, as under a table or chart
        pic_x, pic_y, _, pic_h = pic.box
        _caption(d, c.caption, (pic_x, pic_y + pic_h + GAP, x + w - pic_x, cap_h), align="l")
    d.source_line()


# ---- two-column -------------------------------------------------------------------------------
def _pane_boxes(box: Box, ratio, gap: int) -> list[Box]:
    x, y, w, h = box
    a, b = ratio
    left_w = round((w - gap) * a / (a + b))
    right_w = w - gap - left_w
    return [(x, y, left_w, h), (x + left_w + gap, y, right_w, h)]


def _pane_paras(pane) -> tuple[list, list[int], bool] | None:
    """(paragraphs, levels, bulleted) of a text pane, or None for a picture or empty pane."""
    if pane.bullets:
        return [t for _, t in pane.bullets], [lv for lv, _ in pane.bullets], True
    if pane.text:
        return [pane.text], [0], False
    return None


def place_two_column(d: SlideDraft) -> None:
    """Two panes (bullets, text or a picture) with optional headings, texts at one size."""
    ctx = d.ctx
    c = d.planned.content
    d.title()
    panes = [c.left, c.right]
    boxes = _pane_boxes(d.area(), c.ratio or (50, 50), ctx.geometry.gutter)
    standins = [
        not d.body(idx, box, pane_name(side, "content"))[1]
        for idx, box, side in ((1, boxes[0], LEFT), (2, boxes[1], RIGHT))
    ]
    heading_size = ctx.size("body")
    measurer = ctx.measurer("heading")
    head_h = max(
        (
            measurer.layout([Para(p.heading, heading_size, bold=True)], box[2]).height_emu
            for p, box in zip(panes, boxes, strict=True)
            if p.heading
        ),
        default=0,
    )
    cap = min(bh for _, _, _, bh in boxes) // 2
    if head_h > cap:  # a heading as long as a paragraph: keep half of the pane for its content
        ctx.diags.warning(
            f"a pane heading on slide '{d.planned.id}' is too long for its pane; shorten it",
            d.planned.pos,
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
        sizes.append(d.fit(specs, area, base, space_before=space, what="the pane"))
    size = min(sizes, default=base)  # both panes at one size, so they read as a pair
    for idx, (pane, box, area, standin, side) in enumerate(
        zip(panes, boxes, areas, standins, (LEFT, RIGHT), strict=True), 1
    ):
        if pane.heading:
            d.text_box(
                (box[0], box[1], box[2], head_h),
                [pane.heading],
                heading_size,
                pane_name(side, "heading"),
                color="primary",
                bold=True,
                font="+mj-lt",
                anchor="b",
                before=idx,  # reading order: heading, then its pane
            )
        paras = _pane_paras(pane)
        if pane.image:
            place_picture(d, pane, area, pane_name(side, "picture"), before=idx)
            d.add(Remove(idx))
        elif paras is None:
            d.add(Remove(idx))
        else:
            d.add(
                Fill(
                    idx,
                    _pane_paragraphs(ctx, paras, size, base, not standin),
                    tuple(int(v) for v in area),
                    pane_name(side, "content"),
                )
            )
    d.source_line()


def _pane_paragraphs(ctx, paras, size: float, base: float, placeholder: bool) -> tuple:
    texts, levels, bulleted = paras
    scale = size / base
    sizes = level_sizes(base, ctx.size("minimum"))
    out = []
    for text, level in zip(texts, levels, strict=True):
        bullet = "none" if not bulleted else (None if placeholder else "char")
        pt = sizes[level] * scale
        explicit = pt != sizes[level] or not bulleted or not placeholder
        out.append(Paragraph(text, pt if explicit else None, level, bullet))
    return tuple(out)


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


def cell_text(cell) -> Text:
    return cell if isinstance(cell, Text) else Text.of(format_number(cell))


@dataclasses.dataclass(frozen=True)
class TableLayout:
    """A table's font size, column widths and which columns are numeric (right-aligned)."""

    size: float
    widths: tuple[int, ...]
    numeric: tuple[bool, ...]


def table_layout(ctx, planned) -> TableLayout:
    """Font size, column widths and alignment for a table, from its content."""
    c = planned.content
    columns = c.columns
    rows = c.rows
    width = ctx.geometry.body_box[2]
    measurer = ctx.measurer()
    pad = CELL_MARGINS[0] + CELL_MARGINS[2]
    ncol = len(columns)
    numeric = tuple(
        bool(rows) and all(_is_number(r[i]) or not cell_text(r[i]) for r in rows)
        for i in range(ncol)
    )
    start = max(ctx.size("minimum"), ctx.size("body") - 2)
    size = start
    while True:
        natural, least = [], []
        for i in range(ncol):
            cells = [(columns[i], True)] + [(cell_text(r[i]), False) for r in rows]
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
    return TableLayout(size, tuple(_distribute(natural, least, width)), numeric)


def _room(text_width: int) -> int:
    """A measured width plus the play a renderer's glyph rounding needs (4% and 1 pt), so a
    column made exactly as wide as its longest word does not break that word after all."""
    return text_width + text_width // 25 + EMU_PER_PT


def _distribute(natural: list[int], least: list[int], width: int) -> list[int]:
    """Column widths adding up to width: natural widths if they fit, else shared by need."""
    total = sum(natural)
    if total <= width:  # the content width, shared in proportion to what each column needs
        out = [int(n * width // total) for n in natural]
        out[-1] += width - sum(out)
        return out
    elif sum(least) >= width:
        out = [n * width // sum(least) for n in least]
    else:
        spare = width - sum(least)
        want = [n - lo for n, lo in zip(natural, least, strict=True)]
        out = [lo + w * spare // sum(want) for lo, w in zip(least, want, strict=True)]
    out[-1] += width - sum(out)
    return out


def _row_height(ctx, cells: list[Text], widths, size: float, bold: bool) -> int:
    measurer = ctx.measurer()
    return max(
        measurer.layout([Para(t, size, bold)], w, insets=CELL_MARGINS).height_emu
        for t, w in zip(cells, widths, strict=True)
    )


def _table_heights(ctx, content, lay: TableLayout) -> tuple[int, list[int]]:
    head = _row_height(ctx, content.columns, lay.widths, lay.size, True)
    rows = [
        _row_height(ctx, [cell_text(x) for x in r], lay.widths, lay.size, False)
        for r in content.rows
    ]
    return head, rows


def split_table(ctx, planned) -> list[tuple]:
    """Rows that do not fit under the header continue on "(cont.)" slides, header repeated.
    Returns (part, its TableLayout) pairs; every part has the whole table's columns."""
    c = planned.content
    lay = table_layout(ctx, planned)
    x, y, w, h = ctx.content_box(planned)
    cap_h = caption_height(ctx, c.caption, w, h)
    avail = h - (cap_h + GAP if cap_h else 0)
    head, heights = _table_heights(ctx, c, lay)
    chunks, chunk, used = [], [], head
    for row, rh in zip(c.rows, heights, strict=True):
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
        return [(planned, lay)]
    parts = continuation_slides(planned, [dataclasses.replace(c, rows=tuple(ch)) for ch in chunks])
    return [(part, lay) for part in parts]


def place_table(d: SlideDraft, lay: TableLayout) -> None:
    """A native table (or this slide's rows of it), numbers right-aligned, with a caption."""
    ctx = d.ctx
    c = d.planned.content
    d.title()
    head_h, row_hs = _table_heights(ctx, c, lay)
    x, y, w, h = d.area()
    total_h = head_h + sum(row_hs)
    rows, texts = [], []
    for r, cells in enumerate([c.columns, *c.rows]):
        header = r == 0
        fill = "tx2" if header else ("bg2" if r % 2 == 0 else "bg1")
        anchor = "ctr" if header else "t"
        shown = tuple(cells if header else (cell_text(v) for v in cells))
        texts.append(shown)
        done = tuple(
            TableCell(fill, anchor, "r" if num else "l")
            for num, _ in zip(lay.numeric, shown, strict=False)
        )
        rows.append(done + (None,) * (len(c.columns) - len(done)))  # a cell without text: plain
    d.add(
        TableShape(
            int(x),
            int(y),
            tuple(int(cw) for cw in lay.widths),
            tuple(int(rh) for rh in (head_h, *row_hs)),
            tuple(rows),
            tuple(texts),
            lay.size,
        )
    )
    if c.caption:
        cap_h = caption_height(ctx, c.caption, w, h)
        _caption(d, c.caption, (x, y + total_h + GAP, w, cap_h), align="l")  # the table's edge
    d.source_line()


# ---- chart ------------------------------------------------------------------------------------
def number_format(content) -> str:
    """The Excel number format of a chart's labels and value axis.

    `number_format` if given, else "0", "0.0" or "0.00" from the values' decimals ("#,##0" from
    10,000 up); `unit` is appended in quotes ("%" directly: 74 -> 74%, words after a space),
    or put in front for a currency sign (£, $, €).
    """
    fmt = content.number_format
    if not fmt:
        values = [v for s in content.series for v in s.values if v is not None]
        decimals = max((_decimals(v) for v in values), default=0)
        big = any(abs(v) >= 10000 for v in values)
        fmt = ("#,##0" if big else "0") + ("." + "0" * decimals if decimals else "")
    unit = (content.unit or "").replace('"', "")
    if not unit:
        return fmt
    if unit in ("£", "$", "€"):
        return f'"{unit}"{fmt}'
    sep = "" if unit in ("%", "‰") or not unit[0].isalnum() else " "
    return f'{fmt}"{sep}{unit}"'


def axis_format(fmt: str, content) -> str | None:
    """The value axis's format: the labels' without decimals once the values reach 10 (the
    axis steps are then whole numbers: "20%", not "20.0%"); None when it is the same."""
    values = [abs(v) for s in content.series for v in s.values if v is not None]
    if not values or max(values) < 10:
        return None
    plain = re.sub(r"0\.0+", "0", fmt)
    return plain if plain != fmt else None


def category_rotation(ctx, content, width: int, size: float) -> int:
    """-45 (degrees) when a column or line chart's category labels would run into each other
    side by side (a word wider than a category's share of the plot, or a label needing more
    than two lines), else 0. Bar charts list their categories down the side."""
    if content.type not in ("column", "line") or not content.categories:
        return 0
    slot = int(width * 0.85) // len(content.categories)
    measurer = ctx.measurer()
    for label in content.categories:
        label = label or ""
        widest = max((measurer.text_width(w, size) for w in label.split()), default=0)
        if widest > slot or measurer.text_width(label, size) > 2 * slot:
            return -45
    return 0


def _decimals(v: float) -> int:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return len(text.split(".")[1]) if "." in text else 0


def place_chart(d: SlideDraft) -> None:
    """A native, editable chart with its data workbook, with a caption."""
    ctx = d.ctx
    c = d.planned.content
    d.title()
    x, y, w, h = d.area()
    cap_h = caption_height(ctx, c.caption, w, h)
    area_h = h - (cap_h + GAP if cap_h else 0)
    alt = c.alt or d.planned.title.plain
    fmt = number_format(c)
    label_size = ctx.size("minimum")
    d.add(
        ChartShape(
            c,
            (x, y, w, area_h),
            fmt,
            label_size,
            alt,
            axis_format(fmt, c),
            category_rotation(ctx, c, w, label_size),
        )
    )
    if cap_h:
        _caption(d, c.caption, (x, y + area_h + GAP, w, cap_h), align="l")
    d.source_line()
