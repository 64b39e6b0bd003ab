"""The page's target timelines in headless Chromium: from the 量化目标 view and from a task to a
metric's timeline — its chart (inline SVG drawn by the page), its points with their documents,
evidence and reported progress — each with its own address; names from documents run nothing."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from conftest import ARTIFACTS, Service, copy_graph, edit_nodes, needs_chromium, offsite, open_page

HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'

pytestmark = [pytest.mark.slow, needs_chromium]  # a real browser: `make check` leaves it out


@pytest.fixture(scope="module")
def service(timeline_data, tmp_path_factory):
    with Service(copy_graph(timeline_data, tmp_path_factory, "timeline-page")) as service:
        yield service


@pytest.fixture(scope="module")
def hostile_service(timeline_data, tmp_path_factory):
    """The graph in which the metric 高新技术企业 and what was reported on it carry markup, in both documents."""
    from innokg.graph.model import Label

    def hostile(n):
        if n.label == Label.TARGET and "高新技术企业" in n.metric:
            update = {"metric": HOSTILE + n.metric}
            if n.report:
                update["report"] = HOSTILE + n.report
            return n.model_copy(update=update)
        return n

    data = copy_graph(timeline_data, tmp_path_factory, "timeline-hostile")
    edit_nodes(data, hostile)
    with Service(data) as service:
        yield service


def test_from_the_targets_view_to_a_timeline_chart_and_its_points(browser, service):
    page, requests, _ = open_page(browser, service.url)
    page.click("#views button[data-view='targets']")
    page.wait_for_selector("#answer a.timeline-link")
    assert page.locator("#answer a.timeline-link").count() == 12  # the six restated metrics, in both documents
    row = page.locator("#answer tr", has_text="力争高新技术企业数量突破12000家")
    row.locator("a.timeline-link").click()
    page.wait_for_function("decodeURIComponent(location.hash) === '#timeline=高新技术企业'")
    page.wait_for_selector("#answer svg.timeline-chart")
    assert page.inner_text("#answer h2") == "目标时间线：高新技术企业"

    chart = page.locator("#answer svg.timeline-chart")
    titles = chart.locator("circle.point title").all_text_contents()
    assert len(titles) == 2 and all(t.startswith("2024年 目标 突破 12000家") for t in titles)
    assert "武汉市创新发展三年行动方案" in titles[0] and "“力争高新技术企业数量突破12000家”" in titles[0]
    (diamond,) = chart.locator("polygon.reported title").all_text_contents()
    assert diamond.startswith("2023年 进展 14000家") and "截至2023年底" in diamond
    axis = chart.locator("text").all_text_contents()
    assert {"2023年", "2024年"} <= set(axis) and any(t.endswith("家") for t in axis)
    # the dot of the report stands above those of the targets: 14,000 reached against 12,000 set
    ys = page.evaluate("[...document.querySelectorAll('circle.point')].map(c => +c.getAttribute('cy'))")
    report_y = page.evaluate("+document.querySelector('polygon.reported').getAttribute('points').split(' ')[0].split(',')[1]")
    assert report_y + 7 < min(ys)

    points = page.locator("#answer .timeline table.list tr")
    assert points.count() == 3  # the header and two points, by year then date
    latest = points.nth(2).inner_text()
    assert "2024年（原文期限）" in latest and "“截至2023年底，全市高新技术企业达到1.4万家，提前完成三年目标”" in latest
    assert "报告值 14000家（2023年）" in latest and "2024-01-20" in latest

    # the reported text opens in the source reader, marked
    points.nth(2).locator("td").nth(5).locator("a.source-link").click()
    page.wait_for_selector("#source mark.focus")
    assert page.inner_text("#source mark.focus").startswith("截至2023年底，全市高新技术企业达到1.4万家")
    page.go_back()
    page.wait_for_selector("#answer svg.timeline-chart")

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-timeline.png"), full_page=True)
    foreign = offsite(requests)
    assert requests and not foreign, foreign
    page.close()


def test_the_index_a_revision_a_task_and_an_address(browser, service):
    page, _, _ = open_page(browser, service.url)
    page.goto(service.url + "/#view=timelines")
    page.wait_for_selector("#answer table.list")
    assert page.inner_text("#answer h2") == "目标时间线"
    assert "共 6 项" in page.inner_text("#answer .pager")
    page.locator("#answer a.node", has_text="技术合同成交额").click()
    page.wait_for_selector("#answer svg.timeline-chart")
    assert page.locator("circle.point.revised").count() == 1  # 1300 raised to 1500 for 2024
    assert "由 1300亿元 调整" in page.inner_text("#answer .timeline")

    # a task's targets link to their timelines
    page.goto(service.url + "/#view=documents")
    page.goto(service.url + "/#id=" + quote("doc:wuhan-innovation-action-plan-2022-2024#二/(四)/1", safe=""))
    page.wait_for_selector("#answer h2:text('畅通科技成果转化渠道')")
    targets = page.locator("#answer dd", has_text="到2024年达到1300亿元").locator("div")
    assert targets.count() == 3  # 成果转化联络员, 每年新增…100亿元 (a change no other document states), 1300亿元
    linked = [t.inner_text() for t in targets.all() if t.locator("a.timeline-link").count()]
    assert linked == ["到2024年达到1300亿元 目标时间线（2 个文件）"]
    # the address alone opens a timeline; one that does not exist says why
    page.goto(service.url + "/#timeline=" + quote("战略科技人才"))
    page.wait_for_selector("#answer svg.timeline-chart")
    page.goto(service.url + "/#timeline=" + quote("概念验证中心"))
    page.wait_for_selector("#answer .error")
    assert "只见于一个文件" in page.inner_text("#answer .error")
    page.close()


def test_names_in_a_timeline_run_no_script(browser, hostile_service):
    page, _, dialogs = open_page(browser, hostile_service.url)
    page.goto(hostile_service.url + "/#timeline=" + quote("高新技术企业"))
    page.wait_for_selector("#answer svg.timeline-chart")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__pwned") is None and not dialogs
    assert page.locator("#answer img").count() == 0 and page.locator("#answer script").count() == 0
    assert HOSTILE in page.inner_text("#answer .timeline table.list")  # the reported words, as text
    assert any(HOSTILE in t for t in page.locator("polygon.reported title").all_text_contents())
    page.close()
