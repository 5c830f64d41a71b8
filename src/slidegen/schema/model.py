"""The deck format as typed models: one definition drives validation, defaults and JSON Schema.

Every model keeps the located mapping it was validated from (`.src`), so later stages can point
at the exact line of a value with `node.where("title")`.
"""

# No `from __future__ import annotations`: pydantic would then compile every annotation string
# with eval() when each model is created (about 3 ms of start-up for these models).
import datetime as dt
import math
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from ..errors import Pos
from ..lifecycle import evidence_date_text, parse_age, parse_duration

SLUG = r"^[A-Za-z0-9][A-Za-z0-9_.-]*$"
Slug = Annotated[str, Field(pattern=SLUG, max_length=120)]


def _check_alt(alt: str | None, decorative: bool) -> None:
    """A picture needs alt text unless it is marked decorative."""
    if not decorative and not (alt and alt.strip()):
        raise ValueError("a picture needs 'alt' text (or 'decorative: true')")


def _evidence_date(v, info):
    """`as_of` / `review_by`: a date, `YYYY-MM` or a year, kept as its canonical text."""
    if v is None:
        return None
    try:
        return evidence_date_text(v)
    except ValueError as exc:
        raise ValueError(f"'{info.field_name}': {exc}") from None


def _duration(v):
    """`20min`, `90s`, `1h 30min`: checked here, read by slidegen.lifecycle.timing."""
    if v is None:
        return None
    parse_duration(v)
    return str(v).strip()


def _age(v):
    """`3y`, `18m`, `2y 6m`: checked here, read by slidegen.lifecycle.evidence."""
    if v is None:
        return None
    parse_age(v)
    return str(v).strip()


EvidenceDateText = Annotated[str, BeforeValidator(_evidence_date)]
Duration = Annotated[str, BeforeValidator(_duration)]


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
    email: str | None = Field(None, description="Shown on the closing slide as a mailto: link")
    phone: str | None = Field(None, description="Shown on the closing slide")
    url: str | None = Field(None, description="Web address shown on the closing slide")

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, v):
        return {"name": v} if isinstance(v, str) else v


class EvidencePolicy(Node):
    """The `deck.evidence:` block: the evidence's review dates and how old it may be."""

    max_age: Annotated[str, BeforeValidator(_age)] | None = Field(
        None,
        description="Figures and references whose `as_of` is older than this are warned about"
        ' by `check`, e.g. "3y", "18m", "2y 6m"',
    )
    reviewed: dt.date | None = Field(
        None,
        description='When the evidence was last reviewed: the references slide shows "Evidence'
        ' reviewed <date>"',
    )
    next_review: dt.date | None = Field(
        None,
        description='When the next review is due: shown after `reviewed` ("next review due'
        ' <date>")',
    )

    @field_validator("reviewed", "next_review", mode="before")
    @classmethod
    def _dates(cls, v):
        if isinstance(v, dt.datetime):
            return v.date()
        return v


class DeckMeta(Node):
    """The `deck:` block: metadata and deck-wide switches."""

    id: Slug | None = Field(None, description="Slug used in output names; default: file stem")
    title: str = Field(description="Title of the talk", min_length=1, pattern=r"\S")
    subtitle: str | None = Field(
        None, description="Shown on the title slide; an audience's `subtitle` replaces it"
    )
    edition: str | None = Field(
        None,
        description='A label for this version, e.g. a region\'s "Tees Valley edition": shown'
        " on the title slide after the subtitle and in the footer, in every audience's build",
    )
    presenter: Presenter | None = Field(
        None, description="Who gives the talk: a name, or `{name, role, email, phone, url}`"
    )
    organisation: str | None = Field(
        None,
        description="Shown on the title and closing slides; the document's author if no presenter",
    )
    date: dt.date | None = Field(None, description="ISO date shown on the title slide")
    theme: str = Field("default", description="Theme name or path to a theme folder")
    language: str = Field(
        "en-GB",
        pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$",
        description="BCP 47 language tag set on every text run and on the document",
    )
    agenda: str | None = Field(None, description="Title of a generated agenda slide")
    numbering: Literal["plain", "nested"] = Field(
        "plain",
        description="`plain`: a section shows its own `number:` (the agenda numbers sections"
        " 1, 2, 3), a subsection its number within its section; `nested`: every section is"
        " numbered (1, 2, 3) and its subsections 2.1, 2.2",
    )
    title_slide: bool = Field(True, description="Open the deck with a generated title slide")
    citation_style: Literal["harvard", "apa"] = Field(
        "harvard", description="How citations and the reference list are formatted (APA 7)"
    )
    references_slide: bool = Field(
        True,
        description="Close the deck with a references slide when anything is cited and none is"
        " placed",
    )
    logo: str | None = Field(
        None, description="a second logo shown beside the theme's (co-branding, e.g. a region)"
    )
    evidence: EvidencePolicy | None = Field(
        None,
        description="How old the evidence may be (`max_age`) and when it was last reviewed"
        " (`reviewed`, shown on the references slide)",
    )
    pace: int = Field(
        130,
        ge=40,
        le=400,
        description="Speaking pace in words a minute: speaker notes at this pace give each"
        " slide's estimated time (`slidegen list`, an audience's `duration`)",
    )

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v):
        if isinstance(v, dt.datetime):
            return v.date()
        return v


class SlideBase(Node):
    """Keys every slide accepts."""

    id: Slug | None = Field(None, description="Unique slug; default `<section-id>-<n>`")
    title: str | None = Field(
        None,
        description="Slide title; a content slide without one shows its section's title",
    )
    notes: str | None = Field(None, description="Speaker notes (inline markup allowed)")
    cite: StrList = Field(
        default_factory=new_list,
        description="Reference ids shown in a source line at the foot of the slide",
    )
    tags: StrList = Field(
        default_factory=new_list, description="Tags an audience's include/exclude_tags select"
    )
    audiences: list[str] | None = Field(
        None, description="Only in the builds for these audiences (default: every build)"
    )
    hidden: bool = Field(False, description="Leave the slide (and what it cites) out of the build")
    suppress: dict[str, str] | None = Field(
        None, description="check codes to silence on this slide, each with its reason"
    )
    time: Duration | None = Field(
        None,
        description='Speaking time of this slide, e.g. "2min" or "45s" (default: estimated'
        " from its notes at `deck.pace`)",
    )

    _as_lists = field_validator("cite", "tags", "audiences", mode="before")(
        lambda cls, v: _as_list(v)
    )


class TitleSlide(SlideBase):
    """The deck's title, subtitle, presenter, organisation and date (generated unless
    `deck.title_slide: false`); `title` defaults to the deck title."""

    layout: Literal["title"]
    subtitle: str | None = Field(None, description="Replaces the deck's subtitle on this slide")


class AgendaSlide(SlideBase):
    """The top-level sections in this build, numbered (generated when `deck.agenda` is set);
    placed anywhere, it repeats the deck's agenda with the section that comes next highlighted.
    A section holding only agenda slides is not listed, numbered or given a divider. `title`
    defaults to `deck.agenda`, else "Agenda" (in a section of its own: the section's title)."""

    layout: Literal["agenda"]
    items: list[str] | None = Field(None, description="Your own lines instead of the sections")
    highlight: str | Literal[False] | None = Field(
        None,
        description="Section id to emphasise; default: the section that comes next (none"
        " before the first section's slides); `false`: none",
    )


class SectionSlide(SlideBase):
    """A section divider placed by hand (dividers are normally generated from sections)."""

    layout: Literal["section"]
    subtitle: str | None = Field(None, description="A line under the divider's title")


class Bullet(Node):
    """A bullet with sub-bullets: `{text, bullets}`."""

    text: str = Field(description="The bullet's text (inline markup allowed)")
    bullets: list["Bullet"] = Field(
        default_factory=new_list, description="Sub-bullets (three levels at most)"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, v):
        if isinstance(v, (str, int, float)) and not isinstance(v, bool):
            return {"text": str(v)}
        return v


class BulletsSlide(SlideBase):
    """A title and a bullet list (the default layout); a list too long for one slide continues
    on a "(cont.)" slide."""

    layout: Literal["bullets"] = "bullets"
    bullets: list[Bullet] = Field(
        default_factory=new_list,
        description="Text, or `{text, bullets}` for nesting (three levels at most)",
    )


class StatementSlide(SlideBase):
    """One key message, large."""

    layout: Literal["statement"]
    text: str = Field(description="The message")
    attribution: str | None = Field(None, description="Who said or wrote it")


class QuoteSlide(SlideBase):
    """A quotation in quotation marks, with its source."""

    layout: Literal["quote"]
    text: str = Field(description="The quotation, without quotation marks")
    attribution: str | None = Field(None, description="Who said or wrote it")


class Stat(Node):
    """One big figure with its meaning."""

    value: str = Field(description='The figure, e.g. "74%" or "{{ group.name }}%"')
    label: str | None = Field(None, description="What the figure means")


class StatSlide(SlideBase):
    """Big figures with their meaning: `value` and `label`, or `stats` (not both)."""

    layout: Literal["stat"]
    value: str | None = Field(None, description='The figure, e.g. "74%" or "{{ group.name }}%"')
    label: str | None = Field(None, description="What the figure means")
    stats: list[Stat] | None = Field(
        None, min_length=1, max_length=4, description="1 to 4 figures side by side"
    )

    @model_validator(mode="after")
    def _one_form(self):
        if self.stats is None and self.value is None:
            raise ValueError("a stat slide needs 'value' (and 'label') or 'stats'")
        if self.stats is not None and self.value is not None:
            raise ValueError("give either 'value' and 'label' or 'stats', not both")
        return self


Fit = Literal["contain", "cover"]


class ImageSlide(SlideBase):
    """One picture under the title."""

    layout: Literal["image"]
    image: str = Field(
        description="Picture file (PNG, JPEG, TIFF, WMF or EMF; GIF, BMP and WebP are converted)"
    )
    alt: str | None = Field(
        None, description="Alt text for screen readers; required unless `decorative`"
    )
    decorative: bool = Field(False, description="Mark the picture decorative: readers skip it")
    caption: str | None = Field(None, description="A line beneath the picture")
    fit: Fit = Field(
        "contain",
        description="`contain`: the whole picture, centred; `cover`: fills the area, trimmed",
    )

    @model_validator(mode="after")
    def _alt(self):
        _check_alt(self.alt, self.decorative)
        return self


class Pane(Node):
    """One side of a two-column slide: bullets, text or a picture, with an optional heading."""

    heading: str | None = Field(None, description="A heading above the pane's content")
    bullets: list[Bullet] | None = Field(
        None, description="Bullets, as on a bullets slide (three levels at most)"
    )
    text: str | None = Field(None, description="A paragraph of text")
    image: str | None = Field(None, description="A picture file")
    alt: str | None = Field(
        None, description="Alt text of the picture; required unless `decorative`"
    )
    decorative: bool = Field(False, description="Mark the picture decorative: readers skip it")
    fit: Fit = Field("contain", description="`contain` or `cover`, as on an image slide")

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
    """Two panes side by side."""

    layout: Literal["two-column"]
    left: Pane = Field(description="The left pane")
    right: Pane = Field(description="The right pane")
    ratio: str = Field(
        "50/50",
        pattern=r"^\d{1,2}/\d{1,2}$",
        description='Widths of the panes, e.g. "60/40": adding up to 100, each at least 20',
    )

    @field_validator("ratio")
    @classmethod
    def _ratio(cls, v):
        a, b = (int(x) for x in v.split("/"))
        if a + b != 100 or min(a, b) < 20:
            raise ValueError("ratio parts must add up to 100, each at least 20 (e.g. 60/40)")
        return v


Cell = Union[str, int, float, None]  # int kept apart so "4" is not shown as "4.0"


class TableSlide(SlideBase):
    """A native, editable table; rows that do not fit continue on a "(cont.)" slide with the
    header repeated."""

    layout: Literal["table"]
    columns: list[str] = Field(min_length=1, description="The header row")
    rows: list[list[Cell]] = Field(
        default_factory=new_list,
        description="Rows of cells (text, numbers, or null for empty), one per column",
    )
    caption: str | None = Field(None, description="A line beneath the table")


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
    """One series of a chart: a name and one value per category."""

    name: str = Field(description="Shown in the legend (or above the plot)")
    values: list[ChartValue] = Field(
        description='Numbers, placeholders or text such as "74%"; null for a gap'
    )

    @field_validator("values", mode="before")
    @classmethod
    def _values(cls, v):
        return _as_list(v)


class Chart(Node):
    """A native chart whose data PowerPoint's "Edit Data" opens."""

    type: Literal["bar", "column", "line", "pie", "doughnut"] = Field(
        description="bar (horizontal), column, line, pie or doughnut (one series)"
    )
    categories: list[str] = Field(min_length=1, description="Category labels, in order")
    series: list[Series] = Field(min_length=1, description="Each with one value per category")
    stacked: bool = Field(False, description="stack the series (bar, column, line)")
    number_format: str | None = Field(None, description='Excel number format, e.g. "0.0"')
    unit: str | None = Field(None, description='shown after each value, e.g. "%"')
    data_labels: bool = Field(True, description="Show a label with each value")
    legend: bool | None = Field(
        None, description="default: shown for several series, and for pie and doughnut charts"
    )


class ChartSlide(SlideBase):
    """A native, editable chart in the theme's colours."""

    layout: Literal["chart"]
    chart: Chart = Field(description="The chart's type and data")
    alt: str | None = Field(
        None,
        description="Alt text of the chart; default: a description written from its data"
        " (type, axes, each series' range, highest and lowest, trend)",
    )
    caption: str | None = Field(None, description="A line beneath the chart")


class ReferencesSlide(SlideBase):
    """The references cited in this build, formatted in the deck's citation style; generated
    at the end unless `deck.references_slide: false`. `title` defaults to "References"."""

    layout: Literal["references"]
    all: bool = Field(False, description="List every reference, cited or not")


class ClosingSlide(SlideBase):
    """A closing slide with the presenter's contact details; `title` defaults to
    "Discussion"."""

    layout: Literal["closing"]
    text: str | None = Field(None, description="Text shown before the contact details")


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

    id: Slug = Field(description="Unique slug; the divider's id is `<id>-divider`")
    title: str = Field(description="Shown on the divider, in the agenda and on untitled slides")
    subtitle: str | None = Field(None, description="Shown on the divider and in the agenda")
    number: str | None = Field(
        None,
        description='Shown on the divider and in the agenda ("2. Title"; "2.1 Title" for a'
        " number of several parts); default: see `deck.numbering`",
    )
    divider: bool = Field(True, description="Open the section with a divider slide")
    tags: StrList = Field(
        default_factory=new_list, description="Tags that apply to every slide of the section"
    )
    audiences: list[str] | None = Field(
        None, description="Only in the builds for these audiences (default: every build)"
    )
    hidden: bool = Field(False, description="Leave the whole section out of the build")
    slides: list[Slide] = Field(default_factory=new_list, description="The section's slides")
    sections: list["Section"] = Field(
        default_factory=new_list,
        description="Subsections (one level), after the slides; or `include:` items",
    )
    suppress: dict[str, str] | None = Field(
        None, description="check codes to silence on the section's slides, each with its reason"
    )

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


class ReadingLevel(Node):
    """How easy an audience's slides must be to read (`reading_ease`, `reading_age` or both)."""

    reading_ease: float | None = Field(
        None,
        ge=0,
        le=100,
        description="The lowest Flesch reading ease a slide may score (0-100, higher is"
        " easier; 60 is plain English)",
    )
    reading_age: float | None = Field(
        None,
        ge=5,
        le=25,
        description="The highest reading age, in years, a slide may need (Flesch-Kincaid"
        " grade + 5; English only)",
    )

    @model_validator(mode="after")
    def _one(self):
        if self.reading_ease is None and self.reading_age is None:
            raise ValueError("give 'reading_ease' (e.g. 60) or 'reading_age' (e.g. 12), or both")
        return self


class Audience(Node):
    """One version of the talk, built with `--audience NAME`."""

    description: str | None = Field(None, description="For people reading the deck")
    include_tags: StrList = Field(
        default_factory=new_list,
        description="If set: keep only content slides tagged so (or whose section is)",
    )
    exclude_tags: StrList = Field(
        default_factory=new_list,
        description="Drop content slides tagged so (or whose section is)",
    )
    subtitle: str | None = Field(None, description="Replaces `deck.subtitle` in this version")
    backup: bool | Literal["end", "in-place"] = Field(
        False,
        description="Keep the content slides this audience's tags drop as hidden slides, at"
        " hand for questions: `true` or `end` after the last slide, `in-place` where they"
        " stand; agenda and references follow the slides shown",
    )
    duration: Duration | None = Field(
        None,
        description='The time this version has, e.g. "20min": `check` warns when its slides'
        " would take longer",
    )
    reading_level: ReadingLevel | None = Field(
        None,
        description="Plain language for this version: `check` scores each slide's text and"
        " warns on slides harder than this",
    )

    _as_lists = field_validator("include_tags", "exclude_tags", mode="before")(
        lambda cls, v: _as_list(v)
    )


class ReferenceEntry(Node):
    """A reference written inline in the deck."""

    type: Literal["report", "article", "book", "chapter", "webpage", "misc"] = Field(
        "misc", description="Decides the fields the reference list shows and needs"
    )
    authors: list[str | dict[str, str]] = Field(
        default_factory=new_list,
        description='"Family, Initials" strings, or `{family, given}` mappings',
    )
    editors: list[str | dict[str, str]] = Field(
        default_factory=new_list, description="Editors of the book a chapter is in"
    )
    year: int | None = Field(None, description="Year of publication")
    title: str = Field(description="Title of the work")
    container: str | None = Field(None, description="journal or book title")
    publisher: str | None = Field(None, description="Publisher or issuing organisation")
    place: str | None = Field(None, description="Place of publication")
    url: str | None = Field(None, description="Web address, linked from the reference list")
    doi: str | None = Field(None, description="DOI, linked as https://doi.org/...")
    note: str | None = Field(None, description="Added at the end of the entry")
    volume: str | None = Field(None, description="Journal volume")
    issue: str | None = Field(None, description="Journal issue")
    pages: str | None = Field(None, description="Page range, e.g. 261-271")
    edition: str | None = Field(None, description="Edition, e.g. 2nd")
    accessed: dt.date | None = Field(None, description="When a web page was read (ISO date)")
    as_of: EvidenceDateText | None = Field(
        None,
        description="The date the work's evidence describes or was retrieved (2024-03-31,"
        " 2024-03 or 2024); checked against `deck.evidence.max_age`",
    )
    review_by: EvidenceDateText | None = Field(
        None,
        description="When the work must be looked at again (a date, month or year); `check`"
        " warns on the slides that cite it once this has passed",
    )

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

    deck: DeckMeta = Field(description="Metadata and deck-wide switches")
    data: dict[str, Any] = Field(
        default_factory=new_dict,
        description="Values for {{ }} placeholders, any nesting; a sourced value is"
        " `{value, cite}`, with optional `as_of` and `review_by` dates",
    )
    data_files: list[str] = Field(
        default_factory=new_list,
        description="YAML files of more data, merged in order; the deck's own `data` last",
    )
    references: References = Field(
        default_factory=new_dict,
        description="id -> reference; or a .bib or CSL-JSON .json file; or a list mixing both",
    )
    audiences: dict[AudienceName, Audience] = Field(
        default_factory=new_dict, description="name -> audience: the versions of the talk"
    )
    sections: list[Section] = Field(
        min_length=1, description="The talk's sections, in order (or `include:` items)"
    )
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
