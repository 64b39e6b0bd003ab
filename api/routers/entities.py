"""Industries, platforms and any entity; the network around a node and its page."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from innokg.graph import answers, questions
from innokg.api.deps import Depth, Limit, Offset, StoreDep, call
from innokg.api.viz import PageCache, network_page
from innokg.graph.model import Label
from innokg.graph.model.answers import EntityAnswer, IndustryLinks, Neighbourhood, TargetAnswer

router = APIRouter()


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
    """节点的关系网络图（离线可用的交互页面）。"""
    pages: PageCache = request.app.state.pages
    key = (id(store), store.state(), node_id, depth)
    if key[1] is not None and (page := pages.get(key)) is not None:
        return page
    view = await call(store, questions.neighbourhood, store, node_id, depth)
    # rendering a page of a few hundred nodes takes ~100 ms of CPU: off the event loop, so
    # /healthz and the other answers do not wait behind it; kept for the graph's next visitors
    page = await run_in_threadpool(network_page, view, link_nodes=True)
    if key[1] is not None:
        pages.put(key, page)
    return page
