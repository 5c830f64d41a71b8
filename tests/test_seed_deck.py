"""The seed talk's deck file, theme and artwork, checked with PyYAML and Pillow only.

These tests read decks/parent-infant-impact.yaml as plain YAML (independently of the
slidegen loader) and check it against the deck format's keys, the seed talk's statistics
and references, and the theme's contrast promises.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
DECK = ROOT / "decks" / "parent-infant-impact.yaml"
THEME_DIR = ROOT / "themes" / "parent-infant"

# Keys of the deck format (spec "deck format, version 1").
TOP_KEYS = {"deck", "data", "data_files", "references", "audiences", "sections"}
DECK_KEYS = {
    "id",
    "title",
    "subtitle",
    "presenter",
    "organisation",
    "date",
    "theme",
    "language",
    "agenda",
    "title_slide",
    "citation_style",
    "references_slide",
    # contract v2 additions: the evidence lifecycle
    "evidence",
    "pace",
}
PRESENTER_KEYS = {"name", "role", "email"}
SECTION_KEYS = {
    "id",
    "title",
    "subtitle",
    "number",
    "divider",
    "tags",
    "audiences",
    "slides",
    "sections",
    "include",
}
# The spec's keys plus `suppress`, slidegen's documented extension for silencing a check code.
SLIDE_COMMON = {"id", "layout", "title", "notes", "cite", "tags", "audiences", "hidden", "suppress"}
SLIDE_COMMON |= {"time"}  # contract v2: a slide's speaking time
LAYOUT_KEYS = {
    "title": set(),
    "agenda": {"items", "highlight"},
    "section": {"subtitle"},
    "bullets": {"bullets"},
    "statement": {"text", "attribution"},
    "quote": {"text", "attribution"},
    "stat": {"value", "label", "stats"},
    "image": {"image", "alt", "decorative", "caption", "fit"},
    "two-column": {"left", "right"},
    "table": {"columns", "rows", "caption"},
    # `alt` on a chart slide: alt text for the chart's graphic frame, as for `image`.
    "chart": {"chart", "alt"},
    "references": {"all"},
    "closing": {"text"},
}
CHART_KEYS = {"type", "categories", "series", "number_format", "unit"}
REFERENCE_KEYS = {
    "type",
    "authors",
    "year",
    "title",
    "container",
    "publisher",
    "place",
    "url",
    "note",
    "as_of",  # contract v2: the evidence lifecycle
    "review_by",
}
REFERENCE_TYPES = {"report", "article", "book", "chapter", "webpage"}
# v1's audience keys, and `backup` (the v2 contract: "an audience may keep what it drops as
# hidden backup slides"; slidegen's key, docs/guide.md#backup-slides)
AUDIENCE_KEYS = {"description", "include_tags", "exclude_tags", "subtitle", "backup"}
AUDIENCE_KEYS |= {"duration", "reading_level"}  # contract v2: the evidence lifecycle
REFERENCE_IDS = {
    "sleed2022",
    "ohara2019",
    "pipuk2017",
    "togetherwithbaby2021",
    "dartington2022",
    "smith2017",
}

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][\w.]*)\s*\}\}")
INLINE_CITE = re.compile(r"\[(@[^\]]+)\]")


@pytest.fixture(scope="module")
def deck() -> dict:
    return yaml.safe_load(DECK.read_text(encoding="utf-8"))


def walk_sections(sections: list[dict], depth: int = 0):
    """Yield (section, depth) for every section and subsection, in order."""
    for section in sections:
        yield section, depth
        yield from walk_sections(section.get("sections", []), depth + 1)


def all_slides(deck: dict) -> list[dict]:
    return [
        slide
        for section, _ in walk_sections(deck["sections"])
        for slide in section.get("slides", [])
    ]


def strings_in(value) -> list[str]:
    """Every string inside a nested YAML value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


def lookup(data: dict, dotted: str):
    """The data value at a dotted path, unwrapping sourced values; KeyError if missing."""
    node = data
    for part in dotted.split("."):
        node = node[part]
    return node


def resolve(text: str, data: dict) -> str:
    """Fill {{ placeholders }} as a viewer would see them (sourced values show their value)."""

    def fill(match: re.Match) -> str:
        node = lookup(data, match.group(1))
        if isinstance(node, dict):
            node = node["value"]
        return str(node)

    return PLACEHOLDER.sub(fill, text)


def test_only_spec_keys_at_top_and_in_deck(deck):
    assert set(deck) <= TOP_KEYS
    assert set(deck["deck"]) <= DECK_KEYS
    assert set(deck["deck"]["presenter"]) <= PRESENTER_KEYS
    for audience in deck.get("audiences", {}).values():
        assert set(audience) <= AUDIENCE_KEYS


def test_deck_metadata(deck):
    meta = deck["deck"]
    assert meta["title"] == "The Impact of Specialist Parent-Infant Relationship Teams"
    assert meta["subtitle"] == "What the evidence tells us"
    assert meta["presenter"]["name"] == "Ben Yeo"
    assert "Child and Adolescent Psychotherapist" in meta["presenter"]["role"]
    assert "National Clinical Advisor" in meta["presenter"]["role"]
    assert meta["presenter"]["email"] == "ben.yeo@parentinfantfoundation.org.uk"
    assert meta["organisation"] == "Parent-Infant Foundation"
    assert str(meta["date"]) == "2026-11-26"
    assert meta["theme"] == "parent-infant"
    assert meta["language"] == "en-GB"
    assert meta["agenda"] == "Plan for today"
    assert meta["citation_style"] == "harvard"


def test_sections_and_slides_use_spec_keys_and_layouts(deck):
    for section, depth in walk_sections(deck["sections"]):
        assert depth <= 1, f"section {section['id']} nests deeper than the format allows"
        assert set(section) <= SECTION_KEYS, section["id"]
        for slide in section.get("slides", []):
            layout = slide.get("layout", "bullets")
            assert layout in LAYOUT_KEYS, f"{slide.get('id')}: unknown layout {layout}"
            extra = set(slide) - SLIDE_COMMON - LAYOUT_KEYS[layout]
            assert not extra, f"{slide.get('id')}: keys {extra} are not in the spec"
            if layout == "chart":
                assert set(slide["chart"]) <= CHART_KEYS
                for series in slide["chart"]["series"]:
                    assert set(series) <= {"name", "values"}
            if layout == "stat" and "stats" in slide:
                assert 1 <= len(slide["stats"]) <= 4
                for item in slide["stats"]:
                    assert set(item) == {"value", "label"}
            if layout == "bullets":
                for item in slide["bullets"]:
                    assert isinstance(item, str) or set(item) <= {"text", "bullets"}


def test_ids_are_unique_slugs(deck):
    ids = [s["id"] for s, _ in walk_sections(deck["sections"])]
    ids += [slide["id"] for slide in all_slides(deck)]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids)


def test_talk_structure(deck):
    # the three parts, and before part 2 a section of its own for the repeated agenda (not a
    # part: not listed in the agenda, no number, no divider)
    assert [s["id"] for s in deck["sections"]] == [
        "evidence",
        "plan-part-2",
        "wider-impact",
        "discussion",
    ]
    holder = deck["sections"][1]
    assert [s["layout"] for s in holder["slides"]] == ["agenda"] and "number" not in holder
    top = [s for s in deck["sections"] if s is not holder]
    assert [s["number"] for s in top] == [1, 2, 3]
    assert top[0]["title"] == "What the evidence tells us"
    assert top[0]["subtitle"] == "Highlights from the summary of evidence report"
    assert top[1]["title"] == "What the evidence is not telling us (yet!)"
    assert top[1]["subtitle"] == "An example of wider impact in local practice"

    domains = [s for s in top[0]["sections"] if "number" in s]
    assert [d["number"] for d in domains] == [1, 2, 3]
    # the seed talk's own slides (plain-language slides for the families audience aside)
    talk = [s for s in top[0]["slides"] if s.get("audiences") != ["families"]]
    assert [s["title"] for s in talk] == ["Summary of evidence", "Three domains"]

    agendas = [s for s in all_slides(deck) if s.get("layout") == "agenda"]
    # no `highlight:`: a placed agenda highlights the part that comes next (part 2)
    assert len(agendas) == 1 and "highlight" not in agendas[0]

    local = next(s for s, _ in walk_sections(top) if s["id"] == "local-practice")
    assert "local" in local["tags"] and local["slides"]

    quote = next(s for s in all_slides(deck) if s.get("layout") == "quote")
    assert quote["text"].startswith("When different forms of evidence can 'speak'")
    assert quote["attribution"] == "Dartington Service Design Lab"

    assert [s for s in top[2]["slides"] if s.get("audiences") != ["families"]][0]["layout"] == (
        "closing"
    )
    assert not any(s.get("layout") == "references" for s in all_slides(deck))


def test_every_placeholder_has_a_value(deck):
    for text in strings_in(deck["sections"]):
        for name in PLACEHOLDER.findall(text):
            lookup(deck["data"], name)  # raises KeyError if missing


def test_every_seed_statistic_is_on_a_slide(deck):
    shown = " ".join(resolve(t, deck["data"]) for t in strings_in(deck["sections"]))
    shown = re.sub(r"\s+", " ", shown)
    for phrase in (
        "74%",
        "73%",
        "83%",
        "22 randomised studies",
        "1889 parent-child pairs",
        "54 families",
        "168 caregivers",
        "4 different Specialist Parent-Infant Teams",
    ):
        assert phrase in shown, phrase
    ratio = next(s for s in all_slides(deck) if s["id"] == "pimhap-care-ratio")
    values = [resolve(item["value"], deck["data"]) for item in ratio["stats"]]
    assert values == ["1:4", "1:10"]


def test_figures_are_sourced_data(deck):
    data = deck["data"]
    expected = {
        "anna_freud.interactions_pct": (74, "sleed2022"),
        "anna_freud.depression_pct": (73, "sleed2022"),
        "anna_freud.wellbeing_pct": (83, "sleed2022"),
        "ohara.studies": (22, "ohara2019"),
        "ohara.pairs": (1889, "ohara2019"),
        "together_with_baby.families": (54, "togetherwithbaby2021"),
        "pip_uk.caregivers": (168, "pipuk2017"),
        "pip_uk.teams": (4, "pipuk2017"),
        "pimhap.before": ("1:4", "smith2017"),
        "pimhap.after": ("1:10", "smith2017"),
    }
    for path, (value, cite) in expected.items():
        found = lookup(data, path)
        assert {"value": found["value"], "cite": found["cite"]} == {"value": value, "cite": cite}
        # contract v2: each figure says when it is from and when to check it again
        assert set(found) == {"value", "cite", "as_of", "review_by"}, path


def test_chart_of_headline_percentages(deck):
    chart_slide = next(s for s in all_slides(deck) if s.get("layout") == "chart")
    chart = chart_slide["chart"]
    assert chart["type"] in {"column", "bar"}
    assert chart["unit"] == "%"
    assert chart["categories"] == [
        "Parent-child interactions",
        "Caregiver depression",
        "Child wellbeing",
    ]
    (series,) = chart["series"]
    assert [resolve(v, deck["data"]) for v in series["values"]] == ["74", "73", "83"]
    assert chart_slide["alt"].strip()


def test_image_slide_points_at_the_drawn_picture(deck):
    (slide,) = [s for s in all_slides(deck) if s.get("layout") == "image"]
    assert slide["alt"].strip() and slide["caption"].strip()
    assert slide["fit"] == "contain"
    path = DECK.parent / slide["image"]
    with Image.open(path) as im:
        assert im.size == (1600, 1000)


def test_references_are_complete_and_all_cited(deck):
    refs = deck["references"]
    assert set(refs) == REFERENCE_IDS
    for rid, ref in refs.items():
        assert set(ref) <= REFERENCE_KEYS, rid
        assert ref["type"] in REFERENCE_TYPES
        assert ref["authors"] and isinstance(ref["year"], int) and ref["title"]
        for author in ref["authors"]:
            if isinstance(author, dict):
                assert set(author) <= {"family", "given"} and author["family"]
            else:
                assert re.fullmatch(r"[^,]+, [A-Z.]+", author), author
    assert refs["ohara2019"]["url"] == "https://doi.org/10.1002/14651858.CD012348.pub2"
    assert refs["smith2017"]["type"] == "chapter"
    assert refs["smith2017"]["container"] == "Transforming Infant Wellbeing"
    assert refs["pipuk2017"]["authors"] == [{"family": "Parent Infant Partnership (PIP) UK"}]

    cited: set[str] = set()
    for slide in all_slides(deck):
        cited.update(slide.get("cite", []))
        for text in strings_in(slide):
            for group in INLINE_CITE.findall(text):
                cited.update(part.strip().lstrip("@") for part in group.split(";"))
            for name in PLACEHOLDER.findall(text):
                node = lookup(deck["data"], name)
                if isinstance(node, dict) and "cite" in node:
                    cited.add(node["cite"])
    assert cited == REFERENCE_IDS


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio of two '#RRGGBB' colours."""
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_helper_matches_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


def test_theme_is_accessible_and_uses_spec_keys():
    source = (THEME_DIR / "theme.yaml").read_text(encoding="utf-8")
    assert "NOT the Parent-Infant Foundation's real" in source.split("name:")[0]
    theme = yaml.safe_load(source)
    assert set(theme) <= {
        "name",
        "extends",
        "size",
        "colors",
        "fonts",
        "sizes",
        "logo",
        "footer",
        "template",
        "layouts",
    }
    assert theme["name"] == "parent-infant" and theme["extends"] == "default"
    assert theme["size"] == "16:9"
    c = theme["colors"]
    assert set(c) == {"primary", "secondary", "accent", "background", "text", "muted"}
    assert all(re.fullmatch(r"#[0-9A-F]{6}", v) for v in c.values())
    assert contrast(c["text"], c["background"]) >= 4.5
    assert contrast("#FFFFFF", c["primary"]) >= 4.5
    assert contrast(c["accent"], c["background"]) >= 3.0
    assert contrast(c["muted"], c["background"]) >= 4.5
    assert theme["fonts"] == {"heading": "Arial", "body": "Arial"}
    assert theme["logo"] == {"image": "logo.png", "position": "bottom-right", "height": "1.2cm"}
    assert theme["footer"] == {"text": "{title} · {date}", "slide_numbers": True}
    assert theme["sizes"]["body"] >= theme["sizes"]["minimum"] >= 18


def test_logo_is_a_transparent_wordmark_in_the_primary_colour():
    theme = yaml.safe_load((THEME_DIR / "theme.yaml").read_text(encoding="utf-8"))
    primary = tuple(int(theme["colors"]["primary"][i : i + 2], 16) for i in (1, 3, 5))
    with Image.open(THEME_DIR / "logo.png") as im:
        assert im.size == (900, 300)
        assert im.mode == "RGBA"
        assert im.getpixel((0, 0))[3] == 0
        assert im.getpixel((899, 299))[3] == 0
        opaque = [px[:3] for px in im.getdata() if px[3] == 255]
    assert opaque, "the logo draws nothing"
    assert opaque.count(primary) > len(opaque) // 3


def _artwork_module():
    spec = importlib.util.spec_from_file_location(
        "make_artwork", ROOT / "scripts" / "make_artwork.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_picture_is_what_the_script_draws():
    artwork = _artwork_module()
    drawn = artwork.make_picture(artwork.load_palette()).convert("RGB")
    again = artwork.make_picture(artwork.load_palette()).convert("RGB")
    assert drawn.tobytes() == again.tobytes(), "drawing is not deterministic"
    with Image.open(DECK.parent / "images" / "caregiver-and-baby.png") as committed:
        diff = ImageChops.difference(drawn, committed.convert("RGB"))
    # A small tolerance for resampling differences between Pillow versions.
    assert max(high for _, high in diff.getextrema()) <= 8, "re-run scripts/make_artwork.py"


def test_picture_uses_the_theme_palette():
    theme = yaml.safe_load((THEME_DIR / "theme.yaml").read_text(encoding="utf-8"))
    with Image.open(DECK.parent / "images" / "caregiver-and-baby.png") as im:
        colours = {rgb for _, rgb in im.convert("RGB").getcolors(maxcolors=1 << 20)}
    for name in ("primary", "secondary", "accent"):
        value = theme["colors"][name]
        rgb = tuple(int(value[i : i + 2], 16) for i in (1, 3, 5))
        assert rgb in colours, name
