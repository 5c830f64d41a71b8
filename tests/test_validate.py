"""Validation: every key of the spec accepted, unknown keys and wrong types named and located."""

from __future__ import annotations

import pytest

from helpers.decks import assert_build_fails
from slidegen.errors import SlidegenError
from slidegen.load import parse_yaml
from slidegen.schema.validate import validate_deck

# Every key the deck format (version 1) gives the top level, `deck:`, sections and the core
# layouts, in one deck: it must validate.
EVERY_KEY = """\
deck:
  id: every-key
  title: Every key
  subtitle: Sub
  presenter: {name: Ann, role: Advisor, email: ann@example.org}
  organisation: Org
  date: 2026-11-26
  theme: default
  language: en-GB
  agenda: Plan for today
  title_slide: true
  citation_style: apa
  references_slide: false
data: {a: {b: 1}, s: {value: 2, cite: r1}}
data_files: []
references:
  r1:
    type: report
    authors: ["Doe, J.", {family: Roe, given: Rita}]
    year: 2020
    title: A report
    container: null
    publisher: Pub
    place: London
    url: https://example.org
    note: A note
audiences:
  short: {description: Short, include_tags: [k], exclude_tags: [x], subtitle: Short talk}
sections:
  - id: one
    title: One
    subtitle: First
    number: 1
    divider: true
    tags: [k]
    audiences: [short]
    slides:
      - {id: t, layout: title, title: Title, notes: n, cite: [r1], tags: [k], audiences: [short],
         hidden: false}
      - {layout: agenda, items: [A, B], highlight: one}
      - {layout: section, title: Div, subtitle: Sub}
      - {layout: bullets, bullets: [a, {text: b, bullets: [c, {text: d, bullets: [e]}]}]}
      - {layout: statement, text: T, attribution: A}
      - {layout: quote, text: Q, attribution: A}
      - {layout: stat, value: "1", label: L}
      - {layout: stat, stats: [{value: "1", label: a}, {value: "2", label: b}]}
      - {layout: references, title: Works, all: true}
      - {layout: closing, title: Thanks, text: Bye}
    sections:
      - id: sub
        title: Sub
        slides: [{bullets: [x]}]
"""


def _errors(text: str) -> list[str]:
    with pytest.raises(SlidegenError) as exc:
        validate_deck(parse_yaml(text, "d.yaml"), "d.yaml")
    return [d.format() for d in exc.value.diagnostics]


def test_every_key_of_the_spec_validates():
    deck = validate_deck(parse_yaml(EVERY_KEY, "d.yaml"), "d.yaml")
    meta = deck.deck
    assert (meta.id, meta.citation_style, meta.references_slide, str(meta.date)) == (
        "every-key",
        "apa",
        False,
        "2026-11-26",
    )
    layouts = [s.layout for s in deck.sections[0].slides]
    assert layouts == [
        "title",
        "agenda",
        "section",
        "bullets",
        "statement",
        "quote",
        "stat",
        "stat",
        "references",
        "closing",
    ]
    assert deck.sections[0].sections[0].slides[0].layout == "bullets"  # the default layout
    assert deck.sections[0].where("title").line == 31


def test_defaults_of_the_spec():
    deck = validate_deck(
        parse_yaml("deck: {title: T}\nsections: [{id: s, title: S}]\n", "d.yaml"), "d.yaml"
    )
    m = deck.deck
    assert (m.theme, m.language, m.title_slide, m.citation_style, m.references_slide) == (
        "default",
        "en-GB",
        True,
        "harvard",
        True,
    )
    assert deck.sections[0].divider is True


def test_single_string_accepted_where_a_list_of_ids_is_expected():
    deck = validate_deck(
        parse_yaml(
            "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    tags: k\n"
            "    slides: [{cite: r1, bullets: [a]}]\n",
            "d.yaml",
        ),
        "d.yaml",
    )
    assert deck.sections[0].tags == ["k"]
    assert deck.sections[0].slides[0].cite == ["r1"]


def test_unknown_key_in_a_nested_bullet_names_the_nearest_key():
    assert _errors(
        "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    slides:\n"
        "      - bullets:\n          - {text: a, bulets: [b]}\n"
    ) == ["d.yaml:7:23: error: unknown key 'bulets' in bullet (did you mean 'bullets'?)"]


def test_unknown_keys_in_audience_and_reference_name_their_entry():
    assert _errors(
        "deck: {title: T, presenter: {name: A, rol: x}}\n"
        "audiences:\n  comm: {includ_tags: [a]}\n"
        "references:\n  r1: {title: X, yeer: 2020}\n"
        "sections: [{id: s, title: S}]\n"
    ) == [
        "d.yaml:1:39: error: unknown key 'rol' in 'presenter' (did you mean 'role'?)",
        "d.yaml:3:10: error: unknown key 'includ_tags' in audience 'comm'"
        " (did you mean 'include_tags'?)",
        "d.yaml:5:18: error: unknown key 'yeer' in reference 'r1' (did you mean 'year'?)",
    ]


def test_missing_top_level_keys():
    assert _errors("data: {}\n") == [
        "d.yaml:1:1: error: missing required key 'deck' in the deck file",
        "d.yaml:1:1: error: missing required key 'sections' in the deck file",
    ]


def test_wrong_enumerated_value_suggests_the_nearest():
    assert _errors("deck: {title: T, citation_style: harvad}\nsections: [{id: s, title: S}]\n") == [
        "d.yaml:1:34: error: 'citation_style': expected 'harvard' or 'apa', found 'harvad'"
        " (did you mean 'harvard'?)"
    ]


def test_bad_slug_and_language():
    assert _errors(
        "deck: {title: T, language: English!}\nsections: [{id: my section, title: S}]\n"
    ) == [
        "d.yaml:1:28: error: 'language': expected a language tag like en-GB, found 'English!'",
        "d.yaml:2:17: error: 'id': 'my section' is not a valid id"
        " (letters, digits, '-', '_' and '.', no spaces)",
    ]


def test_stat_needs_one_form():
    assert _errors(
        "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    slides:\n"
        "      - {layout: stat, label: only a label}\n"
        "      - {layout: stat, value: '1', stats: [{value: '2'}]}\n"
    ) == [
        "d.yaml:6:9: error: a stat slide needs 'value' (and 'label') or 'stats'",
        "d.yaml:7:9: error: give either 'value' and 'label' or 'stats', not both",
    ]


BAD_VALIDATE = {
    # every error of the file in one run, sorted by position
    "bad-unknown-keys.yaml": [
        "bad-unknown-keys.yaml:3:3: error: unknown key 'subtitel' in 'deck'"
        " (did you mean 'subtitle'?)",
        "bad-unknown-keys.yaml:9:9: error: unknown key 'bulets' in a 'bullets' slide"
        " (did you mean 'bullets'?)",
        "bad-unknown-keys.yaml:12:9: error: unknown key 'lable' in a 'stat' slide"
        " (did you mean 'label'?)",
        "bad-unknown-keys.yaml:13:17: error: unknown layout 'statment'; expected one of:"
        " title, agenda, section, bullets, statement, quote, stat, image, two-column, table,"
        " chart, references, closing (did you mean 'statement'?)",
        "bad-unknown-keys.yaml:15:1: error: unknown key 'sectons' in the deck file"
        " (did you mean 'sections'?)",
    ],
    "bad-types.yaml": [
        "bad-types.yaml:3:9: error: 'date': expected a date like 2026-11-26, found a string",
        "bad-types.yaml:4:16: error: 'title_slide': expected true or false, found a string",
        "bad-types.yaml:9:18: error: 'bullets': expected a list of bullets, found a string",
        "bad-types.yaml:10:16: error: 'title': expected text, found a list",
        "bad-types.yaml:11:17: error: 'hidden': expected true or false, found a number (3)",
        "bad-types.yaml:12:9: error: missing required key 'text' in a 'quote' slide",
    ],
    "bad-stat-count.yaml": [
        "bad-stat-count.yaml:8:11: error: 'stats': at most 4 items allowed, found 5"
    ],
}


@pytest.mark.parametrize("deck", sorted(BAD_VALIDATE))
def test_bad_input_is_reported_and_nothing_written(deck, tmp_path, monkeypatch):
    assert_build_fails(deck, BAD_VALIDATE[deck], tmp_path / "out", monkeypatch)


def test_blank_deck_title_is_an_error():
    text = 'deck: {title: "   "}\nsections: [{id: a, title: A}]\n'
    assert _errors(text) == ["d.yaml:1:15: error: 'title': must not be blank"]


def test_no_field_default_is_a_builtin_factory():
    """pydantic reads each default factory's signature when it builds a validator; for a
    builtin (`list`, `dict`) that means tokenising its text signature: about 10 ms of every
    build's first validation. model.new_list / new_dict are plain functions instead."""
    import inspect

    from slidegen.schema import model, theme

    nodes = [
        obj
        for module in (model, theme)
        for obj in vars(module).values()
        if inspect.isclass(obj) and issubclass(obj, model.Node)
    ]
    assert len(nodes) > 20
    factories = [
        (node.__name__, name, field.default_factory)
        for node in nodes
        for name, field in node.model_fields.items()
        if field.default_factory is not None
    ]
    assert factories
    builtin = [(n, f) for n, f, factory in factories if not inspect.isfunction(factory)]
    assert not builtin


def test_empty_list_defaults_are_not_shared(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "deck:\n  title: T\nsections:\n  - id: s\n    title: S\n    slides:\n"
        "      - id: a\n        title: A\n      - id: b\n        title: B\n",
        encoding="utf-8",
    )
    from slidegen.build import BuildOptions, load_and_validate
    from slidegen.errors import Diagnostics

    model, _ = load_and_validate(deck, BuildOptions(), Diagnostics())
    a, b = model.sections[0].slides
    assert a.tags == [] and b.tags == []
    assert a.tags is not b.tags


@pytest.mark.parametrize("name", ["/../../escaped", "a/b", "a\\\\b", "''", "' '"])
def test_an_audience_name_cannot_lead_outside_the_output_folder(tmp_path, name):
    """An audience's name is part of an output file name: `--all-audiences` wrote
    /tmp/.../escaped.pptx for a name with '../' (found by fuzzing)."""
    deck = tmp_path / "deck" / "d.yaml"
    deck.parent.mkdir()
    deck.write_text(
        f"deck: {{title: T}}\naudiences: {{{name}: {{}}}}\n"
        "sections: [{id: s, title: S, slides: [{bullets: [a]}]}]\n",
        encoding="utf-8",
    )
    from helpers.decks import run_cli

    result = run_cli("build", str(deck), "--all-audiences", "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    (line,) = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert line.startswith(f"{deck}:2:13: error: an audience name is part of output file names")
    assert list(tmp_path.rglob("*.pptx")) == []


def test_an_audience_name_may_have_spaces_and_capitals(tmp_path):
    deck = tmp_path / "d.yaml"
    deck.write_text(
        "deck: {title: T}\naudiences: {Local commissioners: {}}\n"
        "sections: [{id: s, title: S, slides: [{bullets: [a]}]}]\n",
        encoding="utf-8",
    )
    from helpers.decks import run_cli

    result = run_cli("build", str(deck), "--all-audiences", "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "d--Local commissioners.pptx").exists()
