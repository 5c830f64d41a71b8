"""What drawing a slide needs: the presentation, theme, base layouts, helpers to write XML."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml.etree import Element, SubElement

from ..codes import Code
from ..errors import Diagnostics
from ..links import link_problem
from ..ooxml import (
    A_BR,
    A_END_PARA_RPR,
    A_LATIN,
    A_R,
    A_RPR,
    A_SCHEME_CLR,
    A_SOLID_FILL,
    A_SRGB_CLR,
    A_T,
    EMU_PER_PT,
    EXT_HLINK_COLOR,
    NAMESPACES,
    P_TX_BODY,
    RT_HYPERLINK,
    qn,
)
from ..place.model import TextBox
from ..plan import DeckPlan
from ..text import Run, Text
from . import xml
from .xml import ShapeTree

SCHEME = {
    "text": "tx1",
    "background": "bg1",
    "primary": "tx2",
    "secondary": "accent2",
    "accent": "accent3",
    "muted": "accent4",
}


@dataclass(eq=False)
class RenderContext:
    """Shared state of one render: no globals, passed to every renderer."""

    prs: object
    plan: DeckPlan
    theme: object
    layouts: dict
    diags: Diagnostics
    media_cache: dict = field(default_factory=dict)
    text_box_prototypes: dict = field(default_factory=dict)  # anchor -> p:sp
    run_prototypes: dict = field(default_factory=dict)  # run properties -> a:r (see _run)
    cache: object = None  # slidegen.cache.BuildCache kept across builds, or None
    look: object = None  # render.template_look.Look on a corporate template, else None
    # a template's theme-font tokens by what its placeholders draw ("+mn-lt" -> "Arial" when
    # its body placeholders name Arial), so slidegen's text boxes look like its placeholders
    faces: dict = field(default_factory=dict)
    _tree: ShapeTree | None = field(default=None, repr=False)  # of the slide being rendered

    def color_xml(self, color) -> tuple[str, str, tuple]:
        """(tag, val, modifiers) of the colour element for a colour role ("accent"), a scheme
        colour or "#RRGGBB": slidegen's own scheme slots, or on a template the slots (or
        colours set for it) render/template_look.py chose."""
        if self.look is not None and color in self.look.colors:
            tag, val, mods = self.look.colors[color]
            return (A_SCHEME_CLR if tag == "a:schemeClr" else A_SRGB_CLR), val, mods
        return (*_fill_xml(color), ())

    def solid_fill(self, parent, color) -> None:
        """Append `a:solidFill` of `color` (see color_xml) to `parent`."""
        tag, val, mods = self.color_xml(color)
        el = SubElement(SubElement(parent, A_SOLID_FILL), tag, {"val": val})
        for name, value in mods:
            SubElement(el, qn(f"a:{name}"), {"val": value})

    def _link_color(self, rpr, link) -> None:
        """A link in a colour that reads on a template whose own link colour does not: the
        run's colour, which PowerPoint (and LibreOffice) use for it with Office's
        "hyperlink colour from the text" extension."""
        fill = rpr.makeelement(A_SOLID_FILL, {})
        tag, val, mods = self.color_xml(self.look.link)
        el = SubElement(fill, tag, {"val": val})
        for name, value in mods:
            SubElement(el, qn(f"a:{name}"), {"val": value})
        rpr.insert(0, fill)
        ext = SubElement(SubElement(link, qn("a:extLst")), qn("a:ext"), {"uri": EXT_HLINK_COLOR})
        SubElement(ext, qn("ahyp:hlinkClr"), {"val": "tx"}, nsmap={"ahyp": NAMESPACES["ahyp"]})

    def table_fill(self, name: str) -> str:
        """The scheme colour of a table cell slidegen calls `name` ("tx2" header...)."""
        return self.look.table.get(name, name) if self.look is not None else name

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
        sz = str(int(size * EMU_PER_PT) // 127) if size is not None else None
        fill = self.color_xml(color) if color is not None else None
        end = xml.child(p, A_END_PARA_RPR)  # runs go before the end mark, as python-pptx's add_r
        runs = text.runs
        if runs and runs[-1].text.endswith(("\n", "\v")):  # a YAML block's closing newline
            last = runs[-1]
            runs = (*runs[:-1], Run(last.text.rstrip("\n\v"), last.bold, last.italic, last.url))
        for r in runs:
            if "\n" in r.text or "\v" in r.text:  # line breaks inside the paragraph: a:br
                self._broken_run(part, p, end, r, sz, fill, bold, italic, font)
            else:
                self._run(part, p, end, r, r.text, sz, fill, bold, italic, font)

    def _run(self, part, p, end, r, text: str, sz, fill, bold, italic, font, tag=A_R):
        """One `a:r` (or, with tag A_BR, an `a:br`) as write_runs writes it."""
        # the allow-list again: the planner refused or warned already, so this never drops a
        # link a deck could have; it keeps a bug elsewhere from writing a live javascript:
        url = r.url if r.url and link_problem(r.url) is None else None
        key = (tag, sz, bool(r.bold or bold), bool(r.italic or italic), None if url else fill, font)
        proto = self.run_prototypes.get(key)
        if proto is None:
            proto = self.run_prototypes[key] = self._run_prototype(*key)
        # A copy of the run made once for these properties: a few times cheaper than making
        # its elements one by one, and a deck has thousands of runs in few formats.
        r_el = proto.__copy__()
        if tag == A_R:
            r_el[-1].text = xml.escape_ctrl_chars(text)
        if end is None:
            p.append(r_el)
        else:
            end.addprevious(r_el)
        if url and tag == A_R:
            rpr = r_el[0]
            link = xml.hyperlink(rpr, part.relate_to_url(url, RT_HYPERLINK))
            if self.look is not None and self.look.link is not None:
                self._link_color(rpr, link)

    def _run_prototype(self, tag, sz, bold: bool, italic: bool, fill, font):
        """An `a:r` (or `a:br`) with these run properties and an empty `a:t`."""
        r_el = Element(tag, nsmap={"a": NAMESPACES["a"]})
        attrs = {"lang": self.lang}
        if sz is not None:
            attrs["sz"] = sz
        if bold:
            attrs["b"] = "1"
        if italic:
            attrs["i"] = "1"
        rpr = SubElement(r_el, A_RPR, attrs)
        if tag == A_R:
            SubElement(r_el, A_T)
        if fill is not None:
            el = SubElement(SubElement(rpr, A_SOLID_FILL), fill[0], {"val": fill[1]})
            for name, value in fill[2]:
                SubElement(el, qn(f"a:{name}"), {"val": value})
        if font is not None:
            SubElement(rpr, A_LATIN, {"typeface": font})
        return r_el

    def _broken_run(self, part, p, end, r, sz, fill, bold, italic, font) -> None:
        """A run holding line breaks: its lines as runs with `a:br` (with the run's
        properties, as PowerPoint writes Shift+Enter) between them."""
        pieces = r.text.replace("\r\n", "\n").replace("\v", "\n").split("\n")
        for i, piece in enumerate(pieces):
            if i:
                self._run(part, p, end, r, "", sz, fill, bold, italic, font, tag=A_BR)
            if piece:
                self._run(part, p, end, r, piece, sz, fill, bold, italic, font)

    def text_box(self, slide, shape: TextBox):
        """A placed text box: its paragraphs written in reading order. Returns its `p:sp`."""
        sp = self.empty_text_box(slide, shape.box, shape.name, shape.anchor)
        part = slide
        tx = xml.child(sp, P_TX_BODY)
        for p, text in zip(
            xml.paragraphs(tx, len(shape.paragraphs)), shape.paragraphs, strict=True
        ):
            xml.set_align(p, shape.align)
            font = self.faces.get(shape.font, shape.font)
            self.write_runs(part, p, text, shape.size, shape.color, shape.bold, shape.italic, font)
            set_paragraph_language(p, self.lang)
        return sp

    def empty_text_box(self, slide, box, name: str, anchor: str = "t"):
        """A text box with word wrap, `anchor` ("t", "ctr", "b") and no autofit, copied from
        a prototype made once per anchor."""
        proto = self.text_box_prototypes.get(anchor)
        if proto is None:
            proto = xml.textbox_sp(0, "", 0, 0, 0, 0)
            body_pr = proto.find(P_TX_BODY)[0]
            body_pr.set("wrap", "square")
            body_pr.set("anchor", anchor)
            del body_pr[:]  # no a:spAutoFit: the box keeps the size placement gave it
            self.text_box_prototypes[anchor] = proto
        tree = self.shapes(slide)
        shape_id = tree.new_id()
        sp = copy.deepcopy(proto)
        xml.set_shape(sp, shape_id, name or f"TextBox {shape_id - 1}", (int(v) for v in box))
        tree.add(sp)
        return sp

    def prepared_picture(self, path, target_px: int, pos):
        """The picture prepared for `target_px` shown width, once per build (warnings once)."""
        from ..cache import file_value
        from ..place.media import prepare_image

        key = (path, target_px)
        img = self.media_cache.get(key)
        if img is None:
            own = self.media_cache.get(path)  # the file's own bytes, kept for another width
            if own is not None and 2 * target_px >= own.width_px:
                img = own  # what prepare_image would give again: no wider than twice shown
            else:
                img = file_value(
                    self.cache,
                    "picture",
                    path,
                    target_px,
                    lambda: prepare_image(path, target_w_px=target_px, pos=pos),
                )
                for note in img.notes:
                    self.diags.warning(f"picture: {note}", pos, code=Code.PICTURE)
                if not img.converted:
                    self.media_cache[path] = img
            self.media_cache[key] = img
        return img

    def hide(self, slide) -> None:
        slide.element.set("show", "0")


def _fill_xml(color) -> tuple[str, str]:
    """(tag, val) of the colour element for a "#RRGGBB" or scheme colour name."""
    if isinstance(color, str) and color.startswith("#"):
        return A_SRGB_CLR, bytes.fromhex(color[1:7]).hex().upper()
    return A_SCHEME_CLR, SCHEME.get(color, color)


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
    end = xml.child(p, A_END_PARA_RPR)
    if end is None:
        SubElement(p, A_END_PARA_RPR, {"lang": lang})
    else:
        end.set("lang", lang)
    if is_rtl(lang):
        ppr = xml.p_pr(p)
        ppr.set("rtl", "1")
        if ppr.get("algn") in (None, "l"):
            ppr.set("algn", "r")
