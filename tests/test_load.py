"""Loading YAML: positions for every value, duplicate keys, includes, characters XML cannot hold."""

from __future__ import annotations

from pathlib import Path

import pytest
from pptx import Presentation

from helpers.decks import CORE, assert_build_fails, run_cli, write
from slidegen.errors import Diagnostics, Pos, SlidegenError
from slidegen.load import LDict, LList, load_deck, parse_yaml


def test_every_key_and_value_has_file_line_and_column():
    tree = parse_yaml("deck:\n  title: T\nsections:\n  - id: a\n    tags: [x, y]\n", "d.yaml")
    assert isinstance(tree, LDict)
    assert tree.where("deck") == Pos("d.yaml", 2, 3)
    assert tree.where_key("sections") == Pos("d.yaml", 3, 1)
    assert tree["deck"].where("title") == Pos("d.yaml", 2, 10)
    sections = tree["sections"]
    assert isinstance(sections, LList)
    assert sections.where(0) == Pos("d.yaml", 4, 5)
    assert sections[0]["tags"].where(1) == Pos("d.yaml", 5, 15)


def test_duplicate_key_is_an_error_naming_both_lines():
    with pytest.raises(SlidegenError) as exc:
        parse_yaml("a: 1\nb: 2\na: 3\n", "d.yaml")
    assert str(exc.value) == (
        "d.yaml:3:1: error: duplicate key 'a' (first given at line 1)"
        " (YAML keeps only one of them: remove or rename one)"
    )


def test_escaped_control_character_is_stripped_with_a_warning():
    diags = Diagnostics()
    tree = parse_yaml('title: "a\\x07b"\n', "d.yaml", diags)
    assert tree["title"] == "ab"
    assert [d.format() for d in diags.items] == [
        "d.yaml:1:8: warning: removed character(s) U+0007 that a .pptx file cannot hold"
    ]


def test_stripped_character_never_reaches_the_file(tmp_path, monkeypatch):
    deck = write(
        tmp_path,
        "ctl.yaml",
        'deck: {title: "Bell\\x07 and \\x0b tab"}\nsections:\n'
        '  - id: s\n    title: S\n    slides:\n      - bullets: ["x\\x1fy"]\n',
    )
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", deck.name, "--out", "out")
    assert result.exit_code == 0, result.output
    assert "ctl.yaml:1:15: warning: removed character(s) U+0007, U+000B" in result.stderr
    assert "ctl.yaml:6:19: warning: removed character(s) U+001F" in result.stderr
    import zipfile

    with zipfile.ZipFile(tmp_path / "out" / "ctl.pptx") as zf:
        for name in zf.namelist():
            data = zf.read(name)
            assert b"\x07" not in data and b"\x0b" not in data and b"\x1f" not in data
            assert b"&#7;" not in data and b"&#x7;" not in data
    prs = Presentation(tmp_path / "out" / "ctl.pptx")
    texts = [
        p.text
        for s in prs.slides
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
    ]
    assert texts[0] == "Bell and  tab"
    assert "xy" in texts


def test_includes_are_relative_to_the_including_file():
    tree = load_deck(CORE / "included.yaml")
    ids = [s["id"] for s in tree["sections"]]
    assert ids == ["first", "included-one", "included-last"]
    # positions point into the file each section came from
    assert tree["sections"][2].pos.file.endswith("parts/more/last.yaml")
    assert tree["sections"][2].where("title").line == 2


def test_include_of_an_included_file_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(CORE)
    result = run_cli("build", "included.yaml", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    prs = Presentation(tmp_path / "included.pptx")
    titles = [s.shapes.title.text for s in prs.slides]
    assert titles == [
        "First",
        "First",
        "Included one",
        "Included one",
        "Included last",
        "Included last",
    ]


BAD_LOAD = {
    "bad-duplicate-key.yaml": [
        "bad-duplicate-key.yaml:4:3: error: duplicate key 'title' (first given at line 2)"
        " (YAML keeps only one of them: remove or rename one)"
    ],
    "bad-control-char.yaml": [
        "bad-control-char.yaml:2:17: error: invalid character U+0007:"
        " control characters are not allowed in a deck"
    ],
    "bad-include-cycle.yaml": [
        "parts/cycle-b.yaml:1:12: error: include cycle:"
        " parts/cycle-a.yaml -> parts/cycle-b.yaml -> parts/cycle-a.yaml"
    ],
    "bad-include-missing.yaml": [
        "bad-include-missing.yaml:3:14: error: included file 'parts/nowhere.yaml' not found"
    ],
    "bad-invalid-yaml.yaml": [
        'bad-invalid-yaml.yaml:2:10: error: invalid YAML: the quote " opened here is never'
        ' closed (end the text with "; inside "...", write \\" for a double quote)'
    ],
}


@pytest.mark.parametrize("deck", sorted(BAD_LOAD))
def test_bad_input_is_reported_and_nothing_written(deck, tmp_path, monkeypatch):
    assert_build_fails(deck, BAD_LOAD[deck], tmp_path / "out", monkeypatch)


def test_include_outside_the_deck_folder_is_refused(tmp_path, monkeypatch):
    write(tmp_path, "elsewhere.yaml", "- id: x\n  title: X\n")
    write(
        tmp_path,
        "decks/d.yaml",
        "deck: {title: T}\nsections:\n  - include: ../../elsewhere.yaml\n",
    )
    monkeypatch.chdir(tmp_path / "decks")
    with pytest.raises(SlidegenError) as exc:
        load_deck(Path("d.yaml"))
    assert str(exc.value) == (
        "d.yaml:3:14: error: include '../../elsewhere.yaml' points outside the deck's folder"
        " (keep included files beside the deck or below its folder)"
    )


def test_alias_bomb_is_refused():
    text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdef", "bcdefg", strict=True)
    )
    with pytest.raises(SlidegenError, match="document too large"):
        parse_yaml(text, "bomb.yaml")


@pytest.mark.parametrize(
    "value, message",
    [
        ("2026-02-30", "invalid date '2026-02-30': day is out of range for month"),
        ("2020-01-01T25:00:00", "invalid date '2020-01-01T25:00:00': hour must be in 0..23"),
        ("0000-01-01", "invalid date '0000-01-01': year 0 is out of range"),
        ("!!int abc", "'abc' is not a valid int"),
        ("!!float abc", "'abc' is not a valid float"),
        ("!!bool maybe", "'maybe' is not a valid bool"),
        ("!!timestamp soon", "'soon' is not a valid date"),
        ("1" * 5000, "has too many digits (at most 4,300)"),
    ],
)
def test_a_value_its_yaml_type_cannot_hold_is_a_located_error(tmp_path, value, message):
    """YAML reads 2026-02-30 as a date and fails to make one: an error at the value, never a
    crash (these used to end in an internal error, exit 3)."""
    deck = write(
        tmp_path,
        "d.yaml",
        f"deck: {{title: T, date: {value}}}\nsections: [{{id: s, title: S, slides: []}}]\n",
    )
    result = run_cli("build", str(deck), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1, result.output
    (line,) = [x for x in result.stderr.splitlines() if ": error: " in x]
    assert line.startswith(f"{deck}:1:24: error: ")
    assert message in line
    assert "quote it to keep it as text" in line
    assert not (tmp_path / "out").exists()
