"""Helpers for the core pipeline tests: fixture paths, the CLI in-process, reading slides back."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner, Result
from pptx import Presentation

CORE = Path(__file__).resolve().parent.parent / "fixtures" / "core"
ROOT = Path(__file__).resolve().parent.parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"


def run_cli(*args: str) -> Result:
    """Run `slidegen ARGS` in-process (stdout and stderr kept apart); never re-raise."""
    from slidegen.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def write(folder: Path, name: str, text: str) -> Path:
    """Write a deck (or included file) under `folder` and return its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@dataclass
class SlideView:
    """What a viewer sees on one slide: title, other paragraphs, notes, the shapes."""

    title: str
    paragraphs: list[str]
    notes: list[str]
    slide: object

    @property
    def text(self) -> str:
        return "\n".join([self.title, *self.paragraphs])


def slides(path: Path) -> list[SlideView]:
    """Every slide of a .pptx as SlideViews, in order."""
    prs = Presentation(str(path))
    out = []
    for s in prs.slides:
        title_shape = s.shapes.title
        title = title_shape.text_frame.text if title_shape is not None else ""
        paras = []
        for shape in s.shapes:
            if shape.has_text_frame and shape is not title_shape:
                if title_shape is not None and shape.shape_id == title_shape.shape_id:
                    continue
                paras += [p.text for p in shape.text_frame.paragraphs if p.text]
        notes = []
        if s.has_notes_slide:
            notes = [p.text for p in s.notes_slide.notes_text_frame.paragraphs if p.text]
        out.append(SlideView(title, paras, notes, s))
    return out


def runs(shape_or_frame):
    """Every text run (python-pptx _Run) under a shape with a text frame."""
    tf = getattr(shape_or_frame, "text_frame", shape_or_frame)
    return [r for p in tf.paragraphs for r in p.runs]


def assert_build_fails(deck: str, expected: list[str], out: Path, monkeypatch) -> None:
    """Build fixtures/core/DECK with the CLI: exit 1, exactly these error lines, no file, no
    traceback. Runs from the fixtures folder so messages show short relative paths."""
    monkeypatch.chdir(CORE)
    result = run_cli("build", deck, "--out", str(out))
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if ": error: " in line]
    assert errors == expected
    n = len(expected)
    assert (
        result.stderr.splitlines()[-1]
        == f"{deck}: {n} error{'s' if n != 1 else ''}; nothing written."
    )
    assert result.stdout == ""
    assert not out.exists() or not any(out.iterdir())
