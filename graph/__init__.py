"""The graph stage: records to nodes and relations (build), the stores (embedded, Neo4j), the
answers both give (view, search, stats), network analysis and exports.

:mod:`innokg.graph.model` is the ground floor every stage imports (model, vocabulary, errors,
names, data files, resolver); the rest of ``graph`` knows nothing of spaCy, HTTP or the terminal.
"""
