"""Slides kept between builds in one process (``slidegen watch``): a slide whose inputs did not
change is rebuilt from its saved XML instead of being rendered again.

A planned slide's rendered slides (one per continuation part), their notes slides and the
warnings rendering them gave are kept under a key made of everything a renderer reads: the
planned slide (content, title, notes), the number of slides before it, the theme, footer and
language, and the deck-wide fields renderers use (title, presenter, date, references...).
Places in the deck file are left out of the key (a line added above a slide does not make it
new): a reused slide's warnings are moved to the slide's new place, and a slide whose warnings
point anywhere else is not kept. Only slides whose relationships are their layout, their notes
slide and links are kept: a slide with a picture or a chart (parts numbered across the deck) is
always rendered. A restored slide is made of the same parts, with the same names, relationships and
XML, as a rendered one, so the output is byte-identical. Only the newest build's slides are
kept. Corporate templates and custom registries are not cached.
"""

from __future__ import annotations

import ast
import dataclasses
import hashlib
import re
from dataclasses import dataclass

from ..errors import Diagnostics, Pos
from ..ooxml import CT_NOTES_SLIDE, RT_NOTES_MASTER, RT_NOTES_SLIDE, RT_SLIDE, RT_SLIDE_LAYOUT
from ..write import deflate, root_stub, set_released, stub_root
from ..write.package import Part, parse_xml, serialize


@dataclass(frozen=True)
class _Part:
    """One rendered slide: its layout, XML and links, and its notes slide's."""

    layout: object  # the key of the layout in `layouts` / the renderer's base
    xml: bytes
    links: tuple  # ((rId, reltype, url), ...) external relationships, in rId order
    notes_rid: str | None  # the slide's rId of its notes slide (None: no notes)
    notes_xml: bytes | None
    notes_links: tuple
    member: object  # write.Deflated of xml: a released slide is zipped from it
    stub: tuple  # write.root_stub of the slide's root
    notes_member: object = None
    notes_stub: tuple = ()


@dataclass(frozen=True)
class _Kept:
    parts: tuple  # PlannedSlide per rendered slide (continuations split off)
    slides: tuple  # _Part per rendered slide
    diagnostics: tuple
    places: tuple  # repr of each Pos in the planned slide, in order


class SlideKeeper:
    """The kept slides of one BuildCache, used by one render."""

    def __init__(self, cache, context: tuple) -> None:
        self.store = cache.slides  # key -> _Kept, the previous build's slides
        self.context = _digest(context)
        self.now: dict = {}  # this build's slides: they replace the store at the end

    @classmethod
    def for_render(cls, cache, plan, footer, registry_is_default: bool):
        """A keeper for this render, or None when slides are not kept."""
        if cache is None or not cache.keep_slides or not registry_is_default:
            return None
        if plan.theme.template is not None:
            return None
        context = (
            plan.theme,
            footer,
            plan.id,
            plan.title,
            plan.subtitle,
            plan.presenter,
            plan.organisation,
            plan.date,
            plan.language,
            plan.citation_style,
            plan.references,
            plan.cited,
        )
        text = repr(context)
        if " at 0x" in text:  # an object without a value repr: no stable key
            return None
        return cls(cache, _POS.sub("Pos()", text))

    def key(self, planned, index: int):
        """The planned slide's key and its places in the deck file (None: not kept)."""
        text = repr(planned)
        if " at 0x" in text:
            return None
        places = tuple(m.group(0) for m in _POS.finditer(text))
        return _digest((self.context, index, _POS.sub("Pos()", text))), places

    def restore(self, key, maker, layouts, diags: Diagnostics, release: bool = False):
        """(planned parts, slides) of the planned slide, re-made from the kept XML, or None.

        `release`: the slides are made released (render's `release`)."""
        digest, places = key
        kept = self.store.get(digest)
        if kept is None:
            return None
        slides = [
            _restore_slide(maker, layouts[part.layout], part, release) for part in kept.slides
        ]
        if places == kept.places:
            moved, parts = kept.diagnostics, kept.parts
        else:  # the same slide at another place in the deck file
            new = dict(zip(kept.places, places, strict=True))
            moved = tuple(_moved(d, new) for d in kept.diagnostics)
            parts = tuple(_moved_part(p, new) for p in kept.parts)
            kept = dataclasses.replace(kept, diagnostics=moved, parts=parts, places=places)
        for d in moved:
            if d.severity == "error" or d not in diags.items:
                diags.items.append(d)
        self.now[digest] = kept
        return list(parts), slides

    def keep(self, key, parts, slides, layout_keys, diagnostics) -> None:
        """Keep what rendering one planned slide made (when every slide can be re-made)."""
        if key is None or any(d.severity == "error" for d in diagnostics):
            return
        digest, places = key
        if any(d.pos is not None and repr(d.pos) not in places for d in diagnostics):
            return  # a warning about something outside the slide: it could not be moved
        saved = []
        for slide, layout in zip(slides, layout_keys, strict=True):
            part = _saved(slide, layout)
            if part is None:
                return
            saved.append(part)
        self.now[digest] = _Kept(tuple(parts), tuple(saved), tuple(diagnostics), places)

    def finish(self, cache) -> None:
        """Keep this build's slides only (the previous build's that were not used are dropped)."""
        cache.slides = self.now


# a Pos as repr() writes it (file is a str repr: quoted, with escapes)
_POS = re.compile(
    r"Pos\(file=('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"), line=(-?\d+), col=(-?\d+)\)"
)


def _pos(text: str) -> Pos:
    m = _POS.fullmatch(text)
    return Pos(ast.literal_eval(m.group(1)), int(m.group(2)), int(m.group(3)))


def _moved(diagnostic, new: dict):
    """The diagnostic at the slide's new place (its position is one of the slide's)."""
    if diagnostic.pos is None:
        return diagnostic
    return dataclasses.replace(diagnostic, pos=_pos(new[repr(diagnostic.pos)]))


def _moved_part(planned, new: dict):
    """A kept planned part (a continuation) at the slide's new place."""
    if planned.pos is None:
        return planned
    return dataclasses.replace(planned, pos=_pos(new[repr(planned.pos)]))


def _digest(value) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _links(rels, expected: dict) -> tuple | None:
    """External relationships in rId order; None if any internal one is not `expected`
    (rId -> (reltype, part))."""
    links = []
    for r_id, rel in rels.items():
        if rel.external:
            links.append((r_id, rel.reltype, rel.url))
        else:
            want = expected.get(r_id)
            if want is None or want[0] != rel.reltype or want[1] is not rel.target:
                return None
    return tuple(links)


def _saved(slide, layout) -> _Part | None:
    """A rendered slide as a _Part, or None when it relates to parts other than its layout
    and its notes slide (pictures, charts: their parts are numbered across the deck)."""
    part = slide
    rels = part.rels
    layout_part = part.related(RT_SLIDE_LAYOUT)
    expected = {"rId1": (RT_SLIDE_LAYOUT, layout_part)}
    notes_rid = notes_xml = notes_member = None
    notes_stub: tuple = ()
    notes_links: tuple | None = ()
    for r_id, rel in rels.items():
        if not rel.external and rel.reltype == RT_NOTES_SLIDE:
            notes_rid, notes_part = r_id, rel.target
            expected[r_id] = (RT_NOTES_SLIDE, notes_part)
            master = notes_part.related(RT_NOTES_MASTER)
            notes_links = _links(
                notes_part.rels,
                {"rId1": (RT_NOTES_MASTER, master), "rId2": (RT_SLIDE, part)},
            )
            notes_xml = serialize(notes_part.element)
            notes_member, notes_stub = deflate(notes_xml), root_stub(notes_part.element)
    links = _links(rels, expected)
    if links is None or notes_links is None:
        return None
    xml = serialize(part.element)
    return _Part(
        layout,
        xml,
        links,
        notes_rid,
        notes_xml,
        notes_links,
        deflate(xml),
        root_stub(part.element),
        notes_member,
        notes_stub,
    )


def _relate_links(part, links) -> None:
    for r_id, reltype, url in links:
        got = part.relate_to_url(url, reltype)
        if got != r_id:  # pragma: no cover - kept slides are made in their original order
            raise RuntimeError(f"kept slide relationship {r_id} re-made as {got}")


def _restore_slide(maker, layout, kept: _Part, release: bool):
    """Add a slide made from kept XML, as SlideMaker.add_slide + rendering would have.
    `release`: the slide and its notes are made released (write.release_part) from the kept
    compressed bytes, without parsing their XML.
    """
    part = maker.add_slide(layout, stub_root(kept.stub) if release else parse_xml(kept.xml))
    if release:
        set_released(part, kept.member, kept.stub)
    # Relationships in their original order: links and the notes slide interleave by rId.
    notes_at = int(kept.notes_rid[3:]) if kept.notes_rid else None
    before = [x for x in kept.links if notes_at is None or int(x[0][3:]) < notes_at]
    after = kept.links[len(before) :]
    _relate_links(part, before)
    if kept.notes_rid is not None:
        package = part.package
        notes_part = Part(
            package, package.next_partname("/ppt/notesSlides/notesSlide%d.xml"), CT_NOTES_SLIDE
        )
        if release:
            set_released(notes_part, kept.notes_member, kept.notes_stub)
        else:
            notes_part.element = parse_xml(kept.notes_xml)
        notes_part.relate_to(maker.notes_master(), RT_NOTES_MASTER)
        notes_part.relate_to(part, RT_SLIDE)
        _relate_links(notes_part, kept.notes_links)
        got = part.relate_to(notes_part, RT_NOTES_SLIDE)
        if got != kept.notes_rid:  # pragma: no cover
            raise RuntimeError(f"kept notes relationship {kept.notes_rid} re-made as {got}")
    _relate_links(part, after)
    return part
