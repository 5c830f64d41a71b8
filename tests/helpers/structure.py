"""Structural check of a .pptx package for tests, reading the ZIP and XML directly.

It checks what PowerPoint "repairs" or silently drops and what makes output
non-reproducible, without trusting python-pptx (which wrote the file):

* ZIP: no duplicate or folder entries; ``[Content_Types].xml`` first and the other entries
  in sorted order; one fixed date_time on every entry.
* Content types: every part has one (Default by extension or Override), matching the
  relationship that points to it; no Override for a missing part.
* Relationships: unique Ids, every internal target exists, every ``r:*`` attribute in a
  part names one of its relationships, every part is reachable from ``_rels/.rels``.
* XML: every XML part is UTF-8 and well-formed, with no character XML 1.0 forbids.
* PresentationML: slide ids unique and in 256..2147483647; shape ids (``p:cNvPr/@id``)
  unique within each shape tree; notes slides linked to a notes master, and
  ``p:notesMasterIdLst`` present (right after ``p:sldMasterIdLst``) when a notes master is.
* No python-pptx template leftovers: its thumbnail, author "python-pptx"/"Steve Canny",
  2013 dates, "generated using python-pptx".
"""

from __future__ import annotations

import collections
import io
import posixpath
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
R = "{" + NS["r"] + "}"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_SLIDE = _RT + "slide"
RT_NOTES_MASTER = _RT + "notesMaster"
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_NOTES_SLIDE = _PML + "notesSlide+xml"
# relationship type -> content type its target must have
EXPECTED_CT = {
    RT_SLIDE: _PML + "slide+xml",
    _RT + "slideLayout": _PML + "slideLayout+xml",
    _RT + "slideMaster": _PML + "slideMaster+xml",
    _RT + "notesSlide": CT_NOTES_SLIDE,
    RT_NOTES_MASTER: _PML + "notesMaster+xml",
    _RT + "handoutMaster": _PML + "handoutMaster+xml",
    _RT + "theme": "application/vnd.openxmlformats-officedocument.theme+xml",
    _RT + "presProps": _PML + "presProps+xml",
    _RT + "viewProps": _PML + "viewProps+xml",
    _RT + "tableStyles": _PML + "tableStyles+xml",
    _RT + "extended-properties": (
        "application/vnd.openxmlformats-officedocument.extended-properties+xml"
    ),
    "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties": (
        "application/vnd.openxmlformats-package.core-properties+xml"
    ),
}
CONTENT_TYPES = "[Content_Types].xml"
SLIDE_ID_MIN, SLIDE_ID_MAX = 256, 2147483647

# raw characters and character references XML 1.0 does not allow
_BAD_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_CHAR_REF = re.compile(r"&#(x[0-9A-Fa-f]+|[0-9]+);")
TEMPLATE_AUTHORS = {"python-pptx", "Steve Canny"}


def _allowed_code_point(cp: int) -> bool:
    return (
        cp in (0x9, 0xA, 0xD)
        or 0x20 <= cp <= 0xD7FF
        or 0xE000 <= cp <= 0xFFFD
        or 0x10000 <= cp <= 0x10FFFF
    )


def _template_thumbnail() -> bytes | None:
    """The thumbnail in python-pptx's default template (what an unedited save carries)."""
    import pptx

    template = Path(pptx.__file__).parent / "templates" / "default.pptx"
    try:
        with zipfile.ZipFile(template) as zf:
            return zf.read("docProps/thumbnail.jpeg")
    except (OSError, KeyError):
        return None


def _source_of(rels_name: str) -> str | None:
    """The part a .rels file belongs to ('' for the package), or None if misplaced."""
    folder, name = posixpath.split(rels_name)
    if posixpath.basename(folder) != "_rels" or not name.endswith(".rels"):
        return None
    return posixpath.join(posixpath.dirname(folder), name[: -len(".rels")])


def _resolve(source: str, target: str) -> str:
    target = unquote(target)
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def _check_zip(zf: zipfile.ZipFile, problems: list[str]) -> list[str]:
    infos = zf.infolist()
    names = [i.filename for i in infos]
    for name, count in sorted(collections.Counter(names).items()):
        if count > 1:
            problems.append(f"zip: entry {name!r} is stored {count} times")
    for name in names:
        if name.endswith("/"):
            problems.append(f"zip: folder entry {name!r} (PowerPoint repairs such files)")
    if not names or names[0] != CONTENT_TYPES:
        problems.append(f"zip: first entry is {names[:1]}, expected {CONTENT_TYPES!r}")
    rest = [n for n in names if n != CONTENT_TYPES]
    if rest != sorted(rest):
        first_bad = next(a for a, b in zip(rest, sorted(rest), strict=True) if a != b)
        problems.append(
            f"zip: entries are not in sorted order after {CONTENT_TYPES} "
            f"(first out of place: {first_bad!r})"
        )
    stamps = sorted({i.date_time for i in infos})
    if len(stamps) > 1:
        problems.append(f"zip: entries carry {len(stamps)} different dates ({stamps[0]}..)")
    return sorted(set(names) - {CONTENT_TYPES})


def _parse_xml(name: str, data: bytes, problems: list[str]) -> etree._Element | None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append(f"xml: {name} is not UTF-8 ({e.reason} at byte {e.start})")
        return None
    bad = _BAD_CHARS.search(text)
    if bad:
        problems.append(
            f"xml: {name} contains U+{ord(bad.group()):04X}, which XML 1.0 forbids "
            f"(offset {bad.start()})"
        )
    for ref in _CHAR_REF.finditer(text):
        value = ref.group(1)
        cp = int(value[1:], 16) if value.startswith("x") else int(value)
        if not _allowed_code_point(cp):
            problems.append(f"xml: {name} contains the character reference {ref.group()!r}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as e:
        problems.append(f"xml: {name} is not well-formed: {e}")
        return None


def _content_types(zf, parts, problems) -> dict[str, str]:
    """Content type of each part (lower-cased names, as OPC compares them)."""
    if CONTENT_TYPES not in zf.namelist():
        problems.append(f"content types: {CONTENT_TYPES} is missing")
        return {}
    root = _parse_xml(CONTENT_TYPES, zf.read(CONTENT_TYPES), problems)
    if root is None:
        return {}
    defaults, overrides = {}, {}
    for d in root.iterfind("ct:Default", NS):
        ext = d.get("Extension", "").lower()
        if ext in defaults:
            problems.append(f"content types: two Defaults for extension {ext!r}")
        defaults[ext] = d.get("ContentType")
    for o in root.iterfind("ct:Override", NS):
        name = o.get("PartName", "").lstrip("/").lower()
        if name in overrides:
            problems.append(f"content types: two Overrides for /{name}")
        overrides[name] = o.get("ContentType")
    lower_parts = {p.lower() for p in parts}
    for name in sorted(set(overrides) - lower_parts):
        problems.append(f"content types: Override for /{name}, which is not in the package")
    types = {}
    for part in parts:
        # not splitext: it sees "_rels/.rels" as a name without extension
        ext = posixpath.basename(part).rpartition(".")[2].lower()
        ctype = overrides.get(part.lower()) or defaults.get(ext)
        if ctype is None:
            problems.append(f"content types: part {part} has no content type")
        else:
            types[part] = ctype
    return types


def _relationships(zf, parts, xml, problems) -> dict[str, dict[str, tuple[str, str | None]]]:
    """For each source part ('' = package): Id -> (type, internal target or None)."""
    part_set = set(parts)
    rels: dict[str, dict[str, tuple[str, str | None]]] = {}
    for name in parts:
        if not name.endswith(".rels"):
            continue
        source = _source_of(name)
        if source is None:
            problems.append(f"rels: {name} is not in a _rels folder")
            continue
        if source and source not in part_set:
            problems.append(f"rels: {name} belongs to {source}, which is not in the package")
        root = xml.get(name)
        if root is None:
            continue
        table: dict[str, tuple[str, str | None]] = {}
        for rel in root.iterfind("pr:Relationship", NS):
            rid, rtype, target = rel.get("Id"), rel.get("Type", ""), rel.get("Target", "")
            if rid in table:
                problems.append(f"rels: {name} has two relationships with Id {rid!r}")
            if rel.get("TargetMode") == "External":
                table[rid] = (rtype, None)
                continue
            resolved = _resolve(source, target)
            if resolved not in part_set:
                problems.append(
                    f"rels: {name} {rid} points to {target!r} ({resolved}), which is missing"
                )
            table[rid] = (rtype, resolved)
        rels[source] = table
    return rels


def _check_references(xml, rels, problems) -> None:
    """Every r:id / r:embed / r:link ... in a part must name one of its relationships."""
    for name, root in sorted(xml.items()):
        if name.endswith(".rels") or name == CONTENT_TYPES:
            continue
        ids = rels.get(name, {})
        for el in root.iter():
            for attr, value in el.attrib.items():
                if attr.startswith(R) and value and value not in ids:
                    problems.append(
                        f"rels: {name} refers to {etree.QName(attr).localname}={value!r}, "
                        "which has no relationship"
                    )


def _check_target_types(rels, types, problems) -> None:
    """A slide must be typed as a slide, etc. (python-pptx crashes on application/xml)."""
    for source, table in sorted(rels.items()):
        for rid, (rtype, target) in sorted(table.items()):
            want = EXPECTED_CT.get(rtype)
            if want and target in types and types[target] != want:
                problems.append(
                    f"content types: {target} (target of {source or 'package'} {rid}) has "
                    f"content type {types[target]!r}, expected {want!r}"
                )


def _check_reachable(parts, rels, problems) -> None:
    reached, todo = set(), [""]
    while todo:
        source = todo.pop()
        for _rtype, target in rels.get(source, {}).values():
            if target is not None and target not in reached:
                reached.add(target)
                todo.append(target)
    for part in parts:
        if not part.endswith(".rels") and part not in reached:
            problems.append(f"orphan: {part} is not reachable from the package relationships")


def _check_presentation(xml, rels, types, problems) -> None:
    main = next((t for k, t in sorted(rels.get("", {}).values()) if k == RT_OFFICE_DOCUMENT), None)
    prs = xml.get(main) if main else None
    if prs is None:
        problems.append("presentation: no readable main part (officeDocument relationship)")
        return
    prs_rels = rels.get(main, {})
    seen: set[int] = set()
    for sld_id in prs.iterfind("p:sldIdLst/p:sldId", NS):
        raw = sld_id.get("id", "")
        value = int(raw) if raw.isdigit() else -1
        if not SLIDE_ID_MIN <= value <= SLIDE_ID_MAX:
            problems.append(f"presentation: slide id {raw!r} outside 256..2147483647")
        if value in seen:
            problems.append(f"presentation: slide id {value} used twice")
        seen.add(value)
        rel = prs_rels.get(sld_id.get(R + "id", ""))
        if rel is None or rel[0] != RT_SLIDE:
            problems.append(f"presentation: slide id {raw} has no slide relationship")
    notes_masters = sorted(rid for rid, (k, _t) in prs_rels.items() if k == RT_NOTES_MASTER)
    if notes_masters:
        listed = [e.get(R + "id") for e in prs.iterfind("p:notesMasterIdLst/p:notesMasterId", NS)]
        if not listed:
            problems.append(
                "presentation: a notes master is related but p:notesMasterIdLst is missing "
                "(Keynote and some PowerPoint builds ignore the notes)"
            )
        elif listed[0] not in notes_masters:
            problems.append(
                f"presentation: p:notesMasterId names {listed[0]!r}, not a notes master"
            )
        tags = [etree.QName(c).localname for c in prs if isinstance(c.tag, str)]
        if "notesMasterIdLst" in tags and (
            "sldMasterIdLst" not in tags
            or tags.index("notesMasterIdLst") != tags.index("sldMasterIdLst") + 1
        ):
            problems.append(
                "presentation: p:notesMasterIdLst must come right after p:sldMasterIdLst"
            )
    for part, ctype in sorted(types.items()):
        if ctype == CT_NOTES_SLIDE:
            targets = [t for k, t in rels.get(part, {}).values() if k == RT_NOTES_MASTER]
            if not targets:
                problems.append(f"notes: {part} has no notes master relationship")


def _check_shape_ids(xml, problems) -> None:
    for name, root in sorted(xml.items()):
        tree = root.find("p:cSld/p:spTree", NS)
        if tree is None:
            continue
        ids = collections.Counter(el.get("id") for el in tree.iter("{" + NS["p"] + "}cNvPr"))
        for shape_id, count in sorted(ids.items(), key=lambda kv: str(kv[0])):
            if count > 1:
                problems.append(f"shapes: {name} uses shape id {shape_id} {count} times")


def _check_leftovers(zf, parts, xml, problems) -> None:
    thumb = _template_thumbnail()
    for part in parts:
        if part.startswith("docProps/thumbnail") and thumb is not None and zf.read(part) == thumb:
            problems.append(f"template: {part} is python-pptx's template thumbnail")
    core = xml.get("docProps/core.xml")
    if core is None:
        return
    for tag in ("dc:creator", "cp:lastModifiedBy"):
        el = core.find(tag, NS)
        if el is not None and (el.text or "").strip() in TEMPLATE_AUTHORS:
            problems.append(f"core properties: {tag} is python-pptx's default {el.text!r}")
    for tag in ("dcterms:created", "dcterms:modified"):
        el = core.find(tag, NS)
        if el is not None and (el.text or "").startswith("2013-"):
            problems.append(f"core properties: {tag} is python-pptx's template date {el.text}")
    desc = core.find("dc:description", NS)
    if desc is not None and "python-pptx" in (desc.text or ""):
        problems.append(f"core properties: dc:description is {desc.text!r}")


def check_structure(src: str | Path | bytes) -> list[str]:
    """Problems found in the package (a path or the file's bytes); empty when it is sound."""
    data = src if isinstance(src, bytes) else Path(src).read_bytes()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as e:
        return [f"zip: not a ZIP archive ({e})"]
    problems: list[str] = []
    with zf:
        parts = _check_zip(zf, problems)
        xml = {}
        for name in parts:
            if name.endswith((".xml", ".rels")):
                root = _parse_xml(name, zf.read(name), problems)
                if root is not None:
                    xml[name] = root
        types = _content_types(zf, parts, problems)
        rels = _relationships(zf, parts, xml, problems)
        _check_references(xml, rels, problems)
        _check_target_types(rels, types, problems)
        _check_reachable(parts, rels, problems)
        _check_presentation(xml, rels, types, problems)
        _check_shape_ids(xml, problems)
        _check_leftovers(zf, parts, xml, problems)
    return problems


def assert_structure(src: str | Path | bytes) -> None:
    """Fail the test listing every structural problem of the package."""
    problems = check_structure(src)
    if problems:
        raise AssertionError(
            f"package has {len(problems)} structural problem(s):\n"
            + "\n".join("  " + p for p in problems)
        )
