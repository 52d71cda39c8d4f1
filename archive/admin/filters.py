"""An admin list filter for a related field with thousands of values: one autocomplete box, not a list.

Django's ``RelatedFieldListFilter`` links every tag in the sidebar (495 tags
made a page 11,499 pixels long). ``AutocompleteFilter`` shows the admin's
own select2 autocomplete instead, fed by the same ``/admin/autocomplete/``
view as the change form's tag picker: the related admin's ``search_fields``
(aliases included for tags) and the field's ``limit_choices_to`` (a
dateline is a place). Picking a value reloads the list with the same query
parameter Django's own filter uses (``tags__id__exact=7``), so links and
bookmarks keep working; clearing the box removes it.

Use it as ``list_filter = [("tags", AutocompleteFilter)]``, and add
``filter_media()`` to the admin's media (``ArticleAdmin.media``).
"""
from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect


class AutocompleteFilter(admin.FieldListFilter):
    template = "admin/archive/autocomplete_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.lookup_kwarg = f"{field_path}__{field.target_field.name}__exact"
        values = params.get(self.lookup_kwarg) or []
        self.lookup_val = values[-1] if isinstance(values, list) and values else (values or None)
        super().__init__(field, request, params, model, model_admin, field_path)
        self.model_admin = model_admin

    def expected_parameters(self):
        return [self.lookup_kwarg]

    def choices(self, changelist):
        """Only "all" as a link (to clear the filter); the values are the autocomplete's (``box``)."""
        self.box = self._box(changelist)  # the template reads it; Django calls choices() just before
        yield {
            "selected": self.lookup_val is None,
            "query_string": changelist.get_query_string(remove=[self.lookup_kwarg]),
            "display": "الكل",
        }

    def _box(self, changelist):
        """The autocomplete select, its value the current filter, and the list's query without it."""
        remote = self.field.remote_field.model
        widget = AutocompleteSelect(self.field, self.model_admin.admin_site, attrs={
            "class": "archive-autocomplete-filter",
            "id": f"filter_{self.field_path}",
            "aria-label": f"حسب {self.title}",
            # Not data-query: select2 reads every data- attribute as an option, and "query" is one of its own.
            "data-filter-query": changelist.get_query_string(remove=[self.lookup_kwarg, "p"]),
        })
        field = forms.ModelChoiceField(remote._default_manager.all(), required=False, widget=widget)
        form = forms.Form(initial={self.lookup_kwarg: self.lookup_val})
        form.fields[self.lookup_kwarg] = field
        return form[self.lookup_kwarg]


def filter_media():
    """The scripts and styles of the autocomplete boxes (select2, Django's autocomplete.js) and ours."""
    return AutocompleteSelect(None, None).media + forms.Media(
        # Named after what it needs, so the merged media load it last.
        js=["admin/js/jquery.init.js", "admin/js/autocomplete.js", "archive/admin/autocomplete_filter.js"],
        css={"screen": ["archive/admin/admin.css"]})
