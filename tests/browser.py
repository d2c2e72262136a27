"""`kehoach serve` in a subprocess and headless Chromium (Debian's `chromium` and
`chromium-driver`), for the web tests and scripts/screenshots.py.

Every request the page makes is recorded from Chrome's performance log (the DevTools Network
domain), so a test can assert that the app never reaches an outside host.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from pathlib import Path
from urllib.parse import urlsplit

from tests.servers import stop

# Seconds for the server to answer: it loads the embedder and Gradio first.
START_TIMEOUT = 180

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# Chrome's own background traffic (updates, sync, safe browsing) is switched off, so what the
# performance log shows is the page's.
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--lang=vi",
)


def browser_paths() -> tuple[str, str] | None:
    """(chromium, chromedriver), or None when either is missing."""
    browser = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def missing_reason() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (the test extra)"
    if browser_paths() is None:
        return "chromium and chromedriver not found (scripts/test-deps.sh installs them as root)"
    return None


def chromium(downloads: Path | None = None, size: tuple[int, int] = (1280, 1000)):
    """A headless Chromium driven by Selenium, its performance log on."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    found = browser_paths()
    assert found is not None, missing_reason()
    options = webdriver.ChromeOptions()
    options.binary_location = found[0]
    for flag in (*FLAGS, f"--window-size={size[0]},{size[1]}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    if downloads is not None:
        options.add_experimental_option(
            "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
        )
    return webdriver.Chrome(options=options, service=Service(executable_path=found[1]))


def requested_urls(driver) -> list[str]:
    """The URLs the page requested since the last call (the log is drained as it is read)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = message["params"].get("request", {}).get("url") or message["params"].get("url", "")
            if urlsplit(url).scheme not in ("data", "blob", "about", "chrome", ""):
                urls.append(url)
    return urls


@contextlib.contextmanager
def kehoach_serve(
    home: Path, port: int, *options: str, env: Mapping[str, str] | None = None
) -> Iterator[subprocess.Popen]:
    """`kehoach --home HOME serve --port PORT OPTIONS...` until the block ends; ready when
    /api/docs answers (401 counts: the server is up, it wants a password)."""
    command = [
        sys.executable,
        "-m",
        "kehoach.assistant.cli",
        "--home",
        str(home),
        "serve",
        "--port",
        str(port),
    ]
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    proc = subprocess.Popen(
        [*command, *options], env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, f"kehoach serve exited: {proc.stdout.read() if proc.stdout else ''}"
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/api/docs", timeout=5).close()
                break
            except urllib.error.HTTPError as err:
                if err.code == 401:
                    break
                raise
            except OSError:
                assert time.monotonic() < deadline, "kehoach serve did not answer in time"
                time.sleep(0.5)
        yield proc
    finally:
        stop(proc)
