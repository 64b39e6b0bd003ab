"""The embedded store: a networkx graph in memory, persisted as one JSON snapshot.

The snapshot holds each document's facts (:class:`GraphData`) under its id; the networkx
graph is composed from them when loaded. Replacing a document is therefore exact — its old
facts go, nothing else changes — and loading twice gives the same graph.

Writes are atomic: the snapshot is written to a temporary file in the same folder, flushed
to disk, and renamed over the old one, so a crash or a failed build leaves the previous
snapshot whole (``bench/snapshot_formats.py`` measures this choice against SQLite and pickle).

Beside it, ``documents.json`` lists each document's content hash and extractor, stamped with
the snapshot it describes: an incremental build over an unchanged library reads that small
file, not every fact (the snapshot is read only when something is asked of the graph).
"""

from __future__ import annotations

import fcntl
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import networkx as nx
from innokg.graph.model.errors import NotFound, StoreError
from innokg.graph.model import DocumentInfo, GraphData, Label, Model
from innokg.graph.store import (
    Chain,
    EntityAnswer,
    IndustryLinks,
    Neighbourhood,
    NodeRef,
    Stats,
    TargetAnswer,
    TaskAnswer,
    TaskRef,
    UnitRef,
    UnitTasks,
)
from innokg.graph.stats import assemble_stats, graph_counts
from innokg.graph.view import GraphView, compose
from pydantic import ValidationError

SNAPSHOT = "graph.json"
INDEX = "documents.json"
LOCK = ".innokg.lock"
FORMAT = "innokg-snapshot/1"


class Snapshot(Model):
    """The file: each document's facts under its id, and the format's version."""

    format: Literal["innokg-snapshot/1"] = FORMAT
    documents: dict[str, GraphData]


class EmbeddedStore:
    """A :class:`~innokg.graph.store.GraphStore` kept in ``folder/graph.json``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / SNAPSHOT
        self._stamp = self._stat()
        self._fragments: dict[str, GraphData] | None = None  # read on first use
        self._graph: nx.MultiDiGraph | None = None

    @property
    def fragments(self) -> dict[str, GraphData]:
        """Each document's facts under its id (the snapshot, read when first needed)."""
        if self._fragments is None:
            self._fragments = self._load()
        return self._fragments

    @fragments.setter
    def fragments(self, value: dict[str, GraphData]) -> None:
        self._fragments = value
        self._graph = None

    def versions(self) -> dict[str, tuple[str | None, str | None]]:
        if self._fragments is None and (index := self._read_index()) is not None:
            return index
        return {doc_id: _version(data) for doc_id, data in self.fragments.items()}

    def _read_index(self) -> dict[str, tuple[str | None, str | None]] | None:
        """The versions in ``documents.json`` if it describes the snapshot on disk now."""
        try:
            index = json.loads((self.folder / INDEX).read_bytes())
            if index["snapshot"] != list(self._stamp or ()):
                return None
            return {doc_id: (sha, extractor) for doc_id, (sha, extractor) in index["documents"].items()}
        except (OSError, ValueError, KeyError, TypeError):
            return None  # no index, or one from before: read the snapshot

    # ------------------------------------------------------------------ other processes

    def _stat(self) -> tuple[int, int] | None:
        try:
            stat = self.path.stat()
        except OSError:
            return None
        return stat.st_mtime_ns, stat.st_size

    def refresh(self) -> bool:
        """Read the snapshot again if another process (a build, a service) replaced it."""
        stamp = self._stat()
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        self._fragments = None
        self._graph = None
        return True

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Change the graph as the only writer of its folder: take the folder's lock, read what
        other writers saved meanwhile, and let the caller change and save under the lock (two
        builds, or a build and the service, then keep every document)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / LOCK, "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                for stale in self.folder.glob("*.json.*.tmp"):  # left by a writer that was killed
                    stale.unlink(missing_ok=True)
                self.refresh()
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The composed graph, rebuilt on the first read after a change (a build of N documents composes once)."""
        if self._graph is None:
            self._graph = compose(self.fragments)
            self._view = GraphView(self._graph)
        return self._graph

    @property
    def view(self) -> GraphView:
        self.graph  # noqa: B018 - composes the graph when a change made it stale
        return self._view

    # ------------------------------------------------------------------ writing

    def replace_document(self, data: GraphData) -> None:
        doc_id = next(n.id for n in data.nodes if n.label == Label.DOCUMENT)
        self.fragments[doc_id] = data
        self._graph = None

    def document_data(self, doc_id: str) -> GraphData:
        """One document's facts, as built."""
        if doc_id not in self.fragments:
            raise NotFound(f"图谱中没有文档 {doc_id}")
        return self.fragments[doc_id]

    def remove_document(self, doc_id: str) -> None:
        if self.fragments.pop(doc_id, None) is None:
            raise NotFound(f"图谱中没有文档 {doc_id}")
        self._graph = None

    def save(self) -> None:
        snapshot = Snapshot(documents=dict(sorted(self.fragments.items())))
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            write_atomic(self.path, snapshot.model_dump_json().encode())
            self._stamp = self._stat()
            versions = {doc_id: _version(data) for doc_id, data in snapshot.documents.items()}
            index = {"snapshot": list(self._stamp or ()), "documents": versions}
            write_atomic(self.folder / INDEX, json.dumps(index, ensure_ascii=False).encode())
        except OSError as exc:
            raise StoreError(f"无法写入图谱快照：{exc.strerror}", source=self.path) from None

    def _load(self) -> dict[str, GraphData]:
        if not self.path.exists():
            return {}
        try:
            return Snapshot.model_validate_json(self.path.read_bytes()).documents
        except OSError as exc:
            raise StoreError(f"图谱快照无法读取（{exc.strerror}）", source=self.path) from None
        except ValidationError as exc:
            raise StoreError(
                f"不是有效的 innokg 图谱快照（{exc.error_count()} 处错误，如 {exc.errors()[0]['msg']}）；请删除后重新 build",
                source=self.path,
            ) from None

    # ------------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        return [self.view.node(d).info for d in sorted(self.fragments)]

    def tasks(self) -> list[TaskRef]:
        return self.view.tasks()

    def units(self) -> list[UnitRef]:
        return self.view.units()

    def tasks_mentioning(self, words: list[str]) -> list[TaskRef]:
        return self.view.tasks_mentioning(words)

    def task_answer(self, task_id: str) -> TaskAnswer:
        return self.view.task_answer(task_id)

    def unit_tasks(self, unit_id: str) -> UnitTasks:
        return self.view.unit_tasks(unit_id)

    def chain(self, unit_id: str) -> Chain:
        return self.view.chain(unit_id)

    def nodes(self, *labels: str) -> list[NodeRef]:
        return self.view.nodes(*labels)

    def entity(self, node_id: str) -> EntityAnswer:
        return self.view.entity(node_id)

    def industry_links(self, node_id: str) -> IndustryLinks:
        return self.view.industry_links(node_id)

    def targets(self, task_ids: list[str] | None = None) -> list[TargetAnswer]:
        return self.view.targets(task_ids)

    def neighbourhood(self, node_id: str, depth: int = 1) -> Neighbourhood:
        return self.view.neighbourhood(node_id, depth)

    def export(self) -> GraphData:
        return self.view.export()

    def stats(self) -> Stats:
        titles = {doc_id: self.view.node(doc_id).name for doc_id in self.fragments}
        return assemble_stats(graph_counts(self.graph), titles)


def _version(data: GraphData) -> tuple[str | None, str | None]:
    info = next(n.info for n in data.nodes if n.label == Label.DOCUMENT)
    return info.sha256, info.extractor


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see the old file or the new one, never half."""
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
