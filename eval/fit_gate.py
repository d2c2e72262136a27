"""Fit the refusal gate on the dev split, and report dev and test under it.

    python eval/fit_gate.py --home HOME [--qa eval/wild/qa.jsonl] [--out run.json] [--guard qa-run.json]
                            [--meaning] [--procedure NAME] [--cv K]
    python eval/fit_gate.py --from run.json [--from other-run.json ...] [--guard qa-run.json] [--cv K]

One evaluation run with the gate open (every text answer composed, its evidence recorded; an
unknown place is still refused) gives every item's answer and evidence; the gate changes only
whether an answer is shown, so any GateConfig's figures follow from that run without asking
again. The sweep (assistant/gate_sweep.py) picks the best gate on every item but test's (dev, and
the items of runs without splits, such as eval/qa.jsonl's: several --from runs are pooled); test
is only reported. With --guard (a run of this script on eval/qa.jsonl, saved with --out), only
gates that keep the project's own set's refusals are considered (gate_sweep.GUARD_REFUSAL,
GUARD_FALSE). With --meaning the run also embeds each question's answer sentences, so the sweep
can weigh their cosine (Evidence.meaning; a batch of embeddings per question, which the defaults
do not pay). --procedure picks how the gate is fitted (gate_sweep.PROCEDURES); --cv K estimates
that procedure out of sample: fitted on all folds but one (whole documents per fold), figures on
the fold left out, each item once, per run; --neutral fits from a base that weighs no penalty, so
the base's own fit (GateConfig's, made on these items) does not leak into the estimate.
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


def _group(row: dict) -> str:
    """The document an item is about: its expected one, or for an unanswerable question the
    document the search put first (its near miss), so folds keep a document's questions together."""
    hits = [Path(h.get("source") or h["doc_id"]).name for h in row.get("hits", [])]
    return (row["expected_doc"] or hits or [row["id"]])[0]


def _stats(result: dict, source: str = "") -> list[dict]:
    return [
        {
            "answerable": bool(row["expected_doc"]),
            "supported": row["supported"],
            "evidence": row.get("evidence"),
            "split": row.get("split") or "all",
            "kind": row["kind"],
            "contains": row["answer_contains"],
            "source": source,
            "group": f"{source}:{_group(row)}",
        }
        for row in result["items"]
    ]


def figures(stats: list[dict], gate: GateConfig | list[GateConfig]) -> dict:
    """Answer-contains (an answer refused contains nothing), per kind, and both refusal rates, under
    one gate or each item's own (its held-out gate)."""
    gates = gate if isinstance(gate, list) else [gate] * len(stats)
    answerable = [(s, g) for s, g in zip(stats, gates, strict=True) if s["answerable"]]

    def mean(values: list[bool]) -> float | None:
        return round(sum(values) / len(values), 3) if values else None

    shown = [s["contains"] and gate_sweep.supported(s, g) for s, g in answerable]
    kinds = sorted({s["kind"] for s, _ in answerable})
    refused, false = gate_sweep.rates(stats, gates)
    return {
        "n": len(stats),
        "answer_contains": mean(shown),
        **{
            k: mean([c for (s, _), c in zip(answerable, shown, strict=True) if s["kind"] == k]) for k in kinds
        },
        "refusal_unanswerable": refused,
        "false_refusal": false,
    }


def _parts(stats: list[dict]) -> dict[str, list[int]]:
    """The items of each run and split, by index (the figures are read per part)."""
    parts: dict[str, list[int]] = {}
    for i, s in enumerate(stats):
        parts.setdefault(f"{s['source']} {s['split']}".strip(), []).append(i)
    return parts


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home")
    parser.add_argument("--qa", default=str(REPO / "eval" / "wild" / "qa.jsonl"))
    parser.add_argument("--out")
    parser.add_argument(
        "--from", dest="sources", action="append", help="an open-gate run (--out); repeatable"
    )
    parser.add_argument("--guard", help="an open-gate run on eval/qa.jsonl (--out of this script)")
    parser.add_argument("--meaning", action="store_true", help="record the answer sentences' cosine")
    parser.add_argument("--procedure", default="default", choices=sorted(gate_sweep.PROCEDURES))
    parser.add_argument("--cv", type=int, default=0, help="folds of a cross-validation by document")
    parser.add_argument("--neutral", action="store_true", help="fit from a base weighing no penalty")
    args = parser.parse_args(argv)
    guard = _stats(json.loads(Path(args.guard).read_text())) if args.guard else None
    if args.sources:
        runs = {Path(f).stem: json.loads(Path(f).read_text()) for f in args.sources}
    else:
        runs = {"run": _run(args.home, Path(args.qa), args.meaning)}
    if args.out:
        Path(args.out).write_text(json.dumps(next(iter(runs.values())), ensure_ascii=False))
    stats = [s for name, result in runs.items() for s in _stats(result, name if len(runs) > 1 else "")]
    procedure = gate_sweep.PROCEDURES[args.procedure]
    fitted = [s for s in stats if s["split"] != "test"]
    base = gate_sweep.neutral(DEFAULT.gate) if args.neutral else DEFAULT.gate
    fit = gate_sweep.sweep(fitted, base, guard, procedure)
    best = GateConfig(**fit["best"]["gate"])
    print("Trade-off (best penalties per threshold): threshold, refusal of unanswerable, false refusal")
    for row in fit["curve"]:
        print(f"  {row['threshold']:<6} {row['refusal_unanswerable']:.3f} {row['false_refusal']:.3f}")
    print(f"best ({args.procedure}, fitted on {len(fitted)} items): {best}")
    gates = {"default": DEFAULT.gate, "fitted": best}
    if args.cv:
        held = gate_sweep.cross_validate(fitted, base, args.cv, procedure, guard)
        print(f"{args.cv}-fold thresholds: {sorted({g.threshold for g in held})}")
    for name, gate in gates.items():
        for part, members in _parts(stats).items():
            print(name, part, figures([stats[i] for i in members], gate))
        if guard:
            print(name, "guard", figures(guard, gate))
    if args.cv:
        for part, members in _parts(fitted).items():
            print(f"cv{args.cv}", part, figures([fitted[i] for i in members], [held[i] for i in members]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
