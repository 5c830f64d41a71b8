"""A .pptx is read within budgets (opc.py): checked from its zip directory, inflated in
counted chunks, only the parts in use; check, import, diff and templates alike.

The bombs are written compressed (tests/helpers/bombs.py) and never inflated by the test.
The slow-to-fail cases run slidegen in a child process, which must answer within 20 s and
800 MB (tests/helpers/bounded.py).
"""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest

from helpers.bombs import MIB, add_zero_member
from helpers.bounded import run_slidegen
from helpers.decks import write
from slidegen import limits
from slidegen.build import BuildOptions, build
from slidegen.check.pptx import check_pptx
from slidegen.errors import SlidegenError
from slidegen.opc import Package, PackageError, open_presentation

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "files"
DECK = "deck: {title: T}\nsections:\n  - {id: s, title: S, slides: [{title: One, bullets: [x]}]}\n"


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    deck = write(folder, "small.yaml", DECK)
    return build(deck, BuildOptions(out_dir=folder)).output


def _copy(small: Path, folder: Path, name: str = "bomb.pptx") -> Path:
    out = folder / name
    shutil.copyfile(small, out)
    return out


def _unreadable(path: Path) -> str:
    report = check_pptx(path)
    (f,) = [f for f in report.findings if f.code == "PPTX-UNREADABLE"]
    return f.message


def test_an_unused_member_of_a_gigabyte_is_refused_from_the_directory(small, tmp_path):
    bomb = _copy(small, tmp_path)
    add_zero_member(bomb, "ppt/media/unused.bin", 1024)
    assert bomb.stat().st_size < 3 * MIB
    start = time.perf_counter()
    message = _unreadable(bomb)
    assert time.perf_counter() - start < 2.0
    assert message.startswith(
        f"'{bomb}': member 'ppt/media/unused.bin' is 1.1 GB uncompressed; the limit is"
        " 128 MB for one member"
    )


@pytest.mark.parametrize("command", ["check", "import", "diff"])
def test_check_import_and_diff_answer_a_4_gib_member_quickly_and_small(small, tmp_path, command):
    bomb = _copy(small, tmp_path)
    add_zero_member(bomb, "docProps/junk.xml", 4096)  # zip64 sizes
    args = {
        "check": ["check", "bomb.pptx"],
        "import": ["import", "bomb.pptx", "--out", "imported"],
        "diff": ["diff", "bomb.pptx", str(small)],
    }[command]
    ran = run_slidegen(*args, cwd=tmp_path)
    assert ran.code == 1 and ran.answered(), ran
    assert "member 'docProps/junk.xml' is 4.3 GB uncompressed; the limit is 128 MB" in ran.output
    assert not (tmp_path / "imported").exists()


def test_a_whole_package_over_the_limit(small, tmp_path):
    bomb = _copy(small, tmp_path)
    for i in range(3):
        add_zero_member(bomb, f"ppt/media/m{i}.bin", 100)
    assert "MB uncompressed; the limit is 256 MB for a whole package" in (_unreadable(bomb))


def test_too_many_members(small, tmp_path):
    bomb = _copy(small, tmp_path)
    with zipfile.ZipFile(bomb, "a") as z:
        for i in range(limits.PACKAGE_MEMBERS + 1):
            z.writestr(f"x/{i}", b"")
    assert "holds 20,0" in _unreadable(bomb) and "the limit is 20,000 members" in (
        _unreadable(bomb)
    )


def test_a_member_whose_directory_entry_lies_is_stopped_while_inflating(small, tmp_path):
    bomb = _copy(small, tmp_path)
    add_zero_member(bomb, "ppt/media/liar.bin", 64, declared=1000)
    with Package(bomb) as package:
        start = time.perf_counter()
        with pytest.raises(PackageError) as info:
            package.read("ppt/media/liar.bin")
        assert time.perf_counter() - start < 1.0
        assert package.spent < 10_000  # [Content_Types].xml only
    assert "member 'ppt/media/liar.bin' cannot be read" in str(info.value)


def test_a_big_xml_part_in_use_is_refused_before_parsing(small, tmp_path):
    bomb = tmp_path / "bomb.pptx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(bomb, "w") as dst:
        for info in src.infolist():
            if info.filename != "docProps/app.xml":
                dst.writestr(info, src.read(info))
    add_zero_member(bomb, "docProps/app.xml", 40)  # in use: the package relates to it
    message = _unreadable(bomb)
    assert "member 'docProps/app.xml' is 41.9 MB uncompressed; the limit is 16 MB" in message
    assert "an XML part, parsed whole" in message


def test_unused_members_are_not_read(small, tmp_path):
    extra = _copy(small, tmp_path)
    add_zero_member(extra, "ppt/media/unused.bin", 100, right_crc=True)
    prs = open_presentation(extra)
    assert len(prs.slides) == 3  # the title slide, the divider and the one slide
    assert prs.part.package._pkg_file.package.spent < 5 * MIB  # the 100 MiB were never read


def test_a_template_with_a_bomb_is_a_located_error(small, tmp_path):
    theme = tmp_path / "themes" / "t"
    theme.mkdir(parents=True)
    add_zero_member(_copy(small, theme, "template.pptx"), "ppt/media/unused.bin", 1024)
    write(theme, "theme.yaml", "template: template.pptx\n")
    deck = write(tmp_path, "deck.yaml", DECK.replace("{title: T}", "{title: T, theme: t}"))
    with pytest.raises(SlidegenError) as info:
        build(deck, BuildOptions(out_dir=tmp_path / "out"), write=False)
    message = info.value.diagnostics[0].format()
    assert message.startswith(f"{theme / 'theme.yaml'}:1:11: error: template '") or (
        "themes/t/theme.yaml:1:11: error: template '" in message
    ), message
    assert "member 'ppt/media/unused.bin' is 1.1 GB uncompressed; the limit is 128 MB" in message


def test_a_truncated_file_is_called_truncated(small, tmp_path):
    cut = tmp_path / "cut.pptx"
    cut.write_bytes(small.read_bytes()[:5000])
    message = _unreadable(cut)
    assert message.startswith(f"'{cut}' is not a PowerPoint file: it is a damaged or truncated")
    assert "Package not found" not in message
    with pytest.raises(PackageError) as info:  # past the sniffing, opc says it too
        Package(cut)
    assert "not a zip package, or only part of one" in str(info.value)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus is not here")
def test_every_corpus_file_is_within_the_limits():
    for path in sorted(CORPUS.iterdir()):
        try:
            with Package(path) as package:
                for name in list(package.infos):
                    package.read(name)
        except PackageError as exc:
            assert "the limit is" not in str(exc), (path.name, str(exc))
