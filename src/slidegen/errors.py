"""Diagnostics: located errors and warnings, collected and printed in one place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True, init=False)
class Pos:
    """A place in an input file: path, 1-based line and column."""

    file: str
    line: int = 0
    col: int = 0

    def __init__(self, file: str, line: int = 0, col: int = 0):
        # what the frozen dataclass's own __init__ does, at half the cost (a big deck makes
        # a Pos for every key and value)
        d = self.__dict__
        d["file"] = file
        d["line"] = line
        d["col"] = col

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True)
class Diagnostic:
    """One finding: severity ("error" or "warning"), message, where, and an optional hint."""

    severity: str
    message: str
    pos: Pos | None = None
    hint: str | None = None
    code: str | None = None  # a codes.Code (a str)

    def format(self) -> str:
        """`path:line:col: severity: message (hint)`, as printed."""
        where = f"{self.pos}: " if self.pos else ""
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def sort_key(self) -> tuple:
        p = self.pos or Pos("")
        return (p.file, p.line, p.col, self.message)


class SlidegenError(Exception):
    """A problem in the user's input. Carries one or more diagnostics; never a bug."""

    def __init__(self, diagnostics: Diagnostic | Iterable[Diagnostic]):
        if isinstance(diagnostics, Diagnostic):
            diagnostics = [diagnostics]
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def error(message: str, pos: Pos | None = None, hint: str | None = None, code: str | None = None):
    """Build a SlidegenError holding one located error (raise it)."""
    return SlidegenError(Diagnostic("error", message, pos, hint, code))


@dataclass(eq=False)
class Diagnostics:
    """A collector passed through the build: errors are raised at stage ends, warnings printed."""

    items: list[Diagnostic] = field(default_factory=list)

    def error(self, message: str, pos: Pos | None = None, hint: str | None = None, code=None):
        """Record an error (raised with the others by raise_if_errors)."""
        self.items.append(Diagnostic("error", message, pos, hint, code))

    def warning(self, message: str, pos: Pos | None = None, hint: str | None = None, code=None):
        """Record a warning, once however often it is given."""
        d = Diagnostic("warning", message, pos, hint, code)
        if d not in self.items:
            self.items.append(d)

    def extend(self, diagnostics: Iterable[Diagnostic]) -> None:
        """Add diagnostics collected elsewhere, leaving out those already here."""
        for d in diagnostics:
            if d not in self.items:
                self.items.append(d)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def raise_if_errors(self) -> None:
        """End of a stage: raise every error collected so far, sorted by position."""
        if self.errors:
            raise SlidegenError(self.errors)


def a_or_an(word: str) -> str:
    """The indefinite article for `word` as it is read out: "an 'image' slide", "a 'stat' slide"."""
    first = word.strip("'\"`").lower()[:1]
    return "an" if first and first in "aeio" else "a"


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A "did you mean 'x'?" hint for the nearest choice, or None."""
    import difflib  # only when there is something to suggest (start-up)

    match = difflib.get_close_matches(str(word), list(choices), n=1, cutoff=0.6)
    return f"did you mean '{match[0]}'?" if match else None
