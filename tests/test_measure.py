"""Text measurement: font choice and fallbacks, word wrap, box heights, fitting a size.

Only the fonts bundled with slidegen are used, so results do not depend on the machine.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from slidegen.place.measure import (
    EMU_PER_PT,
    PACKAGE_FONTS,
    FontCache,
    FontIndex,
    Para,
    TextMeasurer,
    find_font,
)
from slidegen.text import Run, Text

INCH = 914400
LONG = (
    "Parent-infant relationship teams work with families from pregnancy to age two, "
    "offering evidence-based therapeutic support where the relationship is at risk."
)


@pytest.fixture
def bundled() -> FontIndex:
    return FontIndex([PACKAGE_FONTS], use_fc_match=False)


@pytest.fixture
def no_fonts(tmp_path) -> FontIndex:
    return FontIndex([tmp_path / "empty"], use_fc_match=False)


@pytest.fixture
def m(bundled) -> TextMeasurer:
    return TextMeasurer("Arial", index=bundled)


def test_bundled_fonts_and_licence_ship():
    assert (PACKAGE_FONTS / "LiberationSans-Regular.ttf").is_file()
    assert (PACKAGE_FONTS / "LiberationSans-Bold.ttf").is_file()
    assert (
        "SIL OPEN FONT LICENSE Version 1.1"
        in (PACKAGE_FONTS / "LICENSE-LiberationSans.txt").read_text()
    )


def test_the_font_itself_when_installed(bundled):
    c = find_font("Liberation Sans", bold=True, index=bundled)
    assert c.family_used == "Liberation Sans"
    assert c.path.name == "LiberationSans-Bold.ttf"
    assert c.metric_compatible and c.exact and c.note == ""


def test_metric_compatible_substitute_is_reported(bundled):
    c = find_font("Arial", index=bundled)
    assert c.family_used == "Liberation Sans"
    assert c.metric_compatible
    assert c.note == "measured with Liberation Sans metrics (Arial not installed)"


def test_font_found_by_its_name_not_its_file_name(tmp_path):
    # A font file called arial.ttf that is really Liberation Sans does not count as Arial.
    d = tmp_path / "fonts"
    d.mkdir()
    shutil.copy(PACKAGE_FONTS / "LiberationSans-Regular.ttf", d / "arial.ttf")
    index = FontIndex([d], use_fc_match=False)
    assert index.families() == ["Liberation Sans"]
    assert find_font("liberation sans", index=index).path == d / "arial.ttf"  # case-insensitive
    assert not find_font("Arial", index=index).exact


def test_unknown_font_without_fallbacks_uses_bundled_and_says_so(no_fonts):
    c = find_font("Frutiger", index=no_fonts)
    assert c.path == PACKAGE_FONTS / "LiberationSans-Regular.ttf"
    assert c.family_used == "Liberation Sans"
    assert not c.metric_compatible
    assert "Frutiger" in c.note and "line breaks may differ" in c.note
    bold = find_font("Frutiger", bold=True, index=no_fonts)
    assert bold.path.name == "LiberationSans-Bold.ttf"


def test_arial_on_a_machine_with_no_fonts_is_still_metric_compatible(no_fonts):
    c = find_font("Arial", bold=True, index=no_fonts)
    assert c.path.name == "LiberationSans-Bold.ttf"
    assert c.metric_compatible
    assert c.note == "measured with the bundled Liberation Sans metrics (Arial not installed)"


def test_missing_style_is_reported(bundled):
    c = find_font("Liberation Sans", italic=True, index=bundled)
    assert c.family_used == "Liberation Sans"
    assert c.path.name == "LiberationSans-Regular.ttf"  # only upright is bundled
    assert not c.metric_compatible
    assert "italic not installed" in c.note


def test_calibri_falls_back_when_carlito_missing(no_fonts):
    c = find_font("Calibri", index=no_fonts)
    assert c.family_used == "Liberation Sans"
    assert not c.metric_compatible


def test_font_cache_shares_index_and_collects_notes(bundled):
    cache = FontCache([PACKAGE_FONTS], use_fc_match=False)
    assert cache.measurer("Arial") is cache.measurer("Arial")
    cache.measurer("Arial").text_width("x", 20)
    cache.measurer("Liberation Sans").text_width("x", 20)
    assert cache.notes() == ["measured with Liberation Sans metrics (Arial not installed)"]


def test_widths_match_arial_metrics(m):
    # Arial advance widths (per 1000 em): H 722, e 556, l 222, o 556, space 278, w 722, r 333,
    # d 556 -> 4945/1000 em; at 24 pt that is 118.68 pt.
    assert m.text_width("Hello world", 24) == round(4.945 * 24 * EMU_PER_PT)
    assert m.text_width("Hello world", 48) == 2 * m.text_width("Hello world", 24)
    assert m.text_width("Hello world", 24, bold=True) > m.text_width("Hello world", 24)


def test_wrap_narrow_box_needs_more_lines(m):
    wide = m.wrap_lines(LONG, 24, 11 * INCH)
    narrow = m.wrap_lines(LONG, 24, 4 * INCH)
    assert len(narrow) > len(wide) >= 2
    # Nothing is lost or reordered: the words come back in order.
    assert " ".join(narrow).replace("- ", "-").split() == LONG.split()
    for line in narrow:
        assert m.text_width(line, 24) <= 4 * INCH
        assert line == line.strip()


def test_wrap_is_greedy_at_word_boundaries(m):
    text = "one two three four five six seven eight nine ten"
    width = m.text_width("one two three", 24) + 10
    lines = m.wrap_lines(text, 24, width)
    assert lines[0] == "one two three"
    # the next word would not have fitted on the first line
    assert m.text_width("one two three four", 24) > width


def test_wrap_breaks_after_hyphens_but_not_at_no_break_spaces(m):
    width = m.text_width("evidence-based", 24) - 1
    assert m.wrap_lines("evidence-based", 24, width) == ["evidence-", "based"]
    nbsp = "24\u00a0months"
    width = m.text_width("24 month", 24)
    assert m.wrap_lines(nbsp, 24, width)[0] != "24"  # not split at the no-break space


def test_long_word_is_broken_by_character(m):
    url = "https://example.org/" + "a" * 80
    lines = m.wrap_lines(url, 24, 3 * INCH)
    assert len(lines) > 2
    assert "".join(lines) == url
    for line in lines:
        assert m.text_width(line, 24) <= 3 * INCH
    # words after the broken one carry on normally
    lines = m.wrap_lines(url + " end", 24, 3 * INCH)
    assert lines[-1].endswith("end")


def test_hard_line_breaks_and_empty_text(m):
    assert m.wrap_lines("first\nsecond", 24, 10 * INCH) == ["first", "second"]
    assert m.wrap_lines("", 24, 10 * INCH) == [""]
    assert m.wrap_lines("a\n\nb", 24, 10 * INCH) == ["a", "", "b"]


def test_rich_text_bold_runs_are_measured_bold(m):
    plain = "Bold words make the line longer than plain ones do " * 2
    width = m.text_width(plain, 24) + 1000
    assert len(m.wrap_lines(plain, 24, width)) == 1
    rich = Text((Run(plain, bold=True),))
    assert len(m.wrap_lines(rich, 24, width)) == 2
    # a word split over two runs stays one word
    joined = Text((Run("Evid", bold=True), Run("ence matters")))
    assert m.wrap_lines(joined, 24, m.text_width("Evidence", 24, bold=True) + 5000) == [
        "Evidence",
        "matters",
    ]


def test_measure_height_includes_insets_and_line_height(m):
    one_line = m.measure_paragraphs([("Short", 24, False, 0)], 10 * INCH)
    assert one_line == round(24 * EMU_PER_PT * 1.2) + 45720 * 2
    two = m.measure_paragraphs([("Short", 24, False, 0), ("Also short", 24, False, 0)], 10 * INCH)
    assert two == 2 * round(24 * EMU_PER_PT * 1.2) + 45720 * 2
    spaced = m.measure_paragraphs(
        [("Short", 24, False, 0), ("Also short", 24, False, 0)], 10 * INCH, space_before_pt=6
    )
    assert spaced == two + 6 * EMU_PER_PT  # not before the first paragraph
    double = m.measure_paragraphs([("Short", 24, False, 0)], 10 * INCH, line_spacing=2.0)
    assert double == 2 * round(24 * EMU_PER_PT * 1.2) + 45720 * 2


def test_indent_and_insets_narrow_the_line(m):
    text = "word " * 30
    box = 6 * INCH
    flat = m.layout([Para(text, 24)], box).line_count
    indented = m.layout([Para(text, 24, indent_emu=2 * INCH)], box).line_count
    assert indented > flat
    no_insets = m.layout([Para(text, 24)], box, insets=(0, 0, 0, 0))
    assert no_insets.line_count <= flat
    assert no_insets.height_emu == no_insets.line_count * round(24 * EMU_PER_PT * 1.2)


def test_fit_size_shrinks_for_more_text(m):
    box_w, box_h = 10 * INCH, 4 * INCH
    short = m.fit_size([Para("Three short bullets")] * 3, box_w, box_h, 28, 12)
    long = m.fit_size([Para(LONG)] * 5, box_w, box_h, 28, 12)
    assert short.size_pt == 28 and short.fits
    assert long.size_pt is not None and 12 <= long.size_pt < 28
    assert long.height <= box_h
    # one point larger would not have fitted
    bigger = m.measure_paragraphs([Para(LONG, long.size_pt + 1)] * 5, box_w)
    assert bigger > box_h


def test_fit_size_none_when_minimum_overflows(m):
    r = m.fit_size([Para(LONG)] * 20, 6 * INCH, 2 * INCH, 28, 18)
    assert r.size_pt is None and not r.fits
    assert r.height > 2 * INCH
    assert r.lines == r.layout.line_count
    assert r.layout.height_emu == m.measure_paragraphs([Para(LONG, 18)] * 20, 6 * INCH)


def test_fit_size_scales_explicit_sizes_together(m):
    specs = [Para("Heading over the list", 32, bold=True), Para(LONG), Para(LONG, 20)]
    r = m.fit_size(specs, 8 * INCH, 4 * INCH, 28, 10, step=2)
    assert r.fits
    scale = r.size_pt / 28
    expected = m.measure_paragraphs(
        [Para(specs[0].text, 32 * scale, True), Para(LONG, r.size_pt), Para(LONG, 20 * scale)],
        8 * INCH,
    )
    assert r.height == expected
    with pytest.raises(ValueError):
        m.fit_size(specs, 8 * INCH, 4 * INCH, 10, 28)


def test_results_are_deterministic(bundled):
    a = TextMeasurer("Arial", index=bundled).layout([Para(LONG, 24)] * 3, 7 * INCH)
    b = TextMeasurer("Arial", index=FontIndex([PACKAGE_FONTS], use_fc_match=False)).layout(
        [Para(LONG, 24)] * 3, 7 * INCH
    )
    assert a == b


def test_thousands_of_slides_measure_quickly(m):
    slides = [
        [
            Para(f"Slide {n} point {k}: secure attachment in infancy predicts outcomes", 24)
            for k in range(5)
        ]
        for n in range(3500)
    ]
    start = time.perf_counter()
    for paras in slides:
        m.fit_size(paras, 11 * INCH, 5 * INCH, 28, 18)
    assert time.perf_counter() - start < 2.0  # ~0.3 s here; generous for slow CI machines


def test_helpers_do_not_import_python_pptx():
    # `slidegen check` relies on these staying light.
    code = (
        "import sys, slidegen.place.media, slidegen.place.measure, slidegen.colors; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pptx'))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_substitute_missing_the_style_says_so(tmp_path):
    d = tmp_path / "fonts"
    d.mkdir()
    shutil.copy(PACKAGE_FONTS / "LiberationSans-Regular.ttf", d)
    c = find_font("Arial", bold=True, index=FontIndex([d], use_fc_match=False))
    assert c.path == d / "LiberationSans-Regular.ttf"
    assert not c.metric_compatible
    assert c.note == (
        "measured with Liberation Sans metrics (Arial not installed; "
        "only regular Liberation Sans installed)"
    )


@pytest.mark.skipif(shutil.which("fc-match") is None, reason="fontconfig not installed")
def test_fc_list_precheck_finds_what_fc_match_alone_finds(monkeypatch):
    """Families fontconfig does not list skip fc-match; the answers stay the same."""
    quick = FontIndex([PACKAGE_FONTS])
    slow = FontIndex([PACKAGE_FONTS])
    monkeypatch.setattr(slow, "_fc_knows", lambda family: True)
    for family in ["Arial", "DejaVu Sans", "dejavu  sans", "Carlito", "No Such Font", "Calibri"]:
        for bold, italic in [(False, False), (True, False), (False, True)]:
            assert quick.lookup(family, bold, italic) == slow.lookup(family, bold, italic)
    assert quick._fc_families is not None


def test_fc_list_missing_means_fc_match_decides(monkeypatch):
    import slidegen.place.measure as measure

    real = shutil.which
    monkeypatch.setattr(measure.shutil, "which", lambda n: None if n == "fc-list" else real(n))
    assert FontIndex([PACKAGE_FONTS])._fc_knows("Anything at all")
