"""The resolved theme renderers draw with: every value filled in, `extends` applied.

Plain dataclasses with no validation library behind them, so the render stage does not need
pydantic; `theme.py` reads theme files into these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Pos

SIZES = {"16:9": (12192000, 6858000), "4:3": (9144000, 6858000)}
BUILTIN_THEMES = Path(__file__).parent.parent / "themes"  # the themes that ship with slidegen


@dataclass(frozen=True)
class Logo:
    path: Path
    position: str
    height: str
    pos: Pos | None = None


#: the layout grid's default lengths (EMU): margins 0.6 in, gutter 0.4 in, spacing unit 0.2 in
DEFAULT_GRID = {"margin": 548640, "gutter": 365760, "space": 182880}


@dataclass(frozen=True)
class Theme:
    """A resolved theme: every value filled in, `extends` already applied."""

    name: str
    folder: Path | None
    size: str
    colors: dict[str, str]
    fonts: dict[str, str]
    sizes: dict[str, float]
    grid: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_GRID))  # EMU
    covers: str = "dark"  # title and section slides: "dark" (on the primary colour) or "light"
    logo: Logo | None = None
    footer_text: str | None = None
    slide_numbers: bool = True
    template: Path | None = None
    layouts: dict[str, str] = field(default_factory=dict)
    fallback: bool = False
    chain: tuple[str, ...] = ()
    extra_logos: tuple[Logo, ...] = ()
    files: tuple[Path, ...] = ()  # every theme.yaml read, `extends` included (for watch)
    template_size: tuple[int, int] | None = None  # a template's own slide size (EMU) wins
    # with a template: the colours and fonts set for it (in the theme file that names the
    # template, or one extending it); the template's own are used for the rest
    template_colors: dict[str, str] = field(default_factory=dict)
    template_fonts: dict[str, str] = field(default_factory=dict)
    footer_date: bool = False  # the date in the template's date placeholder
    # where each value was set (theme file positions), for messages raised after loading
    positions: dict[str, Pos] = field(default_factory=dict, compare=False)

    @property
    def slide_size(self) -> tuple[int, int]:
        return self.template_size or SIZES[self.size]

    def where(self, key: str) -> Pos | None:
        """Position in a theme file of `key` ("colors.muted", "template", "layouts.bullets")."""
        return self.positions.get(key)
