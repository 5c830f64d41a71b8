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
from slidegen.codes import Code


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def shape_texts(shape) -> list[str]:
    """A text shape's non-empty paragraphs, or a table's cells; nothing for other shapes."""
    if shape.has_text_frame:
        return [p.text for p in shape.text_frame.paragraphs if p.text]
    if shape.has_table:
        return [c.text for row in shape.table.rows for c in row.cells]
    return []


def slide_texts(pptx: Path) -> list[str]:
    """Every slide's text, shapes in order, paragraphs joined with ' | '."""
    slides = Presentation(str(pptx)).slides
    return [" | ".join(t for shape in slide.shapes for t in shape_texts(shape)) for slide in slides]


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
def test_diff_exit_codes(here):
    """Issue 8: 0 nothing changed, 1 something changed; 1 also for a problem in an input
    (the spec's code for that, with the located message), 2 a command-line mistake."""
    deck = """\
        deck: {title: Talk}
        sections: [{id: s, title: S, slides: [{id: a, title: T, bullets: [one]}]}]
        """
    write(here, "old.yaml", deck)
    write(here, "new.yaml", deck.replace("[one]", "[two]"))
    write(here, "broken.yaml", "deck: {title: x}\nsections: []\n")
    changed = run("diff", "old.yaml", "new.yaml")
    assert changed.exit_code == 1 and "two" in changed.output
    assert run("diff", "old.yaml", "old.yaml").exit_code == 0
    bad = run("diff", "old.yaml", "broken.yaml")
    assert bad.exit_code == 1 and "broken.yaml:2:" in bad.output
    assert run("diff", "old.yaml", "missing.yaml").exit_code == 2


# ---- without an audience, every slide that is not hidden is kept ------------------------------
def test_hand_placed_divider_and_agenda_are_kept_without_an_audience(here):
    """A section holding only a hand-placed divider (or agenda) kept nothing: the slide and
    the section vanished, and the agenda did not list it."""
    write(
        here,
        "d.yaml",
        """\
        deck: {title: Talk, title_slide: false}
        audiences: {short: {include_tags: [headline]}}
        sections:
          - id: opening
            title: Opening
            divider: false
            slides: [{layout: agenda, title: Today}]
          - id: part-two
            title: Part two
            divider: false
            slides: [{layout: section, title: Part two begins, subtitle: After the break}]
          - id: body
            title: Body
            slides: [{title: Findings, bullets: [x], tags: [headline]}]
        """,
    )
    texts = slide_texts(build(Path("d.yaml"), BuildOptions(out_dir=here / "out")).output)
    # "Opening" holds only the agenda: a section of its own for it, not a part of the talk, so
    # not listed (issue 18); "Part two" holds a hand-placed divider and is listed
    assert texts[0] == "Today | 1. Part two | 2. Body"
    assert "Part two begins | After the break" in texts
    short = build(Path("d.yaml"), BuildOptions(out_dir=here / "out", audience="short")).output
    texts = slide_texts(short)  # for an audience, a divider needs a kept content slide
    assert texts[0] == "Today | 1. Body" and not any("Part two" in t for t in texts)


# ---- every form the spec allows builds and reads back -----------------------------------------
BIB = "@article{bibref,\n  author = {Doe, Jane and Roe, Richard},\n  title = {A bib article},\n  journal = {J},\n  year = {2020},\n}\n"  # noqa: E501
CSL = '[{"id": "jsonref", "type": "book", "title": "A JSON book", "author": [{"family": "Brown", "given": "Ann"}], "issued": {"date-parts": [[2018]]}}]'  # noqa: E501
REFS = {
    "sleed2022": {
        "type": "report",
        "authors": ["Sleed, M.", "Li, E.", "Vainieri, I.", "Midgley, N."],
        "year": 2022,
        "title": "The Evidence Base",
        "container": None,
        "publisher": "The Anna Freud Centre",
        "place": "London",
        "url": "https://example.org/report",
        "note": "A Systematic Review",
    },
    "dictref": {
        "type": "article",
        "authors": [{"family": "Smith", "given": "John"}],
        "year": 2019,
        "title": "Dict authors",
        "container": "Journal X",
    },
}
SEC_FILE = "id: inc-one\ntitle: Included one\nslides: [{title: From include, bullets: [inc]}]\n"
SECS_FILE = (
    "- {id: inc-a, title: Included A, slides: [{title: Inc A, bullets: [a]}]}\n"
    "- {id: inc-b, title: Included B, slides: [{title: Inc B, bullets: [b]}]}\n"
)


def _chart(kind: str) -> dict:
    return {
        "layout": "chart",
        "title": f"{kind} chart",
        "chart": {
            "type": kind,
            "categories": ["North", "South"],
            "series": [{"name": "Share", "values": [40, 60]}],
            "number_format": "0.0",
            "unit": "%",
        },
    }


# (case id, top-level keys merged over the base deck, slides of section 's', expected texts)
FORMS = [
    (
        "bullets-nested",
        {},
        [
            {
                "title": "B",
                "bullets": [
                    "one",
                    {"text": "two", "bullets": [{"text": "three", "bullets": ["four"]}]},
                ],
            }
        ],
        ["one", "three", "four"],
    ),  # noqa: E501
    ("default-layout-no-title", {}, [{"bullets": ["x"]}], ["Section title | x"]),
    (
        "statement",
        {},
        [{"layout": "statement", "text": "Key message", "attribution": "Someone"}],
        ["Key message", "Someone"],
    ),  # noqa: E501
    (
        "quote",
        {},
        [{"layout": "quote", "text": "Said it", "attribution": "Author"}],
        ["Said it", "Author"],
    ),  # noqa: E501
    (
        "stat-value",
        {},
        [{"layout": "stat", "value": "{{ af.pct }}%", "label": "of studies"}],
        ["74%", "of studies", "Sleed et al. (2022)"],
    ),  # noqa: E501
    (
        "stat-1",
        {},
        [{"layout": "stat", "stats": [{"value": "1:4", "label": "before"}]}],
        ["1:4", "before"],
    ),  # noqa: E501
    (
        "stat-4",
        {},
        [{"layout": "stat", "stats": [{"value": str(i), "label": f"l{i}"} for i in range(1, 5)]}],
        ["l1", "l4"],
    ),  # noqa: E501
    (
        "image-contain",
        {},
        [
            {
                "layout": "image",
                "image": "pic.png",
                "alt": "A pic",
                "caption": "Cap",
                "fit": "contain",
            }
        ],
        ["Cap", "<picture A pic>"],
    ),  # noqa: E501
    (
        "image-cover",
        {},
        [{"layout": "image", "image": "pic.png", "decorative": True, "fit": "cover"}],
        ["<picture >"],
    ),  # noqa: E501
    (
        "two-column",
        {},
        [
            {
                "layout": "two-column",
                "title": "TC",
                "left": {"heading": "L", "bullets": ["lb"]},
                "right": {"heading": "R", "text": "rt"},
            }
        ],
        ["lb", "rt", "L", "R"],
    ),  # noqa: E501
    (
        "two-column-image",
        {},
        [
            {
                "layout": "two-column",
                "left": {"image": "pic.png", "alt": "Left pic"},
                "right": {"heading": "H", "text": "t"},
            }
        ],
        ["<picture Left pic>", "H"],
    ),  # noqa: E501
    (
        "table",
        {},
        [
            {
                "layout": "table",
                "title": "T",
                "columns": ["A", "B"],
                "rows": [[1, "**x**"], [2.5, None]],
                "caption": "Table cap",
            }
        ],
        ["A | B | 1 | x | 2.5", "Table cap"],
    ),  # noqa: E501
    *[
        (f"chart-{k}", {}, [_chart(k)], [f"<chart {k} North,South 40.0,60.0>"])
        for k in ("bar", "column", "line", "pie", "doughnut")
    ],  # noqa: E501
    (
        "references-slide",
        {},
        [
            {"title": "C", "bullets": ["[@sleed2022]"]},
            {"layout": "references", "title": "Works cited", "all": True},
        ],
        ["Works cited", "Smith, J. (2019)"],
    ),  # noqa: E501
    (
        "closing",
        {},
        [{"layout": "closing", "title": "Thanks", "text": "Questions?"}],
        ["Thanks", "Questions?", "ann@example.org"],
    ),  # noqa: E501
    (
        "agenda-items",
        {},
        [{"layout": "agenda", "items": ["First", "Second"]}],
        ["1. First", "2. Second"],
    ),  # noqa: E501
    (
        "agenda-highlight",
        {},
        [{"layout": "agenda", "title": "Today", "highlight": "s"}],
        ["Today | 1. Section title"],
    ),  # noqa: E501
    (
        "section-explicit",
        {},
        [{"layout": "section", "title": "Divider", "subtitle": "Sub"}],
        ["Divider | Sub"],
    ),  # noqa: E501
    ("title-explicit", {}, [{"layout": "title"}], ["Forms | Every form"]),
    (
        "markup",
        {},
        [
            {
                "title": "M",
                "bullets": [
                    "**b** *i* [link](https://example.org) [@sleed2022; @dictref]",
                    "\\*no\\* \\[no\\] \\{{ no }}",
                ],
            }
        ],
        ["b i link (Sleed et al., 2022; Smith, 2019)", "*no* [no] {{ no }}"],
    ),  # noqa: E501
    (
        "nested-data",
        {"data": {"a": {"b": {"c": 7}}}},
        [{"title": "D", "bullets": ["{{ a.b.c }}"], "notes": "n {{ a.b.c }}"}],
        ["D | 7", "notes: n 7"],
    ),  # noqa: E501
    (
        "cite-string-and-list",
        {},
        [
            {"title": "C1", "bullets": ["x"], "cite": "dictref"},
            {"title": "C2", "bullets": ["y"], "cite": ["sleed2022", "dictref"]},
        ],
        ["Smith (2019)", "Sleed et al. (2022); Smith (2019)"],
    ),  # noqa: E501
    (
        "references-bib-path",
        {"references": "refs.bib"},
        [{"title": "R", "bullets": ["[@bibref]"]}],
        ["(Doe and Roe, 2020)"],
    ),  # noqa: E501
    (
        "references-json-path",
        {"references": "refs.json"},
        [{"title": "R", "bullets": ["[@jsonref]"]}],
        ["(Brown, 2018)"],
    ),  # noqa: E501
    (
        "references-mixed-list",
        {
            "references": [
                "refs.bib",
                "refs.json",
                {"own": {"type": "book", "authors": ["Own, A."], "year": 2001, "title": "Own"}},
            ]
        },
        [{"title": "R", "bullets": ["[@bibref] [@jsonref] [@own]"]}],
        ["(Doe and Roe, 2020) (Brown, 2018) (Own, 2001)"],
    ),  # noqa: E501
    (
        "data-files",
        {"data_files": ["more.yaml"], "data": {"x": "deck"}},
        [{"title": "F", "bullets": ["{{ x }} {{ y }}"]}],
        ["deck file-y"],
    ),  # noqa: E501
    (
        "apa",
        {"deck": {"citation_style": "apa"}},
        [{"title": "A", "bullets": ["[@dictref]"]}],
        ["(Smith, 2019)", "Smith, J. (2019)."],
    ),  # noqa: E501
    (
        "no-title-no-references",
        {"deck": {"title_slide": False, "references_slide": False}},
        [{"title": "Only", "bullets": ["[@dictref]"]}],
        ["!Forms | Every form", "!References"],
    ),  # noqa: E501
    (
        "agenda-generated",
        {"deck": {"agenda": "Plan for today"}},
        [{"title": "X", "bullets": ["x"]}],
        ["Plan for today | 1. Section title | Sub of s"],
    ),  # noqa: E501
]
SECTION_FORMS = [
    ("include-one", [{"include": "one.yaml"}], ["Included one", "From include | inc"]),
    ("include-list", [{"include": "many.yaml"}], ["Inc A | a", "Inc B | b"]),
    (
        "subsections-after-slides",
        [
            {
                "id": "p",
                "title": "Part",
                "number": 2,
                "slides": [{"title": "Own", "bullets": ["o"]}],
                "sections": [{"id": "c", "title": "Child", "slides": [{"bullets": ["c"]}]}],
            }
        ],
        ["2. Part", "Own | o", "2.1 Child", "Child | c"],
    ),  # noqa: E501
    (
        "subsections-instead",
        [
            {
                "id": "p",
                "title": "Part",
                "sections": [{"id": "c", "title": "Child", "slides": [{"bullets": ["c"]}]}],
            }
        ],
        ["Part", "1. Child"],
    ),  # noqa: E501
    (
        "no-divider",
        [
            {
                "id": "p",
                "title": "Part",
                "divider": False,
                "slides": [{"title": "T", "bullets": ["t"]}],
            }
        ],
        ["!Part"],
    ),  # noqa: E501
]


def _read_back(pptx: Path) -> list[str]:
    """Each slide as text: shapes in order; pictures and charts as <kind ...> tokens."""
    out = []
    for slide in Presentation(str(pptx)).slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame or shape.has_table:
                parts += shape_texts(shape)
            elif shape.has_chart:
                chart = shape.chart
                kind = {5: "pie", -4120: "doughnut", 57: "bar", 51: "column", 65: "line"}
                values = ",".join(f"{v:.1f}" for v in chart.plots[0].series[0].values)
                cats = ",".join(chart.plots[0].categories)
                parts.append(f"<chart {kind.get(int(chart.chart_type), '?')} {cats} {values}>")
            elif shape.shape_type == 13:  # picture
                descr = shape._element.xpath("./p:nvPicPr/p:cNvPr/@descr")
                parts.append(f"<picture {descr[0] if descr else ''}>")
        if slide.has_notes_slide:
            parts.append("notes: " + slide.notes_slide.notes_text_frame.text)
        out.append(" | ".join(parts))
    return out


def _forms_deck(here: Path, top: dict, sections: list) -> Path:
    import yaml
    from PIL import Image

    Image.new("RGB", (400, 300), (200, 60, 60)).save(here / "pic.png")
    write(here, "refs.bib", BIB)
    write(here, "refs.json", CSL)
    write(here, "more.yaml", "x: file\ny: file-y\n")
    write(here, "one.yaml", SEC_FILE)
    write(here, "many.yaml", SECS_FILE)
    deck = {
        "deck": {
            "title": "Forms",
            "subtitle": "Every form",
            "presenter": {"name": "Ann Example", "role": "Advisor", "email": "ann@example.org"},
            "organisation": "Org",
            "date": "2026-11-26",
        },
        "data": {"af": {"pct": {"value": 74, "cite": "sleed2022"}}},
        "references": REFS,
        "sections": sections,
    }
    for key, value in top.items():
        if key == "deck":
            deck["deck"].update(value)
        else:
            deck[key] = value
    path = here / "forms.yaml"
    path.write_text(yaml.safe_dump(deck, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _assert_shown(texts: list[str], expected: list[str]) -> None:
    joined = "\n".join(texts)
    for want in expected:
        if want.startswith("!"):
            assert not any(t.startswith(want[1:]) for t in texts), (want, texts)
        else:
            assert want in joined, (want, texts)


@pytest.mark.parametrize(
    ("top", "slides", "expected"), [c[1:] for c in FORMS], ids=[c[0] for c in FORMS]
)  # noqa: E501
def test_every_slide_form_the_spec_allows_builds(here, top, slides, expected):
    section = {"id": "s", "title": "Section title", "subtitle": "Sub of s", "slides": slides}
    path = _forms_deck(here, top, [section])
    result = build(path, BuildOptions(out_dir=here / "out"))
    assert not [
        w for w in result.warnings if w.code not in (Code.FONT_SUBSTITUTE, Code.REF_UNCITED)
    ]
    _assert_shown(_read_back(result.output), expected)


@pytest.mark.parametrize(
    ("sections", "expected"), [c[1:] for c in SECTION_FORMS], ids=[c[0] for c in SECTION_FORMS]
)  # noqa: E501
def test_every_section_form_the_spec_allows_builds(here, sections, expected):
    path = _forms_deck(here, {"references": {}}, sections)
    result = build(path, BuildOptions(out_dir=here / "out"))
    _assert_shown(_read_back(result.output), expected)
