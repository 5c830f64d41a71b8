"""Edits to a built .pptx made the way PowerPoint makes them, with python-pptx: retype text,
add slides (a new slide has no name), delete, duplicate (a copy keeps the slide's name) and move
slides, move and recolour shapes, add an animation, change a theme colour."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.util import Inches

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"


class Editor:
    """A presentation being edited; slides are named by their slide id (cSld@name)."""

    def __init__(self, path: Path):
        self.prs = Presentation(str(path))

    def save(self, path: Path) -> Path:
        self.prs.save(str(path))
        return path

    # ---- finding -----------------------------------------------------------------------------
    def index(self, slide_id: str) -> int:
        for i, s in enumerate(self.prs.slides):
            if s._element.cSld.get("name") == slide_id:
                return i
        raise KeyError(slide_id)

    def slide(self, slide_id: str):
        return self.prs.slides[self.index(slide_id)]

    def shape(self, slide_id: str, name: str):
        for sh in self.slide(slide_id).shapes:
            if sh.name == name:
                return sh
        raise KeyError(name)

    def body(self, slide_id: str):
        return next(
            sh
            for sh in self.slide(slide_id).placeholders
            if sh.placeholder_format.idx == 1 or sh.placeholder_format.type == 2
        )

    # ---- text --------------------------------------------------------------------------------
    def retype(self, shape, paragraph: int, text: str) -> None:
        """Select a paragraph's words and type over them (the first run keeps its format)."""
        para = shape.text_frame.paragraphs[paragraph]
        runs = para.runs
        runs[0].text = text
        for r in runs[1:]:
            r._r.getparent().remove(r._r)

    def set_notes(self, slide_id: str, text: str) -> None:
        self.slide(slide_id).notes_slide.notes_text_frame.text = text

    # ---- slides ------------------------------------------------------------------------------
    def _move_last_to(self, position: int) -> None:
        lst = self.prs.slides._sldIdLst
        el = lst[-1]
        lst.remove(el)
        lst.insert(position, el)

    def _title_only(self):
        return next(lo for lo in self.prs.slide_layouts if "Title Only" in lo.name)

    def add_picture_slide(self, after: str, title: str, picture: Path, alt: str, notes: str):
        """Home > New Slide (Title Only), Insert > Pictures, alt text, speaker notes."""
        at = self.index(after) + 1
        s = self.prs.slides.add_slide(self._title_only())
        s.shapes.title.text = title
        pic = s.shapes.add_picture(str(picture), Inches(2), Inches(1.8), height=Inches(4.5))
        pic._element.nvPicPr.cNvPr.set("descr", alt)
        s.notes_slide.notes_text_frame.text = notes
        self._move_last_to(at)
        return s

    def add_table_slide(self, after: str, title: str, rows: list[list[str]]):
        """Home > New Slide (Title Only), Insert > Table."""
        at = self.index(after) + 1
        s = self.prs.slides.add_slide(self._title_only())
        s.shapes.title.text = title
        table = s.shapes.add_table(
            len(rows), len(rows[0]), Inches(1), Inches(2), Inches(10), Inches(2)
        ).table
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        self._move_last_to(at)
        return s

    def delete(self, slide_id: str) -> None:
        i = self.index(slide_id)
        lst = self.prs.slides._sldIdLst
        self.prs.part.drop_rel(lst[i].rId)
        del lst[i]

    def duplicate(self, slide_id: str):
        """Home > Duplicate Slide: a copy right after it, name and all (text slides only)."""
        src = self.slide(slide_id)
        at = self.index(slide_id) + 1
        s = self.prs.slides.add_slide(src.slide_layout)
        tree = s.shapes._spTree
        for el in list(tree)[2:]:
            tree.remove(el)
        for el in list(src.shapes._spTree)[2:]:
            tree.append(copy.deepcopy(el))
        s._element.cSld.set("name", src._element.cSld.get("name"))
        if src.has_notes_slide:
            s.notes_slide.notes_text_frame.text = src.notes_slide.notes_text_frame.text
        self._move_last_to(at)
        return s

    def move(self, slide_id: str, after: str) -> None:
        """Drag a slide in the slide sorter to just after another."""
        lst = self.prs.slides._sldIdLst
        el = lst[self.index(slide_id)]
        lst.remove(el)
        lst.insert(self.index(after) + 1, el)

    # ---- what the deck format cannot say -----------------------------------------------------
    def nudge(self, shape) -> None:
        shape.left = shape.left + Inches(1)

    def recolour(self, shape, hex_rgb: str = "FF00FF") -> None:
        for para in shape.text_frame.paragraphs:
            for r in para.runs:
                fill = etree.SubElement(r._r.get_or_add_rPr(), f"{{{A}}}solidFill")
                etree.SubElement(fill, f"{{{A}}}srgbClr", val=hex_rgb)

    def animate(self, slide_id: str) -> None:
        el = self.slide(slide_id)._element
        timing = etree.SubElement(el, f"{{{P}}}timing")
        etree.SubElement(timing, f"{{{P}}}tnLst")

    def theme_colour(self, slot: str = "accent1", hex_rgb: str = "00FF00") -> None:
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        part = self.prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(part.blob)
        el = root.find(f".//{{{A}}}clrScheme/{{{A}}}{slot}")
        for child in list(el):
            el.remove(child)
        etree.SubElement(el, f"{{{A}}}srgbClr", val=hex_rgb)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def forget_names(self) -> None:
        """What LibreOffice does on saving: no slide names, placeholders renamed, no alt text
        on charts."""
        for s in self.prs.slides:
            s._element.cSld.attrib.pop("name", None)
            n = 0
            for sh in s.shapes:
                if sh.is_placeholder:
                    n += 1
                    sh._element.xpath("./*[1]/p:cNvPr")[0].set("name", f"PlaceHolder {n}")
                if getattr(sh, "has_chart", False) and sh.has_chart:
                    sh._element.xpath("./*[1]/p:cNvPr")[0].attrib.pop("descr", None)
