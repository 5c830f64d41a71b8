"""The branded base presentation: theme part, master and layouts carry the brand.

Built from python-pptx's stock template (read as a write.package.Package, python-pptx itself is
not needed): slide size set, every master/layout shape moved to the
new width, the colour and font schemes replaced with the theme's, text styles sized and coloured
from scheme slots, dark layouts for title and section slides, and the footer, slide number and
logo placed on the master so slides a person adds in PowerPoint carry them too.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field

from lxml import etree

from ..colors import hex_of, mix
from ..errors import SlidegenError
from ..ooxml import (
    EMU_PER_CM,
    P_CSLD,
    R_ID,
    RT_IMAGE,
    RT_THEME,
    inches,
    qn,
)
from ..place.context import level_sizes
from ..place.furniture import Footer, LogoImage, footer_box, logo_boxes, slide_number_box
from ..place.geometry import Geometry, theme_geometry
from ..place.roles import LAYOUT_NAMES, ROLES
from ..plan.theme import SIZES
from . import oxml, xml


def scheme_colors(colors: dict[str, str]) -> dict[str, str]:
    """The theme part's colour scheme (dk1..folHlink) from the theme's named colours."""
    return {
        "dk1": colors["text"],
        "lt1": colors["background"],
        "dk2": colors["primary"],
        # a tint of the primary towards the background (not white): table bands and chart
        # grids keep the body text readable on a dark theme too
        "lt2": hex_of(mix(colors["primary"], colors["background"], 0.9)),
        "accent1": colors["primary"],
        "accent2": colors["secondary"],
        "accent3": colors["accent"],
        "accent4": colors["muted"],
        "accent5": hex_of(mix(colors["primary"], colors["secondary"], 0.5)),
        "accent6": hex_of(mix(colors["accent"], colors["primary"], 0.5)),
        "hlink": colors["secondary"],
        "folHlink": colors["muted"],
    }


def apply_theme_part(master, theme) -> None:
    """Rewrite the theme part's colour scheme and font scheme with the theme's values
    (`master`: the slide master Part)."""
    theme_part = master.related(RT_THEME)
    root = etree.fromstring(theme_part.blob)
    a = qn("a:")  # the {uri} of DrawingML names
    root.set("name", theme.name)
    clr = root.find(f"{a}themeElements/{a}clrScheme")
    clr.set("name", theme.name)
    for slot, value in scheme_colors(theme.colors).items():
        el = clr.find(f"{a}{slot}")
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{a}srgbClr").set("val", value.lstrip("#").upper())
    fonts = root.find(f"{a}themeElements/{a}fontScheme")
    fonts.set("name", theme.name)
    fonts.find(f"{a}majorFont/{a}latin").set("typeface", theme.fonts["heading"])
    fonts.find(f"{a}minorFont/{a}latin").set("typeface", theme.fonts["body"])
    theme_part.blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _scale_x(element, factor: float) -> None:
    for off in element.iter(qn("a:off")):
        off.set("x", str(round(int(off.get("x")) * factor)))
    for ext in element.iter(qn("a:ext")):
        if ext.get("cx") is not None:
            ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def masters_and_layouts(package) -> tuple[list, list]:
    """The slide masters (in the presentation's order) and each one's layouts (in its order),
    as Parts."""
    prs = package.main
    masters, layouts = [], []
    for sld_master in prs.element.find(qn("p:sldMasterIdLst")):
        master = prs.related_part(sld_master.get(R_ID))
        masters.append(master)
        lst = master.element.find(qn("p:sldLayoutIdLst"))
        for entry in lst if lst is not None else ():
            layouts.append(master.related_part(entry.get(R_ID)))
    return masters, layouts


def layout_name(layout) -> str:
    return layout.element.find(P_CSLD).get("name", "")


def _placeholders(part):
    """(p:sp, type, idx) of a master's or layout's placeholders, in document order."""
    from .prototypes import placeholders

    for sp in placeholders(part.element):
        ph = xml.ph_of(sp)
        yield sp, ph.get("type", "obj"), int(ph.get("idx", "0"))


def style_sizes(master, theme) -> None:
    """A template master's text styles at the theme's sizes (colours and fonts kept)."""
    sizes = theme.sizes
    styles = master._element.find(qn("p:txStyles"))
    if styles is None:
        return
    title = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    if title is not None:
        title.set("sz", str(int(round(sizes["heading"] * 100))))
    body = styles.find(qn("p:bodyStyle"))
    if body is None:
        return
    by_level = level_sizes(sizes["body"], sizes["minimum"])
    for n in range(1, 10):
        rpr = body.find(f"{qn(f'a:lvl{n}pPr')}/{qn('a:defRPr')}")
        if rpr is not None:
            rpr.set("sz", str(int(round(by_level[min(n - 1, 2)] * 100))))


def _style_text(master, theme) -> None:
    sizes = theme.sizes
    styles = master.find(qn("p:txStyles"))
    title = styles.find(qn("p:titleStyle")).find(qn("a:lvl1pPr"))
    title.set("algn", "l")
    _def_rpr(title, sizes["heading"], "tx2", bold=True)
    body = styles.find(qn("p:bodyStyle"))
    body_sizes = level_sizes(sizes["body"], sizes["minimum"])
    for i, lvl in enumerate(
        body.findall(qn("a:lvl1pPr"))
        + body.findall(qn("a:lvl2pPr"))
        + body.findall(qn("a:lvl3pPr"))
    ):
        _def_rpr(lvl, body_sizes[min(i, 2)], "tx1")
        spc = lvl.find(qn("a:spcBef"))
        if spc is not None:
            spc[0].set("val", "40000")
    for n in range(4, 10):
        lvl = body.find(qn(f"a:lvl{n}pPr"))
        if lvl is not None:
            _def_rpr(lvl, body_sizes[2], "tx1")


def _def_rpr(ppr, size: float, scheme: str, bold: bool = False) -> None:
    rpr = ppr.find(qn("a:defRPr"))
    rpr.set("sz", str(int(round(size * 100))))
    if bold:
        rpr.set("b", "1")
    fill = rpr.find(qn("a:solidFill"))
    if fill is not None:
        fill[0].set("val", scheme)


def build_base(theme, footer_text: str | None, language: str, logos=None):
    """A write.package.Package whose theme, master and layouts carry the theme (no slides).

    `logos`: LogoImages (see prepare_logos).
    """
    from ..write.package import Package
    from .prototypes import stock_file

    logos = list(logos or [])
    package = Package.from_bytes(stock_file("default.pptx").read_bytes())
    width, height = theme.slide_size
    sld_sz = package.main.element.find(qn("p:sldSz"))
    factor = width / int(sld_sz.get("cx"))
    sld_sz.set("cx", str(width))
    sld_sz.set("cy", str(height))
    if sld_sz.get("type") is not None:
        del sld_sz.attrib["type"]
    if width == SIZES["4:3"][0]:
        sld_sz.set("type", "screen4x3")
    geo = theme_geometry(theme, width, height)
    masters, all_layouts = masters_and_layouts(package)
    master = masters[0]
    apply_theme_part(master, theme)
    if factor != 1:
        _scale_x(master.element.find(P_CSLD), factor)
        for layout in all_layouts:
            _scale_x(layout.element.find(P_CSLD), factor)
    _style_text(master.element, theme)
    oxml.background_solid(master.element.find(P_CSLD), "bg1")
    for sp, kind, _ in _placeholders(master):
        if kind == "title":
            xml.set_xfrm(sp, geo.title_box)
        elif kind == "body":
            xml.set_xfrm(sp, geo.body_box)
    layouts = {}
    for layout in all_layouts:
        layouts[layout_name(layout)] = layout
    content, two = layouts[LAYOUT_NAMES["content"]], layouts[LAYOUT_NAMES["two"]]
    for layout in (content, layouts[LAYOUT_NAMES["title_only"]], two, layouts["Comparison"]):
        for sp, _, idx in _placeholders(layout):
            if idx == 0:
                xml.set_xfrm(sp, geo.title_box)
            elif layout is content and idx == 1:
                xml.set_xfrm(sp, geo.body_box)
    for sp, _, idx in _placeholders(two):
        if idx in (1, 2):
            xml.set_xfrm(sp, geo.panes[idx - 1])
            # the stock layout's own 28/24/20 pt list styles would override the theme's sizes
            # (set on the master) wherever a pane keeps its unshrunk size
            lst = sp.find(qn("p:txBody")).find(qn("a:lstStyle"))
            for child in list(lst):
                lst.remove(child)
    dark = [role for role in ROLES.values() if role.dark]
    light = theme.covers == "light"
    for role in dark:
        _cover_layout(layouts[role.layout], geo, role.dark, light)
    _master_footer(master, theme, geo, footer_text, language, logos)
    _master_logos(master, geo, logos)
    # dark layouts hide the master's shapes (no footer) but keep the logo, on a light plate
    # to stay visible
    for role in dark:
        _master_logos(layouts[role.layout], geo, logos, plate=not light)
    return package


def _cover_layout(layout, geo: Geometry, kind: str, light: bool = False) -> None:
    """Title and section layouts: no master footer shapes, and either the primary colour as
    background with text in the background colour (dark), or the background with the title in
    the primary colour (light: no full-bleed ink for print, no glare for high contrast).

    `kind`: the role's `dark` boxes ("cover": geo.boxes["cover_title"], "cover_subtitle").
    """
    c_sld = layout.element.find(P_CSLD)
    oxml.background_solid(c_sld, "bg1" if light else "tx2")
    layout.element.set("showMasterSp", "0")
    for sp, _, idx in _placeholders(layout):
        if idx in (10, 11, 12):
            continue
        xml.set_xfrm(sp, geo.boxes[f"{kind}_title" if idx == 0 else f"{kind}_subtitle"])
        colour = ("tx2" if idx == 0 else "tx1") if light else "bg1"
        _cover_text(sp, bold=idx == 0, anchor="b" if idx == 0 else "t", colour=colour)


def _cover_text(sp, bold: bool, anchor: str, colour: str) -> None:
    body_pr = sp.find(qn("p:txBody")).find(qn("a:bodyPr"))
    body_pr.set("anchor", anchor)
    lst = sp.find(qn("p:txBody")).find(qn("a:lstStyle"))
    for child in list(lst):
        lst.remove(child)
    ppr = oxml.sub(lst, "a:lvl1pPr", algn="l", marL="0", indent="0")
    oxml.sub(ppr, "a:buNone")
    rpr = oxml.sub(ppr, "a:defRPr")
    if bold:
        rpr.set("b", "1")
    oxml.scheme_fill(rpr, colour)


def _text_box_sp(spid: int, name: str, box) -> etree._Element:
    return xml.textbox_sp(spid, name, *box)


def _master_footer(
    master, theme, geo: Geometry, footer: str | Footer | None, language: str, logos=()
) -> None:
    """Footer text (at the size placement fitted it to one line) and a slide-number field on
    the master, clear of bottom-corner logos."""
    tree = xml.sp_tree(master)
    caption = theme.sizes["caption"]
    if footer:
        if isinstance(footer, str):
            footer = Footer(footer, caption)
        sp = _text_box_sp(xml.next_shape_id(tree), "Footer Text", footer_box(geo, logos))
        tree.append(sp)
        _one_line(sp, footer.text, footer.size, "accent4", language, "l")
    if theme.slide_numbers:
        sp = _text_box_sp(xml.next_shape_id(tree), "Slide Number", slide_number_box(geo, logos))
        tree.append(sp)
        p = _one_line(sp, None, caption, "accent4", language, "r")
        oxml.slide_number_field(p, language)
        rpr = p.find(qn("a:fld")).find(qn("a:rPr"))
        rpr.set("sz", str(int(caption * 100)))
        oxml.scheme_fill(rpr, "accent4")


def _one_line(sp, text: str | None, size: float, scheme: str, lang: str, align: str):
    tx = sp.find(qn("p:txBody"))
    body_pr = tx.find(qn("a:bodyPr"))
    body_pr.set("wrap", "square")
    body_pr.set("anchor", "ctr")
    p = tx.find(qn("a:p"))
    ppr = p.makeelement(qn("a:pPr"), {"algn": align})
    p.insert(0, ppr)
    if text:
        r = oxml.sub(p, "a:r")
        rpr = oxml.sub(r, "a:rPr", lang=lang, sz=str(int(size * 100)))
        oxml.scheme_fill(rpr, scheme)
        oxml.sub(rpr, "a:latin", typeface="+mn-lt")
        t = oxml.sub(r, "a:t")
        t.text = text
    return p


def prepare_logos(theme, cache=None, diags=None) -> list[LogoImage]:
    """The theme's logo then its extra (co-brand) logos, read and converted where needed.

    `cache`: a BuildCache whose prepared logos are reused while their files are unchanged.
    A logo whose width at its height would pass a third of the slide's width is drawn that
    wide instead, less high, with a warning to `diags` (a 20000x1 picture was 14 m wide).
    """
    from ..cache import file_value
    from ..place.media import parse_length, prepare_image

    out = []
    for logo in (theme.logo, *theme.extra_logos):
        if logo is None:
            continue
        height = parse_length(logo.height, logo.pos)
        img = file_value(
            cache,
            "logo",
            logo.path,
            None,
            lambda logo=logo: prepare_image(logo.path, pos=logo.pos, max_px=1200),
        )
        widest = theme.slide_size[0] // 3
        if height * img.width_px > widest * img.height_px:
            wanted = height * img.width_px / img.height_px
            height = max(1, widest * img.height_px // img.width_px)
            if diags is not None:
                diags.warning(
                    f"logo '{logo.path.name}' is {img.width_px / img.height_px:,.0f} times as wide"
                    f" as it is high: at {logo.height} high it would be"
                    f" {wanted / EMU_PER_CM:,.0f} cm wide; it is drawn"
                    f" {widest / EMU_PER_CM:.1f} cm wide (a third of the slide) instead",
                    logo.pos,
                    "use a logo closer to the usual 3:1 or 4:1 shape",
                )
        out.append(
            LogoImage(
                img.data, img.width_px, img.height_px, height, logo.position, img.content_type
            )
        )
    return out


def _logo_plate(tree, box) -> None:
    """A decorative rounded rectangle in the background colour behind a logo on a dark slide."""
    pad = inches(0.08)
    x, y, w, h = box
    sp = xml.autoshape_sp(
        xml.next_shape_id(tree),
        "Logo Plate",
        "roundRect",
        x - pad,
        y - pad,
        w + 2 * pad,
        h + 2 * pad,
    )
    sp_pr = sp.find(qn("p:spPr"))
    oxml.scheme_fill(sp_pr, "bg1")
    ln = oxml.sub(sp_pr, "a:ln")
    oxml.sub(ln, "a:noFill")
    oxml.set_decorative(sp.find(qn("p:nvSpPr")).find(qn("p:cNvPr")))
    tree.append(sp)


def _master_logos(master, geo: Geometry, logos: list[LogoImage], plate: bool = False) -> None:
    """The logos as decorative pictures on a master (or layout) Part, in their corners."""
    tree = xml.sp_tree(master)
    boxes = logo_boxes(geo, logos)
    for corner in sorted({lg.position for lg in logos} if plate else ()):
        group = [b for lg, b in zip(logos, boxes, strict=True) if lg.position == corner]
        xs = [b[0] for b in group] + [b[0] + b[2] for b in group]
        ys = [b[1] for b in group] + [b[1] + b[3] for b in group]
        _logo_plate(tree, (min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    for i, (logo, box) in enumerate(zip(logos, boxes, strict=True)):
        add_logo(master, tree, logo, box, i)


def add_logo(part, tree, logo: LogoImage, box, i: int) -> None:
    """Logo `i` as a decorative picture on a master or layout Part (its shape tree `tree`)."""
    image = part.package.image_part(logo.data, logo.content_type)
    r_id = part.relate_to(image, RT_IMAGE)
    name = "Logo" if i == 0 else f"Logo {i + 1}"
    pic = xml.picture(xml.next_shape_id(tree), name, "", r_id, *box)
    oxml.set_decorative(xml.c_nv_pr(pic))
    tree.append(pic)


@dataclass(eq=False)
class Base:
    """The base presentation of a render: no slides yet, layouts by role, geometry. A
    corporate template's base also says each layout key's role and what render/frames.py
    read of the template (`info`: render.frames.TemplateInfo).

    slidegen's own base is a write.package.Package (`package`) whose layouts are Parts. A
    corporate template's is read and prepared with python-pptx (`prs`, its layouts
    python-pptx SlideLayouts) until :meth:`to_package` hands it over for slides."""

    prs: object
    geometry: Geometry
    layouts: dict  # role or slidegen layout name -> layout Part (python-pptx: templates)
    roles: dict = field(default_factory=dict)  # layout key -> role (templates)
    info: object = None  # render.frames.TemplateInfo (templates)
    package: object = None  # write.package.Package

    def to_package(self) -> None:
        """A template's python-pptx presentation as a Package, its layouts as Parts."""
        if self.package is not None:
            return
        from ..write.package import from_pptx

        self.package, parts = from_pptx(self.prs)
        self.layouts = {key: parts[layout.part] for key, layout in self.layouts.items()}


def make_base(theme, footer_text, language: str, logos, needed: dict, diags) -> Base:
    """The base presentation: slidegen's own, or the theme's corporate template.

    `needed`: role or slidegen layout name -> (role, slidegen layouts using it), so a
    template's missing layouts are reported only when the deck needs them.
    """
    if theme.template is None:
        return own_base(build_base(theme, footer_text, language, logos), theme)
    with template_damage(theme):
        return _template_base(theme, footer_text, language, logos, needed, diags)


@contextmanager
def template_damage(theme):
    """What python-pptx, lxml or Pillow raise on a part of the theme's template that is
    missing or damaged (no theme, an empty theme, a layout whose relationship points nowhere)
    as the located error saying so: the template's fault, never an internal error."""
    from ..opc import damaged_errors

    try:
        yield
    except SlidegenError:
        raise
    except damaged_errors() as exc:
        from ..errors import error
        from ..load import display_path
        from ..opc import damaged_message

        raise error(
            f"template '{display_path(theme.template)}' cannot be used: a part of it is "
            f"missing or damaged ({damaged_message(exc)})",
            theme.where("template"),
            "open it in PowerPoint and save it again, or use another template",
        ) from None


def own_base(package, theme) -> Base:
    """The Base of slidegen's own base presentation `package`."""
    by_name = {}
    for layout in masters_and_layouts(package)[1]:
        by_name[layout_name(layout)] = layout
    layouts = {role: by_name[name] for role, name in LAYOUT_NAMES.items()}
    return Base(None, theme_geometry(theme), layouts, package=package)


def _template_base(theme, footer_text, language: str, logos, needed: dict, diags) -> Base:
    """A corporate template prepared for a deck: its example slides gone, its layouts mapped
    to roles and their placeholders numbered, text sizes from the theme. Its colours, fonts,
    backgrounds and art stay its own (a theme's `template_fonts` go into its font scheme);
    its footer, slide number and logos are placed later, once placement has found room for
    them (render/__init__.py)."""
    from . import corporate
    from .frames import analyse

    prs = corporate.open_template(theme, diags)
    width, height = int(prs.slide_width), int(prs.slide_height)
    plain = theme_geometry(theme, width, height)
    resolved = corporate.resolve_layouts(prs, theme, needed, diags)
    resolved = corporate.one_layout_per_numbering(prs, resolved)
    for layout, role in resolved.values():
        corporate.normalise(layout, role, plain)
    geo = plain
    content = resolved.get("content")
    if content is not None:
        layout = content[0]
        title = next((p for p in layout.placeholders if p.placeholder_format.idx == 0), None)
        body = next((p for p in layout.placeholders if p.placeholder_format.idx == 1), None)
        geo = theme_geometry(theme, width, height, title=_box_of(title), body=_box_of(body))
    masters = []
    for layout, _ in resolved.values():
        if all(m.part is not layout.slide_master.part for m in masters):
            masters.append(layout.slide_master)
    for master in masters or list(prs.slide_masters)[:1]:
        if theme.template_fonts:
            apply_fonts(master, theme.template_fonts)
        style_sizes(master, theme)
    base = Base(
        prs,
        geo,
        {key: layout for key, (layout, _) in resolved.items()},
        {key: role for key, (_, role) in resolved.items()},
    )
    base.info = analyse(base, theme)
    return base


def apply_fonts(master, fonts: dict[str, str]) -> None:
    """A theme's fonts set for its template into the template's font scheme (major: heading,
    minor: body); only those it sets."""
    theme_part = master.part.part_related_by(RT_THEME)
    root = etree.fromstring(theme_part.blob)
    a = qn("a:")
    scheme = root.find(f"{a}themeElements/{a}fontScheme")
    for role, tag in (("heading", "majorFont"), ("body", "minorFont")):
        if role in fonts:
            scheme.find(f"{a}{tag}/{a}latin").set("typeface", fonts[role])
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    theme_part.__dict__.pop("_slidegen_root", None)


def _box_of(ph) -> tuple[int, int, int, int] | None:
    from .frames import placeholder_box

    return None if ph is None else placeholder_box(ph)
