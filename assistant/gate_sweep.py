"""Fitting the refusal gate: every GateConfig of a grid applied to the evidence a finished
evaluation run recorded (no question is asked again), scored on the items given (the dev split
only: test is never fitted on). The trade-off curve is refusal of unanswerable questions against
false refusals of answerable ones, per threshold, with the best penalties at that threshold.

Each item's score is its relevance less a weighted sum of its penalties (Evidence.penalties), so
under one setting of the cut-offs the whole weight grid is one matrix product."""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import Any

import numpy as np

from kehoach.assistant.config import GateConfig
from kehoach.assistant.gate import Evidence

THRESHOLDS = tuple(round(0.4 + 0.025 * i, 3) for i in range(23))
# The weights of the penalties (Evidence.penalties' names) and the cut-offs they depend on.
PENALTIES = {
    "absent_topic": (0.0, 0.1, 0.25, 0.5),
    "place_missing": (0.0, 0.1, 0.2),
    "figure_missing": (0.0, 0.1, 0.2),
    "year_mismatch": (0.0, 0.1, 0.2),
    "period_mismatch": (0.0, 0.1, 0.2),
    "year_unstated": (0.0, 0.1, 0.2),
    "type_missing": (0.0, 0.1, 0.2),
    "sentence_absent": (0.0, 0.1, 0.25, 0.5),
    "meaning_gap": (0.0, 0.5, 1.0, 2.0),
    "absent_pair": (0.0, 0.1, 0.15, 0.25),
}
CUTOFFS = {"absent_share": (0.2, 0.3), "type_cover": (0.0, 0.3), "sentence_share": (0.3, 0.5)}
# A guard set (another run's items: the project's own eval/qa.jsonl) that a fitted gate must not
# make worse: refusal of its unanswerable questions at least GUARD_REFUSAL, and in no kind of
# question more than GUARD_FALSE of the answers that held the expected words refused beyond those
# the base gate refuses (answer-contains may drop at most that much per kind).
GUARD_REFUSAL = 0.97
GUARD_FALSE = 0.03


def supported(stat: dict, gate: GateConfig) -> bool:
    """Whether the item would be answered under `gate`: only answers the gate saw can change."""
    if not stat.get("evidence"):
        return stat["supported"]
    return not Evidence.from_json(stat["evidence"]).refuses(gate)


def rates(stats: list[dict], gate: GateConfig) -> tuple[float, float]:
    """(refusal of unanswerable, false refusal of answerable) under `gate`."""
    unanswerable = [s for s in stats if not s["answerable"]]
    answerable = [s for s in stats if s["answerable"]]
    refused = sum(not supported(s, gate) for s in unanswerable) / (len(unanswerable) or 1)
    false = sum(not supported(s, gate) for s in answerable) / (len(answerable) or 1)
    return round(refused, 4), round(false, 4)


class _Scored:
    """The score of every gated item under every weight row of a grid, for one set of cut-offs;
    items the gate never saw (routes, unknown places) keep their recorded outcome."""

    def __init__(self, stats: list[dict], cut: GateConfig, grid: np.ndarray) -> None:
        gated = [s for s in stats if s.get("evidence")]
        evidence = [Evidence.from_json(s["evidence"]) for s in gated]
        features = np.array([[e.penalties(cut)[k] for k in PENALTIES] for e in evidence])
        relevance = np.array([e.relevance for e in evidence])
        self.scores = relevance[None, :] - grid @ features.reshape(-1, len(PENALTIES)).T
        self.answerable = np.array([s["answerable"] for s in gated], dtype=bool)
        fixed = [s for s in stats if not s.get("evidence") and not s["supported"]]
        self.fixed = (sum(not s["answerable"] for s in fixed), sum(s["answerable"] for s in fixed))
        self.totals = (sum(not s["answerable"] for s in stats) or 1, sum(s["answerable"] for s in stats) or 1)
        # Per kind: which gated items are right answers, and how many answerable items it has.
        kinds = {s.get("kind") for s in stats if s["answerable"]}
        self.right_answers = {
            k: (
                np.array([bool(s["answerable"] and s.get("contains") and s.get("kind") == k) for s in gated]),
                sum(s["answerable"] and s.get("kind") == k for s in stats),
            )
            for k in kinds
        }

    def rates(self, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """Refusal of unanswerable and false refusal, per weight row, at `threshold`."""
        refused = self.scores < threshold
        right = (refused[:, ~self.answerable].sum(axis=1) + self.fixed[0]) / self.totals[0]
        wrong = (refused[:, self.answerable].sum(axis=1) + self.fixed[1]) / self.totals[1]
        return np.round(right, 4), np.round(wrong, 4)

    def lost(self, threshold: float) -> np.ndarray:
        """Per weight row, the largest share of one kind's answerable items whose right answer is
        refused at `threshold` (kinds as columns)."""
        refused = self.scores < threshold
        return np.stack(
            [refused[:, mask].sum(axis=1) / n for mask, n in self.right_answers.values()], axis=1
        ).reshape(len(self.scores), -1)


def _grid(stats: list[dict], base: GateConfig) -> np.ndarray:
    """The weight grid; a penalty that no item shows under any cut-off (a signal the run did not
    record) keeps its base weight: weighing it cannot change a score, and the grid stays small."""
    evidence = [Evidence.from_json(s["evidence"]) for s in stats if s.get("evidence")]
    combos = itertools.product(*CUTOFFS.values())
    settings: list[dict[str, Any]] = [dict(zip(CUTOFFS, c, strict=True)) for c in combos]
    cuts = [replace(base, **c) for c in settings]
    shown = {k for e in evidence for cut in cuts for k, v in e.penalties(cut).items() if v}
    values = [PENALTIES[k] if k in shown else (getattr(base, k),) for k in PENALTIES]
    return np.array(list(itertools.product(*values)))


def sweep(stats: list[dict], base: GateConfig, guard: list[dict] | None = None) -> dict:
    """The best gate by balanced accuracy (mean of the two rates' good sides; ties: fewer false
    refusals, then the configuration nearest `base`), and the curve per threshold; with `guard`,
    only among the gates that keep the guard set's refusals (GUARD_REFUSAL, GUARD_FALSE)."""
    grid = _grid(stats, base)
    weights_base = np.array([getattr(base, k) for k in PENALTIES])
    lost_base = _Scored(guard, base, weights_base[None, :]).lost(base.threshold) if guard else None
    best: tuple | None = None
    curve: dict[float, tuple] = {}
    for cutoffs in itertools.product(*CUTOFFS.values()):
        cuts: dict[str, Any] = dict(zip(CUTOFFS, cutoffs, strict=True))
        cut = replace(base, **cuts)
        cut_distance = sum(abs(v - getattr(base, k)) for k, v in zip(CUTOFFS, cutoffs, strict=True))
        scored = _Scored(stats, cut, grid)
        guarded = _Scored(guard, cut, grid) if guard else None
        for threshold in THRESHOLDS:
            right, wrong = scored.rates(threshold)
            balanced = np.round((right + 1 - wrong) / 2, 4)
            if guarded is not None:
                worse = (guarded.lost(threshold) - lost_base > GUARD_FALSE + 1e-9).any(axis=1)
                balanced[(guarded.rates(threshold)[0] < GUARD_REFUSAL) | worse] = -1.0
            moved = cut_distance + abs(threshold - base.threshold)
            distance = np.abs(grid - weights_base).sum(axis=1) + moved
            i = int(np.lexsort((distance, wrong, -balanced))[0])
            key = (float(balanced[i]), -float(wrong[i]), -float(distance[i]))
            weights: dict[str, Any] = dict(zip(PENALTIES, map(float, grid[i]), strict=True))
            gate = replace(cut, threshold=threshold, **weights)
            if key[0] < 0:
                continue
            if threshold not in curve or key > curve[threshold][0]:
                curve[threshold] = (key, float(right[i]), float(wrong[i]), gate)
            if best is None or key > best[0]:
                best = (key, float(right[i]), float(wrong[i]), gate)
    if best is None:
        raise ValueError("no gate of the grid keeps the guard set's refusals")
    return {
        "current": dict(zip(("refusal_unanswerable", "false_refusal"), rates(stats, base), strict=True)),
        "best": {"refusal_unanswerable": best[1], "false_refusal": best[2], "gate": vars(best[3])},
        "curve": [
            {"threshold": t, "refusal_unanswerable": r, "false_refusal": f, "gate": vars(g)}
            for t, (_, r, f, g) in sorted(curve.items())
        ],
    }
