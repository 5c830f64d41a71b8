"""New slides, notes slides and pictures without python-pptx's per-shape look-ups.

python-pptx clones a layout's placeholders onto every new slide one by one, each clone asking
several XPath questions of the layout and of the slide (its type, index, size, the next free
shape id and name). On a fresh slide the answers only depend on the layout, so the placeholders
are cloned the stock way once per layout (and once for the notes master), kept, and deep-copied
onto every later slide: the same elements, ids and names, at a fraction of the cost.

It also names each new slide part from a running count instead of counting the slide list
(lxml's len() walks every child: quadratic over a deck), adds a picture of a given size
without reading the picture's header twice for a native size it then ignores, and finds a
placeholder by index without an XPath query per shape.
"""

from __future__ import annotations

import copy
import io

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.picture import CT_Picture
from pptx.parts.slide import NotesSlidePart, SlidePart

from . import xml
from .pptx_fixes import _MARKER


class SlideMaker:
    """Adds slides to one presentation; keeps each layout's placeholders as a prototype."""

    def __init__(self, prs) -> None:
        self.slides = prs.slides
        self.prs_part = self.slides.part
        self.prototypes: dict = {}  # ("slide", layout part) / ("notes", master) -> elements
        self.count = -1  # slides in p:sldIdLst, trusted while its last child is `self.last`
        self.last = None

    def _copy_or_clone(self, tree, key, clone) -> None:
        """Append the prototype's placeholders to `tree`, or clone them and keep them."""
        kept = self.prototypes.get(key)
        if kept is None:
            before = len(tree)
            clone()
            self.prototypes[key] = [copy.deepcopy(el) for el in tree[before:]]
            return
        tree.extend(copy.deepcopy(el) for el in kept)

    def add_slide(self, layout, new_part=None):
        """``prs.slides.add_slide(layout)``: same part name, ids, relationships and XML.

        `new_part(partname, package, layout_part)`: makes the slide part instead of
        ``SlidePart.new`` (a kept slide, render/slide_cache.py); its placeholders are not added.
        """
        lst = self.prs_part._element.get_or_add_sldIdLst()
        try:
            known = self.last is not None and lst[-1] is self.last
        except IndexError:
            known = False
        if not known:
            self.count = len(lst)  # first slide, or the list changed behind our back
        partname = PackURI(f"/ppt/slides/slide{self.count + 1}.xml")
        make = new_part or SlidePart.new
        slide_part = make(partname, self.prs_part.package, layout.part)
        r_id = self.prs_part.relate_to(slide_part, RT.SLIDE)
        slide = slide_part.slide
        if new_part is None:
            shapes = slide.shapes
            self._copy_or_clone(
                shapes._spTree,
                ("slide", layout.part),
                lambda: shapes.clone_layout_placeholders(layout),
            )
        fast = getattr(self.prs_part.package, _MARKER, None)
        slide_id = fast._next_slide_id() if fast is not None else lst._next_id
        self.last = lst._add_sldId(id=slide_id, rId=r_id)
        self.count += 1
        return slide

    def notes_slide(self, slide):
        """``slide.notes_slide``, a new one's placeholders copied from the first notes slide."""
        part = slide.part
        try:
            return part.part_related_by(RT.NOTES_SLIDE).notes_slide
        except KeyError:
            pass
        package = part.package
        master_part = package.presentation_part.notes_master_part
        notes_part = NotesSlidePart._add_notes_slide_part(package, part, master_part)
        notes = notes_part.notes_slide
        self._copy_or_clone(
            notes.shapes._spTree,
            ("notes", master_part),
            lambda: notes.clone_master_placeholders(master_part.notes_master),
        )
        part.relate_to(notes_part, RT.NOTES_SLIDE)
        return notes


def add_picture(tree, data: bytes, x: int, y: int, w: int, h: int):
    """``shapes.add_picture(BytesIO(data), x, y, w, h)`` on a ShapeTree: the same `p:pic`
    (returned) and image part.

    python-pptx decodes the picture's header twice per call for its native size, which only
    matters when a width or height is missing; with both given it is skipped.
    """
    if not (w and h):
        return tree.slide.shapes.add_picture(io.BytesIO(data), x, y, w, h)._element
    image_part, r_id = tree.part.get_or_add_image_part(io.BytesIO(data))
    shape_id = tree.new_id()
    name = f"Picture {shape_id - 1}"
    pic = CT_Picture.new_pic(shape_id, name, image_part.desc, r_id, x, y, w, h)
    tree.add(pic)
    return pic


def notes_text_body(notes):
    """``notes.notes_text_frame``'s `p:txBody`: the notes slide's body placeholder's, or None."""
    for el in notes._element.find(xml.P_CSLD).find(xml.P_SP_TREE).iterchildren(*xml.SHAPE_TAGS):
        ph = xml.ph_of(el)
        if ph is not None and ph.get("type", "obj") == "body":
            return xml.text_body(el)
    return None
