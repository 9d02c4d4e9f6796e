"""Lineage: which earlier measures of other documents each measure carries forward, and how.

    clauses.py   items cut into clauses and weighted words (pure)
    matching.py  candidate clause pairs, scores, evidence spans (pure: items in, matches out)
    relations.py the relation rules on the two passages (pure)
    store.py     reads measures from the database and writes suggestions, keeping people's decisions
"""
