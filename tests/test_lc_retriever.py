"""The hybrid retriever behind LangChain's BaseRetriever, used in a small LCEL chain. No real LLM
runs here: the chat model is LangChain's own fake (it replies with a scripted text), so the test
checks the retriever's documents and the chain's wiring, not a model's answer."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnablePassthrough

from kehoach.assistant.lc_retriever import KehoachRetriever
from kehoach.assistant.retrieve import Where

QUESTION = "Tổng đài quốc gia bảo vệ trẻ em có số điện thoại nào?"


def test_documents_carry_citation_metadata_and_exact_spans(example_index):
    docs = KehoachRetriever(index=example_index, k=3).invoke(QUESTION)
    assert len(docs) == 3
    assert any("111" in d.page_content for d in docs)
    for d in docs:
        meta = d.metadata
        assert {"doc_id", "number", "locality", "section", "page", "start", "end"} <= meta.keys()
        assert example_index.text(meta["doc_id"])[meta["start"] : meta["end"]] == d.page_content


def test_where_filters_through_the_retriever(example_index):
    everything = KehoachRetriever(index=example_index, k=10).invoke(QUESTION)
    one = everything[0].metadata["locality"]
    kept = KehoachRetriever(index=example_index, k=10, where=Where(locality=one)).invoke(QUESTION)
    assert kept and all(d.metadata["locality"] == one for d in kept)


def test_retriever_in_an_lcel_chain_with_a_fake_chat_model(example_index):
    seen: list[str] = []

    def sources(docs):
        text = "\n".join(f"[{n}] {d.page_content}" for n, d in enumerate(docs, 1))
        seen.append(text)
        return text

    prompt = ChatPromptTemplate.from_template("Nguồn:\n{context}\n\nCâu hỏi: {question}")
    model = FakeListChatModel(responses=["Số 111 [1]."])
    chain = (
        {"context": KehoachRetriever(index=example_index, k=2) | sources, "question": RunnablePassthrough()}
        | prompt
        | model
        | StrOutputParser()
    )
    assert chain.invoke(QUESTION) == "Số 111 [1]."
    assert seen and "[1]" in seen[0] and "[2]" in seen[0]
