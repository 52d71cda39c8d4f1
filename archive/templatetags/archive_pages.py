"""What a page tells sharers and crawlers about itself (canonical URL, description, Open Graph), and its tag links.

``{% page_meta title description %}`` in a page's ``meta`` block; the
canonical URL is the page's own path (plus ``?page=N`` past the first page),
without the other parameters a link may carry. ``{% tag_links tags %}``
writes an article's tags as the items of a ``tag-list``, ``{% article_meta article %}`` its line of date,
source, author and dateline, ``{% article_card article %}`` the card the latest articles, a tag's page and
the date archive list.

The last three are written in Python, not as templates: a page writes
twenty of each, and Django's template engine spends a few microseconds on
every node and lookup (an included ``article_meta.html`` cost about 130 µs a
card, the tags 15 µs each, the included card itself about as much again);
here each value is escaped once with the
standard library's ``html.escape``, which is what Django's ``escape`` calls.
A tag's list item is kept once made (``_tag_item``): the tags of a page's
cards are mostly the archive's frequent ones, met again on every page.
"""
from functools import lru_cache
from html import escape

from django import template
from django.template.defaultfilters import stringfilter
from django.templatetags.static import static
from django.utils import formats
from django.utils.safestring import mark_safe
from django.utils.text import Truncator, add_truncation_text
from django.utils.translation import gettext, ngettext

from archive.pages.paths import link_place, route_path, tag_path
from archive.templatetags.archive_dates import article_date

register = template.Library()
DESCRIPTION_WORDS = 30


@register.inclusion_tag("includes/page_meta.html", takes_context=True)
def page_meta(context, title, description, kind="website", published=None, modified=None, image=None):
    """``image``: a page's own picture (an article's lead image, ``pages.images.LeadImage``), else the site's icon."""
    request = context["request"]
    page = request.GET.get("page", "")
    path = request.path + (f"?page={int(page)}" if page.isdecimal() and 1 < int(page) < 10**9 else "")
    return {
        "canonical": request.build_absolute_uri(path),
        "site_name": context["site_name"],
        "title": title,
        "description": Truncator(" ".join(str(description).split())).words(DESCRIPTION_WORDS, truncate=" …"),
        "kind": kind,
        "published": published,
        "modified": modified,
        "image": request.build_absolute_uri(image.url if image else static("icons/archive-180.png")),
        "image_alt": image.caption if image else "",
        "large_image": bool(image),
    }


@register.simple_tag(name="route_path")
def route_path_tag(name, *args):
    """``{% route_path 'archive:search' %}``: ``{% url %}`` for a route whose path never changes, reversed once
    per worker (``paths.route_path``) instead of on every page (about 30 µs a ``reverse()``)."""
    return route_path(name, *args)


@register.simple_tag
def tag_links(tags, limit=None):
    """``{% tag_links article.tags.all 8 %}``: each tag a list item linking its page, in its kind's colour."""
    return tag_items(tags, limit, link_place())


def tag_items(tags, limit, place):
    """``tag_links`` under ``place`` (``paths.link_place()``, read once by a loop writing many)."""
    return mark_safe("".join(_tag_item(tag.kind, tag.slug, tag.name, place) for tag in list(tags)[:limit]))


@lru_cache(maxsize=4096)
def _tag_item(kind, slug, name, place):
    """One tag's list item; ``place`` (the script prefix and URL configuration its path is reversed under) and
    the tag's own values are the key, so a renamed tag or another prefix makes another item."""
    return f'<li><a class="tag tag-{escape(kind)}" href="{escape(tag_path(slug, place))}">{escape(name)}</a></li>'


@register.simple_tag
def article_meta(article):
    """``{% article_meta article %}``: the ``meta`` line of a card or an article page (date, source, author,
    dateline), each part only when the article has it."""
    return meta_line(article, article_date(article.published), link_place())


def meta_line(article, dated, place):
    """``article_meta`` with its date written (``archive_dates.time_element``) and the dateline's link under
    ``place`` (``paths.link_place()``) by a loop that read what they depend on once."""
    parts = [dated]
    source, author, dateline = article.source, article.author, article.dateline
    parts.append(f'<span class="sep" aria-hidden="true">·</span><span class="source"><bdi>{escape(source.name)}'
                 '</bdi></span>' if source else "")
    parts.append('<span class="sep" aria-hidden="true">·</span><span class="byline">'
                 + gettext("بقلم <bdi>%(author)s</bdi>") % {"author": escape(author)} + "</span>" if author else "")
    parts.append(f'<span class="sep" aria-hidden="true">·</span><a class="dateline" href="'  # its get_absolute_url()
                 f'{escape(tag_path(dateline.slug, place))}"><bdi>{escape(dateline.name)}</bdi></a>'
                 if dateline else "")
    return mark_safe('<p class="meta">\n  ' + "\n  ".join(parts) + "\n</p>\n")


@register.simple_tag(takes_context=True)
def article_card(context, article):
    """``{% article_card article %}``: a listed article's card: its lead image, title, meta line and the
    opening of its lead (else of its body). Titles and openings are Arabic on an English page too."""
    arabic, image = context.get("arabic_text", ""), article.lead_image
    picture = (f'<img class="card-image" src="{escape(image.url)}" alt="" loading="lazy" decoding="async">'
               if image else "")
    return mark_safe(
        f'<article class="card">\n  {picture}\n'
        f'  <h2 class="card-title"{arabic}><a href="{escape(article.get_absolute_url())}"><bdi>'
        f'{escape(article.title)}</bdi></a></h2>\n'
        f"  {article_meta(article)}\n"
        f'  <p class="excerpt"{arabic}>{escape(opening_words(article.lead or article.body, 40))}</p>\n'
        "</article>\n"
    )


@register.filter(is_safe=True)
@stringfilter
def opening_words(text, count):
    """``{{ article.body|opening_words:40 }}``: Django's ``truncatewords``, splitting only the opening.

    ``truncatewords`` splits the whole text into words to keep the first
    few: most of a card's time for a long body.
    """
    words = text.split(None, count)  # the first ``count`` words, then the rest unsplit if there is more
    if len(words) > count:
        return add_truncation_text(" ".join(words[:count]), " …")
    return " ".join(words)


@register.filter
def article_count(number):
    """``5|article_count`` → "5 مقالات": the noun agreeing with the number, in Arabic's six forms."""
    return ngettext("%(count)s article", "%(count)s articles", number) % {"count": number}


@register.filter
def grouped(number):
    """``10000|grouped`` → "10٬000" in Arabic, "10,000" in English: a large count a reader takes in at once."""
    return formats.number_format(number, force_grouping=True)
