"""Replay issue 14's cost attacks against the archive as ``make serve`` runs it, and say what they cost now.

    .venv/bin/python bench/abuse.py [--limit 3000] [--seconds 20] [--archive DIR]

gunicorn with 2 workers and DEBUG off (bench/speed_server.py) on a fresh
archive of the first ``--limit`` corpus articles (bench/import_corpus.py),
or a copy of a loaded ``--archive``. Printed and written to
bench/results/abuse.json:

* **worst request**: the slowest of the expensive requests one can write
  in 2,000 characters of URL (64 misspelled words for did-you-mean, and
  the archive's words glued into one, every phrase and OR the syntax takes,
  a broad export, the deepest page, every filter at once, the busiest tag's
  timeline), each timed alone;
* **normal search under attack**: p95 of ordinary searches from one client
  (127.0.0.2) while idle, then while another client (127.0.0.1) keeps 4
  of the worst requests in flight (4 processes, each sending the next 50 ms
  after one is answered, 429s included), for the worst kind and for the
  worst search page (exports are rate-limited too); the target is within
  2x of idle;
* **bomb uploads**: an editor uploads a 1 MB ``.jsonl.gz`` of zeros (a
  gigabyte decompressed) and a gzip-bomb feed ``.xml.gz``, then a real
  3,000-record file; the peak memory (VmHWM) of the gunicorn workers and of
  each import job's process, how each job ended, and whether every article
  the upload published is in the index;
* **files left**: entries in the temporary folder the server, its workers
  and the jobs were given (``TMPDIR``) and files in the archive's import
  folder once everything is over (must be 0).

Only 127.0.0.1/127.0.0.2 are contacted; every loop is bounded by a count or a time.
"""
import argparse
import contextlib
import gzip
import itertools
import json
import lzma
import multiprocessing
import os
import random
import re
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path
from statistics import quantiles
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402

from bench.gazetteer_corpus import CORPUS  # noqa: E402
from bench.import_corpus import fresh_archive, run_import  # noqa: E402
from bench.speed_server import fetch, gunicorn, manage, worker_memory  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORKERS = 2
URL_LIMIT = 2000
ATTACKERS = 4
ATTACKER, NORMAL = "127.0.0.1", "127.0.0.2"
ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
EDITOR, PASSWORD = "bench-editor", secrets.token_urlsafe(16)


def main():
    options = parse_options()
    report = {"load_start": [round(n, 2) for n in os.getloadavg()], "cores": os.cpu_count()}
    work = Path(tempfile.mkdtemp(prefix="abuse-bench-"))
    # The server, its workers and the import jobs get a temporary folder of their own (the machine's is shared).
    temp = Path(tempfile.mkdtemp(prefix="abuse-bench-tmp-"))
    os.environ["TMPDIR"] = str(temp)
    try:
        report["archive"] = load(options, work)
        words, tags = vocabulary()
        manage(work, "createsuperuser", "--noinput", "--username", EDITOR, "--email", "bench@example.org",
               DJANGO_SUPERUSER_PASSWORD=PASSWORD)
        # Production's fair share (one request at a time per client), which the speed bench lifts for wrk.
        with gunicorn(work, WORKERS, CLIENT_CONCURRENT_REQUESTS="1") as (port, master):
            attacks = Attacks(words, tags, options.seed)
            report["worst_request"] = worst_request(port, attacks)
            print(table_worst(report["worst_request"]), flush=True)
            report["normal_search"] = normal_search(port, attacks, report["worst_request"], options.seconds)
            print(table_normal(report["normal_search"]), flush=True)
            report["uploads"] = uploads(port, master, work, options)
            print(table_uploads(report["uploads"]), flush=True)
        imports_left = [str(p.relative_to(work)) for p in (work / "imports").rglob("*") if p.is_file()]
        temp_left = sorted(str(p.relative_to(temp)) for p in temp.rglob("*"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(temp, ignore_errors=True)
    report["files_left"] = {"system_temp": temp_left, "imports_folder": imports_left,
                            "count": len(temp_left) + len(imports_left)}
    report["load_end"] = [round(n, 2) for n in os.getloadavg()]
    print(f"files left in the temporary folders: {report['files_left']['count']} {temp_left + imports_left}")
    print(f"load: {report['load_start']} at start, {report['load_end']} at end ({report['cores']} cores)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "abuse.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written to {out}")


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--archive", type=Path, help="copy this loaded ARCHIVE_VAR_DIR instead of loading the corpus")
    parser.add_argument("--limit", type=int, default=3000, help="corpus articles to load")
    parser.add_argument("--upload", type=int, default=3000, help="corpus records in the real upload")
    parser.add_argument("--seconds", type=int, default=20, help="length of each latency run")
    parser.add_argument("--seed", type=int, default=2018)
    return parser.parse_args()


def load(options, work):
    started = time.perf_counter()
    if options.archive:
        shutil.copytree(options.archive, work, symlinks=True, dirs_exist_ok=True)
        fresh_archive(str(work))
        return {"copied_from": str(options.archive)}
    fresh_archive(str(work))
    _, summary, _, _ = run_import(CORPUS, options.limit)
    return {"articles": summary.created, "load_seconds": round(time.perf_counter() - started, 1)}


def vocabulary():
    """Common title words (normal searches) and the busiest person tags, read from the bench's archive."""
    from collections import Counter

    from django.db.models import Count

    from archive.models import Article, Tag

    counts = Counter(word for title in Article.objects.published().values_list("title", flat=True)
                     for word in re.findall(r"[\u0621-\u064a]{4,}", title))
    tags = Tag.objects.filter(kind="person").annotate(n=Count("articles")).order_by("-n")
    return [word for word, _ in counts.most_common(300)], list(tags.values_list("slug", flat=True)[:20])


class Attacks:
    """The issue's expensive requests, each new each time (so no cache answers it), within URL_LIMIT."""

    def __init__(self, words, tags, seed):
        self.words, self.tags, self.random = words, tags, random.Random(seed)

    def misspelled(self):
        return "".join(self.random.choice(ARABIC) for _ in range(self.random.randint(5, 7)))

    def fill(self, build, parts):
        """The longest ``build(parts[:n])`` whose URL fits the limit."""
        best = build(parts[:1])
        for n in range(2, len(parts) + 1):
            url = build(parts[:n])
            if len(url) > URL_LIMIT:
                break
            best = url
        return best

    def kinds(self):
        words = self.random.sample(self.words, 120)
        phrases = [f'"{a} {b}"' for a, b in zip(words[::2], words[1::2], strict=True)]
        return {
            "did-you-mean: misspelled words": self.fill(
                lambda parts: "/search/?" + urlencode({"q": " ".join(parts)}),
                [self.misspelled() for _ in range(120)]),
            "did-you-mean: one glued word": self.fill(  # Whoosh's own corrector took 55 s for 666 letters
                lambda parts: "/search/?" + urlencode({"q": "".join(parts)}), words),
            "phrases OR words": self.fill(
                lambda parts: "/search/?" + urlencode({"q": " OR ".join(parts)}), phrases + words),
            "nested groups and negations": self.fill(
                lambda parts: "/search/?" + urlencode({"q": "".join(f"({w} OR -{w}2 " for w in parts)
                                                       + ")" * len(parts)}), words),
            "every filter at once": self.fill(
                lambda parts: "/search/?" + urlencode([("q", words[0]), ("from", "1900-01-01"), ("sort", "newest"),
                                                       *(("person", slug) for slug in parts)]), self.tags),
            "export.json, broad": "/search/export.json?" + urlencode(
                {"q": " OR ".join(words[:40]), "size": 1000, "x": self.misspelled()})[:URL_LIMIT],
            "deepest page": "/search/?" + urlencode({"q": f"{words[0]} OR {words[1]} OR {self.misspelled()}",
                                                     "page": 500, "size": 100}),
            "timeline image": f"/tags/{quote(self.tags[0])}/timeline.png?months={self.random.randint(1, 999)}",
        }


def get(port, path, source=ATTACKER):
    """GET ``path`` from ``source``; (status, seconds)."""
    status, ms = fetch(port, path, source)
    return status, ms / 1000


def worst_request(port, attacks):
    """Each kind of expensive request, timed alone three times (new each time); the worst kind."""
    timed = {}
    for _ in range(3):
        for kind, url in attacks.kinds().items():
            status, seconds = get(port, url)
            timed.setdefault(kind, {"url": url, "url_chars": len(url), "seconds": [], "statuses": []})
            timed[kind]["seconds"].append(round(seconds, 3))
            timed[kind]["statuses"].append(status)
            time.sleep(0.2)
    worst = max(timed, key=lambda kind: max(timed[kind]["seconds"]))
    return {"kinds": timed, "worst": worst, "worst_seconds": max(timed[worst]["seconds"])}


def normal_searches(port, words, seconds, seed):
    """Ordinary one- or two-word searches from the normal client for ``seconds``; their latencies."""
    chooser, latencies, statuses = random.Random(seed), [], []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        query = " ".join(chooser.sample(words, chooser.choice([1, 2])))
        status, taken = get(port, "/search/?" + urlencode({"q": query, "n": chooser.random()}), NORMAL)
        latencies.append(taken)
        statuses.append(status)
        time.sleep(0.05)
    return latencies, statuses


def p95_ms(values):
    return round(quantiles(values, n=20)[-1] * 1000, 1)


def normal_search(port, attacks, worst, seconds):
    """The normal client's p95 idle, then under the worst kind of attack and under the worst search page.

    The worst kind may be rate-limited (exports: ten a minute), so the worst
    kind the search page itself answers is replayed too: only the fair share
    stands in its way.
    """
    words = attacks.words[:150]
    idle, statuses = normal_searches(port, words, seconds, 1)
    pages = [kind for kind, timed in worst["kinds"].items() if timed["url"].startswith("/search/?")]
    worst_page = max(pages, key=lambda kind: max(worst["kinds"][kind]["seconds"]))
    return {
        "idle": {"requests": len(idle), "p95_ms": p95_ms(idle), "statuses": sorted(set(statuses))},
        "attacks": [under_attack(port, attacks, kind, words, seconds, p95_ms(idle))
                    for kind in dict.fromkeys([worst["worst"], worst_page])],
    }


def under_attack(port, attacks, kind, words, seconds, idle_p95):
    """The normal client's searches while ``ATTACKERS`` processes of another client keep ``kind`` in flight.

    Processes, not threads: the normal client's timings must not include
    waits for this process's GIL. Each attacker sends its next request as
    soon as one is answered (after a 50 ms pause, as the normal client
    takes, so that the attacking clients, which share the server's two
    cores here, do not eat them as remote ones would not).
    """
    stop, answers = multiprocessing.Event(), multiprocessing.Queue()
    attackers = [multiprocessing.Process(target=_attacker, args=(port, attacks, kind, n, stop, answers))
                 for n in range(ATTACKERS)]
    for process in attackers:
        process.start()
    time.sleep(1)
    busy, statuses = normal_searches(port, words, seconds, 2)
    stop.set()
    sent = [status for _ in attackers for status in answers.get(timeout=300)]
    for process in attackers:
        process.join(timeout=60)
    return {
        "attack": kind, "attackers": ATTACKERS,
        "under_attack": {"requests": len(busy), "p95_ms": p95_ms(busy), "statuses": sorted(set(statuses))},
        "ratio": round(p95_ms(busy) / idle_p95, 2),
        "attack_requests": {str(status): sent.count(status) for status in sorted(set(sent))},
    }


def _attacker(port, attacks, kind, number, stop, answers):
    local, sent = Attacks(attacks.words, attacks.tags, number), []
    while not stop.is_set():
        sent.append(get(port, local.kinds()[kind])[0])
        time.sleep(0.05)
    answers.put(sent)


def uploads(port, master, work, options):
    """The bombs and a real upload, from a logged-in editor; memory of the workers and of the jobs."""
    editor = Editor(port)
    results = {}
    for name, data in bombs(work):
        results[name] = editor.upload_and_watch(name, data, master)
        data.unlink()
    real = work / "corpus-part.jsonl"
    with lzma.open(CORPUS, "rb") as corpus, open(real, "wb") as out:
        for line in itertools.islice(corpus, options.limit, options.limit + options.upload):
            out.write(line)
    results["corpus records"] = editor.upload_and_watch("corpus-part.jsonl", real, master, publish=True)
    real.unlink()
    results["corpus records"]["index_equals_database"] = index_equals_database()
    results["worker_peak_mb"] = max(worker["VmHWM"] for worker in worker_memory(master))
    return results


def bombs(work):
    """(name, path): a 1 MB .jsonl.gz of zeros and a gzip-bomb feed, written without holding them in memory."""
    zeros = work / "zeros.jsonl.gz"
    _gzip_stream(zeros, itertools.repeat(b"\0" * (1 << 20), 1024))  # 1 GB of zeros, ~1 MB compressed
    feed = work / "bomb.xml.gz"
    head = b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title><item><title>'
    _gzip_stream(feed, itertools.chain([head], itertools.repeat(b"A" * (1 << 20), 1024),
                                        [b"</title></item></channel></rss>"]))
    return [("zeros.jsonl.gz", zeros), ("bomb.xml.gz", feed)]


def _gzip_stream(path, chunks):
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9) as out:
        for chunk in chunks:
            out.write(chunk)


class Editor:
    """A logged-in session of the admin (requests), bound to 127.0.0.1."""

    def __init__(self, port):
        self.base, self.session = f"http://127.0.0.1:{port}", requests.Session()
        login = self.session.get(f"{self.base}/admin/login/")
        self.session.post(f"{self.base}/admin/login/?next=/admin/", data={
            "username": EDITOR, "password": PASSWORD, "csrfmiddlewaretoken": _csrf(login.text), "next": "/admin/"})

    def upload_and_watch(self, name, path, master, publish=False):
        page = self.session.get(f"{self.base}/admin/archive/article/import/")
        fields = {"csrfmiddlewaretoken": _csrf(page.text), **({"publish": "on"} if publish else {})}
        started = time.perf_counter()
        with open(path, "rb") as file:
            response = self.session.post(f"{self.base}/admin/archive/article/import/", data=fields,
                                         files={"file": (name, file)}, allow_redirects=False)
        answered = time.perf_counter() - started
        if response.status_code != 302:
            return {"upload_status": response.status_code, "answer": response.text[:500]}
        job_url, jobs = self.base + response.headers["Location"], JobMemory()
        deadline, status = time.monotonic() + 1800, "queued"
        while time.monotonic() < deadline:
            jobs.sample()
            page = self.session.get(job_url).text
            status = re.search(r'data-status="(\w+)"', page)[1]
            if status in {"done", "failed"}:
                break
            time.sleep(0.2)
        jobs.sample()
        return {"mb_uploaded": round(path.stat().st_size / 2**20, 2), "upload_answered_seconds": round(answered, 2),
                "job_seconds": round(time.perf_counter() - started, 1), "status": status,
                "message": _text_of(page, "import-error"), "summary": _summary(page),
                "job_process_peak_mb": jobs.peak_mb,
                "workers_peak_mb": max(worker["VmHWM"] for worker in worker_memory(master))}


class JobMemory:
    """The peak memory of the import job processes alive at each sample (``run_import_job`` in /proc)."""

    def __init__(self):
        self.peak_mb = 0

    def sample(self):
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            with contextlib.suppress(OSError):
                if b"run_import_job" in cmdline.read_bytes():
                    status = (cmdline.parent / "status").read_text()
                    self.peak_mb = max(self.peak_mb, int(re.search(r"VmHWM:\s+(\d+)", status)[1]) // 1024)


def index_equals_database():
    """Whether the index holds exactly the published articles (read in this process, on the same archive)."""
    from archive.models import Article
    from archive.search import engine

    published, indexed = Article.objects.published().count(), engine.document_count()
    return {"published": published, "indexed": indexed, "equal": published == indexed}


def _csrf(page):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]


def _text_of(page, element_id):
    found = re.search(rf'id="{element_id}"[^>]*>(.*?)</', page, re.S)
    return found[1].strip() if found else ""


def _summary(page):
    rows = re.findall(r'<tr><th scope="row">(.*?)</th><td>(.*?)</td></tr>', page)
    return dict(rows)


def table_worst(worst):
    lines = ["worst requests within 2,000 characters (each alone, 3 times):"]
    for kind, timed in worst["kinds"].items():
        lines.append(f"  {kind:32} {timed['url_chars']:5} chars  {max(timed['seconds']):7.2f} s  {timed['statuses']}")
    return "\n".join(lines + [f"  worst: {worst['worst']} ({worst['worst_seconds']} s)"])


def table_normal(normal):
    idle = normal["idle"]
    lines = [f"normal search p95 (another client): idle {idle['p95_ms']} ms ({idle['requests']} searches)"]
    for attack in normal["attacks"]:
        busy = attack["under_attack"]
        lines.append(f"  with {attack['attackers']} × «{attack['attack']}» in flight: {busy['p95_ms']} ms "
                     f"({busy['requests']} searches, statuses {busy['statuses']}) = {attack['ratio']}× idle; "
                     f"the attack's answers {attack['attack_requests']}")
    return "\n".join(lines)


def table_uploads(results):
    lines = ["uploads:"]
    for name, result in results.items():
        if isinstance(result, dict):
            lines.append(f"  {name}: {json.dumps(result, ensure_ascii=False)}")
    return "\n".join(lines + [f"  gunicorn workers' peak memory: {results['worker_peak_mb']} MB"])


if __name__ == "__main__":
    main()
