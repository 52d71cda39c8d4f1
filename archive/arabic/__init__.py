"""Pure-Python Arabic text analysis for the archive (no Django, no Whoosh).

One pipeline serves indexing, querying, highlighting and duplicate
detection; import from the modules by name, e.g.
``from archive.arabic.normalize import normalize`` or
``from archive.arabic.fingerprint import text_fingerprint``. Nothing is
re-exported here, so ``archive.arabic.normalize`` is always the module.
"""
