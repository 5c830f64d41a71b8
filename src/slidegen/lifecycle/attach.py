"""The planner's last step for the evidence lifecycle: what a plan carries of it.

`attach_lifecycle` gives the DeckPlan its `lifecycle` (the data with its dates, the evidence
policy, the pace, the audience's duration and reading level) and puts "Evidence reviewed
<date>" on the references slides when `deck.evidence.reviewed` is set. It reads only the deck:
never the clock.
"""

from __future__ import annotations

import dataclasses

from ..conventions import long_date
from ..plan import DeckPlan, Lifecycle, ReferencesContent
from ..text import Run, Text
from . import parse_duration


def reviewed_text(reviewed, next_review) -> Text | None:
    """`Evidence reviewed 1 November 2026; next review due 1 November 2027` (or None)."""
    if reviewed is None:
        return None
    text = f"Evidence reviewed {long_date(reviewed)}"
    if next_review is not None:
        text += f"; next review due {long_date(next_review)}"
    return Text((Run(text),))


def attach_lifecycle(plan: DeckPlan, deck, aud, data) -> None:
    """Set `plan.lifecycle` from the validated deck (`deck`, a DeckFile), the audience's
    model (`aud`, or None) and the merged data; the references slides get the reviewed line."""
    meta = deck.deck
    policy = meta.evidence
    level = aud.reading_level if aud is not None else None
    plan.lifecycle = Lifecycle(
        data=data,
        pace=meta.pace,
        max_age=policy.max_age if policy else None,
        max_age_pos=policy.where("max_age") if policy else None,
        reviewed=policy.reviewed if policy else None,
        next_review=policy.next_review if policy else None,
        duration=parse_duration(aud.duration) if aud is not None and aud.duration else None,
        duration_pos=aud.where("duration") if aud is not None else None,
        reading_ease=level.reading_ease if level else None,
        reading_age=level.reading_age if level else None,
        reading_pos=aud.where("reading_level") if aud is not None else None,
    )
    line = reviewed_text(plan.lifecycle.reviewed, plan.lifecycle.next_review)
    if line is None:
        return
    for s in plan.slides:
        if isinstance(s.content, ReferencesContent):
            s.content = dataclasses.replace(s.content, reviewed=line)
