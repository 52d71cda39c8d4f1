"""Import, tag and index the whole corpus into a fresh archive, and say how fast.

    python bench/import_corpus.py [--corpus PATH] [--limit N] [--sample 50] [--seed 2018]

A fresh SQLite database and Whoosh index in a temporary folder, then the
same code as ``import_articles --publish``: the reader, the importer (with
the gazetteer), and the batched indexing. Printed and written to
bench/results/import_corpus.json:

* articles per second for import (reading, checking, writing: the import
  phase less the time spent tagging), tagging (matching the gazetteer and
  finding or making the tags) and indexing; peak memory (ru_maxrss);
  rejections, which should be none;
* the Trump check of the issue on the stored tags: every article that has
  ترامب or ترمب as a word (found with the tokenizer, not the matcher) is
  tagged دونالد ترامب, unless every such word is inside a relative's name
  (إيفانكا ترامب …), and then it must not be;
* a seeded random sample of (article, tag) auto-tags with the context of
  their first mention, for a human to judge.

The word test, the relatives and the context come from
bench/gazetteer_corpus.py, which checks the matcher alone.
"""
import argparse
import json
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.gazetteer_corpus import CORPUS, TRUMP, context, covered_by_relative, trump_words  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def fresh_archive(folder=None):
    """Point the settings at ``folder`` (a new empty one by default), set Django up and migrate; return it."""
    folder = folder or tempfile.mkdtemp(prefix="import-bench-")
    for name in ("DATABASE_URL", "SEARCH_INDEX_PATH"):
        os.environ.pop(name, None)
    os.environ.update(ARCHIVE_VAR_DIR=folder, DEBUG="1", DJANGO_SETTINGS_MODULE="archive.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return folder


def peak_memory_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run_import(corpus, limit):
    """Import and index; return (importer, summary, seconds of import, seconds of indexing)."""
    from archive.importing.inputs import Input, read_inputs
    from archive.importing.writer import Importer

    importer = Importer(status="published")
    started = time.perf_counter()
    summary = importer.run(islice(read_inputs([Input.of(corpus)]), limit))
    imported = time.perf_counter()
    importer.peak_memory_mb = peak_memory_mb()
    importer.index()
    return importer, summary, imported - started, time.perf_counter() - imported


def speed(importer, summary, import_seconds, index_seconds):
    articles, tagging = summary.created, importer.tagger.seconds
    return {
        "articles": articles,
        "rejected": [str(rejection) for rejection in summary.rejected],
        "duplicates": summary.duplicates,
        "import_seconds": round(import_seconds - tagging, 1),
        "import_per_second": round(articles / (import_seconds - tagging)),
        "tagging_seconds": round(tagging, 1),
        "tagging_per_second": round(articles / tagging),
        "index_seconds": round(index_seconds, 1),
        "index_per_second": round(len(importer.to_index) / index_seconds),
        "total_seconds": round(import_seconds + index_seconds, 1),
        "peak_memory_mb_import": importer.peak_memory_mb,
        "peak_memory_mb": peak_memory_mb(),
    }


def tagger_views():
    """(pk, title, body as the tagger reads it, tag names) of every article."""
    from archive.importing.datelines import split_dateline
    from archive.models import Article

    for article in Article.objects.prefetch_related("tags").iterator(chunk_size=1000):
        yield article.pk, article.title, split_dateline(article.body)[1], {t.name for t in article.tags.all()}


def trump_check(gazetteer):
    named, tagged, relatives_only, relatives_tagged, misses = 0, 0, 0, [], []
    for pk, title, body, tags in tagger_views():
        spans = [(text, trump_words(text)) for text in (title, body)]
        if not any(words for _, words in spans):
            continue
        only_relatives = all(covered_by_relative(words, gazetteer.find(text)) for text, words in spans)
        if only_relatives:
            relatives_only += 1
            if TRUMP in tags:
                relatives_tagged.append(pk)
            continue
        named += 1
        if TRUMP in tags:
            tagged += 1
        else:
            misses.append({"article": pk, "context": next(context(t, *w[0]) for t, w in spans if w)})
    return {"articles_naming_trump": named, "tagged_donald_trump": tagged, "misses": misses,
            "relatives_only": relatives_only, "relatives_only_tagged_donald": relatives_tagged}


def sample_tags(gazetteer, size, seed):
    """``size`` (article, tag) pairs drawn at random, with the context of the tag's first mention."""
    pairs = sorted((pk, name) for pk, _, _, tags in tagger_views() for name in tags)
    chosen = set(random.Random(seed).sample(pairs, min(size, len(pairs))))
    sample = []
    for pk, title, body, tags in tagger_views():
        for name in sorted(n for n in tags if (pk, n) in chosen):
            mention = next((text, m) for text in (title, body) for m in gazetteer.find(text) if m.name == name)
            sample.append({"article": pk, "tag": name, "kind": mention[1].kind,
                           "context": context(mention[0], mention[1].start, mention[1].end)})
    return sample


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="import only the first N articles")
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2018)
    options = parser.parse_args()
    if not options.corpus.exists():
        sys.exit(f"corpus not found at {options.corpus}")
    folder = fresh_archive()
    try:
        importer, summary, import_seconds, index_seconds = run_import(options.corpus, options.limit)
        gazetteer = importer.tagger.gazetteer
        results = {
            "speed": speed(importer, summary, import_seconds, index_seconds),
            "trump": trump_check(gazetteer),
            "sample": sample_tags(gazetteer, options.sample, options.seed),
        }
    finally:
        shutil.rmtree(folder)
    report(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "import_corpus.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten to {out}")


def report(results):
    s, trump = results["speed"], results["trump"]
    lines = [f"{s['articles']} articles, {len(s['rejected'])} rejected, {s['duplicates']} duplicates"]
    lines += [f"  {name:8s} {s[f'{name}_per_second']:6d} articles/s  ({s[f'{name}_seconds']} s)"
              for name in ("import", "tagging", "index")]
    lines.append(f"  total    {s['total_seconds']} s; peak memory {s['peak_memory_mb']} MB "
                 f"({s['peak_memory_mb_import']} MB before indexing)")
    lines += [f"  rejected: {rejection}" for rejection in s["rejected"][:20]]
    lines.append(
        f"\nTrump: {trump['articles_naming_trump']} articles name ترامب/ترمب, {trump['tagged_donald_trump']} "
        f"tagged {TRUMP}, {len(trump['misses'])} misses; {trump['relatives_only']} name only a relative, "
        f"{len(trump['relatives_only_tagged_donald'])} of them tagged {TRUMP}"
    )
    lines += [f"  miss #{miss['article']}: {miss['context']}" for miss in trump["misses"]]
    lines.append(f"\nrandom sample of {len(results['sample'])} auto-tags (article, tag, kind, first mention):")
    lines += [f"{n:3d}. #{t['article']} {t['tag']} ({t['kind']}): {t['context']}"
              for n, t in enumerate(results["sample"], 1)]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
