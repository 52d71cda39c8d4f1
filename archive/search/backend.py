"""Old home of the Whoosh backend; indexes built before the move pickled these field classes by this path."""
from archive.search.engine.whoosh_backend import ArabicWhooshEngine, KeywordList, _ListColumn  # noqa: F401
