"""What every renderer receives: the presentation, theme, geometry, helpers to write text."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.oxml.ns import qn
from pptx.shapes.autoshape import Shape
from pptx.text.text import _Run
from pptx.util import Emu, Pt

from ..errors import Diagnostics
from ..plan import DeckPlan, PlannedSlide
from ..text import Text
from .template import Geometry

SCHEME = {
    "text": MSO_THEME_COLOR.TEXT_1,
    "background": MSO_THEME_COLOR.BACKGROUND_1,
    "primary": MSO_THEME_COLOR.TEXT_2,
    "secondary": MSO_THEME_COLOR.ACCENT_2,
    "accent": MSO_THEME_COLOR.ACCENT_3,
    "muted": MSO_THEME_COLOR.ACCENT_4,
}


@dataclass
class RenderContext:
    """Shared state of one render: no globals, passed to every renderer."""

    prs: object
    plan: DeckPlan
    theme: object
    geometry: Geometry
    layouts: dict
    diags: Diagnostics
    fonts: object = None  # slidegen.measure.FontCache
    registry: object = None
    media_cache: dict = field(default_factory=dict)
    box_cache: dict = field(default_factory=dict)
    text_box_prototypes: dict = field(default_factory=dict)  # (wrap, anchor) -> p:sp
    cache: object = None  # slidegen.cache.BuildCache kept across builds, or None

    @property
    def lang(self) -> str:
        return self.plan.language

    def size(self, role: str) -> float:
        return float(self.theme.sizes[role])

    def box(self, shape) -> tuple:
        """(left, top, width, height) of a shape. A placeholder that inherits its position is
        looked up in its layout once per layout and placeholder index, not once per slide."""
        if not shape.is_placeholder or shape._element.xfrm is not None:
            return (shape.left, shape.top, shape.width, shape.height)
        key = (shape.part.slide_layout.part.partname, shape._element.ph_idx)
        found = self.box_cache.get(key)
        if found is None:
            found = self.box_cache[key] = (shape.left, shape.top, shape.width, shape.height)
        return found

    # ---- text writing -------------------------------------------------------------------
    def write_runs(
        self,
        paragraph,
        text: Text | None,
        size: float | None = None,
        color=None,
        bold: bool | None = None,
        italic: bool | None = None,
        font: str | None = None,
    ):
        """Append `text`'s runs to a python-pptx paragraph with scheme colours and theme fonts."""
        if text is None:
            return
        # The run properties are written as XML directly: the same elements and attributes,
        # in the same order, as python-pptx's Font API, at a fraction of its cost per run.
        # The a:r elements too (python-pptx parses an XML string for each new run).
        p = paragraph._p
        sz = str(Pt(size).centipoints) if size is not None else None
        fill = _fill_xml(color) if color is not None else None
        end = p.find(_END_PARA_RPR)  # runs go before the end mark, as python-pptx's add_r
        for r in text.runs:
            r_el = p.makeelement(_R, {})
            rpr = r_el.makeelement(_RPR, {})
            r_el.append(rpr)
            t = r_el.makeelement(_T, {})
            t.text = _escape_ctrl_chars(r.text)
            r_el.append(t)
            if end is None:
                p.append(r_el)
            else:
                end.addprevious(r_el)
            rpr.set("lang", self.lang)
            if sz is not None:
                rpr.set("sz", sz)
            if r.bold or bold:
                rpr.set("b", "1")
            if r.italic or italic:
                rpr.set("i", "1")
            if fill is not None and not r.url:
                solid = rpr.makeelement(_SOLID_FILL, {})
                solid.append(solid.makeelement(fill[0], {"val": fill[1]}))
                rpr.append(solid)
            if font is not None:
                rpr.append(rpr.makeelement(_LATIN, {"typeface": font}))
            if r.url:
                _Run(r_el, paragraph).hyperlink.address = r.url

    def text_box(
        self,
        slide,
        box,
        paragraphs: list,
        size: float,
        color="text",
        align=PP_ALIGN.LEFT,
        anchor=MSO_ANCHOR.TOP,
        name: str | None = None,
        font: str = "+mn-lt",
        bold: bool | None = None,
        italic: bool | None = None,
        wrap: bool = True,
    ):
        """A text box holding paragraphs (each a Text), written in reading order."""
        shape = self._empty_text_box(slide, box, name, wrap, anchor)
        tf = shape.text_frame
        for i, text in enumerate(paragraphs):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            p.alignment = align
            self.write_runs(p, text, size, color, bold, italic, font)
            set_paragraph_language(p, self.lang)
        return shape

    def _empty_text_box(self, slide, box, name: str | None, wrap: bool, anchor):
        """``add_textbox`` with word wrap and anchor set and autofit off: the first box of each
        (wrap, anchor) the python-pptx way, later ones copied from it (same XML, a fraction of
        the cost: python-pptx parses an XML string and sets each property through its API)."""
        x, y, w, h = (int(v) for v in box)
        shapes = slide.shapes
        proto = self.text_box_prototypes.get((wrap, anchor))
        if proto is None:
            shape = shapes.add_textbox(Emu(x), Emu(y), Emu(w), Emu(h))
            if name:
                shape.name = name
            tf = shape.text_frame
            tf.word_wrap = wrap
            tf.vertical_anchor = anchor
            tf.auto_size = None
            self.text_box_prototypes[(wrap, anchor)] = copy.deepcopy(shape._element)
            return shape
        shape_id = shapes._next_shape_id
        sp = copy.deepcopy(proto)
        c_nv_pr = sp.nvSpPr.cNvPr
        c_nv_pr.set("id", str(shape_id))
        c_nv_pr.set("name", name or f"TextBox {shape_id - 1}")
        xfrm = sp.spPr.xfrm
        xfrm.off.set("x", str(x))
        xfrm.off.set("y", str(y))
        xfrm.ext.set("cx", str(w))
        xfrm.ext.set("cy", str(h))
        shapes._spTree.insert_element_before(sp, "p:extLst")
        return Shape(sp, shapes)  # what shapes._shape_factory gives a p:sp that is no placeholder

    def fill_placeholder(
        self,
        ph,
        paragraphs: list,
        levels: list[int] | None = None,
        size: float | None = None,
        color=None,
        bold=None,
    ):
        """Write paragraphs into a placeholder, keeping the layout's inherited styles."""
        tf = ph.text_frame
        for i, text in enumerate(paragraphs):
            p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
            if levels:
                p.level = levels[i]
            self.write_runs(p, text, size, color, bold)
            set_paragraph_language(p, self.lang)

    def source_line(self, slide, planned: PlannedSlide) -> None:
        """The short source line ("Sleed et al. (2022)") above the footer."""
        if planned.source is None or not planned.source:
            return
        self.text_box(
            slide,
            self.geometry.source_box,
            [Text.of("Source: ") + planned.source],
            self.size("caption"),
            color="muted",
            name="Source",
            anchor=MSO_ANCHOR.BOTTOM,
        )

    def hide(self, slide) -> None:
        slide._element.set("show", "0")


_SOLID_FILL = qn("a:solidFill")
_LATIN = qn("a:latin")
_R, _RPR, _T, _END_PARA_RPR = qn("a:r"), qn("a:rPr"), qn("a:t"), qn("a:endParaRPr")
_CTRL_CHARS = re.compile(r"([\x00-\x08\x0B-\x1F])")


def _escape_ctrl_chars(s: str) -> str:
    """Control characters as "_x0007_" plain-text escapes, as python-pptx's run text setter."""
    if not _CTRL_CHARS.search(s):
        return s
    return _CTRL_CHARS.sub(lambda m: f"_x{ord(m.group(1)):04X}_", s)


def _fill_xml(color) -> tuple[str, str]:
    """(tag, val) of the colour element for a "#RRGGBB" or scheme colour name."""
    if isinstance(color, str) and color.startswith("#"):
        return qn("a:srgbClr"), str(RGBColor.from_string(color[1:]))
    return qn("a:schemeClr"), SCHEME.get(color, color).xml_value


RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


def is_rtl(lang: str) -> bool:
    """Whether a language tag names a right-to-left script (Arabic, Hebrew, Persian...)."""
    return lang.split("-")[0].lower() in RTL_LANGUAGES


def set_paragraph_language(paragraph, lang: str) -> None:
    """Give the paragraph's end mark the deck language too (PowerPoint spell-checks with it).

    In a right-to-left language the paragraph is also marked right-to-left and, unless it was
    centred, aligned to the right, as PowerPoint does when typing in that language.
    """
    p = paragraph._p
    end = p.find(qn("a:endParaRPr"))
    if end is None:
        end = p.makeelement(qn("a:endParaRPr"), {})
        p.append(end)
    end.set("lang", lang)
    if is_rtl(lang):
        ppr = p.get_or_add_pPr()
        ppr.set("rtl", "1")
        if ppr.get("algn") in (None, "l"):
            ppr.set("algn", "r")
