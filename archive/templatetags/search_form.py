"""The search page's own form, ``{% search_form request_data filter_params %}``, written in Python.

As a template the form was about thirty nodes (labels, translated
placeholders, the sort's options, a hidden input per filter), a tenth of a
results page's template time, and all but five values are the same on every
page in one language. Here those parts are made once per language and
script prefix (``_fixed_parts``), and each page puts in its query, dates,
sort and filters, escaped with the standard library's ``html.escape`` (what
Django's ``escape`` calls): the same markup the template wrote. The
template's ``{% translate "…" %}`` wrote its translation unescaped (Django
trusts a template's own text and its catalogue's translation), and so does
this, but for the two that are attributes' values: the English placeholder
holds quotation marks, and unescaped it ended the attribute (the box showed
"words, ").
"""
from functools import lru_cache
from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_bidi, gettext

from archive.pages.paths import link_place, route_path
from archive.search.form import SearchForm

register = template.Library()


@register.simple_tag
def search_form(request_data, filter_params):
    """``request_data``: the ``SearchRequest`` the form read; ``filter_params``: (parameter, [values]) of the
    filters in force, each value kept in a hidden input so that a new query keeps them."""
    fixed = _fixed_parts(get_language(), link_place())
    options = "".join(f'<option value="{shown}"{" selected" if value == request_data.sort else ""}>{label}</option>'
                      for value, shown, label in fixed.sort_choices)
    hidden = "".join(f'<input type="hidden" name="{escape(kind)}" value="{escape(value)}">'
                     for kind, values in filter_params for value in values)
    day_from, day_to = (day.isoformat() if day else "" for day in (request_data.date_from, request_data.date_to))
    return mark_safe(f"{fixed.before_query}{escape(request_data.q)}{fixed.before_from}{day_from}{fixed.before_to}"
                     f"{day_to}{fixed.before_options}{options}{fixed.before_filters}{hidden}{fixed.after_filters}")


class FixedParts:
    """The form's markup around its values, in one language under one script prefix."""

    def __init__(self):
        fields = SearchForm.base_fields
        label = {name: escape(str(field.label)) for name, field in fields.items()}
        direction = "" if get_language_bidi() else ' dir="auto"'  # an English page: the query may be Arabic
        self.sort_choices = [(value, escape(value), escape(str(text))) for value, text in fields["sort"].choices]
        self.before_query = (
            f'<h1 class="page-title">{gettext("البحث في الأرشيف")}</h1>\n'
            f'<form class="search-form" role="search" method="get" action="{escape(route_path("archive:search"))}">\n'
            '  <div class="field field-q">\n'
            f'    <label for="id_q">{label["q"]}</label>\n'
            '    <div class="combo">\n'
            f'      <input id="id_q" name="q" type="search"{direction} value="'
        )
        self.before_from = (
            '" autocomplete="off" role="combobox"\n'
            '             aria-expanded="false" aria-autocomplete="list" aria-controls="id_q-suggestions"\n'
            f'             data-suggest-url="{escape(route_path("archive:suggest"))}" '
            f'placeholder="{escape(gettext("كلمات، «عبارة بين علامتي تنصيص»، أو، -استبعاد"))}">\n'
            '      <ul id="id_q-suggestions" class="suggestions" role="listbox" '
            f'aria-label="{escape(gettext("اقتراحات"))}" hidden></ul>\n'
            "    </div>\n"
            "  </div>\n"
            f'  <div class="field"><label for="id_from">{label["date_from"]}</label>\n'
            '    <input id="id_from" name="from" type="date" value="'
        )
        self.before_to = (
            '"></div>\n'
            f'  <div class="field"><label for="id_to">{label["date_to"]}</label>\n'
            '    <input id="id_to" name="to" type="date" value="'
        )
        self.before_options = (
            '"></div>\n'
            f'  <div class="field"><label for="id_sort">{label["sort"]}</label>\n'
            '    <select id="id_sort" name="sort">\n'
            "      "
        )
        self.before_filters = "\n    </select></div>\n  "
        self.after_filters = f'\n  <button type="submit">{gettext("بحث")}</button>\n</form>'


@lru_cache(maxsize=64)
def _fixed_parts(language, place):
    """``FixedParts`` for ``language`` (the active one) under ``place`` (``paths.link_place()``)."""
    return FixedParts()
