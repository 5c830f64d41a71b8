"""Render a built .pptx with LibreOffice: PDF, a PNG per slide, a contact sheet, page text.

Needs LibreOffice (``soffice``) and poppler-utils (``pdftoppm``, ``pdftotext``, ``pdfinfo``)
on PATH. Each conversion uses a fresh LibreOffice profile in a temporary directory, so
several conversions can run at once, and the result is checked by looking for the PDF:
``soffice --convert-to`` exits 0 even when it cannot load the file.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from slidegen.codes import Code
from slidegen.errors import Diagnostic, Pos, SlidegenError, error

INSTALL_HINT = (
    "install LibreOffice and poppler-utils; on Debian/Ubuntu: "
    "sudo apt-get install libreoffice-impress poppler-utils"
)
POPPLER_TOOLS = ("pdftoppm", "pdftotext", "pdfinfo")

# contact sheet geometry, in pixels (public so callers and tests can compute the size)
SHEET_GAP = 16
SHEET_LABEL_HEIGHT = 28
SHEET_BACKGROUND = (242, 242, 242)
SHEET_BORDER = (160, 160, 160)
SHEET_LABEL_COLOR = (40, 40, 40)


class RenderToolsMissing(SlidegenError):
    """LibreOffice or poppler-utils is not installed (or not on PATH)."""

    def __init__(self, missing: list[str]):
        self.missing = list(missing)
        super().__init__(
            Diagnostic(
                "error",
                f"cannot render slides: {', '.join(self.missing)} not found on PATH",
                hint=INSTALL_HINT,
                code=Code.RENDER_TOOLS_MISSING,
            )
        )


@dataclass(frozen=True)
class PreviewResult:
    """What :func:`preview` wrote: the PDF, one PNG per visible slide, the contact sheet."""

    pdf: Path
    pngs: list[Path]
    contact_sheet: Path


def find_office() -> str | None:
    """Path of the LibreOffice executable (``soffice`` or ``libreoffice``), or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def find_poppler() -> dict[str, str] | None:
    """Paths of pdftoppm, pdftotext and pdfinfo keyed by name, or None if any is missing."""
    found = {name: shutil.which(name) for name in POPPLER_TOOLS}
    if any(path is None for path in found.values()):
        return None
    return {name: str(path) for name, path in found.items()}


def missing_tools(poppler: bool = True) -> list[str]:
    """Names of the render tools that are not on PATH (empty when all are there)."""
    missing = [] if find_office() else ["LibreOffice (soffice)"]
    if poppler:
        missing += [name for name in POPPLER_TOOLS if shutil.which(name) is None]
    return missing


def require_tools(poppler: bool = True) -> None:
    """Raise RenderToolsMissing unless LibreOffice (and poppler-utils) are installed."""
    missing = missing_tools(poppler)
    if missing:
        raise RenderToolsMissing(missing)


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None):
    """Run cmd in its own process group; on timeout kill the whole group (soffice forks)."""
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env=env,
        start_new_session=True,
    )
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def _pdf_command(
    soffice: str, tmp: Path, inputs: list[Path], target: str = "pdf", language: str | None = None
) -> tuple[list[str], dict]:
    """soffice's command line and environment converting `inputs` to PDFs in ``tmp/out``, with
    a LibreOffice profile and HOME of its own in `tmp` (no clash with a running LibreOffice).
    `target`: "pdf", or "pdf:impress_pdf_Export:{...}" with export options; `language`: the
    deck's (BCP 47), which LibreOffice writes as the PDF's language (/Lang) when it is the
    locale it runs in."""
    cmd = [
        soffice,
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--nodefault",
        f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
        "--convert-to",
        target,
        "--outdir",
        str(tmp / "out"),
        *map(str, inputs),
    ]
    env = dict(os.environ, HOME=str(tmp))
    if language:
        locale = language.replace("-", "_") + ".UTF-8"
        env.update(LC_ALL=locale, LANG=locale)
        env.pop("LANGUAGE", None)
    return cmd, env


# ---- accessible PDF and handouts ---------------------------------------------------------------
JSON_OPTIONS_SINCE = (7, 4)  # LibreOffice takes export options on the command line from 7.4


@dataclass(frozen=True)
class PdfKind:
    """What `export_pdf` writes: the slides as tagged PDF, or a handout of notes pages."""

    suffix: str  # added to the file name: "" or "-handout"
    options: dict


TAGGED = PdfKind(
    "",
    {
        # tagged PDF (headings, paragraphs, figures with their alt text, reading order)
        "UseTaggedPDF": True,
        # PDF/UA: the title shown instead of the file name, the structure PDF/UA asks for
        "PDFUACompliance": True,
        "DisplayPDFDocumentTitle": True,
    },
)
HANDOUT = PdfKind(
    "-handout",
    {
        "UseTaggedPDF": True,
        "DisplayPDFDocumentTitle": True,
        # a page per slide: the slide, then its speaker notes (Impress's notes pages)
        "ExportNotesPages": True,
        "ExportOnlyNotesPages": True,
    },
)


def _filter_options(options: dict) -> str:
    import json

    typed = {
        k: {"type": "boolean" if isinstance(v, bool) else "string", "value": str(v).lower()}
        for k, v in options.items()
    }
    return "pdf:impress_pdf_Export:" + json.dumps(typed, separators=(",", ":"))


def office_version(soffice: str | None = None, timeout: float = 60) -> tuple[int, ...] | None:
    """LibreOffice's version, e.g. (7, 4, 7, 2), or None when it cannot be told."""
    soffice = soffice or find_office()
    if soffice is None:
        return None
    try:
        code, out, _err = _run([soffice, "--version"], timeout)
    except (subprocess.TimeoutExpired, OSError):
        return None
    m = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?", out)
    return tuple(int(g) for g in m.groups() if g is not None) if m and code == 0 else None


def export_pdf(
    pptx: Path,
    out_dir: Path,
    kind: PdfKind = TAGGED,
    language: str | None = None,
    timeout: float = 180,
) -> Path:
    """Write ``out_dir/<stem><kind.suffix>.pdf`` from pptx: the slides as tagged PDF (PDF/UA,
    the document's title, its language) or, with HANDOUT, each slide with its speaker notes.

    Raises SlidegenError when LibreOffice is older than 7.4 (it takes no export options on the
    command line then) or cannot convert the file.
    """
    soffice = find_office()
    if soffice is None:
        raise RenderToolsMissing(["LibreOffice (soffice)"])
    version = office_version(soffice)
    if version is not None and version[:2] < JSON_OPTIONS_SINCE:
        shown = ".".join(map(str, version))
        raise error(
            f"LibreOffice {shown} cannot write tagged PDF or notes pages from the command line"
            " (7.4 or later can)",
            Pos(str(pptx)),
            hint="install LibreOffice 7.4 or later",
        )
    name = Path(pptx).stem + kind.suffix
    return convert_to_pdf(
        pptx, out_dir, timeout, target=_filter_options(kind.options), language=language, name=name
    )


def convert_to_pdf(
    pptx: Path,
    out_dir: Path,
    timeout: float = 180,
    *,
    target: str = "pdf",
    language: str | None = None,
    name: str | None = None,
) -> Path:
    """Convert pptx to ``out_dir/<stem>.pdf`` (or ``<name>.pdf``) with headless LibreOffice;
    return the PDF path. `target` and `language`: as for _pdf_command."""
    pptx = Path(pptx)
    out_dir = Path(out_dir)
    soffice = find_office()
    if soffice is None:
        raise RenderToolsMissing(["LibreOffice (soffice)"])
    if not pptx.is_file():
        raise error("file not found, so it cannot be converted to PDF", Pos(str(pptx)))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="slidegen-lo-") as tmp_name:
        tmp = Path(tmp_name)
        # a plain copied name: soffice names its output after the input and dislikes odd names
        src = tmp / "deck.pptx"
        shutil.copyfile(pptx, src)
        try:
            cmd, env = _pdf_command(soffice, tmp, [src], target, language)
            code, out, err = _run(cmd, timeout, env)
        except subprocess.TimeoutExpired:
            raise error(
                f"LibreOffice did not finish converting this file to PDF within {timeout:g} s",
                Pos(str(pptx)),
                hint="the file may make LibreOffice hang; try opening it in PowerPoint",
            )
        produced = tmp / "out" / "deck.pdf"
        if not produced.is_file() or produced.stat().st_size == 0:
            lines = [ln for ln in (err + out).splitlines() if "javaldx" not in ln and ln.strip()]
            detail = " / ".join(lines[-3:]) or "no output"
            raise error(
                f"LibreOffice could not convert this file to PDF (exit {code}): {detail}",
                Pos(str(pptx)),
            )
        final = out_dir / ((name or pptx.stem) + ".pdf")
        shutil.move(str(produced), final)
    return final


def convert_many_to_pdf(pptxs: list[Path], out_dir: Path, timeout: float = 600) -> list[Path]:
    """Convert several files in one LibreOffice run (one start-up); return the PDFs in order.

    Each ``out_dir/<stem>.pdf`` is named after its file, so the stems must differ.
    """
    pptxs = [Path(p) for p in pptxs]
    out_dir = Path(out_dir)
    if len({p.stem for p in pptxs}) != len(pptxs):
        raise ValueError("convert_many_to_pdf needs files with different names")
    soffice = find_office()
    if soffice is None:
        raise RenderToolsMissing(["LibreOffice (soffice)"])
    for p in pptxs:
        if not p.is_file():
            raise error("file not found, so it cannot be converted to PDF", Pos(str(p)))
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="slidegen-lo-") as tmp_name:
        tmp = Path(tmp_name)
        copies = []
        for i, p in enumerate(pptxs):
            copies.append(tmp / f"deck-{i:04d}.pptx")
            shutil.copyfile(p, copies[-1])
        try:
            cmd, env = _pdf_command(soffice, tmp, copies)
            code, out, err = _run(cmd, timeout, env)
        except subprocess.TimeoutExpired:
            raise error(
                f"LibreOffice did not finish converting {len(pptxs)} files within {timeout:g} s",
                Pos(str(pptxs[0])),
            )
        result, failed = [], []
        for p, copy in zip(pptxs, copies, strict=True):
            produced = tmp / "out" / (copy.stem + ".pdf")
            if not produced.is_file() or produced.stat().st_size == 0:
                failed.append(p)
                continue
            final = out_dir / (p.stem + ".pdf")
            shutil.move(str(produced), final)
            result.append(final)
        if failed:
            raise SlidegenError(
                [
                    Diagnostic(
                        "error",
                        f"LibreOffice could not convert this file to PDF (exit {code})",
                        Pos(str(p)),
                    )
                    for p in failed
                ]
            )
    return result


def _poppler(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RenderToolsMissing([name])
    return path


def _run_poppler(cmd: list[str], pdf: Path, timeout: float) -> str:
    try:
        code, out, err = _run(cmd, timeout)
    except subprocess.TimeoutExpired:
        raise error(f"{Path(cmd[0]).name} did not finish within {timeout:g} s", Pos(str(pdf)))
    if code != 0:
        detail = err.strip().splitlines()[-1:] or ["no output"]
        raise error(f"{Path(cmd[0]).name} failed (exit {code}): {detail[0]}", Pos(str(pdf)))
    return out


def pdf_page_count(pdf: Path, timeout: float = 60) -> int:
    """Number of pages in a PDF (pdfinfo)."""
    out = _run_poppler([_poppler("pdfinfo"), str(pdf)], Path(pdf), timeout)
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    if not m:
        raise error("pdfinfo did not report a page count", Pos(str(pdf)))
    return int(m.group(1))


def pdf_to_pngs(
    pdf: Path, out_dir: Path, dpi: int = 96, prefix: str = "slide", timeout: float = 180
) -> list[Path]:
    """Render each PDF page to ``out_dir/<prefix>-01.png`` ...; return the paths in page order.

    Earlier ``<prefix>-NN.png`` files in out_dir are removed first, so a shorter deck leaves
    no stale pictures behind.
    """
    pdf = Path(pdf)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(re.escape(prefix) + r"-\d+\.png")
    for old in out_dir.iterdir():
        if pattern.fullmatch(old.name):
            old.unlink()
    with tempfile.TemporaryDirectory(prefix="slidegen-png-") as tmp_name:
        tmp = Path(tmp_name)
        cmd = [_poppler("pdftoppm"), "-r", str(dpi), "-png", str(pdf), str(tmp / "p")]
        _run_poppler(cmd, pdf, timeout)
        # pdftoppm pads page numbers to the width of the page count (p-1 or p-01 ...)
        pages = sorted(tmp.glob("p-*.png"), key=lambda p: int(p.stem.split("-")[1]))
        width = max(2, len(str(len(pages))))
        result = []
        for i, page in enumerate(pages, start=1):
            target = out_dir / f"{prefix}-{i:0{width}d}.png"
            shutil.move(str(page), target)
            result.append(target)
    return result


def _label_font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def contact_sheet(
    pngs: list[Path],
    out: Path,
    columns: int = 4,
    thumb_width: int = 480,
    labels: list[str] | None = None,
) -> Path:
    """Lay the slide pictures out in a numbered grid and save it as PNG.

    Each thumbnail is labelled with ``labels[i]`` (default: 1, 2, ... in order).

    The grid has ``min(columns, len(pngs))`` columns; every thumbnail is ``thumb_width``
    wide with the height of the first picture's aspect ratio, a thin border, and its
    number in the label strip below it. Size: ``cols * (thumb_width + SHEET_GAP) + SHEET_GAP``
    by ``rows * (thumb_height + SHEET_LABEL_HEIGHT + SHEET_GAP) + SHEET_GAP``.
    """
    if not pngs:
        raise ValueError("contact_sheet needs at least one picture")
    if columns < 1 or thumb_width < 1:
        raise ValueError("columns and thumb_width must be positive")
    if labels is None:
        labels = [str(i) for i in range(1, len(pngs) + 1)]
    if len(labels) != len(pngs):
        raise ValueError("contact_sheet needs one label per picture")
    out = Path(out)
    with Image.open(pngs[0]) as first:
        thumb_height = max(1, round(thumb_width * first.height / first.width))
    cols = min(columns, len(pngs))
    rows = math.ceil(len(pngs) / cols)
    size = (
        cols * (thumb_width + SHEET_GAP) + SHEET_GAP,
        rows * (thumb_height + SHEET_LABEL_HEIGHT + SHEET_GAP) + SHEET_GAP,
    )
    sheet = Image.new("RGB", size, SHEET_BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = _label_font(SHEET_LABEL_HEIGHT * 2 // 3)
    for i, path in enumerate(pngs):
        row, col = divmod(i, cols)
        x = SHEET_GAP + col * (thumb_width + SHEET_GAP)
        y = SHEET_GAP + row * (thumb_height + SHEET_LABEL_HEIGHT + SHEET_GAP)
        with Image.open(path) as img:
            thumb = img.convert("RGB").resize((thumb_width, thumb_height), Image.Resampling.LANCZOS)
        sheet.paste(thumb, (x, y))
        draw.rectangle((x - 1, y - 1, x + thumb_width, y + thumb_height), outline=SHEET_BORDER)
        draw.text(
            (x + thumb_width // 2, y + thumb_height + SHEET_LABEL_HEIGHT // 2),
            labels[i],
            fill=SHEET_LABEL_COLOR,
            font=font,
            anchor="mm",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")
    return out


def pdf_page_texts(pdf: Path, timeout: float = 60) -> list[str]:
    """The text of each PDF page, in page order (``pdftotext`` reading order, UTF-8).

    Reading order (not ``-layout``) keeps each text box's lines together even when boxes
    stand side by side. Text drawn outside the page is not included (poppler drops it).
    """
    pdf = Path(pdf)
    out = _run_poppler([_poppler("pdftotext"), "-enc", "UTF-8", str(pdf), "-"], pdf, timeout)
    pages = out.split("\f")
    # pdftotext ends every page with a form feed: drop the empty piece after the last one
    if out.endswith("\f"):
        pages.pop()
    return pages


def visible_slide_numbers(pptx: Path) -> list[int]:
    """1-based positions in the deck of the slides that are not hidden (LibreOffice's pages)."""
    from pptx import Presentation  # only here: rendering is optional, python-pptx is heavy

    slides = Presentation(str(pptx)).slides
    return [
        i for i, s in enumerate(slides, start=1) if s._element.get("show") not in ("0", "false")
    ]


def preview(
    pptx: Path,
    out_dir: Path,
    dpi: int = 96,
    timeout: float = 180,
    thumb_width: int = 480,
    columns: int = 4,
) -> PreviewResult:
    """Convert pptx to PDF, a PNG per slide and ``contact-sheet.png``, all in out_dir.

    The PNGs are ``slide-01.png`` ... in page order (hidden slides have no page); the contact
    sheet (``columns`` thumbnails ``thumb_width`` px wide per row) labels each with its slide
    number in the deck, so hidden slides leave gaps.
    """
    require_tools()
    out_dir = Path(out_dir)
    pdf = convert_to_pdf(pptx, out_dir, timeout=timeout)
    pngs = pdf_to_pngs(pdf, out_dir, dpi=dpi, timeout=timeout)
    if not pngs:
        raise error("LibreOffice produced a PDF without pages", Pos(str(pptx)))
    numbers = visible_slide_numbers(pptx)
    labels = [str(n) for n in numbers] if len(numbers) == len(pngs) else None
    sheet = contact_sheet(
        pngs, out_dir / "contact-sheet.png", columns, thumb_width=thumb_width, labels=labels
    )
    return PreviewResult(pdf=pdf, pngs=pngs, contact_sheet=sheet)
