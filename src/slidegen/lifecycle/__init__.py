"""The evidence lifecycle: dates on the evidence, ages, durations and "today".

Small and import-free (the schema validates with these), so `slidegen --help` and building a
deck that uses none of it cost nothing. The features themselves live beside this module:
`evidence` (every figure with its source, dates and slides), `literals` (numbers typed by hand
that equal a data value), `timing` (speaking time) and `readability` (reading level).

Nothing here reads the clock unless asked for "today" with no date given: `today()` takes an
explicit date, else SOURCE_DATE_EPOCH, and only then the clock. A build never calls it, so
the clock cannot change a .pptx.
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from dataclasses import dataclass

# ---- dates on the evidence: a day, a month or a year ------------------------------------------
_PARTIAL = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class EvidenceDate:
    """A date as written on a figure or reference (`2024-03-31`, `2024-03` or `2024`).

    `day` is the date compared with: a month or a year counts as its last day (a figure
    "as of 2024" describes the whole year; "review by 2027-03" means by the end of March).
    """

    day: dt.date
    text: str

    def __str__(self) -> str:
        return self.text


def parse_evidence_date(value: object) -> EvidenceDate:
    """An EvidenceDate from a YAML value: a date, `YYYY-MM-DD`, `YYYY-MM` or a year.

    Raises ValueError with a message a deck author can act on.
    """
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return EvidenceDate(value, value.isoformat())
    if isinstance(value, bool) or value is None:
        raise ValueError(f"expected a date such as 2024-03-31, 2024-03 or 2024, found {value!r}")
    text = str(value).strip()
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"expected a date such as 2024-03-31, 2024-03 or 2024, found '{text}'")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    try:
        if month is None:
            return EvidenceDate(dt.date(year, 12, 31), f"{year:04d}")
        mon = int(month)
        if day is None:
            last = calendar.monthrange(year, mon)[1] if 1 <= mon <= 12 else 0
            return EvidenceDate(dt.date(year, mon, last), f"{year:04d}-{mon:02d}")
        d = dt.date(year, mon, int(day))
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a date: {exc}") from None
    return EvidenceDate(d, d.isoformat())


def evidence_date_text(value: object) -> str:
    """The canonical text of a date on the evidence (what the schema keeps)."""
    return parse_evidence_date(value).text


# ---- ages: how old evidence may be (`3y`, `18m`, `2y 6m`) --------------------------------------
_AGE_PART = re.compile(r"(\d+)\s*(y|yr|yrs|years?|m|mo|months?|w|wk|weeks?|d|days?)", re.I)


@dataclass(frozen=True)
class Age:
    """A span of years, months and days, applied to calendar dates (`3y` = 3 calendar years)."""

    years: int = 0
    months: int = 0
    days: int = 0
    text: str = ""

    def before(self, day: dt.date) -> dt.date:
        """The date this span before `day` (29 February becomes 28 February)."""
        months = day.year * 12 + (day.month - 1) - (self.years * 12 + self.months)
        year, month = divmod(months, 12)
        month += 1
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(day.day, last)) - dt.timedelta(days=self.days)

    def __str__(self) -> str:
        return self.text


def parse_age(value: object) -> Age:
    """An Age from `3y`, `18m`, `2y 6m`, `6 months`, `90d`. Raises ValueError."""
    text = str(value).strip()
    pos = 0
    years = months = days = 0
    found = False
    for m in _AGE_PART.finditer(text):
        if text[pos : m.start()].strip(" ,"):
            break
        n, unit = int(m.group(1)), m.group(2).lower()
        if unit.startswith("y"):
            years += n
        elif unit.startswith("mo") or unit == "m" or unit.startswith("month"):
            months += n
        elif unit.startswith("w"):
            days += 7 * n
        else:
            days += n
        pos = m.end()
        found = True
    if not found or text[pos:].strip(" ,") or (years, months, days) == (0, 0, 0):
        raise ValueError(f"expected an age such as 3y, 18m or 2y 6m, found '{text}'")
    return Age(years, months, days, text)


# ---- durations: speaking time (`20min`, `90s`, `1h 30min`) -------------------------------------
_DURATION_PART = re.compile(
    r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|min|mins|minutes?|m|s|sec|secs|seconds?)", re.I
)


def parse_duration(value: object) -> float:
    """Seconds from `20min`, `2min`, `90s`, `1h 30min`, `1.5min`. Raises ValueError.

    A bare number is refused (minutes or seconds?): the message says to add a unit.
    """
    text = str(value).strip()
    if re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(f"give '{text}' a unit: {text}min or {text}s")
    pos = 0
    seconds = 0.0
    found = False
    for m in _DURATION_PART.finditer(text):
        if text[pos : m.start()].strip(" ,"):
            break
        n, unit = float(m.group(1)), m.group(2).lower()
        if unit.startswith("h"):
            seconds += n * 3600
        elif unit.startswith("m"):
            seconds += n * 60
        else:
            seconds += n
        pos = m.end()
        found = True
    if not found or text[pos:].strip(" ,"):
        raise ValueError(f"expected a duration such as 20min, 90s or 1h 30min, found '{text}'")
    if seconds <= 0:
        raise ValueError(f"a duration must be more than nothing, found '{text}'")
    return seconds


def format_duration(seconds: float) -> str:
    """`45 s`, `2 min`, `2 min 30 s`, `1 h 5 min`: rounded to the nearest 5 seconds."""
    total = int(round(seconds / 5.0) * 5)
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    parts = []
    if h:
        parts.append(f"{h} h")
    if m:
        parts.append(f"{m} min")
    if s and not h:
        parts.append(f"{s} s")
    return " ".join(parts) or "0 s"


def format_clock(seconds: float) -> str:
    """`m:ss` (or `h:mm:ss`), rounded to the second: the time column of `slidegen list`."""
    total = int(round(seconds))
    h, rest = divmod(total, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# ---- today ---------------------------------------------------------------------------------
def today(given: dt.date | None = None, environ: dict | None = None) -> dt.date:
    """The date evidence is checked against: `given` (`--today`), else SOURCE_DATE_EPOCH
    (the reproducible-builds variable, in UTC), else the clock."""
    if given is not None:
        return given
    env = os.environ if environ is None else environ
    epoch = str(env.get("SOURCE_DATE_EPOCH", "")).strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.date.today()
