"""Placing the text layouts: title, agenda, section, bullets, statement, quote, stat,
references, closing."""

from __future__ import annotations

import dataclasses

from ..colors import relative_luminance
from ..conventions import (
    ATTRIBUTION,
    PRESENTER,
    QUOTE,
    STATEMENT,
    figure_name,
    label_name,
    long_date,
    number_prefix,
    part_id,
    part_suffix,
)
from ..links import mail_link
from ..ooxml import EMU_PER_PT
from ..plan import PlannedSlide
from ..text import Run, Text
from .context import SlideDraft, level_sizes
from .fit import (
    INDENT,
    balanced_width,
    bullet_specs,
    chunk_bullets,
    pack_evenly,
    unbroken_start,
)
from .geometry import inches
from .measure import Para
from .model import Fill, Paragraph, Remove, RuleShape, SlideFill


# ---- title ---------------------------------------------------------------------------------
def place_title(d: SlideDraft) -> None:
    """The title slide: deck title, subtitle, then presenter, organisation and date."""
    ctx, planned = d.ctx, d.planned
    plan = ctx.plan
    geo = ctx.geometry
    subtitle = planned.content.subtitle or (Text.of(plan.subtitle) if plan.subtitle else None)
    slide = None
    if ctx.frames.template:  # a template's title slide: in the column its placeholders give
        from .template_space import title_slide

        slide = title_slide(ctx.frames, d.layout, lambda w: _subtitle_height(d, subtitle, w))
        d.cover_title("the title", slide.title)
    elif ctx.theme.template is None:  # slidegen's own cover: the accent rule over the title
        box = d.box(0) or geo.boxes["cover_title"]
        _divider_title(d, box, ctx.size("title"), what="the title")
    else:
        d.cover_title("the title")
    if d.has(1):
        if subtitle:
            box = slide.subtitle if slide else None
            d.add(Fill(1, (Paragraph(subtitle, ctx.size("heading") * 0.8),), box))
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
        if slide is not None:
            box = slide.details
        size = d.fit(
            lines,
            box,
            ctx.size("caption") + 4,
            # a template's column may be narrow: down to a footer's size there
            minimum=ctx.size("caption") if slide is None else min(ctx.size("caption"), 12),
            what="the presenter details",
            body=False,
        )
        on_dark = ctx.theme.covers == "dark" or ctx.theme.template is not None
        ink = slide.ink if slide else ("background" if on_dark else "text")
        d.text_box(box, lines, size, PRESENTER, color=ink)


def _subtitle_height(d: SlideDraft, subtitle, width: int) -> int:
    """How tall a title slide's subtitle is at `width` (0: none)."""
    if not subtitle:
        return 0
    size = d.ctx.size("heading") * 0.8
    return d.ctx.measurer().layout([Para(d.shown(1, subtitle), size)], width).height_emu


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
def section_role(planned: PlannedSlide) -> str:
    """A section's divider is a dark slide; a subsection's a light one (so a section and its
    first subsection never make two dark dividers in a row)."""
    content = planned.content
    return "title_only" if content is not None and content.depth > 1 else "section"


def place_section(d: SlideDraft) -> None:
    """A section divider: the section's title and subtitle on the dark section layout; a
    subsection's on a light slide. On slidegen's own base a short accent rule stands over the
    title (a corporate template's dividers keep their own design)."""
    ctx = d.ctx
    subtitle = d.planned.content.subtitle
    own_base = ctx.theme.template is None
    if d.layout != "title_only":
        if own_base:
            box = d.box(0) or ctx.geometry.boxes["section_title"]
            _divider_title(d, box, ctx.size("title"))
        else:
            d.cover_title("the section title")
        if subtitle:
            box, _ = d.body()
            size, grown = ctx.size("body"), None
            if not own_base:  # a template's subtitle placeholder: grown, else shrunk, to fit
                from .template_space import narrowed

                narrow = narrowed(ctx.frames, d.layout, box)
                grown = d.grown(narrow, size, 1, subtitle) or (narrow if narrow != box else None)
                box = narrow
                para = [Para(d.shown(1, subtitle))]
                size = d.fit(para, grown or box, size, what="the section subtitle")
            d.add(Fill(1, (Paragraph(subtitle, size),), grown))
        elif d.has(1):
            d.add(Remove(1))
        return
    if own_base and relative_luminance(ctx.theme.colors["background"]) > 0.5:
        d.add(SlideFill("bg2"))  # a pale tint of the primary: a divider, not a content slide
    box = ctx.geometry.boxes["section_title"]
    _divider_title(d, box, max(ctx.size("heading"), ctx.size("title") - 4))
    if subtitle:
        sbox = ctx.geometry.boxes["section_subtitle"]
        ssize = d.fit([Para(subtitle)], sbox, ctx.size("body"), what="the section subtitle")
        d.text_box(sbox, [subtitle], ssize, "Subtitle", color="muted")


def _divider_title(d: SlideDraft, box, start: float, what: str = "the section title") -> None:
    """A divider's title fitted in `box`, its placeholder made as tall as the text and set at
    the box's foot, with the accent rule just above the first line."""
    ctx = d.ctx
    title = d.planned.title
    size = d.fit([Para(title, bold=True)], box, start, font="heading", what=what)
    measurer = ctx.measurer("heading")
    w = balanced_width(measurer, [Para(title, size, True)], box[2])
    used = min(measurer.layout([Para(title, size, True)], w).height_emu, box[3])
    x, y, _, h = box
    top = y + h - used
    d.add(Fill(0, (Paragraph(title, size),), (x, top, w, used)))
    inset = measurer.insets[0]
    d.add(RuleShape((x + inset, top - RULE_H - ctx.geometry.space, RULE_W, RULE_H), "accent"))


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
RULE_W, RULE_H = inches(1.2), inches(0.06)  # the accent rule over a statement or divider title
BAR_W = inches(0.08)  # a quotation's side bar
BAR_GAP = inches(0.3)  # between the side bar and the quotation


def _hero_width(w: int) -> int:
    """A statement's or quotation's line length: the content width, up to about 60 characters
    at its size (a line of 26 cm on a 16:9 slide), so it reads as one thought."""
    return min(w, inches(10.5))


def _big_text(d: SlideDraft, quote: bool) -> None:
    """A statement or quotation as the slide's hero, on the title's left edge and centred
    on the content area's height: a statement under a short accent rule, a quotation in
    quotation marks beside an accent bar, its attribution under it."""
    ctx = d.ctx
    c = d.planned.content
    text, attribution = c.text, c.attribution
    d.title()
    x, y, w, h = d.area()
    indent = BAR_W + BAR_GAP + ctx.measurer("body").insets[0] if quote else 0
    text_w = _hero_width(w) - indent
    shown = Text.of("\u201c") + text + Text.of("\u201d") if quote else text
    att = Text.of("\u2014 ") + attribution if attribution else None
    body = ctx.measurer("body")
    att_size = ctx.size("body")
    att_h = body.layout([Para(att, att_size)], text_w).height_emu if att else 0
    att_h = min(att_h, h // 4)
    space = ctx.geometry.space
    lead = 0 if quote else RULE_H + space  # the rule above a statement
    room = h - lead - (att_h + space if att else 0)
    size = d.fit(
        [Para(shown, italic=quote)],
        (0, 0, text_w, room),
        ctx.size("statement"),
        what="the statement" if not quote else "the quotation",
    )
    text_w = balanced_width(body, [Para(shown, size, italic=quote)], text_w)
    used = min(body.layout([Para(shown, size, italic=quote)], text_w).height_emu, room)
    block = lead + used + (att_h + space if att else 0)
    # the block starts at one height on every slide (the rule does not jump with the text's
    # length), higher only when the text needs the room
    top = y + max(0, min(2 * space, h - block))
    edge = x + body.insets[0]  # where the title's text starts: the rule and bar line up
    if not quote:
        d.add(RuleShape((edge, top, RULE_W, RULE_H), "accent"))
    else:
        d.add(RuleShape((edge, top, BAR_W, used + (att_h + space if att else 0)), "accent"))
    d.text_box(
        (x + indent, top + lead, text_w, used),
        [shown],
        size,
        QUOTE if quote else STATEMENT,
        color="primary",
        anchor="ctr",
        italic=quote or None,
    )
    if att:
        abox = (x + indent, top + lead + used + space, text_w, att_h)
        asize = d.fit([Para(att)], abox, att_size, what="the attribution", body=False)
        d.text_box(abox, [att], asize, ATTRIBUTION, color="muted")
    d.source_line()


def place_statement(d: SlideDraft) -> None:
    """One large statement, with an optional attribution."""
    _big_text(d, quote=False)


def place_quote(d: SlideDraft) -> None:
    """A quotation in quotation marks and italics, with an optional attribution."""
    _big_text(d, quote=True)


# ---- stat --------------------------------------------------------------------------------------
def place_stat(d: SlideDraft) -> None:
    """One to four large figures with their labels, side by side at one size, the group
    centred in the content area: the figure is the hero, the label a short line under it."""
    ctx = d.ctx
    d.title()
    stats = d.planned.content.stats
    x, y, w, h = d.area()
    n = len(stats)
    gap = ctx.geometry.gutter + ctx.geometry.space  # figures stand further apart than panes
    # one figure reads as a headline: a column no wider than a comfortable label line
    col_w = min((w - gap * (n - 1)) // n, inches(8.5))
    group_w = col_w * n + gap * (n - 1)
    left = x + (w - group_w) // 2
    value_h = int(h * 0.5)
    # two figures as large as one (a before and after reads as a pair); three or four smaller
    big = ctx.size("figure") * (1.0, 1.0, 0.7, 0.6)[n - 1]
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
    # Figures and labels were fitted in their full areas; the group they make is then centred
    # in the content area, so short labels don't leave the figures stranded at the top.
    body = ctx.measurer("body")
    value_used = max(heading.layout([Para(v, vsize, True)], col_w).height_emu for v in values)
    label_used = max(
        (body.layout([Para(lb, lsize)], col_w).height_emu for lb in labels if lb), default=0
    )
    value_used = min(value_used, value_h)
    label_used = min(label_used, h - value_h)
    # the figures' foot at one height on every stat slide (a longer label does not move them),
    # higher only when the labels need the room below
    top = min(y + int(h * 0.45) - value_used, y + h - value_used - label_used)
    top = max(top, y)
    for i, stat in enumerate(stats):
        cx = left + i * (col_w + gap)
        d.text_box(
            (cx, top, col_w, value_used),
            [stat.value],
            vsize,
            figure_name(i + 1),
            color="accent",
            align="ctr",
            anchor="b",
            bold=True,
            font="+mj-lt",
        )
        if stat.label:
            label_top = top + value_used
            lw = balanced_width(body, [Para(stat.label, lsize)], col_w)  # even lines
            d.text_box(
                (cx + (col_w - lw) // 2, label_top, lw, label_used),
                [stat.label],
                lsize,
                label_name(i + 1),
                align="ctr",
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
    its entries, as few parts as fit and filled evenly (no near-empty last slide)."""
    entries = reference_entries(ctx, planned)
    box = ctx.content_box(planned, ctx.geometry.body_box)
    measurer = ctx.measurer()
    size = reference_size(ctx)
    spc = size * 0.5
    heights = [
        measurer.layout([Para(e, size, False, 0)], box[2], space_before_pt=spc).height_emu
        for e in entries
    ]
    # an entry after a part's first adds its space before it, and not the box's insets again
    _, top, _, bottom = measurer.insets
    gap = int(spc * EMU_PER_PT) - top - bottom

    def pack(limit: int) -> list[list[Text]]:
        chunks: list[list[Text]] = [[]]
        used = -gap
        for entry, height in zip(entries, heights, strict=True):
            if chunks[-1] and used + gap + height > limit:
                chunks.append([])
                used = -gap  # a part's first entry has no space before it
            chunks[-1].append(entry)
            used += gap + height
        return chunks

    chunks = pack_evenly(pack, box[3])
    parts = continuation_slides(planned, [planned.content] * len(chunks), numbered=True)
    return list(zip(parts, chunks, strict=True))


def place_references(d: SlideDraft, entries: list[Text]) -> None:
    """The reference list (or this slide's part of it) with hanging indents."""
    d.title()
    if not entries:
        if d.has(1):
            d.add(Remove(1))
        d.reviewed_line()
        return
    frame, _ = d.body(box=d.area())
    box = d.area(frame)
    size = reference_size(d.ctx)
    paras = tuple(Paragraph(e, size, bullet="hanging") for e in entries)
    # the placeholder ends above the "Evidence reviewed" line when there is one
    d.add(Fill(1, paras, box if box != frame else None))
    d.reviewed_line()


# ---- closing -------------------------------------------------------------------------------------
def place_closing(d: SlideDraft) -> None:
    """The closing slide, with hierarchy: its call to discussion large, then the presenter's
    contact details smaller (name, role, links with readable text) and the organisation."""
    ctx = d.ctx
    d.add(Fill(0, (Paragraph(d.planned.title, ctx.size("title")),)))
    text = d.planned.content.text
    contact = contact_lines(ctx.plan)
    if not text and not contact:
        if d.has(1):
            d.add(Remove(1))
        return
    frame, _ = d.body(box=d.area())
    box = d.area(frame)
    detail = max(ctx.size("minimum"), ctx.size("body") - 2)
    lines = [Para(t, detail) for t in contact]
    size = detail
    if text:
        size = d.fit(
            [Para(text, bold=False), *lines],
            box,
            max(ctx.size("heading"), ctx.size("body")),
            what="the closing text",
        )
    out = []
    if text:
        out.append(Paragraph(text, size, bullet="none-after", color="primary"))
    for i, line in enumerate(contact):
        first = i == 0
        out.append(
            Paragraph(
                line,
                detail,
                bullet="none-after",
                color=None if first else "muted",
                bold=first or None,
                space_before=detail * 1.2 if first and text else None,
            )
        )
    d.add(Fill(1, tuple(out), box if box != frame else None))  # above a source line
    d.source_line()


def contact_lines(plan) -> list[Text]:
    """The presenter's name, role, e-mail (a mailto link), phone and web address (a link
    showing the address without its scheme), then the organisation."""
    lines = []
    p = plan.presenter
    if p:
        lines.append(Text.of(p.name))
        lines += [Text.of(x) for x in (p.role,) if x]
        if p.email:
            lines.append(Text((Run(p.email, url=mail_link(p.email)),)))
        if p.phone:
            lines.append(Text.of(p.phone))
        if p.url:
            lines.append(Text((Run(readable_url(p.url), url=p.url),)))
    if plan.organisation:
        lines.append(Text.of(plan.organisation))
    return lines


def readable_url(url: str) -> str:
    """An address as a reader says it: "parentinfantfoundation.org.uk/help" for
    "https://www.parentinfantfoundation.org.uk/help/"."""
    shown = url.split("://", 1)[-1]
    shown = shown.removeprefix("www.")
    return shown.rstrip("/") or url
