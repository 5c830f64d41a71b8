"""The `slidegen` command: a thin click layer over the library API.

Heavy modules (python-pptx, pydantic) are imported inside commands so `--help` stays fast.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from pathlib import Path

import click

from . import __version__

DECKS_DIR = Path("decks")
CRASH_REPORT = Path("build") / "slidegen-crash.txt"


def echo_diagnostics(diags) -> None:
    """Print diagnostics to stderr, one `path:line:column: severity: message` per line."""
    for d in diags:
        colour = "red" if d.severity == "error" else "yellow"
        click.secho(d.format(), err=True, fg=colour if sys.stderr.isatty() else None)


def plural(n: int, noun: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{n} {noun}{'s' if n != 1 else ''}"


def error_count(diags) -> str:
    """How many of the diagnostics are errors, as `2 errors`."""
    return plural(sum(1 for d in diags if d.severity == "error"), "error")


def write_crash_report(text: str) -> Path | None:
    """Save a traceback to build/slidegen-crash.txt; its path, or None if it cannot be written."""
    try:
        CRASH_REPORT.parent.mkdir(parents=True, exist_ok=True)
        CRASH_REPORT.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return CRASH_REPORT


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush into a closed pipe is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # stdout without a file descriptor (tests)
        pass


def handle_errors(fn):
    """Turn SlidegenError into located messages and exit 1; a bug into a short crash report."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .errors import SlidegenError

        try:
            return fn(*args, **kwargs)
        except SlidegenError as exc:
            echo_diagnostics(exc.diagnostics)
            click.echo(f"{error_count(exc.diagnostics)}; nothing written.", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:  # `slidegen list deck.yaml | head`: the reader stopped early
            _silence_stdout()
            sys.exit(1)
        except Exception:  # a bug in slidegen, not the user's mistake
            import traceback

            report = write_crash_report(traceback.format_exc())
            where = f" The details are in {report}." if report else ""
            click.echo(
                "slidegen hit an internal error (this is a bug in slidegen, not in your deck)."
                f"{where} Please report it so a better message can be given next time.",
                err=True,
            )
            sys.exit(3)

    return wrapper


def overlay_option(help_text: str = "Apply an overlay file (repeatable, in order)."):
    """The `--overlay FILE` option shared by every command that resolves a deck."""
    return click.option(
        "--overlay",
        "overlays",
        multiple=True,
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help=help_text,
    )


def out_dir_option(help_text: str, default: str = "build"):
    """The `--out DIR` option of the commands that write files into a folder."""
    return click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path(default),
        show_default=True,
        help=help_text,
    )


def outside_option():
    """The `--allow-outside` opt-in of the commands that read a deck's files (files.Scope)."""
    return click.option(
        "--allow-outside",
        is_flag=True,
        help="Let decks read files outside their project (the deck's folder, or the nearest "
        "folder above it holding themes/, decks/ or .git).",
    )


def format_option(help_text: str):
    """The `--format text|json` option of the commands that report."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help_text,
    )


def today_option():
    """`--today DATE`: the date evidence is checked against (default: SOURCE_DATE_EPOCH, else
    the clock). Never used by `build`, so the clock cannot change a .pptx."""
    return click.option(
        "--today",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        default=None,
        metavar="YYYY-MM-DD",
        help="Check the evidence's dates as on this day [default: SOURCE_DATE_EPOCH, else today].",
    )


def require_files(paths, param_hint: str, what: str = "") -> None:
    """Every path must be an existing file: a command-line mistake (exit 2) otherwise."""
    for p in paths:
        if not p.is_file():
            raise click.BadParameter(f"{what}'{p}' is not a file", param_hint=param_hint)


def default_decks() -> list[Path]:
    """Every deck in ./decks (top level only: included sections and overlays live below)."""
    if not DECKS_DIR.is_dir():
        raise click.UsageError("no DECK given and no decks/ folder here")
    decks = sorted(p for p in DECKS_DIR.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
    if not decks:
        raise click.UsageError("no DECK given and no .yaml files in decks/")
    return decks


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="slidegen")
def main() -> None:
    """Compile YAML deck files into branded, editable PowerPoint decks.

    \b
    Example:
      slidegen build decks/talk.yaml --audience commissioners
    """


@main.command()
@click.argument("decks", nargs=-1, type=click.Path(path_type=Path))
@out_dir_option("Folder for the .pptx files.", default="build")
@click.option(
    "--audience",
    "audiences",
    multiple=True,
    metavar="NAME",
    help="Build the version for this audience (repeatable).",
)
@click.option("--all-audiences", is_flag=True, help="Build every audience the deck defines.")
@overlay_option()
@click.option("--theme", metavar="NAME", help="Use this theme instead of the deck's.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--pdf",
    is_flag=True,
    help="Also write an accessible PDF of each deck: tagged, PDF/UA, with its title and"
    " language (needs LibreOffice 7.4+).",
)
@click.option(
    "--handout",
    is_flag=True,
    help="Also write <name>-handout.pdf: each slide with its speaker notes (LibreOffice 7.4+).",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes for several outputs (default: CPU count).",
)
@click.option(
    "--each-overlay",
    is_flag=True,
    help="One variant per --overlay (e.g. one per region) instead of applying them all.",
)
@outside_option()
@handle_errors
def build(
    decks,
    out_dir,
    audiences,
    all_audiences,
    overlays,
    theme,
    strict,
    pdf,
    handout,
    jobs,
    each_overlay,
    allow_outside,
):
    """Build .pptx files from deck files (no DECK: every deck in decks/).

    \b
    Examples:
      slidegen build
      slidegen build decks/talk.yaml --out dist
      slidegen build decks/talk.yaml --all-audiences --overlay decks/regions/norfolk.yaml
      slidegen build decks/talk.yaml --each-overlay --overlay norfolk.yaml --overlay essex.yaml
      slidegen build decks/talk.yaml --audience commissioners --pdf --handout
    """
    paths = list(decks) or default_decks()
    require_files(paths, "DECK")
    require_files(overlays, "'--overlay'", what="overlay ")
    require_theme(theme, paths)
    ok = run_batch(
        paths,
        out_dir=out_dir,
        audiences=list(audiences),
        all_audiences=all_audiences,
        overlays=list(overlays),
        theme=theme,
        strict=strict,
        pdf=pdf,
        handout=handout,
        jobs=jobs,
        each_overlay=each_overlay,
        allow_outside=allow_outside,
    )
    if not ok:
        sys.exit(1)


def interactive() -> bool:
    """A person watching a terminal (progress bar) rather than a log (plain lines)."""
    return sys.stdout.isatty()


def bad_audience(exc) -> click.BadParameter:
    """The command-line error (exit 2) for a batch.UnknownAudience."""
    return click.BadParameter(exc.message, param_hint="'--audience'")


def run_batch(decks, **options) -> bool:
    """`batch.run_builds` as `slidegen build` shows it: progress, one line per file, every
    problem, the manifest. True when everything was built."""
    from .batch import UnknownAudience, run_builds

    with BuildReport() as report:
        try:
            return run_builds(decks, on_event=report, **options).ok
        except UnknownAudience as exc:
            raise bad_audience(exc) from None


class BuildReport:
    """Prints batch.run_builds events: a progress bar on a terminal for several builds (then one
    line per file in order), else one line per file as it is written; problems on stderr, each
    warning once."""

    def __init__(self) -> None:
        self.bar = None
        self.bar_stack = contextlib.ExitStack()
        self.shown: set = set()  # warnings printed already (variants of one deck share them)

    def __enter__(self) -> BuildReport:
        return self

    def __exit__(self, *exc) -> None:
        self.bar_stack.close()  # an exception mid-build still ends the bar

    def __call__(self, event) -> None:
        from . import batch

        if isinstance(event, batch.DeckFailed):
            echo_diagnostics(event.diagnostics)
            click.echo(
                f"{event.deck}: {error_count(event.diagnostics)}; nothing written.", err=True
            )
        elif isinstance(event, batch.Clash):
            v = event.variant
            click.echo(
                f"{v.deck}: error: writes {event.output} like {event.other.deck} (same deck id"
                f" '{v.deck_id}'); skipped (give one deck another `deck.id`)",
                err=True,
            )
        elif isinstance(event, batch.BuildsStarted):
            if interactive() and event.total > 1:
                bar = click.progressbar(length=event.total, label="Building", file=sys.stderr)
                self.bar = self.bar_stack.enter_context(bar)
        elif isinstance(event, batch.Built):
            if self.bar is not None:
                self.bar.update(1)
            elif not event.outcome.errors:
                counter = f"[{event.done}/{event.total}] " if event.total > 1 else ""
                click.echo(counter + _summary(event.outcome))
        elif isinstance(event, batch.BuildsFinished):
            if self.bar is not None:
                self.bar_stack.close()
                self.bar = None
                for o in event.outcomes:
                    if not o.errors:
                        click.echo(_summary(o))
        elif isinstance(event, batch.OutcomeReady):
            o = event.outcome
            echo_diagnostics([d for d in (o.errors or o.warnings) if d not in self.shown])
            self.shown.update(o.warnings)
            if o.errors:
                click.echo(
                    f"{_describe(o.variant)}: {error_count(o.errors)}; nothing written.", err=True
                )
        elif isinstance(event, batch.PdfDone):
            o = event.outcome
            if o.pdf_errors:
                echo_diagnostics(o.pdf_errors)
            if o.pdf is not None:
                click.echo(f"{o.pdf}: PDF (tagged, PDF/UA)")
            if o.handout is not None:
                click.echo(f"{o.handout}: handout PDF (slides with their notes)")
        elif isinstance(event, batch.ManifestFailed):
            echo_diagnostics(event.diagnostics)
            click.echo(
                f"{event.path}: not updated; the {plural(event.written, 'output')} above"
                f" {'was' if event.written == 1 else 'were'} written",
                err=True,
            )
        elif isinstance(event, batch.ManifestWritten):
            outputs = plural(event.added, "output")
            if event.listed == event.added:
                click.echo(f"{event.path}: {outputs} listed")
            else:
                click.echo(f"{event.path}: {outputs} written, {event.listed} listed")


def _summary(o) -> str:
    """`build/talk.pptx: 12 slides, 40 KB, 0.31 s`"""
    return f"{o.output}: {o.slides} slides, {o.size / 1024:.0f} KB, {o.seconds:.2f} s"


def _describe(v) -> str:
    """A variant as `deck.yaml (audience a; overlays x.yaml)`."""
    parts = [str(v.deck)]
    if v.audience:
        parts.append(f"audience {v.audience}")
    if v.overlays:
        parts.append("overlays " + ", ".join(str(o) for o in v.overlays))
    return " with ".join(parts[:1]) + (f" ({'; '.join(parts[1:])})" if parts[1:] else "")


@main.command()
@click.argument("deck", type=click.Path(path_type=Path))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder for the .pptx, PDF, slide pictures and contact sheet "
    "[default: build/<deck-id>-preview].",
)
@click.option("--audience", metavar="NAME", help="Preview the version for this audience.")
@overlay_option()
@click.option("--theme", metavar="NAME", help="Preview with this theme instead of the deck's.")
@click.option(
    "--thumb-width",
    type=click.IntRange(80, 1920),
    default=320,
    show_default=True,
    help="Width of each contact-sheet thumbnail in pixels.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(1, 3600),
    default=180,
    show_default=True,
    help="Seconds LibreOffice may take to convert the deck.",
)
@outside_option()
@handle_errors
def preview(deck, out_dir, audience, overlays, theme, thumb_width, timeout, allow_outside):
    """Build a deck and render it: a PDF, a PNG per slide and a contact sheet (LibreOffice).

    \b
    Examples:
      slidegen preview decks/talk.yaml
      slidegen preview decks/talk.yaml --audience commissioners --out /tmp/look
      slidegen preview decks/talk.yaml --theme high-contrast
    """
    from .build import BuildOptions, output_name
    from .build import build as build_deck
    from .preview import claim_folder, require_tools
    from .preview import preview as render_preview

    require_files([deck], "DECK")
    require_audience(audience, [deck], overlays)
    require_theme(theme, [deck])
    require_tools()  # before building, so a missing LibreOffice writes nothing
    options = BuildOptions(
        audience=audience, overlays=tuple(overlays), theme=theme, allow_outside=allow_outside
    )
    result = build_deck(deck, options, write=False)
    echo_diagnostics(result.warnings)
    stem = output_name(result.plan.id, audience, options.overlays).removesuffix(".pptx")
    folder = out_dir or Path("build") / f"{stem}-preview"
    claim_folder(folder, stem)  # never among someone's own files: preview cleans its folder
    options.output = folder / f"{stem}.pptx"
    from .write import write_atomic

    write_atomic(options.output, result.data)
    click.echo(f"{options.output}: {result.slides} slides, {result.size / 1024:.0f} KB")
    shown = render_preview(options.output, folder, timeout=timeout, thumb_width=thumb_width)
    click.echo(f"{shown.pdf}: {len(shown.pngs)} pages")
    click.echo(f"{folder}/slide-*.png: {len(shown.pngs)} pictures")
    click.echo(f"{shown.contact_sheet}: contact sheet")


@main.command()
@click.argument("deck", type=click.Path(path_type=Path))
@out_dir_option("Folder for the .pptx file.", default="build")
@click.option("--audience", metavar="NAME", help="Build the version for this audience.")
@overlay_option()
@outside_option()
@handle_errors
def watch(deck, out_dir, audience, overlays, allow_outside):
    """Rebuild a deck on every save of it, its includes, data, pictures or theme (Ctrl-C stops).

    \b
    Example:
      slidegen watch decks/talk.yaml --audience commissioners
    """
    import time

    from .build import BuildOptions
    from .watch import watch as watch_deck

    require_files([deck], "DECK")
    require_audience(audience, [deck], overlays)
    options = BuildOptions(
        out_dir=out_dir, audience=audience, overlays=tuple(overlays), allow_outside=allow_outside
    )
    shown_warnings: set[str] = set()

    def on_event(event) -> None:
        stamp = time.strftime("%H:%M:%S")
        if event.changed:
            names = ", ".join(_display(p) for p in event.changed)
            click.echo(f"[{stamp}] changed: {names}")
        if event.crash:
            report = write_crash_report(event.crash)
            where = f" (details in {report})" if report else ""
            click.echo(
                f"[{stamp}] slidegen hit an internal error (a bug in slidegen, not in your deck)"
                f"{where}; still watching",
                err=True,
            )
        elif not event.ok:
            echo_diagnostics(event.diagnostics)
            click.echo(
                f"[{stamp}] {error_count(event.diagnostics)}; not rebuilt (the last good build "
                f"stays), {event.seconds:.2f} s; still watching",
                err=True,
            )
        else:
            # a warning that was already shown last time is only counted, not repeated
            text = {d.format() for d in event.diagnostics}
            echo_diagnostics([d for d in event.diagnostics if d.format() not in shown_warnings])
            shown_warnings.clear()
            shown_warnings.update(text)
            r = event.result
            warned = f", {plural(len(text), 'warning')}" if text else ""
            click.echo(
                f"[{stamp}] built {r.output}: {r.slides} slides{warned} in {event.seconds:.3f} s"
            )

    click.echo(f"watching {deck} and the files it reads (Ctrl-C to stop)")
    try:
        watch_deck(deck, options, on_event)
    except KeyboardInterrupt:
        click.echo("stopped")


def require_theme(theme: str | None, decks: list[Path]) -> None:
    """`--theme NAME` must name a theme visible from every deck: a command-line mistake (exit 2)."""
    if theme is None:
        return
    if not theme.strip():
        raise click.BadParameter("a theme name cannot be empty", param_hint="'--theme'")
    from .errors import SlidegenError
    from .schema.theme import find_theme

    for deck in decks:
        try:
            find_theme(theme, deck.parent, None)
        except SlidegenError as exc:
            d = exc.diagnostics[0]
            hint = f" ({d.hint})" if d.hint else ""
            raise click.BadParameter(f"{d.message}{hint}", param_hint="'--theme'")


def require_audience(audience: str | None, decks: list[Path], overlays=()) -> None:
    """`--audience NAME` must be defined by every deck (after its overlays): a command-line
    mistake (exit 2). A deck that does not load is left for the command to report."""
    if audience is None:
        return
    from .batch import UnknownAudience, deck_info
    from .errors import SlidegenError

    for deck in decks:
        try:
            _deck_id, defined = deck_info(deck, tuple(overlays))
        except SlidegenError:
            continue
        if audience not in defined:
            raise bad_audience(UnknownAudience(audience, defined, deck))


def _display(path: Path) -> str:
    from .load import display_path

    return display_path(path)


@main.command("list")
@click.argument("deck", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--audience", metavar="NAME", help="List the slides of this audience's version.")
@overlay_option()
@format_option("A table for people or JSON for scripts.")
@click.option(
    "--evidence",
    is_flag=True,
    help="List every figure and reference instead: source, as_of, review_by, the slides.",
)
@today_option()
@outside_option()
@handle_errors
def list_slides(deck, audience, overlays, fmt, evidence, today, allow_outside):
    """List the slides a build would make (number, id, layout, speaking time, title, tags),
    without building; with --evidence, every figure and reference with its dates.

    Each slide's time is its `time:`, else its speaker notes read at `deck.pace` words a
    minute (default 130), at least 30 s (10 s for the title, agenda, dividers and references).
    Long tables and reference lists may continue on further slides when built: those are only
    known after measuring the text, so they are not numbered here.

    \b
    Examples:
      slidegen list decks/talk.yaml
      slidegen list decks/talk.yaml --audience families --overlay decks/regions/norfolk.yaml
      slidegen list decks/talk.yaml --evidence --today 2027-06-01
    """
    import json

    from .build import BuildOptions, plan_deck
    from .lifecycle import format_clock

    require_files([deck], "DECK")
    require_files(overlays, "'--overlay'", what="overlay ")
    require_audience(audience, [deck], overlays)
    opts = BuildOptions(audience=audience, overlays=tuple(overlays), allow_outside=allow_outside)
    plan = plan_deck(deck, opts)
    if evidence:
        from .lifecycle import today as resolve_today
        from .lifecycle.evidence import evidence_table, format_table

        table = evidence_table(plan, resolve_today(today.date() if today else None))
        if fmt == "json":
            doc = {"deck": plan.id, "audience": audience, **table.to_dict()}
            click.echo(json.dumps(doc, indent=2, ensure_ascii=False))
        else:
            click.echo(format_table(table))
        return
    from .lifecycle.timing import budget_line, build_times, total_seconds

    times = build_times(plan)
    rows = [
        {
            "number": n,
            "id": s.id,
            "layout": s.layout,
            "title": s.title.plain if s.title is not None else "",
            "tags": list(dict.fromkeys(s.tags)),
            "hidden": s.hidden,
            "backup": getattr(s, "backup", False),
            "seconds": round(t.seconds, 1),
            "time_from": t.how,
        }
        for (n, s), t in zip(enumerate(plan.slides, 1), times, strict=True)
    ]
    life = plan.lifecycle
    if fmt == "json":
        doc = {
            "deck": plan.id,
            "audience": audience,
            "slides": rows,
            "pace": life.pace,
            "total_seconds": round(total_seconds(times), 1),
            "duration_seconds": life.duration,
        }
        click.echo(json.dumps(doc, indent=2))
        return
    id_w = max([len(r["id"]) for r in rows] + [2])
    lay_w = max([len(r["layout"]) for r in rows] + [6])
    click.echo(f"{'#':>3}  {'id':<{id_w}}  {'layout':<{lay_w}}  {'time':>5}  title [tags]")
    for r in rows:
        tags = f"  [{', '.join(r['tags'])}]" if r["tags"] else ""
        mark = "  (hidden: backup)" if r["backup"] else "  (hidden)" if r["hidden"] else ""
        clock = format_clock(r["seconds"]) if r["time_from"] != "hidden" else "-"
        click.echo(
            f"{r['number']:>3}  {r['id']:<{id_w}}  {r['layout']:<{lay_w}}  {clock:>5}  "
            f"{r['title']}{tags}{mark}"
        )
    backups = sum(1 for r in rows if r["backup"])
    kept = f" ({backups} of them hidden backup slides)" if backups else ""
    click.echo(
        f"{len(rows)} slides planned{kept}, {budget_line(plan, times)}; long tables and"
        " reference lists may add continuation slides when built."
    )


@main.command()
@click.argument("targets", nargs=-1, type=click.Path(path_type=Path), metavar="[DECK|FILE.pptx]...")
@click.option("--audience", metavar="NAME", help="Check the version for this audience (decks).")
@overlay_option("Apply an overlay file (repeatable, in order; decks).")
@click.option("--theme", metavar="NAME", help="Check with this theme instead of the deck's.")
@format_option("Output format.")
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@today_option()
@outside_option()
@handle_errors
def check(targets, audience, overlays, theme, fmt, strict, today, allow_outside):
    """Check decks or .pptx files for accessibility, overflow, sources; writes nothing.

    A deck is checked as `build` would plan it (without rendering); any .pptx (ours or
    anyone's) is read through its slide, layout, master and theme. Exits 1 on an error
    (or, with --strict, a warning). No argument: every deck in decks/.

    \b
    Examples:
      slidegen check decks/talk.yaml
      slidegen check decks/talk.yaml --audience commissioners --strict
      slidegen check build/talk.pptx someone-elses.pptx --format json
      slidegen check decks/talk.yaml --today 2027-06-01   # which figures will be due then?
    """
    from .check import check_paths, format_json, format_text

    paths = list(targets) or default_decks()
    require_files(paths, "DECK|FILE.pptx")
    from .importer.package import reads_as_deck

    decks = [p for p in paths if reads_as_deck(p)]
    require_theme(theme, decks)
    require_audience(audience, decks, overlays)
    reports = check_paths(
        paths,
        audience=audience,
        overlays=tuple(overlays),
        theme=theme,
        today=today.date() if today else None,
        allow_outside=allow_outside,
    )
    output = format_json(reports, strict) if fmt == "json" else format_text(reports, strict)
    click.echo(output)
    if any(r.failed(strict) for r in reports):
        sys.exit(1)


@main.command()
@click.option(
    "--out",
    "out_file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
@handle_errors
def schema(out_file):
    """Print the deck format as JSON Schema (draft 2020-12), for editor completion.

    \b
    Examples:
      slidegen schema > deck.schema.json
      slidegen schema --out .vscode/slidegen.schema.json
    Then start a deck with:  # yaml-language-server: $schema=deck.schema.json
    """
    from .schema import schema_json

    text = schema_json()
    if out_file is None:
        click.echo(text, nl=False)
        return
    try:
        out_file.parent.mkdir(parents=True, exist_ok=True)
        out_file.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.BadParameter(
            f"cannot write '{out_file}': {exc.strerror or exc}", param_hint="'--out'"
        )
    click.echo(f"{out_file}: deck schema written", err=True)


@main.command()
@click.argument("name")
@handle_errors
def new(name):
    """Write a commented starter deck NAME.yaml (never overwrites a file).

    \b
    Examples:
      slidegen new talk                  # -> talk.yaml
      slidegen new decks/briefing.yaml
    """
    import datetime as dt

    from .starter import write_starter

    if not Path(name).name.strip(" ."):
        raise click.BadParameter(f"'{name}' is not a file name", param_hint="NAME")
    path = write_starter(name, dt.date.today().isoformat())
    click.echo(f"{path}: starter deck written; build it with: slidegen build {path}")


@main.command("import")
@click.argument("pptx", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.pptx")
@out_dir_option(
    "Folder for the deck file (pictures go under images/<deck>/ beside it).", default="."
)
@click.option("--force", is_flag=True, help="Replace a deck file of the same name.")
@handle_errors
def import_cmd(pptx, out_dir, force):
    """Write a deck file (and its pictures) from an existing .pptx.

    Titles, bullets and their levels, speaker notes, tables, chart data, pictures with their
    alt text, sections, bold, italic and links are kept; what cannot be carried over is listed
    as warnings with its slide number. A slidegen build imports back to the deck that made it
    (title slide, agenda, dividers and references slide are regenerated).

    \b
    Examples:
      slidegen import old-talk.pptx --out decks
      slidegen import build/talk.pptx --out /tmp/roundtrip --force
    """
    from .errors import Diagnostics
    from .importer import import_pptx

    require_files([pptx], "FILE.pptx")
    diags = Diagnostics()
    result = import_pptx(pptx, out_dir, diags, force=force)
    echo_diagnostics(diags.warnings)
    pics = len(result.pictures)
    click.echo(
        f"{result.deck}: {result.slides} slides imported"
        + (f", {plural(pics, 'picture')}" if pics else "")
        + (f", {plural(len(diags.warnings), 'warning')}" if diags.warnings else "")
    )


@main.command("diff")
@click.argument("old", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("new", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--audience", metavar="NAME", help="Compare the version for this audience (decks).")
@overlay_option("Apply an overlay file to both decks (repeatable, in order).")
@format_option("text for people (coloured on a terminal), json for tools.")
@click.option("--color/--no-color", default=None, help="Colour the text (default: on a terminal).")
@outside_option()
@handle_errors
def diff_cmd(old, new, audience, overlays, fmt, color, allow_outside):
    """Show what changed between two decks or two .pptx files, slide by slide.

    Decks (YAML) are matched by slide id, and each changed data value is listed with every
    slide that shows it; .pptx files are matched by slide name, else by title and position.
    Exit status: 0 nothing changed, 1 something changed (or a problem in either input, reported
    on stderr), 2 a mistake on the command line.

    \b
    Examples:
      slidegen diff decks/talk.yaml decks/talk-updated.yaml
      git show HEAD~1:decks/talk.yaml > decks/talk.before
      slidegen diff decks/talk.before decks/talk.yaml
      slidegen diff build/old/talk.pptx build/talk.pptx --format json
      slidegen diff old.yaml decks/talk.yaml > /dev/null || echo "the deck changed"
      slidegen diff decks/talk.before decks/talk.yaml --overlay decks/regions/norfolk.yaml \\
        --audience commissioners
    """
    import json

    from .diff import diff_paths, format_text
    from .errors import SlidegenError

    require_files([old], "OLD")
    require_files([new], "NEW")
    from .importer.package import reads_as_deck

    decks = [p for p in (old, new) if reads_as_deck(p)]
    if (audience or overlays) and not decks:
        option = "--audience" if audience else "--overlay"
        raise click.UsageError(
            f"{option} applies to decks; OLD and NEW are both .pptx files (already built)"
        )
    require_files(overlays, "'--overlay'", what="overlay ")
    require_audience(audience, decks, overlays)
    try:
        report = diff_paths(
            old, new, audience=audience, overlays=tuple(overlays), allow_outside=allow_outside
        )
    except SlidegenError as exc:
        echo_diagnostics(exc.diagnostics)
        click.echo("slidegen diff: cannot compare.", err=True)
        sys.exit(1)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False, default=str))
    else:
        use_color = sys.stdout.isatty() if color is None else color
        click.echo(format_text(report, color=use_color), nl=False, color=use_color)
    sys.exit(1 if report.changed else 0)


@main.command("pull")
@click.argument("edited", type=click.Path(path_type=Path, dir_okay=False), metavar="EDITED.pptx")
@click.option(
    "--deck",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The deck the copy was built from (default: from the copy and build/manifest.json).",
)
@click.option(
    "--overlay",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="REGION.yaml",
    help="The overlay to write the edits to (default: the copy's own; a new file is made).",
)
@click.option("--audience", metavar="NAME", help="The audience (default: the copy's).")
@click.option(
    "--manifest",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The build manifest to find the deck in (default: build/manifest.json).",
)
@click.option("--write", "write_it", is_flag=True, help="Write the overlay and new pictures.")
@click.option("--color/--no-color", default=None, help="Colour the diff (default: on a terminal).")
@outside_option()
@handle_errors
def pull_cmd(edited, deck, overlay, audience, manifest, write_it, color, allow_outside):
    """Pull a team's edits to a built .pptx back into its overlay file.

    Builds the version the copy was made from, compares the two slide by slide and shows, as a
    diff of the overlay, what the team changed: reworded keys merged into their slides, new
    slides placed with after:, deleted slides under remove:, moved slides. Writes only with
    --write (or, on a terminal, when you say yes). What the overlay cannot say (moved or
    recoloured shapes, animations, a changed theme) is listed with slide numbers; a key the
    central deck changed too since the copy was built is a conflict, shown with both versions
    and left for you (exit status 1).

    \b
    Examples:
      slidegen pull returned/norfolk-edited.pptx
      slidegen pull returned/norfolk-edited.pptx --write
      slidegen pull edited.pptx --deck decks/talk.yaml --overlay decks/regions/norfolk.yaml
    """
    from .errors import Diagnostic, Diagnostics, Pos
    from .pull import NeedsOption, PullOptions, pull

    require_files([edited], "EDITED.pptx")
    if deck is not None:
        require_files([deck], "'--deck'", what="deck ")
    if manifest is not None:
        require_files([manifest], "'--manifest'", what="manifest ")
    diags = Diagnostics()
    options = PullOptions(
        deck=deck,
        overlay=overlay,
        audience=audience,
        manifest=manifest,
        allow_outside=allow_outside,
    )
    try:
        result = pull(edited, options, diags)
    except NeedsOption as exc:
        raise click.UsageError(exc.diagnostics[0].format()) from None
    use_color = sys.stdout.isatty() if color is None else color
    for line in result.diff.splitlines():
        fg = {"+": "green", "-": "red", "@": "cyan"}.get(line[:1]) if use_color else None
        click.secho(line, fg=None if line.startswith(("+++", "---")) else fg, color=use_color)
    for line in result.changes:
        click.echo(f"  {line}")
    if result.centre_changed:
        click.echo(
            f"since {edited.name} was built, these changed: {', '.join(result.centre_changed)}"
            " (a key both the team and they changed is a conflict)",
            err=True,
        )
    echo_diagnostics(result.warnings)
    conflicts = [Diagnostic("conflict", c.message(), Pos(str(edited))) for c in result.conflicts]
    echo_diagnostics(conflicts)
    target = _display(result.overlay)
    if not result.changed:
        click.echo(f"{target}: nothing to pull from {edited}")
    elif write_it or (
        sys.stdin.isatty() and sys.stdout.isatty() and click.confirm(f"Write {target}?")
    ):
        result.write()
        pics = len(result.pictures)
        extra = f" and {plural(pics, 'new picture')}" if pics else ""
        overlays = " ".join(f"--overlay {_display(o)}" for o in result.overlays)
        if result.audience:
            overlays = f"--audience {result.audience} {overlays}"
        click.echo(
            f"{target}: written{extra}; build it with:"
            f" slidegen build {_display(result.deck)} {overlays}"
        )
    else:
        click.echo(f"{target}: not written (run again with --write to write it)")
    if result.conflicts:
        click.echo(
            f"{plural(len(result.conflicts), 'conflict')}: the central version is kept;"
            " edit the overlay to keep the team's",
            err=True,
        )
        sys.exit(1)


@main.command("themes")
@click.option(
    "--from",
    "from_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Look for themes/ folders from here upwards (a deck's folder).",
)
@handle_errors
def themes_cmd(from_dir):
    """List the themes a deck here would find: name, where, extends, size.

    \b
    Themes are looked up in themes/ next to the deck, in themes/ of each folder above it,
    then among the built-in ones; the nearest of two same-named themes wins.
    \b
    Example:
      slidegen themes
      slidegen themes --from decks
    """
    from .schema.theme import list_themes

    rows = list_themes(from_dir)
    header = ("NAME", "WHERE", "EXTENDS", "SIZE")
    table = [(r["name"], r["where"], r["extends"] or "-", r["size"] or "-") for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *table, strict=False)]
    for row in [header, *table]:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())
    for r in rows:
        if r["problem"]:
            click.echo(f"theme '{r['name']}' does not load: {r['problem']}", err=True)
        for w in r.get("warnings", ()):
            click.echo(w, err=True)


@main.group("theme")
def theme_group() -> None:
    """Work with themes (see `slidegen themes` for the list).

    \b
    Examples:
      slidegen theme new acme
      slidegen theme show acme
    """


@theme_group.command("new")
@click.argument("name")
@handle_errors
def theme_new(name):
    """Write a commented starting theme into ./themes/NAME (never overwrites).

    \b
    Example:
      slidegen theme new acme
      # then in a deck: deck: {theme: acme}
    """
    from .schema.theme import new_theme

    try:
        path = new_theme(name, Path("themes"))
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="NAME")
    except FileExistsError as exc:
        raise click.UsageError(str(exc))
    click.echo(f"wrote {path}")


@theme_group.command("show")
@click.argument("theme", metavar="THEME|TEMPLATE")
@handle_errors
def theme_show(theme):
    """Show a theme's corporate template (or a template file): each layout with its
    placeholders, and the layout each slidegen role is drawn on, with why.

    Layouts are chosen by what they are (their placeholders, type and name); a role with only
    a poor match is warned about, so you can name a better layout in the theme's `layouts:`.

    \b
    Examples:
      slidegen theme show acme
      slidegen theme show themes/acme
      slidegen theme show ../brand/Acme-2026.potx
    """
    from .errors import Diagnostics
    from .importer.package import PRESENTATION_SUFFIXES
    from .render.corporate import describe
    from .schema.theme import load_theme, template_theme

    path = Path(theme)
    if path.suffix.lower() in PRESENTATION_SUFFIXES:
        require_files([path], "TEMPLATE")
        resolved = template_theme(path)
    else:
        resolved = load_theme(theme, Path("."), diags=Diagnostics())
    if resolved.template is None:
        click.echo(
            f"theme '{resolved.name}' has no template: slides are drawn on slidegen's own layouts"
        )
        return
    lines, warnings = describe(resolved)
    for line in lines:
        click.echo(line)
    for warning in warnings:
        click.echo(warning, err=True)


def run() -> None:
    """The `slidegen` command (the console script; `python -m slidegen` runs the same)."""
    open_standard_streams()
    main()


def open_standard_streams() -> None:
    """Give a closed stdin, stdout or stderr (`slidegen build deck >&-`) /dev/null instead.

    Otherwise Python has no sys.stdout to print to, and the next file or pipe opened would
    take descriptor 1 or 2, where anything meant for the terminal would then go.
    """
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        devnull = os.open(os.devnull, os.O_RDWR)  # the lowest free descriptor: this one
        if devnull != fd:
            os.dup2(devnull, fd)
            os.close(devnull)
        if getattr(sys, name) is None:
            setattr(sys, name, open(fd, mode, closefd=False))  # noqa: SIM115


if __name__ == "__main__":  # pragma: no cover
    run()
