"""`slidegen build --pdf` and `--handout` (issue 19): an accessible PDF (tagged, PDF/UA, the
deck's title and language, every slide's text in reading order) and a handout of notes pages.
Opens the PDFs LibreOffice writes with poppler."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from helpers.decks import slides as read_slides
from slidegen.cli import main
from slidegen.preview import pdf_page_count, pdf_page_texts

pytestmark = pytest.mark.render

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
TITLE = "The Impact of Specialist Parent-Infant Relationship Teams"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    args = ["build", str(SEED), "--audience", "families", "--out", str(out), "--pdf", "--handout"]
    r = CliRunner().invoke(main, args, catch_exceptions=False)
    assert r.exit_code == 0, r.output
    stem = "parent-infant-impact--families"
    assert f"{stem}.pdf: PDF (tagged, PDF/UA)" in r.output
    assert f"{stem}-handout.pdf: handout PDF" in r.output
    return out / f"{stem}.pptx", out / f"{stem}.pdf", out / f"{stem}-handout.pdf"


def _info(pdf: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(
        (k.strip(), v.strip()) for k, v in (ln.split(":", 1) for ln in out.stdout.splitlines())
    )


def _structure(pdf: Path) -> list[tuple[str, str]]:
    """(tag path, text) of the structure tree's text, in its order ("H/P", "Div/L/LI/LBody"):
    what a screen reader reads."""
    out = subprocess.run(
        ["pdfinfo", "-struct-text", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    items, tags = [], []
    for line in out.splitlines():
        depth = len(line) - len(line.lstrip(" "))
        text = line.strip()
        if not text or text.startswith("/"):
            continue
        if text.startswith('"'):
            path = "/".join(t for d, t in tags if d < depth)
            items.append((path, " ".join(text.strip('"').split())))
        else:
            tags = [(d, t) for d, t in tags if d < depth] + [(depth, text.split()[0].rstrip(":"))]
    return items


def test_the_pdf_is_tagged_pdf_ua_with_the_decks_title_and_language(built):
    _pptx, pdf, _handout = built
    info = _info(pdf)
    assert info["Tagged"] == "yes"
    assert info["Title"] == TITLE
    raw = pdf.read_bytes()
    assert re.search(rb"/Lang\s*\(en-GB\)", raw)  # the deck's language, not the machine's
    assert re.search(rb"/MarkInfo\s*<<\s*/Marked\s+true", raw)
    assert b"/StructTreeRoot" in raw
    assert b"<pdfuaid:part>1</pdfuaid:part>" in raw  # PDF/UA-1 declared (LibreOffice 7.4)
    assert re.search(rb"/DisplayDocTitle\s+true", raw)


def test_every_slides_text_is_in_reading_order(built):
    pptx, pdf, _handout = built
    structure = _structure(pdf)
    texts = [t for _, t in structure if t and t != "•"]
    views = read_slides(pptx)
    assert pdf_page_count(pdf) == len(views)
    pos = 0
    for n, view in enumerate(views, 1):
        expected = [" ".join(view.title.split())]
        expected += [" ".join(p.split()) for p in view.paragraphs]
        for text in expected:
            if not text:
                continue
            assert text in texts[pos:], (n, text, texts[pos : pos + 8])
            pos = texts.index(text, pos) + 1
    # each slide's title is a heading, first on its slide
    heads = [t for tag, t in _heading_texts(structure)]
    assert heads == [" ".join(v.title.split()) for v in views]


def _heading_texts(structure):
    """The text of each top-level H element (a slide's title)."""
    return [(path, text) for path, text in structure if path.split("/")[0] == "H"]


def test_figures_carry_their_alt_text(built):
    _pptx, pdf, _handout = built
    raw = pdf.read_bytes()
    alts = []
    for m in re.finditer(rb"/Alt\s*<FEFF([0-9A-Fa-f]*)>", raw):
        alts.append(bytes.fromhex(m.group(1).decode()).decode("utf-16-be"))
    for m in re.finditer(rb"/Alt\s*\(([^)]*)\)", raw):
        alts.append(m.group(1).decode("latin-1"))
    assert any(a.startswith("An illustration made of simple shapes") for a in alts), alts


def test_the_handout_has_each_slide_with_its_notes(built):
    pptx, _pdf, handout = built
    info = _info(handout)
    assert info["Tagged"] == "yes" and info["Title"] == TITLE
    width, height = (float(x) for x in re.findall(r"[\d.]+", info["Page size"])[:2])
    assert height > width  # notes pages are portrait
    views = read_slides(pptx)
    pages = pdf_page_texts(handout)
    assert len(pages) == len(views)

    def squeeze(text: str) -> str:  # a line may break at a hyphen on the small slide picture
        return re.sub(r"[\s\-\u00ad]+", "", text)

    for view, page in zip(views, pages, strict=True):
        flat = squeeze(page)
        assert squeeze(view.title) in flat
        for note in view.notes:
            assert squeeze(note) in flat, (view.title, note)
    assert any(view.notes for view in views)
