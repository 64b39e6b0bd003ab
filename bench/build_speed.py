"""How fast is ``innokg build`` on documents it never saw, beside bare jieba on the same texts?

Times what a user runs: ``innokg build DIR`` as a process, in a fresh data folder, over documents
no process has read before (each build is its own process, and no text is in a set twice), first
pass only — no best-of-three over warm caches. The sets:

* generated: N distinct plans from ``bench/scale_corpus.py`` (another seed than the tests use);
* real: every document of ``../shared/corpus`` (dev, dev2, wild, html), when it is there;
* copies (``--copies N``, off by default): N copies of the bundled plan, each made distinct by a
  numbered last line, the library build speed was first measured on. The copies share all their
  words, so what innokg keeps per word or per character serves them better than it serves
  distinct plans: a figure to compare with that first measure, not one for new documents.

For each set and each ``innokg`` given (``--innokg``, default the one beside this Python; give an
older checkout's too to compare before and after in one run), it prints:

* start-up: ``innokg build`` of one short document (imports, config, jieba's words, the
  model), the median of five — reported apart, and subtracted for the "reading" figure;
* one process and ``--jobs 2``: wall time, characters per second end to end (start-up included)
  and reading alone (start-up subtracted), and the speed-up of ``--jobs 2``;
* how many cores the run gets (two CPU-bound processes against one), at its start and end:
  another job on the machine takes from ``--jobs 2`` what no change to innokg can give back;
* bare jieba in a fresh process over the same texts (the text innokg reads, after the readers):
  its dictionary load apart, then ``jieba.lcut`` of each text once; and the ratios of innokg to it:
  end to end against jieba's whole process (both start up), and against its ``lcut`` alone (the
  harsher figure, as first measured), start-up subtracted against ``lcut`` alone.

    python bench/build_speed.py [--generated 400] [--innokg PATH …] [--no-real] [--copies 200] [--repeat 3]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
sys.path.insert(0, str(ROOT / "bench"))

from scale_corpus import generate  # noqa: E402

SHORT = "某市创新发展实施方案\n一、重点任务\n1.建设创新平台。（牵头单位：市科技局；责任单位：市财政局）\n"

JIEBA = """
import json, sys, time
start, start_cpu = time.perf_counter(), time.process_time()
import jieba
jieba.setLogLevel(60)
jieba.initialize()
loaded, loaded_cpu = time.perf_counter(), time.process_time()
texts = json.load(open(sys.argv[1], encoding="utf-8"))
read, read_cpu = time.perf_counter(), time.process_time()
for text in texts:
    jieba.lcut(text)
done, done_cpu = time.perf_counter(), time.process_time()
print(json.dumps({"load": loaded - start, "lcut": done - read, "lcut_cpu": done_cpu - read_cpu}))
"""


@dataclass
class Corpus:
    name: str
    folder: Path
    documents: int
    characters: int
    texts: Path  # a JSON list of the texts innokg reads (after its readers), for jieba


def real_corpus(tmp: Path) -> Path | None:
    """The shared documents, each once (by content), named by their set so no two share an id."""
    if not SHARED.is_dir():
        return None
    folder = tmp / "real"
    folder.mkdir()
    seen: set[str] = set()
    for part in ("dev", "dev2", "wild", "html"):
        for path in sorted((SHARED / part).glob("*")):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if path.is_file() and digest not in seen:
                seen.add(digest)
                shutil.copy(path, folder / f"{part}-{path.name}")
    return folder


def copies_corpus(tmp: Path, n: int) -> Path:
    """``n`` copies of the bundled plan, each with its own numbered last line (so its own text)."""
    from innokg.building import bundled_corpus

    [plan] = sorted(bundled_corpus().glob("*.txt"))
    text = plan.read_text(encoding="utf-8")
    folder = tmp / "copies"
    folder.mkdir()
    for i in range(n):
        (folder / f"copy-{i:04d}.txt").write_text(f"{text}\n（副本 {i}）\n", encoding="utf-8")
    return folder


def describe(name: str, folder: Path, tmp: Path) -> Corpus:
    """The texts innokg reads from ``folder`` (its readers, in this process: not timed)."""
    from innokg.building import document_paths
    from innokg.ingest import parse_document

    texts: list[str] = []
    for path in document_paths([folder]):
        try:
            text = parse_document(path).text
        except Exception:  # noqa: BLE001 — a file the build skips is not counted either
            continue
        if text in texts:  # one text in two formats (.html and .txt): read once
            path.unlink()
        else:
            texts.append(text)
    out = tmp / f"{name}.json"
    out.write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")
    return Corpus(name, folder, len(texts), sum(map(len, texts)), out)


#: as a user's installation runs: with its bytecode cached (this workplace sets
#: PYTHONDONTWRITEBYTECODE, which would compile innokg's modules again in every process)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system of the process and its workers: what a busy machine does not inflate


def run(command: list[str]) -> tuple[Timing, str]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, env=ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed:\n{done.stderr[-2000:]}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timing(wall, cpu), done.stdout


#: short builds timed for the start-up: one varies by a tenth of a second or more on a shared machine
STARTS = 5


def timed_build(innokg: Path, corpus: Path, data: Path, jobs: int) -> Timing:
    return run([str(innokg), "--data", str(data), "build", "--skip-bad", "--jobs", str(jobs), str(corpus)])[0]


def bare_jieba(corpus: Corpus) -> tuple[Timing, dict[str, float]]:
    timing, out = run([sys.executable, "-c", JIEBA, str(corpus.texts)])
    return timing, json.loads(out)


def kchars(characters: int, seconds: float) -> str:
    return f"{characters / seconds / 1000:6.0f}k"


def median(timings: list[Timing]) -> Timing:
    return Timing(statistics.median(t.wall for t in timings), statistics.median(t.cpu for t in timings))


def spread(timings: list[Timing]) -> str:
    walls = [t.wall for t in timings]
    return f"{min(walls):.2f}–{max(walls):.2f}" if len(walls) > 1 else "one run"


def measure(corpus: Corpus, innokgs: list[Path], tmp: Path, short: Path, repeat: int) -> None:
    """Each figure the median of ``repeat`` runs, the runs of the innokgs and of jieba taking turns
    (a shared machine's slow minute falls on all of them alike)."""
    for n, innokg in enumerate(innokgs):
        timed_build(innokg, short, tmp / f"data-{corpus.name}-{n}-compile", 1)  # bytecode written, as installed
    wholes, jiebas = [], []
    starts: dict[int, list[Timing]] = {n: [] for n in range(len(innokgs))}
    builds: dict[int, dict[int, list[Timing]]] = {n: {1: [], 2: []} for n in range(len(innokgs))}
    for r in range(repeat):
        whole, jieba = bare_jieba(corpus)
        wholes.append(whole)
        jiebas.append(jieba)
        for n, innokg in enumerate(innokgs):
            starts[n] += [timed_build(innokg, short, tmp / f"data-{corpus.name}-{n}-short-{r}-{i}", 1) for i in range(STARTS)]
            for jobs in (1, 2):
                builds[n][jobs].append(timed_build(innokg, corpus.folder, tmp / f"data-{corpus.name}-{n}-{r}-{jobs}", jobs))
    whole = median(wholes)
    jieba = {k: statistics.median(j[k] for j in jiebas) for k in jiebas[0]}
    print(
        f"\n{corpus.name}: {corpus.documents} documents, {corpus.characters:,} characters (each read once per process); "
        f"medians of {repeat} run{'s' if repeat > 1 else ''}\n"
        f"  bare jieba, fresh process: dictionary {jieba['load']:.2f} s; lcut {jieba['lcut']:.2f} s = "
        f"{kchars(corpus.characters, jieba['lcut'])} chars/s ({jieba['lcut_cpu']:.2f} s CPU); "
        f"whole process {whole.wall:.2f} s wall ({spread(wholes)}), {whole.cpu:.2f} s CPU"
    )
    for n, innokg in enumerate(innokgs):
        startup = median(starts[n])
        print(
            f"  {innokg}\n    start-up (build of one short document, median of {len(starts[n])}): {startup.wall:.2f} s wall "
            f"({spread(starts[n])}), {startup.cpu:.2f} s CPU"
        )
        timings = {jobs: median(runs) for jobs, runs in builds[n].items()}
        for jobs, build in timings.items():
            reading = build.wall - startup.wall
            print(
                f"    --jobs {jobs}: {build.wall:6.2f} s wall ({spread(builds[n][jobs])}; {build.cpu:6.2f} s CPU); "
                f"end to end {kchars(corpus.characters, build.wall)} chars/s = {whole.wall / build.wall:.2f} of jieba's whole process "
                f"({jieba['lcut'] / build.wall:.2f} of its lcut alone); "
                f"start-up subtracted {kchars(corpus.characters, reading)} chars/s = {jieba['lcut'] / reading:.2f} of jieba's lcut"
            )
        one = timings[1]
        ratios = [a.wall / b.wall for a, b in zip(builds[n][1], builds[n][2])]  # run by run
        print(
            f"    by CPU time, one process: {whole.cpu / one.cpu:.2f} of jieba's whole process, "
            f"start-up subtracted {jieba['lcut_cpu'] / (one.cpu - startup.cpu):.2f} of jieba's lcut\n"
            f"    --jobs 2 speed-up: {one.wall / timings[2].wall:.2f}x end to end "
            f"(run by run {', '.join(f'{x:.2f}' for x in ratios)}), "
            f"{(one.wall - startup.wall) / (timings[2].wall - startup.wall):.2f}x start-up subtracted"
        )


def _spin(_: object = None) -> int:
    total = 0
    for i in range(20_000_000):
        total += i
    return total


def cores() -> float:
    """How many cores this run gets: one CPU-bound task alone, then two in two processes. Other
    work on the machine shows here, and a ``--jobs 2`` speed-up cannot exceed it."""
    import multiprocessing

    start = time.perf_counter()
    _spin()
    one = time.perf_counter() - start
    start = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        pool.map(_spin, [0, 1])
    return 2 * one / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=400, help="generated plans (0: none)")
    parser.add_argument("--seed", type=int, default=2028)
    parser.add_argument("--innokg", type=Path, action="append", help="innokg executables to time (default: this venv's)")
    parser.add_argument("--no-real", action="store_true", help="skip ../shared/corpus")
    parser.add_argument("--copies", type=int, default=0, help="copies of the bundled plan, as speed was first measured (0: none)")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each build, taking turns; medians reported")
    args = parser.parse_args()
    innokgs = args.innokg or [Path(sys.executable).parent / "innokg"]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        short = tmp / "short"
        short.mkdir()
        (short / "short.txt").write_text(SHORT, encoding="utf-8")
        corpora = []
        if args.generated:
            folder = tmp / "generated"
            generate(args.generated, folder, seed=args.seed)
            corpora.append(describe("generated", folder, tmp))
        real = None if args.no_real else real_corpus(tmp)
        if real is not None:
            corpora.append(describe("real", real, tmp))
        if args.copies:
            corpora.append(describe("copies", copies_corpus(tmp, args.copies), tmp))
        print(f"cores this run gets (two CPU-bound processes against one): {cores():.2f} of {os.cpu_count()}")
        for corpus in corpora:
            measure(corpus, innokgs, tmp, short, max(1, args.repeat))
        print(f"cores this run gets, at the end: {cores():.2f} of {os.cpu_count()}")


if __name__ == "__main__":
    main()
