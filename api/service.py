"""The service functions the CLI and the API both call: build the graph, ask it questions."""

from __future__ import annotations

import hashlib

import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from innokg.api.settings import Settings
from innokg.ingest.reader import DOCUMENT_SUFFIXES, SUFFIXES_CN
from innokg.graph.build import fold_units, record_to_graph
from innokg.graph.facts import unit_aliases
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model.errors import InnokgError, InputError, NotFound
from innokg.graph.model import DocumentInfo, ExtractionRecord, Label, Model, Notice, Role, key
from innokg.graph.model.resolve import default_taxonomy
from innokg.graph.search import (
    NoGoodMatch,
    coverage,
    find_node,
    find_tasks,
    find_unit,
    require_tasks,
    task_candidate,
    task_candidates,
)
from innokg.graph.store import (
    Candidate,
    PackedFacts,
    Chain,
    EntityAnswer,
    GraphStore,
    IndustryLinks,
    Neighbourhood,
    NodeRef,
    TargetAnswer,
    TaskAnswer,
    TaskRef,
    UnitRef,
    UnitTasks,
)
from pydantic import Field

if TYPE_CHECKING:
    from innokg.graph.neo4j_store import Neo4jStore



def bundled_corpus() -> Path:
    return Path(str(resources.files("innokg.data").joinpath("corpus")))


def open_store(settings: Settings) -> GraphStore:
    """The store the settings choose: the embedded one (default) or Neo4j."""
    if settings.store == "neo4j":
        return open_neo4j(settings, settings.neo4j_uri)
    return EmbeddedStore(settings.data)


def open_neo4j(settings: Settings, uri: str) -> Neo4jStore:
    from innokg.graph.neo4j_store import Neo4jStore  # the driver loads only when Neo4j is used

    password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else None
    return Neo4jStore(
        uri,
        user=settings.neo4j_user,
        password=password,
        database=settings.neo4j_database,
        timeout=settings.neo4j_timeout,
        dialect=settings.neo4j_dialect,
    )


@dataclass
class LoadReport:
    documents: int
    nodes: int
    relationships: int


def load(source: EmbeddedStore, target: Neo4jStore, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Copy every document of ``source`` into ``target``, one document per transaction.

    A document that fails to load leaves its earlier version in ``target`` untouched; running
    the load again finishes the job (loading is idempotent).
    """
    target.ensure_schema()
    documents = source.documents()
    folded = source.graph.aliases  # one node per unit in Neo4j too (graph.model.aliases)
    for info in documents:
        target.replace_document(fold_units(source.document_data(info.id), folded, source.graph.nodes))
        if progress:
            progress(info.id)
    nodes, relationships = target.counts()
    return LoadReport(documents=len(documents), nodes=nodes, relationships=relationships)


def read_records(paths: Iterable[Path]) -> Iterator[ExtractionRecord]:
    """Records from ``extract --jsonl`` files, one per line; a bad line names its file and line."""
    for path in paths:
        try:
            handle = open(path, encoding="utf-8")
        except OSError as exc:
            raise InputError(f"无法读取：{exc.strerror}", source=path) from None
        with handle:
            for number, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    yield ExtractionRecord.model_validate_json(line)
                except ValueError as exc:
                    raise InputError(f"第 {number} 行不是有效的抽取记录（{str(exc).splitlines()[0][:80]}）", source=path) from None


def load_records(paths: list[Path], target: Neo4jStore, progress: Callable[[str], None] | None = None) -> LoadReport:
    """Load extraction records (``extract --jsonl``) into Neo4j, one document per transaction, in
    batches; loading the same records again changes nothing."""
    target.ensure_schema()
    documents = 0
    graphs = [record_to_graph(record) for record in read_records(paths)]
    by_id = {n.id: n for g in graphs for n in g.nodes}
    folded = unit_aliases(by_id.values())
    for graph in graphs:
        target.replace_document(fold_units(graph, folded, by_id))
        documents += 1
        if progress:
            progress(next(n.id for n in graph.nodes if n.label == Label.DOCUMENT))
    nodes, relationships = target.counts()
    return LoadReport(documents=documents, nodes=nodes, relationships=relationships)


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
            other_entities=sum(1 for e in record.entities if e.type != "Unit" and e.id not in units),
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


def _read_all(work, paths: list[Path], progress: Callable[[Path], None] | None, jobs: int) -> Iterator[tuple[Path, object, Failure | None]]:
    """``work`` over ``paths``, results in the order of ``paths``; with ``jobs`` > 1 in that many processes."""
    if jobs > 1 and len(paths) > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for path, (result, error) in zip(paths, pool.map(work, paths, chunksize=max(1, min(16, len(paths) // (jobs * 8))))):
                if progress:
                    progress(path)
                yield path, result, error
    else:
        for path in paths:
            result, error = work(path)
            if progress:
                progress(path)
            yield path, result, error


def _kept(results, doc_id_of) -> tuple[list, list[InnokgError]]:
    """The results, and the errors: a file that failed, or one whose document id another file has."""
    kept, errors, seen = [], [], {}
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
    """Records of ``paths``, in their order; with ``jobs`` > 1 read by that many processes."""
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
    unchanged = [] if force else unchanged_documents(store, paths)
    todo = [p for p in paths if p not in set(unchanged)]
    if progress:
        for path in unchanged:
            progress(path)
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
    process added meanwhile is lost."""
    if not records:
        return
    graphs = [record_to_graph(record) for record in records]
    with store.writing():
        for graph in graphs:
            store.replace_document(graph)
        store.save()


def require_graph(store: GraphStore) -> None:
    if store.is_empty():
        raise NotFound("图谱为空：请先运行 innokg build")


class WhoAnswer(Model):
    """The task a question names best and who is responsible for it; the other tasks it matches."""

    best: TaskAnswer
    score: float = Field(description="匹配度 0–100: how much of the question the task's title (or, by_text, its text) covers")
    by_text: bool = Field(default=False, description="the task's text, not its title, holds the question")
    others: list[Candidate] = Field(default=[], description="other tasks the question matches well, best first")


def who(store: GraphStore, words: str, limit: int = 5) -> WhoAnswer:
    """Who leads and shares the task that matches ``words`` best; :class:`NoGoodMatch`, with the
    nearest tasks, when none matches well."""
    require_graph(store)
    (best, score), *others = require_tasks(store, words, limit)
    return WhoAnswer(
        best=store.task_answer(best.id),
        score=score,
        by_text=coverage(words, best.title) < score,
        others=[task_candidate(task, s) for task, s in others],
    )


#: how many tasks an answer shows unless asked for more (a unit of a province's library has
#: thousands): the page the API's lists use too
PAGE = 50


def unit_tasks(store: GraphStore, name: str, offset: int = 0, limit: int | None = PAGE) -> tuple[UnitTasks, list[UnitRef]]:
    """What the unit called ``name`` leads, co-owns and guides (one page); plus other close names."""
    require_graph(store)
    unit, others = find_unit(store, name)
    return store.unit_tasks(unit.id, offset, limit), others


def chain(store: GraphStore, name: str, offset: int = 0, limit: int | None = PAGE) -> tuple[Chain, list[UnitRef]]:
    require_graph(store)
    unit, others = find_unit(store, name)
    return store.chain(unit.id, offset, limit), others


def links(store: GraphStore, name: str, offset: int = 0, limit: int | None = PAGE) -> tuple[IndustryLinks, list[NodeRef]]:
    """Platforms, tasks and units linked to an industry or a "965" industry (光电子信息, 集成电路 …)."""
    require_graph(store)
    try:
        node, others = find_node(store, name, "Industry965", "Industry", what="产业")
    except NotFound:
        unnamed = default_taxonomy().find(name)  # a "965" industry the documents never name
        if unnamed is None:
            raise
        return store.industry_links(unnamed.id, offset, limit), []
    return store.industry_links(node.id, offset, limit), others


def entity(store: GraphStore, name: str) -> tuple[EntityAnswer, list[NodeRef]]:
    require_graph(store)
    node, others = find_node(store, name)
    return store.entity(node.id), others


class TargetsAnswer(Model):
    scope: str = Field(description="what the targets were chosen by: 全部, a unit's name or a task's title")
    targets: list[TargetAnswer]
    roles: dict[str, Role] = Field(default={}, description="for a unit: its role in each task, by task id")


def document_tasks(store: GraphStore, id_or_title: str) -> tuple[DocumentInfo, list[TaskAnswer]]:
    """One document (by id, or by the words of its title) and its attributed tasks, in order."""
    require_graph(store)
    documents = store.documents()
    wanted = key(id_or_title)
    info = next((d for d in documents if d.id == id_or_title), None) or next(
        (d for d in documents if wanted and wanted in key(d.title)), None
    )
    if info is None:
        raise NotFound(f"图谱中没有文档“{id_or_title}”（innokg doc 列出全部文档）")
    answers = [store.task_answer(t.id) for t in store.tasks() if t.doc_id == info.id]
    return info, [a for a in answers if a.lead or a.co or a.guides]


def targets(store: GraphStore, query: str | None = None) -> TargetsAnswer:
    """All targets; or those of the tasks a unit leads or shares; or those of one task."""
    require_graph(store)
    if not query:
        return TargetsAnswer(scope="全部", targets=store.targets())
    try:
        unit, _ = find_unit(store, query)
    except NotFound as missed:
        unit, near = None, getattr(missed, "candidates", [])
    if unit is not None:
        answer = store.unit_tasks(unit.id)
        roles = {t.task.id: t.role for t in (*answer.co, *answer.lead)}  # a lead outranks a share
        return TargetsAnswer(scope=unit.name, targets=store.targets(list(roles)), roles=roles)
    matches = find_tasks(store, query, limit=1)
    if not matches:
        raise NoGoodMatch(query, "单位或任务", [*near, *task_candidates(store, query)])
    task = matches[0][0]
    return TargetsAnswer(scope=task.title, targets=store.targets([task.id]))


# --------------------------------------------------------------------------- the API's questions


class TaskDetail(TaskAnswer):
    """A task with who is responsible, its sections and its targets."""

    targets: list[TargetAnswer] = []


def task_detail(store: GraphStore, task_id: str) -> TaskDetail:
    answer = store.task_answer(task_id)
    return TaskDetail(**answer.model_dump(exclude={"lead_note"}), targets=store.targets([task_id]))


def search_tasks(store: GraphStore, query: str | None, limit: int = 1000) -> list[TaskRef]:
    if not query:
        return store.tasks()
    return [task for task, _ in find_tasks(store, query, limit=limit)]


def search_units(store: GraphStore, query: str | None) -> list[UnitRef]:
    units = store.units()
    if not query:
        return units
    by_id = {u.id: u for u in units}
    index = store.name_index("Unit")  # a node as search sees it: its full name is one more alias
    return [by_id[ref.id] for ref, _ in index.search(query, limit=len(index.candidates))]


class Found(NodeRef):
    score: float


def search_entities(store: GraphStore, query: str, labels: list[str] | None = None, limit: int = 20) -> list[Found]:
    """Units, platforms, industries … (and "965" industries) by name, short name, full name or alias."""
    found = store.name_index(*(labels or [])).search(query, limit)
    return [Found(**node.model_dump(), score=score) for node, score in found]


class IndustryCount(Model):
    industry: NodeRef
    group: str
    group_cn: str
    industries: int = Field(description="document industry words mapped to it")
    platforms: int
    tasks: int


class IndustryGroup(Model):
    group: str
    group_cn: str
    industries: list[IndustryCount]


def industry_tree(store: GraphStore) -> list[IndustryGroup]:
    """The "965" system (9 pillar, 6 emerging, 5 future) with what the graph links to each."""
    present = {n.id for n in store.nodes("Industry965")}
    groups: dict[str, IndustryGroup] = {}
    for item in default_taxonomy().industries:
        group = groups.setdefault(item.group, IndustryGroup(group=item.group, group_cn=item.group_cn, industries=[]))
        node = NodeRef(id=item.id, label="Industry965", name=item.name)
        links = store.industry_links(item.id, 0, 0) if item.id in present else None  # counts, no entries
        group.industries.append(
            IndustryCount(
                industry=node,
                group=item.group,
                group_cn=item.group_cn,
                industries=len(links.industries) if links else 0,
                platforms=links.platform_count if links else 0,
                tasks=links.task_count if links else 0,
            )
        )
    return list(groups.values())


def view(store: GraphStore, id_or_name: str, depth: int = 1) -> Neighbourhood:
    """The neighbourhood of a node given by id, or by the name of a task, unit, platform or industry."""
    require_graph(store)
    if not 1 <= depth <= 3:
        raise InputError("depth 应为 1、2 或 3")
    try:
        return store.neighbourhood(id_or_name, depth)
    except NotFound:
        pass
    try:
        node, _ = find_node(store, id_or_name)
        return store.neighbourhood(node.id, depth)
    except NotFound as missed:
        matches = find_tasks(store, id_or_name, limit=1)
        if not matches:
            near = [*getattr(missed, "candidates", []), *task_candidates(store, id_or_name)]
            raise NoGoodMatch(id_or_name, "任务或实体", near) from None
        return store.neighbourhood(matches[0][0].id, depth)


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


# --------------------------------------------------------------------------- analysis


def analysis_graph(store: GraphStore):
    """The whole graph as networkx, for :mod:`innokg.graph.analysis`."""
    from innokg.graph.analysis import whole_graph

    require_graph(store)
    if isinstance(store, EmbeddedStore):  # its graph is in memory: no export of every relation as a model
        return store.graph.to_networkx()
    return whole_graph(store.export())


def notebook_store(settings: Settings | None = None) -> GraphStore:
    """The graph a notebook analyses: the one the settings point at, or, when that is empty,
    the bundled plan built into a temporary folder (so a notebook runs on a fresh machine)."""
    settings = settings or Settings()
    store = open_store(settings)
    if not store.is_empty():
        return store
    folder = Path(tempfile.mkdtemp(prefix="innokg-notebook-"))
    store = EmbeddedStore(folder)
    build(store, document_paths([bundled_corpus()]))
    return store
