"""One vocabulary: every view of labels and relations reads the table in graph/model/vocab.py."""

from __future__ import annotations

import json
import re

from conftest import ROOT
from innokg.api.viz import network_page
from innokg.graph.model import Evidence
from innokg.graph.model.vocab import LABELS, RELATIONS, Label, RelType, Role, as_json, grass
from innokg.graph.model.answers import Edge, Neighbourhood, NodeRef


def test_the_browser_style_is_the_table():
    assert (ROOT / "neo4j" / "innokg.grass").read_text(encoding="utf-8") == grass(), "run `make grass`"
    for label, look in LABELS.items():
        assert f"node.{label.value} {{ color: {look.colour};" in grass()


def test_the_network_view_draws_with_the_table():
    evidence = Evidence(doc_id="d", start=0, end=1, quote="x")
    nodes = [NodeRef(id=label.value, label=label.value, name=f"名{i}") for i, label in enumerate(Label)]
    edges = [Edge(type=rel.value, source="Task", target="Unit", evidence=evidence) for rel in RelType]
    page = network_page(Neighbourhood(center=nodes[0], depth=1, nodes=nodes, edges=edges))
    drawn = json.loads(re.search(r"nodes = new vis.DataSet\((\[.*?\])\);", page).group(1))
    assert {n["id"]: n["color"] for n in drawn} == {label.value: LABELS[label].colour for label in Label}
    lines = json.loads(re.search(r"edges = new vis.DataSet\((\[.*?\])\);", page).group(1))
    assert {e["label"]: e["color"] for e in lines} == {look.cn: look.colour for look in RELATIONS.values()}
    legend = re.search(r'<div id="innokg-legend">(.*?)</div>', page).group(1)
    assert all(look.cn in legend for look in (*LABELS.values(), *RELATIONS.values()))


def test_the_page_has_no_table_of_its_own():
    page = (ROOT / "api" / "static" / "index.html").read_text(encoding="utf-8")
    assert "/vocabulary" in page
    # names and colours come from the API, not from a copy of the table
    assert not re.search(r"\b(?:%s)\s*:\s*\"" % "|".join(Label), page)
    assert not any(look.colour.lower() in page.lower() for look in LABELS.values())


def test_names_and_colours_are_distinct():
    assert len({look.cn for look in LABELS.values()}) == len(LABELS)
    assert len({look.cn for look in RELATIONS.values()}) == len(RELATIONS)
    assert len({look.colour for look in RELATIONS.values()}) == len(RELATIONS)  # the legend tells them apart
    assert as_json()["roles"] == {role.value: RELATIONS[role.relation].cn for role in Role}


def test_a_big_network_is_spread_out_with_its_names_drawn():
    evidence = Evidence(doc_id="d", start=0, end=1, quote="x")
    nodes = [NodeRef(id=f"n{i}", label="Task", name=f"任务{i}") for i in range(80)]
    edges = [Edge(type="MENTIONS", source="n0", target=f"n{i}", evidence=evidence) for i in range(1, 80)]
    page = network_page(Neighbourhood(center=nodes[0], depth=2, nodes=nodes, edges=edges))
    options = json.loads(re.search(r"network.setOptions\((\{.*?\})\);|var options = (\{.*?\});", page, re.S).group(2) or "{}")
    assert options["physics"]["solver"] == "barnesHut"
    assert options["nodes"]["scaling"]["label"]["drawThreshold"] <= 3 and options["edges"]["font"]["size"] == 0
