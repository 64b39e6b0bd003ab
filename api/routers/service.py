"""The service itself: health, figures, the vocabulary, the page, and the one write endpoint."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractContextManager, asynccontextmanager
from importlib import resources
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from innokg import building
from innokg.graph import answers
from innokg.api.deps import SettingsDep, StoreDep, call, require_token
from innokg.api import viz
from innokg.api.errors import ErrorResponse
from innokg.graph.model import Model, vocab
from innokg.graph.model.answers import Stats
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

router = APIRouter()
HOME_PAGE = resources.files("innokg.api").joinpath("static/index.html").read_text(encoding="utf-8")


class Health(Model):
    status: Literal["ok"] = "ok"
    store: str
    documents: int


class Ingested(Model):
    documents: list[str]
    tasks: int
    warnings: list[str]


@router.get("/healthz", response_model=Health, summary="服务状态", tags=["服务"])
async def healthz(store: StoreDep, settings: SettingsDep) -> Health:
    return Health(store=settings.store, documents=await call(store, store.document_count))  # no composing needed


@router.get("/stats", response_model=Stats, summary="图谱概况", tags=["服务"])
async def stats(store: StoreDep):
    return await call(store, answers.stats, store)


@router.get("/vocabulary", summary="类型与关系的中文名称和颜色", tags=["服务"])
async def vocabulary() -> dict:
    """节点类型、关系类型与角色的中文名称和颜色（网页与网络图共用的一张表）。"""
    return vocab.as_json()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home() -> str:
    return HOME_PAGE


@router.get(f"/assets/vis-{viz.VIS_VERSION}/{{name}}", include_in_schema=False)
async def vis_asset(name: str) -> Response:
    """vis-network for the network pages: one version under one path, so browsers keep it."""
    if name not in viz.VIS_FILES:
        raise HTTPException(404, f"没有这个文件：{name[:80]}")
    return Response(viz.asset(name), media_type=viz.VIS_FILES[name], headers={"Cache-Control": "public, max-age=31536000, immutable"})


@router.post(
    "/documents",
    response_model=Ingested,
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="上传文档并写入图谱",
    tags=["写入"],
    responses={
        400: {"model": ErrorResponse},
        401: {"model": ErrorResponse},
        413: {"model": ErrorResponse, "description": "文件过大，或读取超过时限（INNOKG_UPLOAD_SECONDS）"},
    },
)
async def post_document(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="一个文档")],
):
    """上传一个文档（.txt .html .docx .pdf），抽取后写入图谱；同名文档替换旧版本。
    读取在独立进程中进行，超过 INNOKG_UPLOAD_SECONDS 秒或客户端断开即终止，图谱不变。"""
    content = await file.read(settings.max_upload_bytes + 1)
    if len(content) > settings.max_upload_bytes:
        raise HTTPException(413, f"文件过大（上限 {settings.max_upload_bytes} 字节）")
    records = await read_upload(request, file.filename or "", content, settings.upload_seconds)
    async with request.app.state.write_lock:
        # the folder's lock is waited for on a thread (another process may hold it for minutes);
        # the embedded store changes on the event loop, where its readers run: none sees half a change
        async with held(store.writing()):
            await call(store, building.put_records, store, records)
        await call(store, store.queries)  # compose once, before the next reader
    return Ingested(
        documents=[r.document.id for r in records],
        tasks=sum(len(r.tasks) for r in records),
        warnings=[str(n) for r in records for n in r.warnings],
    )


async def read_upload(request: Request, filename: str, content: bytes, seconds: float) -> list:
    """The upload's records, read by the app's upload worker (a process of its own) within
    ``seconds``; the worker is killed as soon as the client goes away."""
    reader: building.UploadReader = request.app.state.uploads
    reading = asyncio.ensure_future(run_in_threadpool(reader.read, filename, content, seconds))
    while not reading.done():
        await asyncio.wait({reading}, timeout=0.25)
        if not reading.done() and await request.is_disconnected():
            reader.cancel()  # the reading thread then ends with TimeLimit
    return reading.result()


@asynccontextmanager
async def held(context: AbstractContextManager[None]) -> AsyncIterator[None]:
    """A blocking context (a file lock) entered and left on a worker thread, so that the event
    loop serves every other request while it waits."""
    await run_in_threadpool(context.__enter__)
    try:
        yield
    except BaseException as exc:
        if not await run_in_threadpool(context.__exit__, type(exc), exc, exc.__traceback__):
            raise
    else:
        await run_in_threadpool(context.__exit__, None, None, None)
