"""The HTTP service: the same questions as the CLI, as JSON, plus the network view and a web page.

``innokg serve`` runs it. The store (embedded or Neo4j, from the settings) is opened once and
injected into every endpoint with ``Depends`` (:mod:`.deps`); every error has one JSON shape
(:mod:`.errors`); the endpoints live in :mod:`.routers`; the one write endpoint needs a bearer
token and takes a bounded upload.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from innokg.api import errors
from innokg import stores
from innokg.building import UploadReader
from innokg.api.routers import citations, entities, questions, tasks
from innokg.api.routers import service as service_routes
from innokg.api.routers.corrections import router as corrections_router
from innokg.api.routers.diff import router as diff_router
from innokg.api.routers.timeline import router as timeline_router
from innokg.api.deps import token_matches, warm_in_background
from innokg.settings import Settings
from innokg.api.viz import PageCache
from innokg.graph.store import GraphStore

DESCRIPTION = "城市创新政策知识图谱：任务的牵头与责任单位、单位的任务与责任链、产业与平台，均附原文依据。"


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or stores.open_store(settings)
        warm_in_background(app.state.store)  # the first questions wait for it, /healthz does not
        app.state.uploads = UploadReader()
        if settings.api_token:  # uploads are possible: their reader loads its pipeline now
            app.state.uploads.prepare()
        yield
        app.state.uploads.close()
        close = getattr(app.state.store, "close", None)
        if close:
            close()

    # the docs pages' scripts and styles are served by the app itself, not a CDN (intranets)
    app = FastAPIOffline(
        title="innokg",
        description=DESCRIPTION,
        version="0.1.0",
        lifespan=lifespan,
        responses={400: {"model": errors.ErrorResponse}, 404: {"model": errors.ErrorResponse}},
    )
    app.state.settings = settings
    app.state.write_lock = asyncio.Lock()
    errors.install(app)
    app.add_middleware(
        errors.BoundedRequests,
        limit=settings.max_upload_bytes + 64_000,
        token_ok=lambda header: token_matches(settings, header),
    )
    for router in (service_routes.router, tasks.router, entities.router, questions.router):
        app.include_router(router)
    app.include_router(corrections_router)  # 人工校正 and 待核查 (api/routers/corrections.py)
    app.include_router(citations.router)  # 政策引用 (api/routers/citations.py)
    app.include_router(diff_router)  # 版本对比 (api/routers/diff.py)
    app.include_router(timeline_router)  # 目标时间线 (api/routers/timeline.py)
    app.state.pages = PageCache()
    return app


def app_from_environment() -> FastAPI:
    """The app each worker process makes (``serve --workers N``), from the environment's settings."""
    return create_app(Settings())


def serve(settings: Settings, host: str, port: int, workers: int = 1) -> None:
    """Serve on one process, or on ``workers`` processes sharing the port (uvicorn's own
    supervisor); each embedded-store worker holds its own copy of the graph in memory."""
    import uvicorn

    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
        return
    # the workers are new processes: the command line's options reach them through the environment
    os.environ.update(INNOKG_DATA=str(settings.data.resolve()), INNOKG_STORE=settings.store)
    uvicorn.run(
        "innokg.api.app:app_from_environment", factory=True, workers=workers, host=host, port=port, log_level="warning"
    )
