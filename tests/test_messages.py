"""Messages a person can act on (issue 18, point 6): YAML syntax errors with the usual cause
and its fix, paths as the user sees them, articles, and PowerPoint files given where a deck is
expected."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from helpers.decks import run_cli, write
from slidegen.build import BuildOptions, plan_deck
from slidegen.errors import SlidegenError, a_or_an
from slidegen.load import display_path

DECK = "deck:\n  title: Talk\nsections:\n  - id: a\n    title: A\n    slides:\n"


def first_error(path: Path, **options):
    with pytest.raises(SlidegenError) as exc:
        plan_deck(path, BuildOptions(**options))
    return exc.value.diagnostics[0]


# ---- YAML syntax: the usual cause, where, and the fix ---------------------------------------
@pytest.mark.parametrize(
    "text, where, message, hint",
    [
        (
            "deck:\n  title: Tip: offer help\nsections: []\n",
            (2, 13),
            "invalid YAML: a ': ' inside unquoted text starts a key",
            'put the text in quotes: "Tip: offer help"',
        ),
        (
            DECK + "      - bullets:\n          - Tip: offer help: call us\n",
            (8, 28),
            "invalid YAML: a ': ' inside unquoted text starts a key",
            'put the text in quotes: "Tip: offer help: call us"',
        ),
        (
            "deck:\n\ttitle: Talk\n",
            (2, 1),
            "invalid YAML: a tab character; YAML indents with spaces",
            "replace the tab with spaces; set your editor to insert spaces for Tab",
        ),
        (
            'deck:\n  title: "Talk\n  subtitle: x\nsections: []\n',
            (2, 10),  # the quote that is never closed, not the end of the file
            'invalid YAML: the quote " opened here is never closed',
            'end the text with "; inside "...", write \\" for a double quote',
        ),
        (
            "deck:\n  title: T\n   subtitle: x\nsections: []\n",
            (3, 12),
            "invalid YAML: this key is indented more than the key above it, so it reads as"
            " more of that key's text",
            "line it up with the other keys of its mapping, using the same number of spaces",
        ),
        (
            "deck:\n  title: '@home'\n  subtitle: @home\n",
            (3, 13),
            "invalid YAML: unquoted text cannot start with '@'",
            "put the text in quotes",
        ),
        (
            DECK + "      - bullets: [a, b\n",
            (8, 1),
            "invalid YAML: the list opened with '[' at line 7 is not closed where expected",
            "close it with ']', or put an item that holds a ',', ':' or ']' in quotes",
        ),
    ],
)
def test_a_yaml_syntax_error_says_what_to_do(tmp_path, text, where, message, hint):
    d = first_error(write(tmp_path, "deck.yaml", text))
    assert (d.pos.line, d.pos.col) == where
    assert (d.message, d.hint) == (message, hint)


@pytest.mark.parametrize(
    "slides, message",
    [
        (
            "      - bullets:\n          - Tip: offer help\n",
            "item 1 of 'bullets' reads as a key and its value ('Tip: offer help'): a ': ' in"
            " unquoted text starts a key",
        ),
        (
            "      - bullets: [Ask, Tip: offer help]\n",
            "item 2 of 'bullets' reads as a key and its value ('Tip: offer help'): a ': ' in"
            " unquoted text starts a key",
        ),
        (
            "      - {layout: agenda, items: [Why, Part 2: how]}\n",
            "item 2 of 'items' reads as a key and its value ('Part 2: how'): a ': ' in"
            " unquoted text starts a key",
        ),
    ],
)
def test_a_list_item_read_as_a_mapping_says_to_quote_it(tmp_path, slides, message):
    with pytest.raises(SlidegenError) as exc:
        plan_deck(write(tmp_path, "deck.yaml", DECK + slides))
    (d,) = exc.value.diagnostics  # one error, not "unknown key 'Tip'" and "missing 'text'"
    assert d.message == message and d.hint.startswith('put the text in quotes: "')


# ---- articles ------------------------------------------------------------------------------
def test_articles_read_right(tmp_path):
    deck = write(
        tmp_path,
        "deck.yaml",
        DECK
        + "      - {layout: image, image: x.png, alt: x, size: 2}\n"
        + "      - {layout: agenda, itms: [a]}\n"
        + "      - {layout: stat, value: '1', colour: red}\n"
        + "      - {layout: statement}\n",
    )
    with pytest.raises(SlidegenError) as exc:
        plan_deck(deck)
    messages = [d.message for d in exc.value.diagnostics]
    assert messages == [
        "unknown key 'size' in an 'image' slide",
        "unknown key 'itms' in an 'agenda' slide",
        "unknown key 'colour' in a 'stat' slide",
        "missing required key 'text' in a 'statement' slide",
    ]
    assert [a_or_an(w) for w in ("image", "agenda", "'overlay'", "stat", "two-column")] == [
        "an",
        "an",
        "an",
        "a",
        "a",
    ]


# ---- paths as the user sees them -------------------------------------------------------------
def _teesvalley(tmp_path: Path) -> tuple[Path, Path]:
    deck = write(tmp_path, "mistakes/talk.yaml", DECK + "      - {bullets: [x]}\n")
    overlay = write(tmp_path, "mistakes/regions/tees.yaml", "deck: {logo: images/teesvalley.png}\n")
    return deck, overlay


def test_an_overlay_logo_path_is_shown_from_the_current_folder(tmp_path, monkeypatch):
    deck, overlay = _teesvalley(tmp_path)
    monkeypatch.chdir(tmp_path)
    d = first_error(Path("mistakes/talk.yaml"), overlays=(Path("mistakes/regions/tees.yaml"),))
    assert d.message == "logo 'mistakes/regions/images/teesvalley.png' not found"
    assert str(d.pos) == "mistakes/regions/tees.yaml:1:14"
    monkeypatch.chdir(tmp_path / "mistakes" / "regions")
    d = first_error(Path("../talk.yaml"), overlays=(Path("tees.yaml"),))
    assert d.message == "logo 'images/teesvalley.png' not found"


def test_a_path_outside_the_current_folder_is_absolute(tmp_path, monkeypatch):
    deck, overlay = _teesvalley(tmp_path)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    d = first_error(
        Path("../mistakes/talk.yaml"), overlays=(Path("../mistakes/regions/tees.yaml"),)
    )
    logo = tmp_path.resolve() / "mistakes" / "regions" / "images" / "teesvalley.png"
    assert d.message == f"logo '{logo}' not found"
    assert d.pos.file == str(overlay.resolve())
    assert display_path(Path("../mistakes/talk.yaml")) == str(deck.resolve())


def test_a_missing_picture_of_an_overlay_is_shown_from_the_current_folder(tmp_path, monkeypatch):
    deck, _ = _teesvalley(tmp_path)
    write(
        tmp_path,
        "mistakes/regions/pic.yaml",
        "sections:\n  - id: a\n    slides:\n"
        "      - {id: pic, after: a-1, layout: image, image: images/x.png, alt: A picture}\n",
    )
    monkeypatch.chdir(tmp_path)
    d = first_error(Path("mistakes/talk.yaml"), overlays=(Path("mistakes/regions/pic.yaml"),))
    assert d.message == "picture 'mistakes/regions/images/x.png' not found"


# ---- a PowerPoint file where a deck is expected ---------------------------------------------
def _as(kind: str, built: Path, path: Path) -> Path:
    """A copy of a built .pptx whose main part says it is a `kind` (template, ...)."""
    with zipfile.ZipFile(built) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", f"{kind}.main+xml".encode())
            out.writestr(item, data)
    return path


@pytest.fixture
def built(tmp_path, monkeypatch) -> Path:
    from slidegen.build import build

    monkeypatch.chdir(tmp_path)
    deck = write(tmp_path, "talk.yaml", DECK + "      - {bullets: [x]}\n")
    return build(deck, BuildOptions(output=tmp_path / "talk.pptx")).output


def test_a_template_given_as_a_deck_says_what_takes_it(built, tmp_path):
    _as("template", built, tmp_path / "brand.potx")
    result = run_cli("build", "brand.potx")
    assert result.exit_code == 1
    assert (
        "'brand.potx' is a PowerPoint file, not a deck file: it holds a PowerPoint template"
    ) in result.output
    assert "name it in a theme's `template:`" in result.output
    assert "UTF-8" not in result.output


def test_a_presentation_given_as_a_deck_names_slidegen_import(built):
    for command in ("build", "list"):
        result = run_cli(command, "talk.pptx")
        assert result.exit_code == 1
        assert "'talk.pptx' is a PowerPoint file, not a deck file: it holds a PowerPoint" in (
            result.output
        )
        assert "turn it into a deck with: slidegen import talk.pptx" in result.output


def test_a_template_renamed_pptx_is_checked_for_what_it_is(built, tmp_path):
    _as("template", built, tmp_path / "renamed.pptx")
    for args in (("check", "renamed.pptx"), ("check", "renamed.pptx", "brand.pptx")):
        _as("template", built, tmp_path / "brand.pptx")
        result = run_cli(*args)
        assert "content type" not in result.output and "UTF-8" not in result.output
        assert "PPTX-UNREADABLE" not in result.output
