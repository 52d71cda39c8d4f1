"""The one way the archive searches: pages, the JSON API and the terminal all call ``search_archive``.

A ``SearchRequest`` (query text and filters) goes in; ``SearchResults``
(articles with highlighted titles and snippets, facet counts, the total,
and notes for the reader in Arabic) comes out. Nothing here raises on bad
input: unknown slugs, impossible date ranges and pages past the end become
notes and the nearest sensible search.
"""
import datetime
import math
from dataclasses import dataclass, field, make_dataclass, replace
from functools import lru_cache

from django.utils.translation import get_language, gettext

from archive.arabic.highlight import Highlighter
from archive.language.calendar_labels import month_year_label
from archive.models import Article, Source, Tag
from archive.search import engine
from archive.search.date_words import read_date_words
from archive.search.engine import outbox
from archive.search.facet_labels import tag_labels
from archive.search.page_articles import page_articles
from archive.search.syntax import parse_query
from archive.templatetags.archive_pages import article_count, grouped

TAG_KINDS = list(Tag.Kind.values)
FACET_FIELDS = [*TAG_KINDS, "source", "month"]
SORTS = ("relevance", "newest", "oldest")
SNIPPET_CHARS = 240
# The passage is looked for in the body's opening this long (the corpus's median body is 1,200
# characters, p90 3,000): analyzing whole bodies for a 240-character passage was most of a page's time.
SNIPPET_SCAN_CHARS = 3000
# A facet lists this many values at most (by count): pages show fewer, and naming hundreds costs a query.
FACET_VALUES = 50
# Deeper than this, a reader pages by date instead: every page costs the matches before it.
MAX_PAGE = 500


#: A list of slugs per tag kind (``person=[…]``, ``place=[…]`` …), one field for each ``Tag.Kind``.
TagFilters = make_dataclass("TagFilters", [(kind, list, field(default_factory=list)) for kind in TAG_KINDS])


@dataclass
class SearchRequest(TagFilters):
    q: str = ""
    source: list = field(default_factory=list)
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = 20

    def tag_slugs(self, kind):
        return getattr(self, kind)

    @property
    def has_filters(self):
        return bool(
            any(self.tag_slugs(kind) for kind in TAG_KINDS)
            or self.source or self.date_from or self.date_to
        )


@dataclass
class Hit:
    article: Article
    title_html: str
    snippet_html: str
    score: float | None


@dataclass
class FacetValue:
    value: str
    label: str
    count: int


@dataclass
class SearchResults:
    request: SearchRequest
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    num_pages: int = 0
    facets: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)
    words: list = field(default_factory=list)
    filters: dict = field(default_factory=dict)
    # With a date filter: the matching articles it leaves out for having no date (None: no date filter,
    # or more matches than the engine counts).
    undated_excluded: int | None = None
    # The engine counted up to ``total`` and stopped: there are more (``EngineResults``).
    total_is_lower_bound: bool = False
    # The facets' counts cover this many of the matches, not all of them (None: all).
    facets_counted_over: int | None = None
    # A phrase was looked for only in this many articles holding its words, the newest: ``total`` counts the
    # matches among them, and older ones may match too (None: looked for in all; ``EngineResults``).
    phrases_checked_in: int | None = None


def search_archive(request, marked=True):
    """Run ``request`` against the index; see the module docstring.

    ``marked=False`` is for downloads (``search/export``) and search feeds,
    rows rather than a page: titles and passages are escaped but not marked (no analysis of
    each hit's text: most of a 1,000-row export's time), the passage is the
    text's opening, and nothing only the page shows is computed (facets,
    the count of undated matches a date filter leaves out).
    """
    outbox.retry_if_due()
    results = SearchResults(request=request)
    request, parsed = _read_request(request, results)
    if request.q.strip() and not parsed.searchable and not request.has_filters:
        results.notes.append(gettext(
            "لم يبقَ في الاستعلام ما يُبحث عنه: كلماته شائعة جدًا (مثل «في» و«من») أو ليست حروفًا. "
            "جرّب كلمات أدل على ما تبحث عنه."
        ))
        return results
    sort = request.sort if request.sort in SORTS else "relevance"
    if sort != request.sort:
        results.notes.append(gettext("ترتيب غير معروف، فرُتّبت النتائج حسب الصلة."))
    if not parsed.searchable and sort == "relevance":
        sort = "newest"  # browsing: nothing to be relevant to
    query = _engine_query(request, parsed, results, sort=sort, facets=marked, count_undated=marked)
    found = _run_page(query, request, results, marked)
    if marked:
        _count_undated_excluded(query, found, results)
    return results


def count_matches(request):
    """How many articles ``request`` finds: one count, no page, no facets (did-you-mean asks)."""
    scratch = SearchResults(request=request)
    request, parsed = _read_request(request, scratch)
    if not (parsed.searchable or request.has_filters):
        return 0
    return engine.search(_engine_query(request, parsed, scratch, limit=0, facets=False)).total


def _read_request(request, results):
    """Where a search and a count start: a date typed among the words taken out, the rest parsed.

    Returns the request as read (its dates may come from the words) and the
    parsed query; the reader's notes and the words to highlight go to ``results``.
    """
    request = _read_dates_in_query(request, results)
    parsed = parse_query(request.q)
    results.notes.extend(parsed.notes)
    results.words = parsed.words
    return request, parsed


def _engine_query(request, parsed, results, **options):
    """The engine's query for ``request``: its parsed words, its known filters (notes for the rest), ``options``."""
    return engine.EngineQuery(clauses=tuple(parsed.clauses), **options, **_filters(request, results))


def _read_dates_in_query(request, results):
    """A date typed among the words (أيار 2017) filters by date, unless the reader set dates."""
    if request.date_from or request.date_to:
        return request
    found = read_date_words(request.q)
    if found is None:
        return request
    results.notes.append(gettext("فُهمت «%(date)s» في استعلامك تاريخًا، فعُرضت المقالات المنشورة فيه.")
                         % {"date": found.label})
    return replace(request, q=found.remaining, date_from=found.first, date_to=found.last)


def _filters(request, results):
    """The request's known tags, sources and dates as ``EngineQuery`` fields; notes for the rest."""
    tags, sources = [], []
    for kind in TAG_KINDS:
        slugs = [slug for slug in request.tag_slugs(kind) if slug]
        known = dict(Tag.objects.filter(kind=kind, slug__in=slugs).values_list("slug", "name")) if slugs else {}
        for slug in slugs:
            if slug not in known:
                results.notes.append(gettext("لا يوجد في الأرشيف %(kind)s بالمعرّف «%(slug)s»؛ أُهمل هذا المرشِّح.")
                                      % {"kind": Tag.Kind(kind).label, "slug": slug})
                continue
            results.filters.setdefault(kind, []).append((slug, known[slug]))
            tags.append((kind, slug))
    known_sources = set(Source.objects.filter(name__in=request.source).values_list("name", flat=True)
                        if request.source else ())
    for name in request.source:
        if name not in known_sources:
            results.notes.append(gettext("لا يوجد مصدر باسم «%(name)s»؛ أُهمل هذا المرشِّح.") % {"name": name})
            continue
        results.filters.setdefault("source", []).append((name, name))
        sources.append(("source", name))
    date_from, date_to = request.date_from, request.date_to
    if date_from and date_to and date_from > date_to:
        date_from, date_to = date_to, date_from
        results.notes.append(gettext("تاريخ البداية بعد تاريخ النهاية، فبُحث بينهما بالترتيب الصحيح."))
    return {
        "tags": tuple(tags),
        "sources": tuple(sources),
        "start": datetime.datetime.combine(date_from, datetime.time.min) if date_from else None,
        "end": datetime.datetime.combine(date_to, datetime.time.max) if date_to else None,
    }


def _count_undated_excluded(query, found, results):
    """With a date filter, say how many matching articles it leaves out for having no date at all.

    An undated article is in no date range, so a date filter drops it
    silently; the reader should know that the archive holds more than the
    range shows. The engine counts them with the page (``count_undated``);
    it reports none when it stopped counting them (or timed out).
    """
    if query.start is None and query.end is None:
        return
    results.undated_excluded = found.undated
    if results.undated_excluded:
        results.notes.append(undated_note(results.undated_excluded))


def undated_note(count):
    """"N articles … have no date and are not in the results", the verb agreeing with the number."""
    if count == 1:
        note = gettext("%(articles)s مما يطابق البحث لا تاريخ له ولم يدخل في النتائج، لأن البحث محصور بتاريخ.")
    elif count == 2:
        note = gettext("%(articles)s مما يطابق البحث لا تاريخ لهما ولم يدخلا في النتائج، لأن البحث محصور بتاريخ.")
    else:
        note = gettext("%(articles)s مما يطابق البحث لا تاريخ لها ولم تدخل في النتائج، لأن البحث محصور بتاريخ.")
    return note % {"articles": article_count(count)}


def _run_page(query, request, results, marked):
    page_size = max(1, request.page_size)
    wanted = max(1, request.page)
    page = min(wanted, MAX_PAGE)
    found = engine.search(replace(query, offset=(page - 1) * page_size, limit=page_size))
    last = max(1, math.ceil(found.total / page_size))
    if page > last and found.total:
        if found.total_is_lower_bound or found.phrases_checked_in:  # there may be more pages: only these counted
            results.notes.append(_beyond_note(last))
        else:
            results.notes.append(gettext("لا توجد صفحة %(wanted)s؛ هذه الصفحة الأخيرة (%(last)s).")
                                 % {"wanted": wanted, "last": last})
        page = last
        found = engine.search(replace(query, offset=(page - 1) * page_size, limit=page_size))
    elif wanted > page:
        results.notes.append(_beyond_note(MAX_PAGE))
    if found.timed_out:
        results.notes.append(gettext("استغرق هذا البحث وقتًا أطول من المسموح فأُوقف؛ "
                                     "ضيّق البحث بكلمات أدق أو بتاريخ أو وسم."))
    if found.phrases_checked_in:
        results.notes.append(gettext("بُحث عن العبارة في أحدث %(checked)s مقالة تجمع كلماتها، لا في كل الأرشيف، "
                                     "فقد تطابقها مقالات أقدم؛ ضيّق البحث بتاريخ للوصول إليها.")
                             % {"checked": grouped(found.phrases_checked_in)})
    results.total, results.page = found.total, page
    results.total_is_lower_bound, results.facets_counted_over = found.total_is_lower_bound, found.facets_counted_over
    results.phrases_checked_in = found.phrases_checked_in
    results.num_pages = math.ceil(results.total / page_size)
    results.hits = _hits(found.hits, results.words if marked else [])
    results.facets = _facets(found.facets)
    return found


def _beyond_note(last):
    return (gettext("لا تُعرض صفحات بعد الصفحة %(last)s؛ ضيّق البحث بتاريخ أو وسم للوصول إلى ما بعدها.")
            % {"last": last})


def _hits(engine_hits, words):
    """The engine's hits as ``Hit`` objects, ``words`` marked in titles and passages."""
    articles = page_articles([hit.pk for hit in engine_hits])
    hits, marks = [], Highlighter(words)
    for result in engine_hits:
        article = articles.get(result.pk)
        if article is None:  # deleted since it was indexed
            continue
        hits.append(
            Hit(
                article=article,
                title_html=marks.highlight(article.title),
                # With words, the passage where the body first holds them; browsing, the lead if there is one.
                snippet_html=marks.snippet((article.body if words else article.lead or article.body)
                                           [:SNIPPET_SCAN_CHARS], SNIPPET_CHARS, first=True),
                score=result.score,
            )
        )
    return hits


@lru_cache(maxsize=1024)
def _month_label(value, language):
    """"أيار - مايو 2018" for "2018-05" in ``language`` (the active one: what the label is read in)."""
    year, month = value.split("-")
    return month_year_label(int(year), int(month))


def _facets(fields):
    """Facet values with their labels: every month (a timeline, newest first); the ``FACET_VALUES`` most
    frequent of the rest (most frequent first, then by value)."""
    ranked = {}
    for name in FACET_FIELDS:
        counts = fields.get(name, {})
        if name == "month":
            ranked[name] = sorted(((value, count) for value, count in counts.items() if value and count), reverse=True)
        else:
            first = sorted((-count, value) for value, count in counts.items() if value and count)[:FACET_VALUES]
            ranked[name] = [(value, -count) for count, value in first]
    tag_values = {value for kind in TAG_KINDS for value, _ in ranked[kind]}
    names = tag_labels.names(tag_values) if tag_values else {}
    language = get_language()
    return {name: [FacetValue(value=value, count=count,
                              label=_month_label(value, language) if name == "month" else names.get(value, value))
                   for value, count in pairs]
            for name, pairs in ranked.items()}
