"""The comparison behind `slidegen pull`: the team's copy against the centre, slide by slide and
key by key, written into the team's overlay (see pull/__init__.py for the whole story)."""

from __future__ import annotations

import dataclasses
import difflib
import re
from pathlib import Path

from ..build import BuildOptions, render_plan, resolve_deck
from ..codes import Code
from ..conventions import AGENDA_ID, DIVIDER_SUFFIX, REFERENCES_ID, TITLE_ID, is_part_of
from ..diff import pair_by_title, pptx_view
from ..errors import Diagnostics, Pos, SlidegenError, error
from ..importer.interpret import slug
from ..importer.read import RawDeck, read_pptx
from ..load import LDict, LList, display_path
from ..origin import PICTURE, as_layout, key_hash, norm, plan_view
from . import Conflict, PullResult, Where, write_temp
from .overlay import OverlayDoc
from .read import NEW_PREFIX, Reading, base_id, read_deck
from .read import is_generated as generated
from .style import Styles, moved_shapes
from .template import PLACEHOLDER, Frozen, has_placeholder, retemplate_value

_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\. (.+)$")
# view keys -> the deck keys they are written as
_SIMPLE = ("title", "text", "attribution", "caption", "alt", "notes", "columns", "rows")
_KEPT = ("tags", "audiences", "suppress")  # a replaced slide keeps the deck slide's


class Puller:
    """One pull: the copy, its origin, where it came from; `run()` returns the PullResult."""

    def __init__(self, edited: Path, origin, where: Where, diags: Diagnostics):
        self.edited = edited
        self.origin = origin
        self.where = where
        self.diags = diags
        self.pos = Pos(str(edited))
        self.conflicts: list[Conflict] = []
        self.changes: list[str] = []
        self.reported: set[tuple[str, str]] = set()  # (slide, key) already warned about
        self.pictures: dict[Path, bytes] = {}
        self.new_ids: dict[str, str] = {}  # the name a new slide was read under -> its id
        self.new_section: dict[str, str] = {}  # new slide id -> its section
        self.lossy = False  # saved by a tool that drops slide names (and charts' alt text)
        self.moved_keys: set[tuple[str, str]] = set()  # keys the centre changed since the copy
        self.written: set[tuple[str, str]] = set()  # keys the overlay now gives the team's text

    # ---- the whole pull -------------------------------------------------------------------
    def run(self) -> PullResult:
        w = self.where
        options = BuildOptions(
            audience=w.audience, overlays=tuple(w.applied), allow_outside=w.allow_outside
        )
        self.resolved = resolve_deck(w.deck, options, Diagnostics())
        self.plan = self.resolved.plan
        self.by_id = {s.id: s for s in self.plan.slides}
        built, _ = render_plan(self.plan, Diagnostics())
        stem = w.target.stem
        tmp = write_temp(built)
        try:
            raw_c = read_pptx(tmp)
            self.styles_c = Styles(tmp)
        finally:
            tmp.unlink(missing_ok=True)
        raw_e = read_pptx(self.edited)
        self.styles_e = Styles(self.edited)
        raw_e, self.copies = self._name(raw_e, raw_c)
        self.e = read_deck(raw_e, self.plan, stem)
        self.c = read_deck(raw_c, self.plan, stem)
        self.width = _slide_width(self.edited)
        others = [o for o in w.applied if o.resolve() != w.target.resolve()]
        overlays = " ".join(f"--overlay {display_path(o)}" for o in [*others, w.target])
        self.doc = OverlayDoc(
            w.target,
            header=(
                f"Overlay for {display_path(w.deck)}, written by `slidegen pull` from"
                f" {self.edited.name}.\nBuild: slidegen build {display_path(w.deck)} {overlays}"
            ),
        )
        self.centre_changed = self._inputs_changed()
        self._compare()
        self._unexpressible()
        after = self.doc.text()
        self._verify(after)
        return PullResult(
            edited=self.edited,
            deck=w.deck,
            overlay=w.target,
            audience=w.audience,
            before=self.doc.original,
            after=after,
            diff=self.doc.diff(display_path(w.target)),
            pictures=dict(self.pictures),
            changes=self.changes,
            conflicts=self.conflicts,
            warnings=list(self.diags.warnings),
            origin=self.origin,
            centre_changed=self.centre_changed,
            overlays=[o for o in w.applied if o.resolve() != w.target.resolve()] + [w.target],
        )

    def warn(self, number: int | None, message: str, slide: str = "", key: str = "") -> None:
        prefix = f"slide {number}: " if number else ""
        self.diags.warning(prefix + message, self.pos, code=Code.IMPORT)
        if slide:
            self.reported.add((slide, key))

    def _inputs_changed(self) -> list[str]:
        """The inputs whose contents changed since the copy was built (from the origin)."""
        if self.origin is None or not self.origin.inputs:
            return []
        from ..origin import origin_of

        now = dict(origin_of(self.plan).inputs)
        then = dict(self.origin.inputs)
        return [n for n in [*then, *(k for k in now if k not in then)] if then.get(n) != now.get(n)]

    # ---- naming the copy's slides ------------------------------------------------------------
    def _name(self, raw_e: RawDeck, raw_c: RawDeck):
        """The copy's slides named by the slide they are (the build names each slide by its id;
        a tool that drops names loses them). Unknown slides are named NEW_PREFIX<n>; a second
        slide with one name is a copy of that slide (new, with its origin)."""
        known = {s.name for s in raw_c.slides if s.name}
        if self.origin is not None:
            known |= {s.id for s in self.origin.slides}
        names: list[str | None] = [None] * len(raw_e.slides)
        copies: dict[str, str] = {}
        used: set[str] = set()
        by_name: dict[str, list[int]] = {}
        for i, s in enumerate(raw_e.slides):
            if s.name and (s.name in known or base_id(s.name) in known):
                by_name.setdefault(s.name, []).append(i)
        built = {s.name: s for s in raw_c.slides if s.name}
        for name, idx in by_name.items():
            keep = idx[0]
            if len(idx) > 1 and name in built:  # the copy that still reads as built is the slide
                want = pptx_view(built[name]).fields
                keep = next((i for i in idx if pptx_view(raw_e.slides[i]).fields == want), idx[0])
            names[keep] = name
            used.add(name)
            for i in idx:
                if i != keep:
                    copies[f"{NEW_PREFIX}{i + 1}"] = base_id(name)
        self.lossy = not any(s.name for s in raw_e.slides)
        if self.lossy:  # names dropped (LibreOffice): match as diff does
            self._match_unnamed(raw_e, raw_c, names, used)
        else:  # slides the copy added that an earlier pull put into the overlay already
            self._match_pulled(raw_e, raw_c, names, used)
        slides = [
            dataclasses.replace(s, name=names[i] or f"{NEW_PREFIX}{i + 1}")
            for i, s in enumerate(raw_e.slides)
        ]
        return dataclasses.replace(raw_e, slides=slides), copies

    def _match_pulled(self, raw_e, raw_c, names, used) -> None:
        """A new slide of the copy that the centre has now (a slide the copy was not built
        with, the same title and text): pulled before, so not new again."""
        if self.origin is None or not self.origin.slides:
            return
        was = {s.id for s in self.origin.slides}
        since = [s for s in raw_c.slides if s.name and base_id(s.name) not in was]
        for i, name in enumerate(names):
            if name is not None:
                continue
            mine = pptx_view(raw_e.slides[i])
            for s in since:
                if s.name in used:
                    continue
                theirs = pptx_view(s)
                if theirs.title == mine.title and _texts(theirs) == _texts(mine):
                    names[i] = s.name
                    used.add(s.name)
                    break

    def _match_unnamed(self, raw_e, raw_c, names, used) -> None:
        a = [pptx_view(s) for s in raw_c.slides if s.name not in used]
        rest = [i for i, n in enumerate(names) if n is None]
        b = [pptx_view(raw_e.slides[i]) for i in rest]
        old = {
            v.key: (v, s)
            for v, s in zip(a, [s for s in raw_c.slides if s.name not in used], strict=True)
        }
        taken: set[str] = set()
        for v, i in zip(b, rest, strict=True):  # the same text: the same slide
            match = next(
                (k for k, (ov, _s) in old.items() if k not in taken and ov.fields == v.fields), None
            )
            if match:
                taken.add(match)
                names[i] = old[match][1].name
        left_a = [v for v in a if v.key not in taken]
        left = [(v, i) for v, i in zip(b, rest, strict=True) if names[i] is None]
        pairing = pair_by_title(left_a, [v for v, _i in left])
        for v, i in left:
            ok = pairing.get(v.key)
            if ok is None:
                continue
            ov, s = old[ok]
            shared = [k for k in v.fields if ov.fields.get(k) == v.fields[k]]
            if shared:  # paired by position with nothing in common: a new slide
                names[i] = s.name
        self.warn(
            None,
            "the copy's slides have lost their names (a tool other than PowerPoint saved it):"
            " slides are matched by their text, title and position",
        )

    # ---- comparing ---------------------------------------------------------------------------
    def _compare(self) -> None:
        e, c = self.e, self.c
        base = [s.id for s in self.origin.slides] if self.origin and self.origin.slides else []
        base = base or list(c.order)
        self._moves = self._moved_in_sections()
        for sid in e.order:
            number = e.numbers[sid]
            if sid.startswith(NEW_PREFIX):
                self._new_slide(sid, number)
            elif is_part_of(sid, REFERENCES_ID):
                self._references(sid, number)
            elif sid in c.views:
                self._changed(sid, number)
                if sid in self._moves:
                    self._move(sid, number)
            else:
                self._centre_removed(sid, number)
        removed = [
            sid
            for sid in base
            if sid not in e.numbers and sid in c.numbers and not is_part_of(sid, REFERENCES_ID)
        ]
        for sid in removed:
            self._removed(sid)
        if any(is_part_of(s, REFERENCES_ID) for s in c.order) and not any(
            is_part_of(s, REFERENCES_ID) for s in e.order
        ):
            self.doc.set(self.doc.top("deck"), "references_slide", False)
            self.changes.append("references slide removed (deck.references_slide: false)")

    def _changed_keys(self, sid: str) -> list[str]:
        """The keys the team changed; conflicts (both changed, differently) are recorded."""
        e, c = self.e.views[sid], self.c.views.get(sid, {})
        stored = self.origin.slide(sid) if self.origin else None
        planned = self.by_id.get(sid)
        now = {k: key_hash(v) for k, v in plan_view(planned, self.plan).items()} if planned else {}
        out = []
        for key in sorted(set(e) | set(c) | set(stored.keys if stored else ())):
            if self.lossy and key.endswith("alt") and key not in e:
                continue  # LibreOffice drops a chart's alt text when it saves: not an edit
            centre_moved = stored is not None and stored.keys.get(key) != now.get(key)
            if centre_moved:
                self.moved_keys.add((sid, key))
            if not centre_moved:
                if e.get(key) != c.get(key):
                    out.append(key)
                continue
            if e.get(key) == c.get(key):
                continue  # the same change on both sides, or the team kept the centre's
            if key.endswith(PICTURE):
                team_changed = True  # cannot tell: the origin hashes the picture file
            else:
                mine = key_hash(e[key]) if key in e else None
                team_changed = mine != stored.keys.get(key)
            if team_changed:
                self.conflicts.append(
                    Conflict(self.e.numbers[sid], sid, key, e.get(key, ""), c.get(key, ""))
                )
                self.reported.add((sid, key))
        return out

    def _changed(self, sid: str, number: int) -> None:
        keys = self._changed_keys(sid)
        conflicts = [k.key for k in self.conflicts if k.slide == sid]
        if conflicts:
            self._note_conflicts(sid, number)
        if not keys:
            return
        if sid == TITLE_ID:
            self._title_slide(keys, number)
        elif sid.endswith(DIVIDER_SUFFIX):
            self._divider(sid, keys, number)
        elif sid == AGENDA_ID:
            self._agenda(keys, number)
        else:
            self._content(sid, keys, number)

    # ---- generated slides --------------------------------------------------------------------
    def _title_slide(self, keys, number) -> None:
        view = self.e.views[TITLE_ID]
        deck = self.doc.top("deck")
        for key in keys:
            if key == "title":
                self.doc.set(deck, "title", self._md_title(TITLE_ID) or view.get("title", ""))
            elif key == "subtitle":
                text = self._without_edition(view.get("subtitle", ""), deck, number)
                audiences = self.resolved.tree.get("audiences") or {}
                aud = audiences.get(self.where.audience) if self.where.audience else None
                if text is None:
                    pass  # only the edition changed
                elif isinstance(aud, dict) and aud.get("subtitle"):
                    item = self.doc.top("audiences")
                    self.doc.set_path(item, (self.where.audience, "subtitle"), text)
                else:
                    self.doc.set(deck, "subtitle", text)
            else:
                self.warn(number, f"the title slide's {key} changed: not kept", TITLE_ID, key)
                continue
            self.changes.append(f"slide {number} title: {key} changed")
            self.written.add((TITLE_ID, key))

    def _without_edition(self, text: str, deck, number: int) -> str | None:
        """The subtitle the team wrote, less `deck.edition` (the title slide shows it after the
        subtitle: "What the evidence tells us · Norfolk edition"). A changed edition is written
        as deck.edition; None when only the edition changed."""
        meta = self.resolved.tree.get("deck") or {}
        edition = meta.get("edition") if isinstance(meta, dict) else None
        if not edition:
            return text
        sep = " · "
        if text == edition:
            return None
        if text.endswith(sep + edition):
            return text[: -len(sep + edition)]
        if sep in text:
            text, new = text.rsplit(sep, 1)
            self.doc.set(deck, "edition", new)
            self.written.add((TITLE_ID, "edition"))
            return text
        self.warn(
            number,
            f"the title slide no longer shows the edition '{edition}' (deck.edition): it is"
            " kept, after the subtitle and in the footer; remove it from the overlay to drop it",
            TITLE_ID,
            "subtitle",
        )
        return text

    def _md_title(self, sid: str) -> str:
        if sid == TITLE_ID:
            return str(self.e.tree.get("deck", {}).get("title", ""))
        return ""

    def _divider(self, sid: str, keys, number) -> None:
        section = sid[: -len(DIVIDER_SUFFIX)]
        view = self.e.views[sid]
        item = self.doc.section_item(section)
        for key in keys:
            if key == "title":
                title = view.get("title", "")
                m = _NUMBERED.match(title)
                planned = self.by_id.get(sid)
                if m and planned is not None and planned.content and planned.content.number:
                    title = m.group(2)
                self.doc.set(item, "title", title)
                self._inheriting(section, title)
            elif key == "subtitle":
                self.doc.set(item, "subtitle", view.get("subtitle", ""))
            else:
                self.warn(number, f"the section divider's {key} changed: not kept", sid, key)
                continue
        self.changes.append(f"slide {number} {sid}: {', '.join(keys)} changed (section {section})")
        self.written |= {(sid, k) for k in keys}

    def _inheriting(self, section: str, title: str) -> None:
        """Slides without a title of their own show their section's: say they will change."""
        for s in self.plan.slides:
            if s.section_id == section and s.inherited_title and s.id in self.e.numbers:
                self.warn(
                    self.e.numbers[s.id],
                    f"{s.id} shows its section's title, so it will read '{title}' too (give it"
                    " a title: in the overlay to keep the old one)",
                    s.id,
                    "title",
                )

    def _agenda(self, keys, number) -> None:
        if keys == ["title"]:
            self.doc.set(self.doc.top("deck"), "agenda", self.e.views[AGENDA_ID].get("title", ""))
            self.changes.append(f"slide {number} agenda: title changed")
            self.written.add((AGENDA_ID, "title"))
            return
        self.warn(
            number,
            "the agenda is made from the sections: its lines are not kept (change the sections'"
            " titles)",
            AGENDA_ID,
            "agenda",
        )

    def _references(self, sid: str, number: int) -> None:
        """Entries the team reworded or added (the list itself follows what slides cite)."""
        if sid != REFERENCES_ID:
            return
        mine, theirs = _entries(self.e.raw), set(_entries(self.c.raw))
        if any(entry not in theirs for entry in mine):
            self.warn(
                number,
                "the references slide is made from the references the slides cite: edits to it"
                " are not kept",
                sid,
                "references",
            )

    # ---- content slides ----------------------------------------------------------------------
    def _source_slide(self, sid: str) -> LDict | None:
        for sec in _walk_sections(self.resolved.tree.get("sections")):
            for sl in sec.get("slides") or []:
                if isinstance(sl, LDict) and sl.get("id") == sid:
                    return sl
        return None

    def _section_of(self, sid: str) -> str | None:
        planned = self.by_id.get(sid)
        if planned is not None:
            return planned.section_id
        return self.new_section.get(sid)

    def _defined_here(self, sid: str) -> bool:
        """Whether the slide is the overlay's own (added by it, not merged into the deck's)."""
        src = self._source_slide(sid)
        target = display_path(self.where.target)
        return src is not None and src.pos is not None and src.pos.file == target

    def _value_of(self, name: str) -> str | None:
        from ..resolve.data import DataLookup

        try:
            return DataLookup(self.resolved.data)(name, None)[0]
        except SlidegenError:
            return None

    def _content(self, sid: str, keys: list[str], number: int) -> None:
        planned = self.by_id[sid]
        record = as_layout(self.e.records.get(sid, {}), planned.layout)
        if record.get("layout", "bullets") != planned.layout or _stat_form_changed(
            record, self._source_slide(sid)
        ):
            self._replace(sid, record, number)
            return
        section = planned.section_id
        src = self._source_slide(sid) or {}
        entry = self.doc.merge_item(section, sid)
        written = []
        stats_done = False
        for key in keys:
            if key == "source":
                self.warn(
                    number,
                    "the source line was changed: not kept (it is made from cite: and the data's"
                    " sources)",
                    sid,
                    key,
                )
                continue
            if key.startswith("stats["):
                if stats_done:
                    continue
                stats_done = True
                self._write_stats(entry, record, src, keys, sid, number)
                written += [k for k in keys if k.startswith("stats[")]
                self.written |= {(sid, k) for k in keys if k.startswith("stats[")}
                continue
            path = _deck_path(key)
            if path is None:
                self.warn(number, f"'{key}' changed: not kept", sid, key)
                continue
            if path[-1] == "image":
                value = self._picture(record, path, sid)
            else:
                value = _get(record, path)
            if path[-1] == "hidden":
                value = bool(value)
                if value:
                    self.warn(
                        number,
                        f"{sid} is hidden in the copy: hidden: true leaves it out of the build",
                        sid,
                        "slide",
                    )
            elif value is None:
                value = _empty_for(path[-1])
            value = self._template(_get(src, path), value, sid, key, number)
            if path[-1] == "chart":
                self._write_chart(entry, value, src.get("chart"))
            elif len(path) == 1:
                self.doc.set(entry, path[0], value)
            else:
                self.doc.set_path(entry, path, value)
            written.append(key)
            self.written.add((sid, key))
        if written:
            self.changes.append(f"slide {number} {sid}: {', '.join(written)} changed")

    def _template(self, source, value, sid, key, number):
        if not has_placeholder(source):
            return value
        value, frozen = retemplate_value(source, value, self._value_of)
        for f in frozen:
            self._frozen(f, sid, key, number)
        return value

    def _frozen(self, f: Frozen, sid: str, key: str, number: int) -> None:
        typed = f" to '{f.typed}'" if f.typed else ""
        self.warn(
            number,
            f"{sid}: the figure {{{{ {f.name} }}}} ({f.value}) in '{key}' was typed over{typed}:"
            " the overlay keeps the typed text, which will not follow the data; to change the"
            f" figure itself, set it under data: in the overlay instead",
            sid,
            f"frozen:{key}",
        )

    def _write_stats(self, entry, record, src, keys, sid, number) -> None:
        stats = record.get("stats")
        if stats is None:
            stats = [{"value": record.get("value"), "label": record.get("label")}]
        if isinstance(src.get("stats"), list):
            value = self._template(src.get("stats"), stats, sid, "stats", number)
            self.doc.set(entry, "stats", value)
            return
        for key in keys:
            m = re.match(r"stats\[1\]\.(value|label)$", key)
            if m:
                field = m.group(1)
                value = self._template(src.get(field), stats[0].get(field) or "", sid, key, number)
                self.doc.set(entry, field, value)

    def _write_chart(self, entry, value: dict, source) -> None:
        """The chart's keys the team changed (what its view compares: type, stacking,
        categories, series); unit, format and the rest stay the deck's."""
        source = source if isinstance(source, dict) else {}
        defaults = {"stacked": False}
        for k in ("type", "stacked", "categories", "series"):
            mine = value.get(k, defaults.get(k))
            if mine != source.get(k, defaults.get(k)):
                self.doc.set_path(entry, ("chart", k), mine)

    def _picture(self, record, path, sid) -> str:
        rel = _get(record, path)
        data = self.e.pictures.get(rel) if rel else None
        if not data:
            return rel or ""
        return self._save_picture(data, Path(rel).suffix, sid)

    def _save_picture(self, data: bytes, suffix: str, sid: str) -> str:
        folder = self.where.target.parent
        stem = self.where.target.stem
        base = f"images/{stem}/{sid}"
        n = 1
        while True:
            rel = f"{base}{'' if n == 1 else f'-{n}'}{suffix or '.png'}"
            target = folder / rel
            if target in self.pictures and self.pictures[target] == data:
                return rel
            if target not in self.pictures and (not target.exists() or target.read_bytes() == data):
                if not target.exists():
                    self.pictures[target] = data
                return rel
            n += 1

    def _replace(self, sid: str, record: dict, number: int) -> None:
        """The slide's layout (or the form of its figures) changed: the team's slide replaces
        it, with the same id and place, and the deck slide's tags and audiences."""
        self.written.add((sid, "*"))
        section = self.by_id[sid].section_id
        src = self._source_slide(sid)
        out = self._new_record(record, sid, src, number)
        out = {"layout": record.get("layout", "bullets"), **out}
        out.update({k: src[k] for k in _KEPT if src is not None and k in src})
        if self._defined_here(sid) or self.doc.slide(sid) is not None:
            # the overlay has lines for it: hide those (kept as written), add the team's slide
            old = self.doc.slide(sid) or self.doc.merge_item(section, sid)
            self.doc.set(old, "hidden", True)
            new_id = self._unique(f"{sid}-{slug(out['layout'])}")
            out = {"id": new_id, "after": sid, **out}
            self.doc.add_slide(section, out, self._comment(number, f"replaces {sid}"))
            self.changes.append(f"slide {number} {sid}: replaced by {new_id} (layout changed)")
            return
        if out["layout"] != self.by_id[sid].layout:  # an item of another layout replaces it
            self.doc.add_slide(section, {"id": sid, **out}, self._comment(number, "new layout"))
            self.changes.append(f"slide {number} {sid}: replaced (layout {out['layout']})")
            return
        self.doc.remove([sid])  # the same layout, its figures in the other form (value/stats)
        placement = self._neighbour(sid)
        self.doc.add_slide(
            section, {"id": sid, **placement, **out}, self._comment(number, "replaced")
        )
        self.changes.append(f"slide {number} {sid}: replaced")

    def _neighbour(self, sid: str) -> dict:
        """after:/before: for a slide put back where `sid` was in its section."""
        for sec in _walk_sections(self.resolved.tree.get("sections")):
            slides = [s for s in sec.get("slides") or [] if isinstance(s, LDict)]
            ids = [s.get("id") for s in slides]
            if sid in ids:
                i = ids.index(sid)
                if i > 0:
                    return {"after": ids[i - 1]}
                if i + 1 < len(ids):
                    return {"before": ids[i + 1]}
        return {}

    # ---- new slides --------------------------------------------------------------------------
    def _new_slide(self, name: str, number: int) -> None:
        record = self.e.records.get(name)
        if record is None:  # read as part of a slide before it
            return
        origin_id = self.copies.get(name)
        source = self._source_slide(origin_id) if origin_id else None
        title = record.get("title") or record.get("layout") or "slide"
        new_id = self._unique(slug(_plain(title)) or f"{self.where.target.stem}-slide")
        self.new_ids[name] = new_id
        section, placement = self._place(name)
        self.new_section[new_id] = section
        out = self._new_record(record, new_id, source, number)
        note = f"a copy of {origin_id}" if origin_id else "new"
        self.doc.add_slide(section, {"id": new_id, **placement, **out}, self._comment(number, note))
        what = f"copy of {origin_id}" if origin_id else "added"
        self.changes.append(f"slide {number} {new_id}: {what} ({_describe(placement, section)})")
        for w in self.e.warnings:
            if not w.message.startswith(f"slide {number}: "):
                continue
            if "transition" in w.message and not self._real_extra("transition", number):
                continue
            self.diags.warning(w.message, self.pos, code=Code.IMPORT)

    def _new_record(self, record: dict, sid: str, source, number: int) -> dict:
        out = {k: v for k, v in record.items() if k not in ("id", "after", "before")}
        for path in _picture_paths(out):
            rel = _get(out, path)
            data = self.e.pictures.get(rel)
            if data:
                _set(out, path, self._save_picture(data, Path(rel).suffix, sid))
        if source is not None:
            for key, value in list(out.items()):
                out[key] = self._template(source.get(key), value, sid, key, number)
        return out

    def _comment(self, number: int, what: str) -> str:
        return f"slidegen pull: slide {number} of {self.edited.name} ({what})"

    def _unique(self, wanted: str) -> str:
        taken = {s.id for s in self.plan.slides} | set(self.new_ids.values())
        taken |= set(_all_ids(self.resolved.tree))
        if self.origin is not None:
            taken |= {s.id for s in self.origin.slides}
        wanted = wanted or "slide"
        if wanted.endswith(DIVIDER_SUFFIX) or wanted in (TITLE_ID, AGENDA_ID, REFERENCES_ID):
            wanted += "-slide"
        out, n = wanted, 2
        while out in taken:
            out = f"{wanted}-{n}"
            n += 1
        return out

    def _place(self, name: str) -> tuple[str, dict]:
        """The section a new slide goes in and its after:/before:, from the slide before it in
        the copy (else the slide after it)."""
        order = self.e.order
        i = order.index(name)
        for prev in reversed(order[:i]):
            if prev in self.new_ids:
                new_id = self.new_ids[prev]
                return self.new_section[new_id], {"after": new_id}
            if prev.endswith(DIVIDER_SUFFIX):
                return self._first_of(prev[: -len(DIVIDER_SUFFIX)])
            if prev in (TITLE_ID, AGENDA_ID) or prev.startswith(NEW_PREFIX):
                continue
            if is_part_of(prev, REFERENCES_ID):
                continue
            section = self._section_of(prev)
            if section is not None and not generated(prev):
                return section, {"after": prev}
        for nxt in order[i + 1 :]:
            section = self._section_of(nxt)
            if nxt.endswith(DIVIDER_SUFFIX):
                return self._first_of(nxt[: -len(DIVIDER_SUFFIX)])
            if section is not None and not generated(nxt) and nxt in self.by_id:
                return section, {"before": nxt}
        first = next((s for s in self.plan.slides if not s.generated and s.section_id), None)
        if first is None:
            raise error("the deck has no slides to place a new slide beside", self.pos)
        return first.section_id, {"before": first.id}

    def _first_of(self, section: str) -> tuple[str, dict]:
        for sec in _walk_sections(self.resolved.tree.get("sections")):
            if sec.get("id") == section:
                ids = [s.get("id") for s in sec.get("slides") or [] if isinstance(s, LDict)]
                return section, ({"before": ids[0]} if ids else {})
        return section, {}

    # ---- removed and moved slides ------------------------------------------------------------
    def _removed(self, sid: str) -> None:
        number_c = self.c.numbers.get(sid)
        stored = self.origin.slide(sid) if self.origin else None
        planned = self.by_id.get(sid)
        if stored is not None and planned is not None:
            now = {k: key_hash(v) for k, v in plan_view(planned, self.plan).items()}
            if now != stored.keys and not generated(sid):
                self.conflicts.append(
                    Conflict(
                        number_c or 0,
                        sid,
                        "slide",
                        "(the team deleted the slide)",
                        "; ".join(f"{k}: {v}" for k, v in self.c.views.get(sid, {}).items()),
                    )
                )
                self.reported.add((sid, "slide"))
                return
        if sid == TITLE_ID:
            self.doc.set(self.doc.top("deck"), "title_slide", False)
            self.changes.append("title slide removed (deck.title_slide: false)")
        elif sid == AGENDA_ID:
            self.doc.set(self.doc.top("deck"), "agenda", None)
            self.changes.append("agenda removed (deck.agenda: null)")
        elif sid.endswith(DIVIDER_SUFFIX):
            section = sid[: -len(DIVIDER_SUFFIX)]
            self.doc.set(self.doc.section_item(section), "divider", False)
            self.changes.append(
                f"{_as_built(number_c)}{sid}: removed (divider: false in section {section})"
            )
        elif self.doc.slide(sid) is not None:  # the overlay has it: hide it, keep its lines
            self.doc.set(self.doc.slide(sid), "hidden", True)
            self.changes.append(
                f"{_as_built(number_c)}{sid}: removed (hidden: true in the overlay's item)"
            )
        else:
            self.doc.remove([sid])
            self.changes.append(f"{_as_built(number_c)}{sid}: removed (remove:)")

    def _centre_removed(self, sid: str, number: int) -> None:
        stored = self.origin.slide(sid) if self.origin else None
        mine = self.e.views.get(sid, {})
        if stored is not None and {k: key_hash(v) for k, v in mine.items()} != stored.keys:
            self.conflicts.append(
                Conflict(number, sid, "slide", _view_text(mine), "(removed by the central deck)")
            )
            self.reported.add((sid, "slide"))

    def _moved_in_sections(self) -> set[str]:
        """Slides the team moved within their section."""
        sections: dict[str, list[str]] = {}
        for sid in self.c.order:
            sec = self._section_of(sid)
            if sec and not generated(sid):
                sections.setdefault(sec, []).append(sid)
        moved: set[str] = set()
        self._e_sections: dict[str, list[str]] = {}
        for sid in self.e.order:
            sec = self._section_of(sid)
            if sec and sid in self.c.views and not generated(sid):
                self._e_sections.setdefault(sec, []).append(sid)
        for sec, ids in self._e_sections.items():
            before = [s for s in sections.get(sec, []) if s in ids]
            sm = difflib.SequenceMatcher(None, before, ids, autojunk=False)
            kept = {x for b in sm.get_matching_blocks() for x in before[b.a : b.a + b.size]}
            moved |= {s for s in ids if s not in kept}
        self._warn_cross_section()
        return moved

    def _warn_cross_section(self) -> None:
        content = [s for s in self.e.order if s in self.c.views and not generated(s)]
        for i, sid in enumerate(content):
            if 0 < i < len(content) - 1:
                p, n = self._section_of(content[i - 1]), self._section_of(content[i + 1])
                mine = self._section_of(sid)
                if p == n and p is not None and mine != p:
                    self.warn(
                        self.e.numbers[sid],
                        f"{sid} was moved into section '{p}': a slide stays in its own section"
                        f" ('{mine}'), so it is kept there",
                        sid,
                        "moved",
                    )

    def _move(self, sid: str, number: int) -> None:
        sec = self._section_of(sid)
        ids = self._e_sections.get(sec, [])
        i = ids.index(sid)
        placement = {"after": ids[i - 1]} if i > 0 else {"before": ids[i + 1]}
        entry = self.doc.merge_item(sec, sid)
        for k in ("after", "before"):
            if k in entry and k not in placement:
                del entry[k]
        key, ref = next(iter(placement.items()))
        self.doc.set(entry, key, ref)
        self.changes.append(f"slide {number} {sid}: moved ({key}: {ref})")

    # ---- what the format cannot say ----------------------------------------------------------
    def _note_conflicts(self, sid: str, number: int) -> None:
        section = self._section_of(sid)
        if section is None or generated(sid):
            return
        entry = self.doc.merge_item(section, sid)
        for c in self.conflicts:
            if c.slide == sid and c.key != "slide":
                text = _wrap(
                    f"slidegen pull: CONFLICT on '{c.key}': the central deck changed it too"
                    f" since {self.edited.name} was built; the central version is kept."
                    f" The team's version: {_quote_line(c.region)}"
                )
                _comment_key(self.doc, entry, text)

    def _unexpressible(self) -> None:
        c_by_name = {s: self.c.numbers[s] for s in self.c.numbers}
        for sid, number in self.e.numbers.items():
            raw = self.e.raw.slides[number - 1]
            for extra in raw.extras:
                if not self._real_extra(extra, number):
                    continue
                self.warn(number, f"{extra}: not kept (slidegen builds none)")
            other = c_by_name.get(sid)
            if other is None:
                continue
            built = self.c.raw.slides[other - 1]
            for name in moved_shapes(raw, built, self.width):
                self.warn(number, f"'{name}' was moved or resized: not kept (the layout places it)")
            for name in self.styles_e.recoloured(number, self.styles_c, other):
                self.warn(number, f"{name} was recoloured: not kept (colours come from the theme)")
        changed = self.styles_e.theme_changes(self.styles_c)
        if changed:
            self.warn(
                None,
                f"the theme's {' and '.join(changed)} were changed in the copy: not kept (change"
                f" the theme, '{self.plan.theme.name}', or give the overlay deck.theme)",
            )

    def _real_extra(self, extra: str, number: int) -> bool:
        """A transition without an effect (as LibreOffice writes on every slide) is none."""
        if "transition" not in extra:
            return True
        shown = self.styles_e.transitions
        return number <= len(shown) and shown[number - 1]

    # ---- checking the result -----------------------------------------------------------------
    def _verify(self, text: str) -> None:
        """Build the deck with the new overlay: it must build, and read back as the copy."""
        w = self.where
        if text == self.doc.original and not self.pictures:
            return
        try:
            tmp = write_temp(text.encode("utf-8"), w.target.parent, suffix=".yaml")
        except OSError:
            self.warn(None, f"could not check the overlay in {w.target.parent}: not writable")
            return
        made = []
        try:
            for path, data in self.pictures.items():
                if not path.exists():
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_bytes(data)
                    made.append(path)
            overlays = [o for o in w.applied if o.resolve() != w.target.resolve()] + [tmp]
            options = BuildOptions(
                audience=w.audience, overlays=tuple(overlays), allow_outside=w.allow_outside
            )
            said = Diagnostics()
            try:
                plan = resolve_deck(w.deck, options, said).plan
                data, _ = render_plan(plan, said)
            except SlidegenError as exc:
                name = tmp.name
                raise SlidegenError(
                    [
                        dataclasses.replace(
                            d,
                            message="pull made an overlay that does not build (nothing was"
                            f" written; please report this): {d.message}",
                            pos=Pos(str(w.target), d.pos.line, d.pos.col)
                            if d.pos and d.pos.file.endswith(name)
                            else d.pos,
                        )
                        for d in exc.diagnostics
                    ]
                )
            for d in said.warnings:  # what a build says about the new overlay, said now
                if d.pos is not None and d.pos.file.endswith(tmp.name):
                    where = Pos(str(w.target), d.pos.line, d.pos.col)
                    self.diags.warning(d.message, where, d.hint, d.code)
            built = write_temp(data)
            try:
                again = read_deck(read_pptx(built), plan, w.target.stem)
            finally:
                built.unlink(missing_ok=True)
        finally:
            tmp.unlink(missing_ok=True)
            for path in made:
                path.unlink(missing_ok=True)
                _remove_empty(path.parent, w.target.parent)
        self._compare_rebuilt(again)

    def _compare_rebuilt(self, again: Reading) -> None:
        for name, number in self.e.numbers.items():
            sid = self.new_ids.get(name, name)
            if name.startswith(NEW_PREFIX) and name not in self.new_ids:
                continue
            if is_part_of(sid, REFERENCES_ID) or (sid, "slide") in self.reported:
                continue
            mine = self.e.views.get(name, {})
            theirs = again.views.get(sid)
            if theirs is None:
                self.warn(number, f"{sid} is not in the deck built with the overlay")
                continue
            for key in sorted(set(mine) | set(theirs)):
                if key.endswith(PICTURE) or key == "source" or (sid, key) in self.reported:
                    continue
                if self.lossy and key.endswith("alt") and key not in mine:
                    continue
                if (name, key) in self.reported or (sid, "agenda") in self.reported:
                    continue
                want = mine.get(key)
                moved = (name, key) in self.moved_keys
                if moved and (name, key) not in self.written and (name, "*") not in self.written:
                    want = self.c.views.get(name, {}).get(key)  # the centre's new text stays
                if want != theirs.get(key):
                    self.warn(
                        number,
                        f"{sid}: '{key}' is not the same when built with the overlay",
                        sid,
                        key,
                    )


# ---- helpers ---------------------------------------------------------------------------------
def _walk_sections(sections):
    for sec in sections or []:
        if isinstance(sec, LDict):
            yield sec
            yield from _walk_sections(sec.get("sections"))


def _all_ids(tree) -> list[str]:
    out = []
    for sec in _walk_sections(tree.get("sections")):
        out.append(str(sec.get("id")))
        out += [str(s.get("id")) for s in sec.get("slides") or [] if isinstance(s, LDict)]
    return out


def _deck_path(key: str) -> tuple | None:
    if key in _SIMPLE or key in ("bullets", "decorative", "hidden", "chart"):
        return (key,)
    if key == PICTURE:
        return ("image",)
    m = re.match(r"^(left|right)\.(heading|bullets|text|alt|decorative|picture)$", key)
    if m:
        return (m.group(1), "image" if m.group(2) == PICTURE else m.group(2))
    return None


def _get(record, path):
    node = record
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        else:
            return None
    return node


def _set(record, path, value) -> None:
    node = record
    for part in path[:-1]:
        node = node.setdefault(part, {})
    node[path[-1]] = value


def _picture_paths(record: dict) -> list[tuple]:
    out = []
    if isinstance(record.get("image"), str):
        out.append(("image",))
    for side in ("left", "right"):
        pane = record.get(side)
        if isinstance(pane, dict) and isinstance(pane.get("image"), str):
            out.append((side, "image"))
    return out


def _empty_for(key: str):
    return [] if key in ("bullets", "rows", "columns") else ""


def _stat_form_changed(record: dict, source) -> bool:
    if record.get("layout") != "stat" or not isinstance(source, dict):
        return False
    many = "stats" in record
    return (isinstance(source.get("stats"), (list, LList))) != many and (many or "value" in source)


def _plain(markup: str) -> str:
    return PLACEHOLDER.sub("", str(markup)).replace("*", "")


def _describe(placement: dict, section: str) -> str:
    if not placement:
        return f"in section {section}"
    key, ref = next(iter(placement.items()))
    return f"{key} {ref}, section {section}"


def _view_text(view: dict) -> str:
    return "; ".join(f"{k}: {v}" for k, v in view.items())


def _quote_line(text: str) -> str:
    return " / ".join(line.strip() for line in text.splitlines() if line.strip()) or "(empty)"


def _comment_key(doc: OverlayDoc, entry, text: str) -> None:
    """A comment above a slide item (the overlay keeps it for a person to decide)."""
    for lst in doc._section_lists():
        for sec in lst:
            slides = sec.get("slides") if isinstance(sec, dict) else None
            if isinstance(slides, list) and any(s is entry for s in slides):
                i = next(j for j, s in enumerate(slides) if s is entry)
                doc.comment_before(slides, i, text)
                return


def _remove_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _slide_width(path: Path) -> int:
    from ..opc import read_member  # within the limits: a copy from elsewhere is untrusted

    try:
        xml = (read_member(path, "ppt/presentation.xml") or b"").decode("utf-8", "replace")
    except SlidegenError:
        return 12192000
    m = re.search(r'<p:sldSz[^>]*cx="(\d+)"', xml)
    return int(m.group(1)) if m else 12192000


def _texts(view) -> dict:
    """A diff view's text fields (pictures left out: a picture is stored again when built)."""
    return {k: v for k, v in view.fields.items() if not k.startswith("picture")}


def _entries(raw) -> list[str]:
    """The reference entries on a file's references slides, as plain text."""
    out = []
    for s in raw.slides:
        if is_part_of(s.name or "", REFERENCES_ID):
            out += [norm(p.text.plain) for b in s.texts() for p in b.paras if p.text.plain.strip()]
    return out


def _as_built(number: int | None) -> str:
    return f"slide {number} as built, " if number else ""


def _wrap(text: str, width: int = 88) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False))
