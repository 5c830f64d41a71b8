"""Agendas anywhere (issue 18, point 4): an agenda slide placed in any section repeats the
deck's agenda with the section that comes next highlighted; a section holding only agenda
slides is not listed, numbered or given a divider."""

from __future__ import annotations

from helpers.decks import write
from slidegen.build import BuildOptions, plan_deck

# The natural first try: each repeated agenda in a section of its own, between the parts.
BETWEEN = """\
deck: {title: Talk, agenda: Plan for today}
audiences:
  short: {include_tags: [key]}
sections:
  - id: why
    title: Why it matters
    number: 1
    slides: [{bullets: [x], tags: [key]}]
  - id: where-1
    title: Where we are
    slides: [{layout: agenda}]
  - id: what-works
    title: What works
    number: 2
    slides: [{bullets: [x]}]
  - id: where-2
    title: Where we are
    slides: [{layout: agenda}]
  - id: next
    title: Next steps
    number: 3
    slides: [{bullets: [x], tags: [key]}]
"""


def _agendas(plan):
    return [
        (
            s.id,
            s.title.plain,
            [
                f"{i.number}. {i.title.plain}" + (" *" if i.highlight else "")
                for i in s.content.items
            ],
        )
        for s in plan.slides
        if s.layout == "agenda"
    ]


def test_agendas_in_sections_of_their_own_list_only_the_parts(tmp_path):
    """Was: 1, 2 Where we are, 2 What works, 4 Where we are, 3 Next steps."""
    plan = plan_deck(write(tmp_path, "deck.yaml", BETWEEN))
    parts = ["1. Why it matters", "2. What works", "3. Next steps"]
    assert _agendas(plan) == [
        ("agenda", "Plan for today", parts),
        ("where-1-1", "Where we are", ["1. Why it matters", "2. What works *", "3. Next steps"]),
        ("where-2-1", "Where we are", ["1. Why it matters", "2. What works", "3. Next steps *"]),
    ]
    ids = [s.id for s in plan.slides]
    assert "where-1-divider" not in ids and "where-2-divider" not in ids
    assert ids.index("where-1-1") + 1 == ids.index("what-works-divider")


def test_the_next_section_for_an_audience_is_the_next_one_it_keeps(tmp_path):
    plan = plan_deck(write(tmp_path, "deck.yaml", BETWEEN), BuildOptions(audience="short"))
    assert _agendas(plan)[1:] == [
        ("where-1-1", "Where we are", ["1. Why it matters", "3. Next steps *"]),
        ("where-2-1", "Where we are", ["1. Why it matters", "3. Next steps *"]),
    ]


def test_an_agenda_at_the_end_of_a_part_highlights_the_next_part(tmp_path):
    deck = write(
        tmp_path,
        "deck.yaml",
        """\
        deck: {title: Talk}
        sections:
          - id: one
            title: One
            slides:
              - {bullets: [x]}
              - {id: back-to-plan, layout: agenda, title: Where we are}
          - id: two
            title: Two
            sections:
              - {id: two-a, title: Two A, slides: [{bullets: [y]}]}
          - id: three
            title: Three
            slides:
              - {bullets: [z]}
              - {id: at-the-end, layout: agenda}
        """.replace("        ", ""),
    )
    agendas = dict((sid, items) for sid, _t, items in _agendas(plan_deck(deck)))
    assert agendas["back-to-plan"] == ["1. One", "2. Two *", "3. Three"]
    assert agendas["at-the-end"] == ["1. One", "2. Two", "3. Three"]  # nothing follows


def test_an_opening_agenda_and_highlight_false_highlight_nothing(tmp_path):
    deck = write(
        tmp_path,
        "deck.yaml",
        "deck: {title: Talk, title_slide: false}\nsections:\n"
        "  - id: one\n    title: One\n    divider: false\n"
        "    slides: [{id: opening, layout: agenda}, {bullets: [x]}]\n"
        "  - id: two\n    title: Two\n"
        "    slides: [{id: plain, layout: agenda, highlight: false}, {bullets: [y]}]\n",
    )
    agendas = dict((sid, items) for sid, _t, items in _agendas(plan_deck(deck)))
    assert agendas == {"opening": ["1. One", "2. Two"], "plain": ["1. One", "2. Two"]}


def test_holders_are_not_numbered(tmp_path):
    deck = write(
        tmp_path,
        "deck.yaml",
        BETWEEN.replace("    number: 2\n", "")
        .replace("    number: 3\n", "")
        .replace("{title: Talk,", "{title: Talk, numbering: nested,"),
    )
    plan = plan_deck(deck)
    dividers = [s.title.plain for s in plan.slides if s.layout == "section"]
    assert dividers == ["1. Why it matters", "2. What works", "3. Next steps"]


def test_a_highlight_naming_a_section_of_its_own_lists_it(tmp_path):
    """The spec's form `highlight: <its own section>` still shows that section."""
    deck = write(
        tmp_path,
        "deck.yaml",
        "deck: {title: Talk}\nsections:\n  - id: s\n    title: Only\n"
        "    slides: [{layout: agenda, title: Today, highlight: s}]\n",
    )
    assert _agendas(plan_deck(deck)) == [("s-1", "Today", ["1. Only *"])]
