"""Corporate templates: a theme's `template: template.pptx` supplies masters and layouts.

The template's example slides are removed properly (sldIdLst entry, relationship, section
list), slidegen's layout roles are mapped to the template's layouts (the theme's `layouts:`
names first, then the standard names, the layout type, then the placeholders a layout holds),
and the chosen layouts' placeholders are renumbered so the title is idx 0 and the content
placeholders idx 1 and 2, which is how renderers find them. A missing layout or placeholder
is an error naming the template, the layout and what is missing; with `fallback: true` a
layout is generated from the nearest one instead, with a warning.
"""

from __future__ import annotations

import copy

from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..codes import Code
from ..errors import Diagnostics, SlidegenError, did_you_mean, error
from ..load import display_path
from ..ooxml import TITLE_TYPES, nsdecls, qn
from ..place.roles import ROLES
from . import xml
from .frames import placeholder_box

LATENT = ("dt", "ftr", "sldNum")


def open_template(theme, diags: Diagnostics | None = None):
    """The template as a Presentation of a plain .pptx (read within the limits: opc.py) with
    its example slides and other leftovers removed (render/template_file.py); a note in
    `diags` for dropped macros."""
    from ..opc import open_presentation
    from .template_file import as_plain_pptx, remove_leftovers

    where = theme.where("template")
    try:
        prs = open_presentation(theme.template, "template", where)  # bounded: opc.py
        notes = as_plain_pptx(prs)
    except SlidegenError:
        raise
    except Exception as exc:  # python-pptx raises many kinds for a damaged package
        raise error(
            f"template '{display_path(theme.template)}' cannot be opened as a PowerPoint "
            f"template ({exc})",
            where,
            "use a .pptx, .potx, .pptm or .potm file saved by PowerPoint",
        )
    for note in notes:
        if diags is not None:
            diags.warning(
                f"template '{display_path(theme.template)}': {note}",
                where,
                code=Code.TEMPLATE_FILE,
            )
    remove_leftovers(prs)
    return prs


def all_layouts(prs) -> list:
    """Every slide layout of every master, in file order."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def _ph(sp):
    return sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")


def placeholders(layout) -> list[tuple[object, str, int]]:
    """(sp element, type, idx) of a layout's placeholders, latent footer ones left out."""
    out = []
    for sp in layout.shapes._spTree.iterchildren(qn("p:sp")):
        ph = _ph(sp)
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        if kind in LATENT:
            continue
        out.append((sp, kind, int(ph.get("idx", "0"))))
    return out


def _title_of(layout):
    return next((sp for sp, kind, _ in placeholders(layout) if kind in TITLE_TYPES), None)


def _bodies_of(layout, role: str) -> list:
    spec = ROLES[role]
    kinds = spec.body_kinds
    found = [(sp, kind) for sp, kind, _ in placeholders(layout) if kind in kinds]
    found.sort(key=lambda x: (kinds.index(x[1]), _left(x[0])))
    bodies = [sp for sp, _ in found]
    if spec.bodies > 1:  # panes, left to right
        bodies = sorted(bodies[: spec.bodies], key=_left)
    return bodies


def _left(sp) -> int:
    off = sp.find(f"{qn('p:spPr')}/{qn('a:xfrm')}/{qn('a:off')}")
    return int(off.get("x")) if off is not None else 0


def _fits(layout, role: str) -> bool:
    spec = ROLES[role]
    has_title = _title_of(layout) is not None
    n = len(_bodies_of(layout, role))
    if spec.title is None:
        return not has_title and n == 0
    if spec.title != "title":  # a particular title placeholder (centred), whatever else it holds
        return has_title and any(k == spec.title for _, k, _ in placeholders(layout))
    return has_title and n == spec.bodies


def layout_info(layout, index: int = 0):
    """What layout matching knows of a template layout (place/layout_match.py); read once
    per layout while it is unchanged (its placeholders' python-pptx positions are slow)."""
    import dataclasses

    key = len(layout.shapes._spTree)
    kept = layout.part.__dict__.get("_slidegen_info")
    if kept is not None and kept[0] == key:
        return dataclasses.replace(kept[1], index=index)
    info = _layout_info(layout, index)
    layout.part.__dict__["_slidegen_info"] = (key, info)
    return info


def _layout_info(layout, index: int):
    from ..place.layout_match import LayoutInfo, PlaceholderInfo

    vertical_type = layout._element.get("type") in ("vertTx", "vertTitleAndTx")
    phs = []
    for ph in layout.placeholders:
        el = _ph(ph._element)
        kind = el.get("type", "obj") if el is not None else "obj"
        body_pr = ph._element.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
        vert = body_pr is not None and body_pr.get("vert", "horz") not in ("horz",)
        box = placeholder_box(ph)
        idx = int(el.get("idx", "0")) if el is not None else 0
        phs.append(PlaceholderInfo(kind, idx, box, vert or vertical_type))
    return LayoutInfo(layout.name, layout._element.get("type"), tuple(phs), index)


def matches(layouts: list, role: str, size: tuple[int, int]) -> list:
    """Every layout's Match for `role`, best first; a layout lacking what the role needs (a
    title, enough content placeholders) is left out."""
    from ..place.layout_match import ranked

    infos = [layout_info(lay, i) for i, lay in enumerate(layouts)]
    fitting = [
        info for info, lay in zip(infos, layouts, strict=True) if _missing(lay, role) is None
    ]
    return ranked(fitting, role, *size)


def find_layout(layouts: list, role: str, name: str | None, size: tuple[int, int]):
    """The template layout for a role: the named one, else the best match by what the layouts
    are (their placeholders, type and name: place/layout_match.py), or None."""
    if name is not None:
        return next((lay for lay in layouts if lay.name == name), None)
    ranked = matches(layouts, role, size)
    return layouts[ranked[0].layout.index] if ranked else None


def resolve_layouts(prs, theme, needed: dict[str, tuple[str, ...]], diags: Diagnostics) -> dict:
    """Map each role (and each slidegen layout named in `layouts:`) to (template layout, role).

    `needed`: role or slidegen layout name -> (role, slidegen layouts using it). Keys the plan
    does not use are still mapped when the template has them, silently.
    """
    template = display_path(theme.template)
    size = (int(prs.slide_width), int(prs.slide_height))
    out: dict = {}
    problems = []
    keys = dict.fromkeys([*ROLES, *theme.layouts, *needed])
    for key in keys:
        role, users = needed.get(key, (key if key in ROLES else None, ()))
        if role is None:
            continue
        name = theme.layouts.get(key)
        if name is None and key != role:
            continue  # a slidegen layout not mapped by name: drawn on its role's layout
        layouts = all_layouts(prs)
        layout = find_layout(layouts, role, name, size)
        what = f"{', '.join(users)} slides" if users else ROLES[role].use
        if layout is None and name is not None:
            msg = (
                f"template '{template}' has no layout named '{name}' (for {what}); "
                f"its layouts: {', '.join(lay.name for lay in layouts)}"
            )
            hint = did_you_mean(name, [lay.name for lay in layouts])
            if not users:
                continue
            if not theme.fallback:
                problems.append(error(msg, theme.where(f"layouts.{key}"), hint))
                continue
            diags.warning(
                f"{msg}; using a layout chosen by placeholders (fallback: true)",
                theme.where(f"layouts.{key}"),
                hint,
                code=Code.TEMPLATE_LAYOUT,
            )
            layout = find_layout(layouts, role, None, size)
        if layout is None:
            if not users:
                continue
            msg = (
                f"template '{template}' has no layout for {what}: none is named "
                f"'{ROLES[role].layout}' or holds {ROLES[role].needs}"
            )
            if not theme.fallback:
                problems.append(
                    error(
                        msg,
                        theme.where("template"),
                        f"name one in the theme's `layouts:` ({role}: <layout name>), "
                        "or set `fallback: true`",
                    )
                )
                continue
            layout = _clone_layout(prs, _nearest(layouts), f"{ROLES[role].layout} (slidegen)")
            diags.warning(
                f"{msg}; generated layout '{layout.name}' from '{_nearest(layouts).name}' "
                "(fallback: true)",
                theme.where("template"),
                code=Code.TEMPLATE_LAYOUT,
            )
        if name is None and users and layout is not None:
            _warn_poor(diags, theme, template, layouts, role, what, size)
        missing = _missing(layout, role)
        if missing and users:
            msg = f"template '{template}': layout '{layout.name}' (for {what}) has no {missing}"
            if not theme.fallback:
                problems.append(
                    error(
                        msg,
                        theme.where(f"layouts.{key}") or theme.where("template"),
                        "add the placeholder in PowerPoint's Slide Master view, map another "
                        "layout in `layouts:`, or set `fallback: true`",
                    )
                )
                continue
            diags.warning(
                f"{msg}; added one where slidegen's own layout has it (fallback: true)",
                theme.where(f"layouts.{key}") or theme.where("template"),
                code=Code.TEMPLATE_PLACEHOLDER,
            )
        out[key] = (layout, role)
    if problems:
        raise SlidegenError([d for p in problems for d in p.diagnostics])
    return out


def _warn_poor(diags, theme, template: str, layouts: list, role: str, what: str, size) -> None:
    """A TEMPLATE-LAYOUT warning when the best layout for a role is only a poor match."""
    ranked = matches(layouts, role, size)
    if not ranked or not ranked[0].poor:
        return
    best = ranked[0]
    diags.warning(
        f"template '{template}': no layout suits {what} well; using '{best.layout.name}' "
        f"(score {best.score}: {'; '.join(best.reasons)})",
        theme.where("template"),
        f"name a layout in the theme's `layouts:` ({role}: <layout name>); "
        "`slidegen theme show` lists the template's layouts",
        code=Code.TEMPLATE_LAYOUT,
    )


def _missing(layout, role: str) -> str | None:
    spec = ROLES[role]
    if spec.title is not None and _title_of(layout) is None:
        return "title placeholder"
    need, have = spec.bodies, len(_bodies_of(layout, role))
    if have < need:
        return "second content placeholder" if have == 1 else "content placeholder"
    return None


def _nearest(layouts: list):
    for role in ("content", "title_only"):
        for lay in layouts:
            if _fits(lay, role):
                return lay
    return next((lay for lay in layouts if _title_of(lay) is not None), layouts[0])


def _clone_layout(prs, src, name: str):
    """A copy of layout `src` (same master, same pictures) named `name`, added to the master."""
    from pptx.parts.slide import SlideLayoutPart

    package = prs.part.package
    partname = package.next_partname("/ppt/slideLayouts/slideLayout%d.xml")
    element = copy.deepcopy(src._element)
    part = SlideLayoutPart(partname, src.part.content_type, package, element)
    mapping = {}
    for r_id, rel in sorted(src.part.rels.items()):
        if rel.is_external:
            mapping[r_id] = part.relate_to(rel.target_ref, rel.reltype, is_external=True)
        else:
            mapping[r_id] = part.relate_to(rel.target_part, rel.reltype)
    for el in element.iter():
        for attr, value in list(el.attrib.items()):
            if attr.startswith(qn("r:")) and value in mapping:
                el.set(attr, mapping[value])
    element.cSld.set("name", name)
    if element.get("type") is not None:
        del element.attrib["type"]
    element.set("preserve", "1")
    master = src.slide_master
    r_id = master.part.relate_to(part, RT.SLIDE_LAYOUT)
    lst = master._element.get_or_add_sldLayoutIdLst()
    pres = prs.part._element
    ids = [int(x) for x in pres.xpath("//p:sldMasterId/@id")]
    for m in prs.slide_masters:
        ids += [int(x) for x in m._element.xpath(".//p:sldLayoutId/@id")]
    new = lst._add_sldLayoutId()
    new.set("id", str(max([2147483648, *ids]) + 1))
    new.set(qn("r:id"), r_id)
    return next(lay for lay in master.slide_layouts if lay.part is part)


def one_layout_per_numbering(prs, resolved: dict) -> dict:
    """`resolved` with a layout of its own for each way of numbering a shared layout.

    normalise() renumbers a layout's placeholders for the role it serves. A layout mapped to
    two roles that number them differently (a statement slide keeps no content placeholder, a
    bullets slide one, a two-column slide two) would be renumbered twice, the later role
    undoing the earlier. The later role gets a copy of the layout instead, named after the
    role's standard layout; roles that number alike keep sharing it.
    """
    first: dict = {}  # layout part -> numbering of the first role mapped to it
    copies: dict = {}  # (layout part, numbering) -> the copy made for it
    out = {}
    for key, (layout, role) in resolved.items():
        numbering = _numbering(role)
        if first.setdefault(layout.part, numbering) != numbering:
            copy_key = (layout.part, numbering)
            if copy_key not in copies:
                name = f"{layout.name} ({ROLES[role].layout})"
                copies[copy_key] = _clone_layout(prs, layout, name)
            layout = copies[copy_key]
        out[key] = (layout, role)
    return out


def _numbering(role: str) -> tuple:
    """What normalise() does to a layout for `role` depends on these alone."""
    spec = ROLES[role]
    return (spec.title is None, spec.bodies, spec.kept_bodies, spec.body_kinds)


def normalise(layout, role: str, geometry) -> None:
    """Renumber the layout's placeholders: title idx 0, content 1 (and 2); add missing ones."""
    spec = ROLES[role]
    if spec.title is None:
        return
    tree = layout.shapes._spTree
    if _title_of(layout) is None:
        _new_placeholder(tree, "title", 0, geometry.title_box, "Title")
    need = spec.bodies
    bodies = _bodies_of(layout, role)[: spec.kept_bodies]
    if need == 2:
        bodies = _panes(layout, role)
    while len(bodies) < need:
        if need == 1:
            box = geometry.body_box
        elif bodies:
            left, box = geometry.panes
            _set_xfrm(bodies[0], left)
        else:
            box = geometry.panes[0]
        bodies.append(_new_placeholder(tree, "body", 0, box, "Content"))
    wanted = {id(b): i + 1 for i, b in enumerate(bodies)}
    others = [sp for sp in tree.iterchildren(qn("p:sp")) if _ph(sp) is not None]
    used = {int(_ph(sp).get("idx", "0")) for sp in others if id(sp) not in wanted}
    free = (i for i in range(13, 100000) if i not in used)
    for sp in others:
        ph = _ph(sp)
        if id(sp) not in wanted and ph.get("type") not in TITLE_TYPES:
            if int(ph.get("idx", "0")) in (1, 2):
                ph.set("idx", str(next(free)))
    for b in bodies:
        _ph(b).set("idx", str(wanted[id(b)]))
    for sp in [_title_of(layout), *bodies]:
        _inherit_sizes(sp)
    _positioned(layout, _title_of(layout), bodies, geometry)


def _panes(layout, role: str) -> list:
    """A two-content layout's panes: the two content placeholders side by side with the
    most room; else its largest (the other pane is then added where slidegen's is), so a
    small text placeholder made for the template's band never becomes a pane."""
    from itertools import combinations

    from ..place.geometry import side_by_side

    boxes = {}
    for ph in layout.placeholders:
        box = placeholder_box(ph)
        if box is not None:
            boxes[id(ph._element)] = box
    found = [sp for sp, kind, _ in placeholders(layout) if kind in ROLES[role].body_kinds]

    def room(sp) -> int:
        box = boxes.get(id(sp))
        return box[2] * box[3] if box else 0

    pairs = [
        (a, b)
        for a, b in combinations(found, 2)
        if id(a) in boxes and id(b) in boxes and side_by_side(boxes[id(a)], boxes[id(b)])
    ]
    if pairs:
        pair = max(pairs, key=lambda p: room(p[0]) + room(p[1]))
        return sorted(pair, key=lambda sp: boxes[id(sp)][0])
    if len(found) == 2 and not boxes:  # placed nowhere: as the layout lists them
        return sorted(found, key=_left)
    return sorted(found, key=room, reverse=True)[:1]


def _positioned(layout, title, bodies: list, geometry) -> None:
    """Give a placeholder slidegen fills a box where neither the layout nor its master says
    where it goes (slidegen's standard boxes): without one it has no size to fit text into,
    and PowerPoint would draw it nowhere."""
    boxes = {id(title): geometry.title_box}
    if len(bodies) == 1:
        boxes[id(bodies[0])] = geometry.body_box
    else:
        boxes.update({id(b): pane for b, pane in zip(bodies, geometry.panes, strict=False)})
    for ph in layout.placeholders:
        box = boxes.get(id(ph._element))
        if box is not None and placeholder_box(ph) is None:
            _set_xfrm(ph._element, box)


def _inherit_sizes(sp) -> None:
    """Drop a placeholder's own font sizes so the master's (the theme's sizes) apply.

    slidegen measures text at the theme's sizes; a layout's own size would make it overflow.
    """
    lst = sp.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    if lst is None:
        return
    for rpr in lst.iter(qn("a:defRPr")):
        rpr.attrib.pop("sz", None)


def _set_xfrm(sp, box) -> None:
    sp_pr = sp.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = sp_pr.makeelement(qn("a:xfrm"), {})
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    x, y, w, h = box
    xfrm.append(xfrm.makeelement(qn("a:off"), {"x": str(x), "y": str(y)}))
    xfrm.append(xfrm.makeelement(qn("a:ext"), {"cx": str(w), "cy": str(h)}))


def _new_placeholder(tree, kind: str, idx: int, box, name: str):
    from pptx.oxml import parse_xml

    ids = [int(x) for x in tree.xpath("//p:cNvPr/@id")]
    spid = max(ids, default=1) + 1
    ph = '<p:ph type="title"/>' if kind == "title" else f'<p:ph idx="{idx}"/>'
    x, y, w, h = box
    xml = (
        f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="{spid}" name="{name} {spid}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f"<p:nvPr>{ph}</p:nvPr></p:nvSpPr>"
        f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm></p:spPr>'
        "<p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:endParaRPr/></a:p></p:txBody></p:sp>"
    )
    sp = parse_xml(xml)
    tree.append(sp)
    return sp


def tidy_slide(slide) -> None:
    """Remove placeholders a template layout brought along that nothing filled."""
    tree = slide.element.find(qn("p:cSld")).find(qn("p:spTree"))
    for sp in list(tree.iterchildren(qn("p:sp"))):
        ph = _ph(sp)
        if ph is None or ph.get("type", "obj") in TITLE_TYPES:
            continue
        tx = sp.find(qn("p:txBody"))
        if tx is None or not "".join(tx.itertext()).strip():
            tree.remove(sp)


# ---- footer, slide number, date and logos on a template -------------------------------------
FURNITURE_NAMES_ON_SLIDES = {"ftr": "Footer", "sldNum": "Slide Number", "dt": "Date"}


def draw_furniture(base, plan, logos, size: float, lang: str) -> None:
    """What placement decided for each layout (place/template_space.py's FurniturePlan): the
    footer, slide-number and date placeholders it lacked, in their bands, and the logos, as
    decorative pictures, drawn on the base's layout Parts (after Base.to_package). Slides fill
    the placeholders (fill_furniture)."""
    from .template import add_logo

    done = set()
    for key, items in plan.layouts.items():
        layout = base.layouts[key]
        if layout in done:
            continue
        done.add(layout)
        tree = xml.sp_tree(layout)
        for item in items:
            if item.kind == "logo":
                add_logo(layout, tree, logos[item.logo], item.box, item.logo)
            elif not item.own:
                _layout_placeholder(tree, item, size, lang, base.info.look)


def _free_idx(tree) -> int:
    used = [int(ph.get("idx", "0")) for ph in tree.iter(qn("p:ph"))]
    return max([9, *used]) + 1


def _color_xml(look, color: str) -> str:
    if color.startswith("#"):
        return f'<a:srgbClr val="{color[1:].upper()}"/>'
    tag, val, mods = look.colors[color]
    inner = "".join(f'<a:{n} val="{v}"/>' for n, v in mods)
    name = tag.split(":")[1]
    return f'<a:{name} val="{val}">{inner}</a:{name}>' if inner else f'<a:{name} val="{val}"/>'


def _layout_placeholder(tree, item, size: float, lang: str, look) -> None:
    """A footer, slide-number or date placeholder on a template layout (its shape tree) that
    lacked one."""
    from ..ooxml import escape_xml_text

    for sp in list(tree.iterchildren(qn("p:sp"))):  # one of the kind placed nowhere: replaced
        if _ph(sp) is not None and _ph(sp).get("type") == item.kind:
            tree.remove(sp)
    spid = xml.next_shape_id(tree)
    x, y, w, h = item.box
    name = f"{FURNITURE_NAMES_ON_SLIDES[item.kind]} Placeholder {spid - 1}"
    sz = str(int(round(size * 100)))
    fill = f"<a:solidFill>{_color_xml(look, item.color)}</a:solidFill>" if item.color else ""
    text = (
        f'<a:fld id="{{8E3E4C2A-5B1D-4F43-9C7A-51D3C0F1A001}}" type="slidenum">'
        f'<a:rPr lang="{escape_xml_text(lang)}"/><a:t>‹#›</a:t></a:fld>'
        if item.kind == "sldNum"
        else ""
    )
    sp = xml.parse_xml(
        f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="{spid}" name="{name}"/>'
        '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
        f'<p:nvPr><p:ph type="{item.kind}" sz="quarter" idx="{_free_idx(tree)}"/></p:nvPr>'
        f'</p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>'
        '<p:txBody><a:bodyPr wrap="none" lIns="91440" tIns="45720" rIns="91440" bIns="45720" '
        'anchor="ctr"/>'
        f'<a:lstStyle><a:lvl1pPr algn="{item.align}"><a:defRPr sz="{sz}">{fill}'
        '<a:latin typeface="+mn-lt"/></a:defRPr></a:lvl1pPr></a:lstStyle>'
        f'<a:p>{text}<a:endParaRPr lang="{escape_xml_text(lang)}"/></a:p></p:txBody></p:sp>'
    )
    tree.append(sp)


def fill_furniture(ctx, slide, base, key: str, items, texts: dict[str, str], number: int) -> None:
    """Fill a slide's footer, slide-number and date placeholders (copies of its layout's, so
    PowerPoint's Header & Footer dialog still controls them) with the deck's footer text, the
    slide's number field and the date. Their size and font are written on the text too (as
    the template's style gives them), which LibreOffice needs to draw them as PowerPoint does."""
    from lxml import etree

    from ..ooxml import A_R, A_RPR, A_T

    layout = base.layouts[key]
    styles = base.info.styles.get(key, {})
    tree = ctx.shapes(slide)
    for item in items:
        if item.kind not in FURNITURE_NAMES_ON_SLIDES:
            continue
        src = next(
            (
                sp
                for sp in layout.element.find(qn("p:cSld"))
                .find(qn("p:spTree"))
                .iterchildren(qn("p:sp"))
                if _ph(sp) is not None and _ph(sp).get("type") == item.kind
            ),
            None,
        )
        if src is None:
            continue
        style = styles.get(item.kind) if item.own else None
        size = style.size if style is not None and style.size else ctx.size("caption")
        size = item.size or size
        token = (style.token if style is not None else None) or "+mn-lt"
        spid = tree.new_id()
        ph = _ph(src)
        sp = etree.fromstring(
            f'<p:sp {nsdecls("p", "a")}><p:nvSpPr><p:cNvPr id="{spid}" '
            f'name="{FURNITURE_NAMES_ON_SLIDES[item.kind]} Placeholder {spid - 1}"/>'
            '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr>'
            f'<p:ph type="{item.kind}" sz="quarter" idx="{ph.get("idx", "0")}"/></p:nvPr>'
            "</p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>"
        )
        p = sp.find(f"{qn('p:txBody')}/{qn('a:p')}")
        if item.kind == "sldNum":
            run = etree.SubElement(
                p, qn("a:fld"), id="{8E3E4C2A-5B1D-4F43-9C7A-51D3C0F1A001}", type="slidenum"
            )
            text = str(number)
        else:
            run = etree.SubElement(p, A_R)
            text = item.text or texts[item.kind]
        rpr = etree.SubElement(run, A_RPR, lang=ctx.lang, sz=str(int(round(size * 100))))
        if item.color:
            ctx.solid_fill(rpr, item.color)
        etree.SubElement(rpr, qn("a:latin"), typeface=token)
        etree.SubElement(run, A_T).text = text
        etree.SubElement(p, qn("a:endParaRPr"), lang=ctx.lang)
        tree.add(sp)


# ---- `slidegen theme show` ----------------------------------------------------------------------
FURNITURE_NAMES = {"dt": "date", "ftr": "footer", "sldNum": "slide number", "hdr": "header"}


def describe(theme) -> tuple[list[str], list[str]]:
    """Lines describing a theme's template for `slidegen theme show`: each layout with its
    placeholders and the role it was chosen for, then each role with its layout and why;
    and warnings for roles with only a poor match (or none)."""
    from .template import template_damage

    with template_damage(theme):
        return _describe(theme)


def _describe(theme) -> tuple[list[str], list[str]]:
    from ..importer.package import MAIN_TYPES
    from ..ooxml import EMU_PER_CM

    diags = Diagnostics()
    prs = open_template(theme, diags)
    size = (int(prs.slide_width), int(prs.slide_height))
    layouts = all_layouts(prs)
    kind = MAIN_TYPES.get(_original_type(theme.template), "presentation")

    def cm(v: int) -> str:
        return f"{v / EMU_PER_CM:.2f}"

    chosen: dict[int, list[str]] = {}
    rows, warnings = [], [d.format() for d in diags.items]
    for role in ROLES:
        name = theme.layouts.get(role)
        ranked = matches(layouts, role, size)
        if name is not None:
            found = next((i for i, lay in enumerate(layouts) if lay.name == name), None)
            if found is None:
                warnings.append(
                    f"warning: {role}: the theme names layout '{name}', which the "
                    "template does not have"
                )
                continue
            chosen.setdefault(found, []).append(role)
            rows.append(f"  {role:<11} {name}  (named in the theme's `layouts:`)")
            continue
        if not ranked:
            warnings.append(
                f"warning: {role}: no layout has what {ROLES[role].use} need "
                f"({ROLES[role].needs}); name one in the theme's `layouts:`"
            )
            continue
        best = ranked[0]
        chosen.setdefault(best.layout.index, []).append(role)
        rows.append(
            f"  {role:<11} {best.layout.name}  (score {best.score}: {'; '.join(best.reasons)})"
        )
        if best.poor:
            warnings.append(
                f"warning: {role}: only a poor match for {ROLES[role].use}: '{best.layout.name}' "
                f"(score {best.score}); name a better one in the theme's `layouts:`"
            )
    lines = [
        f"template {display_path(theme.template)} (a {kind}): {cm(size[0])} x {cm(size[1])} cm, "
        f"{len(layouts)} layouts",
        "",
        "layouts:",
    ]
    for i, lay in enumerate(layouts):
        roles = chosen.get(i)
        kind_of = lay._element.get("type")
        lines.append(
            f"  {i + 1:>2}. {lay.name}"
            + (f"  [type {kind_of}]" if kind_of else "")
            + (f"  -> {', '.join(roles)}" if roles else "")
        )
        info = layout_info(lay, i)
        furniture = []
        for ph in info.placeholders:
            if ph.kind in FURNITURE_NAMES:
                furniture.append(FURNITURE_NAMES[ph.kind])
                continue
            where = (
                f"at {cm(ph.box[0])}, {cm(ph.box[1])} cm, {cm(ph.box[2])} x {cm(ph.box[3])} cm"
                if ph.box
                else "(no position)"
            )
            vertical = ", vertical" if ph.vertical else ""
            lines.append(f"        {ph.kind} {ph.idx} {where}{vertical}")
        if furniture:
            lines.append(f"        and {', '.join(dict.fromkeys(furniture))} placeholders")
    lines += ["", "roles (the layout slidegen draws each on, and why):", *rows]
    return lines, warnings


def _original_type(path) -> str:
    """The content type of a package's main part, as the file has it."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as z:
        types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    for m in re.finditer(r'ContentType="([^"]+\.main\+xml)"', types):
        if "presentationml" in m.group(1) or "ms-powerpoint" in m.group(1):
            return m.group(1)
    return ""
