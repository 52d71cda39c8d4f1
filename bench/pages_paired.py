"""Two checkouts' pages side by side under gunicorn: before and after a change, on one busy machine.

    .venv/bin/python bench/pages_paired.py BEFORE_CHECKOUT --archive DIR [--urls 100] [--seed 2026]
                                           [--families "article,tag page"]

On a shared machine the load moves every timing more than most changes do,
and two runs minutes apart are not comparable. Here two fresh servers run
at once, as ``make serve`` runs them (2 workers, DEBUG off): one from
BEFORE_CHECKOUT (another worktree, e.g. ``git worktree add --detach
/tmp/before main``), one from this checkout, each on its own copy of the
archive DIR. Every URL of every page family (bench/speed.py's) is asked of
both, alternating which goes first, so both meet the same load. Printed per
family: p50/p95 ms, and the workers' CPU time per page from /proc (summed
over the family at the kernel's clock-tick resolution, so a mean; CPU time
moves less with the load than the wall clock does). DIR is never written.
"""
import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import speed, speed_server  # noqa: E402
from bench.query_latency import percentile  # noqa: E402

SIDES = ("before", "after")
WORKERS = 2


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("before", type=Path, help="the checkout to compare this one with")
    parser.add_argument("--archive", type=Path, required=True, help="a loaded ARCHIVE_VAR_DIR (copied, never written)")
    parser.add_argument("--urls", type=int, default=100, help="distinct URLs per page family")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--families", help="comma-separated page families to compare (default: all of them)")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="pages-paired-"))
    try:
        speed.open_archive(argparse.Namespace(archive=options.archive, corpus=None, limit=None), work / "after")
        shutil.copytree(work / "after", work / "before", symlinks=True)  # migrated by this checkout
        sample = speed.Sample.read()
        families = speed.page_urls(sample, speed.Requests(sample, options.seed), options.urls)
        if options.families:
            chosen = options.families.split(",")
            if unknown := set(chosen) - set(families):
                sys.exit(f"unknown families {sorted(unknown)}; choose among {', '.join(families)}")
            families = {name: families[name] for name in chosen}
        print(f"load at start: {speed.machine_load()} ({os.cpu_count()} cores)", flush=True)
        compare(families, {"before": options.before.resolve(), "after": ROOT}, work)
        print(f"load at end: {speed.machine_load()}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def compare(families, checkouts, work):
    """Both servers up at once; each family's URLs asked of both in turn; a line per family."""
    speed_server.ROOT = checkouts["before"]  # where gunicorn and manage.py run from
    with speed_server.gunicorn(work / "before", WORKERS) as before:
        speed_server.ROOT = checkouts["after"]
        with speed_server.gunicorn(work / "after", WORKERS) as after:
            servers = {"before": before, "after": after}
            print(f"  {'family':<18}{'URLs':>5}" + "".join(f"{side + ' p50/p95/cpu ms':>30}" for side in SIDES))
            for name, urls in families.items():
                print(family_line(name, urls, servers), flush=True)


def family_line(name, urls, servers):
    wall, cpu, failed = {side: [] for side in SIDES}, dict.fromkeys(SIDES, 0.0), []
    for number, url in enumerate(urls):
        for side in SIDES if number % 2 == 0 else reversed(SIDES):
            port, master = servers[side]
            started = workers_cpu_ms(master)
            status, ms = speed_server.fetch(port, url)
            cpu[side] += workers_cpu_ms(master) - started
            wall[side].append(ms)
            if status != 200:
                failed.append((side, status, url))
    cells = "".join(f"{statistics.median(wall[side]):>18.1f} /{percentile(wall[side], 0.95):>6.1f} /"
                    f"{cpu[side] / len(urls):>5.1f}" for side in SIDES)
    return f"  {name:<18}{len(urls):>5}{cells}" + (f"   not 200: {failed[:3]}" if failed else "")


def workers_cpu_ms(master):
    """User and system CPU time, in ms, of every child process of ``master`` (its workers), from /proc."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if int(fields[1]) == master:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks * 1000 / os.sysconf("SC_CLK_TCK")


if __name__ == "__main__":
    main()
