"""The grammar of the `kehoach` command: its sub-commands, their arguments and their Vietnamese help
texts. `cli.py` runs what this parses."""

from __future__ import annotations

import argparse


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"cần một số nguyên dương, không phải «{text}»")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kehoach", description="Trợ lý kế hoạch công tác trẻ em.")
    parser.add_argument("--home", help="thư mục lưu chỉ mục (biến môi trường KEHOACH_HOME)")
    parser.add_argument("--embedder", help='mô hình nhúng: "e5-small" (mặc định) hoặc "st:MÔ_HÌNH"')
    parser.add_argument("--llm", help='mô hình ngôn ngữ: "none" (mặc định), "ollama:M", "openai:M"')
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")

    p = sub.add_parser("ingest", help="nạp tệp hoặc thư mục vào chỉ mục")
    p.add_argument("paths", nargs="+", metavar="ĐƯỜNG_DẪN")
    p.add_argument(
        "--no-wait", action="store_true", help="báo lỗi ngay khi một tiến trình nạp khác đang chạy"
    )

    p = sub.add_parser("vacuum", help="xoá vectơ mồ côi do lần nạp bị ngắt để lại")
    p.add_argument("--full", action="store_true", help="quét toàn bộ kho vectơ (chậm với chỉ mục lớn)")
    p.add_argument(
        "--no-wait", action="store_true", help="báo lỗi ngay khi một tiến trình nạp khác đang chạy"
    )

    p = sub.add_parser("docs", help="danh mục văn bản đã nạp")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("search", help="tìm đoạn văn bản liên quan")
    p.add_argument("query", metavar="CÂU_TÌM")
    p.add_argument("-k", type=positive_int, default=5, help="số kết quả (mặc định 5)")
    p.add_argument("--where", metavar="LỌC", help='lọc văn bản, ví dụ "locality=Huế,year=2025,number=183"')
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("targets", help="văn bản nào đặt chỉ tiêu này, với giá trị nào; so sánh chỉ tiêu")
    p.add_argument("query", nargs="?", metavar="CÂU_TÌM")
    p.add_argument("-k", type=positive_int, default=20, help="số chỉ tiêu tối đa (mặc định 20)")
    p.add_argument("--compare", action="store_true", help="bảng so sánh: dòng là chỉ tiêu, cột là văn bản")
    p.add_argument("--csv", metavar="TỆP", help="xuất bảng so sánh ra CSV")
    p.add_argument("--xlsx", metavar="TỆP", help="xuất bảng so sánh ra Excel")
    p.add_argument("--report", action="store_true", help="báo cáo số chỉ tiêu đọc được ở mỗi văn bản")
    p.add_argument(
        "--marked",
        metavar="TỆP",
        help="với --report: so với chỉ tiêu đánh dấu tay (JSON lines; mặc định eval/wild/targets.jsonl)",
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("ask", help="hỏi đáp có trích dẫn nguồn")
    p.add_argument("question", metavar="CÂU_HỎI")
    p.add_argument("--json", action="store_true")
    p.add_argument("--where", metavar="LỌC", help='chỉ hỏi trong các văn bản, ví dụ "locality=Huế,year=2025"')
    p.add_argument("--llm", dest="ask_llm", metavar="SPEC", help='"none", "ollama:M", "openai:M", "gguf:TỆP"')

    p = sub.add_parser("chat", help='hội thoại hỏi đáp (đọc câu hỏi từ bàn phím đến khi gõ "thoát")')
    p.add_argument("--llm", dest="ask_llm", metavar="SPEC", help='"none", "ollama:M", "openai:M", "gguf:TỆP"')

    p = sub.add_parser("draft", help="soạn kế hoạch năm mới (hoặc một mục) từ kế hoạch năm trước")
    p.add_argument(
        "--from",
        dest="sources",
        nargs="+",
        required=True,
        metavar="VĂN_BẢN",
        help="số hoặc mã văn bản: đầu tiên là kế hoạch mẫu, sau đó là kế hoạch cấp trên",
    )
    p.add_argument("--year", type=positive_int, required=True, metavar="NĂM", help="năm của kế hoạch mới")
    p.add_argument("--locality", metavar="ĐỊA_BÀN", help='địa bàn ban hành, ví dụ "xã Sơn Tây"')
    p.add_argument("--section", metavar="MỤC", help="chỉ soạn một mục (khớp cả khi gõ không dấu)")
    p.add_argument("--out", metavar="TỆP", help="tệp ra .docx hoặc .md")
    p.add_argument("--no-sources", action="store_true", help="không ghi nguồn dưới mỗi đoạn")
    p.add_argument("--footnotes", action="store_true", help="DOCX: ghi nguồn thành chú thích cuối trang")
    p.add_argument(
        "--llm", dest="ask_llm", metavar="SPEC", help="viết lại từng mục cho liền mạch (có kiểm tra)"
    )

    p = sub.add_parser(
        "serve", help="mở ứng dụng web (hỏi đáp, chỉ tiêu, soạn kế hoạch, văn bản) và API HTTP"
    )
    p.add_argument("--host", default="127.0.0.1", help="địa chỉ lắng nghe (mặc định 127.0.0.1: chỉ máy này)")
    p.add_argument("--port", type=positive_int, default=7860, help="cổng (mặc định 7860)")
    p.add_argument(
        "--auth",
        metavar="TÊN:MẬT_KHẨU",
        help="bắt buộc đăng nhập (hoặc đặt KEHOACH_PASSWORD); cần khi --host không phải 127.0.0.1",
    )

    p = sub.add_parser("eval", help="đánh giá truy xuất, trả lời, trích dẫn trên bộ câu hỏi")
    p.add_argument("--qa", metavar="TỆP", help="bộ câu hỏi JSON lines (mặc định eval/qa.jsonl)")
    p.add_argument("--corpus", metavar="THƯ_MỤC", help="nạp thư mục này vào một chỉ mục tạm rồi đánh giá")
    p.add_argument(
        "--headers", metavar="TỆP", help="so thông tin văn bản đọc được với tệp kiểm tay (JSON lines)"
    )
    p.add_argument("--headers-only", action="store_true", help="chỉ so thông tin văn bản, không hỏi đáp")
    p.add_argument(
        "--draft",
        action="store_true",
        help="chỉ kiểm tra soạn thảo: soạn năm sau từ mỗi kế hoạch một năm, so với kế hoạch thật nếu có",
    )
    p.add_argument(
        "--wild",
        action="store_true",
        help="bộ văn bản thực: eval/wild và ../shared/wild/docs, báo cáo theo dev/test",
    )
    p.add_argument(
        "--strip-diacritics",
        action="store_true",
        help="hỏi lại mỗi câu có dấu (có đáp án) sau khi bỏ dấu, báo cáo mức chênh",
    )
    p.add_argument("--json", action="store_true")
    return parser
