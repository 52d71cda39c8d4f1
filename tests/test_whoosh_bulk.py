"""A segment written in bulk (``whoosh_bulk``) holds exactly what Whoosh's own writer writes from the same documents.

Both are built from the same corpus articles (and texts that try the
analysis' edges: folded stop words read in order, long words, empty and
missing values) with the archive's real schema: the same terms, postings
(documents, weights, packed positions or frequencies, each block's
statistics), term statistics, stored fields, field lengths and columns, and
the same answers to searches. The articles a rebuild reads as rows
(``article_rows``) are those ``ArticleIndex`` prepares. A rebuild (``build_beside``, a segment per
process) is compared by article id, and a later ordinary write (delete, add,
merge) takes its segments as any other. An import's many new articles are
added to the live index the same way, in one commit.
"""
import datetime
import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from whoosh.filedb.filestore import FileStorage

from archive.models import Article
from archive.search import engine
from archive.search.archive_search import SearchRequest, search_archive
from archive.search.engine import outbox, whoosh_backend, whoosh_build
from archive.search.engine.article_rows import prepared_articles
from archive.search.engine.whoosh_analysis import arabic_query_parser
from archive.search.engine.whoosh_build import adding, build_beside
from archive.search.engine.whoosh_bulk import BulkSegmentWriter
from archive.slicing import slices
from tests.corpus import corpus_articles
from tests.test_index_term_positions import EDGES
from tests.test_postgres_rebuild import tagged_archive

ARTICLES = 300
QUERIES = ["روسيا", "الرئيس الأمريكي", '"في عام"', '"الرئيس الأمريكي"', "سوريا OR العراق", "النفط -السعودية",
           "مدارس", "الانتخابات", "title:ترامب", "tag_names:هكذا"]


@pytest.fixture(scope="module")
def schema(whoosh_only_module):
    from haystack import connections

    backend = connections["default"].get_backend()
    backend.setup()
    return backend.schema


@pytest.fixture(scope="module")
def whoosh_only_module():
    from django.conf import settings

    if settings.SEARCH_ENGINE != "whoosh":
        pytest.skip("tests the Whoosh engine's own workings; the run uses " + settings.SEARCH_ENGINE)


@pytest.fixture(scope="module")
def documents():
    """Documents as the backend hands them to Whoosh (``_document``): the corpus's first articles, then edge texts."""
    made = []
    texts = [(item["title"], item["body"], item["source"], item["category"], item["published"])
             for item in corpus_articles(ARTICLES)]
    texts += [(edge[:60], edge, None, None, None) for edge in EDGES]
    for number, (title, body, source, category, published) in enumerate(texts):
        when = datetime.datetime.fromisoformat(published) + datetime.timedelta(hours=number % 24) if published else None
        words = title.split() or [""]
        made.append({
            "id": f"archive.article.{number}", "django_ct": "archive.article", "django_id": str(number),
            "text": f"{title}\n{body}", "title": title, "tag_names": "\n".join(words[:2] + words[-1:]),
            "published": when, "source": source, "month": when.strftime("%Y-%m") if when else None,
            "status": "published" if number % 7 else "draft", "stamp": f"stamp {number}",
            "topic": category or "", "person": ",".join(words[:2]) if number % 3 else "", "place": words[-1],
            "organisation": "",
        })
    return made


def _whoosh_index(folder, schema, documents):
    folder.mkdir()
    index = FileStorage(str(folder)).create_index(schema)
    writer = index.writer()
    for document in documents:
        writer.add_document(**document)
    writer.commit()
    return index


def _bulk_index(folder, schema, documents, batch=128):
    folder.mkdir()
    index = FileStorage(str(folder)).create_index(schema)
    bulk = BulkSegmentWriter(index)
    for part in slices(documents, batch):
        bulk.add(part)
    index.writer().commit(mergetype=adding([bulk.finish()]))
    return index


def _contents(reader, key=None):
    """Everything a reader reads of an index, each document named by ``key(doc)`` (its number by default)."""
    key = key or (lambda doc: doc)
    terms = {}
    for field, text in reader.all_terms():
        info = reader.term_info(field, text)
        matcher = reader.postings(field, text)
        postings = []
        while matcher.is_active():
            postings.append((key(matcher.id()), matcher.weight(), matcher.value(), matcher.block_max_weight(),
                             matcher.block_min_length(), matcher.block_max_length()))
            matcher.next()
        terms[field, text] = (info.weight(), info.doc_frequency(), info.min_length(), info.max_length(),
                              info.max_weight(), sorted(postings))
    docs = range(reader.doc_count_all())
    schema = reader.schema
    lengths = {field: sorted((key(doc), reader.doc_field_length(doc, field)) for doc in docs)
               for field in schema.scorable_names()}
    totals = {field: (reader.field_length(field), reader.max_field_length(field), reader.min_field_length(field))
              for field in schema.scorable_names()}
    columns = {field: sorted(zip(map(key, docs), _column(reader, field), strict=True))
               for field in schema.names() if schema[field].column_type}
    stored = sorted((key(doc), sorted(reader.stored_fields(doc).items())) for doc in docs)
    return terms, lengths, totals, columns, stored


def _column(reader, field):
    values = reader.column_reader(field, translate=False)
    return [tuple(value) if isinstance(value, list) else value for value in values]


def _answers(index):
    with index.searcher() as searcher:
        parser = arabic_query_parser("text", index.schema)
        return {query: sorted((-round(hit.score, 9), hit["id"]) for hit in searcher.search(parser.parse(query),
                                                                                           limit=None))
                for query in QUERIES}


def test_a_bulk_segment_holds_what_whoosh_writes(tmp_path, schema, documents):
    whoosh = _whoosh_index(tmp_path / "whoosh", schema, documents)
    bulk = _bulk_index(tmp_path / "bulk", schema, documents)
    assert len(bulk._segments()) == 1
    with whoosh.reader() as expected, bulk.reader() as found:
        assert found.doc_count_all() == len(documents)
        expected_contents, found_contents = _contents(expected), _contents(found)
        assert len(expected_contents[0]) > 20_000  # terms
        for part, (wanted, made) in enumerate(zip(expected_contents, found_contents, strict=True)):
            assert made == wanted, f"part {part} differs"
        assert any(len(value) > 1 and value[0] >= 0x80 for (field, _), term in found_contents[0].items()
                   if field == "text" for _, _, value, *_ in term[5])  # multi-byte positions were written
    answers = _answers(whoosh)
    assert all(answers.values())
    assert _answers(bulk) == answers


def test_a_rebuild_writes_a_segment_per_process_that_later_writes_take(tmp_path, schema, documents):
    whoosh = _whoosh_index(tmp_path / "whoosh", schema, documents)
    link = tmp_path / "index"
    progress = []
    build_beside(link, schema, iter(documents), progress.append)
    assert sum(progress) == len(documents)
    rebuilt = FileStorage(str(link)).open_index()
    with whoosh.reader() as expected, rebuilt.reader() as found:
        by_id = _ids(found)
        wanted, made = _contents(expected, _ids(expected).__getitem__), _contents(found, by_id.__getitem__)
        for part, (wanted_part, made_part) in enumerate(zip(wanted, made, strict=True)):
            if part == 0:  # block statistics depend on how documents fall into blocks, which differs by segment
                wanted_part = {term: (*info[:5], [posting[:3] for posting in info[5]])
                               for term, info in wanted_part.items()}
                made_part = {term: (*info[:5], sorted(posting[:3] for posting in info[5]))
                             for term, info in made_part.items()}
            assert made_part == wanted_part, f"part {part} differs"
    assert _answers(rebuilt) == _answers(whoosh)

    for index in (rebuilt, whoosh):  # every segment read back and merged by Whoosh's own writer
        writer = index.writer()
        writer.delete_by_term("id", "archive.article.1")
        writer.add_document(**{**documents[1], "id": "archive.article.new", "django_id": "new"})
        writer.commit(optimize=True)
    with rebuilt.searcher() as searcher:
        assert searcher.doc_count() == len(documents)
        assert len(rebuilt._segments()) == 1
        assert searcher.document(id="archive.article.new")["django_id"] == "new"
        assert searcher.document(id="archive.article.1") is None
    assert _answers(rebuilt) == _answers(whoosh)
    assert any("archive.article.new" in [name for _, name in found] for found in _answers(rebuilt).values())


def _ids(reader):
    return {doc: fields["id"] for doc, fields in reader.iter_docs()}


def test_articles_read_as_rows_are_prepared_as_the_index_prepares_them(demo):
    from haystack import connections

    tagged_archive()  # no source, no date, draft, several kinds of one name, aliases
    index = connections["default"].get_unified_index().get_index(Article)
    read = {int(data["django_id"]): data for data in prepared_articles(batch=3)}
    articles = list(index.index_queryset())
    assert sorted(read) == sorted(article.pk for article in articles) and len(articles) > 3
    assert any(data["tag_names"].count("\n") > 2 for data in read.values())
    for article in articles:
        assert read[article.pk] == index.full_prepare(article)


def test_only_the_articles_asked_are_read_as_rows(demo):
    tagged_archive()
    pks = sorted(Article.objects.values_list("pk", flat=True))
    asked = pks[1::2]
    assert [int(data["django_id"]) for data in prepared_articles(asked, batch=2)] == asked


def test_an_import_of_many_new_articles_adds_a_segment_a_process_in_one_commit(
        whoosh_only, demo, search_index, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    monkeypatch.setattr(whoosh_backend, "SEGMENTS_FROM", 20)
    monkeypatch.setattr(engine, "CATCH_UP_BATCH", 10)  # a commit each 10 articles, were they not new
    search_index.rebuild()
    outbox.drain()  # the demo's own edits: the import's indexing is then its only commit
    index = search_index.backend().index
    generation = index.latest_generation()
    names = [_made_up_word(number) for number in range(30)]
    records = tmp_path / "many.jsonl"
    records.write_text("".join(json.dumps({
        "title": f"تقرير عن {name}", "body": f"نقل المراسل خبر {name} في المدينة رقم {number} صباح اليوم.",
        "published": "2018-05-01", "url": f"https://example.org/many/{number}"}, ensure_ascii=False) + "\n"
        for number, name in enumerate(names)), encoding="utf-8")

    call_command("import_articles", str(records), status="published", stdout=StringIO(), stderr=StringIO())

    index = search_index.backend().index.refresh()
    assert index.latest_generation() == generation + 1
    assert 1 <= len(index._segments()) <= os.cpu_count()  # the demo's smaller segments were written with them
    assert search_index.documents() == Article.objects.count()
    for number, name in enumerate(names):
        assert [hit.article.url for hit in search_archive(SearchRequest(q=name)).hits] == \
            [f"https://example.org/many/{number}"]

    edited = Article.objects.get(url="https://example.org/many/7")  # an ordinary write deletes from a bulk segment
    edited.title, edited.body = "تقرير معدل", "نص آخر عن حدث آخر."
    with django_capture_on_commit_callbacks(execute=True):
        edited.save()
    assert search_archive(SearchRequest(q=names[7])).hits == []
    assert [hit.article.pk for hit in search_archive(SearchRequest(q="معدل")).hits] == [edited.pk]
    assert search_index.documents() == Article.objects.count()


def test_imports_one_after_another_do_not_pile_segments_up(
        whoosh_only, demo, search_index, tmp_path, monkeypatch, django_capture_on_commit_callbacks):
    """Each import adds its own segments, but those of the index no larger than they are written again with
    them: six imports leave a few segments, not a dozen, and every article in them once, as the database has it
    (an article deleted from a segment written again stays deleted)."""
    monkeypatch.setattr(whoosh_backend, "SEGMENTS_FROM", 4)
    monkeypatch.setattr(whoosh_build, "segment_writers", lambda: 2)
    search_index.rebuild()
    outbox.drain()
    names = [_made_up_word(number) for number in range(360)]
    for part, chunk in enumerate(slices(list(enumerate(names)), 60)):  # too large for Whoosh's own merging
        records = tmp_path / f"part-{part}.jsonl"
        records.write_text("".join(json.dumps({
            "title": f"تقرير عن {name}", "body": f"نقل المراسل خبر {name} في المدينة رقم {number}.",
            "url": f"https://example.org/part/{number}"}, ensure_ascii=False) + "\n"
            for number, name in chunk), encoding="utf-8")
        call_command("import_articles", str(records), status="published", stdout=StringIO(), stderr=StringIO())
        if part == 0:  # from the first segment, which the third import writes again
            with django_capture_on_commit_callbacks(execute=True):
                Article.objects.get(url="https://example.org/part/9").delete()

    index = search_index.backend().index.refresh()
    assert len(index._segments()) == 3  # 181, 120 and 60 articles; not the demo's and six imports' seven
    assert search_index.documents() == Article.objects.count() == 1 + 359
    for number, name in enumerate(names):
        expected = [] if number == 9 else [f"https://example.org/part/{number}"]
        assert [hit.article.url for hit in search_archive(SearchRequest(q=name)).hits] == expected


def test_a_write_folds_the_segments_no_larger_than_its_own(tmp_path, schema, documents, monkeypatch):
    monkeypatch.setattr(whoosh_build, "segment_writers", lambda: 2)
    index = FileStorage(str(tmp_path)).create_index(schema)
    for size in (100, 40, 10, 9):  # a segment each: fewer documents than a batch handed to a process
        writer = index.writer()
        writer.mergetype = adding(whoosh_build.write_segments(index, documents[:size]))
        writer.commit()

    def folded(adding_count):
        return [segment.doc_count_all() for segment in whoosh_build.to_fold(index._segments(), adding_count)]

    assert folded(8) == []  # one segment of 8: the smallest, 9, is larger
    assert folded(9) == [9, 10]  # then 9 + 9 + 10 in one: 40 is larger than 28
    assert folded(21) == [9, 10, 40]
    assert folded(60) == [9, 10, 40, 100]
    monkeypatch.setattr(whoosh_build, "BATCH", 10)  # from 11 documents, two processes write a segment each
    assert folded(17) == []  # 8.5 a segment
    assert folded(18) == [9, 10]  # 9, then 27 and 37 in two segments: 40 is larger than 18.5


def test_update_index_writes_the_articles_never_indexed_in_one_commit(whoosh_only, demo, search_index, monkeypatch):
    monkeypatch.setattr(whoosh_backend, "SEGMENTS_FROM", 20)
    monkeypatch.setattr(engine, "CATCH_UP_BATCH", 20)  # were they not new: 2 commits; and no whole rebuild
    search_index.rebuild()
    outbox.drain()
    index = search_index.backend().index
    generation = index.latest_generation()
    names = [_made_up_word(number) for number in range(30)]
    Article.objects.bulk_create([  # as a killed import leaves them: written, never indexed
        Article(title=f"تقرير عن {name}", body=f"خبر {name}.", status=Article.Status.PUBLISHED,
                fingerprint=f"never-indexed-{number}") for number, name in enumerate(names)])

    call_command("update_index", verbosity=0)

    assert search_index.backend().index.refresh().latest_generation() == generation + 1
    assert search_index.documents() == Article.objects.count()
    assert all(search_archive(SearchRequest(q=name)).total == 1 for name in names)


def _made_up_word(number):
    """A word of Arabic letters no dictionary holds, one a number."""
    letters = "بتثجحخدذرزسشصضطظعغفقكلمن"
    return "زمر" + letters[number // len(letters)] + letters[number % len(letters)] + "ود"
