"""A native chart on a slide from its XML and workbook bytes (chart_xml, workbook).

The parts, part names, relationships and the slide's ``p:graphicFrame`` are the ones
python-pptx's ``shapes.add_chart`` makes, without its chart object layer (ChartXmlWriter,
CategoryChartData, the XlsxWriter workbook) or parsing the chart XML back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml import oxml_parser, parse_xml
from pptx.parts.embeddedpackage import EmbeddedXlsxPart

from ..ooxml import NS_A, NS_C, NS_R, URI_CHART, nsdecls, qn
from .chart_xml import ChartStyle, attr_text, chart_xml
from .workbook import workbook_xlsx

CHART_PARTNAME = "/ppt/charts/chart%d.xml"


class ChartBlobPart(Part):
    """A chart part holding its finished XML as bytes.

    Its `_element` is only the empty root (``c:chartSpace``): what a released part keeps
    (write.release_part), so a chart is compressed and let go with its slide like any other."""

    def __init__(self, partname, package, blob: bytes) -> None:
        super().__init__(partname, CT.DML_CHART, package, blob)
        self._element = oxml_parser.makeelement(
            qn("c:chartSpace"),
            nsmap={"c": NS_C, "a": NS_A, "r": NS_R},
        )


def add_chart(slide, content, style: ChartStyle, created: dt.datetime, box, alt: str):
    """Add the chart of resolved `content` at `box` (x, y, cx, cy in EMU) to the slide, with
    its embedded workbook; return its ``p:graphicFrame`` (named "Chart", `alt` as its descr)."""
    slide_part = slide.part
    package = slide_part.package
    partname = package.next_partname(CHART_PARTNAME)  # claimed before the workbook's, as before
    xlsx_part = EmbeddedXlsxPart.new(workbook_xlsx(content, style.number_format, created), package)
    chart_part = ChartBlobPart(partname, package, b"")
    r_id = chart_part.relate_to(xlsx_part, RT.PACKAGE)
    chart_part.blob = chart_xml(content, dataclasses.replace(style, r_id=r_id))
    frame = graphic_frame(
        slide.shapes._next_shape_id, alt, slide_part.relate_to(chart_part, RT.CHART), *box
    )
    slide.shapes._spTree.append(frame)
    return frame


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
