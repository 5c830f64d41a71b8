"""Read a .pptx into plain records: each slide's title, text blocks, tables, charts, pictures.

This layer knows python-pptx and OOXML; it makes no decisions about layouts or sections (see
`interpret.py`). `slidegen diff` reads .pptx files through it too.

python-pptx opens the package and follows relationships; the slides themselves are read from
their XML, element by element, so a shape python-pptx does not know (or a picture whose
`p:blipFill` sits inside `mc:AlternateContent`, a 3-D or scatter chart) is read for what it
holds rather than stopping the import. Whatever one shape's XML does, the rest of the slide is
still read: a shape that cannot be read keeps its text, with a warning naming it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Pos, SlidegenError, error
from ..ooxml import (
    EXT_SECTIONS,
    NS_MC,
    TITLE_TYPES,
    URI_CHART,
    URI_CHARTEX,
    URI_DIAGRAM,
    URI_OLE,
    URI_TABLE,
    braced,
)
from ..ooxml import NAMESPACES as NS
from ..text import Run, Text

_A, _P, _C, _R = (braced(NS[prefix]) for prefix in ("a", "p", "c", "r"))
_R_ID = _R + "id"
_R_EMBED = _R + "embed"
_R_LINK = _R + "link"
_MC, _CX, _DGM = braced(NS_MC), braced(URI_CHARTEX), braced(URI_DIAGRAM)
_P14 = braced(NS["p14"])
_MONO = re.compile(
    r"mono|courier|consolas|menlo|monaco|lucida console|source code|fira code|inconsolata"
    r"|andale|fixedsys|\bcode\b",
    re.I,
)
# what python-pptx (and the parts below) may raise on XML it does not expect
_READ_ERRORS: tuple[type[BaseException], ...] = (
    KeyError,
    ValueError,
    AttributeError,
    TypeError,
    IndexError,
    NotImplementedError,
    LookupError,
    ArithmeticError,
    SyntaxError,  # lxml's XMLSyntaxError
    OSError,
)


@dataclass
class Para:
    """One paragraph: its runs, list level, whether it shows a bullet, its largest font size.

    A line break inside the paragraph (Shift+Enter, `a:br`) is a "\\n" in its text.
    """

    text: Text
    level: int = 0
    bullet: bool = True
    size: float | None = None
    bold: bool = False  # every run bold
    mono: bool = False  # every run in a fixed-width font (code)


@dataclass
class Block:
    """One thing on a slide, in reading order.

    kind: "text", "table", "chart", "picture" or "other"; `role` is the placeholder role
    ("title", "subtitle", "body", None for a free shape); `name` is the shape's name.
    """

    kind: str
    name: str = ""
    role: str | None = None
    box: tuple[int, int, int, int] = (0, 0, 0, 0)
    paras: list[Para] = field(default_factory=list)
    rows: list[list[Text]] = field(default_factory=list)
    chart: dict | None = None
    image: bytes = b""
    ext: str = ""
    alt: str = ""
    decorative: bool = False
    sha: str = ""
    what: str = ""  # for "other": what it is, for the warning


@dataclass
class RawSlide:
    number: int
    name: str  # cSld@name: slidegen writes the slide id there
    layout: str  # the slide layout's name
    layout_type: str  # the layout's type attribute (title, secHead, obj, ...)
    hidden: bool
    title: Text
    title_role: str | None  # "title" or "ctrTitle"
    blocks: list[Block]
    notes: list[Text]
    section: str | None = None  # p14 section name
    extras: list[str] = field(default_factory=list)  # things not carried over
    problems: list[str] = field(default_factory=list)  # what could not be read, for warnings
    langs: list[str] = field(default_factory=list)  # each text run's language tag

    def texts(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "text"]


@dataclass
class RawDeck:
    path: Path
    slides: list[RawSlide]
    app: str  # docProps/app.xml Application ("slidegen" for our builds)
    core_title: str
    sections: list[tuple[str, list[int]]]  # p14 sections: name, slide numbers
    theme_name: str = ""
    language: str = ""
    problems: list[str] = field(default_factory=list)  # deck-wide, for warnings

    @property
    def by_slidegen(self) -> bool:
        return self.app.strip().lower() == "slidegen"


def read_pptx(path: Path) -> RawDeck:
    """Open a PowerPoint package (any producer; .pptx, .pptm, .potx, .ppsx ...) and read
    every slide. Raises SlidegenError if it can't be opened at all."""
    from ..opc import damaged_errors, damaged_message, open_presentation
    from .package import not_a_presentation, sniff

    path = Path(path)
    pos = Pos(str(path))
    if not path.is_file():
        raise error(f"'{path}' not found", pos)
    sniffed = sniff(path)
    if not sniffed.presentation:
        raise error(not_a_presentation(path, sniffed), pos)
    try:
        prs = open_presentation(path, pos=pos)  # within the limits: opc.py
    except SlidegenError:  # over a limit, truncated: said in its own words
        raise
    except Exception as exc:  # a damaged package: the user's file, not our bug
        raise error(f"'{path}' could not be read as a presentation: {_why(exc)}", pos)
    try:
        return _read(prs, path)
    except damaged_errors() as exc:  # a part neither python-pptx nor we can make sense of
        raise error(
            f"'{path}' cannot be read: a part of it is missing or damaged ({damaged_message(exc)})",
            pos,
            "open it in PowerPoint and save it again",
        ) from None


def _read(prs, path: Path) -> RawDeck:
    app = _app_name(path)
    problems: list[str] = []
    sections = _sections(prs)
    ids = _slide_ids(prs)
    slide_numbers = {sid: i for i, (sid, _) in enumerate(ids, 1)}
    section_of = {}
    for name, sids in sections:
        for sid in sids:
            if sid in slide_numbers:
                section_of[slide_numbers[sid]] = name
    slides = []
    for number, (_, rid) in enumerate(ids, 1):
        try:
            slide = prs.part.related_slide(rid)
        except Exception as exc:  # a missing or damaged slide part
            problems.append(f"slide {number} is listed but cannot be read ({_why(exc)}): skipped")
            continue
        slides.append(_slide(slide, number, section_of.get(number)))
    named = [
        (name, [slide_numbers[s] for s in sids if s in slide_numbers]) for name, sids in sections
    ]
    try:
        core_title = prs.core_properties.title or ""
    except _READ_ERRORS:
        core_title = ""
    deck = RawDeck(path, slides, app, core_title, named, problems=problems)
    deck.theme_name = _theme_name(prs)
    deck.language = _language(slides)
    return deck


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _theme_name(prs) -> str:
    from lxml import etree
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = prs.slide_masters[0].part.part_related_by(RT.THEME)
        return etree.fromstring(part.blob).get("name") or ""
    except (*_READ_ERRORS, etree.LxmlError):
        return ""


def _language(slides: list[RawSlide]) -> str:
    """The language most text runs are marked with."""
    count: dict[str, int] = {}
    for s in slides:
        for lang in s.langs:
            count[lang] = count.get(lang, 0) + 1
    return max(sorted(count), key=count.get) if count else ""


def _app_name(path: Path) -> str:
    from ..opc import read_member

    try:
        xml = (read_member(path, "docProps/app.xml") or b"").decode("utf-8", "replace")
    except SlidegenError:  # within the limits (opc.py), or nothing
        return ""
    m = re.search(r"<Application>([^<]*)</Application>", xml)
    return m.group(1) if m else ""


def _slide_ids(prs) -> list[tuple[int, str]]:
    """(slide id, relationship id) of each slide in the presentation's slide list."""
    lst = prs.part._element.find(f"{_P}sldIdLst")
    out = []
    for e in lst if lst is not None else ():
        try:
            out.append((int(e.get("id")), e.get(_R_ID) or ""))
        except (TypeError, ValueError):
            continue
    return out


def _sections(prs) -> list[tuple[str, list[int]]]:
    """The file's own sections (PowerPoint 2010+ p14:sectionLst): name and slide ids."""
    root = prs.part._element
    out = []
    for ext in root.iterfind(f"{_P}extLst/{_P}ext"):
        if ext.get("uri") != EXT_SECTIONS:
            continue
        for sec in ext.iterfind(f"{_P14}sectionLst/{_P14}section"):
            ids = []
            for s in sec.iterfind(f".//{_P14}sldId"):
                try:
                    ids.append(int(s.get("id")))
                except (TypeError, ValueError):
                    continue
            out.append((sec.get("name") or "", ids))
    return out


# ---- one slide ---------------------------------------------------------------------------------
class _Reader:
    """Reads one slide's shape tree: the slide part (for relationships), its layout and master
    (for the boxes placeholders inherit), and what it found."""

    def __init__(self, raw: RawSlide, part, layout_el, master_el):
        self.raw = raw
        self.part = part
        self.layout_el = layout_el
        self.master_el = master_el
        self.langs: list[str] = []

    def problem(self, message: str) -> None:
        self.raw.problems.append(message)


def _slide(slide, number: int, section: str | None) -> RawSlide:
    el = slide._element
    layout_name = layout_type = ""
    layout_el = master_el = None
    try:
        layout = slide.slide_layout
        layout_el = layout._element
        layout_name, layout_type = layout.name or "", layout_el.get("type") or ""
        master_el = layout.slide_master._element
    except _READ_ERRORS:
        pass
    c_sld = el.find(f"{_P}cSld")
    raw = RawSlide(
        number=number,
        name=(c_sld.get("name") if c_sld is not None else None) or "",
        layout=layout_name,
        layout_type=layout_type,
        hidden=el.get("show") in ("0", "false"),
        title=Text(()),
        title_role=None,
        blocks=[],
        notes=[],
        section=section,
    )
    reader = _Reader(raw, slide.part, layout_el, master_el)
    tree = c_sld.find(f"{_P}spTree") if c_sld is not None else None
    if tree is not None:
        for child in _children(tree):
            _element(reader, child, _IDENTITY)
    try:
        raw.notes = _notes(slide)
    except Exception as exc:  # a damaged notes slide
        reader.problem(f"the speaker notes could not be read ({_why(exc)}); not carried over")
    raw.langs = reader.langs
    if el.find(f"{_P}transition") is not None or _alternate(el, f"{_P}transition"):
        raw.extras.append("a slide transition")
    if el.find(f"{_P}timing") is not None:
        raw.extras.append("animations")
    return raw


def _alternate(el, tag: str) -> bool:
    return any(
        e.find(f"{_MC}Choice/{tag}") is not None or e.find(f"{_MC}Fallback/{tag}") is not None
        for e in el.iterfind(f"{_MC}AlternateContent")
    )


def _notes(slide) -> list[Text]:
    """The notes slide's body text, paragraph by paragraph (line breaks become spaces)."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        notes_part = slide.part.part_related_by(RT.NOTES_SLIDE)
        root = notes_part._element
    except _READ_ERRORS:
        return []
    bodies = [
        sp
        for sp in root.iter(f"{_P}sp")
        if (ph := sp.find(f"{_P}nvSpPr/{_P}nvPr/{_P}ph")) is not None and ph.get("type") == "body"
    ]
    if not bodies:
        return []
    tx = bodies[0].find(f"{_P}txBody")
    paras = _paras(tx, notes_part) if tx is not None else []
    out = []
    for p in paras:
        if p.text.plain.strip():
            runs = tuple(
                Run(r.text.replace("\n", " "), r.bold, r.italic, r.url) for r in p.text.runs
            )
            out.append(_merge(list(runs)))
    return out


# ---- shapes ------------------------------------------------------------------------------------
_IDENTITY = (1.0, 1.0, 0.0, 0.0)  # child -> slide coordinates: x * sx + dx, y * sy + dy


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


_NOT_SHAPES = ("nvGrpSpPr", "grpSpPr", "extLst")


def _children(parent):
    """A shape tree's shapes, with each mc:AlternateContent replaced by the branch taken."""
    for child in parent:
        if not isinstance(child.tag, str) or _local(child) in _NOT_SHAPES:
            continue
        if child.tag == f"{_MC}AlternateContent":
            yield from _children(_branch(child))
        else:
            yield child


def _branch(alt):
    """The mc:AlternateContent branch to read: a Choice holding a chart of the new kinds
    (chartex: waterfall, treemap ...), whose data slidegen reads, else the Fallback (what any
    application that does not know the Choice's extension shows), else the first Choice."""
    choices = alt.findall(f"{_MC}Choice")
    for choice in choices:
        if any(g.get("uri") == URI_CHARTEX for g in choice.iter(f"{_A}graphicData")):
            return choice
    fallback = alt.find(f"{_MC}Fallback")
    if fallback is not None and len(fallback):
        return fallback
    return choices[0] if choices else alt


def _role(el) -> str | None:
    ph = _ph(el)
    if ph is None:
        return None
    t = ph.get("type", "obj")
    if t in ("title", "vertTitle"):
        return "title"
    if t == "ctrTitle":
        return "ctrTitle"
    if t == "subTitle":
        return "subtitle"
    if t in ("ftr", "dt", "sldNum", "hdr"):
        return "furniture"
    return "body"


def _ph(el):
    nv = el.find("*")  # nvSpPr, nvPicPr, nvGraphicFramePr ...
    return nv.find(f"{_P}nvPr/{_P}ph") if nv is not None else None


def _c_nv_pr(el):
    nv = el.find("*")
    return nv.find(f"{_P}cNvPr") if nv is not None else None


def _name(el) -> str:
    c = _c_nv_pr(el)
    return (c.get("name") if c is not None else None) or ""


def _element(reader: _Reader, el, transform) -> None:
    """Read one shape element into the slide's blocks; never raises for odd XML."""
    try:
        _shape(reader, el, transform)
    except Exception as exc:  # XML no producer should write (python-pptx's errors included)
        _salvage(reader, el, transform, exc)


def _salvage(reader: _Reader, el, transform, exc) -> None:
    """A shape that could not be read: keep its text, if any, and say so."""
    name = _name(el) or _local(el)
    try:
        paras = _loose_paras(el, reader)
    except Exception:  # not even its text can be read
        paras = []
    if paras:
        reader.raw.blocks.append(Block("text", name, None, _box(reader, el, transform), paras))
        reader.problem(f"shape '{name}' could not be read fully ({_why(exc)}); its text is kept")
    else:
        reader.problem(f"shape '{name}' could not be read ({_why(exc)}); it is not carried over")


def _shape(reader: _Reader, el, transform) -> None:
    raw = reader.raw
    kind = _local(el)
    role = _role(el)
    if role == "furniture":
        return
    name = _name(el)
    c_nv = _c_nv_pr(el)
    if c_nv is not None and c_nv.get("hidden") in ("1", "true"):
        if _loose_paras(el, reader) or kind in ("pic", "graphicFrame"):
            reader.problem(f"hidden shape '{name}' (not shown by PowerPoint) is not carried over")
        return
    if kind == "grpSp":
        inner = _group_transform(el, transform)
        for child in _children(el):
            _element(reader, child, inner)
        return
    box = _box(reader, el, transform)
    if kind == "sp":
        tx = el.find(f"{_P}txBody")
        if role in TITLE_TYPES and tx is not None and not raw.title_role:
            raw.title = _join_paras([p.text for p in _paras(tx, reader.part, reader)])
            raw.title_role = role
            return
        paras = _paras(tx, reader.part, reader) if tx is not None else []
        if any(p.text.plain.strip() for p in paras):
            raw.blocks.append(Block("text", name, role, box, paras=paras))
            return
        if el.find(f"{_P}spPr/{_A}blipFill/{_A}blip") is not None:  # a picture-filled shape
            _picture(reader, el, name, role, box)  # (an equation's picture, a cropped photo)
            return
        if role is not None or _is_text_box(el):
            return  # an empty placeholder or text box: nothing to carry over
        raw.blocks.append(_other(el, name, role, box, "a drawn shape"))
        return
    if kind == "graphicFrame":
        _graphic_frame(reader, el, name, role, box)
        return
    if kind == "pic":
        _picture(reader, el, name, role, box)
        return
    if kind == "cxnSp":
        raw.blocks.append(_other(el, name, role, box, "a connector"))
        return
    if kind == "contentPart":
        raw.blocks.append(_other(el, name, role, box, "ink"))
        return
    # a shape of a kind slidegen does not know: its text, if it has any, is kept
    paras = _loose_paras(el, reader)
    if paras:
        raw.blocks.append(Block("text", name or kind, role, box, paras=paras))
        reader.problem(
            f"shape '{name or kind}' is of a kind slidegen does not know; its text is kept"
        )
    else:
        raw.blocks.append(_other(el, name or kind, role, box, f"a shape of kind '{kind}'"))


def _is_text_box(el) -> bool:
    c = el.find(f"{_P}nvSpPr/{_P}cNvSpPr")
    return c is not None and c.get("txBox") in ("1", "true")


def _other(el, name, role, box, what: str) -> Block:
    return Block("other", name, role, box, what=what, decorative=_decorative(el))


def _decorative(el) -> bool:
    """Marked decorative (Office 2019+ adec:decorative), so it needs no alt text."""
    from lxml import etree

    found = etree._Element.xpath(el, ".//adec:decorative[@val='1']", namespaces=NS)
    return bool(found)


def _loose_paras(el, reader: _Reader) -> list[Para]:
    """Every paragraph with text anywhere inside an element (for shapes read as text only)."""
    out = []
    for tx in el.iter(f"{_P}txBody", f"{_A}txBody"):
        out += [p for p in _paras(tx, reader.part, reader) if p.text.plain.strip()]
    return out


# ---- boxes -------------------------------------------------------------------------------------
def _xfrm_of(el):
    if _local(el) == "graphicFrame":
        return el.find(f"{_P}xfrm")
    sp_pr = el.find(f"{_P}spPr")
    if sp_pr is None:
        sp_pr = el.find(f"{_P}grpSpPr")
    return sp_pr.find(f"{_A}xfrm") if sp_pr is not None else None


def _ints(e, *names) -> tuple[int, ...]:
    return tuple(int(float(e.get(n, "0") or 0)) for n in names)


def _box(reader: _Reader, el, transform) -> tuple[int, int, int, int]:
    """(x, y, w, h) on the slide in EMU; a placeholder without its own box takes its layout's
    (or master's), as PowerPoint does."""
    try:
        xfrm = _xfrm_of(el)
        if xfrm is None or xfrm.find(f"{_A}off") is None:
            xfrm = _inherited_xfrm(reader, el)
        if xfrm is None:
            return (0, 0, 0, 0)
        off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
        x, y = _ints(off, "x", "y") if off is not None else (0, 0)
        w, h = _ints(ext, "cx", "cy") if ext is not None else (0, 0)
    except (TypeError, ValueError):
        return (0, 0, 0, 0)
    sx, sy, dx, dy = transform
    return (round(x * sx + dx), round(y * sy + dy), round(w * sx), round(h * sy))


def _inherited_xfrm(reader: _Reader, el):
    ph = _ph(el)
    if ph is None:
        return None
    ph_type, idx = ph.get("type", "obj"), ph.get("idx")
    for part_el, by_idx in ((reader.layout_el, True), (reader.master_el, False)):
        if part_el is None:
            continue
        for sp in part_el.iter(f"{_P}sp"):
            other = _ph(sp)
            if other is None:
                continue
            same = (by_idx and idx is not None and other.get("idx") == idx) or (
                _kind_of(other.get("type", "obj")) == _kind_of(ph_type)
            )
            if same:
                xfrm = _xfrm_of(sp)
                if xfrm is not None and xfrm.find(f"{_A}off") is not None:
                    return xfrm
    return None


def _kind_of(ph_type: str) -> str:
    return {"ctrTitle": "title", "subTitle": "body", "obj": "body"}.get(ph_type, ph_type)


def _group_transform(el, outer):
    """The transform of a group's children: its child extents mapped onto its box."""
    xfrm = _xfrm_of(el)
    if xfrm is None:
        return outer
    try:
        off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
        ch_off, ch_ext = xfrm.find(f"{_A}chOff"), xfrm.find(f"{_A}chExt")
        if off is None or ext is None or ch_off is None or ch_ext is None:
            return outer
        x, y = _ints(off, "x", "y")
        w, h = _ints(ext, "cx", "cy")
        cx, cy = _ints(ch_off, "x", "y")
        cw, ch = _ints(ch_ext, "cx", "cy")
    except (TypeError, ValueError):
        return outer
    sx = w / cw if cw else 1.0
    sy = h / ch if ch else 1.0
    osx, osy, odx, ody = outer
    # child -> group: (v - ch_off) * s + off; then group -> slide with the outer transform
    return (sx * osx, sy * osy, (x - cx * sx) * osx + odx, (y - cy * sy) * osy + ody)


# ---- text --------------------------------------------------------------------------------------
def _flag(rpr, name: str) -> bool:
    return rpr is not None and rpr.get(name) in ("1", "true")


def _paras(tx, part, reader: _Reader | None = None) -> list[Para]:
    """The paragraphs of a text body (`p:txBody` or a table cell's `a:txBody`)."""
    out = []
    for p in tx.iterfind(f"{_A}p"):
        runs: list[Run] = []
        sizes = []
        faces = []
        for child in p:
            tag = child.tag
            if tag == f"{_A}r" or tag == f"{_A}fld":
                t = child.find(f"{_A}t")
                text = t.text if t is not None and t.text else ""
                rpr = child.find(f"{_A}rPr")
                url = None
                if rpr is not None:
                    link = rpr.find(f"{_A}hlinkClick")
                    if link is not None and link.get(_R_ID):
                        url = _external_target(part, link.get(_R_ID))
                    if (rpr.get("sz") or "").isdigit():
                        sizes.append(int(rpr.get("sz")) / 100)
                    if reader is not None and rpr.get("lang"):
                        reader.langs.append(rpr.get("lang"))
                    latin = rpr.find(f"{_A}latin")
                    if text.strip():
                        faces.append(latin.get("typeface", "") if latin is not None else "")
                elif text.strip():
                    faces.append("")
                runs.append(Run(text, _flag(rpr, "b"), _flag(rpr, "i"), url))
            elif tag == f"{_A}br":
                runs.append(Run("\n"))
        ppr = p.find(f"{_A}pPr")
        bullet = ppr is None or ppr.find(f"{_A}buNone") is None
        try:
            level = int(ppr.get("lvl", "0")) if ppr is not None else 0
        except ValueError:
            level = 0
        text = _merge(runs)
        visible = [r for r in text.runs if r.text.strip()]
        mono = bool(faces) and all(_MONO.search(f) for f in faces)
        out.append(
            Para(
                text,
                max(0, min(level, 8)),
                bullet,
                max(sizes) if sizes else None,
                bool(visible) and all(r.bold for r in visible),
                mono,
            )
        )
    return out


def _external_target(part, rid: str) -> str | None:
    try:
        rel = part.rels.get(rid) if hasattr(part, "rels") else None
    except _READ_ERRORS:
        return None
    return rel.target_ref if rel is not None and rel.is_external else None


def _join_paras(texts: list[Text]) -> Text:
    out: list[Run] = []
    for i, t in enumerate(x for x in texts if x.plain.strip()):
        if i:
            out.append(Run("\n"))
        out += t.runs
    return _merge(out)


def _merge(runs: list[Run]) -> Text:
    """Neighbouring runs of the same formatting joined; line breaks ("\\v", "\\r") as "\\n",
    and none at either end of the text."""
    out: list[Run] = []
    for r in runs:
        text = r.text.replace("\r\n", "\n").replace("\v", "\n").replace("\r", "\n")
        if not text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].url) == (r.bold, r.italic, r.url):
            out[-1] = Run(out[-1].text + text, r.bold, r.italic, r.url)
        else:
            out.append(Run(text, r.bold, r.italic, r.url))
    while out and not out[0].text.lstrip("\n"):
        out.pop(0)
    while out and not out[-1].text.rstrip("\n"):
        out.pop()
    if out:
        out[0] = _with_text(out[0], out[0].text.lstrip("\n"))
        out[-1] = _with_text(out[-1], out[-1].text.rstrip("\n"))
    return Text(tuple(out))


def _with_text(r: Run, text: str) -> Run:
    return Run(text, r.bold, r.italic, r.url)


# ---- graphic frames: tables, charts, SmartArt, embedded objects --------------------------------
def _graphic_frame(reader: _Reader, el, name, role, box) -> None:
    raw = reader.raw
    data = el.find(f"{_A}graphic/{_A}graphicData")
    uri = data.get("uri") if data is not None else ""
    alt = _alt(el)
    if uri == URI_TABLE:
        tbl = data.find(f"{_A}tbl")
        rows = _table_rows(tbl, reader) if tbl is not None else []
        if rows:
            raw.blocks.append(Block("table", name, role, box, rows=rows))
        return
    if uri in (URI_CHART, URI_CHARTEX):  # a chart, or one of Office 2016's (waterfall...)
        tag, read = (
            (f"{_C}chart", _read_chart) if uri == URI_CHART else (f"{_CX}chart", _read_chartex)
        )
        ref = data.find(tag)
        chart = read(reader.part, ref.get(_R_ID) if ref is not None else None)
        if chart is None:
            raw.blocks.append(_other(el, name, role, box, "a chart whose data cannot be read"))
            return
        raw.blocks.append(Block("chart", name, role, box, chart=chart, alt=alt))
        return
    if uri == URI_DIAGRAM:
        paras = _smartart_text(reader, data)
        if paras:
            raw.blocks.append(Block("text", name, role, box, paras=paras))
            reader.problem(f"SmartArt graphic '{name}': its text is kept as bullets")
        else:
            raw.blocks.append(_other(el, name, role, box, "a SmartArt graphic"))
        return
    if uri == URI_OLE or (data is not None and data.find(f"{_P}oleObj") is not None):
        raw.blocks.append(_other(el, name, role, box, "an embedded object"))
        return
    paras = _loose_paras(el, reader)
    if paras:
        raw.blocks.append(Block("text", name, role, box, paras=paras))
        reader.problem(f"graphic '{name}' is of a kind slidegen does not know; its text is kept")
    else:
        raw.blocks.append(_other(el, name, role, box, "a graphic of a kind slidegen cannot read"))


def _alt(el) -> str:
    c = _c_nv_pr(el)
    return (c.get("descr") or "") if c is not None else ""


def _table_rows(tbl, reader: _Reader) -> list[list[Text]]:
    rows = []
    for tr in tbl.iterfind(f"{_A}tr"):
        row = []
        for tc in tr.iterfind(f"{_A}tc"):
            tx = tc.find(f"{_A}txBody")
            paras = _paras(tx, reader.part, reader) if tx is not None else []
            row.append(_join_paras([p.text for p in paras]))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    return [r + [Text(())] * (width - len(r)) for r in rows if width]


def _smartart_text(reader: _Reader, data) -> list[Para]:
    """The text of a SmartArt graphic's nodes, in order (its data part's points)."""
    ids = data.find(f"{_DGM}relIds")
    rid = ids.get(f"{_R}dm") if ids is not None else None
    if not rid:
        return []
    from lxml import etree

    try:
        root = etree.fromstring(reader.part.related_part(rid).blob)
    except (*_READ_ERRORS, etree.LxmlError):  # a damaged diagram part: no text to keep
        return []
    out = []
    for pt in root.iter(f"{_DGM}pt"):
        if pt.get("type", "node") != "node":
            continue
        t = pt.find(f"{_DGM}t")
        if t is not None:
            out += [p for p in _paras(t, reader.part, reader) if p.text.plain.strip()]
    return out


# ---- pictures ----------------------------------------------------------------------------------
def _picture(reader: _Reader, el, name, role, box) -> None:
    raw = reader.raw
    nv_pr = el.find(f"{_P}nvPicPr/{_P}nvPr")
    if nv_pr is not None and (
        any(nv_pr.find(f"{_A}{t}") is not None for t in ("videoFile", "audioFile", "quickTimeFile"))
        or any("media" in _local(e) for e in nv_pr.iter())
    ):
        raw.blocks.append(_other(el, name, role, box, "a video or sound"))
        return
    found = _picture_bytes(reader, el)
    if isinstance(found, str):
        raw.blocks.append(_other(el, name, role, box, found))
        return
    blob, ext = found
    c = _c_nv_pr(el)
    raw.blocks.append(
        Block(
            "picture",
            name,
            role,
            box,
            image=blob,
            ext=ext,
            alt=(c.get("descr") or "") if c is not None else "",
            decorative=c is not None and _decorative(c),
            sha=hashlib.sha256(blob).hexdigest(),
        )
    )


def _blips(el) -> list:
    """The picture's `a:blip` elements, in the order to try: its own `p:blipFill` (or, for a
    shape filled with a picture, its fill's), then those inside mc:AlternateContent (each
    Choice, then the Fallback)."""
    own = el.find(f"{_P}blipFill/{_A}blip")
    if own is None:
        own = el.find(f"{_P}spPr/{_A}blipFill/{_A}blip")
    out = [own] if own is not None else []
    for alt in el.iterfind(f"{_MC}AlternateContent"):
        for branch in [*alt.findall(f"{_MC}Choice"), *alt.findall(f"{_MC}Fallback")]:
            out += list(branch.iter(f"{_A}blip"))
    return out


def _picture_bytes(reader: _Reader, el) -> tuple[bytes, str] | str:
    """(bytes, extension) of the first of the picture's images a deck can show; otherwise a
    description of what the picture is, for the warning."""
    from ..place.media import identify_picture

    blips = _blips(el)
    if not blips:
        return "a picture without an image"
    reasons = []
    for blip in blips:
        rid = blip.get(_R_EMBED)
        if not rid:
            if blip.get(_R_LINK):
                reasons.append("a linked picture (its file is not in the presentation)")
            continue
        try:
            part = reader.part.related_part(rid)
            blob = part.blob
        except _READ_ERRORS:
            reasons.append("a picture whose image is missing from the file")
            continue
        ext, what = identify_picture(blob)
        if ext is not None:
            return blob, ext
        reasons.append(f"a {what} picture, which slidegen cannot place")
    return reasons[0] if reasons else "a picture without an image"


# ---- charts ------------------------------------------------------------------------------------
_NATIVE = {  # plot element -> the deck format's chart type (None: decided by c:barDir)
    "barChart": None,
    "bar3DChart": None,
    "lineChart": "line",
    "line3DChart": "line",
    "pieChart": "pie",
    "pie3DChart": "pie",
    "ofPieChart": "pie",
    "doughnutChart": "doughnut",
}
_KIND_NAMES = {
    "bar3DChart": "3-D bar",
    "line3DChart": "3-D line",
    "pie3DChart": "3-D pie",
    "ofPieChart": "pie-of-pie",
    "areaChart": "area",
    "area3DChart": "3-D area",
    "scatterChart": "scatter",
    "bubbleChart": "bubble",
    "radarChart": "radar",
    "stockChart": "stock",
    "surfaceChart": "surface",
    "surface3DChart": "3-D surface",
}


def _chart_root(part, rid):
    if not rid:
        return None
    try:
        chart_part = part.related_part(rid)
    except _READ_ERRORS:
        return None
    root = getattr(chart_part, "_element", None)
    if root is None:
        from lxml import etree

        try:
            root = etree.fromstring(chart_part.blob)
        except (*_READ_ERRORS, etree.LxmlError):
            return None
    return root


def _read_chart(part, rid) -> dict | None:
    """A chart's type, categories and series values, from its XML (any chart type)."""
    root = _chart_root(part, rid)
    if root is None:
        return None
    plot_area = root.find(f"{_C}chart/{_C}plotArea")
    if plot_area is None:
        return None
    plots = [p for p in plot_area if _local(p).endswith("Chart")]
    if not plots:
        return None
    first = plots[0]
    kind = _local(first)
    native = _NATIVE.get(kind, "missing")
    if kind in ("barChart", "bar3DChart"):
        bar_dir = first.find(f"{_C}barDir")
        native = "bar" if bar_dir is not None and bar_dir.get("val") == "bar" else "column"
    elif native == "missing":
        native = None
    grouping = first.find(f"{_C}grouping")
    stacked = grouping is not None and grouping.get("val") in ("stacked", "percentStacked")
    categories: list[str] = []
    series = []
    number_format = None
    for plot in plots:
        for ser in plot.iterfind(f"{_C}ser"):
            cat = ser.find(f"{_C}cat")
            if cat is None:
                cat = ser.find(f"{_C}xVal")
            values_el = ser.find(f"{_C}val")
            if values_el is None:
                values_el = ser.find(f"{_C}yVal")
            xs = _points(cat) if cat is not None else []
            labels = _labels(cat, xs) if cat is not None else []
            entry = {
                "name": _series_name(ser) or f"Series {len(series) + 1}",
                "values": [_number(v) for v in _points(values_el)] if values_el is not None else [],
            }
            if _local(plot) in ("scatterChart", "bubbleChart"):
                entry["x"] = [_number(v) for v in xs]
            if not categories and labels:
                categories = labels
            series.append(entry)
        if number_format is None:
            fmt = plot.find(f"{_C}dLbls/{_C}numFmt")
            if fmt is not None and fmt.get("sourceLinked") in ("0", "false"):
                code = fmt.get("formatCode") or ""
                if code and code != "General":
                    number_format = code
    return {
        "type": native,
        "type_name": _KIND_NAMES.get(kind, kind.removesuffix("Chart")),
        "kind": kind,
        "stacked": stacked,
        "categories": categories,
        "series": series,
        "number_format": number_format,
        "plots": len(plots),
        "title": _chart_title(root),
    }


def _points(el) -> list:
    """The cached values of a data reference (strRef, numRef, multiLvlStrRef) or literal,
    one per point (None where a point is missing)."""
    cache = None
    for path in (
        "c:strRef/c:strCache",
        "c:numRef/c:numCache",
        "c:multiLvlStrRef/c:multiLvlStrCache/c:lvl",
        "c:strLit",
        "c:numLit",
    ):
        cache = el.find(path.replace("c:", _C))
        if cache is not None:
            break
    if cache is None:
        v = el.find(f"{_C}v")
        return [v.text] if v is not None and v.text is not None else []
    count_el = cache.find(f"{_C}ptCount")
    pts = {}
    for pt in cache.iterfind(f"{_C}pt"):
        v = pt.find(f"{_C}v")
        try:
            idx = int(pt.get("idx", "0"))
        except ValueError:
            continue
        if 0 <= idx < 100_000:
            pts[idx] = v.text if v is not None else None
    try:
        count = int(count_el.get("val")) if count_el is not None else 0
    except (TypeError, ValueError):
        count = 0
    count = min(max(count, max(pts, default=-1) + 1), 100_000)
    return [pts.get(i) for i in range(count)]


def _labels(cat, points: list) -> list[str]:
    """Category labels: text as it is; numbers as written (dates, cached as Excel serial
    numbers under a date format, as ISO dates)."""
    import datetime as dt

    fmt = cat.find(f"{_C}numRef/{_C}numCache/{_C}formatCode")
    if fmt is None:
        fmt = cat.find(f"{_C}numLit/{_C}formatCode")
    code = re.sub(r'"[^"]*"|\[[^\]]*\]', "", fmt.text or "") if fmt is not None else ""
    is_date = bool(re.search(r"[dy]", code, re.I)) or bool(re.search(r"m{3,}", code, re.I))
    if fmt is None:
        return ["" if v is None else str(v) for v in points]
    out = []
    for v in points:
        n = _number(v)
        if n is None:
            out.append("" if v is None else str(v))
        elif is_date and 0 < n < 2958466:
            out.append((dt.date(1899, 12, 30) + dt.timedelta(days=int(n))).isoformat())
        else:
            out.append(str(int(n)) if float(n).is_integer() else str(n))
    return out


def _number(v):
    import math

    if v is None:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def _series_name(ser) -> str:
    tx = ser.find(f"{_C}tx")
    if tx is None:
        return ""
    pts = _points(tx)
    return " ".join(str(p) for p in pts if p) if pts else ""


def _chart_title(root) -> str:
    title = root.find(f"{_C}chart/{_C}title")
    if title is None:
        return ""
    texts = ["".join(t.text or "" for t in p.iter(f"{_A}t")) for p in title.iter(f"{_A}p")]
    tx = title.find(f"{_C}tx")
    if not any(texts) and tx is not None:
        texts = [str(v) for v in _points(tx) if v]
    return " ".join(t for t in texts if t).strip()


def _read_chartex(part, rid) -> dict | None:
    """A chart of the newer kinds (waterfall, treemap, sunburst, histogram, box & whisker,
    funnel, region map): no type the deck format draws, so its data as a table."""
    root = _chart_root(part, rid)
    if root is None:
        return None
    data: dict[str, dict[str, list]] = {}
    for d in root.iter(f"{_CX}data"):
        dims: dict[str, list] = {}
        for dim in d:
            lvl = dim.find(f"{_CX}lvl")
            if lvl is None:
                continue
            pts = {}
            for pt in lvl.iterfind(f"{_CX}pt"):
                try:
                    pts[int(pt.get("idx", "0"))] = pt.text
                except ValueError:
                    continue
            n = max(pts, default=-1) + 1
            dims[dim.get("type", _local(dim))] = [pts.get(i) for i in range(min(n, 100_000))]
        data[d.get("id", "0")] = dims
    series = []
    categories: list[str] = []
    kind = ""
    for ser in root.iter(f"{_CX}series"):
        kind = kind or ser.get("layoutId", "")
        data_id = ser.find(f"{_CX}dataId")
        dims = data.get(data_id.get("val") if data_id is not None else "0", {})
        values = dims.get("val") or dims.get("size") or []
        cats = dims.get("cat") or []
        if not categories and cats:
            categories = ["" if c is None else str(c) for c in cats]
        name_el = ser.find(f"{_CX}tx/{_CX}txData/{_CX}v")
        name = name_el.text if name_el is not None and name_el.text else f"Series {len(series) + 1}"
        series.append({"name": name, "values": [_number(v) for v in values]})
    if not series:
        return None
    return {
        "type": None,
        "type_name": kind or "new-style",
        "kind": "chartex",
        "stacked": False,
        "categories": categories,
        "series": series,
        "number_format": None,
        "plots": 1,
        "title": "",
    }
