"""Two editions of a plan compared (版本对比): ``GET /diff?a=…&b=…``, the answer ``innokg diff`` gives."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from innokg.api.deps import StoreDep, call
from innokg.api.errors import ErrorResponse
from innokg.graph import diff as editions
from innokg.graph.model.diff import EditionDiff

router = APIRouter(
    tags=["版本对比"],
    responses={
        400: {"model": ErrorResponse, "description": "几个文档都相符（请写出能区分它们的字，如年份），或参数有误"},
        404: {"model": ErrorResponse, "description": "没有这个文档"},
        413: {"model": ErrorResponse, "description": "两个版本的任务（或目标）逐对比较的次数超出上限"},
    },
)

Edition = Annotated[str, Query(min_length=1, max_length=200, description="文档标识，或标题中能区分它的字（如年份）")]


@router.get("/diff", response_model=EditionDiff, summary="两个版本的对比：任务、单位与量化目标的变化")
async def diff(
    store: StoreDep,
    a: Edition,
    b: Edition,
    threshold: Annotated[float, Query(ge=0, le=100, description="匹配度低于此值的两项任务（或目标）不配对")] = editions.THRESHOLD,
):
    """较早的版本 a 与较新的版本 b：任务一一配对（标题相似度与所在章节，附匹配度），未变或改写；
    配对任务的牵头、责任、指导单位的增减（按图谱中的单位标识比较，简称与全称为同一单位）；只在 b 中的新增任务、只在 a 中的删除任务；
    量化目标按指标与计量单位配对，给出数值、计量单位、要求与年份的变化。每一项都附两个版本各自的原文依据（文档、字位、引文）。"""
    return await call(store, editions.diff, store, a, b, threshold)
