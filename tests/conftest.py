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


def _build_index(home: Path, paths: list[Path]) -> Path:
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.pipeline import ingest
    from kehoach.ingest.settings import load_settings

    settings = load_settings(home=home)
    results = ingest(paths, Index.open(settings, get_embedder("e5-small")), settings)
    failed = [r for r in results if not r.ok]
    assert not failed, failed
    return home


def _open(home: Path):
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.settings import load_settings

    return Index.open(load_settings(home=home), get_embedder("e5-small"))


def index_of(home: Path, files: dict[str, str]):
    """An open index of `files` (name -> text) written under `home`: a test's own small corpus."""
    (home / "docs").mkdir()
    for name, text in files.items():
        (home / "docs" / name).write_text(text, encoding="utf-8")
    return _open(_build_index(home / "index", [home / "docs"]))


@pytest.fixture(scope="session")
def indexed_home(tmp_path_factory, seeds_dir) -> Path:
    """One index over the seeds and the example corpus, built once per test session (about a
    minute with e5-small on two cores); tests open it read-only with Index.open."""
    return _build_index(tmp_path_factory.mktemp("indexed"), [seeds_dir, EXAMPLES])


@pytest.fixture(scope="session")
def index(indexed_home):
    return _open(indexed_home)


@pytest.fixture(scope="session")
def example_home(tmp_path_factory) -> Path:
    """A home holding the example corpus alone, built once per session; tests that write to an
    index copy it first."""
    return _build_index(tmp_path_factory.mktemp("examples"), [EXAMPLES])


@pytest.fixture(scope="session")
def example_index(example_home):
    """An index over the example corpus alone: for tests that need a real index but no seed
    facts, so they run where ../shared/seeds is absent."""
    return _open(example_home)
