"""Data for {{ placeholders }}: data files merged in order, the deck's own data last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..errors import Diagnostics, Pos, error
from ..load import LDict, load_file


def merge_data(base: dict, extra: dict) -> dict:
    """Deep-merge mappings key by key (later wins); keeps the located mapping of `extra`."""
    out = LDict(getattr(extra, "pos", None) or getattr(base, "pos", Pos("")))
    for source in (base, extra):
        for key, value in source.items():
            if isinstance(value, dict) and isinstance(out.get(key), dict) and not is_sourced(value):
                value = merge_data(out[key], value)
            out[key] = value
            if isinstance(source, LDict):
                out.key_pos[key] = source.where_key(key)
                out.val_pos[key] = source.where(key)
    return out


def load_data(deck_dir: Path, files: list[str], own: dict, where, diags: Diagnostics) -> dict:
    """All data of a deck: each data file in order, then the deck's own `data`."""
    data: dict = LDict(Pos(""))
    for i, name in enumerate(files):
        pos = where(i)
        tree = load_file(deck_dir / name, diags, pos, what="data file")
        if tree is None:
            continue
        if not isinstance(tree, dict):
            raise error(
                "a data file must hold a mapping of names to values", getattr(tree, "pos", pos)
            )
        data = merge_data(data, tree)
    data = merge_data(data, own or {})
    check_evidence_dates(data, diags)
    return data


# the keys a sourced value may have besides `value`
SOURCED_KEYS = frozenset({"value", "cite", "note", "as_of", "review_by"})
EVIDENCE_DATE_KEYS = ("as_of", "review_by")


def is_sourced(value: Any) -> bool:
    """A sourced value: `{value: 74, cite: sleed2022}` (cite may be a list), with optional
    `note`, `as_of` and `review_by`."""
    return isinstance(value, dict) and "value" in value and set(value) <= SOURCED_KEYS


def check_evidence_dates(data: Any, diags: Diagnostics) -> None:
    """Every sourced value's `as_of` and `review_by` must be a date, a month or a year: an
    error at the value otherwise (collected, so a deck's mistakes are reported together)."""
    from ..lifecycle import parse_evidence_date

    if is_sourced(data):
        for key in EVIDENCE_DATE_KEYS:
            if key in data:
                try:
                    parse_evidence_date(data[key])
                except ValueError as exc:
                    where = data.where(key) if hasattr(data, "where") else None
                    diags.error(f"'{key}': {exc}", where)
        return
    if isinstance(data, dict):
        for value in data.values():
            check_evidence_dates(value, diags)


def format_value(value: Any) -> str:
    """How a data value reads in text: 74.0 -> 74, booleans lower-case, dates ISO."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class DataLookup:
    """Resolves dotted names against the deck's data and records which names were used."""

    def __init__(self, data: dict):
        self.data = data

    def get(self, name: str, pos: Pos | None) -> tuple[Any, tuple[str, ...]]:
        """(raw value, ids it cites) for a dotted name; a missing name is a located error."""
        node: Any = self.data
        walked: list[str] = []
        for part in name.split("."):
            if isinstance(node, dict) and not is_sourced(node) and part in node:
                node = node[part]
                walked.append(part)
                continue
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
                walked.append(part)
                continue
            choices = [str(k) for k in node] if isinstance(node, dict) else []
            import difflib  # only for a mistake (start-up)

            match = difflib.get_close_matches(part, choices, 1, 0.6)
            prefix = ".".join(walked) + "." if walked else ""
            hint = f"did you mean '{prefix}{match[0]}'?" if match else None
            raise error(f"no data value for '{{{{ {name} }}}}'", pos, hint)
        cites: tuple[str, ...] = ()
        if is_sourced(node):
            c = node.get("cite") or ()
            if not isinstance(c, (str, list, tuple)):
                where = node.where("cite") if hasattr(node, "where") else pos
                raise error(
                    f"'cite' of data value '{name}' must be a reference id or a list of them, "
                    f"not {type(c).__name__} {c!r}",
                    where,
                    "write `cite: sleed2022` or `cite: [sleed2022, ohara2019]`",
                )
            cites = (c,) if isinstance(c, str) else tuple(str(x) for x in c)
            node = node["value"]
        if isinstance(node, (dict, list)):
            raise error(f"'{{{{ {name} }}}}' is a group of values, not a single value", pos)
        return node, cites

    def __call__(self, name: str, pos: Pos | None) -> tuple[str, tuple[str, ...]]:
        value, cites = self.get(name, pos)
        return format_value(value), cites
