"""Benchmark: ingest throughput, drafting time, search latency at 1k and 10k chunks, peak memory.

    python eval/bench.py [--corpus DIR ...] [--sizes 1000 10000] [--json FILE]

Stage 1 ingests the corpus (the seeds and the example plans by default) into a fresh index with
the real embedder and reports chunks/s, MB/min and the share of the time spent in the embedder.
Then every one-year plan of that index is drafted for its next year (no LLM) and written to
DOCX (`measure_draft`). Stages 2-3 grow the index to about 1k and 10k chunks with variants of the
same documents: each variant is the document with an extra closing line ("Bản sao thử nghiệm số
N"), so it is a distinct document (its own doc_id, chunks, lexical rows and vectors) whose chunk
texts, but for the last, repeat ones already embedded. `ReuseEmbedder` embeds each distinct chunk
text once and reuses that vector for its repeats, so the 10k index is built in minutes, not hours;
the search latencies are measured on the full index with real query embeddings.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kehoach.assistant.retrieve import search
from kehoach.ingest.embed import Embedder, get_embedder
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import build_document, discover, file_sha256, ingest
from kehoach.ingest.settings import load_settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = [REPO.parent / "shared" / "seeds", REPO / "examples" / "plans"]
QUERIES = [
    "tỷ lệ tiêm chủng đầy đủ trẻ dưới 1 tuổi",
    "ty le tiem chung day du tre duoi 1 tuoi",
    "suy dinh dưỡng thể thấp còi",
    "cơ quan nào chủ trì thực hiện kế hoạch",
    "thời hạn báo cáo kết quả thực hiện",
    "tổng kinh phí thực hiện chương trình",
    "phòng chống đuối nước cho trẻ em",
    "xã phường thị trấn phù hợp với trẻ em",
    "tang cuong truyen thong ve quyen tre em",
    "Tháng hành động vì trẻ em chủ đề",
    "tảo hôn",
    "tỷ suất tử vong trẻ em dưới 5 tuổi",
]


class ReuseEmbedder:
    """Embeds each distinct passage once (timed); repeats, as in variant documents, reuse it."""

    def __init__(self, base: Embedder):
        self.base, self.name, self.dim = base, base.name, base.dim
        self.seconds = 0.0
        self.cache: dict[str, np.ndarray] = {}

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self.cache))
        if missing:
            begin = time.perf_counter()
            self.cache.update(zip(missing, self.base.passages(missing), strict=True))
            self.seconds += time.perf_counter() - begin
        return np.stack([self.cache[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def query(self, text: str) -> np.ndarray:
        return self.base.query(text)


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
    return {"p50_ms": round(statistics.median(ordered), 1), "p95_ms": round(p95, 1)}


def measure_search(index: Index, rounds: int = 3) -> dict[str, dict[str, float]]:
    timings: dict[str, list[float]] = {"hybrid": [], "dense": [], "lexical": []}
    calls = {
        "hybrid": lambda q: search(index, q, k=5),
        "dense": lambda q: index.dense_search(q, 50),
        "lexical": lambda q: index.lexical_search(q, 50),
    }
    for name, call in calls.items():
        call(QUERIES[0])
        call(QUERIES[1])  # without diacritics: builds the corpus vocabulary outside the timings
        for _ in range(rounds):
            for q in QUERIES:
                start = time.perf_counter()
                call(q)
                timings[name].append((time.perf_counter() - start) * 1000)
    return {name: percentiles(samples) for name, samples in timings.items()}


def stage_ingest(files: list[Path], home: Path, embedder: ReuseEmbedder) -> dict:
    """Ingest into a fresh index; the embedder's cache must be empty, so every chunk is embedded."""
    settings = load_settings(home=home)
    index = Index.open(settings, embedder)
    start = time.perf_counter()
    results = ingest(files, index, settings)
    seconds = time.perf_counter() - start
    chunks = sum(r.chunks for r in results)
    megabytes = sum(f.stat().st_size for f in files) / (1024 * 1024)
    return {
        "files": len(files),
        "failed": sum(not r.ok for r in results),
        "chunks": chunks,
        "seconds": round(seconds, 2),
        "chunks_per_s": round(chunks / seconds, 2),
        "mb_per_min": round(megabytes / seconds * 60, 3),
        "embed_share": round(embedder.seconds / seconds, 3),
    }


def chunk_count(index: Index) -> int:
    return sum(d.chunks for d in index.documents())


def grow(index: Index, files: list[Path], settings, target_chunks: int, start_variant: int) -> int:
    """Add variant documents until the index holds `target_chunks` chunks; returns the next variant.

    A variant whose marker line the cleaner drops (a page that ends in portal boilerplate) cleans
    to a document already stored and is only recorded as an alias, so the count is re-read."""
    variant = start_variant
    before = -1
    with tempfile.TemporaryDirectory() as tmp:
        while before < chunk_count(index) < target_chunks:
            before = chunk_count(index)
            for path in files:
                copy = Path(tmp) / f"v{variant}-{path.name}"
                text = path.read_text(encoding="utf-8")
                copy.write_text(f"{text}\n\nBản sao thử nghiệm số {variant}.\n", encoding="utf-8")
                index.add(build_document(copy, settings, file_sha256(copy)))
                copy.unlink()
            variant += 1
    return variant


def measure_draft(index: Index, rounds: int = 3) -> dict:
    """Whole-plan drafts without an LLM (make_draft + Markdown) and their DOCX, from every one-year
    plan in the index: the slowest plan's median seconds (target: under 5 s)."""
    from kehoach.assistant.draft import make_draft, to_markdown
    from kehoach.assistant.draft_docx import write_docx
    from kehoach.assistant.draft_eval import cases

    drafts, docx = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(index.documents()):
            year = (case.model.year_from or 0) + 1
            times: dict[str, list[float]] = {"draft": [], "docx": []}
            for _ in range(rounds):
                start = time.perf_counter()
                draft = make_draft(index, [case.model.doc_id], year)
                to_markdown(draft)
                middle = time.perf_counter()
                write_docx(draft, Path(tmp) / "draft.docx")
                times["draft"].append(middle - start)
                times["docx"].append(time.perf_counter() - middle)
            drafts.append(statistics.median(times["draft"]))
            docx.append(statistics.median(times["docx"]))
    return {
        "plans": len(drafts),
        "draft_s_max": round(max(drafts, default=0.0), 3),
        "docx_s_max": round(max(docx, default=0.0), 3),
    }


def run(corpus: list[Path], sizes: list[int]) -> dict:
    files = [f for f in discover(corpus) if f.suffix.lower() in (".txt", ".md")]
    if not files:
        raise SystemExit("không có tệp .txt/.md nào trong kho văn bản để đo")
    reuse = ReuseEmbedder(get_embedder("e5-small"))
    reuse.query("khởi động mô hình")
    report: dict = {"corpus": [str(c) for c in corpus]}
    with tempfile.TemporaryDirectory() as tmp:
        report["ingest"] = stage_ingest(files, Path(tmp) / "ingest", reuse)
        report["draft"] = measure_draft(Index.open(load_settings(home=Path(tmp) / "ingest"), reuse))
        settings = load_settings(home=Path(tmp) / "scaled")
        index = Index.open(settings, reuse)
        variant = 0
        report["search"] = {}
        for size in sizes:
            start = time.perf_counter()
            variant = grow(index, files, settings, size, variant)
            report["search"][str(size)] = {
                "chunks": chunk_count(index),
                "documents": len(index.documents()),
                "build_seconds": round(time.perf_counter() - start, 1),
                "distinct_embedded": len(reuse.cache),
                **measure_search(index),
            }
    report["peak_rss_mb"] = round(peak_rss_mb(), 1)
    return report


def print_table(report: dict) -> None:
    ing = report["ingest"]
    print("Nạp văn bản (mô hình e5-small thật)")
    print(f"  {ing['files']} tệp, {ing['chunks']} đoạn trong {ing['seconds']} s")
    print(
        f"  {ing['chunks_per_s']} đoạn/s · {ing['mb_per_min']} MB/phút · nhúng chiếm {ing['embed_share']:.0%}"
    )
    draft = report["draft"]
    print(f"\nSoạn kế hoạch cả năm, không LLM ({draft['plans']} kế hoạch mẫu, lâu nhất, trung vị)")
    print(f"  bản nháp + Markdown {draft['draft_s_max']} s · ghi DOCX {draft['docx_s_max']} s")
    print("\nĐộ trễ tìm kiếm (ms)      p50     p95")
    for row in report["search"].values():
        print(
            f"  {row['chunks']} đoạn ({row['documents']} văn bản, {row['distinct_embedded']} đoạn riêng biệt)"
        )
        for name in ("hybrid", "dense", "lexical"):
            print(f"    {name:<20}{row[name]['p50_ms']:>8}{row[name]['p95_ms']:>8}")
    print(f"\nBộ nhớ đỉnh (RSS): {report['peak_rss_mb']} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo tốc độ nạp và tìm kiếm của kehoach.")
    parser.add_argument("--corpus", nargs="+", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--json", type=Path, help="ghi kết quả JSON vào tệp này")
    args = parser.parse_args(argv)
    report = run([c for c in args.corpus if c.exists()], args.sizes)
    print_table(report)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
