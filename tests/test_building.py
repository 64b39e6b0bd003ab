"""innokg.building's reading: the pipeline loaded once, and inherited by ``--jobs`` workers."""

from __future__ import annotations

import gc
import sys

import pytest

from innokg import building


def _loaded_here(path):
    """In a worker: whether the pipeline and jieba's words (innokg.nlp.words: innokg reads
    jieba's dictionary through them, never jieba's own) were there before any reading."""
    from innokg.nlp.pipeline import load_pipeline
    from innokg.nlp.words import words

    return (load_pipeline.cache_info().currsize, words.cache_info().currsize), None


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked where processes can fork")
def test_workers_start_with_what_the_building_process_loaded(tmp_path):
    from innokg.nlp.pipeline import load_pipeline

    load_pipeline.cache_clear()  # loaded by _loaded() below, not by an earlier test
    paths = [tmp_path / f"{i}.txt" for i in range(4)]
    with building._loaded():
        seen = [result for _, result, _ in building._read_all(_loaded_here, paths, None, jobs=2)]
    assert seen == [(1, 1)] * 4


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path):
    from innokg.graph.embedded import EmbeddedStore

    before, thresholds = gc.get_freeze_count(), gc.get_threshold()
    with building._loaded():  # while documents are read: young collections far apart
        assert gc.get_threshold()[0] > thresholds[0]
        with building._loaded():  # two builds at once in one process (a notebook's)
            pass
        assert gc.get_threshold()[0] > thresholds[0]  # the first still reads
    report = building.build(EmbeddedStore(tmp_path / "kg"), building.document_paths([building.bundled_corpus()]))
    assert report.documents and gc.get_freeze_count() == before and gc.get_threshold() == thresholds


def test_loading_pauses_the_collector_and_gives_it_back_as_it_was(tmp_path):
    """The pipeline loads with no collection (the objects it makes live as long as the process);
    reading then runs with the collector on, and a caller's own gc.disable() is kept."""
    from innokg.graph.embedded import EmbeddedStore
    from innokg.nlp import record

    seen: list[bool] = []
    ready, unchanged = record.ready, building.unchanged_documents

    def watched(*args, **kwargs):
        seen.append(gc.isenabled())
        return ready(*args, **kwargs)

    def watched_unchanged(*args, **kwargs):  # where a build first imports spaCy
        seen.append(gc.isenabled())
        return unchanged(*args, **kwargs)

    record.ready, building.unchanged_documents = watched, watched_unchanged
    try:
        with building._loaded():
            assert gc.isenabled()
        gc.disable()
        try:
            with building._loaded():
                assert not gc.isenabled()
        finally:
            gc.enable()
        report = building.build(EmbeddedStore(tmp_path / "kg"), building.document_paths([building.bundled_corpus()]))
    finally:
        record.ready, building.unchanged_documents = ready, unchanged
    assert seen == [False, False, False, False] and report.documents and gc.isenabled()


def test_two_threads_loading_at_once_leave_the_collector_on():
    """The pause is counted: whichever thread finishes loading last turns the collector back on."""
    import threading

    entered, release_first, first_done = threading.Event(), threading.Event(), threading.Event()
    states: list[bool] = []

    def first() -> None:
        with building._collection_paused():
            entered.set()
            release_first.wait(10)
        first_done.set()

    thread = threading.Thread(target=first)
    thread.start()
    entered.wait(10)
    with building._collection_paused():  # enters while the first is paused, leaves after it
        release_first.set()
        first_done.wait(10)
        states.append(gc.isenabled())  # the first has left: this loading is still under way
    thread.join(10)
    assert states == [False] and gc.isenabled()


def test_a_build_with_nothing_to_read_loads_no_pipeline(tmp_path):
    """An unchanged corpus built again reads nothing, and so loads neither the pipeline nor jieba."""
    import subprocess

    from innokg.graph.embedded import EmbeddedStore

    data = tmp_path / "kg"
    assert building.build(EmbeddedStore(data), building.document_paths([building.bundled_corpus()])).documents
    probe = (
        "import sys; from innokg import building; from innokg.graph.embedded import EmbeddedStore; "
        f"report = building.build(EmbeddedStore({str(data)!r}), building.document_paths([building.bundled_corpus()])); "
        "from innokg.nlp.pipeline import load_pipeline; "
        "print(len(report.unchanged), load_pipeline.cache_info().currsize, 'jieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["1", "0", "False"]


def _read_order(path):
    """In a worker: the file's size and when it was started (each read takes a while, as a
    document's does, so the start of each is set apart from the next's)."""
    import time

    started = time.monotonic()
    time.sleep(0.2)
    return (path.stat().st_size, started), None


def test_workers_take_the_longest_documents_first_and_results_keep_the_order_of_the_paths(tmp_path):
    sizes = [3, 900, 10, 5000, 1, 70]
    paths = []
    for i, size in enumerate(sizes):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_text("字" * size, encoding="utf-8")
    results = list(building._read_all(_read_order, paths, None, jobs=2))
    assert [path for path, _, _ in results] == paths
    started = sorted(results, key=lambda r: r[1][1])  # by when each was started
    biggest = sorted((3 * s for s in sizes), reverse=True)
    # the two workers start the two longest together (in either order), the rest after them
    assert {r[1][0] for r in started[:2]} == set(biggest[:2])
    assert min(r[1][1] for r in started[2:]) >= max(r[1][1] for r in started[:2])


def _fail_first(path):
    """In a worker: mark the file started; the longest fails with an error no reader catches."""
    import time

    path.with_suffix(".started").touch()
    time.sleep(0.2)
    if path.name == "0.txt":
        raise KeyError("a reader's bug")
    return None, None


def test_an_error_in_a_worker_stops_the_build_without_reading_the_rest(tmp_path):
    """The documents not yet started are dropped (a build of 10,000 must not read on for minutes
    after its error, or after Ctrl-C)."""
    paths = []
    for i in range(40):
        paths.append(tmp_path / f"{i}.txt")
        paths[-1].write_text("字" * (1000 - i), encoding="utf-8")  # 0.txt the longest: read first
    with pytest.raises(KeyError):
        list(building._read_all(_fail_first, paths, None, jobs=2))
    assert len(list(tmp_path.glob("*.started"))) < 10
