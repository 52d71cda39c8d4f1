"""SQLite: the online backup API, both ways.

``Connection.backup`` copies the database page by page as one consistent
snapshot while other processes keep reading and writing. Restoring runs the
same copy the other way, into the live file, so the web server's open
connections see the restored archive at their next query; nothing is
deleted or renamed under them.
"""
import sqlite3
from pathlib import Path

from .errors import BackupError

MAGIC = b"SQLite format 3\x00"
# What makes a SQLite file this archive's database rather than any SQLite file.
REQUIRED_TABLES = {"django_migrations", "archive_article", "auth_user"}


def backup(connection, path):
    connection.ensure_connection()
    target = sqlite3.connect(path)
    try:
        connection.connection.backup(target)
    finally:
        target.close()


def restore(connection, path):
    source = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True)
    try:
        problem = check(source)
        if problem:
            raise BackupError(f"{path}: {problem}")
        connection.close()
        target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


def check(source):
    """Why ``source`` cannot be restored (damaged, or not this archive's), or None."""
    try:
        verdict = source.execute("PRAGMA quick_check").fetchone()[0]
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as error:
        return f"not a readable SQLite database ({error})."
    if verdict != "ok":
        return f"the backup is damaged ({verdict})."
    missing = REQUIRED_TABLES - tables
    if missing:
        return f"a SQLite database, but not this archive's (no {', '.join(sorted(missing))} table)."
    return None
