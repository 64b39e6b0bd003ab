"""Every answer assembled and paged once, for every store.

A store finds facts; this module decides what an answer holds and in which order. For the
paged answers (a unit's tasks and chain, an industry's links) a store lists bare rows — ids,
types and places, no texts — which are ordered and cut to one page here; the store then
fetches the facts of that page alone, and :class:`~innokg.graph.view.GraphView` turns them
into the answer. The embedded store's facts are all in memory, so its "fetch" is its whole
view; the Neo4j store asks the server for the page's subgraph. Both go through the same
functions below, so both answer alike by construction.

>>> from innokg.stores import example_store
>>> store = example_store()
>>> unit = next(u for u in store.queries().units() if u.name == "市科技局")
>>> page = unit_tasks(store, unit.id, offset=0, limit=3)
>>> page.total > 3, len([*page.lead, *page.co, *page.guides])
(True, 3)
"""

from __future__ import annotations

from collections.abc import Iterable

from innokg.graph.model import GraphData, RelType, Role, relation_key
from innokg.graph import lineage
from innokg.graph.model.answers import (
    Chain,
    CitedBy,
    DocumentCitations,
    Lineage,
    TaskRef,
    EntityAnswer,
    IndustryLinks,
    Neighbourhood,
    Stats,
    TargetAnswer,
    TaskAnswer,
    UnitTasks,
)
from innokg.graph.store import GraphStore, PlatformRow, RoleRow, TaskLinkRow, TaskRoleRow
from innokg.graph.view import GraphView, LinkPage, mention_order


def task_answer(store: GraphStore, task_id: str) -> TaskAnswer:
    """Who is responsible for a task: 牵头 / 责任 / 指导, each with its clause."""
    return store.queries().task_facts(task_id).task_answer(task_id)


def entity(store: GraphStore, node_id: str) -> EntityAnswer:
    return store.queries().entity_facts(node_id).entity(node_id)


def neighbourhood(store: GraphStore, node_id: str, depth: int = 1) -> Neighbourhood:
    return store.queries().neighbourhood_facts(node_id, depth).neighbourhood(node_id, depth)


def export(store: GraphStore) -> GraphData:
    """Every node and relation, in a stable order (nodes by id, relations by source, target, key)."""
    return GraphView(store.facts()).export()


def stats(store: GraphStore) -> Stats:
    """The graph's figures: documents, tasks, units, relations and entities, per document too."""
    return store.queries().stats()


def targets(store: GraphStore, task_ids: list[str] | None = None) -> list[TargetAnswer]:
    """Targets of these tasks (all targets when None), in document order."""
    return store.queries().target_facts(task_ids).targets(task_ids)


# ------------------------------------------------------------------ citations between documents


def citations(store: GraphStore, doc_id: str) -> DocumentCitations:
    """The policy a document is and every policy it cites (graph.lineage)."""
    return lineage.document_citations(store.queries().citation_facts(), doc_id)


def cited_by(store: GraphStore, policy_id: str, transitive: bool = True) -> CitedBy:
    """Every document citing a policy, and (``transitive``) the documents citing those."""
    return lineage.cited_by(store.queries().citation_facts(), policy_id, transitive)


def document_lineage(store: GraphStore, doc_id: str, task: TaskRef | None = None) -> Lineage:
    """The chains of citations from a document (a task's: its own citations first) up to the
    policies it implements."""
    queries = store.queries()
    span = None
    if task is not None:
        node = queries.task_facts(task.id).node(task.id)
        span = (node.start, node.end)
    return lineage.lineage(queries.citation_facts(), doc_id, task, span)


# ------------------------------------------------------------------ a unit's tasks


def unit_tasks(store: GraphStore, unit_id: str, offset: int = 0, limit: int | None = None) -> UnitTasks:
    """One page of what a unit leads, shares and guides, in document order (all of it when
    ``limit`` is None); ``total`` and ``counts`` are of the whole."""
    queries = store.queries()  # one state of the graph for the whole answer
    rows = _in_document_order(queries.unit_roles(unit_id))
    page = page_of(rows, offset, limit)
    answer = queries.unit_page_facts(unit_id, page).unit_tasks(unit_id, page)
    return answer.model_copy(update={"total": len(rows), "counts": _counts(rows), "offset": offset, "limit": limit})


def chain(store: GraphStore, unit_id: str, offset: int = 0, limit: int | None = None) -> Chain:
    """A unit's tasks (paged as :func:`unit_tasks`) under their sections and documents."""
    queries = store.queries()
    rows = _in_document_order(queries.unit_roles(unit_id))
    page = page_of(rows, offset, limit)
    answer = queries.unit_page_facts(unit_id, page).chain(unit_id, page)
    return answer.model_copy(update={"total": len(rows), "offset": offset, "limit": limit})


def _in_document_order(rows: list[RoleRow]) -> list[RoleRow]:
    """A unit's roles by document, then by where the task starts, then by role and clause: the
    order of a role row's fields (a store that keeps its rows sorted, as the embedded one does,
    costs one linear pass here)."""
    return sorted(rows)


def _counts(rows: list[RoleRow]) -> dict[Role, int]:
    counts = {role: 0 for role in Role}
    for row in rows:
        counts[Role(row.type)] += 1  # a role's value is its relation type
    return counts


# ------------------------------------------------------------------ an industry's links


def industry_links(store: GraphStore, node_id: str, offset: int = 0, limit: int | None = None) -> IndustryLinks:
    """Platforms serving an industry (or the industries of a "965" industry), tasks building
    those platforms or naming the industry, and the units behind the tasks. ``offset``/``limit``
    page the platforms and the tasks alike; the totals and the units are of the whole answer."""
    queries = store.queries()
    rows = queries.link_rows(node_id)
    if rows is None:  # a "965" industry no document names: nothing behind it (that gap is the finding)
        return queries.link_page_facts(node_id, LinkPage()).industry_links(node_id, LinkPage())
    platforms = sorted(rows.platforms)  # by industry name, then document order: the row's fields
    tasks = _one_per_task_and_thing(rows.tasks)
    units = _units_behind([_leads_and_co(rows.roles, t.task) for t in tasks])
    page = LinkPage(
        platforms=page_of(platforms, offset, limit),
        tasks=page_of(tasks, offset, limit),
        units=units,
        platform_total=len(platforms),
        task_total=len(tasks),
        platform_count=len({p.platform for p in platforms}),
        task_count=len({t.task for t in tasks}),
        offset=offset,
        limit=limit,
    )
    return queries.link_page_facts(node_id, page).industry_links(node_id, page)


def _one_per_task_and_thing(rows: Iterable[TaskLinkRow]) -> list[TaskLinkRow]:
    """One entry per task and thing it names — BUILDS before MENTIONS when a task does both, else
    its first mention — in document order (ties by the thing's name)."""
    best: dict[tuple[str, str], TaskLinkRow] = {}
    for row in sorted(rows, key=lambda r: (r.type != RelType.BUILDS.value, r.doc_id, r.start)):
        best.setdefault((row.task, row.via), row)
    return sorted(best.values(), key=lambda r: (r.task_doc, r.start, r.via_name, r.via, r.task))


def _leads_and_co(roles: dict[str, list[TaskRoleRow]], task_id: str) -> tuple[list[str], list[str]]:
    ordered = _mention_ordered(roles.get(task_id, []))
    return [r.unit for r in ordered if r.type == RelType.LEADS.value], [r.unit for r in ordered if r.type == RelType.CO_RESPONSIBLE.value]


def _mention_ordered(roles: Iterable[TaskRoleRow]) -> list[TaskRoleRow]:
    """The units of one task in the order its text names them."""
    return sorted(roles, key=lambda r: mention_order(r.start, r.mention_start, r.unit))


def _units_behind(roles: list[tuple[list[str], list[str]]]) -> list[str]:
    """The units behind tasks, given each task's (lead, co): every lead first, then the others."""
    return list(dict.fromkeys([u for lead, _ in roles for u in lead] + [u for _, co in roles for u in co]))


def page_of(items: list, offset: int, limit: int | None) -> list:
    """The items of one page (all from ``offset`` when ``limit`` is None)."""
    return items[offset : None if limit is None else offset + limit]


def relation_of(row: PlatformRow | TaskLinkRow) -> tuple[str, str, str]:
    """The relation a link row stands for: its source, target and key."""
    if isinstance(row, PlatformRow):
        return row.platform, row.industry, relation_key(RelType.SERVES.value, row.doc_id, row.start)
    return row.task, row.via, relation_key(row.type, row.doc_id, row.start)


__all__ = [
    "chain", "entity", "export", "industry_links", "neighbourhood", "page_of", "relation_of", "stats", "targets", "task_answer",
    "unit_tasks",
]
