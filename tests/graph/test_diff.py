"""innokg diff: our own two editions against the key we wrote before running it, and real pairs of
the shared corpus against our reading of them (skipped without ../shared)."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from innokg.graph import diff as editions
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model import Role
from innokg.graph.model.errors import InputError, NotFound, TooLarge
from innokg.graph.model.vocab import Change

KEYS = ROOT / "data" / "gold" / "editions"


def key(name: str) -> dict:
    return json.loads((KEYS / f"{name}.key.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ours(editions_data):
    store = EmbeddedStore(editions_data)
    wanted = key("wuhan-sci-tech-capacity-plan")
    return store, wanted, editions.diff(store, wanted["a"], wanted["b"])


def precision_recall(found: set, expected: set) -> tuple[float, float]:
    right = len(found & expected)
    return right / len(found) if found else 1.0, right / len(expected) if expected else 1.0


def test_our_editions_match_as_our_key_says(ours):
    _, wanted, d = ours
    found = {(p.a.task.path, p.b.task.path) for p in d.pairs}
    expected = {(p["a"], p["b"]) for p in wanted["pairs"]}
    assert precision_recall(found, expected) == (1.0, 1.0), found ^ expected
    assert {(p.a.task.path, p.status.value) for p in d.pairs} == {(p["a"], p["status"]) for p in wanted["pairs"]}
    assert [t.task.path for t in d.added] == wanted["added"]
    assert [t.task.path for t in d.removed] == wanted["removed"]


def test_units_gained_and_lost_by_role_as_our_key_says(ours):
    _, wanted, d = ours
    found = {(p.a.task.path, u.role.value, u.change.value, u.unit.name) for p in d.pairs for u in p.units}
    assert found == {(u["a"], u["role"], u["change"], u["unit"]) for u in wanted["units"]}


def test_a_unit_written_with_its_full_name_is_the_same_unit(ours):
    store, _, d = ours
    pair = next(p for p in d.pairs if p.a.task.path == "二/(二)/2")
    assert "武汉市科学技术局" in pair.b.attributions[0].quote and "市科技局" in pair.a.attributions[0].quote
    assert pair.units == [] and pair.a.lead[0].id == pair.b.lead[0].id


def test_targets_changed_as_our_key_says(ours):
    _, wanted, d = ours
    assert len(d.targets) == len(wanted["targets"])
    for expected in wanted["targets"]:
        change = next(t for t in d.targets if expected["metric"] in (t.b or t.a).metric)
        assert (change.change.value, change.fields) == (expected["change"], expected["fields"]), expected["metric"]
        for side in ("a", "b"):
            if side in expected:
                target = getattr(change, side)
                assert [target.value, target.unit, target.year] == expected[side], (expected["metric"], side)


def test_words_changed_are_marked_on_both_sides(ours):
    _, _, d = ours
    pair = next(p for p in d.pairs if p.a.task.path == "二/(一)/3")
    assert [p.text for p in pair.title_b if p.changed] == ["加快", "体系"]
    assert not any(p.changed for p in pair.title_a)
    assert "".join(p.text for p in pair.title_b) == pair.b.task.title
    target = next(p for p in d.pairs if p.a.task.path == "二/(二)/1")
    assert ([p.text for p in target.text_a if p.changed], [p.text for p in target.text_b if p.changed]) == (["10000"], ["12000"])


def test_every_item_quotes_its_side_of_the_text(ours):
    """Evidence on each side: the span of the document's text that the quote is."""
    store, _, d = ours
    text = {doc.id: store.document_text(doc.id) for doc in store.documents()}
    quoted = [*(t.evidence for t in (*d.added, *d.removed))]
    for p in d.pairs:
        quoted += [p.a.evidence, p.b.evidence, *p.a.attributions, *p.b.attributions, *(u.evidence for u in p.units)]
    quoted += [t.evidence for c in d.targets for t in (c.a, c.b) if t]
    assert len(quoted) > 50
    for ev in quoted:
        assert text[ev.doc_id][ev.start : ev.end] == ev.quote
    for p in d.pairs:  # a unit lost is quoted from A, a unit gained from B
        for u in p.units:
            assert u.evidence.doc_id == (p.a if u.change == Change.REMOVED else p.b).evidence.doc_id


def test_the_key_pairs_stand_clear_of_every_other_candidate(ours):
    """What the threshold rests on: each true pair scores above it, and no task's best other
    candidate reaches it."""
    store, wanted, _ = ours
    a, b = editions.edition(store, wanted["a"]), editions.edition(store, wanted["b"])
    true = {(p["a"], p["b"]) for p in wanted["pairs"]}
    for x in a.tasks:
        for y in b.tasks:
            score = editions.match_score(x, y)[0]
            pair = (x.answer.task.path, y.answer.task.path)
            assert (score >= editions.THRESHOLD) == (pair in true), (pair, score)


def test_swapping_the_editions_swaps_what_was_added_and_removed(ours):
    store, wanted, d = ours
    back = editions.diff(store, wanted["b"], wanted["a"])
    assert [t.task.id for t in back.added] == [t.task.id for t in d.removed]
    assert [t.task.id for t in back.removed] == [t.task.id for t in d.added]
    gained = {(p.a.task.id, u.role, u.unit.id) for p in d.pairs for u in p.units if u.change == Change.ADDED}
    assert gained == {(p.b.task.id, u.role, u.unit.id) for p in back.pairs for u in p.units if u.change == Change.REMOVED}


def test_an_edition_compared_with_itself_is_unchanged(ours):
    store, wanted, _ = ours
    same = editions.diff(store, wanted["a"], wanted["a"])
    assert {p.status for p in same.pairs} == {Change.UNCHANGED} and all(p.score == 100 for p in same.pairs)
    assert not same.added and not same.removed and not any(p.units for p in same.pairs)
    assert {t.change for t in same.targets} == {Change.UNCHANGED}


def test_editions_are_named_by_id_file_name_or_the_words_that_tell_them_apart(ours):
    store, wanted, _ = ours
    assert editions.find_document(store, wanted["a"]).id == wanted["a"]
    assert editions.find_document(store, "wuhan-sci-tech-capacity-plan-2024").id == wanted["b"]
    assert editions.find_document(store, "2024").id == wanted["b"]
    with pytest.raises(InputError, match="可指 2 个文档") as both:
        editions.find_document(store, "科技创新能力提升行动方案")
    assert wanted["a"] in str(both.value) and wanted["b"] in str(both.value)
    with pytest.raises(NotFound, match="没有文档“量子通信”"):
        editions.diff(store, "量子通信", "2024")


def test_a_lower_threshold_matches_more(ours):
    store, wanted, d = ours
    loose = editions.diff(store, wanted["a"], wanted["b"], threshold=10)
    assert len(loose.pairs) > len(d.pairs) and len(loose.added) < len(d.added)


# ------------------------------------------------------------------ real pairs of the shared corpus


def test_editions_with_more_pairs_of_tasks_than_the_limit_are_refused_by_name(long_editions_data):
    store = EmbeddedStore(long_editions_data)
    with pytest.raises(TooLarge) as refused:
        editions.diff(store, "2022", "2024")
    assert "501、500 项任务" in refused.value.message and f"{editions.MAX_PAIRS:,}" in refused.value.message
    assert refused.value.source == "doc:long-plan-2022 / doc:long-plan-2024"


def test_the_limit_counts_the_pairs_compared(ours, monkeypatch):
    store, wanted, _ = ours  # 13 and 14 tasks: 182 pairs
    monkeypatch.setattr(editions, "MAX_PAIRS", 182)
    assert editions.diff(store, wanted["a"], wanted["b"]).counts["added"] == 2
    monkeypatch.setattr(editions, "MAX_PAIRS", 181)
    with pytest.raises(TooLarge, match="13、14 项任务"):
        editions.diff(store, wanted["a"], wanted["b"])


def test_editions_with_more_pairs_of_targets_than_the_limit_are_refused(tmp_path, monkeypatch):
    import innokg

    for year in ("2022", "2024"):
        goals = "，".join(f"第{i + 1}类企业达到{(i + 1) * 10}家" for i in range(12))
        (tmp_path / f"goals-{year}.txt").write_text(f"某市发展方案（{year}年）\n一、主要目标\n1.到2025年，{goals}。（牵头单位：市科技局）\n", encoding="utf-8")
    store = innokg.open_store(innokg.Settings(data=tmp_path / "data"))
    innokg.build(store, innokg.document_paths([tmp_path / "goals-2022.txt", tmp_path / "goals-2024.txt"]))
    monkeypatch.setattr(editions, "MAX_PAIRS", 100)  # 1 × 1 tasks, 12 × 12 targets
    with pytest.raises(TooLarge, match="12、12 项量化目标"):
        editions.diff(store, "2022", "2024")


@pytest.fixture(scope="module")
def pairs_store(edition_pairs_data):
    return EmbeddedStore(edition_pairs_data)


def test_a_plan_and_its_implementing_opinions(pairs_store):
    """Pingtan's 2015 water pollution plan and its 2016 implementing opinions for the marine part:
    every task the later one takes up is found; one wrong pair of the seven (two titles sharing
    加强海洋生态文明…建设)."""
    wanted = key("pingtan-water-2015-2016")
    d = editions.diff(pairs_store, wanted["a"], wanted["b"])
    found = {(p.a.task.title, p.b.task.title) for p in d.pairs}
    precision, recall = precision_recall(found, {(p["a"], p["b"]) for p in wanted["pairs"]})
    assert recall == 1.0 and precision >= 0.85, (precision, recall, found)
    matched = [t for t in d.targets if t.change in (Change.CHANGED, Change.UNCHANGED)]
    assert [(t.a.metric, t.b.metric, t.fields) for t in matched] == [(x["a"], x["b"], x["fields"]) for x in wanted["targets"]]
    units = {(u.role, u.change, u.unit.name) for p in d.pairs if p.a.task.title == "加强陆源排污监管和联防联控" for u in p.units}
    assert (Role.LEAD, Change.REMOVED, "区经济发展局") in units and (Role.CO, Change.ADDED, "区经济发展局") in units


def test_two_years_of_a_work_report_division(pairs_store):
    """Liaoning 2023 and 2025: no task of one is a task of the other, but the targets are."""
    wanted = key("liaoning-work-report-2023-2025")
    d = editions.diff(pairs_store, wanted["a"], wanted["b"])
    assert d.pairs == []
    for expected in wanted["targets"]:
        change = next(t for t in d.targets if t.a and t.a.metric == expected["metric"])
        assert (change.change.value, change.a.value, change.b.value) == (expected["change"], expected["a"], expected["b"])
    assert sorted(t.b.metric for t in d.targets if t.change == Change.ADDED) == sorted(wanted["added"])


def test_unrelated_sections_are_not_matched(pairs_store):
    """Two pages of Zhejiang's divisions (2023: one vice-governor's section; 2024: the governor's)
    share no task: none is matched, however alike their layout."""
    d = editions.diff(pairs_store, "06_zhejiang", "05_zhejiang")
    assert d.pairs == [] and len(d.added) == 5 and len(d.removed) == 9


def test_long_texts_are_compared_by_what_lies_between_what_they_share():
    """Two long texts: what they begin and end with alike is unchanged, the part between compared
    token by token when short enough, else marked changed whole; the pieces rebuild both texts."""
    from innokg.graph.diff import FINE_PAIRS, changed_pieces

    long = "加快建设国家级创新平台，" * 400  # 4,800 characters: beyond what is compared token by token
    assert len(long) ** 2 > FINE_PAIRS
    a, b = changed_pieces(long + "入库超过10000家。" + long, long + "入库超过12000家。" + long)
    assert ([p.text for p in a if p.changed], [p.text for p in b if p.changed]) == (["10000"], ["12000"])
    assert "".join(p.text for p in a) == long + "入库超过10000家。" + long

    rewritten = long.replace("加快", "推动")
    a, b = changed_pieces("总体要求" + long + "。", "总体要求" + rewritten + "。")
    tail = "建设国家级创新平台，。"  # after the last 加快 / 推动 the two are alike
    assert [(p.text, p.changed) for p in a] == [("总体要求", False), (long.removesuffix(tail[:-1]), True), (tail, False)]
    assert [(p.text, p.changed) for p in b] == [("总体要求", False), (rewritten.removesuffix(tail[:-1]), True), (tail, False)]
