"""Which format for the embedded store? One SQLite row per document (chosen), one JSON file
(the first format), stdlib JSON, pickle.

Scales the seed plan's graph up (N copies under new document ids), then for each format times
one full save (atomic), one load back to the typed model, and one changed document saved — the
case a library's incremental build lives on: the row costs O(that document), a single file
O(the library). Prints seconds, file size and the ratios to the JSON file.
Run: ``make bench`` or ``python bench/snapshot_formats.py``.
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
from innokg.graph.embedded import EmbeddedStore, LegacySnapshot
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


def write_atomic(path: Path, data: bytes) -> None:
    """How a single-file format is saved: a temporary file, flushed, renamed into place."""
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


def save_json(path: Path, fragments) -> None:
    """The first format: pydantic's own JSON of every document, one file rewritten whole."""
    write_atomic(path, LegacySnapshot(documents=fragments).model_dump_json().encode())


def load_json(path: Path):
    return LegacySnapshot.model_validate_json(path.read_bytes()).documents


def save_rows(folder: Path, fragments) -> None:
    """What EmbeddedStore does: a compressed row per document, one transaction."""
    store = EmbeddedStore(folder)
    for data in fragments.values():
        store.replace_document(data)
    store.save()


def load_rows(folder: Path):
    return EmbeddedStore(folder).fragments


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
    "rows": (save_rows, load_rows),
    "stdlib-json": (save_stdlib_json, load_stdlib_json),
    "pickle": (save_pickle, load_pickle),
    "sqlite-text": (save_sqlite, load_sqlite),
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
    one_id = sorted(fragments)[copies // 2]
    changed = {**fragments, one_id: fragments[one_id].model_copy()}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (save, load) in FORMATS.items():
            path = Path(tmp) / f"graph.{name}"
            save_s, _ = timed(save, path, fragments)
            load_s, loaded = timed(load, path)
            assert loaded == fragments, name
            if name == "rows":
                store = EmbeddedStore(path)
                store.replace_document(changed[one_id])
                one_s, _ = timed(store.save)
            else:
                one_s, _ = timed(save, path, changed)  # a single file is written whole again
            size = sum(f.stat().st_size for f in path.iterdir()) if path.is_dir() else os.path.getsize(path)
            results[name] = (save_s, load_s, one_s, size)
    base = results["json"]
    print(f"{'format':12} {'save s':>8} {'load s':>8} {'one doc s':>10} {'MB':>7} {'save/json':>10} {'load/json':>10} {'one/json':>9}")
    for name, (save_s, load_s, one_s, size) in results.items():
        print(
            f"{name:12} {save_s:8.3f} {load_s:8.3f} {one_s:10.4f} {size / 1e6:7.2f} {save_s / base[0]:10.2f} "
            f"{load_s / base[1]:10.2f} {one_s / base[2]:9.3f}"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
