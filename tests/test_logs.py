"""Issue 14: "40 server errors, 0 tracebacks in any log". Now a 500 writes its traceback, with the request's id."""
import io
import json
import logging

import pytest
from django.conf import settings
from django.utils.log import configure_logging

from archive.logs.config import LoggingSettingError, logging_config
from archive.logs.handlers import SharedRotatingFileHandler

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.failing_urls")]


@pytest.fixture
def failing_client(client):
    client.raise_request_exception = False
    return client


@pytest.fixture
def stderr_log():
    """What the settings' standard-error handler writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stderr")
    written = io.StringIO()
    saved = handler.setStream(written)
    yield written
    handler.setStream(saved)


@pytest.fixture
def logging_from(tmp_path):
    """Logging configured from a given environment, for one test; the settings' own afterwards."""
    def configure(**environ):
        logging.config.dictConfig(logging_config(tmp_path, environ))
    yield configure
    configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)


def test_a_forced_500_writes_its_traceback_and_request_id_to_standard_error(failing_client, stderr_log):
    response = failing_client.get("/fail/")
    assert response.status_code == 500
    request_id = response["X-Request-ID"]
    log = stderr_log.getvalue()
    assert f"ERROR [{request_id}] django.request: Internal Server Error: /fail/" in log
    assert "Traceback (most recent call last)" in log
    assert "RuntimeError: a failure forced by the logging test" in log


def test_every_response_has_its_own_request_id_and_a_proxys_sane_id_is_kept(client):
    first, second = client.get("/robots.txt")["X-Request-ID"], client.get("/robots.txt")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/robots.txt", HTTP_X_REQUEST_ID="proxy-1234abcd")["X-Request-ID"] == "proxy-1234abcd"
    forged = client.get("/robots.txt", HTTP_X_REQUEST_ID="x\n2024 ERROR forged line")["X-Request-ID"]
    assert "\n" not in forged and len(forged) == 32


def test_lines_outside_a_request_say_so(client, stderr_log):
    client.get("/robots.txt")
    logging.getLogger("archive").warning("after the request")
    assert "WARNING [-] archive: after the request" in stderr_log.getvalue()


def test_log_file_in_the_var_folder_gets_the_traceback_as_json(failing_client, logging_from, tmp_path):
    logging_from(LOG_FILE="1", LOG_FORMAT="json")
    response = failing_client.get("/fail/")
    lines = [json.loads(line) for line in (tmp_path / "logs" / "archive.log").read_text("utf-8").splitlines()]
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == response["X-Request-ID"]
    assert error["logger"] == "django.request"
    assert "RuntimeError: a failure forced by the logging test" in error["traceback"]


def test_log_level_hides_what_is_below_it(logging_from, tmp_path):
    logging_from(LOG_FILE=str(tmp_path / "a.log"), LOG_LEVEL="error")
    logging.getLogger("archive").warning("not written")
    logging.getLogger("archive").error("written")
    assert (tmp_path / "a.log").read_text("utf-8").count("archive:") == 1


@pytest.mark.parametrize("environ", [{"LOG_LEVEL": "loud"}, {"LOG_FORMAT": "xml"}, {"LOG_SYSLOG": "nowhere"}])
def test_a_misspelt_setting_is_refused(environ, tmp_path):
    with pytest.raises(LoggingSettingError):
        logging_config(tmp_path, environ)


def test_two_workers_rotating_one_file_lose_no_line(tmp_path):
    path = tmp_path / "shared.log"
    workers = [SharedRotatingFileHandler(str(path), max_bytes=2000, backup_count=100) for _ in range(2)]
    for handler in workers:
        handler.setFormatter(logging.Formatter("%(message)s"))
    for number in range(300):
        record = logging.LogRecord("archive", logging.INFO, __file__, 1, f"line {number:04d} " + "x" * 30, None, None)
        workers[number % 2].handle(record)
    for handler in workers:
        handler.close()
    # Oldest first: shared.log.7 … shared.log.1, shared.log.
    rotated = sorted(tmp_path.glob("shared.log.[0-9]*"), key=lambda file: int(file.suffix[1:]), reverse=True)
    files = [*rotated, path]
    written = [line for file in files for line in file.read_text().splitlines()]
    # Every line once, in the order written (the standard handler keeps them all
    # here too, but a worker goes on writing into the file another one rotated).
    assert written == [f"line {n:04d} " + "x" * 30 for n in range(300)]
    assert all(file.stat().st_size <= 2000 for file in files)
