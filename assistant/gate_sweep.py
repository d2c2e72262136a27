"""Fitting the refusal gate: every GateConfig of a grid applied to the evidence a finished
evaluation run recorded (no question is asked again), scored on the items given (the dev split
only: test is never fitted on). The trade-off curve is refusal of unanswerable questions against
false refusals of answerable ones, per threshold, with the best penalties at that threshold.

Each item's score is its relevance less a weighted sum of its penalties (Evidence.penalties), so
under one setting of the cut-offs the whole weight grid is one matrix product."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from kehoach.assistant.config import GateConfig
from kehoach.assistant.gate import Evidence

THRESHOLDS = tuple(round(0.4 + 0.025 * i, 3) for i in range(23))
# The weights of the penalties (Evidence.penalties' names) and the cut-offs they depend on.
PENALTIES: dict[str, tuple[float, ...]] = {
    "absent_topic": (0.0, 0.1, 0.25, 0.5),
    "place_missing": (0.0, 0.1, 0.2),
    "figure_missing": (0.0, 0.1, 0.2),
    "year_mismatch": (0.0, 0.1, 0.2),
    "period_mismatch": (0.0, 0.1, 0.2),
    "year_unstated": (0.0, 0.1, 0.2),
    "type_missing": (0.0, 0.1, 0.2),
    "tally_unstated": (0.0, 0.1, 0.2, 0.3),
    "year_elsewhere": (0.0, 0.1, 0.2, 0.3),
    "sentence_absent": (0.0, 0.1, 0.25, 0.5),
    "meaning_gap": (0.0, 0.5, 1.0, 2.0),
    "absent_pair": (0.0, 0.1, 0.15, 0.25),
    "compared": (0.0, 0.05, 0.1, 0.15),
    "open_question": (0.0, 0.025, 0.05, 0.075, 0.1),
}
CUTOFFS: dict[str, tuple[float, ...]] = {
    "absent_share": (0.2, 0.3),
    "type_cover": (0.0, 0.3),
    "sentence_share": (0.3, 0.5),
}
# A guard set (another run's items: the project's own eval/qa.jsonl) that a fitted gate must not
# make worse: refusal of its unanswerable questions at least GUARD_REFUSAL, and in no kind of
# question more than GUARD_FALSE of the answers that held the expected words refused beyond those
# the base gate refuses (answer-contains may drop at most that much per kind).
GUARD_REFUSAL = 0.97
GUARD_FALSE = 0.03


@dataclass(frozen=True)
class Procedure:
    """How the sweep fits a gate: the weights searched per penalty ("a+b": one weight the two
    share; a penalty left out keeps the base's weight), the cut-offs, the thresholds, and what a
    false refusal costs against a missed refusal (1: balanced accuracy; more leans toward
    answering). What a procedure's fit carries to documents it never saw, cross_validate measures."""

    penalties: dict[str, tuple[float, ...]] = field(default_factory=lambda: PENALTIES)
    cutoffs: dict[str, tuple[float, ...]] = field(default_factory=lambda: CUTOFFS)
    thresholds: tuple[float, ...] = THRESHOLDS
    answer_cost: float = 1.0


# Every weight and cut-off free. Fitted on the 124 wild dev questions alone it refuses 0.952 with
# 2.9% false refusals in sample, 0.762 with 4.9% held out by document (5 folds, neutral base);
# pooled with the blind new dev questions and eval/qa.jsonl, 0.81 held out (eval/README.md).
# The count and the place-of-the-year signals share one weight: both say the answer sentences state
# what is asked of something else, and searched apart they made the grid too large to refit per fold.
FULL = Procedure(
    penalties={
        **{
            k: v
            for k, v in PENALTIES.items()
            if k not in ("tally_unstated", "year_elsewhere", "open_question")
        },
        "tally_unstated+year_elsewhere": PENALTIES["tally_unstated"],
    }
)
WEIGHTS = (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3)
# Two weights and the threshold: one weight every yes/no penalty shares, one every share penalty
# shares (from 0.075, so the seeds' "đào tạo phi công" and "quốc phòng" questions, whose evidence
# is shares only, stay refused). Held out it refuses nearly as in sample, but it refuses more
# answerable questions than FULL for no refusal held out beyond a question or two (eval/README.md).
TIED = Procedure(
    penalties={
        "place_missing+year_mismatch+figure_missing+period_mismatch+year_unstated+type_missing"
        "+tally_unstated+year_elsewhere": WEIGHTS,
        "absent_topic+sentence_absent+absent_pair": (0.075, *WEIGHTS[2:]),
    },
    cutoffs={},
)
# The credit for open questions alone, the rest of the gate and its threshold kept: how
# GateConfig.open_question was fitted (eval/README.md, "Session 13"), as FULL leaves it out.
OPEN = Procedure(
    penalties={"open_question": PENALTIES["open_question"]},
    cutoffs={},
    thresholds=(GateConfig().threshold,),
)
# The procedures eval/fit_gate.py offers (--procedure); "default" is the one GateConfig came from.
PROCEDURES = {"default": FULL, "tied": TIED, "full": FULL, "open": OPEN}


def neutral(base: GateConfig) -> GateConfig:
    """`base` weighing no penalty: a sweep's ties go to the gate nearest its base, so a base that
    was itself fitted on the items would leak that fit into a cross-validation."""
    zero: dict[str, Any] = dict.fromkeys(PENALTIES, 0.0)
    return replace(base, **zero)


def supported(stat: dict, gate: GateConfig) -> bool:
    """Whether the item would be answered under `gate`: only answers the gate saw can change."""
    if not stat.get("evidence"):
        return stat["supported"]
    return not Evidence.from_json(stat["evidence"]).refuses(gate)


def rates(stats: list[dict], gate: GateConfig | list[GateConfig]) -> tuple[float, float]:
    """(refusal of unanswerable, false refusal of answerable) under `gate`, one for every item or
    each item's own (its held-out gate, cross_validate)."""
    gates = gate if isinstance(gate, list) else [gate] * len(stats)
    refused = [not supported(s, g) for s, g in zip(stats, gates, strict=True)]
    unanswerable = [r for s, r in zip(stats, refused, strict=True) if not s["answerable"]]
    answerable = [r for s, r in zip(stats, refused, strict=True) if s["answerable"]]
    return round(sum(unanswerable) / (len(unanswerable) or 1), 4), round(
        sum(answerable) / (len(answerable) or 1), 4
    )


def _shares(stats: list[dict]) -> dict[int, float]:
    """Each item's share of its side (answerable or not), every run (an item's `source`) weighing
    alike: pooled with the project's own set, whose 182 answerable questions are easy, the wild
    questions' false refusals would otherwise count for little."""
    sides: dict[tuple[bool, str], int] = {}
    for s in stats:
        key = (bool(s["answerable"]), s.get("source", ""))
        sides[key] = sides.get(key, 0) + 1
    runs = {a: sum(1 for side in sides if side[0] == a) for a in (False, True)}
    return {
        id(s): 1 / (runs[bool(s["answerable"])] * sides[(bool(s["answerable"]), s.get("source", ""))])
        for s in stats
    }


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
        share = _shares(stats)
        self.share = np.array([share[id(s)] for s in gated])
        fixed = [s for s in stats if not s.get("evidence") and not s["supported"]]
        self.fixed = tuple(sum(share[id(s)] for s in fixed if s["answerable"] == a) for a in (False, True))
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
        right = refused[:, ~self.answerable] @ self.share[~self.answerable] + self.fixed[0]
        wrong = refused[:, self.answerable] @ self.share[self.answerable] + self.fixed[1]
        return np.round(right, 4), np.round(wrong, 4)

    def lost(self, threshold: float) -> np.ndarray:
        """Per weight row, the largest share of one kind's answerable items whose right answer is
        refused at `threshold` (kinds as columns)."""
        refused = self.scores < threshold
        return np.stack(
            [refused[:, mask].sum(axis=1) / n for mask, n in self.right_answers.values()], axis=1
        ).reshape(len(self.scores), -1)


def _grid(stats: list[dict], base: GateConfig, procedure: Procedure) -> np.ndarray:
    """The weight grid; a penalty the procedure does not search, or that no item shows under any
    cut-off (a signal the run did not record), keeps its base weight: weighing it cannot change a
    score, and the grid stays small."""
    evidence = [Evidence.from_json(s["evidence"]) for s in stats if s.get("evidence")]
    cuts = [replace(base, **c) for c in _cutoffs(procedure)]
    shown = {k for e in evidence for cut in cuts for k, v in e.penalties(cut).items() if v}
    searched = {k: v for k, v in procedure.penalties.items() if shown & set(k.split("+"))}
    rows = []
    for values in itertools.product(*searched.values()):
        weights = {name: v for k, v in zip(searched, values, strict=True) for name in k.split("+")}
        rows.append([weights.get(k, getattr(base, k)) for k in PENALTIES])
    return np.array(rows)


def _cutoffs(procedure: Procedure) -> list[dict[str, Any]]:
    combos = itertools.product(*procedure.cutoffs.values())
    return [dict(zip(procedure.cutoffs, c, strict=True)) for c in combos]


def sweep(
    stats: list[dict], base: GateConfig, guard: list[dict] | None = None, procedure: Procedure = FULL
) -> dict:
    """The best gate of `procedure`'s grid by its objective (the two rates' good sides, a false
    refusal weighing `answer_cost`; ties: fewer false refusals, then the configuration nearest
    `base`), and the curve per threshold; with `guard`, only among the gates that keep the guard
    set's refusals (GUARD_REFUSAL, GUARD_FALSE)."""
    grid = _grid(stats, base, procedure)
    weights_base = np.array([getattr(base, k) for k in PENALTIES])
    lost_base = _Scored(guard, base, weights_base[None, :]).lost(base.threshold) if guard else None
    best: tuple | None = None
    curve: dict[float, tuple] = {}
    cost = procedure.answer_cost
    for cuts in _cutoffs(procedure):
        cut = replace(base, **cuts)
        cut_distance = sum(abs(v - getattr(base, k)) for k, v in cuts.items())
        scored = _Scored(stats, cut, grid)
        guarded = _Scored(guard, cut, grid) if guard else None
        for threshold in procedure.thresholds:
            right, wrong = scored.rates(threshold)
            balanced = np.round((right + cost * (1 - wrong)) / (1 + cost), 4)
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


def folds(stats: list[dict], k: int) -> list[int]:
    """Each item's fold, whole groups (an item's `group`: its document) in one fold, so a held-out
    fold's wording and documents were never fitted on. Groups holding unanswerable items are dealt
    first, to the fold with fewest of them, so each fold holds some; the rest to the smallest."""
    groups: dict[str, list[int]] = {}
    for i, s in enumerate(stats):
        groups.setdefault(s.get("group") or f"item {i}", []).append(i)
    negatives = {g: sum(not stats[i]["answerable"] for i in members) for g, members in groups.items()}
    fold = [0] * len(stats)
    load = [[0, 0] for _ in range(k)]
    for g in sorted(groups, key=lambda g: (-negatives[g], -len(groups[g]), g)):
        f = min(range(k), key=lambda j: (load[j][0], load[j][1], j) if negatives[g] else (load[j][1], j))
        load[f][0] += negatives[g]
        load[f][1] += len(groups[g])
        for i in groups[g]:
            fold[i] = f
    return fold


def cross_validate(
    stats: list[dict], base: GateConfig, k: int, procedure: Procedure = FULL, guard: list[dict] | None = None
) -> list[GateConfig]:
    """Each item's held-out gate: `procedure` fitted on the other folds (folds()), so the rates of
    the items under their own gates estimate the procedure out of sample, not its fit."""
    fold = folds(stats, k)
    held: list[GateConfig] = [base] * len(stats)
    for f in range(k):
        train = [s for s, g in zip(stats, fold, strict=True) if g != f]
        gate = GateConfig(**sweep(train, base, guard, procedure)["best"]["gate"])
        for i in (i for i, g in enumerate(fold) if g == f):
            held[i] = gate
    return held
