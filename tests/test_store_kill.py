"""A writer killed with SIGKILL leaves only complete files (plus temporary files the next run removes)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from flows.store import TMP_SUFFIX, OutputStore

WRITER = """
import sys
from flows.store import OutputStore, record_bytes
store = OutputStore(sys.argv[1])
store.ensure_folders()
i = 0
while True:
    store.write_record(f"r{i % 20}", record_bytes({"i": i, "pad": "x" * 400_000}))
    i += 1
    if i == 20:
        print("ready", flush=True)
"""


def test_store_sigkill_never_leaves_a_partial_record(tmp_path: Path) -> None:
    out = tmp_path / "out"
    root = Path(__file__).resolve().parent.parent
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(out)], cwd=root, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    time.sleep(0.3)
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    store = OutputStore(out)
    records = sorted(store.records_dir.glob("*/*.json"))
    assert len(records) == 20
    for path in records:
        data = json.loads(path.read_text(encoding="utf-8"))  # complete JSON, never a torn write
        assert len(data["pad"]) == 400_000
    store.clean_temporary_files()
    assert not [p for p in store.records_dir.rglob("*") if p.name.endswith(TMP_SUFFIX)]
