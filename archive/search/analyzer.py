"""Old home of the Whoosh analysis (now ``archive.search.engine.whoosh_analysis``).

Whoosh pickles an index's schema with its analyzer's class path: indexes
built before the move name ``archive.search.analyzer.ArabicAnalyzer`` and
open through this name until they are rebuilt.
"""
from archive.search.engine.whoosh_analysis import ArabicAnalyzer  # noqa: F401
