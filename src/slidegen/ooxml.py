"""OOXML namespace URIs, extension ids and length units, defined once for the whole package.

Plain strings and numbers with no imports: `slidegen check` and the importer use them without
loading python-pptx or lxml. render/xml.py builds its Clark names (``{uri}tag``) from these.
"""

NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
}
"""Prefix -> URI of the namespaces in slides, masters and charts (also XPath's `namespaces=`)."""
NS_A = NAMESPACES["a"]
NS_P = NAMESPACES["p"]
NS_R = NAMESPACES["r"]
NS_C = NAMESPACES["c"]
NS_P14 = NAMESPACES["p14"]
NS_ADEC = NAMESPACES["adec"]

# The package's own parts and the embedded workbook, each in its part's default namespace
NS_CONTENT_TYPES = "http://schemas.openxmlformats.org/package/2006/content-types"
NS_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_CORE_PROPS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
NS_EXTENDED_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_DOC_PROPS_VTYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_DCTERMS = "http://purl.org/dc/terms/"
NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"

# What a `uri` attribute names: a graphic frame's content, an extension's kind
URI_CHART = NS_C  # a:graphicData of a chart
URI_TABLE = "http://schemas.openxmlformats.org/drawingml/2006/table"  # a:graphicData of a table
URI_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"  # SmartArt
URI_CHARTEX = "http://schemas.microsoft.com/office/drawing/2014/chartex"  # waterfall, treemap...
URI_OLE = "http://schemas.openxmlformats.org/presentationml/2006/ole"  # an embedded object
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"  # mc:AlternateContent
EXT_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # a:ext: "mark as decorative"
EXT_SECTIONS = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"  # p:ext: the p14 section list
TITLE_TYPES = ("title", "ctrTitle")  # p:ph types of a title placeholder

EMU_PER_INCH = 914400
"""English Metric Units (OOXML's integer length) per inch, cm, mm, point and 96-dpi pixel."""
EMU_PER_CM = 360000
EMU_PER_MM = 36000
EMU_PER_PT = 12700
EMU_PER_PX = 9525


def escape_xml_text(text: str) -> str:
    """`&`, `<` and `>` escaped for XML character data (xml.sax.saxutils.escape, without
    importing it: it pulls in urllib, http and ssl, about 13 ms of start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
