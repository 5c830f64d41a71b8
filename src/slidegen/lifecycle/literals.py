"""Figures that cannot go stale: numbers typed into a slide that equal a data value.

A number written by hand ("74%" in a picture's alt text) does not change when the data value
does, and `diff` cannot see it. `find_literals` reads each slide's own text as written (title,
notes, bullets, labels, captions, alt text, table cells, chart categories, series names and
values), leaves out `{{ placeholders }}`, `[@citations]` and link targets, and reports every
number that equals a data value with the same unit: formatting aside ("1,889" is 1889, "74 %"
is "74%"), a unit a value is shown with ("{{ x }}%", a chart's `unit: "%"`) must be the one
typed. Pure: it reads the validated deck model, never the rendered slides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import Pos

# a number as people type it: 1889, 1,889, 7.4, £1,200, 74%, 74 %, 74 per cent; or a ratio 1:4
_NUMBER = re.compile(
    r"(?<![\w.,:/\\-])"
    r"(?P<cur>[£$€])?\s?"
    r"(?:(?P<ratio>\d+(?:\.\d+)?:\d+(?:\.\d+)?)|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?))"
    r"(?P<unit>\s?%|\s?per ?cent\b)?"
    r"(?![\w:/-]|[.,]\d)"
)
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_CITE = re.compile(r"\[@[^\]]*\]")
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
# a placeholder and the unit typed around it: "{{ x }}%", "£{{ x }}"
_PLACED = re.compile(
    r"(?P<cur>[£$€])?\s?\{\{\s*(?P<key>[^{}]*?)\s*\}\}(?P<unit>\s?%|\s?per ?cent\b)?"
)

# model fields that hold no text a reader sees
_SKIP = {
    "id",
    "layout",
    "cite",
    "tags",
    "audiences",
    "hidden",
    "suppress",
    "time",
    "image",
    "fit",
    "decorative",
    "ratio",
    "number_format",
    "type",
    "stacked",
    "data_labels",
    "legend",
    "unit",
    "highlight",
    "all",
}


@dataclass(frozen=True)
class Amount:
    """A figure's number and unit: (Decimal("74"), "%"), (Decimal("1200"), "£"), a ratio."""

    number: Decimal | None
    unit: str | None = None
    ratio: str | None = None  # "1:4"


def _unit(cur: str | None, unit: str | None) -> str | None:
    if cur:
        return cur
    if unit:
        return "%"
    return None


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation:
        return None


def amount_of(value: Any) -> Amount | None:
    """The amount a data value is, or None when it is not a figure ("your area")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return Amount(Decimal(value))
    if isinstance(value, float):
        return Amount(_decimal(repr(value))) if value == value else None
    if not isinstance(value, str):
        return None
    m = _NUMBER.fullmatch(value.strip())
    if not m:
        return None
    if m.group("ratio"):
        return Amount(None, None, _ratio(m.group("ratio")))
    return Amount(_decimal(m.group("num")), _unit(m.group("cur"), m.group("unit")))


def _ratio(text: str) -> str:
    a, b = text.split(":")
    return f"{_decimal(a)}:{_decimal(b)}"


@dataclass(frozen=True)
class Figure:
    """A data value that is a figure, and the units the deck shows it with."""

    key: str
    amount: Amount
    units: frozenset  # units typed around its placeholders (None: none typed)
    shown: str  # how a placeholder for it reads, e.g. "{{ x }}%"

    def matches(self, found: Amount) -> bool:
        a = self.amount
        if a.ratio is not None or found.ratio is not None:
            return a.ratio == found.ratio
        if a.number is None or found.number is None or a.number != found.number:
            return False
        if a.unit is not None:  # "7.4%" in the data: the unit is part of the value
            return found.unit == a.unit
        return found.unit in self.units


@dataclass(frozen=True)
class Literal:
    """A number typed into a slide that equals one or more data values."""

    text: str  # as typed: "74%"
    field: str  # where on the slide: "notes", "alt", "bullets[2]", "chart.series[1].values[1]"
    pos: Pos | None
    figures: tuple[Figure, ...]

    @property
    def in_chart_values(self) -> bool:
        return self.field.startswith("chart.series") and ".values" in self.field

    def suggestion(self) -> str:
        """The placeholder(s) to write instead: a chart value takes the bare placeholder (the
        chart's `unit` shows the unit); text takes it with its unit, as the deck shows it."""
        if self.in_chart_values:
            return " or ".join(f'`"{{{{ {f.key} }}}}"`' for f in self.figures)
        return " or ".join(f"`{f.shown}`" for f in self.figures)

    def where(self) -> str:
        """The field in words: "bullet 2", "alt text", "table row 1, cell 2"."""
        return describe_field(self.field)


_FIELD_WORDS = {
    "alt": "alt text",
    "notes": "speaker notes",
    "value": "figure",
    "items": "agenda item",
    "values": "value",
}


def describe_field(field: str) -> str:
    """A model field path in words: `bullets[1].bullets[2].text` -> "bullet 1.2"."""
    words: list[str] = []
    bullet: list[str] = []
    for name, idx in re.findall(r"([a-z_]+)((?:\[\d+\])*)", field):
        nums = re.findall(r"\d+", idx)
        n = f" {nums[0]}" if nums else ""
        if name == "bullets":
            bullet += nums
        elif name == "text" and bullet:
            continue
        elif name in ("left", "right"):
            words.append(f"{name} pane")
        elif name == "rows":
            words.append(f"table row {nums[0]}, cell {nums[1]}" if len(nums) > 1 else "table")
        elif name == "columns":
            words.append(f"column heading{n}")
        elif name == "categories":
            words.append(f"category{n}")
        elif name == "stats":
            words.append(f"figure{n}")
        else:
            words.append(_FIELD_WORDS.get(name, name) + n)
    if bullet:
        words.append("bullet " + ".".join(bullet))
    return " ".join(words) or field


def texts_of(
    node, label: str = "", unit: str | None = None, at: Pos | None = None
) -> Iterator[tuple]:
    """(field label, text or number, position, unit hint) of every visible text of a model
    node (a slide, pane, chart...), in field order. `at`: the node's own position, for a
    node written as a plain string (a bullet) that has no mapping of its own."""
    fields = type(node).model_fields
    src = node.src if hasattr(node, "src") else None
    for name in fields:
        if name in _SKIP:
            continue
        value = getattr(node, name)
        where = f"{label}.{name}" if label else name
        pos = (node.where(name) if hasattr(node, "where") else None) or at
        hint = unit
        if name == "chart" and value is not None:
            hint = value.unit
        raw = src.get(name) if isinstance(src, dict) else None
        yield from _values(value, where, pos, hint, raw)


def _values(value, where, pos, unit, raw) -> Iterator[tuple]:
    from pydantic import BaseModel

    if value is None or isinstance(value, bool):
        return
    if isinstance(value, BaseModel):
        yield from texts_of(value, where, unit, pos)
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            item_pos = raw.where(i) if hasattr(raw, "where") else pos
            sub_raw = raw[i] if isinstance(raw, list) and i < len(raw) else None
            yield from _values(v, f"{where}[{i + 1}]", item_pos, unit, sub_raw)
    elif isinstance(value, (str, int, float)):
        yield where, value, pos, unit


def _plain(text: str) -> str:
    """Text without what is not typed figures: placeholders, citations, link targets, escapes."""
    text = _PLACEHOLDER.sub(" ", text)
    text = _CITE.sub(" ", text)
    text = _LINK_TARGET.sub("]", text)
    return text.replace("\\", "")


def figures_of(data, slides) -> list[Figure]:
    """Every data value that is a figure, with the units the slides type around it."""
    from ..resolve.data import is_sourced
    from .evidence import data_leaves

    units: dict[str, set] = {}
    for slide in slides:
        for where, value, _pos, unit in texts_of(slide):
            if not isinstance(value, str):
                continue
            for m in _PLACED.finditer(value):
                u = _unit(m.group("cur"), m.group("unit"))
                if u is None and unit and where.startswith("chart.series") and ".values" in where:
                    u = unit if unit.strip() else None
                units.setdefault(m.group("key"), set()).add(u)
    out = []
    for key, raw, _pos in data_leaves(data or {}):
        value = raw["value"] if is_sourced(raw) else raw
        amount = amount_of(value)
        if amount is None:
            continue
        seen = units.get(key) or {None}
        unit = next((u for u in sorted(seen, key=lambda u: (u is None, u or ""))), None)
        if amount.unit is not None or unit is None:
            shown = f"{{{{ {key} }}}}"
        elif unit == "%":
            shown = f"{{{{ {key} }}}}%"
        else:
            shown = f"{unit}{{{{ {key} }}}}"
        out.append(Figure(key, amount, frozenset(seen), shown))
    return out


def find_literals(slide, figures: list[Figure]) -> list[Literal]:
    """The numbers typed into `slide` (a validated slide model) that equal data values."""
    if not figures:
        return []
    out = []
    for where, value, pos, unit in texts_of(slide):
        in_chart_values = where.startswith("chart.series") and ".values" in where
        if isinstance(value, (int, float)):
            amount = amount_of(value)
            if amount is not None and in_chart_values and unit:
                amount = Amount(amount.number, "%" if unit.strip() == "%" else None)
            found = [(str(value), amount)] if amount else []
        else:
            found = []
            for m in _NUMBER.finditer(_plain(value)):
                if m.group("ratio"):
                    amount = Amount(None, None, _ratio(m.group("ratio")))
                else:
                    u = _unit(m.group("cur"), m.group("unit"))
                    if u is None and in_chart_values and unit and unit.strip() == "%":
                        u = "%"
                    amount = Amount(_decimal(m.group("num")), u)
                found.append((m.group(0).strip(), amount))
        for text, amount in found:
            matched = tuple(f for f in figures if f.matches(amount))
            if matched:
                out.append(Literal(text, where, pos, matched))
    return out


def model_slides(deck) -> Iterator:
    """Every slide of a validated deck (sections and subsections, in order)."""

    def walk(sections):
        for sec in sections:
            yield from sec.slides
            yield from walk(sec.sections)

    yield from walk(deck.sections)
