"""The designed layouts, asserted on placed slides (no .pptx): statements and quotations as
the hero on the title's edge, stats centred, the closing slide's hierarchy, light subsection
dividers, balanced reference lists, full-width tables, the type scale and the grid from the
theme. Every built-in theme at 16:9 and 4:3."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from slidegen.build import BuildOptions, plan_deck
from slidegen.errors import Diagnostics, SlidegenError
from slidegen.place import builtin_frames, place_deck
from slidegen.place.measure import PACKAGE_FONTS, FontCache
from slidegen.place.model import Fill, RuleShape, SlideFill, TableShape, TextBox
from slidegen.place.rich_layouts import axis_format, category_rotation
from slidegen.plan.theme import SIZES

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
THEMES = ("default", "high-contrast", "print", "parent-infant")
CASES = [(t, s) for t in THEMES for s in SIZES]
IDS = [f"{t}@{s}" for t, s in CASES]
INCH = 914400


@pytest.fixture(scope="module")
def fonts():
    return FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False)


def _theme(tmp: Path, theme: str, size: str, **extra) -> str:
    """A theme folder extending `theme` at `size` (and `extra` keys); its name."""
    folder = tmp / "themes" / f"t-{theme}-{size.replace(':', 'x')}"
    folder.mkdir(parents=True, exist_ok=True)
    base = theme if theme != "parent-infant" else str(ROOT / "themes" / "parent-infant")
    body = {"name": folder.name, "extends": base, "size": size, **extra}
    (folder / "theme.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    return str(folder)


@pytest.fixture(scope="module", params=CASES, ids=IDS)
def seed(request, tmp_path_factory, fonts):
    """The seed deck placed on one theme and size: (plan, placed slides, frames)."""
    theme, size = request.param
    folder = _theme(tmp_path_factory.mktemp("design"), theme, size)
    plan = plan_deck(SEED, BuildOptions(theme=folder), Diagnostics())
    frames = builtin_frames(*plan.theme.slide_size, plan.theme)
    return plan, place_deck(plan, frames, fonts), frames


def _by_id(placed, slide_id):
    return next(p for p in placed if p.planned.id == slide_id)


def _shapes(placed_slide, kind, name=None):
    shapes = [s for s in placed_slide.shapes if isinstance(s, kind)]
    return [s for s in shapes if name is None or s.name == name]


def test_a_statement_is_the_hero_on_the_titles_edge(seed):
    plan, placed, frames = seed
    geo = frames.geometry
    slide = _by_id(placed, "relationships-context")
    [text] = _shapes(slide, TextBox, "Statement")
    [rule] = _shapes(slide, RuleShape)
    body = geo.body_box
    assert text.box[0] == body[0]  # the title's left edge, not indented
    assert text.size > plan.theme.sizes["heading"]  # larger than the slide titles
    assert rule.box[1] + rule.box[3] < text.box[1]  # the accent rule above the text
    # the block starts at one height on every statement slide: the rule does not jump
    assert rule.box[1] == body[1] + 2 * geo.space
    for other in (p for p in placed if p.planned.layout == "statement"):
        [r] = _shapes(other, RuleShape)
        assert body[1] <= r.box[1] <= body[1] + 2 * geo.space, other.planned.id
    # its title (the section's name, not its own) is a small label
    [title] = [s for s in slide.shapes if isinstance(s, Fill) and s.idx == 0]
    assert slide.planned.inherited_title
    assert title.paragraphs[0].size < plan.theme.sizes["heading"]
    assert title.paragraphs[0].color == "muted"


def test_a_quotation_has_its_bar_and_its_attribution_under_it(seed):
    _, placed, _ = seed
    slide = _by_id(placed, "dartington-quote")
    [quote] = _shapes(slide, TextBox, "Quote")
    [attribution] = _shapes(slide, TextBox, "Attribution")
    [bar] = _shapes(slide, RuleShape)
    assert quote.italic and quote.paragraphs[0].plain.startswith("\u201c")
    assert attribution.box[0] == quote.box[0]  # on the quotation's edge, not far right
    assert attribution.box[1] >= quote.box[1] + quote.box[3]  # under it
    assert attribution.align == "l"
    assert bar.box[2] < bar.box[3]  # an upright bar beside both
    assert bar.box[0] + bar.box[2] < quote.box[0]
    assert bar.box[1] <= quote.box[1]
    assert bar.box[1] + bar.box[3] >= attribution.box[1] + attribution.box[3] - 1


@pytest.mark.parametrize("slide_id", ["interactions", "pimhap-care-ratio"])
def test_stats_are_centred_with_the_figure_as_the_hero(seed, slide_id):
    plan, placed, frames = seed
    slide = _by_id(placed, slide_id)
    figures = [s for s in slide.shapes if isinstance(s, TextBox) and s.name.startswith("Figure")]
    labels = [s for s in slide.shapes if isinstance(s, TextBox) and s.name.startswith("Label")]
    left = min(f.box[0] for f in figures)
    right = max(f.box[0] + f.box[2] for f in figures)
    x, _, w, _ = frames.geometry.body_box
    assert abs((left + right) // 2 - (x + w // 2)) <= 1  # the group is centred
    assert all(
        f.align == "ctr" and lb.align == "ctr" for f, lb in zip(figures, labels, strict=True)
    )
    assert all(
        f.size > 2 * lb.size for f, lb in zip(figures, labels, strict=True)
    )  # the figure leads
    if len(figures) == 1:
        assert figures[0].size == pytest.approx(plan.theme.sizes["figure"], abs=20)
    for f, lb in zip(figures, labels, strict=True):
        assert lb.box[1] == f.box[1] + f.box[3]  # right under its figure


def test_the_closing_slide_has_hierarchy(seed):
    plan, placed, _ = seed
    slide = next(p for p in placed if p.planned.layout == "closing")
    [body] = [s for s in slide.shapes if isinstance(s, Fill) and s.idx == 1]
    question, name, *rest = body.paragraphs
    assert question.color == "primary" and name.bold
    assert question.size > name.size
    assert name.space_before  # a gap between the question and the contact details
    assert all(p.color == "muted" for p in rest)
    email = next(p for p in rest if "@" in p.text.plain)
    assert email.text.runs[0].url == "mailto:" + email.text.plain


def test_subsections_get_light_dividers_and_two_dark_ones_never_follow(seed):
    _, placed, _ = seed
    dividers = [p for p in placed if p.planned.layout == "section"]
    assert {p.layout for p in dividers} == {"section", "title_only"}
    for p in dividers:
        depth = p.planned.content.depth
        assert p.layout == ("section" if depth == 1 else "title_only"), p.planned.id
        assert _shapes(p, RuleShape), p.planned.id  # the accent rule over the title
    dark = [p.layout == "section" for p in placed]
    assert not any(a and b for a, b in zip(dark, dark[1:], strict=False))


def test_reference_lists_are_balanced(seed):
    _, placed, _ = seed
    parts = [p for p in placed if p.planned.layout == "references"]
    counts = [
        len(s.paragraphs) for p in parts for s in p.shapes if isinstance(s, Fill) and s.idx == 1
    ]
    assert sum(counts) == 6
    assert max(counts) - min(counts) <= 2, counts  # no nearly empty last slide


def test_tables_take_the_content_width(tmp_path, fonts):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "deck: {title: T, title_slide: false}\n"
        "sections:\n  - id: s\n    title: S\n    divider: false\n    slides:\n"
        "      - {id: t, layout: table, title: Two short columns, columns: [A, B],"
        " rows: [[x, 1], [y, 2]], caption: Short}\n",
        encoding="utf-8",
    )
    plan = plan_deck(deck, BuildOptions(), Diagnostics())
    [slide] = place_deck(plan, fonts=fonts)
    [table] = _shapes(slide, TableShape)
    [caption] = _shapes(slide, TextBox, "Caption")
    body = builtin_frames(*plan.theme.slide_size).geometry.body_box
    assert sum(table.widths) == body[2] and table.left == body[0]
    assert caption.box[0] == table.left and caption.align == "l"


def test_the_type_scale_and_grid_come_from_the_theme(tmp_path, fonts):
    folder = _theme(
        tmp_path,
        "default",
        "16:9",
        sizes={"statement": 30, "figure": 60},
        grid={"margin": "1in", "gutter": "0.5in", "space": "0.25in"},
    )
    plan = plan_deck(SEED, BuildOptions(theme=folder), Diagnostics())
    assert plan.theme.grid == {"margin": INCH, "gutter": INCH // 2, "space": INCH // 4}
    frames = builtin_frames(*plan.theme.slide_size, plan.theme)
    assert frames.layouts["content"][0][0] == INCH  # titles on the 1 in margin
    left, right = frames.layouts["two"][1], frames.layouts["two"][2]
    assert right[0] - (left[0] + left[2]) == INCH // 2
    placed = place_deck(plan, frames, fonts)
    statement = _shapes(_by_id(placed, "relationships-context"), TextBox, "Statement")[0]
    assert statement.box[0] == INCH and statement.size <= 30
    figure = _shapes(_by_id(placed, "interactions"), TextBox, "Figure 1")[0]
    assert figure.size == 60


def test_a_bad_grid_length_is_located(tmp_path):
    folder = _theme(tmp_path, "default", "16:9", grid={"margin": "2 furlongs"})
    with pytest.raises(SlidegenError) as exc:
        plan_deck(SEED, BuildOptions(theme=folder), Diagnostics())
    [d] = exc.value.diagnostics
    assert d.pos.file.endswith("theme.yaml") and "unknown unit 'furlongs'" in d.message


def test_chart_axes_and_category_labels(tmp_path, fonts):
    from slidegen.place import PlaceContext, default_registry
    from slidegen.plan import ChartContent, Series

    chart = ChartContent("column", ("A", "B"), (Series("s", (12.5, 74.0)),), unit="%")
    assert axis_format('0.0"%"', chart) == '0"%"'  # no "20.0%" on the axis
    small = ChartContent("column", ("A",), (Series("s", (1.5, 2.0)),))
    assert axis_format("0.0", small) is None  # small values keep their decimals
    plan = plan_deck(SEED, BuildOptions(), Diagnostics())
    ctx = PlaceContext(
        plan, builtin_frames(*SIZES["4:3"]), fonts, Diagnostics(), default_registry()
    )
    long = ChartContent(
        "column",
        tuple(f"Caregiver-reported wellbeing {i}" for i in range(6)),
        (Series("s", (1, 2, 3, 4, 5, 6)),),
    )
    assert category_rotation(ctx, long, 8 * INCH, 18) == -45
    short = ChartContent("column", ("North", "South"), (Series("s", (1, 2)),))
    assert category_rotation(ctx, short, 8 * INCH, 18) == 0
    bars = ChartContent("bar", long.categories, long.series)
    assert category_rotation(ctx, bars, 8 * INCH, 18) == 0  # listed down the side


def test_cover_and_divider_titles_carry_the_rule_and_light_covers_stay_on_the_background(seed):
    plan, placed, _ = seed
    cover = placed[0]
    assert cover.planned.layout == "title"
    [rule] = _shapes(cover, RuleShape)
    [title] = [s for s in cover.shapes if isinstance(s, Fill) and s.idx == 0]
    assert rule.box[1] + rule.box[3] <= title.box[1]  # just above the title's first line
    assert title.box[1] - (rule.box[1] + rule.box[3]) <= 0.3 * INCH
    [presenter] = _shapes(cover, TextBox, "Presenter")
    light = plan.theme.covers == "light"
    assert presenter.color == ("text" if light else "background")
    tinted = [s for p in placed for s in p.shapes if isinstance(s, SlideFill)]
    dark_background = plan.theme.colors["background"] in ("#0B0B0B",)
    assert bool(tinted) != dark_background  # a pale tint only where the background is light


def test_built_in_covers_follow_the_theme(tmp_path):
    from helpers.packages import presentation_of
    from slidegen.render.template import build_base
    from slidegen.schema.theme import load_theme

    for name, background in (("default", "tx2"), ("print", "bg1"), ("high-contrast", "bg1")):
        theme = load_theme(name, ROOT, None)
        prs = presentation_of(build_base(theme, None, "en-GB"))
        layout = next(lay for lay in prs.slide_layouts if lay.name == "Section Header")
        fill = layout._element.find(".//{*}bg/{*}bgPr/{*}solidFill/{*}schemeClr")
        assert fill.get("val") == background, name


def test_hero_text_is_set_in_lines_of_even_length(fonts):
    from slidegen.place.fit import balanced_width
    from slidegen.place.measure import Para
    from slidegen.text import Text

    measurer = fonts.measurer("Liberation Sans")
    text = Text.of(
        "The quality of the parent-infant relationship has a significant impact on outcomes."
    )
    paras = [Para(text, 36)]
    wide = 10 * INCH
    lines = measurer.layout(paras, wide).lines[0]
    narrow = balanced_width(measurer, paras, wide)
    even = measurer.layout(paras, narrow).lines[0]
    assert len(even) == len(lines) == 2 and narrow < wide
    assert min(len(x) for x in even) > 0.6 * max(len(x) for x in even)  # no lone last word
    assert balanced_width(measurer, [Para(Text.of("Short"), 36)], wide) == wide


def test_a_bottom_logo_sits_on_the_footer_line():
    from slidegen.place.furniture import LogoImage, footer_box, logo_boxes
    from slidegen.place.geometry import Geometry

    geo = Geometry(*SIZES["16:9"])
    logo = LogoImage(b"", 400, 200, int(0.47 * INCH), "bottom-right")
    [(x, y, w, h)] = logo_boxes(geo, [logo])
    _, fy, _, fh = footer_box(geo, [logo])
    assert abs((y + h // 2) - (fy + fh // 2)) < 0.1 * INCH  # centred on the footer's line
    assert y + h <= geo.height - 0.15 * INCH and x + w == geo.width - geo.margin


def test_the_footer_stays_on_one_line(fonts):
    from slidegen.place.furniture import fit_footer

    measurer = fonts.measurer("Liberation Sans")
    text = "The Impact of Specialist Parent-Infant Relationship Teams · 26 November 2026"
    wide = fit_footer(measurer, text, (0, 0, 12 * INCH, INCH // 3), 16)
    assert (wide.text, wide.size) == (text, 16)  # room enough: as written
    narrow = fit_footer(measurer, text, (0, 0, 6 * INCH, INCH // 3), 16)
    assert narrow.size == 14  # at most 2 pt smaller
    title, date = narrow.text.split(" · ")
    assert date == "26 November 2026" and title.endswith("\u2026")  # the long part cut short
    assert measurer.text_width(narrow.text, narrow.size) <= 6 * INCH - 2 * measurer.insets[0]
