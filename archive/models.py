"""Articles, the tags that describe them, and the outlets that published them.

``Article.objects.published()`` is the one rule of what the public sees: every
view, feed, sitemap and public search goes through it (:func:`public_q`).
An article is public when its status is published and its date has come:
a published article dated in the future is *scheduled*, and appears by
itself at that moment, because the rule is applied when the data is read,
with the clock of that moment (no job has to run). An undated article is
public as soon as it is published.
"""
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.arabic.fingerprint import text_fingerprint
from archive.dates import local_days, period_counts
from archive.pages.paths import article_path, tag_path
from archive.slugs import unique_slug


class Source(models.Model):
    """A news outlet (سانا، بي بي سي عربي …)."""

    name = models.CharField("الاسم", max_length=200, unique=True)
    url = models.URLField("الموقع", blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "مصدر"
        verbose_name_plural = "المصادر"

    def __str__(self):
        return self.name


class TagQuerySet(models.QuerySet):
    def on_published_articles(self):
        """These tags that published articles carry, each with its ``article_count``, most used first: a list."""
        tags = [tag for tag in self.order_by().with_article_counts() if tag.article_count]
        return sorted(tags, key=lambda tag: (-tag.article_count, tag.name))

    def with_article_counts(self):
        """These tags, each with ``article_count``: the published articles that carry it (0 for none); a list."""
        counts = ArticleTag.objects.published_counts()
        tags = list(self)
        for tag in tags:
            tag.article_count = counts[tag.pk]
        return tags


class Tag(models.Model):
    """A person, place, organisation or topic an article is about."""

    class Kind(models.TextChoices):
        """A tag's kind and every name it goes by: the one place the kinds are listed.

        A member is (value, route, plural, label). The value is stored, and names
        the kind's search parameter (``?person=``), facet, index field, API
        field, import key and command option; ``route`` is the path and URL
        name of the kind's index page (``/people/``, ``archive:people``); the
        plural titles that page, its menu entry and its facet; the label
        (singular, Django's choice label) names one tag. Adding a member and
        the migration of the new choice gives a kind all of these
        (``tests/test_tag_kinds.py``).
        """

        PERSON = "person", "people", _("الأشخاص"), _("شخص")
        PLACE = "place", "places", _("الأماكن"), _("مكان")
        ORGANISATION = "organisation", "organisations", _("المنظمات"), _("منظمة")
        TOPIC = "topic", "topics", _("الموضوعات"), _("موضوع")

        def __new__(cls, value, route, plural):
            member = str.__new__(cls, value)
            member._value_ = value
            member.route = route
            member.plural = plural
            return member

        @property
        def url_name(self):
            return f"archive:{self.route}"

    SLUG_LENGTH = 200

    kind = models.CharField("النوع", max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField("الاسم المعتمد", max_length=200)
    slug = models.SlugField(
        "المعرّف في الرابط",
        max_length=SLUG_LENGTH,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text="يُولَّد من الاسم إن تُرك فارغًا.",
    )

    objects = TagQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = "وسم"
        verbose_name_plural = "الوسوم"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "name"],
                name="tag_unique_name_per_kind",
                violation_error_message="يوجد وسم من النوع نفسه بهذا الاسم.",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        """Give the tag a free slug; retry once if another writer took it meanwhile."""
        if self.slug:
            return super().save(*args, **kwargs)
        for _attempt in range(3):
            self.slug = unique_slug(Tag, self.name, self.SLUG_LENGTH, exclude_pk=self.pk)
            try:
                with transaction.atomic():
                    return super().save(*args, **kwargs)
            except IntegrityError:
                if not Tag.objects.filter(slug=self.slug).exclude(pk=self.pk).exists():
                    raise
                self.slug = ""
        raise IntegrityError(f"No free slug for tag {self.name!r}")

    def get_absolute_url(self):
        return tag_path(self.slug)

    @property
    def alias_names(self):
        return [alias.name for alias in self.aliases.all()]


class TagAlias(models.Model):
    """Another spelling the press uses for a tag (ترمب for ترامب)."""

    tag = models.ForeignKey(Tag, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField("الاسم البديل", max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = "اسم بديل"
        verbose_name_plural = "الأسماء البديلة"
        constraints = [
            models.UniqueConstraint(
                fields=["tag", "name"],
                name="alias_unique_per_tag",
                violation_error_message="هذا الاسم البديل مسجّل لهذا الوسم.",
            )
        ]

    def __str__(self):
        return self.name


def lead_image_path(article, filename):
    """Where an uploaded lead image is kept: a name of our own, never the uploader's (archive.pages.images)."""
    from archive.pages.images import stored_name

    return stored_name(filename)


class DuplicateArticleError(ValidationError):
    """Raised when an article's URL or text is already in the archive."""


def public_q(path="", now=None):
    """The condition "public at ``now``" on articles (reached through ``path``, e.g. ``"article__"``).

    Published status, and undated or dated ``now`` or earlier. Every query of
    what readers see uses it, so a scheduled article becomes visible to all
    of them at the same moment.
    """
    now = now or timezone.now()
    return Q(**{f"{path}status": Article.Status.PUBLISHED}) & (
        Q(**{f"{path}published__isnull": True}) | Q(**{f"{path}published__lte": now}))


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What the public sees (:func:`public_q`)."""
        return self.filter(public_q(now=now))

    def published_dated(self, now=None):
        """The public articles that have a date: :meth:`published` without the undated ones.

        Written as one range of the public order index (the published
        status, dates up to ``now``), which SQLite reads without testing
        each entry for ``published IS NULL OR published <= now``: the day
        counts of the sitemap and the date archive walk every public
        article (11.0 -> 9.6 ms of CPU on 30,000, medians of 25).
        """
        return self.filter(status=Article.Status.PUBLISHED, published__lte=now or timezone.now())

    def hidden(self, now=None):
        """What the public does not see: drafts, and published articles whose date has not come.

        Written as two conditions an index answers each (the status index, the
        public order index from ``now`` on): with ``status <> 'published'``
        the database would read the whole of an index instead.
        """
        others = [status for status in Article.Status.values if status != Article.Status.PUBLISHED]
        return self.filter(Q(status__in=others) | Q(status=Article.Status.PUBLISHED,
                                                      published__gt=now or timezone.now()))

    def public_count(self, now=None):
        """``published(now).count()``, as these articles less the hidden ones.

        SQLite counts a whole table from its pages (a look at each page, not
        at each row), and the hidden articles are few and found in two index
        ranges; counting the public ones walks the public order index over
        every one of them (15-20 ms on 30,000, for each sitemap index).
        """
        now = now or timezone.now()
        return self.count() - self.hidden(now).count()

    def scheduled(self, now=None):
        """Published articles dated after ``now``: they become public at their date."""
        return self.filter(status=Article.Status.PUBLISHED, published__gt=now or timezone.now())

    def visible_to(self, user):
        """What ``user`` may open on the site: everything for staff (a preview), the public articles for others."""
        return self.all() if user.is_active and user.is_staff else self.published()

    def next_due(self, now=None):
        """When the next scheduled article becomes public, or None: until then, what is public cannot change."""
        return self.scheduled(now).aggregate(due=models.Min("published"))["due"]

    def published_in_bulk(self, pks):
        """``published().in_bulk(pks)``, read by key.

        Without ANALYZE statistics SQLite answers ``status = 'published' AND
        id IN (…)`` by walking the status index over every public article (a
        results page's 20 articles cost 11 ms on 30,000); read by key, the
        rows are 20 lookups, and those not public (:attr:`Article.is_public`,
        the instance's side of :func:`public_q`) are dropped here. Unordered:
        a dictionary has no order to keep, and the articles' default order made
        SQLite sort the whole rows, bodies included.
        """
        return {pk: article for pk, article in self.order_by().in_bulk(pks).items() if article.is_public}

    def newest_first(self):
        return self.order_by(models.F("published").desc(nulls_last=True), "-pk")

    def tagged(self, tag):
        """The articles carrying ``tag``.

        As ``pk IN (the tag's rows of the tags table)``, not a join: without
        ANALYZE statistics SQLite takes ``status = 'published'`` for a narrow
        condition, starts a join there and probes the tags table once per
        article of the archive. This way a page walks the public order index
        and stops at its end, and a count reads only the tag's own rows.
        """
        return self.filter(pk__in=Article.tags.through.objects.filter(tag=tag).values("article_id"))

    def day_counts(self):
        """How many of these articles (the dated ones) fall on each day of the site's calendar: a Counter.

        One query grouped by the stored moment, read from the public order index
        (:func:`archive.dates.local_days`). It counts rows, not ids: ``COUNT(id)``
        tested each of the 30,000 entries' id for NULL (7.7 against 5.8 ms).
        """
        moments = self.exclude(published=None).order_by().values_list("published").annotate(articles=Count("*"))
        return local_days(dict(moments))

    def period_counts(self, level):
        """How many of these articles fall in each year, month or day: a Counter by the period's first day.

        The date archive and the sitemap count with it:
        ``Article.objects.published_dated().period_counts("month")``.
        """
        return period_counts(self.day_counts(), level)


class Article(models.Model):
    """One news article as its outlet published it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "مسودة"
        PUBLISHED = "published", "منشور"

    title = models.CharField("العنوان", max_length=500)
    lead = models.TextField("المقدمة", blank=True)
    body = models.TextField("النص")
    published = models.DateTimeField(
        "تاريخ النشر", null=True, blank=True, db_index=True,
        help_text="اتركه فارغًا إن كان تاريخ المقال مجهولًا.",
    )
    source = models.ForeignKey(
        Source, verbose_name="المصدر", on_delete=models.PROTECT,
        null=True, blank=True, related_name="articles",
    )
    dateline = models.ForeignKey(
        Tag, verbose_name="مكان الخبر", on_delete=models.SET_NULL, null=True, blank=True,
        limit_choices_to={"kind": Tag.Kind.PLACE}, related_name="datelined_articles",
    )
    url = models.URLField("الرابط الأصلي", max_length=1000, blank=True)
    author = models.CharField("الكاتب", max_length=200, blank=True, help_text="اسم الكاتب كما في توقيع المقال، إن وُجد.")
    image = models.ImageField(
        "الصورة الرئيسية", upload_to=lead_image_path, max_length=300, blank=True,
        help_text="JPEG أو PNG أو GIF أو WebP، حتى 10 ميغابايت.",
    )
    image_url = models.URLField(
        "رابط الصورة الرئيسية", max_length=1000, blank=True,
        help_text="صورة منشورة في موقع آخر، تُعرض إن لم تُرفع صورة.",
    )
    image_caption = models.CharField("تعليق الصورة", max_length=500, blank=True)
    image_credit = models.CharField("حقوق الصورة", max_length=200, blank=True, help_text="المصوّر أو الوكالة.")
    tags = models.ManyToManyField(Tag, verbose_name="الوسوم", blank=True, related_name="articles", through="ArticleTag")
    status = models.CharField(
        "الحالة", max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    fingerprint = models.CharField("بصمة النص", max_length=64, unique=True, editable=False)
    created = models.DateTimeField("أُنشئ", auto_now_add=True)
    updated = models.DateTimeField("عُدّل", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published").desc(nulls_last=True), "-pk"]
        verbose_name = "مقال"
        verbose_name_plural = "المقالات"
        # Every public list reads published articles newest first, and the
        # neighbours and date counts read ranges of dates: one index serves
        # them all without sorting or reading the rows. The sitemap asks for
        # the latest change, which would otherwise read every row.
        indexes = [
            models.Index(fields=["status", "published", "id"], name="article_public_order"),
            models.Index(fields=["status", "updated"], name="article_public_updated"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="article_unique_url_when_present",
                violation_error_message="يوجد في الأرشيف مقال بهذا الرابط الأصلي.",
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Refuse to store the same article twice, from any code path, with a clear message.

        One transaction, so that an engine that indexes inside it (PostgreSQL)
        commits the article and its search document together, or neither.
        """
        self.fingerprint = self.compute_fingerprint()
        errors = self.duplicate_errors()
        if errors:
            raise DuplicateArticleError(errors)
        with transaction.atomic(using=kwargs.get("using")):
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return article_path(self.pk)

    @property
    def is_published(self):
        """Its status is published (it may still be scheduled: see :attr:`is_public`)."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_scheduled(self):
        """Published, with a date still to come: public from that date on."""
        return self.is_published and self.published is not None and self.published > timezone.now()

    @property
    def is_public(self):
        """Readers see it now (the instance's side of :func:`public_q`)."""
        return self.is_published and not self.is_scheduled

    def compute_fingerprint(self):
        return text_fingerprint(self.title, self.body)

    def duplicate_errors(self):
        """Messages naming the stored article this one would duplicate, if any."""
        others = Article.objects.exclude(pk=self.pk) if self.pk else Article.objects.all()
        errors = {}
        same_text = others.filter(fingerprint=self.compute_fingerprint()).first()
        if same_text:
            errors["body"] = (
                f"هذا النص محفوظ في الأرشيف من قبل في المقال رقم {same_text.pk}: «{same_text.title}»."
            )
        if self.url:
            same_url = others.filter(url=self.url).first()
            if same_url:
                errors["url"] = (
                    f"هذا الرابط محفوظ في الأرشيف من قبل في المقال رقم {same_url.pk}: «{same_url.title}»."
                )
        return errors

    def clean(self):
        super().clean()
        errors = self.duplicate_errors()
        if errors:
            raise ValidationError(errors)

    def neighbours(self):
        """(the published article just before this one by date, the one just after), or None each.

        The ``lte``/``gte`` bounds say nothing new, but they let the database start
        reading the public order index at this article's date instead of at one end.
        Each is read for its link, so without its body (a quarter of their time).
        """
        if self.published is None:
            return None, None
        moment, pk = self.published, self.pk
        dated = Article.objects.published().only("title")
        older = dated.filter(Q(published__lt=moment) | Q(published=moment, pk__lt=pk), published__lte=moment)
        newer = dated.filter(Q(published__gt=moment) | Q(published=moment, pk__gt=pk), published__gte=moment)
        return older.order_by("-published", "-pk").first(), newer.order_by("published", "pk").first()

    @property
    def lead_image(self):
        """The article's lead image as pages, feeds and Open Graph show it, or None (archive.pages.images)."""
        from archive.pages.images import LeadImage

        return LeadImage.of(self)

    def paragraphs(self):
        return [part.strip() for part in self.body.splitlines() if part.strip()]

    def tags_by_kind(self):
        """The article's tags grouped in the order readers scan them."""
        grouped = {kind: [] for kind in Tag.Kind}
        for tag in self.tags.all():
            grouped[Tag.Kind(tag.kind)].append(tag)
        return [(kind, tags) for kind, tags in grouped.items() if tags]


class ArticleTagQuerySet(models.QuerySet):
    def on_published_articles(self):
        """The links whose article is published: what tag counts, companions and the sitemap read."""
        return self.filter(public_q("article__"))

    def published_counts(self, by="tag_id"):
        """How many of these links have a published article, grouped by ``by`` (a tag's links: by moment,
        ``article__published``): a Counter of the values with some.

        All the rows counted from the side of the links (for the tags, in the
        tags index alone), less the rows of hidden articles (drafts and
        scheduled ones: few, found from the status index). Asked "links whose
        article is published" in one query, SQLite without ANALYZE statistics
        starts from the status index and walks every public article, once per
        tag when it is a count per tag (11 s for 50 tags on 30,000 articles;
        this takes 30 ms for all of them).

        When nothing is hidden (one look at the status index), there is
        nothing to subtract: SQLite answers the subtraction from the links'
        side, walking the links again (8 ms for a tag of 6,000 articles'
        companions) even when it finds none.
        """
        counts = Counter(dict(self.values_list(by).annotate(Count("pk")).order_by()))
        hidden_articles = Article.objects.hidden().values("pk")
        if hidden_articles.exists():
            hidden = self.filter(article_id__in=hidden_articles)
            counts.subtract(dict(hidden.values_list(by).annotate(Count("pk")).order_by()))
        return +counts  # without the values whose every link is hidden


class ArticleTag(models.Model):
    """One tag on one article, and who put it there.

    Re-tagging from the gazetteer (``tag_articles``, the admin's action)
    removes the links it made that the text no longer supports; it never
    touches an editor's. Links added any other way (the admin's form,
    ``article.tags.add``, a file's explicit tags) are the editor's: that is
    the default, so only the gazetteer's own code marks a link as its own.
    The table is the one Django made for the plain many-to-many field
    (migration 0006 kept it and its rows).
    """

    class Origin(models.TextChoices):
        EDITOR = "editor", "محرر"
        GAZETTEER = "gazetteer", "المعجم (وسم تلقائي)"

    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    tag = models.ForeignKey(Tag, on_delete=models.CASCADE)
    origin = models.CharField("مصدر الوسم", max_length=10, choices=Origin.choices, default=Origin.EDITOR)

    objects = ArticleTagQuerySet.as_manager()

    class Meta:
        db_table = "archive_article_tags"
        verbose_name = "وسم مقال"
        verbose_name_plural = "وسوم المقالات"
        unique_together = [("article", "tag")]
        # A tag's articles counted and listed from the index alone (made by migration 0002, renamed by 0006).
        indexes = [models.Index(fields=["tag", "article"], name="article_tags_tag_article")]

    def __str__(self):
        return f"{self.article_id} ← {self.tag_id} ({self.origin})"


# The PostgreSQL search engine's tables (created on PostgreSQL only); models live in their app's models module.
from archive.search.engine.postgres_models import SearchDocument, SearchGeneration, SearchWord  # noqa: E402,F401


class IndexTask(models.Model):
    """An article whose search document must be written again (or removed): the index's outbox.

    Written in the same transaction as the change, so a change the database
    keeps is never forgotten by the index: the task is done after commit and
    deleted only once the index has it. A task that failed (a full disk, a
    read-only folder, a lock held too long) stays and is retried by the next
    write, by searches every little while, and by ``update_index``.
    """

    article_id = models.BigIntegerField("المقال", db_index=True)
    queued = models.DateTimeField("أُضيفت", auto_now_add=True)
    # Written by a running import, which indexes its own articles in bulk once they are in;
    # the outbox leaves them to it while its process lives (archive.search.engine.outbox).
    job = models.ForeignKey("ImportJob", models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = "مهمة فهرسة"
        verbose_name_plural = "مهام الفهرسة"

    def __str__(self):
        return f"فهرسة المقال رقم {self.article_id}"


class ImportJobQuerySet(models.QuerySet):
    def alive(self):
        """Jobs whose process still beats: running, with a heartbeat within ``ImportJob.STALE``."""
        from django.utils import timezone

        return self.filter(status=ImportJob.Status.RUNNING, heartbeat__gte=timezone.now() - ImportJob.STALE)


class ImportJob(models.Model):
    """An upload from the admin, imported by its own process (``run_import_job``) while the editor watches.

    The row is the job's whole state: the page that shows its progress reads
    it, so a reload, another tab or another worker shows the same thing.
    The process writes its counts as it goes and a heartbeat every few
    seconds; a job whose process is gone (killed, the machine restarted) is
    marked failed by :func:`archive.importing.jobs.reap`, never left running.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "في الانتظار"
        RUNNING = "running", "جارٍ"
        DONE = "done", "انتهى"
        FAILED = "failed", "فشل"

    # The process beats every few seconds from a thread of its own; this long without a beat, it is gone.
    HEARTBEAT_SECONDS = 5
    STALE = timedelta(seconds=60)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, verbose_name="المحرر")
    file_name = models.CharField("الملف", max_length=255)
    size = models.BigIntegerField("الحجم بالبايت", default=0)
    format = models.CharField("الصيغة", max_length=10, blank=True)
    publish = models.BooleanField("نشر المستورد", default=False)
    update = models.BooleanField("تحديث الموجود", default=False)
    dry_run = models.BooleanField("تجربة فقط", default=False)
    status = models.CharField("الحالة", max_length=10, choices=Status.choices, default=Status.QUEUED)
    created = models.DateTimeField("أُنشئت", auto_now_add=True)
    started = models.DateTimeField("بدأت", null=True, blank=True)
    finished = models.DateTimeField("انتهت", null=True, blank=True)
    heartbeat = models.DateTimeField("آخر نبضة", null=True, blank=True)
    host = models.CharField("الجهاز", max_length=255, blank=True)
    pid = models.IntegerField("رقم العملية", null=True, blank=True)
    bytes_read = models.BigIntegerField("البايتات المقروءة", default=0)
    progress = models.JSONField("التقدم", default=dict, blank=True)  # Summary.progress(): counts so far
    summary = models.JSONField("الخلاصة", default=dict, blank=True)  # Summary.as_dict() once finished
    error = models.TextField("سبب الفشل", blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = "عملية استيراد"
        verbose_name_plural = "عمليات الاستيراد"

    def __str__(self):
        return f"استيراد {self.file_name} ({self.get_status_display()})"

    @property
    def is_over(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self):
        """How much of the uploaded file has been read, 0–100 (the only total known before reading)."""
        if self.status == self.Status.DONE:
            return 100
        return min(99, 100 * self.bytes_read // self.size) if self.size else 0
