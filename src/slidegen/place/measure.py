"""Text measurement with real font metrics (Pillow/FreeType): fonts, word wrap, fit to a box.

Layout mimics PowerPoint and LibreOffice closely enough to predict overflow: the box width
minus insets (0.1 in left and right, 0.05 in top and bottom by default), greedy word wrap at
spaces and after hyphens, words longer than a line broken by character, and a single-spaced
line about 1.2 x the font size. Widths use the font's unhinted advances scaled linearly, as
PowerPoint lays text out, so they are cached once per (font, word) for every size. A text is
split into words only for a width its longest line does not fit whole (most never are).

No python-pptx here: `slidegen check` imports this module.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path

from PIL import ImageFont

from slidegen.ooxml import EMU_PER_PT
from slidegen.text import Text

DEFAULT_INSETS = (91440, 45720, 91440, 45720)  # left, top, right, bottom (PowerPoint's bodyPr)
LINE_HEIGHT = 1.2  # single line spacing as a multiple of the font size
_REF_SIZE = 1000  # fonts are loaded at this pixel size; widths are kept in em (width / _REF_SIZE)

PACKAGE_FONTS = Path(__file__).parent.parent / "fonts"
_BUNDLED = {
    False: PACKAGE_FONTS / "LiberationSans-Regular.ttf",
    True: PACKAGE_FONTS / "LiberationSans-Bold.ttf",
}

# Metric-compatible substitutes (same advance widths), as LibreOffice and fontconfig use them.
_METRIC_SUBSTITUTES = {
    "arial": "Liberation Sans",
    "helvetica": "Liberation Sans",
    "helvetica neue": "Liberation Sans",
    "arimo": "Liberation Sans",
    "arial narrow": "Liberation Sans Narrow",
    "times new roman": "Liberation Serif",
    "times": "Liberation Serif",
    "tinos": "Liberation Serif",
    "courier new": "Liberation Mono",
    "courier": "Liberation Mono",
    "cousine": "Liberation Mono",
    "calibri": "Carlito",
    "cambria": "Caladea",
}
# Families that are metric-compatible with the bundled Liberation Sans.
_ARIAL_LIKE = {"arial", "helvetica", "helvetica neue", "arimo", "liberation sans"}
_SERIF_HINTS = ("serif", "times", "roman", "georgia", "garamond", "cambria", "book antiqua")
_MONO_HINTS = ("mono", "courier", "consolas", "code")
_FONT_EXTS = (".ttf", ".otf", ".ttc")


def default_font_dirs() -> list[Path]:
    """Directories searched for fonts, most specific last-resort last (package fonts)."""
    home = Path.home()
    dirs = [
        Path("/usr/share/fonts"),
        Path("/usr/local/share/fonts"),
        home / ".fonts",
        home / ".local/share/fonts",
        Path("/Library/Fonts"),
        Path("/System/Library/Fonts"),
        home / "Library/Fonts",
    ]
    windir = os.environ.get("WINDIR")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    dirs.append(PACKAGE_FONTS)
    return dirs


@dataclass(frozen=True)
class FontChoice:
    """The font file used to measure a theme font, and how faithful its metrics are.

    note is "" when the requested font itself was found, else a sentence for a warning.
    """

    path: Path
    family_used: str
    metric_compatible: bool
    note: str = ""
    requested: str = ""
    bold: bool = False
    italic: bool = False

    @property
    def exact(self) -> bool:
        """True when the requested family itself is used."""
        return not self.note


@dataclass(frozen=True)
class _FontFile:
    path: Path
    family: str
    bold: bool
    italic: bool
    extra: int  # style words other than bold/italic/regular (Light, Condensed ...): penalised


def _style_of(style: str) -> tuple[bool, bool, int]:
    words = style.lower().replace("-", " ").split()
    bold = "bold" in words
    italic = "italic" in words or "oblique" in words
    plain = {"bold", "italic", "oblique", "regular", "book", "normal", "roman"}
    return bold, italic, sum(1 for w in words if w not in plain)


class FontIndex:
    """Installed fonts by family name, from a directory scan (and fc-match when present).

    Built lazily on first use; one index per measurer, no module-level state.
    """

    def __init__(self, dirs: Iterable[Path] | None = None, use_fc_match: bool = True):
        self.dirs = [Path(d) for d in (dirs if dirs is not None else default_font_dirs())]
        self.use_fc_match = use_fc_match
        self._by_family: dict[str, list[_FontFile]] | None = None
        self._fc_cache: dict[tuple[str, bool, bool], _FontFile | None] = {}
        self._fc_families: frozenset[str] | None = None  # fontconfig's families (fc-list)

    def _scan(self) -> dict[str, list[_FontFile]]:
        if self._by_family is None:
            self._by_family = self._scan_dirs()
        return self._by_family

    def _scan_dirs(self) -> dict[str, list[_FontFile]]:
        found: dict[str, list[_FontFile]] = {}
        seen: set[Path] = set()
        for d in self.dirs:
            if not d.is_dir():
                continue
            files = []
            for root, subdirs, names in os.walk(d):
                subdirs.sort()
                files.extend(Path(root) / n for n in names if n.lower().endswith(_FONT_EXTS))
            for path in sorted(files):
                real = path.resolve()
                if real in seen:
                    continue
                seen.add(real)
                ff = _read_font_file(path)
                if ff is not None:
                    found.setdefault(ff.family.lower(), []).append(ff)
        return found

    def families(self) -> list[str]:
        """Every family name found, sorted."""
        return sorted({f.family for files in self._scan().values() for f in files})

    def lookup(self, family: str, bold: bool = False, italic: bool = False) -> _FontFile | None:
        """The best file of family for the style, or None when the family is not installed."""
        files = self._scan().get(family.strip().lower())
        if not files:
            ff = self._fc_match(family, bold, italic)
            return ff
        return min(
            files,
            key=lambda f: (f.bold != bold, f.italic != italic, f.extra, str(f.path)),
        )

    def _fc_match(self, family: str, bold: bool, italic: bool) -> _FontFile | None:
        key = (family.lower(), bold, italic)
        if key in self._fc_cache:
            return self._fc_cache[key]
        result = None
        exe = shutil.which("fc-match") if self.use_fc_match else None
        if exe and not self._fc_knows(family):
            exe = None  # fc-match would answer with another family, which is not accepted
        if exe:
            pattern = family + (":bold" if bold else "") + (":italic" if italic else "")
            try:
                out = subprocess.run(
                    [exe, "-f", "%{file}", pattern],
                    capture_output=True,
                    text=True,
                    timeout=10,
                    check=False,
                ).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                out = ""
            if out and out.lower().endswith(_FONT_EXTS):
                ff = _read_font_file(Path(out))
                # fc-match always answers with something; accept only the family asked for.
                if ff is not None and ff.family.lower() == family.strip().lower():
                    result = ff
        self._fc_cache[key] = result
        return result

    def _fc_knows(self, family: str) -> bool:
        """Whether fontconfig lists the family (one fc-list run per index instead of an
        fc-match run per missing family and style); True when fc-list is not available."""
        if self._fc_families is None:
            self._fc_families = _fc_list_families(_start_fc_list())
            if self._fc_families is None:
                return True
        return _fc_name(family) in self._fc_families


def _start_fc_list() -> subprocess.Popen | None:
    """fc-list listing every family, started; None when it is not installed or fails."""
    exe = shutil.which("fc-list")
    if not exe:
        return None
    try:
        return subprocess.Popen(
            [exe, ":", "family"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    except OSError:
        return None


def _fc_list_families(proc: subprocess.Popen | None) -> frozenset[str] | None:
    """fontconfig's family names from a started fc-list (as _fc_name compares them), or None
    when it failed."""
    if proc is None:
        return None
    try:
        out, _ = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return None
    if proc.returncode != 0:
        return None
    # one font's names per line, separated by commas; fc-list escapes "-" and ","
    names = (n for line in out.splitlines() for n in re.split(r"(?<!\\),", line))
    return frozenset(_fc_name(n.replace("\\", "")) for n in names)


def _fc_name(family: str) -> str:
    """A family name as fontconfig compares them: case and spaces ignored."""
    return "".join(family.split()).lower()


def _read_font_file(path: Path) -> _FontFile | None:
    try:
        family, style = ImageFont.truetype(str(path), 10).getname()
    except (OSError, ValueError):
        return None
    if not family:
        return None
    bold, italic, extra = _style_of(style or "")
    return _FontFile(path, family, bold, italic, extra)


def _fallback_family(family: str) -> str:
    low = family.lower()
    if any(h in low for h in _MONO_HINTS):
        return "DejaVu Sans Mono"
    if any(h in low for h in _SERIF_HINTS) and "sans" not in low:
        return "DejaVu Serif"
    return "DejaVu Sans"


def find_font(
    family: str, bold: bool = False, italic: bool = False, index: FontIndex | None = None
) -> FontChoice:
    """Resolve a theme font name to a file for measuring.

    Order: the font itself; a metric-compatible substitute (Arial -> Liberation Sans, Calibri ->
    Carlito ...); DejaVu Sans (or Serif/Mono); the Liberation Sans bundled with slidegen, which
    always exists. Pass a FontIndex to reuse one directory scan across calls.
    """
    index = index if index is not None else FontIndex()
    name = family.strip()
    style = _style_words(bold, italic)

    def choice(ff: _FontFile, compatible: bool, note: str) -> FontChoice:
        if ff.bold != bold or ff.italic != italic:
            have = _style_words(ff.bold, ff.italic)
            if note:
                note = f"{note[:-1]}; only {have} {ff.family} installed)"
            else:
                note = f"measured with {ff.family} {have} ({name} {style} not installed)"
            compatible = False
        return FontChoice(ff.path, ff.family, compatible, note, name, bold, italic)

    own = index.lookup(name, bold, italic) if name else None
    if own is not None:
        return choice(own, True, "")

    sub_name = _METRIC_SUBSTITUTES.get(name.lower())
    if sub_name:
        sub = index.lookup(sub_name, bold, italic)
        if sub is not None:
            return choice(sub, True, f"measured with {sub.family} metrics ({name} not installed)")

    if not sub_name and name.lower() not in _ARIAL_LIKE:
        fb = index.lookup(_fallback_family(name), bold, italic)
        if fb is not None:
            note = (
                f"measured with {fb.family} metrics ({name or 'no font'} not installed; "
                "line breaks may differ)"
            )
            return choice(fb, False, note)

    path = _BUNDLED[bold]
    compatible = name.lower() in _ARIAL_LIKE and not italic
    if compatible:
        note = f"measured with the bundled Liberation Sans metrics ({name} not installed)"
    else:
        note = (
            f"measured with the bundled Liberation Sans metrics ({name or 'no font'} "
            f"{style} not installed; line breaks may differ)"
        )
    return FontChoice(path, "Liberation Sans", compatible, note, name, bold, italic)


def _style_words(bold: bool, italic: bool) -> str:
    if bold and italic:
        return "bold italic"
    return "bold" if bold else "italic" if italic else "regular"


@dataclass(frozen=True)
class Para:
    """One paragraph to lay out: text (str or rich Text), size, bold, left indent in EMU.

    In fit_size, size_pt=None means "the size being tried"; a number is scaled with it.
    """

    text: str | Text
    size_pt: float | None = None
    bold: bool = False
    indent_emu: int = 0
    italic: bool = False


ParaSpec = Para | tuple


@dataclass(frozen=True)
class TextLayout:
    """Paragraphs laid out in a box: the lines of each paragraph and the total height (EMU)."""

    lines: tuple[tuple[str, ...], ...]
    height_emu: int

    @property
    def line_count(self) -> int:
        return sum(len(p) for p in self.lines)


@dataclass(frozen=True)
class FitResult:
    """The largest size that fits (None if even the minimum overflows), with its layout."""

    size_pt: float | None
    lines: int
    height: int
    layout: TextLayout | None = None

    @property
    def fits(self) -> bool:
        return self.size_pt is not None


# A token: the word (or word part ending in a hyphen), then the spaces after it.
# Lines break at spaces and tabs and after hyphens and dashes; a no-break space never breaks.
_TOKEN_RE = re.compile("[^ \t\\-\u2013\u2014]*[\\-\u2013\u2014]+|[^ \t\\-\u2013\u2014]+")
_SPACES_RE = re.compile("[ \t]+")
_WORD_SPACES_RE = re.compile(f"({_TOKEN_RE.pattern})?([ \\t]*)")
_BREAK_AFTER = ("-", "\u2013", "\u2014")


class TextMeasurer:
    """Measures and wraps text in one theme font family; caches fonts and word widths.

    Make one per build (or per theme) and pass it around; all caches live on the instance.
    """

    def __init__(
        self,
        family: str = "Arial",
        *,
        index: FontIndex | None = None,
        line_height: float = LINE_HEIGHT,
        insets: tuple[int, int, int, int] = DEFAULT_INSETS,
    ):
        self.family = family
        self.index = index if index is not None else FontIndex()
        self.line_height = line_height
        self.insets = insets
        self._choices: dict[tuple[bool, bool], FontChoice] = {}
        self._fonts: dict[Path, ImageFont.FreeTypeFont] = {}
        self._widths: dict[tuple[bool, bool], dict[str, float]] = {}
        self._chars: dict[tuple[bool, bool], dict[str, float]] = {}
        self._segments: dict[tuple, tuple] = {}  # (text, bold, italic) -> _entry()

    def choice(self, bold: bool = False, italic: bool = False) -> FontChoice:
        """Which file measures this style (see FontChoice.note for a warning)."""
        key = (bold, italic)
        if key not in self._choices:
            self._choices[key] = find_font(self.family, bold, italic, self.index)
        return self._choices[key]

    def notes(self) -> list[str]:
        """Distinct fallback notes for the styles measured so far, sorted."""
        return sorted({c.note for c in self._choices.values() if c.note})

    def _font(self, path: Path) -> ImageFont.FreeTypeFont:
        font = self._fonts.get(path)
        if font is None:
            font = ImageFont.truetype(str(path), _REF_SIZE, layout_engine=ImageFont.Layout.BASIC)
            self._fonts[path] = font
        return font

    def _cache(self, bold: bool, italic: bool) -> dict[str, float]:
        return self._widths.setdefault((bold, italic), {})

    def em_width(self, s: str, bold: bool = False, italic: bool = False) -> float:
        """Advance width of s in ems (multiply by the size for a length).

        The sum of the characters' advances, without kerning: slightly wide where PowerPoint
        kerns, so overflow is predicted early rather than late.
        """
        cache = self._cache(bold, italic)
        w = cache.get(s)
        if w is None:
            chars = self._char_cache(bold, italic)
            w = 0.0
            for ch in s:
                cw = chars.get(ch)
                if cw is None:
                    font = self._font(self.choice(bold, italic).path)
                    cw = chars[ch] = font.getlength(ch) / _REF_SIZE
                w += cw
            cache[s] = w
        return w

    def _char_cache(self, bold: bool, italic: bool) -> dict[str, float]:
        return self._chars.setdefault((bold, italic), {})

    def text_width(self, s: str, size_pt: float, bold: bool = False, italic: bool = False) -> int:
        """Width of s on one line, in EMU."""
        return round(self.em_width(s, bold, italic) * size_pt * EMU_PER_PT)

    def wrap_lines(
        self,
        text: str | Text,
        size_pt: float,
        width_emu: int,
        bold: bool = False,
        italic: bool = False,
    ) -> list[str]:
        """Break text into the lines PowerPoint would show in width_emu (insets already off).

        Newlines are hard breaks; an empty text is one empty line.
        """
        return list(self._wrap(text, size_pt, width_emu, bold, italic))

    def _wrap(self, text, size_pt: float, width_emu: int, bold: bool, italic: bool) -> tuple:
        """wrap_lines as a tuple (shared: the same tuple for every width the text fits)."""
        avail = width_emu / (size_pt * EMU_PER_PT)  # in ems
        entry = self._segments.get((text, bold, italic))
        if entry is None:
            entry = self._entry(text, bold, italic)
        if entry[1] <= avail:
            return entry[2]  # every hard line fits whole
        lines: list[str] = []
        for seg in entry[3]:
            if seg[2] <= avail:
                lines.append(seg[1])  # the whole hard line fits: what _wrap_tokens would give
                continue
            if seg[3] is None:
                seg[3] = self._tokens(seg[0])
            tokens, seg_bold, seg_italic = seg[3]
            lines.extend(self._wrap_tokens(tokens, avail, seg_bold, seg_italic))
        return tuple(lines)

    def _entry(self, text, bold: bool, italic: bool) -> tuple:
        """(text, widest hard line's bound, the hard lines whole, _segment() per hard line)."""
        segments = [self._segment(seg) for seg in _split_hard_breaks(text, bold, italic)]
        widest = max(seg[2] for seg in segments)
        entry = (text, widest, tuple(seg[1] for seg in segments), segments)
        self._segments[(text, bold, italic)] = entry
        return entry

    def _segment(self, pieces: list[tuple[str, bool, bool]]) -> list:
        """[pieces, the hard line stripped, a bound on its width in ems, tokens (made lazily)].

        The bound is the sum of the characters' advances plus 1e-10 of it: _wrap_tokens adds
        the same non-negative advances in another order (per word, then per line), which
        differs by under 2n x 2**-53 of the sum for n characters (3e-11 up to 100,000), so a
        hard line within the bound is never broken there. Longer lines always go the slow way.
        """
        total = 0.0
        n = 0
        for s, b, i in pieces:
            chars = self._char_cache(b, i)
            try:
                total += sum(map(chars.__getitem__, s))
            except KeyError:  # a character not measured yet
                for ch in set(s).difference(chars):
                    self.em_width(ch, b, i)
                total += sum(map(chars.__getitem__, s))
            n += len(s)
        bound = total * (1 + 1e-10) if n <= 100_000 else float("inf")
        return [pieces, "".join(p[0] for p in pieces).rstrip(), bound, None]

    def _wrap_tokens(self, tokens: list, avail: float, bold: bool, italic: bool) -> list[str]:
        if not tokens:
            return [""]
        lines: list[str] = []
        cur: list[str] = []
        cur_w = 0.0  # width so far, including the spaces after the last word
        for word, word_w, space, space_w, parts in tokens:
            if cur and cur_w + word_w > avail + 1e-9:
                lines.append("".join(cur).rstrip())
                cur, cur_w = [], 0.0
            if not cur and word_w > avail + 1e-9:
                # A word longer than the line: break it by character.
                for chunk, chunk_w in self._break_word(parts or ((word, bold, italic),), avail):
                    if cur:
                        lines.append("".join(cur))
                    cur, cur_w = [chunk], chunk_w
                cur.append(space)
                cur_w += space_w
                continue
            cur.append(word + space)
            cur_w += word_w + space_w
        if cur:
            lines.append("".join(cur).rstrip())
        return lines

    def _tokens(self, pieces: list[tuple[str, bool, bool]]) -> tuple[list, bool, bool]:
        """Tokens (word, width, spaces, spaces width, parts) and the font of parts=None.

        parts lists (text, bold, italic) pieces of a word that crosses run boundaries (e.g.
        "**bold**ly"), so each keeps its own font.
        """
        if len(pieces) == 1:
            s, b, i = pieces[0]
            return self._tokens_one_font(s, b, i), b, i
        tokens = []
        word_parts: list[tuple[str, bool, bool]] = []
        word_w = 0.0
        spaces = ""
        space_w = 0.0

        def flush():
            nonlocal word_parts, word_w, spaces, space_w
            if word_parts or spaces:
                word = "".join(p[0] for p in word_parts)
                tokens.append((word, word_w, spaces, space_w, tuple(word_parts)))
            word_parts, word_w, spaces, space_w = [], 0.0, "", 0.0

        for s, b, i in pieces:
            pos = 0
            n = len(s)
            while pos < n:
                if s[pos] in " \t":
                    m = _SPACES_RE.match(s, pos)
                    sp = m.group(0)
                    spaces += sp
                    space_w += self.em_width(sp, b, i)
                    pos = m.end()
                    continue
                if spaces:  # a new word starts after spaces
                    flush()
                part = _TOKEN_RE.match(s, pos).group(0)
                word_parts.append((part, b, i))
                word_w += self.em_width(part, b, i)
                pos += len(part)
                if part.endswith(_BREAK_AFTER):
                    flush()
        flush()
        return tokens, False, False

    def _tokens_one_font(self, s: str, b: bool, i: bool) -> list:
        """The fast path of _tokens for text in a single font (parts None: the segment's font)."""
        cache = self._cache(b, i)
        width = self.em_width
        return [
            (
                word,
                cache[word] if word in cache else width(word, b, i),
                spaces,
                cache[spaces] if spaces in cache else width(spaces, b, i),
                None,
            )
            for word, spaces in _WORD_SPACES_RE.findall(s)
            if word or spaces
        ]

    def _break_word(self, parts: list[tuple[str, bool, bool]], avail: float):
        # Cumulative widths and a bisection per line instead of a loop per character: a pasted
        # 100 KB "word" is broken at every size tried in milliseconds, not seconds.
        chunk, chunk_w = "", 0.0
        limit = avail + 1e-9
        for s, b, i in parts:
            chars = self._char_cache(b, i)
            for ch in set(s).difference(chars):
                self.em_width(ch, b, i)
            cum = list(accumulate(map(chars.__getitem__, s), initial=0.0))  # width of s[:k]
            start, n = 0, len(s)
            while start < n:
                k = bisect_right(cum, limit - chunk_w + cum[start], start + 1) - 1
                if k == start and not chunk:
                    k = start + 1  # a line holds at least one character
                if k > start:
                    chunk += s[start:k]
                    chunk_w += cum[k] - cum[start]
                    start = k
                if start < n:  # the next character does not fit on this line
                    yield chunk, chunk_w
                    chunk, chunk_w = "", 0.0
        if chunk:
            yield chunk, chunk_w

    def layout(
        self,
        paragraphs: Sequence[ParaSpec],
        box_width_emu: int,
        *,
        line_spacing: float = 1.0,
        space_before_pt: float = 0.0,
        insets: tuple[int, int, int, int] | None = None,
        default_size_pt: float | None = None,
    ) -> TextLayout:
        """Lay paragraphs out in a box; the height includes the top and bottom insets.

        space_before_pt is added before every paragraph but the first (PowerPoint drops it
        at the top of a text box).
        """
        items = []
        for spec in paragraphs:
            p = _para(spec)
            size = p.size_pt if p.size_pt is not None else default_size_pt
            if size is None:
                raise ValueError("paragraph without a size and no default size")
            items.append((p.text, size, p.bold, p.indent_emu, p.italic))
        return self._layout(items, box_width_emu, line_spacing, space_before_pt, insets)

    def _layout(self, items, box_width_emu, line_spacing, space_before_pt, insets) -> TextLayout:
        """layout() of (text, size, bold, indent, italic) tuples."""
        left, top, right, bottom = insets if insets is not None else self.insets
        inner = box_width_emu - left - right
        height = top + bottom
        if len(items) > 1:
            height += (len(items) - 1) * round(space_before_pt * EMU_PER_PT)
        all_lines = []
        wrap = self._wrap
        line_height = self.line_height
        for text, size, bold, indent, italic in items:
            lines = wrap(text, size, max(inner - indent, 1), bold, italic)
            all_lines.append(lines)
            height += len(lines) * round(size * EMU_PER_PT * line_height * line_spacing)
        return TextLayout(tuple(all_lines), height)

    def measure_paragraphs(
        self,
        paragraphs: Sequence[ParaSpec],
        box_width_emu: int,
        line_spacing: float = 1.0,
        space_before_pt: float = 0.0,
        insets: tuple[int, int, int, int] | None = None,
    ) -> int:
        """Height in EMU that paragraphs need in a box of this width, insets included.

        Each paragraph is a Para or a tuple (text, size_pt, bold, indent_emu).
        """
        return self.layout(
            paragraphs,
            box_width_emu,
            line_spacing=line_spacing,
            space_before_pt=space_before_pt,
            insets=insets,
        ).height_emu

    def fit_size(
        self,
        paragraph_specs: Sequence[ParaSpec],
        box_w: int,
        box_h: int,
        start_pt: float,
        min_pt: float,
        step: float = 1,
        *,
        line_spacing: float = 1.0,
        space_before_pt: float = 0.0,
        insets: tuple[int, int, int, int] | None = None,
    ) -> FitResult:
        """The largest size from start_pt down to min_pt (by step) at which the text fits.

        Paragraph sizes (if given) scale with the tried size, as PowerPoint's shrink-on-overflow
        does; space before scales too. Returns size_pt=None with the layout at min_pt when even
        the minimum overflows.
        """
        if step <= 0 or min_pt <= 0 or start_pt < min_pt:
            raise ValueError("fit_size needs 0 < min_pt <= start_pt and step > 0")
        paras = [_para(s) for s in paragraph_specs]
        size = start_pt
        while True:
            scale = size / start_pt
            items = [
                (
                    p.text,
                    size if p.size_pt is None else p.size_pt * scale,
                    p.bold,
                    p.indent_emu,
                    p.italic,
                )
                for p in paras
            ]
            lay = self._layout(items, box_w, line_spacing, space_before_pt * scale, insets)
            if lay.height_emu <= box_h:
                return FitResult(size, lay.line_count, lay.height_emu, lay)
            nxt = round(size - step, 4)
            if nxt < min_pt - 1e-9:
                return FitResult(None, lay.line_count, lay.height_emu, lay)
            size = nxt


class FontCache:
    """One font index and one TextMeasurer per family, shared by a whole build or check."""

    def __init__(self, dirs: Iterable[Path] | None = None, use_fc_match: bool = True):
        self.index = FontIndex(dirs, use_fc_match)
        self._measurers: dict[str, TextMeasurer] = {}

    def measurer(self, family: str) -> TextMeasurer:
        """The measurer for a font family (created on first use)."""
        m = self._measurers.get(family)
        if m is None:
            m = self._measurers[family] = TextMeasurer(family, index=self.index)
        return m

    def notes(self) -> list[str]:
        """Every fallback note so far (for warnings), sorted and without repeats."""
        return sorted({n for m in self._measurers.values() for n in m.notes()})


def _para(spec: ParaSpec) -> Para:
    if isinstance(spec, Para):
        return spec
    if isinstance(spec, (str, Text)):
        return Para(spec)
    return Para(*spec)


def _split_hard_breaks(text: str | Text, bold: bool, italic: bool):
    """Split into segments at newlines; each segment is a list of (text, bold, italic)."""
    if isinstance(text, Text):
        runs = [(r.text, r.bold or bold, r.italic or italic) for r in text.runs]
    else:
        runs = [(text, bold, italic)]
    segment: list[tuple[str, bool, bool]] = []
    for s, b, i in runs:
        parts = s.replace("\r\n", "\n").replace("\v", "\n").split("\n")
        for k, part in enumerate(parts):
            if k:
                yield segment
                segment = []
            if part:
                segment.append((part, b, i))
    yield segment
