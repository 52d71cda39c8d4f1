"""Run the gazetteer over the ant-2018 corpus: speed, top entities, the Trump
check, precision on judged tags, recall of the most frequent entities, and
how the importer would date the articles from their text.

    python bench/gazetteer_corpus.py [--limit N] [--sample 50] [--seed 2018] [--judge N]

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
  characters of context on both sides of its first mention;
* precision on the tags judged by a reader that the tagger still gives (``bench/data/gazetteer_judged.jsonl``:
  one tag a line, ``correct`` true or false, a ``note`` where false), overall,
  per entity, and for the entities that have a partial alias. ``--judge N``
  writes N more tags to judge (a seeded sample, half of them from entities
  with a partial alias, where mistakes are likeliest) to
  ``bench/data/gazetteer_to_judge.jsonl``;
* recall of the 20 most tagged entities: the articles tagged, over the
  articles where one of the entity's full spellings occurs as words, any
  prefix peeled but an article the name does not have (السورية is "the
  Syrian", not سورية the country), found with the tokenizer, not the
  matcher, so what context or a longer name took away counts as missed;
* dates: what :func:`archive.importing.dates.dated` makes of each article's
  text alone (the file's date withheld), and how often it agrees with the
  date the feed gave.

CNN's bodies open with a dateline ("دبي، الإمارات العربية المتحدة (CNN)--")
naming where the desk sits, not what the story is about: 1,600 more articles
would be tagged دبي for it. The archive keeps the dateline in its own field,
so the auto-tagger should see the body without it; this script strips it
the same way (``--keep-datelines`` to measure with it).
"""
import argparse
import datetime
import json
import lzma
import os
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archive.arabic.gazetteer import first_word_forms, load_gazetteer, name_words  # noqa: E402
from archive.arabic.stem import prefix_steps  # noqa: E402
from archive.arabic.tokenize import tokenize  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant-2018.jsonl.xz"
RESULTS = ROOT / "bench" / "results"
JUDGED = ROOT / "bench" / "data" / "gazetteer_judged.jsonl"
TO_JUDGE = ROOT / "bench" / "data" / "gazetteer_to_judge.jsonl"
RECALL_ENTITIES = 20
# What light10 peeled ends with an article (ال, or ل + ال written لل): see ``readings``.
_ARTICLE_PEELED = re.compile("(?:ال|لل)$")
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
            articles.append((item["id"], item["title"], body, item.get("published", "")))
    return articles, stripped


def timed_pass(gazetteer, articles) -> tuple:
    """Tag ``articles`` as the importer does (a partial alias in the body
    counts after a full name in the title); return (seconds, [(title
    mentions, body mentions)])."""
    start = time.perf_counter()
    found = [_article_mentions(gazetteer, title, body) for _, title, body, _ in articles]
    return time.perf_counter() - start, found


def _article_mentions(gazetteer, title, body) -> tuple:
    named = set()
    return gazetteer.find(title, named), gazetteer.find(body, named)


def measure_speed(gazetteer, articles) -> dict:
    """Articles per second: median of 3 runs on the first 3,000, and the
    whole set once (whose mentions the other figures reuse)."""
    head = articles[:SPEED_ARTICLES]
    runs = [timed_pass(gazetteer, head)[0] for _ in range(3)]
    seconds, found = timed_pass(gazetteer, articles)
    chars = sum(len(t) + len(b) for _, t, b, _ in articles)
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
    for (art_id, title, body, _), (title_mentions, body_mentions) in zip(articles, found, strict=True):
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


def tag_contexts(articles, found) -> dict:
    """(article id, entity) -> (kind, context of its first mention, title first)."""
    pairs = {}
    for (art_id, title, body, _), (title_mentions, body_mentions) in zip(articles, found, strict=True):
        for text, mentions in ((title, title_mentions), (body, body_mentions)):
            for m in mentions:
                pairs.setdefault((art_id, m.name), (m.kind, context(text, m.start, m.end)))
    return pairs


def sample_tags(pairs, size: int, seed: int, only=None) -> list:
    """Draw ``size`` distinct (article, entity) tags at random (among the
    entities in ``only`` if given), each with its context."""
    keys = sorted(key for key in pairs if only is None or key[1] in only)
    chosen = random.Random(seed).sample(keys, min(size, len(keys)))
    return [{"id": a, "entity": n, "kind": pairs[a, n][0], "context": pairs[a, n][1]} for a, n in chosen]


def precision(judged: list, pairs: dict, partial_entities: set) -> dict:
    """Precision on the judged tags the tagger still gives (``pairs``): overall,
    per entity, and over the entities with a partial alias. A judged tag it
    no longer gives (a mistake since fixed) is counted apart."""
    dropped = [item for item in judged if (item["id"], item["entity"]) not in pairs]
    judged = [item for item in judged if (item["id"], item["entity"]) in pairs]
    per_entity = {}
    for item in judged:
        right, total = per_entity.get(item["entity"], (0, 0))
        per_entity[item["entity"]] = (right + bool(item["correct"]), total + 1)
    partial = [item for item in judged if item["entity"] in partial_entities]
    return {
        "judged": len(judged),
        "judged_no_longer_tagged": dropped,
        "precision": _ratio(sum(bool(i["correct"]) for i in judged), len(judged)),
        "partial_alias_entities_judged": len(partial),
        "partial_alias_precision": _ratio(sum(bool(i["correct"]) for i in partial), len(partial)),
        "per_entity": {name: {"right": r, "judged": t, "precision": _ratio(r, t)}
                       for name, (r, t) in sorted(per_entity.items(), key=lambda kv: -kv[1][1])},
        "wrong": [i for i in judged if not i["correct"]],
    }


def _ratio(part, whole):
    return round(part / whole, 4) if whole else None


def recall(gazetteer, articles, found, top) -> list:
    """For each of the ``top`` entities: articles tagged over articles that
    spell it (a full spelling as words, its first with any prefix), not
    counting a spelling inside one of the entity's excluded phrases
    (واشنطن بوست) or inside a longer name of another entity of its kind
    (أمريكا اللاتينية, إيفانكا ترامب), which by design name something else."""
    entries = {entry.name: entry for entry in gazetteer.entries}
    checks = {name: _Spellings(entries[name], gazetteer.entries) for name, _, _ in top}
    counts = {name: [0, 0, []] for name in checks}  # spelled, tagged, missed examples
    for (art_id, title, body, _), (title_m, body_m) in zip(articles, found, strict=True):
        words = _peeled_words(title) + [("", frozenset())] + _peeled_words(body)
        names = {m.name for m in title_m + body_m}
        for name, check in checks.items():
            if check.spelled_in(words):
                count = counts[name]
                count[0] += 1
                count[1] += name in names
                if name not in names and len(count[2]) < 5:
                    count[2].append(art_id)
    return [{"entity": name, "spelled": s, "tagged": t, "recall": _ratio(t, s), "missed_examples": m}
            for name, (s, t, m) in counts.items()]


class _Spellings:
    """An entity's full spellings, and the longer phrases that hold one
    without naming it (its excluded phrases, other entities' names of its kind)."""

    def __init__(self, entry, entries):
        self.spellings = [_Phrase(name_words(form)) for form in (entry.name, *entry.aliases)]
        phrases = [name_words(form) for form in entry.excluded]
        phrases += [name_words(form) for other in entries if other.kind == entry.kind and other is not entry
                    for form in (other.name, *other.aliases)]
        # A spelling inside a longer name may carry a prefix there: الجمعية العامة للأمم المتحدة holds
        # الأمم المتحدة as للأمم (ل + الأمم), and names the General Assembly as much as مفوضية الأمم
        # المتحدة names the refugee agency.
        self.shadows = [(_Phrase(phrase), k) for phrase in phrases for spelling in self.spellings
                        for k in range(len(phrase) - len(spelling.words) + 1)
                        if len(phrase) > len(spelling.words) and phrase[k] in spelling.prefixed
                        and list(phrase[k + 1:k + len(spelling.words)]) == spelling.rest]

    def spelled_in(self, words) -> bool:
        """Whether one of the spellings occurs in ``words`` outside every shadow."""
        return any(spelling.at(words, i) and not any(k <= i and shadow.at(words, i - k) for shadow, k in self.shadows)
                   for i in range(len(words)) for spelling in self.spellings)


class _Phrase:
    """Words of a name; the first may carry a prefix (light10's peeling, or the matcher's own)."""

    def __init__(self, words):
        self.words = words
        self.first, self.rest = words[0], list(words[1:])
        self.prefixed = frozenset(first_word_forms(self.first))

    def at(self, words, i) -> bool:
        word, readings = words[i]
        return ((word in self.prefixed or self.first in readings)
                and [w for w, _ in words[i + 1:i + 1 + len(self.rest)]] == self.rest)


def _peeled_words(text) -> list:
    """Each word of ``text``, with the readings light10 gives it once prefixes are peeled (``readings``)."""
    return [(token.text, readings(token.text)) for token in tokenize(text)]


def readings(word) -> frozenset:
    """The forms light10 leaves of ``word`` as it peels prefixes, less those left by peeling an article.

    A name written without the article does not take one: ال + سورية is
    السورية, "the Syrian" (المعارضة السورية, اللهجة السورية), not the
    country. Counting it as سوريا made its recall 0.92; names that do
    begin with ال are matched with their prefixed forms (للأمم, بالأمم)
    by ``first_word_forms``, not by these readings.
    """
    return frozenset(step for step in prefix_steps(word) if not _ARTICLE_PEELED.search(word[:len(word) - len(step)]))


def date_breakdown(articles) -> dict:
    """How the importer would date each article from its text alone, and
    whether that agrees with the feed's date (when it gave one)."""
    from archive.importing.dates import dated

    counts, agree, examples = {}, {}, {}
    for art_id, _title, body, published in articles:
        when = dated(None, "", body)
        counts[when.how] = counts.get(when.how, 0) + 1
        if when.moment is not None and published:
            same = when.moment.date() == datetime.date.fromisoformat(published)
            agree[when.how] = agree.get(when.how, 0) + same
            if not same:
                examples.setdefault(when.how, []).append((art_id, str(when.moment.date()), published))
    return {"counts": counts, "agreeing_with_feed": agree,
            "disagreeing_examples": {how: found[:10] for how, found in examples.items()}}


def setup_django() -> None:
    """The importer's dating reads Django's settings: set them up, writing nothing."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def read_judged() -> list:
    """The judged tags, one JSON object a line."""
    if not JUDGED.exists():
        return []
    return [json.loads(line) for line in JUDGED.read_text(encoding="utf-8").splitlines() if line.strip()]


def main():
    """Parse options, run every measurement, print and save the results."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--sample", type=int, default=50)
    parser.add_argument("--seed", type=int, default=2018)
    parser.add_argument("--judge", type=int, default=0, help="write this many tags to judge")
    parser.add_argument("--keep-datelines", action="store_true")
    options = parser.parse_args()
    if not options.corpus.exists():
        sys.exit(f"corpus not found at {options.corpus}")

    start = time.perf_counter()
    gazetteer = load_gazetteer()
    build_seconds = time.perf_counter() - start
    articles, datelines = load_articles(options.corpus, options.limit, options.keep_datelines)
    speed, found = measure_speed(gazetteer, articles)
    pairs = tag_contexts(articles, found)
    partial_entities = {entry.name for entry in gazetteer.entries if entry.partial}
    top = top_entities(found)
    if options.judge:
        write_to_judge(pairs, options.judge, options.seed, partial_entities)
    setup_django()
    results = {
        "entities": len(gazetteer),
        "build_seconds": round(build_seconds, 3),
        "datelines_stripped": datelines,
        "speed": speed,
        "articles_tagged": sum(1 for title_m, body_m in found if title_m or body_m),
        "top_entities": top,
        "trump": trump_check(articles, found),
        "precision": precision(read_judged(), pairs, partial_entities),
        "recall": recall(gazetteer, articles, found, top[:RECALL_ENTITIES]),
        "dates": date_breakdown(articles),
        "sample": sample_tags(pairs, options.sample, options.seed),
    }
    report(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "gazetteer.json"
    out.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nwritten to {out}")


def write_to_judge(pairs, size, seed, partial_entities) -> None:
    """Write ``size`` tags to judge: half at random, half from entities with a partial alias."""
    judged = {(item["id"], item["entity"]) for item in read_judged()}
    fresh = {key: value for key, value in pairs.items() if key not in judged}
    chosen = sample_tags(fresh, size // 2, seed, only=partial_entities)
    taken = {(item["id"], item["entity"]) for item in chosen}
    rest = {key: value for key, value in fresh.items() if key not in taken}
    chosen += sample_tags(rest, size - len(chosen), seed + 1)
    TO_JUDGE.parent.mkdir(parents=True, exist_ok=True)
    TO_JUDGE.write_text("".join(json.dumps(item, ensure_ascii=False) + "\n" for item in chosen), encoding="utf-8")
    print(f"{len(chosen)} tags to judge written to {TO_JUDGE}")


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
    report_quality(results)
    print(f"\nrandom sample of {len(results['sample'])} tags:")
    for number, tag in enumerate(results["sample"], 1):
        print(f"{number:3d}. {tag['entity']} ({tag['kind']}) {tag['id']}\n     {tag['context']}")


def report_quality(results: dict) -> None:
    """Print precision, recall and the date breakdown."""
    quality = results["precision"]
    print(f"\nprecision on {quality['judged']} judged tags: {quality['precision']}; "
          f"entities with a partial alias: {quality['partial_alias_precision']} "
          f"on {quality['partial_alias_entities_judged']}")
    for item in quality["wrong"]:
        print(f"  wrong: {item['entity']} {item['id']}: {item.get('note', '')}")
    for item in quality["judged_no_longer_tagged"]:
        print(f"  no longer tagged ({'right' if item['correct'] else 'wrong'}): {item['entity']} {item['id']}")
    print(f"\nrecall of the {len(results['recall'])} most tagged entities:")
    for row in results["recall"]:
        print(f"  {row['recall']:.4f}  {row['tagged']:6d}/{row['spelled']:<6d} {row['entity']}")
    dates = results["dates"]
    print(f"\ndates from the text alone: {dates['counts']}; agreeing with the feed: {dates['agreeing_with_feed']}")


if __name__ == "__main__":
    main()
