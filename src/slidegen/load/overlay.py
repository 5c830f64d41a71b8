"""Overlays: a YAML file with a deck's top-level keys, merged into the deck for one build.

Mappings merge key by key; `sections` and a section's `slides` merge by `id`: an item whose id
exists is merged into it (a slide given another `layout` replaces the slide instead, keeping
its id and place); a new one goes where its `after:`/`before:` says, right after the new item
written before it, or at the end (an id close to an existing one is an error, "did you mean";
a new item at the end of a list that already has items is a warning saying where it went).
`remove: [id, ...]` drops sections or slides; `data_files` and file `references` are added to
the deck's. Merging works on the located trees from `load.py`, before validation, so every key
keeps the file and line it was written at: a mistake in an overlay is reported in the overlay,
and a slide or section merged with an overlay remembers the overlay lines that merged into it
(`Merged.merged_at`), so an error about it as a whole names them.

Paths in an overlay (deck.logo, a theme path, pictures, data_files, reference files, includes)
are relative to the overlay file; they are rewritten relative to the deck's folder here.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Diagnostics, Pos, did_you_mean, error
from . import (
    LDict,
    LList,
    display_path,
    load_file,
    load_include,
    rebase,
    rebase_section_paths,
)

OVERLAY_KEYS = (
    "deck",
    "data",
    "data_files",
    "references",
    "audiences",
    "sections",
    "remove",
    "suppress",
)
PLACEMENT = ("after", "before")


class Merged(LDict):
    """A section or slide of the deck that an overlay merged keys into: `merged_at` holds the
    position of each overlay item that did (validation names them in its errors)."""

    __slots__ = ("merged_at",)

    def __init__(self, pos: Pos):
        super().__init__(pos)
        self.merged_at: tuple[Pos, ...] = ()


def _merged(target: LDict, at: Pos) -> Merged:
    """`target` as a Merged mapping remembering `at` (a copy when it is a plain LDict)."""
    if not isinstance(target, Merged):
        out = Merged(target.pos)
        out.update(target)
        out.key_pos = target.key_pos
        out.val_pos = target.val_pos
        target = out
    target.merged_at = (*target.merged_at, at)
    return target


def apply_overlays(tree: LDict, overlay_paths: list[Path], diags: Diagnostics) -> LDict:
    """Apply each overlay in order to a loaded deck tree; returns the merged tree."""
    deck_dir = Path(tree.pos.file).resolve().parent
    for path in overlay_paths:
        tree = apply_overlay(tree, Path(path), deck_dir, diags)
    return tree


def apply_overlay(tree: LDict, path: Path, deck_dir: Path, diags: Diagnostics) -> LDict:
    """Merge one overlay file into `tree` (changed in place and returned)."""
    ov = load_file(path, diags, what="overlay file")
    file_pos = Pos(display_path(path), 1, 1)
    if ov is None:
        diags.warning("overlay file is empty: nothing to apply", file_pos)
        return tree
    if not isinstance(ov, LDict):
        raise error(
            "an overlay must be a mapping with a deck's top-level keys"
            " (deck, data, sections, remove, ...)",
            file_pos,
        )
    for key in ov:
        if key not in OVERLAY_KEYS:
            raise error(
                f"unknown key '{key}' in an overlay",
                ov.where_key(key),
                did_you_mean(str(key), OVERLAY_KEYS),
            )
    ov_dir = path.resolve().parent
    _rebase_overlay(ov, path.resolve(), ov_dir, deck_dir, diags)
    _pin_slide_ids(tree)
    removed = _remove(tree, ov) if "remove" in ov else set()
    for key, value in ov.items():
        if key == "remove":
            continue
        if key == "sections":
            if not isinstance(value, LList):
                raise error("'sections' in an overlay must be a list", ov.where(key))
            sections = tree.setdefault("sections", LList(tree.pos))
            _merge_sections(tree, value, sections, removed, diags)
        elif key == "data_files":
            _append_list(tree, key, value, ov)
        elif key == "references" and not (
            isinstance(value, LDict) and isinstance(tree.get(key), LDict)
        ):
            _append_list(tree, key, value, ov)
        else:
            _merge_value(tree, key, value, ov)
    return tree


# ---- paths ---------------------------------------------------------------------------------
def _rebase_overlay(ov: LDict, path: Path, ov_dir: Path, deck_dir: Path, diags) -> None:
    meta = ov.get("deck")
    if isinstance(meta, LDict):
        if isinstance(meta.get("logo"), str):
            meta["logo"] = rebase(meta["logo"], ov_dir, deck_dir)
        theme = meta.get("theme")
        if isinstance(theme, str):
            local = ov_dir / "themes" / theme / "theme.yaml"
            if "/" in theme or theme.startswith("."):
                meta["theme"] = rebase(theme, ov_dir, deck_dir)
            elif local.is_file():  # a theme in a themes/ folder beside the overlay
                meta["theme"] = rebase(f"themes/{theme}", ov_dir, deck_dir)
    files = ov.get("data_files")
    if isinstance(files, str):
        ov["data_files"] = rebase(files, ov_dir, deck_dir)
    elif isinstance(files, LList):
        files[:] = [rebase(f, ov_dir, deck_dir) for f in files]
    refs = ov.get("references")
    if isinstance(refs, str):
        ov["references"] = rebase(refs, ov_dir, deck_dir)
    elif isinstance(refs, LList):
        refs[:] = [rebase(r, ov_dir, deck_dir) for r in refs]
    sections = ov.get("sections")
    if isinstance(sections, LList):
        ov["sections"] = _expand_overlay_includes(sections, path, diags)
        rebase_section_paths(ov["sections"], ov_dir, deck_dir)


def _expand_overlay_includes(sections: LList, path: Path, diags) -> LList:
    """`- include: file.yaml` items of an overlay, resolved from the overlay's folder; an
    `after:`/`before:` beside the include places the included sections there, in order."""
    out = LList(sections.pos)
    roots = {path.parent, Path.cwd().resolve()}
    for i, item in enumerate(sections):
        if not (isinstance(item, LDict) and "include" in item):
            out.append(item)
            out.item_pos.append(sections.where(i))
            continue
        bare = LDict(item.pos)
        placement = None
        for key, value in item.items():
            if key in PLACEMENT:
                placement = (key, value, item.key_pos.get(key), item.val_pos.get(key))
            else:
                bare[key] = value
                bare.key_pos[key] = item.where_key(key)
                bare.val_pos[key] = item.where(key)
        previous = None
        for sub_pos, sub in load_include(bare, path, [path], roots, diags):
            if previous is not None:  # keep the included sections in their file's order
                sub["after"] = previous
                sub.key_pos["after"] = sub_pos
                sub.val_pos["after"] = sub_pos
            elif placement is not None:
                key, value, kpos, vpos = placement
                sub[key] = value
                sub.key_pos[key] = kpos or sub_pos
                sub.val_pos[key] = vpos or sub_pos
            if isinstance(sub.get("id"), str):
                previous = sub["id"]
            out.append(sub)
            out.item_pos.append(sub_pos)
    return out


# ---- finding things in the deck tree -------------------------------------------------------
def _sections_lists(tree: LDict):
    """Every list of sections in the deck: (list, owner section or None)."""
    out = []

    def walk(lst, owner):
        if not isinstance(lst, LList):
            return
        out.append((lst, owner))
        for sec in lst:
            if isinstance(sec, LDict):
                walk(sec.get("sections"), sec)

    walk(tree.get("sections"), None)
    return out


def _find_section(tree: LDict, sid) -> tuple[LList, int] | None:
    for lst, _owner in _sections_lists(tree):
        for i, sec in enumerate(lst):
            if isinstance(sec, LDict) and sec.get("id") == sid:
                return lst, i
    return None


def _find_slide(tree: LDict, sid) -> tuple[LList, int, LDict] | None:
    for lst, _owner in _sections_lists(tree):
        for sec in lst:
            slides = sec.get("slides") if isinstance(sec, LDict) else None
            if not isinstance(slides, LList):
                continue
            for i, sl in enumerate(slides):
                if isinstance(sl, LDict) and sl.get("id") == sid:
                    return slides, i, sec
    return None


def _all_ids(tree: LDict) -> list[str]:
    ids = []
    for lst, _owner in _sections_lists(tree):
        for sec in lst:
            if isinstance(sec, LDict):
                ids.append(str(sec.get("id")))
                for sl in sec.get("slides") or []:
                    if isinstance(sl, LDict) and "id" in sl:
                        ids.append(str(sl["id"]))
    return ids


def _pin_slide_ids(tree: LDict) -> None:
    """Give every slide its default id ("<section-id>-<n>") before slides move, so an overlay
    can name it and the id stays the same whatever an overlay inserts before it."""
    for lst, _owner in _sections_lists(tree):
        for sec in lst:
            if not isinstance(sec, LDict) or not isinstance(sec.get("id"), str):
                continue
            slides = sec.get("slides")
            if not isinstance(slides, LList):
                continue
            for n, sl in enumerate(slides, 1):
                if isinstance(sl, LDict) and "id" not in sl:
                    sl["id"] = f"{sec['id']}-{n}"
                    sl.key_pos["id"] = sl.pos
                    sl.val_pos["id"] = sl.pos


# ---- list surgery keeping positions --------------------------------------------------------
def _insert(lst: LList, index: int, item, pos: Pos) -> None:
    while len(lst.item_pos) < len(lst):
        lst.item_pos.append(lst.pos)
    lst.insert(index, item)
    lst.item_pos.insert(index, pos)


def _delete(lst: LList, index: int):
    item = lst.pop(index)
    if index < len(lst.item_pos):
        return item, lst.item_pos.pop(index)
    return item, getattr(item, "pos", lst.pos)


# ---- merging -------------------------------------------------------------------------------
def _merge_value(base: LDict, key, value, src: LDict) -> None:
    """Mappings merge key by key; anything else replaces the deck's value."""
    current = base.get(key)
    if isinstance(current, LDict) and isinstance(value, LDict):
        for k, v in value.items():
            _merge_value(current, k, v, value)
        return
    base[key] = value
    base.key_pos[key] = src.where_key(key)
    base.val_pos[key] = src.where(key)


def _append_list(tree: LDict, key: str, value, ov: LDict) -> None:
    """data_files and file references: the overlay's come after the deck's."""
    current = tree.get(key)
    if current is None or current == {} or current == []:
        _merge_value(tree, key, value, ov)
        return
    out = LList(ov.where(key))
    for part, owner in ((current, tree), (value, ov)):
        if isinstance(part, LList):
            out.extend(part)
            out.item_pos.extend(part.where(i) for i in range(len(part)))
        else:
            out.append(part)
            out.item_pos.append(owner.where(key))
    tree[key] = out
    tree.val_pos[key] = ov.where(key)


def _placement(item: LDict) -> tuple[str, str, Pos] | None:
    given = [k for k in PLACEMENT if k in item]
    if len(given) > 1:
        raise error("give 'after' or 'before', not both", item.where_key("before"))
    if not given:
        return None
    key = given[0]
    target = item.pop(key)
    pos = item.where(key)
    if not isinstance(target, (str, int)) or isinstance(target, bool):
        raise error(f"'{key}' expects the id of a section or slide", pos)
    return key, str(target), pos


def _unknown_target(key: str, target: str, pos: Pos, what: str, choices, removed) -> Exception:
    if target in removed:
        return error(
            f"'{key}: {target}': {what} '{target}' is removed by this overlay's 'remove:'", pos
        )
    return error(
        f"'{key}: {target}': no {what} with id '{target}'", pos, did_you_mean(target, choices)
    )


def _merge_sections(
    tree: LDict,
    items: LList,
    default: LList,
    removed: set[str],
    diags: Diagnostics,
    owner: LDict | None = None,
    new_section: bool = False,
) -> None:
    """Merge an overlay's list of sections into `default` (the deck's top-level sections, or
    the subsections of `owner`; `new_section`: an owner the overlay adds, whose subsections
    are new by definition)."""
    previous_new = None  # the new section written just before, which a new one follows
    for i, item in enumerate(items):
        pos = items.where(i)
        if not isinstance(item, LDict):
            raise error("a section in an overlay must be a mapping with an 'id'", pos)
        place = _placement(item)
        sid = item.get("id")
        found = _find_section(tree, sid) if sid is not None else None
        if found is not None:
            previous_new = None
            lst, idx = found
            target = lst[idx] = _merged(lst[idx], item.pos)
            _merge_section(tree, target, item, removed, diags)
            if place is None:
                continue
            target, pos = _delete(lst, idx)
            item = target
        if place is None:
            at = _follow(default, previous_new)
            if at is None:
                if sid is not None and sid not in removed and not new_section:
                    _check_not_a_typo(tree, str(sid), item, "section", removed)
                if default and not new_section:
                    _warn_added_at_end(item, "section", sid, default, owner, diags)
                at = len(default)
            _insert(default, at, item, pos)
            if found is None:
                _merge_children(tree, item, removed, diags)
                previous_new = item
            continue
        previous_new = item if found is None else None
        key, ref, ref_pos = place
        anchor = _find_section(tree, ref)
        if anchor is None:
            section_ids = [
                str(s.get("id")) for lst, _ in _sections_lists(tree) for s in lst if s is not item
            ]
            raise _unknown_target(key, ref, ref_pos, "section", section_ids, removed)
        lst, idx = anchor
        _insert(lst, idx + 1 if key == "after" else idx, item, pos)
        if found is None:
            _merge_children(tree, item, removed, diags)


def _merge_children(tree: LDict, section: LDict, removed: set[str], diags) -> None:
    """A new section's own slides and subsections may carry `after:`/`before:` too."""
    slides = section.get("slides")
    if isinstance(slides, LList) and any(
        isinstance(s, LDict) and (set(PLACEMENT) & set(s)) for s in slides
    ):
        section["slides"] = LList(slides.pos)
        _merge_slides(tree, section, slides, removed, diags, new_section=True)
    subs = section.get("sections")
    if isinstance(subs, LList):
        section["sections"] = LList(subs.pos)
        _merge_sections(tree, subs, section["sections"], removed, diags, section, True)


def _merge_section(tree: LDict, target: LDict, item: LDict, removed: set[str], diags) -> None:
    for key, value in item.items():
        if key == "slides" and isinstance(value, LList):
            _merge_slides(tree, target, value, removed, diags)
        elif key == "sections" and isinstance(value, LList):
            if not isinstance(target.get("sections"), LList):
                target["sections"] = LList(value.pos)
                target.key_pos["sections"] = item.where_key("sections")
                target.val_pos["sections"] = item.where("sections")
            _merge_sections(tree, value, target["sections"], removed, diags, target)
        else:
            _merge_value(target, key, value, item)


def _replaces(target: LDict, item: LDict) -> bool:
    """An overlay slide with another layout than the deck's slide of its id replaces it."""
    return "layout" in item and item["layout"] != target.get("layout", "bullets")


def _merge_slides(
    tree: LDict,
    section: LDict,
    items: LList,
    removed: set[str],
    diags: Diagnostics,
    new_section: bool = False,
) -> None:
    slides = section.get("slides")
    if not isinstance(slides, LList):
        slides = LList(items.pos)
        section["slides"] = slides
        section.key_pos["slides"] = items.pos
        section.val_pos["slides"] = items.pos
    sec_id = section.get("id")
    previous_new = None  # the new slide written just before, which a new one follows
    for i, item in enumerate(items):
        pos = items.where(i)
        if not isinstance(item, LDict):
            raise error("a slide in an overlay must be a mapping", pos)
        place = _placement(item)
        sid = item.get("id")
        idx = next(
            (j for j, s in enumerate(slides) if isinstance(s, LDict) and s.get("id") == sid),
            None,
        )
        if sid is not None and idx is None:
            elsewhere = _find_slide(tree, sid)
            if elsewhere is not None:
                raise error(
                    f"slide '{sid}' is in section '{elsewhere[2].get('id')}', not '{sec_id}'",
                    item.where("id"),
                    hint=f"merge it under the section with id '{elsewhere[2].get('id')}'",
                )
        if idx is not None:
            previous_new = None
            if _replaces(slides[idx], item):  # another layout: the overlay's slide, same place
                slides[idx] = item
                while len(slides.item_pos) < len(slides):
                    slides.item_pos.append(slides.pos)
                slides.item_pos[idx] = pos
            else:
                target = slides[idx] = _merged(slides[idx], item.pos)
                for key, value in item.items():
                    _merge_value(target, key, value, item)
            if place is None:
                continue
            item, pos = _delete(slides, idx)
        if "id" not in item:  # a default id that no pinned id already uses
            taken = set(_all_ids(tree))
            n = len(slides) + 1
            while f"{sec_id}-{n}" in taken:
                n += 1
            item["id"] = f"{sec_id}-{n}"
            item.key_pos["id"] = item.val_pos["id"] = item.pos
        if place is None:
            at = _follow(slides, previous_new)
            if at is None:
                if sid is not None and sid not in removed and not new_section:
                    _check_not_a_typo(tree, str(sid), item, "slide", removed, section)
                if slides and not new_section:
                    _warn_added_at_end(item, "slide", item.get("id"), slides, section, diags)
                at = len(slides)
            _insert(slides, at, item, pos)
            previous_new = item
            continue
        previous_new = item if idx is None else None
        key, ref, ref_pos = place
        anchor = next(
            (j for j, s in enumerate(slides) if isinstance(s, LDict) and s.get("id") == ref),
            None,
        )
        if anchor is None:
            choices = [str(s.get("id")) for s in slides if isinstance(s, LDict)]
            raise _unknown_target(
                key, ref, ref_pos, f"slide in section '{sec_id}'", choices, removed
            )
        _insert(slides, anchor + 1 if key == "after" else anchor, item, pos)


def _follow(lst: LList, previous) -> int | None:
    """Where a new item with no `after:`/`before:` goes when the overlay's item before it was new
    too: right after that one (the overlay's order is kept); None when there is none."""
    if previous is None:
        return None
    for j, other in enumerate(lst):
        if other is previous:
            return j + 1
    return None


def _words(name: str) -> set[str]:
    return {w for w in re.split(r"[-_.\s]+", name.lower()) if w}


def _distance(a: str, b: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) turning `a` into `b`."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            cost = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, prev2[j - 2] + 1)
            row.append(cost)
        prev2, prev = prev, row
    return prev[-1]


def near_id(name: str, choices) -> str | None:
    """An existing id `name` was probably meant to be: a few letters apart (a typo such as
    local-practise), or the same words in another order or case; None when none is that close."""
    lowered = name.lower()
    words = _words(name)
    allowed = 1 if len(name) <= 5 else 2 if len(name) <= 12 else 3
    best = None
    for choice in dict.fromkeys(str(c) for c in choices):
        if choice == name:
            continue
        if _words(choice) == words:
            return choice
        d = _distance(lowered, choice.lower())
        if d <= allowed and (best is None or d < best[0]):
            best = (d, choice)
    return best[1] if best else None


def _check_not_a_typo(tree, sid: str, item: LDict, what: str, removed, section=None) -> None:
    """A new item with no `after:`/`before:` whose id is close to an existing one is taken for
    a misspelt id (it would otherwise be added silently, e.g. a section after the closing)."""
    if what == "section":
        choices = [s.get("id") for lst, _ in _sections_lists(tree) for s in lst if s is not item]
    else:
        own = [s.get("id") for s in section.get("slides") or [] if isinstance(s, LDict)]
        choices = own + _all_ids(tree)
    choices = [c for c in choices if isinstance(c, (str, int)) and str(c) not in removed]
    meant = near_id(sid, choices)
    if meant is None:
        return
    where = ""
    if what == "slide":
        other = _find_slide(tree, meant)
        if other is not None and other[2] is not section:
            where = f" (in section '{other[2].get('id')}')"
    what_is = f"slide in section '{section.get('id')}'" if what == "slide" else what
    raise error(
        f"no {what_is} with id '{sid}'; did you mean '{meant}'{where}?",
        item.where("id"),
        hint=f"to add a new {what}, say where it goes with 'after:' or 'before:'",
    )


def _warn_added_at_end(item: LDict, what: str, sid, lst: LList, owner, diags) -> None:
    """Say where a new item with no `after:`/`before:` went (the end of its list)."""
    last = next((x.get("id") for x in reversed(lst) if isinstance(x, LDict)), None)
    after = f", after '{last}'" if last is not None else ""
    if what == "section":
        place = (
            f"at the end of section '{owner.get('id')}'"
            if owner is not None
            else "at the end of the deck"
        )
    else:
        place = f"at the end of section '{owner.get('id')}'"
    diags.warning(
        f"new {what} '{sid}' added {place}{after}",
        item.where("id") if "id" in item.key_pos else item.pos,
        hint="say where it goes with 'after:' or 'before:' (an existing id merges instead)",
    )


def _remove(tree: LDict, ov: LDict) -> set[str]:
    """Drop the sections and slides named by `remove:`; returns their ids."""
    value = ov["remove"]
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        ids = [(str(value), ov.where("remove"))]
    elif isinstance(value, LList):
        ids = [(str(v), value.where(i)) for i, v in enumerate(value)]
    else:
        raise error("'remove' expects a list of section or slide ids", ov.where("remove"))
    removed: set[str] = set()
    for rid, pos in ids:
        sec = _find_section(tree, rid)
        if sec is not None:
            _delete(*sec)
            removed.add(rid)
            continue
        slide = _find_slide(tree, rid)
        if slide is not None:
            _delete(slide[0], slide[1])
            removed.add(rid)
            continue
        hint = did_you_mean(rid, _all_ids(tree))
        if rid in removed:
            raise error(f"'remove': '{rid}' is listed twice", pos)
        raise error(f"'remove': no section or slide with id '{rid}'", pos, hint)
    return removed
