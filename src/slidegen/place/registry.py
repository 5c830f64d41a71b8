"""Layouts by name: how each slidegen layout is placed. Built-in layouts register exactly as
extensions would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import did_you_mean


@dataclass(frozen=True)
class Layout:
    """How one slidegen layout becomes placed slides.

    `base` names the layout role it is drawn on ("content", "title_only", ...);
    `place(draft, extra)` adds the slide's shapes to a SlideDraft; `split(ctx, planned)` may
    return several (part, extra) pairs when content continues onto further slides (long
    lists, tables, reference lists), each part then placed with its `extra`.
    """

    name: str
    base: str
    place: Callable
    split: Callable | None = None
    role_of: Callable | None = None  # role for a particular slide, when not always `base`

    def role(self, planned) -> str:
        """The layout role this slide is drawn on."""
        return self.role_of(planned) if self.role_of else self.base


class Registry:
    """Name -> Layout. Registering a name twice is an error unless `override=True`."""

    def __init__(self):
        self._layouts: dict[str, Layout] = {}

    def register(self, layout: Layout, override: bool = False) -> None:
        """Add a layout under its name."""
        if layout.name in self._layouts and not override:
            raise ValueError(f"layout '{layout.name}' is already registered")
        self._layouts[layout.name] = layout

    def get(self, name: str) -> Layout:
        """The layout of that name; KeyError (with "did you mean") for an unknown one."""
        try:
            return self._layouts[name]
        except KeyError:
            hint = did_you_mean(name, self._layouts) or ""
            raise KeyError(f"no layout '{name}' is registered {hint}".strip())

    def names(self) -> list[str]:
        """Every registered layout name, sorted."""
        return sorted(self._layouts)


def default_registry() -> Registry:
    """A registry holding every built-in layout."""
    from . import rich_layouts as rich
    from . import text_layouts as text

    def plain(place):
        return lambda d, extra=None: place(d)

    reg = Registry()
    for layout in (
        Layout("title", "title", plain(text.place_title)),
        Layout("agenda", "content", plain(text.place_agenda)),
        Layout("section", "section", plain(text.place_section), role_of=text.section_role),
        Layout("bullets", "content", plain(text.place_bullets), text.split_bullets),
        Layout("statement", "title_only", plain(text.place_statement)),
        Layout("quote", "title_only", plain(text.place_quote)),
        Layout("stat", "title_only", plain(text.place_stat)),
        Layout("references", "content", text.place_references, text.split_references),
        Layout("closing", "content", plain(text.place_closing)),
        Layout("image", "title_only", plain(rich.place_image)),
        Layout("two-column", "two", plain(rich.place_two_column)),
        Layout("table", "title_only", rich.place_table, rich.split_table),
        Layout("chart", "title_only", plain(rich.place_chart)),
    ):
        reg.register(layout)
    return reg
