"""Every page carries a Content-Security-Policy that allows nothing inline, and needs nothing inline.

The policy (archive/security/csp.py) allows scripts and styles from the
site's own origin only; so no page may have an inline ``<script>``, a
``<style>`` element, a ``style=`` attribute or an ``on…=`` handler, which
the browser would refuse. The one inline style, the plain error pages' (their
layout templates/plain.html), is allowed by its hash. tests/browser/test_csp_browser.py
looks at the same pages in Chromium.
"""
import base64
import hashlib
import re

import pytest
from django.conf import settings

from archive.models import Article, Tag
from tests.pages import parse

pytestmark = pytest.mark.django_db
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}  # data, never run


@pytest.fixture(scope="module")
def archive(module_small_archive):
    """The search tests' small archive (tests/conftest.py), built once for the module."""
    return module_small_archive


def policy_of(response):
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ")}


def inline_code(response):
    """What of the page a policy without 'unsafe-inline' would block."""
    page = parse(response)
    found = [f"<script> {s.get_text()[:60]!r}" for s in page.find_all("script")
             if not s.get("src") and s.get("type") not in DATA_SCRIPT_TYPES]
    found += [f"<style> {s.get_text()[:60]!r}" for s in page.find_all("style")]
    for element in page.find_all(True):
        found += [f"<{element.name} {name}=…>" for name in element.attrs
                  if name == "style" or name.startswith("on")]
    found += [f"<a href={a['href'][:40]!r}>" for a in page.find_all(href=re.compile(r"^\s*javascript:", re.I))]
    return found


def public_pages(archive):
    article = archive["title_word"]
    tag = Tag.objects.get(name="إيمانويل ماكرون")
    return ["/", article.get_absolute_url(), archive["seed"].get_absolute_url(), tag.get_absolute_url(), "/people/",
            "/places/", "/archive/", "/archive/2018/", "/archive/2018/04/", "/archive/2018/04/02/",
            "/search/?q=ماكرون", "/search/?q=ماكرو", "/search/?q=&person=إيمانويل-ماكرون", "/no-such-page/"]


def admin_pages(archive):
    article = archive["title_word"]
    return ["/admin/", "/admin/archive/article/", "/admin/archive/article/add/",
            f"/admin/archive/article/{article.pk}/change/", "/admin/archive/tag/",
            f"/admin/archive/tag/{Tag.objects.first().pk}/change/", "/admin/archive/article/import/"]


def test_the_policy_allows_only_the_sites_own_scripts_and_styles(client):
    policy = policy_of(client.get("/robots.txt"))
    assert policy["default-src"] == policy["script-src"] == ["'self'"]
    assert policy["style-src"][0] == "'self'" and all(s.startswith("'sha256-") for s in policy["style-src"][1:])
    assert policy["object-src"] == policy["frame-ancestors"] == ["'none'"]
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_public_pages_have_no_inline_script_or_style(client, archive):
    for url in public_pages(archive):
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        assert "Content-Security-Policy" in response, url
        assert inline_code(response) == [], url


def test_admin_pages_have_no_inline_script_or_style(staff_client, archive):
    for url in admin_pages(archive):
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert inline_code(response) == [], url
    staff_client.logout()
    assert inline_code(staff_client.get("/admin/login/")) == []


def test_the_plain_pages_own_style_is_allowed_by_its_hash(client):
    page = (settings.BASE_DIR / "templates" / "plain.html").read_text("utf-8")
    style = re.search(r"<style>(.*?)</style>", page, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in policy_of(client.get("/robots.txt"))["style-src"]


@pytest.mark.urls("tests.failing_urls")
def test_a_real_500_carries_the_policy_its_style_passes(client):
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    style = parse(response).find("style").get_text()
    digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode()
    assert f"'sha256-{digest}'" in policy_of(response)["style-src"]
    assert [found for found in inline_code(response) if not found.startswith("<style>")] == []


def test_the_year_pages_bars_are_drawn_without_a_style_attribute(client, archive):
    page = parse(client.get("/archive/2018/"))
    widths = {bar.select_one("rect")["width"] for bar in page.select("svg.share")}
    assert "100" in widths and "0" in widths  # the busiest month full, an empty one empty
    assert Article.objects.published().filter(published__year=2018).exists()


def test_the_header_built_once_is_django_csps_and_a_view_may_still_ask_for_its_own(rf):
    """The site's header is written once per process (archive/security/csp_middleware.py); a view that asks for
    another policy (django-csp's decorators) still gets it, and the next response the site's again."""
    from csp.decorators import csp_exempt, csp_update
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from archive.security.csp_middleware import PolicyMiddleware

    def plain(request):
        return HttpResponse("plain")

    @csp_update({"img-src": ["https://images.example.org"]})
    def updated(request):
        return HttpResponse("updated")

    @csp_exempt()
    def exempt(request):
        return HttpResponse("exempt")

    site = policy_of(CSPMiddleware(plain)(rf.get("/")))
    assert policy_of(PolicyMiddleware(plain)(rf.get("/"))) == site
    assert policy_of(PolicyMiddleware(updated)(rf.get("/")))["img-src"] == [*site["img-src"], "https://images.example.org"]
    assert "Content-Security-Policy" not in PolicyMiddleware(exempt)(rf.get("/"))
    assert policy_of(PolicyMiddleware(plain)(rf.get("/"))) == site
