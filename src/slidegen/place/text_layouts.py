"""Placing the text layouts: title, agenda, section, bullets, statement, quote, stat,
references, closing."""

from __future__ import annotations

import dataclasses

from ..conventions import (
    ATTRIBUTION,
    PRESENTER,
    QUOTE,
    STATEMENT,
    figure_name,
    label_name,
    number_prefix,
    part_id,
    part_suffix,
)
from ..ooxml import EMU_PER_PT
from ..plan import PlannedSlide
from ..text import Run, Text
from .context import SlideDraft, level_sizes
from .fit import INDENT, bullet_specs, chunk_bullets, unbroken_start
from .geometry import inches
from .measure import Para
from .model import Fill, Paragraph, Remove


# ---- title ---------------------------------------------------------------------------------
def place_title(d: SlideDraft) -> None:
    """The title slide: deck title, subtitle, then presenter, organisation and date."""
    ctx, planned = d.ctx, d.planned
    plan = ctx.plan
    geo = ctx.geometry
    d.cover_title("the title")
    subtitle = planned.content.subtitle or (Text.of(plan.subtitle) if plan.subtitle else None)
    if d.has(1):
        if subtitle:
            d.add(Fill(1, (Paragraph(subtitle, ctx.size("heading") * 0.8),)))
        else:
            d.add(Remove(1))
    lines = []
    p = plan.presenter
    if p:
        lines.append(Text((Run(p.name, bold=True),)))
        lines += [Text.of(x) for x in (p.role, p.email) if x]
    tail = [x for x in (plan.organisation, long_date(plan.date)) if x]
    if tail:
        lines.append(Text.of(" · ".join(tail)))
    if lines:
        top = int(geo.height * 0.69)
        box = (geo.margin, top, geo.width - 2 * geo.margin, geo.height - top - inches(0.3))
        size = d.fit(
            lines,
            box,
            ctx.size("caption") + 4,
            minimum=ctx.size("caption"),
            what="the presenter details",
            body=False,
        )
        d.text_box(box, lines, size, PRESENTER, color="background")


def long_date(d) -> str | None:
    """A date as the title slide writes it: "7 December 2026"."""
    return f"{d.day} {d:%B %Y}" if d else None


# ---- agenda --------------------------------------------------------------------------------
def place_agenda(d: SlideDraft) -> None:
    """The agenda: a line per section (numbered), subtitles below, the highlighted one in accent."""
    ctx = d.ctx
    d.title()
    box, _ = d.body()
    paras, levels, styles = [], [], []
    for item in d.planned.content.items:
        head = Text.of(number_prefix(item.number)) + item.title if item.number else item.title
        paras.append(head)
        levels.append(0)
        styles.append(item.highlight)
        if item.subtitle:
            paras.append(item.subtitle)
            levels.append(1)
            styles.append(item.highlight)
    any_highlight = any(styles)
    specs = [Para(t, None, lv == 0, INDENT * lv) for t, lv in zip(paras, levels, strict=False)]
    size = d.fit(
        specs, box, ctx.size("body"), space_before=ctx.size("body") * 0.4, what="the agenda"
    )
    out = []
    for text, level, hl in zip(paras, levels, styles, strict=True):
        color = None
        if any_highlight:
            color = "accent" if hl else "muted"
        out.append(
            Paragraph(
                text,
                int(size * EMU_PER_PT) / EMU_PER_PT if level == 0 else size * 0.85,
                level,
                "none",
                color,
                bold=(level == 0 and (hl or not any_highlight)) or None,
            )
        )
    d.add(Fill(1, tuple(out)))


# ---- section divider -------------------------------------------------------------------------
def place_section(d: SlideDraft) -> None:
    """A section divider: the section's title and subtitle on the dark section layout."""
    d.cover_title("the section title")
    subtitle = d.planned.content.subtitle
    if subtitle:
        d.body()
        d.add(Fill(1, (Paragraph(subtitle, d.ctx.size("body")),)))
    elif d.has(1):
        d.add(Remove(1))


# ---- bullets ---------------------------------------------------------------------------------
def split_bullets(ctx, planned: PlannedSlide) -> list[tuple]:
    """Continue a list that does not fit even at the minimum size onto "(cont.)" slides."""
    chunks = chunk_bullets(
        ctx.measurer(), planned.content.bullets, ctx.content_box(planned), ctx.size("minimum")
    )
    if len(chunks) == 1:
        return [(planned, None)]
    parts = continuation_slides(
        planned, [dataclasses.replace(planned.content, bullets=tuple(c)) for c in chunks]
    )
    return [(part, None) for part in parts]


def continuation_slides(planned: PlannedSlide, contents: list, numbered: bool = False) -> list:
    """One slide per content chunk: the first is `planned`, the rest are titled "(cont.)" (or
    "(2)", "(3)"... when `numbered`), with ids "<id>--2"... and no speaker notes."""
    out = []
    for i, content in enumerate(contents):
        suffix = part_suffix(i + 1, numbered)
        title = planned.title if i == 0 else planned.title + Text.of(suffix)
        out.append(
            dataclasses.replace(
                planned,
                id=planned.id if i == 0 else part_id(planned.id, i + 1),
                title=title,
                content=content,
                part=i + 1,
                notes=planned.notes if i == 0 else [],
            )
        )
    return out


def place_bullets(d: SlideDraft) -> None:
    """A bullet list in the body placeholder, shrunk together to fit, and its source line."""
    ctx = d.ctx
    d.title()
    bullets = d.planned.content.bullets
    if not bullets:
        if d.has(1):
            d.add(Remove(1))
        d.source_line()
        return
    frame, placeholder = d.body(box=d.area())
    box = d.area(frame)
    base = ctx.size("body")
    size = d.fit(bullet_specs(bullets), box, base, space_before=base * 0.4, what="the bullet list")
    scale = size / base
    sizes = level_sizes(base, ctx.size("minimum"))
    d.add(
        Fill(
            1,
            tuple(
                Paragraph(
                    text,
                    sizes[level] * scale if scale != 1 else None,
                    level,
                    None if placeholder else "char",
                )
                for level, text in bullets
            ),
            box if box != frame else None,  # the placeholder ended above the source line
        )
    )
    d.source_line()


# ---- statement and quote -----------------------------------------------------------------------
def _big_text(d: SlideDraft, quote: bool) -> None:
    ctx = d.ctx
    c = d.planned.content
    text, attribution = c.text, c.attribution
    d.title()
    x, y, w, h = d.area()
    attr_h = inches(0.7) if attribution else 0
    box = (x + inches(0.4), y, w - inches(0.8), h - attr_h)
    shown = Text.of("\u201c") + text + Text.of("\u201d") if quote else text
    size = d.fit(
        [Para(shown, italic=quote)],
        box,
        ctx.size("heading"),
        what="the statement" if not quote else "the quotation",
    )
    d.text_box(
        box,
        [shown],
        size,
        QUOTE if quote else STATEMENT,
        color="primary",
        anchor="ctr",
        italic=quote or None,
    )
    if attribution:
        abox = (box[0], y + h - attr_h, box[2], attr_h)
        att = Text.of("\u2014 ") + attribution
        asize = d.fit([Para(att)], abox, ctx.size("body"), what="the attribution", body=False)
        d.text_box(abox, [att], asize, ATTRIBUTION, color="muted", align="r")
    d.source_line()


def place_statement(d: SlideDraft) -> None:
    """One large statement, with an optional attribution."""
    _big_text(d, quote=False)


def place_quote(d: SlideDraft) -> None:
    """A quotation in quotation marks and italics, with an optional attribution."""
    _big_text(d, quote=True)


# ---- stat --------------------------------------------------------------------------------------
def place_stat(d: SlideDraft) -> None:
    """One to four large figures with their labels, side by side, at one size."""
    ctx = d.ctx
    d.title()
    stats = d.planned.content.stats
    x, y, w, h = d.area()
    n = len(stats)
    gap = inches(0.4)
    col_w = (w - gap * (n - 1)) // n
    value_h = int(h * 0.45)
    big = min(ctx.size("title") * 2.4, 96 if n == 1 else 72 if n == 2 else 54)
    values = [s.value for s in stats]
    heading = ctx.measurer("heading")
    minimum = ctx.size("minimum")
    sizes = [
        d.fit(
            [Para(v, bold=True)],
            (0, 0, col_w, value_h),
            unbroken_start(heading, v, col_w, big, minimum, bold=True),
            font="heading",
            what="the figure",
            body=False,
        )
        for v in values
    ]
    vsize = min(sizes)
    labels = [s.label for s in stats]
    label_sizes = [
        d.fit([Para(lb)], (0, 0, col_w, h - value_h), ctx.size("body"), what="the label")
        for lb in labels
        if lb
    ]
    lsize = min(label_sizes) if label_sizes else ctx.size("body")
    align = "ctr" if n > 1 else "l"
    # Figures and labels were fitted in their full areas; the group they make is then centred
    # in the content area, so short labels don't leave the figures stranded at the top.
    body = ctx.measurer("body")
    value_used = max(heading.layout([Para(v, vsize, True)], col_w).height_emu for v in values)
    label_used = max(
        (body.layout([Para(lb, lsize)], col_w).height_emu for lb in labels if lb), default=0
    )
    value_used = min(value_used, value_h)
    label_used = min(label_used, h - value_h)
    top = y + (h - value_used - label_used) // 2
    for i, stat in enumerate(stats):
        cx = x + i * (col_w + gap)
        d.text_box(
            (cx, top, col_w, value_used),
            [stat.value],
            vsize,
            figure_name(i + 1),
            color="accent",
            align=align,
            anchor="b",
            bold=True,
            font="+mj-lt",
        )
        if stat.label:
            label_top = top + value_used
            d.text_box(
                (cx, label_top, col_w, y + h - label_top),
                [stat.label],
                lsize,
                label_name(i + 1),
                align=align,
            )
    d.source_line()


# ---- references ----------------------------------------------------------------------------------
def reference_entries(ctx, planned) -> list[Text]:
    """The formatted reference list: the works cited (or every reference, with `all`), sorted."""
    from ..resolve.references.styles import format_entry, sort_references

    plan = ctx.plan
    style = plan.citation_style
    ids = list(plan.references) if planned.content.all else plan.cited
    listed = [plan.references[i] for i in ids]
    # the suffixes the citations in the slides were given, so list and citations agree
    return [format_entry(r, style, plan.year_suffixes) for r in sort_references(listed, style)]


def reference_size(ctx) -> float:
    return max(ctx.size("minimum"), min(ctx.size("body") - 4, 18))


def split_references(ctx, planned: PlannedSlide) -> list[tuple[PlannedSlide, list[Text]]]:
    """The reference list in slide-sized parts: "References", "References (2)"..., each with
    its entries."""
    entries = reference_entries(ctx, planned)
    box = ctx.geometry.body_box
    measurer = ctx.measurer()
    size = reference_size(ctx)
    spc = size * 0.5
    chunks, chunk = [], []
    for e in entries:
        trial = chunk + [e]
        height = measurer.layout(
            [Para(t, size, False, 0) for t in trial], box[2], space_before_pt=spc
        ).height_emu
        if chunk and height > box[3]:
            chunks.append(chunk)
            chunk = [e]
        else:
            chunk = trial
    chunks.append(chunk)
    parts = continuation_slides(planned, [planned.content] * len(chunks), numbered=True)
    return list(zip(parts, chunks, strict=True))


def place_references(d: SlideDraft, entries: list[Text]) -> None:
    """The reference list (or this slide's part of it) with hanging indents."""
    d.title()
    if not entries:
        if d.has(1):
            d.add(Remove(1))
        return
    d.body()
    size = reference_size(d.ctx)
    d.add(Fill(1, tuple(Paragraph(e, size, bullet="hanging") for e in entries)))


# ---- closing -------------------------------------------------------------------------------------
def place_closing(d: SlideDraft) -> None:
    """The closing slide: its text, then the presenter's contact details and organisation."""
    ctx = d.ctx
    d.add(Fill(0, (Paragraph(d.planned.title, ctx.size("title")),)))
    lines = []
    if d.planned.content.text:
        lines.append(d.planned.content.text)
    p = ctx.plan.presenter
    if p:
        lines.append(Text((Run(p.name, bold=True),)))
        lines += [Text.of(x) for x in (p.role,) if x]
        if p.email:
            lines.append(Text((Run(p.email, url=f"mailto:{p.email}"),)))
        lines += [Text.of(x) for x in (p.phone, p.url) if x]
    if ctx.plan.organisation:
        lines.append(Text.of(ctx.plan.organisation))
    if not lines:
        if d.has(1):
            d.add(Remove(1))
        return
    frame, _ = d.body(box=d.area())
    box = d.area(frame)
    size = d.fit(lines, box, ctx.size("body"), what="the closing text")
    paragraphs = tuple(Paragraph(t, size, bullet="none-after") for t in lines)
    d.add(Fill(1, paragraphs, box if box != frame else None))
    d.source_line()
