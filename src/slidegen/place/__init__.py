"""The placement stage: every box, size and split of every slide, decided once.

Takes the plan and the frames of the base it will be drawn on (slidegen's own, or a corporate
template's), and gives placed slides (`model.PlacedSlide`): plain data that `render` turns
into XML and `check` reads for sizes and overflow. No python-pptx here.
"""

from __future__ import annotations

from ..errors import Diagnostics
from ..plan import DeckPlan, PlannedSlide
from .context import PlaceContext, SlideDraft
from .geometry import Frames, Geometry, builtin_frames
from .model import PlacedSlide
from .registry import Layout, Registry, default_registry

__all__ = [
    "Frames",
    "Geometry",
    "Layout",
    "PlaceContext",
    "PlacedSlide",
    "Registry",
    "builtin_frames",
    "default_registry",
    "place_deck",
    "place_slide",
]


def place_slide(ctx: PlaceContext, planned: PlannedSlide) -> list[PlacedSlide]:
    """A planned slide as placed slides: one, or more when its content continues."""
    layout = ctx.registry.get(planned.layout)
    key = ctx.layout_key(planned)
    parts = layout.split(ctx, planned) if layout.split else [(planned, None)]
    out = []
    for part, extra in parts:
        draft = SlideDraft(ctx, part, key)
        layout.place(draft, extra)
        out.append(PlacedSlide(part, key, tuple(draft.shapes), tuple(draft.fits)))
    return out


def place_deck(
    plan: DeckPlan,
    frames: Frames | None = None,
    fonts=None,
    diags: Diagnostics | None = None,
    registry: Registry | None = None,
    cache=None,
) -> list[PlacedSlide]:
    """Every slide of a plan placed. `frames`: the base's (default: slidegen's own at the
    theme's slide size); warnings (text that does not fit) go to `diags`."""
    from .measure import FontCache

    ctx = PlaceContext(
        plan,
        frames or builtin_frames(*plan.theme.slide_size, plan.theme),
        fonts or FontCache(),
        diags if diags is not None else Diagnostics(),
        registry or default_registry(),
        cache,
    )
    return [placed for planned in plan.slides for placed in place_slide(ctx, planned)]
