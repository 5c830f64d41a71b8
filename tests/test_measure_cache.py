"""Measurement shortcuts and caches never change an answer.

TextMeasurer memoises per text and per word, and skips word-by-word wrapping when a whole
hard line fits. Every answer is compared with a plain reference implementation of the word
wrap (below, the algorithm as it was before any shortcut) and with a fresh, cold measurer.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from slidegen.place.measure import EMU_PER_PT, PACKAGE_FONTS, FontIndex, Para, TextMeasurer
from slidegen.text import Run, Text

EXAMPLES = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
INCH = 914400

_TOKEN = re.compile("[^ \t\\-\u2013\u2014]*[\\-\u2013\u2014]+|[^ \t\\-\u2013\u2014]+")
_WORD_SPACES = re.compile(f"({_TOKEN.pattern})?([ \\t]*)")
_BREAK_AFTER = ("-", "\u2013", "\u2014")


def _pieces(text, bold, italic):
    """Hard lines, each a list of (text, bold, italic) runs."""
    runs = (
        [(r.text, r.bold or bold, r.italic or italic) for r in text.runs]
        if isinstance(text, Text)
        else [(text, bold, italic)]
    )
    segment, out = [], []
    for s, b, i in runs:
        for k, part in enumerate(s.replace("\r\n", "\n").replace("\v", "\n").split("\n")):
            if k:
                out.append(segment)
                segment = []
            if part:
                segment.append((part, b, i))
    out.append(segment)
    return out


def reference_wrap(m: TextMeasurer, text, size_pt, width_emu, bold=False, italic=False):
    """Word wrap token by token, every time: no per-text caches, no whole-line shortcut."""
    avail = width_emu / (size_pt * EMU_PER_PT)
    lines = []
    for pieces in _pieces(text, bold, italic):
        tokens, parts, word_w, spaces, space_w = [], [], 0.0, "", 0.0
        if len(pieces) == 1:
            # one font: spaces after a hyphen belong to the hyphen's token
            s, b, i = pieces[0]
            for word, spaces in _WORD_SPACES.findall(s):
                if word or spaces:
                    parts = [(word, b, i)] if word else []
                    tokens.append((parts, m.em_width(word, b, i), spaces, m.em_width(spaces, b, i)))
            parts, spaces = [], ""
            pieces = []
        for s, b, i in pieces:
            pos = 0
            while pos < len(s):
                if s[pos] in " \t":
                    sp = re.match("[ \t]+", s[pos:]).group(0)
                    spaces += sp
                    space_w += m.em_width(sp, b, i)
                    pos += len(sp)
                    continue
                if spaces:
                    tokens.append((parts, word_w, spaces, space_w))
                    parts, word_w, spaces, space_w = [], 0.0, "", 0.0
                part = _TOKEN.match(s, pos).group(0)
                parts.append((part, b, i))
                word_w += m.em_width(part, b, i)
                pos += len(part)
                if part.endswith(_BREAK_AFTER):
                    tokens.append((parts, word_w, spaces, space_w))
                    parts, word_w, spaces, space_w = [], 0.0, "", 0.0
        if parts or spaces:
            tokens.append((parts, word_w, spaces, space_w))
        if not tokens:
            lines.append("")
            continue
        cur, cur_w = [], 0.0
        for parts, word_w, spaces, space_w in tokens:
            word = "".join(p[0] for p in parts)
            if cur and cur_w + word_w > avail + 1e-9:
                lines.append("".join(cur).rstrip())
                cur, cur_w = [], 0.0
            if not cur and word_w > avail + 1e-9:
                for chunk, chunk_w in m._break_word(parts, avail):
                    if cur:
                        lines.append("".join(cur))
                    cur, cur_w = [chunk], chunk_w
                cur.append(spaces)
                cur_w += space_w
                continue
            cur.append(word + spaces)
            cur_w += word_w + space_w
        if cur:
            lines.append("".join(cur).rstrip())
    return lines


@pytest.fixture(scope="module")
def warm() -> TextMeasurer:
    """One measurer for every example, so its caches fill up as they would in a build."""
    return TextMeasurer("Arial", index=FontIndex([PACKAGE_FONTS], use_fc_match=False))


def _cold() -> TextMeasurer:
    return TextMeasurer("Arial", index=FontIndex([PACKAGE_FONTS], use_fc_match=False))


# Narrow and wide letters, break points (spaces, tabs, hyphens, dashes), a no-break space and
# other whitespace that only rstrip removes, hard breaks, accents and a CJK character.
ALPHABET = "aaeeiilmWW   \t--\u2013\u2014\u00a0\u2009\n\v.,1\u00e9\u4e2d"
words = st.text(alphabet=ALPHABET, max_size=60)
runs = st.lists(st.tuples(words, st.booleans(), st.booleans()), min_size=1, max_size=4)
texts = st.one_of(words, runs.map(lambda rs: Text(tuple(Run(t, b, i) for t, b, i in rs))))
sizes = st.sampled_from([8.0, 10.5, 12.0, 14.0, 18.0, 20.0, 24.0, 28.0, 40.0])


def _plain(text) -> str:
    return text.plain if isinstance(text, Text) else text


@EXAMPLES
@given(text=texts, size=sizes, bold=st.booleans(), italic=st.booleans(), data=st.data())
def test_wrap_lines_matches_the_reference_wrap(warm, text, size, bold, italic, data):
    # widths around the width of the text's longest hard line (EMU either side), where a
    # whole-line shortcut and word-by-word wrapping could disagree, and arbitrary widths
    longest = max(_plain(text).replace("\v", "\n").split("\n"), key=len)
    natural = warm.text_width(longest, size, bold, italic)
    width = data.draw(
        st.one_of(
            st.integers(natural - 3, natural + 3),
            st.integers(1, 10 * INCH),
        ).map(lambda w: max(w, 1))
    )
    expected = reference_wrap(_cold(), text, size, width, bold, italic)
    assert warm.wrap_lines(text, size, width, bold, italic) == expected
    assert _cold().wrap_lines(text, size, width, bold, italic) == expected
    # asked again (everything cached now): the same lines
    assert warm.wrap_lines(text, size, width, bold, italic) == expected


@EXAMPLES
@given(
    paras=st.lists(
        st.tuples(texts, st.sampled_from([None, 12.0, 20.0]), st.booleans()), max_size=5
    ),
    box_w=st.integers(INCH // 2, 10 * INCH),
    box_h=st.integers(INCH // 4, 6 * INCH),
    start=st.sampled_from([20.0, 24.0, 28.0, 40.0]),
    minimum=st.sampled_from([8.0, 12.0, 18.0]),
    space_before=st.sampled_from([0.0, 6.0]),
)
def test_layout_and_fit_size_match_a_cold_measurer(
    warm, paras, box_w, box_h, start, minimum, space_before
):
    specs = [Para(t, size, bold, 0) for t, size, bold in paras]
    minimum = min(minimum, start)
    got = warm.fit_size(specs, box_w, box_h, start, minimum, space_before_pt=space_before)
    want = _cold().fit_size(specs, box_w, box_h, start, minimum, space_before_pt=space_before)
    assert got == want
    lay = warm.layout(specs, box_w, default_size_pt=minimum, space_before_pt=space_before)
    assert lay == _cold().layout(
        specs, box_w, default_size_pt=minimum, space_before_pt=space_before
    )
    # the lines are the reference wrap of each paragraph
    left, _, right, _ = warm.insets
    ref = _cold()
    for p, lines in zip(specs, lay.lines, strict=True):
        size = p.size_pt if p.size_pt is not None else minimum
        assert list(lines) == reference_wrap(ref, p.text, size, box_w - left - right, p.bold)


def test_a_line_exactly_as_wide_as_the_box_stays_whole_and_one_emu_less_breaks(warm):
    line = "Parent-infant relationship teams"
    width = warm.text_width(line, 18)
    # text_width rounds to EMU; find the narrowest width the line fits on one line
    fits = [w for w in range(width - 3, width + 4) if warm.wrap_lines(line, 18, w) == [line]]
    assert fits and fits == list(range(fits[0], width + 4))
    assert warm.wrap_lines(line, 18, fits[0] - 1) == ["Parent-infant relationship", "teams"]
    for w in range(width - 3, width + 4):
        assert warm.wrap_lines(line, 18, w) == reference_wrap(_cold(), line, 18, w)


# ---- the font index --------------------------------------------------------------------------
def test_fc_list_is_asked_once_per_index(monkeypatch):
    import shutil

    import slidegen.place.measure as measure

    if shutil.which("fc-match") is None or shutil.which("fc-list") is None:
        pytest.skip("fontconfig not installed")
    started = []
    real = measure._start_fc_list
    monkeypatch.setattr(measure, "_start_fc_list", lambda: started.append(1) or real())
    index = FontIndex([PACKAGE_FONTS])
    assert index.lookup("No Such Font") is None
    assert index.lookup("No Such Font", bold=True) is None
    assert index._fc_families is not None and "nosuchfont" not in index._fc_families
    assert started == [1]
