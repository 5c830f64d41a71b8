"""Open a .pptx within budgets: python-pptx reads it through a bounded, lazy zip reader.

python-pptx's own reader inflates every member of the zip whole before looking at any, so a
1 MB file holding an unused member that inflates to 1 GiB costs gigabytes. Every .pptx that
slidegen reads (`check` and `import` of any file, `diff`, a theme's template) is opened here:

- the zip directory is checked first (at most limits.PACKAGE_MEMBERS members, none over
  PACKAGE_MEMBER_BYTES uncompressed, PACKAGE_BYTES in all), before anything is inflated;
- only the members the presentation uses (reached through its relationships) are read,
  each streamed and counted while it is inflated, XML parts (which are parsed whole) within
  PACKAGE_XML_BYTES and everything read within PACKAGE_READ_BYTES;
- what cannot be read (not a zip, truncated, a bad CRC, an unknown compression method,
  encryption, relationships nested too deeply) is a SlidegenError naming the file and the
  member, never a Python exception from zipfile, zlib or python-pptx's loader.

The file itself must be a regular file (files.open_regular). Nothing is written.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from . import limits
from .errors import Pos, SlidegenError, error
from .files import NotAFile, display_path, open_regular

_CHUNK = 1024 * 1024
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CT_DEFAULT = re.compile(rb"<(?:\w+:)?Default\b[^>]*>")
_CT_OVERRIDE = re.compile(rb"<(?:\w+:)?Override\b[^>]*>")
_ATTR = re.compile(rb'(\w+)\s*=\s*"([^"]*)"')
_ZIP_PROBLEMS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError)


class PackageError(SlidegenError):
    """A .pptx that cannot be read within the limits, or at all: its located diagnostic."""


def _problem(message: str, pos: Pos | None, hint: str | None = None) -> PackageError:
    return PackageError(error(message, pos, hint).diagnostics)


class Package:
    """A .pptx's zip directory, checked, and bounded reads of its members."""

    def __init__(self, path: Path | str, what: str = "file", pos: Pos | None = None):
        self.path = Path(path)
        self.shown = display_path(self.path)
        self.what = what
        self.label = f"'{self.shown}'" if what == "file" else f"{what} '{self.shown}'"
        self.pos = pos or Pos(self.shown)
        self.spent = 0
        self._xml_types: set[str] | None = None
        try:
            self._file = open_regular(self.path)
        except FileNotFoundError:
            raise _problem(f"{what} '{self.shown}' not found", self.pos) from None
        except NotAFile as exc:
            raise _problem(f"{what} '{self.shown}' is {exc.kind}, not a file", self.pos) from None
        except OSError as exc:
            reason = exc.strerror or exc
            raise _problem(f"cannot read {what} '{self.shown}': {reason}", self.pos) from None
        try:
            self.zip = zipfile.ZipFile(self._file)
            infos = self.zip.infolist()
        except (*_ZIP_PROBLEMS, OSError, ValueError, OverflowError) as exc:
            self._file.close()
            raise _problem(
                f"{self.label} is not a PowerPoint .pptx file: not a zip package, or only part"
                f" of one ({exc or type(exc).__name__})",
                self.pos,
                "a .pptx is a zip package; a truncated copy (an unfinished download or"
                " transfer) reads like this: copy or save it again",
            ) from None
        try:
            self._check_directory(infos)
        except BaseException:
            self.close()
            raise
        self.infos = {i.filename: i for i in infos}  # a repeated name: the last, as zipfile

    def close(self) -> None:
        self.zip.close()
        self._file.close()

    def __enter__(self) -> Package:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---- the directory ------------------------------------------------------------------
    def _check_directory(self, infos) -> None:
        if len(infos) > limits.PACKAGE_MEMBERS:
            raise self._over(
                f"it holds {len(infos):,} members", f"{limits.PACKAGE_MEMBERS:,} members"
            )
        total = 0
        for info in infos:
            if info.file_size > limits.PACKAGE_MEMBER_BYTES:
                raise self._over(
                    f"member '{info.filename}' is {limits.megabytes(info.file_size)} uncompressed",
                    f"{limits.limit_text(limits.PACKAGE_MEMBER_BYTES)} for one member",
                )
            total += info.file_size
        if total > limits.PACKAGE_BYTES:
            raise self._over(
                f"it is {limits.megabytes(total)} uncompressed",
                f"{limits.limit_text(limits.PACKAGE_BYTES)} for a whole package",
            )

    def _over(self, what: str, limit: str) -> PackageError:
        return _problem(
            f"{self.label}: {what}; the limit is {limit}",
            self.pos,
            "save a copy without the large media (File > Compress Pictures, or remove"
            " videos), or check it is the file you meant",
        )

    def _damaged(self, exc: BaseException, why: str) -> PackageError:
        reason = str(exc) or type(exc).__name__
        return _problem(
            f"cannot read {self.label} as a .pptx: {why} ({reason})",
            self.pos,
            "it may be truncated or damaged: open it in PowerPoint and save it again",
        )

    # ---- members ----------------------------------------------------------------------------
    def __contains__(self, name: str) -> bool:
        return name in self.infos

    def is_xml(self, name: str) -> bool:
        """Whether python-pptx will parse the member as XML (by name or content type)."""
        if name.lower().endswith(_XML_SUFFIXES):
            return True
        if self._xml_types is None:
            self._xml_types = self._find_xml_types()
        ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        return "/" + name.lower() in self._xml_types or f"*.{ext}" in self._xml_types

    def _find_xml_types(self) -> set[str]:
        """Part names ('/name') and extensions ('*.ext') whose content type is XML."""
        out: set[str] = set()
        if "[Content_Types].xml" not in self.infos:
            return out
        text = self.read("[Content_Types].xml")
        for pattern, key in ((_CT_DEFAULT, b"Extension"), (_CT_OVERRIDE, b"PartName")):
            for tag in pattern.findall(text):
                attrs = dict(_ATTR.findall(tag))
                ctype = attrs.get(b"ContentType", b"").lower()
                if ctype.endswith((b"+xml", b"/xml")) and key in attrs:
                    value = attrs[key].decode("utf-8", "replace").lower()
                    out.add(f"*.{value}" if key == b"Extension" else value)
        return out

    def read(self, name: str, limit: int | None = None) -> bytes:
        """A member's bytes, inflated in chunks and counted: its size from the directory, the
        member and XML limits and what is left of the package's read budget all hold while
        it is inflated. KeyError when there is no such member."""
        info = self.infos[name]
        if limit is None:
            xml = self.is_xml(name)
            limit = limits.PACKAGE_XML_BYTES if xml else limits.PACKAGE_MEMBER_BYTES
        else:
            xml = False
        if info.file_size > limit:
            kind = "an XML part, parsed whole" if xml else "one member"
            raise self._over(
                f"member '{name}' is {limits.megabytes(info.file_size)} uncompressed",
                f"{limits.limit_text(limit)} for {kind}",
            )
        left = limits.PACKAGE_READ_BYTES - self.spent
        if info.file_size > left:
            raise self._over(
                f"its parts in use are more than {limits.megabytes(limits.PACKAGE_READ_BYTES)}",
                f"{limits.limit_text(limits.PACKAGE_READ_BYTES)} read from one package",
            )
        chunks = []
        got = 0
        try:
            with self.zip.open(info) as f:
                while True:
                    chunk = f.read(_CHUNK)
                    if not chunk:
                        break
                    got += len(chunk)
                    if got > info.file_size or got > limit:  # the directory lied
                        raise self._over(
                            f"member '{name}' inflates past the"
                            f" {limits.megabytes(info.file_size)} its directory entry gives",
                            f"{limits.limit_text(limit)}",
                        )
                    chunks.append(chunk)
        except PackageError:
            raise
        except (*_ZIP_PROBLEMS, OSError, ValueError, OverflowError) as exc:
            raise self._damaged(exc, f"member '{name}' cannot be read") from None
        self.spent += got
        return b"".join(chunks)


class _Source:
    """What python-pptx is given instead of a path: its reader is the bounded Package."""

    def __init__(self, package: Package):
        self.package = package

    def __str__(self) -> str:
        return self.package.shown


class _Reader:
    """python-pptx's physical package reader interface (`in` and `[]` by PackURI)."""

    def __init__(self, package: Package):
        self.package = package

    def __contains__(self, pack_uri: object) -> bool:
        return isinstance(pack_uri, str) and pack_uri[1:] in self.package

    def __getitem__(self, pack_uri) -> bytes:
        name = pack_uri[1:]
        if name not in self.package:
            raise KeyError(f"no member '{pack_uri}' in package")
        return self.package.read(name)


_installed = False


def _install() -> None:
    """Let python-pptx's PackageReader take a _Source: one patch of its reader factory."""
    global _installed
    if _installed:
        return
    from pptx.opc import serialized

    original = serialized._PhysPkgReader.factory.__func__

    def factory(cls, pkg_file):
        if isinstance(pkg_file, _Source):
            return _Reader(pkg_file.package)
        return original(cls, pkg_file)

    serialized._PhysPkgReader.factory = classmethod(factory)
    _installed = True


def open_presentation(path: Path | str, what: str = "file", pos: Pos | None = None):
    """A python-pptx Presentation of any PowerPoint package (.pptx, .pptm, .potx, .potm,
    .ppsx, .ppsm: decided by its main part's content type), read within the limits.

    Raises PackageError (a SlidegenError located at `pos`, or at the file) when it cannot be
    read within the limits, or at all; ValueError for a package whose main part is not a
    presentation; other exceptions of python-pptx's (a part it cannot make sense of) pass
    through for the caller to report (see damaged_errors).
    """
    from pptx.opc.package import PartFactory
    from pptx.package import Package as PptxPackage
    from pptx.parts.presentation import PresentationPart

    from .importer.package import MAIN_TYPES

    _install()
    for ct in MAIN_TYPES:  # python-pptx registers four of the six
        PartFactory.part_type_for.setdefault(ct, PresentationPart)
    with Package(path, what, pos) as package:
        try:
            part = PptxPackage.open(_Source(package)).main_document_part
        except RecursionError:
            raise _problem(
                f"cannot read {package.label}: its parts refer to each other too deeply to follow",
                package.pos,
            ) from None
    if part.content_type not in MAIN_TYPES:
        raise ValueError(f"its main part is {part.content_type!r}, not a presentation")
    return part.presentation


def damaged_errors() -> tuple[type[BaseException], ...]:
    """What python-pptx, lxml and Pillow raise on a part that is missing or malformed (a
    number that is not one, a required attribute or relationship absent, a picture part that
    is not a picture or too large): the reader paths (check, import, diff, templates) turn
    these into a finding or a located error about the file, never an internal error."""
    from lxml import etree
    from PIL import Image
    from pptx.exc import PythonPptxError

    return (
        KeyError,
        IndexError,
        AttributeError,
        TypeError,
        ValueError,
        ArithmeticError,
        RecursionError,
        NotImplementedError,  # python-pptx: a shape of a kind it does not know
        OSError,  # Pillow's UnidentifiedImageError, a truncated picture
        etree.LxmlError,
        PythonPptxError,  # InvalidXmlError: a required attribute missing
        Image.DecompressionBombError,
        PackageError,  # a part read on demand, over a limit
    )


def damaged_message(exc: BaseException) -> str:
    """`ValueError: invalid literal for int() ...` for a message, shortened."""
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:199] + "\u2026"


def read_member(path: Path | str, name: str, what: str = "file", pos: Pos | None = None):
    """One member of a .pptx (None when it has no such member), read within the limits."""
    with Package(path, what, pos) as package:
        if name not in package:
            return None
        return package.read(name)
