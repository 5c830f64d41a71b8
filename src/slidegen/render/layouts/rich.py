"""Rich content layouts: image, two-column, table and chart (native, editable objects)."""

from __future__ import annotations

import re

from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Inches, Pt

from ...fitting import bullet_specs
from ...measure import Para
from ...text import Text
from .. import oxml, xml
from ..context import set_paragraph_language
from ..registry import LayoutRenderer
from ..template import level_sizes
from .basic import continuation_slides, fill_title, fit, no_bullet

GAP = int(Inches(0.15))  # between a picture, table or chart and its caption
COLUMN_GAP = int(Inches(0.4))
ACCENTS = [getattr(MSO_THEME_COLOR, f"ACCENT_{i}") for i in range(1, 7)]


# ---- shared: captions and pictures ------------------------------------------------------------
def _caption_size(ctx) -> float:
    return max(ctx.size("caption"), ctx.size("body") - 6)


def _caption_height(ctx, caption: Text | None, width: int) -> int:
    """Height a caption needs under a picture, table or chart (0 without one)."""
    if not caption:
        return 0
    measurer = ctx.fonts.measurer(ctx.theme.fonts["body"])
    return measurer.layout([Para(caption, _caption_size(ctx))], width).height_emu


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
    ctx.text_box(slide, box, [caption], size, color="muted", align=PP_ALIGN.CENTER, name="Caption")


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
            ctx.diags.warning(f"picture: {note}", pos, code="picture")
        ctx.media_cache[key] = img
    return img


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
    cap_h = _caption_height(ctx, c.get("caption"), w)
    area = (x, y, w, h - (cap_h + GAP if cap_h else 0))
    pic = place_picture(
        ctx,
        slide,
        c["image"],
        area,
        c.get("fit") or "contain",
        c.get("alt"),
        bool(c.get("decorative")),
        c.get("image_pos") or planned.pos,
        name="Picture",
    )
    if cap_h:
        _, pic_y, _, pic_h = xml.box_of(pic)
        top = pic_y + pic_h + GAP
        _caption(ctx, planned, slide, c["caption"], (x, top, w, cap_h))
    ctx.source_line(slide, planned)


# ---- two-column -------------------------------------------------------------------------------
def _pane_boxes(ctx, ratio) -> list[tuple[int, int, int, int]]:
    x, y, w, h = ctx.geometry.body_box
    a, b = ratio
    left_w = round((w - COLUMN_GAP) * a / (a + b))
    right_w = w - COLUMN_GAP - left_w
    return [(x, y, left_w, h), (x + left_w + COLUMN_GAP, y, right_w, h)]


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
    bodies = [b for b in (ctx.placeholder(slide, 1), ctx.placeholder(slide, 2)) if b is not None]
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
            code="overflow",
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
    side_names = ("Left", "Right")
    for pane, box, area, el, side in zip(panes, boxes, areas, bodies, side_names, strict=True):
        if pane.get("heading"):
            hbox = (box[0], box[1], box[2], head_h)
            head = ctx.text_box(
                slide,
                hbox,
                [pane["heading"]],
                heading_size,
                color="primary",
                name=f"{side} heading",
                bold=True,
                font="+mj-lt",
                anchor=MSO_ANCHOR.BOTTOM,
            )
            el.addprevious(head)  # reading order: heading, then its pane
        paras = _pane_paras(pane)
        if pane.get("image"):
            pic = place_picture(
                ctx,
                slide,
                pane["image"],
                area,
                pane.get("fit") or "contain",
                pane.get("alt"),
                bool(pane.get("decorative")),
                pane.get("image_pos") or planned.pos,
                name=f"{side} picture",
            )
            el.addprevious(pic)
            el.getparent().remove(el)
        elif paras is None:
            el.getparent().remove(el)
        else:
            xml.set_xfrm(el, [int(v) for v in area])
            xml.c_nv_pr(el).set("name", f"{side} content")
            _fill_pane(ctx, slide, el, paras, size, base)
    ctx.source_line(slide, planned)


def _fill_pane(ctx, slide, body, paras, size: float, base: float) -> None:
    texts, levels, bulleted = paras
    scale = size / base
    sizes = level_sizes(base, ctx.size("minimum"))
    ps = xml.paragraphs(xml.text_body(body), len(texts))
    for p, text, level in zip(ps, texts, levels, strict=True):
        xml.set_level(p, level)
        if not bulleted:
            no_bullet(p)
        pt = sizes[level] * scale
        ctx.write_runs(slide.part, p, text, pt if (pt != sizes[level] or not bulleted) else None)
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
            code="overflow",
        )
    widths = _distribute(natural, least, width)
    return {"size": size, "widths": widths, "numeric": numeric}


def _room(text_width: int) -> int:
    """A measured width plus the play a renderer's glyph rounding needs (4% and 1 pt), so a
    column made exactly as wide as its longest word does not break that word after all."""
    return text_width + text_width // 25 + 12700


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
    cap_h = _caption_height(ctx, c.get("caption"), w)
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
                code="overflow",
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
        cap_h = _caption_height(ctx, c["caption"], w)
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


def _chart_type(content):
    from pptx.enum.chart import XL_CHART_TYPE as T

    kind, stacked = content["type"], content.get("stacked")
    return {
        ("column", False): T.COLUMN_CLUSTERED,
        ("column", True): T.COLUMN_STACKED,
        ("bar", False): T.BAR_CLUSTERED,
        ("bar", True): T.BAR_STACKED,
        ("line", False): T.LINE_MARKERS,
        ("line", True): T.LINE_MARKERS_STACKED,
        ("pie", False): T.PIE,
        ("pie", True): T.PIE,
        ("doughnut", False): T.DOUGHNUT,
        ("doughnut", True): T.DOUGHNUT,
    }[(kind, bool(stacked))]


def _chart_data(ctx, content, fmt: str):
    """CategoryChartData whose embedded workbook carries the deck's date, not the clock."""
    from pptx.chart.data import CategoryChartData
    from pptx.chart.xlsx import CategoryWorkbookWriter

    from ...write import document_date

    created = document_date(ctx.plan).replace(tzinfo=None)

    class _Writer(CategoryWorkbookWriter):
        def _populate_worksheet(self, workbook, worksheet):
            workbook.set_properties({"created": created})
            super()._populate_worksheet(workbook, worksheet)

    class _Data(CategoryChartData):
        @property
        def _workbook_writer(self):
            return _Writer(self)

    data = _Data(number_format=fmt)
    data.categories = content["categories"]
    for s in content["series"]:
        data.add_series(s["name"] or "", s["values"])
    return data


def render_chart(ctx, planned, slide) -> None:
    """A native, editable chart with its data workbook, in theme colours, with a caption."""
    from pptx.enum.chart import XL_LABEL_POSITION, XL_LEGEND_POSITION

    c = planned.content
    fill_title(ctx, slide, planned)
    x, y, w, h = ctx.geometry.body_box
    cap_h = _caption_height(ctx, c.get("caption"), w)
    area_h = h - (cap_h + GAP if cap_h else 0)
    fmt = number_format(c)
    frame = slide.shapes.add_chart(
        _chart_type(c), Emu(x), Emu(y), Emu(w), Emu(area_h), _chart_data(ctx, c, fmt)
    )
    frame.name = "Chart"
    c_nv_pr = frame._element.find(qn("p:nvGraphicFramePr")).find(qn("p:cNvPr"))
    alt = c.get("alt") or planned.title.plain
    c_nv_pr.set("descr", alt)
    chart = frame.chart
    text_size = ctx.size("minimum")
    chart.font.size = Pt(text_size)
    chart.font.color.theme_color = MSO_THEME_COLOR.TEXT_1
    kind = c["type"]
    round_chart = kind in ("pie", "doughnut")
    single = len(c["series"]) == 1
    plot = chart.plots[0]
    if single and not round_chart and c["series"][0]["name"]:
        chart.has_title = True  # one series: its name says what the bars measure
        tf = chart.chart_title.text_frame
        tf.text = c["series"][0]["name"]
        run = tf.paragraphs[0].runs[0]
        run.font.size = Pt(text_size)
        run.font.bold = False
        run.font.color.theme_color = MSO_THEME_COLOR.ACCENT_4
    else:
        chart.has_title = False
    if round_chart:
        plot.vary_by_categories = True
        for i, point in enumerate(plot.series[0].points):
            fill = point.format.fill
            fill.solid()
            fill.fore_color.theme_color = ACCENTS[i % len(ACCENTS)]
            point.format.line.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
    else:
        plot.vary_by_categories = False
        for i, series in enumerate(plot.series):
            color = ACCENTS[i % len(ACCENTS)]
            if kind == "line":
                series.format.line.color.theme_color = color
                series.format.line.width = Pt(2.5)
                series.smooth = False
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.theme_color = color
                series.marker.format.line.color.theme_color = color
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.theme_color = color
        if kind in ("bar", "column"):
            plot.gap_width = 60
            if c.get("stacked"):
                plot.overlap = 100
        _style_axes(chart, kind, fmt)
        values = [v for s in c["series"] for v in s["values"] if v is not None]
        if kind in ("bar", "column") and values and min(values) >= 0:
            chart.value_axis.minimum_scale = 0  # bars cut off above zero exaggerate differences
    if c.get("data_labels", True):
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = fmt
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.font.size = Pt(text_size)
        if round_chart:
            labels.show_percentage = False
            labels.show_category_name = False
            if kind == "pie":  # a doughnut's labels take no position (PowerPoint rejects one)
                labels.position = XL_LABEL_POSITION.BEST_FIT
            labels.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
            labels.font.bold = True
        elif kind in ("bar", "column"):
            stacked = bool(c.get("stacked"))
            labels.position = XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
            if stacked:
                labels.font.color.theme_color = MSO_THEME_COLOR.BACKGROUND_1
        else:
            labels.position = XL_LABEL_POSITION.ABOVE
            if len(c["series"]) == 2:  # the lower line's labels go below it: no overprinting
                _line_labels_apart(plot, c["series"], fmt, text_size)
    legend = c.get("legend")
    if legend is None:
        legend = not single or round_chart
    chart.has_legend = bool(legend)
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(text_size)
    _chart_language(chart, ctx.lang)
    if cap_h:
        _caption(ctx, planned, slide, c["caption"], (x, y + area_h + GAP, w, cap_h))
    ctx.source_line(slide, planned)


def _chart_language(chart, lang: str) -> None:
    """The deck language on every text property of the chart (title, labels, axes, legend),
    so PowerPoint spell-checks them in it like the rest of the deck."""
    space = chart._chartSpace
    for tag in (qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")):
        for el in space.iter(tag):
            el.set("lang", lang)


def _line_labels_apart(plot, series, fmt: str, text_size: float) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION

    for pptx_series in plot.series:  # a series with its own labels ignores the plot's
        own = pptx_series.data_labels
        own.show_value = True
        own.number_format = fmt
        own.number_format_is_linked = False
        own.position = XL_LABEL_POSITION.ABOVE
        own.font.size = Pt(text_size)
    first, second = (s["values"] for s in series)
    for j, (a, b) in enumerate(zip(first, second, strict=True)):
        if a is None or b is None:
            continue
        lower = 0 if a < b else 1
        label = plot.series[lower].points[j].data_label
        label.position = XL_LABEL_POSITION.BELOW
        label.font.size = Pt(text_size)
        d_lbl = label._dLbl  # python-pptx's point label: showVal on, no number format yet
        num_fmt = d_lbl.makeelement(qn("c:numFmt"), {"formatCode": fmt, "sourceLinked": "0"})
        d_lbl.find(qn("c:spPr")).addprevious(num_fmt)


def _style_axes(chart, kind: str, fmt: str) -> None:
    from pptx.enum.chart import XL_AXIS_CROSSES, XL_TICK_LABEL_POSITION

    value_axis = chart.value_axis
    value_axis.tick_labels.number_format = fmt
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.has_major_gridlines = True
    grid = value_axis.major_gridlines.format.line
    grid.color.theme_color = MSO_THEME_COLOR.BACKGROUND_2
    grid.width = Pt(0.75)
    value_axis.format.line.fill.background()
    cat = chart.category_axis
    cat.tick_label_position = XL_TICK_LABEL_POSITION.LOW
    cat.format.line.color.theme_color = MSO_THEME_COLOR.ACCENT_4
    if kind == "bar":
        cat.reverse_order = True  # first category at the top, as it is read
        # c:crosses on the value axis: it meets the (reversed) category axis at its far end,
        # which keeps it at the bottom. python-pptx offers `crosses` on value axes only.
        val_ax = value_axis._element
        val_ax._remove_crosses()
        val_ax._remove_crossesAt()
        val_ax._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)


def register(registry) -> None:
    """Register the rich-content layouts."""
    for r in (
        LayoutRenderer("image", "title_only", render_image),
        LayoutRenderer("two-column", "two", render_two_column),
        LayoutRenderer("table", "title_only", render_table, split_table),
        LayoutRenderer("chart", "title_only", render_chart),
    ):
        registry.register(r)
