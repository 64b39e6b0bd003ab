"""Headings, tasks and metadata, on the seed plan (with its damage) and on State Council pages."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SEED, shared
from innokg.ingest import parse_document, parse_text
from innokg.ingest.structure import cn_to_int


@pytest.fixture(scope="module")
def seed():
    return parse_document(SEED)


def test_seed_metadata(seed):
    info = seed.info
    assert info.title == "武汉市创新发展三年行动方案(2022——2024年)"
    assert info.published == date(2023, 11, 17)
    assert info.origin == "成果转化促进中心"
    assert (info.period, info.period_start, info.period_end) == ("2022——2024年", 2022, 2024)
    assert info.id == "doc:wuhan-innovation-action-plan-2022-2024"


def test_seed_heading_hierarchy(seed):
    assert [s.path for s in seed.sections] == [
        "二",
        "二/(一)",
        "二/(二)",
        "二/(三)",
        "二/(四)",
        "二/(五)",
        "二/(六)",
        "三",
    ]
    task_paths = [t.path for t in seed.tasks]
    assert task_paths[1:4] == ["二/(一)/1", "二/(一)/2", "二/(一)/3"]
    assert sum(1 for p in task_paths if p.startswith("二/")) == 18
    assert seed.tasks[1].title == "建设重大科技基础设施群"
    # every task's span indexes into the original text
    for task in seed.tasks:
        assert seed.text[task.start : task.end].startswith(task.heading)


def test_lost_numeral_is_repaired_from_context_with_a_warning(seed):
    fifth = next(s for s in seed.sections if s.path == "二/(五)")
    assert fifth.marker == "()"
    assert fifth.title == "引育一批高层次创新人才,荟萃创新第一资源"
    repairs = [n for n in seed.notices if n.code == "numbering-repaired"]
    assert len(repairs) == 1 and "(五)" in repairs[0].message and repairs[0].start == fifth.start


def test_numbering_gap_is_reported_not_hidden():
    parsed = parse_text("某市行动方案\n一、任务\n1.甲。内容\n2.乙。内容\n4.丁。内容\n", source="gap.txt")
    assert [t.number for t in parsed.tasks] == [1, 2, 4]
    gaps = [n for n in parsed.notices if n.code == "numbering-gap"]
    assert len(gaps) == 1 and "4." in gaps[0].message and gaps[0].source == "gap.txt"


def test_mixed_width_brackets_and_points_parse_alike():
    text = "某市方案\n一、任务\n(一)半角\n1．全角点。内容\n2.半角点。内容\n（二）全角\n1、顿号。内容\n"
    parsed = parse_text(text)
    assert [t.path for t in parsed.tasks] == ["一/(一)/1", "一/(一)/2", "一/(二)/1"]
    assert not parsed.notices or all(n.code != "numbering-gap" for n in parsed.notices)


def test_state_council_items_run_through_chapters():
    parsed = parse_document(shared("corpus/html/state-council-04_agri_mechanization_upgrade.html"))
    info = parsed.info
    assert info.title == "国务院关于加快推进农业机械化和农机装备产业转型升级的指导意见"
    assert (info.doc_number, info.issuer, info.published) == (
        "国发〔2018〕42号",
        "国务院",
        date(2018, 12, 21),
    )
    assert [t.path for t in parsed.tasks][:4] == ["一/(一)", "一/(二)", "二/(三)", "二/(四)"]
    assert parsed.tasks[-1].path == "八/(二十)"
    assert not [n for n in parsed.notices if n.code.startswith("numbering")]
    # the last task stops before the signature
    assert "2018年12月21日" not in parsed.text[parsed.tasks[-1].start : parsed.tasks[-1].end]


@pytest.mark.parametrize(
    ("numeral", "value"), [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("五十三", 53), ("", None)]
)
def test_chinese_numerals(numeral, value):
    assert cn_to_int(numeral) == value


def test_items_numbered_with_a_half_bracket_or_a_circled_number():
    parsed = parse_text("某区工作要点\n一、重点工作\n1）建设实验室。\n2）引进人才。\n二、其他\n①推进合作。\n②加强宣传。\n")
    assert [(t.path, t.title) for t in parsed.tasks] == [
        ("一/1)", "建设实验室"),
        ("一/2)", "引进人才"),
        ("二/①", "推进合作"),
        ("二/②", "加强宣传"),
    ]


def test_headings_inside_a_line_scraped_from_a_page():
    padding = "做好工作。" * 200  # a page scraped into one long line
    text = f"某市措施 现提出如下措施。 一、提升能力。{padding} 责任单位：省教育厅 二、建设平台。（一）建设实验室。加快。（二）引进人才。推进。"
    parsed = parse_text(text)
    assert [t.path for t in parsed.tasks] == ["一", "二/(一)", "二/(二)"]
    assert parsed.tasks[0].title == "提升能力"


def test_an_enumeration_inside_a_sentence_is_no_heading():
    line = "四、开启自助服务。一是出入境业务：1.办理签注；2.缴费。二是户籍业务。" + "推进工作。" * 200
    parsed = parse_text("某区措施\n" + line + "\n五、其他。\n")
    assert [t.path for t in parsed.tasks] == ["四", "五"]


def test_a_chapter_numbered_twice_gives_distinct_paths():
    parsed = parse_text("某方案\n三、发展产业\n1.建设园区\n三、保障措施\n1.加强领导\n")
    assert [t.path for t in parsed.tasks] == ["三/1", "三~2/1"]
    assert len({t.id for t in parsed.tasks}) == 2


def test_table_rows_under_merged_cells_line_up_by_what_their_cells_hold():
    """Cells merged over rows (序号, 主要工作任务) are printed in the first row only: the rows after
    it carry fewer cells, which fill the columns whose kinds (date, units, text) they match."""
    text = (
        "序号\t主要工作任务\t具体工作措施\t完成时限\t主要责任单位\n"
        "1\t推进生态文明建设\t1、建立领导机制，成立领导小组\t3月\t区经发局 区环土局\n"
        "2、制定实施方案并报省办公室\t6月\t区环土局\n"
        "3、组织编制建设规划\t12月\t区环土局 区规划局\n"
    )
    rows = parse_text("某区工作要点\n" + text).tasks
    assert [(r.number, r.title) for r in rows] == [(1, "建立领导机制，成立领导小组"), (2, "制定实施方案并报省办公室"), (3, "组织编制建设规划")]
    assert [c.label for c in rows[1].cells] == ["具体工作措施", "完成时限", "主要责任单位"]
    assert len({r.id for r in rows}) == 3


def test_a_table_rendered_with_pipes():
    text = (
        "某市重点任务分工表\n| 序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限 |\n| --- | --- | --- | --- | --- |\n"
        "| 1 | 推进科技园区建设 | 市科技局 | 市财政局、市发改委 | 2024年底 |\n| 2 | 加强人才引进 | 市人社局 | 市教育局 | 2024年6月 |\n"
    )
    rows = parse_text(text).tasks
    assert [(r.number, r.title) for r in rows] == [(1, "推进科技园区建设"), (2, "加强人才引进")]
    assert [c.label for c in rows[0].cells] == ["序号", "重点任务", "牵头单位", "责任单位", "完成时限"]


def test_a_table_without_a_number_column_has_a_row_for_each_line_of_its_width():
    text = "某市分工表\n工作任务\t牵头部门\t配合部门\t完成时间\n推进园区建设\t市科技局\t市财政局\t2024年底\n加强人才引进\t市人社局\t市教育局\t2024年6月\n"
    rows = parse_text(text).tasks
    assert [(r.number, r.title, r.path) for r in rows] == [(1, "推进园区建设", "表1/1"), (2, "加强人才引进", "表1/2")]


def test_several_items_run_into_one_line():
    parsed = parse_text("某市方案\n（一）加快建设科学城。责任单位：市发改委。（二）推进人才引进。责任单位：市人社局。\n")
    assert [(t.path, t.title) for t in parsed.tasks] == [("(一)", "加快建设科学城"), ("(二)", "推进人才引进")]
    # an enumeration after a colon stays inside its sentence
    assert len(parse_text("某市方案\n一、工作要求：（一）加强领导；（二）落实责任。\n").tasks) == 1


def test_a_page_that_starts_mid_list_does_not_nest_a_chapter_under_an_item():
    parsed = parse_text("19、加快建设科学城。\n20、推进人才引进。\n三、保障措施\n（一）加强领导。\n")
    assert [t.path for t in parsed.tasks] == ["19", "20", "三/(一)"]
