"""What an import keeps of an ordinary deck, and what survives build -> import -> build:
line breaks inside a paragraph, leading spaces of code, the title slide's notes and lines,
a first slide holding content, untitled slides."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml
from pptx import Presentation
from pptx.util import Inches, Pt

from slidegen.build import BuildOptions, build
from slidegen.errors import Diagnostics
from slidegen.importer import import_pptx
from slidegen.importer.read import read_pptx

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def slide_xml(pptx: Path, n: int) -> str:
    with zipfile.ZipFile(pptx) as z:
        return z.read(f"ppt/slides/slide{n}.xml").decode()


def all_slides(tree: dict) -> list[dict]:
    out = []
    for sec in tree["sections"]:
        out += sec.get("slides", [])
        for sub in sec.get("sections", []):
            out += sub.get("slides", [])
    return out


def imported(src: Path, out: Path) -> tuple[dict, Diagnostics, Path]:
    diags = Diagnostics()
    result = import_pptx(src, out, diags)
    return yaml.safe_load(result.text), diags, result.deck


# ---- line breaks ------------------------------------------------------------------------------
def test_a_newline_in_deck_text_is_a_line_break_in_the_paragraph(tmp_path):
    deck = write(
        tmp_path / "breaks.yaml",
        'deck: {title: "Two\\nlines", subtitle: "First line\\nsecond line"}\n'
        "sections:\n  - id: s\n    title: S\n    divider: false\n    slides:\n"
        '      - {id: a, title: A, bullets: ["one\\ntwo", "three"]}\n'
        '      - {id: b, title: "Block\\n", bullets: [x]}\n',
    )
    out = build(deck, BuildOptions(out_dir=tmp_path / "out")).output
    title = slide_xml(out, 1)
    assert "<a:t>Two</a:t></a:r><a:br>" in title and "<a:t>lines</a:t>" in title
    assert "<a:t>First line</a:t></a:r><a:br>" in title
    body = slide_xml(out, 2)
    assert body.count("<a:br>") == 1 and "\n" not in body.split("?>", 1)[1].strip()
    # a YAML block's closing newline is no line break
    assert "<a:br>" not in slide_xml(out, 3).split("<p:sp>")[1]
    slides = read_pptx(out).slides
    assert slides[0].title.plain == "Two\nlines"
    para = slides[1].blocks[0].paras[0]
    assert para.text.plain == "one\ntwo" and para.level == 0


def test_line_breaks_survive_build_import_build(tmp_path):
    deck = write(
        tmp_path / "talk.yaml",
        'deck: {title: Talk, subtitle: "For the board\\nMarch 2026"}\n'
        "sections:\n  - id: s\n    title: S\n    divider: false\n    slides:\n"
        '      - {id: a, title: "Where\\nwe are", bullets: ["North: 3 teams\\nSouth: 4", x]}\n',
    )
    first = build(deck, BuildOptions(out_dir=tmp_path / "a")).output
    tree, _, imported_deck = imported(first, tmp_path / "imp")
    assert tree["deck"]["subtitle"] == "For the board\nMarch 2026"
    (slide,) = all_slides(tree)
    assert slide["title"] == "Where\nwe are"
    assert slide["bullets"] == ["North: 3 teams\nSouth: 4", "x"]
    second = build(imported_deck, BuildOptions(out_dir=tmp_path / "b")).output
    assert slide_xml(first, 2) == slide_xml(second, 2)


def _code_deck(path: Path) -> Path:
    """A slide of code in Courier New, indented with spaces, and one of indented prose."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "The loop"
    box = s.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(3))
    lines = ["for team in teams:", "    if team.open:", "        count += 1"]
    box.text_frame.text = lines[0]
    for line in lines[1:]:
        box.text_frame.add_paragraph().text = line
    for p in box.text_frame.paragraphs:
        p.runs[0].font.name = "Courier New"
        p.runs[0].font.size = Pt(20)
    s = prs.slides.add_slide(prs.slide_layouts[1])
    s.shapes.title.text = "Prose"
    s.placeholders[1].text = " A stray leading space"
    prs.save(str(path))
    return path


def test_leading_spaces_of_code_are_kept(tmp_path):
    src = _code_deck(tmp_path / "code.pptx")
    tree, _, deck = imported(src, tmp_path / "imp")
    code, prose = all_slides(tree)
    assert code["bullets"] == ["for team in teams:", "    if team.open:", "        count += 1"]
    assert prose["text"] == "A stray leading space"  # one stray space is not indentation
    out = build(deck, BuildOptions(out_dir=tmp_path / "b")).output
    texts = [p.text.plain for b in read_pptx(out).slides[0].blocks for p in b.paras]
    assert texts == ["for team in teams:", "    if team.open:", "        count += 1"]


def test_title_slide_notes_and_hidden_slides_round_trip(tmp_path):
    """A PowerPoint deck whose title slide has notes: the notes are kept on a hand-placed
    title slide; built, imported and built again, the notes and hidden slides stay."""
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "Family hubs"
    s.placeholders[1].text = "Evidence review"
    s.notes_slide.notes_text_frame.text = "Thank the hosts first."
    for title, hidden in (("Why", False), ("Backup figures", True)):
        c = prs.slides.add_slide(prs.slide_layouts[1])
        c.shapes.title.text = title
        c.placeholders[1].text = f"{title} in brief"
        if hidden:
            c._element.set("show", "0")
    src = tmp_path / "hubs.pptx"
    prs.save(str(src))
    tree, diags, deck = imported(src, tmp_path / "imp")
    assert not [d for d in diags.warnings if "notes" in d.message]
    assert tree["deck"]["title_slide"] is False
    first, why, backup = all_slides(tree)
    assert first == {"id": "title", "layout": "title", "notes": "Thank the hosts first.\n"}
    assert backup["hidden"] is True and "hidden" not in why
    built = build(deck, BuildOptions(out_dir=tmp_path / "b"))
    assert built.slides == 2  # the hidden slide is left out of the build
    out = Presentation(str(built.output))
    assert out.slides[0].notes_slide.notes_text_frame.text == "Thank the hosts first."
    # slidegen's own build imports back to the same deck (title slide notes included)
    again, _, _ = imported(built.output, tmp_path / "imp2")
    assert all_slides(again)[0] == first
