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
_installed = None  # the groups of the table installed last (install_tag_aliases, follow_tag_aliases)


def tag_alias_groups():
    """[name, *aliases] of each tag that has aliases, tags by name, aliases by name.

    Read in one query of the aliases with their tag's name: an import on
    PostgreSQL installs the aliases after every batch, and making every
    tag and alias a model instance took 6% of its time.
    """
    from archive.models import TagAlias

    groups, last = [], None
    for tag, name, alias in TagAlias.objects.order_by("tag__name", "tag_id", "name").values_list(
            "tag_id", "tag__name", "name"):
        if tag != last:
            groups.append([name])
            last = tag
        groups[-1].append(alias)
    return groups


def install_tag_aliases():
    global _installed_at
    follow_tag_aliases(tag_alias_groups(), again=True)
    _installed_at = time.monotonic()


def installed_tag_aliases():
    """The tag alias groups this process installed last (None: none): what :func:`follow_tag_aliases` takes."""
    return _installed


def follow_tag_aliases(groups, again=False):
    """Install the table of ``groups`` (:func:`tag_alias_groups`' of another process, an import's worker is
    given them), unless it is the one installed (``again``: even so)."""
    global _installed
    if again or groups != _installed:
        set_table(load_table().extend(groups))
        _installed = groups


def ensure_tag_aliases():
    """Install the aliases unless this process did so less than ``MAX_AGE`` seconds ago."""
    if _installed_at is None or time.monotonic() - _installed_at > MAX_AGE:
        install_tag_aliases()


def forget_tag_aliases():
    """Back to the curated table alone; the next search or index run reads the aliases again."""
    global _installed_at, _installed
    set_table(None)
    _installed_at = _installed = None
