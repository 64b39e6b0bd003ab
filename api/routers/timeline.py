"""Targets followed across documents: the timeline of a metric, and every timeline there is
(:mod:`innokg.graph.timeline`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from innokg.api.deps import Offset, StoreDep
from innokg.api.errors import ErrorResponse
from innokg.graph import timeline as timelines
from innokg.graph.model.answers import TimelineAnswer, TimelineList
from starlette.concurrency import run_in_threadpool

router = APIRouter(prefix="/targets", tags=["目标"])

Metric = Annotated[str, Query(min_length=1, max_length=100, description="指标中的词，如 高新技术企业、技术合同成交额")]
#: how many timelines a page lists unless asked for more
PAGE = 20


@router.get(
    "/timeline",
    response_model=TimelineAnswer,
    summary="目标时间线：某指标在各文件中的目标值、年份与进展",
    responses={404: {"model": ErrorResponse, "description": "没有跨文件的时间线：指标只见于一个文件，或没有相符的指标（附最接近的指标）"}},
)
async def timeline(store: StoreDep, metric: Metric):
    """与 metric 相符的各条时间线（匹配度高者在前）：同一指标（计量单位相同、数量级换算后；同为总量或同为增量；
    指标用词相近：去掉“到2024年”“全市”“新增”“数量”等之后，相邻两字的 Jaccard 相似度不低于 0.5；发文机关相同或相关）
    在两个以上文件中的目标，按年份、再按发布日期排列；每一点附原文依据，以及进展表（进展情况、完成情况…）所报告的内容与数值。"""
    # the whole graph's targets are grouped: off the event loop, however the store answers
    return await run_in_threadpool(timelines.timeline, store, metric)


@router.get("/timelines", response_model=TimelineList, summary="全部目标时间线（跨两个以上文件的指标）")
async def all_timelines(
    store: StoreDep,
    offset: Offset = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = PAGE,
):
    """跨两个以上文件的全部时间线，文件多者在前；offset/limit 分页，total 为全部。"""
    return await run_in_threadpool(timelines.timelines, store, offset, limit)
