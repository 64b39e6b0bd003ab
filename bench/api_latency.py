"""HTTP latency under load against ``innokg serve`` on the embedded store.

Builds the bundled plan into a temporary folder, starts ``innokg serve`` as users do, then

* for each of two endpoints, 50 concurrent clients (``--clients``) for 20 s (``--seconds``),
  cycling over every task id and a list of search words;
* the many-users run: 200 clients (``--many``) for 60 s (``--many-seconds``) over a mix of
  every kind of question — a task, a search, a unit's tasks, a network page (``/viz``, the
  heaviest: a page of ~1 MB), ``/healthz`` — on ``--workers`` processes (default 2).

Prints a table a run (``bench/_http_load.py``, shared with ``api_load.py``): requests, requests
per second, p50 / p90 / p99 / max latency and the status codes seen, for the mix also per kind.

    python bench/api_latency.py [--seconds 20] [--clients 50] [--many 200] [--many-seconds 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import quote

import httpx
from _http_load import INNOKG, hammer, header, merged, row, start, table

ROOT = Path(__file__).resolve().parents[1]
QUANTILES = (0.5, 0.9, 0.99)
WORDS = ["市科技局", "科技局", "实验室", "光电子", "人才", "武汉市科学技术局", "创新中心", "集成电路", "中试", "高新区"]


def kind(path: str) -> str:
    for prefix, name in (("/viz/", "GET /viz/{id}"), ("/units/", "GET /units/{id}/tasks"), ("/tasks/", "GET /tasks/{id}"),
                         ("/entities/search", "GET /entities/search"), ("/healthz", "GET /healthz")):
        if path.startswith(prefix):
            return name
    return path


def mixed_paths(base: str, tasks: list[dict]) -> list[str]:
    """A question of each kind in turn: a task, a search, a unit's tasks, a network page, health."""
    units = httpx.get(base + "/units", params={"limit": 500}).json()["items"]
    nodes = [t["id"] for t in tasks] + [u["id"] for u in units]
    paths = []
    for i in range(max(len(tasks), len(units), len(WORDS)) * 2):
        paths += [
            "/tasks/" + quote(tasks[i % len(tasks)]["id"], safe=""),
            "/entities/search?q=" + quote(WORDS[i % len(WORDS)]),
            "/units/" + quote(units[i % len(units)]["id"], safe="") + "/tasks",
            "/viz/" + quote(nodes[i % len(nodes)], safe=""),
            "/healthz",
        ]
    return paths


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--many", type=int, default=200)
    parser.add_argument("--many-seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        subprocess.run([str(INNOKG), "--data", str(data), "build"], check=True, capture_output=True)
        port = 28000 + os.getpid() % 3000
        server = start(data, port)
        try:
            base = f"http://127.0.0.1:{port}"
            tasks = httpx.get(base + "/tasks", params={"limit": 500}).json()["items"]
            endpoints = {
                "GET /tasks/{id}": ["/tasks/" + quote(t["id"], safe="") for t in tasks],
                "GET /entities/search": ["/entities/search?q=" + quote(w) for w in WORDS],
            }
            print(f"{args.clients} concurrent clients, {args.seconds:.0f} s per endpoint, embedded store, one uvicorn worker")
            print(header(QUANTILES))
            for name, paths in endpoints.items():
                routes = asyncio.run(hammer(base, paths, args.clients, args.seconds))
                print(row(name, merged(routes.values()), args.seconds, QUANTILES))
        finally:
            server.terminate()
            server.wait()
        server = start(data, port, args.workers)
        try:
            base = f"http://127.0.0.1:{port}"
            paths = mixed_paths(base, tasks)
            print(
                f"{args.many} concurrent clients for {args.many_seconds:.0f} s over a mix of questions "
                f"(/viz one in five), {args.workers} worker processes"
            )
            table(asyncio.run(hammer(base, paths, args.many, args.many_seconds, kind)), args.many_seconds, QUANTILES)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
