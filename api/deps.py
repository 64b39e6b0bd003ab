"""What the routers take from the app: the store, the settings, paging and the write token."""

from __future__ import annotations

import hmac
import threading
from typing import Annotated, Generic, TypeVar

from fastapi import Depends, Header, Query, Request
from innokg.settings import Settings
from innokg.graph.model import Model
from innokg.graph.model.errors import InnokgError
from innokg.graph.store import GraphStore
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException

T = TypeVar("T")


async def get_store(request: Request) -> GraphStore:
    """The store opened when the app started (embedded or Neo4j, from the settings), with what
    another process (``innokg build``) saved since read in."""
    store = request.app.state.store
    if store.refresh():  # two stats of the database: cheap, and no answer misses a build
        warm_in_background(store)
    return store


def warm_in_background(store: GraphStore) -> None:
    """Prepare what the store's answers read (the embedded graph composed, its indexes built: a
    minute or two for a library of 10,000 plans) on a thread of its own; questions that come
    first wait for it."""
    threading.Thread(target=_warm, args=(store,), name="innokg-warm", daemon=True).start()


def _warm(store: GraphStore) -> None:
    try:
        store.warm()
    except InnokgError:
        pass  # a damaged graph: the question that reads it reports the error


async def get_settings(request: Request) -> Settings:
    return request.app.state.settings


# module level: endpoint annotations are strings (``from __future__``) resolved in their modules
StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]
Depth = Annotated[int, Query(ge=1, le=3)]


class Page(Model, Generic[T]):
    total: int
    offset: int
    limit: int
    items: list[T]


def paginate(items: list[T], offset: int, limit: int) -> Page[T]:
    return Page(total=len(items), offset=offset, limit=limit, items=items[offset : offset + limit])


async def call(store: GraphStore, function, *args):
    """Answer from the in-memory store on the event loop (a millisecond or two with its indexes: a
    thread hop would cost more); anything that waits on a server or a disk goes to the thread pool."""
    if store.in_memory:
        return function(*args)
    # a graph to compose first (seconds for a large library) must not hold up the other requests
    return await run_in_threadpool(function, *args)


def token_matches(settings: Settings, authorization: str | None) -> bool:
    """``Authorization: Bearer <INNOKG_API_TOKEN>``, compared in constant time; no token set, no writes."""
    token = settings.api_token.get_secret_value() if settings.api_token else None
    scheme, _, given = (authorization or "").strip().partition(" ")
    if not token or scheme != "Bearer" or not given.strip():
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


async def require_token(settings: SettingsDep, authorization: Annotated[str | None, Header()] = None) -> None:
    """Writes need ``Authorization: Bearer <INNOKG_API_TOKEN>``; with no token set, writes are refused."""
    if not token_matches(settings, authorization):
        raise HTTPException(401, "需要有效的令牌（请求头 Authorization: Bearer <INNOKG_API_TOKEN>）")
