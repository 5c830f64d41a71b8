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
