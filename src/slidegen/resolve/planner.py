"""Resolve a validated deck into a DeckPlan: data, citations, numbering, generated slides."""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..codes import Code
from ..conventions import (
    AGENDA_ID,
    REFERENCES_ID,
    REFERENCES_TITLE,
    TITLE_ID,
    divider_id,
    number_prefix,
)
from ..errors import Diagnostic, Diagnostics, Pos, SlidegenError, did_you_mean, error
from ..lifecycle import parse_duration
from ..limits import MARKUP_PER_DECK
from ..links import ALLOWED_TEXT, link_problem, mail_link
from ..plan import (
    AgendaContent,
    AgendaItem,
    BulletsContent,
    ChartContent,
    ClosingContent,
    Content,
    DeckPlan,
    ImageContent,
    Pane,
    PlannedSlide,
    Presenter,
    QuoteContent,
    ReferencesContent,
    SectionContent,
    Series,
    Stat,
    StatContent,
    StatementContent,
    TableContent,
    TitleContent,
    TwoColumnContent,
)
from ..schema.model import DeckFile, Section
from ..text import Run, Text
from .data import DataLookup, load_data
from .inline import Cite, Parsed, parse_inline

# Kept for every audience unless their own `audiences` say otherwise (deck-format.md, Audiences).
STRUCTURAL = ("title", "agenda", "references", "closing")


@dataclass
class Pending:
    """Text whose citations are formatted once the whole deck is known."""

    segments: list
    pos: Pos | None = None


@dataclass(eq=False)
class _Scope:
    """What one slide's texts cite and which data they use."""

    cites: list[str] = field(default_factory=list)
    data_cites: list[str] = field(default_factory=list)
    data_keys: list[str] = field(default_factory=list)
    notes_cites: list[str] = field(default_factory=list)


class Planner:
    """Walks the validated deck once; `plan()` returns the DeckPlan for one audience."""

    def __init__(self, deck: DeckFile, path: Path, theme, diags: Diagnostics, scope=None):
        from ..files import Scope

        self.deck = deck
        self.path = path
        self.dir = path.parent
        # where the files the deck names may be, and what they may cost (files.Scope)
        self.files = scope or Scope.for_deck(path)
        self.theme = theme
        self.diags = diags
        self.inputs: list[Path] = [path]
        self.runs = 0  # runs of text made so far (limits.MARKUP_PER_DECK)
        data_files = deck.data_files
        src = deck.src
        raw_files = src.get("data_files") if src else None
        if hasattr(raw_files, "item_pos"):  # a list of files
            where = raw_files.where
        elif raw_files is not None and hasattr(src, "where"):  # `data_files: one.yaml`
            where = lambda i: src.where("data_files")  # noqa: E731
        else:
            where = lambda i: None  # noqa: E731
        self.data = load_data(
            self.dir,
            data_files,
            src.get("data", {}) if src else deck.data,
            where,
            diags,
            self.files,
        )
        self.inputs += [self.dir / f for f in data_files]
        self.lookup = DataLookup(self.data)
        self.references = self._load_references()
        self._scope = _Scope()
        self._highlights: set[str] | None = None

    # ---- references -------------------------------------------------------------------
    def _load_references(self) -> dict[str, Any]:
        from .references.model import reference_from_mapping

        refs: dict[str, Any] = {}
        value = self.deck.references
        src = self.deck.src
        raw = src.get("references") if src else None
        items = value if isinstance(value, list) else [value]
        raw_items = raw if isinstance(raw, list) else [raw]
        for i, item in enumerate(items):
            raw_item = raw_items[i] if i < len(raw_items) else None
            if isinstance(item, str):
                pos = (
                    raw.where(i)
                    if isinstance(raw, list)
                    else (src.where("references") if src else None)
                )
                path = self.dir / item
                self.files.check(path, item, "reference file", pos)
                self.inputs.append(path)
                from .references import load_reference_file

                found = load_reference_file(path, pos, self.files.budget, shown=item)
            else:
                found = {}
                for rid, entry in item.items():
                    pos = raw_item.where_key(rid) if hasattr(raw_item, "where_key") else None
                    found[rid] = reference_from_mapping(
                        rid, entry.model_dump(exclude_none=True), pos
                    )
            for rid, ref in found.items():
                if rid in refs:
                    first = refs[rid].pos
                    where = f" (first defined at {first})" if first else ""
                    raise error(f"reference '{rid}' is defined twice{where}", ref.pos or None)
                refs[rid] = ref
                self._check_link(rid, ref)
        return refs

    def _check_link(self, rid: str, ref) -> None:
        """A reference's URL or DOI that the link allow-list refuses is shown as plain text on
        the references slide, with a warning at the reference."""
        from .references.styles import reference_link

        link = reference_link(ref)
        problem = link_problem(link) if link else None
        if problem:
            what = "doi" if ref.doi else "url"
            shown = link if len(link) <= 80 else link[:79] + "\u2026"
            self.diags.warning(
                f"reference '{rid}': {what} '{shown}' cannot be a link: {problem};"
                " it is shown as text, without a link",
                ref.pos or None,
                f"use {ALLOWED_TEXT}",
            )

    # ---- text -------------------------------------------------------------------------
    def text(self, s: str | None, pos: Pos | None, notes: bool = False) -> Pending | None:
        """Parse inline markup now (placeholders filled); citations stay pending."""
        if s is None:
            return None
        # Errors are collected (and raised at the end of plan()) so one run reports them all.
        try:
            parsed: Parsed = parse_inline(str(s), pos, self.lookup)
        except SlidegenError as exc:
            self.diags.extend(exc.diagnostics)
            return Pending([], pos)
        self.runs += len(parsed.segments)
        if self.runs > MARKUP_PER_DECK:
            raise error(
                f"the deck's texts make more than {MARKUP_PER_DECK:,} runs of differently"
                " formatted text and citations by here; the limit for one deck",
                pos,
                "split the deck, or use less bold, italic and links",
            )
        unknown = [cid for cid in parsed.cites if cid not in self.references]
        for cid in unknown:
            hint = did_you_mean(cid, self.references)
            self._error(f"citation of unknown reference '{cid}'", pos, hint)
        if unknown:
            return Pending([], pos)
        inline = [i for seg in parsed.segments if isinstance(seg, Cite) for i in seg.ids]
        for cid in parsed.cites:
            if notes:
                bucket = self._scope.notes_cites
            else:
                bucket = self._scope.cites if cid in inline else self._scope.data_cites
            if cid not in bucket:
                bucket.append(cid)
        self._scope.data_keys += [k for k in parsed.data_keys if k not in self._scope.data_keys]
        return Pending(parsed.segments, pos)

    def _error(self, message: str, pos: Pos | None, hint: str | None = None) -> None:
        """Collect an error once (a text may be resolved twice, e.g. for an agenda)."""
        self.diags.extend([Diagnostic("error", message, pos, hint)])

    def _field(self, node, key: str) -> Pending | None:
        return self.text(getattr(node, key, None), node.where(key))

    # ---- slides -----------------------------------------------------------------------
    def plan(self, audience: str | None = None, audience_pos: Pos | None = None) -> DeckPlan:
        """The deck resolved for `audience` (None: every slide that is not hidden).

        Raises SlidegenError listing every problem found (unknown audience, data, citations).
        """
        deck = self.deck
        meta = deck.deck
        aud = None
        if audience is not None:
            if audience not in deck.audiences:
                hint = did_you_mean(audience, deck.audiences)
                known = ", ".join(deck.audiences) or "none defined"
                raise error(
                    f"unknown audience '{audience}'; audiences: {known}", audience_pos, hint
                )
            aud = deck.audiences[audience]
        self._check_audience_names()

        slides: list[PlannedSlide] = []
        self._deck_cites: set[str] = set()  # cited anywhere in the deck, whatever the audience
        self._auto_agendas: list[PlannedSlide] = []  # placed agendas that highlight what follows
        self._backups: list[PlannedSlide] = []  # dropped by the audience's tags, kept hidden
        sections = [s for s in deck.sections]
        kept_sections = self._kept_sections(sections, aud, audience)

        self._subtitle = aud.subtitle if aud and aud.subtitle else meta.subtitle
        self._warn_subtitle_replaced(audience, aud)
        if meta.title_slide:
            title = self._generated(TITLE_ID, "title", meta.title, meta.where("title"))
            title.content = TitleContent(self._with_edition(None))
            slides.append(title)
        if meta.agenda:
            agenda = self._generated(AGENDA_ID, "agenda", meta.agenda, meta.where("agenda"))
            agenda.content = AgendaContent(self._agenda_items(kept_sections, None, None))
            slides.append(agenda)
        for number, section in self._numbered(sections, None, kept_sections, top=True):
            slides += self._section_slides(section, number, None, aud, audience, kept_sections)
        self._highlight_what_follows(slides, kept_sections)
        cited_any = any(s.cites for s in slides if not s.hidden)
        has_refs = any(s.layout == "references" for s in slides)
        if meta.references_slide and cited_any and not has_refs:
            refs = self._generated(REFERENCES_ID, "references", REFERENCES_TITLE, None)
            refs.content = ReferencesContent(all=False)
            slides.append(refs)
        slides += self._backups  # `backup: true`: hidden, after everything that is shown
        seen: dict[str, PlannedSlide] = {}
        for s in slides:
            first = seen.setdefault(s.id, s)
            if first is s:
                continue
            own, other = (first, s) if s.generated else (s, first)
            where = (
                f"the generated {other.layout} slide uses it"
                if other.generated
                else f"first used at {other.pos}"
            )
            self._error(f"duplicate slide id '{s.id}' ({where})", own.pos)
        self.diags.raise_if_errors()
        return self._finish(slides, audience, aud)

    def _check_audience_names(self) -> None:
        known = set(self.deck.audiences)

        def check(node, where):
            for name in node.audiences or []:
                if name not in known:
                    raise error(
                        f"unknown audience '{name}';"
                        f" audiences: {', '.join(sorted(known)) or 'none defined'}",
                        where,
                        did_you_mean(name, known),
                    )

        def walk(sections):
            for sec in sections:
                check(sec, sec.where("audiences"))
                for sl in sec.slides:
                    check(sl, sl.where("audiences"))
                walk(sec.sections)

        walk(self.deck.sections)

    def _numbered(self, sections: list[Section], parent: str | None, kept: set[str], top: bool):
        """(label, section) for a list of sections: the top-level ones, or the subsections of
        a section labelled `parent` (None: it shows no number).

        A section's own `number:` is shown as written (nested numbering puts a subsection's
        number of one part after its section's: "2.3"). Otherwise sections are counted in the
        order they are listed in this build: with `numbering: nested` a top-level section is
        numbered as the agenda numbers it (1, 2, 3) and a subsection "2.1", "2.2"; with plain
        numbering a top-level section shows no number and a subsection is numbered within its
        section: "2.1" under a section showing the number 2 (so "2. What works" is not
        followed by "1. Identify and refer"), "1" under one showing no number or a letter."""
        nested = self.deck.deck.numbering == "nested"
        numeric = parent is not None and re.fullmatch(r"\d+(\.\d+)*\.?", parent) is not None
        prefix = parent.rstrip(".") if parent is not None and (nested or numeric) else None
        out = []
        n = 0
        for sec in sections:
            listed = sec.id in kept
            n += listed
            if sec.number is not None:
                label = sec.number
                if nested and prefix and "." not in label:
                    label = f"{prefix}.{label}"
            elif not listed or (top and not nested):
                label = None
            else:
                label = f"{prefix}.{n}" if prefix else str(n)
            out.append((label, sec))
        return out

    def _slide_kept(self, slide, chain: list[Section], aud, name) -> bool:
        """The spec's audience rule for one slide (dividers are decided by `_kept_sections`)."""
        if slide.hidden or any(s.hidden for s in chain):
            return False
        if aud is None:
            return True
        if slide.audiences is not None and name not in slide.audiences:
            return False
        if slide.layout in STRUCTURAL:
            return True  # kept for every audience unless its own `audiences` say otherwise
        if not self._sections_allow(chain, aud, name):
            return False
        tags = [*slide.tags, *(t for s in chain for t in s.tags)]
        if any(t in aud.exclude_tags for t in tags):
            return False
        if aud.include_tags and not any(t in aud.include_tags for t in tags):
            return False
        return True

    def _backup(self, slide, chain: list[Section], aud, name) -> bool:
        """A content slide the audience drops by its tags alone (not one hidden, nor one whose
        own or sections' `audiences` leave the audience out): kept as a hidden backup slide
        when the audience has `backup:`."""
        if slide.layout in (*STRUCTURAL, "section") or slide.hidden:
            return False
        if any(s.hidden for s in chain):
            return False
        if slide.audiences is not None and name not in slide.audiences:
            return False
        return all(s.audiences is None or name in s.audiences for s in chain)

    @staticmethod
    def _sections_allow(chain: list[Section], aud, name) -> bool:
        """The sections' own `audiences` and tags do not rule the audience out."""
        for sec in chain:
            if sec.audiences is not None and name not in sec.audiences:
                return False
            if any(t in aud.exclude_tags for t in sec.tags):
                return False
        return True

    def _kept_sections(self, sections, aud, name) -> set[str]:
        """Ids of the sections that stay: those with a kept content slide (in them or their
        subsections), or with a kept closing or references slide where the sections themselves
        allow the audience (a "Discussion" section holding only a closing slide stays)."""
        kept: set[str] = set()
        for sec in sections:
            self._visit_kept(sec, [], aud, name, kept)
        return kept

    def _visit_kept(self, sec: Section, chain: list[Section], aud, name, kept: set[str]) -> bool:
        # a method, not a closure: a recursive closure holding `self` is a reference cycle,
        # which keeps the whole deck alive until the cyclic collector runs
        chain = [*chain, sec]
        if self._is_holder(sec):
            return False  # a section of its own for an agenda: not listed, no divider
        any_kept = False
        if aud is None and not any(s.hidden for s in chain):
            # Without an audience every slide that is not hidden is kept: a section holding
            # only a hand-placed divider, agenda or title slide stays (with its divider).
            any_kept = any(
                not sl.hidden and sl.layout in ("section", "agenda", "title") for sl in sec.slides
            )
        for sl in sec.slides:
            if sl.layout in ("section", "agenda", "title"):
                continue
            if not self._slide_kept(sl, chain, aud, name):
                continue
            if sl.layout in STRUCTURAL and aud is not None:
                any_kept = any_kept or self._sections_allow(chain, aud, name)
            else:
                any_kept = True
        for sub in sec.sections:
            if self._visit_kept(sub, chain, aud, name, kept):
                any_kept = True
        if any_kept:
            kept.add(sec.id)
        return any_kept

    def _agenda_items(self, kept: set[str], highlight: str | None, explicit) -> tuple:
        if explicit is not None:
            return tuple(
                AgendaItem(str(i), self.text(item, None)) for i, item in enumerate(explicit, 1)
            )
        items = []
        n = 0
        for sec in self.deck.sections:
            if sec.id not in kept:
                continue
            n += 1
            items.append(
                AgendaItem(
                    sec.number if sec.number is not None else str(n),
                    self._field(sec, "title"),
                    self._field(sec, "subtitle"),
                    sec.id == highlight,
                    sec.id,
                )
            )
        return tuple(items)

    def _is_holder(self, sec: Section) -> bool:
        """A section of its own for agenda (or title) slides: no subsections, every slide an
        agenda or title slide, and no agenda's `highlight:` naming it. It is not listed in
        agendas, not numbered and has no divider."""
        if sec.sections or not sec.slides:
            return False
        if not all(sl.layout in ("agenda", "title") for sl in sec.slides):
            return False
        return sec.id not in self._highlighted()

    def _highlighted(self) -> set[str]:
        """The section ids agendas' `highlight:` name (those sections are listed)."""
        if self._highlights is None:
            found: set[str] = set()
            todo = list(self.deck.sections)
            while todo:
                sec = todo.pop()
                found.update(
                    sl.highlight
                    for sl in sec.slides
                    if sl.layout == "agenda" and isinstance(sl.highlight, str)
                )
                todo += sec.sections
            self._highlights = found
        return self._highlights

    def _highlight_what_follows(self, slides: list[PlannedSlide], kept: set[str]) -> None:
        """A placed agenda slide without `highlight` (or `items`) highlights the top-level
        section of the next slide shown after it (other than an agenda or title slide); one
        before any section's slides (an opening agenda), or with nothing after it, highlights
        nothing."""
        if not self._auto_agendas:
            return
        top_of: dict[str, str] = {}

        def walk(sec: Section, top: str) -> None:
            top_of[sec.id] = top
            for sub in sec.sections:
                walk(sub, top)

        for sec in self.deck.sections:
            walk(sec, sec.id)
        tops = [None if s.hidden else top_of.get(s.section_id or "") for s in slides]
        tops = [t if t in kept else None for t in tops]
        for agenda in self._auto_agendas:
            at = next((i for i, s in enumerate(slides) if s is agenda), None)
            if at is None or not any(tops[:at]):
                continue  # dropped, or an opening agenda
            ahead = next(
                (
                    top
                    for s, top in zip(slides[at + 1 :], tops[at + 1 :], strict=True)
                    if top and s.layout not in ("agenda", "title")
                ),
                None,
            )
            if ahead is None:
                continue
            items = tuple(
                dataclasses.replace(item, highlight=item.id == ahead)
                for item in agenda.content.items
            )
            agenda.content = dataclasses.replace(agenda.content, items=items)

    def _generated(self, sid: str, layout: str, title: str, pos: Pos | None) -> PlannedSlide:
        self._scope = _Scope()
        t = self.text(title, pos)
        return PlannedSlide(id=sid, layout=layout, title=t, pos=pos, generated=True)

    def _section_slides(self, sec: Section, number, parent, aud, name, kept, chain=()) -> list:
        chain = [*chain, sec]
        out: list[PlannedSlide] = []
        label = number
        heading = number_prefix(label) + sec.title
        if sec.divider and sec.id in kept:
            self._scope = _Scope()
            div = PlannedSlide(
                id=divider_id(sec.id),
                layout="section",
                title=self.text(heading, sec.where("title")),
                pos=sec.where(),
                section_id=sec.id,
                tags=list(sec.tags),
                generated=True,
            )
            div.content = SectionContent(label, self._field(sec, "subtitle"), len(chain))
            out.append(div)
        for i, slide in enumerate(sec.slides, 1):
            # the number is shown on the divider and in the agenda, not on content slides
            planned = self._slide(slide, sec, sec.title, i, kept, chain)
            self._deck_cites.update(planned.cites)
            if slide.layout == "section":  # a hand-placed divider follows the divider rule
                keep = sec.id in kept and not slide.hidden
                keep = keep and (aud is None or not slide.audiences or name in slide.audiences)
            else:
                keep = self._slide_kept(slide, chain, aud, name)
            if keep:
                out.append(planned)
            elif aud is not None and aud.backup and self._backup(slide, chain, aud, name):
                planned.hidden = planned.backup = True
                (out if aud.backup == "in-place" else self._backups).append(planned)
        for sub_label, sub in self._numbered(sec.sections, label, kept, top=False):
            out += self._section_slides(sub, sub_label, sec, aud, name, kept, chain)
        return out

    def _slide(self, slide, sec: Section, heading: str, index: int, kept, chain) -> PlannedSlide:
        self._scope = _Scope()
        sid = slide.id or f"{sec.id}-{index}"
        title_src = slide.title
        holder = self._is_holder(sec)
        defaults = {
            "closing": "Discussion",
            "references": REFERENCES_TITLE,
            # in a section of its own, an agenda is titled by its section
            "agenda": sec.title if holder else (self.deck.deck.agenda or "Agenda"),
            "title": self.deck.deck.title,
        }
        if title_src is None:
            title_src = defaults.get(slide.layout, heading)
        meta = self.deck.deck
        if slide.title is not None:
            title_pos = slide.where("title")
        elif slide.layout in ("title", "agenda") and not holder:  # deck.title / deck.agenda
            title_pos = meta.where(slide.layout)
        else:  # the section's title (or a fixed default): errors point at the section
            title_pos = sec.where("title")
        title = self.text(title_src, title_pos or slide.where())
        planned = PlannedSlide(
            id=sid,
            layout=slide.layout,
            title=title,
            pos=slide.where(),
            hidden=slide.hidden,
            tags=[*slide.tags, *(t for s in chain for t in s.tags)],
            section_id=sec.id,
            suppress=dict(slide.suppress or {}),
            inherited_title=slide.title is None and slide.layout not in defaults,
            time=parse_duration(slide.time) if slide.time else None,
        )
        planned.content = self._content(slide, kept)
        if slide.layout == "agenda" and slide.highlight is None and slide.items is None:
            self._auto_agendas.append(planned)
        planned.notes = [
            self.text(line, slide.where("notes"), notes=True)
            for line in _note_paragraphs(slide.notes)
        ]
        cite = []
        for cid in slide.cite:
            if cid in self.references:
                cite.append(cid)
            else:
                hint = did_you_mean(cid, self.references)
                self._error(f"citation of unknown reference '{cid}'", slide.where("cite"), hint)
        scope = self._scope
        source_ids = [c for c in [*cite, *scope.data_cites] if c not in scope.cites]
        planned.source = Pending([Cite(tuple(dict.fromkeys(source_ids)))]) if source_ids else None
        planned.cites = list(
            dict.fromkeys([*cite, *scope.cites, *scope.data_cites, *scope.notes_cites])
        )
        planned.data_keys = list(scope.data_keys)
        return planned

    def _content(self, slide, kept) -> Content:
        L = slide.layout
        f = self._field
        if L == "title":
            return TitleContent(self._with_edition(f(slide, "subtitle")))
        if L == "agenda":
            if isinstance(slide.highlight, str) and slide.highlight not in self._section_ids():
                raise error(
                    f"'highlight': no top-level section has id '{slide.highlight}'",
                    slide.where("highlight"),
                    did_you_mean(slide.highlight, self._section_ids()),
                )
            highlight = slide.highlight if isinstance(slide.highlight, str) else None
            return AgendaContent(self._agenda_items(kept, highlight, slide.items))
        if L == "section":
            return SectionContent(None, f(slide, "subtitle"), 1)
        if L == "bullets":
            return BulletsContent(self._bullets(slide.bullets, slide, 0))
        if L in ("statement", "quote"):
            kind = QuoteContent if L == "quote" else StatementContent
            return kind(f(slide, "text"), f(slide, "attribution"))
        if L == "stat":
            owners = [slide] if slide.stats is None else slide.stats
            return StatContent(tuple(Stat(f(s, "value"), f(s, "label")) for s in owners))
        if L == "image":
            return ImageContent(
                image=self._image_path(slide.image, slide.where("image")),
                image_pos=slide.where("image"),
                alt=self._plain(slide.alt, slide.where("alt")),
                decorative=slide.decorative,
                fit=slide.fit,
                caption=f(slide, "caption"),
            )
        if L == "two-column":
            a, b = (int(x) for x in slide.ratio.split("/"))
            return TwoColumnContent(self._pane(slide.left), self._pane(slide.right), (a, b))
        if L == "table":
            return self._table(slide)
        if L == "chart":
            return self._chart(slide)
        if L == "references":
            return ReferencesContent(all=slide.all)
        if L == "closing":
            return ClosingContent(f(slide, "text"))
        raise AssertionError(f"layout {L} has no resolver")  # the model's Literal forbids this

    def _with_edition(self, subtitle: Pending | None) -> Pending | None:
        """A title slide's subtitle (its own, else the build's) followed by `deck.edition`:
        "Briefing for commissioners · Tees Valley edition". Without an edition: unchanged."""
        edition = self.deck.deck.edition
        if not edition:
            return subtitle
        if subtitle is None:
            if not self._subtitle:
                return Pending([Run(edition)])
            subtitle = Pending([Run(self._subtitle)])
        return Pending([*subtitle.segments, Run(" · " + edition)], subtitle.pos)

    def _warn_subtitle_replaced(self, name: str | None, aud) -> None:
        """Say so when an audience's subtitle hides a subtitle an overlay gave the deck (the
        region's label is lost in that audience's build): `deck.edition` is what survives."""
        meta = self.deck.deck
        if not (aud and aud.subtitle and meta.subtitle) or aud.subtitle == meta.subtitle:
            return
        at, deck_file, aud_at = meta.where("subtitle"), meta.where(), aud.where("subtitle")
        if at is None or deck_file is None or at.file == deck_file.file:
            return  # the deck's own subtitle: the audience's replacing it is the rule
        if aud_at is not None and aud_at.file == at.file:
            return  # the overlay set both
        self.diags.warning(
            f"audience '{name}' replaces the subtitle '{meta.subtitle}' that this overlay sets"
            f" with its own, '{aud.subtitle}'",
            at,
            hint=f"to label every version, write `edition: {meta.subtitle}` under deck:"
            " instead; the edition is shown after the subtitle in every build",
        )

    def _section_ids(self) -> list[str]:
        return [sec.id for sec in self.deck.sections]

    def _plain(self, s: str | None, pos) -> str | None:
        if s is None:
            return None
        p = self.text(s, pos)
        return "".join(seg.text for seg in p.segments if isinstance(seg, Run))

    def _image_path(self, name: str, pos) -> Path:
        from ..files import NotAFile, open_regular
        from ..load import display_path

        path = self.files.check(self.dir / name, name, "picture", pos)
        try:
            open_regular(path).close()  # a folder, pipe or device: an error at the key
        except FileNotFoundError:
            raise error(f"picture '{display_path(path)}' not found", pos) from None
        except NotAFile as exc:
            raise error(f"picture '{display_path(path)}' is {exc.kind}, not a file", pos) from None
        except OSError as exc:
            reason = exc.strerror or exc
            raise error(f"cannot read picture '{display_path(path)}': {reason}", pos) from None
        self.inputs.append(path)
        return path

    def _bullets(self, bullets, owner, level: int) -> tuple[tuple[int, Pending], ...]:
        out = []
        # A bullet written as a plain string has no located mapping: use the list's item position.
        src = owner.src.get("bullets") if isinstance(owner.src, dict) else None
        for i, b in enumerate(bullets):
            pos = b.where("text") or b.where() or (src.where(i) if hasattr(src, "where") else None)
            if level > 2:
                raise error("bullets nest 3 levels deep at most", pos)
            out.append((level, self.text(b.text, pos)))
            out += self._bullets(b.bullets, b, level + 1)
        return tuple(out)

    def _pane(self, pane) -> Pane:
        return Pane(
            image=self._image_path(pane.image, pane.where("image")) if pane.image else None,
            image_pos=pane.where("image"),
            alt=self._plain(pane.alt, pane.where("alt")),
            decorative=pane.decorative,
            fit=pane.fit,
            heading=self._field(pane, "heading"),
            bullets=self._bullets(pane.bullets, pane, 0) if pane.bullets is not None else None,
            text=self._field(pane, "text"),
        )

    def _table(self, slide) -> TableContent:
        ncol = len(slide.columns)
        src_rows = slide.src.get("rows") if slide.src else None
        rows = []
        for r, row in enumerate(slide.rows):
            pos = src_rows.where(r) if hasattr(src_rows, "where") else slide.where("rows")
            if len(row) != ncol:
                raise error(
                    f"table row {r + 1} has {len(row)} cells; the table has {ncol} columns",
                    pos,
                )
            cells = []
            for cell in row:
                if isinstance(cell, (int, float)) and not isinstance(cell, bool):
                    cells.append(cell)
                elif cell is None:
                    cells.append(self.text("", pos))
                else:
                    cells.append(self.text(str(cell), pos))
            rows.append(tuple(cells))
        src_cols = slide.src.get("columns") if slide.src else None
        columns = tuple(
            self.text(c, src_cols.where(i) if hasattr(src_cols, "where") else None)
            for i, c in enumerate(slide.columns)
        )
        return TableContent(columns, tuple(rows), self._field(slide, "caption"))

    def _chart(self, slide) -> ChartContent:
        chart = slide.chart
        n = len(chart.categories)
        series = []
        percent = False  # values written "74%": the unit is % unless one is given
        for s in chart.series:
            pos = s.where("values") or s.where()
            if len(s.values) != n:
                raise error(
                    f"series '{s.name}' has {len(s.values)} values; there are {n} categories",
                    pos,
                )
            values = []
            src_values = s.src.get("values") if s.src else None
            for i, v in enumerate(s.values):
                if isinstance(v, str):
                    raw = self._plain(v, pos).strip()
                    percent = percent or raw.endswith("%")
                    text = raw.rstrip("%").replace(",", "")
                    try:
                        number = float(text)
                    except ValueError:
                        raise error(f"series '{s.name}': '{text}' is not a number", pos)
                    if not math.isfinite(number):  # "nan", "inf", or a data value that is one
                        where = src_values.where(i) if hasattr(src_values, "where") else pos
                        found = (
                            f"'{text}'" if v.strip() == raw else f"'{text}' (from '{v.strip()}')"
                        )
                        raise error(f"chart values must be finite numbers; found {found}", where)
                    v = number
                values.append(v)
            series.append(Series(self._plain(s.name, s.where("name")), tuple(values)))
        if chart.type in ("pie", "doughnut") and len(series) > 1:
            raise error(
                f"a {chart.type} chart shows one series; found {len(series)}", chart.where("series")
            )
        content = ChartContent(
            type=chart.type,
            categories=tuple(self._plain(c, chart.where("categories")) for c in chart.categories),
            series=tuple(series),
            stacked=chart.stacked,
            number_format=chart.number_format,
            unit=chart.unit if chart.unit is not None or not percent else "%",
            data_labels=chart.data_labels,
            legend=(
                chart.legend
                if chart.legend is not None
                else len(series) > 1 or chart.type in ("pie", "doughnut")
            ),
            alt=self._plain(slide.alt, slide.where("alt")),
            caption=self._field(slide, "caption"),
        )
        if not content.alt:  # described from its data (resolve/chart_alt.py)
            from .chart_alt import describe_chart

            title = self._plain(slide.title, None)
            content = dataclasses.replace(content, alt=describe_chart(content, title))
        return content

    # ---- finishing: citations become text ---------------------------------------------
    def _finish(self, slides: list[PlannedSlide], audience, aud) -> DeckPlan:
        from .references.styles import assign_year_suffixes, cite_narrative

        meta = self.deck.deck
        style = meta.citation_style
        cited: list[str] = []
        for s in slides:
            if not s.hidden:
                cited += [c for c in s.cites if c not in cited]
        listed_all = any(isinstance(s.content, ReferencesContent) and s.content.all for s in slides)
        listed = list(self.references) if listed_all else cited
        suffixes = assign_year_suffixes([self.references[i] for i in listed], style)

        def final(value):
            return self._final(value, style, suffixes)

        for s in slides:
            s.title = final(s.title)
            s.notes = [final(n) for n in s.notes]
            s.content = final(s.content)
            if s.source is not None:
                ids = s.source.segments[0].ids
                refs = [self.references[i] for i in ids]
                s.source = Text((Run("; ".join(cite_narrative(r, style, suffixes) for r in refs)),))
        if not listed_all:  # `all: true` lists every reference on purpose
            self._warn_uncited(self._deck_cites | set(cited))
        p = meta.presenter
        if p and p.email and (problem := link_problem(mail_link(p.email))):
            self._error(
                f"presenter email '{p.email}' cannot be a mail link: {problem}",
                p.where("email"),
                "write the address alone: name@example.org",
            )
        if p and p.url and (problem := link_problem(p.url)):  # a link on the closing slide
            shown = p.url if len(p.url) <= 80 else p.url[:79] + "\u2026"
            self._error(
                f"presenter url '{shown}' cannot be a link: {problem}",
                p.where("url"),
                f"use {ALLOWED_TEXT}",
            )
        plan = DeckPlan(
            id=meta.id or self.path.stem,
            path=self.path,
            title=meta.title,
            subtitle=(aud.subtitle if aud and aud.subtitle else meta.subtitle),
            edition=meta.edition,
            presenter=Presenter(p.name, p.role, p.email, p.phone, p.url) if p else None,
            organisation=meta.organisation,
            date=meta.date,
            language=meta.language,
            citation_style=style,
            theme=self.theme,
            slides=slides,
            references=self.references,
            cited=cited,
            audience=audience,
            inputs=list(dict.fromkeys(self.inputs)),
            suppress=dict(self.deck.suppress or {}),
            year_suffixes=suffixes,
        )
        from ..lifecycle.attach import attach_lifecycle

        attach_lifecycle(plan, self.deck, aud, self.data)
        return plan

    def _final(self, value, style: str, suffixes):
        """`value` with every Pending text made Text, its citations formatted."""
        if isinstance(value, Pending):
            runs: list[Run] = []
            for seg in value.segments:
                if isinstance(seg, Cite):
                    from .references.styles import cite_narrative, cite_parenthetical

                    refs = [self.references[i] for i in seg.ids]
                    if getattr(seg, "narrative", False):
                        txt = "; ".join(cite_narrative(r, style, suffixes) for r in refs)
                    else:
                        txt = cite_parenthetical(refs, style, suffixes)
                    runs.append(Run(txt, seg.bold, seg.italic))
                else:
                    runs.append(seg)
            return Text(tuple(runs))
        if dataclasses.is_dataclass(value) and not isinstance(value, (Text, Pos)):
            changes = {
                f.name: self._final(getattr(value, f.name), style, suffixes)
                for f in dataclasses.fields(value)
            }
            return dataclasses.replace(value, **changes)
        if isinstance(value, list):
            return [self._final(v, style, suffixes) for v in value]
        if isinstance(value, tuple):
            return tuple(self._final(v, style, suffixes) for v in value)
        return value

    def _warn_uncited(self, cited: set[str]) -> None:
        """Warn about references no slide of the deck cites (an audience dropping a slide is
        not the deck's mistake, so it is not warned about)."""
        for rid, ref in self.references.items():
            if rid not in cited:
                self.diags.warning(
                    f"reference '{rid}' is not cited by any slide", ref.pos, code=Code.REF_UNCITED
                )


def _note_paragraphs(notes: str | None) -> list[str]:
    """Speaker notes: blank lines separate paragraphs; single line breaks are kept as spaces."""
    if not notes:
        return []
    paras, current = [], []
    for line in notes.strip("\n").split("\n"):
        if line.strip():
            current.append(line.strip())
        elif current:
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return paras
