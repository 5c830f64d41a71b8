"""Rich text back into slidegen's inline language: **bold**, *italic*, [links](url), escapes."""

from __future__ import annotations

import re

from ..links import link_problem
from ..text import Run, Text

_SPECIAL = re.compile(r"([\\*\[{])")
_LINK_SPECIAL = re.compile(r"([\\*\[\]{])")


def escape(s: str, in_link: bool = False) -> str:
    """Backslash the characters the inline language would read as markup."""
    return (_LINK_SPECIAL if in_link else _SPECIAL).sub(r"\\\1", s)


def to_markup(text: Text, plain: bool = False, cites: dict[str, str] | None = None) -> str:
    """Inline markup for a Text. `plain`: drop bold/italic (styling the layout adds itself).

    `cites` maps a parenthetical citation's inner text ("Sleed et al., 2022") to a reference id,
    so "(Sleed et al., 2022)" becomes "[@sleed2022]" again.
    """
    out: list[str] = []
    runs = list(text.runs)
    i = 0
    while i < len(runs):
        r = runs[i]
        if r.url and link_problem(r.url) is not None:  # the deck would refuse it: text only
            r = Run(r.text, r.bold, r.italic, None)
        if r.url:
            # neighbouring runs with the same link form one link
            group = [r]
            while i + 1 < len(runs) and runs[i + 1].url == r.url:
                i += 1
                group.append(runs[i])
            inner = "".join(_emphasis(g.text, g, plain, True) for g in group)
            out.append(f"[{inner}]({r.url})")
        else:
            out.append(_emphasis(r.text, r, plain, False, cites))
        i += 1
    return "".join(out)


def _emphasis(s: str, r: Run, plain: bool, in_link: bool, cites=None) -> str:
    body = escape(s, in_link)
    if cites:
        body = _cites(s, body, cites)
    if plain or not (r.bold or r.italic) or not s.strip():
        return body
    # markers must touch the text: keep surrounding spaces outside them
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()) :]
    core = body.strip()
    mark = ("**" if r.bold else "") + ("*" if r.italic else "")
    return f"{lead}{mark}{core}{mark[::-1]}{trail}"


def _cites(raw: str, escaped: str, cites: dict[str, str]) -> str:
    """Replace "(Author, 2020; Other, 2019)" with "[@a; @b]" where every part is known.

    Works on the escaped text: a citation text holding markup characters is simply not matched.
    """
    if "(" not in raw:
        return escaped
    keys = sorted(cites, key=len, reverse=True)
    out, i = [], 0
    while i < len(escaped):
        if escaped[i] == "(":
            found = _cite_group(escaped, i + 1, keys, cites)
            if found:
                ids, i = found
                out.append("[" + "; ".join("@" + x for x in ids) + "]")
                continue
        out.append(escaped[i])
        i += 1
    return "".join(out)


def _cite_group(s: str, j: int, keys: list[str], cites: dict[str, str]):
    """(ids, index after the closing parenthesis) if known citations fill the parentheses."""
    ids = []
    while True:
        key = next((k for k in keys if s.startswith(k, j)), None)
        if key is None:
            return None
        ids.append(cites[key])
        j += len(key)
        if s.startswith(")", j):
            return ids, j + 1
        if not s.startswith("; ", j):
            return None
        j += 2
