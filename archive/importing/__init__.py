"""Bringing batches of articles into the archive.

A reader per format (:mod:`.textfiles`, :mod:`.jsonlines`, :mod:`.csvfiles`,
:mod:`.feeds`) turns a file into plain :class:`~.records.Record` objects,
or :class:`~.records.Rejection` objects that say where and why; readers
know nothing of the database. :mod:`.inputs` finds the files and picks the
reader; the seed's plain-text shape is parsed by :mod:`.article_text`,
which the demo data shares. :mod:`.writer` turns records into articles (duplicates, dates,
sources, datelines, tags from :mod:`.tagging`), a savepoint per record so a
bad one rolls back alone, and :mod:`.indexing` brings the search index up
to date in batches once the records are in. The ``import_articles``
command and the admin's upload page (:mod:`.upload`) both go through
:class:`.writer.Importer`; an upload runs as a job in a process of its own
(:mod:`.jobs`), within the limits of :mod:`.limits`. ``export_articles``
writes the shape the JSON Lines reader reads back (:mod:`.export`).
"""
