"""Reference-list entries (as slidegen formats them) back into reference mappings.

An entry is parsed into authors, year, title and the rest, then formatted again with the
deck's citation style: only an entry that reads exactly as before counts as recovered.
"""

from __future__ import annotations

import re
import unicodedata

from ..conventions import MONTHS
from ..text import Text


def parse_entries(entries: list[Text], style: str = "harvard") -> tuple[dict, list[Text]]:
    """({id: mapping} for entries that re-format identically, [entries that did not])."""
    from ..resolve.references.model import reference_from_mapping
    from ..resolve.references.styles import assign_year_suffixes, format_entry

    found: dict[str, dict] = {}
    failed: list[Text] = []
    candidates = []
    for entry in entries:
        options = [m for m in (_harvard(entry),) if m]
        candidates.append((entry, options))
    # ids first (suffixes depend on the whole list), then check each entry
    for entry, options in candidates:
        if not options:
            failed.append(entry)
            continue
        mapping = options[0]
        rid = _unique_id(_id_for(mapping), found)
        found[rid] = mapping
    refs = {rid: reference_from_mapping(rid, m) for rid, m in found.items()}
    suffixes = assign_year_suffixes(refs.values(), style)
    ok: dict[str, dict] = {}
    by_text = {e.plain: e for e, _ in candidates}
    for rid, ref in refs.items():
        text = format_entry(ref, style, suffixes)
        original = by_text.get(text.plain)
        if original is not None and _italics(original) == _italics(text):
            ok[rid] = found[rid]
        else:
            failed.append(_original_of(found[rid], candidates))
    return ok, [f for f in failed if f is not None]


def _original_of(mapping, candidates):
    for entry, options in candidates:
        if options and options[0] is mapping:
            return entry
    return None


def _italics(t: Text) -> list[str]:
    return [r.text for r in t.runs if r.italic]


def _id_for(m: dict) -> str:
    authors = m.get("authors") or []
    if authors:
        first = authors[0]
        base = first.split(",")[0] if "," in first else first.split()[0]
    else:
        base = (m.get("title") or "ref").split()[0]
    base = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode().lower()
    base = re.sub(r"[^a-z0-9]", "", base) or "ref"
    return f"{base}{m.get('year') or ''}"


def _unique_id(rid: str, taken) -> str:
    if rid not in taken:
        return rid
    for c in "bcdefghijklmnopqrstuvwxyz":
        if rid + c not in taken:
            return rid + c
    return rid + str(len(taken))


_YEAR = re.compile(r" \((\d{4}|n\.d\.)(?:-?[a-z]{1,2})?\) ?")


def _harvard(entry: Text) -> dict | None:
    """Harvard (Cite Them Right) as slidegen writes it; None if the shape is not recognised."""
    runs = list(entry.runs)
    link = next((r.url for r in runs if r.url), None)
    plain = entry.plain
    tail = ""
    if link:
        at = plain.rfind(" Available at: ")
        if at < 0:
            return None
        tail = plain[at:]
        plain = plain[:at]
    m = _YEAR.search(plain)
    if not m:
        return None
    head, rest = plain[: m.start()], plain[m.end() :]
    out: dict = {}
    italic = [r.text for r in runs if r.italic]
    if head.startswith("\u2018") or (italic and head.startswith(italic[0])):
        # no author: the title leads
        return None
    authors = _people(head)
    if authors is None:
        return None
    out["type"] = "misc"
    out["authors"] = authors
    if m.group(1) != "n.d.":
        out["year"] = int(m.group(1))
    if rest.startswith("\u2018"):
        end = rest.find("\u2019")
        if end < 0:
            return None
        out["title"] = rest[1:end]
        after = rest[end + 1 :]
        container = italic[0] if italic else None
        if after.startswith(", in ") and container:
            out["type"] = "chapter"
            pre, _, post = after[5:].partition(container)
            eds = re.match(r"^(.*) \((?:ed\.|eds)\) $", pre)
            if eds:
                out["editors"] = _people(eds.group(1)) or []
            elif pre:
                return None
            out["container"] = container
            note = post.lstrip(".").strip().rstrip(".")
        elif after.startswith(", ") and container and after[2:].startswith(container):
            out["type"] = "article"
            out["container"] = container
            note = after[2 + len(container) :].lstrip(",").strip().rstrip(".")
        else:
            note = after.strip().rstrip(".")
    else:
        if not italic or not rest.startswith(italic[0]):
            return None
        out["title"] = italic[0]
        note = rest[len(italic[0]) :].lstrip(".").strip().rstrip(".")
    if note:
        out["note"] = note
    if link:
        out["url"] = link
        acc = re.search(r"\(Accessed: (\d{1,2}) (\w+) (\d{4})\)", tail)
        if acc and acc.group(2) in MONTHS:
            month = MONTHS.index(acc.group(2)) + 1
            out["accessed"] = f"{acc.group(3)}-{month:02d}-{int(acc.group(1)):02d}"
    return out


def _people(text: str) -> list[str] | None:
    """'Sleed, M., Li, E. and Midgley, N.' -> ['Sleed, M.', 'Li, E.', 'Midgley, N.']."""
    people = re.findall(r"([^,]+?), ((?:[A-Z][a-z]?\.-?)+)(?:, | and |$)", text)
    rebuilt = [f"{f}, {g}" for f, g in people]
    if not people:
        return [text] if text and "," not in text else None
    joined = rebuilt[0] if len(rebuilt) == 1 else ", ".join(rebuilt[:-1]) + " and " + rebuilt[-1]
    return rebuilt if joined == text else None
