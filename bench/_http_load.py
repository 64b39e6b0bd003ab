"""What the HTTP benches (``api_latency.py``, ``api_load.py``) share: starting ``innokg serve``,
the clients that ask it, and the one way each figure of their tables is computed (requests per
second, percentiles, status codes)."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

INNOKG = Path(sys.executable).parent / "innokg"


def start(data: Path, port: int, workers: int = 1, seconds: float = 60) -> subprocess.Popen:
    """``innokg serve --workers N`` on ``data``, as users start it, once it answers /healthz."""
    process = subprocess.Popen(
        [str(INNOKG), "serve", "--port", str(port), "--workers", str(workers)],
        env={**os.environ, "INNOKG_DATA": str(data)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("innokg serve did not start")


@dataclass
class Route:
    """What the clients saw of one route: each answer's latency (s), and its status code (or the
    name of the error that stood for it)."""

    latencies: list[float] = field(default_factory=list)
    codes: Counter = field(default_factory=Counter)

    def unexpected(self) -> Counter:
        """The answers other than 200, by code."""
        return Counter({code: n for code, n in self.codes.items() if code != 200})


async def hammer(
    base: str, paths: list[str], clients: int, seconds: float, route: Callable[[str], str] = lambda path: path
) -> dict[str, Route]:
    """``clients`` clients for ``seconds``, each with its own keep-alive connection, client k asking
    paths k, k + clients, …; every answer by ``route(path)``. Bounded in time: it stops by itself.

    aiohttp drives them: httpx's async client costs several times more CPU per request, and the
    load generator shares the machine's two cores with the server.
    """
    import aiohttp

    routes: dict[str, Route] = defaultdict(Route)
    deadline = time.perf_counter() + seconds
    timeout = aiohttp.ClientTimeout(total=30)

    async def client(offset: int) -> None:
        i = offset
        async with aiohttp.ClientSession(base, timeout=timeout) as session:
            while time.perf_counter() < deadline:
                path = paths[i % len(paths)]
                started = time.perf_counter()
                try:
                    async with session.get(path) as response:
                        await response.read()
                        code: object = response.status
                except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
                    code = type(exc).__name__
                found = routes[route(path)]
                found.latencies.append(time.perf_counter() - started)
                found.codes[code] += 1
                i += clients

    await asyncio.gather(*(client(k) for k in range(clients)))
    return routes


def percentile(ordered: list[float], q: float) -> float:
    """The ``q`` quantile (0–1) of a sorted, non-empty list: the value at rank ⌊q·n⌋ (0-based)."""
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def merged(routes: Iterable[Route]) -> Route:
    """Every answer of ``routes`` as one route."""
    every = Route()
    for found in routes:
        every.latencies += found.latencies
        every.codes.update(found.codes)
    return every


def header(quantiles: Iterable[float]) -> str:
    return f"{'route':<28}{'requests':>9}{'req/s':>8}" + "".join(f"{f'p{q * 100:g} ms':>9}" for q in quantiles) + f"{'max ms':>9}  codes"


def row(name: str, found: Route, seconds: float, quantiles: Iterable[float]) -> str:
    """One line of the table: requests, requests per second, the ``quantiles`` and the slowest
    answer (ms), and the status codes seen."""
    ordered = sorted(found.latencies)
    ms = [percentile(ordered, q) * 1000 for q in quantiles] + [ordered[-1] * 1000]
    codes = " ".join(f"{c}×{n}" for c, n in sorted(found.codes.items(), key=str))
    return f"{name:<28}{len(ordered):>9}{len(ordered) / seconds:>8.0f}" + "".join(f"{x:>9.1f}" for x in ms) + "  " + codes


def table(routes: dict[str, Route], seconds: float, quantiles: Iterable[float]) -> Route:
    """Print the header, a row per route and one for all of them; all of them, as one route."""
    quantiles = list(quantiles)
    print(header(quantiles))
    for name in sorted(routes):
        print(row(name, routes[name], seconds, quantiles))
    every = merged(routes.values())
    print(row("all", every, seconds, quantiles))
    return every
