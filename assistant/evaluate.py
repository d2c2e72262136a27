"""The evaluation runner: retrieval, answers, citations, refusals, lookups and latency measured on
a JSON-lines question set, against a plain dense baseline, with a fusion sweep, in one run."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from kehoach.assistant import eval_strip, gate_sweep
from kehoach.assistant.baseline import BaselineIndex
from kehoach.assistant.config import DEFAULT, Config, Fusion
from kehoach.assistant.query import analyze
from kehoach.assistant.retrieve import boosted, candidates, rank, search, where_from_question
from kehoach.errors import KehoachError
from kehoach.ingest.index import Index
from kehoach.ingest.records import CatalogEntry
from kehoach.ingest.vietnamese import normalize

REPO = Path(__file__).resolve().parents[1]
DEFAULT_QA = REPO / "eval" / "qa.jsonl"
# The real public plans (kept outside the repository) and their hand-made question set.
WILD_QA = str(REPO / "eval" / "wild" / "qa.jsonl")
WILD_HEADERS = str(REPO / "eval" / "wild" / "headers.jsonl")
WILD_CORPUS = str(REPO.parent / "shared" / "wild" / "docs")
LOOKUP_KINDS = ("target_lookup", "which_doc")
SWEEP_DEPTH = 100

SWEEP: tuple[Fusion, ...] = (
    Fusion("rrf", 1.0, 0.0),
    Fusion("rrf", 0.0, 1.0),
    *(Fusion("rrf", 1.0, w) for w in (0.5, 0.75, 1.0, 1.5, 2.0)),
    *(Fusion("rrf", w, 1.0) for w in (0.5, 0.75, 1.5, 2.0)),
    Fusion("rrf", 1.0, 3.0),
    *(Fusion("rrf", 1.0, 1.0, depth) for depth in (10, 20, 100)),
    *(Fusion("linear", a, round(1 - a, 2)) for a in (0.2, 0.3, 0.4, 0.5, 0.7)),
    *(Fusion("linear", 0.3, 0.7, depth) for depth in (10, 20, 100)),
)


@dataclass
class QAItem:
    id: str
    kind: str
    question: str
    doc: list[str] = field(default_factory=list)
    answer_must_contain: list[str] = field(default_factory=list)
    evidence: str | list[str] = ""
    history: list[str] = field(default_factory=list)
    same_as: str | None = None
    split: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.doc)


def load_qa(path: Path) -> list[QAItem]:
    if not path.is_file():
        raise KehoachError(f"Không tìm thấy tệp câu hỏi đánh giá: {path}")
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            row.setdefault("same_as", row.get("twin"))  # the wild set calls the accented twin "twin"
            items.append(QAItem(**{k: v for k, v in row.items() if k in QAItem.__dataclass_fields__}))
        except (json.JSONDecodeError, TypeError) as err:
            raise KehoachError(f"Dòng {n} của {path.name} không hợp lệ: {err}") from err
    return items


_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
# A document number's slash as pages write it: "1014//KH-UBND", "1014 / KH-UBND".
_SLASH = re.compile(r"\s*/+\s*")


def match_form(text: str) -> str:
    """NFC, case-folded, whitespace collapsed, one tone placement, one decimal mark and one slash;
    diacritics are kept, so "so y te" is not "Sở Y tế"."""
    return _SLASH.sub("/", _DECIMAL.sub(".", " ".join(normalize(text).casefold().split())))


def contains(answer: str, expected: str) -> bool:
    """Whether `expected` occurs in `answer` in match_form: "Sở Y tế" in "SỞ Y TẾ", "Văn hóa" in
    "Văn hoá", "0.8" in "0,8"."""
    return match_form(expected) in match_form(answer)


def retrieval_query(item: QAItem, docs: list[CatalogEntry]) -> str:
    """A follow-up ("còn Vĩnh Long thì sao?") is searched as the standalone question ask() makes of it."""
    from kehoach.assistant.ask import standalone_question

    return standalone_question(item.question, item.history, docs)


def _names(doc: CatalogEntry) -> set[str]:
    return {Path(s).name for s in [doc.source or "", *(doc.sources or [])] if s}


def _rank_of(doc_ranking: list[str], expected: set[str], names: dict[str, set[str]]) -> int | None:
    """1-based rank of the first result from an expected document."""
    for i, doc_id in enumerate(doc_ranking, 1):
        if names.get(doc_id, set()) & expected:
            return i
    return None


def _retrieval(ranks: list[int | None]) -> dict:
    n = len(ranks)
    if not n:
        return {}
    return {
        "hit@1": sum(r == 1 for r in ranks) / n,
        "hit@5": sum(r is not None and r <= 5 for r in ranks) / n,
        "mrr": sum(1 / r for r in ranks if r) / n,
    }


def _mean(values: Iterable[bool]) -> float | None:
    seen = list(values)
    return round(sum(seen) / len(seen), 4) if seen else None


def _mean_or_zero(values: Iterable[bool]) -> float:
    return _mean(values) or 0.0


def _citation_check(
    texts: dict[str, str], citations: list, expected: set[str], names: dict
) -> tuple[bool, int, int]:
    """(valid for this item, exact quotes, all quotes): every quote must be text[start:end] of its
    document, and an answerable item needs a citation from an expected document."""
    exact = sum(bool(c.quote) and texts.get(c.doc_id, "")[c.start : c.end] == c.quote for c in citations)
    from_expected = any(names.get(c.doc_id, set()) & expected for c in citations)
    valid = exact == len(citations) and (not expected or from_expected)
    return valid, exact, len(citations)


def _lookup_first_names(index: Index, question: str, names: dict) -> set[str]:
    from kehoach.assistant.lookup import search_targets

    rows = search_targets(index, question)
    if not rows:
        return set()
    row = rows[0]
    get = row.get if isinstance(row, dict) else lambda key: getattr(row, key, None)
    doc_id = get("doc_id")
    return names.get(doc_id, set()) | ({Path(get("source")).name} if get("source") else set())


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))], 1)


def _sweep(index: Index, items: list[QAItem], docs: dict[str, CatalogEntry], names: dict) -> list[dict]:
    """Each fusion setting's retrieval metrics over the answerable items (with the default
    metadata boost), from one deep fetch."""
    cache = []
    for item in items:
        query = retrieval_query(item, list(docs.values()))
        ranked = candidates(index, query, SWEEP_DEPTH, None, DEFAULT.retrieval.lexical_common)
        ids = {cid for ranking in ranked.values() for cid, _ in ranking}
        owner = {c.chunk_id: c.doc_id for c in index.chunks(sorted(ids))}
        prefer = where_from_question(analyze(query, list(docs.values())), list(docs.values()))
        cache.append((set(item.doc), ranked, owner, prefer))
    table = []
    for fusion in SWEEP:
        ranks = []
        for expected, ranked, owner, prefer in cache:
            fused = boosted(index, rank(ranked, fusion), prefer, docs, DEFAULT.retrieval)
            ranks.append(_rank_of([owner[cid] for cid, _ in fused[:5] if cid in owner], expected, names))
        row = {k: round(v, 4) for k, v in _retrieval(ranks).items()}
        table.append({"fusion": fusion.label, "default": fusion == DEFAULT.retrieval.fusion, **row})
    return table


def evaluate(
    index: Index,
    items: list[QAItem],
    baseline: bool = True,
    sweep: bool = True,
    progress: Callable[[int, int], None] | None = None,
    config: Config = DEFAULT,
    strip: bool = False,
) -> dict:
    """Run every item through search, ask (and lookup) under `config`; return {"metrics", "items"}.
    With `strip`, every answerable question with diacritics is asked again without them."""
    from kehoach.assistant.ask import ask

    docs = {d.doc_id: d for d in index.documents()}
    names = {doc_id: _names(d) for doc_id, d in docs.items()}
    texts = {doc_id: index.text(doc_id) for doc_id in docs}
    index.dense_search("khởi động mô hình", 1)  # latency is measured with the model loaded
    rows: list[dict[str, Any]] = []
    stats: list[dict[str, Any]] = []
    for n, item in enumerate(items, 1):
        expected = set(item.doc)
        hits = search(index, retrieval_query(item, list(docs.values())), k=5)
        started = time.perf_counter()
        answer = ask(index, item.question, history=item.history, config=config)
        latency = (time.perf_counter() - started) * 1000
        rank_ = _rank_of([h.chunk.doc_id for h in hits], expected, names) if expected else None
        cited, exact, quotes = _citation_check(texts, answer.citations, expected, names)
        stat = {
            "kind": item.kind,
            "split": item.split,
            "answerable": item.answerable,
            "rank": rank_,
            # A refusal contains no answer, though it names the closest documents (one may be
            # the document a which-document question expects).
            "contains": answer.supported
            and all(contains(answer.answer, s) for s in item.answer_must_contain),
            "cited": cited,
            "exact": exact,
            "quotes": quotes,
            "refusal_ok": answer.supported == item.answerable,
            "supported": answer.supported,
            "relevance": answer.check.get("relevance"),
            "evidence": answer.check.get("evidence"),
            "latency": latency,
            "lookup": bool(_lookup_first_names(index, item.question, names) & expected)
            if item.kind in LOOKUP_KINDS
            else None,
        }
        ok = stat["refusal_ok"] and (
            not item.answerable or (rank_ is not None and stat["contains"] and stat["cited"])
        )
        stats.append(stat)
        rows.append(
            {
                "id": item.id,
                "kind": item.kind,
                "question": item.question,
                "answer": answer.answer,
                "supported": answer.supported,
                "citations": [c.__dict__ for c in answer.citations],
                "hits": [h.as_json() for h in hits],
                "latency_ms": round(latency, 1),
                "ok": ok,
                "expected_doc": item.doc,
                "doc_rank": rank_,
                "answer_contains": stat["contains"],
                "citation_valid": cited,
                "relevance": stat["relevance"],
                "evidence": stat["evidence"],
                "split": item.split,
            }
        )
        if progress:
            progress(n, len(items))
    metrics: dict[str, Any] = {"overall": _summary(stats), "by_kind": {}}
    for kind in sorted({s["kind"] for s in stats}):
        metrics["by_kind"][kind] = _summary([s for s in stats if s["kind"] == kind])
    metrics["no_diacritics_gap"] = _diacritics_gap(items, stats)
    if strip:
        metrics["stripped_gap"] = _stripped(index, items, stats, rows, config)
    # The gate is fitted on the dev split when the set has one (test is only reported).
    fit = [s for s in stats if s["split"] == "dev"] or stats
    metrics["refusal_gate"] = gate_sweep.sweep(fit, config.gate)
    answerable = [i for i in items if i.answerable]
    if baseline and answerable:
        metrics["baseline"], base_ranks = _baseline(index, answerable, texts, names)
        for item, rank_ in zip(answerable, base_ranks, strict=True):
            stats[items.index(item)]["base_rank"] = rank_
        own = metrics["overall"]["hit@1"]
        metrics["baseline"]["hit@1_gain_points"] = round(100 * (own - metrics["baseline"]["hit@1"]), 1)
        base = metrics["baseline"]["hit@1"]
        metrics["baseline"]["hit@1_ratio"] = round(own / base, 3) if base else None
    if sweep and answerable:
        metrics["fusion_sweep"] = _sweep(index, answerable, docs, names)
    metrics["fusion"] = DEFAULT.retrieval.fusion.label
    if any(item.split for item in items):
        metrics["splits"] = {
            split: _split_summary(
                [i for i in items if i.split == split], [s for s in stats if s["split"] == split]
            )
            for split in sorted({item.split for item in items if item.split})
        }
    return {"metrics": metrics, "items": rows}


def _stripped(
    index: Index, items: list[QAItem], stats: list[dict], rows: list[dict], config: Config
) -> dict | None:
    """eval_strip's gap; each item row asked again gets its stripped answer and whether it holds."""
    from kehoach.assistant.ask import ask

    measured = [
        {**s, "question": i.question, "item": i, "row": r} for i, s, r in zip(items, stats, rows, strict=True)
    ]

    def ask_stripped(m: dict) -> None:
        item, row = m["item"], m["row"]
        history = [eval_strip.strip_diacritics(h) for h in item.history]
        answer = ask(index, eval_strip.strip_diacritics(item.question), history=history, config=config)
        m["stripped_contains"] = all(contains(answer.answer, s) for s in item.answer_must_contain)
        m["stripped_supported"] = answer.supported
        m["same_answer"] = answer.answer == row["answer"]
        m["same_evidence"] = answer.check.get("evidence") == row["evidence"]
        row.update(stripped_answer=answer.answer, stripped_supported=answer.supported)
        row.update(stripped_contains=m["stripped_contains"], stripped_evidence=answer.check.get("evidence"))

    return eval_strip.stripped_gap(measured, ask_stripped)


def _split_summary(items: list[QAItem], stats: list[dict]) -> dict:
    """One split's figures (tuning happens on dev, test is only reported): answers per kind, hit@1
    and hit@5, refusals both ways, the no-diacritics gap, exact quotes and the baseline's hit@5."""
    answerable = [s for s in stats if s["answerable"]]
    exact, quotes = sum(s["exact"] for s in stats), sum(s["quotes"] for s in stats)
    base = [s["base_rank"] for s in answerable if "base_rank" in s]
    return {
        "n": len(stats),
        **{k: round(v, 4) for k, v in _retrieval([s["rank"] for s in answerable]).items()},
        "answer_contains": _mean(s["contains"] for s in answerable),
        "answer_by_kind": {
            kind: _mean(s["contains"] for s in answerable if s["kind"] == kind)
            for kind in sorted({s["kind"] for s in answerable})
        },
        "refusal_unanswerable": _mean(not s["supported"] for s in stats if not s["answerable"]),
        "false_refusal": _mean(not s["supported"] for s in answerable),
        "no_diacritics_gap": _diacritics_gap(items, stats),
        "quotes_exact": round(exact / quotes, 4) if quotes else None,
        "baseline_hit@5": _mean(r is not None and r <= 5 for r in base) if base else None,
    }


def _summary(stats: list[dict]) -> dict:
    answerable = [s for s in stats if s["answerable"]]
    latencies = [s["latency"] for s in stats]
    out: dict[str, Any] = {"n": len(stats), "answerable": len(answerable)}
    out.update({k: round(v, 4) for k, v in _retrieval([s["rank"] for s in answerable]).items()})
    out["answer_contains"] = _mean(s["contains"] for s in answerable)
    out["citation_valid"] = _mean(s["cited"] for s in stats if s["answerable"] or s["quotes"])
    out["quotes_exact"] = f"{sum(s['exact'] for s in stats)}/{sum(s['quotes'] for s in stats)}"
    out["refusal_accuracy"] = _mean(s["refusal_ok"] for s in stats)
    out["lookup_accuracy"] = _mean(s["lookup"] for s in stats if s["lookup"] is not None)
    out["ask_p50_ms"] = _percentile(latencies, 0.5)
    out["ask_p95_ms"] = _percentile(latencies, 0.95)
    return out


def _diacritics_gap(items: list[QAItem], stats: list[dict]) -> dict | None:
    """Answer-contains of questions typed without diacritics next to their twins with them."""
    by_id = {item.id: stat for item, stat in zip(items, stats, strict=True)}
    pairs = [
        (stat, by_id[item.same_as])
        for item, stat in zip(items, stats, strict=True)
        if item.same_as in by_id and item.answerable
    ]
    if not pairs:
        return None
    plain = _mean_or_zero(a["contains"] for a, _ in pairs)
    marked = _mean_or_zero(b["contains"] for _, b in pairs)
    return {
        "pairs": len(pairs),
        "without": plain,
        "with": marked,
        "gap_points": round(100 * (marked - plain), 1),
        "hit@1_without": _mean(a["rank"] == 1 for a, _ in pairs),
        "hit@1_with": _mean(b["rank"] == 1 for _, b in pairs),
    }


def _baseline(
    index: Index, items: list[QAItem], texts: dict[str, str], names: dict
) -> tuple[dict, list[int | None]]:
    """The plain baseline's figures, and its rank of each item's document (for the per-split figures)."""
    base = BaselineIndex.build(index.embedder, texts)
    docs = index.documents()
    ranks = [
        _rank_of([d for d, _ in base.search(retrieval_query(item, docs), 5)], set(item.doc), names)
        for item in items
    ]
    return {"chunks": len(base.spans), **{k: round(v, 4) for k, v in _retrieval(ranks).items()}}, ranks


def open_corpus_index(corpus: Path, home: Path, embedder_spec: str) -> Index:
    """A fresh index under `home` holding `corpus`: `kehoach eval --corpus DIR`."""
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.pipeline import ingest
    from kehoach.ingest.settings import load_settings

    if not corpus.exists():
        raise KehoachError(f"Không tìm thấy thư mục văn bản: {corpus}")
    # Local to `home`, even where the settings name a shared database or Chroma server: the
    # evaluation corpus must never be written into the users' corpus.
    settings = replace(load_settings(home=home, embedder=embedder_spec), database_url=None, chroma_url=None)
    index = Index.open(settings, get_embedder(embedder_spec))
    failed = [r for r in ingest([corpus], index, settings) if not r.ok]
    if failed:
        raise KehoachError("Không nạp được: " + "; ".join(f"{r.path.name} ({r.message})" for r in failed))
    return index
