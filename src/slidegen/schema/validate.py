"""Validate located deck data against the models, reporting every error of a file at once."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import Diagnostic, Pos, SlidegenError, a_or_an, did_you_mean
from ..load import LDict, LList
from .model import LAYOUTS, DeckFile, layout_fields

# What a list of each key holds, for "expected a list of bullets, found a string".
_LIST_OF = {
    "bullets": "bullets",
    "cite": "reference ids",
    "tags": "tags",
    "audiences": "audience names",
    "include_tags": "tags",
    "exclude_tags": "tags",
    "sections": "sections",
    "slides": "slides",
    "items": "strings",
    "columns": "column headings",
    "rows": "rows (each a list of cells)",
    "categories": "categories",
    "series": "series",
    "values": "values",
    "stats": "{value, label} figures",
    "authors": "authors",
    "data_files": "file paths",
}


def kind_of(value: Any) -> str:
    """How a value reads to a user: 'a string', 'a list', 'a mapping', 'a number'..."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _walk(tree: Any, loc: tuple) -> tuple[Any, Any, Any]:
    """Follow a pydantic error location through the located data.

    Returns (parent container, key within it, value). Location parts that are not keys or
    indexes of the data (union tags, validator names) are skipped.
    """
    parent, key, node = None, None, tree
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            parent, key, node = node, part, node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, key, node = node, part, node[part]
        # else: a tag such as "layout:stat" or "function-after[...]"
    return parent, key, node


def _pos_of(parent, key, node, fallback: Pos) -> Pos:
    if isinstance(parent, (LDict, LList)) and key is not None:
        return parent.where(key)
    if isinstance(node, (LDict, LList)):
        return node.pos
    return fallback


def _model_for(tree: Any, loc: tuple) -> str:
    """A human name for the mapping an error is in: 'slide', 'section', 'deck'..."""
    names = [p for p in loc if isinstance(p, str) and not _is_tag(p)]
    parent = names[-2] if len(names) >= 2 else ""
    if len(names) >= 3 and names[-3] in ("audiences", "references"):
        return f"{names[-3][:-1]} '{parent}'"  # a mapping of name -> entry: "audience 'comm'"
    return {
        "deck": "'deck'",
        "presenter": "'presenter'",
        "slides": "slide",
        "sections": "section",
        "chart": "'chart'",
        "left": "pane",
        "right": "pane",
        "audiences": "audience",
        "references": "reference",
        "stats": "a figure of 'stats'",
        "bullets": "bullet",
        "series": "series",
    }.get(parent, f"'{parent}'" if parent else "the deck file")


def diagnostics_from(exc: ValidationError, tree: Any, file_pos: Pos) -> list[Diagnostic]:
    """Turn pydantic's errors into located, human diagnostics (one per problem)."""
    out: dict[tuple, Diagnostic] = {}
    errors = exc.errors(include_url=False)
    deeper = [tuple(_strip_tags(e["loc"])) for e in errors]
    for err in errors:
        loc = tuple(err["loc"])
        if err["type"] in _BRANCH_TYPES and _has_deeper(tuple(_strip_tags(loc)), deeper):
            continue  # another branch of a union matched the shape: report its errors only
        parent, key, node = _walk(tree, loc)
        etype = err["type"]
        last = loc[-1] if loc else None
        colon = _colon_item(tree, loc, etype)
        if colon is not None:
            d = colon
        elif etype == "extra_forbidden":
            name = str(last)
            allowed = _allowed_keys(tree, loc)
            hint = did_you_mean(name, allowed)
            where = parent.where_key(key) if isinstance(parent, LDict) else file_pos
            msg = f"unknown key '{name}' in {_container_name(tree, loc)}"
            d = Diagnostic("error", msg, where, hint)
        elif etype == "missing":
            container = node if isinstance(node, dict) else parent
            where = container.pos if isinstance(container, (LDict, LList)) else file_pos
            if isinstance(node, dict) and last not in node:
                where = node.pos
            owner = (
                _container_name(tree, loc)
                if _is_slide_loc(loc[:-1])
                else _model_for(tree, loc[:-1] + ("x",))
            )
            d = Diagnostic("error", f"missing required key '{last}' in {owner}", where)
        elif etype in ("union_tag_invalid", "union_tag_not_found"):
            layout = node.get("layout") if isinstance(node, dict) else None
            where = node.where("layout") if isinstance(node, LDict) else file_pos
            d = Diagnostic(
                "error",
                f"unknown layout '{layout}'; expected one of: {', '.join(LAYOUTS)}",
                where,
                did_you_mean(str(layout), LAYOUTS),
            )
        else:
            if loc and loc[-1] == "[key]" and isinstance(parent, LDict):  # a mapping's key
                where = parent.where_key(key)
            else:
                where = _pos_of(parent, key, node, file_pos)
            d = Diagnostic("error", _message(err, key, node), where)
        d = _name_the_overlay(tree, loc, d)
        out.setdefault((d.pos, d.message), d)
    return sorted(out.values(), key=Diagnostic.sort_key)


# Lists of text, where an item YAML read as `{key: value}` was text with a ': ' in it.
_TEXT_LISTS = (
    "bullets",
    "items",
    "tags",
    "cite",
    "categories",
    "columns",
    "audiences",
    "include_tags",
    "exclude_tags",
    "data_files",
)


def _colon_item(tree, loc: tuple, etype: str) -> Diagnostic | None:
    """An item of a list of text that YAML read as a one-key mapping (`- Tip: offer help`):
    one error saying so, with the quoted text to write, instead of a key error."""
    item_loc = loc[:-1] if etype in ("extra_forbidden", "missing") else loc
    parts = _strip_tags(item_loc)
    if len(parts) < 2 or not isinstance(parts[-1], int) or parts[-2] not in _TEXT_LISTS:
        return None
    owner, index, node = _walk(tree, item_loc)
    if not (isinstance(node, LDict) and len(node) == 1 and isinstance(owner, LList)):
        return None
    ((k, v),) = node.items()
    if not isinstance(k, str) or k in ("text", "bullets") or isinstance(v, (dict, list)):
        return None
    text = f"{k}: {v}" if v is not None else f"{k}:"
    quoted = f'"{text}"' if '"' not in text else "'" + text.replace("'", "''") + "'"
    return Diagnostic(
        "error",
        f"item {index + 1} of '{parts[-2]}' reads as a key and its value ('{text}'):"
        " a ': ' in unquoted text starts a key",
        owner.where(index),
        f"put the text in quotes: {quoted}",
    )


def _name_the_overlay(tree, loc: tuple, d: Diagnostic) -> Diagnostic:
    """An error in a slide or section an overlay merged keys into names the overlay's line:
    an error about the mapping as a whole (a key missing, two forms given) is placed there,
    one at a key the deck itself wrote says which overlay line merged into it."""
    parent, key, node, merged, list_name = None, None, tree, None, ""
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str) and part in node:
            list_name = part
            parent, key, node = node, part, node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            parent, key, node = node, part, node[part]
        else:
            continue
        if getattr(node, "merged_at", None):
            merged = (parent, key, node, "slide" if list_name == "slides" else "section")
    if merged is None or d.pos is None:
        return d
    owner, index, target, what = merged
    overlay_at = target.merged_at[-1]
    if d.pos.file == overlay_at.file:
        return d  # at a key the overlay wrote: already there
    whole = {target.pos, owner.where(index) if isinstance(owner, LList) else target.pos}
    if d.pos in whole:
        note = f"the {what} at {d.pos}, merged with this overlay's keys"
        where = overlay_at
    else:
        note = f"this {what} is merged with the overlay at {overlay_at}"
        where = d.pos
    return Diagnostic(d.severity, d.message, where, f"{d.hint}; {note}" if d.hint else note, d.code)


_BRANCH_TYPES = ("list_type", "string_type", "str_type", "dict_type", "model_type")


def _has_deeper(loc: tuple, all_locs: list[tuple]) -> bool:
    return any(len(other) > len(loc) and other[: len(loc)] == loc for other in all_locs)


def _container_name(tree, loc) -> str:
    parent, key, node = _walk(tree, loc[:-1])
    if _is_slide_loc(loc[:-1]):
        layout = node.get("layout", "bullets") if isinstance(node, dict) else "bullets"
        return f"{a_or_an(str(layout))} '{layout}' slide"
    return _model_for(tree, loc)


def _strip_tags(loc) -> list:
    return [p for p in loc if isinstance(p, int) or not _is_tag(p)]


def _is_tag(part: str) -> bool:
    return part.startswith("layout:") or "[" in part or part in ("str", "list", "dict")


def _is_slide_loc(loc) -> bool:
    parts = _strip_tags(loc)
    return len(parts) >= 2 and parts[-2] == "slides" and isinstance(parts[-1], int)


def _allowed_keys(tree, loc) -> list[str]:
    parent, key, node = _walk(tree, loc[:-1])
    if _is_slide_loc(loc[:-1]) and isinstance(node, dict):
        return layout_fields(str(node.get("layout", "bullets")))
    parts = _strip_tags(loc[:-1])
    slide_at = max((i for i in range(1, len(parts)) if parts[i - 1] == "slides"), default=None)
    if slide_at is not None and isinstance(parts[slide_at], int):
        from .model import SLIDE_CLASSES

        _, _, slide = _walk(tree, tuple(parts[: slide_at + 1]))
        layout = slide.get("layout", "bullets") if isinstance(slide, dict) else "bullets"
        cls = next((c for c in SLIDE_CLASSES if layout in _literal_args(c)), None)
        model = _model_at(cls, parts[slide_at + 1 :]) if cls else None
    else:
        model = _model_at(DeckFile, parts)
    return list(model.model_fields) if model else []


def _literal_args(cls) -> tuple:
    return getattr(cls.model_fields["layout"].annotation, "__args__", ())


def _model_at(model, loc) -> type[BaseModel] | None:
    """Best-effort: the model class at a location (for suggestions)."""
    import typing

    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(part)
            if field is None:
                continue
            current = field.annotation
        while True:
            args = [a for a in typing.get_args(current) if a is not type(None)]
            models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
            if models:
                current = models[0]
                break
            if args:
                current = args[-1]
                if not typing.get_args(current):
                    break
            else:
                break
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _item_name(err: dict, key) -> str:
    """'bullets' for a key; "item 3 of 'bullets'" for a list item (was "this item")."""
    if isinstance(key, str):
        return f"'{key}'"
    names = [p for p in _strip_tags(err["loc"])[:-1] if isinstance(p, str)]
    return f"item {key + 1} of '{names[-1]}'" if isinstance(key, int) and names else "this item"


def _quote_hint(node) -> str:
    # YAML reads a plain true, false, null or ~ as a switch or nothing, not as the words.
    if isinstance(node, bool) or node is None:
        word = "null" if node is None else str(node).lower()
        return f' (if it is text, write it in quotes: "{word}")'
    return ""


def _message(err: dict, key, node) -> str:
    etype = err["type"]
    name = _item_name(err, key)
    if etype == "list_type":
        what = _LIST_OF.get(key if isinstance(key, str) else "", "values")
        return f"{name}: expected a list of {what}, found {kind_of(node)}"
    if etype in ("string_type", "str_type"):
        return f"{name}: expected text, found {kind_of(node)}{_quote_hint(node)}"
    if etype in ("dict_type", "model_type", "model_attributes_type"):
        if name.endswith("of 'bullets'"):
            expected = "text or {text, bullets}"
            return f"{name}: expected {expected}, found {kind_of(node)}{_quote_hint(node)}"
        return f"{name}: expected a mapping of keys, found {kind_of(node)}"
    if etype in ("bool_type", "bool_parsing"):
        return f"{name}: expected true or false, found {kind_of(node)}"
    if etype in ("int_type", "int_parsing", "float_type", "float_parsing", "int_from_float"):
        return f"{name}: expected a number, found {kind_of(node)}"
    if etype in ("date_type", "date_parsing", "date_from_datetime_parsing"):
        return f"{name}: expected a date like 2026-11-26, found {kind_of(node)}"
    if etype == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        hint = did_you_mean(
            str(node), [s.strip(" '") for s in expected.replace(" or ", ",").split(",")]
        )
        text = f"{name}: expected {expected}, found '{node}'"
        return f"{text} ({hint})" if hint else text
    if etype == "string_pattern_mismatch":
        if key == "language":
            return f"'language': expected a language tag like en-GB, found '{node}'"
        if key == "title":
            return "'title': must not be blank"
        if key == "ratio":
            return f"'ratio': expected two whole numbers like 60/40, found '{node}'"
        return f"{name}: '{node}' is not a valid id (letters, digits, '-', '_' and '.', no spaces)"
    if etype == "too_short":
        return f"{name}: must not be empty"
    if etype == "too_long":
        limit = err.get("ctx", {}).get("max_length")
        found = len(node) if hasattr(node, "__len__") else "more"
        return f"{name}: at most {limit} items allowed, found {found}"
    if etype == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    return f"{name}: {err['msg']}"


def validate_deck(tree: Any, file: str) -> DeckFile:
    """Validate a loaded deck; raises SlidegenError with every problem, sorted by position."""
    file_pos = getattr(tree, "pos", Pos(file, 1, 1))
    if not isinstance(tree, dict):
        raise SlidegenError(
            Diagnostic(
                "error", "a deck file must be a mapping with 'deck:' and 'sections:'", file_pos
            )
        )
    try:
        return DeckFile.model_validate(tree)
    except ValidationError as exc:
        raise SlidegenError(diagnostics_from(exc, tree, file_pos))
