"""Reference data: people, references, and building them from plain (deck YAML) data."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from slidegen.errors import Pos, error

from ...conventions import MONTHS

TYPES = ("article", "book", "chapter", "report", "webpage", "misc")

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\S+)$", re.IGNORECASE)


@dataclass(frozen=True)
class Person:
    """An author or editor; literal=True for an organisation, whose name is all in `family`."""

    family: str
    given: str = ""
    literal: bool = False


@dataclass(frozen=True)
class Reference:
    """One bibliographic entry, whatever file or deck mapping it came from."""

    id: str
    type: str = "misc"
    authors: tuple[Person, ...] = ()
    year: int | None = None
    title: str = ""
    container: str | None = None
    publisher: str | None = None
    place: str | None = None
    url: str | None = None
    doi: str | None = None
    note: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    edition: str | None = None
    editors: tuple[Person, ...] = ()
    accessed: str | None = None
    month: int | None = None
    number: str | None = None
    genre: str | None = None
    pos: Pos | None = field(default=None, compare=False)
    # the evidence lifecycle: canonical "2024-03-31", "2024-03" or "2024" (slidegen.lifecycle)
    as_of: str | None = None
    review_by: str | None = None


def normalise_doi(value: str | None) -> str | None:
    """A bare DOI ("10.1002/...") from a DOI, "doi:" string or doi.org link; None if empty."""
    if value is None:
        return None
    doi = _DOI_PREFIX.sub("", str(value).strip()).strip()
    return doi or None


def normalise_pages(value: str | None) -> str | None:
    """Page ranges with an en dash: '261-271' and '261--271' become '261\u2013271'."""
    if not value:
        return None
    return re.sub(
        r"(?<=\w)\s*(?:-{1,3}|\u2010|\u2011|\u2012|\u2013|\u2014)\s*(?=\w)", "\u2013", value
    )


def doi_from_url(url: str | None) -> str | None:
    """The DOI inside a https://doi.org/ link, else None."""
    if not url:
        return None
    m = _DOI_URL.match(url.strip())
    return m.group(1) if m else None


def person_from_value(value: object, pos: Pos | None = None) -> Person:
    """A Person from "Family, I." (a string with no comma is an organisation) or a mapping."""
    if isinstance(value, Person):
        return value
    if isinstance(value, str):
        text = " ".join(value.split())
        if "," in text:
            family, given = text.split(",", 1)
            return Person(family.strip(), given.strip())
        return Person(text, literal=True)
    if isinstance(value, Mapping):
        if value.get("literal"):
            return Person(" ".join(str(value["literal"]).split()), literal=True)
        family = " ".join(str(value.get("family") or "").split())
        given = " ".join(str(value.get("given") or "").split())
        particle = str(value.get("non-dropping-particle") or "").strip()
        if particle:
            family = f"{particle} {family}"
        if not family:
            raise error(
                "a person needs a 'family' name", pos, "for an organisation: {family: Name}"
            )
        # A family name with no given name is an organisation ({family: "Anna Freud Centre"}).
        return Person(family, given, literal=not given)
    raise error(
        f"cannot read a person from {value!r}", pos, 'write "Family, I." or {family, given}'
    )


def persons_from_value(value: object, pos: Pos | None = None) -> tuple[Person, ...]:
    """A tuple of Persons from a list (or a single entry) of author values."""
    if value is None:
        return ()
    if isinstance(value, (str, Mapping, Person)):
        value = [value]
    return tuple(person_from_value(v, pos) for v in value)


def iso_date(value: object) -> str | None:
    """An accessed date as ISO text: dates become YYYY-MM-DD, other text is kept as written."""
    if value is None or value == "":
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return str(value).strip() or None


def _text(value: object) -> str | None:
    if value is None:
        return None
    s = " ".join(str(value).split())
    return s or None


def _year(value: object, pos: Pos | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise error(f"year must be a number, not {value!r}", pos)
    if isinstance(value, int):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.year
    s = str(value).strip()
    if s.lower() in ("n.d.", "nd", "no date"):
        return None
    if s.isdigit():
        return int(s)
    raise error(f"year must be a number, not {value!r}", pos, "leave it out when there is no date")


def _month(value: object, pos: Pos | None) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 12:
        return value
    s = str(value).strip().lower()
    if s.isdigit() and 1 <= int(s) <= 12:
        return int(s)
    for i, name in enumerate(MONTHS, start=1):
        if len(s) >= 3 and name.lower().startswith(s):
            return i
    raise error(f"month must be 1-12 or a month name, not {value!r}", pos)


def reference_from_mapping(id: str, mapping: Mapping, pos: Pos | None = None) -> Reference:
    """Build a Reference from validated plain data (the deck's inline reference keys)."""
    rtype = str(mapping.get("type") or "misc")
    if rtype not in TYPES:
        raise error(f"unknown reference type {rtype!r}", pos, f"use one of {', '.join(TYPES)}")
    url = _text(mapping.get("url"))
    doi = normalise_doi(_text(mapping.get("doi"))) or doi_from_url(url)
    return Reference(
        id=str(id),
        type=rtype,
        authors=persons_from_value(mapping.get("authors"), pos),
        year=_year(mapping.get("year"), pos),
        title=_text(mapping.get("title")) or "",
        container=_text(mapping.get("container")),
        publisher=_text(mapping.get("publisher")),
        place=_text(mapping.get("place")),
        url=url,
        doi=doi,
        note=_text(mapping.get("note")),
        volume=_text(mapping.get("volume")),
        issue=_text(mapping.get("issue")),
        pages=normalise_pages(_text(mapping.get("pages"))),
        edition=_text(mapping.get("edition")),
        editors=persons_from_value(mapping.get("editors"), pos),
        accessed=iso_date(mapping.get("accessed")),
        month=_month(mapping.get("month"), pos),
        number=_text(mapping.get("number")),
        genre=_text(mapping.get("genre")),
        pos=pos,
        as_of=evidence_date_of(mapping.get("as_of"), "as_of", pos),
        review_by=evidence_date_of(mapping.get("review_by"), "review_by", pos),
    )


def evidence_date_of(value: object, key: str, pos: Pos | None) -> str | None:
    """`as_of` / `review_by` as canonical text (a date, a month or a year)."""
    if value is None or value == "":
        return None
    from slidegen.lifecycle import evidence_date_text

    try:
        return evidence_date_text(value)
    except ValueError as exc:
        raise error(f"'{key}': {exc}", pos)
