"""Run the gazetteer over the ant-2018 corpus: speed, top entities, the Trump
check, and a random sample of auto-tags for a human to judge.

    python bench/gazetteer_corpus.py [--limit N] [--sample 50] [--seed 2018]

Figures printed and written to bench/results/gazetteer.json:

* throughput: median of 3 runs over the first 3,000 articles (title and
  body), then one pass over all of them (or the first ``--limit``);
* the articles tagged per entity, top 30;
* the Trump check of the issue: every article that has ترامب or ترمب as a
  word (with any prefix light10 peels, found with the project's tokenizer,
  not the matcher) must be tagged دونالد ترامب, except where each such word
  sits inside the name of a relative (إيفانكا ترامب, ميلانيا ترامب,
  دونالد ترامب جونيور, إريك ترامب), which tags the relative instead;
* a seeded random sample of (article, entity) tags, each with ~60
  characters of context on both sides of its first mention.

CNN's bodies open with a dateline ("دبي، الإمارات العربية المتحدة (CNN)--")
naming where the desk sits, not what the story is about: 1,600 more articles
would be tagged دبي for it. The archive keeps the dateline in its own field,
so the auto-tagger should see the body without it; this script strips it
the same way (``--keep-datelines`` to measure with it).
"""
import argparse
import json
import lzma
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.arabic.gazetteer import load_gazetteer  # noqa: E402
from archive.arabic.stem import prefix_steps  # noqa: E402
from archive.arabic.tokenize import tokenize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant-2018.jsonl.xz"
RESULTS = ROOT / "bench" / "results"
TRUMP = "دونالد ترامب"
TRUMP_WORDS = {"ترامب", "ترمب"}
RELATIVES = {"إيفانكا ترامب", "ميلانيا ترامب", "دونالد ترامب جونيور", "إريك ترامب"}
DATELINE = re.compile(r"\A\s*[^\n]{0,60}?\(CNN\)\s*[-\u2013\u2014]*")
SPEED_ARTICLES = 3000
CONTEXT = 60


def load_articles(path: Path, limit, keep_datelines: bool) -> list:
    """Read (id, title, body) from the corpus, without CNN datelines unless
    asked; returns the list and how many datelines were stripped."""
    articles, stripped = [], 0
    with lzma.open(path, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit is not None and number == limit:
                break
            item = json.loads(line)
            body = item["body"]
            if not keep_datelines:
                body, count = DATELINE.subn("", body, count=1)
                stripped += count
            articles.append((item["id"], item["title"], body))
    return articles, stripped


def timed_pass(gazetteer, articles) -> tuple:
    """Tag ``articles``; return (seconds, [(title mentions, body mentions)])."""
    start = time.perf_counter()
    found = [(gazetteer.find(title), gazetteer.find(body)) for _, title, body in articles]
    return time.perf_counter() - start, found


def measure_speed(gazetteer, articles) -> dict:
    """Articles per second: median of 3 runs on the first 3,000, and the
    whole set once (whose mentions the other figures reuse)."""
    head = articles[:SPEED_ARTICLES]
    runs = [timed_pass(gazetteer, head)[0] for _ in range(3)]
    seconds, found = timed_pass(gazetteer, articles)
    chars = sum(len(t) + len(b) for _, t, b in articles)
    return {
        "first_articles": len(head),
        "first_runs_seconds": [round(r, 3) for r in runs],
        "first_articles_per_second": round(len(head) / statistics.median(runs)),
        "all_articles": len(articles),
        "all_seconds": round(seconds, 2),
        "all_articles_per_second": round(len(articles) / seconds),
        "all_chars_per_second": round(chars / seconds),
    }, found


def top_entities(found, count=30) -> list:
    """Return [(name, kind, articles tagged)] for the most tagged entities."""
    tagged = Counter()
    for title_mentions, body_mentions in found:
        tagged.update({(m.name, m.kind) for m in title_mentions + body_mentions})
    return [(name, kind, n) for (name, kind), n in tagged.most_common(count)]


def trump_words(text: str) -> list:
    """Return the (start, end) of the words of ``text`` that are ترامب or
    ترمب once light10 prefixes are peeled (found without the matcher)."""
    return [(t.start, t.end) for t in tokenize(text)
            if TRUMP_WORDS.intersection(prefix_steps(t.text))]


def covered_by_relative(spans, mentions) -> bool:
    """Tell whether every span lies inside a mention of a Trump relative."""
    relatives = [(m.start, m.end) for m in mentions if m.name in RELATIVES]
    return all(any(a <= s and e <= b for a, b in relatives) for s, e in spans)


def trump_check(articles, found) -> dict:
    """Compare articles naming ترامب/ترمب with those tagged دونالد ترامب."""
    named, tagged, relatives_only, misses, extras = 0, 0, [], [], []
    for (art_id, title, body), (title_mentions, body_mentions) in zip(articles, found):
        texts = [(title, trump_words(title), title_mentions),
                 (body, trump_words(body), body_mentions)]
        has_word = any(spans for _, spans, _ in texts)
        is_tagged = any(m.name == TRUMP for m in title_mentions + body_mentions)
        named += has_word
        tagged += has_word and is_tagged
        if has_word and not is_tagged:
            if all(covered_by_relative(spans, mentions) for _, spans, mentions in texts):
                relatives_only.append(art_id)
            else:
                misses.append({"id": art_id, "context": _first_context(texts)})
        elif is_tagged and not has_word:
            extras.append(art_id)
    return {"articles_naming_trump": named, "tagged_donald_trump": tagged,
            "relatives_only": relatives_only, "misses": misses, "extras": extras}


def _first_context(texts) -> str:
    """Context of the first ترامب word among (text, spans, mentions)."""
    for text, spans, _ in texts:
        if spans:
            return context(text, *spans[0])
    return ""


def context(text: str, start: int, end: int) -> str:
    """Return the match in brackets with ~60 characters either side."""
    before = text[max(0, start - CONTEXT):start].replace("\n", " ")
    after = text[end:end + CONTEXT].replace("\n", " ")
    return f"…{before}[{text[start:end]}]{after}…"


def sample_tags(articles, found, size: int, seed: int) -> list:
    """Draw ``size`` distinct (article, entity) tags at random, each with
    the context of its first mention (title first, then body)."""
    pairs = {}
    for (art_id, title, body), (title_mentions, body_mentions) in zip(articles, found):
        for text, mentions in ((title, title_mentions), (body, body_mentions)):
            for m in mentions:
                pairs.setdefault((art_id, m.name), (m.kind, context(text, m.start, m.end)))
    chosen = random.Random(seed).sample(sorted(pairs), min(size, len(pairs)))
    return [{"id": a, "entity": n, "kind": pairs[a, n][0], "context": pairs[a, n][1]}
            for a, n in chosen]


def main():
    """Parse options, run every measurement, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--keep-datelines", action="store_true")
    options = parser.parse_args()
    if not options.corpus.exists():
        sys.exit(f"corpus not found at {options.corpus}")

    start = time.perf_counter()
    gazetteer = load_gazetteer()
    build_seconds = time.perf_counter() - start
    articles, datelines = load_articles(options.corpus, options.limit, options.keep_datelines)
    speed, found = measure_speed(gazetteer, articles)
    results = {
        "entities": len(gazetteer),
        "build_seconds": round(build_seconds, 3),
        "datelines_stripped": datelines,
        "speed": speed,
        "articles_tagged": sum(1 for title_m, body_m in found if title_m or body_m),
        "top_entities": top_entities(found),
        "trump": trump_check(articles, found),
        "sample": sample_tags(articles, found, options.sample, options.seed),
    }
    report(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "gazetteer.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten to {out}")


def report(results: dict) -> None:
    """Print the results for a human."""
    speed, trump = results["speed"], results["trump"]
    print(f"{results['entities']} entities, built in {results['build_seconds']} s; "
          f"{results['datelines_stripped']} CNN datelines stripped")
    print(f"speed: {speed['first_articles_per_second']} articles/s "
          f"(median of {speed['first_runs_seconds']} s on the first {speed['first_articles']}); "
          f"{speed['all_articles_per_second']} articles/s, "
          f"{speed['all_chars_per_second']:,} chars/s on all {speed['all_articles']}")
    print(f"articles with at least one tag: {results['articles_tagged']}")
    print("\ntop entities (articles tagged):")
    for name, kind, count in results["top_entities"]:
        print(f"  {count:6d}  {kind:12s} {name}")
    print(f"\nTrump: {trump['articles_naming_trump']} articles name ترامب/ترمب, "
          f"{trump['tagged_donald_trump']} tagged {TRUMP}; "
          f"{len(trump['relatives_only'])} name only a relative; "
          f"{len(trump['misses'])} misses, {len(trump['extras'])} extras")
    for miss in trump["misses"]:
        print(f"  miss {miss['id']}: {miss['context']}")
    print(f"  relatives only: {' '.join(trump['relatives_only'])}")
    print(f"\nrandom sample of {len(results['sample'])} tags:")
    for number, tag in enumerate(results["sample"], 1):
        print(f"{number:3d}. {tag['entity']} ({tag['kind']}) {tag['id']}\n     {tag['context']}")


if __name__ == "__main__":
    main()
