"""A chart's embedded workbook (the data PowerPoint's "Edit Data" opens), written directly.

The smallest SpreadsheetML package Excel and LibreOffice open: one sheet, "Sheet1", with the
category names in column A from row 2 and each series in the next column, its name in row 1 and
its values under it, exactly where the chart XML's formulas point (see chart_xml). Values carry the
chart's number format; strings are inline; dates are the deck's document date and the zip
entries' dates are fixed, so the same chart always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile

from ..ooxml import (
    NS_CONTENT_TYPES,
    NS_CORE_PROPS,
    NS_DCTERMS,
    NS_PACKAGE_RELS,
    NS_R,
    NS_SPREADSHEET,
    NS_XSI,
    escape_xml_text,
)
from .chart_xml import column_letter
from .xml import escape_ctrl_chars

_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)
_CUSTOM_FORMAT_ID = 164  # the first id Excel leaves to a workbook's own formats
_OFFICE_ESCAPE = re.compile(r"(_x[0-9A-Fa-f]{4}_)")

CONTENT_TYPES = (
    _HEAD + f'<Types xmlns="{NS_CONTENT_TYPES}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_CT}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-'
    'package.core-properties+xml"/></Types>'
)
PACKAGE_RELS = (
    _HEAD + f'<Relationships xmlns="{NS_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{NS_R}/officeDocument" Target="xl/workbook.xml"/>'
    f'<Relationship Id="rId2" Type="{NS_PACKAGE_RELS}/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>'
)
WORKBOOK = (
    _HEAD + f'<workbook xmlns="{NS_SPREADSHEET}" xmlns:r="{NS_R}"><sheets>'
    '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    _HEAD + f'<Relationships xmlns="{NS_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{NS_R}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{NS_R}/styles" Target="styles.xml"/></Relationships>'
)


def _esc(s: str) -> str:
    """Text for XML, escaped as XlsxWriter did: its specials, control characters as "_xHHHH_"."""
    s = escape_xml_text(s).replace('"', "&quot;")
    return escape_ctrl_chars(s)  # not allowed in XML 1.0


def _core(created: dt.datetime) -> str:
    stamp = created.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return (
        _HEAD + f'<cp:coreProperties xmlns:cp="{NS_CORE_PROPS}" xmlns:dcterms="{NS_DCTERMS}" '
        f'xmlns:xsi="{NS_XSI}">'
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def _styles(number_format: str) -> str:
    """Style 0: General (category names, series names); style 1: the chart's number format."""
    return (
        _HEAD + f'<styleSheet xmlns="{NS_SPREADSHEET}">'
        f'<numFmts count="1"><numFmt numFmtId="{_CUSTOM_FORMAT_ID}" '
        f'formatCode="{_esc(number_format)}"/></numFmts>'
        '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
        '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
        '</cellStyleXfs><cellXfs count="2">'
        '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
        f'<xf numFmtId="{_CUSTOM_FORMAT_ID}" fontId="0" fillId="0" borderId="0" xfId="0" '
        'applyNumberFormat="1"/></cellXfs>'
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
        "</styleSheet>"
    )


def _string_cell(ref: str, text: str) -> str:
    if not text:
        return ""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    if "_x" in text:  # a literal "_xHHHH_" stays literal (Excel would read it as an escape)
        text = _OFFICE_ESCAPE.sub(r"_x005F\1", text)
    return f'<c r="{ref}" t="inlineStr"><is><t{space}>{_esc(text)}</t></is></c>'


def _number_cell(ref: str, value) -> str:
    if value is None or not math.isfinite(value):
        return f'<c r="{ref}" s="1"/>'  # an empty cell: a gap in the chart, as in its cache
    text = repr(float(value))  # the shortest text that reads back as the same number
    return f'<c r="{ref}" s="1"><v>{text.removesuffix(".0")}</v></c>'


def _sheet(categories: list[str], series: list[dict]) -> str:
    last_col = column_letter(len(series) + 1)
    spans = f"1:{len(series) + 1}"
    header = "".join(
        _string_cell(f"{column_letter(i + 2)}1", s.name or "") for i, s in enumerate(series)
    )
    rows = [f'<row r="1" spans="{spans}">{header}</row>']
    for j, category in enumerate(categories):
        r = j + 2
        cells = _string_cell(f"A{r}", category) + "".join(
            _number_cell(f"{column_letter(i + 2)}{r}", s.values[j]) for i, s in enumerate(series)
        )
        rows.append(f'<row r="{r}" spans="{spans}">{cells}</row>')
    return (
        _HEAD + f'<worksheet xmlns="{NS_SPREADSHEET}" xmlns:r="{NS_R}">'
        f'<dimension ref="A1:{last_col}{len(categories) + 1}"/>'
        '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<sheetData>{''.join(rows)}</sheetData></worksheet>"
    )


def workbook_xlsx(content, number_format: str, created: dt.datetime) -> bytes:
    """The .xlsx bytes of a chart's data: `content` is the resolved chart (categories, series)."""
    parts = (
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("docProps/core.xml", _core(created)),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/worksheets/sheet1.xml", _sheet(content.categories, content.series)),
        ("xl/styles.xml", _styles(number_format)),
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
