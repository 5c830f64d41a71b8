"""OOXML namespace URIs, element names, extension ids and length units, defined once for the
whole package.

Plain strings, numbers and small functions with no imports: `slidegen check` and the importer
use them without loading python-pptx or lxml. Element and attribute names are in Clark
notation (``{uri}tag``, what lxml's find() and iter() take): the constants below for the
names the renderer, importer and check look up often, `qn("a:lvl1pPr")` for the others.
"""

NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "p14": "http://schemas.microsoft.com/office/powerpoint/2010/main",
    "adec": "http://schemas.microsoft.com/office/drawing/2017/decorative",
    "ahyp": "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
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
NS_CORE_PROPS = NAMESPACES["cp"]
NS_EXTENDED_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
NS_DOC_PROPS_VTYPES = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
NS_SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_CUSTOM_PROPS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
NS_CUSTOM_XML = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"  # ds: item props
FMTID_USER_PROPS = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # a user-defined custom property
NS_DCTERMS = NAMESPACES["dcterms"]
NS_XSI = NAMESPACES["xsi"]

# What a `uri` attribute names: a graphic frame's content, an extension's kind
URI_CHART = NS_C  # a:graphicData of a chart
URI_TABLE = "http://schemas.openxmlformats.org/drawingml/2006/table"  # a:graphicData of a table
URI_DIAGRAM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"  # SmartArt
URI_CHARTEX = "http://schemas.microsoft.com/office/drawing/2014/chartex"  # waterfall, treemap...
URI_OLE = "http://schemas.openxmlformats.org/presentationml/2006/ole"  # an embedded object
NS_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"  # mc:AlternateContent
EXT_DECORATIVE = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"  # a:ext: "mark as decorative"
EXT_SECTIONS = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"  # p:ext: the p14 section list
EXT_HLINK_COLOR = "{A12FA001-AC4F-418D-AE19-62706E023703}"  # a:ext: a link in its run's colour
TITLE_TYPES = ("title", "ctrTitle")  # p:ph types of a title placeholder
# Relationships (of a presentation part) that Office adds beyond ECMA-376's
RT_VBA_PROJECT = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
RT_OFFICE_EXTRAS = (
    "http://schemas.microsoft.com/office/2018/10/relationships/authors",  # modern comments
    "http://schemas.microsoft.com/office/2015/10/relationships/revisionInfo",
    "http://schemas.microsoft.com/office/2011/relationships/people",
    "http://schemas.microsoft.com/office/2011/relationships/webextensiontaskpanes",
)


def braced(uri: str) -> str:
    """The "{uri}" a Clark name starts with, for element paths a reader walks with lxml's
    find ("{...}nvSpPr/{...}nvPr"); braced(NAMESPACES["p"]) == qn("p:")."""
    return "{" + uri + "}"


def qn(tag: str) -> str:
    """A prefixed name in Clark notation: qn("a:p") == "{http://...drawingml/2006/main}p"
    (python-pptx's qn, from the table above). qn("r:") is the "{uri}" every name in the
    namespace starts with."""
    prefix, local = tag.split(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


def nsdecls(*prefixes: str) -> str:
    """`xmlns:a="..." xmlns:p="..."` for XML text (python-pptx's nsdecls, from the table)."""
    return " ".join(f'xmlns:{prefix}="{NAMESPACES[prefix]}"' for prefix in prefixes)


# Relationship types and content types of the parts slidegen writes (OPC, ECMA-376 part 2)
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_SLIDE, RT_SLIDE_LAYOUT, RT_SLIDE_MASTER = (
    _RT + t for t in ("slide", "slideLayout", "slideMaster")
)
RT_NOTES_SLIDE, RT_NOTES_MASTER, RT_THEME = (
    _RT + t for t in ("notesSlide", "notesMaster", "theme")
)
RT_IMAGE, RT_HYPERLINK, RT_CHART, RT_PACKAGE = (
    _RT + t for t in ("image", "hyperlink", "chart", "package")
)
RT_OFFICE_DOCUMENT = _RT + "officeDocument"
RT_EXTENDED_PROPERTIES, RT_CUSTOM_PROPERTIES = (
    _RT + t for t in ("extended-properties", "custom-properties")
)
RT_CUSTOM_XML, RT_CUSTOM_XML_PROPS = _RT + "customXml", _RT + "customXmlProps"
RT_PRINTER_SETTINGS = _RT + "printerSettings"
_RT_META = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
RT_CORE_PROPERTIES, RT_THUMBNAIL = _RT_META + "core-properties", _RT_META + "thumbnail"

_CT_PML = "application/vnd.openxmlformats-officedocument.presentationml."
CT_SLIDE, CT_SLIDE_LAYOUT, CT_SLIDE_MASTER = (
    _CT_PML + t + "+xml" for t in ("slide", "slideLayout", "slideMaster")
)
CT_NOTES_SLIDE, CT_NOTES_MASTER = _CT_PML + "notesSlide+xml", _CT_PML + "notesMaster+xml"
CT_PRESENTATIONS = tuple(  # the main part of a .pptx, .pptm, .potx and .ppsx
    _CT_PML + t + ".main+xml" for t in ("presentation", "template", "slideshow")
) + ("application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",)
CT_CORE_PROPERTIES = "application/vnd.openxmlformats-package.core-properties+xml"
CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_THEME = "application/vnd.openxmlformats-officedocument.theme+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CT_RELATIONSHIPS = "application/vnd.openxmlformats-package.relationships+xml"
CT_XML = "application/xml"
CT_CUSTOM_PROPERTIES = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CT_CUSTOM_XML_PROPERTIES = "application/vnd.openxmlformats-officedocument.customXmlProperties+xml"
CT_WMF, CT_EMF = "image/x-wmf", "image/x-emf"
IMAGE_EXTENSIONS = {
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/bmp": "bmp",
    "image/tiff": "tiff",
    CT_WMF: "wmf",
    CT_EMF: "emf",
}
"""The extension a picture part of each content type is named with."""
DEFAULT_CONTENT_TYPES = frozenset(
    {
        ("bin", "application/vnd.openxmlformats-officedocument.presentationml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.spreadsheetml.printerSettings"),
        ("bin", "application/vnd.openxmlformats-officedocument.wordprocessingml.printerSettings"),
        ("bmp", "image/bmp"),
        ("emf", CT_EMF),
        ("fntdata", "application/x-fontdata"),
        ("gif", "image/gif"),
        ("jpe", "image/jpeg"),
        ("jpeg", "image/jpeg"),
        ("jpg", "image/jpeg"),
        ("mov", "video/quicktime"),
        ("mp4", "video/mp4"),
        ("mpg", "video/mpeg"),
        ("png", "image/png"),
        ("rels", CT_RELATIONSHIPS),
        ("tif", "image/tiff"),
        ("tiff", "image/tiff"),
        ("vid", "video/unknown"),
        ("wdp", "image/vnd.ms-photo"),
        ("wmf", CT_WMF),
        ("wmv", "video/x-ms-wmv"),
        ("xlsx", CT_XLSX),
        ("xml", CT_XML),
    }
)
"""(extension, content type) pairs [Content_Types].xml gives as a Default rather than an
Override: the common pairs of OPC, as python-pptx (which wrote slidegen's first files) has them."""

# DrawingML text: paragraphs, runs and their properties
A_P, A_PPR, A_R, A_RPR, A_T = (qn(f"a:{t}") for t in ("p", "pPr", "r", "rPr", "t"))
A_FLD, A_BR = qn("a:fld"), qn("a:br")
A_END_PARA_RPR, A_BU_NONE, A_BU_CHAR = qn("a:endParaRPr"), qn("a:buNone"), qn("a:buChar")
A_SOLID_FILL, A_SCHEME_CLR, A_SRGB_CLR = (
    qn(f"a:{t}") for t in ("solidFill", "schemeClr", "srgbClr")
)
A_LATIN, A_HLINK_CLICK = qn("a:latin"), qn("a:hlinkClick")
# DrawingML geometry, tables and graphic frames
A_XFRM, A_OFF, A_EXT = (qn(f"a:{t}") for t in ("xfrm", "off", "ext"))
A_TBL, A_TBL_GRID, A_GRID_COL, A_TR, A_TC, A_TC_PR = (
    qn(f"a:{t}") for t in ("tbl", "tblGrid", "gridCol", "tr", "tc", "tcPr")
)
A_TX_BODY, A_GRAPHIC, A_GRAPHIC_DATA = (qn(f"a:{t}") for t in ("txBody", "graphic", "graphicData"))
A_SRC_RECT = qn("a:srcRect")
# PresentationML: a slide's tree and its shapes
P_CSLD, P_SP_TREE, P_EXT_LST, P_EXT = (qn(f"p:{t}") for t in ("cSld", "spTree", "extLst", "ext"))
P_NV_PR, P_PH, P_C_NV_PR = (qn(f"p:{t}") for t in ("nvPr", "ph", "cNvPr"))
P_SP_PR, P_TX_BODY, P_BLIP_FILL = qn("p:spPr"), qn("p:txBody"), qn("p:blipFill")
P_SLD_ID, P_SLD_ID_LST = qn("p:sldId"), qn("p:sldIdLst")
SHAPE_TAGS = tuple(
    qn(f"p:{t}") for t in ("sp", "grpSp", "graphicFrame", "cxnSp", "pic", "contentPart")
)
"""The elements of a `p:spTree` that are shapes."""
R_ID = qn("r:id")
# The package's own parts, each in its default namespace
CT_TYPES, CT_DEFAULT, CT_OVERRIDE = (
    f"{{{NS_CONTENT_TYPES}}}{t}" for t in ("Types", "Default", "Override")
)
PR_RELATIONSHIPS = f"{{{NS_PACKAGE_RELS}}}Relationships"
PR_RELATIONSHIP = f"{{{NS_PACKAGE_RELS}}}Relationship"

EMU_PER_INCH = 914400
"""English Metric Units (OOXML's integer length) per inch, cm, mm, point and 96-dpi pixel."""
EMU_PER_CM = 360000
EMU_PER_MM = 36000
EMU_PER_PT = 12700
EMU_PER_PX = 9525


def inches(x: float) -> int:
    """Inches to EMU, as python-pptx's Inches() rounds them."""
    return int(x * EMU_PER_INCH)


def px_for_emu(emu: int, dpi: int = 96) -> int:
    """Pixels a length covers at dpi (96 is what PowerPoint calls 100%)."""
    return max(1, round(emu * dpi / EMU_PER_INCH))


def escape_xml_text(text: str) -> str:
    """`&`, `<` and `>` escaped for XML character data (xml.sax.saxutils.escape, without
    importing it: it pulls in urllib, http and ssl, about 13 ms of start-up)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
