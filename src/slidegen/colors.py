"""Colours: #RRGGBB parsing, WCAG 2.x contrast, and tints for deriving a colour scheme.

Colour arguments accept either a "#RRGGBB" string or an (r, g, b) tuple of 0-255 ints.
Functions that return a colour return the same kind as their first colour argument.
"""

from __future__ import annotations

import re

from slidegen.errors import Pos, error

RGB = tuple[int, int, int]
Color = str | RGB

WHITE: RGB = (255, 255, 255)
BLACK: RGB = (0, 0, 0)

AA_NORMAL = 4.5
AA_LARGE = 3.0
AAA_NORMAL = 7.0
AAA_LARGE = 4.5
NON_TEXT = 3.0

_HEX_RE = re.compile(r"#[0-9A-Fa-f]{6}")


def is_hex_color(s: object) -> bool:
    """True for a "#RRGGBB" string (either case); nothing else counts."""
    return isinstance(s, str) and _HEX_RE.fullmatch(s) is not None


def parse_hex(s: object, pos: Pos | None = None) -> RGB:
    """Parse "#RRGGBB" into (r, g, b); anything else is a located SlidegenError."""
    if not is_hex_color(s):
        hint = None
        if isinstance(s, str) and re.fullmatch(r"#?[0-9A-Fa-f]{3}", s):
            h = s.lstrip("#")
            hint = f"write it in full: '#{''.join(c * 2 for c in h).upper()}'"
        elif isinstance(s, str) and re.fullmatch(r"[0-9A-Fa-f]{6}", s):
            hint = f"add the '#': '#{s.upper()}'"
        raise error(f"invalid colour {s!r}: expected #RRGGBB, e.g. '#1D3A5F'", pos, hint)
    return (int(s[1:3], 16), int(s[3:5], 16), int(s[5:7], 16))


def hex_of(rgb: Color) -> str:
    """(r, g, b) -> "#RRGGBB" (upper case); a hex string is normalised to upper case."""
    r, g, b = _rgb(rgb)
    return f"#{r:02X}{g:02X}{b:02X}"


def _rgb(c: Color) -> RGB:
    if isinstance(c, str):
        return parse_hex(c)
    r, g, b = c
    for v in (r, g, b):
        if not isinstance(v, int) or not 0 <= v <= 255:
            raise ValueError(f"colour component out of range 0-255: {c!r}")
    return (r, g, b)


def _like(template: Color, rgb: RGB) -> Color:
    return hex_of(rgb) if isinstance(template, str) else rgb


def _linear(channel: int) -> float:
    c = channel / 255
    # WCAG 2.x uses 0.03928 (sRGB spec says 0.04045); the difference never changes a result.
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(c: Color) -> float:
    """WCAG relative luminance, 0.0 (black) to 1.0 (white)."""
    r, g, b = _rgb(c)
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast_ratio(c1: Color, c2: Color) -> float:
    """WCAG contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1.0 to 21.0; order does not matter."""
    l1, l2 = relative_luminance(c1), relative_luminance(c2)
    hi, lo = max(l1, l2), min(l1, l2)
    return (hi + 0.05) / (lo + 0.05)


def is_large_text(size_pt: float, bold: bool = False) -> bool:
    """WCAG "large scale" text: at least 18 pt, or at least 14 pt bold."""
    return size_pt >= 18 or (bold and size_pt >= 14)


def required_ratio(size_pt: float, bold: bool = False, level: str = "AA") -> float:
    """The minimum contrast for text of this size at level "AA" or "AAA"."""
    large = is_large_text(size_pt, bold)
    if level == "AAA":
        return AAA_LARGE if large else AAA_NORMAL
    if level != "AA":
        raise ValueError(f"unknown WCAG level {level!r}")
    return AA_LARGE if large else AA_NORMAL


def passes_aa(fg: Color, bg: Color, size_pt: float = 0, bold: bool = False) -> bool:
    """True when text in fg on bg meets WCAG 2.x AA (4.5:1; 3:1 for large text).

    The ratio is not rounded: #777777 on white (4.48:1) fails, as WCAG intends.
    """
    return contrast_ratio(fg, bg) >= required_ratio(size_pt, bold, "AA")


def passes_aaa(fg: Color, bg: Color, size_pt: float = 0, bold: bool = False) -> bool:
    """True when text in fg on bg meets WCAG 2.x AAA (7:1; 4.5:1 for large text)."""
    return contrast_ratio(fg, bg) >= required_ratio(size_pt, bold, "AAA")


def format_ratio(ratio: float) -> str:
    """A ratio for messages, truncated (not rounded) to 2 places so 4.499 never reads 4.50."""
    return f"{int(ratio * 100) / 100:.2f}:1"


def mix(c1: Color, c2: Color, t: float) -> Color:
    """Blend in sRGB: t=0 gives c1, t=1 gives c2 (same kind as c1)."""
    if not 0.0 <= t <= 1.0:
        raise ValueError(f"mix amount must be between 0 and 1, not {t}")
    a, b = _rgb(c1), _rgb(c2)
    rgb = tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))
    return _like(c1, rgb)  # type: ignore[arg-type]


def lighten(c: Color, t: float) -> Color:
    """Tint towards white by t (0..1): lighten(primary, 0.9) is a pale background of it."""
    return mix(c, WHITE, t)


def darken(c: Color, t: float) -> Color:
    """Shade towards black by t (0..1)."""
    return mix(c, BLACK, t)


def best_text_color(bg: Color, candidates: list[Color] | None = None) -> Color:
    """The candidate with the highest contrast on bg (default: black or white).

    Ties keep the earlier candidate, so the result is deterministic.
    """
    options = candidates if candidates else [_like(bg, BLACK), _like(bg, WHITE)]
    best = options[0]
    best_ratio = contrast_ratio(best, bg)
    for c in options[1:]:
        r = contrast_ratio(c, bg)
        if r > best_ratio:
            best, best_ratio = c, r
    return best


def ensure_contrast(fg: Color, bg: Color, ratio: float = AA_NORMAL) -> Color:
    """fg, darkened or lightened (away from bg) just enough to reach ratio on bg.

    Returns fg itself when it already passes. Moves towards black on light backgrounds and
    towards white on dark ones; if even that end cannot reach ratio, returns the end colour.
    """
    if contrast_ratio(fg, bg) >= ratio:
        return fg
    target = BLACK if contrast_ratio(BLACK, bg) >= contrast_ratio(WHITE, bg) else WHITE
    if contrast_ratio(target, bg) < ratio:
        return _like(fg, target)
    lo, hi = 0.0, 1.0  # binary search on the blend amount: contrast grows with t
    for _ in range(20):
        mid = (lo + hi) / 2
        if contrast_ratio(mix(_rgb(fg), target, mid), bg) >= ratio:
            hi = mid
        else:
            lo = mid
    # Rounding to whole channels can fall just short; step on until it passes.
    steps = 0
    result = _rgb(mix(_rgb(fg), target, hi))
    while contrast_ratio(result, bg) < ratio and steps < 256:
        hi = min(1.0, hi + 1 / 255)
        result = _rgb(mix(_rgb(fg), target, hi))
        steps += 1
    return _like(fg, result)
