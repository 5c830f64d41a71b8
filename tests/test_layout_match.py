"""Template layouts are chosen for each role by what they are (place/layout_match.py): their
placeholders' types, count, sizes and positions, their type and their name, in any language.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from slidegen.cli import main
from slidegen.place.layout_match import POOR, LayoutInfo, PlaceholderInfo, ranked
from slidegen.place.roles import ROLES

W, H = 12192000, 6858000
IN = 914400


def ph(kind, idx, x, y, w, h):
    return PlaceholderInfo(kind, idx, (int(x * IN), int(y * IN), int(w * IN), int(h * IN)))


FOOTER = (
    ph("dt", 10, 0.5, 7, 2, 0.3),
    ph("ftr", 11, 4, 7, 5, 0.3),
    ph("sldNum", 12, 11, 7, 2, 0.3),
)
TITLE = ph("title", 0, 0.6, 0.3, 12, 1)
# A research group's template: Portuguese names, no layout types, in an unusual order
PORTUGUESE = [
    LayoutInfo("Conteúdo com título", None, (TITLE, ph("body", 13, 0.6, 1.5, 12, 5), *FOOTER)),
    LayoutInfo(
        "Capa", None, (ph("ctrTitle", 0, 1, 2, 7, 2), ph("subTitle", 1, 1, 4.2, 7, 1), *FOOTER)
    ),
    LayoutInfo(
        "Duas colunas",
        None,
        (TITLE, ph("body", 1, 0.6, 1.5, 5.9, 5), ph("body", 2, 6.8, 1.5, 5.9, 5)),
    ),
    LayoutInfo(
        "Separador de seção", None, (ph("title", 0, 1, 3, 11, 1.4), ph("body", 1, 1, 4.5, 11, 0.8))
    ),
    LayoutInfo("Só título", None, (TITLE, *FOOTER)),
    LayoutInfo("Em branco", None, FOOTER),
]
EXPECTED = {
    "title": "Capa",
    "content": "Conteúdo com título",
    "section": "Separador de seção",
    "two": "Duas colunas",
    "title_only": "Só título",
    "blank": "Em branco",
}


def layouts(infos):
    return [LayoutInfo(i.name, i.type, i.placeholders, n) for n, i in enumerate(infos)]


@pytest.mark.parametrize("role", ROLES)
def test_roles_by_placeholders_and_names_in_another_language(role):
    best = ranked(layouts(PORTUGUESE), role, W, H)[0]
    assert best.layout.name == EXPECTED[role], best
    assert not best.poor, best


def test_names_alone_do_not_win():
    """A cover named like a content layout, and a content layout named like a divider, are
    still a cover and a content layout: content never goes on the title-slide layout, nor a
    divider on the content layout, while a better one exists."""
    infos = [
        LayoutInfo(
            "Title and Content",
            None,
            (ph("ctrTitle", 0, 1, 2, 7, 2), ph("subTitle", 1, 1, 4.2, 7, 1)),
        ),
        LayoutInfo("Section", None, (TITLE, ph("obj", 1, 0.6, 1.5, 12, 5))),
        LayoutInfo(
            "Layout 3", None, (ph("title", 0, 1, 3, 11, 1.4), ph("body", 1, 1, 4.5, 11, 0.8))
        ),
    ]
    got = {
        role: ranked(layouts(infos), role, W, H)[0].layout.name
        for role in ("title", "content", "section")
    }
    assert got == {"title": "Title and Content", "content": "Section", "section": "Layout 3"}


def test_a_poor_match_is_flagged():
    """Only content layouts: the best for a divider is a poor match (reported, so the theme
    can name one); the content layout itself is a good match for content."""
    infos = layouts([PORTUGUESE[0], PORTUGUESE[4]])
    section = ranked(infos, "section", W, H)
    assert all(m.score < POOR for m in section)
    assert not ranked(infos, "content", W, H)[0].poor


def test_vertical_layouts_are_passed_over():
    vertical = LayoutInfo(
        "Title and Vertical Text",
        "vertTx",
        (TITLE, PlaceholderInfo("body", 1, (0, IN, W, 5 * IN), vertical=True)),
    )
    best = ranked(layouts([vertical, PORTUGUESE[0]]), "content", W, H)[0]
    assert best.layout.name == "Conteúdo com título"


def test_theme_show_lists_layouts_and_roles(tmp_path):
    from fixtures.themes.make_templates import odd_template

    template = odd_template(tmp_path / "odd.pptx")
    result = CliRunner().invoke(main, ["theme", "show", str(template)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "(a presentation): 25.40 x 19.05 cm" in out
    for line in ("Cover  -> title", "Text Page  -> content", "Chapter  -> section"):
        assert line in out, out
    assert "Side by Side  -> two" in out and "Headline  -> title_only" in out
    assert "  content     Text Page  (score" in out
