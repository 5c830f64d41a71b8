"""The build pauses the cyclic garbage collector while planning and exempts the plan from it
while rendering: the collector must be as it was afterwards, and planning must leave no
reference cycle (a frozen cycle would keep the whole deck in memory until the build ends)."""

from __future__ import annotations

import gc
import weakref

import pytest

from helpers.decks import CORE
from slidegen.build import BuildOptions, build, plan_deck, planned_then_frozen
from slidegen.errors import SlidegenError


def test_build_leaves_the_collector_as_it_was(tmp_path):
    assert gc.isenabled() and gc.get_freeze_count() == 0
    threshold = gc.get_threshold()
    result = build(CORE / "basic.yaml", BuildOptions(out_dir=tmp_path))
    assert result.slides > 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == threshold


def test_a_failing_build_leaves_the_collector_on():
    with pytest.raises(SlidegenError):
        build(CORE / "bad-citation.yaml", write=False)
    assert gc.isenabled() and gc.get_freeze_count() == 0


def test_objects_frozen_by_the_caller_stay_frozen():
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with planned_then_frozen() as planned:
            assert not gc.isenabled()
            planned()
            assert gc.isenabled()
        assert gc.get_freeze_count() >= frozen  # handing back is left to who froze first
    finally:
        gc.unfreeze()


def test_a_build_inside_a_batch_leaves_unfreezing_to_the_batch(tmp_path):
    with planned_then_frozen() as loaded:
        loaded()
        assert gc.get_freeze_count() > 0
        build(CORE / "basic.yaml", BuildOptions(out_dir=tmp_path))
        assert gc.get_freeze_count() > 0 and gc.isenabled()
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_planning_frees_the_deck_without_the_cyclic_collector(monkeypatch):
    from slidegen import build as build_module

    decks = []
    validate = build_module.load_and_validate

    def keep_ref(*args, **kwargs):
        deck, tree = validate(*args, **kwargs)
        decks.append(weakref.ref(deck))
        return deck, tree

    monkeypatch.setattr(build_module, "load_and_validate", keep_ref)
    gc.disable()
    try:
        plan = plan_deck(CORE / "basic.yaml")
        assert plan.slides
        assert decks and decks[0]() is None  # freed by reference counting alone
    finally:
        gc.enable()
