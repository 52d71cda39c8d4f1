"""Tag articles with the people, places and organisations they name.

The gazetteer is the shipped list (``archive/arabic/data/gazetteer.json``, matched
by :mod:`archive.arabic.gazetteer` through the search's normalization) plus
every person, place and organisation tag in the database with its aliases,
so a tag an editor creates tags the next import. A database tag that shares
a spelling with a shipped entry takes that entry over: the editors' name
wins, the spellings of both are matched. Topics stay out: their names are
common words.

A tag row is created the first time an entity is found, with the entity's
aliases; an existing tag is used as editors left it. The links the tagger
makes are marked as the gazetteer's (``ArticleTag.origin``), so tagging
again can take back its own and leaves the editors' alone. Matching reads the
body without its agency dateline (:mod:`.datelines`).
"""
import time
from contextlib import contextmanager

from django.db import transaction
from django.db.models import Prefetch

from archive import revisions
from archive.arabic.gazetteer import KINDS, Entry, Gazetteer, load_entries
from archive.arabic.normalize import normalize
from archive.models import ArticleTag, Tag, TagAlias
from archive.search import engine
from archive.slicing import slices
from archive.slugs import free_slug

from .datelines import split_dateline
from .indexing import sync_index
from .records import TagSpec, check_fields

RETAGGED = "أُضيفت وسوم من المعجم (إعادة الوسم)"
REVISION_SIZE = 500  # articles per revision: one re-tagging of the whole archive is not one huge revision


def gazetteer_entries(tags):
    """The shipped entries, merged with ``tags`` (with their aliases prefetched); keys are (kind, name)."""
    entries = [entry._replace(key=(entry.kind, entry.name)) for entry in load_entries()]
    by_form = {}
    for number, entry in enumerate(entries):
        for form in (entry.name, *entry.aliases):
            by_form.setdefault((entry.kind, normalize(form)), number)
    taken = set()
    for tag in tags:
        forms = [tag.name, *tag.alias_names]
        matches = [by_form.get((tag.kind, normalize(form))) for form in forms]
        number = next((n for n in matches if n is not None and n not in taken), None)
        if number is None:
            entries.append(Entry(tag.kind, tag.name, tuple(tag.alias_names), key=(tag.kind, tag.name)))
            continue
        taken.add(number)
        shipped = entries[number]
        aliases = dict.fromkeys([shipped.name, *shipped.aliases, *tag.alias_names])
        for form in (tag.name, *shipped.partial):  # a partial spelling stays partial, whoever stored it
            aliases.pop(form, None)
        entries[number] = Entry(tag.kind, tag.name, tuple(aliases), (tag.kind, tag.name), shipped.excluded,
                                shipped.partial)
    return entries


class Tagger:
    """Finds an article's entities and gives their Tag rows, creating them on first use.

    Holds every tag in memory for the length of an import; ``reload()``
    after a rolled-back savepoint forgets tags that no longer exist. Inside
    :meth:`together`, new tags are saved at its end, all at once.
    """

    def __init__(self):
        self.seconds = 0.0  # spent matching and tagging (an import adds its workers' matching), for the benches
        self.reload()
        tags = self._tags.values()
        entries = gazetteer_entries([tag for tag in tags if tag.kind in KINDS])
        self.gazetteer = Gazetteer(entries)
        self._entries = {entry.key: entry for entry in entries}

    def reload(self):
        self._tags = {(tag.kind, tag.name): tag for tag in Tag.objects.prefetch_related("aliases")}
        self._slugs = {tag.slug for tag in self._tags.values()}
        self._unsaved = None  # (tag, its aliases) made inside together(), not yet saved

    @contextmanager
    def together(self):
        """New tags made in this block are saved as it ends: one ``INSERT`` for the tags, one for their
        aliases, where a tag at a time took five statements (an import's batch made hundreds). Their slugs are
        chosen from the slugs this tagger knows; should another writer have taken one meanwhile, the
        ``INSERT`` fails and the caller writes again a record at a time (``reload()`` first)."""
        self._unsaved = []
        try:
            yield
            if self._unsaved:
                Tag.objects.bulk_create([tag for tag, _aliases in self._unsaved])  # no post_save, as below
                TagAlias.objects.bulk_create([alias for _tag, aliases in self._unsaved for alias in aliases])
        finally:
            self._unsaved = None

    def found(self, title, lead, body):
        """The tags of the entities an article names, in a stable order."""
        started = time.perf_counter()
        keys = self.keys_in(title, lead, body)
        self.seconds += time.perf_counter() - started
        return self.tags_of(keys)

    def keys_in(self, title, lead, body):
        """The keys of the gazetteer's entries an article names, sorted; no database (an import's workers ask)."""
        _place, body = split_dateline(body)
        return tuple(sorted(self.gazetteer.keys_in(title, lead, body)))

    def tags_of(self, keys):
        """The tags of the gazetteer entries ``keys``, made when new."""
        started = time.perf_counter()
        tags = [self._entry_tag(self._entries[key]) for key in keys]
        self.seconds += time.perf_counter() - started
        return tags

    def tag(self, spec):
        """The tag of that kind and name; created, with the spec's slug and aliases, if new."""
        return self._tags.get((spec.kind, spec.name)) or self._create(spec)

    def named(self, spec):
        """The tag for a name a file gives (a dateline, a tag list).

        A bare name that is one of the spellings of a gazetteer entity of
        its kind is that entity (ترمب is دونالد ترامب); a name with its own
        slug or aliases, as ``export_articles`` writes them, is taken as is.
        """
        if not spec.slug and not spec.aliases:
            for mention in self.gazetteer.find(spec.name):
                if mention.kind == spec.kind and (mention.start, mention.end) == (0, len(spec.name)):
                    return self._entry_tag(self._entries[mention.key])
        return self.tag(spec)

    def _entry_tag(self, entry):
        return self.tag(TagSpec(entry.kind, entry.name, aliases=entry.aliases))

    def _create(self, spec):
        slug = spec.slug if spec.slug not in self._slugs else ""
        tag = Tag(kind=spec.kind, name=spec.name, slug=slug)
        check_fields(tag, exclude=["slug"])
        aliases = [TagAlias(tag=tag, name=name) for name in dict.fromkeys(spec.aliases) if name != spec.name]
        for alias in aliases:
            check_fields(alias, exclude=["tag"])
        if self._unsaved is None:
            tag.save()
            TagAlias.objects.bulk_create(aliases)  # no post_save: the import indexes once at the end
        else:
            tag.slug = tag.slug or free_slug(tag.name, Tag.SLUG_LENGTH, self._slugs)  # as Tag.save chooses it
            self._unsaved.append((tag, aliases))
        self._tags[spec.kind, spec.name] = tag
        self._slugs.add(tag.slug)
        return tag

    def retag(self, articles, user=None):
        """Bring the gazetteer's tags of ``articles`` (a queryset) in line with their text.

        Adds, as the gazetteer's, the tags it finds that an article lacks;
        removes the gazetteer's own tags it no longer finds (a text edited
        since, a gazetteer entry made stricter); never touches an editor's
        tag, found or not. Each article changed gets a version (by ``user``),
        a revision for each ``REVISION_SIZE`` of them. Returns the primary
        keys of the articles whose tags changed, the number of tags added and
        the number removed.
        """
        fresh, stale = {}, {}
        links = Prefetch("articletag_set", queryset=ArticleTag.objects.only("article_id", "tag_id", "origin"))
        for article in articles.prefetch_related(links).iterator(chunk_size=500):
            have = {link.tag_id: link for link in article.articletag_set.all()}
            found = {tag.pk for tag in self.found(article.title, article.lead, article.body)}
            fresh[article.pk] = [ArticleTag(article_id=article.pk, tag_id=pk, origin=ArticleTag.Origin.GAZETTEER)
                                 for pk in sorted(found - have.keys())]
            stale[article.pk] = [link.pk for pk, link in have.items()
                                 if link.origin == ArticleTag.Origin.GAZETTEER and pk not in found]
        changed = [pk for pk in fresh if fresh[pk] or stale[pk]]
        for pks in slices(changed, REVISION_SIZE):
            with revisions.change_of(pks, RETAGGED, user):
                ArticleTag.objects.bulk_create([link for pk in pks for link in fresh[pk]], ignore_conflicts=True)
                ArticleTag.objects.filter(pk__in=[link for pk in pks for link in stale[pk]]).delete()
        return set(changed), sum(map(len, fresh.values())), sum(map(len, stale.values()))


def tag_again(articles, user=None):
    """Bring the gazetteer's tags of ``articles`` up to date and re-index those that changed.

    Returns (articles whose tags changed, tags added, tags removed).
    """
    with transaction.atomic():
        changed, added, removed = Tagger().retag(articles, user)
        in_transaction = engine.writes_in_transaction()
        if in_transaction:  # PostgreSQL: the documents commit with the tags
            sync_index(changed)
    if not in_transaction:
        sync_index(changed)
    return len(changed), added, removed
