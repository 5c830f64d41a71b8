"""Rebuild a deck whenever one of its files is saved: the deck, includes, data, pictures, theme.

The files come from the last successful build (`DeckPlan.inputs`: every file read). The folders
holding them are watched (not the files themselves: editors often save by writing a new file
and renaming it over the old one). After a failed build a change to any YAML, data, reference
or picture file in those folders, or to a file an error points at, triggers a rebuild, so a file
the deck is about to include counts too.

One process, kept warm: python-pptx is imported once and one FontCache serves every rebuild.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .build import BuildOptions, BuildResult, build
from .errors import Diagnostic, SlidegenError

# after a failed build, a change to a file of one of these kinds may be the fix
INPUT_SUFFIXES = frozenset(
    {".yaml", ".yml", ".json", ".bib", ".csv", ".tsv", ".potx", ".potm", ".pptm", ".ttf", ".otf"}
    | {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".emf", ".wmf"}
)
DEBOUNCE_MS = 1600  # longest a burst of changes is gathered before rebuilding
STEP_MS = 100  # quiet time that ends a burst (an editor's save is often several writes)
CATCH_UP_MS = 300  # after this long, a new watcher looks for saves made while it started


class StopEvent(Protocol):
    def is_set(self) -> bool: ...


@dataclass(frozen=True)
class WatchEvent:
    """One build by :func:`watch`: its result or its problems, its time, what triggered it."""

    result: BuildResult | None  # None when the build failed
    diagnostics: list[Diagnostic]  # the errors of a failed build, the warnings of a good one
    seconds: float
    changed: tuple[Path, ...] = ()  # the changed files that triggered it (empty: first build)
    watching: tuple[Path, ...] = ()  # the files watched from now on
    crash: str | None = None  # traceback of an internal error (a bug in slidegen)

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass
class _State:
    inputs: set[Path]
    extra: set[Path] = field(default_factory=set)  # files named by the last build's errors
    failed: bool = False
    out_dir: Path | None = None
    output: Path | None = None  # the last good build's file
    built: dict[Path, str] = field(default_factory=dict)  # content hashes at the last build
    _cache: dict[Path, tuple[tuple[int, int], str]] = field(default_factory=dict)

    def folders(self) -> list[Path]:
        found = {p.parent for p in self.inputs | self.extra}
        return sorted(d for d in found if d.is_dir())

    def relevant(self, path: Path) -> bool:
        if path in self.inputs or path in self.extra:
            return True
        if (
            not self.failed
            or path.name.startswith(".")
            or path.suffix.lower() not in INPUT_SUFFIXES
        ):
            return False
        return self.out_dir is None or self.out_dir not in (path, *path.parents)

    def files(self) -> set[Path]:
        """The files whose contents decide the next build (after a failure: every candidate)."""
        found = self.inputs | self.extra
        if self.failed:
            for folder in self.folders():
                found |= {p for p in folder.iterdir() if p.is_file() and self.relevant(p)}
        return found

    def hashes(self) -> dict[Path, str]:
        """Content hash of each file (re-read only when its size or time changed)."""
        out = {}
        for path in self.files():
            try:
                st = path.stat()
            except OSError:
                out[path] = ""
                continue
            key = (st.st_mtime_ns, st.st_size)
            cached = self._cache.get(path)
            if cached is None or cached[0] != key:
                try:
                    cached = (key, hashlib.sha256(path.read_bytes()).hexdigest())
                except OSError:
                    cached = (key, "")
                # file times are coarse: a second save of the same size may keep the time
                if time.time_ns() - st.st_mtime_ns > 2_000_000_000:
                    self._cache[path] = cached
            out[path] = cached[1]
        return out

    def changed_since_build(self) -> tuple[Path, ...]:
        now = self.hashes()
        keys = now.keys() | self.built.keys()
        return tuple(sorted(p for p in keys if now.get(p, "") != self.built.get(p, "")))


def _resolve(paths) -> set[Path]:
    return {Path(p).resolve() for p in paths}


def rebuild(deck: Path, options: BuildOptions, fonts, changed=(), cache=None) -> WatchEvent:
    """Build once, never raising for a problem in the inputs or a bug: both go in the event.

    `cache`: the BuildCache kept between builds (prepared pictures and logos).
    """
    start = time.perf_counter()
    try:
        result = build(deck, options, fonts=fonts, cache=cache)
    except SlidegenError as exc:
        return WatchEvent(None, list(exc.diagnostics), time.perf_counter() - start, changed)
    except OSError as exc:  # e.g. the output folder is not writable
        diag = Diagnostic("error", f"cannot build: {exc.strerror or exc}", None)
        return WatchEvent(None, [diag], time.perf_counter() - start, changed)
    except Exception:  # a bug: report it and keep watching
        crash = traceback.format_exc()
        return WatchEvent(None, [], time.perf_counter() - start, changed, crash=crash)
    return WatchEvent(result, list(result.warnings), time.perf_counter() - start, changed)


def watch(
    deck: Path,
    options: BuildOptions,
    on_event: Callable[[WatchEvent], None],
    stop_event: StopEvent | None = None,
    *,
    fonts=None,
    debounce_ms: int = DEBOUNCE_MS,
    step_ms: int = STEP_MS,
    force_polling: bool | None = None,
) -> int:
    """Build deck now and again after every save of a file it reads, until stop_event is set.

    Every build, good or bad, is reported to on_event; problems never end the loop. Returns the
    number of builds. Ctrl-C raises KeyboardInterrupt (the caller decides what it means).
    """
    import watchfiles

    from .cache import BuildCache
    from .place.measure import FontCache

    deck = Path(deck)
    fonts = fonts if fonts is not None else FontCache()
    cache = BuildCache(fonts=fonts)  # one warm process: pictures are prepared once
    state = _State(inputs=_resolve([deck]), out_dir=Path(options.out_dir).resolve())
    builds = 0

    def run(reported: tuple[Path, ...]) -> None:
        nonlocal builds
        changed = state.changed_since_build() if reported else ()
        if reported and not changed and not state.failed and state.output.is_file():
            return  # saved without a change (or touched): the output is already up to date
        event = rebuild(deck, options, fonts, changed or reported, cache)
        builds += 1
        if event.ok:
            state.inputs = _resolve(event.result.plan.inputs) | _resolve([deck])
            state.extra, state.failed = set(), False
            state.output = event.result.output
        else:
            named = [d.pos.file for d in event.diagnostics if d.pos is not None and d.pos.file]
            state.extra, state.failed = _resolve(named), True
        state.built = state.hashes()
        on_event(
            WatchEvent(
                event.result,
                event.diagnostics,
                event.seconds,
                event.changed,
                tuple(sorted(state.inputs | state.extra)),
                event.crash,
            )
        )

    run(())
    while stop_event is None or not stop_event.is_set():
        folders = state.folders()
        if not folders:  # everything was deleted: wait for the deck's folder to come back
            time.sleep(step_ms / 1000)
            continue
        started = False
        for changes in watchfiles.watch(
            *folders,
            watch_filter=lambda _change, path: state.relevant(Path(path).resolve()),
            debounce=debounce_ms,
            step=step_ms,
            stop_event=stop_event,
            recursive=False,
            force_polling=force_polling,
            rust_timeout=CATCH_UP_MS,
            yield_on_timeout=True,
        ):
            if changes:
                run(tuple(sorted(_resolve(path for _change, path in changes))))
            elif not started:
                # the watcher is running now: catch up with saves made before it started
                missed = state.changed_since_build()
                if missed:
                    run(missed)
            started = True
            if state.folders() != folders:
                break  # a new include or picture folder: watch again with the new set
        else:
            break  # stop_event was set
    return builds
