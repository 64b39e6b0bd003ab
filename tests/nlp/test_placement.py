"""Attribution first (nlp/placement.py): every attribution reaches a task, whatever the layout.

Each text here is written in a layout seen in at least two real documents (see the notes of
../shared/gold/dev2 and data/gold/wild); the tests read it through the whole pipeline."""

from __future__ import annotations

from innokg.ingest import parse_text
from innokg.nlp.record import extract


def tasks(nlp, text: str):
    record = extract(parse_text(text, source="plan.txt"), nlp)
    return record, [t for t in record.tasks if t.lead or t.co]


def names(units) -> list[str]:
    return [u.name for u in units]


def test_paragraphs_under_one_heading_each_closed_by_a_bracket_are_tasks(nlp):
    text = (
        "某区水污染防治工作方案\n一、全面控制污染物排放\n1．狠抓工业污染防治\n"
        "取缔小型企业。全面排查装备水平低的小型企业（区环保局牵头，区经发局等参与）\n"
        "整治重点行业。制定专项治理方案（区经发局负责）\n"
    )
    _, found = tasks(nlp, text)
    assert [t.title for t in found] == ["取缔小型企业", "整治重点行业"]
    assert names(found[0].lead) == ["区环保局"] and names(found[0].co) == ["区经发局"]
    assert names(found[1].lead) == ["区经发局"]
    assert len({t.id for t in found}) == 2 and not any(t.uncertain for t in found)


def test_a_generic_heading_is_titled_by_the_heading_above_it(nlp):
    text = (
        "某区行动方案\n一、重点领域行动\n（一）智慧农业\n1．行动目标。到2018年建成平台。\n2．主要任务\n"
        "推进物联网在农业中的应用。\n牵头单位：区农业局，配合单位：区科技局\n"
    )
    _, (task,) = tasks(nlp, text)
    assert task.title == "智慧农业"
    assert names(task.lead) == ["区农业局"] and names(task.co) == ["区科技局"]


def test_a_chapter_numbered_twice_gives_two_tasks_two_ids(nlp):
    text = "某区方案\n三、发展产业（区经发局牵头）\n四、加强保障（区财政局牵头）\n三、强化宣传（区宣传部牵头）\n"
    _, found = tasks(nlp, text)
    assert [t.title for t in found] == ["发展产业", "加强保障", "强化宣传"]
    assert len({t.id for t in found}) == 3


def test_an_attribution_outside_every_numbered_item_is_an_uncertain_task(nlp):
    text = "某县关于做好防汛工作的通知\n各乡镇：\n加强堤防巡查，落实值守制度。（县水利局牵头，县应急局配合）\n"
    _, (task,) = tasks(nlp, text)
    assert task.uncertain and task.title == "加强堤防巡查，落实值守制度"
    assert names(task.lead) == ["县水利局"] and names(task.co) == ["县应急局"]


def test_a_table_flattened_one_cell_per_line(nlp):
    text = (
        "某区工作任务分解表\n\n序号\n\n主要工作举措\n\n牵头单位\n\n配合单位\n\n责任领导\n\n"
        "1\n\n加快推进产业园区建设，完善配套设施。\n\n区工信局\n\n区发改局、区财政局\n\n张某某\n\n"
        "2\n\n推动重点项目签约落地。\n\n区商务局\n\n区工信局\n\n李某某\n"
    )
    _, found = tasks(nlp, text)
    assert [t.title for t in found] == ["加快推进产业园区建设，完善配套设施", "推动重点项目签约落地"]
    assert names(found[0].lead) == ["区工信局"] and names(found[0].co) == ["区发改局", "区财政局"]
    assert names(found[1].lead) == ["区商务局"] and names(found[1].co) == ["区工信局"]


def test_attributions_in_running_text(nlp):
    text = "关于推进重点项目的通知\n推进新区建设事宜\n由市发改委牵头，市财政局、市建委配合，尽快完成规划编制。\n"
    _, (task,) = tasks(nlp, text)
    assert names(task.lead) == ["市发改委"] and names(task.co) == ["市财政局", "市建委"]
    # words around a role verb that name no body are not read as one
    _, none = tasks(nlp, "关于加强协作的通知\n各级各部门要密切配合，确保按期完成。\n")
    assert none == []


def test_a_document_pairing_responsible_with_assisting_units_makes_the_responsible_lead(nlp):
    text = (
        "某区平台建设意见\n二、明确责任分工\n1.创业基地。责任单位：区台湾工作部。\n"
        "2.国际班列。责任单位：区交通局；配合单位：区发展研究中心。\n"
    )
    _, found = tasks(nlp, text)
    assert [names(t.lead) for t in found] == [["区台湾工作部"], ["区交通局"]]


def test_coverage_counts_the_role_words_that_reached_a_task(nlp):
    text = (
        "某区方案\n一、建设实验室（区科技局牵头）\n"
        "二、加强保障\n各部门主要负责同志要亲自抓。各单位要加强协作，配合默契。\n"
    )
    record, _ = tasks(nlp, text)
    # 牵头 reached a task; 负责同志 is not counted; 配合默契 is counted and listed as missed
    assert (record.coverage.role_words, record.coverage.placed) == (2, 1)
    assert "配合默契" in record.coverage.missed[0].quote
    assert any(w.code == "attribution-coverage" for w in record.warnings)


def test_a_heading_naming_a_unit_leads_every_task_under_it(nlp):
    text = (
        "某省工作目标责任分解\n一、张某省长负责的工作\n全面负责省政府工作。\n（一）省审计厅牵头的工作\n"
        "1.全面加强审计工作。\n2.推进审计整改。\n协同单位：省财政厅、省直各部门和各市人民政府。\n"
    )
    _, found = tasks(nlp, text)
    assert [t.title for t in found] == ["全面加强审计工作", "推进审计整改"]
    assert all(names(t.lead) == ["省审计厅"] for t in found)  # a person's heading gives nothing
    assert names(found[1].co) == ["省财政厅", "省直各部门", "各市人民政府"]


def test_a_record_table_one_cell_per_line(nlp):
    text = (
        "整改任务完成情况公示表\n\n反馈问题\n\n自治区住建厅推进大气污染防治工作不力，扬尘管控滞后。\n\n"
        "责任单位\n\n阿里地区行署\n\n责任人\n\n段某某\n"
    )
    _, (task,) = tasks(nlp, text)
    assert task.uncertain and task.title.startswith("自治区住建厅推进大气污染防治工作不力")
    assert names(task.co) == ["阿里地区行署"] and not task.lead


def test_places_before_a_shared_suffix_are_bodies(nlp):
    text = "某区工作计划\n一、道路畅通工程\n规范交通设施。(自治区交通运输厅牵头,银川市、吴忠市人民政府、宁东管委会配合)\n"
    _, (task,) = tasks(nlp, text)
    assert names(task.co) == ["银川市人民政府", "吴忠市人民政府", "宁东管委会"]


def test_an_asterisk_marks_the_lead(nlp):
    text = "某市责任分工方案\n（一）加快建设工业强市。改造提升传统产业（责任单位：市经信委*、市发改委、市科技局）。\n"
    _, (task,) = tasks(nlp, text)
    assert names(task.lead) == ["市经信委"] and names(task.co) == ["市发改委", "市科技局"]


def test_a_page_that_starts_mid_list_keeps_the_orphan_attribution_apart(nlp):
    """The first line closes a task on the page before: it never takes the next item's title."""
    text = (
        "责任单位:省市场监管局、省商务厅\n3.加强食品药品监管。\n责任单位:省药监局\n"
        "4.优化企业发展环境。\n责任单位:省经信厅\n"
    )
    _, found = tasks(nlp, text)
    orphan = found[0]
    assert orphan.uncertain and orphan.title.startswith("责任单位") and names(orphan.co) == ["省市场监管局", "省商务厅"]
    assert [t.title for t in found[1:]] == ["加强食品药品监管", "优化企业发展环境"]


def test_a_bracket_naming_another_body_is_part_of_the_name(nlp):
    text = "某区分解表\n一、加快园区建设（区工信局牵头，各镇政府(街道办事处)、合肥海关配合）\n"
    _, (task,) = tasks(nlp, text)
    assert names(task.co) == ["各镇政府(街道办事处)", "合肥海关"]  # and 合肥海关 keeps no level prefix


def test_brackets_in_one_paragraph_of_a_numbered_item_are_that_items_and_on_an_unnumbered_line_each_its_own(nlp):
    """"（十三）改善消费条件。…（A负责）…（B负责）": the item is the task (plans number their tasks);
    a page scraped into one line with no numbering has only its text to go by."""
    framed = "某方案\n（十三）改善消费条件。推进场馆改造。（体育总局负责）完善公共安全服务。（公安部负责）\n"
    _, (task,) = tasks(nlp, framed)
    assert task.title == "改善消费条件" and names(task.lead) == ["体育总局", "公安部"]
    loose = "某方案\n推进场馆改造工作。（体育总局负责）完善公共安全服务。（公安部负责）\n"
    _, found = tasks(nlp, loose)
    assert [(t.title, names(t.lead)) for t in found] == [("推进场馆改造工作", ["体育总局"]), ("完善公共安全服务", ["公安部"])]
