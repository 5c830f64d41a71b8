"""References: loading (deck YAML, BibTeX, CSL-JSON), citations and reference-list entries."""

from __future__ import annotations

from pathlib import Path

from slidegen.errors import Pos, error
from slidegen.resolve.references.model import (
    TYPES,
    Person,
    Reference,
    normalise_doi,
    reference_from_mapping,
)
from slidegen.resolve.references.styles import (
    STYLES,
    assign_year_suffixes,
    cite_narrative,
    cite_parenthetical,
    format_entry,
    missing_fields,
    sort_references,
)

__all__ = [
    "STYLES",
    "TYPES",
    "Person",
    "Reference",
    "assign_year_suffixes",
    "cite_narrative",
    "cite_parenthetical",
    "format_entry",
    "load_bibtex",
    "load_csl_json",
    "load_reference_file",
    "missing_fields",
    "normalise_doi",
    "reference_from_mapping",
    "sort_references",
]

SUFFIXES = {".bib": "BibTeX", ".json": "CSL-JSON"}


def load_bibtex(path: Path, pos: Pos | None = None, budget=None) -> dict[str, Reference]:
    """Read a .bib file (see slidegen.resolve.references.bibtex)."""
    from slidegen.resolve.references.bibtex import load_bibtex as _load

    return _load(path, pos, budget)


def load_csl_json(path: Path, pos: Pos | None = None, budget=None) -> dict[str, Reference]:
    """Read a CSL-JSON file (see slidegen.resolve.references.csljson)."""
    from slidegen.resolve.references.csljson import load_csl_json as _load

    return _load(path, pos, budget)


def load_reference_file(
    path: Path, pos: Pos | None = None, budget=None, shown: str | None = None
) -> dict[str, Reference]:
    """Load a .bib or .json reference file; `pos` is where the deck names it (for errors),
    `budget` a files.Budget charged its size, `shown` the path as the deck writes it."""
    path = Path(path)
    shown = shown or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise error(
            f"cannot read references from '{path}': unknown file type '{path.suffix}'",
            pos,
            "use a BibTeX .bib or a CSL-JSON .json file (Zotero: File > Export Library)",
        )
    if path.is_dir():
        raise error(f"reference file '{shown}' is a folder, not a file", pos)
    if not path.exists():
        raise error(
            f"reference file not found: '{path}'", pos, "paths are relative to the deck file"
        )
    if suffix == ".bib":
        return load_bibtex(path, pos, budget)
    return load_csl_json(path, pos, budget)
