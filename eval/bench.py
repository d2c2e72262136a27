"""Benchmark: ingest throughput, search and ask latency, index size and memory at 1k/10k/100k chunks.

    python eval/bench.py [--corpus DIR ...] [--sizes 1000 10000 100000] [--backends embedded server]
                         [--cache DIR] [--time-box SECONDS] [--measure-only] [--rounds N]
                         [--questions N] [--profile] [--json FILE] [--markdown FILE]

1. The embedder alone: e5-small passages per second over the corpus's distinct chunk texts.
2. Ingest: the corpus (the seeds and the example plans by default) through the real path
   (`pipeline.ingest`, real e5-small) into a fresh index: chunks/s and the embedder's share of the
   time, the "ingest keeps at least 80% of the embedder's throughput" figure.
3. Drafting: every one-year plan of that index drafted for its next year without an LLM
   (`make_draft` + Markdown) and written to DOCX: the slowest plan's median seconds.
4. Scale: per backend (embedded Chroma, and a `chroma run` server on loopback) and size, an index
   grown to that size with variant documents: a corpus document under another number, place and period
   (so its own doc_id, chunk headers, lexical rows and vectors) whose text is unchanged. A variant's
   chunks reuse the vector of the base chunk they copy (`KnownVectors`: only the header line
   differs), so 100k chunks are stored through the real `Index.add` without 100k embeddings; the
   table says so. At each size, the smallest file under a new number goes through the real ingest path with
   the real embedder (ingest throughput at that size; removed again afterwards, so the built index
   keeps its size), then a separate process opens the index and times search and in-process ask
   with real query embeddings (its peak RSS is the serving figure; for the server, the server's
   own peak too).

The built indexes stay under --cache (default .bench-cache/): `<backend>/<size>/home` (and
`server/` for the Chroma server's data), `built.json` once complete, `<backend>/<size>.json` the
result. A rerun reuses them and resumes a build the time box cut short; a size whose result is
there is not measured again unless `--measure-only` is given, which measures again (the corpus
ingest into a fresh temporary index included) from the built indexes and never builds. SIGTERM or
Ctrl-C stops a build between two documents (an embedded Chroma killed inside a large upsert may
refuse the collection afterwards), and the run before its next measurement. `--profile` adds
cProfile's top functions for three asks and three searches at the largest size.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import dataclasses
import io
import json
import os
import pstats
import re
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from kehoach.assistant.ask import ask
from kehoach.assistant.config import DEFAULT
from kehoach.assistant.retrieve import search
from kehoach.ingest.chunk import chunk_document
from kehoach.ingest.embed import Embedder, get_embedder
from kehoach.ingest.index import Index
from kehoach.ingest.pipeline import content_id, discover, ingest, source_of
from kehoach.ingest.records import Document
from kehoach.ingest.settings import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = [REPO.parent / "shared" / "seeds", REPO / "examples" / "plans"]
DEFAULT_CACHE = REPO / ".bench-cache"
CHROMA = Path(sys.executable).parent / "chroma"
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
QUESTIONS = [
    "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt bao nhiêu?",
    "Cơ quan nào chủ trì thực hiện kế hoạch?",
    "Tổng kinh phí thực hiện là bao nhiêu?",
    "Chủ đề Tháng hành động vì trẻ em là gì?",
    "ty le suy dinh duong the thap coi giam xuong bao nhieu",
    "Ai ký kế hoạch?",
    "Thời hạn báo cáo kết quả thực hiện là khi nào?",
    "Chỉ tiêu về phòng chống đuối nước trẻ em là gì?",
    "Ngân sách quốc phòng năm 2024 là bao nhiêu?",
    "Kế hoạch giao Sở Y tế nhiệm vụ gì?",
]
# Places and periods a variant takes: the lexical index and the question filters see many plans.
PLACES = [
    "huyện Đakrông, tỉnh Quảng Trị",
    "thành phố Huế",
    "huyện Sơn Tây, tỉnh Quảng Ngãi",
    "xã Mường Khương, tỉnh Lào Cai",
    "tỉnh Lạng Sơn",
    "huyện Cam Lộ, tỉnh Quảng Trị",
    "thành phố Đông Hà, tỉnh Quảng Trị",
    "tỉnh Vĩnh Long",
    "huyện Ba Tơ, tỉnh Quảng Ngãi",
    "xã Tân Thành, tỉnh Bến Tre",
    "thị xã Hương Thủy, thành phố Huế",
    "huyện Bắc Sơn, tỉnh Lạng Sơn",
]
SCALE_FILES = 1  # files through the real ingest path at each size


class TimedEmbedder:
    """The real embedder, timing and counting the passages it embeds."""

    def __init__(self, base: Embedder) -> None:
        self.base, self.name = base, base.name
        self.seconds, self.texts = 0.0, 0
        self.vectors: dict[str, np.ndarray] = {}

    @property
    def dim(self) -> int:
        return self.base.dim

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        start = time.perf_counter()
        vectors = self.base.passages(texts)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        self.vectors.update(zip(texts, vectors, strict=True))
        return vectors

    def query(self, text: str) -> np.ndarray:
        return self.base.query(text)


class KnownVectors(TimedEmbedder):
    """Vectors of texts already embedded; a variant chunk's text is known by the base text it
    copies (`alias`). Anything else is embedded for real (and counted)."""

    def __init__(self, base: Embedder, vectors: dict[str, np.ndarray]) -> None:
        super().__init__(base)
        self.vectors = dict(vectors)
        self.alias: dict[str, str] = {}

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if self.alias.get(t, t) not in self.vectors]
        if missing:
            super().passages(missing)
        if not texts:
            return np.zeros((0, self.dim), np.float32)
        return np.stack([self.vectors[self.alias.get(t, t)] for t in texts])


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 1)

    return {"p50_ms": at(0.5), "p95_ms": at(0.95), "p99_ms": at(0.99), "n": len(ordered)}


def disk_mb(*paths: Path) -> float:
    total = sum(f.stat().st_size for p in paths if p.exists() for f in p.rglob("*") if f.is_file())
    return round(total / 2**20, 1)


def corpus_files(corpus: list[Path]) -> list[Path]:
    files = [f for f in discover(corpus) if f.suffix.lower() in (".txt", ".md")]
    if not files:
        raise SystemExit("không có tệp .txt/.md nào trong kho văn bản để đo")
    return files


# --- 1-2: the embedder alone, and ingest through the real path -----------------------------------


def embedder_throughput(embedder: Embedder, texts: list[str]) -> dict:
    start = time.perf_counter()
    embedder.passages(texts)
    seconds = time.perf_counter() - start
    return {"texts": len(texts), "seconds": round(seconds, 2), "texts_per_s": round(len(texts) / seconds, 2)}


def timed_ingest(files: list[Path], index: Index, settings: Settings, embedder: TimedEmbedder) -> dict:
    """Ingest `files` through `pipeline.ingest`; the embedder's share of the wall time is how much
    of the embedder's own throughput ingest keeps."""
    embedder.seconds, embedder.texts = 0.0, 0
    start = time.perf_counter()
    results = ingest(files, index, settings)
    seconds = time.perf_counter() - start
    chunks = sum(r.chunks for r in results)
    megabytes = sum(f.stat().st_size for f in files) / 2**20
    return {
        "files": len(files),
        "failed": sum(not r.ok for r in results),
        "chunks": chunks,
        "embedded": embedder.texts,
        "seconds": round(seconds, 2),
        "chunks_per_s": round(chunks / seconds, 2),
        "mb_per_min": round(megabytes / seconds * 60, 3),
        "embed_share": round(embedder.seconds / seconds, 3),
    }


def measure_corpus(files: list[Path], home: Path, embedder: TimedEmbedder) -> dict:
    """The corpus through the real path into a fresh index at `home`, and the embedder alone over
    64 of the texts it embedded."""
    settings = load_settings(home=home)
    with Index.open(settings, embedder) as index:
        report = {"ingest": timed_ingest(files, index, settings, embedder)}
    report["embedder"] = embedder_throughput(embedder.base, list(embedder.vectors)[:64])
    report["load"] = os.getloadavg()
    return report


def stage_corpus(
    files: list[Path], cache: Path, embedder: TimedEmbedder, again: bool
) -> tuple[dict, list[Document]]:
    """The corpus into a fresh index (kept under the cache with its figures and vectors, so a
    resumed run does not embed it again; `again` measures it anew in a temporary index); returns
    the figures and the stored documents, the bases of the variants. `embedder.vectors` then holds
    every base text's vector."""
    home, saved, stored = cache / "corpus" / "home", cache / "corpus" / "report.json", cache / "vectors.npz"
    if saved.exists() and stored.exists():
        report = json.loads(saved.read_text(encoding="utf-8"))
        data = np.load(stored, allow_pickle=False)
        embedder.vectors.update(zip(data["texts"].tolist(), data["vectors"], strict=True))
    else:
        report = measure_corpus(files, home, embedder)
        texts = list(embedder.vectors)
        np.savez(stored, texts=np.array(texts), vectors=np.stack([embedder.vectors[t] for t in texts]))
        saved.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if again:
        with tempfile.TemporaryDirectory() as tmp:
            report = measure_corpus(files, Path(tmp) / "home", TimedEmbedder(embedder.base))
    with Index.open(load_settings(home=home), embedder) as index:
        return report, [index.document(d.doc_id) for d in index.documents()]


def measure_draft(index: Index, rounds: int = 3) -> dict:
    """Whole-plan drafts without an LLM and their DOCX, from every one-year plan in the index: the
    slowest plan's median seconds (target: under 5 s)."""
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


# --- 4: variants, grown to a size ----------------------------------------------------------------


def variant(base: Document, n: int) -> Document:
    """The `n`th variant of `base`: same text, another number, place and period."""
    meta = dataclasses.replace(
        base.meta,
        number=f"{1000 + n}/KH-UBND",
        locality=PLACES[n % len(PLACES)],
        year_from=2016 + n % 15,
        year_to=None if n % 3 else 2030,
    )
    doc_id = content_id(f"bench-variant:{base.doc_id}:{n}")
    targets = [dataclasses.replace(t, doc_id=doc_id) for t in base.targets]
    doc = dataclasses.replace(
        base, doc_id=doc_id, source=f"bench/v{n}", sha256=doc_id, meta=meta, targets=targets, chunks=[]
    )
    doc.chunks = chunk_document(doc)
    return doc


def grow(
    index: Index, bases: list[Document], vectors: KnownVectors, target: int, args: argparse.Namespace
) -> int:
    """Add variants (skipping those a cut-short earlier run stored) until the index holds `target`
    chunks, the deadline passes or the run is asked to stop; returns the chunk count."""
    count = index_chunks(index)
    n = 0
    while count < target and time.monotonic() < args.deadline and not args.stop.is_set():
        base = bases[n % len(bases)]
        doc = variant(base, n)
        n += 1
        if index.has(doc.doc_id):
            continue
        for copy, original in zip(doc.chunks, base.chunks, strict=True):
            vectors.alias[copy.embed_text] = original.embed_text
        index.add(doc)
        count += len(doc.chunks)
    return count


def index_chunks(index: Index) -> int:
    return sum(d.chunks for d in index.documents())


def renumbered(files: list[Path], folder: Path, tag: int) -> list[Path]:
    """Copies of the smallest files under a new document number: every chunk header is new, so
    every chunk is embedded."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i, path in enumerate(sorted(files, key=lambda p: p.stat().st_size)[:SCALE_FILES]):
        text = path.read_text(encoding="utf-8")
        text, found = re.subn(r"Số:\s*\d+", f"Số: {tag + i}", text, count=1)
        if not found:
            text = f"Số: {tag + i}/KH-UBND\n{text}"
        copy = folder / f"{tag + i}-{path.name}"
        copy.write_text(text, encoding="utf-8")
        out.append(copy)
    return out


@contextlib.contextmanager
def chroma_server(data: Path) -> Iterator[tuple[str, int]]:
    """`chroma run` on a free loopback port, its data under `data` (kept for the next run)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data.mkdir(parents=True, exist_ok=True)
    with (data / "server.log").open("w") as log:
        proc = subprocess.Popen(
            [str(CHROMA), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                        break
                except OSError:
                    if proc.poll() is not None or time.monotonic() > deadline:
                        raise SystemExit("máy chủ chroma không khởi động được") from None
                    time.sleep(0.3)
            yield url, proc.pid
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def peak_of(pid: int) -> float:
    """Peak resident memory (MB) of another live process."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


# --- serving, measured in its own process -------------------------------------------------------


def timed(call, items: Sequence[str], rounds: int) -> dict:
    """Wall-clock percentiles, and this process's CPU time per call (on a shared machine the wall
    clock also counts the other processes' turns; the CPU time does not, nor a server's own)."""
    call("khởi động")
    wall, cpu = [], []
    for n in range(rounds):
        for item in items:
            item += " ?" * n  # a text not seen before: the embedder remembers recent queries
            start, start_cpu = time.perf_counter(), time.process_time()
            call(item)
            wall.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
    return {**percentiles(wall), "cpu": percentiles(cpu)}


def profiled(call) -> str:
    """cProfile's top functions (cumulative) of `call`."""
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(25)
    return out.getvalue()


def probe(home: Path, chroma_url: str | None, rounds: int, profile: bool, questions: int) -> dict:
    """Open the index as `kehoach serve` would and time search and ask (what this process holds
    at its peak is the serving memory)."""
    settings = dataclasses.replace(load_settings(home=home), chroma_url=chroma_url)
    index = Index.open(settings, get_embedder("e5-small"))
    start = time.perf_counter()
    ask(index, QUESTIONS[0])  # the model, the collection and the per-process corpus statistics
    report: dict = {"first_ask_ms": round((time.perf_counter() - start) * 1000, 1)}
    report["search"] = timed(lambda q: search(index, q, k=5), QUERIES, rounds)
    report["dense"] = timed(lambda q: index.dense_search(q, 50), QUERIES, rounds)
    common = DEFAULT.retrieval.lexical_common
    report["lexical"] = timed(lambda q: index.lexical_search(q, 50, None, common), QUERIES, rounds)
    report["ask"] = timed(lambda q: ask(index, q), QUESTIONS[:questions], rounds)
    report["peak_rss_mb"] = peak_rss_mb()
    if profile:
        report["profile"] = profiled(lambda: [ask(index, q) for q in QUESTIONS[:3]])
        report["profile_search"] = profiled(lambda: [search(index, q, k=5) for q in QUERIES[:3]])
    return report


def run_probe(home: Path, chroma_url: str | None, rounds: int, profile: bool, questions: int) -> dict:
    argv = [sys.executable, __file__, "--probe", str(home), "--rounds", str(rounds)]
    argv += ["--questions", str(questions)]
    argv += ["--chroma-url", chroma_url] if chroma_url else []
    argv += ["--profile"] if profile else []
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"đo phục vụ thất bại:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


# --- the scale stage ----------------------------------------------------------------------------


def build(
    backend: str, size: int, bases: list[Document], vectors: KnownVectors, args: argparse.Namespace
) -> dict | None:
    """The backend's index of `size` chunks, grown (or resumed) unless `built.json` says it is
    complete; returns what the build cost, or None when it is not complete."""
    folder = args.cache / backend / str(size)
    built = folder / "built.json"
    if built.exists():
        return json.loads(built.read_text(encoding="utf-8"))
    if args.measure_only:
        print(f"[{backend}] chưa dựng chỉ mục {size} đoạn: bỏ qua", flush=True)
        return None
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(chroma_server(folder / "server"))[0] if backend == "server" else None
        settings = dataclasses.replace(load_settings(home=folder / "home"), chroma_url=url)
        start, start_cpu = time.perf_counter(), time.process_time()
        with Index.open(settings, vectors) as index:
            count = grow(index, bases, vectors, size, args)
    if count < size:
        print(f"[{backend}] dừng ở {count} đoạn (cần {size}); chạy lại để tiếp tục", flush=True)
        return None
    cost = {
        "chunks": count,
        "seconds": round(time.perf_counter() - start, 1),
        "cpu_seconds": round(time.process_time() - start_cpu, 1),
        "load": os.getloadavg(),
    }
    built.write_text(json.dumps(cost), encoding="utf-8")
    return cost


def scale_backend(
    backend: str,
    size: int,
    bases: list[Document],
    vectors: KnownVectors,
    args: argparse.Namespace,
) -> dict[str, dict]:
    """One backend's index of `size` built (or resumed) and measured; a size whose result the cache
    holds is measured again only with --measure-only."""
    folder = args.cache / backend / str(size)
    saved = args.cache / backend / f"{size}.json"
    if saved.exists() and not args.measure_only:
        return {str(size): json.loads(saved.read_text(encoding="utf-8"))}
    cost = build(backend, size, bases, vectors, args)
    if cost is None or args.stop.is_set():
        return {}
    home = folder / "home"
    with contextlib.ExitStack() as stack:
        url, server_pid = None, None
        if backend == "server":
            url, server_pid = stack.enter_context(chroma_server(folder / "server"))
        settings = dataclasses.replace(load_settings(home=home), chroma_url=url)
        real = TimedEmbedder(vectors.base)
        with Index.open(settings, real) as index, tempfile.TemporaryDirectory() as tmp:
            files = renumbered(args.files, Path(tmp), int(time.time()) % 10**6 * 10)
            start_cpu = time.process_time()
            scaled_ingest = timed_ingest(files, index, settings, real)
            scaled_ingest["cpu_seconds"] = round(time.process_time() - start_cpu, 2)
            count, documents = index_chunks(index), len(index.documents())
            for doc_id in {index.find_by_source(source_of(f)).doc_id for f in files}:
                index.remove(doc_id)  # the built index keeps its size for the next measurement
        profile = args.profile and size == max(args.sizes)
        result = {
            "backend": backend,
            "chunks": count,
            "documents": documents,
            "build_seconds": cost["seconds"],
            "build_cpu_seconds": cost.get("cpu_seconds"),
            "distinct_vectors": len(vectors.vectors),
            "ingest": scaled_ingest,
            "load_before": os.getloadavg(),
            "serve": run_probe(home, url, args.rounds, profile, args.questions),
            "disk_mb": disk_mb(home, folder / "server"),
            "server_peak_rss_mb": peak_of(server_pid) if server_pid else None,
            "load": os.getloadavg(),
        }
    saved.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"[{backend}] {size}: {json.dumps(result['serve'], ensure_ascii=False)[:600]}", flush=True)
    return {str(size): result}


def run(args: argparse.Namespace) -> dict:
    args.files = corpus_files(args.corpus)
    args.deadline = time.monotonic() + args.time_box
    args.stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):  # finish the document being written, then stop
        signal.signal(sig, lambda *_: args.stop.set())
    args.cache.mkdir(parents=True, exist_ok=True)
    embedder = TimedEmbedder(get_embedder("e5-small"))
    embedder.query("khởi động mô hình")
    report: dict = {"corpus": [str(c) for c in args.corpus], "load": os.getloadavg()}
    corpus, bases = stage_corpus(args.files, args.cache, embedder, args.measure_only)
    report.update(corpus)
    with Index.open(load_settings(home=args.cache / "corpus" / "home"), embedder) as index:
        report["draft"] = measure_draft(index)
    vectors = KnownVectors(embedder.base, embedder.vectors)  # every base text, from the ingest
    report["scale"] = {b: {} for b in args.backends}
    for size in sorted(args.sizes):  # every backend at a size before the next size
        for backend in args.backends:
            report["scale"][backend].update(scale_backend(backend, size, bases, vectors, args))
    report["load_after"] = os.getloadavg()
    report["build_peak_rss_mb"] = peak_rss_mb()
    return report


# --- output -------------------------------------------------------------------------------------


def markdown(report: dict) -> str:
    ing, emb = report["ingest"], report["embedder"]
    lines = [
        f"Embedder alone (e5-small): {emb['texts_per_s']} passages/s over {emb['texts']} distinct chunk "
        f"texts. Ingest of the corpus (real path, fresh index): {ing['chunks']} chunks in "
        f"{ing['seconds']} s, {ing['chunks_per_s']} chunks/s, the embedder busy "
        f"{ing['embed_share']:.0%} of the time.",
        f"Whole-plan draft without an LLM ({report['draft']['plans']} one-year plans, slowest, median): "
        f"{report['draft']['draft_s_max']} s, DOCX {report['draft']['docx_s_max']} s.",
        "",
        "| backend | chunks (docs) | ingest chunks/s (embedder share) | search p50/p95/p99 ms (CPU p95) "
        "| ask p50/p95/p99 ms (CPU p95) | first ask ms | disk MB | serve RSS MB | server RSS MB |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for backend, sizes in report["scale"].items():
        for r in sizes.values():
            s, a, i = r["serve"]["search"], r["serve"]["ask"], r["ingest"]
            lines.append(
                f"| {backend} | {r['chunks']:,} ({r['documents']:,}) "
                f"| {i['chunks_per_s']} ({i['embed_share']:.0%}) "
                f"| {s['p50_ms']} / {s['p95_ms']} / {s['p99_ms']} ({s['cpu']['p95_ms']}) "
                f"| {a['p50_ms']} / {a['p95_ms']} / {a['p99_ms']} ({a['cpu']['p95_ms']}) "
                f"| {r['serve']['first_ask_ms']} | {r['disk_mb']} | {r['serve']['peak_rss_mb']} "
                f"| {r['server_peak_rss_mb'] or '-'} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Đo tốc độ nạp, tìm kiếm, hỏi đáp và bộ nhớ của kehoach.")
    parser.add_argument("--corpus", nargs="+", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--sizes", nargs="+", type=int, default=[1000, 10000])
    parser.add_argument("--backends", nargs="+", choices=["embedded", "server"], default=["embedded"])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="chỉ mục đã dựng và kết quả")
    parser.add_argument("--time-box", type=float, default=3600, help="giây tối đa cho việc dựng chỉ mục")
    parser.add_argument(
        "--measure-only", action="store_true", help="chỉ đo lại trên các chỉ mục đã dựng, không dựng thêm"
    )
    parser.add_argument("--rounds", type=int, default=3, help="số vòng đo mỗi câu")
    parser.add_argument("--profile", action="store_true", help="cProfile của ask ở cỡ lớn nhất")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS), help="số câu hỏi ask được đo")
    parser.add_argument("--json", type=Path, help="ghi kết quả JSON vào tệp này")
    parser.add_argument("--markdown", type=Path, help="ghi bảng Markdown vào tệp này")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--chroma-url", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        report = probe(args.probe, args.chroma_url, args.rounds, args.profile, args.questions)
        print(json.dumps(report, ensure_ascii=False))
        return 0
    args.corpus = [c for c in args.corpus if c.exists()]
    report = run(args)
    table = markdown(report)
    print(table)
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.markdown:
        args.markdown.write_text(table + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
