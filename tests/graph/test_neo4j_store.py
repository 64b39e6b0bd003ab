"""The Neo4j store against a real Bolt server (FalkorDB): parity with the embedded store,
idempotent loads, exact reloads of one document, recovery from a load that failed half-way."""

from __future__ import annotations

import pytest
from conftest import SEED, corpus_paths
from innokg.graph.build import record_to_graph
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model.errors import StoreError
from innokg.graph.model import Label
from innokg.graph.neo4j_store import Neo4jStore
from innokg.graph.neo4j_store.falkordb import PIECE, SMALL_PARAMETERS
from innokg.graph.neo4j_store.store import _translated

from innokg.graph import answers, timeline
from innokg.graph.diff import diff
from neo4j import exceptions as neo4j_errors

pytestmark = pytest.mark.slow  # a real Bolt server / Jupyter kernel: `make check` leaves it out


def load(store: Neo4jStore, embedded: EmbeddedStore) -> None:
    """What `innokg load` does: every document, its units folded as the embedded graph folds them."""
    from innokg import stores

    store.clear()
    stores.load(embedded, store)


def assert_same_answers(embedded: EmbeddedStore, neo: Neo4jStore, every: int = 1) -> int:
    """Every query of the GraphStore interface, asked of both stores, for every task, unit and
    entity (or every ``every``-th: FalkorDB answers a large result in ~40 ms, so big graphs are sampled)."""
    asked = 0
    assert embedded.documents() == neo.documents()
    for query in ("tasks", "units", "nodes", "stats"):
        assert getattr(embedded.queries(), query)() == getattr(neo.queries(), query)(), query
    assert answers.targets(embedded) == answers.targets(neo)
    for label in ("Unit", "Platform", "Industry965"):
        assert embedded.queries().nodes(label) == neo.queries().nodes(label)
    for task in embedded.queries().tasks()[::every]:
        assert answers.task_answer(embedded, task.id) == answers.task_answer(neo, task.id), task.title
        asked += 1
    task_ids = [t.id for t in embedded.queries().tasks()[::3]]
    assert answers.targets(embedded, task_ids) == answers.targets(neo, task_ids)
    assert timeline.timelines(embedded) == timeline.timelines(neo)  # made from the targets and documents of each
    for unit in embedded.queries().units()[::every]:
        assert answers.unit_tasks(embedded, unit.id) == answers.unit_tasks(neo, unit.id), unit.name
        assert answers.chain(embedded, unit.id) == answers.chain(neo, unit.id), unit.name
        for offset, limit in ((0, 3), (2, 5)):  # pages: the Neo4j store pages on the server's side
            assert answers.unit_tasks(embedded, unit.id, offset, limit) == answers.unit_tasks(neo, unit.id, offset, limit), unit.name
            assert answers.chain(embedded, unit.id, offset, limit) == answers.chain(neo, unit.id, offset, limit), unit.name
        asked += 6
    for node in embedded.queries().nodes()[::every]:
        assert answers.entity(embedded, node.id) == answers.entity(neo, node.id), node.name
        asked += 1
        if node.label in (Label.INDUSTRY, Label.INDUSTRY_965):
            assert answers.industry_links(embedded, node.id) == answers.industry_links(neo, node.id), node.name
            for offset, limit in ((0, 3), (2, 5)):  # paged on the server's side too
                assert answers.industry_links(embedded, node.id, offset, limit) == answers.industry_links(neo, node.id, offset, limit), node.name
            asked += 3
    for node in embedded.queries().nodes("Unit", "Industry965", "Platform")[:: 4 * every]:
        for depth in (1, 2):
            assert answers.neighbourhood(embedded, node.id, depth) == answers.neighbourhood(neo, node.id, depth), node.name
            asked += 1
    for doc in embedded.documents():  # citations: what each document cites, its lineage
        assert answers.citations(embedded, doc.id) == answers.citations(neo, doc.id), doc.id
        assert answers.document_lineage(embedded, doc.id) == answers.document_lineage(neo, doc.id), doc.id
        asked += 2
    for node in embedded.queries().nodes("Policy"):  # and who cites each policy
        assert answers.cited_by(embedded, node.id) == answers.cited_by(neo, node.id), node.name
        asked += 1
    documents = [d.id for d in embedded.documents()]
    for a, b in zip(documents, [*documents[1:], documents[0]]):  # each with the next (one document: with itself)
        assert diff(embedded, a, b) == diff(neo, a, b), (a, b)
        asked += 1
    return asked


@pytest.fixture(scope="module")
def corpus_store(corpus_data) -> EmbeddedStore:
    return EmbeddedStore(corpus_data)


@pytest.fixture(scope="module")
def seed_graph(seed_data) -> EmbeddedStore:
    return EmbeddedStore(seed_data)


def test_every_query_answers_as_the_embedded_store_does(neo4j_store, seed_graph):
    """The bundled plan: every task, unit and entity asked of both stores."""
    load(neo4j_store, seed_graph)
    asked = assert_same_answers(seed_graph, neo4j_store)
    assert asked > 200
    answer = answers.task_answer(neo4j_store, next(t.id for t in neo4j_store.queries().tasks() if t.title == "建设重大科技基础设施群"))
    assert [u.unit.name for u in answer.lead] == ["市发改委"]
    assert answer.lead[0].evidence.quote in answers.task_answer(seed_graph, answer.task.id).text


def test_editions_compare_alike(neo4j_store, editions_data):
    """innokg diff on our two editions: every task, unit and target read from the server as from
    the embedded graph."""
    editions = EmbeddedStore(editions_data)
    load(neo4j_store, editions)
    assert_same_answers(editions, neo4j_store)
    a, b = (d.id for d in editions.documents())
    found = diff(neo4j_store, a, b)
    assert found == diff(editions, a, b)
    assert found.counts["units_gained"] > 0 and found.counts["targets_changed"] > 0 and found.added and found.removed


def test_both_stores_follow_targets_across_documents_alike(neo4j_store, timeline_data):
    """The plan and its progress report: every timeline, each metric's, and what was reported."""
    embedded = EmbeddedStore(timeline_data)
    load(neo4j_store, embedded)
    listed = timeline.timelines(neo4j_store)
    assert listed == timeline.timelines(embedded) and listed.total >= 6
    for line in listed.timelines:
        assert timeline.timeline(neo4j_store, line.metric) == timeline.timeline(embedded, line.metric), line.metric
    high_tech = timeline.timeline(neo4j_store, "高新技术企业").timelines[0]
    assert high_tech.points[-1].reported.value == 14000 and "1.4万家" in high_tech.points[-1].reported.evidence.quote


def test_the_whole_corpus_answers_alike(neo4j_store, corpus_store):
    """Units and entities shared by several documents merge the same way in both stores."""
    load(neo4j_store, corpus_store)
    assert_same_answers(corpus_store, neo4j_store, every=7)


def test_loading_twice_changes_nothing(neo4j_store, corpus_store):
    load(neo4j_store, corpus_store)
    counts, stats = neo4j_store.counts(), neo4j_store.queries().stats()
    for info in corpus_store.documents():
        neo4j_store.replace_document(corpus_store.document_data(info.id))
    assert neo4j_store.counts() == counts
    assert neo4j_store.queries().stats() == stats
    nodes, relationships = counts
    assert nodes == sum(corpus_store.queries().stats().entities.values())
    assert relationships == sum(corpus_store.queries().stats().relations.values())


def test_reloading_an_edited_document_changes_only_its_facts(neo4j_store, corpus_store, nlp, tmp_path):
    from innokg.nlp.record import extract_file

    load(neo4j_store, corpus_store)
    others_before = [d for d in neo4j_store.queries().stats().per_document if d.document.id != "doc:" + SEED.stem]
    # the plan, edited: 市发改委 no longer leads the facilities task; 市经信局 does
    text = SEED.read_text(encoding="utf-8")
    clause = "(牵头单位:市发改委;责任单位:市科技局、市财政局、市自然资源和规划局,东湖高新区管委会)"
    assert text.count(clause) == 1
    edited = tmp_path / SEED.name
    edited.write_text(text.replace(clause, clause.replace("市发改委", "市经信局")), encoding="utf-8")
    data = record_to_graph(extract_file(edited, nlp))

    neo4j_store.replace_document(data)
    task = next(t for t in neo4j_store.queries().tasks() if t.title == "建设重大科技基础设施群")
    assert [u.unit.name for u in answers.task_answer(neo4j_store, task.id).lead] == ["市经信局"]
    others_after = [d for d in neo4j_store.queries().stats().per_document if d.document.id != "doc:" + SEED.stem]
    assert others_after == others_before

    expected = EmbeddedStore(tmp_path / "expected")
    for fragment in corpus_store.fragments.values():
        expected.replace_document(fragment)
    expected.replace_document(data)
    assert_same_answers(expected, neo4j_store, every=7)


def test_removing_a_document_keeps_what_other_documents_say(neo4j_store, corpus_store, tmp_path):
    load(neo4j_store, corpus_store)
    expected = EmbeddedStore(tmp_path)
    for data in corpus_store.fragments.values():
        expected.replace_document(data)
    seed_id = "doc:" + SEED.stem
    expected.remove_document(seed_id)
    neo4j_store.remove_document(seed_id)
    assert neo4j_store.documents() == expected.documents()
    assert neo4j_store.queries().stats() == expected.queries().stats()
    if len(corpus_paths()) > 1:  # units the State Council pages name too are still there
        assert neo4j_store.queries().units() == expected.queries().units()


def test_a_load_that_failed_half_way_is_finished_by_running_it_again(bolt_server, seed_graph, monkeypatch):
    store = Neo4jStore(bolt_server.uri, dialect="falkordb")
    try:
        load(store, seed_graph)
        seed = seed_graph.document_data("doc:" + SEED.stem)
        store.remove_document("doc:" + SEED.stem)
        real_run, written = store.run, []

        def failing_run(statement, params):
            # the connection drops once the nodes are written, before the second batch of relationships
            if statement.startswith("UNWIND $rows AS row MATCH (s:Node"):
                written.append(statement)
                if len(written) == 2:
                    raise StoreError("连接中断（测试）")
            return real_run(statement, params)

        monkeypatch.setattr(store, "run", failing_run)
        with pytest.raises(StoreError):
            store.replace_document(seed)
        assert len(written) == 2  # it failed half-way, as meant
        monkeypatch.setattr(store, "run", real_run)
        store.replace_document(seed)
        assert_same_answers(seed_graph, store, every=3)
    finally:
        store.close()
        bolt_server.settle()


def test_long_texts_travel_in_pieces_and_come_back_whole(neo4j_store, corpus_store):
    """FalkorDB takes only small parameters: a task longer than a batch is sent in pieces."""
    seed = corpus_store.document_data("doc:" + SEED.stem)
    task = max((n for n in seed.nodes if n.label == Label.TASK), key=lambda n: len(n.text))
    long_text = task.text * (1 + 4 * SMALL_PARAMETERS // len(task.text.encode()))
    assert len(long_text.encode()) > 3 * PIECE
    edited = seed.model_copy(
        update={"nodes": [n.model_copy(update={"text": long_text}) if n.id == task.id else n for n in seed.nodes]}
    )
    neo4j_store.clear()
    neo4j_store.replace_document(edited)
    assert answers.task_answer(neo4j_store, task.id).text == long_text


def test_the_dialect_is_chosen_not_probed(neo4j_store, bolt_server):
    """FalkorDB is named, never guessed: the Neo4j dialect sends it Neo4j's schema, which it
    refuses in one clear line; the FalkorDB dialect creates its indexes once."""
    neo4j = Neo4jStore(bolt_server.uri, timeout=10)
    try:
        with pytest.raises(StoreError, match="Neo4j 执行失败"):
            neo4j.ensure_schema()
    finally:
        neo4j.close()
        bolt_server.settle()
    neo4j_store.ensure_schema()
    neo4j_store.ensure_schema()  # indexes are created once; asking again is harmless


@pytest.mark.parametrize(
    ("fault", "message"),
    [
        (neo4j_errors.AuthError("The client is unauthorized"), "拒绝登录"),
        (neo4j_errors.ServiceUnavailable("Couldn't connect"), "无法连接"),
    ],
)
def test_driver_faults_become_one_clear_message(fault, message):
    with pytest.raises(StoreError, match=message), _translated("bolt://db:7687", "innokg"):
        raise fault


def test_a_server_that_is_not_there_is_one_clear_error():
    store = Neo4jStore("bolt://127.0.0.1:9", timeout=2)
    with pytest.raises(StoreError, match="无法连接 Neo4j（bolt://127.0.0.1:9）"):
        store.queries().tasks()
    store.close()


def test_a_unit_every_document_names_stays_within_the_servers_parameter_cap(neo4j_store, nlp, tmp_path):
    """150 plans naming the same units (ids of ~100 bytes: 15 KB of document ids, four times what
    one FalkorDB statement takes). Each document's share of a unit is its own part, the unit's
    list of documents only grows by appends: loading in order, taking one out of the middle,
    and putting it back out of order all keep the graph the embedded store composes."""
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    names = [f"{'长' * 30}-{i:03d}" for i in range(150)]
    graphs = [
        record_to_graph(
            extract(parse_text(f"计划{i}\n一、任务\n1.建设园区{i}。（牵头单位：市科技局；责任单位：各区人民政府）\n", source=f"{name}.txt"), nlp)
        )
        for i, name in enumerate(names)
    ]
    neo4j_store.clear()
    expected = EmbeddedStore(tmp_path)
    for data in graphs:
        neo4j_store.replace_document(data)
        expected.replace_document(data)
    science = next(u.id for u in expected.queries().units() if u.name == "市科技局")
    assert len(answers.entity(neo4j_store, science).documents) == 150
    middle = "doc:" + names[70]
    neo4j_store.remove_document(middle)
    expected.remove_document(middle)
    assert answers.entity(neo4j_store, science) == answers.entity(expected, science)
    neo4j_store.replace_document(graphs[70])  # before 79 others: merged again from every part
    expected.replace_document(graphs[70])
    assert_same_answers(expected, neo4j_store, every=10)
    assert answers.entity(neo4j_store, science).documents == sorted("doc:" + n for n in names)


def test_a_place_given_a_task_becomes_a_unit_on_the_server_too(neo4j_store, nlp, tmp_path):
    """A place one plan names and another gives a task is one node, a Unit (as the embedded store
    merges it): relabelled in place whichever order the plans come in, never a second node."""
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    texts = {
        "甲": "计划甲\n一、任务\n1.支持东湖高新区建设光电子信息产业集群。（牵头单位：市科技局）\n",
        "乙": "计划乙\n一、任务\n1.建设创新园区。（牵头单位：东湖高新区）\n",
    }
    graphs = {name: record_to_graph(extract(parse_text(text, source=f"{name}.txt"), nlp)) for name, text in texts.items()}
    node_id = next(n.id for n in graphs["甲"].nodes if n.label == Label.PLACE and "东湖" in n.name)
    assert {n.label for g in graphs.values() for n in g.nodes if n.id == node_id} == {Label.PLACE, Label.UNIT}
    for order in (("甲", "乙"), ("乙", "甲")):
        neo4j_store.clear()
        expected = EmbeddedStore(tmp_path / "-".join(order))
        for name in order:
            neo4j_store.replace_document(graphs[name])
            expected.replace_document(graphs[name])
        labels = neo4j_store.run("MATCH (n:Node {id: $id}) RETURN labels(n) AS labels", {"id": node_id})
        assert [sorted(row["labels"]) for row in labels] == [["Node", "Unit"]], order
        assert_same_answers(expected, neo4j_store)
    neo4j_store.remove_document(next(n.id for n in graphs["乙"].nodes if n.label == Label.DOCUMENT))
    labels = neo4j_store.run("MATCH (n:Node {id: $id}) RETURN labels(n) AS labels", {"id": node_id})
    assert [sorted(row["labels"]) for row in labels] == [["Node", "Place"]]  # no task any more: a place again


def test_a_database_written_by_an_older_innokg_is_named_not_mixed_in(neo4j_store):
    """Nodes keeping their documents' parts inside (part_docs), as innokg wrote them before: a load
    would mix two ways of keeping shares, so it stops with one line saying what to do."""
    neo4j_store.clear()
    neo4j_store.run("CREATE (n:Node:Unit {id: 'unit:x', name: 'x', part_docs: ['doc:a']})", {})
    with pytest.raises(StoreError, match="旧版 innokg"):
        neo4j_store.ensure_schema()
    neo4j_store.clear()
    neo4j_store.ensure_schema()


def test_search_lists_are_kept_until_a_load_changes_the_graph(neo4j_store, bolt_server, seed_graph, nlp):
    """who, tasks and links search lists of every task or unit: they are fetched once per state of
    the graph (a load by any client changes it), not on every question."""
    from innokg.graph.search import find_tasks
    from innokg.ingest import parse_text
    from innokg.nlp.record import extract

    load(neo4j_store, seed_graph)
    fetched = []
    real = neo4j_store.run
    neo4j_store.run = lambda statement, params: fetched.append(statement) or real(statement, params)
    try:
        before = neo4j_store.queries().tasks()
        find_tasks(neo4j_store, "基础设施")
        assert sum("MATCH (t:Task)" in s for s in fetched) == 1  # the second question read no list
        other = Neo4jStore(bolt_server.uri, timeout=10, dialect="falkordb")  # another client loads a document
        other.replace_document(
            record_to_graph(extract(parse_text("某区方案\n一、任务\n1.建设量子实验室。（牵头单位：区科技局）\n", source="quantum.txt"), nlp))
        )
        other.close()
        bolt_server.settle()
        assert len(neo4j_store.queries().tasks()) == len(before) + 1
        assert find_tasks(neo4j_store, "量子实验室")[0][0].title == "建设量子实验室"
    finally:
        neo4j_store.run = real


def test_a_unit_written_short_in_one_plan_is_one_node_in_both_stores(neo4j_store, tmp_path, nlp):
    from test_aliases import two_plans

    embedded = two_plans(tmp_path, nlp)
    load(neo4j_store, embedded)
    assert_same_answers(embedded, neo4j_store)
    assert [u.name for u in neo4j_store.queries().units() if "经" in u.name] == ["区经济发展局"]


def test_quotes_backslashes_and_newlines_round_trip_byte_for_byte(neo4j_store, tmp_path, nlp):
    """The test server pastes parameters into its query text: a text holding ' failed to load, and
    a backslash came back as an escape (\\b a backspace). Its dialect escapes every string sent."""
    from innokg.graph.build import record_to_graph
    from innokg.nlp.record import extract_file

    path = tmp_path / "quotes.txt"
    path.write_text(
        "关于'推进\"科技\\创新的意见\n一、主要任务\n"
        "（一）建设'重点\"实验室\\b与C:\\data\\n平台。（牵头单位：区科技局；责任单位：区财政局）\n",
        encoding="utf-8",
    )
    data = record_to_graph(extract_file(path, nlp))
    neo4j_store.clear()
    neo4j_store.replace_document(data)
    for node in data.nodes:
        if node.label == Label.TASK:
            assert answers.task_answer(neo4j_store, node.id).text == node.text
    stored = answers.export(neo4j_store)
    assert sorted(n.model_dump_json() for n in stored.nodes) == sorted(n.model_dump_json() for n in data.nodes)
    assert sorted(r.evidence.quote for r in stored.relations) == sorted(r.evidence.quote for r in data.relations)


def test_citations_answer_alike(neo4j_store, lineage_data):
    """A library whose documents cite each other: what each cites, who cites each policy, lineage."""
    library = EmbeddedStore(lineage_data)
    load(neo4j_store, library)
    assert assert_same_answers(library, neo4j_store) > 50
    district = next(d.id for d in library.documents() if "江夏区" in d.title)
    assert answers.document_lineage(neo4j_store, district).chains  # not alike by being empty


def test_a_test_server_that_went_away_is_started_again_and_the_store_reaches_it(neo4j_store, bolt_server, seed_store):
    """tests/bolt_server.py: FalkorDB has gone away mid-suite on a loaded machine, and every Bolt
    test after it failed to connect. Before each such test a server that exited is started again on
    its port (its log kept), and the session's driver reaches the new one."""
    load(neo4j_store, seed_store)
    bolt_server.process.kill()
    bolt_server.process.wait()
    assert bolt_server.revive().startswith("exit code -9")
    assert bolt_server.revive() is None  # running: nothing to do
    assert len(list(bolt_server.folder.glob("server-exited-*.log"))) == 1
    load(neo4j_store, seed_store)  # the new server starts empty
    assert neo4j_store.documents() == seed_store.documents()
