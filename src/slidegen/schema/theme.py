"""Themes: find a theme folder by name, follow `extends`, validate, and freeze the result.

Every problem in a theme file is a located error (theme file, line, column): bad colours,
sizes, logo pictures and lengths, footer placeholders, layout names, `extends` cycles, and
colour pairs that fail WCAG 2.2 AA contrast where slidegen uses them.
"""

# No `from __future__ import annotations`: pydantic would then compile every annotation string
# with eval() when each model is created (with schema/model.py, about 3 ms of start-up).
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator

from ..codes import Code
from ..errors import Diagnostic, Diagnostics, Pos, SlidegenError, did_you_mean, error
from ..files import Scope
from ..load import LDict, display_path, load_file
from ..ooxml import EMU_PER_CM
from ..place.roles import ROLES  # layout roles; `layouts:` accepts their names too
from ..plan.theme import BUILTIN_THEMES, DEFAULT_GRID, SIZES, Logo, Theme
from .model import LAYOUTS, Node

DEFAULT_SIZES = {
    "title": 36,
    "heading": 28,
    "body": 22,
    "caption": 14,
    "minimum": 18,
    "statement": 34,
    "figure": 88,
}
DEFAULT_COLORS = {
    "primary": "#1F3A5F",
    "secondary": "#2E6F73",
    "accent": "#B5472A",
    "background": "#FFFFFF",
    "text": "#1E1E1E",
    "muted": "#555F66",
}
DEFAULT_FONTS = {"heading": "Arial", "body": "Arial"}
DEFAULT_SIZE = "16:9"
FOOTER_FIELDS = ("organisation", "title", "date", "presenter", "edition")


def _color(v):
    from ..colors import is_hex_color

    if v is None or is_hex_color(v):
        return v
    text = str(v)
    hint = ""
    h = text.lstrip("#")
    if len(h) == 3 and all(c in string.hexdigits for c in h):
        hint = f" (write it in full: '#{''.join(c * 2 for c in h).upper()}')"
    elif len(text) == 6 and all(c in string.hexdigits for c in text):
        hint = f" (add the '#' and quote it: \"#{text.upper()}\")"
    elif not text.startswith("#"):
        hint = ' (colour names are not accepted; quote the value: "#1D3A5F")'
    raise ValueError(f"invalid colour '{text}': expected #RRGGBB, e.g. \"#1D3A5F\"{hint}")


class ThemeColors(Node):
    """The six named colours, each "#RRGGBB" (quoted in YAML)."""

    primary: str | None = Field(None, description="Headings; title and section slide backgrounds")
    secondary: str | None = Field(None, description="Hyperlinks, the second chart series")
    accent: str | None = Field(None, description="Big figures, highlights")
    background: str | None = Field(None, description="Slide background")
    text: str | None = Field(None, description="Body text")
    muted: str | None = Field(None, description="Captions, source lines, the footer")

    @field_validator("*", mode="before")
    @classmethod
    def _check(cls, v, info):
        try:
            return _color(v)
        except ValueError as exc:
            raise ValueError(f"'{info.field_name}': {exc}") from None


class ThemeFonts(Node):
    """Font families; text is measured with them (or a metric-compatible substitute)."""

    heading: str | None = Field(None, min_length=1, description="Titles and headings")
    body: str | None = Field(None, min_length=1, description="Everything else")


def _points(v):
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError(f"expected a size in points (a number such as 24), found '{v}'")
    if not 6 <= v <= 200:
        raise ValueError(f"a size in points must be from 6 to 200, found {v:g}")
    return v


class ThemeSizes(Node):
    """Text sizes in points, from 6 to 200."""

    title: float | None = Field(None, description="Titles of the title and section slides")
    heading: float | None = Field(None, description="Slide titles")
    body: float | None = Field(None, description="Body text")
    caption: float | None = Field(None, description="Source lines, captions, the footer")
    statement: float | None = Field(
        None, description="Statements and quotations, the slide's hero text (shrinks to fit)"
    )
    figure: float | None = Field(
        None, description="A stat slide's figures (smaller when two to four share the slide)"
    )
    minimum: float | None = Field(
        None,
        description="Text shrinks to this before it continues on a further slide; at most `body`",
    )

    @field_validator("*", mode="before")
    @classmethod
    def _check(cls, v, info):
        try:
            return None if v is None else _points(v)
        except ValueError as exc:
            raise ValueError(f"'{info.field_name}': {exc}") from None


class ThemeLogo(Node):
    """A logo on every slide (marked decorative); its width follows the picture."""

    image: str = Field(
        description="Picture file beside theme.yaml (PNG, JPEG, GIF, BMP, TIFF or WebP; not SVG)"
    )
    position: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = Field(
        "bottom-right", description="The corner it sits in"
    )
    height: str = Field("1.2cm", description="with a unit: cm, mm, in, pt or px")

    @field_validator("height", mode="before")
    @classmethod
    def _h(cls, v):
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


class ThemeGrid(Node):
    """The layout grid every slide is placed on, as lengths with a unit (cm, mm, in, pt, px)."""

    margin: str | None = Field(
        None, description="The margin on either side of titles and content (default 0.6in)"
    )
    gutter: str | None = Field(
        None, description="Between columns: two-column panes, stats side by side (default 0.4in)"
    )
    space: str | None = Field(
        None,
        description="The spacing unit between blocks: a rule and its title, a quotation and "
        "its attribution (default 0.2in)",
    )

    @field_validator("*", mode="before")
    @classmethod
    def _length(cls, v):
        return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


class ThemeFooter(Node):
    """The footer line and slide numbers, on the slide master."""

    text: str | None = Field(
        None,
        description="With {organisation}, {title}, {date}, {presenter} or {edition} (a deck's"
        " `edition` is added at the end when not placed); `{{`/`}}` for braces",
    )
    slide_numbers: bool = Field(True, description="Slide-number fields PowerPoint keeps updated")
    date: bool = Field(
        False,
        description="With a template: the deck's date in the template's date placeholder",
    )


class ThemeFile(Node):
    """A theme.yaml file."""

    name: str | None = Field(
        None, description="Shown by `slidegen themes`; default: the folder name"
    )
    description: str | None = Field(None, description="For people reading the theme")
    extends: str | None = Field(
        None, description="A theme whose values this one overrides (a name or a folder)"
    )
    size: Literal["16:9", "4:3"] | None = Field(
        None, description="Slide size (a template's own size wins)"
    )
    colors: ThemeColors | None = Field(None, description="The colour scheme")
    fonts: ThemeFonts | None = Field(None, description="The font scheme")
    sizes: ThemeSizes | None = Field(None, description="Text sizes in points")
    grid: ThemeGrid | None = Field(None, description="Margins, gutter and spacing unit")
    covers: Literal["dark", "light"] | None = Field(
        None,
        description="Title and section slides on the primary colour (dark, default) or on the "
        "background with the title in the primary colour (light: for print and high contrast)",
    )
    logo: ThemeLogo | None = Field(None, description="A logo on every slide")
    footer: ThemeFooter | None = Field(None, description="Footer text and slide numbers")
    template: str | None = Field(
        None, description="A corporate .pptx whose masters and layouts are used"
    )
    layouts: dict[str, str] | None = Field(
        None,
        description="With a template: slidegen layout or role -> the template's layout name",
    )
    fallback: bool = Field(False, description="with a template: use built-in layouts it lacks")


def theme_search_dirs(deck_dir: Path) -> list[Path]:
    """`themes/` next to the deck, then in each folder above it."""
    out = []
    here = deck_dir.resolve()
    for folder in [here, *here.parents]:
        cand = folder / "themes"
        if cand.is_dir():
            out.append(cand)
    return out


def find_theme(name: str, deck_dir: Path, pos: Pos | None, skip: tuple[Path, ...] = ()) -> Path:
    """The folder of theme `name` (a name or a path), searched as the spec says.

    Folders in `skip` are passed over, so a project theme `default` may extend the built-in one.
    """
    as_path = (deck_dir / name).resolve()
    if ("/" in name or name.startswith(".")) and (as_path / "theme.yaml").is_file():
        return as_path
    for themes in [*theme_search_dirs(deck_dir), BUILTIN_THEMES]:
        cand = themes / name
        if (cand / "theme.yaml").is_file() and cand.resolve() not in skip:
            return cand
    found = sorted(available_themes(deck_dir))
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


def list_themes(deck_dir: Path) -> list[dict[str, Any]]:
    """Every theme visible from `deck_dir`, for `slidegen themes`: name, where, extends, size.

    A theme that does not load is listed with its first problem instead of failing the list.
    """
    out = []
    for name, folder in sorted(available_themes(deck_dir).items()):
        row: dict[str, Any] = {
            "name": name,
            "where": "built-in" if folder.parent == BUILTIN_THEMES else display_path(folder),
        }
        diags = Diagnostics()
        try:
            tf = _read_theme_file(folder, None)
            theme = load_theme(str(folder), deck_dir, diags=diags)
            row.update(extends=tf.extends or "", size=_size_label(theme), problem="")
        except SlidegenError as exc:
            row.update(extends="", size="", problem=exc.diagnostics[0].format())
        row["warnings"] = [d.format() for d in diags.warnings]
        out.append(row)
    return out


def _size_label(theme: Theme) -> str:
    for label, size in SIZES.items():
        if size == theme.slide_size:
            return label
    w, h = theme.slide_size
    return f"{w / EMU_PER_CM:.2f}x{h / EMU_PER_CM:.2f}cm"


def _read_theme_file(folder: Path, pos: Pos | None) -> ThemeFile:
    from .validate import diagnostics_from

    path = folder / "theme.yaml"
    tree = load_file(path, pos=pos, what="theme file")
    if not isinstance(tree, LDict):
        raise error("a theme file must be a mapping of keys", Pos(display_path(path), 1, 1))
    try:
        return ThemeFile.model_validate(tree)
    except ValidationError as exc:
        diags = []
        for d in diagnostics_from(exc, tree, tree.pos):
            if d.message.startswith("unknown key"):
                name = d.message.split("'")[1]
                section, allowed = _allowed(tree, d.pos)
                msg = f"unknown key '{name}' in {section}"
                d = Diagnostic("error", msg, d.pos, did_you_mean(name, allowed) or d.hint)
            diags.append(d)
        raise SlidegenError(diags)


def _allowed(tree: LDict, pos: Pos | None) -> tuple[str, list[str]]:
    """Known keys of the mapping that holds the key at `pos` (top level or one level down)."""
    models = {
        "colors": ThemeColors,
        "fonts": ThemeFonts,
        "sizes": ThemeSizes,
        "grid": ThemeGrid,
        "logo": ThemeLogo,
        "footer": ThemeFooter,
    }
    for key, model in models.items():
        sub = tree.get(key)
        if isinstance(sub, LDict) and any(sub.where_key(k) == pos for k in sub):
            return f"the theme's '{key}'", list(model.model_fields)
    return "the theme file", list(ThemeFile.model_fields)


def _path_like(name: str) -> bool:
    """A theme named by a path (`../brand`, `themes/acme`) rather than looked up by name."""
    return "/" in name or "\\" in name or name.startswith(".")


def load_theme(
    name: str,
    deck_dir: Path,
    pos: Pos | None = None,
    diags: Diagnostics | None = None,
    scope: Scope | None = None,
    trust_name: bool = False,
) -> Theme:
    """Load a theme by name or path, following `extends` (cycles reported with the chain).

    Colour pairs below WCAG AA contrast are warnings added to `diags` when it is given (a
    build: `slidegen check` and `--strict` make them fail), else raised as errors.

    `scope` (files.Scope): where a theme the deck names by path, and the themes it extends by
    path, may be; with `trust_name` (or without a scope) the theme is the caller's choice
    (`--theme`), read wherever it and its `extends` chain are. Either way the files each theme
    names (logo, template) must be inside its own project or the deck's, unless the scope
    allows outside files.
    """
    chain: list[tuple[Path, ThemeFile]] = []
    seen: list[Path] = []
    folder = find_theme(name, deck_dir, pos)
    if scope is not None and not trust_name and _path_like(name):
        scope.check(folder, name, "theme", pos)
    allow = scope.allow_outside if scope is not None else False
    roots = scope.roots if scope is not None else ()  # the deck's and its overlays' projects
    where = pos
    while True:
        folder = folder.resolve()
        if folder in seen:
            names = " -> ".join(_label(p) for p in [*seen, folder])
            raise error(
                f"theme '{_label(seen[0])}' extends itself: {names}",
                where,
                "remove one of the `extends` lines",
            )
        seen.append(folder)
        tf = _read_theme_file(folder, where)
        chain.append((folder, tf))
        if not tf.extends:
            break
        where = tf.where("extends")
        base = folder.parent.parent if folder.parent.name == "themes" else folder
        # A theme extending its own name means the one it shadows (`default` -> built-in).
        skip = (folder,) if tf.extends == folder.name else ()
        parent = find_theme(tf.extends, base, where, skip)
        if scope is not None and not trust_name and _path_like(tf.extends):
            # a theme the deck names extends one inside the deck's or its own project; a theme
            # the caller chose (--theme) brings its `extends` chain with it
            theme_scope(folder, allow, roots).check(parent, tf.extends, "theme", where)
        folder = parent
    theme = _merge(chain, allow, roots)
    problems = contrast_problems(theme)
    if problems and diags is not None:
        for d in problems:
            diags.warning(d.message, d.pos, d.hint, code=d.code)
    elif problems:
        raise SlidegenError(problems)
    return theme


def _label(folder: Path) -> str:
    return folder.name


def theme_scope(folder: Path, allow_outside: bool = False, roots: tuple = ()) -> Scope:
    """Where the files of the theme in `folder` may be: its project, the deck's (`roots`),
    and the built-in themes."""
    return Scope((*roots, BUILTIN_THEMES.resolve()), allow_outside).with_root(folder)


def _merge(chain: list[tuple[Path, ThemeFile]], allow_outside: bool = False, roots=()) -> Theme:
    size = DEFAULT_SIZE
    colors: dict[str, str] = dict(DEFAULT_COLORS)
    fonts: dict[str, str] = dict(DEFAULT_FONTS)
    sizes: dict[str, float] = dict(DEFAULT_SIZES)
    grid: dict[str, int] = dict(DEFAULT_GRID)
    logo = footer_text = template = None
    slide_numbers = True
    covers = "dark"
    layouts: dict[str, str] = {}
    fallback = False
    positions: dict[str, Pos] = {}
    # the theme file naming the template, and those extending it, set values for it
    for_template = next((i for i, (_, tf) in enumerate(chain) if tf.template), -1)
    template_colors: dict[str, str] = {}
    template_fonts: dict[str, str] = {}
    footer_date = False
    for i, (folder, tf) in reversed(list(enumerate(chain))):  # base first, the named theme last
        if tf.size:
            size = tf.size
            _note(positions, "size", tf.where("size"))
        for group, target in (("colors", colors), ("fonts", fonts), ("sizes", sizes)):
            model = getattr(tf, group)
            for k, v in _set(model).items():
                target[k] = v
                _note(positions, f"{group}.{k}", model.where(k))
                if i <= for_template and group == "colors":
                    template_colors[k] = v.upper()
                elif i <= for_template and group == "fonts":
                    template_fonts[k] = v
        files = theme_scope(folder, allow_outside, roots)
        if tf.covers:
            covers = tf.covers
        if tf.grid:
            from ..place.media import parse_length

            for k, v in _set(tf.grid).items():
                grid[k] = parse_length(v, tf.grid.where(k))
                _note(positions, f"grid.{k}", tf.grid.where(k))
        if tf.logo:
            logo = _logo(folder, tf.logo, files)
        if tf.footer:
            if "text" in tf.footer.model_fields_set:
                footer_text = tf.footer.text
                _check_footer(footer_text, tf.footer.where("text"))
            if "slide_numbers" in tf.footer.model_fields_set:
                slide_numbers = tf.footer.slide_numbers
            if "date" in tf.footer.model_fields_set:
                footer_date = tf.footer.date
        if tf.template:
            template = files.check(
                folder / tf.template, tf.template, "template", tf.where("template")
            )
            _note(positions, "template", tf.where("template"))
        if tf.layouts:
            for key, value in tf.layouts.items():
                where = _layout_key_pos(tf, key)
                if key not in ROLES and key not in LAYOUTS:
                    raise error(
                        f"unknown slidegen layout '{key}' in `layouts`",
                        where,
                        did_you_mean(key, [*LAYOUTS, *ROLES])
                        or f"use a layout name ({', '.join(LAYOUTS)}) or a role "
                        f"({', '.join(ROLES)})",
                    )
                layouts[key] = value
                _note(positions, f"layouts.{key}", _layout_value_pos(tf, key))
        if "fallback" in tf.model_fields_set:
            fallback = tf.fallback
    if sizes["minimum"] > sizes["body"]:
        raise error(
            f"sizes: minimum ({sizes['minimum']:g} pt) is larger than body ({sizes['body']:g} pt)",
            positions.get("sizes.minimum") or positions.get("sizes.body"),
        )
    template_size = None
    if template is not None:
        template_size = _template_size(template, positions.get("template"))
    top_folder, top = chain[0]
    return Theme(
        name=top.name or top_folder.name,
        folder=top_folder,
        size=size,
        colors={k: v.upper() for k, v in colors.items()},
        fonts=fonts,
        sizes=sizes,
        grid=grid,
        covers=covers,
        logo=logo,
        footer_text=footer_text,
        slide_numbers=slide_numbers,
        template=template,
        layouts=layouts,
        fallback=fallback,
        chain=tuple(f.name for f, _ in chain),
        files=tuple(f / "theme.yaml" for f, _ in chain),
        template_size=template_size,
        template_colors=template_colors if template is not None else {},
        template_fonts=template_fonts if template is not None else {},
        footer_date=footer_date,
        positions=positions,
    )


def template_theme(path: Path) -> Theme:
    """A theme that is only a template file (`slidegen theme show FILE`): slidegen's default
    values, the file's slide size."""
    path = path.resolve()
    return Theme(
        name=path.stem,
        folder=path.parent,
        size=DEFAULT_SIZE,
        colors=dict(DEFAULT_COLORS),
        fonts=dict(DEFAULT_FONTS),
        sizes=dict(DEFAULT_SIZES),
        template=path,
        template_size=_template_size(path, None),
    )


def _note(positions: dict[str, Pos], key: str, pos: Pos | None) -> None:
    if pos is not None:
        positions[key] = pos


def _layout_key_pos(tf: ThemeFile, key: str) -> Pos | None:
    src = tf.src.get("layouts") if tf.src is not None else None
    return src.where_key(key) if isinstance(src, LDict) else tf.where("layouts")


def _layout_value_pos(tf: ThemeFile, key: str) -> Pos | None:
    src = tf.src.get("layouts") if tf.src is not None else None
    return src.where(key) if isinstance(src, LDict) else tf.where("layouts")


def _logo(folder: Path, spec: ThemeLogo, files: Scope) -> Logo:
    """Check the logo now, so its problems point at the theme file."""
    from ..place.media import image_size, parse_length

    parse_length(spec.height, spec.where("height"))
    path = files.check(folder / spec.image, spec.image, "logo", spec.where("image"))
    image_size(path, spec.where("image"))  # missing, SVG or unreadable: a located error
    return Logo(path, spec.position, spec.height, spec.where("image"))


def _check_footer(text: str | None, pos: Pos | None) -> None:
    if not text:
        return
    hint = (
        "use {organisation}, {title}, {date}, {presenter} or {edition}; write {{ and }} for braces"
    )
    try:
        names = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
    except ValueError as exc:
        raise error(f"footer text '{text}': {exc}", pos, hint)
    for n in names:
        if n not in FOOTER_FIELDS:
            raise error(
                f"footer text '{text}' has an unknown placeholder '{{{n}}}'",
                pos,
                did_you_mean(n, FOOTER_FIELDS) or hint,
            )


def _template_size(path: Path, pos: Pos | None) -> tuple[int, int]:
    """A template's slide size, read from its presentation part (no python-pptx needed).

    Any PowerPoint package is accepted: .pptx, .potx (a template), .pptm and .potm (with
    macros, which are dropped); the output is always a .pptx."""
    if not path.is_file():
        hint = None
        if path.parent.is_dir():
            hint = did_you_mean(path.name, sorted(p.name for p in path.parent.iterdir()))
        raise error(f"template '{display_path(path)}' not found", pos, hint)
    from ..importer.package import MAIN_TYPES
    from ..opc import Package

    what = (
        f"template '{display_path(path)}' is not a PowerPoint file (.pptx, .potx, .pptm or .potm)"
    )
    with Package(path, "template", pos) as package:  # bounded: opc.py

        def member(name: str) -> str:
            if name not in package:
                raise KeyError(f"it has no {name}")
            return package.read(name).decode("utf-8", "replace")

        try:
            main = _main_part(member("_rels/.rels"))
            types = member("[Content_Types].xml")
            xml = member(main)
        except (KeyError, ValueError) as exc:
            raise error(f"{what} ({exc.args[0] if exc.args else exc})", pos)
    override = re.search(
        r"<Override\b[^>]*PartName=\"/" + re.escape(main) + r"\"[^>]*ContentType=\"([^\"]+)\"",
        types,
    ) or re.search(
        r"<Override\b[^>]*ContentType=\"([^\"]+)\"[^>]*PartName=\"/" + re.escape(main) + r"\"",
        types,
    )
    if override is None or override.group(1) not in MAIN_TYPES:
        found = override.group(1) if override else "none"
        raise error(f"{what} (its main part's content type is {found})", pos)
    m = re.search(r"<p:sldSz\b[^>]*\bcx=\"(\d+)\"[^>]*\bcy=\"(\d+)\"", xml)
    if not m:
        raise error(f"template '{display_path(path)}' has no slide size", pos)
    return int(m.group(1)), int(m.group(2))


def _main_part(rels: str) -> str:
    """The member name of a package's main part (its officeDocument relationship's target),
    from the package's `_rels/.rels`."""
    for rel in re.findall(r"<Relationship\b[^>]*>", rels):
        kind = re.search(r'Type="([^"]+)"', rel)
        target = re.search(r'Target="([^"]+)"', rel)
        if kind and target and kind.group(1).endswith("/officeDocument"):
            return target.group(1).lstrip("/")
    raise ValueError("no main part")


def _set(model: Any) -> dict:
    if model is None:
        return {}
    return {k: getattr(model, k) for k in model.model_fields_set if getattr(model, k) is not None}


# ---- contrast ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ColorUse:
    """One text/background pair slidegen draws, at the smallest size it can be drawn."""

    fg: str
    bg: str
    where: str
    size: float
    bold: bool = False


def color_uses(theme: Theme) -> list[ColorUse]:
    """Every text/background pair the theme produces, at its smallest size."""
    s = theme.sizes
    smallest = min(s["minimum"], s["body"])
    return [
        ColorUse("text", "background", "body text", smallest),
        ColorUse("primary", "background", "slide titles", min(s["heading"], s["minimum"]), True),
        ColorUse("primary", "background", "statements and quotes", smallest),
        ColorUse(
            "background", "primary", "title and section slides (text on primary)", s["caption"]
        ),
        ColorUse("accent", "background", "big figures on stat slides", s["title"], True),
        ColorUse("accent", "background", "highlighted agenda items", smallest * 0.85),
        ColorUse("muted", "background", "source lines, captions and the footer", s["caption"]),
        ColorUse("secondary", "background", "hyperlinks (the hlink colour)", smallest),
    ]


def contrast_problems(theme: Theme) -> list[Diagnostic]:
    """WCAG 2.2 AA contrast failures of the theme's colour pairs, located at the colours."""
    from ..colors import contrast_ratio, format_ratio, required_ratio

    out = []
    for use in color_uses(theme):
        if theme.template is not None and not (
            use.fg in theme.template_colors and use.bg in theme.template_colors
        ):
            continue  # the template's own colours are used: no pair of the theme's to check
        fg, bg = theme.colors[use.fg], theme.colors[use.bg]
        ratio = contrast_ratio(fg, bg)
        need = required_ratio(use.size, use.bold)
        if ratio >= need:
            continue
        size = f"{use.size:g} pt{' bold' if use.bold else ''}"
        msg = (
            f"theme '{theme.name}': {use.fg} {fg} on {use.bg} {bg} has contrast "
            f"{format_ratio(ratio)}, below the {need:g}:1 WCAG 2.2 AA needs for {use.where} "
            f"({size})"
        )
        pos = theme.where(f"colors.{use.fg}") or theme.where(f"colors.{use.bg}")
        hint = "darken or lighten one of the two colours"
        out.append(Diagnostic("error", msg, pos, hint, code=Code.CONTRAST))
    return out


# ---- `slidegen theme new` ------------------------------------------------------------------
NEW_THEME = """\
# Theme '{name}' for slidegen. Decks use it with `theme: {name}` under `deck:`.
# Every key is optional: anything left out comes from the theme named in `extends`.
name: {name}
extends: default                  # another theme whose values this one overrides
size: "16:9"                      # or "4:3"
colors:                           # "#RRGGBB", quoted. slidegen checks WCAG 2.2 AA contrast:
  primary: "#1F3A5F"              # headings; title and section slides (background colour on it)
  secondary: "#2E6F73"            # links and second chart series
  accent: "#B5472A"               # big figures and highlights (3:1 at figure size)
  background: "#FFFFFF"
  text: "#1E1E1E"                 # body text (4.5:1 on the background)
  muted: "#555F66"                # captions, source lines, footer (4.5:1 at caption size)
fonts:                            # prefer fonts every viewer has (Arial, Calibri, Verdana ...)
  heading: Arial
  body: Arial
sizes:                            # points; text shrinks down to `minimum` before it continues
  title: 36                       # onto a "(cont.)" slide
  heading: 28
  body: 22
  caption: 14
  minimum: 18                     # 18 pt: the smallest size `check` accepts for slide text
  statement: 34                   # statements and quotations
  figure: 88                      # a stat slide's figures
grid:                             # lengths with a unit (cm, mm, in, pt, px)
  margin: 0.6in                   # left and right margin of titles and content
  gutter: 0.4in                   # between columns (two-column panes, stats side by side)
  space: 0.2in                    # between blocks (a rule and its title, a quote and its source)
# logo:                           # PNG, JPEG, GIF, BMP, TIFF or WebP (SVG: export a PNG first)
#   image: logo.png               # relative to this folder
#   position: bottom-right        # top-left, top-right, bottom-left or bottom-right
#   height: 1.2cm                 # cm, mm, in, pt or px; the width follows the picture
footer:
  text: "{{organisation}}"         # may use {{organisation}}, {{title}}, {{date}}, {{presenter}},
                                  # {{edition}} (a deck's edition is added when not placed)
  slide_numbers: true             # real slide-number fields, on the master
# template: template.potx         # a corporate template (.pptx, .potx): its design is kept
# layouts:                        # with a template: slidegen layout (or role) -> layout name
#   bullets: Title and Content
#   title: Title Slide
# fallback: false                 # with a template: generate layouts it lacks (with a warning)
"""


def new_theme(name: str, themes_dir: Path) -> Path:
    """Write a commented starting theme to themes_dir/name/theme.yaml; never overwrites."""
    import re

    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise ValueError(f"'{name}' is not a usable theme name (letters, digits, '-', '_', '.')")
    from ..write import create_file

    folder = themes_dir / name
    if folder.exists() or folder.is_symlink():
        raise FileExistsError(f"'{display_path(folder)}' already exists; not overwriting it")
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise error(
            f"cannot make '{display_path(folder)}': {exc.strerror or exc}",
            None,
            "check the folder can be written to",
        ) from None
    path = folder / "theme.yaml"
    create_file(path, NEW_THEME.format(name=name))
    return path
