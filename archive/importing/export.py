"""An article as one JSON object, every field and tag: what export_articles writes and the importer reads back.

Tags carry their kind, slug and aliases (an article's tags their origin
too: an editor's or the gazetteer's), and the record's ``tags`` key marks
its tag list as complete, so importing the file into an empty
archive gives the same articles, tags, slugs and aliases, with no tag
added by the gazetteer. The date is local time with its offset.

The byline and a lead image named by URL travel in the record, in the keys
the importer reads. An uploaded image is a file in the media folder, which
a line of text cannot carry: ``backup`` keeps it; here only its caption and
credit are written, so the text about it is not lost.
"""
from django.utils import timezone


def tag_record(tag):
    return {"kind": tag.kind, "name": tag.name, "slug": tag.slug, "aliases": sorted(tag.alias_names)}


def article_record(article):
    """Read ``article`` with ``source``, ``dateline__aliases`` and ``articletag_set__tag__aliases`` fetched."""
    return {
        "title": article.title,
        "lead": article.lead,
        "body": article.body,
        "published": timezone.localtime(article.published).isoformat() if article.published else None,
        "source": {"name": article.source.name, "url": article.source.url} if article.source else None,
        "dateline": tag_record(article.dateline) if article.dateline else None,
        "url": article.url,
        "author": article.author,
        "image": image_record(article),
        "status": article.status,
        "created": timezone.localtime(article.created).isoformat(),
        "updated": timezone.localtime(article.updated).isoformat(),
        "tags": [{**tag_record(link.tag), "origin": link.origin}
                 for link in sorted(article.articletag_set.all(), key=lambda link: (link.tag.kind, link.tag.name))],
    }


def image_record(article):
    """The lead image as the importer reads it back (``{url, caption, credit}``), or None when there is none."""
    if not (article.image_url or article.image_caption or article.image_credit):
        return None
    return {"url": article.image_url, "caption": article.image_caption, "credit": article.image_credit}
