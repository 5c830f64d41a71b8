"""Layout roles: the slide layouts slidegen's renderers draw on, defined once.

A renderer names the role its slides are drawn on ("content", "title_only", ...; see
render/registry.py). Each role has a layout in slidegen's own base (python-pptx's default
template, whose layout names are also the standard names looked for in a corporate template)
and says what a template layout must hold to serve it. A theme's `layouts:` accepts the role
names besides slidegen's layout names. Kept free of python-pptx: theme.py imports it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    """One layout role and what its layout holds."""

    name: str
    layout: str  # the layout's name in slidegen's base; the standard name in a template
    types: tuple[str, ...]  # `<p:sldLayout type=...>` values of a template layout for it
    title: str | None  # the title placeholder it needs: "title", "ctrTitle" (centred) or none
    bodies: int  # content placeholders it needs (renumbered idx 1, 2)
    use: str  # the slides drawn on it, for messages
    needs: str  # what a template layout must hold for it, for messages
    subtitle: bool = False  # a subtitle counts as content; one is kept (idx 1), none needed
    dark: str | None = None  # slidegen's base: a dark layout, boxes f"{dark}_title"/"_subtitle"

    @property
    def body_kinds(self) -> tuple[str, ...]:
        """Placeholder types that count as its content, preferred first."""
        return ("subTitle", "body", "obj") if self.subtitle else ("body", "obj")

    @property
    def kept_bodies(self) -> int:
        """How many content placeholders a template layout keeps for it (numbered 1, 2)."""
        return 1 if self.subtitle else self.bodies


ROLES: dict[str, Role] = {
    r.name: r
    for r in (
        Role(
            name="title",
            layout="Title Slide",
            types=("title",),
            title="ctrTitle",
            bodies=0,
            subtitle=True,
            dark="cover",
            use="title slides",
            needs="a centred title placeholder",
        ),
        Role(
            name="content",
            layout="Title and Content",
            types=("obj", "tx"),
            title="title",
            bodies=1,
            use="bullets, agenda, references and closing slides",
            needs="a title and one content placeholder",
        ),
        Role(
            name="section",
            layout="Section Header",
            types=("secHead",),
            title="title",
            bodies=1,
            dark="section",
            use="section dividers",
            needs="a title and a text placeholder",
        ),
        Role(
            name="two",
            layout="Two Content",
            types=("twoObj",),
            title="title",
            bodies=2,
            use="two-column slides",
            needs="a title and two content placeholders",
        ),
        Role(
            name="title_only",
            layout="Title Only",
            types=("titleOnly",),
            title="title",
            bodies=0,
            use="statement, quote, stat, image, table and chart slides",
            needs="a title and no content placeholder",
        ),
        Role(
            name="blank",
            layout="Blank",
            types=("blank",),
            title=None,
            bodies=0,
            use="blank slides",
            needs="no placeholders",
        ),
    )
}
# Role -> its layout's name in slidegen's own base presentation.
LAYOUT_NAMES = {name: role.layout for name, role in ROLES.items()}
