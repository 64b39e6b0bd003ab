"""Citations on every edge: ``innokg cites / cited-by / lineage`` in-process, the same answers over
HTTP, and the page's lineage view in headless Chromium."""

from __future__ import annotations

import csv
import io
import json
import shutil

import httpx
import pytest
from conftest import Service, run_cli

pytestmark = pytest.mark.slow  # a library built and served


@pytest.fixture(scope="module")
def library_service(lineage_data, tmp_path_factory):
    data = tmp_path_factory.mktemp("citations-api") / "data"
    shutil.copytree(lineage_data, data)
    service = Service(data)
    yield service
    service.stop()


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


def test_the_lineage_view_in_the_page(library_service):
    from playwright.sync_api import sync_playwright
    from test_page import CHROMIUM

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(library_service.url + "/#view=documents")
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
        browser.close()
