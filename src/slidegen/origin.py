"""Where a built .pptx came from: the deck, audience and overlays it was built from, a hash of
its inputs, and each slide's id with a hash of what it says, key by key.

`slidegen build` stores this in every package (write stage): a custom XML part
(`customXml/itemN.xml`, the whole record) and custom document properties (`docProps/custom.xml`,
the deck, audience, overlays and inputs hash, which PowerPoint shows under File > Info >
Properties). PowerPoint and LibreOffice keep both through editing and saving. `slidegen pull`
reads them back to find what a team's edited copy was made from and which keys of which slides
the central deck has changed since.

A slide's *view* is what it says, as plain text, by deck key ("title", "bullets", "notes",
"stats[1].label"...). `plan_view` makes it from a planned slide (at build time); `record_view`
from a slide record the importer read back from a .pptx with plain text (at pull time). The two
agree for every slide slidegen builds (tests/test_origin.py), so a key's hash stored at build
time can be compared with the same key read from an edited copy. Only the picture of an image
slide differs: `plan_view` hashes the picture file, `record_view` the picture in the package.

No python-pptx here: the write stage adds the parts, `read_origin` reads them from the zip.
"""

from __future__ import annotations

import hashlib
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ORIGIN_NS = "urn:slidegen:origin:1"
"""The namespace of the origin part's root element (how pull recognises it)."""
PROPERTY_PREFIX = "slidegen."
"""Custom document properties slidegen writes start with this (others are left alone)."""
KEY_HASH_LEN = 12  # hex digits of a key's hash: 48 bits, ample to tell one text from another
PICTURE = "picture"  # the view key whose hash differs between plan_view and record_view
_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class SlideOrigin:
    """One slide as built: its id, layout, section, content hash and each key's hash."""

    id: str
    layout: str
    section: str | None
    hash: str
    keys: dict[str, str] = field(default_factory=dict)


@dataclass
class Origin:
    """What a built .pptx was made from (see the module docstring)."""

    deck_id: str
    deck_file: str  # the deck's file name
    audience: str | None
    overlays: tuple[str, ...]  # relative to the deck's folder, posix
    inputs: list[tuple[str, str]]  # (name, sha256) of every file the build read
    inputs_sha256: str  # one hash over `inputs`: which build this is
    slides: list[SlideOrigin] = field(default_factory=list)

    def slide(self, sid: str) -> SlideOrigin | None:
        for s in self.slides:
            if s.id == sid:
                return s
        return None


# ---- views ---------------------------------------------------------------------------------
def norm(s: Any) -> str:
    """Whitespace collapsed: line wrapping and trailing spaces are not a change."""
    return " ".join(str(s).split()) if s is not None else ""


def key_hash(value: str) -> str:
    """The short hash of a view value."""
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:KEY_HASH_LEN]


def content_hash(view: dict[str, str]) -> str:
    """One hash over a slide's view (its keys' hashes, in key order)."""
    return keys_hash({k: key_hash(v) for k, v in view.items()})


def keys_hash(keys: dict[str, str]) -> str:
    """content_hash from the keys' hashes."""
    text = "\n".join(f"{k}={h}" for k, h in sorted(keys.items()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_HASH_LEN]


def _bullet_lines(items, level: int = 0) -> list[str]:
    out = []
    for item in items or []:
        if isinstance(item, dict):
            out.append("  " * level + norm(item.get("text")))
            out += _bullet_lines(item.get("bullets"), level + 1)
        else:
            out.append("  " * level + norm(item))
    return out


def _plan_bullets(bullets) -> str:
    return "\n".join("  " * level + norm(t.plain) for level, t in bullets or ())


def _notes(paragraphs) -> str:
    return "\n\n".join(n for n in (norm(p) for p in paragraphs) if n)


def _number(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _chart(kind, stacked, categories, series) -> str:
    lines = [f"{kind}{' stacked' if stacked else ''}", " | ".join(norm(c) for c in categories)]
    for name, values in series:
        lines.append(f"{norm(name)}: " + ", ".join(_number(v) for v in values))
    return "\n".join(lines)


def _put(view: dict, key: str, value: str) -> None:
    if value:
        view[key] = value


def _file_hash(path, memo: dict) -> str:
    if path not in memo:
        try:
            memo[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()[:KEY_HASH_LEN]
        except OSError:
            memo[path] = "missing"
    return memo[path]


def plan_view(planned, plan, files: dict | None = None) -> dict[str, str]:
    """What a planned slide says, by deck key, as plain text (the build-time view).
    `files`: picture hashes by path, kept between the slides of one deck."""
    from .place.rich_layouts import format_number

    files = {} if files is None else files
    c = planned.content
    layout = planned.layout
    view: dict[str, str] = {}

    def text(t) -> str:
        return norm(t.plain) if t is not None else ""

    _put(view, "title", text(planned.title))
    if layout == "title":
        sub = c.subtitle if c is not None and c.subtitle else None
        _put(view, "subtitle", text(sub) if sub else norm(plan.subtitle))
    elif layout == "section":
        _put(view, "subtitle", text(c.subtitle) if c is not None else "")
    elif layout == "bullets":
        _put(view, "bullets", _plan_bullets(c.bullets))
    elif layout in ("statement", "quote"):
        _put(view, "text", text(c.text))
        _put(view, "attribution", text(c.attribution))
    elif layout == "stat":
        for i, stat in enumerate(c.stats, 1):
            _put(view, f"stats[{i}].value", text(stat.value))
            _put(view, f"stats[{i}].label", text(stat.label))
    elif layout == "image":
        _picture_view(view, "", c.alt, c.decorative, _file_hash(c.image, files) if c.image else "")
        _put(view, "caption", text(c.caption))
    elif layout == "two-column":
        for side, pane in (("left", c.left), ("right", c.right)):
            _put(view, f"{side}.heading", text(pane.heading))
            if pane.bullets is not None:
                _put(view, f"{side}.bullets", _plan_bullets(pane.bullets))
            _put(view, f"{side}.text", text(pane.text))
            if pane.image is not None:
                _picture_view(
                    view, f"{side}.", pane.alt, pane.decorative, _file_hash(pane.image, files)
                )
    elif layout == "table":
        _put(view, "columns", " | ".join(text(col) for col in c.columns))
        rows = [
            " | ".join(text(v) if not isinstance(v, (int, float)) else format_number(v) for v in r)
            for r in c.rows
        ]
        _put(view, "rows", "\n".join(rows))
        _put(view, "caption", text(c.caption))
    elif layout == "chart":
        series = [(s.name or "Series", s.values) for s in c.series]
        _put(view, "chart", _chart(c.type, c.stacked, c.categories, series))
        _put(view, "alt", norm(c.alt))
        _put(view, "caption", text(c.caption))
    elif layout == "closing":
        _put(view, "text", text(c.text))
    _put(view, "notes", _notes(n.plain for n in planned.notes))
    _put(view, "source", text(planned.source))
    if planned.hidden:
        view["hidden"] = "yes"
    return view


def _picture_view(view: dict, prefix: str, alt, decorative: bool, picture: str) -> None:
    if decorative:
        view[f"{prefix}decorative"] = "yes"
    else:
        _put(view, f"{prefix}alt", norm(alt))
    _put(view, prefix + PICTURE, picture)


def record_view(
    record: dict, pictures: dict[str, str] | None = None, layout: str | None = None
) -> dict[str, str]:
    """What a slide read back from a .pptx says, by deck key: `record` is the importer's slide
    with plain text (`pull` reads it so), `pictures` the hash of each picture path it names.
    The source line is not in the record: pass it in `record["source"]` as its text. `layout`:
    the slide's layout in the deck, when known (a closing slide without the presenter's
    details reads back as a bullets slide)."""
    pictures = pictures or {}
    record = as_layout(record, layout)
    layout = record.get("layout", "bullets")
    view: dict[str, str] = {}
    _put(view, "title", norm(record.get("title")))
    if layout == "bullets":
        _put(view, "bullets", "\n".join(_bullet_lines(record.get("bullets"))))
    elif layout in ("statement", "quote", "closing"):
        _put(view, "text", norm(record.get("text")))
        _put(view, "attribution", norm(record.get("attribution")))
    elif layout == "stat":
        stats = record.get("stats")
        if stats is None:
            stats = [{"value": record.get("value"), "label": record.get("label")}]
        for i, stat in enumerate(stats, 1):
            _put(view, f"stats[{i}].value", norm(stat.get("value")))
            _put(view, f"stats[{i}].label", norm(stat.get("label")))
    elif layout == "image":
        _record_picture(view, "", record, pictures)
        _put(view, "caption", norm(record.get("caption")))
    elif layout == "two-column":
        for side in ("left", "right"):
            pane = record.get(side) or {}
            _put(view, f"{side}.heading", norm(pane.get("heading")))
            if "bullets" in pane:
                _put(view, f"{side}.bullets", "\n".join(_bullet_lines(pane.get("bullets"))))
            _put(view, f"{side}.text", norm(pane.get("text")))
            if pane.get("image"):
                _record_picture(view, f"{side}.", pane, pictures)
    elif layout == "table":
        _put(view, "columns", " | ".join(norm(col) for col in record.get("columns") or []))
        rows = [" | ".join(norm(_number(v)) for v in r) for r in record.get("rows") or []]
        _put(view, "rows", "\n".join(rows))
        _put(view, "caption", norm(record.get("caption")))
    elif layout == "chart":
        chart = record.get("chart") or {}
        series = [(s.get("name"), s.get("values") or []) for s in chart.get("series") or []]
        kind = chart.get("type")
        _put(view, "chart", _chart(kind, chart.get("stacked"), chart.get("categories", []), series))
        _put(view, "alt", norm(record.get("alt")))
        _put(view, "caption", norm(record.get("caption")))
    notes = record.get("notes") or ""
    _put(view, "notes", _notes(re.split(r"\n\s*\n", notes)))
    _put(view, "source", norm(record.get("source")))
    if record.get("hidden"):
        view["hidden"] = "yes"
    return view


def as_layout(record: dict, layout: str | None) -> dict:
    """A record read as another layout than the deck's, where only the reading differs: a
    closing slide's text that read back as one bullet."""
    if layout == "closing" and record.get("layout", "bullets") == "bullets":
        text = " ".join(line.strip() for line in _bullet_lines(record.get("bullets")))
        out = {k: v for k, v in record.items() if k != "bullets"}
        out["layout"] = "closing"
        if text:
            out["text"] = text
        return out
    return record


def _record_picture(view: dict, prefix: str, owner: dict, pictures: dict[str, str]) -> None:
    picture = pictures.get(owner.get("image", ""), "")
    _picture_view(view, prefix, owner.get("alt"), bool(owner.get("decorative")), picture)


# ---- the origin of a build -----------------------------------------------------------------
def _input_name(path, deck_dir: Path) -> str:
    """A file's name as the origin records it: relative to the deck's folder (at most two
    folders up), inside slidegen ("slidegen:themes/default/theme.yaml"), or else its last
    two path parts: never anything that depends on where a temporary folder was made."""
    p = Path(path).resolve()
    try:
        return "slidegen:" + p.relative_to(_PACKAGE_DIR).as_posix()
    except ValueError:
        pass
    try:
        rel = Path(os.path.relpath(p, deck_dir)).as_posix()
    except ValueError:  # another drive
        rel = ""
    if rel and rel.count("../") <= 2:
        return rel
    return ".../" + "/".join(p.parts[-2:])


def _sha256_file(path) -> str:
    """The file's SHA-256; for a template (.pptx, .potx), of its members' names, sizes and
    CRC-32s as its zip directory gives them, so a template saved again unchanged (only the
    zip's dates differ) is the same input, and nothing is inflated to say so (a member the
    template does not use may be damaged or huge)."""
    path = Path(path)
    try:
        if path.suffix.lower() in (".pptx", ".potx", ".pptm") and zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                members = sorted((i.filename, i.file_size, i.CRC) for i in z.infolist())
            text = "".join(f"{name}\0{size}\0{crc:08x}\n" for name, size, crc in members)
            return hashlib.sha256(text.encode("utf-8")).hexdigest()
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, ValueError, zipfile.BadZipFile):
        return "missing"


def inputs_hash(inputs: list[tuple[str, str]]) -> str:
    """One SHA-256 over (name, hash) of every input: the same inputs, the same value."""
    text = "".join(f"{sha}  {name}\n" for name, sha in sorted(inputs))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def inputs_of(plan) -> tuple[list[tuple[str, str]], str]:
    """The inputs of a build of `plan` as its origin records them, and their one hash (which
    build/manifest.json gives each output too, as `inputs_sha256`)."""
    deck_dir = Path(plan.path).resolve().parent
    inputs = [(_input_name(p, deck_dir), _sha256_file(p)) for p in plan.inputs]
    return inputs, inputs_hash(inputs)


def origin_of(plan) -> Origin:
    """The origin of a build of `plan` (its inputs hashed now)."""
    deck_dir = Path(plan.path).resolve().parent
    inputs, digest = inputs_of(plan)
    slides = []
    files: dict = {}
    for planned in plan.slides:
        keys = {k: key_hash(v) for k, v in plan_view(planned, plan, files).items()}
        slides.append(
            SlideOrigin(planned.id, planned.layout, planned.section_id, keys_hash(keys), keys)
        )
    return Origin(
        deck_id=plan.id,
        deck_file=Path(plan.path).name,
        audience=plan.audience,
        overlays=tuple(_input_name(o, deck_dir) for o in plan.overlays),
        inputs=inputs,
        inputs_sha256=digest,
        slides=slides,
    )


# ---- stored as XML ---------------------------------------------------------------------------
def origin_xml(origin: Origin) -> bytes:
    """The custom XML part: <origin> with <overlay>, <input> and <slide> children."""
    from lxml import etree

    q = f"{{{ORIGIN_NS}}}"
    root = etree.Element(q + "origin", nsmap={None: ORIGIN_NS})
    root.set("deck", origin.deck_id)
    root.set("deck-file", origin.deck_file)
    if origin.audience:
        root.set("audience", origin.audience)
    root.set("inputs", origin.inputs_sha256)
    for ov in origin.overlays:
        etree.SubElement(root, q + "overlay", {"path": ov})
    for name, sha in origin.inputs:
        etree.SubElement(root, q + "input", {"path": name, "sha256": sha})
    for s in origin.slides:
        attrs = {"id": s.id, "layout": s.layout, "hash": s.hash}
        if s.section:
            attrs["section"] = s.section
        attrs["keys"] = " ".join(f"{k}={h}" for k, h in s.keys.items())
        etree.SubElement(root, q + "slide", attrs)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def parse_origin_xml(data: bytes) -> Origin | None:
    """An Origin from the custom XML part's bytes; None when they are not an origin."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    if root.tag != f"{{{ORIGIN_NS}}}origin":
        return None
    q = f"{{{ORIGIN_NS}}}"
    slides = []
    for el in root.iterfind(q + "slide"):
        keys = {}
        for pair in (el.get("keys") or "").split():
            k, _, h = pair.partition("=")
            keys[k] = h
        slides.append(
            SlideOrigin(
                el.get("id", ""), el.get("layout", ""), el.get("section"), el.get("hash", ""), keys
            )
        )
    return Origin(
        deck_id=root.get("deck", ""),
        deck_file=root.get("deck-file", ""),
        audience=root.get("audience"),
        overlays=tuple(el.get("path", "") for el in root.iterfind(q + "overlay")),
        inputs=[(el.get("path", ""), el.get("sha256", "")) for el in root.iterfind(q + "input")],
        inputs_sha256=root.get("inputs", ""),
        slides=slides,
    )


def item_props_xml(origin: Origin) -> bytes:
    """The custom XML part's properties part: a data-store id derived from the deck (fixed for
    the same deck, audience and overlays) and the origin's namespace."""
    import uuid

    key = "\n".join([origin.deck_id, origin.audience or "", *origin.overlays])
    from .ooxml import NS_CUSTOM_XML as ds

    guid = str(uuid.uuid5(uuid.NAMESPACE_URL, ORIGIN_NS + "/" + key)).upper()
    item = f"{{{guid}}}"  # a GUID in braces
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n'
        f'<ds:datastoreItem ds:itemID="{item}" xmlns:ds="{ds}"><ds:schemaRefs>'
        f'<ds:schemaRef ds:uri="{ORIGIN_NS}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()


def summary_properties(origin: Origin) -> list[tuple[str, str]]:
    """The custom document properties: name and text, in order."""
    props = [
        ("slidegen.deck", origin.deck_id),
        ("slidegen.deck-file", origin.deck_file),
        ("slidegen.audience", origin.audience or ""),
        ("slidegen.overlays", "; ".join(origin.overlays)),
        ("slidegen.inputs", origin.inputs_sha256),
    ]
    return props


def custom_properties_xml(origin: Origin, existing: bytes | None = None) -> bytes:
    """docProps/custom.xml: the properties already there (a template's), less any earlier
    `slidegen.*` ones, then the origin's summary."""
    from lxml import etree

    from .ooxml import FMTID_USER_PROPS, NS_CUSTOM_PROPS, NS_DOC_PROPS_VTYPES, braced

    ns = NS_CUSTOM_PROPS
    root = None
    if existing:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        try:
            root = etree.fromstring(existing, parser)
        except etree.XMLSyntaxError:
            root = None
    if root is None or root.tag != braced(ns) + "Properties":
        root = etree.Element(braced(ns) + "Properties", nsmap={None: ns, "vt": NS_DOC_PROPS_VTYPES})
    for prop in list(root):
        if (prop.get("name") or "").startswith(PROPERTY_PREFIX):
            root.remove(prop)
    pids = [int(p.get("pid")) for p in root if (p.get("pid") or "").isdigit()]
    pid = max([1, *pids])
    for name, value in summary_properties(origin):
        pid += 1
        prop = etree.SubElement(
            root,
            braced(ns) + "property",
            {"fmtid": FMTID_USER_PROPS, "pid": str(pid), "name": name},
        )
        etree.SubElement(prop, braced(NS_DOC_PROPS_VTYPES) + "lpwstr").text = value
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, standalone=True)


def read_origin(path: Path | str) -> Origin | None:
    """The origin stored in a .pptx (None when it has none: not built by slidegen, or by an
    older version). The custom XML part is looked for first; without it (a tool that dropped
    it) the custom document properties give the summary, without the slides."""
    from .errors import SlidegenError
    from .opc import Package  # within the limits: a copy from elsewhere is untrusted

    try:
        with Package(path) as z:
            names = list(z.infos)
            for name in sorted(n for n in names if re.fullmatch(r"customXml/item\d+\.xml", n)):
                data = z.read(name)
                if ORIGIN_NS.encode() in data:
                    found = parse_origin_xml(data)
                    if found is not None:
                        return found
            if "docProps/custom.xml" in names:
                return _from_properties(z.read("docProps/custom.xml"))
    except (OSError, zipfile.BadZipFile, KeyError, SlidegenError):
        return None
    return None


def _from_properties(data: bytes) -> Origin | None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None
    props = {}
    for prop in root:
        name = prop.get("name") or ""
        if name.startswith(PROPERTY_PREFIX):
            props[name] = "".join(prop.itertext())
    if "slidegen.deck" not in props:
        return None
    overlays = tuple(o for o in props.get("slidegen.overlays", "").split("; ") if o)
    return Origin(
        deck_id=props["slidegen.deck"],
        deck_file=props.get("slidegen.deck-file", ""),
        audience=props.get("slidegen.audience") or None,
        overlays=overlays,
        inputs=[],
        inputs_sha256=props.get("slidegen.inputs", ""),
    )
