"""Robustness: unusual corporate templates, non-finite chart values, shape ids after edits."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from fixtures.themes.make_templates import wide_template
from helpers.decks import run_cli, write
from helpers.render_check import assert_renders
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build
from slidegen.codes import Code
from slidegen.errors import SlidegenError

NOTES_DECK = """\
deck:
  title: Notes test
  theme: corp
sections:
  - id: one
    title: First part
    slides:
      - id: points
        title: Some points
        bullets: [One point]
        notes: |
          Say hello first.

          Then the second point.
      - id: more
        title: More points
        bullets: [Another point]
        notes: Keep it short.
"""


def _ph_type(sp) -> str | None:
    ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else ph.get("type", "obj")


def corp_project(tmp_path: Path, deck: str, theme_extra: str = "", edit=None) -> Path:
    """A deck on a `corp` theme whose template is `wide_template`, changed by `edit(prs)`."""
    folder = tmp_path / "themes" / "corp"
    folder.mkdir(parents=True, exist_ok=True)
    template = wide_template(folder / "template.pptx")
    if edit is not None:
        prs = Presentation(template)
        edit(prs)
        prs.save(template)
    Image.new("RGB", (200, 100), "#203864").save(folder / "logo.png")
    (folder / "theme.yaml").write_text(
        "name: corp\ntemplate: template.pptx\n" + theme_extra, encoding="utf-8"
    )
    path = tmp_path / "deck.yaml"
    path.write_text(deck, encoding="utf-8")
    return path


# ---- 1. a notes master without a body placeholder ------------------------------------------
def _drop_notes_body(prs) -> None:
    tree = prs.notes_master.shapes._spTree
    for sp in list(tree.iterchildren(qn("p:sp"))):
        if _ph_type(sp) == "body":
            tree.remove(sp)
    assert not any(_ph_type(sp) == "body" for sp in tree.iterchildren(qn("p:sp")))


def test_notes_are_written_when_the_notes_master_has_no_body(tmp_path):
    deck = corp_project(tmp_path, NOTES_DECK, edit=_drop_notes_body)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    notes = {
        s.shapes.title.text: s.notes_slide.notes_text_frame.text
        for s in prs.slides
        if s.has_notes_slide
    }
    assert notes == {
        "Some points": "Say hello first.\nThen the second point.",
        "More points": "Keep it short.",
    }
    slide = next(s for s in prs.slides if s.has_notes_slide)
    body = slide.notes_slide.notes_placeholder
    # placed where PowerPoint's notes page has it: the lower half, inside the page
    assert body.left > 0 and body.top > 9144000 * 0.4
    assert body.top + body.height <= 9144000 and body.left + body.width <= 6858000
    ids = [int(x) for x in slide.notes_slide._element.xpath("//p:cNvPr/@id")]
    assert len(ids) == len(set(ids))
    assert_structure(result.output)


# ---- 2. a mapped layout without a content placeholder --------------------------------------
BODYLESS_DECK = """\
deck:
  title: Layout test
  theme: corp
  organisation: Acme Health
  presenter: {name: Ada Lovelace, email: ada@example.org}
sections:
  - id: intro
    title: Intro
    subtitle: Why we are here
    slides:
      - id: agenda
        layout: agenda
        title: Agenda
      - id: said
        layout: statement
        title: Said
        text: A statement
      - id: points
        title: Points
        bullets:
          - text: First point
            bullets: [A detail]
      - id: bye
        layout: closing
        title: Thank you
        text: Questions welcome
"""
# Statement slides (a role without a content placeholder) share the layout with roles that keep
# one: the statement slides get a copy of the layout (corporate.one_layout_per_numbering).
BODYLESS_LAYOUTS = (
    "layouts:\n  agenda: Section Header\n  closing: Section Header\n"
    "  bullets: Section Header\n  statement: Section Header\n"
)


def _build_bodyless(tmp_path):
    deck = corp_project(tmp_path, BODYLESS_DECK, BODYLESS_LAYOUTS)
    return build(deck, BuildOptions(out_dir=tmp_path / "out"))


def _shared_layouts_not_copied(monkeypatch):
    """What happened before layouts were copied per numbering: the layout's content
    placeholder is numbered away, so the renderers meet a layout without one."""
    from slidegen.render import corporate

    monkeypatch.setattr(corporate, "one_layout_per_numbering", lambda prs, resolved: resolved)


def test_a_layout_shared_by_roles_numbered_differently_is_copied(tmp_path):
    result = _build_bodyless(tmp_path)
    prs = Presentation(result.output)
    content = {}
    for slide in prs.slides:
        bodies = [s for s in slide.placeholders if s.placeholder_format.idx == 1]
        content[slide.shapes.title.text] = (
            slide.slide_layout.name,
            bodies[0].text_frame.text if bodies else None,
        )
    assert content.pop("Layout test")[0] == "Title Slide"
    assert content == {
        "Intro": ("Section Header", "Why we are here"),
        "Agenda": ("Section Header", "1. Intro\nWhy we are here"),
        "Said": ("Section Header (Title Only)", None),
        "Points": ("Section Header", "First point\nA detail"),
        "Thank you": (
            "Section Header",
            "Questions welcome\nAda Lovelace\nada@example.org\nAcme Health",
        ),
    }
    said = next(s for s in prs.slides if s.shapes.title.text == "Said")
    assert [s.text_frame.text for s in said.shapes if s.name == "Statement"] == ["A statement"]
    assert not [w for w in result.warnings if w.code == Code.TEMPLATE_PLACEHOLDER]
    names = [layout.name for layout in prs.slide_layouts]
    assert names.count("Section Header") == 1 and names.count("Section Header (Title Only)") == 1
    assert_structure(result.output)


def test_layout_without_content_placeholder_falls_back_to_a_text_box(tmp_path, monkeypatch):
    _shared_layouts_not_copied(monkeypatch)
    result = _build_bodyless(tmp_path)
    prs = Presentation(result.output)
    texts = {}
    for slide in prs.slides:
        boxes = [s for s in slide.shapes if s.name == "Content"]
        if boxes:
            (box,) = boxes
            assert not box.is_placeholder
            assert box.left >= 0 and box.top >= 0
            assert box.left + box.width <= prs.slide_width
            assert box.top + box.height <= prs.slide_height
            texts[slide.shapes.title.text] = box.text_frame.text
    assert texts == {
        "Intro": "Why we are here",
        "Agenda": "1. Intro\nWhy we are here",
        "Points": "First point\nA detail",
        "Thank you": "Questions welcome\nAda Lovelace\nada@example.org\nAcme Health",
    }
    warned = [w for w in result.warnings if w.code == Code.TEMPLATE_PLACEHOLDER]
    assert {w.message.split(" for ")[1].split(" slides")[0] for w in warned} == {
        "section",
        "agenda",
        "bullets",
        "closing",
    }
    assert all("layout 'Section Header' has no content placeholder" in w.message for w in warned)
    closing = next(w for w in warned if "closing slides" in w.message)
    assert closing.pos.file.endswith("theme.yaml") and closing.pos.line == 5  # its `closing:` line
    points = next(s for s in prs.slides if s.shapes.title.text == "Points")
    paras = next(s for s in points.shapes if s.name == "Content").text_frame.paragraphs
    # bullets drawn in the text box itself, indented by level
    assert [p._p.xpath("./a:pPr/a:buChar/@char") for p in paras] == [["\u2022"], ["\u2022"]]
    assert [p.level for p in paras] == [0, 1]
    assert int(paras[1]._p.pPr.get("marL")) > int(paras[0]._p.pPr.get("marL"))
    assert_structure(result.output)


TWO_PANES_DECK = """\
deck:
  title: Panes test
  theme: corp
sections:
  - id: intro
    title: Intro
    slides:
      - id: said
        layout: statement
        title: Said
        text: A statement
      - id: panes
        layout: two-column
        title: Before and after
        left: {heading: Before, bullets: [One practitioner, Four families]}
        right: {heading: After, text: A team of six}
"""


TWO_PANES_LAYOUTS = "layouts:\n  two-column: Two Content\n  statement: Two Content\n"


def test_two_column_and_statement_slides_on_one_layout_keep_their_panes(tmp_path):
    deck = corp_project(tmp_path, TWO_PANES_DECK, TWO_PANES_LAYOUTS)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    slide = next(s for s in prs.slides if s.shapes.title.text == "Before and after")
    assert slide.slide_layout.name == "Two Content"
    panes = {p.placeholder_format.idx: p for p in slide.placeholders}
    assert panes[1].text_frame.text == "One practitioner\nFour families"
    assert panes[2].text_frame.text == "A team of six"
    assert panes[1].left + panes[1].width <= panes[2].left  # side by side, left first
    said = next(s for s in prs.slides if s.shapes.title.text == "Said")
    assert said.slide_layout.name == "Two Content (Title Only)"
    assert not [w for w in result.warnings if w.code == Code.TEMPLATE_PLACEHOLDER]
    assert_structure(result.output)


def test_two_column_on_a_layout_without_content_placeholders_uses_text_boxes(tmp_path, monkeypatch):
    """Two-column slides on a layout that has lost its placeholders got a traceback; each
    pane is a text box with the pane's text, bulleted (kept for templates this can still
    meet, though a shared layout is now copied)."""
    _shared_layouts_not_copied(monkeypatch)
    layouts = TWO_PANES_LAYOUTS
    deck = corp_project(tmp_path, TWO_PANES_DECK, layouts)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    slide = next(s for s in prs.slides if s.shapes.title.text == "Before and after")
    by_name = {s.name: s for s in slide.shapes}
    left, right = by_name["Left content"], by_name["Right content"]
    assert not left.is_placeholder and not right.is_placeholder
    assert left.text_frame.text == "One practitioner\nFour families"
    assert right.text_frame.text == "A team of six"
    assert left.left + left.width <= right.left  # side by side, left first
    assert right.left + right.width <= prs.slide_width
    bullets = [p._p.xpath("./a:pPr/a:buChar/@char") for p in left.text_frame.paragraphs]
    assert bullets == [["\u2022"], ["\u2022"]]
    assert by_name["Left heading"].text_frame.text == "Before"
    assert any(w.code == Code.TEMPLATE_PLACEHOLDER for w in result.warnings)
    assert_structure(result.output)


@pytest.mark.render
def test_template_layout_without_content_placeholder_text_renders(tmp_path):
    result = _build_bodyless(tmp_path)
    assert_renders(result.output, tmp_path / "render")


# ---- 3. chart values that are not finite numbers -------------------------------------------
CHART_DECK = """\
deck:
  title: Chart test
data:
  rate: .nan
  trend: {{value: .inf, note: from a broken spreadsheet}}
sections:
  - id: one
    title: One
    slides:
      - id: chart
        layout: chart
        title: A chart
        chart:
          type: column
          categories: [a, b, c]
          series:
            - name: s
              values: [1, 2, {value}]
"""


@pytest.mark.parametrize(
    ("value", "found"),
    [
        (".nan", ".nan"),
        (".inf", ".inf"),
        ("-.Inf", "-.inf"),
        ('"nan"', "'nan'"),
        ('"-inf%"', "'-inf'"),
        ('"{{ rate }}"', "'nan' (from '{{ rate }}')"),
        ('"{{ trend }}"', "'inf' (from '{{ trend }}')"),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_non_finite_chart_values_are_located_errors(tmp_path, value, found, command):
    deck = write(tmp_path, "deck.yaml", CHART_DECK.format(value=value))
    out = tmp_path / "out"
    args = [command, str(deck)] + (["--out", str(out)] if command == "build" else [])
    result = run_cli(*args)
    assert result.exit_code == 1, result.output
    # line 18, column of the value itself (after "[1, 2, ")
    where = f"{deck.name}:18:{len('              values: [1, 2, ') + 1}: error: "
    message = f"chart values must be finite numbers; found {found}"
    line = next(ln for ln in result.output.splitlines() if message in ln)
    assert where in line
    assert isinstance(result.exception, (SystemExit, type(None)))  # no traceback
    assert not out.exists() or not any(out.iterdir())


def test_finite_chart_values_still_build(tmp_path):
    deck = write(tmp_path, "deck.yaml", CHART_DECK.format(value='"{{ rate }}"'))
    deck.write_text(deck.read_text().replace("rate: .nan", "rate: 7.5"), encoding="utf-8")
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    chart = next(s for s in Presentation(result.output).slides[-1].shapes if s.has_chart).chart
    assert list(chart.plots[0].series[0].values) == [1.0, 2.0, 7.5]


# ---- 4. ShapeTree ids after edits by other routes ------------------------------------------
def _tree_with_boxes(n: int):
    from slidegen.render.xml import ShapeTree

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])  # blank
    tree = ShapeTree(slide)
    for _ in range(n):
        _add_box(tree)
    return slide, tree


def _add_box(tree):
    from pptx.oxml.shapes.autoshape import CT_Shape

    shape_id = tree.new_id()
    sp = CT_Shape.new_textbox_sp(shape_id, f"TextBox {shape_id - 1}", 0, 0, 10, 10)
    tree.add(sp)
    return sp


def _ids(slide) -> list[int]:
    return [int(x) for x in slide._element.xpath("//p:cNvPr/@id")]


def test_shape_tree_ids_after_a_shape_removed_from_the_middle(tmp_path):
    slide, tree = _tree_with_boxes(4)  # ids 2..5
    middle = tree.tree[4]  # the third box (after nvGrpSpPr, grpSpPr)
    tree.tree.remove(middle)
    added = [_add_box(tree) for _ in range(3)]
    ids = _ids(slide)
    assert len(ids) == len(set(ids)) == 1 + 6  # the group's own id and six boxes
    # python-pptx's rule: each new id one more than the largest in the slide
    assert [int(sp.xpath("./p:nvSpPr/p:cNvPr/@id")[0]) for sp in added] == [6, 7, 8]
    # mixed with shapes added by python-pptx itself, before and after a removal
    slide.shapes.add_textbox(0, 0, 10, 10)
    tree.tree.remove(tree.tree[3])
    _add_box(tree)
    slide.shapes.add_textbox(0, 0, 10, 10)
    _add_box(tree)
    ids = _ids(slide)
    assert len(ids) == len(set(ids)) == 1 + 9
    path = tmp_path / "ids.pptx"
    slide.part.package.presentation_part.presentation.save(path)
    shapes = Presentation(path).slides[0].shapes
    assert sorted(s.shape_id for s in shapes) == sorted(ids[1:])


def test_shape_tree_refresh_after_an_edit_it_cannot_see():
    slide, tree = _tree_with_boxes(3)  # ids 2..4
    tree.new_id()
    # one removed and one inserted before the last: same number of children, same last child
    tree.tree.remove(tree.tree[2])
    slide.shapes.add_textbox(0, 0, 10, 10)  # id 5, appended: then moved before the last box
    tree.tree[-2].addprevious(tree.tree[-1])
    tree.refresh()
    _add_box(tree)
    ids = _ids(slide)
    assert len(ids) == len(set(ids))
    assert max(ids) == 6


# ---- 5. one control-character escape; `.src`, not `._src` ----------------------------------
def test_one_control_character_escape_for_slides_charts_and_workbooks():
    from slidegen.render import chart_xml, context, workbook, xml

    assert chart_xml.escape_ctrl_chars is xml.escape_ctrl_chars
    assert workbook.escape_ctrl_chars is xml.escape_ctrl_chars
    assert not hasattr(context, "_escape_ctrl_chars") and not hasattr(context, "_CTRL_CHARS")
    assert xml.escape_ctrl_chars("a\x07b\rc\x1fd\te\nf") == "a_x0007_b_x000D_c_x001F_d\te\nf"
    plain = "no control characters"
    assert xml.escape_ctrl_chars(plain) is plain


def test_models_source_mapping_is_read_through_the_src_property():
    root = Path(__file__).resolve().parents[1] / "src" / "slidegen"
    offenders = [
        f"{path.relative_to(root)}:{i}"
        for path in sorted(root.rglob("*.py"))
        if path.name != "model.py"
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "._src" in line
    ]
    assert offenders == []


# ---- damaged corporate templates (found by fuzzing) ------------------------------------------
DAMAGE_DECK = """\
deck: {title: Damaged, theme: corp}
sections:
  - id: s
    title: S
    slides:
      - {id: points, title: Points, bullets: [a]}
      - {id: panes, layout: two-column, title: Panes, left: {text: a}, right: {text: b}}
"""


def _rezip(path: Path, edit) -> None:
    """Rewrite the package at `path`, member by member: edit(name, bytes) -> bytes or None."""
    import zipfile

    with zipfile.ZipFile(path) as z:
        members = [(n, z.read(n)) for n in z.namelist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            data = edit(name, data)
            if data is not None:
                z.writestr(name, data)


def _no_theme_relationship(name, data):
    if name.startswith("ppt/slideMasters/_rels/"):
        return re.sub(rb'<Relationship [^>]*relationships/theme"[^>]*/>', b"", data)
    return data


def _empty_theme(name, data):
    if name.startswith("ppt/theme/theme"):
        return b'<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>'
    return data


def _theme_not_xml(name, data):
    if name.startswith("ppt/theme/theme"):
        return b'<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><x>'
    return data


def _layout_missing(name, data):
    return None if name == "ppt/slideLayouts/slideLayout2.xml" else data


@pytest.mark.parametrize(
    "damage",
    [_no_theme_relationship, _empty_theme, _theme_not_xml, _layout_missing],
    ids=lambda f: f.__name__,
)
def test_a_damaged_template_is_a_located_error(tmp_path, damage):
    """Each ended in an internal error (KeyError, AttributeError) from python-pptx."""
    deck = corp_project(tmp_path, DAMAGE_DECK)
    _rezip(tmp_path / "themes" / "corp" / "template.pptx", damage)
    with pytest.raises(SlidegenError) as exc:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    (d,) = exc.value.diagnostics
    assert "cannot be used: a part of it is missing or damaged" in d.message
    assert d.pos.file.endswith("theme.yaml") and d.pos.line == 2  # its `template:` line
    assert not (tmp_path / "out").exists()


def test_placeholders_placed_nowhere_get_slidegen_s_boxes(tmp_path):
    """A template whose layouts and master give their placeholders no position crashed the
    text fitting (a None size); they now get slidegen's standard title, body and pane boxes."""
    deck = corp_project(tmp_path, DAMAGE_DECK)

    def no_positions(name, data):
        if name.startswith(("ppt/slideLayouts/slideLayout", "ppt/slideMasters/slideMaster")):
            return re.sub(rb"<a:xfrm>.*?</a:xfrm>", b"", data, flags=re.S)
        return data

    _rezip(tmp_path / "themes" / "corp" / "template.pptx", no_positions)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    for slide in prs.slides:
        for ph in slide.placeholders:
            assert None not in (ph.left, ph.top, ph.width, ph.height), ph.name
            assert ph.width > 0 and ph.height > 0
    panes = next(s for s in prs.slides if s.shapes.title.text == "Panes")
    left, right = (panes.placeholders[i] for i in (1, 2))
    assert left.left + left.width <= right.left
    assert (left.text_frame.text, right.text_frame.text) == ("a", "b")
    assert_structure(result.output)


def test_check_reports_a_template_problem_as_build_does(tmp_path):
    """`check` passed a deck whose template `build` refused (found by fuzzing): it now
    prepares the template as build does."""
    deck = corp_project(tmp_path, DAMAGE_DECK)
    _rezip(tmp_path / "themes" / "corp" / "template.pptx", _empty_theme)
    checked = run_cli("check", str(deck))
    built = run_cli("build", str(deck), "--out", str(tmp_path / "out"))
    assert checked.exit_code == built.exit_code == 1
    error = next(x for x in built.stderr.splitlines() if ": error: " in x)
    where, message = error.split(": error: ")
    assert f"{where}: error: BUILD-ERROR: {message}" in checked.output + checked.stderr


def test_check_of_a_sound_template_deck_passes(tmp_path):
    deck = corp_project(tmp_path, DAMAGE_DECK)
    result = run_cli("check", str(deck))
    assert result.exit_code == 0, result.output + result.stderr
