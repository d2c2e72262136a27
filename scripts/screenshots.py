"""Screenshots of the web app's four tabs, for the README: docs/web-hoi-dap.png, docs/web-chi-tieu.png,
docs/web-soan-ke-hoach.png, docs/web-van-ban.png.

Ingests examples/plans into a temporary home (or uses --home), starts `kehoach serve` on a free
port and drives headless Chromium (Debian's chromium and chromium-driver) through each tab.

    .venv/bin/python scripts/screenshots.py [--home DIR] [--out docs]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser import chromium, kehoach_serve, missing_reason  # noqa: E402
from tests.servers import free_port  # noqa: E402

SIZE = (1280, 1300)
WAIT = 120


def _wait(driver, condition) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, WAIT, poll_frequency=0.3).until(lambda _: condition())


def _text(driver, selector: str) -> str:
    found = driver.find_elements("css selector", selector)
    return found[0].get_attribute("innerText") if found else ""


def _tab(driver, label: str) -> None:
    next(t for t in driver.find_elements("css selector", "button[role=tab]") if t.text == label).click()
    time.sleep(1)


def _shoot(driver, out: Path, name: str) -> None:
    time.sleep(1.5)  # let charts and scrolling settle
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(out / name))
    print(f"đã lưu {out / name}")


def take(base: str, out: Path) -> None:
    driver = chromium(size=SIZE)
    try:
        driver.get(base + "/")
        _wait(driver, lambda: driver.find_elements("css selector", "button[role=tab]"))
        _tab(driver, "Văn bản")  # the catalog is there once the page's load event has run
        _wait(driver, lambda: "62/KH-UBND" in _text(driver, "#kh-docs"))
        _tab(driver, "Hỏi đáp")

        question = "Năm 2024 huyện Đakrông đặt chỉ tiêu tiêm chủng đầy đủ cho trẻ dưới 1 tuổi là bao nhiêu?"
        driver.find_element("css selector", "#kh-question textarea").send_keys(question)
        driver.find_element("css selector", "#kh-ask").click()
        _wait(driver, lambda: driver.find_elements("css selector", "#kh-cites label"))
        driver.find_elements("css selector", "#kh-cites label")[0].click()
        _wait(driver, lambda: driver.find_elements("css selector", "#kh-passage mark"))
        _shoot(driver, out, "web-hoi-dap.png")

        _tab(driver, "Chỉ tiêu")
        driver.find_element("css selector", "#kh-targets-query textarea").send_keys("tiêm chủng đầy đủ")
        driver.find_element("css selector", "#kh-targets-search").click()
        _wait(driver, lambda: driver.find_elements("css selector", "#kh-plot canvas, #kh-plot svg"))
        _shoot(driver, out, "web-chi-tieu.png")

        _tab(driver, "Soạn kế hoạch")
        driver.find_element("css selector", "#kh-draft-make").click()
        _wait(driver, lambda: "Đã soạn" in _text(driver, "#kh-draft-summary"))
        _shoot(driver, out, "web-soan-ke-hoach.png")

        _tab(driver, "Văn bản")
        _shoot(driver, out, "web-van-ban.png")
    finally:
        driver.quit()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--home", type=Path, help="an index already holding examples/plans")
    parser.add_argument("--out", type=Path, default=REPO / "docs")
    args = parser.parse_args()
    reason = missing_reason()
    if reason:
        print(f"screenshots: {reason}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kehoach-shots-") as tmp:
        home = args.home or Path(tmp) / "home"
        if args.home is None:
            ingest = [sys.executable, "-m", "kehoach.assistant.cli", "--home", str(home), "ingest"]
            subprocess.run([*ingest, str(REPO / "examples" / "plans")], check=True)
        port = free_port()
        with kehoach_serve(home, port):
            take(f"http://127.0.0.1:{port}", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
