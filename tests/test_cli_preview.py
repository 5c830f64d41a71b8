"""`slidegen preview` and `slidegen build --pdf`: the files they write, and the message without
LibreOffice."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from slidegen.cli import main
from slidegen.preview import (
    SHEET_GAP,
    SHEET_LABEL_HEIGHT,
    convert_many_to_pdf,
    pdf_page_count,
    pdf_page_texts,
)

DECK = """\
deck:
  id: look
  title: A deck to look at
  presenter: {name: A Presenter}
sections:
  - id: one
    title: First part
    slides:
      - layout: bullets
        title: Points
        bullets: [first point, second point]
      - layout: statement
        title: Backup
        text: Only for questions
        hidden: true
      - layout: stat
        value: "74%"
        label: of studies showed an improvement
"""


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "look.yaml").write_text(DECK)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def previewed(tmp_path_factory):
    """`slidegen preview look.yaml` run once, in a folder of its own."""
    root = tmp_path_factory.mktemp("preview")
    (root / "look.yaml").write_text(DECK)
    mp = pytest.MonkeyPatch()
    mp.chdir(root)
    try:
        result = CliRunner().invoke(main, ["preview", "look.yaml"], catch_exceptions=False)
    finally:
        mp.undo()
    return root, result


@pytest.mark.render
def test_preview_writes_pptx_pdf_pictures_and_contact_sheet(previewed):
    root, result = previewed
    assert result.exit_code == 0, result.output
    folder = root / "build" / "look-preview"
    names = sorted(p.name for p in folder.iterdir())
    pdf = folder / "look.pdf"
    pages = pdf_page_count(pdf)
    pngs = [f"slide-{i:02d}.png" for i in range(1, pages + 1)]
    assert names == sorted(["look.pptx", "look.pdf", "contact-sheet.png", *pngs])
    for name in names:
        assert (folder / name).stat().st_size > 1000, name
    for name in pngs:
        with Image.open(folder / name) as img:
            # 13.33 x 7.5 in at 96 dpi (pdftoppm may round the width up a pixel)
            assert img.size in ((1280, 720), (1281, 720))
    expected = Path("build") / "look-preview" / "contact-sheet.png"
    assert f"{expected}: contact sheet" in result.output


@pytest.mark.render
def test_preview_pdf_has_one_page_per_slide(previewed):
    from pptx import Presentation

    root, _ = previewed
    folder = root / "build" / "look-preview"
    slides = Presentation(str(folder / "look.pptx")).slides
    texts = pdf_page_texts(folder / "look.pdf")
    assert len(texts) == len(slides) == 4  # title, section, bullets, stat
    assert "Only for questions" not in "".join(texts)  # hidden: left out of the build
    assert "second point" in texts[2] and "74%" in texts[3]


@pytest.mark.render
def test_contact_sheet_dimensions(previewed):
    root, _ = previewed
    folder = root / "build" / "look-preview"
    count = len(list(folder.glob("slide-*.png")))
    cols = min(4, count)
    rows = math.ceil(count / cols)
    thumb_w, thumb_h = 320, 180  # the command's default thumbnail width, 16:9
    sheet_path = folder / "contact-sheet.png"
    with Image.open(sheet_path) as sheet:
        assert sheet.size == (
            cols * (thumb_w + SHEET_GAP) + SHEET_GAP,
            rows * (thumb_h + SHEET_LABEL_HEIGHT + SHEET_GAP) + SHEET_GAP,
        )
    assert sheet_path.stat().st_size < 1_000_000


@pytest.mark.render
def test_preview_out_and_thumb_width(project):
    result = CliRunner().invoke(
        main,
        ["preview", "look.yaml", "--out", "shots", "--thumb-width", "200"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    with Image.open(project / "shots" / "contact-sheet.png") as sheet:
        assert sheet.size[0] == 4 * (200 + SHEET_GAP) + SHEET_GAP
    assert (project / "shots" / "look.pptx").is_file()
    assert not (project / "build").exists()


@pytest.mark.render
def test_build_pdf_writes_the_pdf_beside_the_pptx(project):
    result = CliRunner().invoke(main, ["build", "look.yaml", "--pdf"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    pdf = project / "build" / "look.pdf"
    assert f"{Path('build') / 'look.pdf'}: PDF" in result.output
    assert pdf_page_count(pdf) == 4  # title, section, bullets, stat


@pytest.mark.parametrize("args", [["preview", "look.yaml"], ["build", "look.yaml", "--pdf"]])
def test_without_libreoffice_a_clear_message_and_nothing_written(project, monkeypatch, args):
    empty = project / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot render slides: LibreOffice (soffice)" in result.output
    assert "sudo apt-get install libreoffice-impress poppler-utils" in result.output
    assert "Traceback" not in result.output
    assert not (project / "build").exists()


@pytest.mark.render
def test_preview_with_another_theme(project):
    result = CliRunner().invoke(
        main,
        ["preview", "look.yaml", "--theme", "print", "--out", "printed"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    from pptx import Presentation

    prs = Presentation(str(project / "printed" / "look.pptx"))
    assert (prs.slide_width, prs.slide_height) == (9144000, 6858000)  # the print theme's 4:3
    with Image.open(project / "printed" / "slide-01.png") as first:
        assert first.size[0] / first.size[1] == pytest.approx(4 / 3, abs=0.01)


def test_preview_with_an_unknown_theme_is_a_usage_error(project):
    result = CliRunner().invoke(main, ["preview", "look.yaml", "--theme", "hihg-contrast"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "high-contrast" in result.output  # did you mean
    assert not (project / "build").exists()


def test_preview_of_a_missing_deck_is_a_usage_error(project):
    result = CliRunner().invoke(main, ["preview", "nowhere.yaml"])
    assert result.exit_code == 2
    assert "'nowhere.yaml' is not a file" in result.output


def test_convert_many_needs_distinct_names(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    files = [tmp_path / "a" / "deck.pptx", tmp_path / "b" / "deck.pptx"]
    with pytest.raises(ValueError, match="different names"):
        convert_many_to_pdf(files, tmp_path / "out")
