"""Quantitative targets: metric, value, unit, comparator, period and year."""

from __future__ import annotations

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
