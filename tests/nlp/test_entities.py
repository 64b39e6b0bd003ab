"""Entity layers on sentences written in the plan's style, and recall on the seed's shared gold."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import ROOT, SEED, run_cli, shared
from innokg.ingest import parse_text
from innokg.nlp.record import extract


def entities(nlp, body: str) -> dict[str, set[str]]:
    record = extract(
        parse_text(f"某市科技创新行动方案\n一、重点任务\n1.建设平台。{body}\n", source="entities.txt"), nlp
    )
    found: dict[str, set[str]] = {}
    for entity in record.entities:
        found.setdefault(entity.type, set()).add(entity.name)
    return found


def test_seed_entity_recall_is_complete(tmp_path):
    result = run_cli("extract", str(SEED), "--json")
    record = tmp_path / "record.json"
    record.write_text(result.stdout, encoding="utf-8")
    scored = subprocess.run(
        [
            sys.executable,
            str(shared("tools/score.py")),
            str(record),
            "--entities",
            str(shared("gold/wuhan-innovation-action-plan-2022-2024.entities.json")),
            "-v",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "entity recall overall: 64/64 = 1.000" in scored.stdout, scored.stdout


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "推动智能设计与数控、数字建造两个国家技术创新中心加快建设。",
            {"智能设计与数控国家技术创新中心", "数字建造国家技术创新中心"},
        ),
        (
            "高起点推进纺织新材料、精细爆破两个新获批的国家重点实验室建设。",
            {"纺织新材料国家重点实验室", "精细爆破国家重点实验室"},
        ),
        ("全力建设脉冲强磁场、作物表型组学等三个设施。", {"脉冲强磁场设施", "作物表型组学设施"}),
    ],
    ids=["two-centres", "two-labs", "three-facilities"],
)
def test_coordinated_names_share_their_head(nlp, sentence, expected):
    assert expected <= entities(nlp, sentence).get("Platform", set())


@pytest.mark.parametrize(
    ("sentence", "type_", "name"),
    [
        ("推动江城先进材料研究院实体运行。", "Platform", "江城先进材料研究院"),
        ("加快建设长江数字经济示范区。", "Platform", "长江数字经济示范区"),
        ("推动设立江城科创银行。", "Enterprise", "江城科创银行"),
        ("组建江城科创投资集团。", "Enterprise", "江城科创投资集团"),
        ("优化实施“楚天英才”计划。", "TalentProgram", "楚天英才计划"),
        ("实施中小企业数字化提升计划。", "Policy", "中小企业数字化提升计划"),
        ("设立江城天使引导基金。", "Fund", "江城天使引导基金"),
        (
            "按照《关于促进科技成果转化的若干意见》(鄂政发〔2022〕12号)要求。",
            "Policy",
            "《关于促进科技成果转化的若干意见》",
        ),
    ],
)
def test_head_word_patterns(nlp, sentence, type_, name):
    assert name in entities(nlp, sentence).get(type_, set())


def test_gazetteer_units_and_the_longest_name_wins(nlp):
    found = entities(nlp, "推动设立光谷科创银行,支持市科技局、武汉市经济和信息化局开展工作。")
    assert {"市科技局", "武汉市经济和信息化局"} <= found["Unit"]
    assert "光谷科创银行" in found["Enterprise"]
    assert "光谷" not in found.get("Place", set())  # inside a longer name


def test_districts_in_a_shared_suffix_list_are_units_not_places(nlp):
    found = entities(nlp, "(牵头单位:市科技局;责任单位:江岸区、硚口区人民政府)")
    assert {"江岸区人民政府", "硚口区人民政府"} <= found["Unit"]
    assert not found.get("Place")


def test_statistical_layer_finds_names_no_rule_was_written_for(nlp):
    """A plan written for this test, with labs, centres and programmes in no gazetteer."""
    from innokg.ingest import parse_document
    from innokg.nlp.record import analyse
    from innokg.nlp.statistical import starts_a_word

    doc = analyse(parse_document(ROOT / "tests" / "data" / "unseen-plan.txt"), nlp)
    # the layer alone, on every sentence (in the pipeline it reads only where the rules left a gap)
    statistical = {m.name for m in nlp.get_pipe("innokg_ner").tag(doc._.reading)}
    unseen = {
        "汉江智能感知湖北实验室",
        "柔性电子与量子传感国家重点实验室",
        "国家先进光纤通信创新中心",
        "襄江先进制造研究院",
        "智能农机中试平台(基地)",
        "“汉水英才”计划",
        "青苗科学家培育计划",
        "光通信",
    }
    # whole, or from its own words on (the tagger may open a name after an unseen place name)
    found = {name for name in unseen if any(len(s) >= 4 and name.endswith(s) for s in statistical)}
    assert len(found) >= 3, statistical
    assert all(starts_a_word(doc._.reading, m.start) for m in nlp.get_pipe("innokg_ner").tag(doc._.reading))
    # and with the rules, the record names at least six of the eight
    from innokg.nlp.record import record_of

    assert len(unseen & {e.name for e in record_of(doc).entities}) >= 6
    # names the rules have never seen: no gazetteer lists them
    from innokg.graph.model.resolve import default_resolver

    assert not any(default_resolver().lookup(name) for name in unseen)


def test_entities_keep_every_place_they_are_written(seed_record):
    text = SEED.read_text(encoding="utf-8")
    for entity in seed_record.entities:
        assert entity.mentions, entity.name
        for mention in entity.mentions:
            assert text[mention.start : mention.end] == mention.quote


def test_eval_scores_the_project_gold_per_type():
    golds = sorted(str(p) for p in (ROOT / "data" / "gold").glob("*.entities.json"))
    result = run_cli("eval", *golds, "--corpus", str(shared("corpus")))
    assert result.returncode == 0, result.stderr
    assert "合计（微平均）" in result.stdout
    total = result.stdout.split("合计（微平均）")[1]
    rows = {m[0]: m[1:] for m in re.findall(r"│ (\S+)\s*│\s*([\d.—]+) │\s*([\d.]+) │\s*([\d.—]+) │", total)}
    assert {"单位", "平台", "产业", "目标"} <= rows.keys()
    assert float(rows["单位"][0]) >= 0.95 and float(rows["单位"][1]) >= 0.95
    assert float(rows["目标"][1]) >= 0.95


def test_statistical_layer_is_never_measured_on_its_training_documents():
    result = run_cli(
        "eval",
        str(ROOT / "data/gold/wuhan-innovation-action-plan-2022-2024.complete.entities.json"),
        "--layer",
        "statistical",
    )
    assert result.returncode == 0 and "训练过" in result.stdout
    trained = (ROOT / "data" / "ner" / "training.txt").read_text(encoding="utf-8")
    held_out = [
        json.loads(p.read_text(encoding="utf-8"))["document"]
        for p in (ROOT / "data" / "gold").glob("state-council-*.entities.json")
    ]
    assert held_out and not any(doc.split("/")[-1].removesuffix(".html") in trained for doc in held_out)


def test_fields_outside_the_innovation_vocabulary(nlp):
    """Services, trade, finance and farming are fields too; a field word inside a body's name or a
    longer word is none (农业 in 区农业农村局, 保险业 in 保险业务)."""
    found = entities(nlp, "大力发展旅游业、金融业和环保服务业，推进畜禽养殖业整治，支持跨境电商。")
    assert {"旅游业", "金融业", "环保服务业", "畜禽养殖业", "跨境电商"} <= found.get("Industry", set())
    inside = entities(nlp, "由区农业农村局推广保险业务，依托区海洋与渔业技术中心。")
    assert not {"农业", "保险业", "渔业"} & inside.get("Industry", set())


def test_a_one_character_stop_ends_a_name_only_as_a_word(nlp):
    # 用 in 信用 is no stop: the platform keeps its whole name
    assert "全区公共信用信息平台" in entities(nlp, "到2017年，全区公共信用信息平台基本建立。").get("Platform", set())
