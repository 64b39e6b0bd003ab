"""The HTTP service: the same questions as the CLI, as JSON, plus the network view and a web page.

``innokg serve`` runs it. The store (embedded or Neo4j, from the settings) is opened once and
injected into every endpoint with ``Depends``; every error has one JSON shape
``{"error": {"code", "message"}}``; the one write endpoint needs a bearer token and takes a
bounded upload.
"""

from __future__ import annotations

import asyncio
import gc
import hmac
from collections.abc import Iterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Generic, Literal, TypeVar

from fastapi import Depends, FastAPI, File, Header, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi_offline import FastAPIOffline
from innokg.api import service
from innokg.api.settings import Settings
from innokg.api.viz import network_page
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.errors import InnokgError, InputError, NotFound, StoreError
from innokg.graph.model import Model
from innokg.graph.store import (
    Chain,
    EntityAnswer,
    GraphStore,
    IndustryLinks,
    Neighbourhood,
    Stats,
    TaskRef,
    UnitRef,
    UnitTasks,
)
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

T = TypeVar("T")
STATUS = {NotFound: 404, InputError: 400, StoreError: 503}


class Page(Model, Generic[T]):
    total: int
    offset: int
    limit: int
    items: list[T]


class ErrorBody(Model):
    code: str
    message: str


class ErrorResponse(Model):
    error: ErrorBody


class Health(Model):
    status: Literal["ok"] = "ok"
    store: str
    documents: int


class Ingested(Model):
    documents: list[str]
    tasks: int
    warnings: list[str]


class BoundedRequests:
    """Refuse a request whose declared body is over the limit before reading it (plain ASGI:
    Starlette's ``BaseHTTPMiddleware`` would cost every request a task switch)."""

    def __init__(self, app, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            length = dict(scope["headers"]).get(b"content-length", b"")
            if length.isdigit() and int(length) > self.limit:
                body = {"error": {"code": "TooLarge", "message": f"请求过大（上限 {self.limit} 字节）"}}
                await JSONResponse(status_code=413, content=body)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def get_store(request: Request) -> GraphStore:
    """The store opened when the app started (embedded or Neo4j, from the settings)."""
    return request.app.state.store


# module level: endpoint annotations are strings (``from __future__``) resolved in this module
StoreDep = Annotated[GraphStore, Depends(get_store)]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]
Depth = Annotated[int, Query(ge=1, le=3)]


async def call(store: GraphStore, function, *args):
    """Answer from the in-memory store on the event loop (sub-millisecond work: a thread hop would
    cost more); anything that waits on a server or a disk goes to the thread pool."""
    if isinstance(store, EmbeddedStore):
        return function(*args)
    return await run_in_threadpool(function, *args)


def paginate(items: list[T], offset: int, limit: int) -> Page[T]:
    return Page(total=len(items), offset=offset, limit=limit, items=items[offset : offset + limit])


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()
    write_lock = asyncio.Lock()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> Iterator[None]:
        app.state.store = store or service.open_store(settings)
        getattr(app.state.store, "graph", None)  # the embedded store composes its graph once, up front
        # the graph lives as long as the app: keep the collector from rescanning it on every full pass
        gc.collect()
        gc.freeze()
        yield
        close = getattr(app.state.store, "close", None)
        if close:
            close()

    # the docs pages' scripts and styles are served by the app itself, not a CDN (intranets)
    app = FastAPIOffline(
        title="innokg",
        description="城市创新政策知识图谱：任务的牵头与责任单位、单位的任务与责任链、产业与平台，均附原文依据。",
        version="0.1.0",
        lifespan=lifespan,
        responses={400: {"model": ErrorResponse}, 404: {"model": ErrorResponse}},
    )

    # ---------------------------------------------------------------- errors: one shape

    def error(status: int, code: str, message: str) -> JSONResponse:
        return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})

    @app.exception_handler(InnokgError)
    async def innokg_error(_: Request, exc: InnokgError) -> JSONResponse:
        status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
        return error(status, type(exc).__name__, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        return error(exc.status_code, "HTTPError", str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return error(422, "InvalidRequest", f"{where}：{first['msg']}")

    app.add_middleware(BoundedRequests, limit=settings.max_upload_bytes + 64_000)

    # ---------------------------------------------------------------- reading

    @app.get("/healthz", response_model=Health, tags=["服务"])
    async def healthz(store: StoreDep) -> Health:
        return Health(store=settings.store, documents=len(await call(store, store.documents)))

    @app.get("/tasks", response_model=Page[TaskRef], tags=["任务"])
    async def tasks(store: StoreDep, q: str | None = None, offset: Offset = 0, limit: Limit = 50):
        """任务列表；q 为标题中的词（可模糊），按相符程度排序。"""
        return paginate(await call(store, service.search_tasks, store, q), offset, limit)

    @app.get("/tasks/{task_id:path}", response_model=service.TaskDetail, tags=["任务"])
    async def task(task_id: str, store: StoreDep):
        """谁牵头、谁负责：牵头 / 责任 / 指导单位，所在章节、量化目标与原文依据。"""
        return await call(store, service.task_detail, store, task_id)

    @app.get("/units", response_model=Page[UnitRef], tags=["单位"])
    async def units(store: StoreDep, q: str | None = None, offset: Offset = 0, limit: Limit = 50):
        return paginate(await call(store, service.search_units, store, q), offset, limit)

    @app.get("/units/{unit_id:path}/tasks", response_model=UnitTasks, tags=["单位"])
    async def unit_tasks(unit_id: str, store: StoreDep):
        return await call(store, store.unit_tasks, unit_id)

    @app.get("/units/{unit_id:path}/chain", response_model=Chain, tags=["单位"])
    async def unit_chain(unit_id: str, store: StoreDep):
        return await call(store, store.chain, unit_id)

    @app.get("/industries", response_model=list[service.IndustryGroup], tags=["产业"])
    async def industries(store: StoreDep):
        """“965”产业体系（9 大支柱、6 大新兴、5 大未来产业）及其关联的平台、任务数。"""
        return await call(store, service.industry_tree, store)

    @app.get("/industries/{industry_id:path}/platforms", response_model=IndustryLinks, tags=["产业"])
    async def industry_platforms(industry_id: str, store: StoreDep):
        return await call(store, store.industry_links, industry_id)

    @app.get("/entities/search", response_model=list[service.Found], tags=["实体"])
    async def entities_search(
        store: StoreDep,
        q: Annotated[str, Query(min_length=1, max_length=100)],
        type: Annotated[list[str] | None, Query(description="Unit、Platform、Industry、Industry965 …")] = None,
        limit: Limit = 20,
    ):
        return await call(store, service.search_entities, store, q, type, limit)

    @app.get("/entities/{node_id:path}", response_model=EntityAnswer, tags=["实体"])
    async def entity(node_id: str, store: StoreDep):
        return await call(store, store.entity, node_id)

    @app.get("/graph/neighbourhood/{node_id:path}", response_model=Neighbourhood, tags=["网络"])
    async def neighbourhood(node_id: str, store: StoreDep, depth: Depth = 1):
        return await call(store, store.neighbourhood, node_id, depth)

    @app.get("/stats", response_model=Stats, tags=["服务"])
    async def stats(store: StoreDep):
        return await call(store, store.stats)

    @app.get("/viz/{node_id:path}", response_class=HTMLResponse, tags=["网络"])
    async def viz(node_id: str, store: StoreDep, depth: Depth = 1):
        """节点的关系网络图（离线可用的交互页面）。"""
        return network_page(await call(store, service.view, store, node_id, depth), link_nodes=True)

    home_page = resources.files("innokg.api").joinpath("static/index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def home() -> str:
        return home_page

    # ---------------------------------------------------------------- writing

    async def require_token(authorization: Annotated[str | None, Header()] = None) -> None:
        token = settings.api_token.get_secret_value() if settings.api_token else None
        given = (authorization or "").removeprefix("Bearer ").strip()
        if not token or not given or not hmac.compare_digest(given.encode(), token.encode()):
            raise HTTPException(401, "需要有效的令牌（请求头 Authorization: Bearer <INNOKG_API_TOKEN>）")

    @app.post(
        "/documents",
        response_model=Ingested,
        status_code=201,
        dependencies=[Depends(require_token)],
        tags=["写入"],
        responses={401: {"model": ErrorResponse}, 413: {"model": ErrorResponse}},
    )
    async def post_document(store: StoreDep, file: Annotated[UploadFile, File(description="一个文档")]):
        """上传一个文档（.txt .html .docx .pdf），抽取后写入图谱；同名文档替换旧版本。"""
        content = await file.read(settings.max_upload_bytes + 1)
        if len(content) > settings.max_upload_bytes:
            raise HTTPException(413, f"文件过大（上限 {settings.max_upload_bytes} 字节）")
        records = await run_in_threadpool(service.extract_upload, file.filename or "", content)
        async with write_lock:
            # the embedded store changes on the event loop, where its readers run: none sees half a change
            await call(store, service.store_records, store, records)
            await call(store, getattr, store, "graph", None)  # compose once, before the next reader
        return Ingested(
            documents=[r.document.id for r in records],
            tasks=sum(len(r.tasks) for r in records),
            warnings=[str(n) for r in records for n in r.warnings],
        )

    return app


def serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")

