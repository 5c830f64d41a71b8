"""What an import keeps of an ordinary deck, and what survives build -> import -> build:
line breaks inside a paragraph, leading spaces of code, the title slide's notes and lines,
a first slide holding content, untitled slides."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml

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
