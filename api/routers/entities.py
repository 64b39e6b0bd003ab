"""Industries, platforms and any entity; the network around a node and its page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from innokg.graph import answers, questions
from innokg.api.deps import Depth, Limit, Offset, StoreDep, call
from innokg.api.viz import VIS_VERSION, PageCache, network_page
from innokg.graph.model import Label, RelType, Role
from innokg.graph.model.answers import Edge, EntityAnswer, IndustryLinks, Neighbourhood, NodeRef, TargetAnswer
from innokg.graph.model.errors import NotFound
from innokg.graph.model.names import short_title
from innokg.graph.store import GraphStore

router = APIRouter()
#: where the service serves vis-network (api/routers/service.py): pages link it, browsers keep it
ASSETS = f"/assets/vis-{VIS_VERSION}/"


@router.get("/industries", response_model=list[questions.IndustryGroup], summary="“965”产业体系", tags=["产业"])
async def industries(store: StoreDep):
    """“965”产业体系（9 大支柱、6 大新兴、5 大未来产业）及其关联的平台、任务数。"""
    return await call(store, questions.industry_tree, store)


@router.get("/industries/{industry_id:path}/platforms", response_model=IndustryLinks, summary="产业关联的平台、任务与单位", tags=["产业"])
async def industry_platforms(industry_id: str, store: StoreDep, offset: Offset = 0, limit: Limit = questions.PAGE):
    """平台与任务按同一 offset / limit 分页（platform_total、task_total 为全部）。"""
    return await call(store, answers.industry_links, store, industry_id, offset, limit)


@router.get("/targets", response_model=list[TargetAnswer], summary="全部量化目标", tags=["目标"])
async def targets(store: StoreDep):
    return await call(store, answers.targets, store)


@router.get("/entities/search", response_model=list[questions.Found], summary="按名称搜索实体", tags=["实体"])
async def entities_search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=100)],
    type: Annotated[list[Label] | None, Query(description="Unit、Platform、Industry、Industry965 …")] = None,
    limit: Limit = 20,
):
    return await call(store, questions.search_entities, store, q, type, limit)


@router.get("/entities/{node_id:path}", response_model=EntityAnswer, summary="实体及其全部关系", tags=["实体"])
async def entity(node_id: str, store: StoreDep):
    return await call(store, answers.entity, store, node_id)


@router.get("/graph/neighbourhood/{node_id:path}", response_model=Neighbourhood, summary="节点的邻域（网络数据）", tags=["网络"])
async def neighbourhood(node_id: str, store: StoreDep, depth: Depth = 1):
    return await call(store, answers.neighbourhood, store, node_id, depth)


@router.get("/viz/{node_id:path}", response_class=HTMLResponse, summary="节点的关系网络图", tags=["网络"])
async def viz(node_id: str, request: Request, store: StoreDep, depth: Depth = 1):
    """节点的关系网络图（离线可用的交互页面：按类型、关系、文件筛选，层数，聚合，单击展开，导出 PNG / SVG）。
    产业与“965”产业画出其平台、任务与单位。"""
    pages: PageCache = request.app.state.pages
    key = (id(store), store.state(), node_id, depth)
    if key[1] is not None and (page := pages.get(key)) is not None:
        return page
    view = await call(store, network_of, store, node_id, depth)
    titles = pages.get((id(store), key[1], "titles")) if key[1] is not None else None
    if titles is None:  # a few milliseconds for a library of 80 documents: once per graph
        titles = {d.id: short_title(d.title) for d in await call(store, store.documents)}
        if key[1] is not None:
            pages.put((id(store), key[1], "titles"), titles)
    industry = view.center.label in (Label.INDUSTRY.value, Label.INDUSTRY_965.value)
    # rendered where it is asked, like every answer: a page is a millisecond (p50; 30 ms for the
    # 600 nodes of a busy unit at depth 2) since the template is compiled once and vis-network is
    # linked, not inlined; a thread hop made it wait behind every request for the interpreter
    # (under 200 clients: p50 650 ms on a thread, against a few ms here); kept for the next visitors
    page = network_page(view, link_nodes=True, titles=titles, depths=not industry, assets=ASSETS)
    if key[1] is not None:
        pages.put(key, page)
    return page


#: the most tasks an industry's network draws with their units
INDUSTRY_TASKS = 150


def network_of(store: GraphStore, node_id: str, depth: int) -> Neighbourhood:
    """A node's neighbourhood; for an industry (or a "965" industry), what its answer lists: the
    industry, its industries, its platforms, the tasks building them or naming it and their units,
    each relation with its evidence."""
    industries = (Label.INDUSTRY.value, Label.INDUSTRY_965.value)
    try:
        view = questions.neighbourhood(store, node_id, depth)
    except NotFound:
        view = None  # a "965" industry no document names still has its (empty) answer
    if view is not None and view.center.label not in industries:
        return view
    try:
        links = answers.industry_links(store, view.center.id if view else node_id, 0, INDUSTRY_TASKS)
    except NotFound:
        if view is None:
            raise
        return view
    nodes: dict[str, NodeRef] = {links.query.id: links.query}
    edges: dict[tuple[str, str, str], Edge] = {}

    def edge(kind: str, source: str, target: str, evidence) -> None:
        edges.setdefault((kind, source, target), Edge(type=kind, source=source, target=target, evidence=evidence))

    for industry in links.industries:
        nodes.setdefault(industry.id, industry)
    full = answers.entity(store, links.query.id) if view is not None else None
    for link in full.links if full else []:
        if link.node.id in nodes and link.node.id != links.query.id:
            source, target = (links.query.id, link.node.id) if link.direction == "out" else (link.node.id, links.query.id)
            edge(link.type, source, target, link.evidence)
    for platform in links.platforms:
        nodes.setdefault(platform.platform.id, platform.platform)
        nodes.setdefault(platform.industry.id, platform.industry)
        edge(RelType.SERVES.value, platform.platform.id, platform.industry.id, platform.evidence)
    for task in links.tasks:
        nodes.setdefault(task.task.id, NodeRef(id=task.task.id, label=Label.TASK.value, name=task.task.title))
        nodes.setdefault(task.via.id, task.via)
        edge(task.relation, task.task.id, task.via.id, task.evidence)
    for task_id in list(dict.fromkeys(t.task.id for t in links.tasks))[:INDUSTRY_TASKS]:
        answer = answers.task_answer(store, task_id)
        for role in (Role.LEAD, Role.CO):
            for unit in answer.of(role):
                nodes.setdefault(unit.unit.id, NodeRef(id=unit.unit.id, label=Label.UNIT.value, name=unit.unit.name))
                edge(role.value, task_id, unit.unit.id, unit.evidence)
    return Neighbourhood(center=links.query, depth=1, nodes=list(nodes.values()), edges=list(edges.values()))
