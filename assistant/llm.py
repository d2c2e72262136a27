"""A LangChain chat model from a spec string ("none", "ollama:M", "openai:M", "gguf:PATH"), or None.

Backends are imported only when asked for, so the extractive default needs none of them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import PrivateAttr, SecretStr

from kehoach.errors import KehoachError

# Seconds to wait for a model server; short, because the extractive answer is always there instead.
TIMEOUT = 60.0
MAX_TOKENS = 512
GGUF_CONTEXT = 4096
SPECS = '"none", "ollama:TÊN_MÔ_HÌNH", "openai:TÊN_MÔ_HÌNH" hoặc "gguf:ĐƯỜNG_DẪN.gguf"'

_ROLES = {"human": "user", "ai": "assistant", "system": "system"}


class LlamaCppChat(BaseChatModel):
    """A GGUF model run in-process by llama-cpp-python (the optional extra `kehoach[gguf]`)."""

    model_path: str
    n_ctx: int = GGUF_CONTEXT
    max_tokens: int = MAX_TOKENS
    _llama: Any = PrivateAttr(default=None)

    @property
    def _llm_type(self) -> str:
        return "llama-cpp"

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if self._llama is None:
            from llama_cpp import Llama

            self._llama = Llama(model_path=self.model_path, n_ctx=self.n_ctx, verbose=False)
        reply = self._llama.create_chat_completion(
            messages=[{"role": _ROLES.get(m.type, "user"), "content": m.content} for m in messages],
            temperature=0.0,
            max_tokens=self.max_tokens,
            stop=stop,
        )
        text = reply["choices"][0]["message"]["content"] or ""
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=text))])


def _missing(extra: str, package: str) -> KehoachError:
    return KehoachError(f'Chưa cài {package}: hãy chạy pip install "kehoach[{extra}]".')


def chat_model(spec: str | None, timeout: float = TIMEOUT) -> BaseChatModel | None:
    """The chat model a spec names; None for "none" (the extractive composer answers alone)."""
    spec = (spec or "none").strip()
    if spec.lower() == "none":
        return None
    provider, _, name = spec.partition(":")
    provider, name = provider.lower(), name.strip()
    if not name or provider not in ("ollama", "openai", "gguf"):
        raise KehoachError(f"Không hiểu mô hình ngôn ngữ {spec!r}: dùng {SPECS}.")
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        options: dict[str, Any] = {
            "model": name,
            "temperature": 0,
            "base_url": os.environ.get("OPENAI_BASE_URL") or None,
            "api_key": SecretStr(os.environ.get("OPENAI_API_KEY") or "khong-can-khoa"),
            "timeout": timeout,
            "max_retries": 0,
            "max_tokens": MAX_TOKENS,
        }
        return ChatOpenAI(**options)
    if provider == "ollama":
        try:
            from langchain_ollama import ChatOllama
        except ImportError as err:
            raise _missing("ollama", "langchain-ollama") from err
        return ChatOllama(
            model=name,
            temperature=0,
            base_url=os.environ.get("OLLAMA_HOST") or None,
            num_predict=MAX_TOKENS,
            client_kwargs={"timeout": timeout},
        )
    path = Path(name).expanduser()
    if not path.is_file():
        raise KehoachError(f"Không tìm thấy tệp mô hình GGUF: {path}")
    try:
        import llama_cpp  # noqa: F401
    except ImportError as err:
        raise _missing("gguf", "llama-cpp-python") from err
    return LlamaCppChat(model_path=str(path))
