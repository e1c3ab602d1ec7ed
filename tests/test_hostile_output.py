"""The output folder under stress: killed mid-write, two runs at once, read-only, full disk.

Real processes (the CLI, killed with SIGKILL) and, where the machine allows it (root), a real tiny tmpfs for the
full disk and a read-only remount; the same failures are also simulated so that every machine runs them.
"""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import flows.store
from flows.errors import OutputStoreError
from flows.extract import extract_flow
from tests.conftest import ROOT, SEED
from tests.flow_helpers import jsonl_lines, read_json, record_files, snapshot

pytestmark = pytest.mark.usefixtures("prefect_harness")
CLI = [sys.executable, "-c", "from flows.cli import main; main()"]


def _raw(folder: Path, count: int) -> Path:
    """The seed and ``count`` small flat articles (enough records for a commit that takes a moment)."""
    folder.mkdir(parents=True)
    (folder / SEED.name).write_bytes(SEED.read_bytes())
    for i in range(count):
        (folder / f"society_{i:04d}.txt").write_text(
            f"= Society {i} =\nSociety {i}\n- Founded: {1900 + i % 100}\n- Type: Society\n\n==History==\n"
            f"It was founded in {1900 + i % 100} in Kolkata.\n", encoding="utf-8")
    return folder


def _api_env() -> dict[str, str]:
    """The environment of a child CLI, pointed at this session's Prefect test server (no server of its own)."""
    from prefect import get_client

    with get_client(sync_client=True) as client:
        url = str(client.api_url)
    env = dict(os.environ, PREFECT_API_URL=url, COLUMNS="200")
    env["PYTHONPATH"] = str(ROOT)
    return env


def _assert_complete(out: Path, count: int) -> None:
    """Every source has its record, no temporary or partial file, manifest and the JSONL shards agree."""
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(flows.store.TMP_SUFFIX)]
    assert leftovers == [], leftovers
    manifest = read_json(out / "manifest.json")
    assert len(manifest["sources"]) == count + 1
    assert all(entry["status"] == "ok" for entry in manifest["sources"].values())
    ids = sorted(p.stem for p in record_files(out))
    assert len(ids) == count + 1
    for path in record_files(out):
        json.loads(path.read_text(encoding="utf-8"))  # whole JSON, never a half-written file
    lines = jsonl_lines(out)
    assert sorted(json.loads(line)["id"] for line in lines) == ids


def test_hostile_output_sigkill_while_writing_then_next_run_completes(tmp_path: Path) -> None:
    count = 300
    raw, out = _raw(tmp_path / "raw", count), tmp_path / "output"
    child = subprocess.Popen([*CLI, "extract", str(raw), "--out", str(out)], env=_api_env(),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    records = out / "records"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and child.poll() is None:
            if records.is_dir() and any(records.iterdir()):  # the commit has started writing records
                break
            time.sleep(0.005)
        assert child.poll() is None, "the run finished before it could be killed"
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    written = len(list(records.glob("*/*.json")))
    assert written < count + 1 or not (out / "manifest.json").exists(), "killed after the end of the run"

    log = extract_flow(raw=str(raw), out=str(out))
    assert log["counts"]["failed"] == 0
    _assert_complete(out, count)


def test_hostile_output_two_runs_at_once(tmp_path: Path) -> None:
    count = 40
    raw, out = _raw(tmp_path / "raw", count), tmp_path / "output"
    env = _api_env()
    children = [subprocess.Popen([*CLI, "extract", str(raw), "--out", str(out), "--lock-timeout", "120"],
                                 env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
                for _ in range(2)]
    outputs = [child.communicate(timeout=300)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    _assert_complete(out, count)
    logs = [read_json(p) for p in sorted((out / "runs").glob("*.json"))]
    assert sorted(log["counts"]["added"] for log in logs) == [0, count + 1]  # one did the work, one waited


def test_hostile_output_read_only_folder_simulated(tmp_path: Path, monkeypatch) -> None:
    raw, out = _raw(tmp_path / "raw", 3), tmp_path / "output"
    extract_flow(raw=str(raw), out=str(out))
    before = snapshot(out)
    (raw / "society_0001.txt").write_text("= Society 1 =\nSociety 1\n- Founded: 1950\n\n==History==\nNew.\n",
                                          encoding="utf-8")

    def read_only(path, data):
        raise OSError(errno.EROFS, "Read-only file system", str(path))

    monkeypatch.setattr(flows.store, "atomic_write_bytes", read_only)
    with pytest.raises(OutputStoreError, match="read-only") as info:
        extract_flow(raw=str(raw), out=str(out))
    assert "previous records and manifest are intact" in str(info.value)
    assert snapshot(out) == before


def _can_mount() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0 and sys.platform.startswith("linux")


@pytest.mark.skipif(not _can_mount(), reason="mounting a tmpfs needs root on Linux; simulated variants run instead")
def test_hostile_output_real_full_disk_and_read_only_mount(tmp_path: Path) -> None:
    raw, out = _raw(tmp_path / "raw", 20), tmp_path / "output"
    out.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(out)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        extract_flow(raw=str(raw), out=str(out))
        before = snapshot(out)
        for i in range(20):
            (raw / f"society_{i:04d}.txt").write_text(f"= Society {i} =\nSociety {i}\n- Founded: 1950\n"
                                                      "\n==History==\nIt moved in 1960.\n", encoding="utf-8")
        filler = out / "filler.bin"
        with filler.open("wb") as handle:  # fill the disk to the last byte
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        with pytest.raises(OutputStoreError, match="disk is full"):
            extract_flow(raw=str(raw), out=str(out))
        filler.unlink()
        assert {k: v for k, v in snapshot(out).items() if "lock" not in k} == before
        assert not [p for p in out.rglob("*") if p.name.endswith(flows.store.TMP_SUFFIX)]

        subprocess.run(["mount", "-o", "remount,ro", str(out)], check=True)
        with pytest.raises(OutputStoreError, match="read-only"):
            extract_flow(raw=str(raw), out=str(out))
        assert snapshot(out) == before
        subprocess.run(["mount", "-o", "remount,rw", str(out)], check=True)
        log = extract_flow(raw=str(raw), out=str(out))
        assert len(log["updated"]) == 20 and log["counts"]["failed"] == 0
    finally:
        subprocess.run(["umount", "-l", str(out)], capture_output=True)
