"""Resolve: data and placeholders, sourced values, inline markup, ids, numbering, hidden slides."""

from __future__ import annotations

import pytest

from helpers.decks import CORE, assert_build_fails, write
from slidegen.build import plan_deck
from slidegen.codes import Code
from slidegen.errors import Pos, SlidegenError
from slidegen.resolve.inline import Cite, parse_inline
from slidegen.text import Run


def _lookup(values: dict):
    def lookup(name, pos):
        value, cites = values[name]
        return value, cites

    return lookup


def test_inline_bold_italic_link_and_citations():
    parsed = parse_inline(
        "A **bold** and *it* [text](https://example.org) [@a] [@a; @b]", None, None
    )
    assert parsed.segments == [
        Run("A "),
        Run("bold", bold=True),
        Run(" and "),
        Run("it", italic=True),
        Run(" "),
        Run("text", url="https://example.org"),
        Run(" "),
        Cite(("a",)),
        Run(" "),
        Cite(("a", "b")),
    ]
    assert parsed.cites == ["a", "b"]


def test_inline_escapes_and_unpaired_stars_stay_literal():
    parsed = parse_inline(r"5 \* 3 \[@x] \{{ y }} and a lone * star", None, None)
    assert parsed.segments == [Run("5 * 3 [@x] {{ y }} and a lone * star")]
    assert parsed.cites == []


def test_bold_inside_a_link_and_a_placeholder_inside_bold():
    parsed = parse_inline(
        "[**big** link](https://e.org) **{{ n }} pairs**", None, _lookup({"n": ("1889", ())})
    )
    assert parsed.segments == [
        Run("big", bold=True, url="https://e.org"),
        Run(" link", url="https://e.org"),
        Run(" "),
        Run("1889 pairs", bold=True),
    ]
    assert parsed.data_keys == ["n"]


def test_placeholder_with_a_sourced_value_cites_its_source():
    parsed = parse_inline("{{ pct }}%", None, _lookup({"pct": ("74", ("sleed2022",))}))
    assert parsed.segments == [Run("74%")]
    assert parsed.cites == ["sleed2022"]


def test_non_web_link_is_refused():
    with pytest.raises(SlidegenError) as exc:
        parse_inline("[x](file:///etc/passwd)", Pos("d.yaml", 3, 9), None)
    assert str(exc.value) == (
        "d.yaml:3:9: error: link target 'file:///etc/passwd' is not a web or mail address"
        " (use https://..., http://... or mailto:...)"
    )


@pytest.fixture(scope="module")
def basic_plan():
    return plan_deck(CORE / "basic.yaml")


def _by_id(plan):
    return {s.id: s for s in plan.slides}


def test_slide_order_ids_and_generated_slides(basic_plan):
    assert [(s.id, s.layout, s.title.plain, s.generated) for s in basic_plan.slides] == [
        ("title", "title", "Core layouts", True),
        ("agenda", "agenda", "Plan for today", True),
        ("part-one-divider", "section", "1. First part", True),
        ("summary", "bullets", "Summary", False),
        ("part-one-2", "stat", "First part", False),  # untitled: its section's title
        ("domain-a-divider", "section", "1.1 Strengthening relationships", True),
        ("domain-a-1", "statement", "Strengthening relationships", False),
        ("a-quote", "quote", "Strengthening relationships", False),
        ("ratios", "stat", "Children taken into care", False),
        ("domain-b-divider", "section", "1.2 Caregivers' mental health", True),
        ("cited", "bullets", "Cited with cite", False),
        ("agenda-again", "agenda", "Plan for today", False),
        ("part-two-divider", "section", "2. Second part", True),
        ("close", "closing", "Discussion", False),
        ("references", "references", "References", True),
    ]


def test_hidden_slide_is_left_out_with_its_citations(tmp_path):
    deck = write(
        tmp_path,
        "h.yaml",
        "deck: {title: T, title_slide: false}\n"
        "references:\n  r1: {type: report, authors: ['Doe, J.'], year: 2020, title: R}\n"
        "sections:\n  - id: s\n    title: S\n    divider: false\n    slides:\n"
        "      - {id: shown, bullets: [a]}\n"
        "      - {id: secret, hidden: true, cite: [r1], bullets: [b]}\n",
    )
    plan = plan_deck(deck)
    assert [s.id for s in plan.slides] == ["shown"]  # and no references slide
    assert plan.cited == []


def test_sourced_values_give_the_slide_a_source_line(basic_plan):
    slides = _by_id(basic_plan)
    stat = slides["part-one-2"]
    assert stat.content.stats[0].value.plain == "74%"
    assert stat.source.plain == "Sleed et al. (2022)"
    assert "review.pct" in stat.data_keys
    ratios = slides["ratios"]
    assert [s.value.plain for s in ratios.content.stats] == ["1:4", "1:10"]
    assert ratios.source.plain == "Smith and Jones (2017)"
    # `cite:` lists make the source line too, in the order given
    assert slides["cited"].source.plain == "Sleed et al. (2022); O'Hara, Smith and Barlow (2019)"


def test_inline_citation_is_in_the_text_not_in_a_source_line(basic_plan):
    summary = _by_id(basic_plan)["summary"]
    first = summary.content.bullets[0][1]
    assert first.plain == "A bold and italic link (O'Hara, Smith and Barlow, 2019)"
    assert summary.source is None
    assert summary.cites == ["ohara2019"]
    assert [(lvl, t.plain) for lvl, t in summary.content.bullets[1:]] == [
        (0, "Parent bullet"),
        (1, "Child bullet"),
        (2, "Grandchild bullet"),
    ]


def test_notes_keep_paragraphs_markup_and_data(basic_plan):
    notes = _by_id(basic_plan)["summary"].notes
    assert [n.plain for n in notes] == [
        "First paragraph with bold notes and 12 items.",
        "Second paragraph citing (O'Hara, Smith and Barlow, 2019).",
    ]
    assert Run("bold notes", bold=True) in notes[0].runs


def test_agenda_items_and_highlight(basic_plan):
    slides = _by_id(basic_plan)
    first = slides["agenda"].content.items
    assert [(i.number, i.title.plain, i.highlight) for i in first] == [
        ("1", "First part", False),
        ("2", "Second part", False),
    ]
    again = slides["agenda-again"].content.items
    assert [i.highlight for i in again] == [False, True]


def test_references_are_the_cited_ones(basic_plan):
    assert sorted(basic_plan.cited) == ["ohara2019", "sleed2022", "smith2017"]


def test_data_files_merge_in_order_and_the_deck_data_wins():
    plan = plan_deck(CORE / "data-files.yaml")
    figures = _by_id(plan)["figures"]
    assert [t.plain for _, t in figures.content.bullets] == ["1 then 22 then 3", "99 cited"]
    assert figures.source.plain == "Doe (2020)"
    assert any(p.name == "evidence.yaml" for p in plan.inputs)


def test_explicit_numbers_and_subsection_numbering(tmp_path):
    deck = write(
        tmp_path,
        "n.yaml",
        "deck: {title: T, title_slide: false}\nsections:\n"
        "  - id: a\n    title: Part A\n    number: A\n    sections:\n"
        "      - {id: a1, title: One, slides: [{bullets: [x]}]}\n"
        "      - {id: a2, title: Two, number: '2b', slides: [{bullets: [x]}]}\n"
        "  - id: b\n    title: Part B\n    slides: [{bullets: [x]}]\n",
    )
    plan = plan_deck(deck)
    dividers = [s.title.plain for s in plan.slides if s.layout == "section"]
    assert dividers == ["A. Part A", "1. One", "2b. Two", "Part B"]


BAD_RESOLVE = {
    "bad-placeholder.yaml": [
        "bad-placeholder.yaml:9:13: error: no data value for '{{ review.interaction_pct }}'"
        " (did you mean 'review.interactions_pct'?)"
    ],
    "bad-citation.yaml": [
        "bad-citation.yaml:9:15: error: citation of unknown reference 'sleed2021'"
        " (did you mean 'sleed2022'?)"
    ],
    "bad-duplicate-id.yaml": [
        "bad-duplicate-id.yaml:8:9: error: duplicate slide id 'intro'"
        " (first used at bad-duplicate-id.yaml:6:9)"
    ],
    "bad-bullets-depth.yaml": [
        "bad-bullets-depth.yaml:12:31: error: bullets nest 3 levels deep at most"
    ],
    "bad-highlight.yaml": [
        "bad-highlight.yaml:7:20: error: 'highlight': no top-level section has id 'evidense'"
        " (did you mean 'evidence'?)"
    ],
    "bad-link.yaml": [
        "bad-link.yaml:7:15: error: link target 'javascript:alert(1' is not a web or mail"
        " address (use https://..., http://... or mailto:...)"
    ],
    # every resolve error of the file in one run, sorted by position, each reported once
    "bad-resolve-many.yaml": [
        "bad-resolve-many.yaml:6:12: error: no data value for '{{ nope }}'",
        "bad-resolve-many.yaml:9:15: error: citation of unknown reference 'doe2021'"
        " (did you mean 'doe2020'?)",
        "bad-resolve-many.yaml:10:19: error: no data value for '{{ missing }}'",
        "bad-resolve-many.yaml:10:36: error: citation of unknown reference 'roe2020'"
        " (did you mean 'doe2020'?)",
        "bad-resolve-many.yaml:11:9: error: duplicate slide id 'a'"
        " (first used at bad-resolve-many.yaml:8:9)",
        "bad-resolve-many.yaml:13:16: error: no data value for '{{ a.b }}'",
    ],
}


@pytest.mark.parametrize("deck", sorted(BAD_RESOLVE))
def test_bad_input_is_reported_and_nothing_written(deck, tmp_path, monkeypatch):
    assert_build_fails(deck, BAD_RESOLVE[deck], tmp_path / "out", monkeypatch)


def test_duplicate_id_with_a_generated_slide(tmp_path):
    deck = write(
        tmp_path,
        "g.yaml",
        "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    slides:\n"
        "      - {id: title, bullets: [a]}\n",
    )
    with pytest.raises(SlidegenError) as exc:
        plan_deck(deck)
    assert [d.message for d in exc.value.diagnostics] == [
        "duplicate slide id 'title' (the generated title slide uses it)"
    ]
    assert exc.value.diagnostics[0].pos.line == 6


def test_default_titles_of_placed_structural_slides(tmp_path):
    deck = write(
        tmp_path,
        "t.yaml",
        "deck: {title: Deck title, title_slide: false}\nsections:\n  - id: s\n    title: S\n"
        "    divider: false\n    slides:\n"
        "      - {layout: title}\n      - {layout: agenda}\n      - {layout: section}\n"
        "      - {layout: bullets}\n      - {layout: closing}\n      - {layout: references}\n",
    )
    plan = plan_deck(deck)
    assert [(s.layout, s.title.plain) for s in plan.slides] == [
        ("title", "Deck title"),
        ("agenda", "Agenda"),  # deck.agenda when set
        ("section", "S"),
        ("bullets", "S"),
        ("closing", "Discussion"),
        ("references", "References"),
    ]


def test_references_slide_listing_all_does_not_warn_about_uncited_works(tmp_path):
    from slidegen.errors import Diagnostics

    refs = (
        "references:\n"
        "  a2020: {type: book, authors: ['Ash, A.'], year: 2020, title: A, publisher: P}\n"
        "  b2021: {type: book, authors: ['Birch, B.'], year: 2021, title: B, publisher: P}\n"
    )
    text = (
        "deck: {title: T}\n"
        + refs
        + (
            "sections:\n  - id: s\n    title: S\n    slides:\n"
            "      - {text: 'One [@a2020].', layout: statement}\n"
            "      - {layout: references, all: ALL}\n"
        )
    )
    for all_flag, expected in (("true", []), ("false", ["b2021"])):
        deck = write(tmp_path, "d.yaml", text.replace("ALL", all_flag))
        diags = Diagnostics()
        plan_deck(deck, diags=diags)
        uncited = [d.message.split("'")[1] for d in diags.warnings if d.code == Code.REF_UNCITED]
        assert uncited == expected


@pytest.mark.parametrize("cite", ["5", "true", "1.5", "{a: b}"])
def test_a_sourced_value_whose_cite_is_not_an_id_is_a_located_error(tmp_path, cite):
    """`cite: 5` under a data value crashed with a TypeError (found by fuzzing)."""
    from helpers.decks import run_cli

    deck = tmp_path / "d.yaml"
    deck.write_text(
        f"deck: {{title: T}}\ndata: {{a: {{value: 1, cite: {cite}}}}}\n"
        'sections: [{id: s, title: S, slides: [{bullets: ["{{ a }}"]}]}]\n',
        encoding="utf-8",
    )
    result = run_cli("build", str(deck), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    (line,) = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert line.startswith(f"{deck}:2:28: error: 'cite' of data value 'a' must be a reference id")
