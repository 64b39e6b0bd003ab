"""Network analysis of the graph: who carries the plan, who works with whom, which industries
have platforms behind them. The notebooks and ``innokg analyze`` call these functions.

Every function takes plain networkx graphs whose nodes carry ``label`` and ``name`` and whose
edges carry ``type`` (:func:`whole_graph` makes one from any store's export), so each can be
tried on a graph of a few nodes, as the examples do with :func:`example_graph`.

- :mod:`.networks`: the whole graph, the unit–task and co-responsibility networks, industries;
- :mod:`.centrality`: role counts, centrality, structural holes, communities;
- :mod:`.coverage`: "965" coverage and the targets tables;
- :mod:`.citations`: the citation network of the library and its hubs;
- :mod:`.reports`: the analyses offered by name (``innokg analyze``), titled and cut alike;
- :mod:`.editions`: responsibility shifts between two editions of a plan (read through a store);
- :mod:`innokg.graph.export`: GraphML, GEXF and CSV files.
"""

from innokg.graph.analysis.centrality import (
    COLUMNS_CN,
    centrality,
    communities,
    community_members,
    role_counts,
    structural_holes,
)
from innokg.graph.analysis.citations import HUB_COLUMNS_CN, citation_hubs, citation_network
from innokg.graph.analysis.coverage import coverage, coverage_by_group, targets_by, targets_table, uncovered
from innokg.graph.analysis.networks import (
    ROLE_WEIGHTS,
    co_responsibility_network,
    example_graph,
    industry_platform_graph,
    unit_task_graph,
    whole_graph,
)
from innokg.graph.analysis.editions import SHIFT_COLUMNS_CN, pairs_table, responsibility_shift
from innokg.graph.analysis.reports import REPORTS, report
from innokg.graph.export import export, flat

__all__ = [
    "COLUMNS_CN", "ROLE_WEIGHTS", "HUB_COLUMNS_CN", "citation_hubs", "citation_network", "centrality", "communities", "community_members", "role_counts",
    "structural_holes", "coverage", "coverage_by_group", "targets_by", "targets_table", "uncovered",
    "co_responsibility_network", "example_graph", "industry_platform_graph", "unit_task_graph",
    "whole_graph", "export", "flat", "REPORTS", "report", "SHIFT_COLUMNS_CN", "pairs_table", "responsibility_shift",
]
