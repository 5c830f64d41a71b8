"""What one input may cost: every budget slidegen keeps while reading, defined once.

Each limit is checked before or while the input is read (never after reading it whole), and
going over one is a located error naming the limit. The figures are far above what real decks
need: `docs/design.md` ("Limits") gives, for each, the largest figure of the real-world corpus
(`../shared/corpus/`) and of slidegen's own 3,500-slide benchmark output. No imports.
"""

MB = 1024 * 1024

# ---- deck files (YAML) -------------------------------------------------------------------------
TEXT_FILE_BYTES = 5 * MB
"""One deck, included, overlay, data, theme or reference file (checked before reading)."""
TEXT_TOTAL_BYTES = 20 * MB
"""Every deck, included, overlay, data and reference file of one build together."""
YAML_VALUES = 500_000
"""Values in one YAML file after alias expansion (an alias bomb is refused before it expands)."""
YAML_DEPTH = 64
"""Levels of nesting in one YAML file."""

# ---- inline markup -----------------------------------------------------------------------------
MARKUP_PER_TEXT = 10_000
"""Pieces of inline markup (*, **, links, citations, placeholders) in one text field."""
MARKUP_PER_DECK = 250_000
"""Runs of text and citations in one deck's slides and notes together: each costs about a
kilobyte once measured and drawn, far more than the characters that made it."""

# ---- references ----------------------------------------------------------------------------------
BIB_EXPANSION_CHARS = 10_000_000
"""Characters BibTeX `@string` macros may expand to in one file, counted before expanding."""

# ---- pictures ------------------------------------------------------------------------------------
PICTURE_BYTES = 100 * MB
"""One picture or logo file (checked before reading)."""
PICTURE_PIXELS = 100_000_000
"""Pixels of one picture (width x height, from its header, before decoding): 10,000 x 10,000."""

# ---- .pptx packages (check, import, diff, templates) --------------------------------------------
PACKAGE_MEMBERS = 20_000
"""Members in one .pptx's zip directory."""
PACKAGE_MEMBER_BYTES = 128 * MB
"""One member of a .pptx, uncompressed (from the zip directory, and again while inflating)."""
PACKAGE_XML_BYTES = 16 * MB
"""One XML part of a .pptx, uncompressed: XML is parsed whole, at several times its size."""
PACKAGE_BYTES = 256 * MB
"""A whole .pptx, uncompressed: every member in its zip directory together."""
PACKAGE_READ_BYTES = 256 * MB
"""What slidegen inflates from one .pptx in all (only the parts a presentation uses are read)."""


def megabytes(n: int) -> str:
    """A size for messages, as file managers show it: `5.2 MB`, `1.1 GB` (10^6, 10^9 bytes),
    so a file one byte over a 5 MB limit reads 5.2 MB, not 5.0."""
    if n >= 1_000_000_000:
        return f"{n / 1e9:.1f} GB"
    return f"{n / 1e6:.1f} MB"


def limit_text(n: int) -> str:
    """A limit for messages: `5 MB`, `128 MB`, `1 GB`."""
    if n % (1024 * MB) == 0:
        return f"{n // (1024 * MB)} GB"
    if n % MB == 0:
        return f"{n // MB} MB"
    return f"{n:,} bytes"
