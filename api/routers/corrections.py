"""Corrections (人工校正) and the review queue (待核查): list, make, undo, export and import the
analysts' corrections; page through what innokg was least sure of; the review page.

Writes need the token (:func:`~innokg.api.deps.require_token`). The corrections live in the
embedded store; when the service answers from Neo4j, the documents a change touches are loaded
into it again (:mod:`innokg.correcting`).
"""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse
from innokg import correcting, stores
from innokg.api.deps import Limit, Offset, SettingsDep, StoreDep, call, require_token
from innokg.api.errors import ErrorResponse
from innokg.graph.corrections import Correction, CorrectionFile, CorrectionRequest
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model import Model
from innokg.graph.review import ReviewPage, review_queue
from innokg.graph.store import GraphStore
from innokg.settings import Settings
from starlette.concurrency import run_in_threadpool

router = APIRouter()
REVIEW_PAGE = resources.files("innokg.api").joinpath("static/review.html").read_text(encoding="utf-8")
TOKEN = [Depends(require_token)]
UNAUTHORISED: dict[int | str, dict[str, Any]] = {401: {"model": ErrorResponse}}


class Imported(Model):
    added: int
    corrections: list[Correction]


def _stores(store: GraphStore, settings: Settings) -> tuple[EmbeddedStore, Any]:
    """Where the corrections live (the embedded store), and the Neo4j store to load again, if any."""
    if isinstance(store, EmbeddedStore):
        return store, None
    return stores.open_embedded(settings), store


async def _write(request: Request, store: GraphStore, function, *args):
    """A change of the corrections, one at a time; the graph composed again before the next reader."""
    async with request.app.state.write_lock:
        result = await run_in_threadpool(function, *args)
        if isinstance(store, EmbeddedStore):
            await run_in_threadpool(getattr, store, "graph")
    return result


@router.get("/corrections", response_model=list[Correction], summary="人工校正列表", tags=["校正"])
async def corrections(store: StoreDep, settings: SettingsDep):
    """全部人工校正，按校正时间排序（编号、类型、内容、校正人、时间）。"""
    source, _ = _stores(store, settings)
    return await run_in_threadpool(source.corrections)


@router.post("/corrections", response_model=Correction, status_code=201, summary="新增人工校正", tags=["校正"], dependencies=TOKEN, responses=UNAUTHORISED)
async def post_correction(request: Request, store: StoreDep, settings: SettingsDep, body: CorrectionRequest):
    """合并（merge）、拆分（split）单位，设定任务某一角色的单位（role），标记非实体（not_entity）。
    名称与问题一样模糊匹配；不够明确时返回 404 与最接近的候选。"""
    source, target = _stores(store, settings)
    return await _write(request, store, correcting.correct, source, body, target)


@router.delete("/corrections/{correction_id}", response_model=Correction, summary="撤销人工校正", tags=["校正"], dependencies=TOKEN, responses=UNAUTHORISED)
async def delete_correction(correction_id: str, request: Request, store: StoreDep, settings: SettingsDep):
    source, target = _stores(store, settings)
    return await _write(request, store, correcting.undo, source, correction_id, target)


@router.get("/corrections/export", response_model=CorrectionFile, summary="导出人工校正", tags=["校正"])
async def export(store: StoreDep, settings: SettingsDep):
    """全部人工校正，作为可共享的 JSON 文件（POST /corrections/import 可导入）。"""
    source, _ = _stores(store, settings)
    data = await run_in_threadpool(correcting.export, source)
    return JSONResponse(
        data.model_dump(mode="json"), headers={"Content-Disposition": 'attachment; filename="innokg-corrections.json"'}
    )


@router.post("/corrections/import", response_model=Imported, summary="导入人工校正", tags=["校正"], dependencies=TOKEN, responses=UNAUTHORISED)
async def import_(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[CorrectionFile, Body(description="GET /corrections/export 导出的文件")],
):
    """导入导出的校正文件；编号已存在的跳过。"""
    source, target = _stores(store, settings)
    added = await _write(request, store, correcting.import_corrections, source, file.model_dump_json(), target)
    return Imported(added=len(added), corrections=added)


@router.get("/review", response_model=ReviewPage, summary="待核查队列", tags=["校正"])
async def review(store: StoreDep, settings: SettingsDep, offset: Offset = 0, limit: Limit = 50):
    """抽取最不确定之处：未明确牵头、归属推断的任务，名称相近、自动合并、仅出现一次的单位；每条附一键校正（actions）。"""
    source, _ = _stores(store, settings)
    made = await run_in_threadpool(source.corrections)
    return await call(store, review_queue, store, offset, limit, made)


@router.get("/review.html", response_class=HTMLResponse, include_in_schema=False)
async def review_page() -> str:
    return REVIEW_PAGE
