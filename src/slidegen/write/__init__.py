"""Write a presentation deterministically: fixed zip dates and order, metadata from the deck.

Python's zipfile stamps entries with the current time (3.11 ignores SOURCE_DATE_EPOCH), so the
package's members are zipped here, entry by entry with one fixed date.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import struct
import tempfile
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from ..ooxml import (
    CT_CORE_PROPERTIES,
    CT_CUSTOM_PROPERTIES,
    CT_CUSTOM_XML_PROPERTIES,
    CT_XML,
    NAMESPACES,
    NS_DOC_PROPS_VTYPES,
    NS_EXTENDED_PROPS,
    RT_CORE_PROPERTIES,
    RT_CUSTOM_PROPERTIES,
    RT_CUSTOM_XML,
    RT_CUSTOM_XML_PROPS,
    RT_EXTENDED_PROPERTIES,
    RT_NOTES_MASTER,
    RT_NOTES_SLIDE,
    RT_PRINTER_SETTINGS,
    RT_THUMBNAIL,
    escape_xml_text,
    nsdecls,
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


def finish_package(package, plan: DeckPlan) -> None:
    """Core properties from the deck; template leftovers removed; notesMasterIdLst added."""
    from ..render.oxml import insert_notes_master_id_list

    prs = package.main
    when = document_date(plan).replace(tzinfo=None)
    author = _prop(plan.presenter.name if plan.presenter else (plan.organisation or ""))
    set_core_properties(
        _core_properties(package),
        [
            ("dc:title", _prop(plan.title)),
            ("dc:subject", _prop(plan.subtitle or "")),
            ("dc:creator", author),
            ("cp:lastModifiedBy", author),
            ("dcterms:created", when),
            ("dcterms:modified", when),
            ("cp:lastPrinted", when),
            ("cp:revision", "1"),
            ("dc:language", _prop(plan.language)),
            ("cp:keywords", ""),
            ("cp:category", _prop(plan.audience or "")),
            ("dc:description", ""),
            ("cp:contentStatus", ""),
            ("dc:identifier", _prop(plan.id)),
            ("cp:version", ""),
        ],
    )
    for rpr in prs.element.iter(qn("a:defRPr")):
        rpr.set("lang", plan.language)  # text typed later in PowerPoint spell-checks right
    for r_id, rel in list(package.rels.items()):
        if rel.reltype == RT_THUMBNAIL:
            package.rels.drop(r_id)
    for r_id, rel in list(prs.rels.items()):
        if rel.reltype == RT_PRINTER_SETTINGS:
            prs.rels.drop(r_id)
        if rel.reltype == RT_NOTES_MASTER:
            insert_notes_master_id_list(prs.element, r_id)
    _app_part(package, plan)
    _origin_parts(package, plan)


def _core_properties(package):
    """The core properties part's root element (a new part when the package has none)."""
    from .package import Part, parse_xml

    try:
        return package.rels.part(RT_CORE_PROPERTIES).element
    except KeyError:
        pass
    root = parse_xml(f"<cp:coreProperties {nsdecls('cp', 'dc', 'dcterms')}/>")
    part = Part(package, "/docProps/core.xml", CT_CORE_PROPERTIES, element=root)
    set_core_properties(
        root,
        [
            ("dc:title", "PowerPoint Presentation"),
            ("cp:lastModifiedBy", "python-pptx"),
            ("cp:revision", "1"),
            ("dcterms:modified", FALLBACK_DATE.replace(tzinfo=None)),
        ],
    )
    package.rels.relate(part, RT_CORE_PROPERTIES)
    return root


def set_core_properties(root, values) -> None:
    """Set core properties (prefixed name, text or naive UTC datetime) in order: an element
    is changed where it is, or appended."""
    from lxml import etree

    xsi_type, xsi_marker = qn("xsi:type"), qn("xsi:foo")
    for name, value in values:
        tag = qn(name)
        el = root.find(tag)
        if el is None:
            prefix = name.split(":")[0]
            el = etree.Element(tag, nsmap={prefix: NAMESPACES[prefix]})
            root.append(el)
        if isinstance(value, dt.datetime):
            el.text = value.strftime("%Y-%m-%dT%H:%M:%SZ")
            if name in ("dcterms:created", "dcterms:modified"):
                # xsi declared on the root (where Office has it), not on the element
                root.set(xsi_marker, "bar")
                el.set(xsi_type, "dcterms:W3CDTF")
                del root.attrib[xsi_marker]
        else:
            el.text = value


def _origin_parts(package, plan: DeckPlan) -> None:
    """Where the file came from (slidegen.origin): a custom XML part related from the
    presentation and custom document properties (a template's own properties are kept)."""
    from ..origin import ORIGIN_NS, custom_properties_xml, item_props_xml, origin_of, origin_xml
    from .package import Part

    origin = origin_of(plan)
    prs = package.main
    try:
        props = package.rels.part(RT_CUSTOM_PROPERTIES)
    except KeyError:
        props = Part(package, "/docProps/custom.xml", CT_CUSTOM_PROPERTIES)
        props.blob = custom_properties_xml(origin)
        package.rels.relate(props, RT_CUSTOM_PROPERTIES)
    else:
        props.blob = custom_properties_xml(origin, props.blob)
    items = prs.rels.parts(RT_CUSTOM_XML)
    for part in items:
        if ORIGIN_NS.encode() in part.blob:  # an earlier origin (a template built by slidegen)
            part.blob = origin_xml(origin)
            return
    taken = {p.partname for p in items}
    n = next(i for i in range(1, len(taken) + 2) if f"/customXml/item{i}.xml" not in taken)
    item = Part(package, f"/customXml/item{n}.xml", CT_XML, blob=origin_xml(origin))
    item_props = Part(
        package,
        f"/customXml/itemProps{n}.xml",
        CT_CUSTOM_XML_PROPERTIES,
        blob=item_props_xml(origin),
    )
    item.relate_to(item_props, RT_CUSTOM_XML_PROPS)
    prs.relate_to(item, RT_CUSTOM_XML)


def _app_part(package, plan: DeckPlan) -> None:
    prs = package.main
    for rel in package.rels.values():
        if rel.reltype == RT_EXTENDED_PROPERTIES:
            lst = prs.element.find(qn("p:sldIdLst"))
            slides = [prs.related_part(s.get(qn("r:id"))) for s in lst] if lst is not None else []
            notes = sum(1 for s in slides if RT_NOTES_SLIDE in (r.reltype for r in s.rels.values()))
            hidden = sum(1 for s in slides if s.element.get("show") == "0")
            size = prs.element.find(qn("p:sldSz"))
            fmt = (
                "On-screen Show (16:9)"
                if int(size.get("cx")) > int(size.get("cy")) * 1.5
                else "On-screen Show (4:3)"
            )
            xml = APP_XML.format(
                fmt=fmt,
                slides=len(slides),
                notes=notes,
                hidden=hidden,
                company=escape_xml_text(plan.organisation or ""),
            )
            rel.target.blob = xml.encode("utf-8")


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


def release_part(part, memo: ZipMemo | None = None) -> None:
    """Compress a finished part now and let its XML tree go (a rendered slide of a large deck:
    the trees are most of a build's memory). An XML part keeps a childless copy of its root
    element (its attributes, e.g. a hidden slide's ``show``) and its relationships; it is
    zipped from the compressed bytes, which are the bytes it would have been zipped as.
    Nothing may change the part afterwards.
    """
    if part.released is not None:
        return
    blob = part.blob
    crc, data = memo.deflated(blob) if memo is not None else _deflate(blob)
    stub = root_stub(part.element) if part.element is not None else None
    set_released(part, Deflated(crc, data, len(blob)), stub)


def root_stub(root) -> tuple:
    """What a released part keeps of its root element: tag, attributes, namespaces."""
    return root.tag, tuple(root.attrib.items()), tuple(root.nsmap.items())


def stub_root(stub: tuple):
    """A childless root element made from a root_stub."""
    from lxml import etree

    tag, attrib, nsmap = stub
    return etree.Element(tag, dict(attrib), nsmap=dict(nsmap))


def set_released(part, member: Deflated, stub: tuple | None) -> None:
    """Make `part` a released part zipped as `member` (see release_part)."""
    part.released = member
    part.element = stub_root(stub) if stub else None
    part._blob = None


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


def to_bytes(package, plan: DeckPlan, cache=None, memo: ZipMemo | None = None) -> bytes:
    """The finished .pptx as bytes: same plan, same bytes.

    `cache`: a BuildCache whose compressed members of the previous build are reused;
    `memo`: the build's ``zip_memo(cache)`` when parts were released with it.
    """
    finish_package(package, plan)
    if memo is None:
        memo = zip_memo(cache)
    keep = memo is not None and cache is not None and cache.keep_zipped

    data = _zip_items(package.members(), memo)
    if keep:
        cache.zipped = memo.now
    return data


STALE_SECONDS = 600
"""A temporary file of ours this old is left from a build that was killed: removed."""
_OUR_TEMP = re.compile(r"\..+\.slidegen-\d+-[A-Za-z0-9_]+\.tmp")
_OLD_TEMP = re.compile(r"\..+\.(?:pptx|pdf|json|yaml|png|jpg|jpeg|gif)\.[A-Za-z0-9_]{8}\.tmp")


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename: never a half-written file.

    A folder that cannot be made or written to, or a target that is a folder, is a
    SlidegenError naming the file. The rename replaces a symbolic link at `path` rather than
    writing through it."""
    tmp = write_temp(path, data)
    try:
        commit(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_temp(path: Path, data: bytes) -> Path:
    """Write `data` to a new temporary file beside `path` (removing stale ones of ours
    first); `commit` renames it into place. A SlidegenError names `path` when it cannot."""
    folder = path.parent
    make_folder(folder, path)
    remove_stale_temps(folder)
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{path.name}.slidegen-{os.getpid()}-", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _cannot_write(path, exc) from None
        raise
    return tmp


def commit(tmp: Path, path: Path) -> None:
    """Rename a temporary file from write_temp into place (atomic; the temporary file is
    removed when it cannot be)."""
    try:
        if path.is_dir() and not path.is_symlink():
            raise IsADirectoryError(21, "it is a folder")
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None


def make_folder(folder: Path, path: Path | None = None) -> None:
    """Make `folder` and its parents, or a SlidegenError naming `path` (default: the folder)
    and saying what is in the way ('/dev/null' is a device, not a folder)."""
    from ..errors import error
    from ..files import kind_of

    path = path or folder
    for here in (folder, *folder.parents):
        try:
            mode = here.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):  # look further up for what is there
            continue
        except OSError as exc:
            raise _cannot_write(path, exc) from None
        kind = kind_of(mode)
        if kind != "a folder":
            what = "a file" if kind is None else kind
            raise error(
                f"cannot write '{path}': '{here}' is {what}, not a folder",
                hint="check the output folder, --out",
            )
        break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(path, exc) from None


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove temporary files of ours in `folder` left by builds that were killed (older than
    STALE_SECONDS: a build renames its own within seconds). Returns what was removed."""
    import time

    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        name = entry.name
        if not name.endswith(".tmp") or not (
            _OUR_TEMP.fullmatch(name) or _OLD_TEMP.fullmatch(name)
        ):
            continue
        try:
            if entry.is_file(follow_symlinks=False) and (
                now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            ):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def create_file(path: Path, text: str) -> None:
    """Create a new file that must not exist yet (`slidegen new`, `theme new`): never
    replacing anything, never through a symbolic link (a dangling one included: O_EXCL with
    O_NOFOLLOW), and a located SlidegenError for a read-only or missing folder."""
    from ..errors import error

    if path.is_symlink():
        raise error(
            f"'{path}' is a symbolic link (to '{os.readlink(path)}'); not written through it",
            None,
            "choose another NAME, or remove the link first",
        )
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_BINARY", 0), 0o644)
    except FileExistsError:
        raise error(
            f"'{path}' already exists; not overwritten",
            None,
            "choose another NAME, or delete or rename the file first",
        ) from None
    except OSError as exc:
        raise _cannot_write(path, exc, "check the folder exists and can be written to") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise _cannot_write(path, exc, "check the folder can be written to") from None


def _cannot_write(path: Path, exc: OSError, hint: str = "check the output folder, --out"):
    from ..errors import error

    reason = exc.strerror or str(exc)
    return error(f"cannot write '{path}': {reason}", hint=hint)
