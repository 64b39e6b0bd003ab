"""The graph stage: the typed model shared by every stage, the stores and the queries.

``graph`` knows nothing of spaCy, HTTP or the terminal.
"""
