"""Hostile input: every limit of load.py gives its own located message, fast, and no output."""

from __future__ import annotations

import time

import pytest

from helpers.decks import run_cli, write
from slidegen import load
from slidegen.errors import SlidegenError
from slidegen.load import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_deck, parse_yaml

DECK = "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    slides: [{bullets: [x]}]\n"


def _message(text: str, file: str = "d.yaml") -> str:
    with pytest.raises(SlidegenError) as info:
        parse_yaml(text, file)
    (diag,) = info.value.diagnostics
    return diag.format()


def _alias_bomb(levels: int = 9) -> str:
    """The "billion laughs": each level repeats the previous one nine times."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _build_fails(tmp_path, monkeypatch, deck_name: str = "deck.yaml"):
    """`slidegen build` of tmp_path/deck_name: exit 1, located messages, nothing written."""
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", deck_name, "--out", "out")
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pptx"))
    return result.stderr


def test_alias_bomb_is_refused_at_once_with_a_located_message():
    start = time.perf_counter()
    message = _message(_alias_bomb())
    assert time.perf_counter() - start < 1.0
    assert message == (
        f"d.yaml:1:38: error: document too large: more than {MAX_NODES:,} values after "
        "expanding aliases (YAML aliases (*name) may be repeating a large block)"
    )


def test_aliases_under_the_limit_still_expand():
    data = parse_yaml(_alias_bomb(levels=3), "d.yaml")
    assert len(data["a3"]) == 9
    assert data["a3"][8][8][8] == ["lol"] * 9


def test_alias_bomb_in_a_deck_fails_the_build(tmp_path, monkeypatch):
    write(tmp_path, "deck.yaml", _alias_bomb() + DECK)
    stderr = _build_fails(tmp_path, monkeypatch)
    assert "deck.yaml:1:38: error: document too large" in stderr


def test_nesting_deeper_than_the_limit_is_located():
    text = "{a: " * (MAX_DEPTH + 1) + "1" + "}" * (MAX_DEPTH + 1)
    assert _message(text) == f"d.yaml:1:{4 * MAX_DEPTH + 5}: error: nesting deeper than 64 levels"


def test_block_nesting_deeper_than_the_limit_is_located():
    text = "".join("  " * i + "-\n" for i in range(MAX_DEPTH + 1))
    assert (
        _message(text)
        == f"d.yaml:{MAX_DEPTH + 1}:{2 * MAX_DEPTH + 2}: error: nesting deeper than 64 levels"
    )


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_absurd_nesting_is_refused_by_the_parser_without_a_crash(depth):
    start = time.perf_counter()
    message = _message("[" * depth + "]" * depth)
    assert time.perf_counter() - start < 1.0
    assert message.startswith("d.yaml:1:")
    assert "nesting" in message


def test_nesting_at_the_limit_is_accepted():
    text = "[" * MAX_DEPTH + "1" + "]" * MAX_DEPTH
    data = parse_yaml(text, "d.yaml")
    for _ in range(MAX_DEPTH - 1):
        data = data[0]
    assert data == [1]


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    deck = tmp_path / "deck.yaml"
    with deck.open("wb") as f:  # sparse: 50 MB on paper, nothing on disk
        f.truncate(50 * 2**20)
    start = time.perf_counter()
    stderr = _build_fails(tmp_path, monkeypatch)
    assert time.perf_counter() - start < 2.0
    assert (
        f"{deck.name}: error: deck file '{deck.name}' is 52.4 MB;"
        f" the limit is {MAX_FILE_BYTES // 2**20} MB" in stderr
    )


def test_an_included_file_over_the_size_limit_is_located_at_the_include(tmp_path, monkeypatch):
    write(tmp_path, "deck.yaml", "deck: {title: T}\nsections:\n  - include: big.yaml\n")
    with (tmp_path / "big.yaml").open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    stderr = _build_fails(tmp_path, monkeypatch)
    assert "deck.yaml:3:14: error: included file 'big.yaml' is 5.2 MB;" in stderr


def test_an_include_outside_the_decks_folder_is_refused(tmp_path, monkeypatch):
    write(tmp_path, "outside.yaml", "- id: o\n  title: O\n  slides: [{bullets: [x]}]\n")
    write(tmp_path, "talk/deck.yaml", "deck: {title: T}\nsections:\n  - include: ../outside.yaml\n")
    monkeypatch.chdir(tmp_path / "talk")
    result = run_cli("build", "deck.yaml", "--out", "out")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "deck.yaml:3:14: error: include '../outside.yaml' is outside the project folder 'talk'"
        " (keep it inside the project (the deck's folder, or the nearest folder above it with"
        " themes/, decks/ or .git), or pass --allow-outside to read it deliberately)"
    )


def test_an_include_of_an_absolute_path_elsewhere_is_refused(tmp_path):
    write(tmp_path, "talk/deck.yaml", "deck: {title: T}\nsections:\n  - include: /etc/passwd\n")
    with pytest.raises(SlidegenError) as info:
        load_deck(tmp_path / "talk" / "deck.yaml")
    assert "include '/etc/passwd' is outside the project folder 'talk'" in str(info.value)


def test_an_include_of_a_folder_is_refused(tmp_path, monkeypatch):
    write(tmp_path, "deck.yaml", "deck: {title: T}\nsections:\n  - include: parts\n")
    (tmp_path / "parts").mkdir()
    stderr = _build_fails(tmp_path, monkeypatch)
    assert "deck.yaml:3:14: error: included file 'parts' is a folder, not a file" in stderr


def test_a_deck_that_is_a_folder_is_refused(tmp_path, monkeypatch):
    (tmp_path / "deck.yaml").mkdir()
    with pytest.raises(SlidegenError) as info:
        load_deck(tmp_path / "deck.yaml")
    assert "is a folder, not a file" in str(info.value)
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "deck.yaml")  # on the command line: a usage error
    assert result.exit_code == 2
    assert "'deck.yaml' is not a file" in result.stderr


def test_a_nul_byte_is_an_error_naming_the_character(tmp_path, monkeypatch):
    (tmp_path / "deck.yaml").write_bytes(DECK.replace("T}", "T\x00}", 1).encode())
    stderr = _build_fails(tmp_path, monkeypatch)
    assert "deck.yaml:1:16: error: invalid character U+0000" in stderr


def test_bytes_that_are_not_utf8_are_located(tmp_path, monkeypatch):
    (tmp_path / "deck.yaml").write_bytes(DECK.encode().replace(b"title: S", b"title: \xff"))
    stderr = _build_fails(tmp_path, monkeypatch)
    assert "deck.yaml:4:12: error: deck file is not UTF-8 text (byte 0xFF)" in stderr


def test_a_lone_surrogate_escape_is_invalid_yaml():
    assert _message('a: "\\ud800"\n').startswith(
        "d.yaml:1:7: error: invalid YAML: found invalid Unicode character escape code"
    )


@pytest.mark.parametrize(
    ("escape", "code"), [("\\0", "U+0000"), ("\\uFFFE", "U+FFFE"), ("\\x1b", "U+001B")]
)
def test_characters_xml_cannot_hold_are_removed_with_a_warning(escape, code):
    from slidegen.errors import Diagnostics

    diags = Diagnostics()
    data = parse_yaml(f'a: "x{escape}y"\n', "d.yaml", diags)
    assert data == {"a": "xy"}
    assert [d.format() for d in diags.items] == [
        f"d.yaml:1:4: warning: removed character(s) {code} that a .pptx file cannot hold"
    ]


def test_limits_are_module_constants_with_sensible_values():
    assert load.MAX_FILE_BYTES == 5 * 2**20
    assert 10_000 <= load.MAX_NODES <= 1_000_000
    assert 16 <= load.MAX_DEPTH <= 256


def test_too_many_values_without_aliases_is_found_before_deeper_nesting(monkeypatch):
    # A document without aliases is built without counting first; the count still decides
    # which problem is reported, as for a document with aliases.
    monkeypatch.setattr(load, "MAX_NODES", 12)
    monkeypatch.setattr(load, "MAX_DEPTH", 3)
    text = "a: [[[[[1]]]]]\nb: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]\n"
    assert _message(text) == (
        "d.yaml:2:23: error: document too large: more than 12 values after expanding aliases"
        " (YAML aliases (*name) may be repeating a large block)"
    )
    assert _message("a: [[[[[1]]]]]\nb: [1, 2]\n") == (
        "d.yaml:1:7: error: nesting deeper than 3 levels"
    )


def test_a_merge_key_without_an_alias_is_merged():
    data = parse_yaml("a:\n  <<: {x: 1, y: 2}\n  z: 3\n", "d.yaml")
    assert data["a"] == {"x": 1, "y": 2, "z": 3}
    assert str(data["a"].where("x")) == "d.yaml:2:11"
