"""A tag's public articles newest first, read the cheaper of two ways: what its page and its feeds list.

``Article.objects.published().tagged(tag)`` in date order walks the public
order index from the newest article and keeps the tag's: for a tag on one
article in fifteen, a page of 20 is about 300 steps. A tag on a handful of
articles makes the walk read the whole index to find them (30,000 steps,
about 30 ms on the corpus), and most tags are small. Their articles are read
by key instead: the date and status of each of the tag's articles, from the
tag's own rows of the tags table, put in order here. A read by key costs
about ``KEY_READ_STEPS`` steps of the walk, so the walk wins for a tag on
many articles and reading by key for a tag on few: the two meet where the
tag's articles, squared, are about the articles the walk must pass times the
archive's size.

``KEY_READ_STEPS`` is measured on whole tag pages, not on the reads alone: a
walked tag's months are counted by the search engine
(``timeline.counted_by_engine``), where a tag read by key has them from
its rows (its companions came from its links then). Over all 609 tags of the
corpus, a tag page's CPU time was p50/p95 20.5/33.3 ms at 10, 19.7/28.9 ms
at 100, 20.9/31.2 ms at 1,000 (and 20.2/31.5 at 40, 20.0/30.4 at 250);
a tag's feeds, which count nothing, 14.3/23.1 ms at 10 and 14.7/24.2 at 100.
"""
from collections import Counter
from collections.abc import Sequence

from django.conf import settings
from django.db.models import Max
from django.utils import timezone

from archive.models import Article, ArticleTag

KEY_READ_STEPS = 100  # a row read by key (its date lies past the body), and what it spares, against a step


class NewestTagged(Sequence):
    """The public articles with ``tag``, newest first (undated last), for a paginator to slice; how many they
    are (``count``), and when the dated ones were published (:meth:`moments`, the timeline's months).

    ``shape`` adds what the list shows to a query of articles (related rows
    to read along); a walked slice reads only its own articles. ``first``:
    the articles the first slice will want (a page). When reading the tag's
    articles by key is the cheaper way to that slice, they are read at once,
    and their count and dates come with them: no query counts them again.
    """

    def __init__(self, tag, shape=lambda articles: articles, first=settings.ARCHIVE_PAGE_SIZE):
        self.tag, self.shape = tag, shape
        self._rows, self._archive_size = None, None
        self._links = ArticleTag.objects.filter(tag=tag).count()  # the public ones and the hidden ones
        if self._read_by_key(first):
            self.count = len(self._public_rows())
        else:
            self.count = ArticleTag.objects.filter(tag=tag).published_counts()[tag.pk]

    def __len__(self):
        return self.count

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("NewestTagged is read by slices of consecutive articles")
        start, stop, _ = index.indices(self.count)
        if stop <= start:
            return []
        if self._rows is None and not self._read_by_key(stop):
            return list(self.shape(self._walk())[start:stop])
        ids = [pk for _, _, pk in self._public_rows()[start:stop]]
        found = self.shape(Article.objects.order_by()).in_bulk(ids)  # unordered: by key, not down an index
        return [found[pk] for pk in ids if pk in found]

    def first_ids(self, count):
        """The ids of the first ``count`` articles, read the cheaper way, without the articles (a feed reads
        them with their relations in a read of its own)."""
        if self._rows is None and not self._read_by_key(count):
            return list(self._walk().values_list("pk", flat=True)[:count])
        return [pk for _, _, pk in self._public_rows()[:count]]

    def _walk(self):
        return Article.objects.published().tagged(self.tag).newest_first()

    def moments(self):
        """{publication moment: public articles} of the dated ones, or None when they were not read by key."""
        if self._rows is None:
            return None
        return Counter(published for dated, published, _ in self._rows if dated)

    def _read_by_key(self, wanted):
        """Whether reading every article of the tag by key costs less than walking the index to the ``wanted``-th."""
        if self._archive_size is None:  # ids are not reused: near enough
            self._archive_size = Article.objects.aggregate(last=Max("pk"))["last"] or 0
        return self._links * self._links * KEY_READ_STEPS <= wanted * self._archive_size

    def _public_rows(self):
        """(dated, moment, id) of the tag's public articles, newest first: one read by key per article of the tag."""
        if self._rows is None:
            now = timezone.now()
            rows = ArticleTag.objects.filter(tag=self.tag).values_list(
                "article_id", "article__status", "article__published")
            public = [(published is not None, published, pk) for pk, status, published in rows
                      if status == Article.Status.PUBLISHED and (published is None or published <= now)]
            public.sort(key=lambda row: (row[0], row[1] or now, row[2]), reverse=True)
            self._rows = public
        return self._rows
