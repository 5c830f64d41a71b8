"""Backup slides (issue 18, point 5): an audience with `backup:` keeps the content slides its
tags drop as hidden slides, at the end or in place, instead of deleting them; the agenda and
the references follow the slides shown; `slidegen list` marks them."""

from __future__ import annotations

import json

from pptx import Presentation

from helpers.decks import SEED, run_cli, write
from slidegen.build import BuildOptions, build, plan_deck

DECK = """\
deck: {title: Talk, agenda: Plan}
audiences:
  short: {include_tags: [key], backup: true}
  inplace: {exclude_tags: [detail], backup: in-place}
  plain: {include_tags: [key]}
references:
  r1: {type: report, authors: ["Doe, A."], year: 2020, title: R1, publisher: P}
sections:
  - id: one
    title: One
    slides:
      - {id: k1, bullets: [x], tags: [key]}
      - {id: d1, bullets: ["y [@r1]"], tags: [detail]}
      - {id: others, bullets: [z], audiences: [plain]}
      - {id: gone, bullets: [z], hidden: true}
  - id: two
    title: Two
    tags: [detail]
    slides:
      - {id: d2, bullets: [w]}
  - id: three
    title: Three
    slides:
      - {id: plan-again, layout: agenda}
      - {id: k3, bullets: [x], tags: [key]}
      - {layout: closing}
"""


def _plan(tmp_path, audience):
    return plan_deck(write(tmp_path, "deck.yaml", DECK), BuildOptions(audience=audience))


def _shown(plan):
    return [s.id for s in plan.slides if not s.hidden]


def test_backup_slides_are_hidden_at_the_end(tmp_path):
    plan = _plan(tmp_path, "short")
    ids = [s.id for s in plan.slides]
    assert ids[-2:] == ["d1", "d2"]  # in deck order, after everything shown
    assert [s.id for s in plan.slides if s.hidden] == ["d1", "d2"]
    assert all(s.backup for s in plan.slides if s.hidden)
    # not backups: a slide for another audience only, a slide hidden for everyone
    assert "others" not in ids and "gone" not in ids
    # the agenda and dividers follow what is shown: part two holds only a backup
    assert "two-divider" not in ids
    (agenda, again) = [s for s in plan.slides if s.layout == "agenda"]
    assert [i.id for i in agenda.content.items] == ["one", "three"]
    # the references follow what is shown: d1's citation lists nothing
    assert "references" not in ids and plan.cited == []


def test_backup_in_place_keeps_them_where_they_stand(tmp_path):
    plan = _plan(tmp_path, "inplace")
    ids = [s.id for s in plan.slides]
    assert ids.index("d1") == ids.index("k1") + 1 and ids.index("d2") == ids.index("d1") + 1
    assert [s.id for s in plan.slides if s.hidden] == ["d1", "d2"]
    assert "two-divider" not in [s.id for s in plan.slides]
    (_, again) = [s for s in plan.slides if s.layout == "agenda"]
    assert [i.id for i in again.content.items if i.highlight] == ["three"]


def test_without_backup_the_slides_are_dropped(tmp_path):
    plan = _plan(tmp_path, "plain")
    assert not any(s.hidden for s in plan.slides)
    assert "d1" not in [s.id for s in plan.slides]


def test_backup_slides_are_hidden_in_the_file(tmp_path):
    deck = write(tmp_path, "deck.yaml", DECK)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out", audience="short"))
    prs = Presentation(str(result.output))
    hidden = [s._element.get("show") == "0" for s in prs.slides]
    assert hidden[-2:] == [True, True] and not any(hidden[:-2])


def test_list_marks_backup_slides(tmp_path):
    deck = str(write(tmp_path, "deck.yaml", DECK))
    text = run_cli("list", deck, "--audience", "short").stdout.splitlines()
    assert text[-3].rstrip().endswith("(hidden: backup)") and "d1" in text[-3]
    assert "(2 of them hidden backup slides)" in text[-1]
    rows = json.loads(run_cli("list", deck, "--audience", "short", "--format", "json").stdout)
    assert [(r["id"], r["hidden"], r["backup"]) for r in rows["slides"][-2:]] == [
        ("d1", True, True),
        ("d2", True, True),
    ]


def test_the_commissioners_briefing_keeps_its_detail_as_backup():
    plan = plan_deck(SEED, BuildOptions(audience="commissioners"))
    backups = [s.id for s in plan.slides if s.backup]
    assert "video-feedback" in backups and "circle-of-security" in backups
    assert not any(s.startswith("families-") for s in backups)  # another version's slides
    shown = [s for s in plan.slides if not s.hidden]
    assert shown[-1].layout == "references"
    first_backup = [s.id for s in plan.slides].index(backups[0])
    assert all(s.hidden for s in plan.slides[first_backup:])
