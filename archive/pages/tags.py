"""A kind's tags, a tag's page with its timeline of mentions and its companions, and the timeline as a PNG.

Thin views: the counting and drawing live in ``archive.pages.timeline``; the page's
articles are the public ones, newest first (``archive.pages.tag_articles``).
"""
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from archive.models import Tag
from archive.pages import timeline
from archive.pages.articles import card_relations, paginate
from archive.pages.tag_articles import NewestTagged


def tag_index(request, kind):
    tags = Tag.objects.filter(kind=kind).on_published_articles()
    return render(
        request,
        "archive/tag_index.html",
        {"kind": kind, "kind_title": Tag.Kind(kind).plural, "page": paginate(request, tags, 100)},
    )


def tag_detail(request, slug):
    tag = get_object_or_404(Tag.objects.prefetch_related("aliases"), slug=slug)
    articles = NewestTagged(tag, card_relations)
    page = paginate(request, articles, count=articles.count)
    moments = articles.moments()  # a small tag's articles were read with their dates
    counted = timeline.counted_by_engine(tag, articles.count)
    if counted and moments is None:
        months = timeline.engine_months(counted)
    else:
        months = timeline.month_counts(tag, moments)
    companions = timeline.engine_companions(tag, counted) if counted else timeline.companions(tag)
    dated = sum(entry.count for entry in months)
    return render(
        request,
        "archive/tag_detail.html",
        {
            "tag": tag,
            "page": page,
            "kind_title": Tag.Kind(tag.kind).plural,
            "chart": timeline.SvgChart(tag, months) if months else None,
            "undated_count": page.paginator.count - dated,
            "companions": [(kind.plural, tags) for kind, tags in companions],
            "page_feeds": [tag_feeds(tag)],
        },
    )


def tag_feeds(tag):
    """The tag's RSS and Atom feeds, for base.html to announce and show."""
    return {
        "title": tag.name,
        "rss": reverse("archive:tag_rss", kwargs={"slug": tag.slug}),
        "atom": reverse("archive:tag_atom", kwargs={"slug": tag.slug}),
    }


def tag_timeline_png(request, slug):
    tag = get_object_or_404(Tag, slug=slug)
    png = timeline.timeline_png(tag, timeline.month_counts(tag))
    response = HttpResponse(png, content_type="image/png")
    response["Content-Disposition"] = content_disposition_header(True, f"{tag.slug}-timeline.png")
    return response
