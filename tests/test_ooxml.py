"""slidegen.ooxml: the one home of namespace URIs and EMU units, and python-pptx agrees with it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pptx.oxml.ns import _nsmap as PPTX_NSMAP
from pptx.util import Cm, Inches, Mm, Pt

from slidegen import ooxml

SRC = Path(ooxml.__file__).parent


def test_namespaces_are_python_pptxs():
    ours = {prefix: ooxml.NAMESPACES[prefix] for prefix in ("a", "p", "r", "c")}
    ours.update(
        ct=ooxml.NS_CONTENT_TYPES,
        pr=ooxml.NS_PACKAGE_RELS,
        cp=ooxml.NS_CORE_PROPS,
        ep=ooxml.NS_EXTENDED_PROPS,
        dcterms=ooxml.NS_DCTERMS,
        xsi=ooxml.NS_XSI,
    )
    assert ours == {prefix: PPTX_NSMAP[prefix] for prefix in ours}
    named = (ooxml.NS_A, ooxml.NS_P, ooxml.NS_R, ooxml.NS_C, ooxml.NS_P14, ooxml.NS_ADEC)
    assert named == tuple(ooxml.NAMESPACES[k] for k in ("a", "p", "r", "c", "p14", "adec"))


def test_units_are_python_pptxs():
    ours = (ooxml.EMU_PER_INCH, ooxml.EMU_PER_CM, ooxml.EMU_PER_MM, ooxml.EMU_PER_PT)
    assert ours == (int(Inches(1)), int(Cm(1)), int(Mm(1)), int(Pt(1)))
    assert ooxml.EMU_PER_PX * 96 == ooxml.EMU_PER_INCH


def test_importing_it_loads_nothing_else():
    probe = "import json, sys; import slidegen.ooxml; print(json.dumps(sorted(sys.modules)))"
    before = "import json, sys; print(json.dumps(sorted(sys.modules)))"
    run = [sys.executable, "-c"]
    after = set(json.loads(subprocess.run([*run, probe], capture_output=True).stdout))
    base = set(json.loads(subprocess.run([*run, before], capture_output=True).stdout))
    assert "slidegen.ooxml" in after
    assert {m for m in after - base if m.split(".")[0] != "slidegen"} == set()  # no pptx, lxml


def test_no_other_module_spells_a_namespace_uri_or_an_emu_factor():
    spelled = re.compile(
        r"schemas\.openxmlformats\.org|schemas\.microsoft\.com|purl\.org/dc|"
        r"w3\.org/2001/XMLSchema|\b(914400|360000|12700)\b"
    )
    found = [
        f"{path.relative_to(SRC)}:{n}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "ooxml.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if spelled.search(line)
    ]
    assert found == []
