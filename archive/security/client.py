"""Which client a request comes from, for rate limits, fair shares and the login lockout.

Behind reverse proxies every request arrives from a proxy's address, so
per-client limits would count the whole world as one client. Each proxy
appends the address it received the request from to ``X-Forwarded-For``;
with ``TRUSTED_PROXY_COUNT`` proxies in front of the site, the client is
the entry that many places from the right. Entries further left were
written by the client itself and could be anything, so they are never
read. With no proxy declared (the default) the header is ignored.
"""
from django.conf import settings


def client_address(request):
    """The address of the client that sent ``request``: REMOTE_ADDR, or the proxies' record of it."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
