"""Benchmark the editor's loop: save a YAML file under `mkdocs serve`, time until the page changes.

Runs on a temporary copy of the bundled project, served as `make serve` serves it (`--dirty
--no-strict`; `--full` for full rebuilds). Prints the median, min and max of several edits (each
one rewrites a question's short answer and polls the served page every 50 ms).
Usage: .venv/bin/python bench/live_preview.py [--edits 15] [--full]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from conftest import copy_project  # noqa: E402
from live_server import LiveServer  # noqa: E402
from measure import SAVE_JITTER_S, SAVE_SEED  # noqa: E402

FILE = Path("content/explainers/why-the-push-matters-now.yml")
PAGE = "explainers/why-the-push-matters-now/"
ANCHOR = "It is the first-ever Critical Minerals Ministerial"


MAKE_SERVE = ("--dirty", "--no-strict")  # SERVE_FLAGS in the Makefile


def measure(edits: int, flags: tuple[str, ...] = MAKE_SERVE) -> list[float]:
    """Return save-to-served latencies in seconds, one per edit."""
    with tempfile.TemporaryDirectory() as tmp:
        project = copy_project(Path(tmp))
        server = LiveServer(project, flags)
        try:
            server.wait_for(PAGE, ANCHOR, timeout=120)
            time.sleep(2)  # let the start-up rebuilds settle
            path = project / FILE
            original = path.read_text(encoding="utf-8")
            took, jitter = [], random.Random(SAVE_SEED)
            for i in range(edits):
                # a seeded random part of MkDocs' poll period: fixed gaps lock every save to one
                # phase of its 0.5 s poll (bench/measure.py, serve_latency)
                time.sleep(jitter.uniform(0.0, SAVE_JITTER_S))
                marker = f"Edit marker {i} zq{time.time_ns()}"
                path.write_text(original.replace(ANCHOR, f"{marker}. {ANCHOR}", 1), encoding="utf-8")
                took.append(server.wait_for(PAGE, marker, timeout=60))
                time.sleep(1.5)  # let any follow-up rebuild finish before the next save
            rebuilds = sum("Building documentation" in line for line in server.lines)
            print(f"rebuilds logged (including start-up): {rebuilds} for {edits} saves")
            return took
        finally:
            server.stop()


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--edits", type=int, default=15)
    parser.add_argument("--full", action="store_true", help="full rebuilds (`make serve SERVE_FLAGS=`)")
    args = parser.parse_args()
    took = measure(args.edits, () if args.full else MAKE_SERVE)
    print(
        f"save -> page updated: median {statistics.median(took):.2f}s, "
        f"min {min(took):.2f}s, max {max(took):.2f}s over {len(took)} edits"
    )


if __name__ == "__main__":
    main()
