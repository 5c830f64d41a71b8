"""The region's overlay file, edited in place by `pull` without losing what a person wrote.

The file is read with ruamel.yaml's round-trip loader, which keeps comments, key order, quoting
and flow lists, and changed through its data. ruamel writes a multi-line plain string back on
one line (or folded at other places), so the written text is not ruamel's output as such: the
lines of every part pull did not touch are taken from the file as it was (a line-based
three-way merge of the original text, ruamel's reading of it written back, and ruamel's text
after the changes). The result is checked to read as the same data, or ruamel's text is used.
"""

from __future__ import annotations

import difflib
import io
from pathlib import Path

from ..errors import Pos, error

WIDTH = 96  # new text is wrapped at about this many characters
PULL_NOTE = "# slidegen pull:"  # how pull's comments start
FLOW_MAX = 60  # a short list ([Year, Referrals]) is written on one line, a longer one as items


def _yaml(text: str):
    from ruamel.yaml import YAML

    y = YAML()
    y.preserve_quotes = True
    y.width = WIDTH
    mapping, sequence, offset = guess_indent(text)
    y.indent(mapping=mapping, sequence=sequence, offset=offset)
    return y


def guess_indent(text: str) -> tuple[int, int, int]:
    """(mapping indent, sequence indent, dash offset) as the file writes them; slidegen's own
    style (2, 4, 2: list items indented under their key) when it cannot tell."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    mapping, sequence, offset = 2, 4, 2
    for a, b in zip(lines, lines[1:], strict=False):
        ia, ib = len(a) - len(a.lstrip()), len(b) - len(b.lstrip())
        if not a.rstrip().endswith(":") or ib <= ia:
            continue
        rest = b.lstrip()
        if rest.startswith("- "):
            offset = ib - ia
            after = rest[2:]
            sequence = offset + 2 + (len(after) - len(after.lstrip()))
            break
    for a, b in zip(lines, lines[1:], strict=False):
        ia, ib = len(a) - len(a.lstrip()), len(b) - len(b.lstrip())
        if a.rstrip().endswith(":") and not a.lstrip().startswith("-") and ib > ia:
            if not b.lstrip().startswith("- "):
                mapping = ib - ia
                break
    return mapping, max(sequence, offset + 2), offset


def to_node(value):
    """A plain value (the importer's dicts, lists, Flow lists, multi-line strings) as ruamel
    round-trip nodes: flow lists stay flow, text with line breaks becomes a `|` block."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import LiteralScalarString

    from ..importer.yamlout import Flow

    if isinstance(value, dict):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = to_node(v)
        return out
    if isinstance(value, (list, tuple)):
        out = CommentedSeq([to_node(v) for v in value])
        if isinstance(value, Flow) and len(", ".join(map(str, value))) <= FLOW_MAX:
            out.fa.set_flow_style()
        return out
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value if value.endswith("\n") else value + "\n")
    if isinstance(value, str):
        return str(value)
    return value


class OverlayDoc:
    """An overlay file being edited: find and add sections and slides, merge keys, comments."""

    def __init__(self, path: Path, header: str = ""):
        from ruamel.yaml.comments import CommentedMap
        from ruamel.yaml.error import YAMLError

        self.path = Path(path)
        self.original = self.path.read_text(encoding="utf-8") if self.path.is_file() else ""
        self.yaml = _yaml(self.original)
        self.indent = guess_indent(self.original)
        self.item_indent = self.indent[2]  # where `sections:` items start
        try:
            doc = self.yaml.load(self.original) if self.original.strip() else None
            self.roundtrip = self._dump(self.yaml.load(self.original)) if doc is not None else ""
        except YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            pos = Pos(str(self.path), mark.line + 1, mark.column + 1) if mark else Pos(str(path))
            raise error(f"the overlay cannot be read: {exc.problem or exc}", pos)
        if doc is None:
            doc = CommentedMap()
            if header:
                doc.yaml_set_start_comment(header)
        if not isinstance(doc, CommentedMap):
            raise error(
                "an overlay must be a mapping with a deck's top-level keys",
                Pos(str(self.path), 1, 1),
            )
        self.doc = doc

    # ---- finding ----------------------------------------------------------------------------
    def _section_lists(self):
        out = []

        def walk(lst):
            if not isinstance(lst, list):
                return
            out.append(lst)
            for sec in lst:
                if isinstance(sec, dict):
                    walk(sec.get("sections"))

        walk(self.doc.get("sections"))
        return out

    def section(self, sid: str):
        """The overlay's item for section `sid` (at any depth), or None."""
        for lst in self._section_lists():
            for sec in lst:
                if isinstance(sec, dict) and sec.get("id") == sid:
                    return sec
        return None

    def slide(self, sid: str):
        """The overlay's item for slide `sid` (in any section), or None."""
        for lst in self._section_lists():
            for sec in lst:
                slides = sec.get("slides") if isinstance(sec, dict) else None
                for sl in slides if isinstance(slides, list) else []:
                    if isinstance(sl, dict) and sl.get("id") == sid:
                        return sl
        return None

    # ---- adding -----------------------------------------------------------------------------
    def section_item(self, sid: str):
        """The overlay's item for section `sid`, added at the end of `sections:` if missing."""
        from ruamel.yaml.comments import CommentedMap, CommentedSeq

        found = self.section(sid)
        if found is not None:
            return found
        if not isinstance(self.doc.get("sections"), list):
            self.doc["sections"] = CommentedSeq()
        item = CommentedMap()
        item["id"] = sid
        self.doc["sections"].append(item)
        return item

    def slides_of(self, section_item):
        from ruamel.yaml.comments import CommentedSeq

        if not isinstance(section_item.get("slides"), list):
            section_item["slides"] = CommentedSeq()
        return section_item["slides"]

    def merge_item(self, section_id: str, slide_id: str):
        """The overlay's item for slide `slide_id`, or a new `- id: slide_id` item (merged into
        the deck's slide) under section `section_id`."""
        from ruamel.yaml.comments import CommentedMap

        found = self.slide(slide_id)
        if found is not None:
            return found
        item = CommentedMap()
        item["id"] = slide_id
        self.slides_of(self.section_item(section_id)).append(item)
        return item

    def add_slide(self, section_id: str, record: dict, comment: str | None = None):
        """A new slide item under section `section_id` (a record with id and after/before)."""
        slides = self.slides_of(self.section_item(section_id))
        slides.append(to_node(record))
        if comment:
            self.comment_before(slides, len(slides) - 1, comment)
        return slides[-1]

    def comment_before(self, seq, index: int, text: str) -> None:
        """A comment above item `index` of a list."""
        column = self._column(seq)
        seq.yaml_set_comment_before_after_key(index, before=text, indent=column)

    def _column(self, seq) -> int:
        """The column where the dashes of `seq` are: from an item read from the file, else from
        the file's indentation (a top-level section's `slides:`, or `sections:` itself)."""
        for i in range(len(seq)):
            try:
                line_col = seq.lc.item(i)
            except (AttributeError, KeyError, TypeError, IndexError):
                continue
            if line_col is not None and line_col[1] is not None:
                return max(line_col[1] - 2, 0)
        _mapping, sequence, offset = self.indent
        if seq is self.doc.get("sections"):
            return offset
        return sequence + offset

    def set(self, item, key: str, value) -> None:
        """Set `key` of a mapping item (a key already there keeps its place and comments)."""
        item[key] = to_node(value)

    def set_path(self, item, path: tuple[str, ...], value) -> None:
        """Set a nested key (`left.heading`): the mappings on the way are made if missing."""
        from ruamel.yaml.comments import CommentedMap

        for part in path[:-1]:
            if not isinstance(item.get(part), dict):
                item[part] = CommentedMap()
            item = item[part]
        self.set(item, path[-1], value)

    def remove(self, ids: list[str]) -> None:
        """Add ids to `remove:` (a flow list when the key is new)."""
        from ruamel.yaml.comments import CommentedSeq

        current = self.doc.get("remove")
        if isinstance(current, str):
            lst = CommentedSeq([current])
            lst.fa.set_flow_style()
            self.doc["remove"] = current = lst
        if not isinstance(current, list):
            lst = CommentedSeq()
            lst.fa.set_flow_style()
            self._insert_before(
                "remove", lst, ("sections", "references", "audiences", "suppress", "data_files")
            )
            current = self.doc["remove"]
        for i in ids:
            if i not in current:
                current.append(i)

    def top(self, key: str):
        """The top-level mapping `key` (deck, audiences...), made if missing."""
        from ruamel.yaml.comments import CommentedMap

        if not isinstance(self.doc.get(key), dict):
            order = ("data", "data_files", "references", "audiences", "remove", "sections")
            later = order[order.index(key) + 1 :] if key in order else order
            self._insert_before(key, CommentedMap(), later)
        return self.doc[key]

    def _insert_before(self, key: str, value, later: tuple[str, ...]) -> None:
        keys = list(self.doc)
        at = next((keys.index(k) for k in keys if k in later), len(keys))
        if key == "deck":
            at = 0
        self.doc.insert(at, key, value)

    # ---- the text ---------------------------------------------------------------------------
    def _dump(self, doc) -> str:
        out = io.StringIO()
        self.yaml.dump(doc, out)
        return out.getvalue()

    def text(self) -> str:
        """The overlay as it will be written: unchanged parts exactly as the file had them."""
        modified = self._dump(self.doc)
        if not self.original.strip():
            return _tidy(modified)
        merged = merge_lines(self.original, self.roundtrip, modified, self.item_indent)
        if _same_data(merged, modified):
            return merged
        return modified

    def diff(self, label: str) -> str:
        """The change to the file as a unified diff."""
        new = self.text()
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            new.splitlines(keepends=True),
            fromfile=f"{label} (before)" if self.original else "/dev/null",
            tofile=label,
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _tidy(text: str) -> str:
    """Trailing spaces off (ruamel leaves one where it folds a long plain string)."""
    return "\n".join(line.rstrip() for line in text.split("\n"))


def _plain_data(text: str):
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    # dates as text: the comparison is about structure and words
    _Loader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    return yaml.load(text, Loader=_Loader)  # noqa: S506 (a SafeLoader subclass)


def _same_data(a: str, b: str) -> bool:
    try:
        return _plain_data(a) == _plain_data(b)
    except Exception:  # a merge that does not even read: use ruamel's own text
        return False


def merge_lines(original: str, roundtrip: str, modified: str, item_indent: int = -1) -> str:
    """`modified` (ruamel's text after the changes) with every run of lines that is the same as
    in `roundtrip` (ruamel's text of the unchanged file) written as `original` had it."""
    a = original.splitlines(keepends=True)
    if a and not a[-1].endswith("\n"):  # a last line without its line break gets one
        a[-1] += "\n"
    r = roundtrip.splitlines(keepends=True)
    m = modified.splitlines(keepends=True)
    # units: runs of roundtrip lines and the original lines they stand for
    units = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, r, a, autojunk=False).get_opcodes():
        if tag == "equal":
            units += [(i1 + k, i1 + k + 1, j1 + k, j1 + k + 1) for k in range(i2 - i1)]
        else:
            units.append((i1, i2, j1, j2))
    repl: dict[int, list[str]] = {}  # roundtrip line -> what replaces it (absent: kept)
    inserted: dict[int, list[str]] = {}  # roundtrip line -> lines inserted before it
    ops = difflib.SequenceMatcher(None, r, m, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            continue
        if tag == "insert":
            inserted.setdefault(i1, []).extend(m[j1:j2])
            continue
        repl[i1] = [ln.rstrip() + "\n" for ln in m[j1:j2]]
        for i in range(i1 + 1, i2):
            repl[i] = []
    out: list[str] = []

    def insert(lines: list[str]) -> None:
        # a new item or comment block reads apart from what is above it
        for k, line in enumerate(lines):
            text = line.lstrip()
            top_item = text.startswith("- ") and len(line) - len(text) == item_indent
            new_item = (k == 0 and text.startswith(("- ", "#"))) or text.startswith(PULL_NOTE)
            new_item = new_item or top_item
            after = out[-1] if out else "\n"
            if new_item and after.strip() and not after.rstrip().endswith(":"):
                if not after.lstrip().startswith(PULL_NOTE):
                    out.append("\n")
            out.append(line.rstrip() + "\n")

    for rs, re_, as_, ae in units:
        insert(inserted.get(rs, []))
        touched = any(i in repl for i in range(rs, re_)) or any(
            i in inserted for i in range(rs + 1, re_)
        )
        if not touched:
            out += a[as_:ae]
            continue
        for i in range(rs, re_):
            if i > rs:
                insert(inserted.get(i, []))
            new = repl.get(i, [r[i]]) if i in repl else [r[i]]
            if len(new) == 1 and ae - as_ == 1 and re_ - rs == 1:
                new = [_keep_comment_column(a[as_], new[0])]
            out += new
    insert(inserted.get(len(r), []))
    return "".join(out)


def _keep_comment_column(old: str, new: str) -> str:
    """A changed line keeps its end-of-line comment where the person had lined it up."""
    i, j = old.rfind(" #"), new.rfind(" #")
    if i < 0 or j < 0 or old[i:].strip() != new[j:].strip():
        return new
    content = new[:j].rstrip()
    column = i + 1
    pad = max(column - len(content), 1)
    return content + " " * pad + new[j + 1 :].rstrip() + "\n"
