"""Every attribution style, each on a sentence written in that style, and the seed's damaged forms."""

from __future__ import annotations

import pytest
from innokg.ingest import parse_text
from innokg.nlp.record import extract


def roles(nlp, *task_lines: str, preamble: str = ""):
    """Extract a small plan with one task per line; return (lead, co, guides) names per task."""
    body = "\n".join(f"{i}.任务{i}。推进建设。{line}" for i, line in enumerate(task_lines, 1))
    record = extract(
        parse_text(f"某市科技创新行动方案\n{preamble}\n一、重点任务\n{body}\n", source="styles.txt"), nlp
    )
    return [
        ([u.name for u in t.lead], [u.name for u in t.co], [u.name for u in t.guides]) for t in record.tasks
    ], record


STYLES = [
    (
        "half-width labels",
        "(牵头单位:市科技局;责任单位:市财政局、市教育局,东湖高新区管委会)",
        (["市科技局"], ["市财政局", "市教育局", "东湖高新区管委会"], []),
    ),
    (
        "full-width labels",
        "（牵头单位：市科技局；责任单位：市财政局、市教育局，各区人民政府）",
        (["市科技局"], ["市财政局", "市教育局", "各区人民政府"], []),
    ),
    (
        "lead and 配合单位",
        "（牵头单位：市发改委，配合单位：市科技局、市经信局）",
        (["市发改委"], ["市科技局", "市经信局"], []),
    ),
    # the document designates no lead: nobody is made one (../shared/extraction-format.md, "Roles, exactly")
    ("责任单位 alone", "（责任单位：市科技局、市财政局）", ([], ["市科技局", "市财政局"], [])),
    ("责任单位 then 配合单位", "（责任单位：市科技局；配合单位：市财政局）", (["市科技局"], ["市财政局"], [])),
    (
        "责任单位：X牵头，A参与，B配合",
        "（责任单位：市科技局牵头，市财政局、市教育局参与，各区人民政府配合。）",
        (["市科技局"], ["市财政局", "市教育局", "各区人民政府"], []),
    ),
    ("主办 and 承办", "（主办单位：市委组织部；承办单位：市人社局）", (["市委组织部"], ["市人社局"], [])),
    ("按职责分工负责", "（市气象局、市农业农村局，各区人民政府按职责分工负责）", (["市气象局", "市农业农村局", "各区人民政府"], [], [])),
    ("traditional", "（牽頭單位：市科技局；責任單位：市財政局）", (["市科技局"], ["市財政局"], [])),
    ("a label with a bracket", "（牵头部门（单位）：市科技局；配合部门（单位）：市财政局）", (["市科技局"], ["市财政局"], [])),
    ("a deadline before the verb", "（2023年底前完成，市人社局负责）", (["市人社局"], [], [])),
    ("a level written once", "（牵头单位：省教育厅；配合单位：省科技厅、发改委、团省委）", (["省教育厅"], ["省科技厅", "省发改委", "团省委"], [])),
    (
        "X牵头，A、B配合",
        "（市科技局牵头，市财政局、市人社局配合）",
        (["市科技局"], ["市财政局", "市人社局"], []),
    ),
    (
        "[X牵头,会同A、B负责]",
        "[市经信局牵头,会同市科技局、市商务局负责]",
        (["市经信局"], ["市科技局", "市商务局"], []),
    ),
    ("A、B牵头负责", "（市科技局、市发改委牵头负责）", (["市科技局", "市发改委"], [], [])),
    ("collective alone", "（各省级人民政府负责）", (["各省级人民政府"], [], [])),
    (
        "负责部门",
        "（负责部门：商务部、海关总署；适用范围：所有自贸试验区，以下除标注的外均同）",
        ([], ["商务部", "海关总署"], []),
    ),
    (
        "指导 is its own role",
        "（生态环境部、国家发展改革委指导）",
        ([], [], ["生态环境部", "国家发展改革委"]),
    ),
    ("指导 and 参与", "（商务部指导，供销合作总社参与）", ([], ["供销合作总社"], ["商务部"])),
    (
        "X牵头，A参与",
        "（生态环境部牵头，国家统计局、农业农村部参与）",
        (["生态环境部"], ["国家统计局", "农业农村部"], []),
    ),
    ("X会同Y负责", "（国家发展改革委会同有关部门负责）", (["国家发展改革委"], ["有关部门"], [])),
    ("由X牵头", "（由市科技局牵头）", (["市科技局"], [], [])),
    ("A、B负责 without a rule: all lead", "（体育总局、民政部负责）", (["体育总局", "民政部"], [], [])),
]


@pytest.mark.parametrize(("clause", "expected"), [s[1:] for s in STYLES], ids=[s[0] for s in STYLES])
def test_attribution_style(nlp, clause, expected):
    found, _ = roles(nlp, clause)
    assert found[0] == expected


def test_inline_label_without_brackets(nlp):
    found, record = roles(nlp, "责任单位：市科技局、市经信局")
    assert found[0] == ([], ["市科技局", "市经信局"], [])  # 责任单位 alone: no lead designated
    assert record.tasks[0].style.startswith("field")


def test_first_listed_leads_rule_governs_later_attributions(nlp):
    found, record = roles(
        nlp,
        "（工业和信息化部、发展改革委、科技部等负责。列第一位者为牵头单位，下同）",
        "（农业农村部、财政部等负责）",
        "（教育部、农业农村部牵头负责）",
        "（各省级人民政府负责）",
    )
    assert found == [
        (["工业和信息化部"], ["发展改革委", "科技部"], []),
        (["农业农村部"], ["财政部"], []),
        (["教育部", "农业农村部"], [], []),
        (["各省级人民政府"], [], []),
    ]
    assert record.tasks[1].rule == "列第一位者为牵头单位"
    assert record.tasks[2].rule is None  # 牵头负责 names its leads itself


def test_first_department_rule_in_the_same_sentence(nlp):
    found, record = roles(
        nlp,
        "（税务总局、财政部、海关总署负责，排在第一位的部门为牵头部门，下同）",
        "（海关总署、商务部负责）",
    )
    assert found == [(["税务总局"], ["财政部", "海关总署"], []), (["海关总署"], ["商务部"], [])]
    assert record.tasks[1].rule == "排在第一位的部门为牵头部门"


def test_a_rule_stated_later_does_not_reach_back(nlp):
    found, _ = roles(nlp, "（商务部、海关总署负责）", "（财政部、税务总局负责。列第一位者为牵头单位，下同）")
    assert found == [(["商务部", "海关总署"], [], []), (["财政部"], ["税务总局"], [])]


def test_a_note_under_a_table_governs_the_rows_above_it(nlp):
    record = extract(
        parse_text(
            "某市重点任务分工方案\n序号\t重点任务\t主要责任单位\t完成时限\n1\t建设实验室\t市科技局、市财政局\t2024年\n"
            "2\t引进人才\t市人社局、市教育局、市科技局\t2025年\n注：主要责任单位第一个为牵头单位。\n",
            source="table.txt",
        ),
        nlp,
    )
    found = [([u.name for u in t.lead], [u.name for u in t.co]) for t in record.tasks]
    assert found == [(["市科技局"], ["市财政局"]), (["市人社局"], ["市教育局", "市科技局"])]
    assert [t.path for t in record.tasks] == ["表1/1", "表1/2"]


def test_shared_suffix_is_expanded(nlp):
    found, record = roles(
        nlp,
        "(牵头单位:市科技局;责任单位:东湖高新区、武汉经开区管委会,江岸区、硚口区、武昌区、洪山区、江夏区人民政府)",
    )
    assert found[0][1] == [
        "东湖高新区管委会",
        "武汉经开区管委会",
        "江岸区人民政府",
        "硚口区人民政府",
        "武昌区人民政府",
        "洪山区人民政府",
        "江夏区人民政府",
    ]
    surfaces = [u.surface for u in record.tasks[0].co]
    assert surfaces[:2] == ["东湖高新区", "武汉经开区管委会"]


def test_collectives_stay_one_unit(nlp):
    found, record = roles(nlp, "(牵头单位:市经信局;责任单位:市数字经济发展委员会各成员单位,各区人民政府)")
    assert found[0][1] == ["市数字经济发展委员会各成员单位", "各区人民政府"]
    assert all(u.collective for u in record.tasks[0].co)


def test_damaged_scope_note_is_kept_and_applied_to_later_mentions(nlp):
    found, record = roles(
        nlp,
        "(牵头单位:市科技局;责任单位:市发改委,各区人民政府〈含开发区管委会，下同》)",
        "(牵头单位:市科技局;责任单位:各区人民政府)",
    )
    assert found[0][1] == ["市发改委", "各区人民政府"]
    first, second = record.tasks[0].co[1], record.tasks[1].co[0]
    assert first.scope_note == second.scope_note == "含开发区管委会"
    assert first.surface == "各区人民政府"


def test_unclosed_bracket_is_read_to_the_line_end_with_a_warning(nlp):
    found, record = roles(nlp, "(牵头单位:市科技局;责任单位:市财政局、市教育局", "（牵头单位：市发改委）")
    assert found == [(["市科技局"], ["市财政局", "市教育局"], []), (["市发改委"], [], [])]
    warnings = [w for w in record.warnings if w.code == "unclosed-bracket"]
    assert len(warnings) == 1 and warnings[0].source == "styles.txt"


def test_standing_implementer_applies_to_later_tasks(nlp):
    found, _ = roles(
        nlp,
        "（生态环境部指导，试点城市政府负责落实。以下均需试点城市政府落实，不再列出）",
        "（工业和信息化部指导）",
    )
    # "以下均需X落实，不再列出": X shares every later task (it implements, it does not lead)
    assert found == [(["试点城市政府"], [], ["生态环境部"]), ([], ["试点城市政府"], ["工业和信息化部"])]


@pytest.mark.parametrize(
    "clause",
    [
        "（人工智能计算中心）",
        "（含开发区管委会，下同）",
        "（2022——2024年）",
        "（国办发〔2021〕26号）",
        "（以下简称自贸试验区）",
        "（楼宇、街区）",
    ],
)
def test_brackets_that_name_no_responsibility_are_ignored(nlp, clause):
    found, _ = roles(nlp, clause)
    assert found[0] == ([], [], [])


def test_document_without_attributions_is_warned(nlp):
    _, record = roles(nlp, "加强宣传。", "营造氛围。")
    assert [w.code for w in record.warnings] == ["no-attributions"]


def test_evidence_quotes_the_original_text(nlp, seed_record):
    from conftest import SEED

    text = SEED.read_text(encoding="utf-8")
    for task in seed_record.tasks:
        for evidence in task.attributions:
            assert text[evidence.start : evidence.end] == evidence.quote
        for unit in (*task.lead, *task.co):
            assert text[unit.start : unit.end] == unit.surface


def test_an_attribution_closing_a_run_on_list_belongs_to_the_heading_above_it(nlp):
    padding = "推进工作。" * 200  # a page scraped into one line
    text = f"某区措施\n一、建设创新平台。{padding}1.建设实验室。2.建设中试基地。（责任单位：区科技局、区财政局） 二、引进人才。（区人社局负责）\n"
    record = extract(parse_text(text, source="lift.txt"), nlp)
    attributed = {t.path: ([u.name for u in t.lead], [u.name for u in t.co]) for t in record.tasks if t.lead or t.co}
    assert attributed == {"一": ([], ["区科技局", "区财政局"]), "二": (["区人社局"], [])}


def test_items_on_lines_of_their_own_keep_their_attributions(nlp):
    text = "某区措施\n一、建设创新平台\n1.建设实验室。\n2.建设中试基地。（责任单位：区科技局）\n"
    record = extract(parse_text(text, source="lines.txt"), nlp)
    assert {t.path: [u.name for u in t.co] for t in record.tasks if t.co} == {"一/2": ["区科技局"]}
