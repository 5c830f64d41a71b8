"""Conformance with the deck-format spec: one test per rule an audit found broken, plus a
check that every form the spec allows builds and reads back as written."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from slidegen.build import BuildOptions, build
from slidegen.cli import main


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def slide_texts(pptx: Path) -> list[str]:
    """Every slide's text, shapes in order, paragraphs joined with ' | '."""
    out = []
    for slide in Presentation(str(pptx)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts += [p.text for p in shape.text_frame.paragraphs if p.text]
            elif shape.has_table:
                parts += [c.text for row in shape.table.rows for c in row.cells]
        out.append(" | ".join(parts))
    return out


@pytest.fixture
def here(tmp_path, monkeypatch):
    """Work in tmp_path, so messages show paths as a user typing them would see them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# ---- data_files as one path ----------------------------------------------------------------
def test_data_files_as_a_single_path(here):
    """`data_files: evidence.yaml` (one file, no list) builds instead of crashing."""
    write(here, "evidence.yaml", "figure: 74\n")
    deck = write(
        here,
        "d.yaml",
        """\
        deck: {title: Data}
        data_files: evidence.yaml
        sections: [{id: s, title: S, slides: [{title: T, bullets: ["{{ figure }}%"]}]}]
        """,
    )
    result = build(Path("d.yaml"), BuildOptions(out_dir=here / "out"))
    assert any("74%" in t for t in slide_texts(result.output))
    write(here, "d.yaml", deck.read_text().replace("evidence.yaml", "missing.yaml"))
    res = run("build", "d.yaml", "--out", "out2")
    assert res.exit_code == 1
    assert "d.yaml:2:13: error: data file 'missing.yaml' not found" in res.output


# ---- --strict: warnings about the inputs, not about this machine ---------------------------
def test_strict_fails_on_deck_warnings_only(here):
    """A clean deck passes `build --strict` even where the theme's fonts are not installed;
    a warning about the deck (an uncited reference) still fails it with exit 1."""
    write(
        here,
        "themes/odd/theme.yaml",
        'name: odd\nfonts: {heading: "No Such Font Sans", body: "No Such Font Sans"}\n',
    )
    clean = """\
        deck: {title: Clean, theme: odd}
        sections: [{id: s, title: S, slides: [{title: T, bullets: [one]}]}]
        """
    write(here, "clean.yaml", clean)
    res = run("build", "clean.yaml", "--strict", "--out", "out")
    assert res.exit_code == 0, res.output
    assert Path("out/clean.pptx").is_file()
    write(
        here,
        "uncited.yaml",
        clean.replace("Clean", "Uncited").rstrip(" ")
        + "        references: {r1: {type: book, authors: ['Smith, J.'], year: 2020, title: B}}\n",
    )
    res = run("build", "uncited.yaml", "--strict", "--out", "out")
    assert res.exit_code == 1
    assert "reference 'r1' is not cited by any slide" in res.output
    assert not Path("out/uncited.pptx").exists()


# ---- the spec's own theme example builds ---------------------------------------------------
SPEC_THEME = """\
name: parent-infant
extends: default                  # optional: another theme whose values this one overrides
size: "16:9"                      # or "4:3"
colors:                           # #RRGGBB
  primary: "#1D3A5F"              # headings, title and divider backgrounds
  secondary: "#4F8A8B"
  accent: "#F2A541"               # big figures, highlights
  background: "#FFFFFF"
  text: "#1F1F1F"
  muted: "#5F6B73"                # captions, footers, source lines
fonts:
  heading: Arial
  body: Arial
sizes: {title: 36, heading: 28, body: 24, caption: 14, minimum: 18}   # points
logo: {image: logo.png, position: bottom-right, height: 1.2cm}
footer: {text: "{organisation}", slide_numbers: true}
"""


def test_the_spec_theme_example_builds(here):
    """The theme on the spec page (accent #F2A541, 2.05:1 on white) builds with contrast
    warnings; `slidegen check` and `build --strict` still fail on them."""
    from PIL import Image

    write(here, "themes/parent-infant/theme.yaml", SPEC_THEME)
    Image.new("RGB", (120, 60), "navy").save(here / "themes/parent-infant/logo.png")
    write(
        here,
        "decks/talk.yaml",
        """\
        deck: {title: Talk, organisation: Org, theme: parent-infant}
        sections:
          - id: s
            title: S
            slides: [{layout: stat, title: Figure, value: "74%", label: of studies}]
        """,
    )
    res = run("build", "decks/talk.yaml", "--out", "out")
    assert res.exit_code == 0, res.output
    assert "warning: theme 'parent-infant': accent #F2A541 on background #FFFFFF" in res.output
    assert "themes/parent-infant/theme.yaml:7:" in res.output  # located at the colour
    theme_xml = (
        Presentation("out/talk.pptx")
        .slide_master.part.part_related_by(
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
        )
        .blob.decode()
    )
    assert "F2A541" in theme_xml and "1D3A5F" in theme_xml
    assert run("build", "decks/talk.yaml", "--strict", "--out", "strict").exit_code == 1
    checked = run("check", "decks/talk.yaml")
    assert checked.exit_code == 1 and "CONTRAST" in checked.output


# ---- an audience the deck does not define, on the command line -----------------------------
@pytest.mark.parametrize("command", ["build", "check", "list", "preview", "watch"])
def test_unknown_audience_on_the_command_line_is_exit_2(here, command):
    write(
        here,
        "d.yaml",
        """\
        deck: {title: Talk}
        audiences: {commissioners: {include_tags: [headline]}}
        sections: [{id: s, title: S, slides: [{title: T, bullets: [x], tags: [headline]}]}]
        """,
    )
    res = run(command, "d.yaml", "--audience", "comissioners")
    assert res.exit_code == 2, res.output
    assert "unknown audience 'comissioners'" in res.output
    assert "did you mean 'commissioners'?" in res.output
    assert not Path("build").exists()


# ---- deck.language on every text run, charts included ----------------------------------------
@pytest.mark.parametrize("kind", ["bar", "column", "line", "pie", "doughnut"])
def test_language_is_set_on_chart_text(here, kind):
    import re
    import zipfile

    write(
        here,
        "d.yaml",
        f"""\
        deck: {{title: Talk, language: de-DE}}
        sections:
          - id: s
            title: S
            slides:
              - layout: chart
                title: Chart
                chart:
                  type: {kind}
                  categories: [a, b]
                  series: [{{name: Anteil, values: [1, 2]}}]
                  unit: "%"
        """,
    )
    out = build(Path("d.yaml"), BuildOptions(out_dir=here / "out")).output
    with zipfile.ZipFile(out) as z:
        xml = z.read("ppt/charts/chart1.xml").decode()
    props = re.findall(r"<a:(?:rPr|defRPr|endParaRPr)\b[^>]*>", xml)
    assert props, xml
    assert all('lang="de-DE"' in p for p in props), [p for p in props if "de-DE" not in p]


# ---- exit codes: 0 success, 1 a problem in the inputs, 2 a command-line mistake ------------------
def test_diff_follows_the_spec_exit_codes(here):
    deck = """\
        deck: {title: Talk}
        sections: [{id: s, title: S, slides: [{id: a, title: T, bullets: [one]}]}]
        """
    write(here, "old.yaml", deck)
    write(here, "new.yaml", deck.replace("[one]", "[two]"))
    write(here, "broken.yaml", "deck: {title: x}\nsections: []\n")
    changed = run("diff", "old.yaml", "new.yaml")
    assert changed.exit_code == 0 and "two" in changed.output
    assert run("diff", "old.yaml", "new.yaml", "--exit-code").exit_code == 1
    assert run("diff", "old.yaml", "old.yaml", "--exit-code").exit_code == 0
    bad = run("diff", "old.yaml", "broken.yaml")
    assert bad.exit_code == 1 and "broken.yaml:2:" in bad.output
    assert run("diff", "old.yaml", "missing.yaml").exit_code == 2
