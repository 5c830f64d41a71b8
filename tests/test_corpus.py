"""The real-world corpus: presentations other projects keep in their test folders, saved by
PowerPoint (Windows and Mac), Google Slides, LibreOffice and pandoc, some deliberately broken.

They are read where they are, `../shared/corpus/files/` beside the project (CI has it there
too), never copied into the project; without that folder these tests are skipped.

For every file: `check`, `import`, a build of the import and `diff` of the file against that
build end as a report or a located message (exit 0 or 1), never an internal error, within
30 s; every package python-pptx opens that holds a slide imports and builds; .pptm, .potx and
.ppsx files are read as presentations. Five ordinary decks are then followed slide by slide.
The steps run in-process through the library API (the CLI only for a few exit codes).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from helpers.decks import run_cli
from slidegen.build import BuildOptions, build
from slidegen.check import check_paths
from slidegen.diff import diff_paths
from slidegen.errors import Diagnostics, SlidegenError
from slidegen.importer import import_pptx
from slidegen.importer.package import PRESENTATION_SUFFIXES
from slidegen.importer.read import read_pptx
from slidegen.opc import open_presentation

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "files"
FILES = sorted(CORPUS.iterdir()) if CORPUS.is_dir() else []
LIMIT_S = 30.0

pytestmark = pytest.mark.skipif(not FILES, reason=f"no corpus at {CORPUS}")


def _opens_with_slides(path: Path) -> bool:
    try:
        return len(open_presentation(path).slides) > 0
    except Exception:  # python-pptx cannot open it: import and check must say so
        return False


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_file_checks_imports_builds_and_diffs(path, tmp_path):
    start = time.perf_counter()
    (report,) = check_paths([path])
    if path.suffix.lower() in PRESENTATION_SUFFIXES:
        assert report.kind == "pptx", "a presentation was checked as a deck"
    if report.failed():
        assert report.findings and all(f.message for f in report.findings)
    imported = None
    try:
        imported = import_pptx(path, tmp_path / "imp", Diagnostics())
    except SlidegenError as exc:
        assert str(path) in str(exc), "an import error names the file"
        assert not _opens_with_slides(path), f"a deck that opens did not import: {exc}"
    if imported is not None:
        out = tmp_path / "rebuilt.pptx"
        result = build(imported.deck, BuildOptions(output=out))
        assert result.slides > 0
        diff = diff_paths(path, out)  # a report, whatever it says
        assert diff.kind == "pptx"
    assert time.perf_counter() - start < LIMIT_S


# A few through the command line: exit 0 or 1 with a message, never 3.
CLI_FILES = [
    "pypptx__features_steps_test_files_act-props.pptm",
    "docling__tests_data_pptx_sources_powerpoint_malformed_pictures.pptx",
    "pypptx__tests_test_files_no-slides.pptx",
    "pypptx__features_steps_test_files_cht-chart-type.pptx",
]


@pytest.mark.parametrize("name", CLI_FILES)
def test_cli_exit_codes(name, tmp_path):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    checked = run_cli("check", str(path))
    assert checked.exit_code in (0, 1) and f"{path}:" in checked.stdout
    imported = run_cli("import", str(path), "--out", str(tmp_path))
    assert imported.exit_code in (0, 1)
    assert str(path) in imported.stderr or "slides imported" in imported.stdout
    if imported.exit_code == 0:
        deck = next(tmp_path.glob("*.yaml"))
        built = run_cli("build", str(deck), "--out", str(tmp_path / "b"))
        assert built.exit_code == 0, built.stderr
        rebuilt = next((tmp_path / "b").glob("*.pptx"))
        diffed = run_cli("diff", str(path), str(rebuilt))
        assert diffed.exit_code in (0, 1) and diffed.stdout.startswith(f"--- {path}")


# ---- five ordinary decks, slide by slide ------------------------------------------------------
def _import(name: str, tmp_path: Path):
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{name} is not in the corpus")
    diags = Diagnostics()
    result = import_pptx(path, tmp_path / "imp", diags)
    tree = yaml.safe_load(result.text)
    slides = [s for sec in tree["sections"] for s in sec.get("slides", [])]
    built = build(result.deck, BuildOptions(output=tmp_path / "rebuilt.pptx"))
    return tree, slides, [d.message for d in diags.warnings], built, path


def _titles(pptx: Path) -> list[str]:
    return [s.title.plain for s in read_pptx(pptx).slides]


def test_sample_presentation_levels_columns_and_table(tmp_path):
    """Unstructured's sample: a title slide, three levels of bullets, two columns, a table."""
    tree, slides, warnings, built, src = _import(
        "unst__example-docs_sample-presentation.pptx", tmp_path
    )
    assert (tree["deck"]["title"], tree["deck"]["subtitle"]) == ("Title Slide", "With a subtitle")
    assert tree["deck"].get("title_slide", True) is True  # its own title slide is regenerated
    assert [s["title"] for s in slides] == [
        "This is the first content slide",
        "This is the second content slide",
        "This is kinda backwards, huh?",
    ]
    first, second, third = slides
    assert first["bullets"][1] == {
        "text": "And a list of bulleted information",
        "bullets": [
            "With a sub-bullet",
            {"text": "And another one", "bullets": ["This one is a sub-sub-bullet"]},
        ],
    }
    assert second["layout"] == "two-column"
    assert second["left"]["bullets"][0] == "What happens when there\u2019s one here"
    assert second["right"]["bullets"][-1] == "Details 2"
    assert (third["layout"], third["columns"]) == ("table", ["Table", "A", "B", "C"])
    assert third["rows"] == [["1", "A1", "B1", "C1"], ["2", "A2", "B2", "C2"]]
    assert warnings == []
    assert _titles(built.output) == ["Title Slide", *(s["title"] for s in slides)]


def test_docling_sample_merged_table_notes_and_untitled_slide(tmp_path):
    """docling's sample: a table with merged cells and a footnote, notes, an untitled slide."""
    tree, slides, warnings, built, src = _import(
        "docling__tests_data_pptx_sources_powerpoint_sample.pptx", tmp_path
    )
    table, listing, untitled = slides
    assert (table["layout"], table["title"]) == ("table", "Test Table Slide")
    assert table["columns"] == ["", "Class1", "", "", "Class2", "", ""]
    assert table["rows"][0] == ["", "A merged with B", "", "C", "A", "B", "C"]
    assert len(table["rows"]) == 8 and all(len(r) == 7 for r in table["rows"])
    assert table["caption"] == "With footnote"
    assert listing["title"] == "Second slide title"
    assert listing["bullets"][0] == "Let\u2019s introduce a list"
    assert listing["notes"] == "Some notes on the second slide.\n"
    assert untitled["title"] == ""  # not the document's title
    assert untitled["notes"] == "Final notes on the third slide.\n\nSecond line of notes.\n"
    assert "slide 3: the slide has no title: give it one (`title:`)" in warnings
    # (17 bullets do not fit one slide: the build continues them on a "(cont.)" slide)
    assert _titles(built.output)[:3] == ["Test Table Slide", "Second slide title", ""]


def test_markitdown_title_picture_table_chart_and_groups(tmp_path):
    """markitdown's test deck: a title slide with authors, pictures with alt text, a table, a
    chart, text in nested groups."""
    tree, slides, warnings, built, src = _import(
        "markitdown__packages_markitdown_tests_test_files_test.pptx", tmp_path
    )
    deck = tree["deck"]
    assert deck["title"].startswith("AutoGen: Enabling Next-Gen LLM Applications")
    assert deck["subtitle"].startswith("Qingyun Wu , Gagan Bansal , Jieyu Zhang")
    picture, table, chart, nested, strings = slides
    assert picture["layout"] == "image" and picture["alt"].startswith("The first page of the")
    assert picture["caption"].startswith("AutoGen is an open-source framework")
    assert (tmp_path / "imp" / picture["image"]).stat().st_size > 1000
    assert table["columns"] == ["ColA", "ColB", "ColC", "ColD", "ColE", "ColF"]
    assert table["rows"][2] == ["13", "14", "15", "16", "17", "18"]
    c = chart["chart"]
    assert (c["type"], c["categories"]) == ("column", ["2000", "2001", "2002", "2003"])
    assert c["series"] == [{"name": "Series 1", "values": [2000, 2001, 2002, 2003]}]
    assert nested["bullets"][:2] == [
        "Nested Shape",
        "This is a nested shape with content in 2 shapes",
    ]
    assert strings["alt"] == "This phrase of the caption is Human-written."
    assert warnings == ["slide 5: a drawn shape ('Rounded Rectangle 20') is not carried over"]
    assert built.slides == 6


def test_pandoc_speaker_notes_keep_their_formatting(tmp_path):
    """pandoc's speaker-notes output: untitled slides of one sentence, notes with emphasis."""
    tree, slides, warnings, built, src = _import(
        "pandoc__test_pptx_speaker-notes_output.pptx", tmp_path
    )
    assert [s["text"] for s in slides] == [
        "Here is a slide.",
        "A page with no speaker notes",
        "A page with two notes.",
        "Strip links and footnotes.",
    ]
    assert all(s["title"] == "" and s["layout"] == "statement" for s in slides)
    assert slides[0]["notes"] == "Here is a note.\n\nHere is *some* **other** formatting.\n"
    assert "notes" not in slides[1]
    assert slides[2]["notes"] == "The first note div\n\nThe second note div\n"
    notes = [s.notes for s in read_pptx(built.output).slides]
    assert [" / ".join(t.plain for t in n) for n in notes] == [
        "Here is a note. / Here is some other formatting.",
        "",
        "The first note div / The second note div",
        "No link here. / No note here.",
    ]


def test_pandoc_reader_basic_line_breaks_table_and_smartart(tmp_path):
    """pandoc's reader test (saved by PowerPoint): a title with a line break, grouped text, a
    table, SmartArt whose text is kept."""
    tree, slides, warnings, built, src = _import("pandoc__test_pptx-reader_basic.pptx", tmp_path)
    assert [s["title"] for s in slides] == [
        "LLMs",
        "Everworker venn \ndiagram",
        "Table",
        "Smart Art",
    ]
    assert slides[0]["bullets"][-1] == "Multimodal (voice streaming) models?"
    assert "**SKILLS**" in slides[1]["bullets"]
    assert slides[2]["rows"] == [["Name", "Anton", "Antich"], ["Age", "23", "years"]]
    assert slides[3]["bullets"] == ["First", "subtitle", "another", "Second", "yet more",
                                    "and yet again"]  # fmt: skip
    assert "slide 4: SmartArt graphic 'Diagram 3': its text is kept as bullets" in warnings
    rebuilt = read_pptx(built.output).slides
    assert rebuilt[1].title.plain == "Everworker venn \ndiagram"  # the line break survives
