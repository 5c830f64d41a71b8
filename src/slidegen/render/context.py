"""What every renderer receives: the presentation, theme, geometry, helpers to write text."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml.etree import SubElement
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_THEME_COLOR
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.text.text import TextFrame
from pptx.util import Pt

from ..conventions import SOURCE, SOURCE_PREFIX
from ..errors import Diagnostics
from ..ooxml import (
    A_END_PARA_RPR,
    A_LATIN,
    A_R,
    A_RPR,
    A_SCHEME_CLR,
    A_SOLID_FILL,
    A_SRGB_CLR,
    A_T,
    P_TX_BODY,
)
from ..plan import DeckPlan, PlannedSlide
from ..text import Text
from . import xml
from .template import Geometry
from .xml import ShapeTree

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
    _tree: ShapeTree | None = field(default=None, repr=False)  # of the slide being rendered

    @property
    def lang(self) -> str:
        return self.plan.language

    def size(self, role: str) -> float:
        return float(self.theme.sizes[role])

    def shapes(self, slide) -> ShapeTree:
        """The slide's shape tree (kept for the slide being rendered: its ids count on)."""
        tree = self._tree
        if tree is None or tree.slide is not slide:
            tree = self._tree = ShapeTree(slide)
        return tree

    def placeholder(self, slide, idx: int):
        """The slide's first placeholder with index `idx` (0: the title) as a `p:sp`, or None."""
        return self.shapes(slide).placeholder(idx)

    def box(self, slide, shape) -> tuple:
        """(left, top, width, height) of a placeholder (`p:sp`). One that inherits its position
        is looked up in its layout once per layout and placeholder index, not once per slide."""
        ph = xml.ph_of(shape)
        key = None
        if ph is not None and xml.xfrm_of(shape) is None:
            key = (self.shapes(slide).layout_partname(), int(ph.get("idx", "0")))
            found = self.box_cache.get(key)
            if found is not None:
                return found
        shape = slide.shapes._shape_factory(shape)
        found = (shape.left, shape.top, shape.width, shape.height)
        if key is not None:
            self.box_cache[key] = found
        return found

    # ---- text writing -------------------------------------------------------------------
    def write_runs(
        self,
        part,
        p,
        text: Text | None,
        size: float | None = None,
        color=None,
        bold: bool | None = None,
        italic: bool | None = None,
        font: str | None = None,
    ):
        """Append `text`'s runs to an `a:p` with scheme colours and theme fonts; a link's
        relationship goes to `part` (the slide's or notes slide's)."""
        if text is None:
            return
        # The same elements and attributes, in the same order, as python-pptx's run and Font
        # API, at a fraction of its cost per run.
        sz = str(Pt(size).centipoints) if size is not None else None
        fill = _fill_xml(color) if color is not None else None
        lang = self.lang
        end = p.find(A_END_PARA_RPR)  # runs go before the end mark, as python-pptx's add_r
        for r in text.runs:
            if end is None:  # made in place: cheaper than adding a new element to the tree
                r_el = SubElement(p, A_R)
            else:
                r_el = p.makeelement(A_R)
                end.addprevious(r_el)
            attrs = {"lang": lang}
            if sz is not None:
                attrs["sz"] = sz
            if r.bold or bold:
                attrs["b"] = "1"
            if r.italic or italic:
                attrs["i"] = "1"
            rpr = SubElement(r_el, A_RPR, attrs)
            SubElement(r_el, A_T).text = xml.escape_ctrl_chars(r.text)
            if fill is not None and not r.url:
                SubElement(SubElement(rpr, A_SOLID_FILL), fill[0], {"val": fill[1]})
            if font is not None:
                SubElement(rpr, A_LATIN, {"typeface": font})
            if r.url:
                xml.hyperlink(rpr, part.relate_to(r.url, RT.HYPERLINK, is_external=True))

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
        """A text box holding paragraphs (each a Text), written in reading order. Returns its
        `p:sp`."""
        sp = self._empty_text_box(slide, box, name, wrap, anchor)
        algn = align.xml_value if align is not None else None
        part = slide.part
        tx = sp.find(P_TX_BODY)
        for p, text in zip(xml.paragraphs(tx, len(paragraphs)), paragraphs, strict=True):
            xml.set_align(p, algn)
            self.write_runs(part, p, text, size, color, bold, italic, font)
            set_paragraph_language(p, self.lang)
        return sp

    def _empty_text_box(self, slide, box, name: str | None, wrap: bool, anchor):
        """``add_textbox`` with word wrap and anchor set and autofit off, copied from a
        prototype made the python-pptx way once per (wrap, anchor): the same XML, a fraction of
        the cost (python-pptx parses an XML string and sets each property through its API)."""
        proto = self.text_box_prototypes.get((wrap, anchor))
        if proto is None:
            proto = CT_Shape.new_textbox_sp(0, "", 0, 0, 0, 0)
            tf = TextFrame(proto.txBody, None)
            tf.word_wrap = wrap
            tf.vertical_anchor = anchor
            tf.auto_size = None
            self.text_box_prototypes[(wrap, anchor)] = proto
        tree = self.shapes(slide)
        shape_id = tree.new_id()
        sp = copy.deepcopy(proto)
        xml.set_shape(sp, shape_id, name or f"TextBox {shape_id - 1}", (int(v) for v in box))
        tree.add(sp)
        return sp

    def fill_placeholder(
        self,
        slide,
        ph,
        paragraphs: list,
        levels: list[int] | None = None,
        size: float | None = None,
        color=None,
        bold=None,
    ):
        """Write paragraphs into a placeholder (`p:sp`), keeping the layout's inherited styles."""
        part = slide.part
        tx = xml.text_body(ph)
        for i, p in enumerate(xml.paragraphs(tx, len(paragraphs))):
            if levels:
                xml.set_level(p, levels[i])
            self.write_runs(part, p, paragraphs[i], size, color, bold)
            set_paragraph_language(p, self.lang)

    def source_line(self, slide, planned: PlannedSlide) -> None:
        """The short source line ("Sleed et al. (2022)") above the footer."""
        if planned.source is None or not planned.source:
            return
        self.text_box(
            slide,
            self.geometry.source_box,
            [Text.of(SOURCE_PREFIX) + planned.source],
            self.size("caption"),
            color="muted",
            name=SOURCE,
            anchor=MSO_ANCHOR.BOTTOM,
        )

    def hide(self, slide) -> None:
        slide._element.set("show", "0")


def _fill_xml(color) -> tuple[str, str]:
    """(tag, val) of the colour element for a "#RRGGBB" or scheme colour name."""
    if isinstance(color, str) and color.startswith("#"):
        return A_SRGB_CLR, str(RGBColor.from_string(color[1:]))
    return A_SCHEME_CLR, SCHEME.get(color, color).xml_value


RTL_LANGUAGES = frozenset({"ar", "arc", "dv", "fa", "he", "ku", "ps", "sd", "ug", "ur", "yi"})


def is_rtl(lang: str) -> bool:
    """Whether a language tag names a right-to-left script (Arabic, Hebrew, Persian...)."""
    return lang.split("-")[0].lower() in RTL_LANGUAGES


def set_paragraph_language(p, lang: str) -> None:
    """Give the paragraph's (`a:p`) end mark the deck language too (PowerPoint spell-checks
    with it).

    In a right-to-left language the paragraph is also marked right-to-left and, unless it was
    centred, aligned to the right, as PowerPoint does when typing in that language.
    """
    end = p.find(A_END_PARA_RPR)
    if end is None:
        SubElement(p, A_END_PARA_RPR, {"lang": lang})
    else:
        end.set("lang", lang)
    if is_rtl(lang):
        ppr = xml.p_pr(p)
        ppr.set("rtl", "1")
        if ppr.get("algn") in (None, "l"):
            ppr.set("algn", "r")
