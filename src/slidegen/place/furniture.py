"""Where the master's furniture goes: the footer text, the slide number and the logos.

The render stage draws them on the master (so slides a person adds in PowerPoint carry them
too); these boxes are decided here, with the rest of the geometry.
"""

from __future__ import annotations

from dataclasses import dataclass

from .geometry import Box, Geometry, inches

LOGO_GAP = inches(0.3)  # between two logos of a corner, and between a logo and the footer
LOGO_PAD_Y = inches(0.3)  # from the top edge of the slide
LOGO_EDGE = inches(0.15)  # at least this far from the bottom edge
NUMBER_WIDTH = inches(1.0)  # the slide-number box


@dataclass(frozen=True)
class LogoImage:
    """A logo ready for the master: picture bytes, pixel size, corner and height (EMU)."""

    data: bytes
    width_px: int
    height_px: int
    height_emu: int
    position: str = "bottom-right"
    content_type: str = "image/png"  # the prepared picture's (a metafile keeps its own)

    @property
    def width_emu(self) -> int:
        return round(self.height_emu * self.width_px / self.height_px)


def logo_boxes(geo: Geometry, logos: list[LogoImage]) -> list[Box]:
    """Where each logo goes: in its corner, later logos of a corner beside the earlier ones;
    a bottom logo centred on the footer line as far as it can be while keeping clear of the
    slide's edge."""
    used: dict[str, int] = {}
    out = []
    _, fy, _, fh = geo.footer_box
    for logo in logos:
        w, h = logo.width_emu, logo.height_emu
        offset = used.get(logo.position, 0)
        x = geo.margin + offset if "left" in logo.position else geo.width - geo.margin - offset - w
        if "top" in logo.position:
            y = LOGO_PAD_Y
        else:
            y = max(min(fy + fh // 2 - h // 2, geo.height - LOGO_EDGE - h), LOGO_PAD_Y)
        used[logo.position] = offset + w + LOGO_GAP
        out.append((x, y, w, h))
    return out


def corner_width(logos: list[LogoImage], corner: str) -> int:
    """How much of a corner's width its logos take, with their gaps."""
    return sum(lg.width_emu + LOGO_GAP for lg in logos if lg.position == corner)


def footer_box(geo: Geometry, logos: list[LogoImage]) -> Box:
    """The footer text's box: the footer band, clear of the bottom corners' logos and of the
    slide number."""
    left_room = corner_width(logos, "bottom-left")
    right_room = corner_width(logos, "bottom-right")
    x, y, w, h = geo.footer_box
    w = min(w, geo.width - geo.margin - right_room - NUMBER_WIDTH - x - left_room)
    return (x + left_room, y, w, h)


@dataclass(frozen=True)
class Footer:
    """The footer line: its text and the size that keeps it on one line."""

    text: str
    size: float


def fit_footer(measurer, text: str, box: Box, start: float, floor: float = 12.0) -> Footer:
    """The footer on one line of its box: at the caption size `start`, or up to 2 pt smaller
    (not below `floor`); if it is still too long, its longest part (between " · ") is cut
    short with an ellipsis, word by word."""
    left, _, right, _ = measurer.insets
    room = box[2] - left - right
    low = max(min(start, floor), start - 2)
    size = start
    while size > low and measurer.text_width(text, size) > room:
        size -= 1
    parts = text.split(" · ")
    while measurer.text_width(" · ".join(parts), size) > room:
        longest = max(range(len(parts)), key=lambda i: len(parts[i]))
        words = parts[longest].removesuffix("\u2026").split()
        if len(words) < 2:
            break
        parts[longest] = " ".join(words[:-1]).rstrip(",;:") + "\u2026"
    return Footer(" · ".join(parts), size)


def slide_number_box(geo: Geometry, logos: list[LogoImage]) -> Box:
    """The slide number's box: at the right of the footer band, left of a bottom-right logo."""
    right_room = corner_width(logos, "bottom-right")
    _, y, _, h = geo.footer_box
    return (geo.width - geo.margin - NUMBER_WIDTH - right_room, y, NUMBER_WIDTH, h)
