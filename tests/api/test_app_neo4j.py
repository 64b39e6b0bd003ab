"""``innokg serve`` on the Neo4j store (the Bolt server): the same answers as on the embedded store."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest
from conftest import Service
from innokg.graph.embedded import EmbeddedStore

pytestmark = pytest.mark.slow  # a real Bolt server / Jupyter kernel: `make check` leaves it out


@pytest.fixture(scope="module")
def neo4j_api(bolt_server, neo4j_store, seed_data):
    neo4j_store.clear()
    embedded = EmbeddedStore(seed_data)
    for info in embedded.documents():
        neo4j_store.replace_document(embedded.document_data(info.id))
    env = {"INNOKG_STORE": "neo4j", "NEO4J_URI": bolt_server.uri, "NEO4J_PASSWORD": "", "INNOKG_NEO4J_DIALECT": "falkordb"}
    with Service(seed_data, env) as service:
        yield service
    bolt_server.settle()


def paths(api) -> list[str]:
    """One request per endpoint, with ids taken from the embedded service's own answers."""
    tasks = httpx.get(api.url + "/tasks", params={"q": "建设重大科技基础设施群"}).json()["items"]
    unit = httpx.get(api.url + "/units", params={"q": "市招才局"}).json()["items"][0]["id"]
    industry = httpx.get(api.url + "/entities/search", params={"q": "光电子信息", "type": "Industry965"}).json()[0]["id"]
    task = quote(tasks[0]["id"], safe="")
    doc = quote(tasks[0]["doc_id"], safe="")
    unit, industry = quote(unit, safe=""), quote(industry, safe="")
    return [
        "/documents",
        f"/documents/{doc}/text",  # the whole text, kept on the Document node
        f"/documents/{doc}/text?start=1200&end=1230&task={task}",
        "/tasks?limit=100",
        "/tasks?q=人才",
        f"/tasks/{task}",
        "/units?q=科技",
        f"/units/{unit}/tasks",
        f"/units/{unit}/chain",
        "/industries",
        f"/industries/{industry}/platforms",
        "/entities/search?q=实验室",
        f"/entities/{unit}",
        f"/graph/neighbourhood/{unit}?depth=2",
        "/stats",
        "/tasks/no-such-task",
        "/targets",
        "/ask/who?q=基础设施",
        "/ask/who?q=量子通信网络建设",  # no good match: 404 with the same candidates
        "/ask/tasks?unit=市科技厅",
        "/ask/links?industry=光电子信息",
        "/ask/targets?q=科技人才资金",
    ]


def test_every_endpoint_answers_alike_on_both_stores(api, neo4j_api):
    for path in paths(api):
        embedded = httpx.get(api.url + path, timeout=30)
        on_neo4j = httpx.get(neo4j_api.url + path, timeout=30)
        assert on_neo4j.status_code == embedded.status_code, path
        assert on_neo4j.json() == embedded.json(), path
    health = httpx.get(neo4j_api.url + "/healthz").json()
    assert health == {"status": "ok", "store": "neo4j", "documents": 1}
    page = httpx.get(neo4j_api.url + "/viz/" + quote("建设重大科技基础设施群"))
    assert page.status_code == 200 and "vis.DataSet" in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/entities/search?q=科技&type=x'] MATCH (n) DETACH DELETE n //",
        "/tasks/" + quote("x'}) MATCH (n) DETACH DELETE n //", safe=""),
        "/units/" + quote("u' OR 1=1 //", safe="") + "/tasks",
        "/graph/neighbourhood/" + quote("a\\'b", safe=""),
    ],
)
def test_injection_strings_are_refused_before_the_server(neo4j_api, path):
    before = httpx.get(neo4j_api.url + "/healthz", timeout=30).json()["documents"]
    response = httpx.get(neo4j_api.url + path, timeout=30)
    assert response.status_code in (404, 422), response.text
    assert response.json()["error"]["code"] in ("NotFound", "InvalidRequest")
    assert httpx.get(neo4j_api.url + "/healthz", timeout=30).json()["documents"] == before >= 1
