"""Overlays (deck-format.md, "Overlays"): one test per merge case and per overlay error."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from slidegen.build import BuildOptions, build, plan_deck
from slidegen.errors import Diagnostics, SlidegenError

FIX = Path(__file__).parent / "fixtures" / "tailoring"
BASE = FIX / "base.yaml"


def overlay(tmp_path: Path, text: str, name: str = "region.yaml", folder: str = "region") -> Path:
    path = tmp_path / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def plan(*overlays: Path, audience=None, deck=BASE):
    return plan_deck(deck, BuildOptions(overlays=tuple(overlays), audience=audience))


def ids(*overlays: Path, audience=None) -> list[str]:
    return [s.id for s in plan(*overlays, audience=audience).slides]


def slide(p, sid):
    return next(s for s in p.slides if s.id == sid)


def fails(*overlays: Path):
    with pytest.raises(SlidegenError) as exc:
        plan(*overlays)
    return exc.value.diagnostics[0]


def line_of(path: Path, needle: str) -> int:
    return next(i for i, ln in enumerate(path.read_text().splitlines(), 1) if needle in ln)


# ---- merging ---------------------------------------------------------------------------------
def test_mappings_merge_key_by_key(tmp_path):
    ov = overlay(tmp_path, "deck: {subtitle: Norfolk version}\n")
    p = plan(ov)
    assert p.subtitle == "Norfolk version"
    assert p.title == "Base deck" and p.organisation == "National team"


def test_data_override_replaces_one_value(tmp_path):
    ov = overlay(tmp_path, "data: {figures: {count: 99}}\n")
    p = plan(ov)
    assert slide(p, "intro-b").content.bullets[0][1].plain == "Count 99"
    assert slide(p, "intro-a").content.bullets[0][1].plain == "Rate 40%"  # untouched


def test_data_override_of_a_sourced_value_with_its_own_source(tmp_path):
    ov = overlay(tmp_path, "data: {figures: {rate: {value: 55, cite: regional}}}\n")
    p = plan(ov)
    assert slide(p, "intro-a").content.bullets[0][1].plain == "Rate 55%"
    assert slide(p, "intro-a").cites == ["regional"]
    assert "national" not in p.cited


def test_audiences_merge(tmp_path):
    ov = overlay(tmp_path, "audiences: {local-leads: {subtitle: For local leads}}\n")
    p = plan(ov, audience="local-leads")
    assert p.subtitle == "For local leads"
    short = [s.id for s in plan(ov, audience="short").slides]  # the deck's audience is kept
    assert "intro-a" in short and "intro-b" not in short


def test_section_merged_by_id_keeps_its_slides(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: intro, title: Welcome}]\n")
    p = plan(ov)
    assert slide(p, "intro-divider").title.plain == "Welcome"
    assert [s for s in ids(ov) if s.startswith("intro-")] == [
        "intro-divider",
        "intro-a",
        "intro-b",
        "intro-3",
    ]


def test_nested_section_found_by_id(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: local
            slides:
              - {id: norfolk, title: Norfolk, bullets: [here]}
        """,
    )
    got = ids(ov)
    assert got[got.index("local-placeholder") + 1] == "norfolk"


def test_slide_merged_by_id(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: intro
            slides:
              - {id: intro-b, bullets: [Merged]}
        """,
    )
    s = slide(plan(ov), "intro-b")
    assert s.title.plain == "Second"  # kept
    assert [b.plain for _, b in s.content.bullets] == ["Merged"]  # replaced


def test_slide_with_a_default_id_can_be_merged(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: intro, slides: [{id: intro-3, title: Named}]}]\n")
    assert slide(plan(ov), "intro-3").title.plain == "Named"


def test_new_slide_goes_at_the_end_of_its_section(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: intro, slides: [{id: new, bullets: [x]}]}]\n")
    got = ids(ov)
    assert got[got.index("intro-3") + 1] == "new"


def test_new_slide_after(tmp_path):
    ov = overlay(
        tmp_path, "sections: [{id: intro, slides: [{id: new, after: intro-a, bullets: [x]}]}]\n"
    )
    got = ids(ov)
    assert got[got.index("intro-a") + 1] == "new"


def test_new_slide_before(tmp_path):
    ov = overlay(
        tmp_path, "sections: [{id: intro, slides: [{id: new, before: intro-a, bullets: [x]}]}]\n"
    )
    got = ids(ov)
    assert got[got.index("intro-divider") + 1] == "new"


def test_default_ids_do_not_shift_when_a_slide_is_inserted(tmp_path):
    ov = overlay(
        tmp_path, "sections: [{id: intro, slides: [{before: intro-a, bullets: [no id]}]}]\n"
    )
    got = ids(ov)
    assert "intro-3" in got and "intro-4" in got  # the old third slide keeps its id
    assert got[got.index("intro-divider") + 1] == "intro-4"


def test_existing_slide_moved_with_after(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: intro, slides: [{id: intro-a, after: intro-3}]}]\n")
    got = ids(ov)
    assert got.index("intro-a") == got.index("intro-3") + 1


def test_new_section_at_the_end(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: extra, title: Extra, slides: [{bullets: [x]}]}]\n")
    got = ids(ov)
    assert got[-3:] == ["extra-divider", "extra-1", "references"]


def test_new_section_after_and_before(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - {id: after-intro, after: intro, title: A, slides: [{bullets: [x]}]}
          - {id: before-local, before: local, title: B, slides: [{bullets: [y]}]}
        """,
    )
    got = ids(ov)
    assert got.index("after-intro-divider") == got.index("intro-3") + 1
    assert got.index("before-local-divider") == got.index("part-divider") + 1
    assert got.index("before-local-divider") < got.index("local-divider")


def test_remove_section_and_slides(tmp_path):
    ov = overlay(tmp_path, "remove: [local, intro-b, intro-3]\n")
    got = ids(ov)
    assert "local-divider" not in got and "local-placeholder" not in got
    assert "intro-b" not in got and "intro-3" not in got and "intro-a" in got
    assert "part-divider" not in got  # nothing left in the part


def test_remove_then_replace_with_the_same_id(tmp_path):
    ov = overlay(
        tmp_path,
        """
        remove: [intro-b]
        sections:
          - id: intro
            slides: [{id: intro-b, layout: statement, text: Replaced}]
        """,
    )
    s = slide(plan(ov), "intro-b")
    assert s.layout == "statement" and s.title.plain == "Introduction"


def test_several_overlays_apply_in_order(tmp_path):
    first = overlay(
        tmp_path,
        """
        deck: {subtitle: First}
        sections: [{id: local, slides: [{id: added, bullets: [one]}]}]
        """,
        name="first.yaml",
    )
    second = overlay(
        tmp_path,
        """
        deck: {subtitle: Second}
        sections: [{id: local, slides: [{id: added2, before: added, bullets: [two]}]}]
        """,
        name="second.yaml",
    )
    p = plan(first, second)
    assert p.subtitle == "Second"
    got = [s.id for s in p.slides]
    assert got.index("added2") + 1 == got.index("added")
    assert p.overlays == (str(first), str(second))


# ---- paths relative to the overlay -----------------------------------------------------------
def _png(path: Path, colour=(20, 90, 60)) -> None:
    from PIL import Image

    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (60, 20), colour).save(path)


def test_picture_path_is_relative_to_the_overlay(tmp_path):
    _png(tmp_path / "region" / "images" / "local.png")
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: local
            slides:
              - {id: pic, layout: image, image: images/local.png, alt: A local picture}
        """,
    )
    assert slide(plan(ov), "pic").content.image == (tmp_path / "region/images/local.png")


def test_data_files_and_reference_files_are_relative_to_the_overlay(tmp_path):
    (tmp_path / "region").mkdir()
    (tmp_path / "region" / "local-data.yaml").write_text("local: {name: Norfolk}\n")
    (tmp_path / "region" / "local.bib").write_text(
        "@report{localref, author = {Local, C.}, title = {Local report}, year = {2023}}\n"
    )
    ov = overlay(
        tmp_path,
        """
        data_files: [local-data.yaml]
        references: local.bib
        sections:
          - id: local
            slides: [{id: here, bullets: ["{{ local.name }} [@localref]"]}]
        """,
    )
    p = plan(ov)
    assert slide(p, "here").content.bullets[0][1].plain.startswith("Norfolk (Local")
    assert "localref" in p.references and "national" in p.references


def test_theme_override_from_a_themes_folder_beside_the_overlay(tmp_path):
    theme = tmp_path / "region" / "themes" / "regional" / "theme.yaml"
    theme.parent.mkdir(parents=True)
    theme.write_text('name: regional\ncolors: {primary: "#2E5E3A"}\n')
    ov = overlay(tmp_path, "deck: {theme: regional}\n")
    p = plan(ov)
    assert p.theme.name == "regional"
    assert p.theme.colors["primary"].upper() == "#2E5E3A"


def test_cobrand_logo_from_an_overlay_is_a_second_logo_on_the_master(tmp_path):
    from pptx import Presentation
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    _png(tmp_path / "region" / "images" / "wordmark.png")
    ov = overlay(tmp_path, "deck: {logo: images/wordmark.png}\n")
    deck = tmp_path / "deck.yaml"
    deck.write_text(BASE.read_text() + "")
    theme = tmp_path / "themes" / "branded" / "theme.yaml"
    theme.parent.mkdir(parents=True)
    _png(theme.parent / "logo.png", (31, 78, 107))
    theme.write_text("name: branded\nlogo: {image: logo.png, position: bottom-right}\n")
    text = deck.read_text().replace("  organisation: National team\n", "  theme: branded\n")
    deck.write_text(text)
    result = build(deck, BuildOptions(out_dir=tmp_path / "out", overlays=(ov,)))
    master = Presentation(result.output).slide_masters[0]
    pictures = [s for s in master.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    assert len(pictures) == 2
    blobs = {p.image.blob for p in pictures}
    assert len(blobs) == 2  # the theme's logo and the region's


def test_include_in_an_overlay_is_relative_to_the_overlay(tmp_path):
    (tmp_path / "region" / "parts").mkdir(parents=True)
    (tmp_path / "region" / "parts" / "extra.yaml").write_text(
        "- {id: inc-a, title: Included A, slides: [{bullets: [a]}]}\n"
        "- {id: inc-b, title: Included B, slides: [{bullets: [b]}]}\n"
    )
    ov = overlay(tmp_path, "sections:\n  - {include: parts/extra.yaml, after: intro}\n")
    got = ids(ov)
    assert got.index("inc-a-divider") == got.index("intro-3") + 1
    assert got.index("inc-b-divider") == got.index("inc-a-1") + 1


def test_positions_from_both_files_survive(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: local, slides: [{id: new, bullets: [x]}]}]\n")
    p = plan(ov)
    assert slide(p, "new").pos.file.endswith("region.yaml")
    assert slide(p, "intro-a").pos.file.endswith("base.yaml")


# ---- errors ----------------------------------------------------------------------------------
def test_after_an_unknown_slide_names_the_overlay_line(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: intro
            slides:
              - id: new
                after: intro-bb
                bullets: [x]
        """,
    )
    d = fails(ov)
    assert d.pos.file.endswith("region/region.yaml") and d.pos.line == line_of(ov, "after:")
    assert "no slide in section 'intro' with id 'intro-bb'" in d.message
    assert d.hint == "did you mean 'intro-b'?"


def test_before_an_unknown_section(tmp_path):
    ov = overlay(tmp_path, "sections:\n  - {id: x, before: locl, title: X}\n")
    d = fails(ov)
    assert d.pos.line == 2 and "no section with id 'locl'" in d.message
    assert d.hint == "did you mean 'local'?"


def test_remove_of_an_unknown_id(tmp_path):
    ov = overlay(tmp_path, "remove:\n  - intro-a\n  - local-placeholdr\n")
    d = fails(ov)
    assert d.pos.line == 3 and "no section or slide with id 'local-placeholdr'" in d.message
    assert d.hint == "did you mean 'local-placeholder'?"


def test_after_a_removed_id(tmp_path):
    ov = overlay(
        tmp_path,
        "remove: [intro-b]\nsections: [{id: intro, slides: [{id: n, after: intro-b}]}]\n",
    )
    assert "is removed by this overlay" in fails(ov).message


def test_after_and_before_together(tmp_path):
    ov = overlay(tmp_path, "sections:\n  - {id: x, after: intro, before: end, title: X}\n")
    d = fails(ov)
    assert d.pos.line == 2 and "not both" in d.message


def test_unknown_top_level_key(tmp_path):
    ov = overlay(tmp_path, "deck: {subtitle: x}\nsection: []\n")
    d = fails(ov)
    assert d.pos.line == 2 and d.hint == "did you mean 'sections'?"


def test_slide_id_of_another_section(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: intro, slides: [{id: local-placeholder}]}]\n")
    d = fails(ov)
    assert "is in section 'local', not 'intro'" in d.message


def test_overlay_that_is_not_a_mapping(tmp_path):
    d = fails(overlay(tmp_path, "- just a list\n"))
    assert d.pos.line == 1 and "an overlay must be a mapping" in d.message


def test_validation_error_in_overlay_content_points_at_the_overlay(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: intro
            slides:
              - id: new
                titel: Oops
        """,
    )
    d = fails(ov)
    assert d.pos.file.endswith("region.yaml") and d.pos.line == line_of(ov, "titel")
    assert "titel" in d.message


def test_empty_overlay_warns(tmp_path):
    ov = overlay(tmp_path, "# nothing yet\n")
    diags = Diagnostics()
    plan_deck(BASE, BuildOptions(overlays=(ov,)), diags)
    assert any("overlay file is empty" in w.message for w in diags.warnings)


def test_region_wordmarks_are_what_the_script_draws():
    import importlib.util

    from PIL import Image, ImageChops

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location(
        "make_region_logos", root / "scripts" / "make_region_logos.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for key, (name, colour) in module.REGIONS.items():
        committed = Image.open(root / "decks" / "regions" / "images" / f"{key}.png")
        drawn = module.wordmark(name, colour)
        assert committed.size == drawn.size and committed.mode == "RGBA"
        assert ImageChops.difference(committed, drawn).getbbox() is None, key


# ---- another layout replaces; merged slides name the overlay ---------------------------------
INDEPENDENT = FIX / "independent"


def test_an_overlay_slide_with_another_layout_replaces_the_slide():
    """An independently written deck: the region's stat replaces the national placeholder
    statement of the same id, where it stood (the statement's text is not carried over)."""
    p = plan(INDEPENDENT / "regions" / "tees-valley.yaml", deck=INDEPENDENT / "early-help.yaml")
    got = [s.id for s in p.slides]
    assert got.index("local-example") == got.index("local-divider") + 1
    s = slide(p, "local-example")
    assert s.layout == "stat" and s.title.plain == "Families reached in Tees Valley"
    assert [(x.value.plain, x.label.plain) for x in s.content.stats] == [
        ("2,300", "families used a Tees Valley family hub last year")
    ]
    assert s.notes == []  # the placeholder's notes went with it
    assert s.pos.file.endswith("tees-valley.yaml")
    # the region's edition survives the audience's subtitle
    leaders = plan(
        INDEPENDENT / "regions" / "tees-valley.yaml",
        deck=INDEPENDENT / "early-help.yaml",
        audience="leaders",
    )
    assert leaders.slides[0].content.subtitle.plain == (
        "Briefing for system leaders · Tees Valley edition"
    )
    assert "local-example" in [x.id for x in leaders.slides]


def test_a_replacing_slide_with_after_goes_where_it_says():
    """The second independent deck: a bullets slide replacing a statement, with `after:`."""
    p = plan(INDEPENDENT / "regions" / "cumbria.yaml", deck=INDEPENDENT / "parenting-matters.yaml")
    got = [s.id for s in p.slides]
    assert got[got.index("local-intro") :][:3] == [
        "local-intro",
        "local-statement",
        "cumbria-contact",
    ]
    s = slide(p, "local-statement")
    assert s.layout == "bullets" and [t.plain for _, t in s.content.bullets] == [
        "Started in 2023",
        "180 families so far",
    ]


def test_the_same_layout_still_merges_key_by_key(tmp_path):
    ov = overlay(
        tmp_path, "sections: [{id: intro, slides: [{id: intro-b, layout: bullets, title: New}]}]\n"
    )
    s = slide(plan(ov), "intro-b")
    assert s.title.plain == "New" and [b.plain for _, b in s.content.bullets] == ["Count 12"]


def test_an_error_about_a_merged_slide_is_placed_at_the_overlay_line(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "deck: {title: T}\nsections:\n  - id: a\n    title: A\n    slides:\n"
        '      - {id: s, layout: stat, value: "1", label: one}\n'
    )
    ov = overlay(
        tmp_path,
        "sections:\n  - id: a\n    slides:\n      - id: s\n        stats: [{value: '2'}]\n",
    )
    with pytest.raises(SlidegenError) as exc:
        plan(ov, deck=deck)
    d = exc.value.diagnostics[0]
    assert "not both" in d.message
    assert d.pos.file.endswith("region.yaml") and (d.pos.line, d.pos.col) == (4, 9)
    assert d.hint == f"the slide at {deck}:6:9, merged with this overlay's keys"


def test_an_error_at_a_key_the_deck_wrote_names_the_overlay_that_merged(tmp_path):
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "deck: {title: T}\nsections:\n  - id: a\n    title: A\n    slides:\n"
        "      - {id: s, layout: quote, text: Hello, attribution: [not, text]}\n"
    )
    ov = overlay(tmp_path, "sections: [{id: a, slides: [{id: s, text: Hi}]}]\n")
    with pytest.raises(SlidegenError) as exc:
        plan(ov, deck=deck)
    d = exc.value.diagnostics[0]
    assert d.pos.file.endswith("deck.yaml") and "'attribution'" in d.message
    assert d.hint.startswith("this slide is merged with the overlay at ")
    assert "region.yaml:1:" in d.hint


# ---- no silent new sections or slides ---------------------------------------------------------
def said(diags: Diagnostics) -> list:
    """The warnings of the overlay (the base deck's uncited reference left out)."""
    return [w for w in diags.warnings if w.code is None]


def test_a_misspelt_section_id_is_an_error_not_a_new_section(tmp_path):
    ov = overlay(tmp_path, "sections:\n  - id: locl\n    slides: [{bullets: [x]}]\n")
    d = fails(ov)
    assert d.pos.file.endswith("region.yaml") and (d.pos.line, d.pos.col) == (2, 9)
    assert d.message == "no section with id 'locl'; did you mean 'local'?"
    assert d.hint == "to add a new section, say where it goes with 'after:' or 'before:'"


def test_the_same_words_in_another_order_are_a_misspelt_id(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: local, slides: [{id: placeholder-local}]}]\n")
    d = fails(ov)
    assert "did you mean 'local-placeholder'?" in d.message


def test_a_misspelt_slide_id_in_another_section_says_where_it_is(tmp_path):
    ov = overlay(tmp_path, "sections: [{id: intro, slides: [{id: local-placeholdr}]}]\n")
    d = fails(ov)
    assert d.message == (
        "no slide in section 'intro' with id 'local-placeholdr';"
        " did you mean 'local-placeholder' (in section 'local')?"
    )


def test_a_new_section_without_a_place_is_added_at_the_end_with_a_warning(tmp_path):
    ov = overlay(
        tmp_path, "sections:\n  - {id: case-study, title: A case, slides: [{bullets: [x]}]}\n"
    )
    diags = Diagnostics()
    p = plan_deck(BASE, BuildOptions(overlays=(ov,)), diags)
    assert [s.id for s in p.slides][-3:] == ["case-study-divider", "case-study-1", "references"]
    (w,) = said(diags)
    assert w.message == "new section 'case-study' added at the end of the deck, after 'end'"
    assert w.pos.file.endswith("region.yaml") and w.pos.line == 2
    assert "after:" in w.hint
    with pytest.raises(SlidegenError) as exc:  # --strict fails on it
        build(BASE, BuildOptions(overlays=(ov,), strict=True), write=False)
    assert "new section 'case-study'" in exc.value.diagnostics[0].message


def test_new_slides_follow_each_other_and_warn_once(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: intro
            slides:
              - {id: extra-one, bullets: [x]}
              - {id: extra-two, bullets: [y]}
        """,
    )
    diags = Diagnostics()
    got = [s.id for s in plan_deck(BASE, BuildOptions(overlays=(ov,)), diags).slides]
    assert got[got.index("intro-3") :][:3] == ["intro-3", "extra-one", "extra-two"]
    assert [w.message for w in said(diags)] == [
        "new slide 'extra-one' added at the end of section 'intro', after 'intro-3'"
    ]


def test_new_slides_after_a_placed_one_follow_it(tmp_path):
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: intro
            slides:
              - {id: extra-one, after: intro-a, bullets: [x]}
              - {id: extra-two, bullets: [y]}
        """,
    )
    diags = Diagnostics()
    got = [s.id for s in plan_deck(BASE, BuildOptions(overlays=(ov,)), diags).slides]
    assert got[got.index("intro-a") :][:3] == ["intro-a", "extra-one", "extra-two"]
    assert said(diags) == []


def test_filling_an_emptied_section_is_not_warned_about(tmp_path):
    ov = overlay(
        tmp_path,
        """
        remove: [local-placeholder]
        sections:
          - id: local
            slides:
              - {id: norfolk, bullets: [x]}
              - {id: norfolk-contact, bullets: [y]}
        """,
    )
    diags = Diagnostics()
    got = [s.id for s in plan_deck(BASE, BuildOptions(overlays=(ov,)), diags).slides]
    assert got[got.index("local-divider") :][:3] == ["local-divider", "norfolk", "norfolk-contact"]
    assert said(diags) == []


def test_the_seed_overlays_add_nothing_silently():
    root = Path(__file__).resolve().parent.parent
    for region in ("norfolk", "essex"):
        diags = Diagnostics()
        plan_deck(
            root / "decks" / "parent-infant-impact.yaml",
            BuildOptions(overlays=(root / "decks" / "regions" / f"{region}.yaml",)),
            diags,
        )
        assert not [w for w in diags.warnings if "added at the end" in w.message], region


def test_the_contents_of_a_new_section_are_new(tmp_path):
    """Ids close to existing ones are fine inside a section the overlay adds."""
    ov = overlay(
        tmp_path,
        """
        sections:
          - id: case-study
            after: intro
            title: A case
            slides:
              - {id: intro-c, bullets: [x]}
              - {id: intro-d, after: intro-c, bullets: [y]}
            sections:
              - {id: locals, title: Sub, slides: [{bullets: [z]}]}
              - {id: parts, title: Sub 2, slides: [{bullets: [z]}]}
        """,
    )
    diags = Diagnostics()
    got = [s.id for s in plan_deck(BASE, BuildOptions(overlays=(ov,)), diags).slides]
    start = got.index("case-study-divider")
    assert got[start : start + 7] == [
        "case-study-divider",
        "intro-c",
        "intro-d",
        "locals-divider",
        "locals-1",
        "parts-divider",
        "parts-1",
    ]
    assert said(diags) == []
