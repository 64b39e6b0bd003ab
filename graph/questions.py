"""The questions innokg answers, asked of any store: who leads a task, what a unit is
responsible for, its chain of responsibility, an industry's platforms, targets, search.

Each takes a :class:`~innokg.graph.store.GraphStore` (the embedded one or Neo4j) and the
words a user typed; names are matched once, here, through :mod:`innokg.graph.search`.

>>> from innokg.stores import example_store
>>> store = example_store()
>>> answer = who(store, "建设重大科技基础设施群")
>>> answer.best.task.title, [u.unit.name for u in answer.best.lead]
('建设重大科技基础设施群', ['市发改委'])
"""

from __future__ import annotations

from innokg.graph import answers
from innokg.graph import lineage as citation_layer
from innokg.graph.model import DocumentInfo, Model, Role, key
from innokg.graph.model.errors import InputError, NotFound
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
from innokg.graph.model.answers import (
    Candidate,
    CitedBy,
    DocumentCitations,
    DocumentEntry,
    Lineage,
    DocumentRef,
    DocumentText,
    Chain,
    EntityAnswer,
    IndustryLinks,
    Neighbourhood,
    Span,
    NodeRef,
    TargetAnswer,
    TaskAnswer,
    TaskRef,
    UnitRef,
    UnitTasks,
)
from innokg.graph.store import GraphStore
from pydantic import Field


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
        best=answers.task_answer(store, best.id),
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
    return answers.unit_tasks(store, unit.id, offset, limit), others


def chain(store: GraphStore, name: str, offset: int = 0, limit: int | None = PAGE) -> tuple[Chain, list[UnitRef]]:
    require_graph(store)
    unit, others = find_unit(store, name)
    return answers.chain(store, unit.id, offset, limit), others


def links(store: GraphStore, name: str, offset: int = 0, limit: int | None = PAGE) -> tuple[IndustryLinks, list[NodeRef]]:
    """Platforms, tasks and units linked to an industry or a "965" industry (光电子信息, 集成电路 …)."""
    require_graph(store)
    try:
        node, others = find_node(store, name, "Industry965", "Industry", what="产业")
    except NotFound:
        unnamed = default_taxonomy().find(name)  # a "965" industry the documents never name
        if unnamed is None:
            raise
        return answers.industry_links(store, unnamed.id, offset, limit), []
    return answers.industry_links(store, node.id, offset, limit), others


def entity(store: GraphStore, name: str) -> tuple[EntityAnswer, list[NodeRef]]:
    require_graph(store)
    node, others = find_node(store, name)
    return answers.entity(store, node.id), others


class TargetsAnswer(Model):
    scope: str = Field(description="what the targets were chosen by: 全部, a unit's name or a task's title")
    targets: list[TargetAnswer]
    roles: dict[str, Role] = Field(default={}, description="for a unit: its role in each task, by task id")


def documents(store: GraphStore) -> list[DocumentEntry]:
    """Every document, with the short title answers name it by."""
    return [DocumentEntry(**d.model_dump()) for d in store.documents()]


def documents_named(store: GraphStore, id_or_title: str) -> list[DocumentInfo]:
    """The documents ``id_or_title`` names: the one of that id (``doc:`` may be left out, as in a
    file's name), else every document whose title holds the words, else every document whose id
    holds them (part of a file's name), in the order of their ids."""
    documents = store.documents()
    exact = [d for d in documents if d.id in (id_or_title, "doc:" + id_or_title)]
    if exact:
        return exact
    wanted = key(id_or_title)
    by_title = [d for d in documents if wanted and wanted in key(d.title)]
    return by_title or [d for d in documents if id_or_title.strip() and id_or_title.strip() in d.id]


def find_document(store: GraphStore, id_or_title: str) -> DocumentInfo:
    """The one document the words name best: by id, else the document whose title they are, else
    the shortest title holding them (a plan, not the notice quoting its title)."""
    require_graph(store)
    wanted = key(id_or_title)
    named = documents_named(store, id_or_title)
    if not named:
        raise NotFound(f"图谱中没有文档“{id_or_title}”（innokg doc 列出全部文档）")
    return min(named, key=lambda d: (key(d.title) != wanted, len(d.title), d.id))


def document_tasks(store: GraphStore, id_or_title: str) -> tuple[DocumentInfo, list[TaskAnswer]]:
    """One document (by id, or by the words of its title) and its attributed tasks, in order."""
    info = find_document(store, id_or_title)
    found = [answers.task_answer(store, t.id) for t in store.queries().tasks() if t.doc_id == info.id]
    return info, [a for a in found if a.lead or a.co or a.guides]


def targets(store: GraphStore, query: str | None = None) -> TargetsAnswer:
    """All targets; or those of the tasks a unit leads or shares; or those of one task."""
    require_graph(store)
    if not query:
        return TargetsAnswer(scope="全部", targets=answers.targets(store))
    try:
        unit, _ = find_unit(store, query)
    except NotFound as missed:
        unit, near = None, getattr(missed, "candidates", [])
    if unit is not None:
        answer = answers.unit_tasks(store, unit.id)
        roles = {t.task.id: t.role for t in (*answer.co, *answer.lead)}  # a lead outranks a share
        return TargetsAnswer(scope=unit.name, targets=answers.targets(store, list(roles)), roles=roles)
    matches = find_tasks(store, query, limit=1)
    if not matches:
        raise NoGoodMatch(query, "单位或任务", [*near, *task_candidates(store, query)])
    task = matches[0][0]
    return TargetsAnswer(scope=task.title, targets=answers.targets(store, [task.id]))


class TaskDetail(TaskAnswer):
    """A task with who is responsible, its sections and its targets."""

    targets: list[TargetAnswer] = []


def task_detail(store: GraphStore, task_id: str) -> TaskDetail:
    answer = answers.task_answer(store, task_id)
    return TaskDetail(**answer.model_dump(exclude={"lead_note", "corrected"}), targets=answers.targets(store, [task_id]))


#: how much text the source reader shows on each side of the span asked for
CONTEXT = 1500


def document_text(
    store: GraphStore, doc_id: str, start: int | None = None, end: int | None = None,
    task_id: str | None = None, context: int = CONTEXT,
) -> DocumentText:
    """A document's text (a window of ``context`` characters each side of ``start``–``end``, cut
    at line ends, or all of it), with the span asked for and the task's attributions marked."""
    text = store.document_text(doc_id)
    if text is None:
        raise NotFound(f"图谱中没有文档 {doc_id}")
    if not text:
        raise NotFound(f"文档 {doc_id} 的原文未存入图谱（图谱建于保存原文之前）：请用 innokg build --force 重新读取")
    info = next((d for d in store.documents() if d.id == doc_id), None)
    document = DocumentRef(id=doc_id, title=info.title if info else doc_id)
    spans: list[Span] = []
    if start is not None:
        if not 0 <= start <= len(text):
            raise InputError(f"start 超出原文（共 {len(text)} 字）")
        end = min(max(end if end is not None else start, start), len(text))
        spans.append(Span(start=start, end=end))
    if task_id:
        task = answers.task_answer(store, task_id)
        if task.task.doc_id != doc_id:
            raise InputError(f"任务 {task_id} 不在文档 {doc_id} 中")
        for role in (Role.LEAD, Role.CO, Role.GUIDES):
            spans += [Span(start=u.evidence.start, end=u.evidence.end, role=role, unit=u.unit.name) for u in task.of(role)]
    low, high = 0, len(text)
    if start is not None and end is not None:
        low = text.rfind("\n", 0, max(start - context, 0)) + 1 if start > context else 0
        cut = text.find("\n", min(end + context, len(text)))
        high = len(text) if cut < 0 or end + context >= len(text) else cut
    spans = [s for s in spans if (s.end > low and s.start < high) or s.role is None]
    return DocumentText(document=document, length=len(text), offset=low, end=high, text=text[low:high], spans=spans)


# ------------------------------------------------------------------ citations between documents


def cites(store: GraphStore, document: str) -> DocumentCitations:
    """What the document (by id or words of its title) is, and every policy it cites."""
    return answers.citations(store, find_document(store, document).id)


def cited_by(store: GraphStore, words: str, transitive: bool = True) -> CitedBy:
    """Who cites a policy: ``words`` an id or a 文号, a document of the library (by words of its
    title, as ``cites`` and ``lineage`` take it: the policy it is), else words of a policy's title."""
    require_graph(store)
    view = store.queries().citation_facts()
    try:
        policy_id = citation_layer.find_policy(view, words, by_title=False)
    except NotFound:
        try:
            document = find_document(store, words)
        except NotFound:
            try:
                policy_id = citation_layer.find_policy(view, words)
            except NotFound:
                raise NotFound(f"图谱中没有政策文件或文档“{words}”（可用文号、政策标题中的词、文档标识或标题）") from None
        else:
            own = citation_layer.own_policy(view, document.id)
            if own is None:
                raise NotFound(f"文档“{document.title}”的文号和标题未能读出，无从查找引用它的文件") from None
            policy_id = own.id
    return citation_layer.cited_by(view, policy_id, transitive)


def lineage(store: GraphStore, words: str) -> Lineage:
    """The chains of citations up from a document (by id or words of its title) or from the
    document of the task ``words`` name best."""
    require_graph(store)
    try:
        return answers.document_lineage(store, find_document(store, words).id)
    except NotFound:  # no document: the task the words name best
        (task, _score), *_ = require_tasks(store, words, 1)
        return answers.document_lineage(store, task.doc_id, task)


def search_tasks(store: GraphStore, query: str | None, limit: int = 1000) -> list[TaskRef]:
    if not query:
        return store.queries().tasks()
    return [task for task, _ in find_tasks(store, query, limit=limit)]


def search_units(store: GraphStore, query: str | None) -> list[UnitRef]:
    units = store.queries().units()
    if not query:
        return units
    by_id = {u.id: u for u in units}
    index = store.queries().name_index("Unit")  # a node as search sees it: its full name is one more alias
    return [by_id[ref.id] for ref, _ in index.search(query, limit=len(index.candidates))]


class Found(NodeRef):
    score: float


def search_entities(store: GraphStore, query: str, labels: list[str] | None = None, limit: int = 20) -> list[Found]:
    """Units, platforms, industries … (and "965" industries) by name, short name, full name or alias."""
    found = store.queries().name_index(*(labels or [])).search(query, limit)
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
    present = {n.id for n in store.queries().nodes("Industry965")}
    groups: dict[str, IndustryGroup] = {}
    for item in default_taxonomy().industries:
        group = groups.setdefault(item.group, IndustryGroup(group=item.group, group_cn=item.group_cn, industries=[]))
        node = NodeRef(id=item.id, label="Industry965", name=item.name)
        links = answers.industry_links(store, item.id, 0, 0) if item.id in present else None  # counts, no entries
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


def neighbourhood(store: GraphStore, id_or_name: str, depth: int = 1) -> Neighbourhood:
    """The neighbourhood of a node given by id, or by the name of a task, unit, platform or industry."""
    require_graph(store)
    if not 1 <= depth <= 3:
        raise InputError("depth 应为 1、2 或 3")
    try:
        return answers.neighbourhood(store, id_or_name, depth)
    except NotFound:
        pass
    try:
        node, _ = find_node(store, id_or_name)
        return answers.neighbourhood(store, node.id, depth)
    except NotFound as missed:
        matches = find_tasks(store, id_or_name, limit=1)
        if not matches:
            near = [*getattr(missed, "candidates", []), *task_candidates(store, id_or_name)]
            raise NoGoodMatch(id_or_name, "任务或实体", near) from None
        return answers.neighbourhood(store, matches[0][0].id, depth)


