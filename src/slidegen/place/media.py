"""Pictures and lengths: read, orient, scale and convert images; parse "1.2cm"; fit boxes.

No python-pptx here (`slidegen check` imports this module); the renderer hands the prepared
bytes to python-pptx.

Windows metafiles (WMF, EMF), which PowerPoint shows and decks made in it often hold, are
carried through as they are: a build cannot scale or convert them (Pillow reads only their
size), and PowerPoint and LibreOffice draw them.
"""

from __future__ import annotations

import io
import os
import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from slidegen.errors import Pos, did_you_mean, error
from slidegen.limits import PICTURE_BYTES, PICTURE_PIXELS, limit_text, megabytes
from slidegen.ooxml import EMU_PER_CM, EMU_PER_INCH, EMU_PER_MM, EMU_PER_PT, EMU_PER_PX
from slidegen.ooxml import px_for_emu as px_for_emu  # the picture layout imports it from here

# Pillow refuses (twice this) or warns about (over this) a picture from its header; slidegen
# turns both into its own located error at the same limit, in every Pillow use of the process.
Image.MAX_IMAGE_PIXELS = PICTURE_PIXELS

UNITS = {"cm": EMU_PER_CM, "mm": EMU_PER_MM, "in": EMU_PER_INCH, "pt": EMU_PER_PT, "px": EMU_PER_PX}

MAX_PX = 3840
JPEG_QUALITY = 85
_PHOTO_MIN_PIXELS = 1_000_000  # smaller converted pictures stay lossless (PNG)
_PHOTO_MIN_COLOURS = 4096  # in a 128 px thumbnail: more than this looks like a photo

_CONTENT_TYPES = {
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "tiff": "image/tiff",
    "wmf": "image/x-wmf",
    "emf": "image/x-emf",
}
# formats a slide shows as they are (MPO: a JPEG with extra frames); others are converted
_KEPT_FORMATS = {"JPEG": "jpeg", "MPO": "jpeg", "PNG": "png", "TIFF": "tiff"}
METAFILES = ("wmf", "emf")
_ORIENTATION = 0x0112
_SWAPPED = {5, 6, 7, 8}  # EXIF orientations that turn the picture a quarter turn
_PNG_MODES = {"1", "L", "LA", "P", "RGB", "RGBA", "I;16"}
_JPEG_MODES = {"L", "RGB", "CMYK"}


@dataclass(frozen=True)
class PreparedImage:
    """Picture bytes ready for a slide, with what the renderer needs to know about them."""

    data: bytes
    ext: str  # "png", "jpeg", "gif", "tiff", "wmf" or "emf"
    content_type: str
    width_px: int
    height_px: int
    has_alpha: bool
    source_path: Path
    converted: bool = False  # False: data is the file's own bytes
    notes: tuple[str, ...] = field(default=())  # things worth a warning (animation dropped ...)

    @property
    def filename(self) -> str:
        """A name for the picture inside the deck: source stem plus the real extension."""
        return f"{self.source_path.stem}.{'jpg' if self.ext == 'jpeg' else self.ext}"


def _svg_error(path: Path, pos: Pos | None):
    png = path.with_suffix(".png").name
    return error(
        f"cannot use picture '{path}': SVG pictures are not supported: export a PNG",
        pos,
        f"for example with Inkscape: inkscape {path.name} -o {png}",
    )


def _looks_like_svg(path: Path, head: bytes) -> bool:
    if path.suffix.lower() in (".svg", ".svgz"):
        return True
    start = head.lstrip()[:1024].lower()
    return start.startswith(b"<svg") or (start.startswith(b"<?xml") and b"<svg" in start)


def _read_bytes(path: Path, pos: Pos | None) -> bytes:
    from ..files import NotAFile, open_regular, read_limited

    try:
        with open_regular(path) as f:
            size = os.fstat(f.fileno()).st_size
            data = read_limited(f, PICTURE_BYTES, size) if size <= PICTURE_BYTES else None
    except FileNotFoundError:
        hint = None
        if path.parent.is_dir():
            hint = did_you_mean(path.name, sorted(p.name for p in path.parent.iterdir()))
        raise error(f"cannot read picture '{path}': file not found", pos, hint)
    except NotAFile as e:
        raise error(f"cannot read picture '{path}': it is {e.kind}, not a file", pos)
    except OSError as e:
        raise error(f"cannot read picture '{path}': {e.strerror or e}", pos)
    if data is None:
        raise error(
            f"cannot use picture '{path}': it is {megabytes(max(size, PICTURE_BYTES + 1))};"
            f" the limit is {limit_text(PICTURE_BYTES)}",
            pos,
            "export it smaller: pictures are scaled to 3840 px across at most anyway",
        )
    return data


def _too_many_pixels(path: Path, size: tuple[int, int], pos: Pos | None):
    w, h = size
    return error(
        f"cannot use picture '{path}': it is {w:,} x {h:,} pixels ({w * h / 1e6:.0f} million);"
        f" the limit is {PICTURE_PIXELS / 1e6:.0f} million",
        pos,
        "scale it down first: pictures are scaled to 3840 px across at most anyway",
    )


def open_image(data: bytes, path: Path, pos: Pos | None) -> Image.Image:
    """Pillow's image of picture bytes (the header only, nothing decoded yet), refused with a
    located error when it has more than limits.PICTURE_PIXELS pixels. Pillow's own
    decompression-bomb warning and error never reach the user: they become this error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            img = Image.open(io.BytesIO(data))
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            raise _too_many_pixels(path, _header_size(data), pos) from None
    w, h = img.size
    if w * h > PICTURE_PIXELS:
        img.close()
        raise _too_many_pixels(path, (w, h), pos)
    return img


def _header_size(data: bytes) -> tuple[int, int]:
    """A picture's size from its header without Pillow's bomb check (for the message)."""
    old = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(io.BytesIO(data)) as img:
            return img.size
    except Exception:  # noqa: BLE001 - only for the message
        return (0, 0)
    finally:
        Image.MAX_IMAGE_PIXELS = old


def _open(path: Path, data: bytes, pos: Pos | None) -> Image.Image:
    if _looks_like_svg(path, data[:2048]):
        raise _svg_error(path, pos)
    try:
        img = open_image(data, path, pos)
    except UnidentifiedImageError:
        size = metafile_size(data)
        if size is not None:  # a WMF without the placeable header Pillow needs
            return _Metafile(size)
        raise error(
            f"cannot read picture '{path}': not a picture format slidegen can read",
            pos,
            "use PNG or JPEG; GIF, BMP, TIFF and WebP are converted, WMF and EMF kept",
        )
    except (OSError, ValueError, SyntaxError) as e:
        raise error(f"cannot read picture '{path}': {e}", pos)
    return img


class _Metafile:
    """What `_open` gives for a metafile Pillow cannot open: its size, as an Image would."""

    format = "WMF"
    info: dict = {}

    def __init__(self, size: tuple[int, int]):
        self.size = size

    def getexif(self):
        return {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def metafile_kind(data: bytes) -> str | None:
    """ "emf" or "wmf" for a Windows metafile (by its signature), else None."""
    if len(data) >= 44 and data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF":
        return "emf"
    if data[:4] == b"\xd7\xcd\xc6\x9a":  # the placeable header
        return "wmf"
    if len(data) >= 18 and data[:2] in (b"\x01\x00", b"\x02\x00") and data[2:4] == b"\x09\x00":
        return "wmf"
    return None


def metafile_size(data: bytes) -> tuple[int, int] | None:
    """The size of a WMF that has no placeable header, from its window extent (or None)."""
    import struct

    if metafile_kind(data) != "wmf" or data[:4] == b"\xd7\xcd\xc6\x9a":
        return None
    i = 18  # records follow the 18-byte header: size in words, function, parameters
    while i + 6 <= len(data) and i < 1_000_000:
        size, func = struct.unpack_from("<IH", data, i)
        if func == 0x020C and i + 10 <= len(data):  # META_SETWINDOWEXT: height, width
            h, w = struct.unpack_from("<hh", data, i + 6)
            return (abs(w), abs(h)) if w and h else None
        if size < 3 or func == 0:
            return None
        i += size * 2
    return None


def identify_picture(data: bytes) -> tuple[str | None, str]:
    """(file extension, format) of picture bytes a build can place, or (None, format).

    The extension is how the picture is best written to a file ("png", "jpg", "emf" ...);
    the format names what it is for messages ("PNG", "PDF", "SVG", "unknown").
    """
    kind = metafile_kind(data)
    if kind is not None:
        try:
            with Image.open(io.BytesIO(data)) as img:
                size = img.size
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
            size = metafile_size(data)
        if not size or min(size) <= 0:
            return None, f"{kind.upper()} (without a size)"
        return kind, kind.upper()
    head = data[:1024].lstrip()
    if head.startswith(b"%PDF"):
        return None, "PDF"
    if head[:5].lower() == b"<?xml" or head[:4].lower() == b"<svg":
        return None, "SVG" if b"<svg" in data[:4096].lower() else "XML"
    try:
        with warnings.catch_warnings():
            # over limits.PICTURE_PIXELS: "too large", from the header, before decoding
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                fmt = img.format or "unknown"
                if img.size[0] * img.size[1] > PICTURE_PIXELS:
                    return None, "too large"
                img.load()  # truncated or damaged data fails here, as it would in a build
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None, "too large"
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError):
        return None, "unknown"
    ext = {"JPEG": "jpg", "MPO": "jpg", "TIFF": "tiff"}.get(fmt, fmt.lower())
    return ext, fmt


def _orientation(img: Image.Image) -> int:
    try:
        value = img.getexif().get(_ORIENTATION, 1)
    except (OSError, ValueError, SyntaxError, TypeError):
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _has_alpha(img: Image.Image) -> bool:
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        return True
    return "transparency" in img.info


def image_size(path: Path | str, pos: Pos | None = None) -> tuple[int, int]:
    """(width, height) in pixels as the picture is seen, after EXIF orientation.

    Reads only the header, not the pixels.
    """
    path = Path(path)
    data = _read_bytes(path, pos)
    with _open(path, data, pos) as img:
        w, h = img.size
        if w <= 0 or h <= 0:  # a metafile whose header gives no extent
            raise error(f"cannot use picture '{path}': it has no size", pos)
        return (h, w) if _orientation(img) in _SWAPPED else (w, h)


def prepare_image(
    path: Path | str,
    target_w_px: int | None = None,
    max_px: int = MAX_PX,
    pos: Pos | None = None,
) -> PreparedImage:
    """Read a picture and make it fit for a deck.

    EXIF orientation is applied; the long side is limited to max_px, and the width to twice
    target_w_px (the width shown on the slide at 96 dpi, see px_for_emu) when given. JPEG stays
    JPEG, PNG stays PNG and TIFF stays TIFF; GIF, BMP, WebP and others (and a TIFF that has to
    be scaled or turned) become PNG, or JPEG for large photos without transparency. WMF and EMF
    are kept as they are. A file that needs none of this comes back byte for byte. Errors are
    SlidegenErrors located at pos.
    """
    path = Path(path)
    data = _read_bytes(path, pos)
    img = _open(path, data, pos)
    with img:
        try:
            return _prepare(path, data, img, target_w_px, max_px)
        except Image.DecompressionBombError as e:
            raise error(f"cannot read picture '{path}': it is too large ({e})", pos)
        except (OSError, ValueError, SyntaxError) as e:
            raise error(f"cannot read picture '{path}': {e}", pos)


def _prepare(
    path: Path, data: bytes, img: Image.Image, target_w_px: int | None, max_px: int
) -> PreparedImage:
    fmt = img.format or ""
    if fmt == "WMF":  # Pillow's one plugin for WMF and EMF: carried as they are
        ext = metafile_kind(data) or "wmf"
        w, h = img.size
        return PreparedImage(
            data, ext, _CONTENT_TYPES[ext], max(1, w), max(1, h), False, path, False, ()
        )
    orientation = _orientation(img)
    w, h = img.size
    shown_w, shown_h = (h, w) if orientation in _SWAPPED else (w, h)
    scale = min(1.0, max_px / max(shown_w, shown_h))
    if target_w_px:
        scale = min(scale, 2 * target_w_px / shown_w)
    new_w, new_h = max(1, round(shown_w * scale)), max(1, round(shown_h * scale))
    resize = (new_w, new_h) != (shown_w, shown_h)
    kept_ext = _KEPT_FORMATS.get(fmt)
    notes: list[str] = []
    if getattr(img, "is_animated", False):
        notes.append(f"'{path.name}' is animated: only its first frame is used")

    if kept_ext and orientation == 1 and not resize:
        img.load()  # find truncated or corrupt files now, not in PowerPoint
        return PreparedImage(
            data,
            kept_ext,
            _CONTENT_TYPES[kept_ext],
            w,
            h,
            _has_alpha(img),
            path,
            False,
            tuple(notes),
        )

    if resize and fmt in ("JPEG", "MPO"):
        # Let libjpeg decode at a reduced scale (deterministic, and far faster for big photos).
        want = (new_h, new_w) if orientation in _SWAPPED else (new_w, new_h)
        img.draft(img.mode, want)
    icc = img.info.get("icc_profile")
    alpha = _has_alpha(img)
    from PIL import ImageOps  # only pictures that are turned or scaled need it

    out = ImageOps.exif_transpose(img)
    if out.size != (new_w, new_h):
        if out.mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
            out = out.convert("RGBA" if alpha else "RGB")  # palettes cannot be resampled
        out = out.resize((new_w, new_h), Image.Resampling.LANCZOS)

    if kept_ext in ("jpeg", "png"):
        ext = kept_ext
    elif not alpha and _is_photo(out):
        ext = "jpeg"
    else:
        ext = "png"
    buf = io.BytesIO()
    if ext == "jpeg":
        if out.mode not in _JPEG_MODES:
            out = out.convert("RGB")
        opts = {"quality": JPEG_QUALITY, "optimize": True, "progressive": False}
        if icc:
            opts["icc_profile"] = icc
        out.save(buf, "JPEG", **opts)
    else:
        if out.mode not in _PNG_MODES:
            out = out.convert("RGBA" if alpha else "RGB")
        out.save(buf, "PNG", **({"icc_profile": icc} if icc else {}))
    return PreparedImage(
        buf.getvalue(),
        ext,
        _CONTENT_TYPES[ext],
        out.width,
        out.height,
        _has_alpha(out),
        path,
        True,
        tuple(notes),
    )


def _is_photo(img: Image.Image) -> bool:
    """Large and with many colours: JPEG suits it better than PNG."""
    if img.width * img.height < _PHOTO_MIN_PIXELS or img.mode not in ("RGB", "L", "CMYK"):
        return False
    thumb = img.resize((128, 128), Image.Resampling.BILINEAR)
    return thumb.getcolors(maxcolors=_PHOTO_MIN_COLOURS) is None


_LENGTH_RE = re.compile(r"\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*([a-zA-Z]*)\s*")


def parse_length(
    value: str | int | float, pos: Pos | None = None, allow_negative: bool = False
) -> int:
    """A length with a unit ("1.2cm", "12 mm", "0.5in", "12pt", "96px" at 96 dpi) in EMU.

    A bare number is an error that asks for a unit.
    """
    example = "for example '1.2cm', '15mm', '0.5in', '12pt' or '96px'"
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise error(f"expected a length with a unit, not {value!r}", pos, example)
    if isinstance(value, (int, float)):
        raise error(f"length {value} needs a unit: cm, mm, in, pt or px", pos, example)
    m = _LENGTH_RE.fullmatch(value)
    if not m:
        raise error(f"invalid length {value!r}", pos, example)
    number, unit = float(m.group(1)), m.group(2).lower()
    if not unit:
        raise error(f"length {value!r} needs a unit: cm, mm, in, pt or px", pos, example)
    if unit not in UNITS:
        hint = did_you_mean(unit, UNITS) or example
        raise error(f"unknown unit '{m.group(2)}' in length {value!r}", pos, hint)
    if number < 0 and not allow_negative:
        raise error(f"length {value!r} must not be negative", pos)
    return round(number * UNITS[unit])


Box = Sequence[int]  # (x, y, width, height) in EMU


def fit_contain(img_w: int, img_h: int, box: Box) -> tuple[int, int, int, int]:
    """(x, y, w, h) of the whole picture scaled to fit inside box, centred, aspect kept."""
    bx, by, bw, bh = box
    if img_w <= 0 or img_h <= 0:
        raise ValueError("picture size must be positive")
    scale = min(bw / img_w, bh / img_h)
    w, h = min(bw, round(img_w * scale)), min(bh, round(img_h * scale))
    return bx + (bw - w) // 2, by + (bh - h) // 2, w, h


def fit_cover(img_w: int, img_h: int, box: Box) -> tuple[float, float, float, float]:
    """Crop fractions (left, top, right, bottom) so the picture fills box, centred.

    For python-pptx's crop_left, crop_top, crop_right, crop_bottom: place the picture at the
    box's position and size, then set these.
    """
    _, _, bw, bh = box
    if img_w <= 0 or img_h <= 0 or bw <= 0 or bh <= 0:
        raise ValueError("picture and box sizes must be positive")
    img_ratio, box_ratio = img_w / img_h, bw / bh
    if img_ratio > box_ratio:  # wider than the box: trim the sides
        side = (1 - box_ratio / img_ratio) / 2
        return side, 0.0, side, 0.0
    if img_ratio < box_ratio:  # taller than the box: trim top and bottom
        side = (1 - img_ratio / box_ratio) / 2
        return 0.0, side, 0.0, side
    return 0.0, 0.0, 0.0, 0.0
