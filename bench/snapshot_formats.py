"""Which snapshot format for the embedded store? JSON via pydantic (chosen), stdlib JSON, pickle, SQLite.

Scales the seed plan's graph up (N copies under new document ids), then for each format
times one full save (written atomically) and one load back to the typed model, and prints
seconds, file size and the ratio to JSON. Run: ``make bench`` or ``python bench/snapshot_formats.py``.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from innokg.graph.build import record_to_graph
from innokg.graph.embedded import EmbeddedStore, Snapshot, write_atomic
from innokg.graph.model import GraphData
from innokg.nlp.record import extract_file
from pydantic import TypeAdapter

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "corpus" / "wuhan-innovation-action-plan-2022-2024.txt"
FRAGMENTS = TypeAdapter(dict[str, GraphData])


def scaled_fragments(copies: int) -> dict[str, GraphData]:
    seed = record_to_graph(extract_file(SEED))
    raw = seed.model_dump_json()
    doc_id = "doc:wuhan-innovation-action-plan-2022-2024"
    return {
        f"{doc_id}-{i}": GraphData.model_validate_json(raw.replace(doc_id, f"{doc_id}-{i}"))
        for i in range(copies)
    }


def save_json(path: Path, fragments) -> None:
    """What EmbeddedStore does: pydantic's own JSON (no Python dicts in between), renamed into place."""
    write_atomic(path, Snapshot(documents=fragments).model_dump_json().encode())


def load_json(path: Path):
    return Snapshot.model_validate_json(path.read_bytes()).documents


def save_stdlib_json(path: Path, fragments) -> None:
    payload = {
        "format": "innokg-snapshot/1",
        "documents": {k: v.model_dump(mode="json") for k, v in fragments.items()},
    }
    write_atomic(path, json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())


def load_stdlib_json(path: Path):
    return FRAGMENTS.validate_python(json.loads(path.read_bytes())["documents"])


def save_pickle(path: Path, fragments) -> None:
    write_atomic(path, pickle.dumps({k: v.model_dump(mode="json") for k, v in fragments.items()}, protocol=5))


def load_pickle(path: Path):
    return FRAGMENTS.validate_python(pickle.loads(path.read_bytes()))


def save_sqlite(path: Path, fragments) -> None:
    with sqlite3.connect(path) as db:  # one transaction: atomic by SQLite's journal
        db.execute("create table if not exists doc (id text primary key, facts text)")
        db.execute("delete from doc")
        db.executemany(
            "insert into doc values (?, ?)", ((k, v.model_dump_json()) for k, v in fragments.items())
        )


def load_sqlite(path: Path):
    with sqlite3.connect(path) as db:
        return {k: GraphData.model_validate_json(v) for k, v in db.execute("select id, facts from doc")}


FORMATS = {
    "json": (save_json, load_json),
    "stdlib-json": (save_stdlib_json, load_stdlib_json),
    "pickle": (save_pickle, load_pickle),
    "sqlite": (save_sqlite, load_sqlite),
}


def timed(fn, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main(copies: int) -> None:
    fragments = scaled_fragments(copies)
    nodes = sum(len(f.nodes) for f in fragments.values())
    relations = sum(len(f.relations) for f in fragments.values())
    print(f"graph: {copies} documents, {nodes} nodes, {relations} relations")
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (save, load) in FORMATS.items():
            path = Path(tmp) / f"graph.{name}"
            save_s, _ = timed(save, path, fragments)
            load_s, loaded = timed(load, path)
            assert loaded == fragments, name
            results[name] = (save_s, load_s, os.path.getsize(path))
        store_folder = Path(tmp) / "store"
        store = EmbeddedStore(store_folder)
        store.fragments = fragments
        store.save()
        open_s, store = timed(EmbeddedStore, store_folder)
    base_save, base_load, base_size = results["json"]
    print(f"{'format':8} {'save s':>8} {'load s':>8} {'MB':>7} {'save/json':>10} {'load/json':>10}")
    for name, (save_s, load_s, size) in results.items():
        print(
            f"{name:8} {save_s:8.3f} {load_s:8.3f} {size / 1e6:7.2f} {save_s / base_save:10.2f} {load_s / base_load:10.2f}"
        )
    print(
        f"EmbeddedStore open (load + compose networkx graph): {open_s:.3f} s for {store.graph.number_of_nodes()} nodes"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
