"""Load YAML with a position for every key and value; reject what PyYAML would silently accept.

The result is plain Python data built from `LDict` and `LList` (dict and list subclasses) that
remember the file, line and column of the mapping itself, of each key and of each value, so that
every later stage can say exactly where a problem is.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from ..errors import Diagnostics, Pos, SlidegenError, error

try:  # libyaml's composer is several times faster than the pure-Python one
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 500_000  # bounds alias expansion ("billion laughs")
MAX_DEPTH = 64
_BOOLS = ("true", "false")
# Where an anchor may start: `&name` (letters, digits, '-', '_') opening a node. "R&D" or
# "Q & A" in text cannot be one.
_ANCHOR = re.compile(r"(?:\A|[\s\[{,:])&[0-9A-Za-z_-]")

# Characters XML 1.0 cannot hold: C0 controls except tab/newline/CR, surrogates, U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class LDict(dict):
    """A mapping that remembers where it, its keys and its values were written."""

    __slots__ = ("pos", "key_pos", "val_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.key_pos: dict = {}
        self.val_pos: dict = {}

    def where(self, key) -> Pos:
        """Position of the value under `key` (or of the mapping when the key is absent)."""
        return self.val_pos.get(key) or self.pos

    def where_key(self, key) -> Pos:
        """Position of `key` itself (or of the mapping when the key is absent)."""
        return self.key_pos.get(key) or self.pos


class LList(list):
    """A sequence that remembers where it and each item were written."""

    __slots__ = ("pos", "item_pos")

    def __init__(self, pos: Pos):
        super().__init__()
        self.pos = pos
        self.item_pos: list[Pos] = []

    def where(self, index: int) -> Pos:
        """Position of item `index` (or of the list when there is no such item)."""
        if 0 <= index < len(self.item_pos):
            return self.item_pos[index]
        return self.pos


def clean_text(s: str, pos: Pos, diags: Diagnostics | None) -> str:
    """Remove characters XML cannot hold, with a warning naming each one."""
    if not _XML_ILLEGAL.search(s):
        return s
    found = sorted({f"U+{ord(c):04X}" for c in _XML_ILLEGAL.findall(s)})
    if diags is not None:
        diags.warning(f"removed character(s) {', '.join(found)} that a .pptx file cannot hold", pos)
    return _XML_ILLEGAL.sub("", s)


_STR_TAG = "tag:yaml.org,2002:str"
_KEY_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")  # flatten_mapping's work
_ScalarNode, _SequenceNode, _MappingNode = yaml.ScalarNode, yaml.SequenceNode, yaml.MappingNode


def _unreadable(node, exc: Exception) -> str:
    """Why a YAML scalar of a given type cannot be made into a value, for people."""
    kind = node.tag.rsplit(":", 1)[-1]
    kind = "date" if kind == "timestamp" else kind
    text = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    reason = str(exc)
    if (
        kind == "date"
        and isinstance(exc, ValueError)
        and ("range" in reason or "must be" in reason)
    ):
        return f"invalid date '{text}': {reason}"
    if "Exceeds the limit" in reason:
        return f"number '{text}' has too many digits (at most 4,300)"
    return f"'{text}' is not a valid {kind}"


class _Builder:
    def __init__(self, file: str, diags: Diagnostics | None):
        self.file = file
        self.diags = diags
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def pos(self, mark) -> Pos:
        return Pos(self.file, mark.line + 1, mark.column + 1)

    def check_size(self, root) -> None:
        """Reject an alias bomb before expanding it, at the value where `build` would stop.

        Sizes of shared (aliased) nodes are computed once, so this costs one pass over the
        distinct nodes however many times aliases repeat them.
        """
        sizes: dict[int, int] = {}

        def size(node, depth: int) -> int:
            known = sizes.get(id(node))
            if known is not None:
                return known
            n = 1
            if depth <= MAX_DEPTH:  # deeper documents are refused by `build` itself
                n += sum(size(child, depth + 1) for child in _children(node))
            sizes[id(node)] = n
            return n

        if size(root, 0) <= MAX_NODES:
            return
        count = 0

        def locate(node):
            nonlocal count
            if count + sizes[id(node)] <= MAX_NODES:
                count += sizes[id(node)]
                return None
            count += 1
            if count > MAX_NODES:
                return node
            return next(filter(None, map(locate, _children(node))), None)

        self.nodes = MAX_NODES
        self.build(locate(root) or root)

    def build(self, node, depth: int = 0, pos: Pos | None = None):
        """The located value of `node`; `pos`: its position when the caller made it already."""
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise error(
                f"document too large: more than {MAX_NODES:,} values after expanding aliases",
                self.pos(node.start_mark),
                hint="YAML aliases (*name) may be repeating a large block",
            )
        if depth > MAX_DEPTH:
            raise error(f"nesting deeper than {MAX_DEPTH} levels", self.pos(node.start_mark))
        cls = node.__class__
        if cls is _ScalarNode:
            return self._scalar(node, pos)
        if cls is _MappingNode or (cls is not _SequenceNode and isinstance(node, _MappingNode)):
            return self._mapping(node, depth, pos)
        if cls is _SequenceNode or isinstance(node, _SequenceNode):
            file = self.file
            out = LList(pos or self.pos(node.start_mark))
            item_pos = out.item_pos
            build = self.build
            depth += 1
            for item in node.value:
                mark = item.start_mark
                at = Pos(file, mark.line + 1, mark.column + 1)
                item_pos.append(at)
                out.append(build(item, depth, at))
            return out
        return self._scalar(node, pos)

    def _scalar(self, node, pos: Pos | None = None):
        if node.tag == _STR_TAG:  # what SafeConstructor makes of a string: its text as is
            value = node.value
            if _XML_ILLEGAL.search(value):
                value = clean_text(value, pos or self.pos(node.start_mark), self.diags)
            return value
        try:
            value = self.constructor.construct_object(node, deep=True)
        except yaml.YAMLError as exc:
            raise error(f"invalid value: {getattr(exc, 'problem', exc)}", self.pos(node.start_mark))
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            # what the YAML type says it is but cannot be: 2026-02-30, a 5,000-digit number,
            # `!!bool maybe`, `!!timestamp soon`
            raise error(
                _unreadable(node, exc), self.pos(node.start_mark), "quote it to keep it as text"
            ) from None
        if isinstance(value, bool) and not node.style and node.value.lower() not in _BOOLS:
            # YAML 1.1 reads a plain Yes, No, On, Off as true/false: `categories: [Yes, No]`
            # would show "True". Only true and false are booleans (as in YAML 1.2); a yes/no
            # switch still works, since the deck model reads "yes" and "no" as booleans.
            value = node.value
        if isinstance(value, str):
            value = clean_text(value, self.pos(node.start_mark), self.diags)
        elif isinstance(value, bytes):
            raise error("binary values (!!binary) are not supported", self.pos(node.start_mark))
        return value

    def _mapping(self, node, depth: int, pos: Pos | None = None):
        pairs = node.value
        if any(k.tag in _KEY_TAGS for k, _v in pairs):
            try:
                self.constructor.flatten_mapping(node)  # YAML merge keys (<<: *base)
            except yaml.YAMLError as exc:
                raise error(f"invalid merge key: {exc.problem}", self.pos(node.start_mark))
            pairs = node.value
        out = LDict(pos or self.pos(node.start_mark))
        key_pos, val_pos = out.key_pos, out.val_pos
        file = self.file
        build = self.build
        depth += 1
        for key_node, value_node in pairs:
            mark = key_node.start_mark
            at = Pos(file, mark.line + 1, mark.column + 1)
            if key_node.__class__ is not _ScalarNode and not isinstance(key_node, _ScalarNode):
                raise error("a key must be plain text, not a list or mapping", at)
            key = self._scalar(key_node, at)
            if not isinstance(key, (str, int, float, bool)) or key is None:
                raise error("a key must be plain text", at)
            if key in out:
                first = key_pos[key]
                raise error(
                    f"duplicate key '{key}' (first given at line {first.line})",
                    at,
                    hint="YAML keeps only one of them: remove or rename one",
                )
            key_pos[key] = at
            mark = value_node.start_mark
            val_pos[key] = value_at = Pos(file, mark.line + 1, mark.column + 1)
            out[key] = build(value_node, depth, value_at)
        return out


def parse_yaml(text: str, file: str, diags: Diagnostics | None = None):
    """Parse YAML text into located data (LDict/LList/scalars). Raises SlidegenError."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        from .yaml_hints import explain  # what the error usually means in a deck, and the fix

        message, at, hint = explain(exc, text)
        raise error(message, Pos(file, *at) if at else Pos(file), hint)
    except yaml.reader.ReaderError as exc:  # characters YAML refuses outright
        line, col = _line_col(text, exc.position)
        char = exc.character if isinstance(exc.character, int) else ord(exc.character[:1] or "?")
        raise error(
            f"invalid character U+{char:04X}: control characters are not allowed in a deck",
            Pos(file, line, col),
        )
    except yaml.YAMLError as exc:
        raise error(f"invalid YAML: {exc}", Pos(file, 1, 1))
    except RecursionError:
        raise error(f"nesting deeper than {MAX_DEPTH} levels", Pos(file, 1, 1))
    if node is None:
        return None
    if "<<" not in text and not _ANCHOR.search(text):
        # Without an anchor (&name) nothing is repeated by an alias, so the tree is built without
        # counting its nodes first. Should the build fail, the usual order below (count, then
        # build) gives the error, so the message is the same either way (no merge key has
        # changed the nodes in between). The check is only for speed: an anchor it misses is
        # still counted by the build, which stops after MAX_NODES values.
        said = Diagnostics()
        try:
            tree = _Builder(file, said if diags is not None else None).build(node)
        except (SlidegenError, RecursionError):
            pass
        else:
            if diags is not None:
                diags.extend(said.items)
            return tree
    try:
        builder = _Builder(file, diags)
        builder.check_size(node)
        return builder.build(node)
    except RecursionError:
        raise error(f"nesting deeper than {MAX_DEPTH} levels", Pos(file, 1, 1))


def _children(node) -> list:
    """The values below a node (mapping keys are scalars and are not counted)."""
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [value for _key, value in node.value]
    return []


def _line_col(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def read_text(path: Path, pos: Pos | None = None, what: str = "file") -> str:
    """Read a UTF-8 input file with size limits and located errors."""
    try:
        where = pos or Pos(display_path(path))  # a file nothing includes: the file itself
        if path.is_dir():
            raise error(f"{what} '{display_path(path)}' is a folder, not a file", where)
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise error(
                f"{what} '{display_path(path)}' is {size / 1e6:.1f} MB;"
                f" the limit is {MAX_FILE_BYTES // 2**20} MB",
                where,
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{what} '{display_path(path)}' not found", pos)
    except SlidegenError:
        raise
    except OSError as exc:
        raise error(f"cannot read {what} '{display_path(path)}': {exc.strerror}", pos)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _line_col(data[: exc.start].decode("utf-8", "replace"), exc.start)
        raise error(
            f"{what} is not UTF-8 text (byte 0x{data[exc.start]:02X})", Pos(str(path), line, col)
        )
    return text


def display_path(path: Path) -> str:
    """A path as users see it in messages: relative to the working directory when inside it,
    else absolute (never a ../ chain from some other folder)."""
    full = Path(path).resolve()
    try:
        return str(full.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(full)


def load_file(path: Path, diags: Diagnostics | None = None, pos: Pos | None = None, what="file"):
    """Read and parse one YAML file into located data."""
    text = read_text(path, pos, what)
    return parse_yaml(text, display_path(path), diags)


def load_deck(
    path: Path, diags: Diagnostics | None = None, included: list[Path] | None = None
) -> LDict:
    """Load a deck file and expand every `include:` in its section lists (cycles reported).

    When `included` is a list, the resolved path of every included file is appended to it.
    """
    tree = load_file(path, diags, what="deck file")
    if not isinstance(tree, LDict):
        raise error(
            "a deck file must be a mapping with 'deck:' and 'sections:'",
            Pos(display_path(path), 1, 1),
        )
    roots = {path.resolve().parent, Path.cwd().resolve()}
    _expand_includes(tree, path.resolve(), [path.resolve()], roots, diags, included)
    return tree


def _expand_includes(tree, file: Path, chain: list[Path], roots, diags, included=None) -> None:
    sections = tree.get("sections") if isinstance(tree, LDict) else None
    if not isinstance(sections, LList):
        return
    expanded = LList(sections.pos)
    for i, item in enumerate(sections):
        if isinstance(item, LDict) and "include" in item:
            extra = [k for k in item if k != "include"]
            if extra:
                raise error(
                    f"an include item takes only 'include:', found '{extra[0]}'",
                    item.where_key(extra[0]),
                )
            for sub_pos, sub in load_include(item, file, chain, roots, diags, included):
                expanded.item_pos.append(sub_pos)
                expanded.append(sub)
        else:
            if isinstance(item, LDict):
                _expand_includes(item, file, chain, roots, diags, included)
            expanded.item_pos.append(sections.where(i))
            expanded.append(item)
    tree["sections"] = expanded


def load_include(item: LDict, file: Path, chain: list[Path], roots, diags, included=None):
    """The sections an `include:` item names, as (position, section) pairs, their own includes
    expanded. `chain`: the files including it (for cycles); `roots`: folders it may be under."""
    target = item["include"]
    pos = item.where("include")
    if not isinstance(target, str) or not target.strip():
        raise error("'include' expects a path to a YAML file", pos)
    path = (file.parent / target).resolve()
    if not any(path == r or r in path.parents for r in roots):
        raise error(
            f"include '{target}' points outside the deck's folder",
            pos,
            hint="keep included files beside the deck or below its folder",
        )
    if path in chain:
        cycle = " -> ".join(display_path(p) for p in [*chain[chain.index(path) :], path])
        raise error(f"include cycle: {cycle}", pos)
    if included is not None:
        included.append(path)
    data = load_file(path, diags, pos, what="included file")
    # pictures are named relative to the included file; the planner reads them from the deck's
    rebase_section_paths(data, path.parent, chain[0].parent)
    items = data if isinstance(data, LList) else [data]
    positions = data.item_pos if isinstance(data, LList) else [getattr(data, "pos", pos)]
    out = []
    for sub, sub_pos in zip(items, positions, strict=False):
        if not isinstance(sub, LDict):
            raise error("an included file must hold a section or a list of sections", sub_pos)
        if "include" in sub:
            wrapper = LList(sub_pos)
            wrapper.append(sub)
            wrapper.item_pos.append(sub_pos)
            holder = LDict(sub_pos)
            holder["sections"] = wrapper
            _expand_includes(holder, path, [*chain, path], roots, diags, included)
            out.extend(zip(holder["sections"].item_pos, holder["sections"], strict=False))
            continue
        _expand_includes(sub, path, [*chain, path], roots, diags, included)
        out.append((sub_pos, sub))
    return out


PATH_KEYS = ("image",)  # keys of slides and panes that hold a file path


def rebase(value, from_dir: Path, to_dir: Path):
    """A relative path written in a file in `from_dir`, rewritten relative to `to_dir`."""
    if not isinstance(value, str) or not value.strip() or os.path.isabs(value):
        return value
    if from_dir == to_dir:
        return value
    full = os.path.normpath(os.path.join(from_dir, value))
    try:
        return Path(os.path.relpath(full, to_dir)).as_posix()
    except ValueError:  # another drive on Windows
        return full


def rebase_section_paths(node, from_dir: Path, to_dir: Path) -> None:
    """Rewrite picture paths in a section (its slides, panes, subsections) to `to_dir`."""
    if from_dir == to_dir:
        return
    if isinstance(node, LDict):
        for key, value in node.items():
            if key in PATH_KEYS and isinstance(value, str):
                node[key] = rebase(value, from_dir, to_dir)
            elif key != "include":  # includes resolve from their own file when expanded
                rebase_section_paths(value, from_dir, to_dir)
    elif isinstance(node, LList):
        for item in node:
            rebase_section_paths(item, from_dir, to_dir)
