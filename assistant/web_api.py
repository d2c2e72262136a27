"""The HTTP API: the web UI's operations as JSON endpoints for other tools, and the password gate.

Every endpoint is a thin call into web_service.Service. When a password is set, `BasicAuth` guards
the whole application (the API and the mounted Gradio UI alike) with HTTP Basic authentication.
"""

from __future__ import annotations

import base64
import binascii
import secrets
import tempfile
from pathlib import Path
from typing import Any

from fastapi import FastAPI, File, HTTPException, Query, UploadFile
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from kehoach.assistant.draft import to_markdown
from kehoach.assistant.web_service import Service, safe_name
from kehoach.errors import KehoachError

COPY_BLOCK = 1 << 20
MEDIA = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
}


class BasicAuth:
    """HTTP Basic authentication in front of every request (pure ASGI, so streamed responses pass)."""

    def __init__(self, app: ASGIApp, user: str, password: str) -> None:
        self.app = app
        self._expected = (user.encode(), password.encode())

    def _allowed(self, scope: Scope) -> bool:
        header = dict(scope.get("headers") or []).get(b"authorization", b"")
        scheme, _, encoded = header.partition(b" ")
        if scheme.lower() != b"basic":
            return False
        try:
            user, sep, password = base64.b64decode(encoded.strip(), validate=True).partition(b":")
        except (binascii.Error, ValueError):
            return False
        # Both compared in full either way, so timing tells nothing about which part was wrong.
        same_user = secrets.compare_digest(user, self._expected[0])
        same_password = secrets.compare_digest(password, self._expected[1])
        return bool(sep) and same_user and same_password

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket") or self._allowed(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
            return
        refusal = PlainTextResponse(
            "Cần đăng nhập (tên và mật khẩu của kehoach serve).",
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="kehoach", charset="UTF-8"'},
        )
        await refusal(scope, receive, send)


class AskRequest(BaseModel):
    question: str
    history: list[str] = Field(default_factory=list)
    llm: bool = False


class DraftRequest(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    sources: list[str] = Field(alias="from", min_length=1)
    year: int = Field(gt=0)
    locality: str | None = None
    section: str | None = None
    with_sources: bool = True
    format: str = "json"


def _file(path: Path) -> FileResponse:
    return FileResponse(path, media_type=MEDIA[path.suffix.lstrip(".")], filename=path.name)


def _save_upload(upload: UploadFile, folder: Path, limit: int) -> Path:
    """At most `limit` + 1 bytes of the upload: enough to tell that it is too large."""
    path = folder / safe_name(upload.filename or "tep")
    with path.open("wb") as out:
        left = limit + 1
        while left > 0 and (block := upload.file.read(min(COPY_BLOCK, left))):
            out.write(block)
            left -= len(block)
    return path


def add_api(app: FastAPI, service: Service) -> None:
    """Register the /api endpoints on `app`."""

    @app.exception_handler(KehoachError)
    async def user_error(_: Request, err: KehoachError) -> JSONResponse:
        return JSONResponse({"error": str(err)}, status_code=400)

    @app.get("/api/docs")
    def docs() -> list[dict]:
        return [d.as_json() for d in service.documents()]

    @app.delete("/api/docs/{doc_id}")
    def remove(doc_id: str) -> dict:
        if doc_id not in {d.doc_id for d in service.documents()}:
            raise HTTPException(404, f"Không có văn bản {doc_id} trong chỉ mục.")
        return {"removed": service.remove(doc_id).as_json()}

    @app.post("/api/ask")
    def ask(request: AskRequest) -> dict:
        return service.ask(request.question, request.history, request.llm).as_json()

    @app.get("/api/targets")
    def targets(q: str, k: int = Query(20, gt=0, le=200)) -> list[dict]:
        return [row.as_json() for row in service.targets(q, k)]

    @app.get("/api/targets/compare")
    def comparison(q: str) -> dict:
        return service.comparison(q).as_json()

    @app.get("/api/targets/export")
    def export(q: str, format: str = "xlsx") -> FileResponse:
        return _file(service.export(q, format))

    @app.post("/api/draft", response_model=None)
    def draft(request: DraftRequest) -> dict[str, Any] | FileResponse:
        made = service.draft(request.sources, request.year, request.locality, request.section)
        if request.format in ("docx", "md"):
            docx, md = service.draft_files(made, request.with_sources)
            return _file(docx if request.format == "docx" else md)
        return {
            "markdown": to_markdown(made, request.with_sources),
            "sections": len(made.sections),
            "targets": len(made.targets),
            "placeholders": made.placeholders,
            "flags": made.flags,
        }

    @app.post("/api/ingest")
    def ingest_files(files: list[UploadFile] = File(...)) -> list[dict]:  # noqa: B008 - FastAPI's idiom
        with tempfile.TemporaryDirectory(prefix="kehoach-upload-") as tmp:
            uploads = []
            for n, upload in enumerate(files):
                folder = Path(tmp) / str(n)  # one folder each: two uploads may share a name
                folder.mkdir()
                limit = service.settings.max_file_bytes
                uploads.append((upload.filename or "tep", _save_upload(upload, folder, limit)))
            results = service.ingest_uploads(uploads)
        return [
            {
                "file": name,
                "status": r.status,
                "message": r.message,
                "doc_id": r.doc_id,
                "chunks": r.chunks,
                "targets": r.targets,
            }
            for (name, _), r in zip(uploads, results, strict=True)
        ]
