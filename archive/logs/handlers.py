"""A size-rotated log file that several processes (gunicorn's workers) write at once.

The standard ``RotatingFileHandler`` rotates per process: two workers both
rename the file and one worker's lines end up overwritten. Here the rotation
takes a lock, a worker whose file was rotated by another reopens the new one
instead of rotating again, and every write appends, so no line is lost.
"""
import fcntl
import logging.handlers
import os
from pathlib import Path


class SharedRotatingFileHandler(logging.handlers.RotatingFileHandler):
    def __init__(self, filename, max_bytes=10 * 1024 * 1024, backup_count=5):
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(filename, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8", delay=True)

    def shouldRollover(self, record):
        if self.stream is not None and self.rotated_elsewhere():
            self.reopen()
        return super().shouldRollover(record)

    def doRollover(self):
        with open(f"{self.baseFilename}.lock", "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if self.stream is not None and self.rotated_elsewhere():
                self.reopen()  # another worker rotated while this one waited for the lock
            else:
                super().doRollover()

    def rotated_elsewhere(self):
        try:
            return os.stat(self.baseFilename).st_ino != os.fstat(self.stream.fileno()).st_ino
        except FileNotFoundError:
            return True

    def reopen(self):
        self.stream.close()
        self.stream = self._open()
