"""Write a deterministic synthetic content/ tree in the project's YAML format, for benchmarks.

N questions, ten per explainer, 150-word answers with two cross-links each ([[q:...]] and
[[e:...]]), one timeline event per two questions, a few hundred entities and sources.
The same N always gives byte-identical files.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

PER_EXPLAINER = 10
ANSWER_WORDS = 150
WORDS = (
    "supply chain mineral refining lithium cobalt nickel graphite rare earth magnet battery export "
    "tariff treaty ministry agreement partner investment mine smelter processing policy market "
    "price floor stockpile reserve licence auction deposit exploration grade tonne capacity plant "
    "demand forecast subsidy customs quota shipment port rail grid solar turbine vehicle defence "
    "semiconductor alloy recycling standard audit financing bank fund bond council summit delegation "
    "minister official committee report survey estimate output import dependence risk security"
).split() + "the of and to in a is that for on with as by at from it was its new but not".split() * 2
KINDS = ("person", "organisation", "country", "place", "mineral", "agreement", "programme")
START = dt.date(2021, 1, 4)


def _q(n: int) -> str:
    return f"q{n:05d}"


def _json(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _answer(rng: random.Random, n: int, total: int, entities: int) -> str:
    """About 150 words in two paragraphs, with one question and one entity cross-link."""
    other = (n * 7919 + 13) % total
    other = other if other != n else (n + 1) % total
    words = ANSWER_WORDS - 4
    first = " ".join(_sentence(rng, 12) for _ in range(words // 24))
    second = " ".join(_sentence(rng, 12) for _ in range(words // 24))
    link_q = f"See [[q:{_q(other)}]] for the background."
    link_e = f"The [[e:entity-{n % entities:04d}]] is involved."
    return f"{first} {link_e}\n\n{second} {link_q}\n"


def _block(text: str, indent: str) -> str:
    return "|\n" + "".join(f"{indent}{line}\n" if line else "\n" for line in text.splitlines())


def explainer_yaml(rng: random.Random, e: int, total: int, entities: int, sources: int) -> str:
    """Return one explainer file with its ten questions."""
    published = (START + dt.timedelta(days=3 * e)).isoformat()
    lines = [
        "explainer:",
        f"  id: explainer-{e:04d}",
        f"  title: {_json(f'Explainer {e}: ' + _sentence(rng, 6)[:-1])}",
        f"  standfirst: {_json(' '.join(_sentence(rng, 14) for _ in range(2)))}",
        f'  published: "{published}"',
        f'  updated: "{published}"',
        f"  tags: [topic-{e % 20:02d}, region-{e % 7}]",
        "  questions:",
    ]
    for i in range(PER_EXPLAINER):
        n = e * PER_EXPLAINER + i
        if n >= total:
            break
        lines += [
            f"    - id: {_q(n)}",
            f"      question: {_json('What about ' + _sentence(rng, 7)[:-1].lower() + '?')}",
            f"      short: {_json(_sentence(rng, 16))}",
            "      answer: " + _block(_answer(rng, n, total, entities), "        ").rstrip("\n"),
            f"      sources: [source-{n % sources:04d}]",
            f"      tags: [topic-{n % 20:02d}]",
        ]
    return "\n".join(lines) + "\n"


def events_yaml(rng: random.Random, total: int, entities: int, sources: int) -> str:
    """Return the timeline: one event per two questions, each linked to those two questions."""
    lines = ["events:"]
    for k in range(total // 2):
        day = (START + dt.timedelta(days=(3 * 2 * k) // PER_EXPLAINER)).isoformat()
        lines += [
            f"  - id: event-{k:05d}",
            f'    date: "{day}"',
            f"    title: {_json(_sentence(rng, 8)[:-1])}",
            f"    description: {_json(_sentence(rng, 18) + f' With [[e:entity-{k % entities:04d}]].')}",
            f"    entities: [entity-{(k * 3) % entities:04d}]",
            f"    sources: [source-{k % sources:04d}]",
            f"    questions: [{_q(2 * k)}, {_q(2 * k + 1)}]",
        ]
    return "\n".join(lines) + "\n"


def entities_yaml(rng: random.Random, count: int, sources: int) -> str:
    """Return the entities file."""
    lines = ["entities:"]
    for x in range(count):
        lines += [
            f"  - id: entity-{x:04d}",
            f"    name: {_json(f'Entity {x} ' + rng.choice(WORDS))}",
            f"    kind: {KINDS[x % len(KINDS)]}",
            f"    description: {_json(_sentence(rng, 12))}",
            f"    sources: [source-{x % sources:04d}]",
        ]
    return "\n".join(lines) + "\n"


def sources_yaml(rng: random.Random, count: int) -> str:
    """Return the sources file."""
    lines = ["sources:"]
    for s in range(count):
        lines += [
            f"  - id: source-{s:04d}",
            f"    publisher: {_json('Publisher ' + str(s % 17))}",
            f"    title: {_json(_sentence(rng, 9)[:-1])}",
            f'    date: "{(START + dt.timedelta(days=s)).isoformat()}"',
            f"    url: https://news.example.org/articles/{s:04d}",
        ]
    return "\n".join(lines) + "\n"


def write_corpus(dest: Path, questions: int, seed: int = 8) -> dict[str, int]:
    """Write content/ for ``questions`` questions under ``dest``; return counts and YAML bytes."""
    rng = random.Random(seed)
    entities = max(20, min(400, questions // 10))
    sources = max(10, min(200, questions // 25))
    explainers = -(-questions // PER_EXPLAINER)
    files: dict[str, str] = {
        "sources.yml": sources_yaml(rng, sources),
        "entities.yml": entities_yaml(rng, entities, sources),
        "timeline.yml": events_yaml(rng, questions, entities, sources),
    }
    for e in range(explainers):
        files[f"explainers/explainer-{e:04d}.yml"] = explainer_yaml(rng, e, questions, entities, sources)
    size = 0
    for rel, text in files.items():
        path = dest / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        size += len(data)
    return {"questions": questions, "explainers": explainers, "yaml_bytes": size}


def main() -> None:
    """Command line: ``python bench/corpus.py DEST N``."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest", type=Path, help="content folder to write")
    parser.add_argument("questions", type=int)
    args = parser.parse_args()
    print(write_corpus(args.dest, args.questions))


if __name__ == "__main__":
    main()
