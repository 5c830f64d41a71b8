"""`slidegen check`: findings on deck files (before rendering) and on any .pptx."""

from __future__ import annotations

from pathlib import Path

from .findings import CODES, Finding, Location, Report, format_json, format_text

__all__ = ["CODES", "Finding", "Location", "Report", "check_paths", "format_json", "format_text"]


def check_paths(
    paths: list[Path],
    audience: str | None = None,
    overlays: tuple[Path, ...] = (),
    theme: str | None = None,
    today=None,
) -> list[Report]:
    """Check each deck file or PowerPoint file; one Report per path, in order. Writes nothing.

    What a file is goes by its content: a presentation (.pptx, .pptm, .potx, .ppsx ...) gets
    the .pptx checks whatever its name, a deck (YAML text) the deck checks.
    """
    from ..importer.package import reads_as_deck
    from ..place.measure import FontCache

    fonts = FontCache()
    reports = []
    for path in paths:
        if not reads_as_deck(Path(path)):
            from .pptx import check_pptx

            reports.append(check_pptx(path, fonts))
        else:
            from .deck import check_deck

            reports.append(check_deck(path, audience, tuple(overlays), theme, fonts, today))
    return reports
