"""Render a DeckPlan into a python-pptx Presentation (the only stage that imports python-pptx)."""

from __future__ import annotations

from ..errors import Diagnostics, error
from ..plan import DeckPlan
from .context import RenderContext
from .registry import default_registry
from .template import LAYOUT_NAMES, Geometry, build_base


def footer_text(plan: DeckPlan) -> str | None:
    """The theme's footer with {organisation}, {title}, {date}, {presenter} filled in."""
    text = plan.theme.footer_text
    if not text:
        return None
    values = {
        "organisation": plan.organisation or "",
        "title": plan.title,
        "date": plan.date.isoformat() if plan.date else "",
        "presenter": plan.presenter.name if plan.presenter else "",
    }
    try:
        return text.format(**values).strip() or None
    except (KeyError, IndexError, ValueError) as exc:
        raise error(
            f"footer text '{text}' has an unknown placeholder {exc}",
            None,
            hint="use {organisation}, {title}, {date} or {presenter}",
        )


def render(plan: DeckPlan, diags: Diagnostics, fonts=None, registry=None):
    """Build the Presentation for a plan. Returns (presentation, planned slides as rendered)."""
    from ..measure import FontCache
    from .pptx_fixes import speed_up

    registry = registry or default_registry()
    fonts = fonts or FontCache()
    theme = plan.theme
    logo = _logo(theme)
    prs = build_base(theme, footer_text(plan), plan.language, logo)
    speed_up(prs)
    layouts = {role: _layout(prs, name) for role, name in LAYOUT_NAMES.items()}
    ctx = RenderContext(
        prs, plan, theme, Geometry(*theme.slide_size), layouts, diags, fonts, registry
    )
    rendered = []
    for planned in plan.slides:
        renderer = registry.get(planned.layout)
        parts = renderer.split(ctx, planned) if renderer.split else [planned]
        for part in parts:
            slide = prs.slides.add_slide(layouts[renderer.base])
            renderer.render(ctx, part, slide)
            # The slide id as the slide's name: `slidegen import` and `diff` match slides by it.
            slide._element.cSld.set("name", part.id)
            if part.notes:
                _notes(ctx, slide, part)
            if part.hidden:
                ctx.hide(slide)
            rendered.append(part)
    for note in fonts.notes():
        diags.warning(f"fonts: {note}", None, code="font-metrics")
    return prs, rendered


def _layout(prs, name: str):
    for layout in prs.slide_layouts:
        if layout.name == name:
            return layout
    raise KeyError(name)


def _notes(ctx: RenderContext, slide, planned) -> None:
    from .context import _end_lang

    tf = slide.notes_slide.notes_text_frame
    for i, text in enumerate(planned.notes):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        ctx.write_runs(p, text)
        _end_lang(p, ctx.lang)


def _logo(theme):
    if theme.logo is None:
        return None
    from ..media import parse_length, prepare_image

    height = parse_length(theme.logo.height, theme.logo.pos)
    img = prepare_image(theme.logo.path, pos=theme.logo.pos, max_px=1200)
    return _Logo(img.data, img.width_px, img.height_px, height)


class _Logo:
    def __init__(self, data: bytes, width_px: int, height_px: int, height_emu: int):
        self.data, self.width_px, self.height_px, self.height_emu = (
            data,
            width_px,
            height_px,
            height_emu,
        )
