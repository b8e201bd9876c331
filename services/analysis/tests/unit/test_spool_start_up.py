"""At start-up the spool deletes the spool files an earlier release left, if written before it started."""

from __future__ import annotations

import os
import time
from pathlib import Path

from analysis_service.jobs.spool import Spool


def test_only_earlier_release_files_written_before_start_up_are_removed(tmp_path: Path) -> None:
    old = time.time() - 60
    (tmp_path / "wie-upload-left").write_bytes(b"a")
    os.utime(tmp_path / "wie-upload-left", (old, old))
    target = tmp_path / "elsewhere.csv"
    target.write_bytes(b"not ours")
    os.utime(target, (old, old))
    (tmp_path / "wie-upload-link").symlink_to(target)
    spool = Spool(str(tmp_path))
    try:
        (tmp_path / "wie-upload-new").write_bytes(b"b")  # written after start-up (a replica of that release?)
        assert spool.remove_earlier_release_files(older_than=time.time() - 30) == 0
        assert not (tmp_path / "wie-upload-left").exists()
        assert (tmp_path / "wie-upload-new").exists()
        assert (tmp_path / "wie-upload-link").is_symlink() and target.read_bytes() == b"not ours"
    finally:
        spool.close()
