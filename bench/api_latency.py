"""HTTP latency under load: 50 concurrent clients against ``innokg serve`` on the embedded store.

Builds the bundled plan into a temporary folder, starts ``innokg serve`` as users do, and for
each endpoint fires requests from 50 concurrent clients for 20 s (``--seconds``), cycling over
every task id and a list of search words. Prints p50 / p90 / p99 latency, requests per second
and errors.

    python bench/api_latency.py [--seconds 20] [--clients 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
INNOKG = Path(sys.executable).parent / "innokg"
WORDS = ["市科技局", "科技局", "实验室", "光电子", "人才", "武汉市科学技术局", "创新中心", "集成电路", "中试", "高新区"]


def start(data: Path, port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(INNOKG), "serve", "--port", str(port)],
        env={**os.environ, "INNOKG_DATA": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("innokg serve did not start")


async def hammer(base: str, paths: list[str], clients: int, seconds: float) -> tuple[list[float], int]:
    """``clients`` concurrent clients, each with its own keep-alive connection, for ``seconds``.

    aiohttp drives them: httpx's async client costs several times more CPU per request, and the
    load generator shares the machine's two cores with the server.
    """
    import aiohttp

    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def one_client(offset: int) -> None:
        nonlocal errors
        i = offset
        async with aiohttp.ClientSession(base) as session:
            while time.perf_counter() < deadline:
                start = time.perf_counter()
                try:
                    async with session.get(paths[i % len(paths)]) as response:
                        await response.read()
                        if response.status != 200:
                            errors += 1
                except aiohttp.ClientError:
                    errors += 1
                latencies.append(time.perf_counter() - start)
                i += clients

    await asyncio.gather(*(one_client(k) for k in range(clients)))
    return latencies, errors


def report(name: str, latencies: list[float], errors: int, seconds: float) -> None:
    ms = sorted(x * 1000 for x in latencies)
    q = statistics.quantiles(ms, n=100)
    print(
        f"{name:<22} {len(ms):7d} requests  {len(ms) / seconds:7.0f}/s   "
        f"p50 {q[49]:6.1f} ms   p90 {q[89]:6.1f} ms   p99 {q[98]:6.1f} ms   errors {errors}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=50)
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
            for name, paths in endpoints.items():
                latencies, errors = asyncio.run(hammer(base, paths, args.clients, args.seconds))
                report(name, latencies, errors, args.seconds)
        finally:
            server.terminate()
            server.wait()


if __name__ == "__main__":
    main()
