"""A URL path converter for Unicode slugs.

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
