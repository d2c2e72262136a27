"""The `kehoach` command line: exit codes, per-file lines and DESIGN.md's JSON keys."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kehoach.assistant.cli import main
from tests.test_pipeline import write_plan

DOC_KEYS = {"doc_id", "number", "kind", "title", "issuer", "locality", "level", "issued", "years", "source"}
SEARCH_KEYS = {"doc_id", "source", "number", "locality", "year", "section", "text", "page", "score"}


def test_ingest_docs_search(tmp_path, capsys):
    home = str(tmp_path / "home")
    good = write_plan(tmp_path / "kh.txt", 42, 2025, 88, "Tổ chức lớp học bơi miễn phí cho trẻ em.")
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"\x00\x01\x02" * 100)

    assert main(["--home", home, "ingest", str(good), str(junk)]) == 1
    out = capsys.readouterr().out
    assert "ingested:" in out and "kh.txt" in out
    assert "failed:" in out and "junk.txt" in out and "không phải tệp văn bản" in out

    assert main(["--home", home, "ingest", str(good)]) == 0
    assert "unchanged:" in capsys.readouterr().out

    assert main(["--home", home, "docs", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    assert len(docs) == 1 and set(docs[0]) >= DOC_KEYS
    assert docs[0]["number"] == "42/KH-UBND" and docs[0]["years"] == "2025"

    assert main(["--home", home, "search", "hoc boi mien phi", "--json", "-k", "3"]) == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and set(hits[0]) >= SEARCH_KEYS
    assert "học bơi" in hits[0]["text"]


def test_entry_point_runs_and_reports_errors_in_vietnamese(tmp_path):
    home = str(tmp_path / "home")
    done = subprocess.run(
        [sys.executable, "-m", "kehoach.assistant.cli", "--home", home, "docs", "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == []
    failed = subprocess.run(
        [sys.executable, "-m", "kehoach.assistant.cli", "--home", home, "ingest", str(tmp_path / "none")],
        capture_output=True,
        text=True,
    )
    assert failed.returncode == 1
    assert "Traceback" not in failed.stderr


def test_bad_settings_and_options_are_clear_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KEHOACH_MAX_FILE_MB", "abc")
    assert main(["--home", str(tmp_path), "docs"]) == 1
    assert "KEHOACH_MAX_FILE_MB" in capsys.readouterr().err
    monkeypatch.delenv("KEHOACH_MAX_FILE_MB")
    with pytest.raises(SystemExit) as exit_info:
        main(["--home", str(tmp_path), "search", "trẻ em", "-k", "0"])
    assert exit_info.value.code == 2
    assert "số nguyên dương" in capsys.readouterr().err
