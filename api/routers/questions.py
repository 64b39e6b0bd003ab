"""Questions in words, as the command line asks them: who leads a task, what a unit does, what
serves an industry, which targets. A question that matches nothing well answers 404 with the
nearest candidates and their scores (``error.candidates``), never an unrelated answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from innokg.graph import questions
from innokg.api.deps import Limit, Offset, StoreDep, call
from innokg.api.errors import ErrorResponse
from innokg.graph.model.answers import Chain, EntityAnswer, IndustryLinks, UnitTasks

router = APIRouter(prefix="/ask", tags=["提问"], responses={404: {"model": ErrorResponse, "description": "没有相符的答案：附最接近的候选及匹配度"}})

Words = Annotated[str, Query(min_length=1, max_length=200, description="问题中的词（可只写一部分，容忍错字）")]
Name = Annotated[str, Query(min_length=1, max_length=100, description="名称（简称、全称均可）")]


@router.get("/who", response_model=questions.WhoAnswer, summary="谁牵头、谁负责某项任务")
async def who(store: StoreDep, q: Words):
    """与问题最相符的任务及其牵头、责任单位；匹配度为问题中的字出现在任务标题（或正文）中的比例，须达 75%。"""
    return await call(store, questions.who, store, q)


@router.get("/tasks", response_model=UnitTasks, summary="某单位牵头、参与的任务")
async def unit_tasks(store: StoreDep, unit: Name, offset: Offset = 0, limit: Limit = questions.PAGE):
    return (await call(store, questions.unit_tasks, store, unit, offset, limit))[0]


@router.get("/chain", response_model=Chain, summary="某单位的责任链")
async def chain(store: StoreDep, unit: Name, offset: Offset = 0, limit: Limit = questions.PAGE):
    return (await call(store, questions.chain, store, unit, offset, limit))[0]


@router.get("/links", response_model=IndustryLinks, summary="某产业（或“965”产业）关联的平台、任务与单位")
async def links(store: StoreDep, industry: Name, offset: Offset = 0, limit: Limit = questions.PAGE):
    return (await call(store, questions.links, store, industry, offset, limit))[0]


@router.get("/targets", response_model=questions.TargetsAnswer, summary="某单位或某项任务的量化目标")
async def targets(store: StoreDep, q: Words):
    return await call(store, questions.targets, store, q)


@router.get("/entity", response_model=EntityAnswer, summary="一个实体及其全部关系")
async def entity(store: StoreDep, name: Name):
    return (await call(store, questions.entity, store, name))[0]
