"""Fitting the refusal gate: every GateConfig of a grid applied to the evidence a finished
evaluation run recorded (no question is asked again), scored on the items given (the dev split
only: test is never fitted on). The trade-off curve is refusal of unanswerable questions against
false refusals of answerable ones, per threshold, with the best penalties at that threshold."""

from __future__ import annotations

import itertools
from dataclasses import replace

from kehoach.assistant.config import GateConfig
from kehoach.assistant.gate import Evidence

THRESHOLDS = tuple(round(0.4 + 0.025 * i, 3) for i in range(23))
PENALTIES = {
    "absent_topic": (0.0, 0.25, 0.5, 1.0),
    "absent_share": (0.1, 0.2, 0.3),
    "place_missing": (0.0, 0.1, 0.2),
    "figure_missing": (0.0, 0.1, 0.2),
    "year_mismatch": (0.0, 0.1, 0.2),
}


def _supported(stat: dict, gate: GateConfig) -> bool:
    """Whether the item would be answered under `gate`: only answers the gate saw can change."""
    if not stat.get("evidence"):
        return stat["supported"]
    return not Evidence.from_json(stat["evidence"]).refuses(gate)


def rates(stats: list[dict], gate: GateConfig) -> tuple[float, float]:
    """(refusal of unanswerable, false refusal of answerable) under `gate`."""
    unanswerable = [s for s in stats if not s["answerable"]]
    answerable = [s for s in stats if s["answerable"]]
    refused = sum(not _supported(s, gate) for s in unanswerable) / (len(unanswerable) or 1)
    false = sum(not _supported(s, gate) for s in answerable) / (len(answerable) or 1)
    return round(refused, 4), round(false, 4)


def sweep(stats: list[dict], base: GateConfig) -> dict:
    """The best gate by balanced accuracy (mean of the two rates' good sides; ties: fewer false
    refusals, then the configuration nearest `base`), and the curve per threshold."""
    names = list(PENALTIES)
    best: tuple | None = None
    curve: dict[float, tuple] = {}
    for threshold in THRESHOLDS:
        for values in itertools.product(*PENALTIES.values()):
            gate = replace(base, threshold=threshold, **dict(zip(names, values, strict=True)))
            refused, false = rates(stats, gate)
            key = (round((refused + 1 - false) / 2, 4), -false)
            if threshold not in curve or key > curve[threshold][0]:
                curve[threshold] = (key, refused, false, gate)
            if best is None or key > best[0]:
                best = (key, refused, false, gate)
    assert best is not None
    return {
        "current": dict(zip(("refusal_unanswerable", "false_refusal"), rates(stats, base), strict=True)),
        "best": {"refusal_unanswerable": best[1], "false_refusal": best[2], "gate": vars(best[3])},
        "curve": [
            {"threshold": t, "refusal_unanswerable": r, "false_refusal": f, "gate": vars(g)}
            for t, (_, r, f, g) in sorted(curve.items())
        ],
    }
