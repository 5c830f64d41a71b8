"""Putting `{{ }}` placeholders back into text a team edited.

A slide's text comes from the deck with placeholders (`"{{ anna_freud.interactions_pct }}%"`);
the .pptx shows their values ("74%"). When a team rewords such a text, its value usually still
stands in the new words: it is put back as the placeholder, so next year's figure reaches the
team's wording too. A value that no longer appears was typed over ("77%"): that is reported,
since the team probably wants the figure, not a frozen number.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


@dataclass(frozen=True)
class Frozen:
    """A placeholder whose value the edited text no longer shows: `typed` is what stands in
    its place ("" when it cannot be told)."""

    name: str
    value: str
    typed: str


def resolved(source: str, value_of: Callable[[str], str | None]) -> str:
    """The source text with each placeholder's value in its place."""
    return PLACEHOLDER.sub(lambda m: value_of(m.group(1)) or m.group(0), source)


def _find(text: str, value: str, start: int) -> int:
    """Where `value` stands on its own in `text` from `start` (not inside a longer number or
    word: "4" is not found in "1:4" or "24")."""
    i = text.find(value, start)
    while i >= 0:
        before = text[i - 1] if i > 0 else " "
        after = text[i + len(value)] if i + len(value) < len(text) else " "
        ok_before = not (value[:1].isalnum() and (before.isalnum() or before in ".:,"))
        ok_after = not (value[-1:].isalnum() and (after.isalnum() or _digit_after(text, i, value)))
        if ok_before and ok_after:
            return i
        i = text.find(value, i + 1)
    return -1


def _digit_after(text: str, i: int, value: str) -> bool:
    """A number followed by ".5" or ",000": part of a longer number."""
    j = i + len(value)
    return j + 1 < len(text) and text[j] in ".,:" and text[j + 1].isdigit()


def retemplate(
    source: str, edited: str, value_of: Callable[[str], str | None]
) -> tuple[str, list[Frozen]]:
    """`edited` with the values of `source`'s placeholders put back as the placeholders, in
    order; and the placeholders whose values it no longer shows."""
    out = edited
    frozen: list[Frozen] = []
    at = 0
    for m in PLACEHOLDER.finditer(source):
        value = value_of(m.group(1))
        if not value:
            continue
        i = _find(out, value, at)
        if i < 0:
            frozen.append(Frozen(m.group(1), value, _typed(source, edited, value_of, value)))
            continue
        out = out[:i] + m.group(0) + out[i + len(value) :]
        at = i + len(m.group(0))
    return out, frozen


def _typed(source: str, edited: str, value_of, value: str) -> str:
    """What the edited text has where the source showed `value` (the words that replace it)."""
    old = re.findall(r"\s+|[^\s]+", resolved(source, value_of))
    new = re.findall(r"\s+|[^\s]+", edited)
    sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "replace" and any(value in tok for tok in old[i1:i2]):
            return "".join(new[j1:j2]).strip()
    return ""


def has_placeholder(value) -> bool:
    """Whether a source value (text, or lists and mappings of it) holds a placeholder."""
    if isinstance(value, str):
        return bool(PLACEHOLDER.search(value))
    if isinstance(value, dict):
        return any(has_placeholder(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(has_placeholder(v) for v in value)
    return False


def _text_of(item) -> str:
    if isinstance(item, dict):
        return str(item.get("text", item.get("label", item.get("value", ""))))
    return "" if item is None else str(item)


def retemplate_value(source, edited, value_of) -> tuple[object, list[Frozen]]:
    """retemplate through a value: text, lists (items paired by their words) and mappings
    (by key). Numbers equal to a placeholder's value become the placeholder again."""
    frozen: list[Frozen] = []
    if source is None or not has_placeholder(source):
        return edited, frozen
    if isinstance(edited, str) and isinstance(source, str):
        return retemplate(source, edited, value_of)
    if isinstance(edited, (int, float)) and not isinstance(edited, bool):
        if isinstance(source, str):
            shown = resolved(source, value_of).strip().rstrip("%").replace(",", "")
            try:
                if float(shown) == float(edited):
                    return source, frozen
            except ValueError:
                pass
            m = PLACEHOLDER.search(source)
            if m:
                frozen.append(Frozen(m.group(1), value_of(m.group(1)) or "", _number(edited)))
        return edited, frozen
    if isinstance(edited, dict) and isinstance(source, dict):
        out = type(edited)()
        for k, v in edited.items():
            out[k], more = retemplate_value(source.get(k), v, value_of)
            frozen += more
        return out, frozen
    if isinstance(edited, (list, tuple)) and isinstance(source, (list, tuple)):
        pairs = _pair(source, edited, value_of)
        out_items = []
        for j, item in enumerate(edited):
            src = source[pairs[j]] if j in pairs else None
            new, more = retemplate_value(src, item, value_of)
            out_items.append(new)
            frozen += more
        try:
            return type(edited)(out_items), frozen
        except TypeError:
            return out_items, frozen
    return edited, frozen


def _number(v) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


def _pair(source, edited, value_of) -> dict[int, int]:
    """edited index -> source index: same position when the lists are as long, else by words."""
    if len(source) == len(edited):
        return {i: i for i in range(len(edited))}
    a = [resolved(_text_of(s), value_of) for s in source]
    b = [_text_of(e) for e in edited]
    out: dict[int, int] = {}
    used: set[int] = set()
    for j, text in enumerate(b):
        best, score = None, 0.5
        for i, old in enumerate(a):
            if i in used:
                continue
            r = difflib.SequenceMatcher(None, old, text, autojunk=False).ratio()
            if r > score:
                best, score = i, r
        if best is not None:
            out[j] = best
            used.add(best)
    return out
