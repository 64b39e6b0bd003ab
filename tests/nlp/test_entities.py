"""Entity layers on sentences written in the plan's style, and recall on the seed's shared gold."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from conftest import LAYOUTS, ROOT, SEED, run_cli, shared
from innokg.ingest import parse_text
from innokg.nlp.record import extract


def entities(nlp, body: str, kind: str = "entities") -> dict[str, set[str]]:
    """Names by type that a sentence of a plan gives: its named ``entities`` or its ``categories``."""
    record = extract(
        parse_text(f"某市科技创新行动方案\n一、重点任务\n1.建设平台。{body}\n", source="entities.txt"), nlp
    )
    found: dict[str, set[str]] = {}
    for entity in getattr(record, kind):
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


def test_the_character_tagger_scores_every_character_as_the_models_spacy_pipeline_does():
    """The layer runs the model's network forward in numpy on characters, without a spaCy Doc:
    on real text of every length (short stretches round differently in another BLAS), each
    character's scores are bit for bit thinc's, and its tag the saved pipeline's."""
    import random

    import numpy as np
    import spacy
    from innokg.graph.model.data import data_path
    from innokg.ingest import parse_document
    from innokg.nlp.statistical import MODEL, load_model

    folder = data_path(*MODEL.split("/"))
    tagger, pipeline = load_model(str(folder)), spacy.load(folder)  # the pipeline as saved: thinc, Docs
    assert tagger is not None and tagger.network is not None  # the shipped model runs in numpy
    thinc = pipeline.get_pipe("tagger").model
    texts = [parse_document(path).text for path in [SEED, ROOT / "tests" / "data" / "unseen-plan.txt", *sorted(LAYOUTS.glob("*.txt"))]]
    pick = random.Random(7)
    pieces = [text[at : at + n] for text in texts[:2] for n in range(1, 90) for at in [pick.randrange(len(text) - n)]]
    for text in [*texts, *pieces]:
        scores = tagger.scores(text)
        assert np.array_equal(scores, thinc.predict([pipeline.make_doc(text)])[0]), text[:20]
        assert tagger.tags(text) == [token.tag_ for token in pipeline(text)]
    assert tagger.tags("") == []


def test_the_character_tagger_keeps_a_bounded_number_of_character_embeddings(monkeypatch):
    """A character's embedding is computed once and looked up after, up to ``KEPT_CHARACTERS``:
    a text of more new characters than that is embedded without keeping them, with the same
    scores (a document of many distinct characters must not grow the kept embeddings without end)."""
    import numpy as np
    import spacy
    from innokg.graph.model.data import data_path
    from innokg.nlp import statistical

    folder = data_path(*statistical.MODEL.split("/"))
    monkeypatch.setattr(statistical, "KEPT_CHARACTERS", 12)
    tagger = statistical.CharacterTagger(spacy.load(folder))
    thinc = tagger.model.get_pipe("tagger").model
    for text in ["牵头单位：市科技局", "市科技局牵头", "建设武汉光谷科技创新中心"]:  # 9 kept, none new, then 10 new
        assert np.array_equal(tagger.scores(text), thinc.predict([tagger.model.make_doc(text)])[0]), text
        assert len(tagger._rows) == len(tagger._embedded) <= 12
    assert len(tagger._rows) == len(set("牵头单位：市科技局"))


def test_threads_tagging_at_once_keep_each_characters_own_embedding():
    """Threads reading new characters at the same time (a notebook running two builds) each add
    rows to the kept embeddings: every text still scores as a tagger of its own scores it."""
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np
    import spacy
    from innokg.graph.model.data import data_path
    from innokg.ingest import parse_document
    from innokg.nlp import statistical

    folder = data_path(*statistical.MODEL.split("/"))
    text = parse_document(SEED).text
    pieces = [text[at : at + 400] for at in range(0, 16_000, 400)]
    alone = statistical.CharacterTagger(spacy.load(folder))
    expected = [alone.scores(piece) for piece in pieces]
    shared = statistical.CharacterTagger(spacy.load(folder))
    with ThreadPoolExecutor(8) as pool:
        found = list(pool.map(shared.scores, pieces))
    assert all(np.array_equal(a, b) for a, b in zip(found, expected))
    assert sorted(shared._rows.values()) == list(range(len(shared._embedded)))


def test_the_network_scores_only_the_characters_asked_for_as_it_scores_them_all():
    """``scores_at`` computes, block by block, only the rows the characters asked for need: each
    score is its row of the whole text's scores, bit for bit — one character, the first, the
    last, neighbours, every one — on real text of every length."""
    import random

    import numpy as np
    from innokg.graph.model.data import data_path
    from innokg.ingest import parse_document
    from innokg.nlp.statistical import MODEL, load_model

    tagger = load_model(str(data_path(*MODEL.split("/"))))
    assert tagger is not None and tagger.network is not None
    text = parse_document(SEED).text
    pick = random.Random(11)
    for n in [1, 2, 3, 5, 9, 17, 40, 300]:
        for _ in range(8):
            at = pick.randrange(len(text) - n)
            vectors = tagger.embedded(text[at : at + n])
            whole = tagger.network.scores(vectors)
            for chosen in [range(n), [0], [n - 1], sorted(pick.sample(range(n), pick.randint(1, n)))]:
                rows = np.array(list(chosen), dtype=np.intp)
                assert np.array_equal(tagger.network.scores_at(vectors, rows), whole[rows]), (n, list(chosen))
    assert tagger.network.scores_at(vectors, np.array([], dtype=np.intp)).shape == (0, len(tagger.labels))


@pytest.mark.parametrize("walk", [1, 8])
def test_names_read_back_from_their_ends_are_the_names_all_the_tags_give(monkeypatch, walk):
    """``names_ending`` reads the tags at an end and after it, then back while the name goes on
    (``walk`` characters a round): with every place of real text as an end and floors before,
    at and inside names, it gives exactly the names :func:`names_of` reads from all the tags
    that end there and begin at or after the floor."""
    import random

    from innokg.graph.model.data import data_path
    from innokg.ingest import parse_document
    from innokg.nlp import statistical

    monkeypatch.setattr(statistical, "WALK", walk)
    tagger = statistical.load_model(str(data_path(*statistical.MODEL.split("/"))))
    assert tagger is not None
    pick = random.Random(5)
    texts = [parse_document(path).text for path in [SEED, ROOT / "tests" / "data" / "unseen-plan.txt"]]
    named = 0
    for text in texts:
        for at in range(0, len(text) - 200, 97):
            piece = text[at : at + pick.randint(1, 200)]
            every = statistical.names_of(tagger.tags(piece))
            ends = [(end, pick.randint(0, end - 1)) for end in range(1, len(piece) + 1)]
            expected = sorted(n for n in every for end, floor in ends if n[1] == end and n[0] >= floor)
            assert tagger.names_ending(piece, ends) == expected, piece
            # an end asked twice is one end; one whose floor is not before it ends no name
            assert tagger.names_ending(piece, [*ends, *ends, *((end, end + 1) for end, _ in ends)]) == expected
            named += len(expected)
    assert named > 100  # names were read, not only places with none


def test_the_statistical_layer_finds_what_reading_every_tag_finds(nlp):
    """Names the layer keeps end on a head word inside their stretch, so it reads tags only back
    from those ends: on the seed plan, a plan of unseen names and every layout, it finds the
    same names as reading every character's tag (its head ends switched off)."""
    from innokg.ingest import parse_document
    from innokg.nlp.record import prepared

    ner = nlp.get_pipe("innokg_ner")
    found = 0
    for path in [SEED, ROOT / "tests" / "data" / "unseen-plan.txt", *sorted(LAYOUTS.glob("*.txt"))]:
        doc = prepared(parse_document(path), nlp)
        for name, component in nlp.pipeline[: nlp.pipe_names.index("innokg_ner")]:
            doc = component(doc)
        before = list(doc._.entity_candidates or [])
        lazily = ner(doc)._.entity_candidates[len(before) :]
        doc._.entity_candidates = before
        ends, ner.head_ends = ner.head_ends, None
        try:
            every = ner(doc)._.entity_candidates[len(before) :]
        finally:
            ner.head_ends = ends
        assert lazily == every, path.name
        found += len(lazily)
    assert found  # names were found, not only none on both sides


def test_a_model_of_another_shape_is_run_as_spacy_runs_it():
    """The numpy forward pass is the shipped network's; a tagger of spaCy's default shape (four
    features, not NORM alone) is not mistaken for it and is run through a Doc."""
    import spacy
    from innokg.nlp.statistical import CharacterTagger

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "innokg.CharTokenizer.v1"}}})
    tagger = nlp.add_pipe("tagger")
    for label in ("O", "B-Unit", "I-Unit"):
        tagger.add_label(label)
    nlp.initialize()
    reader = CharacterTagger(nlp)
    text = "牵头单位：市科技局"
    assert reader.network is None
    assert reader.tags(text) == [token.tag_ for token in nlp(text)] and len(reader.tags(text)) == len(text)


def test_a_pipeline_that_does_more_than_tag_is_run_whole():
    """The shipped tagger with a component after it (one that could change the tags): the numpy
    pass would skip that component, so the pipeline runs as saved."""
    import spacy
    from innokg.graph.model.data import data_path
    from innokg.nlp.statistical import MODEL, CharacterTagger

    nlp = spacy.load(data_path(*MODEL.split("/")))
    nlp.add_pipe("sentencizer")
    reader = CharacterTagger(nlp)
    text = "支持武汉光谷建设国家级工业互联网平台。推进襄江先进制造研究院建设"
    assert reader.network is None
    assert reader.tags(text) == [token.tag_ for token in nlp(text)]


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


def categories(nlp, body: str) -> dict[str, set[str]]:
    return entities(nlp, body, "categories")


@pytest.mark.parametrize(
    "sentence, governed, field",
    [
        ("制定产业链图谱，助力集成电路、光电信息等优势产业做大做强。", "助力集成电路", "集成电路"),
        ("跟踪分析国内外产业发展动态。", "跟踪分析国内外产业", None),
        ("突破性发展数字经济。", "突破性发展数字经济", "数字经济"),
        ("资金、土地、人才等产业发展要素向重点项目倾斜。", "资金", None),
        ("加强海岛管理、海洋执法等领域的监督检查。", "海岛管理", None),
        ("培育和壮大海洋战略性新兴产业。", "海洋战略性新兴产业", None),
        ("推进船舶修造、电子加工等重点排污行业专项治理。", "推进船舶修造", "船舶修造"),
        ("促进九江经济平稳发展。", "九江经济", None),  # an area's economy, not a field
        ("引进台湾互联网产业龙头企业。", "台湾互联网产业", "互联网产业"),
        ("认真贯彻中央经济工作会议精神。", "中央经济", None),
        ("支持规模以上制造业企业技术改造。", "规模以上制造业", "制造业"),
        ("加快现代农业产业链建设。", "农业产业", "现代农业产业"),
        ("推进农机装备全产业链协同发展。", "农机装备全产业", "农机装备产业"),
        ("加快设施农业和农产品初加工、畜牧水产等领域机械化。", "设施农业和农产品初加工", "农产品初加工"),
    ],
)
def test_a_field_is_named_without_the_words_that_govern_it(nlp, sentence, governed, field):
    found = entities(nlp, sentence).get("Industry", set())
    assert governed not in found
    if field:
        assert field in found


@pytest.mark.parametrize(
    "sentence, kind",
    [
        ("打造一批中试平台(基地)，每年建设10个科技成果转化中心。", "中试平台(基地)"),
        ("新建工业互联网平台15个以上。", "工业互联网平台"),
        ("引进或者建设若干检测、检验、认证等共性技术服务平台。", "共性技术服务平台"),
        ("努力创建国家实验室。", "国家实验室"),
    ],
)
def test_a_category_noun_is_kept_apart_from_named_entities(nlp, sentence, kind):
    assert kind in categories(nlp, sentence).get("Platform", set())
    assert kind not in entities(nlp, sentence).get("Platform", set())


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("建强在汉7个湖北实验室。", "湖北实验室"),  # a place makes it a name, counted or not
        ("推动智能设计与数控、数字建造两个国家技术创新中心加快建设。", "数字建造国家技术创新中心"),
    ],
)
def test_a_named_platform_stays_named_beside_a_count(nlp, sentence, name):
    assert name in entities(nlp, sentence).get("Platform", set())


def test_a_list_of_companies_does_not_take_the_kind_after_it(nlp):
    found = entities(nlp, "依托抖音、拼多多、去哪儿等平台开展旅游推介。")
    assert not {"抖音平台", "拼多多平台", "去哪儿平台"} & found.get("Platform", set())


def test_two_things_joined_by_and_are_not_one_platform(nlp):
    found = entities(nlp, "建设全省知识产权保护智慧案管平台及大数据中心。").get("Platform", set())
    assert "全省知识产权保护智慧案管平台及大数据中心" not in found


def test_a_ministry_is_not_read_inside_a_longer_word(nlp):
    assert "司法部" not in entities(nlp, "会同司法部门依法查处。").get("Unit", set())


def test_quoted_names_before_a_kind_are_platforms_of_their_own(nlp):
    found = entities(nlp, "推广“知创中国”“知创福建”知识产权公共服务平台。").get("Platform", set())
    assert {"知创中国", "知创福建"} <= found
    assert not any("知创中国知创福建" in name for name in found)


def test_a_head_that_starts_a_longer_word_names_nothing(nlp):
    assert "售后服务网" not in entities(nlp, "建立健全现代农机流通体系和售后服务网络。").get("Platform", set())
    assert "全区公共信用信息平台" in entities(nlp, "全区公共信用信息平台基本建立。").get("Platform", set())


@pytest.mark.parametrize(
    "sentence, not_a_platform",
    [
        ("完善物流、冷链、仓储等电子商务基础设施建设。", "电子商务基础设施"),
        ("探索建立“企业+合作社+基地”的农机产品推广模式。", "企业+合作社+基地"),
        ("推动我区平台与台湾地区平台对接。", "我区平台"),
    ],
)
def test_infrastructure_labels_and_bare_kinds_are_no_platforms(nlp, sentence, not_a_platform):
    assert not_a_platform not in entities(nlp, sentence).get("Platform", set())
    assert not_a_platform not in categories(nlp, sentence).get("Platform", set())


def test_items_listed_with_platforms_before_等平台_are_platforms(nlp):
    sentence = "支持推进现代农业产业技术体系、科技创新联盟、协同创新中心等平台建设。"
    named = {*entities(nlp, sentence).get("Platform", set()), *categories(nlp, sentence).get("Platform", set())}
    assert {"现代农业产业技术体系", "科技创新联盟", "协同创新中心"} <= named


def test_a_longer_head_inside_a_shorter_one_that_named_nothing(nlp):
    assert "产业园区" in categories(nlp, "以合作共建产业园区模式推进合作。").get("Platform", set())


@pytest.mark.timeout(30)
def test_a_clause_listing_thousands_of_units_is_read_in_linear_time(tmp_path):
    """A list pattern (A、B、C…等领域) tried at every place of an enumeration nothing closes took
    time quadratic in its length (4,000 units: seconds; 100,000: never)."""
    import time

    from innokg.nlp.record import extract_file

    def seconds(n: int) -> float:
        units = "、".join(f"第{i}街道办事处" for i in range(n))
        path = tmp_path / f"list-{n}.txt"
        path.write_text(f"某区实施意见\n一、主要任务\n（一）建设重点实验室。（牵头单位：区科技局；责任单位：{units}）\n", encoding="utf-8")
        start = time.perf_counter()
        extract_file(path)
        return time.perf_counter() - start

    seconds(10)  # the pipeline loaded
    small, large = seconds(2_000), seconds(40_000)
    assert large < 60 * max(small, 0.01)  # 20× the input: nowhere near 400× the time


@pytest.mark.slow
def test_the_statistical_layer_reads_more_than_spacys_million_characters(nlp):
    """A document under innokg's 4-million-character limit failed with ValueError: the model's doc
    of all stretches went over spaCy's max_length (a million by default). It reads in batches."""
    sentence = "推进武汉光电子信息产业创新中心建设。"
    text = sentence * (1_100_000 // len(sentence))
    found = nlp.get_pipe("innokg_ner").tag(text)
    assert {m.start // len(sentence) for m in found} >= {0, len(text) // len(sentence) - 1}  # the first and the last


def test_a_stop_word_is_found_ending_where_one_ends_among_all_of_them(nlp):
    """The walk left over a name asks at each character whether a stop word ends there; the
    words are looked up by their last character: on the seed plan, at every place and floor, the
    answer is the one trying every stop word gives (a one-character stop only as a word of its own)."""
    from innokg.nlp.entities import _stands_alone, _stops_at

    lex = nlp.get_pipe("innokg_entity_patterns").lex
    text = SEED.read_text(encoding="utf-8")
    for stops in (lex.stop_before, lex.org_stop_before):
        longer = [word for word in stops.words if len(word) > 1]
        stopped = 0
        for i in range(len(text) + 1):
            for floor in (max(0, i - 30), max(0, i - 2), i):
                expected = any(text.endswith(word, floor, i) for word in longer) or (
                    i > floor and text[i - 1] in stops.words and _stands_alone(text, i - 1)
                )
                assert _stops_at(text, floor, i, stops) == expected, (i, floor)
                stopped += expected
        assert stopped > 100


def test_no_stop_words_fall_back_to_the_general_ones(nlp):
    """A company's stop words left empty in the config mean the general ones, as an empty tuple
    did: no stop words are falsy. Two lists of the same words are the same stop words."""
    from innokg.nlp.entities import Stops, _left_boundary

    lex = nlp.get_pipe("innokg_entity_patterns").lex
    assert not Stops.of([]) and Stops.of(["甲", "乙丙"]) == Stops.of(["乙丙", "甲", "甲"])
    text = "全力推动华为技术有限公司建设"
    end = text.index("有限公司")
    assert _left_boundary(text, end, lex, stops=Stops.of([])) == _left_boundary(text, end, lex) == text.index("华为")
