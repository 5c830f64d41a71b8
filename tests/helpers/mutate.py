"""Damage a real .pptx in small, specific ways: attributes deleted or given odd values,
relationships dropped or pointed elsewhere, parts removed or replaced with other bytes.

Each mutation takes the package's members (name -> bytes) and returns them changed; `save`
writes them back as a zip. Used by the mutation fuzzer (tests/test_mutations.py) and for the
named cases of issue 21 (an <a:ext> without cy, a slide id "abc", sz="1.5", a missing layout
relationship, a picture part that is not a picture, a 30000x30000 picture).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from lxml import etree

ODD_VALUES = ["", "abc", "1.5", "-1", "99999999999999999999", "0", "NaN", "\u00e9", "1e400"]


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def save(items: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items.items():
            z.writestr(name, data)
    return path


def xml_parts(items: dict[str, bytes]) -> list[str]:
    return sorted(n for n in items if n.endswith(".xml") and not n.startswith("[Content"))


def rels_parts(items: dict[str, bytes]) -> list[str]:
    return sorted(n for n in items if n.endswith(".rels"))


def _edit(items: dict[str, bytes], name: str, change) -> dict[str, bytes]:
    """The members with part `name` changed by `change(root)`; unchanged when the part is not
    XML (an earlier mutation replaced it) or the change does not apply."""
    try:
        root = etree.fromstring(items[name])
        change(root)
    except (etree.XMLSyntaxError, IndexError, KeyError):
        return items
    out = dict(items)
    out[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def element_count(data: bytes) -> int:
    """How many elements an XML part holds (0 when it is not XML)."""
    try:
        return sum(1 for _ in etree.fromstring(data).iter())
    except etree.XMLSyntaxError:
        return 0


def child_count(data: bytes) -> int:
    """How many children the root of an XML part has (0 when it is not XML)."""
    try:
        return len(etree.fromstring(data))
    except etree.XMLSyntaxError:
        return 0


def elements_with_attributes(data: bytes) -> list[tuple[int, str]]:
    """(element index in document order, attribute name) of every attribute in an XML part."""
    try:
        root = etree.fromstring(data)
    except etree.XMLSyntaxError:
        return []
    out = []
    for i, el in enumerate(root.iter()):
        if isinstance(el.tag, str):
            out += [(i, a) for a in el.attrib]
    return out


def set_attribute(items, name: str, index: int, attr: str, value: str | None):
    """Attribute `attr` of the index-th element of part `name`: deleted (None) or set."""

    def change(root):
        el = list(root.iter())[index]
        if value is None:
            el.attrib.pop(attr, None)
        else:
            el.set(attr, value)

    return _edit(items, name, change)


def drop_relationship(items, rels: str, index: int):
    """Remove the index-th relationship of a .rels part."""

    def change(root):
        rel = list(root)[index]
        root.remove(rel)

    return _edit(items, rels, change)


def retarget_relationship(items, rels: str, index: int, target: str):
    """Point the index-th relationship of a .rels part somewhere else."""

    def change(root):
        list(root)[index].set("Target", target)

    return _edit(items, rels, change)


def remove_part(items, name: str):
    out = dict(items)
    out.pop(name, None)
    return out


def replace_part(items, name: str, data: bytes):
    out = dict(items)
    out[name] = data
    return out


def remove_element(items, name: str, index: int):
    def change(root):
        el = list(root.iter())[index]
        if el.getparent() is not None:
            el.getparent().remove(el)

    return _edit(items, name, change)


# ---- the named cases --------------------------------------------------------------------------
def first(items, pattern: str) -> str:
    return sorted(n for n in items if re.fullmatch(pattern, n))[0]


def ext_without_cy(items):
    name = first(items, r"ppt/slides/slide\d+\.xml")
    return _edit(items, name, lambda r: [e.attrib.pop("cy", None) for e in r.iter(_a("ext"))])


def slide_id_abc(items):
    return _edit(
        items, "ppt/presentation.xml", lambda r: next(r.iter(_p("sldId"))).set("id", "abc")
    )


def size_one_and_a_half(items):
    out = items
    for name in [n for n in items if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]:
        out = _edit(out, name, lambda r: [e.set("sz", "1.5") for e in r.iter(_a("rPr"))])
    return out


def layout_relationship_missing(items):
    name = first(items, r"ppt/slides/_rels/slide\d+\.xml\.rels")

    def change(root):
        for rel in list(root):
            if rel.get("Type", "").endswith("/slideLayout"):
                root.remove(rel)

    return _edit(items, name, change)


def picture_not_an_image(items):
    out = dict(items)
    for name in [n for n in items if n.startswith("ppt/media/")]:
        out[name] = b"this is not a picture at all"
    return out


def huge_picture(items):
    out = dict(items)
    for name in [n for n in items if n.startswith("ppt/media/") and n.endswith(".png")]:
        out[name] = png_header(30_000, 30_000)
    return out


NAMED = {
    "an <a:ext> without cy": ext_without_cy,
    'a slide id "abc"': slide_id_abc,
    'sz="1.5"': size_one_and_a_half,
    "a missing slide-layout relationship": layout_relationship_missing,
    "a picture part that is not an image": picture_not_an_image,
    "a 30000x30000 picture": huge_picture,
}


def _a(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/drawingml/2006/main}" + tag


def _p(tag: str) -> str:
    return "{http://schemas.openxmlformats.org/presentationml/2006/main}" + tag


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming width x height pixels whose data is a few bytes."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    buf = io.BytesIO()
    buf.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr))
    buf.write(chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return buf.getvalue()
