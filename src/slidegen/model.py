"""The deck format as typed models: one definition drives validation, defaults and JSON Schema.

Every model keeps the located mapping it was validated from (`.src`), so later stages can point
at the exact line of a value with `node.where("title")`.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from .errors import Pos

SLUG = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Slug = Annotated[str, Field(pattern=SLUG, max_length=120)]


def _check_alt(alt: str | None, decorative: bool) -> None:
    """A picture needs alt text unless it is marked decorative."""
    if not decorative and not (alt and alt.strip()):
        raise ValueError("a picture needs 'alt' text (or 'decorative: true')")


def new_list() -> list:
    """An empty list as a field default.

    A Python function rather than `list` itself: pydantic inspects every default factory's
    signature, and for a builtin that means parsing its text signature with `tokenize` (about
    10 ms on a build's first validation).
    """
    return []


def new_dict() -> dict:
    """An empty dict as a field default (a Python function: see new_list)."""
    return {}


def _as_list(v):
    """Accept a single string where a list of strings is expected (`cite: sleed2022`)."""
    return [v] if isinstance(v, str) else v


class Node(BaseModel):
    """Base of every model: unknown keys are errors; the source mapping is kept for positions."""

    model_config = ConfigDict(
        extra="forbid", coerce_numbers_to_str=True, frozen=True, defer_build=True
    )
    _src: Any = PrivateAttr(default=None)

    @model_validator(mode="wrap")
    @classmethod
    def _keep_source(cls, data, handler):
        obj = handler(data)
        if isinstance(data, dict):
            # what `obj._src = data` does, without pydantic's __setattr__ (a call per model)
            private = obj.__pydantic_private__
            if private is None:
                obj._src = data
            else:
                private["_src"] = data
        return obj

    @property
    def src(self) -> Any:
        """The mapping this node was validated from (`_src`), or None."""
        # read directly: `self._src` goes through pydantic's __getattr__, ten times slower
        private = self.__pydantic_private__
        return private.get("_src") if private else None

    def where(self, key: str | None = None) -> Pos | None:
        """Position of this node's value under `key` (or of the node itself)."""
        private = self.__pydantic_private__
        src = private.get("_src") if private else None
        if src is None or not hasattr(src, "pos"):
            return None
        return src.where(key) if key is not None else src.pos


StrList = Annotated[list[str], Field(default_factory=new_list)]


class Presenter(Node):
    """Who gives the talk: shown on the title and closing slides."""

    name: str = Field(description="Full name")
    role: str | None = Field(None, description="Job title; shown under the name")
    email: str | None = None
    phone: str | None = None
    url: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, v):
        return {"name": v} if isinstance(v, str) else v


class DeckMeta(Node):
    """The `deck:` block: metadata and deck-wide switches."""

    id: Slug | None = Field(None, description="Slug used in output names; default: file stem")
    title: str = Field(description="Title of the talk", min_length=1, pattern=r"\S")
    subtitle: str | None = None
    presenter: Presenter | None = None
    organisation: str | None = None
    date: dt.date | None = Field(None, description="ISO date shown on the title slide")
    theme: str = Field("default", description="Theme name or path to a theme folder")
    language: str = Field("en-GB", pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
    agenda: str | None = Field(None, description="Title of a generated agenda slide")
    title_slide: bool = True
    citation_style: Literal["harvard", "apa"] = "harvard"
    references_slide: bool = True
    logo: str | None = Field(
        None, description="a second logo shown beside the theme's (co-branding, e.g. a region)"
    )

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        if isinstance(v, dt.datetime):
            return v.date()
        return v


class SlideBase(Node):
    """Keys every slide accepts."""

    id: Slug | None = Field(None, description='Unique slug; default "<section-id>-<n>"')
    title: str | None = None
    notes: str | None = Field(None, description="Speaker notes (inline markup allowed)")
    cite: StrList
    tags: StrList
    audiences: list[str] | None = None
    hidden: bool = False
    suppress: dict[str, str] | None = Field(
        None, description="check codes to silence on this slide, each with its reason"
    )

    _as_lists = field_validator("cite", "tags", "audiences", mode="before")(
        lambda cls, v: _as_list(v)
    )


class TitleSlide(SlideBase):
    layout: Literal["title"]
    subtitle: str | None = None


class AgendaSlide(SlideBase):
    layout: Literal["agenda"]
    items: list[str] | None = None
    highlight: str | None = Field(None, description="Section id to emphasise")


class SectionSlide(SlideBase):
    layout: Literal["section"]
    subtitle: str | None = None


class Bullet(Node):
    """A bullet with sub-bullets: `{text, bullets}`."""

    text: str
    bullets: list[Bullet] = Field(default_factory=new_list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, v):
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            return {"text": str(v)}
        return v


class BulletsSlide(SlideBase):
    layout: Literal["bullets"] = "bullets"
    bullets: list[Bullet] = Field(default_factory=new_list)


class StatementSlide(SlideBase):
    layout: Literal["statement"]
    text: str
    attribution: str | None = None


class QuoteSlide(SlideBase):
    layout: Literal["quote"]
    text: str
    attribution: str | None = None


class Stat(Node):
    value: str
    label: str | None = None


class StatSlide(SlideBase):
    layout: Literal["stat"]
    value: str | None = None
    label: str | None = None
    stats: list[Stat] | None = Field(None, min_length=1, max_length=4)

    @model_validator(mode="after")
    def _one_form(self):
        if self.stats is None and self.value is None:
            raise ValueError("a stat slide needs 'value' (and 'label') or 'stats'")
        if self.stats is not None and self.value is not None:
            raise ValueError("give either 'value' and 'label' or 'stats', not both")
        return self


Fit = Literal["contain", "cover"]


class ImageSlide(SlideBase):
    layout: Literal["image"]
    image: str
    alt: str | None = None
    decorative: bool = False
    caption: str | None = None
    fit: Fit = "contain"

    @model_validator(mode="after")
    def _alt(self):
        _check_alt(self.alt, self.decorative)
        return self


class Pane(Node):
    """One side of a two-column slide: bullets, text or a picture, with an optional heading."""

    heading: str | None = None
    bullets: list[Bullet] | None = None
    text: str | None = None
    image: str | None = None
    alt: str | None = None
    decorative: bool = False
    fit: Fit = "contain"

    @model_validator(mode="after")
    def _one_kind(self):
        kinds = [k for k in ("bullets", "text", "image") if getattr(self, k) is not None]
        if len(kinds) > 1:
            raise ValueError(
                f"a pane holds one of bullets, text or image, found {' and '.join(kinds)}"
            )
        if self.image is not None:
            _check_alt(self.alt, self.decorative)
        return self


class TwoColumnSlide(SlideBase):
    layout: Literal["two-column"]
    left: Pane
    right: Pane
    ratio: str = Field("50/50", pattern=r"^\d{1,2}/\d{1,2}$", description='e.g. "60/40"')

    @field_validator("ratio")
    @classmethod
    def _ratio(cls, v):
        a, b = (int(x) for x in v.split("/"))
        if a + b != 100 or min(a, b) < 20:
            raise ValueError("ratio parts must add up to 100, each at least 20 (e.g. 60/40)")
        return v


Cell = Union[str, int, float, None]  # int kept apart so "4" is not shown as "4.0"


class TableSlide(SlideBase):
    layout: Literal["table"]
    columns: list[str] = Field(min_length=1)
    rows: list[list[Cell]] = Field(default_factory=new_list)
    caption: str | None = None


def yaml_number(value: float) -> str:
    """How YAML writes a float: NaN and infinity as `.nan`, `.inf`, `-.inf`."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    return repr(value)


def _finite(v):
    """A chart value that is a number must be finite (NaN and infinity would be gaps)."""
    if isinstance(v, float) and not math.isfinite(v):
        raise ValueError(f"chart values must be finite numbers; found {yaml_number(v)}")
    return v


ChartValue = Annotated[Union[float, str, None], AfterValidator(_finite)]


class Series(Node):
    name: str
    values: list[ChartValue]

    @field_validator("values", mode="before")
    @classmethod
    def _values(cls, v):
        return _as_list(v)


class Chart(Node):
    type: Literal["bar", "column", "line", "pie", "doughnut"]
    categories: list[str] = Field(min_length=1)
    series: list[Series] = Field(min_length=1)
    stacked: bool = Field(False, description="stack the series (bar, column, line)")
    number_format: str | None = Field(None, description='Excel number format, e.g. "0.0"')
    unit: str | None = Field(None, description='shown after each value, e.g. "%"')
    data_labels: bool = True
    legend: bool | None = Field(None, description="default: shown when more than one series")


class ChartSlide(SlideBase):
    layout: Literal["chart"]
    chart: Chart
    alt: str | None = None
    caption: str | None = None


class ReferencesSlide(SlideBase):
    layout: Literal["references"]
    all: bool = False


class ClosingSlide(SlideBase):
    layout: Literal["closing"]
    text: str | None = None


def _layout_of(v: Any) -> str:
    if isinstance(v, dict):
        layout = v.get("layout", "bullets")
        return f"layout:{layout}" if isinstance(layout, str) else "layout:?"
    return "layout:bullets"


Slide = Annotated[
    Annotated[TitleSlide, Tag("layout:title")]
    | Annotated[AgendaSlide, Tag("layout:agenda")]
    | Annotated[SectionSlide, Tag("layout:section")]
    | Annotated[BulletsSlide, Tag("layout:bullets")]
    | Annotated[StatementSlide, Tag("layout:statement")]
    | Annotated[QuoteSlide, Tag("layout:quote")]
    | Annotated[StatSlide, Tag("layout:stat")]
    | Annotated[ImageSlide, Tag("layout:image")]
    | Annotated[TwoColumnSlide, Tag("layout:two-column")]
    | Annotated[TableSlide, Tag("layout:table")]
    | Annotated[ChartSlide, Tag("layout:chart")]
    | Annotated[ReferencesSlide, Tag("layout:references")]
    | Annotated[ClosingSlide, Tag("layout:closing")],
    Discriminator(_layout_of),
]


class Section(Node):
    """A part of the talk: a divider, its slides, and optionally one level of subsections."""

    id: Slug
    title: str
    subtitle: str | None = None
    number: str | None = Field(None, description="shown on the divider and in the agenda")
    divider: bool = True
    tags: StrList
    audiences: list[str] | None = None
    hidden: bool = False
    slides: list[Slide] = Field(default_factory=new_list)
    sections: list[Section] = Field(default_factory=new_list)
    suppress: dict[str, str] | None = None

    _as_lists = field_validator("tags", "audiences", mode="before")(lambda cls, v: _as_list(v))


def _audience_name(name: str) -> str:
    """An audience's name becomes part of an output file name (deck--name.pptx)."""
    if not name.strip() or any(c in name for c in "/\\") or any(ord(c) < 32 for c in name):
        raise ValueError(
            "an audience name is part of output file names: it cannot be empty or hold "
            "'/', '\\' or control characters"
        )
    return name


AudienceName = Annotated[str, AfterValidator(_audience_name)]


class Audience(Node):
    description: str | None = None
    include_tags: StrList
    exclude_tags: StrList
    subtitle: str | None = None

    _as_lists = field_validator("include_tags", "exclude_tags", mode="before")(
        lambda cls, v: _as_list(v)
    )


class ReferenceEntry(Node):
    """A reference written inline in the deck."""

    type: Literal["report", "article", "book", "chapter", "webpage", "misc"] = "misc"
    authors: list[str | dict[str, str]] = Field(default_factory=new_list)
    editors: list[str | dict[str, str]] = Field(default_factory=new_list)
    year: int | None = None
    title: str
    container: str | None = Field(None, description="journal or book title")
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    doi: str | None = None
    note: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None
    accessed: dt.date | None = None

    _as_lists = field_validator("authors", "editors", mode="before")(lambda cls, v: _as_list(v))

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, v):
        if isinstance(v, str) and v.strip().isdigit():
            return int(v)
        return v


References = Union[str, dict[str, ReferenceEntry], list[str | dict[str, ReferenceEntry]]]


class DeckFile(Node):
    """A whole deck file."""

    deck: DeckMeta
    data: dict[str, Any] = Field(default_factory=new_dict)
    data_files: list[str] = Field(default_factory=new_list)
    references: References = Field(default_factory=new_dict)
    audiences: dict[AudienceName, Audience] = Field(default_factory=new_dict)
    sections: list[Section] = Field(min_length=1)
    suppress: dict[str, str] | None = Field(
        None, description="check codes to silence for the whole deck, each with its reason"
    )

    _as_lists = field_validator("data_files", mode="before")(lambda cls, v: _as_list(v))


def layout_fields(layout: str) -> list[str]:
    """Keys a slide of this layout accepts (for messages and docs)."""
    for cls in SLIDE_CLASSES:
        if cls.model_fields["layout"].default == layout or layout in _literal(cls):
            return list(cls.model_fields)
    return []


def _literal(cls) -> tuple:
    ann = cls.model_fields["layout"].annotation
    return getattr(ann, "__args__", ())


SLIDE_CLASSES = (
    TitleSlide,
    AgendaSlide,
    SectionSlide,
    BulletsSlide,
    StatementSlide,
    QuoteSlide,
    StatSlide,
    ImageSlide,
    TwoColumnSlide,
    TableSlide,
    ChartSlide,
    ReferencesSlide,
    ClosingSlide,
)
# every layout name, in the order of the deck format's documentation
LAYOUTS = tuple(_literal(cls)[0] for cls in SLIDE_CLASSES)
