"""The Content-Security-Policy header (the policy: :mod:`archive.security.csp`) on every response, built once."""
from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings


class PolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, the site's policy written once per process instead of for every response.

    django-csp builds the header from the settings on every response, and
    the report-only one too: about 80 µs, a fifth of a ``/robots.txt``,
    though the site's policy is the same on every response. A response that
    asks for another (a view's ``csp_exempt``, ``csp_update``,
    ``csp_replace`` or ``csp_override``: each leaves a ``_csp…`` attribute
    on it), a request that used its nonce, a report-only policy, excluded
    paths and ``DEBUG``'s error pages go through django-csp's own
    ``process_response``.
    """

    def process_response(self, request, response):
        header = _site_header()
        if (header is None or settings.DEBUG or getattr(request, "_csp_nonce", None) is not None
                or any(name.startswith("_csp") for name in vars(response))):
            return super().process_response(request, response)
        response.headers.setdefault(HEADER, header)
        # As django-csp does: a nonce asked for after the header is written would be in no policy.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


_built = (None, None)  # (CONTENT_SECURITY_POLICY, its header): a setting overridden (tests) is built anew


def _site_header():
    """The header django-csp writes for a response that asks for nothing of its own; None when responses may
    differ (a report-only policy, excluded paths, no policy)."""
    policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
    report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
    if not policy or policy.get("EXCLUDE_URL_PREFIXES") or report_only:
        return None
    global _built
    if _built[0] is not policy:
        _built = (policy, build_policy())
    return _built[1]
