"""One error shape for every failure: ``{"error": {"code", "message"}}``; a question that matches
nothing well adds the nearest candidates, with their scores: ``{"error": {…, "candidates": […]}}``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import Field
from innokg.graph.model import Model
from innokg.graph.model.errors import InnokgError, InputError, NotFound, StoreError, TimeLimit, TooLarge
from innokg.graph.search import NoGoodMatch
from innokg.graph.model.answers import Candidate
from starlette.exceptions import HTTPException
from starlette.responses import Response

E = TypeVar("E", bound=Exception)
STATUS = {NotFound: 404, TimeLimit: 413, TooLarge: 413, InputError: 400, StoreError: 503}  # first match wins: subclasses first


class ErrorBody(Model):
    code: str
    message: str
    candidates: list[Candidate] | None = Field(
        default=None, description="NoGoodMatch: what the question came nearest to (匹配度 0–100), best first"
    )


class ErrorResponse(Model):
    error: ErrorBody


def error(status: int, code: str, message: str, candidates: list[Candidate] | None = None) -> JSONResponse:
    body = ErrorBody(code=code, message=message, candidates=candidates)
    return JSONResponse(status_code=status, content={"error": body.model_dump(mode="json", exclude_none=True)})


async def innokg_error(_: Request, exc: InnokgError) -> JSONResponse:
    status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
    return error(status, type(exc).__name__, str(exc), exc.candidates if isinstance(exc, NoGoodMatch) else None)


#: Starlette's own English details, said in Chinese
HTTP_DETAILS = {404: "没有这个地址", 405: "不支持这种请求方法", 413: "请求过大"}
#: pydantic's error types, said in Chinese (the context fills the braces)
INVALID = {
    "missing": "缺少必填参数",
    "enum": "应为以下之一：{expected}",
    "literal_error": "应为以下之一：{expected}",
    "int_parsing": "应为整数",
    "greater_than_equal": "应不小于 {ge}",
    "less_than_equal": "应不大于 {le}",
    "string_too_short": "长度至少为 {min_length}",
    "string_too_long": "长度至多为 {max_length}",
}


async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
    detail = str(exc.detail)
    if exc.status_code in HTTP_DETAILS and detail in ("Not Found", "Method Not Allowed", "Request Entity Too Large"):
        detail = f"{HTTP_DETAILS[exc.status_code]}：{request.method} {request.url.path}"
    return error(exc.status_code, "HTTPError", detail)


async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"] if p not in ("query", "path", "body"))
    template = INVALID.get(first["type"], "参数无效")
    try:
        message = template.format(**(first.get("ctx") or {}))
    except (KeyError, IndexError):
        message = template
    return error(422, "InvalidRequest", f"参数 {where}：{message}")


def install(app: FastAPI) -> None:
    _on(app, InnokgError, innokg_error)
    _on(app, HTTPException, http_error)
    _on(app, RequestValidationError, invalid_request)


def _on(app: FastAPI, kind: type[E], handle: Callable[[Request, E], Awaitable[JSONResponse]]) -> None:
    """Add ``handle`` for ``kind``; Starlette types every handler as taking any exception, and
    calls it only with the kind it was added for."""

    async def handler(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, kind)
        return await handle(request, exc)

    app.add_exception_handler(kind, handler)


class BoundedRequests:
    """Guard the body of every request before the app reads it (plain ASGI: Starlette's
    ``BaseHTTPMiddleware`` would cost every request a task switch).

    A write without a valid token is refused before one byte of its body is read; a body over
    the limit is refused by its declared length, or, sent in chunks, as soon as the bytes
    received pass the limit.
    """

    def __init__(self, app, limit: int, token_ok, write_paths: tuple[str, ...] = ("/documents",)) -> None:
        self.app = app
        self.limit = limit
        self.token_ok = token_ok
        self.write_paths = write_paths

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        if scope["method"] == "POST" and scope["path"] in self.write_paths:
            if not self.token_ok(headers.get(b"authorization", b"").decode("latin-1")):
                await _reply(scope, send, 401, "HTTPError", "需要有效的令牌（请求头 Authorization: Bearer <INNOKG_API_TOKEN>）")
                return
        length = headers.get(b"content-length", b"")
        if length.isdigit() and int(length) > self.limit:
            await _reply(scope, send, 413, "TooLarge", f"请求过大（上限 {self.limit} 字节）")
            return
        state = {"received": 0, "too_large": False, "started": False}

        async def bounded_receive():
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.limit:
                    state["too_large"] = True
                    return {"type": "http.disconnect"}  # the app stops reading here
            return message

        async def guarded_send(message):
            if state["too_large"]:
                return  # whatever the app says about the cut body, the answer is 413
            state["started"] = state["started"] or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, bounded_receive, guarded_send)
        except Exception:
            if not state["too_large"]:
                raise
        if state["too_large"] and not state["started"]:
            await _reply(scope, send, 413, "TooLarge", f"请求过大（上限 {self.limit} 字节）")


async def _reply(scope, send, status: int, code: str, message: str) -> None:
    async def nothing():
        return {"type": "http.disconnect"}

    await error(status, code, message)(scope, nothing, send)
