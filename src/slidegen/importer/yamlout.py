"""A deterministic, readable YAML writer for deck files.

Block style throughout, keys in the order given, quotes only where YAML needs them, multi-line
text (speaker notes) as `|` blocks, short lists of plain words in flow style ([a, b]).
"""

from __future__ import annotations

import datetime as dt
import re

import yaml

WIDTH = 96


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        # indent list items under their key, as hand-written decks do
        return super().increase_indent(flow, False)


def _str(dumper, value: str):
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(value))


class Flow(list):
    """A list written in flow style: `cite: [sleed2022]`."""


def _flow(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


def _date(dumper, value: dt.date):
    return dumper.represent_scalar("tag:yaml.org,2002:timestamp", value.isoformat())


def _float(dumper, value: float):
    if value.is_integer() and abs(value) < 1e15:
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


_Dumper.add_representer(str, _str)
_Dumper.add_multi_representer(str, lambda d, v: _str(d, str(v)))
_Dumper.add_representer(Flow, _flow)
_Dumper.add_representer(dt.date, _date)
_Dumper.add_representer(float, _float)


def dump(tree, header: str = "") -> str:
    """The deck tree as YAML text (a comment header first, if given)."""
    body = yaml.dump(
        tree,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=WIDTH,
        indent=2,
    )
    head = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines()) if header else ""
    return head + ("\n" if head else "") + _space_sections(body)


def _space_sections(text: str) -> str:
    """A blank line before each top-level key and each section or slide, to read in blocks.

    Items are recognised only at the indentation of a `sections:`/`slides:` list, which text
    inside a `|` block (always indented deeper than its key) can never have.
    """
    out: list[str] = []
    item_indents: set[int] = set()
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        m = re.match(r"^(\s*)(?:slides|sections):\s*$", line)
        top = bool(line) and indent == 0 and not line.startswith("-")
        item = line.lstrip().startswith("- id:") and indent in item_indents
        if (top or item) and out and out[-1] != "" and not out[-1].endswith(":"):
            out.append("")
        out.append(line)
        if m:
            item_indents.add(len(m.group(1)) + 2)
    return "\n".join(out) + "\n"
