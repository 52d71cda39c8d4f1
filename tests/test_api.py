"""The JSON API as a program uses it: strict parameters, JSON errors, paging to the end, ETags, CORS."""
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from archive.models import Tag
from tests.factories import SEED_TITLE, add_article, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def archive(module_db, module_index):
    with module_db.unblock():
        demo = load_demo()
        macron = Tag.objects.create(kind=Tag.Kind.PERSON, name="إيمانويل ماكرون")
        for day in ("2018-04-02", "2018-04-20", "2018-05-03"):
            add_article(f"ماكرون يوم {day}", "زيارة قصيرة للرئيس الفرنسي ماكرون.", day=day, tags=[macron])
        module_index.rebuild()
    return demo


def get(client, params, **headers):
    return client.get("/api/search/", params, **headers)


def error_of(response, status=400):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert set(body) == {"code", "message", "param"}
    assert body["message"]["ar"] and body["message"]["en"]
    return body["code"], body["param"]


@pytest.mark.parametrize("params, code, param", [
    ({"page": "abc"}, "invalid_number", "page"),
    ({"page": "0"}, "page_out_of_range", "page"),
    ({"page": "501"}, "page_out_of_range", "page"),
    ({"size": "1000"}, "size_out_of_range", "size"),
    ({"size": "-5"}, "invalid_number", "size"),
    ({"person": "لا-أحد"}, "unknown_tag", "person"),
    ({"place": "دونالد-ترامب"}, "unknown_tag", "place"),  # a person's slug is no place
    ({"source": "صحيفة مجهولة"}, "unknown_source", "source"),
    ({"from": "2017-13-01"}, "invalid_date", "from"),
    ({"to": "10/5/2017"}, "invalid_date", "to"),
    ({"from": "0001-01-01"}, "date_out_of_range", "from"),
    ({"from": "2018-01-01", "to": "2017-01-01"}, "reversed_dates", "from"),
    ({"sort": "random"}, "invalid_sort", "sort"),
    ({"q": "ا" * 1001}, "query_too_long", "q"),
    ({"persons": "دونالد-ترامب"}, "unknown_parameter", "persons"),
    ({"person": [f"p{i}" for i in range(21)]}, "too_many_values", "person"),
    ({"page": ["1", "2"]}, "repeated_parameter", "page"),
])
def test_every_invalid_parameter_is_a_400_with_its_code(client, archive, params, code, param):
    assert error_of(get(client, params)) == (code, param)


def test_pages_stay_forgiving_where_the_api_is_strict(client, archive):
    assert client.get("/search/", {"person": "لا-أحد", "page": "abc", "size": "1000"}).status_code == 200


def test_an_unknown_filter_never_broadens_the_search(client, archive):
    known = json.loads(get(client, {"person": "إيمانويل-ماكرون"}).content)
    assert known["total"] == 3
    assert get(client, {"person": ["إيمانويل-ماكرون", "لا-أحد"]}).status_code == 400


def test_paging_until_the_results_run_out_stops(client, archive):
    data, seen, url = None, [], "/api/search/?q=ماكرون&size=2"
    while url:
        data = json.loads(client.get(url).content)
        seen += [hit["id"] for hit in data["results"]]
        url = data["next"]
    assert len(seen) == len(set(seen)) == data["total"] == 3
    past = json.loads(get(client, {"q": "ماكرون", "size": 2, "page": 7}).content)
    assert past["results"] == [] and past["total"] == 3 and past["page"] == 7 and past["notes"] == []
    assert past["next"] is None
    assert parse_qs(urlsplit(past["prev"]).query)["page"] == ["2"]


def test_hits_have_absolute_urls_and_the_original_source_url(client, archive):
    data = json.loads(get(client, {"q": "لافروف"}).content)
    hit = data["results"][0]
    assert hit["title"] == SEED_TITLE
    assert hit["url"] == f"http://testserver/articles/{archive.pk}/"
    assert hit["source_url"] == (archive.url or None)
    assert "source_url" in json.loads(get(client, {"q": "ماكرون"}).content)["results"][0]


def test_the_whole_request_is_echoed(client, archive):
    params = {"q": "ماكرون", "person": "إيمانويل-ماكرون", "from": "2018-04-01", "to": "2018-04-30",
              "sort": "oldest", "page": "1", "size": "1"}
    data = json.loads(get(client, params).content)
    assert data["query"] == {
        "q": "ماكرون", "person": ["إيمانويل-ماكرون"], "place": [], "organisation": [], "topic": [], "source": [],
        "from": "2018-04-01", "to": "2018-04-30", "sort": "oldest", "page": 1, "size": 1,
    }
    assert data["total"] == 2 and data["size"] == 1 and data["prev"] is None
    next_params = parse_qs(urlsplit(data["next"]).query)
    assert data["next"].startswith("http://testserver/api/search/?")
    assert next_params == {**{k: [v] for k, v in params.items()}, "page": ["2"]}
    assert get(client, params)["Link"] == f'<{data["next"]}>; rel="next"'


def test_etag_gives_304_when_nothing_changed(client, archive):
    first = get(client, {"q": "ماكرون"})
    assert first["ETag"]
    again = get(client, {"q": "ماكرون"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert get(client, {"q": "لافروف"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


@pytest.mark.parametrize("url", ["/api/search/", "/api/suggest/", "/api/openapi.json", "/api/opensearch/suggest/"])
def test_read_only_endpoints_allow_any_origin(client, archive, url):
    response = client.get(url, HTTP_ORIGIN="https://example.org")
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(url, HTTP_ORIGIN="https://example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
                               HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match")
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert error_of(client.post(url), 405) == ("method_not_allowed", None)


def test_suggestions_refuse_a_long_query_and_link_absolutely(client, archive):
    assert error_of(client.get("/api/suggest/", {"q": "ا" * 101})) == ("query_too_long", "q")
    data = json.loads(client.get("/api/suggest/", {"q": "ماكر"}).content)
    assert data["query"] == "ماكر"
    assert data["suggestions"][0]["url"].startswith("http://testserver/tags/")


def test_the_description_is_openapi_3_1_and_covers_every_json_endpoint(client, archive):
    spec = json.loads(client.get("/api/openapi.json").content)
    assert spec["openapi"] == "3.1.0"
    assert set(spec["paths"]) == {"/api/search/", "/api/suggest/", "/api/opensearch/suggest/", "/api/openapi.json"}
    assert spec["servers"] == [{"url": "http://testserver"}]
