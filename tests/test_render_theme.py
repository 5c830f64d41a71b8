"""The brand in the built file: theme part, master, layouts, logo, footer, fitting, themes."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build
from slidegen.codes import Code
from slidegen.place.media import parse_length
from slidegen.render.template import scheme_colors
from slidegen.schema.theme import load_theme

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "decks" / "parent-infant-impact.yaml"
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
}
SHIPPED = ("default", "high-contrast", "print", "parent-infant")

THEME = """\
name: brand
size: "16:9"
colors:
  primary: "#203864"
  secondary: "#1F6F5C"
  accent: "#A8431B"
  background: "#FFFDF8"
  text: "#1A1A1A"
  muted: "#575757"
fonts: {heading: Verdana, body: Tahoma}
sizes: {title: 38, heading: 30, body: 24, caption: 14, minimum: 18}
logo: {image: logo.png, position: bottom-right, height: 1.5cm}
footer: {text: "{organisation} | {title} | {date} | {presenter}", slide_numbers: true}
"""

DECK = """\
deck:
  title: Brand test
  organisation: Acme Health
  date: 2026-03-04
  presenter: {{name: Ada Lovelace, role: Analyst}}
  theme: {theme}
{extra}sections:
  - id: one
    title: First part
    slides:
      - id: plain
        title: Plain bullets
        bullets: [One point, Another point]
      - id: figure
        layout: stat
        title: A figure
        value: "74%"
        label: of something
{slides}"""


def make_project(tmp_path: Path, theme: str = THEME, slides: str = "", extra: str = "") -> Path:
    folder = tmp_path / "themes" / "brand"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(theme, encoding="utf-8")
    Image.new("RGB", (300, 100), "#203864").save(folder / "logo.png")  # 3:1
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK.format(theme="brand", slides=slides, extra=extra), encoding="utf-8")
    return deck


def build_deck(deck: Path, tmp_path: Path, theme: str | None = None):
    out = tmp_path / "out"
    return build(deck, BuildOptions(out_dir=out, theme=theme))


def part_xml(pptx: Path, name: str):
    with zipfile.ZipFile(pptx) as z:
        return etree.fromstring(z.read(name))


# ---- theme part ------------------------------------------------------------------------------
def test_theme_part_carries_colour_and_font_scheme(tmp_path):
    result = build_deck(make_project(tmp_path), tmp_path)
    theme = load_theme("brand", tmp_path)
    root = part_xml(result.output, "ppt/theme/theme1.xml")
    clr = root.find("a:themeElements/a:clrScheme", NS)
    got = {el.tag.split("}")[1]: el[0].get("val") for el in clr}
    want = {k: v.lstrip("#") for k, v in scheme_colors(theme.colors).items()}
    assert got == want
    assert got["dk1"] == "1A1A1A" and got["lt1"] == "FFFDF8" and got["dk2"] == "203864"
    assert got["hlink"] == "1F6F5C" and got["accent3"] == "A8431B" and got["accent4"] == "575757"
    assert list(got) == [
        "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4",
        "accent5", "accent6", "hlink", "folHlink",
    ]  # fmt: skip
    fonts = root.find("a:themeElements/a:fontScheme", NS)
    assert fonts.find("a:majorFont/a:latin", NS).get("typeface") == "Verdana"
    assert fonts.find("a:minorFont/a:latin", NS).get("typeface") == "Tahoma"


def test_master_and_layouts_carry_backgrounds_styles_and_placeholders(tmp_path):
    result = build_deck(make_project(tmp_path), tmp_path)
    prs = Presentation(result.output)
    master = prs.slide_master._element
    bg = master.find("p:cSld/p:bg/p:bgPr/a:solidFill/a:schemeClr", NS)
    assert bg.get("val") == "bg1"
    title = master.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    assert title.get("sz") == "3000" and title.get("b") == "1"
    assert title.find("a:solidFill/a:schemeClr", NS).get("val") == "tx2"  # primary, by slot
    assert title.find("a:latin", NS).get("typeface") == "+mj-lt"  # heading font, by theme
    body = master.find("p:txStyles/p:bodyStyle/a:lvl1pPr/a:defRPr", NS)
    assert body.get("sz") == "2400"
    assert body.find("a:solidFill/a:schemeClr", NS).get("val") == "tx1"
    layouts = {lay.name: lay for lay in prs.slide_layouts}
    for name in ("Title Slide", "Section Header"):
        el = layouts[name]._element
        assert el.find("p:cSld/p:bg/p:bgPr/a:solidFill/a:schemeClr", NS).get("val") == "tx2"
        assert el.get("showMasterSp") == "0"
    content = layouts["Title and Content"]
    boxes = {ph.placeholder_format.idx: ph for ph in content.placeholders}
    w = prs.slide_width
    assert boxes[0].left == boxes[1].left and boxes[0].left + boxes[0].width <= w
    assert boxes[0].top + boxes[0].height <= boxes[1].top  # title above the body


def test_slide_text_uses_scheme_colours_and_theme_fonts(tmp_path):
    result = build_deck(make_project(tmp_path), tmp_path)
    with zipfile.ZipFile(result.output) as z:
        slides = [n for n in z.namelist() if n.startswith("ppt/slides/slide")]
        xml = b"".join(z.read(n) for n in slides)
    assert b"<a:srgbClr" not in xml  # no fixed colours on slides: all by scheme slot
    assert b'typeface="Tahoma"' not in xml and b'typeface="Verdana"' not in xml
    assert b'<a:schemeClr val="accent3"/>' in xml  # the stat figure in the accent colour
    assert b'typeface="+mj-lt"' in xml


# ---- logo, footer, slide numbers --------------------------------------------------------------
def _pictures(shapes_owner) -> list:
    return [s for s in shapes_owner.shapes if s.shape_type == 13]


def logos_on(slide) -> list:
    """The logo pictures a viewer sees on a slide: the layout's, plus the master's if shown."""
    layout = slide.slide_layout
    seen = _pictures(layout)
    if layout._element.get("showMasterSp") != "0":
        seen += _pictures(layout.slide_master)
    return [p for p in seen if p.name.startswith("Logo")]


def test_logo_size_position_and_decorative_on_every_slide(tmp_path):
    result = build_deck(make_project(tmp_path), tmp_path)
    prs = Presentation(result.output)
    height = parse_length("1.5cm")
    assert len(prs.slides) >= 4
    for slide in prs.slides:
        (logo,) = logos_on(slide)
        assert logo.height == height
        assert abs(logo.width - 3 * height) <= 1  # 300 x 100 px: aspect ratio kept
        assert logo.left + logo.width < prs.slide_width and logo.left > prs.slide_width / 2
        assert logo.top + logo.height < prs.slide_height and logo.top > prs.slide_height / 2
        c_nv_pr = logo._element.nvPicPr.cNvPr
        assert c_nv_pr.xpath(".//*[local-name()='decorative']/@val") == ["1"]
        assert c_nv_pr.get("descr") == ""


@pytest.mark.parametrize("corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_logo_goes_to_its_corner(tmp_path, corner):
    theme = THEME.replace("position: bottom-right", f"position: {corner}")
    result = build_deck(make_project(tmp_path, theme), tmp_path)
    prs = Presentation(result.output)
    (logo,) = [p for p in _pictures(prs.slide_master) if p.name == "Logo"]
    mid_x, mid_y = logo.left + logo.width / 2, logo.top + logo.height / 2
    assert (mid_x < prs.slide_width / 2) == ("left" in corner)
    assert (mid_y < prs.slide_height / 2) == ("top" in corner)


def test_cobrand_logo_sits_beside_the_theme_logo(tmp_path):
    deck = make_project(tmp_path, extra="")
    Image.new("RGB", (100, 100), "#1F6F5C").save(tmp_path / "region.png")
    text = deck.read_text().replace("  theme: brand\n", "  theme: brand\n  logo: region.png\n")
    deck.write_text(text)
    prs = Presentation(build_deck(deck, tmp_path).output)
    logos = sorted(
        (p for p in _pictures(prs.slide_master) if p.name.startswith("Logo")),
        key=lambda p: p.left,
    )
    assert len(logos) == 2
    region, main = logos
    assert region.height == main.height == parse_length("1.5cm")
    assert region.width == region.height  # square picture, same height
    assert region.top == main.top and region.left + region.width < main.left


def test_footer_text_and_slide_number_field(tmp_path):
    result = build_deck(make_project(tmp_path), tmp_path)
    prs = Presentation(result.output)
    master = prs.slide_master
    footer = next(s for s in master.shapes if s.name == "Footer Text")
    assert footer.text_frame.text == "Acme Health | Brand test | 4 March 2026 | Ada Lovelace"
    number = next(s for s in master.shapes if s.name == "Slide Number")
    fld = number._element.find(".//a:fld", NS)
    assert fld.get("type") == "slidenum"
    assert fld.find("a:rPr/a:solidFill/a:schemeClr", NS).get("val") == "accent4"  # muted
    # footer and number stay clear of the bottom-right logo
    logo = next(p for p in _pictures(master) if p.name == "Logo")
    assert number.left + number.width <= logo.left
    assert footer.left + footer.width <= number.left


def test_no_footer_and_no_numbers_when_the_theme_says_so(tmp_path):
    theme = THEME.replace(
        'footer: {text: "{organisation} | {title} | {date} | {presenter}", slide_numbers: true}',
        "footer: {text: null, slide_numbers: false}",
    )
    prs = Presentation(build_deck(make_project(tmp_path, theme), tmp_path).output)
    names = [s.name for s in prs.slide_master.shapes]
    assert "Footer Text" not in names and "Slide Number" not in names


def test_hand_added_slide_carries_the_brand(tmp_path):
    """A slide a person adds in PowerPoint (python-pptx add_slide on the output's layouts)."""
    result = build_deck(make_project(tmp_path), tmp_path)
    prs = Presentation(result.output)
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "Added by hand"
    slide.placeholders[1].text_frame.text = "A point typed in PowerPoint"
    edited = tmp_path / "edited.pptx"
    prs.save(edited)
    again = Presentation(edited)
    added = again.slides[len(again.slides) - 1]
    assert added.shapes.title.text == "Added by hand"
    # no direct formatting on the new slide: everything comes from master and theme
    runs = added._element.findall(".//a:r/a:rPr", NS)
    assert all(r.find("a:solidFill", NS) is None and r.find("a:latin", NS) is None for r in runs)
    master = added.slide_layout.slide_master
    assert added.slide_layout._element.get("showMasterSp") != "0"
    (logo,) = logos_on(added)
    assert logo.height == parse_length("1.5cm")
    assert any(
        s.name == "Footer Text" and "Acme Health" in s.text_frame.text for s in master.shapes
    )
    assert master._element.find(".//a:fld[@type='slidenum']", NS) is not None
    title = master._element.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    assert title.find("a:latin", NS).get("typeface") == "+mj-lt"
    theme = part_xml(edited, "ppt/theme/theme1.xml")
    assert theme.find(".//a:majorFont/a:latin", NS).get("typeface") == "Verdana"
    assert theme.find(".//a:clrScheme/a:dk2/a:srgbClr", NS).get("val") == "203864"


# ---- text that does not fit ----------------------------------------------------------------------
LONG = "This sentence is long enough to wrap over more than one line on a slide of this width"


N_SHRINK = 6


def _bullets(n: int, text: str = LONG) -> str:
    items = "\n".join(f"          - {text} ({i + 1})" for i in range(n))
    return f"      - id: many\n        title: Many points\n        bullets:\n{items}\n"


def test_long_list_shrinks_but_not_below_minimum(tmp_path):
    deck = make_project(tmp_path, slides=_bullets(N_SHRINK))
    result = build_deck(deck, tmp_path)
    prs = Presentation(result.output)
    slide = next(s for s in prs.slides if s.shapes.title.text == "Many points")
    paras = slide.placeholders[1].text_frame.paragraphs
    assert len(paras) == N_SHRINK
    (size,) = {r.font.size.pt for p in paras for r in p.runs}
    assert 18 <= size < 24  # shrunk from body (24) but not below minimum (18)
    assert not [w for w in result.warnings if w.code == Code.OVERFLOW]


def test_longer_list_continues_on_cont_slides(tmp_path):
    deck = make_project(tmp_path, slides=_bullets(14))
    result = build_deck(deck, tmp_path)
    prs = Presentation(result.output)
    titles = [s.shapes.title.text for s in prs.slides if s.shapes.title is not None]
    parts = [t for t in titles if t.startswith("Many points")]
    assert parts[0] == "Many points" and len(parts) >= 2
    assert all(t == "Many points (cont.)" for t in parts[1:])
    shown = [
        p.text
        for s in prs.slides
        if s.shapes.title is not None and s.shapes.title.text.startswith("Many points")
        for p in s.placeholders[1].text_frame.paragraphs
    ]
    assert shown == [f"{LONG} ({i + 1})" for i in range(14)]  # all, in order, once
    assert not [w for w in result.warnings if w.code == Code.OVERFLOW]


def test_what_cannot_fit_is_a_warning_naming_slide_line_and_metrics(tmp_path):
    huge = " ".join(["unsplittable"] * 260)
    deck = make_project(tmp_path, slides=_bullets(1, huge))
    result = build_deck(deck, tmp_path)
    (w,) = [w for w in result.warnings if w.code == Code.OVERFLOW]
    assert "slide 'many'" in w.message and "does not fit even at 18 pt" in w.message
    assert "measured with" in w.message and "metrics" in w.message
    line = next(i for i, t in enumerate(deck.read_text().splitlines(), 1) if "id: many" in t)
    assert w.pos.file.endswith("deck.yaml") and w.pos.line == line


# ---- shipped themes -----------------------------------------------------------------------------
def test_print_theme_is_4_by_3(tmp_path):
    prs = Presentation(build_deck(make_project(tmp_path), tmp_path, theme="print").output)
    assert (prs.slide_width, prs.slide_height) == (Emu(9144000), Emu(6858000))
    sld_sz = prs.part._element.find("p:sldSz", NS)
    assert sld_sz.get("type") == "screen4x3"
    footer = next(s for s in prs.slide_master.shapes if s.name == "Footer Text")
    assert footer.text_frame.text == "Brand test · 4 March 2026"
    for ph in prs.slide_master.placeholders:
        assert ph.left + ph.width <= prs.slide_width


@pytest.mark.parametrize("theme", SHIPPED)
def test_seed_deck_builds_with_every_shipped_theme(tmp_path, theme):
    result = build(SEED, BuildOptions(out_dir=tmp_path, theme=theme))
    assert result.slides >= 20
    assert_structure(result.output)
    root = part_xml(result.output, "ppt/theme/theme1.xml")
    want = load_theme(theme, SEED.parent).colors["primary"].lstrip("#")
    assert root.find(".//a:clrScheme/a:dk2/a:srgbClr", NS).get("val") == want
    assert not [w for w in result.warnings if w.code == Code.OVERFLOW]


@pytest.mark.render
@pytest.mark.parametrize("theme", SHIPPED)
def test_seed_deck_renders_with_every_shipped_theme(tmp_path, theme):
    from helpers.render_check import assert_renders

    result = build(SEED, BuildOptions(out_dir=tmp_path, theme=theme))
    assert_renders(result.output, tmp_path)


@pytest.mark.render
def test_hand_added_slide_renders(tmp_path):
    from helpers.render_check import assert_renders

    result = build_deck(make_project(tmp_path), tmp_path)
    prs = Presentation(result.output)
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "Added by hand"
    slide.placeholders[1].text_frame.text = "A point typed in PowerPoint"
    buf = io.BytesIO()
    prs.save(buf)
    edited = tmp_path / "edited.pptx"
    edited.write_bytes(buf.getvalue())
    assert_renders(edited, tmp_path)


def test_a_font_note_points_at_the_user_s_theme_not_inside_slidegen(tmp_path):
    """The "fonts: measured with ..." note pointed at slidegen's own default theme file (in
    site-packages) for decks on a built-in theme; it is not the user's file to change."""
    from types import SimpleNamespace

    from slidegen.plan.theme import BUILTIN_THEMES
    from slidegen.render import _font_note_pos

    builtin = SimpleNamespace(files=(BUILTIN_THEMES / "default" / "theme.yaml",))
    assert _font_note_pos(builtin) is None
    own = tmp_path / "themes" / "acme" / "theme.yaml"
    pos = _font_note_pos(SimpleNamespace(files=(own, BUILTIN_THEMES / "default" / "theme.yaml")))
    assert (pos.line, pos.col) == (1, 1) and pos.file.endswith("themes/acme/theme.yaml")
    assert _font_note_pos(SimpleNamespace(files=())) is None
