"""The Content-Security-Policy: everything from the archive's own origin, nothing inline.

The pages keep their scripts and styles in ``static/``. The one exception
is the layout of the plain error pages, ``templates/plain.html`` (500, 503,
429), which must render when nothing else can (no context, no static
files): its ``<style>`` is allowed by its hash, computed here from the
file, so editing it cannot break the policy.
"""
import base64
import hashlib
import re
from pathlib import Path

from csp.constants import NONE, SELF

INLINE_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


def inline_style_hashes(*templates):
    """CSP source expressions (``'sha256-…'``) for every ``<style>`` element of ``templates``."""
    hashes = []
    for template in templates:
        for style in INLINE_STYLE.findall(Path(template).read_text("utf-8")):
            digest = base64.b64encode(hashlib.sha256(style.encode("utf-8")).digest()).decode("ascii")
            hashes.append(f"'sha256-{digest}'")
    return hashes


def policy(style_hashes=(), upgrade_insecure_requests=False):
    directives = {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, *style_hashes],
        # An article's lead image may be named by URL on another site (archive/pages/images.py): images only, https.
        "img-src": [SELF, "data:", "https:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
    if upgrade_insecure_requests:
        directives["upgrade-insecure-requests"] = True
    return {"DIRECTIVES": directives}
