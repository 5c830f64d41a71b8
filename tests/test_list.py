"""`slidegen list`: the slides a build would make, without building (and without python-pptx)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from slidegen.cli import main

FIX = Path(__file__).parent / "fixtures" / "tailoring"
BASE = FIX / "base.yaml"


def run(*args):
    return CliRunner().invoke(main, ["list", *map(str, args)])


def test_table_lists_number_id_layout_title_and_tags():
    r = run(BASE)
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0].split() == ["#", "id", "layout", "time", "title", "[tags]"]
    assert lines[1].split() == ["1", "title", "title", "0:10", "Base", "deck"]
    row = next(ln for ln in lines if " intro-a " in ln)
    assert row.split() == ["3", "intro-a", "bullets", "0:30", "First", "[headline]"]
    assert "10 slides planned" in lines[-1] and "continuation" in lines[-1]
    assert "at 130 words a minute" in lines[-1]


def test_audience_and_overlay(tmp_path):
    ov = tmp_path / "norfolk.yaml"
    ov.write_text(
        "sections: [{id: intro, slides: [{id: local, tags: [headline], bullets: [x]}]}]\n"
    )
    r = run(BASE, "--audience", "short", "--overlay", ov, "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["audience"] == "short"
    assert [s["id"] for s in data["slides"]] == [
        "title",
        "intro-divider",
        "intro-a",
        "local",
        "close",
        "references",
    ]
    assert data["slides"][3] == {
        "number": 4,
        "id": "local",
        "layout": "bullets",
        "title": "Introduction",
        "tags": ["headline"],
        "hidden": False,
        "backup": False,
        "seconds": 30.0,
        "time_from": "floor",
    }


def test_unknown_audience_exits_2_with_a_suggestion():
    r = run(BASE, "--audience", "shrot")
    assert r.exit_code == 2
    assert "unknown audience 'shrot'" in r.output and "did you mean 'short'?" in r.output


def test_deck_error_is_located_and_exits_1(tmp_path):
    deck = tmp_path / "bad.yaml"
    deck.write_text(
        "deck: {title: T}\nsections:\n  - id: s\n    title: S\n    slides: [{titel: x}]\n"
    )
    r = run(deck)
    assert r.exit_code == 1
    assert "bad.yaml:5:" in r.output and "titel" in r.output


def test_list_does_not_import_python_pptx():
    code = (
        "import sys\n"
        "from slidegen.cli import main\n"
        f"try:\n    main(['list', {str(BASE)!r}])\nexcept SystemExit as e:\n    assert not e.code\n"
        "assert not [m for m in sys.modules if m == 'pptx' or m.startswith('pptx.')], 'pptx'\n"
        "print('ok')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().endswith("ok")


def test_help_has_an_example():
    r = CliRunner().invoke(main, ["list", "--help"])
    assert r.exit_code == 0
    assert "slidegen list decks/talk.yaml --audience" in r.output
