"""Commands that do not write a deck must not pay for importing python-pptx (or worse); a
build on a built-in theme writes its package without python-pptx too."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers.decks import ROOT, SEED

HEAVY = ("pptx", "lxml", "PIL", "pydantic", "yaml")
PROBE = """
import json, sys
from slidegen.cli import run  # the `slidegen` console script
sys.argv = ["slidegen", *sys.argv[1:]]
try:
    run()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _full_modules(*args: str) -> tuple[int, set[str]]:
    """Run `slidegen ARGS` in a fresh interpreter: exit code and every module imported."""
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def _imported(*args: str) -> tuple[int, set[str]]:
    """Run `slidegen ARGS` in a fresh interpreter: exit code and top-level packages imported."""
    code, modules = _full_modules(*args)
    return code, {m.split(".")[0] for m in modules}


@pytest.mark.parametrize(
    "args",
    [("--help",), ("--version",), ("build", "--help"), ("check", "--help"), ("watch", "--help")],
)
def test_help_imports_nothing_heavy(args):
    code, modules = _imported(*args)
    assert code == 0
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_check_of_the_seed_deck_does_not_import_python_pptx():
    if not SEED.exists():
        pytest.skip("the seed deck is not there")
    code, modules = _imported("check", str(SEED))
    assert code in (0, 1)
    assert "yaml" in modules and "pydantic" in modules  # it did read and validate the deck
    assert "pptx" not in modules
    assert "lxml" not in modules


def test_build_on_a_built_in_theme_does_not_import_python_pptx(tmp_path):
    """slidegen writes its own package (write/package.py): python-pptx is for reading what
    others wrote (corporate templates, import, pull, check of a .pptx)."""
    if not SEED.exists():
        pytest.skip("the seed deck is not there")
    code, modules = _imported("build", str(SEED), "--out", str(tmp_path))
    assert code == 0
    assert (tmp_path / f"{SEED.stem}.pptx").stat().st_size > 100_000  # it did build the deck
    assert "lxml" in modules and "PIL" in modules
    assert "pptx" not in modules


def test_list_does_not_import_python_pptx():
    if not SEED.exists():
        pytest.skip("the seed deck is not there")
    code, modules = _imported("list", str(SEED))
    assert code == 0
    assert "pptx" not in modules


def test_help_import_time_shows_no_python_pptx():
    """The same seen through `python -X importtime`, as the benchmark reports it."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PROBE, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()]
    assert "slidegen.cli" in modules
    assert "click" in modules
    assert not [m for m in modules if m.split(".")[0] in HEAVY]
