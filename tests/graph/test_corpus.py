"""The whole corpus: built twice it is the same graph, and no unit is two nodes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SHARED
from innokg.api import service
from innokg.graph.embedded import SNAPSHOT, EmbeddedStore
from innokg.graph.model import Label, normalise_name
from innokg.graph.resolve import key


@pytest.fixture(scope="module")
def corpus() -> list[Path]:
    paths = service.document_paths([ROOT / "data" / "corpus"])
    if (SHARED / "corpus" / "html").is_dir():
        paths += service.document_paths([SHARED / "corpus" / "html"])
    return paths


def test_building_twice_gives_the_same_graph(corpus, tmp_path):
    snapshots = []
    for name in ("a", "b"):
        store = EmbeddedStore(tmp_path / name)
        service.build(store, corpus)
        service.build(store, corpus)
        snapshots.append((tmp_path / name / SNAPSHOT).read_bytes())
    assert snapshots[0] == snapshots[1]


def test_no_unit_is_two_nodes(corpus, tmp_path):
    store = EmbeddedStore(tmp_path)
    service.build(store, corpus)
    owner: dict[str, str] = {}
    units = [n for _, n in store.graph.nodes(data="node") if n.label == Label.UNIT]
    assert len(units) > 60
    for unit in units:
        for name in {unit.name, *unit.aliases, *([unit.full_name] if unit.full_name else [])}:
            assert owner.setdefault(key(normalise_name(name)), unit.id) == unit.id, (
                f"{name}: {owner[key(name)]} / {unit.id}"
            )
    ministries = store.entity("unit:国家发展和改革委员会")
    assert (
        len(ministries.documents) >= 5
    )  # named as 发展改革委 / 国家发展改革委 across the State Council pages
