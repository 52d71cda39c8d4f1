"""Batches of ids for statements and shares of a batch for workers: every item once, in order, none too many."""
import pytest

from archive.slicing import shares, slices


@pytest.mark.parametrize(("items", "size", "expected"), [
    ([], 3, []),
    ([1, 2, 3], 3, [[1, 2, 3]]),
    ([1, 2, 3, 4, 5, 6, 7], 3, [[1, 2, 3], [4, 5, 6], [7]]),
    ([1, 2], 5, [[1, 2]]),
])
def test_slices_keep_every_item_once_in_order_and_none_longer_than_asked(items, size, expected):
    assert slices(items, size) == expected


@pytest.mark.parametrize(("items", "count", "expected"), [
    ([], 2, []),
    ([1], 2, [[1]]),
    ([1, 2, 3], 2, [[1, 2], [3]]),
    ([1, 2, 3, 4], 2, [[1, 2], [3, 4]]),
    (list(range(10)), 4, [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]),
])
def test_shares_are_at_most_one_a_worker_and_near_equal(items, count, expected):
    assert shares(items, count) == expected
    assert len(shares(items, count)) <= count
