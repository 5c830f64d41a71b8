"""The command line: build with and without DECK, summary lines, exit codes, help and version."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
from pptx import Presentation

from helpers.decks import CORE, run_cli, write
from helpers.structure import assert_structure
from slidegen import __version__

SMALL = (
    "deck: {{title: {title}}}\nsections:\n  - id: s\n    title: S\n    slides: [{{bullets: [x]}}]\n"
)
SUMMARY = re.compile(r"^(?:\[\d+/\d+\] )?(\S+\.pptx): (\d+) slides, (\d+) KB, (\d+\.\d\d) s$")


def _summaries(stdout: str) -> list[re.Match]:
    """The per-file summary lines (several builds may finish in any order)."""
    found = [SUMMARY.match(line) for line in stdout.splitlines()]
    return sorted((m for m in found if m), key=lambda m: m.group(1))


def test_build_without_deck_builds_every_deck_in_decks(tmp_path, monkeypatch):
    write(tmp_path, "decks/one.yaml", SMALL.format(title="One"))
    write(tmp_path, "decks/two.yml", SMALL.format(title="Two"))
    write(tmp_path, "decks/sections/part.yaml", "- id: p\n  title: P\n")  # not a deck
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 0, result.output
    assert [m.group(1, 2) for m in _summaries(result.stdout)] == [
        ("build/one.pptx", "3"),
        ("build/two.pptx", "3"),
    ]
    for name, title in (("one", "One"), ("two", "Two")):
        path = tmp_path / "build" / f"{name}.pptx"
        assert_structure(path)
        assert Presentation(path).slides[0].shapes.title.text == title
    assert "Traceback" not in result.output


def test_one_summary_line_per_file_with_path_slides_size_and_time(tmp_path, monkeypatch):
    monkeypatch.chdir(CORE)
    result = run_cli("build", "basic.yaml", "included.yaml", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    found = _summaries(result.stdout)
    assert len(found) == 2, result.stdout
    path, count, kb, _seconds = found[0].groups()
    assert path == str(tmp_path / "basic.pptx")
    assert int(count) == len(Presentation(path).slides) == 15
    assert int(kb) == round((tmp_path / "basic.pptx").stat().st_size / 1024)
    assert found[1].group(1) == str(tmp_path / "included.pptx")


def test_one_bad_deck_fails_the_run_but_the_others_build(tmp_path, monkeypatch):
    monkeypatch.chdir(CORE)
    result = run_cli("build", "bad-citation.yaml", "basic.yaml", "--out", str(tmp_path))
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "error" in line]
    assert errors == [
        "bad-citation.yaml:9:15: error: citation of unknown reference 'sleed2021'"
        " (did you mean 'sleed2022'?)",
        "bad-citation.yaml: 1 error; nothing written.",
    ]
    assert [p.name for p in tmp_path.glob("*.pptx")] == ["basic.pptx"]


def test_missing_deck_file_is_a_command_line_mistake(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "nowhere.yaml")
    assert result.exit_code == 2
    assert "Error: Invalid value for DECK: 'nowhere.yaml' is not a file" in result.stderr
    assert "Traceback" not in result.output
    assert not (tmp_path / "build").exists()


def test_unknown_option_is_a_command_line_mistake():
    result = run_cli("build", "--frobnicate")
    assert result.exit_code == 2
    assert "Error: No such option '--frobnicate'" in result.stderr


def test_no_deck_and_no_decks_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run_cli("build")
    assert result.exit_code == 2
    assert "Error: no DECK given and no decks/ folder here" in result.stderr


def test_version():
    result = run_cli("--version")
    assert result.exit_code == 0
    assert result.stdout == f"slidegen, version {__version__}\n"


def _commands() -> list[str]:
    """Every command, with the subcommands of groups ("theme new")."""
    import click

    from slidegen.cli import main

    out = []
    for name, cmd in sorted(main.commands.items()):
        out.append(name)
        if isinstance(cmd, click.Group):
            out += [f"{name} {sub}" for sub in sorted(cmd.commands)]
    return out


def test_main_help_lists_build():
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "build" in result.stdout and "Example" in result.stdout


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help_with_an_example(command):
    result = run_cli(*command.split(), "--help")
    assert result.exit_code == 0, result.output
    assert re.search(r"Examples?:\n\s+slidegen " + re.escape(command), result.stdout), result.stdout


def test_errors_go_to_stderr_in_path_line_column_form(tmp_path, monkeypatch):
    shutil.copy(CORE / "bad-types.yaml", tmp_path / "deck.yaml")
    monkeypatch.chdir(tmp_path)
    result = run_cli("build", "deck.yaml")
    assert result.exit_code == 1
    assert result.stdout == ""
    errors = result.stderr.splitlines()[:-1]
    assert len(errors) == 6
    for line in errors:
        assert re.match(r"^deck\.yaml:\d+:\d+: error: \S", line), line
    positions = [tuple(int(x) for x in line.split(":")[1:3]) for line in errors]
    assert positions == sorted(positions)
    assert not (tmp_path / "build").exists()


def test_unknown_theme_on_the_command_line_is_a_usage_error(tmp_path):
    from click.testing import CliRunner

    from slidegen.cli import main

    deck = tmp_path / "d.yaml"
    deck.write_text("deck: {title: T}\nsections: [{id: a, title: A}]\n", encoding="utf-8")
    for command in ("build", "check"):
        result = CliRunner().invoke(main, [command, str(deck), "--theme", "defalt"])
        assert result.exit_code == 2
        assert "Invalid value for '--theme': unknown theme 'defalt'" in result.output
        assert "(did you mean 'default'?)" in result.output
    assert not (tmp_path / "build").exists()


def test_output_into_a_closed_pipe_is_not_an_internal_error(tmp_path):
    """`slidegen list deck.yaml | head -1`: the reader going away is no crash report."""
    import os
    import subprocess
    import sys

    deck = write(tmp_path, "d.yaml", "deck: {title: T}\nsections: [{id: a, title: A}]\n")
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to the pipe now fails with EPIPE
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "slidegen.cli", "list", str(deck)],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    finally:
        os.close(write_end)
    assert proc.returncode == 1
    assert b"internal error" not in proc.stderr
    assert b"Traceback" not in proc.stderr
    assert not (tmp_path / "build" / "slidegen-crash.txt").exists()


def test_an_output_folder_that_cannot_be_made_is_an_error_not_a_crash(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # where a crash report would go (build/slidegen-crash.txt)
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = run_cli("build", str(CORE / "basic.yaml"), "--out", str(blocker / "out"))
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.stderr
    assert (
        f"error: cannot write '{blocker / 'out' / 'basic.pptx'}': '{blocker}' is a file,"
        " not a folder (check the output folder, --out)" in result.stderr
    )
    assert "nothing written" in result.stderr
    assert not (tmp_path / "build" / "slidegen-crash.txt").exists()


@pytest.mark.parametrize(
    "redirect, deck, code",
    [(">&-", "basic.yaml", 0), ("2>&-", "basic.yaml", 0), ("2>&-", "bad-types.yaml", 1)],
)
def test_a_closed_stdout_or_stderr_is_not_a_crash(tmp_path, redirect, deck, code):
    """`slidegen build deck >&-`: nothing to print to, the build still runs
    (cli.open_standard_streams)."""
    command = f'"{sys.executable}" -m slidegen build {deck} --out "{tmp_path}" {redirect}'
    proc = subprocess.run(
        ["sh", "-c", command], cwd=CORE, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == code, proc.stdout + proc.stderr
    assert "internal error" not in proc.stdout + proc.stderr
    assert (tmp_path / "basic.pptx").exists() == (code == 0)
    assert not (CORE / "build").exists()


def test_ctrl_c_during_a_build_is_aborted_and_writes_nothing(tmp_path, monkeypatch):
    from slidegen import build as build_module

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "render_plan", interrupted)
    monkeypatch.chdir(tmp_path)  # where a crash report would go (build/slidegen-crash.txt)
    out = tmp_path / "out"
    result = run_cli("build", str(CORE / "basic.yaml"), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.strip() == "Aborted!"
    assert not out.exists()  # no .pptx, no manifest, no temporary file
    assert not (tmp_path / "build").exists()


def test_an_empty_theme_on_the_command_line_is_a_usage_error(tmp_path):
    """`--theme ''` built with the deck's own theme as if nothing were given."""
    result = run_cli("build", str(CORE / "basic.yaml"), "--theme", "", "--out", str(tmp_path))
    assert result.exit_code == 2
    assert "Invalid value for '--theme': a theme name cannot be empty" in result.stderr
    assert not list(tmp_path.iterdir())
