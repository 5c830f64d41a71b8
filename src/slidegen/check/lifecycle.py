"""`check`'s findings about the evidence lifecycle: figures and works due for review or too
old (EVIDENCE-REVIEW, EVIDENCE-AGE, EVIDENCE-UNDATED), numbers typed by hand that equal a data
value (FIGURE-LITERAL), an audience's build over its duration (TIME-OVER) and slides harder to
read than an audience asks for (READING-LEVEL).

Findings about a slide are located at the slide, so `suppress:` on the slide silences them.
"Today" is passed in (`check --today`, else SOURCE_DATE_EPOCH, else the clock): the findings
of a test never depend on the day it runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from ..codes import Code
from ..errors import Pos
from ..plan import DeckPlan, PlannedSlide
from .findings import Finding, Location, finding

LocOf = Callable[[PlannedSlide, int], Location]


def _pos_loc(pos: Pos | None, plan: DeckPlan) -> Location:
    pos = pos or Pos(str(plan.path))
    return Location(pos.file, pos.line, pos.col)


def _others(item, slide_id: str) -> str:
    rest = [s for s in item.slides if s.id != slide_id and not s.hidden]
    if not rest:
        return ""
    return "; also on slide" + ("s " if len(rest) > 1 else " ") + ", ".join(map(str, rest))


# ---- evidence dates ---------------------------------------------------------------------------
def evidence_findings(plan: DeckPlan, numbered, loc_of: LocOf, today: dt.date) -> list[Finding]:
    """Per slide: each figure it shows and each work it cites whose `review_by` has passed
    (EVIDENCE-REVIEW) or whose `as_of` is older than `max_age` (EVIDENCE-AGE); once per
    figure shown without any date under a `max_age` (EVIDENCE-UNDATED)."""
    from ..lifecycle.evidence import evidence_table, slide_items

    if not _has_dates(plan):
        return []
    table = evidence_table(plan, today)
    out: list[Finding] = []
    for n, s in numbered:
        if s.generated or s.layout == "references":
            continue
        loc = loc_of(s, n)
        items = slide_items(table, s)
        for code, flag in ((Code.EVIDENCE_REVIEW, "due"), (Code.EVIDENCE_AGE, "too_old")):
            stale = [i for i in items if getattr(i, flag)]
            for text in _stale_messages(s.id, stale, code, table, today):
                out.append(finding(code, loc, text))
    if table.max_age is not None:
        shown = {sl.id for _, sl in numbered}
        dated = {r.key for r in table.references if r.as_of is not None}
        for item in table.figures:
            if item.as_of is not None or any(c in dated for c in item.cites):
                continue
            if not any(sl.id in shown for sl in item.slides):
                continue
            out.append(
                finding(
                    Code.EVIDENCE_UNDATED,
                    _pos_loc(item.pos, plan),
                    f"figure {item.name} has no as_of (nor has its source), so its age under"
                    f" max_age {table.max_age} is unknown",
                )
            )
    return out


def _stale_messages(slide_id: str, stale, code, table, today: dt.date) -> list[str]:
    """One message per stale work the slide cites, naming the figures from it it shows, and
    one per stale figure whose works are not stale themselves."""

    def when(item) -> str:
        if code == Code.EVIDENCE_REVIEW:
            return f"its review was due {item.review_by} (checked on {today.isoformat()})"
        return (
            f"as of {item.as_of}, older than the deck's max_age of {table.max_age} (before"
            f" {table.oldest.isoformat()})"
        )

    refs = [i for i in stale if i.kind == "reference"]
    figures = [i for i in stale if i.kind == "figure"]
    out = []
    for ref in refs:
        mine = [f for f in figures if ref.key in f.cites]
        figures = [f for f in figures if f not in mine]
        if mine:
            shown = ", ".join(f.name for f in mine)
            what = f"shows {shown} from {ref.source} [{ref.key}]"
        else:
            what = f"cites {ref.source} [{ref.key}]"
        out.append(f"slide '{slide_id}' {what}: {when(ref)}{_others(ref, slide_id)}")
    for fig in figures:
        source = f" ({fig.source})" if fig.source else ""
        out.append(
            f"slide '{slide_id}' shows {fig.name}{source}: {when(fig)}{_others(fig, slide_id)}"
        )
    return out


def _has_dates(plan: DeckPlan) -> bool:
    """Whether anything in the deck carries a date to check (else the table is not built)."""
    from ..lifecycle.evidence import data_leaves
    from ..resolve.data import is_sourced

    life = plan.lifecycle
    if life.max_age:
        return True
    if any(r.review_by or r.as_of for r in plan.references.values()):
        return True
    return any(
        is_sourced(raw) and ("review_by" in raw or "as_of" in raw)
        for _, raw, _ in data_leaves(life.data or {})
    )


# ---- figures typed by hand ------------------------------------------------------------------
def literal_findings(plan: DeckPlan, model, numbered, loc_of: LocOf) -> list[Finding]:
    """FIGURE-LITERAL: a number typed into a slide that equals a data value, at the field."""
    from ..lifecycle.literals import figures_of, find_literals, model_slides
    from ..resolve.data import format_value

    slides = list(model_slides(model))
    figures = figures_of(plan.lifecycle.data, slides)
    if not figures:
        return []
    by_pos = {}
    for slide in slides:
        p = slide.where()
        if p is not None:
            by_pos[(p.file, p.line, p.col)] = slide
    values = {f.key: f for f in figures}
    out = []
    for n, s in numbered:
        if s.generated or s.pos is None:
            continue
        slide = by_pos.get((s.pos.file, s.pos.line, s.pos.col))
        if slide is None:
            continue
        for lit in find_literals(slide, figures):
            where = loc_of(s, n)
            if lit.pos is not None:
                where = Location(lit.pos.file, lit.pos.line, lit.pos.col, n, s.id)
            names = ", ".join(
                f"{f.key} ({_shown(values[f.key], format_value)})" for f in lit.figures
            )
            out.append(
                finding(
                    Code.FIGURE_LITERAL,
                    where,
                    f"slide '{s.id}', {lit.where()}: '{lit.text}' equals the data value"
                    f" {names} but is typed by hand, so it will not change when the data does",
                    f"write {lit.suggestion()} instead, or suppress FIGURE-LITERAL on the slide"
                    " with a reason",
                )
            )
    return out


def _shown(figure, format_value) -> str:
    a = figure.amount
    if a.ratio is not None:
        return a.ratio
    text = format_value(float(a.number)) if a.number is not None else "?"
    if a.unit == "%":
        return text + "%"
    return (a.unit or "") + text


# ---- an audience's budgets: time and reading level ----------------------------------------------
def _audience(plan: DeckPlan) -> str:
    return f"the '{plan.audience}' build" if plan.audience else "the build"


def time_findings(plan: DeckPlan) -> list[Finding]:
    """TIME-OVER: the audience's build takes longer than its `duration` (by how much, and
    which slides are longest), at the audience's `duration` in the deck."""
    from ..lifecycle import format_duration
    from ..lifecycle.timing import build_times, longest, total_seconds

    life = plan.lifecycle
    if life.duration is None:
        return []
    times = build_times(plan)
    total = total_seconds(times)
    if total <= life.duration:
        return []
    top = ", ".join(str(t) for t in longest(times, 3))
    return [
        finding(
            Code.TIME_OVER,
            _pos_loc(life.duration_pos, plan),
            f"{_audience(plan)} takes about {format_duration(total)} at {life.pace} words a"
            f" minute, {format_duration(total - life.duration)} over its duration of"
            f" {format_duration(life.duration)}; longest slides: {top}",
        )
    ]


def reading_findings(plan: DeckPlan, numbered, loc_of: LocOf) -> list[Finding]:
    """READING-LEVEL: each slide whose visible text (title and content, not the notes) reads
    harder than the audience's `reading_level`, with its score."""
    from ..lifecycle.readability import score, supported
    from .deck import _texts

    life = plan.lifecycle
    ease, age = life.reading_ease, life.reading_age
    if ease is None and age is None:
        return []
    english = plan.language.lower().startswith("en")
    if not supported(plan.language) or (age is not None and ease is None and not english):
        return [
            finding(
                Code.READING_LEVEL,
                _pos_loc(life.reading_pos, plan),
                f"{_audience(plan)}: text in '{plan.language}' cannot be scored for"
                f" {'a reading age' if age is not None else 'reading ease'}",
                "reading_ease works for English, German, French, Spanish, Italian and Dutch;"
                " reading_age for English",
            )
        ]
    out = []
    for n, s in numbered:
        if s.generated or s.layout in ("title", "agenda", "section", "references"):
            continue
        lines = [s.title.plain if s.title is not None else ""]
        lines += [t.plain for t in _texts(s.content)]
        sc = score(lines, plan.language)
        if sc is None:
            continue
        problems = []
        if ease is not None and sc.reading_ease < ease:
            shown = f"{sc.reading_ease:g}" if sc.reading_ease >= 0 else "below 0"
            problems.append(f"reading ease {shown} (below {ease:g})")
        if age is not None and english and sc.reading_age is not None and sc.reading_age > age:
            shown = f"{sc.reading_age:g}" if sc.reading_age <= 25 else "over 25"
            problems.append(f"a reading age of {shown} (above {age:g})")
        if not problems:
            continue
        out.append(
            finding(
                Code.READING_LEVEL,
                loc_of(s, n),
                f"slide '{s.id}' in {_audience(plan)} needs {' and '.join(problems)}:"
                f" {sc.words} words in {sc.sentences} sentences",
            )
        )
    return out
