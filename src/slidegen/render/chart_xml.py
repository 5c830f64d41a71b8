"""The XML of a chart part (ppt/charts/chartN.xml), written directly.

It is byte for byte what python-pptx 1.0.2 writes for slidegen's charts: its chart-type template
(ChartXmlWriter) changed by the styling slidegen once did through the chart API (theme colours,
labels, axes, legend, language; tests/test_render_chart_xml.py keeps that reference). Each
function below writes one element group in the order the DrawingML chart schema gives them;
text is escaped as lxml serialises it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..ooxml import EMU_PER_PT, escape_xml_text, nsdecls
from .xml import escape_ctrl_chars

HEADER = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
_NS = nsdecls("c", "a", "r")
ACCENTS = tuple(f"accent{i}" for i in range(1, 7))
LINE_WIDTH = int(2.5 * EMU_PER_PT)  # a line series, in EMU
GRID_WIDTH = int(0.75 * EMU_PER_PT)  # value-axis gridlines
# python-pptx's fixed axis ids, per chart family
_AXIS_IDS = {"bar": ("-2068027336", "-2113994440"), "line": ("2118791784", "2140495176")}


@dataclass(frozen=True)
class ChartStyle:
    """What the chart XML needs besides its content."""

    number_format: str  # of the labels and the values
    text_size: float  # points, every text of the chart
    lang: str  # language tag on every text property
    r_id: str = "rId1"  # of the embedded workbook, from the chart part
    axis_format: str | None = None  # of the value axis (None: number_format)
    category_rotation: int = 0  # degrees the category labels turn (-45: slanted up)
    axis_line: str = "accent4"  # the category axis line's colour (a scheme name, or XML)
    # on a corporate template: the text colour that reads on each of accent1..6 (labels on
    # slices and stacked bars); None: "bg1" on every accent, slidegen's own themes
    on_fill: tuple[str, ...] | None = None


# ---- escaping, as lxml serialises text and attributes -----------------------------------------
def _text(s: str) -> str:
    return escape_xml_text(s).replace("\r", "&#13;")


def attr_text(s: str) -> str:
    """`s` escaped for an XML attribute value, as lxml writes it."""
    return _text(s).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


def _leaf(tag: str, text: str) -> str:
    """An element holding text (control characters, invalid in XML, escaped as Office does)."""
    return f"<{tag}>{_text(escape_ctrl_chars(text))}</{tag}>" if text else f"<{tag}/>"


def _number(v) -> bool:
    """Whether a value is drawn: None and NaN or infinity (no number XML or Excel can hold) are
    gaps, as their workbook cells are empty."""
    return v is not None and math.isfinite(v)


def _val(tag: str, value) -> str:
    return f'<{tag} val="{value}"/>'


# ---- worksheet references ---------------------------------------------------------------------
def column_letter(n: int) -> str:
    """Excel column letters of 1-based column `n` (1 -> A, 27 -> AA)."""
    letters = ""
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _series_refs(i: int, n_categories: int) -> tuple[str, str]:
    """(name cell, values range) of series `i` in the workbook: column B on."""
    col = column_letter(i + 2)
    return f"Sheet1!${col}$1", f"Sheet1!${col}$2:${col}${n_categories + 1}"


def categories_ref(n_categories: int) -> str:
    """The range of the category names: column A under its empty header."""
    return f"Sheet1!$A$2:$A${n_categories + 1}"


# ---- shared pieces ----------------------------------------------------------------------------
def _fill(scheme: str) -> str:
    """A solid fill of a scheme colour, or of a colour element given as XML ("<a:...")."""
    if scheme.startswith("<"):
        return f"<a:solidFill>{scheme}</a:solidFill>"
    return f'<a:solidFill><a:schemeClr val="{scheme}"/></a:solidFill>'


def _def_rpr(style: ChartStyle, bold: bool = False, color: str | None = None) -> str:
    attrs = f'sz="{int(style.text_size * EMU_PER_PT) // 127}"' + (' b="1"' if bold else "")
    attrs += f' lang="{attr_text(style.lang)}"'
    if color is None:
        return f"<a:defRPr {attrs}/>"
    return f"<a:defRPr {attrs}>{_fill(color)}</a:defRPr>"


def _tx_pr(def_rpr: str, end: str = "") -> str:
    return f"<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr>{def_rpr}</a:pPr>{end}</a:p></c:txPr>"


def _num_fmt(fmt: str) -> str:
    return f'<c:numFmt formatCode="{attr_text(fmt)}" sourceLinked="0"/>'


_SHOW = "".join(
    _val(f"c:show{what}", 1 if what == "Val" else 0)
    for what in ("LegendKey", "Val", "CatName", "SerName", "Percent", "BubbleSize")
)


# ---- title: one series' name over a bar, column or line chart ---------------------------------
# ---- series -----------------------------------------------------------------------------------
def _cached(s: str) -> str:
    """A category or series name as python-pptx cached it: written into XML text and parsed
    back, so a carriage return (alone or before a line feed) reads as a line feed."""
    return s.replace("\r\n", "\n").replace("\r", "\n") if "\r" in s else s


def _str_cache(ref: str, labels: list[str]) -> str:
    pts = "".join(
        f'<c:pt idx="{i}">{_leaf("c:v", _cached(s))}</c:pt>' for i, s in enumerate(labels)
    )
    return (
        f"<c:strRef>{_leaf('c:f', ref)}<c:strCache>"
        f'<c:ptCount val="{len(labels)}"/>{pts}</c:strCache></c:strRef>'
    )


def _num_cache(ref: str, fmt: str, values: list) -> str:
    pts = "".join(
        f'<c:pt idx="{i}"><c:v>{v}</c:v></c:pt>' for i, v in enumerate(values) if _number(v)
    )
    return (
        f"<c:numRef>{_leaf('c:f', ref)}<c:numCache>{_leaf('c:formatCode', fmt)}"
        f'<c:ptCount val="{len(values)}"/>{pts}</c:numCache></c:numRef>'
    )


def _series_look(kind: str, i: int, n_points: int) -> str:
    """c:spPr (and a line's c:marker, a round chart's c:dPt per slice): theme colours."""
    color = ACCENTS[i % len(ACCENTS)]
    if kind in ("bar", "column"):
        return f"<c:spPr>{_fill(color)}</c:spPr>"
    if kind == "line":
        line = f'<a:ln w="{LINE_WIDTH}">{_fill(color)}</a:ln>'
        marker = f"<c:marker><c:spPr>{_fill(color)}<a:ln>{_fill(color)}</a:ln></c:spPr></c:marker>"
        return f"<c:spPr>{line}</c:spPr>{marker}"
    return "".join(  # pie, doughnut: one colour per slice, a background-coloured edge
        f"<c:dPt>{_val('c:idx', j)}<c:spPr>{_fill(ACCENTS[j % len(ACCENTS)])}"
        f"<a:ln>{_fill('bg1')}</a:ln></c:spPr></c:dPt>"
        for j in range(n_points)
    )


def _series(content, i: int, style: ChartStyle, own_labels: str) -> str:
    kind, s, cats = content.type, content.series[i], content.categories
    name_ref, values_ref = _series_refs(i, len(cats))
    return (
        f"<c:ser>{_val('c:idx', i)}{_val('c:order', i)}"
        f"<c:tx>{_str_cache(name_ref, [s.name or ''])}</c:tx>"
        f"{_series_look(kind, i, len(cats))}{own_labels}"
        f"<c:cat>{_str_cache(categories_ref(len(cats)), cats)}</c:cat>"
        f"<c:val>{_num_cache(values_ref, style.number_format, s.values)}</c:val>"
        + (_val("c:smooth", 0) if kind == "line" else "")
        + "</c:ser>"
    )


# ---- data labels ------------------------------------------------------------------------------
def _plot_labels(content, style: ChartStyle) -> str:
    """The plot's c:dLbls: every value shown in the number format, placed for the chart type."""
    kind, stacked = content.type, bool(content.stacked)
    if kind in ("pie", "doughnut"):
        text = _def_rpr(style, bold=True, color="bg1")
        pos = _val("c:dLblPos", "bestFit") if kind == "pie" else ""  # a doughnut takes none
    elif kind in ("bar", "column"):
        text = _def_rpr(style, color="bg1" if stacked else None)
        pos = _val("c:dLblPos", "ctr" if stacked else "outEnd")
    else:
        text = _def_rpr(style)
        pos = _val("c:dLblPos", "t")
    return (
        f"<c:dLbls>{_num_fmt(style.number_format)}{_tx_pr(text)}{pos}{_SHOW}"
        f'<c:showLeaderLines val="1"/></c:dLbls>'
    )


def _labels_on_fills(content, style: ChartStyle) -> list[str]:
    """Labels set on a template's fills (slices, stacked bars) in the colour that reads on
    each: a c:dLbls per series, with a c:dLbl per slice of a round chart."""
    kind = content.type
    fmt = _num_fmt(style.number_format)
    pos = _val("c:dLblPos", "bestFit" if kind == "pie" else "ctr") if kind != "doughnut" else ""

    def text(j: int) -> str:
        return _tx_pr(_def_rpr(style, bold=True, color=style.on_fill[j % len(style.on_fill)]))

    out = []
    for i in range(len(content.series)):
        if kind in ("pie", "doughnut"):
            points = "".join(
                f"<c:dLbl>{_val('c:idx', j)}{fmt}<c:spPr/>{text(j)}{pos}{_SHOW}</c:dLbl>"
                for j in range(len(content.categories))
            )
            out.append(f"<c:dLbls>{points}{fmt}{text(0)}{pos}{_SHOW}</c:dLbls>")
        else:
            out.append(f"<c:dLbls>{fmt}{text(i)}{pos}{_SHOW}</c:dLbls>")
    return out


def _lines_apart(content, style: ChartStyle) -> list[str]:
    """Two line series: each gets its own c:dLbls above its points, and the lower line's
    label goes below at each category, so the labels of crossing lines do not overprint."""
    first, second = (s.values for s in content.series)
    below: list[list[int]] = [[], []]
    for j, (a, b) in enumerate(zip(first, second, strict=True)):
        if _number(a) and _number(b):
            below[0 if a < b else 1].append(j)
    fmt, text = _num_fmt(style.number_format), _tx_pr(_def_rpr(style))
    out = []
    for points in below:
        point_labels = "".join(
            f"<c:dLbl>{_val('c:idx', j)}{fmt}<c:spPr/>{text}{_val('c:dLblPos', 'b')}{_SHOW}"
            "</c:dLbl>"
            for j in points
        )
        out.append(
            f"<c:dLbls>{point_labels}{fmt}{text}{_val('c:dLblPos', 't')}{_SHOW}"
            '<c:showLeaderLines val="1"/></c:dLbls>'
        )
    return out


# ---- axes -------------------------------------------------------------------------------------
def _axes(content, style: ChartStyle) -> str:
    """Category axis (labels low, accent-4 line; a bar chart's reversed, first category on top)
    and value axis (number format, light gridlines, no line; bars from zero when none is
    negative)."""
    kind = content.type
    cat_id, val_id = _AXIS_IDS["line" if kind == "line" else "bar"]
    cat_pos, val_pos = ("l", "b") if kind == "bar" else ("b", "l")
    orientation = "maxMin" if kind == "bar" else "minMax"
    values = [v for s in content.series for v in s.values if _number(v)]
    from_zero = kind in ("bar", "column") and values and min(values) >= 0
    cat_ax = (
        f"<c:catAx>{_val('c:axId', cat_id)}<c:scaling>{_val('c:orientation', orientation)}"
        f"</c:scaling>{_val('c:delete', 0)}{_val('c:axPos', cat_pos)}"
        f"{_val('c:majorTickMark', 'out')}{_val('c:minorTickMark', 'none')}"
        f"{_val('c:tickLblPos', 'low')}<c:spPr><a:ln>{_fill(style.axis_line)}</a:ln></c:spPr>"
        f"{_rotated(style)}{_val('c:crossAx', val_id)}{_val('c:crosses', 'autoZero')}"
        f"{_val('c:auto', 1)}"
        f"{_val('c:lblAlgn', 'ctr')}{_val('c:lblOffset', 100)}{_val('c:noMultiLvlLbl', 0)}"
        "</c:catAx>"
    )
    scaling = f"<c:scaling>{_val('c:min', 0.0)}</c:scaling>" if from_zero else "<c:scaling/>"
    grid = f'<c:spPr><a:ln w="{GRID_WIDTH}">{_fill("bg2")}</a:ln></c:spPr>'
    val_ax = (
        f"<c:valAx>{_val('c:axId', val_id)}{scaling}{_val('c:delete', 0)}"
        f"{_val('c:axPos', val_pos)}<c:majorGridlines>{grid}</c:majorGridlines>"
        f"{_num_fmt(style.axis_format or style.number_format)}{_val('c:majorTickMark', 'out')}"
        f"{_val('c:minorTickMark', 'none')}{_val('c:tickLblPos', 'nextTo')}"
        f"<c:spPr><a:ln><a:noFill/></a:ln></c:spPr>{_val('c:crossAx', cat_id)}"
        f"{_val('c:crosses', 'max' if kind == 'bar' else 'autoZero')}</c:valAx>"
    )
    return cat_ax + val_ax


def _rotated(style: ChartStyle) -> str:
    """The category labels' text properties when they are turned (else none: inherited)."""
    if not style.category_rotation:
        return ""
    return (
        f'<c:txPr><a:bodyPr rot="{style.category_rotation * 60000}" vert="horz"/><a:lstStyle/>'
        f"<a:p><a:pPr>{_def_rpr(style)}</a:pPr>"
        f'<a:endParaRPr lang="{attr_text(style.lang)}"/></a:p></c:txPr>'
    )


# ---- plot area --------------------------------------------------------------------------------
def _plot(content, style: ChartStyle) -> str:
    """c:plotArea: the chart-type element with its series and labels, then the axes."""
    kind, stacked = content.type, bool(content.stacked)
    n = len(content.series)
    labels = bool(content.data_labels)
    own = [""] * n
    if labels and kind == "line" and n == 2:
        own = _lines_apart(content, style)
    elif labels and style.on_fill and (kind in ("pie", "doughnut") or stacked):
        own = _labels_on_fills(content, style)
    series = "".join(_series(content, i, style, own[i]) for i in range(n))
    plot_labels = _plot_labels(content, style) if labels else ""
    if kind in ("bar", "column"):
        cat_id, val_id = _AXIS_IDS["bar"]
        body = (
            f"<c:barChart>{_val('c:barDir', 'bar' if kind == 'bar' else 'col')}"
            f"{_val('c:grouping', 'stacked' if stacked else 'clustered')}"
            f"{_val('c:varyColors', 0)}{series}{plot_labels}{_val('c:gapWidth', 60)}"
            + (_val("c:overlap", 100) if stacked else "")
            + f"{_val('c:axId', cat_id)}{_val('c:axId', val_id)}</c:barChart>"
        )
        return f"<c:plotArea>{body}{_axes(content, style)}</c:plotArea>"
    if kind == "line":
        cat_id, val_id = _AXIS_IDS["line"]
        body = (
            f"<c:lineChart>{_val('c:grouping', 'stacked' if stacked else 'standard')}"
            f"{_val('c:varyColors', 0)}{series}{plot_labels}{_val('c:marker', 1)}"
            f"{_val('c:smooth', 0)}{_val('c:axId', cat_id)}{_val('c:axId', val_id)}"
            "</c:lineChart>"
        )
        return f"<c:plotArea>{body}{_axes(content, style)}</c:plotArea>"
    if kind == "pie":
        pie = f"<c:pieChart><c:varyColors/>{series}{plot_labels}</c:pieChart>"
        return f"<c:plotArea>{pie}</c:plotArea>"
    if not labels:  # the doughnut template's own c:dLbls: nothing shown
        hidden = "".join(
            _val(f"c:show{what}", 0)
            for what in ("LegendKey", "Val", "CatName", "SerName", "Percent", "BubbleSize")
        )
        plot_labels = f'<c:dLbls>{hidden}<c:showLeaderLines val="1"/></c:dLbls>'
    return (
        f"<c:plotArea><c:layout/><c:doughnutChart><c:varyColors/>{series}{plot_labels}"
        f"{_val('c:firstSliceAng', 0)}{_val('c:holeSize', 50)}</c:doughnutChart></c:plotArea>"
    )


def _legend(kind: str, style: ChartStyle) -> str:
    layout = "<c:layout/>" if kind in ("line", "doughnut") else ""  # from python-pptx's template
    return (
        f"<c:legend>{_val('c:legendPos', 'b')}{layout}{_val('c:overlay', 0)}"
        f"{_tx_pr(_def_rpr(style))}</c:legend>"
    )


# ---- the chart part ---------------------------------------------------------------------------
def chart_xml(content, style: ChartStyle) -> bytes:
    """The chart part's XML for a resolved chart `content` (a ChartContent)."""
    kind = content.type
    series = content.series
    single, round_chart = len(series) == 1, kind in ("pie", "doughnut")
    legend = content.legend
    if legend is None:
        legend = not single or round_chart
    # python-pptx's templates: only line and doughnut charts carry plotVisOnly/showDLblsOverMax
    extras = kind in ("line", "doughnut")
    chart = (
        "<c:chart>"
        # no chart title: the slide's title says what the chart shows, and a single series'
        # name as a title only repeated it
        + _val("c:autoTitleDeleted", 1)
        + _plot(content, style)
        + (_legend(kind, style) if legend else "")
        + (_val("c:plotVisOnly", 1) if extras else "")
        + _val("c:dispBlanksAs", "gap")
        + (_val("c:showDLblsOverMax", 0) if extras else "")
        + "</c:chart>"
    )
    text = _tx_pr(_def_rpr(style, color="tx1"), f'<a:endParaRPr lang="{attr_text(style.lang)}"/>')
    space = (
        f"<c:chartSpace {_NS}>"
        + ("" if kind == "pie" else _val("c:date1904", 0))
        + (_val("c:roundedCorners", 0) if kind == "doughnut" else "")
        + chart
        + text
        + f'<c:externalData r:id="{style.r_id}"><c:autoUpdate val="0"/></c:externalData>'
        + "</c:chartSpace>"
    )
    return (HEADER + space).encode("utf-8")
