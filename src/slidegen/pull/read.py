"""Reading a .pptx for `pull`: the importer's reading (importer/read.py) and interpretation
(importer/interpret.py), run with the deck's own references (so "(Sleed et al., 2022)" reads
back as `[@sleed2022]`, the deck's id), once with inline markup (what pull writes) and once as
plain text (what it compares: origin.record_view).

Slides are identified by their name (slidegen writes each slide's id there). A file saved by a
tool that drops the names (LibreOffice) has them given back first: each slide is matched to a
slide of the build it came from as `slidegen diff` matches slides (same text, then title, then
position between matched slides).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from ..conventions import (
    AGENDA_ID,
    DIVIDER_SUFFIX,
    REFERENCES_ID,
    SOURCE,
    SOURCE_PREFIX,
    TITLE_ID,
    is_part_of,
)
from ..errors import Diagnostics
from ..importer.interpret import Interpreter, resolve_highlights
from ..importer.read import RawDeck, RawSlide
from ..origin import norm, record_view
from ..text import Text

NEW_PREFIX = "pull-new-"  # the name a slide with none is read under (then given a real id)
_PART = re.compile(r"^(.*)--(\d+)$")


def base_id(name: str) -> str:
    """A slide name's slide id: "results--2" (part 2 of "results") -> "results"."""
    m = _PART.match(name)
    return m.group(1) if m else name


def is_generated(sid: str) -> bool:
    """Slides slidegen makes itself: title, agenda, references, dividers."""
    return (
        sid in (TITLE_ID, AGENDA_ID)
        or is_part_of(sid, REFERENCES_ID)
        or sid.endswith(DIVIDER_SUFFIX)
    )


# ---- interpretation with the deck's references ---------------------------------------------
class _DeckInterpreter(Interpreter):
    """The importer's interpreter, reading citations as the deck's reference ids."""

    def __init__(self, raw: RawDeck, stem: str, diags: Diagnostics, cites, narrative):
        super().__init__(raw, stem, diags)
        self.ours = True  # the file is a slidegen build (its origin says so), whoever saved it
        self.cites = dict(cites)
        self.narrative = dict(narrative)
        self._refs = {}

    def _references(self, entries) -> None:  # the deck's own references, not a reading of them
        self._refs = {}


class _PlainInterpreter(_DeckInterpreter):
    """... with every text as plain words (no markup): what origin.record_view compares."""

    def md(self, text: Text, whole_plain: bool = False, **_kw) -> str:
        return norm(text.plain)


def citation_maps(plan) -> tuple[dict[str, str], dict[str, str]]:
    """How the plan's references are cited: "Sleed et al., 2022" and "Sleed et al. (2022)" ->
    "sleed2022"."""
    from ..resolve.references.styles import cite_narrative, cite_parenthetical

    style, suffixes = plan.citation_style, plan.year_suffixes
    cites, narrative = {}, {}
    for rid, ref in plan.references.items():
        cites[cite_parenthetical([ref], style, suffixes)[1:-1]] = rid
        narrative[cite_narrative(ref, style, suffixes)] = rid
    return cites, narrative


@dataclass
class Reading:
    """A .pptx read for pull: slides by id (their records, markup and plain), views, pictures."""

    raw: RawDeck
    tree: dict  # the deck tree with markup
    records: dict[str, dict] = field(default_factory=dict)  # slide id -> record (markup)
    plain: dict[str, dict] = field(default_factory=dict)  # slide id -> record (plain)
    views: dict[str, dict[str, str]] = field(default_factory=dict)  # slide id -> view
    numbers: dict[str, int] = field(default_factory=dict)  # slide id -> first slide number
    order: list[str] = field(default_factory=list)  # slide ids in file order (first part)
    pictures: dict[str, bytes] = field(default_factory=dict)  # picture path -> bytes
    warnings: list = field(default_factory=list)  # the importer's, per slide number

    def raw_slide(self, sid: str) -> RawSlide | None:
        n = self.numbers.get(sid)
        return self.raw.slides[n - 1] if n else None


def read_deck(raw: RawDeck, plan, stem: str) -> Reading:
    """Interpret `raw` (its slides named) against the deck of `plan` (citations, ids)."""
    cites, narrative = citation_maps(plan)
    raw = dataclasses.replace(raw, app="slidegen")
    diags = Diagnostics()
    marked = _DeckInterpreter(raw, stem, diags, cites, narrative)
    imported = marked.run()
    resolve_highlights(imported.tree)
    plain_it = _PlainInterpreter(raw, stem, Diagnostics(), cites, narrative)
    plain_tree = plain_it.run().tree
    out = Reading(raw, imported.tree, warnings=list(diags.warnings))
    layouts = {s.id: s.layout for s in plan.slides}
    for pic in imported.pictures:
        out.pictures[pic.rel] = pic.data
    sha_of = {p.rel: sha[:12] for sha, p in plain_it.pictures.items()}
    for record in _slides(imported.tree):
        out.records[record["id"]] = record
    for record in _slides(plain_tree):
        out.plain[record["id"]] = record
    for s in raw.slides:
        sid = base_id(s.name) if s.name else ""
        if not sid or sid in out.numbers:
            continue
        out.numbers[sid] = s.number
        out.order.append(sid)
        if sid in out.plain:
            rec = dict(out.plain[sid])
            rec["source"] = source_line(s)
            out.views[sid] = record_view(rec, sha_of, layouts.get(sid))
        elif sid == TITLE_ID:
            out.views[sid] = title_view(s)
        elif sid.endswith(DIVIDER_SUFFIX) or sid == AGENDA_ID:
            out.views[sid] = divider_view(s) if sid != AGENDA_ID else {"title": norm(s.title.plain)}
    return out


def _slides(tree: dict):
    def walk(sections):
        for sec in sections:
            yield from sec.get("slides", [])
            yield from walk(sec.get("sections", []))

    yield from walk(tree.get("sections", []))


def source_line(s: RawSlide) -> str:
    for b in s.blocks:
        if b.kind != "text":
            continue
        text = " ".join(p.text.plain.strip() for p in b.paras if p.text.plain.strip())
        if b.name == SOURCE or text.startswith(SOURCE_PREFIX):
            return norm(text[len(SOURCE_PREFIX) :] if text.startswith(SOURCE_PREFIX) else text)
    return ""


def title_view(s: RawSlide) -> dict[str, str]:
    view = {"title": norm(s.title.plain)}
    sub = next((b for b in s.texts() if b.role == "subtitle"), None)
    if sub is not None:
        text = norm(" ".join(p.text.plain for p in sub.paras if p.text.plain.strip()))
        if text:
            view["subtitle"] = text
    return {k: v for k, v in view.items() if v}


def divider_view(s: RawSlide) -> dict[str, str]:
    view = {"title": norm(s.title.plain)}
    body = [p.text.plain for b in s.texts() for p in b.paras if p.text.plain.strip()]
    if body:
        view["subtitle"] = norm(" ".join(body))
    return {k: v for k, v in view.items() if v}
