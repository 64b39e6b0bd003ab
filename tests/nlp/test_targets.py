"""Quantitative targets: metric, value, unit, comparator, period and year."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from innokg.nlp.targets import find_targets


def one(text: str, value: float):
    return next(t for t in find_targets(text) if t.value == value)


def test_comparator_and_metric_before_the_number():
    t = one("支持科技型企业加大研发投入,力争高新技术企业数量突破12000家。", 12000)
    assert (t.metric, t.unit, t.comparator, t.year) == ("高新技术企业数量", "家", "突破", None)


def test_metric_after_the_number_and_period():
    t = one("每年集聚培养200名左右的科技及产业领军人才。", 200)
    assert (t.metric, t.unit, t.comparator, t.period) == ("科技及产业领军人才", "名", "左右", "每年")


def test_deadline_and_the_measure_carried_from_the_same_sentence():
    text = "每年新增技术合同成交额100亿元,到2024年达到1300亿元。"
    first, second = one(text, 100), one(text, 1300)
    assert (first.metric, first.year, first.period) == ("技术合同成交额", None, "每年")
    assert (second.metric, second.year, second.comparator) == ("技术合同成交额", 2024, "达到")


def test_a_paragraph_that_opens_with_a_deadline_dates_its_targets():
    text = "（二）发展目标。\n到2025年，农机装备品类基本齐全。全国农机总动力稳定在11亿千瓦左右，全国农作物耕种收综合机械化率达到75%。"
    assert (one(text, 11).unit, one(text, 11).year) == ("亿千瓦", 2025)
    assert (one(text, 75).unit, one(text, 75).year) == ("%", 2025)


def test_list_items_keep_their_own_metric():
    text = "布局建设高价值专利培育中心20家、知识产权运营服务中心10家以上。"
    assert one(text, 20).metric == "高价值专利培育中心"
    assert one(text, 10).metric == "知识产权运营服务中心"


def test_numbers_that_are_no_goals():
    assert find_targets("按照《指导意见》(国办发〔2021〕26号)要求,推进互联网协议第6版(IPv6)规模部署。") == []


def test_targets_read_right_where_the_plan_is_damaged_or_dense(seed_record):
    by_value = {(t.value, t.unit): t for t in seed_record.targets}
    turnover = by_value[(1300.0, "亿元")]
    assert turnover.year == 2024 and turnover.period == "到2024年"  # not the 每年 of the clause before
    carriers = by_value[(120.0, "家")]
    assert carriers.metric == "市级以上众创孵化载体"
    teams = [t for t in seed_record.targets if t.metric.startswith("高端创新团队")]
    assert teams and all(t.metric == "高端创新团队" for t in teams)  # no ")为主要目标"
    results = next(t for t in seed_record.targets if t.value == 50 and "院士" in t.text)
    assert results.metric == "院士专家重大成果落地转化" and results.text.endswith("落地转化")
    share = by_value[(40.0, "%")]
    assert share.comparator == "提高到…以上" and share.metric == "总体专业化比例"


# ------------------------------------------------------------------ numbers that are no goals
# Each sentence below is quoted from a document of the seed plan or ../shared/corpus.


def values(text: str) -> list[tuple[float, str]]:
    return [(t.value, t.unit) for t in find_targets(text)]


def test_conditions_and_caps_of_a_policy_are_no_goals():
    assert values("对10万元以下贷款、获得市级以上荣誉称号以及经金融机构评估认定信用良好的大学生创业者免除反担保要求。") == []
    assert values("对符合条件的个人发放创业担保贷款，最高贷款额度为300万元。") == []
    assert values("可继续提供累计不超过3次的创业担保贷款贴息。") == []
    assert values("毕业5年内高校毕业生首次创业并正常运营6个月以上，符合条件的可享受一次性创业补贴。") == []
    assert values("400万元以下的工程采购项目适宜由中小企业提供的，采购人应当专门面向中小企业采购。") == []
    assert values("优先支持其行政区域内1家符合条件的国家自主创新示范区或国家高新技术产业开发区扩区或调整区位。") == []
    assert values(
        "小微企业当年新招用符合创业担保贷款申请条件的人员数量达到企业现有在职职工人数25%（超过100人的企业达到15%）"
        "并与其签订1年以上劳动合同的，可申请最高不超过300万元的创业担保贷款。"
    ) == []


def test_what_exists_or_is_reported_done_is_no_goal():
    assert values("2.建设高水平实验室体系。建强在汉7个湖北实验室,做实核心队伍,推进重大任务实施。") == []
    assert values("确保已建成的11万吨岛外一期调水工程发挥作用，解决近期用水难的问题。") == []
    assert values("截至1031日,65件民生实事已完成26件,完成率40%;已开工事项65件(含政策类),开工率达100%") == []
    # 已有 after the number qualifies what is to be opened: still a goal
    assert values("通过备案方式,促成100家已有中试平台(基地)对外开放。") == [(100, "家")]


def test_counts_of_a_list_or_of_the_documents_parts_are_no_goals():
    assert values("为深入贯彻实施国家发改委、市场监管总局等14个部委于2020年10月14日联合印发《近期扩内需促消费的工作方案》的文件精神") == []
    assert values("市政府将2011年政府工作任务分解为15项工作目标和35项工作任务,现下达给你们") == []
    assert values("由平台建设目标、支撑项目建设、配套政策落地、工作机制配合等4个方面组成。") == []


def test_a_margin_against_the_plan_and_the_frame_of_a_goal_are_no_goals():
    found = find_targets("全年力争完成投资92亿元，比年度计划增加14亿元。")
    assert [(t.value, t.metric, t.period) for t in found] == [(92, "投资", "全年")]
    found = find_targets("在年计划新建 26公里绿道基础上，增加建设绿道 5 公里。")
    assert [(t.value, t.unit, t.metric, t.comparator) for t in found] == [(5, "公里", "绿道", "增加")]


def test_a_qualifier_gives_no_value():
    found = find_targets("力争年内建成投入运营，实现新增5万吨级以上生产性深水泊位2个，货物吞吐能力260万吨（其中集装箱14万标箱）。")
    assert [(t.value, t.unit, t.metric) for t in found] == [
        (2, "个", "5万吨级以上生产性深水泊位"), (260, "万吨", "货物吞吐能力"), (14, "万标箱", "集装箱")
    ]
    assert found[0].comparator == "新增"
    assert values("2.加快推进重大产业项目建设,安排投资10亿元以上制造业重大项目611个,完成年度投资1750亿元") == [
        (611, "个"), (1750, "亿元")
    ]
    assert values("四、开启智能服务模式，打造24小时自助服务区") == []


# ------------------------------------------------------------------ a change is kept as a change


def test_an_increment_keeps_its_verb():
    assert one("每年新增成果转化联络员100名。", 100).comparator == "新增"
    assert one("新增市级以上众创孵化载体120家。", 120).comparator == "新增"
    assert one("每年新增科技型上市企业10家以上。", 10).comparator == "新增…以上"
    jobs = one("城镇新增就业47万人左右、城镇调查失业率5.5%左右", 47)
    assert (jobs.metric, jobs.unit, jobs.comparator) == ("城镇新增就业", "万人", "新增…左右")


def test_a_growth_goal_keeps_its_baseline_and_its_measure():
    gdp = one("1.地区生产总值比上年增长8.5%左右", 8.5)
    assert (gdp.metric, gdp.comparator) == ("地区生产总值", "比上年增长…左右")
    value_added = one("3.全力稳住工业经济基本盘,持续巩固工业经济回升向好态势,力争规上工业增加值增长5.5%。", 5.5)
    assert (value_added.metric, value_added.comparator) == ("规上工业增加值", "增长")  # 增加值 is no 增加
    share = one("服务业增加值占地区生产总值的比重提高1.5个百分点", 1.5)
    assert (share.metric, share.unit, share.comparator) == ("服务业增加值占地区生产总值的比重", "百分点", "提高")
    assert one("地区生产总值增长12%", 12).comparator == "增长"  # a cell of a goals table


def test_respectively_pairs_each_value_with_its_measure():
    text = "到2020年，非传统水源利用率要达到15%以上；全区万元国内生产总值用水量、万元工业增加值用水量比2013年分别下降15%、10%以上。"
    first, second = [t for t in find_targets(text) if t.comparator and "下降" in t.comparator]
    assert (first.metric, first.value, first.comparator, first.year) == ("万元国内生产总值用水量", 15, "比2013年下降", 2020)
    assert (second.metric, second.value, second.comparator) == ("万元工业增加值用水量", 10, "比2013年下降…以上")
    assert one(text, 15).metric == "非传统水源利用率"  # no 要


# ------------------------------------------------------------------ metrics without headings, modals, cells


def test_metrics_lose_headings_modals_and_cells():
    heading = one("一、加快城市公用设施工程建设（一）目标任务全年力争完成投资92亿元，比年度计划增加14亿元。", 92)
    assert heading.metric == "投资"
    gas = find_targets("全年计划铺设燃气管网25km，拟新增10km，共计完成35km。")
    assert [(t.value, t.metric, t.comparator) for t in gas] == [
        (25, "铺设燃气管网", None), (10, "铺设燃气管网", "新增"), (35, "铺设燃气管网", None)
    ]
    assert one("1. 地区生产总值增长8%以上", 8).metric == "地区生产总值"
    assert one("2﹒固定资产投资力争增长10%以上", 10).metric == "固定资产投资"
    control = one("地下水质量极差的比例控制在10%以内", 10)
    assert (control.metric, control.comparator) == ("地下水质量极差的比例", "控制在…以内")
    sludge = one("污泥无害化处理处置率应于2020年底前达到90%以上。", 90)
    assert (sludge.metric, sludge.year) == ("污泥无害化处理处置率", 2020)
    row = one("46、完成城乡生态环境整治项目投资1.47亿元\t全年\t区交建局 区财金局", 1.47)
    assert row.metric == "城乡生态环境整治项目投资"
    goal = one("未来五年,围绕规模以上工业产值突破10000亿元、增加值突破3000亿元的目标,着力培育", 3000)
    assert goal.metric == "增加值"  # not 目标


def test_periods_and_years_stay_where_they_belong():
    text = "到2027年底,全州创新驱动发展成效明显提升。科技“三型”企业年均增长5%,科技创新平台力争达到170家以上;技术合同成交额年增幅10%。"
    assert (one(text, 5).period, one(text, 5).metric) == ("年均", "科技“三型”企业")
    platforms = one(text, 170)
    assert (platforms.period, platforms.year, platforms.metric) == (None, 2027, "科技创新平台")
    assert one(text, 10).year == 2027  # a goal in a paragraph dated by its deadline
    plan = (
        "到2025年，人工影响天气监测、指挥、作业、安全管理能力明显提升。建设2套地面烟炉人工增雨作业装置。"
        "到2035年，人工影响天气业务、服务综合能力达到省内先进地市行列。三、主要任务（一）人工影响天气作业能力建设。"
        "推进2个作业站点标准化改造。"
    )
    assert [(t.value, t.year) for t in find_targets(plan)] == [(2, 2025), (2, None)]


def test_goals_found_that_were_missed():
    assert values("到2020年，全区用水总量控制在1.55亿立方米以内。") == [(1.55, "亿立方米")]
    cadres = one("第一批先从部门选派10名业务骨干到有需求的10家重点企业或项目单位担任企业助理。", 10)
    assert (cadres.unit, cadres.metric) == ("名", "业务骨干")
    assert one("推荐10名企业优秀人才到相关部门交流学习。", 10).metric == "企业优秀人才"
    assert one("居民消费价格涨幅2%左右、粮食产量500亿斤左右", 500).unit == "亿斤"


# ------------------------------------------------------------------ on the shared documents


@pytest.fixture(scope="module")
def shared_targets(nlp):
    """The targets of the development sets and of some wild documents, by document name."""
    from conftest import SHARED

    from innokg.nlp.record import extract_file

    folders = [SHARED / "corpus" / name for name in ("dev", "dev2", "wild")]
    if not all(folder.is_dir() for folder in folders):
        pytest.skip("../shared/corpus (dev, dev2, wild) is not on this machine")
    wild = ("03_qinghai", "07_liaoning", "11_central", "18_jiangsu", "30_jiangxi")
    paths = [p for folder in folders[:2] for p in sorted(folder.iterdir())]
    paths += [p for p in sorted(folders[2].iterdir()) if p.name.startswith(wild)]
    return {p.stem: extract_file(p, nlp).targets for p in paths}


def test_every_gold_target_of_the_development_sets_is_found(shared_targets):
    from conftest import SHARED

    missed = []
    folders = [SHARED / "gold" / "dev", SHARED / "gold" / "dev2"]
    for gold in [gold for folder in folders for gold in sorted(folder.glob("*.entities.json"))]:
        found = shared_targets[gold.name.removesuffix(".entities.json")]
        for want in json.loads(gold.read_text(encoding="utf-8")).get("Target", []):
            wanted = (want["value"], want["unit"], want.get("year"))
            if not any((t.value, t.unit, wanted[2] and t.year) == wanted for t in found):
                missed.append(want["text"])
    assert missed == []


def test_no_target_of_the_shared_documents_is_of_a_category_that_is_no_goal(shared_targets):
    targets = [t for found in shared_targets.values() for t in found]
    assert len(targets) > 100
    for t in targets:
        assert not re.match(r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．﹒]", t.metric), t  # a heading
        before = t.text[: int(t.id.rsplit("@", 1)[1]) - t.evidence.start]
        assert not re.search(r"比(年度|原)?计划", before), t  # a margin against the plan
        assert not t.metric.startswith(("拟", "月", "比", "全年", "力争", "确保")), t  # a modal or a period
        assert not t.metric.endswith(("控制在", "要", "应", "力争", "基础上", "为契机")), t
        assert "已" not in t.metric and "\t" not in t.metric, t


# ------------------------------------------------------------------ what progress and ledger tables report


def test_a_progress_column_reports_on_its_rows_target_and_sets_none(nlp):
    """A 进展情况 cell is what was reached, not a goal: its numbers are no targets, and the target
    of its row keeps it as its report."""
    from innokg.ingest.structure import parse_text
    from innokg.nlp.record import extract

    text = (
        "某市重点任务推进情况\n\n序号\t重点任务\t目标\t责任单位\t完成情况\n"
        "1\t培育科技企业\t科技型企业达到500家\t市科技局\t全市科技型企业达到612家\n"
        "2\t建设孵化载体\t新建孵化器10个\t市科技局\t新建孵化器4个，在建3个\n"
    )
    record = extract(parse_text(text, "progress.txt"), nlp)
    assert [(t.value, t.unit) for t in record.targets] == [(500, "家"), (10, "个")]
    assert [t.reported.quote for t in record.targets] == ["全市科技型企业达到612家", "新建孵化器4个，在建3个"]
    assert all(record.text[t.reported.start : t.reported.end] == t.reported.quote for t in record.targets)


def test_a_field_line_of_an_item_reports_on_its_targets():
    from innokg.graph.model import Heading
    from innokg.nlp.targets import find_reports, find_targets

    text = "1.建设中试平台。到2024年新建中试平台10个以上。\n进展情况：已建成中试平台6个，另有4个在建。\n完成时限：2024年底\n"
    item = Heading(id="t", doc_id="d", path="1", level=3, number=1, marker="1.", title="建设中试平台",
                   heading="1.建设中试平台。", start=0, end=len(text))
    reports = find_reports(text, [item])
    assert [text[r.start : r.end] for r in reports] == ["已建成中试平台6个，另有4个在建。"]  # 完成时限 reports nothing
    found = find_targets(text, reports=reports)
    assert [(t.value, t.year) for t in found] == [(10, 2024)]
    assert text[slice(*found[0].report)] == "已建成中试平台6个，另有4个在建。"


# --------------------------------------------------------------------------- each clause read once

#: pieces of sentences where periods, deadlines, verbs and numbers meet (and years that are not deadlines)
PIECES = ["到", "2024", "年", "底", "前", "内", "每年", "年均", "累计", "全年", "力争", "分别", "达到", "增长",
          "建设", "新增", "企业", "12", "家", "5.5", "%", "、", "，", "；", "。", "：", "\n", "（", "）", "以上",
          "12家", "5.5%", "建设12家", "分别增长5.5%", "到2024年", "2024年底前", "，到2024年，", "每年12家", "以,上", "50项以,上"]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
@example(["建设", "12", "家"])  # a match that ends where the number starts
@example(["企业" * 12, "。", "新增12家", "，到2024年，"])  # a deadline after the number, in a sentence not the first
@example(["到2024年", "，", "每年", "，", "年均", "增长", "5.5%", "，", "到2024年", "，", "新增", "12家"])
def test_what_a_clause_read_once_finds_is_what_a_search_up_to_each_number_finds(pieces):
    """Each clause and sentence is searched once for all of its numbers (a clause's first match of
    each pattern, ``_Clause``; a sentence's matches, ``_Found``); at every number it must find what
    a search of the clause or sentence up to that number finds."""
    from innokg.nlp.targets import DEADLINE, DEADLINE_CLAUSE, OWN_PERIODS, PERIOD, QUANTITY, _inside_brackets_or_number, _Marked, default_words

    text, words = "".join(pieces), default_words()
    marked = _Marked(text, words)
    span = lambda m: m and (m.group(0), m.start())  # noqa: E731
    for m in QUANTITY.finditer(text):
        if _inside_brackets_or_number(text, m.start()):
            continue
        at, clause = m.start(), marked.clause(m.start(), m.end())
        assert span(clause.first(PERIOD)) == span(PERIOD.search(text, clause.start, clause.end))
        for pattern in [PERIOD, DEADLINE, words._goal_verb, words._respectively]:
            assert span(clause.first_by(pattern, at)) == span(pattern.search(text, clause.start, at)), pattern.pattern
        carried = [p for p in PERIOD.finditer(text, marked.sentence_start(at), at) if p.group(0) not in OWN_PERIODS]
        assert span(marked.carried_periods(at).first_by(at)) == span(carried[0] if carried else None)
        sentence = marked.full_sentence_start(at)
        dated = list(DEADLINE_CLAUSE.finditer(text[sentence:at]))
        last = marked.deadline_clauses(at).last_by(at)  # its positions are those of the sentence, as a search's
        assert (last and (last.group(0), last.start())) == ((dated[-1].group(0), dated[-1].start()) if dated else None)


def test_a_target_quotes_its_clause_or_no_more_than_the_limit_of_a_long_one():
    """Every target quoting the whole of a clause of thousands of numbers would make the record
    grow with the square of the clause (4,000 metrics: 1.6 GB)."""
    from innokg.graph.model.spans import QUOTE_LIMIT

    short = one("到2025年，力争高新技术企业数量突破12000家，技术合同成交额达到1300亿元。", 12000)
    assert short.text == "力争高新技术企业数量突破12000家"
    metrics = [f"第{i}类企业数量" for i in range(400)]
    text = "到2025年，" + "、".join(metrics) + "分别达到" + "、".join(f"{i + 1}家" for i in range(400)) + "。"
    found = find_targets(text)
    assert [(t.metric, t.value) for t in found] == [(metric, i + 1) for i, metric in enumerate(metrics)]
    for t in found:
        assert t.text == text[t.start : t.end] and f"{t.value:g}家" in t.text
        assert len(t.text) == QUOTE_LIMIT, t.text


def test_two_clauses_from_one_place_are_each_read_for_their_own_numbers():
    """A comma printed inside a number ("50项以,上") ends the clause of the numbers before it: the
    "分别" of the longer clause is read for its own numbers, not taken from the shorter one."""
    found = find_targets("甲企业、乙企业、丙企业分别达到10项、50项以,上、30项。")
    assert [(t.metric, t.value, t.comparator) for t in found if t.value == 50] == [("乙企业", 50, "达到…以上")]


def test_words_of_a_target_with_a_digit_are_refused():
    from dataclasses import replace

    from innokg.nlp.targets import default_words

    with pytest.raises(ValueError, match="digit"):
        replace(default_words(), goal_verbs=("建设", "建设5G"))


def test_a_long_item_is_read_back_to_its_words_that_make_it_no_goal():
    """A number's list item is read back a long way (``REACH``): a cap 220 characters before it,
    with no 、 or clause mark between, still makes it no goal."""
    filler = "推动产业链供应链协同创新和数字化转型升级" * 11
    assert find_targets("最高" + filler + "新增企业100家。") == []
    assert [(t.value, t.comparator) for t in find_targets("新增" + filler + "企业100家。")] == [(100, "新增")]
