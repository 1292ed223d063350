"""Single measurements for bench/run.py: the generator stage, serve latency, site sizes, the table.

`python bench/measure.py generator PROJECT` runs the generator of PROJECT (its snapshot of
generator/) into a fresh docs folder and prints its figures as JSON.
"""

from __future__ import annotations

import json
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path


def generator_stage(proj: Path) -> dict[str, float]:
    """Time load -> model -> links -> render -> write (cold docs/), the load stage's share, peak memory."""
    sys.path.insert(0, str(proj))
    import resource

    import yaml

    from generator import load as load_stage
    from generator import pipeline

    parsing = [0.0]
    stage_load = load_stage.load

    def timed_load(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return stage_load(*args, **kwargs)
        finally:
            parsing[0] += time.perf_counter() - started

    extras = {}
    try:  # with the published site_url, embeds, feeds and oEmbed files are generated too
        from generator.siteinfo import read_site_info

        extras["site_info"] = read_site_info(proj / "mkdocs.yml")
    except ImportError:
        pass
    pipeline.load = timed_load  # the load stage: YAML files parsed into plain data
    with tempfile.TemporaryDirectory() as tmp:
        started, cpu = time.perf_counter(), time.process_time()
        pipeline.build(proj / "content", Path(tmp) / "docs", **extras)
        total, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN)  # the forked worker of a big site, if any
    child_peak, child_cpu = child.ru_maxrss / 1024, child.ru_utime + child.ru_stime
    pipeline.load = stage_load
    texts = [p.read_text(encoding="utf-8") for p in sorted((proj / "content").rglob("*.yml"))]
    started = time.perf_counter()
    for text in texts:
        yaml.load(text, Loader=yaml.CSafeLoader)
    libyaml = time.perf_counter() - started
    return {
        "with_embeds_feeds": bool(extras),
        "s": total,
        "yaml_parse_s": parsing[0],
        "yaml_share": parsing[0] / total,
        "libyaml_load_s": libyaml,
        "vs_libyaml": total / libyaml,
        "peak_mb": peak,
        "worker_peak_mb": child_peak,
        "cpu_s": cpu + child_cpu,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def _wait_for(url: str, marker: str, timeout: float) -> float | None:
    """Poll ``url`` until its body contains ``marker``; return when that happened (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        body = _get(url)
        if body is not None and marker in body:
            return time.perf_counter()
        time.sleep(0.02)
    return None


SAVE_GAP_S = 1.0  # at least this long between a save showing up and the next save
SAVE_JITTER_S = 0.5  # plus a uniform random extra in [0, this): MkDocs' polling period
SAVE_SEED = 8  # the same jitter, save after save, on every run


def serve_latency(proj: Path, flags: list[str], edits: int, env: dict[str, str]) -> dict[str, object]:
    """Start `mkdocs serve` as `make serve` does, edit one answer, time until the page shows it.

    MkDocs' dev server polls the file system every 0.5 s. Saves a fixed 1.0 s after the last
    one showed up would lock in phase with that poller (1.0 s is two periods), so every save
    would land at about the same point of its cycle and the figures would measure that phase
    (0.502, 0.502, 0.503... at 1,000 questions), not what an editor who saves at any moment
    waits. Before each save the gap is therefore 1.0 s plus a uniform random extra in
    [0, 0.5 s), one poll period, from a ``random.Random`` with a fixed seed: saves fall all
    over the poll cycle, and the same way on every run. The median (the upper one of an even
    count), the mean and every time are returned.
    """
    jitter = random.Random(SAVE_SEED)
    port = _free_port()
    cmd = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *flags]
    log = open(proj.parent / f"{proj.name}-serve.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(cmd, cwd=proj, env=env, stdout=log, stderr=subprocess.STDOUT)
    target = sorted((proj / "content" / "explainers").glob("*.yml"))[3]
    original = target.read_bytes()
    url = f"http://127.0.0.1:{port}/explainers/{target.stem}/"
    took: list[float] = []
    try:
        if _wait_for(url, "</html>", 900) is None:
            raise RuntimeError(f"mkdocs serve did not come up; see {log.name}")
        for k in range(edits):
            time.sleep(SAVE_GAP_S + jitter.uniform(0.0, SAVE_JITTER_S))
            marker = f"Benchedit{k}x{int(time.time())}"
            text = original.decode().replace(
                "      answer: |\n        ", f"      answer: |\n        {marker} ", 1
            )
            started = time.perf_counter()
            target.write_text(text, encoding="utf-8")
            seen = _wait_for(url, marker, 300)
            if seen is None:
                raise RuntimeError(f"the edit never showed up; see {log.name}")
            took.append(seen - started)
    finally:
        target.write_bytes(original)
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
    took.sort()
    return {
        "edit_to_served_s": took[len(took) // 2],
        "edit_to_served_mean_s": sum(took) / len(took),
        "edit_to_served_all_s": took,
    }


def _is_extra(rel: str) -> bool:
    """Embeds (email snippets), oEmbed files and feeds are counted apart from HTML pages."""
    return bool(re.match(r"(embed|oembed)/|feed\.(xml|json)$", rel))


def _largest_snippet(path: Path) -> tuple[int, str]:
    """Return the size and name of the largest email snippet an embed bundle makes."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator.bundle import from_json

    bundle = from_json(path.read_text(encoding="utf-8"))
    sizes = [(bundle.explainer_snippet().size(), f"explainer {bundle.explainer_id}")]
    sizes += [(bundle.question_snippet(q).size(), f"question {q}") for q in bundle.questions]
    return max(sizes)


def site_sizes(site: Path, questions: int) -> dict[str, float]:
    """Output size, HTML per question, search index per question, the largest email snippet."""
    total = html = extra = 0
    largest_email, email_name = 0, ""
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size, rel = path.stat().st_size, path.relative_to(site).as_posix()
        total += size
        if _is_extra(rel):
            extra += size
            if rel.startswith("embed/x/") and rel.endswith(".json"):
                largest_email, email_name = max((largest_email, email_name), _largest_snippet(path))
        elif rel.endswith(".html"):
            html += size
    index = site / "search" / "search_index.json"
    return {
        "site_mb": round(total / 1e6, 2),
        "html_mb": round(html / 1e6, 2),
        "html_kb_per_question": round(html / 1e3 / questions, 2),
        "embeds_feeds_mb": round(extra / 1e6, 2),
        "search_index_bytes_per_question": round(index.stat().st_size / questions) if index.is_file() else 0,
        "largest_email_snippet_bytes": largest_email,
        "largest_email_snippet": email_name,
    }


def table(results: dict) -> str:
    """A short text table of the headline figures."""
    rows = [
        ("generator stage, s", "generator_s"),
        ("  load stage (YAML to data) share", "generator_yaml_share"),
        ("  libyaml load alone, s", "generator_libyaml_load_s"),
        ("  generator / libyaml load (P2: <= 4)", "generator_vs_libyaml"),
        ("  generator CPU (all processes), s", "generator_cpu_s"),
        ("  generator peak, MB", "generator_peak_mb"),
        ("  its forked worker's peak, MB", "generator_worker_peak_mb"),
        ("make site, s", "site_s"),
        ("plain mkdocs build, s", "plain_s"),
        ("make site / plain (P1: <= 1)", "site_vs_plain"),
        ("mkdocs-macros equivalent, s", "macros_equiv_s"),
        ("macros equiv / make site (P1: >=1.7)", "macros_equiv_vs_site"),
        ("mkdocs-macros lower bound, s", "macros_min_s"),
        ("macros min / make site", "macros_min_vs_site"),
        ("make site peak, MB", "site_peak_mb"),
        ("edit -> served, median s", "edit_to_served_s"),
        ("edit -> served, mean s", "edit_to_served_mean_s"),
        ("site size, MB", "site_mb"),
        ("HTML per question, KB", "html_kb_per_question"),
        ("search index per question, B", "search_index_bytes_per_question"),
        ("largest email snippet, B", "largest_email_snippet_bytes"),
    ]
    sizes = results["sizes"]
    head = f"{'':36}" + "".join(f"{s['questions']:>12,}" for s in sizes)
    lines = [head]
    for label, key in rows:
        cells = "".join(f"{_fmt(s.get(key)):>12}" for s in sizes)
        lines.append(f"{label:36}{cells}")
    saves = len(sizes[0].get("edit_to_served_all_s", [])) if sizes else 0
    lines.append(
        f"({results['macros']}; medians of {sizes[0]['runs'] if sizes else 0} interleaved runs"
        f"{f', edit -> served of {saves} saves' if saves else ''})"
    )
    return "\n".join(lines)


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return str(value)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "generator":
        print(json.dumps(generator_stage(Path(sys.argv[2]).resolve())))
    else:
        sys.exit("usage: measure.py generator PROJECT")
