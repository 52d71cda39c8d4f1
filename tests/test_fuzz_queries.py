"""Property tests: no query and no set of parameters makes search fail.

Queries are built from the query grammar (Arabic and Latin words, phrases,
parentheses, OR / أو / |, - and NOT, typed dates such as 10/5/0999) and
mixed with random Unicode; parameters (from, to, page, size, sort, tags,
source) are drawn from real values, edge values and garbage. The reader must
never raise and must keep its caps; every search entry point must answer
below 500 on a real Whoosh index. Runs are deterministic (``derandomize``)
and bounded for ``make test``; ``FUZZ_EXAMPLES=5000`` runs longer.
"""
import json
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive.search.date_words import filterable, read_date_words
from archive.search.syntax import MAX_DEPTH, MAX_PHRASES, MAX_WORDS, Group, Not, Phrase, Word, parse_query
from tests.factories import add_article, load_demo

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
    # The archive is built once per test and only read by the examples.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text a URL can carry: anything but lone surrogates (percent-decoding never yields them).
UNICODE = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
WORDS = st.sampled_from([
    "ترامب", "بوتين", "لافروف", "سوريا", "سورية", "مَاكْرُون", "الأسد", "بشار", "قمة", "في", "من", "ـــ",
    "Trump", "U.S.", "بـ20", "2017", "٢٠١٨", "أيار", "مايو", "كانون الثاني", "NOT", "AND", "TO", "*", "?",
    "title:ترامب", "[a TO b]", "{x}", "^2", "~", "\\", "'", "_", "\u200f", "\u200c", "²", "①②③④",
])
# Years at and around the edges: Whoosh cannot hold a date before 1000.
YEARS = st.sampled_from([0, 1, 999, 1000, 1899, 2017, 9999, 10000]) | st.integers(0, 10999)
DAY_NUMBERS = st.sampled_from([0, 1, 10, 29, 30, 31, 32]) | st.integers(0, 99)
MONTH_NUMBERS = st.sampled_from([0, 1, 2, 12, 13]) | st.integers(0, 99)
ISO_DAYS = st.builds("{:04d}-{:02d}-{:02d}".format, YEARS, MONTH_NUMBERS, DAY_NUMBERS)
WRITTEN_DAYS = st.builds(
    lambda day, month, year, sep: f"{day}{sep}{month}{sep}{year:04d}", DAY_NUMBERS, MONTH_NUMBERS, YEARS,
    st.sampled_from("/.-"),
)
ATOMS = st.one_of(WORDS, WORDS, WORDS, ISO_DAYS, WRITTEN_DAYS, UNICODE, st.integers().map(str))
PHRASES = st.lists(ATOMS, max_size=6).map(lambda words: '"' + " ".join(words) + '"')
OPERATORS = st.sampled_from(["OR", "أو", "او", "|", "-", "NOT"])
EXPRESSIONS = st.recursive(
    ATOMS | PHRASES,
    lambda inner: st.one_of(
        inner.map("-{}".format), inner.map("NOT {}".format), inner.map("({})".format),
        st.builds("{} {} {}".format, inner, OPERATORS, inner),
        st.lists(inner, min_size=2, max_size=5).map(" ".join),
    ),
    max_leaves=40,
)
# The shapes that have broken searches before, with any words in them.
KNOWN_TRAPS = st.builds(
    str.format,
    st.sampled_from(['{} OR "{} {}"', '"{} {}" أو {}', "{} -(-{})", "-(-{} {}) {}", "{} NOT NOT {}", "({} | -{}) {}"]),
    ATOMS, ATOMS, ATOMS,
)
LEXEMES = st.sampled_from(['"', "(", ")", "-", "-(", "(-", "NOT", "OR", "أو", "|", " "]) | ATOMS
NESTING = st.sampled_from(["(", "-(", "(-", '"(', "NOT ", "- ", ")", "أو "])
QUERIES = st.one_of(
    EXPRESSIONS,
    KNOWN_TRAPS,
    st.lists(LEXEMES, max_size=60).map("".join),  # operators glued to anything
    st.builds(lambda piece, times, word: piece * times + word, NESTING, st.integers(1, 1200), WORDS),  # deep, long
    UNICODE,
)

DATE_VALUES = st.one_of(ISO_DAYS, ISO_DAYS, WRITTEN_DAYS, UNICODE, st.sampled_from(["0001-01-01", "١٠/٥/٢٠١٧", ""]))
NUMBERS = st.integers(-10, 10**12).map(str) | UNICODE | st.sampled_from(["", "1e3", "٣", "²", "①", "0x10", " 2 "])
SLUGS = st.lists(st.sampled_from(["دونالد-ترامب", "لبنان", "سانا", "%D8%A7", ""]) | UNICODE, max_size=3)
PARAMS = st.fixed_dictionaries({"q": QUERIES}, optional={
    "from": DATE_VALUES, "to": DATE_VALUES, "page": NUMBERS, "size": NUMBERS,
    "sort": st.sampled_from(["relevance", "newest", "oldest", ""]) | UNICODE,
    "person": SLUGS, "place": SLUGS, "organisation": SLUGS, "topic": SLUGS, "source": SLUGS,
})


def nodes(items):
    """Every node of the tree, depth first: the caps hold wherever a node sits."""
    for item in items:
        yield item
        if isinstance(item, Not):
            yield from nodes([item.item])
        elif isinstance(item, Group):
            yield from nodes(item.items)


def group_depth(item):
    """Groups nested along the deepest path: two per parenthesis level (all-of, OR), one each for words."""
    if isinstance(item, Not):
        return group_depth(item.item)
    if isinstance(item, Group):
        return 1 + max(group_depth(child) for child in item.items)
    return 0


@FUZZ
@given(QUERIES)
def test_the_reader_never_fails_and_keeps_its_caps(text):
    parsed = parse_query(text)
    found = list(nodes(parsed.clauses))
    words = [node.text for node in found if isinstance(node, Word)]
    words += [word for node in found if isinstance(node, Phrase) for word in node.words_]
    assert len(words) <= MAX_WORDS
    assert all(re.fullmatch(r"[^\W_]+", word) for word in words)
    assert sum(isinstance(node, Phrase) for node in found) <= MAX_PHRASES
    assert all(len(node.items) >= 2 for node in found if isinstance(node, Group))
    assert not any(isinstance(node.item, Not) for node in found if isinstance(node, Not))
    assert all(group_depth(clause) <= 2 * MAX_DEPTH + 2 for clause in parsed.clauses)
    assert not parsed.clauses or parsed.words  # never exclusions alone
    assert all(re.search("[\u0600-\u06ff]", note) for note in parsed.notes)
    dates = read_date_words(text)
    assert dates is None or (filterable(dates.first) and filterable(dates.last))


@pytest.fixture(scope="module")
def archive(module_db, module_index):
    with module_db.unblock():
        demo = load_demo()
        add_article("سوريا والأسد", "قال بشار الأسد في دمشق إن سوريا ماضية.", day="2018-04-02")
        add_article("Trump in Beirut", "A short visit by the U.S. president.", day="2019-07-20")
        module_index.rebuild()
    return demo


@pytest.mark.parametrize("endpoint", [
    "/search/", "/api/search/", "/search/rss/", "/search/atom/", "/search/export.csv", "/search/export.json",
    "/api/suggest/", "/api/opensearch/suggest/",
])
def test_every_search_entry_point_answers_any_parameters(client, archive, endpoint):
    @FUZZ
    @given(PARAMS)
    def answers(params):
        response = client.get(endpoint, params)
        assert response.status_code < 500
        if "json" in response["Content-Type"]:
            json.loads(response.content)  # whole, not cut short

    answers()
