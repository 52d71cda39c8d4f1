"""Known-item search quality on the real corpus: our Arabic analysis on both engines, beside haystack's stock one.

    python bench/search_quality.py [--limit N] [--queries 1000] [--seed 7]
        [--engines ours,stock,postgres] [--postgres postgres://archive:archive@127.0.0.1/archive]

Indexes ../shared/corpus/ant-2018.jsonl.xz (or its first N articles) with
the project's own Whoosh pieces: the fields and parser our backend builds
(``arabic_text_field``, position-aware phrases, the reader's query syntax);
beside it, haystack's stock setup (``StemmingAnalyzer`` on every text
field, the query as typed); and the PostgreSQL engine's pieces
(``archive.search.engine.postgres_text`` and ``postgres_vectors``: our analysis as ``tsvector``s with
a GIN index in a temporary table, the same parsed query as ``tsquery``, its
ranking), on the server ``--postgres`` names. For a seeded sample of articles, a
query is made of the rarest words of the article's title, then re-spelled
the ways readers type: vocalized, tatweel, hamza/alef forms, ة/ه, ى/ي,
with or without the article or a و/ب prefix, Arabic-Indic digits, press
variants. The target article is the one known-relevant document.

Prints MRR@10 and recall@10 per analyzer for exactly spelled and re-spelled
queries, a count per re-spelling kind, and writes bench/results/search_quality.json.
"""
import argparse
import json
import lzma
import math
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from whoosh import index as whoosh_index  # noqa: E402
from whoosh.analysis import StemmingAnalyzer  # noqa: E402
from whoosh.fields import ID, TEXT, Schema  # noqa: E402
from whoosh.qparser import MultifieldParser  # noqa: E402

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.pop("SEARCH_ENGINE", None)  # the engines are built here, not through the settings
import django  # noqa: E402

django.setup()

from archive.arabic.normalize import normalize  # noqa: E402
from archive.arabic.stopwords import is_stopword  # noqa: E402
from archive.arabic.tokenize import tokenize  # noqa: E402
from archive.arabic.variants import get_table  # noqa: E402
from archive.search.engine.postgres_backend import RANK_CANDIDATES, TRACK_TOTAL_HITS  # noqa: E402
from archive.search.engine.postgres_text import (  # noqa: E402
    NEWEST_FIRST,
    RANK_NORMALIZATION,
    RANK_WEIGHTS,
    compile_query,
    ranked_candidates,
    ranked_page,
    score_sql,
)
from archive.search.engine.postgres_vectors import document_text  # noqa: E402
from archive.search.engine.whoosh_analysis import arabic_text_field, install_arabic_phrases  # noqa: E402
from archive.search.syntax import parse_query  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ant-2018.jsonl.xz"
POSTGRES = os.environ.get("QUALITY_DATABASE_URL", "postgres://archive:archive@127.0.0.1/archive")
RESULTS = ROOT / "bench" / "results"
TITLE_BOOST = 3.0  # as archive/search/engine/article_index.py
TOP = 10
WORDS_PER_QUERY = 3

HARAKAT = "\u064e\u064f\u0650\u0652\u0651\u064b"
NON_JOINING = set("اأإآدذرزوؤةى")
INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


# --- the corpus ---------------------------------------------------------------

def read_corpus(limit):
    with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
        for number, line in enumerate(lines):
            if limit and number >= limit:
                break
            yield json.loads(line)


# --- the two indexes ----------------------------------------------------------

def ours_schema():
    return Schema(
        id=ID(stored=True, unique=True),
        title=arabic_text_field(phrase=False, field_boost=TITLE_BOOST),  # as the backend: phrases look in text
        text=arabic_text_field(),
    )


def stock_schema():
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=StemmingAnalyzer(), field_boost=TITLE_BOOST),
        text=TEXT(analyzer=StemmingAnalyzer()),
    )


def build_index(folder, schema, articles):
    ix = whoosh_index.create_in(folder, schema)
    started = time.perf_counter()
    writer = ix.writer(limitmb=512)
    for article in articles:
        writer.add_document(id=article["id"], title=article["title"],
                            text=article["title"] + "\n" + article["body"])
    writer.commit()
    return ix, time.perf_counter() - started


def ours_parser(ix):
    parser = install_arabic_phrases(MultifieldParser(["title", "text"], schema=ix.schema))

    def parse(query):
        return parser.parse(parse_query(query).to_whoosh())
    return parse


def stock_parser(ix):
    parser = MultifieldParser(["title", "text"], schema=ix.schema)
    return parser.parse


# --- queries ----------------------------------------------------------------

def document_frequencies(articles):
    """How many titles+bodies each normalized word occurs in: rare words make known-item queries."""
    frequencies = Counter()
    for article in articles:
        frequencies.update({token.text for token in tokenize(article["title"] + " " + article["body"])})
    return frequencies


def title_words(title, frequencies):
    """The title's rarest content words, as written, in title order."""
    tokens = [t for t in tokenize(title) if len(t.text) >= 3 and not is_stopword(t.text)]
    unique = list({t.text: t for t in tokens}.values())
    chosen = sorted(unique, key=lambda t: frequencies[t.text])[:WORDS_PER_QUERY]
    return [title[t.start:t.end] for t in sorted(chosen, key=lambda t: t.start)]


def vocalize(word, rng):
    return "".join(ch + (rng.choice(HARAKAT) if "\u0621" <= ch <= "\u064a" and rng.random() < 0.7 else "")
                   for ch in word)


def tatweel(word, rng):
    spots = [i for i in range(1, len(word)) if word[i - 1] not in NON_JOINING and "\u0621" <= word[i - 1] <= "\u064a"]
    if not spots:
        return None
    at = rng.choice(spots)
    return word[:at] + "ـ" * rng.randint(1, 3) + word[at:]


def hamza(word, rng):
    for i, ch in enumerate(word):
        if ch in "أإآ":
            return word[:i] + "ا" + word[i + 1:]
    for i, ch in enumerate(word):
        if ch == "ا" and (i == 0 or word[i - 2:i] == "ال" and i == 2):
            return word[:i] + rng.choice("أإ") + word[i + 1:]
    return None


def final_letter(word, rng):
    swaps = {"ة": "ه", "ه": "ة", "ى": "ي", "ي": "ى"}
    return word[:-1] + swaps[word[-1]] if word[-1] in swaps else None


def bare_noun_like(word):
    """A word a reader could put ال or و/ب before: Arabic, no prefix of its own,
    no attached pronoun, not an imperfect verb (ي/ت/ن first)."""
    return (
        len(word) >= 3
        and all("\u0621" <= ch <= "\u064a" for ch in word)
        and not word.startswith(("ال", "و", "ب", "ل", "ف", "ك", "ي", "ت", "ن"))
        and not word.endswith(("ها", "هم", "هن", "كم", "نا"))
    )


def article(word, rng):
    if word.startswith("ال") and len(word) > 4:
        return word[2:]
    return "ال" + word if bare_noun_like(word) else None


def prefix(word, rng):
    return rng.choice("وب") + word if bare_noun_like(word) or word.startswith("ال") and len(word) > 4 else None


def indic_digits(word, rng):
    return word.translate(INDIC) if any(ch.isdigit() for ch in word) and word.isascii() else None


def press_variant(word, rng):
    forms = [form for form in get_table().alternatives(word) if " " not in form and form != normalize(word)]
    return rng.choice(forms) if forms else None


RESPELLINGS = {
    "vocalized": vocalize, "tatweel": tatweel, "hamza/alef": hamza, "ة/ه ى/ي": final_letter,
    "article": article, "و/ب prefix": prefix, "Indic digits": indic_digits, "press variant": press_variant,
}


def respell(words, rng):
    """Re-spell every word one reader's way (the rarest applicable ways first)."""
    out, kinds = [], []
    for word in words:
        options = [(kind, fn(word, rng)) for kind, fn in RESPELLINGS.items()]
        options = [(kind, new) for kind, new in options if new and new != word]
        rare = [pair for pair in options if pair[0] in {"press variant", "Indic digits"}]
        kind, new = rng.choice(rare or options) if options else ("unchanged", word)
        out.append(new)
        kinds.append(kind)
    return " ".join(out), kinds


# --- PostgreSQL -----------------------------------------------------------------

class PostgresIndex:
    """The corpus in a temporary table of ``url``'s database, as the PostgreSQL engine stores and ranks it.

    ``rank_candidates``: rank as the engine does, a bounded set of
    candidates (``postgres_text.ranked_page``); 0 ranks every match.
    """

    def __init__(self, url, weights=RANK_WEIGHTS, normalization=RANK_NORMALIZATION, rank_candidates=RANK_CANDIDATES):
        import psycopg

        try:
            self.connection = psycopg.connect(url, autocommit=True)
        except psycopg.OperationalError as error:
            sys.exit(f"PostgreSQL is not reachable at {url} ({error}); pass --postgres URL, "
                     f"or leave it out with --engines ours,stock")
        self.weights, self.normalization, self.rank_candidates = weights, normalization, rank_candidates

    def build(self, articles):
        """Load the vectors (title A; title and body D, as Whoosh's title and text fields); the seconds it took."""
        started = time.perf_counter()
        self.frequencies = Counter()
        self.total = len(articles)
        self.connection.execute(
            "CREATE TEMP TABLE quality (article_id text PRIMARY KEY, vector tsvector NOT NULL, published timestamp, "
            "head tsvector GENERATED ALWAYS AS (ts_filter(vector, '{a,b}')) STORED)")
        with self.connection.cursor().copy("COPY quality (article_id, vector, published) FROM STDIN") as copy:
            for item in articles:
                text = document_text(item["title"], "", item["title"] + "\n" + item["body"])
                self.frequencies.update(text.text_words)
                copy.write_row((item["id"], text.vector, item.get("published") or None))
        self.connection.execute("CREATE INDEX ON quality USING gin (vector)")
        self.connection.execute(f"CREATE INDEX ON quality ({NEWEST_FIRST})")
        self.connection.execute("ANALYZE quality")
        return time.perf_counter() - started

    def search(self, query_text):
        compiled = compile_query(parse_query(query_text).clauses)
        if compiled.tsquery is None:
            return []
        score, params = score_sql(compiled.scored, self.frequencies, self.total, self.weights, self.normalization)
        if self.rank_candidates:
            window = self.rank_candidates
            with self.connection.transaction():  # the engine finds the matches through the GIN index alone
                self.connection.execute("SET LOCAL enable_seqscan = off")
                self.connection.execute("SET LOCAL enable_indexscan = off")
                candidates, candidate_params = ranked_candidates("found", window)
                first = [row[0] for row in self.connection.execute(
                    "WITH found AS MATERIALIZED (SELECT article_id, published, head @@ %s::tsquery AS titled "
                    f"FROM quality WHERE vector @@ %s::tsquery LIMIT %s) {candidates}",
                    [compiled.tsquery, compiled.tsquery, max(TRACK_TOTAL_HITS + 1, window), *candidate_params])]
            rows = self.connection.execute(*ranked_page("quality", first, score, params, TOP, 0, id_type="text"))
        else:
            rows = self.connection.execute(
                f"SELECT article_id FROM quality WHERE vector @@ %s::tsquery ORDER BY {score} DESC, article_id "
                f"LIMIT {TOP}", [compiled.tsquery, *params])
        return [row[0] for row in rows]

    def close(self):
        self.connection.close()


# --- measuring --------------------------------------------------------------

def whoosh_search(ix, parse):
    searcher = ix.searcher()

    def search(query_text):
        query = parse(query_text)
        return [hit["id"] for hit in searcher.search(query, limit=TOP)] if query is not None else []
    return search, searcher.close


def evaluate(search, queries):
    reciprocal_ranks, found, latencies = [], 0, []
    for query_text, target in queries:
        started = time.perf_counter()
        hits = search(query_text)
        latencies.append(time.perf_counter() - started)
        rank = hits.index(target) + 1 if target in hits else None
        reciprocal_ranks.append(1 / rank if rank else 0.0)
        found += rank is not None
    latencies.sort()
    return {
        "mrr@10": round(statistics.fmean(reciprocal_ranks), 4),
        "recall@10": round(found / len(queries), 4),
        "query_ms_median": round(1000 * statistics.median(latencies), 2),
        "query_ms_p95": round(1000 * latencies[max(0, math.ceil(0.95 * len(latencies)) - 1)], 2),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="first N articles (0: all)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--engines", default="ours,stock,postgres",
                        help="comma-separated: ours (Whoosh, our analysis), stock (Whoosh, haystack's), postgres")
    parser.add_argument("--postgres", default=POSTGRES, help="a PostgreSQL database to make a temporary table in")
    parser.add_argument("--rank-weights", default=RANK_WEIGHTS, help="ts_rank weights {D,C,B,A} (to tune)")
    parser.add_argument("--rank-normalization", type=int, default=RANK_NORMALIZATION)
    parser.add_argument("--rank-candidates", type=int, default=RANK_CANDIDATES,
                        help="rank a bounded set of candidates, as the engine does (0: rank every match)")
    args = parser.parse_args()
    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if not CORPUS.exists():
        sys.exit(f"The corpus is missing: {CORPUS}")

    articles = list(read_corpus(args.limit))
    rng = random.Random(args.seed)
    frequencies = document_frequencies(articles)
    sample = rng.sample(articles, min(args.queries, len(articles)))
    exact, respelled, kinds = [], [], Counter()
    for item in sample:
        words = title_words(item["title"], frequencies)
        if len(words) < 2:
            continue
        exact.append((" ".join(words), item["id"]))
        text, used = respell(words, rng)
        respelled.append((text, item["id"]))
        kinds.update(used)

    report = {"articles": len(articles), "queries": len(exact), "respellings": dict(kinds), "analyzers": {}}
    with tempfile.TemporaryDirectory(prefix="search-quality-") as folder:
        analyzers = (("ours", ours_schema(), ours_parser), ("stock", stock_schema(), stock_parser))
        for name, schema, make_parser in analyzers:
            if name not in engines:
                continue
            os.makedirs(f"{folder}/{name}")
            ix, seconds = build_index(f"{folder}/{name}", schema, articles)
            search, close = whoosh_search(ix, make_parser(ix))
            report["analyzers"][name] = measure(search, seconds, articles, exact, respelled)
            close()
    if "postgres" in engines:
        index = PostgresIndex(args.postgres, args.rank_weights, args.rank_normalization, args.rank_candidates)
        seconds = index.build(articles)
        report["analyzers"]["postgres"] = measure(index.search, seconds, articles, exact, respelled)
        report["analyzers"]["postgres"]["rank"] = {"weights": args.rank_weights,
                                                    "normalization": args.rank_normalization,
                                                    "candidates": args.rank_candidates}
        index.close()
    report["examples"] = [{"exact": e[0], "respelled": r[0]} for e, r in zip(exact[:8], respelled[:8], strict=True)]
    print_table(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "search_quality.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))


def measure(search, seconds, articles, exact, respelled):
    return {
        "index_seconds": round(seconds, 1),
        "docs_per_second": round(len(articles) / seconds, 1),
        "exact": evaluate(search, exact),
        "respelled": evaluate(search, respelled),
    }


def print_table(report):
    print(f"{report['articles']} articles, {report['queries']} known-item queries of {WORDS_PER_QUERY} title words")
    print("re-spellings used:", ", ".join(f"{kind} {count}" for kind, count in report["respellings"].items()))
    print(f"{'engine':<8} {'queries':<10} {'MRR@10':>7} {'recall@10':>10} {'median ms':>10} {'p95 ms':>8} "
          f"{'index docs/s':>13}")
    for name, figures in report["analyzers"].items():
        for kind in ("exact", "respelled"):
            row = figures[kind]
            print(f"{name:<8} {kind:<10} {row['mrr@10']:>7.4f} {row['recall@10']:>10.4f} "
                  f"{row['query_ms_median']:>10.2f} {row['query_ms_p95']:>8.2f} {figures['docs_per_second']:>13.1f}")
    for example in report["examples"][:4]:
        print("  e.g.", example["exact"], "→", example["respelled"])


if __name__ == "__main__":
    main()
