"""A build whose every slide is hidden (or left out for an audience) says so."""

from __future__ import annotations

import pytest

from helpers.decks import run_cli, write
from slidegen.build import BuildOptions, build
from slidegen.codes import Code
from slidegen.errors import SlidegenError

DECK = """\
deck:
  title: Hidden talk
  title_slide: {title_slide}
audiences:
  families: {{include_tags: [families]}}
sections:
  - id: s
    title: S
    slides:
      - {{id: a, title: A, hidden: true}}
      - {{id: b, title: B, hidden: {b_hidden}}}
"""


def test_every_slide_hidden_is_an_error_naming_why(tmp_path):
    deck = write(tmp_path, "talk.yaml", DECK.format(title_slide="false", b_hidden="true"))
    with pytest.raises(SlidegenError) as exc:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    message = str(exc.value)
    assert message.startswith(f"{deck}:3:16: error: nothing to build: every slide is hidden")
    assert "(2 with `hidden: true`" in message
    assert not (tmp_path / "out").exists()
    result = run_cli("build", str(deck), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "nothing to build" in result.stderr
    checked = run_cli("check", str(deck))
    assert checked.exit_code == 1 and "BUILD-ERROR: nothing to build" in checked.stdout


def test_every_slide_left_out_for_an_audience_is_an_error(tmp_path):
    deck = write(tmp_path, "talk.yaml", DECK.format(title_slide="false", b_hidden="false"))
    with pytest.raises(SlidegenError, match="no slide is for audience 'families' "):
        build(deck, BuildOptions(out_dir=tmp_path / "out", audience="families"))
    assert build(deck, BuildOptions(out_dir=tmp_path / "out")).slides == 2  # divider, B


def test_only_generated_slides_left_is_a_warning(tmp_path):
    deck = write(tmp_path, "talk.yaml", DECK.format(title_slide="true", b_hidden="true"))
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert result.slides == 1
    assert [w.message for w in result.warnings if w.code == Code.SLIDES_HIDDEN] == [
        "every slide is hidden: the build holds only generated slides (title)"
    ]
