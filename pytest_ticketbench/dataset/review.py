"""``ticketbench review-sample``: a reproducible random sample of dialogues, whole, in one file.

The sample is ``ceil(share * N)`` cases (default 15%, at least one) drawn with
``random.Random(seed)`` from the case ids in sorted order, so the same folder and seed always
give the same sample. Each dialogue is written whole (every turn, the reference reply, the
labels and the notes) into one Markdown file for a person to read; any span the residual-PII
scan still finds is listed under its case (masked), so a reviewer knows where to look.
"""

from __future__ import annotations

import argparse
import math
import random
from pathlib import Path

from ._common import RawCase, fail, read_raw_cases

HELP = "write a reproducible random sample (default 15%) of whole dialogues into one readable file for review"


def draw(cases: list[RawCase], *, share: float, seed: int) -> list[RawCase]:
    ordered = sorted(cases, key=lambda c: c.id)
    k = min(len(ordered), max(1, math.ceil(share * len(ordered)))) if ordered else 0
    chosen = random.Random(seed).sample(range(len(ordered)), k)
    return [ordered[i] for i in sorted(chosen)]


def _quote_block(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.splitlines()) or ">"


def render(sample: list[RawCase], *, root: Path, total: int, share: float, seed: int) -> str:
    from .anonymize.residual import find_residual_pii

    out = [f"# Review sample of {root.name}", "",
           (f"{len(sample)} of {total} cases ({share:.0%}, seed {seed}); re-run `ticketbench review-sample {root} --share {share} --seed {seed}` "
           "for the same sample."), "",
           ("For each dialogue check: no personal data left (names, phones, e-mails, cards, IINs, addresses, document numbers); "
           "placeholders consistent ([NAME_1] is one person throughout); dates, amounts and statuses kept; the labels fit."), ""]
    for n, case in enumerate(sample, start=1):
        expected = case.get("expected") or {}
        labels = [f"scenario `{case.get('scenario')}`", f"outcome `{expected.get('outcome')}`", f"language `{case.get('language')}`",
                  f"mood `{case.get('mood', 'neutral')}`"]
        if expected.get("route"):
            labels.append(f"route `{expected.get('route')}`")
        if case.get("risk"):
            labels.append("risk " + ", ".join(f"`{r}`" for r in case.get("risk")))
        out += [f"## {n}. {case.id}", "", f"`{case.path.relative_to(root).as_posix()}` · " + " · ".join(labels), ""]
        texts: list[str] = []
        for i, turn in enumerate(case.turns(), start=1):
            text = str(turn.get("text", ""))
            texts.append(text)
            out += [f"**{i}. {turn.get('role', '?')}**", "", _quote_block(text), ""]
        strong = case.get("references.strong")
        if strong:
            texts.append(str(strong))
            out += ["**next agent turn (references.strong)**", "", _quote_block(str(strong)), ""]
        if case.get("notes"):
            out += [f"*notes:* {case.get('notes')}", ""]
        findings = [f for t in texts for f in find_residual_pii(t)]
        if findings:
            out += ["**residual PII found:** " + ", ".join(f"{f.kind} `{f.text[:2]}…`" for f in findings), ""]
        out += ["- [ ] no personal data left  - [ ] placeholders consistent  - [ ] meaning kept  - [ ] labels fit", "", "---", ""]
    return "\n".join(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("suite", metavar="SUITE_DIR", help="the (anonymized) suite folder")
    parser.add_argument("-o", "--out", required=True, metavar="FILE", help="the review file to write (Markdown)")
    parser.add_argument("--share", type=float, default=0.15, help="share of cases to draw (default 0.15)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0); the same seed gives the same sample")


def run(args: argparse.Namespace) -> int:
    root = Path(args.suite)
    if not 0 < args.share <= 1:
        return fail("review-sample", f"--share {args.share} must be in (0, 1]")
    if not root.is_dir():
        return fail("review-sample", f"{root}: not a folder")
    cases, errors = read_raw_cases(root)
    if errors:
        return fail("review-sample", "\n".join(e.describe() for e in errors))
    if not cases:
        return fail("review-sample", f"{root}: no case files")
    sample = draw(cases, share=args.share, seed=args.seed)
    out = Path(args.out)
    if root.resolve() in out.resolve().parents:
        return fail("review-sample", f"{out} is inside the suite folder; write the review file elsewhere")
    out.write_text(render(sample, root=root, total=len(cases), share=args.share, seed=args.seed), encoding="utf-8")
    print(f"wrote {len(sample)} of {len(cases)} dialogues (seed {args.seed}) to {out}: " + ", ".join(c.id for c in sample))
    return 0
