"""The layout role table (slidegen/roles.py) and the views theme, template and corporate take."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.util import Inches

from helpers.packages import presentation_of
from slidegen.errors import SlidegenError
from slidegen.place import default_registry
from slidegen.place.roles import ROLES
from slidegen.render import corporate
from slidegen.render.template import LAYOUT_NAMES, Geometry, build_base
from slidegen.schema.theme import SIZES, load_theme

SIZE = (9144000, 6858000)  # python-pptx's default template, 4:3

ORDER = ["title", "content", "section", "two", "title_only", "blank"]


def _boxes(layout) -> dict[int, tuple[int, int, int, int]]:
    return {
        ph.placeholder_format.idx: (int(ph.left), int(ph.top), int(ph.width), int(ph.height))
        for ph in layout.placeholders
    }


def test_roles_and_theme_import_no_python_pptx():
    code = "import sys, slidegen.place.roles, slidegen.schema.theme; print(sorted(sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    modules = {m.split(".")[0] for m in eval(out)}
    assert not modules & {"pptx", "lxml"}, modules & {"pptx", "lxml"}


def test_the_views_come_from_the_table():
    assert list(ROLES) == ORDER
    assert LAYOUT_NAMES == {
        "title": "Title Slide",
        "content": "Title and Content",
        "section": "Section Header",
        "two": "Two Content",
        "title_only": "Title Only",
        "blank": "Blank",
    }


def test_every_builtin_layout_is_drawn_on_a_role():
    reg = default_registry()
    bases = {reg.get(name).base for name in reg.names()}
    assert bases <= set(ROLES), bases - set(ROLES)
    assert {"title", "content", "section", "two", "title_only"} <= bases


def test_a_theme_layouts_key_must_be_a_layout_or_a_role(tmp_path):
    folder = tmp_path / "themes" / "t"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text("layouts: {zzzzzz: Cover, two: Side by Side}\n")
    with pytest.raises(SlidegenError) as exc:
        load_theme("t", tmp_path)
    d = exc.value.diagnostics[0]
    assert d.message == "unknown slidegen layout 'zzzzzz' in `layouts`"
    assert d.hint.endswith("or a role (title, content, section, two, title_only, blank)")
    (folder / "theme.yaml").write_text("layouts: {two: Side by Side, title_only: Headline}\n")
    assert load_theme("t", tmp_path).layouts == {"two": "Side by Side", "title_only": "Headline"}


def test_each_role_finds_its_stock_layout_by_type_and_placeholders_alone():
    """With every layout renamed, the table's types and placeholder needs still pick the stock
    layout of each role, and it has everything the role needs."""
    prs = Presentation()
    layouts = corporate.all_layouts(prs)
    stock = {lay.name: lay for lay in layouts}
    for i, lay in enumerate(layouts):
        lay._element.cSld.set("name", f"Layout {i}")
    for name, role in ROLES.items():
        found = corporate.find_layout(layouts, name, None, SIZE)
        assert found is stock[role.layout], (name, found.name)
        assert corporate._missing(found, name) is None


def test_a_role_without_its_placeholders_takes_the_layout_that_has_them():
    """A "Two Content" lacking its second pane is passed over for a layout with two panes
    side by side (Comparison), and named in `layouts:` it is reported as missing one."""
    prs = Presentation()
    layouts = corporate.all_layouts(prs)
    two = next(lay for lay in layouts if lay.name == "Two Content")
    right = next(ph for ph in two.placeholders if ph.placeholder_format.idx == 2)
    right._element.getparent().remove(right._element)
    assert corporate.find_layout(layouts, "two", None, SIZE).name == "Comparison"
    assert corporate.find_layout(layouts, "two", "Two Content", SIZE) is two
    assert corporate._missing(two, "two") == "second content placeholder"


def test_builtin_base_panes_and_dark_layouts():
    theme = load_theme("default", Path("/"))
    prs = presentation_of(build_base(theme, None, "en-GB"))
    geo = Geometry(*theme.slide_size)
    layouts = {lay.name: lay for lay in prs.slide_layouts}
    left, right = geo.panes
    panes = _boxes(layouts[ROLES["two"].layout])
    assert (panes[1], panes[2]) == (left, right)
    x, y, w, h = geo.body_box
    assert left[0] == x and left[2] == right[2] and right[0] - (left[0] + left[2]) == Inches(0.4)
    assert right[0] + right[2] <= x + w and left[1] == right[1] == y and left[3] == h
    for name, role in ROLES.items():
        el = layouts[role.layout]._element
        dark = name in ("title", "section")  # primary background, no master footer shapes
        assert (el.get("showMasterSp") == "0") == dark == (role.dark is not None), name
        fill = el.find("{*}cSld/{*}bg/{*}bgPr/{*}solidFill/{*}schemeClr")
        assert (fill is not None and fill.get("val") == "tx2") == dark, name
        if role.dark:
            boxes = _boxes(layouts[role.layout])
            assert boxes[0] == geo.boxes[f"{role.dark}_title"]
            assert boxes[1] == geo.boxes[f"{role.dark}_subtitle"]


def test_four_by_three_base_is_marked_as_a_screen_size(tmp_path):
    folder = tmp_path / "themes" / "t"
    folder.mkdir(parents=True)
    (folder / "theme.yaml").write_text('extends: default\nsize: "4:3"\n')
    prs = presentation_of(build_base(load_theme("t", tmp_path), None, "en-GB"))
    assert (prs.slide_width, prs.slide_height) == SIZES["4:3"]
    assert prs.part._element.find("{*}sldSz").get("type") == "screen4x3"
    wide = presentation_of(build_base(load_theme("default", Path("/")), None, "en-GB"))
    assert wide.part._element.find("{*}sldSz").get("type") is None


def test_normalise_gives_a_one_pane_template_layout_both_panes():
    """A two-content layout with one content placeholder: it becomes the left pane and a new
    placeholder the right one, as slidegen's own Two Content layout has them."""
    prs = Presentation()
    two = next(lay for lay in prs.slide_layouts if lay.name == "Two Content")
    right = next(ph for ph in two.placeholders if ph.placeholder_format.idx == 2)
    right._element.getparent().remove(right._element)
    geo = Geometry(int(prs.slide_width), int(prs.slide_height))
    corporate.normalise(two, "two", geo)
    boxes = _boxes(two)
    assert (boxes[1], boxes[2]) == geo.panes and 0 in boxes


def test_normalise_keeps_a_title_layout_subtitle_as_idx_1():
    prs = Presentation()
    cover = next(lay for lay in prs.slide_layouts if lay.name == "Title Slide")
    sub = next(ph for ph in cover.placeholders if ph.placeholder_format.idx == 1)
    sub._element.ph.set("idx", "7")
    corporate.normalise(cover, "title", Geometry(int(prs.slide_width), int(prs.slide_height)))
    kinds = {ph.placeholder_format.idx: ph.placeholder_format.type for ph in cover.placeholders}
    assert kinds[0] == PP_PLACEHOLDER.CENTER_TITLE and kinds[1] == PP_PLACEHOLDER.SUBTITLE
