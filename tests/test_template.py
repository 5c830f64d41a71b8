"""Corporate templates: masters and layouts from template.pptx, layout mapping and its errors."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.util import Inches

from fixtures.themes.make_templates import as_kind, default_template, odd_template, wide_template
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build
from slidegen.codes import Code
from slidegen.errors import SlidegenError

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "decks" / "parent-infant-impact.yaml"
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
ODD_LAYOUTS = """\
layouts:
  title: Cover
  content: Text Page
  section: Chapter
  two: Side by Side
  title_only: Headline
"""
DECK = """\
deck:
  title: Template test
  organisation: Acme Health
  presenter: Ada Lovelace
  theme: corp
sections:
  - id: one
    title: First part
    slides:
      - id: points
        title: Some points
        bullets: [One point, Another point]
      - id: figure
        layout: stat
        title: A figure
        value: "74%"
        label: of something
"""
MAKERS = {"wide": wide_template, "odd": odd_template, "default": default_template}


def project(tmp_path: Path, kind: str, theme_extra: str = "") -> Path:
    folder = tmp_path / "themes" / "corp"
    folder.mkdir(parents=True, exist_ok=True)
    MAKERS[kind](folder / "template.pptx")
    Image.new("RGB", (200, 100), "#203864").save(folder / "logo.png")
    (folder / "theme.yaml").write_text(
        "name: corp\ntemplate: template.pptx\n"
        "logo: {image: logo.png, position: top-right, height: 1cm}\n"
        'footer: {text: "{organisation}"}\n' + theme_extra,
        encoding="utf-8",
    )
    deck = tmp_path / "deck.yaml"
    deck.write_text(DECK, encoding="utf-8")
    return deck


def all_text(pptx: Path) -> str:
    with zipfile.ZipFile(pptx) as z:
        return " ".join(
            "".join(etree.fromstring(z.read(n)).itertext())
            for n in z.namelist()
            if n.endswith(".xml")
        )


def slide_parts(pptx: Path) -> list[str]:
    with zipfile.ZipFile(pptx) as z:
        return sorted(n for n in z.namelist() if n.startswith("ppt/slides/slide"))


# ---- example slides and masters ------------------------------------------------------------
@pytest.mark.parametrize("kind", ["wide", "odd"])
def test_example_slides_are_removed_without_orphans(tmp_path, kind):
    deck = project(tmp_path, kind, ODD_LAYOUTS if kind == "odd" else "")
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert "DELETE ME" not in all_text(result.output)
    assert "example notes" not in all_text(result.output)
    prs = Presentation(result.output)
    assert len(prs.slides) == result.slides == len(slide_parts(result.output))
    assert [s.shapes.title.text for s in prs.slides][:2] == ["Template test", "First part"]
    assert_structure(result.output)


def test_layouts_with_header_or_slide_image_placeholders_are_used(tmp_path):
    """A header or slide-image placeholder on a slide layout (a notes page's kinds, which
    python-pptx cannot look up on the master) is read with its own box, or none: the template
    builds, instead of being refused as damaged."""
    import copy

    deck = project(tmp_path, "default")
    template = deck.parent / "themes" / "corp" / "template.pptx"
    prs = Presentation(template)
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Title and Content")
    tree = layout.shapes._spTree
    body = next(ph._element for ph in layout.placeholders if ph.placeholder_format.idx == 1)
    for n, kind in enumerate(("hdr", "sldImg")):
        sp = copy.deepcopy(body)
        sp.find(".//{*}cNvPr").set("id", str(900 + n))
        ph = sp.find(".//{*}ph")
        ph.set("type", kind)
        ph.set("idx", str(40 + n))
        sp_pr = sp.find("{*}spPr")
        for xfrm in sp_pr.findall("{*}xfrm"):
            sp_pr.remove(xfrm)
        if n:  # the slide image with a box of its own, the header without
            sp_pr.insert(
                0,
                etree.fromstring(
                    f'<a:xfrm xmlns:a="{NS["a"]}"><a:off x="1" y="2"/><a:ext cx="3" cy="4"/>'
                    "</a:xfrm>"
                ),
            )
        tree.append(sp)
    prs.save(template)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    read = Presentation(result.output)
    assert len(read.slides) == result.slides > 2
    assert "Some points" in all_text(result.output)
    assert_structure(result.output)


def _scheme(pptx) -> dict[str, str]:
    with zipfile.ZipFile(pptx) as z:
        theme = etree.fromstring(z.read("ppt/theme/theme1.xml"))
    colors = {
        el.tag.split("}")[1]: etree.tostring(el[0]).decode()
        for el in theme.find(".//a:clrScheme", NS)
    }
    fonts = {
        f.getparent().tag.split("}")[1]: f.get("typeface")
        for f in theme.findall(".//a:fontScheme/*/a:latin", NS)
    }
    return colors | fonts


def test_wide_template_masters_and_layouts_are_used(tmp_path):
    """The template's design stays: its master and band, its colour and font schemes; the
    footer and slide number go into its own footer and slide-number placeholders on each
    slide (as PowerPoint's Header & Footer dialog puts them), the logo on the layouts where
    nothing of the template's is."""
    deck = project(tmp_path, "wide")
    template = tmp_path / "themes" / "corp" / "template.pptx"
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)
    master = prs.slide_master
    assert any(s.name == "Brand band" for s in master.shapes)  # the template's own design
    names = [s.slide_layout.name for s in prs.slides]
    assert names[:3] == ["Title Slide", "Section Header", "Title and Content"]
    assert _scheme(result.output) == _scheme(template)  # colours and fonts: the template's
    assert not any(s.name in ("Logo", "Footer Text", "Slide Number") for s in master.shapes)
    points = next(s for s in prs.slides if s._element.cSld.get("name") == "points")
    footer = [ph for ph in points.placeholders if ph.placeholder_format.type == 15]  # FOOTER
    number = [ph for ph in points.placeholders if ph.placeholder_format.type == 13]  # SLIDE_NUMBER
    assert [f.text_frame.text for f in footer] == ["Acme Health"]
    assert number and number[0]._element.find(".//a:fld[@type='slidenum']", NS) is not None
    # cover and divider slides carry no footer or number, as slidegen's own do
    cover = prs.slides[0]
    assert not [ph for ph in cover.placeholders if ph.placeholder_format.type in (13, 15, 16)]
    # the logo: a decorative picture on the layout, clear of the template's band at the top
    layout = points.slide_layout
    logo = next(s for s in layout.shapes if s.name == "Logo")
    assert logo.height == 360000 and logo.width == 720000
    assert logo.top > Inches(0.12)
    assert logo._element.xpath(".//*[local-name()='decorative']/@val") == ["1"]


def test_odd_template_mapping_by_name_and_placeholders_by_type(tmp_path):
    deck = project(tmp_path, "odd", ODD_LAYOUTS)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)  # the template's 4:3
    by_id = {s._element.cSld.get("name"): s for s in prs.slides}
    assert by_id["points"].slide_layout.name == "Text Page"
    assert by_id["figure"].slide_layout.name == "Headline"
    assert by_id["one-divider"].slide_layout.name == "Chapter"
    assert prs.slides[0].slide_layout.name == "Cover"
    # the body placeholder (idx 21 in the template) is found by type and holds the bullets
    body = next(p for p in by_id["points"].placeholders if p.placeholder_format.idx == 1)
    assert [p.text for p in body.text_frame.paragraphs] == ["One point", "Another point"]
    # the template's extra placeholders (photo, kicker) are not left empty on slides
    for slide in prs.slides:
        for ph in slide.placeholders:
            assert ph.placeholder_format.type not in (18,)  # picture
            assert ph.has_text_frame and ph.text_frame.text.strip()
    # geometry from the template: the title sits where the template's layout puts it
    layout = by_id["points"].slide_layout
    assert (
        by_id["points"].shapes.title.left
        == next(p for p in layout.placeholders if p.placeholder_format.idx == 0).left
    )


def test_python_pptx_default_template(tmp_path):
    result = build(project(tmp_path, "default"), BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    assert prs.slide_width == 9144000
    assert prs.slides[1].slide_layout.name == "Section Header"
    assert prs.slides[2].slide_layout.name == "Title and Content"
    assert_structure(result.output)


def _figure_fill(pptx: Path) -> str:
    prs = Presentation(pptx)
    stat = next(s for s in prs.slides if s._element.cSld.get("name") == "figure")
    figure = next(sh for sh in stat.shapes if sh.name.startswith("Figure"))
    fill = figure._element.find(".//a:rPr/a:solidFill/*", NS)
    return f"{etree.QName(fill).localname}:{fill.get('val')}"


def test_theme_colours_and_fonts_apply_only_where_set_for_the_template(tmp_path):
    """Colours and fonts written in the theme file that names the template are used (the
    figures in that accent, titles in that font); those it only inherits are not: the
    template's colour scheme and slots stay."""
    extra = 'colors: {accent: "#C00000"}\nfonts: {heading: Georgia}\n'
    deck = project(tmp_path, "wide", extra)
    template = tmp_path / "themes" / "corp" / "template.pptx"
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert _figure_fill(result.output) == "srgbClr:C00000"
    ours, theirs = _scheme(result.output), _scheme(template)
    assert ours.pop("majorFont") == "Georgia" and theirs.pop("majorFont") != "Georgia"
    assert ours == theirs
    # the same colours inherited from a theme without the template: the template's slots
    base = tmp_path / "themes" / "brand"
    base.mkdir()
    (base / "theme.yaml").write_text(extra)
    theme = tmp_path / "themes" / "corp" / "theme.yaml"
    text = theme.read_text(encoding="utf-8").split("colors:")[0]
    theme.write_text("extends: brand\n" + text, encoding="utf-8")
    result = build(deck, BuildOptions(out_dir=tmp_path / "out2"))
    assert _figure_fill(result.output).startswith("schemeClr:")
    assert _scheme(result.output) == _scheme(template)


def test_the_date_goes_in_the_templates_date_placeholder(tmp_path):
    deck = project(tmp_path, "wide", "")
    theme = tmp_path / "themes" / "corp" / "theme.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace(
            'footer: {text: "{organisation}"}', 'footer: {text: "{organisation}", date: true}'
        ),
        encoding="utf-8",
    )
    deck.write_text(DECK.replace("  theme: corp", "  theme: corp\n  date: 2026-12-07"))
    prs = Presentation(build(deck, BuildOptions(out_dir=tmp_path / "out")).output)
    points = next(s for s in prs.slides if s._element.cSld.get("name") == "points")
    dates = [ph.text_frame.text for ph in points.placeholders if ph.placeholder_format.type == 16]
    assert dates == ["7 December 2026"]


def test_hand_added_slide_on_template_output(tmp_path):
    result = build(project(tmp_path, "odd", ODD_LAYOUTS), BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    layout = next(lay for lay in prs.slide_layouts if lay.name == "Text Page")
    slide = prs.slides.add_slide(layout)
    slide.shapes.title.text = "By hand"
    body = next(p for p in slide.placeholders if p.placeholder_format.idx == 1)
    body.text_frame.text = "typed"
    layout = slide.slide_layout  # what a slide added in PowerPoint shows: the layout's logo
    assert any(s.name == "Logo" for s in layout.shapes)  # and footer placeholders
    assert any(ph.placeholder_format.type == 15 for ph in layout.placeholders)


# ---- errors and fallback ----------------------------------------------------------------------
def test_unknown_layout_name_is_an_error_naming_template_and_layout(tmp_path):
    deck = project(tmp_path, "odd", "layouts: {bullets: Text Pgae}\n")
    with pytest.raises(SlidegenError) as exc:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    (d,) = exc.value.diagnostics
    assert d.pos.file.endswith("themes/corp/theme.yaml") and d.pos.line == 5
    assert "themes/corp/template.pptx' has no layout named 'Text Pgae'" in d.message
    assert "(for bullets slides)" in d.message and "did you mean 'Text Page'" in d.format()
    assert not (tmp_path / "out").exists()


def test_layout_missing_a_placeholder_is_an_error(tmp_path):
    deck = project(tmp_path, "odd", "layouts: {title_only: Blank}\n")
    with pytest.raises(SlidegenError) as exc:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    (d,) = exc.value.diagnostics
    assert "layout 'Blank' (for stat slides) has no title placeholder" in d.message
    assert "template.pptx" in d.message and d.pos.line == 5


def test_fallback_adds_the_missing_placeholder_with_a_warning(tmp_path):
    deck = project(tmp_path, "odd", "layouts: {title_only: Blank}\nfallback: true\n")
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    (w,) = [w for w in result.warnings if w.code == Code.TEMPLATE_PLACEHOLDER]
    assert "layout 'Blank' (for stat slides) has no title placeholder" in w.message
    assert "fallback" in w.message
    prs = Presentation(result.output)
    stat = next(s for s in prs.slides if s._element.cSld.get("name") == "figure")
    assert stat.slide_layout.name == "Blank" and stat.shapes.title.text == "A figure"


def _content_less_template(path: Path) -> None:
    prs = Presentation()
    for lay in list(prs.slide_layouts):
        if lay.name not in ("Title Slide", "Title Only", "Blank"):
            prs.slide_layouts.remove(lay)
    prs.save(path)


def test_template_without_a_content_layout(tmp_path):
    deck = project(tmp_path, "default")
    _content_less_template(tmp_path / "themes" / "corp" / "template.pptx")
    with pytest.raises(SlidegenError) as exc:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    msgs = [d.message for d in exc.value.diagnostics]
    assert any(
        "has no layout for bullets slides" in m
        and "'Title and Content'" in m
        and "template.pptx" in m
        for m in msgs
    ), msgs
    assert any("has no layout for section slides" in m for m in msgs), msgs


def test_fallback_generates_missing_layouts(tmp_path):
    deck = project(tmp_path, "default", "fallback: true\n")
    _content_less_template(tmp_path / "themes" / "corp" / "template.pptx")
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    warned = [w.message for w in result.warnings if w.code == Code.TEMPLATE_LAYOUT]
    assert any("generated layout 'Title and Content (slidegen)'" in m for m in warned), warned
    prs = Presentation(result.output)
    points = next(s for s in prs.slides if s._element.cSld.get("name") == "points")
    assert points.slide_layout.name == "Title and Content (slidegen)"
    body = next(p for p in points.placeholders if p.placeholder_format.idx == 1)
    assert body.text_frame.text.startswith("One point")
    assert_structure(result.output)


# ---- any template file: .pptx, .potx, .pptm, .potm -------------------------------------------
PPTX_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"


@pytest.mark.parametrize("suffix", [".potx", ".pptm", ".potm"])
def test_any_template_file_gives_a_pptx(tmp_path, suffix):
    deck = project(tmp_path, "wide")
    folder = tmp_path / "themes" / "corp"
    as_kind(folder / "template.pptx", folder / f"template{suffix}")
    theme = folder / "theme.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace("template.pptx", f"template{suffix}"),
        encoding="utf-8",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert result.output.suffix == ".pptx"
    with zipfile.ZipFile(result.output) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode("utf-8")
    assert f'PartName="/ppt/presentation.xml" ContentType="{PPTX_MAIN}"' in types
    assert "macroEnabled" not in types and "template.main" not in types
    assert not [n for n in names if "vba" in n.lower() or "comment" in n]
    text = all_text(result.output)
    assert "TEMPLATE CUSTOM XML" not in text and "TEMPLATE AUTHOR" not in text
    assert "DELETE ME" not in text
    notes = [w.message for w in result.warnings if w.code == Code.TEMPLATE_FILE]
    assert bool(notes) == (suffix in (".pptm", ".potm")), notes
    assert all("macros" in n for n in notes)
    prs = Presentation(result.output)
    assert [s.shapes.title.text for s in prs.slides][:2] == ["Template test", "First part"]
    assert_structure(result.output)


def test_a_file_that_is_no_powerpoint_template_is_an_error(tmp_path):
    deck = project(tmp_path, "wide")
    folder = tmp_path / "themes" / "corp"
    with zipfile.ZipFile(folder / "template.potx", "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", "<w:document/>")
    theme = folder / "theme.yaml"
    theme.write_text(
        theme.read_text(encoding="utf-8").replace("template.pptx", "template.potx"),
        encoding="utf-8",
    )
    with pytest.raises(SlidegenError) as exc:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    (d,) = exc.value.diagnostics
    assert "is not a PowerPoint file (.pptx, .potx, .pptm or .potm)" in d.message
    assert "wordprocessingml" in d.message and d.pos.line == 2


# ---- render ---------------------------------------------------------------------------------
@pytest.mark.render
@pytest.mark.parametrize("kind", ["wide", "odd", "default"])
def test_seed_deck_renders_with_test_templates(tmp_path, kind):
    from helpers.render_check import assert_renders

    project(tmp_path, kind, ODD_LAYOUTS if kind == "odd" else "")
    result = build(
        SEED, BuildOptions(out_dir=tmp_path / "out", theme=str(tmp_path / "themes/corp"))
    )
    assert_structure(result.output)
    assert_renders(result.output, tmp_path)


def _layout_picture(template: Path, layout_name: str, picture: Path, box) -> None:
    """A picture drawn on a template layout, as art."""
    import warnings

    from pptx.oxml.shapes.picture import CT_Picture

    prs = Presentation(template)
    layout = next(lay for lay in prs.slide_layouts if lay.name == layout_name)
    with warnings.catch_warnings():  # python-pptx reads its size with Pillow
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        _, r_id = layout.part.get_or_add_image_part(str(picture))
    layout.shapes._spTree.append(CT_Picture.new_pic(950, "Art", "", r_id, *box))
    prs.save(template)


def test_a_template_shape_id_that_is_no_number_is_passed_over(tmp_path):
    """The new footer placeholders and logos get the next numeric id, as in PowerPoint."""
    deck = project(tmp_path, "default")
    template = deck.parent / "themes" / "corp" / "template.pptx"
    prs = Presentation(template)
    for layout in prs.slide_layouts:
        layout.shapes[0]._element.find(".//{*}cNvPr").set("id", "abc")
    prs.save(template)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert "Some points" in all_text(result.output)
    assert_structure(result.output)


def test_a_metafile_logo_on_a_template_stays_a_metafile(tmp_path):
    from helpers.pictures import emf_bytes

    deck = project(tmp_path, "default")
    folder = deck.parent / "themes" / "corp"
    (folder / "logo.emf").write_bytes(emf_bytes())
    theme = (folder / "theme.yaml").read_text(encoding="utf-8")
    (folder / "theme.yaml").write_text(theme.replace("logo.png", "logo.emf"), encoding="utf-8")
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    with zipfile.ZipFile(result.output) as z:
        media = [n for n in z.namelist() if n.startswith("ppt/media/")]
        types = z.read("[Content_Types].xml").decode()
    assert media and all(n.endswith(".emf") for n in media), media
    assert 'Extension="emf" ContentType="image/x-emf"' in types
    assert "wmf" not in types


def test_template_art_over_the_pixel_limit_is_not_decoded(tmp_path):
    """A layout picture whose header claims more than limits.PICTURE_PIXELS is art of unknown
    look: never decoded (no memory spent, no Pillow warning on the terminal)."""
    from helpers.bombs import png_header
    from helpers.bounded import run_slidegen

    deck = project(tmp_path, "default")
    template = deck.parent / "themes" / "corp" / "template.pptx"
    # the peak a build reports counts what the forking test process held: compared with the
    # same build without the picture (decoding it took about 400 MB more)
    plain = run_slidegen("build", "deck.yaml", "--out", "out", cwd=tmp_path)
    big = png_header(tmp_path / "big.png", 12_000, 9_000)
    _layout_picture(template, "Title and Content", big, (0, 0, Inches(10), Inches(1)))
    ran = run_slidegen("build", "deck.yaml", "--out", "out", cwd=tmp_path)
    assert ran.code == 0, ran.output
    assert "DecompressionBomb" not in ran.stderr
    assert ran.peak_mb < plain.peak_mb + 100, (ran.peak_mb, plain.peak_mb)
