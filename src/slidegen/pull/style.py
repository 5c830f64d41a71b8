"""What an edited copy changed that the deck format cannot say: shapes moved, resized or
recoloured, animations, the theme's colours and fonts. `pull` lists these as warnings.

Positions come from the importer's reading (a placeholder's position is inherited from its
layout there). Colours are read from the slide XML: a colour off the theme's palette, or a
theme colour the built slide did not set, is a recolouring. (A tool that writes every colour out
in full, as LibreOffice does, writes the palette's own values: those are not reported.)
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from ..importer.read import Block, RawSlide
from ..ooxml import A_SCHEME_CLR, A_SRGB_CLR, R_ID, qn
from ..ooxml import NAMESPACES as NS

TOLERANCE = 0.01  # of the slide's width: closer positions and sizes are the same
_PLAIN = {"000000", "ffffff"}  # black and white: written out for "no colour" by some tools
_R = R_ID
_SRGB, _SCHEME, _SYS = A_SRGB_CLR, A_SCHEME_CLR, qn("a:sysClr")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)


def _key(b: Block) -> tuple:
    return (b.kind, b.role or "", "" if b.role else b.name)


def moved_shapes(edited: RawSlide, built: RawSlide, width: int) -> list[str]:
    """Names of the shapes of `edited` placed or sized differently from the same shapes of
    `built` (matched by placeholder role, else by name)."""
    tol = max(int(width * TOLERANCE), 1)
    theirs: dict[tuple, list[Block]] = {}
    for b in built.blocks:
        theirs.setdefault(_key(b), []).append(b)
    out = []
    for b in edited.blocks:
        same = theirs.get(_key(b))
        if not same:
            continue
        other = same.pop(0)
        if b.box == (0, 0, 0, 0) or other.box == (0, 0, 0, 0):
            continue
        if any(abs(x - y) > tol for x, y in zip(b.box, other.box, strict=True)):
            out.append(b.name or b.kind)
    return out


# ---- colours from the XML --------------------------------------------------------------------
def _parts(path: Path):
    """(zip, slide part names in slide order, the first master's theme part name)."""
    z = zipfile.ZipFile(path)
    prs = etree.fromstring(z.read("ppt/presentation.xml"), _PARSER)
    rels = _rels(z, "ppt/presentation.xml")
    slides = []
    for sld in prs.iterfind("p:sldIdLst/p:sldId", NS):
        target = rels.get(sld.get(_R))
        if target:
            slides.append(target)
    theme = ""
    masters = [rels.get(m.get(_R)) for m in prs.iterfind("p:sldMasterIdLst/p:sldMasterId", NS)]
    if masters and masters[0]:
        for target in _rels(z, masters[0]).values():
            if "/theme/" in target:
                theme = target
    return z, slides, theme


def _rels(z: zipfile.ZipFile, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    try:
        root = etree.fromstring(z.read(rels_name), _PARSER)
    except KeyError:
        return {}
    out = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Id")] = posixpath.normpath(posixpath.join(folder, target))
    return out


def _shape_key(sp) -> tuple:
    ph = sp.find(".//p:nvPr/p:ph", NS)
    if ph is not None:
        return ("ph", ph.get("type") or "body", ph.get("idx") or "")
    cnv = sp.find("./*[1]/p:cNvPr", NS)
    return ("name", cnv.get("name") if cnv is not None else "")


def _colours(sp) -> tuple[set[str], set[str]]:
    rgb = {c.get("val", "").lower() for c in sp.iter(_SRGB)}
    scheme = {c.get("val", "") for c in sp.iter(_SCHEME)}
    return rgb, scheme


def _slide_shapes(z, part: str) -> dict[tuple, tuple[set[str], set[str]]]:
    try:
        root = etree.fromstring(z.read(part), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    tree = root.find("p:cSld/p:spTree", NS)
    out: dict[tuple, tuple[set[str], set[str]]] = {}
    if tree is None:
        return out
    for sp in tree:
        if not isinstance(sp.tag, str) or sp.tag.endswith(("nvGrpSpPr", "grpSpPr")):
            continue
        key = _shape_key(sp)
        rgb, scheme = _colours(sp)
        if key in out:
            rgb |= out[key][0]
            scheme |= out[key][1]
        out[key] = (rgb, scheme)
    return out


def _has_transition(z, part: str) -> bool:
    """Whether a slide has a transition with an effect (LibreOffice writes an empty one on
    every slide it saves)."""
    try:
        root = etree.fromstring(z.read(part), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return False
    for tr in root.iter(qn("p:transition")):
        if any(isinstance(c.tag, str) and not c.tag.endswith("extLst") for c in tr):
            return True
    return False


def _palette(z, theme: str) -> tuple[set[str], tuple[str, ...]]:
    """The theme's colours (sRGB hex, lower case) and its major and minor Latin fonts."""
    if not theme:
        return set(), ()
    try:
        root = etree.fromstring(z.read(theme), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return set(), ()
    scheme = root.find(".//a:clrScheme", NS)
    colours = set()
    if scheme is not None:
        for el in scheme.iter():
            v = el.get("val") or el.get("lastClr")
            if el.tag in (_SRGB, _SYS) and v:
                colours.add(v.lower())
    fonts = tuple(
        el.get("typeface", "")
        for el in root.iterfind(".//a:fontScheme/*/a:latin", NS)
        if el.get("typeface") is not None
    )
    return colours, fonts


def _named_colours(z, theme: str) -> list[str]:
    """The theme's twelve colour slots in order (dk1, lt1, ... folHlink)."""
    try:
        root = etree.fromstring(z.read(theme), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return []
    scheme = root.find(".//a:clrScheme", NS)
    out = []
    for slot in scheme if scheme is not None else []:
        if not isinstance(slot.tag, str):
            continue
        value = next((c.get("val") or c.get("lastClr") for c in slot), None)
        out.append(f"{etree.QName(slot).localname}={(value or '').lower()}")
    return out


class Styles:
    """The colours of every slide of a file, and its theme."""

    def __init__(self, path: Path):
        self.slides, self.transitions, self.palette, self.fonts, self.scheme = [], [], set(), (), []
        try:
            z, slides, theme = _parts(path)
        except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
            return  # read_pptx has read the file: what cannot be told here is not reported
        with z:
            self.slides = [_slide_shapes(z, part) for part in slides]
            self.transitions = [_has_transition(z, part) for part in slides]
            self.palette, self.fonts = _palette(z, theme)
            self.scheme = _named_colours(z, theme) if theme else []

    def recoloured(self, number: int, built: Styles, built_number: int) -> list[str]:
        """Shapes of slide `number` whose colours differ from those `built` gave them."""
        mine = self.slides[number - 1] if number <= len(self.slides) else {}
        theirs = built.slides[built_number - 1] if built_number <= len(built.slides) else {}
        out = []
        for key, (rgb, scheme) in mine.items():
            if key not in theirs:
                continue
            their_rgb, their_scheme = theirs[key]
            extra_rgb = rgb - their_rgb - built.palette - self.palette - _PLAIN
            extra_scheme = scheme - their_scheme
            if extra_rgb or extra_scheme:
                out.append(key[1] if key[0] == "name" else f"the {key[1]} placeholder")
        return out

    def theme_changes(self, built: Styles) -> list[str]:
        """What of the theme differs: 'colours', 'fonts'."""
        out = []
        if self.scheme and built.scheme and self.scheme != built.scheme:
            out.append("colours")
        if self.fonts and built.fonts and self.fonts != built.fonts:
            out.append("fonts")
        return out
