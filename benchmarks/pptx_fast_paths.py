"""Linear-time fast paths for building large decks with python-pptx 1.0.x.

Stock python-pptx 1.0.2 gets quadratically slower as a deck grows, because several look-ups
made for every new slide scan the whole package:

* ``OpcPackage.next_partname`` (every notes slide, chart and embedded workbook) walks every
  part of the package to collect the names already in use;
* ``_Relationships.get_or_add`` on the presentation part (every slide) rebuilds a
  reltype -> relationships index of all the presentation's relationships to find an existing one;
* ``CT_SlideIdList._next_id`` (every slide) reads every ``p:sldId/@id``;
* ``Package.get_or_add_image_part`` and ``next_image_partname`` (every picture) walk every
  relationship and every part to find an identical image and the next free image name.

(Upstream: scanny/python-pptx issue #644 and the unmerged pull request #646.)

:func:`speed_up` replaces those on *one* presentation, through instance attributes only (no
class is patched), with caches that give exactly the answers the stock code gives, so the saved
file is byte-identical. Each cache is filled by one stock scan the first time it is needed and
then kept up to date as parts are added. The caches assume the package only grows, which is how
a deck is built. They are rebuilt when a relationship is dropped from the package or the
presentation part (the usual "delete a slide" recipe), when the presentation's relationships
change behind their back, and when the last ``p:sldId`` no longer holds the largest slide id.
After removing parts any other way (or if adding a part failed half-way), call
:func:`speed_up` again to rescan.

:func:`fixes_apply` checks that the python-pptx internals these fast paths stand in for are
still the ones they were written against; :func:`speed_up` does nothing and returns False when
they are not, so an upgrade can only make a build slower, never different.
"""

from __future__ import annotations

import inspect
import types
from typing import IO, Any

import pptx
from pptx.opc.package import OpcPackage, XmlPart, _RelatableMixin, _Relationships
from pptx.opc.packuri import PackURI
from pptx.oxml.presentation import CT_SlideIdList
from pptx.package import Package, _ImageParts
from pptx.parts.image import Image, ImagePart
from pptx.parts.presentation import PresentationPart
from pptx.presentation import Presentation
from pptx.slide import Slides
from pptx.util import lazyproperty

__all__ = ["fix_problems", "fixes_apply", "speed_up"]

_MIN_SLIDE_ID = 256
_MAX_SLIDE_ID = 2147483647
_IMAGE_PREFIX = "/ppt/media/image"
_AMBIGUOUS = object()  # a sha1 shared by several image parts: defer to the stock scan
_MARKER = "_slidegen_fast_paths"

# What each stock function we replace or route around looks like in python-pptx 1.0.2:
# (argument names, every global/attribute name its code uses). Any change means the fast path
# may no longer be equivalent.
_EXPECTED: dict[tuple[type, str], tuple[tuple[str, ...], frozenset[str]]] = {
    (OpcPackage, "next_partname"): (
        ("self", "tmpl"),
        frozenset(
            ["Exception", "PackURI", "find", "iter_parts", "len", "partname", "range", "startswith"]
        ),
    ),
    (OpcPackage, "drop_rel"): (("self", "rId"), frozenset(["_rels", "pop"])),
    (XmlPart, "drop_rel"): (
        ("self", "rId"),
        frozenset(["_rel_ref_count", "_rels", "pop"]),
    ),
    (_RelatableMixin, "relate_to"): (
        ("self", "target", "reltype", "is_external"),
        frozenset(["_rels", "get_or_add", "get_or_add_ext_rel", "isinstance", "str"]),
    ),
    (_Relationships, "get_or_add"): (
        ("self", "reltype", "target_part"),
        frozenset(["_add_relationship", "_get_matching"]),
    ),
    (_Relationships, "_get_matching"): (
        ("self", "reltype", "target", "is_external"),
        frozenset(["_rels_by_reltype", "is_external", "rId", "target_part", "target_ref"]),
    ),
    (_Relationships, "_add_relationship"): (
        ("self", "reltype", "target", "is_external"),
        frozenset(
            [
                "EXTERNAL",
                "INTERNAL",
                "RTM",
                "_Relationship",
                "_base_uri",
                "_next_rId",
                "_rels",
            ]
        ),
    ),
    (_Relationships, "_rels_by_reltype"): (
        ("self",),
        frozenset(["append", "collections", "defaultdict", "list", "reltype", "values"]),
    ),
    (Package, "get_or_add_image_part"): (
        ("self", "image_file"),
        frozenset(["_image_parts", "get_or_add_image_part"]),
    ),
    (Package, "next_image_partname"): (
        ("self", "ext"),
        frozenset(
            ["PackURI", "enumerate", "idx", "iter_parts", "len", "partname", "sorted", "startswith"]
        ),
    ),
    (_ImageParts, "get_or_add_image_part"): (
        ("self", "image_file"),
        frozenset(["Image", "ImagePart", "_find_by_sha1", "_package", "from_file", "new", "sha1"]),
    ),
    (_ImageParts, "_find_by_sha1"): (
        ("self", "sha1"),
        frozenset(["hasattr", "sha1"]),
    ),
    (PresentationPart, "add_slide"): (
        ("self", "slide_layout"),
        frozenset(
            [
                "RT",
                "SLIDE",
                "SlidePart",
                "_next_slide_partname",
                "new",
                "package",
                "part",
                "relate_to",
                "slide",
            ]
        ),
    ),
    (CT_SlideIdList, "add_sldId"): (
        ("self", "rId"),
        frozenset(["_add_sldId", "_next_id"]),
    ),
    (CT_SlideIdList, "_next_id"): (
        ("self",),
        frozenset(["cast", "enumerate", "int", "max", "next", "sorted", "xpath"]),
    ),
    (Slides, "add_slide"): (
        ("self", "slide_layout"),
        frozenset(
            ["_sldIdLst", "add_sldId", "add_slide", "clone_layout_placeholders", "part", "shapes"]
        ),
    ),
    (ImagePart, "new"): (
        ("cls", "package", "image"),
        frozenset(["blob", "content_type", "ext", "filename", "next_image_partname"]),
    ),
}

# Cached attributes the fast paths read from instance dicts (python-pptx's lazyproperty).
_LAZY = (
    (Presentation, "slides"),
    (Package, "_image_parts"),
    (_Relationships, "_rels"),
    (XmlPart, "_rels"),
)


def _names(code: types.CodeType) -> frozenset[str]:
    """Return every name `code` and the code objects nested in it refer to."""
    names = set(code.co_names)
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= _names(const)
    return frozenset(names)


def fixes_apply() -> bool:
    """Return True when the installed python-pptx has the internals the fast paths replace.

    False means python-pptx was upgraded in a way the fast paths were not written for:
    :func:`speed_up` then leaves presentations alone (correct output, stock speed).
    """
    return not fix_problems()


def fix_problems() -> list[str]:
    """Return why the fast paths do not apply to the installed python-pptx (empty if they do)."""
    problems = []
    if not pptx.__version__.startswith("1.0."):
        problems.append(f"python-pptx {pptx.__version__} is not 1.0.x")
    for (cls, attr), (args, names) in _EXPECTED.items():
        name = f"{cls.__name__}.{attr}"
        found = inspect.getattr_static(cls, attr, None)
        func = getattr(found, "fget", None) or getattr(found, "__func__", found)
        code = getattr(func, "__code__", None)
        if code is None:
            problems.append(f"{name} is not a Python function")
            continue
        if code.co_varnames[: code.co_argcount] != args:
            problems.append(f"{name} arguments changed")
        if _names(code) != names:
            problems.append(f"{name} body changed")
    for cls, attr in _LAZY:
        if not isinstance(inspect.getattr_static(cls, attr, None), lazyproperty):
            problems.append(f"{cls.__name__}.{attr} is no longer a lazyproperty")
    return problems


def speed_up(prs: Presentation) -> bool:
    """Give `prs` linear-time slide, notes, picture and chart creation; return True if done.

    Call it right after opening the presentation. Calling it again resets the caches (a rescan).
    Output is byte-identical to stock python-pptx for the same calls.
    """
    if not fixes_apply():
        return False
    _FastPaths(prs).install()
    return True


class _FastPaths:
    """The caches of one presentation and the instance-level methods that use them."""

    def __init__(self, prs: Presentation) -> None:
        self.slides = prs.slides  # first access renames slide parts, as stock does
        self.sld_id_lst: CT_SlideIdList = self.slides._sldIdLst
        self.prs_part: PresentationPart = prs.part
        self.package: Package = prs.part.package
        self.rels: _Relationships = self.prs_part.rels
        self.reset()

    def reset(self) -> None:
        """Forget everything cached; each cache is refilled by a stock scan when next needed."""
        self.partnames: dict[str, set[str]] = {}  # prefix -> partnames in use with that prefix
        self.by_sha1: dict[str, Any] | None = None  # sha1 -> ImagePart or _AMBIGUOUS
        self.image_idxs: set[int] | None = None  # used /ppt/media/imageN indices
        self.image_fallback = False  # image indices the gap search cannot mirror
        self.image_next = 1  # smallest index that may be free
        self.rel_index: dict[tuple[str, Any], str] = {}  # (reltype, part) -> first rId
        self.rel_count = -1  # len(rels) when rel_index was last known complete
        self.sld_max = -1  # largest slide id in use, trusted while the last p:sldId has it

    def install(self) -> None:
        """Route this presentation's scanning look-ups to the cached versions."""
        pkg, part = self.package, self.prs_part
        pkg.next_partname = self.next_partname  # type: ignore[method-assign]
        pkg.get_or_add_image_part = self.get_or_add_image_part  # type: ignore[method-assign]
        pkg.next_image_partname = self.next_image_partname  # type: ignore[method-assign]
        pkg.drop_rel = self.package_drop_rel  # type: ignore[method-assign]
        part.drop_rel = self.part_drop_rel  # type: ignore[method-assign]
        self.rels.get_or_add = self.get_or_add  # type: ignore[method-assign]
        self.slides.add_slide = self.add_slide  # type: ignore[method-assign]
        setattr(pkg, _MARKER, self)

    # -- part names ------------------------------------------------------------------------

    def next_partname(self, tmpl: str) -> PackURI:
        """Same answer as ``OpcPackage.next_partname`` without walking the package each time."""
        prefix = tmpl[: (tmpl % 42).find("42")]
        names = self.partnames.get(prefix)
        if names is None:
            names = {p.partname for p in self.package.iter_parts() if p.partname.startswith(prefix)}
            self.partnames[prefix] = names
        for n in range(len(names) + 1, 0, -1):
            candidate = tmpl % n
            if candidate not in names:
                self._claim(candidate)
                return PackURI(candidate)
        raise RuntimeError("ran out of candidate partnames")  # pragma: no cover - as stock

    def _claim(self, partname: str) -> None:
        """Record that a part named `partname` is about to join the package."""
        for prefix, names in self.partnames.items():
            if partname.startswith(prefix):
                names.add(partname)

    # -- relationships of the presentation part ----------------------------------------------

    def get_or_add(self, reltype: str, target_part: Any) -> str:
        """Same answer as ``_Relationships.get_or_add`` using an index of existing rels."""
        rels = self.rels._rels
        if len(rels) != self.rel_count:
            self._reindex()
        key = (reltype, target_part)
        rId = self.rel_index.get(key)
        if rId is not None:
            rel = rels.get(rId)
            if (
                rel is not None
                and not rel.is_external
                and rel.reltype == reltype
                and rel.target_part is target_part
            ):
                return rId
            self._reindex()  # a rel was replaced without changing the count
            rId = self.rel_index.get(key)
            if rId is not None:
                return rId
        rId = self.rels._add_relationship(reltype, target_part)
        self.rel_index[key] = rId
        self.rel_count = len(rels)
        return rId

    def _reindex(self) -> None:
        index: dict[tuple[str, Any], str] = {}
        for rId, rel in self.rels._rels.items():
            if not rel.is_external:
                index.setdefault((rel.reltype, rel.target_part), rId)
        self.rel_index = index
        self.rel_count = len(self.rels._rels)

    # -- slides ----------------------------------------------------------------------------

    def add_slide(self, slide_layout: Any) -> Any:
        """``Slides.add_slide`` with the next slide id from a running maximum."""
        slides = self.slides
        rId, slide = slides.part.add_slide(slide_layout)
        slide.shapes.clone_layout_placeholders(slide_layout)
        slides._sldIdLst._add_sldId(id=self._next_slide_id(), rId=rId)
        return slide

    def _next_slide_id(self) -> int:
        """Same answer as ``CT_SlideIdList._next_id``: one more than the largest id in use."""
        lst = self.sld_id_lst
        # The running maximum is trusted only while the last p:sldId holds it: removing that
        # slide, reordering, or appending by another route all change the last child. (lxml
        # finds the last child in constant time; len() would walk the whole list.)
        try:
            last_id = lst[-1].get("id")
        except IndexError:
            last_id = None
        if last_id is None or last_id != str(self.sld_max):
            used = [int(s) for s in lst.xpath("./p:sldId/@id")]
            self.sld_max = max([_MIN_SLIDE_ID - 1, *used])
        candidate = self.sld_max + 1
        if candidate > _MAX_SLIDE_ID:
            self.sld_max = -1
            return lst._next_id  # the stock search for a free id below the maximum
        self.sld_max = candidate
        return candidate

    # -- images ----------------------------------------------------------------------------

    def get_or_add_image_part(self, image_file: str | IO[bytes]) -> ImagePart:
        """Same answer as ``Package.get_or_add_image_part`` using a sha1 -> part index."""
        image = Image.from_file(image_file)
        if self.by_sha1 is None:
            self.by_sha1 = {}
            for part in self.package._image_parts:
                if hasattr(part, "sha1"):
                    known = self.by_sha1.get(part.sha1)
                    self.by_sha1[part.sha1] = part if known is None else _AMBIGUOUS
        found = self.by_sha1.get(image.sha1)
        if found is _AMBIGUOUS:
            found = self.package._image_parts._find_by_sha1(image.sha1)
        if found:
            return found
        image_part = ImagePart.new(self.package, image)
        self.by_sha1[image.sha1] = image_part
        return image_part

    def next_image_partname(self, ext: str) -> PackURI:
        """Same answer as ``Package.next_image_partname``: the first free image index."""
        if self.image_idxs is None:
            idxs = [
                p.partname.idx
                for p in self.package.iter_parts()
                if p.partname.startswith(_IMAGE_PREFIX) and p.partname.idx is not None
            ]
            self.image_idxs = set(idxs)
            # The stock gap search equals "smallest unused index >= 1" only for distinct
            # positive indices; otherwise keep asking the stock code.
            self.image_fallback = len(self.image_idxs) != len(idxs) or min(idxs, default=1) < 1
            self.image_next = 1
        if self.image_fallback:
            partname = Package.next_image_partname(self.package, ext)
        else:
            while self.image_next in self.image_idxs:
                self.image_next += 1
            self.image_idxs.add(self.image_next)
            partname = PackURI(f"{_IMAGE_PREFIX}{self.image_next}.{ext}")
        self._claim(partname)
        return partname

    # -- removals invalidate everything ------------------------------------------------------

    def package_drop_rel(self, rId: str) -> None:
        """``OpcPackage.drop_rel``, then forget the caches."""
        OpcPackage.drop_rel(self.package, rId)
        self.reset()

    def part_drop_rel(self, rId: str) -> None:
        """``XmlPart.drop_rel`` on the presentation part, then forget the caches."""
        type(self.prs_part).drop_rel(self.prs_part, rId)
        self.reset()
