"""Tag aliases join the spelling-variant table, so searching any alias finds the others.

The curated table (``archive/arabic/data/variants.txt``) knows the press's
spellings in general; each tag adds its own (ترامب / ترمب, بوتين / بوتن).
The table is rebuilt in this process when a backend starts and whenever a
tag or an alias is saved; documents indexed before an alias existed carry
its old spelling until they are re-indexed (the signal processor does that
for the tag's own articles).
"""
from archive.arabic.variants import load_table, set_table


def tag_alias_groups():
    from archive.models import Tag

    return [
        [tag.name, *tag.alias_names]
        for tag in Tag.objects.prefetch_related("aliases")
        if tag.alias_names
    ]


def install_tag_aliases():
    set_table(load_table().extend(tag_alias_groups()))
