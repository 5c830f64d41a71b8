"""The library API: load -> validate -> resolve -> render -> write, wired together."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .codes import Code
from .errors import Diagnostic, Diagnostics, Pos, SlidegenError, error
from .plan import DeckPlan


@dataclass
class BuildOptions:
    """What to build: audience, overlays, theme override, output folder."""

    out_dir: Path = Path("build")
    audience: str | None = None
    overlays: tuple[Path, ...] = ()
    theme: str | None = None
    strict: bool = False
    output: Path | None = None  # exact output file (overrides the naming rule)
    allow_outside: bool = False  # read files outside the deck's project (files.Scope)

    def scope(self, deck: Path):
        """Where a build of `deck` may read files from, with a fresh budget (files.Scope)."""
        from .files import Scope

        return Scope.for_deck(Path(deck), self.overlays, self.allow_outside)


@dataclass
class BuildResult:
    """One built file: where, how many slides, bytes, time, and what was said on the way."""

    deck: Path
    output: Path | None
    slides: int
    size: int
    seconds: float
    plan: DeckPlan | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    data: bytes = b""


def output_name(deck_id: str, audience: str | None, overlays: tuple[Path, ...]) -> str:
    """build/<deck-id>[--<audience>][--<overlay-stem>...].pptx"""
    parts = [deck_id]
    if audience:
        parts.append(audience)
    parts += [Path(o).stem for o in overlays]
    return "--".join(parts) + ".pptx"


def load_and_validate(
    path: Path,
    options: BuildOptions,
    diags: Diagnostics,
    included: list[Path] | None = None,
    cache=None,
    scope=None,
):
    """Load a deck (with includes and overlays) and validate it. Returns (model, tree).

    The path of every included file is appended to `included` when it is a list. With a
    BuildCache `cache`, an unchanged deck is loaded and validated once. `scope`: where its
    files may be and what they may cost in all (default: options.scope(path)).
    """
    scope = scope or options.scope(path)
    if cache is not None:
        return cache.loaded_deck(
            path,
            options.overlays,
            diags,
            included,
            lambda d, inc: load_and_validate(path, options, d, inc, scope=scope),
            options.allow_outside,
        )
    from .load import load_deck
    from .schema.validate import validate_deck

    if not path.exists():
        from .load import display_path

        raise error(f"deck file '{display_path(path)}' not found")
    _not_a_presentation(path)
    tree = load_deck(path, diags, included, scope)
    if options.overlays:
        from .load.overlay import apply_overlays

        tree = apply_overlays(tree, list(options.overlays), diags, scope)
    deck = validate_deck(tree, str(path))
    return deck, tree


def _not_a_presentation(path: Path) -> None:
    """A PowerPoint file given as a deck (whatever its name) is told so, not read as YAML."""
    if not path.is_file():
        return
    # a presentation is a zip package: a deck (YAML text) never starts with "PK", so it does
    # not import the importer (about 1.5 ms of every build's start-up)
    try:
        with open(path, "rb") as f:
            if f.read(2) != b"PK":
                return
    except OSError:
        return  # sniff would say "other"; load_deck reports the file
    from .importer.package import sniff

    found = sniff(path)
    if not found.presentation:
        return
    if "template" in found.what:  # a corporate template: a theme's, not a deck
        hint = (
            "to build decks on it, name it in a theme's `template:` (see `slidegen theme new`);"
            f" to start a deck from its slides: slidegen import {path}"
        )
    else:
        hint = f"turn it into a deck with: slidegen import {path}"
    raise error(
        f"'{path}' is a PowerPoint file, not a deck file: it holds {found.what}",
        Pos(str(path)),
        hint,
    )


def plan_deck(
    path: Path,
    options: BuildOptions | None = None,
    diags: Diagnostics | None = None,
    audience_pos: Pos | None = None,
    cache=None,
) -> DeckPlan:
    """Everything before rendering: the resolved, audience-filtered DeckPlan."""
    return resolve_deck(path, options, diags, audience_pos, cache).plan


@dataclass(eq=False)
class Resolved:
    """A deck resolved for a build: the plan, the merged data, the merged deck tree (deck,
    includes and overlays, with positions) and its validated model (schema.model.DeckFile),
    for the features that need more than the plan."""

    plan: DeckPlan
    data: dict
    tree: dict
    deck: object


def resolve_deck(
    path: Path,
    options: BuildOptions | None = None,
    diags: Diagnostics | None = None,
    audience_pos: Pos | None = None,
    cache=None,
) -> Resolved:
    """plan_deck's work, keeping the deck's data and its merged tree too."""
    from .resolve.planner import Planner
    from .schema.theme import load_theme

    options = options or BuildOptions()
    diags = diags if diags is not None else Diagnostics()
    path = Path(path)
    included: list[Path] = []
    scope = options.scope(path)
    deck, tree = load_and_validate(path, options, diags, included, cache, scope)
    theme_name = options.theme or deck.deck.theme
    theme_pos = None if options.theme else deck.deck.where("theme")
    # a theme named on the command line is the caller's choice; one the deck names is checked
    theme = load_theme(theme_name, path.parent, theme_pos, diags, scope, bool(options.theme))
    if deck.deck.logo:
        theme = with_cobrand_logo(theme, deck.deck, path.parent, scope)
    planner = Planner(deck, path, theme, diags, scope)
    plan = planner.plan(options.audience, audience_pos)
    if not plan.slides:
        _nothing_to_build(deck, path, options.audience)
    elif all(s.generated for s in plan.slides) and _has_slides(deck.sections):
        made = ", ".join(dict.fromkeys(s.layout for s in plan.slides))
        kept_out = (
            f"no slide is for audience '{options.audience}' or shown"
            if options.audience
            else "every slide is hidden"
        )
        diags.warning(
            f"{kept_out}: the build holds only generated slides ({made})",
            Pos(str(path)),
            code=Code.SLIDES_HIDDEN,
        )
    plan.overlays = tuple(str(o) for o in options.overlays)
    plan.inputs += [*included, *options.overlays]
    plan.inputs += theme.files
    if theme.template is not None:
        plan.inputs.append(theme.template)
    for logo in (theme.logo, *theme.extra_logos):
        if logo is not None:
            plan.inputs.append(logo.path)
    plan.inputs = list(dict.fromkeys(plan.inputs))
    diags.raise_if_errors()
    return Resolved(plan, planner.data, tree, deck)


def _has_slides(sections) -> bool:
    return any(sec.slides or _has_slides(sec.sections) for sec in sections)


def _nothing_to_build(deck, path: Path, audience: str | None) -> None:
    """A build that would make a .pptx without slides is an error saying why."""
    hidden = other = 0

    def walk(sections, hidden_above: bool) -> None:
        nonlocal hidden, other
        for sec in sections:
            for sl in sec.slides:
                if hidden_above or sec.hidden or sl.hidden:
                    hidden += 1
                else:
                    other += 1
            walk(sec.sections, hidden_above or sec.hidden)

    walk(deck.sections, False)
    total = hidden + other
    where = Pos(str(path))
    if total == 0:
        why = "the deck has no slides and `deck.title_slide` is false"
    elif other == 0:
        why = (
            f"every slide is hidden ({total} with `hidden: true`, on the slide or its section)"
            " and `deck.title_slide` is false"
        )
    elif audience is not None:
        why = f"no slide is for audience '{audience}'" + (
            f" ({hidden} more are hidden)" if hidden else ""
        )
    else:
        why = "no slide is kept"
    raise error(
        f"nothing to build: {why}",
        deck.deck.where("title_slide") or where,
        "show a slide (remove `hidden: true`), or set `title_slide: true` under `deck:`",
    )


def with_cobrand_logo(theme, meta, deck_dir: Path, scope=None):
    """The theme plus the deck's own `logo:` (co-branding), placed beside the theme's logo.

    `scope`: where the logo may be (files.Scope; default: the deck's project)."""
    import dataclasses

    from .files import Scope
    from .schema.theme import Logo

    pos = meta.where("logo")
    scope = scope or Scope.for_deck(deck_dir / "deck.yaml")
    logo_path = scope.check(deck_dir / meta.logo, meta.logo, "logo", pos)
    if not logo_path.exists():
        from .load import display_path

        raise error(f"logo '{display_path(logo_path)}' not found", pos)
    corner = theme.logo.position if theme.logo else "bottom-right"
    height = theme.logo.height if theme.logo else "1.2cm"
    extra = Logo(logo_path, corner, height, pos)
    return dataclasses.replace(theme, extra_logos=(*theme.extra_logos, extra))


def render_plan(plan: DeckPlan, diags: Diagnostics, fonts=None, cache=None) -> tuple[bytes, int]:
    """Render and serialise a plan: (pptx bytes, slide count). `cache`: a BuildCache."""
    from .render import render
    from .write import to_bytes, zip_memo

    memo = zip_memo(cache)
    # each slide is compressed when finished and its XML let go: most of a big build's memory
    prs, rendered = render(plan, diags, fonts, cache=cache, release=True, memo=memo)
    diags.raise_if_errors()
    return to_bytes(prs, plan, cache, memo), len(rendered)


def build(
    path: Path | str,
    options: BuildOptions | None = None,
    write: bool = True,
    fonts=None,
    cache=None,
) -> BuildResult:
    """Build one deck into a .pptx. Raises SlidegenError (with every problem) on bad input.

    On any error nothing is written and a previous output stays as it was. `cache`: a
    :class:`slidegen.cache.BuildCache` kept between builds in one process (watch mode).
    """
    options = options or BuildOptions()
    path = Path(path)
    start = time.perf_counter()
    diags = Diagnostics()
    plan = plan_deck(path, options, diags, cache=cache)
    if fonts is None and cache is not None:
        fonts = cache.font_cache()
    data, count = render_plan(plan, diags, fonts, cache)
    # The FONT-SUBSTITUTE note is about this machine (a font not installed), not the deck:
    # --strict fails on problems in the inputs only, as `slidegen check --strict` does.
    strict_warnings = [w for w in diags.warnings if w.code != Code.FONT_SUBSTITUTE]
    if options.strict and strict_warnings:
        raise SlidegenError(
            [
                Diagnostic(
                    "error", f"{w.message} (warning treated as error: --strict)", w.pos, w.hint
                )
                for w in strict_warnings
            ]
        )
    out = options.output or Path(options.out_dir) / output_name(
        plan.id, options.audience, options.overlays
    )
    if write:
        from .write import write_atomic

        write_atomic(out, data)
    return BuildResult(
        deck=path,
        output=out if write else None,
        slides=count,
        size=len(data),
        seconds=time.perf_counter() - start,
        plan=plan,
        warnings=list(diags.warnings),
        data=data,
    )
