"""BuildCache: builds in one process reuse prepared pictures, and give the same bytes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PIL import Image

from slidegen.build import BuildOptions, build
from slidegen.cache import BuildCache

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
