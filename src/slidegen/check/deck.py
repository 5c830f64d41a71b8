"""Checks on a deck file: everything a build reports, plus accessibility, density and sources.

Works on the DeckPlan, before rendering: no python-pptx is imported (`slidegen check deck.yaml`
stays fast). Sizes and overflow come from the placement stage, which the renderer draws from.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from ..codes import Code
from ..errors import Diagnostic, Diagnostics, Pos, SlidegenError, did_you_mean
from ..place.model import PlacedSlide
from ..plan import (
    BulletsContent,
    ChartContent,
    DeckPlan,
    ImageContent,
    PlannedSlide,
    TwoColumnContent,
)
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
    today: dt.date | None = None,
    allow_outside: bool = False,
) -> Report:
    """Plan a deck as `build` would and check the plan. Never writes anything.

    `today`: the date evidence is checked against (default: SOURCE_DATE_EPOCH, else the
    clock; see slidegen.lifecycle.today)."""
    from ..build import BuildOptions, resolve_deck

    path = Path(path)
    report = Report(str(path), "deck")
    diags = Diagnostics()
    opts = BuildOptions(
        audience=audience, overlays=tuple(overlays), theme=theme, allow_outside=allow_outside
    )
    try:
        resolved = resolve_deck(path, opts, diags)
    except SlidegenError as exc:
        report.findings += [_from_diagnostic(d, str(path)) for d in exc.diagnostics]
        report.findings += [_from_diagnostic(d, str(path)) for d in diags.warnings]
        return report
    plan, model = resolved.plan, resolved.deck
    report.slides = len(plan.slides)
    report.findings += [_from_diagnostic(d, str(path)) for d in diags.warnings]
    frames = None
    if plan.theme.template is not None:
        found, frames = _template_findings(plan, str(path), fonts)
        report.findings += found
    sections = _section_suppressions(model)
    per_slide = {s.id: {**sections.get(s.section_id, {}), **s.suppress} for s in plan.slides}
    figures = _figure_keys(resolved.data, plan)
    report.findings += check_plan(plan, fonts, per_slide, figures, frames)
    report.findings += _lifecycle(path, plan, model, opts, today)
    apply_suppressions(report.findings, plan.suppress, per_slide)
    return report


def _lifecycle(path: Path, plan: DeckPlan, model, opts, today: dt.date | None) -> list[Finding]:
    """The evidence lifecycle's findings (slidegen.check.lifecycle) on this build, and the
    time and reading-level budgets of its audience; checking the whole deck (no audience),
    those of every audience that sets a `duration` or `reading_level`, each planned as its
    own build would be."""
    from ..lifecycle import today as resolve_today
    from .lifecycle import evidence_findings, literal_findings, reading_findings, time_findings

    day = resolve_today(today)

    def numbered(p: DeckPlan):
        return [(i, s) for i, s in enumerate(p.slides, 1) if not s.hidden]

    def loc_of(p: DeckPlan):
        return lambda s, n: _loc(p, s, n)

    out = evidence_findings(plan, numbered(plan), loc_of(plan), day)
    out += literal_findings(plan, model, numbered(plan), loc_of(plan))
    plans = [plan]
    if opts.audience is None:
        from ..build import plan_deck

        plans = [
            plan_deck(path, dataclasses.replace(opts, audience=name), Diagnostics())
            for name, aud in model.audiences.items()
            if aud.duration or aud.reading_level
        ]
    for p in plans:
        out += time_findings(p)
        out += reading_findings(p, numbered(p), loc_of(p))
    return out


def _template_findings(plan, path: str, fonts=None) -> tuple[list[Finding], object]:
    """A corporate template's problems as `build` meets them (a missing layout or placeholder,
    a damaged part), found by preparing the template as build does, and the frames its
    layouts offer (None when it cannot be used). Only a deck whose theme has a template pays
    for opening it with python-pptx."""
    from ..place import default_registry
    from ..place.measure import FontCache
    from ..render import footer_text, furniture_warnings, needed_layouts, plan_furniture_for
    from ..render.frames import frames_of
    from ..render.template import make_base, prepare_logos

    diags = Diagnostics()
    frames = None
    try:
        needed = needed_layouts(plan, default_registry())
        logos = prepare_logos(plan.theme)
        frames = frames_of(
            make_base(plan.theme, footer_text(plan), plan.language, logos, needed, diags)
        )
        furniture, _ = plan_furniture_for(plan, frames, fonts or FontCache(), logos)
        furniture_warnings(plan.theme, frames, furniture, diags)
    except SlidegenError as exc:
        diags.items += exc.diagnostics
    return [_from_diagnostic(d, path) for d in diags.items], frames


def _section_suppressions(deck) -> dict[str, dict[str, str]]:
    """Section id -> the codes it and its parent sections suppress (they apply to its slides)."""
    out: dict[str, dict[str, str]] = {}

    def walk(sections, inherited):
        for sec in sections:
            out[sec.id] = {**inherited, **(sec.suppress or {})}
            walk(sec.sections, out[sec.id])

    walk(deck.sections, {})
    return out


def _figure_keys(data: dict, plan: DeckPlan) -> set[str]:
    """The data names the slides use whose values are figures (numbers, or text with a digit)."""
    from ..resolve.data import DataLookup

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
    plan: DeckPlan,
    fonts=None,
    suppress: dict | None = None,
    figures: set[str] | None = None,
    frames=None,
) -> list[Finding]:
    """Every deck-level check on a resolved plan.

    `suppress`: slide id -> its suppressions; `figures`: the data names whose values are
    figures (default: every data name a slide uses); `frames`: the base's (a corporate
    template's; default: slidegen's own), where the slides are placed as `build` places them.
    """
    from ..place import PlaceContext, builtin_frames, default_registry, place_slide
    from ..place.measure import FontCache

    fonts = fonts or FontCache()
    placing = PlaceContext(
        plan,
        frames or builtin_frames(*plan.theme.slide_size, plan.theme),
        fonts,
        Diagnostics(),
        default_registry(),
    )
    out: list[Finding] = []
    numbered = [(i, s) for i, s in enumerate(plan.slides, 1) if not s.hidden]
    out += _titles(plan, numbered)
    for n, s in numbered:
        loc = _loc(plan, s, n)
        out += _alt_text(s, loc)
        out += _density(s, loc)
        out += _links(s, loc)
        out += _unsourced(s, loc, figures)
        placing.diags = Diagnostics()
        out += _fit(place_slide(placing, s), loc)
        out += [_placement_finding(d, loc) for d in placing.diags.items]
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
    if isinstance(c, ImageContent):
        items.append(("the picture", c.alt, c.decorative, c.image))
    elif isinstance(c, TwoColumnContent):
        for side, pane in (("left", c.left), ("right", c.right)):
            if pane.image is not None:
                items.append((f"the {side} picture", pane.alt, pane.decorative, pane.image))
    elif isinstance(c, ChartContent):
        items.append(("the chart", c.alt, False, None))
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
    if dataclasses.is_dataclass(value) and not isinstance(value, Pos):
        return [t for f in dataclasses.fields(value) for t in _texts(getattr(value, f.name))]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in _texts(v)]
    return []


def _words(texts: list[Text]) -> int:
    return sum(len(re.findall(r"\w[\w'’.,%:/-]*", t.plain)) for t in texts)


def _density(s: PlannedSlide, loc: Location) -> list[Finding]:
    if s.generated or s.layout in ("references", "agenda", "title", "section"):
        return []
    out = []
    c = s.content
    bullets = list(c.bullets) if isinstance(c, BulletsContent) else []
    if isinstance(c, TwoColumnContent):
        bullets += [*(c.left.bullets or ()), *(c.right.bullets or ())]
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


def _placement_finding(d: Diagnostic, loc: Location) -> Finding:
    """A warning placing the slide gave (text that does not fit, a template layout that
    lacks a placeholder), at the slide."""
    if d.code in CODES:
        return finding(CODES[d.code], loc, d.message, d.hint)
    return Finding(Code.BUILD_WARNING, d.severity, loc, d.message, d.hint or "")


# ---- fit: the sizes placement gave (the renderer writes the same) ----------------------------
def _fit(placed: list[PlacedSlide], loc: Location) -> list[Finding]:
    """TEXT-SMALL for reading text placement had to set below 18 pt to fit it."""
    out = []
    for part in placed:
        for fit in part.fits:
            if fit.body and fit.fits and fit.size < BODY_MIN_PT:
                out.append(
                    finding(
                        Code.TEXT_SMALL,
                        loc,
                        f"{fit.what} on slide '{part.planned.id}' is set at {fit.size:g} pt to "
                        f"fit (below {BODY_MIN_PT:g})",
                    )
                )
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
    from ..resolve.references import missing_fields

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
