"""New slides, notes slides and pictures in a write.package.Package.

A new slide gets a copy of each placeholder of its layout (but the footer, date and slide
number, which the master draws), named and numbered as PowerPoint's own slides from that layout
are; a notes slide gets its notes master's slide image, notes and slide number placeholders.
Both only depend on the layout (or notes master), so the first slide of each is made from it,
kept, and copied for every later one.
"""

from __future__ import annotations

import copy
import posixpath
from pathlib import Path

from lxml import etree

from ..ooxml import (
    CT_NOTES_MASTER,
    CT_NOTES_SLIDE,
    CT_SLIDE,
    CT_THEME,
    NAMESPACES,
    P_CSLD,
    P_EXT_LST,
    P_PH,
    P_SLD_ID,
    P_SP_TREE,
    R_ID,
    RT_IMAGE,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_SLIDE,
    RT_SLIDE_LAYOUT,
    RT_THEME,
    SHAPE_TAGS,
    nsdecls,
    qn,
)
from ..write.package import Package, Part, parse_xml
from . import xml

_MIN_SLIDE_ID, _MAX_SLIDE_ID = 256, 2147483647
# p:presentation's children after p:sldIdLst, in schema order (it goes before the first found)
_AFTER_SLD_ID_LST = tuple(
    qn(f"p:{t}")
    for t in (
        "sldSz",
        "notesSz",
        "smartTags",
        "embeddedFontLst",
        "custShowLst",
        "photoAlbum",
        "custDataLst",
        "kinsoku",
        "defaultTextStyle",
        "modifyVerifier",
        "extLst",
    )
)
SLIDE_XML = (
    f"<p:sld {nsdecls('a', 'p', 'r')}><p:cSld><p:spTree><p:nvGrpSpPr>"
    '<p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/></p:spTree>'
    "</p:cSld><p:clrMapOvr><a:masterClrMapping/></p:clrMapOvr></p:sld>"
)
# what a new placeholder is named after, by its type on a slide and on a notes slide
SLIDE_PH_NAMES = {
    "clipArt": "ClipArt Placeholder",
    "body": "Text Placeholder",
    "ctrTitle": "Title",
    "chart": "Chart Placeholder",
    "dt": "Date Placeholder",
    "ftr": "Footer Placeholder",
    "hdr": "Header Placeholder",
    "media": "Media Placeholder",
    "obj": "Content Placeholder",
    "dgm": "SmartArt Placeholder",
    "pic": "Picture Placeholder",
    "sldNum": "Slide Number Placeholder",
    "subTitle": "Subtitle",
    "tbl": "Table Placeholder",
    "title": "Title",
    "sldImg": "Slide Image Placeholder",
}
NOTES_PH_NAMES = {
    "body": "Notes Placeholder",
    "dt": "Date Placeholder",
    "ftr": "Footer Placeholder",
    "hdr": "Header Placeholder",
    "sldImg": "Slide Image Placeholder",
    "sldNum": "Slide Number Placeholder",
}
ALL_IDS = etree.XPath("//@id")  # every numeric @id of the document counts for a new shape's
ALL_NAMES = etree.XPath("//p:cNvPr/@name", namespaces=NAMESPACES)
LATENT = frozenset({"dt", "ftr", "sldNum"})  # drawn by the master: not copied onto slides
NOTES_CLONED = frozenset({"sldImg", "body", "sldNum"})
_TEXT_PH = frozenset({"title", "ctrTitle", "subTitle", "body", "obj"})


def stock_file(name: str) -> Path:
    """A file of python-pptx's stock templates (default.pptx, notesMaster.xml, theme.xml,
    notes.xml), found without importing python-pptx: slidegen's own base starts from them."""
    import importlib.util

    spec = importlib.util.find_spec("pptx")
    return Path(next(iter(spec.submodule_search_locations))) / "templates" / name


class SlideMaker:
    """Adds slides (and notes slides) to one package; keeps a prototype per layout."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.prs_part = package.main
        self.prototypes: dict = {}  # ("slide", layout part) / ("notes", master) -> element
        self.count = -1  # slides in p:sldIdLst, trusted while its last child is `self.last`
        self.last = None
        self.next_id = _MIN_SLIDE_ID
        self._sld_id_lst = None
        self._notes_master = None

    def add_slide(self, layout: Part, element=None) -> Part:
        """A new slide of `layout`, listed last in the presentation. `element`: the slide's
        XML (a kept slide, render/slide_cache.py) instead of the layout's placeholders."""
        lst = self._sld_id_lst
        if lst is None:
            lst = self._sld_id_lst = _sld_id_lst(self.prs_part.element)
        try:  # (not len(lst): lxml counts the children one by one, quadratic over a deck)
            known = self.last is not None and lst[-1] is self.last
        except IndexError:
            known = False
        if not known:  # first slide, or the list changed behind our back
            self.count = len(lst)
            self.next_id = _next_slide_id(lst)
        partname = f"/ppt/slides/slide{self.count + 1}.xml"
        if element is None:
            element = self._new_slide(layout)
        part = Part(self.package, partname, CT_SLIDE, element=element)
        self.package.names().add(partname)
        part.relate_to(layout, RT_SLIDE_LAYOUT)
        r_id = self.prs_part.relate_to(part, RT_SLIDE)
        self.last = etree.SubElement(lst, P_SLD_ID, {"id": str(self.next_id), R_ID: r_id})
        self.count += 1
        self.next_id = self.next_id + 1 if self.next_id < _MAX_SLIDE_ID else _next_slide_id(lst)
        return part

    def _new_slide(self, layout: Part):
        key = ("slide", id(layout))
        kept = self.prototypes.get(key)
        if kept is None:
            kept = parse_xml(SLIDE_XML)
            tree = kept.find(P_CSLD).find(P_SP_TREE)
            for sp in placeholders(layout.element):
                if ph_type(sp) not in LATENT:
                    clone_placeholder(tree, sp, SLIDE_PH_NAMES)
            self.prototypes[key] = kept
        return copy.deepcopy(kept)

    def notes_master(self) -> Part:
        """The presentation's notes master (a stock one added when it has none)."""
        if self._notes_master is None:
            try:
                self._notes_master = self.prs_part.related(RT_NOTES_MASTER)
            except KeyError:
                self._notes_master = _default_notes_master(self.package)
                self.prs_part.relate_to(self._notes_master, RT_NOTES_MASTER)
        return self._notes_master

    def notes_slide(self, slide: Part) -> Part:
        """The slide's notes slide, made (from its notes master's placeholders) if need be."""
        try:
            return slide.related(RT_NOTES_SLIDE)
        except KeyError:
            pass
        master = self.notes_master()
        key = ("notes", id(master))
        kept = self.prototypes.get(key)
        if kept is None:
            kept = parse_xml(stock_file("notes.xml").read_bytes())
            tree = kept.find(P_CSLD).find(P_SP_TREE)
            for sp in placeholders(master.element):
                if ph_type(sp) in NOTES_CLONED:
                    clone_placeholder(tree, sp, NOTES_PH_NAMES)
            if notes_text_body(kept) is None:
                add_notes_body(kept, self.prs_part.element)
            self.prototypes[key] = kept
        notes = self.package.new_part(
            "/ppt/notesSlides/notesSlide%d.xml", CT_NOTES_SLIDE, copy.deepcopy(kept)
        )
        notes.relate_to(master, RT_NOTES_MASTER)
        notes.relate_to(slide, RT_SLIDE)
        slide.relate_to(notes, RT_NOTES_SLIDE)
        return notes


def _sld_id_lst(prs_el):
    lst = prs_el.find(qn("p:sldIdLst"))
    if lst is None:
        lst = prs_el.makeelement(qn("p:sldIdLst"), {})
        # before the first of the elements that follow it in the schema, in schema order
        after = next((el for t in _AFTER_SLD_ID_LST if (el := prs_el.find(t)) is not None), None)
        if after is None:
            prs_el.append(lst)
        else:
            after.addprevious(lst)
    return lst


def _next_slide_id(lst) -> int:
    """One more than the largest slide id in use (at least 256); the lowest free one once
    that passes the largest allowed."""
    used = [int(el.get("id")) for el in lst.iterchildren(P_SLD_ID)]
    simple = max([_MIN_SLIDE_ID - 1, *used]) + 1
    if simple <= _MAX_SLIDE_ID:
        return simple
    valid = sorted(i for i in used if _MIN_SLIDE_ID <= i <= _MAX_SLIDE_ID)
    return next(
        (n for n, i in enumerate(valid, start=_MIN_SLIDE_ID) if n != i), valid[-1] + 1
    )  # pragma: no cover - two thousand million slides


def placeholders(root) -> list:
    """The placeholder shapes of a slide, layout or master element, in document order."""
    tree = root.find(P_CSLD).find(P_SP_TREE)
    return [el for el in tree.iterchildren(*SHAPE_TAGS) if xml.ph_of(el) is not None]


def ph_type(shape) -> str:
    return xml.ph_of(shape).get("type", "obj")


def clone_placeholder(tree, shape, basenames: dict) -> etree._Element:
    """A new placeholder on `tree` (a p:spTree) like `shape` (a layout's or notes master's):
    same type, index, orientation and size, the next shape id, a name from `basenames`."""
    ph = xml.ph_of(shape)
    kind = ph.get("type", "obj")
    orient = ph.get("orient", "horz")
    ids = [int(v) for v in ALL_IDS(tree) if v.isdigit()]
    shape_id = max(ids, default=0) + 1
    basename = basenames[kind]
    if orient == "vert":
        basename = f"Vertical {basename}"
    names = ALL_NAMES(tree)
    number = shape_id - 1
    while f"{basename} {number}" in names:
        number += 1
    sp = placeholder_sp(
        shape_id,
        f"{basename} {number}",
        kind,
        orient,
        ph.get("sz", "full"),
        int(ph.get("idx", "0")),
    )
    last = tree[-1] if len(tree) else None
    if last is not None and last.tag == P_EXT_LST:
        last.addprevious(sp)
    else:
        tree.append(sp)
    return sp


def placeholder_sp(shape_id: int, name: str, kind: str, orient: str, sz: str, idx: int):
    """A new placeholder `p:sp` (attributes at their defaults left out); a text body when
    its kind holds text."""
    sp = parse_xml(
        f"<p:sp {nsdecls('a', 'p')}><p:nvSpPr>"
        f'<p:cNvPr id="{shape_id}" name="{xml.attr(name)}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr/></p:nvSpPr><p:spPr/></p:sp>'
    )
    nv_pr = sp[0][2]
    ph = etree.SubElement(nv_pr, P_PH, nsmap={"p": qn("p:")[1:-1]})
    for attr, value, default in (
        ("type", kind, "obj"),
        ("idx", str(idx), "0"),
        ("orient", orient, "horz"),
        ("sz", sz, "full"),
    ):
        if value != default:
            ph.set(attr, value)
    if kind in _TEXT_PH:
        sp.append(
            parse_xml(f"<p:txBody {nsdecls('a', 'p')}><a:bodyPr/><a:lstStyle/><a:p/></p:txBody>")
        )
    return sp


def _default_notes_master(package: Package) -> Part:
    """A stock notes master with its own theme (for a presentation that has none)."""
    master = Part(
        package,
        "/ppt/notesMasters/notesMaster1.xml",
        CT_NOTES_MASTER,
        element=parse_xml(stock_file("notesMaster.xml").read_bytes()),
    )
    theme = package.new_part(
        "/ppt/theme/theme%d.xml",
        CT_THEME,
        element=parse_xml(stock_file("theme.xml").read_bytes()),
    )
    master.relate_to(theme, RT_THEME)
    return master


def add_picture(tree, data: bytes, box, content_type: str):
    """A picture of `data` at `box` on a xml.ShapeTree: its image part related to the slide
    (one part per distinct picture in the package); returns the `p:pic`."""
    part = tree.part.package.image_part(data, content_type)
    r_id = tree.part.relate_to(part, RT_IMAGE)
    shape_id = tree.new_id()
    ext = posixpath.splitext(part.partname)[1][1:]
    pic = xml.picture(shape_id, f"Picture {shape_id - 1}", f"image.{ext}", r_id, *box)
    tree.add(pic)
    return pic


def add_notes_body(notes, prs_el) -> None:
    """Give a notes slide (element) the body placeholder its notes master lacks (a corporate
    template's notes master may have none): the notes are written there."""
    sz = prs_el.find(qn("p:notesSz"))
    w, h = (int(sz.get("cx")), int(sz.get("cy"))) if sz is not None else (6858000, 9144000)
    tree = notes.find(P_CSLD).find(P_SP_TREE)
    used = [int(ph.get("idx", "0")) for ph in tree.iter(P_PH)]
    ids = [int(v) for v in ALL_IDS(tree) if v.isdigit()]
    shape_id = max(ids, default=0) + 1
    sp = placeholder_sp(
        shape_id,
        f"Notes Placeholder {shape_id - 1}",
        "body",
        "horz",
        "quarter",
        max(used, default=0) + 1,
    )
    last = tree[-1] if len(tree) else None
    if last is not None and last.tag == P_EXT_LST:
        last.addprevious(sp)
    else:
        tree.append(sp)
    xml.set_xfrm(sp, (w // 10, h * 19 // 40, w * 4 // 5, h * 9 // 20))


def notes_text_body(notes):
    """The notes slide's (element) body placeholder's `p:txBody`, or None."""
    for el in notes.find(P_CSLD).find(P_SP_TREE).iterchildren(*SHAPE_TAGS):
        ph = xml.ph_of(el)
        if ph is not None and ph.get("type", "obj") == "body":
            return xml.text_body(el)
    return None
