"""``LOGGING`` from the environment.

Errors with their tracebacks always go to standard error, which gunicorn (or
systemd, or a container runtime) keeps. Optionally also to a rotated file,
to syslog, and as JSON lines for a log collector. Every line carries the
request's id.

| variable | meaning |
| --- | --- |
| ``LOG_LEVEL`` | ``DEBUG``, ``INFO`` (default), ``WARNING``, ``ERROR`` |
| ``LOG_FILE`` | ``1`` for ``$ARCHIVE_VAR_DIR/logs/archive.log``, or a path |
| ``LOG_FILE_MAX_MB``, ``LOG_FILE_BACKUPS`` | rotation: 10 MB, 5 old files |
| ``LOG_FORMAT`` | ``text`` (default) or ``json`` (one object a line) |
| ``LOG_SYSLOG`` | ``/dev/log``, or ``host:port`` (UDP) of a syslog server |
"""
import os
from pathlib import Path

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
YES, NO = {"1", "true", "yes", "on"}, {"", "0", "false", "no", "off"}
TEXT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"


class LoggingSettingError(ValueError):
    pass


def logging_config(var_dir, environ=os.environ):
    level = environ.get("LOG_LEVEL", "INFO").strip().upper() or "INFO"
    if level not in LEVELS:
        raise LoggingSettingError(f"LOG_LEVEL={level!r}: use one of {', '.join(LEVELS)}.")
    formatter = environ.get("LOG_FORMAT", "text").strip().lower() or "text"
    if formatter not in {"text", "json"}:
        raise LoggingSettingError(f"LOG_FORMAT={formatter!r}: use text or json.")
    common = {"formatter": formatter, "filters": ["request_id"]}
    handlers = {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", **common}}
    log_file = file_path(environ.get("LOG_FILE", ""), var_dir)
    if log_file:
        handlers["file"] = {
            "()": "archive.logs.handlers.SharedRotatingFileHandler", "filename": str(log_file),
            "max_bytes": int(float(environ.get("LOG_FILE_MAX_MB", "10")) * 1024 * 1024),
            "backup_count": int(environ.get("LOG_FILE_BACKUPS", "5")), **common,
        }
    syslog = environ.get("LOG_SYSLOG", "").strip()
    if syslog:
        handlers["syslog"] = {"class": "logging.handlers.SysLogHandler", "address": syslog_address(syslog), **common}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "archive.logs.request_id.RequestIdFilter"}},
        "formatters": {
            "text": {"format": TEXT},
            "json": {"()": "archive.logs.json_format.JsonFormatter"},
        },
        "handlers": handlers,
        "root": {"level": level, "handlers": list(handlers)},
        # Django's own handlers print only with DEBUG on and mail nobody: its
        # records go to the root's handlers instead, once.
        "loggers": {"django": {"level": level, "handlers": [], "propagate": True}},
    }


def file_path(value, var_dir):
    value = value.strip()
    if value.lower() in NO:
        return None
    if value.lower() in YES:
        return Path(var_dir) / "logs" / "archive.log"
    return Path(value)


def syslog_address(value):
    if value.startswith("/"):
        return value
    host, _, port = value.rpartition(":")
    if not host or not port.isdecimal():
        raise LoggingSettingError(f"LOG_SYSLOG={value!r}: use /dev/log or host:port.")
    return [host, int(port)]
