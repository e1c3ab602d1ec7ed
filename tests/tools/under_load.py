"""Run a test command several times in a row while CPU hogs keep the machine's cores busy.

    python -m tests.tools.under_load [--runs 5] [--hogs 2] -- make test-fast

The proof that no test depends on an idle machine (docs/testing.md): every run must pass. The hogs are
plain busy loops in child processes, stopped (by their own pids) when the runs end or on Ctrl-C.
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hogs", type=int, default=2)
    parser.add_argument("command", nargs=argparse.REMAINDER, help="the test command, after --")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the test command after --")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # `kill PID` still stops the hogs (finally below)
    hogs = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(args.hogs)]
    results = []
    try:
        for i in range(1, args.runs + 1):
            started = time.monotonic()
            run = subprocess.run(command, capture_output=True, text=True)
            seconds = time.monotonic() - started
            tail = (run.stdout.strip().splitlines() or [""])[-1]
            results.append(run.returncode == 0)
            print(f"run {i}/{args.runs}: {'pass' if run.returncode == 0 else 'FAIL'} in {seconds:.0f} s  ({tail})",
                  flush=True)
            if run.returncode != 0:
                print(run.stdout[-4000:], run.stderr[-2000:], sep="\n", flush=True)
    finally:
        for hog in hogs:
            hog.kill()
            hog.wait()
    print(f"{sum(results)} of {len(results)} runs passed with {args.hogs} CPU hogs")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
