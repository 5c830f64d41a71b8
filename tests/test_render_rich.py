"""Rich layouts read back from the built .pptx: pictures, two columns, tables and charts."""

from __future__ import annotations

import dataclasses
import io
import random
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.enum.text import PP_ALIGN

from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build
from slidegen.errors import SlidegenError
from slidegen.render.oxml import is_decorative
from slidegen.render.template import Geometry

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "rich" / "rich.yaml"
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
GEO = Geometry(12192000, 6858000)  # the default theme's 16:9 slide


# ---- fixtures -----------------------------------------------------------------------------------
def draw_pictures(folder: Path) -> None:
    """wide.jpg (1200x800 gradient), tall.png (transparent, 400x900), rotated.jpg (EXIF 6)."""
    wide = Image.linear_gradient("L").resize((1200, 800)).convert("RGB")
    wide.save(folder / "wide.jpg", quality=90)
    tall = Image.new("RGBA", (400, 900), (0, 0, 0, 0))
    tall.paste((200, 80, 40, 255), (20, 250, 380, 650))
    tall.save(folder / "tall.png")
    rotated = Image.new("RGB", (600, 300), (30, 90, 160))
    rotated.paste((250, 250, 0), (0, 0, 100, 300))  # a yellow band on the left
    exif = Image.Exif()
    exif[0x0112] = 6  # shown turned a quarter turn clockwise: the band ends up on top
    rotated.save(folder / "rotated.jpg", exif=exif, quality=95)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture deck built once: (path to .pptx, Presentation, BuildResult)."""
    folder = tmp_path_factory.mktemp("rich")
    shutil.copy(FIXTURE, folder / "rich.yaml")
    draw_pictures(folder)
    result = build(folder / "rich.yaml", BuildOptions(out_dir=folder / "out"))
    return result.output, Presentation(str(result.output)), result


def slide_by_title(prs, title: str):
    for slide in prs.slides:
        if slide.shapes.title is not None and slide.shapes.title.text_frame.text == title:
            return slide
    raise AssertionError(f"no slide titled {title!r}")


def shape_named(slide, name: str):
    for shape in slide.shapes:
        if shape.name == name:
            return shape
    raise AssertionError(f"no shape named {name!r}: {[s.name for s in slide.shapes]}")


def descr(shape) -> str | None:
    return shape._element.xpath("./*[1]/p:cNvPr")[0].get("descr")


def write_deck(folder: Path, slides_yaml: str, extra: str = "") -> Path:
    body = textwrap.indent(textwrap.dedent(slides_yaml).strip("\n"), " " * 6)
    text = (
        "deck:\n  title: T\n  title_slide: false\n"
        + extra
        + "sections:\n  - id: s\n    title: S\n    divider: false\n    slides:\n"
        + body
        + "\n"
    )
    path = folder / "deck.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def build_error(path: Path) -> SlidegenError:
    with pytest.raises(SlidegenError) as info:
        build(path, BuildOptions(out_dir=path.parent / "out"))
    assert not (path.parent / "out").exists(), "a failed build writes nothing"
    return info.value


def line_of(path: Path, needle: str) -> int:
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return n
    raise AssertionError(needle)


# ---- pictures -----------------------------------------------------------------------------------
def test_contain_keeps_the_whole_picture_centred_with_alt_text(built):
    _, prs, _ = built
    slide = slide_by_title(prs, "A wide picture, contained")
    pic = shape_named(slide, "Picture")
    x, y, w, h = GEO.body_box
    assert pic.shape_type == MSO_SHAPE_TYPE.PICTURE
    assert x <= pic.left and pic.left + pic.width <= x + w
    assert y <= pic.top and pic.top + pic.height <= y + h
    assert abs((pic.left - x) - (x + w - pic.left - pic.width)) <= 2  # centred across
    assert abs(pic.width / pic.height - 1200 / 800) < 0.01  # not stretched
    assert (pic.crop_left, pic.crop_top, pic.crop_right, pic.crop_bottom) == (0, 0, 0, 0)
    assert descr(pic) == "A colour gradient from blue to yellow"
    assert not is_decorative(pic._element.nvPicPr.cNvPr)
    assert pic.image.content_type == "image/jpeg"
    assert pic.image.size == (1200, 800)  # small enough already: embedded as it is
    caption = shape_named(slide, "Caption")
    assert caption.text_frame.text == "The whole picture, centred"
    assert caption.top >= pic.top + pic.height  # beneath the picture
    assert caption.top + caption.height <= y + h


def test_cover_fills_the_area_trimmed_not_stretched(built):
    _, prs, _ = built
    slide = slide_by_title(prs, "A tall picture, covering")
    pic = shape_named(slide, "Picture")
    x, y, w, _ = GEO.body_box
    assert (pic.left, pic.top, pic.width) == (x, y, w)
    assert pic.crop_left == pytest.approx(0) and pic.crop_right == pytest.approx(0)
    assert pic.crop_top == pytest.approx(pic.crop_bottom) and pic.crop_top > 0.3
    img_w, img_h = pic.image.size
    visible_ratio = img_w / (img_h * (1 - pic.crop_top - pic.crop_bottom))
    assert visible_ratio == pytest.approx(pic.width / pic.height, rel=0.01)
    assert pic.image.content_type == "image/png"  # transparency kept
    assert Image.open(io.BytesIO(pic.image.blob)).mode == "RGBA"


def test_exif_orientation_applied_and_decorative_flag(built):
    _, prs, _ = built
    slide = slide_by_title(prs, "Turned by its EXIF orientation")
    pic = shape_named(slide, "Picture")
    assert pic.image.size == (300, 600)  # portrait, as the camera meant it
    shown = Image.open(io.BytesIO(pic.image.blob)).convert("RGB")
    r, g, b = shown.getpixel((150, 20))
    assert r > 200 and g > 200 and b < 80  # the yellow band is on top
    assert pic.height > pic.width
    c_nv_pr = pic._element.nvPicPr.cNvPr
    assert is_decorative(c_nv_pr)
    assert c_nv_pr.get("descr") == ""  # never the file name
    assert not shape_named(slide, "Picture")._element.xpath(".//*[contains(@descr, '.jpg')]")


def test_no_picture_carries_its_file_name_as_alt_text(built):
    path, _, _ = built
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if name.startswith("ppt/slides/slide"):
                xml = zf.read(name).decode()
                for ext in (".png", ".jpg", ".jpeg"):
                    assert f'descr="image{ext}"' not in xml and ext + '"' not in xml, name


def test_big_photo_is_scaled_for_the_slide_and_the_deck_stays_small(tmp_path):
    rnd = random.Random(20260115)
    noise = Image.frombytes("L", (6000, 4000), rnd.randbytes(6000 * 4000))
    ramp = Image.linear_gradient("L").resize((6000, 4000))
    photo = Image.merge("RGB", (noise, ramp, Image.blend(noise, ramp, 0.5)))
    photo.save(tmp_path / "photo.jpg", quality=92)
    assert (tmp_path / "photo.jpg").stat().st_size > 10_000_000  # a heavy camera original
    path = write_deck(
        tmp_path,
        """
        - id: photo
          layout: image
          title: A photograph
          image: photo.jpg
          alt: Noise standing in for a photograph
        """,
    )
    result = build(path, BuildOptions(out_dir=tmp_path / "out"))
    assert result.size < 2_000_000
    pic = shape_named(Presentation(str(result.output)).slides[0], "Picture")
    assert pic.image.content_type == "image/jpeg"
    shown_px = round(pic.width * 96 / 914400)
    width_px, height_px = pic.image.size
    assert width_px <= min(3840, 2 * shown_px + 1)
    assert width_px >= 2 * shown_px - 2  # sharp at 2x, not smaller
    assert width_px / height_px == pytest.approx(1.5, rel=0.01)


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("missing.png", None, "missing.png' not found"),
        ("broken.png", b"this is not a picture", "not a picture format slidegen can read"),
        ("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG pictures"),
    ],
)
def test_bad_picture_is_a_located_error(tmp_path, name, content, message):
    if content is not None:
        (tmp_path / name).write_bytes(content)
    path = write_deck(
        tmp_path,
        f"""
        - id: pic
          layout: image
          title: A picture
          image: {name}
          alt: Something
        """,
    )
    err = build_error(path)
    [diag] = err.diagnostics
    assert message in diag.message
    assert name in diag.message
    assert diag.pos.line == line_of(path, f"image: {name}")


def test_picture_pane_of_two_column_with_a_bad_file_is_located(tmp_path):
    (tmp_path / "broken.jpg").write_bytes(b"\xff\xd8\xff not really")
    path = write_deck(
        tmp_path,
        """
        - id: two
          layout: two-column
          left: {text: Words}
          right: {image: broken.jpg, alt: Something}
        """,
    )
    [diag] = build_error(path).diagnostics
    assert "broken.jpg" in diag.message
    assert diag.pos.line == line_of(path, "broken.jpg")


# ---- two-column ---------------------------------------------------------------------------------
def test_two_column_geometry_follows_the_ratio(built):
    _, prs, _ = built
    slide = slide_by_title(prs, "Two panes")
    x, y, w, h = GEO.body_box
    left = shape_named(slide, "Left content")
    right = shape_named(slide, "Right picture")
    left_head = shape_named(slide, "Left heading")
    right_head = shape_named(slide, "Right heading")
    assert left_head.text_frame.text == "What we found"
    assert right_head.text_frame.text == "A picture"
    gap = right_head.left - (left_head.left + left_head.width)
    assert gap > 0
    assert left_head.width / right_head.width == pytest.approx(60 / 40, rel=0.01)
    assert left_head.left == x and right_head.left + right_head.width == x + w
    # the content sits below its heading, inside its pane
    assert left.top >= left_head.top + left_head.height
    assert left.left == x and left.width == left_head.width
    assert left.top + left.height <= y + h
    assert right_head.left <= right.left
    assert right.left + right.width <= right_head.left + right_head.width
    assert right.top >= right_head.top + right_head.height
    # bullets keep their levels in the layout's own placeholder (editable, in the outline)
    assert left.is_placeholder
    levels = [p.level for p in left.text_frame.paragraphs]
    assert levels == [0, 0, 1, 1]
    assert descr(right) == "An orange circle"
    # reading order: title, left heading, left content, right heading, right picture
    names = [s.name for s in slide.shapes][:5]
    assert names[1:] == ["Left heading", "Left content", "Right heading", "Right picture"]


def test_two_column_equal_text_panes_by_default(built):
    _, prs, _ = built
    slide = slide_by_title(prs, "Before and after")
    left, right = shape_named(slide, "Left content"), shape_named(slide, "Right content")
    assert left.width == right.width
    assert left.top == right.top
    assert left.text_frame.text == "One practitioner for four families"
    assert any(r.font.bold for r in left.text_frame.paragraphs[0].runs)
    assert right.text_frame.text == "One practitioner for ten families (Sleed, 2022)"
    assert left.text_frame.paragraphs[0]._p.pPr.find(f"{A}buNone") is not None


# ---- tables -------------------------------------------------------------------------------------
def _table(slide):
    frames = [s for s in slide.shapes if s.has_table]
    assert len(frames) == 1
    return frames[0].table


def test_table_cells_header_and_alignment(built):
    _, prs, _ = built
    slide = slide_by_title(prs, "Teams by region")
    table = _table(slide)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [
        ["Region", "Teams", "Share", "Note"],
        ["North East", "4", "12%", "Established in 2019"],
        ["London", "12", "35%", "Several boroughs with long waiting lists"],
        ["South West", "3", "9.5%", ""],
    ]
    assert table.first_row  # the header row is marked as a header
    tbl_pr = table._tbl.tblPr
    assert tbl_pr.get("firstRow") == "1"
    header = table.cell(0, 0).text_frame.paragraphs[0].runs[0].font
    assert header.bold
    # theme colours: header on the primary slot, text on the background slot
    head_fill = table.cell(0, 0)._tc.tcPr.find(f"{A}solidFill/{A}schemeClr")
    assert head_fill.get("val") == "tx2"
    aligns = [table.cell(1, i).text_frame.paragraphs[0].alignment for i in range(4)]
    assert aligns[1] == PP_ALIGN.RIGHT and aligns[2] == PP_ALIGN.RIGHT
    assert aligns[0] in (None, PP_ALIGN.LEFT) and aligns[3] in (None, PP_ALIGN.LEFT)
    assert table.cell(0, 1).text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT
    widths = [c.width for c in table.columns]
    assert widths[3] > widths[0] > widths[1]  # widths follow the content
    assert sum(widths) <= GEO.body_box[2]
    caption = shape_named(slide, "Caption")
    frame = next(s for s in slide.shapes if s.has_table)
    assert caption.top >= frame.top + sum(r.height for r in table.rows)


def test_long_table_continues_with_its_header_repeated(tmp_path):
    rows = "".join(f"    - [Item {i}, {i * 10}]\n" for i in range(1, 41))
    head = "- id: long\n  layout: table\n  title: Long\n  columns: [Item, Value]\n  rows:\n"
    path = write_deck(tmp_path, head + rows)
    result = build(path, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(str(result.output))
    tables = [(s.shapes.title.text_frame.text, _table(s)) for s in prs.slides]
    assert len(tables) >= 2
    assert tables[0][0] == "Long"
    assert all(title == "Long (cont.)" for title, _ in tables[1:])
    seen = []
    for _, table in tables:
        assert [c.text for c in table.rows[0].cells] == ["Item", "Value"]
        assert table.first_row
        seen += [table.cell(r, 0).text for r in range(1, len(table.rows))]
        frame_bottom = GEO.body_box[1] + sum(r.height for r in table.rows)
        assert frame_bottom <= GEO.body_box[1] + GEO.body_box[3]
    assert seen == [f"Item {i}" for i in range(1, 41)]  # every row once, in order


def test_ragged_row_is_an_error_naming_the_row(tmp_path):
    path = write_deck(
        tmp_path,
        """
        - id: t
          layout: table
          columns: [A, B, C]
          rows:
            - [1, 2, 3]
            - [4, 5]
        """,
    )
    [diag] = build_error(path).diagnostics
    assert diag.message == "table row 2 has 2 cells; the table has 3 columns"
    assert diag.pos.line == line_of(path, "[4, 5]")


# ---- charts -------------------------------------------------------------------------------------
def _chart(slide):
    frames = [s for s in slide.shapes if s.has_chart]
    assert len(frames) == 1
    return frames[0], frames[0].chart


def _theme_accents(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("ppt/theme/theme1.xml"))
    scheme = root.find(f"{A}themeElements/{A}clrScheme")
    return {el.tag.split("}")[1]: el[0].get("val") for el in scheme}


def test_column_chart_is_native_with_theme_colours_and_labels(built):
    path, prs, result = built
    slide = slide_by_title(prs, "Headline findings")
    frame, chart = _chart(slide)
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    plot = chart.plots[0]
    assert list(plot.categories) == ["Interactions", "Depression", "Wellbeing"]
    [series] = plot.series
    assert series.name == "Studies showing an improvement"
    assert series.values == (74.0, 73.0, 83.0)
    fill = series._element.find(f"{C}spPr/{A}solidFill/{A}schemeClr")
    assert fill.get("val") == "accent1"
    theme = result.plan.theme
    assert _theme_accents(path)["accent1"] == theme.colors["primary"].lstrip("#").upper()
    labels = plot._element.find(f"{C}dLbls")
    assert labels.find(f"{C}numFmt").get("formatCode") == '0"%"'
    assert labels.find(f"{C}showVal").get("val") == "1"
    assert chart.value_axis.tick_labels.number_format == '0"%"'
    assert chart.value_axis.minimum_scale == 0
    assert not chart.has_legend  # one series
    assert descr(frame) == (
        "Column chart of the share of studies showing an improvement, by domain"
    )
    # "Edit Data" needs the embedded workbook, holding the same numbers
    xlsx = chart.part.chart_workbook.xlsx_part.blob
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml").decode()
        core = zf.read("docProps/core.xml").decode()
    assert "<v>74</v>" in sheet and "<v>83</v>" in sheet
    assert "2026-01-15" in core  # the deck's date, not the clock


def test_stacked_bar_chart_series_colours_and_legend(built):
    _, prs, _ = built
    frame, chart = _chart(slide_by_title(prs, "Referrals by region"))
    assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
    plot = chart.plots[0]
    assert [s.name for s in plot.series] == ["2024", "2025"]
    assert [s.values for s in plot.series] == [(120.0, 95.0, 140.0), (150.0, 110.0, 160.0)]
    colours = [
        s._element.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val") for s in plot.series
    ]
    assert colours == ["accent1", "accent2"]
    assert chart.has_legend
    assert plot.overlap == 100
    assert chart.category_axis.reverse_order  # first category on top
    # alt text written from the data (the chart has no `alt:`)
    assert descr(frame).startswith("Stacked bar chart: Referrals by region. The vertical axis")


def test_line_and_doughnut_charts(built):
    _, prs, _ = built
    _, line = _chart(slide_by_title(prs, "Waiting times"))
    assert line.chart_type == XL_CHART_TYPE.LINE_MARKERS
    assert line.value_axis.tick_labels.number_format == '0.00" weeks"'
    colour = line.plots[0].series[1]._element.find(f"{C}spPr/{A}ln/{A}solidFill/{A}schemeClr")
    assert colour.get("val") == "accent2"
    _, ring = _chart(slide_by_title(prs, "Answers"))
    assert ring.chart_type == XL_CHART_TYPE.DOUGHNUT
    points = ring.plots[0].series[0]._element.findall(f"{C}dPt")
    fills = [p.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val") for p in points]
    assert fills == ["accent1", "accent2", "accent3"]
    assert ring.has_legend  # the legend names the slices
    assert ring.plots[0]._element.find(f"{C}dLbls/{C}dLblPos") is None  # invalid on doughnuts


@pytest.mark.parametrize(
    "content, unit, expected",
    [
        ({"series": [{"values": [74, 73]}]}, "%", '0"%"'),
        ({"series": [{"values": [1.5, 2]}]}, None, "0.0"),
        ({"series": [{"values": [12000, 3]}]}, "£", '"£"#,##0'),
        ({"series": [{"values": [3]}], "number_format": "0.0"}, "weeks", '0.0" weeks"'),
    ],
)
def test_number_format(content, unit, expected):
    from slidegen.place.rich_layouts import number_format
    from slidegen.plan import ChartContent, Series

    series = tuple(Series(None, tuple(s["values"])) for s in content["series"])
    chart = ChartContent("column", ("A",), series, number_format=content.get("number_format"))
    assert number_format(dataclasses.replace(chart, unit=unit)) == expected


def test_series_that_does_not_match_the_categories_is_named(tmp_path):
    path = write_deck(
        tmp_path,
        """
        - id: c
          layout: chart
          title: C
          chart:
            type: column
            categories: [A, B, C]
            series:
              - {name: Good, values: [1, 2, 3]}
              - name: Short
                values: [1, 2]
        """,
    )
    [diag] = build_error(path).diagnostics
    assert diag.message == "series 'Short' has 2 values; there are 3 categories"
    assert diag.pos.line == line_of(path, "values: [1, 2]")


def test_rich_deck_is_a_sound_package_and_deterministic(built, tmp_path):
    path, _, _ = built
    assert_structure(path)
    folder = path.parent.parent
    again = build(folder / "rich.yaml", BuildOptions(out_dir=tmp_path), write=False)
    assert again.data == path.read_bytes()


def test_seed_deck_chart_and_picture(tmp_path):
    result = build(SEED, BuildOptions(out_dir=tmp_path))
    prs = Presentation(str(result.output))
    slide = slide_by_title(prs, "Headline findings across the three domains")
    frame, chart = _chart(slide)
    assert chart.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
    assert list(chart.plots[0].categories) == [
        "Parent-child interactions",
        "Caregiver depression",
        "Child wellbeing",
    ]
    assert chart.plots[0].series[0].values == (74.0, 73.0, 83.0)
    assert descr(frame).startswith("Column chart of the share of studies")
    pic_slide = slide_by_title(prs, "Babies develop within relationships")
    pic = shape_named(pic_slide, "Picture")
    assert descr(pic).startswith("An illustration made of simple shapes")
    shown_px = round(pic.width * 96 / 914400)
    assert abs(pic.image.size[0] - 2 * shown_px) <= 1  # 1600 px scaled to 2x its shown width
    assert pic.image.size[0] / pic.image.size[1] == pytest.approx(1.6, rel=0.01)


@pytest.mark.render
def test_rich_deck_renders_in_libreoffice(built, tmp_path):
    from helpers.render_check import assert_renders

    path, _, _ = built
    assert_renders(path, tmp_path)


@pytest.mark.render
def test_seed_deck_renders_in_libreoffice(tmp_path):
    from helpers.render_check import assert_renders

    result = build(SEED, BuildOptions(out_dir=tmp_path / "out"))
    assert_renders(result.output, tmp_path)


def test_values_written_as_percentages_make_the_unit_percent(tmp_path):
    path = write_deck(
        tmp_path,
        """
        - id: pie
          layout: chart
          title: Shares
          chart:
            type: pie
            categories: [Seen, Waiting]
            series:
              - {name: Families, values: ["40%", "60%"]}
        """,
    )
    result = build(path, BuildOptions(out_dir=tmp_path / "out"))
    _, chart = _chart(Presentation(str(result.output)).slides[0])
    assert chart.chart_type == XL_CHART_TYPE.PIE
    assert chart.plots[0].series[0].values == (40.0, 60.0)
    labels = chart.plots[0]._element.find(f"{C}dLbls")
    assert labels.find(f"{C}numFmt").get("formatCode") == '0"%"'
    assert chart.has_legend


@pytest.mark.parametrize("kind", ["image-cover", "image-contain", "chart", "table"])
def test_a_very_long_caption_leaves_the_picture_chart_or_table_its_room(tmp_path, kind):
    """A 400-word caption left a picture or chart a negative size (and `fit: cover` crashed);
    the caption now takes at most a third of the body, shrinks and is reported instead."""
    draw_pictures(tmp_path)
    caption = " ".join(["word"] * 400)
    slide = {
        "image-cover": (
            f"{{layout: image, image: wide.jpg, alt: A, fit: cover, caption: {caption}}}"
        ),
        "image-contain": f"{{layout: image, image: wide.jpg, alt: A, caption: {caption}}}",
        "chart": (
            "{layout: chart, chart: {type: column, categories: [A, B], series: "
            f"[{{name: S, values: [1, 2]}}]}}, caption: {caption}}}"
        ),
        "table": f"{{layout: table, columns: [A, B], rows: [[1, 2]], caption: {caption}}}",
    }[kind]
    deck = tmp_path / "d.yaml"
    deck.write_text(
        f"deck: {{title: T, title_slide: false, references_slide: false}}\n"
        f"sections: [{{id: s, title: S, slides: [{slide}]}}]\n",
        encoding="utf-8",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(str(result.output))
    (shown,) = [s for s in prs.slides if any(sh.name == "Caption" for sh in s.shapes)]
    body_h = GEO.body_box[3]
    for shape in shown.shapes:
        assert shape.width > 0 and shape.height > 0, shape.name
    caption_box = next(s for s in shown.shapes if s.name == "Caption")
    assert caption_box.height <= body_h // 3
    assert caption_box.top + caption_box.height <= prs.slide_height
    assert any("the caption" in w.message for w in result.warnings)  # reported as overflowing
