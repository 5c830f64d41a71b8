"""Draw the regional co-brand wordmarks used by the overlays in decks/regions/.

Run from the repository root: ``.venv/bin/python scripts/make_region_logos.py``.
Each wordmark is a plain stand-in (a coloured tile with the region's initial, the region's
name and "parent-infant partnership"), not any organisation's real logo: a regional team
replaces decks/regions/images/<region>.png with its own. Drawing is deterministic (fixed
sizes, the Liberation Sans fonts bundled with slidegen), so running it twice gives the same
files.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "src" / "slidegen" / "fonts"
OUT = ROOT / "decks" / "regions" / "images"
SIZE = (900, 300)  # the height of the theme's logo; the width is cropped to the text
SCALE = 4  # drawn at 4x and scaled down for smooth edges

# Dark enough for white text on the tile and for the name on a white slide (WCAG AA).
REGIONS = {
    "norfolk": ("Norfolk", (46, 94, 58)),  # deep green, 7.3:1 on white
    "essex": ("Essex", (75, 44, 107)),  # deep purple, 10.6:1 on white
}
SUBTITLE = "parent-infant partnership"
GREY = (86, 99, 109)


def font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """The bundled Liberation Sans (the same file on every machine)."""
    name = "LiberationSans-Bold.ttf" if bold else "LiberationSans-Regular.ttf"
    return ImageFont.truetype(str(FONTS / name), size * SCALE)


def wordmark(name: str, colour: tuple[int, int, int]) -> Image.Image:
    """A tile with the initial, then the name and a small subtitle, on a transparent ground."""
    w, h = SIZE
    img = Image.new("RGBA", (w * SCALE, h * SCALE), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    # a white plate under the whole wordmark keeps it legible on dark title and divider slides
    draw.rounded_rectangle([0, 0, w * SCALE - 1, h * SCALE - 1], radius=40 * SCALE, fill="white")
    tile = 220
    top = (h - tile) // 2
    draw.rounded_rectangle(
        [20 * SCALE, top * SCALE, (20 + tile) * SCALE, (top + tile) * SCALE],
        radius=36 * SCALE,
        fill=colour + (255,),
    )
    draw.text(
        ((20 + tile / 2) * SCALE, (top + tile / 2) * SCALE),
        name[0],
        font=font(True, 150),
        fill=(255, 255, 255, 255),
        anchor="mm",
    )
    x = (20 + tile + 40) * SCALE
    draw.text((x, 150 * SCALE), name, font=font(True, 120), fill=colour + (255,), anchor="ls")
    draw.text((x, 230 * SCALE), SUBTITLE, font=font(False, 48), fill=GREY + (255,), anchor="ls")
    img = img.resize(SIZE, Image.Resampling.LANCZOS)
    right = _text_right(name, subtitle_right=True) + 30
    plate = Image.new("RGBA", (right, h), (255, 255, 255, 0))
    mask = Image.new("L", (right * SCALE, h * SCALE), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        [0, 0, right * SCALE - 1, h * SCALE - 1], radius=40 * SCALE, fill=255
    )
    mask = mask.resize((right, h), Image.Resampling.LANCZOS)
    plate.paste(img.crop((0, 0, right, h)), (0, 0), mask)
    return plate  # cropped to the text: no empty margin beside the main logo


def _text_right(name: str, subtitle_right: bool) -> int:
    """Right edge (px) of the wordmark's text, from the fonts' metrics."""
    x = 20 + 220 + 40
    name_w = font(True, 120).getlength(name) / SCALE
    sub_w = font(False, 48).getlength(SUBTITLE) / SCALE if subtitle_right else 0
    return round(x + max(name_w, sub_w))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for key, (name, colour) in REGIONS.items():
        path = OUT / f"{key}.png"
        wordmark(name, colour).save(path, optimize=True)
        print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
