"""What a corporate template draws behind a slide of one layout, as a small picture, and the
questions placement asks of it: is this box clear of the template's art (pictures, filled
shapes, lines, text of its own), and what colour is behind it?

The picture is painted by the render stage (render/art.py) from the layout, its master and
their backgrounds, at ART_DPI; here it is only read (Pillow, no python-pptx).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from ..colors import contrast_ratio, hex_of
from ..ooxml import EMU_PER_INCH

Box = tuple[int, int, int, int]
ART_DPI = 48  # pixels per inch of the picture: a hairline rule is still a pixel
CLEAR_SPREAD = 14  # the most two pixels of a clear area may differ (0-255, any channel)


@dataclass(frozen=True)
class ArtMap:
    """The template's drawing behind a layout's slides: `image` (Pillow RGB, ART_DPI)."""

    image: object = field(compare=False, repr=False)
    width: int  # the slide's, EMU
    height: int

    def _px(self, box: Box) -> tuple[int, int, int, int]:
        x, y, w, h = box
        sx = self.image.width / self.width
        sy = self.image.height / self.height
        left, top = max(0, int(x * sx)), max(0, int(y * sy))
        right = min(self.image.width, max(left + 1, math.ceil((x + w) * sx)))
        bottom = min(self.image.height, max(top + 1, math.ceil((y + h) * sy)))
        return left, top, right, bottom

    def spread(self, box: Box) -> int:
        """How much the pixels in `box` differ (the widest range of any channel, 0-255)."""
        extrema = self.image.crop(self._px(box)).getextrema()
        return max(hi - lo for lo, hi in extrema)

    @cached_property
    def ground(self) -> tuple[int, int, int]:
        """The slide's ground: the colour most of the picture shows (its background)."""
        colors = self.image.getcolors(self.image.width * self.image.height)
        return max(colors, key=lambda c: c[0])[1]

    def clear(self, box: Box) -> bool:
        """Whether `box` shows the slide's ground only: none of the template's art (a
        picture, a filled shape or band, a line, text of its own) is in it."""
        left, top, right, bottom = self._px(box)  # and a pixel around it: surely clear
        crop = self.image.crop(
            (
                max(0, left - 1),
                max(0, top - 1),
                min(self.image.width, right + 1),
                min(self.image.height, bottom + 1),
            )
        )
        extrema = crop.getextrema()
        if max(hi - lo for lo, hi in extrema) > CLEAR_SPREAD:
            return False
        return all(
            abs(lo - g) <= CLEAR_SPREAD for (lo, _), g in zip(extrema, self.ground, strict=True)
        )

    def behind(self, box: Box) -> str:
        """The colour behind `box` ("#RRGGBB"): the most common one in it."""
        crop = self.image.crop(self._px(box))
        colors = crop.getcolors(crop.width * crop.height)
        _, rgb = max(colors, key=lambda c: c[0])
        return hex_of(rgb)

    def worst_contrast(self, color: str, box: Box) -> float:
        """The lowest contrast `color` has with a colour covering a fifth or more of `box`."""
        crop = self.image.crop(self._px(box))
        total = crop.width * crop.height
        colors = crop.getcolors(total) or []
        main = [rgb for n, rgb in colors if n * 5 >= total] or [max(colors)[1]]
        return min(contrast_ratio(color, hex_of(rgb)) for rgb in main)


def px_size(width: int, height: int) -> tuple[int, int]:
    """The art picture's size in pixels for a slide of this size (EMU)."""
    return (
        max(1, round(width * ART_DPI / EMU_PER_INCH)),
        max(1, round(height * ART_DPI / EMU_PER_INCH)),
    )
