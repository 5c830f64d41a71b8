"""Checks on a deck file: everything a build reports, plus accessibility, density and sources.

Works on the DeckPlan, before rendering: no python-pptx is imported (`slidegen check deck.yaml`
stays fast). Overflow uses the same boxes and measurement as the renderer (slidegen.fitting).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..codes import Code
from ..errors import Diagnostic, Diagnostics, Pos, SlidegenError, did_you_mean
from ..plan import DeckPlan, PlannedSlide
from ..text import Text
from .findings import CODES, Finding, Location, Report, apply_suppressions, finding

MAX_BULLETS = 6
MAX_WORDS = 50
BODY_MIN_PT = 18.0
SMALL_MIN_PT = 12.0

_IMAGE_EXT = r"(png|jpe?g|gif|bmp|tiff?|svg|emf|wmf|webp|heic)"
_FILENAME = re.compile(rf"^\S*\.{_IMAGE_EXT}$", re.IGNORECASE)
_GENERIC_ALT = re.compile(
    r"^(image|picture|photo|graphic|logo|chart|figure|img|pic|untitled)[ _-]?\d*$", re.IGNORECASE
)
_VAGUE_LINKS = {
    "here",
    "click here",
    "click",
    "link",
    "this link",
    "this",
    "more",
    "read more",
    "more info",
    "more information",
    "go",
    "website",
}
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def is_filename_alt(alt: str) -> bool:
    """True when alt text is a file name or a generic word rather than a description."""
    s = alt.strip()
    return bool(_FILENAME.match(s) or _GENERIC_ALT.match(s))


def is_vague_link(text: str, url: str | None) -> bool:
    """True when link text does not say where the link goes."""
    t = " ".join(text.lower().strip(" .:!").split())
    return t in _VAGUE_LINKS or bool(_URL.match(text.strip())) or (url is not None and t == url)


def check_deck(
    path: Path | str,
    audience: str | None = None,
    overlays: tuple[Path, ...] = (),
    theme: str | None = None,
    fonts=None,
) -> Report:
    """Plan a deck as `build` would and check the plan. Never writes anything."""
    from ..build import BuildOptions, load_and_validate, plan_deck

    path = Path(path)
    report = Report(str(path), "deck")
    diags = Diagnostics()
    opts = BuildOptions(audience=audience, overlays=tuple(overlays), theme=theme)
    try:
        plan = plan_deck(path, opts, diags)
    except SlidegenError as exc:
        report.findings += [_from_diagnostic(d, str(path)) for d in exc.diagnostics]
        report.findings += [_from_diagnostic(d, str(path)) for d in diags.warnings]
        return report
    report.slides = len(plan.slides)
    report.findings += [_from_diagnostic(d, str(path)) for d in diags.warnings]
    if plan.theme.template is not None:
        report.findings += _template_findings(plan, str(path))
    model, _ = load_and_validate(path, opts, Diagnostics())
    sections = _section_suppressions(model)
    per_slide = {s.id: {**sections.get(s.section_id, {}), **s.suppress} for s in plan.slides}
    figures = _figure_keys(model, path, plan)
    report.findings += check_plan(plan, fonts, per_slide, figures)
    apply_suppressions(report.findings, plan.suppress, per_slide)
    return report


def _template_findings(plan, path: str) -> list[Finding]:
    """A corporate template's problems as `build` meets them (a missing layout or placeholder,
    a damaged part), found by preparing the template as build does. Only a deck whose theme
    has a template pays for opening it with python-pptx."""
    from ..render import footer_text, needed_layouts
    from ..render.registry import default_registry
    from ..render.template import make_base

    diags = Diagnostics()
    try:
        needed = needed_layouts(plan, default_registry())
        make_base(plan.theme, footer_text(plan), plan.language, [], needed, diags)
    except SlidegenError as exc:
        diags.items += exc.diagnostics
    return [_from_diagnostic(d, path) for d in diags.items]


def _section_suppressions(deck) -> dict[str, dict[str, str]]:
    """Section id -> the codes it and its parent sections suppress (they apply to its slides)."""
    out: dict[str, dict[str, str]] = {}

    def walk(sections, inherited):
        for sec in sections:
            out[sec.id] = {**inherited, **(sec.suppress or {})}
            walk(sec.sections, out[sec.id])

    walk(deck.sections, {})
    return out


def _figure_keys(deck, path: Path, plan: DeckPlan) -> set[str]:
    """The data names the slides use whose values are figures (numbers, or text with a digit)."""
    from ..resolve.data import DataLookup, load_data

    src = deck.src
    own = src.get("data", {}) if src else deck.data
    data = load_data(path.parent, deck.data_files, own, lambda i: None, Diagnostics())
    lookup = DataLookup(data)
    out = set()
    for key in {k for s in plan.slides for k in s.data_keys}:
        try:
            value, _ = lookup.get(key, None)
        except SlidegenError:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.add(key)
        elif isinstance(value, str) and re.search(r"\d", value):
            out.add(key)
    return out


def _from_diagnostic(d: Diagnostic, file: str) -> Finding:
    pos = d.pos or Pos(file)
    loc = Location(pos.file, pos.line, pos.col)
    if d.code in CODES:
        code = d.code
    else:
        code = Code.BUILD_ERROR if d.severity == "error" else Code.BUILD_WARNING
    severity = (
        d.severity if code in (Code.BUILD_ERROR, Code.BUILD_WARNING) else CODES[code].severity
    )
    return Finding(code, severity, loc, d.message, d.hint or "")


def check_plan(
    plan: DeckPlan, fonts=None, suppress: dict | None = None, figures: set[str] | None = None
) -> list[Finding]:
    """Every deck-level check on a resolved plan.

    `suppress`: slide id -> its suppressions; `figures`: the data names whose values are
    figures (default: every data name a slide uses).
    """
    from ..measure import FontCache

    fonts = fonts or FontCache()
    out: list[Finding] = []
    numbered = [(i, s) for i, s in enumerate(plan.slides, 1) if not s.hidden]
    out += _titles(plan, numbered)
    for n, s in numbered:
        loc = _loc(plan, s, n)
        out += _alt_text(s, loc)
        out += _density(s, loc)
        out += _links(s, loc)
        out += _unsourced(s, loc, figures)
        out += _fit(plan, s, loc, fonts)
    out += _theme_checks(plan)
    out += _references(plan)
    out += _suppress_codes(plan, numbered, suppress)
    for note in fonts.notes():
        out.append(finding(Code.FONT_SUBSTITUTE, Location(str(plan.path)), f"fonts: {note}"))
    return out


def _loc(plan: DeckPlan, s: PlannedSlide, n: int) -> Location:
    pos = s.pos or Pos(str(plan.path))
    return Location(pos.file, pos.line, pos.col, n, s.id)


# ---- titles ------------------------------------------------------------------------------
def _norm(title: str) -> str:
    return " ".join(title.casefold().split())


def _titles(plan: DeckPlan, numbered) -> list[Finding]:
    out = []
    seen: dict[str, tuple[int, PlannedSlide]] = {}
    for n, s in numbered:
        loc = _loc(plan, s, n)
        title = s.title.plain if isinstance(s.title, Text) else str(s.title or "")
        if not title.strip():
            out.append(finding(Code.TITLE_MISSING, loc, f"slide '{s.id}' has no title"))
            continue
        key = _norm(title)
        if s.inherited_title:  # the spec repeats the section heading over untitled slides
            continue
        if key in seen:
            first_n, first = seen[key]
            out.append(
                finding(
                    Code.TITLE_DUPLICATE,
                    loc,
                    f"slide '{s.id}' has the same title as slide {first_n} '{first.id}': '{title}'",
                    "give the slide its own `title:` saying what it shows",
                )
            )
        else:
            seen[key] = (n, s)
    return out


# ---- pictures ------------------------------------------------------------------------------
def _alt_text(s: PlannedSlide, loc: Location) -> list[Finding]:
    out = []
    c = s.content
    items = []
    if s.layout == "image":
        items.append(("the picture", c.get("alt"), c.get("decorative"), c.get("image")))
    elif s.layout == "two-column":
        for side in ("left", "right"):
            pane = c.get(side) or {}
            if pane.get("image") is not None:
                items.append(
                    (f"the {side} picture", pane.get("alt"), pane.get("decorative"), pane["image"])
                )
    elif s.layout == "chart":
        items.append(("the chart", c.get("alt"), False, None))
    for what, alt, decorative, image in items:
        if decorative:
            continue
        alt = alt or ""
        if not alt.strip():
            out.append(finding(Code.ALT_MISSING, loc, f"{what} on slide '{s.id}' has no alt text"))
        elif is_filename_alt(alt) or (image is not None and alt.strip() == Path(image).name):
            out.append(
                finding(
                    Code.ALT_FILENAME,
                    loc,
                    f"the alt text of {what} on slide '{s.id}' is a file name or generic: '{alt}'",
                )
            )
    return out


# ---- words, bullets, links ---------------------------------------------------------------------
def _texts(value) -> list[Text]:
    if isinstance(value, Text):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []


def _words(texts: list[Text]) -> int:
    return sum(len(re.findall(r"\w[\w'’.,%:/-]*", t.plain)) for t in texts)


def _density(s: PlannedSlide, loc: Location) -> list[Finding]:
    if s.generated or s.layout in ("references", "agenda", "title", "section"):
        return []
    out = []
    bullets = list(s.content.get("bullets") or [])
    for side in ("left", "right"):
        pane = s.content.get(side)
        if isinstance(pane, dict) and pane.get("bullets"):
            bullets += pane["bullets"]
    if len(bullets) > MAX_BULLETS:
        out.append(
            finding(
                Code.TOO_MANY_BULLETS,
                loc,
                f"slide '{s.id}' has {len(bullets)} bullets (more than {MAX_BULLETS})",
            )
        )
    words = _words(_texts(s.content))
    if words > MAX_WORDS:
        out.append(
            finding(
                Code.TOO_MANY_WORDS,
                loc,
                f"slide '{s.id}' has {words} words of body text (more than {MAX_WORDS})",
            )
        )
    return out


def _links(s: PlannedSlide, loc: Location) -> list[Finding]:
    out = []
    for t in [s.title, *_texts(s.content)]:
        if not isinstance(t, Text):
            continue
        for r in t.runs:
            if r.url and is_vague_link(r.text, r.url):
                out.append(
                    finding(
                        Code.LINK_TEXT,
                        loc,
                        f"link text '{r.text}' on slide '{s.id}' does not say where it goes",
                    )
                )
    return out


def _unsourced(s: PlannedSlide, loc: Location, figures: set[str] | None) -> list[Finding]:
    if s.cites or s.generated:
        return []
    keys = [k for k in s.data_keys if figures is None or k in figures]
    if s.layout in ("stat", "chart"):
        what = "figures" if s.layout == "stat" else "a chart"
    elif keys:
        what = "data values (" + ", ".join(keys[:3]) + ")"
    else:
        return []
    return [finding(Code.VALUE_UNSOURCED, loc, f"slide '{s.id}' shows {what} but cites no source")]


# ---- fit: the renderer's boxes and sizes ---------------------------------------------------------
def _fit(plan: DeckPlan, s: PlannedSlide, loc: Location, fonts) -> list[Finding]:
    from ..fitting import (
        bullet_specs,
        chunk_bullets,
        fit_text,
        inches,
        slide_boxes,
        unbroken_start,
    )
    from ..measure import Para

    theme = plan.theme
    size = {k: float(v) for k, v in theme.sizes.items()}
    minimum = size["minimum"]
    boxes = slide_boxes(*theme.slide_size)
    body = fonts.measurer(theme.fonts["body"])
    heading = fonts.measurer(theme.fonts["heading"])
    out: list[Finding] = []

    def check(what, measurer, paras, box, start, low=None, space_before=0.0, body_text=True):
        low = min(start, minimum if low is None else low)
        got = fit_text(measurer, paras, box, start, low, space_before)
        if got is None:
            out.append(
                finding(
                    Code.OVERFLOW,
                    loc,
                    f"{what} on slide '{s.id}' does not fit even at {low:g} pt",
                    "shorten it or split the slide",
                )
            )
            got = low
        if body_text and got < BODY_MIN_PT:
            out.append(
                finding(
                    Code.TEXT_SMALL,
                    loc,
                    f"{what} on slide '{s.id}' is set at {got:g} pt to fit (below {BODY_MIN_PT:g})",
                )
            )
        return got

    title = s.title if isinstance(s.title, Text) else Text.of(str(s.title or ""))
    c = s.content
    L = s.layout
    if L == "title":
        check("the title", heading, [Para(title, bold=True)], boxes["cover_title"], size["title"])
        return out
    if L == "section":
        check(
            "the section title",
            heading,
            [Para(title, bold=True)],
            boxes["section_title"],
            size["title"],
        )
        return out
    if L != "closing":
        check(
            "the title",
            heading,
            [Para(title, bold=True)],
            boxes["title"],
            size["heading"],
            low=min(minimum, size["heading"]),
        )
    x, y, w, h = boxes["body"]
    if L == "bullets" and c.get("bullets"):
        chunks = chunk_bullets(body, c["bullets"], boxes["body"], minimum)
        for chunk in chunks:
            check(
                "the bullet list",
                body,
                bullet_specs(chunk),
                boxes["body"],
                size["body"],
                space_before=size["body"] * 0.4,
            )
    elif L in ("statement", "quote") and c.get("text"):
        attr_h = inches(0.7) if c.get("attribution") else 0
        box = (x + inches(0.4), y, w - inches(0.8), h - attr_h)
        shown = Text.of("\u201c") + c["text"] + Text.of("\u201d") if L == "quote" else c["text"]
        what = "the quotation" if L == "quote" else "the statement"
        check(what, body, [Para(shown, italic=L == "quote")], box, size["heading"])
    elif L == "stat":
        stats = c.get("stats") or []
        n = max(len(stats), 1)
        gap = inches(0.4)
        col_w = (w - gap * (n - 1)) // n
        value_h = int(h * 0.45)
        big = min(size["title"] * 2.4, 96 if n == 1 else 72 if n == 2 else 54)
        for st in stats:
            if st.get("value"):
                check(
                    "the figure",
                    heading,
                    [Para(st["value"], bold=True)],
                    (0, 0, col_w, value_h),
                    unbroken_start(heading, st["value"], col_w, big, minimum, bold=True),
                    body_text=False,
                )
            if st.get("label"):
                check(
                    "the label", body, [Para(st["label"])], (0, 0, col_w, h - value_h), size["body"]
                )
    elif L == "closing" and c.get("text"):
        check("the closing text", body, [Para(c["text"])], boxes["body"], size["body"])
    return out


# ---- theme sizes (the theme loader checks colour pairs itself: Code.CONTRAST) -------------
def _theme_checks(plan: DeckPlan) -> list[Finding]:
    theme = plan.theme
    file = str(theme.folder / "theme.yaml") if theme.folder else str(plan.path)
    loc = Location(file)
    out = []
    sizes = {k: float(v) for k, v in theme.sizes.items()}
    for role in ("caption", "minimum"):
        if sizes[role] < SMALL_MIN_PT:
            out.append(
                finding(
                    Code.TEXT_TOO_SMALL,
                    loc,
                    f"theme '{theme.name}': {role} size {sizes[role]:g} pt is below"
                    f" {SMALL_MIN_PT:g} pt (source lines, footers)",
                )
            )
    for role in ("body",):
        if sizes[role] < BODY_MIN_PT:
            out.append(
                finding(
                    Code.TEXT_SMALL,
                    loc,
                    f"theme '{theme.name}': {role} size {sizes[role]:g} pt is below"
                    f" {BODY_MIN_PT:g} pt, so body text may be set that small",
                    f"set sizes.{role} to {BODY_MIN_PT:g} or more",
                )
            )
    return out


# ---- references ------------------------------------------------------------------------------
def _references(plan: DeckPlan) -> list[Finding]:
    from ..references import missing_fields

    out = []
    for rid, ref in plan.references.items():
        missing = missing_fields(ref)
        if missing:
            pos = ref.pos or Pos(str(plan.path))
            names = ", ".join(f"'{m}'" for m in missing)
            out.append(
                finding(
                    Code.REF_FIELDS,
                    Location(pos.file, pos.line, pos.col),
                    f"reference '{rid}' ({ref.type}) has no {names}",
                    f"add {names}: a {ref.type} needs it in the reference list",
                )
            )
    return out


def _suppress_codes(plan: DeckPlan, numbered, suppress: dict | None) -> list[Finding]:
    out = []
    suppress = suppress or {}
    where = [(Location(str(plan.path)), plan.suppress)]
    where += [(_loc(plan, s, n), suppress.get(s.id, s.suppress)) for n, s in numbered]
    for loc, mapping in where:
        for code in mapping or {}:
            if code not in CODES:
                hint = did_you_mean(code, CODES) or "see the table of check codes in the README"
                out.append(
                    finding(
                        Code.SUPPRESS_UNKNOWN, loc, f"suppress names unknown code '{code}'", hint
                    )
                )
    return out
