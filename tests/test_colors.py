"""Colour parsing, WCAG contrast and tints."""

from __future__ import annotations

import pytest

from slidegen.colors import (
    best_text_color,
    contrast_ratio,
    darken,
    ensure_contrast,
    format_ratio,
    hex_of,
    is_hex_color,
    is_large_text,
    lighten,
    mix,
    parse_hex,
    passes_aa,
    passes_aaa,
    relative_luminance,
)
from slidegen.errors import Pos, SlidegenError


def test_parse_hex_accepts_only_rrggbb():
    assert parse_hex("#1D3A5F") == (0x1D, 0x3A, 0x5F)
    assert parse_hex("#ffffff") == (255, 255, 255)
    assert is_hex_color("#00aaFF")
    for bad in ["1D3A5F", "#FFF", "#GGGGGG", "#1D3A5F00", "red", "", None, 0xFFFFFF]:
        assert not is_hex_color(bad)


def test_parse_hex_error_is_located_with_hint():
    with pytest.raises(SlidegenError) as exc:
        parse_hex("#FFF", Pos("themes/x/theme.yaml", 4, 12))
    msg = str(exc.value)
    assert msg.startswith("themes/x/theme.yaml:4:12: error: invalid colour '#FFF'")
    assert "#RRGGBB" in msg
    assert "'#FFFFFF'" in msg  # the hint spells it out in full
    with pytest.raises(SlidegenError, match="add the '#': '#1D3A5F'"):
        parse_hex("1d3a5f")


def test_hex_of_round_trips_and_normalises():
    assert hex_of((29, 58, 95)) == "#1D3A5F"
    assert hex_of("#1d3a5f") == "#1D3A5F"
    with pytest.raises(ValueError):
        hex_of((256, 0, 0))


def test_luminance_ends():
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#FFFFFF") == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("fg", "bg", "ratio"),
    [
        ("#000000", "#FFFFFF", 21.0),
        ("#FFFFFF", "#FFFFFF", 1.0),
        ("#777777", "#FFFFFF", 4.48),
        ("#767676", "#FFFFFF", 4.54),
        # NHS palette values from the design notes
        ("#005EB8", "#FFFFFF", 6.38),
        ("#003087", "#FFFFFF", 11.85),
        ("#41B6E6", "#FFFFFF", 2.32),
        ("#768692", "#FFFFFF", 3.75),
        ("#005EB8", "#E8EDEE", 5.40),
    ],
)
def test_contrast_known_pairs(fg, bg, ratio):
    assert contrast_ratio(fg, bg) == pytest.approx(ratio, abs=0.01)
    assert contrast_ratio(bg, fg) == contrast_ratio(fg, bg)


def test_aa_thresholds_normal_and_large_text():
    # #777777 on white is 4.48:1: fails for body text, passes as large text.
    assert not passes_aa("#777777", "#FFFFFF", 12)
    assert passes_aa("#767676", "#FFFFFF", 12)
    assert passes_aa("#777777", "#FFFFFF", 18)
    assert passes_aa("#777777", "#FFFFFF", 14, bold=True)
    assert not passes_aa("#777777", "#FFFFFF", 14, bold=False)
    assert not passes_aa("#777777", "#FFFFFF", 13.9, bold=True)
    # NHS Mid Grey 3.75: large text only
    assert passes_aa("#768692", "#FFFFFF", 24)
    assert not passes_aa("#768692", "#FFFFFF", 16)
    # 2.32 fails even for large text
    assert not passes_aa("#41B6E6", "#FFFFFF", 40, bold=True)


def test_large_text_and_aaa():
    assert is_large_text(18) and is_large_text(14, bold=True)
    assert not is_large_text(17.9) and not is_large_text(13, bold=True)
    assert passes_aaa("#003087", "#FFFFFF", 12)  # 11.85
    assert not passes_aaa("#005EB8", "#FFFFFF", 12)  # 6.38 < 7
    assert passes_aaa("#005EB8", "#FFFFFF", 24)  # large: 4.5


def test_format_ratio_never_rounds_up_past_a_threshold():
    assert format_ratio(contrast_ratio("#777777", "#FFFFFF")) == "4.47:1"  # 4.478...
    assert format_ratio(4.4999) == "4.49:1"
    assert format_ratio(21.0) == "21.00:1"


def test_mix_lighten_darken_keep_the_input_kind():
    assert mix("#000000", "#FFFFFF", 0.5) == "#808080"
    assert mix((0, 0, 0), (255, 255, 255), 0) == (0, 0, 0)
    assert mix("#102030", "#FFFFFF", 1) == "#FFFFFF"
    assert lighten("#1D3A5F", 0.0) == "#1D3A5F"
    assert lighten("#1D3A5F", 1.0) == "#FFFFFF"
    assert darken("#1D3A5F", 1.0) == "#000000"
    tint = lighten("#1D3A5F", 0.9)
    # a pale tint of the primary works as an alternative background for primary text
    assert relative_luminance(tint) > 0.8
    assert passes_aa("#1D3A5F", tint, 12)
    assert darken((200, 100, 50), 0.5) == (100, 50, 25)
    with pytest.raises(ValueError):
        mix("#000000", "#FFFFFF", 1.5)


def test_best_text_color():
    assert best_text_color("#005EB8") == "#FFFFFF"
    assert best_text_color("#FAE100") == "#000000"
    assert best_text_color("#FFFFFF", ["#41B6E6", "#003087", "#768692"]) == "#003087"


def test_ensure_contrast_moves_just_far_enough():
    assert ensure_contrast("#1F1F1F", "#FFFFFF") == "#1F1F1F"  # already passes: unchanged
    fixed = ensure_contrast("#41B6E6", "#FFFFFF", 4.5)
    assert contrast_ratio(fixed, "#FFFFFF") >= 4.5
    assert contrast_ratio(fixed, "#FFFFFF") < 4.7  # not simply black
    on_dark = ensure_contrast("#005EB8", "#003087", 4.5)
    assert contrast_ratio(on_dark, "#003087") >= 4.5
    assert relative_luminance(on_dark) > relative_luminance("#005EB8")  # lightened
    # a mid-grey background cannot reach 7:1 with anything: the best end colour comes back
    assert ensure_contrast("#808080", "#777777", 7.0) == "#000000"
