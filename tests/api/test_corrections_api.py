"""Corrections and the review queue over HTTP (the service in a subprocess, as users run it), and
the review page in headless Chromium: one click from an item to a correction."""

from __future__ import annotations

from urllib.parse import quote, urlparse

import httpx
import pytest
from conftest import API_TOKEN, ARTIFACTS, Service, copy_graph, needs_chromium, open_page, rename_unit

AUTH = {"Authorization": f"Bearer {API_TOKEN}"}
TASK = "建设重大科技基础设施群"
HOSTILE = '<img src=x onerror="window.__pwned=1">市委組織部'

pytestmark = pytest.mark.slow  # a service in a subprocess (and a browser): `make check` leaves it out


def task_id(url: str) -> str:
    return httpx.get(url + "/tasks", params={"q": TASK}).json()["items"][0]["id"]


def test_corrections_over_http(api):
    body = {"kind": "role", "task": TASK, "role": "LEADS", "units": ["市科技局", "市经信局"], "author": "张三"}
    assert httpx.post(api.url + "/corrections", json=body).status_code == 401
    assert httpx.post(api.url + "/corrections", json=body, headers={"Authorization": "Bearer nope"}).status_code == 401
    made = httpx.post(api.url + "/corrections", json=body, headers=AUTH)
    assert made.status_code == 201, made.text
    correction = made.json()
    assert correction["kind"] == "role" and correction["author"] == "张三" and [u["name"] for u in correction["units"]] == ["市科技局", "市经信局"]

    detail = httpx.get(api.url + "/tasks/" + quote(task_id(api.url), safe="")).json()
    answer = detail.get("answer", detail)
    assert answer["corrected"] is True
    assert [(e["unit"]["name"], e["corrected"]) for e in answer["lead"]] == [("市科技局", True), ("市经信局", True)]
    assert answer["lead"][0]["evidence"]["quote"].startswith("人工校正（张三")

    listed = httpx.get(api.url + "/corrections").json()
    assert [c["id"] for c in listed] == [correction["id"]]
    exported = httpx.get(api.url + "/corrections/export")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    assert exported.json()["format"] == "innokg-corrections/1"

    unclear = httpx.post(api.url + "/corrections", json={"kind": "merge", "names": ["市科技局", "某某不存在的委员会"]}, headers=AUTH)
    assert unclear.status_code == 404 and unclear.json()["error"]["candidates"]
    wrong = httpx.post(api.url + "/corrections", json={"kind": "nonsense"}, headers=AUTH)
    assert wrong.status_code in (400, 422)

    assert httpx.delete(api.url + "/corrections/" + correction["id"]).status_code == 401
    undone = httpx.delete(api.url + "/corrections/" + correction["id"], headers=AUTH)
    assert undone.status_code == 200 and undone.json()["id"] == correction["id"]
    assert httpx.get(api.url + "/corrections").json() == []
    assert httpx.delete(api.url + "/corrections/" + correction["id"], headers=AUTH).status_code == 404

    imported = httpx.post(api.url + "/corrections/import", json=exported.json(), headers=AUTH)
    assert imported.status_code == 200 and imported.json()["added"] == 1
    assert httpx.post(api.url + "/corrections/import", json=exported.json(), headers=AUTH).json()["added"] == 0
    detail = httpx.get(api.url + "/tasks/" + quote(task_id(api.url), safe="")).json()
    assert detail.get("answer", detail)["corrected"] is True
    httpx.delete(api.url + "/corrections/" + correction["id"], headers=AUTH)


def test_the_review_queue_is_paged(api):
    whole = httpx.get(api.url + "/review", params={"limit": 500}).json()
    assert whole["total"] == len(whole["items"]) > 0 and sum(whole["counts"].values()) == whole["total"]
    page = httpx.get(api.url + "/review", params={"offset": 1, "limit": 2}).json()
    assert (page["offset"], page["limit"], page["total"]) == (1, 2, whole["total"])
    assert page["items"] == whole["items"][1:3]
    item = whole["items"][0]
    assert item["actions"][0]["command"].startswith("innokg correct ") and item["kind_cn"]
    assert httpx.get(api.url + "/review", params={"limit": 0}).status_code in (400, 422)


# --------------------------------------------------------------------------- the review page


@pytest.fixture(scope="module")
def review_service(layouts_data, tmp_path_factory):
    """The layout documents' graph (tasks with no lead designated), one unit's name carrying markup."""
    data = copy_graph(layouts_data, tmp_path_factory, "review-page")
    rename_unit(data, "市委組織部", HOSTILE)
    with Service(data, {"INNOKG_API_TOKEN": API_TOKEN}) as service:
        yield service


@needs_chromium
def test_the_review_page_corrects_in_one_click(browser, review_service):
    for width in (1400, 420):
        page, requests, _ = open_page(browser, review_service.url, "/review.html", width, 900)
        page.wait_for_selector("#queue li[data-kind='no_lead']")
        text = page.inner_text("#queue")
        assert "未明确牵头" in text and "innokg correct lead" in text
        assert HOSTILE in text and page.evaluate("window.__pwned") is None  # names are text, never markup
        if width == 420:  # nothing wider than a phone's screen
            assert page.evaluate("document.documentElement.scrollWidth") <= 420
            page.close()
            continue
        before = page.locator("#queue li[data-kind='no_lead']").count()
        # without the token, nothing is written
        page.locator("#queue li[data-kind='no_lead'] button.fix").first.click()
        page.wait_for_selector("#status.error")
        page.fill("#token", API_TOKEN)
        page.fill("#author", "王五")
        page.click("#save-token")
        page.locator("#queue li[data-kind='no_lead'] button.fix").first.click()
        page.wait_for_selector("#status.ok:has-text('已校正')")
        page.wait_for_function(f"document.querySelectorAll(\"#queue li[data-kind='no_lead']\").length === {before - 1}")
        # the queue and the list of corrections are asked for together and drawn as each answer comes
        page.locator("#done li", has_text="王五").wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "review-page.png"), full_page=True)
        # undone from the list of corrections
        page.locator("#done button").first.click()
        page.wait_for_selector("#status.ok:has-text('已撤销')")
        page.wait_for_function(f"document.querySelectorAll(\"#queue li[data-kind='no_lead']\").length === {before}")
        foreign = [u for u in requests if urlparse(u).hostname not in ("127.0.0.1", None)]
        assert not foreign, foreign
        page.close()
