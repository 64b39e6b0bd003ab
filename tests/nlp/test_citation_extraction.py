"""References a document makes to other policy documents: 《titles》, 文号, both; their kind; the
document's own reference; recall and precision on our hand gold (data/gold/citations)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from conftest import ROOT, SEED, SHARED, shared
from innokg.graph.model.records import PolicyRef
from innokg.graph.model.vocab import AdminLevel, CitationKind
from innokg.nlp.citations import CitationWords, find_citations
from innokg.nlp.evaluate import CitationScore, score_citations

GOLD = ROOT / "data" / "gold" / "citations"
BASIS, IMPLEMENTS, FORWARDS, REPLACES, MENTIONS = (
    CitationKind.BASIS, CitationKind.IMPLEMENTS, CitationKind.FORWARDS, CitationKind.REPLACES, CitationKind.MENTIONS,
)


@pytest.fixture(scope="module")
def words(nlp) -> CitationWords:
    return CitationWords.default()


def cited(text: str, words: CitationWords, own: PolicyRef | None = None) -> list[tuple[str | None, str | None, CitationKind]]:
    return [(c.policy.doc_number, c.policy.title, c.kind) for c in find_citations(text, words, own)]


def test_the_component_runs_after_the_entity_components(nlp):
    names = nlp.pipe_names
    assert names.index("innokg_citations") > max(names.index(n) for n in ("innokg_entities", "innokg_relations"))


def test_a_title_and_its_bracketed_number_are_one_reference(words):
    [c] = find_citations("按照《国务院办公厅关于完善科技成果评价机制的指导意见》(国办发〔2021〕26号)要求，探索建立机制。", words)
    assert c.policy.id == "policy:国办发〔2021〕26号"
    assert (c.policy.title, c.policy.issuer, c.policy.level, c.policy.year) == (
        "国务院办公厅关于完善科技成果评价机制的指导意见", "国务院办公厅", AdminLevel.NATIONAL, 2021,
    )
    assert c.kind is BASIS


def test_a_number_alone_is_a_reference_by_number_from_its_codes_left_edge(words):
    found = find_citations("按照国办发〔2020〕3号要求，各部门要认真执行。根据鄂政发〔2022〕12号文件精神，抓好落实。", words)
    assert [(c.policy.id, c.policy.title, c.policy.issuer, c.kind) for c in found] == [
        ("policy:国办发〔2020〕3号", None, "国务院办公厅", BASIS),
        ("policy:鄂政发〔2022〕12号", None, "湖北省人民政府", BASIS),
    ]
    # a code innokg does not know gives no issuer: it is never guessed
    [unknown] = find_citations("继续实施岚综管办〔2015〕119号等文件要求。", words)
    assert (unknown.policy.issuer, unknown.policy.level) == (None, None)


def test_references_sharing_a_clause_share_its_kind(words):
    text = "根据《甲市科技创新条例》《乙市人才发展规划》和《丙市科技成果转化办法》，结合实际，推动出台《丁区配套办法》。"
    assert [(t, k) for _, t, k in cited(text, words)] == [
        ("甲市科技创新条例", BASIS), ("乙市人才发展规划", BASIS), ("丙市科技成果转化办法", BASIS), ("丁区配套办法", MENTIONS),
    ]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("为贯彻落实《关于加快发展的若干意见》，制定本方案。", IMPLEMENTS),
        ("严格执行《中华人民共和国气象法》等法律法规。", IMPLEMENTS),
        ("现将《省政府关于支持创业的若干措施》转发给你们，请认真贯彻落实。", FORWARDS),
        ("转发《省政府关于支持创业的若干措施》的通知", FORWARDS),
        ("本办法自发布之日起施行，《某市科技奖励办法》同时废止。", REPLACES),
        ("原《某市科技奖励办法》（某政〔2010〕3号）停止执行。", REPLACES),
        ("提出对《国有资产评估管理办法》的修订建议。", MENTIONS),
        ("区内企业不再执行《外商投资建筑业企业管理规定》中关于工程承包范围的限制。", MENTIONS),
    ],
)
def test_the_kind_comes_from_the_words_of_the_clause(words, text, kind):
    [(_, _, found)] = cited(text, words)
    assert found is kind


def test_a_cue_inside_a_title_gives_no_kind(words):
    """实施 in …实施方案 names the document; it says nothing of how it is referred to."""
    [(number, _, kind)] = cited("2、福建省生态文明体制改革实施方案(闽委发〔2015〕24号）", words)
    assert (number, kind) == ("闽委发〔2015〕24号", MENTIONS)


def test_a_title_that_names_no_document_is_no_citation(words):
    text = "在《人民日报》《新闻联播》宣传；填写《诉讼要素表》；凭《不动产登记证明》办理；本《实施方案》印发后；《规划》提出。"
    assert cited(text, words) == []


def test_the_document_itself_is_no_citation(words):
    own = PolicyRef(id="policy:岚综管综〔2017〕192号", title="2017年改革创新六项措施", doc_number="岚综管综〔2017〕192号")
    text = (
        "岚综管综〔2017〕192号 平潭综合实验区管委会关于印发《2017年改革创新六项措施》的通知 "
        "现将《2017年改革创新六项措施》印发给你们。按照《关于区领导牵头推进改革的通知》（岚综委〔2017〕58号）的要求，"
        "特制定《2017年改革创新六项措施》。"
    )
    assert cited(text, words, own) == [("岚综委〔2017〕58号", "关于区领导牵头推进改革的通知", BASIS)]


def test_another_documents_number_makes_a_title_like_ones_own_a_citation(words):
    own = PolicyRef(id="policy:岚综管综〔2015〕278号", title="水污染防治行动计划工作方案", doc_number="岚综管综〔2015〕278号")
    found = cited("根据省政府《水污染防治行动计划工作方案》(闽政〔2015〕26号)，制定本方案。", words, own)
    assert found == [("闽政〔2015〕26号", "水污染防治行动计划工作方案", BASIS)]


def test_what_the_own_title_cites_is_the_documents_but_not_what_a_cited_title_cites(words):
    own_title = "关于印发《贯彻落实襄发[2011]23号文件责任分工方案》的通知"
    assert cited(own_title, words) == [("襄发〔2011〕23号", None, IMPLEMENTS)]
    nested = "为贯彻落实《省海洋与渔业厅关于贯彻落实〈福建省水污染防治行动计划工作方案〉的实施意见》（闽海渔〔2015〕239号）精神"
    assert cited(nested, words) == [
        ("闽海渔〔2015〕239号", "省海洋与渔业厅关于贯彻落实〈福建省水污染防治行动计划工作方案〉的实施意见", IMPLEMENTS)
    ]


def test_a_stored_pages_notes_and_paths_are_not_read(words):
    text = (
        "# title: 某县工作方案 (落实赣府发〔2017〕12号), 2017\n"
        "来源：archive/zwgk/201603/3897_关于贯彻落实《福建省水污染防治行动计划工作方案》的实施意见/page.txt\n"
        "为贯彻落实《江西省人民政府关于支持四县小康攻坚的指导意见》(赣府发〔2017〕12号)，现提出如下分工方案。\n"
    )
    assert cited(text, words) == [("赣府发〔2017〕12号", "江西省人民政府关于支持四县小康攻坚的指导意见", IMPLEMENTS)]


def test_a_traditional_title_keeps_its_characters_and_gives_its_issuer(words):
    from innokg.nlp.script import reading_text

    text = "今天，寧夏回族自治區人民政府網站發布了《自治區人民政府辦公廳關于印發銀川都市圈建設2019年工作計劃的通知》。"
    reading, _ = reading_text(text)  # the pipeline reads simplified characters
    [c] = find_citations(reading, words, written=text)
    assert (c.policy.title, c.policy.issuer, c.policy.year) == (
        "自治區人民政府辦公廳關于印發銀川都市圈建設2019年工作計劃的通知", "自治區人民政府辦公廳", 2019,
    )


def test_seed_record_cites_the_state_council_opinion_in_its_task(seed_record):
    [c] = seed_record.citations
    assert (c.policy.doc_number, c.kind, c.task_id) == ("国办发〔2021〕26号", BASIS, "doc:wuhan-innovation-action-plan-2022-2024#二/(四)/1")
    assert c.evidence.quote == seed_record.text[c.evidence.start : c.evidence.end]
    assert c.evidence.quote == "《国务院办公厅关于完善科技成果评价机制的指导意见》(国办发〔2021〕26号)"
    own = seed_record.policy
    assert (own.id, own.doc_number, own.level) == ("policy:武汉市创新发展三年行动方案(2022——2024年)", None, AdminLevel.CITY)


# --------------------------------------------------------------------------- hand gold


def _scores(golds: list[Path]) -> CitationScore:
    total = CitationScore()
    for gold in golds:
        total.add(score_citations(gold, [SHARED / "corpus"])[1])
    return total


def test_every_reference_of_the_seed_is_found():
    score = _scores([GOLD / "wuhan-innovation-action-plan-2022-2024.citations.json"])
    assert (score.recall, score.precision, score.kinds_right, score.own_right) == (1.0, 1.0, score.gold, score.own_fields)


def test_recall_and_precision_on_the_development_documents():
    """Three development documents we annotated by hand (data/gold/citations): every 文号 and
    《…》 reference found, nothing cited that the gold does not list, kinds and own header right."""
    shared("corpus/dev")
    golds = [g for g in sorted(GOLD.glob("*.citations.json")) if not g.name.startswith(SEED.stem)]
    assert len(golds) == 3
    score = _scores(golds)
    assert score.gold >= 15
    assert score.recall >= 0.95, score.misses
    assert score.precision >= 0.95, score.wrong
    assert score.kinds_right >= 0.9 * score.found, score.wrong_kinds
    assert score.own_right == score.own_fields, score.wrong_own


def test_no_document_of_the_shared_corpus_cites_itself(nlp):
    """Over every shared document: the own 文号 is never cited, nor a title with the own title's words
    and no other number; every evidence quotes the text."""
    from innokg.nlp.citations import _bare_key
    from innokg.nlp.record import extract_file

    shared("corpus/wild")
    paths = [p for folder in ("dev", "dev2", "html", "wild") for p in sorted((SHARED / "corpus" / folder).iterdir())]
    records = [extract_file(p, nlp) for p in paths if p.suffix in (".txt", ".html")]
    assert sum(len(r.citations) for r in records) > 100
    for record in records:
        own = record.policy
        for c in record.citations:
            assert c.evidence.quote == record.text[c.evidence.start : c.evidence.end]
            if own is None:
                continue
            assert not (own.doc_number and c.policy.doc_number == own.doc_number), (record.document.id, c)
            if own.title and c.policy.title and not c.policy.doc_number:
                assert _bare_key(c.policy.title) != _bare_key(own.title), (record.document.id, c)


# --------------------------------------------------------------------------- each clause read once

PIECES = ["根据", "按照", "落实", "不再", "执行", "转发", "废止", "同时废止", "印发给", "现将", "和", "、", "，", "。", "；",
          "《科技创新条例》", "《实施方案》", "《关于加快发展的意见》", "（国办发〔2021〕26号）", "鄂政发〔2020〕3号", "要求", "你们"]


def _kind_searched(masked: str, marks: list[int], start: int, end: int, words: CitationWords) -> CitationKind:
    """A reference's kind as a search of its clause around it finds it: what the reader's words
    of each clause, found once, must agree with."""
    import bisect

    before_start = bisect.bisect_left(marks, start)
    clause_start = marks[before_start - 1] + 1 if before_start else 0
    after_end = bisect.bisect_left(marks, end)
    clause_end = marks[after_end] if after_end < len(marks) else len(masked)
    for kind, after in words.after.items():
        if any(w in masked[end:clause_end] for w in after):
            return kind
    best: tuple[int, CitationKind] | None = None
    for kind, cue in words.cue.items():
        for m in cue.finditer(masked[clause_start:start]):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    return best[1] if best else CitationKind.MENTIONS


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
@example(["根据", "《科技创新条例》", "和", "《实施方案》", "，", "落实", "《关于加快发展的意见》", "同时废止"])
@example(["现将", "《实施方案》", "、", "《科技创新条例》", "印发给", "你们", "。", "《关于加快发展的意见》", "印发给"])
def test_what_a_clause_read_once_gives_each_reference_is_what_a_search_around_it_gives(words, pieces):
    from innokg.nlp.citations import _SENTENCE_MARKS, _Reader

    text = "".join(pieces)
    reader = _Reader(text, words, None, text)
    references = reader.references()
    for r in references:  # the words after a title in its sentence that say the text issues it
        ends = re.compile(f"[{_SENTENCE_MARKS}]").search(text, r.title_end or r.end)
        rest = text[r.title_end or r.end : ends.start() if ends else len(text)]
        if r.title_end:
            assert reader._issues(r.start, r.title_end) == (
                bool(re.search(r"印发\s*$", text[max(0, r.start - 4) : r.start]) and re.match(r"\s*的?\s*通知", text[r.title_end : r.title_end + 12]))
                or any(w in rest for w in words.issued_after)
            )
    reader.mask([(r.start, r.end) for r in references])
    for r in references:
        assert reader.kind(r.start, r.end) == _kind_searched(reader.masked, reader.marks, r.start, r.end, words), text
