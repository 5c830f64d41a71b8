"""Draw the parent-infant theme's logo and the seed deck's illustration with Pillow.

Run from the repository root: ``.venv/bin/python scripts/make_artwork.py``.
The colours come from themes/parent-infant/theme.yaml. Drawing is deterministic (no
randomness, fixed sizes, fixed fonts), so running it twice gives the same PNG files.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml
from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
THEME = ROOT / "themes" / "parent-infant" / "theme.yaml"
LOGO = ROOT / "themes" / "parent-infant" / "logo.png"
PICTURE = ROOT / "decks" / "images" / "caregiver-and-baby.png"

LOGO_SIZE = (900, 300)
PICTURE_SIZE = (1600, 1000)
# Shapes are drawn at this multiple of the final size and scaled down, for smooth edges.
SCALE = 4

FONT_DIRS = (
    Path("/usr/share/fonts/truetype/liberation2"),
    Path("/usr/share/fonts/truetype/liberation"),
    Path("/usr/share/fonts/truetype/dejavu"),
)
FONT_FILES = {
    "bold": ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf"),
    "regular": ("LiberationSans-Regular.ttf", "DejaVuSans.ttf"),
}

RGB = tuple[int, int, int]


def hex_to_rgb(value: str) -> RGB:
    """Return the (r, g, b) tuple of a '#RRGGBB' colour."""
    value = value.lstrip("#")
    return (int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16))


def mix(colour: RGB, other: RGB, amount: float) -> RGB:
    """Blend `amount` (0..1) of `other` into `colour`."""
    r, g, b = (round(c + (o - c) * amount) for c, o in zip(colour, other, strict=True))
    return (r, g, b)


def load_palette(theme_path: Path = THEME) -> dict[str, RGB]:
    """Read the theme's colours as RGB tuples."""
    theme = yaml.safe_load(theme_path.read_text(encoding="utf-8"))
    return {name: hex_to_rgb(value) for name, value in theme["colors"].items()}


def load_font(weight: str, size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Liberation Sans (Arial's metric twin) or DejaVu Sans; Pillow's own font otherwise."""
    for name in FONT_FILES[weight]:
        for folder in FONT_DIRS:
            path = folder / name
            if path.is_file():
                return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _box(cx: float, cy: float, rx: float, ry: float | None = None) -> list[float]:
    ry = rx if ry is None else ry
    return [(cx - rx) * SCALE, (cy - ry) * SCALE, (cx + rx) * SCALE, (cy + ry) * SCALE]


def _thick_arc(
    draw: ImageDraw.ImageDraw,
    *,
    cx: float,
    cy: float,
    rx: float,
    ry: float,
    start: float,
    end: float,
    width: float,
    fill: RGB,
) -> None:
    """An elliptical arc stroke with round caps (Pillow strokes inward from the box)."""
    draw.arc(_box(cx, cy, rx, ry), start=start, end=end, fill=fill, width=round(width * SCALE))
    for angle in (start, end):
        rad = math.radians(angle)
        x = cx + (rx - width / 2) * math.cos(rad)
        y = cy + (ry - width / 2) * math.sin(rad)
        draw.ellipse(_box(x, y, width / 2), fill=fill)


def draw_mark(draw: ImageDraw.ImageDraw, cx: float, cy: float, r: float, pal: dict) -> None:
    """The logo's mark: a caregiver's open embrace (arc) around a baby (disc)."""
    width = round(r * 0.22 * SCALE)
    draw.arc(_box(cx, cy, r), start=120, end=420, fill=pal["primary"], width=width)
    draw.ellipse(_box(cx + r * 0.12, cy + r * 0.18, r * 0.42), fill=pal["accent"])
    draw.ellipse(_box(cx - r * 0.30, cy - r * 0.36, r * 0.20), fill=pal["secondary"])


def make_logo(pal: dict[str, RGB]) -> Image.Image:
    """A transparent wordmark: the mark, then 'Parent-Infant' over 'Foundation'."""
    w, h = LOGO_SIZE
    big = Image.new("RGBA", (w * SCALE, h * SCALE), (0, 0, 0, 0))
    draw = ImageDraw.Draw(big)
    draw_mark(draw, cx=h / 2, cy=h / 2, r=h * 0.40, pal=pal)

    left = h + 24
    room = w - left - 12
    bold = load_font("bold", 104 * SCALE)
    regular = load_font("regular", 96 * SCALE)
    # Shrink both lines together if the first one would not fit the width.
    line1, line2 = "Parent-Infant", "Foundation"
    width1 = draw.textlength(line1, font=bold) / SCALE
    if width1 > room:
        factor = room / width1
        bold = load_font("bold", int(104 * SCALE * factor))
        regular = load_font("regular", int(96 * SCALE * factor))
    draw.text((left * SCALE, h * 0.50 * SCALE), line1, font=bold, fill=pal["primary"], anchor="ls")
    draw.text(
        (left * SCALE, h * 0.86 * SCALE), line2, font=regular, fill=pal["primary"], anchor="ls"
    )
    return big.resize(LOGO_SIZE, Image.Resampling.LANCZOS)


def make_picture(pal: dict[str, RGB]) -> Image.Image:
    """An abstract caregiver holding a baby, made of circles and arcs, in the theme palette."""
    w, h = PICTURE_SIZE
    white = (255, 255, 255)
    backdrop = mix(pal["secondary"], white, 0.88)
    big = Image.new("RGB", (w * SCALE, h * SCALE), backdrop)
    draw = ImageDraw.Draw(big)

    # Warm sun behind the pair.
    draw.ellipse(_box(1080, 330, 250), fill=mix(pal["accent"], white, 0.72))

    # Small floating circles, placed by hand so the picture is the same every time.
    for x, y, r, name, amount in (
        (220, 180, 38, "accent", 0.55),
        (330, 300, 18, "primary", 0.60),
        (1390, 170, 26, "secondary", 0.35),
        (1470, 320, 44, "primary", 0.75),
        (170, 560, 24, "secondary", 0.30),
        (1430, 640, 30, "accent", 0.50),
    ):
        draw.ellipse(_box(x, y, r), fill=mix(pal[name], white, amount))

    primary = pal["primary"]
    # Caregiver: body as a tall rounded dome, head above it, turned towards the baby.
    draw.ellipse(_box(760, 930, 290, 430), fill=primary)
    draw.ellipse(_box(790, 310, 120), fill=primary)
    # Baby, swaddled and held against the chest.
    draw.ellipse(_box(840, 650, 155, 100), fill=pal["secondary"])
    draw.ellipse(_box(975, 585, 76), fill=pal["accent"])
    # The caregiver's arm cradling the baby, with rounded ends.
    arm = mix(primary, white, 0.30)
    _thick_arc(draw, cx=830, cy=640, rx=215, ry=150, start=15, end=170, width=46, fill=arm)
    # A small heart between their faces.
    heart = mix(pal["accent"], white, 0.25)
    draw.ellipse(_box(905, 440, 20), fill=heart)
    draw.ellipse(_box(935, 440, 20), fill=heart)
    draw.polygon(
        [(887 * SCALE, 448 * SCALE), (953 * SCALE, 448 * SCALE), (920 * SCALE, 488 * SCALE)],
        fill=heart,
    )
    # The hill in front, so the figure reads as a bust.
    draw.ellipse(_box(800, 1600, 1700, 680), fill=mix(pal["secondary"], white, 0.55))
    return big.resize(PICTURE_SIZE, Image.Resampling.LANCZOS)


def main() -> None:
    """Draw both images and write them next to the theme and the deck."""
    pal = load_palette()
    LOGO.parent.mkdir(parents=True, exist_ok=True)
    PICTURE.parent.mkdir(parents=True, exist_ok=True)
    make_logo(pal).save(LOGO, optimize=False)
    make_picture(pal).save(PICTURE, optimize=False)
    print(f"wrote {LOGO.relative_to(ROOT)} and {PICTURE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
