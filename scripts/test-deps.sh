#!/usr/bin/env bash
# Debian packages the tests drive for real (LibreOffice renders drafted DOCX to PDF, pdftotext reads
# it back, Chromium and its driver run the web app's browser tests, PostgreSQL serves the
# shared-corpus tests, started by the tests themselves). Installed when missing and possible; never
# fails the run: the tests that need a missing tool skip and say why.
set -u
missing=()
command -v libreoffice >/dev/null || missing+=(libreoffice-writer-nogui)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
  echo "test-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  timeout 900 apt-get install -y -q "${missing[@]}" >/tmp/kehoach-test-deps.log 2>&1 ||
    { timeout 300 apt-get update -q >/dev/null 2>&1 && timeout 900 apt-get install -y -q "${missing[@]}" >/tmp/kehoach-test-deps.log 2>&1; } ||
    echo "test-deps: could not install ${missing[*]} (see /tmp/kehoach-test-deps.log); their tests will skip"
else
  echo "test-deps: ${missing[*]} missing and not installable here; their tests will skip"
fi
exit 0
