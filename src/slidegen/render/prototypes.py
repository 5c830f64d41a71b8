"""New slides and notes slides with their placeholders copied from a prototype.

python-pptx clones a layout's placeholders onto every new slide one by one, each clone asking
several XPath questions of the layout and of the slide (its type, index, size, the next free
shape id and name). On a fresh slide the answers only depend on the layout, so the placeholders
are cloned the stock way once per layout (and once for the notes master), kept, and deep-copied
onto every later slide: the same elements, ids and names, at a fraction of the cost.
"""

from __future__ import annotations

import copy

from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.parts.slide import NotesSlidePart

from .pptx_fixes import _MARKER


def _copy_or_clone(tree, key, prototypes: dict, clone) -> None:
    """Append the prototype's placeholders to `tree`, or clone them and keep them as one."""
    kept = prototypes.get(key)
    if kept is None:
        before = len(tree)
        clone()
        prototypes[key] = [copy.deepcopy(el) for el in tree[before:]]
        return
    tree.extend(copy.deepcopy(el) for el in kept)


def add_slide(prs, layout, prototypes: dict):
    """``prs.slides.add_slide(layout)``, placeholders copied from the first slide of `layout`."""
    slides = prs.slides
    r_id, slide = slides.part.add_slide(layout)
    shapes = slide.shapes
    _copy_or_clone(
        shapes._spTree,
        ("slide", layout.part),
        prototypes,
        lambda: shapes.clone_layout_placeholders(layout),
    )
    fast = getattr(slides.part.package, _MARKER, None)
    lst = slides._sldIdLst
    lst._add_sldId(id=fast._next_slide_id() if fast is not None else lst._next_id, rId=r_id)
    return slide


def notes_slide(slide, prototypes: dict):
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
    _copy_or_clone(
        notes.shapes._spTree,
        ("notes", master_part),
        prototypes,
        lambda: notes.clone_master_placeholders(master_part.notes_master),
    )
    part.relate_to(notes_part, RT.NOTES_SLIDE)
    return notes
