"""slidegen.conventions: the names and strings render writes and import and diff read back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from slidegen import conventions as cv

SRC = Path(cv.__file__).parent


def test_continuations_read_back_as_written():
    title = "Results (in 2024)"
    assert cv.continued_title(title + cv.part_suffix(2, numbered=False)) == title
    assert cv.continued_title(title) is None
    assert cv.part_suffix(3, numbered=True) == " (3)"
    assert cv.is_numbered_part(cv.REFERENCES_TITLE + cv.part_suffix(2, True), "References")
    assert cv.is_numbered_part("References", cv.REFERENCES_TITLE)
    assert not cv.is_numbered_part("References (cont.)", cv.REFERENCES_TITLE)
    assert cv.part_id("results", 2) == "results--2"
    assert cv.is_part_of(cv.part_id(cv.REFERENCES_ID, 12), "references")
    assert cv.is_part_of("references", cv.REFERENCES_ID)
    assert not cv.is_part_of("references-2", cv.REFERENCES_ID)
    assert not cv.is_part_of("a.b--2", "a-b")  # the id is matched literally
    assert cv.divider_id("results").endswith(cv.DIVIDER_SUFFIX)


def test_shape_names():
    assert (cv.figure_name(1), cv.label_name(2)) == ("Figure 1", "Label 2")
    assert cv.figure_name(3).startswith(cv.FIGURE)
    assert cv.pane_name(cv.LEFT, "heading") == "Left heading"


# the same words meaning something else: a JSON-schema definition, diff's own heading
ELSEWHERE = {
    ("schema/__init__.py", "Presenter"),
    ("schema/reference.py", "Presenter"),
    ("diff.py", "References"),
}


def _literals(tree):
    """(line, text) of every string literal outside docstrings, f-strings' parts joined
    with "{}" for their fields."""
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    parts = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            parts.update(id(v) for v in node.values)
            text = "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
            yield node.lineno, text
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docs and id(node) not in parts:
                yield node.lineno, node.value


def test_no_other_module_spells_them():
    words = {
        cv.SOURCE_PREFIX,
        cv.CONT_SUFFIX,
        cv.DIVIDER_SUFFIX,
        cv.REFERENCES_TITLE,
        cv.SOURCE,
        cv.PRESENTER,
        cv.QUOTE,
        cv.STATEMENT,
        cv.ATTRIBUTION,
        cv.CAPTION,
        cv.FIGURE,
        cv.LABEL,
        cv.LEFT,
        cv.RIGHT,
    }
    made = re.compile(
        r"^(Figure|Label|Left|Right) |^\{\} (heading|content|picture)$|\{\}--\{\}|\{\}-divider$"
    )
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "conventions.py":
            continue
        where = str(path.relative_to(SRC))
        for line, text in _literals(ast.parse(path.read_text(encoding="utf-8"))):
            if (text in words or made.search(text)) and (where, text) not in ELSEWHERE:
                found.append(f"{where}:{line}: {text!r}")
    assert found == []


def test_dates_are_written_in_english_whatever_the_locale(monkeypatch):
    import datetime as dt
    import locale

    for name in ("de_DE.UTF-8", "fr_FR.UTF-8"):
        try:
            locale.setlocale(locale.LC_TIME, name)
            break
        except locale.Error:
            continue
    try:
        assert cv.long_date(dt.date(2026, 12, 7)) == "7 December 2026"
        assert cv.parse_long_date("7 December 2026") == dt.date(2026, 12, 7)
        assert cv.parse_long_date("31 February 2026") is None
        assert cv.long_date(None) is None
    finally:
        locale.setlocale(locale.LC_TIME, "C")
