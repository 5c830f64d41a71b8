"""What one process may keep between builds (``slidegen watch``, ``slidegen build``): fonts,
prepared pictures, decks loaded and validated, the base presentation and rendered slides.

A :class:`BuildCache` is passed explicitly, ``build(path, options, cache=cache)``; nothing is
kept globally. A file's entries are keyed by its path, modification time (ns), size and inode, so
a saved file is read again; only the newest version of each file is kept. Cached values are
the same objects a fresh build would compute, so output stays byte-identical.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(eq=False)
class BuildCache:
    """Font metrics and per-file results (pictures prepared, image sizes) across builds."""

    fonts: Any = None  # slidegen.place.measure.FontCache, made on first use
    files: dict = field(default_factory=dict)  # (kind, path, extra) -> (stamp, value)
    decks: dict = field(default_factory=dict)  # (deck, overlays) -> _Loaded
    # False: a kept deck serves the next load only (a big deck is not held through rendering)
    keep_decks: bool = True
    bases: dict = field(default_factory=dict)  # base presentations (render/base_cache.py)
    keep_bases: bool = True  # False: no copy of the base is stored (a one-off build)
    slides: dict = field(default_factory=dict)  # rendered slides (render/slide_cache.py)
    keep_slides: bool = True  # False: slides are not saved for the next build (a one-off build)
    zipped: dict = field(default_factory=dict)  # compressed members (write.ZipMemo)
    keep_zipped: bool = True  # False: compressed members are not kept (a one-off build)

    def font_cache(self):
        """The FontCache shared by every build using this cache."""
        if self.fonts is None:
            from .place.measure import FontCache

            self.fonts = FontCache()
        return self.fonts

    def for_file(self, kind: str, path: Path | str, extra: Any, compute: Callable[[], Any]):
        """compute()'s result for this version of the file at `path`, computed once.

        A file that cannot be stat'ed is not cached: compute() reports the problem.
        """
        try:
            st = os.stat(path)
        except OSError:
            return compute()
        stamp = (st.st_mtime_ns, st.st_size, st.st_ino)
        key = (kind, str(path), extra)
        hit = self.files.get(key)
        if hit is not None and hit[0] == stamp:
            return hit[1]
        value = compute()
        self.files[key] = (stamp, value)
        return value

    def loaded_deck(
        self, path: Path, overlays: tuple, diags, included: list | None, load, *variant
    ):
        """load(diags, included) -> (model, tree) of a deck, kept while none of its files
        (the deck, its includes, its overlays) has changed. The warnings of loading are
        reported again on every use; a deck with errors is not kept. `variant`: whatever
        else decides how it loads (allow_outside)."""
        from .errors import Diagnostics

        key = (str(path), tuple(str(o) for o in overlays), *variant)
        hit = self.decks.get(key)
        if hit is not None and not self.keep_decks:
            del self.decks[key]
        if hit is not None and hit.stamps == _stamps(hit.files):
            _report(diags, hit.diagnostics)
            if included is not None:
                included += hit.included
            return hit.value
        local, inc = Diagnostics(), []
        try:
            value = load(local, inc)
        finally:
            _report(diags, local.items)
            if included is not None:
                included += inc
        if not local.errors:
            files = (Path(path), *inc, *(Path(o) for o in overlays))
            self.decks[key] = _Loaded(value, list(local.items), inc, files, _stamps(files))
        return value


@dataclass(eq=False)
class _Loaded:
    value: Any  # (DeckFile, tree): frozen models, never changed after validation
    diagnostics: list
    included: list
    files: tuple
    stamps: tuple


def _stamps(files) -> tuple:
    out = []
    for f in files:
        try:
            st = os.stat(f)
        except OSError:
            out.append(None)
        else:
            out.append((st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(out)


def _report(diags, items) -> None:
    """Add items as if reported one by one (warnings once each, errors always)."""
    for d in items:
        if d.severity == "error" or d not in diags.items:
            diags.items.append(d)


def file_value(cache: BuildCache | None, kind: str, path, extra, compute: Callable[[], Any]):
    """cache.for_file(...) when there is a cache, else compute()."""
    if cache is None:
        return compute()
    return cache.for_file(kind, path, extra, compute)
