"""Keeping the site answering under load and faults, whatever the page.

:mod:`.fair_share` (one expensive request at a time per client, across
workers), :mod:`.throttle` (rate limits per client), :mod:`.replicas` (reads
to PostgreSQL replicas where a reader cannot tell) and :mod:`.unavailable`
(a 503 page when the database is away).
"""
