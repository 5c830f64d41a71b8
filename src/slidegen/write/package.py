"""An Open XML package in memory: parts, their relationships and content types.

Render grows one from a base (slidegen's own, or a corporate template read by python-pptx and
handed over with :func:`from_pptx`) and write zips it. Part names, relationship ids and XML
bytes follow the conventions of python-pptx, which wrote slidegen's earlier files, so the same
deck still gives the same bytes: the lowest free number for a new part's name, python-pptx's
choice of a free ``rId``, an existing relationship reused for the same target, XML parts
serialised with a standalone declaration and no blank text.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator

from lxml import etree

from ..ooxml import (
    CT_CHART,
    CT_CORE_PROPERTIES,
    CT_DEFAULT,
    CT_NOTES_MASTER,
    CT_NOTES_SLIDE,
    CT_OVERRIDE,
    CT_PRESENTATIONS,
    CT_RELATIONSHIPS,
    CT_SLIDE,
    CT_SLIDE_LAYOUT,
    CT_SLIDE_MASTER,
    CT_TYPES,
    CT_XML,
    DEFAULT_CONTENT_TYPES,
    IMAGE_EXTENSIONS,
    NS_CONTENT_TYPES,
    NS_PACKAGE_RELS,
    PR_RELATIONSHIP,
    PR_RELATIONSHIPS,
    RT_IMAGE,
    RT_OFFICE_DOCUMENT,
)

PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)
_NUMBERED = re.compile(r"[a-zA-Z]+([0-9]+)?")  # "image12" -> 12: a part name's number
XML_PART_TYPES = frozenset(
    {
        *CT_PRESENTATIONS,
        CT_CORE_PROPERTIES,
        CT_NOTES_MASTER,
        CT_NOTES_SLIDE,
        CT_SLIDE,
        CT_SLIDE_LAYOUT,
        CT_SLIDE_MASTER,
        CT_CHART,
    }
)
"""Parts kept as parsed XML, to be edited in place; every other part is kept as its bytes."""


def parse_xml(text: str | bytes):
    """An element tree from XML text, blank text between elements dropped."""
    return etree.fromstring(text, PARSER)


def serialize(element) -> bytes:
    """An XML part's bytes: UTF-8 with a standalone declaration."""
    return etree.tostring(element, encoding="UTF-8", standalone=True)


class Rel:
    """One relationship: to a part of the package, or to an external address."""

    __slots__ = ("rid", "reltype", "target", "url")

    def __init__(self, rid: str, reltype: str, target: Part | None, url: str | None = None):
        self.rid, self.reltype, self.target, self.url = rid, reltype, target, url

    @property
    def external(self) -> bool:
        return self.target is None

    def target_ref(self, base_uri: str) -> str:
        """The Target attribute: the address, or the part's name relative to `base_uri`."""
        if self.target is None:
            return self.url
        return relative_ref(self.target.partname, base_uri)


def relative_ref(partname: str, base_uri: str) -> str:
    """`partname` relative to the folder `base_uri` (both absolute and normal, as part names
    are): posixpath.relpath's answer without its normalising, at a fraction of its cost."""
    if base_uri == "/":
        return partname[1:]
    target, base = partname[1:].split("/"), base_uri[1:].split("/")
    common = 0
    for a, b in zip(target, base, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(base) - common) + target[common:])


class Rels(dict):
    """A part's (or the package's) relationships by rId, in the order they were added."""

    def __init__(self, package: Package) -> None:
        super().__init__()
        self.package = package
        self._index: dict | None = None  # (reltype, target id or url) -> first rId

    def _find(self, key) -> str | None:
        index = self._index
        if index is None:
            index = self._index = {}
            for rid, rel in self.items():
                index.setdefault(_key(rel.reltype, rel.target, rel.url), rid)
        return index.get(key)

    def _next_rid(self) -> str:
        # the highest free "rIdN" with N at most one more than there are: python-pptx's choice
        for n in range(len(self) + 1, 0, -1):
            rid = f"rId{n}"
            if rid not in self:
                return rid
        raise AssertionError("more rIds than relationships")  # pragma: no cover

    def add(self, rid: str, reltype: str, target: Part | None, url: str | None = None) -> str:
        """Add a relationship under a given rId (reading a package)."""
        self[rid] = Rel(rid, reltype, target, url)
        if self._index is not None:
            self._index.setdefault(_key(reltype, target, url), rid)
        if target is not None:
            self.package._reached(target)
        return rid

    def relate(self, target: Part, reltype: str) -> str:
        """The rId of a relationship of `reltype` to `target`: an existing one, else a new one."""
        rid = self._find(_key(reltype, target, None))
        return rid if rid is not None else self.add(self._next_rid(), reltype, target)

    def relate_url(self, url: str, reltype: str) -> str:
        """The rId of an external relationship of `reltype` to `url` (existing, else new)."""
        rid = self._find(_key(reltype, None, url))
        return rid if rid is not None else self.add(self._next_rid(), reltype, None, url)

    def drop(self, rid: str) -> None:
        """Remove a relationship (its part stays in the package only if something else
        relates to it)."""
        del self[rid]
        self._index = None
        self.package._names = None

    def part(self, reltype: str) -> Part:
        """The part of the first relationship of `reltype` (KeyError: there is none)."""
        for rel in self.values():
            if rel.reltype == reltype and rel.target is not None:
                return rel.target
        raise KeyError(f"no relationship of type '{reltype}'")

    def parts(self, reltype: str) -> list[Part]:
        """The parts of every relationship of `reltype`, in order."""
        return [r.target for r in self.values() if r.reltype == reltype and r.target is not None]


def _key(reltype: str, target, url):
    return (reltype, id(target) if target is not None else None, url)


class Part:
    """One part: its name, content type, XML element (XML parts) or bytes, relationships."""

    __slots__ = ("partname", "content_type", "element", "_blob", "rels", "package", "released")

    def __init__(
        self,
        package: Package,
        partname: str,
        content_type: str,
        element=None,
        blob: bytes | None = None,
    ) -> None:
        self.package = package
        self.partname = partname
        self.content_type = content_type
        self.element = element
        self._blob = blob
        self.rels = Rels(package)
        self.released = None  # write.Deflated of a part compressed early (write.release_part)

    def __repr__(self) -> str:
        return f"<Part {self.partname}>"

    @property
    def blob(self) -> bytes:
        """The part's bytes (an XML part's element serialised)."""
        return serialize(self.element) if self.element is not None else self._blob

    @blob.setter
    def blob(self, data: bytes) -> None:
        self.element = None
        self._blob = data

    @property
    def base_uri(self) -> str:
        return posixpath.split(self.partname)[0]

    def relate_to(self, target: Part, reltype: str) -> str:
        return self.rels.relate(target, reltype)

    def relate_to_url(self, url: str, reltype: str) -> str:
        return self.rels.relate_url(url, reltype)

    def related(self, reltype: str) -> Part:
        """The part of the first relationship of `reltype` (KeyError: none)."""
        return self.rels.part(reltype)

    def related_part(self, rid: str) -> Part:
        return self.rels[rid].target


class Package:
    """The parts reachable from the package's relationships, and the names they hold."""

    def __init__(self) -> None:
        self.rels = Rels(self)
        self._names: set[str] | None = None  # names of the parts reachable (None: walk again)
        self._taken_below: dict[str, int] = {}  # template -> numbers below it are taken
        self._image_numbers: list[int] | None = None  # of /ppt/media/imageN, sorted
        self._image_from = 0  # no gap in _image_numbers before this index
        self._images: dict[bytes, Part] | None = None  # SHA-1 -> first picture part with it

    # ---- reading ---------------------------------------------------------------------------
    @classmethod
    def read(cls, names, read: Callable[[str], bytes]) -> Package:
        """A package from its zip members: `names` lists them, `read(name)` gives the bytes.

        Only the parts the relationships reach are kept (as a saved file would hold them).
        """
        names = set(names)
        defaults, overrides = _content_types(read("[Content_Types].xml"))
        package = cls()
        parts: dict[str, Part] = {}

        def part_for(partname: str) -> Part:
            part = parts.get(partname)
            if part is None:
                ct = overrides.get(partname.lower())
                if ct is None:
                    ct = defaults[posixpath.splitext(partname)[1][1:].lower()]
                data = read(partname[1:])
                if ct in XML_PART_TYPES:
                    part = Part(package, partname, ct, element=parse_xml(data))
                else:
                    part = Part(package, partname, ct, blob=data)
                parts[partname] = part
                load_rels(part.rels, partname)
            return part

        def load_rels(rels: Rels, partname: str) -> None:
            folder, name = posixpath.split(partname)
            member = posixpath.join(folder, "_rels", name + ".rels").lstrip("/")
            if member not in names:
                return
            base = folder or "/"
            for el in etree.fromstring(read(member)).iterchildren(PR_RELATIONSHIP):
                rid, reltype, ref = el.get("Id"), el.get("Type"), el.get("Target")
                if el.get("TargetMode") == "External":
                    rels.add(rid, reltype, None, ref)
                else:
                    target = posixpath.abspath(posixpath.join(base, ref))
                    rels.add(rid, reltype, part_for(target))

        load_rels(package.rels, "/")
        package._names = None
        return package

    @classmethod
    def from_bytes(cls, data: bytes) -> Package:
        """A package from .pptx bytes (a trusted file: slidegen's own or one it wrote)."""
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return cls.read(z.namelist(), z.read)

    # ---- the parts -------------------------------------------------------------------------
    @property
    def main(self) -> Part:
        """The presentation part."""
        return self.rels.part(RT_OFFICE_DOCUMENT)

    def iter_rels(self) -> Iterator[tuple[Part | None, Rel]]:
        """(source part or None for the package, relationship), depth first from the package."""
        visited: set[int] = set()

        def walk(source, rels):
            for rel in rels.values():
                yield source, rel
                part = rel.target
                if part is None or id(part) in visited:
                    continue
                visited.add(id(part))
                yield from walk(part, part.rels)

        yield from walk(None, self.rels)

    def iter_parts(self) -> Iterator[Part]:
        """Each part the relationships reach, once, depth first."""
        seen: set[int] = set()
        for _, rel in self.iter_rels():
            part = rel.target
            if part is not None and id(part) not in seen:
                seen.add(id(part))
                yield part

    def _reached(self, part: Part) -> None:
        """Keep the names in use up to date when a relationship reaches `part`."""
        names = self._names
        if names is not None and part.partname not in names:
            names.add(part.partname)
            for rel in part.rels.values():
                if rel.target is not None:
                    self._reached(rel.target)

    def names(self) -> set[str]:
        """The names of the parts in the package."""
        if self._names is None:
            self._names = {p.partname for p in self.iter_parts()}
            self._taken_below = {}
            self._image_numbers = None
        return self._names

    def next_partname(self, template: str) -> str:
        """`template` ("/ppt/slides/slide%d.xml") with the lowest number no part has; the name
        is taken at once (the part made with it may be related later)."""
        names = self.names()
        # names are only added until the next walk: the numbers below the last one given
        # stay taken, so the search goes on from there (a deck's notes slides and charts)
        n = self._taken_below.get(template, 1)
        while template % n in names:
            n += 1
        names.add(template % n)
        self._taken_below[template] = n + 1
        return template % n

    def new_part(self, template: str, content_type: str, element=None, blob=None) -> Part:
        """A new part named from `template` (related by the caller)."""
        return Part(self, self.next_partname(template), content_type, element, blob)

    def image_part(self, data: bytes, content_type: str) -> Part:
        """The picture part holding `data`: one already in the package with the same bytes,
        else a new /ppt/media/imageN part."""
        images = self._images
        if images is None:
            images = self._images = {}
            for _, rel in self.iter_rels():
                if rel.reltype == RT_IMAGE and rel.target is not None:
                    sha1 = hashlib.sha1(rel.target.blob).digest()
                    images.setdefault(sha1, rel.target)
        sha1 = hashlib.sha1(data).digest()
        part = images.get(sha1)
        if part is None:
            ext = IMAGE_EXTENSIONS[content_type]
            name = f"/ppt/media/image{self._next_image_number()}.{ext}"
            self.names().add(name)
            part = images[sha1] = Part(self, name, content_type, blob=data)
        return part

    def _next_image_number(self) -> int:
        """python-pptx's number for a new picture: the first gap in the sorted numbers of the
        /ppt/media/imageN parts (a number used twice, by image1.png and image1.jpeg, shifts
        the search past it), else one more than there are. Taken at once."""
        names = self.names()
        if self._image_numbers is None:
            self._image_numbers = sorted(
                int(m.group(1))
                for name in names
                if name.startswith("/ppt/media/image")
                and (m := _NUMBERED.match(posixpath.splitext(posixpath.basename(name))[0]))
                and m.group(1)
            )
            self._image_from = 0
        numbers = self._image_numbers
        # below `_image_from` there is no gap (each new number fills the first one): the
        # search goes on from there, so a deck of many pictures is not searched again each time
        i = self._image_from
        while i < len(numbers) and numbers[i] <= i + 1:
            i += 1
        numbers.insert(i, i + 1)
        self._image_from = i + 1
        return i + 1

    # ---- writing ---------------------------------------------------------------------------
    def members(self) -> dict:
        """Zip member name -> bytes (or a function giving them, or a released part's
        write.Deflated) of every part, its relationships and the content types."""
        parts = list(self.iter_parts())
        items = {
            "[Content_Types].xml": content_types_xml(parts),
            "_rels/.rels": rels_xml(self.rels, "/"),
        }
        for part in parts:
            member = part.partname[1:]
            items[member] = part.released if part.released is not None else _blob_of(part)
            if part.rels:
                folder, name = posixpath.split(part.partname)
                rels_name = posixpath.join(folder, "_rels", name + ".rels")[1:]
                items[rels_name] = _rels_of(part)
        return items


def _blob_of(part: Part):
    return lambda: part.blob


def _rels_of(part: Part):
    return lambda: rels_xml(part.rels, part.base_uri)


def _content_types(data: bytes) -> tuple[dict, dict]:
    root = etree.fromstring(data)
    defaults = {
        el.get("Extension").lower(): el.get("ContentType") for el in root.iterchildren(CT_DEFAULT)
    }
    overrides = {
        el.get("PartName").lower(): el.get("ContentType") for el in root.iterchildren(CT_OVERRIDE)
    }
    return defaults, overrides


def content_types_xml(parts) -> bytes:
    """[Content_Types].xml for `parts`: a Default for each extension (in lower case: OPC
    compares them without regard to case, and allows one each) whose parts have their usual
    type, an Override for every other part; each list sorted."""
    defaults = {"rels": CT_RELATIONSHIPS, "xml": CT_XML}
    overrides = {}
    for part in parts:
        ext = posixpath.splitext(part.partname)[1][1:].lower()
        if (ext, part.content_type) in DEFAULT_CONTENT_TYPES:
            defaults[ext] = part.content_type
        else:
            overrides[part.partname] = part.content_type
    root = etree.Element(CT_TYPES, nsmap={None: NS_CONTENT_TYPES})
    for ext, content_type in sorted(defaults.items()):
        etree.SubElement(root, CT_DEFAULT, {"Extension": ext, "ContentType": content_type})
    for partname, content_type in sorted(overrides.items()):
        etree.SubElement(root, CT_OVERRIDE, {"PartName": partname, "ContentType": content_type})
    return serialize(root)


def rels_xml(rels: Rels, base_uri: str) -> bytes:
    """A .rels part: the relationships in numerical rId order.

    Written as text (a deck has a .rels part per slide, notes slide and chart: building each
    as an lxml tree cost a fifth of writing the package): the bytes lxml writes, which a
    test compares over every kind of character a target may hold."""
    order = sorted(
        (int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid) for rid in rels
    )
    out = [_RELS_HEAD]
    for _, rid in order:
        rel = rels[rid]
        external = ' TargetMode="External"' if rel.target is None else ""
        reltype, target = rel.reltype, rel.target_ref(base_uri)
        if _SPECIAL.search(rid + reltype + target):  # rare: characters to escape or refuse
            if _NOT_XML.search(rid + reltype + target):  # lxml refuses it, as it always did
                return _rels_xml_lxml(rels, base_uri, order)
            rid, reltype, target = _attr(rid), _attr(reltype), _attr(target)
        out.append(f'<Relationship Id="{rid}" Type="{reltype}" Target="{target}"{external}/>')
    if len(out) == 1:
        return (_RELS_HEAD[:-1] + "/>").encode("utf-8")
    out.append("</Relationships>")
    return "".join(out).encode("utf-8")


_RELS_HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    f'<Relationships xmlns="{NS_PACKAGE_RELS}">'
)
_SPECIAL = re.compile('[&<>"\x00-\x1f\ud800-\udfff\ufffe\uffff]')
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_ATTR_ESCAPES = str.maketrans(
    {
        "&": "&amp;",
        "<": "&lt;",
        ">": "&gt;",
        '"': "&quot;",
        "\n": "&#10;",
        "\r": "&#13;",
        "\t": "&#9;",
    }
)


def _attr(text: str) -> str:
    """Text for a double-quoted attribute, escaped as lxml escapes it."""
    return text.translate(_ATTR_ESCAPES)


def _rels_xml_lxml(rels: Rels, base_uri: str, order) -> bytes:
    root = etree.Element(PR_RELATIONSHIPS, nsmap={None: NS_PACKAGE_RELS})
    for _, rid in order:
        rel = rels[rid]
        attrib = {"Id": rid, "Type": rel.reltype, "Target": rel.target_ref(base_uri)}
        if rel.target is None:
            attrib["TargetMode"] = "External"
        etree.SubElement(root, PR_RELATIONSHIP, attrib)
    return serialize(root)


def from_pptx(prs) -> tuple[Package, dict]:
    """A python-pptx Presentation's package as a Package (XML parts share their elements):
    (package, python-pptx part -> Part). For a corporate template read by python-pptx."""
    from pptx.opc.package import XmlPart

    package = Package()
    source = prs.part.package
    mapping: dict = {}
    for old in source.iter_parts():
        if isinstance(old, XmlPart):
            mapping[old] = Part(package, str(old.partname), old.content_type, element=old._element)
        else:
            mapping[old] = Part(package, str(old.partname), old.content_type, blob=old.blob)

    def copy_rels(old_rels, rels: Rels) -> None:
        for rid, rel in old_rels.items():
            if rel.is_external:
                rels.add(rid, rel.reltype, None, rel.target_ref)
            else:
                rels.add(rid, rel.reltype, mapping[rel.target_part])

    copy_rels(source._rels, package.rels)
    for old, part in mapping.items():
        copy_rels(old.rels, part.rels)
    package._names = None
    return package, mapping
