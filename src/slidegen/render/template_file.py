"""Opening a corporate template of any kind (.pptx, .potx, .pptm, .potm, .ppsx) as a
presentation whose output is always a plain .pptx, and clearing what is the template's own
business from it: example and hidden slides, sections, custom shows, comments, tags, custom
XML, revision data and macros (its custom properties, a classification label, stay).

A .potx or .pptm is the same package as a .pptx with another content type on its main part
(and, for macro-enabled files, a VBA project): the main part is opened as a presentation,
its content type becomes the presentation's, and the macros are dropped with a note.
"""

from __future__ import annotations

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..ooxml import EXT_SECTIONS, RT_OFFICE_EXTRAS, RT_VBA_PROJECT, qn

# Relationships of the presentation part (or the package) to what a template must not pass on
_LEFTOVER_RELS = frozenset(
    {
        RT.COMMENT_AUTHORS,
        RT.CUSTOM_XML,
        RT.TAGS,
        RT.REVISION_HEADERS,
        RT.REVISION_LOG,
        *RT_OFFICE_EXTRAS,
    }
)


def as_plain_pptx(prs) -> list[str]:
    """Make an opened template (.pptx, .potx, .pptm, .potm) a plain .pptx: the main part's
    content type rewritten, macros dropped. Returns notes on what was dropped."""
    part = prs.part
    part._content_type = CT.PML_PRESENTATION_MAIN
    part.__dict__["content_type"] = CT.PML_PRESENTATION_MAIN  # python-pptx caches it
    notes = []
    if _drop_rels(part, {RT_VBA_PROJECT}):
        notes.append("its macros (a VBA project) are not carried over: the output is a .pptx")
    return notes


def _drop_rels(part, reltypes) -> int:
    """Drop `part`'s relationships of these types; how many there were."""
    dropped = 0
    for r_id, rel in list(part.rels.items()):
        if rel.reltype in reltypes:
            part.rels.pop(r_id)
            dropped += 1
    return dropped


def remove_leftovers(prs) -> None:
    """Delete every slide (its sldIdLst entry and relationship: example and hidden slides,
    with their notes and comments), the section list and custom shows, and the presentation's
    comment authors, tags, custom XML and revision data. Its custom properties (a
    classification label) stay: the output carries them, and slidegen's origin after them.

    What is left unreachable is not written.
    """
    part = prs.part
    pres = part._element
    sld_id_lst = pres.find(qn("p:sldIdLst"))
    if sld_id_lst is not None:
        for sld_id in list(sld_id_lst):
            r_id = sld_id.get(qn("r:id"))
            sld_id_lst.remove(sld_id)
            part.drop_rel(r_id)
    for ext in pres.findall(f"{qn('p:extLst')}/{qn('p:ext')}"):
        if ext.get("uri") == EXT_SECTIONS:
            ext.getparent().remove(ext)
    for tag in ("p:custShowLst", "p:custDataLst"):
        el = pres.find(qn(tag))
        if el is not None:
            pres.remove(el)
    _drop_rels(part, _LEFTOVER_RELS)
    package = part.package
    for r_id, rel in list(package._rels.items()):
        # a second, non-standard extended-properties part (the template's own word counts)
        stray = (
            rel.reltype.endswith("/extended-properties") and rel.reltype != RT.EXTENDED_PROPERTIES
        )
        if rel.reltype in _LEFTOVER_RELS or stray:
            package._rels.pop(r_id)
