"""BuildCache: builds in one process reuse prepared pictures, and give the same bytes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image

from slidegen.build import BuildOptions, build
from slidegen.cache import BuildCache
from slidegen.codes import Code

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "decks" / "parent-infant-impact.yaml"
DECK = """\
deck:
  title: Cached pictures
sections:
  - id: one
    title: One
    slides:
      - id: pic
        layout: image
        title: A picture
        image: pic.png
        alt: A red square
"""


def _media(data: bytes) -> list[bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [z.read(n) for n in z.namelist() if n.startswith("ppt/media/")]


def test_warm_builds_with_a_cache_match_a_cold_build(tmp_path):
    cold = build(SEED, BuildOptions(out_dir=tmp_path), write=False).data
    cache = BuildCache()
    first = build(SEED, BuildOptions(out_dir=tmp_path), write=False, cache=cache).data
    assert cache.files, "pictures and logos of the seed deck were not kept"
    second = build(SEED, BuildOptions(out_dir=tmp_path), write=False, cache=cache).data
    assert first == cold
    assert second == cold


def test_a_changed_picture_is_prepared_again(tmp_path):
    (tmp_path / "deck.yaml").write_text(DECK, encoding="utf-8")
    picture = tmp_path / "pic.png"
    Image.new("RGB", (300, 200), "red").save(picture)
    cache = BuildCache()
    red = build(tmp_path / "deck.yaml", BuildOptions(out_dir=tmp_path), write=False, cache=cache)
    Image.new("RGB", (300, 200), "blue").save(tmp_path / "new.png")
    shutil.move(tmp_path / "new.png", picture)
    st = picture.stat()
    os.utime(picture, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    blue = build(tmp_path / "deck.yaml", BuildOptions(out_dir=tmp_path), write=False, cache=cache)
    fresh = build(tmp_path / "deck.yaml", BuildOptions(out_dir=tmp_path), write=False)
    assert _media(red.data) != _media(blue.data)
    assert blue.data == fresh.data


def test_one_cache_serves_every_audience_of_a_deck(tmp_path):
    from slidegen.build import load_and_validate
    from slidegen.errors import Diagnostics

    cache = BuildCache()
    model, _ = load_and_validate(SEED, BuildOptions(), Diagnostics(), cache=cache)
    assert len(cache.decks) == 1
    for audience in [None, *model.audiences]:
        opts = BuildOptions(out_dir=tmp_path, audience=audience)
        warm = build(SEED, opts, write=False, cache=cache)
        cold = build(SEED, opts, write=False)
        assert warm.data == cold.data, audience
        assert warm.warnings == cold.warnings
        assert warm.plan.inputs == cold.plan.inputs
    assert len(cache.decks) == 1


def test_an_edited_include_is_read_again(tmp_path):
    (tmp_path / "deck.yaml").write_text(
        "deck:\n  title: Includes\nsections:\n  - include: part.yaml\n", encoding="utf-8"
    )
    part = tmp_path / "part.yaml"
    slide = "id: one\ntitle: One\nslides:\n  - id: s\n    title: {t}\n    bullets: [a]\n"
    part.write_text(slide.format(t="Before"), encoding="utf-8")
    cache = BuildCache()
    before = build(tmp_path / "deck.yaml", BuildOptions(), write=False, cache=cache)
    part.write_text(slide.format(t="After it changed"), encoding="utf-8")
    after = build(tmp_path / "deck.yaml", BuildOptions(), write=False, cache=cache)
    assert [s.title.plain for s in before.plan.slides][-1] == "Before"
    assert [s.title.plain for s in after.plan.slides][-1] == "After it changed"


def test_a_deck_kept_for_one_build_is_let_go(tmp_path):
    from slidegen.build import load_and_validate
    from slidegen.errors import Diagnostics

    cache = BuildCache(keep_decks=False)
    load_and_validate(SEED, BuildOptions(), Diagnostics(), cache=cache)
    assert len(cache.decks) == 1
    warm = build(SEED, BuildOptions(out_dir=tmp_path), write=False, cache=cache)
    assert not cache.decks  # not held while rendering
    assert warm.data == build(SEED, BuildOptions(out_dir=tmp_path), write=False).data


def test_decks_of_other_themes_built_in_turn_with_one_cache(tmp_path):
    basic = REPO / "tests" / "fixtures" / "core" / "basic.yaml"
    cache = BuildCache()
    cold = {d: build(d, BuildOptions(out_dir=tmp_path), write=False).data for d in (SEED, basic)}
    for deck in (SEED, basic, SEED, SEED, basic):
        warm = build(deck, BuildOptions(out_dir=tmp_path), write=False, cache=cache)
        assert warm.data == cold[deck], deck
    assert len(cache.bases) == 1  # only the latest base is kept


EDITED = """\
deck:
  title: Kept slides
  language: en-GB
sections:
  - id: one
    title: One
    slides:
      - id: first
        title: {first}
        bullets:
          - A point with [a link](https://example.org/a)
          - Another point
        notes: Say something about [this](https://example.org/notes)
      - id: long
        layout: statement
        text: {many}
      - id: quote
        layout: quote
        text: Words worth repeating
        attribution: Someone
      - id: last
        title: Last
        bullets: [{last}]
"""


def _edited(tmp_path, first="First", last="End", above="") -> Path:
    many = "A statement with far too many words to fit on one slide " * 40
    deck = tmp_path / "deck.yaml"
    old = deck.stat().st_mtime_ns if deck.exists() else 0
    deck.write_text(above + EDITED.format(first=first, last=last, many=many), encoding="utf-8")
    st = deck.stat()
    os.utime(deck, ns=(st.st_atime_ns, max(st.st_mtime_ns, old + 1000)))  # a save
    return deck


def test_kept_slides_after_edits_match_cold_builds(tmp_path):
    cache = BuildCache()
    for first, last in [("First", "End"), ("First", "End"), ("Changed", "End"), ("One", "Two")]:
        deck = _edited(tmp_path, first, last)
        warm = build(deck, BuildOptions(out_dir=tmp_path), write=False, cache=cache)
        cold = build(deck, BuildOptions(out_dir=tmp_path), write=False)
        assert warm.data == cold.data, (first, last)
        assert warm.slides == cold.slides
        # the overflowing slide's warning is reported again when its slide is reused
        assert warm.warnings == cold.warnings
        assert any(w.code == Code.OVERFLOW for w in warm.warnings)
    assert len(cache.slides) == len(warm.plan.slides)  # every slide here can be kept


def test_kept_slide_links_and_notes_survive(tmp_path):
    import io

    from pptx import Presentation

    cache = BuildCache()
    build(_edited(tmp_path), BuildOptions(), write=False, cache=cache)
    before = dict(cache.slides)
    warm = build(_edited(tmp_path, last="Edited"), BuildOptions(), write=False, cache=cache)
    reused = [k for k, v in cache.slides.items() if before.get(k) is v]
    assert len(reused) == len(cache.slides) - 1  # only the edited slide was rendered again
    prs = Presentation(io.BytesIO(warm.data))
    first = next(s for s in prs.slides if s.name == "first")
    urls = [
        r.hyperlink.address for p in first.placeholders[1].text_frame.paragraphs for r in p.runs
    ]
    assert "https://example.org/a" in urls
    assert "this" in first.notes_slide.notes_text_frame.text
    last = next(s for s in prs.slides if s.name == "last")
    assert last.placeholders[1].text_frame.text == "Edited"


def test_a_one_off_cache_keeps_no_slides(tmp_path):
    cache = BuildCache(keep_slides=False)
    build(_edited(tmp_path), BuildOptions(), write=False, cache=cache)
    assert not cache.slides


def test_slides_moved_down_the_file_are_reused_with_their_warnings_moved(tmp_path):
    cache = BuildCache()
    build(_edited(tmp_path), BuildOptions(), write=False, cache=cache)
    before = dict(cache.slides)
    for above in ["# a comment line\n", "# two\n# lines\n", ""]:
        deck = _edited(tmp_path, above=above)
        warm = build(deck, BuildOptions(), write=False, cache=cache)
        cold = build(deck, BuildOptions(), write=False)
        assert warm.data == cold.data
        assert warm.warnings == cold.warnings  # the overflow warning at the slide's new line
        assert set(cache.slides) == set(before)  # every slide reused
