"""The analyses on the seed graph, with answers read off the plan by hand; exports that reopen."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import run_cli, run_cli_process
from innokg.graph import analysis, answers
from innokg.graph.embedded import EmbeddedStore

TALENT_TASKS = {"引育高端创新人才", "壮大青年科技人才队伍", "培养高素质技能型人才"}


@pytest.fixture(scope="module")
def seed_graph(seed_data):
    store = EmbeddedStore(seed_data)
    return store, analysis.whole_graph(answers.export(store))


def test_who_leads_and_who_shares(seed_graph):
    _, G = seed_graph
    roles = analysis.role_counts(G)
    attributed = {t for t, _, k in G.edges(data="type") if k == "LEADS"}
    assert len(attributed) == 18
    assert roles.iloc[0]["name"] == "市科技局" and roles.iloc[0]["lead"] == 11
    talent = roles[roles["name"] == "市招才局"].iloc[0]
    assert talent["lead"] == 3 and talent["co"] == 0
    talent_id = roles.index[roles["name"] == "市招才局"][0]
    led = {G.nodes[t]["name"] for t, u, k in G.edges(data="type") if k == "LEADS" and u == talent_id}
    assert led == TALENT_TASKS
    most_shared = roles.sort_values("co", ascending=False).iloc[0]
    assert most_shared["name"] == "各区人民政府" and most_shared["co"] == 15 and most_shared["lead"] == 0


def test_centrality_of_the_co_responsibility_network(seed_graph):
    _, G = seed_graph
    table = analysis.centrality(G)
    top = table.iloc[0]
    assert top["name"] == "市科技局"
    for column in ("pagerank", "betweenness", "eigenvector", "partners"):
        assert table[column].idxmax() == table.index[0], column
    assert {"constraint", "effective_size", "closeness"} <= set(table.columns)
    assert top["in_degree"] == G.in_degree(table.index[0]) >= top["tasks"]
    B = analysis.unit_task_graph(G)
    N = analysis.co_responsibility_network(B)
    science, districts = table.index[0], table.index[table["name"] == "各区人民政府"][0]
    shared = set(B[science]) & set(B[districts])  # the tasks both are responsible for
    assert N[science][districts]["weight"] == len(shared) > 0


def test_role_weights_are_configurable(seed_graph):
    _, G = seed_graph
    B = analysis.unit_task_graph(G, {"LEADS": 5, "CO_RESPONSIBLE": 1})
    assert {d["weight"] for _, _, d in B.edges(data=True)} == {5, 1}


def test_communities_repeat(seed_graph):
    _, G = seed_graph
    N = analysis.co_responsibility_network(analysis.unit_task_graph(G))
    first, second = analysis.communities(N), analysis.communities(N)
    assert first.equals(second)
    assert set(first.index) == set(N) and first["community"].nunique() > 1


def test_965_coverage(seed_graph):
    store, G = seed_graph
    table = analysis.coverage(G)
    assert len(table) == 20 and list(table["group"].unique()) == ["支柱产业", "战略性新兴产业", "未来产业"]
    optics = table[table["name"] == "光电子信息"].iloc[0]
    links = answers.industry_links(store, optics.name)
    assert optics["platforms"] == len({p.platform.id for p in links.platforms}) > 0
    assert optics["tasks"] == len({t.task.id for t in links.tasks})
    gaps = analysis.uncovered(table)
    assert "量子科技" in gaps and "光电子信息" not in gaps
    assert analysis.coverage_by_group(table)["industries"].tolist() == [9, 6, 5]


def test_targets_table(seed_graph):
    store, G = seed_graph
    table = analysis.targets_table(G)
    assert len(table) == len(answers.targets(store))
    row = table[table["metric"] == "高新技术企业数量"].iloc[0]
    assert (row["value"], row["unit"], row["comparator"], row["lead_units"]) == (12000, "家", "突破", "市科技局")
    assert analysis.targets_by(table, "lead_units").index[0] == "市科技局"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_exports_reopen_with_the_same_counts(seed_graph, tmp_path, fmt):
    store, G = seed_graph
    path = tmp_path / f"graph.{fmt}"
    analysis.export(G, path, fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    stats = store.queries().stats()
    assert back.number_of_nodes() == sum(stats.entities.values())
    assert back.number_of_edges() == sum(stats.relations.values())
    assert back.nodes["unit:武汉市科学技术局"]["name"] == "市科技局"


UNIT = "unit:武汉市科学技术局"


def test_gephi_sees_names_chinese_categories_and_colours(seed_graph, tmp_path):
    _, G = seed_graph
    path = tmp_path / "graph.gexf"
    analysis.export(G, path, "gexf")
    text = path.read_text(encoding="utf-8")
    assert 'mode="static"' in text and "networkx_key" not in text  # offsets are not time; no networkx columns
    back = nx.read_gexf(path)
    unit = back.nodes[UNIT]
    assert unit["label"] == "市科技局" and unit["category"] == "单位" and "kind" not in unit
    assert unit["viz"]["color"] == {"r": 0xD1, "g": 0x49, "b": 0x5B, "a": 1.0}  # the vocabulary's colour for 单位
    relations = {data["relation"] for _, _, data in back.edges(data=True)}
    assert {"LEADS", "CO_RESPONSIBLE", "PART_OF"} <= relations
    assert {data["relation_cn"] for _, _, data in back.edges(data=True)} >= {"牵头", "责任", "属于"}


def test_graphml_labels_nodes_by_name_with_category_and_colour(seed_graph, tmp_path):
    _, G = seed_graph
    path = tmp_path / "graph.graphml"
    analysis.export(G, path, "graphml")
    back = nx.read_graphml(path)
    assert back.nodes[UNIT]["label"] == "市科技局"
    assert (back.nodes[UNIT]["category"], back.nodes[UNIT]["colour"]) == ("单位", "#D1495B")
    labels = {data["label"] for _, data in back.nodes(data=True)}
    assert not labels & {"Task", "Unit", "Document", "Section"}  # names, never types


def test_evidence_offsets_have_the_same_names_in_graphml_and_gexf(seed_graph, tmp_path):
    _, G = seed_graph
    read = {"graphml": nx.read_graphml, "gexf": nx.read_gexf}
    leads = {}
    for fmt, reader in read.items():
        analysis.export(G, tmp_path / f"graph.{fmt}", fmt)
        back = reader(tmp_path / f"graph.{fmt}")
        leads[fmt] = sorted(
            (int(d["start"]), int(d["end"]), d["doc_id"])
            for _, u, d in back.edges(data=True)
            if d.get("relation") == "LEADS" and u == UNIT
        )
    expected = sorted((r.evidence.start, r.evidence.end, r.doc_id) for _, u, r in G.edges(data="rel") if r.type == "LEADS" and u == UNIT)
    assert leads["graphml"] == leads["gexf"] == expected and all(start < end for start, end, _ in expected)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_co_responsibility_network_is_written_beside_the_graph(seed_graph, tmp_path, fmt):
    _, G = seed_graph
    files = analysis.export(G, tmp_path / f"graph.{fmt}", fmt)
    projection = tmp_path / f"graph.co-responsibility.{fmt}"
    assert projection in files
    N = nx.read_graphml(projection) if fmt == "graphml" else nx.read_gexf(projection)
    expected = analysis.co_responsibility_network(analysis.unit_task_graph(G))
    assert N.number_of_nodes() == expected.number_of_nodes() and N.number_of_edges() == expected.number_of_edges()
    districts = next(n for n, d in N.nodes(data=True) if d["label"] == "各区人民政府")
    assert float(N[UNIT][districts]["weight"]) == expected[UNIT][districts]["weight"] > 1  # tasks shared
    assert N.nodes[UNIT]["lead"] == 11 and N.nodes[UNIT]["category"] == "单位"


@pytest.mark.slow
def test_an_export_is_the_same_file_in_every_process(seed_data, tmp_path):
    """Python orders sets of strings differently in each process (``PYTHONHASHSEED``); the files
    an export writes — the graph and its co-responsibility network — do not change with it."""
    written: dict[str, dict[str, bytes]] = {}
    for seed in ("1", "2", "3"):
        out = tmp_path / seed
        out.mkdir()
        for fmt in ("graphml", "gexf", "csv"):
            target = out / (f"graph.{fmt}" if fmt != "csv" else "csv")
            done = run_cli_process("--data", str(seed_data), "export", "--format", fmt, "-o", str(target), env={"PYTHONHASHSEED": seed})
            assert done.returncode == 0, done.stderr
        written[seed] = {str(f.relative_to(out)): f.read_bytes() for f in sorted(out.rglob("*")) if f.is_file()}
    assert len(written["1"]) == 7 and written["1"] == written["2"] == written["3"]


def test_csv_export_for_neo4j_admin_import(seed_graph, tmp_path):
    _, G = seed_graph
    nodes, edges, projection = analysis.export(G, tmp_path / "csv", "csv")
    for path in (nodes, edges, projection):  # Excel reads UTF-8 Chinese only after a byte-order mark
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path.name
    nodes_text = nodes.read_text(encoding="utf-8-sig").splitlines()
    assert nodes_text[0] == "id:ID,name,:LABEL,category" and f"{UNIT},市科技局,Node;Unit,单位" in nodes_text
    assert len(nodes_text) == G.number_of_nodes() + 1
    header = edges.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith(":START_ID,:END_ID,:TYPE") and "start:int,end:int" in header
    assert projection.read_text(encoding="utf-8-sig").splitlines()[0].startswith("Source,Target,Weight")


def test_cli_analyze_and_export(seed_data, tmp_path):
    result = run_cli("--data", str(seed_data), "analyze", "centrality", "--top", "10")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if "│" in line]
    assert len(lines) == 10 and "市科技局" in lines[0] and "牵头任务" in result.stdout
    csv = run_cli("--data", str(seed_data), "analyze", "coverage", "--format", "csv")
    assert csv.returncode == 0 and csv.stdout.count("\n") == 21
    json_out = run_cli("--data", str(seed_data), "analyze", "communities", "--format", "json")
    assert json_out.returncode == 0 and '"community"' in json_out.stdout
    exported = run_cli("--data", str(seed_data), "export", "--format", "graphml", "-o", str(tmp_path / "g.graphml"))
    assert exported.returncode == 0 and nx.read_graphml(tmp_path / "g.graphml").number_of_nodes() > 200
    bad = run_cli("--data", str(seed_data), "analyze", "nonsense")
    assert bad.returncode == 1 and "未知的分析" in bad.stderr and "Traceback" not in bad.stderr


def test_figure_axes_speak_chinese(seed_graph):
    from innokg.graph import plotting

    _, G = seed_graph
    goals = analysis.targets_table(G)
    ax = plotting.bar_chart(analysis.targets_by(goals, "unit").reset_index(), "targets", label="unit")
    assert ax.get_xlabel() == "目标数"
    ax = plotting.bar_chart(analysis.centrality(G), "betweenness")
    assert ax.get_xlabel() == "中介中心性"


def test_centrality_totals_add_up_with_a_column_for_every_role(seed_data):
    result = run_cli("--data", str(seed_data), "analyze", "centrality", "--format", "csv", "--top", "1000")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")  # Excel reads the Chinese names only after a byte-order mark
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert {"lead", "co", "guides", "tasks"} <= set(rows[0]) and len(rows) > 20
    assert all(int(r["lead"]) + int(r["co"]) + int(r["guides"]) == int(r["tasks"]) for r in rows)
    table = run_cli("--data", str(seed_data), "analyze", "centrality").stdout
    header = next(line for line in table.splitlines() if "牵头任务" in line)
    assert [h in header for h in ("牵头任务", "参与任务", "指导任务", "任务数")] == [True] * 4
    assert "任务数＝牵头＋参与＋指导" in table


def test_a_unit_named_twice_in_one_task_counts_it_once_in_its_strongest_role():
    G = analysis.example_graph()
    G.add_edge("t1", "u1", type="CO_RESPONSIBLE")  # 市科技局 leads t1 and its clause names it again
    G.add_node("u4", label="Unit", name="市委宣传部")
    G.add_edge("t2", "u4", type="GUIDES")
    roles = analysis.role_counts(G)
    assert roles.loc["u1", ["lead", "co", "guides", "tasks"]].tolist() == [1, 0, 0, 1]
    assert roles.loc["u4", ["lead", "co", "guides", "tasks"]].tolist() == [0, 0, 1, 1]
    assert (roles["lead"] + roles["co"] + roles["guides"] == roles["tasks"]).all()
