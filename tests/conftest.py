"""Shared fixtures: the user's seed documents (skipped when absent) and an offline environment."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"

REPO = Path(__file__).resolve().parents[1]
SEEDS = Path(os.environ.get("KEHOACH_SEEDS", REPO.parent / "shared" / "seeds"))
EXAMPLES = REPO / "examples" / "plans"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir() or not any(SEEDS.iterdir()):
        pytest.skip(f"no seed documents at {SEEDS}")
    return SEEDS


@pytest.fixture(scope="session")
def seed(seeds_dir):
    """seed("000") -> the path of the seed file whose name starts with 000."""

    def find(prefix: str) -> Path:
        matches = sorted(seeds_dir.glob(f"{prefix}*"))
        if not matches:
            pytest.skip(f"seed {prefix} not found in {seeds_dir}")
        return matches[0]

    return find
