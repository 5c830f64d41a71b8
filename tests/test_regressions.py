"""Regressions found by testing slidegen as a new user would (hostile and unusual decks)."""

from __future__ import annotations

import json

from pptx import Presentation
from pptx.util import Emu

from helpers.decks import write
from slidegen.build import BuildOptions, build
from slidegen.place.measure import DEFAULT_INSETS, FontCache


def test_stat_figures_are_never_broken_inside_a_number(tmp_path):
    # Four figures with long labels on a 4:3 slide: "1,234,567" came out as "1,234" / ",567".
    deck = write(
        tmp_path,
        "figures.yaml",
        """\
deck: {title: Figures, theme: print, title_slide: false}
sections:
  - id: s
    title: Figures
    divider: false
    slides:
      - layout: stat
        stats:
          - {value: "74%", label: of the studies showed an improvement in interactions}
          - {value: "1,234,567", label: families reached across all participating regions}
          - {value: "£12.5m", label: total investment by integrated care boards}
          - {value: "3:1", label: social return on investment}
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    slide = Presentation(result.output).slides[0]
    figures = [s for s in slide.shapes if s.name.startswith("Figure ")]
    assert [f.text_frame.text for f in figures] == ["74%", "1,234,567", "£12.5m", "3:1"]
    measurer = FontCache().measurer("Arial")
    sizes = set()
    for shape in figures:
        run = shape.text_frame.paragraphs[0].runs[0]
        size = run.font.size.pt
        sizes.add(size)
        inner = shape.width - DEFAULT_INSETS[0] - DEFAULT_INSETS[2]
        lines = measurer.wrap_lines(shape.text_frame.text, size, inner, bold=True)
        assert lines == [shape.text_frame.text], f"{shape.name} wraps at {size} pt: {lines}"
        assert Emu(measurer.text_width(shape.text_frame.text, size, bold=True)) <= inner
    assert len(sizes) == 1  # the figures stay the same size side by side
    assert sizes.pop() >= 18


def test_footer_drops_an_empty_field_with_its_separator(tmp_path):
    # The print theme's footer is "{title} · {date}": a deck without a date showed "Talk ·".
    deck = write(
        tmp_path,
        "talk.yaml",
        """\
deck: {title: Talk, theme: print}
sections:
  - id: s
    title: Part
    slides:
      - bullets: [One]
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    master = Presentation(result.output).slide_master
    footer = next(s for s in master.shapes if s.name == "Footer Text")
    assert footer.text_frame.text == "Talk"


def test_footer_fields_in_the_middle_and_at_the_start_leave_no_stray_separator():
    from slidegen.render import _drop_field

    assert _drop_field("{date} · {title}", "date") == "{title}"
    assert _drop_field("{organisation} | {title} | {date}", "title") == "{organisation} | {date}"
    assert _drop_field("{organisation}", "organisation") == ""
    assert _drop_field("{{date}} {title}", "date") == "{{date}} {title}"  # literal braces stay


def test_plain_yes_no_on_off_are_text_and_switches_still_work(tmp_path):
    # YAML 1.1 reads a plain Yes/No as true/false: `categories: [Yes, No, Unsure]` was refused
    # with "expected text, found 'true'" although the user wrote Yes.
    deck = write(
        tmp_path,
        "poll.yaml",
        """\
deck: {title: Poll, title_slide: no}
sections:
  - id: s
    title: Poll
    divider: No
    slides:
      - layout: chart
        title: Answers
        alt: Pie chart of the answers
        chart:
          type: pie
          categories: [Yes, No, Unsure]
          series: [{name: Answers, values: [60, 30, 10]}]
      - bullets: [On, "off", "True"]
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    slides = Presentation(result.output).slides
    assert len(slides) == 2  # no title slide, no divider: the yes/no switches were read
    chart = next(s for s in slides[0].shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == ["Yes", "No", "Unsure"]
    body = [s for s in slides[1].shapes if s.has_text_frame and s != slides[1].shapes.title]
    assert [p.text for p in body[0].text_frame.paragraphs] == ["On", "off", "True"]


def test_a_true_or_null_list_item_names_the_item_and_suggests_quotes(tmp_path):
    from helpers.decks import run_cli

    deck = write(
        tmp_path,
        "items.yaml",
        """\
deck: {title: Items}
sections:
  - id: s
    title: S
    slides:
      - bullets: [Fine, true, null]
""",
    )
    result = run_cli("build", str(deck), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert (
        f"{deck}:6:25: error: item 2 of 'bullets': expected text or {{text, bullets}}, found "
        """'true' (true/false) (if it is text, write it in quotes: "true")"""
    ) in result.stderr
    assert f"{deck}:6:31: error: item 3 of 'bullets'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_manifest_line_counts_what_the_manifest_lists(tmp_path):
    # A second build into the same folder said "1 output listed" of a manifest listing two.
    from helpers.decks import run_cli

    for name in ("one", "two"):
        write(
            tmp_path,
            f"{name}.yaml",
            f"deck: {{title: {name}}}\nsections: [{{id: s, title: S, "
            "slides: [{bullets: [x]}]}]\n",
        )
    out = tmp_path / "out"
    first = run_cli("build", str(tmp_path / "one.yaml"), "--out", str(out))
    assert first.stdout.splitlines()[-1] == f"{out / 'manifest.json'}: 1 output listed"
    second = run_cli("build", str(tmp_path / "two.yaml"), "--out", str(out))
    assert second.exit_code == 0
    assert second.stdout.splitlines()[-1] == f"{out / 'manifest.json'}: 1 output written, 2 listed"
    manifest = json.loads((out / "manifest.json").read_text())
    assert [o["file"] for o in manifest["outputs"]] == ["one.pptx", "two.pptx"]


def test_a_long_list_is_spread_evenly_over_its_continuation_slides(tmp_path):
    # 40 bullets came out as 13, 13, 13 and 1 (the first three shrunk below the rest).
    items = "\n".join(
        f"          - Bullet number {i} with some words to make it realistic" for i in range(40)
    )
    deck = write(
        tmp_path,
        "long.yaml",
        f"""\
deck: {{title: Long, title_slide: false}}
sections:
  - id: s
    title: Lots
    divider: false
    slides:
      - title: A very long list
        bullets:
{items}
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    counts, sizes = [], set()
    for slide in Presentation(result.output).slides:
        body = next(s for s in slide.placeholders if s.placeholder_format.idx == 1)
        paragraphs = body.text_frame.paragraphs
        counts.append(len(paragraphs))
        sizes.update(r.font.size.pt if r.font.size else 22 for p in paragraphs for r in p.runs)
    assert sum(counts) == 40 and len(counts) > 1
    assert max(counts) - min(counts) <= 1, counts
    assert min(sizes) >= 18  # the default theme's body stays readable on every slide


def test_command_line_paths_that_cannot_work_are_usage_errors_not_crashes(tmp_path):
    # --out naming a file, an unwritable schema path and an empty NAME ended in an internal
    # error (exit 3) or a Python traceback.
    from helpers.decks import run_cli

    deck = write(tmp_path, "d.yaml", "deck: {title: D}\nsections: [{id: s, slides: [{}]}]\n")
    for args in (
        ("build", str(deck), "--out", str(deck)),
        ("watch", str(deck), "--out", str(deck)),
        ("preview", str(deck), "--out", str(deck)),
        ("schema", "--out", str(deck / "schema.json")),
        ("new", ""),
        ("new", "."),
    ):
        result = run_cli(*args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert "Traceback" not in result.output and "internal error" not in result.output
        assert "Error: Invalid value for" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.yaml"]


def test_table_columns_leave_room_so_a_renderer_does_not_break_the_longest_word(tmp_path):
    # 4:3 print theme, a long comment column: "2025/26", "Change" and "Westhaven" got columns
    # exactly as wide as the word, and LibreOffice broke them ("2025/2" / "6").
    deck = write(
        tmp_path,
        "table.yaml",
        """\
deck: {title: Money, theme: print, title_slide: false}
sections:
  - id: s
    title: Money
    divider: false
    slides:
      - layout: table
        columns: [Locality, "2025/26", "2026/27", Change, Comment]
        rows:
          - [Northfield, 1250.5, 1310, "+4.8%", "Uplift for new perinatal hub opening spring"]
          - [Westhaven, "n/a", 400, "new", "First year of service"]
          - [Total, 4330.5, 4855.25, "+12.1%", "**Includes** one-off capital"]
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    frame = next(s for s in Presentation(result.output).slides[0].shapes if s.has_table)
    measurer = FontCache().measurer("Arial")
    pad = DEFAULT_INSETS[0] + DEFAULT_INSETS[2]
    for r, row in enumerate(frame.table.rows):
        for c, cell in enumerate(row.cells):
            size = cell.text_frame.paragraphs[0].runs[0].font.size.pt
            for word in cell.text_frame.text.split():
                need = measurer.text_width(word, size, bold=r == 0) + pad
                assert frame.table.columns[c].width >= need * 1.03, (word, r, c)


def test_table_bands_on_a_dark_theme_keep_the_body_text_readable(tmp_path):
    # high-contrast (white text on near-black): every other row was filled with a pale tint of
    # the primary, so its white numbers were invisible.
    from lxml import etree

    from slidegen.colors import contrast_ratio

    deck = write(
        tmp_path,
        "dark.yaml",
        """\
deck: {title: Dark, theme: high-contrast, title_slide: false}
sections:
  - id: s
    title: Dark
    divider: false
    slides:
      - {layout: table, columns: [A, B], rows: [[1, 2], [3, 4], [5, 6]]}
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    prs = Presentation(result.output)
    theme_part = prs.slide_master.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
    )
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    scheme = etree.fromstring(theme_part.blob).find(".//a:clrScheme", ns)
    slots = {el.tag.split("}")[1]: el[0].get("val") or el[0].get("lastClr") for el in scheme}
    frame = next(s for s in prs.slides[0].shapes if s.has_table)
    fills = set()
    for row in list(frame.table.rows)[1:]:
        for cell in row.cells:
            fill = cell._tc.tcPr.find("a:solidFill/a:schemeClr", ns).get("val")
            fills.add(fill)
            run_fill = cell._tc.find(".//a:r/a:rPr/a:solidFill/a:schemeClr", ns)
            assert run_fill.get("val") == "tx1"  # the text colour, dk1
    assert fills == {"bg1", "bg2"}
    text = "#" + slots["dk1"]
    for slot in ("lt1", "lt2"):
        assert contrast_ratio(text, "#" + slots[slot]) >= 4.5, slot


def test_two_column_bullets_show_at_the_theme_body_size_not_the_stock_28_pt(tmp_path):
    # The stock "Two Content" layout's list style (28/24/20 pt) beat the master's theme sizes
    # wherever a pane kept its size, so "Recruitment" (30/70) broke mid-word at 28 pt.
    deck = write(
        tmp_path,
        "two.yaml",
        """\
deck: {title: Two, title_slide: false}
sections:
  - id: s
    title: Two
    divider: false
    slides:
      - layout: two-column
        ratio: 30/70
        left: {heading: Risks, bullets: [Recruitment, {text: Estates, bullets: [Leases]}]}
        right: {heading: Mitigation, text: A joint campaign.}
""",
    )
    result = build(deck, BuildOptions(out_dir=tmp_path / "out"))
    slide = Presentation(result.output).slides[0]
    pane = next(s for s in slide.placeholders if s.name == "Left content")
    master = slide.slide_layout.slide_master.element
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}

    def effective(p) -> float:
        run = p.runs[0]
        if run.font.size is not None:
            return run.font.size.pt
        lvl = f"a:lvl{p.level + 1}pPr/a:defRPr"
        layout_ph = slide.slide_layout.placeholders.get(idx=pane.placeholder_format.idx)
        for style in (layout_ph.element.txBody.find("a:lstStyle", ns), master):
            path = lvl if style is not master else f".//p:bodyStyle/{lvl}"
            found = style.xpath(path) if style is master else style.findall(lvl, ns)
            if found and found[0].get("sz"):
                return int(found[0].get("sz")) / 100
        raise AssertionError("no size")

    paras = pane.text_frame.paragraphs
    assert [p.text for p in paras] == ["Recruitment", "Estates", "Leases"]
    assert effective(paras[0]) == 22  # the default theme's body size
    assert effective(paras[2]) < 22
