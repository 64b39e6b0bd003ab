"""One node per unit across a library: a body written in full in one plan and short in another."""

from __future__ import annotations

from innokg import building
from innokg.graph.embedded import EmbeddedStore
from innokg.graph.model.aliases import aliases
from innokg.graph import answers

FULL = "某区2021年工作方案\n一、重点任务\n1.培育数字经济。推进数据中心建设。（责任单位：区经济发展局牵头，区交通与建设局参与）\n"
SHORT = "某区2022年工作方案\n一、重点任务\n1.优化营商环境。推行一网通办。（责任单位：区经发局牵头，区交建局、财政局参与）\n"


def two_plans(tmp_path, nlp) -> EmbeddedStore:
    for name, text in (("plan-2021.txt", FULL), ("plan-2022.txt", SHORT)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    store = EmbeddedStore(tmp_path / "data")
    building.build(store, [tmp_path / "plan-2021.txt", tmp_path / "plan-2022.txt"])
    return store


def test_a_short_name_in_one_plan_is_the_full_name_in_another(tmp_path, nlp):
    store = two_plans(tmp_path, nlp)
    units = {u.name: u for u in store.queries().units()}
    assert "区经发局" not in units and "区交建局" not in units
    lead = next(u for u in store.queries().units() if u.name == "区经济发展局")
    answer = answers.unit_tasks(store, lead.id)
    assert {t.task.title for t in answer.lead} == {"培育数字经济", "优化营商环境"}
    assert "区经发局" in store.graph.nodes[lead.id].aliases


def test_a_body_keeping_part_of_a_name_is_another_body():
    assert aliases({"a": "区财政金融局", "b": "区财政局"}) == {}
    # two full names the short one could stand for: it stands for neither
    assert aliases({"a": "区经济发展局", "b": "区经济发展研究局", "c": "区经发局"}) == {}


def test_a_bare_name_folds_only_into_its_one_prefixed_form():
    assert aliases({"a": "区森林园林局", "b": "森林园林局"}) == {"b": "a"}
    assert aliases({"a": "市统计局", "b": "省统计局", "c": "统计局"}) == {}
    assert aliases({"a": "省国资委", "b": "国资委"}, known=lambda name: name == "国资委") == {}


def test_a_scope_note_is_shown_only_where_the_clause_writes_it(tmp_path, nlp):
    (tmp_path / "a.txt").write_text(
        "某市2021年行动方案\n一、重点任务\n1.建设创新平台。（牵头单位：市科技局；责任单位：各区人民政府（含开发区管委会））\n",
        encoding="utf-8",
    )
    (tmp_path / "b.txt").write_text(
        "某市2022年行动方案\n一、重点任务\n1.培育科技企业。（牵头单位：市科技局；责任单位：各区人民政府）\n", encoding="utf-8"
    )
    store = EmbeddedStore(tmp_path / "data")
    building.build(store, [tmp_path / "a.txt", tmp_path / "b.txt"])
    notes = {}
    for task in store.queries().tasks():
        entry = next(e for e in answers.task_answer(store, task.id).co if e.unit.name == "各区人民政府")
        assert entry.unit.scope_notes == ["含开发区管委会"]  # the unit's, from every document
        notes[task.title] = entry.note
    assert notes == {"建设创新平台": "含开发区管委会", "培育科技企业": None}
