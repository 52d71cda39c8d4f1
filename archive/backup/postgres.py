"""PostgreSQL: ``pg_dump`` in its custom format, ``pg_restore`` back.

The client programs come with Debian's ``postgresql-client`` package; they
are found on ``PATH`` (or ``PG_BIN``, a folder, for another version). The
connection is the archive's own (``DATABASE_URL``), passed in the
environment, never on a command line where ``ps`` would show the password.
"""
import os
import shutil
import subprocess
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


def backup(connection, path):
    run([program("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={path}"],
        connection.settings_dict)


def restore(connection, path):
    # Our own connections let go first: the restore drops and recreates every table.
    connection.close()
    run([program("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
         "--single-transaction", "--exit-on-error", f"--dbname={connection.settings_dict['NAME']}", str(path)],
        connection.settings_dict)
