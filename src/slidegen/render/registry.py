"""Layout renderers, found by name. Built-in layouts register exactly as extensions would."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import did_you_mean


@dataclass(frozen=True)
class LayoutRenderer:
    """How one slidegen layout becomes a slide.

    `base` names the template layout role it is drawn on ("content", "title_only", ...);
    `render(ctx, planned, slide)` fills the slide; `split(ctx, planned)` may return several
    planned slides when content continues onto further slides (long lists, tables).
    """

    name: str
    base: str
    render: Callable
    split: Callable | None = None


class Registry:
    """Name -> LayoutRenderer. Registering a name twice is an error unless `override=True`."""

    def __init__(self):
        self._renderers: dict[str, LayoutRenderer] = {}

    def register(self, renderer: LayoutRenderer, override: bool = False) -> None:
        """Add a renderer under its name."""
        if renderer.name in self._renderers and not override:
            raise ValueError(f"layout '{renderer.name}' is already registered")
        self._renderers[renderer.name] = renderer

    def get(self, name: str) -> LayoutRenderer:
        """The renderer of a layout; KeyError (with "did you mean") for an unknown one."""
        try:
            return self._renderers[name]
        except KeyError:
            hint = did_you_mean(name, self._renderers) or ""
            raise KeyError(f"no renderer for layout '{name}' {hint}".strip())

    def names(self) -> list[str]:
        """Every registered layout name, sorted."""
        return sorted(self._renderers)


def default_registry() -> Registry:
    """A registry holding every built-in layout."""
    from .layouts import register_builtins

    reg = Registry()
    register_builtins(reg)
    return reg
