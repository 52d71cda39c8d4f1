"""Content fingerprints for duplicate detection of articles.

Two copies of the same article often differ only in diacritics, hamza
spelling, tatweel, invisible marks or whitespace. Hashing the normalized,
whitespace-collapsed text makes those copies share one fingerprint, which
``Article`` keeps in its unique ``fingerprint`` column.
"""

import hashlib

from .normalize import normalize

__all__ = ["text_fingerprint"]

_PART_SEPARATOR = "\x1f"  # ASCII unit separator: never survives collapsing


def text_fingerprint(*parts: str) -> str:
    """Return the sha256 hex digest of the normalized, collapsed ``parts``.

    Each part (title, body, ...) is normalized and its whitespace collapsed;
    parts are joined with a separator that cannot occur inside a part, so
    ``("a b", "c")`` and ``("a", "b c")`` differ. ``None`` counts as "".
    """
    cleaned = (" ".join(normalize(part or "").split()) for part in parts)
    return hashlib.sha256(_PART_SEPARATOR.join(cleaned).encode("utf-8")).hexdigest()
