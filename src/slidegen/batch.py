"""Several builds in one call: every deck x audience variant, with one summary line per file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from .build import BuildOptions, build
from .errors import SlidegenError


@dataclass(frozen=True)
class Variant:
    deck: Path
    audience: str | None
    overlays: tuple[Path, ...]


def variants(
    decks: list[Path], audiences: list[str], all_audiences: bool, overlays: list[Path]
) -> list[Variant]:
    """The builds a command line asks for, in a stable order."""
    out = []
    for deck in decks:
        names: list[str | None] = list(audiences) or [None]
        if all_audiences:
            names = [None, *_deck_audiences(deck)]
        for name in names:
            out.append(Variant(deck, name, tuple(overlays)))
    return out


def _deck_audiences(deck: Path) -> list[str]:
    from .build import load_and_validate
    from .errors import Diagnostics

    model, _ = load_and_validate(deck, BuildOptions(), Diagnostics())
    return list(model.audiences)


def run_builds(
    decks, *, out_dir: Path, audiences, all_audiences, overlays, theme, strict, pdf, jobs=None
) -> bool:
    """Build every variant; print errors per deck; True when all succeeded."""
    from .cli import echo_diagnostics

    ok = True
    if pdf:
        from .preview import require_tools

        require_tools(poppler=False)  # before building, so a missing LibreOffice writes nothing
    try:
        todo = variants(decks, audiences, all_audiences, overlays)
    except SlidegenError as exc:
        echo_diagnostics(exc.diagnostics)
        return False
    for v in todo:
        opts = BuildOptions(
            out_dir=out_dir, audience=v.audience, overlays=v.overlays, theme=theme, strict=strict
        )
        try:
            result = build(v.deck, opts)
        except SlidegenError as exc:
            echo_diagnostics(exc.diagnostics)
            n = sum(1 for d in exc.diagnostics if d.severity == "error")
            click.echo(f"{v.deck}: {n} error{'s' if n != 1 else ''}; nothing written.", err=True)
            ok = False
            continue
        echo_diagnostics(result.warnings)
        click.echo(
            f"{result.output}: {result.slides} slides, {result.size / 1024:.0f} KB, "
            f"{result.seconds:.2f} s"
        )
        if pdf:
            from .preview import convert_to_pdf

            try:
                pdf_path = convert_to_pdf(result.output, result.output.parent)
            except SlidegenError as exc:
                echo_diagnostics(exc.diagnostics)
                ok = False
                continue
            click.echo(f"{pdf_path}: PDF")
    return ok
