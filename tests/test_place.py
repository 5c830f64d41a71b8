"""The placement stage on its own: placed slides asserted on as data (issue 14).

Every layout, on every built-in theme (default, high-contrast, print and the project's
parent-infant) at 16:9 and at 4:3 (a theme in a temporary folder `extends` it with the other
`size:`), placed from the fixture decks, the seed deck, the benchmark deck and
`layouts_deck()` below (every layout with captions, source lines and content long enough to
continue); and, for points 2 and 3, on the test and corporate templates too:

1. `builtin_frames` (what `check` places on) is what python-pptx's base gives `build`;
2. every box of every placed shape lies inside the slide;
3. no two text-bearing boxes of a slide overlap, nor do they run into the footer, slide
   number or logos of the base (KNOWN_OVERLAPS lists the overlaps today's output has, each
   with why; those cases are xfailed, and any other overlap fails);
4. the sizes `check` reports are the sizes `render` writes (the one test that builds a deck
   and reads it back);
5. long lists, tables and reference lists continue onto parts that each fit.

Every placement measures with the bundled Liberation Sans only (as `build` is told to here),
so the figures below are the same on every machine.
"""

from __future__ import annotations

import importlib.util
import io
import re
import shutil
import sys
from itertools import combinations, product
from pathlib import Path

import pytest
from pptx import Presentation

from helpers.packages import read_back_base
from slidegen.build import BuildOptions, build, plan_deck
from slidegen.check.deck import BODY_MIN_PT, check_plan
from slidegen.errors import Diagnostics
from slidegen.place import builtin_frames, default_registry, place_deck
from slidegen.place.context import SOURCE_GAP
from slidegen.place.geometry import Frames, Geometry, inches
from slidegen.place.measure import PACKAGE_FONTS, FontCache, Para
from slidegen.place.model import (
    ChartShape,
    Fill,
    PictureShape,
    StandIn,
    TableShape,
    TextBox,
)
from slidegen.plan.theme import BUILTIN_THEMES, SIZES
from slidegen.render import footer_text, needed_layouts
from slidegen.render.frames import frames_of
from slidegen.render.template import make_base, prepare_logos

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED_TEMPLATES = ROOT.parent / "shared" / "templates"
EMU_PER_INCH = 914400

THEMES = ("default", "high-contrast", "print", "parent-infant")
NATIVE = {"default": "16:9", "high-contrast": "16:9", "print": "4:3", "parent-infant": "16:9"}
THEME_SIZES = [(theme, size) for theme in THEMES for size in SIZES]
THEME_IDS = [f"{theme}@{size}" for theme, size in THEME_SIZES]
DECKS = ("seed", "basic", "rich", "bench", "tailoring-base", "tailoring-audiences", "layouts")


# ---- the decks ---------------------------------------------------------------------------------
def layouts_deck() -> str:
    """Every layout once or more: source lines under everything that takes one, captions, a
    cover title and subtitle that wrap, four figures, and a bullet list, a table and a list of
    30 references each too long for one slide."""
    refs = "".join(
        f"""
  r{r}:
    type: article
    authors: ["Author{r}, A.", "Second, B.", "Third, C."]
    year: {1990 + r}
    title: A study of outcomes for families in the first two years, part {r}
    container: Journal of Infant Mental Health
    url: https://example.org/r{r}"""
        for r in range(30)
    )
    bullets = "".join(
        f"""
          - text: Point {b} says something that takes most of a line on a slide"""
        + (
            f"""
            bullets: [A detail of point {b}, Another detail]"""
            if b % 3 == 0
            else ""
        )
        for b in range(16)
    )
    rows = "".join(
        f"""
          - [Area {r}, {r + 3}, "{r % 50}%", A note on area {r}]"""
        for r in range(30)
    )
    return f"""deck:
  id: layouts
  title: Every layout, with captions, sources and long content
  subtitle: A subtitle long enough to take two lines on the cover of a narrow slide, at least
  presenter: {{name: Ann Example, role: National Clinical Advisor, email: ann@example.org}}
  organisation: Example Foundation
  date: 2026-01-02
  agenda: Plan for today
references:{refs}
sections:
  - id: words
    title: Words
    subtitle: Bullets, statements, quotes and figures
    slides:
      - id: long-list
        title: A list too long for one slide
        cite: [r0, r1, r2]
        notes: Said on the first part only.
        bullets:{bullets}
      - id: short-list
        title: A short list
        cite: [r3]
        bullets: [One, Two]
      - id: statement
        layout: statement
        text: >-
          Earlier support for parents and babies halves the time families wait for help, and
          keeps more of them in the service until it ends.
        attribution: Service evaluation, 2025
        cite: [r4]
      - id: quote
        layout: quote
        text: It changed how we plan the week.
        attribution: A parent
        cite: [r5]
      - id: one-stat
        layout: stat
        value: "74%"
        label: >-
          of the studies showed an improvement in parent-infant interaction, in families of
          every kind and in every region that took part in the review
        cite: [r6, r7]
      - id: four-stats
        layout: stat
        title: Four figures
        stats:
          - {{value: "74%", label: interactions}}
          - {{value: "1:10", label: "practitioners to families, after the change"}}
          - {{value: "1,889", label: parent-infant pairs}}
          - {{value: "22", label: studies}}
        cite: [r8]
      - id: hand-section
        layout: section
        title: A divider placed by hand
        subtitle: With a subtitle
  - id: rich
    title: Pictures, tables and charts
    slides:
      - id: contain
        layout: image
        title: A wide picture, contained
        image: wide.jpg
        alt: A colour gradient
        caption: The whole picture, centred
        cite: [r9]
      - id: cover
        layout: image
        title: A tall picture, covering
        image: tall.png
        alt: An orange circle
        fit: cover
        caption: >-
          A caption long enough to wrap onto a second line under the picture, so that the
          caption box is taller than one line and the picture is pushed up a little more
        cite: [r10]
      - id: panes
        layout: two-column
        title: Two panes
        ratio: 60/40
        left:
          heading: What we found
          bullets:
            - A first point that is long enough to wrap onto a second line in this pane
            - Second point
        right:
          heading: A picture
          image: tall.png
          alt: An orange circle
        cite: [r11]
      - id: text-panes
        layout: two-column
        title: Before and after
        ratio: 30/70
        left: {{heading: Before, text: "One practitioner for **four** families"}}
        right: {{text: "One practitioner for ten families, in every team that took part"}}
      - id: long-table
        layout: table
        title: Teams by area
        columns: [Area, Teams, Share, Note]
        rows:{rows}
        caption: Teams by area, 2025
        cite: [r12]
      - id: chart
        layout: chart
        title: Headline findings
        chart:
          type: column
          categories: [Interactions, Depression, Wellbeing]
          series:
            - {{name: Studies showing an improvement, values: [74, 73, 83]}}
          unit: "%"
        caption: Share of studies showing an improvement
        alt: Column chart of the share of studies showing an improvement
        cite: [r13]
  - id: end
    title: End
    divider: false
    slides:
      - {{id: refs, layout: references, all: true}}
      - {{id: bye, layout: closing, text: Thank you, cite: [r14]}}
"""


LONG = (
    "Families who were offered support in the first weeks after birth were more likely to "
    "stay with the service, to report feeling confident with their baby, and to say that "
    "someone had listened to them. "
)

OVERFLOW_DECK = f"""# Text that does not fit its box even at the theme's minimum size.
deck:
  title: Text that does not fit
  title_slide: false
sections:
  - id: s
    title: Overflowing text
    divider: false
    slides:
      - id: long-statement
        layout: statement
        text: "{LONG * 12}"
      - id: long-label
        layout: stat
        value: "74%"
        label: "{LONG * 6}"
      - id: long-bullet
        title: One bullet longer than a slide
        bullets: ["{LONG * 12}"]
      - id: long-pane
        layout: two-column
        title: A pane too full
        left: {{text: "{LONG * 8}"}}
        right: {{bullets: [One, Two]}}
"""

# A theme that lets placement go below 18 pt: what TEXT-SMALL is about.
SMALL_THEME = """extends: default
sizes: {minimum: 12}
"""


def _bench():
    spec = importlib.util.spec_from_file_location("bench", ROOT / "benchmarks" / "bench.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def fonts():
    return FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False)


@pytest.fixture(scope="module")
def decks(tmp_path_factory) -> dict[str, Path]:
    from test_render_rich import draw_pictures

    folder = tmp_path_factory.mktemp("decks")
    draw_pictures(folder)
    shutil.copy(FIXTURES / "rich" / "rich.yaml", folder / "rich.yaml")
    (folder / "layouts.yaml").write_text(layouts_deck(), encoding="utf-8")
    (folder / "overflow.yaml").write_text(OVERFLOW_DECK, encoding="utf-8")
    return {
        "seed": ROOT / "decks" / "parent-infant-impact.yaml",
        "basic": FIXTURES / "core" / "basic.yaml",
        "rich": folder / "rich.yaml",
        "bench": _bench().write_deck(30, folder / "bench"),
        "tailoring-base": FIXTURES / "tailoring" / "base.yaml",
        "tailoring-audiences": FIXTURES / "tailoring" / "audiences.yaml",
        "layouts": folder / "layouts.yaml",
        "overflow": folder / "overflow.yaml",
    }


@pytest.fixture(scope="module")
def themes(tmp_path_factory) -> dict[tuple[str, str], Path]:
    """(theme, size) -> its folder: the theme itself at its own size, else a theme that
    `extends` it with the other `size:`; ("small", "16:9"): SMALL_THEME."""
    root = tmp_path_factory.mktemp("themes") / "themes"
    root.mkdir()
    # `extends: parent-infant` is looked up in themes/ beside the extending theme's folder
    shutil.copytree(ROOT / "themes" / "parent-infant", root / "parent-infant")
    out = {}
    for theme, size in THEME_SIZES:
        if NATIVE[theme] == size:
            out[theme, size] = root / theme if theme == "parent-infant" else BUILTIN_THEMES / theme
            continue
        folder = root / f"{theme}-{size.replace(':', 'x')}"
        folder.mkdir()
        (folder / "theme.yaml").write_text(f'extends: {theme}\nsize: "{size}"\n', "utf-8")
        out[theme, size] = folder
    (root / "small").mkdir()
    (root / "small" / "theme.yaml").write_text(SMALL_THEME, encoding="utf-8")
    out["small", "16:9"] = root / "small"
    return out


class Placed:
    """A deck planned and placed on a theme: plan, frames, placed slides, placement warnings."""

    def __init__(self, plan, frames, slides, diags):
        self.plan, self.frames, self.slides, self.diags = plan, frames, slides, diags


@pytest.fixture(scope="module")
def placed(decks, themes, fonts):
    """placed(deck, theme, size): the deck placed on slidegen's own frames (memoised)."""
    memo = {}

    def get(deck: str, theme: str, size: str) -> Placed:
        key = deck, theme, size
        if key not in memo:
            diags = Diagnostics()
            plan = plan_deck(decks[deck], BuildOptions(theme=str(themes[theme, size])), diags)
            assert plan.theme.slide_size == SIZES[size], "the theme is not at the size asked"
            frames = builtin_frames(*plan.theme.slide_size)
            memo[key] = Placed(plan, frames, place_deck(plan, frames, fonts, diags), diags)
        return memo[key]

    return get


# ---- boxes -------------------------------------------------------------------------------------
def in_inches(box) -> tuple[float, ...]:
    return tuple(round(v / EMU_PER_INCH, 2) for v in box)


def slide_of(slides, slide_id: str):
    (slide,) = [s for s in slides if s.planned.id == slide_id]
    return slide


def table_box(t: TableShape):
    return (t.left, t.top, sum(t.widths), sum(t.heights))


def kind(name: str) -> str:
    """A shape's name without its number ("Label 2" -> "Label"), for KNOWN_OVERLAPS."""
    return re.sub(r" \d+$", "", name)


def text_boxes(frames, slide) -> list[tuple[str, tuple]]:
    """The text-bearing boxes of a placed slide, named: each filled placeholder by the box it
    ends up with (moved there, its stand-in's, or its frame), text boxes, pictures, the table
    and the chart. Removed placeholders are gone."""
    frame = frames.layouts[slide.layout]
    standins, out = {}, []
    for shape in slide.shapes:
        if isinstance(shape, StandIn):
            standins[shape.idx] = shape.box
        elif isinstance(shape, Fill):
            box = shape.box or standins.get(shape.idx) or frame[shape.idx]
            out.append((f"placeholder[{shape.idx}]", box))
        elif isinstance(shape, (TextBox, PictureShape)):
            out.append((kind(shape.name), shape.box))
        elif isinstance(shape, ChartShape):
            out.append(("Chart", shape.box))
        elif isinstance(shape, TableShape):
            out.append(("Table", table_box(shape)))
    return out


def every_box(frames, slide) -> list[tuple[str, tuple]]:
    """Every box a placed slide sets or writes into: its text-bearing boxes, and the frame of
    every placeholder a Fill writes into (also when the Fill moves it) or a stand-in's box."""
    frame = frames.layouts[slide.layout]
    out = text_boxes(frames, slide)
    for shape in slide.shapes:
        if isinstance(shape, StandIn):
            out.append((f"Stand-in {shape.idx}", shape.box))
        elif isinstance(shape, Fill) and shape.idx in frame:
            out.append((f"Frame {shape.idx}", frame[shape.idx]))
    return out


def outside(box, width: int, height: int) -> bool:
    x, y, w, h = box
    return x < 0 or y < 0 or w < 0 or h < 0 or x + w > width or y + h > height


def intersect(a, b) -> bool:
    """The boxes share an area (touching edges do not count)."""
    across = min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0])
    down = min(a[1] + a[3], b[1] + b[3]) - max(a[1], b[1])
    return across > 0 and down > 0


def overlaps(boxes) -> list[tuple[str, str]]:
    return [(a, b) for (a, ba), (b, bb) in combinations(boxes, 2) if intersect(ba, bb)]


# Overlaps today's output has, each with why it is not fixed here; a case meeting only these
# is xfailed with the reasons, any other overlap fails. (theme or template, slidegen layout,
# shape, the shape it overlaps; "*": any): why.
LOGO = (
    "placement does not know the theme's logos (render prepares them), so the source line and "
    "the title slide's presenter details run the full width, under a bottom-corner logo"
)
KNOWN_OVERLAPS: dict[tuple[str, str, str, str], str] = {
    ("parent-infant", "*", "Source", "Logo"): LOGO,
    ("parent-infant", "references", "Evidence reviewed", "Logo"): LOGO,  # in the source line's box
    ("parent-infant", "title", "Presenter", "Logo"): LOGO,
    ("parent-infant", "title", "Presenter", "Logo Plate"): LOGO,
}


def known(overlap: tuple[str, ...]) -> str | None:
    where, layout, a, b = overlap[:4]
    for key in product((layout, "*"), (a, "*"), (b, "*")):
        if (where, *key) in KNOWN_OVERLAPS:
            return KNOWN_OVERLAPS[(where, *key)]
    return None


def check_overlaps(where: str, found: list[tuple[str, ...]]) -> None:
    """Fail on any overlap not in KNOWN_OVERLAPS; xfail (naming them) when all are known.
    `found`: (theme or template, slidegen layout, shape, shape, slide id) each."""
    unknown = [o for o in found if known(o) is None]
    assert not unknown, f"{where}: boxes overlap:\n" + "\n".join(" ".join(o) for o in unknown)
    if found:
        reasons = sorted({known(o) for o in found})
        slides = sorted({o[4] for o in found})
        pytest.xfail(
            f"{where}: {len(found)} known overlaps on {', '.join(slides)}: " + "; ".join(reasons)
        )


# ---- 1. the frames `check` places on are the frames `build` places on ---------------------------
# slidegen's own placeholder boxes in inches (left, top, width, height), by layout role
GOLDEN_FRAMES = {
    "16:9": {
        "title": {0: (0.6, 1.65, 12.13, 2.25), 1: (0.6, 3.98, 12.13, 1.05)},
        "content": {0: (0.6, 0.35, 12.13, 1.05), 1: (0.6, 1.55, 12.13, 4.9)},
        "section": {0: (0.6, 2.7, 12.13, 2.1), 1: (0.6, 4.95, 12.13, 1.05)},
        "two": {0: (0.6, 0.35, 12.13, 1.05), 1: (0.6, 1.55, 5.87, 4.9), 2: (6.87, 1.55, 5.87, 4.9)},
        "title_only": {0: (0.6, 0.35, 12.13, 1.05)},
        "blank": {},
    },
    "4:3": {
        "title": {0: (0.6, 1.65, 8.8, 2.25), 1: (0.6, 3.98, 8.8, 1.05)},
        "content": {0: (0.6, 0.35, 8.8, 1.05), 1: (0.6, 1.55, 8.8, 4.9)},
        "section": {0: (0.6, 2.7, 8.8, 2.1), 1: (0.6, 4.95, 8.8, 1.05)},
        "two": {0: (0.6, 0.35, 8.8, 1.05), 1: (0.6, 1.55, 4.2, 4.9), 2: (5.2, 1.55, 4.2, 4.9)},
        "title_only": {0: (0.6, 0.35, 8.8, 1.05)},
        "blank": {},
    },
}


@pytest.mark.parametrize("size", SIZES)
def test_builtin_frames_golden(size):
    frames = builtin_frames(*SIZES[size])
    got = {k: {i: in_inches(b) for i, b in v.items()} for k, v in frames.layouts.items()}
    assert got == GOLDEN_FRAMES[size]


@pytest.fixture(scope="module")
def bases(placed):
    """(theme, size) -> slidegen's own base for it, built by python-pptx as `build` builds it
    (the seed deck's footer and the theme's logos)."""
    memo = {}

    def get(theme: str, size: str):
        if (theme, size) not in memo:
            plan = placed("seed", theme, size).plan
            assert plan.theme.template is None
            needed = needed_layouts(plan, default_registry())
            memo[theme, size] = make_base(
                plan.theme,
                footer_text(plan),
                plan.language,
                prepare_logos(plan.theme),
                needed,
                Diagnostics(),
            )
        return memo[theme, size]

    return get


@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_builtin_frames_are_the_built_base(bases, theme, size):
    built = frames_of(read_back_base(bases(theme, size)))
    own = builtin_frames(*SIZES[size])
    assert built.geometry == own.geometry
    assert built.names == own.names
    assert built.layouts == own.layouts


# ---- 2. inside the slide; 3. no overlaps -------------------------------------------------------
def test_every_layout_is_placed(placed):
    """The decks below place every registered layout (so the box tests cover them all)."""
    used = {s.planned.layout for deck in DECKS for s in placed(deck, "default", "16:9").slides}
    assert used == set(default_registry().names())


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_boxes_inside_the_slide(placed, deck, theme, size):
    p = placed(deck, theme, size)
    width, height = SIZES[size]
    bad = [
        f"{s.planned.id} ({s.planned.layout}): {name} {in_inches(box)}"
        for s in p.slides
        for name, box in every_box(p.frames, s)
        if outside(box, width, height)
    ]
    assert not bad, f"outside the {in_inches((width, height))} in slide:\n" + "\n".join(bad)
    assert sum(len(every_box(p.frames, s)) for s in p.slides) >= 2 * len(p.slides)


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_text_boxes_do_not_overlap(placed, deck, theme, size):
    p = placed(deck, theme, size)
    found = [
        (theme, s.planned.layout, a, b, s.planned.id)
        for s in p.slides
        for a, b in overlaps(text_boxes(p.frames, s))
    ]
    check_overlaps(f"{deck} on {theme} {size}", found)


def master_boxes(base) -> dict[str, list[tuple[str, tuple]]]:
    """Layout key -> what the base shows on every slide of that layout besides its
    placeholders: the master's footer, slide number and logos (unless the layout hides the
    master's shapes, as the dark title and section layouts do) and the layout's own (logos on
    their plates)."""

    def shapes(owner):
        return [
            (sh.name, (int(sh.left), int(sh.top), int(sh.width), int(sh.height)))
            for sh in owner.shapes
            if not sh.is_placeholder
        ]

    out = {}
    for key, layout in base.layouts.items():
        own = shapes(layout)
        if layout._element.get("showMasterSp") != "0":
            own = shapes(layout.slide_master) + own
        out[key] = own
    return out


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_text_boxes_clear_the_master(placed, bases, deck, theme, size):
    p = placed(deck, theme, size)
    behind = master_boxes(read_back_base(bases(theme, size)))
    assert any(name == "Slide Number" for name, _ in behind["content"])
    found = [
        (theme, s.planned.layout, a, b, s.planned.id)
        for s in p.slides
        for a, box in text_boxes(p.frames, s)
        for b, master in behind[s.layout]
        if intersect(box, master)
    ]
    check_overlaps(f"{deck} on {theme} {size}, with the base's shapes", found)


# ---- 2 and 3 on corporate templates ----------------------------------------------------------
TEMPLATES = ("wide", "odd", "pptx-default", "nhse", "dhsc")
TEMPLATE_DECKS = ("seed", "rich", "bench", "layouts")


@pytest.fixture(scope="module")
def templates(tmp_path_factory) -> dict[str, Path]:
    """Template name -> a theme folder using it: the test templates, and the corporate ones
    in ../shared/templates where present."""
    from fixtures.themes.make_templates import default_template, odd_template, wide_template

    made = {"wide": wide_template, "odd": odd_template, "pptx-default": default_template}
    root = tmp_path_factory.mktemp("templates")
    out = {}
    for name in TEMPLATES:
        folder = root / name
        folder.mkdir()
        if name in made:
            made[name](folder / "template.pptx")
        elif (SHARED_TEMPLATES / f"{name}.pptx").is_file():
            shutil.copy(SHARED_TEMPLATES / f"{name}.pptx", folder / "template.pptx")
        else:
            continue
        (folder / "theme.yaml").write_text(
            f'name: {name}\ntemplate: template.pptx\nfooter: {{text: "{{organisation}}"}}\n',
            encoding="utf-8",
        )
        out[name] = folder
    return out


@pytest.mark.parametrize("deck", TEMPLATE_DECKS)
@pytest.mark.parametrize("template", TEMPLATES)
def test_template_boxes(decks, templates, fonts, template, deck):
    """On a corporate template's frames (as `build` and `check` read them): inside the slide,
    and no two text-bearing boxes overlapping."""
    if template not in templates:
        pytest.skip(f"{SHARED_TEMPLATES / template}.pptx is not here")
    diags = Diagnostics()
    plan = plan_deck(decks[deck], BuildOptions(theme=str(templates[template])), diags)
    needed = needed_layouts(plan, default_registry())
    base = make_base(plan.theme, footer_text(plan), plan.language, [], needed, diags)
    frames = frames_of(base)
    slides = place_deck(plan, frames, fonts, diags)
    width, height = plan.theme.slide_size
    bad = [
        f"{s.planned.id} ({s.planned.layout}): {name} {in_inches(box)}"
        for s in slides
        for name, box in every_box(frames, s)
        if outside(box, width, height)
    ]
    assert not bad, "outside the slide:\n" + "\n".join(bad)
    found = [
        (template, s.planned.layout, a, b, s.planned.id)
        for s in slides
        for a, b in overlaps(text_boxes(frames, s))
    ]
    check_overlaps(f"{deck} on the {template} template", found)


def test_content_ends_above_the_source_line(placed, fonts):
    """On frames whose body area runs into the source line (as a template's often does), what
    a slide with a source line places in it ends SOURCE_GAP above the line; a bullets slide's
    placeholder is moved to end there. A slide without a source keeps the whole area."""
    p = placed("layouts", "default", "16:9")
    own = p.frames
    x, top, w, _ = own.geometry.body_box
    width, height = SIZES["16:9"]
    body = (x, top, w, height - inches(0.6) - top)  # down to the source line's bottom
    geometry = Geometry(width, height, own.geometry.title_box, body)
    layouts = {**own.layouts, "content": {0: geometry.title_box, 1: body}}
    frames = Frames(geometry, layouts, own.names)
    slides = place_deck(p.plan, frames, fonts, Diagnostics())
    line_top = geometry.source_box[1]
    end = line_top - SOURCE_GAP
    with_source = [s for s in slides if any(n == "Source" for n, _ in text_boxes(frames, s))]
    assert {s.planned.layout for s in with_source} == {
        "bullets",
        "statement",
        "quote",
        "stat",
        "image",
        "two-column",
        "table",
        "chart",
        "closing",
    }
    for s in with_source:
        for name, (_, y, _, h) in text_boxes(frames, s):
            if name != "Source" and y < line_top:
                assert y + h <= end, (s.planned.id, name, in_inches((y + h, end)))
    (fill,) = [
        f for f in slide_of(slides, "short-list").shapes if isinstance(f, Fill) and f.idx == 1
    ]
    assert fill.box == (x, top, w, end - top)
    panes = [f for f in slide_of(slides, "text-panes").shapes if isinstance(f, Fill) and f.idx]
    assert [f.box[1] + f.box[3] for f in panes] == [top + body[3]] * 2


# ---- 4. the sizes check reports are the sizes render writes -------------------------------------
SIZE_CASES = [*THEME_SIZES, ("small", "16:9")]
SIZE_IDS = [*THEME_IDS, "small@16:9"]
SMALL_RE = re.compile(
    r"^(?P<what>.+) on slide '(?P<id>[^']+)' is set at (?P<size>[\d.]+) pt to fit"
)
OVERFLOW_RE = re.compile(
    r"^(?P<what>.+) on slide '(?P<id>[^']+)' does not fit even at (?P<size>[\d.]+) pt"
)


def _pt(length) -> float | None:
    return None if length is None else round(length.pt, 2)


def _same(expected: float | None, written: float | None) -> bool:
    if expected is None or written is None:
        return expected is written
    return abs(expected - written) < 0.01


def written_sizes(placed_slide, slide):
    """(what, the size placement gave, the size render wrote) for every run of every text
    the placed slide writes: placeholders (by paragraph), text boxes, the table's cells and
    the chart's texts. None: no size written (the placeholder's style gives it)."""
    standins = {s.idx: s.name for s in placed_slide.shapes if isinstance(s, StandIn)}
    named = {}
    for shape in slide.shapes:
        if not shape.is_placeholder:
            named.setdefault(shape.name, []).append(shape)
    for shape in placed_slide.shapes:
        if isinstance(shape, Fill):
            if shape.idx in standins:
                (target,) = named[standins[shape.idx]]
            else:
                target = slide.placeholders[shape.idx]
            paragraphs = target.text_frame.paragraphs
            assert len(paragraphs) == len(shape.paragraphs), f"placeholder {shape.idx}"
            for i, (para, p) in enumerate(zip(shape.paragraphs, paragraphs, strict=True)):
                assert p.text == para.text.plain.replace("\n", "\v")
                for run in p.runs:
                    yield f"placeholder {shape.idx} paragraph {i}", para.size, _pt(run.font.size)
        elif isinstance(shape, TextBox):
            (target,) = [
                sh
                for sh in named[shape.name]
                if (sh.left, sh.top, sh.width, sh.height) == shape.box
            ]
            for p in target.text_frame.paragraphs:
                for run in p.runs:
                    yield shape.name, shape.size, _pt(run.font.size)
        elif isinstance(shape, TableShape):
            (frame,) = [sh for sh in slide.shapes if sh.has_table]
            for row in frame.table.rows:
                for cell in row.cells:
                    for p in cell.text_frame.paragraphs:
                        for run in p.runs:
                            yield "table cell", shape.size, _pt(run.font.size)
        elif isinstance(shape, ChartShape):
            (frame,) = [sh for sh in slide.shapes if sh.has_chart]
            xml = frame.chart.part.blob.decode("utf-8")
            for sz in re.findall(r'\bsz="(\d+)"', xml):
                yield "chart text", shape.label_size, int(sz) / 100


@pytest.mark.parametrize("deck", ("layouts", "overflow", "basic"))
@pytest.mark.parametrize(("theme", "size"), SIZE_CASES, ids=SIZE_IDS)
def test_render_writes_the_placed_sizes(decks, themes, fonts, placed, deck, theme, size):
    p = placed(deck, theme, size)
    options = BuildOptions(theme=str(themes[theme, size]))
    result = build(decks[deck], options, write=False, fonts=fonts)
    prs = Presentation(io.BytesIO(result.data))
    assert len(prs.slides) == len(p.slides)
    runs, wrong = 0, []
    for s, slide in zip(p.slides, prs.slides, strict=True):
        assert slide.name == s.planned.id
        for what, expected, got in written_sizes(s, slide):
            runs += 1
            if not _same(expected, got):
                wrong.append(f"{s.planned.id}: {what}: placed {expected}, written {got}")
    assert not wrong, "render wrote other sizes than placement gave:\n" + "\n".join(wrong)
    assert runs > 2 * len(p.slides)


@pytest.mark.parametrize("deck", ("layouts", "overflow", "basic"))
@pytest.mark.parametrize(("theme", "size"), SIZE_CASES, ids=SIZE_IDS)
def test_check_reports_the_placed_sizes(placed, fonts, deck, theme, size):
    """TEXT-SMALL: exactly the reading texts placed below 18 pt; OVERFLOW: exactly the texts
    that do not fit even at the minimum. Each as (slide or part id, what, size)."""
    p = placed(deck, theme, size)
    shown = [s for s in p.slides if not s.planned.hidden]
    expected_small = sorted(
        (s.planned.id, f.what, f"{f.size:g}")
        for s in shown
        for f in s.fits
        if f.body and f.fits and f.size < BODY_MIN_PT
    )
    expected_overflow = sorted(
        (s.planned.id, f.what, f"{f.size:g}") for s in shown for f in s.fits if not f.fits
    )
    findings = check_plan(p.plan, fonts)

    def reported(code: str, pattern: re.Pattern) -> list[tuple[str, str, str]]:
        out = []
        for f in findings:
            if f.code != code or f.location.slide_id is None:
                continue
            m = pattern.match(f.message)
            assert m, f"{code} not about a placed text: {f.message}"
            out.append((m["id"], m["what"], m["size"]))
        return sorted(out)

    assert reported("TEXT-SMALL", SMALL_RE) == expected_small
    assert reported("OVERFLOW", OVERFLOW_RE) == expected_overflow
    if deck == "overflow":  # at 18 pt or more none fits; at 12 pt, each fits small
        found = expected_small if theme == "small" else expected_overflow
        assert {slide for slide, _, _ in found} == {
            "long-statement",
            "long-label",
            "long-bullet",
            "long-pane",
        }
    if theme == "small" and deck == "layouts":
        assert expected_small, "the small theme sets no reading text below 18 pt"


# ---- 5. long content continues on parts that fit ---------------------------------------------
# (bullet list, table, reference list) parts of LAYOUTS_DECK's long content on each theme
PARTS = {
    ("default", "16:9"): (3, 4, 5),
    ("default", "4:3"): (3, 4, 8),
    ("high-contrast", "16:9"): (3, 5, 5),
    ("high-contrast", "4:3"): (3, 5, 8),
    ("print", "16:9"): (3, 4, 5),
    ("print", "4:3"): (3, 4, 8),
    ("parent-infant", "16:9"): (3, 4, 5),
    ("parent-infant", "4:3"): (3, 4, 8),
}


def parts_of(p: Placed, slide_id: str) -> list:
    return [s for s in p.slides if s.planned.id.split("--")[0] == slide_id]


def planned_slide(p: Placed, slide_id: str):
    return next(s for s in p.plan.slides if s.id == slide_id)


@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_long_content_continues(placed, theme, size):
    p = placed("layouts", theme, size)
    counts = tuple(len(parts_of(p, i)) for i in ("long-list", "long-table", "refs"))
    assert counts == PARTS[theme, size]
    for slide_id, suffixes in (
        ("long-list", [" (cont.)"] * 10),
        ("long-table", [" (cont.)"] * 10),
        ("refs", [f" ({n})" for n in range(2, 12)]),
    ):
        original = planned_slide(p, slide_id)
        parts = parts_of(p, slide_id)
        assert [s.planned.id for s in parts] == [slide_id] + [
            f"{slide_id}--{n}" for n in range(2, len(parts) + 1)
        ]
        assert [s.planned.title.plain for s in parts] == [original.title.plain] + [
            original.title.plain + suffix for suffix in suffixes[: len(parts) - 1]
        ]
        assert [bool(s.planned.notes) for s in parts] == [bool(original.notes)] + [False] * (
            len(parts) - 1
        )
        for s in parts:  # the title, and every fitted text of every part
            assert s.fits and all(f.fits for f in s.fits), (s.planned.id, s.fits)
    assert planned_slide(p, "long-list").notes


@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_bullet_parts_fit(placed, theme, size):
    p = placed("layouts", theme, size)
    original = planned_slide(p, "long-list").content.bullets
    parts = parts_of(p, "long-list")
    together = [b for s in parts for b in s.planned.content.bullets]
    assert together == list(original)
    for s in parts:
        assert s.planned.content.bullets[0][0] == 0  # a part starts with a top-level bullet
        (fill,) = [sh for sh in s.shapes if isinstance(sh, Fill) and sh.idx == 1]
        assert len(fill.paragraphs) == len(s.planned.content.bullets)
        (fit,) = [f for f in s.fits if f.what == "the bullet list"]
        assert fit.fits and fit.size >= p.plan.theme.sizes["minimum"]


@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_table_parts_fit(placed, theme, size):
    p = placed("layouts", theme, size)
    original = planned_slide(p, "long-table").content
    _, body_top, _, body_h = p.frames.geometry.body_box
    rows = []
    for s in parts_of(p, "long-table"):
        (table,) = [sh for sh in s.shapes if isinstance(sh, TableShape)]
        (caption,) = [sh for sh in s.shapes if isinstance(sh, TextBox) and sh.name == "Caption"]
        assert [t.plain for t in table.texts[0]] == [c.plain for c in original.columns]
        assert len(table.heights) == len(table.texts) == 1 + len(s.planned.content.rows)
        rows += s.planned.content.rows
        # the table, then its caption, both in the body area
        assert table.top == body_top
        assert table.top + sum(table.heights) < caption.box[1]
        assert caption.box[1] + caption.box[3] <= body_top + body_h
    assert rows == list(original.rows)


@pytest.mark.parametrize(("theme", "size"), THEME_SIZES, ids=THEME_IDS)
def test_reference_parts_fit(placed, fonts, theme, size):
    """Each part of the reference list (30 entries, `all: true`) fits the body area at the
    size it is set in, measured as placement measures."""
    p = placed("layouts", theme, size)
    _, _, width, height = p.frames.geometry.body_box
    measurer = fonts.measurer(p.plan.theme.fonts["body"])
    entries = []
    for s in parts_of(p, "refs"):
        (fill,) = [sh for sh in s.shapes if isinstance(sh, Fill) and sh.idx == 1]
        size = {para.size for para in fill.paragraphs}
        assert len(size) == 1
        (pt,) = size
        sizes = p.plan.theme.sizes
        assert pt == max(sizes["minimum"], min(sizes["body"] - 4, 18))
        texts = [para.text for para in fill.paragraphs]
        used = measurer.layout(
            [Para(t, pt, False, 0) for t in texts], width, space_before_pt=pt * 0.5
        ).height_emu
        assert 0 < used <= height, (s.planned.id, in_inches((used,)), in_inches((height,)))
        entries += [t.plain for t in texts]
    assert len(entries) == 30
    # in the order of the list (by author): Author0, Author1, Author10, Author11...
    assert [e.split(",")[0] for e in entries] == sorted(f"Author{r}" for r in range(30))
