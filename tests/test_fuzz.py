"""Fuzzing: generated decks, valid and corrupted, and hostile text never crash slidegen.

Every example must end in one of two ways: a .pptx that python-pptx opens and that passes the
structural check, or SlidegenError with located diagnostics (exit 1 on the command line).
Anything else (another exception, exit 3, a traceback, minutes of work) fails. Examples are
derandomized and bounded so the suite stays fast and repeatable in CI.
"""

from __future__ import annotations

import copy
import io
import resource
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from PIL import Image
from pptx import Presentation

from helpers.decks import run_cli
from helpers.structure import assert_structure
from slidegen.build import BuildOptions, build
from slidegen.errors import SlidegenError

SECONDS = 10.0  # per example, generous for a shared, loaded CI machine
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SPECIAL = [
    "",
    " ",
    "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",  # Arabic, RTL
    "\u05e9\u05dc\u05d5\u05dd abc \u202e reversed \u202c",  # Hebrew and bidi overrides
    "e\u0301\u0302\u0303\u0304 Z\u0351\u0352\u0353\u0354\u0355",  # stacked combining marks
    "\U0001f469\u200d\U0001f469\u200d\U0001f467 \U0001f3f3\ufe0f\u200d\U0001f308",  # emoji
    "\U0001f44d\U0001f3fd \U0001f1ec\U0001f1e7 \U0001d54f",
    "\ufffe\uffff",
    "bell\x07 escape\x1b nul\x00 tab\t",
    "\u200b\u200c\u200d\u2060\ufeff",  # zero-width characters
    "**unclosed *markup [link](not a url) [@nobody] {{ missing }} \\",
    "[ok](https://example.org/\u00e9?q=1&x=<y>)",
    "<a:t>&amp;</a:t> ]]> \"'",
    "x" * 2000,
    "word " * 400,
]


def _text(max_size: int = 30):
    return st.one_of(
        st.text(max_size=max_size),
        st.sampled_from(SPECIAL),
        st.text(st.characters(max_codepoint=0x2F), max_size=8),  # controls and punctuation
    )


def _bullets():
    leaf = _text()
    nested = st.fixed_dictionaries(
        {"text": _text()}, optional={"bullets": st.lists(leaf, max_size=3)}
    )
    return st.lists(st.one_of(leaf, nested), max_size=5)


def _slide():
    common = {"notes": _text(), "title": _text()}
    pane = st.one_of(
        st.fixed_dictionaries({"heading": _text(), "bullets": st.lists(_text(), max_size=3)}),
        st.fixed_dictionaries({"heading": _text(), "text": _text()}),
        st.just({"image": "pic.png", "alt": "A square"}),
    )
    numbers = st.one_of(st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False))
    layouts = [
        st.fixed_dictionaries({"bullets": _bullets()}, optional=common),
        st.fixed_dictionaries(
            {"layout": st.just("statement"), "text": _text()},
            optional={**common, "attribution": _text()},
        ),
        st.fixed_dictionaries(
            {"layout": st.just("quote"), "text": _text(), "attribution": _text()},
            optional=common,
        ),
        st.fixed_dictionaries(
            {
                "layout": st.just("stat"),
                "stats": st.lists(
                    st.fixed_dictionaries({"value": _text(8), "label": _text()}),
                    min_size=1,
                    max_size=4,
                ),
            },
            optional=common,
        ),
        st.fixed_dictionaries(
            {"layout": st.just("image"), "image": st.just("pic.png"), "alt": _text()},
            optional={**common, "caption": _text(), "fit": st.sampled_from(["contain", "cover"])},
        ),
        st.fixed_dictionaries(
            {"layout": st.just("two-column"), "left": pane, "right": pane}, optional=common
        ),
        st.integers(1, 4).flatmap(
            lambda cols: st.fixed_dictionaries(
                {
                    "layout": st.just("table"),
                    "columns": st.lists(_text(12), min_size=cols, max_size=cols),
                    "rows": st.lists(
                        st.lists(st.one_of(_text(12), numbers), min_size=cols, max_size=cols),
                        max_size=6,
                    ),
                },
                optional={**common, "caption": _text()},
            )
        ),
        st.integers(1, 5).flatmap(
            lambda cats: st.fixed_dictionaries(
                {
                    "layout": st.just("chart"),
                    "chart": st.fixed_dictionaries(
                        {
                            "type": st.sampled_from(["bar", "column", "line", "pie", "doughnut"]),
                            "categories": st.lists(_text(10), min_size=cats, max_size=cats),
                            "series": st.lists(
                                st.fixed_dictionaries(
                                    {
                                        "name": _text(10),
                                        "values": st.lists(numbers, min_size=cats, max_size=cats),
                                    }
                                ),
                                min_size=1,
                                max_size=3,
                            ),
                        },
                        optional={"stacked": st.booleans(), "unit": _text(4)},
                    ),
                    "alt": _text(),
                },
                optional=common,
            )
        ),
        st.fixed_dictionaries({"layout": st.just("closing")}, optional={"text": _text()}),
    ]
    return st.one_of(layouts)


def _deck():
    section = st.fixed_dictionaries(
        {"title": _text(), "slides": st.lists(_slide(), min_size=1, max_size=4)},
        optional={"divider": st.booleans(), "subtitle": _text()},
    )
    return st.fixed_dictionaries(
        {
            "deck": st.fixed_dictionaries(
                {"title": _text()},
                optional={
                    "subtitle": _text(),
                    "agenda": _text(),
                    "organisation": _text(),
                    "presenter": st.fixed_dictionaries({"name": _text()}),
                },
            ),
            "sections": st.lists(section, min_size=1, max_size=3).map(
                lambda secs: [{"id": f"s{i}", **s} for i, s in enumerate(secs)]
            ),
        }
    )


@pytest.fixture(scope="module")
def picture() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buf, format="PNG")
    return buf.getvalue()


def _dump(tree) -> str:
    return yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, width=80)


def _outcome(text: str | bytes, picture: bytes) -> str:
    """Build a deck file's text in a fresh folder: "built" or "error"; anything else fails."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "pic.png").write_bytes(picture)
        deck = folder / "deck.yaml"
        if isinstance(text, str):
            text = text.encode("utf-8", "surrogatepass")
        deck.write_bytes(text)
        start = time.perf_counter()
        try:
            result = build(deck, BuildOptions(out_dir=folder / "out"), write=False)
        except SlidegenError as exc:
            assert exc.diagnostics, "an error without diagnostics"
            assert all(d.pos is None or d.pos.file for d in exc.diagnostics)
            assert any(d.severity == "error" for d in exc.diagnostics)
            outcome = "error"
        else:
            assert_structure(result.data)
            prs = Presentation(io.BytesIO(result.data))
            assert len(prs.slides) == result.slides >= 1
            outcome = "built"
        assert time.perf_counter() - start < SECONDS
        return outcome


# ---- valid decks ------------------------------------------------------------------------------
@pytest.mark.slow
@FUZZ
@given(tree=_deck())
def test_generated_decks_build_or_fail_with_located_errors(tree, picture):
    event(_outcome(_dump(tree), picture))


def test_the_generator_makes_decks_that_build(picture):
    """A guard that the fuzzing above really reaches the renderer, not only validation."""
    tree = {
        "deck": {"title": SPECIAL[2] + SPECIAL[5]},
        "sections": [{"id": "s", "title": SPECIAL[4], "slides": [{"bullets": SPECIAL[:6]}]}],
    }
    assert _outcome(_dump(tree), picture) == "built"


# ---- corrupted decks --------------------------------------------------------------------------
def _paths(node, prefix=()):
    """Every (path, value) in a tree of dicts and lists."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    _text(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(_text(8), st.integers(), max_size=3),
    st.sampled_from(
        [{"include": "deck.yaml"}, {"include": "/"}, {"layout": "nope"}, "x" * 100_000]
    ),
)


@pytest.mark.slow
@FUZZ
@given(tree=_deck(), data=st.data())
def test_corrupted_decks_fail_with_located_errors_never_a_crash(tree, data, picture):
    tree = copy.deepcopy(tree)
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p, _ in _paths(tree) if p]
        path = data.draw(st.sampled_from(paths))
        parent = tree
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "unknown-key"]))
        if action == "replace":
            parent[path[-1]] = data.draw(JUNK)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(_text(12))] = data.draw(JUNK)
        if not paths:
            break
    event(_outcome(_dump(tree), picture))


# ---- hostile text -------------------------------------------------------------------------------
@pytest.mark.slow
@FUZZ
@given(text=st.text(max_size=300))
def test_arbitrary_text_as_a_deck_file(text, picture):
    event(_outcome(text, picture))


@pytest.mark.slow
@settings(FUZZ, max_examples=60)
@given(raw=st.binary(max_size=200))
def test_arbitrary_bytes_as_a_deck_file(raw, picture):
    event(_outcome(raw, picture))


@pytest.mark.slow
@FUZZ
@given(value=_text(40), where=st.sampled_from(["title", "bullet", "notes", "cell", "key"]))
def test_hostile_strings_anywhere_in_yaml_source(value, where, picture):
    """Written into the YAML source unescaped (double-quoted, so controls stay escapes)."""
    quoted = '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    title = quoted if where == "title" else "T"
    bullet = quoted if where == "bullet" else "b"
    notes = quoted if where == "notes" else "n"
    cell = quoted if where == "cell" else "c"
    key = f", {quoted}: 1" if where == "key" else ""
    text = (
        f"deck: {{title: {title}}}\n"
        "sections:\n"
        "  - id: s\n"
        "    title: S\n"
        "    slides:\n"
        f"      - {{bullets: [{bullet}], notes: {notes}}}\n"
        f"      - {{layout: table, columns: [A], rows: [[{cell}]]}}\n"
        f"      - {{layout: statement, text: x{key}}}\n"
    )
    event(_outcome(text, picture))


# ---- the command line: exit 0 or 1, never a traceback -----------------------------------
CLI_CASES = {
    "valid": "deck: {title: T}\nsections: [{id: s, title: S, slides: [{bullets: [a]}]}]\n",
    "wrong types": "deck: {title: [1, 2]}\nsections: {id: s}\n",
    "missing keys": "sections: [{slides: [{layout: stat}]}]\n",
    "not a mapping": "- just\n- a list\n",
    "empty": "",
    "tabs": "deck:\n\ttitle: T\n",
    "unclosed": "deck: {title: [T\n",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"a{i}: &a{i} [{', '.join(['*a' + (str(i - 1) if i > 1 else '')] * 10)}]\n"
        for i in range(1, 7)
    ),
    "deep": "deck: " + "[" * 200 + "]" * 200 + "\n",
    "python tag": "deck: !!python/object/apply:os.system ['echo hi']\n",
    "include dir": "deck: {title: T}\nsections:\n  - include: .\n",
    "include self": "deck: {title: T}\nsections:\n  - include: deck.yaml\n",
    "include outside": "deck: {title: T}\nsections:\n  - include: ../../etc/passwd\n",
    "binary": "deck: !!binary aGVsbG8=\n",
    "surrogate": 'deck: {title: "\\udc80"}\n',
    "bom": "\ufeffdeck: {title: T}\nsections: [{id: s, title: S, slides: [{bullets: [a]}]}]\n",
}


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_cli_exits_0_or_1_with_located_messages(name, tmp_path, monkeypatch):
    (tmp_path / "deck.yaml").write_text(CLI_CASES[name], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    start = time.perf_counter()
    result = run_cli("build", "deck.yaml", "--out", "out")
    assert time.perf_counter() - start < SECONDS
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert not (tmp_path / "build" / "slidegen-crash.txt").exists()
    built = sorted((tmp_path / "out").glob("*.pptx")) if (tmp_path / "out").exists() else []
    if result.exit_code == 0:
        assert name in ("valid", "bom")
        (path,) = built
        assert_structure(path)
        assert Presentation(str(path)).slides[0].shapes.title.text == "T"
    else:
        assert not built
        first = result.stderr.splitlines()[0]
        assert first.startswith("deck.yaml:"), first
        assert ": error: " in first


def test_fuzzing_stays_within_a_few_hundred_megabytes():
    """Runs after the fuzz tests in this module: the process never grew past the bound."""
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert peak_mb < 600, f"peak RSS {peak_mb:.0f} MB"


# ---- what fuzzing found, kept as plain regression tests ------------------------------------------
def test_a_two_column_heading_longer_than_its_pane_warns_instead_of_crashing(picture):
    heading = "x" * 3000
    tree = {
        "deck": {"title": "T"},
        "sections": [
            {
                "id": "s",
                "title": "S",
                "slides": [
                    {
                        "layout": "two-column",
                        "left": {"heading": heading, "bullets": []},
                        "right": {"heading": "", "text": "0"},
                    }
                ],
            }
        ],
    }
    with tempfile.TemporaryDirectory() as tmp:
        deck = Path(tmp) / "deck.yaml"
        deck.write_text(_dump(tree), encoding="utf-8")
        result = build(deck, BuildOptions(out_dir=Path(tmp)), write=False)
    assert_structure(result.data)
    assert any("pane heading on slide 's-1' is too long" in w.message for w in result.warnings)
    prs = Presentation(io.BytesIO(result.data))
    shapes = prs.slides[-1].shapes
    assert all(s.height >= 0 and s.top + s.height <= prs.slide_height for s in shapes)


def test_a_title_longer_than_255_characters_builds(picture):
    """Core properties hold 255 characters at most; the slide keeps the whole title."""
    title = "A very long title " * 30
    text = (
        f"deck: {{title: {title!r}}}\nsections: [{{id: s, title: S, slides: [{{bullets: [a]}}]}}]\n"
    )
    assert _outcome(text, picture) == "built"
