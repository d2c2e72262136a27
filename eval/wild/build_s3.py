# Session 3: appends 80 new questions (w-166 ...) to qa.jsonl.
# Written from the documents in /work/shared/wild/docs alone. Evidence is cut from the NFC file text
# by (start, end) markers, so it is verbatim. Run once from this folder: python3 build_s3.py
import json, os, re, sys, unicodedata
DOCS = '/work/shared/wild/docs'
HERE = os.path.dirname(os.path.abspath(__file__))
N = lambda s: unicodedata.normalize('NFC', s)
TEXT = {f: N(open(os.path.join(DOCS, f), encoding='utf-8').read()) for f in os.listdir(DOCS) if f.endswith('.txt')}
split = json.load(open(os.path.join(HERE, 'split.json'), encoding='utf-8'))

def cut(doc, start, end=None):
    t = TEXT[doc]; start = N(start)
    i = t.find(start); assert i >= 0, (doc, start)
    if end is None: return start
    end = N(end); j = t.find(end, i); assert j >= 0, (doc, end)
    s = t[i:j + len(end)]; assert len(s) < 900, (doc, start, len(s))
    return s

def strip_diac(s):
    s = s.replace('đ', 'd').replace('Đ', 'D')
    s = unicodedata.normalize('NFD', s)
    s = ''.join(c for c in s if unicodedata.category(c) != 'Mn')
    s = s.lower()
    s = re.sub(r'[?“”"]', '', s)
    return re.sub(r'\s+', ' ', s).strip()

# (kind, doc(s), question, answers, evidence markers [, twin?])
QA = [
# ---------------- fact, dev ----------------
('fact', 'a_11.txt', 'Quyết định của Cà Mau phê duyệt kế hoạch phòng, chống tai nạn thương tích trẻ em 2014 - 2015 được ký ngày nào?',
 ['13 tháng 02 năm 2014'], ('Số: 212/QĐ-UBND', 'năm 2014')),
('fact', 'a_12.txt', 'Kế hoạch công tác trẻ em năm 2025 của tỉnh Quảng Nam đề ngày bao nhiêu?',
 ['10 tháng 02 năm 2025'], ('Số: 1014/KH-UBND', 'năm 2025 |'), True),
('fact', 'a_14.txt', 'Kế hoạch số 80/KH-UBND ngày 13/4/2023 về Tháng hành động vì trẻ em là của tỉnh nào?',
 ['Quảng Trị'], ('UBND tỉnh vừa ban hành Kế hoạch số 80/KH-UBND', 'tỉnh Quảng Trị')),
('fact', 'a_15.txt', 'Bắc Ninh ra kế hoạch thực hiện tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em vào hôm nào?',
 ['24 tháng 10 năm 2014'], ('Số: 182/KH-UBND', 'năm 2014.')),
('fact', 'a_11.txt', 'Kế hoạch phòng chống tai nạn thương tích trẻ em Cà Mau 2014-2015 được UBND tỉnh duyệt là kế hoạch số mấy của Sở Lao động - Thương binh và Xã hội?',
 ['03/KH-LĐTBXH'], ('Điều 1. Phê duyệt Kế hoạch', 'Thương binh và Xã hội).')),
('fact', 'b_05.txt', 'Theo kế hoạch nâng chỉ số xếp hạng quyền trẻ em năm 2017, Hà Giang có bao nhiêu hộ nghèo?',
 ['67.297'], ('Toàn tỉnh có 67.297 hộ nghèo', 'chiếm tỷ lệ 38,75%'), True),
('fact', 'b_18.txt', 'Sở Lao động - Thương binh và Xã hội Bắc Kạn đề nghị phê duyệt kế hoạch vì trẻ em 2021-2030 qua tờ trình số mấy?',
 ['604/TTr-LĐTBXH'], ('Theo đề nghị của Sở Lao động -', 'ngày 16/4/2021.'), True),
('fact', 'a_01.txt', 'Dịp hè 2024, huyện Vĩnh Linh nhắc các nơi đặc biệt chú ý phòng tai nạn gì cho trẻ?',
 ['đuối nước'], ('chú trọng việc phòng ngừa tai nạn thương tích', 'trong dịp hè đối với trẻ em.'), True),
# ---------------- fact, test ----------------
('fact', 'a_13.txt', 'Kế hoạch 310/KH-UBND về công tác trẻ em của Nghệ An được ban hành ngày nào?',
 ['29 tháng 04 năm 2025'], ('Số: 310/KH-UBND', 'năm 2025 |'), True),
('fact', 'a_17.txt', 'Thái Bình ban hành kế hoạch phòng, chống tai nạn thương tích trẻ em 2016-2020 mang số nào, ngày nào?',
 ['23/KH-UBND', '31 tháng 3 năm 2016'], ('23/KH-UBND', 'tháng 3 năm 2016')),
('fact', 'b_08.txt', 'Quyết định 3868/QĐ-UBND của tỉnh Bình Định về tai nạn thương tích trẻ em ký ngày nào?',
 ['20 tháng 09 năm 2021'], ('Số: 3868/QĐ-UBND', 'tháng 09 năm 2021')),
('fact', 'b_09.txt', 'Kế hoạch số 27/KH-UBND năm 2024 về sức khỏe tâm thần trẻ em là của tỉnh nào ban hành?',
 ['Hà Giang'], ('Số hiệu 27/KH-UBND', 'Cơ quan ban hành Tỉnh Hà Giang')),
('fact', 'a_02.txt', 'Ngoài các thông tư của Bộ, kế hoạch Tháng hành động 2020 của Cần Giờ còn dựa vào kế hoạch nào của huyện về bảo vệ, chăm sóc trẻ em năm 2020?',
 ['74/KH-UBND'], ('Căn cứ Kế hoạch số 74/KH-UBND', 'chăm sóc trẻ em năm 2020;')),
('fact', 'b_04.txt', 'Ở Núi Thành, đơn vị nào làm đầu mối chủ trì các hoạt động Tháng hành động vì trẻ em 2023?',
 ['Phòng Lao động - Thương binh và Xã hội'], ('Phòng Lao động - Thương binh và Xã hội huyện là cơ quan chủ trì', 'cơ quan chủ trì'), True),
('fact', 'b_01.txt', 'Diễn đàn trẻ em Tịnh Biên năm 2019 gồm mấy phần hoạt động chính?',
 ['5 hoạt động'], ('Hình thức tổ chức của Diễn đàn gồm 05 hoạt động chính', 'Giao lưu, đối thoại với lãnh đạo huyện.'), True),
('fact', 'b_03.txt', 'Ai được giao chủ trì thực hiện kế hoạch diễn đàn trẻ em tỉnh Bắc Kạn lần thứ chín?',
 ['Sở Lao động - Thương binh và Xã hội'], ('UBND tỉnh giao Sở Lao động', 'triển khai thực hiện Kế hoạch này./.')),
# ---------------- which_doc, dev ----------------
('which_doc', 'a_10.txt', 'Kế hoạch nào thực hiện Quyết định 1248/QĐ-TTg về phòng, chống tai nạn, thương tích trẻ em và được ký ngày 15/9/2021?',
 ['132/KH-UBND', 'Cà Mau'], ('Số: 132/KH-UBND', 'tháng 9 năm 2021')),
('which_doc', 'a_22.txt', 'Văn bản nào dẫn Nghị quyết 121/2020/QH14 của Quốc hội khi triển khai Chương trình hành động quốc gia vì trẻ em 2021-2030?',
 ['57/KH-UBND', 'Tuyên Quang'], ('Căn cứ Nghị quyết số', 'tỉnh Tuyên Quang, cụ thể như sau:')),
('which_doc', 'b_15.txt', 'Quyết định nào phê duyệt một chương trình hành động vì trẻ em cấp tỉnh giai đoạn 2012 - 2020 và căn cứ Công văn 4178/LĐTBXH-BVCSTE?',
 ['27/QĐ-UBND'], ('Số: 27/QĐ-UBND', 'Căn cứ Công văn số 4178/LĐTBXH-BVCSTE')),
('which_doc', 'b_10.txt', 'Kế hoạch nào triển khai chương trình chăm sóc sức khỏe tâm thần trẻ em cho giai đoạn bắt đầu từ năm 2025?',
 ['93/KH-UBND'], ('Kế hoạch 93/KH-UBND năm 2025', 'trên địa bàn tỉnh Hậu Giang')),
# ---------------- which_doc, test ----------------
('which_doc', 'a_16.txt', 'Kế hoạch nào muốn toàn bộ trường học đạt chuẩn Trường học an toàn và hơn 3/4 số nhà có trẻ em đạt Ngôi nhà an toàn?',
 ['51/KH-UBND'], ('c) Trên 75% ngôi nhà', 'Trường học an toàn;')),
('which_doc', 'b_09.txt', 'Văn bản nào thực hiện Chương trình chăm sóc sức khỏe tâm thần trẻ em, chăm sóc trẻ em mồ côi cho cả giai đoạn 2023 - 2030 ở cấp tỉnh?',
 ['27/KH-UBND', 'Hà Giang'], ('Kế hoạch 27/KH-UBND năm 2024', 'trên địa bàn tỉnh Hà Giang')),
('which_doc', 'b_22.txt', 'Bài nào kể về một diễn đàn trẻ em năm 2024 có 60 em đại diện cho hơn 7 nghìn trẻ của huyện?',
 ['Bạch Thông'], ('Diễn đàn năm nay có sự tham gia của 60 em', 'trên địa bàn huyện Bạch Thông.')),
('which_doc', 'a_17.txt', 'Kế hoạch nào đặt chỉ tiêu 90% trẻ em mặc áo phao khi đi lại bằng đường thủy?',
 ['23/KH-UBND'], ('h) 90% trẻ em sử dụng áo phao', 'giao thông đường thủy.')),
# ---------------- target_lookup, dev ----------------
('target_lookup', 'a_06.txt', 'Năm 2023 Thừa Thiên Huế muốn tỷ suất tử vong của trẻ dưới 5 tuổi thấp hơn mức nào?',
 ['18‰'], ('giảm tỷ suất tử vong trẻ em dưới 5 tuổi', 'dưới 18‰'), True),
('target_lookup', 'a_18.txt', 'Đến 2020 Điện Biên muốn bao nhiêu phần trăm học sinh tiểu học, THCS nắm được luật lệ an toàn giao thông?',
 ['90%'], ('- 90% trẻ em trong độ tuổi tiểu học', 'an toàn giao\nthông.')),
('target_lookup', 'a_18.txt', 'So với năm 2015, Điện Biên muốn giảm bao nhiêu phần trăm số trẻ tử vong vì tai nạn giao thông đường bộ?',
 ['25%'], ('(trong đó giảm 25% số trẻ em tử vong', 'giao thông đường bộ')),
('target_lookup', 'b_20.txt', 'Thành phố PRTC muốn đến năm 2030 tỷ lệ trẻ đến 8 tuổi được tiếp cận dịch vụ chăm sóc phát triển toàn diện là bao nhiêu?',
 ['90%'], ('Tỷ lệ trẻ em đến 8 tuổi được tiếp cận', '90% vào năm 2030.'), True),
('target_lookup', 'b_20.txt', 'Chỉ tiêu tỷ suất tử vong trẻ sơ sinh năm 2025 của thành phố PRTC được ghi là bao nhiêu?',
 ['0,9'], ('Giảm tỷ suất tử vong trẻ sơ sinh', 'dưới 0,9 vào năm 2025')),
# ---------------- target_lookup, test ----------------
('target_lookup', 'a_09.txt', 'Cà Mau đặt chỉ tiêu bao nhiêu phần trăm trẻ có nguy cơ hoặc đang là lao động trẻ em được học phổ thông?',
 ['90%'], ('- Trên 90% trẻ em có nguy cơ', 'tiếp cận giáo dục phổ thông.'), True),
('target_lookup', 'a_17.txt', 'Thái Bình muốn số trẻ chết đuối giảm bao nhiêu phần trăm so với năm 2015?',
 ['6%'], ('d) Giảm 6% số trẻ em bị tử vong do đuối', 'so với năm 2015.'), True),
('target_lookup', 'a_17.txt', 'Theo kế hoạch 2016 - 2020 của Thái Bình, tỷ suất trẻ tử vong do tai nạn, thương tích phải còn bao nhiêu?',
 ['17/100.000'], ('b) Giảm tỷ suất trẻ em tử vong do tai', '17/100.000 trẻ em.')),
('target_lookup', 'a_24.txt', 'Lạng Sơn yêu cầu bao nhiêu phần trăm huyện, thành phố tổ chức diễn đàn trẻ em cấp huyện năm 2022?',
 ['100%'], ('Yêu cầu: 100% các huyện, thành phố', 'cấp huyện, thành phố năm 2022'), True),
('target_lookup', 'a_09.txt', 'Trong kế hoạch về lao động trẻ em của Cà Mau, bao nhiêu phần trăm cán bộ, giáo viên được cung cấp kiến thức phòng ngừa lao động trẻ em?',
 ['90%'], ('- 90% cán bộ, giáo viên', 'giảm thiểu lao động\ntrẻ em.')),
# ---------------- compare, dev ----------------
('compare', ['a_19.txt', 'a_18.txt'], 'Hà Tĩnh và Điện Biên, tỉnh nào ban hành kế hoạch phòng chống tai nạn thương tích trẻ em 2016-2020 trước? Mỗi kế hoạch ngày nào?',
 ['12 tháng 4 năm 2016', '20 tháng 05 năm 2016'], [('Hà Tĩnh, ngày 12 tháng 4 năm 2016',), ('Điện Biên, ngày 20 tháng 05 năm 2016',)]),
('compare', ['a_14.txt', 'a_01.txt'], 'Chủ đề Tháng hành động vì trẻ em của tỉnh Quảng Trị năm 2023 và của huyện Vĩnh Linh năm 2024 khác nhau ra sao?',
 ['Chung tay giảm thiểu tổn hại trẻ em', 'Hành động thiết thực, ưu tiên nguồn lực cho trẻ em'],
 [('UBND tỉnh vừa ban hành Kế hoạch số 80/KH-UBND', '“Chung tay giảm thiểu tổn hại trẻ em”.'), ('Ngày 13/5/2024, UBND huyện Vĩnh Linh', 'ưu tiên nguồn lực cho trẻ em”')]),
('compare', ['a_10.txt', 'a_20.txt'], 'Kế hoạch phòng, chống tai nạn thương tích trẻ em 2021-2030 của Cà Mau và của Lạng Sơn, cái nào ra trước, ngày nào?',
 ['15 tháng 9 năm 2021', '04 tháng 10 năm 2021'], [('Cà Mau, ngày 15 tháng 9 năm 2021',), ('Lạng Sơn, ngày 04 tháng 10 năm 2021',)]),
('compare', ['b_20.txt', 'a_06.txt'], 'Mục tiêu tỷ suất tử vong trẻ sơ sinh của thành phố PRTC (năm 2025) và của tỉnh Thừa Thiên Huế (năm 2023) được ghi là bao nhiêu?',
 ['0,9', '9,5‰'], [('Giảm tỷ suất tử vong trẻ sơ sinh', 'dưới 0,9 vào năm 2025'), ('Giảm tỷ suất tử vong trẻ sơ sinh', 'dưới 9,5‰')]),
('compare', ['b_21.txt', 'b_10.txt'], 'Hai kế hoạch của Hậu Giang, về lao động trẻ em (2021) và về sức khỏe tâm thần trẻ em (2025), do những ai ký?',
 ['Hồ Thu Ánh', 'Trần Chí Hùng'], [('Người ký Hồ Thu Ánh',), ('Người ký: Trần Chí Hùng',)]),
('compare', ['b_15.txt', 'b_18.txt'], 'Chương trình hành động vì trẻ em của Bắc Giang (2012-2020) và kế hoạch vì trẻ em của Bắc Kạn (2021-2030) được phê duyệt bằng quyết định số mấy?',
 ['27/QĐ-UBND', '592/QĐ-UBND'], [('Quyết định 27/QĐ-UBND năm 2013', 'giai đoạn 2012 - 2020'), ('Số: 592/QĐ-UBND',)]),
('compare', ['a_12.txt', 'a_23.txt'], 'Quảng Nam và Kon Tum đều có kế hoạch công tác trẻ em số 1014; mỗi kế hoạch ban hành ngày nào?',
 ['10 tháng 02 năm 2025', '29/3/2021'], [('Quảng Nam,ngày 10 tháng 02 năm 2025',), ('Ngày 29/3/2021, UBND tỉnh ban hành Kế hoạch số 1014//KH-UBND',)]),
# ---------------- compare, test ----------------
('compare', ['a_17.txt', 'a_16.txt'], 'Thái Bình và Thừa Thiên Huế, tỉnh nào ban hành kế hoạch phòng chống tai nạn thương tích trẻ em 2016-2020 sớm hơn?',
 ['31 tháng 3 năm 2016', '08 tháng 4 năm 2016'], [('Thái Bình, ngày 31 tháng 3 năm 2016',), ('Thừa Thiên Huế, ngày 08 tháng 4 năm 2016',)]),
('compare', ['b_06.txt', 'a_25.txt'], 'Quảng Ninh và Ninh Bình thực hiện Chương trình hành động quốc gia vì trẻ em 2021-2030 bằng kế hoạch số mấy?',
 ['52/KH-UBND', '57/KH-UBND'], [('52/KH-UBND', 'năm 2021'), ('Số: 57/KH-UBND |', 'năm 2021 |')]),
('compare', ['a_24.txt', 'b_03.txt'], 'Diễn đàn trẻ em cấp tỉnh năm 2022 của Lạng Sơn và của Bắc Kạn có cùng chủ đề không?',
 ['hãy lên tiếng phòng, chống xâm hại, bạo lực trẻ em'], [('Chủ đề của Diễn đàn trẻ em:', 'bạo lực trẻ em”.'), ('Chủ đề Diễn đàn trẻ em tỉnh Bắc Kạn', 'bạo lực trẻ em”.')]),
('compare', ['b_22.txt', 'b_23.txt'], 'Diễn đàn trẻ em huyện Bạch Thông 2024 và lớp tập huấn diễn đàn trẻ em thành phố Bắc Kạn 2018, nơi nào có nhiều em tham gia hơn?',
 ['60 em', '100 em'], [('Diễn đàn năm nay có sự tham gia của 60 em', 'huyện Bạch Thông.'), ('Tại lớp tập huấn, hơn 100 em học sinh', 'trên địa bàn thành phố')]),
('compare', ['a_09.txt', 'b_09.txt'], 'Kế hoạch lao động trẻ em của Cà Mau và kế hoạch sức khỏe tâm thần trẻ em của Hà Giang thực hiện quyết định nào của Thủ tướng?',
 ['782/QĐ-TTg', '1591/QĐ-TTg'], [('Căn cứ Quyết định số 782/QĐ-TTg', 'năm 2021 của Thủ tướng Chính phủ'), ('Thực hiện Quyết định số 1591/QĐ-TTg', 'của Thủ tướng Chính phủ')]),
('compare', ['a_02.txt', 'b_02.txt'], 'Kế hoạch năm 2020 của Cần Giờ và kế hoạch diễn đàn năm 2017 của Châu Thành dẫn thông tư nào hướng dẫn tổ chức diễn đàn trẻ em?',
 ['29/2019/TT-BLĐTBXH', '33/2014/TT-BLĐTBXH'], [('29/2019/TT-BLĐTBXH', 'hướng dẫn tổ chức diễn đàn trẻ em;'), ('Căn cứ Thông tư số 33/2014/TT-BLĐTBXH', 'Diễn đàn trẻ em các cấp;')]),
('compare', ['b_13.txt', 'b_08.txt'], 'Quyết định 862 của Vĩnh Long và Quyết định 3868 của Bình Định được ban hành theo tờ trình số mấy của Sở Lao động - Thương binh và Xã hội?',
 ['383/TTr-SLĐTBXH', '224/TTr-SLĐTBXH'], [('Tờ trình số 383/TTr-SLĐTBXH ngày 02/5/2012',), ('Tờ trình số 224/TTr-SLĐTBXH',)]),
]

# (question, inspired_by, split)  -- checked against all 46 files
UNANS = [
# dev
('Lễ phát động Tháng hành động vì trẻ em năm 2023 cấp tỉnh của Quảng Trị tổ chức ở đâu?', 'a_14.txt'),
('Tuyên Quang đặt mục tiêu tỷ lệ xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em năm 2025 là bao nhiêu?', 'a_22.txt'),
('Kế hoạch công tác trẻ em năm 2025 của Quảng Nam giao cơ quan nào chủ trì thực hiện?', 'a_12.txt'),
('Diễn đàn trẻ em thành phố Lạng Sơn năm 2019 có chủ đề gì?', 'b_12.txt'),
('Ai ký kế hoạch 132/KH-UBND năm 2021 của Cà Mau về phòng, chống tai nạn, thương tích trẻ em?', 'a_10.txt'),
('Mỗi suất quà xã Bình Phú trao cho trẻ em khó khăn tại lễ phát động năm 2024 trị giá bao nhiêu tiền?', 'b_07.txt'),
('Tháng hành động vì trẻ em năm 2024 của huyện Gio Linh, tỉnh Quảng Trị có chủ đề gì?', 'a_01.txt'),
('Thành phố PRTC đặt mục tiêu giảm tỷ suất tử vong trẻ em dưới 5 tuổi xuống bao nhiêu vào năm 2025?', 'b_20.txt'),
('Tháng hành động về an toàn, vệ sinh lao động năm 2024 của huyện Vĩnh Linh có chủ đề gì?', 'a_01.txt'),
('Bắc Giang phê duyệt Chương trình hành động vì trẻ em giai đoạn 2021-2030 bằng quyết định số mấy?', 'b_15.txt'),
# test
('Phường Vỹ Dạ có bao nhiêu trẻ em có hoàn cảnh đặc biệt trong năm 2016?', 'a_05.txt'),
('Ai ký kế hoạch 310/KH-UBND về công tác trẻ em năm 2025 của tỉnh Nghệ An?', 'a_13.txt'),
('Quảng Ninh đặt mục tiêu tỷ suất tử vong trẻ em dưới 5 tuổi năm 2025 là bao nhiêu?', 'b_06.txt'),
('Huyện Pác Nặm có bao nhiêu trẻ em khuyết tật năm 2018?', 'b_16.txt'),
('Kế hoạch tổ chức Diễn đàn trẻ em tỉnh Cao Bằng năm 2022 có số hiệu gì?', 'b_03.txt'),
('Kế hoạch bảo vệ, chăm sóc trẻ em năm 2024 của tỉnh Thừa Thiên Huế có số hiệu gì?', 'a_07.txt'),
('Diễn đàn trẻ em huyện Bạch Thông năm 2024 được tổ chức tại địa điểm nào?', 'b_22.txt'),
('Bình Định đặt mục tiêu giảm tỷ suất trẻ em tử vong do đuối nước đến năm 2030 xuống bao nhiêu?', 'b_08.txt'),
('Kế hoạch tiêm vắc xin COVID-19 cho trẻ em từ 5 đến dưới 12 tuổi của xã Đức Xương đặt mục tiêu bao nhiêu mũi tiêm?', 'b_19.txt'),
('Kế hoạch 57/KH-UBND năm 2021 của tỉnh Ninh Bình có hiệu lực từ ngày nào?', 'a_25.txt'),
]

old = [json.loads(l) for l in open(os.path.join(HERE, 'qa.jsonl'), encoding='utf-8')]
old = [r for r in old if int(r['id'][2:]) < 166]   # idempotent: drop rows added by an earlier run
nid = 166
def newid():
    global nid
    s = f'w-{nid:03d}'; nid += 1; return s
rows = []; twins = []
for item in QA:
    kind, docs, q, ans, ev = item[:5]
    twin = item[5] if len(item) > 5 else False
    docs = docs if isinstance(docs, list) else [docs]
    r = {'id': newid(), 'kind': kind, 'question': N(q), 'doc': docs, 'answer_must_contain': [N(a) for a in ans]}
    if kind == 'compare':
        r['evidence'] = cut(docs[0], *ev[0]); r['evidence_2'] = cut(docs[1], *ev[1])
    else:
        r['evidence'] = cut(docs[0], *ev)
    r['split'] = split[docs[0]]
    if kind == 'compare':
        r = {k: r[k] for k in ('id', 'kind', 'question', 'doc', 'answer_must_contain', 'evidence', 'evidence_2', 'split')}
    rows.append(r)
    if twin: twins.append(r)
for r in twins:
    t = dict(r); t['id'] = newid(); t['kind'] = 'no_diacritics'; t['question'] = strip_diac(r['question']); t['twin'] = r['id']
    rows.append(t)
for q, insp in UNANS:
    rows.append({'id': newid(), 'kind': 'unanswerable', 'question': N(q), 'doc': [], 'answer_must_contain': [],
                 'evidence': '', 'split': split[insp], 'inspired_by': insp})
with open(os.path.join(HERE, 'qa.jsonl'), 'w', encoding='utf-8') as fh:
    for r in old + rows: fh.write(json.dumps(r, ensure_ascii=False) + '\n')
import collections
print(len(rows), 'new rows; ids', rows[0]['id'], '..', rows[-1]['id'])
for s in ('dev', 'test'):
    print(s, dict(collections.Counter(r['kind'] for r in rows if r['split'] == s)), sum(r['split'] == s for r in rows))
