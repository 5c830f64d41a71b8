"""A slide's shapes and paragraphs written with lxml directly, by precomputed Clark name.

python-pptx answers every question about a shape (is it a placeholder, its index, its text
frame, the next free shape id) through proxy objects, XPath queries and namespace-prefixed
look-ups. These helpers make the same edits to a slide's `p:spTree`: the same elements and
attributes in the same order (byte-identical output), without that per-shape layer.
"""

from __future__ import annotations

import re

from lxml import etree

from ..ooxml import A_BU_CHAR as A_BU_CHAR  # re-exported: the layouts write xml.A_BU_CHAR
from ..ooxml import (
    A_BU_NONE,
    A_EXT,
    A_HLINK_CLICK,
    A_OFF,
    A_P,
    A_PPR,
    A_XFRM,
    NS_P,
    P_C_NV_PR,
    P_CSLD,
    P_EXT_LST,
    P_NV_PR,
    P_PH,
    P_SP_PR,
    P_SP_TREE,
    P_TX_BODY,
    R_ID,
    RT_SLIDE_LAYOUT,
    SHAPE_TAGS,
    URI_TABLE,
    escape_xml_text,
    nsdecls,
)
from ..ooxml import A_TR as A_TR  # ... and xml.A_TR (xml.A_P, xml.A_BU_NONE: used here too)

_ALL_IDS = etree.XPath("//@id")  # python-pptx's max_shape_id: every @id in the document
_SHAPE_IDS = etree.XPath("//p:cNvPr/@id", namespaces={"p": NS_P})
# Not allowed in XML 1.0 (CR is, but a parser reads a raw one as LF), so escaped as Office does
_CTRL = re.compile(r"[\x00-\x08\x0B-\x1F]")


def parse_xml(text: str):
    """An element from XML text (see write.package.parse_xml)."""
    from ..write.package import parse_xml

    return parse_xml(text)


def attr(text: str) -> str:
    """Text for a double-quoted XML attribute."""
    return escape_xml_text(text).replace('"', "&quot;")


def escape_ctrl_chars(s: str) -> str:
    """Control characters as "_x0007_" plain-text escapes: what python-pptx's run text setter
    writes and Office reads (in slides, charts and workbooks alike)."""
    if _CTRL.search(s) is None:
        return s
    return _CTRL.sub(lambda m: f"_x{ord(m.group()):04X}_", s)


class ShapeTree:
    """One slide's `p:spTree`: its placeholders and the ids its new shapes get.

    A new shape's id is python-pptx's: one more than the largest numeric ``@id`` anywhere in
    the slide's XML. It is worked out once, then counted up by :meth:`add`, and worked out
    again when :meth:`new_id` finds the `p:spTree`'s number of children or its last child
    changed since. So these are safe between calls: shapes added through :meth:`add`; shapes
    removed anywhere (ids only go away); shapes added by another route (appended to the tree,
    ``addprevious``) when the number of children or the last child
    then differs from their last :meth:`new_id` or :meth:`add`. Not noticed, so call
    :meth:`refresh` after them: removals and insertions that cancel out (a shape removed and
    another inserted before the last child), a shape added inside a group, an ``@id`` changed
    in place.
    """

    def __init__(self, slide) -> None:
        self.slide = self.part = slide  # a write.package.Part
        self.tree = sp_tree(slide)
        self._next = 0
        self._seen: tuple = (-1, None)  # (children, last child) after the last add
        self._layout = None

    def layout_partname(self):
        """The part name of the slide's layout."""
        if self._layout is None:
            self._layout = self.part.related(RT_SLIDE_LAYOUT).partname
        return self._layout

    def placeholder(self, idx: int):
        """The first placeholder `p:sp` (or other shape) with index `idx` (0: title), or None."""
        for el in self.tree.iterchildren(*SHAPE_TAGS):
            ph = ph_of(el)
            if ph is not None and int(ph.get("idx", "0")) == idx:
                return el
        return None

    def refresh(self) -> None:
        """Work the next id out again at the next :meth:`new_id` (after an edit it misses)."""
        self._seen = (-1, None)

    def new_id(self) -> int:
        """The id the next added shape gets."""
        tree = self.tree
        seen = (len(tree), tree[-1] if len(tree) else None)
        if seen != self._seen:
            ids = [int(v) for v in _ALL_IDS(tree) if v.isdigit()]
            self._next = max(ids, default=0) + 1
            self._seen = seen
        return self._next

    def add(self, shape) -> None:
        """Add a shape (whose id is :meth:`new_id`) on top, before any `p:extLst`."""
        tree = self.tree
        last = tree[-1] if len(tree) else None
        if last is not None and last.tag == P_EXT_LST:  # the schema keeps p:extLst last
            last.addprevious(shape)
        else:
            tree.append(shape)
        self._next += 1
        self._seen = (len(tree), tree[-1])


def child(parent, tag: str):
    """`parent`'s first child element with `tag`, or None: what ``parent.find(tag)`` gives, at
    half its cost (lxml's find goes through its path machinery even for one plain tag, and the
    render stage looks up a child several times per paragraph)."""
    return next(parent.iterchildren(tag), None)


def sp_tree(part):
    """The `p:spTree` of a slide, layout or master Part."""
    return child(child(part.element, P_CSLD), P_SP_TREE)


def next_shape_id(tree) -> int:
    """One more than the largest shape id (`p:cNvPr/@id`) in `tree`'s document; an id that
    is not a number (a damaged template) is passed over, as python-pptx passes it over."""
    return max((int(v) for v in _SHAPE_IDS(tree) if v.isdigit()), default=0) + 1


def ph_of(shape):
    """The shape's `p:ph` (``./*[1]/p:nvPr/p:ph``), or None when it is no placeholder."""
    nv = next(shape.iterchildren(etree.Element), None)  # the shape's p:nvXxPr
    nv_pr = child(nv, P_NV_PR) if nv is not None else None
    return child(nv_pr, P_PH) if nv_pr is not None else None


def c_nv_pr(shape):
    """The shape's `p:cNvPr` (id, name, descr)."""
    return child(shape[0], P_C_NV_PR)


def xfrm_of(shape):
    """A `p:sp`'s own `a:xfrm` (None: it has none, a placeholder inherits its layout's)."""
    sp_pr = child(shape, P_SP_PR)
    return child(sp_pr, A_XFRM) if sp_pr is not None else None


def set_shape(shape, shape_id: int, name: str, box) -> None:
    """Id, name and (left, top, width, height) of a shape copied from a prototype."""
    props, off, ext = shape.iter(P_C_NV_PR, A_OFF, A_EXT)  # one walk, in document order
    props.set("id", str(shape_id))
    props.set("name", name)
    x, y, w, h = box
    off.set("x", str(x))
    off.set("y", str(y))
    ext.set("cx", str(w))
    ext.set("cy", str(h))


def set_xfrm(shape, box) -> None:
    """``shape.left, .top, .width, .height = box`` on a `p:sp` (its `a:xfrm` added if need be)."""
    sp_pr = child(shape, P_SP_PR)
    xfrm = child(sp_pr, A_XFRM)
    if xfrm is None:
        xfrm = etree.Element(A_XFRM)
        sp_pr.insert(0, xfrm)  # first in spPr's sequence
    off = child(xfrm, A_OFF)
    if off is None:
        off = etree.Element(A_OFF)
        xfrm.insert(0, off)
    ext = child(xfrm, A_EXT)
    if ext is None:
        ext = etree.Element(A_EXT)
        off.addnext(ext)
    x, y, w, h = box
    off.set("x", str(x))
    off.set("y", str(y))
    ext.set("cx", str(w))
    ext.set("cy", str(h))


def text_body(shape):
    """The shape's `p:txBody` (added as python-pptx adds it when missing)."""
    tx = child(shape, P_TX_BODY)
    if tx is None:
        tx = parse_xml(f"<p:txBody {nsdecls('p', 'a')}><a:bodyPr/><a:p/></p:txBody>")
        ext_lst = child(shape, P_EXT_LST)
        if ext_lst is None:
            shape.append(tx)
        else:
            ext_lst.addprevious(tx)
    return tx


def paragraphs(tx_body, n: int) -> list:
    """`n` paragraphs to write: the text body's first `a:p`, then new ones appended (python-pptx's
    ``text_frame.paragraphs[0]`` and ``add_paragraph()``)."""
    if n == 0:
        return []
    out = [child(tx_body, A_P)]
    out += [etree.SubElement(tx_body, A_P) for _ in range(n - 1)]
    return out


def p_pr(p):
    """The paragraph's `a:pPr`, added first in it when missing."""
    ppr = child(p, A_PPR)
    if ppr is None:
        ppr = etree.SubElement(p, A_PPR)  # made in place (cheaper), then moved first
        if len(p) > 1:
            p.insert(0, ppr)
    return ppr


def set_level(p, level: int) -> None:
    """``paragraph.level = level``: `lvl`, left out at level 0 (its default)."""
    ppr = p_pr(p)
    if level:
        ppr.set("lvl", str(level))
    else:
        ppr.attrib.pop("lvl", None)


def level_of(p) -> int:
    """``paragraph.level``."""
    ppr = child(p, A_PPR)
    return int(ppr.get("lvl", "0")) if ppr is not None else 0


def set_align(p, algn: str | None) -> None:
    """``paragraph.alignment``, as its XML value ("l", "ctr", "r"; None: inherited)."""
    ppr = p_pr(p)
    if algn is None:
        ppr.attrib.pop("algn", None)
    else:
        ppr.set("algn", algn)


def no_bullet(p, indent: int) -> None:
    """No bullet on a paragraph, its text at `indent` per level (its level's left margin)."""
    level = level_of(p)
    ppr = p_pr(p)
    ppr.set("marL", str(indent * level))
    ppr.set("indent", "0")
    if child(ppr, A_BU_NONE) is None:
        etree.SubElement(ppr, A_BU_NONE)


def hyperlink(rpr, r_id: str):
    """`a:hlinkClick` to relationship `r_id`, last in a run's properties (its schema place
    after `a:latin`; rPr must be in the slide's tree, whose root declares the r prefix).
    Returns it."""
    link = etree.SubElement(rpr, A_HLINK_CLICK)
    link.set(R_ID, r_id)
    return link


def box_of(shape) -> tuple[int, int, int, int]:
    """(left, top, width, height) of a shape from its own `a:xfrm` (`p:spPr`'s)."""
    off, ext = child(child(shape, P_SP_PR), A_XFRM)
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def table_frame(shape_id: int, name: str, x: int, y: int, widths, heights, cells):
    """A table's `p:graphicFrame`: what python-pptx's ``add_table`` makes (the same elements and
    attributes), with a column per width, a row per height, and each cell formatted:
    `cells[row][col]` is (fill scheme colour, vertical anchor, paragraph alignment) as XML values,
    or None for a cell left as python-pptx makes it.
    Its cells' paragraphs are empty, for the text. `name` is plain text (not escaped, as in
    python-pptx's template)."""
    grid = "".join(f'<a:gridCol w="{w}"/>' for w in widths)
    rows = "".join(
        f'<a:tr h="{h}">'
        + "".join(_PLAIN_CELL if cell is None else _CELL.format(*cell) for cell in row)
        + "</a:tr>"
        for h, row in zip(heights, cells, strict=True)
    )
    return parse_xml(
        f"<p:graphicFrame {nsdecls('p', 'a')}><p:nvGraphicFramePr>"
        f'<p:cNvPr id="{shape_id}" name="{name}"/><p:cNvGraphicFramePr>'
        '<a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/></p:nvGraphicFramePr>'
        f'<p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{sum(widths)}" cy="{sum(heights)}"/>'
        f'</p:xfrm><a:graphic><a:graphicData uri="{URI_TABLE}"><a:tbl>'
        f'<a:tblPr firstRow="1" bandRow="1"><a:tableStyleId>{_TABLE_STYLE}</a:tableStyleId>'
        f"</a:tblPr><a:tblGrid>{grid}</a:tblGrid>{rows}</a:tbl></a:graphicData></a:graphic>"
        "</p:graphicFrame>"
    )


_PLAIN_CELL = "<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p/></a:txBody><a:tcPr/></a:tc>"
_CELL = (
    '<a:tc><a:txBody><a:bodyPr/><a:lstStyle/><a:p><a:pPr algn="{2}"/></a:p></a:txBody>'
    '<a:tcPr anchor="{1}"><a:solidFill><a:schemeClr val="{0}"/></a:solidFill></a:tcPr></a:tc>'
)
_TABLE_STYLE = "{5C22544A-7EE6-4342-B048-85BDC9FD1C3A}"  # python-pptx's (Medium Style 2 - Accent 1)


def textbox_sp(shape_id: int, name: str, x: int, y: int, cx: int, cy: int):
    """A new text box `p:sp` (no wrap, shape fitted to its text: PowerPoint's defaults)."""
    return parse_xml(
        f"<p:sp {nsdecls('a', 'p')}><p:nvSpPr>"
        f'<p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none"><a:spAutoFit/></a:bodyPr><a:lstStyle/><a:p/>'
        "</p:txBody></p:sp>"
    )


def autoshape_sp(shape_id: int, name: str, prst: str, x: int, y: int, cx: int, cy: int):
    """A new preset-geometry `p:sp` without its theme style (rules, plates): filled and
    outlined by the caller."""
    return parse_xml(
        f"<p:sp {nsdecls('a', 'p')}><p:nvSpPr>"
        f'<p:cNvPr id="{shape_id}" name="{name}"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        f'<a:prstGeom prst="{prst}"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr rtlCol="0" anchor="ctr"/><a:lstStyle/><a:p><a:pPr algn="ctr"/>'
        "</a:p></p:txBody></p:sp>"
    )


def picture(shape_id: int, name: str, desc: str, r_id: str, x: int, y: int, cx: int, cy: int):
    """A new `p:pic` of the picture related as `r_id`, stretched to its box."""
    return parse_xml(
        f"<p:pic {nsdecls('a', 'p', 'r')}><p:nvPicPr>"
        f'<p:cNvPr id="{shape_id}" name="{name}" descr="{attr(desc)}"/>'
        '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr/></p:nvPicPr>'
        f'<p:blipFill><a:blip r:embed="{r_id}"/><a:stretch><a:fillRect/></a:stretch>'
        f'</p:blipFill><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
