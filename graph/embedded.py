"""The embedded store: one SQLite row per document, and the graph composed from them in memory.

``graph.sqlite`` holds each document's facts (:class:`GraphData` as compressed JSON) under its
id, with its content hash and extractor in their own columns. So

* a build writes only the documents it read — one changed plan costs one row, not the library;
* an incremental build compares versions from two columns, without reading any facts;
* every write is one SQLite transaction: a crash, a full disk or a failed build leaves the
  previous state whole (write-ahead log, synchronous commits);
* nothing is held in memory until something is asked of the graph; then the rows are composed
  into :class:`~innokg.graph.facts.Facts` (nodes merged across documents), which the queries read.

Another process's save bumps ``generation`` in the ``meta`` table; :meth:`refresh` notices it.
A folder holding a snapshot of the first format (``graph.json``) is converted on first use.
"""

from __future__ import annotations

import fcntl
import gc
import heapq
import sqlite3
import threading
import zlib
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from pathlib import Path
from types import MappingProxyType
from typing import IO, Literal

from innokg.graph.corrections import Correction, CorrectionFile, Corrections
from innokg.graph.facts import Facts, PackedFacts, compose
from innokg.graph.model import DocumentInfo, DocumentNode, GraphData, Model
from innokg.graph.model.errors import NotFound, StoreError
from innokg.graph.view import GraphView
from pydantic import ValidationError

SNAPSHOT = "graph.sqlite"
LOCK = ".innokg.lock"
FORMAT = "innokg-store/2"
LEGACY = "graph.json"  # the first format: one JSON file, rewritten whole on every save
LEGACY_INDEX = "documents.json"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    sha256 TEXT,
    extractor TEXT,
    facts BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS corrections (id TEXT PRIMARY KEY, created TEXT NOT NULL, body TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('format', 'innokg-store/2'), ('generation', '0');
"""


class LegacySnapshot(Model):
    format: Literal["innokg-snapshot/1"] = "innokg-snapshot/1"
    documents: dict[str, GraphData]


class EmbeddedStore:
    """A :class:`~innokg.graph.store.GraphStore` kept in ``folder/graph.sqlite``."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / SNAPSHOT
        self._pending: dict[str, PackedFacts | None] = {}  # changes not yet saved; None removes
        self._generation: int | None = None  # what the composed view was read from
        self._view: GraphView | None = None
        self._seen_files: tuple | None = None
        self._composing = threading.RLock()
        if (self.folder / LEGACY).exists() and not self.path.exists():
            self._convert_legacy()

    # ------------------------------------------------------------------ the database

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection | None]:
        """A connection to read from (None when there is no graph yet)."""
        if not self.path.exists():
            yield None
            return
        with self._connect() as db:
            yield db

    @contextmanager
    def _connect(self, create: bool = False) -> Iterator[sqlite3.Connection]:
        """A connection; with ``create`` (a writer's), the folder and the tables are made when missing."""
        if create:
            self._make_folder()
        try:
            with closing(sqlite3.connect(self.path, timeout=60, isolation_level=None)) as db:
                if create:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(SCHEMA)
                db.execute("PRAGMA synchronous=FULL")
                found = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
                if found is None or found[0] != FORMAT:
                    raise StoreError(f"图谱格式 {found[0] if found else '未知'} 不是 {FORMAT}；请删除后重新 build", source=self.path)
                yield db
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and "no such table" not in str(exc):
                raise StoreError(f"无法读写图谱（{exc}）", source=self.path) from None
            raise StoreError(f"不是有效的 innokg 图谱（{exc}）；请删除后重新 build", source=self.path) from None

    def _stored_generation(self) -> int | None:
        with self._db() as db:
            if db is None:
                return None
            return _generation(db)

    def _files(self) -> tuple:
        """Size and time of the database and its log: a commit changes one of them (the service
        asks on every request; a stat is cheaper than opening the database)."""
        stamps: list[tuple[int, int, int] | None] = []
        for path in (self.path, self.path.with_name(SNAPSHOT + "-wal")):
            try:
                stat = path.stat()
                stamps.append((stat.st_mtime_ns, stat.st_size, stat.st_ino))
            except OSError:
                stamps.append(None)
        return tuple(stamps)

    def refresh(self) -> bool:
        """Read the graph again if another process (a build, a service) saved since."""
        files = self._files()
        if files == self._seen_files:
            return False
        self._seen_files = files
        generation = self._stored_generation()
        if generation == self._generation:
            return False
        self._generation = generation
        self._view = None
        return True

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Change the graph as the only writer of its folder: take the folder's lock, read what
        other writers saved meanwhile, and let the caller change and save under the lock (two
        builds, or a build and the service, then keep every document)."""
        with self._locked():
            self.refresh()
            yield

    def _make_folder(self) -> None:
        """The data folder, made where missing; one that cannot be (a file in its path, no right
        to write) is the store's error, named, not a traceback."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise StoreError("数据目录的位置是一个文件，不是目录", source=self.folder) from None
        except OSError as exc:
            raise StoreError(f"无法建立数据目录（{exc.strerror}）", source=self.folder) from None

    def _lock_file(self) -> IO[bytes]:
        try:
            return open(self.folder / LOCK, "a+b")
        except OSError as exc:
            raise StoreError(f"无法在数据目录中写入（{exc.strerror}）", source=self.folder) from None

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._make_folder()
        with self._lock_file() as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                for stale in self.folder.glob("*.json.*.tmp"):  # left by a writer of the first format
                    stale.unlink(missing_ok=True)
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    # ------------------------------------------------------------------ writing

    def replace_document(self, data: GraphData | PackedFacts) -> None:
        packed = data if isinstance(data, PackedFacts) else PackedFacts.of(data)
        self._pending[packed.doc_id] = packed
        self._view = None

    def remove_document(self, doc_id: str) -> None:
        if doc_id not in self.versions():
            raise NotFound(f"图谱中没有文档 {doc_id}")
        self._pending[doc_id] = None
        self._view = None

    def save(self) -> None:
        """Write the changes in one transaction (all of them, or none)."""
        with self._connect(create=True) as db:
            with _transaction(db):
                db.executemany(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
                    [(p.doc_id, p.sha256, p.extractor, p.blob) for p in self._pending.values() if p],
                )
                db.executemany(
                    "DELETE FROM documents WHERE id = ?", [(i,) for i, p in self._pending.items() if p is None]
                )
                if self._pending:
                    _next_generation(db)
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file alone is the whole graph
            generation = _generation(db)
        if self._view is not None or not self._pending:
            self._generation = generation  # what is in memory is what was saved
        self._pending = {}

    def _convert_legacy(self) -> None:
        """Rows from a ``graph.json`` of the first format; the JSON files go once the rows are saved."""
        legacy = self.folder / LEGACY
        with self._locked():
            if self.path.exists():
                return  # another process converted it meanwhile
            try:
                snapshot = LegacySnapshot.model_validate_json(legacy.read_bytes())
            except OSError as exc:
                raise StoreError(f"图谱快照无法读取（{exc.strerror}）", source=legacy) from None
            except ValidationError as exc:
                raise StoreError(
                    f"不是有效的 innokg 图谱快照（{exc.error_count()} 处错误，如 {exc.errors()[0]['msg']}）；请删除后重新 build",
                    source=legacy,
                ) from None
            for data in snapshot.documents.values():
                self.replace_document(data)
            self.save()
            legacy.unlink()
            (self.folder / LEGACY_INDEX).unlink(missing_ok=True)

    # ------------------------------------------------------------------ corrections

    def corrections(self) -> list[Correction]:
        """The analysts' corrections (:mod:`innokg.graph.corrections`), in the order they were made:
        kept in their own table, apart from the documents' rows, so a rebuild keeps them."""
        with self._db() as db:
            if db is None or not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'corrections'").fetchone():
                return []
            rows = db.execute("SELECT body FROM corrections ORDER BY created, rowid").fetchall()
        return CorrectionFile.model_validate_json(b'{"corrections": [' + b",".join(r[0].encode() for r in rows) + b"]}").corrections

    def change_corrections(self, add: list[Correction] | None = None, remove: list[str] | None = None) -> None:
        """Add and remove corrections in one transaction, under the folder's write lock; the graph's
        generation changes, so every reader (another process too) composes it again."""
        with self._locked(), self._connect(create=True) as db, _transaction(db):
            db.executemany(
                "INSERT OR IGNORE INTO corrections VALUES (?, ?, ?)",
                [(c.id, c.created.isoformat(), c.model_dump_json()) for c in add or []],
            )
            db.executemany("DELETE FROM corrections WHERE id = ?", [(i,) for i in remove or []])
            _next_generation(db)
        with self._composing:
            self._view = None

    # ------------------------------------------------------------------ documents

    def versions(self) -> dict[str, tuple[str | None, str | None]]:
        with self._db() as db:
            rows = db.execute("SELECT id, sha256, extractor FROM documents").fetchall() if db else []
        versions = {doc_id: (sha, extractor) for doc_id, sha, extractor in rows}
        for doc_id, packed in self._pending.items():
            if packed is None:
                versions.pop(doc_id, None)
            else:
                versions[doc_id] = (packed.sha256, packed.extractor)
        return versions

    @contextmanager
    def _reading(self) -> Iterator[tuple[int | None, Iterator[PackedFacts]]]:
        """The generation and every document's facts, by id, read in one transaction (one state,
        whatever others write meanwhile), with the changes not yet saved in their places."""
        with self._db() as db:
            if db is None:
                yield None, self._with_pending(iter(()))
                return
            db.execute("BEGIN")
            try:
                generation = _generation(db)
                rows = db.execute("SELECT id, sha256, extractor, facts FROM documents ORDER BY id")
                yield generation, self._with_pending(PackedFacts(doc_id=i, sha256=h, extractor=e, blob=b) for i, h, e, b in rows)
            finally:
                db.execute("COMMIT")

    def _with_pending(self, stored: Iterator[PackedFacts]) -> Iterator[PackedFacts]:
        """Stored rows (by id) with the unsaved changes in their places: replaced, added, removed."""
        pending = self._pending
        added = sorted((p for p in pending.values() if p is not None), key=lambda p: p.doc_id)
        return heapq.merge((p for p in stored if p.doc_id not in pending), added, key=lambda p: p.doc_id)

    def _packed(self) -> Iterator[PackedFacts]:
        with self._reading() as (_, packed):
            yield from packed

    def document_data(self, doc_id: str) -> GraphData:
        """One document's facts, as built."""
        if doc_id in self._pending:
            packed = self._pending[doc_id]
        else:
            with self._db() as db:
                row = db.execute("SELECT facts FROM documents WHERE id = ?", (doc_id,)).fetchone() if db else None
            packed = PackedFacts(doc_id=doc_id, blob=row[0]) if row else None
        if packed is None:
            raise NotFound(f"图谱中没有文档 {doc_id}")
        return self._unpack(packed)

    def document_text(self, doc_id: str) -> str | None:
        """The text a document's evidence spans index, read from its row (the composed graph
        does not hold it); None for no such document."""
        try:
            data = self.document_data(doc_id)
        except NotFound:
            return None
        return next((n.text for n in data.nodes if isinstance(n, DocumentNode)), "")

    def _unpack(self, packed: PackedFacts) -> GraphData:
        try:
            return packed.unpack()
        except (ValueError, zlib.error) as exc:
            raise StoreError(f"文档 {packed.doc_id} 的数据已损坏（{str(exc).splitlines()[0][:80]}）；请重新 build", source=self.path) from None

    @property
    def fragments(self) -> Mapping[str, GraphData]:
        """Every document's facts by id, read from the rows (for exports and tests: large); read
        only — a change goes through :meth:`replace_document`."""
        return MappingProxyType({packed.doc_id: self._unpack(packed) for packed in self._packed()})

    # ------------------------------------------------------------------ the composed graph

    @property
    def view(self) -> GraphView:
        """The queries over the composed graph, composed on the first read after a change (once:
        two requests arriving together wait for one composition)."""
        with self._composing:
            view = self._view
            if view is None:
                try:
                    corrections = Corrections(self.corrections())
                    with self._reading() as (generation, packed):
                        facts = compose((p.facts_json() for p in packed), corrections)
                except (ValueError, KeyError, TypeError, zlib.error) as exc:
                    raise StoreError(f"图谱数据已损坏（{str(exc).splitlines()[0][:80]}）；请重新 build", source=self.path) from None
                view = GraphView(facts)
                self._view, self._generation = view, generation
                gc.freeze()  # the graph lives until the next change: later collections need not walk it
            return view

    def warm(self) -> None:
        """Compose the graph and build its indexes now (the service does it in the background)."""
        self.view.warm()
        gc.freeze()  # like the graph, its indexes stay: the collector need not walk them again

    def state(self) -> int | None:
        """A number that changes whenever the graph does (answers may be cached under it)."""
        return self._generation if not self._pending else None

    @property
    def in_memory(self) -> bool:
        """Whether the graph is composed in memory (questions then need no reading)."""
        return self._view is not None

    @property
    def graph(self) -> Facts:
        return self.view.graph

    # ------------------------------------------------------------------ reading

    def documents(self) -> list[DocumentInfo]:
        view = self.view
        return [view.node(d).info for d in view.document_ids()]

    def document_count(self) -> int:
        view = self._view  # composed (unsaved changes included): counted in memory, not by opening the database
        return len(self.versions()) if view is None else len(view.document_ids())

    def is_empty(self) -> bool:
        return self.document_count() == 0

    def queries(self) -> GraphView:
        """The composed graph answers every query (:meth:`view`)."""
        return self.view

    def facts(self) -> Facts:
        return self.view.graph


def dump_rows(folder: str | Path) -> list[tuple[str, str | None, str | None, str]]:
    """The rows of a folder's graph as text (id, hash, extractor, facts JSON), to compare two graphs."""
    store = EmbeddedStore(folder)
    return [(p.doc_id, p.sha256, p.extractor, p.facts_json().decode()) for p in store._packed()]


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: committed whole, or rolled back whatever went wrong."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


def _next_generation(db: sqlite3.Connection) -> None:
    """Tell every reader (other processes too) that the graph changed."""
    db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")


def _generation(db: sqlite3.Connection) -> int:
    """How many saves the database has seen (another process's save changes it)."""
    return int(db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])
