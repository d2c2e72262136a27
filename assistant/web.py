"""`kehoach serve`: the web app (Gradio, four tabs in Vietnamese) and its HTTP API on one server.

This module assembles the app and guards it: loopback by default, a password required on any other
address, no analytics, no share link, no font or script from outside hosts. The tabs live in
web_tabs.py, the API in web_api.py, the operations behind both in web_service.py.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING

from kehoach.errors import KehoachError
from kehoach.ingest.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

    from kehoach.assistant.web_service import Service

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_USER = "kehoach"
# Read side: how many requests the UI serves at once per event (the service pools that many readers).
CONCURRENCY = 4

# The default Gradio themes load Google Fonts; these stacks name fonts the system already has.
SYSTEM_FONTS = ["system-ui", "Segoe UI", "Roboto", "Noto Sans", "Helvetica", "Arial", "sans-serif"]
MONO_FONTS = ["ui-monospace", "Consolas", "DejaVu Sans Mono", "monospace"]


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def credentials(host: str, auth: str | None, env: Mapping[str, str] = os.environ) -> tuple[str, str] | None:
    """The (user, password) the server requires: from --auth USER:PASS, else KEHOACH_PASSWORD (user
    KEHOACH_USER or "kehoach"); None on loopback without either. Any other address without a
    password is refused: the catalog and the answers would be open to the whole network."""
    if auth is not None:
        user, sep, password = auth.partition(":")
        if not sep or not user or not password:
            raise KehoachError("--auth cần dạng TÊN:MẬT_KHẨU (cả hai đều không được trống).")
        return user, password
    password = env.get("KEHOACH_PASSWORD", "")
    if password:
        return env.get("KEHOACH_USER") or DEFAULT_USER, password
    if not is_loopback(host):
        raise KehoachError(
            f"Không mở kehoach trên địa chỉ {host} khi chưa có mật khẩu: đặt biến môi trường "
            "KEHOACH_PASSWORD hoặc dùng --auth TÊN:MẬT_KHẨU (hoặc giữ --host 127.0.0.1)."
        )
    return None


def _quiet_gradio() -> None:
    """Gradio reads these when it is imported: no analytics, no version check. Its use of a
    renamed Starlette constant would warn on every request."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["GRADIO_SHARE"] = "False"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    warnings.filterwarnings("ignore", message=".*HTTP_422_UNPROCESSABLE_ENTITY.*")


def build_app(service: Service, login: tuple[str, str] | None) -> FastAPI:
    """The FastAPI app: /api/* (web_api.py) and the Gradio UI at /, behind BasicAuth when `login`."""
    _quiet_gradio()
    import gradio as gr
    from fastapi import FastAPI

    from kehoach.assistant.web_api import BasicAuth, add_api
    from kehoach.assistant.web_tabs import CSS, UI_WORDS, build_blocks

    # No /docs or /redoc: their pages load Swagger and ReDoc from a CDN.
    app = FastAPI(title="kehoach", docs_url=None, redoc_url=None, openapi_url="/api/openapi.json")
    add_api(app, service)
    blocks = build_blocks(service)
    blocks.queue(default_concurrency_limit=CONCURRENCY)
    theme = gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)
    app = gr.mount_gradio_app(
        app,
        blocks,
        path="/",
        theme=theme,
        css=CSS,
        max_file_size=service.settings.max_file_bytes,
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        footer_links=[],
        i18n=gr.I18n(vi=UI_WORDS, en=UI_WORDS),
    )
    if login:
        app.add_middleware(BasicAuth, user=login[0], password=login[1])
    return app


def serve(
    settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, auth: str | None = None
) -> None:
    """Run the web app until interrupted; prints the address first."""
    login = credentials(host, auth)
    import uvicorn

    from kehoach.assistant.web_service import Service

    service = Service(settings)
    try:
        app = build_app(service, login)
        shown = f"[{host}]" if ":" in host else host
        print(f"kehoach đang chạy tại http://{shown}:{port}/ (Ctrl+C để dừng)", flush=True)
        if login:
            print(f"Đăng nhập với tên «{login[0]}» và mật khẩu đã đặt.", flush=True)
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        service.close()
