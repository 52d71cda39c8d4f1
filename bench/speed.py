"""How fast the archive is on the corpus, beside plain Whoosh: one command, one table (issue 9).

    .venv/bin/python bench/speed.py [--archive DIR | --limit N] [--only rebuild,search,pages,wrk,rss]
                                    [--queries 400] [--urls 500] [--seconds 10] [--seed 2018]

The archive is either the corpus loaded fresh into a temporary folder (the
importer of bench/import_corpus.py, the first ``--limit`` articles) or a
private copy of an archive you loaded (``--archive DIR``: an
ARCHIVE_VAR_DIR with archive.sqlite3 and whoosh_index). DIR is never
written: the bench migrates and serves its copy, and deletes it at the end.

* rebuild: ``manage.py rebuild_index --noinput`` into a new index folder,
  articles/s, beside a plain Whoosh + light10 index of the same titles and
  bodies built here (bench/speed_reference.py);
* search: ``search_archive`` in this process, one call per distinct query
  made from the archive's real titles and tags, per kind, median/p95/max ms,
  and the same one-word queries on the plain Whoosh index;
* pages: ``--urls`` distinct URLs of each page family under gunicorn
  (2 workers, DEBUG off, as ``make serve``), each fetched once on a freshly
  started server (cold caches), then all again (warm): p50/p95 ms;
* wrk: distinct search pages for ``--seconds`` on a fresh server, each URL
  asked once, beside /robots.txt on the same server as the ceiling;
* rss: a fresh server answers about 1,000 distinct searches per worker;
  each worker's peak (VmHWM) and current (VmRSS) memory, the latter split
  into its own (RssAnon) and the mapped index pages it touched (RssFile).

No two parts share a search request, so every search meets a cold results
cache. Medians, never means. Prints each part as it ends and the machine's
load before and after; writes bench/results/speed.json.
"""
import argparse
import datetime
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.arabic.normalize import normalize  # noqa: E402
from archive.arabic.stem import is_arabic  # noqa: E402
from archive.arabic.stopwords import is_stopword  # noqa: E402
from archive.arabic.tokenize import words  # noqa: E402
from bench import speed_reference, speed_server  # noqa: E402
from bench.gazetteer_corpus import CORPUS  # noqa: E402
from bench.import_corpus import fresh_archive, run_import  # noqa: E402
from bench.query_latency import percentile  # noqa: E402

RESULTS = ROOT / "bench" / "results"
PARTS = ("rebuild", "search", "pages", "wrk", "rss")
KINDS = ("one word", "two words", "phrase", "or", "exclusion", "person filter", "date range", "browse all")
WORKERS = 2
CONNECTIONS = 8
SEARCHES_PER_WORKER = 1000
WRK_URLS_PER_SECOND = 400  # more distinct search URLs than 2 workers can answer, so none is asked twice
BROWSE_PAGES = 50


def main():
    options = parse_options()
    load_start = machine_load()
    print(f"load at start: {load_start} ({os.cpu_count()} cores)")
    work = Path(tempfile.mkdtemp(prefix="speed-bench-"))
    try:
        report = {"load_start": load_start, "cores": os.cpu_count(),
                  "options": {**vars(options), "only": sorted(options.only)}}
        report["archive"] = open_archive(options, work)
        sample = Sample.read()
        print(describe(report["archive"], sample))
        requests = Requests(sample, options.seed)
        for part in PARTS:
            if part in options.only:
                print(f"running {part}…", file=sys.stderr, flush=True)
                report[part] = RUNNERS[part](work, sample, requests, options)
                print("\n".join(TABLES[part](report[part])), flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    report["load_end"] = machine_load()
    print(f"\nload at end: {report['load_end']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "speed.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(f"written to {out}")


def machine_load():
    """The 1, 5 and 15 minute load averages: other work on the machine moves every figure here."""
    return [round(n, 2) for n in os.getloadavg()]


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, help="reuse this loaded ARCHIVE_VAR_DIR (copied, never written)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, help="load only the first N corpus articles (without --archive)")
    parser.add_argument("--only", default=",".join(PARTS), help=f"comma-separated parts: {','.join(PARTS)}")
    parser.add_argument("--queries", type=int, default=400, help="distinct in-process searches, all kinds")
    parser.add_argument("--urls", type=int, default=500, help="distinct URLs per page family")
    parser.add_argument("--seconds", type=int, default=10, help="length of each wrk run")
    parser.add_argument("--seed", type=int, default=2018)
    options = parser.parse_args()
    options.only = {part.strip() for part in options.only.split(",") if part.strip()}
    if options.only - set(PARTS):
        parser.error(f"unknown parts {sorted(options.only - set(PARTS))}; choose among {','.join(PARTS)}")
    return options


def open_archive(options, work):
    """Set Django up on the bench's own archive in ``work``: a copy of --archive, or the corpus loaded fresh."""
    if options.archive:
        if not (options.archive / "archive.sqlite3").exists():
            sys.exit(f"{options.archive} has no archive.sqlite3: give an ARCHIVE_VAR_DIR you loaded")
        started = time.perf_counter()
        shutil.copytree(options.archive, work, symlinks=True, dirs_exist_ok=True)  # the index may be a link
        fresh_archive(str(work))  # migrations new since DIR was loaded apply to the copy only
        loaded = {"copied_from": str(options.archive), "copy_seconds": round(time.perf_counter() - started, 1)}
    else:
        if not options.corpus.exists():
            sys.exit(f"corpus not found at {options.corpus}")
        fresh_archive(str(work))
        _, summary, import_seconds, index_seconds = run_import(options.corpus, options.limit)
        loaded = {"loaded_from": str(options.corpus), "limit": options.limit, "created": summary.created,
                  "import_seconds": round(import_seconds, 1), "index_seconds": round(index_seconds, 1)}
    from django.conf import settings

    # fresh_archive starts Django with DEBUG on (no SECRET_KEY needed); searches here
    # must not pay for recording every SQL query, as no production process does.
    settings.DEBUG = False
    return {**loaded, "index_mb": speed_reference.folder_mb(work / "whoosh_index")}


class Titled(NamedTuple):
    """A published article as the queries see it."""

    pk: int
    written: list  # the title's words as written
    content: list  # those worth searching for
    day: datetime.date | None
    persons: list  # slugs of its person tags


@dataclass
class Sample:
    """What the queries and URLs are made from: the archive's own titles, tags, dates and sources."""

    articles: list  # of Titled
    tags: list
    sources: list
    periods: list  # (year,), (year, month), (year, month, day) with published articles
    text_mb: float

    @classmethod
    def read(cls):
        from django.utils import timezone

        from archive.models import Article, Source, Tag

        published = Article.objects.published()
        persons = {}
        tagged = Article.tags.through.objects.filter(article__in=published, tag__kind=Tag.Kind.PERSON)
        for pk, slug in tagged.values_list("article_id", "tag__slug"):
            persons.setdefault(pk, []).append(slug)
        articles, text_bytes = [], 0
        for pk, title, body, when in published.values_list("pk", "title", "body", "published").iterator():
            text_bytes += len(title.encode()) + len(body.encode())
            day = timezone.localdate(when) if when else None
            articles.append(Titled(pk, *title_words(title), day, persons.get(pk, [])))
        days = {article.day for article in articles if article.day}
        periods = {period for d in days for period in ((d.year,), (d.year, d.month), (d.year, d.month, d.day))}
        tags = Tag.objects.filter(articles__in=published).distinct().values_list("slug", flat=True)
        return cls(articles=articles, tags=list(tags), sources=list(Source.objects.values_list("pk", flat=True)),
                   periods=sorted(periods), text_mb=round(text_bytes / 2**20, 1))


def title_words(title):
    """The title's words as written, and those worth searching for (Arabic, not stop words, 3+ letters)."""
    written = [title[start:end] for start, end in words(title)]
    return written, [word for word in written if _worth_searching(normalize(word))]


def _worth_searching(word):
    return len(word) >= 3 and is_arabic(word) and not is_stopword(word)


class Requests:
    """Distinct search requests (``SearchRequest`` keywords) made from random real articles.

    Each is handed out once across the whole run, so no part meets another's cached result.
    """

    def __init__(self, sample, seed):
        self.rng = random.Random(seed)
        self.searchable = [article for article in sample.articles if article.content]
        self.dated = [article for article in self.searchable if article.day]
        self.with_person = [article for article in self.searchable if article.persons]
        self.browse_pages = max(1, min(BROWSE_PAGES, len(sample.articles) // 20))
        self.seen = set()

    def make(self, kind, count):
        """Up to ``count`` new requests of ``kind`` (fewer when the archive has no more distinct ones)."""
        made, maker = [], getattr(self, "_" + kind.replace(" ", "_"))
        for _ in range(count * 20):
            if len(made) == count:
                break
            params = maker()
            key = json.dumps(params, sort_keys=True, default=str, ensure_ascii=False)
            if params and key not in self.seen:
                self.seen.add(key)
                made.append(params)
        return made

    def _word(self):
        return self.rng.choice(self.rng.choice(self.searchable).content)

    def _one_word(self):
        return {"q": self._word()}

    def _two_words(self):
        content = self.rng.choice(self.searchable).content
        return {"q": " ".join(self.rng.sample(content, 2))} if len(set(content)) > 1 else None

    def _phrase(self):
        written = self.rng.choice(self.searchable).written
        start = self.rng.randrange(max(1, len(written) - 1))
        return {"q": f'"{written[start]} {written[start + 1]}"'} if len(written) > 1 else None

    def _or(self):
        return {"q": f"{self._word()} OR {self._word()}"}

    def _exclusion(self):
        return {"q": f"{self._word()} -{self._word()}"}

    def _person_filter(self):
        """A person of a random article (so the most tagged people come most often), alone or with a title word."""
        if not self.with_person:
            return None
        article = self.rng.choice(self.with_person)
        q = self.rng.choice(["", self.rng.choice(article.content)])
        return {"q": q, "person": [self.rng.choice(article.persons)]}

    def _date_range(self):
        if not self.dated:
            return None
        article = self.rng.choice(self.dated)
        before, after = (datetime.timedelta(days=self.rng.randint(0, 45)) for _ in range(2))
        q = self.rng.choice(article.content)
        return {"q": q, "date_from": article.day - before, "date_to": article.day + after}

    def _browse_all(self):
        return {"q": "", "page": self.rng.randint(1, self.browse_pages), "sort": self.rng.choice(["newest", "oldest"])}

    def searches(self, count):
        """``count`` plain search pages' requests: one and two words, half each."""
        return self.make("one word", count // 2) + self.make("two words", count - count // 2)


def query_string(params):
    """The URL query of a request, in the parameters the pages and the API read."""
    names = {"q": "q", "person": "person", "date_from": "from", "date_to": "to", "page": "page", "sort": "sort"}
    return urlencode([(names[key], value) for key, value in params.items() if value not in ("", None)], doseq=True)


def latency(timings):
    """Median, p95 and max in ms: medians, never means."""
    if not timings:
        return {"n": 0}
    return {"n": len(timings), "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(percentile(timings, 0.95), 1), "max_ms": round(max(timings), 1)}


def run_rebuild(work, sample, requests, options):
    """The project's rebuild_index in its own process, then the plain Whoosh reference in this one."""
    from archive.models import Article

    target = work / "rebuilt_index"
    started = time.perf_counter()
    speed_server.manage(work, "rebuild_index", "--noinput", SEARCH_INDEX_PATH=str(target))
    seconds = time.perf_counter() - started
    project = {"articles": len(sample.articles), "seconds": round(seconds, 1),
               "per_second": round(len(sample.articles) / seconds), "index_mb": speed_reference.folder_mb(target)}
    reference_dir = work / "reference_index"
    reference_dir.mkdir()
    rows = Article.objects.published().values_list("pk", "title", "body").iterator(chunk_size=2000)
    count, seconds = speed_reference.build(str(reference_dir), rows)
    reference = {"articles": count, "seconds": round(seconds, 1), "per_second": round(count / seconds),
                 "index_mb": speed_reference.folder_mb(reference_dir)}
    return {"project": project, "plain_whoosh_light10": reference, "text_mb": sample.text_mb,
            "time_ratio": round(project["seconds"] / reference["seconds"], 2)}


def run_search(work, sample, requests, options):
    """Every kind's distinct requests once each through search_archive, after an untimed search and the warm-up
    of a served worker."""
    from archive.search.archive_search import SearchRequest, search_archive
    from archive.serving.warm_up import warm_up

    search_archive(SearchRequest(q=requests.make("one word", 1)[0]["q"]))  # imports, first reader
    # Then as a served worker starts (archive/wsgi.py): what lasts is frozen out of garbage collections, which
    # otherwise walked it (and the sample's 30,000 titles) in one search of a few hundred, 100 ms or more.
    warm_up()
    per_kind = math.ceil(options.queries / len(KINDS))
    made = {kind: requests.make(kind, per_kind) for kind in KINDS}
    rows = {}
    for kind, params_list in made.items():
        timings, cpu, totals = [], [], []
        for params in params_list:
            started, started_cpu = time.perf_counter(), time.process_time()
            totals.append(search_archive(SearchRequest(**params)).total)
            cpu.append(1000 * (time.process_time() - started_cpu))
            timings.append(1000 * (time.perf_counter() - started))
        rows[kind] = {**latency(timings), "median_cpu_ms": round(statistics.median(cpu), 1) if cpu else None,
                      "median_results": statistics.median(totals) if totals else 0}
    reference_dir = work / "reference_index"
    if reference_dir.exists():  # the rebuild part built it
        words = [params["q"] for params in made["one word"]]
        rows["plain Whoosh: one word"] = latency(speed_reference.search_times(str(reference_dir), words))
    return {"kinds": rows, "distinct_queries": sum(len(params) for params in made.values())}


def page_urls(sample, requests, count):
    """``count`` distinct URLs (or all there are) of every page family, quoted for the request line."""
    rng = requests.rng

    def some(paths):
        distinct = sorted(set(paths))
        return rng.sample(distinct, min(count, len(distinct)))

    feeds = ["/feeds/rss/", "/feeds/atom/"]
    for kind in ("rss", "atom"):
        feeds += [f"/tags/{slug}/{kind}/" for slug in sample.tags] + [f"/sources/{pk}/{kind}/" for pk in sample.sources]
    families = {
        "search": ["/search/?" + query_string(p) for p in requests.searches(count)],
        "date-range search": ["/search/?" + query_string(p) for p in requests.make("date range", count)],
        "person filter": ["/search/?" + query_string(p) for p in requests.make("person filter", count)],
        "API search": ["/api/search/?" + query_string(p) for p in requests.searches(count)],
        "article": some(f"/articles/{article.pk}/" for article in sample.articles),
        "tag page": some(f"/tags/{slug}/" for slug in sample.tags),
        "date archive": some("/archive/" + "".join(f"{part:02d}/" for part in period) for period in sample.periods),
        "feeds": some(feeds),
        "sitemap": ["/sitemap.xml"] + [f"/sitemap-{section}.xml" for section in ("articles", "tags", "dates")],
    }
    return {name: [quote(url, safe="/?&=%+") for url in urls] for name, urls in families.items()}


def run_pages(work, sample, requests, options):
    """Each family's URLs once on a fresh server (cold), then all of them again (warm)."""
    families = page_urls(sample, requests, options.urls)
    with speed_server.gunicorn(work, WORKERS) as (port, _):
        passes = [{name: [speed_server.fetch(port, url) for url in urls] for name, urls in families.items()}
                  for _ in ("cold", "warm")]
    rows = {}
    for name, urls in families.items():
        cold, warm = (fetched[name] for fetched in passes)
        failed = [(url, status) for url, (status, _) in zip(urls * 2, cold + warm, strict=True) if status != 200]
        rows[name] = {"urls": len(urls), "cold": latency([ms for _, ms in cold]),
                      "warm": latency([ms for _, ms in warm]), "errors": len(failed), "failed": failed[:3]}
    return rows


def run_wrk(work, sample, requests, options):
    """Distinct search pages with wrk on a fresh server, then /robots.txt as the ceiling."""
    if not shutil.which("wrk"):
        return {"missing": "wrk is missing: apt-get install wrk (Debian's package), then run --only wrk"}
    paths = ["/search/?" + query_string(p) for p in requests.searches(WRK_URLS_PER_SECOND * options.seconds)]
    with speed_server.gunicorn(work, WORKERS) as (port, _):
        return {"search": speed_server.wrk(work, port, paths, options.seconds, CONNECTIONS),
                "robots.txt": speed_server.wrk(work, port, ["/robots.txt"], options.seconds, CONNECTIONS)}


def run_rss(work, sample, requests, options):
    """About SEARCHES_PER_WORKER distinct searches per worker (one client per worker), then /proc of each."""
    paths = ["/search/?" + query_string(p) for p in requests.searches(SEARCHES_PER_WORKER * WORKERS)]
    with speed_server.gunicorn(work, WORKERS) as (port, master):
        with ThreadPoolExecutor(WORKERS) as pool:
            statuses = [status for status, _ in pool.map(lambda path: speed_server.fetch(port, path), paths)]
        workers = speed_server.worker_memory(master)
    return {"searches": len(paths), "errors": sum(status != 200 for status in statuses), "workers": workers,
            "peak_mb": max(w["VmHWM"] for w in workers), "rss_mb": max(w["VmRSS"] for w in workers),
            "own_mb": max(w["RssAnon"] for w in workers), "mapped_files_mb": max(w["RssFile"] for w in workers)}


def describe(archive, sample):
    source = archive.get("copied_from") or f"first {archive['created']} corpus articles loaded fresh"
    return (f"archive: {len(sample.articles)} published articles ({source}); "
            f"text {sample.text_mb} MB, index {archive['index_mb']} MB")


def table_rebuild(result):
    lines = [f"\n{'full rebuild':<24}{'articles':>8}{'seconds':>9}{'articles/s':>12}{'index MB':>10}"]
    builds = {"project rebuild_index": result["project"], "plain Whoosh + light10": result["plain_whoosh_light10"]}
    for name, row in builds.items():
        lines.append(f"  {name:<22}{row['articles']:>8}{row['seconds']:>9}{row['per_second']:>12}{row['index_mb']:>10}")
    lines.append(f"  project / reference time: {result['time_ratio']}x; articles' text {result['text_mb']} MB")
    return lines


def table_search(result):
    lines = [f"\nsearch in process, {result['distinct_queries']} distinct queries "
             "(cpu: this process's CPU time, which the machine's other work moves less)",
             f"  {'kind':<26}{'n':>5}{'median ms':>11}{'p95 ms':>8}{'max ms':>8}{'cpu ms':>8}{'results':>10}"]
    for kind, row in result["kinds"].items():
        lines.append(f"  {kind:<26}{row['n']:>5}{row.get('median_ms', '-'):>11}{row.get('p95_ms', '-'):>8}"
                     f"{row.get('max_ms', '-'):>8}{row.get('median_cpu_ms') or '-':>8}"
                     f"{row.get('median_results', ''):>10}")
    return lines


def table_pages(result):
    lines = [f"\npages under gunicorn ({WORKERS} workers), ms",
             f"  {'family':<20}{'URLs':>5}{'cold p50':>10}{'cold p95':>10}"
             f"{'warm p50':>10}{'warm p95':>10}{'errors':>8}"]
    for name, row in result.items():
        cold, warm = row["cold"], row["warm"]
        lines.append(f"  {name:<20}{row['urls']:>5}{cold.get('median_ms', '-'):>10}{cold.get('p95_ms', '-'):>10}"
                     f"{warm.get('median_ms', '-'):>10}{warm.get('p95_ms', '-'):>10}{row['errors']:>8}")
        lines += [f"    failed: {status} {url}" for url, status in row["failed"]]
    return lines


def table_wrk(result):
    if "missing" in result:
        return [f"\n{result['missing']}"]
    lines = [f"\nwrk, {WORKERS} workers, {CONNECTIONS} connections",
             f"  {'pages':<12}{'URLs':>6}{'requests':>10}{'requests/s':>12}{'p50 ms':>8}{'p99 ms':>8}{'errors':>8}"]
    for name, row in result.items():
        lines.append(f"  {name:<12}{row['urls']:>6}{row['requests']:>10}{row['per_second']:>12}"
                     f"{row['p50_ms']:>8}{row['p99_ms']:>8}{row['errors']:>8}")
    if result["search"]["requests"] > result["search"]["urls"]:
        lines.append("  (the search URLs ran out: some were asked twice, so warm)")
    if not result["search"]["requests"]:
        # wrk counts only the answers it got: workers stuck past the run (or killed by gunicorn's timeout) show
        # as 0 requests and 0 errors, as the first run of 30 November 2026 did.
        lines.append("  no search page was answered within the run: the server did not keep up at all")
    return lines


def table_rss(result):
    workers = "\n".join(f"  pid {w['pid']}: peak {w['VmHWM']} MB, now {w['VmRSS']} MB = "
                        f"own {w['RssAnon']} MB + mapped files (the index, shared) {w['RssFile']} MB"
                        for w in result["workers"])
    return [f"\nworker memory after {result['searches']} searches over {WORKERS} workers "
            f"({result['errors']} errors):", workers]


RUNNERS = {"rebuild": run_rebuild, "search": run_search, "pages": run_pages, "wrk": run_wrk, "rss": run_rss}
TABLES = {"rebuild": table_rebuild, "search": table_search, "pages": table_pages, "wrk": table_wrk, "rss": table_rss}


if __name__ == "__main__":
    main()
