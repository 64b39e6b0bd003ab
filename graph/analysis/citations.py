"""The citation network of a library: which policies its documents rest on, and which documents
are hubs (many cite them, or they pass a higher policy down to many).

Documents ``CITES`` policies and ``ISSUES`` the policy each is (graph.lineage); folded through
ISSUES, the library becomes a network of documents and the outside policies they cite.

>>> G = example_citations()
>>> N = citation_network(G)
>>> sorted(N.successors("doc:district"))
['doc:city', 'policy:国发〔2018〕42号']
>>> hubs = citation_hubs(G)
>>> int(hubs.loc["doc:city", "cited_by"]), int(hubs.loc["policy:国发〔2018〕42号", "cited_by"])
(1, 2)
>>> hubs.index[0]  # the national opinion both documents rest on
'policy:国发〔2018〕42号'
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

#: the columns of :func:`citation_hubs`, in Chinese
HUB_COLUMNS_CN = {
    "name": "政策文件",
    "kind": "类型",
    "level": "层级",
    "cited_by": "被引用（文件数）",
    "cites": "引用（项）",
    "reach": "上溯可达（项）",
    "pagerank": "PageRank",
}


def citation_network(G: nx.MultiDiGraph) -> nx.DiGraph:
    """Documents and the outside policies they cite, an edge from citing to cited: a policy that is
    a document of the library is that document (ISSUES folded), so chains run document to document.
    Edges carry ``kinds`` (依据, 贯彻落实 …) and ``weight`` (how many places cite)."""
    is_doc = {u: v for u, v, d in G.edges(data=True) if d["type"] == "ISSUES"}
    policy_doc: dict[str, str] = {}
    for doc, policy in sorted(is_doc.items()):
        policy_doc.setdefault(policy, doc)
    N = nx.DiGraph()
    for node, data in G.nodes(data=True):
        if data["label"] == "Document":
            N.add_node(node, name=data["name"], kind="文件", label="Document", level=_level(data["node"].info.level))
    for u, v, data in G.edges(data=True):
        if data["type"] != "CITES":
            continue
        target = policy_doc.get(v, v)
        if target == u:
            continue  # the document's own title, written again
        if target not in N:
            policy = G.nodes[v]["node"]
            N.add_node(target, name=policy.name, kind="外部政策", label="Policy", level=_level(policy.level))
        kind = data["rel"].citation.cn if data["rel"].citation else "提及"
        if N.has_edge(u, target):
            N[u][target]["weight"] += 1
            N[u][target]["kinds"] = sorted({*N[u][target]["kinds"], kind})
        else:
            N.add_edge(u, target, weight=1, kinds=[kind])
    return N


def citation_hubs(G: nx.MultiDiGraph) -> pd.DataFrame:
    """Every document and cited policy: how many documents cite it (``cited_by``), how many it
    cites, how many it reaches by climbing citations (``reach``), and PageRank on the citation
    network (a policy many cite, or cited by documents many cite, ranks high)."""
    N = citation_network(G)
    if not N:
        return pd.DataFrame(columns=list(HUB_COLUMNS_CN)).rename_axis("id")
    rank = nx.pagerank(N, weight="weight")
    rows = {
        node: {
            "name": data["name"],
            "kind": data["kind"],
            "level": data["level"],
            "cited_by": N.in_degree(node),
            "cites": N.out_degree(node),
            "reach": len(nx.descendants(N, node)),
            "pagerank": round(rank[node], 4),
        }
        for node, data in N.nodes(data=True)
    }
    table = pd.DataFrame.from_dict(rows, orient="index").rename_axis("id")
    return table.sort_values(["cited_by", "pagerank", "name"], ascending=[False, False, True])


def _level(level) -> str:
    return level.cn if level else "—"


def example_citations() -> nx.MultiDiGraph:
    """A library of three documents: a district plan citing its city's plan and a State Council
    opinion, the city plan citing the same opinion."""
    from innokg.graph.facts import Fact, facts_of
    from innokg.graph.model import DocumentInfo, DocumentNode, EntityNode, Label, Node, RelType
    from innokg.graph.model.vocab import AdminLevel, CitationKind

    def doc(doc_id: str, title: str, level: AdminLevel) -> DocumentNode:
        return DocumentNode(id=doc_id, name=title, info=DocumentInfo(id=doc_id, title=title, source=doc_id, level=level))

    def policy(policy_id: str, name: str, level: AdminLevel | None = None) -> EntityNode:
        return EntityNode(label=Label.POLICY, id=policy_id, name=name, level=level)

    nodes: list[Node] = [
        doc("doc:district", "某区实施意见", AdminLevel.COUNTY),
        doc("doc:city", "某市行动方案", AdminLevel.CITY),
        policy("policy:某区实施意见", "某区实施意见"),
        policy("policy:某市行动方案", "某市行动方案", AdminLevel.CITY),
        policy("policy:国发〔2018〕42号", "国务院关于加快推进农业机械化的指导意见", AdminLevel.NATIONAL),
    ]
    facts = facts_of(nodes, [])
    for source, target, rel, kind in (
        ("doc:district", "policy:某区实施意见", RelType.ISSUES, None),
        ("doc:city", "policy:某市行动方案", RelType.ISSUES, None),
        ("doc:district", "policy:某市行动方案", RelType.CITES, CitationKind.IMPLEMENTS),
        ("doc:district", "policy:国发〔2018〕42号", RelType.CITES, CitationKind.BASIS),
        ("doc:city", "policy:国发〔2018〕42号", RelType.CITES, CitationKind.BASIS),
    ):
        facts.add(Fact(rel, source, target, source, 0, 1, "《", citation=kind))
    return facts.to_networkx()
