"""The embedded store: queries on the seed graph, idempotent and atomic writes, stable ids."""

from __future__ import annotations

import pytest
from innokg.graph.build import record_to_graph
from innokg.graph.embedded import LEGACY, SNAPSHOT, EmbeddedStore, LegacySnapshot, dump_rows
from innokg.graph.model.errors import NotFound, StoreError
from innokg.graph.model import Role
from innokg.graph.model.resolve import unit_id
from innokg.graph import answers

INFRA = "doc:wuhan-innovation-action-plan-2022-2024#二/(一)/1"


def test_task_answer_has_roles_in_document_order_with_evidence(seed_store):
    answer = answers.task_answer(seed_store, INFRA)
    assert answer.task.title == "建设重大科技基础设施群"
    assert [e.unit.name for e in answer.lead] == ["市发改委"]
    assert [e.unit.name for e in answer.co] == [
        "市科技局",
        "市财政局",
        "市自然资源和规划局",
        "东湖高新区管委会",
    ]
    assert [s.path for s in answer.sections] == ["二", "二/(一)"]
    assert answer.lead[0].evidence.quote.startswith("(牵头单位:市发改委;")


def test_unit_tasks(seed_store):
    answer = answers.unit_tasks(seed_store, unit_id("市招才局"))
    assert [t.task.title for t in answer.lead] == [
        "引育高端创新人才",
        "壮大青年科技人才队伍",
        "培养高素质技能型人才",
    ]
    assert answer.co == []
    science = answers.unit_tasks(seed_store, unit_id("市科技局"))
    assert len(science.lead) == 11
    assert all(entry.role == Role.LEAD for entry in science.lead)


def test_collective_unit_counts_and_scope_note(seed_store):
    districts = answers.unit_tasks(seed_store, unit_id("各区人民政府"))
    assert len(districts.co) == 15
    assert districts.unit.collective and districts.unit.scope_notes == ["含开发区管委会"]


def test_chain_goes_unit_tasks_sections_document(seed_store):
    chain = answers.chain(seed_store, unit_id("市招才局"))
    (document,) = chain.documents
    assert document.document.title == "武汉市创新发展三年行动方案(2022——2024年)"
    (top,) = document.sections
    assert top.section.path == "二"
    (fifth,) = top.children
    assert fifth.section.path == "二/(五)" and len(fifth.tasks) == 3


def test_stats(seed_store):
    stats = seed_store.queries().stats()
    assert (stats.documents, stats.tasks, stats.attributed_tasks) == (1, 22, 18)
    assert stats.relations["LEADS"] + stats.relations["CO_RESPONSIBLE"] == 104
    assert stats.relations["PART_OF"] == stats.sections + stats.tasks


def test_unknown_ids_raise_not_found(seed_store):
    with pytest.raises(NotFound):
        answers.task_answer(seed_store, "doc:nope#一")
    with pytest.raises(NotFound):
        answers.unit_tasks(seed_store, INFRA)  # a task id is not a unit


def test_same_input_same_ids_and_same_snapshot(seed_record, tmp_path):
    first, second = EmbeddedStore(tmp_path / "a"), EmbeddedStore(tmp_path / "b")
    for store in (first, second):
        store.replace_document(record_to_graph(seed_record))
        store.replace_document(record_to_graph(seed_record))  # re-ingesting changes nothing
        store.save()
    assert dump_rows(tmp_path / "a") == dump_rows(tmp_path / "b")
    assert first.queries().stats() == second.queries().stats()
    assert first.queries().stats().tasks == 22


def test_replacing_a_document_changes_only_that_document(seed_record, nlp, tmp_path):
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    other = extract(
        parse_text(
            "某区方案\n一、任务\n1.建设园区。推进。（牵头单位：市科技局；责任单位：区财政局）\n",
            source="other.txt",
        ),
        nlp,
    )
    store = EmbeddedStore(tmp_path)
    store.replace_document(record_to_graph(seed_record))
    store.replace_document(record_to_graph(other))
    before = answers.unit_tasks(store, unit_id("市科技局"))
    edited = extract(
        parse_text("某区方案\n一、任务\n1.建设园区。推进。（牵头单位：市发改委）\n", source="other.txt"), nlp
    )
    store.replace_document(record_to_graph(edited))
    after = answers.unit_tasks(store, unit_id("市科技局"))
    assert len(before.lead) == 12 and len(after.lead) == 11
    with pytest.raises(NotFound):
        answers.unit_tasks(store, unit_id("区财政局"))  # named only by the old version
    assert store.queries().stats().documents == 2


def test_unit_named_in_two_documents_is_one_node(seed_record, nlp, tmp_path):
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    other = extract(
        parse_text("某区方案\n一、任务\n1.建设园区。推进。（牵头单位：市科技局）\n", source="other.txt"), nlp
    )
    store = EmbeddedStore(tmp_path)
    for record in (seed_record, other):
        store.replace_document(record_to_graph(record))
    unit = answers.unit_tasks(store, unit_id("市科技局")).unit
    assert unit.documents == ["doc:other", "doc:wuhan-innovation-action-plan-2022-2024"]
    assert unit.full_name == "武汉市科学技术局"
    assert sum(1 for u in store.queries().units() if u.name == "市科技局") == 1


def test_snapshot_survives_reload(seed_store):
    reloaded = EmbeddedStore(seed_store.folder)
    assert reloaded.queries().stats() == seed_store.queries().stats()
    assert answers.task_answer(reloaded, INFRA) == answers.task_answer(seed_store, INFRA)


def _damaged_row(folder):
    import sqlite3

    with sqlite3.connect(folder / SNAPSHOT) as db:
        db.execute("UPDATE documents SET facts = ?", (b"\x78\x9c not zlib",))


def _other_format(folder):
    import sqlite3

    with sqlite3.connect(folder / SNAPSHOT) as db:
        db.execute("UPDATE meta SET value = 'innokg-store/9' WHERE key = 'format'")


@pytest.mark.parametrize(
    "damage",
    [
        lambda folder: (folder / SNAPSHOT).write_bytes(b"{not a database" * 100),
        lambda folder: (folder / SNAPSHOT).write_bytes(b""),
        _other_format,
        _damaged_row,
    ],
    ids=["not-sqlite", "empty", "other-format", "damaged-row"],
)
def test_damaged_graph_gives_a_clear_error(seed_data, tmp_path, damage):
    import shutil

    shutil.copytree(seed_data, tmp_path / "data")
    damage(tmp_path / "data")
    with pytest.raises(StoreError) as caught:
        EmbeddedStore(tmp_path / "data").documents()  # the rows are read when the graph is first asked
    assert SNAPSHOT in str(caught.value) and "build" in str(caught.value)


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b'{"format": "something-else"}',
        b'{"format": "innokg-snapshot/1", "documents": {"x": {"nodes": [{"label": "Nope"}]}}}',
    ],
)
def test_damaged_snapshot_of_the_first_format_gives_a_clear_error(tmp_path, content):
    (tmp_path / LEGACY).write_bytes(content)
    with pytest.raises(StoreError) as caught:
        EmbeddedStore(tmp_path).documents()
    assert LEGACY in str(caught.value) and "build" in str(caught.value)
    assert (tmp_path / LEGACY).read_bytes() == content and not (tmp_path / SNAPSHOT).exists()


def test_a_snapshot_of_the_first_format_is_converted(seed_store, tmp_path):
    legacy = LegacySnapshot(documents=seed_store.fragments)
    (tmp_path / LEGACY).write_text(legacy.model_dump_json())
    converted = EmbeddedStore(tmp_path)
    assert converted.queries().stats() == seed_store.queries().stats()
    assert answers.task_answer(converted, INFRA) == answers.task_answer(seed_store, INFRA)
    assert not (tmp_path / LEGACY).exists() and (tmp_path / SNAPSHOT).exists()


def test_a_full_disk_leaves_the_graph_as_it_was(seed_store, seed_record, monkeypatch):
    """SQLite's own "disk full" (the database may not grow): the transaction rolls back whole."""
    import random
    import sqlite3

    import innokg.graph.embedded as embedded

    before = dump_rows(seed_store.folder)
    connect = sqlite3.connect

    def full(*args, **kwargs):
        db = connect(*args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        return db

    monkeypatch.setattr(embedded.sqlite3, "connect", full)
    grown = record_to_graph(seed_record)
    rng = random.Random(0)  # text that does not compress: the row needs more pages
    grown.nodes[0] = grown.nodes[0].model_copy(update={"name": "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(200_000))})
    seed_store.replace_document(grown)
    with pytest.raises(StoreError, match="full"):
        seed_store.save()
    monkeypatch.undo()
    assert dump_rows(seed_store.folder) == before


def test_build_order_does_not_change_the_graph(seed_record, nlp, tmp_path):
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    other = extract(
        parse_text(
            "某区方案\n一、任务\n1.建设园区。推进。（牵头单位：武汉市科学技术局）\n", source="a-first.txt"
        ),
        nlp,
    )
    forward, backward = EmbeddedStore(tmp_path / "f"), EmbeddedStore(tmp_path / "b")
    for store, records in ((forward, (seed_record, other)), (backward, (other, seed_record))):
        for record in records:
            store.replace_document(record_to_graph(record))
    unit = unit_id("市科技局")
    assert answers.unit_tasks(forward, unit).unit == answers.unit_tasks(backward, unit).unit
    assert answers.unit_tasks(forward, unit).unit.name == "武汉市科学技术局"  # doc:a-first sorts first


def test_two_writers_keep_each_others_documents(seed_data, tmp_path):
    """Two stores on one folder (two builds, or a build and the service): each writes under the
    folder's lock after reading what the other saved, so no document is lost."""
    import shutil

    from innokg.graph.embedded import EmbeddedStore

    folder = tmp_path / "data"
    shutil.copytree(seed_data, folder)
    first, second = EmbeddedStore(folder), EmbeddedStore(folder)
    seed = next(iter(first.fragments.values()))

    def renamed(store_data, doc_id):
        nodes = [n.model_copy(update={"id": doc_id}) if n.label == "Document" else n for n in store_data.nodes]
        return store_data.model_copy(update={"nodes": nodes})

    with first.writing():
        first.replace_document(renamed(seed, "doc:a"))
        first.save()
    with second.writing():  # second never saw doc:a before taking the lock
        second.replace_document(renamed(seed, "doc:b"))
        second.save()
    assert {"doc:a", "doc:b"} <= set(EmbeddedStore(folder).fragments)
    assert first.refresh() and "doc:b" in first.fragments  # a reader sees the other's write
    assert not first.refresh()


def test_a_temporary_file_left_by_a_killed_writer_is_cleaned(seed_store):
    stale = seed_store.folder / "graph.json.abc123.tmp"
    stale.write_bytes(b"x" * 1000)
    with seed_store.writing():
        pass
    assert not stale.exists()


def test_an_unchanged_library_is_compared_without_reading_the_facts(seed_store, monkeypatch):
    """An incremental build asks which versions are stored: two columns answer it; no document's
    facts are read (at 10,000 documents they are gigabytes)."""
    from innokg.graph.facts import PackedFacts

    expected = {info.id: (info.sha256, info.extractor) for info in seed_store.documents()}
    assert all(sha and extractor for sha, extractor in expected.values())
    fresh = EmbeddedStore(seed_store.folder)
    monkeypatch.setattr(PackedFacts, "facts_json", lambda self: pytest.fail("facts read"))
    assert fresh.versions() == expected


def test_pages_of_a_units_tasks_and_an_industrys_links_add_up_to_the_whole(seed_store):
    science = unit_id("市科技局")
    whole = answers.unit_tasks(seed_store, science)
    everything = sorted((e for role in Role for e in whole.of(role)), key=lambda e: e.evidence.start)
    assert whole.total == len(everything) > 10 and whole.counts[Role.LEAD] == len(whole.lead)
    pages = [answers.unit_tasks(seed_store, science, offset, 3) for offset in range(0, whole.total, 3)]
    assert [e.task.id for p in pages for e in sorted((e for r in Role for e in p.of(r)), key=lambda e: e.evidence.start)] == [
        e.task.id for e in everything
    ]
    chained = [t.task.id for p in range(0, whole.total, 3) for t in _chain_tasks(answers.chain(seed_store, science, p, 3))]
    assert chained == [e.task.id for e in everything]
    optics = next(n.id for n in seed_store.queries().nodes("Industry965") if n.name == "光电子信息")
    links = answers.industry_links(seed_store, optics)
    assert links.task_total == len(links.tasks) > 2 and links.platform_total == len(links.platforms)
    assert links.task_count == len({t.task.id for t in links.tasks}) and links.platform_count == len({p.platform.id for p in links.platforms})
    paged = [answers.industry_links(seed_store, optics, offset, 2) for offset in range(0, links.task_total, 2)]
    assert [t for p in paged for t in p.tasks] == links.tasks
    assert all(p.units == links.units for p in paged)  # the units behind all the tasks, on every page
    assert all((p.task_count, p.platform_count) == (links.task_count, links.platform_count) for p in paged)


def _chain_tasks(chain):
    def walk(sections):
        for section in sections:
            yield from section.tasks
            yield from walk(section.children)

    for doc in chain.documents:
        yield from doc.tasks
        yield from walk(doc.sections)
