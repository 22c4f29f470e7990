"""Measure near-duplicate detection: rapidfuzz (``fuzz.ratio``) against datasketch MinHash LSH.

    python tests/data/dataset/bench_dedupe.py [--n 2000] [--seed 1]

Ground truth: every customer opening message of ``cases/v1`` and of this folder's export is
a distinct problem (many are different wordings of the same scenario: those must be kept).
Each gets variants that are duplicates by definition: the template refilled (every number
and name replaced) or the same customer writing again (a phrase added or dropped, a typo,
punctuation). Pairs from the same base are duplicates, all other pairs are not; precision
and recall are over pairs. Needs ``datasketch`` (not a dependency: only this script uses it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
NAMES = ["Anna", "Peter", "Olga", "Serik", "Laura", "Ivan", "Dana", "Mark", "Айгерим", "Марат", "Ольга", "Павел"]
ADD = [" Please help!", " Any update?", " Срочно!", " Жду ответа.", " Thanks.", "!!"]


def bases() -> list[str]:
    out = []
    for path in sorted((ROOT / "cases" / "v1").rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("conversation"):
            out.append(next(t["text"] for t in data["conversation"] if t["role"] == "customer"))
    export = json.loads((Path(__file__).with_name("export.json")).read_text(encoding="utf-8"))
    seen = set(out)
    for t in export["tickets"]:
        body = t["comments"][0]["body"]
        if body not in seen and t["id"] not in (1002, 1004, 1007, 1013, 1018):
            seen.add(body)
            out.append(body)
    return out


def variant(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:  # the template refilled
        text = re.sub(r"\d", lambda m: str(rng.randrange(10)), text)
        return re.sub(r"\b[A-ZА-Я][a-zа-я]{2,}\b", lambda m: rng.choice(NAMES) if rng.random() < 0.3 else m.group(), text)
    words = text.split()  # the same customer again
    for _ in range(rng.randint(1, 2)):
        op = rng.randrange(3)
        if op == 0 and len(words) > 4:
            del words[rng.randrange(len(words))]
        elif op == 1:
            i = rng.randrange(len(words))
            w = words[i]
            if len(w) > 3:
                j = rng.randrange(len(w) - 1)
                words[i] = w[:j] + w[j + 1] + w[j] + w[j + 2:]
        else:
            words.append(rng.choice(ADD).strip())
    return " ".join(words)


def normalize(text: str) -> str:
    text = re.sub(r"\d", "0", text.lower())
    return " ".join(re.sub(r"[\W_]+", " ", text).split())


def scores(pred: set[tuple[int, int]], truth: set[tuple[int, int]]) -> tuple[float, float]:
    tp = len(pred & truth)
    return (tp / len(pred) if pred else 1.0), (tp / len(truth) if truth else 1.0)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = bases()
    texts, label = list(base), list(range(len(base)))
    while len(texts) < args.n:
        b = rng.randrange(len(base))
        texts.append(variant(base[b], rng))
        label.append(b)
    norm = [normalize(t) for t in texts]
    truth = {(i, j) for i, j in itertools.combinations(range(len(texts)), 2) if label[i] == label[j]}
    print(f"{len(texts)} texts from {len(base)} distinct problems, {len(truth)} duplicate pairs")

    from rapidfuzz import fuzz, process

    nb = [normalize(t) for t in base]
    worst = max((fuzz.ratio(nb[i], nb[j]), i, j) for i, j in itertools.combinations(range(len(nb)), 2))
    print(f"highest ratio between two different problems: {worst[0]:.1f} ({base[worst[1]][:50]!r} / {base[worst[2]][:50]!r})")
    for threshold in (70, 75, 80, 85, 90):
        t0 = time.perf_counter()
        pred = set()
        for i in range(len(norm)):
            for _, _, j in process.extract(norm[i], norm[:i], scorer=fuzz.ratio, score_cutoff=threshold, limit=None):
                pred.add((j, i))
        p, r = scores(pred, truth)
        print(f"rapidfuzz ratio >= {threshold}: precision {p:.3f} recall {r:.3f}  {time.perf_counter() - t0:.2f}s")

    from datasketch import MinHash, MinHashLSH

    for threshold in (0.5, 0.6, 0.7, 0.8):
        for shingle in ("word3", "char5"):
            t0 = time.perf_counter()
            lsh = MinHashLSH(threshold=threshold, num_perm=128)
            hashes = []
            for i, t in enumerate(norm):
                grams = {t[k:k + 5] for k in range(max(1, len(t) - 4))} if shingle == "char5" else \
                    {" ".join(g) for g in zip(*(t.split()[k:] for k in range(3)))} or {t}
                m = MinHash(num_perm=128)
                m.update_batch([g.encode() for g in grams])
                hashes.append(m)
                lsh.insert(i, m)
            pred = {(min(i, j), max(i, j)) for i in range(len(norm)) for j in lsh.query(hashes[i]) if j != i}
            p, r = scores(pred, truth)
            print(f"MinHash LSH {shingle} jaccard >= {threshold}: precision {p:.3f} recall {r:.3f}  {time.perf_counter() - t0:.2f}s")


if __name__ == "__main__":
    main()
