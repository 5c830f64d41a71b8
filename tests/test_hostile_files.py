"""Only regular files, only inside the project: every file a deck or theme names.

A deck names files under `include:`, `data_files:`, `references:`, `image:` (slides and
panes), `deck.logo` and `deck.theme` (a path); a theme its `logo.image`, `template` and an
`extends` path. Each must be a regular file (a pipe, device or folder is a located error,
and a pipe never blocks) inside the deck's project (the nearest folder with themes/, decks/
or .git), unless `--allow-outside` is given.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from helpers.bounded import run_slidegen
from helpers.decks import run_cli, write
from slidegen.build import BuildOptions, build
from slidegen.errors import SlidegenError
from slidegen.files import Scope, project_root

SLIDES = "    slides:\n      - title: One\n        bullets: ['{{ v }}']\n"


def _project(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    (proj / ".git").mkdir(parents=True)
    return proj


def _deck(proj: Path, top: str = "", slide_extra: str = "", name: str = "deck.yaml") -> Path:
    text = (
        "deck: {title: T}\n"
        + top
        + "data: {v: here}\n"
        + "sections:\n  - id: s\n    title: S\n"
        + SLIDES
        + slide_extra
    )
    return write(proj, f"decks/{name}", text)


def _error(deck: Path, **options) -> str:
    with pytest.raises(SlidegenError) as info:
        build(deck, BuildOptions(out_dir=deck.parent / "out", **options))
    return info.value.diagnostics[0].format()


def _png(path: Path, size=(40, 20)) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, "navy").save(path)
    return path


# ---- the project ----------------------------------------------------------------------------
def test_the_project_is_the_nearest_folder_with_themes_decks_or_git(tmp_path):
    assert project_root(tmp_path / "a" / "b") == (tmp_path / "a" / "b").resolve()
    (tmp_path / "a" / "themes").mkdir(parents=True)
    (tmp_path / "a" / "b").mkdir()
    assert project_root(tmp_path / "a" / "b") == (tmp_path / "a").resolve()
    (tmp_path / "a" / "b" / ".git").write_text("gitdir: elsewhere\n")  # a worktree's .git file
    assert project_root(tmp_path / "a" / "b") == (tmp_path / "a" / "b").resolve()


def test_the_repository_decks_are_in_the_repository_project():
    root = Path(__file__).resolve().parent.parent
    scope = Scope.for_deck(root / "decks" / "parent-infant-impact.yaml")
    assert scope.roots[0] == root
    assert scope.contains((root / "decks" / "regions" / "images" / "norfolk.png").resolve())


# ---- outside: refused at the key, unless --allow-outside ---------------------------------
@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    write(folder, "creds.yaml", "v: SECRET-FROM-OUTSIDE\n")
    write(folder, "sec.yaml", "- id: o\n  title: O\n  slides: [{bullets: [SECRET]}]\n")
    write(folder, "refs.bib", "@misc{x, title = {SECRET}, year = {2020}}\n")
    _png(folder / "pic.png")
    return folder


def test_a_data_file_outside_the_project_is_refused_at_its_key(tmp_path, outside):
    proj = _project(tmp_path)
    deck = _deck(proj, top=f"data_files: [{outside / 'creds.yaml'}]\n")
    message = _error(deck)
    assert message.startswith(f"{deck}:2:14: error: data file '{outside / 'creds.yaml'}' is")
    assert "outside the project folder 'proj'" in message and "--allow-outside" in message
    result = build(deck, BuildOptions(out_dir=tmp_path / "out", allow_outside=True))
    assert result.output.is_file()


def test_a_relative_path_climbing_out_is_refused(tmp_path, outside):
    proj = _project(tmp_path)
    deck = _deck(proj, top="data_files: [../../elsewhere/creds.yaml]\n")
    assert "data file '../../elsewhere/creds.yaml' is outside the project" in _error(deck)


def test_a_symlink_inside_pointing_outside_is_outside(tmp_path, outside):
    proj = _project(tmp_path)
    (proj / "decks").mkdir()
    (proj / "decks" / "creds.yaml").symlink_to(outside / "creds.yaml")
    deck = _deck(proj, top="data_files: [creds.yaml]\n")
    assert "data file 'creds.yaml' is outside the project folder 'proj'" in _error(deck)


def test_an_include_a_picture_a_reference_file_and_a_logo_outside_are_refused(tmp_path, outside):
    proj = _project(tmp_path)
    cases = {
        "include": ("", f"  - include: {outside / 'sec.yaml'}\n"),
        "reference file": (f"references: {outside / 'refs.bib'}\n", ""),
        "picture": (
            "",
            f"      - layout: image\n        image: {outside / 'pic.png'}\n        alt: A\n",
        ),
    }
    for what, (top, extra) in cases.items():
        deck = _deck(proj, top=top, slide_extra=extra, name=f"{what[:3]}.yaml")
        assert f"{what} '{outside}" in _error(deck) and "outside the project" in _error(deck)
        build(deck, BuildOptions(out_dir=tmp_path / "out", allow_outside=True))
    deck = write(
        proj,
        "decks/logo.yaml",
        f"deck: {{title: T, logo: {outside / 'pic.png'}}}\nsections:\n"
        "  - {id: s, title: S, slides: [{bullets: [x]}]}\n",
    )
    assert f"1:24: error: logo '{outside / 'pic.png'}' is outside" in _error(deck)


def test_a_theme_path_outside_and_theme_files_outside_the_themes_project(tmp_path, outside):
    proj = _project(tmp_path)
    theme = outside / "brand"
    write(theme, "theme.yaml", "name: brand\nextends: default\n")
    deck = write(
        proj,
        "decks/d.yaml",
        f"deck: {{title: T, theme: {theme}}}\nsections:\n"
        "  - {id: s, title: S, slides: [{bullets: [x]}]}\n",
    )
    assert f"theme '{theme}' is outside the project folder 'proj'" in _error(deck)
    # the same theme chosen on the command line is the caller's choice
    build(deck, BuildOptions(out_dir=tmp_path / "out", theme=str(theme)))
    # a theme's own files stay inside the theme's project (here: its own folder)
    write(proj, "themes/acme/theme.yaml", f"logo: {{image: {outside / 'pic.png'}}}\n")
    deck = write(
        proj,
        "decks/e.yaml",
        "deck: {title: T, theme: acme}\nsections:\n"
        "  - {id: s, title: S, slides: [{bullets: [x]}]}\n",
    )
    message = _error(deck)
    assert "themes/acme/theme.yaml:1:15: error: logo" in message and "outside" in message
    write(proj, "themes/acme/theme.yaml", f"template: {outside / 't.pptx'}\n")
    assert "template '" in _error(deck) and "is outside the project" in _error(deck)


def test_built_in_themes_and_the_regional_overlays_are_inside():
    root = Path(__file__).resolve().parent.parent
    for region in ("norfolk", "essex"):
        build(
            root / "decks" / "parent-infant-impact.yaml",
            BuildOptions(overlays=(root / "decks" / "regions" / f"{region}.yaml",)),
            write=False,
        )


def test_an_overlay_elsewhere_may_name_files_beside_it(tmp_path):
    proj = _project(tmp_path)
    deck = _deck(proj)
    region = tmp_path / "region"
    (region / ".git").mkdir(parents=True)
    _png(region / "images" / "logo.png")
    overlay = write(region, "ov.yaml", "deck: {logo: images/logo.png}\n")
    build(deck, BuildOptions(out_dir=tmp_path / "out", overlays=(overlay,)))


# ---- only regular files -----------------------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_named_pipes_are_refused_at_once(tmp_path):
    proj = _project(tmp_path)
    (proj / "decks").mkdir()
    for name in ("data.yaml", "part.yaml", "pic.png", "refs.bib"):
        os.mkfifo(proj / "decks" / name)
    cases = {
        "data": ("data_files: [data.yaml]\n", "", "2:14: error: data file 'decks/data.yaml'"),
        "include": ("", "  - include: part.yaml\n", ":9:14: error: included file"),
        "refs": ("references: refs.bib\n", "", "2:13: error: reference file"),
        "pic": (
            "",
            "      - {layout: image, image: pic.png, alt: A}\n",
            "error: picture 'decks/pic.png' is a named pipe (FIFO), not a file",
        ),
    }
    for name, (top, extra, want) in cases.items():
        _deck(proj, top=top, slide_extra=extra, name=f"deck-{name}.yaml")
        ran = run_slidegen("build", f"decks/deck-{name}.yaml", "--out", "out", cwd=proj)
        assert ran.code == 1 and ran.seconds < 10, (name, ran)
        assert want in ran.stderr and "named pipe (FIFO), not a file" in ran.stderr, ran.stderr
        assert "Traceback" not in ran.output


def test_dev_zero_is_a_device_not_a_file(tmp_path):
    proj = _project(tmp_path)
    deck = _deck(proj, top="data_files: [/dev/zero]\n")
    assert "data file '/dev/zero' is outside the project" in _error(deck)
    message = _error(deck, allow_outside=True)
    assert message.endswith("2:14: error: data file '/dev/zero' is a device, not a file")
    deck = _deck(proj, slide_extra="  - include: /dev/zero\n", name="inc.yaml")
    assert "included file '/dev/zero' is a device, not a file" in _error(deck, allow_outside=True)


def test_the_cli_flag_lets_a_deck_read_outside(tmp_path, outside, monkeypatch):
    proj = _project(tmp_path)
    _deck(proj, top=f"data_files: [{outside / 'creds.yaml'}]\n")
    monkeypatch.chdir(proj)
    for command in (["build", "--out", "out"], ["check"], ["list"]):
        result = run_cli(command[0], "decks/deck.yaml", *command[1:])
        assert result.exit_code == 1 and "outside the project folder" in result.stderr + (
            result.stdout
        ), command
        result = run_cli(command[0], "decks/deck.yaml", *command[1:], "--allow-outside")
        assert result.exit_code == 0, (command, result.output)
    assert run_cli("diff", "decks/deck.yaml", "decks/deck.yaml").exit_code == 1
    assert run_cli("diff", "decks/deck.yaml", "decks/deck.yaml", "--allow-outside").exit_code == 0
