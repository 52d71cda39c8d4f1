"""PostgreSQL: ``pg_dump`` in its custom format, ``pg_restore`` back.

The client programs come with Debian's ``postgresql-client`` package; they
are found on ``PATH`` (or ``PG_BIN``, a folder, for another version). The
connection is the archive's own (``DATABASE_URL``), passed in the
environment, never on a command line where ``ps`` would show the password.
"""
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import BackupError

MAGIC = b"PGDMP"

# libpq's environment variables for the parts of Django's settings that have one.
OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE", "service": "PGSERVICE", "target_session_attrs": "PGTARGETSESSIONATTRS",
}


def client_environment(settings):
    env = dict(os.environ)
    for variable, value in (("PGHOST", settings.get("HOST")), ("PGPORT", settings.get("PORT")),
                            ("PGUSER", settings.get("USER")), ("PGPASSWORD", settings.get("PASSWORD")),
                            ("PGDATABASE", settings.get("NAME"))):
        if value:
            env[variable] = str(value)
    for option, variable in OPTION_VARIABLES.items():
        if settings.get("OPTIONS", {}).get(option):
            env[variable] = str(settings["OPTIONS"][option])
    return env


def program(name):
    folder = os.environ.get("PG_BIN")
    found = str(Path(folder) / name) if folder else shutil.which(name)
    if not found or not os.access(found, os.X_OK):
        raise BackupError(f"{name} is not installed: install Debian's postgresql-client "
                          f"(apt-get install postgresql-client), or set PG_BIN to the folder that has it.")
    return found


def run(command, settings):
    result = subprocess.run(command, env=client_environment(settings), capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


def backup(connection, path):
    run([program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
        connection.settings_dict)


# A backup's table of contents: the lines of extensions and their comments ("EXTENSION - rum", "COMMENT -
# EXTENSION rum"), after the entry's "id; oid oid".
EXTENSION_ENTRY = re.compile(r"^\d+; \d+ \d+ (COMMENT - )?EXTENSION ")


def restore(connection, path):
    """Put the backup at ``path`` in place of the database's tables, leaving its extensions as they are.

    An extension (``rum``, for the optional positions index) is a superuser's
    setup of the database, owned by them: the archive's own role may neither
    drop it (``--clean``) nor comment on it, and the restore stopped there.
    Its entries are left out of the restore's list; the tables and indexes
    that use it are restored as usual, into a database that has it.
    """
    # Our own connections let go first: the restore drops and recreates every table.
    connection.close()
    settings = connection.settings_dict
    listed = run([program("pg_restore"), "--list", str(path)], settings)
    with tempfile.NamedTemporaryFile("w", suffix=".list") as contents:
        contents.write("\n".join(line for line in listed.splitlines() if not EXTENSION_ENTRY.match(line)))
        contents.flush()
        run([program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", f"--use-list={contents.name}",
             f"--dbname={settings['NAME']}", str(path)], settings)
