"""The frames a prepared base offers the placement stage, read from its layouts once; for a
corporate template also what placement needs to keep inside the template's space: its art,
its own footer placeholders, the fonts and capitals of its text and its colours."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..ooxml import A_EXT, A_OFF
from ..place.geometry import Box, Frames, Furniture

FURNITURE = ("ftr", "sldNum", "dt")


@dataclass
class TemplateInfo:
    """What render read of a corporate template for placement and drawing."""

    art: dict  # layout key -> place.art.ArtMap
    look: object  # render.template_look.Look: slidegen's colours on the template
    furniture: dict  # layout key -> tuple[Furniture, ...]: its own footer placeholders
    styles: dict  # layout key -> {kind: TextStyle} of its footer placeholders
    fonts: dict  # "heading", "body" -> the family the template's placeholders draw
    caps: frozenset  # (layout key, idx) set in capitals
    faces: dict  # "+mn-lt", "+mj-lt" -> what the template's body and title text are set in


def frames_of(base) -> Frames:
    """Each base layout's placeholder boxes by index, as a slide made from it gets them
    (a placeholder without a position of its own takes its master's)."""
    layouts: dict[str, dict[int, Box | None]] = {}
    for key, layout in base.layouts.items():
        boxes: dict[int, Box | None] = {}
        for ph in layout.iter_cloneable_placeholders():
            boxes.setdefault(ph.placeholder_format.idx, _box(ph))
        layouts[key] = boxes
    names = {k: v.name for k, v in base.layouts.items()}
    info = getattr(base, "info", None)
    if info is None:
        return Frames(base.geometry, layouts, names)
    from ..place.template_space import content_areas

    frames = Frames(
        base.geometry,
        layouts,
        names,
        art=info.art,
        furniture=info.furniture,
        fonts=info.fonts,
        caps=info.caps,
        colors=info.look.shown,
        roles=dict(base.roles),
    )
    areas = content_areas(frames)
    geo = base.geometry
    body = areas.get("content") or geo.body_box
    divider = areas.get("title_only") or body
    x, y, w, h = divider
    extra = (
        ("section_title", (x, y + int(h * 0.2), w, int(h * 0.4))),
        ("section_subtitle", (x, y + int(h * 0.64), w, int(h * 0.22))),
    )
    geometry = dataclasses.replace(geo, body=body, extra=extra)
    return dataclasses.replace(frames, geometry=geometry, areas=areas)


def _box(ph) -> Box | None:
    return placeholder_box(ph)


def placeholder_box(ph) -> Box | None:
    """A template placeholder's box as a slide made from its layout gets it: its own, else
    its master's of the same kind (python-pptx's inheritance); None when neither says. A kind
    python-pptx does not inherit (a header or slide-image placeholder put on a slide layout)
    has its own box or none, instead of failing as a damaged template."""
    try:
        box = (ph.left, ph.top, ph.width, ph.height)
    except KeyError:
        from .xml import xfrm_of

        xfrm = xfrm_of(ph._element)
        off = xfrm.find(A_OFF) if xfrm is not None else None
        ext = xfrm.find(A_EXT) if xfrm is not None else None
        if off is None or ext is None:
            return None
        box = (off.get("x"), off.get("y"), ext.get("cx"), ext.get("cy"))
    return None if any(v is None for v in box) else tuple(int(v) for v in box)


def analyse(base, theme) -> TemplateInfo:
    """Read a prepared template: the art behind each layout's slides, slidegen's colours on
    it, its own footer placeholders, the fonts and capitals of its titles and bodies."""
    from .art import art_map
    from .template_look import look_of, placeholder_style

    width, height = base.geometry.width, base.geometry.height
    for layout in base.layouts.values():
        _check_theme(layout.slide_master)
    art, by_part = {}, {}
    for key, layout in base.layouts.items():
        if layout.part not in by_part:
            by_part[layout.part] = art_map(layout, width, height)
        art[key] = by_part[layout.part]
    content_key = "content" if "content" in base.layouts else next(iter(base.layouts), None)
    if content_key is None:  # pragma: no cover - a deck always needs a layout
        raise ValueError("no layouts")
    content = base.layouts[content_key]
    body = _box_of_idx(content, 1) or base.geometry.body_box
    look = look_of(content, art[content_key].behind(body), theme.template_colors)
    furniture, styles = {}, {}
    caps = set()
    for key, layout in base.layouts.items():
        own, own_styles = [], {}
        for ph in layout.placeholders:
            kind = _kind(ph)
            if kind not in FURNITURE or kind in own_styles:
                continue
            box = _box(ph)
            if box is None:
                continue
            style = placeholder_style(layout, kind, ph.placeholder_format.idx)
            color = style.color or "#000000"
            own.append(Furniture(kind, box, color, style.size or 12.0, style.align))
            own_styles[kind] = style
        furniture[key], styles[key] = tuple(own), own_styles
        for ph in layout.placeholders:
            idx = ph.placeholder_format.idx
            if idx in (0, 1, 2) and placeholder_style(layout, _kind(ph), idx).caps:
                caps.add((key, idx))
    title_style = placeholder_style(content, "title", 0)
    body_kind = next(
        (_kind(p) for p in content.placeholders if p.placeholder_format.idx == 1), "body"
    )
    body_style = placeholder_style(content, body_kind, 1)
    fonts = {"heading": title_style.typeface or "Arial", "body": body_style.typeface or "Arial"}
    faces = {"+mn-lt": body_style.token or "+mn-lt", "+mj-lt": title_style.token or "+mj-lt"}
    return TemplateInfo(art, look, furniture, styles, fonts, frozenset(caps), faces)


def _check_theme(master) -> None:
    """A master's theme must have its colour, font and format schemes (PowerPoint refuses a
    file without them): ValueError, which make_base reports as a damaged template."""
    from .art import _theme_root, qpath

    root = _theme_root(master)
    for what in ("clrScheme", "fontScheme", "fmtScheme"):
        if root.find(qpath(f"themeElements/{what}")) is None:
            raise ValueError(f"its theme has no {what}")


def _kind(ph) -> str:
    from ..ooxml import qn

    el = ph._element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return el.get("type", "obj") if el is not None else "obj"


def _box_of_idx(layout, idx: int) -> Box | None:
    for ph in layout.placeholders:
        if ph.placeholder_format.idx == idx:
            return _box(ph)
    return None
