"""An import shares its records' work with worker processes, and stores exactly what one process stores.

From its second batch, an import checks, dates and fingerprints records,
finds the gazetteer's names in them and (on PostgreSQL) analyses their
search documents in processes of its own (:mod:`archive.importing.workers`).
Whoever did the work, the archive must come out the same: every article,
source, tag and alias, every tag link with its origin, and on PostgreSQL
every search document and word count; refused records and repeats are
reported the same, with the same Arabic reasons.
"""
import json
import os

import pytest

from archive.importing import workers, writer
from archive.importing.inputs import Input, read_inputs
from archive.importing.inserting import COPY_ROWS
from archive.importing.workers import Workers
from archive.importing.writer import Importer
from archive.models import Article, ArticleTag, Source, Tag, TagAlias
from archive.search import engine
from archive.search.engine import postgres_backend
from tests.corpus import corpus_articles
from tests.engines import on_postgres

pytestmark = pytest.mark.django_db

BATCH = COPY_ROWS + 10  # a batch's articles, tag links and documents are copied in (COPY) on PostgreSQL


def process_of(share):
    return [(item, os.getpid()) for item in share]


def test_workers_run_each_share_in_a_process_of_its_own_once_started():
    with Workers(count=2) as pool:
        assert pool.map(process_of, [1, 2, 3]).get() == [[(1, os.getpid()), (2, os.getpid()), (3, os.getpid())]]
        pool.start()
        shares = pool.map(process_of, [1, 2, 3]).get()
    assert [[item for item, _pid in share] for share in shares] == [[1, 2], [3]]
    assert {pid for share in shares for _item, pid in share}.isdisjoint({os.getpid()})


def records():
    """Corpus articles over several batches, with what makes a batch more than new articles: a repeat of an
    article of its own batch (its text, and its URL), records refused, and tags a file names."""
    articles = [dict(article) for article in corpus_articles(5 * BATCH)]
    articles[3]["url"] = "https://example.com/a/3"
    articles[BATCH + 5]["person"] = ["دونالد ترامب", "اسم لا يعرفه المعجم"]
    articles[BATCH + 6]["tags"] = [{"kind": "place", "name": "حلب", "aliases": ["حلب الشهباء"], "origin": "editor"}]
    articles[2 * BATCH + 7]["status"] = "مؤرشف"  # refused: no such status
    articles[2 * BATCH + 8]["published"] = "2017-02-30"  # refused: no such day
    articles[3 * BATCH + 1]["title"] = "x" * 600  # refused: too long
    repeats = [dict(articles[BATCH + 2], url=""), {**articles[1], "url": "https://example.com/b/1"},
               {"title": "نص آخر", "body": "نص آخر تماما برابط مقال سبق.", "url": "https://example.com/a/3"}]
    articles[BATCH + 9:BATCH + 9] = repeats[:1]  # in the same batch as the article it repeats
    articles[4:4] = repeats[2:]
    articles.insert(BATCH - 2, repeats[1])  # another batch's repeat of the first batch's
    return articles


def imported(tmp_path, monkeypatch, count):
    monkeypatch.setattr(writer, "BATCH", BATCH)
    monkeypatch.setattr(workers, "COUNT", count)
    # a batch's documents are analysed and copied in a part at a time, in three parts or so
    monkeypatch.setattr(postgres_backend, "STREAMED_ROWS", BATCH // 3)
    path = tmp_path / f"articles-{count}.jsonl"
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records()), encoding="utf-8")
    summary = Importer(status=Article.Status.PUBLISHED).run(read_inputs([Input.of(path, name="articles.jsonl")]))
    return {"summary": summary.lines(), "counts": (summary.created, summary.duplicates, len(summary.rejected)),
            **stored()}


def stored():
    """What the archive holds, by what identifies each thing (primary keys differ from one import to the next)."""
    articles = {article.pk: article.fingerprint for article in Article.objects.all()}
    held = {
        "articles": sorted(Article.objects.values_list(
            "fingerprint", "title", "lead", "body", "published", "url", "status", "source__name",
            "dateline__kind", "dateline__name", "author", "image_url")),
        "sources": sorted(Source.objects.values_list("name", "url")),
        "tags": sorted(Tag.objects.values_list("kind", "name", "slug")),
        "aliases": sorted(TagAlias.objects.values_list("tag__kind", "tag__name", "name")),
        "links": sorted((articles[article], kind, name, origin) for article, kind, name, origin in
                        ArticleTag.objects.values_list("article_id", "tag__kind", "tag__name", "origin")),
    }
    if on_postgres():
        from django.db import connection

        from archive.search.engine.postgres_backend import DOCUMENTS, WORDS

        with connection.cursor() as cursor:
            cursor.execute(f"SELECT article_id, vector::text, keys, published, status FROM {DOCUMENTS}")
            held["documents"] = sorted((articles[pk], *rest) for pk, *rest in cursor.fetchall())
            cursor.execute(f"SELECT word, docs, title_docs FROM {WORDS} WHERE docs > 0 OR title_docs > 0 "
                           f"ORDER BY word")
            held["words"] = cursor.fetchall()
    return held


def emptied():
    Article.objects.all().delete()
    Tag.objects.all().delete()
    Source.objects.all().delete()
    engine.clear()


def test_an_import_shared_with_workers_stores_what_one_process_stores(tmp_path, monkeypatch):
    with_workers = imported(tmp_path, monkeypatch, count=2)
    emptied()
    alone = imported(tmp_path, monkeypatch, count=1)
    assert alone["counts"] == (5 * BATCH - 3, 3, 3)
    assert ("حلب الشهباء" in {name for _kind, _tag, name in alone["aliases"]}
            and ("person", "اسم لا يعرفه المعجم", "اسم-لا-يعرفه-المعجم") in alone["tags"])
    assert len(alone["links"]) > 5 * BATCH
    for part in alone:
        assert with_workers[part] == alone[part], part
