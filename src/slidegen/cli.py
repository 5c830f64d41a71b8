"""The `slidegen` command: a thin click layer over the library API.

Heavy modules (python-pptx, pydantic) are imported inside commands so `--help` stays fast.
"""

from __future__ import annotations

import functools
import sys
import traceback
from pathlib import Path

import click

from . import __version__

DECKS_DIR = Path("decks")


def echo_diagnostics(diags) -> None:
    """Print diagnostics to stderr, one `path:line:column: severity: message` per line."""
    for d in diags:
        colour = "red" if d.severity == "error" else "yellow"
        click.secho(d.format(), err=True, fg=colour if sys.stderr.isatty() else None)


def handle_errors(fn):
    """Turn SlidegenError into located messages and exit 1; a bug into a short crash report."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        from .errors import SlidegenError

        try:
            return fn(*args, **kwargs)
        except SlidegenError as exc:
            echo_diagnostics(exc.diagnostics)
            n = sum(1 for d in exc.diagnostics if d.severity == "error")
            click.echo(f"{n} error{'s' if n != 1 else ''}; nothing written.", err=True)
            sys.exit(1)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception:  # a bug in slidegen, not the user's mistake
            report = Path("build") / "slidegen-crash.txt"
            try:
                report.parent.mkdir(parents=True, exist_ok=True)
                report.write_text(traceback.format_exc(), encoding="utf-8")
                where = f" The details are in {report}."
            except OSError:
                where = ""
            click.echo(
                "slidegen hit an internal error (this is a bug in slidegen, not in your deck)."
                f"{where} Please report it so a better message can be given next time.",
                err=True,
            )
            sys.exit(3)

    return wrapper


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
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path),
    default=Path("build"),
    show_default=True,
    help="Folder for the .pptx files.",
)
@click.option(
    "--audience",
    "audiences",
    multiple=True,
    metavar="NAME",
    help="Build the version for this audience (repeatable).",
)
@click.option("--all-audiences", is_flag=True, help="Build every audience the deck defines.")
@click.option(
    "--overlay",
    "overlays",
    multiple=True,
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="Apply an overlay file (repeatable, in order).",
)
@click.option("--theme", metavar="NAME", help="Use this theme instead of the deck's.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--pdf", is_flag=True, help="Also write a PDF of each deck (needs LibreOffice).")
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=None,
    help="Worker processes for several outputs (default: CPU count).",
)
@handle_errors
def build(decks, out_dir, audiences, all_audiences, overlays, theme, strict, pdf, jobs):
    """Build .pptx files from deck files (no DECK: every deck in decks/).

    \b
    Examples:
      slidegen build
      slidegen build decks/talk.yaml --out dist
      slidegen build decks/talk.yaml --all-audiences --overlay decks/regions/norfolk.yaml
    """
    from .batch import run_builds

    paths = list(decks) or default_decks()
    for p in paths:
        if not p.is_file():
            raise click.BadParameter(f"'{p}' is not a file", param_hint="DECK")
    ok = run_builds(
        paths,
        out_dir=out_dir,
        audiences=list(audiences),
        all_audiences=all_audiences,
        overlays=list(overlays),
        theme=theme,
        strict=strict,
        pdf=pdf,
        jobs=jobs,
    )
    if not ok:
        sys.exit(1)


def run() -> None:  # pragma: no cover - console entry point alias
    main()


if __name__ == "__main__":  # pragma: no cover
    main()
