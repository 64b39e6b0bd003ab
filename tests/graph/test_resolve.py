"""Entity resolution: one id per real thing, from the gazetteers; the "965" taxonomy."""

from __future__ import annotations

import pytest
from innokg.graph.model import key
from innokg.graph.model.data import data_path
from innokg.graph.model.resolve import default_resolver, default_taxonomy, read_gazetteer


@pytest.mark.parametrize(
    "names",
    [
        ("市科技局", "武汉市科学技术局", "武汉市科技局"),
        ("市发改委", "武汉市发展和改革委员会"),
        ("发展改革委", "国家发展和改革委员会", "国家发展改革委"),
        ("东湖高新区管委会", "武汉东湖新技术开发区管理委员会"),
        ("人力资源社会保障部", "人力资源和社会保障部"),
    ],
)
def test_short_and_full_names_resolve_to_one_id(names):
    resolver = default_resolver()
    assert len({resolver.resolve("Unit", n).id for n in names}) == 1


def test_similar_names_of_different_bodies_stay_apart():
    resolver = default_resolver()
    pairs = [
        ("市发改委", "发展改革委"),
        ("市税务局", "税务总局"),
        ("市科技局", "科技部"),
        ("农业农村部", "市农业农村局"),
    ]
    for a, b in pairs:
        assert resolver.resolve("Unit", a).id != resolver.resolve("Unit", b).id


def test_half_and_full_width_forms_meet():
    assert key("中国(武汉)知识产权保护中心") == key("中国（武汉）知识产权保护中心")
    assert key("“武汉英才”计划") == key("武汉英才计划")


def test_every_gazetteer_line_has_a_source_and_no_name_is_claimed_twice():
    seen: dict[str, str] = {}
    for path in sorted(data_path("gazetteers").glob("*.tsv")):
        for entry in read_gazetteer(path):
            assert entry.source.strip(), entry.name
            for name in (entry.name, *entry.aliases):
                owner = seen.setdefault(key(name), entry.name)
                assert owner == entry.name or entry.kind == "Place", f"{name}: {owner} / {entry.name}"


def test_collective_members_follow_the_scope_note():
    resolver = default_resolver()
    districts = resolver.members_of("各区人民政府", None)
    with_zones = resolver.members_of("各区人民政府", "含开发区管委会")
    assert len(districts) == 13 and all(e.kind == "District" for e in districts)
    assert {e.short for e in with_zones} >= {"东湖高新区管委会", "武汉经开区管委会"}
    assert resolver.members_of("市科技局", None) == []


def test_the_965_taxonomy():
    taxonomy = default_taxonomy()
    groups = [i.group for i in taxonomy.industries]
    assert (groups.count("pillar"), groups.count("emerging"), groups.count("future")) == (9, 6, 5)
    assert taxonomy.category("光电信息").name == "光电子信息"
    assert taxonomy.category("智能网联汽车").name == "汽车制造和服务"
    assert taxonomy.category("数字建造").name == "智能建造"
    assert taxonomy.category("区块链") is None

