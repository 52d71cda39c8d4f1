"""A streaming replica of the local PostgreSQL cluster serving the archive's searches, and an edit reaching it.

    nice -n 10 .venv/bin/python bench/replica.py [--articles 2000] [--searches 200] [--edits 20]
                                                 [--server postgres://archive:archive@127.0.0.1:5432]

Run as root (or as a user who may ``runuser -u postgres``): the replica is
made and run by the ``postgres`` system user, as Debian's cluster is. Steps:

1. a database of its own on the local cluster (``archive_replica_bench``),
   the corpus' first ``--articles`` articles imported into it
   (``import_articles --publish`` with ``SEARCH_ENGINE=postgres``: the
   search documents are written with the articles);
2. ``pg_basebackup -R`` of the cluster into a temporary folder (its own
   data directory: ``standby.signal`` and ``primary_conninfo`` written by
   ``-R``), a ``postgresql.conf`` of its own (a free port, hot standby,
   every statement logged), started with ``pg_ctl``;
3. gunicorn (2 workers, DEBUG off) with ``DATABASE_URL`` the primary and
   ``DATABASE_REPLICA_URLS`` the replica: ``--searches`` distinct reader
   searches over HTTP; the replica's log must hold the search statements
   and the primary must have had no connection from the web server;
4. ``--edits`` edits through Django on the primary (``Article.save``: the
   article and its search document in one transaction), each time with a
   new word in the title: how long until the replica has the new title
   (polled directly), until a reader's search finds the word (over HTTP,
   through the replica), and whether the editor's next search (the
   ``read_primary`` cookie a POST sets) finds it at once;
5. the replica stopped and deleted, gunicorn stopped, the database dropped.

Prints a table and the machine's load; writes bench/results/replica.json.
"""
import argparse
import contextlib
import json
import lzma
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import speed_server  # noqa: E402
from bench.gazetteer_corpus import CORPUS  # noqa: E402
from bench.query_latency import percentile  # noqa: E402
from bench.speed import title_words  # noqa: E402

RESULTS = ROOT / "bench" / "results"
SERVER = "postgres://archive:archive@127.0.0.1:5432"
DATABASE = "archive_replica_bench"
BIN = Path("/usr/lib/postgresql")
# Settings a hot standby must have at least as high as its primary (PostgreSQL refuses to start otherwise).
AT_LEAST_PRIMARY = ("max_connections", "max_worker_processes", "max_wal_senders", "max_prepared_transactions",
                    "max_locks_per_transaction")
LETTERS = "بتثجحخدذرزسشصضطظعغفقكلمن"
POLL_SECONDS = 30


def main():
    options = parse_options()
    report = {"load_start": machine_load(), "cores": os.cpu_count(), "options": vars(options)}
    print(f"load at start: {report['load_start']} ({os.cpu_count()} cores)", flush=True)
    work = Path(tempfile.mkdtemp(prefix="replica-bench-"))
    primary_url = f"{options.server}/{DATABASE}"
    try:
        recreate_database(options.server)
        report["import"] = import_articles(work, primary_url, options.articles)
        print(f"primary: {report['import']['articles']} articles imported into {DATABASE} "
              f"in {report['import']['seconds']} s", flush=True)
        replica_folder = Path(tempfile.mkdtemp(prefix="archive-replica-"))  # not in ``work``: postgres must enter it
        with Replica(replica_folder, primary_url) as replica:
            report["replica"] = replica.describe()
            print(f"replica: pg_basebackup {replica.backup_mb} MB in {replica.backup_seconds} s, "
                  f"port {replica.port}, in recovery: {replica.in_recovery()}, data in {replica.data}", flush=True)
            env = {"DATABASE_URL": primary_url, "DATABASE_REPLICA_URLS": replica.url, "SEARCH_ENGINE": "postgres"}
            with speed_server.gunicorn(work, 2, **env) as (port, _):
                report["searches"] = serve_searches(port, replica, primary_url, options)
                print(table_searches(report["searches"]), flush=True)
                report["edits"] = edit_and_watch(port, replica, primary_url, options.edits)
                print(table_edits(report["edits"]), flush=True)
        report["replica_removed"] = not replica_folder.exists()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        drop_database(options.server)
    report["load_end"] = machine_load()
    print(f"replica stopped and deleted: {report.get('replica_removed')}; load at end: {report['load_end']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "replica.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"written to {out}")


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus articles in the bench's database")
    parser.add_argument("--searches", type=int, default=200, help="distinct reader searches over HTTP")
    parser.add_argument("--edits", type=int, default=20, help="edits on the primary whose arrival is timed")
    parser.add_argument("--server", default=SERVER, help="the local cluster, without a database name")
    parser.add_argument("--seed", type=int, default=2018)
    return parser.parse_args()


def machine_load():
    return [round(n, 2) for n in os.getloadavg()]


def as_postgres(*command, **kwargs):
    """Run ``command`` as the postgres system user (who owns the cluster and so the replica)."""
    return subprocess.run(["runuser", "-u", "postgres", "--", *map(str, command)], check=True, **kwargs)


def _maintenance(server):
    import psycopg

    return psycopg.connect(f"{server}/postgres", autocommit=True)


def recreate_database(server):
    drop_database(server)
    with _maintenance(server) as connection:
        connection.execute(f'CREATE DATABASE "{DATABASE}"')


def drop_database(server):
    with _maintenance(server) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def import_articles(work, primary_url, count):
    """The corpus' first ``count`` articles through ``import_articles --publish`` on the primary."""
    sample = work / "sample.jsonl"
    with lzma.open(CORPUS, "rt", encoding="utf-8") as corpus, open(sample, "w", encoding="utf-8") as out:
        for _, line in zip(range(count), corpus, strict=False):
            out.write(line)
    env = {"DATABASE_URL": primary_url, "SEARCH_ENGINE": "postgres"}
    speed_server.manage(work, "migrate", "--noinput", **env)
    started = time.perf_counter()
    speed_server.manage(work, "import_articles", str(sample), "--publish", **env)
    return {"articles": count, "seconds": round(time.perf_counter() - started, 1)}


class Replica:
    """A hot standby of the local cluster in ``folder``, started on a free port, stopped and deleted on exit."""

    def __init__(self, folder, primary_url):
        self.folder, self.data = folder, folder / "data"
        self.primary_url = primary_url
        self.port = speed_server.free_port()
        self.url = f"{primary_url.rsplit(':', 1)[0]}:{self.port}/{DATABASE}"
        self.started = False

    def __enter__(self):
        shutil.chown(self.folder, "postgres", "postgres")
        primary_port = str(urlsplit(self.primary_url).port or 5432)

        def primary(name):  # as the cluster's owner: the archive's role may not read file locations
            return as_postgres("psql", "-p", primary_port, "-Atc", f"SHOW {name}",
                               capture_output=True, text=True).stdout.strip()

        self.version = primary("server_version_num")[:2]
        at_least = {name: primary(name) for name in AT_LEAST_PRIMARY}
        socket_dir = primary("unix_socket_directories").split(",")[0].strip()
        hba = primary("hba_file")
        started = time.perf_counter()
        # -R: standby.signal and primary_conninfo (the socket, as the postgres user); -X stream: the WAL too.
        as_postgres(BIN / self.version / "bin" / "pg_basebackup", "-D", self.data, "-h", socket_dir,
                    "-p", primary_port, "-X", "stream", "-R", "-c", "fast")
        self.backup_seconds = round(time.perf_counter() - started, 1)
        self.backup_mb = round(sum(p.stat().st_size for p in self.data.rglob("*") if p.is_file()) / 2**20)
        assert (self.data / "standby.signal").exists(), "pg_basebackup -R wrote no standby.signal"
        conninfo = (self.data / "postgresql.auto.conf").read_text()
        assert "primary_conninfo" in conninfo, "pg_basebackup -R wrote no primary_conninfo"
        settings = {"port": self.port, "listen_addresses": "'127.0.0.1'", "unix_socket_directories": f"'{self.folder}'",
                    "hot_standby": "on", "log_statement": "'all'", "logging_collector": "off", **at_least}
        (self.data / "postgresql.conf").write_text("".join(f"{k} = {v}\n" for k, v in settings.items()))
        shutil.copy(hba, self.data / "pg_hba.conf")  # the primary's rules: the archive's role by password
        shutil.chown(self.data / "postgresql.conf", "postgres", "postgres")
        shutil.chown(self.data / "pg_hba.conf", "postgres", "postgres")
        self.log = self.folder / "replica.log"
        as_postgres(BIN / self.version / "bin" / "pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "120",
                    "start", stdout=subprocess.DEVNULL)
        self.started = True
        return self

    def __exit__(self, *exc):
        if self.started:
            as_postgres(BIN / self.version / "bin" / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop",
                        stdout=subprocess.DEVNULL)
        shutil.rmtree(self.folder, ignore_errors=True)
        return False

    def connect(self):
        import psycopg

        return psycopg.connect(self.url, autocommit=True)

    def in_recovery(self):
        with self.connect() as connection:
            return connection.execute("SELECT pg_is_in_recovery()").fetchone()[0]

    def describe(self):
        return {"port": self.port, "backup_mb": self.backup_mb, "backup_seconds": self.backup_seconds,
                "in_recovery": self.in_recovery(), "standby_signal": (self.data / "standby.signal").exists()}

    def logged_statements(self, text):
        return sum(text in line for line in self.log.read_text(errors="replace").splitlines())


def web_connections(primary_url, since):
    """Connections to the bench's database opened by someone else since ``since`` (the web server's)."""
    import psycopg

    with psycopg.connect(primary_url) as connection:
        return connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
            "AND backend_start >= %s", [DATABASE, since]).fetchone()[0]


def serve_searches(port, replica, primary_url, options):
    """Distinct one- and two-word searches made from the articles' titles, as a reader asks them (no cookie)."""
    with replica.connect() as connection:
        since = connection.execute("SELECT now()").fetchone()[0]
        titles = [row[0] for row in connection.execute("SELECT title FROM archive_article ORDER BY id")]
    rng = random.Random(options.seed)
    words = sorted({word for title in titles for word in title_words(title)[1]})
    queries = list(dict.fromkeys(" ".join(rng.sample(words, rng.choice((1, 2)))) for _ in range(options.searches * 3)))
    queries = queries[:options.searches]
    logged_before = replica.logged_statements("archive_searchdocument")
    timings, failed = [], 0
    for q in queries:
        status, ms = speed_server.fetch(port, "/search/?" + urlencode({"q": q}))
        timings.append(ms)
        failed += status != 200
    return {"searches": len(queries), "errors": failed, "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1),
            "replica_search_statements": replica.logged_statements("archive_searchdocument") - logged_before,
            "primary_web_connections": web_connections(primary_url, since)}


def edit_and_watch(port, replica, primary_url, edits):
    """Edit titles on the primary through Django; time their arrival on the replica and in a reader's search."""
    os.environ.update(speed_server.server_env(Path(tempfile.gettempdir()), DATABASE_URL=primary_url,
                                              SEARCH_ENGINE="postgres"))
    import django

    django.setup()
    from archive.models import Article

    rng = random.Random(edits)
    pks = list(Article.objects.published().values_list("pk", flat=True)[:edits])
    rows = []
    with replica.connect() as watcher, ThreadPoolExecutor(1) as polling:
        for pk in pks:
            word = "".join(rng.choice(LETTERS) for _ in range(9))
            article = Article.objects.get(pk=pk)
            article.title = f"{article.title} {word}"
            article.save()  # committed on the primary, its search document with it
            saved = time.perf_counter()
            arrival = polling.submit(_wait, _has_title, watcher, pk, article.title)  # the replica, from now on
            pinned = _search_finds(port, word, cookie="read_primary=1")  # meanwhile, the editor's next search
            arrived = arrival.result()
            arrived_ms = None if arrived is None else round(1000 * (arrived - saved), 1)
            found = _wait(_search_finds, port, word)
            rows.append({"article": pk, "word": word, "editor_found_at_once": pinned,
                         "replica_ms": arrived_ms,
                         "reader_search_ms": None if found is None else round(1000 * (found - saved), 1)})
    lags = [row["replica_ms"] for row in rows if row["replica_ms"] is not None]
    searches = [row["reader_search_ms"] for row in rows if row["reader_search_ms"] is not None]
    return {"edits": rows, "replica_lag_ms": summary(lags), "reader_search_ms": summary(searches),
            "editor_found_at_once": sum(row["editor_found_at_once"] for row in rows),
            "never_arrived": sum(row["replica_ms"] is None for row in rows)}


def summary(values):
    if not values:
        return {}
    return {"n": len(values), "median": round(statistics.median(values), 1),
            "p95": round(percentile(values, 0.95), 1), "max": round(max(values), 1)}


def _search_finds(port, word, cookie=None):
    """Whether the search page for ``word`` shows a result (asked as a reader, or with ``cookie``)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", "/search/?q=" + quote(word), headers={"Cookie": cookie} if cookie else {})
        page = connection.getresponse().read().decode()
    finally:
        connection.close()
    return word in page


def _has_title(replica, pk, title):
    return replica.execute("SELECT title FROM archive_article WHERE id = %s", [pk]).fetchone()[0] == title


def _wait(done, *args):
    """The time ``done(*args)`` first held, polling for up to POLL_SECONDS; None if it never did."""
    deadline = time.perf_counter() + POLL_SECONDS
    while time.perf_counter() < deadline:
        with contextlib.suppress(Exception):
            if done(*args):
                return time.perf_counter()
        time.sleep(0.001)
    return None


def table_searches(result):
    return (f"\nreader searches through the router: {result['searches']} distinct over HTTP, "
            f"{result['errors']} errors, median {result['median_ms']} ms, p95 {result['p95_ms']} ms\n"
            f"  search statements in the replica's log: {result['replica_search_statements']}; "
            f"web server connections to the primary: {result['primary_web_connections']}")


def table_edits(result):
    lag, search = result["replica_lag_ms"], result["reader_search_ms"]
    lines = [f"\n{len(result['edits'])} edits on the primary (Article.save, the search document in its transaction)",
             f"  {'':<34}{'median ms':>10}{'p95 ms':>8}{'max ms':>8}",
             f"  {'new title on the replica':<34}{lag.get('median', '-'):>10}{lag.get('p95', '-'):>8}"
             f"{lag.get('max', '-'):>8}",
             f"  {'found by a reader search (HTTP)':<34}{search.get('median', '-'):>10}{search.get('p95', '-'):>8}"
             f"{search.get('max', '-'):>8}",
             f"  the editor's search (read_primary cookie) found the edit at once: "
             f"{result['editor_found_at_once']} of {len(result['edits'])}; never arrived: {result['never_arrived']}"]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
