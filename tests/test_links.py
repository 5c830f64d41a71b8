"""One allow-list for every hyperlink: inline links, references, the presenter's email.

Only https/http (with a host, without user:password@), mailto (without header parameters)
and tel become live links; anything else is a located error (deck text) or a located warning
with the address shown as text (a reference from a file).
"""

from __future__ import annotations

import zipfile

import pytest

from helpers.decks import write
from slidegen.build import BuildOptions, build
from slidegen.errors import Pos, SlidegenError
from slidegen.links import link_problem
from slidegen.resolve.inline import parse_inline


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/a?b=c#d",
        "http://example.org",
        "HTTPS://EXAMPLE.ORG/",
        "mailto:ben.yeo@example.org",
        "mailto:a@example.org,b@example.org",
        "tel:+442070000000",
        "https://doi.org/10.1002/14651858.CD012348.pub2",
    ],
)
def test_allowed(url):
    assert link_problem(url) is None


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("javascript:alert(1)", "links to 'javascript:' addresses are not allowed"),
        ("file:///etc/passwd", "links to 'file:' addresses are not allowed"),
        ("data:text/html,<script>", "links to 'data:' addresses are not allowed"),
        ("vbscript:msgbox", "links to 'vbscript:' addresses are not allowed"),
        ("www.example.org", "it has no scheme"),
        ("../secret.pptx", "it has no scheme"),
        ("https://", "a web address needs a host"),
        ("https://bank.example@evil.example/", "user name or password"),
        ("mailto:a@b.c?bcc=x@evil.org", "may not carry header parameters"),
        ("mailto:someone", "it is not a mail address"),
        ("https://example.org/a b", "spaces or control characters"),
        ("https://example.org/\x07", "spaces or control characters"),
        ("tel:call-me", "it is not a phone number"),
        ("tel:+44 20 7000 0000", "write the number without them, or with hyphens"),
        ("https://e.org/" + "a" * 100_000, "it is 100,014 characters long; the limit is 2,000"),
    ],
)
def test_refused(url, why):
    assert why in link_problem(url)


def test_an_inline_link_says_why_it_is_refused():
    with pytest.raises(SlidegenError) as info:
        parse_inline("[x](https://e.org/" + "a" * 100_000 + ")", Pos("d.yaml", 3, 9), None)
    message = str(info.value)
    assert message.startswith("d.yaml:3:9: error: link target 'https://e.org/aaaa")
    assert "cannot be a link: it is 100,014 characters long; the limit is 2,000" in message
    assert "not a web or mail address" not in message


def _deck(tmp_path, refs: str, presenter: str = "Ben"):
    return write(
        tmp_path,
        "deck.yaml",
        f"deck: {{title: T, presenter: {presenter}}}\n"
        f"references:\n{refs}"
        "sections:\n  - id: s\n    title: S\n    slides:\n"
        "      - {title: One, bullets: ['[@bad]', '[@doi]'], layout: bullets}\n"
        "      - {layout: closing}\n",
    )


def _rels(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(
            z.read(n).decode() for n in z.namelist() if n.startswith("ppt/slides/_rels/")
        )


def test_reference_addresses_outside_the_list_are_shown_as_text(tmp_path):
    deck = _deck(
        tmp_path,
        "  bad: {title: Bad, year: 2020, url: 'javascript:alert(1)'}\n"
        "  doi: {title: Doi, year: 2021, url: 'file:///etc/passwd'}\n",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    warnings = [w.format() for w in result.warnings]
    assert any(
        "deck.yaml:3:3: warning: reference 'bad': url 'javascript:alert(1)' cannot be a link:" in w
        and "shown as text" in w
        for w in warnings
    ), warnings
    assert any("reference 'doi': url 'file:///etc/passwd'" in w for w in warnings), warnings
    rels = _rels(result.output)
    assert "javascript" not in rels and "file:" not in rels
    assert "javascript:alert(1)" in "".join(s for s in _texts(result.output))


def _texts(path) -> list[str]:
    from pptx import Presentation

    out = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
    return out


def test_a_presenter_email_with_a_hidden_copy_is_refused(tmp_path):
    deck = _deck(
        tmp_path,
        "  bad: {title: B, year: 2020}\n  doi: {title: D, year: 2020}\n",
        presenter="{name: Ben, email: 'a@b.c?bcc=x@evil.org'}",
    )
    with pytest.raises(SlidegenError) as info:
        build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert info.value.diagnostics[0].format() == (
        f"{deck}:1:48: error: presenter email 'a@b.c?bcc=x@evil.org' cannot be a mail link: a"
        " mail link may not carry header parameters (?cc=, ?bcc=, ?subject= ...) (write the"
        " address alone: name@example.org)"
    )


def test_the_renderer_checks_again(tmp_path, monkeypatch):
    from slidegen.resolve.references import styles

    monkeypatch.setattr(styles, "_live", lambda link: link)  # as if a formatter forgot
    deck = _deck(
        tmp_path,
        "  bad: {title: B, year: 2020, url: 'javascript:x()'}\n  doi: {title: D, year: 2020}\n",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    assert "javascript" not in _rels(result.output)
