"""Argument types the archive's management commands share."""
import datetime

from django.core.management.base import CommandError


def iso_day(text):
    """A ``--from``/``--to`` day as typed on the command line; anything else stops the command, saying the format."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"Not a date: {text!r}; write it as YYYY-MM-DD, e.g. 2017-05-10") from None
