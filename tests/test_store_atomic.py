"""The output store: deterministic bytes, no needless rewrite, atomic writes, a lock, paths kept inside."""

from __future__ import annotations

import errno
import json
import os
import time
from pathlib import Path

import pytest

import flows.store
from flows.errors import OutputLockedError, OutputStoreError
from flows.store import OutputStore, record_bytes


def test_store_record_bytes_are_canonical() -> None:
    a = record_bytes({"b": 1, "a": {"d": [1, 2], "c": "é"}})
    b = record_bytes({"a": {"c": "é", "d": [1, 2]}, "b": 1})
    assert a == b and a.endswith(b"}\n") and "é".encode() in a


def test_store_write_record_skips_identical_bytes(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    assert store.write_record("alpha", b"{}\n") is True
    path = store.record_path("alpha")
    before = path.stat()
    time.sleep(0.01)
    assert store.write_record("alpha", b"{}\n") is False
    after = path.stat()
    assert (before.st_ino, before.st_mtime_ns) == (after.st_ino, after.st_mtime_ns)
    assert oct(after.st_mode & 0o044) != "0o0", "records are readable by consumers"


@pytest.mark.parametrize("bad", ["../x", "/etc/passwd", "A", "a/b", "", "a\x00b", "-x", "x" * 300, ".hidden"])
def test_store_record_path_refuses_unsafe_ids(tmp_path: Path, bad: str) -> None:
    store = OutputStore(tmp_path / "out")
    with pytest.raises(OutputStoreError):
        store.record_path(bad)


def test_store_failed_write_keeps_previous_file_and_no_temp(tmp_path: Path, monkeypatch) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    store.write_record("alpha", b"old\n")

    def full_disk(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OutputStoreError, match="disk is full"):
        store.write_record("alpha", b"new\n")
    monkeypatch.undo()
    assert store.record_path("alpha").read_bytes() == b"old\n"
    assert sorted(p.name for p in store.record_path("alpha").parent.iterdir()) == ["alpha.json"]


def test_store_clean_temporary_files(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    store.write_record("keep", b"{}\n")
    shard = store.record_path("keep").parent
    (shard / f".alpha.json.x1{flows.store.TMP_SUFFIX}").write_bytes(b"half")
    (store.records_dir / f".beta.json.x3{flows.store.TMP_SUFFIX}").write_bytes(b"half")  # layout 1's place
    (store.root / f".manifest.json.x2{flows.store.TMP_SUFFIX}").write_bytes(b"half")
    (store.root / "notes.wrtmp").write_bytes(b"not ours: no leading dot")
    assert len(store.clean_temporary_files()) == 3
    assert [p.name for p in shard.iterdir()] == ["keep.json"]
    assert [p.name for p in store.records_dir.iterdir()] == [shard.name]
    assert (store.root / "notes.wrtmp").exists()


def test_store_lock_refuses_a_second_run(tmp_path: Path) -> None:
    first, second = OutputStore(tmp_path / "out"), OutputStore(tmp_path / "out")
    with first.lock(timeout=1):
        started = time.monotonic()
        with pytest.raises(OutputLockedError, match="another wikirecords run"), second.lock(timeout=0.5):
            pass
        assert time.monotonic() - started >= 0.4
    with second.lock(timeout=1):
        pass


def test_store_run_logs_are_pruned(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    for n in range(5):
        store.write_run_log(f"2026010{n}T000000Z", {"n": n}, keep=3)
    assert sorted(p.name for p in store.runs_dir.iterdir()) == [
        "20260102T000000Z.json", "20260103T000000Z.json", "20260104T000000Z.json"]


def test_store_record_bytes_are_valid_utf8_even_with_lone_surrogates() -> None:
    data = record_bytes({"title": "bad \udcff byte"})
    assert json.loads(data.decode("utf-8"))["title"] == "bad \udcff byte"


def test_store_record_path_refuses_symbolic_links(tmp_path: Path) -> None:
    store = OutputStore(tmp_path / "out")
    store.ensure_folders()
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(b"{}\n")
    store.record_path("alpha").parent.mkdir()
    store.record_path("alpha").symlink_to(elsewhere)
    with pytest.raises(OutputStoreError, match="symbolic link"):
        store.write_record("alpha", b"new\n")
    assert elsewhere.read_bytes() == b"{}\n"
    folder = store.record_path("beta").parent
    if not folder.exists():
        folder.symlink_to(tmp_path, target_is_directory=True)
        with pytest.raises(OutputStoreError, match="symbolic link"):
            store.read_record("beta")
