"""Read a .pptx into plain records: each slide's title, text blocks, tables, charts, pictures.

This layer knows python-pptx and OOXML; it makes no decisions about layouts or sections (see
`interpret.py`). `slidegen diff` reads .pptx files through it too.
"""

from __future__ import annotations

import hashlib
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..conventions import SLIDE_ID_ATTR
from ..errors import Pos, SlidegenError, error
from ..ooxml import (
    A_BR,
    A_BU_NONE,
    A_FLD,
    A_HLINK_CLICK,
    A_PPR,
    A_R,
    A_RPR,
    A_T,
    EXT_SECTIONS,
    P_EXT,
    P_EXT_LST,
    P_SLD_ID_LST,
    R_ID,
    TITLE_TYPES,
    qn,
)
from ..ooxml import NAMESPACES as NS
from ..text import Run, Text


@dataclass
class Para:
    """One paragraph: its runs, list level, whether it shows a bullet, its largest font size."""

    text: Text
    level: int = 0
    bullet: bool = True
    size: float | None = None
    bold: bool = False  # every run bold


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

    @property
    def by_slidegen(self) -> bool:
        return self.app.strip().lower() == "slidegen"


def read_pptx(path: Path) -> RawDeck:
    """Open a .pptx (any producer) and read every slide. Raises SlidegenError if it can't."""
    from pptx.exc import PackageNotFoundError

    from ..opc import open_presentation

    pos = Pos(str(path))
    if not path.is_file():
        raise error(f"'{path}' not found", pos)
    if not zipfile.is_zipfile(path):
        raise error(f"'{path}' is not a .pptx file (not a zip package)", pos)
    try:
        prs = open_presentation(path, pos=pos)  # bounded: opc.py
    except SlidegenError:
        raise
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise error(f"'{path}' is not a PowerPoint presentation ({exc})", pos)
    except Exception as exc:  # lxml or python-pptx choking on damaged XML
        raise error(f"'{path}' could not be read: {exc}", pos)
    from ..opc import damaged_errors, damaged_message

    try:
        return _read(prs, path)
    except damaged_errors() as exc:  # a part python-pptx or we cannot make sense of
        raise error(
            f"'{path}' cannot be read: a part of it is missing or damaged ({damaged_message(exc)})",
            pos,
            "open it in PowerPoint and save it again",
        ) from None


def _read(prs, path: Path) -> RawDeck:
    app = _app_name(path)
    sections = _sections(prs)
    slide_numbers = {sid: i for i, sid in enumerate(_slide_ids(prs), 1)}
    section_of = {}
    for name, ids in sections:
        for sid in ids:
            if sid in slide_numbers:
                section_of[slide_numbers[sid]] = name
    slides = [_slide(s, i, section_of.get(i)) for i, s in enumerate(prs.slides, 1)]
    named = [
        (name, [slide_numbers[s] for s in ids if s in slide_numbers]) for name, ids in sections
    ]
    deck = RawDeck(path, slides, app, prs.core_properties.title or "", named)
    deck.theme_name = _theme_name(prs)
    deck.language = _language(prs)
    return deck


def _theme_name(prs) -> str:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    try:
        part = prs.slide_master.part.part_related_by(RT.THEME)
    except (KeyError, IndexError):
        return ""
    from lxml import etree

    try:
        return etree.fromstring(part.blob).get("name") or ""
    except etree.XMLSyntaxError:
        return ""


def _language(prs) -> str:
    """The language most text runs are marked with."""
    count: dict[str, int] = {}
    for slide in prs.slides:
        for lang in slide._element.xpath(".//a:rPr/@lang"):
            count[lang] = count.get(lang, 0) + 1
    return max(sorted(count), key=count.get) if count else ""


def _app_name(path: Path) -> str:
    import re

    from ..opc import read_member

    try:
        xml = (read_member(path, "docProps/app.xml") or b"").decode("utf-8", "replace")
    except SlidegenError:
        return ""
    m = re.search(r"<Application>([^<]*)</Application>", xml)
    return m.group(1) if m else ""


def _slide_ids(prs) -> list[int]:
    lst = prs.part._element.find(P_SLD_ID_LST)
    return [int(e.get("id")) for e in lst] if lst is not None else []


def _sections(prs) -> list[tuple[str, list[int]]]:
    """The file's own sections (PowerPoint 2010+ p14:sectionLst): name and slide ids."""
    root = prs.part._element
    out = []
    for ext in root.iterfind(f"{P_EXT_LST}/{P_EXT}"):
        if ext.get("uri") != EXT_SECTIONS:
            continue
        for sec in ext.iterfind(f"{qn('p14:sectionLst')}/{qn('p14:section')}"):
            ids = [int(s.get("id")) for s in sec.iterfind(f".//{qn('p14:sldId')}")]
            out.append((sec.get("name") or "", ids))
    return out


def _slide(slide, number: int, section: str | None) -> RawSlide:
    layout = slide.slide_layout
    layout_type = layout._element.get("type") or ""
    raw = RawSlide(
        number=number,
        name=slide._element.cSld.get(SLIDE_ID_ATTR) or "",
        layout=layout.name or "",
        layout_type=layout_type,
        hidden=slide._element.get("show") in ("0", "false"),
        title=Text(()),
        title_role=None,
        blocks=[],
        notes=[],
        section=section,
    )
    for shape in slide.shapes:
        _shape(shape, raw, slide.part)
    if slide.has_notes_slide:
        tf = slide.notes_slide.notes_text_frame
        if tf is not None:
            raw.notes = [p.text for p in _paras(tf, slide.notes_slide.part) if p.text.plain.strip()]
    el = slide._element
    if el.find(qn("p:transition")) is not None:
        raw.extras.append("a slide transition")
    if el.find(qn("p:timing")) is not None:
        raw.extras.append("animations")
    return raw


def _role(shape) -> str | None:
    if not shape.is_placeholder:
        return None
    from pptx.enum.shapes import PP_PLACEHOLDER as PH

    t = shape.placeholder_format.type
    if t in (PH.TITLE, PH.VERTICAL_TITLE):
        return "title"
    if t == PH.CENTER_TITLE:
        return "ctrTitle"
    if t == PH.SUBTITLE:
        return "subtitle"
    if t in (PH.FOOTER, PH.DATE, PH.SLIDE_NUMBER, PH.HEADER):
        return "furniture"
    return "body"


def _box(shape) -> tuple[int, int, int, int]:
    return tuple(int(v or 0) for v in (shape.left, shape.top, shape.width, shape.height))


def _shape(shape, raw: RawSlide, part) -> None:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    role = _role(shape)
    if role == "furniture":
        return
    st = shape.shape_type
    if st == MSO_SHAPE_TYPE.GROUP:
        for child in shape.shapes:
            _shape(child, raw, part)
        return
    name = shape.name or ""
    if role in TITLE_TYPES and shape.has_text_frame and not raw.title_role:
        paras = _paras(shape.text_frame, part)
        raw.title = _join_paras([p.text for p in paras])
        raw.title_role = role
        return
    if getattr(shape, "has_table", False) and shape.has_table:
        rows = [[_cell_text(c, part) for c in r.cells] for r in shape.table.rows]
        raw.blocks.append(Block("table", name, role, _box(shape), rows=rows))
        return
    if getattr(shape, "has_chart", False) and shape.has_chart:
        blk = Block("chart", name, role, _box(shape), chart=_chart(shape.chart))
        blk.alt = shape._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr") or ""
        blk.alt = blk.alt[0] if blk.alt else ""
        raw.blocks.append(blk)
        return
    image = _image(shape)
    if image is not None:
        blob, ext = image
        cnv = shape._element.xpath("./*[1]/p:cNvPr")
        alt = (cnv[0].get("descr") or "") if cnv else ""
        deco = bool(cnv and _decorative(cnv[0]))
        sha = hashlib.sha256(blob).hexdigest()
        raw.blocks.append(
            Block(
                "picture", name, role, _box(shape), image=blob, ext=ext, alt=alt,
                decorative=deco, sha=sha,
            )
        )  # fmt: skip
        return
    if shape.has_text_frame:
        paras = _paras(shape.text_frame, part)
        if any(p.text.plain.strip() for p in paras):
            raw.blocks.append(Block("text", name, role, _box(shape), paras=paras))
            return
        if role is not None or st == MSO_SHAPE_TYPE.TEXT_BOX:
            return  # an empty placeholder or text box: nothing to carry over
    what = _describe(shape)
    if what:
        deco = _decorative(shape._element)
        raw.blocks.append(Block("other", name, role, _box(shape), what=what, decorative=deco))


def _decorative(el) -> bool:
    """Marked decorative (Office 2019+ adec:decorative), so it needs no alt text."""
    from lxml import etree

    found = etree._Element.xpath(el, ".//adec:decorative[@val='1']", namespaces=NS)
    return bool(found)


def _describe(shape) -> str | None:
    """What a shape we cannot carry over is, for the warning (None: nothing worth saying)."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    xml = shape._element.xml if hasattr(shape._element, "xml") else ""
    if "drawingml/2006/diagram" in xml:
        return "a SmartArt graphic"
    st = shape.shape_type
    if st == MSO_SHAPE_TYPE.MEDIA or "<p:videoFile" in xml or "<a:videoFile" in xml:
        return "a video or sound"
    if st in (MSO_SHAPE_TYPE.EMBEDDED_OLE_OBJECT, MSO_SHAPE_TYPE.LINKED_OLE_OBJECT):
        return "an embedded object"
    if st in (MSO_SHAPE_TYPE.FREEFORM, MSO_SHAPE_TYPE.AUTO_SHAPE, MSO_SHAPE_TYPE.LINE):
        return "a drawn shape"
    if getattr(shape, "shape_type", None) is None and "cxnSp" in xml:
        return "a connector"
    return None


def _image(shape):
    """(bytes, extension) of a picture or a filled picture placeholder, else None."""
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    if shape.shape_type == MSO_SHAPE_TYPE.PICTURE or (
        shape.is_placeholder and hasattr(shape, "image")
    ):
        try:
            img = shape.image
        except (AttributeError, KeyError, ValueError):
            return None
        return img.blob, img.ext
    return None


def _cell_text(cell, part) -> Text:
    return _join_paras([p.text for p in _paras(cell.text_frame, part)])


def _join_paras(texts: list[Text]) -> Text:
    out: list[Run] = []
    for i, t in enumerate(x for x in texts if x.plain.strip()):
        if i:
            out.append(Run(" "))
        out += t.runs
    return _merge(out)


def _flag(rpr, name: str) -> bool:
    return rpr is not None and rpr.get(name) in ("1", "true")


def _paras(tf, part) -> list[Para]:
    out = []
    for p in tf.paragraphs:
        runs: list[Run] = []
        sizes = []
        for child in p._p:
            tag = child.tag
            if tag in (A_R, A_FLD):
                t = child.find(A_T)
                text = t.text if t is not None and t.text else ""
                rpr = child.find(A_RPR)
                url = None
                if rpr is not None:
                    link = rpr.find(A_HLINK_CLICK)
                    if link is not None and link.get(R_ID):
                        rel = part.rels.get(link.get(R_ID)) if hasattr(part, "rels") else None
                        url = rel.target_ref if rel is not None and rel.is_external else None
                    if rpr.get("sz"):
                        sizes.append(int(rpr.get("sz")) / 100)
                runs.append(Run(text, _flag(rpr, "b"), _flag(rpr, "i"), url))
            elif tag == A_BR:
                runs.append(Run(" "))
        ppr = p._p.find(A_PPR)
        bullet = ppr is None or ppr.find(A_BU_NONE) is None
        text = _merge(runs)
        visible = [r for r in text.runs if r.text.strip()]
        out.append(
            Para(
                text,
                p.level,
                bullet,
                max(sizes) if sizes else None,
                bool(visible) and all(r.bold for r in visible),
            )
        )
    return out


def _merge(runs: list[Run]) -> Text:
    out: list[Run] = []
    for r in runs:
        r = Run(r.text.replace("\v", " ").replace("\n", " "), r.bold, r.italic, r.url)
        if not r.text:
            continue
        if out and (out[-1].bold, out[-1].italic, out[-1].url) == (r.bold, r.italic, r.url):
            out[-1] = Run(out[-1].text + r.text, r.bold, r.italic, r.url)
        else:
            out.append(r)
    return Text(tuple(out))


_CHART_TYPES = {
    "BAR": "bar",
    "COLUMN": "column",
    "LINE": "line",
    "PIE": "pie",
    "DOUGHNUT": "doughnut",
}


def _chart(chart) -> dict:
    """A chart's type, categories and series values (what the deck format can say)."""
    try:
        ct = chart.chart_type
        ct_name = ct.name if ct is not None else ""
    except (NotImplementedError, KeyError, ValueError):
        ct_name = ""
    kind = next((v for k, v in _CHART_TYPES.items() if ct_name.startswith(k)), None)
    plots = list(chart.plots)
    categories: list[str] = []
    series = []
    number_format = None
    for plot in plots:
        if not categories:
            try:
                categories = [str(c) for c in plot.categories]
            except (IndexError, ValueError, KeyError):
                categories = []
        for s in plot.series:
            series.append({"name": str(s.name or ""), "values": list(s.values)})
        if plot.has_data_labels and number_format is None:
            fmt = plot.data_labels.number_format
            if fmt and fmt != "General" and not plot.data_labels.number_format_is_linked:
                number_format = fmt
    return {
        "type": kind,
        "type_name": ct_name,
        "stacked": "STACKED" in ct_name,
        "categories": categories,
        "series": series,
        "number_format": number_format,
        "plots": len(plots),
    }
