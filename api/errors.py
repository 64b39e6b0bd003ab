"""One error shape for every failure: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from innokg.graph.model import Model
from innokg.graph.model.errors import InnokgError, InputError, NotFound, StoreError
from starlette.exceptions import HTTPException

STATUS = {NotFound: 404, InputError: 400, StoreError: 503}


class ErrorBody(Model):
    code: str
    message: str


class ErrorResponse(Model):
    error: ErrorBody


def error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(status_code=status, content={"error": {"code": code, "message": message}})


async def innokg_error(_: Request, exc: InnokgError) -> JSONResponse:
    status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
    return error(status, type(exc).__name__, str(exc))


async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
    return error(exc.status_code, "HTTPError", str(exc.detail))


async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return error(422, "InvalidRequest", f"{where}：{first['msg']}")


def install(app: FastAPI) -> None:
    app.add_exception_handler(InnokgError, innokg_error)
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


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
