"""The admin's counts in Arabic: a number agrees with its noun in six forms (archive/locale/ar)."""
from django import template
from django.utils.translation import ngettext

register = template.Library()

# Each model's count, as the admin's list writes it under the table («مقالان»، «11 مقالًا»).
COUNTS = {
    "archive.article": lambda n: ngettext("%(count)s article", "%(count)s articles", n),
    "archive.tag": lambda n: ngettext("%(count)s tag", "%(count)s tags", n),
    "archive.source": lambda n: ngettext("%(count)s source", "%(count)s sources", n),
}


@register.filter
def count_of(number, opts):
    """``cl.result_count|count_of:cl.opts``: "3 مقالات"; a model we have no forms for reads "المستخدمون: 3"."""
    counted = COUNTS.get(opts.label_lower)
    if counted:
        return counted(number) % {"count": number}
    return f"{opts.verbose_name_plural}: {number}"
