"""Benchmark harness (`make bench`): the generator, `make site`, a plain MkDocs build and serve.

Every size gets its own project under bench/out/ with a synthetic corpus (bench/corpus.py) and
a snapshot of generator/ and mkdocs.yml taken when the run starts. Measurements are interleaved
(size after size, tool after tool, run after run) and reported as medians, so ratios hold on a
noisy machine. Figures go to bench/out/results.json; a short table is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402
import macros_equivalent  # noqa: E402
import measure  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PY = sys.executable
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}
PLAIN_FEATURES = [
    "navigation.sections",
    "navigation.top",
    "search.highlight",
    "content.tooltips",
    "toc.follow",
]


def make_project(n: int) -> Path:
    """Create bench/out/p<n>: corpus, hand-written docs, snapshots of mkdocs.yml and generator/."""
    proj = OUT / f"p{n}"
    proj.mkdir(parents=True, exist_ok=True)
    corpus.write_corpus(proj / "content", n)
    shutil.copy(ROOT / "mkdocs.yml", proj / "mkdocs.yml")
    if (proj / "generator").is_symlink():
        (proj / "generator").unlink()
    shutil.rmtree(proj / "generator", ignore_errors=True)
    shutil.copytree(ROOT / "generator", proj / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(proj / "docs", ignore_errors=True)
    shutil.copytree(ROOT / "docs", proj / "docs", ignore=_hand_written_only)
    if (ROOT / "overrides").is_dir():
        shutil.copytree(ROOT / "overrides", proj / "overrides", dirs_exist_ok=True)
    shutil.rmtree(proj / "site", ignore_errors=True)
    return proj


def _hand_written_only(folder: str, names: list[str]) -> set[str]:
    """Leave out what the generator wrote into the real docs/ (per its manifest)."""
    try:
        owned = set(json.loads((ROOT / "docs" / ".generated.json").read_text())["files"])
    except (OSError, ValueError, KeyError):
        owned = set()
    rel = Path(folder).resolve().relative_to((ROOT / "docs").resolve())
    top = {p.split("/")[0] for p in owned if "/" in p}
    return {
        n
        for n in names
        if (rel / n).as_posix().removeprefix("./") in owned
        or n == ".generated.json"
        or (rel == Path(".") and n in top)
    }


VARIANTS = {"plain": "plain", "macros_min": "macros-min", "macros_equiv": "macros"}


def plain_project(proj: Path, variant: str = "plain") -> Path:
    """A project with the generated Markdown of ``proj`` and a plain config: no hooks, flat nav.

    ``variant`` "plain" is that alone; "macros_min" adds mkdocs-macros loading the corpus YAML
    over the same, already expanded Markdown (the lightest macros build: a lower bound);
    "macros_equiv" is the site as mkdocs-macros would build it, its explainer pages expanded
    from the YAML by Jinja (bench/macros_equivalent.py).
    """
    dest = proj.parent / f"{proj.name}-{VARIANTS[variant]}"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(proj / "docs", dest / "docs", ignore=shutil.ignore_patterns(".generated.json"))
    ours = yaml.safe_load((proj / "mkdocs.yml").read_text())
    pages = sorted(p.relative_to(dest / "docs").as_posix() for p in (dest / "docs").rglob("*.md"))
    first = [p for p in ("index.md",) if p in pages]
    config = {
        "site_name": "Plain build",
        "site_url": ours.get("site_url", "https://example.org/"),
        "theme": {"name": "material", "language": "en", "features": PLAIN_FEATURES},
        "plugins": ["search"],
        "extra_css": ours.get("extra_css", []),
        "markdown_extensions": ours.get("markdown_extensions", []),
        "nav": first + [p for p in pages if p not in first],
    }
    if variant == "macros_min":
        data = sorted(str(p) for p in (proj / "content").rglob("*.yml"))
        config["plugins"].append({"macros": {"include_yaml": data, "on_error_fail": False}})
    elif variant == "macros_equiv":
        macros_equivalent.write_project(proj, dest, config)
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    return dest


def macros_python() -> tuple[str | None, str]:
    """Return the Python of a venv with mkdocs-macros-plugin (installed on first use), or a note."""
    venv = ROOT / "bench" / "out" / "macros-venv"
    py = venv / "bin" / "python"
    if not (venv / ".ok").exists():
        try:
            subprocess.run([PY, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run(
                [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                 "-r", str(ROOT / "requirements.lock"), "mkdocs-macros-plugin"],
                check=True, capture_output=True, timeout=600,
            )  # fmt: skip
            (venv / ".ok").touch()
        except (subprocess.SubprocessError, OSError) as exc:
            return None, f"mkdocs-macros skipped: could not install it ({exc})"
    version = subprocess.run(
        [str(py), "-c", "import importlib.metadata as m; print(m.version('mkdocs-macros-plugin'))"],
        capture_output=True, text=True, check=False,
    ).stdout.strip()  # fmt: skip
    return str(py), f"mkdocs-macros-plugin {version}"


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """Run ``cmd``; return (seconds, peak RSS in MB); raise if it fails."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    took = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed in {cwd}:\n{out.decode(errors='replace')[-3000:]}")
    return took, usage.ru_maxrss / 1024


def one_round(n: int, proj: Path, macros_py: str | None, serve_flags: list[str], runs: dict) -> None:
    """One interleaved round for size ``n``: generator, make site, plain build, the two macros builds."""
    gen = json.loads(
        subprocess.run(
            [PY, str(ROOT / "bench" / "measure.py"), "generator", str(proj)],
            cwd=proj,
            env=ENV,
            capture_output=True,
            text=True,
            check=True,
        ).stdout  # fmt: skip
    )
    for key, value in gen.items():
        runs.setdefault(f"generator_{key}", []).append(value)
    site_s, site_mb = timed([PY, "-m", "mkdocs", "build", "--strict"], proj)
    runs.setdefault("site_s", []).append(site_s)
    runs.setdefault("site_peak_mb", []).append(site_mb)
    plain = plain_project(proj)
    plain_s, _ = timed([PY, "-m", "mkdocs", "build", "-q"], plain)
    runs.setdefault("plain_s", []).append(plain_s)
    if macros_py:
        for variant in ("macros_min", "macros_equiv"):
            mac = plain_project(proj, variant)
            mac_s, _ = timed([macros_py, "-m", "mkdocs", "build", "-q"], mac)
            runs.setdefault(f"{variant}_s", []).append(mac_s)


def summarize(n: int, proj: Path, runs: dict, serve: dict) -> dict:
    """Medians of every figure for one size, plus sizes of the built site."""
    med = {k: round(statistics.median(v), 4) for k, v in runs.items()}
    res = {"questions": n, "runs": len(runs.get("site_s", [])), **med, **serve}
    res["site_vs_plain"] = round(med["site_s"] / med["plain_s"], 3)
    for variant in ("macros_min", "macros_equiv"):
        if f"{variant}_s" in med:
            res[f"{variant}_vs_site"] = round(med[f"{variant}_s"] / med["site_s"], 3)
    res.update(measure.site_sizes(proj / "site", n))
    equiv_site = proj.parent / f"{proj.name}-{VARIANTS['macros_equiv']}" / "site"
    if "macros_equiv_s" in med and equiv_site.is_dir():  # the same explainer pages, as HTML
        names = sorted(p.name for p in (proj / "site" / "explainers").iterdir() if p.is_dir())
        sample = [names[0], names[len(names) // 2], names[-1]] if names else []
        res["macros_equiv_pages"] = macros_equivalent.compare_html(proj / "site", equiv_site, sample)
    res["raw"] = runs
    return res


def main() -> int:
    """Command line: sizes, runs, serve flags; writes bench/out/results.json."""
    global OUT
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000 5000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--serve-flags", default="", help="extra flags `make serve` passes to mkdocs serve")
    parser.add_argument("--no-macros", action="store_true", help="skip the mkdocs-macros comparison")
    parser.add_argument("--no-serve", action="store_true", help="skip the edit -> served latency")
    parser.add_argument("--edits", type=int, default=15, help="saves timed under `make serve` (median)")
    parser.add_argument("--output", type=Path, default=OUT / "results.json")
    parser.add_argument("--workdir", type=Path, default=OUT, help="where the projects are built")
    args = parser.parse_args()
    OUT = args.workdir.resolve()
    sizes = [int(s) for s in args.sizes.replace(",", " ").split()]
    OUT.mkdir(parents=True, exist_ok=True)
    macros_py, macros_note = (None, "mkdocs-macros skipped (--no-macros)")
    if not args.no_macros:
        macros_py, macros_note = macros_python()
    projects = {n: make_project(n) for n in sizes}
    runs: dict[int, dict] = {n: {} for n in sizes}
    for r in range(args.runs):
        for n in sizes:
            print(f"round {r + 1}/{args.runs}: {n} questions", file=sys.stderr, flush=True)
            one_round(n, projects[n], macros_py, [], runs[n])
    serve = {n: {} for n in sizes}
    if not args.no_serve:
        for n in sizes:
            print(f"serve: {n} questions", file=sys.stderr, flush=True)
            try:
                serve[n] = measure.serve_latency(projects[n], args.serve_flags.split(), args.edits, ENV)
            except RuntimeError as exc:  # keep the other figures; say why this one is missing
                serve[n] = {"edit_to_served_error": str(exc)}
    results = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "serve_flags": args.serve_flags,
        "macros": macros_note,
        "sizes": [summarize(n, projects[n], runs[n], serve[n]) for n in sizes],
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=1) + "\n")
    print(measure.table(results))
    for size in results["sizes"]:
        for row in size.get("macros_equiv_pages", []):
            print(macros_equivalent.describe(size["questions"], row))
    print(f"\nfull figures: {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
