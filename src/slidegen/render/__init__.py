"""Render a DeckPlan into a package (write.package.Package): each slide placed
(slidegen.place), then written as XML onto a slide of the base its theme or corporate template
gives."""

from __future__ import annotations

import re
from pathlib import Path

from ..codes import Code
from ..conventions import SLIDE_ID_ATTR, long_date
from ..errors import Diagnostics, Pos, error
from ..load import display_path
from ..ooxml import P_CSLD, RT_CHART, RT_NOTES_SLIDE
from ..plan import DeckPlan
from ..plan.theme import BUILTIN_THEMES
from . import xml
from .context import RenderContext
from .template import prepare_logos


def _font_note_pos(theme) -> Pos | None:
    """Where a FONT-SUBSTITUTE note points: the deck's own theme file that names the fonts, or
    nowhere for a built-in theme (its file is inside slidegen, not the user's to change)."""
    if not theme.files:
        return None
    first = Path(theme.files[0]).resolve()
    if first.is_relative_to(BUILTIN_THEMES.resolve()):
        return None
    return Pos(display_path(theme.files[0]), 1, 1)


def footer_text(plan: DeckPlan) -> str | None:
    """The theme's footer with {organisation}, {title}, {date}, {presenter}, {edition} filled
    in; a deck's edition is added at the end when the footer does not place it."""
    text = plan.theme.footer_text
    if not text:
        return None
    edition = getattr(plan, "edition", None) or ""
    if edition and "{edition}" not in text:
        text += " · {edition}"
    values = {
        "organisation": plan.organisation or "",
        "title": plan.title,
        "date": long_date(plan.date) or "",
        "presenter": plan.presenter.name if plan.presenter else "",
        "edition": edition,
    }
    for name, value in values.items():
        if not value:  # drop an empty field with the separator beside it: "{title} · {date}"
            text = _drop_field(text, name)
    try:
        return text.format(**values).strip() or None
    except (KeyError, IndexError, ValueError) as exc:
        raise error(
            f"footer text '{plan.theme.footer_text}' has an unknown placeholder {exc}",
            None,
            hint="use {organisation}, {title}, {date}, {presenter} or {edition}",
        )


def footer_line(plan: DeckPlan, fonts, logos):
    """The footer text and the size that keeps it on one line on slidegen's own base (a
    corporate template's footer is placed by the template), or None without a footer."""
    from ..place.furniture import fit_footer, footer_box
    from ..place.geometry import theme_geometry

    text = footer_text(plan)
    if not text:
        return None
    caption = float(plan.theme.sizes["caption"])
    box = footer_box(theme_geometry(plan.theme), logos)
    measurer = fonts.measurer(plan.theme.fonts["body"])
    return fit_footer(measurer, text, box, caption)


_SEPARATOR = r"[ \t]*[·|•–—,:/-]?[ \t]*"


def _drop_field(text: str, name: str) -> str:
    """The footer template without {name} and the separator before it (else after it)."""
    field = r"(?<!\{)\{" + name + r"\}(?!\})"
    for pattern in (r"(?<=\S)" + _SEPARATOR + field, field + _SEPARATOR):
        text, n = re.subn(pattern, "", text, count=1)
        if n:
            return text
    return text


def render(
    plan: DeckPlan,
    diags: Diagnostics,
    fonts=None,
    registry=None,
    cache=None,
    release: bool = False,
    memo=None,
):
    """Build the package of a plan. Returns (write.package.Package, planned slides as
    rendered).

    `cache`: a :class:`slidegen.cache.BuildCache` whose prepared pictures and base
    presentation are reused. `release`: each finished slide (with its notes and charts) is
    compressed at once and its XML let go (``write.release_part``, `memo` its ZipMemo): the
    presentation can then only be zipped by ``write.to_bytes``.
    """
    from ..place import PlaceContext, builtin_frames, default_registry, place_slide
    from ..place.measure import FontCache
    from .base_cache import cached_base
    from .draw import draw_slide
    from .prototypes import SlideMaker

    keeper = None
    if cache is not None and cache.keep_slides:  # watch mode
        from .slide_cache import SlideKeeper

        keeper = SlideKeeper.for_render(cache, plan, footer_text(plan), registry is None)
    registry = registry or default_registry()
    fonts = fonts or FontCache()
    theme = plan.theme
    logos = prepare_logos(theme, cache, diags)
    base = cached_base(
        cache,
        theme,
        footer_line(plan, fonts, logos),
        plan.language,
        logos,
        needed_layouts(plan, registry),
        diags,
    )
    furniture, texts = None, {}
    if base.info is None:
        frames = builtin_frames(*theme.slide_size, theme)
    else:  # a corporate template: its colours, and room for furniture
        from .frames import frames_of
        from .template import template_damage

        with template_damage(theme):
            frames = frames_of(base)
            furniture, texts = template_furniture(plan, base, frames, fonts, logos, diags)
    placing = PlaceContext(plan, frames, fonts, diags, registry, cache)
    layouts = base.layouts
    ctx = RenderContext(base.package, plan, theme, layouts, diags)
    ctx.cache = cache
    if base.info is not None:
        ctx.look, ctx.faces = base.info.look, base.info.faces
    rendered = []
    maker = SlideMaker(base.package)  # placeholders of each layout's first slide copied
    for planned in plan.slides:
        key = keeper.key(planned, len(rendered)) if keeper else None
        if key is not None:
            kept = keeper.restore(key, maker, layouts, diags, release)
            if kept is not None:
                rendered += kept[0]
                if release:
                    _release(kept[1], memo)
                continue
            ctx.diags = placing.diags = Diagnostics()  # this slide's own warnings, kept with it
        placed_parts = place_slide(placing, planned)
        slides = []
        for placed in placed_parts:
            part = placed.planned
            slide = maker.add_slide(layouts[placed.layout])
            slides.append(slide)
            draw_slide(ctx, placed, slide)
            if furniture is not None:
                from .corporate import fill_furniture, tidy_slide

                items = furniture.layouts.get(placed.layout, ())
                fill_furniture(ctx, slide, base, placed.layout, items, texts, len(rendered) + 1)
                tidy_slide(slide)
            # The slide id as the slide's name: `slidegen import` and `diff` match slides by it.
            xml.child(slide.element, P_CSLD).set(SLIDE_ID_ATTR, part.id)
            if part.notes:
                _notes(ctx, slide, part, maker)
            if part.hidden:
                ctx.hide(slide)
            rendered.append(part)
        if key is not None:
            own, ctx.diags = ctx.diags.items, diags
            placing.diags = diags
            for d in own:
                if d.severity == "error" or d not in diags.items:
                    diags.items.append(d)
            parts = [p.planned for p in placed_parts]
            keeper.keep(key, parts, slides, [p.layout for p in placed_parts], own)
        if release:
            _release(slides, memo)
    if keeper is not None:
        keeper.finish(cache)
    notes = fonts.notes()
    where = _font_note_pos(theme) if notes else None
    for note in notes:
        diags.warning(f"fonts: {note}", where, code=Code.FONT_SUBSTITUTE)
    return base.package, rendered


def template_furniture(plan: DeckPlan, base, frames, fonts, logos, diags):
    """On a corporate template: where the footer, slide number, date and logos go (placement
    finds room for them, place/template_space.py), drawn onto the template's layouts; what
    found no room is said once per kind. Returns the plan and the texts slides fill in."""
    from .corporate import draw_furniture

    furniture, texts = plan_furniture_for(plan, frames, fonts, logos)
    base.to_package()
    draw_furniture(base, furniture, logos, float(plan.theme.sizes["caption"]), plan.language)
    furniture_warnings(plan.theme, frames, furniture, diags)
    return furniture, texts


def plan_furniture_for(plan: DeckPlan, frames, fonts, logos):
    """The FurniturePlan of a deck on a template's frames, and the footer and date texts
    (`check` reports what it leaves out, as `build` does)."""
    from ..place.template_space import Wanted, plan_furniture

    theme = plan.theme
    size = float(theme.sizes["caption"])
    texts = {
        "ftr": footer_text(plan),
        "dt": long_date(plan.date) if theme.footer_date else None,
    }
    wanted = Wanted(
        texts["ftr"],
        theme.slide_numbers,
        texts["dt"],
        size,
        tuple((lg.width_emu, lg.height_emu, lg.position) for lg in logos),
    )
    from ..place.furniture import fit_footer

    measurer = fonts.measurer(frames.fonts.get("body") or theme.fonts["body"])

    def fit(text: str, box, start: float) -> tuple[str, float]:
        line = fit_footer(measurer, text, box, start)
        return line.text, line.size

    return plan_furniture(frames, wanted, lambda t: measurer.text_width(t, size), fit), texts


FURNITURE_WHAT = {
    "ftr": "the footer text",
    "sldNum": "the slide number",
    "dt": "the date",
    "logo": "a logo",
}


def furniture_warnings(theme, frames, furniture, diags) -> None:
    """One TEMPLATE-FURNITURE warning per kind of furniture a template had no room for."""
    missing: dict[str, list[str]] = {}
    for kind, key in furniture.missing:
        name = frames.names.get(key, key)
        if name not in missing.setdefault(kind, []):
            missing[kind].append(name)
    for kind, names in missing.items():
        where = ", ".join(f"'{n}'" for n in names)
        diags.warning(
            f"template '{display_path(theme.template)}': {FURNITURE_WHAT[kind]} is left off "
            f"slides drawn on {where}: "
            + (
                "no corner is clear of the template's art and text"
                if kind == "logo"
                else "the layout has no placeholder for it and no band clear of its art"
            ),
            theme.where("template"),
            "add footer and slide-number placeholders to the layout in PowerPoint's Slide "
            "Master view"
            if kind != "logo"
            else "give the logo another corner, or leave it to the template's own",
            code=Code.TEMPLATE_FURNITURE,
        )


_RELEASED_TYPES = frozenset({RT_NOTES_SLIDE, RT_CHART})


def _release(slides, memo) -> None:
    """Compress finished slides, their notes slides and charts, and let their XML go."""
    from ..write import release_part

    for part in slides:
        for rel in part.rels.values():
            if rel.target is not None and rel.reltype in _RELEASED_TYPES:
                release_part(rel.target, memo)
        release_part(part, memo)


def _notes(ctx: RenderContext, slide, planned, maker) -> None:
    from .context import set_paragraph_language
    from .prototypes import notes_text_body

    notes = maker.notes_slide(slide)
    tx = notes_text_body(notes.element)
    for p, text in zip(xml.paragraphs(tx, len(planned.notes)), planned.notes, strict=True):
        ctx.write_runs(notes, p, text)
        set_paragraph_language(p, ctx.lang)


def needed_layouts(plan: DeckPlan, registry) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Role or slidegen layout name -> (role, slidegen layouts using it) for this plan."""
    mapped = plan.theme.layouts
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    for planned in plan.slides:
        role = registry.get(planned.layout).role(planned)
        key = planned.layout if planned.layout in mapped else role
        _, users = out.get(key, (role, ()))
        if planned.layout not in users:
            users = (*users, planned.layout)
        out[key] = (role, users)
    return out
