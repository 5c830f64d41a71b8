"""`slidegen pull`: a team's edits to a built .pptx, back into the team's overlay file.

A regional team gets `build/<deck>--<region>.pptx`, edits it in PowerPoint (rewords a slide,
adds its own example, deletes a slide that does not apply) and sends it back. `pull`:

1. finds what the copy was built from: the origin stored in the file (slidegen.origin) and the
   build's manifest, or `--deck` and `--overlay`;
2. builds that deck again with the overlays (the centre as it is now) and reads both files the
   way `slidegen import` does (importer/read.py, importer/interpret.py), matching slides by the
   id each slide carries as its name (or, where a tool dropped the names, as `slidegen diff`
   matches slides);
3. compares them slide by slide and key by key. Where the centre has changed a key since the
   copy was built (the key's hash in the origin differs from the centre's), the team's edit of
   that key is a conflict, reported with both versions and not written; otherwise the team's
   edits become overlay entries: changed keys merged into the slide, new slides placed with
   `after:`/`before:`, deleted slides under `remove:`, moves within a section;
4. writes them into the overlay with ruamel.yaml (comments and every line a person wrote stay)
   after checking that the deck builds with the new overlay and reads back as the team's copy.

Nothing is written by `pull()`: it returns a PullResult whose `write()` writes the overlay and
the new pictures (`slidegen pull --write`).
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, Diagnostics, Pos, SlidegenError, error
from ..origin import Origin, read_origin

MANIFEST = Path("build") / "manifest.json"


class NeedsOption(SlidegenError):
    """The copy does not tell what pull needs (the deck, the overlay): a command-line matter."""


@dataclass
class PullOptions:
    """What to pull into: the deck (default: from the copy's origin and the manifest), the
    overlay to write (default: the copy's last overlay), the audience (default: the copy's);
    `allow_outside`: the deck may read files outside its project (BuildOptions')."""

    deck: Path | None = None
    overlay: Path | None = None
    audience: str | None = None
    manifest: Path | None = None
    allow_outside: bool = False


@dataclass
class Conflict:
    """A key the team and the centre both changed since the copy was built, differently."""

    number: int  # the slide's number in the edited copy
    slide: str
    key: str
    region: str  # the team's text (plain)
    centre: str  # the centre's text now (plain)

    def message(self) -> str:
        return (
            f"slide {self.number} ({self.slide}): '{self.key}' was changed by the team and, "
            "since the copy was built, by the central deck too; the central version is kept. "
            f"Team's: {_quote(self.region)} Central: {_quote(self.centre)}"
        )


def _quote(text: str, limit: int = 300) -> str:
    text = " / ".join(line.strip() for line in text.splitlines() if line.strip()) or "(empty)"
    return f"'{text[:limit]}{'...' if len(text) > limit else ''}'"


@dataclass
class PullResult:
    """What a pull would write, and what it found."""

    edited: Path
    deck: Path
    overlay: Path
    audience: str | None
    before: str  # the overlay's text now ("" for a new file)
    after: str  # ... and as pull writes it
    diff: str  # the change as a unified diff
    pictures: dict[Path, bytes] = field(default_factory=dict)  # new picture files
    changes: list[str] = field(default_factory=list)  # one line per slide, for people
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    origin: Origin | None = None
    centre_changed: list[str] = field(default_factory=list)  # inputs changed since the copy
    overlays: list[Path] = field(default_factory=list)  # to build with, in order (overlay last)

    @property
    def changed(self) -> bool:
        """True when the overlay (or a picture) would change."""
        return self.before != self.after or bool(self.pictures)

    def write(self) -> None:
        """Write the new pictures, then the overlay (each through a temporary file)."""
        from ..write import write_atomic

        for path, data in self.pictures.items():
            if not path.exists():
                write_atomic(path, data)
        if self.before != self.after:
            write_atomic(self.overlay, self.after.encode("utf-8"))


def pull(
    edited: Path | str, options: PullOptions | None = None, diags: Diagnostics | None = None
) -> PullResult:
    """What the team changed in `edited`, as changes to its overlay (nothing is written).

    Raises SlidegenError when the copy, the deck or the overlay cannot be read, and when the
    overlay pull would write does not build (a bug: nothing is written then).
    """
    from .merge import Puller

    edited = Path(edited)
    options = options or PullOptions()
    diags = diags if diags is not None else Diagnostics()
    if not edited.is_file():
        raise error(f"'{edited}' not found")
    origin = read_origin(edited)
    where = _locate(edited, origin, options, diags)
    puller = Puller(edited, origin, where, diags)
    return puller.run()


# ---- which deck, overlays and audience the copy was built from -------------------------------
@dataclass
class Where:
    deck: Path
    applied: list[Path]  # the overlays to build the centre with (the target last, if it exists)
    target: Path  # the overlay pull writes
    audience: str | None
    manifest_entry: dict | None = None
    allow_outside: bool = False


def _locate(edited: Path, origin: Origin | None, options: PullOptions, diags) -> Where:
    pos = Pos(str(edited))
    entry = None
    overlays: list[Path] = []
    deck = options.deck
    if origin is not None:
        entry = _manifest_entry(options.manifest or MANIFEST, origin)
        if entry is not None and deck is None:
            deck = Path(entry["deck"])
            overlays = [Path(o) for o in entry.get("overlays", [])]
        if deck is None:
            deck = _find_deck(edited, origin)
        if deck is not None and not overlays:
            overlays = [deck.parent / o for o in origin.overlays]
    if deck is None:
        what = "has no slidegen origin" if origin is None else "names a deck that is not found"
        name = f" ('{origin.deck_file}')" if origin is not None and origin.deck_file else ""
        raise NeedsOption(
            Diagnostic(
                "error",
                f"'{edited}' {what}{name}: cannot tell which deck it was built from",
                pos,
                "give --deck DECK and --overlay REGION.yaml",
            )
        )
    if not deck.is_file():
        raise error(f"deck file '{deck}' not found", pos, hint="give --deck DECK")
    if origin is None:
        diags.warning(
            f"'{edited}' has no slidegen origin (built by another tool or an older slidegen):"
            f" compared with a build of {deck} as it is now",
            pos,
        )
    target = options.overlay or (overlays[-1] if overlays else None)
    if target is None:
        raise NeedsOption(
            Diagnostic(
                "error",
                f"'{edited}' was built without an overlay: name the file to write the team's"
                " edits to",
                pos,
                "give --overlay REGION.yaml (a new file is made)",
            )
        )
    applied = [o for o in overlays if o.resolve() != target.resolve()]
    missing = [o for o in applied if not o.is_file()]
    if missing:
        raise error(
            f"overlay '{missing[0]}', which the copy was built with, is not found",
            pos,
            hint="give --deck and --overlay",
        )
    if target.is_file():
        applied.append(target)
    elif target.exists():
        raise error(f"'{target}' is not a file", pos)
    audience = options.audience if options.audience is not None else (origin and origin.audience)
    return Where(deck, applied, target, audience or None, entry, options.allow_outside)


def _manifest_entry(manifest: Path, origin: Origin) -> dict | None:
    """The manifest's entry for the output the copy was made from: same deck id, audience and
    overlays (by file name)."""
    try:
        data = json.loads(Path(manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    names = [Path(o).name for o in origin.overlays]
    entries = (
        [e for e in data.get("outputs", []) if isinstance(e, dict)]
        if isinstance(data, dict)
        else []
    )
    # the very build the copy was made from first, then the same deck, audience and overlays
    entries.sort(key=lambda e: e.get("inputs_sha256") != origin.inputs_sha256)
    for entry in entries:
        if entry.get("deck_id") != origin.deck_id or entry.get("audience") != origin.audience:
            continue
        if [Path(o).name for o in entry.get("overlays", [])] != names:
            continue
        if Path(str(entry.get("deck", ""))).is_file():
            return entry
    return None


def _find_deck(edited: Path, origin: Origin) -> Path | None:
    if not origin.deck_file:
        return None
    for folder in (Path("."), Path("decks"), edited.parent):
        candidate = folder / origin.deck_file
        if candidate.is_file():
            return candidate
    return None


# ---- shared helpers for merge.py ------------------------------------------------------------
def write_temp(data: bytes, folder: Path | None = None, suffix: str = ".pptx") -> Path:
    fd, name = tempfile.mkstemp(prefix=".slidegen-pull-", suffix=suffix, dir=folder)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return Path(name)


__all__ = ["Conflict", "NeedsOption", "PullOptions", "PullResult", "pull"]
