"""Articles per second of ``import_articles`` on the corpus, on PostgreSQL and on SQLite + Whoosh (issue 10).

    nice -n 10 .venv/bin/python bench/import_speed.py [--engines postgres,whoosh] [--limit N] [--runs 2]
        [--checkouts .,/path/to/other/checkout] [--corpus PATH] [--server postgres://archive:archive@127.0.0.1:5432]
        [--database archive_import_speed]

Each run imports the corpus (or its first ``--limit`` articles, written to
a file first) into an empty archive with ``manage.py import_articles
--publish``, the command as a user runs it, and times it from start to
exit: on PostgreSQL the search documents are written in each batch's
transaction; on Whoosh the command indexes after the import, which is
counted too. The empty archive is made (migrated) before the clock starts:
a PostgreSQL database of its own (``--database``, dropped and made again
each run) or a temporary folder with a SQLite file and an index.

``--checkouts`` names checkouts of the project to compare (another
worktree at an older commit, say): every run imports with each checkout in
turn, engine after engine, so two versions are measured alternating, in the
same minutes of a shared machine. Prints each import's seconds, articles/s,
the command's CPU time an article (the database server's is not in it:
on a loaded machine the wall time says more about the others than about
the import) and the load average before and after, then the median per checkout and
engine; writes bench/results/import_speed.json.
"""
import argparse
import json
import lzma
import os
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gazetteer_corpus import CORPUS  # noqa: E402
from bench.scale import SERVER, drop_database, recreate_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def main():
    options = parse_options()
    if not options.corpus.exists():
        sys.exit(f"corpus not found at {options.corpus}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="import-speed-") as scratch:
        corpus = first_articles(options.corpus, options.limit, scratch) if options.limit else options.corpus
        runs = []
        for run in range(1, options.runs + 1):
            for checkout in options.checkouts:
                for engine in options.engines:
                    result = {"run": run, "checkout": str(checkout), "engine": engine,
                              **import_once(checkout, engine, corpus, options, scratch)}
                    runs.append(result)
                    print(f"run {run} {engine:8s} {checkout}: {result['articles']} articles in "
                          f"{result['seconds']} s = {result['per_second']} articles/s, "
                          f"{result['cpu_ms_per_article']} ms of the command's CPU an article "
                          f"(load {result['load_before']} → {result['load_after']})", flush=True)
    if options.engines.count("postgres"):
        drop_database(options.server, options.database)
    medians = summary(runs)
    for line in medians:
        print(f"median {line['engine']:8s} {line['checkout']}: {line['per_second']} articles/s "
              f"({line['seconds']} s, {line['cpu_ms_per_article']} ms CPU an article, {line['runs']} runs)")
    out = RESULTS / "import_speed.json"
    out.write_text(json.dumps({"options": {key: str(value) for key, value in vars(options).items()},
                               "runs": runs, "medians": medians}, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written to {out}")


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--engines", default="postgres,whoosh", help="comma-separated: postgres, whoosh")
    parser.add_argument("--limit", type=int, help="import only the corpus' first N articles")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--checkouts", default=str(ROOT), help="comma-separated checkouts of the project to compare")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, without a database name")
    parser.add_argument("--database", default="archive_import_speed", help="the PostgreSQL database the runs use")
    options = parser.parse_args()
    options.engines = [engine.strip() for engine in options.engines.split(",") if engine.strip()]
    options.checkouts = [Path(checkout).resolve() for checkout in options.checkouts.split(",") if checkout.strip()]
    return options


def first_articles(corpus, limit, scratch):
    """The corpus' first ``limit`` articles, as a JSON Lines file of their own."""
    path = Path(scratch) / f"first-{limit}.jsonl"
    with lzma.open(corpus, "rt", encoding="utf-8") as source, open(path, "w", encoding="utf-8") as target:
        for number, line in enumerate(source):
            if number == limit:
                break
            target.write(line)
    return path


def import_once(checkout, engine, corpus, options, scratch):
    """Make an empty archive for ``engine``, then time ``import_articles`` into it."""
    folder = tempfile.mkdtemp(prefix="archive-", dir=scratch)
    env = dict(os.environ, ARCHIVE_VAR_DIR=folder, DEBUG="0", SECRET_KEY=secrets.token_urlsafe(50),
               DJANGO_SETTINGS_MODULE="archive.settings", LOG_LEVEL="ERROR", SEARCH_ENGINE=engine)
    env.pop("SEARCH_INDEX_PATH", None)
    if engine == "postgres":
        recreate_database(options.server, options.database)
        env["DATABASE_URL"] = f"{options.server}/{options.database}"
    else:
        env.pop("DATABASE_URL", None)
    python = checkout / ".venv" / "bin" / "python"
    manage = [str(python if python.exists() else sys.executable), str(checkout / "manage.py")]
    try:
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=checkout, check=True)
        load_before, cpu_before = machine_load(), children_cpu()
        started = time.perf_counter()
        done = subprocess.run([*manage, "import_articles", "--publish", "-v0", str(corpus)], env=env, cwd=checkout,
                              stdout=subprocess.PIPE, text=True, check=True)
        seconds = time.perf_counter() - started
        load_after, cpu = machine_load(), children_cpu() - cpu_before
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    articles = created(done.stdout)
    return {"articles": articles, "seconds": round(seconds, 1), "per_second": round(articles / seconds),
            "cpu_seconds": round(cpu, 1), "cpu_ms_per_article": round(1000 * cpu / articles, 2),
            "load_before": load_before, "load_after": load_after}


def created(summary):
    """The number of articles created, from the command's summary (its line «المقالات المُنشأة: N»)."""
    for line in summary.splitlines():
        if line.startswith("المقالات المُنشأة"):
            return int(line.rpartition(":")[2].strip().replace(",", ""))
    raise SystemExit(f"no count of created articles in the import's summary:\n{summary}")


def children_cpu():
    """User and system CPU seconds of this process' finished children (the command's own, not the database's)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine_load():
    return [round(n, 2) for n in os.getloadavg()]


def summary(runs):
    groups = {}
    for run in runs:
        groups.setdefault((run["checkout"], run["engine"]), []).append(run)
    return [{"checkout": checkout, "engine": engine, "runs": len(group),
             "seconds": round(statistics.median(run["seconds"] for run in group), 1),
             "per_second": round(statistics.median(run["per_second"] for run in group)),
             "cpu_ms_per_article": round(statistics.median(run["cpu_ms_per_article"] for run in group), 2)}
            for (checkout, engine), group in groups.items()]


if __name__ == "__main__":
    main()
