"""Where things go on a slide: the built-in grid of boxes, and the frames a base offers.

No python-pptx: `slidegen check` places slides with these. A corporate template's frames are
read from the template by the render stage (render/frames.py) and handed in as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..ooxml import inches
from .roles import LAYOUT_NAMES

Box = tuple[int, int, int, int]


# the grid's defaults (a theme's `grid:` sets its own)
PANE_GAP = inches(0.4)  # between the two panes of a two-content layout
MARGIN = inches(0.6)  # left and right margin of the built-in layouts
SPACE = inches(0.2)  # the spacing unit between blocks


def side_by_side(a: Box, b: Box) -> bool:
    """Two boxes beside each other (barely overlapping across, mostly level)."""
    across = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    down = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return across <= min(a[2], b[2]) * 0.1 and down >= min(a[3], b[3]) * 0.5


def slide_boxes(width: int, height: int, margin: int = MARGIN) -> dict[str, Box]:
    """The boxes slidegen's own base gives a slide of this size.

    title, body, source and footer on content slides; cover_title and cover_subtitle on the
    title slide; section_title and section_subtitle on section dividers.
    """
    inner = width - 2 * margin
    top = inches(1.55)
    return {
        "title": (margin, inches(0.35), inner, inches(1.05)),
        "body": (margin, top, inner, height - inches(1.05) - top),
        "source": (margin, height - inches(1.0), inner, inches(0.4)),
        "footer": (margin, height - inches(0.5), inner, inches(0.35)),
        "cover_title": (margin, int(height * 0.22), inner, int(height * 0.3)),
        "cover_subtitle": (margin, int(height * 0.53), inner, int(height * 0.14)),
        "section_title": (margin, int(height * 0.36), inner, int(height * 0.28)),
        "section_subtitle": (margin, int(height * 0.66), inner, int(height * 0.14)),
    }


@dataclass(frozen=True)
class Geometry:
    """Where things go on a slide of this size (EMU)."""

    width: int
    height: int
    title: Box | None = None  # a template layout's own boxes win
    body: Box | None = None
    margin: int = MARGIN  # the theme's grid: left and right margin
    gutter: int = PANE_GAP  # between columns
    space: int = SPACE  # the spacing unit between blocks
    extra: tuple[tuple[str, Box], ...] = ()  # a template's own boxes by `slide_boxes` name

    @cached_property
    def boxes(self) -> dict[str, Box]:
        """Every box of the built-in base at this size (`slide_boxes`), a template's own
        (`extra`) instead where it has them."""
        return {**slide_boxes(self.width, self.height, self.margin), **dict(self.extra)}

    @property
    def title_box(self) -> Box:
        return self.title if self.title is not None else self.boxes["title"]

    @property
    def body_box(self) -> Box:
        return self.body if self.body is not None else self.boxes["body"]

    @property
    def panes(self) -> tuple[Box, Box]:
        """The left and right panes of a two-content layout: the body box halved, PANE_GAP apart."""
        x, y, w, h = self.body_box
        half = (w - self.gutter) // 2
        return (x, y, half, h), (x + half + self.gutter, y, half, h)

    @property
    def source_box(self) -> Box:
        return self.boxes["source"]

    @property
    def footer_box(self) -> Box:
        return self.boxes["footer"]


@dataclass(frozen=True)
class Furniture:
    """A corporate template layout's own footer, slide-number or date placeholder: its box,
    and the text colour and size its style gives (what placement checks legibility with)."""

    kind: str  # "ftr", "sldNum" or "dt"
    box: Box
    color: str  # "#RRGGBB"
    size: float  # points
    align: str = "l"  # "l", "ctr" or "r": where in its box the text sits


@dataclass(frozen=True)
class Frames:
    """What a base (slidegen's own, or a corporate template prepared for the deck) offers the
    placement stage: the geometry, and for each of its layouts (by role or slidegen layout
    name) the box of each placeholder a slide made from it gets (None: not positioned).

    A corporate template's frames say more (all empty for slidegen's own base): what the
    template draws behind each layout's slides (`art`), the area its content goes in
    (`areas`, clear of its art and footer placeholders), its own footer placeholders
    (`furniture`), the fonts its placeholders draw text in (`fonts`: "heading", "body"), the
    placeholders set in capitals (`caps`: (layout, idx)), the colours slidegen's roles show
    in (`colors`: role -> "#RRGGBB") and each layout key's role (`roles`)."""

    geometry: Geometry
    layouts: dict[str, dict[int, Box | None]]
    names: dict[str, str] = field(default_factory=dict)  # layout key -> its name in the base
    art: dict = field(default_factory=dict)  # layout key -> place.art.ArtMap
    areas: dict[str, Box] = field(default_factory=dict)
    furniture: dict[str, tuple[Furniture, ...]] = field(default_factory=dict)
    fonts: dict[str, str] = field(default_factory=dict)
    caps: frozenset = frozenset()
    colors: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)

    @property
    def template(self) -> bool:
        """Whether these are a corporate template's frames."""
        return bool(self.art)


def theme_geometry(theme, width: int | None = None, height: int | None = None, **boxes):
    """The Geometry of a theme's grid at its slide size (or `width` x `height`: a corporate
    template's own), with a template layout's `title` and `body` boxes when given."""
    w, h = (width, height) if width else theme.slide_size
    grid = theme.grid
    return Geometry(
        w, h, margin=grid["margin"], gutter=grid["gutter"], space=grid["space"], **boxes
    )


def builtin_frames(width: int, height: int, theme=None) -> Frames:
    """The frames of slidegen's own base at this slide size, on the theme's grid (default:
    slidegen's), as render/template.py builds it."""
    geo = theme_geometry(theme, width, height) if theme is not None else Geometry(width, height)
    b = geo.boxes
    left, right = geo.panes
    layouts = {
        "title": {0: b["cover_title"], 1: b["cover_subtitle"]},
        "content": {0: geo.title_box, 1: geo.body_box},
        "section": {0: b["section_title"], 1: b["section_subtitle"]},
        "two": {0: geo.title_box, 1: left, 2: right},
        "title_only": {0: geo.title_box},
        "blank": {},
    }
    return Frames(geo, layouts, dict(LAYOUT_NAMES))
