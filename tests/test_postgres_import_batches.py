"""An import's batches on PostgreSQL: their documents and word counts, copied in, are a rebuild's.

An import writes each batch's search documents in the batch's transaction
(through ``COPY`` and one ``INSERT`` for a batch of more than a few), and
adds its words to the word counts; ``rebuild_index`` makes both afresh from
the articles. Whatever way they were written, a reader must find the same
documents and counts, and a batch that fails leaves nothing of itself.
"""
import json

import pytest
from django.db import IntegrityError, connection

from archive.importing.inputs import Input, read_inputs
from archive.importing.writer import Importer
from archive.models import Article, ArticleTag, Tag
from archive.search import engine
from archive.search.engine.postgres_backend import COPY_ROWS, DOCUMENTS, WORDS
from tests.corpus import corpus_articles

pytestmark = pytest.mark.django_db


def index_tables():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT article_id, vector::text, published, keys, stamp, status FROM {DOCUMENTS} "
                       f"ORDER BY article_id")
        documents = cursor.fetchall()
        cursor.execute(f"SELECT word, docs, title_docs FROM {WORDS} WHERE docs > 0 OR title_docs > 0 ORDER BY word")
        return documents, cursor.fetchall()


def corpus_file(tmp_path, articles):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(article, ensure_ascii=False) + "\n" for article in articles), encoding="utf-8")
    return path


def test_an_imported_batch_is_indexed_as_a_rebuild_indexes_it(postgres, tmp_path):
    articles = corpus_articles(3 * COPY_ROWS)
    summary = Importer(status=Article.Status.PUBLISHED).run(read_inputs([Input.of(corpus_file(tmp_path, articles))]))
    assert summary.created == len(articles) and not summary.rejected
    assert ArticleTag.objects.filter(origin=ArticleTag.Origin.GAZETTEER).exists()
    imported = index_tables()
    assert len(imported[0]) == len(articles)
    engine.rebuild()
    assert index_tables() == imported


def test_words_not_of_letters_alone_are_counted_as_a_rebuild_counts_them(postgres, tmp_path):
    """A batch's word counts travel as ``COPY`` text, escaped only where a word is not letters and digits alone:
    a Hindi word keeps its virama, a mark, through normalization."""
    articles = corpus_articles(COPY_ROWS)
    articles[0] = {**articles[0], "body": articles[0]["body"] + " بالهندية हिन्दी"}
    Importer(status=Article.Status.PUBLISHED).run(read_inputs([Input.of(corpus_file(tmp_path, articles))]))
    imported = index_tables()
    assert ("हिन्दी", 1, 0) in imported[1]
    engine.rebuild()
    assert index_tables() == imported


def test_a_batch_whose_documents_fail_leaves_nothing_of_itself(postgres, tmp_path):
    articles = corpus_articles(3 * COPY_ROWS)
    Importer(status=Article.Status.PUBLISHED).run(read_inputs([Input.of(corpus_file(tmp_path, articles[:COPY_ROWS]))]))
    before = (Article.objects.count(), Tag.objects.count(), ArticleTag.objects.count(), index_tables())
    with connection.cursor() as cursor:  # the database refuses one document of the next batch
        cursor.execute(f"ALTER TABLE {DOCUMENTS} ADD CONSTRAINT refused CHECK (NOT vector @@ 'زززممنوع'::tsquery)")
    poisoned = {**articles[-1], "body": articles[-1]["body"] + " زززممنوع"}
    with pytest.raises(IntegrityError):
        Importer(status=Article.Status.PUBLISHED).run(
            read_inputs([Input.of(corpus_file(tmp_path, [*articles[COPY_ROWS:-1], poisoned]))]))
    assert (Article.objects.count(), Tag.objects.count(), ArticleTag.objects.count(), index_tables()) == before
