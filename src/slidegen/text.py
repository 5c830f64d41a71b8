"""Rich text shared by every stage after resolve: runs of plain, bold, italic or linked text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    """A stretch of text with one formatting: bold, italic, a hyperlink target."""

    text: str
    bold: bool = False
    italic: bool = False
    url: str | None = None


@dataclass(frozen=True)
class Text:
    """A paragraph's worth of runs (what one inline-markup string becomes)."""

    runs: tuple[Run, ...] = ()

    @property
    def plain(self) -> str:
        """The text without its formatting."""
        return "".join(r.text for r in self.runs)

    def __bool__(self) -> bool:
        return bool(self.plain)

    @classmethod
    def of(cls, s: str) -> Text:
        """Plain, unformatted text (empty for "")."""
        return cls((Run(s),)) if s else cls(())

    def __add__(self, other: Text) -> Text:
        return Text(self.runs + other.runs)
