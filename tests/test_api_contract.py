"""The JSON API fuzzed against its own OpenAPI description with schemathesis, in process.

Schemathesis reads ``/api/openapi.json`` from the Django WSGI app, generates
requests for every operation from the description's parameters, and checks
each answer: never a 500, a status the description lists, a body that
matches its schema, the content type it declares. Searches run against a
real index of the demo archive plus a few articles, so hits, facets and
pages are there to be checked, not just empty answers.
"""
import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from archive.models import Article, Tag
from tests.factories import add_article, load_demo

pytestmark = pytest.mark.django_db
EXAMPLES = 60  # per operation: the whole run stays well under a minute on two cores


@pytest.fixture(scope="module")
def api_schema(module_db, module_index):
    with module_db.unblock():
        load_demo()
        macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
        add_article("ماكرون في بيروت", "زيارة قصيرة للرئيس الفرنسي.", day="2018-04-02", tags=[macron])
        undated = add_article("خبر بلا مصدر ولا تاريخ", "نص قصير بلا مقدمة.", source="مصدر")
        Article.objects.filter(pk=undated.pk).update(source=None, published=None)
        module_index.rebuild()
    # The WSGI handler closes the database connection after each request, as a server should; here that
    # connection holds the test's transaction (Django's test client disconnects the same signals).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


CASES = [
    *[(path, GenerationMode.POSITIVE) for path in ("/api/search/", "/api/suggest/", "/api/opensearch/suggest/",
                                                   "/api/openapi.json")],
    # Requests that break the description (a page of "x", a size of 0, …); the description of
    # /api/openapi.json has no parameters to break, and the OpenSearch suggestions take any text.
    *[(path, GenerationMode.NEGATIVE) for path in ("/api/search/", "/api/suggest/")],
]


@pytest.mark.parametrize("path, mode", CASES)
def test_every_answer_matches_the_contract(api_schema, path, mode):
    """Positive cases follow the description; negative ones break it (and must get a 4xx, never a 500)."""
    operation = api_schema[path]["GET"]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def answers(case):
        # Schema-valid is not always acceptable here: a filter must name a tag the archive has and
        # ``from`` must not follow ``to``, which no schema can say; those get their 400 (tests/test_api.py).
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    answers()
