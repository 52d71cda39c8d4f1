"""A results page's links (archive/search/links.py): ``QueryLinks`` encodes the query once and each link only
what it changes; every link must keep every other parameter, in its place, with its every value, and drop the
page number where a filter changes: repeated parameters, blanks, dates already set, a page number, text that
needs quoting. Each link is checked against the query string written out in full from the parameter list."""
import itertools
from urllib.parse import urlencode

import pytest
from django.http import QueryDict

from archive.search.links import QueryLinks

NAMES = ["q", "person", "place", "from", "to", "page", "sort", "source"]
VALUES = ["", "روسيا", "a b", "x&y=z", "2018-01-01", "7", "é%"]


def some_queries(count=400):
    """Deterministic parameter lists of every mix of ``NAMES`` and ``VALUES`` (the same each run)."""
    pairs = list(itertools.product(NAMES, VALUES))
    for number in range(count):
        yield [pairs[(number * step) % len(pairs)] for step in range(1, number % 7 + 1)]


def written_out(params):
    """``{name: [values]}`` as the query string a link carries: names in order, blank values left out."""
    return "?" + urlencode([(name, value) for name, values in params.items() for value in values if value != ""])


def grouped(pairs):
    """The (name, value) pairs of a query as ``{name: [values]}``, names in the order they first appear."""
    params = {}
    for name, value in pairs:
        params.setdefault(name, []).append(value)
    return params


@pytest.mark.parametrize("name", ["person", "place", "source"])
def test_a_facet_link_adds_or_drops_its_value_and_the_page_and_keeps_everything_else(name):
    for pairs in some_queries():
        links = QueryLinks(QueryDict(urlencode(pairs)))
        for value in VALUES[1:]:
            params = grouped(pairs)
            params.pop("page", None)
            own = params.setdefault(name, [])
            added = dict(params, **{name: own if value in own else [*own, value]})
            dropped = dict(params, **{name: [item for item in own if item != value]})
            assert links.adding(name, value) == written_out(added), (pairs, value)
            assert links.dropping(name, value) == written_out(dropped), (pairs, value)


def test_a_replaced_parameter_goes_last_and_none_drops_one():
    for pairs in some_queries():
        links = QueryLinks(QueryDict(urlencode(pairs)))
        params = grouped(pairs)
        for name in ("page", "from", "to"):
            params.pop(name, None)
        month = {**params, "from": ["2018-03-01"], "to": ["2018-03-31"]}
        assert links.replacing(page=None, **{"from": "2018-03-01", "to": "2018-03-31"}) == written_out(month), pairs
        turned = {name: values for name, values in grouped(pairs).items() if name != "page"}
        assert links.replacing(page=3) == written_out({**turned, "page": ["3"]}), pairs


def test_links_of_a_real_query_read_back_as_the_user_expects():
    links = QueryLinks(QueryDict("q=%D8%B1%D9%88%D8%B3%D9%8A%D8%A7&person=putin&page=4&sort=newest"))
    added = QueryDict(links.adding("person", "lavrov")[1:])
    assert added.getlist("person") == ["putin", "lavrov"] and added["q"] == "روسيا" and "page" not in added
    assert added["sort"] == "newest"
    dropped = QueryDict(links.dropping("person", "putin")[1:])
    assert "person" not in dropped and dropped["q"] == "روسيا" and "page" not in dropped
    assert QueryDict(links.replacing(page=5)[1:])["page"] == "5"
