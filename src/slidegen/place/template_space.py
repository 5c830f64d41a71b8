"""Where slidegen's things go on a corporate template: inside the template's space, never on
its art. Pure placement (no python-pptx): it reads the frames a template offers (its
placeholders, its art as a picture, its own footer placeholders, its colours).

- `content_areas`: each layout's content area (its body placeholder, or the area under its
  title), ended above the template's footer placeholders and any art below it;
- `source_box`: the source line at the foot of that area;
- `title_slide`: the title slide's subtitle and presenter details under its title, in the
  column the template gives them, clear of its art;
- `plan_furniture`: the footer text, slide number, date and logos of each layout, in the
  template's own placeholders where it has them (in a colour that reads on what is behind
  them), else in a band clear of its art; left out, and said once, where there is none.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from ..ooxml import EMU_PER_PT, inches
from .art import CLEAR_SPREAD
from .geometry import Box, Frames, side_by_side

GAP = inches(0.08)  # between the content area and what ends it
STRIP = inches(0.06)  # a row of the art picture looked at when trimming an area
EDGE = inches(0.15)  # furniture keeps this far from the slide's edge
LEGIBLE = 4.5  # the contrast footer text, slide numbers and source lines need (small text)
PLAIN_ROLES = ("title", "section")  # cover and divider slides carry no footer or number


def _bottom(box: Box) -> int:
    return box[1] + box[3]


def intersects(a: Box, b: Box) -> bool:
    across = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    down = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return across > 0 and down > 0


def _union(boxes: list[Box]) -> Box:
    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    x1 = max(b[0] + b[2] for b in boxes)
    y1 = max(b[1] + b[3] for b in boxes)
    return (x0, y0, x1 - x0, y1 - y0)


# ---- content areas -------------------------------------------------------------------------------
def content_areas(frames: Frames) -> dict[str, Box]:
    """Layout key -> the box its slides' content (lists, figures, pictures, tables, charts
    and their source lines) goes in, for a template's frames."""
    geo = frames.geometry
    out = {}
    for key, boxes in frames.layouts.items():
        role = frames.roles.get(key, key)
        title = boxes.get(0)
        if role == "title":
            out[key] = title_column(frames, key)
            continue
        bodies = [boxes[i] for i in (1, 2) if boxes.get(i)]
        if role == "two" and len(bodies) == 2 and side_by_side(*bodies):
            area = _union(bodies)
        elif role in ("content", "section", "two") and bodies:  # the larger, if not a pair
            area = max(bodies, key=lambda b: b[2] * b[3])
        else:
            area = geo.body_box
        if title and intersects(area, title):  # the layout's title is lower than usual
            top = _bottom(title) + GAP
            bottom = max(area[1] + area[3], top + inches(0.5))
            area = (area[0], top, area[2], min(bottom, geo.height - inches(0.4)) - top)
        out[key] = _trimmed(frames, key, area)
    return out


def _trimmed(frames: Frames, key: str, area: Box) -> Box:
    """`area` ended GAP above the layout's own footer placeholders and above art reaching
    into its foot (when the rest of it is clear: an area over a picture is left whole)."""
    x, y, w, h = area
    bottom = y + h
    for f in frames.furniture.get(key, ()):
        fx, fy, fw, _ = f.box
        if min(x + w, fx + fw) > max(x, fx) and y + h // 2 < fy < bottom + GAP:
            bottom = min(bottom, fy - GAP)
    art = frames.art.get(key)
    if art is not None and art.clear((x, y + h // 3, w, max(STRIP, h // 3))):
        while bottom - STRIP > y + h * 0.6 and not art.clear((x, bottom - STRIP, w, STRIP)):
            bottom -= STRIP
    return (x, y, w, max(inches(0.5), bottom - y))


def source_box(frames: Frames, key: str, caption_pt: float) -> Box | None:
    """The source line of a slide of layout `key`: the foot of its content area."""
    area = frames.areas.get(key)
    if area is None:
        return None
    x, y, w, h = area
    line = int(caption_pt * 1.3 * EMU_PER_PT) + inches(0.1)
    return (x, y + h - line, w, line)


def title_column(frames: Frames, key: str) -> Box:
    """The title slide's column: under and beside its title and subtitle placeholders, down to
    the template's art (or the slide's foot)."""
    geo = frames.geometry
    boxes = frames.layouts.get(key, {})
    placed = [b for b in (boxes.get(0), boxes.get(1)) if b]
    if not placed:
        return geo.body_box
    col = _union(placed)
    x, y, w, _ = col
    art = frames.art.get(key)
    limit = geo.height - EDGE

    def depth(width: int) -> int:  # how far down the column is clear at this width
        scan = _bottom(col)
        if art is None:
            return limit
        while scan + STRIP <= limit and art.clear((x, scan, width, STRIP)):
            scan += STRIP
        return scan

    # the whole width, or a narrower column reaching further down past art beside it (a
    # logo in the corner), whichever holds more
    widths = [w, int(w * 0.75), int(w * 0.6)]
    best = max(widths, key=lambda width: width * (depth(width) - _bottom(col)))
    return (x, y, best, max(depth(best) - y, col[3]))


def narrowed(frames: Frames, key: str, box: Box) -> Box:
    """A title placeholder's `box` narrowed away from art at its ends (a crest in the corner
    of a full-width title), when that leaves its middle clear; else the box as it is (a
    title on the template's own band keeps it)."""
    art = frames.art.get(key)
    x, y, w, h = box
    middle = (y + h // 4, max(STRIP, h // 2))

    def clear(left: int, width: int) -> bool:
        return art.clear((left, middle[0], width, middle[1]))

    if art is None or clear(x, w):
        return box
    step = inches(0.1)
    left, right = x, x + w
    while right - left > w * 0.6 and not clear(right - step, step):
        right -= step
    while right - left > w * 0.6 and not clear(left, step):
        left += step
    return (left, y, right - left, h) if clear(left, right - left) else box


def grown_title(frames: Frames, key: str, box: Box, idx: int = 0) -> Box:
    """Placeholder `idx`'s `box` (a title's) grown downwards into the free room under it:
    down to just above the next placeholder, content area or footer placeholder below it,
    over the template's ground only."""
    x, y, w, h = box
    limit = frames.geometry.height - EDGE
    others = [b for i, b in frames.layouts.get(key, {}).items() if i != idx and b]
    others += [f.box for f in frames.furniture.get(key, ())]
    if idx == 0 and frames.areas.get(key) and frames.roles.get(key) not in PLAIN_ROLES:
        others.append(frames.areas[key])
    for b in others:
        if min(x + w, b[0] + b[2]) > max(x, b[0]) and b[1] >= y + h - GAP:
            limit = min(limit, b[1] - GAP)
    art = frames.art.get(key)
    bottom = y + h
    while bottom + STRIP <= limit and (art is None or art.clear((x, bottom, w, STRIP))):
        bottom += STRIP
    return (x, y, w, max(h, bottom - y))


# ---- the title slide ---------------------------------------------------------------------------
@dataclass(frozen=True)
class TitleSlide:
    """Boxes of a template's title slide: the title (grown into the room above the subtitle),
    the subtitle (as tall as its text) and the presenter details under it, and their ink."""

    title: Box
    subtitle: Box | None
    details: Box
    ink: str  # colour role of the details: "text" or "background"


def title_slide(frames: Frames, key: str, subtitle_height: Callable[[int], int]) -> TitleSlide:
    """`subtitle_height(width)`: how tall the subtitle's text is at that width (0: none)."""
    geo = frames.geometry
    boxes = frames.layouts.get(key, {})
    col = frames.areas.get(key) or title_column(frames, key)
    title = boxes.get(0) or geo.title_box
    sub = boxes.get(1)
    if sub and sub[1] > _bottom(title):  # the title may grow into the room above the subtitle
        title = (title[0], title[1], title[2], sub[1] - GAP - title[1])
    top = _bottom(title) + GAP
    sub_box = None
    if sub:
        needed = subtitle_height(sub[2])
        if needed:
            sub_box = (sub[0], sub[1], sub[2], max(needed, min(sub[3], needed)))
            top = _bottom(sub_box) + GAP
        else:
            top = sub[1]
    x, w = (sub or title)[0], min((sub or title)[2], col[0] + col[2] - (sub or title)[0])
    details = (x, top, w, max(inches(0.4), _bottom(col) - top))
    return TitleSlide(title, sub_box, details, ink(frames, key, details, ("text", "background")))


def ink(frames: Frames, key: str, box: Box, roles=("muted", "text", "background")) -> str:
    """The first colour role whose colour reads on what the template draws behind `box`
    (else the one that reads best)."""
    art = frames.art.get(key)
    if art is None:
        return roles[0]
    scored = [(art.worst_contrast(frames.colors[r], box), r) for r in roles if r in frames.colors]
    for ratio, role in scored:
        if ratio >= LEGIBLE:
            return role
    return max(scored)[1] if scored else roles[0]


# ---- furniture ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Item:
    """A piece of furniture on a template layout: the footer text ("ftr"), slide number
    ("sldNum"), date ("dt") or a logo ("logo", `logo` its index), in `box`. `own`: the
    layout's own placeholder; `color`: its text's colour when the template's would not read
    (or for one slidegen adds): a role or "#RRGGBB"; None keeps the template's."""

    kind: str
    box: Box
    own: bool = False
    color: str | None = None
    align: str = "l"
    logo: int = -1
    text: str | None = None  # the footer or date as it fits one line of the box
    size: float | None = None  # ... at this size (None: the placeholder's own)


@dataclass(frozen=True)
class FurniturePlan:
    """Each layout key's furniture, and what found no room (kind, layout key)."""

    layouts: dict[str, tuple[Item, ...]]
    missing: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Wanted:
    """What a deck asks for: footer text (or None), slide numbers, a date (or None), the
    text size, and logos as (width, height, corner) in EMU."""

    footer: str | None
    numbers: bool
    date: str | None
    size: float
    logos: tuple[tuple[int, int, str], ...] = ()


def plan_furniture(
    frames: Frames,
    wanted: Wanted,
    text_width: Callable[[str], int],
    fit: Callable[[str, Box, float], tuple[str, float]] | None = None,
) -> FurniturePlan:
    """Where each layout's furniture goes (see the module's notes). `text_width(text)`: the
    width of a line of footer text at `wanted.size`, EMU; `fit(text, box, size)`: the footer
    or date as it stays on one line of a box, and its size (placement/furniture.fit_footer)."""
    out: dict[str, tuple[Item, ...]] = {}
    missing: list[tuple[str, str]] = []
    texts = [
        (kind, text)
        for kind, text in (
            ("ftr", wanted.footer),
            ("sldNum", "00" if wanted.numbers else None),
            ("dt", wanted.date),
        )
        if text
    ]
    for key, boxes in frames.layouts.items():
        role = frames.roles.get(key, key)
        blocked = [b for b in boxes.values() if b]
        area = frames.areas.get(key)
        if area:
            blocked.append(area)
        items: list[Item] = []
        own = {f.kind: f for f in frames.furniture.get(key, ())}
        for kind, text in texts if role not in PLAIN_ROLES else ():
            item = _text_item(
                frames, key, kind, text, own.get(kind), wanted.size, blocked, text_width
            )
            if item is None:
                missing.append((kind, key))
                continue
            if fit is not None and kind != "sldNum":  # on one line of its box
                start = own[kind].size if item.own else wanted.size
                line, line_size = fit(text, item.box, start)
                item = replace(item, text=line, size=line_size if line_size != start else None)
            items.append(item)
            blocked.append(item.box)
        for i, (w, h, corner) in enumerate(wanted.logos):
            box = _logo_spot(frames, key, w, h, corner, blocked)
            if box is None:
                missing.append(("logo", key))
                continue
            items.append(Item("logo", box, logo=i))
            blocked.append(box)
        out[key] = tuple(items)
    return FurniturePlan(out, tuple(missing))


def _text_item(frames, key, kind, text, own, size, blocked, text_width) -> Item | None:
    align = {"sldNum": "r", "dt": "l", "ftr": "l"}[kind]
    if own is not None:  # the template's own placeholder, where its text reads
        art = frames.art.get(key)
        spot = _spot(own, text_width(text) * own.size / size + inches(0.2))
        if art is None:
            return Item(kind, own.box, own=True)
        if art.spread(spot) <= CLEAR_SPREAD:  # on one colour (the ground, or a bar of its own)
            if art.worst_contrast(own.color, spot) >= LEGIBLE:
                return Item(kind, own.box, own=True)
            role = ink(frames, key, spot)
            if art.worst_contrast(frames.colors[role], spot) >= LEGIBLE:
                return Item(kind, own.box, own=True, color=role)
        # across the template's art (a logo under the number): a band clear of it instead
    geo = frames.geometry
    height = max(inches(0.3), int(size * 1.5 * EMU_PER_PT) + inches(0.1))
    width = inches(0.7) if kind == "sldNum" else min(text_width(text) + inches(0.3), geo.width // 2)
    area = frames.areas.get(key) or geo.body_box
    left, right = area[0], area[0] + area[2]
    for box in _band_boxes(frames, key, width, height, left, right, kind == "sldNum"):
        if any(intersects(box, b) for b in blocked):
            continue
        art = frames.art.get(key)
        if art is not None and not art.clear(box):
            continue
        role = ink(frames, key, box)
        if art is None or art.worst_contrast(frames.colors[role], box) >= LEGIBLE:
            return Item(kind, box, own=False, color=role, align=align)
    return None


def _spot(own, width: int) -> Box:
    """Where in its placeholder a line of text this wide sits, by the placeholder's alignment."""
    x, y, w, h = own.box
    width = min(w, width)
    if own.align == "r":
        return (x + w - width, y, width, h)
    if own.align == "ctr":
        return (x + (w - width) // 2, y, width, h)
    return (x, y, width, h)


def _band_boxes(frames, key, width, height, left, right, from_right: bool):
    """Candidate boxes for a line of furniture: the foot of the slide upwards to the content
    area, then the top of the slide down to the title; along each band from the content's
    left edge (the slide number: its right edge)."""
    geo = frames.geometry
    area = frames.areas.get(key) or geo.body_box
    title = frames.layouts.get(key, {}).get(0)
    step = max(height // 3, inches(0.05))
    ys = list(range(geo.height - EDGE - height, _bottom(area) - step, -step))
    ys += list(range(EDGE, (title[1] if title else area[1]) - height + 1, step))
    xs_step = inches(0.2)
    for y in ys:
        if from_right:
            xs = range(right - width, max(left, EDGE) - 1, -xs_step)
        else:
            xs = range(max(left, EDGE), right - width + 1, xs_step)
        for x in xs:
            yield (x, y, width, height)


def _logo_spot(frames, key, w, h, corner, blocked) -> Box | None:
    """A box for a logo clear of the template's art and placeholders: in its corner, else the
    other corners (the same edge first)."""
    geo = frames.geometry
    art = frames.art.get(key)
    vertical, horizontal = corner.split("-")
    order = [corner, f"{vertical}-{'left' if horizontal == 'right' else 'right'}"]
    other = "top" if vertical == "bottom" else "bottom"
    order += [f"{other}-{horizontal}", f"{other}-{'left' if horizontal == 'right' else 'right'}"]
    margin = inches(0.3)
    for c in order:
        for dy in range(0, geo.height // 4, inches(0.1)):
            y = EDGE + dy if c.startswith("top") else geo.height - EDGE - h - dy
            for dx in range(0, geo.width // 3, inches(0.2)):
                x = margin + dx if c.endswith("left") else geo.width - margin - w - dx
                box = (x, y, w, h)
                if any(intersects(box, b) for b in blocked):
                    continue
                if art is not None and not art.clear(box):
                    continue
                return box
    return None
