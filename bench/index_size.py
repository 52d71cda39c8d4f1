"""What a Whoosh index on disk is made of: each segment part's size, and the postings per field.

    python bench/index_size.py [INDEX_DIR]   # default: the index of ARCHIVE_VAR_DIR (var/whoosh_index)

Whoosh packs a segment's files into one compound ``.seg`` file; this lists
the parts inside it by kind (``.trm`` term dictionaries, ``.pst``
postings, ``.col`` columns such as the field lengths and facet values,
``.vps`` vectors, the rest) and splits the postings by field, and each
field's postings into the parts of a block (document ids, weights, values:
the values of a field with positions are its positions), measured after
zlib as Whoosh writes them. It reads the index only.
"""
import os
import pickle
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the schema pickled in the index names the project's analyzer
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archive.settings")
os.environ.setdefault("DEBUG", "1")
import django  # noqa: E402

django.setup()

from whoosh.codec.whoosh3 import W3LeafMatcher  # noqa: E402
from whoosh.filedb.compound import CompoundStorage  # noqa: E402
from whoosh.filedb.filestore import FileStorage  # noqa: E402

MB = 1024 * 1024


def part_kind(name):
    if name.endswith(".col"):
        return "columns (.col)"
    return os.path.splitext(name)[1] or name


def segment_parts(folder):
    """{kind: bytes} of every segment's parts, and {field: Counter of posting bytes}."""
    storage = FileStorage(str(folder))
    index = storage.open_index()
    kinds, fields = Counter(), defaultdict(Counter)
    for path in sorted(Path(folder).glob("*.seg")):
        compound = CompoundStorage(storage.open_file(path.name))
        for name, entry in compound._dir.items():
            kinds[part_kind(name)] += entry["length"]
        compound.close()
    with index.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            _count_postings(leaf, fields)
    return kinds, fields


def _count_postings(reader, fields):
    """Bytes of each field's posting blocks, split as the block holds them (each part compressed alone)."""
    for fieldname, text in reader.all_terms():
        counted = fields[fieldname]
        counted["terms"] += 1
        matcher = reader.postings(fieldname, text)
        matcher = getattr(matcher, "child", matcher)
        if not isinstance(matcher, W3LeafMatcher):
            counted["inline terms"] += 1
            continue
        _, length = reader.term_info(fieldname, text).extent()
        length = length[0] if isinstance(length, tuple) else length  # Whoosh reads it back as a 1-tuple
        counted["postings"] += length
        if counted["terms"] % 20 and counted["terms"] > 2000:
            continue  # one term in twenty past the first 2,000: the split below is a sample
        counted["sampled"] += length
        while matcher.is_active():
            matcher._read_data()
            ids, weights, values = matcher._data
            counted["blocks"] += 1
            counted["ids"] += len(zlib.compress(pickle.dumps(ids, 2), 3))
            counted["weights"] += len(zlib.compress(pickle.dumps(weights, 2), 3))
            counted["values"] += len(zlib.compress(pickle.dumps(values, 2), 3))
            matcher._next_block()


def main():
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else \
        Path(os.environ.get("ARCHIVE_VAR_DIR", ROOT / "var")) / "whoosh_index"
    folder = folder.resolve()
    kinds, fields = segment_parts(folder)
    total = sum(kinds.values())
    print(f"{folder}: {total / MB:.1f} MB in {len(list(folder.glob('*.seg')))} segments")
    for kind, size in kinds.most_common():
        print(f"  {kind:<16}{size / MB:>9.1f} MB")
    print("postings per field (ids / weights / values: their share of a sample of blocks, each part zlib'd alone)")
    for name, counted in sorted(fields.items(), key=lambda item: -item[1]["postings"]):
        parts = counted["ids"] + counted["weights"] + counted["values"]
        split = " / ".join(f"{100 * counted[key] / parts:.0f}%" for key in ("ids", "weights", "values")) \
            if parts else "-"
        print(f"  {name:<12}{counted['postings'] / MB:>9.1f} MB  {counted['terms']:>9,} terms"
              f" ({counted['inline terms']:,} inline)  {split}"
              f"  {counted['blocks']:,} blocks sampled of {counted['sampled'] / MB:.1f} MB")


if __name__ == "__main__":
    main()
