"""Charts written directly (render.chart_xml, render.workbook, render.chart_part).

The chart XML must be byte for byte what python-pptx's chart API wrote for slidegen (the styling
render_chart used to do is kept below as the reference), read back as the same chart by
python-pptx, and its embedded workbook must hold the values where the chart's formulas point.
"""

from __future__ import annotations

import csv as csv_module
import dataclasses
import datetime as dt
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from slidegen.build import BuildOptions, build
from slidegen.place.rich_layouts import axis_format, number_format
from slidegen.plan import ChartContent, Series
from slidegen.render.chart_part import graphic_frame
from slidegen.render.chart_xml import ChartStyle, chart_xml, column_letter
from slidegen.render.workbook import workbook_xlsx

ROOT = Path(__file__).resolve().parent.parent
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
DATE = dt.datetime(2026, 1, 15, tzinfo=dt.timezone.utc)
CATS = ["North", "Midlands", "South", "East"]
ONE = [{"name": "Share", "values": [74.0, 73.0, 83.0, 60.0]}]
TWO = [
    {"name": "2024", "values": [120.0, 95.0, 140.0, 80.0]},
    {"name": "2025", "values": [150.0, 110.0, 160.0, 90.0]},
]
THREE = [*TWO, {"name": "2026", "values": [10.0, 20.0, 30.0, 40.0]}]


def _chart(kind, series, categories=CATS, **keys) -> dict:
    return {"type": kind, "categories": categories, "series": series, **keys}


def matrix() -> list[tuple[str, dict]]:
    """(id, chart keys as the deck writes them) for every configuration the format allows."""
    out = []
    for kind in ("bar", "column", "line"):
        for stacked in (False, True):
            for n, series in ((1, ONE), (2, TWO), (3, THREE)):
                for labels in (True, False):
                    out.append(
                        (
                            f"{kind}-{'stacked' if stacked else 'plain'}-{n}-{labels}",
                            _chart(kind, series, stacked=stacked, data_labels=labels),
                        )
                    )
    for kind in ("pie", "doughnut"):
        for labels in (True, False):
            for legend in (None, True, False):
                out.append((f"{kind}-{labels}-{legend}", _chart(kind, ONE, data_labels=labels)))
                if legend is not None:
                    out[-1][1]["legend"] = legend
    for legend in (True, False):
        out.append((f"column-legend-{legend}", _chart("column", ONE, legend=legend)))
        out.append((f"line-legend-{legend}", _chart("line", TWO, legend=legend)))
    values = [{"name": "V", "values": [1.5, 2.25, 3.0, 4.0]}]
    for kind in ("column", "bar", "line", "pie", "doughnut"):
        for fmt, unit in ((None, "%"), (None, "weeks"), (None, "£"), ("0.0", None), (None, "€")):
            keys = {"number_format": fmt} if fmt else {}
            out.append((f"{kind}-format-{fmt}-{unit}", _chart(kind, values, unit=unit, **keys)))
        out.append(
            (f"{kind}-missing", _chart(kind, [{"name": "M", "values": [3.0, None, 5.0, None]}]))
        )
    out.append(("quoted-unit", _chart("column", values, unit='a "quoted" unit')))
    out.append(
        ("big", _chart("column", [{"name": "Big", "values": [12000.0, 15000.5, 9000.0, 2.0]}]))
    )
    negative = [
        {"name": "Change", "values": [-3.0, 4.5, -1.0, 2.0]},
        {"name": "Other", "values": [1.0, -2.0, 3.0, -4.0]},
    ]
    for kind in ("column", "bar", "line"):
        out.append((f"{kind}-negative", _chart(kind, negative)))
        out.append((f"{kind}-negative-stacked", _chart(kind, negative, stacked=True)))
    crossing = [
        {"name": "North", "values": [1.0, 2.0, 3.0, 4.0, 3.0, None]},
        {"name": "South", "values": [2.0, 2.0, 2.5, 3.0, 5.0, 1.0]},
    ]
    years = ["2020", "2021", "2022", "2023", "2024", "2025"]
    out.append(("crossing-lines", _chart("line", crossing, years, unit="weeks")))
    out.append(("crossing-stacked", _chart("line", crossing, years, stacked=True)))
    long_names = [
        "Strengthening relationships between babies and their caregivers",
        'Improving perinatal mental health & "wellbeing" <early>',
    ]
    out.append(
        ("long-names", _chart("bar", [{"name": "Teams & co", "values": [5, 7]}], long_names))
    )
    out.append(("one-category", _chart("column", [{"name": "X", "values": [42.0]}], ["Only"])))
    out.append(("unnamed", _chart("column", [{"name": "", "values": [1.0, 2.0]}], CATS[:2])))
    out.append(
        ("unicode", _chart("pie", [{"name": "Ω", "values": [1.0, 2.0, 3.0]}], ["Ü", "日本", "עב"]))
    )
    seven = [{"name": f"S{i}", "values": [float(i), i + 0.5]} for i in range(7)]
    out.append(("seven-series", _chart("column", seven, CATS[:2])))
    out.append(
        ("pie-eight", _chart("pie", [{"name": "P", "values": list(range(1, 9))}], list("ABCDEFGH")))
    )
    tiny = [{"name": "F", "values": [0.1, 1e-07, 1 / 3]}, {"name": "G", "values": [2.5e10, 1, 2]}]
    out.append(("precision", _chart("line", tiny, CATS[:3])))
    return out


MATRIX = matrix()


def resolved(keys: dict) -> ChartContent:
    """The chart content as the planner resolves it (defaults filled in)."""
    legend = keys.get("legend")
    return ChartContent(
        type=keys["type"],
        categories=tuple(keys["categories"]),
        series=tuple(
            Series(s["name"], tuple(None if v is None else float(v) for v in s["values"]))
            for s in keys["series"]
        ),
        stacked=keys.get("stacked", False),
        number_format=keys.get("number_format"),
        unit=keys.get("unit"),
        data_labels=keys.get("data_labels", True),
        legend=(
            legend
            if legend is not None
            else len(keys["series"]) > 1 or keys["type"] in ("pie", "doughnut")
        ),
    )


# ---- the reference: what render_chart did through python-pptx's chart API ---------------------
def python_pptx_chart(content: dict, fmt: str, size: float, lang: str) -> tuple[bytes, bytes]:
    """(chart part XML, graphicFrame XML) as slidegen wrote them with python-pptx."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_AXIS_CROSSES, XL_LABEL_POSITION, XL_LEGEND_POSITION
    from pptx.enum.chart import XL_TICK_LABEL_POSITION as TICK
    from pptx.enum.dml import MSO_THEME_COLOR as TC
    from pptx.oxml.ns import qn
    from pptx.util import Pt

    accents = [getattr(TC, f"ACCENT_{i}") for i in range(1, 7)]
    kind, stacked = content.type, bool(content.stacked)
    chart_type = {
        ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
        ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
        ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
        ("bar", True): XL_CHART_TYPE.BAR_STACKED,
        ("line", False): XL_CHART_TYPE.LINE_MARKERS,
        ("line", True): XL_CHART_TYPE.LINE_MARKERS_STACKED,
    }.get((kind, stacked), XL_CHART_TYPE.PIE if kind == "pie" else XL_CHART_TYPE.DOUGHNUT)
    data = CategoryChartData(number_format=fmt)
    data.categories = content.categories
    for s in content.series:
        data.add_series(s.name or "", s.values)
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    frame = slide.shapes.add_chart(chart_type, 1, 2, 3, 4, data)
    frame.name = "Chart"
    frame._element.find(qn("p:nvGraphicFramePr")).find(qn("p:cNvPr")).set("descr", "Alt & <t>")
    chart = frame.chart
    chart.font.size = Pt(size)
    chart.font.color.theme_color = TC.TEXT_1
    round_chart, single = kind in ("pie", "doughnut"), len(content.series) == 1
    plot = chart.plots[0]
    chart.has_title = False  # the slide's title says what the chart shows
    if round_chart:
        plot.vary_by_categories = True
        for i, point in enumerate(plot.series[0].points):
            point.format.fill.solid()
            point.format.fill.fore_color.theme_color = accents[i % 6]
            point.format.line.color.theme_color = TC.BACKGROUND_1
    else:
        plot.vary_by_categories = False
        for i, series in enumerate(plot.series):
            if kind == "line":
                series.format.line.color.theme_color = accents[i % 6]
                series.format.line.width = Pt(2.5)
                series.smooth = False
                series.marker.format.fill.solid()
                series.marker.format.fill.fore_color.theme_color = accents[i % 6]
                series.marker.format.line.color.theme_color = accents[i % 6]
            else:
                series.format.fill.solid()
                series.format.fill.fore_color.theme_color = accents[i % 6]
        if kind in ("bar", "column"):
            plot.gap_width = 60
            if stacked:
                plot.overlap = 100
        axis = chart.value_axis
        axis.tick_labels.number_format = fmt
        axis.tick_labels.number_format_is_linked = False
        axis.has_major_gridlines = True
        axis.major_gridlines.format.line.color.theme_color = TC.BACKGROUND_2
        axis.major_gridlines.format.line.width = Pt(0.75)
        axis.format.line.fill.background()
        cat = chart.category_axis
        cat.tick_label_position = TICK.LOW
        cat.format.line.color.theme_color = TC.ACCENT_4
        if kind == "bar":
            cat.reverse_order = True
            axis._element._remove_crosses()
            axis._element._remove_crossesAt()
            axis._element._add_crosses(val=XL_AXIS_CROSSES.MAXIMUM)
        values = [v for s in content.series for v in s.values if v is not None]
        if kind in ("bar", "column") and values and min(values) >= 0:
            axis.minimum_scale = 0
    if content.data_labels:
        plot.has_data_labels = True
        labels = plot.data_labels
        labels.number_format = fmt
        labels.number_format_is_linked = False
        labels.show_value = True
        labels.font.size = Pt(size)
        if round_chart:
            labels.show_percentage = False
            labels.show_category_name = False
            if kind == "pie":
                labels.position = XL_LABEL_POSITION.BEST_FIT
            labels.font.color.theme_color = TC.BACKGROUND_1
            labels.font.bold = True
        elif kind in ("bar", "column"):
            labels.position = XL_LABEL_POSITION.CENTER if stacked else XL_LABEL_POSITION.OUTSIDE_END
            if stacked:
                labels.font.color.theme_color = TC.BACKGROUND_1
        else:
            labels.position = XL_LABEL_POSITION.ABOVE
            if len(content.series) == 2:
                for pptx_series in plot.series:
                    own = pptx_series.data_labels
                    own.show_value = True
                    own.number_format = fmt
                    own.number_format_is_linked = False
                    own.position = XL_LABEL_POSITION.ABOVE
                    own.font.size = Pt(size)
                first, second = (s.values for s in content.series)
                for j, (a, b) in enumerate(zip(first, second, strict=True)):
                    if a is None or b is None:
                        continue
                    label = plot.series[0 if a < b else 1].points[j].data_label
                    label.position = XL_LABEL_POSITION.BELOW
                    label.font.size = Pt(size)
                    num = label._dLbl.makeelement(
                        qn("c:numFmt"), {"formatCode": fmt, "sourceLinked": "0"}
                    )
                    label._dLbl.find(qn("c:spPr")).addprevious(num)
    legend = content.legend
    if legend is None:
        legend = not single or round_chart
    chart.has_legend = bool(legend)
    if legend:
        chart.legend.position = XL_LEGEND_POSITION.BOTTOM
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(size)
    for tag in (qn("a:rPr"), qn("a:defRPr"), qn("a:endParaRPr")):
        for el in chart._chartSpace.iter(tag):
            el.set("lang", lang)
    return frame.chart.part.blob, etree.tostring(frame._element, method="c14n")


@pytest.mark.parametrize(("name", "keys"), MATRIX, ids=[m[0] for m in MATRIX])
def test_chart_xml_is_what_python_pptx_wrote(name, keys):
    content = resolved(keys)
    fmt = number_format(content)
    for size, lang in ((18, "en-GB"), (10.5, "ar-SA")):
        expected_xml, expected_frame = python_pptx_chart(content, fmt, size, lang)
        assert chart_xml(content, ChartStyle(fmt, size, lang)) == expected_xml
    frame = graphic_frame(2, "Alt & <t>", "rId2", 1, 2, 3, 4)  # a blank slide's first shape
    assert etree.tostring(frame, method="c14n") == expected_frame  # in a slide: same bytes


def test_title_text_with_a_line_break_and_a_tab():
    content = resolved(_chart("column", [{"name": "Two\nlines and a tab\t", "values": [1]}], ["A"]))
    expected, _ = python_pptx_chart(content, "0", 18, "en-GB")
    assert chart_xml(content, ChartStyle("0", 18, "en-GB")) == expected


def test_column_letters():
    assert [column_letter(n) for n in (1, 2, 26, 27, 52, 53, 702, 703)] == [
        "A", "B", "Z", "AA", "AZ", "BA", "ZZ", "AAA"
    ]  # fmt: skip


# ---- a deck of every configuration, built and read back ---------------------------------------
def write_matrix_deck(folder: Path, language: str | None = None) -> Path:
    deck = {"title": "Chart matrix", "date": "2026-01-15", "title_slide": False}
    if language:
        deck["language"] = language
    slides = [
        {"id": f"c{i}", "layout": "chart", "title": f"Chart {name}", "chart": keys}
        for i, (name, keys) in enumerate(MATRIX)
    ]
    slides[0]["caption"] = "A caption under the chart"
    slides[0]["alt"] = "Bars of the share by region"
    doc = {
        "deck": deck,
        "sections": [{"id": "c", "title": "C", "divider": False, "slides": slides}],
    }
    path = folder / "charts.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def matrix_deck(tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    result = build(write_matrix_deck(folder), BuildOptions(out_dir=folder / "out"))
    return result.output, Presentation(str(result.output))


EXPECTED_TYPE = {
    ("column", False): XL_CHART_TYPE.COLUMN_CLUSTERED,
    ("column", True): XL_CHART_TYPE.COLUMN_STACKED,
    ("bar", False): XL_CHART_TYPE.BAR_CLUSTERED,
    ("bar", True): XL_CHART_TYPE.BAR_STACKED,
    ("line", False): XL_CHART_TYPE.LINE_MARKERS,
    ("line", True): XL_CHART_TYPE.LINE_MARKERS_STACKED,
    ("pie", False): XL_CHART_TYPE.PIE,
    ("doughnut", False): XL_CHART_TYPE.DOUGHNUT,
}


def test_every_configuration_reads_back_as_its_chart(matrix_deck):
    _, prs = matrix_deck
    assert len(prs.slides) == len(MATRIX)
    for slide, (name, keys) in zip(prs.slides, MATRIX, strict=True):
        content = resolved(keys)
        [frame] = [s for s in slide.shapes if s.has_chart]
        assert frame.name == "Chart"
        chart = frame.chart
        kind = keys["type"]
        assert chart.chart_type == EXPECTED_TYPE[kind, bool(keys.get("stacked"))], name
        plot = chart.plots[0]
        assert list(plot.categories) == keys["categories"], name
        assert [s.name for s in plot.series] == [s["name"] for s in keys["series"]], name
        assert [s.values for s in plot.series] == [tuple(s.values) for s in content.series], name
        fmt = number_format(content)
        assert chart.has_legend == content.legend, name
        labels = plot._element.find(f"{C}dLbls")
        if keys.get("data_labels", True):
            assert plot.data_labels.number_format == fmt, name
            assert labels.find(f"{C}showVal").get("val") == "1", name
        else:
            assert labels is None or labels.find(f"{C}showVal").get("val") == "0", name
        if kind in ("pie", "doughnut"):
            points = plot.series[0]._element.findall(f"{C}dPt")
            fills = [p.find(f"{C}spPr/{A}solidFill/{A}schemeClr").get("val") for p in points]
            assert fills == [f"accent{i % 6 + 1}" for i in range(len(keys["categories"]))], name
            continue
        axis = axis_format(fmt, content) or fmt  # no decimals once values reach 10
        assert chart.value_axis.tick_labels.number_format == axis, name
        path = "spPr/a:ln/a:solidFill" if kind == "line" else "spPr/a:solidFill"
        colours = [
            s._element.find(f"{C}{path.replace('a:', A)}/{A}schemeClr").get("val")
            for s in plot.series
        ]
        assert colours == [f"accent{i % 6 + 1}" for i in range(len(plot.series))], name
        assert chart.category_axis.reverse_order == (kind == "bar"), name
        assert not chart.has_title, name


def test_alt_text_caption_and_language(matrix_deck, tmp_path):
    _, prs = matrix_deck
    first = prs.slides[0]
    [frame] = [s for s in first.shapes if s.has_chart]
    assert frame._element.xpath("./p:nvGraphicFramePr/p:cNvPr/@descr") == [
        "Bars of the share by region"
    ]
    assert any(s.name == "Caption" for s in first.shapes)
    rtl = build(write_matrix_deck(tmp_path, "he-IL"), BuildOptions(out_dir=tmp_path / "out"))
    chart = Presentation(str(rtl.output)).slides[0].shapes
    space = next(s for s in chart if s.has_chart).chart._chartSpace
    langs = {el.get("lang") for el in space.iter(f"{A}defRPr", f"{A}rPr", f"{A}endParaRPr")}
    assert langs == {"he-IL"}


# ---- the embedded workbooks -------------------------------------------------------------------
def _cells(xlsx: bytes) -> tuple[dict[str, tuple[str | None, str | None]], dict[str, str], str]:
    """(cell ref -> (value text, style index), numFmtId -> format code, core.xml)."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        names = zf.namelist()
        assert "[Content_Types].xml" in names and "xl/workbook.xml" in names
        sheet = etree.fromstring(zf.read("xl/worksheets/sheet1.xml"))
        styles = etree.fromstring(zf.read("xl/styles.xml"))
        core = zf.read("docProps/core.xml").decode()
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())
    cells = {}
    for c in sheet.iter(f"{S}c"):
        text = c.findtext(f"{S}is/{S}t") if c.get("t") == "inlineStr" else c.findtext(f"{S}v")
        cells[c.get("r")] = (text, c.get("s"))
    formats = {f.get("numFmtId"): f.get("formatCode") for f in styles.iter(f"{S}numFmt")}
    xfs = [x.get("numFmtId") for x in styles.find(f"{S}cellXfs")]
    cells = {r: (v, xfs[int(s or 0)]) for r, (v, s) in cells.items()}
    return cells, formats, core


def _range(ref: str) -> list[str]:
    m = re.fullmatch(r"Sheet1!\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", ref)
    assert m, ref
    col, first, _, last = m.groups()
    return [f"{col}{r}" for r in range(int(first), int(last or first) + 1)]


def test_workbooks_hold_the_values_where_the_formulas_point(matrix_deck):
    _, prs = matrix_deck
    for slide, (name, keys) in zip(prs.slides, MATRIX, strict=True):
        content = resolved(keys)
        chart = next(s for s in slide.shapes if s.has_chart).chart
        cells, formats, core = _cells(chart.part.chart_workbook.xlsx_part.blob)
        assert "2026-01-15T00:00:00Z" in core  # the deck's date, not the clock
        fmt = number_format(content)
        for ser, series in zip(chart._chartSpace.iter(f"{C}ser"), content.series, strict=True):
            [name_cell] = _range(ser.findtext(f"{C}tx/{C}strRef/{C}f"))
            assert cells.get(name_cell, (None,))[0] == (series.name or None), name
            cat_cells = _range(ser.findtext(f"{C}cat/{C}strRef/{C}f"))
            assert [cells[c][0] for c in cat_cells] == keys["categories"], name
            for cell, value in zip(
                _range(ser.findtext(f"{C}val/{C}numRef/{C}f")), series.values, strict=True
            ):
                text, fmt_id = cells[cell]
                assert fmt_id == "164" and formats[fmt_id] == fmt, name
                assert (None if text is None else float(text)) == value, name


def test_workbook_numbers_are_exact_and_short():
    content = resolved(_chart("column", [{"name": "N", "values": [74, 0.1, 1 / 3, 1e-7, 2.5e10]}]))
    content = dataclasses.replace(content, categories=tuple("ABCDE"))
    cells, _, _ = _cells(workbook_xlsx(content, "0", DATE))
    assert [cells[f"B{r}"][0] for r in range(2, 7)] == [
        "74",
        "0.1",
        repr(1 / 3),
        "1e-07",
        "25000000000",
    ]


def test_workbook_is_deterministic():
    content = resolved(_chart("bar", TWO))
    assert workbook_xlsx(content, "0", DATE) == workbook_xlsx(content, "0", DATE)


def test_a_chart_build_loads_no_chart_data_layer(tmp_path):
    """Building charts imports neither XlsxWriter nor python-pptx's chart-data modules."""
    deck = write_matrix_deck(tmp_path)
    code = (
        "import sys; from slidegen.build import build, BuildOptions; "
        f"build({str(deck)!r}, BuildOptions(out_dir={str(tmp_path / 'out')!r})); "
        "print(' '.join(sorted(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    modules = set(done.stdout.split())
    assert "slidegen.render.chart_xml" in modules  # the charts were built
    assert not {"xlsxwriter", "pptx.chart.data", "pptx.chart.xlsx"} & modules


# ---- LibreOffice ------------------------------------------------------------------------------
@pytest.mark.render
def test_workbook_opens_in_libreoffice_calc(tmp_path):
    from slidegen.preview import find_office

    content = resolved(_chart("line", THREE, unit="%"))
    second = content.series[1]
    second = dataclasses.replace(second, values=(*second.values[:2], None, *second.values[3:]))
    content = dataclasses.replace(
        content,
        series=(content.series[0], second, *content.series[2:]),
        categories=("North & co", "Midlands", " South", "East"),
    )
    (tmp_path / "data.xlsx").write_bytes(workbook_xlsx(content, number_format(content), DATE))
    done = subprocess.run(
        [
            find_office(),
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",  # values as shown
            "--outdir",
            str(tmp_path),
            str(tmp_path / "data.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    csv = tmp_path / "data.csv"
    assert csv.exists(), f"LibreOffice could not open the workbook: {done.stdout}{done.stderr}"
    rows = list(csv_module.reader(io.StringIO(csv.read_text(encoding="utf-8"))))
    assert rows == [
        ["", "2024", "2025", "2026"],
        ["North & co", "120%", "150%", "10%"],
        ["Midlands", "95%", "110%", "20%"],
        [" South", "140%", "", "30%"],
        ["East", "80%", "90%", "40%"],
    ]


@pytest.mark.render
def test_chart_matrix_renders_in_libreoffice(matrix_deck, tmp_path):
    from helpers.render_check import assert_renders

    path, _ = matrix_deck
    assert_renders(path, tmp_path)


def test_carriage_returns_in_names_are_cached_as_python_pptx_did():
    """A category or series name holding a carriage return (a YAML "\\r"): python-pptx's
    caches read it back as a line feed; the workbook keeps it as Excel's "_x000D_"."""
    series = [{"name": "cr\rname", "values": [1.0, 2.0]}, {"name": "b", "values": [3.0, 4.0]}]
    content = resolved(_chart("column", series, ["a\r\nb", "c\rd"]))
    expected, _ = python_pptx_chart(content, "0", 18, "en-GB")
    assert chart_xml(content, ChartStyle("0", 18, "en-GB")) == expected
    cells, _, _ = _cells(workbook_xlsx(content, "0", DATE))
    assert cells["B1"][0] == "cr_x000D_name"
    assert cells["A3"][0] == "c_x000D_d"


def test_workbook_keeps_a_literal_office_escape_literal():
    content = resolved(_chart("column", [{"name": "_x0041_", "values": [1.0]}], ["a_x00e9_b"]))
    cells, _, _ = _cells(workbook_xlsx(content, "0", DATE))
    assert cells["B1"][0] == "_x005F_x0041_"  # Excel shows "_x0041_", not "A"
    assert cells["A2"][0] == "a_x005F_x00e9_b"


@pytest.mark.parametrize("kind", ["column", "bar", "line", "pie"])
def test_nan_and_infinity_are_gaps_in_the_chart_as_in_its_workbook(kind):
    """YAML's .nan and .inf are numbers neither XML nor Excel can hold: empty workbook cells,
    so no cached point either (the chart draws a gap), as for a missing value."""
    nan, inf = float("nan"), float("inf")
    series = [{"name": "x", "values": [nan, 2.0, inf]}, {"name": "y", "values": [1.0, inf, 3.0]}]
    content = resolved(_chart(kind, series[:1] if kind == "pie" else series, ["a", "b", "c"]))
    got = chart_xml(content, ChartStyle("0", 18, "en-GB"))
    values = [v.text for v in etree.fromstring(got).iter(f"{C}v")]
    assert not {"nan", "inf", "-inf"} & set(values)
    gapped = tuple(
        dataclasses.replace(
            s, values=tuple(v if v == v and abs(v) != inf else None for v in s.values)
        )
        for s in content.series
    )
    gapped_content = dataclasses.replace(content, series=gapped)
    assert got == chart_xml(gapped_content, ChartStyle("0", 18, "en-GB"))
    cells, _, _ = _cells(workbook_xlsx(content, "0", DATE))
    assert cells["B2"][0] is None and cells["B4"][0] is None
