"""The editors' admin: articles, tags with their aliases, sources, import jobs.

Django's autodiscovery imports ``archive.admin``, so the registrations live
here; the pieces they are built from sit beside them: :mod:`.editing` (the
article form that refuses a lost update), :mod:`.filters` (autocomplete list
filters), :mod:`.publication` (draft, published or scheduled) and
:mod:`.search` (the list's search box through the search engine). The
version history is :mod:`archive.revisions`.
"""
from django.contrib import admin, messages
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path

from archive.admin.editing import ArticleAdminForm, LinesField
from archive.admin.filters import AutocompleteFilter, filter_media
from archive.admin.publication import PublicationAdminMixin
from archive.admin.search import EngineSearchMixin
from archive.importing import jobs, tagging
from archive.importing.upload import ImportForm
from archive.models import Article, ImportJob, Source, Tag, TagAlias
from archive.pages.images import LeadImageField
from archive.revisions import change_of
from archive.revisions.admin import ArticleHistoryAdmin
from archive.search.engine import outbox
from archive.templatetags.archive_admin import count_of
from archive.templatetags.archive_pages import article_count

NOT_INDEXED = ("حُفظ التغيير، لكن تعذّرت كتابته في فهرس البحث الآن (القرص ممتلئ أو الفهرس للقراءة فقط أو مشغول)، "
               "فقد لا يظهر في نتائج البحث بعد. سيُعاد المحاولة تلقائيًا حتى ينجح، دون أي إجراء منك.")

# A URL typed without a scheme is https (Django 6's default, today).
URL_FIELDS_ASSUME_HTTPS = {models.URLField: {"assume_scheme": "https"}}


class TagAliasInline(admin.TabularInline):
    model = TagAlias
    extra = 1


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "slug", "article_count"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases__name"]
    ordering = ["name"]
    inlines = [TagAliasInline]
    fields = ["kind", "name", "slug"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_article_count=Count("articles"))

    @admin.display(description="عدد المقالات", ordering="_article_count")
    def article_count(self, tag):
        return tag._article_count


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "url"]
    formfield_overrides = URL_FIELDS_ASSUME_HTTPS
    search_fields = ["name"]


class ArticleAdminChecks(ModelAdminChecks):
    """Lets the change form list ``tags``, a many-to-many field with its own through model.

    Django refuses such a field in ``fields`` because it cannot know how to
    fill the through model's other columns; ``ArticleTag.origin`` has a
    default (an editor's link), so the form's ``tags.set()`` fills it.
    """

    def _check_field_spec_item(self, obj, field_name, label):
        if field_name == "tags":
            return []
        return super()._check_field_spec_item(obj, field_name, label)


# Every save kept as a version, with history and restore (archive.revisions); the search box through the
# engine (archive.admin.search); «مجدول» and the far-ahead warning (archive.admin.publication).
@admin.register(Article)
class ArticleAdmin(EngineSearchMixin, PublicationAdminMixin, ArticleHistoryAdmin):
    checks_class = ArticleAdminChecks
    form = ArticleAdminForm  # carries what the editor saw: a second editor's save never silently overwrites
    list_display = ["title", "publication_state", "source", "published", "updated"]
    formfield_overrides = {**URL_FIELDS_ASSUME_HTTPS, models.ImageField: {"form_class": LeadImageField},
                           models.TextField: {"form_class": LinesField}}
    # Thousands of tags: autocomplete boxes, not lists (archive/admin/filters.py).
    list_filter = ["status", ("source", AutocompleteFilter), ("dateline", AutocompleteFilter),
                   ("tags", AutocompleteFilter)]
    search_fields = ["title", "lead", "body", "url"]  # searched through the engine (EngineSearchMixin)
    date_hierarchy = "published"
    autocomplete_fields = ["source", "dateline", "tags"]
    readonly_fields = ["publication_state", "fingerprint", "created", "updated"]
    list_select_related = ["source"]
    actions = ["publish", "unpublish", "tag_again"]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body", "version"]}),
        ("البيانات الوصفية", {"fields": ["author", "published", "source", "dateline", "url", "status",
                                         "publication_state"]}),
        ("الصورة الرئيسية", {"fields": ["image", "image_url", "image_caption", "image_credit"]}),
        ("الوسوم", {"fields": ["tags"]}),
        ("السجل", {"fields": ["fingerprint", "created", "updated"], "classes": ["collapse"]}),
    ]

    @property
    def media(self):
        return super().media + filter_media()

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        """The tags' autocomplete box, which Django leaves out for a field with a through model.

        Saving it calls ``article.tags.set()``: a tag the editor adds is an
        editor's link, the gazetteer's links the editor keeps stay the
        gazetteer's, those the editor removes are gone.
        """
        if db_field.name == "tags":
            using = kwargs.get("using")
            kwargs.setdefault("widget", AutocompleteSelectMultiple(db_field, self.admin_site, using=using))
            return db_field.formfield(**kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._tell_if_not_indexed(request, [form.instance.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        self._tell_if_not_indexed(request, [pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        self._tell_if_not_indexed(request, pks)

    def _tell_if_not_indexed(self, request, pks):
        """Once the change commits and the index has been written, warn if it could not take it."""
        def check():
            if any(outbox.is_pending(pk) for pk in pks):
                self.message_user(request, NOT_INDEXED, messages.WARNING, fail_silently=True)
        transaction.on_commit(check)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="archive_article_import"),
            path("import/<int:job_id>/", view(self.import_job_view), name="archive_article_import_job"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a file of articles: its import starts in the background, and the editor goes to its progress."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        jobs.reap()
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = form.start(request.user)
            return redirect("admin:archive_article_import_job", job_id=job.pk)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts, "title": "استيراد مقالات من ملف",
            "form": form, "recent_jobs": ImportJob.objects.select_related("user")[:10],
        }
        return TemplateResponse(request, "admin/archive/article/import.html", context)

    def import_job_view(self, request, job_id):
        """An import's progress while it runs (the page reloads itself), then its summary: the same after a reload."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        jobs.reap()
        job = get_object_or_404(ImportJob, pk=job_id)
        context = {
            **self.admin_site.each_context(request), "opts": self.opts,
            "title": f"استيراد {job.file_name}", "job": job,
        }
        return TemplateResponse(request, "admin/archive/article/import_job.html", context)

    @admin.action(description="وسم المقالات المحددة من جديد بالأشخاص والأماكن والمنظمات", permissions=["change"])
    def tag_again(self, request, queryset):
        changed, added, removed = tagging.tag_again(queryset, request.user)
        self.message_user(request, f"حُدّثت وسوم المعجم — المقالات التي تغيّرت وسومها: {article_count(changed)}؛ "
                                   f"الوسوم المضافة: {count_of(added, Tag._meta)}؛ الوسوم التلقائية المحذوفة "
                                   f"لأن النص لم يعد يذكرها: {count_of(removed, Tag._meta)}. "
                                   "وسوم المحررين لا تُحذف.", messages.SUCCESS)

    @admin.action(description="نشر المقالات المحددة")
    def publish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.PUBLISHED, "نُشر", "نُشر بإجراء جماعي من قائمة المقالات")

    @admin.action(description="إلغاء نشر المقالات المحددة")
    def unpublish(self, request, queryset):
        self._set_status(request, queryset, Article.Status.DRAFT, "أُلغي نشر",
                         "أُلغي نشره بإجراء جماعي من قائمة المقالات")

    def _set_status(self, request, queryset, status, verb, comment):
        """Save each article so the search index hears of the change; one revision names the action."""
        articles = list(queryset.exclude(status=status))
        with change_of([article.pk for article in articles], comment, request.user):
            for article in articles:
                article.status = status
                article.save(update_fields=["status", "updated", "fingerprint"])
                self._tell_if_not_indexed(request, [article.pk])
        self.message_user(request, f"{verb}: {article_count(len(articles))}.", messages.SUCCESS)
