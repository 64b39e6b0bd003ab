"""The network view: a node's neighbourhood as a self-contained pyvis page that works offline.

pyvis inlines vis-network with ``cdn_resources="in_line"`` but its template still links
bootstrap from a CDN; those tags are dropped, so the page makes no request at all. Names come
from documents (untrusted): vis-network draws labels on a canvas and shows tooltips as text,
node data reaches the page through Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``),
and the heading and legend are escaped here.
"""

from __future__ import annotations

import html
import json
import re

from innokg.graph.store import Neighbourhood
from pyvis.network import Network

LABEL_CN = {
    "Document": "文件",
    "Section": "章节",
    "Task": "任务",
    "Unit": "单位",
    "Platform": "平台",
    "Enterprise": "企业",
    "TalentProgram": "人才计划",
    "Industry": "产业",
    "Industry965": "“965”产业",
    "Place": "地区",
    "Policy": "政策",
    "Fund": "基金",
    "Target": "目标",
}
RELATION_CN = {
    "LEADS": "牵头",
    "CO_RESPONSIBLE": "责任",
    "GUIDES": "指导",
    "PART_OF": "属于",
    "MENTIONS": "提及",
    "BUILDS": "建设",
    "SERVES": "服务",
    "SETS": "目标",
    "MEMBER_OF": "成员",
    "IN_965": "归入",
}
STYLE = {  # colour, shape (the same colours as neo4j/innokg.grass)
    "Document": ("#4C5B6B", "box"),
    "Section": ("#8C9BAB", "box"),
    "Task": ("#F2B134", "box"),
    "Unit": ("#D1495B", "ellipse"),
    "Platform": ("#2E86AB", "diamond"),
    "Enterprise": ("#6A4C93", "square"),
    "TalentProgram": ("#EF8354", "star"),
    "Industry": ("#3BB273", "triangle"),
    "Industry965": ("#1B7F4B", "hexagon"),
    "Place": ("#8D6A9F", "dot"),
    "Policy": ("#5C6B73", "dot"),
    "Fund": ("#C9A227", "dot"),
    "Target": ("#C9B65F", "dot"),
}
EDGE_COLOUR = {"LEADS": "#D1495B", "CO_RESPONSIBLE": "#E68A95", "SERVES": "#3BB273", "BUILDS": "#2E86AB"}
CDN_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.IGNORECASE)
OPTIONS = {
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 150}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 11, "align": "middle"}},
    "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"}},
    "interaction": {"hover": True, "tooltipDelay": 120},
}


def network_page(view: Neighbourhood, *, link_nodes: bool = False) -> str:
    """The HTML page of a neighbourhood; ``link_nodes`` makes a click open that node's own view."""
    net = Network(height="620px", width="100%", directed=True, cdn_resources="in_line")
    for node in view.nodes:
        colour, shape = STYLE.get(node.label, ("#A5ABB6", "dot"))
        net.add_node(
            node.id,
            label=_short(node.name),
            title=f"{LABEL_CN.get(node.label, node.label)}：{node.name}",
            color=colour,
            shape=shape,
            borderWidth=4 if node.id == view.center.id else 1,
        )
    for edge in view.edges:
        relation = RELATION_CN.get(edge.type, edge.type)
        quote = edge.evidence.quote
        net.add_edge(
            edge.source,
            edge.target,
            label=relation,
            title=f"{relation}：“{quote}”〔{edge.evidence.doc_id}，第 {edge.evidence.start}–{edge.evidence.end} 字〕",
            color=EDGE_COLOUR.get(edge.type, "#B8BFC6"),
            width=3 if edge.type == "LEADS" else 1,
        )
    net.set_options(json.dumps(OPTIONS))
    page = CDN_TAG.sub("", net.generate_html())
    heading = (
        f'<div id="innokg-heading"><strong>{html.escape(view.center.name)}</strong>'
        f" 的关系网络（{view.depth} 层，{len(view.nodes)} 个节点，{len(view.edges)} 条关系）</div>"
    )
    page = page.replace("<body>", "<body>\n" + heading + _legend(view), 1)
    page = page.replace("</head>", _CSS + "</head>", 1)
    if link_nodes:
        page = page.replace("</body>", _CLICK_SCRIPT + "</body>", 1)
    return page


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _legend(view: Neighbourhood) -> str:
    labels = sorted({n.label for n in view.nodes}, key=list(STYLE).index)
    items = "".join(
        f'<span class="innokg-key"><i style="background:{STYLE[label][0]}"></i>{html.escape(LABEL_CN[label])}</span>'
        for label in labels
        if label in STYLE
    )
    relations = sorted({e.type for e in view.edges})
    items += "".join(
        f'<span class="innokg-key"><b style="border-color:{EDGE_COLOUR.get(t, "#B8BFC6")}"></b>'
        f"{html.escape(RELATION_CN.get(t, t))}</span>"
        for t in relations
    )
    return f'<div id="innokg-legend">{items}</div>'


_CSS = """<style>
  body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 0; }
  #innokg-heading { padding: 6px 10px; font-size: 15px; }
  #innokg-legend { padding: 0 10px 6px; font-size: 13px; color: #333; }
  .innokg-key { margin-right: 12px; white-space: nowrap; }
  .innokg-key i { display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin-right: 4px; }
  .innokg-key b { display: inline-block; width: 18px; border-top: 3px solid; margin: 0 4px 3px 0; }
  #mynetwork { border: 0 !important; }
</style>
"""

# a click on a node asks the page around this view (the web page) to open that node
_CLICK_SCRIPT = """<script>
  network.on("click", function (params) {
    if (params.nodes.length) {
      window.parent.postMessage({ innokgNode: params.nodes[0] }, window.location.origin);
    }
  });
</script>
"""
