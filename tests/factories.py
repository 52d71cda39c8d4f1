"""Building blocks for tests: articles written the way the importer and the admin store them."""
import datetime

from archive.dates import aware_from_day
from archive.models import Article, Source


def add_article(title, body, day="2018-03-01", source="بي بي سي عربي", tags=(), status="published"):
    article = Article.objects.create(
        title=title, body=body, published=aware_from_day(datetime.date.fromisoformat(day)),
        source=Source.objects.get_or_create(name=source)[0], status=status,
    )
    article.tags.set(tags)
    return article
