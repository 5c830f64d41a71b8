"""Audience filtering (deck-format.md, "Audiences") and includes, one test per rule.

The fixture tests/fixtures/tailoring/audiences.yaml has one slide or section per rule; the
tests plan it (no rendering) and one builds it to read the references slide back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from slidegen.build import BuildOptions, build, plan_deck
from slidegen.errors import Diagnostics, SlidegenError

FIX = Path(__file__).parent / "fixtures" / "tailoring"
DECK = FIX / "audiences.yaml"


def ids(audience=None, deck=DECK):
    return [s.id for s in plan_deck(deck, BuildOptions(audience=audience)).slides]


def agenda_ids(audience=None):
    plan = plan_deck(DECK, BuildOptions(audience=audience))
    agenda = next(s for s in plan.slides if s.layout == "agenda")
    return [item.id for item in agenda.content.items]


def test_without_audience_every_slide_not_hidden_is_kept():
    got = ids()
    assert "s-untagged" in got and "s-families-only" in got and "s-clin" in got
    assert "s-hidden" not in got


def test_hidden_slide_is_dropped_for_every_audience():
    for audience in (None, "boards", "clinicians", "families"):
        assert "s-hidden" not in ids(audience)


def test_hidden_section_drops_its_slides_and_divider():
    for audience in (None, "boards"):
        got = ids(audience)
        assert "s-in-hidden-section" not in got and "six-divider" not in got


def test_include_tags_keep_only_tagged_slides():
    got = ids("boards")
    assert "s-headline" in got
    assert "s-untagged" not in got


def test_include_tags_match_the_section_tags():
    assert "s-section-tag" in ids("boards")


def test_exclude_tags_on_the_slide():
    assert "s-detail" not in ids("boards")
    assert "s-detail" in ids("clinicians")


def test_exclude_tags_on_the_section():
    got = ids("boards")
    assert "s-in-detail-section" not in got and "four-divider" not in got


def test_slide_audiences():
    assert "s-families-only" in ids("families")
    assert "s-families-only" not in ids("clinicians")  # no include_tags, but not listed


def test_exclude_tags_apply_without_include_tags():
    # clinicians exclude `plain`; s-families-only is also tagged plain
    plan = plan_deck(DECK, BuildOptions(audience="clinicians"))
    assert all("plain" not in s.tags for s in plan.slides)


def test_section_audiences():
    assert "s-clin" in ids("clinicians")
    got = ids("boards")
    assert "s-clin" not in got and "three-divider" not in got


def test_structural_slides_are_kept_whatever_the_tags():
    got = ids("families")  # include_tags [families]: title, agenda, closing carry no tags
    assert got[:2] == ["title", "agenda"]
    assert "close-all" in got and got[-1] == "references"


def test_structural_slide_follows_its_own_audiences():
    assert "close-not-families" not in ids("families")
    assert "close-not-families" in ids("boards")


def test_divider_only_for_sections_with_kept_content():
    got = ids("families")
    assert "one-divider" in got
    assert "two-divider" not in got and "five-divider" not in got


def test_subsection_content_keeps_the_parent_divider():
    got = ids("boards")
    assert "five-divider" in got and "five-sub-divider" in got and "s-sub" in got


def test_agenda_lists_the_sections_that_stay():
    assert agenda_ids() == ["one", "two", "three", "four", "five", "close"]
    assert agenda_ids("boards") == ["one", "two", "five", "close"]
    assert agenda_ids("families") == ["one", "close"]


def test_agenda_numbers_follow_the_kept_sections():
    plan = plan_deck(DECK, BuildOptions(audience="boards"))
    agenda = next(s for s in plan.slides if s.layout == "agenda")
    assert [i.number for i in agenda.content.items] == ["1", "2", "3", "4"]


def test_references_follow_the_kept_slides_and_sourced_data():
    assert plan_deck(DECK, BuildOptions()).cited == ["headline", "fromdata", "detail", "clin"]
    # boards keep s-headline (cite) and s-data (a sourced value), not the detail/clinician ones
    assert plan_deck(DECK, BuildOptions(audience="boards")).cited == ["headline", "fromdata"]
    assert plan_deck(DECK, BuildOptions(audience="families")).cited == ["fromdata"]


def test_references_slide_lists_only_what_kept_slides_cite(tmp_path):
    from pptx import Presentation

    result = build(DECK, BuildOptions(out_dir=tmp_path, audience="boards"))
    prs = Presentation(result.output)
    last = prs.slides[len(prs.slides) - 1]
    text = "\n".join(sh.text_frame.text for sh in last.shapes if sh.has_text_frame)
    assert text.startswith("References")
    assert "Head, B." in text and "Data, A." in text
    assert "Detail, C." not in text and "Clin, D." not in text


def test_dropped_slides_do_not_make_uncited_warnings():
    diags = Diagnostics()
    plan_deck(DECK, BuildOptions(audience="families"), diags)
    assert not [w for w in diags.warnings if "not cited" in w.message]


def test_audience_subtitle_replaces_the_deck_subtitle():
    assert plan_deck(DECK, BuildOptions(audience="boards")).subtitle == "Briefing for boards"
    assert plan_deck(DECK, BuildOptions(audience="families")).subtitle == "Full version"
    assert plan_deck(DECK, BuildOptions()).subtitle == "Full version"


def test_unknown_audience_in_the_deck_is_located(tmp_path):
    text = DECK.read_text().replace("audiences: [families]\n", "audiences: [famlies]\n", 1)
    deck = tmp_path / "deck.yaml"
    deck.write_text(text)
    line = text.splitlines().index("        audiences: [famlies]") + 1
    with pytest.raises(SlidegenError) as exc:
        plan_deck(deck)
    d = exc.value.diagnostics[0]
    assert "unknown audience 'famlies'" in d.message
    assert d.pos.line == line
    assert d.hint == "did you mean 'families'?"


def test_unknown_audience_on_the_command_line_exits_2():
    from click.testing import CliRunner

    from slidegen.cli import main

    r = CliRunner().invoke(
        main, ["build", str(DECK), "--audience", "bords", "--out", "/nonexistent"]
    )
    assert r.exit_code == 2
    assert "unknown audience 'bords'" in r.output and "did you mean 'boards'?" in r.output


# ---- includes (load.py) --------------------------------------------------------------------
INC = FIX / "includes"


def test_nested_include_and_list_of_sections():
    got = ids(deck=INC / "deck.yaml")
    # deck includes parts/a.yaml (a list of two sections), which includes parts/b.yaml
    assert got == [
        "title",
        "a-one-divider",
        "a-one-slide",
        "a-two-divider",
        "a-two-slide",
        "b-divider",
        "b-picture",
    ]


def test_included_picture_is_relative_to_the_included_file():
    plan = plan_deck(INC / "deck.yaml")
    picture = next(s for s in plan.slides if s.id == "b-picture")
    assert picture.content.image == (INC / "parts" / "dot.png").resolve()


def _deck_with(tmp_path, include: str) -> Path:
    deck = tmp_path / "deck.yaml"
    deck.write_text(f"deck: {{title: T}}\nsections:\n  - include: {include}\n")
    return deck


def test_include_cycle_names_the_chain(tmp_path):
    (tmp_path / "a.yaml").write_text("include: b.yaml\n")
    (tmp_path / "b.yaml").write_text("include: a.yaml\n")
    with pytest.raises(SlidegenError) as exc:
        plan_deck(_deck_with(tmp_path, "a.yaml"))
    msg = exc.value.diagnostics[0].message
    assert msg.startswith("include cycle:")
    assert "a.yaml -> " in msg and "b.yaml -> " in msg and msg.endswith("a.yaml")


def test_include_outside_the_deck_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outside.yaml").write_text("id: x\ntitle: X\n")
    (tmp_path / "talk").mkdir()
    deck = _deck_with(tmp_path / "talk", "../outside.yaml")
    monkeypatch.chdir(tmp_path / "talk")
    with pytest.raises(SlidegenError) as exc:
        plan_deck(deck)
    d = exc.value.diagnostics[0]
    assert "is outside the project folder" in d.message and d.pos.line == 3


def test_include_of_a_directory(tmp_path):
    (tmp_path / "parts").mkdir()
    with pytest.raises(SlidegenError) as exc:
        plan_deck(_deck_with(tmp_path, "parts"))
    d = exc.value.diagnostics[0]
    assert "is a folder, not a file" in d.message and d.pos.line == 3
