"""The inline language: **bold**, *italic*, [links](url), [@citations], {{ data }} and escapes.

Parsing yields segments: `Run`s of text and `Cite` markers. Citations become text only once the
whole deck is known (year suffixes such as 2019a depend on every cited work).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Pos, error
from ..limits import MARKUP_PER_TEXT
from ..links import ALLOWED_TEXT, link_problem
from ..text import Run

_ESCAPABLE = set("\\*[]{}@_`")
_CITE = re.compile(r"\[(@[^\]]*)\]")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
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
    markers: int = field(default=0, compare=False)  # *, **, links, citations, placeholders


def check_url(url: str, pos: Pos | None) -> str:
    """Accept only what links.link_problem allows (web, mail and phone links); anything
    else is a located error saying why."""
    problem = link_problem(url)
    if problem:
        shown = url if len(url) <= 80 else url[:79] + "\u2026"
        raise error(
            f"link target '{shown}' cannot be a link: {problem}", pos, f"use {ALLOWED_TEXT}"
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


_BRACE = re.compile(r"[{}]")
_TARGET_END = re.compile(r"[)\s]")
_LABEL = re.compile(r"(?:\\.|[^\]\\])*")


class _Scan:
    """Where each construct starting at a position would end, found once per text.

    The regular expressions above, tried at every `[` or `{{`, each scan ahead to the text's
    end when nothing closes them: `[` 20,000 times over took 20 s, a `{{` followed by 20,000
    spaces longer. The tokeniser asks at increasing positions, so each answer is kept and
    reused while it still lies ahead, and the text is scanned once in all:

    - `close(j)`: the first `]` at or after j (a citation `[@...]` ends there);
    - `label(j)`: where link text starting at j stops (the first `]` no backslash escapes,
      a backslash before a line break or at the end, or the end). j always follows a `[`,
      which never starts a backslash pair, so a scan from any earlier start passes through
      j as from j and stops where a scan from j would;
    - `target(j)`: the first `)` or white space at or after j (a link target ends there);
    - `brace(j)`: the first `{` or `}` at or after j (a placeholder's name ends there).
    """

    __slots__ = ("text", "memo")

    def __init__(self, text: str):
        self.text = text
        self.memo = {"close": (-1, -1), "label": (-1, -1), "target": (-1, -1), "brace": (-1, -1)}

    def _ahead(self, kind: str, j: int, find) -> int:
        asked, answer = self.memo[kind]
        if asked <= j <= answer:
            return answer
        answer = find(j)
        self.memo[kind] = (j, answer)
        return answer

    def _search(self, pattern, j: int) -> int:
        m = pattern.search(self.text, j)
        return m.start() if m else len(self.text)

    def close(self, j: int) -> int:
        def find(j):
            k = self.text.find("]", j)
            return k if k >= 0 else len(self.text)

        return self._ahead("close", j, find)

    def label(self, j: int) -> int:
        return self._ahead("label", j, lambda j: _LABEL.match(self.text, j).end())

    def target(self, j: int) -> int:
        return self._ahead("target", j, lambda j: self._search(_TARGET_END, j))

    def brace(self, j: int) -> int:
        return self._ahead("brace", j, lambda j: self._search(_BRACE, j))


def _placeholder_at(text: str, i: int, scan: _Scan) -> tuple[str, int] | None:
    """(name, end) of `{{ name }}` at i (as _PLACEHOLDER.match), or None."""
    j = scan.brace(i + 2)
    if not text.startswith("}}", j):
        return None
    return text[i + 2 : j].strip(), j + 2


def _cite_at(text: str, i: int, scan: _Scan) -> tuple[str, int] | None:
    """(body, end) of `[@body]` at i (as _CITE.match), or None."""
    if not text.startswith("@", i + 1):
        return None
    k = scan.close(i + 1)
    if k >= len(text):
        return None
    return text[i + 1 : k], k + 1


def _link_at(text: str, i: int, scan: _Scan) -> tuple[str, str, int] | None:
    """(label, target, end) of `[label](target)` at i (as _LINK.match), or None."""
    k = scan.label(i + 1)
    if not text.startswith("](", k):
        return None
    m = scan.target(k + 2)
    if m >= len(text) or text[m] != ")":
        return None
    return text[i + 1 : k], text[k + 2 : m], m + 1


def _marker(parsed: Parsed, pos) -> None:
    """Count one piece of markup; past limits.MARKUP_PER_TEXT the text is refused at once,
    before its runs are made (each costs far more than its characters downstream)."""
    parsed.markers += 1
    if parsed.markers > MARKUP_PER_TEXT:
        raise error(
            f"text has more than {MARKUP_PER_TEXT:,} pieces of inline markup (*, **, links,"
            " citations, placeholders); the limit for one text",
            pos,
            "escape stars that are meant as text: \\*",
        )


# Token kinds: ("text", str, url) | ("delim", "**" or "*") | ("cite", ids)
def _tokenise(text: str, pos, lookup, parsed: Parsed, url: str | None = None) -> list:
    tokens: list = []
    buf: list[str] = []
    i, n = 0, len(text)
    scan = _Scan(text)

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
            found = _placeholder_at(text, i, scan)
            if found:
                name, end = found
                _marker(parsed, pos)
                if lookup is None:
                    raise error(f"placeholder '{{{{ {name} }}}}' cannot be used here", pos)
                value, cites = lookup(name, pos)
                parsed.data_keys.append(name)
                for cid in cites:
                    if cid not in parsed.cites:
                        parsed.cites.append(cid)
                buf.append(value)
                i = end
                continue
        if c == "[":
            cite = _cite_at(text, i, scan)
            if cite:
                body, end = cite
                _marker(parsed, pos)
                ids = _cite_ids(body, pos)
                flush()
                tokens.append(["cite", ids])
                for cid in ids:
                    if cid not in parsed.cites:
                        parsed.cites.append(cid)
                i = end
                continue
            link = _link_at(text, i, scan) if url is None else None
            if link:
                label, target, end = link
                _marker(parsed, pos)
                flush()
                target = check_url(target, pos)
                tokens.extend(_tokenise(label, pos, lookup, parsed, target))
                i = end
                continue
        if c == "*":
            _marker(parsed, pos)
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
    out = parsed.segments
    pending: list[str] = []  # texts of the run being built, joined once (not concatenated)
    style = None  # (bold, italic, url) of `pending`

    def add(text: str, url) -> None:
        nonlocal style
        if not text:
            return
        key = (bold, italic, url)
        if key != style:
            flush()
            style = key
        pending.append(text)

    def flush() -> None:
        if pending:
            out.append(Run("".join(pending), *style))
            pending.clear()

    for idx, tok in enumerate(tokens):
        if tok[0] == "delim":
            if idx in pair:
                if tok[1] == "**":
                    bold = not bold
                else:
                    italic = not italic
                continue
            add(tok[1], None)
        elif tok[0] == "text":
            add(tok[1], tok[2])
        else:
            flush()
            style = None
            out.append(Cite(tok[1], bold, italic))
    flush()


def strip_markup(text: str) -> str:
    """Plain text of a markup string without resolving anything (for ids and quick listings)."""
    pieces = []
    scan = _Scan(text)
    i = 0
    while True:  # each [label](target) -> label, as _LINK.sub would (in linear time)
        j = text.find("[", i)
        if j < 0:
            pieces.append(text[i:])
            break
        link = _link_at(text, j, scan)
        if link is None:
            pieces.append(text[i : j + 1])
            i = j + 1
            continue
        pieces += [text[i:j], link[0]]
        i = link[2]
    out = "".join(pieces)
    out = re.sub(r"\*\*|\*", "", out)
    return re.sub(r"\\(.)", r"\1", out)
