"""The archive served as ``make serve`` serves it, for bench/speed.py: gunicorn, HTTP fetches, wrk, worker memory.

Gunicorn runs from this checkout's venv on a free loopback port with DEBUG
off and a throwaway SECRET_KEY, on the bench's private copy of the archive
(``ARCHIVE_VAR_DIR``), after ``collectstatic`` as ``make serve`` does. Only
127.0.0.1 is ever contacted; every loop is bounded by a count or a time.
"""
import contextlib
import http.client
import json
import os
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STARTUP_SECONDS = 90
READY = b"Ready to serve: worker"  # archive.serving.warm_up.READY

# Each wrk thread walks its own stride of the URL list, so no URL is asked twice
# until the list is used up; done() prints one JSON line for the bench to read.
WRK_SCRIPT = """
local threads, paths, stride, next_index = 0, {}, 1, 0
function setup(thread) thread:set("first", threads); threads = threads + 1 end
function init(args)
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  stride, next_index = tonumber(args[2]), first
end
function request()
  local path = paths[next_index % #paths + 1]
  next_index = next_index + stride
  return wrk.format("GET", path)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('{"requests": %d, "seconds": %.3f, "p50_ms": %.1f, "p99_ms": %.1f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def server_env(work, **extra):
    """The environment ``make serve`` gives the archive, pointed at the bench's copy in ``work``."""
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "SEARCH_INDEX_PATH")}
    # The bench's connections stand for many readers but all come from 127.0.0.1: with the default of one
    # request at a time per client address (archive/serving/fair_share.py), wrk and the RSS part got 429s only.
    env.update(ARCHIVE_VAR_DIR=str(work), DEBUG="0", SECRET_KEY=f"bench-{secrets.token_urlsafe(40)}",
               ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_SETTINGS_MODULE="archive.settings",
               CLIENT_CONCURRENT_REQUESTS="64", LOG_LEVEL="INFO")  # INFO: the workers' "ready" lines
    env.update(extra)
    return env


def manage(work, *args, **extra_env):
    """Run ``manage.py args`` on the copy; on failure show its output and stop the bench."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=server_env(work, **extra_env),
                          capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed ({done.returncode}):\n{done.stdout[-3000:]}{done.stderr[-3000:]}")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def gunicorn(work, workers, **extra_env):
    """A fresh gunicorn (so every cache starts cold); yields (port, master pid) once it answers.

    No control socket: gunicorn's default path is one per user, and another gunicorn may be using it.
    ``extra_env`` adds to the environment (bench/replica.py: the databases).
    """
    if not (BIN / "gunicorn").exists():
        sys.exit("gunicorn is not installed in this venv: pip install -r requirements.txt")
    manage(work, "collectstatic", "--noinput", "--verbosity", "0", **extra_env)
    port, log = free_port(), work / "gunicorn.log"
    with open(log, "ab") as output:
        ready_before = log.read_bytes().count(READY)  # the log is appended to across the bench's servers
        server = subprocess.Popen([BIN / "gunicorn", "archive.wsgi", "--workers", str(workers),
                                   "--bind", f"127.0.0.1:{port}", "--no-control-socket"],
                                  cwd=ROOT, env=server_env(work, **extra_env), stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait_until_up(server, port, log, workers + ready_before)
        yield port, server.pid
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_until_up(server, port, log, ready_lines):
    """Until the log holds ``ready_lines`` lines of a worker ready (archive/serving/warm_up.py) and it answers.

    The first worker ready answers everything while the others still open the
    index: a measurement started then would time one worker, not all of them.
    """
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline and server.poll() is None:
        with contextlib.suppress(OSError):
            if log.read_bytes().count(READY) >= ready_lines and fetch(port, "/robots.txt")[0] == 200:
                return
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on port {port}; its log:\n{log.read_text()[-3000:]}")


def fetch(port, path, source=None):
    """GET ``path`` (ASCII, already quoted) on a new connection, as gunicorn's sync workers want; (status, ms).

    ``source``: the loopback address to send from (127.0.0.2 …), so the server sees another client.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120,
                                            source_address=(source, 0) if source else None)
    started = time.perf_counter()
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response.status, 1000 * (time.perf_counter() - started)


def wrk(work, port, paths, seconds, connections):
    """Throughput over ``paths`` (each asked once while the list lasts): requests/s, latencies, errors."""
    script, listing = work / "walk.lua", work / f"wrk-{len(paths)}.txt"
    script.write_text(WRK_SCRIPT)
    listing.write_text("\n".join(paths) + "\n")
    threads = min(2, connections)
    done = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
                           "-s", str(script), f"http://127.0.0.1:{port}", "--", str(listing), str(threads)],
                          capture_output=True, text=True, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return {**result, "urls": len(paths), "connections": connections,
            "per_second": round(result["requests"] / result["seconds"], 1)}


MEMORY_FIELDS = ("VmHWM", "VmRSS", "RssAnon", "RssFile")


def worker_memory(master):
    """Peak and current resident memory in MB of every gunicorn worker of ``master``, read from /proc.

    VmRSS is RssAnon, the worker's own memory, plus RssFile, the pages of
    files it maps that it has touched: mostly the search index, which the
    engine reads through a memory map (archive/search/engine/whoosh_files.py).
    Those pages are the kernel's page cache, shared by every worker and
    dropped under memory pressure, so VmRSS counts them once per worker.
    """
    workers = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                status = dict(line.split(":", 1) for line in (stat.parent / "status").read_text().splitlines())
                workers.append({"pid": int(stat.parent.name),
                                **{key: round(int(status[key].split()[0]) / 1024) for key in MEMORY_FIELDS}})
    return workers
