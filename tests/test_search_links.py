"""A results page's facet links (archive/search/links.py): ``FacetLinks`` encodes the query once and each link
only the value it adds; every link must be the one ``with_value`` and ``with_params`` write, parameter for
parameter: repeated parameters, blanks, dates already set, a page number, text that needs quoting."""
import itertools
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from archive.search.links import FacetLinks, with_params, with_value

NAMES = ["q", "person", "place", "from", "to", "page", "sort", "source"]
VALUES = ["", "روسيا", "a b", "x&y=z", "2018-01-01", "7", "é%"]


def some_queries(count=400):
    """Deterministic parameter lists of every mix of ``NAMES`` and ``VALUES`` (the same each run)."""
    pairs = list(itertools.product(NAMES, VALUES))
    for number in range(count):
        yield [pairs[(number * step) % len(pairs)] for step in range(1, number % 7 + 1)]


@pytest.mark.parametrize("name", ["person", "place", "source"])
def test_each_facet_link_is_the_one_with_value_and_with_params_write(name):
    for pairs in some_queries():
        query = QueryDict(urlencode(pairs))
        links = FacetLinks(query)
        for value in VALUES[1:]:
            assert links.adding(name, value) == with_value(query, name, value), (pairs, value)
        assert links.month("2018-03-01", "2018-03-31") == with_params(
            query, page=None, **{"from": "2018-03-01", "to": "2018-03-31"}), pairs
