"""Alt text for a chart, written from its data when the author gave none.

What a reader of the chart would take from it: the kind of chart, what its axes are, each
series' range, the highest and lowest categories, and (for line charts, or categories that
are years) the trend. The author's own `alt:` always wins. Pure: the planner calls it with
the chart's resolved content, so the text follows the data when the data changes.
"""

from __future__ import annotations

import re

from ..plan import ChartContent

KINDS = {
    "bar": "Bar chart",
    "column": "Column chart",
    "line": "Line chart",
    "pie": "Pie chart",
    "doughnut": "Doughnut chart",
}
MAX_LISTED = 8  # categories named one by one; more are given as "from A to Z"
_ORDERED = re.compile(r"^\s*(\d{4}([-/]\d{2,4})?|Q[1-4]\s+\d{4}|\d{4}\s+Q[1-4])\s*$")


def _number(v: float) -> str:
    if float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.2f}".rstrip("0").rstrip(".")


def describe_chart(c: ChartContent, title: str | None = None) -> str:
    """A description of the chart for screen readers (its alt text)."""
    unit = c.unit or ""

    def val(v: float) -> str:
        return f"{_number(v)}{unit}" if unit in ("%", "") else f"{_number(v)} {unit.strip()}"

    kind = KINDS.get(c.type, "Chart")
    if c.stacked and c.type in ("bar", "column", "line"):
        kind = "Stacked " + kind[0].lower() + kind[1:]
    cats = list(c.categories)
    series = [s for s in c.series if any(v is not None for v in s.values)]
    names = [s.name or f"series {i}" for i, s in enumerate(c.series, 1)]
    head = kind + (f": {title}" if title else "")
    parts = [head + "."]

    if len(cats) <= MAX_LISTED:
        cat_text = ", ".join(cats)
    else:
        cat_text = f"from {cats[0]} to {cats[-1]}"
    n = len(cats)
    if c.type in ("pie", "doughnut"):
        s = c.series[0]
        total = sum(v for v in s.values if v is not None)
        slices = []
        for cat, v in zip(cats, s.values, strict=False):
            if v is None:
                continue
            share = f" ({round(100 * v / total)}% of the whole)" if total and unit != "%" else ""
            slices.append(f"{cat} {val(v)}{share}")
        parts.append(f"{names[0]}, in {n} slices: " + "; ".join(slices) + ".")
    else:
        cat_axis, value_axis = (
            ("vertical", "horizontal")
            if c.type == "bar"
            else (
                "horizontal",
                "vertical",
            )
        )
        what = f"{len(c.series)} series ({', '.join(names)})" if len(c.series) > 1 else names[0]
        measure = f"in {unit.strip()}" if unit.strip() else "as numbers"
        parts.append(
            f"The {cat_axis} axis shows {n} categor{'y' if n == 1 else 'ies'}: {cat_text}; the"
            f" {value_axis} axis shows {what} {measure}."
        )
        ordered = c.type == "line" or all(_ORDERED.match(cat) for cat in cats)
        for s in series:
            points = [(cat, v) for cat, v in zip(cats, s.values, strict=False) if v is not None]
            low = min(points, key=lambda p: p[1])
            high = max(points, key=lambda p: p[1])
            several = len(c.series) > 1
            if low[1] == high[1]:
                where = "in every category" if len(points) == n else "wherever it has a value"
                subject = f"{names[c.series.index(s)]} is" if several else "Every value is"
                text = f"{subject} {val(low[1])} {where}"
            elif several:
                text = (
                    f"{names[c.series.index(s)]} ranges from {val(low[1])} ({low[0]}) to"
                    f" {val(high[1])} ({high[0]})"
                )
            else:
                text = (
                    f"Values range from {val(low[1])} ({low[0]}, the lowest) to"
                    f" {val(high[1])} ({high[0]}, the highest)"
                )
            if ordered and len(points) >= 2:
                text += _trend(points, val)
            parts.append(text[0].upper() + text[1:] + ".")
        if len(c.series) > 1 and not c.stacked:
            everything = [
                (cat, names[j], v)
                for j, s in enumerate(c.series)
                for cat, v in zip(cats, s.values, strict=False)
                if v is not None
            ]
            if everything:
                hi = max(everything, key=lambda p: p[2])
                lo = min(everything, key=lambda p: p[2])
                parts.append(
                    f"Highest: {hi[0]} ({hi[1]}, {val(hi[2])}); lowest: {lo[0]} ({lo[1]},"
                    f" {val(lo[2])})."
                )
        elif c.stacked and len(c.series) > 1:
            totals = [(cat, sum(s.values[k] or 0 for s in c.series)) for k, cat in enumerate(cats)]
            hi = max(totals, key=lambda p: p[1])
            lo = min(totals, key=lambda p: p[1])
            parts.append(
                f"Highest total: {hi[0]} ({val(hi[1])}); lowest total: {lo[0]} ({val(lo[1])})."
            )
    return " ".join(parts)


def _trend(points, val) -> str:
    """ ", rising from 12 in 2019 to 40 in 2023" (steadily, when every step rises)."""
    (first_cat, first), (last_cat, last) = points[0], points[-1]
    steps = [b[1] - a[1] for a, b in zip(points, points[1:], strict=False)]
    if last > first:
        how = "rising steadily" if all(d > 0 for d in steps) else "rising overall"
    elif last < first:
        how = "falling steadily" if all(d < 0 for d in steps) else "falling overall"
    else:
        return f", level at {val(first)} from {first_cat} to {last_cat}"
    return f", {how} from {val(first)} in {first_cat} to {val(last)} in {last_cat}"
