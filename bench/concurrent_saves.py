"""Several processes save, tag, publish, unpublish and delete articles at once; the index must keep up.

    python bench/concurrent_saves.py [--seconds 60] [--processes 2]

Runs against a fresh archive in a temporary folder (SQLite + Whoosh), then
compares the index with the database: every article indexed once, nothing
else, and a reader's search finding exactly the published articles. Prints
the figures, writes bench/results/concurrent_saves.json, and exits non-zero on any worker error or mismatch.
"""
import argparse
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"


def django_setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    import django

    django.setup()


def worker(seconds, seed):
    """Save articles for ``seconds``; print how many of each operation succeeded."""
    django_setup()
    from django.db import transaction

    from archive.models import Article, Tag

    rng = random.Random(seed)
    tags = list(Tag.objects.all())
    done = {"created": 0, "unpublished": 0, "republished": 0, "deleted": 0, "retagged": 0}
    deadline = time.monotonic() + seconds
    number = 0
    while time.monotonic() < deadline:
        number += 1
        with transaction.atomic():
            article = Article.objects.create(
                title=f"خبر رقم {number} من العامل {seed}",
                body=f"نص الخبر {number} الذي كتبه العامل {seed} عن {rng.choice(['دمشق', 'بيروت', 'القاهرة'])}.",
                status=Article.Status.PUBLISHED,
            )
            article.tags.set(rng.sample(tags, 2))
        done["created"] += 1
        mine = Article.objects.filter(title__endswith=f"العامل {seed}")
        action = rng.random()
        if action < 0.15:
            victim = mine.order_by("?").first()
            victim.status = Article.Status.DRAFT if victim.is_published else Article.Status.PUBLISHED
            victim.save()
            done["unpublished" if not victim.is_published else "republished"] += 1
        elif action < 0.25:
            mine.order_by("?").first().delete()
            done["deleted"] += 1
        elif action < 0.4:
            mine.order_by("?").first().tags.set(rng.sample(tags, 1))
            done["retagged"] += 1
    print(json.dumps(done))


def compare_index():
    """The index's documents against the articles, and what a reader's search finds against the published ones."""
    from haystack import connections

    from archive.models import Article
    from archive.search import engine

    backend = connections["default"].get_backend()
    backend.setup()
    with backend.index.refresh().searcher() as searcher:
        indexed = sorted(int(fields["django_id"]) for fields in searcher.all_stored_fields())
    articles = set(Article.objects.values_list("pk", flat=True))
    published = set(Article.objects.published().values_list("pk", flat=True))
    found = {hit.pk for hit in engine.search(engine.EngineQuery(limit=len(articles) + 1, facets=False)).hits}
    return {
        "indexed": len(indexed),
        "articles": len(articles),
        "published": len(published),
        "found_by_public_search": len(found),
        "missing_from_index": sorted(articles - set(indexed))[:20],
        "stale_in_index": sorted(set(indexed) - articles)[:20],
        "published_not_found": sorted(published - found)[:20],
        "found_not_published": sorted(found - published)[:20],
        "duplicates_in_index": len(indexed) - len(set(indexed)),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        return worker(args.seconds, args.worker)

    os.environ["ARCHIVE_VAR_DIR"] = tempfile.mkdtemp(prefix="archive-concurrent-")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))  # DEBUG is off: a key that passes the check
    for var in ("DATABASE_URL", "SEARCH_INDEX_PATH", "SEARCH_ENGINE"):
        os.environ.pop(var, None)
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    call_command("rebuild_index", interactive=False, verbosity=0)

    started = time.perf_counter()
    workers = [
        subprocess.Popen(
            [sys.executable, __file__, "--seconds", str(args.seconds), "--worker", str(n)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for n in range(args.processes)
    ]
    outputs = [process.communicate() for process in workers]
    elapsed = time.perf_counter() - started
    errors = [err.strip() for (_, err), process in zip(outputs, workers, strict=True)
              if process.returncode or "Traceback" in err]
    operations = [json.loads(out.strip().splitlines()[-1]) for out, _ in outputs if out.strip()]
    report = {
        "seconds": round(elapsed, 1),
        "processes": args.processes,
        "operations": operations,
        "saves_per_second": round(sum(op["created"] for op in operations) / elapsed, 1),
        **compare_index(),
        "worker_errors": errors,
    }
    ok = (not errors and report["indexed"] == report["articles"] and not report["missing_from_index"]
          and not report["stale_in_index"] and not report["duplicates_in_index"]
          and report["published"] == report["found_by_public_search"]
          and not report["published_not_found"] and not report["found_not_published"])
    report["ok"] = ok
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "concurrent_saves.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
