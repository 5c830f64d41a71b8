"""Where text goes and how large it can be: the placement stage's text fitting.

No python-pptx here (`slidegen check deck.yaml` imports this module): boxes are plain
(left, top, width, height) tuples in EMU, sizes in points, text measured with measure.py.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..ooxml import EMU_PER_INCH, EMU_PER_PT
from .measure import Para, TextMeasurer

INDENT = int(0.375 * EMU_PER_INCH)  # python-pptx template: each bullet level indents about this

Box = tuple[int, int, int, int]


def fit_text(
    measurer: TextMeasurer,
    paras: Sequence[Para],
    box: Box,
    start: float,
    minimum: float,
    space_before: float = 0.0,
) -> float | None:
    """The largest size from `start` down to `minimum` (1 pt steps) at which `paras` fit `box`.

    None when even `minimum` overflows. `minimum` above `start` is lowered to `start`.
    """
    minimum = min(start, minimum)
    result = measurer.fit_size(
        paras, box[2], box[3], start, minimum, step=1, space_before_pt=space_before
    )
    return result.size_pt if result.fits else None


def unbroken_start(
    measurer: TextMeasurer, text, box_w: int, start: float, minimum: float, bold: bool = False
) -> float:
    """`start`, lowered (whole points, not below `minimum`) until the longest word of `text`
    fits on one line of a box `box_w` wide, so a figure such as "1,234,567" is never broken."""
    words = str(getattr(text, "plain", text)).split()
    if not words:
        return start
    left, _, right, _ = measurer.insets
    inner = box_w - left - right
    widest = max(words, key=lambda w: measurer.em_width(w, bold))
    if measurer.text_width(widest, start, bold) <= inner:
        return start
    size = float(int(inner / (measurer.em_width(widest, bold) * EMU_PER_PT)))
    while size > minimum and measurer.text_width(widest, size, bold) > inner:
        size -= 1
    return max(min(size, start), minimum)


def bullet_specs(bullets: Sequence[tuple[int, object]]) -> list[Para]:
    """Paragraph specs for (level, text) bullets, indented as the body placeholder indents."""
    return [Para(text, None, False, INDENT * (level + 1)) for level, text in bullets]


def chunk_bullets(
    measurer: TextMeasurer, bullets: list, box: Box, minimum: float
) -> list[list[tuple[int, object]]]:
    """Split a bullet list into slide-sized chunks at the minimum size.

    A top-level bullet travels with its sub-bullets; one chunk means the list fits one slide.
    """
    spc = minimum * 0.4

    def fits(chunk, height_limit: int) -> bool:
        height = measurer.layout(
            bullet_specs(chunk), box[2], default_size_pt=minimum, space_before_pt=spc
        ).height_emu
        return height <= height_limit

    if not bullets or fits(bullets, box[3]):
        return [list(bullets)]
    groups, current = [], []
    for item in bullets:
        if item[0] == 0 and current:
            groups.append(current)
            current = []
        current.append(item)
    if current:
        groups.append(current)

    def pack(height_limit: int) -> list:
        chunks, chunk = [], []
        for group in groups:
            if chunk and not fits(chunk + group, height_limit):
                chunks.append(chunk)
                chunk = []
            chunk = chunk + group
        if chunk:
            chunks.append(chunk)
        return chunks

    return pack_evenly(pack, box[3])


def pack_evenly(pack, height: int) -> list:
    """`pack(limit)` (a list of slide-sized chunks, each at most `limit` high) with as few
    chunks as at `height`, filled evenly (13, 13, 13, 1 bullets become 10, 10, 10, 10): the
    lowest limit that needs no more chunks, found to within a point."""
    chunks = pack(height)
    if len(chunks) < 2:
        return chunks
    low, high = 0, height
    while high - low > EMU_PER_PT:
        mid = (low + high) // 2
        if len(pack(mid)) <= len(chunks):
            high = mid
        else:
            low = mid
    return pack(high)


def balanced_width(measurer: TextMeasurer, paras: Sequence[Para], width: int) -> int:
    """The narrowest box width, down to 60% of `width`, at which `paras` (sized) still take
    as many lines as at `width`: the lines come out of even length, so a statement or title
    never ends on a lone word. A 3% allowance covers another renderer's wrapping."""
    lines = measurer.layout(paras, width).line_count
    if lines < 2:
        return width
    low, high = int(width * 0.6), width
    if measurer.layout(paras, low).line_count == lines:
        high = low
    while high - low > EMU_PER_PT * 4:
        mid = (low + high) // 2
        if measurer.layout(paras, mid).line_count == lines:
            high = mid
        else:
            low = mid
    return min(width, high + high * 3 // 100)
