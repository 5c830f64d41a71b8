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
from contextlib import contextmanager
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


Event = (
    DeckFailed
    | Clash
    | BuildsStarted
    | Built
    | BuildsFinished
    | OutcomeReady
    | PdfDone
    | ManifestWritten
)


@dataclass
class BatchResult:
    """What a run_builds call did: every variant tried (in order) and every problem."""

    outcomes: list[Outcome] = field(default_factory=list)
    failed_decks: list[DeckFailed] = field(default_factory=list)
    clashes: list[Clash] = field(default_factory=list)
    manifest: Path | None = None

    @property
    def ok(self) -> bool:
        """Every deck read, no clash, every build (and PDF) succeeded."""
        return not (
            self.failed_decks
            or self.clashes
            or any(o.errors or o.pdf_errors for o in self.outcomes)
        )


def _ignore(_event) -> None:
    pass


def deck_info(deck: Path, overlays: tuple[Path, ...], cache=None) -> tuple[str, list[str]]:
    """The deck's id and audiences (after its overlays, which may add audiences)."""
    from .build import load_and_validate
    from .errors import Diagnostics

    opts = BuildOptions(overlays=overlays)
    model, _ = load_and_validate(deck, opts, Diagnostics(), cache=cache)
    return model.deck.id or deck.stem, list(model.audiences)


def variants(
    decks: list[Path],
    audiences: list[str],
    all_audiences: bool,
    overlays: list[Path],
    each_overlay: bool = False,
    cache=None,
) -> list[Variant]:
    """The builds a command line asks for, in a stable order (deck, overlay set, audience).

    Raises SlidegenError when a deck cannot be read and UnknownAudience when a requested
    audience is not defined by a deck. `cache`: a BuildCache keeping the decks read.
    """
    sets = [(o,) for o in overlays] if each_overlay and overlays else [tuple(overlays)]
    out = []
    for deck in decks:
        for ov in sets:
            deck_id, defined = deck_info(deck, ov, cache)
            for name in audiences:
                if name not in defined:
                    raise UnknownAudience(name, defined, deck)
            names: list[str | None] = list(audiences) or [None]
            if all_audiences:
                names = [None, *defined]
            out += [Variant(deck, name, ov, deck_id) for name in dict.fromkeys(names)]
    return out


def build_variant(
    variant: Variant, out_dir: Path, theme: str | None, strict: bool, cache=None
) -> Outcome:
    """Build and write one variant (runs in a pool process, or in this one with `cache`)."""
    from .load import display_path
    from .origin import inputs_of

    opts = BuildOptions(
        out_dir=out_dir,
        audience=variant.audience,
        overlays=variant.overlays,
        theme=theme,
        strict=strict,
    )
    try:
        result = build(variant.deck, opts, cache=cache)
    except SlidegenError as exc:
        return Outcome(variant, errors=list(exc.diagnostics))
    plan = result.plan
    return Outcome(
        variant,
        output=result.output,
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
    with no_full_collections():
        for deck in decks:
            try:
                todo += variants([deck], audiences, all_audiences, overlays, each_overlay, cache)
            except SlidegenError as exc:
                failed = DeckFailed(deck, tuple(exc.diagnostics))
                result.failed_decks.append(failed)
                emit(failed)
        todo, result.clashes = _without_clashes(todo, out_dir)
        for clash in result.clashes:
            emit(clash)
        result.outcomes = _run(todo, out_dir, theme, strict, jobs, cache, emit)
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
        result.manifest = write_manifest(Path(out_dir), built)
        listed = len(_read_manifest(result.manifest))  # earlier outputs in the folder are kept
        emit(ManifestWritten(result.manifest, len(built), listed))
    return result


@contextmanager
def no_full_collections():
    """No full (oldest-generation) garbage collections inside; younger ones still run.

    Loading a deck and building it make objects that live until the batch ends (the located
    tree, the models, the plan, the package being written). Every full collection scans all
    of them and finds next to nothing, and Python runs one each time the long-lived objects
    grow by a quarter. Measured with `benchmarks/bench.py --sizes 350 3500 --runs 3`, two
    rounds each way on 2 shared CPUs: 3,500 slides 4.77 and 4.51 s without, 3.54 and 3.43 s
    with (about 24% less, the same 132 MB peak); 350 slides 0.72 and 0.78 s without, 0.71 and
    0.71 s with. The thresholds are restored afterwards.
    """
    old = gc.get_threshold()
    gc.set_threshold(old[0], old[1], 1_000_000)  # a full pass: practically never
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


def _run(todo: list[Variant], out_dir: Path, theme, strict, jobs, cache, emit) -> list[Outcome]:
    """Run the builds, reporting each as it finishes. Outcomes come back in `todo` order
    whatever order they finish in. `cache` serves the builds run in this process (workers
    start without one: it is not sent to them)."""
    if not todo:
        return []
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    results: dict[int, Outcome] = {}

    def done(i: int, o: Outcome) -> None:
        results[i] = o
        emit(Built(i, len(results), len(todo), o))

    emit(BuildsStarted(len(todo)))
    if workers == 1:
        for i, v in enumerate(todo):
            done(i, build_variant(v, out_dir, theme, strict, cache))
    else:
        # imported only for several builds (about 12 ms of a one-deck build's start-up)
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from . import render  # noqa: F401  imported once here: forked workers start warm

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(build_variant, v, out_dir, theme, strict): i for i, v in enumerate(todo)
            }
            for fut in as_completed(futures):
                done(futures[fut], fut.result())
    outcomes = [results[i] for i in range(len(todo))]
    emit(BuildsFinished(tuple(outcomes)))
    return outcomes


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
    from .write import write_atomic

    path = out_dir / MANIFEST
    entries = {o.output.name: manifest_entry(o) for o in outcomes}
    for old in _read_manifest(path):
        name = old.get("file") if isinstance(old, dict) else None
        if not isinstance(name, str) or name in entries or "/" in name or "\\" in name:
            continue
        if sha256_file(out_dir / name) == old.get("sha256"):
            entries[name] = old
    manifest = {
        "generator": f"slidegen {__version__}",
        "manifest_version": 1,
        "outputs": [entries[k] for k in sorted(entries)],
    }
    import json

    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def _read_manifest(path: Path) -> list:
    try:
        import json

        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    outputs = data.get("outputs") if isinstance(data, dict) else None
    return outputs if isinstance(outputs, list) else []
