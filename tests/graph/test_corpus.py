"""The whole corpus: built again it is the same graph, and no unit is two nodes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from innokg import building
from innokg.graph.embedded import EmbeddedStore, dump_rows
from innokg.graph.model import Label, key
from innokg.graph import answers

HTML = SHARED / "corpus" / "html"
pytestmark = pytest.mark.slow  # builds the whole corpus twice: `make check` leaves it out


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    paths = building.document_paths([ROOT / "data" / "corpus"])
    if HTML.is_dir():
        paths += building.document_paths([HTML])
    return paths


@pytest.fixture(scope="module")
def built(corpus, tmp_path_factory) -> Path:
    """The corpus built once (tests copy the folder to change it)."""
    folder = tmp_path_factory.mktemp("corpus")
    building.build(EmbeddedStore(folder), corpus)
    return folder


def test_building_again_gives_the_same_graph(corpus, built, tmp_path):
    shutil.copytree(built, tmp_path / "again")
    store = EmbeddedStore(tmp_path / "again")
    building.build(store, list(reversed(corpus)))
    assert dump_rows(tmp_path / "again") == dump_rows(built)


def test_no_unit_is_two_nodes(built):
    store = EmbeddedStore(built)
    owner: dict[str, str] = {}
    units = [n for n in store.graph.nodes.values() if n.label == Label.UNIT]
    assert len(units) > 40
    for unit in units:
        for name in {unit.name, *unit.aliases, *([unit.full_name] if unit.full_name else [])}:
            assert owner.setdefault(key(name), unit.id) == unit.id, f"{name}: {owner[key(name)]} / {unit.id}"


def test_one_ministry_named_many_ways_is_one_node(built):
    if not HTML.is_dir():
        pytest.skip("../shared/corpus/html (the State Council pages) is not on this machine")
    store = EmbeddedStore(built)
    units = [n for n in store.graph.nodes.values() if n.label == Label.UNIT]
    assert len(units) > 60
    # named 发展改革委 / 国家发展改革委 across the State Council pages
    assert len(answers.entity(store, "unit:国家发展和改革委员会").documents) >= 5
