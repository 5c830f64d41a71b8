"""The inline language: **bold**, *italic*, [links](url), [@citations], {{ data }} and escapes.

Parsing yields segments: `Run`s of text and `Cite` markers. Citations become text only once the
whole deck is known (year suffixes such as 2019a depend on every cited work).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from ..errors import Pos, error
from ..text import Run

_ESCAPABLE = set("\\*[]{}@_`")
_CITE = re.compile(r"\[(@[^\]]*)\]")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_SPECIAL = re.compile(r"[\\{\[*]")  # where _tokenise may have something to do


@dataclass(frozen=True)
class Cite:
    """A citation marker: the ids cited together, e.g. [@a; @b]."""

    ids: tuple[str, ...]
    bold: bool = False
    italic: bool = False


Segment = Run | Cite
# lookup(name, pos) -> (text to insert, ids the value cites)
Lookup = Callable[[str, Pos | None], tuple[str, tuple[str, ...]]]


@dataclass
class Parsed:
    segments: list[Segment]
    cites: list[str]
    data_keys: list[str]


def check_url(url: str, pos: Pos | None) -> str:
    """Accept web and mail links only; anything else is a located error."""
    if not url.startswith(_SAFE_SCHEMES) or any(c.isspace() for c in url) or len(url) > 2000:
        raise error(
            f"link target '{url[:80]}' is not a web or mail address",
            pos,
            hint="use https://..., http://... or mailto:...",
        )
    return url


def parse_inline(text: str, pos: Pos | None, lookup: Lookup | None) -> Parsed:
    """Parse one inline-markup string into segments, collecting citations and data keys used."""
    parsed = Parsed([], [], [])
    if not _SPECIAL.search(text):  # plain text: one run (what the general path gives)
        if text:
            parsed.segments.append(Run(text, False, False, None))
        return parsed
    tokens = _tokenise(text, pos, lookup, parsed)
    _apply_emphasis(tokens, parsed)
    return parsed


# Token kinds: ("text", str, url) | ("delim", "**" or "*") | ("cite", ids)
def _tokenise(text: str, pos, lookup, parsed: Parsed, url: str | None = None) -> list:
    tokens: list = []
    buf: list[str] = []
    i, n = 0, len(text)

    def flush():
        if buf:
            tokens.append(["text", "".join(buf), url])
            buf.clear()

    while i < n:
        m = _SPECIAL.search(text, i)
        if m is None:  # plain to the end
            buf.append(text[i:])
            break
        if m.start() > i:  # plain up to the next character that may start something
            buf.append(text[i : m.start()])
            i = m.start()
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in _ESCAPABLE:
            buf.append(text[i + 1])
            i += 2
            continue
        if c == "{" and text.startswith("{{", i):
            m = _PLACEHOLDER.match(text, i)
            if m:
                name = m.group(1)
                if lookup is None:
                    raise error(f"placeholder '{{{{ {name} }}}}' cannot be used here", pos)
                value, cites = lookup(name, pos)
                parsed.data_keys.append(name)
                for cid in cites:
                    if cid not in parsed.cites:
                        parsed.cites.append(cid)
                buf.append(value)
                i = m.end()
                continue
        if c == "[":
            m = _CITE.match(text, i)
            if m:
                ids = _cite_ids(m.group(1), pos)
                flush()
                tokens.append(["cite", ids])
                for cid in ids:
                    if cid not in parsed.cites:
                        parsed.cites.append(cid)
                i = m.end()
                continue
            m = _LINK.match(text, i)
            if m and url is None:
                flush()
                target = check_url(m.group(2), pos)
                tokens.extend(_tokenise(m.group(1), pos, lookup, parsed, target))
                i = m.end()
                continue
        if c == "*":
            flush()
            if text.startswith("**", i):
                tokens.append(["delim", "**"])
                i += 2
            else:
                tokens.append(["delim", "*"])
                i += 1
            continue
        buf.append(c)
        i += 1
    flush()
    return tokens


def _cite_ids(body: str, pos) -> tuple[str, ...]:
    ids = []
    for part in body.split(";"):
        part = part.strip()
        if not part.startswith("@") or not re.fullmatch(r"@[A-Za-z0-9][A-Za-z0-9_.:\-]*", part):
            raise error(
                f"malformed citation '[{body}]'",
                pos,
                hint="write [@id] or [@id1; @id2]",
            )
        ids.append(part[1:])
    return tuple(ids)


def _apply_emphasis(tokens: list, parsed: Parsed) -> None:
    """Pair ** and * delimiters left to right; unpaired ones stay as literal text."""
    n = len(tokens)
    pair: dict[int, int] = {}
    open_at: dict[str, list[int]] = {"**": [], "*": []}
    for idx, tok in enumerate(tokens):
        if tok[0] != "delim":
            continue
        kind = tok[1]
        stack = open_at[kind]
        prev = tokens[idx - 1] if idx else None
        nxt = tokens[idx + 1] if idx + 1 < n else None
        can_close = bool(stack) and not (prev and prev[0] == "text" and prev[1].endswith(" "))
        can_open = bool(nxt) and not (nxt[0] == "text" and nxt[1].startswith(" "))
        if can_close:
            start = stack.pop()
            pair[start] = idx
            pair[idx] = start
        elif can_open:
            stack.append(idx)
    bold = italic = False
    for idx, tok in enumerate(tokens):
        if tok[0] == "delim":
            if idx in pair:
                if tok[1] == "**":
                    bold = not bold
                else:
                    italic = not italic
                continue
            _append(parsed.segments, Run(tok[1], bold, italic))
        elif tok[0] == "text":
            _append(parsed.segments, Run(tok[1], bold, italic, tok[2]))
        else:
            parsed.segments.append(Cite(tok[1], bold, italic))


def _append(segments: list, run: Run) -> None:
    if not run.text:
        return
    last = segments[-1] if segments else None
    if isinstance(last, Run) and (last.bold, last.italic, last.url) == (
        run.bold,
        run.italic,
        run.url,
    ):
        segments[-1] = Run(last.text + run.text, run.bold, run.italic, run.url)
    else:
        segments.append(run)


def strip_markup(text: str) -> str:
    """Plain text of a markup string without resolving anything (for ids and quick listings)."""
    out = _LINK.sub(lambda m: m.group(1), text)
    out = re.sub(r"\*\*|\*", "", out)
    return re.sub(r"\\(.)", r"\1", out)
