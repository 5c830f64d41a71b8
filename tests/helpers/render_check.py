"""Render check for tests: convert a .pptx with LibreOffice and compare the PDF with the file.

A deck passes when the PDF has one page per visible slide, every paragraph of slide text
(text boxes, placeholders, table cells, inside groups; not notes) is in its page's text,
no shape's box reaches past the slide edges and no word is drawn past the page edges.
poppler leaves text drawn outside the page out of the page text, so text pushed off the
slide by overflow shows up as missing paragraphs.

Use ``assert_renders(pptx, tmp_path)`` in tests marked ``@pytest.mark.render``.
"""

from __future__ import annotations

import html
import posixpath
import re
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from slidegen.preview import (
    RenderToolsMissing,
    convert_to_pdf,
    find_poppler,
    pdf_page_texts,
    require_tools,
)

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pr": "http://schemas.openxmlformats.org/package/2006/relationships",
}
A = "{" + NS["a"] + "}"
P = "{" + NS["p"] + "}"
R = "{" + NS["r"] + "}"
RT_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
RT_SLIDE_LAYOUT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideLayout"
RT_SLIDE_MASTER = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/slideMaster"

# scripts whose PDF text order differs from the logical order: not compared
RTL_OR_COMPLEX = re.compile(
    "[\u0590-\u08ff\u0900-\u0dff\u0e00-\u0fff\u1000-\u109f\u1780-\u17ff\ufb1d-\ufdff\ufe70-\ufeff]"
)
# whitespace and hyphens: line wrapping adds or removes them, pdftotext joins hyphenated words
_IGNORED = re.compile(r"[\s\-\u00ad\u2010\u2011\u200b\u200c\u200d\u2060\ufeff]+")
CLIP_TOLERANCE_PT = 1.0
SHAPE_TAGS = {P + "sp", P + "pic", P + "graphicFrame", P + "grpSp", P + "cxnSp", P + "contentPart"}


def normalise(text: str) -> str:
    """Text as compared: NFKC, without whitespace, hyphens and invisible characters."""
    return _IGNORED.sub("", unicodedata.normalize("NFKC", text))


@dataclass(frozen=True)
class MissingText:
    """A paragraph (or the part of one between fields) that is not on its slide's page."""

    slide: int  # 1-based position of the slide in the deck
    page: int  # 1-based PDF page
    shape: str
    text: str


@dataclass
class RenderReport:
    """What the render check found; ``problems`` are ready-made failure messages."""

    pdf: Path
    pages: int
    visible_slides: list[int]
    page_texts: list[str]
    missing: list[MissingText] = field(default_factory=list)
    off_slide: list[str] = field(default_factory=list)
    clipped: list[str] = field(default_factory=list)
    unchecked: list[str] = field(default_factory=list)

    @property
    def expected_pages(self) -> int:
        # LibreOffice exports one blank page for a deck without visible slides
        return max(1, len(self.visible_slides))

    @property
    def problems(self) -> list[str]:
        out = []
        if self.pages != self.expected_pages:
            out.append(
                f"PDF has {self.pages} page(s) but the deck has {len(self.visible_slides)} "
                f"visible slide(s) (slides {self.visible_slides})"
            )
        for m in self.missing:
            out.append(
                f"slide {m.slide} (page {m.page}), shape {m.shape!r}: text not on the rendered "
                f"page (overflow, off the slide, or dropped): {m.text[:80]!r}"
            )
        out.extend(self.off_slide)
        out.extend(self.clipped)
        return out

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Slide:
    number: int
    part: str
    root: etree._Element
    hidden: bool
    layout: etree._Element | None
    master: etree._Element | None


def _rels(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationships of a part: Id -> (type, resolved internal target part name)."""
    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    out = {}
    for rel in etree.fromstring(zf.read(rels_name)).iter("{" + NS["pr"] + "}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        out[rel.get("Id")] = (rel.get("Type"), posixpath.normpath(resolved))
    return out


def _first_of_type(rels: dict[str, tuple[str, str]], rel_type: str) -> str | None:
    return next((t for kind, t in sorted(rels.values()) if kind == rel_type), None)


def _read_slides(zf: zipfile.ZipFile) -> tuple[list[_Slide], tuple[int, int]]:
    main = _first_of_type(_rels(zf, ""), RT_OFFICE_DOCUMENT)
    if main is None:
        raise AssertionError("package has no officeDocument relationship")
    prs = etree.fromstring(zf.read(main))
    prs_rels = _rels(zf, main)
    size = prs.find("p:sldSz", NS)
    slide_size = (int(size.get("cx")), int(size.get("cy")))
    slides = []
    parsed: dict[str, etree._Element] = {}

    def load(part: str | None) -> etree._Element | None:
        if part is None or part not in zf.namelist():
            return None
        if part not in parsed:
            parsed[part] = etree.fromstring(zf.read(part))
        return parsed[part]

    for number, sld_id in enumerate(prs.iterfind("p:sldIdLst/p:sldId", NS), start=1):
        part = prs_rels[sld_id.get(R + "id")][1]
        root = etree.fromstring(zf.read(part))
        layout_part = _first_of_type(_rels(zf, part), RT_SLIDE_LAYOUT)
        master_part = (
            _first_of_type(_rels(zf, layout_part), RT_SLIDE_MASTER) if layout_part else None
        )
        slides.append(
            _Slide(
                number=number,
                part=part,
                root=root,
                hidden=root.get("show") in ("0", "false"),
                layout=load(layout_part),
                master=load(master_part),
            )
        )
    return slides, slide_size


def _nv(shape: etree._Element) -> etree._Element | None:
    """The shape's p:cNvPr."""
    return shape.find("./*/p:cNvPr", NS)


def _shape_name(shape: etree._Element) -> str:
    nv = _nv(shape)
    return nv.get("name", "?") if nv is not None else "?"


def _is_hidden(shape: etree._Element) -> bool:
    nv = _nv(shape)
    return nv is not None and nv.get("hidden") in ("1", "true")


def _top_shape(el: etree._Element, tree: etree._Element) -> etree._Element:
    """The top-level shape of the slide's shape tree that contains el."""
    while el.getparent() is not tree:
        el = el.getparent()
    return el


def _segments(paragraph: etree._Element) -> list[str]:
    """The text of a paragraph split at fields (slide numbers, dates: text may be stale)."""
    segments, current = [], []
    for child in paragraph:
        if child.tag == A + "r":
            current.append("".join(t.text or "" for t in child.iterfind("a:t", NS)))
        elif child.tag == A + "br":
            current.append(" ")
        elif child.tag == A + "fld":
            segments.append("".join(current))
            current = []
    segments.append("".join(current))
    return [s for s in segments if s.strip()]


def _visible_paragraphs(tree: etree._Element) -> list[tuple[str, etree._Element]]:
    """(shape name, a:p) for every paragraph drawn on the slide, in document order."""
    out = []
    for para in tree.iter(A + "p"):
        hidden = False
        anc = para.getparent()
        while anc is not None and anc is not tree:
            if anc.tag in SHAPE_TAGS and _is_hidden(anc):
                hidden = True
            # continuation cells of merged table cells are not drawn
            if anc.tag == A + "tc" and (anc.get("hMerge") or anc.get("vMerge")) in ("1", "true"):
                hidden = True
            anc = anc.getparent()
        if not hidden:
            out.append((_shape_name(_top_shape(para, tree)), para))
    return out


def _xfrm(shape: etree._Element) -> etree._Element | None:
    if shape.tag == P + "graphicFrame":
        return shape.find("p:xfrm", NS)
    if shape.tag == P + "grpSp":
        return shape.find("p:grpSpPr/a:xfrm", NS)
    return shape.find("p:spPr/a:xfrm", NS)


_MASTER_TYPE = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}


def _inherited_xfrm(shape: etree._Element, slide: _Slide) -> etree._Element | None:
    """For a placeholder without its own position: the layout's, else the master's."""
    ph = shape.find("./*/p:nvPr/p:ph", NS)
    if ph is None:
        return None
    idx, kind = ph.get("idx", "0"), ph.get("type", "obj")
    for source, key in ((slide.layout, "idx"), (slide.master, "type")):
        if source is None:
            continue
        for other in source.iterfind(".//p:cSld/p:spTree/*/*/p:nvPr/p:ph", NS):
            if key == "idx":
                same = other.get("idx", "0") == idx and (idx != "0" or other.get("type") == kind)
            else:
                want = _MASTER_TYPE.get(kind, kind)
                same = _MASTER_TYPE.get(other.get("type", "obj"), other.get("type")) == want
            if same:
                found = _xfrm(other.getparent().getparent().getparent())
                if found is not None:
                    return found
    return None


def _off_slide(slide: _Slide, slide_size: tuple[int, int]) -> list[str]:
    tree = slide.root.find("p:cSld/p:spTree", NS)
    problems = []
    for shape in tree:
        if shape.tag not in SHAPE_TAGS or _is_hidden(shape):
            continue
        xfrm = _xfrm(shape)
        if xfrm is None or xfrm.find("a:off", NS) is None:
            xfrm = _inherited_xfrm(shape, slide)
        if xfrm is None or xfrm.find("a:off", NS) is None or xfrm.find("a:ext", NS) is None:
            continue
        off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
        x, y = int(off.get("x")), int(off.get("y"))
        right, bottom = x + int(ext.get("cx")), y + int(ext.get("cy"))
        width, height = slide_size
        if x < 0 or y < 0 or right > width or bottom > height:
            problems.append(
                f"slide {slide.number}, shape {_shape_name(shape)!r}: box "
                f"({x}, {y})-({right}, {bottom}) EMU reaches past the slide "
                f"(0, 0)-({width}, {height})"
            )
    return problems


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">(.*?)</word>',
    re.S,
)


def _clipped_words(pdf: Path) -> list[list[str]]:
    """Per page, the words whose box reaches past the page edges (partly cut off)."""
    tools = find_poppler()
    if tools is None:
        raise RenderToolsMissing(["poppler-utils"])
    proc = subprocess.run(
        [tools["pdftotext"], "-bbox", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    pages = []
    for m in _PAGE.finditer(proc.stdout):
        width, height, body = float(m.group(1)), float(m.group(2)), m.group(3)
        tol = CLIP_TOLERANCE_PT
        cut = []
        for w in _WORD.finditer(body):
            x0, y0, x1, y1 = (float(v) for v in w.group(1, 2, 3, 4))
            if x0 < -tol or y0 < -tol or x1 > width + tol or y1 > height + tol:
                cut.append(html.unescape(w.group(5)))
        pages.append(cut)
    return pages


def _found(text: str, page: str) -> bool:
    want = normalise(text)
    # all-caps styles (cap="all") render the same words in capitals
    return want in page or want.upper() in page


def check_render(pptx: Path, tmp: Path, pdf: Path | None = None) -> RenderReport:
    """Convert pptx to PDF in tmp (or use the given pdf) and compare it with the file."""
    require_tools()
    pptx = Path(pptx)
    if pdf is None:
        pdf = convert_to_pdf(pptx, Path(tmp))
    with zipfile.ZipFile(pptx) as zf:
        slides, slide_size = _read_slides(zf)
    page_texts = pdf_page_texts(pdf)
    visible = [s for s in slides if not s.hidden]
    report = RenderReport(
        pdf=Path(pdf),
        pages=len(page_texts),
        visible_slides=[s.number for s in visible],
        page_texts=page_texts,
    )
    clipped = _clipped_words(pdf)
    for page_no, slide in enumerate(visible, start=1):
        report.off_slide.extend(_off_slide(slide, slide_size))
        if page_no > len(page_texts):
            continue
        page = normalise(page_texts[page_no - 1])
        tree = slide.root.find("p:cSld/p:spTree", NS)
        for shape, para in _visible_paragraphs(tree):
            for segment in _segments(para):
                if RTL_OR_COMPLEX.search(segment):
                    report.unchecked.append(segment)
                elif not _found(segment, page):
                    report.missing.append(MissingText(slide.number, page_no, shape, segment))
        if page_no <= len(clipped) and clipped[page_no - 1]:
            words = clipped[page_no - 1]
            report.clipped.append(
                f"slide {slide.number} (page {page_no}): {len(words)} word(s) cut off at the "
                f"page edge: {words[:6]}"
            )
    return report


def assert_renders(pptx: Path, tmp: Path, pdf: Path | None = None) -> RenderReport:
    """Fail the test with every render problem listed, else return the report."""
    report = check_render(pptx, tmp, pdf)
    if report.problems:
        raise AssertionError(
            f"{Path(pptx).name} does not render as written ({len(report.problems)} problem(s)):\n"
            + "\n".join("  " + p for p in report.problems)
        )
    return report
