"""Several builds in one call: every deck x audience x overlay variant, in worker processes.

Each variant is one `build.build()` call; the results are the same whichever process runs it,
so parallel and serial builds write byte-identical files. `manifest.json` in the output folder
lists every output with its slides, hash, size and the hashes of the files it was built from.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import click

from . import __version__
from .build import BuildOptions, build, output_name, planned_then_frozen
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
    warnings: list[Diagnostic] = field(default_factory=list)
    errors: list[Diagnostic] = field(default_factory=list)


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

    Raises SlidegenError when a deck cannot be read and click.BadParameter when a requested
    audience is not defined by a deck. `cache`: a BuildCache keeping the decks read.
    """
    sets = [(o,) for o in overlays] if each_overlay and overlays else [tuple(overlays)]
    out = []
    for deck in decks:
        for ov in sets:
            deck_id, defined = deck_info(deck, ov, cache)
            for name in audiences:
                if name not in defined:
                    raise unknown_audience(name, defined, deck)
            names: list[str | None] = list(audiences) or [None]
            if all_audiences:
                names = [None, *defined]
            out += [Variant(deck, name, ov, deck_id) for name in dict.fromkeys(names)]
    return out


def unknown_audience(name: str, defined: list[str], deck: Path) -> click.BadParameter:
    """The command-line error for an audience the deck does not define (exit 2)."""
    known = ", ".join(defined) or "none defined"
    hint = did_you_mean(name, defined)
    msg = f"unknown audience '{name}' in {deck} (audiences: {known})"
    return click.BadParameter(msg + (f"; {hint}" if hint else ""), param_hint="'--audience'")


def build_variant(
    variant: Variant, out_dir: Path, theme: str | None, strict: bool, cache=None
) -> Outcome:
    """Build and write one variant (runs in a worker process, or in this one with `cache`)."""
    from .load import display_path

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
        sha256=hashlib.sha256(result.data).hexdigest(),
        seconds=result.seconds,
        inputs=sorted({_posix(display_path(Path(p))) for p in plan.inputs}),
        cited=list(plan.cited),
        warnings=list(result.warnings),
    )


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
) -> bool:
    """Build every variant (in parallel when there are several); print one line per file and
    every problem; write manifest.json. True when all succeeded; a failing deck does not stop
    the others."""
    from .cache import BuildCache
    from .cli import echo_diagnostics, error_count, plural

    ok = True
    # a deck read to list its variants is not read again for its first build
    cache = BuildCache(keep_decks=False, keep_bases=False, keep_slides=False, keep_zipped=False)
    if pdf:
        from .preview import require_tools

        require_tools(poppler=False)  # before building, so a missing LibreOffice writes nothing
    todo: list[Variant] = []
    # the decks read here are built next: frozen like a build's plan (see build.py)
    with planned_then_frozen() as loaded:
        for deck in decks:
            try:
                todo += variants([deck], audiences, all_audiences, overlays, each_overlay, cache)
            except SlidegenError as exc:
                echo_diagnostics(exc.diagnostics)
                click.echo(f"{deck}: {error_count(exc.diagnostics)}; nothing written.", err=True)
                ok = False
        loaded()
        todo, clashes = _without_clashes(todo, out_dir)
        ok = ok and not clashes
        outcomes = _run(todo, out_dir, theme, strict, jobs, cache)
    shown: set[Diagnostic] = set()
    for o in outcomes:
        echo_diagnostics([d for d in (o.errors or o.warnings) if d not in shown])
        shown.update(o.warnings)
        if o.errors:
            ok = False
            click.echo(
                f"{_describe(o.variant)}: {error_count(o.errors)}; nothing written.", err=True
            )
        elif pdf:
            from .preview import convert_to_pdf

            try:
                pdf_path = convert_to_pdf(o.output, o.output.parent)
            except SlidegenError as exc:  # this file only: the others still get their PDF
                echo_diagnostics(exc.diagnostics)
                ok = False
                continue
            click.echo(f"{pdf_path}: PDF")
    built = [o for o in outcomes if not o.errors]
    if built:
        path = write_manifest(Path(out_dir), built)
        listed = len(_read_manifest(path))  # earlier outputs still in the folder are kept
        if listed == len(built):
            click.echo(f"{path}: {plural(len(built), 'output')} listed")
        else:
            click.echo(f"{path}: {plural(len(built), 'output')} added, {listed} listed")
    return ok


def _describe(v: Variant) -> str:
    parts = [str(v.deck)]
    if v.audience:
        parts.append(f"audience {v.audience}")
    if v.overlays:
        parts.append("overlays " + ", ".join(str(o) for o in v.overlays))
    return " with ".join(parts[:1]) + (f" ({'; '.join(parts[1:])})" if parts[1:] else "")


def _without_clashes(todo: list[Variant], out_dir: Path) -> tuple[list[Variant], bool]:
    """Two variants may not write the same file (two decks with one id)."""
    seen: dict[Path, Variant] = {}
    keep, clash = [], False
    for v in todo:
        out = v.output(out_dir)
        if out in seen:
            click.echo(
                f"{v.deck}: error: writes {out} like {seen[out].deck} (same deck id"
                f" '{v.deck_id}'); skipped (give one deck another `deck.id`)",
                err=True,
            )
            clash = True
            continue
        seen[out] = v
        keep.append(v)
    return keep, clash


def interactive() -> bool:
    """A person watching a terminal (progress bar) rather than a log (plain lines)."""
    return sys.stdout.isatty()


def _line(o: Outcome) -> str:
    return f"{o.output}: {o.slides} slides, {o.size / 1024:.0f} KB, {o.seconds:.2f} s"


def _run(todo: list[Variant], out_dir: Path, theme, strict, jobs, cache=None) -> list[Outcome]:
    """Run the builds; progress is a bar on a terminal and one line per file otherwise.
    Outcomes come back in `todo` order whatever order they finish in. `cache` serves the
    builds run in this process (workers start without one: it is not sent to them)."""
    if not todo:
        return []
    workers = min(jobs or os.cpu_count() or 1, len(todo))
    tty = interactive()
    results: dict[int, Outcome] = {}

    def done(i: int, o: Outcome, bar) -> None:
        results[i] = o
        if bar is not None:
            bar.update(1)
        elif not o.errors:
            counter = f"[{len(results)}/{len(todo)}] " if len(todo) > 1 else ""
            click.echo(counter + _line(o))

    def execute(bar) -> None:
        if workers == 1:
            for i, v in enumerate(todo):
                done(i, build_variant(v, out_dir, theme, strict, cache), bar)
            return
        # imported only for several builds (about 12 ms of a one-deck build's start-up)
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from . import render  # noqa: F401  imported once here: forked workers start warm

        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = {
                pool.submit(build_variant, v, out_dir, theme, strict): i for i, v in enumerate(todo)
            }
            for fut in as_completed(futures):
                done(futures[fut], fut.result(), bar)

    if tty and len(todo) > 1:
        with click.progressbar(length=len(todo), label="Building", file=sys.stderr) as bar:
            execute(bar)
        for i in range(len(todo)):
            if not results[i].errors:
                click.echo(_line(results[i]))
    else:
        execute(None)
    return [results[i] for i in range(len(todo))]


# ---- manifest --------------------------------------------------------------------------------
def sha256_file(path: Path) -> str | None:
    """The SHA-256 of a file's bytes (hex), or None when it cannot be read."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
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
    text = json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"))
    return path


def _read_manifest(path: Path) -> list:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    outputs = data.get("outputs") if isinstance(data, dict) else None
    return outputs if isinstance(outputs, list) else []
