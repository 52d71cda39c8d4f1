"""Unicode slugs that stay unique.

Arabic names make Arabic slugs (``slugify(allow_unicode=True)``), and two
names can slug alike (``سورية`` the place and ``سورية`` the topic, or names
that differ only in punctuation); the second gets a numbered suffix instead
of a database error.
"""
from django.utils.text import slugify

FALLBACK_SLUG = "وسم"


def base_slug(name, max_length):
    return (slugify(name, allow_unicode=True) or FALLBACK_SLUG)[:max_length].strip("-")


def unique_slug(model, name, max_length, exclude_pk=None):
    """The first of ``slug``, ``slug-2``, ``slug-3`` … no other row of ``model`` holds."""
    stem = base_slug(name, max_length)
    taken = model.objects.filter(slug__startswith=stem)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return first_free(stem, max_length, set(taken.values_list("slug", flat=True)))


def free_slug(name, max_length, taken):
    """:func:`unique_slug` with the slugs ``taken`` known (a set of them): an import that makes many tags."""
    return first_free(base_slug(name, max_length), max_length, taken)


def first_free(stem, max_length, taken):
    """The first of ``stem``, ``stem-2``, ``stem-3`` … not in ``taken``."""
    candidate, number = stem, 1
    while candidate in taken:
        number += 1
        suffix = f"-{number}"
        candidate = stem[: max_length - len(suffix)] + suffix
    return candidate
