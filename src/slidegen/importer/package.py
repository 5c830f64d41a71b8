"""What a file is (by its content, not only its name): a presentation or a deck.

PowerPoint saves presentations (.pptx), macro-enabled ones (.pptm), templates (.potx, .potm)
and slide shows (.ppsx, .ppsm): the same package with another content type on its main part.
python-pptx's `Presentation()` accepts only the first two; `opc.open_presentation` opens them all.
`check`, `import` and `diff` decide with `sniff` whether a file is a presentation or a deck,
so a presentation named `.yaml` or a deck named `.pptx` is read for what it is.

No python-pptx at module level: `slidegen check deck.yaml` imports this module.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

PRESENTATION_SUFFIXES = (".pptx", ".pptm", ".potx", ".potm", ".ppsx", ".ppsm")

_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_MS = "application/vnd.ms-powerpoint."
# main part content type -> what PowerPoint calls the file
MAIN_TYPES = {
    _PML + "presentation.main+xml": "presentation",
    _MS + "presentation.macroEnabled.main+xml": "macro-enabled presentation",
    _PML + "template.main+xml": "template",
    _MS + "template.macroEnabled.main+xml": "macro-enabled template",
    _PML + "slideshow.main+xml": "slide show",
    _MS + "slideshow.macroEnabled.main+xml": "macro-enabled slide show",
}
_OTHER_PACKAGES = {
    "wordprocessingml": "a Word document",
    "ms-word": "a Word document",
    "spreadsheetml": "an Excel workbook",
    "ms-excel": "an Excel workbook",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # PowerPoint 97-2003 (.ppt) and other OLE files
_MAIN_RE = re.compile(rb'ContentType="([^"]*\.main(?:\+xml)?)"')


@dataclass(frozen=True)
class Sniffed:
    """What a file holds: kind "presentation", "text" (a deck, presumably) or "other"."""

    kind: str
    what: str  # for messages: "a template", "a Word document", "YAML text", ...

    @property
    def presentation(self) -> bool:
        return self.kind == "presentation"


def sniff(path: Path | str) -> Sniffed:
    """Look at a file's first bytes (and a package's content types) to say what it is.

    Never raises: an unreadable or missing file is "other" (the caller reports it).
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return Sniffed("other", "a file that cannot be read")
    if head.startswith(b"PK"):
        return _sniff_package(path)
    if head.startswith(_OLE):
        return Sniffed("other", "a PowerPoint 97-2003 file (.ppt) or another Office 97 file")
    if b"\x00" in head:
        return Sniffed("other", "a binary file")
    if not head:
        return Sniffed("text", "an empty file")
    try:
        with open(path, "rb") as f:
            start = f.read(65536)
    except OSError:
        start = head
    if re.search(rb"^deck:", start, re.M):
        return Sniffed("text", "a slidegen deck (YAML text)")
    return Sniffed("text", "text")


def _sniff_package(path: Path) -> Sniffed:
    try:
        with zipfile.ZipFile(path) as z:
            try:
                types = z.read("[Content_Types].xml")
            except KeyError:
                return Sniffed("other", "a zip file that is no Office package")
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return Sniffed("other", "a damaged or truncated zip file (copy or save it again)")
    found = [m.decode("ascii", "replace") for m in _MAIN_RE.findall(types)]
    for ct in found:
        if ct in MAIN_TYPES:
            return Sniffed("presentation", f"a PowerPoint {MAIN_TYPES[ct]}")
    for ct in found:
        for key, what in _OTHER_PACKAGES.items():
            if key in ct:
                return Sniffed("other", what)
    if b"presentationml" in types:
        return Sniffed("presentation", "a PowerPoint package")
    return Sniffed("other", "an Office package that is no presentation")


def is_presentation(path: Path | str) -> bool:
    """A PowerPoint package by its content; a file that cannot be read goes by its suffix."""
    path = Path(path)
    if not path.is_file():
        return path.suffix.lower() in PRESENTATION_SUFFIXES
    return sniff(path).presentation


def reads_as_deck(path: Path | str) -> bool:
    """Whether `check` and `diff` read a file as a deck (text) rather than as a PowerPoint
    file (a package, or anything else binary, which then gets a message saying what it is).
    A file that does not exist goes by its suffix."""
    path = Path(path)
    if not path.is_file():
        return path.suffix.lower() not in PRESENTATION_SUFFIXES
    return sniff(path).kind == "text"


def not_a_presentation(path: Path | str, sniffed: Sniffed) -> str:
    """The message for a file that is not a PowerPoint package."""
    path = Path(path)
    if sniffed.kind == "text":
        if "deck" in sniffed.what:
            return (
                f"'{path}' is not a PowerPoint file: it holds {sniffed.what}; build it with"
                f" `slidegen build`, and name it .yaml"
            )
        return f"'{path}' is not a PowerPoint file: it holds {sniffed.what}, not a package"
    if sniffed.what.startswith("a PowerPoint 97"):
        return (
            f"'{path}' is {sniffed.what}: open it in PowerPoint or LibreOffice and save it as .pptx"
        )
    return f"'{path}' is not a PowerPoint file: it is {sniffed.what}"
