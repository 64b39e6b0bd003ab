"""Industries, platforms, targets and entities in the graph of the seed plan."""

from __future__ import annotations

from innokg.graph.model import Label, RelType
from innokg.graph.model.resolve import unit_id
from innokg.graph import answers

OPTO = "965:pillar:光电子信息"


def test_965_industry_links_to_platforms_tasks_and_units(seed_store):
    links = answers.industry_links(seed_store, OPTO)
    assert {"集成电路", "光电信息"} <= {i.name for i in links.industries}
    platforms = {p.platform.name for p in links.platforms}
    assert {"国家信息光电子创新中心", "国家先进存储器产业创新中心", "中试平台(基地)"} <= platforms
    quote = next(p.evidence.quote for p in links.platforms if p.platform.name == "国家信息光电子创新中心")
    assert "助力集成电路、光电信息、智能制造等优势产业做大做强" in quote
    assert "建设国家级创新平台" in {t.task.title for t in links.tasks}
    assert "市科技局" in {u.name for u in links.units}


def test_builds_and_serves_relations(seed_store):
    # 中试平台(基地) is a kind the plan builds many of: a node of this document only, marked so
    category = next(n for n in seed_store.graph.nodes.values() if n.name == "中试平台(基地)")
    assert category.generic and category.id.endswith("@" + category.documents[0])
    answer = answers.entity(seed_store, category.id)
    served = {link.node.name for link in answer.links if link.type == "SERVES"}
    assert {"集成电路", "智能制造", "生物医药"} <= served
    builders = {link.node.name for link in answer.links if link.type == "BUILDS"}
    assert builders == {"建设科技成果转化平台"}


def test_every_industry_fits_965_or_is_listed_unmapped(seed_store):
    stats = seed_store.queries().stats()
    assert {"区块链", "云计算", "大数据"} <= set(stats.unmapped_industries)
    for node in (n for n in seed_store.graph.nodes.values() if n.label == Label.INDUSTRY):
        in_965 = [r for r in seed_store.graph.out_edges(node.id) if r.type == RelType.IN_965]
        assert bool(in_965) == bool(node.category) == (node.name not in stats.unmapped_industries)


def test_targets_of_a_unit_and_a_task(seed_store):
    talent = answers.unit_tasks(seed_store, unit_id("市招才局"))
    targets = answers.targets(seed_store, [t.task.id for t in talent.lead])
    assert {(t.value, t.unit) for t in targets} >= {
        (10, "名"),
        (200, "名"),
        (500, "名"),
        (20, "名"),
        (80, "名"),
    }
    by_task = answers.targets(seed_store, ["doc:wuhan-innovation-action-plan-2022-2024#二/(二)/2"])
    assert [(t.metric, t.value, t.comparator) for t in by_task][:1] == [("高新技术企业数量", 12000, "突破")]


def test_collective_members(seed_store):
    answer = answers.entity(seed_store, unit_id("各区人民政府"))
    members = {link.node.name for link in answer.links if link.type == "MEMBER_OF"}
    assert {"江岸区人民政府", "新洲区人民政府", "东湖高新区管委会", "武汉经开区管委会"} <= members
    assert len(members) == 13 + 5  # the districts, and the zones the scope note brings in
