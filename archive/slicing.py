"""A list cut into consecutive slices: a statement's batch of ids, a worker's share of a batch.

Python 3.12's ``itertools.batched`` gives tuples from any iterable; here
every caller holds a list and wants lists (a statement's parameters, a
pickled share), so they are slices.
"""


def slices(items, size):
    """``items`` as consecutive slices of ``size`` items (the last may be shorter); none for no items."""
    return [items[start:start + size] for start in range(0, len(items), size)]


def shares(items, count):
    """``items`` as at most ``count`` consecutive slices of near-equal size (the last may be shorter)."""
    return slices(items, max(1, -(-len(items) // count)))
