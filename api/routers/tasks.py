"""Tasks and units: who leads, who shares, what a unit is responsible for, its chain."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from innokg.graph import answers, questions
from innokg.api.deps import Limit, Offset, Page, StoreDep, call, paginate
from innokg.graph.model.answers import DocumentEntry, Chain, DocumentText, TaskAnswer, TaskRef, UnitRef, UnitTasks

router = APIRouter()


@router.get("/tasks", response_model=Page[TaskRef], summary="任务列表与搜索", tags=["任务"])
async def tasks(store: StoreDep, q: str | None = None, offset: Offset = 0, limit: Limit = 50):
    """任务列表；q 为标题中的词（可模糊），按相符程度排序。"""
    return paginate(await call(store, questions.search_tasks, store, q), offset, limit)


@router.get("/tasks/{task_id:path}", response_model=questions.TaskDetail, summary="任务的牵头与责任单位", tags=["任务"])
async def task(task_id: str, store: StoreDep):
    """谁牵头、谁负责：牵头 / 责任 / 指导单位，所在章节、量化目标与原文依据。"""
    return await call(store, questions.task_detail, store, task_id)


@router.get("/units", response_model=Page[UnitRef], summary="单位列表与搜索", tags=["单位"])
async def units(store: StoreDep, q: str | None = None, offset: Offset = 0, limit: Limit = 50):
    return paginate(await call(store, questions.search_units, store, q), offset, limit)


@router.get("/units/{unit_id:path}/tasks", response_model=UnitTasks, summary="单位牵头与参与的任务", tags=["单位"])
async def unit_tasks(unit_id: str, store: StoreDep, offset: Offset = 0, limit: Limit = questions.PAGE):
    """单位牵头、参与、指导的任务，按文件顺序分页（total 与 counts 为全部）。"""
    return await call(store, answers.unit_tasks, store, unit_id, offset, limit)


@router.get("/units/{unit_id:path}/chain", response_model=Chain, summary="单位的责任链", tags=["单位"])
async def unit_chain(unit_id: str, store: StoreDep, offset: Offset = 0, limit: Limit = questions.PAGE):
    return await call(store, answers.chain, store, unit_id, offset, limit)


@router.get("/documents", response_model=list[DocumentEntry], summary="图谱中的文件", tags=["文件"])
async def documents(store: StoreDep):
    return await call(store, questions.documents, store)


@router.get("/documents/{doc_id:path}/tasks", response_model=list[TaskAnswer], summary="文件的任务及其牵头、责任单位", tags=["文件"])
async def document_tasks(doc_id: str, store: StoreDep):
    return (await call(store, questions.document_tasks, store, doc_id))[1]


@router.get("/documents/{doc_id:path}/text", response_model=DocumentText, summary="文件原文（或证据附近的一段）", tags=["文件"])
async def document_text(
    doc_id: str,
    store: StoreDep,
    start: Annotated[int | None, Query(ge=0, description="证据起点（字）：给出时只返回其前后一段")] = None,
    end: Annotated[int | None, Query(ge=0, description="证据终点（字）")] = None,
    task: Annotated[str | None, Query(description="任务 id：标出其全部分工依据")] = None,
    context: Annotated[int, Query(ge=0, le=10_000_000, description="证据前后各取多少字")] = questions.CONTEXT,
):
    """原文：证据（start–end）前后各约 context 字（在行尾截断），或全文；spans 为要标出的位置（全文中的字位），含该任务的全部分工依据。"""
    return await call(store, questions.document_text, store, doc_id, start, end, task, context)
