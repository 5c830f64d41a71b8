"""Citation and reference-list formatting: Harvard (Cite Them Right) and APA 7."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from slidegen.links import link_problem
from slidegen.resolve.references.model import MONTHS, Person, Reference
from slidegen.text import Run, Text

STYLES = ("harvard", "apa")
APA_MAX_AUTHORS = 20

_REQUIRED = {
    "article": ("authors", "year", "title", "container"),
    "book": ("authors", "year", "title", "publisher"),
    "chapter": ("authors", "year", "title", "container", "publisher"),
    "report": ("authors", "year", "title", "publisher"),
    "webpage": ("title", "url", "year"),
    "misc": ("title",),
}


def _check_style(style: str) -> str:
    if style not in STYLES:
        raise ValueError(f"unknown citation style {style!r} (use one of {', '.join(STYLES)})")
    return style


# ---------------------------------------------------------------- names


def _initials(given: str, apa: bool) -> str:
    """'Emily R.' -> 'E.R.' (Harvard) or 'E. R.' (APA); 'Jean-Paul' -> 'J.-P.'."""
    words = []
    for word in re.split(r"[\s.]+", given.strip()):
        if not word:
            continue
        if word.isupper() and len(word) <= 3 and "-" not in word:
            words.extend(word)  # "ER" as written in Cochrane/Vancouver lists
            continue
        parts = [p for p in word.split("-") if p]
        words.append("-".join(p[0] + "." for p in parts) if len(parts) > 1 else parts[0][0])
    out = [w if w.endswith(".") else w + "." for w in words]
    return (" " if apa else "").join(out)


def _name_inverted(p: Person, apa: bool) -> str:
    """Reference-list form: 'Sleed, M.' or the organisation's name."""
    if p.literal or not p.given:
        return p.family
    return f"{p.family}, {_initials(p.given, apa)}"


def _name_direct(p: Person, apa: bool) -> str:
    """Editor form in APA: 'P. Leach'."""
    if p.literal or not p.given:
        return p.family
    return f"{_initials(p.given, apa)} {p.family}"


def _join(names: list[str], last_sep: str, sep: str = ", ") -> str:
    if len(names) <= 1:
        return "".join(names)
    return sep.join(names[:-1]) + last_sep + names[-1]


def _cite_names(ref: Reference, style: str, narrative: bool) -> str:
    """The author part of an in-text citation ('Sleed et al.'); the title if no author."""
    names = [a.family for a in ref.authors]
    if not names:
        return _short_title(ref, style)
    if style == "harvard":
        if len(names) >= 4:
            return f"{names[0]} et al."
        return _join(names, " and ")
    if len(names) >= 3:
        return f"{names[0]} et al."
    return _join(names, " and " if narrative else " & ")


def _short_title(ref: Reference, style: str) -> str:
    title = ref.title or ref.id
    if ref.type in ("article", "chapter", "webpage") and style == "apa":
        return f"\u201c{title}\u201d"
    if ref.type in ("article", "chapter"):
        return f"\u2018{title}\u2019"
    return title


# ---------------------------------------------------------------- citations


def _year_label(ref: Reference, suffixes: Mapping[str, str]) -> str:
    suffix = suffixes.get(ref.id, "")
    if ref.year is None:
        return f"n.d.-{suffix}" if suffix else "n.d."
    return f"{ref.year}{suffix}"


def assign_year_suffixes(refs: Iterable[Reference], style: str) -> dict[str, str]:
    """Year suffixes ('a', 'b', ...) for works whose citations would otherwise read the same."""
    _check_style(style)
    groups: dict[tuple[str, int], list[Reference]] = {}
    for ref in refs:
        key = (_cite_names(ref, style, narrative=False), ref.year if ref.year is not None else -1)
        group = groups.setdefault(key, [])
        if all(r.id != ref.id for r in group):
            group.append(ref)
    out: dict[str, str] = {}
    for group in groups.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda r: (_fold(r.title), r.id))
        for i, ref in enumerate(group):
            out[ref.id] = _letters(i)
    return out


def _letters(i: int) -> str:
    """0 -> 'a', 25 -> 'z', 26 -> 'aa'."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("a") + r) + s
    return s


def cite_parenthetical(
    refs: Iterable[Reference], style: str, suffixes: Mapping[str, str] | None = None
) -> str:
    """'(Sleed et al., 2022; O'Hara et al., 2019)', in the order given."""
    _check_style(style)
    suffixes = suffixes or {}
    parts = [f"{_cite_names(r, style, False)}, {_year_label(r, suffixes)}" for r in refs]
    return f"({'; '.join(parts)})" if parts else ""


def cite_narrative(ref: Reference, style: str, suffixes: Mapping[str, str] | None = None) -> str:
    """'Sleed et al. (2022)'."""
    _check_style(style)
    return f"{_cite_names(ref, style, True)} ({_year_label(ref, suffixes or {})})"


# ---------------------------------------------------------------- sorting and checks


def _fold(s: str | None) -> str:
    """Sort form: accents and punctuation dropped, case folded, leading 'The ' ignored."""
    s = unicodedata.normalize("NFKD", s or "")
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^\w\s]", "", s.casefold()).strip()
    s = re.sub(r"^the\s+", "", s)
    return " ".join(s.split())


def sort_references(refs: Iterable[Reference], style: str) -> list[Reference]:
    """Reference-list order: authors (first author first), year (no date first), suffix, title."""
    refs = list(refs)
    suffixes = assign_year_suffixes(refs, style)

    def key(r: Reference):
        names = tuple((_fold(a.family), _fold(a.given)) for a in r.authors) or (
            (_fold(r.title), ""),
        )
        year = -1 if r.year is None else r.year
        return (names[0], names[1:], year, suffixes.get(r.id, ""), _fold(r.title), r.id)

    return sorted(refs, key=key)


def missing_fields(ref: Reference) -> list[str]:
    """Fields the reference's type needs but does not have (deck key names, e.g. 'publisher')."""
    out = []
    for name in _REQUIRED.get(ref.type, ("title",)):
        if name == "url":
            ok = bool(ref.url or ref.doi)
        else:
            ok = getattr(ref, name) not in (None, "", ())
        if not ok:
            out.append(name)
    return out


# ---------------------------------------------------------------- reference-list entries


class _Builder:
    """Collects runs, merging neighbours with the same formatting."""

    def __init__(self) -> None:
        self.runs: list[Run] = []

    def add(self, text: str | None, italic: bool = False, url: str | None = None) -> _Builder:
        if not text:
            return self
        run = Run(text, italic=italic, url=url)
        last = self.runs[-1] if self.runs else None
        if last and last.italic == italic and last.url is None and url is None:
            self.runs[-1] = Run(last.text + text, italic=italic)
        else:
            self.runs.append(run)
        return self

    def ends_with(self, chars: str) -> bool:
        return bool(self.runs) and self.runs[-1].text.endswith(tuple(chars))

    def stop(self) -> _Builder:
        """End a sentence: a full stop unless the text already ends in one."""
        if self.runs and not self.ends_with(".?!"):
            self.add(".")
        return self

    def text(self) -> Text:
        return Text(tuple(self.runs))


def _pages(pages: str | None, harvard: bool) -> str | None:
    if not pages:
        return None
    p = re.sub(r"\s*[-\u2010-\u2014]+\s*", "\u2013", pages.strip())
    if not harvard:
        return p
    if re.fullmatch(r"\d+", p):
        return f"p. {p}"
    if re.fullmatch(r"\w*\d+\u2013\w*\d+", p):
        return f"pp. {p}"
    return p  # an article number such as CD012348


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _edition(edition: str | None, harvard: bool) -> str | None:
    if not edition:
        return None
    e = edition.strip()
    word = "edn" if harvard else "ed."
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?(?:\s*(?:edn|ed|edition)\.?)?", e, re.IGNORECASE)
    if m:
        n = int(m.group(1))
        return None if n == 1 else f"{_ordinal(n)} {word}"
    if re.search(r"\bed(n|ition)?\.?$", e, re.IGNORECASE):
        return e
    return f"{e} {word}"


def _date_words(iso: str | None, harvard: bool) -> str | None:
    if not iso:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", iso.strip())
    if not m:
        return iso
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not 1 <= mo <= 12:
        return iso
    return f"{d} {MONTHS[mo - 1]} {y}" if harvard else f"{MONTHS[mo - 1]} {d}, {y}"


def reference_link(ref: Reference) -> str | None:
    """The address a reference links to: its DOI's, else its URL (None: neither)."""
    if ref.doi:
        return f"https://doi.org/{ref.doi}"
    return ref.url


def _live(link: str) -> str | None:
    """The link target for a reference's address, or None (shown as text) when the allow-list
    refuses it; the planner warns about it (links.link_problem)."""
    return link if link_problem(link) is None else None


def format_entry(ref: Reference, style: str, suffixes: Mapping[str, str] | None = None) -> Text:
    """The reference-list entry as rich text (italic titles, the URL or DOI as a link)."""
    _check_style(style)
    suffixes = suffixes or {}
    if style == "harvard":
        return _harvard(ref, suffixes)
    return _apa(ref, suffixes)


def _harvard(ref: Reference, suffixes: Mapping[str, str]) -> Text:
    b = _Builder()
    quoted = ref.type in ("article", "chapter")
    year = f"({_year_label(ref, suffixes)})"
    title = ref.title or ref.id
    if ref.authors:
        b.add(_join([_name_inverted(a, False) for a in ref.authors], " and "))
        b.add(f" {year} ")
        if quoted:
            b.add(f"\u2018{title}\u2019")
        else:
            b.add(title, italic=True)
    else:
        if quoted:
            b.add(f"\u2018{title}\u2019")
        else:
            b.add(title, italic=True)
        b.add(f" {year}")

    if ref.type == "article":
        if ref.container:
            b.add(", ").add(ref.container, italic=True)
        vol = ref.volume or ""
        if ref.issue:
            vol += f"({ref.issue})"
        details = [x for x in (vol, ref.number, _pages(ref.pages, True), ref.note) if x]
        if details:
            b.add(", " + ", ".join(details))
        b.stop()
    elif ref.type == "chapter":
        if ref.container or ref.editors:
            b.add(", in ")
            if ref.editors:
                eds = _join([_name_inverted(e, False) for e in ref.editors], " and ")
                b.add(f"{eds} ({'ed.' if len(ref.editors) == 1 else 'eds'}) ")
            b.add(ref.container or "", italic=True)
        b.stop()
        if e := _edition(ref.edition, True):
            b.add(f" {e}.")
        place = _place_publisher(ref)
        pages = _pages(ref.pages, True)
        if place or pages:
            b.add(" " + ", ".join(x for x in (place, pages) if x)).stop()
        if ref.note:
            b.add(f" {ref.note}").stop()
    else:
        if ref.authors:
            b.stop()  # with no author the title leads and no full stop follows the year
        label = ref.genre or ("Report no." if ref.type == "report" and ref.number else None)
        if parts := [x for x in (label, ref.number) if x]:
            b.add(" " + " ".join(parts)).stop()
        if e := _edition(ref.edition, True):
            b.add(f" {e}.")
        if ref.type == "webpage" and ref.container and not ref.publisher:
            b.add(f" {ref.container}").stop()
        if place := _place_publisher(ref):
            b.add(f" {place}").stop()
        if ref.note:
            b.add(f" {ref.note}").stop()

    if link := reference_link(ref):
        b.add(" Available at: ").add(link, url=_live(link))
        if accessed := _date_words(ref.accessed, True):
            b.add(f" (Accessed: {accessed})")
        b.add(".")
    return b.text()


def _place_publisher(ref: Reference) -> str | None:
    if ref.place and ref.publisher:
        return f"{ref.place}: {ref.publisher}"
    return ref.publisher or ref.place


def _apa_authors(authors: tuple[Person, ...]) -> str:
    names = [_name_inverted(a, True) for a in authors]
    if len(names) > APA_MAX_AUTHORS:
        return ", ".join(names[: APA_MAX_AUTHORS - 1]) + ", . . . " + names[-1]
    if len(names) == 2:
        return f"{names[0]}, & {names[1]}"
    return _join(names, ", & ")


def _apa(ref: Reference, suffixes: Mapping[str, str]) -> Text:
    b = _Builder()
    italic_title = ref.type not in ("article", "chapter")
    date = _year_label(ref, suffixes)
    if ref.type == "webpage" and ref.month and ref.year is not None:
        date = f"{ref.year}, {MONTHS[ref.month - 1]}"
    date = f"({date})"
    title = ref.title or ref.id

    # Bracketed descriptions after the title: (2nd ed.), (Report No. 12), [Internal report].
    extra = []
    if ref.type in ("book", "report", "misc", "webpage"):
        if e := _edition(ref.edition, False):
            extra.append(e)
        if ref.number and ref.type != "article":
            extra.append(f"Report No. {ref.number}" if ref.type == "report" else ref.number)
    paren = f" ({', '.join(extra)})" if extra else ""
    bracket = f" [{ref.genre}]" if ref.genre else ""

    if ref.authors:
        b.add(_apa_authors(ref.authors)).stop()
        b.add(f" {date}.")
        b.add(" ").add(title, italic=italic_title).add(paren + bracket).stop()
    else:
        b.add(title, italic=italic_title).add(paren + bracket).stop()
        b.add(f" {date}.")

    if ref.type == "article":
        if ref.container:
            b.add(" ").add(ref.container, italic=True)
            if ref.volume:
                b.add(", ").add(ref.volume, italic=True)
            if ref.issue:
                b.add(f"({ref.issue})" if ref.volume else f", ({ref.issue})")
            pages = _pages(ref.pages, False)
            if ref.number:
                b.add(f", Article {ref.number}")
            elif pages and not re.search(r"\d+\u2013\d+|^\d+$", pages):
                b.add(f", Article {pages}")
            elif pages:
                b.add(f", {pages}")
            b.stop()
    elif ref.type == "chapter":
        b.add(" In ")
        if ref.editors:
            eds = [_name_direct(e, True) for e in ref.editors]
            eds_text = _join(eds, " & ") if len(eds) <= 2 else _join(eds, ", & ")
            b.add(f"{eds_text} ({'Ed.' if len(eds) == 1 else 'Eds.'}), ")
        b.add(ref.container or "", italic=True)
        inner = [x for x in (_edition(ref.edition, False), _pages(ref.pages, False)) if x]
        if _pages(ref.pages, False):
            inner[-1] = f"pp. {inner[-1]}"
        if inner:
            b.add(f" ({', '.join(inner)})")
        b.stop()
        if ref.publisher:
            b.add(f" {ref.publisher}").stop()
    else:
        if ref.type == "webpage" and ref.container and not _same_as_author(ref, ref.container):
            b.add(f" {ref.container}").stop()
        if ref.publisher and not _same_as_author(ref, ref.publisher):
            b.add(f" {ref.publisher}").stop()
    if ref.note:
        b.add(f" {ref.note}").stop()

    if link := reference_link(ref):
        accessed = _date_words(ref.accessed, False) if ref.type == "webpage" else None
        if accessed:
            b.add(f" Retrieved {accessed}, from ")
        else:
            b.add(" ")
        b.add(link, url=_live(link))
    return b.text()


def _same_as_author(ref: Reference, name: str) -> bool:
    """APA leaves out a publisher (or site name) that is the same as the group author."""
    return len(ref.authors) == 1 and _fold(ref.authors[0].family) == _fold(name)
