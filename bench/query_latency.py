"""Search latency through the project's one search module, on the archive you have loaded.

    DEBUG=1 .venv/bin/python bench/query_latency.py [--repeat 5]

Load the corpus first (``manage.py import_articles ../shared/corpus/ant-2018.jsonl.xz
--publish``). Runs a fixed set of reader queries — words, aliases,
vocalized forms, phrases, OR, exclusions, filters, browsing, dates — each
``--repeat`` times, and prints the median and p95 per query kind in
milliseconds; writes bench/results/query_latency.json.
"""
import argparse
import datetime
import json
import math
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"

QUERIES = {
    "one word": {"q": "سوريا"},
    "alias": {"q": "ترمب"},
    "vocalized": {"q": "تْرَامْب"},
    "two words": {"q": "الأمم المتحدة"},
    "phrase": {"q": '"مجلس الأمن"'},
    "or": {"q": "ماكرون أو ميركل"},
    "exclusion": {"q": "ترامب -إيران"},
    "rare word": {"q": "خاشقجي"},
    "browse all": {"q": ""},
    "date words": {"q": "ترامب أيار 2018"},
    "person filter": {"q": "", "person": ["دونالد-ترامب"]},
    "word + month": {"q": "بوتين", "date_from": "2018-05-01", "date_to": "2018-05-31"},
    "page 40": {"q": "سوريا", "page": 40},
}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()
    from archive.models import Article
    from archive.search.archive_search import SearchRequest, search_archive

    published = Article.objects.published().count()
    if published < 1000:
        sys.exit(f"Only {published} published articles: import the corpus first (see the docstring).")
    report = {"published_articles": published, "repeat": args.repeat, "queries": {}}
    print(f"{published} published articles; {args.repeat} runs each")
    print(f"{'query':<14} {'results':>8} {'median ms':>10} {'p95 ms':>8}")
    for name, params in QUERIES.items():
        params = dict(params)
        for key in ("date_from", "date_to"):
            if key in params:
                params[key] = datetime.date.fromisoformat(params[key])
        request = SearchRequest(**params)
        search_archive(request)  # warm: first import, first reader
        timings, total = [], 0
        for _ in range(args.repeat):
            started = time.perf_counter()
            total = search_archive(request).total
            timings.append(1000 * (time.perf_counter() - started))
        row = {"results": total, "median_ms": round(statistics.median(timings), 1),
               "p95_ms": round(percentile(timings, 0.95), 1)}
        report["queries"][name] = row
        print(f"{name:<14} {total:>8} {row['median_ms']:>10.1f} {row['p95_ms']:>8.1f}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "query_latency.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
