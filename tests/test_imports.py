"""Commands that do not write a deck must not pay for importing python-pptx (or worse)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers.decks import ROOT, SEED

HEAVY = ("pptx", "lxml", "PIL", "pydantic", "yaml")
PROBE = """
import json, sys
from slidegen.cli import run  # the `slidegen` console script
sys.argv = ["slidegen", *sys.argv[1:]]
try:
    run()
except SystemExit as exc:
    code = exc.code
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


def _full_modules(*args: str, env: dict | None = None) -> tuple[int, set[str]]:
    """Run `slidegen ARGS` in a fresh interpreter: exit code and every module imported."""
    import os

    base = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**base, **(env or {})},
    )
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    return report["code"], set(report["modules"])


def _imported(*args: str) -> tuple[int, set[str]]:
    """Run `slidegen ARGS` in a fresh interpreter: exit code and top-level packages imported."""
    code, modules = _full_modules(*args)
    return code, {m.split(".")[0] for m in modules}


@pytest.mark.parametrize(
    "args",
    [("--help",), ("--version",), ("build", "--help"), ("check", "--help"), ("watch", "--help")],
)
def test_help_imports_nothing_heavy(args):
    code, modules = _imported(*args)
    assert code == 0
    assert not modules & set(HEAVY), sorted(modules & set(HEAVY))


def test_check_of_the_seed_deck_does_not_import_python_pptx():
    if not SEED.exists():
        pytest.skip("the seed deck is not there")
    code, modules = _imported("check", str(SEED))
    assert code in (0, 1)
    assert "yaml" in modules and "pydantic" in modules  # it did read and validate the deck
    assert "pptx" not in modules
    assert "lxml" not in modules


def test_list_does_not_import_python_pptx():
    if not SEED.exists():
        pytest.skip("the seed deck is not there")
    code, modules = _imported("list", str(SEED))
    assert code == 0
    assert "pptx" not in modules


def test_help_import_time_shows_no_python_pptx():
    """The same seen through `python -X importtime`, as the benchmark reports it."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PROBE, "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = [line.rsplit("|", 1)[-1].strip() for line in proc.stderr.splitlines()]
    assert "slidegen.cli" in modules
    assert "click" in modules
    assert not [m for m in modules if m.split(".")[0] in HEAVY]


def test_a_build_does_not_look_for_pydantic_plugins(tmp_path):
    from helpers.decks import CORE

    code, modules = _full_modules("build", str(CORE / "basic.yaml"), "--out", str(tmp_path))
    assert code == 0
    assert list(tmp_path.glob("*.pptx"))
    assert "pydantic" in modules  # it did validate the deck
    assert "importlib.metadata" not in modules  # pydantic's plugin search was skipped


def test_a_users_pydantic_plugin_setting_is_left_alone(tmp_path):
    from helpers.decks import CORE

    env = {"PYDANTIC_DISABLE_PLUGINS": "someplugin"}
    code, modules = _full_modules(
        "build", str(CORE / "basic.yaml"), "--out", str(tmp_path), env=env
    )
    assert code == 0
    assert "importlib.metadata" in modules  # pydantic looked, as the user's setting asks


def test_the_plugin_loader_stand_in_answers_as_pydantic_would():
    probe = (
        "import os, sys\n"
        "os.environ.pop('PYDANTIC_DISABLE_PLUGINS', None)\n"
        "from slidegen.cli import skip_pydantic_plugins\n"
        "skip_pydantic_plugins()\n"
        "from pydantic.plugin._loader import get_plugins\n"
        "assert list(get_plugins()) == [], 'no plugins'\n"
        "assert 'importlib.metadata' not in sys.modules\n"
        "from pydantic.plugin import _loader\n"
        "assert _loader.PYDANTIC_ENTRY_POINT_GROUP == 'pydantic'  # the real module behind it\n"
        "from pydantic import BaseModel\n"
        "class M(BaseModel):\n"
        "    x: int\n"
        "assert M.model_validate({'x': 1}).x == 1\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert proc.stdout.strip() == "ok", proc.stderr
