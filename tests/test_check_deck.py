"""`slidegen check` on deck files: each code fires on a deck that has the problem, and only then."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from PIL import Image

from slidegen.check import CODES, check_paths
from slidegen.check.deck import check_deck
from slidegen.cli import main
from slidegen.codes import Code
from slidegen.place.measure import PACKAGE_FONTS, FontCache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"

BASE = {
    "deck": {"title": "A clean deck", "presenter": {"name": "A Person"}},
    "references": {
        "r1": {
            "type": "report",
            "authors": ["Doe, J."],
            "year": 2020,
            "title": "A report",
            "publisher": "Pub",
        }
    },
    "sections": [
        {
            "id": "s",
            "title": "Section one",
            "slides": [
                {"id": "points", "title": "Key points", "bullets": ["One point", "More [@r1]"]},
            ],
        }
    ],
}


@pytest.fixture(scope="module")
def fonts():
    return FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False)


def deck(tmp_path: Path, slides=None, name="deck.yaml", **top) -> Path:
    d = copy.deepcopy(BASE)
    if slides is not None:
        d["sections"][0]["slides"] = slides
    for key, value in top.items():
        if key == "meta":
            d["deck"].update(value)
        else:
            d[key] = value
    path = tmp_path / name
    path.write_text(yaml.safe_dump(d, sort_keys=False), encoding="utf-8")
    return path


def theme(tmp_path: Path, **values) -> None:
    folder = tmp_path / "themes" / "t"
    folder.mkdir(parents=True)
    body = {"name": "t", "extends": "default", **values}
    (folder / "theme.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")


def codes(path, fonts, **kw) -> list[str]:
    return check_deck(path, fonts=fonts, **kw).codes()


def findings(path, fonts, code):
    return [f for f in check_deck(path, fonts=fonts).active() if f.code == code]


CLEAN_ONLY = {"FONT-SUBSTITUTE"}


def test_clean_deck_has_no_findings(tmp_path, fonts):
    assert set(codes(deck(tmp_path), fonts)) <= CLEAN_ONLY


def test_every_code_is_documented_in_the_command_reference():
    codes_table = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    codes_table = codes_table.split("### Check codes", 1)[1].split("\n## ", 1)[0]
    for code, info in CODES.items():
        assert f"| `{code}` | {info.severity} |" in codes_table, code
        assert info.severity in ("error", "warning", "info")


# ---- one test per code ----------------------------------------------------------------------
def test_build_error_is_reported_with_its_position(tmp_path, fonts):
    path = deck(tmp_path, [{"id": "x", "title": "T", "bulets": ["a"]}])
    report = check_deck(path, fonts=fonts)
    (f,) = report.active()
    assert f.code == "BUILD-ERROR" and f.severity == "error"
    assert "unknown key 'bulets'" in f.message and "did you mean 'bullets'" in f.suggestion
    assert f.location.line == 19 and f.location.file == str(path)
    assert report.failed()


def test_build_warning_passes_through(tmp_path, fonts):
    # the planner's warning about an unknown key-less problem: a citation only in notes is fine;
    # an uncited reference has its own code, so use an audience warning-free deck and compare.
    assert "BUILD-WARNING" not in codes(deck(tmp_path), fonts)
    from slidegen.check.deck import _from_diagnostic
    from slidegen.errors import Diagnostic, Pos

    f = _from_diagnostic(Diagnostic("warning", "something odd", Pos("d.yaml", 3, 4)), "d.yaml")
    assert (f.code, f.severity, str(f.location)) == ("BUILD-WARNING", "warning", "d.yaml:3:4")


def test_font_substitute(tmp_path, fonts):
    path = deck(tmp_path)
    assert "FONT-SUBSTITUTE" in codes(path, fonts)  # Arial is not in the bundled-only cache
    theme(tmp_path, fonts={"heading": "Liberation Sans", "body": "Liberation Sans"})
    # no references slide: its titles are italic, and the bundled fonts have no italic
    plain = [{"id": "points", "title": "Key points", "bullets": ["One point"]}]
    path = deck(tmp_path, slides=plain, meta={"theme": "t"})
    assert "FONT-SUBSTITUTE" not in codes(path, FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False))


def test_title_missing(tmp_path, fonts):
    path = deck(tmp_path, [{"id": "blank", "title": " ", "bullets": ["a [@r1]"]}])
    (f,) = findings(path, fonts, "TITLE-MISSING")
    assert f.location.slide_id == "blank" and f.severity == "error"


def test_title_duplicate(tmp_path, fonts):
    slides = [
        {"id": "a", "title": "Same", "bullets": ["a [@r1]"]},
        {"id": "b", "title": "same ", "bullets": ["b"]},
    ]
    (f,) = findings(deck(tmp_path, slides), fonts, "TITLE-DUPLICATE")
    assert f.location.slide_id == "b" and "slide 3 'a'" in f.message
    slides[1]["title"] = "Different"
    assert "TITLE-DUPLICATE" not in codes(deck(tmp_path, slides), fonts)


def test_a_chart_without_alt_is_described_from_its_data_not_warned_about(tmp_path, fonts):
    chart = {"type": "bar", "categories": ["a", "b"], "series": [{"name": "n", "values": [1, 2]}]}
    slides = [{"id": "c", "layout": "chart", "title": "", "chart": chart, "cite": "r1"}]
    assert "ALT-MISSING" not in codes(deck(tmp_path, slides), fonts)
    slides[0]["alt"] = "Bar chart: b is twice a"
    assert "ALT-MISSING" not in codes(deck(tmp_path, slides), fonts)


def test_alt_filename(tmp_path, fonts):
    Image.new("RGB", (40, 30), "white").save(tmp_path / "photo.png")
    slides = [{"id": "p", "layout": "image", "title": "A photo", "image": "photo.png"}]
    slides[0]["alt"] = "photo.png"
    (f,) = findings(deck(tmp_path, slides), fonts, "ALT-FILENAME")
    assert "'photo.png'" in f.message
    slides[0]["alt"] = "Picture 3"
    assert "ALT-FILENAME" in codes(deck(tmp_path, slides), fonts)
    slides[0]["alt"] = "A mother smiling at her baby"
    assert "ALT-FILENAME" not in codes(deck(tmp_path, slides), fonts)


def test_text_too_small_from_theme(tmp_path, fonts):
    theme(tmp_path, sizes={"caption": 10})
    (f,) = findings(deck(tmp_path, meta={"theme": "t"}), fonts, "TEXT-TOO-SMALL")
    assert "caption size 10 pt" in f.message and f.location.file.endswith("theme.yaml")


def test_text_small_when_text_is_shrunk_to_fit(tmp_path, fonts):
    theme(tmp_path, sizes={"minimum": 16})  # a theme that allows shrinking below 18 pt
    long = "word " * 300  # fits at 17 pt
    slides = [{"id": "st", "layout": "statement", "title": "A statement", "text": long}]
    found = findings(deck(tmp_path, slides, meta={"theme": "t"}), fonts, "TEXT-SMALL")
    assert found and "below 18" in found[0].message
    slides[0]["text"] = "Short and large."
    assert "TEXT-SMALL" not in codes(deck(tmp_path, slides, meta={"theme": "t"}), fonts)


def test_overflow_uses_the_renderer_measurement(tmp_path, fonts):
    slides = [{"id": "st", "layout": "statement", "title": "Too long", "text": "word " * 400}]
    (f,) = findings(deck(tmp_path, slides), fonts, "OVERFLOW")
    assert "the statement on slide 'st' does not fit even at 18 pt" in f.message
    slides[0]["text"] = "word " * 20
    assert "OVERFLOW" not in codes(deck(tmp_path, slides), fonts)


def test_overflow_agrees_with_the_build(tmp_path, fonts):
    from slidegen.build import BuildOptions, build

    slides = [{"id": "st", "layout": "statement", "title": "Too long", "text": "word " * 400}]
    path = deck(tmp_path, slides, meta={"theme": "default"})
    built = build(path, BuildOptions(out_dir=tmp_path / "out"), write=False, fonts=fonts)
    assert any(w.code == Code.OVERFLOW for w in built.warnings)


def test_contrast_of_theme_colours(tmp_path, fonts):
    theme(tmp_path, colors={"muted": "#BBBBBB"})
    report = check_deck(deck(tmp_path, meta={"theme": "t"}), fonts=fonts)
    (f,) = [f for f in report.active() if f.code == "CONTRAST"]
    assert f.severity == "error" and "muted #BBBBBB on background #FFFFFF" in f.message
    assert f.location.file.endswith("theme.yaml") and f.location.line == 2  # colors: {muted: ..}
    theme(tmp_path / "ok", colors={"muted": "#555555"})
    assert "CONTRAST" not in codes(deck(tmp_path / "ok", meta={"theme": "t"}), fonts)


def test_too_many_bullets(tmp_path, fonts):
    slides = [{"id": "b", "title": "Many", "bullets": [f"point {i}" for i in range(7)]}]
    (f,) = findings(deck(tmp_path, slides), fonts, "TOO-MANY-BULLETS")
    assert "7 bullets" in f.message
    slides[0]["bullets"] = slides[0]["bullets"][:6]
    assert "TOO-MANY-BULLETS" not in codes(deck(tmp_path, slides), fonts)


def test_too_many_words(tmp_path, fonts):
    slides = [{"id": "w", "title": "Wordy", "bullets": ["word " * 30, "word " * 25]}]
    (f,) = findings(deck(tmp_path, slides), fonts, "TOO-MANY-WORDS")
    assert "55 words" in f.message
    slides[0]["bullets"] = ["word " * 30, "word " * 20]
    assert "TOO-MANY-WORDS" not in codes(deck(tmp_path, slides), fonts)


@pytest.mark.parametrize(
    "text,fires",
    [
        ("[click here](https://example.org)", True),
        ("[https://example.org](https://example.org)", True),
        ("[here](https://example.org)", True),
        ("[the 2022 evidence review](https://example.org)", False),
    ],
)
def test_link_text(tmp_path, fonts, text, fires):
    slides = [{"id": "l", "title": "Links", "bullets": [f"See {text} [@r1]"]}]
    assert ("LINK-TEXT" in codes(deck(tmp_path, slides), fonts)) is fires


def test_ref_uncited(tmp_path, fonts):
    refs = copy.deepcopy(BASE["references"])
    refs["r2"] = dict(refs["r1"], title="Another")
    (f,) = findings(deck(tmp_path, references=refs), fonts, "REF-UNCITED")
    assert "'r2'" in f.message and f.location.line > 0
    assert "REF-UNCITED" not in codes(deck(tmp_path), fonts)


def test_ref_fields_names_the_missing_field(tmp_path, fonts):
    refs = {"r1": {"type": "report", "authors": ["Doe, J."], "year": 2020, "title": "A report"}}
    (f,) = findings(deck(tmp_path, references=refs), fonts, "REF-FIELDS")
    assert f.message == "reference 'r1' (report) has no 'publisher'"
    assert f.location.line == 6


def test_value_unsourced(tmp_path, fonts):
    slides = [{"id": "v", "layout": "stat", "title": "A figure", "value": "74%", "label": "x"}]
    (f,) = findings(deck(tmp_path, slides), fonts, "VALUE-UNSOURCED")
    assert f.location.slide_id == "v"
    slides[0]["cite"] = ["r1"]
    assert "VALUE-UNSOURCED" not in codes(deck(tmp_path, slides), fonts)
    # a data value with its source counts as cited
    slides = [{"id": "v", "title": "Data", "bullets": ["{{ pct }}% improved"]}]
    path = deck(tmp_path, slides, data={"pct": {"value": 74, "cite": "r1"}})
    assert "VALUE-UNSOURCED" not in codes(path, fonts)
    path = deck(
        tmp_path, slides + [{"id": "w", "title": "R", "bullets": ["[@r1]"]}], data={"pct": 74}
    )
    assert "VALUE-UNSOURCED" in codes(path, fonts)
    # a data value that is not a figure (a place name) needs no source
    path = deck(tmp_path, slides, data={"pct": "Norfolk"})
    assert "VALUE-UNSOURCED" not in codes(path, fonts)


def test_suppress_unknown(tmp_path, fonts):
    path = deck(tmp_path, suppress={"TITLE-DUPLICATES": "typo"})
    (f,) = findings(path, fonts, "SUPPRESS-UNKNOWN")
    assert "did you mean 'TITLE-DUPLICATE'?" in f.suggestion


# ---- suppression ----------------------------------------------------------------------------
def _dupes():
    return [
        {"id": "a", "title": "Same", "bullets": ["a [@r1]"]},
        {
            "id": "b",
            "title": "Same",
            "bullets": ["b"],
            "suppress": {"TITLE-DUPLICATE": "on purpose"},
        },
    ]


def test_slide_suppression_is_shown_with_its_reason(tmp_path, fonts):
    report = check_deck(deck(tmp_path, _dupes()), fonts=fonts)
    assert "TITLE-DUPLICATE" not in report.codes()
    (f,) = [f for f in report.findings if f.code == "TITLE-DUPLICATE"]
    assert f.suppressed == "on purpose"
    from slidegen.check import format_text

    text = format_text([report])
    assert "[suppressed: on purpose]" in text and "1 suppressed" in text


def test_section_and_deck_suppression(tmp_path, fonts):
    slides = _dupes()
    del slides[1]["suppress"]
    d = copy.deepcopy(BASE)
    d["sections"][0]["slides"] = slides
    d["sections"][0]["suppress"] = {"TITLE-DUPLICATE": "repeated heading"}
    (tmp_path / "s.yaml").write_text(yaml.safe_dump(d), encoding="utf-8")
    report = check_deck(tmp_path / "s.yaml", fonts=fonts)
    assert [f.suppressed for f in report.findings if f.code == "TITLE-DUPLICATE"] == [
        "repeated heading"
    ]
    path = deck(tmp_path, slides, suppress={"TITLE-DUPLICATE": "deck-wide"})
    report = check_deck(path, fonts=fonts)
    assert [f.suppressed for f in report.findings if f.code == "TITLE-DUPLICATE"] == ["deck-wide"]
    assert not report.failed(strict=True) or report.count("warning") == 0


def test_build_errors_cannot_be_suppressed(tmp_path, fonts):
    path = deck(tmp_path, [{"id": "x", "title": "T", "bulets": ["a"]}], suppress={})
    assert check_deck(path, fonts=fonts).failed()


# ---- the seed deck, output, command line ---------------------------------------------------------
def test_seed_deck_passes_with_no_errors(fonts):
    report = check_deck(SEED, fonts=fonts)
    assert report.count("error") == 0, [f.format() for f in report.active()]
    assert not report.failed()


def test_json_output_shape(tmp_path):
    path = deck(tmp_path, _dupes()[:1] + [{"id": "c", "title": "Same", "bullets": ["c"]}])
    result = CliRunner().invoke(main, ["check", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert set(doc) == {"passed", "strict", "reports"} and doc["passed"] is True
    (rep,) = doc["reports"]
    assert rep["kind"] == "deck" and rep["target"] == str(path) and rep["slides"] == 5
    (f,) = [f for f in rep["findings"] if f["code"] == "TITLE-DUPLICATE"]
    assert set(f) == {
        "code",
        "severity",
        "file",
        "line",
        "column",
        "slide",
        "slide_id",
        "shape",
        "location",
        "message",
        "suggestion",
        "suppressed",
    }
    assert (f["severity"], f["slide"], f["slide_id"], f["file"]) == ("warning", 4, "c", str(path))
    assert f["location"].startswith(f"{path}:")
    assert isinstance(f["line"], int) and isinstance(f["column"], int)


def test_strict_fails_on_warnings(tmp_path):
    path = deck(tmp_path, _dupes()[:1] + [{"id": "c", "title": "Same", "bullets": ["c"]}])
    runner = CliRunner()
    assert runner.invoke(main, ["check", str(path)]).exit_code == 0
    result = runner.invoke(main, ["check", str(path), "--strict"])
    assert result.exit_code == 1
    assert "warning: TITLE-DUPLICATE" in result.output and "failed" in result.output


def test_errors_exit_1_and_bad_arguments_exit_2(tmp_path):
    path = deck(tmp_path, [{"id": "x", "title": "", "bullets": ["a [@r1]"]}])
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1 and "error: TITLE-MISSING" in result.output
    assert CliRunner().invoke(main, ["check", str(tmp_path / "nope.yaml")]).exit_code == 2
    assert CliRunner().invoke(main, ["check", str(path), "--format", "xml"]).exit_code == 2


def test_check_writes_nothing(tmp_path):
    path = deck(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    check_paths([path])
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_deck_check_does_not_import_python_pptx(tmp_path):
    path = deck(tmp_path)
    code = (
        "import sys; from slidegen.check import check_paths;"
        f" r = check_paths([{str(path)!r}]);"
        " assert not r[0].failed();"
        " print(sorted(m for m in sys.modules if m == 'pptx' or m.startswith('pptx.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("size", ["16:9", "4:3"])
def test_check_places_on_the_boxes_build_draws_on(size):
    """check and build place slides on builtin_frames: the boxes python-pptx reads from the
    base build writes (each placeholder's own or its master's), layout by layout."""
    import dataclasses

    from slidegen.place import builtin_frames
    from slidegen.render.frames import frames_of
    from slidegen.render.template import make_base
    from slidegen.schema.theme import SIZES, load_theme

    theme = dataclasses.replace(load_theme("default", ROOT, None), size=size)
    from helpers.packages import read_back_base

    base = read_back_base(make_base(theme, None, "en-GB", [], {}, None))
    assert frames_of(base) == builtin_frames(*SIZES[size])


def test_untitled_slides_repeating_their_section_title_are_not_duplicates(tmp_path, fonts):
    slides = [
        {"id": "a", "bullets": ["one"]},
        {"id": "b", "layout": "statement", "text": "Two."},
    ]
    assert "TITLE-DUPLICATE" not in codes(deck(tmp_path, slides), fonts)
    slides[1]["title"] = slides[0]["title"] = "Same words"
    (f,) = findings(deck(tmp_path, slides), fonts, "TITLE-DUPLICATE")
    assert f.location.slide_id == "b"
