"""eval/fit_gate.py over recorded open-gate runs: runs pooled, test never fitted, and the
cross-validated figures of the procedure beside the in-sample ones."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import REPO


def _row(n: int, doc: str, relevance: float, split: str | None, **signals: bool) -> dict:
    return {
        "id": f"q{n}",
        "kind": "fact" if doc else "unanswerable",
        "expected_doc": [doc] if doc else [],
        "hits": [{"doc_id": "x", "source": f"/docs/{doc or 'near'}"}],
        "supported": True,
        "answer_contains": bool(doc),
        "evidence": {"relevance": relevance, **signals},
        "split": split,
    }


def _fit(tmp_path, runs: dict[str, list[dict]], *options: str) -> list[str]:
    files = []
    for name, rows in runs.items():
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps({"metrics": {}, "items": rows}))
        files += ["--from", str(path)]
    script = REPO / "eval" / "fit_gate.py"
    done = subprocess.run(
        [sys.executable, script, *files, *options], capture_output=True, text=True, check=True
    )
    return done.stdout.splitlines()


def test_cross_validation_is_reported_per_run_beside_the_fit(tmp_path):
    signals = ("place_missing", "year_mismatch", "figure_missing", "period_mismatch")
    dev = []
    for g, signal in enumerate(signals):
        dev += [_row(10 * g + i, f"d{g}.txt", 0.9, "dev") for i in range(3)]
        dev.append(_row(10 * g + 9, "", 0.9, "dev", **{signal: True}))
    # A test item the fit would refuse only by learning its signal: it must not be fitted on.
    dev.append(_row(99, "", 0.9, "test", year_unstated=True))
    own = [_row(100 + i, f"s{i % 4}.txt", 0.95, None) for i in range(8)] + [_row(120, "", 0.3, None)]
    lines = _fit(tmp_path, {"wild": dev, "own": own}, "--cv", "4", "--procedure", "full", "--neutral")
    figures = {" ".join(line.split()[:3]): line for line in lines if line.startswith(("fitted", "cv4"))}
    assert "'refusal_unanswerable': 1.0" in figures["fitted wild dev"]
    assert "'refusal_unanswerable': 0.0" in figures["fitted wild test"]
    assert "'refusal_unanswerable': 0.0" in figures["cv4 wild dev"]
    assert "'refusal_unanswerable': 1.0" in figures["cv4 own all"]
    assert not any(key.startswith("cv4") and "test" in key for key in figures)
