"""The dependency rule of ARCHITECTURE.md, and that the document names every module it governs."""

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_ingest_never_imports_assistant():
    offenders = {
        path.name: sorted(n for n in _imports(path) if n.startswith("kehoach.assistant"))
        for path in (REPO / "ingest").glob("*.py")
    }
    assert {name: found for name, found in offenders.items() if found} == {}


# Persistence lives only in ingest's storage modules: Chroma in the index, each database in its store.
STORAGE = {
    "chromadb": "ingest/index.py",
    "sqlite3": "ingest/store_sqlite.py",
    "psycopg": "ingest/store_postgres.py",
}


def test_only_the_storage_modules_talk_to_chroma_or_a_database():
    talkers = {
        (path.relative_to(REPO).as_posix(), name)
        for folder in ("ingest", "assistant")
        for path in (REPO / folder).glob("*.py")
        for name in STORAGE.keys() & {n.split(".")[0] for n in _imports(path)}
    }
    assert talkers == {(module, name) for name, module in STORAGE.items()}


def test_architecture_names_every_module():
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    modules = [
        path.relative_to(REPO).as_posix()
        for folder in ("ingest", "assistant")
        for path in sorted((REPO / folder).glob("*.py"))
        if path.name != "__init__.py"
    ]
    missing = [m for m in modules if Path(m).name not in text]
    assert missing == []
