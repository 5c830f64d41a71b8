"""Text layouts: title, agenda, section, bullets, statement, quote, stat, references, closing."""

from __future__ import annotations

import dataclasses

from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Inches, Pt

from ...codes import Code
from ...conventions import (
    ATTRIBUTION,
    PRESENTER,
    QUOTE,
    STATEMENT,
    figure_name,
    label_name,
    part_id,
    part_suffix,
)
from ...fitting import INDENT, bullet_specs, chunk_bullets, fit_text, unbroken_start
from ...load import display_path
from ...measure import Para
from ...ooxml import EMU_PER_CM
from ...plan import PlannedSlide
from ...text import Run, Text
from .. import xml
from ..context import set_paragraph_language
from ..registry import LayoutRenderer
from ..template import level_sizes


def fit(
    ctx,
    planned,
    paras,
    box,
    start: float,
    minimum: float | None = None,
    font="body",
    space_before=0.0,
    what="text",
) -> float:
    """The largest size from `start` down to the theme minimum at which paragraphs fit `box`."""
    minimum = min(start, minimum if minimum is not None else ctx.size("minimum"))
    measurer = ctx.fonts.measurer(ctx.theme.fonts[font])
    size = fit_text(measurer, paras, box, start, minimum, space_before)
    if size is not None:
        return size
    choice = measurer.choice()
    used = choice.family_used if choice.exact else f"{choice.family_used} for {choice.requested}"
    ctx.diags.warning(
        f"{what} on slide '{planned.id}' does not fit even at {minimum:g} pt; shorten it "
        f"(measured with {used} metrics in a {box[2] / EMU_PER_CM:.1f} x "
        f"{box[3] / EMU_PER_CM:.1f} cm box)",
        planned.pos,
        code=Code.OVERFLOW,
    )
    return minimum


def fill_title(ctx, slide, planned):
    """Write the slide's title into its title placeholder, smaller than the heading size only
    when it would not fit otherwise. Returns the placeholder."""
    ph = ctx.placeholder(slide, 0)
    geo = ctx.geometry
    box = ctx.box(slide, ph)
    if not box[2]:
        box = geo.title_box
    heading = ctx.size("heading")
    size = fit(
        ctx,
        planned,
        [Para(planned.title, bold=True)],
        box,
        heading,
        minimum=min(ctx.size("minimum"), heading),
        font="heading",
        what="the title",
    )
    ctx.fill_placeholder(slide, ph, [planned.title], size=size if size != heading else None)
    return ph


def body_placeholder(ctx, slide, planned, idx: int = 1, box=None, name: str = "Content"):
    """The slide's content placeholder `idx` as a `p:sp`. When its layout has none (a
    template layout also mapped for a role without one loses it), an empty text box in `box`
    (default: the geometry's body area) stands in for it, with a warning naming the template
    layout."""
    body = ctx.placeholder(slide, idx)
    if body is not None:
        return body
    theme = ctx.theme
    key = planned.layout if planned.layout in ctx.layouts else None
    if key is None and ctx.registry is not None:
        key = ctx.registry.get(planned.layout).base
    layout = ctx.layouts.get(key)
    which = f"layout '{layout.name}'" if layout is not None else "the slide's layout"
    where = theme.where(f"layouts.{key}") or theme.where("template")
    source = f"template '{display_path(theme.template)}': " if theme.template else ""
    ctx.diags.warning(
        f"{source}{which} has no content placeholder for {planned.layout} slides; their text "
        "is placed in a text box in the content area instead",
        where,
        "map a layout with a content placeholder in the theme's `layouts:`",
        code=Code.TEMPLATE_PLACEHOLDER,
    )
    return ctx.text_box(slide, box or ctx.geometry.body_box, [], ctx.size("body"), name=name)


def _cover_title(ctx, planned, slide, what: str) -> None:
    """A title or divider slide's big title, at the theme's title size or smaller to fit."""
    ph = ctx.placeholder(slide, 0)
    size = fit(
        ctx,
        planned,
        [Para(planned.title, bold=True)],
        ctx.box(slide, ph),
        ctx.size("title"),
        font="heading",
        what=what,
    )
    ctx.fill_placeholder(slide, ph, [planned.title], size=size)


# ---- title ---------------------------------------------------------------------------------
def render_title(ctx, planned: PlannedSlide, slide) -> None:
    """The title slide: deck title, subtitle, then presenter, organisation and date."""
    plan = ctx.plan
    geo = ctx.geometry
    _cover_title(ctx, planned, slide, "the title")
    subtitle = planned.content.get("subtitle") or (
        Text.of(plan.subtitle) if plan.subtitle else None
    )
    sub_ph = ctx.placeholder(slide, 1)
    if sub_ph is not None:
        if subtitle:
            ctx.fill_placeholder(slide, sub_ph, [subtitle], size=ctx.size("heading") * 0.8)
        else:
            sub_ph.getparent().remove(sub_ph)
    lines = []
    p = plan.presenter
    if p:
        lines.append(Text((Run(p.name, bold=True),)))
        lines += [Text.of(x) for x in (p.role, p.email) if x]
    tail = [x for x in (plan.organisation, _date(plan.date)) if x]
    if tail:
        lines.append(Text.of(" · ".join(tail)))
    if lines:
        top = int(geo.height * 0.69)
        box = (geo.margin, top, geo.width - 2 * geo.margin, geo.height - top - int(Inches(0.3)))
        size = fit(
            ctx,
            planned,
            lines,
            box,
            ctx.size("caption") + 4,
            minimum=ctx.size("caption"),
            what="the presenter details",
        )
        ctx.text_box(slide, box, lines, size, color="background", name=PRESENTER)


def _date(d) -> str | None:
    return f"{d.day} {d:%B %Y}" if d else None


# ---- agenda --------------------------------------------------------------------------------
def render_agenda(ctx, planned: PlannedSlide, slide) -> None:
    """The agenda: a line per section (numbered), subtitles below, the highlighted one in accent."""
    fill_title(ctx, slide, planned)
    body = body_placeholder(ctx, slide, planned)
    items = planned.content["items"]
    paras, levels, styles = [], [], []
    for item in items:
        head = (
            Text.of(f"{item['number']}. ") + item["title"] if item.get("number") else item["title"]
        )
        paras.append(head)
        levels.append(0)
        styles.append(item.get("highlight"))
        if item.get("subtitle"):
            paras.append(item["subtitle"])
            levels.append(1)
            styles.append(item.get("highlight"))
    any_highlight = any(styles)
    box = ctx.box(slide, body)
    specs = [Para(t, None, lv == 0, INDENT * lv) for t, lv in zip(paras, levels, strict=False)]
    size = fit(
        ctx,
        planned,
        specs,
        box,
        ctx.size("body"),
        space_before=ctx.size("body") * 0.4,
        what="the agenda",
    )
    ps = xml.paragraphs(xml.text_body(body), len(paras))
    for p, text, level, hl in zip(ps, paras, levels, styles, strict=True):
        xml.set_level(p, level)
        no_bullet(p)
        color = None
        if any_highlight:
            color = "accent" if hl else "muted"
        ctx.write_runs(
            slide.part,
            p,
            text,
            Pt(size).pt if level == 0 else size * 0.85,
            color,
            bold=(level == 0 and (hl or not any_highlight)) or None,
        )
        set_paragraph_language(p, ctx.lang)


def bullet_char(p, level: int) -> None:
    """A bullet at `level` on a paragraph of a text box, indented as the body placeholder's."""
    ppr = xml.p_pr(p)
    ppr.set("marL", str(INDENT * (level + 1)))
    ppr.set("indent", str(-INDENT))
    ppr.append(ppr.makeelement(xml.A_BU_CHAR, {"char": "\u2022"}))


def no_bullet(p) -> None:
    """Turn off a paragraph's (`a:p`) bullet, keeping its level's left margin."""
    xml.no_bullet(p, INDENT)


# ---- section divider -------------------------------------------------------------------------
def render_section(ctx, planned: PlannedSlide, slide) -> None:
    """A section divider: the section's title and subtitle on the dark section layout."""
    _cover_title(ctx, planned, slide, "the section title")
    subtitle = planned.content.get("subtitle")
    body = ctx.placeholder(slide, 1)
    if subtitle:
        if body is None:
            body = body_placeholder(ctx, slide, planned)
        ctx.fill_placeholder(slide, body, [subtitle], size=ctx.size("body"))
    elif body is not None:
        body.getparent().remove(body)


# ---- bullets ---------------------------------------------------------------------------------
def split_bullets(ctx, planned: PlannedSlide) -> list[PlannedSlide]:
    """Continue a list that does not fit even at the minimum size onto "(cont.)" slides."""
    measurer = ctx.fonts.measurer(ctx.theme.fonts["body"])
    chunks = chunk_bullets(
        measurer, planned.content["bullets"], ctx.geometry.body_box, ctx.size("minimum")
    )
    if len(chunks) == 1:
        return [planned]
    return continuation_slides(planned, [{"bullets": c} for c in chunks])


def continuation_slides(
    planned: PlannedSlide, contents: list[dict], numbered: bool = False
) -> list[PlannedSlide]:
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
                content={**planned.content, **content},
                part=i + 1,
                notes=planned.notes if i == 0 else [],
            )
        )
    return out


def render_bullets(ctx, planned: PlannedSlide, slide) -> None:
    """A bullet list in the body placeholder, shrunk together to fit, and its source line."""
    fill_title(ctx, slide, planned)
    body = ctx.placeholder(slide, 1)
    bullets = planned.content["bullets"]
    if not bullets:
        if body is not None:
            body.getparent().remove(body)
        ctx.source_line(slide, planned)
        return
    body = body if body is not None else body_placeholder(ctx, slide, planned)
    box = ctx.box(slide, body)
    base = ctx.size("body")
    size = fit(
        ctx,
        planned,
        bullet_specs(bullets),
        box,
        base,
        space_before=base * 0.4,
        what="the bullet list",
    )
    scale = size / base
    sizes = level_sizes(base, ctx.size("minimum"))
    ps = xml.paragraphs(xml.text_body(body), len(bullets))
    bulleted = xml.ph_of(body) is not None  # a stand-in text box has no bullets of its own
    for p, (level, text) in zip(ps, bullets, strict=True):
        xml.set_level(p, level)
        if not bulleted:
            bullet_char(p, level)
        ctx.write_runs(slide.part, p, text, sizes[level] * scale if scale != 1 else None)
        set_paragraph_language(p, ctx.lang)
    ctx.source_line(slide, planned)


# ---- statement and quote -----------------------------------------------------------------------
def _big_text(ctx, planned, slide, text, attribution, quote: bool) -> None:
    fill_title(ctx, slide, planned)
    x, y, w, h = ctx.geometry.body_box
    attr_h = int(Inches(0.7)) if attribution else 0
    box = (x + int(Inches(0.4)), y, w - int(Inches(0.8)), h - attr_h)
    shown = Text.of("\u201c") + text + Text.of("\u201d") if quote else text
    size = fit(
        ctx,
        planned,
        [Para(shown, italic=quote)],
        box,
        ctx.size("heading"),
        what="the statement" if not quote else "the quotation",
    )
    ctx.text_box(
        slide,
        box,
        [shown],
        size,
        color="primary",
        anchor=MSO_ANCHOR.MIDDLE,
        name=QUOTE if quote else STATEMENT,
        italic=quote or None,
    )
    if attribution:
        abox = (box[0], y + h - attr_h, box[2], attr_h)
        att = Text.of("\u2014 ") + attribution
        asize = fit(ctx, planned, [Para(att)], abox, ctx.size("body"), what="the attribution")
        ctx.text_box(
            slide, abox, [att], asize, color="muted", align=PP_ALIGN.RIGHT, name=ATTRIBUTION
        )
    ctx.source_line(slide, planned)


def render_statement(ctx, planned, slide) -> None:
    """One large statement, with an optional attribution."""
    c = planned.content
    _big_text(ctx, planned, slide, c["text"], c.get("attribution"), quote=False)


def render_quote(ctx, planned, slide) -> None:
    """A quotation in quotation marks and italics, with an optional attribution."""
    c = planned.content
    _big_text(ctx, planned, slide, c["text"], c.get("attribution"), quote=True)


# ---- stat --------------------------------------------------------------------------------------
def render_stat(ctx, planned, slide) -> None:
    """One to four large figures with their labels, side by side, at one size."""
    fill_title(ctx, slide, planned)
    stats = planned.content["stats"]
    x, y, w, h = ctx.geometry.body_box
    n = len(stats)
    gap = int(Inches(0.4))
    col_w = (w - gap * (n - 1)) // n
    value_h = int(h * 0.45)
    big = min(ctx.size("title") * 2.4, 96 if n == 1 else 72 if n == 2 else 54)
    values = [s["value"] for s in stats]
    heading = ctx.fonts.measurer(ctx.theme.fonts["heading"])
    minimum = ctx.size("minimum")
    sizes = [
        fit(
            ctx,
            planned,
            [Para(v, bold=True)],
            (0, 0, col_w, value_h),
            unbroken_start(heading, v, col_w, big, minimum, bold=True),
            font="heading",
            what="the figure",
        )
        for v in values
    ]
    vsize = min(sizes)
    labels = [s.get("label") for s in stats]
    label_sizes = [
        fit(
            ctx, planned, [Para(lb)], (0, 0, col_w, h - value_h), ctx.size("body"), what="the label"
        )
        for lb in labels
        if lb
    ]
    lsize = min(label_sizes) if label_sizes else ctx.size("body")
    align = PP_ALIGN.CENTER if n > 1 else PP_ALIGN.LEFT
    # Figures and labels were fitted in their full areas; the group they make is then centred
    # in the content area, so short labels don't leave the figures stranded at the top.
    body = ctx.fonts.measurer(ctx.theme.fonts["body"])
    value_used = max(heading.layout([Para(v, vsize, True)], col_w).height_emu for v in values)
    label_used = max(
        (body.layout([Para(lb, lsize)], col_w).height_emu for lb in labels if lb), default=0
    )
    value_used = min(value_used, value_h)
    label_used = min(label_used, h - value_h)
    top = y + (h - value_used - label_used) // 2
    for i, stat in enumerate(stats):
        cx = x + i * (col_w + gap)
        ctx.text_box(
            slide,
            (cx, top, col_w, value_used),
            [stat["value"]],
            vsize,
            color="accent",
            align=align,
            anchor=MSO_ANCHOR.BOTTOM,
            name=figure_name(i + 1),
            bold=True,
            font="+mj-lt",
        )
        if stat.get("label"):
            label_top = top + value_used
            ctx.text_box(
                slide,
                (cx, label_top, col_w, y + h - label_top),
                [stat["label"]],
                lsize,
                align=align,
                name=label_name(i + 1),
            )
    ctx.source_line(slide, planned)


# ---- references ----------------------------------------------------------------------------------
def reference_entries(ctx, planned) -> list[Text]:
    """The formatted reference list: the works cited (or every reference, with `all`), sorted."""
    from ...references.styles import format_entry, sort_references

    plan = ctx.plan
    style = plan.citation_style
    ids = list(plan.references) if planned.content.get("all") else plan.cited
    listed = [plan.references[i] for i in ids]
    # the suffixes the citations in the slides were given, so list and citations agree
    return [format_entry(r, style, plan.year_suffixes) for r in sort_references(listed, style)]


def split_references(ctx, planned: PlannedSlide) -> list[PlannedSlide]:
    """Continue a reference list that does not fit onto "References (2)"... slides."""
    entries = reference_entries(ctx, planned)
    box = ctx.geometry.body_box
    measurer = ctx.fonts.measurer(ctx.theme.fonts["body"])
    size = _ref_size(ctx)
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
    return continuation_slides(planned, [{"entries": c} for c in chunks], numbered=True)


def _ref_size(ctx) -> float:
    return max(ctx.size("minimum"), min(ctx.size("body") - 4, 18))


def render_references(ctx, planned, slide) -> None:
    """The reference list (or this slide's part of it) with hanging indents."""
    fill_title(ctx, slide, planned)
    entries = planned.content.get("entries")
    if entries is None:
        entries = reference_entries(ctx, planned)
    body = ctx.placeholder(slide, 1)
    if not entries:
        if body is not None:
            body.getparent().remove(body)
        return
    if body is None:
        body = body_placeholder(ctx, slide, planned)
    size = _ref_size(ctx)
    for p, entry in zip(xml.paragraphs(xml.text_body(body), len(entries)), entries, strict=True):
        ppr = xml.p_pr(p)
        ppr.set("marL", str(int(Inches(0.4))))
        ppr.set("indent", str(-int(Inches(0.4))))  # hanging indent, as reference lists are set
        ppr.append(ppr.makeelement(xml.A_BU_NONE, {}))
        ctx.write_runs(slide.part, p, entry, size)
        set_paragraph_language(p, ctx.lang)


# ---- closing -------------------------------------------------------------------------------------
def render_closing(ctx, planned, slide) -> None:
    """The closing slide: its text, then the presenter's contact details and organisation."""
    ph = ctx.placeholder(slide, 0)
    ctx.fill_placeholder(slide, ph, [planned.title], size=ctx.size("title"))
    lines = []
    if planned.content.get("text"):
        lines.append(planned.content["text"])
    p = ctx.plan.presenter
    if p:
        lines.append(Text((Run(p.name, bold=True),)))
        lines += [Text.of(x) for x in (p.role,) if x]
        if p.email:
            lines.append(Text((Run(p.email, url=f"mailto:{p.email}"),)))
        lines += [Text.of(x) for x in (p.phone, p.url) if x]
    if ctx.plan.organisation:
        lines.append(Text.of(ctx.plan.organisation))
    body = ctx.placeholder(slide, 1)
    if not lines:
        if body is not None:
            body.getparent().remove(body)
        return
    body = body if body is not None else body_placeholder(ctx, slide, planned)
    box = ctx.box(slide, body)
    size = fit(ctx, planned, lines, box, ctx.size("body"), what="the closing text")
    ctx.fill_placeholder(slide, body, lines, size=size)
    for p in xml.text_body(body).iterchildren(xml.A_P):
        no_bullet(p)
    ctx.source_line(slide, planned)


def register(registry) -> None:
    """Register the text layouts."""
    for r in (
        LayoutRenderer("title", "title", render_title),
        LayoutRenderer("agenda", "content", render_agenda),
        LayoutRenderer("section", "section", render_section),
        LayoutRenderer("bullets", "content", render_bullets, split_bullets),
        LayoutRenderer("statement", "title_only", render_statement),
        LayoutRenderer("quote", "title_only", render_quote),
        LayoutRenderer("stat", "title_only", render_stat),
        LayoutRenderer("references", "content", render_references, split_references),
        LayoutRenderer("closing", "content", render_closing),
    ):
        registry.register(r)
