"""Opening the files a deck or theme names: only regular files, only inside the project, within
budget.

Decks, themes and templates arrive from colleagues and partner organisations and are built
unattended, so what they name is treated as untrusted:

- Only a regular file is opened (after following symlinks): a folder, a named pipe (FIFO), a
  device (`/dev/zero`) or a socket is a located error, found with `stat` before opening and
  again on the open descriptor, which is opened non-blocking so a pipe cannot hang a build.
- Only a file inside the deck's project is read: the project is the nearest folder holding
  the deck (itself included, then each folder above it) that has a `themes/` or `decks/`
  folder or a `.git`, else the deck's own folder (`project_root`). Symlinks are resolved
  first, so a link inside pointing outside is outside. The files an overlay names may also be
  in the overlay's project; a theme's logo and template (and the themes a deck's theme extends
  by path) in the theme's project or the deck's; the built-in themes are always readable.
  `--allow-outside` (the `allow_outside` option of the library) lifts the rule for
  deliberate outside paths.
- Sizes are checked before reading and while reading (`slidegen.limits`).

No python-pptx, pydantic or PyYAML here: `slidegen check` and `load` use it at start-up.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from . import limits
from .errors import Pos, error

PROJECT_MARKERS = ("themes", "decks", ".git")
BUILTIN_THEMES = Path(__file__).resolve().parent / "themes"
OUTSIDE_OPTION = "--allow-outside"
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO opens at once instead of waiting for a writer
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
)


def display_path(path: Path) -> str:
    """A path as users see it in messages: relative to the working directory when inside it,
    else absolute (never a ../ chain from some other folder)."""
    try:
        full = Path(path).resolve()
    except (OSError, RuntimeError):  # a symbolic link loop
        return str(path)
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(full)


# ---- regular files ---------------------------------------------------------------------------
class NotAFile(OSError):
    """A path that exists but is not a regular file; `kind` says what it is ("a folder")."""

    def __init__(self, path: Path, kind: str):
        super().__init__(f"'{path}' is {kind}, not a file")
        self.kind = kind


def kind_of(mode: int) -> str | None:
    """What a non-regular file is, for messages ("a named pipe (FIFO)"), or None for a file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: Path | str) -> BinaryIO:
    """Open a regular file for reading, never blocking.

    Raises FileNotFoundError, NotAFile (a folder, pipe, device or socket, checked before opening
    and on the open descriptor) or another OSError.
    """
    path = Path(path)
    kind = kind_of(os.stat(path).st_mode)  # follows symlinks: the file the link names
    if kind:
        raise NotAFile(path, kind)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        kind = kind_of(os.fstat(fd).st_mode)  # replaced between stat and open
        if kind:
            raise NotAFile(path, kind)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(f: BinaryIO, limit: int, size: int | None = None) -> bytes | None:
    """Read an open file to its end, or None as soon as it holds more than `limit` bytes.

    `size`: what the file held when it was opened (its fstat size), when known.
    """
    # A read of n bytes allocates n first: ask for the size the file has (plus one, to see it
    # grew), not for the limit (100 MB for a picture), and read on only if it did grow.
    first = limit + 1 if size is None else min(size, limit) + 1
    data = f.read(first)
    if len(data) == first and first <= limit:
        data += f.read(limit + 1 - first)
    return None if len(data) > limit else data


def read_input(
    path: Path,
    what: str,
    pos: Pos | None,
    limit: int,
    shown: str | None = None,
    budget: Budget | None = None,
) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or a located error saying why not.

    `what` names the file in messages ("data file"), `shown` is the path as written (default:
    as display_path shows it); `budget`, when given, is charged the file's size before reading.
    """
    shown = shown if shown is not None else display_path(path)
    try:
        with open_regular(path) as f:
            size = os.fstat(f.fileno()).st_size
            if size > limit:
                raise too_large(what, shown, size, limit, pos)
            if budget is not None:
                budget.spend(size, what, shown, pos)
            data = read_limited(f, limit, size)
            if data is None:  # grew after stat
                raise too_large(what, shown, limit + 1, limit, pos)
    except FileNotFoundError:
        raise error(f"{what} '{shown}' not found", pos) from None
    except NotAFile as exc:
        raise error(f"{what} '{shown}' is {exc.kind}, not a file", pos) from None
    except OSError as exc:
        raise error(f"cannot read {what} '{shown}': {exc.strerror or exc}", pos) from None
    return data


def too_large(what: str, shown: str, size: int, limit: int, pos: Pos | None):
    """The error for a file over its size limit (raise it)."""
    return error(
        f"{what} '{shown}' is {limits.megabytes(size)}; the limit is {limits.limit_text(limit)}",
        pos,
    )


@dataclass(eq=False)
class Budget:
    """Bytes of deck, included, overlay, data and reference files one build may read in all."""

    limit: int = limits.TEXT_TOTAL_BYTES
    spent: int = 0

    def spend(self, n: int, what: str, shown: str, pos: Pos | None) -> None:
        """Charge `n` bytes for a file about to be read; a located error over the limit."""
        self.spent += n
        if self.spent > self.limit:
            raise error(
                f"{what} '{shown}' brings the files this deck reads to "
                f"{limits.megabytes(self.spent)}; the limit for the deck, included, overlay,"
                f" data and reference files together is {limits.limit_text(self.limit)}",
                pos,
                "split the deck, or move large tables of data out of it",
            )


# ---- inside the project ----------------------------------------------------------------------
def project_root(folder: Path) -> Path:
    """The project a file in `folder` belongs to: the nearest of `folder` and the folders above
    it holding `themes/`, `decks/` or `.git`; `folder` itself when none does (resolved)."""
    folder = Path(folder).resolve()
    for here in (folder, *folder.parents):
        for marker in PROJECT_MARKERS:
            try:
                if (here / marker).exists():
                    return here
            except OSError:
                continue
    return folder


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


@dataclass
class Scope:
    """Where one build may read files from (`roots`, resolved) and what it has read so far."""

    roots: tuple[Path, ...]
    allow_outside: bool = False
    budget: Budget = field(default_factory=Budget)

    @classmethod
    def for_deck(
        cls, deck: Path, overlays=(), allow_outside: bool = False, budget: Budget | None = None
    ) -> Scope:
        """The scope of a deck: its project, each overlay's project and the built-in themes."""
        roots = [project_root(Path(deck).resolve().parent)]
        roots += [project_root(Path(o).resolve().parent) for o in overlays]
        roots.append(BUILTIN_THEMES)
        return cls(tuple(dict.fromkeys(roots)), allow_outside, budget or Budget())

    def with_root(self, folder: Path) -> Scope:
        """This scope plus the project of `folder` (a theme's files), sharing the budget."""
        root = project_root(folder)
        if root in self.roots:
            return self
        return Scope((*self.roots, root), self.allow_outside, self.budget)

    def contains(self, path: Path) -> bool:
        """Whether a path (resolved) is inside one of the roots."""
        return any(_inside(path, root) for root in self.roots)

    def check(self, path: Path, written: str, what: str, pos: Pos | None) -> Path:
        """`path` with its symlinks resolved, when it may be read; otherwise a located error
        at the key that names it (`written`: the path as the file writes it)."""
        try:
            real = Path(path).resolve()
        except (OSError, RuntimeError):  # a symlink loop
            raise error(f"{what} '{written}' cannot be resolved (a symbolic link loop?)", pos)
        if self.allow_outside or self.contains(real):
            return real
        root = self.roots[0]
        raise error(
            f"{what} '{written}' is outside the project folder '{root.name or root}'",
            pos,
            "keep it inside the project (the deck's folder, or the nearest folder above it with"
            f" themes/, decks/ or .git), or pass {OUTSIDE_OPTION} to read it deliberately",
        )
