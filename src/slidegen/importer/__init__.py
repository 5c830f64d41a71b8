"""`slidegen import`: an existing .pptx as a deck file (and its pictures), to start from.

Reading (`read.py`) and interpreting (`interpret.py`) are separate so `slidegen diff` can read
.pptx files the same way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..codes import Code
from ..errors import Diagnostic, Diagnostics, Pos, SlidegenError, error


@dataclass
class ImportResult:
    """What an import wrote (or would write): the deck file, pictures, warnings, the text."""

    deck: Path
    pictures: list[Path]
    text: str
    warnings: list[Diagnostic] = field(default_factory=list)
    slides: int = 0


def import_pptx(
    pptx: Path | str,
    out_dir: Path | str = Path("."),
    diags: Diagnostics | None = None,
    write: bool = True,
    force: bool = False,
) -> ImportResult:
    """Read `pptx` and write `<out_dir>/<stem>.yaml` plus its pictures under `images/<stem>/`.

    The deck text is validated against the deck format before anything is written.
    """
    from ..load import parse_yaml
    from ..schema.validate import validate_deck
    from .interpret import interpret, slug
    from .read import read_pptx
    from .yamlout import dump

    pptx, out_dir = Path(pptx), Path(out_dir)
    diags = diags if diags is not None else Diagnostics()
    raw = read_pptx(pptx)
    stem = slug(pptx.stem) or "imported"
    out = out_dir / f"{stem}.yaml"
    if write and out.exists() and not force:
        raise error(f"'{out}' already exists", Pos(str(out)), hint="use --force to replace it")
    imported = interpret(raw, stem, diags)
    tree = imported.tree
    _theme(raw, tree, out_dir, diags)
    header = (
        f"Imported from {pptx.name} by `slidegen import`.\n"
        "Check the layouts chosen, then move repeated figures into `data:` with their sources."
    )
    text = _dump_checked(tree, header, str(out), parse_yaml, validate_deck, dump, pptx)
    written: list[Path] = []
    if write:
        from ..write import write_atomic

        for pic in imported.pictures:
            target = out_dir / pic.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, pic.data)
            written.append(target)
        write_atomic(out, text.encode("utf-8"))
    return ImportResult(out, written, text, list(diags.warnings), len(raw.slides))


def _dump_checked(tree, header, file, parse_yaml, validate_deck, dump, pptx: Path) -> str:
    text = dump(tree, header)
    try:
        validate_deck(parse_yaml(text, file), file)
    except SlidegenError as exc:  # our own output must always be a valid deck
        # located at the .pptx: the deck file was not written
        raise SlidegenError(
            [
                Diagnostic(
                    "error",
                    f"import produced an invalid deck (line {d.pos.line} of the deck it would"
                    f" have written): {d.message}"
                    if d.pos and d.pos.line
                    else f"import produced an invalid deck: {d.message}",
                    Pos(str(pptx)),
                    "nothing was written; please report this with the file",
                )
                for d in exc.diagnostics
            ]
        )
    return text


def _theme(raw, tree: dict, out_dir: Path, diags: Diagnostics) -> None:
    """A slidegen build names its theme in the theme part: keep it if it can be found."""
    if not raw.by_slidegen or not raw.theme_name:
        return
    from ..schema.theme import load_theme

    name = raw.theme_name
    try:
        load_theme(name, out_dir.resolve(), None)
    except SlidegenError:
        diags.warning(
            f"theme '{name}' is not found from {out_dir}; the deck uses the default theme"
            " (set deck.theme once the theme folder is in place)",
            Pos(str(raw.path)),
            code=Code.IMPORT,
        )
        return
    deck = tree["deck"]
    deck["theme"] = name
    if raw.language and raw.language != "en-GB":
        deck["language"] = raw.language
    order = ["id", "title", "subtitle", "presenter", "organisation", "date", "theme", "language"]
    items = sorted(deck.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99)
    deck.clear()
    deck.update(items)
