"""docs/deck-reference.md: generated from the models, covering every key, and committed as
generated."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from slidegen.schema import model, theme
from slidegen.schema.reference import COMMAND, reference_markdown

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "deck-reference.md"


@pytest.fixture(scope="module")
def page() -> str:
    return reference_markdown()


def _section(page: str, heading: str) -> str:
    """The text under a heading, up to the next heading of any level."""
    start = page.index(f"\n{heading}\n")
    rest = page[start + len(heading) + 2 :]
    m = re.search(r"^#{1,6} ", rest, re.M)
    return rest[: m.start()] if m else rest


def _keys(section: str) -> list[str]:
    return re.findall(r"^\| `([^`]+)` \|", section, re.M)


def test_committed_reference_is_the_generated_text(page):
    committed = REFERENCE.read_text(encoding="utf-8") if REFERENCE.exists() else ""
    assert committed == page, (
        f"docs/deck-reference.md is not what the models generate: regenerate it with `{COMMAND}`"
    )


@pytest.mark.parametrize("cls", model.SLIDE_CLASSES, ids=lambda c: c.__name__)
def test_every_layout_has_a_section_with_its_own_keys(page, cls):
    layout = model._literal(cls)[0]
    own = [k for k in cls.model_fields if k not in model.SlideBase.model_fields and k != "layout"]
    assert _keys(_section(page, f"### `{layout}` slides")) == own


def test_common_slide_keys(page):
    common = _keys(_section(page, "## Slides").split("Every slide takes these keys:")[1])
    assert common == ["layout", *model.SlideBase.model_fields]


@pytest.mark.parametrize(
    "heading,cls",
    [
        ("## Deck file", model.DeckFile),
        ("## `deck`", model.DeckMeta),
        ("## Presenter", model.Presenter),
        ("## Section", model.Section),
        ("## Bullet", model.Bullet),
        ("## Stat", model.Stat),
        ("## Pane", model.Pane),
        ("## Chart", model.Chart),
        ("## Series", model.Series),
        ("## Audience", model.Audience),
        ("## Reference", model.ReferenceEntry),
        ("## Theme file", theme.ThemeFile),
        ("## Theme `colors`", theme.ThemeColors),
        ("## Theme `fonts`", theme.ThemeFonts),
        ("## Theme `sizes`", theme.ThemeSizes),
        ("## Theme `logo`", theme.ThemeLogo),
        ("## Theme `footer`", theme.ThemeFooter),
    ],
)
def test_every_object_has_a_section_with_every_key(page, heading, cls):
    assert _keys(_section(page, heading)) == list(cls.model_fields)


def test_every_key_has_a_description(page):
    rows = [line for line in page.splitlines() if re.match(r"^\| `[^`]+` \|", line)]
    assert rows
    for row in rows:
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", row)[1:-1]]
        assert len(cells) == 4 and cells[3], row


def test_defaults_and_types_read_from_the_models(page):
    deck = _section(page, "## `deck`")
    assert "| `theme` | text | `default` |" in deck
    assert "| `citation_style` | `harvard` or `apa` | `harvard` |" in deck
    assert "| `title` | text | **required** |" in deck
    top = _section(page, "## Deck file")
    assert (
        "| `sections` | list of ([Section](#section) or [Include](#include)) (at least 1) |" in top
    )
    assert "| `data_files` | list of text | `[]` |" in top or "| `data_files` | text or" in top
    assert "| `stats` | list of [Stat](#stat) (1 to 4) |" in _section(page, "### `stat` slides")
    assert "`alt` is required unless `decorative: true`." in _section(page, "### `image` slides")
    colors = _section(page, "## Theme `colors`")
    assert f"| `primary` | text | `{theme.DEFAULT_COLORS['primary']}` |" in colors


def test_module_prints_the_page(capsys, page):
    from slidegen.schema.reference import main

    main()
    assert capsys.readouterr().out == page
