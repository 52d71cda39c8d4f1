"""bench/concurrent_saves.py on PostgreSQL: writers in parallel while a reader checks the index at every moment.

    python bench/concurrent_saves_postgres.py [--seconds 60] [--processes 2]
        [--postgres postgres://archive:archive@127.0.0.1/archive]

Makes a new database on the server ``--postgres`` names (dropped at the
end), runs concurrent_saves.py's writers against it with
``SEARCH_ENGINE=postgres`` (they create, tag, unpublish, republish and
delete articles), and meanwhile, from this process, checks over and over
that the articles and the search documents are the same set, each document
with its article's status (public searches filter on it): in
one statement, so in one snapshot, as any reader sees the archive. With
the documents written in the articles' transactions, no check may ever
differ. Prints the figures, writes bench/results/concurrent_saves_postgres.json,
and exits non-zero on any worker error or mismatch.
"""
import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WRITERS = ROOT / "bench" / "concurrent_saves.py"
POSTGRES = os.environ.get("CONCURRENT_DATABASE_URL", "postgres://archive:archive@127.0.0.1/archive")

# Articles without a document, and documents of deleted articles or with another status: both must stay 0.
MISMATCHES = """
SELECT count(*) FILTER (WHERE d.article_id IS NULL), count(*) FILTER (WHERE a.id IS NULL OR d.status <> a.status)
FROM archive_article AS a
FULL JOIN archive_searchdocument AS d ON d.article_id = a.id
"""


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--postgres", default=POSTGRES, help="a server where the role may create a database")
    args = parser.parse_args()

    name = f"archive_concurrent_{os.getpid()}_{secrets.token_hex(3)}"
    with psycopg.connect(with_database(args.postgres, "postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = with_database(args.postgres, name)
    env = {**os.environ, "DATABASE_URL": url, "SEARCH_ENGINE": "postgres", "DEBUG": "0",
           "SECRET_KEY": secrets.token_urlsafe(50), "ARCHIVE_VAR_DIR": tempfile.mkdtemp(prefix="archive-concurrent-"),
           "DJANGO_SETTINGS_MODULE": "archive.settings"}
    try:
        for command in (["migrate", "--verbosity", "0"], ["load_demo", "--verbosity", "0"]):
            subprocess.run([sys.executable, str(ROOT / "manage.py"), *command], env=env, check=True, cwd=ROOT)
        report = run(args, url, env)
    finally:
        with psycopg.connect(with_database(args.postgres, "postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "concurrent_saves_postgres.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["ok"] else 1


def run(args, url, env):
    started = time.perf_counter()
    workers = [
        subprocess.Popen([sys.executable, str(WRITERS), "--seconds", str(args.seconds), "--worker", str(n)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        for n in range(args.processes)
    ]
    checks, bad_checks, check_seconds = 0, [], []
    with psycopg.connect(url, autocommit=True) as reader:
        while any(process.poll() is None for process in workers):
            began = time.perf_counter()
            missing, stale = reader.execute(MISMATCHES).fetchone()
            check_seconds.append(time.perf_counter() - began)
            checks += 1
            if missing or stale:
                bad_checks.append({"at": round(began - started, 2), "missing": missing, "stale": stale})
            time.sleep(0.05)
        outputs = [process.communicate() for process in workers]
        missing, stale = reader.execute(MISMATCHES).fetchone()
        articles = reader.execute("SELECT count(*) FROM archive_article").fetchone()[0]
        indexed = reader.execute("SELECT count(*) FROM archive_searchdocument").fetchone()[0]
        counted = reader.execute("SELECT documents FROM archive_searchgeneration WHERE id = 1").fetchone()[0]
    elapsed = time.perf_counter() - started
    errors = [err.strip() for (_, err), process in zip(outputs, workers, strict=True)
              if process.returncode or "Traceback" in err]
    operations = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs if out.strip()]
    check_seconds.sort()
    report = {
        "engine": "postgres",
        "seconds": round(elapsed, 1),
        "processes": args.processes,
        "operations": operations,
        "saves_per_second": round(sum(op["created"] for op in operations) / elapsed, 1),
        "reader_checks": checks,
        "reader_checks_that_differed": bad_checks[:20],
        "reader_check_ms_p95": round(1000 * check_seconds[int(0.95 * (len(check_seconds) - 1))], 2)
        if check_seconds else None,
        "articles": articles,
        "indexed": indexed,
        "document_count_kept_by_trigger": counted,
        "missing_from_index": missing,
        "stale_in_index": stale,
        "worker_errors": errors,
    }
    report["ok"] = (not errors and not bad_checks and not missing and not stale
                    and articles == indexed == counted and checks > 0)
    return report


if __name__ == "__main__":
    sys.exit(main())
