"""Subtitles and editions (issue 18, point 3): an audience's subtitle replaces the deck's (an
overlay may set either); `deck.edition` labels a version in every audience's build, on the
title slide and in the footer; an overlay subtitle an audience hides is warned about."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.decks import SEED, write
from slidegen.build import BuildOptions, build, plan_deck
from slidegen.errors import Diagnostics
from slidegen.render import footer_text

REGIONS = SEED.parent / "regions"


def _title_subtitle(plan) -> str | None:
    title = plan.slides[0]
    assert title.layout == "title"
    sub = title.content.subtitle
    return sub.plain if sub is not None else plan.subtitle


@pytest.mark.parametrize(
    "audience, subtitle",
    [
        (None, "What the evidence tells us · Norfolk edition"),
        ("commissioners", "Briefing for commissioners · Norfolk edition"),
        ("families", "How specialist teams help babies and their families · Norfolk edition"),
    ],
)
def test_a_regions_edition_survives_every_audience(audience, subtitle):
    plan = plan_deck(SEED, BuildOptions(audience=audience, overlays=(REGIONS / "norfolk.yaml",)))
    assert _title_subtitle(plan) == subtitle
    assert plan.edition == "Norfolk edition"
    national = plan_deck(SEED, BuildOptions(audience=audience))
    assert footer_text(plan) == footer_text(national) + " · Norfolk edition"


def test_without_an_edition_nothing_changes():
    plan = plan_deck(SEED, BuildOptions(audience="commissioners"))
    assert plan.slides[0].content.subtitle is None
    assert plan.subtitle == "Briefing for commissioners"
    assert "edition" not in (footer_text(plan) or "")


DECK = """\
deck: {title: Talk, subtitle: National, organisation: Org}
audiences: {short: {subtitle: Short version}}
sections:
  - id: a
    title: A
    slides: [{bullets: [x]}]
"""


def _plan(tmp_path, overlay: str | None, audience=None, deck=DECK):
    path = write(tmp_path, "deck.yaml", deck)
    overlays = (write(tmp_path, "region/tees.yaml", overlay),) if overlay else ()
    diags = Diagnostics()
    plan = plan_deck(path, BuildOptions(audience=audience, overlays=overlays), diags)
    return plan, [w for w in diags.warnings if w.code is None]


def test_subtitle_precedence_deck_then_audience(tmp_path):
    assert _plan(tmp_path, None)[0].subtitle == "National"
    assert _plan(tmp_path, None, "short")[0].subtitle == "Short version"
    overlay = "deck: {subtitle: Tees Valley edition}\n"
    assert _plan(tmp_path, overlay)[0].subtitle == "Tees Valley edition"  # the deck's, changed
    assert _plan(tmp_path, overlay, "short")[0].subtitle == "Short version"


def test_an_overlay_subtitle_an_audience_replaces_is_warned_about(tmp_path):
    _plan_, warnings = _plan(tmp_path, "deck: {subtitle: Tees Valley edition}\n", "short")
    (w,) = warnings
    assert w.message == (
        "audience 'short' replaces the subtitle 'Tees Valley edition' that this overlay sets"
        " with its own, 'Short version'"
    )
    assert w.pos.file.endswith("region/tees.yaml") and w.pos.line == 1
    assert "`edition: Tees Valley edition` under deck:" in w.hint
    # none without the audience, for the deck's own subtitle, or when the overlay set both
    assert _plan(tmp_path, "deck: {subtitle: Tees}\n")[1] == []
    assert _plan(tmp_path, None, "short")[1] == []
    both = "deck: {subtitle: Tees}\naudiences: {short: {subtitle: Short in Tees}}\n"
    assert _plan(tmp_path, both, "short")[1] == []


def test_an_edition_on_the_title_slide_and_in_the_footer(tmp_path):
    from pptx import Presentation

    path = write(tmp_path, "deck.yaml", DECK)
    overlay = write(tmp_path, "region/tees.yaml", "deck: {edition: Tees Valley edition}\n")
    result = build(
        path, BuildOptions(out_dir=tmp_path / "out", audience="short", overlays=(overlay,))
    )
    prs = Presentation(str(result.output))
    texts = [sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame]
    assert "Short version · Tees Valley edition" in texts
    master = [sh.text_frame.text for sh in prs.slide_masters[0].shapes if sh.has_text_frame]
    assert "Org · Tees Valley edition" in master


def test_an_edition_with_no_subtitle_and_a_placed_title_slide(tmp_path):
    deck = DECK.replace(", subtitle: National", ", title_slide: false").replace(
        "slides: [{bullets: [x]}]", "slides: [{layout: title, subtitle: Own}, {bullets: [x]}]"
    )
    plan, _ = _plan(tmp_path, "deck: {edition: Tees}\n", deck=deck)
    (title,) = [s for s in plan.slides if s.layout == "title"]
    assert title.content.subtitle.plain == "Own · Tees"
    plan, _ = _plan(
        tmp_path, "deck: {edition: Tees}\n", deck=DECK.replace(", subtitle: National", "")
    )
    assert plan.slides[0].content.subtitle.plain == "Tees"


def test_a_footer_can_place_the_edition(tmp_path):
    import dataclasses

    plan, _ = _plan(tmp_path, "deck: {edition: Tees}\n")
    theme = dataclasses.replace(plan.theme, footer_text="{edition} | {organisation}")
    assert footer_text(dataclasses.replace(plan, theme=theme)) == "Tees | Org"
    theme = dataclasses.replace(plan.theme, footer_text=None)
    assert footer_text(dataclasses.replace(plan, theme=theme)) is None


def test_the_seed_overlays_use_an_edition():
    for region in ("norfolk", "essex"):
        text = (REGIONS / f"{region}.yaml").read_text()
        assert f"edition: {region.title()} edition" in text
        assert "subtitle:" not in text.split("sections:")[0]


def test_diff_shows_an_edition(tmp_path):
    from slidegen.diff import diff_decks

    old = write(tmp_path, "old.yaml", DECK)
    new = write(
        tmp_path,
        "new.yaml",
        DECK.replace("organisation: Org}", "organisation: Org, edition: Tees}"),
    )
    report = diff_decks(Path(old), Path(new))
    (change,) = report.slides
    assert "edition" in [c.field for c in change.changes]
