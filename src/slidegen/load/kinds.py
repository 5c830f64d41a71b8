"""What an input file is when it is not what a command expects: a PowerPoint presentation,
template or slide show given where a deck (YAML) is expected, or a template renamed .pptx.

Read from the file's content (its zip's `[Content_Types].xml`), not its name, without
python-pptx: a command says what the file is and which command takes it, instead of "deck file
is not UTF-8 text" or a raw content type.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

# The main part's content type (of /ppt/presentation.xml) -> what the file is, for people.
_MAIN = {
    "presentationml.presentation.main+xml": "presentation",
    "presentationml.template.main+xml": "template",
    "presentationml.slideshow.main+xml": "slide show",
    "ms-powerpoint.presentation.macroEnabled.main+xml": "macro-enabled presentation",
    "ms-powerpoint.template.macroEnabled.main+xml": "macro-enabled template",
    "ms-powerpoint.slideshow.macroEnabled.main+xml": "macro-enabled slide show",
}
_SUFFIX = {
    "presentation": ".pptx",
    "template": ".potx",
    "slide show": ".ppsx",
    "macro-enabled presentation": ".pptm",
    "macro-enabled template": ".potm",
    "macro-enabled slide show": ".ppsm",
}
_OTHER_OFFICE = {
    "wordprocessingml": "Word document",
    "spreadsheetml": "Excel workbook",
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files (.ppt, .doc, .xls)


def office_kind(path: Path) -> str | None:
    """ "presentation", "template", "slide show", "macro-enabled ..." for a PowerPoint file,
    "Word document", "Excel workbook", "Office 97-2003 file" or "zip file" for others; None for
    anything else (text, a deck)."""
    try:
        with open(path, "rb") as f:
            head = f.read(8)
    except OSError:
        return None
    if head.startswith(_OLE):
        return "Office 97-2003 file"
    if not head.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            types = z.read("[Content_Types].xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError):
        return "zip file"
    for m in re.finditer(r'ContentType="application/vnd\.([^"]+)"', types):
        kind = m.group(1).removeprefix("openxmlformats-officedocument.")
        if kind in _MAIN:
            return _MAIN[kind]
    for key, name in _OTHER_OFFICE.items():
        if key in types:
            return name
    return "zip file"


def _described(kind: str) -> str:
    if kind in _SUFFIX:
        return f"a PowerPoint {kind} ({_SUFFIX[kind]})"
    return f"an {kind}" if kind[0] in "aeiouAEIOU" else f"a {kind}"


def not_a_deck(path: Path, command: str) -> str | None:
    """Why `path` cannot be a deck for `slidegen <command>`, and which command takes it; None
    when it may be one."""
    kind = office_kind(path)
    if kind is None:
        return None
    text = f"'{path}' is {_described(kind)}, not a deck file (a deck is YAML text)"
    if kind == "presentation":
        if command == "check":
            return None  # check reads presentations as they are
        return (
            f"{text}: `slidegen import {path}` turns it into a deck; `slidegen check` and"
            " `slidegen diff` read it as it is"
        )
    if "template" in kind:
        return (
            f"{text}: to build decks on it, name it in a theme's `template:` (see `slidegen"
            " theme new`); to check or import it, save it from PowerPoint as a presentation"
            " (.pptx)"
        )
    if kind in _SUFFIX or kind == "Office 97-2003 file":
        return (
            f"{text}: save it from PowerPoint as a presentation (.pptx); `slidegen import`"
            " then turns it into a deck"
        )
    return text


def not_a_presentation(path: Path) -> str | None:
    """Why a `.pptx` file cannot be read as a presentation (a template renamed .pptx...), and
    the fix; None when it is one (or when it is not a zip at all: the reader says so)."""
    kind = office_kind(path)
    if kind in (None, "presentation", "zip file"):
        return None
    if kind in _SUFFIX:
        fix = "save it from PowerPoint as a presentation (.pptx)"
        if "template" in kind:
            fix += ", or name it in a theme's `template:` to build decks on it"
        return f"'{path}' is {_described(kind)} named {path.suffix}: {fix}"
    return f"'{path}' is {_described(kind)}, not a PowerPoint presentation"
