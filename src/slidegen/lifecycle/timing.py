"""Speaking time: each slide's from its speaker notes, a build's in total, against a budget.

A slide takes its own `time:` when it has one; otherwise its notes read at the deck's `pace`
(words a minute, default 130), and never less than a floor: FLOOR_SECONDS for a content slide
(showing it and saying what it is), GENERATED_FLOOR_SECONDS for the title, agenda, dividers
and references. Hidden slides (and backup slides) take no time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..plan import DeckPlan, PlannedSlide
from . import format_duration

FLOOR_SECONDS = 30.0
GENERATED_FLOOR_SECONDS = 10.0
STRUCTURAL = ("title", "agenda", "section", "references")
_WORD = re.compile(r"\w[\w'’.,%:/-]*")


@dataclass(frozen=True)
class SlideTime:
    """One slide's speaking time and where it comes from ("time", "notes", "floor",
    "hidden")."""

    number: int
    id: str
    title: str
    seconds: float
    how: str
    words: int = 0

    def __str__(self) -> str:
        return f"{self.number} '{self.id}' {format_duration(self.seconds)}"


def note_words(s: PlannedSlide) -> int:
    """Words in a slide's speaker notes (as resolved: data filled in, citations formatted)."""
    return sum(len(_WORD.findall(n.plain)) for n in s.notes if n is not None)


def slide_time(s: PlannedSlide, pace: int, number: int = 0) -> SlideTime:
    """A slide's speaking time at `pace` words a minute."""
    title = s.title.plain if s.title is not None else ""
    if s.hidden:
        return SlideTime(number, s.id, title, 0.0, "hidden")
    words = note_words(s)
    if s.time is not None:
        return SlideTime(number, s.id, title, float(s.time), "time", words)
    floor = GENERATED_FLOOR_SECONDS if s.generated or s.layout in STRUCTURAL else FLOOR_SECONDS
    spoken = words * 60.0 / pace
    if spoken >= floor:
        return SlideTime(number, s.id, title, spoken, "notes", words)
    return SlideTime(number, s.id, title, floor, "floor", words)


def build_times(plan: DeckPlan) -> list[SlideTime]:
    """Every slide of the build with its time, in order (hidden slides at 0)."""
    pace = plan.lifecycle.pace
    return [slide_time(s, pace, n) for n, s in enumerate(plan.slides, 1)]


def total_seconds(times: list[SlideTime]) -> float:
    return sum(t.seconds for t in times)


def longest(times: list[SlideTime], n: int = 3) -> list[SlideTime]:
    """The `n` longest slides, longest first (ties in slide order)."""
    return sorted((t for t in times if t.seconds > 0), key=lambda t: (-t.seconds, t.number))[:n]


def budget_line(plan: DeckPlan, times: list[SlideTime]) -> str:
    """`about 18 min 20 s at 130 words a minute; duration 20 min: 1 min 40 s to spare`."""
    total = total_seconds(times)
    life = plan.lifecycle
    text = f"about {format_duration(total)} at {life.pace} words a minute"
    if life.duration is not None:
        gap = life.duration - total
        verdict = (
            f"{format_duration(gap)} to spare" if gap >= 0 else f"{format_duration(-gap)} over"
        )
        text += f"; duration {format_duration(life.duration)}: {verdict}"
    return text
