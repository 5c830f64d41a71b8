"""Rendering the core layouts: what a viewer sees on each slide, read back from the .pptx."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu

from helpers.decks import CORE, slides, write
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@pytest.fixture(scope="module")
def basic(tmp_path_factory):
    out = tmp_path_factory.mktemp("basic")
    result = build(CORE / "basic.yaml", BuildOptions(out_dir=out))
    assert_structure(result.output)
    return result.output


def test_slide_titles_in_order(basic):
    assert [s.title for s in slides(basic)] == [
        "Core layouts",
        "Plan for today",
        "1. First part",
        "Summary",
        "First part",
        "1.1 Strengthening relationships",
        "Strengthening relationships",
        "Strengthening relationships",
        "Children taken into care",
        "1.2 Caregivers' mental health",
        "Cited with cite",
        "Plan for today",
        "2. Second part",
        "Discussion",
        "References",
    ]


def test_every_slide_has_a_title_placeholder_with_text(basic):
    for i, slide in enumerate(Presentation(basic).slides, 1):
        title = slide.shapes.title
        assert title is not None and title.is_placeholder, f"slide {i}"
        assert title.text_frame.text.strip(), f"slide {i}"
        assert list(slide.shapes)[0].shape_id == title.shape_id, f"slide {i}: title not first"


def test_nothing_lies_outside_the_slide(basic):
    prs = Presentation(basic)
    w, h = prs.slide_width, prs.slide_height
    for i, slide in enumerate(prs.slides, 1):
        for shape in slide.shapes:
            if shape.width is None:  # inherits its box from the layout
                continue
            assert shape.left >= 0 and shape.top >= 0, (i, shape.name)
            assert shape.left + shape.width <= w, (i, shape.name)
            assert shape.top + shape.height <= h, (i, shape.name)


def test_every_text_run_carries_the_deck_language(tmp_path):
    deck = write(
        tmp_path,
        "cy.yaml",
        (CORE / "basic.yaml")
        .read_text(encoding="utf-8")
        .replace("agenda: Plan", "language: cy-GB\n  agenda: Plan"),
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    with zipfile.ZipFile(result.output) as zf:
        parts = [n for n in zf.namelist() if n.startswith(("ppt/slides/slide", "ppt/notesSlides/"))]
        assert any("notesSlides" in n for n in parts)
        for name in parts:
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(zf.read(name))
            for r in root.iter(f"{A}r", f"{A}fld"):
                rpr = r.find(f"{A}rPr")
                assert rpr is not None and rpr.get("lang") == "cy-GB", (name, etree.tostring(r))


def test_bullets_three_levels_and_inline_formatting(basic):
    view = slides(basic)[3]
    body = next(s for s in view.slide.placeholders if s.placeholder_format.idx == 1)
    paras = body.text_frame.paragraphs
    assert [(p.level, p.text) for p in paras] == [
        (0, "A bold and italic link (O'Hara, Smith and Barlow, 2019)"),
        (0, "Parent bullet"),
        (1, "Child bullet"),
        (2, "Grandchild bullet"),
    ]
    runs = {r.text: r for r in paras[0].runs}
    assert runs["bold"].font.bold is True
    assert runs["italic"].font.italic is True
    assert runs["link"].hyperlink.address == "https://example.org/a"


def test_speaker_notes_keep_their_formatting(basic):
    view = slides(basic)[3]
    assert view.notes == [
        "First paragraph with bold notes and 12 items.",
        "Second paragraph citing (O'Hara, Smith and Barlow, 2019).",
    ]
    tf = view.slide.notes_slide.notes_text_frame
    bold = [r.text for p in tf.paragraphs for r in p.runs if r.font.bold]
    assert bold == ["bold notes"]


def test_title_slide_shows_the_deck_metadata(basic):
    view = slides(basic)[0]
    assert view.paragraphs == [
        "A small deck for tests",
        "Ann Example",
        "National Advisor",
        "ann@example.org",
        "Example Foundation · 2 January 2026",
    ]


def test_stat_figures_with_labels_and_source_line(basic):
    one = slides(basic)[4]
    assert one.paragraphs == [
        "74%",
        "of the studies showed an improvement",
        "Source: Sleed et al. (2022)",
    ]
    two = slides(basic)[8]
    names = [s.name for s in two.slide.shapes]
    assert names == ["Title 1", "Figure 1", "Label 1", "Figure 2", "Label 2", "Source"]
    assert two.paragraphs == ["1:4", "before", "1:10", "after", "Source: Smith and Jones (2017)"]
    f1, f2 = two.slide.shapes[1], two.slide.shapes[3]
    assert f1.top == f2.top and f1.left < f2.left  # side by side, reading left to right


@pytest.mark.parametrize("n", [1, 2, 3, 4])
def test_stat_holds_one_to_four_figures(n, tmp_path):
    stats = "".join(f"          - {{value: '{i}0%', label: label {i}}}\n" for i in range(1, n + 1))
    deck = write(
        tmp_path,
        "s.yaml",
        "deck: {title: T, title_slide: false}\nsections:\n  - id: s\n    title: S\n"
        f"    divider: false\n    slides:\n      - layout: stat\n        stats:\n{stats}",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert_structure(result.output)
    (view,) = slides(result.output)
    assert view.paragraphs == [x for i in range(1, n + 1) for x in (f"{i}0%", f"label {i}")]
    tops = {s.top for s in view.slide.shapes if s.name.startswith("Figure")}
    assert len(tops) == 1


def test_statement_and_quote(basic):
    statement, quote = slides(basic)[6], slides(basic)[7]
    assert statement.paragraphs == ["One key message, large.", "— The review team"]
    assert quote.paragraphs == ["\u201cEvidence that speaks together\u201d", "— A lab"]
    assert all(r.font.italic for r in quote.slide.shapes[1].text_frame.paragraphs[0].runs)
    for view in (statement, quote):
        for shape in list(view.slide.shapes)[1:]:
            assert not shape.is_placeholder  # text boxes: no inherited bullets


def test_agendas_generated_and_explicit_with_highlight(basic):
    generated, again = slides(basic)[1], slides(basic)[11]
    assert generated.paragraphs == ["1. First part", "What we know", "2. Second part"]
    assert again.paragraphs == generated.paragraphs
    body = next(s for s in again.slide.placeholders if s.placeholder_format.idx == 1)
    paras = body.text_frame.paragraphs
    part2 = paras[2].runs
    assert all(r.font.bold for r in part2)
    accent = {r.font.color.theme_color for r in part2}
    others = {r.font.color.theme_color for r in paras[0].runs}
    assert len(accent) == 1 and len(others) == 1 and accent != others
    assert not any(r.font.bold for r in paras[0].runs)
    for p in paras:  # items are numbered text, not bullets
        assert p._p.pPr.find(f"{A}buNone") is not None


def test_section_dividers_number_subsections_within_their_parent(basic):
    views = slides(basic)
    dividers = [v for v in views if v.slide.slide_layout.name == "Section Header"]
    assert [(v.title, v.paragraphs) for v in dividers] == [
        ("1. First part", ["What we know"]),
        ("2. Second part", []),
    ]
    # a subsection's divider is a light slide, so two dark dividers never follow each other
    light = [v.title for v in views if v.slide.name.endswith("-divider")]
    assert light == [
        "1. First part",
        "1.1 Strengthening relationships",
        "1.2 Caregivers' mental health",
        "2. Second part",
    ]
    sub = next(v for v in views if v.title == "1.1 Strengthening relationships")
    assert sub.slide.slide_layout.name == "Title Only"
    assert any(s.name == "Rule" for s in sub.slide.shapes)  # the accent rule over the title


def test_closing_slide_shows_contact_details(basic):
    view = slides(basic)[13]
    assert view.paragraphs == [
        "Questions?",
        "Ann Example",
        "National Advisor",
        "ann@example.org",
        "Example Foundation",
    ]
    body = next(s for s in view.slide.placeholders if s.placeholder_format.idx == 1)
    email = body.text_frame.paragraphs[3].runs[0]
    assert email.hyperlink.address == "mailto:ann@example.org"


def test_references_slide_harvard_in_author_order_with_links(basic):
    view = slides(basic)[-1]
    assert view.paragraphs == [
        "O'Hara, L., Smith, E.R. and Barlow, J. (2019) \u2018Video feedback for parental"
        " sensitivity\u2019, Cochrane Database of Systematic Reviews."
        " Available at: https://example.org/ohara.",
        "Sleed, M., Li, E., Vainieri, I. and Midgley, N. (2022) The Evidence Base for"
        " Interventions. London: Anna Freud Centre. Available at: https://example.org/sleed.",
        "Smith, K. and Jones, P. (2017) \u2018The Norfolk project\u2019, in Infant Mental"
        " Health in Practice. Abingdon: Routledge.",
    ]
    links = [
        r.hyperlink.address
        for shape in view.slide.shapes
        if shape.has_text_frame
        for p in shape.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert links == ["https://example.org/ohara", "https://example.org/sleed"]


def test_long_reference_list_continues_on_further_slides(tmp_path):
    refs = "".join(
        f"  r{i:02d}:\n    type: report\n    authors: ['Author{i:02d}, A.', 'Other, B.']\n"
        f"    year: {2000 + i}\n    title: A rather long report title number {i} about"
        f" parent-infant relationship teams and their evaluation in practice\n"
        f"    publisher: A Publisher\n    url: https://example.org/r{i}\n"
        for i in range(1, 21)
    )
    cites = "; ".join(f"@r{i:02d}" for i in range(1, 21))
    deck = write(
        tmp_path,
        "refs.yaml",
        f"deck: {{title: T, title_slide: false}}\nreferences:\n{refs}"
        "sections:\n  - id: s\n    title: S\n    divider: false\n"
        f"    slides:\n      - bullets: ['All of them [{cites}]']\n",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert_structure(result.output)
    views = slides(result.output)[1:]
    titles = [v.title for v in views]
    assert titles[:2] == ["References", "References (2)"]
    assert titles == ["References"] + [f"References ({i})" for i in range(2, len(titles) + 1)]
    entries = [p for v in views for p in v.paragraphs]
    assert len(entries) == 20
    assert [e[:8] for e in entries] == [f"Author{i:02d}" for i in range(1, 21)]
    box_bottom = Emu(Presentation(result.output).slide_height) - Emu(914400)  # above footer
    for v in views:
        body = next(s for s in v.slide.placeholders if s.placeholder_format.idx == 1)
        assert body.top + body.height <= box_bottom


def test_no_references_slide_when_nothing_is_cited_or_when_switched_off(tmp_path):
    base = (
        "deck: {{title: T, title_slide: false{extra}}}\n"
        "references:\n  r1: {{type: report, authors: ['Doe, J.'], year: 2020, title: R}}\n"
        "sections:\n  - id: s\n    title: S\n    divider: false\n    slides:\n"
        "      - {{bullets: ['{text}']}}\n"
    )
    uncited = write(tmp_path, "u.yaml", base.format(extra="", text="no citation"))
    off = write(
        tmp_path, "o.yaml", base.format(extra=", references_slide: false", text="cites [@r1]")
    )
    for deck in (uncited, off):
        result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
        assert [v.title for v in slides(result.output)] == ["S"]
    # ... and the uncited reference is warned about
    result = build(uncited, BuildOptions(out_dir=tmp_path / "out"))
    assert [w.message for w in result.warnings if "r1" in w.message] == [
        "reference 'r1' is not cited by any slide"
    ]


def test_right_to_left_language_marks_paragraphs_right_to_left(tmp_path):
    deck = write(
        tmp_path,
        "rtl.yaml",
        'deck: {title: "שלום עולם", language: he-IL, title_slide: false}\n'
        "sections:\n"
        '  - {id: a, title: "פרק", divider: false, slides: [{bullets: ["טקסט", "עוד"]}]}\n',
    )
    out = build(deck, BuildOptions(out_dir=tmp_path / "out")).output
    shapes = Presentation(out).slides[0].shapes
    paragraphs = [p for sh in shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    assert [p.text for p in paragraphs] == ["פרק", "טקסט", "עוד"]
    for p in paragraphs:
        ppr = p._p.pPr
        assert ppr.get("rtl") == "1" and ppr.get("algn") == "r"
