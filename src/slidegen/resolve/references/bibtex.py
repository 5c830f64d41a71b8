"""BibTeX / BibLaTeX files (as Zotero, Mendeley and EndNote export them) -> References."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from slidegen.errors import Pos, error
from slidegen.resolve.references.model import (
    Person,
    Reference,
    doi_from_url,
    evidence_date_of,
    iso_date,
    normalise_doi,
    normalise_pages,
)

_NOT_ENTRIES = {"comment", "string", "preamble"}
_HEADER = re.compile(r"@[ \t]*([A-Za-z]+)[ \t\r\n]*([{(])[ \t\r\n]*([^,\s{}()=\"#]*)")
_NEXT_ENTRY = re.compile(r"^[ \t]*(@[ \t]*[A-Za-z]+[ \t]*[{(])", re.MULTILINE)
_FIELD_NAME = re.compile(r"[A-Za-z_][\w\-:.+]*")

# BibTeX type -> our type. @misc becomes a webpage when it has a URL.
_TYPES = {
    "article": "article",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "incollection": "chapter",
    "inbook": "chapter",
    "inproceedings": "chapter",
    "conference": "chapter",
    "techreport": "report",
    "report": "report",
    "phdthesis": "report",
    "mastersthesis": "report",
    "thesis": "report",
    "manual": "report",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "webpage": "webpage",
    "misc": "misc",
    "unpublished": "misc",
}
_THESIS = {"phdthesis": "PhD thesis", "mastersthesis": "Master's thesis"}

# Commands whose argument is kept as plain text (formatting on slides comes from the style).
_WRAPPERS = re.compile(
    r"\\(?:textit|emph|textbf|textrm|textsf|textsc|textup|mkbibquote|enquote)\s*"
)
_URL_CMD = re.compile(r"\\url\s*\{([^{}]*)\}")
_HREF_CMD = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{([^{}]*)\}")


@dataclass(frozen=True)
class _Entry:
    type: str
    key: str
    offset: int  # of the '@'
    end: int  # one past the closing brace, or -1 if never closed


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _scan_entries(text: str) -> list[_Entry]:
    """Find every entry's '@type{key' at the top level, and where its braces close."""
    entries = []
    i = 0
    while True:
        at = text.find("@", i)
        if at < 0:
            return entries
        m = _HEADER.match(text, at)
        if not m:
            i = at + 1
            continue
        opener = m.group(2)
        # Braces nest inside either kind of entry; a '(' entry ends at a ')' outside braces.
        depth, j, end = (1 if opener == "{" else 0), m.end(2), -1
        while j < len(text):
            c = text[j]
            if c == "{":
                depth += 1
            elif c == "}":
                depth -= 1
                if depth == 0 and opener == "{":
                    end = j + 1
                    break
                if depth < 0:
                    break
            elif c == ")" and opener == "(" and depth == 0:
                end = j + 1
                break
            j += 1
        entries.append(_Entry(m.group(1).lower(), m.group(3), at, end))
        if end < 0:
            return entries  # an unclosed entry swallows the rest of the file
        i = end


def _field_problem(text: str, entry: _Entry) -> tuple[int, str]:
    """Where and why an entry that bibtexparser rejected is malformed (best effort)."""
    m = _HEADER.match(text, entry.offset)
    i = m.end()
    end = entry.end - 1  # the closing brace

    def skip_ws(k: int) -> int:
        while k < end and text[k].isspace():
            k += 1
        return k

    i = skip_ws(i)
    if not entry.key:
        return entry.offset, "entry has no citation key"
    if i < end and text[i] != ",":
        return i, f"expected ',' after the citation key '{entry.key}'"
    i += 1
    first = True
    while True:
        i = skip_ws(i)
        if i >= end:
            if first:
                return entry.offset, f"entry '{entry.key}' has no fields"
            return entry.offset, f"cannot read entry '{entry.key}'"
        first = False
        fm = _FIELD_NAME.match(text, i)
        if not fm:
            return i, f"expected a field name in entry '{entry.key}'"
        name = fm.group(0)
        i = skip_ws(fm.end())
        if i >= end or text[i] != "=":
            return i, f"expected '=' after field '{name}' in entry '{entry.key}'"
        while True:
            i = skip_ws(i + 1)
            if i >= end:
                return i, f"field '{name}' in entry '{entry.key}' has no value"
            c = text[i]
            if c == "{":
                depth, k = 0, i
                while k < end:
                    depth += {"{": 1, "}": -1}.get(text[k], 0)
                    if depth == 0:
                        break
                    k += 1
                i = k + 1
            elif c == '"':
                k, depth = i + 1, 0
                while k < end and not (text[k] == '"' and depth == 0):
                    depth += {"{": 1, "}": -1}.get(text[k], 0)
                    k += 1
                if k >= end:
                    return i, f"unclosed '\"' in field '{name}' of entry '{entry.key}'"
                i = k + 1
            else:
                vm = re.compile(r"[\w\-:.+]+").match(text, i)
                if not vm:
                    return i, f"cannot read the value of field '{name}' in entry '{entry.key}'"
                i = vm.end()
            i = skip_ws(i)
            if i < end and text[i] == "#":
                continue
            break
        if i >= end:
            return entry.offset, f"cannot read entry '{entry.key}'"
        if text[i] != ",":
            return i, f"expected ',' after field '{name}' in entry '{entry.key}'"
        i += 1


def _split_top(value: str, sep: str) -> list[str]:
    """Split on a word (' and ') only outside braces."""
    parts, depth, start, i = [], 0, 0, 0
    low = value.lower()
    while i < len(value):
        c = value[i]
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif depth == 0 and low.startswith(sep, i):
            parts.append(value[start:i])
            i += len(sep)
            start = i
            continue
        i += 1
    parts.append(value[start:])
    return [p.strip() for p in parts if p.strip()]


def _unbraced_outer(value: str) -> str | None:
    """'{Anna Freud Centre}' -> 'Anna Freud Centre' when one brace pair wraps the whole name."""
    if not (value.startswith("{") and value.endswith("}")):
        return None
    depth = 0
    for i, c in enumerate(value):
        depth += {"{": 1, "}": -1}.get(c, 0)
        if depth == 0 and i < len(value) - 1:
            return None
    return value[1:-1]


def _latex(value: str) -> str:
    """LaTeX markup -> plain unicode text: accents, dashes, protective braces, \\emph etc."""
    from bibtexparser.latexenc import latex_to_unicode

    s = _HREF_CMD.sub(r"\2", value)
    s = _URL_CMD.sub(lambda m: m.group(1).replace("\\", ""), s)
    s = _WRAPPERS.sub("", s)
    s = s.replace("---", "\u2014").replace("--", "\u2013").replace("\\textendash", "\u2013")
    s = s.replace("``", "\u201c").replace("''", "\u201d")
    s = re.sub(r"(?<!\\)~", " ", s)
    s = latex_to_unicode(s)
    s = re.sub(r"\\([&%$#_{}])", r"\1", s)
    return " ".join(s.split())


def _raw_url(value: str) -> str:
    m = _URL_CMD.search(value)
    if m:
        value = m.group(1)
    return re.sub(r"\\([&%$#_~{}])", r"\1", value).replace("{", "").replace("}", "").strip()


def _person(name: str) -> Person:
    literal = _unbraced_outer(name)
    if literal is not None:
        return Person(_latex(literal), literal=True)
    parts = _split_top(name, ",")
    if len(parts) >= 2:
        # "von Last, First" or "von Last, Jr, First"
        family, given = parts[0], parts[-1]
        return Person(_latex(family), _latex(given))
    words = _split_top(name, " ")
    if len(words) == 1:
        return Person(_latex(words[0]), literal=True)
    # "First von Last": the family name starts at the first lower-case word, else is the last.
    start = len(words) - 1
    for k, w in enumerate(words[:-1]):
        if w[:1].islower():
            start = k
            break
    return Person(_latex(" ".join(words[start:])), _latex(" ".join(words[:start])))


def _persons(value: str | None) -> tuple[Person, ...]:
    if not value:
        return ()
    return tuple(_person(n) for n in _split_top(" ".join(value.split()), " and "))


def _month(value: str | None) -> int | None:
    from slidegen.resolve.references.model import MONTHS

    if not value:
        return None
    s = _latex(value).strip().lower()
    if s.isdigit() and 1 <= int(s) <= 12:
        return int(s)
    for i, name in enumerate(MONTHS, start=1):
        if len(s) >= 3 and name.lower().startswith(s):
            return i
    return None


def _reference(fields: dict[str, str], pos: Pos) -> Reference:
    btype = fields["ENTRYTYPE"].lower()

    def get(*names: str) -> str | None:
        for n in names:
            v = fields.get(n)
            if v and v.strip():
                return _latex(v) or None
        return None

    url = _raw_url(fields["url"]) if fields.get("url") else None
    if not url and "\\url" in (fields.get("howpublished") or ""):
        url = _raw_url(fields["howpublished"])
    doi = normalise_doi(_raw_url(fields["doi"])) if fields.get("doi") else doi_from_url(url)

    rtype = _TYPES.get(btype, "misc")
    if rtype == "misc" and url:
        rtype = "webpage"

    year = None
    month = _month(fields.get("month"))
    if m := re.search(r"\d{4}", fields.get("year") or ""):
        year = int(m.group(0))
    elif m := re.match(r"\s*(\d{4})(?:-(\d{1,2}))?", fields.get("date") or ""):
        year = int(m.group(1))
        month = month or (int(m.group(2)) if m.group(2) else None)

    title = get("title") or ""
    if subtitle := get("subtitle"):
        title = f"{title}: {subtitle}"

    genre = get("type") or _THESIS.get(btype)
    if btype == "thesis" and genre and genre.lower() in ("phd", "mathesis", "phdthesis"):
        genre = "PhD thesis" if genre.lower().startswith("phd") else "Master's thesis"

    issue = get("issue")
    number = get("number")
    if rtype == "article" and number and not issue:
        issue, number = number, None

    accessed = get("urldate")
    return Reference(
        id=fields["ID"],
        type=rtype,
        authors=_persons(fields.get("author")),
        year=year,
        title=title,
        container=get("journal", "journaltitle", "booktitle", "maintitle")
        if rtype in ("article", "chapter")
        else get("journaltitle")
        if rtype == "webpage"
        else None,
        publisher=get("publisher", "institution", "school", "organization"),
        place=get("address", "location"),
        url=url or None,
        doi=doi,
        note=get("note", "addendum"),
        volume=get("volume"),
        issue=issue,
        pages=normalise_pages(get("pages")),
        edition=get("edition"),
        editors=_persons(fields.get("editor")),
        accessed=iso_date(accessed),
        month=month,
        number=number,
        genre=genre,
        pos=pos,
        as_of=evidence_date_of(get("as_of", "asof"), "as_of", pos),
        review_by=evidence_date_of(get("review_by", "reviewby"), "review_by", pos),
    )


def load_bibtex(path: Path) -> dict[str, Reference]:
    """Read a .bib file into references keyed by citation key, each located at its '@'."""
    from bibtexparser.bparser import BibTexParser

    path = Path(path)
    text = _read(path)
    scanned = [e for e in _scan_entries(text) if e.type not in _NOT_ENTRIES]

    for e in scanned:
        if e.end < 0:
            line, col = _line_col(text, e.offset)
            nxt = _NEXT_ENTRY.search(text, e.offset + 1)
            where = f"before line {_line_col(text, nxt.start(1))[0]}" if nxt else "at the end"
            raise error(
                f"entry '{e.key}' is never closed",
                Pos(str(path), line, col),
                f"a '}}' is missing {where}, or a brace inside a field is unbalanced",
            )

    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    try:
        db = parser.parse(text)
    except Exception as exc:  # pyparsing's ParseException; bibtexparser rarely raises at all
        line = getattr(exc, "lineno", 0) or 0
        col = getattr(exc, "col", 0) or 0
        raise error(f"cannot read BibTeX: {exc}", Pos(str(path), line, col))

    parsed: dict[str, list[dict]] = {}
    for fields in db.entries:
        parsed.setdefault(fields["ID"], []).append(fields)

    refs: dict[str, Reference] = {}
    first_line: dict[str, int] = {}
    seen: dict[str, int] = {}
    for e in scanned:
        line, col = _line_col(text, e.offset)
        pos = Pos(str(path), line, col)
        k = seen.get(e.key, 0)
        seen[e.key] = k + 1
        candidates = parsed.get(e.key, [])
        if k >= len(candidates):
            off, message = _field_problem(text, e)
            raise error(message, Pos(str(path), *_line_col(text, off)))
        if e.key in refs:
            raise error(
                f"duplicate citation key '{e.key}'",
                pos,
                f"first defined at line {first_line[e.key]}",
            )
        refs[e.key] = _reference(candidates[k], pos)
        first_line[e.key] = line
    return refs


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8", "replace")
        line, col = _line_col(before, len(before))
        raise error(
            "file is not UTF-8 text",
            Pos(str(path), line, col),
            "export it from your reference manager as UTF-8",
        )
