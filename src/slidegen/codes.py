"""The diagnostic codes of build, import, preview and check: one enumeration for all of them.

A `Code` is a `str`, so it compares, hashes and serialises as its upper-case value
(`Code.OVERFLOW == "OVERFLOW"`). Each member carries its severity (what `check` reports it
as), what it finds and how to fix it: the README's table of codes. No imports beyond enum.

Stable: codes are never renamed or reused; new checks get new codes.
"""

from __future__ import annotations

from enum import Enum


class Code(str, Enum):
    """A diagnostic code with its severity, description (`what`) and `fix`."""

    severity: str
    what: str
    fix: str

    def __new__(cls, value: str, severity: str, what: str, fix: str):
        member = str.__new__(cls, value)
        member._value_ = value
        member.severity = severity
        member.what = what
        member.fix = fix
        return member

    # the value, never "Code.OVERFLOW", in str(), f-strings and output (Python 3.10 too)
    __str__ = str.__str__
    __format__ = str.__format__

    # ---- check (BUILD-*: a build problem without a code of its own) ------------------------
    BUILD_ERROR = (
        "BUILD-ERROR",
        "error",
        "a problem that stops a build (YAML, keys, data, citations)",
        "as the message says",
    )
    BUILD_WARNING = ("BUILD-WARNING", "warning", "a warning a build prints", "as the message says")
    FONT_SUBSTITUTE = (
        "FONT-SUBSTITUTE",
        "info",
        "a theme font is not installed; text was measured with a metric-compatible substitute",
        "install the font for exact measurements",
    )
    PPTX_UNREADABLE = (
        "PPTX-UNREADABLE",
        "error",
        "the file is not a PowerPoint package that can be read",
        "re-save it as .pptx",
    )
    TITLE_MISSING = (
        "TITLE-MISSING",
        "error",
        "a slide has no title (screen-reader users navigate by titles)",
        "give the slide a title in its title placeholder",
    )
    TITLE_DUPLICATE = (
        "TITLE-DUPLICATE",
        "warning",
        "two slides have the same title",
        "make each title say what its slide shows, or add '(2)'",
    )
    ALT_MISSING = (
        "ALT-MISSING",
        "error",
        "a picture or chart has no alternative text",
        "write `alt:` (or `decorative: true` for ornament)",
    )
    ALT_FILENAME = (
        "ALT-FILENAME",
        "error",
        "alternative text is a file name or a generic word ('image.png', 'Picture 3')",
        "describe what the picture shows and why it is there",
    )
    READING_ORDER = (
        "READING-ORDER",
        "warning",
        "screen readers read shapes in an order that differs from the layout",
        "title first, then top to bottom and left to right (Arrange > Reading Order)",
    )
    TEXT_TOO_SMALL = (
        "TEXT-TOO-SMALL",
        "error",
        "text below 12 pt, too small to read in a room",
        "use 12 pt or more",
    )
    TEXT_SMALL = (
        "TEXT-SMALL",
        "warning",
        "body text below 18 pt",
        "shorten the text or split the slide so it can stay at 18 pt or more",
    )
    OVERFLOW = (
        "OVERFLOW",
        "warning",
        "text does not fit its box even at the smallest allowed size",
        "shorten the text or split the slide",
    )
    CONTRAST = (
        "CONTRAST",
        "error",
        "text colour against its background is below WCAG 2.2 AA (4.5:1, or 3:1 for large text)",
        "darken the text or lighten the background (theme colours)",
    )
    TOO_MANY_BULLETS = (
        "TOO-MANY-BULLETS",
        "warning",
        "more than 6 bullets on one slide",
        "split the list over two slides",
    )
    TOO_MANY_WORDS = (
        "TOO-MANY-WORDS",
        "warning",
        "more than 50 words of body text on one slide",
        "keep the slide to key points and move detail into the speaker notes",
    )
    LINK_TEXT = (
        "LINK-TEXT",
        "warning",
        "link text does not say where it goes ('click here', a bare URL)",
        "write link text that makes sense on its own: [the 2022 report](https://...)",
    )
    REF_UNCITED = (
        "REF-UNCITED",
        "warning",
        "a reference is not cited by any slide in this build",
        "cite it, or remove it from `references`",
    )
    REF_FIELDS = (
        "REF-FIELDS",
        "warning",
        "a reference lacks a field its type needs (e.g. a report's publisher)",
        "add the field named in the message",
    )
    VALUE_UNSOURCED = (
        "VALUE-UNSOURCED",
        "warning",
        "a slide shows figures (stat, chart, data values) but cites no source",
        "cite the source: `cite: [id]`, or a sourced value `{value: 74, cite: id}`",
    )
    EVIDENCE_REVIEW = (
        "EVIDENCE-REVIEW",
        "warning",
        "a slide shows a figure, or cites a work, whose `review_by` date has passed",
        "check the figure against its source, then update its `value`, `as_of` and `review_by`",
    )
    EVIDENCE_AGE = (
        "EVIDENCE-AGE",
        "warning",
        "a slide shows a figure, or cites a work, whose `as_of` is older than"
        " `deck.evidence.max_age`",
        "look for newer evidence and update the value and its `as_of`, or suppress the code"
        " on the slide with the reason the figure still stands",
    )
    EVIDENCE_UNDATED = (
        "EVIDENCE-UNDATED",
        "info",
        "`deck.evidence.max_age` is set but a figure the slides show (and its source) has no"
        " `as_of`",
        "add `as_of:` (the date the figure describes or was retrieved) to the value or its"
        " reference",
    )
    FIGURE_LITERAL = (
        "FIGURE-LITERAL",
        "warning",
        "a number typed into a slide's text, notes, caption, alt text or chart equals a data"
        " value, so it will not change when the data does",
        "write the `{{ name }}` placeholder the message suggests (or suppress the code on the"
        " slide with a reason)",
    )
    TIME_OVER = (
        "TIME-OVER",
        "warning",
        "an audience's build takes longer than its `duration` (speaker notes at"
        " `deck.pace`, or each slide's `time`)",
        "drop or shorten slides for that audience, shorten the notes, or give it a longer"
        " `duration`",
    )
    READING_LEVEL = (
        "READING-LEVEL",
        "warning",
        "a slide's text is harder to read than its audience's `reading_level`",
        "shorter sentences and everyday words; move detail into the speaker notes",
    )
    SUPPRESS_UNKNOWN = (
        "SUPPRESS-UNKNOWN",
        "warning",
        "`suppress` names a code that does not exist",
        "use a code from the table of check codes",
    )

    # ---- build warnings about a corporate template (check reports them too) ---------------
    TEMPLATE_LAYOUT = (
        "TEMPLATE-LAYOUT",
        "warning",
        "a corporate template has no layout for a role, or only a poor match; with "
        "`fallback: true` one was chosen by its placeholders or generated",
        "map a template layout in the theme's `layouts:` (`slidegen theme show` lists them)",
    )
    TEMPLATE_PLACEHOLDER = (
        "TEMPLATE-PLACEHOLDER",
        "warning",
        "a template layout lacks a placeholder its slides need; one was added, or a text box "
        "stands in for it",
        "add the placeholder in PowerPoint's Slide Master view, or map another layout in "
        "`layouts:`",
    )
    TEMPLATE_FURNITURE = (
        "TEMPLATE-FURNITURE",
        "warning",
        "the footer, slide number or a logo is left off a corporate template's slides: the "
        "template has no placeholder for it and no room clear of its own art",
        "add footer and slide-number placeholders to the template's layouts in PowerPoint's "
        "Slide Master view, or put the logo in another corner",
    )
    TEMPLATE_FILE = (
        "TEMPLATE-FILE",
        "info",
        "a corporate template's macros were not carried over: the output is always a .pptx",
        "nothing to do; keep the macros in the template",
    )

    # ---- build, import and preview only (never a finding of check) ---------------------------
    PICTURE = (
        "PICTURE",
        "warning",
        "a picture is used differently from the file (an animated image: its first frame only)",
        "as the message says",
    )
    SLIDES_HIDDEN = (
        "SLIDES-HIDDEN",
        "warning",
        "every slide is hidden or not for this audience: only generated slides are left",
        "show a slide (`hidden: false`), or build for an audience its slides are for",
    )
    IMPORT = (
        "IMPORT",
        "warning",
        "`slidegen import` could not carry something over from the .pptx",
        "edit the imported deck by hand where the message says",
    )
    RENDER_TOOLS_MISSING = (
        "RENDER-TOOLS-MISSING",
        "error",
        "LibreOffice or poppler-utils, which preview and PDF output need, is not on PATH",
        "install LibreOffice and poppler-utils",
    )
