"""Citations between the documents of the library (graph.lineage): what a document cites, who
cites a policy, and the chains of citations up from a document or a task."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from innokg.api.deps import StoreDep, call
from innokg.api.errors import ErrorResponse
from innokg.graph import questions
from innokg.graph.model.answers import CitedBy, DocumentCitations, Lineage

router = APIRouter(tags=["政策引用"], responses={404: {"model": ErrorResponse, "description": "图谱中没有这份文件或这项政策"}})

Words = Annotated[str, Query(min_length=1, max_length=200, description="文档标识、标题中的词、文号或任务标题中的词")]


@router.get("/citations", response_model=DocumentCitations, summary="一份文件引用的政策文件")
async def cites(store: StoreDep, document: Words):
    """文件本身的文号、标题，以及它引用的每项政策：引用方式（依据、贯彻落实、转发、废止替代、提及）、文号、发文机关、层级、原文依据；图谱中已有的政策附其文档。"""
    return await call(store, questions.cites, store, document)


@router.get("/cited-by", response_model=CitedBy, summary="哪些文件引用了一项政策")
async def cited_by(
    store: StoreDep,
    policy: Words,
    direct: Annotated[bool, Query(description="只列直接引用者")] = False,
):
    """直接引用该政策的文件（depth 1），以及逐层引用这些文件的文件（depth 2…，through 为其引用的中间文件）。"""
    return await call(store, questions.cited_by, store, policy, not direct)


@router.get("/lineage", response_model=Lineage, summary="政策溯源：沿引用链上溯")
async def lineage(store: StoreDep, start: Words):
    """从一份文件（或一项任务所在的文件）出发，沿“引用”逐级上溯到它所落实的上级政策；国家级在前。"""
    return await call(store, questions.lineage, store, start)
