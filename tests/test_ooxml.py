"""slidegen.ooxml: the one home of namespace URIs, element names and EMU units, and python-pptx
agrees with it."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from pptx.oxml.ns import _nsmap as PPTX_NSMAP
from pptx.oxml.ns import nsdecls as pptx_nsdecls
from pptx.oxml.ns import qn as pptx_qn
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


def test_names_are_python_pptxs():
    for tag in ("a:p", "a:lvl1pPr", "p:cSld", "r:id", "c:chartSpace"):
        assert ooxml.qn(tag) == pptx_qn(tag)
    assert ooxml.nsdecls("a", "p", "r") == pptx_nsdecls("a", "p", "r")
    assert ooxml.qn("r:") + "embed" == pptx_qn("r:embed")
    # each Clark-name constant names itself: A_END_PARA_RPR is a:endParaRPr
    clark = {k: v for k, v in vars(ooxml).items() if re.fullmatch(r"[APR]_[A-Z_]+", k)}
    assert len(clark) > 30
    for name, value in clark.items():
        prefix = name[0].lower()
        local = value.removeprefix(ooxml.qn(f"{prefix}:"))
        assert value == pptx_qn(f"{prefix}:{local}"), name
        assert name.replace("_", "").lower() == prefix + local.lower(), name
    assert all(t.startswith(ooxml.qn("p:")) for t in ooxml.SHAPE_TAGS)


def test_units_are_python_pptxs():
    ours = (ooxml.EMU_PER_INCH, ooxml.EMU_PER_CM, ooxml.EMU_PER_MM, ooxml.EMU_PER_PT)
    assert ours == (int(Inches(1)), int(Cm(1)), int(Mm(1)), int(Pt(1)))
    assert ooxml.EMU_PER_PX * 96 == ooxml.EMU_PER_INCH
    assert ooxml.inches(1.55) == int(Inches(1.55))
    assert ooxml.px_for_emu(int(Inches(2))) == 192


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


def test_no_other_module_builds_an_element_name():
    """Clark names ({uri}tag) come from ooxml: its constants, qn() and nsdecls(), not
    python-pptx's namespace map, nor a "{" + uri + "}" or f"{{{NS_A}}}p" made elsewhere."""
    built = re.compile(
        r"\{\{\{[^}]*\b(NS_[A-Z0-9_]+|NS\[|NAMESPACES)|"  # f"{{{NS_A}}}p", f"{{{NS['p']}}}x"
        r"\"\{\" \+|"  # "{" + NS["a"] + "}"
        r"pptx\.oxml\.ns\b|"  # python-pptx's qn, nsdecls and namespace map
        r"^_?[A-Z][A-Z0-9_]* = .*\bqn\("  # a module's own tag-name constants
    )
    found = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "ooxml.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if built.search(line)
    ]
    assert found == []
