"""Findings of `slidegen check`: stable codes, severities, locations, text and JSON output."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..codes import Code

# Every code by its value: severity, what it finds and how to fix it (the README's table)
CODES: dict[str, Code] = {code.value: code for code in Code}


@dataclass(frozen=True)
class Location:
    """Where a finding is: a deck position (file:line:col) or a .pptx slide and shape."""

    file: str
    line: int = 0
    col: int = 0
    slide: int | None = None  # 1-based slide number
    slide_id: str | None = None
    shape: str | None = None

    def __str__(self) -> str:
        if self.line:
            text = f"{self.file}:{self.line}:{self.col}"
            if self.slide is not None:
                text += f" (slide {self.slide}" + (f" '{self.slide_id}'" if self.slide_id else "")
                text += ")"
            return text
        parts = [self.file]
        if self.slide is not None:
            where = f"slide {self.slide}"
            if self.slide_id and not self.shape:
                where += f" '{self.slide_id}'"
            if self.shape:
                where += f", shape '{self.shape}'"
            parts.append(where)
        return ": ".join(parts)


@dataclass
class Finding:
    """One problem: code, severity, location, message, suggestion; `suppressed` = the reason."""

    code: Code
    severity: str
    location: Location
    message: str
    suggestion: str = ""
    suppressed: str | None = None

    def format(self) -> str:
        text = f"{self.location}: {self.severity}: {self.code}: {self.message}"
        if self.suggestion:
            text += f" ({self.suggestion})"
        if self.suppressed is not None:
            text += f" [suppressed: {self.suppressed}]"
        return text

    def to_dict(self) -> dict:
        loc = self.location
        return {
            "code": self.code,
            "severity": self.severity,
            "file": loc.file,
            "line": loc.line or None,
            "column": loc.col or None,
            "slide": loc.slide,
            "slide_id": loc.slide_id,
            "shape": loc.shape,
            "location": str(loc),
            "message": self.message,
            "suggestion": self.suggestion,
            "suppressed": self.suppressed,
        }

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.slide or 0, loc.line, loc.col, loc.shape or "", self.code, self.message)


def finding(code: Code, location: Location, message: str, suggestion: str | None = None):
    """A Finding with the code's default severity and suggestion."""
    return Finding(
        code, code.severity, location, message, code.fix if suggestion is None else suggestion
    )


@dataclass
class Report:
    """Everything `check` found in one deck or .pptx."""

    target: str
    kind: str  # "deck" or "pptx"
    findings: list[Finding] = field(default_factory=list)
    slides: int = 0

    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.suppressed is None]

    def count(self, severity: str) -> int:
        return sum(1 for f in self.active() if f.severity == severity)

    def failed(self, strict: bool = False) -> bool:
        """True when an error was found (or, with strict, a warning)."""
        return self.count("error") > 0 or (strict and self.count("warning") > 0)

    def codes(self) -> list[str]:
        """Codes of the active findings (tests and summaries)."""
        return [f.code for f in self.active()]

    def to_dict(self, strict: bool = False) -> dict:
        return {
            "target": self.target,
            "kind": self.kind,
            "slides": self.slides,
            "passed": not self.failed(strict),
            "errors": self.count("error"),
            "warnings": self.count("warning"),
            "infos": self.count("info"),
            "suppressed": sum(1 for f in self.findings if f.suppressed is not None),
            "findings": [f.to_dict() for f in sorted(self.findings, key=Finding.sort_key)],
        }


def format_text(reports: list[Report], strict: bool = False) -> str:
    """Human-readable output: one line per finding, then a summary line per target."""
    lines = []
    for r in reports:
        for f in sorted(r.findings, key=Finding.sort_key):
            lines.append(f.format())
        e, w, i = r.count("error"), r.count("warning"), r.count("info")
        s = len(r.findings) - len(r.active())
        verdict = "failed" if r.failed(strict) else "passed"
        summary = f"{r.target}: {verdict}: {e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"
        if i:
            summary += f", {i} note{'s' * (i != 1)}"
        if s:
            summary += f", {s} suppressed"
        lines.append(summary)
    return "\n".join(lines)


def format_json(reports: list[Report], strict: bool = False) -> str:
    """Machine-readable output: {"passed": bool, "strict": bool, "reports": [...]}."""
    doc = {
        "passed": not any(r.failed(strict) for r in reports),
        "strict": strict,
        "reports": [r.to_dict(strict) for r in reports],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def apply_suppressions(
    findings: list[Finding], deck: dict[str, str], slides: dict[str, dict[str, str]]
) -> None:
    """Mark findings silenced by `suppress:` (the slide's, then the deck's) with the reason."""
    for f in findings:
        reason = None
        if f.location.slide_id is not None:
            reason = slides.get(f.location.slide_id, {}).get(f.code)
        if reason is None:
            reason = deck.get(f.code)
        if reason is not None and f.code not in (Code.BUILD_ERROR, Code.SUPPRESS_UNKNOWN):
            f.suppressed = reason
