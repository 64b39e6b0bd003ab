"""Citations on every edge: ``innokg cites / cited-by / lineage`` in-process, the same answers over
HTTP, and the page's lineage view in headless Chromium."""

from __future__ import annotations

import csv
import io
import json

import httpx
import pytest
from conftest import Service, copy_graph, needs_chromium, open_page, run_cli

pytestmark = pytest.mark.slow  # a library built and served


@pytest.fixture(scope="module")
def library_service(lineage_data, tmp_path_factory):
    with Service(copy_graph(lineage_data, tmp_path_factory, "citations-api")) as service:
        yield service


def test_cli_answers_in_table_json_and_csv(lineage_data):
    table = run_cli("--data", lineage_data, "cites", "江夏区")
    assert table.returncode == 0, table.stderr
    assert "国发〔2018〕42号" in table.stdout and "废止替代" in table.stdout
    data = json.loads(run_cli("--data", lineage_data, "cited-by", "国办发〔2021〕26号", "--format", "json").stdout)
    assert {c["depth"] for c in data["citing"]} == {1} and len(data["citing"]) == 2
    rows = list(csv.reader(io.StringIO(run_cli("--data", lineage_data, "lineage", "江夏区", "--format", "csv").stdout.lstrip("\ufeff"))))
    assert rows[0][:4] == ["链", "步", "本任务", "引用文件"] and len(rows) > 2
    tree = run_cli("--data", lineage_data, "lineage", "推进农机装备产业转型升级")
    assert "任务“推进农机装备产业转型升级”所在的" in tree.stdout and "国家级" in tree.stdout
    missing = run_cli("--data", lineage_data, "cited-by", "没有这份文件")
    assert missing.returncode == 1 and "没有政策文件或文档" in missing.stderr and "Traceback" not in missing.stderr


def test_http_answers_what_the_cli_answers(library_service, lineage_data):
    for path, args in (
        ("/citations?document=江夏区", ["cites", "江夏区"]),
        ("/cited-by?policy=国办发〔2021〕26号", ["cited-by", "国办发〔2021〕26号"]),
        ("/lineage?start=江夏区", ["lineage", "江夏区"]),
    ):
        response = httpx.get(library_service.url + path, timeout=30)
        assert response.status_code == 200, response.text
        assert response.json() == json.loads(run_cli("--data", lineage_data, *args, "--format", "json").stdout), path
    missing = httpx.get(library_service.url + "/lineage?start=没有这份文件", timeout=30)
    assert missing.status_code == 404 and missing.json()["error"]["message"]
    assert httpx.get(library_service.url + "/cited-by?policy=", timeout=30).status_code == 422


@needs_chromium
def test_the_lineage_view_in_the_page(browser, library_service):
    page, requests, _ = open_page(browser, library_service.url, "/#view=documents", 1200, 900)
    page.click("text=江夏区人民政府关于贯彻落实")
    page.click("text=政策溯源与引用")
    page.wait_for_selector("ol.chain")
    chains = page.locator("ol.chain").all_inner_texts()
    assert any("国家级" in c and "国办发〔2021〕26号" in c for c in chains)
    assert "本文件：" in page.inner_text(".own-policy") and "夏政发〔2023〕5号" in page.inner_text(".own-policy")
    # a cited document the library holds: its link opens its lineage, where the district cites it
    district = page.inner_text("h2").removeprefix("政策溯源：")
    page.locator("ol.chain a.in-library").first.click()
    page.wait_for_function("location.hash.startsWith('#lineage=') && (document.querySelector('#answer h2') || {textContent: '实施意见'}).textContent.indexOf('实施意见') < 0")
    page.wait_for_selector("text=引用本文件的文件")
    assert district in page.locator("table.list").last.inner_text()
    # a quote opens the source reader at its span
    page.locator("a.source-link").first.click()
    page.wait_for_selector("mark")
    assert all(r.startswith(library_service.url) for r in requests)  # offline: nothing from elsewhere
    page.close()
