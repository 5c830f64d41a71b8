"""How a corporate template's text looks, read from the template so slidegen follows it: the
size, colour, font and capitals each placeholder's text gets (layout, master, text styles, font
scheme), and the template's scheme slots slidegen's own colours take (stat figures, agenda
highlights, headings, source lines, table header, chart axes), each chosen so it reads on
the template's own background. A theme's colours set for the template (`template_colors`)
win over the slots, as RGB values.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from ..colors import contrast_ratio, hex_of
from ..ooxml import TITLE_TYPES, qn
from .art import Palette, _theme_root, qpath

BODY_KINDS = ("body", "obj", "subTitle")
# the slots, with tints, that may serve each of slidegen's colour roles, preferred first, and the
# contrast each needs on the template's background
LIGHTER = (("lumMod", "65000"), ("lumOff", "35000"))  # PowerPoint's "Lighter 35%"
ROLE_SLOTS = {
    "primary": ([("tx2", ()), ("accent1", ()), ("tx1", ())], 4.5),
    "accent": ([(f"accent{i}", ()) for i in range(1, 7)] + [("tx2", ()), ("tx1", ())], 4.5),
    "muted": (
        [("tx1", LIGHTER), ("tx1", (("lumMod", "75000"), ("lumOff", "25000"))), ("tx1", ())],
        4.5,
    ),
}


@dataclass(frozen=True)
class TextStyle:
    """What a placeholder's first-level text gets from the template."""

    size: float | None  # points
    color: str | None  # "#RRGGBB"
    color_el: object = field(default=None, compare=False, repr=False)  # the a:solidFill
    typeface: str | None = None  # the family drawn ("Arial"), theme fonts resolved
    token: str | None = None  # as written: "+mn-lt", "+mj-lt" or a family
    caps: bool = False
    bold: bool = False
    align: str = "l"


def theme_fonts(master) -> dict[str, str]:
    """ "+mj-lt" and "+mn-lt" -> the master's theme's major and minor Latin families."""
    root = _theme_root(master)
    out = {}
    for token, tag in (("+mj-lt", "majorFont"), ("+mn-lt", "minorFont")):
        latin = root.find(qpath(f"themeElements/fontScheme/{tag}/latin"))
        out[token] = (
            latin.get("typeface") if latin is not None and latin.get("typeface") else "Arial"
        )
    return out


def _ph_of(sp):
    return sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")


def _match(tree, kind: str, idx: int | None):
    """The placeholder of `tree` a slide placeholder of this kind and index inherits from."""
    by_idx = by_kind = None
    for sp in tree.iterchildren(qn("p:sp")):
        ph = _ph_of(sp)
        if ph is None:
            continue
        pkind = ph.get("type", "obj")
        if idx is not None and int(ph.get("idx", "0")) == idx and by_idx is None:
            by_idx = sp
        if pkind == kind or (pkind in TITLE_TYPES and kind in TITLE_TYPES):
            by_kind = by_kind if by_kind is not None else sp
    return by_idx if by_idx is not None else by_kind


def _master_match(tree, kind: str):
    """A master's placeholder of the kind (a body-like kind inherits from its body)."""
    want = "title" if kind in TITLE_TYPES else ("body" if kind in BODY_KINDS else kind)
    for sp in tree.iterchildren(qn("p:sp")):
        ph = _ph_of(sp)
        if ph is not None and ph.get("type", "obj") == want:
            return sp
    return None


def placeholder_style(layout, kind: str, idx: int | None = None, level: int = 1) -> TextStyle:
    """The style the template gives a slide's placeholder of `kind` (and index) on `layout`:
    the layout's placeholder, then the master's, then the master's text styles."""
    master = layout.slide_master
    tree = layout.shapes._spTree
    chain = []
    sp = _match(tree, kind, idx)
    if sp is not None:
        chain.append(sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn(f'a:lvl{level}pPr')}"))
    msp = _master_match(master.shapes._spTree, kind)
    if msp is not None:
        chain.append(msp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{qn(f'a:lvl{level}pPr')}"))
    styles = master._element.find(qn("p:txStyles"))
    which = (
        "titleStyle"
        if kind in TITLE_TYPES
        else ("bodyStyle" if kind in BODY_KINDS else "otherStyle")
    )
    if styles is not None:
        chain.append(styles.find(f"{qn(f'p:{which}')}/{qn(f'a:lvl{level}pPr')}"))
    size = color_el = token = None
    caps = bold = align = None
    for ppr in chain:
        if ppr is None:
            continue
        align = align or ppr.get("algn")
        rpr = ppr.find(qn("a:defRPr"))
        if rpr is None:
            continue
        if size is None and rpr.get("sz"):
            size = int(rpr.get("sz")) / 100
        if caps is None and rpr.get("cap"):
            caps = rpr.get("cap") == "all"
        if bold is None and rpr.get("b"):
            bold = rpr.get("b") in ("1", "true")
        if color_el is None:
            color_el = rpr.find(qn("a:solidFill"))
        if token is None:
            latin = rpr.find(qn("a:latin"))
            if latin is not None and latin.get("typeface"):
                token = latin.get("typeface")
    palette = Palette.of(layout)
    color = None
    if color_el is not None:
        rgba = palette.of_fill(color_el)
        color = hex_of(rgba[:3]) if rgba else None
    if color is None:
        color = hex_of(palette.slot("tx1"))
    fonts = theme_fonts(master)
    token = token or "+mn-lt" if kind not in TITLE_TYPES else token or "+mj-lt"
    family = fonts.get(token, token)
    if family.startswith("+"):
        family = fonts["+mn-lt"]
    return TextStyle(size, color, color_el, family, token, bool(caps), bool(bold), align or "l")


@dataclass
class Look:
    """slidegen's colour roles on a template: role -> (tag, val, mods) for its XML, and the
    colour each shows ("#RRGGBB") for contrast decisions; table fills by slidegen's name."""

    colors: dict[str, tuple[str, str, tuple]]
    shown: dict[str, str]
    table: dict[str, str]
    axis: str  # the chart axis line's colour element, XML
    link: str | None = None  # a role for links when the template's link colour does not read
    on_fill: tuple[str, ...] = ()  # "bg1" or "tx1": what reads on accent1..6 (chart labels)


def _saturation(color: str) -> float:
    import colorsys

    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[2]


def _shown(palette: Palette, slot: str, mods) -> str:
    el = etree.Element(qn("a:schemeClr"), val=slot)
    for name, val in mods:
        etree.SubElement(el, qn(f"a:{name}"), val=val)
    return hex_of(palette.resolve(el)[:3])


def look_of(layout, background: str, explicit: dict[str, str]) -> Look:
    """slidegen's colours on the template whose content layout is `layout`, on `background`
    (the colour behind its content area); `explicit`: theme colours set for the template."""
    palette = Palette.of(layout)
    colors = {
        "text": ("a:schemeClr", "tx1", ()),
        "background": ("a:schemeClr", "bg1", ()),
    }
    shown = {"text": _shown(palette, "tx1", ()), "background": _shown(palette, "bg1", ())}
    for role, (slots, need) in ROLE_SLOTS.items():
        ranked = [(slot, mods, _shown(palette, slot, mods)) for slot, mods in slots]
        if role == "primary":  # headings' colour: a grey "Text 2" is no colour to stand out in
            ranked = [r for r in ranked if r[0] != "tx2" or _saturation(r[2]) >= 0.2]
        good = [r for r in ranked if contrast_ratio(r[2], background) >= need]
        good = good or [r for r in ranked if contrast_ratio(r[2], background) >= 3.0]
        slot, mods, hexed = (good or [max(ranked, key=lambda r: contrast_ratio(r[2], background))])[
            0
        ]
        colors[role] = ("a:schemeClr", slot, mods)
        shown[role] = hexed
    # the second chart series' and links' colour: the next accent that reads
    accents = [(f"accent{i}", _shown(palette, f"accent{i}", ())) for i in range(1, 7)]
    second = [
        a
        for a in accents
        if a[0] != colors["accent"][1] and contrast_ratio(a[1], background) >= 3.0
    ]
    slot, hexed = (second or [(colors["accent"][1], shown["accent"])])[0]
    colors["secondary"], shown["secondary"] = ("a:schemeClr", slot, ()), hexed
    for role, value in explicit.items():
        if role in ("background",):
            continue  # the template's backgrounds stay
        colors[role] = ("a:srgbClr", value.lstrip("#").upper(), ())
        shown[role] = value.upper()
    light = shown["background"]
    header = next(
        (
            s
            for s in ("tx2", "accent1", "tx1")
            if contrast_ratio(_shown(palette, s, ()), light) >= 4.5
        ),
        "tx2",
    )
    band = "bg2" if contrast_ratio(shown["text"], _shown(palette, "bg2", ())) >= 4.5 else "bg1"
    spec = colors["muted"]
    mods = "".join(f'<a:{n} val="{v}"/>' for n, v in spec[2])
    tag = spec[0].split(":")[1]
    axis = f'<a:{tag} val="{spec[1]}">{mods}</a:{tag}>' if mods else f'<a:{tag} val="{spec[1]}"/>'
    link = None
    if contrast_ratio(_shown(palette, "hlink", ()), background) < 4.5:
        link = "secondary" if contrast_ratio(shown["secondary"], background) >= 4.5 else "text"
    on_fill = []
    for i in range(1, 7):
        fill = _shown(palette, f"accent{i}", ())
        light, dark = (contrast_ratio(shown[r], fill) for r in ("background", "text"))
        on_fill.append("bg1" if light >= 3.0 or light >= dark else "tx1")
    tables = {"tx2": header, "bg2": band, "bg1": "bg1"}
    return Look(colors, shown, tables, axis, link, tuple(on_fill))
