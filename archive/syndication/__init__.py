"""How the archive is followed and found from outside its pages.

:mod:`.feeds` (RSS and Atom for the latest articles, a tag, a source, any
search), :mod:`.sitemaps` (every published article, tag and dated period)
and :mod:`.discovery` (OpenSearch and its suggestions, robots.txt, the
favicon). Reading other sites' feeds in is :mod:`archive.importing.feeds`.
"""
