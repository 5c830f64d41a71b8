"""The inline parser skips plain stretches of text at once: it must parse exactly as the
character-by-character reading it replaced (kept here as the reference)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from slidegen.errors import SlidegenError
from slidegen.resolve import inline
from slidegen.resolve.inline import Parsed, parse_inline
from slidegen.text import Run


def _reference_tokenise(text, pos, lookup, parsed, url=None) -> list:
    """The tokeniser as it was: one character at a time."""
    tokens: list = []
    buf: list[str] = []
    i, n = 0, len(text)

    def flush():
        if buf:
            tokens.append(["text", "".join(buf), url])
            buf.clear()

    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in inline._ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        if c == "{" and text.startswith("{{", i):
            m = inline._PLACEHOLDER.match(text, i)
            if m:
                name = m.group(1)
                value, cites = lookup(name, pos)
                parsed.data_keys.append(name)
                for cid in cites:
                    if cid not in parsed.cites:
                        parsed.cites.append(cid)
                buf.append(value)
                i = m.end()
                continue
        if c == "[":
            m = inline._CITE.match(text, i)
            if m:
                ids = inline._cite_ids(m.group(1), pos)
                flush()
                tokens.append(["cite", ids])
                for cid in ids:
                    if cid not in parsed.cites:
                        parsed.cites.append(cid)
                i = m.end()
                continue
            m = inline._LINK.match(text, i)
            if m and url is None:
                flush()
                target = inline.check_url(m.group(2), pos)
                tokens.extend(_reference_tokenise(m.group(1), pos, lookup, parsed, target))
                i = m.end()
                continue
        if c == "*":
            flush()
            if text.startswith("**", i):
                tokens.append(["delim", "**"])
                i += 2
            else:
                tokens.append(["delim", "*"])
                i += 1
            continue
        buf.append(c)
        i += 1
    flush()
    return tokens


def _lookup(name, pos):
    return f"<{name}>", ("r1",) if name.startswith("c") else ()


def _reference(text: str):
    parsed = Parsed([], [], [])
    try:
        tokens = _reference_tokenise(text, None, _lookup, parsed)
    except SlidegenError as exc:
        return str(exc)
    inline._apply_emphasis(tokens, parsed)
    return parsed


def _parse(text: str):
    try:
        return parse_inline(text, None, _lookup)
    except SlidegenError as exc:
        return str(exc)


_PIECES = st.sampled_from(
    [
        "a",
        "b c",
        " ",
        "*",
        "**",
        "\\",
        "\\*",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "{{ x }}",
        "{{c}}",
        "[@r1]",
        "[@a; @b]",
        "[@ bad]",
        "[t](https://e.org)",
        "[t](ftp://x)",
        "https://",
        "é",
        "\n",
        "\\]",
        "\\\n",
        "](",
        "](x",
        "[@",
        "{{",
        "}}",
        "\t",
        "\xa0",
        "@r1",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=12).map("".join))
def test_parse_inline_matches_the_character_by_character_reading(text):
    assert _parse(text) == _reference(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=14).map("".join))
def test_strip_markup_matches_the_regular_expression(text):
    import re

    expected = inline._LINK.sub(lambda m: m.group(1), text)
    expected = re.sub(r"\*\*|\*", "", expected)
    expected = re.sub(r"\\(.)", r"\1", expected)
    assert inline.strip_markup(text) == expected


def test_plain_text_is_one_run():
    assert parse_inline("just words, 74% (2019)", None, None).segments == [
        Run("just words, 74% (2019)", False, False, None)
    ]
    assert parse_inline("", None, None).segments == []
