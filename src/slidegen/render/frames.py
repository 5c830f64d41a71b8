"""The frames a prepared base offers the placement stage, read from its layouts once."""

from __future__ import annotations

from ..place.geometry import Box, Frames


def frames_of(base) -> Frames:
    """Each base layout's placeholder boxes by index, as a slide made from it gets them
    (a placeholder without a position of its own takes its master's)."""
    layouts: dict[str, dict[int, Box | None]] = {}
    for key, layout in base.layouts.items():
        boxes: dict[int, Box | None] = {}
        for ph in layout.iter_cloneable_placeholders():
            boxes.setdefault(ph.placeholder_format.idx, _box(ph))
        layouts[key] = boxes
    return Frames(base.geometry, layouts, {k: v.name for k, v in base.layouts.items()})


def _box(ph) -> Box | None:
    box = (ph.left, ph.top, ph.width, ph.height)
    return None if any(v is None for v in box) else tuple(int(v) for v in box)
