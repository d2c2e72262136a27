"""Fit the refusal gate on the dev split, and report dev and test under it.

    python eval/fit_gate.py --home HOME [--qa eval/wild/qa.jsonl] [--out run.json] [--guard qa-run.json]
                            [--meaning]
    python eval/fit_gate.py --from run.json [--guard qa-run.json]

One evaluation run with the gate open (every text answer composed, its evidence recorded; an
unknown place is still refused) gives every item's answer and evidence; the gate changes only
whether an answer is shown, so any GateConfig's figures follow from that run without asking
again. The sweep (assistant/gate_sweep.py) picks the best gate on dev only; test is reported.
With --guard (a run of this script on eval/qa.jsonl, saved with --out), only gates that keep the
project's own set's refusals are considered (gate_sweep.GUARD_REFUSAL, GUARD_FALSE). With
--meaning the run also embeds each question's answer sentences, so the sweep can weigh their
cosine (Evidence.meaning; a batch of embeddings per question, which the defaults do not pay).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from kehoach.assistant import gate_sweep
from kehoach.assistant.config import DEFAULT, GateConfig

REPO = Path(__file__).resolve().parents[1]
OPEN_GATE = replace(DEFAULT, gate=replace(DEFAULT.gate, threshold=-1e9))


def _run(home: str, qa: Path, meaning: bool) -> dict:
    from kehoach.assistant.evaluate import evaluate, load_qa
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.settings import load_settings

    settings = load_settings(home=home)
    with Index.open(settings, get_embedder(settings.embedder)) as index:
        gate = replace(OPEN_GATE.gate, meaning_gap=1.0) if meaning else OPEN_GATE.gate
        return evaluate(index, load_qa(qa), baseline=False, sweep=False, config=replace(OPEN_GATE, gate=gate))


def _stats(result: dict) -> list[dict]:
    return [
        {
            "answerable": bool(row["expected_doc"]),
            "supported": row["supported"],
            "evidence": row.get("evidence"),
            "split": row.get("split"),
            "kind": row["kind"],
            "contains": row["answer_contains"],
        }
        for row in result["items"]
    ]


def figures(stats: list[dict], gate: GateConfig) -> dict:
    """Answer-contains (an answer refused contains nothing), per kind, and both refusal rates."""
    answerable = [s for s in stats if s["answerable"]]

    def mean(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    shown = [s["contains"] and gate_sweep.supported(s, gate) for s in answerable]
    kinds = sorted({s["kind"] for s in answerable})
    refused, false = gate_sweep.rates(stats, gate)
    return {
        "n": len(stats),
        "answer_contains": mean(shown),
        **{k: mean([c for s, c in zip(answerable, shown, strict=True) if s["kind"] == k]) for k in kinds},
        "refusal_unanswerable": refused,
        "false_refusal": false,
    }


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home")
    parser.add_argument("--qa", default=str(REPO / "eval" / "wild" / "qa.jsonl"))
    parser.add_argument("--out")
    parser.add_argument("--from", dest="source")
    parser.add_argument("--guard", help="an open-gate run on eval/qa.jsonl (--out of this script)")
    parser.add_argument("--meaning", action="store_true", help="record the answer sentences' cosine")
    args = parser.parse_args(argv)
    guard = _stats(json.loads(Path(args.guard).read_text())) if args.guard else None
    if args.source:
        result = json.loads(Path(args.source).read_text())
    else:
        result = _run(args.home, Path(args.qa), args.meaning)
    if args.out:
        Path(args.out).write_text(json.dumps(result, ensure_ascii=False))
    stats = _stats(result)
    splits = sorted({s["split"] or "all" for s in stats})
    for s in stats:
        s["split"] = s["split"] or "all"
    fit = gate_sweep.sweep([s for s in stats if s["split"] == "dev"] or stats, DEFAULT.gate, guard)
    best = GateConfig(**fit["best"]["gate"])
    print(
        "Trade-off on dev (best penalties per threshold): threshold, refusal of unanswerable, false refusal"
    )
    for row in fit["curve"]:
        print(f"  {row['threshold']:<6} {row['refusal_unanswerable']:.3f} {row['false_refusal']:.3f}")
    print(f"best on {'dev' if 'dev' in splits else 'all'}: {best}")
    for name, gate in (("default", DEFAULT.gate), ("fitted", best)):
        for split in splits:
            print(name, split, figures([s for s in stats if s["split"] == split], gate))
        if guard:
            print(name, "guard", figures(guard, gate))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
