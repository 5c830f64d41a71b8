"""CSL-JSON files (Zotero's "CSL JSON" export, Mendeley, citeproc) -> References."""

from __future__ import annotations

import json
import re
from pathlib import Path

from slidegen.errors import Pos, error
from slidegen.resolve.references.model import (
    Person,
    Reference,
    doi_from_url,
    normalise_doi,
    normalise_pages,
)

# CSL item type -> our type.
_TYPES = {
    "article": "article",
    "article-journal": "article",
    "article-magazine": "article",
    "article-newspaper": "article",
    "review": "article",
    "review-book": "article",
    "book": "book",
    "classic": "book",
    "chapter": "chapter",
    "entry-encyclopedia": "chapter",
    "entry-dictionary": "chapter",
    "paper-conference": "chapter",
    "report": "report",
    "thesis": "report",
    "standard": "report",
    "legislation": "report",
    "webpage": "webpage",
    "post": "webpage",
    "post-weblog": "webpage",
}

# Zotero puts unrecognised "Extra" lines ("PMID: 123", "Citation Key: x") into `note`.
_EXTRA_LINE = re.compile(r"^[A-Za-z][\w .-]{0,40}:\s")


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    s = " ".join(str(value).split())
    return s or None


def _persons(value: object, what: str, pos: Pos) -> tuple[Person, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise error(f"'{what}' must be a list of names", pos)
    out = []
    for v in value:
        if not isinstance(v, dict):
            raise error(f"each '{what}' must be an object with family/given or literal", pos)
        if _str(v.get("literal")):
            out.append(Person(_str(v["literal"]), literal=True))
            continue
        family = _str(v.get("family")) or ""
        for particle in ("non-dropping-particle", "dropping-particle"):
            if p := _str(v.get(particle)):
                family = f"{p} {family}"
        given = _str(v.get("given")) or ""
        if not family and given:
            family, given = given, ""
        if not family:
            raise error(f"a name in '{what}' has no family name or literal", pos)
        out.append(Person(family, given, literal=not given))
    return tuple(out)


def _date_parts(value: object) -> list[int]:
    """[year, month, day] (as many as known) from a CSL date object or a bare year."""
    if isinstance(value, (int, str)):
        value = {"raw": str(value)}
    if not isinstance(value, dict):
        return []
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        out = []
        for p in parts[0][:3]:
            try:
                out.append(int(p))
            except (TypeError, ValueError):
                break
        return out
    raw = _str(value.get("raw")) or _str(value.get("literal")) or ""
    m = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", raw)
    return [int(g) for g in m.groups() if g] if m else []


def _note(value: object) -> str | None:
    text = value if isinstance(value, str) else ""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    kept = [ln for ln in lines if not _EXTRA_LINE.match(ln)]
    return " ".join(kept) or None


def _item_positions(text: str) -> dict[str, tuple[int, int]]:
    """Where each item's "id" key is written, for error messages and warnings."""
    out: dict[str, tuple[int, int]] = {}
    for m in re.finditer(r'"id"\s*:\s*("(?:[^"\\]|\\.)*"|[-\w.]+)', text):
        try:
            key = str(json.loads(m.group(1)))
        except ValueError:
            continue
        out.setdefault(key, _line_col(text, m.start()))
    return out


def _reference(item: dict, rid: str, pos: Pos) -> Reference:
    ctype = str(item.get("type") or "")
    rtype = _TYPES.get(ctype, "misc")
    url = _str(item.get("URL"))
    if rtype == "misc" and url:
        rtype = "webpage"
    doi = normalise_doi(_str(item.get("DOI"))) or doi_from_url(url)
    issued = _date_parts(item.get("issued"))
    accessed = _date_parts(item.get("accessed"))
    genre = _str(item.get("genre"))
    if ctype == "thesis" and not genre:
        genre = "Thesis"
    return Reference(
        id=rid,
        type=rtype,
        authors=_persons(item.get("author"), "author", pos),
        year=issued[0] if issued else None,
        title=_str(item.get("title")) or "",
        container=_str(item.get("container-title")),
        publisher=_str(item.get("publisher")),
        place=_str(item.get("publisher-place")),
        url=url,
        doi=doi,
        note=_note(item.get("note")),
        volume=_str(item.get("volume")),
        issue=_str(item.get("issue")),
        pages=normalise_pages(_str(item.get("page"))),
        edition=_str(item.get("edition")),
        editors=_persons(item.get("editor"), "editor", pos),
        accessed="-".join(f"{p:02d}" if i else str(p) for i, p in enumerate(accessed)) or None,
        month=issued[1] if len(issued) > 1 and 1 <= issued[1] <= 12 else None,
        number=_str(item.get("number")),
        genre=genre,
        pos=pos,
    )


def load_csl_json(path: Path, pos: Pos | None = None, budget=None) -> dict[str, Reference]:
    """Read a CSL-JSON file (a list of items) into references keyed by item id.

    `pos`: where the deck names it; `budget`: a files.Budget charged its size."""
    from ...files import read_input
    from ...limits import TEXT_FILE_BYTES

    path = Path(path)
    data = read_input(path, "reference file", pos, TEXT_FILE_BYTES, budget=budget)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error("file is not UTF-8 text", Pos(str(path)), "export it as UTF-8")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise error(f"invalid JSON: {exc.msg}", Pos(str(path), exc.lineno, exc.colno))
    except RecursionError:
        raise error("invalid CSL-JSON: nested too deeply", Pos(str(path), 1, 1)) from None
    except ValueError:  # a number too long to read (Python's 4,300-digit limit)
        raise error(
            "invalid CSL-JSON: a number has more than 4,300 digits", Pos(str(path), 1, 1)
        ) from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    elif isinstance(data, dict) and "id" in data:
        data = [data]
    if not isinstance(data, list):
        raise error(
            "a CSL-JSON file must hold a list of items", Pos(str(path), 1, 1), "export as CSL JSON"
        )

    where = _item_positions(text)
    refs: dict[str, Reference] = {}
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise error(f"item {n} is not an object", Pos(str(path), 1, 1))
        raw_id = item.get("id")
        if raw_id is None or isinstance(raw_id, (dict, list, bool)) or str(raw_id) == "":
            raise error(f"item {n} has no 'id'", Pos(str(path), 1, 1), "each item needs an id")
        rid = str(raw_id)
        pos = Pos(str(path), *where.get(rid, (0, 0)))
        if rid in refs:
            # The regex finds the first "id"; the duplicate is the later one.
            later = _later_ids(text, rid)
            dup = Pos(str(path), *later[1]) if len(later) > 1 else pos
            raise error(
                f"duplicate item id '{rid}'", dup, f"first defined at line {refs[rid].pos.line}"
            )
        refs[rid] = _reference(item, rid, pos)
    return refs


def _later_ids(text: str, rid: str) -> list[tuple[int, int]]:
    pattern = r'"id"\s*:\s*(?:' + re.escape(json.dumps(rid)) + "|" + re.escape(rid) + r"(?![\w.-]))"
    return [_line_col(text, m.start()) for m in re.finditer(pattern, text)]
