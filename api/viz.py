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
from collections import OrderedDict

from innokg.graph.model.vocab import LABELS, RELATIONS, Label, RelType, label_cn, relation_cn
from innokg.graph.model.answers import Neighbourhood
from pyvis.network import Network

CDN_TAG = re.compile(r"<(?:link|script)\b[^>]*(?:href|src)=\"https?://[^\"]*\"[^>]*>(?:\s*</script>)?", re.IGNORECASE)
OPTIONS = {
    "physics": {"solver": "forceAtlas2Based", "stabilization": {"iterations": 150}},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "font": {"size": 11, "align": "middle"}},
    "nodes": {"font": {"size": 14, "face": "Noto Sans CJK SC, sans-serif"}},
    "interaction": {"hover": True, "tooltipDelay": 120},
}
#: a view of many nodes (depth 2 or 3): spread out, edge words left to the legend and the
#: tooltips, and node names drawn even when the whole view is zoomed out to fit
BIG = 60
BIG_OPTIONS = {
    **OPTIONS,
    "physics": {
        "solver": "barnesHut",
        "barnesHut": {"gravitationalConstant": -12000, "springLength": 160, "avoidOverlap": 0.3},
        "stabilization": {"iterations": 400},
    },
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "font": {"size": 0}, "smooth": False},
    "nodes": {"font": {"size": 22, "face": "Noto Sans CJK SC, sans-serif"}, "scaling": {"label": {"drawThreshold": 3}}},
}


def network_page(view: Neighbourhood, *, link_nodes: bool = False) -> str:
    """The HTML page of a neighbourhood; ``link_nodes`` makes a click open that node's own view."""
    net = Network(height="620px", width="100%", directed=True, cdn_resources="in_line")
    for node in view.nodes:
        look = LABELS[Label(node.label)]
        net.add_node(
            node.id,
            label=inert(_short(node.name)),
            title=inert(f"{look.cn}：{node.name}"),
            color=look.colour,
            shape=look.shape,
            borderWidth=4 if node.id == view.center.id else 1,
        )
    for edge in view.edges:
        relation = relation_cn(edge.type)
        line = RELATIONS[RelType(edge.type)]
        quote = edge.evidence.quote
        net.add_edge(
            edge.source,
            edge.target,
            label=relation,
            title=inert(f"{relation}：“{quote}”〔{edge.evidence.doc_id}，第 {edge.evidence.start}–{edge.evidence.end} 字〕"),
            color=line.colour,
            width=line.width,
        )
    net.set_options(json.dumps(BIG_OPTIONS if len(view.nodes) > BIG else OPTIONS))
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


_HREF = re.compile("href", re.IGNORECASE)


def inert(text: str) -> str:
    """Text from documents as pyvis can show it without running it: pyvis 0.3.2 switches its
    tooltips to ``innerHTML`` as soon as any title contains "href", so no title may, and angle
    brackets become their full-width look-alikes (nothing parses as a tag).

    >>> inert('<a href=x onmouseover="go()">名</a>')
    '＜a h\u200bref=x onmouseover="go()"＞名＜/a＞'
    """
    return _HREF.sub(lambda m: m.group(0)[0] + "\u200b" + m.group(0)[1:], text).replace("<", "＜").replace(">", "＞")


def _short(name: str, limit: int = 16) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _legend(view: Neighbourhood) -> str:
    labels = [label for label in LABELS if label in {n.label for n in view.nodes}]
    items = "".join(
        f'<span class="innokg-key"><i style="background:{LABELS[label].colour}"></i>{html.escape(label_cn(label))}</span>'
        for label in labels
    )
    relations = [rel for rel in RELATIONS if rel in {e.type for e in view.edges}]
    items += "".join(
        f'<span class="innokg-key"><b style="border-color:{RELATIONS[rel].colour}"></b>'
        f"{html.escape(relation_cn(rel))}</span>"
        for rel in relations
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


class PageCache:
    """The last pages rendered, by (store, graph state, node, depth): a page is ~100 ms of CPU and
    popular nodes are asked for again and again; a changed graph has a new state, so a page of
    an old graph is never served (and ages out).

    >>> pages = PageCache(2)
    >>> pages.put("a", "<p>a</p>"); pages.put("b", "<p>b</p>"); pages.get("a"); pages.put("c", "<p>c</p>")
    '<p>a</p>'
    >>> pages.get("b") is None, pages.get("a"), pages.get("c")
    (True, '<p>a</p>', '<p>c</p>')
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._pages: OrderedDict[object, str] = OrderedDict()

    def get(self, key: object) -> str | None:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: object, page: str) -> None:
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)
