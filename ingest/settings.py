"""Where the index lives, which embedder, which Chroma and database: one place that reads KEHOACH_*
settings."""

from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path

from kehoach.errors import KehoachError

DEFAULT_EMBEDDER = "e5-small"
DEFAULT_LLM = "none"
DEFAULT_MAX_FILE_MB = 50.0
# A DOCX is a zip: a small file can expand to gigabytes of XML (a zip bomb).
DEFAULT_MAX_UNZIPPED_MB = 50.0
DEFAULT_MAX_PDF_PAGES = 2000
# Longer questions are cut before embedding: on two cores e5-small takes ~0.2 s per 100 characters
# of question (4 s at 2,000), and no real question about a plan needs more.
DEFAULT_MAX_QUESTION_CHARS = 500

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
    # "postgresql://...": catalog, chunks, targets and lexical index in PostgreSQL (shared by
    # several machines) instead of SQLite in the home.
    database_url: str | None = None
    max_file_mb: float = DEFAULT_MAX_FILE_MB
    max_unzipped_mb: float = DEFAULT_MAX_UNZIPPED_MB
    max_pdf_pages: int = DEFAULT_MAX_PDF_PAGES
    max_question_chars: int = DEFAULT_MAX_QUESTION_CHARS

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * 1024 * 1024)


def _positive_number(name: str, default: float) -> float:
    """A finite positive number from env `name`: "nan", "inf", "-1" or "abc" would silently turn a
    limit off (every comparison with nan is false), so they are refused."""
    raw = os.environ.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise KehoachError(f"{name} phải là một số dương hữu hạn (đang là «{raw}»).")
    return value


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if not raw:
        return default
    if not re.fullmatch(r"[0-9]+", raw.strip()) or int(raw) < 1:
        raise KehoachError(f"{name} phải là một số nguyên dương (đang là «{raw}»).")
    return int(raw)


def _database_url(raw: str | None) -> str | None:
    if not raw:
        return None
    if not raw.startswith(("postgresql://", "postgres://")):
        raise KehoachError(f"KEHOACH_DATABASE_URL phải có dạng postgresql://... (đang là «{raw}»).")
    return raw


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
        database_url=_database_url(env.get("KEHOACH_DATABASE_URL")),
        max_file_mb=_positive_number("KEHOACH_MAX_FILE_MB", DEFAULT_MAX_FILE_MB),
        max_unzipped_mb=_positive_number("KEHOACH_MAX_UNZIPPED_MB", DEFAULT_MAX_UNZIPPED_MB),
        max_pdf_pages=_positive_int("KEHOACH_MAX_PDF_PAGES", DEFAULT_MAX_PDF_PAGES),
        max_question_chars=_positive_int("KEHOACH_MAX_QUESTION_CHARS", DEFAULT_MAX_QUESTION_CHARS),
    )
