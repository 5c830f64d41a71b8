"""Placed slides: every shape of a slide decided (where, how large, what text at what size).

Plain data, no python-pptx: `render` turns a placed slide into XML item by item, in order
(the order is the shapes' stacking and reading order, and the order their ids and
relationships are given in); `check` reads the same placed slides for sizes and overflow.
Boxes are (left, top, width, height) in EMU; sizes in points.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Pos
from ..plan import ChartContent, PlannedSlide
from ..text import Text

Box = tuple[int, int, int, int]


@dataclass(frozen=True)
class Paragraph:
    """One paragraph to write: its text and how it is set.

    `size` None keeps the size the placeholder's style gives; `level` None leaves the level
    alone; `bullet`: None (as the style says), "none" (no bullet, the level's margin kept),
    "char" (a bullet character, for a text box standing in for a placeholder), "hanging" (no
    bullet, a hanging indent: reference lists) or "none-after" ("none", set once the text is
    written).
    """

    text: Text
    size: float | None = None
    level: int | None = None
    bullet: str | None = None
    color: str | None = None  # a theme colour name ("accent", "muted") or "#RRGGBB"
    bold: bool | None = None
    space_before: float | None = None  # points above the paragraph (None: the style's)


@dataclass(frozen=True)
class StandIn:
    """A text box standing in for content placeholder `idx`, which the layout lacks."""

    idx: int
    box: Box
    name: str


@dataclass(frozen=True)
class Fill:
    """Paragraphs written into placeholder `idx` (or its stand-in), keeping its styles."""

    idx: int
    paragraphs: tuple[Paragraph, ...]
    box: Box | None = None  # moved here (two-column panes)
    name: str | None = None  # renamed (two-column panes)


@dataclass(frozen=True)
class Remove:
    """Placeholder `idx` (or its stand-in) is not used: removed from the slide."""

    idx: int


@dataclass(frozen=True)
class TextBox:
    """A new text box; every paragraph at one size, colour and alignment."""

    box: Box
    paragraphs: tuple[Text, ...]
    size: float
    name: str
    color: str | None = "text"
    align: str | None = "l"  # "l", "ctr", "r"
    anchor: str = "t"  # "t", "ctr", "b"
    font: str = "+mn-lt"  # the theme's body font; "+mj-lt" its heading font
    bold: bool | None = None
    italic: bool | None = None
    before: int | None = None  # placed before placeholder `idx` (reading order)


@dataclass(frozen=True)
class PictureShape:
    """A picture, prepared for `target_px` pixels across and shown in `box`.

    `fit` "cover" crops it to fill the box (the crop is worked out from the prepared
    picture's pixels); "contain" shows it whole (the box already has its proportions).
    """

    path: Path
    pos: Pos | None
    box: Box
    fit: str
    target_px: int
    alt: str | None
    decorative: bool
    name: str
    before: int | None = None


@dataclass(frozen=True)
class TableCell:
    """How a cell with text is formatted."""

    fill: str  # scheme colour of the cell ("tx2" header, "bg2" / "bg1" bands)
    anchor: str  # "ctr" header, "t" body
    align: str  # "l", or "r" for numbers


@dataclass(frozen=True)
class TableShape:
    """A native table at (left, top): column widths, row heights, every cell formatted."""

    left: int
    top: int
    widths: tuple[int, ...]
    heights: tuple[int, ...]
    rows: tuple[tuple[TableCell | None, ...], ...]  # None: a cell without text, left plain
    texts: tuple[tuple[Text, ...], ...]  # header first, as written
    size: float


@dataclass(frozen=True)
class ChartShape:
    """A native chart with its workbook."""

    content: ChartContent
    box: Box
    number_format: str  # of the data labels
    label_size: float
    alt: str
    axis_format: str | None = None  # of the value axis (None: number_format)
    category_rotation: int = 0  # degrees the category labels turn so they never collide


@dataclass(frozen=True)
class RuleShape:
    """A decorative bar in a theme colour (an accent rule, a quotation's side bar): a filled
    rectangle without outline, marked decorative so screen readers pass over it."""

    box: Box
    color: str  # a theme colour name
    name: str = "Rule"


@dataclass(frozen=True)
class SlideFill:
    """The slide's own background: a scheme colour slot ("bg2": the theme's tint of its primary
    colour), instead of its layout's."""

    scheme: str


Shape = (
    StandIn
    | Fill
    | Remove
    | TextBox
    | PictureShape
    | TableShape
    | ChartShape
    | RuleShape
    | SlideFill
)


@dataclass(frozen=True)
class Fit:
    """A text fitted to its box: what it is (for messages), the size it got, the size it
    started from, and whether it fits at all. `body` marks text a reader must read (the
    TEXT-SMALL check), as opposed to captions, sources and big figures."""

    what: str
    size: float
    start: float
    fits: bool
    body: bool = True


@dataclass(frozen=True)
class PlacedSlide:
    """One slide of the output: the planned slide (or this part of it: a continuation), the
    base layout it is drawn on, and its shapes in order."""

    planned: PlannedSlide
    layout: str  # role or slidegen layout name: a key of the base's layouts
    shapes: tuple[Shape, ...]
    fits: tuple[Fit, ...] = ()
