"""Why a ``SECRET_KEY`` is too weak to sign sessions and CSRF tokens in production, if it is.

The same thresholds as Django's ``check --deploy`` (security.W009): a key
it would warn about never starts the site with ``DEBUG`` off.
"""
MIN_LENGTH = 50
MIN_DISTINCT = 5
GENERATED_INSECURE_PREFIX = "django-insecure-"


def weakness(key):
    if len(key) < MIN_LENGTH:
        return f"it has {len(key)} characters; it needs at least {MIN_LENGTH}"
    if len(set(key)) < MIN_DISTINCT:
        return f"it has {len(set(key))} different characters; it needs at least {MIN_DISTINCT}"
    if key.startswith(GENERATED_INSECURE_PREFIX):
        return f"it starts with {GENERATED_INSECURE_PREFIX!r}, Django's mark of a key made for development"
    return None
