#!/usr/bin/env bash
# Draft Đakrông 2024 from the 2023 example plan and render page 1 of the DOCX to docs/draft-page-1.png
# (libreoffice -> PDF -> pdftoppm), so the layout can be checked by eye.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HF_HUB_OFFLINE=1
"$PY" -m kehoach.assistant.cli --home "$work/home" ingest examples/plans >/dev/null
"$PY" -m kehoach.assistant.cli --home "$work/home" draft --from 62/KH-UBND --year 2024 --out "$work/ke_hoach_2024.docx"
libreoffice "-env:UserInstallation=file://$work/lo" --headless --convert-to pdf --outdir "$work" \
    "$work/ke_hoach_2024.docx" >/dev/null
mkdir -p docs
pdftoppm -png -r 60 -f 1 -l 2 "$work/ke_hoach_2024.pdf" "$work/page"
cp "$work"/page-*1.png docs/draft-page-1.png
cp "$work"/page-*2.png docs/draft-page-2.png
echo "docs/draft-page-1.png, docs/draft-page-2.png"
