"""Benchmark `slidegen` against the python-pptx floor and check the performance targets.

For 30, 350 and 3,500 slides it writes a deck mixing every layout (title, agenda, section
dividers, bullets, statement, quote, stat, image, two-column, table, chart, references,
closing; notes on a fifth of the slides), then times `slidegen build` and `benchmarks/floor.py`
as whole processes, taking turns (median wall time, CPU time and peak RSS from wait4, output
size). It also times `slidegen --help`, `slidegen check` of the seed deck and a warm
watch-mode rebuild, and prints every target with "met" or "NOT met".

slidegen is byte-compiled first and the timed processes may read the .pyc files (they run
without PYTHONDONTWRITEBYTECODE), as an installed slidegen's are: pip compiles it, while an
editable install under PYTHONDONTWRITEBYTECODE compiles all of src/ again on every run.

    python benchmarks/bench.py             # the default run (about 2 to 3 minutes)
    python benchmarks/bench.py --quick     # fewer runs
    python benchmarks/bench.py --sizes 350 --runs 5 --keep /tmp/bench
"""

from __future__ import annotations

import argparse
import compileall
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SEED = ROOT / "decks" / "parent-infant-impact.yaml"
FLOOR = ROOT / "benchmarks" / "floor.py"
SIZES = (30, 350, 3500)
PICTURES = 25
REFERENCES = 8
KINDS = (
    "bullets",
    "statement",
    "quote",
    "stat",
    "image",
    "two-column",
    "table",
    "chart",
    "bullets",
)
RICH = ("image", "two-column", "table", "chart")

# targets
FLOOR_RATIO = {30: 1.6, 350: 0.8, 3500: 0.6}  # slidegen's wall time / the floor's, at most
BIG_MB = 150  # peak RSS of the 3,500-slide build, under
LINEAR_RATIO = 11.0  # the 3,500-slide build / the 350-slide build, at most
REBUILD_MS = 60  # warm watch-mode rebuild of the seed deck, under


# ---- the generated deck ----------------------------------------------------------------------
def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _content_slide(i: int, kind: str) -> list[str]:
    """YAML lines (indented for a subsection's slide list) of content slide `i`."""
    cite = f"ref{i % REFERENCES}"
    lines = [f"          - id: s{i}", f"            layout: {kind}"]
    add = lines.append
    if kind == "bullets":
        add(f"            title: {_q(f'Finding {i}: what the evidence tells us')}")
        add("            bullets:")
        add(f"              - {_q(f'Finding {i}.1 with a [link](https://example.org/e/{i})')}")
        add(f"              - text: {_q(f'Finding {i}.2 is **important** [@{cite}]')}")
        add("                bullets:")
        add(f"                  - {_q(f'Detail {i}.2.a supporting the finding')}")
        add("                  - text: A detail with a further note")
        add(f"                    bullets: [{_q(f'Source note {i}.2.b.i')}]")
        add(f"              - {_q(f'Finding {i}.3 in *plain* words')}")
    elif kind == "statement":
        add(f"            text: {_q(f'Statement {i}: earlier support halves the waiting time.')}")
        add("            attribution: Service evaluation")
        add(f"            cite: [{cite}]")
    elif kind == "quote":
        add(f"            text: {_q(f'Quote {i}: it changed how we plan the week.')}")
        add(f"            attribution: {_q(f'Parent, site {i % 7}')}")
    elif kind == "stat":
        add(f"            title: {_q(f'Stat {i}')}")
        add("            stats:")
        add(f"              - {{value: {_q(f'{(i * 7) % 100}%')}, label: reached the service}}")
        add(f"              - {{value: {_q(f'{i % 13 + 1}x')}, label: faster than before}}")
        add(f"            cite: [{cite}]")
    elif kind == "image":
        add(f"            title: {_q(f'Picture {i}')}")
        add(f"            image: images/p{i % PICTURES}.png")
        add(f"            alt: {_q(f'A plain coloured rectangle, number {i % PICTURES}')}")
        add(f"            caption: {_q(f'Figure {i}')}")
    elif kind == "two-column":
        add(f"            title: {_q(f'Before and after {i}')}")
        add("            left: {heading: Before, bullets: [One practitioner, Four families]}")
        add("            right:")
        add("              heading: After")
        add(f"              image: images/p{(i + 3) % PICTURES}.png")
        add("              alt: A plain coloured rectangle")
    elif kind == "table":
        add(f"            title: {_q(f'Table {i}')}")
        add("            columns: [Measure, Before, After]")
        add("            rows:")
        for r in range(4):
            add(f"              - [Outcome {r}, {10 + r + i % 5}, {20 + r}]")
        add(f"            caption: {_q(f'Table {i}: outcomes')}")
    elif kind == "chart":
        add(f"            title: {_q(f'Chart {i}')}")
        add("            chart:")
        add("              type: column")
        add("              categories: [Q1, Q2, Q3, Q4]")
        add("              series:")
        add(f"                - {{name: Referrals, values: [{10 + i % 9}, 12, 15, 11]}}")
        add(f"                - {{name: Seen, values: [8, {9 + i % 4}, 13, 10]}}")
        add("            alt: Column chart of referrals and families seen by quarter")
    if i % 5 == 0:
        add(f"            notes: {_q(f'Speaker notes for slide {i}. A **second** sentence.')}")
    return lines


def deck_yaml(n: int, kinds: tuple[str, ...] = KINDS) -> str:
    """A deck of exactly `n` slides (n >= 12): title, agenda, parts, subsections, references,
    closing. `kinds` cycles through the content layouts."""
    parts = max(2, n // 500)
    fixed = 4 + parts  # title, agenda, references, closing, part dividers
    budget = n - fixed
    subsections: list[list[str]] = []
    i = 0
    while budget > 0:
        count = min(9, budget - 1)  # a subsection: its divider and up to nine slides
        if count <= 0:
            break
        slides = []
        for _ in range(count):
            slides += _content_slide(i, kinds[i % len(kinds)])
            i += 1
        subsections.append(slides)
        budget -= count + 1
    lines = [
        "deck:",
        f"  id: bench-{n}",
        f"  title: Benchmark deck of {n} slides",
        "  subtitle: Every layout, generated",
        "  presenter: {name: A. Presenter, role: Advisor, email: a@example.org}",
        "  organisation: Benchmark Trust",
        "  date: 2026-01-15",
        "  agenda: Plan for today",
        "references:",
    ]
    for r in range(REFERENCES):
        lines += [
            f"  ref{r}:",
            "    type: article",
            f'    authors: ["Author{r}, A.", "Second, B."]',
            f"    year: {2010 + r}",
            f"    title: {_q(f'A study of outcomes, part {r}')}",
            "    container: Journal of Evidence",
        ]
    lines.append("sections:")
    per_part = -(-len(subsections) // parts)
    for p in range(parts):
        chunk = subsections[p * per_part : (p + 1) * per_part]
        lines += [f"  - id: part{p}", f"    title: Part {p + 1}", f"    number: {p + 1}"]
        lines.append("    sections:" if chunk else "    slides: []")
        for k, slides in enumerate(chunk):
            lines += [
                f"      - id: part{p}-sub{k}",
                f"        title: {_q(f'Subsection {k + 1} of part {p + 1}')}",
                "        slides:",
                *slides,
            ]
    lines += [
        "  - id: end",
        "    title: End",
        "    divider: false",
        "    slides:",
        "      - {id: refs, layout: references}",
        "      - {id: bye, layout: closing, text: Thank you}",
    ]
    return "\n".join(lines) + "\n"


def write_pictures(folder: Path) -> None:
    """The deck's pictures: the same 25 small PNGs the floor script draws."""
    sys.path.insert(0, str(FLOOR.parent))
    from floor import _png

    folder.mkdir(parents=True, exist_ok=True)
    for k in range(PICTURES):
        (folder / f"p{k}.png").write_bytes(_png(k))


def available_kinds() -> tuple[tuple[str, ...], list[str]]:
    """KINDS with any layout not registered yet replaced by bullets, and the missing names."""
    from slidegen.place import default_registry

    known = set(default_registry().names())
    missing = sorted({k for k in KINDS if k not in known})
    return tuple(k if k in known else "bullets" for k in KINDS), missing


def write_deck(n: int, folder: Path, kinds: tuple[str, ...] = KINDS) -> Path:
    """Write the n-slide benchmark deck (and its pictures) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    write_pictures(folder / "images")
    path = folder / f"bench-{n}.yaml"
    path.write_text(deck_yaml(n, kinds), encoding="utf-8")
    return path


# ---- measuring -------------------------------------------------------------------------------
@dataclass
class Run:
    seconds: float
    cpu: float  # user + system seconds: less sensitive than wall time to a busy machine
    peak_mb: float
    code: int
    stderr: str


def run_process(cmd: list[str], cwd: Path | None = None) -> Run:
    """Run a command as a whole process: wall time and the peak RSS of that process alone."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env()
    )
    err = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.stderr:
        proc.stderr.close()
    cpu = usage.ru_utime + usage.ru_stime
    return Run(
        elapsed, cpu, usage.ru_maxrss / 1024, proc.returncode, err.decode("utf-8", "replace")
    )


def _env() -> dict[str, str]:
    """The timed processes' environment: they may read the .pyc files compile_slidegen made."""
    env = dict(os.environ)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_slidegen() -> Path:
    """Byte-compile the slidegen package being measured (its __pycache__ folders); its folder."""
    import slidegen

    package = Path(slidegen.__file__).resolve().parent
    if not compileall.compile_dir(package, quiet=1):
        raise SystemExit(f"could not byte-compile {package}")
    return package


def repeat(cmd: list[str], runs: int, cwd: Path | None = None) -> tuple[float, float, list[Run]]:
    """Median wall seconds and max peak MB over `runs` runs; stops at the first failure."""
    done = []
    for _ in range(runs):
        r = run_process(cmd, cwd)
        done.append(r)
        if r.code != 0:
            break
    return (
        statistics.median(r.seconds for r in done),
        max(r.peak_mb for r in done),
        done,
    )


def repeat_interleaved(cmds: list[list[str]], runs: int) -> list[tuple[float, float, list[Run]]]:
    """repeat() of each command, the commands taking turns (A B, B A, A B...): a busy spell on
    a shared machine then slows both alike instead of whichever ran in it."""
    done: list[list[Run]] = [[] for _ in cmds]
    for i in range(runs):
        order = range(len(cmds)) if i % 2 == 0 else reversed(range(len(cmds)))
        for k in order:
            r = run_process(cmds[k])
            done[k].append(r)
            if r.code != 0:
                return [_summary(d) for d in done]
    return [_summary(d) for d in done]


def _summary(runs: list[Run]) -> tuple[float, float, list[Run]]:
    return (
        statistics.median(r.seconds for r in runs) if runs else float("nan"),
        max((r.peak_mb for r in runs), default=0.0),
        runs,
    )


def default_runs(n: int, quick: bool) -> int:
    """Runs per size: fewer for big decks so the default run stays near three minutes."""
    if n > 1000:
        return 1 if quick else 2
    if n > 100:
        return 2 if quick else 5
    return 3 if quick else 9


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "?"


def warm_rebuild_ms(deck: Path, out: Path, repeats: int = 9) -> float:
    """Median time of a warm rebuild of `deck` in one process (what `slidegen watch` does
    after a save of the deck: its mtime is bumped before each timed build)."""
    from slidegen.build import BuildOptions, build
    from slidegen.cache import BuildCache

    cache = BuildCache()
    options = BuildOptions(out_dir=out)
    for _ in range(3):  # a watch process is long-lived: its first rebuilds are still warming up
        build(deck, options, cache=cache)
    times = []
    for _ in range(repeats):
        st = deck.stat()  # as if saved: the deck is read and validated again
        os.utime(deck, ns=(st.st_atime_ns, st.st_mtime_ns + 1000))
        start = time.perf_counter()
        build(deck, options, cache=cache)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


# ---- report ----------------------------------------------------------------------------------
class Targets:
    def __init__(self):
        self.rows: list[tuple[str, str, bool | None]] = []

    def add(self, what: str, measured: str, ok: bool | None) -> None:
        self.rows.append((what, measured, ok))

    def print(self) -> bool:
        print("\nTargets")
        width = max(len(w) for w, _, _ in self.rows)
        for what, measured, ok in self.rows:
            verdict = "skipped" if ok is None else ("met" if ok else "NOT met")
            print(f"  {what:<{width}}  {measured:>22}  {verdict}")
        return all(ok is not False for _, _, ok in self.rows)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: run the benchmark and print the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs (1 at 3,500 slides)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), metavar="N")
    parser.add_argument("--runs", type=int, default=None, help="runs per size (default 9/5/2)")
    parser.add_argument("--keep", type=Path, help="write decks and outputs here and keep them")
    args = parser.parse_args(argv)

    work = args.keep or Path(tempfile.mkdtemp(prefix="slidegen-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    package = compile_slidegen()
    slidegen = str(BIN / "slidegen")
    python = sys.executable
    targets = Targets()
    kinds, missing = available_kinds()
    if missing:
        print(f"note: layouts not registered yet, written as bullets: {', '.join(missing)}")
    print(f"byte-compiled {package}")
    print(f"load average before: {load_average()} ({os.cpu_count()} CPUs)")
    print(
        f"\n{'slides':>6} {'slidegen':>9} {'floor':>8} {'ratio':>6} {'cpu':>7} {'floor cpu':>9}"
        f" {'peak MB':>8} {'floor MB':>8} {'size KB':>8} {'floor KB':>8}  runs"
    )
    medians: dict[int, float] = {}
    try:
        for n in args.sizes:
            runs = args.runs or default_runs(n, args.quick)
            deck = write_deck(n, work / f"deck-{n}", kinds)
            out_dir = work / f"out-{n}"
            if n == args.sizes[0]:  # one run of each first, not measured: the files are cached
                run_process([slidegen, "build", str(deck), "--out", str(out_dir)])
                run_process([python, str(FLOOR), "--slides", "30", "--out", str(work / "w.pptx")])
            floor_out = work / f"floor-{n}.pptx"
            (sg_s, sg_mb, sg_runs), (fl_s, fl_mb, fl_runs) = repeat_interleaved(
                [
                    [slidegen, "build", str(deck), "--out", str(out_dir)],
                    [python, str(FLOOR), "--slides", str(n), "--out", str(floor_out)],
                ],
                runs,
            )
            if sg_runs[-1].code != 0:
                print(f"slidegen build of {n} slides failed:\n{sg_runs[-1].stderr}")
                targets.add(f"build {n} slides", "failed", False)
                continue
            out = out_dir / f"bench-{n}.pptx"
            size = out.stat().st_size / 1024
            fsize = floor_out.stat().st_size / 1024 if floor_out.exists() else 0
            ratio = sg_s / fl_s
            medians[n] = sg_s
            sg_cpu = statistics.median(r.cpu for r in sg_runs)
            fl_cpu = statistics.median(r.cpu for r in fl_runs)
            print(
                f"{n:>6} {sg_s:>8.2f}s {fl_s:>7.2f}s {ratio:>6.2f} {sg_cpu:>6.2f}s {fl_cpu:>8.2f}s"
                f" {sg_mb:>8.0f} {fl_mb:>8.0f} {size:>8.0f} {fsize:>8.0f}  {runs}"
            )
            if n in FLOOR_RATIO:
                limit = FLOOR_RATIO[n]
                targets.add(
                    f"{n} slides {'within' if limit > 1 else 'at most'} {limit:g}x the floor",
                    f"{ratio:.2f}x",
                    ratio <= limit,
                )
            if n == 3500:
                targets.add(
                    f"3500 slides under {BIG_MB} MB peak", f"{sg_mb:.0f} MB", sg_mb < BIG_MB
                )
        if 350 in medians and 3500 in medians:
            growth = medians[3500] / medians[350]
            targets.add(
                f"3500 slides at most {LINEAR_RATIO:g}x 350 slides",
                f"{growth:.1f}x",
                growth <= LINEAR_RATIO,
            )

        print()
        help_s, _, help_runs = repeat([slidegen, "--help"], 3 if args.quick else 5)
        print(f"slidegen --help: {help_s * 1000:.0f} ms")
        help_pptx = _imports_pptx([slidegen, "--help"])
        targets.add(
            "--help without python-pptx",
            "pptx not imported" if not help_pptx else "pptx imported",
            not help_pptx,
        )
        if SEED.exists():
            check_s, _, check_runs = repeat(
                [slidegen, "check", str(SEED)], 3 if args.quick else 5, cwd=ROOT
            )
            print(
                f"slidegen check {SEED.relative_to(ROOT)}: {check_s * 1000:.0f} ms"
                f" (exit {check_runs[-1].code})"
            )
            check_pptx = _imports_pptx([slidegen, "check", str(SEED)], cwd=ROOT)
            targets.add(
                "check (seed deck) without python-pptx",
                "pptx not imported" if not check_pptx else "pptx imported",
                not check_pptx,
            )
            rebuild = warm_rebuild_ms(SEED, work / "watch")
            print(f"warm rebuild of the seed deck (watch mode): {rebuild:.0f} ms")
            targets.add(
                f"watch rebuild under {REBUILD_MS} ms", f"{rebuild:.0f} ms", rebuild < REBUILD_MS
            )
        else:
            print(f"note: {SEED.relative_to(ROOT)} not there yet: check and rebuild skipped")
            targets.add("check of the seed deck", "no seed deck", None)
            targets.add(f"watch rebuild under {REBUILD_MS} ms", "no seed deck", None)
        print(f"load average after: {load_average()}")
        ok = targets.print()
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


def _imports_pptx(cmd: list[str], cwd: Path | None = None) -> bool:
    """Whether running `cmd` (a console script) imports python-pptx, via -X importtime."""
    env = _env()
    env["PYTHONPROFILEIMPORTTIME"] = "1"
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    log = io.StringIO(proc.stderr)
    return any(line.rstrip().endswith((" pptx", " pptx.util")) for line in log)


if __name__ == "__main__":
    sys.exit(main())
