"""A home the user may read but not write (a shared copy, a mounted archive) still answers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.ingest.index import Index
from kehoach.ingest.settings import Settings
from tests.test_index import full_plan

# Root writes anywhere; without these capabilities it obeys file modes like any user.
DROP = "-dac_override,-dac_read_search,-fowner,-linux_immutable"


def unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a home read-only to this process")
    return ["setpriv", "--bounding-set", DROP, "--inh-caps", DROP, "--"]


def listing(home: Path) -> dict[str, int]:
    return {str(p.relative_to(home)): p.stat().st_mtime_ns for p in home.rglob("*")}


@pytest.mark.slow
def test_docs_search_and_ask_on_a_read_only_home(tmp_path):
    home = tmp_path / "home"
    with Index.open(Settings(home=home)) as idx:
        idx.add(full_plan())
    before = listing(home)
    for path in [home, *home.rglob("*")]:
        path.chmod(path.stat().st_mode & 0o555)
    try:
        env = {**os.environ, "HF_HUB_OFFLINE": "1", "TMPDIR": str(tmp_path)}
        base = [*unprivileged(), sys.executable, "-m", "kehoach.assistant.cli", "--home", str(home)]

        def run(*args: str):
            out = subprocess.run(
                [*base, *args, "--json"], capture_output=True, text=True, env=env, timeout=300
            )
            assert out.returncode == 0, out.stderr
            return json.loads(out.stdout)

        assert [d["number"] for d in run("docs")] == ["45/KH-UBND"]
        hits = run("search", "tiêm chủng vắc xin", "-k", "2")
        assert "tiêm chủng" in hits[0]["text"] and hits[0]["score"] > 0
        answer = run("ask", "Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ đạt bao nhiêu?")
        assert answer["supported"] and "96%" in answer["answer"]
        denied = subprocess.run([*base, "ingest", str(tmp_path)], capture_output=True, text=True, env=env)
        assert denied.returncode != 0 and "Traceback" not in denied.stderr
        assert listing(home) == before
        # The private copy of the vectors is gone with the process.
        assert not list(tmp_path.glob("kehoach-chroma-*"))
    finally:
        for path in [home, *home.rglob("*")]:
            path.chmod(path.stat().st_mode | 0o200)
