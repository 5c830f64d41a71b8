"""What every layout's placement receives, and the helpers they share (title, content
placeholder, fitting, source line)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..codes import Code
from ..conventions import REVIEWED, SOURCE, SOURCE_PREFIX
from ..errors import Diagnostics
from ..load import display_path
from ..ooxml import EMU_PER_CM
from ..plan import DeckPlan, PlannedSlide
from ..text import Text
from .fit import fit_text
from .geometry import Box, Frames, Geometry, inches
from .measure import Para
from .model import Fill, Fit, Paragraph, StandIn, TextBox

SOURCE_GAP = inches(0.05)  # between the content above a source line and the line


def level_sizes(body: float, minimum: float) -> list[float]:
    """Text sizes of bullet levels 1, 2 and 3 (deeper levels as level 3): 2 pt smaller a level,
    never below the minimum."""
    return [body, max(body - 2, minimum), max(body - 4, minimum)]


@dataclass(eq=False)
class PlaceContext:
    """One deck's placement: no globals, passed to every layout's placement."""

    plan: DeckPlan
    frames: Frames
    fonts: object  # slidegen.place.measure.FontCache
    diags: Diagnostics
    registry: object  # slidegen.place.registry.Registry
    cache: object = None  # slidegen.cache.BuildCache kept across builds, or None
    image_sizes: dict = field(default_factory=dict)

    @property
    def theme(self):
        return self.plan.theme

    @property
    def geometry(self) -> Geometry:
        return self.frames.geometry

    def size(self, role: str) -> float:
        return float(self.theme.sizes[role])

    def measurer(self, font: str = "body"):
        """Text metrics of the "body" or "heading" font: the theme's, or on a corporate
        template the font its placeholders draw text in."""
        return self.fonts.measurer(self.frames.fonts.get(font) or self.theme.fonts[font])

    def area_of(self, key: str) -> Box:
        """The content area of a base layout: on a template, inside its space (its body
        placeholder, ended above its footer placeholders and art); else the body area."""
        return self.frames.areas.get(key) or self.geometry.body_box

    def source_box(self, key: str) -> Box:
        """Where a slide of base layout `key` has its source line: the foot of a template
        layout's content area, or slidegen's own source line."""
        if key not in self.frames.areas:  # slidegen's own base
            return self.geometry.source_box
        from .template_space import source_box

        return source_box(self.frames, key, self.size("caption")) or self.geometry.source_box

    def content_box(self, planned: PlannedSlide, box: Box | None = None) -> Box:
        """`box` (default: the slide's content area) as a slide's content may use it: ending
        SOURCE_GAP above the source line when the slide has one and the box reaches into it
        (a template's body area often does; slidegen's own ends there already). For layouts
        that draw the source line."""
        key = self.layout_key(planned)
        box = box or self.area_of(key)
        # a references slide's "Evidence reviewed" line stands where a source line would
        if not planned.source and not getattr(planned.content, "reviewed", None):
            return box
        x, y, w, h = box
        sx, sy, sw, _ = self.source_box(key)
        bottom = sy - SOURCE_GAP
        if min(x + w, sx + sw) > max(x, sx) and y < bottom < y + h:
            return (x, y, w, bottom - y)
        return box

    def layout_key(self, planned: PlannedSlide) -> str:
        """The base layout a slide is drawn on: its own (a theme's `layouts:` entry for its
        slidegen layout), else its role's."""
        if planned.layout in self.theme.layouts:
            return planned.layout
        return self.registry.get(planned.layout).role(planned)


@dataclass(eq=False)
class SlideDraft:
    """The shapes and fits of one slide (or part) being placed."""

    ctx: PlaceContext
    planned: PlannedSlide
    layout: str
    shapes: list = field(default_factory=list)
    fits: list[Fit] = field(default_factory=list)

    @property
    def placeholders(self) -> dict[int, Box | None]:
        return self.ctx.frames.layouts.get(self.layout, {})

    def has(self, idx: int) -> bool:
        return idx in self.placeholders

    def box(self, idx: int) -> Box | None:
        return self.placeholders.get(idx)

    def add(self, shape) -> None:
        self.shapes.append(shape)

    # ---- fitting ----------------------------------------------------------------------------
    def fit(
        self,
        paras,
        box: Box,
        start: float,
        minimum: float | None = None,
        font: str = "body",
        space_before: float = 0.0,
        what: str = "text",
        body: bool = True,
    ) -> float:
        """The largest size from `start` down to the theme minimum at which paragraphs fit
        `box`; recorded, and warned about when even the minimum overflows."""
        ctx = self.ctx
        minimum = min(start, minimum if minimum is not None else ctx.size("minimum"))
        measurer = ctx.measurer(font)
        size = fit_text(measurer, paras, box, start, minimum, space_before)
        self.fits.append(
            Fit(what, size if size is not None else minimum, start, size is not None, body)
        )
        if size is not None:
            return size
        choice = measurer.choice()
        used = (
            choice.family_used if choice.exact else f"{choice.family_used} for {choice.requested}"
        )
        ctx.diags.warning(
            f"{what} on slide '{self.planned.id}' does not fit even at {minimum:g} pt; shorten it "
            f"(measured with {used} metrics in a {box[2] / EMU_PER_CM:.1f} x "
            f"{box[3] / EMU_PER_CM:.1f} cm box)",
            self.planned.pos,
            code=Code.OVERFLOW,
        )
        return minimum

    # ---- shared pieces ----------------------------------------------------------------------
    def title(self) -> None:
        """The slide's title in its title placeholder, smaller than the heading size only
        when it would not fit otherwise."""
        ctx = self.ctx
        box = self.box(0)
        if not (box and box[2]):
            box = ctx.geometry.title_box
        own = box
        if ctx.frames.template:
            from .template_space import narrowed

            box = narrowed(ctx.frames, self.layout, box)
        heading = ctx.size("heading")
        grown = self.grown(box, heading) or (box if box != own else None)
        size = self.fit(
            [Para(self.shown(0, self.planned.title), bold=True)],
            grown or box,
            heading,
            minimum=min(ctx.size("minimum"), heading),
            font="heading",
            what="the title",
        )
        if self.planned.inherited_title:
            # no title of its own: the section's name, shown as a small label over the slide's
            # hero text (still its title for screen readers and the outline)
            kicker = max(ctx.size("caption") + 2, ctx.size("minimum"))
            color = "muted"
            if ctx.frames.template:  # muted where that reads on the template's title band
                from .template_space import ink

                color = ink(ctx.frames, self.layout, box, ("muted", "text", "background"))
            label = Paragraph(self.planned.title, min(size, kicker), color=color)
            self.add(Fill(0, (label,), grown))
            return
        text = Paragraph(self.planned.title, size if size != heading else None)
        self.add(Fill(0, (text,), grown))

    def grown(
        self, box: Box | None, start: float, idx: int = 0, text: Text | None = None
    ) -> Box | None:
        """On a corporate template, placeholder `idx`'s box (the title's; `text`: another
        placeholder's text) grown into the free room under it (place/template_space.py) when
        its text does not fit it at `start` size; None to keep the placeholder's own box."""
        frames = self.ctx.frames
        if not frames.template or not box:
            return None
        shown = self.shown(idx, text if text is not None else self.planned.title)
        para = [Para(shown, bold=text is None)]
        font = "heading" if text is None else "body"
        if fit_text(self.ctx.measurer(font), para, box, start, start) is not None:
            return None
        from .template_space import grown_title

        bigger = grown_title(frames, self.layout, box, idx)
        return bigger if bigger[3] > box[3] else None

    def cover_title(self, what: str, box: Box | None = None) -> None:
        """A title or divider slide's big title, at the theme's title size or smaller to fit
        (`box`: grown from its placeholder's, where it is moved to)."""
        if box is None and self.ctx.frames.template and self.box(0):
            from .template_space import narrowed

            own = narrowed(self.ctx.frames, self.layout, self.box(0))
            box = self.grown(own, self.ctx.size("title")) or (own if own != self.box(0) else None)
        size = self.fit(
            [Para(self.shown(0, self.planned.title), bold=True)],
            box or self.box(0) or self.ctx.geometry.title_box,
            self.ctx.size("title"),
            font="heading",
            what=what,
        )
        self.add(Fill(0, (Paragraph(self.planned.title, size),), box))

    def shown(self, idx: int, text: Text) -> Text:
        """`text` as placeholder `idx` shows it, for measuring: in capitals where a
        template's style sets them."""
        if (self.layout, idx) not in self.ctx.frames.caps:
            return text
        return Text(tuple(dataclasses.replace(r, text=r.text.upper()) for r in text.runs))

    def body(self, idx: int = 1, box: Box | None = None, name: str = "Content") -> tuple[Box, bool]:
        """Content placeholder `idx`: (its box, True). When the layout has none (a template
        layout also mapped for a role without one loses it), an empty text box in `box`
        (default: the geometry's body area) stands in for it, with a warning naming the
        template layout: (that box, False)."""
        if self.has(idx):
            return self.box(idx), True
        ctx = self.ctx
        theme = ctx.theme
        key = self.layout
        name_in_base = ctx.frames.names.get(key)
        which = f"layout '{name_in_base}'" if name_in_base is not None else "the slide's layout"
        where = theme.where(f"layouts.{key}") or theme.where("template")
        source = f"template '{display_path(theme.template)}': " if theme.template else ""
        ctx.diags.warning(
            f"{source}{which} has no content placeholder for {self.planned.layout} slides; "
            "their text is placed in a text box in the content area instead",
            where,
            "map a layout with a content placeholder in the theme's `layouts:`",
            code=Code.TEMPLATE_PLACEHOLDER,
        )
        box = box or ctx.area_of(self.layout)
        self.add(StandIn(idx, box, name))
        return box, False

    def area(self, box: Box | None = None) -> Box:
        """`box` (default: the slide's content area) ending above this slide's source line, if
        it has one: PlaceContext.content_box."""
        return self.ctx.content_box(self.planned, box)

    def text_box(self, box: Box, paragraphs, size: float, name: str, **style) -> TextBox:
        shape = TextBox(tuple(int(v) for v in box), tuple(paragraphs), size, name, **style)
        self.add(shape)
        return shape

    def reviewed_line(self) -> None:
        """A references slide's "Evidence reviewed <date>" line, where a source line goes."""
        reviewed = getattr(self.planned.content, "reviewed", None)
        if not reviewed:
            return
        self.text_box(
            self.ctx.source_box(self.layout),
            [reviewed],
            self.ctx.size("caption"),
            REVIEWED,
            color="muted",
            anchor="b",
        )

    def source_line(self) -> None:
        """The short source line ("Sleed et al. (2022)") above the footer."""
        source = self.planned.source
        if source is None or not source:
            return
        self.text_box(
            self.ctx.source_box(self.layout),
            [Text.of(SOURCE_PREFIX) + source],
            self.ctx.size("caption"),
            SOURCE,
            color="muted",
            anchor="b",
        )
