"""Backups that restore the same archive: every row as it was, ids and times included.

One backup file per database engine, in that engine's own format: a SQLite
database written with SQLite's online backup API (:mod:`.sqlite`), or a
``pg_dump`` archive in its custom format (:mod:`.postgres`). Either holds the
whole database: articles with their ids, slugs and created/updated times,
tags and aliases, sources, users, the admin's history. The search index is
not in it: a restore rebuilds it from the restored articles.
"""
import os
import tempfile
from pathlib import Path

from django.db import connections

from . import postgres, sqlite
from .errors import BackupError

__all__ = ["BackupError", "backup", "restore", "format_of"]

ENGINES = {"sqlite": sqlite, "postgresql": postgres}
FORMAT_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL (pg_dump)"}


def engine_of(alias="default"):
    vendor = connections[alias].vendor
    if vendor not in ENGINES:
        raise BackupError(f"backups know SQLite and PostgreSQL; this database is {vendor}.")
    return vendor


def format_of(path):
    """Which engine wrote the backup at ``path`` (from its first bytes), or None."""
    with open(path, "rb") as file:
        head = file.read(16)
    for vendor, module in ENGINES.items():
        if head.startswith(module.MAGIC):
            return vendor
    return None


def backup(path, alias="default"):
    """Write the whole database to ``path`` (atomically: a file there is either the old one or the new one)."""
    write = ENGINES[engine_of(alias)].backup
    path = Path(path)
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent} is not a folder: make it first, or name a file in an existing one.")
    fd, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    os.close(fd)
    try:
        write(connections[alias], partial)
        os.replace(partial, path)
    finally:
        Path(partial).unlink(missing_ok=True)


def restore(path, alias="default"):
    """Put the database back as the backup at ``path`` holds it; refuses a file of another kind."""
    vendor = engine_of(alias)
    if not Path(path).is_file():
        raise BackupError(f"{path}: no such file.")
    found = format_of(path)
    if found is None:
        raise BackupError(f"{path} is not a backup made by `manage.py backup` (neither SQLite nor pg_dump's format).")
    if found != vendor:
        raise BackupError(
            f"{path} is a {FORMAT_NAMES[found]} backup, but this archive's database is {FORMAT_NAMES[vendor]}: "
            f"restore it into an archive on the same engine (DATABASE_URL).")
    ENGINES[vendor].restore(connections[alias], path)
