"""Write a presentation deterministically: fixed zip dates and order, metadata from the deck.

Python's zipfile stamps entries with the current time (3.11 ignores SOURCE_DATE_EPOCH), so the
package's members are zipped here, entry by entry with one fixed date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from ..ooxml import (
    CT_DEFAULT,
    CT_OVERRIDE,
    CT_TYPES,
    NS_CONTENT_TYPES,
    NS_DOC_PROPS_VTYPES,
    NS_EXTENDED_PROPS,
    NS_PACKAGE_RELS,
    PR_RELATIONSHIP,
    PR_RELATIONSHIPS,
    escape_xml_text,
    qn,
)
from ..plan import DeckPlan

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
FALLBACK_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    f'<Properties xmlns="{NS_EXTENDED_PROPS}" xmlns:vt="{NS_DOC_PROPS_VTYPES}">'
    "<TotalTime>0</TotalTime><Application>slidegen</Application>"
    "<PresentationFormat>{fmt}</PresentationFormat><Slides>{slides}</Slides>"
    "<Notes>{notes}</Notes><HiddenSlides>{hidden}</HiddenSlides>"
    "<Company>{company}</Company><AppVersion>16.0000</AppVersion></Properties>"
)


def document_date(plan: DeckPlan) -> dt.datetime:
    """The deck's date (or SOURCE_DATE_EPOCH, or a fixed date): never the clock."""
    if plan.date:
        return dt.datetime(plan.date.year, plan.date.month, plan.date.day, tzinfo=dt.timezone.utc)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    return FALLBACK_DATE


def _prop(text: str) -> str:
    """A core property value: python-pptx (and Office) refuse more than 255 characters."""
    return text[:255]


def finish_package(prs, plan: DeckPlan) -> None:
    """Core properties from the deck; template leftovers removed; notesMasterIdLst added."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    from ..render.oxml import insert_notes_master_id_list

    cp = prs.core_properties
    when = document_date(plan).replace(tzinfo=None)
    cp.title = _prop(plan.title)
    cp.subject = _prop(plan.subtitle or "")
    cp.author = _prop(plan.presenter.name if plan.presenter else (plan.organisation or ""))
    cp.last_modified_by = cp.author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.language = _prop(plan.language)
    cp.keywords = ""
    cp.category = _prop(plan.audience or "")
    cp.comments = ""
    cp.content_status = ""
    cp.identifier = _prop(plan.id)
    cp.version = ""
    for rpr in prs.part._element.iter(qn("a:defRPr")):
        rpr.set("lang", plan.language)  # text typed later in PowerPoint spell-checks right
    package = prs.part.package
    for r_id, rel in list(package._rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package._rels.pop(r_id)
    for r_id, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.rels.pop(r_id)
        if rel.reltype == RT.NOTES_MASTER:
            insert_notes_master_id_list(prs.part._element, r_id)
    _app_part(prs, plan)
    _origin_parts(prs, plan)


def _origin_parts(prs, plan: DeckPlan) -> None:
    """Where the file came from (slidegen.origin): a custom XML part related from the
    presentation and custom document properties (a template's own properties are kept)."""
    from pptx.opc.constants import CONTENT_TYPE as CT
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.opc.package import Part
    from pptx.opc.packuri import PackURI

    from ..origin import ORIGIN_NS, custom_properties_xml, item_props_xml, origin_of, origin_xml

    origin = origin_of(plan)
    package = prs.part.package
    props = next(
        (r.target_part for r in package._rels.values() if r.reltype == RT.CUSTOM_PROPERTIES), None
    )
    if props is None:
        props = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, package)
        props._blob = custom_properties_xml(origin)
        package.relate_to(props, RT.CUSTOM_PROPERTIES)
    else:
        props._blob = custom_properties_xml(origin, props.blob)
    items = [r.target_part for r in prs.part.rels.values() if r.reltype == RT.CUSTOM_XML]
    for part in items:
        if ORIGIN_NS.encode() in part.blob:  # an earlier origin (a template built by slidegen)
            part._blob = origin_xml(origin)
            return
    taken = {str(p.partname) for p in items}
    n = next(i for i in range(1, len(taken) + 2) if f"/customXml/item{i}.xml" not in taken)
    item = Part(PackURI(f"/customXml/item{n}.xml"), CT.XML, package, origin_xml(origin))
    item_props = Part(
        PackURI(f"/customXml/itemProps{n}.xml"),
        CT.OFC_CUSTOM_XML_PROPERTIES,
        package,
        item_props_xml(origin),
    )
    item.relate_to(item_props, RT.CUSTOM_XML_PROPS)
    prs.part.relate_to(item, RT.CUSTOM_XML)


def _app_part(prs, plan: DeckPlan) -> None:
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in prs.part.package._rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES:
            slides = list(prs.slides)
            notes = sum(1 for s in slides if s.has_notes_slide)
            hidden = sum(1 for s in slides if s._element.get("show") == "0")
            fmt = (
                "On-screen Show (16:9)"
                if prs.slide_width > prs.slide_height * 1.5
                else "On-screen Show (4:3)"
            )
            xml = APP_XML.format(
                fmt=fmt,
                slides=len(slides),
                notes=notes,
                hidden=hidden,
                company=escape_xml_text(plan.organisation or ""),
            )
            rel.target_part._blob = xml.encode("utf-8")


class Deflated(NamedTuple):
    """A member compressed ahead of zipping: CRC-32, raw deflate stream, uncompressed size."""

    crc: int
    data: bytes
    size: int


class ZipMemo:
    """Compressed members of the previous build, by content: a member whose bytes did not
    change is not compressed again (watch mode). Only the latest build's members are kept."""

    def __init__(self, previous: dict | None = None) -> None:
        self.previous = previous or {}
        self.now: dict = {}

    def deflated(self, data: bytes) -> tuple[int, bytes]:
        """(CRC-32, raw deflate stream) of `data`, as zipfile writes it at level 6."""
        key = hashlib.sha1(data).digest() + len(data).to_bytes(8, "little")
        hit = self.now.get(key) or self.previous.get(key)
        if hit is None:
            hit = _deflate(data)
        self.now[key] = hit
        return hit


def zip_memo(cache) -> ZipMemo | None:
    """The memo of compressed members for a build with this BuildCache (None: keep nothing)."""
    if cache is None or not cache.keep_zipped:
        return None
    return ZipMemo(cache.zipped)


_RELEASED = "_slidegen_deflated"  # attribute of a released part: its Deflated member


def release_part(part, memo: ZipMemo | None = None) -> None:
    """Compress a finished XML part now and let its XML tree go (a rendered slide of a large
    deck: the trees are most of a build's memory). The part keeps a childless copy of its
    root element (its attributes, e.g. a hidden slide's ``show``) and its relationships; it
    is zipped from the compressed bytes, which are the bytes it would have been zipped as.
    Nothing may change the part afterwards.
    """
    if getattr(part, _RELEASED, None) is not None:
        return
    blob = part.blob
    crc, data = memo.deflated(blob) if memo is not None else _deflate(blob)
    set_released(part, Deflated(crc, data, len(blob)), root_stub(part._element))


def root_stub(root) -> tuple:
    """What a released part keeps of its root element: tag, attributes, namespaces."""
    return root.tag, tuple(root.attrib.items()), tuple(root.nsmap.items())


def set_released(part, member: Deflated, stub: tuple) -> None:
    """Make `part` a released part zipped as `member` (see release_part)."""
    from pptx.oxml import oxml_parser

    setattr(part, _RELEASED, member)
    tag, attrib, nsmap = stub  # made by the parser: root.makeelement would keep the old tree
    part._element = oxml_parser.makeelement(tag, dict(attrib), dict(nsmap))
    for cached in ("slide", "notes_slide", "chart", "chart_workbook"):  # lazy proxies of the tree
        part.__dict__.pop(cached, None)


def deflate(data: bytes) -> Deflated:
    """`data` compressed as a zip member."""
    crc, deflated = _deflate(data)
    return Deflated(crc, deflated, len(data))


def _deflate(data: bytes) -> tuple[int, bytes]:
    # zipfile's compressor for ZIP_DEFLATED at compresslevel 6: a raw stream (wbits -15)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return zlib.crc32(data), c.compress(data) + c.flush()


def _zip_items(items: dict, memo: ZipMemo | None = None) -> bytes:
    """A zip of name -> content with one fixed date and mode; [Content_Types].xml first.

    A content may be a function returning the bytes, called when that member is written (so
    only one member's uncompressed bytes are held at a time). The archive has the same bytes
    zipfile writes with ``writestr(info, content, compresslevel=6)`` for each member (see
    :class:`_DeflatedZip`); `memo` gives compressed members of an earlier build.
    """
    ordered = ["[Content_Types].xml"] + sorted(n for n in items if n != "[Content_Types].xml")
    if len(ordered) >= 0xFFFF:  # zipfile would add zip64 records: let it write them
        return _zip_items_zipfile(items, ordered)
    out = _DeflatedZip()
    for name in ordered:
        content = items[name]
        if callable(content):
            content = content()
        out.add(name, content, memo)
    return out.finish()


def _member_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, ZIP_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 0
    return info


def _zip_items_zipfile(items: dict, ordered: list) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in ordered:
            content = items[name]
            if callable(content):
                content = content()
            if isinstance(content, Deflated):
                content = zlib.decompress(content.data, -15)
            dst.writestr(_member_info(name), content, compresslevel=6)
    return out.getvalue()


_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # structCentralDir
_END = struct.Struct("<4s4H2LH")  # structEndArchive
_LIMIT = (1 << 31) - 1  # zipfile's ZIP64_LIMIT: beyond it zipfile writes zip64 fields


class _DeflatedZip:
    """A zip archive of deflated members written from already-compressed bytes.

    zipfile has no public way to add a member whose deflate stream is already known, so the
    records are written here, field for field as zipfile writes them to a seekable file
    (``ZipInfo.FileHeader``, ``ZipFile._write_end_record``) for members added with
    ``writestr(info, data, compresslevel=6)``: no data descriptors, no extra fields, no
    comments. tests/test_write.py compares the two byte for byte.
    """

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.central: list[bytes] = []

    def add(self, name: str, data: bytes | Deflated, memo: ZipMemo | None = None) -> None:
        if isinstance(data, Deflated):
            crc, deflated, size = data
        else:
            crc, deflated = memo.deflated(data) if memo is not None else _deflate(data)
            size = len(data)
        info = _member_info(name)
        info.CRC, info.compress_size, info.file_size = crc, len(deflated), size
        if max(size, len(deflated), self.out.tell()) > _LIMIT:
            raise ValueError("a deck this large needs zip64 records")  # pragma: no cover
        filename, flags = info._encodeFilenameFlags()
        dt = info.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        offset = self.out.tell()
        common = (flags, info.compress_type, dostime, dosdate, crc, len(deflated), size)
        head = (info.extract_version, info.reserved)
        self.out.write(_LOCAL.pack(b"PK\x03\x04", *head, *common, len(filename), 0))
        self.out.write(filename)
        self.out.write(deflated)
        self.central.append(
            _CENTRAL.pack(
                b"PK\x01\x02",
                info.create_version,
                info.create_system,
                *head,
                *common,
                len(filename),
                0,  # extra
                0,  # comment
                0,  # disk number
                info.internal_attr,
                info.external_attr,
                offset,
            )
            + filename
        )

    def finish(self) -> bytes:
        start = self.out.tell()
        for record in self.central:
            self.out.write(record)
        size = self.out.tell() - start
        count = len(self.central)
        if start > _LIMIT or size > _LIMIT:
            raise ValueError("a deck this large needs zip64 records")  # pragma: no cover
        self.out.write(_END.pack(b"PK\x05\x06", 0, 0, count, count, size, start, 0))
        return self.out.getvalue()


def package_items(prs) -> dict:
    """Every member python-pptx's save would write (same names, same bytes), uncompressed;
    each part's bytes come from a function called when the part is zipped.

    Zipping these once with fixed dates replaces saving a zip and then recompressing it.
    """
    from pptx.opc.packuri import CONTENT_TYPES_URI, PACKAGE_URI

    package = prs.part.package
    parts = tuple(package.iter_parts())
    items = {
        CONTENT_TYPES_URI.membername: content_types_xml(parts),
        PACKAGE_URI.rels_uri.membername: rels_xml(package._rels),
    }
    for part in parts:
        items[part.partname.membername] = lambda part=part: _part_content(part)
        if part._rels:
            items[part.partname.rels_uri.membername] = lambda part=part: rels_xml(part.rels)
    return items


def content_types_xml(parts) -> bytes:
    """[Content_Types].xml for `parts`: the bytes python-pptx's save writes (its defaults and
    overrides, sorted), serialised from plain lxml elements."""
    from lxml import etree
    from pptx.opc.serialized import _ContentTypesItem

    defaults, overrides = _ContentTypesItem(parts)._defaults_and_overrides
    root = etree.Element(CT_TYPES, nsmap={None: NS_CONTENT_TYPES})
    for ext, content_type in sorted(defaults.items()):
        etree.SubElement(root, CT_DEFAULT, {"Extension": ext, "ContentType": content_type})
    for partname, content_type in sorted(overrides.items()):
        etree.SubElement(root, CT_OVERRIDE, {"PartName": partname, "ContentType": content_type})
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def rels_xml(rels) -> bytes:
    """A python-pptx relationship collection as its .rels part: the bytes of ``rels.xml``
    (relationships in numerical rId order, same attributes, same declaration), written with
    plain lxml elements instead of python-pptx's element classes (a tenth of the cost)."""
    from lxml import etree

    root = etree.Element(PR_RELATIONSHIPS, nsmap={None: NS_PACKAGE_RELS})
    order = sorted(
        (int(rid[3:]) if rid.startswith("rId") and rid[3:].isdigit() else 0, rid) for rid in rels
    )
    for _, rid in order:
        rel = rels[rid]
        attrib = {"Id": rel.rId, "Type": rel.reltype, "Target": rel.target_ref}
        if rel.is_external:
            attrib["TargetMode"] = "External"
        etree.SubElement(root, PR_RELATIONSHIP, attrib)
    return etree.tostring(root, encoding="UTF-8", standalone=True)


def _part_content(part) -> bytes | Deflated:
    released = getattr(part, _RELEASED, None)
    return released if released is not None else part.blob


def to_bytes(prs, plan: DeckPlan, cache=None, memo: ZipMemo | None = None) -> bytes:
    """The finished .pptx as bytes: same plan, same bytes.

    `cache`: a BuildCache whose compressed members of the previous build are reused;
    `memo`: the build's ``zip_memo(cache)`` when parts were released with it.
    """
    finish_package(prs, plan)
    if memo is None:
        memo = zip_memo(cache)
    keep = memo is not None and cache is not None and cache.keep_zipped

    data = _zip_items(package_items(prs), memo)
    if keep:
        cache.zipped = memo.now
    return data


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written file.

    A folder that cannot be made or written to is a SlidegenError naming the file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise


def _cannot_write(path: Path, exc: OSError):
    from ..errors import error

    reason = exc.strerror or str(exc)
    return error(f"cannot write '{path}': {reason}", hint="check the output folder, --out")
