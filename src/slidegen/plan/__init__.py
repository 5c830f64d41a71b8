"""The resolved deck: every slide final (data filled in, citations formatted), no python-pptx yet.

Renderers and checks read this; `slidegen list` prints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Pos
from ..text import Text

# ---- what each layout shows: one frozen dataclass per layout's content -------------------
# Text fields hold Text once planning is done (inline markup and citations resolved); while
# the planner works they may hold its Pending text, which `finish` turns into Text.


@dataclass(frozen=True)
class TitleContent:
    """The title slide: its own subtitle (else the deck's)."""

    subtitle: Text | None = None


@dataclass(frozen=True)
class AgendaItem:
    """One line of an agenda: a section (numbered) or an item the author listed."""

    number: str | None
    title: Text
    subtitle: Text | None = None
    highlight: bool = False
    id: str | None = None  # the section's id; None for an item the author listed


@dataclass(frozen=True)
class AgendaContent:
    items: tuple[AgendaItem, ...] = ()


@dataclass(frozen=True)
class SectionContent:
    """A section divider: its number ("2", or None), subtitle and depth (1: top level)."""

    number: str | None = None
    subtitle: Text | None = None
    depth: int = 1


Bullet = tuple[int, Text]  # (level 0-2, text)


@dataclass(frozen=True)
class BulletsContent:
    bullets: tuple[Bullet, ...] = ()


@dataclass(frozen=True)
class StatementContent:
    text: Text | None = None
    attribution: Text | None = None


@dataclass(frozen=True)
class QuoteContent(StatementContent):
    """A quotation: shown in quotation marks and italics."""


@dataclass(frozen=True)
class Stat:
    value: Text | None
    label: Text | None = None


@dataclass(frozen=True)
class StatContent:
    stats: tuple[Stat, ...] = ()


@dataclass(frozen=True)
class Picture:
    """A picture to show: its file, where the deck names it, alt text and how it fills its box."""

    image: Path | None = None
    image_pos: Pos | None = None
    alt: str | None = None
    decorative: bool = False
    fit: str | None = None  # "contain" (default) or "cover"


@dataclass(frozen=True)
class ImageContent(Picture):
    caption: Text | None = None


@dataclass(frozen=True)
class Pane(Picture):
    """One side of a two-column slide: bullets, a paragraph or a picture, under a heading."""

    heading: Text | None = None
    bullets: tuple[Bullet, ...] | None = None
    text: Text | None = None


@dataclass(frozen=True)
class TwoColumnContent:
    left: Pane
    right: Pane
    ratio: tuple[int, int] = (50, 50)


Cell = Text | int | float


@dataclass(frozen=True)
class TableContent:
    columns: tuple[Text, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: Text | None = None


@dataclass(frozen=True)
class Series:
    name: str | None
    values: tuple[float | int | None, ...]


@dataclass(frozen=True)
class ChartContent:
    type: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    stacked: bool = False
    number_format: str | None = None
    unit: str | None = None
    data_labels: bool = True
    legend: bool = False
    alt: str | None = None
    caption: Text | None = None


@dataclass(frozen=True)
class ReferencesContent:
    all: bool = False  # list every reference, not only the cited ones
    reviewed: Text | None = None  # "Evidence reviewed 1 November 2026" (deck.evidence)


@dataclass(frozen=True)
class ClosingContent:
    text: Text | None = None


Content = (
    TitleContent
    | AgendaContent
    | SectionContent
    | BulletsContent
    | StatementContent
    | StatContent
    | ImageContent
    | TwoColumnContent
    | TableContent
    | ChartContent
    | ReferencesContent
    | ClosingContent
)


@dataclass
class PlannedSlide:
    """One slide as it will appear. `content` holds the layout's own resolved fields."""

    id: str
    layout: str
    title: Text
    pos: Pos | None = None
    notes: list[Text] = field(default_factory=list)
    source: Text | None = None  # "Sleed et al. (2022)": the works the slide cites via `cite`
    hidden: bool = False
    backup: bool = False  # dropped by the audience's tags, kept hidden (`backup:`)
    cites: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section_id: str | None = None
    content: Content | None = None
    generated: bool = False  # made by slidegen (title, agenda, dividers, references)
    part: int = 1  # 2, 3... for continuation slides ("(cont.)", "References (2)")
    data_keys: list[str] = field(default_factory=list)
    suppress: dict[str, str] = field(default_factory=dict)
    inherited_title: bool = False  # no `title:` given: the section's title is shown
    time: float | None = None  # seconds: the slide's own `time:` (else estimated from notes)


@dataclass
class Presenter:
    """Who gives the talk, as the title and closing slides show them."""

    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Lifecycle:
    """What the evidence lifecycle reads of a build (slidegen.lifecycle): the deck's data with
    its sources and dates, the evidence policy, the pace, and the audience's budgets."""

    data: Any = None  # the deck's data, data files merged (sourced values keep as_of/review_by)
    pace: int = 130  # words of speaker notes a minute
    max_age: str | None = None  # deck.evidence.max_age, e.g. "3y"
    max_age_pos: Pos | None = None
    reviewed: dt.date | None = None
    next_review: dt.date | None = None
    duration: float | None = None  # seconds: the audience's `duration`
    duration_pos: Pos | None = None
    reading_ease: float | None = None  # the audience's reading_level
    reading_age: float | None = None
    reading_pos: Pos | None = None


@dataclass
class DeckPlan:
    """A deck ready to render: metadata, theme, slides in order, references."""

    id: str
    path: Path
    title: str
    subtitle: str | None
    presenter: Presenter | None
    organisation: str | None
    date: dt.date | None
    language: str
    citation_style: str
    theme: Any  # slidegen.schema.theme.Theme
    slides: list[PlannedSlide]
    references: dict[str, Any]  # id -> slidegen.resolve.references.Reference
    cited: list[str]  # ids cited by the kept slides, first-cited order
    audience: str | None = None
    edition: str | None = None  # deck.edition: on the title slide and in the footer
    overlays: tuple[str, ...] = ()
    inputs: list[Path] = field(default_factory=list)  # every file read (for manifests, watch)
    suppress: dict[str, str] = field(default_factory=dict)
    year_suffixes: dict[str, str] = field(default_factory=dict)  # 2019a, 2019b: one set per build
    lifecycle: Lifecycle = field(default_factory=Lifecycle)
