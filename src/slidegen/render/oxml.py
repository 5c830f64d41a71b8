"""Raw DrawingML/PresentationML for masters, layouts and shape flags; helpers are named for
their element. A slide's shapes and text are written by render/xml.py."""

from __future__ import annotations

from lxml import etree

from ..ooxml import EXT_DECORATIVE, NS_ADEC, qn

SLIDENUM_FIELD_ID = "{8E3E4C2A-5B1D-4F43-9C7A-51D3C0F1A001}"


def sub(parent, tag: str, **attrs) -> etree._Element:
    """Append a child element `tag` ("a:solidFill") with attributes."""
    el = etree.SubElement(parent, qn(tag))
    for k, v in attrs.items():
        el.set(k, str(v))
    return el


def scheme_fill(parent, scheme: str, tag: str = "a:solidFill") -> etree._Element:
    """`<a:solidFill><a:schemeClr val=.../></a:solidFill>` appended to parent."""
    fill = sub(parent, tag)
    sub(fill, "a:schemeClr", val=scheme)
    return fill


def set_decorative(c_nv_pr) -> None:
    """Mark a shape decorative (Office's a16/adec extension) so screen readers skip it."""
    ext_lst = c_nv_pr.find(qn("a:extLst"))
    if ext_lst is None:
        ext_lst = sub(c_nv_pr, "a:extLst")
    ext = sub(ext_lst, "a:ext", uri=EXT_DECORATIVE)
    dec = etree.SubElement(ext, qn("adec:decorative"), nsmap={"adec": NS_ADEC})
    dec.set("val", "1")
    c_nv_pr.set("descr", "")


def is_decorative(c_nv_pr) -> bool:
    """True when a shape's `cNvPr` carries the decorative flag (see set_decorative)."""
    return bool(c_nv_pr.xpath(".//*[local-name()='decorative' and @val='1']"))


def background_solid(c_sld, scheme: str) -> None:
    """Give a slide, layout or master a solid background of a scheme colour."""
    old = c_sld.find(qn("p:bg"))
    if old is not None:
        c_sld.remove(old)
    bg = etree.Element(qn("p:bg"))
    bg_pr = sub(bg, "p:bgPr")
    scheme_fill(bg_pr, scheme)
    sub(bg_pr, "a:effectLst")
    c_sld.insert(0, bg)


def slide_number_field(paragraph, lang: str) -> None:
    """Append a real slide-number field (`a:fld type="slidenum"`) to an `a:p`."""
    fld = sub(paragraph, "a:fld", id=SLIDENUM_FIELD_ID, type="slidenum")
    sub(fld, "a:rPr", lang=lang)
    t = sub(fld, "a:t")
    t.text = "‹#›"


def insert_notes_master_id_list(prs_el, r_id: str) -> None:
    """Add `p:notesMasterIdLst` in its schema place (right after sldMasterIdLst)."""
    if prs_el.find(qn("p:notesMasterIdLst")) is not None:
        return
    lst = etree.Element(qn("p:notesMasterIdLst"))
    nm = sub(lst, "p:notesMasterId")
    nm.set(qn("r:id"), r_id)
    prs_el.find(qn("p:sldMasterIdLst")).addnext(lst)
