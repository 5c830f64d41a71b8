"""The resolved deck: every slide final (data filled in, citations formatted), no python-pptx yet.

Renderers and checks read this; `slidegen list` prints it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import Pos
from .text import Text


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
    cites: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    section_id: str | None = None
    content: dict[str, Any] = field(default_factory=dict)
    generated: bool = False  # made by slidegen (title, agenda, dividers, references)
    part: int = 1  # 2, 3... for continuation slides ("(cont.)", "References (2)")
    data_keys: list[str] = field(default_factory=list)
    suppress: dict[str, str] = field(default_factory=dict)
    inherited_title: bool = False  # no `title:` given: the section's title is shown


@dataclass
class Presenter:
    """Who gives the talk, as the title and closing slides show them."""

    name: str
    role: str | None = None
    email: str | None = None
    phone: str | None = None
    url: str | None = None


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
    theme: Any  # slidegen.theme.Theme
    slides: list[PlannedSlide]
    references: dict[str, Any]  # id -> slidegen.references.Reference
    cited: list[str]  # ids cited by the kept slides, first-cited order
    audience: str | None = None
    overlays: tuple[str, ...] = ()
    inputs: list[Path] = field(default_factory=list)  # every file read (for manifests, watch)
    suppress: dict[str, str] = field(default_factory=dict)
    year_suffixes: dict[str, str] = field(default_factory=dict)  # 2019a, 2019b: one set per build
