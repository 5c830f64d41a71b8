"""Themes: find a theme folder by name, follow `extends`, validate, and freeze the result."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from .errors import Pos, SlidegenError, error
from .load import LDict, display_path, load_file
from .model import Node

BUILTIN_THEMES = Path(__file__).parent / "themes"
SIZES = {"16:9": (12192000, 6858000), "4:3": (9144000, 6858000)}
HEX = r"^#[0-9A-Fa-f]{6}$"
CORNERS = ("top-left", "top-right", "bottom-left", "bottom-right")
DEFAULT_SIZES = {"title": 36, "heading": 28, "body": 22, "caption": 14, "minimum": 16}


class ThemeColors(Node):
    primary: str | None = Field(None, pattern=HEX)
    secondary: str | None = Field(None, pattern=HEX)
    accent: str | None = Field(None, pattern=HEX)
    background: str | None = Field(None, pattern=HEX)
    text: str | None = Field(None, pattern=HEX)
    muted: str | None = Field(None, pattern=HEX)


class ThemeFonts(Node):
    heading: str | None = None
    body: str | None = None


class ThemeSizes(Node):
    title: float | None = Field(None, gt=4, le=200)
    heading: float | None = Field(None, gt=4, le=200)
    body: float | None = Field(None, gt=4, le=200)
    caption: float | None = Field(None, gt=4, le=200)
    minimum: float | None = Field(None, gt=4, le=200)


class ThemeLogo(Node):
    image: str
    position: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "bottom-right"
    height: str = Field("1.2cm", description="with a unit: cm, in, pt or px")

    @field_validator("height", mode="before")
    @classmethod
    def _h(cls, v):
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


class ThemeFooter(Node):
    text: str | None = None
    slide_numbers: bool = True


class ThemeFile(Node):
    """A theme.yaml file."""

    name: str | None = None
    description: str | None = None
    extends: str | None = None
    size: Literal["16:9", "4:3"] | None = None
    colors: ThemeColors | None = None
    fonts: ThemeFonts | None = None
    sizes: ThemeSizes | None = None
    logo: ThemeLogo | None = None
    footer: ThemeFooter | None = None
    template: str | None = None
    layouts: dict[str, str] | None = None
    fallback: bool = Field(False, description="with a template: use built-in layouts it lacks")


@dataclass(frozen=True)
class Logo:
    path: Path
    position: str
    height: str
    pos: Pos | None = None


@dataclass(frozen=True)
class Theme:
    """A resolved theme: every value filled in, `extends` already applied."""

    name: str
    folder: Path | None
    size: str
    colors: dict[str, str]
    fonts: dict[str, str]
    sizes: dict[str, float]
    logo: Logo | None = None
    footer_text: str | None = None
    slide_numbers: bool = True
    template: Path | None = None
    layouts: dict[str, str] = field(default_factory=dict)
    fallback: bool = False
    chain: tuple[str, ...] = ()
    extra_logos: tuple[Logo, ...] = ()
    files: tuple[Path, ...] = ()  # every theme.yaml read, `extends` included (for watch)

    @property
    def slide_size(self) -> tuple[int, int]:
        return SIZES[self.size]


def theme_search_dirs(deck_dir: Path) -> list[Path]:
    """`themes/` next to the deck, then in each folder above it."""
    out = []
    here = deck_dir.resolve()
    for folder in [here, *here.parents]:
        cand = folder / "themes"
        if cand.is_dir():
            out.append(cand)
    return out


def find_theme(name: str, deck_dir: Path, pos: Pos | None) -> Path:
    """The folder of theme `name` (a name or a path), searched as the spec says."""
    as_path = (deck_dir / name).resolve()
    if ("/" in name or name.startswith(".")) and (as_path / "theme.yaml").is_file():
        return as_path
    for themes in theme_search_dirs(deck_dir):
        if (themes / name / "theme.yaml").is_file():
            return themes / name
    if (BUILTIN_THEMES / name / "theme.yaml").is_file():
        return BUILTIN_THEMES / name
    found = sorted(available_themes(deck_dir))
    from .errors import did_you_mean

    hint = did_you_mean(name, found)
    msg = f"unknown theme '{name}'; themes found: {', '.join(found) or 'none'}"
    raise error(msg, pos, hint)


def available_themes(deck_dir: Path) -> dict[str, Path]:
    """Every theme visible from a deck folder: name -> folder (nearest wins)."""
    out: dict[str, Path] = {}
    for themes in [*theme_search_dirs(deck_dir), BUILTIN_THEMES]:
        for sub in sorted(themes.iterdir()):
            if (sub / "theme.yaml").is_file():
                out.setdefault(sub.name, sub)
    return out


def _read_theme_file(folder: Path, pos: Pos | None) -> ThemeFile:
    from .validate import diagnostics_from

    path = folder / "theme.yaml"
    tree = load_file(path, pos=pos, what="theme file")
    if not isinstance(tree, LDict):
        raise error("a theme file must be a mapping", Pos(display_path(path), 1, 1))
    try:
        return ThemeFile.model_validate(tree)
    except ValidationError as exc:
        raise SlidegenError(diagnostics_from(exc, tree, tree.pos))


def load_theme(name: str, deck_dir: Path, pos: Pos | None = None) -> Theme:
    """Load a theme by name or path, following `extends` (cycles reported with the chain)."""
    chain: list[tuple[Path, ThemeFile]] = []
    seen: list[Path] = []
    folder = find_theme(name, deck_dir, pos)
    where = pos
    while True:
        folder = folder.resolve()
        if folder in seen:
            names = " -> ".join(p.name for p in [*seen, folder])
            raise error(f"theme extends itself: {names}", where)
        seen.append(folder)
        tf = _read_theme_file(folder, where)
        chain.append((folder, tf))
        if not tf.extends:
            break
        where = tf.where("extends")
        folder = find_theme(
            tf.extends, folder.parent if folder.parent.name == "themes" else folder, where
        )
        if tf.extends == "default" and folder.resolve() == (BUILTIN_THEMES / "default").resolve():
            pass
    return _merge(chain)


def _merge(chain: list[tuple[Path, ThemeFile]]) -> Theme:
    size = "16:9"
    colors: dict[str, str] = {}
    fonts: dict[str, str] = {"heading": "Arial", "body": "Arial"}
    sizes: dict[str, float] = dict(DEFAULT_SIZES)
    logo = footer_text = template = None
    slide_numbers = True
    layouts: dict[str, str] = {}
    fallback = False
    for folder, tf in reversed(chain):  # base first, the named theme last
        size = tf.size or size
        colors.update(_set(tf.colors))
        fonts.update(_set(tf.fonts))
        sizes.update(_set(tf.sizes))
        if tf.logo:
            logo = Logo(
                (folder / tf.logo.image), tf.logo.position, tf.logo.height, tf.logo.where("image")
            )
        if tf.footer:
            if "text" in tf.footer.model_fields_set:
                footer_text = tf.footer.text
            if "slide_numbers" in tf.footer.model_fields_set:
                slide_numbers = tf.footer.slide_numbers
        if tf.template:
            template = folder / tf.template
            if not template.is_file():
                raise error(f"template '{tf.template}' not found", tf.where("template"))
        if tf.layouts:
            layouts.update(tf.layouts)
        if "fallback" in tf.model_fields_set:
            fallback = tf.fallback
    defaults = {
        "primary": "#1F3A5F",
        "secondary": "#2E6F73",
        "accent": "#B5472A",
        "background": "#FFFFFF",
        "text": "#1E1E1E",
        "muted": "#555F66",
    }
    colors = {**defaults, **colors}
    top_folder, top = chain[0]
    return Theme(
        name=top.name or top_folder.name,
        folder=top_folder,
        size=size,
        colors={k: v.upper() for k, v in colors.items()},
        fonts=fonts,
        sizes=sizes,
        logo=logo,
        footer_text=footer_text,
        slide_numbers=slide_numbers,
        template=template,
        layouts=layouts,
        fallback=fallback,
        chain=tuple(f.name for f, _ in chain),
        files=tuple(f / "theme.yaml" for f, _ in chain),
    )


def _set(model: Any) -> dict:
    if model is None:
        return {}
    return {k: getattr(model, k) for k in model.model_fields_set if getattr(model, k) is not None}
