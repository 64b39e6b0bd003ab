"""Corrections (人工校正) that stick: across a rebuild, a reload into the Bolt server, an export and
an import; and the review queue (待核查), each item one correction away."""

from __future__ import annotations

import shlex
import shutil

import pytest
from conftest import SEED, run_cli
from innokg import building, correcting
from innokg.graph import answers, questions
from innokg.graph.corrections import CorrectionRequest, Kind
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model import Role
from innokg.graph.review import ReviewKind, review_queue
from innokg.graph.search import NoGoodMatch

TASK = "建设重大科技基础设施群"


def who(store, words: str = TASK):
    return questions.who(store, words).best


def correct_seed(store: EmbeddedStore, target=None) -> None:
    """Three corrections of the bundled plan: a task's leads, a merge, an entity that is none."""
    for request in (
        CorrectionRequest(kind=Kind.ROLE, task=TASK, role=Role.LEAD, units=["市科技局，市经信局"], author="张三"),
        CorrectionRequest(kind=Kind.MERGE, names=["市科技局", "市科协"], author="张三"),
        CorrectionRequest(kind=Kind.NOT_ENTITY, names=["武汉产投集团"], author="李四"),
    ):
        correcting.correct(store, request, target)


def assert_corrected(store) -> None:
    answer = who(store)
    assert [e.unit.name for e in answer.lead] == ["市科技局", "市经信局"]
    assert all(e.corrected for e in answer.lead) and answer.corrected
    assert answer.lead[0].evidence.quote.startswith("人工校正（张三，")
    assert not any(e.corrected for e in answer.co) and "市财政局" in [e.unit.name for e in answer.co]
    units = {u.name: u for u in store.queries().units()}
    assert "市科协" not in units and "市科协" in units["市科技局"].aliases
    assert "武汉产投集团" not in units
    assert "武汉产投集团" not in {n.name for n in questions.search_entities(store, "武汉产投集团")}
    with pytest.raises(NoGoodMatch):
        questions.entity(store, "武汉产投集团")


def test_corrections_are_applied_and_survive_a_rebuild(seed_store):
    before = who(seed_store)
    assert [e.unit.name for e in before.lead] == ["市发改委"] and not before.corrected
    correct_seed(seed_store)
    assert_corrected(seed_store)
    assert_corrected(EmbeddedStore(seed_store.folder))  # another process reads them too
    building.build(seed_store, building.document_paths([SEED.parent]), force=True)  # the documents read again
    assert_corrected(EmbeddedStore(seed_store.folder))
    exported = answers.export(seed_store)
    assert any(r.corrected for r in exported.relations)
    assert "武汉产投集团" not in {n.name for n in exported.nodes}
    from innokg.graph.export import flat
    from innokg.stores import networkx_graph

    graph = flat(networkx_graph(seed_store))  # what GraphML and GEXF hold
    marked = [(s, t) for s, t, attrs in graph.edges(data=True) if attrs.get("corrected")]
    assert len(marked) == 2 and all(graph.nodes[t]["name"] in ("市科技局", "市经信局") for _, t in marked)
    assert "武汉产投集团" not in {attrs["name"] for _, attrs in graph.nodes(data=True)}


def test_undo_gives_the_graph_as_read(seed_store):
    correct_seed(seed_store)
    for c in seed_store.corrections():
        correcting.undo(seed_store, c.id[:5])
    answer = who(seed_store)
    assert [e.unit.name for e in answer.lead] == ["市发改委"] and not answer.corrected
    assert {"市科协", "武汉产投集团"} <= {u.name for u in seed_store.queries().units()}


def test_a_split_undoes_an_automatic_fold(tmp_path, nlp):
    from test_aliases import two_plans

    store = two_plans(tmp_path, nlp)
    assert "区经发局" not in {u.name for u in store.queries().units()}
    made = correcting.correct(store, CorrectionRequest(kind=Kind.SPLIT, names=["区经济发展局", "区经发局"]))
    units = {u.name: u for u in store.queries().units()}
    assert {"区经济发展局", "区经发局"} <= set(units) and "区经发局" not in units["区经济发展局"].aliases
    assert [t.task.title for t in answers.unit_tasks(store, units["区经发局"].id).lead] == ["优化营商环境"]
    assert [t.task.title for t in answers.unit_tasks(store, units["区经济发展局"].id).lead] == ["培育数字经济"]
    assert "区交建局" not in units  # the other fold stays
    correcting.undo(store, made.id)
    assert "区经发局" not in {u.name for u in store.queries().units()}


def test_an_unclear_name_is_refused_with_candidates(seed_store):
    with pytest.raises(NoGoodMatch) as caught:
        correcting.correct(seed_store, CorrectionRequest(kind=Kind.MERGE, names=["市科技局", "某某不存在的委员会"]))
    assert caught.value.candidates
    assert seed_store.corrections() == []


def test_export_and_import_round_trip_through_the_cli(seed_store, seed_data, tmp_path):
    correct_seed(seed_store)
    exported = tmp_path / "corrections.json"
    result = run_cli("--data", seed_store.folder, "correct", "export", "-o", exported)
    assert result.returncode == 0, result.stderr
    assert "已导出 3 条" in result.stdout
    other = tmp_path / "other"
    shutil.copytree(seed_data, other)
    result = run_cli("--data", other, "correct", "import", exported)
    assert result.returncode == 0 and "已导入 3 条" in result.stdout, result.stderr
    assert "全部已存在" in run_cli("--data", other, "correct", "import", exported).stdout
    imported = EmbeddedStore(other)
    assert_corrected(imported)
    assert imported.corrections() == seed_store.corrections()
    listed = run_cli("--data", other, "correct", "list").stdout
    assert "[合并单位]" in listed and "张三" in listed and "共 3 条" in listed
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "innokg-corrections/1", "corrections": [{"kind": "merge"}]}', encoding="utf-8")
    result = run_cli("--data", other, "correct", "import", bad)
    assert result.returncode == 1 and "不是有效的校正文件" in result.stderr


def test_the_cli_corrects_and_says_so(seed_store):
    folder = seed_store.folder
    result = run_cli("--data", folder, "correct", "co", TASK, "--units", "市财政局", "--author", "王五")
    assert result.returncode == 0, result.stderr
    assert "已记录校正" in result.stdout and "责任单位 = 市财政局" in result.stdout
    shown = run_cli("--data", folder, "who", TASK).stdout
    assert "人工校正（王五" in shown
    result = run_cli("--data", folder, "correct", "not-entity", "某某不存在的东西")
    assert result.returncode == 1 and "最接近" in result.stderr
    undone = run_cli("--data", folder, "correct", "undo", EmbeddedStore(folder).corrections()[0].id)
    assert undone.returncode == 0 and "已撤销" in undone.stdout
    assert "人工校正" not in run_cli("--data", folder, "who", TASK).stdout


def test_the_review_queue_lists_doubts_each_one_correction_away(layouts_data, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(layouts_data, data)
    store = EmbeddedStore(data)
    page = review_queue(store, 0, 100)
    assert page.total == len(page.items) > 0
    no_lead = [item for item in page.items if item.kind == ReviewKind.NO_LEAD]
    assert no_lead and page.items[0].kind == ReviewKind.NO_LEAD and page.counts[ReviewKind.NO_LEAD] == len(no_lead)
    assert all(item.actions for item in page.items)
    first = no_lead[0]
    assert first.task is not None and answers.task_answer(store, first.task.id).lead_note
    # the command the CLI prints for the item corrects it
    printed = run_cli("--data", data, "review", "--limit", "3")
    assert printed.returncode == 0 and first.actions[0].command in printed.stdout and "共" in printed.stdout
    result = run_cli("--data", data, *shlex.split(first.actions[0].command)[1:])
    assert result.returncode == 0, result.stderr
    answer = answers.task_answer(EmbeddedStore(data), first.task.id)
    assert answer.corrected and answer.lead_note is None
    after = review_queue(EmbeddedStore(data), 0, 100)
    assert first.task.id not in {item.task.id for item in after.items if item.task}
    assert after.counts[ReviewKind.NO_LEAD] == page.counts[ReviewKind.NO_LEAD] - 1
    # paging
    assert review_queue(store, 1, 2).items == review_queue(EmbeddedStore(data), 0, 100).items[1:3]


def test_similar_names_are_asked_about_but_places_are_not():
    from innokg.graph.review import similar_pairs

    pairs = similar_pairs([("a", "区经济发展局"), ("b", "区经济发展研究局"), ("c", "汉阳区人民政府"), ("d", "汉南区人民政府"),
                           ("e", "青山区人民政府"), ("f", "洪山区人民政府"), ("g", "市委组织部"), ("h", "县委组织部"),
                           ("i", "区科技创新局"), ("j", "区科技创新委")])
    assert [(a, b) for a, b, _ in pairs] == [("a", "b")]


# --------------------------------------------------------------------------- both stores alike


@pytest.mark.slow  # a real Bolt server
def test_a_corrected_graph_answers_alike_in_the_bolt_server(neo4j_store, seed_store):
    from test_neo4j_store import assert_same_answers, load

    correct_seed(seed_store)
    load(neo4j_store, seed_store)  # innokg load: the corrections go with every document
    assert_corrected(neo4j_store)
    assert_same_answers(seed_store, neo4j_store)
    # a change of the corrections reloads the documents it touches, nothing more needed
    made = correcting.correct(
        seed_store, CorrectionRequest(kind=Kind.ROLE, task=TASK, role=Role.CO, units=["市财政局"]), neo4j_store
    )
    assert [e.unit.name for e in who(neo4j_store).co] == ["市财政局"]
    assert_same_answers(seed_store, neo4j_store)
    for c in [made, *seed_store.corrections()]:
        if c.id in {d.id for d in seed_store.corrections()}:
            correcting.undo(seed_store, c.id, neo4j_store)
    assert [e.unit.name for e in who(neo4j_store).lead] == ["市发改委"]
    assert_same_answers(seed_store, neo4j_store)


@pytest.mark.slow
def test_a_split_fold_is_split_in_the_bolt_server_too(neo4j_store, tmp_path, nlp):
    from test_aliases import two_plans
    from test_neo4j_store import assert_same_answers, load

    store = two_plans(tmp_path, nlp)
    load(neo4j_store, store)
    correcting.correct(store, CorrectionRequest(kind=Kind.SPLIT, names=["区经济发展局", "区经发局"]), neo4j_store)
    assert "区经发局" in {u.name for u in neo4j_store.queries().units()}
    assert_same_answers(store, neo4j_store)
    load(neo4j_store, store)  # and after a whole reload
    assert_same_answers(store, neo4j_store)
