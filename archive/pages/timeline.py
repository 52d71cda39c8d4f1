"""A tag's mentions month by month, the tags that keep it company, and its chart.

The chart is drawn on the server twice from the same months and ticks: as
inline SVG geometry for the page and as a PNG (matplotlib) to download. Time
runs right to left, the way Arabic is read: the oldest month stands at the
right edge, the newest at the left, and the count axis sits on the right,
where the reader's eye starts. For an English reader both run left to right.

Matplotlib 3.11 lays text out with libraqm: it joins Arabic letters and
orders right-to-left runs itself, like a browser. Its labels get the text
as stored; arabic-reshaper and python-bidi on top would reverse it again.
"""
import datetime
import io
import math
from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from archive.dates import local_days, period_counts
from archive.language.calendar_labels import month_label, month_year_label
from archive.models import ArticleTag, Tag
from archive.search import engine
from archive.search.engine import outbox
from archive.search.engine.query import NEWEST
from archive.search.facet_labels import tag_labels

COMPANION_KINDS = (Tag.Kind.PERSON, Tag.Kind.PLACE)
COMPANIONS_PER_KIND = 8
# Tick spacing in months, smallest first; past a year, whole years.
TICK_STEPS = (1, 2, 3, 4, 6, 12, 24, 60, 120, 240)
MAX_TICKS = 4  # a month's tick names it twice (أيار - مايو): four fit the axis without overlapping
MAX_YEAR_TICKS = 12  # a year's tick is four digits


@dataclass(frozen=True)
class MonthCount:
    month: datetime.date  # the first day of the month
    count: int

    @property
    def label(self):
        return month_year_label(self.month.year, self.month.month)

    @property
    def iso(self):
        return self.month.strftime("%Y-%m")


@dataclass(frozen=True)
class Tick:
    index: int  # position in the months, oldest first
    name: str  # the month's name as every page writes it (أيار - مايو); the year on an axis of whole years
    year: str  # under the name on the first tick and at each January; else ""


def month_counts(tag, moments=None):
    """Published, dated articles with ``tag`` per month of the site's calendar, empty months as 0.

    ``moments``: {publication moment: articles} of those articles, when the
    caller has read them (``NewestTagged.moments``); else read from the tag's
    links (:meth:`ArticleTagQuerySet.published_counts`): the tag's articles only.
    """
    if moments is None:
        dated = ArticleTag.objects.filter(tag=tag).exclude(article__published=None)
        moments = dated.published_counts("article__published")
    return every_month(period_counts(local_days(moments), "month"))


def every_month(found):
    """{first day of a month: articles} as a ``MonthCount`` for every month from the first to the last."""
    if not found:
        return []
    return [MonthCount(month, found.get(month, 0)) for month in months_between(min(found), max(found))]


def months_between(first, last):
    """The first days of every month from ``first`` to ``last``, both included."""
    months = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(datetime.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def companions(tag):
    """The people and places most often tagged on the same published articles, per kind.

    Each tag carries ``shared``: how many of ``tag``'s articles it appears on.
    The links of the tag's articles are counted by tag id, from the tag's own
    links (:meth:`ArticleTagQuerySet.published_counts`: the archive's other
    articles are never read); the companions' names and kinds are read afterwards.
    """
    tagged = ArticleTag.objects.filter(tag=tag).values("article_id")
    shared = ArticleTag.objects.filter(article_id__in=tagged).exclude(tag=tag).published_counts()
    groups = {kind: [] for kind in COMPANION_KINDS}
    for companion in sorted(Tag.objects.in_bulk(shared).values(), key=lambda met: (-shared[met.pk], met.name)):
        chosen = groups.get(companion.kind)
        if chosen is not None and len(chosen) < COMPANIONS_PER_KIND:
            companion.shared = shared[companion.pk]
            chosen.append(companion)
    return [(Tag.Kind(kind), tags) for kind, tags in groups.items() if tags]


def counted_by_engine(tag, count):
    """The search engine's count of ``tag``'s public articles (``EngineResults``: the total, and facets of
    their months and tags), or None where it might not be the database's.

    The engine keeps each article's month and tags in arrays: it counts the
    months and companions of a tag on 6,000 articles in a few milliseconds,
    where the database reads their 36,000 links (15-20 ms) and their dates
    (about 10 ms) again for every page, and its results are cached by the
    index's generation. A small tag's companions too: 2.1 ms against 3.9
    (means over the corpus's 339 tags read by key, the same companions). It is asked only while the index holds what the
    database holds: no change waits in the outbox (each change writes its
    task in its own transaction, and drained tasks have made a new
    generation), it counted every match, and it finds the ``count`` public
    articles the database does.
    """
    if outbox.anything_pending():
        return None
    found = engine.search(engine.EngineQuery(tags=((tag.kind, tag.slug),), sort=NEWEST, limit=0))
    exact = not (found.timed_out or found.total_is_lower_bound or found.facets_counted_over is not None)
    return found if exact and found.total == count else None


def engine_months(counted):
    """``month_counts`` from the engine's month facet ({"2017-05": articles})."""
    found = {}
    for month, number in counted.facets.get("month", {}).items():
        year, month_number = month.split("-")
        found[datetime.date(int(year), int(month_number), 1)] = number
    return every_month(found)


def engine_companions(tag, counted):
    """``companions`` from the engine's tag facets: the same tags, counts and order."""
    groups = []
    for kind in COMPANION_KINDS:
        shared = {slug: number for slug, number in counted.facets.get(kind.value, {}).items() if slug != tag.slug}
        names = tag_labels.names(shared)
        chosen = sorted(names, key=lambda slug: (-shared[slug], names[slug]))[:COMPANIONS_PER_KIND]
        if chosen:
            groups.append((kind, [_companion(kind, slug, names[slug], shared[slug]) for slug in chosen]))
    return groups


def _companion(kind, slug, name, shared):
    companion = Tag(kind=kind, slug=slug, name=name)  # what the page shows of it: its name and link
    companion.shared = shared
    return companion


def ticks(months):
    """Which months get a label on the time axis, so that at most ``MAX_TICKS`` show."""
    step = next((step for step in TICK_STEPS if step < 12 and len(months) <= step * MAX_TICKS), None)
    if step is None:
        step = next((step for step in TICK_STEPS if step >= 12 and len(months) <= step * MAX_YEAR_TICKS),
                    TICK_STEPS[-1])
    firsts = [(index, entry.month) for index, entry in enumerate(months)]
    if step >= 12:
        return [Tick(index, str(day.year), "") for index, day in firsts
                if day.month == 1 and day.year % (step // 12) == 0]
    shown = [(index, day) for index, day in firsts if (day.month - 1) % step == 0]
    return [
        Tick(index, month_label(day.month), str(day.year) if position == 0 or day.month == 1 else "")
        for position, (index, day) in enumerate(shown)
    ]


def chart_title(tag):
    # Arabic first, so the line reads right to left even for a Latin name (RT, NATO).
    return gettext("عدد المقالات عن %(tag)s شهريًا") % {"tag": tag.name}


def summary(months):
    """What the chart shows, in one sentence for screen readers."""
    busiest = max(months, key=lambda entry: entry.count)
    return gettext("من %(first)s إلى %(last)s؛ أكثر الأشهر %(busiest)s: %(count)s") % {
        "first": months[0].label, "last": months[-1].label, "busiest": busiest.label, "count": busiest.count}


def nice_ceiling(value):
    """The smallest of 1, 2, 5, 10, 20, 50 … at or above ``value``: a round top for the axis."""
    magnitude = 10 ** math.floor(math.log10(max(value, 1)))
    return next(step * magnitude for step in (1, 2, 5, 10) if step * magnitude >= value)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    month: MonthCount


@dataclass(frozen=True)
class Gridline:
    y: float
    value: int


@dataclass(frozen=True)
class TickLabel:
    x: float
    tick: Tick


class SvgChart:
    """Coordinates for the page's inline SVG; the template writes (and escapes) the markup."""

    width, height = 760, 250
    plot_left, plot_right = 12, 712  # the count labels sit right of the plot
    plot_top, plot_bottom = 14, 200  # two lines of month and year labels below
    name_y, year_y = 220, 240
    label_x = 736
    widest_bar = 48

    def __init__(self, tag, months):
        self.left_to_right = not translation.get_language_bidi()
        if self.left_to_right:  # an English page: time runs left to right, the counts on the left
            self.plot_left, self.plot_right, self.label_x = 48, 748, 24
        self.months = months
        self.title = chart_title(tag)
        self.summary = summary(months)
        self.top = nice_ceiling(max(entry.count for entry in months))
        self.step = (self.plot_right - self.plot_left) / len(months)

    def center(self, index):
        """The x of a month's middle: index 0, the oldest, is at the right (at the left in English)."""
        offset = (index + 0.5) * self.step
        return round(self.plot_left + offset if self.left_to_right else self.plot_right - offset, 1)

    def y(self, value):
        return round(self.plot_bottom - value * (self.plot_bottom - self.plot_top) / self.top, 1)

    def bars(self):
        width = round(min(max(self.step * 0.8, 1), self.widest_bar), 1)
        return [
            Bar(self.center(index) - width / 2, self.y(entry.count), width, self.y(0) - self.y(entry.count), entry)
            for index, entry in enumerate(self.months)
            if entry.count
        ]

    def gridlines(self):
        """Up to five round counts, from 0 to the top of the axis."""
        values = sorted({self.top * part // 4 for part in range(5) if self.top * part % 4 == 0})
        return [Gridline(self.y(value), value) for value in values]

    def tick_labels(self):
        return [TickLabel(self.center(tick.index), tick) for tick in ticks(self.months)]

    def dated_months(self):
        """The months that have articles, oldest first: the chart's data as a table."""
        return [entry for entry in self.months if entry.count]


def timeline_png(tag, months):
    """The chart as PNG bytes, time running right to left (left to right for an English reader)."""
    # Imported here: only this download needs matplotlib, and its import is slow.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(10, 4), dpi=100, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    right_to_left = translation.get_language_bidi()
    axes.set_title(chart_title(tag), loc="right" if right_to_left else "left", fontsize=14)
    figure.text(0.01, 0.01, gettext(settings.ARCHIVE_SITE_NAME), color="#5b5f6a", fontsize=9)
    if months:
        draw_bars(axes, months, right_to_left)
    else:
        axes.text(0.5, 0.5, gettext("لا توجد مقالات مؤرَّخة"), ha="center", transform=axes.transAxes)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    output = io.BytesIO()
    figure.savefig(output, format="png")
    return output.getvalue()


def draw_bars(axes, months, right_to_left):
    """Bars with the oldest at the right, counts on the right (both at the left in English), a name and
    year under some months."""
    axes.bar(range(len(months)), [entry.count for entry in months], color="#0b5a6b", width=0.8)
    if right_to_left:
        axes.invert_xaxis()
        axes.yaxis.tick_right()
    axes.spines[["top", "left" if right_to_left else "right"]].set_visible(False)
    shown = ticks(months)
    axes.set_xticks(
        [tick.index for tick in shown],
        ["\n".join(part for part in (tick.name, tick.year) if part) for tick in shown],
    )
