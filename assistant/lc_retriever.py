"""The hybrid retriever as a LangChain `BaseRetriever`, so a user can put it into their own chain:
each passage becomes a `Document` whose metadata carries what a citation needs (doc_id, number,
locality, year, section, page, span)."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from kehoach.assistant.config import DEFAULT, RetrievalConfig
from kehoach.assistant.retrieve import Where, search
from kehoach.ingest.index import Index


class KehoachRetriever(BaseRetriever):
    """`search` behind LangChain's retriever interface: `k` passages, an optional `where` filter."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Index
    k: int = 5
    where: Where | None = None
    config: RetrievalConfig = DEFAULT.retrieval

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[LCDocument]:
        hits = search(self.index, query, k=self.k, where=self.where, config=self.config)
        return [
            LCDocument(
                page_content=hit.chunk.text,
                metadata={
                    "doc_id": hit.chunk.doc_id,
                    "source": hit.doc.source,
                    "number": hit.doc.number,
                    "title": hit.doc.title,
                    "locality": hit.doc.locality,
                    "year": hit.doc.years,
                    "section": hit.chunk.section,
                    "page": hit.chunk.page,
                    "start": hit.chunk.start,
                    "end": hit.chunk.end,
                    "score": round(hit.score, 6),
                },
            )
            for hit in hits
        ]
