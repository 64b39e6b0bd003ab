"""Figures for the notebooks, with Chinese labels that render (no tofu boxes).

:func:`use_chinese_font` picks an installed CJK font (``make test`` installs Debian's
``fonts-noto-cjk``) and tells matplotlib to use it; the drawing helpers call it themselves.
"""

from __future__ import annotations

from functools import lru_cache

import matplotlib.pyplot as plt
import networkx as nx
import pandas as pd
from innokg.graph.model.errors import InnokgError
from innokg.graph.analysis.centrality import COLUMNS_CN
from innokg.graph.model.answers import Timeline
from innokg.graph.model.vocab import LABELS, Label
from matplotlib import font_manager
from matplotlib.ticker import MaxNLocator

CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Zen Hei", "SimHei", "Microsoft YaHei")


#: words in the file names of CJK fonts, to find them among the system's fonts
CJK_FILE_HINTS = ("cjk", "sourcehan", "wqy", "simhei", "msyh", "notosanssc")


@lru_cache(maxsize=1)
def use_chinese_font() -> str:
    """Select an installed CJK font for every figure; returns its name.

    matplotlib lists the fonts it found when it first ran, in a cache it does not refresh: a
    font installed later (``make test`` installs fonts-noto-cjk after ``make demo`` has run) is
    looked for among the system's font files and added.

    >>> use_chinese_font() in CJK_FONTS
    True
    """
    name = _known_cjk_font() or _add_system_cjk_fonts()
    if name is None:
        raise InnokgError("没有找到中文字体：请安装 fonts-noto-cjk（Debian: apt-get install fonts-noto-cjk；make sysdeps 会安装）")
    plt.rcParams["font.sans-serif"] = [name, "DejaVu Sans"]
    plt.rcParams["font.family"] = "sans-serif"
    plt.rcParams["axes.unicode_minus"] = False
    return name


def _known_cjk_font() -> str | None:
    """The first of :data:`CJK_FONTS` matplotlib knows."""
    known = {font.name for font in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in known), None)


def _add_system_cjk_fonts() -> str | None:
    """Add the system's CJK font files matplotlib's cache does not list; the first known CJK font after."""
    listed = {font.fname for font in font_manager.fontManager.ttflist}
    for path in font_manager.findSystemFonts():
        if path not in listed and any(hint in path.lower().replace("-", "").replace("_", "") for hint in CJK_FILE_HINTS):
            try:
                font_manager.fontManager.addfont(path)
            except (OSError, RuntimeError, ValueError):
                continue  # an unreadable font file: the next one may do
    return _known_cjk_font()


def bar_chart(table: pd.DataFrame, column: str, label: str = "name", title: str = "", top: int = 15, ax=None):
    """Horizontal bars of ``column`` for the first ``top`` rows, labelled by ``label``; returns the axes."""
    use_chinese_font()
    rows = table.head(top).iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.38 * len(rows) + 1.2))
    ax.barh(rows[label].astype(str), rows[column], color=LABELS[Label.UNIT].colour)
    ax.set_title(title)
    ax.set_xlabel(COLUMNS_CN.get(column, column))  # the axis speaks Chinese: 中介中心性, 目标数
    ax.figure.tight_layout()
    return ax


def stacked_bars(table: pd.DataFrame, columns: dict[str, str], label: str = "name", title: str = "", ax=None):
    """Stacked horizontal bars: ``columns`` maps a column to its legend text."""
    use_chinese_font()
    rows = table.iloc[::-1]
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 0.38 * len(rows) + 1.4))
    left = None
    for column, legend in columns.items():
        ax.barh(rows[label].astype(str), rows[column], left=left, label=legend)
        left = rows[column] if left is None else left + rows[column]
    ax.set_title(title)
    ax.legend(loc="lower right")
    ax.figure.tight_layout()
    return ax


def shift_chart(table: pd.DataFrame, column: str = "change", label: str = "name", title: str = "", ax=None):
    """Horizontal bars of a change between two editions (percentage points), rises in the colour
    of 新增 and falls in that of 删除; units whose share did not move are left out; returns the axes."""
    from innokg.graph.model.vocab import Change

    use_chinese_font()
    rows = table[table[column] != 0].sort_values(column, kind="stable")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.38 * max(len(rows), 1) + 1.2))
    colours = [Change.ADDED.colour if v > 0 else Change.REMOVED.colour for v in rows[column]]
    ax.barh(rows[label].astype(str), rows[column], color=colours)
    ax.axvline(0, color="#555", linewidth=0.8)
    ax.set_title(title)
    ax.set_xlabel("百分点（B − A）")
    ax.figure.tight_layout()
    return ax


def draw_network(N: nx.Graph, title: str = "", size: dict | None = None, seed: int = 7, ax=None):
    """A weighted network with its nodes' names: edge width by ``weight``, node size by ``size``."""
    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 9))
    position = nx.spring_layout(N, weight="weight", seed=seed, k=1.2 / max(len(N), 1) ** 0.5)
    widths = [0.4 + 0.6 * N[u][v].get("weight", 1) for u, v in N.edges()]
    sizes = [200 + 120 * (size or {}).get(n, 1) for n in N]
    colours = [_colour(N.nodes[n].get("label")) for n in N]
    nx.draw_networkx_edges(N, position, width=widths, alpha=0.35, ax=ax)
    nx.draw_networkx_nodes(N, position, node_size=sizes, node_color=colours, alpha=0.9, ax=ax)
    nx.draw_networkx_labels(N, position, labels={n: N.nodes[n].get("name", n) for n in N}, font_size=9, ax=ax,
                            font_family=plt.rcParams["font.sans-serif"][0])
    ax.set_title(title)
    ax.axis("off")
    ax.figure.tight_layout()
    return ax


def _colour(label: str | None) -> str:
    """The label's colour in the one table (graph/model/vocab.py); grey for anything else."""
    if label is None or label not in Label._value2member_map_:
        return "#8C9BAB"
    return LABELS[Label(label)].colour


def timeline_chart(line: Timeline, ax=None):
    """A target timeline (:func:`innokg.graph.timeline.timeline`): each document's targets as dots
    by year (targets of one year side by side), what progress tables reported as hollow diamonds;
    returns the axes."""
    use_chinese_font()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.8))
    documents = list(dict.fromkeys(p.document.id for p in line.points))
    dated = [p for p in line.points if p.year is not None]
    x = _side_by_side(dated)
    ax.plot([x[id(p)] for p in dated], [p.plotted for p in dated], color=LABELS[Label.TARGET].colour, zorder=1)
    palette = plt.get_cmap("tab10")
    for i, doc in enumerate(documents):
        mine = [p for p in dated if p.document.id == doc]
        if mine:  # a black ring: a later document stated another value for that year
            ax.scatter([x[id(p)] for p in mine], [p.plotted for p in mine], s=70, color=palette(i), zorder=3,
                       edgecolors=["black" if p.revised_from is not None else "white" for p in mine], linewidths=2,
                       label=mine[0].document.short_title)
    reported = [p for p in line.points if p.reported and p.reported.plotted is not None and p.reported.year is not None]
    if reported:
        ax.scatter([p.reported.year for p in reported if p.reported], [p.reported.plotted for p in reported if p.reported],
                   marker="D", s=60, facecolors="white", edgecolors="#0072B2", linewidths=2, zorder=3, label="进展报告的数值")
    ax.set_title(f"{line.metric}（{line.unit}，{line.kind.cn}）")
    ax.set_xlabel("年份")
    ax.set_ylabel(line.unit)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    years = [y for y in [*(p.year for p in dated), *(p.reported.year for p in reported if p.reported)] if y is not None]
    if years:
        ax.set_xlim(min(years) - 0.5, max(years) + 0.5)  # no mark on the frame
    ax.set_ylim(bottom=min(0, *(p.plotted for p in dated)) if dated else 0)
    ax.legend(fontsize=8, loc="best")
    ax.figure.tight_layout()
    return ax


def _side_by_side(points: list) -> dict[int, float]:
    """Where each point is drawn: at its year, the points of one year a little apart, in order."""
    x = {}
    for p in points:
        same = [q for q in points if q.year == p.year]
        x[id(p)] = (p.year or 0) + 0.08 * (same.index(p) - (len(same) - 1) / 2)
    return x
