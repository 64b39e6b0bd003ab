"""innokg.building's reading: the pipeline loaded once, and inherited by ``--jobs`` workers."""

from __future__ import annotations

import gc
import sys

import pytest

from innokg import building


def _loaded_here(path):
    """In a worker: whether the pipeline and jieba's dictionary were there before any reading."""
    import jieba

    from innokg.nlp.pipeline import load_pipeline

    return (load_pipeline.cache_info().currsize, jieba.dt.initialized), None


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked where processes can fork")
def test_workers_start_with_what_the_building_process_loaded(tmp_path):
    from innokg.nlp.pipeline import load_pipeline

    load_pipeline.cache_clear()  # loaded by _loaded() below, not by an earlier test
    paths = [tmp_path / f"{i}.txt" for i in range(4)]
    with building._loaded():
        seen = [result for _, result, _ in building._read_all(_loaded_here, paths, None, jobs=2)]
    assert seen == [(1, True)] * 4


def test_a_build_leaves_the_collector_as_it_found_it(tmp_path):
    from innokg.graph.embedded import EmbeddedStore

    before = gc.get_freeze_count()
    report = building.build(EmbeddedStore(tmp_path / "kg"), building.document_paths([building.bundled_corpus()]))
    assert report.documents and gc.get_freeze_count() == before
