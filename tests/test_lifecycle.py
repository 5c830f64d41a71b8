"""The evidence lifecycle (issue 19): dates on the evidence, figures typed by hand, time budgets,
chart alt text from the data, reading level. Every date comparison is given its "today"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from slidegen.build import plan_deck
from slidegen.check.deck import check_deck
from slidegen.cli import main
from slidegen.errors import SlidegenError
from slidegen.lifecycle import (
    format_duration,
    parse_age,
    parse_duration,
    parse_evidence_date,
    today,
)
from slidegen.place.measure import PACKAGE_FONTS, FontCache

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
DAY = dt.date(2026, 11, 26)

REF = {
    "type": "report",
    "authors": ["Doe, J."],
    "year": 2021,
    "title": "A report",
    "publisher": "Pub",
}


@pytest.fixture(scope="module")
def fonts():
    return FontCache(dirs=[PACKAGE_FONTS], use_fc_match=False)


def write_deck(tmp_path: Path, slides, name="deck.yaml", meta=None, **top) -> Path:
    doc = {
        "deck": {"title": "Evidence", "presenter": {"name": "A Person"}, **(meta or {})},
        "references": {"r1": dict(REF)},
        "sections": [{"id": "s", "title": "Section one", "slides": slides}],
        **top,
    }
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def found(path, fonts, code, **kw):
    kw.setdefault("today", DAY)
    return [f for f in check_deck(path, fonts=fonts, **kw).active() if f.code == code]


def cli(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# ---- parsing ----------------------------------------------------------------------------------
def test_evidence_dates_take_a_day_a_month_or_a_year_as_its_last_day():
    assert parse_evidence_date(dt.date(2024, 3, 31)).day == dt.date(2024, 3, 31)
    assert parse_evidence_date("2024-02").day == dt.date(2024, 2, 29)
    assert parse_evidence_date(2024).day == dt.date(2024, 12, 31)
    assert str(parse_evidence_date("2024-2")) == "2024-02"
    for bad in ("last year", "2024-13", "2024-02-30", True):
        with pytest.raises(ValueError):
            parse_evidence_date(bad)


def test_ages_and_durations():
    assert parse_age("3y").before(DAY) == dt.date(2023, 11, 26)
    assert parse_age("18m").before(dt.date(2024, 8, 31)) == dt.date(2023, 2, 28)
    assert parse_age("2y 6m").before(DAY) == dt.date(2024, 5, 26)
    assert parse_duration("20min") == 1200 and parse_duration("1h 30min") == 5400
    assert parse_duration("90s") == 90 and parse_duration("1.5min") == 90
    with pytest.raises(ValueError, match="unit"):
        parse_duration("20")
    with pytest.raises(ValueError):
        parse_age("soon")
    assert format_duration(3 * 60 + 10) == "3 min 10 s" and format_duration(3600) == "1 h"


def test_today_comes_from_the_option_then_source_date_epoch():
    assert today(DAY, {}) == DAY
    assert today(None, {"SOURCE_DATE_EPOCH": "1767225600"}) == dt.date(2026, 1, 1)


# ---- 1. evidence dates ----------------------------------------
def dated_deck(tmp_path, review_by="2026-06-30", as_of="2022-03", max_age="3y", **slide):
    data = {
        "rate": {"value": 7.4, "cite": "r1", "as_of": as_of, "review_by": review_by},
        "count": {"value": 1889, "cite": "r1"},
    }
    slides = [
        {"id": "rate-slide", "layout": "stat", "value": "{{ rate }}%", "label": "a rate", **slide},
        {"id": "again", "title": "Again", "bullets": ["The rate is {{ rate }}%"]},
        {"id": "plain", "title": "Plain", "bullets": ["Nothing dated here"]},
    ]
    meta = {"evidence": {"max_age": max_age}} if max_age else {}
    return write_deck(tmp_path, slides, data=data, meta=meta)


def test_a_figure_past_review_by_is_warned_about_on_every_slide_that_shows_it(tmp_path, fonts):
    path = dated_deck(tmp_path, max_age=None)
    due = found(path, fonts, "EVIDENCE-REVIEW")
    assert [f.location.slide_id for f in due] == ["rate-slide", "again"]
    msg = due[0].message
    assert "rate = 7.4" in msg and "Doe (2021)" in msg and "2026-06-30" in msg
    assert "also on slide 4 'again'" in msg and "checked on 2026-11-26" in msg
    assert found(path, fonts, "EVIDENCE-REVIEW", today=dt.date(2026, 6, 30)) == []


def test_a_figure_older_than_max_age_is_warned_about(tmp_path, fonts):
    path = dated_deck(tmp_path, review_by="2030")
    old = found(path, fonts, "EVIDENCE-AGE")
    assert [f.location.slide_id for f in old] == ["rate-slide", "again"]
    assert "as of 2022-03" in old[0].message and "max_age of 3y" in old[0].message
    assert found(path, fonts, "EVIDENCE-AGE", today=dt.date(2025, 3, 30)) == []
    # the undated figure shown nowhere is not noted; one shown would be
    assert found(path, fonts, "EVIDENCE-UNDATED") == []


def test_an_undated_figure_under_max_age_is_a_note(tmp_path, fonts):
    data = {"count": {"value": 1889, "cite": "r1"}}
    slides = [{"id": "c", "title": "C", "bullets": ["{{ count }} pairs"]}]
    path = write_deck(tmp_path, slides, data=data, meta={"evidence": {"max_age": "3y"}})
    (f,) = found(path, fonts, "EVIDENCE-UNDATED")
    assert f.severity == "info" and "count = 1889" in f.message


def test_a_reference_past_its_review_date_is_warned_about_where_it_is_cited(tmp_path, fonts):
    refs = {"r1": {**REF, "as_of": 2021, "review_by": "2025-06"}}
    slides = [
        {"id": "cites", "title": "Cites", "bullets": ["A finding [@r1]"]},
        {"id": "other", "title": "Other", "bullets": ["No source"]},
    ]
    path = write_deck(tmp_path, slides, references=refs)
    (f,) = found(path, fonts, "EVIDENCE-REVIEW")
    assert f.location.slide_id == "cites" and "[r1]" in f.message and "2025-06" in f.message


def test_suppressed_on_the_slide_with_a_reason(tmp_path, fonts):
    path = dated_deck(
        tmp_path, max_age=None, suppress={"EVIDENCE-REVIEW": "the 2026 update is not out yet"}
    )
    report = check_deck(path, fonts=fonts, today=DAY)
    due = [f for f in report.findings if f.code == "EVIDENCE-REVIEW"]
    assert [f.suppressed for f in due] == ["the 2026 update is not out yet", None]


def test_a_date_that_is_not_one_is_a_located_error(tmp_path):
    data = {"rate": {"value": 7.4, "cite": "r1", "as_of": "last spring"}}
    path = write_deck(tmp_path, [{"title": "R", "bullets": ["{{ rate }}"]}], data=data)
    with pytest.raises(SlidegenError) as exc:
        plan_deck(path)
    (d,) = exc.value.diagnostics
    assert "'as_of'" in d.message and "last spring" in d.message and d.pos.line > 0
    refs = {"r1": {**REF, "review_by": "someday"}}
    path = write_deck(tmp_path, [{"title": "R", "bullets": ["x [@r1]"]}], references=refs)
    with pytest.raises(SlidegenError, match="review_by"):
        plan_deck(path)


def test_list_evidence_prints_every_figure_with_source_dates_and_slides(tmp_path):
    path = dated_deck(tmp_path)
    r = cli("list", path, "--evidence", "--today", "2026-11-26")
    assert r.exit_code == 0, r.output
    row = next(line for line in r.output.splitlines() if line.strip().startswith("rate "))
    for part in ("7.4", "Doe (2021)", "2022-03", "2026-06-30", "review was due", "3 'rate-slide'"):
        assert part in row, (part, row)
    r = cli("list", path, "--evidence", "--today", "2026-11-26", "--format", "json")
    doc = json.loads(r.output)
    (rate,) = [f for f in doc["figures"] if f["key"] == "rate"]
    assert rate["due"] and rate["too_old"] and rate["cites"] == ["r1"]
    assert [s["id"] for s in rate["slides"]] == ["rate-slide", "again"]
    assert [r["key"] for r in doc["references"]] == ["r1"]


def test_the_references_slide_shows_when_the_evidence_was_reviewed(tmp_path):
    from slidegen.place import PlaceContext, builtin_frames, default_registry, place_slide

    meta = {"evidence": {"reviewed": "2026-11-01", "next_review": "2027-11-01"}}
    path = write_deck(tmp_path, [{"title": "R", "bullets": ["x [@r1]"]}], meta=meta)
    plan = plan_deck(path)
    refs = plan.slides[-1]
    assert refs.layout == "references"
    line = "Evidence reviewed 1 November 2026; next review due 1 November 2027"
    assert refs.content.reviewed.plain == line
    ctx = PlaceContext(
        plan, builtin_frames(*plan.theme.slide_size), FontCache(), None, default_registry()
    )
    from slidegen.errors import Diagnostics

    ctx.diags = Diagnostics()
    (part,) = place_slide(ctx, refs)
    texts = [s for s in part.shapes if getattr(s, "name", "") == "Evidence reviewed"]
    assert [t.paragraphs[0].plain for t in texts] == [line]


def test_no_date_of_checking_reaches_a_build(tmp_path, monkeypatch):
    """Due or not, the .pptx is the same: only check and list compare with "today"."""
    from slidegen.build import build

    path = dated_deck(tmp_path)
    doc = yaml.safe_load(path.read_text())
    doc["deck"]["date"] = "2026-11-26"
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026: nothing due
    first = build(path, write=False).data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030: everything due
    assert build(path, write=False).data == first


# ---- 2. figures that cannot go stale ----------------------------------------
def literal_deck(tmp_path, **slide_extra):
    from PIL import Image

    Image.new("RGB", (40, 30), "white").save(tmp_path / "pic.png")
    data = {
        "rate": {"value": 7.4, "cite": "r1"},
        "pairs": {"value": 1889, "cite": "r1"},
        "before": "1:4",
        "cost": "£1,200",
        "area": "your area",
    }
    slides = [
        {
            "id": "words",
            "title": "Rate {{ rate }}%",
            "bullets": [
                "{{ rate }}% of people",
                "In 1,889 pairs",
                "about 7.4 % overall",
                "7.4 things",
                "COVID-19, version 1.889, the years 2019-2020",
                "from 1:4 at £1,200 [@r1]",
            ],
            "notes": "Say {{ pairs }} pairs; that is 1889 pairs, 7.40% of them.",
            **slide_extra,
        },
        {
            "id": "picture",
            "layout": "image",
            "title": "Picture",
            "image": "pic.png",
            "alt": "A chart showing 7.4% of people",
            "cite": ["r1"],
        },
        {
            "id": "pic-placeholder",
            "layout": "image",
            "title": "Picture again",
            "image": "pic.png",
            "alt": "A chart showing {{ rate }}% of people",
        },
        {
            "id": "chart",
            "layout": "chart",
            "title": "Chart",
            "chart": {
                "type": "column",
                "categories": ["a", "2019"],
                "series": [{"name": "s", "values": [7.4, "{{ rate }}"]}],
                "unit": "%",
            },
        },
        {
            "id": "table",
            "layout": "table",
            "title": "Table",
            "columns": ["x", "y"],
            "rows": [["a", 1889], ["b", "7.4%"]],
        },
    ]
    return write_deck(tmp_path, slides, data=data)


def literals(path, fonts):
    return [(f.location.slide_id, f.message) for f in found(path, fonts, "FIGURE-LITERAL")]


def test_a_number_typed_by_hand_that_equals_a_data_value_is_found(tmp_path, fonts):
    got = literals(literal_deck(tmp_path), fonts)
    texts = [(sid, m.split(": ", 1)[1].split(" equals")[0]) for sid, m in got]
    assert sorted(texts) == sorted(
        [
            ("words", "'1,889'"),
            ("words", "'7.4 %'"),
            ("words", "'1:4'"),
            ("words", "'£1,200'"),
            ("words", "'1889'"),
            ("words", "'7.40%'"),
            ("picture", "'7.4%'"),
            ("chart", "'7.4'"),
            ("table", "'1889'"),
            ("table", "'7.4%'"),
        ]
    )
    by_where = {m.split(":")[0]: m for _, m in got}
    assert "alt text" in by_where["slide 'picture', alt text"]
    (alt,) = [
        f for f in found(literal_deck(tmp_path), fonts, "FIGURE-LITERAL") if "alt" in f.message
    ]
    assert alt.suggestion.startswith("write `{{ rate }}%` instead")
    (chart,) = [
        f for f in found(literal_deck(tmp_path), fonts, "FIGURE-LITERAL") if "chart" in f.message
    ]
    assert chart.suggestion.startswith('write `"{{ rate }}"` instead')
    assert chart.location.line > 0 and chart.location.slide_id == "chart"


def test_other_units_placeholders_citations_and_words_are_not_figures(tmp_path, fonts):
    got = [m for _, m in literals(literal_deck(tmp_path), fonts)]
    assert not any("7.4 things" in m or "'7.4'" in m and "words" in m for m in got)
    assert not any("2019" in m or "'19'" in m or "version" in m for m in got)


def test_a_literal_is_suppressed_on_its_slide_with_a_reason(tmp_path, fonts):
    path = literal_deck(tmp_path, suppress={"FIGURE-LITERAL": "quoted from the 2022 report"})
    report = check_deck(path, fonts=fonts, today=DAY)
    words = [
        f for f in report.findings if f.code == "FIGURE-LITERAL" and f.location.slide_id == "words"
    ]
    assert words and all(f.suppressed == "quoted from the 2022 report" for f in words)


def test_alt_text_takes_placeholders_and_diff_sees_them(tmp_path):
    from slidegen.diff import diff_paths

    (tmp_path / "a").mkdir()
    old = literal_deck(tmp_path / "a")
    plan = plan_deck(old)
    (pic,) = [s for s in plan.slides if s.id == "pic-placeholder"]
    assert pic.content.alt == "A chart showing 7.4% of people"
    assert "rate" in pic.data_keys
    new_dir = tmp_path / "b"
    new_dir.mkdir()
    new = literal_deck(new_dir)
    new.write_text(new.read_text().replace("value: 7.4", "value: 7.1"))
    report = diff_paths(old, new)
    (change,) = [c for c in report.data if c.key == "rate"]
    assert "pic-placeholder" in [u["id"] for u in change.slides]
    assert "picture" not in [u["id"] for u in change.slides]  # the typed 7.4% is what check finds


def test_the_seed_deck_types_no_figure_by_hand(fonts):
    assert found(SEED, fonts, "FIGURE-LITERAL") == []


# ---- 3. time budgets ----------------------------------------
def timed_deck(tmp_path, duration="5min", pace=None, **extra):
    words = " ".join(["word"] * 260)  # two minutes at 130 words a minute
    slides = [
        {"id": "long", "title": "Long", "bullets": ["a"], "notes": words},
        {"id": "short", "title": "Short", "bullets": ["b"], "notes": "A few words."},
        {"id": "fixed", "title": "Fixed", "bullets": ["c"], "time": "3min"},
        {"id": "gone", "title": "Hidden", "bullets": ["d"], "hidden": True, "time": "9min"},
    ]
    meta = {"pace": pace} if pace else {}
    auds = {"brief": {"duration": duration, **extra}}
    return write_deck(tmp_path, slides, meta=meta, audiences=auds)


def test_each_slide_takes_its_notes_at_the_pace_its_own_time_or_a_floor(tmp_path):
    from slidegen.lifecycle.timing import build_times, total_seconds

    plan = plan_deck(timed_deck(tmp_path))
    times = {t.id: (t.seconds, t.how) for t in build_times(plan)}
    assert times["long"] == (120.0, "notes")
    assert times["short"] == (30.0, "floor")
    assert times["fixed"] == (180.0, "time")
    assert times["title"] == (10.0, "floor") and times["s-divider"] == (10.0, "floor")
    assert total_seconds(build_times(plan)) == 120 + 30 + 180 + 10 + 10
    fast = plan_deck(timed_deck(tmp_path, pace=260))
    assert {t.id: t.seconds for t in build_times(fast)}["long"] == 60.0


def test_list_shows_each_slides_time_and_the_total_against_the_duration(tmp_path):
    path = timed_deck(tmp_path)
    r = cli("list", path, "--audience", "brief")
    assert r.exit_code == 0, r.output
    rows = {line.split()[1]: line.split()[3] for line in r.output.splitlines()[1:-1]}
    assert rows["long"] == "2:00" and rows["fixed"] == "3:00" and rows["short"] == "0:30"
    assert "about 5 min 50 s at 130 words a minute; duration 5 min: 50 s over" in r.output
    doc = json.loads(cli("list", path, "--audience", "brief", "--format", "json").output)
    assert doc["total_seconds"] == 350 and doc["duration_seconds"] == 300
    assert [s["time_from"] for s in doc["slides"]][2:5] == ["notes", "floor", "time"]


def test_check_warns_when_an_audience_is_over_its_duration(tmp_path, fonts):
    path = timed_deck(tmp_path)
    for kw in ({}, {"audience": "brief"}):  # the whole deck checks every audience's budget
        (f,) = found(path, fonts, "TIME-OVER", **kw)
        assert "the 'brief' build takes about 5 min 50 s" in f.message
        assert "50 s over its duration of 5 min" in f.message
        assert "longest slides: 5 'fixed' 3 min, 3 'long' 2 min, 4 'short' 30 s" in f.message
        lines = path.read_text().splitlines()
        assert lines[f.location.line - 1].strip() == "duration: 5min"  # the audience's duration
        assert f.location.slide is None
    assert found(timed_deck(tmp_path, duration="6min"), fonts, "TIME-OVER") == []


def test_a_duration_without_a_unit_is_an_error(tmp_path):
    with pytest.raises(SlidegenError, match="unit"):
        plan_deck(timed_deck(tmp_path, duration=20))


# ---- 5. reading level ----------------------------------------
def test_reading_scores():
    from slidegen.lifecycle.readability import score, syllables

    assert [syllables(w, "en-GB") for w in ("baby", "about", "relationships", "the")] == [
        2,
        2,
        4,
        1,
    ]
    easy = score(["We help you and your baby.", "Ask for help. It is fine to ask."])
    hard = score(
        [
            "Comprehensive intergenerational psychotherapeutic interventions demonstrate"
            " considerable methodological heterogeneity across jurisdictions"
        ]
    )
    assert easy.reading_ease > 90 and easy.reading_age < 8
    assert hard.reading_ease < 0 and hard.reading_age > 25
    assert score(["Too short to say"]) is None
    assert score(["Das ist ein kurzer Satz.", "Wir helfen Ihnen und Ihrem Baby gern."], "de")
    assert score(["これは日本語です"] * 5, "ja") is None


def plain_deck(tmp_path, level, language=None):
    slides = [
        {
            "id": "easy",
            "title": "Help",
            "bullets": ["We help you and your baby.", "Ask for help. It is fine to ask."],
        },
        {
            "id": "hard",
            "title": "Considerations",
            "bullets": [
                "Comprehensive intergenerational psychotherapeutic interventions demonstrate"
                " considerable methodological heterogeneity internationally"
            ],
        },
    ]
    meta = {"language": language} if language else {}
    return write_deck(tmp_path, slides, meta=meta, audiences={"families": {"reading_level": level}})


def test_check_warns_on_slides_harder_than_the_audience_reads(tmp_path, fonts):
    path = plain_deck(tmp_path, {"reading_ease": 60, "reading_age": 12})
    (f,) = found(path, fonts, "READING-LEVEL")
    assert f.location.slide_id == "hard" and "the 'families' build" in f.message
    assert "reading ease below 0 (below 60)" in f.message and "reading age of over 25" in f.message
    (f,) = found(path, fonts, "READING-LEVEL", audience="families")
    assert f.location.slide_id == "hard"
    path = plain_deck(tmp_path, {"reading_age": 12}, language="ja")
    (f,) = found(path, fonts, "READING-LEVEL")
    assert "cannot be scored" in f.message and f.location.slide is None


def test_a_reading_level_needs_one_of_its_keys(tmp_path):
    with pytest.raises(SlidegenError, match="reading_ease"):
        plan_deck(plain_deck(tmp_path, {}))


# ---- 4. chart alt text from the data ----------------------------------------
def chart_alts(tmp_path, *charts, alt=None):
    slides = []
    for i, (title, chart) in enumerate(charts):
        slide = {"id": f"c{i}", "layout": "chart", "title": title, "chart": chart, "cite": "r1"}
        if alt:
            slide["alt"] = alt
        slides.append(slide)
    plan = plan_deck(write_deck(tmp_path, slides))
    return [s.content.alt for s in plan.slides if s.layout == "chart"]


def test_a_chart_without_alt_is_described_from_its_data(tmp_path):
    line = {
        "type": "line",
        "categories": ["2019", "2020", "2021", "2022"],
        "series": [
            {"name": "Referrals", "values": [120, 180, 150, 400]},
            {"name": "Waits", "values": [9, 8, 7, 6]},
        ],
    }
    column = {
        "type": "column",
        "categories": ["Interactions", "Depression", "Wellbeing"],
        "series": [{"name": "Studies showing an improvement", "values": ["74%", 73, 83]}],
    }
    pie = {
        "type": "pie",
        "categories": ["A", "B"],
        "series": [{"name": "Budget", "values": [3, 1]}],
    }
    a, b, c = chart_alts(tmp_path, ("Referrals", line), ("Findings", column), ("Split", pie))
    assert a == (
        "Line chart: Referrals. The horizontal axis shows 4 categories: 2019, 2020, 2021, 2022;"
        " the vertical axis shows 2 series (Referrals, Waits) as numbers. Referrals ranges from"
        " 120 (2019) to 400 (2022), rising overall from 120 in 2019 to 400 in 2022. Waits ranges"
        " from 6 (2022) to 9 (2019), falling steadily from 9 in 2019 to 6 in 2022. Highest:"
        " 2022 (Referrals, 400); lowest: 2022 (Waits, 6)."
    )
    assert b == (
        "Column chart: Findings. The horizontal axis shows 3 categories: Interactions,"
        " Depression, Wellbeing; the vertical axis shows Studies showing an improvement in %."
        " Values range from 73% (Depression, the lowest) to 83% (Wellbeing, the highest)."
    )
    assert "trend" not in b and "rising" not in b  # domains are not in an order
    assert (
        c
        == "Pie chart: Split. Budget, in 2 slices: A 3 (75% of the whole); B 1 (25% of the whole)."
    )


def test_the_authors_alt_wins_and_a_described_chart_follows_its_data(tmp_path):
    chart = {"type": "bar", "categories": ["a", "b"], "series": [{"name": "n", "values": [1, 2]}]}
    assert chart_alts(tmp_path, ("T", chart), alt="Mine") == ["Mine"]
    chart["series"][0]["values"] = [1, "{{ n }}"]
    path = write_deck(
        tmp_path,
        [{"id": "c", "layout": "chart", "title": "T", "chart": chart}],
        data={"n": {"value": 5, "cite": "r1"}},
    )
    (alt,) = [s.content.alt for s in plan_deck(path).slides if s.layout == "chart"]
    assert "5 (b, the highest)" in alt


def test_a_stale_work_and_the_figures_from_it_are_one_finding_per_slide(tmp_path, fonts):
    refs = {"r1": {**REF, "as_of": 2017}}
    data = {
        "a": {"value": 168, "cite": "r1", "as_of": 2017},
        "b": {"value": 4, "cite": "r1", "as_of": 2017},
    }
    slides = [{"id": "both", "title": "Both", "bullets": ["{{ a }} carers in {{ b }} teams"]}]
    path = write_deck(
        tmp_path, slides, data=data, references=refs, meta={"evidence": {"max_age": "5y"}}
    )
    (f,) = found(path, fonts, "EVIDENCE-AGE")
    assert f.message.startswith("slide 'both' shows a = 168, b = 4 from Doe (2021) [r1]: as of")


def test_the_seed_deck_carries_its_evidence_dates_and_fits_the_commissioners_briefing(fonts):
    plan = plan_deck(SEED)
    from slidegen.lifecycle.evidence import evidence_table

    table = evidence_table(plan, DAY)
    assert all(f.as_of and f.review_by for f in table.figures)
    assert all(r.as_of for r in table.references)
    report = check_deck(SEED, fonts=fonts, today=DAY)
    assert not [f.format() for f in report.active() if f.code != "FONT-SUBSTITUTE"]
    old = [f for f in report.findings if f.code == "EVIDENCE-AGE"]
    assert old and all(f.suppressed for f in old)  # each with the reason it still stands
    # a year on, every figure is due for review again
    later = check_deck(SEED, fonts=fonts, today=dt.date(2027, 10, 1))
    due = {f.location.slide_id for f in later.active() if f.code == "EVIDENCE-REVIEW"}
    assert {"interactions", "headline-chart", "pimhap-care-ratio"} <= due
    r = cli("list", SEED, "--audience", "commissioners")
    assert "duration 20 min: 20 s to spare" in r.output
