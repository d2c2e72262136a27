#!/usr/bin/env bash
# mypy cannot follow setuptools' package-dir mapping (ingest/ installs as kehoach.ingest), so it
# checks a scratch tree of links laid out as the package installs.
set -euo pipefail
cd "$(dirname "$0")/.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/kehoach"
for f in kehoach/*.py; do ln -s "$PWD/$f" "$stage/kehoach/"; done
for d in ingest assistant prompts; do ln -s "$PWD/$d" "$stage/kehoach/$d"; done
MYPYPATH="$stage" "${MYPY:-.venv/bin/mypy}" --config-file pyproject.toml -p kehoach.ingest -p kehoach.assistant
