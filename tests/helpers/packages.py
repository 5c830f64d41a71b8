"""Odd PowerPoint packages for tests, made with python-pptx, lxml and zipfile: what PowerPoint
(Windows and Mac), Google Slides and LibreOffice write that python-pptx does not (templates and
slide shows, pictures inside mc:AlternateContent, 3-D and scatter charts, chartex, SmartArt,
metafiles, shapes python-pptx does not know), so the importer and `check` meet them in tests
as they do in other people's decks."""

from __future__ import annotations

import copy
import io
import re
import zipfile
from pathlib import Path

from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData, XyChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.parts.image import ImagePart
from pptx.util import Inches

from .pictures import emf_bytes, wmf_bytes

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
}
A, P, R, C, MC = (f"{{{NS[k]}}}" for k in ("a", "p", "r", "c", "mc"))
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
MAIN_TYPES = {
    ".pptx": _PML + "presentation.main+xml",
    ".pptm": "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    ".potx": _PML + "template.main+xml",
    ".potm": "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
    ".ppsx": _PML + "slideshow.main+xml",
    ".ppsm": "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
}


def png_bytes(colour=(200, 30, 30), size=(40, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return buf.getvalue()


def rewrite(path: Path, out: Path, change) -> Path:
    """Copy a zip package, passing each member's bytes through change(name, data) (None
    drops the member)."""
    with zipfile.ZipFile(path) as z:
        members = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members:
            data = change(name, data)
            if data is not None:
                z.writestr(name, data)
    return out


def as_kind(path: Path, suffix: str) -> Path:
    """The same presentation as a .pptm, .potx, .potm, .ppsx or .ppsm (the main part's
    content type is what differs), or renamed to any other suffix as it is."""
    out = path.with_name(path.stem + "-as" + suffix)
    main = MAIN_TYPES.get(suffix)

    def change(name, data):
        if name == "[Content_Types].xml" and main:
            return re.sub(rb"application/vnd[^\"]*presentation\.main\+xml", main.encode(), data)
        return data

    return rewrite(path, out, change)


def _shapes_xml(slide):
    return slide.shapes._spTree


# ---- pictures -----------------------------------------------------------------------------------
def add_image_part(slide, data: bytes, ext: str, content_type: str) -> str:
    """An image part of any type related to a slide; returns its rId."""
    package = slide.part.package
    part = ImagePart(package.next_image_partname(ext), content_type, package, data, None)
    return slide.part.relate_to(part, RT.IMAGE)


def add_blob_part(slide, data: bytes, partname: str, content_type: str, reltype: str) -> str:
    package = slide.part.package
    part = Part(PackURI(partname), content_type, package, data)
    return slide.part.relate_to(part, reltype)


def mac_pdf_picture(slide, alt: str = "A diagram of the service") -> None:
    """A picture as Mac PowerPoint writes a PDF image: p:blipFill inside mc:AlternateContent,
    the PDF in the Choice and a PNG in the Fallback."""
    pic = slide.shapes.add_picture(io.BytesIO(png_bytes((0, 90, 200))), Inches(1), Inches(2))
    pic._element.nvPicPr.cNvPr.set("descr", alt)
    pdf_rid = add_blob_part(
        slide,
        b"%PDF-1.3\n%fake\n",
        "/ppt/media/image99.pdf",
        "application/pdf",
        RT.IMAGE,
    )
    el = pic._element
    blip_fill = el.find(f"{P}blipFill")
    alt_el = etree.Element(f"{MC}AlternateContent", nsmap={"mc": NS["mc"]})
    choice = etree.SubElement(
        alt_el,
        f"{MC}Choice",
        Requires="ma14",
        nsmap={"ma14": "http://schemas.microsoft.com/office/mac/drawingml/2011/main"},
    )
    pdf_fill = copy.deepcopy(blip_fill)
    pdf_fill.find(f"{A}blip").set(f"{R}embed", pdf_rid)
    choice.append(pdf_fill)
    fallback = etree.SubElement(alt_el, f"{MC}Fallback")
    blip_fill.addprevious(alt_el)
    fallback.append(blip_fill)


def metafile_picture(slide, kind: str, alt: str) -> None:
    """A WMF or EMF picture (python-pptx cannot add an EMF)."""
    pic = slide.shapes.add_picture(io.BytesIO(png_bytes()), Inches(1), Inches(2))
    data = wmf_bytes(300, 150) if kind == "wmf" else emf_bytes()
    rid = add_image_part(slide, data, kind, f"image/x-{kind}")
    pic._element.find(f"{P}blipFill/{A}blip").set(f"{R}embed", rid)
    pic._element.nvPicPr.cNvPr.set("descr", alt)


# ---- charts -------------------------------------------------------------------------------------
def chart(slide, kind=XL_CHART_TYPE.COLUMN_CLUSTERED, series=(("2023", (1, 2, 3)),)):
    data = CategoryChartData()
    data.categories = ["North", "South", "East"]
    for name, values in series:
        data.add_series(name, values)
    return slide.shapes.add_chart(kind, Inches(1), Inches(2), Inches(6), Inches(4), data)


def make_3d(graphic_frame, plot: str) -> None:
    """Turn a python-pptx chart's plot into its 3-D kind (bar3DChart, pie3DChart, area3DChart),
    as PowerPoint writes them; python-pptx reads none of these."""
    part = graphic_frame.chart.part
    root = part._element
    plot_area = root.find(f"{C}chart/{C}plotArea")
    old = next(p for p in plot_area if p.tag.endswith("Chart"))
    old.tag = f"{C}{plot}"
    view = etree.Element(f"{C}view3D")
    etree.SubElement(view, f"{C}rotX", val="15")
    root.find(f"{C}chart").insert(0, view)


def as_plot(graphic_frame, plot: str) -> None:
    """Rename a chart's plot element (e.g. a two-series column chart into a pie chart of two
    series, which PowerPoint files hold and python-pptx cannot write)."""
    plot_area = graphic_frame.chart.part._element.find(f"{C}chart/{C}plotArea")
    old = next(p for p in plot_area if p.tag.endswith("Chart"))
    old.tag = f"{C}{plot}"
    for tag in ("barDir", "grouping", "gapWidth", "overlap", "axId"):
        for el in old.findall(f"{C}{tag}"):
            old.remove(el)


def scatter(slide):
    data = XyChartData()
    s = data.add_series("Trials")
    for x, y in ((1, 2.5), (2, 3.5), (3, 1.5)):
        s.add_data_point(x, y)
    return slide.shapes.add_chart(
        XL_CHART_TYPE.XY_SCATTER, Inches(1), Inches(2), Inches(6), Inches(4), data
    )


CHARTEX = """<cx:chartSpace xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex">
<cx:chartData><cx:data id="0">
<cx:strDim type="cat"><cx:f>Sheet1!$A$2:$A$4</cx:f><cx:lvl ptCount="3">
<cx:pt idx="0">Start</cx:pt><cx:pt idx="1">Gain</cx:pt><cx:pt idx="2">End</cx:pt>
</cx:lvl></cx:strDim>
<cx:numDim type="val"><cx:f>Sheet1!$B$2:$B$4</cx:f><cx:lvl ptCount="3" formatCode="General">
<cx:pt idx="0">10</cx:pt><cx:pt idx="1">5</cx:pt><cx:pt idx="2">15</cx:pt></cx:lvl></cx:numDim>
</cx:data></cx:chartData>
<cx:chart><cx:plotArea><cx:plotAreaRegion>
<cx:series layoutId="waterfall" uniqueId="{00000000-0000-0000-0000-000000000001}">
<cx:tx><cx:txData><cx:f>Sheet1!$B$1</cx:f><cx:v>Budget</cx:v></cx:txData></cx:tx>
<cx:dataId val="0"/></cx:series></cx:plotAreaRegion></cx:plotArea></cx:chart>
</cx:chartSpace>"""


def chartex(slide) -> None:
    """A waterfall chart as PowerPoint 2016 writes it: a chartex graphic frame in an
    mc:Choice, and a fallback shape saying the chart is not available."""
    rid = add_blob_part(
        slide,
        CHARTEX.encode(),
        "/ppt/charts/chartEx1.xml",
        "application/vnd.ms-office.chartex+xml",
        "http://schemas.microsoft.com/office/2014/relationships/chartEx",
    )
    xml = f"""<mc:AlternateContent xmlns:mc="{NS["mc"]}" xmlns:p="{NS["p"]}"
      xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}">
    <mc:Choice xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex"
        Requires="cx1">
      <p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="50" name="Waterfall"/>
        <p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>
        <p:xfrm><a:off x="914400" y="1828800"/><a:ext cx="5486400" cy="3657600"/></p:xfrm>
        <a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/drawing/2014/chartex">
          <cx:chart xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex"
            r:id="{rid}"/></a:graphicData></a:graphic></p:graphicFrame>
    </mc:Choice>
    <mc:Fallback>
      <p:sp><p:nvSpPr><p:cNvPr id="50" name="Waterfall"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>
        <p:spPr><a:xfrm><a:off x="914400" y="1828800"/><a:ext cx="5486400" cy="3657600"/>
        </a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr>
        <p:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="en-GB"/>
        <a:t>This chart isn't available in your version of PowerPoint</a:t></a:r></a:p>
        </p:txBody></p:sp>
    </mc:Fallback></mc:AlternateContent>"""
    _shapes_xml(slide).append(etree.fromstring(xml))


# ---- shapes python-pptx does not know -----------------------------------------------------------
def unknown_shape(slide, text: str = "Text in an unrecognised shape") -> None:
    """A p:sp with no geometry that is no text box: python-pptx's shape_type raises."""
    xml = f"""<p:sp xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}"><p:nvSpPr>
      <p:cNvPr id="100" name="BadShape"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/>
      <p:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:txBody></p:sp>"""
    _shapes_xml(slide).append(etree.fromstring(xml))


_NODE = (
    '<dgm:pt modelId="{}"{}><dgm:t><a:bodyPr/><a:p><a:r><a:t>{}</a:t></a:r></a:p></dgm:t></dgm:pt>'
)
DIAGRAM_DATA = (
    '<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"'
    ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst>'
    + _NODE.format(0, ' type="doc"', "doc")
    + _NODE.format(1, "", "Referral")
    + _NODE.format(2, "", "Assessment")
    + _NODE.format(3, ' type="parTrans"', "x")
    + "</dgm:ptLst></dgm:dataModel>"
)


def smartart(slide) -> None:
    rid = add_blob_part(
        slide,
        DIAGRAM_DATA.encode(),
        "/ppt/diagrams/data1.xml",
        "application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/diagramData",
    )
    xml = f"""<p:graphicFrame xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}">
      <p:nvGraphicFramePr><p:cNvPr id="60" name="Diagram 1"/><p:cNvGraphicFramePr/><p:nvPr/>
      </p:nvGraphicFramePr><p:xfrm><a:off x="914400" y="1828800"/>
      <a:ext cx="5486400" cy="3657600"/></p:xfrm><a:graphic>
      <a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram">
      <dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"
        r:dm="{rid}" r:lo="rIdNone1" r:qs="rIdNone2" r:cs="rIdNone3"/>
      </a:graphicData></a:graphic></p:graphicFrame>"""
    _shapes_xml(slide).append(etree.fromstring(xml))


def dangling_chart(slide) -> None:
    """A chart graphic frame whose relationship is missing."""
    xml = f"""<p:graphicFrame xmlns:p="{NS["p"]}" xmlns:a="{NS["a"]}" xmlns:r="{NS["r"]}">
      <p:nvGraphicFramePr><p:cNvPr id="70" name="Lost chart"/><p:cNvGraphicFramePr/><p:nvPr/>
      </p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="100" cy="100"/></p:xfrm>
      <a:graphic><a:graphicData uri="{NS["c"]}"><c:chart xmlns:c="{NS["c"]}" r:id="rId999"/>
      </a:graphicData></a:graphic></p:graphicFrame>"""
    _shapes_xml(slide).append(etree.fromstring(xml))


# ---- whole decks --------------------------------------------------------------------------------
def odd_deck(path: Path) -> Path:
    """One slide of each odd thing, each titled for what it holds."""
    prs = Presentation()
    L = prs.slide_layouts

    def slide(title):
        s = prs.slides.add_slide(L[5])
        s.shapes.title.text = title
        return s

    mac_pdf_picture(slide("PDF picture"))
    metafile_picture(slide("WMF picture"), "wmf", "A flow chart")
    metafile_picture(slide("EMF picture"), "emf", "An icon")
    make_3d(chart(slide("3-D bar")), "bar3DChart")
    make_3d(
        chart(slide("3-D pie"), XL_CHART_TYPE.PIE, (("Share", (5, 3, 2)),)),
        "pie3DChart",
    )
    make_3d(
        chart(slide("3-D area"), XL_CHART_TYPE.AREA, (("A", (1, 2, 3)), ("B", (2, 2, 2)))),
        "area3DChart",
    )
    scatter(slide("Scatter"))
    as_plot(
        chart(slide("Pie of two series"), series=(("2023", (5, 3, 2)), ("2024", (4, 4, 2)))),
        "pieChart",
    )
    chartex(slide("Waterfall"))
    unknown_shape(slide("Unknown shape"))
    smartart(slide("SmartArt"))
    dangling_chart(slide("Lost chart"))
    s = slide("Two charts")
    chart(s)
    chart(s, XL_CHART_TYPE.LINE, (("Trend", (3, 2, 1)),))
    prs.save(str(path))
    return path


def presentation_of(package):
    """A write.package.Package (a base, or a rendered deck before write) read back by
    python-pptx, to look at it as any reader of the saved file would."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in package.members().items():
            data = content() if callable(content) else content
            if not isinstance(data, bytes):  # a released part: its deflated bytes
                import zlib

                data = zlib.decompress(data.data, -15)
            z.writestr(name, data)
    out.seek(0)
    return Presentation(out)


def read_back_base(base):
    """slidegen's own base (a render.template.Base on a Package) as python-pptx reads the
    saved file: the same Base with python-pptx layouts, for render.frames.frames_of."""
    import dataclasses

    from slidegen.render.template import LAYOUT_NAMES

    prs = presentation_of(base.package)
    by_name = {layout.name: layout for layout in prs.slide_layouts}
    layouts = {role: by_name[name] for role, name in LAYOUT_NAMES.items()}
    return dataclasses.replace(base, prs=prs, layouts=layouts, package=None)
