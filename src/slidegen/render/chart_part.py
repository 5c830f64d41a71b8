"""A native chart on a slide from its XML and workbook bytes (chart_xml, workbook).

The parts, part names, relationships and the slide's ``p:graphicFrame`` are the ones
python-pptx's ``shapes.add_chart`` makes, without its chart object layer (ChartXmlWriter,
CategoryChartData, the XlsxWriter workbook) or parsing the chart XML back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from ..ooxml import CT_CHART, CT_XLSX, RT_CHART, RT_PACKAGE, URI_CHART, nsdecls
from .chart_xml import ChartStyle, attr_text, chart_xml
from .workbook import workbook_xlsx
from .xml import parse_xml

CHART_PARTNAME = "/ppt/charts/chart%d.xml"
WORKBOOK_PARTNAME = "/ppt/embeddings/Microsoft_Excel_Sheet%d.xlsx"


def add_chart(slide, shape_id: int, content, style: ChartStyle, created: dt.datetime, shape):
    """The chart of resolved `content` as parts of the slide's package (the chart with its
    embedded workbook), related to `slide`; returns its ``p:graphicFrame`` (id `shape_id`,
    named "Chart", the placed ChartShape's box and alt text) for the caller to add."""
    package = slide.package
    chart = package.new_part(CHART_PARTNAME, CT_CHART)  # named before the workbook, as ever
    workbook = package.new_part(
        WORKBOOK_PARTNAME, CT_XLSX, blob=workbook_xlsx(content, style.number_format, created)
    )
    r_id = chart.relate_to(workbook, RT_PACKAGE)
    chart.blob = chart_xml(content, dataclasses.replace(style, r_id=r_id))
    return graphic_frame(shape_id, shape.alt, slide.relate_to(chart, RT_CHART), *shape.box)


def graphic_frame(shape_id: int, alt: str, r_id: str, x: int, y: int, cx: int, cy: int):
    """The slide's ``p:graphicFrame`` showing the chart related as `r_id`."""
    return parse_xml(
        f"<p:graphicFrame {nsdecls('a', 'p', 'r')}>"
        f'<p:nvGraphicFramePr><p:cNvPr id="{shape_id}" name="Chart" descr="{attr_text(alt)}"/>'
        '<p:cNvGraphicFramePr><a:graphicFrameLocks noGrp="1"/></p:cNvGraphicFramePr><p:nvPr/>'
        f'</p:nvGraphicFramePr><p:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/>'
        f'</p:xfrm><a:graphic><a:graphicData uri="{URI_CHART}">'
        f'<c:chart {nsdecls("c")} r:id="{r_id}"/></a:graphicData>'
        "</a:graphic></p:graphicFrame>"
    )
