"""Robustness: unusual corporate templates, non-finite chart values, shape ids after edits."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from pptx import Presentation
from pptx.oxml.ns import qn

from fixtures.themes.make_templates import wide_template
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build

NOTES_DECK = """\
deck:
  title: Notes test
  theme: corp
sections:
  - id: one
    title: First part
    slides:
      - id: points
        title: Some points
        bullets: [One point]
        notes: |
          Say hello first.

          Then the second point.
      - id: more
        title: More points
        bullets: [Another point]
        notes: Keep it short.
"""


def _ph_type(sp) -> str | None:
    ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else ph.get("type", "obj")


def corp_project(tmp_path: Path, deck: str, theme_extra: str = "", edit=None) -> Path:
    """A deck on a `corp` theme whose template is `wide_template`, changed by `edit(prs)`."""
    folder = tmp_path / "themes" / "corp"
    folder.mkdir(parents=True, exist_ok=True)
    template = wide_template(folder / "template.pptx")
    if edit is not None:
        prs = Presentation(template)
        edit(prs)
        prs.save(template)
    Image.new("RGB", (200, 100), "#203864").save(folder / "logo.png")
    (folder / "theme.yaml").write_text(
        "name: corp\ntemplate: template.pptx\n" + theme_extra, encoding="utf-8"
    )
    path = tmp_path / "deck.yaml"
    path.write_text(deck, encoding="utf-8")
    return path


# ---- 1. a notes master without a body placeholder ------------------------------------------
def _drop_notes_body(prs) -> None:
    tree = prs.notes_master.shapes._spTree
    for sp in list(tree.iterchildren(qn("p:sp"))):
        if _ph_type(sp) == "body":
            tree.remove(sp)
    assert not any(_ph_type(sp) == "body" for sp in tree.iterchildren(qn("p:sp")))


def test_notes_are_written_when_the_notes_master_has_no_body(tmp_path):
    deck = corp_project(tmp_path, NOTES_DECK, edit=_drop_notes_body)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    notes = {
        s.shapes.title.text: s.notes_slide.notes_text_frame.text
        for s in prs.slides
        if s.has_notes_slide
    }
    assert notes == {
        "Some points": "Say hello first.\nThen the second point.",
        "More points": "Keep it short.",
    }
    slide = next(s for s in prs.slides if s.has_notes_slide)
    body = slide.notes_slide.notes_placeholder
    # placed where PowerPoint's notes page has it: the lower half, inside the page
    assert body.left > 0 and body.top > 9144000 * 0.4
    assert body.top + body.height <= 9144000 and body.left + body.width <= 6858000
    ids = [int(x) for x in slide.notes_slide._element.xpath("//p:cNvPr/@id")]
    assert len(ids) == len(set(ids))
    assert_structure(result.output)
