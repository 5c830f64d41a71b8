"""Painting what a corporate template draws behind the slides of a layout: its background
(a colour, gradient or picture, the layout's or its master's), the master's shapes (unless the
layout hides them) and the layout's own: pictures, filled shapes, lines, text of its own and
placeholder fills. A small picture (place/art.py's ArtMap) that placement asks whether a box is
clear of the template's art, and what colour is behind it.

Geometry is approximated by bounding boxes (ellipses aside), gradients by their stops along
one axis, patterns by their two colours blended; a picture Pillow cannot read (EMF, WMF) is
painted as art all over its box. What is unsure is painted as art: a box is only called clear
when it surely is.
"""

from __future__ import annotations

import colorsys
from pathlib import Path

from lxml import etree
from PIL import Image, ImageDraw

from ..ooxml import qn
from ..place.art import ArtMap, px_size
from ..place.media import open_image
from .frames import placeholder_box

FILLS = ("solidFill", "gradFill", "blipFill", "pattFill", "noFill", "grpFill")
SCHEME_SLOTS = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
PRESET = {"black": (0, 0, 0), "white": (255, 255, 255), "gray": (128, 128, 128)}


# ---- colours --------------------------------------------------------------------------------
class Palette:
    """A master's colours: its theme's colour scheme through its colour map (and a layout's
    override). `resolve` turns a DrawingML colour element into (r, g, b, alpha)."""

    def __init__(self, scheme: dict[str, tuple[int, int, int]], clr_map: dict[str, str]):
        self.scheme = scheme
        self.clr_map = clr_map

    @classmethod
    def of(cls, layout) -> Palette:
        master = layout.slide_master
        scheme = theme_colors(master)
        clr_map = dict(master._element.find(qn("p:clrMap")).attrib)
        over = layout._element.find(f"{qn('p:clrMapOvr')}/{qn('a:overrideClrMapping')}")
        if over is not None:
            clr_map.update(over.attrib)
        return cls(scheme, clr_map)

    def slot(self, name: str) -> tuple[int, int, int]:
        """A scheme colour by name as text and fills use it (bg1, tx2, accent3...)."""
        mapped = self.clr_map.get(name, name)
        return self.scheme.get(mapped, (128, 128, 128))

    def resolve(self, el, ph=None) -> tuple[int, int, int, float] | None:
        """(r, g, b, alpha) of a colour element (srgbClr, schemeClr...), `ph` for phClr."""
        if el is None:
            return None
        tag = etree.QName(el).localname
        if tag == "srgbClr":
            rgb = _hex(el.get("val", "808080"))
        elif tag == "schemeClr":
            val = el.get("val")
            if val == "phClr":
                if ph is None:
                    return None
                rgb = ph[:3]
            else:
                rgb = self.slot(val)
        elif tag == "sysClr":
            rgb = _hex(
                el.get("lastClr") or ("000000" if el.get("val") == "windowText" else "FFFFFF")
            )
        elif tag == "prstClr":
            rgb = PRESET.get(el.get("val", ""), (128, 128, 128))
        elif tag == "scrgbClr":
            rgb = tuple(round(int(el.get(k, "0")) / 100000 * 255) for k in ("r", "g", "b"))
        elif tag == "hslClr":
            h, s, lum = (int(el.get(k, "0")) for k in ("hue", "sat", "lum"))
            r, g, b = colorsys.hls_to_rgb(h / 21600000, lum / 100000, s / 100000)
            rgb = (round(r * 255), round(g * 255), round(b * 255))
        else:
            return None
        return _modified(rgb, el)

    def of_fill(self, parent, ph=None):
        """(r, g, b, alpha) of the first colour inside `parent` (a fill or a style ref)."""
        for child in parent:
            if isinstance(child.tag, str) and child.tag.startswith(qn("a:")) and "Clr" in child.tag:
                return self.resolve(child, ph)
        return None


def qpath(path: str) -> str:
    """An ElementTree path of DrawingML names: qpath("themeElements/clrScheme")."""
    return "/".join(qn(f"a:{step}") for step in path.split("/"))


def theme_colors(master) -> dict[str, tuple[int, int, int]]:
    """The colour scheme of a master's theme: slot -> (r, g, b)."""
    root = _theme_root(master)
    out = {}
    scheme = root.find(qpath("themeElements/clrScheme"))
    for slot in SCHEME_SLOTS:
        el = scheme.find(qn(f"a:{slot}")) if scheme is not None else None
        color = None
        if el is not None and len(el):
            c = el[0]
            if etree.QName(c).localname == "srgbClr":
                color = _hex(c.get("val", "808080"))
            elif etree.QName(c).localname == "sysClr":
                color = _hex(c.get("lastClr") or "000000")
        out[slot] = color or ((0, 0, 0) if slot.startswith("dk") else (255, 255, 255))
    return out


def _theme_root(master):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    part = master.part.part_related_by(RT.THEME)
    cached = getattr(part, "_slidegen_root", None)
    if cached is None:
        cached = etree.fromstring(part.blob)
        part._slidegen_root = cached
    return cached


def _hex(val: str) -> tuple[int, int, int]:
    val = (val or "808080").strip().lstrip("#")
    try:
        return (int(val[0:2], 16), int(val[2:4], 16), int(val[4:6], 16))
    except ValueError:
        return (128, 128, 128)


def _modified(rgb, el) -> tuple[int, int, int, float]:
    r, g, b = (c / 255 for c in rgb)
    alpha = 1.0
    for mod in el:
        if not isinstance(mod.tag, str):
            continue
        name = etree.QName(mod).localname
        val = int(mod.get("val", "0")) / 100000
        if name == "alpha":
            alpha = val
        elif name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if name == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name == "tint":
            r, g, b = (c * val + (1 - val) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * val for c in (r, g, b))
    return (round(r * 255), round(g * 255), round(b * 255), alpha)


# ---- painting -------------------------------------------------------------------------------
class Painter:
    """Paints one layout's background and shapes onto an RGB picture at ART_DPI."""

    def __init__(self, layout, width: int, height: int):
        self.layout = layout
        self.width, self.height = width, height
        self.palette = Palette.of(layout)
        self.image = Image.new("RGB", px_size(width, height), (255, 255, 255))
        self.sx = self.image.width / width
        self.sy = self.image.height / height

    # -- boxes
    def px(self, box) -> tuple[int, int, int, int]:
        x, y, w, h = box
        return (
            round(x * self.sx),
            round(y * self.sy),
            round((x + w) * self.sx),
            round((y + h) * self.sy),
        )

    # -- background
    def background(self) -> None:
        for owner in (self.layout, self.layout.slide_master):
            bg = owner._element.find(f"{qn('p:cSld')}/{qn('p:bg')}")
            if bg is None:
                continue
            pr = bg.find(qn("p:bgPr"))
            full = (0, 0, self.width, self.height)
            if pr is not None:
                self.fill(_fill_of(pr), full, owner.part)
                return
            ref = bg.find(qn("p:bgRef"))
            if ref is not None:
                color = self.palette.of_fill(ref)
                style = _style_fill(owner.slide_master if owner is self.layout else owner, ref)
                if style is not None:
                    self.fill(style, full, _theme_part(owner), ph=color)
                elif color is not None:
                    self.fill_color(color, full)
                return
        self.fill_color(self.palette.slot("bg1") + (1.0,), (0, 0, self.width, self.height))

    # -- shapes
    def shapes(self, owner, placeholders: bool) -> None:
        tree = owner._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
        self._children(tree, owner.part, placeholders, _identity)

    def _children(self, tree, part, placeholders: bool, at) -> None:
        for el in tree:
            if not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            if name not in ("sp", "pic", "cxnSp", "grpSp", "graphicFrame"):
                continue
            c_nv = el.find(f".//{qn('p:cNvPr')}")
            if c_nv is not None and c_nv.get("hidden") in ("1", "true"):
                continue
            is_ph = el.find(f"*/{qn('p:nvPr')}/{qn('p:ph')}") is not None
            if is_ph and not placeholders:
                continue
            try:
                if name == "grpSp":
                    self._group(el, part, placeholders, at)
                elif name == "pic":
                    self._picture(el, part, at)
                elif name == "graphicFrame":
                    box = _frame_box(el, at)
                    if box:
                        self.mark(box)
                else:
                    self._shape(el, part, at, is_ph)
            except Exception:  # a shape this approximation cannot paint: count it as art
                box = _box(el.find(f"{qn('p:spPr')}/{qn('a:xfrm')}"), at)
                if box:
                    self.mark(box)

    def _group(self, el, part, placeholders, at) -> None:
        xfrm = el.find(f"{qn('p:grpSpPr')}/{qn('a:xfrm')}")
        inner = at
        if xfrm is not None:
            off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
            ch_off, ch_ext = xfrm.find(qn("a:chOff")), xfrm.find(qn("a:chExt"))
            if None not in (off, ext, ch_off, ch_ext):
                ox, oy = int(off.get("x")), int(off.get("y"))
                cx, cy = int(ext.get("cx")), int(ext.get("cy"))
                chx, chy = int(ch_off.get("x")), int(ch_off.get("y"))
                chw, chh = int(ch_ext.get("cx")) or 1, int(ch_ext.get("cy")) or 1

                def inner(x, y, at=at):
                    return at(ox + (x - chx) * cx / chw, oy + (y - chy) * cy / chh)

        self._children(el, part, placeholders, inner)

    def _shape(self, el, part, at, is_ph: bool) -> None:
        sp_pr = el.find(qn("p:spPr"))
        box = _box(sp_pr.find(qn("a:xfrm")) if sp_pr is not None else None, at)
        if box is None:
            return
        geom = sp_pr.find(qn("a:prstGeom"))
        prst = geom.get("prst") if geom is not None else "rect"
        style = el.find(qn("p:style"))
        fill = _fill_of(sp_pr)
        if fill is None and style is not None:
            ref = style.find(qn("a:fillRef"))
            if ref is not None and ref.get("idx", "0") != "0":
                color = self.palette.of_fill(ref)
                if color is not None:
                    self.fill_color(color, box, prst)
        elif fill is not None:
            self.fill(fill, box, part, prst=prst)
        ln = sp_pr.find(qn("a:ln"))
        color = None
        if ln is not None and ln.find(qn("a:noFill")) is None:
            solid = ln.find(qn("a:solidFill"))
            color = self.palette.of_fill(solid) if solid is not None else None
            if color is None and ln.find(qn("a:gradFill")) is not None:
                color = (128, 128, 128, 1.0)
        if color is None and (ln is None or ln.find(qn("a:noFill")) is None) and style is not None:
            ref = style.find(qn("a:lnRef"))
            if ref is not None and ref.get("idx", "0") != "0":
                color = self.palette.of_fill(ref)
        if color is not None:
            width = int(ln.get("w", "9525")) if ln is not None else 9525
            self.outline(color, box, prst, width, el.find(f"{qn('p:spPr')}/{qn('a:xfrm')}"))
        if not is_ph:
            text = (
                "".join(el.find(qn("p:txBody")).itertext()).strip()
                if el.find(qn("p:txBody")) is not None
                else ""
            )
            if text:
                self.mark(box)

    def placeholder_fills(self) -> None:
        """The fills and outlines a slide's placeholders get from the layout (or, where the
        layout leaves them out, its master): a title set on a band of its own."""
        from .template_look import _master_match, _ph_of

        master_tree = self.layout.slide_master.shapes._spTree
        for ph in self.layout.placeholders:
            box = placeholder_box(ph)
            if box is None:
                continue
            el = ph._element
            kind = _ph_of(el).get("type", "obj") if _ph_of(el) is not None else "obj"
            for owner, part in ((el, self.layout.part), (_master_match(master_tree, kind), None)):
                if owner is None:
                    continue
                sp_pr = owner.find(qn("p:spPr"))
                fill = _fill_of(sp_pr) if sp_pr is not None else None
                if fill is not None:
                    self.fill(fill, box, part or self.layout.slide_master.part)
                    break

    def _picture(self, el, part, at) -> None:
        box = _box(el.find(f"{qn('p:spPr')}/{qn('a:xfrm')}"), at)
        if box is None:
            return
        blip_fill = el.find(qn("p:blipFill"))
        self.fill(blip_fill, box, part)

    # -- fills
    def fill(self, fill, box, part, ph=None, prst: str = "rect") -> None:
        if fill is None:
            return
        kind = etree.QName(fill).localname
        if kind == "noFill":
            return
        if kind == "solidFill":
            color = self.palette.of_fill(fill, ph)
            if color is not None:
                self.fill_color(color, box, prst)
        elif kind == "gradFill":
            self._gradient(fill, box, ph)
        elif kind == "blipFill":
            self._blip(fill, box, part)
        elif kind == "pattFill":
            fg = fill.find(qn("a:fgClr"))
            bg = fill.find(qn("a:bgClr"))
            colors = [self.palette.of_fill(c, ph) for c in (fg, bg) if c is not None]
            colors = [c for c in colors if c is not None]
            if colors:
                mixed = tuple(sum(c[i] for c in colors) // len(colors) for i in range(3))
                self.fill_color((*mixed, 1.0), box, prst)
        else:  # grpFill and the like: unsure, so art
            self.mark(box)

    def fill_color(self, color, box, prst: str = "rect") -> None:
        r, g, b, alpha = color
        if alpha <= 0.02:
            return
        x0, y0, x1, y1 = self.px(box)
        if x1 <= x0 or y1 <= y0:
            x1, y1 = max(x1, x0 + 1), max(y1, y0 + 1)
        layer = Image.new("RGB", (x1 - x0, y1 - y0), (r, g, b))
        mask = Image.new("L", layer.size, 0)
        draw = ImageDraw.Draw(mask)
        if prst in ("ellipse", "circle"):
            draw.ellipse((0, 0, layer.width - 1, layer.height - 1), fill=round(255 * alpha))
        else:
            draw.rectangle((0, 0, layer.width, layer.height), fill=round(255 * alpha))
        self.image.paste(layer, (x0, y0), mask)

    def outline(self, color, box, prst: str, width: int, xfrm) -> None:
        r, g, b, alpha = color
        if alpha <= 0.02:
            return
        x0, y0, x1, y1 = self.px(box)
        w = max(1, round(width * self.sx))
        draw = ImageDraw.Draw(self.image)
        if prst in ("line", "straightConnector1") or (x1 - x0 <= w) or (y1 - y0 <= w):
            flip_h = xfrm is not None and xfrm.get("flipH") == "1"
            flip_v = xfrm is not None and xfrm.get("flipV") == "1"
            ax, bx = (x1, x0) if flip_h else (x0, x1)
            ay, by = (y1, y0) if flip_v else (y0, y1)
            draw.line((ax, ay, bx, by), fill=(r, g, b), width=w)
        elif prst in ("ellipse", "circle"):
            draw.ellipse((x0, y0, x1, y1), outline=(r, g, b), width=w)
        else:
            draw.rectangle((x0, y0, x1, y1), outline=(r, g, b), width=w)

    def mark(self, box) -> None:
        """Paint `box` as art: stripes that are surely not one colour."""
        x0, y0, x1, y1 = self.px(box)
        draw = ImageDraw.Draw(self.image)
        for y in range(max(0, y0), min(self.image.height, max(y1, y0 + 1))):
            shade = (40, 40, 40) if y % 2 else (215, 215, 215)
            draw.line((x0, y, max(x0, x1 - 1), y), fill=shade)

    def _gradient(self, fill, box, ph) -> None:
        stops = []
        for gs in fill.iter(qn("a:gs")):
            color = self.palette.of_fill(gs, ph)
            if color is not None:
                stops.append((int(gs.get("pos", "0")) / 100000, color))
        if not stops:
            self.mark(box)
            return
        stops.sort(key=lambda s: s[0])
        lin = fill.find(qn("a:lin"))
        vertical = lin is not None and 2700000 <= int(lin.get("ang", "0")) % 10800000 <= 8100000
        x0, y0, x1, y1 = self.px(box)
        n = max(1, (y1 - y0) if vertical else (x1 - x0))
        draw = ImageDraw.Draw(self.image)
        for i in range(n):
            t = i / max(1, n - 1)
            r, g, b = _between(stops, t)
            if vertical:
                draw.line((x0, y0 + i, x1 - 1, y0 + i), fill=(r, g, b))
            else:
                draw.line((x0 + i, y0, x0 + i, y1 - 1), fill=(r, g, b))

    def _blip(self, fill, box, part) -> None:
        blip = fill.find(qn("a:blip"))
        r_id = blip.get(qn("r:embed")) if blip is not None else None
        src = fill.find(qn("a:srcRect"))
        crop = tuple(int(src.get(k, "0")) for k in "ltrb") if src is not None else (0, 0, 0, 0)
        x0, y0, x1, y1 = self.px(box)
        picture = _picture(part, r_id, crop, (max(1, x1 - x0), max(1, y1 - y0)))
        if picture is None:
            self.mark(box)
            return
        alpha_mod = blip.find(qn("a:alphaModFix"))
        alpha = picture.getchannel("A")
        if alpha_mod is not None:
            amt = int(alpha_mod.get("amt", "100000")) / 100000
            alpha = alpha.point(lambda v: round(v * amt))
        self.image.paste(picture.convert("RGB"), (x0, y0), alpha)


def _between(stops, t: float) -> tuple[int, int, int]:
    if t <= stops[0][0]:
        return stops[0][1][:3]
    for (p0, c0), (p1, c1) in zip(stops, stops[1:], strict=False):
        if p0 <= t <= p1:
            k = 0 if p1 == p0 else (t - p0) / (p1 - p0)
            return tuple(round(c0[i] + (c1[i] - c0[i]) * k) for i in range(3))
    return stops[-1][1][:3]


def _identity(x, y):
    return x, y


def _box(xfrm, at):
    if xfrm is None:
        return None
    off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
    if off is None or ext is None:
        return None
    x, y = int(off.get("x")), int(off.get("y"))
    w, h = int(ext.get("cx")), int(ext.get("cy"))
    rot = int(xfrm.get("rot", "0")) % 21600000
    if 2700000 <= rot < 8100000 or 13500000 <= rot < 18900000:  # turned about a quarter
        x, y, w, h = x + (w - h) // 2, y + (h - w) // 2, h, w
    ax, ay = at(x, y)
    bx, by = at(x + w, y + h)
    return (int(min(ax, bx)), int(min(ay, by)), int(abs(bx - ax)), int(abs(by - ay)))


def _frame_box(el, at):
    xfrm = el.find(qn("p:xfrm"))
    return _box(xfrm, at)


def _fill_of(parent):
    for name in FILLS:
        el = parent.find(qn(f"a:{name}"))
        if el is not None:
            return el
    return None


def _theme_part(owner):
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    master = owner if not hasattr(owner, "slide_master") else owner.slide_master
    return master.part.part_related_by(RT.THEME)


def _style_fill(master, ref):
    """The theme's fill style a background reference names (bgFillStyleLst from 1001)."""
    idx = int(ref.get("idx", "0"))
    root = _theme_root(master)
    fmt = root.find(qpath("themeElements/fmtScheme"))
    if fmt is None or idx == 0:
        return None
    lst, n = (
        (fmt.find(qpath("bgFillStyleLst")), idx - 1001)
        if idx >= 1001
        else (fmt.find(qpath("fillStyleLst")), idx - 1)
    )
    if lst is None:
        return None
    styles = [c for c in lst if isinstance(c.tag, str)]
    return styles[n] if 0 <= n < len(styles) else None


def _picture(part, r_id, crop, size):
    """The picture a relationship of `part` names, cropped (srcRect, 1/1000 %) and scaled to
    `size` pixels, as RGBA; None if Pillow cannot read it. Kept on the picture part, decoded
    once (a template's layouts often share one full-slide picture)."""
    if not r_id:
        return None
    try:
        target = part.related_part(r_id)
    except KeyError:
        return None
    cache = target.__dict__.setdefault("_slidegen_art", {})
    if (crop, size) in cache:
        return cache[crop, size]
    if "decoded" not in cache:
        try:
            # open_image refuses a picture over limits.PICTURE_PIXELS from its header (an
            # error here, caught below: unknown, so art) and keeps Pillow's warning quiet
            decoded = open_image(target.blob, Path(target.partname), None)
            decoded.load()
            factor = max(decoded.size) // 1000  # the art picture is a few hundred pixels
            if factor > 1:
                decoded = decoded.reduce(factor)
            cache["decoded"] = decoded.convert("RGBA")
        except Exception:  # EMF, WMF, SVG or a damaged picture: unknown, so art
            cache["decoded"] = None
    picture = cache["decoded"]
    if picture is not None:
        w, h = picture.size
        left, top = crop[0] / 100000 * w, crop[1] / 100000 * h
        right, bottom = w - crop[2] / 100000 * w, h - crop[3] / 100000 * h
        if right > left and bottom > top and crop != (0, 0, 0, 0):
            picture = picture.crop((int(left), int(top), int(right), int(bottom)))
        picture = picture.resize(size, Image.Resampling.BOX)
    cache[crop, size] = picture
    return picture


def art_map(layout, width: int, height: int) -> ArtMap:
    """What the template draws behind a slide of `layout` (slide size in EMU)."""
    painter = Painter(layout, width, height)
    painter.background()
    if layout._element.get("showMasterSp") != "0":
        painter.shapes(layout.slide_master, placeholders=False)
    painter.shapes(layout, placeholders=False)
    painter.placeholder_fills()
    return ArtMap(painter.image, width, height)
