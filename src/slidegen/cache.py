"""What one process may keep between builds (``slidegen watch``): fonts and prepared pictures.

A :class:`BuildCache` is passed explicitly, ``build(path, options, cache=cache)``; nothing is
kept globally. A file's entries are keyed by its path, modification time (ns) and size, so a
saved picture is read again; only the newest version of each file is kept. Cached values are
the same objects a fresh build would compute, so output stays byte-identical.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class BuildCache:
    """Font metrics and per-file results (pictures prepared, image sizes) across builds."""

    fonts: Any = None  # slidegen.measure.FontCache, made on first use
    files: dict = field(default_factory=dict)  # (kind, path, extra) -> (stamp, value)

    def font_cache(self):
        """The FontCache shared by every build using this cache."""
        if self.fonts is None:
            from .measure import FontCache

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


def file_value(cache: BuildCache | None, kind: str, path, extra, compute: Callable[[], Any]):
    """cache.for_file(...) when there is a cache, else compute()."""
    if cache is None:
        return compute()
    return cache.for_file(kind, path, extra, compute)
