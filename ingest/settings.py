"""Where the index lives, which embedder, which Chroma: one place that reads KEHOACH_* settings."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from kehoach.errors import KehoachError

DEFAULT_EMBEDDER = "e5-small"
DEFAULT_LLM = "none"
DEFAULT_MAX_FILE_MB = 50.0

# No telemetry, no hub downloads: set before chromadb or any Hugging Face library is imported.
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def default_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "kehoach"


@dataclass(frozen=True)
class Settings:
    home: Path
    embedder: str = DEFAULT_EMBEDDER
    llm: str = DEFAULT_LLM
    chroma_url: str | None = None
    max_file_mb: float = DEFAULT_MAX_FILE_MB

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def _max_file_mb(raw: str | None) -> float:
    try:
        value = float(raw) if raw else DEFAULT_MAX_FILE_MB
    except ValueError:
        value = -1.0
    if value <= 0:
        raise KehoachError(f"KEHOACH_MAX_FILE_MB phải là một số dương (đang là «{raw}»).")
    return value


def load_settings(
    home: str | Path | None = None, embedder: str | None = None, llm: str | None = None
) -> Settings:
    """Explicit arguments win over the environment, which wins over the defaults."""
    env = os.environ
    return Settings(
        home=Path(home or env.get("KEHOACH_HOME") or default_home()).expanduser(),
        embedder=embedder or env.get("KEHOACH_EMBEDDER") or DEFAULT_EMBEDDER,
        llm=llm or env.get("KEHOACH_LLM") or DEFAULT_LLM,
        chroma_url=env.get("KEHOACH_CHROMA_URL") or None,
        max_file_mb=_max_file_mb(env.get("KEHOACH_MAX_FILE_MB")),
    )
