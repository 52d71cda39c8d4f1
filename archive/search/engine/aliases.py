"""Tag aliases join the spelling-variant table, so searching any alias finds the others.

The curated table (``archive/arabic/data/variants.txt``) knows the press's
spellings in general; each tag adds its own (ترامب / ترمب, بوتين / بوتن).
The table is built when the process first searches or indexes, rebuilt
whenever a tag or alias is saved here (the signal processor), and at most
``MAX_AGE`` seconds old otherwise, which picks up other processes' edits.
Documents indexed before an alias existed carry its old spelling until
they are re-indexed (the signal processor does that for the tag's own
articles).
"""
import time

from archive.arabic.variants import load_table, set_table

MAX_AGE = 300
_installed_at = None


def tag_alias_groups():
    from archive.models import Tag

    return [
        [tag.name, *tag.alias_names]
        for tag in Tag.objects.prefetch_related("aliases")
        if tag.alias_names
    ]


def install_tag_aliases():
    global _installed_at
    set_table(load_table().extend(tag_alias_groups()))
    _installed_at = time.monotonic()


def ensure_tag_aliases():
    """Install the aliases unless this process did so less than ``MAX_AGE`` seconds ago."""
    if _installed_at is None or time.monotonic() - _installed_at > MAX_AGE:
        install_tag_aliases()


def forget_tag_aliases():
    """Back to the curated table alone; the next search or index run reads the aliases again."""
    global _installed_at
    set_table(None)
    _installed_at = None
