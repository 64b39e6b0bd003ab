"""The network view: a node's neighbourhood as a self-contained pyvis page that works offline.

pyvis inlines vis-network with ``cdn_resources="in_line"`` but its template still links
bootstrap from a CDN; those tags are dropped, so the page makes no request at all. The page the
service serves links vis-network from the service itself instead (``assets``: 0.7 MB sent once
and cached by the browser, not with every page), and pyvis's template is compiled once per
process (pyvis compiles it, with the 0.7 MB it includes, for every page). Names come
from documents (untrusted): vis-network draws labels on a canvas and shows tooltips as text,
node data reaches the page through Jinja's ``tojson`` (which escapes ``<``, ``>`` and ``&``),
and the heading and legend are escaped here.
"""

from __future__ import annotations

import html
import json
import re
from collections import OrderedDict
from functools import lru_cache
from pathlib import Path
from typing import Any

from innokg.graph.model.vocab import LABELS, RELATIONS, Label, RelType, label_cn, relation_cn
from innokg.graph.model.answers import Neighbourhood
import pyvis
from jinja2 import Environment, FileSystemLoader
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


#: vis-network as pyvis ships it, served by the service under a path naming its version
VIS_VERSION = "9.1.2"
VIS_FILES = {"vis-network.min.js": "text/javascript; charset=utf-8", "vis-network.css": "text/css; charset=utf-8"}
_TEMPLATES = Path(pyvis.__file__).parent / "templates"


@lru_cache(maxsize=1)
def _templates() -> Environment:
    """pyvis's templates, compiled once: each ``Network`` makes an environment of its own (no
    cache) and so compiles its template, included scripts and all, for every page."""
    return Environment(loader=FileSystemLoader(str(_TEMPLATES)))


@lru_cache(maxsize=len(VIS_FILES))
def asset(name: str) -> bytes:
    """One of vis-network's files (:data:`VIS_FILES`), read once."""
    return (_TEMPLATES / "lib" / f"vis-{VIS_VERSION}" / name).read_bytes()


def network_page(
    view: Neighbourhood,
    *,
    link_nodes: bool = False,
    titles: dict[str, str] | None = None,
    depths: bool = True,
    assets: str | None = None,
) -> str:
    """The HTML page of a neighbourhood, with its controls: filters by node type, relation and
    document, aggregation of tasks into their sections or documents (a view over :data:`BIG`
    nodes starts aggregated), fit to view, PNG and SVG export. ``link_nodes`` (the page served by
    the API): a click expands a node (its neighbours fetched from the API and added), a double
    click opens its own view in the page around, and the depth can be changed (``depths``).
    ``titles``: documents' short titles by id, for the document filter. ``assets``: where
    vis-network's files (:func:`asset`) are served (a URL ending in ``/``); None: inlined, for a
    page that works offline on its own."""
    net = Network(height="620px", width="100%", directed=True, cdn_resources="in_line" if assets is None else "remote")
    net.templateEnv = _templates()
    groups = {e.source: e.target for e in view.edges if e.type == RelType.PART_OF.value}
    for node in view.nodes:
        look = LABELS[Label(node.label)]
        net.add_node(
            node.id,
            label=inert(_short(node.name)),
            title=inert(f"{look.cn}：{node.name}"),
            color=look.colour,
            shape=look.shape,
            borderWidth=4 if node.id == view.center.id else 1,
            kind=node.label,
            group_of=groups.get(node.id, "") if node.label == Label.TASK.value else "",
            doc=_doc_of(node.id) if node.label in _PER_DOCUMENT else "",
        )
    docs: dict[str, str] = {}
    for edge in view.edges:
        relation = relation_cn(edge.type)
        line = RELATIONS[RelType(edge.type)]
        quote = edge.evidence.quote
        doc_id = edge.evidence.doc_id
        docs.setdefault(doc_id, (titles or {}).get(doc_id) or doc_id)
        _add_edge(
            net,
            edge.source,
            edge.target,
            label=relation,
            title=inert(f"{relation}：“{quote}”〔{docs[doc_id]}，第 {edge.evidence.start}–{edge.evidence.end} 字〕"),
            color=line.colour,
            width=line.width,
            rel=edge.type,
            doc=doc_id,
        )
    net.set_options(json.dumps(BIG_OPTIONS if len(view.nodes) > BIG else OPTIONS))
    page = CDN_TAG.sub(lambda tag: _local(tag.group(0), assets), net.generate_html())
    heading = (
        f'<div id="innokg-heading"><strong>{html.escape(view.center.name)}</strong>'
        f' 的关系网络（{view.depth} 层，{len(view.nodes)} 个节点，{len(view.edges)} 条关系）<span id="innokg-shown"></span></div>'
    )
    controls = _controls(view, docs, link_nodes and depths)
    page = page.replace("<body>", "<body>\n" + heading + controls + _legend(view), 1)
    page = page.replace("</head>", _CSS + "</head>", 1)
    setup = {
        "center": view.center.id,
        "big": BIG,
        "linked": link_nodes,
        "looks": {label.value: {"cn": look.cn, "colour": look.colour, "shape": look.shape} for label, look in LABELS.items()},
        "relations": {rel.value: {"cn": relation_cn(rel), "colour": line.colour, "width": line.width} for rel, line in RELATIONS.items()},
        "docs": docs,
        "name": view.center.name,
    }
    page = page.replace("</body>", _script(setup) + "</body>", 1)
    return page


def _add_edge(net: Network, source: str, target: str, **options) -> None:
    """``net.add_edge`` without its check that both ends are among the nodes (a scan of the node
    list for every edge: quadratic in a view of hundreds); a neighbourhood's edges join its nodes."""
    net.edges.append({**options, "from": source, "to": target, "arrows": "to"})


def _local(tag: str, assets: str | None) -> str:
    """A CDN tag of pyvis's template: vis-network's script or style from ``assets``; any other, dropped.

    >>> _local('<script src="https://cdn.example/vis-network/9.1.2/dist/vis-network.min.js" integrity="x"></script>', "/assets/vis/")
    '<script src="/assets/vis/vis-network.min.js"></script>'
    >>> _local('<link href="https://cdn.example/bootstrap.min.css" rel="stylesheet">', "/assets/vis/")
    ''
    """
    url = _URL.search(tag)
    if assets is None or url is None or "vis-network" not in url.group(1):
        return ""
    if url.group(1).endswith(".js"):
        return f'<script src="{html.escape(assets, quote=True)}vis-network.min.js"></script>'
    if url.group(1).endswith(".css"):
        return f'<link rel="stylesheet" href="{html.escape(assets, quote=True)}vis-network.css">'
    return ""


_URL = re.compile(r'(?:href|src)="([^"]*)"', re.IGNORECASE)


_PER_DOCUMENT = {Label.DOCUMENT.value, Label.SECTION.value, Label.TASK.value, Label.TARGET.value}


def _doc_of(node_id: str) -> str:
    """The document a task, section or target belongs to: ids are ``doc_id#path``."""
    return node_id.split("#", 1)[0]


def _script(setup: dict) -> str:
    """The controls' script, with the setup as JSON no document text can close the script with."""
    data = json.dumps(setup, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return "<script>\nconst INNOKG = " + data + ";\n" + _CONTROLS_JS + "</script>\n"


def _controls(view: Neighbourhood, docs: dict[str, str], depths: bool) -> str:
    labels = [label for label in LABELS if label in {n.label for n in view.nodes}]
    relations = [rel for rel in RELATIONS if rel in {e.type for e in view.edges}]
    kinds = "".join(
        f'<label><input type="checkbox" class="innokg-kind" value="{html.escape(label)}" checked>{html.escape(label_cn(label))}</label>'
        for label in labels
    )
    rels = "".join(
        f'<label><input type="checkbox" class="innokg-rel" value="{html.escape(rel)}" checked>{html.escape(relation_cn(rel))}</label>'
        for rel in relations
    )
    options = "".join(
        f'<option value="{html.escape(doc_id, quote=True)}">{html.escape(title)}</option>' for doc_id, title in sorted(docs.items(), key=lambda d: d[1])
    )
    depth = (
        '<label>层数 <select id="innokg-depth">'
        + "".join(f'<option value="{d}"{" selected" if d == view.depth else ""}>{d}</option>' for d in (1, 2, 3))
        + "</select></label>"
        if depths
        else ""
    )
    return (
        '<details id="innokg-tools" open><summary>筛选与工具</summary><div id="innokg-controls">'
        f'<span class="innokg-group">节点：{kinds}</span>'
        f'<span class="innokg-group">关系：{rels}</span>'
        f'<span class="innokg-group"><select id="innokg-doc" title="只看某一文件的关系"><option value="">全部文件</option>{options}</select>'
        f"{depth}"
        '<label>聚合 <select id="innokg-aggregate" title="任务多时按章节或文件聚合为一个节点，单击展开">'
        '<option value="auto">自动</option><option value="section">按章节</option><option value="document">按文件</option><option value="none">不聚合</option></select></label></span>'
        '<span class="innokg-group"><button id="innokg-fit" type="button">适应窗口</button>'
        '<button id="innokg-png" type="button">导出 PNG</button><button id="innokg-svg" type="button">导出 SVG</button></span>'
        '<div id="innokg-hint">单击节点：展开其邻域（聚合节点：展开其中的任务）；双击：打开该节点的详情</div>'
        "</div></details>"
    )


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
  html, body { height: 100%; }
  body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; margin: 0; display: flex; flex-direction: column; }
  center { display: none; }  /* pyvis's empty headings */
  #innokg-heading { padding: 6px 10px 2px; font-size: 15px; }
  #innokg-shown { color: #666; font-size: 13px; margin-left: 6px; }
  #innokg-controls { padding: 2px 10px; font-size: 13px; color: #333; display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
  #innokg-controls label { white-space: nowrap; margin-right: 6px; }
  #innokg-controls select, #innokg-controls button { font-size: 13px; padding: 2px 6px; border: 1px solid #aab; border-radius: 5px; background: #fff; }
  #innokg-controls select#innokg-doc { max-width: 240px; }
  #innokg-controls button { cursor: pointer; margin-right: 4px; }
  #innokg-hint { flex-basis: 100%; color: #777; font-size: 12px; }
  #innokg-tools summary { padding: 0 10px; font-size: 13px; color: #1d5fa7; cursor: pointer; }
  @media (max-width: 600px) { #innokg-legend { display: none; } }  /* the filters name the same types */
  #innokg-legend { padding: 0 10px 4px; font-size: 13px; color: #333; }
  .innokg-key { margin-right: 12px; white-space: nowrap; }
  .innokg-key i { display: inline-block; width: 11px; height: 11px; border-radius: 6px; margin-right: 4px; }
  .innokg-key b { display: inline-block; width: 18px; border-top: 3px solid; margin: 0 4px 3px 0; }
  body > .card { flex: 1 1 auto; min-height: 260px; display: flex; flex-direction: column; }
  #mynetwork { border: 0 !important; flex: 1 1 auto; height: auto !important; min-height: 260px; float: none !important; }
  #loadingBar { height: 100% !important; }
</style>
"""

# The controls (see network_page). Names reach the canvas and tooltips as text only; the SVG
# export escapes them.
_CONTROLS_JS = r"""
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const hiddenKinds = new Set(), hiddenRels = new Set();
  let clusters = [];
  const short = (name) => (name.length <= 16 ? name : name.slice(0, 15) + "…");
  const inert = (text) => text.replace(/href/gi, (m) => m[0] + "\u200b" + m.slice(1)).replace(/</g, "＜").replace(/>/g, "＞");
  const docOf = (id) => id.split("#")[0];

  function groupKey(node, by) {
    if (node.kind !== "Task") return null;
    if (by === "document") return "doc:" + (node.doc || docOf(node.id));
    return node.group_of ? "sec:" + node.group_of : "doc:" + (node.doc || docOf(node.id));
  }
  function groupName(key) {
    const id = key.slice(4);
    const node = nodes.get(id);
    if (node) return (node.title || "").replace(/^[^：]*：/, "") || id;
    return INNOKG.docs[id] || id;
  }
  function openClusters() {
    for (const id of clusters) if (network.isCluster(id)) network.openCluster(id);
    clusters = [];
  }
  function apply(fit) {
    openClusters();
    const onlyDoc = $("innokg-doc").value;
    const shown = new Set();
    for (const n of nodes.get()) {
      if (n.id === INNOKG.center || !hiddenKinds.has(n.kind)) shown.add(n.id);
    }
    const linked = new Set([INNOKG.center]);
    const edgeUpdates = [];
    for (const e of edges.get()) {
      const visible = !hiddenRels.has(e.rel) && (!onlyDoc || e.doc === onlyDoc) && shown.has(e.from) && shown.has(e.to);
      edgeUpdates.push({id: e.id, hidden: !visible});
      if (visible) { linked.add(e.from); linked.add(e.to); }
    }
    edges.update(edgeUpdates);
    nodes.update(nodes.get().map((n) => ({id: n.id, hidden: !(shown.has(n.id) && linked.has(n.id))})));
    const visible = nodes.get().filter((n) => !n.hidden);
    let by = $("innokg-aggregate").value;
    let count = visible.length;
    if (by === "auto") {
      by = "none";
      for (const way of ["section", "document"]) {
        if (count <= INNOKG.big) break;
        by = way;
        count = groups(visible, way).after;
      }
    }
    if (by !== "none") count = aggregate(visible, by);
    $("innokg-shown").textContent = count === nodes.length ? "" : "· 显示 " + count + " 个" + (clusters.length ? "（" + clusters.length + " 个聚合节点）" : "");
    if (fit) setTimeout(() => network.fit(), 50);
  }
  // tasks by their section or document, with the section (or the document and its sections)
  // and every node hanging only off that group's tasks: one cluster node a group
  function groups(visible, by) {
    const key = new Map();
    for (const n of visible) {
      if (n.id === INNOKG.center) continue;
      const k = groupKey(n, by);
      if (k) key.set(n.id, k);
    }
    const keys = new Set(key.values());
    for (const n of visible) {
      if (n.id === INNOKG.center || key.has(n.id)) continue;
      if (by === "section" && keys.has("sec:" + n.id)) key.set(n.id, "sec:" + n.id);
      if (by === "document" && (n.kind === "Document" || n.kind === "Section") && keys.has("doc:" + (n.doc || docOf(n.id)))) key.set(n.id, "doc:" + (n.doc || docOf(n.id)));
    }
    const around = new Map();
    for (const e of edges.get()) {
      if (e.hidden || e.from === INNOKG.center || e.to === INNOKG.center) continue;
      for (const [a, b] of [[e.from, e.to], [e.to, e.from]]) {
        if (!around.has(a)) around.set(a, new Set());
        around.get(a).add(key.get(b) || "other:" + b);
      }
    }
    for (const n of visible) {
      if (n.id === INNOKG.center || key.has(n.id)) continue;
      const near = around.get(n.id);
      if (near && near.size === 1) {
        const only = [...near][0];
        if (!only.startsWith("other:")) key.set(n.id, only);
      }
    }
    const members = new Map();
    for (const [id, k] of key) members.set(k, (members.get(k) || 0) + 1);
    let after = visible.length;
    for (const [, m] of members) if (m >= 2) after -= m - 1;
    return {key: key, members: members, after: after};
  }
  function aggregate(visible, by) {
    const found = groups(visible, by);
    const tasks = new Map();
    for (const n of visible) if (n.kind === "Task" && found.key.has(n.id)) tasks.set(found.key.get(n.id), (tasks.get(found.key.get(n.id)) || 0) + 1);
    for (const [key, count] of found.members) {
      if (count < 2) continue;
      const id = "cluster:" + key;
      const name = groupName(key);
      const n = tasks.get(key) || 0;
      network.cluster({
        joinCondition: (o) => found.key.get(o.id) === key,
        clusterNodeProperties: {
          id: id, kind: "Cluster", shape: "box", borderWidth: 2, color: {background: "#fff4d6", border: "#c98f1e"},
          font: {size: 18}, label: short(name) + "\n" + n + " 项任务" + (count > n ? " · " + count + " 个节点" : ""),
          title: inert(name + "：" + n + " 项任务，共 " + count + " 个节点（单击展开）"),
        },
      });
      clusters.push(id);
    }
    return found.after;
  }
  document.querySelectorAll(".innokg-kind").forEach((box) => box.addEventListener("change", () => {
    box.checked ? hiddenKinds.delete(box.value) : hiddenKinds.add(box.value); apply(true);
  }));
  document.querySelectorAll(".innokg-rel").forEach((box) => box.addEventListener("change", () => {
    box.checked ? hiddenRels.delete(box.value) : hiddenRels.add(box.value); apply(true);
  }));
  $("innokg-doc").addEventListener("change", () => apply(true));
  $("innokg-aggregate").addEventListener("change", () => apply(true));
  $("innokg-fit").addEventListener("click", () => network.fit());
  if ($("innokg-depth")) $("innokg-depth").addEventListener("change", () => {
    if (window.parent !== window) {  // the page around keeps the depth in its address (and reloads this frame)
      window.parent.postMessage({innokgDepth: $("innokg-depth").value}, window.location.origin);
      return;
    }
    const params = new URLSearchParams(location.search);
    params.set("depth", $("innokg-depth").value);
    location.search = params.toString();
  });

  function download(name, url) {
    const a = document.createElement("a");
    a.href = url; a.download = name; document.body.append(a); a.click(); a.remove();
  }
  function png() {
    const canvas = document.querySelector("#mynetwork canvas");
    const out = document.createElement("canvas");
    out.width = canvas.width; out.height = canvas.height;
    const g = out.getContext("2d");
    g.fillStyle = "#fff"; g.fillRect(0, 0, out.width, out.height); g.drawImage(canvas, 0, 0);
    return out.toDataURL("image/png");
  }
  const xml = (t) => String(t).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  function svg() {
    const at = network.getPositions();
    const body = network.body;
    const ids = body.nodeIndices.filter((id) => at[id]);
    if (!ids.length) return "";
    const xs = ids.map((id) => at[id].x), ys = ids.map((id) => at[id].y);
    const x0 = Math.min(...xs) - 120, y0 = Math.min(...ys) - 60, w = Math.max(...xs) - x0 + 120, h = Math.max(...ys) - y0 + 60;
    const parts = ['<svg xmlns="http://www.w3.org/2000/svg" viewBox="' + [x0, y0, w, h].join(" ") + '" font-family="Noto Sans CJK SC, sans-serif">',
      '<rect x="' + x0 + '" y="' + y0 + '" width="' + w + '" height="' + h + '" fill="#fff"/>'];
    for (const id of body.edgeIndices) {
      const e = body.edges[id];
      if (!e || e.options.hidden || !at[e.fromId] || !at[e.toId]) continue;
      const colour = (e.options.color && e.options.color.color) || "#999";
      parts.push('<line x1="' + at[e.fromId].x + '" y1="' + at[e.fromId].y + '" x2="' + at[e.toId].x + '" y2="' + at[e.toId].y + '" stroke="' + xml(colour) + '" stroke-width="' + (e.options.width || 1) + '"/>');
    }
    for (const id of ids) {
      const n = body.nodes[id];
      const colour = (n.options.color && n.options.color.background) || "#97c2fc";
      const label = (n.options.label || "").split("\n");
      parts.push('<circle cx="' + at[id].x + '" cy="' + at[id].y + '" r="' + (n.options.kind === "Cluster" ? 16 : 10) + '" fill="' + xml(colour) + '" stroke="#555"/>');
      label.forEach((line, i) => parts.push('<text x="' + at[id].x + '" y="' + (at[id].y + 28 + i * 18) + '" font-size="16" text-anchor="middle">' + xml(line) + "</text>"));
    }
    parts.push("</svg>");
    return parts.join("\n");
  }
  window.innokgSvg = svg;
  window.innokgPng = png;
  window.innokgApply = apply;
  $("innokg-png").addEventListener("click", () => download(INNOKG.name + "-关系网络.png", png()));
  $("innokg-svg").addEventListener("click", () => download(INNOKG.name + "-关系网络.svg", URL.createObjectURL(new Blob([svg()], {type: "image/svg+xml"}))));

  async function expand(id) {
    const response = await fetch("/graph/neighbourhood/" + encodeURIComponent(id) + "?depth=1");
    if (!response.ok) return;
    const view = await response.json();
    const groups = {};
    for (const e of view.edges) if (e.type === "PART_OF") groups[e.source] = e.target;
    const added = view.nodes.filter((n) => !nodes.get(n.id)).map((n) => {
      const look = INNOKG.looks[n.label] || {cn: n.label, colour: "#999", shape: "dot"};
      return {id: n.id, label: inert(short(n.name)), title: inert(look.cn + "：" + n.name), color: look.colour, shape: look.shape,
        kind: n.label, group_of: n.label === "Task" ? groups[n.id] || "" : "", doc: ["Document", "Section", "Task", "Target"].includes(n.label) ? docOf(n.id) : ""};
    });
    const known = new Set(edges.get().map((e) => e.from + "|" + e.to + "|" + e.rel));
    const more = view.edges.filter((e) => !known.has(e.source + "|" + e.target + "|" + e.type)).map((e) => {
      const line = INNOKG.relations[e.type] || {cn: e.type, colour: "#999", width: 1};
      const doc = e.evidence.doc_id;
      return {from: e.source, to: e.target, label: line.cn, color: line.colour, width: line.width, rel: e.type, doc: doc,
        title: inert(line.cn + "：“" + e.evidence.quote + "”〔" + (INNOKG.docs[doc] || doc) + "，第 " + e.evidence.start + "–" + e.evidence.end + " 字〕")};
    });
    nodes.add(added);
    edges.add(more);
    apply(false);
  }
  network.on("click", (params) => {
    const id = params.nodes[0];
    if (id === undefined) return;
    if (network.isCluster(id)) { network.openCluster(id); clusters = clusters.filter((c) => c !== id); return; }
    if (INNOKG.linked) expand(id);
  });
  network.on("doubleClick", (params) => {
    const id = params.nodes[0];
    if (INNOKG.linked && id !== undefined && !network.isCluster(id)) window.parent.postMessage({innokgNode: id}, window.location.origin);
  });
  network.once("stabilizationIterationsDone", () => network.fit());
  if (window.innerWidth < 600) $("innokg-tools").open = false;  // a narrow frame: the network first
  apply(true);
})();
"""


class PageCache:
    """The last pages rendered, by (store, graph state, node, depth), and what they share (the
    documents' short titles): a page of hundreds of nodes is tens of milliseconds of CPU and
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
        self._pages: OrderedDict[object, Any] = OrderedDict()

    def get(self, key: object) -> Any:
        page = self._pages.get(key)
        if page is not None:
            self._pages.move_to_end(key)
        return page

    def put(self, key: object, page: Any) -> None:
        self._pages[key] = page
        self._pages.move_to_end(key)
        while len(self._pages) > self.size:
            self._pages.popitem(last=False)
