"""The deck-format reference (docs/deck-reference.md), generated from the validator's own models.

    python -m slidegen.schema.reference > docs/deck-reference.md

Every key of a deck file and of a theme file, with its type, default and description, read
from the JSON Schema that `slidegen schema` prints (`schema.deck_schema`, widened to what a
deck file may say) and from the theme file's model (`theme.ThemeFile`). JSON Schema leaves out
the defaults of list and mapping fields, so those are read from the models, and a theme's
unset colours, fonts and sizes from the values `theme.py` fills in. A model added without a
place on this page is an error, so the page cannot silently miss one.
"""

from __future__ import annotations

import re
import sys
from typing import Any

from pydantic_core import PydanticUndefined

from ..ooxml import EMU_PER_INCH

COMMAND = "python -m slidegen.schema.reference > docs/deck-reference.md"

# Deck objects in page order: JSON Schema definition -> heading. "DeckFile" is the root.
DECK_OBJECTS = {
    "DeckFile": "Deck file",
    "DeckMeta": "`deck`",
    "EvidencePolicy": "`deck.evidence`",
    "Presenter": "Presenter",
    "Section": "Section",
    "Include": "Include",
    "Slide": "Slides",
    "Bullet": "Bullet",
    "Stat": "Stat",
    "Pane": "Pane",
    "Chart": "Chart",
    "Series": "Series",
    "Audience": "Audience",
    "ReadingLevel": "Reading level",
    "ReferenceEntry": "Reference",
}
THEME_OBJECTS = {
    "ThemeFile": "Theme file",
    "ThemeColors": "Theme `colors`",
    "ThemeFonts": "Theme `fonts`",
    "ThemeSizes": "Theme `sizes`",
    "ThemeGrid": "Theme `grid`",
    "ThemeLogo": "Theme `logo`",
    "ThemeFooter": "Theme `footer`",
}

# Patterns the models use, in words (anything else is shown as it is).
_PATTERNS = {
    r"^[A-Za-z0-9][A-Za-z0-9_.-]*$": "slug",
    r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "language tag",
    r"^\d{1,2}/\d{1,2}$": "text",
    r"^\s*\d+\s*$": "whole number",
    r"\S": "text",
}

INTRO = f"""\
# Deck-format reference

<!-- Generated from src/slidegen/model.py and src/slidegen/theme.py: do not edit by hand.
     Change the models' descriptions, then run: {COMMAND} -->

Every key of a deck file and of a theme file: its type, its default and what it is for. This
page is generated from the models slidegen validates with, the same ones `slidegen schema`
turns into JSON Schema, so it lists exactly what slidegen accepts; any other key is an error
that names the nearest known one. The [user guide](guide.md) shows how the keys work together,
with examples.

Reading the tables:

- **text** also takes a number (`value: 74` is the text "74"); text fields accept the
  [inline markup](guide.md#inline-text) (`**bold**`, links, `[@citations]`, `{{{{ data }}}}`).
- **slug**: a letter or digit, then letters, digits, `_`, `.` or `-` (at most 120 characters).
- **date**: `YYYY-MM-DD`. **mapping (name → X)**: keys you choose, each holding an X.
- **text or list of text**: one value may be written without the list (`cite: sleed2022`).
- *default*: **required** keys must be given; an empty default means the key is optional and
  simply absent when not given.
"""


# Overlay files have no model of their own (an overlay is a partial deck, merged into the
# located tree before validation, see load/overlay.py): their rules, in words.
OVERLAYS = """\
## Overlays

An overlay file (`--overlay FILE`) has a deck file's top-level keys, each optional, plus
`remove`; it is merged into the deck before validation, so every key above applies to the
merged deck. Paths in it are relative to the overlay file. See
[Overlays](guide.md#overlays) in the guide.

| key | type | default | description |
| --- | --- | --- | --- |
| `deck` | [deck](#deck) keys |  | Merged key by key into the deck's `deck` |
| `data` | mapping (any values) |  | Merged key by key (a value given here replaces the deck's) |
| `data_files` | text or list of text |  | Added after the deck's data files |
| `references` | as the deck's |  | Files are added to the deck's; a mapping merges by id |
| `audiences` | mapping (name → [Audience](#audience) keys) |  | Merged by name, then key by key |
| `sections` | list of ([Section](#section) keys or [Include](#include)) |  | \
Merged by `id` at any depth, then each section's `slides` by `id` (rules below); a new item \
may carry `after` or `before` (an id) |
| `remove` | slug or list of slugs |  | Section or slide ids to drop, before the merges |
| `suppress` | mapping (name → text) |  | Merged by code |

- A slide whose id exists is merged key by key (a list replaces the deck's list), unless its
  `layout` differs from the deck slide's: then it **replaces** that slide, keeping its id and
  its place.
- A section or slide whose id matches nothing is new. It goes where `after: <id>` or
  `before: <id>` (an id of the same list) says; without them, right after the new item written
  before it, else at the end of its list, with a warning when the list had items. An id close
  to an existing one (a typo, or the same words in another order) without `after:`/`before:`
  is an error that names the id probably meant.
- An existing item with `after:` or `before:` moves there.
"""


def reference_markdown() -> str:
    """The whole reference page, as markdown text."""
    from . import deck_schema, model, theme

    deck = deck_schema()
    theme_schema = theme.ThemeFile.model_json_schema(mode="validation")
    deck_defs = {**deck["$defs"], "DeckFile": deck}
    theme_defs = {**theme_schema.get("$defs", {}), "ThemeFile": theme_schema}
    for defs, objects, what in (
        (deck_defs, DECK_OBJECTS, "deck"),
        (theme_defs, THEME_OBJECTS, "theme"),
    ):
        missing = sorted(set(defs) - set(objects) - _slide_defs(deck_defs))
        if missing:
            raise RuntimeError(f"no place on the {what} reference page for: {', '.join(missing)}")
    models = _models(model, theme)
    theme_defaults = _theme_defaults(theme)

    page = _Page(models, theme_defaults)
    page.links = {name: (title, _slug(title)) for name, title in DECK_OBJECTS.items()}
    page.links.update({name: (title, _slug(title)) for name, title in THEME_OBJECTS.items()})
    for layout, name in _layouts(deck_defs).items():
        page.links[name] = (f"`{layout}` slide", _slug(f"`{layout}` slides"))

    out = [INTRO, _contents()]
    for name, title in DECK_OBJECTS.items():
        if name == "Slide":
            out.append(page.slides(deck_defs))
        else:
            out.append(page.section(title, name, deck_defs[name]))
    out.append(OVERLAYS)
    for name, title in THEME_OBJECTS.items():
        out.append(page.section(title, name, theme_defs[name]))
    return "\n".join(part.rstrip("\n") + "\n" for part in out)


def main() -> None:
    """Print the page as UTF-8 with "\n" line ends, whatever the terminal's encoding."""
    text = reference_markdown()
    out = getattr(sys.stdout, "buffer", None)
    if out is None:
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    out.write(text.encode("utf-8"))
    out.flush()


# ---- the page --------------------------------------------------------------------------------


class _Page:
    def __init__(self, models: dict[str, Any], theme_defaults: dict[tuple[str, str], Any]):
        self.models = models
        self.theme_defaults = theme_defaults
        self.links: dict[str, tuple[str, str]] = {}

    def section(self, title: str, name: str, node: dict, level: int = 2) -> str:
        obj = _object_form(node)
        lines = [f"{'#' * level} {title}", ""]
        about = node.get("description") or obj.get("description")
        if name == "DeckFile":
            about = "The top level of a deck file (YAML, UTF-8)."
        elif name == "ThemeFile":
            about = (
                "The top level of `theme.yaml`. A theme is a folder holding `theme.yaml` and its"
                " assets (logo, template): see [Themes and corporate templates]"
                "(guide.md#themes-and-corporate-templates). A theme takes every key it does not"
                " set from the theme it `extends`; the defaults below are what a theme that"
                " extends nothing gets."
            )
        if about:
            lines += [_prose(about), ""]
        scalar = _scalar_form(node)
        if scalar:
            lines += [f"May also be written as {scalar} alone.", ""]
        lines += self.table(name, obj)
        lines += self.rules(obj)
        return "\n".join(lines)

    def table(self, name: str, obj: dict, skip: tuple[str, ...] = ()) -> list[str]:
        props = {k: v for k, v in obj.get("properties", {}).items() if k not in skip}
        if not props:
            return ["No keys of its own.", ""]
        required = set(obj.get("required", []))
        rows = ["| key | type | default | description |", "| --- | --- | --- | --- |"]
        for key, prop in props.items():
            rows.append(
                "| "
                + " | ".join(
                    [
                        f"`{key}`",
                        _cell(self.type(prop)),
                        _cell(self.default(name, key, prop, required)),
                        _cell(_prose(prop.get("description", ""))),
                    ]
                )
                + " |"
            )
        return [*rows, ""]

    def rules(self, obj: dict) -> list[str]:
        """The checks the schema spells out beyond keys and types (`allOf`/`oneOf`)."""
        out = []
        for rule in obj.get("allOf", []):
            cond, then = rule.get("if", {}), rule.get("then", {})
            need = then.get("required")
            if not need:
                continue
            verb = "is" if len(need) == 1 else "are"
            text = f"{_keys(need)} {verb} required"
            unless = cond.get("not", {}).get("properties", {})
            for key, value in unless.items():
                text += f" unless `{key}: {_yaml(value.get('const'))}`"
            when = cond.get("required", [])
            if when:
                text = f"With {_keys(when)}, {text}"
            out.append(text[0].upper() + text[1:] + ".")
        if "oneOf" in obj:
            names = [k for option in obj["oneOf"] for k in option.get("required", [])]
            out.append(f"Give exactly one of {_keys(names)}.")
        return [" ".join(out), ""] if out else []

    def slides(self, defs: dict) -> str:
        slide = defs["Slide"]
        layouts = _layouts(defs)
        slide_defs = [defs[name] for name in layouts.values()]
        common = [
            key
            for key in slide_defs[0]["properties"]
            if key != "layout" and all(key in d["properties"] for d in slide_defs)
        ]
        layout_prop = slide["properties"]["layout"]
        lines = [
            "## Slides",
            "",
            _prose(slide["description"]),
            "",
            "| layout | what it shows |",
            "| --- | --- |",
        ]
        for layout, name in layouts.items():
            summary = _first_sentence(defs[name].get("description", ""))
            lines.append(f"| [`{layout}`](#{_slug(f'`{layout}` slides')}) | {_cell(summary)} |")
        lines += ["", "Every slide takes these keys:", ""]
        base = {
            "properties": {
                "layout": {**layout_prop, "description": "Which layout the slide uses"},
                **{k: slide_defs[0]["properties"][k] for k in common},
            },
            "required": [],
        }
        lines += self.table("SlideBase", base)
        for layout, name in layouts.items():
            obj = defs[name]
            lines += [f"### `{layout}` slides", ""]
            if obj.get("description"):
                lines += [_prose(obj["description"]), ""]
            lines += self.table(name, obj, skip=("layout", *common))
            lines += self.rules(obj)
        return "\n".join(lines)

    def type(self, node: dict) -> str:
        if "$ref" in node:
            name = node["$ref"].rsplit("/", 1)[-1]
            if name == "Slide":
                return "[Slide](#slides)"
            title, anchor = self.links.get(name, (name, _slug(name)))
            return f"[{title.replace('`', '')}](#{anchor})"
        if "const" in node:
            return f"`{_yaml(node['const'])}`"
        if "enum" in node:
            return _or([f"`{_yaml(v)}`" for v in node["enum"]])
        if "anyOf" in node:
            options = [o for o in node["anyOf"] if o.get("type") != "null"]
            return _or(_unique(self.type(o) for o in options))
        kind = node.get("type")
        if isinstance(kind, list):
            kinds = [k for k in kind if k != "null"]
            kind = "string" if "string" in kinds else kinds[0] if kinds else None
        if kind == "string":
            if node.get("format") == "date":
                return "date"
            pattern = node.get("pattern")
            return _PATTERNS.get(pattern, f"text matching `{pattern}`") if pattern else "text"
        if kind == "integer":
            return "whole number"
        if kind == "number":
            return "number"
        if kind == "boolean":
            return "`true` or `false`"
        if kind == "array":
            item = self.type(node.get("items", {}))
            if " or " in item:
                item = f"({item})"
            return f"list of {item}{_bounds(node)}"
        if kind == "object":
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                return f"mapping (name → {self.type(extra)})"
            return "mapping (any values)"
        return "any"

    def default(self, model: str, key: str, prop: dict, required: set[str]) -> str:
        if (model, key) in self.theme_defaults:
            return f"`{_yaml(self.theme_defaults[model, key])}`"
        if "default" in prop:
            value = prop["default"]
            return "" if value is None else f"`{_yaml(value)}`"
        if key in required:
            return "**required**"
        cls = self.models.get(model)
        field = cls.model_fields.get(key) if cls is not None else None
        if field is not None:
            if field.default_factory is not None:
                return f"`{_yaml(field.default_factory())}`"
            if field.default is not PydanticUndefined and field.default is not None:
                return f"`{_yaml(field.default)}`"
        return ""


# ---- helpers ---------------------------------------------------------------------------------


def _models(*modules) -> dict[str, Any]:
    from pydantic import BaseModel

    return {
        name: obj
        for module in modules
        for name, obj in vars(module).items()
        if isinstance(obj, type) and issubclass(obj, BaseModel)
    }


def _theme_defaults(theme) -> dict[tuple[str, str], Any]:
    """What a theme that extends nothing gets for the keys it leaves out (see theme._merge)."""
    out: dict[tuple[str, str], Any] = {("ThemeFile", "size"): theme.DEFAULT_SIZE}
    for model, values in (
        ("ThemeColors", theme.DEFAULT_COLORS),
        ("ThemeFonts", theme.DEFAULT_FONTS),
        ("ThemeSizes", theme.DEFAULT_SIZES),
    ):
        out.update({(model, key): value for key, value in values.items()})
    grid = theme.DEFAULT_GRID
    out.update({("ThemeGrid", key): f"{emu / EMU_PER_INCH:g}in" for key, emu in grid.items()})
    return out


def _layouts(defs: dict) -> dict[str, str]:
    """Layout name -> its slide model's definition, in the order of `slidegen schema`."""
    out = {}
    for rule in defs["Slide"]["allOf"]:
        const = rule["if"].get("properties", {}).get("layout", {}).get("const")
        if const is not None:
            out[const] = rule["then"]["$ref"].rsplit("/", 1)[-1]
    return out


def _slide_defs(defs: dict) -> set[str]:
    return set(_layouts(defs).values())


def _object_form(node: dict) -> dict:
    """The mapping form of a definition (Bullet and Presenter may also be plain text)."""
    for option in node.get("anyOf", []):
        if option.get("type") == "object":
            return option
    return node


def _scalar_form(node: dict) -> str:
    for option in node.get("anyOf", []):
        if option.get("type") != "object":
            return "text"
    return ""


def _bounds(node: dict) -> str:
    low, high = node.get("minItems"), node.get("maxItems")
    if low and high:
        return f" ({low} to {high})"
    if low:
        return f" (at least {low})"
    if high:
        return f" (at most {high})"
    return ""


def _yaml(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items())
        return f"{{{pairs}}}"
    return str(value)


def _keys(names) -> str:
    return _or([f"`{n}`" for n in names])


def _or(parts: list[str]) -> str:
    parts = list(parts)
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " or " + parts[-1]


def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    # "text" already takes numbers: do not list them beside it
    if "text" in out:
        out = [i for i in out if i not in ("number", "whole number")]
    return out


def _prose(text: str) -> str:
    """A description as markdown: first letter capitalised, `<` kept visible outside code."""
    text = " ".join(text.split())
    if not text:
        return ""
    if text[0].isalpha():
        text = text[0].upper() + text[1:]
    parts = re.split(r"(`[^`]*`)", text)
    parts = [
        p if p.startswith("`") else p.replace("<", "&lt;").replace(" -> ", " → ") for p in parts
    ]
    return "".join(parts)


def _first_sentence(text: str) -> str:
    """Up to the first '.', ';' or ':' that ends a clause outside `code`."""
    text = " ".join(text.split())
    in_code = False
    for i, ch in enumerate(text):
        if ch == "`":
            in_code = not in_code
        elif not in_code and ch in ".;:" and (i + 1 == len(text) or text[i + 1] == " "):
            return _prose(text[:i])
    return _prose(text)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading."""
    text = heading.replace("`", "").strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _contents() -> str:
    deck = ", ".join(
        f"[{title.replace('`', '')}](#{_slug(title)})" for title in DECK_OBJECTS.values()
    )
    theme = ", ".join(
        f"[{title.replace('`', '').replace('Theme ', '')}](#{_slug(title)})"
        for title in THEME_OBJECTS.values()
    )
    return (
        f"On this page:\n\n- Deck files: {deck}.\n- Overlay files: [Overlays](#overlays).\n"
        f"- Theme files: {theme}.\n"
    )


if __name__ == "__main__":
    main()
