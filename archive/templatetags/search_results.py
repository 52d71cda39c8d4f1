"""The results page's loops written in Python: ``{% result_cards results.hits %}`` and
``{% facet_sections facet_groups %}``.

A results page writes twenty cards and up to seventy-two facet links
(twelve of each of six facets) in up to six sections. As template loops they were two thirds of
the page's template time, about 150 µs a card and 25 µs a link: the engine
resolves every variable through the context's stack, escapes and localizes
it, and renders each ``{% if %}`` and ``{% with %}`` as a node. Here one
function writes each, the same markup, each value escaped once with the
standard library's ``html.escape`` (what Django's ``escape`` calls) and each
count localized as the template did. What every card's date and links
depend on (the language, the time zone, the script prefix and URL
configuration: Django keeps each in request-local state that costs about
3 µs a read, six reads a card) is read once for all the cards.
"""
from functools import lru_cache
from html import escape

from django import template
from django.utils import timezone
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext

from archive.pages.paths import article_path, link_place
from archive.search.page_articles import shown_tags
from archive.templatetags.archive_dates import time_element
from archive.templatetags.archive_pages import grouped, meta_line, tag_items

register = template.Library()
CARD_TAGS = 8  # a card names its first tags (by name); the article's page lists them all


@register.simple_tag
def results_heading(results):
    """The count of ``results`` (``archive_search.SearchResults``), and which page this is when there are several:
    a count the engine stopped at is "more than", one of a phrase looked for among the newest articles that hold
    its words is "at least". Django's ``{% translate %}`` and ``{% blocktranslate %}`` write a translation as it
    is and escape the values put in it; so does this."""
    if results.total_is_lower_bound:
        count = gettext("أكثر من %(total)s نتيجة") % {"total": escape(grouped(results.total))}
    elif results.phrases_checked_in and results.total:
        count = gettext("%(total)s نتيجة على الأقل") % {"total": escape(grouped(results.total))}
    elif results.total:
        count = ngettext("%(total)s result", "%(total)s results", results.total) % {"total": _number(results.total)}
    else:
        return gettext("لا نتائج")
    return mark_safe(f"{count} — {_page_of(results)}" if results.num_pages > 1 else count)


@register.simple_tag
def results_pages(results, previous_url, next_url):
    """The links to the previous and the next page of results, around "page N of M" (nothing on a lone page)."""
    if not (previous_url or next_url):
        return ""
    previous = f'<a rel="prev" href="{escape(previous_url)}">{gettext("→ السابقة")}</a>' if previous_url else ""
    following = f'<a rel="next" href="{escape(next_url)}">{gettext("التالية ←")}</a>' if next_url else ""
    return mark_safe(
        f'\n    <nav class="pagination" aria-label="{gettext("صفحات النتائج")}">\n'
        f"      {previous}\n"
        f'      <span class="current">{_page_of(results)}</span>\n'
        f"      {following}\n"
        "    </nav>\n    "
    )


def _page_of(results):
    return gettext("صفحة %(number)s من %(count)s") % {"number": _number(results.page),
                                                    "count": _number(results.num_pages)}


def _number(number):
    """A number as the template wrote ``{{ number }}``: localized, escaped."""
    return _count(number, get_language())


@register.simple_tag(takes_context=True)
def result_cards(context, hits):
    """Every result (``archive_search.Hit``): its title and passage as the highlighter marked them, its meta line
    and its tags. Titles, passages and tags are Arabic on an English page too (``arabic_text``). Each card is
    laid out as the template's loop laid it out (``{% for %}`` around a card a line)."""
    arabic, place = context.get("arabic_text", ""), link_place()
    zone, language = timezone.get_current_timezone(), get_language()
    return mark_safe("".join(f"\n    {_card(hit, arabic, place, zone, language)}\n    " for hit in hits))


def _card(hit, arabic, place, zone, language):
    article = hit.article
    tags = tag_items(shown_tags(article), CARD_TAGS, place)
    meta = meta_line(article, time_element(article.published, zone, language), place)
    return (
        '<article class="card result">\n'
        f'      <h3 class="card-title"{arabic}><a href="{escape(article_path(article.pk, place))}">'
        f"{hit.title_html}</a></h3>\n"
        f"      {meta}"
        f'      <p class="snippet"{arabic}>{hit.snippet_html}</p>\n'
        + (f'      <ul class="tag-list"{arabic}>{tags}</ul>\n' if tags else "")
        + "    </article>"
    )


@register.simple_tag(takes_context=True)
def facet_sections(context, groups):
    """A ``<section>`` per facet of ``groups`` (``links.facet_groups``): its title, and an ``<li>`` per link
    (``_facet_items``). Laid out as the template's loop laid them out."""
    arabic, language = context.get("arabic_text", ""), get_language()
    return mark_safe("".join(
        '\n    <section class="facet">\n'
        f"      <h2>{escape(str(group['title']))}</h2>\n"
        "      <ul>\n"
        f"        {_facet_items(group, '' if group['name'] == 'month' else arabic, language)}\n"
        "      </ul>\n"
        "    </section>\n    "
        for group in groups
    ))


def _facet_items(group, arabic, language):
    """Each of ``group``'s links: its label, its count, and whether it is a filter in force (a click removes
    it). Tag names are Arabic on an English page too (``arabic``); month names are the page's own language."""
    items = []
    for link in group["links"]:
        active = link["active"]
        items.append(
            f'<li><a href="{escape(link["url"])}"{_ACTIVE if active else ""}>\n'
            f'          <bdi{arabic}>{escape(str(link["label"]))}</bdi>\n'
            f'          <span class="count">{_count(link["count"], language)}</span>'
            + (f'<span class="visually-hidden">{escape(gettext(" (مفعّل، انقر لإزالته)"))}</span>' if active else "")
            + "</a></li>"
        )
    return "\n        ".join(items)


_ACTIVE = ' aria-current="true" class="active"'


@lru_cache(maxsize=4096)
def _count(number, language):
    """A facet's count as ``localize`` writes it in ``language`` (the active one), escaped: a page writes up to
    seventy-two, mostly the same small numbers, and localizing one took about 10 µs."""
    return escape(str(localize(number)))
