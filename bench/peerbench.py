"""The ``peers`` section of the benchmark: the library against wtf_wikipedia on the same wikitext files.

Both run as separate processes over the corpus' ``wikitext/`` articles (those listed in its ``sources.json``,
else every ``.wiki`` file), alternately, ``runs`` times each; the CPU time of each process (user + system, from
the resource usage of the reaped child, imports and start-up included) is compared by medians. wtf_wikipedia
(pinned in ``bench/peers/package.json``) is installed with ``npm install`` into ``bench/peers/node_modules``
(git-ignored) when ``node`` and ``npm`` are there; without them only the library is measured, and the result
says why.
"""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

PEERS = Path(__file__).resolve().parent / "peers"
WTF_SCRIPT = PEERS / "wtf_run.mjs"


def corpus_files(wikitext_dir: Path) -> list[Path]:
    """The articles compared: those of ``sources.json`` when it lists them, else every ``.wiki`` file."""
    try:
        listed = json.loads((wikitext_dir / "sources.json").read_text(encoding="utf-8"))
        files = sorted(wikitext_dir / e["file"] for e in listed if isinstance(e, dict) and e.get("file"))
        if files and all(f.is_file() for f in files):
            return files
    except (OSError, ValueError, KeyError):
        pass
    return sorted(wikitext_dir.glob("*.wiki"))


def install_wtf(log: Callable[[str], None] = lambda msg: None) -> str | None:
    """Make sure wtf_wikipedia is installed under bench/peers; None when it is, else why it cannot be."""
    if shutil.which("node") is None:
        return "node is not installed: wtf_wikipedia not measured (install Node.js 18+ to compare)"
    if (PEERS / "node_modules" / "wtf_wikipedia" / "package.json").is_file():
        return None
    npm = shutil.which("npm")
    if npm is None:
        return "npm is not installed: wtf_wikipedia cannot be installed, not measured"
    log("peers: npm install wtf_wikipedia into bench/peers/node_modules")
    proc = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"], cwd=PEERS,
                          capture_output=True, text=True, check=False, timeout=600)
    if proc.returncode != 0:
        return f"npm install failed ({proc.returncode}): {proc.stderr.strip()[-500:]}; wtf_wikipedia not measured"
    return None


def run_child(cmd: list[str]) -> tuple[float, dict[str, object]]:
    """CPU seconds (user + system) of one child process run to its end, and the JSON object it printed last."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])} ... failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, json.loads(proc.stdout.strip().splitlines()[-1])


def measure_peers(wikitext_dir: Path, runs: int = 3,
                  log: Callable[[str], None] = lambda msg: None) -> dict[str, object]:
    """``library_cpu_to_wtf`` and ``library_mb_per_cpu_s`` with the figures they come from."""
    files = [str(f) for f in corpus_files(wikitext_dir)]
    note = install_wtf(log)
    ours: list[tuple[float, dict[str, object]]] = []
    theirs: list[tuple[float, dict[str, object]]] = []
    for k in range(runs):  # alternate, so both see the same machine load
        log(f"peers: run {k + 1} of {runs} over {len(files)} files")
        ours.append(run_child([sys.executable, "-m", "bench.peerlib", *files]))
        if note is None:
            theirs.append(run_child(["node", str(WTF_SCRIPT), *files]))
    size = int(ours[0][1]["bytes"])  # type: ignore[arg-type]
    lib_cpu = statistics.median(c for c, _ in ours)
    lib_loop = statistics.median(float(r["loop_cpu_s"]) for _, r in ours)  # type: ignore[arg-type]
    result: dict[str, object] = {
        "peers_files": len(files), "peers_bytes": size, "peers_runs": runs,
        "library_cpu_s": lib_cpu, "library_cpu_runs": [c for c, _ in ours], "library_loop_cpu_s": lib_loop,
        "library_peer_records": ours[0][1]["records"], "library_peer_failed": ours[0][1]["failed"],
        "library_mb_per_cpu_s": size / 1e6 / lib_cpu, "library_loop_mb_per_cpu_s": size / 1e6 / lib_loop,
        "peers_note": note}
    if theirs:
        wtf_cpu = statistics.median(c for c, _ in theirs)
        wtf_loop = statistics.median(float(r["loop_cpu_s"]) for _, r in theirs)  # type: ignore[arg-type]
        first = theirs[0][1]
        result.update(wtf_cpu_s=wtf_cpu, wtf_cpu_runs=[c for c, _ in theirs], wtf_loop_cpu_s=wtf_loop,
                      wtf_version=first.get("wtf_version"), node_version=first.get("node_version"),
                      wtf_sentences=first.get("sentences"), wtf_infoboxes=first.get("infoboxes"),
                      library_cpu_to_wtf=lib_cpu / wtf_cpu, library_loop_cpu_to_wtf=lib_loop / wtf_loop)
    return result
