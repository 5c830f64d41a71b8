"""slidegen import: .pptx files made by python-pptx, PowerPoint-like structures and our builds.

The round trip (build -> import -> build) is compared slide by slide: titles, every text
paragraph, tables, chart data, pictures and speaker notes.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt

from slidegen.build import BuildOptions, build
from slidegen.cli import main
from slidegen.errors import Diagnostics, SlidegenError
from slidegen.importer import import_pptx
from slidegen.importer.markup import to_markup
from slidegen.importer.read import read_pptx
from slidegen.load import parse_yaml
from slidegen.resolve.inline import parse_inline
from slidegen.schema.validate import validate_deck
from slidegen.text import Run, Text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
SEED_THEME = ROOT / "themes" / "parent-infant"
SMALL = ROOT / "tests" / "fixtures" / "import" / "small.yaml"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
PML = "http://schemas.openxmlformats.org/presentationml/2006/main"


# ---- helpers ---
def slide_views(path: Path) -> list[dict]:
    """What a viewer sees on each slide: title, text paragraphs, tables, charts, pictures, notes."""
    out = []
    for s in read_pptx(path).slides:
        view = {"title": s.title.plain, "text": [], "tables": [], "charts": [], "pictures": []}
        for b in s.blocks:
            if b.kind == "text":
                view["text"] += [(p.level, p.text.plain) for p in b.paras if p.text.plain.strip()]
            elif b.kind == "table":
                view["tables"].append([[c.plain for c in row] for row in b.rows])
            elif b.kind == "chart":
                view["charts"].append(
                    (b.chart["categories"], [(x["name"], x["values"]) for x in b.chart["series"]])
                )
            elif b.kind == "picture":
                view["pictures"].append((b.sha, b.alt))
        view["notes"] = [n.plain for n in s.notes]
        view["hidden"] = s.hidden
        out.append(view)
    return out


def assert_same_slides(a: Path, b: Path) -> None:
    va, vb = slide_views(a), slide_views(b)
    assert len(va) == len(vb), f"{len(va)} slides became {len(vb)}"
    for n, (x, y) in enumerate(zip(va, vb, strict=True), 1):
        assert x == y, f"slide {n} differs:\n{x}\n{y}"


def load_tree(text: str, name: str = "deck.yaml") -> dict:
    tree = parse_yaml(text, name)
    validate_deck(tree, name)
    return yaml.safe_load(text)


def all_slides(tree: dict) -> list[dict]:
    out = []

    def walk(secs):
        for sec in secs:
            out.extend(sec.get("slides", []))
            walk(sec.get("sections", []))

    walk(tree["sections"])
    return out


def png_bytes(colour=(200, 30, 30)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(buf, "PNG")
    return buf.getvalue()


def add_p14_sections(prs, sections: list[tuple[str, list[int]]]) -> None:
    """PowerPoint 2010+ sections (p14:sectionLst), as PowerPoint writes them."""
    root = prs.part._element
    ids = [int(e.get("id")) for e in root.find(f"{{{PML}}}sldIdLst")]
    ext_lst = root.find(f"{{{PML}}}extLst")
    if ext_lst is None:
        ext_lst = etree.SubElement(root, f"{{{PML}}}extLst")
    ext = etree.SubElement(ext_lst, f"{{{PML}}}ext", uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
    lst = etree.SubElement(ext, f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for i, (name, numbers) in enumerate(sections):
        sec = etree.SubElement(
            lst, f"{{{P14}}}section", name=name, id=f"{{00000000-0000-0000-0000-00000000000{i}}}"
        )
        sld = etree.SubElement(sec, f"{{{P14}}}sldIdLst")
        for n in numbers:
            etree.SubElement(sld, f"{{{P14}}}sldId", id=str(ids[n - 1]))


def powerpoint_like(path: Path) -> Path:
    """A deck made the way PowerPoint files are: layouts' placeholders with inherited styles,
    a group shape, a table, a chart, pictures, a drawn shape, p14 sections, a hidden slide."""
    prs = Presentation()
    L = prs.slide_layouts
    s = prs.slides.add_slide(L[0])  # 1 title
    s.shapes.title.text = "Local Evidence Review"
    s.placeholders[1].text = "A talk for partners"

    s = prs.slides.add_slide(L[2])  # 2 section header
    s.shapes.title.text = "Background"
    s.placeholders[1].text = "Why it matters"

    s = prs.slides.add_slide(L[1])  # 3 bullets with levels, formatting, a link, notes
    s.shapes.title.text = "What we know"
    tf = s.placeholders[1].text_frame
    p = tf.paragraphs[0]
    r = p.add_run()
    r.text = "Most "
    r = p.add_run()
    r.text = "families"
    r.font.bold = True
    r = p.add_run()
    r.text = " benefit, see "
    r = p.add_run()
    r.text = "the review"
    r.hyperlink.address = "https://example.org/review"
    p = tf.add_paragraph()
    p.text = "Cost 5 * 3 [approx] {per year}"
    p.level = 1
    p = tf.add_paragraph()
    r = p.add_run()
    r.text = "deeper"
    r.font.italic = True
    p.level = 2
    s.notes_slide.notes_text_frame.text = "Say this first."
    s.notes_slide.notes_text_frame.add_paragraph().text = "Then this."

    s = prs.slides.add_slide(L[5])  # 4 title only + a group of text boxes + a drawn shape
    s.shapes.title.text = "Grouped points"
    grp = s.shapes.add_group_shape()
    for i, t in enumerate(["First grouped point", "Second grouped point"]):
        box = grp.shapes.add_textbox(Inches(1), Inches(2 + i), Inches(6), Inches(0.8))
        box.text_frame.text = t
    s.shapes.add_shape(MSO_SHAPE.OVAL, Inches(8), Inches(5), Inches(1), Inches(1))

    s = prs.slides.add_slide(L[5])  # 5 table
    s.shapes.title.text = "Teams"
    tbl = s.shapes.add_table(3, 2, Inches(1), Inches(2), Inches(6), Inches(2)).table
    for r_i, row in enumerate([["Region", "Teams"], ["North", "3"], ["South", "4"]]):
        for c_i, val in enumerate(row):
            tbl.cell(r_i, c_i).text = val

    s = prs.slides.add_slide(L[5])  # 6 chart
    s.shapes.title.text = "Share by region"
    cd = CategoryChartData()
    cd.categories = ["North", "South"]
    cd.add_series("2023", (40, 50))
    cd.add_series("2024", (45, 55.5))
    s.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, Inches(1), Inches(2), Inches(6), Inches(4), cd)

    s = prs.slides.add_slide(L[5])  # 7 picture with alt text
    s.shapes.title.text = "Our team"
    pic = s.shapes.add_picture(io.BytesIO(png_bytes()), Inches(1), Inches(2))
    pic._element.nvPicPr.cNvPr.set("descr", "A red rectangle standing for the team")

    s = prs.slides.add_slide(L[5])  # 8 picture without alt text
    s.shapes.title.text = "Another picture"
    s.shapes.add_picture(io.BytesIO(png_bytes((0, 90, 200))), Inches(1), Inches(2))

    s = prs.slides.add_slide(L[5])  # 9 a big figure with its label
    s.shapes.title.text = "Headline"
    b = s.shapes.add_textbox(Inches(1), Inches(2), Inches(4), Inches(2))
    b.text_frame.text = "74%"
    b.text_frame.paragraphs[0].runs[0].font.size = Pt(80)
    s.shapes.add_textbox(
        Inches(1), Inches(4), Inches(6), Inches(1)
    ).text_frame.text = "of studies showed an improvement"

    s = prs.slides.add_slide(L[5])  # 10 a quotation with its attribution
    s.shapes.title.text = "In their words"
    b = s.shapes.add_textbox(Inches(1), Inches(2), Inches(8), Inches(2))
    b.text_frame.text = "\u201cIt changed how we work\u201d"
    b.text_frame.add_paragraph().text = "\u2014 A team lead"

    s = prs.slides.add_slide(L[1])  # 11 one sentence, hidden
    s.shapes.title.text = "The message"
    s.placeholders[1].text = "Relationships matter for every baby."
    s._element.set("show", "0")

    add_p14_sections(
        prs, [("Opening", [1]), ("Evidence", [2, 3, 4, 5, 6, 7, 8]), ("Voices", [9, 10, 11])]
    )
    prs.save(str(path))
    return path


# ---- files made by python-pptx, PowerPoint-like structures ---
@pytest.fixture
def imported(tmp_path):
    src = powerpoint_like(tmp_path / "Local Review.pptx")
    diags = Diagnostics()
    result = import_pptx(src, tmp_path / "out", diags)
    return result, load_tree(result.text), diags, tmp_path


def test_powerpoint_like_metadata_and_sections(imported):
    result, tree, diags, _ = imported
    assert result.deck.name == "local-review.yaml"
    assert tree["deck"]["title"] == "Local Evidence Review"
    assert tree["deck"]["subtitle"] == "A talk for partners"
    # p14 sections; a section-header slide opening one becomes its divider
    assert [s["title"] for s in tree["sections"]] == ["Background", "Voices"]
    assert tree["sections"][0]["subtitle"] == "Why it matters"
    assert tree["sections"][1]["divider"] is False
    assert len(all_slides(tree)) == 9


def test_powerpoint_like_bullets_markup_and_notes(imported):
    _, tree, _, _ = imported
    slide = next(s for s in all_slides(tree) if s.get("title") == "What we know")
    assert slide["bullets"] == [
        {
            "text": "Most **families** benefit, see [the review](https://example.org/review)",
            "bullets": [
                {"text": r"Cost 5 \* 3 \[approx] \{per year}", "bullets": ["*deeper*"]},
            ],
        }
    ]
    assert slide["notes"] == "Say this first.\n\nThen this.\n"


def test_powerpoint_like_group_table_chart_pictures(imported):
    result, tree, diags, tmp_path = imported
    slides = {s.get("title"): s for s in all_slides(tree)}
    assert slides["Grouped points"]["bullets"] == ["First grouped point", "Second grouped point"]
    assert slides["Teams"]["layout"] == "table"
    assert slides["Teams"]["columns"] == ["Region", "Teams"]
    assert slides["Teams"]["rows"] == [["North", "3"], ["South", "4"]]
    chart = slides["Share by region"]["chart"]
    assert chart["type"] == "bar"
    assert chart["categories"] == ["North", "South"]
    assert chart["series"] == [
        {"name": "2023", "values": [40, 50]},
        {"name": "2024", "values": [45, 55.5]},
    ]
    pic = slides["Our team"]
    assert pic["layout"] == "image" and pic["alt"] == "A red rectangle standing for the team"
    written = tmp_path / "out" / pic["image"]
    assert written.read_bytes() == png_bytes()
    assert slides["Another picture"]["decorative"] is True
    messages = [d.message for d in diags.warnings]
    assert any(m.startswith("slide 8: ") and "no alt text" in m for m in messages), messages
    assert any(m.startswith("slide 4: a drawn shape") for m in messages), messages


def test_powerpoint_like_layouts_from_content(imported):
    _, tree, _, _ = imported
    slides = {s.get("title"): s for s in all_slides(tree)}
    assert slides["Headline"]["layout"] == "stat"
    assert (slides["Headline"]["value"], slides["Headline"]["label"]) == (
        "74%",
        "of studies showed an improvement",
    )
    quote = slides["In their words"]
    assert (quote["layout"], quote["text"], quote["attribution"]) == (
        "quote",
        "It changed how we work",
        "A team lead",
    )
    stmt = slides["The message"]
    assert (stmt["layout"], stmt["text"], stmt["hidden"]) == (
        "statement",
        "Relationships matter for every baby.",
        True,
    )


def test_powerpoint_like_import_builds(imported):
    result, tree, _, tmp_path = imported
    out = build(result.deck, BuildOptions(out_dir=tmp_path / "b"))
    views = slide_views(out.output)
    titles = [v["title"] for v in views]
    for t in ("What we know", "Teams", "Share by region", "Our team", "Headline"):
        assert t in titles
    bullets = next(v for v in views if v["title"] == "What we know")
    assert (0, "Most families benefit, see the review") in bullets["text"]
    assert (1, "Cost 5 * 3 [approx] {per year}") in bullets["text"]


def test_markup_round_trips_through_the_inline_parser():
    text = Text(
        (
            Run("a *star* [x] {{ y }} back\\slash "),
            Run("bold ", bold=True),
            Run("both", bold=True, italic=True),
            Run(" and "),
            Run("link [1]", url="https://example.org/a"),
        )
    )
    markup = to_markup(text)
    parsed = parse_inline(markup, None, None)
    assert "".join(r.text for r in parsed.segments) == text.plain
    assert [r for r in parsed.segments if r.bold] == [
        Run("bold", bold=True),
        Run("both", bold=True, italic=True),
    ]
    assert parsed.segments[-1] == Run("link [1]", url="https://example.org/a")


def test_not_a_pptx_is_a_located_error(tmp_path):
    bad = tmp_path / "notes.pptx"
    bad.write_text("hello")
    with pytest.raises(SlidegenError) as exc:
        import_pptx(bad, tmp_path)
    assert str(exc.value) == (
        f"{bad}: error: '{bad}' is not a PowerPoint file: it holds text, not a package"
    )
    result = CliRunner().invoke(main, ["import", str(bad), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "is not a PowerPoint file" in result.output


def test_cli_import_refuses_to_overwrite(tmp_path):
    src = powerpoint_like(tmp_path / "talk.pptx")
    runner = CliRunner()
    first = runner.invoke(main, ["import", str(src), "--out", str(tmp_path / "o")])
    assert first.exit_code == 0, first.output
    assert "11 slides imported, 2 pictures" in first.output
    assert (tmp_path / "o" / "talk.yaml").is_file()
    again = runner.invoke(main, ["import", str(src), "--out", str(tmp_path / "o")])
    assert again.exit_code == 1 and "already exists" in again.output
    forced = runner.invoke(main, ["import", str(src), "--out", str(tmp_path / "o"), "--force"])
    assert forced.exit_code == 0


# ---- our own builds: the round trip ---
def test_small_deck_round_trip(tmp_path):
    first = build(SMALL, BuildOptions(out_dir=tmp_path / "a"))
    diags = Diagnostics()
    result = import_pptx(first.output, tmp_path / "imp", diags)
    tree = load_tree(result.text)
    assert tree["deck"]["agenda"] == "Plan for today"
    assert tree["deck"]["presenter"] == {
        "name": "Ada Lovelace",
        "role": "Analyst",
        "email": "ada@example.org",
    }
    assert str(tree["deck"]["date"]) == "2026-01-15"
    assert [s["id"] for s in tree["sections"]] == ["findings", "details"]
    ids = [s["id"] for s in all_slides(tree)]
    assert ids == [
        "overview",
        "headline",
        "quote",
        "statement",
        "table",
        "chart",
        "compare",
        "closing",
    ]
    layouts = [s.get("layout", "bullets") for s in all_slides(tree)]
    assert layouts == [
        "bullets",
        "stat",
        "quote",
        "statement",
        "table",
        "chart",
        "two-column",
        "closing",
    ]
    compare = all_slides(tree)[6]
    assert compare["left"] == {"heading": "Before", "bullets": ["Long waits", "Few *local* teams"]}
    assert compare["right"] == {"heading": "After", "text": "Shorter waits in every region."}
    overview = all_slides(tree)[0]
    assert overview["notes"].startswith("Start here. The survey [@doe2020] covered 7 teams.")
    assert set(tree["references"]) == {"doe2020", "poe2021"}
    assert not [d for d in diags.warnings if "could not be read back" in d.message]
    second = build(result.deck, BuildOptions(out_dir=tmp_path / "b"))
    assert_same_slides(first.output, second.output)


def test_seed_deck_round_trip(tmp_path):
    """The seed talk: build, import, build again; every slide reads the same."""
    first = build(SEED, BuildOptions(out_dir=tmp_path / "a"))
    diags = Diagnostics()
    result = import_pptx(first.output, tmp_path / "imp", diags)
    tree = load_tree(result.text)
    assert tree["deck"]["title"] == "The Impact of Specialist Parent-Infant Relationship Teams"
    assert tree["deck"]["agenda"] == "Plan for today"
    kept = [d.message for d in diags.warnings if "theme" not in d.message]
    assert kept == []
    # generated slides are not imported as content
    ids = [s["id"] for s in all_slides(tree)]
    assert not {"title", "agenda", "references"} & set(ids)
    assert not any(i.endswith("-divider") for i in ids)
    texts = yaml.safe_dump(tree)
    assert "Source:" not in texts
    second = build(result.deck, BuildOptions(out_dir=tmp_path / "b", theme=str(SEED_THEME)))
    assert_same_slides(first.output, second.output)
    # importing the rebuilt file gives the same deck file again
    again = import_pptx(second.output, tmp_path / "imp2", Diagnostics())
    assert again.text == result.text
