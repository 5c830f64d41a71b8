"""slidegen diff: each kind of change, for decks and for .pptx files; exit codes; JSON."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from pptx import Presentation

from slidegen.build import BuildOptions, build
from slidegen.cli import main
from slidegen.diff import diff_decks, diff_paths, diff_pptx, format_text, word_diff

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
SMALL = ROOT / "tests" / "fixtures" / "import" / "small.yaml"


def edited(tmp_path: Path, src: Path, name: str, *edits: tuple[str, str]) -> Path:
    """A copy of a deck (beside copies of its pictures and themes) with text replaced."""
    text = src.read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    out = tmp_path / name
    out.write_text(text, encoding="utf-8")
    for folder in ("images", "themes"):
        there = src.parent / folder
        if there.is_dir() and not (tmp_path / folder).exists():
            shutil.copytree(there, tmp_path / folder)
    return out


def by_id(report) -> dict:
    return {s.id: s for s in report.slides}


# ---- the evidence-update story on the seed deck --------------------------------------------
def test_changing_one_figure_names_it_and_every_slide_that_shows_it(tmp_path):
    old = edited(tmp_path, SEED, "old.yaml")
    shutil.copytree(ROOT / "themes", tmp_path / "themes", dirs_exist_ok=True)
    new = edited(
        tmp_path,
        SEED,
        "new.yaml",
        (
            "interactions_pct: {value: 74, cite: sleed2022,",
            "interactions_pct: {value: 77, cite: sleed2022,",
        ),
    )
    report = diff_decks(old, new)
    assert [d.key for d in report.data] == ["anna_freud.interactions_pct"]
    change = report.data[0]
    assert (change.old, change.new) == (74, 77)
    # every slide whose YAML uses the figure, found independently of the planner
    deck = yaml.safe_load(SEED.read_text(encoding="utf-8"))
    expected = set()

    def walk(sections):
        for sec in sections:
            for sl in sec.get("slides", []):
                if re.search(r"\{\{\s*anna_freud\.interactions_pct\s*\}\}", yaml.safe_dump(sl)):
                    expected.add(sl["id"])
            walk(sec.get("sections", []))

    walk(deck["sections"])
    assert len(expected) >= 2
    assert {s["id"] for s in change.slides} == expected
    assert {s.id for s in report.slides} == expected
    assert all(s.status == "changed" for s in report.slides)
    stat = by_id(report)["interactions"]
    assert any(("delete", "74%") in c.words and ("insert", "77%") in c.words for c in stat.changes)
    text = format_text(report)
    assert "anna_freud.interactions_pct: 74 [sleed2022] -> 77 [sleed2022]" in text
    for sid in expected:
        assert sid in text
    result = CliRunner().invoke(main, ["diff", str(old), str(new)])
    assert result.exit_code == 1  # something changed
    assert "anna_freud.interactions_pct" in result.output


# ---- decks: each kind of change ---------------------------------------------------------------
def test_no_change_exits_0(tmp_path):
    a = edited(tmp_path, SMALL, "a.yaml")
    b = edited(tmp_path, SMALL, "b.yaml")
    report = diff_decks(a, b)
    assert not report.changed
    result = CliRunner().invoke(main, ["diff", str(a), str(b)])
    assert result.exit_code == 0
    assert "no changes" in result.output


def test_added_removed_moved_and_changed_slides(tmp_path):
    a = edited(tmp_path, SMALL, "a.yaml")
    statement = """      - id: statement
        layout: statement
        title: The message
        text: Relationships matter for every baby.
"""
    b = edited(
        tmp_path,
        SMALL,
        "b.yaml",
        ("title: Overview", "title: An overview"),  # changed
        (statement, ""),  # removed
        (
            "      - id: closing\n",
            "      - id: extra\n        title: A new slide\n        bullets: [One more point]\n"
            "      - id: closing\n",
        ),  # added
        (
            "      - id: quote\n        layout: quote\n        title: In their words\n"
            "        text: It changed how we work\n        attribution: A team lead\n"
            "        cite: [poe2021]\n",
            "",
        ),
    )
    # the quote slide moves to the end of the second section
    text = b.read_text(encoding="utf-8") + (
        "      - id: quote\n        layout: quote\n        title: In their words\n"
        "        text: It changed how we work\n        attribution: A team lead\n"
        "        cite: [poe2021]\n"
    )
    b.write_text(text, encoding="utf-8")
    report = diff_decks(a, b)
    s = by_id(report)
    assert s["overview"].status == "changed"
    title = next(c for c in s["overview"].changes if c.field == "title")
    assert title.words == [("delete", "Overview"), ("insert", "An overview")]
    assert s["statement"].status == "removed" and s["statement"].new_number is None
    assert s["extra"].status == "added" and s["extra"].old_number is None
    assert s["quote"].moved and s["quote"].status == "moved"
    # the agenda is unchanged, dividers unchanged: nothing else reported
    assert set(s) == {"overview", "statement", "extra", "quote"}
    out = format_text(report)
    assert "(removed)" in out and "(added)" in out and "moved from" in out


def test_references_added_removed_and_changed(tmp_path):
    a = edited(tmp_path, SMALL, "a.yaml")
    b = edited(
        tmp_path,
        SMALL,
        "b.yaml",
        ("  poe2021:\n", "  zed2024:\n    title: A new report\n    year: 2024\n  poe2021:\n"),
        ("title: A survey of local teams", "title: A survey of all local teams"),
    )
    report = diff_decks(a, b)
    assert report.references_added == ["zed2024"]
    assert report.references_changed == ["doe2020"]
    c = edited(tmp_path, SMALL, "c.yaml", ("        cite: [poe2021]\n", ""))
    text = c.read_text(encoding="utf-8")
    start = text.index("  poe2021:")
    end = text.index("\nsections:")
    c.write_text(text[:start] + text[end:], encoding="utf-8")
    report = diff_decks(a, c)
    assert report.references_removed == ["poe2021"]


def test_json_format_and_trouble_exits_1(tmp_path):
    a = edited(tmp_path, SMALL, "a.yaml")
    b = edited(tmp_path, SMALL, "b.yaml", ("share: {value: 42", "share: {value: 45"))
    result = CliRunner().invoke(main, ["diff", str(a), str(b), "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["changed"] is True
    assert data["data"][0]["key"] == "survey.share"
    assert {s["id"] for s in data["data"][0]["slides"]} == {"headline", "table", "chart"}
    words = data["slides"][0]["changes"][0]["words"]
    assert {"op": "delete", "text": "42%"} in words or any(w["op"] == "delete" for w in words)
    broken = tmp_path / "broken.yaml"
    broken.write_text("deck: {title: x}\nsections: []\n", encoding="utf-8")
    bad = CliRunner().invoke(main, ["diff", str(a), str(broken)])
    assert bad.exit_code == 1  # a problem in an input
    assert "broken.yaml:2:" in bad.output
    missing = CliRunner().invoke(main, ["diff", str(a), str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2


def test_word_diff_marks_only_the_changed_words():
    assert word_diff("of 74% of studies", "of 77% of studies") == [
        ("equal", "of "),
        ("delete", "74%"),
        ("insert", "77%"),
        ("equal", " of studies"),
    ]


# ---- .pptx files --------------------------------------------------------------------------------
def test_pptx_builds_matched_by_slide_name(tmp_path):
    a = edited(tmp_path, SMALL, "a.yaml")
    b = edited(
        tmp_path,
        SMALL,
        "b.yaml",
        ("share: {value: 42", "share: {value: 45"),
        ("  poe2021:\n", "  zed2024:\n    title: A new report\n    year: 2024\n  poe2021:\n"),
        ("        cite: [poe2021]\n", "        cite: [poe2021, zed2024]\n"),
    )
    pa = build(a, BuildOptions(out_dir=tmp_path / "a")).output
    pb = build(b, BuildOptions(out_dir=tmp_path / "b")).output
    report = diff_pptx(pa, pb)
    s = by_id(report)
    assert set(s) == {"headline", "table", "chart", "quote"}
    table = next(c for c in s["table"].changes if c.field == "table")
    assert ("delete", "42%") in table.words and ("insert", "45%") in table.words
    chart = next(c for c in s["chart"].changes if c.field == "chart")
    assert "45" in chart.new
    assert len(report.references_added) == 1 and report.references_added[0].startswith("A new")
    result = CliRunner().invoke(main, ["diff", str(pa), str(pb)])
    assert result.exit_code == 1
    same = CliRunner().invoke(main, ["diff", str(pa), str(pa)])
    assert same.exit_code == 0


def test_deck_against_its_own_build_is_unchanged(tmp_path):
    a = edited(tmp_path, SMALL, "a.yaml")
    built = build(a, BuildOptions(out_dir=tmp_path / "a")).output
    assert not diff_paths(a, built).changed


def _plain_deck(path: Path, slides: list[tuple[str, list[str]]]) -> Path:
    prs = Presentation()
    for title, bullets in slides:
        s = prs.slides.add_slide(prs.slide_layouts[1])
        s.shapes.title.text = title
        tf = s.placeholders[1].text_frame
        tf.text = bullets[0]
        for b in bullets[1:]:
            tf.add_paragraph().text = b
    prs.save(str(path))
    return path


def test_pptx_without_names_matched_by_title_and_position(tmp_path):
    a = _plain_deck(
        tmp_path / "a.pptx",
        [("Intro", ["Hello"]), ("Figures", ["74% improved"]), ("Old", ["x"]), ("End", ["Bye"])],
    )
    b = _plain_deck(
        tmp_path / "b.pptx",
        [
            ("End", ["Bye"]),
            ("Intro", ["Hello"]),
            ("Figures", ["77% improved"]),
            ("Renamed", ["x"]),
            ("New", ["y"]),
        ],
    )
    report = diff_pptx(a, b)
    by_title = {s.title: s for s in report.slides}
    assert by_title["Figures"].status == "changed"
    assert ("insert", "77%") in by_title["Figures"].changes[0].words
    # "Old" at the same place between matched slides: a retitled slide, not removed + added
    assert by_title["Renamed"].status == "changed" and by_title["Renamed"].old_number == 3
    assert by_title["New"].status == "added"
    assert by_title["End"].moved
    assert "Old" not in by_title


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_usage_errors_exit_2(fmt, tmp_path):
    result = CliRunner().invoke(main, ["diff", str(SMALL)])
    assert result.exit_code == 2
    result = CliRunner().invoke(main, ["diff", str(SMALL), str(SMALL), "--format", "xml"])
    assert result.exit_code == 2


# ---- a region's version: --audience and --overlay ------------------------------------------
NORFOLK = ROOT / "decks" / "regions" / "norfolk.yaml"


def _region_update(tmp_path):
    """Two evidence updates of the seed (the PIMHAP ratio changes), with the Norfolk overlay
    copied beside them."""
    shutil.copytree(ROOT / "themes", tmp_path / "themes", dirs_exist_ok=True)
    shutil.copytree(NORFOLK.parent, tmp_path / "regions")
    old = edited(tmp_path, SEED, "talk.before")
    new = edited(tmp_path, SEED, "talk.yaml", ('after: {value: "1:10"', 'after: {value: "1:11"'))
    return old, new, tmp_path / "regions" / "norfolk.yaml"


def test_diff_of_a_regions_version_shows_its_own_slides(tmp_path):
    old, new, norfolk = _region_update(tmp_path)
    national = diff_decks(old, new)
    assert [d.key for d in national.data] == ["pimhap.after"]
    shown = [s["id"] for s in national.data[0].slides]
    assert "pimhap-care-ratio" in shown and "norfolk-care-ratio" not in shown
    region = diff_paths(old, new, audience="families", overlays=(norfolk,))
    shown = [s["id"] for s in region.data[0].slides]
    assert shown == ["norfolk-care-ratio"]  # the families version of Norfolk shows only its own
    assert region.audience == "families" and region.overlays == [str(norfolk)]
    text = format_text(region)
    assert text.splitlines()[0] == f"--- {old}  (audience families; overlay {norfolk})"


def test_diff_cli_takes_audience_and_overlay(tmp_path, monkeypatch):
    old, new, norfolk = _region_update(tmp_path)
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke
    r = run(
        main,
        [
            "diff",
            "talk.before",
            "talk.yaml",
            "--overlay",
            "regions/norfolk.yaml",
            "--audience",
            "commissioners",
            "--format",
            "json",
        ],
    )
    assert r.exit_code == 1, r.output
    report = json.loads(r.stdout)
    assert report["audience"] == "commissioners"
    assert report["overlays"] == ["regions/norfolk.yaml"]
    shown = {s["id"] for s in report["data"][0]["slides"]}
    assert shown == {"pimhap-care-ratio", "norfolk-care-ratio"}  # the latter a backup slide
    r = run(main, ["diff", "talk.before", "talk.yaml", "--audience", "comissioners"])
    assert r.exit_code == 2 and "did you mean 'commissioners'" in r.output
    build(new, BuildOptions(output=tmp_path / "a.pptx"))
    r = run(main, ["diff", "a.pptx", "a.pptx", "--audience", "families"])
    assert r.exit_code == 2 and "--audience applies to decks" in r.output
