"""New slides, notes slides and pictures without python-pptx's per-shape look-ups.

python-pptx makes a new slide by parsing an XML string and cloning its layout's placeholders
onto it one by one, each clone asking several XPath questions of the layout and of the slide
(its type, index, size, the next free shape id and name). On a fresh slide the answers only
depend on the layout, so the first slide of each layout (and the first notes slide) is made
the stock way, kept, and deep-copied for every later one: the same elements, ids and names,
at a fraction of the cost.

It also names each new slide part from a running count instead of counting the slide list
(lxml's len() walks every child: quadratic over a deck), and adds a picture of a given size
without reading the picture's header twice for a native size it then ignores.
"""

from __future__ import annotations

import copy
import io

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.picture import CT_Picture
from pptx.parts.slide import NotesSlidePart, SlidePart

from ..ooxml import P_CSLD, P_PH, P_SLD_ID, P_SP_TREE, R_ID, SHAPE_TAGS, qn
from . import xml
from .pptx_fixes import _MARKER


class SlideMaker:
    """Adds slides to one presentation; keeps each layout's new slide as a prototype."""

    def __init__(self, prs) -> None:
        self.slides = prs.slides
        self.prs_part = self.slides.part
        self.package = self.prs_part.package
        self.prototypes: dict = {}  # ("slide", layout part) / ("notes", master) -> p:sld...
        self.count = -1  # slides in p:sldIdLst, trusted while its last child is `self.last`
        self.last = None
        self._sld_id_lst = None
        self._notes_master = None

    def add_slide(self, layout, new_part=None):
        """``prs.slides.add_slide(layout)``: same part name, ids, relationships and XML.

        `new_part(partname, package, layout_part)`: makes the slide part instead of
        ``SlidePart.new`` (a kept slide, render/slide_cache.py); its placeholders are not added.
        """
        lst = self._sld_id_lst
        if lst is None:
            lst = self._sld_id_lst = self.prs_part._element.get_or_add_sldIdLst()
        try:
            known = self.last is not None and lst[-1] is self.last
        except IndexError:
            known = False
        if not known:
            self.count = len(lst)  # first slide, or the list changed behind our back
        partname = PackURI(f"/ppt/slides/slide{self.count + 1}.xml")
        if new_part is None:
            slide_part = self._new_slide_part(partname, layout)
        else:
            slide_part = new_part(partname, self.package, layout.part)
        r_id = self.prs_part.relate_to(slide_part, RT.SLIDE)
        fast = getattr(self.package, _MARKER, None)
        slide_id = fast._next_slide_id() if fast is not None else lst._next_id
        # python-pptx's _add_sldId: p:sldId appended with its id, then r:id
        self.last = etree.SubElement(lst, P_SLD_ID, {"id": str(slide_id), R_ID: r_id})
        self.count += 1
        return slide_part.slide

    def _new_slide_part(self, partname, layout):
        """``SlidePart.new`` with the layout's placeholders cloned onto it: the first slide of
        a layout the python-pptx way, later ones copied from it (the same XML)."""
        key = ("slide", layout.part)
        kept = self.prototypes.get(key)
        if kept is None:
            part = SlidePart.new(partname, self.package, layout.part)
            part.slide.shapes.clone_layout_placeholders(layout)
            self.prototypes[key] = copy.deepcopy(part._element)
            return part
        part = SlidePart(partname, CT.PML_SLIDE, self.package, copy.deepcopy(kept))
        part.relate_to(layout.part, RT.SLIDE_LAYOUT)
        return part

    def notes_slide(self, slide):
        """``slide.notes_slide``, a new one copied from the first notes slide."""
        part = slide.part
        try:
            return part.part_related_by(RT.NOTES_SLIDE).notes_slide
        except KeyError:
            pass
        package = part.package
        master_part = self._notes_master
        if master_part is None:
            master_part = self._notes_master = package.presentation_part.notes_master_part
        key = ("notes", master_part)
        kept = self.prototypes.get(key)
        if kept is None:
            notes_part = NotesSlidePart._add_notes_slide_part(package, part, master_part)
            notes_part.notes_slide.clone_master_placeholders(master_part.notes_master)
            if notes_text_body(notes_part.notes_slide) is None:
                add_notes_body(notes_part.notes_slide, self.prs_part)
            self.prototypes[key] = copy.deepcopy(notes_part._element)
        else:  # NotesSlidePart._add_notes_slide_part with the placeholders in place
            notes_part = NotesSlidePart(
                package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                CT.PML_NOTES_SLIDE,
                package,
                copy.deepcopy(kept),
            )
            notes_part.relate_to(master_part, RT.NOTES_MASTER)
            notes_part.relate_to(part, RT.SLIDE)
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes_part.notes_slide


def add_picture(tree, data: bytes, x: int, y: int, w: int, h: int, content_type=None):
    """``shapes.add_picture(BytesIO(data), x, y, w, h)`` on a ShapeTree: the same `p:pic`
    (returned) and image part.

    python-pptx decodes the picture's header twice per call for its native size, which only
    matters when a width or height is missing; with both given it is skipped. `content_type`
    (the prepared picture's) matters for metafiles only: see `image_part`.
    """
    if not (w and h) and content_type not in _METAFILE_TYPES:
        return tree.slide.shapes.add_picture(io.BytesIO(data), x, y, w, h)._element
    image_part, r_id = get_image_part(tree.part, data, content_type)
    shape_id = tree.new_id()
    name = f"Picture {shape_id - 1}"
    pic = CT_Picture.new_pic(shape_id, name, image_part.desc, r_id, x, y, w, h)
    tree.add(pic)
    return pic


_METAFILE_TYPES = {CT.X_WMF: "wmf", CT.X_EMF: "emf"}


def get_image_part(part, data: bytes, content_type: str | None = None):
    """(image part, rId) of picture bytes related to `part`: python-pptx's
    ``get_or_add_image_part``, except for Windows metafiles, which python-pptx names by
    Pillow's one plugin for both (an EMF would become a .wmf part of type image/x-wmf, and
    python-pptx refuses it): those get a part of their own extension and content type here,
    found again by SHA-1 as python-pptx finds its own."""
    ext = _METAFILE_TYPES.get(content_type or "")
    if ext is None:
        return part.get_or_add_image_part(io.BytesIO(data))
    from pptx.parts.image import ImagePart

    package = part.package
    image = _Metafile(data, ext, content_type)
    image_part = package._image_parts._find_by_sha1(image.sha1)
    if image_part is None:
        image_part = ImagePart.new(package, image)
    return image_part, part.relate_to(image_part, RT.IMAGE)


def _metafile_class():
    from pptx.parts.image import Image

    class Metafile(Image):
        """python-pptx's Image of a WMF or EMF with the extension and type it has."""

        def __init__(self, blob: bytes, ext: str, content_type: str):
            super().__init__(blob, None)
            self._ext, self._content_type = ext, content_type

        ext = property(lambda self: self._ext)
        content_type = property(lambda self: self._content_type)

    return Metafile


def _Metafile(blob: bytes, ext: str, content_type: str):
    global _METAFILE
    if _METAFILE is None:
        _METAFILE = _metafile_class()
    return _METAFILE(blob, ext, content_type)


_METAFILE = None


def add_notes_body(notes, prs_part) -> None:
    """Give a notes slide the body placeholder its notes master lacks (a corporate template's
    notes master may have none), where python-pptx's default notes master has it: the notes
    are then written there and read back by ``notes_slide.notes_text_frame``."""
    from pptx.enum.shapes import PP_PLACEHOLDER

    sz = prs_part._element.find(qn("p:notesSz"))
    w, h = (int(sz.get("cx")), int(sz.get("cy"))) if sz is not None else (6858000, 9144000)
    shapes = notes.shapes
    tree = shapes._spTree
    used = [int(ph.get("idx", "0")) for ph in tree.iter(P_PH)]
    shape_id = shapes._next_shape_id
    sp = tree.add_placeholder(
        shape_id,
        f"Notes Placeholder {shape_id - 1}",
        PP_PLACEHOLDER.BODY,
        "horz",
        "quarter",
        max(used, default=0) + 1,
    )
    xml.set_xfrm(sp, (w // 10, h * 19 // 40, w * 4 // 5, h * 9 // 20))


def notes_text_body(notes):
    """``notes.notes_text_frame``'s `p:txBody`: the notes slide's body placeholder's, or None."""
    for el in notes._element.find(P_CSLD).find(P_SP_TREE).iterchildren(*SHAPE_TAGS):
        ph = xml.ph_of(el)
        if ph is not None and ph.get("type", "obj") == "body":
            return xml.text_body(el)
    return None
