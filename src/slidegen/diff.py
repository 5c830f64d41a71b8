"""`slidegen diff`: what changed between two decks (or two built .pptx files), slide by slide.

Decks are compared after resolving (data filled in, citations formatted) and matched by slide
id; data values are compared key by key and each changed value lists every slide that shows it.
.pptx files are matched by slide name (slidegen writes the slide id there) when both files
have one on every slide, otherwise by title, then by position between matched slides.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .conventions import (
    REFERENCES_ID,
    REFERENCES_TITLE,
    SOURCE,
    SOURCE_PREFIX,
    is_numbered_part,
    is_part_of,
)
from .errors import Diagnostics, Pos, error
from .text import Text


@dataclass
class SlideView:
    """One slide reduced to named text fields, for comparison."""

    key: str
    id: str
    number: int
    title: str
    layout: str
    fields: dict[str, str]
    data_keys: list[str] = field(default_factory=list)


@dataclass
class FieldChange:
    """One changed field of a slide, with a word-level diff of its text."""

    field: str
    old: str | None
    new: str | None
    words: list[tuple[str, str]]  # (op, text): op is "equal", "delete" or "insert"


@dataclass
class SlideChange:
    """A slide added, removed, moved or changed, with its numbers in the old and new version."""

    status: str  # "added", "removed", "changed" or "moved"
    id: str
    title: str
    old_number: int | None
    new_number: int | None
    moved: bool = False
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class DataChange:
    """A data value (and its sources) that changed, with every slide that shows it."""

    key: str
    old: Any
    new: Any
    old_cite: list[str]
    new_cite: list[str]
    slides: list[dict]  # {"id", "number", "title"}: every slide that shows the value


@dataclass
class Report:
    """Everything that changed between two decks or two .pptx files."""

    old: str
    new: str
    kind: str  # "deck" or "pptx"
    slides: list[SlideChange] = field(default_factory=list)
    audience: str | None = None  # decks: the version compared (--audience)
    overlays: list[str] = field(default_factory=list)  # decks: applied to both (--overlay)
    data: list[DataChange] = field(default_factory=list)
    references_added: list[str] = field(default_factory=list)
    references_removed: list[str] = field(default_factory=list)
    references_changed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when anything at all differs (the exit status of `slidegen diff`)."""
        return bool(
            self.slides
            or self.data
            or self.references_added
            or self.references_removed
            or self.references_changed
        )

    def to_json(self) -> dict:
        """The report as `slidegen diff --format json` prints it."""
        out = asdict(self)
        for s in out["slides"]:
            for c in s["changes"]:
                c["words"] = [{"op": op, "text": t} for op, t in c["words"]]
        out["changed"] = self.changed
        return out


# ---- entry point ---------------------------------------------------------------------------
def diff_paths(
    old: Path,
    new: Path,
    diags: Diagnostics | None = None,
    audience: str | None = None,
    overlays: tuple[Path, ...] = (),
) -> Report:
    """Compare two decks, or two .pptx files (a deck beside a .pptx is built first). A deck is
    resolved for `audience`, with `overlays` applied (the same to both: a region's version of
    two evidence updates)."""
    old, new = Path(old), Path(new)
    for p in (old, new):
        if not p.exists():
            raise error(f"'{p}' not found")
    diags = diags if diags is not None else Diagnostics()
    overlays = tuple(Path(o) for o in overlays)
    if not _is_pptx(old) and not _is_pptx(new):
        return diff_decks(old, new, diags, audience, overlays)
    with tempfile.TemporaryDirectory(prefix="slidegen-diff-") as tmp:
        a = old if _is_pptx(old) else _built(old, Path(tmp) / "old.pptx", audience, overlays)
        b = new if _is_pptx(new) else _built(new, Path(tmp) / "new.pptx", audience, overlays)
        report = diff_pptx(a, b)
    report.old, report.new = str(old), str(new)
    if not (_is_pptx(old) and _is_pptx(new)):
        report.audience, report.overlays = audience, [str(o) for o in overlays]
    return report


def _is_pptx(p: Path) -> bool:
    """A PowerPoint file (any of its kinds, whatever its name) rather than a deck."""
    from .importer.package import reads_as_deck

    return not reads_as_deck(p)


def _built(deck: Path, out: Path, audience=None, overlays=()) -> Path:
    from .build import BuildOptions, build

    build(deck, BuildOptions(output=out, audience=audience, overlays=tuple(overlays)))
    return out


# ---- decks ----------------------------------------------------------------------------------
def _plan(path: Path, diags: Diagnostics, audience=None, overlays=()):
    """(DeckPlan, merged data) for a deck as a build would see it: for `audience` (None:
    every slide), with `overlays` applied."""
    from .build import BuildOptions, load_and_validate, with_cobrand_logo
    from .resolve.planner import Planner
    from .schema.theme import load_theme

    deck, _tree = load_and_validate(path, BuildOptions(overlays=tuple(overlays)), diags)
    theme = load_theme(deck.deck.theme, path.parent, deck.deck.where("theme"), diags)
    if deck.deck.logo:
        theme = with_cobrand_logo(theme, deck.deck, path.parent)
    planner = Planner(deck, path, theme, diags)
    plan = planner.plan(audience)
    diags.raise_if_errors()
    return plan, planner.data


def diff_decks(
    old: Path,
    new: Path,
    diags: Diagnostics | None = None,
    audience: str | None = None,
    overlays: tuple[Path, ...] = (),
) -> Report:
    """Compare two deck files: slides by id, data by key, references by id; each resolved
    for `audience` with `overlays` applied."""
    from .resolve.references.styles import format_entry

    diags = diags if diags is not None else Diagnostics()
    old_plan, old_data = _plan(old, diags, audience, overlays)
    new_plan, new_data = _plan(new, diags, audience, overlays)
    a = [_deck_view(old_plan, s, i) for i, s in enumerate(old_plan.slides, 1)]
    b = [_deck_view(new_plan, s, i) for i, s in enumerate(new_plan.slides, 1)]
    report = Report(str(old), str(new), "deck")
    report.audience, report.overlays = audience, [str(o) for o in overlays]
    report.slides = compare_slides(a, b, {v.key: v.key for v in b})
    report.data = _data_changes(old_data, new_data, a, b)
    old_refs, new_refs = old_plan.references, new_plan.references
    report.references_added = [r for r in new_refs if r not in old_refs]
    report.references_removed = [r for r in old_refs if r not in new_refs]
    style_a, style_b = old_plan.citation_style, new_plan.citation_style
    report.references_changed = [
        r
        for r in new_refs
        if r in old_refs
        and format_entry(old_refs[r], style_a).plain != format_entry(new_refs[r], style_b).plain
    ]
    return report


def _deck_view(plan, s, number: int) -> SlideView:
    fields: dict[str, str] = {"title": s.title.plain if s.title else ""}
    if s.layout == "title":
        p = plan.presenter
        fields.update(
            {
                "subtitle": plan.subtitle or "",
                "edition": getattr(plan, "edition", None) or "",
                "presenter": " / ".join(x for x in (p.name, p.role, p.email) if x) if p else "",
                "organisation": plan.organisation or "",
                "date": plan.date.isoformat() if plan.date else "",
            }
        )
    _flatten("", s.content, fields)
    if s.source:
        fields["source"] = s.source.plain
    if s.notes:
        fields["notes"] = "\n".join(n.plain for n in s.notes)
    if s.hidden:
        fields["hidden"] = "yes"
    fields = {k: v for k, v in fields.items() if v != ""}
    return SlideView(s.id, s.id, number, fields.get("title", ""), s.layout, fields, s.data_keys)


def _flatten(prefix: str, value, out: dict[str, str]) -> None:
    if value is None or isinstance(value, Pos) or prefix.endswith("_pos"):
        return
    if isinstance(value, bool):
        if value:
            out[prefix] = "yes"
    elif isinstance(value, Text):
        out[prefix] = value.plain
    elif isinstance(value, dict) or dataclasses.is_dataclass(value):
        items = (
            value.items()
            if isinstance(value, dict)
            else ((f.name, getattr(value, f.name)) for f in dataclasses.fields(value))
        )
        for k, v in items:
            if k in ("depth", "id"):
                continue
            _flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(value, (list, tuple)):
        if value and all(
            isinstance(x, tuple) and len(x) == 2 and isinstance(x[0], int) for x in value
        ):  # bullets: (level, Text)
            out[prefix] = "\n".join("  " * lv + t.plain for lv, t in value)
            return
        for i, v in enumerate(value, 1):
            _flatten(f"{prefix}[{i}]", v, out)
    elif isinstance(value, Path):
        try:
            digest = hashlib.sha256(value.read_bytes()).hexdigest()[:8]
        except OSError:
            digest = "missing"
        out[prefix] = f"{value.name} ({digest})"
    elif isinstance(value, float):
        out[prefix] = str(int(value)) if value.is_integer() else str(value)
    else:
        out[prefix] = str(value)


def _leaves(data, prefix: str = "") -> dict[str, tuple[Any, list[str]]]:
    """Every data value by dotted key: (value, the references it cites)."""
    from .resolve.data import is_sourced

    out: dict[str, tuple[Any, list[str]]] = {}
    if is_sourced(data):
        c = data.get("cite") or []
        out[prefix] = (data["value"], [c] if isinstance(c, str) else [str(x) for x in c])
    elif isinstance(data, dict):
        for k, v in data.items():
            out.update(_leaves(v, f"{prefix}.{k}" if prefix else str(k)))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out.update(_leaves(v, f"{prefix}.{i}" if prefix else str(i)))
    else:
        out[prefix] = (data, [])
    return out


def _data_changes(old_data, new_data, a: list[SlideView], b: list[SlideView]) -> list[DataChange]:
    old, new = _leaves(old_data), _leaves(new_data)
    out = []
    for key in [*old, *(k for k in new if k not in old)]:
        va, vb = old.get(key), new.get(key)
        if va is not None and vb is not None and _same(va[0], vb[0]) and va[1] == vb[1]:
            continue
        users = []
        seen = set()
        for views in (b, a):
            for v in views:
                if v.id in seen:
                    continue
                if any(k == key or k.startswith(key + ".") for k in v.data_keys):
                    seen.add(v.id)
                    users.append({"id": v.id, "number": v.number, "title": v.title})
        out.append(
            DataChange(
                key,
                va[0] if va else None,
                vb[0] if vb else None,
                va[1] if va else [],
                vb[1] if vb else [],
                users,
            )
        )
    return out


def _same(x, y) -> bool:
    from .resolve.data import format_value

    return type(x) is type(y) and x == y or format_value(x) == format_value(y)


# ---- .pptx files ------------------------------------------------------------------------------
def diff_pptx(old: Path, new: Path) -> Report:
    """Compare two .pptx files slide by slide (and their reference lists, as text)."""
    from .importer.read import read_pptx

    ra, rb = read_pptx(Path(old)), read_pptx(Path(new))
    a = [_pptx_view(s) for s in ra.slides]
    b = [_pptx_view(s) for s in rb.slides]
    names_a = [s.name for s in ra.slides]
    names_b = [s.name for s in rb.slides]
    by_name = all(names_a) and all(names_b)
    by_name = by_name and len(set(names_a)) == len(names_a) and len(set(names_b)) == len(names_b)
    if by_name:
        for v, s in zip(a, ra.slides, strict=True):
            v.key = s.name
        for v, s in zip(b, rb.slides, strict=True):
            v.key = s.name
        pairing = {v.key: v.key for v in b}
    else:
        pairing = _pair_by_title(a, b)
    report = Report(str(old), str(new), "pptx")
    refs_a, refs_b = _reference_entries(ra), _reference_entries(rb)
    report.references_added = [r for r in refs_b if r not in refs_a]
    report.references_removed = [r for r in refs_a if r not in refs_b]
    skip = {v.key for v in [*a, *b] if _is_reference_slide(v)}
    a = [v for v in a if v.key not in skip]
    b = [v for v in b if v.key not in skip]
    report.slides = compare_slides(a, b, pairing)
    return report


def _pptx_view(s) -> SlideView:
    fields: dict[str, str] = {"title": s.title.plain}
    text, source, n, m, k = [], "", 0, 0, 0
    for blk in s.blocks:
        if blk.kind == "text":
            lines = [("  " * p.level) + p.text.plain for p in blk.paras if p.text.plain.strip()]
            joined = "\n".join(lines)
            if blk.name == SOURCE or joined.startswith(SOURCE_PREFIX):
                source = joined
            else:
                text += lines
        elif blk.kind == "table":
            fields[f"table{n or ''}"] = "\n".join(" | ".join(c.plain for c in r) for r in blk.rows)
            n += 1
        elif blk.kind == "chart":
            c = blk.chart or {}
            lines = [f"categories: {', '.join(c.get('categories', []))}"]
            for ser in c.get("series", []):
                vals = ", ".join("" if v is None else _fmt(v) for v in ser["values"])
                lines.append(f"{ser['name']}: {vals}")
            fields[f"chart{m or ''}"] = "\n".join(lines)
            m += 1
        elif blk.kind == "picture":
            # by order, not shape name: another program names the same picture otherwise
            fields[f"picture{k or ''}"] = f"{blk.alt or '(no alt text)'} ({blk.sha[:8]})"
            k += 1
    if text:
        fields["text"] = "\n".join(text)
    if source:
        fields["source"] = source
    if s.notes:
        fields["notes"] = "\n".join(t.plain for t in s.notes)
    if s.hidden:
        fields["hidden"] = "yes"
    sid = s.name or f"slide-{s.number}"
    return SlideView(f"#{s.number}", sid, s.number, s.title.plain, s.layout, fields)


def _fmt(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _is_reference_slide(v: SlideView) -> bool:
    return is_part_of(v.id, REFERENCES_ID) or (
        v.id.startswith("slide-") and is_numbered_part(v.title, REFERENCES_TITLE)
    )


def _reference_entries(raw) -> list[str]:
    out = []
    for s in raw.slides:
        is_refs = is_part_of(s.name or "", REFERENCES_ID) or (
            not s.name and is_numbered_part(s.title.plain, REFERENCES_TITLE)
        )
        if is_refs:
            out += [p.text.plain for b in s.texts() for p in b.paras if p.text.plain.strip()]
    return out


def _pair_by_title(a: list[SlideView], b: list[SlideView]) -> dict[str, str]:
    """new key -> old key: same title (n-th with n-th), then by position between matches."""
    pairing: dict[str, str] = {}
    used_a: set[str] = set()
    by_title: dict[str, list[SlideView]] = {}
    for v in a:
        by_title.setdefault(v.title.strip(), []).append(v)
    for v in b:
        cands = [x for x in by_title.get(v.title.strip(), []) if x.key not in used_a]
        if cands:
            pairing[v.key] = cands[0].key
            used_a.add(cands[0].key)
    # an unmatched slide takes the place of the unmatched old slide that followed the same
    # matched slide (a retitled slide stays "changed", not removed and added)
    index_a = {v.key: i for i, v in enumerate(a)}
    nxt = 0
    for v in b:
        if v.key in pairing:
            nxt = index_a[pairing[v.key]] + 1
            continue
        if nxt < len(a) and a[nxt].key not in used_a:
            pairing[v.key] = a[nxt].key
            used_a.add(a[nxt].key)
            nxt += 1
        else:
            nxt = len(a)
    return pairing


def pptx_view(raw_slide) -> SlideView:
    """A slide read from a .pptx (importer.read.RawSlide) as named text fields: what
    `slidegen diff` compares (and `slidegen pull` matches unnamed slides by)."""
    return _pptx_view(raw_slide)


def pair_by_title(a: list[SlideView], b: list[SlideView]) -> dict[str, str]:
    """How `slidegen diff` pairs the slides of two .pptx files without slide names: new key ->
    old key, by title, then by position between paired slides."""
    return _pair_by_title(a, b)


# ---- comparing slide views ---------------------------------------------------------------------
def compare_slides(
    a: list[SlideView], b: list[SlideView], pairing: dict[str, str]
) -> list[SlideChange]:
    """Added, removed, moved and changed slides. `pairing`: new key -> old key."""
    old_by_key = {v.key: v for v in a}
    matched = {nk: ok for nk, ok in pairing.items() if ok in old_by_key}
    matched_old = set(matched.values())
    order_old = [v.key for v in a if v.key in matched_old]
    order_new = [matched[v.key] for v in b if v.key in matched]
    sm = difflib.SequenceMatcher(None, order_old, order_new, autojunk=False)
    in_place = {k for blk in sm.get_matching_blocks() for k in order_old[blk.a : blk.a + blk.size]}
    out: list[SlideChange] = []
    for v in b:
        ok = matched.get(v.key)
        if ok is None:
            out.append(SlideChange("added", v.id, v.title, None, v.number))
            continue
        old = old_by_key[ok]
        changes = field_changes(old.fields, v.fields)
        moved = ok not in in_place
        if changes or moved:
            status = "changed" if changes else "moved"
            out.append(SlideChange(status, v.id, v.title, old.number, v.number, moved, changes))
    for v in a:
        if v.key not in matched_old:
            out.append(SlideChange("removed", v.id, v.title, v.number, None))
    out.sort(key=lambda c: (c.new_number or c.old_number or 0, c.status != "removed"))
    return out


def field_changes(old: dict[str, str], new: dict[str, str]) -> list[FieldChange]:
    """The fields whose text differs, in the old version's order, then fields only in the new."""
    out = []
    for k in [*old, *(k for k in new if k not in old)]:
        x, y = old.get(k), new.get(k)
        if x != y:
            out.append(FieldChange(k, x, y, word_diff(x or "", y or "")))
    return out


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """The change from old to new, word by word: [(op, text)] with op equal/delete/insert."""
    ta = re.findall(r"\s+|[^\s]+", old)
    tb = re.findall(r"\s+|[^\s]+", new)
    out: list[tuple[str, str]] = []
    sm = difflib.SequenceMatcher(None, ta, tb, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            out.append(("equal", "".join(ta[i1:i2])))
        else:
            if i2 > i1:
                out.append(("delete", "".join(ta[i1:i2])))
            if j2 > j1:
                out.append(("insert", "".join(tb[j1:j2])))
    return out


# ---- text output -----------------------------------------------------------------------------
def format_text(report: Report, color: bool = False) -> str:
    """The report for people: one block per changed slide, data values, references."""
    import click

    def c(s: str, fg: str | None = None, bold: bool = False) -> str:
        return click.style(s, fg=fg, bold=bold) if color else s

    version = []
    if report.audience:
        version.append(f"audience {report.audience}")
    if report.overlays:
        version.append(f"overlay{'s' if len(report.overlays) > 1 else ''} ")
        version[-1] += ", ".join(report.overlays)
    suffix = f"  ({'; '.join(version)})" if version else ""
    lines = [c(f"--- {report.old}{suffix}", "red"), c(f"+++ {report.new}{suffix}", "green")]
    if not report.changed:
        lines.append("no changes")
        return "\n".join(lines) + "\n"
    if report.data:
        lines.append(c("Data values", bold=True))
        for d in report.data:
            cite_a = f" [{', '.join(d.old_cite)}]" if d.old_cite else ""
            cite_b = f" [{', '.join(d.new_cite)}]" if d.new_cite else ""
            old = "(none)" if d.old is None else f"{_val(d.old)}{cite_a}"
            new = "(none)" if d.new is None else f"{_val(d.new)}{cite_b}"
            lines.append(f"  {c('~', 'yellow')} {d.key}: {c(old, 'red')} -> {c(new, 'green')}")
            if d.slides:
                used = ", ".join(f"{s['number']} {s['id']}" for s in d.slides)
                lines.append(f"      shown on slides: {used}")
            else:
                lines.append("      shown on no slide")
    if report.slides:
        lines.append(c("Slides", bold=True))
        for s in report.slides:
            lines += _slide_lines(s, c)
    if report.references_added or report.references_removed or report.references_changed:
        lines.append(c("References", bold=True))
        lines += [f"  {c('+', 'green')} {r}" for r in report.references_added]
        lines += [f"  {c('-', 'red')} {r}" for r in report.references_removed]
        lines += [f"  {c('~', 'yellow')} {r}" for r in report.references_changed]
    lines.append(summary(report))
    return "\n".join(lines) + "\n"


def _val(v) -> str:
    from .resolve.data import format_value

    return format_value(v)


def _slide_lines(s: SlideChange, c) -> list[str]:
    title = f'"{s.title}"' if s.title else ""
    if s.status == "added":
        return [f"  {c('+', 'green')} slide {s.new_number} {s.id} {title} (added)"]
    if s.status == "removed":
        return [f"  {c('-', 'red')} slide {s.old_number} {s.id} {title} (removed)"]
    where = f"slide {s.new_number}"
    if s.moved:
        where += f" (moved from {s.old_number})"
    mark = c("~", "yellow") if s.changes else c(">", "cyan")
    out = [f"  {mark} {where} {s.id} {title}"]
    for ch in s.changes:
        out.append(f"      {ch.field}: {_words(ch.words, c)}")
    return out


def _words(words: list[tuple[str, str]], c, context: int = 6) -> str:
    parts = []
    for i, (op, text) in enumerate(words):
        text = text.replace("\n", " / ")
        if op == "equal":
            toks = re.findall(r"\s+|[^\s]+", text)
            n_words = sum(1 for t in toks if not t.isspace())
            if n_words > 2 * context:
                head = "".join(toks[: 2 * context]) if i else ""
                tail = "".join(toks[-2 * context :]) if i < len(words) - 1 else ""
                text = f"{head} \u2026 {tail}".strip() if (head or tail) else "\u2026"
                text = (" " if head or i else "") + text + (" " if tail else "")
            parts.append(text)
        elif op == "delete":
            parts.append(c(f"[-{text}-]", "red"))
        else:
            parts.append(c(f"{{+{text}+}}", "green"))
    return "".join(parts).strip()


def summary(report: Report) -> str:
    """The closing line: "Changed: 2 slides changed, 1 data value." (or "nothing")."""
    counts: dict[str, int] = {}
    for s in report.slides:
        counts[s.status] = counts.get(s.status, 0) + 1
    parts = [f"{n} slide{'s' if n != 1 else ''} {k}" for k, n in counts.items()]
    if report.data:
        parts.append(f"{len(report.data)} data value{'s' if len(report.data) != 1 else ''}")
    refs = len(report.references_added) + len(report.references_removed)
    refs += len(report.references_changed)
    if refs:
        parts.append(f"{refs} reference{'s' if refs != 1 else ''}")
    return "Changed: " + (", ".join(parts) if parts else "nothing") + "."
