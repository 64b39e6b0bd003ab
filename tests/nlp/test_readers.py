"""The attribution readers of nlp/clauses.py, each on the layout it reads (every layout here is
seen in at least two real documents: ../shared/gold/dev2 and data/gold/wild say which)."""

from __future__ import annotations

import pytest
from innokg.ingest import parse_text
from innokg.nlp.record import extract


def roles(nlp, text: str) -> list[tuple[str, list[str], list[str]]]:
    record = extract(parse_text(text, source="readers.txt"), nlp)
    return [(t.title, [u.name for u in t.lead], [u.name for u in t.co]) for t in record.tasks if t.lead or t.co]


@pytest.mark.parametrize(
    "sentence, lead, co",
    [
        ("请科技部会同财政部研究制定细则。", ["科技部"], ["财政部"]),  # 请X会同Y: X leads, Y shares
        ("请科技部、工业和信息化部等部门在2019年底前完成清理。", ["科技部", "工业和信息化部"], []),  # 请X…
        ("科技部、财政部要加强政策解读。", ["科技部", "财政部"], []),  # X要…
        ("国务院办公厅将会同有关部门开展督查。", ["国务院办公厅"], ["有关部门"]),  # X将会同Y
    ],
)
def test_a_document_that_gives_its_tasks_in_prose(nlp, sentence, lead, co):
    text = f"国务院办公厅关于抓好落实工作的通知\n一、加强指导\n{sentence}\n"
    assert roles(nlp, text) == [("加强指导", lead, co)]


def test_a_document_with_bracketed_attributions_only_exhorts_in_prose(nlp):
    text = (
        "某区方案\n一、建设实验室\n加快建设。（区科技局牵头，区财政局配合）\n"
        "二、加强组织领导\n区市场监管局要会同有关单位建立工作机制。请各单位认真组织实施。\n"
    )
    assert roles(nlp, text) == [("建设实验室", ["区科技局"], ["区财政局"])]


def test_units_taking_charge_in_text_no_item_frames(nlp):
    text = "关于信息工作的通知\n市政府办公室、市统计局负责全市信息资料的汇总报送。\n各部门要密切配合。\n"
    # the second sentence exhorts every department: a collective alone is given no task
    assert roles(nlp, text) == [("市政府办公室、市统计局负责全市信息资料的汇总报送", ["市政府办公室", "市统计局"], [])]


def test_a_person_in_a_clause_is_left_and_the_units_kept(nlp):
    text = "某市项目推进方案\n1、轨道交通项目\n由吴某副市长负责,市建设局牵头,市发改委配合,进一步完善方案。\n"
    assert roles(nlp, text) == [("轨道交通项目", ["市建设局"], ["市发改委"])]


def test_levels_before_a_name_are_one_body_and_white_space_does_not_end_a_list(nlp):
    text = "某市分工方案\n（一）加强财税支持。\n责任单位：市税务局等,各县、市、区政府 ,咸宁高新区管委会\n"
    assert roles(nlp, text) == [("加强财税支持", [], ["市税务局", "各县、市、区政府", "咸宁高新区管委会"])]


def test_tag_debris_and_duties_by_their_functions(nlp):
    text = "某市工作要点\n(一)推进土壤污染防治。开展修复。〔市生态环境局、市农业农村局依职责分工负责,各相关园区配合〔/div>\n"
    assert roles(nlp, text) == [("推进土壤污染防治", ["市生态环境局", "市农业农村局"], ["各相关园区"])]


def test_a_bracket_on_its_own_line_closes_the_whole_list_above_it(nlp):
    text = (
        "某区百日行动方案\n一、强化多元媒体宣传\n（一）工作任务：提高知晓度。\n（二）具体措施：\n"
        "1.加大广告投放力度。\n2.启动网络营销。\n（牵头负责单位：省旅游发展委员会；配合单位：区管委会）\n"
    )
    assert roles(nlp, text) == [("强化多元媒体宣传", ["省旅游发展委员会"], ["区管委会"])]


def test_field_lines_closing_paragraphs_under_one_heading_are_tasks_of_their_own(nlp):
    text = (
        "某区实施方案\n（七）“互联网+”益民服务\n2．主要任务\n"
        "“互联网+”便民服务：推进社会救助服务在线办理。\n牵头单位：区行政审批局，配合单位：区通管办\n"
        "“互联网+”教育：整合优质教育资源。\n牵头单位：区教育局\n"
    )
    assert roles(nlp, text) == [
        ("“互联网+”便民服务", ["区行政审批局"], ["区通管办"]),
        ("“互联网+”教育", ["区教育局"], []),
    ]


def test_each_takes_charge_hosts_lead_and_co_hosts_share(nlp):
    text = (
        "某方案\n一、建设园区（市科技局、市发改委分别负责）\n二、办好展会（市商务局主办，市科技局、市文旅局协办）\n"
        "三、答复建议（市财政局主办，市科技局会办）\n"
    )
    assert roles(nlp, text) == [
        ("建设园区", ["市科技局", "市发改委"], []),
        ("办好展会", ["市商务局"], ["市科技局", "市文旅局"]),
        ("答复建议", ["市财政局"], ["市科技局"]),
    ]
    # a gazette's masthead ("X主办2020年第2号") gives nobody a task
    assert roles(nlp, "咸宁市人民政府主办2020年第2号(总第55号)\n目录\n") == []


def test_a_note_or_a_phrase_that_names_the_lead(nlp):
    text = (
        "某方案\n一、建设园区。\n责任单位：市发改委（牵头）、市财政局、市科技局\n"
        "二、引进人才。（责任单位：市人社局〔牵头〕，市教育局）\n三、优化环境。（市商务局为牵头单位，市财政局配合）\n"
        "四、发展医美。（牵头单位：区社会事业局（牵头医疗医美板块））\n"
    )
    assert roles(nlp, text) == [
        ("建设园区", ["市发改委"], ["市财政局", "市科技局"]),
        ("引进人才", ["市人社局"], ["市教育局"]),
        ("优化环境", ["市商务局"], ["市财政局"]),
        ("发展医美", ["区社会事业局"], []),  # a scope note, not a mark
    ]


def test_roles_run_together_without_commas(nlp):
    text = (
        "某市方案\n一、建设科学城。（市发改委牵头、市财政局配合）\n二、引进人才。（市人社局牵头 市教育局配合）\n"
        "三、优化环境。(牵头单位:市商务局 配合单位:市财政局)\n"
    )
    assert roles(nlp, text) == [
        ("建设科学城", ["市发改委"], ["市财政局"]),
        ("引进人才", ["市人社局"], ["市教育局"]),
        ("优化环境", ["市商务局"], ["市财政局"]),
    ]


def test_labels_documents_also_use(nlp):
    text = (
        "某市方案\n一、引进人才。责任主体：各区政府、市人社局\n二、优化环境。主责部门：市商务局；协同部门：市财政局\n"
        "三、建设科学城（牵头部门（单位）：市发改委；参与部门：市科技局）\n"
    )
    assert roles(nlp, text) == [
        ("引进人才", [], ["各区政府", "市人社局"]),
        ("优化环境", ["市商务局"], ["市财政局"]),
        ("建设科学城", ["市发改委"], ["市科技局"]),  # the title without its nested bracket
    ]


def test_older_wordings(nlp):
    text = "某省方案\n一、推进改革。（以上任务由省发改委牵头，省财政厅、省科技厅等部门参加）\n"
    assert roles(nlp, text) == [("推进改革", ["省发改委"], ["省财政厅", "省科技厅"])]
