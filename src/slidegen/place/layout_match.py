"""Which corporate-template layout serves which layout role, chosen by what each layout is.

Every layout is scored for every role from its placeholders (their types, how many, how big
and where), its `type` and its name (in the languages templates come in), and each role takes
its best-scoring layout. A title-slide layout never scores well for content, a content layout
never well for a divider, so neither is chosen while a better one exists; a role whose best
layout scores under POOR is reported as a poor match. Plain data, no python-pptx: the render
stage reads the layouts (render/corporate.py), `slidegen theme show` prints the scores.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .geometry import side_by_side
from .roles import ROLES

Box = tuple[int, int, int, int]

TEXT_KINDS = ("body", "obj", "subTitle")
OTHER_CONTENT = ("pic", "tbl", "chart", "dgm", "media", "clipArt")
POOR = 45  # a role's best layout scoring under this is a poor match


@dataclass(frozen=True)
class PlaceholderInfo:
    """One placeholder of a layout: its type, index and box (None: not positioned)."""

    kind: str
    idx: int
    box: Box | None
    vertical: bool = False


@dataclass(frozen=True)
class LayoutInfo:
    """What scoring knows of a layout: its name, `type`, placeholders and place in the file."""

    name: str
    type: str | None
    placeholders: tuple[PlaceholderInfo, ...]
    index: int = 0

    def of_kind(self, *kinds: str) -> list[PlaceholderInfo]:
        return [p for p in self.placeholders if p.kind in kinds]


@dataclass(frozen=True)
class Match:
    """A layout's score for a role, with the reasons (for `slidegen theme show`)."""

    role: str
    layout: LayoutInfo
    score: int
    reasons: tuple[str, ...]

    @property
    def poor(self) -> bool:
        return self.score < POOR


def _plain(name: str) -> str:
    """A layout name for matching: lower case, accents and a "1_" copy prefix removed."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return re.sub(r"^\d+_", "", text).strip()


# Words in layout names, by role: English, Portuguese, Spanish, French, German, Dutch, Italian.
NAME_WORDS = {
    "title": r"title slide|\bcover|\bcapa\b|portada|\bfront\b|\bopening|titelfolie|titelseite|"
    r"diapositive de titre|diapositiva de titulo|slide de titulo|slide do titulo|"
    r"diapositivo de titulo|titeldia|\bportrait|folha de rosto|\bintro|apresentacao|"
    r"presentation title|titre de la presentation|presentacion",
    "content": r"content|conteudo|contenido|\binhalt|contenu|contenuto|\btext|\btexto|"
    r"\btesto|bullet|\bbody\b|\bcorpo\b|\bcuerpo\b|\btopic",
    "section": r"section|\bsecao|\bseccao|\bseccion|\bsezione|abschnitt|kapitel|chapter|"
    r"capitulo|divider|divisor|\bbreak|separa|\btrenner|\bpartie|\bparte\b|\bpart\b|"
    r"intervalo|interludio|\bsectie",
    "two": r"\btwo\b|\b2\b|\bduas\b|\bdois\b|\bdos\b|\bzwei|\bdeux|\btwee|\bdue\b|compar|"
    r"vergleich|vergelijk|column|coluna|columna|spalte|colonne|kolom|side by side|lado a lado",
    "title_only": r"title only|only title|titulo apenas|apenas titulo|so titulo|"
    r"somente titulo|solo titulo|solo el titulo|nur titel|titre seul|alleen titel|"
    r"solo titolo|headline|heading only",
    "blank": r"blank|em branco|\bbranco|en blanco|vacio|\bleer\b|\bvide\b|\bempty|leeg|vuoto",
}
# The `type` PowerPoint gives the standard layouts, by role (and near misses)
TYPES = {
    "title": {"title": 40, "secHead": -15, "obj": -30, "tx": -30},
    "content": {
        "obj": 30,
        "tx": 30,
        "title": -40,
        "secHead": -30,
        "twoObj": -20,
        "titleOnly": -30,
        "vertTx": -40,
    },
    "section": {"secHead": 40, "title": -10, "obj": -30, "tx": -30, "twoObj": -30},
    "two": {"twoObj": 30, "twoTxTwoObj": 15, "title": -40, "obj": -10},
    "title_only": {"titleOnly": 30, "title": -30, "obj": -20},
    "blank": {"blank": 40},
}


def score(layout: LayoutInfo, role: str, width: int, height: int) -> Match:
    """How well `layout` serves `role` on a slide of this size, with the reasons."""
    reasons: list[str] = []
    total = 0

    def add(points: int, why: str) -> None:
        nonlocal total
        total += points
        reasons.append(f"{points:+d} {why}")

    area = width * height or 1
    titles = [p for p in layout.of_kind("title", "ctrTitle") if not p.vertical]
    title = titles[0] if titles else None
    texts = layout.of_kind(*TEXT_KINDS)
    subtitles = [p for p in texts if p.kind == "subTitle"]
    bodies = [p for p in texts if p.kind != "subTitle"]
    others = layout.of_kind(*OTHER_CONTENT)

    def share(p: PlaceholderInfo) -> float:
        return (p.box[2] * p.box[3]) / area if p.box else 0.0

    big = [p for p in bodies if share(p) >= 0.2 and not p.vertical]
    small = [p for p in bodies if p not in big]
    mid_y = (title.box[1] + title.box[3] / 2) / height if title and title.box else 0.0
    top_title = title is not None and mid_y < 0.3
    vertical = any(p.vertical for p in layout.placeholders)

    if role == "title":
        if title is None:
            add(-60, "no title placeholder")
        elif title.kind == "ctrTitle":
            add(40, "a centred title")
        elif 0.25 <= mid_y <= 0.75:
            add(10, "a title in the middle of the slide")
        else:
            add(-10, "a title at the top, as content slides have")
        if subtitles:
            add(20, "a subtitle")
        if big or others:
            add(-40, "a large content placeholder")
    elif role == "content":
        _titled(add, title)
        if len(big) == 1 and not subtitles:
            add(40, "one large content placeholder")
        elif not big:
            add(-50, "no large content placeholder")
        else:
            add(-30, f"{len(big)} large content placeholders")
        for _ in [*small, *subtitles, *others]:
            add(-8, "another placeholder slides would not fill")
    elif role == "two":
        _titled(add, title)
        panes = [p for p in bodies if share(p) >= 0.1]
        if len(panes) == 2 and _side_by_side(*panes):
            add(45, "two content placeholders side by side")
        elif len(panes) >= 2:
            add(10, f"{len(panes)} content placeholders")
        else:
            add(-50, "fewer than two content placeholders")
        for _ in [p for p in bodies if p not in panes] + subtitles + others:
            add(-5, "another placeholder slides would not fill")
    elif role == "section":
        if title is None:
            add(-60, "no title placeholder")
        elif title.kind == "ctrTitle":
            add(5, "a centred title (a cover)")
        else:
            add(25, "a title")
        if big or others:
            add(-40, "a large content placeholder (a content layout)")
        elif len(small) + len(subtitles) == 1:
            add(20, "one small text placeholder")
        elif not small and not subtitles:
            add(5, "no text placeholder")
        if title is not None and title.box is not None:
            add(10 if mid_y >= 0.3 else -15, "title " + ("low" if mid_y >= 0.3 else "at the top"))
    elif role == "title_only":
        if title is None:
            add(-60, "no title placeholder")
        elif title.kind == "ctrTitle":
            add(-40, "a centred title (a cover)")
        elif top_title or title.box is None:
            add(40, "a title at the top")
        else:
            add(5, "a title away from the top")
        if big or others:
            add(-40, "a large content placeholder")
        elif not small and not subtitles:
            add(30, "no content placeholder")
        for _ in [*small, *subtitles]:
            add(-10, "a small text placeholder slides would not fill")
    elif role == "blank":
        if not titles and not texts and not others:
            add(50, "no placeholders")
        else:
            add(-30, "placeholders")
    if vertical and role != "blank":
        add(-40, "vertical text")
    kind_points = TYPES.get(role, {}).get(layout.type or "", 0)
    if kind_points:
        add(kind_points, f"its type is '{layout.type}'")
    plain = _plain(layout.name)
    if plain == ROLES[role].layout.lower():
        add(25, "the standard name")
    elif re.search(NAME_WORDS[role], plain):
        add(15, "its name")
    return Match(role, layout, total, tuple(reasons))


def _titled(add, title: PlaceholderInfo | None) -> None:
    if title is None:
        add(-60, "no title placeholder")
    elif title.kind == "ctrTitle":
        add(-40, "a centred title (a title-slide layout)")
    else:
        add(30, "a title")


def _side_by_side(a: PlaceholderInfo, b: PlaceholderInfo) -> bool:
    """Two placeholders beside each other; one without a box of its own may be."""
    return a.box is None or b.box is None or side_by_side(a.box, b.box)


def ranked(layouts: list[LayoutInfo], role: str, width: int, height: int) -> list[Match]:
    """Every layout's match for `role`, best first (ties: the earlier layout)."""
    matches = [score(lay, role, width, height) for lay in layouts]
    return sorted(matches, key=lambda m: (-m.score, m.layout.index))
