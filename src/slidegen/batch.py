"""Several builds in one call: every deck x audience x overlay variant, in worker processes.

Each variant is one `build.build()` call; the results are the same whichever process runs it,
so parallel and serial builds write byte-identical files. `manifest.json` in the output folder
lists every output with its slides, hash, size and the hashes of the files it was built from.

Library code: nothing here prints. `run_builds` returns a `BatchResult` and reports what happens
as it happens through an `on_event` callback (the events below); `slidegen build` (cli.py) turns
those into its progress bar or lines and its messages.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .build import BuildOptions, build, output_name
from .errors import Diagnostic, SlidegenError, did_you_mean

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class Variant:
    """One output: a deck, an audience (None: the full deck) and overlays applied in order."""

    deck: Path
    audience: str | None
    overlays: tuple[Path, ...]
    deck_id: str = ""

    def output(self, out_dir: Path) -> Path:
        return Path(out_dir) / output_name(self.deck_id, self.audience, self.overlays)


@dataclass
class Outcome:
    """What one worker reports back (picklable: no python-pptx objects, no bytes)."""

    variant: Variant
    output: Path | None = None
    slide_ids: list[str] = field(default_factory=list)
    slides: int = 0
    size: int = 0
    sha256: str = ""
    seconds: float = 0.0
    inputs: list[str] = field(default_factory=list)
    cited: list[str] = field(default_factory=list)
    inputs_sha256: str = ""  # the hash of the inputs the .pptx stores in its origin
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)
    temp: Path | None = None  # written by the worker, renamed into place by the command
    pdf: Path | None = None  # with pdf=True: the PDF written (set in the calling process)
    pdf_errors: list[Diagnostic] = field(default_factory=list)  # ... or why it was not
    handout: Path | None = None  # with handout=True: the notes-pages PDF written
    language: str = "en-GB"  # the deck's: the PDFs' language


class UnknownAudience(ValueError):
    """An audience asked for that a deck does not define (a command-line mistake)."""

    def __init__(self, name: str, defined: list[str], deck: Path):
        known = ", ".join(defined) or "none defined"
        hint = did_you_mean(name, defined)
        self.name, self.defined, self.deck = name, list(defined), deck
        self.message = f"unknown audience '{name}' in {deck} (audiences: {known})" + (
            f"; {hint}" if hint else ""
        )
        super().__init__(self.message)


# ---- events: what run_builds reports to its `on_event` callback, in this order -------------
@dataclass(frozen=True)
class DeckFailed:
    """A deck could not be read to list its variants: nothing is built from it."""

    deck: Path
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True)
class Clash:
    """`variant` would write `output` like `other` (two decks with one id): skipped."""

    variant: Variant
    output: Path
    other: Variant


@dataclass(frozen=True)
class BuildsStarted:
    """`total` builds are about to run."""

    total: int


@dataclass(frozen=True)
class Built:
    """One build finished (in whatever order they finish): `done` of `total` so far;
    `index` is the variant's place in the run."""

    index: int
    done: int
    total: int
    outcome: Outcome


@dataclass(frozen=True)
class BuildsFinished:
    """Every build has finished; `outcomes` in variant order."""

    outcomes: tuple[Outcome, ...]


@dataclass(frozen=True)
class OutcomeReady:
    """Each outcome in variant order, after BuildsFinished and before its PDF is made."""

    outcome: Outcome


@dataclass(frozen=True)
class PdfDone:
    """The PDF of an outcome was written (`outcome.pdf`) or failed (`outcome.pdf_errors`)."""

    outcome: Outcome


@dataclass(frozen=True)
class ManifestWritten:
    """manifest.json lists this run's `added` outputs and `listed` in all (earlier ones kept)."""

    path: Path
    added: int
    listed: int


@dataclass(frozen=True)
class ManifestFailed:
    """manifest.json could not be updated; the `written` outputs of this run were written."""

    path: Path
    diagnostics: tuple[Diagnostic, ...]
    written: int


Event = (
    DeckFailed
    | Clash
    | BuildsStarted
    | Built
    | BuildsFinished
    | OutcomeReady
    | PdfDone
    | ManifestWritten
    | ManifestFailed
)


@dataclass
class BatchResult:
    """What a run_builds call did: every variant tried (in order) and every problem."""

    outcomes: list[Outcome] = field(default_factory=list)
    failed_decks: list[DeckFailed] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    manifest: Path | None = None
    manifest_errors: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Every deck read, no clash, every build (and PDF) and the manifest succeeded."""
        return not (
            self.failed_decks
            or self.clashes
            or self.manifest_errors
            or any(o.errors or o.pdf_errors for o in self.outcomes)
        )


def _ignore(_event) -> None:
    pass


def deck_info(
    deck: Path, overlays: tuple[Path, ...], cache=None, allow_outside: bool = False
) -> tuple[str, list[str]]:
    """The deck's id and audiences (after its overlays, which may add audiences)."""
    from .build import load_and_validate
    from .errors import Diagnostics

    opts = BuildOptions(overlays=overlays, allow_outside=allow_outside)
    model, _ = load_and_validate(deck, opts, Diagnostics(), cache=cache)
    return model.deck.id or deck.stem, list(model.audiences)


def variants(
    decks: list[Path],
    audiences: list[str],
    all_audiences: bool,
    overlays: list[Path],
    each_overlay: bool = False,
    cache=None,
    allow_outside: bool = False,
) -> list[Variant]:
    """The builds a command line asks for, in a stable order (deck, overlay set, audience).

    Raises SlidegenError when a deck cannot be read and UnknownAudience when a requested
    audience is not defined by a deck. `cache`: a BuildCache keeping the decks read.
    """
    sets = [(o,) for o in overlays] if each_overlay and overlays else [tuple(overlays)]
    out = []
    for deck in decks:
        for ov in sets:
            deck_id, defined = deck_info(deck, ov, cache, allow_outside)
            for name in audiences:
                if name not in defined:
                    raise UnknownAudience(name, defined, deck)
            names: list[str | None] = list(audiences) or [None]
            if all_audiences:
                names = [None, *defined]
            out += [Variant(deck, name, ov, deck_id) for name in dict.fromkeys(names)]
    return out


def build_variant(
    variant: Variant,
    out_dir: Path,
    theme: str | None,
    strict: bool,
    cache=None,
    allow_outside: bool = False,
) -> Outcome:
    """Build one variant and write it to a temporary file beside its output (runs in a pool
    process, or in this one with `cache`); commit_outcome renames it into place."""
    from .load import display_path
    from .origin import inputs_of
    from .write import write_temp

    opts = BuildOptions(
        out_dir=out_dir,
        audience=variant.audience,
        overlays=variant.overlays,
        theme=theme,
        strict=strict,
        allow_outside=allow_outside,
    )
    try:
        result = build(variant.deck, opts, write=False, cache=cache)
        output = variant.output(out_dir)
        # the command renames it into place (commit_outcome): a build whose command was
        # killed meanwhile leaves no output, only a temporary file later builds remove
        temp = write_temp(output, result.data)
    except SlidegenError as exc:
        return Outcome(variant, errors=list(exc.diagnostics))
    plan = result.plan
    return Outcome(
        variant,
        output=output,
        temp=temp,
        slide_ids=[s.id for s in plan.slides],
        slides=result.slides,
        size=result.size,
        sha256=_sha256(result.data),
        seconds=result.seconds,
        inputs=sorted({_posix(display_path(Path(p))) for p in plan.inputs}),
        cited=list(plan.cited),
        inputs_sha256=inputs_of(plan)[1],
        warnings=list(result.warnings),
        language=plan.language,
    )


def commit_outcome(o: Outcome) -> Outcome:
    """Rename a built variant's temporary file into place (in the command's own process)."""
    from .write import commit

    if o.temp is not None and not o.errors:
        try:
            commit(o.temp, o.output)
        except SlidegenError as exc:
            o.errors = list(exc.diagnostics)
            o.output = None
    o.temp = None
    return o


def _sha256(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _posix(path: str) -> str:
    return path.replace(os.sep, "/")


def run_builds(
    decks,
    *,
    out_dir: Path,
    audiences,
    all_audiences,
    overlays,
    theme,
    strict,
    pdf,
    jobs=None,
    each_overlay: bool = False,
    on_event: Callable[[Event], None] | None = None,
    handout: bool = False,
    allow_outside: bool = False,
) -> BatchResult:
    """Build every variant (in a process pool when there are several), make PDFs with `pdf`
    (tagged, PDF/UA) and handouts with `handout` (each slide with its notes, `-handout.pdf`)
    and write manifest.json; a failing deck does not stop the others. Prints nothing: what
    happens is reported to `on_event` as it happens, and returned.

    Raises UnknownAudience when a deck does not define a requested audience (after reporting
    the decks before it) and SlidegenError when `pdf` is asked for without LibreOffice.
    """
    from .cache import BuildCache

    emit = on_event or _ignore
    result = BatchResult()
    # a deck read to list its variants is not read again for its first build
    cache = BuildCache(keep_decks=False, keep_bases=False, keep_slides=False, keep_zipped=False)
    if pdf or handout:
        from .preview import require_tools

        require_tools(poppler=False)  # before building, so a missing LibreOffice writes nothing
    todo: list[Variant] = []
    with young_collections_only():
        for deck in decks:
            try:
                todo += variants(
                    [deck], audiences, all_audiences, overlays, each_overlay, cache, allow_outside
                )
            except SlidegenError as exc:
                failed = DeckFailed(deck, tuple(exc.diagnostics))
                result.failed_decks.append(failed)
                emit(failed)
        todo, result.clashes = _without_clashes(todo, out_dir)
        for clash in result.clashes:
            emit(clash)
        result.outcomes = _run(todo, out_dir, theme, strict, jobs, cache, emit, allow_outside)
    for o in result.outcomes:
        emit(OutcomeReady(o))
        if (pdf or handout) and not o.errors:
            from . import preview

            try:
                if pdf:
                    o.pdf = preview.export_pdf(o.output, o.output.parent, language=o.language)
                if handout:
                    o.handout = preview.export_pdf(
                        o.output, o.output.parent, preview.HANDOUT, language=o.language
                    )
            except SlidegenError as exc:  # this file only: the others still get their PDF
                o.pdf_errors = list(exc.diagnostics)
            emit(PdfDone(o))
    built = [o for o in result.outcomes if not o.errors]
    if built:
        try:
            result.manifest = write_manifest(Path(out_dir), built)
        except SlidegenError as exc:  # the outputs are written: say so, not "nothing written"
            result.manifest_errors = list(exc.diagnostics)
            emit(ManifestFailed(Path(out_dir) / MANIFEST, tuple(exc.diagnostics), len(built)))
            return result
        listed = len(_read_manifest(result.manifest))  # earlier outputs in the folder are kept
        emit(ManifestWritten(result.manifest, len(built), listed))
    return result


@contextmanager
def young_collections_only():
    """Only the youngest generation is garbage-collected inside: no collections of the two
    older ones.

    Loading a deck and building it make objects that live until the batch ends (the located
    tree, the models, the plan, the package being written). Collecting an older generation
    scans all of them and finds next to nothing: Python collects the middle one every tenth
    young collection, and all of them each time the long-lived objects grow by a quarter.
    Cyclic garbage still goes in young collections; what outlives one waits for the batch's
    end. Measured with `benchmarks/bench.py`, interleaved on 2 shared CPUs: without any
    switch 3,500 slides took 4.77 and 4.51 s; with full collections stopped 3.54 and 3.43 s
    (4.26 s on a slower day); with the middle generation stopped too 4.03 s that day, and 6 ms
    less at 30 and 350 slides; the peak stayed at 129-132 MB. The thresholds are restored
    afterwards.
    """
    old = gc.get_threshold()
    gc.set_threshold(old[0], 1_000_000, 1_000_000)  # older generations: practically never
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _without_clashes(todo: list[Variant], out_dir: Path) -> tuple[list[Variant], list[Clash]]:
    """Two variants may not write the same file (two decks with one id)."""
    seen: dict[Path, Variant] = {}
    keep, clashes = [], []
    for v in todo:
        out = v.output(out_dir)
        if out in seen:
            clashes.append(Clash(v, out, seen[out]))
            continue
        seen[out] = v
        keep.append(v)
    return keep, clashes


def _run(
    todo: list[Variant], out_dir: Path, theme, strict, jobs, cache, emit, allow_outside=False
) -> list[Outcome]:
    """Run the builds, reporting each as it finishes. Outcomes come back in `todo` order
    whatever order they finish in. `cache` serves the builds run in this process (workers
    start without one: it is not sent to them)."""
    if not todo:
        return []
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    results: dict[int, Outcome] = {}

    def done(i: int, o: Outcome) -> None:
        results[i] = commit_outcome(o)
        emit(Built(i, len(results), len(todo), o))

    emit(BuildsStarted(len(todo)))
    if workers == 1:
        for i, v in enumerate(todo):
            done(i, build_variant(v, out_dir, theme, strict, cache, allow_outside))
    else:
        # imported only for several builds (about 12 ms of a one-deck build's start-up)
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from . import render  # noqa: F401  imported once here: forked workers start warm

        pool = ProcessPoolExecutor(
            max_workers=workers, initializer=_die_with, initargs=(os.getpid(),)
        )
        try:
            futures = {
                pool.submit(build_variant, v, out_dir, theme, strict, None, allow_outside): i
                for i, v in enumerate(todo)
            }
            for fut in as_completed(futures):
                done(futures[fut], fut.result())
        except BaseException:
            # Ctrl-C or an error here: no worker goes on to finish a build nobody will commit
            _stop(pool)
            raise
        pool.shutdown(wait=True)
    outcomes = [results[i] for i in range(len(todo))]
    emit(BuildsFinished(tuple(outcomes)))
    return outcomes


def _die_with(parent: int) -> None:
    """In each worker: end as soon as the command that started it ends, however it ended.

    On Linux the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); everywhere a
    thread watches the parent's pid as well. Killing `slidegen build -j 2` left its workers
    running (about 100 MB each), and they wrote every output after the command had died."""
    import signal
    import threading
    import time

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, ImportError):  # not Linux
        pass
    if os.getppid() != parent:  # it died before this worker started
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(0.2)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="slidegen-parent-watch", daemon=True).start()


def _stop(pool) -> None:
    """Stop a process pool now: cancel what has not started and kill the workers."""
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in list(getattr(pool, "_processes", {}).values()):
        with suppress(OSError, ValueError, AttributeError):
            proc.kill()


# ---- manifest --------------------------------------------------------------------------------
def sha256_file(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (hex), or None when it cannot be read."""
    try:
        return _sha256(Path(path).read_bytes())
    except OSError:
        return None


def manifest_entry(o: Outcome) -> dict:
    """One output as the manifest lists it."""
    from .load import display_path

    return {
        "file": o.output.name,
        "deck": _posix(display_path(o.variant.deck)),
        "deck_id": o.variant.deck_id,
        "audience": o.variant.audience,
        "overlays": [_posix(display_path(Path(p))) for p in o.variant.overlays],
        "slide_ids": o.slide_ids,
        "slides": o.slides,
        "references": o.cited,
        "sha256": o.sha256,
        "size": o.size,
        "inputs": {p: sha256_file(Path(p)) for p in o.inputs},
        "inputs_sha256": o.inputs_sha256,
    }


def write_manifest(out_dir: Path, outcomes: list[Outcome]) -> Path:
    """Write (or update) out_dir/manifest.json: this run's outputs, plus earlier entries whose
    file is still there unchanged. Sorted keys and no times, so it is reproducible."""
    from .write import make_folder, write_atomic

    path = out_dir / MANIFEST
    entries = {o.output.name: manifest_entry(o) for o in outcomes}
    make_folder(out_dir, path)
    with _folder_lock(out_dir):  # another build into this folder merges before or after
        _merge_manifest(path, out_dir, entries)
        manifest = {
            "generator": f"slidegen {__version__}",
            "manifest_version": 1,
            "outputs": [entries[k] for k in sorted(entries)],
        }
        import json

        text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        write_atomic(path, text.encode("utf-8"))
    return path


def _merge_manifest(path: Path, out_dir: Path, entries: dict) -> None:
    """Add the earlier entries of `path` whose file is still there unchanged."""
    for old in _read_manifest(path):
        name = old.get("file") if isinstance(old, dict) else None
        if not isinstance(name, str) or name in entries or "/" in name or "\\" in name:
            continue
        if sha256_file(out_dir / name) == old.get("sha256"):
            entries[name] = old


@contextmanager
def _folder_lock(folder: Path):
    """An exclusive lock on a folder (flock on its descriptor), held while its manifest is read
    and rewritten: ten builds into one --out at once all end up listed. Where folders cannot
    be locked (Windows), nothing is held."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        with suppress(OSError):  # a file system without locks: as before, unlocked
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _read_manifest(path: Path) -> list:
    try:
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    outputs = data.get("outputs") if isinstance(data, dict) else None
    return outputs if isinstance(outputs, list) else []
