"""The public pages a reader browses: the latest articles, an article, tags, the date archive.

:mod:`.articles` (home and an article's page, with the paging and the public
articles every list shares), :mod:`.tags` (a kind's tags, a tag's page and
its timeline PNG), :mod:`.date_archive` (years, months, days),
:mod:`.timeline` (a tag's mentions by month, drawn as SVG and PNG),
:mod:`.images` (lead images: upload checks and serving), :mod:`.converters`
(the URL converters) and :mod:`.context_processors` (what every template
knows). Search pages are :mod:`archive.search`, feeds and sitemaps
:mod:`archive.syndication`.
"""
