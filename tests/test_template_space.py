"""Placement on a corporate template's space, as data (place/template_space.py, place/art.py):
the content area ends above the template's art and footer placeholders; the footer, slide
number and logos go in the template's own placeholders (in a colour that reads there) or in a
band the placement stage found clear of its art, and are left out, and reported, where there
is none."""

from __future__ import annotations

from PIL import Image, ImageDraw

from slidegen.ooxml import inches
from slidegen.place.art import ArtMap, px_size
from slidegen.place.geometry import Frames, Furniture, Geometry
from slidegen.place.template_space import (
    Wanted,
    content_areas,
    intersects,
    narrowed,
    plan_furniture,
)

W, H = 12192000, 6858000
BAR = inches(0.55)  # a purple bar along the foot
TITLE = (inches(0.6), inches(0.3), inches(12.1), inches(1.0))
LONG = (inches(0.6), inches(1.5), inches(12.1), inches(5.5))  # reaches into the bar
BODY = (inches(0.6), inches(1.5), inches(12.1), inches(4.4))  # leaves a band above it
COLORS = {"text": "#000000", "background": "#FFFFFF", "muted": "#595959", "accent": "#5B2C86"}


def art(crest: bool = True, everywhere: bool = False) -> ArtMap:
    """White ground, a purple bar along the foot, a crest top right (or purple all over)."""
    image = Image.new("RGB", px_size(W, H), (255, 255, 255))
    draw = ImageDraw.Draw(image)
    sx = image.width / W
    draw.rectangle((0, round((H - BAR) * sx), image.width, image.height), fill=(91, 44, 134))
    if crest:
        x, y = round((W - inches(1.4)) * sx), round(inches(0.1) * sx)
        draw.ellipse(
            (x, y, x + round(inches(1.0) * sx), y + round(inches(0.6) * sx)), fill="orange"
        )
    if everywhere:
        draw.rectangle((0, 0, image.width, image.height), fill=(91, 44, 134))
        draw.rectangle((10, 10, 40, 40), fill=(255, 255, 255))  # the ground is the purple
        for x in range(0, image.width, 7):
            draw.line((x, 0, x, image.height), fill=(200, 200, 200))
    return ArtMap(image, W, H)


def frames(own_footer: bool = True, **kw) -> Frames:
    layouts = {"content": {0: TITLE, 1: LONG}, "title_only": {0: TITLE}}
    furniture = {}
    if own_footer:  # the content layout's own footer and number, on the bar, in grey
        furniture["content"] = (
            Furniture("ftr", (inches(4), H - inches(0.45), inches(5), inches(0.35)), "#7F7F7F", 9),
            Furniture(
                "sldNum", (inches(11), H - inches(0.45), inches(1), inches(0.35)), "#7F7F7F", 9
            ),
        )
    base = Frames(
        Geometry(W, H, TITLE, BODY),
        layouts,
        {"content": "Text", "title_only": "Headline"},
        art={key: art(**kw) for key in layouts},
        furniture=furniture,
        colors=COLORS,
        roles={"content": "content", "title_only": "title_only"},
    )
    return Frames(**{**base.__dict__, "areas": content_areas(base)})


def width(text: str) -> int:
    return len(text) * inches(0.1)


WANTED = Wanted("Acme Health", True, None, 14, ((inches(1.2), inches(0.5), "bottom-right"),))


def test_the_content_area_ends_above_the_art_at_its_foot():
    f = frames()
    x, y, w, h = f.areas["content"]
    assert (x, y, w) == LONG[:3] and y + h <= H - BAR and h > BODY[3]
    assert f.art["content"].clear(f.areas["content"])
    assert f.areas["title_only"] == BODY  # the content area of a layout without a body


def test_own_placeholders_get_a_colour_that_reads_on_the_bar():
    plan = plan_furniture(frames(), WANTED, width)
    items = {i.kind: i for i in plan.layouts["content"]}
    assert items["ftr"].own and items["sldNum"].own
    assert items["ftr"].color == "background" and items["sldNum"].color == "background"


def test_a_layout_without_footer_placeholders_gets_them_in_a_clear_band():
    f = frames()
    plan = plan_furniture(f, WANTED, width)
    items = {i.kind: i for i in plan.layouts["title_only"]}
    for kind in ("ftr", "sldNum"):
        item = items[kind]
        assert not item.own and item.color in COLORS
        x, y, w, h = item.box
        assert y + h <= H - BAR and x >= 0 and x + w <= W
        assert f.art["title_only"].clear(item.box)
        assert not intersects(item.box, f.areas["title_only"]) and not intersects(item.box, TITLE)
    assert not intersects(items["ftr"].box, items["sldNum"].box)
    assert items["sldNum"].align == "r" and items["ftr"].box[0] < items["sldNum"].box[0]


def test_logos_only_where_nothing_of_the_templates_is():
    """Beside the slide number above the bar on the title-only layout; none on the content
    layout, whose content area reaches the bar and whose top corners hold the title and the
    crest: left out there, and reported."""
    f = frames()
    plan = plan_furniture(f, WANTED, width)
    (logo,) = [i for i in plan.layouts["title_only"] if i.kind == "logo"]
    assert f.art["title_only"].clear(logo.box)
    others = [i.box for i in plan.layouts["title_only"] if i is not logo]
    assert not any(intersects(logo.box, b) for b in [*others, TITLE, f.areas["title_only"]])
    assert not [i for i in plan.layouts["content"] if i.kind == "logo"]
    assert plan.missing == (("logo", "content"),)


def test_no_room_is_left_out_and_reported():
    plan = plan_furniture(frames(own_footer=False, everywhere=True), WANTED, width)
    assert {kind for kind, _ in plan.missing} == {"ftr", "sldNum", "logo"}
    assert plan.layouts["title_only"] == ()


def test_a_title_is_narrowed_away_from_a_crest_in_its_corner():
    f = frames()
    x, y, w, h = narrowed(f, "content", TITLE)
    assert x == TITLE[0] and w < TITLE[2]
    assert f.art["content"].clear((x, y + h // 4, w, h // 2))
    plain = frames(crest=False)
    assert narrowed(plain, "content", TITLE) == TITLE
