"""Checks on any .pptx (ours or anyone's), read through slide -> layout -> master -> theme.

Colours, sizes and fonts are resolved from the raw XML the way PowerPoint inherits them, so
nothing python-pptx would write on read (its colour getters add `<a:solidFill/>`) is touched.
The file is opened, read and never saved.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..codes import Code
from ..colors import contrast_ratio, format_ratio, required_ratio
from ..ooxml import EMU_PER_PT, EXT_DECORATIVE, R_ID, TITLE_TYPES, URI_CHART, qn
from ..ooxml import NAMESPACES as NS
from ..place.measure import DEFAULT_INSETS, LINE_HEIGHT, Para
from ..text import Run, Text
from .deck import (
    BODY_MIN_PT,
    MAX_BULLETS,
    MAX_WORDS,
    SMALL_MIN_PT,
    is_filename_alt,
    is_vague_link,
)
from .findings import Finding, Location, Report, finding

FOOTER_TYPES = ("dt", "ftr", "sldNum")
READING_ORDER_SHAPES = 200  # reading order is compared among a slide's first 200 shapes
BODY_TYPES = ("title", "ctrTitle", "subTitle", "body", "obj")
_FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
_REFERENCES_TITLE = re.compile(r"^\s*(references|bibliography|sources|works cited)\b", re.I)
_PRESET = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "008000",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "gray": "808080",
    "grey": "808080",
    "lightGray": "D3D3D3",
    "darkGray": "A9A9A9",
}


def attr(el, name: str, default=None):
    """An attribute of an element that may be missing (lxml elements are never used as bools)."""
    return default if el is None else el.get(name, default)


_XPATHS: dict[str, etree.XPath] = {}


def _xp(el, path: str) -> list:
    """XPath with our prefixes (python-pptx's elements override xpath() without namespaces).

    Each path is compiled once: compiling it on every call was most of the cost of checking
    a slide with thousands of shapes."""
    compiled = _XPATHS.get(path)
    if compiled is None:
        compiled = _XPATHS[path] = etree.XPath(path, namespaces=NS)
    return compiled(el)


def x(el, path: str):
    """The first element at an XPath below `el` (namespaces a, p, r), or None."""
    if el is None:
        return None
    found = _xp(el, path)
    return found[0] if found else None


# ---- colours --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ColorContext:
    """Theme colour scheme, the colour map in force and the theme's background fill styles."""

    scheme: dict[str, str]
    cmap: dict[str, str]
    bg_styles: tuple = ()
    fill_styles: tuple = ()

    def slot(self, name: str) -> str | None:
        return self.scheme.get(self.cmap.get(name, name))


def _apply_mods(rgb: str, el) -> str:
    r, g, b = (int(rgb[i : i + 2], 16) / 255 for i in (0, 2, 4))
    for m in el:
        tag = etree.QName(m).localname
        v = int(m.get("val", "100000")) / 100000
        if tag in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * v if tag == "lumMod" else lum + v
            r, g, b = colorsys.hls_to_rgb(h, min(max(lum, 0), 1), s)
        elif tag == "tint":
            r, g, b = (c * v + (1 - v) for c in (r, g, b))
        elif tag == "shade":
            r, g, b = (c * v for c in (r, g, b))
    return "".join(f"{round(min(max(c, 0), 1) * 255):02X}" for c in (r, g, b))


def color_value(el, ctx: ColorContext, ph: str | None = None) -> str | None:
    """Hex colour of a colour element (srgbClr, schemeClr, sysClr, prstClr...), or None."""
    if el is None:
        return None
    tag = etree.QName(el).localname
    base = None
    if tag == "srgbClr":
        base = el.get("val")
    elif tag == "schemeClr":
        val = el.get("val")
        base = ph if val == "phClr" else ctx.slot(val)
    elif tag == "sysClr":
        base = el.get("lastClr") or ("000000" if el.get("val") == "windowText" else "FFFFFF")
    elif tag == "prstClr":
        base = _PRESET.get(el.get("val", ""))
    elif tag == "scrgbClr":
        base = "".join(f"{round(int(el.get(k, '0')) / 100000 * 255):02X}" for k in "rgb")
    if not base:
        return None
    return _apply_mods(base.upper(), el)


def fill_color(parent, ctx: ColorContext, ph: str | None = None):
    """(kind, hex) of the fill directly under `parent`: kind is None when it has no fill."""
    if parent is None:
        return None, None
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        tag = etree.QName(child).localname
        if tag in _FILLS:
            if tag == "solidFill":
                return "solid", color_value(child[0] if len(child) else None, ctx, ph)
            return tag, None
    return None, None


# ---- what text sits on -------------------------------------------------------------------------
@dataclass(frozen=True)
class Backdrop:
    """The colours text may sit on: one (a solid fill), a gradient's stops, a pattern's two
    colours, or colours sampled from a picture where the text is."""

    colors: tuple[str, ...]
    kind: str = "solid"  # "solid", "gradient", "pattern" or "picture"
    alpha: float = 1.0  # a solid fill's opacity (1: opaque)

    def against(self, color: str) -> tuple[float, str]:
        """(contrast ratio, background colour) to judge text in `color` by: the least
        contrasting stop of a gradient or colour of a pattern; for a picture, the colour at
        its least contrasting quarter (text unreadable over a quarter of it is a problem)."""
        ratios = sorted((contrast_ratio("#" + color, "#" + c), c) for c in self.colors)
        return ratios[len(ratios) // 4] if self.kind == "picture" else ratios[0]

    def over(self, beneath: Backdrop) -> Backdrop:
        """A partly transparent solid fill seen over what is beneath it."""
        if self.alpha >= 1.0 or self.kind != "solid" or not self.colors:
            return self
        mixed = tuple(_mix(self.colors[0], c, self.alpha) for c in beneath.colors)
        return Backdrop(mixed, beneath.kind)

    def describe(self, bg: str) -> str:
        return {
            "gradient": f"#{bg} (the gradient's least contrasting stop)",
            "pattern": f"#{bg} (in the pattern behind it)",
            "picture": f"#{bg} (sampled from the picture behind it)",
        }.get(self.kind, f"#{bg}")


WHITE = Backdrop(("FFFFFF",))
CLEAR = Backdrop((), "clear")  # no fill: what is beneath shows through
UNKNOWN = Backdrop((), "unknown")  # a fill that cannot be judged: no contrast finding


def _mix(top: str, beneath: str, alpha: float) -> str:
    a = [int(top[i : i + 2], 16) for i in (0, 2, 4)]
    b = [int(beneath[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(x * alpha + y * (1 - alpha)):02X}" for x, y in zip(a, b, strict=True))


def _alpha(color_el) -> float:
    a = x(color_el, "a:alpha") if color_el is not None else None
    return min(max(_int(a.get("val"), 100000) / 100000, 0.0), 1.0) if a is not None else 1.0


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _covers(under, box) -> bool:
    """Whether a shape's box lies under most of a text box (and under its centre)."""
    ux, uy, uw, uh = under
    bx, by, bw, bh = box
    if uw <= 0 or uh <= 0 or bw <= 0 or bh <= 0:
        return False
    cx, cy = bx + bw / 2, by + bh / 2
    if not (ux <= cx <= ux + uw and uy <= cy <= uy + uh):
        return False
    ow = max(0, min(ux + uw, bx + bw) - max(ux, bx))
    oh = max(0, min(uy + uh, by + bh) - max(uy, by))
    return ow * oh >= 0.5 * bw * bh


# ---- one presentation --------------------------------------------------------------------------
class _Deck:
    """The presentation's parts as raw XML, read once."""

    def __init__(self, prs):
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        self.prs = prs
        self.width = int(prs.slide_width or 9144000)
        self.height = int(prs.slide_height or 6858000)
        self.default_style = x(prs.part._element, "p:defaultTextStyle")
        self.masters = {}
        for master in prs.slide_masters:
            theme = etree.fromstring(master.part.part_related_by(RT.THEME).blob)
            scheme = {}
            clr = x(theme, ".//a:clrScheme")
            for slot in clr if clr is not None else []:
                name = etree.QName(slot).localname
                if len(slot):
                    scheme[name] = color_value(slot[0], ColorContext({}, {}))
            fonts = {
                "+mj-lt": attr(x(theme, ".//a:majorFont/a:latin"), "typeface", "Calibri"),
                "+mn-lt": attr(x(theme, ".//a:minorFont/a:latin"), "typeface", "Calibri"),
            }
            bg_list = x(theme, ".//a:bgFillStyleLst")
            fill_list = x(theme, ".//a:fillStyleLst")
            cmap_el = x(master._element, "p:clrMap")
            cmap = dict(cmap_el.attrib) if cmap_el is not None else {}
            bg_styles = tuple(bg_list) if bg_list is not None else ()
            fill_styles = tuple(fill_list) if fill_list is not None else ()
            self.masters[id(master._element)] = (scheme, fonts, cmap, bg_styles, fill_styles)


@dataclass
class _Shape:
    """A shape on a slide with the elements it inherits from."""

    el: object
    name: str
    ph_type: str | None
    chain: list  # [shape, layout placeholder, master placeholder] elements (present ones)
    style_key: str  # titleStyle, bodyStyle or otherStyle
    box: tuple[int, int, int, int]


@dataclass
class _TextPara:
    """A paragraph as check lays it out: its lines (split at line breaks), the size of each,
    its indent (EMU), line spacing (a multiple of single) and space before it (points)."""

    lines: list[list[Run]]
    sizes: list[float]
    indent: int
    spacing: float
    before: float


def check_pptx(path: Path | str, fonts=None) -> Report:
    """Check one PowerPoint file (.pptx, .pptm, .potx, .ppsx ...). Never modifies or saves it."""
    from ..importer.package import not_a_presentation, sniff
    from ..opc import PackageError, open_presentation

    path = Path(path)
    report = Report(str(path), "pptx")
    sniffed = sniff(path)
    if not sniffed.presentation:
        report.findings.append(
            finding(Code.PPTX_UNREADABLE, Location(str(path)), not_a_presentation(path, sniffed))
        )
        return report
    try:
        prs = open_presentation(path)  # within the limits: opc.py
    except PackageError as exc:  # over a limit, not a zip, damaged: said in its own words
        d = exc.diagnostics[0]
        message = d.message + (f" ({d.hint})" if d.hint else "")
        report.findings.append(finding(Code.PPTX_UNREADABLE, Location(str(path)), message))
        return report
    except Exception as exc:  # any unreadable package is the user's file, not our bug
        report.findings.append(
            finding(
                Code.PPTX_UNREADABLE,
                Location(str(path)),
                f"cannot read '{path.name}' as a .pptx: {type(exc).__name__}: {exc}",
            )
        )
        return report
    from ..opc import damaged_errors, damaged_message
    from ..place.measure import FontCache

    try:
        deck = _Deck(prs)
        fonts = fonts or FontCache()
        checker = _Checker(deck, str(path), fonts)
        slides = list(prs.slides)
    except damaged_errors() as exc:
        # a package that opens but lacks a part python-pptx needs (a master's theme, a
        # slide's layout) or holds one that is not XML: the file's problem, reported as one
        report.findings.append(
            finding(
                Code.PPTX_UNREADABLE,
                Location(str(path)),
                f"cannot read '{path.name}': a part of it is missing or damaged "
                f"({damaged_message(exc)})",
            )
        )
        return report
    for n, slide in enumerate(slides, 1):
        try:
            report.findings += checker.slide(n, slide)
        except Exception as exc:  # one slide's odd XML does not stop the others
            report.findings.append(
                finding(
                    Code.PPTX_UNREADABLE,
                    Location(str(path), slide=n),
                    f"slide {n} could not be checked: a part of it is missing or damaged"
                    f" ({damaged_message(exc)})",
                )
            )
    report.findings += checker.duplicates()
    report.slides = len(slides)
    return report


_PH_KIND = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}


class _Checker:
    def __init__(self, deck: _Deck, file: str, fonts):
        self._part = None
        self._ph_indexes: dict[int, tuple] = {}
        self.deck = deck
        self.file = file
        self.fonts = fonts
        self.titles: dict[str, int] = {}
        self.dupes: list[Finding] = []
        self._images: dict = {}  # (part, rId) -> the picture, small, or None
        self._layers: list[tuple] = []
        self._layer_index: dict[int, int] = {}
        self._bg = lambda box: WHITE
        self._slide_box = (0, 0, 0, 0)

    # ---- context ------------------------------------------------------------------------
    def _ctx(self, slide):
        layout = slide.slide_layout
        master = layout.slide_master
        scheme, fonts, cmap, bg_styles, fill_styles = self.deck.masters[id(master._element)]
        cmap = dict(cmap)
        for part in (layout._element, slide._element):
            ovr = x(part, "p:clrMapOvr/a:overrideClrMapping")
            if ovr is not None:
                cmap = dict(ovr.attrib)
        return layout, master, ColorContext(scheme, cmap, bg_styles, fill_styles), fonts

    def _background(self, parts, ctx: ColorContext):
        """The slide background (slide, else layout, else master) as a function of a text
        box: its Backdrop there (a picture background is sampled where the text is)."""
        for el, part in parts:
            bg = x(el, "p:cSld/p:bg")
            if bg is None:
                continue
            pr = x(bg, "p:bgPr")
            if pr is not None:
                return lambda box, pr=pr, part=part: self._fill(pr, ctx, part, self._slide_box, box)
            ref = x(bg, "p:bgRef")
            if ref is not None:
                ph = color_value(ref[0] if len(ref) else None, ctx)
                idx = _int(ref.get("idx"), 0)
                styles = ctx.bg_styles
                if idx >= 1001 and idx - 1001 < len(styles):
                    style = styles[idx - 1001]
                    return lambda box, st=style, ph=ph: self._style_fill(st, ctx, ph)
                return lambda box, ph=ph: Backdrop((ph,)) if ph else UNKNOWN
        return lambda box: WHITE

    @staticmethod
    def _placeholder(el):
        ph = x(el, "./*[1]/p:nvPr/p:ph")
        if ph is None:
            return None
        return ph.get("type", "obj"), ph.get("idx")

    def _find_ph(self, part, ph_type: str, idx: str | None, by_type_only: bool = False):
        """A layout's or master's placeholder: by idx (unless by type only), else the first
        of the same kind. Each part's placeholders are indexed once (a slide of thousands of
        placeholders was quadratic)."""
        by_idx, by_kind = self._ph_index(part)
        if idx is not None and idx != "0" and not by_type_only and idx in by_idx:
            return by_idx[idx]
        return by_kind.get(_PH_KIND.get(ph_type, ph_type))

    def _ph_index(self, part) -> tuple[dict, dict]:
        key = id(part)
        found = self._ph_indexes.get(key)
        if found is None:
            by_idx: dict = {}
            by_kind: dict = {}
            for c in _xp(part, "p:cSld/p:spTree//p:sp[p:nvSpPr/p:nvPr/p:ph]"):
                ph = x(c, "p:nvSpPr/p:nvPr/p:ph")
                by_idx.setdefault(ph.get("idx"), c)
                t = ph.get("type", "obj")
                by_kind.setdefault(_PH_KIND.get(t, t), c)
            found = self._ph_indexes[key] = (by_idx, by_kind, part)  # part: keeps id() valid
        return found[0], found[1]

    def _shape(self, shape, layout, master) -> _Shape:
        el = shape._element
        ph = self._placeholder(el)
        chain = [el]
        if ph is not None:
            ph_type, idx = ph
            lay = self._find_ph(layout._element, ph_type, idx)
            if lay is not None:
                chain.append(lay)
            lay_type = ph_type
            if lay is not None:
                lay_type = x(lay, "p:nvSpPr/p:nvPr/p:ph").get("type", "obj")
            mas = self._find_ph(master._element, lay_type, None, by_type_only=True)
            if mas is not None:
                chain.append(mas)
            key = "titleStyle" if ph_type in TITLE_TYPES else "bodyStyle"
        else:
            ph_type, key = None, "otherStyle"
        box = tuple(int(v or 0) for v in (shape.left, shape.top, shape.width, shape.height))
        return _Shape(el, shape.name, ph_type, chain, key, box)

    # ---- per slide ------------------------------------------------------------------------
    def slide(self, n: int, slide) -> list[Finding]:
        layout, master, ctx, fonts = self._ctx(slide)
        self._part = slide.part
        self._slide_box = (0, 0, self.deck.width, self.deck.height)
        hidden = slide._element.get("show") in ("0", "false")
        out: list[Finding] = []
        shapes = [self._shape(s, layout, master) for s in slide.shapes]
        shapes = [sh for sh in shapes if not _hidden(sh.el)]  # what PowerPoint shows
        loc = Location(self.file, slide=n)
        title = self._title(n, slide, shapes, loc, out, hidden)
        refs_slide = bool(title and _REFERENCES_TITLE.match(title))
        self._bg = self._background(
            [
                (slide._element, slide.part),
                (layout._element, layout.part),
                (master._element, master.part),
            ],
            ctx,
        )
        self._layers = self._flatten(shapes)
        self._layer_index = {id(layer[0]): i for i, layer in enumerate(self._layers)}
        master_styles = x(master._element, "p:txStyles")
        bullets = words = 0
        for sh in shapes:
            sloc = Location(self.file, slide=n, shape=sh.name)
            out += self._alt(sh, sloc)
            for tsh in self._text_shapes(sh):
                info = self._text(tsh, ctx, fonts, master_styles, sloc, refs_slide, out)
                if sh.ph_type not in (*TITLE_TYPES, *FOOTER_TYPES, "subTitle"):
                    bullets += info[0]
                    words += info[1]
        out += self._reading_order(shapes, loc)
        if not refs_slide:
            if bullets > MAX_BULLETS:
                out.append(finding(Code.TOO_MANY_BULLETS, loc, f"slide {n} has {bullets} bullets"))
            if words > MAX_WORDS:
                out.append(finding(Code.TOO_MANY_WORDS, loc, f"slide {n} has {words} words"))
        return out

    def _title(self, n, slide, shapes, loc, out, hidden: bool = False) -> str | None:
        for sh in shapes:
            if sh.ph_type in TITLE_TYPES:
                text = "".join(_xp(sh.el, ".//a:t/text()")).strip()
                if text:
                    key = " ".join(text.casefold().split())
                    if key in self.titles:
                        self.dupes.append(
                            finding(
                                Code.TITLE_DUPLICATE,
                                loc,
                                f"slide {n} has the same title as slide {self.titles[key]}:"
                                f" '{text}'",
                            )
                        )
                    else:
                        self.titles[key] = n
                    return text
        if hidden:  # not shown in the slide show: worth knowing, not a failure
            f = finding(Code.TITLE_MISSING, loc, f"hidden slide {n} has no title")
            f.severity = "info"
            out.append(f)
        else:
            out.append(finding(Code.TITLE_MISSING, loc, f"slide {n} has no title"))
        return None

    def duplicates(self) -> list[Finding]:
        return self.dupes

    # ---- alt text -------------------------------------------------------------------------
    def _alt(self, sh: _Shape, loc: Location) -> list[Finding]:
        el = sh.el
        tag = etree.QName(el).localname
        if tag == "graphicFrame":
            if x(el, f".//a:graphicData[@uri='{URI_CHART}']") is None:
                return []  # tables carry their own text; alt text is optional
            what = "chart"
        elif tag == "pic":
            what = "picture"
        elif tag == "grpSp":
            what = "group"
            if not _xp(el, ".//p:pic"):
                return []
        else:
            return []
        c_nv = x(el, "./*[1]/p:cNvPr")
        if c_nv is None:
            return []
        ext = x(c_nv, f"a:extLst/a:ext[@uri='{EXT_DECORATIVE}']")
        if ext is not None and any(child.get("val") in ("1", "true") for child in ext):
            return []
        descr = (c_nv.get("descr") or "").strip()
        if not descr:
            return [finding(Code.ALT_MISSING, loc, f"{what} '{sh.name}' has no alt text")]
        if is_filename_alt(descr):
            return [
                finding(
                    Code.ALT_FILENAME,
                    loc,
                    f"the alt text of {what} '{sh.name}' is a file name or generic: '{descr}'",
                )
            ]
        return []

    # ---- text -----------------------------------------------------------------------------
    def _text_shapes(self, sh: _Shape):
        if _hidden(sh.el):
            return  # not shown: nothing to read
        tag = etree.QName(sh.el).localname
        if tag == "sp":
            if x(sh.el, "p:txBody") is not None:
                yield sh
        elif tag == "grpSp":
            boxes = {id(el): box for el, box, *_ in self._layers}
            for child in _xp(sh.el, ".//p:sp[p:txBody]"):
                if _hidden(child):
                    continue
                name = attr(x(child, "p:nvSpPr/p:cNvPr"), "name", sh.name)
                box = boxes.get(id(child)) or _xfrm_box(child, sh.box)
                yield _Shape(child, name, None, [child], "otherStyle", box)

    def _levels(self, sh: _Shape, level: int, master_styles):
        """The paragraph-property elements for one level, most specific first."""
        name = f"a:lvl{level + 1}pPr"
        out = [x(el, f"p:txBody/a:lstStyle/{name}") for el in sh.chain]
        if master_styles is not None:
            out.append(x(master_styles, f"p:{sh.style_key}/{name}"))
        out.append(x(self.deck.default_style, name))
        return [e for e in out if e is not None]

    def _body_pr(self, sh: _Shape):
        return [b for b in (x(el, "p:txBody/a:bodyPr") for el in sh.chain) if b is not None]

    # ---- backgrounds ----------------------------------------------------------------------
    def _flatten(self, shapes: list[_Shape]) -> list[tuple]:
        """Every shape on the slide, back to front, with its box on the slide: (element,
        box, inheritance chain, the fill of the group it is in)."""
        out: list[tuple] = []

        def walk(el, box, chain, group_fill, transform):
            if etree.QName(el).localname == "grpSp":
                own = x(el, "p:grpSpPr")
                inner = _group_transform(el, transform)
                for child in el:
                    if not isinstance(child.tag, str):
                        continue
                    tag = etree.QName(child).localname
                    if tag in ("sp", "pic", "grpSp", "cxnSp", "graphicFrame"):
                        walk(child, _child_box(child, inner), [child], own, inner)
                return
            out.append((el, box, chain, group_fill))

        for sh in shapes:
            walk(sh.el, sh.box, sh.chain, None, _IDENTITY)
        return out

    def _layer_fill(self, el, box, chain, group_fill, ctx, text_box) -> Backdrop | None:
        """A shape's fill under a text box; None when the shape says nothing (no fill given
        anywhere it inherits from)."""
        tag = etree.QName(el).localname
        if tag == "pic":
            blip = x(el, "p:blipFill/a:blip")
            return self._picture(blip, box, text_box) if blip is not None else UNKNOWN
        if tag == "graphicFrame":
            return None  # tables and charts: not judged as backgrounds
        for part_el in chain:
            sp_pr = x(part_el, "p:spPr")
            if sp_pr is None:
                continue
            found = self._fill(sp_pr, ctx, self._part, box, text_box, group_fill)
            if found is not None:
                return found
        ref = x(el, "p:style/a:fillRef")
        if ref is not None:
            idx = _int(ref.get("idx"), 0)
            ph = color_value(ref[0], ctx) if len(ref) else None
            if idx == 0:
                return CLEAR
            styles = ctx.fill_styles if idx < 1000 else ctx.bg_styles
            i = idx - 1 if idx < 1000 else idx - 1001
            if 0 <= i < len(styles):
                return self._style_fill(styles[i], ctx, ph)
            return Backdrop((ph,)) if ph else UNKNOWN
        return None

    def _fill(self, parent, ctx, part, box, text_box, group_fill=None) -> Backdrop | None:
        """The fill element directly under `parent` (spPr, bgPr) as a Backdrop; None if
        it has none."""
        for child in parent:
            if not isinstance(child.tag, str):
                continue
            tag = etree.QName(child).localname
            if tag not in _FILLS:
                continue
            if tag == "noFill":
                return CLEAR
            if tag == "grpFill":
                if group_fill is None:
                    return CLEAR
                return self._fill(group_fill, ctx, part, box, text_box)
            if tag == "blipFill":
                return self._picture(x(child, "a:blip"), box, text_box, part)
            return self._style_fill(child, ctx, None)
        return None

    def _style_fill(self, fill, ctx, ph) -> Backdrop:
        """A solid, gradient or pattern fill (from a shape, a background or the theme)."""
        tag = etree.QName(fill).localname
        if tag == "solidFill":
            c_el = fill[0] if len(fill) else None
            hexv = color_value(c_el, ctx, ph)
            return Backdrop((hexv,), "solid", _alpha(c_el)) if hexv else UNKNOWN
        if tag == "gradFill":
            stops = [color_value(gs[0], ctx, ph) for gs in _xp(fill, "a:gsLst/a:gs") if len(gs) > 0]
            return Backdrop(tuple(stops), "gradient") if stops and all(stops) else UNKNOWN
        if tag == "pattFill":
            found = [
                color_value(c[0], ctx, ph)
                for c in (x(fill, "a:fgClr"), x(fill, "a:bgClr"))
                if c is not None and len(c)
            ]
            return Backdrop(tuple(found), "pattern") if found and all(found) else UNKNOWN
        if tag == "noFill":
            return CLEAR
        return UNKNOWN

    def _picture(self, blip, box, text_box, part=None) -> Backdrop:
        """Colours sampled from a picture where a text box lies over it."""
        rid = blip.get(qn("r:embed")) if blip is not None else None
        part = part or self._part
        if not rid:
            return UNKNOWN
        key = (id(part), rid)
        img = self._images.get(key, False)
        if img is False:
            img = _load_picture(part, rid)
            self._images[key] = img
        if img is None:
            return UNKNOWN
        bx, by, bw, bh = box
        tx, ty, tw, th = text_box
        if bw <= 0 or bh <= 0:
            return UNKNOWN
        left = min(max((tx - bx) / bw, 0.0), 1.0)
        top = min(max((ty - by) / bh, 0.0), 1.0)
        right = min(max((tx + tw - bx) / bw, left), 1.0)
        bottom = min(max((ty + th - by) / bh, top), 1.0)
        w, h = img.size
        crop = (
            int(left * w),
            int(top * h),
            max(int(left * w) + 1, round(right * w)),
            max(int(top * h) + 1, round(bottom * h)),
        )
        sample = img.crop(crop).resize((8, 8))
        colors = tuple(f"{r:02X}{g:02X}{b:02X}" for r, g, b in sample.getdata())
        return Backdrop(colors, "picture")

    def _backdrop(self, sh: _Shape, ctx) -> Backdrop:
        """What the text of a shape sits on: its own fill, else the shapes beneath it (in
        z-order, those covering most of it), else the slide's background."""
        index = self._layer_index.get(id(sh.el))
        box = sh.box
        own = None
        if index is not None:
            el, box, chain, group_fill = self._layers[index]
            own = self._layer_fill(el, box, chain, group_fill, ctx, box)
        else:
            own = self._layer_fill(sh.el, box, sh.chain, None, ctx, box)
        below = self._layers[:index] if index is not None else []
        return self._beneath(own, below, box, ctx)

    def _beneath(self, top, below, text_box, ctx) -> Backdrop:
        if top is not None and top.kind not in ("clear",):
            if top.kind == "solid" and top.alpha < 1.0:
                return top.over(self._beneath(None, below, text_box, ctx))
            return top
        for i in range(len(below) - 1, -1, -1):
            el, box, chain, group_fill = below[i]
            if not _covers(box, text_box):
                continue
            fill = self._layer_fill(el, box, chain, group_fill, ctx, text_box)
            if fill is None or fill.kind == "clear":
                continue
            return self._beneath(fill, below[:i], text_box, ctx)
        bg = self._bg(text_box)
        return bg if bg is not None and bg.kind != "clear" else WHITE

    def _text(self, sh, ctx, fonts, master_styles, loc, refs_slide, out):
        """Sizes, contrast, links and overflow of one text shape; returns (bullets, words)."""
        body_prs = self._body_pr(sh)
        scale, reduction = 1.0, 0.0
        for bp in body_prs:
            fit = x(bp, "a:normAutofit")
            if fit is not None:  # what PowerPoint stored when it shrank the text to fit
                scale = _int(fit.get("fontScale"), 100000) / 100000
                reduction = _int(fit.get("lnSpcReduction"), 0) / 100000
                break
            if x(bp, "a:spAutoFit") is not None or x(bp, "a:noAutofit") is not None:
                break
        backdrop = None  # worked out at the first run with a colour
        font_ref = x(sh.el, "p:style/a:fontRef")
        is_body = sh.ph_type in BODY_TYPES
        paras: list[_TextPara] = []
        bullets = words = 0
        smallest = None
        worst = None
        family = None
        for p in _xp(sh.el, "p:txBody/a:p"):
            ppr = x(p, "a:pPr")
            level = _int(ppr.get("lvl") if ppr is not None else None, 0)
            levels = ([ppr] if ppr is not None else []) + self._levels(sh, level, master_styles)
            lines: list[list[Run]] = [[]]  # the paragraph's lines (a:br starts one)
            sizes: list[float] = []  # the largest size on each line
            line_size = None
            text_runs = []
            para_size = None
            for r in _xp(p, "a:r|a:fld|a:br"):
                if etree.QName(r).localname == "br":
                    sizes.append(line_size or para_size or 0)
                    lines.append([])
                    line_size = None
                    continue
                t = "".join(_xp(r, "a:t/text()"))
                if not t.strip():
                    text_runs.append(Run(t))
                    lines[-1].append(Run(t))
                    continue
                rpr = x(r, "a:rPr")
                size = self._prop(rpr, levels, "sz", 1800) / 100 * scale
                bold = str(self._prop(rpr, levels, "b", "0")) in ("1", "true")
                italic = str(self._prop(rpr, levels, "i", "0")) in ("1", "true")
                face = self._font(rpr, levels, sh.style_key, fonts)
                family = family or face
                para_size = para_size or size
                line_size = max(line_size or 0, size)
                link = x(rpr, "a:hlinkClick")
                color = self._run_color(rpr, levels, font_ref, ctx, link is not None)
                text_runs.append(Run(t, bold, italic))
                lines[-1].append(Run(t, bold, italic))
                if smallest is None or size < smallest[0]:
                    smallest = (size, t)
                if color:
                    if backdrop is None:
                        backdrop = self._backdrop(sh, ctx)
                    if backdrop.colors:
                        ratio, bg = backdrop.against(color)
                        need = required_ratio(size, bold)
                        if ratio + 1e-9 < need and (worst is None or ratio < worst[0]):
                            worst = (ratio, need, color, backdrop.describe(bg), t)
                if link is not None:
                    self._link(r, t, link, refs_slide, loc, out)
            sizes.append(line_size or para_size or 0)
            empty_size = self._end_size(p, levels) * scale
            if not text_runs or not "".join(r.text for r in text_runs).strip():
                paras.append(_TextPara([[]], [empty_size], 0, 1.0, 0.0))
                continue
            words += len(re.findall(r"\w[\w'’.,%:/-]*", "".join(r.text for r in text_runs)))
            if self._has_bullet(levels):
                bullets += 1
            mar_l = int(self._attr(levels, "marL", 0))
            spacing = self._line_spacing(levels, para_size) * (1 - reduction)
            before = self._spacing(levels, para_size) * (1 - reduction)
            sizes = [z or para_size for z in sizes]
            paras.append(_TextPara(lines, sizes, mar_l, spacing, before))
        if smallest is not None:
            size, t = smallest
            if size < SMALL_MIN_PT - 1e-6:
                out.append(
                    finding(
                        Code.TEXT_TOO_SMALL,
                        loc,
                        f"text '{_short(t)}' is {size:g} pt (below {SMALL_MIN_PT:g} pt)",
                    )
                )
            elif (is_body or words > 15) and size < BODY_MIN_PT - 1e-6:
                out.append(
                    finding(
                        Code.TEXT_SMALL,
                        loc,
                        f"text '{_short(t)}' is {size:g} pt (body text below {BODY_MIN_PT:g} pt)",
                    )
                )
        if worst is not None:
            ratio, need, color, bg, t = worst
            out.append(
                finding(
                    Code.CONTRAST,
                    loc,
                    f"text '{_short(t)}' #{color} on {bg} has contrast {format_ratio(ratio)},"
                    f" below {need:g}:1",
                )
            )
        self._overflow(sh, paras, body_prs, family, loc, out, scale < 1 or reduction > 0)
        return bullets, words

    @staticmethod
    def _attr(levels, name, default):
        for el in levels:
            if el is not None and el.get(name) is not None:
                return el.get(name)
        return default

    @staticmethod
    def _prop(rpr, levels, name, default):
        if rpr is not None and rpr.get(name) is not None:
            v = rpr.get(name)
        else:
            v = None
            for el in levels:
                d = x(el, "a:defRPr")
                if d is not None and d.get(name) is not None:
                    v = d.get(name)
                    break
        if v is None:
            return default
        return int(v) if name == "sz" else v

    def _end_size(self, p, levels) -> float:
        end = x(p, "a:endParaRPr")
        return self._prop(end, levels, "sz", 1800) / 100

    @staticmethod
    def _font(rpr, levels, style_key, fonts) -> str:
        face = attr(x(rpr, "a:latin"), "typeface", None)
        if not face:
            for el in levels:
                latin = x(el, "a:defRPr/a:latin")
                if latin is not None and latin.get("typeface"):
                    face = latin.get("typeface")
                    break
        face = face or ("+mj-lt" if style_key == "titleStyle" else "+mn-lt")
        return fonts.get(face, face)

    def _run_color(self, rpr, levels, font_ref, ctx, is_link) -> str | None:
        if is_link:
            return ctx.slot("hlink")
        kind, hexv = fill_color(rpr, ctx)
        if kind is not None:
            return hexv
        for el in levels:
            kind, hexv = fill_color(x(el, "a:defRPr"), ctx)
            if kind is not None:
                return hexv
        if font_ref is not None and len(font_ref):
            return color_value(font_ref[0], ctx)
        return ctx.slot("tx1")

    @staticmethod
    def _has_bullet(levels) -> bool:
        for el in levels:
            for tag in ("buNone", "buChar", "buAutoNum", "buBlip"):
                if x(el, f"a:{tag}") is not None:
                    return tag != "buNone"
        return False

    @staticmethod
    def _spacing(levels, size) -> float:
        """Space before a paragraph, in points."""
        for el in levels:
            spc = x(el, "a:spcBef")
            if spc is not None:
                pct = x(spc, "a:spcPct")
                if pct is not None:
                    return (size or 18) * _int(pct.get("val"), 0) / 100000
                pts = x(spc, "a:spcPts")
                if pts is not None:
                    return _int(pts.get("val"), 0) / 100
        return 0.0

    @staticmethod
    def _line_spacing(levels, size) -> float:
        """Line spacing as a multiple of single spacing (a:lnSpc: a percentage or points)."""
        for el in levels:
            spc = x(el, "a:lnSpc")
            if spc is not None:
                pct = x(spc, "a:spcPct")
                if pct is not None:
                    return max(_int(pct.get("val"), 100000) / 100000, 0.1)
                pts = x(spc, "a:spcPts")
                if pts is not None and size:
                    return max(_int(pts.get("val"), 0) / 100 / (size * LINE_HEIGHT), 0.1)
        return 1.0

    def _link(self, r, text, link, refs_slide, loc, out) -> None:
        url = None
        rid = link.get(R_ID)
        if rid:
            rels = self._part.rels
            url = rels[rid].target_ref if rid in rels else None
        bare = refs_slide and re.match(r"^(https?://|www\.)", text.strip(), re.I)
        if is_vague_link(text, url) and not bare:
            out.append(
                finding(
                    Code.LINK_TEXT, loc, f"link text '{_short(text)}' does not say where it goes"
                )
            )

    def _overflow(self, sh, paras, body_prs, family, loc, out, shrunk=False) -> None:
        """Text taller than its box, laid out as PowerPoint draws it: at the size and line
        spacing a `normAutofit` shrink stored (font scale, line spacing reduction), each line
        (a paragraph's lines end at line breaks) as tall as its largest text.

        A box PowerPoint shrank (`shrunk`) fitted when PowerPoint last laid it out, with the
        real fonts; it is given more room (15% rather than 5%) for the difference between
        those fonts and the ones measured here."""
        left, top, width, height = sh.box
        if not family or width <= 0 or height <= 0 or not any(p.lines[0] for p in paras):
            return
        insets = list(DEFAULT_INSETS)
        wrap = True
        for bp in reversed(body_prs):
            for i, k in enumerate(("lIns", "tIns", "rIns", "bIns")):
                if bp.get(k) is not None:
                    insets[i] = _int(bp.get(k), insets[i])
            if bp.get("wrap") is not None:
                wrap = bp.get("wrap") != "none"
        if not wrap:
            return
        for bp in body_prs:
            if x(bp, "a:spAutoFit") is not None:
                return  # the shape grows with its text
            if x(bp, "a:normAutofit") is not None or x(bp, "a:noAutofit") is not None:
                break
        measurer = self.fonts.measurer(family)
        sides = (insets[0], 0, insets[2], 0)
        needed = insets[1] + insets[3]
        for i, para in enumerate(paras):
            if i:
                needed += round(para.before * EMU_PER_PT)
            for line, size in zip(para.lines, para.sizes, strict=True):
                size = size or 18.0
                text = Text(tuple(line))
                lay = measurer.layout(
                    [Para(text, size, False, para.indent)],
                    width,
                    line_spacing=para.spacing,
                    insets=sides,
                )
                needed += lay.height_emu
        slack = max(int(height * (0.15 if shrunk else 0.05)), 6 * EMU_PER_PT)
        if needed > height + slack:
            out.append(
                finding(
                    Code.OVERFLOW,
                    loc,
                    f"text in '{sh.name}' needs {needed / EMU_PER_PT:.0f} pt of height;"
                    f" the box is {height / EMU_PER_PT:.0f} pt",
                )
            )

    # ---- reading order ---------------------------------------------------------------------
    def _reading_order(self, shapes: list[_Shape], loc: Location) -> list[Finding]:
        items = []
        for sh in shapes:
            c_nv = x(sh.el, "./*[1]/p:cNvPr")
            if c_nv is not None and x(c_nv, f"a:extLst/a:ext[@uri='{EXT_DECORATIVE}']") is not None:
                continue
            if sh.ph_type in FOOTER_TYPES:
                continue
            if sh.box[2] <= 0 and sh.box[3] <= 0:
                continue
            items.append(sh)
        if not items:
            return []
        titles = [i for i, sh in enumerate(items) if sh.ph_type in TITLE_TYPES]
        if titles and titles[0] != 0:
            return [
                finding(
                    Code.READING_ORDER,
                    loc,
                    f"the title '{items[titles[0]].name}' is read after '{items[0].name}'",
                )
            ]
        tol_y = self.deck.height * 0.02
        tol_x = self.deck.width * 0.02
        # every pair is compared: on a slide of thousands of shapes (drawn charts, maps), only
        # the first READING_ORDER_SHAPES, so the check stays linear in shapes per slide
        items = items[:READING_ORDER_SHAPES]
        for i, a in enumerate(items):
            for b in items[i + 1 :]:
                if _clearly_before(b.box, a.box, tol_x, tol_y):
                    return [
                        finding(
                            Code.READING_ORDER,
                            loc,
                            f"'{b.name}' is read after '{a.name}' but comes before it on the slide",
                        )
                    ]
        return []


_IDENTITY = (1.0, 1.0, 0.0, 0.0)  # child -> slide coordinates: x * sx + dx, y * sy + dy


def _group_transform(el, outer):
    """The transform of a group's children: its child extents mapped onto its box."""
    off, ext = x(el, "p:grpSpPr/a:xfrm/a:off"), x(el, "p:grpSpPr/a:xfrm/a:ext")
    ch_off, ch_ext = x(el, "p:grpSpPr/a:xfrm/a:chOff"), x(el, "p:grpSpPr/a:xfrm/a:chExt")
    if off is None or ext is None or ch_off is None or ch_ext is None:
        return outer
    vals = [
        _int(e.get(k), 0)
        for e, k in ((off, "x"), (off, "y"), (ext, "cx"), (ext, "cy"))
        + ((ch_off, "x"), (ch_off, "y"), (ch_ext, "cx"), (ch_ext, "cy"))
    ]
    gx, gy, gw, gh, cx, cy, cw, ch = vals
    sx, sy = (gw / cw if cw else 1.0), (gh / ch if ch else 1.0)
    osx, osy, odx, ody = outer
    return (sx * osx, sy * osy, (gx - cx * sx) * osx + odx, (gy - cy * sy) * osy + ody)


def _child_box(el, transform) -> tuple[int, int, int, int]:
    tag = etree.QName(el).localname
    path = "p:xfrm" if tag == "graphicFrame" else "p:spPr/a:xfrm|p:grpSpPr/a:xfrm"
    xfrm = x(el, path)
    off, ext = x(xfrm, "a:off"), x(xfrm, "a:ext")
    if off is None or ext is None:
        return (0, 0, 0, 0)
    sx, sy, dx, dy = transform
    return (
        round(_int(off.get("x"), 0) * sx + dx),
        round(_int(off.get("y"), 0) * sy + dy),
        round(_int(ext.get("cx"), 0) * sx),
        round(_int(ext.get("cy"), 0) * sy),
    )


def _load_picture(part, rid):
    """A related picture as a small RGB image (transparency over white), or None."""
    import io
    import warnings

    from PIL import Image

    from ..limits import PICTURE_PIXELS

    try:
        blob = part.related_part(rid).blob
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            img = Image.open(io.BytesIO(blob))
            if img.size[0] * img.size[1] > PICTURE_PIXELS:  # not decoded: limits.py
                return None
            img.draft("RGB", (256, 256))
            img.thumbnail((256, 256))
            img = img.convert("RGBA")
    except Exception:  # any picture Pillow cannot draw is not judged
        return None
    white = Image.new("RGBA", img.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, img).convert("RGB")


def _hidden(el) -> bool:
    """A shape marked hidden (Selection Pane's eye): PowerPoint does not show it."""
    c_nv = x(el, "./*[1]/p:cNvPr")
    return c_nv is not None and c_nv.get("hidden") in ("1", "true")


def _clearly_before(b, a, tol_x, tol_y) -> bool:
    """Shape box b precedes a: wholly above it in the same columns, or wholly left in its row."""
    bx, by, bw, bh = b
    ax, ay, aw, ah = a
    overlap_x = bx < ax + aw - tol_x and ax < bx + bw - tol_x
    overlap_y = by < ay + ah - tol_y and ay < by + bh - tol_y
    above = by + bh <= ay + tol_y
    left = bx + bw <= ax + tol_x
    return (above and overlap_x) or (left and overlap_y)


def _xfrm_box(el, fallback):
    off = x(el, "p:spPr/a:xfrm/a:off")
    ext = x(el, "p:spPr/a:xfrm/a:ext")
    if off is None or ext is None:
        return fallback
    return (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))


def _short(text: str, n: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "\u2026"
