"""Tasks and units: who leads, who shares, what a unit is responsible for, its chain."""

from __future__ import annotations

from fastapi import APIRouter
from innokg.graph import answers, questions
from innokg.api.deps import Limit, Offset, Page, StoreDep, call, paginate
from innokg.graph.model import DocumentInfo
from innokg.graph.model.answers import Chain, TaskAnswer, TaskRef, UnitRef, UnitTasks

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


@router.get("/documents", response_model=list[DocumentInfo], summary="图谱中的文件", tags=["文件"])
async def documents(store: StoreDep):
    return await call(store, store.documents)


@router.get("/documents/{doc_id:path}/tasks", response_model=list[TaskAnswer], summary="文件的任务及其牵头、责任单位", tags=["文件"])
async def document_tasks(doc_id: str, store: StoreDep):
    return (await call(store, questions.document_tasks, store, doc_id))[1]
