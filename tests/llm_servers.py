"""OpenAI-compatible chat servers on loopback for the LLM tests: a scripted one (stdlib http.server)
and llama-cpp-python's server running a real GGUF model."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO

from tests.servers import free_port, stop

SOURCE = re.compile(r'<nguon so="(\d+)"[^>]*>\n(.*?)\n</nguon>', re.DOTALL)


def sources_in(prompt: str) -> dict[int, str]:
    """The numbered sources a prompt carries: {n: text}."""
    return {int(n): text for n, text in SOURCE.findall(prompt)}


def _completion(content: str, model: str) -> dict:
    return {
        "id": "chatcmpl-scripted",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


@contextmanager
def scripted_server(reply: Callable[[str], str]) -> Iterator[tuple[str, list[str]]]:
    """Serve /v1/chat/completions answering `reply(prompt)`; yields (base_url, prompts received)."""
    prompts: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            prompt = "\n".join(str(m["content"]) for m in body["messages"])
            prompts.append(prompt)
            data = json.dumps(_completion(reply(prompt), body.get("model", "scripted"))).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", prompts
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def llama_server(model: Path, timeout: float = 180.0) -> Iterator[str]:
    """llama-cpp-python's OpenAI-compatible server on a free loopback port; yields its base URL."""
    port = free_port()
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(model), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_ctx", "4096"]
    # The log goes to a file, not a pipe: the model's load log would fill a pipe and block the server.
    with tempfile.TemporaryFile(mode="w+") as log:
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True)
        url = f"http://127.0.0.1:{port}/v1"
        try:
            _wait_until_up(proc, log, url, timeout)
            yield url
        finally:
            stop(proc)


def _wait_until_up(proc: subprocess.Popen, log: IO[str], url: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"llama server exited: {log.read()[-2000:]}")
        try:
            urllib.request.urlopen(f"{url}/models", timeout=2).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError("llama server did not start") from None
            time.sleep(0.5)
