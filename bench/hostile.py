"""Benchmark: how fast and in how much memory the loader refuses hostile YAML.

Run ``.venv/bin/python bench/hostile.py``; prints one line per input: seconds (median of 5) and
peak traced memory. The targets: every refusal well under a second, in a few megabytes.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

from generator.load import MAX_BYTES, LoadError, parse


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


INPUTS = {
    "billion laughs (9 levels)": _bomb(9),
    "alias bomb (30 levels)": _bomb(30),
    "flow nesting 1,000,000 deep": "a: " + "[" * 1_000_000,
    "block nesting 1,900 deep": "".join(" " * i + "k:\n" for i in range(1900)),
    "file of 2 MiB + 1 byte": "a: " + "x" * (MAX_BYTES - 2),
    "flat file just under the cap": "a: [" + "x, " * (MAX_BYTES // 3 - 3) + "x]\n",
}


def measure(text: str) -> tuple[float, int, str]:
    """Return median seconds, peak bytes and the outcome of parsing ``text``."""
    times, outcome = [], ""
    for _ in range(5):
        start = time.perf_counter()
        try:
            parse("bench.yml", text.encode())
            outcome = "loaded"
        except LoadError as exc:
            outcome = exc.problem.message
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    try:
        parse("bench.yml", text.encode())
    except LoadError:
        pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak, outcome


if __name__ == "__main__":
    for name, text in INPUTS.items():
        seconds, peak, outcome = measure(text)
        print(f"{name:32} {seconds * 1000:8.1f} ms {peak / 1e6:8.1f} MB  {outcome[:60]}")
