"""Import, check, build and diff of packages PowerPoint, Google Slides and LibreOffice write but
python-pptx does not: other kinds of presentation, pictures in mc:AlternateContent, metafiles,
3-D, scatter and chartex charts, SmartArt, unknown shapes, damaged parts, decks of one slide,
of hidden slides, of none. Each ends in a deck that builds, or a message saying why not."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import yaml
from pptx import Presentation
from pptx.util import Inches

from helpers.decks import run_cli
from helpers.packages import as_kind, metafile_picture, odd_deck, png_bytes, rewrite
from helpers.pictures import emf_bytes, wmf_bytes
from slidegen.build import BuildOptions, build
from slidegen.check import check_paths
from slidegen.diff import diff_paths
from slidegen.errors import Diagnostics, SlidegenError
from slidegen.importer import import_pptx


def all_slides(tree: dict) -> list[dict]:
    out = []
    for sec in tree["sections"]:
        out += sec.get("slides", [])
        for sub in sec.get("sections", []):
            out += sub.get("slides", [])
    return out


def import_and_build(src: Path, tmp_path: Path):
    diags = Diagnostics()
    result = import_pptx(src, tmp_path / "imp", diags)
    tree = yaml.safe_load(result.text)
    built = build(result.deck, BuildOptions(output=tmp_path / "rebuilt.pptx"))
    return tree, [d.message for d in diags.warnings], built


def simple_deck(path: Path, titles=("First", "Second"), layout=1) -> Path:
    prs = Presentation()
    for t in titles:
        s = prs.slides.add_slide(prs.slide_layouts[layout])
        s.shapes.title.text = t
        if layout == 1:
            s.placeholders[1].text = f"About {t.lower()}"
    prs.save(str(path))
    return path


# ---- one deck of odd things -----------------------------------------------------------------
@pytest.fixture(scope="module")
def odd(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("odd")
    src = odd_deck(tmp / "odd.pptx")
    tree, warnings, built = import_and_build(src, tmp)
    slides = {s["title"]: s for s in all_slides(tree)}
    return src, tmp, slides, warnings, built


def test_odd_pictures_are_found_and_kept(odd):
    src, tmp, slides, warnings, built = odd
    pdf = slides["PDF picture"]  # the PNG fallback of Mac PowerPoint's PDF picture
    assert (pdf["layout"], pdf["alt"]) == ("image", "A diagram of the service")
    assert (tmp / "imp" / pdf["image"]).read_bytes() == png_bytes((0, 90, 200))
    wmf, emf = slides["WMF picture"], slides["EMF picture"]
    assert wmf["image"].endswith(".wmf") and wmf["alt"] == "A flow chart"
    assert emf["image"].endswith(".emf") and emf["alt"] == "An icon"
    assert (tmp / "imp" / wmf["image"]).read_bytes() == wmf_bytes(300, 150)
    assert (tmp / "imp" / emf["image"]).read_bytes() == emf_bytes()
    with zipfile.ZipFile(built.output) as z:
        exts = sorted(n.rsplit(".", 1)[1] for n in z.namelist() if n.startswith("ppt/media/"))
    assert exts == ["emf", "png", "wmf"]


def test_odd_charts_become_charts_or_tables(odd):
    _, _, slides, warnings, _ = odd
    bar = slides["3-D bar"]["chart"]
    assert (bar["type"], bar["categories"], bar["series"][0]["values"]) == (
        "column",
        ["North", "South", "East"],
        [1, 2, 3],
    )
    assert slides["3-D pie"]["chart"]["type"] == "pie"
    pie = slides["Pie of two series"]["chart"]
    assert [s["name"] for s in pie["series"]] == ["2023"]
    area = slides["3-D area"]
    assert (area["layout"], area["columns"]) == ("table", ["", "A", "B"])
    assert area["rows"] == [["North", 1, 2], ["South", 2, 2], ["East", 3, 2]]
    scatter = slides["Scatter"]
    assert scatter["columns"] == ["Trials x", "Trials y"]
    assert scatter["rows"] == [[1, 2.5], [2, 3.5], [3, 1.5]]
    waterfall = slides["Waterfall"]
    assert waterfall["rows"] == [["Start", 10], ["Gain", 5], ["End", 15]]
    assert slides["Two charts"]["chart"]["type"] == "column"
    assert slides["Two charts (2)"]["chart"]["type"] == "line"
    for expected in (
        "slide 6: a 3-D area chart cannot be drawn by slidegen: its data is kept as a table",
        "slide 7: a scatter chart cannot be drawn by slidegen: its data is kept as a table",
        "slide 8: a pie chart shows its first series only: 1 more",
        "slide 9: a waterfall chart cannot be drawn by slidegen",
        "slide 12: a chart whose data cannot be read ('Lost chart') is not carried over",
        "slide 13: 2 tables and charts on one slide: each after the first",
    ):
        assert any(w.startswith(expected) for w in warnings), (expected, warnings)


def test_odd_shapes_keep_their_text(odd):
    _, _, slides, warnings, _ = odd
    assert slides["Unknown shape"]["text"] == "Text in an unrecognised shape"
    assert slides["SmartArt"]["bullets"] == ["Referral", "Assessment"]
    assert "slide 11: SmartArt graphic 'Diagram 1': its text is kept as bullets" in warnings


def test_odd_deck_checks_and_diffs(odd):
    src, tmp, _, _, built = odd
    (report,) = check_paths([src])
    assert report.kind == "pptx" and report.slides == 13
    assert "PPTX-UNREADABLE" not in report.codes()
    changed = diff_paths(src, built.output)
    assert changed.changed  # charts became tables, a slide was added


# ---- kinds of presentation, decided by content -------------------------------------------------
@pytest.mark.parametrize("suffix", [".pptm", ".potx", ".potm", ".ppsx", ".ppsm", ".yaml"])
def test_every_kind_of_presentation_imports_checks_and_diffs(tmp_path, suffix):
    src = as_kind(simple_deck(tmp_path / "talk.pptx"), suffix)
    tree, _, built = import_and_build(src, tmp_path)
    assert [s["title"] for s in all_slides(tree)] == ["First", "Second"]
    (report,) = check_paths([src])
    assert report.kind == "pptx" and report.slides == 2
    assert not diff_paths(src, as_kind(src, suffix)).changed
    assert run_cli("check", str(src)).exit_code == 0
    assert run_cli("diff", str(src), str(built.output)).exit_code in (0, 1)


def test_a_deck_named_pptx_and_a_presentation_named_yaml(tmp_path):
    deck = tmp_path / "talk.pptx"
    deck.write_text(
        "deck: {title: Named wrongly}\nsections:\n  - id: s\n    title: S\n    slides:\n"
        "      - {id: a, title: A, bullets: [one]}\n"
    )
    with pytest.raises(SlidegenError) as exc:
        import_pptx(deck, tmp_path / "imp")
    assert "is not a PowerPoint file: it holds a slidegen deck (YAML text)" in str(exc.value)
    (report,) = check_paths([deck])
    assert report.kind == "deck"  # checked as what it is
    result = run_cli("import", str(deck), "--out", str(tmp_path / "imp"))
    assert result.exit_code == 1 and "not a PowerPoint file" in result.stderr

    pres = as_kind(simple_deck(tmp_path / "real.pptx"), ".yaml")
    built = run_cli("build", str(pres), "--out", str(tmp_path / "out"))
    assert built.exit_code == 1
    assert "is a PowerPoint file, not a deck file" in built.stderr
    assert f"slidegen import {pres}" in built.stderr


def test_files_that_are_no_presentation_get_a_message(tmp_path):
    docx = tmp_path / "letter.pptx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
    ppt = tmp_path / "old.pptx"
    ppt.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    for path, what in ((docx, "it is a Word document"), (ppt, "PowerPoint 97-2003")):
        (report,) = check_paths([path])
        (f,) = report.findings
        assert f.code == "PPTX-UNREADABLE" and what in f.message
        with pytest.raises(SlidegenError, match=what):
            import_pptx(path, tmp_path / "imp")
        result = run_cli("diff", str(path), str(path))
        assert result.exit_code == 1 and what in result.stderr


# ---- decks of no, one and hidden slides -------------------------------------------------------
def test_a_deck_without_slides_is_an_error_at_the_pptx(tmp_path):
    src = tmp_path / "empty.pptx"
    Presentation().save(str(src))
    with pytest.raises(SlidegenError) as exc:
        import_pptx(src, tmp_path / "imp")
    assert str(exc.value) == (f"{src}: error: '{src}' has no slides: there is nothing to import")
    assert not (tmp_path / "imp").exists()
    assert run_cli("import", str(src), "--out", str(tmp_path / "imp")).exit_code == 1
    (report,) = check_paths([src])
    assert report.slides == 0 and not report.failed()


def test_a_title_only_deck_keeps_its_title_slide_and_notes(tmp_path):
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "Annual review"
    s.placeholders[1].text = "Board meeting\nMarch 2026"  # two paragraphs
    s.notes_slide.notes_text_frame.text = "Welcome everyone."
    src = tmp_path / "one.pptx"
    prs.save(str(src))
    tree, warnings, built = import_and_build(src, tmp_path)
    assert tree["deck"]["title"] == "Annual review"
    assert tree["deck"]["subtitle"] == "Board meeting\nMarch 2026"
    assert tree["deck"]["title_slide"] is False
    (slide,) = all_slides(tree)
    assert slide == {"id": "title", "layout": "title", "notes": "Welcome everyone.\n"}
    assert warnings == []
    rebuilt = Presentation(str(built.output))
    assert len(rebuilt.slides) == 1
    assert rebuilt.slides[0].notes_slide.notes_text_frame.text == "Welcome everyone."
    assert not diff_paths(src, built.output).changed


def test_a_title_layout_slide_holding_a_table_is_a_content_slide(tmp_path):
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "Results"
    table = s.shapes.add_table(2, 2, Inches(1), Inches(4), Inches(6), Inches(1)).table
    for (r, c), v in {(0, 0): "Team", (0, 1): "Cases", (1, 0): "North", (1, 1): "12"}.items():
        table.cell(r, c).text = v
    src = tmp_path / "first.pptx"
    prs.save(str(src))
    tree, _, built = import_and_build(src, tmp_path)
    (slide,) = all_slides(tree)
    assert (slide["layout"], slide["title"], slide["columns"], slide["rows"]) == (
        "table",
        "Results",
        ["Team", "Cases"],
        [["North", "12"]],
    )
    assert tree["deck"]["title_slide"] is False and built.slides == 1


def test_a_deck_of_hidden_slides_imports_hidden_and_builds(tmp_path):
    src = simple_deck(tmp_path / "hidden.pptx")
    prs = Presentation(str(src))
    for s in prs.slides:
        s._element.set("show", "0")
    prs.save(str(src))
    tree, warnings, built = import_and_build(src, tmp_path)
    assert [s.get("hidden") for s in all_slides(tree)] == [True, True]
    assert any("every slide is hidden" in w for w in warnings)
    assert built.slides == 1  # the generated title slide
    assert any("every slide is hidden" in w.message for w in built.warnings)


# ---- damaged and unplaceable ------------------------------------------------------------------
def test_a_picture_no_deck_can_show_is_a_warning_at_import(tmp_path):
    from helpers.packages import add_blob_part

    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "Only a PDF"
    pic = s.shapes.add_picture(io.BytesIO(png_bytes()), Inches(1), Inches(2))
    rid = add_blob_part(
        s,
        b"%PDF-1.4\n",
        "/ppt/media/image9.pdf",
        "application/pdf",
        pic.part.rels[pic._element.blipFill.blip.rEmbed].reltype,
    )
    pic._element.blipFill.blip.set(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed", rid
    )
    src = tmp_path / "pdf.pptx"
    prs.save(str(src))
    tree, warnings, built = import_and_build(src, tmp_path)
    assert (
        "slide 1: a PDF picture, which slidegen cannot place ('Picture 2') is not carried over"
        in warnings
    )
    assert built.slides == 1


def test_a_metafile_picture_round_trips_with_its_alt_text(tmp_path):
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "Process"
    metafile_picture(s, "wmf", "The referral process in five steps")
    src = tmp_path / "wmf.pptx"
    prs.save(str(src))
    tree, warnings, built = import_and_build(src, tmp_path)
    assert warnings == []
    assert not diff_paths(src, built.output).changed


def test_damaged_parts_are_warnings_not_crashes(tmp_path):
    src = simple_deck(tmp_path / "good.pptx", ("One", "Two", "Three"))
    prs = Presentation(str(src))
    pic = prs.slides[0].shapes.add_picture(io.BytesIO(png_bytes()), Inches(1), Inches(5))
    pic._element.blipFill.blip.set(
        "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed", "rId404"
    )
    prs.save(str(src))

    def drop_slide_two(name, data):
        return None if name == "ppt/slides/slide2.xml" else data

    damaged = rewrite(src, tmp_path / "damaged.pptx", drop_slide_two)
    for path in (src, damaged):
        (report,) = check_paths([path])
        diags = Diagnostics()
        try:
            result = import_pptx(path, tmp_path / path.stem, diags)
        except SlidegenError as exc:  # python-pptx cannot open a package missing a part
            assert "could not be read as a presentation" in str(exc)
            assert report.codes() == ["PPTX-UNREADABLE"]
            continue
        build(result.deck, BuildOptions(output=tmp_path / f"{path.stem}-b.pptx"))
        assert any("picture whose image is missing" in d.message for d in diags.warnings)


def test_plain_text_that_looks_like_markup_stays_plain(tmp_path):
    """Alt text, chart labels, the document title and section names are plain text in the
    file: `{{ }}`, `[@...]`, `*` in them are escaped, so the build neither fails on an unknown
    placeholder or citation nor turns them into formatting."""
    from helpers.packages import chart

    prs = Presentation()
    prs.core_properties.title = "Costs *2026* [@draft]"
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "Spend"
    frame = chart(s, series=(("{{budget}}", (1, 2, 3)),))
    frame._element.nvGraphicFramePr.cNvPr.set("descr", "Spend by {{region}} [@x]")
    for pt in frame.chart.part._element.iter(
        "{http://schemas.openxmlformats.org/drawingml/2006/chart}v"
    ):
        if pt.text == "North":
            pt.text = "{{north}}"
    s2 = prs.slides.add_slide(prs.slide_layouts[5])
    s2.shapes.title.text = "Team"
    pic = s2.shapes.add_picture(io.BytesIO(png_bytes()), Inches(1), Inches(2))
    pic._element.nvPicPr.cNvPr.set("descr", "The *whole* team at {{place}}")
    src = tmp_path / "markup.pptx"
    prs.save(str(src))
    tree, _, built = import_and_build(src, tmp_path)
    from slidegen.importer.read import read_pptx

    assert tree["deck"]["title"] == r"Costs \*2026\* \[@draft]"
    slides = read_pptx(built.output).slides
    chart_block = next(b for b in slides[0].blocks if b.kind == "chart")
    assert chart_block.alt == "Spend by {{region}} [@x]"
    assert chart_block.chart["categories"][0] == "{{north}}"
    assert chart_block.chart["series"][0]["name"] == "{{budget}}"
    picture = next(b for b in slides[1].blocks if b.kind == "picture")
    assert picture.alt == "The *whole* team at {{place}}"


def test_a_shape_filled_with_a_picture_is_a_picture(tmp_path):
    """An equation's picture (the fallback Office writes for a math object) or a photo cropped
    to a shape is a p:sp whose fill is a picture: imported as the picture."""
    from lxml import etree
    from pptx.enum.shapes import MSO_SHAPE

    from helpers.packages import A, add_image_part

    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[5])
    s.shapes.title.text = "Equation"
    shape = s.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2), Inches(4), Inches(1))
    shape._element.nvSpPr.cNvPr.set("descr", "E equals m c squared")
    rid = add_image_part(s, png_bytes((10, 10, 10)), "png", "image/png")
    sp_pr = shape._element.spPr
    fill = etree.SubElement(sp_pr, f"{A}blipFill")
    sp_pr.remove(fill)
    sp_pr.insert(2, fill)  # after xfrm and geometry, where a fill goes
    blip = etree.SubElement(fill, f"{A}blip")
    blip.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}embed", rid)
    etree.SubElement(etree.SubElement(fill, f"{A}stretch"), f"{A}fillRect")
    src = tmp_path / "eq.pptx"
    prs.save(str(src))
    tree, warnings, built = import_and_build(src, tmp_path)
    (slide,) = all_slides(tree)
    assert (slide["layout"], slide["alt"]) == ("image", "E equals m c squared")
    assert warnings == []


def test_an_invalid_import_is_reported_at_the_pptx_not_at_an_unwritten_file(tmp_path):
    """Should the importer ever produce a deck the format refuses (a bug), the error points at
    the .pptx (the deck file was never written), with the line it would have had."""
    from slidegen.importer import _dump_checked
    from slidegen.importer.yamlout import dump
    from slidegen.load import parse_yaml
    from slidegen.schema.validate import validate_deck

    src = tmp_path / "talk.pptx"
    with pytest.raises(SlidegenError) as exc:
        _dump_checked(
            {"deck": {"title": "T"}, "sections": []},
            "",
            str(tmp_path / "talk.yaml"),
            parse_yaml,
            validate_deck,
            dump,
            src,
        )
    (d,) = exc.value.diagnostics
    assert d.pos.file == str(src) and d.pos.line == 0
    assert d.message.startswith("import produced an invalid deck (line 4 of the deck it would")
    assert "'sections': must not be empty" in d.message
    assert not (tmp_path / "talk.yaml").exists()


def test_a_slide_the_importer_cannot_handle_is_a_warning(tmp_path, monkeypatch):
    """Should one slide trip the importer, it is left out with a warning naming it; the
    others still come across and the deck builds."""
    from slidegen.importer.interpret import Interpreter

    original = Interpreter._slide

    def failing(self, s, *args):
        if s.number == 2:
            raise KeyError("something unforeseen")
        return original(self, s, *args)

    monkeypatch.setattr(Interpreter, "_slide", failing)
    src = simple_deck(tmp_path / "three.pptx", ("One", "Two", "Three"))
    tree, warnings, built = import_and_build(src, tmp_path)
    assert [s["title"] for s in all_slides(tree)] == ["One", "Three"]
    assert warnings == [
        "slide 2: the slide could not be imported (KeyError: 'something unforeseen');"
        " it is not carried over"
    ]


def test_a_picture_on_the_title_slide_is_decoration(tmp_path):
    prs = Presentation()
    s = prs.slides.add_slide(prs.slide_layouts[0])
    s.shapes.title.text = "Annual review"
    s.placeholders[1].text = "2026"
    s.shapes.add_picture(io.BytesIO(png_bytes()), Inches(8), Inches(6))
    c = prs.slides.add_slide(prs.slide_layouts[1])
    c.shapes.title.text = "Next"
    c.placeholders[1].text = "Points"
    src = tmp_path / "logo.pptx"
    prs.save(str(src))
    tree, warnings, _ = import_and_build(src, tmp_path)
    assert (tree["deck"]["title"], tree["deck"]["subtitle"]) == ("Annual review", "2026")
    assert [s["title"] for s in all_slides(tree)] == ["Next"]
    assert warnings == [
        "slide 1: picture 'Picture 3' on the title slide is not carried over (a logo or"
        " background picture belongs in the theme)"
    ]
