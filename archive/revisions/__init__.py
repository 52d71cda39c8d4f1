"""Every version of every article: who changed it, when, and what it was then.

Built on django-reversion (pinned in requirements.txt) rather than
django-simple-history, because what an editor asks of a history is "the
article as it was", and for us an article is its text *and* its tags:

- reversion keeps a whole-object version per save, the many-to-many tags
  included, and groups everything one save (or one bulk action, or one
  batch of an import) changed into one revision with its user and comment;
  simple-history keeps one row per model save in a shadow table, where a
  tag change is a separate through-table history and "the article with its
  tags at 10:42" has to be pieced together.
- it follows the article's tag links (``ArticleTag``, with who put each
  tag there), its tags, source and dateline into the same revision, so a
  version still names a tag that was deleted since;
- its ``VersionAdmin`` already records the admin's saves with the admin's
  own change message, and gives the history and recover views we extend
  (:mod:`.admin`); it needs no shadow table or migration of our own.

Paths that change articles outside the admin's change form (bulk actions,
``import_articles --update``, re-tagging, restores) call
:func:`change_of` around their writes. Articles stored before versions were
kept (or imported without one) get a first version of their state as it
was, on their first recorded change (:func:`keep_baseline`), so the text
an import or a demo wrote can always be restored.
"""
import contextvars
from contextlib import contextmanager

import reversion
from django.db.models import Prefetch
from django.utils import formats, timezone
from reversion.models import Version
from reversion.revisions import _stack as revision_stack  # the open revisions: no public name for it

from archive.admin.editing import TRACKED
from archive.models import Article, ArticleTag, Source, Tag

from .compare import changed, of_article, of_version

# What a version keeps: every field an editor edits; derived ones (fingerprint, dates of change) are computed again.
# The tags are links of their own (ArticleTag: which tag, put there by whom), followed into the same revision
# with the tags themselves, the source and the dateline, so a version still names what was deleted since.
VERSIONED = tuple(name for name in TRACKED if name != "tags")
FOLLOWED = ("source", "dateline", "articletag_set")
BASELINE = "حالة المقال قبل أول تعديل مسجَّل له"

reversion.register(Article, fields=VERSIONED, follow=FOLLOWED)
reversion.register(ArticleTag, fields=("article", "tag", "origin"), follow=("tag",))
reversion.register(Tag, fields=("kind", "name", "slug"))
reversion.register(Source, fields=("name", "url"))


def saved_at(version):
    """When a version was saved, as the admin writes dates («3 مايو 2026، 14:05»)."""
    return formats.date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")


def versions_of(article_pk):
    """The article's versions, oldest first, with their revision and its user."""
    return (Version.objects.get_for_object_reference(Article, article_pk)
            .select_related("revision", "revision__user").order_by("revision__date_created", "pk"))


@contextmanager
def change_of(pks, comment, user=None, only_if_changed=False):
    """Record the articles ``pks`` as the block leaves them: one revision, by ``user``, saying ``comment``.

    Inside another revision (the admin's list view opens one) the versions
    join it, and the comment and user are this block's. ``only_if_changed``
    compares each article with its last version first (an import of the same
    record again is no new version); callers that know they changed
    something save that cost.
    """
    pks = list(pks)
    keep_baseline(pks)
    with reversion.create_revision():
        reversion.set_comment(comment)
        reversion.set_user(user)
        yield
        for article in _with_followed(Article.objects.filter(pk__in=pks)):
            if not only_if_changed or _differs_from_last_version(article):
                reversion.add_to_revision(article)


def keep_baseline(pks):
    """Give each article among ``pks`` that has no version yet one of its stored state, dated when it was saved.

    django-reversion keeps the open revisions in a context variable, and the
    baseline must be a revision of its own, before the change, even when the
    caller is inside one: it is saved in a copy of the context whose stack of
    revisions is emptied. A copy, not an empty context: where an event loop
    runs in the thread (ASGI, or Playwright's in the tests), Django keeps the
    thread's database connection in a context variable too, and an empty
    context would open a second connection, which waits for the first one's
    transaction (SQLite: "database is locked") and commits apart from it.
    """
    keys = [str(pk) for pk in pks]
    known = set(Version.objects.get_for_model(Article).filter(object_id__in=keys).values_list("object_id", flat=True))
    untracked = [key for key in keys if key not in known]
    if untracked:
        contextvars.copy_context().run(_save_baselines, untracked)


def _save_baselines(keys):
    revision_stack.set([])  # this copy of the context only
    for article in _with_followed(Article.objects.filter(pk__in=keys)):
        with reversion.create_revision():
            reversion.set_comment(BASELINE)
            reversion.set_date_created(article.updated)
            reversion.add_to_revision(article)


def _differs_from_last_version(article):
    last = versions_of(article.pk).last()
    return last is None or bool(changed(of_version(last), of_article(article)))


def _with_followed(articles):
    links = Prefetch("articletag_set", queryset=ArticleTag.objects.select_related("tag"))
    return articles.select_related("source", "dateline").prefetch_related(links)
