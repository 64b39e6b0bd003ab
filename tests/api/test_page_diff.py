"""The page's 版本对比 view in headless Chromium: two pickers, the tasks of both editions side by
side with the words changed marked, units gained (green) and lost (red), added and removed tasks,
targets; its own address; links to the source; names from documents set as text only."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, Service, copy_graph, needs_chromium, offsite, open_page, rename_unit

A, B = "doc:wuhan-sci-tech-capacity-plan-2022", "doc:wuhan-sci-tech-capacity-plan-2024"
HOSTILE = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>市教育局'

pytestmark = [pytest.mark.slow, needs_chromium]  # a real browser: `make check` leaves it out


@pytest.fixture(scope="module")
def editions_api(editions_data, tmp_path_factory):
    """Our two editions, in which one unit's name carries markup, as an untrusted document could:
    the unit the 2024 edition drops from a task and makes lead of a new one."""
    data = copy_graph(editions_data, tmp_path_factory, "page-diff")
    rename_unit(data, "市教育局", HOSTILE)
    with Service(data) as service:
        yield service


def test_two_editions_side_by_side(browser, editions_api):
    page, requests, dialogs = open_page(browser, editions_api.url)
    page.click("#views button[data-view='diff']")
    page.wait_for_selector("#diff-compare")
    page.select_option("select[name=a]", A)
    page.select_option("select[name=b]", B)
    page.click("#diff-compare")
    page.wait_for_function(f"location.hash === '#view=diff&a={A.replace(':', '%3A')}&b={B.replace(':', '%3A')}'")
    page.wait_for_selector("#diff-pairs table")
    assert page.locator("#diff-pairs tr").count() == 1 + 12
    assert "未变 7、改写 5" in page.inner_text(".diff-summary")

    # the words changed, marked on each side
    row = page.locator("#diff-pairs tr", has_text="加快建设国家级创新平台体系")
    assert row.locator("mark.diff-ins").all_inner_texts() == ["加快", "体系"]
    assert row.locator(".change").inner_text() == "改写"
    target_row = page.locator("#diff-pairs tr", has_text="推动科技型中小企业加快成长")
    assert "10000" in target_row.locator("mark.diff-del").all_inner_texts()
    assert "12000" in target_row.locator("mark.diff-ins").all_inner_texts()

    # units gained in green, lost in red
    lead_row = page.locator("#diff-pairs tr", has_text="建设重大科技基础设施群")
    assert lead_row.locator(".unit-gained").all_inner_texts() == ["+牵头 市科技局", "+责任 市发改委"]
    assert lead_row.locator(".unit-lost").all_inner_texts() == ["−牵头 市发改委", "−责任 市科技局"]
    green = page.eval_on_selector(".unit-gained", "e => getComputedStyle(e).color")
    red = page.eval_on_selector(".unit-lost", "e => getComputedStyle(e).color")
    assert green == "rgb(27, 94, 32)" and red == "rgb(140, 29, 24)"

    assert page.locator("#diff-added tr").count() == 1 + 2
    assert page.locator("#diff-removed tr").count() == 1 + 1
    assert "培强育新科技领军企业" in page.inner_text("#diff-removed")
    targets = page.inner_text("#diff-targets")
    assert "高新技术企业数量" in targets and "15000家" in targets and "数值、年份" in targets

    # names from documents are text: the unit with markup is shown, not run
    assert HOSTILE in page.inner_text("#diff-pairs") and HOSTILE in page.inner_text("#diff-added")
    assert page.evaluate("window.__pwned") is None and page.locator("#answer img").count() == 0 and not dialogs

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "page-diff.png"), full_page=True)

    # the address opens the view again, and each item links to its source span
    page.reload()
    page.wait_for_selector("#diff-pairs table")
    assert page.input_value("select[name=b]") == B
    page.locator("#diff-added a.source-link").first.click()
    page.wait_for_selector("#source mark.focus")
    assert "培养卓越工程师队伍" in page.inner_text("#source mark.focus")
    page.go_back()
    page.wait_for_selector("#diff-pairs table")

    foreign = offsite(requests)
    assert requests and not foreign, foreign
    page.close()
