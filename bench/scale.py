"""The archive at 100,000 and 1,000,000 articles: import, index build, index size and search latency (issue 10).

    nice -n 10 .venv/bin/python bench/scale.py [--sizes 100000,1000000] [--whoosh-at 100000]
                                               [--per-kind 25] [--keep] [--server postgres://archive:archive@127.0.0.1:5432]
                                               [--prefix archive_scale] [--only search]

The corpus has 29,975 articles; a larger archive is made from it. First
the corpus goes through the importer once (``import_articles --publish``:
dates, sources, the gazetteer's tags) into ``archive_scale_base``, kept
between runs (``--fresh-base`` loads it again); the index is built later,
so the importer runs as with Whoosh, indexing nothing. Each size gets a
PostgreSQL database of its own (``archive_scale_<size>``, a copy of the
base made by ``CREATE DATABASE … TEMPLATE``, dropped at the end unless
``--keep``; ``--prefix`` names them otherwise, so that two people's runs on one
server stay apart):

* load: copies of the corpus' articles until the size is reached,
  bulk-loaded with ``COPY``. Copy *k* of an article is re-dated *k* years
  earlier and recombined: its body ends with a paragraph of another article,
  so its normalized text, and so its fingerprint, differ from every other
  (the unique fingerprint column would refuse a duplicate). It keeps the
  article's title, source, dateline and tags. Reported: the importer's
  articles/s on the corpus, the bulk copies' articles/s (fingerprints
  included);
* index: ``rebuild_index`` (``engine.rebuild``) on PostgreSQL, articles/s,
  and the size on disk of the index's tables with their indexes;
* search: ``search_archive`` in process, ``--per-kind`` distinct requests of
  every kind made from random real titles and tags (bench/speed.py's
  ``Requests``), median and p95 ms; and the search page itself
  (``/search/?…`` through Django's test client, the whole view and
  template, no network) for words, a person filter and a date range;
* with ``--whoosh-at``, the same database indexed by the Whoosh engine
  (``rebuild_index`` into a temporary folder) and searched the same way.

``--only search`` measures the searches again on the databases a ``--keep``
run left (after a change of the query side), loading and indexing nothing.

Each part runs in a process of its own with the settings it needs (the
engine is chosen when Django starts); the load average of the machine is
recorded before and after each. Prints a table, writes
bench/results/scale.json. A search PostgreSQL cancels (the statement
timeout, 5 s) counts as a timeout, its time kept.
"""
import argparse
import datetime
import json
import multiprocessing
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gazetteer_corpus import CORPUS  # noqa: E402
from bench.speed import (  # noqa: E402
    KINDS,
    Requests,
    Sample,
    Titled,  # noqa: E402
    latency,
    query_string,
    title_words,
)

RESULTS = ROOT / "bench" / "results"
SERVER = "postgres://archive:archive@127.0.0.1:5432"
PREFIX = "archive_scale"
COPY_BATCH = 10_000
SAMPLE_ARTICLES = 5_000
PROGRESS_EVERY = 10_000
PAGE_KINDS = ("one word", "two words", "person filter", "date range")
ARTICLE_COLUMNS = ("id", "title", "lead", "body", "published", "source_id", "dateline_id", "url", "author",
                   "image", "image_url", "image_caption", "image_credit", "status", "fingerprint", "created",
                   "updated")


def main(options):
    report = {"cores": os.cpu_count(), "options": vars(options) | {"sizes": options.sizes}, "sizes": {}}
    out = RESULTS / f"scale-{'-'.join(map(str, options.sizes))}{'-search' if options.only else ''}.json"
    RESULTS.mkdir(parents=True, exist_ok=True)

    def save():  # after every part: a run stopped midway keeps what it measured
        out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    if options.only == "search":
        return search_again(options, report, save)
    base_name = f"{options.prefix}_base"
    base = f"{options.server}/{base_name}"
    if options.base_from:
        recreate_database(options.server, base_name)
        copy_database(f"{options.server}/{options.base_from}", base)
        report["corpus_import"] = {"copied_from": options.base_from}
    elif options.fresh_base or not database_exists(options.server, base_name):
        recreate_database(options.server, base_name)
        with tempfile.TemporaryDirectory(prefix="scale-import-") as unused_index:
            report["corpus_import"] = part("import", base, corpus_limit=options.corpus_limit, whoosh=unused_index)
        (RESULTS / "scale_corpus_import.json").write_text(json.dumps(report["corpus_import"], indent=1))
    else:
        found = RESULTS / "scale_corpus_import.json"
        report["corpus_import"] = json.loads(found.read_text()) if found.exists() else {}
    print(table_import(report["corpus_import"]), flush=True)
    for size in options.sizes:
        database = f"{options.prefix}_{size}"
        url = f"{options.server}/{database}"
        recreate_database(options.server, database, template=base_name)
        row = report["sizes"][str(size)] = {"database": database}
        try:
            row["load"] = part("load", url, size=size)
            save()
            print(table_load(size, row["load"]), flush=True)
            row["postgres_index"] = part("index", url)
            save()
            row["postgres_search"] = part("search", url, per_kind=options.per_kind)
            print(table_engine(size, "PostgreSQL", row["postgres_index"], row["postgres_search"]), flush=True)
            if size == options.whoosh_at:
                folder = tempfile.mkdtemp(prefix="scale-whoosh-")
                index = os.path.join(folder, "index")  # a rebuild writes its folder beside this link: inside ours
                try:
                    row["whoosh_index"] = part("index", url, whoosh=index)
                    row["whoosh_search"] = part("search", url, whoosh=index, per_kind=options.per_kind)
                finally:
                    shutil.rmtree(folder, ignore_errors=True)
                print(table_engine(size, "Whoosh", row["whoosh_index"], row["whoosh_search"]), flush=True)
        finally:
            save()
            if not options.keep:
                drop_database(options.server, database)
    print(f"written to {out}")


def search_again(options, report, save):
    """The searches alone, on the databases of a ``--keep`` run (indexed by PostgreSQL)."""
    for size in options.sizes:
        database = f"{options.prefix}_{size}"
        if not database_exists(options.server, database):
            sys.exit(f"{database} is not there: run bench/scale.py --sizes {size} --keep first")
        row = report["sizes"][str(size)] = {"database": database}
        row["postgres_search"] = part("search", f"{options.server}/{database}", per_kind=options.per_kind)
        save()
        print(table_search(size, "PostgreSQL", row["postgres_search"]), flush=True)


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="comma-separated article counts")
    parser.add_argument("--whoosh-at", type=int, default=100_000, help="also index this size with Whoosh (0: never)")
    parser.add_argument("--per-kind", type=int, default=25, help="distinct searches of each kind")
    parser.add_argument("--keep", action="store_true", help="keep the databases (<prefix>_<size>)")
    parser.add_argument("--prefix", default=PREFIX, help="the databases' names: <prefix>_base, <prefix>_<size>")
    parser.add_argument("--only", choices=["search"],
                        help="search: measure the searches again on the databases a --keep run left")
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, without a database name")
    parser.add_argument("--corpus-limit", type=int, help="import only the corpus' first N articles (a quick try)")
    parser.add_argument("--fresh-base", action="store_true", help="import the corpus into <prefix>_base again")
    parser.add_argument("--base-from", metavar="DATABASE",
                        help="make <prefix>_base a copy of this database (the corpus imported already) instead")
    parser.add_argument("--part", help=argparse.SUPPRESS)  # the child process's part
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--whoosh", help=argparse.SUPPRESS)
    options = parser.parse_args()
    options.sizes = [int(size) for size in options.sizes.split(",") if size.strip()]
    return options


def part(name, url, size=None, whoosh=None, per_kind=None, corpus_limit=None):
    """Run one part in a child process with its settings; return what it reports, with the load around it."""
    env = dict(os.environ, DATABASE_URL=url, SEARCH_ENGINE="whoosh" if whoosh else "postgres",
               DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="testserver",
               DJANGO_SETTINGS_MODULE="archive.settings", LOG_LEVEL="ERROR")
    if whoosh:
        env["SEARCH_INDEX_PATH"] = whoosh
    command = [sys.executable, __file__, "--part", name]
    command += ["--size", str(size)] if size else []
    command += ["--per-kind", str(per_kind)] if per_kind else []
    command += ["--corpus-limit", str(corpus_limit)] if corpus_limit else []
    print(f"{name} {'whoosh' if whoosh else 'postgres'} {url.rpartition('/')[2]}…", file=sys.stderr, flush=True)
    load_before = machine_load()
    finished = subprocess.run(command, env=env, stdout=subprocess.PIPE, text=True, check=True)
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    return {**result, "load_before": load_before, "load_after": machine_load()}


def machine_load():
    return [round(n, 2) for n in os.getloadavg()]


def _maintenance(server):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def recreate_database(server, database, template=None):
    drop_database(server, database)
    with _maintenance(server) as connection:
        connection.execute(f'CREATE DATABASE "{database}"' + (f' TEMPLATE "{template}"' if template else ""))


def copy_database(source, target):
    """pg_dump | pg_restore: the source is only read (a template copy would need it unused)."""
    dump = subprocess.Popen(["pg_dump", "-Fc", "-d", source], stdout=subprocess.PIPE)
    subprocess.run(["pg_restore", "--no-owner", "-d", target], stdin=dump.stdout, check=True)
    if dump.wait():
        sys.exit(f"pg_dump {source} failed")


def database_exists(server, database):
    with _maintenance(server) as connection:
        return connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database]).fetchone() is not None


def drop_database(server, database):
    with _maintenance(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


# -- the parts, each in its own process ------------------------------------------------------------


def child(options):
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)  # the base may be older than the code (cheap on PostgreSQL)
    result = {"import": run_import, "load": run_load, "index": run_index, "search": run_search}[options.part](options)
    print(json.dumps(result, ensure_ascii=False, default=str))


def run_import(options):
    """The corpus through the importer (reading, dates, sources, the gazetteer's tags), indexing nothing."""
    from archive.importing.inputs import Input, read_inputs
    from archive.importing.writer import Importer
    from archive.models import IndexTask

    started = time.perf_counter()
    importer = Importer(status="published")
    summary = importer.run(islice(read_inputs([Input.of(CORPUS)]), options.corpus_limit))
    seconds = time.perf_counter() - started
    IndexTask.objects.all().delete()  # what a Whoosh import leaves for its index: the sizes are indexed afresh
    return {"articles": summary.created, "duplicates": summary.duplicates, "rejected": len(summary.rejected),
            "seconds": round(seconds, 1), "per_second": round(summary.created / seconds),
            "tagging_seconds": round(importer.tagger.seconds, 1)}


def run_load(options):
    """Re-dated, recombined copies of the corpus' articles by COPY, up to ``options.size`` articles."""
    from archive.models import Article

    stored = Article.objects.count()
    started = time.perf_counter()
    copies, split = copy_articles(options.size - stored)
    seconds = time.perf_counter() - started
    return {"corpus_articles": stored, "copies": copies, "articles": stored + copies, "seconds": round(seconds, 1),
            "per_second": round(copies / seconds) if copies else None, **split}


# The corpus' articles, read once before the fingerprint workers fork (they read it, never write it).
_BASE = []


def copy_articles(count):
    """COPY ``count`` re-dated, recombined copies of the stored articles; return how many were written."""
    from django.db import connection, transaction

    if count <= 0:
        return 0, {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'archive_article'")
        missing = {name for (name,) in cursor.fetchall()} ^ set(ARTICLE_COLUMNS)
        if missing:
            sys.exit(f"archive_article's columns changed ({sorted(missing)}): update ARTICLE_COLUMNS in {__file__}")
        cursor.execute("SELECT id, title, lead, body, published, source_id, dateline_id, author, fingerprint "
                       "FROM archive_article ORDER BY id")
        _BASE[:] = cursor.fetchall()
        # The tag links' own columns (tag_id, and who made the link where the schema says so) are copied too.
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'archive_article_tags' "
                       "AND column_name NOT IN ('id', 'article_id') ORDER BY ordinal_position")
        link_columns = [name for (name,) in cursor.fetchall()]
        cursor.execute(f"SELECT article_id, {', '.join(link_columns)} FROM archive_article_tags")
        tags = {}
        for article_id, *link in cursor.fetchall():
            tags.setdefault(article_id, []).append(link)
        cursor.execute("SELECT max(id) FROM archive_article")
        next_id = cursor.fetchone()[0] + 1
    seen = {row[8] for row in _BASE}
    now = datetime.datetime.now(datetime.UTC)
    written, timings = 0, {"fingerprint_seconds": 0.0, "copy_seconds": 0.0}
    with multiprocessing.get_context("fork").Pool(os.cpu_count() or 1) as pool:
        for start in range(0, count, COPY_BATCH):
            plans = [_plan(j) for j in range(start, min(count, start + COPY_BATCH))]
            rows, links = [], []
            started = time.perf_counter()
            recombined = pool.map(_recombined, plans, chunksize=500)
            timings["fingerprint_seconds"] += time.perf_counter() - started
            for (i, k, other), (body, fingerprint) in zip(plans, recombined, strict=True):
                while fingerprint in seen:  # another article shares that paragraph: take the next one's
                    other = (other + 1) % len(_BASE)
                    body, fingerprint = _recombined((i, k, other))
                seen.add(fingerprint)
                pk, title, lead, _, published, source_id, dateline_id, author, _ = _BASE[i]
                published = published - datetime.timedelta(days=365 * k + k // 4) if published else None
                rows.append((next_id, title, lead, body, published, source_id, dateline_id, "", author, "", "", "",
                             "", "published", fingerprint, now, now))
                links += [(next_id, *link) for link in tags.get(pk, ())]
                next_id += 1
            started = time.perf_counter()
            with transaction.atomic(), connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY archive_article ({', '.join(ARTICLE_COLUMNS)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                with cursor.cursor.copy(f"COPY archive_article_tags (article_id, {', '.join(link_columns)}) "
                                        "FROM STDIN") as copy:
                    for link in links:
                        copy.write_row(link)
            timings["copy_seconds"] += time.perf_counter() - started
            written += len(rows)
            print(f"  {written}/{count} copies", file=sys.stderr, flush=True)
    with connection.cursor() as cursor:
        for table in ("archive_article", "archive_article_tags"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cursor.execute("ANALYZE archive_article, archive_article_tags")
    return written, {name: round(seconds, 1) for name, seconds in timings.items()}


def _plan(j):
    """Copy ``j``: (the article it copies, which copy of it, the article lending a paragraph)."""
    i, k = j % len(_BASE), 1 + j // len(_BASE)
    return i, k, (i + 7919 * k) % len(_BASE)


def _recombined(plan):
    """(body, fingerprint) of a copy: the article's body and a paragraph of the other, fingerprinted as saved."""
    from archive.arabic.fingerprint import text_fingerprint

    i, k, other = plan
    paragraphs = [line for line in _BASE[other][3].splitlines() if line.strip()] or [_BASE[other][1]]
    body = f"{_BASE[i][3]}\n\n{paragraphs[k % len(paragraphs)]}"
    return body, text_fingerprint(_BASE[i][1], body)


def run_index(options):
    """The whole index built by the configured engine (``rebuild_index``), articles/s and its size on disk."""
    from django.conf import settings
    from django.db import connection

    from archive.models import Article
    from archive.search import engine

    articles = Article.objects.published().count()
    started = time.perf_counter()
    engine.rebuild(progress=Progress(Article.objects.count(), started))
    seconds = time.perf_counter() - started
    result = {"engine": settings.SEARCH_ENGINE, "articles": articles, "seconds": round(seconds, 1),
              "per_second": round(articles / seconds)}
    if settings.SEARCH_ENGINE == "postgres":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size('archive_searchdocument'), "
                           "pg_total_relation_size('archive_searchword'), pg_total_relation_size('archive_article'), "
                           "pg_relation_size('searchdocument_vector')")
            documents, words, article_table, gin = cursor.fetchone()
        result |= {"index_mb": round((documents + words) / 2**20), "gin_mb": round(gin / 2**20),
                   "articles_table_mb": round(article_table / 2**20)}
    else:
        result["index_mb"] = folder_mb(Path(settings.HAYSTACK_CONNECTIONS["default"]["PATH"]))
    return result


class Progress:
    """Prints how many documents are written, every ``PROGRESS_EVERY``, with the rate so far (a run stopped
    midway says how far it got)."""

    def __init__(self, total, started):
        self.total, self.started, self.done, self.said = total, started, 0, 0

    def __call__(self, count):
        self.done += count
        if self.done - self.said >= PROGRESS_EVERY or self.done == self.total:
            self.said = self.done
            seconds = time.perf_counter() - self.started
            print(f"  {self.done}/{self.total} documents in {seconds:.0f} s = {self.done / seconds:.0f}/s; "
                  f"load {machine_load()}", file=sys.stderr, flush=True)


def folder_mb(folder):
    return round(sum(path.stat().st_size for path in folder.resolve().rglob("*") if path.is_file()) / 2**20)


def run_search(options):
    """``--per-kind`` distinct requests of every kind in process, then search pages through the test client."""
    from django.test import Client

    from archive.search.archive_search import SearchRequest, search_archive

    requests = Requests(sampled_articles(), seed=2018)
    search_archive(SearchRequest(q=requests.make("one word", 1)[0]["q"]))  # imports, the first reader
    kinds = {}
    for kind in KINDS:
        timings, totals, timeouts = [], [], 0
        for params in requests.make(kind, options.per_kind):
            started = time.perf_counter()
            found = search_archive(SearchRequest(**params))
            timings.append(1000 * (time.perf_counter() - started))
            totals.append(found.total)
            timeouts += bool(getattr(found, "timed_out", False))
        kinds[kind] = {**latency(timings), "median_results": sorted(totals)[len(totals) // 2] if totals else 0,
                       "timeouts": timeouts}
    client, pages = Client(), {}
    for kind in PAGE_KINDS:
        timings, errors = [], 0
        for params in requests.make(kind, options.per_kind):
            started = time.perf_counter()
            status = client.get("/search/?" + query_string(params)).status_code
            timings.append(1000 * (time.perf_counter() - started))
            errors += status != 200
        pages[kind] = {**latency(timings), "errors": errors}
    return {"kinds": kinds, "pages": pages}


def sampled_articles():
    """A ``Sample`` of up to SAMPLE_ARTICLES random published articles (reading a million titles takes long)."""
    from django.utils import timezone

    from archive.models import Article, Tag

    ids = list(Article.objects.published().values_list("pk", flat=True).order_by())
    chosen = random.Random(2018).sample(ids, min(SAMPLE_ARTICLES, len(ids)))
    persons = {}
    tagged = Article.tags.through.objects.filter(article__in=chosen, tag__kind=Tag.Kind.PERSON)
    for pk, slug in tagged.values_list("article_id", "tag__slug"):
        persons.setdefault(pk, []).append(slug)
    articles = [Titled(pk, *title_words(title), timezone.localdate(when) if when else None, persons.get(pk, []))
                for pk, title, when in Article.objects.filter(pk__in=chosen).values_list("pk", "title", "published")]
    return Sample(articles=articles, tags=[], sources=[], periods=[], text_mb=0)


# -- tables ---------------------------------------------------------------------------------------------


def table_import(found):
    if "copied_from" in found:
        return f"\ncorpus: a copy of {found['copied_from']} (imported already, not timed here)"
    if not found:
        return "(the corpus import's figures are missing: run with --fresh-base to measure it)"
    return (f"\ncorpus through the importer (tags from the gazetteer, no index): {found['articles']:,} articles in "
            f"{found['seconds']} s = {found['per_second']:,}/s, tagging {found['tagging_seconds']} s of it; "
            f"load {found['load_before']} → {found['load_after']}")


def table_load(size, load):
    return (f"\n{size:,} articles: {load['copies']:,} copies of the {load['corpus_articles']:,} by COPY in "
            f"{load['seconds']} s = {load['per_second'] or '-'}/s (of which making texts and fingerprints "
            f"{load.get('fingerprint_seconds', '?')} s, COPY {load.get('copy_seconds', '?')} s); "
            f"load {load['load_before']} → {load['load_after']}")


def table_engine(size, name, index, search):
    return (f"\n{name} at {size:,}: index {index['articles']:,} articles in {index['seconds']} s = "
            f"{index['per_second']:,}/s, {index['index_mb']:,} MB on disk"
            + (f" (GIN {index['gin_mb']:,} MB; articles table {index['articles_table_mb']:,} MB)"
               if "gin_mb" in index else "")
            + f"; load {index['load_before']} → {index['load_after']}" + table_search(size, name, search))


def table_search(size, name, search):
    lines = [f"\n{name} at {size:,}, searches:",
             f"  {'in process':<22}{'n':>4}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'results':>9}{'timeouts':>9}"]
    for kind, row in search["kinds"].items():
        lines.append(f"  {kind:<22}{row['n']:>4}{row.get('median_ms', '-'):>11}{row.get('p95_ms', '-'):>9}"
                     f"{row.get('max_ms', '-'):>9}{row['median_results']:>9}{row['timeouts']:>9}")
    lines.append(f"  {'search page':<22}{'n':>4}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}{'errors':>9}")
    for kind, row in search["pages"].items():
        lines.append(f"  {kind:<22}{row['n']:>4}{row.get('median_ms', '-'):>11}{row.get('p95_ms', '-'):>9}"
                     f"{row.get('max_ms', '-'):>9}{row['errors']:>9}")
    lines.append(f"  load {search['load_before']} → {search['load_after']}")
    return "\n".join(lines)


if __name__ == "__main__":
    parsed = parse_options()
    if parsed.part:
        child(parsed)
    else:
        main(parsed)
