"""slidegen.codes: one enumeration of diagnostic codes, used everywhere and documented."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from slidegen.check import CODES
from slidegen.codes import Code

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "slidegen"
TESTS = ROOT / "tests"


def test_a_code_is_its_upper_case_string():
    assert Code.OVERFLOW == "OVERFLOW" and Code("REF-UNCITED") is Code.REF_UNCITED
    assert str(Code.REF_UNCITED) == f"{Code.REF_UNCITED}" == "REF-UNCITED"
    assert json.dumps({"code": Code.FONT_SUBSTITUTE}) == '{"code": "FONT-SUBSTITUTE"}'
    assert {"TITLE-MISSING": 1}[Code.TITLE_MISSING] == 1


def test_every_member_is_documented():
    readme = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    for code in Code:
        assert re.fullmatch(r"[A-Z]+(-[A-Z]+)*", code.value), code
        assert code.name == code.value.replace("-", "_"), code
        assert code.severity in ("error", "warning", "info"), code
        assert code.what.strip() and code.fix.strip(), code
        row = f"| `{code.value}` | {code.severity} | {code.what} | {code.fix} |"
        assert row in readme, row
    assert list(CODES.values()) == list(Code)


def _trees(folder: Path):
    for path in sorted(folder.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def _strings(node) -> list[ast.Constant]:
    """The string constants of an expression: itself, or the items of a tuple/list/set."""
    items = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    return [n for n in items if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def _code_uses(tree):
    """(node, kind) of every place a code is given or compared: `code=...`, the first argument
    of `finding(...)`, and either side of a comparison with `<x>.code`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for kw in node.keywords:
                if kw.arg == "code":
                    yield kw.value
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name == "finding" and node.args:
                yield node.args[0]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr == "code" for s in sides):
                yield from sides


def test_every_code_used_is_a_member():
    members = {c.name for c in Code}
    values = {c.value for c in Code}
    spelled, unknown = [], []
    for folder in (SRC, TESTS):
        for path, tree in _trees(folder):
            where = path.relative_to(ROOT)
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Attribute)
                    and isinstance(node.value, ast.Name)
                    and node.value.id == "Code"
                    and node.attr not in members
                    and not node.attr.startswith("_")
                ):
                    unknown.append(f"{where}:{node.lineno}: Code.{node.attr}")
            for use in _code_uses(tree):
                for s in _strings(use):
                    if folder == SRC:  # the package names codes by the enumeration only
                        spelled.append(f"{where}:{s.lineno}: {s.value!r}")
                    elif s.value not in values:
                        unknown.append(f"{where}:{s.lineno}: {s.value!r}")
    assert unknown == []
    assert spelled == []


def test_check_keeps_a_build_diagnostics_code():
    from slidegen.check.deck import _from_diagnostic
    from slidegen.errors import Diagnostic, Pos

    def check(severity, code):
        f = _from_diagnostic(Diagnostic(severity, "m", Pos("d.yaml", 1, 2), code=code), "d.yaml")
        return f.code, f.severity

    assert check("warning", Code.TEMPLATE_LAYOUT) == (Code.TEMPLATE_LAYOUT, "warning")
    assert check("warning", Code.FONT_SUBSTITUTE) == (Code.FONT_SUBSTITUTE, "info")
    assert check("error", Code.CONTRAST) == (Code.CONTRAST, "error")
    assert check("error", None) == (Code.BUILD_ERROR, "error")
    assert check("warning", None) == (Code.BUILD_WARNING, "warning")
