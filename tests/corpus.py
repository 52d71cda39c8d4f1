"""The shared corpus of Arabic news (``../shared/corpus``, see its README), of which tests read a slice.

It stands beside the project, not in it: where it is missing, a test that
reads it is skipped, saying where it looked (CI has it).
"""
import itertools
import json
import lzma
from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ant-2018.jsonl.xz"


def corpus_articles(limit):
    """The corpus's first ``limit`` articles, each a dict (``title``, ``body``, ``source``, ``category``…)."""
    if not CORPUS.exists():
        pytest.skip(f"the corpus is not at {CORPUS}; it is read from ../shared/corpus/")
    with lzma.open(CORPUS, "rt", encoding="utf-8") as lines:
        return [json.loads(line) for line in itertools.islice(lines, limit)]
