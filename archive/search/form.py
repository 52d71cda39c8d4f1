"""The search form: reads the page's (and the API's) parameters into a ``SearchRequest``.

Nothing a reader sends is fatal. A malformed date, an unknown sort or a
page that is not a number becomes a note in Arabic, and the search runs
without it. So does a date the index cannot filter on (``?from=0001-01-01``):
it is refused here, so it never reaches the engine; one typed in the query
(10/5/0999) stays a word, and a note says so.
"""
from django import forms
from django.forms.forms import DeclarativeFieldsMetaclass
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from archive.models import Tag
from archive.search.archive_search import SORTS, TAG_KINDS, SearchRequest
from archive.search.date_words import FIRST_DAY, LAST_DAY, filterable, unfilterable_day

MAX_VALUES = 20  # filters of one kind
MAX_VALUE_LENGTH = 200
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


class ValueListField(forms.Field):
    """A repeatable parameter (``?person=a&person=b``): blanks dropped, oversized values cut.

    NUL characters are dropped too: PostgreSQL refuses them in a query.
    """

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = [str(item).replace("\x00", "").strip()[:MAX_VALUE_LENGTH] for item in (value or [])]
        return list(dict.fromkeys(item for item in values if item))[:MAX_VALUES]


class SearchDateField(forms.DateField):
    """A day the search can filter on; another one is an error of its own (``out_of_range``)."""

    widget = forms.DateInput(attrs={"type": "date"})

    def validate(self, value):
        super().validate(value)
        if value is not None and not filterable(value):
            raise forms.ValidationError(_("خارج المدى"), code="out_of_range")


#: A repeatable slug field per tag kind (``person``, ``place`` …), labelled with the kind's plural: one per Tag.Kind.
TagFilterFields = DeclarativeFieldsMetaclass(
    "TagFilterFields", (forms.Form,),
    {"__module__": __name__, **{kind.value: ValueListField(required=False, label=kind.plural) for kind in Tag.Kind}},
)


class SharedFields(dict):
    """A form class's fields, used as they are by every form of the class, not deep-copied for each.

    Django deep-copies a form's fields, their widgets and choices for every
    form it makes, so that one form may change its own: for the nine fields
    here, about 0.4 ms of a search page's CPU (4.8 ms outside the search
    itself). No search form changes a field.
    """

    def __deepcopy__(self, memo):
        return dict(self)


class SearchForm(TagFilterFields):
    q = forms.CharField(required=False, label=_("ابحث في الأرشيف"), strip=True)
    source = ValueListField(required=False, label=_("المصادر"))
    date_from = SearchDateField(required=False, label=_("من تاريخ"))
    date_to = SearchDateField(required=False, label=_("إلى تاريخ"))
    sort = forms.ChoiceField(
        required=False, label=_("الترتيب"),
        choices=[("relevance", _("الأكثر صلة")), ("newest", _("الأحدث أولًا")), ("oldest", _("الأقدم أولًا"))],
    )

    field_order = ["q"]  # then the tag kinds, as TagFilterFields lists them
    FIELD_NAMES = {"date_from": "from", "date_to": "to"}

    def add_prefix(self, field_name):
        """``from`` and ``to`` are Python keywords, so the fields carry other names."""
        return self.FIELD_NAMES.get(field_name, field_name)

    def to_request(self, page=None, page_size=None):
        """The request to search with, and the notes on what had to be ignored."""
        self.is_valid()
        notes = [self._note(name) for name in self.errors]
        notes += self.day_note(self.cleaned_data.get("q") or "")
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        request = SearchRequest(
            q=data.get("q") or "",
            **{kind: data.get(kind) or [] for kind in (*TAG_KINDS, "source")},
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            sort=data.get("sort") if data.get("sort") in SORTS else "relevance",
            page=to_int(page, 1),
            page_size=min(to_int(page_size, DEFAULT_PAGE_SIZE), MAX_PAGE_SIZE),
        )
        return request, notes

    @staticmethod
    def day_note(query):
        """A day typed in the query that no search can filter on stays words (``date_words``); say why."""
        day = unfilterable_day(query)
        if day is None:
            return []
        return [gettext("«%(day)s» ليس من التواريخ التي يبحث فيها الأرشيف (من %(first)s إلى %(last)s)، "
                        "فبُحث عنه كلماتٍ لا تاريخًا.") % {"day": day, "first": FIRST_DAY.year, "last": LAST_DAY.year}]

    def _note(self, name):
        value = self.data.get(self.add_prefix(name), "")
        said = {"value": value[:40], "label": self.fields[name].label or name,
                "first": FIRST_DAY.year, "last": LAST_DAY.year}
        if self.has_error(name, "out_of_range"):
            return gettext("«%(value)s» خارج التواريخ التي يبحث فيها الأرشيف في حقل «%(label)s» "
                           "(من %(first)s إلى %(last)s)؛ أُهمل هذا الحقل.") % said
        if name in {"date_from", "date_to"}:
            return gettext("«%(value)s» ليس تاريخًا صحيحًا في حقل «%(label)s»؛ اكتبه على صورة 2017-05-10. "
                           "أُهمل هذا الحقل.") % said
        return gettext("قيمة غير مفهومة في حقل «%(label)s»؛ أُهملت.") % said


SearchForm.base_fields = SharedFields(SearchForm.base_fields)


def to_int(value, default):
    """A page number or size from a query string; anything else gives ``default``."""
    try:
        number = int(str(value).strip()[:9])
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default
