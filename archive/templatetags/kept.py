"""``{% kept LANGUAGE_CODE script_prefix site_name %}…{% endkept %}``: a part every page shares, rendered once
per worker for each set of the values it depends on, and kept.

``base.html`` keeps its head's links and its header so (they were a quarter
of a results page's template time). Django's ``{% cache %}`` kept them in a
cache backend: each page hashed the key, and the local-memory cache checked
it, locked, unpickled the fragment and moved it to the end of its order,
about 50 µs a fragment. Here the node itself holds what it rendered, by the
values named, in the worker's memory; nothing is kept with ``DEBUG`` on, so
an edited template shows at once.
"""
from django import template
from django.conf import settings

register = template.Library()
MAX_KEPT = 64  # renderings a node keeps: languages × script prefixes × site names; past it, it starts again


class KeptNode(template.Node):
    def __init__(self, nodelist, vary_on):
        self.nodelist, self.vary_on = nodelist, vary_on
        self.kept = {}

    def render(self, context):
        if settings.DEBUG:
            return self.nodelist.render(context)
        key = tuple(value.resolve(context) for value in self.vary_on)
        text = self.kept.get(key)
        if text is None:
            if len(self.kept) >= MAX_KEPT:
                self.kept.clear()
            text = self.kept[key] = self.nodelist.render(context)
        return text


@register.tag
def kept(parser, token):
    vary_on = [parser.compile_filter(name) for name in token.split_contents()[1:]]
    nodelist = parser.parse(("endkept",))
    parser.delete_first_token()
    return KeptNode(nodelist, vary_on)
