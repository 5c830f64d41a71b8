"""What a YAML syntax error usually means in a deck, and how to fix it.

PyYAML says what its scanner or parser found ("mapping values are not allowed here"); a person
writing a talk needs to hear that a ': ' in unquoted text starts a key, that YAML indents with
spaces, or that a quote was never closed. `explain` turns PyYAML's error into a message, the
position to show and a hint.
"""

from __future__ import annotations

import re


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _quoted(value: str) -> str:
    """`value` as a YAML quoted string."""
    if '"' not in value:
        return f'"{value}"'
    return "'" + value.replace("'", "''") + "'"


def _unquoted_value(line: str) -> str | None:
    """The plain (unquoted) text of a line holding a ': ': after `key: ` when the line starts
    with a deck key (lower case, like `title:`), else the whole list item or line."""
    body = line.strip()
    while body.startswith("- "):
        body = body[2:].lstrip()
    m = re.match(r"^[a-z][a-z0-9_]*:\s+(.*)$", body)
    if m:
        body = m.group(1)
    body = body.split(" #", 1)[0].rstrip()
    if not body or body[0] in "\"'[{|>&*!":
        return None
    return body


def _first_colon(line: str) -> int:
    """The column (0-based) of the first ': ' (or a final ':') of a line, -1 when none."""
    m = re.search(r":(\s|$)", line)
    return m.start() if m else -1


def explain(exc, text: str) -> tuple[str, tuple[int, int] | None, str | None]:
    """(message, (line, column) 1-based or None, hint) for a PyYAML MarkedYAMLError."""
    problem = exc.problem or exc.context or "invalid YAML"
    context = exc.context or ""
    mark = exc.problem_mark or exc.context_mark
    where = (mark.line + 1, mark.column + 1) if mark else None
    start = exc.context_mark if exc.problem and exc.context else None
    began = f"{context} at line {start.line + 1}" if start else None
    line = _line(text, mark.line) if mark else ""

    if "mapping values are not allowed" in problem:
        if mark and mark.column == _first_colon(line) and mark.line > 0:
            return (
                "invalid YAML: this key is indented more than the key above it, so it reads"
                " as more of that key's text",
                where,
                "line it up with the other keys of its mapping, using the same number of spaces",
            )
        value = _unquoted_value(line)
        example = f": {_quoted(value)}" if value else ""
        return (
            "invalid YAML: a ': ' inside unquoted text starts a key",
            where,
            f"put the text in quotes{example}",
        )
    tab = mark is not None and line[mark.column : mark.column + 1] == "\t"
    if "tab" in problem or "'\\t'" in problem or tab:
        return (
            "invalid YAML: a tab character; YAML indents with spaces",
            where,
            "replace the tab with spaces; set your editor to insert spaces for Tab",
        )
    if "quoted scalar" in context and "end of stream" in problem and start is not None:
        quote = _line(text, start.line)[start.column : start.column + 1] or '"'
        return (
            f"invalid YAML: the quote {quote} opened here is never closed",
            (start.line + 1, start.column + 1),
            f"end the text with {quote}; inside {quote}...{quote}, write "
            + ('\\" for a double quote' if quote == '"' else "'' for a single quote"),
        )
    if "that cannot start any token" in problem and mark is not None:
        char = line[mark.column : mark.column + 1] or "?"
        return (
            f"invalid YAML: unquoted text cannot start with '{char}'",
            where,
            "put the text in quotes",
        )
    if "while scanning an alias" in context or "while scanning an anchor" in context:
        sign = "*" if "alias" in context else "&"
        return (
            f"invalid YAML: '{sign}' at the start of text begins an "
            f"{'alias' if sign == '*' else 'anchor'} ({problem})",
            where,
            "put the text in quotes",
        )
    if "expected ',' or ']'" in problem or "expected ',' or '}'" in problem:
        opener, closer = ("[", "]") if "]" in problem else ("{", "}")
        at = f" at line {start.line + 1}" if start else ""
        return (
            f"invalid YAML: the {'list' if opener == '[' else 'mapping'} opened with"
            f" '{opener}'{at} is not closed where expected",
            where,
            f"close it with '{closer}', or put an item that holds a ',', ':' or '{closer}' in"
            " quotes",
        )
    if (
        "expected <block end>" in problem
        or "did not find expected key" in problem
        or "did not find expected '-' indicator" in problem
    ):
        kind = "mapping" if "mapping" in context else "list"
        about = f"the {kind} began at line {start.line + 1}; " if start else ""
        return (
            f"invalid YAML: {problem}",
            where,
            f"{about}check this line's indentation against the lines above: the keys of a"
            " mapping line up, and a list's items start with '- ' at the same column",
        )
    return f"invalid YAML: {problem}", where, began
