"""Every figure and reference of a build with its source, dates and the slides that show it.

`evidence_table(plan, today)` is what `slidegen list --evidence` prints and what `check`'s
EVIDENCE-REVIEW and EVIDENCE-AGE findings come from: a figure (a data value) or a reference is
*due* once its `review_by` has passed and *too old* when its `as_of` is further back than
`deck.evidence.max_age`. Pure: no python-pptx, no clock (the caller passes `today`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..errors import Pos
from ..plan import DeckPlan, PlannedSlide
from . import Age, EvidenceDate, parse_age, parse_evidence_date


@dataclass(frozen=True)
class SlideRef:
    """A slide that shows a figure or cites a work: its number in the build and id."""

    number: int
    id: str
    title: str
    hidden: bool = False

    def __str__(self) -> str:
        return f"{self.number} '{self.id}'" + (" (hidden)" if self.hidden else "")


@dataclass
class Item:
    """A figure (`kind` "figure": a data value) or a reference (`kind` "reference")."""

    kind: str
    key: str  # the data name (anna_freud.interactions_pct) or the reference id
    value: str  # the figure as text ("74"), or the reference's short citation
    cites: tuple[str, ...] = ()
    source: str = ""  # "Sleed et al. (2022)"
    as_of: EvidenceDate | None = None
    review_by: EvidenceDate | None = None
    pos: Pos | None = None
    slides: list[SlideRef] = field(default_factory=list)
    due: bool = False  # review_by has passed
    too_old: bool = False  # as_of is older than max_age

    @property
    def name(self) -> str:
        """How messages name it: `anna_freud.interactions_pct = 74` or `reference 'x'`."""
        if self.kind == "figure":
            return f"{self.key} = {self.value}"
        return f"reference '{self.key}'"

    def status(self, max_age: Age | None) -> str:
        parts = []
        if self.due:
            parts.append(f"review was due {self.review_by}")
        if self.too_old:
            parts.append(f"older than {max_age}")
        if not parts and max_age is not None and self.as_of is None:
            parts.append("no as_of")
        return "; ".join(parts) or "ok"

    def to_dict(self, max_age: Age | None) -> dict:
        return {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "cites": list(self.cites),
            "source": self.source,
            "as_of": str(self.as_of) if self.as_of else None,
            "review_by": str(self.review_by) if self.review_by else None,
            "due": self.due,
            "too_old": self.too_old,
            "status": self.status(max_age),
            "slides": [
                {"number": s.number, "id": s.id, "title": s.title, "hidden": s.hidden}
                for s in self.slides
            ],
        }


@dataclass
class EvidenceTable:
    """Figures and references of one build, checked against `today`."""

    today: dt.date
    max_age: Age | None
    oldest: dt.date | None  # as_of before this is too old (today - max_age)
    figures: list[Item]
    references: list[Item]
    reviewed: dt.date | None = None
    next_review: dt.date | None = None

    def items(self) -> list[Item]:
        return [*self.figures, *self.references]

    def to_dict(self) -> dict:
        return {
            "today": self.today.isoformat(),
            "max_age": str(self.max_age) if self.max_age else None,
            "reviewed": self.reviewed.isoformat() if self.reviewed else None,
            "next_review": self.next_review.isoformat() if self.next_review else None,
            "figures": [f.to_dict(self.max_age) for f in self.figures],
            "references": [r.to_dict(self.max_age) for r in self.references],
        }


def is_figure(value: Any) -> bool:
    """A number, or text with a digit in it ("1:4", "7.4%")."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float)):
        return True
    return isinstance(value, str) and re.search(r"\d", value) is not None


def data_leaves(data: Any, prefix: str = "", pos: Pos | None = None):
    """(dotted name, raw value or sourced mapping, position) of every value in the data."""
    from ..resolve.data import is_sourced

    if is_sourced(data) or not isinstance(data, (dict, list)):
        yield prefix, data, pos
        return
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for k, v in items:
        where = data.where(k) if hasattr(data, "where") else pos
        yield from data_leaves(v, f"{prefix}.{k}" if prefix else str(k), where)


def _date(value) -> EvidenceDate | None:
    if value is None or value == "":
        return None
    try:
        return parse_evidence_date(value)
    except ValueError:  # the planner reported it already
        return None


def _users(plan: DeckPlan) -> tuple[dict[str, list[SlideRef]], dict[str, list[SlideRef]]]:
    """Data name -> slides showing it, reference id -> slides citing it (in slide order)."""
    by_key: dict[str, list[SlideRef]] = {}
    by_ref: dict[str, list[SlideRef]] = {}
    for n, s in enumerate(plan.slides, 1):
        ref = SlideRef(n, s.id, s.title.plain if s.title is not None else "", s.hidden)
        for k in dict.fromkeys(s.data_keys):
            by_key.setdefault(k, []).append(ref)
        if s.generated or s.layout == "references":
            continue
        for c in dict.fromkeys(s.cites):
            by_ref.setdefault(c, []).append(ref)
    return by_key, by_ref


def evidence_table(plan: DeckPlan, today: dt.date) -> EvidenceTable:
    """Every figure (sourced data values, and the figures the slides show) and every
    reference, with their dates, whether each is due or too old, and the slides using it."""
    from ..resolve.data import format_value, is_sourced
    from ..resolve.references.styles import cite_narrative

    life = plan.lifecycle
    max_age = parse_age(life.max_age) if life.max_age else None
    oldest = max_age.before(today) if max_age else None
    by_key, by_ref = _users(plan)

    def source_of(ids) -> str:
        refs = [plan.references[i] for i in ids if i in plan.references]
        return "; ".join(cite_narrative(r, plan.citation_style, plan.year_suffixes) for r in refs)

    def judge(item: Item) -> Item:
        item.due = item.review_by is not None and item.review_by.day < today
        item.too_old = oldest is not None and item.as_of is not None and item.as_of.day < oldest
        return item

    figures = []
    for key, raw, pos in data_leaves(life.data or {}):
        sourced = is_sourced(raw)
        value = raw["value"] if sourced else raw
        users = by_key.get(key, [])
        if not sourced and not (users and is_figure(value)):
            continue
        if isinstance(value, (dict, list)):
            continue
        cites: tuple[str, ...] = ()
        if sourced:
            c = raw.get("cite") or ()
            cites = (c,) if isinstance(c, str) else tuple(str(x) for x in c)
        figures.append(
            judge(
                Item(
                    "figure",
                    key,
                    format_value(value),
                    cites,
                    source_of(cites),
                    _date(raw.get("as_of")) if sourced else None,
                    _date(raw.get("review_by")) if sourced else None,
                    pos,
                    users,
                )
            )
        )
    references = []
    for rid, ref in plan.references.items():
        references.append(
            judge(
                Item(
                    "reference",
                    rid,
                    source_of([rid]),
                    (rid,),
                    source_of([rid]),
                    _date(ref.as_of),
                    _date(ref.review_by),
                    ref.pos,
                    by_ref.get(rid, []),
                )
            )
        )
    return EvidenceTable(
        today, max_age, oldest, figures, references, life.reviewed, life.next_review
    )


def slide_items(table: EvidenceTable, slide: PlannedSlide) -> list[Item]:
    """The figures a slide shows and the works it cites that are due or too old."""
    out = []
    for item in table.items():
        if not (item.due or item.too_old):
            continue
        if any(s.id == slide.id for s in item.slides):
            out.append(item)
    return out


def format_table(table: EvidenceTable) -> str:
    """The text `slidegen list --evidence` prints: figures, then references."""
    lines = []
    head = f"Evidence checked on {table.today.isoformat()}"
    if table.max_age:
        head += f"; max_age {table.max_age} (as_of before {table.oldest.isoformat()} is too old)"
    if table.reviewed:
        head += f"; reviewed {table.reviewed.isoformat()}"
    if table.next_review:
        head += f", next review due {table.next_review.isoformat()}"
    lines.append(head)
    for title, items in (("Figures", table.figures), ("Works cited", table.references)):
        lines.append("")
        lines.append(f"{title} ({len(items)})")
        if not items:
            continue
        rows = [
            (
                i.key,
                i.value if i.kind == "figure" else "",
                i.source if i.kind == "figure" else i.value,
                str(i.as_of or "-"),
                str(i.review_by or "-"),
                i.status(table.max_age),
                ", ".join(str(s) for s in i.slides) or "-",
            )
            for i in items
        ]
        header = ("name", "value", "source", "as_of", "review_by", "status", "slides")
        if title == "Works cited":
            rows = [(r[0], r[2], r[3], r[4], r[5], r[6]) for r in rows]
            header = ("id", "citation", "as_of", "review_by", "status", "slides")
        widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
        for row in [header, *rows]:
            cells = [str(v).ljust(w) for v, w in zip(row[:-1], widths, strict=False)]
            lines.append("  " + "  ".join([*cells, str(row[-1])]).rstrip())
    due = sum(1 for i in table.items() if i.due)
    old = sum(1 for i in table.items() if i.too_old)
    lines.append("")
    lines.append(
        f"{len(table.figures)} figures, {len(table.references)} references: "
        f"{due} past review_by, {old} older than max_age."
    )
    return "\n".join(lines)
