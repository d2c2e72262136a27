"""`kehoach serve`: the web app in a real headless Chromium, its HTTP API, and its safety rules.

One server per module, started by the real command line over a copy of the example corpus's
index; the browser tests drive each tab as a user would, and every request the page makes is
recorded so the last browser test can assert that none left the machine.
"""

from __future__ import annotations

import base64
import io
import ipaddress
import json
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import openpyxl
import pytest

from kehoach.errors import KehoachError
from tests.browser import chromium, kehoach_serve, missing_reason, requested_urls
from tests.servers import free_port

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "plans"
WAIT = 60  # seconds for a UI step on a busy two-core machine

GOOD_PLAN = """ỦY BAN NHÂN DÂN
XÃ HƯỚNG HIỆP

Số: 27/KH-UBND

Hướng Hiệp, ngày 10 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện công tác trẻ em năm 2026 trên địa bàn xã Hướng Hiệp

I. MỤC TIÊU, CHỈ TIÊU
Chỉ tiêu 1: Tỷ lệ trẻ em dưới 1 tuổi được tiêm chủng đầy đủ 8 loại vắc xin đạt trên 96%.
Chỉ tiêu 2: Giảm tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi xuống dưới 18%.

II. TỔ CHỨC THỰC HIỆN
Trạm Y tế xã chủ trì thực hiện các chỉ tiêu 1, 2; báo cáo kết quả về Ủy ban nhân dân xã trước ngày 15/12/2026.
"""


# ---- the server and the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def home(example_home, tmp_path_factory) -> Path:
    """A copy of the example index: these tests upload, ingest and remove documents."""
    copy = tmp_path_factory.mktemp("web") / "home"
    shutil.copytree(example_home, copy, ignore=shutil.ignore_patterns("ingest.lock"))
    return copy


@pytest.fixture(scope="module")
def server(home) -> str:
    port = free_port()
    with kehoach_serve(home, port) as proc:
        yield f"http://127.0.0.1:{port}"
        assert proc.poll() is None


class Page:
    """The shared browser, and every URL it has requested so far."""

    def __init__(self, driver, downloads: Path) -> None:
        self.driver, self.downloads, self.urls = driver, downloads, []

    def drain(self) -> list[str]:
        self.urls += requested_urls(self.driver)
        return self.urls

    def css(self, selector: str):
        return self.driver.find_element("css selector", selector)

    def wait(self, condition, timeout: float = WAIT):
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(self.driver, timeout, poll_frequency=0.3).until(lambda _: condition())

    def text(self, selector: str) -> str:
        found = self.driver.find_elements("css selector", selector)
        return found[0].text if found else ""

    def tab(self, label: str) -> None:
        tabs = self.driver.find_elements("css selector", "button[role=tab]")
        next(t for t in tabs if t.text == label).click()


@pytest.fixture(scope="module")
def page(server, tmp_path_factory) -> Page:
    reason = missing_reason()
    if reason:
        pytest.skip(reason)
    downloads = tmp_path_factory.mktemp("downloads")
    driver = chromium(downloads)
    try:
        yield _open_app(driver, server, downloads)
    finally:
        driver.quit()


def _open_app(driver, base: str, downloads: Path) -> Page:
    driver.get(base + "/")
    shown = Page(driver, downloads)
    # The catalog fills the Văn bản tab when the page's load event has run: the app is live.
    shown.wait(lambda: driver.find_elements("css selector", "button[role=tab]"))
    shown.tab("Văn bản")
    shown.wait(lambda: "62/KH-UBND" in shown.text("#kh-docs"))
    shown.tab("Hỏi đáp")
    return shown


def _ask(page: Page, question: str) -> None:
    """Ask once the previous answer is complete (its last step empties the question box)."""
    box = page.css("#kh-question textarea")
    page.wait(lambda: box.get_attribute("value") == "")
    box.send_keys(question)
    page.css("#kh-ask").click()


def _post(url: str, data: dict, headers: dict | None = None) -> dict:
    body = json.dumps(data).encode()
    request = urllib.request.Request(url, body, {"Content-Type": "application/json", **(headers or {})})
    with urllib.request.urlopen(request, timeout=300) as response:
        return json.loads(response.read())


def _get(url: str, headers: dict | None = None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=60) as response:
        return json.loads(response.read())


def _multipart(files: dict[str, bytes]) -> tuple[bytes, str]:
    boundary = "kehoach-test-boundary"
    parts = []
    for name, data in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _upload(server: str, files: dict[str, bytes]) -> list[dict]:
    body, kind = _multipart(files)
    request = urllib.request.Request(server + "/api/ingest", body, {"Content-Type": kind})
    with urllib.request.urlopen(request, timeout=600) as response:
        return json.loads(response.read())


# ---- the tabs in a real browser ------------------------------------------------------------------


def test_ask_a_question_and_open_its_citation(page):
    page.tab("Hỏi đáp")
    question = "Năm 2024 huyện Đakrông đặt chỉ tiêu tiêm chủng đầy đủ cho trẻ dưới 1 tuổi là bao nhiêu?"
    _ask(page, question)
    page.wait(lambda: page.driver.find_elements("css selector", "#kh-cites label"))
    assert "trên 92%" in page.text("#kh-chat")
    chip = page.driver.find_elements("css selector", "#kh-cites label")[0]
    assert chip.text.startswith("[1] 71/KH-UBND")
    chip.click()
    page.wait(lambda: page.driver.find_elements("css selector", "#kh-passage mark"))
    passage = page.text("#kh-passage")
    assert "71/KH-UBND · huyện Đakrông, tỉnh Quảng Trị · 2024 · trang 1" in passage
    assert "Mục: II. MỤC TIÊU, CHỈ TIÊU" in passage
    assert "đạt trên 92%" in page.text("#kh-passage mark")
    assert "Chỉ tiêu 2:" in passage  # a short section is shown within the one that holds it

    # A follow-up keeps the context, as `kehoach chat` does; an unanswerable one is refused honestly.
    _ask(page, "còn năm 2023 thì sao?")
    page.wait(lambda: "trên 90%" in page.text("#kh-chat"))
    _ask(page, "ngân sách quốc phòng năm 2024 là bao nhiêu?")
    page.wait(lambda: "Không tìm thấy." in page.text("#kh-chat"))


def test_search_targets_and_see_the_chart(page):
    page.tab("Chỉ tiêu")
    page.css("#kh-targets-query textarea").send_keys("tiêm chủng đầy đủ 8 loại vắc xin")
    page.css("#kh-targets-search").click()
    page.wait(lambda: "trên 92%" in page.text("#kh-targets-table"))
    table = page.text("#kh-targets-table")
    assert "62/KH-UBND" in table and "trên 90%" in table and "Phòng Y tế" in table
    # The chart draws one mark per document and year of the chosen indicator.
    page.wait(lambda: page.driver.find_elements("css selector", "#kh-plot canvas, #kh-plot svg"))
    assert "tiêm chủng đầy đủ 8 loại vắc xin" in page.css("#kh-indicator input").get_attribute("value")
    page.css("#kh-export-xlsx").click()
    link = page.wait(lambda: page.driver.find_elements("css selector", "#kh-export-file a[href$='.xlsx']"))
    with urllib.request.urlopen(link[0].get_attribute("href"), timeout=60) as response:
        sheet = openpyxl.load_workbook(io.BytesIO(response.read())).active
    assert sheet["A1"].value == "Chỉ tiêu" and "62/KH-UBND" in " ".join(c.value or "" for c in sheet[1])


def test_draft_a_plan_and_download_the_docx(page):
    import docx

    page.tab("Soạn kế hoạch")
    page.wait(lambda: page.css("#kh-draft-year input").get_attribute("value") == "2024")
    page.css("#kh-draft-make").click()
    page.wait(lambda: "Đã soạn" in page.text("#kh-draft-summary"))
    assert page.driver.find_elements("css selector", "#kh-draft-preview mark.kh-bo-sung")
    assert page.driver.find_elements("css selector", "#kh-draft-preview mark.kh-xem-lai")
    links = page.driver.find_elements("css selector", "#kh-draft-files a")
    next(a for a in links if a.get_attribute("href").endswith(".docx")).click()
    target = page.downloads / "ke-hoach-2024.docx"
    page.wait(lambda: target.is_file() and not list(page.downloads.glob("*.crdownload")))
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Thực hiện công tác trẻ em năm 2024" in text and "[cần bổ sung:" in text


def test_upload_a_good_and_a_bad_file_then_remove_one(page, tmp_path):
    good, bad = tmp_path / "huong_hiep_2026.md", tmp_path / "hong.pdf"
    good.write_text(GOOD_PLAN, encoding="utf-8")
    bad.write_bytes(b"day khong phai la mot tep PDF")
    page.tab("Văn bản")
    page.css("#kh-upload input[type=file]").send_keys(f"{good}\n{bad}")
    page.wait(
        lambda: "hong\n.pdf" in page.text("#kh-upload") and "huong_hiep_2026\n.md" in page.text("#kh-upload")
    )
    page.css("#kh-ingest").click()
    page.wait(lambda: "Xong:" in page.text("#kh-docs-status"), timeout=300)
    rows = page.text("#kh-ingest-results")
    assert "huong_hiep_2026.md\nđã nạp" in rows
    assert "hong.pdf\nlỗi" in rows
    assert "Xong: 1/2 tệp thành công, 1 lỗi." in page.text("#kh-docs-status")
    page.wait(lambda: "27/KH-UBND" in page.text("#kh-docs"))

    # Remove it again: choose it in the list, press the button; the catalog follows.
    choice = page.css("#kh-remove-doc input")
    choice.click()
    choice.send_keys("27/KH")
    page.wait(lambda: page.driver.find_elements("css selector", "#kh-remove-doc ul.options li"))
    page.driver.find_elements("css selector", "#kh-remove-doc ul.options li")[0].click()
    page.css("#kh-remove").click()
    page.wait(lambda: "Đã xoá 27/KH-UBND" in page.text("#kh-docs-status"))
    page.wait(lambda: "27/KH-UBND" not in page.text("#kh-docs"))


def test_the_page_never_requests_an_outside_host(page):
    """Every request of every tab so far, and of a fresh load, went to a loopback address."""
    page.driver.get(page.driver.current_url)
    page.wait(lambda: page.driver.find_elements("css selector", "#kh-question textarea"))
    for label in ("Chỉ tiêu", "Soạn kế hoạch", "Văn bản", "Hỏi đáp"):
        page.tab(label)
        time.sleep(0.5)
    urls = page.drain()
    assert len(urls) > 20  # the page and its assets: the log really records requests
    outside = sorted(
        u for u in urls if not ipaddress.ip_address(urlsplit(u).hostname or "0.0.0.0").is_loopback
    )
    assert outside == []


# ---- the HTTP API --------------------------------------------------------------------------------


def test_api_answers_targets_drafts_and_catalog(server):
    docs = _get(server + "/api/docs")
    assert {"62/KH-UBND", "71/KH-UBND", "415/QĐ-UBND"} <= {d["number"] for d in docs}
    answer = _post(server + "/api/ask", {"question": "Ai ký Quyết định 415/QĐ-UBND?"})
    assert answer["supported"] and "Trương Minh Khôi" in answer["answer"]
    assert answer["citations"][0]["number"] == "415/QĐ-UBND"
    rows = _get(server + "/api/targets?q=" + urllib.parse.quote("tiêm chủng đầy đủ 8 loại vắc xin"))
    assert {"62/KH-UBND", "71/KH-UBND"} <= {r["number"] for r in rows}
    draft = _post(server + "/api/draft", {"from": ["62/KH-UBND"], "year": 2024})
    assert "[cần bổ sung:" in draft["markdown"] and draft["targets"] == 13
    with pytest.raises(urllib.error.HTTPError) as err:
        _post(server + "/api/draft", {"from": ["999/KH-XYZ"], "year": 2024})
    assert err.value.code == 400 and "Không tìm thấy văn bản" in json.loads(err.value.read())["error"]


def test_twenty_concurrent_chats_succeed_while_an_ingest_runs(server, home):
    """The ingest holds the home's lock the whole time the twenty questions are asked."""
    from kehoach.ingest.index import ingest_lock

    # Two example plans in one new file (about 100 new chunks) keep the ingest busy a while.
    names = ("04_quang_tri_2026_2030_chuong_trinh_hanh_dong.txt", "01_dakrong_2023_cong_tac_tre_em.txt")
    big = "\n\n".join((EXAMPLES / name).read_text(encoding="utf-8") for name in names).encode()
    results: list = []
    ingest = threading.Thread(target=lambda: results.extend(_upload(server, {"quang_tri_ban_sao.txt": big})))
    ingest.start()

    def locked() -> bool:
        try:
            with ingest_lock(home, wait=False):
                return False
        except KehoachError:
            return True

    deadline = time.monotonic() + 60
    while not locked():
        assert time.monotonic() < deadline and ingest.is_alive(), "the ingest never took the lock"
        time.sleep(0.05)
    questions = [
        "Năm 2024 huyện Đakrông đặt chỉ tiêu tiêm chủng đầy đủ cho trẻ dưới 1 tuổi là bao nhiêu?",
        "Ai ký Quyết định 415/QĐ-UBND?",
        "Kinh phí thực hiện kế hoạch của huyện Đakrông năm 2023 từ đâu?",
        "ngân sách quốc phòng năm 2024 là bao nhiêu?",
    ]
    started = time.monotonic()
    with ThreadPoolExecutor(20) as pool:
        answers = list(
            pool.map(lambda n: _post(server + "/api/ask", {"question": questions[n % 4]}), range(20))
        )
    elapsed = time.monotonic() - started
    still_ingesting = locked()
    print(f"20 concurrent questions during an ingest: {elapsed:.1f} s in all")  # shown with -s
    ingest.join(timeout=600)
    assert len(answers) == 20 and all(a["answer"] for a in answers)
    assert [a["supported"] for a in answers[:4]] == [True, True, True, False]
    assert still_ingesting, f"the ingest ended before the questions did ({elapsed:.1f} s)"
    assert [r["status"] for r in results] == ["ingested"], results


def test_remove_a_document_through_the_api(server, home):
    from kehoach.ingest.embed import get_embedder
    from kehoach.ingest.index import Index
    from kehoach.ingest.settings import load_settings

    [result] = _upload(server, {"huong_hiep_2026.md": GOOD_PLAN.encode()})
    assert result["status"] == "ingested" and (home / "uploads" / "huong_hiep_2026.md").is_file()
    doc_id = result["doc_id"]
    request = urllib.request.Request(f"{server}/api/docs/{doc_id}", method="DELETE")
    with urllib.request.urlopen(request, timeout=60) as response:
        assert json.loads(response.read())["removed"]["number"] == "27/KH-UBND"
    assert doc_id not in {d["doc_id"] for d in _get(server + "/api/docs")}
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(request, timeout=60)
    assert err.value.code == 404
    with Index.open(load_settings(home=home), get_embedder("e5-small")) as index:
        assert index.targets([doc_id]) == []
        assert not [c for c, _ in index.lexical_search("Hướng Hiệp", 50) if c.startswith(doc_id)]
        assert index.vacuum() == 0  # its vectors went with it: none is left without its rows
    assert not (home / "uploads" / "huong_hiep_2026.md").exists()


def test_the_llm_switch_uses_the_configured_model(home, monkeypatch):
    """The web's LLM choice goes to the model that --llm / KEHOACH_LLM names, and "Không dùng LLM"
    never calls it. The chat server is scripted (it cites a sentence of the sources it was sent):
    the HTTP path is real, the model is not, as in test_ask_llm.py."""
    from kehoach.assistant.web_service import Service
    from kehoach.ingest.settings import load_settings
    from tests.llm_servers import scripted_server
    from tests.test_ask_llm import EXPECTED, QUESTION, _cited_reply

    with scripted_server(_cited_reply) as (url, prompts):
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        service = Service(load_settings(home=home, llm="openai:scripted"), readers=1)
        try:
            assert service.llm_spec == "openai:scripted"
            plain = service.ask(QUESTION, use_llm=False)
            assert plain.mode == "extractive" and prompts == []
            answer = service.ask(QUESTION, use_llm=True)
        finally:
            service.close()
    assert answer.mode == "llm" and EXPECTED in answer.answer and len(prompts) == 1


# ---- safety --------------------------------------------------------------------------------------


def test_refuses_an_outside_address_without_a_password(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "KEHOACH_PASSWORD"}
    command = [sys.executable, "-m", "kehoach.assistant.cli", "--home", str(tmp_path), "serve"]
    done = subprocess.run(
        [*command, "--host", "0.0.0.0"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert "KEHOACH_PASSWORD" in done.stderr and "--auth" in done.stderr
    bad = subprocess.run([*command, "--auth", "chi-ten"], env=env, capture_output=True, text=True, timeout=60)
    assert bad.returncode == 1 and "TÊN:MẬT_KHẨU" in bad.stderr


def test_password_is_required_when_set(home):
    port = free_port()
    base = f"http://127.0.0.1:{port}"

    def status(path: str, login: str | None = None) -> int:
        headers = {"Authorization": "Basic " + base64.b64encode(login.encode()).decode()} if login else {}
        try:
            with urllib.request.urlopen(
                urllib.request.Request(base + path, headers=headers), timeout=60
            ) as r:
                return r.status
        except urllib.error.HTTPError as err:
            return err.code

    with kehoach_serve(home, port, "--host", "0.0.0.0", env={"KEHOACH_PASSWORD": "mat-khau-thu"}):
        assert status("/api/docs") == 401
        assert status("/") == 401
        assert status("/api/docs", "kehoach:sai") == 401
        assert status("/api/docs", "khac:mat-khau-thu") == 401
        assert status("/api/docs", "kehoach:mat-khau-thu") == 200
        assert status("/", "kehoach:mat-khau-thu") == 200
        if missing_reason() is None:  # the UI works once logged in: every request carries the login
            _ask_logged_in(base, "kehoach:mat-khau-thu")


def _ask_logged_in(base: str, login: str) -> None:
    """As a browser does after its login prompt: the Authorization header on every request."""
    driver = chromium()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        header = {"Authorization": "Basic " + base64.b64encode(login.encode()).decode()}
        driver.execute_cdp_cmd("Network.setExtraHTTPHeaders", {"headers": header})
        shown = _open_app(driver, base, Path())
        _ask(shown, "Ai ký Quyết định 415/QĐ-UBND?")
        shown.wait(lambda: "Trương Minh Khôi" in shown.text("#kh-chat"))
    finally:
        driver.quit()
