"""Answers taken with ``get()``: work handed to other processes or threads comes back later, work done at once
(no pool started, a single share) is :class:`Done`, so the code that waits for it is the same for both.

The import's workers (``archive.importing.workers``) and the PostgreSQL
engine's analysts (``archive.search.engine.postgres_backend``) share them.
"""


class Done:
    """An answer already made."""

    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value


class Gathered:
    """The results of ``futures``, in their order, as a list."""

    def __init__(self, futures):
        self.futures = futures

    def get(self):
        return [future.result() for future in self.futures]
