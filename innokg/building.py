"""Reading documents into a store: ``build`` (the whole pipeline, in parallel and incremental),
``extract`` (one document's record, nothing stored) and uploads.

>>> from innokg.graph.embedded import EmbeddedStore
>>> import tempfile
>>> store = EmbeddedStore(tempfile.mkdtemp())
>>> report = build(store, document_paths([bundled_corpus()]))
>>> [d.title for d in report.documents]
['武汉市创新发展三年行动方案(2022——2024年)']
>>> build(store, document_paths([bundled_corpus()])).unchanged != []  # read again only when changed
True
"""

from __future__ import annotations

import gc
import hashlib
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from innokg.graph.build import record_to_graph
from innokg.graph.embedded import PackedFacts
from innokg.graph.model import EntityType, ExtractionRecord, Model, Notice
from innokg.graph.model.errors import InnokgError, InputError, TimeLimit
from innokg.graph.store import GraphStore
from innokg.ingest.reader import DOCUMENT_SUFFIXES, SUFFIXES_CN


def bundled_corpus() -> Path:
    return Path(str(resources.files("innokg.data").joinpath("corpus")))


#: our own two editions of one plan (data/editions/): what ``innokg diff`` is tested and shown on
EDITIONS = ("wuhan-sci-tech-capacity-plan-2022.txt", "wuhan-sci-tech-capacity-plan-2024.txt")


def bundled_lineage() -> Path:
    """A district's implementing opinion we wrote (data/lineage/): it cites the bundled plan."""
    return Path(str(resources.files("innokg.data").joinpath("lineage")))


def bundled_editions() -> list[Path]:
    """The two editions of a plan we wrote to compare (2022 and 2024), the earlier first."""
    folder = Path(str(resources.files("innokg.data").joinpath("editions")))
    return [folder / name for name in EDITIONS]



def extract(path: str | Path) -> ExtractionRecord:
    """One document's record — its sections, tasks, attributions, entities, targets and relations,
    each with its evidence — read by the whole pipeline; nothing is stored. Errors name the file."""
    from innokg.nlp.record import extract_file  # spaCy loads only when documents are read

    with _loaded():  # loaded, as a build loads it, out of the collector's way
        return extract_file(Path(path))


def document_paths(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the documents inside folders named (sorted); unknown paths kept to fail loudly."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)
            )
        else:
            found.append(path)
    return found


class BuildFailed(InnokgError):
    """Some inputs could not be read; nothing was written."""

    def __init__(self, errors: list[InnokgError]) -> None:
        lines = "\n".join(f"  {e}" for e in errors)
        super().__init__(f"{len(errors)} 个文件无法处理，图谱未改动：\n{lines}")
        self.errors = errors


class BuiltDocument(Model):
    """What a build reports of one document it read (the facts themselves go to the store)."""

    id: str
    title: str
    sections: int
    tasks: int
    attributed_tasks: int
    units: int
    other_entities: int
    targets: int
    role_words: int = 0  # 牵头 / 负责 / 配合 / 责任单位 … in the text
    role_words_placed: int = 0  # of them, inside an attribution some task carries
    uncertain_tasks: int = 0  # tasks no numbered item frames (the paragraph an attribution closes)
    warnings: list[Notice] = []

    @classmethod
    def of(cls, record: ExtractionRecord) -> BuiltDocument:
        units = {u.id for t in record.tasks for u in (*t.lead, *t.co, *t.guides)}
        return cls(
            id=record.document.id,
            title=record.document.title,
            sections=len(record.sections),
            tasks=len(record.tasks),
            attributed_tasks=sum(1 for t in record.tasks if t.lead or t.co or t.guides),
            units=len(units),
            other_entities=sum(1 for e in record.entities if e.type != EntityType.UNIT and e.id not in units),
            targets=len(record.targets),
            role_words=record.coverage.role_words if record.coverage else 0,
            role_words_placed=record.coverage.placed if record.coverage else 0,
            uncertain_tasks=sum(1 for t in record.tasks if t.uncertain),
            warnings=record.warnings,
        )


@dataclass
class BuildReport:
    documents: list[BuiltDocument] = field(default_factory=list)
    errors: list[InnokgError] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)  # skipped: same content, same pipeline

    @property
    def notices(self) -> list[Notice]:
        return [n for d in self.documents for n in d.warnings]


Failure = tuple[str, str | None]  # an error as (message, source): errors cross process bounds


def _extract_one(path: Path) -> tuple[ExtractionRecord | None, Failure | None]:
    """One document's record, or its error."""
    from innokg.nlp.record import extract_file  # spaCy loads only when documents are read

    try:
        return extract_file(path), None
    except InnokgError as exc:
        return None, (exc.message, exc.source)
    except (MemoryError, RecursionError, ValueError, OSError, UnicodeError) as exc:
        # one file that breaks a reader must not stop the others: one line names it
        return None, (f"无法处理（{type(exc).__name__}）", str(path))


def _build_one(path: Path) -> tuple[tuple[BuiltDocument, PackedFacts] | None, Failure | None]:
    """One document read and turned into its packed facts, in the worker: what comes back to
    the building process is a few kilobytes, not the record (a 10,000-document build holds
    every document until it writes them all at once)."""
    record, error = _extract_one(path)
    if record is None:
        return None, error
    return (BuiltDocument.of(record), PackedFacts.of(record_to_graph(record))), None


def _end_with(building: int) -> None:
    """In a worker: end when the building process is gone. A build killed outright (``kill -9``)
    cannot stop its pool, and the workers would read on, for nobody, until they finished. Gone:
    the worker's parent changed (it was adopted), or the building process no longer exists."""
    parent = os.getppid()  # the building process, or a fork server it started

    def watch() -> None:
        while os.getppid() == parent and _exists(building):
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="innokg-parent-watch", daemon=True).start()


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _loaded_context():
    """Where processes can fork, workers forked after this process loaded the pipeline, jieba's
    words and the trained model: each inherits them instead of loading them again (about
    as long as reading a few documents, per worker, the whole of a small build's head start).
    Elsewhere the platform's default start method, and each worker loads its own."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods() or sys.platform == "darwin":
        return None  # macOS: forking a process that loaded system frameworks is unsafe
    return multiprocessing.get_context("fork")


@dataclass
class _Collector:
    """Builds reading in this process now (a library or notebook may run two at once), and the
    collector's thresholds from before the first of them: the last to finish restores them."""

    readers: int = 0
    thresholds: tuple[int, ...] = ()
    lock: threading.Lock = field(default_factory=threading.Lock)
    pauses: int = 0  # loadings under way with the collector paused (_collection_paused)
    was_enabled: bool = True  # whether the collector ran before the first of them


_collector = _Collector()


@contextmanager
def _loaded() -> Iterator[None]:
    """The pipeline loaded with all it loads on first use (jieba's words, the trained model),
    and kept out of the garbage collector's reach while documents are read. The collector's full
    passes would otherwise walk all of it again and again, and in a forked worker write to every
    inherited object, copying the parent's memory page by page. Afterwards the collector sees
    everything again: a long-running service frozen nothing for good."""
    with _collection_paused():
        from innokg.nlp.record import ready  # spaCy, the pipeline's modules

        ready()
    with _collector.lock:
        if not _collector.readers:
            # no gc.collect() first: what little garbage loading left is frozen with the rest and
            # freed when the collector sees everything again (a full pass was a twentieth of start-up)
            gc.freeze()
            _collector.thresholds = gc.get_threshold()
            # a document makes hundreds of thousands of short-lived objects: a young collection
            # every 10,000 allocations, not 700, takes the collector's time from 5% of a build to 2%
            gc.set_threshold(10_000, *_collector.thresholds[1:])
        _collector.readers += 1
    try:
        yield
    finally:
        with _collector.lock:
            _collector.readers -= 1
            if not _collector.readers:
                gc.set_threshold(*_collector.thresholds)
                gc.unfreeze()


@contextmanager
def _collection_paused() -> Iterator[None]:
    """No garbage collection while the pipeline loads: loading makes some 40,000 objects that live
    as long as the process and next to no garbage, and the collector's passes over them as they
    arrive (two full ones among them) took a tenth of a build's start-up and freed nothing."""
    with _collector.lock:  # counted: two threads loading at once, the last to finish turns it back on
        if not _collector.pauses:
            _collector.was_enabled = gc.isenabled()
            gc.disable()
        _collector.pauses += 1
    try:
        yield
    finally:
        with _collector.lock:
            _collector.pauses -= 1
            if not _collector.pauses and _collector.was_enabled:
                gc.enable()


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # the read reports it


def _read_all(work, paths: list[Path], progress: Callable[[Path], None] | None, jobs: int) -> Iterator[tuple[Path, object, Failure | None]]:
    """``work`` over ``paths``, results in the order of ``paths``; with ``jobs`` > 1 in that many processes."""
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        # the longest documents first, one at a time: the last to finish is a short one, not a
        # long one that started last while the other workers wait (results still in path order)
        order = sorted(range(len(paths)), key=lambda i: -_size(paths[i]))
        done: dict[int, tuple[object, Failure | None]] = {}
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=_loaded_context(), initializer=_end_with, initargs=(os.getpid(),)
        ) as pool:
            futures = {pool.submit(work, paths[i]): i for i in order}
            try:
                for future in as_completed(futures):
                    i = futures[future]
                    done[i] = future.result()
                    if progress:
                        progress(paths[i])
            except BaseException:
                # Ctrl-C, or an error no reader catches: the documents not started are dropped, as
                # Executor.map drops them (leaving the pool would otherwise wait for all of them)
                for future in futures:
                    future.cancel()
                raise
        for i, path in enumerate(paths):
            yield path, *done[i]
    else:
        for path in paths:
            result, error = work(path)
            if progress:
                progress(path)
            yield path, result, error


def _kept(results, doc_id_of) -> tuple[list, list[InnokgError]]:
    """The results, and the errors: a file that failed, or one whose document id another file has."""
    kept: list = []
    errors: list[InnokgError] = []
    seen: dict[str, Path] = {}  # document id → the file it came from
    for path, result, error in results:
        if error is not None:
            errors.append(InputError(error[0], source=error[1]))
        elif (doc_id := doc_id_of(result)) in seen:
            errors.append(InputError(f"与 {seen[doc_id]} 的文档标识相同（{doc_id}），请改名", source=path))
        else:
            seen[doc_id] = path
            kept.append(result)
    return kept, errors


def extract_documents(
    paths: list[Path], progress: Callable[[Path], None] | None = None, jobs: int = 1
) -> tuple[list[ExtractionRecord], list[InnokgError]]:
    """Records of ``paths``, in their order; with ``jobs`` > 1 read by that many processes, forked
    after this one loaded the pipeline (as a build's are)."""
    with _loaded() if paths else nullcontext():
        return _kept(_read_all(_extract_one, paths, progress, jobs), lambda record: record.document.id)


def unchanged_documents(store: GraphStore, paths: list[Path]) -> list[Path]:
    """The files whose content and pipeline are those the store already holds them from."""
    from innokg.graph.model import document_id
    from innokg.nlp.pipeline import fingerprint

    known = store.versions()
    if not known:
        return []
    current = fingerprint()
    same = []
    for path in paths:
        stored = known.get(document_id(path.stem))
        if stored and stored[1] == current:
            try:
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                continue  # the read reports it
            if digest == stored[0]:
                same.append(path)
    return same


def build(
    store: GraphStore,
    paths: list[Path],
    *,
    skip_bad: bool = False,
    progress: Callable[[Path], None] | None = None,
    jobs: int = 1,
    force: bool = False,
) -> BuildReport:
    """Read ``paths`` and put their facts in ``store``, replacing earlier versions of the same documents.

    All documents are read before the store is touched: unless ``skip_bad``, one unreadable
    file fails the build and the store (and its snapshot) stays as it was. A document whose
    content and pipeline are unchanged is not read again (unless ``force``).
    """
    if not paths:
        raise InputError(f"没有找到可读取的文档（支持 {SUFFIXES_CN}）")
    with _collection_paused():  # spaCy and the pipeline's modules load here (for its fingerprint)
        unchanged = [] if force else unchanged_documents(store, paths)
    skipped = set(unchanged)
    todo = [p for p in paths if p not in skipped]
    if progress:
        for path in unchanged:
            progress(path)
    with _loaded() if todo else nullcontext():  # nothing to read: nothing to load
        built, errors = _kept(_read_all(_build_one, todo, progress, jobs), lambda result: result[0].id)
    if errors and not skip_bad:
        raise BuildFailed(errors)
    if built:
        with store.writing():
            for _, packed in built:
                store.replace_document(packed)
            store.save()
    return BuildReport(documents=[document for document, _ in built], errors=errors, unchanged=unchanged)


def store_records(store: GraphStore, records: list[ExtractionRecord]) -> None:
    """Put extracted documents in the store, replacing earlier versions, and make it durable.

    Under the store's write lock, after reading what other writers saved: no document another
    process added meanwhile is lost. A document replaces only a document read from a file of the
    same name: two files whose names make one id (``Ａ.txt`` and ``A.txt``) are refused, not
    one stored over the other."""
    if not records:
        return
    with store.writing():
        put_records(store, records)


def put_records(store: GraphStore, records: list[ExtractionRecord]) -> None:
    """:func:`store_records` for a caller that already holds ``store.writing()`` (the service
    waits for the folder's lock on a thread, then changes the store where its readers run)."""
    if not records:
        return
    graphs = [record_to_graph(record) for record in records]
    _refuse_other_sources(store, records)
    for graph in graphs:
        store.replace_document(graph)
    store.save()


def _refuse_other_sources(store: GraphStore, records: list[ExtractionRecord]) -> None:
    stored = {d.id: d for d in store.documents()} if not store.is_empty() else {}
    for record in records:
        old = stored.get(record.document.id)
        if old is not None and Path(old.source).name != Path(record.document.source).name:
            raise InputError(
                f"与已有文档“{old.title}”（{Path(old.source).name}）的标识 {old.id} 相同；"
                "不同的文件不会互相替换，请改名后再上传",
                source=record.document.source,
            )


def extract_upload(filename: str, content: bytes) -> list[ExtractionRecord]:
    """Read one uploaded document (same checks as ``innokg build``); nothing is stored yet."""
    name = "".join(ch for ch in Path((filename or "").replace("\\", "/")).name if ch.isprintable())
    if not name or Path(name).suffix.lower() not in DOCUMENT_SUFFIXES:
        raise InputError(f"不支持的文件：{name[:80] or '（无文件名）'}（支持 {SUFFIXES_CN}）")
    if len(name.encode()) > 200 or not Path(name).stem.strip():
        raise InputError("文件名过长或为空（上限 200 字节）", source=name[:80])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(content)
        records, errors = extract_documents([path])
    if errors:  # name the upload, never the server's temporary folder
        raise BuildFailed([InputError(e.message.replace(folder, ""), source=name) for e in errors])
    return [_as_uploaded(record, name, folder) for record in records]


def _as_uploaded(record: ExtractionRecord, name: str, folder: str) -> ExtractionRecord:
    """The record of an upload names the file as uploaded, not the server's temporary copy."""
    warnings = [n.model_copy(update={"source": name, "message": n.message.replace(folder, "")}) for n in record.warnings]
    document = record.document.model_copy(update={"source": name})
    return record.model_copy(update={"document": document, "warnings": warnings})




class UploadReader:
    """Reads uploads in a process of its own, so that a heavy one can be stopped.

    :meth:`read` waits at most ``seconds`` for a document's records (the worker's start and the
    pipeline's loading not counted); past that, or when :meth:`cancel` is called (the client went
    away), the worker is killed — whatever it was doing, no thread of the service is left reading —
    and the next upload starts a new one. The worker ends with the process that started it.
    One upload at a time: the others wait their turn.

    A killed worker cleans nothing up, so it keeps its temporary files (the upload's copy among
    them) in a folder of the service's, which the service removes once the worker is gone.
    """

    #: the longest a new worker may take to load the pipeline
    START_SECONDS = 300.0

    def __init__(self) -> None:
        self._turn = threading.Lock()
        self._process: Any = None
        self._pipe: Any = None
        self._scratch: Path | None = None  # the worker's temporary folder

    def read(self, filename: str, content: bytes, seconds: float) -> list[ExtractionRecord]:
        """The records of one upload (:func:`extract_upload`), read within ``seconds``."""
        name = Path((filename or "").replace("\\", "/")).name[:80]
        with self._turn:
            pipe = self._started(name)
            try:
                pipe.send((filename, content))
                if not pipe.poll(seconds):
                    self._stop()
                    raise TimeLimit(f"读取超过时限（{seconds:g} 秒，INNOKG_UPLOAD_SECONDS），已取消；图谱未改动", source=name)
                kind, *found = pipe.recv()
            except (EOFError, OSError):
                self._stop()
                raise TimeLimit("读取已取消（客户端断开或读取进程退出）；图谱未改动", source=name) from None
        if kind == "error":
            message, source = found
            raise InputError(message, source=source)
        return found[0]

    def _started(self, name: str) -> Any:
        """The worker's end of the pipe, the worker started (and its pipeline loaded) if need be."""
        if self._process is not None and self._process.is_alive():
            return self._pipe
        self._stop()
        import multiprocessing

        context = multiprocessing.get_context("spawn")  # the service has threads: no fork
        ours, theirs = context.Pipe()
        self._scratch = Path(tempfile.mkdtemp(prefix="innokg-upload-"))
        process = context.Process(target=_read_uploads, args=(theirs, os.getpid(), self._scratch), name="innokg-upload", daemon=True)
        process.start()
        theirs.close()
        self._process, self._pipe = process, ours
        try:
            ready = ours.poll(self.START_SECONDS) and ours.recv() == "ready"
        except (EOFError, OSError):
            ready = False
        if not ready:
            self._stop()
            raise TimeLimit(f"读取进程未能启动（{self.START_SECONDS:g} 秒内）；图谱未改动", source=name)
        return ours

    def prepare(self) -> None:
        """Start the worker and load its pipeline now, on a thread of its own (the first upload
        need not wait seconds for it)."""

        def start() -> None:
            with self._turn:
                try:
                    self._started("")
                except InnokgError:
                    pass  # the first upload tries again, and says why

        threading.Thread(target=start, name="innokg-upload-start", daemon=True).start()

    def cancel(self) -> None:
        """Kill the worker now, from any thread: an upload it was reading fails with :class:`TimeLimit`."""
        process = self._process
        if process is not None:
            process.kill()

    def _stop(self) -> None:
        """Kill the worker and let it go (by the thread that reads through it), and its files."""
        process, pipe, scratch = self._process, self._pipe, self._scratch
        self._process = self._pipe = self._scratch = None
        if process is not None:
            process.kill()
        if pipe is not None:
            pipe.close()
        _gone(process, scratch)

    def close(self) -> None:
        """The service stops: its worker too, and the worker's files."""
        process, scratch = self._process, self._scratch
        self.cancel()
        _gone(process, scratch)


def _gone(process: Any, scratch: Path | None) -> None:
    """A killed worker waited for, and its temporary folder removed."""
    if process is not None:
        process.join(5)
    if scratch is not None:
        shutil.rmtree(scratch, ignore_errors=True)


def _read_uploads(pipe: Any, parent: int, scratch: Path) -> None:
    """The upload worker: load the pipeline, say so, then read each upload sent and send back its
    records, or its error as ("error", message, source) (exceptions with arguments of their own
    do not cross a pipe whole). Every temporary file it makes is in ``scratch``, the service's to
    remove: a worker killed mid-read leaves its files behind."""
    tempfile.tempdir = str(scratch)
    # a terminal's Ctrl-C goes to the service's whole process group: the service stops this
    # worker itself (:meth:`UploadReader.close`), and it would only print a KeyboardInterrupt
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _end_with(parent)
    from innokg.nlp.pipeline import load_pipeline

    load_pipeline()
    pipe.send("ready")
    while True:
        try:
            filename, content = pipe.recv()
        except EOFError:
            return
        try:
            pipe.send(("ok", extract_upload(filename, content)))
        except InnokgError as exc:
            pipe.send(("error", str(exc) if exc.source is None else exc.message, exc.source))
