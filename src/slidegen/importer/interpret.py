"""Raw slides -> a deck tree: deck metadata, sections, slides with layouts chosen from content.

Slides slidegen generated itself (title, agenda, section dividers, references) are recognised
and turned back into what made them, so that build -> import -> build gives the same slides.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..codes import Code
from ..conventions import (
    AGENDA_ID,
    ATTRIBUTION,
    DIVIDER_SUFFIX,
    FIGURE,
    LEFT,
    NUMBERED_TITLE,
    PRESENTER,
    QUOTE,
    REFERENCES_ID,
    REVIEWED,
    RIGHT,
    SOURCE,
    SOURCE_PREFIX,
    STATEMENT,
    TITLE_ID,
    auto_number,
    continued_title,
    figure_name,
    is_part_of,
    number_prefix,
    pane_name,
    parse_long_date,
)
from ..errors import Diagnostics, Pos, error
from ..schema.model import SLUG
from ..text import Run, Text
from .markup import to_markup
from .read import Block, Para, RawDeck, RawSlide
from .yamlout import Flow

_FIGURE = re.compile(r"^[^\s]{0,3}[\d][\d.,:/%x×]*[^\s]{0,4}$")
_FILE_NAME = re.compile(r"^[\w\-. ]*\.(png|jpe?g|gif|bmp|tiff?|emf|wmf|svg|webp)$", re.I)
_NUMBERED = NUMBERED_TITLE  # "2. Title", "2.1 Title" (and "2.1. Title" from older builds)
_OPEN_Q = "\u201c\"\u2018'"
_CLOSE_Q = "\u201d\"\u2019'"
_DASHES = ("\u2014 ", "\u2013 ", "- ", "-- ")


@dataclass
class Picture:
    """A picture to write next to the deck: its path relative to the deck, and bytes."""

    rel: str
    data: bytes


@dataclass
class Imported:
    tree: dict
    pictures: list[Picture] = field(default_factory=list)


class Interpreter:
    """One import: keeps the warnings, ids and pictures of the deck being read."""

    def __init__(self, raw: RawDeck, deck_stem: str, diags: Diagnostics):
        self.raw = raw
        self.stem = deck_stem
        self.diags = diags
        self.pos = Pos(str(raw.path))
        self.ids: set[str] = {TITLE_ID, AGENDA_ID, REFERENCES_ID}
        self.pictures: dict[str, Picture] = {}
        self.cites: dict[str, str] = {}  # "Sleed et al., 2022" -> id
        self.narrative: dict[str, str] = {}  # "Sleed et al. (2022)" -> id
        self.ours = raw.by_slidegen

    def warn(self, slide: RawSlide | int | None, message: str) -> None:
        n = slide.number if isinstance(slide, RawSlide) else slide
        prefix = f"slide {n}: " if n else ""
        self.diags.warning(prefix + message, self.pos, code=Code.IMPORT)

    # ---- text ------------------------------------------------------------------------
    def md(self, text: Text, whole_plain: bool = False, indent: bool = False) -> str:
        """Inline markup; `whole_plain`: formatting that covers the whole text is the layout's;
        `indent`: leading spaces are kept (code), otherwise they are trimmed."""
        if whole_plain:
            visible = [r for r in text.runs if r.text.strip()]
            bold = bool(visible) and all(r.bold for r in visible)
            italic = bool(visible) and all(r.italic for r in visible)
            if bold or italic:
                text = Text(
                    tuple(
                        Run(r.text, r.bold and not bold, r.italic and not italic, r.url)
                        for r in text.runs
                    )
                )
        markup = to_markup(text, cites=self.cites)
        return markup.rstrip() if indent else markup.strip()

    @staticmethod
    def lit(s: str) -> str:
        """Plain text from the file (a document title, alt text, a chart label) as deck text:
        the characters the inline language reads as markup escaped."""
        return to_markup(Text.of(s))

    def new_id(self, wanted: str, fallback: str) -> str:
        base = wanted if wanted and re.match(SLUG, wanted) else slug(fallback) or "slide"
        sid, n = base, 2
        while sid in self.ids or sid.endswith(DIVIDER_SUFFIX):
            sid = f"{base}-{n}"
            n += 1
        self.ids.add(sid)
        return sid

    # ---- the whole deck ------------------------------------------------------------------
    def run(self) -> Imported:
        for problem in self.raw.problems:
            self.warn(None, problem)
        for s in self.raw.slides:
            for problem in s.problems:
                self.warn(s, problem)
        slides = list(self.raw.slides)
        if not slides:
            raise error(f"'{self.raw.path}' has no slides: there is nothing to import", self.pos)
        self._branding = self._repeated_pictures(slides)
        first = slides[0]
        all_hidden = all(s.hidden for s in slides)
        if self._is_title(first) and not all_hidden and self._title_only(first):
            slides = slides[1:]
            meta = self._meta(first)
            if first.notes or first.hidden or not slides:
                # kept as a slide of its own (`layout: title`), which can hold notes
                self._title_raw = first
                meta["title_slide"] = False
                slides.insert(0, first)
        else:
            # no title slide to make the deck's (or one holding a table, chart or picture,
            # which is kept as a content slide)
            name = self.raw.core_title or first.title.plain.replace("\n", " ")
            meta = {"title": self.lit(name.strip()) or self.stem, "title_slide": all_hidden}
            if all_hidden:
                self.warn(
                    None,
                    "every slide is hidden (kept `hidden: true`): the deck's generated title"
                    " slide is its only visible slide",
                )
        agenda = None
        if slides and self._is_generated_agenda(slides[0]):
            agenda = slides.pop(0)
            meta["agenda"] = self.md(agenda.title, True)
        agenda_items = self._agenda_items(agenda) if agenda else []
        refs_entries, slides = self._take_references(slides)
        if refs_entries:
            self._references(refs_entries)
        sections = self._sections(slides, agenda_items, agenda)
        deck = {"id": slug(self.stem) or "imported", **meta}
        if self._reviewed:
            deck["evidence"] = self._reviewed
        tree: dict = {"deck": deck}
        if self._refs:
            tree["references"] = self._refs
        tree["sections"] = sections
        return Imported(tree, sorted(self.pictures.values(), key=lambda p: p.rel))

    _refs: dict = {}
    _reviewed: dict = {}
    _title_raw: RawSlide | None = None

    # ---- title slide -> deck metadata -----------------------------------------------------
    def _is_title(self, s: RawSlide) -> bool:
        if self.ours:
            return s.name == TITLE_ID
        return s.title_role == "ctrTitle" or s.layout_type == "title"

    def _subtitle_block(self, s: RawSlide) -> Block | None:
        texts = s.texts()
        sub = next((b for b in texts if b.role == "subtitle"), None)
        if sub is None and not self.ours:
            sub = next((b for b in texts if b.role == "body"), None)
        return sub

    def _title_only(self, s: RawSlide) -> bool:
        """A title slide holds no table or chart (those make it a content slide; a picture
        on a title slide is its decoration: a logo, a background)."""
        return all(b.kind not in ("table", "chart") for b in s.blocks)

    def _meta(self, s: RawSlide) -> dict:
        meta: dict = {"title": self.md(s.title, True) or self.stem}
        texts = [b for b in s.blocks if b.kind == "text"]
        sub = self._subtitle_block(s)
        presenter = next((b for b in texts if b.name == PRESENTER), None) if self.ours else None
        lines = [self.md(p.text, True) for p in sub.paras if p.text] if sub is not None else []
        for b in texts:
            if b is sub or b is presenter:
                continue
            if self.ours:
                self.warn(s, f"text '{_short(b)}' on the title slide is not kept")
            else:  # shown on the title slide: kept there, as lines of the subtitle
                lines += [self.md(p.text, True) for p in b.paras if p.text.plain.strip()]
        lines = [line for line in lines if line]
        if lines:
            meta["subtitle"] = "\n".join(lines)
        if presenter is not None:
            meta.update(self._presenter(presenter))
        for b in s.blocks:
            if b.kind == "other" and not b.decorative:
                self.warn(s, f"{_what(b)} ('{b.name}') on the title slide is not carried over")
            elif b.kind == "picture" and b.sha not in self._branding:
                self.warn(
                    s,
                    f"picture '{b.name}' on the title slide is not carried over"
                    " (a logo or background picture belongs in the theme)",
                )
        return meta

    def _presenter(self, block: Block) -> dict:
        lines = [p for p in block.paras if p.text.plain.strip()]
        out: dict = {}
        person: dict = {}
        if lines and lines[0].bold:
            person["name"] = lines.pop(0).text.plain.strip()
        if lines and " \u00b7 " in lines[-1].text.plain or (lines and _date(lines[-1].text.plain)):
            tail = lines.pop().text.plain.split(" \u00b7 ")
            when = _date(tail[-1])
            if when:
                out["date"] = when
                tail = tail[:-1]
            if tail:
                out["organisation"] = " \u00b7 ".join(tail)
        for p in lines:
            t = p.text.plain.strip()
            if "@" in t and " " not in t and "email" not in person:
                person["email"] = t
            elif "role" not in person:
                person["role"] = t
        if person.get("name"):
            out = {"presenter": person, **out}
        return out

    # ---- agenda -----------------------------------------------------------------------
    def _is_generated_agenda(self, s: RawSlide) -> bool:
        if self.ours:
            return s.name == AGENDA_ID
        return False

    def _agenda_items(self, s: RawSlide) -> list[dict]:
        items = []
        for b in s.texts():
            for p in b.paras:
                t = p.text.plain.strip()
                if not t:
                    continue
                if p.level == 0:
                    m = _NUMBERED.match(t)
                    items.append(
                        {
                            "number": m.group(1) if m else None,
                            "title": m.group(2) if m else t,
                            "subtitle": None,
                            "bold": p.bold,
                        }
                    )
                elif items:
                    items[-1]["subtitle"] = t
        return items

    # ---- references -------------------------------------------------------------------
    def _take_references(self, slides: list[RawSlide]):
        if not self.ours:
            return [], slides
        entries, kept = [], []
        for s in slides:
            if is_part_of(s.name, REFERENCES_ID):
                for b in s.texts():
                    if b.name == REVIEWED:  # "Evidence reviewed ...": deck.evidence, not an entry
                        self._reviewed = _reviewed_dates(" ".join(p.text.plain for p in b.paras))
                        continue
                    entries += [p.text for p in b.paras if p.text.plain.strip()]
                if s.notes:
                    self.warn(s, "speaker notes on the generated references slide are not kept")
            else:
                kept.append(s)
        return entries, kept

    def _references(self, entries: list[Text]) -> None:
        from ..resolve.references.model import reference_from_mapping
        from ..resolve.references.styles import (
            assign_year_suffixes,
            cite_narrative,
            cite_parenthetical,
        )
        from .refs import parse_entries

        found, failed = parse_entries(entries, "harvard")
        for entry in failed:
            self.warn(
                None,
                f"reference '{entry.plain[:70]}' could not be read back exactly;"
                " add it under references: by hand",
            )
        refs = {rid: reference_from_mapping(rid, m) for rid, m in found.items()}
        suffixes = assign_year_suffixes(refs.values(), "harvard")
        for rid, ref in refs.items():
            self.cites[cite_parenthetical([ref], "harvard", suffixes)[1:-1]] = rid
            self.narrative[cite_narrative(ref, "harvard", suffixes)] = rid
        self._refs = {rid: _flow_lists(m) for rid, m in found.items()}

    # ---- sections -----------------------------------------------------------------------
    def _is_divider(self, s: RawSlide) -> bool:
        if self.ours:
            return s.name.endswith(DIVIDER_SUFFIX)
        other = [b for b in s.blocks if b.kind != "text" and b.sha not in self._branding]
        return (s.layout_type == "secHead" or s.layout == "Section Header") and not other

    def _sections(self, slides, agenda_items, agenda) -> list[dict]:
        top_titles = [it["title"] for it in agenda_items]
        p14 = {n: name for name, nums in self.raw.sections for n in nums} if not self.ours else {}
        sections: list[dict] = []
        current_top: dict | None = None
        current: dict | None = None
        pending_items = list(agenda_items)
        sub_count = 0
        p14_name = None
        prev: dict | None = None  # the previous content slide's record (for continuations)
        for s in slides:
            new_p14 = p14.get(s.number)
            if new_p14 is not None and new_p14 != p14_name:
                p14_name = new_p14
                current_top = self._section(self.lit(new_p14), None, None, divider=False)
                sections.append(current_top)
                current, sub_count = current_top, 0
                if self._is_divider(s):
                    self._fill_divider(current_top, s)
                    continue
            if self._is_divider(s):
                sec, number = self._divider_section(s)
                title_plain = _plain_of(sec["title"])
                is_top = p14_name is None and (not top_titles or title_plain in top_titles)
                if is_top:
                    item = next((i for i in pending_items if i["title"] == title_plain), None)
                    if item:
                        pending_items = pending_items[pending_items.index(item) + 1 :]
                    if number is not None:
                        sec["number"] = number
                    sections.append(sec)
                    current_top = current = sec
                    sub_count = 0
                else:
                    if current_top is None:
                        current_top = self._section(self._default_section(), None, None)
                        current_top["divider"] = False
                        sections.append(current_top)
                    sub_count += 1
                    if number is not None and number != auto_number(
                        current_top.get("number"), sub_count
                    ):
                        sec["number"] = number
                    current_top.setdefault("sections", []).append(sec)
                    current = sec
                prev = None
                continue
            # an agenda item with no divider: its section starts at the slide bearing its title
            title_plain = s.title.plain.strip()
            item = next((i for i in pending_items if i["title"] == title_plain), None)
            if item is not None and p14_name is None:
                pending_items = pending_items[pending_items.index(item) + 1 :]
                sec = self._section(item["title"], item["subtitle"], None, divider=False)
                if item["number"]:
                    sec["number"] = item["number"]
                sections.append(sec)
                current_top = current = sec
                sub_count = 0
            if current is None:
                current = current_top = self._section(
                    self._default_section(), None, None, divider=False
                )
                sections.append(current)
            try:
                record = self._slide(s, agenda_items, agenda, prev)
            except Exception as exc:  # a slide unlike any seen: the others still come across
                self._spilled = []
                self.warn(
                    s,
                    f"the slide could not be imported ({type(exc).__name__}: {exc});"
                    " it is not carried over",
                )
                continue
            if record is None:
                continue
            if record is prev:
                continue  # a continuation merged into the previous slide
            current.setdefault("slides", []).append(record)
            prev = record
            current["slides"] += self._spilled  # the slide's further tables and charts
            self._spilled = []
        for item in pending_items:
            self.warn(None, f"agenda item '{item['title']}' matches no section; not kept")
        return [_order_section(sec) for sec in sections]

    def _default_section(self) -> str:
        """The title of the section holding slides before any the file names."""
        title = " ".join(self.raw.core_title.split())
        return self.lit(title) if title and not self.ours else (title or "Opening")

    def _section(self, title: str, subtitle, sid, divider: bool = True) -> dict:
        base = sid if sid and re.match(SLUG, sid) else slug(title) or "section"
        sec_id, n = base, 2
        while sec_id in self.ids:
            sec_id = f"{base}-{n}"
            n += 1
        self.ids.add(sec_id)
        out: dict = {"id": sec_id, "title": title}
        if subtitle:
            out["subtitle"] = subtitle
        if not divider:
            out["divider"] = False
        return out

    def _divider_section(self, s: RawSlide) -> tuple[dict, str | None]:
        title = self.md(s.title, True)
        number = None
        m = _NUMBERED.match(title)
        if m:
            number, title = m.group(1), m.group(2)
        sid = s.name[: -len(DIVIDER_SUFFIX)] if self.ours else None
        sec = self._section(title, None, sid)
        self._fill_divider(sec, s, set_title=False)
        return sec, number

    def _fill_divider(self, sec: dict, s: RawSlide, set_title: bool = True) -> None:
        if set_title and s.title.plain.strip():
            sec["title"] = self.md(s.title, True)
        sec.pop("divider", None)
        body = [p for b in s.texts() for p in b.paras if p.text.plain.strip()]
        if body:
            sec["subtitle"] = " ".join(self.md(p.text, True) for p in body)
        if s.notes:
            self.warn(s, "speaker notes on a section divider are not kept")
        if s.hidden:
            sec["hidden"] = True

    # ---- one content slide -------------------------------------------------------------------
    def _slide(self, s: RawSlide, agenda_items, agenda, prev: dict | None) -> dict | None:
        if s is self._title_raw:
            record: dict = {"id": "title", "layout": "title"}
            if s.notes:
                record["notes"] = notes_block([self.md(n) for n in s.notes])
            if s.hidden:
                record["hidden"] = True
            return record
        blocks = [b for b in s.blocks if not (b.kind == "picture" and b.sha in self._branding)]
        cites: list[str] = []
        notes = [self.md(n) for n in s.notes]
        kept = []
        for b in blocks:
            if (
                b.kind == "text"
                and _plain_block(b).startswith(SOURCE_PREFIX)
                and (b.name == SOURCE or not self.ours)
            ):
                source = _plain_block(b)[len(SOURCE_PREFIX) :]
                ids = [self.narrative.get(part.strip()) for part in source.split("; ")]
                if all(ids):
                    cites += [i for i in ids if i not in cites]
                else:
                    self.warn(s, f"source line '{source}' kept in the speaker notes")
                    notes.append(SOURCE_PREFIX + self.md(Text.of(source)))
                continue
            if b.kind == "other":
                if not b.decorative:
                    self.warn(s, f"{b.what} ('{b.name}') is not carried over")
                continue
            kept.append(b)
        for extra in s.extras:
            self.warn(s, f"{extra} is not carried over")
        title = self.md(s.title, True)
        cont = continued_title(title)
        if cont and prev is not None and self.md_title(prev) == cont:
            if self._merge(prev, s, kept):
                return prev
        graphics = [b for b in kept if b.kind in ("table", "chart")]
        if len(graphics) > 1 and not self.ours:
            kept = [b for b in kept if b not in graphics[1:]]
        record: dict = {"id": self.new_id(s.name if self.ours else "", title or s.layout)}
        body = self._layout(s, kept, agenda_items, agenda)
        record["title"] = title
        if len(graphics) > 1 and not self.ours:
            self._spill(s, title, record["id"], graphics[1:])
        if not title:  # kept without one, rather than showing its section's title
            self.warn(s, "the slide has no title: give it one (`title:`)")
        layout = body.pop("layout", "bullets")
        if layout != "bullets":
            record = {
                "id": record["id"],
                "layout": layout,
                **{k: record[k] for k in record if k != "id"},
            }
        record.update(body)
        if cites:
            record["cite"] = Flow(cites)
        if notes:
            record["notes"] = notes_block(notes)
        if s.hidden:
            record["hidden"] = True
        return record

    _spilled: list = []

    def _spill(self, s: RawSlide, title: str, sid: str, graphics: list[Block]) -> None:
        """A slide's second and further tables and charts, each on a slide of its own after
        it (a slide of the deck format holds one)."""
        self.warn(
            s,
            f"{len(graphics) + 1} tables and charts on one slide: each after the first gets a"
            " slide of its own",
        )
        for n, b in enumerate(graphics, 2):
            body = self._table(s, [b], []) if b.kind == "table" else self._chart(s, [b], [])
            record: dict = {"id": self.new_id("", f"{sid}-{n}"), "layout": body.pop("layout")}
            record["title"] = f"{title} ({n})" if title else ""
            record.update(body)
            if s.hidden:
                record["hidden"] = True
            self._spilled.append(record)

    @staticmethod
    def md_title(record: dict) -> str:
        return record.get("title", "")

    def _merge(self, prev: dict, s: RawSlide, blocks: list[Block]) -> bool:
        """A "(cont.)" slide slidegen split off: its bullets or rows join the first part."""
        layout = prev.get("layout", "bullets")
        if layout == "bullets":
            texts = [b for b in blocks if b.kind == "text"]
            if len(texts) != len(blocks):
                return False
            prev["bullets"] = prev.get("bullets", []) + self._bullets(s, texts)
            return True
        if layout == "table":
            tables = [b for b in blocks if b.kind == "table"]
            if len(tables) != 1:
                return False
            rows = tables[0].rows
            header = [self.md(c) for c in rows[0]] if rows else []
            body_rows = rows[1:] if header == prev.get("columns") else rows
            prev["rows"] = prev.get("rows", []) + [Flow([self.md(c) for c in r]) for r in body_rows]
            return True
        return False

    def _layout(self, s: RawSlide, blocks: list[Block], agenda_items, agenda) -> dict:
        names = {b.name for b in blocks}
        texts = [b for b in blocks if b.kind == "text"]
        tables = [b for b in blocks if b.kind == "table"]
        charts = [b for b in blocks if b.kind == "chart"]
        pictures = [b for b in blocks if b.kind == "picture"]
        if self.ours and any(_in_pane(b) for b in blocks):
            return self._two_column(s, blocks)
        if tables:
            return self._table(s, tables, texts + charts + pictures)
        if charts:
            return self._chart(s, charts, texts + pictures)
        if pictures:
            return self._pictures(s, pictures, texts)
        if self.ours and figure_name(1) in names or (not self.ours and self._looks_stat(texts)):
            return self._stat(s, texts)
        if self.ours and (QUOTE in names or STATEMENT in names):
            box = next(b for b in texts if b.name in (QUOTE, STATEMENT))
            return self._big(s, box, texts, quote=box.name == QUOTE)
        if self.ours and agenda is not None and self._is_agenda_like(texts, agenda_items):
            return self._agenda_slide(texts, agenda_items)
        if self.ours and self._is_closing(texts):
            return self._closing(texts)
        if not self.ours:
            guess = self._guess_big(s, texts)
            if guess:
                return guess
            if (
                len(texts) == 2
                and _side_by_side(texts[0], texts[1])
                and all(b.role == "body" for b in texts)
            ):
                left, right = sorted(texts, key=lambda b: b.box[0])
                return {
                    "layout": "two-column",
                    "left": {"bullets": self._bullets(s, [left])},
                    "right": {"bullets": self._bullets(s, [right])},
                }
        bullets = self._bullets(s, texts)
        return {"layout": "bullets", "bullets": bullets} if bullets else {"layout": "bullets"}

    # ---- layouts ----------------------------------------------------------------------
    def _bullets(self, s: RawSlide, texts: list[Block]) -> list:
        paras = [p for b in texts for p in b.paras if p.text.plain.strip()]
        if not paras:
            return []
        base = min(p.level for p in paras)
        root: list = []
        stack: list[tuple[int, list]] = [(-1, root)]
        clipped = False
        for p in paras:
            level = p.level - base
            if level > 2:
                level, clipped = 2, True
            while stack[-1][0] >= level:
                stack.pop()
            parent = stack[-1][1]
            # a level skipped (0 -> 2) hangs under the nearest shallower bullet
            item = {"text": self.md(p.text, indent=_code_like(p)), "bullets": []}
            parent.append(item)
            stack.append((level, item["bullets"]))
        if clipped:
            self.warn(s, "bullets deeper than 3 levels were moved up to the third level")
        return [_bullet_out(i) for i in root]

    def _looks_stat(self, texts: list[Block]) -> bool:
        figs = [b for b in texts if b.role != "title" and _is_figure_block(b)]
        return bool(figs) and len(texts) <= 2 * len(figs) and len(figs) <= 4

    def _stat(self, s: RawSlide, texts: list[Block]) -> dict:
        stats: list[dict] = []
        for b in texts:
            is_figure = b.name.startswith(FIGURE) if self.ours else _is_figure_block(b)
            if is_figure:
                stats.append({"value": self.md(_block_text(b), True)})
            elif stats and "label" not in stats[-1]:
                stats[-1]["label"] = self.md(_block_text(b), True)
            else:
                self.warn(s, f"text '{_short(b)}' beside the figures is not kept")
        if len(stats) > 4:
            self.warn(s, f"{len(stats) - 4} figure(s) beyond the fourth are not kept")
        if len(stats) == 1:
            return {"layout": "stat", **stats[0]}
        return {"layout": "stat", "stats": stats[:4]}

    def _big(self, s: RawSlide, box: Block, texts: list[Block], quote: bool) -> dict:
        text = _block_text(box)
        if quote:
            text = _strip_quotes(text)
        out: dict = {"layout": "quote" if quote else "statement", "text": self.md(text, quote)}
        for b in texts:
            if b is box:
                continue
            if b.name == ATTRIBUTION or _attribution(b):
                out["attribution"] = self.md(_strip_dash(_block_text(b)))
            else:
                self.warn(s, f"text '{_short(b)}' is not kept")
        return out

    def _guess_big(self, s: RawSlide, texts: list[Block]) -> dict | None:
        paras = [p for b in texts for p in b.paras if p.text.plain.strip()]
        if not paras or len(paras) > 2:
            return None
        first = paras[0].text.plain.strip()
        attribution = paras[1] if len(paras) == 2 else None
        if attribution is not None and not attribution.text.plain.strip().startswith(_DASHES):
            return None
        if first[:1] in _OPEN_Q and first[-1:] in _CLOSE_Q and attribution is not None:
            out = {"layout": "quote", "text": self.md(_strip_quotes(paras[0].text), True)}
            out["attribution"] = self.md(_strip_dash(attribution.text))
            return out
        if _one_sentence(first) and paras[0].level == 0:
            out = {"layout": "statement", "text": self.md(paras[0].text)}
            if attribution is not None:
                out["attribution"] = self.md(_strip_dash(attribution.text))
            return out
        return None

    def _is_agenda_like(self, texts: list[Block], items: list[dict]) -> bool:
        tops = [p.text.plain.strip() for b in texts for p in b.paras if p.level == 0]
        want = [number_prefix(i["number"]) + i["title"] for i in items]
        return bool(items) and tops == want and all(not p.bullet for b in texts for p in b.paras)

    def _agenda_slide(self, texts: list[Block], items: list[dict]) -> dict:
        out: dict = {"layout": "agenda"}
        bold = [
            i for i, p in enumerate(p for b in texts for p in b.paras if p.level == 0) if p.bold
        ]
        if len(bold) == 1 and len(items) > 1:
            out["highlight"] = _HighlightRef(items[bold[0]]["title"])
        return out

    def _is_closing(self, texts: list[Block]) -> bool:
        paras = [p for b in texts for p in b.paras]
        return (
            bool(paras)
            and all(not p.bullet for p in paras)
            and any(p.bold for p in paras)
            and len(texts) == 1
            and texts[0].role == "body"
        )

    def _closing(self, texts: list[Block]) -> dict:
        paras = [p for p in texts[0].paras if p.text.plain.strip()]
        before = []
        for p in paras:
            if p.bold:
                break
            before.append(p)
        out: dict = {"layout": "closing"}
        if before:
            out["text"] = " ".join(self.md(p.text) for p in before)
        return out

    def _table(self, s: RawSlide, tables: list[Block], rest: list[Block]) -> dict:
        if len(tables) > 1:
            self.warn(s, f"{len(tables) - 1} further table(s) not kept: one table per slide")
        rows = tables[0].rows
        out: dict = {"layout": "table", "columns": Flow([self.md(c, True) for c in rows[0]])}
        out["rows"] = [Flow([self.md(c) for c in r]) for r in rows[1:]]
        self._caption(s, out, rest)
        return out

    def _chart(self, s: RawSlide, charts: list[Block], rest: list[Block]) -> dict:
        if len(charts) > 1:
            self.warn(s, f"{len(charts) - 1} further chart(s) not kept: one chart per slide")
        c = charts[0].chart or {}
        kind = c.get("type")
        series_in = c.get("series", [])
        if kind is None or (kind == "doughnut" and len(series_in) > 1):
            what = f"a {c.get('type_name') or 'kind of'} chart"
            if kind == "doughnut":
                what = "a doughnut chart of several series"
            self.warn(s, f"{what} cannot be drawn by slidegen: its data is kept as a table")
            return self._chart_table(s, charts[0], rest)
        if c.get("plots", 1) > 1:
            self.warn(s, "a combination chart is imported as one chart type")
        if kind == "pie" and len(series_in) > 1:
            self.warn(
                s,
                f"a pie chart shows its first series only: {len(series_in) - 1} more"
                " (not drawn in PowerPoint either) not kept",
            )
            series_in = series_in[:1]
        chart: dict = {"type": kind}
        if c.get("stacked") and kind in ("bar", "column", "line"):
            chart["stacked"] = True
        count = max([len(c.get("categories") or [])] + [len(x["values"]) for x in series_in])
        categories = list(c.get("categories") or [])[:count]
        if not categories:
            categories = [str(i) for i in range(1, count + 1)] or ["1"]
        categories += [""] * (count - len(categories))
        chart["categories"] = Flow([self.lit(c) for c in categories])
        series = []
        for ser in series_in:
            values = [_num(v) for v in ser["values"]][: len(categories)]
            values += [None] * (len(categories) - len(values))
            series.append({"name": self.lit(ser["name"] or "Series"), "values": Flow(values)})
        chart["series"] = series or [{"name": "Series", "values": Flow([None] * len(categories))}]
        if c.get("number_format"):
            chart["number_format"] = c["number_format"]
        out: dict = {"layout": "chart", "chart": chart}
        if charts[0].alt.strip():
            out["alt"] = self.lit(" ".join(charts[0].alt.split()))
        self._caption(s, out, rest)
        return out

    def _chart_table(self, s: RawSlide, block: Block, rest: list[Block]) -> dict:
        """A chart the deck format cannot draw, as the table of its data."""
        c = block.chart or {}
        series = c.get("series") or []
        if any("x" in ser for ser in series):  # scatter, bubble: x and y per point
            columns = [self.lit(f"{ser['name']} {axis}") for ser in series for axis in ("x", "y")]
            count = max((len(ser["values"]) for ser in series), default=0)
            rows = [
                [
                    _num(v[i]) if i < len(v) else None
                    for ser in series
                    for v in (ser.get("x") or [], ser["values"])
                ]
                for i in range(count)
            ]
        else:
            columns = ["", *(self.lit(ser["name"]) for ser in series)]
            cats = list(c.get("categories") or [])
            count = max([len(cats)] + [len(ser["values"]) for ser in series])
            cats += [str(i) for i in range(len(cats) + 1, count + 1)]
            rows = [
                [
                    self.lit(cats[i]),
                    *(_num(ser["values"][i]) if i < len(ser["values"]) else None for ser in series),
                ]
                for i in range(count)
            ]
        out: dict = {"layout": "table", "columns": Flow(columns or [""])}
        out["rows"] = [Flow(r) for r in rows]
        texts = [b for b in rest if b.kind == "text"]
        if c.get("title") and not texts:
            out["caption"] = self.md(Text.of(c["title"]))
        self._caption(s, out, rest)
        return out

    def _caption(self, s: RawSlide, out: dict, rest: list[Block]) -> None:
        texts = [b for b in rest if b.kind == "text"]
        if texts:
            out["caption"] = " ".join(
                self.md(p.text) for b in texts for p in b.paras if p.text.plain.strip()
            )
        for b in rest:
            if b.kind != "text":
                self.warn(s, f"{_what(b)} beside the {out['layout']} is not kept")

    def _pictures(self, s: RawSlide, pictures: list[Block], texts: list[Block]) -> dict:
        if len(pictures) == 1 and not any(
            len([p for p in b.paras if p.text.plain.strip()]) > 1 for b in texts
        ):
            pic = pictures[0]
            out: dict = {"layout": "image", **self._picture(s, pic)}
            if texts:
                out["caption"] = " ".join(
                    self.md(p.text) for b in texts for p in b.paras if p.text.plain.strip()
                )
            return out
        panes = sorted([*pictures[:2], *texts[:1]], key=lambda b: b.box[0])[:2]
        for b in [*pictures[2:], *texts[1:]]:
            if b not in panes:
                self.warn(s, f"{_what(b)} not kept: a two-column slide holds two panes")
        if len(panes) == 1:
            panes.append(Block("text"))
        left, right = (self._pane(s, b) for b in panes)
        return {"layout": "two-column", "left": left, "right": right}

    def _two_column(self, s: RawSlide, blocks: list[Block]) -> dict:
        """slidegen's own two-column slide: "Left/Right heading", "content" and "picture"."""
        out: dict = {"layout": "two-column"}
        for side in (LEFT, RIGHT):
            pane: dict = {}
            for b in blocks:
                if b.name == pane_name(side, "heading"):
                    pane["heading"] = self.md(_block_text(b), True)
                elif b.name == pane_name(side, "picture"):
                    pane.update(self._picture(s, b))
                elif b.name == pane_name(side, "content") and b.kind == "text":
                    paras = [p for p in b.paras if p.text.plain.strip()]
                    if paras and all(not p.bullet for p in paras):
                        pane["text"] = " ".join(self.md(p.text) for p in paras)
                    else:
                        pane["bullets"] = self._bullets(s, [b])
            out[side.lower()] = pane
        for b in blocks:
            if not _in_pane(b):
                self.warn(s, f"{_what(b)} beside the two panes is not kept")
        return out

    def _pane(self, s: RawSlide, b: Block) -> dict:
        if b.kind == "picture":
            return self._picture(s, b)
        return {"bullets": self._bullets(s, [b])} if b.paras else {"text": " "}

    def _picture(self, s: RawSlide, b: Block) -> dict:
        pic = self.pictures.get(b.sha)
        if pic is None:
            ext = (b.ext or "png").lower()
            n = len(self.pictures) + 1
            pic = Picture(f"images/{slug(self.stem) or 'deck'}/picture-{n}.{ext}", b.image)
            self.pictures[b.sha] = pic
        out: dict = {"image": pic.rel}
        alt = " ".join(b.alt.split())
        if _FILE_NAME.match(alt):  # a picture's file name is no description (python-pptx's default)
            alt = ""
        if b.decorative:
            out["decorative"] = True
        elif alt:
            out["alt"] = self.lit(alt)
        else:
            out["decorative"] = True
            self.warn(s, f"picture '{b.name}' has no alt text: marked decorative; describe it")
        return out

    def _repeated_pictures(self, slides: list[RawSlide]) -> set[str]:
        count: dict[str, int] = {}
        for s in slides:
            for sha in {b.sha for b in s.blocks if b.kind == "picture"}:
                count[sha] = count.get(sha, 0) + 1
        repeated = {sha for sha, n in count.items() if n >= 3 and n >= len(slides) // 2}
        if repeated:
            self.warn(
                None,
                "a picture repeated on most slides (a logo?) is left out: put it in the theme",
            )
        return repeated


class _HighlightRef(str):
    """A section title standing for its id until the sections are known."""


def resolve_highlights(tree: dict) -> None:
    """Agenda `highlight:` values name sections by title during import; make them ids."""
    by_title = {}

    def walk(secs):
        for sec in secs:
            by_title.setdefault(_plain_of(sec["title"]), sec["id"])
            walk(sec.get("sections", []))

    walk(tree["sections"])

    def fix(secs):
        for sec in secs:
            for sl in sec.get("slides", []):
                if isinstance(sl.get("highlight"), _HighlightRef):
                    target = by_title.get(str(sl["highlight"]))
                    if target:
                        sl["highlight"] = target
                    else:
                        del sl["highlight"]
            fix(sec.get("sections", []))

    fix(tree["sections"])


# ---- helpers -----------------------------------------------------------------------------------
def slug(text: str) -> str:
    """'The Anna Freud Centre review' -> 'the-anna-freud-centre-review' (at most 6 words)."""
    import unicodedata

    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", s)
    return "-".join(words[:6])[:60].strip("-")


def notes_block(paras: list[str]) -> str:
    """Speaker notes as a `|` block: paragraphs apart, long lines wrapped (joined on build)."""
    import textwrap

    out = []
    for p in paras:
        if "  " in p or len(p) <= 90:
            out.append(p)
        else:
            out.append(
                "\n".join(textwrap.wrap(p, 90, break_long_words=False, break_on_hyphens=False))
            )
    return "\n\n".join(out) + "\n"


def _flow_lists(m: dict) -> dict:
    return {
        k: (Flow(v) if k in ("authors", "editors") and len(v) <= 2 else v) for k, v in m.items()
    }


def _order_section(sec: dict) -> dict:
    if isinstance(sec.get("number"), str) and sec["number"].isdigit():
        sec["number"] = int(sec["number"])
    if sec.get("sections"):
        sec["sections"] = [_order_section(s) for s in sec["sections"]]
    order = ["id", "title", "subtitle", "number", "divider", "hidden", "slides", "sections"]
    return {k: sec[k] for k in order if k in sec}


def _bullet_out(item: dict):
    if item["bullets"]:
        return {"text": item["text"], "bullets": [_bullet_out(b) for b in item["bullets"]]}
    return item["text"]


def _code_like(p: Para) -> bool:
    """Text whose leading spaces matter: in a fixed-width font, or indented by two or more."""
    return p.mono or p.text.plain.startswith(("  ", "\t"))


def _plain_block(b: Block) -> str:
    return " ".join(p.text.plain.strip() for p in b.paras if p.text.plain.strip())


def _block_text(b: Block) -> Text:
    runs: list[Run] = []
    for p in b.paras:
        if p.text.plain.strip():
            if runs:
                runs.append(Run(" "))
            runs += p.text.runs
    return Text(tuple(runs))


def _short(b: Block) -> str:
    t = _plain_block(b)
    return t if len(t) <= 50 else t[:47] + "..."


def _what(b: Block) -> str:
    return {"picture": "a picture", "table": "a table", "chart": "a chart", "text": "text"}.get(
        b.kind, b.what or "a shape"
    )


def _plain_of(markup: str) -> str:
    from ..resolve.inline import strip_markup

    return strip_markup(markup)


def _in_pane(b: Block) -> bool:
    """A shape of one of a two-column slide's panes ("Left heading", "Right content"...)."""
    return b.name.startswith((pane_name(LEFT, ""), pane_name(RIGHT, "")))


def _is_figure_block(b: Block) -> bool:
    paras = [p for p in b.paras if p.text.plain.strip()]
    return len(paras) == 1 and bool(_FIGURE.match(paras[0].text.plain.strip()))


def _strip_quotes(t: Text) -> Text:
    runs = list(t.runs)
    if not runs:
        return t
    first, last = runs[0], runs[-1]
    if first.text[:1] in _OPEN_Q:
        runs[0] = Run(first.text[1:], first.bold, first.italic, first.url)
    last = runs[-1]
    if last.text[-1:] in _CLOSE_Q:
        runs[-1] = Run(last.text[:-1], last.bold, last.italic, last.url)
    return Text(tuple(r for r in runs if r.text))


def _strip_dash(t: Text) -> Text:
    runs = list(t.runs)
    if runs:
        for d in _DASHES:
            if runs[0].text.startswith(d):
                runs[0] = Run(runs[0].text[len(d) :], runs[0].bold, runs[0].italic, runs[0].url)
                break
    return Text(tuple(r for r in runs if r.text))


def _attribution(b: Block) -> bool:
    return _plain_block(b).startswith(_DASHES)


def _one_sentence(s: str) -> bool:
    if len(s.split()) > 40:
        return False
    inner = s.rstrip(".!?")
    return not re.search(r"[.!?] [A-Z]", inner)


def _side_by_side(a: Block, b: Block) -> bool:
    (ax, _, aw, _), (bx, _, bw, _) = a.box, b.box
    return aw > 0 and bw > 0 and (ax + aw <= bx or bx + bw <= ax)


def _num(v):
    import math

    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    if not math.isfinite(f):
        return None
    return int(f) if f.is_integer() and abs(f) < 1e15 else f


def _date(text: str) -> dt.date | None:
    return parse_long_date(text)


def interpret(raw: RawDeck, stem: str, diags: Diagnostics) -> Imported:
    """The deck tree (and its pictures) for a read .pptx."""
    it = Interpreter(raw, stem, diags)
    it._refs = {}
    it._spilled = []
    result = it.run()
    resolve_highlights(result.tree)
    return result


__all__ = ["Imported", "Picture", "interpret", "slug", "notes_block", "Path", "Para"]


def _reviewed_dates(text: str) -> dict:
    """`deck.evidence` from a references slide's "Evidence reviewed 1 November 2026; next
    review due 1 November 2027" line (slidegen.lifecycle.attach writes it)."""
    out = {}
    for key, label in (("reviewed", "Evidence reviewed "), ("next_review", "next review due ")):
        m = re.search(re.escape(label) + r"(\d{1,2} [A-Za-z]+ \d{4})", text)
        day = parse_long_date(m.group(1)) if m else None
        if day is not None:  # else not a date after all: left for the author
            out[key] = day
    return out
