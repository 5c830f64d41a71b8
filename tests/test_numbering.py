"""Section numbers on dividers and in the agenda (issue 16, point 3): `numbering: nested` gives
2, 2.1, 2.2; plain numbering is unchanged except that a subsection of a numbered section
continues its number (2.1, not a second "1."), and a number with its own parts or punctuation
gets no stray full stop."""

from __future__ import annotations

import pytest

from helpers.decks import run_cli, write
from slidegen.build import BuildOptions, build, plan_deck
from slidegen.conventions import NUMBERED_TITLE, auto_number, number_prefix

DECK = """\
deck: {{title: Talk, agenda: Plan, numbering: {numbering}}}
audiences: {{short: {{include_tags: [key]}}}}
sections:
  - id: why
    title: Why it matters
    slides: [{{bullets: [x], tags: [key]}}]
  - id: what-works
    title: What works
    {number}
    sections:
      - id: identify
        title: Identify and refer
        slides: [{{bullets: [x], tags: [key]}}]
      - id: treat
        title: Treat
        slides: [{{bullets: [x]}}]
      - id: follow-up
        title: Follow up
        {sub_number}
        slides: [{{bullets: [x], tags: [key]}}]
  - id: next
    title: Next steps
    slides: [{{bullets: [x], tags: [key]}}]
"""


def _titles(tmp_path, audience=None, **fill):
    values = {"numbering": "plain", "number": "", "sub_number": "", **fill}
    deck = write(tmp_path, "deck.yaml", DECK.format(**values))
    plan = plan_deck(deck, BuildOptions(audience=audience))
    dividers = [s.title.plain for s in plan.slides if s.layout == "section"]
    (agenda,) = [s for s in plan.slides if s.layout == "agenda"]
    lines = [f"{i.number}|{i.title.plain}" for i in agenda.content.items]
    return dividers, lines


def test_nested_numbering_numbers_every_section_and_its_subsections(tmp_path):
    dividers, agenda = _titles(tmp_path, numbering="nested")
    assert dividers == [
        "1. Why it matters",
        "2. What works",
        "2.1 Identify and refer",
        "2.2 Treat",
        "2.3 Follow up",
        "3. Next steps",
    ]
    assert agenda == ["1|Why it matters", "2|What works", "3|Next steps"]


def test_nested_numbering_puts_a_subsection_number_after_its_section(tmp_path):
    dividers, _ = _titles(tmp_path, numbering="nested", sub_number="number: 5")
    assert dividers[4] == "2.5 Follow up"
    dividers, _ = _titles(tmp_path, numbering="nested", sub_number="number: '2.9'")
    assert dividers[4] == "2.9 Follow up"  # a number of several parts is shown as written


def test_nested_numbers_follow_the_sections_an_audience_keeps(tmp_path):
    dividers, agenda = _titles(tmp_path, audience="short", numbering="nested")
    assert dividers == [
        "1. Why it matters",
        "2. What works",
        "2.1 Identify and refer",
        "2.2 Follow up",  # Treat is not in this version: no gap
        "3. Next steps",
    ]
    assert agenda == ["1|Why it matters", "2|What works", "3|Next steps"]


def test_plain_numbering_is_the_default_and_unchanged_for_top_level_sections(tmp_path):
    dividers, agenda = _titles(tmp_path)
    assert dividers == [
        "Why it matters",
        "What works",
        "1. Identify and refer",  # under a section showing no number: within it
        "2. Treat",
        "3. Follow up",
        "Next steps",
    ]
    assert agenda == ["1|Why it matters", "2|What works", "3|Next steps"]


def test_plain_subsections_of_a_numbered_section_continue_its_number(tmp_path):
    """Not "2. What works" followed by a divider "1. Identify and refer"."""
    dividers, agenda = _titles(tmp_path, number="number: 2")
    assert dividers[1:5] == [
        "2. What works",
        "2.1 Identify and refer",
        "2.2 Treat",
        "2.3 Follow up",
    ]
    assert agenda == ["1|Why it matters", "2|What works", "3|Next steps"]
    dividers, _ = _titles(tmp_path, number="number: 2", sub_number="number: 7")
    assert dividers[4] == "7. Follow up"  # a number written by hand is shown as written


def test_a_number_with_its_own_parts_or_full_stop_gets_no_second_one(tmp_path):
    dividers, agenda = _titles(tmp_path, number="number: '2.1'")
    assert dividers[1] == "2.1 What works"
    assert dividers[2] == "2.1.1 Identify and refer"
    dividers, _ = _titles(tmp_path, number="number: '2.'")
    assert dividers[1:3] == ["2. What works", "2.1 Identify and refer"]
    dividers, _ = _titles(tmp_path, number="number: B")
    assert dividers[1:3] == ["B. What works", "1. Identify and refer"]


def test_the_agenda_slide_shows_a_number_of_several_parts_without_a_full_stop(tmp_path):
    from pptx import Presentation

    deck = write(
        tmp_path, "deck.yaml", DECK.format(numbering="plain", number="number: '2.1'", sub_number="")
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    agenda = Presentation(str(result.output)).slides[1]
    lines = [p.text for sh in agenda.shapes if sh.has_text_frame for p in sh.text_frame.paragraphs]
    assert "2.1 What works" in lines and "1. Why it matters" in lines
    assert not any("2.1." in line for line in lines)


@pytest.mark.parametrize(
    "number, prefix",
    [
        ("2", "2. "),
        ("2.1", "2.1 "),
        ("2.", "2. "),
        ("1.2.3", "1.2.3 "),
        ("2b", "2b. "),
        ("A", "A. "),
    ],
)
def test_number_prefix(number, prefix):
    assert number_prefix(number) == prefix


def test_import_reads_numbers_of_several_parts_back():
    assert NUMBERED_TITLE.match("2.1 Identify and refer").groups() == ("2.1", "Identify and refer")
    assert NUMBERED_TITLE.match("2. What works").groups() == ("2", "What works")
    assert NUMBERED_TITLE.match("2.1. Older builds").groups() == ("2.1", "Older builds")
    assert NUMBERED_TITLE.match("2024 in review") is None
    assert (auto_number("2", 1), auto_number(None, 3), auto_number("B", 2)) == ("2.1", "3", "2")


def test_a_nested_deck_imports_back_to_the_same_titles(tmp_path):
    deck = write(tmp_path, "deck.yaml", DECK.format(numbering="nested", number="", sub_number=""))
    first = build(deck, BuildOptions(out_dir=tmp_path / "a"))
    result = run_cli("import", str(first.output), "--out", str(tmp_path / "imported"))
    assert result.exit_code == 0, result.output
    again = plan_deck(tmp_path / "imported" / "deck.yaml")
    titles = [s.title.plain for s in again.slides if s.layout == "section"]
    assert titles == [s.title.plain for s in first.plan.slides if s.layout == "section"]
