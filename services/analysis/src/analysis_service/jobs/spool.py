"""Where a replica keeps received files: its own directory, held with an flock for as long as it lives.

Any replica on the host can tell a directory whose process is gone (killed too: the kernel drops the lock)
from a live one, delete it, and name its jobs as lost without waiting for their heartbeat to age.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import socket
import tempfile
import time
import uuid
from pathlib import Path

from wie_common.logging import get_logger

log = get_logger("wie.analysis.spool")
ROOT_NAME = "wie-analysis-spool"
# Releases before the per-replica directories spooled to <base>/wie-upload-<random>; a killed process left its
# file there for good. Nothing writes that name any more.
EARLIER_PREFIX = "wie-upload-"


class Spool:
    def __init__(self, base: str = "") -> None:
        started = time.time()
        self.base = Path(base or tempfile.gettempdir())
        self.root = self.base / ROOT_NAME
        self.root.mkdir(parents=True, exist_ok=True)
        self.host = socket.gethostname()
        while True:  # another replica may grab a fresh lock file to test it: then pick another name
            self.instance = uuid.uuid4().hex
            self._lock = os.open(self.root / f"{self.instance}.lock", os.O_CREAT | os.O_RDWR, 0o600)
            try:
                fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                os.close(self._lock)
        self.dir = self.root / self.instance
        self.dir.mkdir(mode=0o700)
        self.remove_earlier_release_files(older_than=started)

    @property
    def worker(self) -> str:
        """This replica's name in the report rows of its jobs."""
        return f"{self.host}/{self.instance}"

    def new_file(self) -> Path:
        return self.dir / f"upload-{uuid.uuid4().hex}"

    def remove_dead(self) -> list[str]:
        """Delete the directories of gone replicas on this host; their worker names."""
        dead = []
        for lock_file in self.root.glob("*.lock"):
            instance = lock_file.stem
            if instance == self.instance:
                continue
            try:
                fd = os.open(lock_file, os.O_RDWR)
            except FileNotFoundError:
                continue  # removed by another replica meanwhile
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                continue  # alive
            try:
                shutil.rmtree(self.root / instance, ignore_errors=True)
                lock_file.unlink(missing_ok=True)
            finally:
                os.close(fd)
            dead.append(f"{self.host}/{instance}")
            log.info("spool_of_gone_replica_removed", worker=dead[-1])
        return dead

    def remove_earlier_release_files(self, *, older_than: float) -> int:
        """Delete the spool files an earlier release left in the base folder (only regular files with its
        name, last written before this process started); how many."""
        removed = 0
        for path in self.base.glob(f"{EARLIER_PREFIX}*"):
            try:
                if path.is_file() and not path.is_symlink() and path.stat().st_mtime < older_than:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue  # another replica starting at the same time took it
        if removed:
            log.info("spool_files_of_earlier_release_removed", count=removed, folder=str(self.base))
        return removed

    def remove(self, path: str | None) -> None:
        """Delete a spool file if it is on this host (a job's file; nothing when already gone)."""
        if path and Path(path).resolve().is_relative_to(self.root.resolve()):
            Path(path).unlink(missing_ok=True)

    def close(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)
        (self.root / f"{self.instance}.lock").unlink(missing_ok=True)
        os.close(self._lock)
