"""URL path converters: Unicode slugs, and two-digit months and days.

Django's ``<slug:>`` matches ASCII only; Arabic tag slugs need letters of any
script. Django decodes percent-encoding before matching, so a slug typed raw
in the address bar and its percent-encoded form reach the same view.
"""


class UnicodeSlugConverter:
    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class TwoDigitConverter:
    """Months and days: one or two digits in, two out (``/archive/2017/05/10/``)."""

    regex = "[0-9]{1,2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{value:02d}"
