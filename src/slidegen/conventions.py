"""What a slidegen .pptx says about its deck, in names and strings: the renderer writes them,
`slidegen import` and `slidegen diff` read them back, so they are defined here once.

No imports beyond `re` and `datetime`: the importer and diff use them without the renderer.
"""

from __future__ import annotations

import datetime as dt
import re

# ---- slides: each slide's `p:cSld` name is its slide id -------------------------------------
SLIDE_ID_ATTR = "name"
"""The attribute of a slide's `p:cSld` holding its slide id (import and diff match slides by it)."""
TITLE_ID, AGENDA_ID, REFERENCES_ID = "title", "agenda", "references"  # generated slides' ids
REFERENCES_TITLE = "References"  # the generated references slide's title
DIVIDER_SUFFIX = "-divider"


def divider_id(section_id: str) -> str:
    """The id of a section's divider slide: "results-divider"."""
    return section_id + DIVIDER_SUFFIX


# ---- numbered titles: dividers and agenda lines ("2. What works", "2.1 Identify and refer") --
def number_prefix(number: str | None) -> str:
    """What goes before a numbered title: "2. " for a number, "2.1 " for a number of several
    parts or one that ends in its own punctuation ("2.", "2)"), so no stray full stop."""
    if not number:
        return ""
    if re.search(r"(\w\.\w+|[.):])$", number):
        return f"{number} "
    return f"{number}. "


def auto_number(parent: str | int | None, n: int) -> str:
    """The number plain numbering gives the n-th subsection of a section numbered `parent`:
    "2.1" under a number, "1" under no number or a letter (how import tells a number written
    by hand from one slidegen gave)."""
    parent = None if parent is None else str(parent)
    if parent is not None and re.fullmatch(r"\d+(\.\d+)*\.?", parent):
        return f"{parent.rstrip('.')}.{n}"
    return str(n)


NUMBERED_TITLE = re.compile(r"^(\d+(?:\.\d+)+(?=\.? )|\d+(?=\. ))\.? (.+)$")
"""A numbered divider or agenda line: group 1 the number ("2", "2.1"), group 2 the title."""


# ---- continuation slides: what does not fit goes on to parts 2, 3... -----------------------
CONT_SUFFIX = " (cont.)"


def part_suffix(part: int, numbered: bool) -> str:
    """What a continuation's title adds: " (2)", " (3)"... when `numbered` (reference lists),
    else " (cont.)"."""
    return f" ({part})" if numbered else CONT_SUFFIX


def part_id(slide_id: str, part: int) -> str:
    """The id of part 2, 3... of a slide: "results--2"."""
    return f"{slide_id}--{part}"


def is_part_of(name: str, slide_id: str) -> bool:
    """True when a slide id (or name) is `slide_id` or one of its continuations."""
    return re.fullmatch(rf"{re.escape(slide_id)}(--\d+)?", name) is not None


def is_numbered_part(title: str, base: str) -> bool:
    """True when a title is `base` or one of its numbered continuations ("References (2)")."""
    return re.fullmatch(rf"{re.escape(base)}( \(\d+\))?", title) is not None


def continued_title(title: str) -> str | None:
    """The title a " (cont.)" slide continues ("Results" for "Results (cont.)"), or None."""
    return title[: -len(CONT_SUFFIX)] if title.endswith(CONT_SUFFIX) else None


# ---- the source line ----------------------------------------------------------------------
SOURCE_PREFIX = "Source: "  # the source line's text starts with it
SOURCE = "Source"  # ... and its shape is named so
REVIEWED = "Evidence reviewed"  # a references slide's review line (deck.evidence.reviewed)

# ---- shape names the importer recognises ----------------------------------------------------
PRESENTER = "Presenter"  # the presenter lines on the title slide
QUOTE, STATEMENT, ATTRIBUTION = "Quote", "Statement", "Attribution"
CAPTION = "Caption"  # under a picture, table or chart
FIGURE, LABEL = "Figure", "Label"  # a stat slide's figures "Figure 1"... and "Label 1"...
LEFT, RIGHT = "Left", "Right"  # the panes of a two-column slide


def figure_name(n: int) -> str:
    """The name of a stat slide's n-th figure (from 1)."""
    return f"{FIGURE} {n}"


def label_name(n: int) -> str:
    """The name of the label under a stat slide's n-th figure."""
    return f"{LABEL} {n}"


def pane_name(side: str, part: str) -> str:
    """A two-column pane's shape: `side` LEFT or RIGHT, `part` "heading", "content" or
    "picture" ("Left heading")."""
    return f"{side} {part}"


# ---- dates: written one way everywhere (title slide, footer, reviewed line) -----------------
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)  # English whatever the machine's locale, so the same inputs give the same bytes


def long_date(day: dt.date | None) -> str | None:
    """ "7 December 2026" (None for no date)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" if day else None


def parse_long_date(text: str) -> dt.date | None:
    """The date a long_date text names, or None."""
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", text.strip())
    if not m or m.group(2) not in MONTHS:
        return None
    try:
        return dt.date(int(m.group(3)), MONTHS.index(m.group(2)) + 1, int(m.group(1)))
    except ValueError:
        return None
