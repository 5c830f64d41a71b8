"""`slidegen pull`: a regional team's PowerPoint edits back into its overlay (issue 20).

The whole loop, on a copy of the project: build the seed deck's Norfolk version; edit it as
PowerPoint would (tests/helpers/powerpoint.py) and as LibreOffice saves it; pull; rebuild with
the overlay and compare with `slidegen diff`'s reading; change a figure centrally and rebuild.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from helpers.powerpoint import Editor
from slidegen.build import BuildOptions, build
from slidegen.cli import main
from slidegen.diff import diff_pptx
from slidegen.errors import SlidegenError
from slidegen.importer.read import read_pptx
from slidegen.pull import PullOptions, pull

ROOT = Path(__file__).resolve().parent.parent
DECK = Path("decks/parent-infant-impact.yaml")
NORFOLK = Path("decks/regions/norfolk.yaml")
BUILT = Path("build/parent-infant-impact--norfolk.pptx")
PICTURE = Path("decks/images/caregiver-and-baby.png")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A copy of the decks and themes, as the working folder, with the Norfolk version built."""
    shutil.copytree(ROOT / "decks", tmp_path / "decks")
    shutil.copytree(ROOT / "themes", tmp_path / "themes")
    monkeypatch.chdir(tmp_path)
    run("build", str(DECK), "--overlay", str(NORFOLK))
    return tmp_path


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


def texts(path: Path) -> dict[str, dict[str, str]]:
    """Each slide's text fields as `slidegen diff` reads them (pictures left out), by title."""
    from slidegen.diff import pptx_view

    out = {}
    for s in read_pptx(path).slides:
        view = pptx_view(s)
        out[s.title.plain] = {k: v for k, v in view.fields.items() if not k.startswith("picture")}
    return out


def same_text(a: Path, b: Path) -> list[str]:
    """What `slidegen diff` finds between two .pptx files, pictures aside."""
    report = diff_pptx(a, b)
    problems = []
    for s in report.slides:
        fields = [c.field for c in s.changes if not c.field.startswith("picture")]
        if s.status in ("added", "removed") or fields:
            problems.append(f"{s.status} {s.id} {s.title} {fields}")
    return problems


def edit_like_a_team(path: Path, out: Path) -> Path:
    """Reword a bullet, add a slide with a picture and notes, delete a slide, add a table."""
    ed = Editor(path)
    ed.retype(ed.body("three-domains"), 1, "Improving caregivers' mental health, in Norfolk too")
    ed.add_picture_slide(
        "norfolk-pimhap",
        "Our Norfolk team",
        PICTURE,
        "The Norfolk team at their community hub",
        "Introduce the team by name.\n\nMention the hub's opening hours.",
    )
    ed.add_table_slide(
        "norfolk-contact", "Referrals in Norfolk", [["Year", "Referrals"], ["2024", "120"]]
    )
    ed.delete("video-feedback")
    return ed.save(out)


def overlay_text() -> str:
    return NORFOLK.read_text(encoding="utf-8")


def rebuild(tmp: Path, name: str = "rebuilt.pptx") -> Path:
    out = tmp / name
    build(DECK, BuildOptions(overlays=(NORFOLK,), output=out))
    return out


# ---- the loop ----------------------------------------------------------------------------------
def test_the_regional_loop(project):
    before = overlay_text()
    edited = edit_like_a_team(BUILT, project / "norfolk-edited.pptx")
    shown = run("pull", str(edited))
    assert "not written" in shown and overlay_text() == before  # nothing without --write
    assert "+remove: [local-practice-example, video-feedback]" in shown
    run("pull", str(edited), "--write")
    text = overlay_text()
    # every line a person wrote is still there, comments included, in order (the remove: line
    # gains an id and keeps its comment)
    lines = iter(text.splitlines())
    kept = [line for line in before.splitlines() if not line.startswith("remove:")]
    assert all(any(line == mine for mine in lines) for line in kept)
    assert "video-feedback] # the national placeholder slide" in text
    data = yaml.safe_load(text)
    assert data["remove"] == ["local-practice-example", "video-feedback"]
    local = next(s for s in data["sections"] if s["id"] == "local-practice")
    added = {s["id"]: s for s in local["slides"]}
    team = added["our-norfolk-team"]
    assert team["after"] == "norfolk-pimhap" and team["layout"] == "image"
    assert team["alt"] == "The Norfolk team at their community hub"
    assert team["notes"] == "Introduce the team by name.\n\nMention the hub's opening hours.\n"
    assert (NORFOLK.parent / team["image"]).is_file()
    table = added["referrals-in-norfolk"]
    assert table["after"] == "norfolk-contact" and table["columns"] == ["Year", "Referrals"]
    evidence = next(s for s in data["sections"] if s["id"] == "evidence")
    assert evidence["slides"] == [
        {
            "id": "three-domains",
            "bullets": [
                "Strengthening relationships between babies and their caregivers",
                "Improving caregivers' mental health, in Norfolk too",
                "Supporting babies' early development and wellbeing (including those most at risk)",
            ],
        }
    ]
    # rebuilt with the overlay, the deck says what the team's copy says
    rebuilt = rebuild(project)
    assert same_text(edited, rebuilt) == []
    # a second pull of the same copy has nothing more to write
    assert "nothing to pull" in run("pull", str(edited))
    # the centre updates a figure: the region's edits and the new figure together
    deck = DECK.read_text(encoding="utf-8")
    DECK.write_text(deck.replace("interactions_pct: {value: 74", "interactions_pct: {value: 77"))
    run("build", str(DECK), "--overlay", str(NORFOLK))
    now = texts(BUILT)
    assert "77%" in now["Parent-child interactions"]["text"]
    assert "in Norfolk too" in now["Three domains"]["text"]
    assert "Referrals in Norfolk" in now and "Our Norfolk team" in now
    assert "Video feedback interventions" not in now


@pytest.mark.render
def test_the_loop_with_a_copy_libreoffice_saved(project):
    """LibreOffice drops the slides' names: they are matched by their text, title and place."""
    edited = edit_like_a_team(BUILT, project / "edited.pptx")
    saved = project / "lo"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pptx", "--outdir", str(saved), str(edited)],
        check=True,
        capture_output=True,
        timeout=180,
        env={**os.environ, "HOME": str(project)},
    )
    lo = saved / edited.name
    assert not any(s.name for s in read_pptx(lo).slides)  # what makes this file different
    result = pull(lo)
    assert not result.conflicts
    noise = [w.message for w in result.warnings if "lost their names" not in w.message]
    assert noise == []
    result.write()
    data = yaml.safe_load(overlay_text())
    assert data["remove"] == ["local-practice-example", "video-feedback"]
    ids = [s["id"] for sec in data["sections"] for s in sec.get("slides", [])]
    assert {"our-norfolk-team", "referrals-in-norfolk", "three-domains"} <= set(ids)
    assert same_text(edited, rebuild(project)) == []


def test_a_copy_that_lost_its_slide_names(project):
    """As LibreOffice saves (tested with LibreOffice itself above): no names, so slides are
    matched by text, title and position; a chart's lost alt text is not an edit."""
    edited = edit_like_a_team(BUILT, project / "edited.pptx")
    ed = Editor(edited)
    ed.forget_names()
    nameless = ed.save(project / "nameless.pptx")
    result = pull(nameless)
    assert [w.message for w in result.warnings] == [
        "the copy's slides have lost their names (a tool other than PowerPoint saved it):"
        " slides are matched by their text, title and position"
    ]
    result.write()
    assert yaml.safe_load(overlay_text())["remove"] == ["local-practice-example", "video-feedback"]
    assert same_text(edited, rebuild(project)) == []


# ---- three-way: the centre moved too ------------------------------------------------------------
def test_three_way_keeps_both_sides_and_reports_conflicts(project):
    ed = Editor(BUILT)
    ed.retype(ed.body("three-domains"), 0, "Relationships between babies and caregivers")
    ed.set_notes("depression", "Our own notes about depression in Norfolk.")
    ed.set_notes("wellbeing", "Norfolk's notes on wellbeing.")
    edited = ed.save(project / "edited.pptx")
    # since the copy was built, the centre rewrote two slides' notes and updated a figure
    deck = DECK.read_text(encoding="utf-8")
    deck = deck.replace(
        "The evidence is grouped into **three domains**", "New evidence: **three domains**"
    )
    deck = deck.replace("of the studies in the Anna Freud Centre", "of the 2027 studies in the")
    deck = deck.replace("depression_pct: {value: 73", "depression_pct: {value: 75")
    DECK.write_text(deck, encoding="utf-8")
    result = pull(edited)
    result.write()
    assert result.centre_changed == ["parent-infant-impact.yaml"]
    # the team's bullets and the centre's notes on one slide: both kept
    assert [c.slide for c in result.conflicts] == ["depression"]
    conflict = result.conflicts[0]
    assert conflict.key == "notes"
    assert conflict.region == "Our own notes about depression in Norfolk."
    assert "of the 2027 studies" in conflict.centre and "75%" in conflict.centre
    assert "CONFLICT on 'notes'" in overlay_text()
    data = yaml.safe_load(overlay_text())
    slides = {s["id"]: s for sec in data["sections"] for s in sec.get("slides", [])}
    assert "depression" not in slides or "notes" not in slides["depression"]
    assert slides["wellbeing"]["notes"].strip() == "Norfolk's notes on wellbeing."
    assert slides["three-domains"]["bullets"][0] == "Relationships between babies and caregivers"
    now = texts(rebuild(project))
    assert now["Three domains"]["notes"].startswith("New evidence: three domains")
    assert now["Three domains"]["text"].startswith("Relationships between babies and caregivers")
    assert "75%" in now["Depression in caregivers"]["text"]
    # the CLI says so, with both versions, and exits 1
    out = run("pull", str(edited), code=1)
    assert "conflict: slide" in out and "Team's: 'Our own notes" in out


def test_a_figure_typed_over_is_reported(project):
    ed = Editor(BUILT)
    ed.retype(ed.shape("interactions", "Figure 1"), 0, "80%")
    ed.retype(ed.shape("interactions", "Label 1"), 0, "of Norfolk's studies showed it")
    edited = ed.save(project / "edited.pptx")
    result = pull(edited)
    typed = [w.message for w in result.warnings if "typed over" in w.message]
    assert len(typed) == 1
    assert "{{ anna_freud.interactions_pct }} (74)" in typed[0] and "'80%'" in typed[0]
    assert typed[0].startswith("slide 11: ")
    result.write()
    slide = _overlay_slide("interactions")
    assert slide == {
        "id": "interactions",
        "value": "80%",
        "label": "of Norfolk's studies showed it",
    }


def test_reworded_text_keeps_its_figures(project):
    ed = Editor(BUILT)
    ed.retype(ed.shape("interactions", "Label 1"), 0, "of 2022's studies: better interactions")
    ed.set_notes("interactions", "74% is about three in four. Say it slowly.")
    result = pull(ed.save(project / "edited.pptx"))
    result.write()
    slide = _overlay_slide("interactions")
    assert slide["label"] == "of 2022's studies: better interactions"
    assert (
        slide["notes"]
        == "{{ anna_freud.interactions_pct }}% is about three in four. Say it slowly.\n"
    )
    assert not [w for w in result.warnings if "typed over" in w.message]


def test_closing_quote_chart_and_hidden_slides(project):
    from pptx.chart.data import CategoryChartData

    ed = Editor(BUILT)
    ed.retype(
        ed.body("discussion-close"),
        0,
        "What does this evidence mean for babies and families in Norfolk and Waveney?",
    )
    ed.retype(ed.shape("dartington-quote", "Attribution"), 0, "Dartington Service Design Lab, 2022")
    chart = CategoryChartData()
    chart.categories = ["Parent-child interactions", "Caregiver depression", "Child wellbeing"]
    chart.add_series("Studies showing an improvement", (74, 73, 90))
    ed.shape("headline-chart", "Chart").chart.replace_data(chart)
    ed.slide("pip-uk-sample")._element.set("show", "0")  # Hide Slide
    result = pull(ed.save(project / "edited.pptx"))
    result.write()
    close = _overlay_slide("discussion-close")
    assert close["text"] == (
        "What does this evidence mean for babies and families in {{ local.area }} and Waveney?"
    )
    assert (
        _overlay_slide("dartington-quote")["attribution"] == "Dartington Service Design Lab, 2022"
    )
    series = _overlay_slide("headline-chart")["chart"]["series"][0]
    assert series["values"] == [
        "{{ anna_freud.interactions_pct }}",
        "{{ anna_freud.depression_pct }}",
        90,
    ]
    assert _overlay_slide("pip-uk-sample") == {"id": "pip-uk-sample", "hidden": True}
    messages = [w.message for w in result.warnings]
    assert any(
        "{{ anna_freud.wellbeing_pct }} (83) in 'chart' was typed over" in m for m in messages
    )
    assert (
        "slide 20: pip-uk-sample is hidden in the copy: hidden: true leaves it out of the build"
        in messages
    )


def _overlay_slide(sid: str) -> dict:
    data = yaml.safe_load(overlay_text())
    return next(s for sec in data["sections"] for s in sec.get("slides", []) if s["id"] == sid)


# ---- slides copied, moved, removed --------------------------------------------------------------
def test_a_duplicated_slide_is_new_and_keeps_its_figures(project):
    ed = Editor(BUILT)
    copy = ed.duplicate("interactions")
    copy.shapes.title.text = "Parent-child interactions in Norfolk"
    result = pull(ed.save(project / "edited.pptx"))
    result.write()
    new = _overlay_slide("parent-child-interactions-in-norfolk")
    assert new["after"] == "interactions" and new["layout"] == "stat"
    assert new["value"] == "{{ anna_freud.interactions_pct }}%"
    assert "copy of interactions" in overlay_text()
    assert not result.conflicts


def test_moves_within_a_section_and_removed_overlay_slides(project):
    ed = Editor(BUILT)
    ed.move("anna-freud-review", after="together-with-baby")
    ed.delete("norfolk-contact")  # the overlay's own slide: hidden, its lines kept
    edited = ed.save(project / "edited.pptx")
    result = pull(edited)
    result.write()
    assert _overlay_slide("anna-freud-review") == {
        "id": "anna-freud-review",
        "after": "together-with-baby",
    }
    contact = _overlay_slide("norfolk-contact")
    assert contact["hidden"] is True and contact["title"] == "Find out more in Norfolk"
    assert same_text(edited, rebuild(project)) == []


def test_a_slide_given_another_layout_replaces_it(project):
    from pptx.util import Inches

    ed = Editor(BUILT)
    slide = ed.slide("conclusions-and-openings")
    body = ed.body("conclusions-and-openings")
    body._element.getparent().remove(body._element)
    table = slide.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(10), Inches(2)).table
    for r, row in enumerate(
        [["Next", "When"], ["More interventions", "2027"], ["Updates", "2028"]]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    edited = ed.save(project / "edited.pptx")
    result = pull(edited)
    result.write()
    item = _overlay_slide("conclusions-and-openings")
    assert item["layout"] == "table" and item["columns"] == ["Next", "When"]
    assert item["tags"] == ["headline"]  # the deck slide's tags stay with it
    assert "bullets" not in item
    assert same_text(edited, rebuild(project)) == []
    assert [w.message for w in result.warnings] == []


def test_a_slide_moved_to_another_section_is_reported(project):
    ed = Editor(BUILT)
    ed.move("interactions", after="depression")
    result = pull(ed.save(project / "edited.pptx"))
    assert any(
        "interactions was moved into section 'caregiver-mental-health'" in w.message
        for w in result.warnings
    )


def test_deleted_divider_and_title_slide(project):
    ed = Editor(BUILT)
    ed.delete("title")
    ed.delete("relationships-divider")
    edited = ed.save(project / "edited.pptx")
    pull(edited).write()
    data = yaml.safe_load(overlay_text())
    assert data["deck"]["title_slide"] is False
    rel = next(s for s in data["sections"] if s["id"] == "relationships")
    assert rel["divider"] is False
    assert same_text(edited, rebuild(project)) == []


def test_retitled_divider_and_subtitle(project):
    ed = Editor(BUILT)
    ed.slide("relationships-divider").shapes.title.text = "1. Relationships first"
    sub = next(s for s in ed.slide("title").placeholders if s.placeholder_format.type == 4)
    ed.retype(sub, 0, "The Norfolk briefing · Norfolk and Waveney edition")
    edited = ed.save(project / "edited.pptx")
    result = pull(edited)
    result.write()
    data = yaml.safe_load(overlay_text())
    # the title slide shows the subtitle, then the overlay's deck.edition
    assert data["deck"]["subtitle"] == "The Norfolk briefing"
    assert data["deck"]["edition"] == "Norfolk and Waveney edition"
    rel = next(s for s in data["sections"] if s["id"] == "relationships")
    assert rel["title"] == "Relationships first"
    assert same_text(edited, rebuild(project)) == [
        "changed relationships-context Relationships first ['title']"
    ]
    assert (
        "slide 8: relationships-context shows its section's title, so it will read"
        " 'Relationships first' too (give it a title: in the overlay to keep the old one)"
    ) in [w.message for w in result.warnings]


# ---- what the format cannot say ----------------------------------------------------------------
def test_what_cannot_be_expressed_is_listed_by_slide(project):
    ed = Editor(BUILT)
    ed.nudge(ed.shape("interactions", "Figure 1"))
    ed.recolour(ed.shape("depression", "Label 1"))
    ed.animate("wellbeing")
    ed.theme_colour()
    result = pull(ed.save(project / "edited.pptx"))
    messages = [w.message for w in result.warnings]
    assert "slide 11: 'Figure 1' was moved or resized: not kept (the layout places it)" in messages
    assert any(m.startswith("slide 17: Label 1 was recoloured") for m in messages)
    assert any(m.startswith("slide 23: animations: not kept") for m in messages)
    assert any(m.startswith("the theme's colours were changed") for m in messages)
    assert not result.changed


# ---- finding the deck, new overlays, errors ------------------------------------------------------
def test_a_copy_of_the_central_deck_needs_an_overlay_named(project):
    run("build", str(DECK))
    central = Path("build/parent-infant-impact.pptx")
    ed = Editor(central)
    ed.retype(ed.body("three-domains"), 2, "Early development")
    edited = ed.save(project / "edited.pptx")
    out = run("pull", str(edited), code=2)
    assert "give --overlay REGION.yaml" in out
    region = Path("decks/regions/suffolk.yaml")
    run("pull", str(edited), "--overlay", str(region), "--write")
    text = region.read_text(encoding="utf-8")
    assert text.startswith("# Overlay for decks/parent-infant-impact.yaml, written by")
    assert yaml.safe_load(text)["sections"][0]["slides"][0]["bullets"][2] == "Early development"
    build(DECK, BuildOptions(overlays=(region,), output=project / "suffolk.pptx"))


def test_a_file_without_an_origin(project):
    from pptx import Presentation

    plain = project / "plain.pptx"
    Presentation().save(str(plain))
    out = run("pull", str(plain), code=2)
    assert "has no slidegen origin" in out and "--deck" in out
    assert "is not a file" in run("pull", "missing.pptx", code=2)


def test_an_audience_version(project):
    run("build", str(DECK), "--audience", "families", "--overlay", str(NORFOLK))
    families = Path("build/parent-infant-impact--families--norfolk.pptx")
    ed = Editor(families)
    ed.retype(ed.body("families-what-teams-do"), 0, "Specialists who help parents and babies")
    edited = ed.save(project / "edited.pptx")
    result = pull(edited)
    assert result.audience == "families"
    result.write()
    assert _overlay_slide("families-what-teams-do")["bullets"][0] == (
        "Specialists who help parents and babies"
    )
    out = project / "families.pptx"
    build(DECK, BuildOptions(audience="families", overlays=(NORFOLK,), output=out))
    assert same_text(edited, out) == []


def test_a_copy_without_an_origin_with_deck_and_overlay_given(project):
    import zipfile

    ed = Editor(BUILT)
    ed.retype(ed.body("three-domains"), 2, "Early development")
    edited = ed.save(project / "edited.pptx")
    old = project / "old.pptx"  # as an older slidegen wrote it: no origin
    with zipfile.ZipFile(edited) as src, zipfile.ZipFile(old, "w") as dst:
        for item in src.infolist():
            if not item.filename.startswith(("customXml/", "docProps/custom")):
                dst.writestr(item, src.read(item.filename))
    out = run("pull", str(old), "--deck", str(DECK), "--overlay", str(NORFOLK), "--write")
    assert "has no slidegen origin" in out
    assert "Early development" in overlay_text()


def test_the_deck_is_found_without_a_manifest(project):
    Path("build/manifest.json").unlink()
    ed = Editor(BUILT)
    ed.retype(ed.body("three-domains"), 2, "Early development")
    result = pull(ed.save(project / "edited.pptx"))
    assert result.deck == Path("decks/parent-infant-impact.yaml")
    assert result.overlay == Path("decks/regions/norfolk.yaml")


def test_pull_never_writes_an_overlay_that_does_not_build(project, monkeypatch):
    from slidegen.pull import overlay

    ed = Editor(BUILT)
    ed.retype(ed.body("three-domains"), 2, "Early development")
    edited = ed.save(project / "edited.pptx")
    before = overlay_text()
    monkeypatch.setattr(overlay.OverlayDoc, "text", lambda self: "sections: [{id: nowhere}]\n")
    with pytest.raises(SlidegenError) as exc:
        pull(edited)
    assert "does not build" in str(exc.value)
    assert overlay_text() == before
    assert not list(Path("decks").rglob(".slidegen-pull-*"))


def test_options_override_the_origin(project):
    ed = Editor(BUILT)
    ed.retype(ed.body("three-domains"), 2, "Early development")
    edited = ed.save(project / "edited.pptx")
    result = pull(edited, PullOptions(deck=DECK, overlay=NORFOLK))
    assert "Early development" in result.diff
    assert re.search(r"^\+\s+- Early development$", result.diff, re.M)


# ---- the overlay file, edited in place -----------------------------------------------------------
def test_an_overlay_edited_in_place_keeps_what_a_person_wrote(tmp_path):
    from slidegen.pull.overlay import OverlayDoc

    path = tmp_path / "region.yaml"
    written = (
        "# Suffolk overlay: keep this note\n"
        "deck:\n"
        "  subtitle: Suffolk edition     # shown on the title slide\n"
        "\n"
        "remove: [placeholder]    # the national slide\n"
        "sections:\n"
        "  - id: local\n"
        "    slides:\n"
        "      - id: ours\n"
        "        bullets:\n"
        "          - A long bullet that a person wrapped by hand over two lines of the\n"
        "            overlay file, as people do\n"
        '          - "{{ local.figure }} families"   # from data\n'
        "        notes: |\n"
        "          Kept as written.\n"
        "# trailing comment"
    )
    path.write_text(written, encoding="utf-8")
    doc = OverlayDoc(path)
    doc.remove(["video"])
    doc.set(doc.merge_item("local", "ours"), "title", "Our slide")
    doc.add_slide("local", {"id": "new", "after": "ours", "bullets": ["One"]}, "slidegen pull: x")
    doc.set(doc.merge_item("evidence", "stat"), "label", "a label")
    text = doc.text()
    for line in written.splitlines():
        if not line.startswith("remove:"):
            assert line in text.splitlines(), line
    assert "remove: [placeholder, video] # the national slide" in text
    data = yaml.safe_load(text)
    assert data["remove"] == ["placeholder", "video"]
    ours, new = data["sections"][0]["slides"]
    assert ours["title"] == "Our slide" and ours["bullets"][1] == "{{ local.figure }} families"
    assert new == {"id": "new", "after": "ours", "bullets": ["One"]}
    assert data["sections"][1] == {"id": "evidence", "slides": [{"id": "stat", "label": "a label"}]}
    assert "      # slidegen pull: x\n      - id: new\n" in text
    assert "\n\n      # slidegen pull: x" in text  # a blank line sets a new slide apart


def test_a_new_overlay_file_has_a_header(tmp_path):
    from slidegen.pull.overlay import OverlayDoc

    doc = OverlayDoc(tmp_path / "new.yaml", header="Overlay for decks/talk.yaml")
    doc.set(doc.top("deck"), "subtitle", "Ours")
    doc.remove(["x"])
    assert doc.text() == "# Overlay for decks/talk.yaml\ndeck:\n  subtitle: Ours\nremove: [x]\n"


def test_an_overlay_that_does_not_read_is_a_located_error(tmp_path):
    from slidegen.pull.overlay import OverlayDoc

    path = tmp_path / "bad.yaml"
    path.write_text("deck:\n  subtitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(SlidegenError) as exc:
        OverlayDoc(path)
    (d,) = exc.value.diagnostics
    assert d.pos.file == str(path) and d.pos.line >= 2
    assert d.format().startswith(f"{path}:")


def test_placeholders_are_put_back_where_their_value_stands():
    from slidegen.pull.template import retemplate

    values = {"n": "4", "pct": "74", "ratio": "1:4"}.get
    assert retemplate("{{ n }} teams, {{ pct }}%", "Now 4 teams and 74% of them", values) == (
        "Now {{ n }} teams and {{ pct }}% of them",
        [],
    )
    text, frozen = retemplate("from {{ ratio }} to {{ n }}", "from 1:4 to 14 and 24", values)
    assert text == "from {{ ratio }} to 14 and 24"  # "4" is not found inside "14" or "24"
    assert [(f.name, f.value) for f in frozen] == [("n", "4")]


def test_a_deck_built_with_allow_outside_is_pulled_with_it(project, tmp_path_factory):
    """The error that asks for --allow-outside names a flag pull has."""
    outside = tmp_path_factory.mktemp("shared") / "figures.yaml"
    outside.write_text("share: 74%\n", encoding="utf-8")
    deck = Path("decks/outside.yaml")
    deck.write_text(
        f"deck:\n  title: Figures\n  date: 2026-01-01\ndata_files: [{outside}]\n"
        "sections:\n  - id: one\n    title: One\n    slides:\n      - title: Share\n"
        "        bullets: ['{{ share }} of studies']\n",
        encoding="utf-8",
    )
    run("build", str(deck), "--allow-outside")
    edited = Path("build/outside.pptx")
    out = run("pull", str(edited), "--overlay", "decks/regions/r.yaml", code=1)
    assert "pass --allow-outside to read it deliberately" in out
    run("pull", str(edited), "--overlay", "decks/regions/r.yaml", "--allow-outside")
