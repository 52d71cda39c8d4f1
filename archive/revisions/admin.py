"""The article's history in the admin: its versions, what each changed, and a restore in one click.

django-reversion's ``VersionAdmin`` records the change form's saves (with
the admin's change message) and gives the history, version and recover
routes. Its version page is the change form filled with the old version,
saved by a raw revert; ours is a confirmation page instead: the word
diff between the version and the article as it is now (or the version
before it), what cannot come back, and one button that restores through
:func:`archive.revisions.restore.restore`.
"""
from dataclasses import dataclass

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from reversion.admin import VersionAdmin
from reversion.models import Version

from archive.admin.editing import unchanged_since, version_token

from . import keep_baseline, saved_at, versions_of
from .compare import changed, differences, of_article, of_version, of_versions
from .restore import restore

CHANGED_SINCE = ("تغيّر المقال بعد أن فتحت هذه الصفحة، فلم يُسترجع شيء. "
                 "هذا هو الفرق مع ما حُفظ الآن؛ استرجع من جديد إن أردت.")
RESTORED = "استُرجعت نسخة {when} من «{title}»، وحُفظ الاسترجاع نسخةً جديدة في سجل المقال."
GONE_TAGS = "لم تُسترجع هذه الوسوم لأنها حُذفت بعد حفظ تلك النسخة: {names}. أُعيد سائر ما في النسخة."
GONE_ONE = "لم يُسترجع {label} «{name}» لأنه حُذف بعد حفظ تلك النسخة؛ تُرك فارغًا."
GONE_LABELS = {"source": "المصدر", "dateline": "مكان الخبر"}
HISTORY_PAGE = 20  # versions a page of the history


@dataclass
class HistoryRow:
    """One version in the history list: who, when, why, and which fields it changed."""

    version: Version
    changed: list
    url: str
    is_first: bool
    is_current: bool = False


class ArticleHistoryAdmin(VersionAdmin):
    object_history_template = "admin/archive/article/object_history.html"
    change_list_template = "admin/archive/article/change_list.html"
    recover_list_template = "admin/archive/article/recover_list.html"
    version_template = "admin/archive/article/version.html"

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Keep the article's state before its first recorded change, then save in the admin's revision."""
        if request.method == "POST":
            article = self.get_object(request, unquote(object_id))
            if article is not None:
                keep_baseline([article.pk])
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        """The article's versions, newest first, ``HISTORY_PAGE`` a page, each with what it changed.

        Django's own history view (not django-reversion's, which lists every
        version of the article on one page) with our rows: a page of versions
        costs the same few queries however long the history is.
        """
        article = self.get_object(request, unquote(object_id))
        if article and not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        context = {"title": f"سجل نسخ المقال: {article}"} if article else {}
        if article:
            context |= self._history(request, article)
        return admin.ModelAdmin.history_view(self, request, object_id, context | (extra_context or {}))

    def _history(self, request, article):
        """The page's rows, and the pagination Django's history template reads."""
        newest_first = versions_of(article.pk).reverse()
        paginator = Paginator(newest_first, HISTORY_PAGE)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        # The page's versions and the one before its oldest: what each changed is a difference from the previous one.
        versions = list(newest_first[page.start_index() - 1:page.end_index() + 1]) if paginator.count else []
        states = of_versions(versions)
        rows = []
        for index, version in enumerate(versions[:page.end_index() - page.start_index() + 1]):
            previous = states[index + 1] if index + 1 < len(states) else None
            what = changed(previous, states[index]) if previous else []
            url = reverse("admin:archive_article_revision", args=[article.pk, version.pk])
            rows.append(HistoryRow(version, what, url, is_first=previous is None))
        if rows and page.number == 1:
            rows[0].is_current = not changed(states[0], of_article(article))
        page.object_list = rows
        return {"action_list": page, "page_range": paginator.get_elided_page_range(page.number),
                "pagination_required": paginator.num_pages > 1}

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("لا مقال بهذا الرقم.")
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(versions_of(article.pk), pk=version_id)
        return self._version_page(request, version, article)

    def recover_view(self, request, version_id, extra_context=None):
        """A deleted article's last version, restored as a new article with its old number."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        version = get_object_or_404(Version.objects.get_deleted(self.model), pk=version_id)
        return self._version_page(request, version, None)

    def _version_page(self, request, version, article):
        if request.method == "POST":
            if article and not unchanged_since(request.POST.get("token", ""), article):
                messages.error(request, CHANGED_SINCE)
            else:
                response = self._restore(request, version, article)
                if response:
                    return response
            article = self.model.objects.filter(pk=version.object_id).first()
        return TemplateResponse(request, self.version_template, self._version_context(request, version, article))

    def _version_context(self, request, version, article):
        state = of_version(version)
        against = "previous" if request.GET.get("against") == "previous" else "current"
        older = versions_of(version.object_id).filter(pk__lt=version.pk).last() if against == "previous" else None
        base = of_version(older) if older else (of_article(article) if article and against == "current" else None)
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts, "original": article, "version": version, "against": against,
            "title": f"نسخة من المقال: {version.object_repr}", "gone": state.gone,
            "differences": differences(base, state) if base else None,
            "restorable": article is None or bool(changed(of_article(article), state)),
            "token": version_token(article) if article else "",
        }

    def _restore(self, request, version, article):
        """Restore and go to the article's form; None (with the errors told) if it cannot be saved."""
        try:
            restored = restore(version, request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"لم تُسترجع النسخة: {message}")
            return None
        except IntegrityError:
            messages.error(request, "لم تُسترجع النسخة: تعارضت مع مقال آخر حُفظ في الأثناء. أعد المحاولة.")
            return None
        log = self.log_change if article else self.log_addition
        log(request, restored.article, f"استرجاع نسخة {saved_at(version)}")
        self.message_user(request, RESTORED.format(when=saved_at(version), title=restored.article.title),
                          messages.SUCCESS)
        for name, missing in restored.gone.items():
            if name == "tags":
                self.message_user(request, GONE_TAGS.format(names="، ".join(missing)), messages.WARNING)
            else:
                self.message_user(request, GONE_ONE.format(label=GONE_LABELS[name], name=missing), messages.WARNING)
        return redirect("admin:archive_article_change", restored.article.pk)
