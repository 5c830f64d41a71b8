"""theme.yaml: lookup, extends, validation messages (file, line, column), contrast, commands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from slidegen.cli import main
from slidegen.errors import SlidegenError
from slidegen.schema.theme import BUILTIN_THEMES, SIZES, load_theme

REPO = Path(__file__).resolve().parents[1]


def write_theme(root: Path, name: str, text: str) -> Path:
    folder = root / "themes" / name
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "theme.yaml").write_text(text, encoding="utf-8")
    return folder


def errors_of(root: Path, name: str) -> list[str]:
    with pytest.raises(SlidegenError) as exc:
        load_theme(name, root)
    return [d.format() for d in exc.value.diagnostics]


@pytest.fixture
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---- values ----------------------------------------------------------------------------------
def test_builtin_default_values():
    t = load_theme("default", Path("/"))
    assert t.size == "16:9" and t.slide_size == SIZES["16:9"]
    assert t.colors["primary"] == "#1F3A5F"
    assert t.fonts == {"heading": "Arial", "body": "Arial"}
    assert t.sizes["minimum"] == 18
    assert t.footer_text == "{organisation}" and t.slide_numbers


def test_extends_overrides_only_what_it_sets(in_tmp):
    write_theme(in_tmp, "base", 'colors: {accent: "#8A2D0F"}\nsizes: {body: 26}\n')
    write_theme(in_tmp, "child", 'extends: base\nsize: "4:3"\ncolors: {primary: "#123456"}\n')
    t = load_theme("child", in_tmp)
    assert t.chain == ("child", "base")
    assert t.colors["primary"] == "#123456"  # own
    assert t.colors["accent"] == "#8A2D0F"  # from base
    assert t.colors["text"] == "#1E1E1E"  # built-in default
    assert t.sizes["body"] == 26 and t.size == "4:3" and t.slide_size == (9144000, 6858000)


def test_project_theme_named_default_extends_the_builtin(in_tmp):
    write_theme(in_tmp, "default", 'extends: default\ncolors: {primary: "#000000"}\n')
    t = load_theme("default", in_tmp)
    assert t.colors["primary"] == "#000000"
    assert t.files[-1] == BUILTIN_THEMES / "default" / "theme.yaml"


def test_extends_cycle_reports_the_chain(in_tmp):
    write_theme(in_tmp, "a", "extends: b\n")
    write_theme(in_tmp, "b", "extends: c\n")
    write_theme(in_tmp, "c", "extends: a\n")
    (msg,) = errors_of(in_tmp, "a")
    assert msg.startswith("themes/c/theme.yaml:1:10: error:")
    assert "a -> b -> c -> a" in msg


def test_unknown_extends_is_located_with_a_suggestion(in_tmp):
    write_theme(in_tmp, "a", "name: a\nextends: defualt\n")
    (msg,) = errors_of(in_tmp, "a")
    assert msg.startswith("themes/a/theme.yaml:2:10: error: unknown theme 'defualt'")
    assert "did you mean 'default'" in msg


@pytest.mark.parametrize(
    "yaml, expected",
    [
        ('colors:\n  primary: "#12345"\n', ":2:12: error: 'primary': invalid colour '#12345'"),
        ("colors:\n  text: blue\n", ":2:9: error: 'text': invalid colour 'blue'"),
        ("colors:\n  muted: 5F6B73\n", "add the '#' and quote it: \"#5F6B73\""),
        ('colors:\n  accent: "#abc"\n', "write it in full: '#AABBCC'"),
        ('size: "16:10"\n', ":1:7: error: 'size': expected '16:9' or '4:3', found '16:10'"),
        ("sizes: {body: 3}\n", ":1:15: error: 'body': a size in points must be from 6 to 200"),
        ("sizes: {body: big}\n", "'body': expected a size in points"),
        ("sizes: {body: 20, minimum: 24}\n", ":1:28: error: sizes: minimum (24 pt) is larger"),
        (
            "sizes: {tilte: 30}\n",
            "unknown key 'tilte' in the theme's 'sizes' (did you mean 'title'",
        ),
        ("colour: {}\n", ":1:1: error: unknown key 'colour' in the theme file"),
        ("logo: {image: logo.png, position: middle}\n", "expected 'top-left', 'top-right'"),
        ("logo: {image: logo.png, height: 2}\n", ":1:33: error: length '2' needs a unit"),
        ("logo: {image: logo.png, height: 2furlongs}\n", "unknown unit 'furlongs'"),
        ("logo: {image: missing.png}\n", ":1:15: error: cannot read picture"),
        ("logo: {image: logo.svg}\n", "SVG pictures are not supported: export a PNG"),
        ('footer: {text: "{organization}"}\n', "unknown placeholder '{organization}'"),
        ('footer: {text: "{title"}\n', ":1:16: error: footer text '{title'"),
        ("template: nope.pptx\n", ":1:11: error: template 'themes/t/nope.pptx' not found"),
        ("template: logo.png\n", "is not a PowerPoint"),
        ("layouts: {bulets: Title and Content}\n", "unknown slidegen layout 'bulets'"),
        ("- a list\n", ":1:1: error: a theme file must be a mapping"),
    ],
)
def test_bad_theme_input_is_located(in_tmp, yaml, expected):
    folder = write_theme(in_tmp, "t", yaml)
    Image.new("RGB", (40, 20), "navy").save(folder / "logo.png")
    (folder / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    messages = errors_of(in_tmp, "t")
    assert any(expected in m for m in messages), messages
    assert all(m.startswith("themes/t/theme.yaml:") for m in messages), messages


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP"])
def test_logo_formats_accepted(in_tmp, fmt):
    folder = write_theme(in_tmp, "t", f"logo: {{image: logo.{fmt.lower()}, height: 0.5in}}\n")
    Image.new("RGB", (80, 40), "navy").save(folder / f"logo.{fmt.lower()}", fmt)
    t = load_theme("t", in_tmp)
    assert t.logo.path.name == f"logo.{fmt.lower()}" and t.logo.height == "0.5in"


# ---- contrast ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "colors, fg, bg, use, ratio",
    [
        ('{text: "#999999"}', "#999999", "#FFFFFF", "body text (18 pt)", "2.84:1"),
        ('{muted: "#999999"}', "#999999", "#FFFFFF", "the footer (14 pt)", "2.84:1"),
        ('{accent: "#F2A541"}', "#F2A541", "#FFFFFF", "stat slides (36 pt bold)", "2.05:1"),
        ('{secondary: "#6FA8DC"}', "#6FA8DC", "#FFFFFF", "hyperlinks", "2.52:1"),
        # title and section slides: background-colour text on the primary colour
        ('{primary: "#7FB3D5"}', "#FFFFFF", "#7FB3D5", "title and section slides", "2.25:1"),
    ],
)
def test_contrast_failures_name_colours_use_and_ratio(in_tmp, colors, fg, bg, use, ratio):
    write_theme(in_tmp, "t", f"colors: {colors}\n")
    messages = errors_of(in_tmp, "t")
    hit = [m for m in messages if fg in m and bg in m and use in m]
    assert hit, messages
    assert ratio in hit[0] and "WCAG 2.2 AA" in hit[0]
    assert hit[0].startswith("themes/t/theme.yaml:1:")


def test_large_figures_need_only_3_to_1(in_tmp):
    # 3.58:1 on white: enough for 36 pt bold figures, not for 18 pt highlighted agenda text
    write_theme(in_tmp, "t", 'colors: {accent: "#E0601F"}\n')
    messages = errors_of(in_tmp, "t")
    assert not any("stat slides" in m for m in messages)
    assert any("highlighted agenda items" in m for m in messages)


def test_shipped_themes_pass_contrast():
    for name in ("default", "high-contrast", "print"):
        assert load_theme(name, Path("/")).name == name
    t = load_theme("parent-infant", REPO / "decks")
    assert t.logo is not None and t.logo.path.is_file()


def test_shipped_theme_shapes():
    hc = load_theme("high-contrast", Path("/"))
    assert hc.colors["background"] == "#0B0B0B" and hc.size == "16:9"
    pr = load_theme("print", Path("/"))
    assert pr.size == "4:3" and pr.slide_size == (9144000, 6858000)
    assert "{title}" in pr.footer_text


# ---- commands --------------------------------------------------------------------------------
def test_themes_command_lists_name_where_extends_size(in_tmp):
    write_theme(in_tmp, "acme", 'extends: print\ncolors: {primary: "#202020"}\n')
    write_theme(in_tmp, "broken", "colors: {text: red}\n")
    result = CliRunner().invoke(main, ["themes"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line.split() for line in result.stdout.splitlines()[1:]}
    assert lines["acme"] == ["acme", os.path.join("themes", "acme"), "print", "4:3"]
    assert lines["default"] == ["default", "built-in", "-", "16:9"]
    assert lines["high-contrast"][1:] == ["built-in", "default", "16:9"]
    assert "theme 'broken' does not load" in result.stderr
    assert "invalid colour 'red'" in result.stderr


def test_theme_new_writes_a_loadable_commented_theme(in_tmp):
    result = CliRunner().invoke(main, ["theme", "new", "acme"])
    assert result.exit_code == 0, result.output
    path = in_tmp / "themes" / "acme" / "theme.yaml"
    text = path.read_text()
    assert text.count("#") > 20  # commented
    t = load_theme("acme", in_tmp)
    assert t.name == "acme" and t.footer_text == "{organisation}"
    before = path.read_text()
    again = CliRunner().invoke(main, ["theme", "new", "acme"])
    assert again.exit_code == 2 and "already exists" in again.output
    assert path.read_text() == before
    bad = CliRunner().invoke(main, ["theme", "new", "a b"])
    assert bad.exit_code == 2
