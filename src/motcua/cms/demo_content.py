"""Texts of the demo website, written from the themes of the two seed plans
(kế hoạch tuyên truyền cải cách hành chính của Sở Y tế).

What the platform does not do yet is described honestly: online intake runs
on the National Public Service Portal (dichvucong.gov.vn) since 01/07/2025,
and the services of this website are announced "khi được đưa vào sử dụng".
Dates are relative to the day the demo is loaded (days before today).
"""

from __future__ import annotations

SLOGANS = [
    "Sự hài lòng của nhân dân là mục tiêu phục vụ của cơ quan hành chính nhà nước",
    "Dân chủ, nhanh gọn, đúng luật",
    "Hãy nộp hồ sơ điện tử để giảm giấy tờ, thời gian và chi phí",
]

HOME_SUMMARY = (
    "Trang thông tin điện tử của Sở Y tế tỉnh Khánh Hòa: thủ tục hành chính, dịch vụ công "
    "trực tuyến, tin tức, hướng dẫn, văn bản và đường dây nóng — một địa chỉ, có tất cả."
)

# (slug, name, description)
CATEGORIES = [
    (
        "cai-cach-hanh-chinh",
        "Cải cách hành chính",
        "Thủ tục hành chính, dịch vụ công trực tuyến, Bộ phận Một cửa và sự hài lòng của "
        "người dân.",
    ),
    (
        "hoat-dong-nganh",
        "Hoạt động ngành",
        "Hoạt động của Sở Y tế và các cơ quan, đơn vị trong ngành.",
    ),
    (
        "ban-tin-suc-khoe",
        "Bản tin sức khỏe",
        "Thông tin phòng bệnh, chăm sóc sức khỏe cho người dân.",
    ),
]

# Illustrations drawn by demo_files (key: (title, drawing, alt text)).
IMAGES = {
    "counter": (
        "Minh họa: Bộ phận Tiếp nhận và Trả kết quả",
        "draw_counter",
        "Hình minh họa quầy Bộ phận Tiếp nhận và Trả kết quả: một cán bộ ngồi sau quầy có máy "
        "tính, hai người dân đứng chờ, bảng số thứ tự A12.",
    ),
    "slogan": (
        "Minh họa: pa nô khẩu hiệu nộp hồ sơ điện tử",
        "draw_slogan_panel",
        "Pa nô nền đỏ chữ vàng: “Hãy nộp hồ sơ điện tử để giảm giấy tờ, thời gian và chi phí”.",
    ),
    "online": (
        "Minh họa: nộp hồ sơ trực tuyến",
        "draw_online",
        "Hình minh họa máy tính xách tay mở một biểu mẫu trực tuyến và điện thoại hiện dấu "
        "tích xanh báo đã gửi thành công.",
    ),
    "post": (
        "Minh họa: nhận kết quả qua bưu chính công ích",
        "draw_post",
        "Hình minh họa gói bưu phẩm và phong bì thư: kết quả thủ tục hành chính được gửi qua "
        "bưu điện.",
    ),
    "station": (
        "Minh họa: trạm y tế",
        "draw_station",
        "Hình minh họa một trạm y tế mái xanh có chữ thập đỏ, bên cạnh là cây xanh.",
    ),
    "meeting": (
        "Minh họa: hội nghị",
        "draw_meeting",
        "Hình minh họa phòng họp: bốn người ngồi quanh bàn, màn hình chiếu biểu đồ cột.",
    ),
    "dengue": (
        "Minh họa: phòng chống sốt xuất huyết",
        "draw_mosquito_care",
        "Hình minh họa các việc diệt muỗi, lăng quăng: úp ngược xô chứa nước, đậy kín chum "
        "nước và ngủ màn.",
    ),
}

# News: slug, title, summary, category slugs, unit code, days before today,
# lead image key, byline, body blocks. A block is ("p", html),
# ("image", key, caption), ("gallery", title, [(key, caption)…]),
# ("quote", text, attribution) or ("document", seed document slug, link text).
NEWS = [
    {
        "slug": "day-manh-tuyen-truyen-dich-vu-cong-truc-tuyen",
        "title": "Đẩy mạnh tuyên truyền dịch vụ công trực tuyến trong ngành Y tế",
        "summary": "Sở Y tế đề nghị các phòng và đơn vị trực thuộc hướng dẫn người dân cách tạo "
        "tài khoản, nộp hồ sơ điện tử, nộp phí trực tuyến và tra cứu hồ sơ, để người dân làm "
        "thủ tục mà không phải đến cơ quan nhà nước.",
        "categories": ["cai-cach-hanh-chinh"],
        "unit": "SYT-VP",
        "days": 2,
        "image": "online",
        "byline": "Văn phòng Sở",
        "body": [
            (
                "p",
                "<p>Theo kế hoạch tuyên truyền cải cách hành chính của Sở Y tế, truyền thông về "
                "dịch vụ công trực tuyến là trọng tâm được thực hiện thường xuyên, liên tục và "
                "thống nhất trong toàn ngành. Mỗi công chức, viên chức và người lao động cần nắm "
                "vững và hướng dẫn, hỗ trợ có hiệu quả cho người dân, tổ chức, doanh nghiệp khi "
                "thực hiện thủ tục trực tuyến.</p>"
                "<h2>Những nội dung cần hướng dẫn</h2>"
                "<ul><li>Địa chỉ và cách truy cập Cổng Dịch vụ công quốc gia "
                '(<a href="https://dichvucong.gov.vn">dichvucong.gov.vn</a>);</li>'
                "<li>tạo tài khoản và đăng nhập;</li>"
                "<li>cách tạo lập và nộp hồ sơ điện tử;</li>"
                "<li>thanh toán trực tuyến phí, lệ phí;</li>"
                "<li>đăng ký nhận kết quả qua dịch vụ bưu chính công ích;</li>"
                "<li>tra cứu thông tin hồ sơ trên Cổng, bằng mã QR và tin nhắn SMS;</li>"
                "<li>các kênh hỗ trợ, giải đáp vướng mắc.</li></ul>"
                "<p>Các hướng dẫn từng bước được đăng tại mục "
                '<a href="/huong-dan/">Hướng dẫn</a> của trang thông tin này để cán bộ y tế '
                "và người dân cùng sử dụng.</p>",
            ),
            (
                "quote",
                "Một địa chỉ — có tất cả; làm thủ tục không cần phải đến cơ quan nhà nước.",
                "Mục tiêu tuyên truyền trong Kế hoạch tuyên truyền cải cách hành chính của Sở Y tế",
            ),
            (
                "p",
                "<p>Tại Bộ phận Tiếp nhận và Trả kết quả, các pa nô, bảng tuyên truyền trực quan "
                "tiếp tục được rà soát, hoàn thiện; các khẩu hiệu “Sự hài lòng của nhân dân là "
                "mục tiêu phục vụ của cơ quan hành chính nhà nước”, “Dân chủ, nhanh gọn, đúng "
                "luật” và “Hãy nộp hồ sơ điện tử để giảm giấy tờ, thời gian và chi phí” được "
                "duy trì.</p>",
            ),
            (
                "document",
                "ke-hoach-tuyen-truyen-cai-cach-hanh-chinh-nam-2020",
                "Kế hoạch tuyên truyền cải cách hành chính năm 2020 của Sở Y tế",
            ),
        ],
    },
    {
        "slug": "hay-nop-ho-so-dien-tu",
        "title": "Hãy nộp hồ sơ điện tử để giảm giấy tờ, thời gian và chi phí",
        "summary": "Từ ngày 01/7/2025, hồ sơ thủ tục hành chính được nộp trực tuyến qua Cổng "
        "Dịch vụ công quốc gia. Người dân không phải đi lại, không phải in, sao nhiều bộ giấy "
        "tờ và theo dõi được hồ sơ của mình ở mọi nơi.",
        "categories": ["cai-cach-hanh-chinh"],
        "unit": "SYT-VP",
        "days": 6,
        "image": "slogan",
        "byline": "Văn phòng Sở",
        "body": [
            (
                "p",
                "<p>Nộp hồ sơ điện tử giúp người dân, tổ chức và doanh nghiệp tiết kiệm thời gian "
                "đi lại, giảm chi phí in, sao giấy tờ và chủ động theo dõi tiến độ giải quyết. "
                "Hồ sơ thủ tục hành chính thuộc lĩnh vực y tế được tiếp nhận trực tuyến qua Cổng "
                'Dịch vụ công quốc gia tại <a href="https://dichvucong.gov.vn">dichvucong.gov.vn</a>.</p>'
                "<h2>Cần chuẩn bị gì?</h2>"
                "<ul><li>Tài khoản đăng nhập Cổng Dịch vụ công quốc gia (với cá nhân là tài "
                "khoản định danh điện tử VNeID);</li>"
                "<li>bản chụp hoặc bản quét các giấy tờ trong thành phần hồ sơ, rõ nét, đủ trang;</li>"
                "<li>số điện thoại và thư điện tử để nhận thông báo.</li></ul>"
                "<p>Các bước cụ thể có trong hướng dẫn "
                '<a href="/huong-dan/tao-lap-va-nop-ho-so-dien-tu/">Tạo lập và nộp hồ sơ điện '
                "tử</a>. Nếu gặp vướng mắc, người dân gọi đường dây nóng của Sở Y tế trong giờ "
                "hành chính để được hướng dẫn.</p>",
            ),
            (
                "image",
                "counter",
                "Người dân vẫn có thể nộp hồ sơ trực tiếp tại Bộ phận Tiếp nhận và Trả kết quả; cán bộ sẽ hướng dẫn cách nộp trực tuyến cho lần sau.",
            ),
        ],
    },
    {
        "slug": "nhan-ket-qua-qua-buu-chinh-cong-ich",
        "title": "Nhận kết quả thủ tục hành chính tại nhà qua dịch vụ bưu chính công ích",
        "summary": "Người dân có thể gửi hồ sơ và nhận kết quả giải quyết thủ tục hành chính "
        "qua bưu điện mà không phải đến cơ quan nhà nước, theo Quyết định số 45/2016/QĐ-TTg "
        "của Thủ tướng Chính phủ.",
        "categories": ["cai-cach-hanh-chinh"],
        "unit": "SYT-VP",
        "days": 12,
        "image": "post",
        "byline": "",
        "body": [
            (
                "p",
                "<p>Dịch vụ bưu chính công ích cho phép người dân, tổ chức gửi hồ sơ thủ tục "
                "hành chính và nhận kết quả giải quyết qua bưu điện. Cơ sở pháp lý là Quyết định "
                "số 45/2016/QĐ-TTg ngày 19/10/2016 của Thủ tướng Chính phủ về việc tiếp nhận hồ "
                "sơ, trả kết quả giải quyết thủ tục hành chính qua dịch vụ bưu chính công ích.</p>"
                "<h2>Đăng ký thế nào?</h2>"
                "<p>Khi nộp hồ sơ trực tuyến trên Cổng Dịch vụ công quốc gia, chọn hình thức nhận "
                "kết quả qua dịch vụ bưu chính công ích và ghi rõ địa chỉ nhận. Khi nộp trực tiếp, "
                "đề nghị cán bộ tiếp nhận ghi nhận yêu cầu gửi kết quả qua bưu điện. Cước phí do "
                "người sử dụng dịch vụ trả theo bảng giá của doanh nghiệp bưu chính.</p>"
                "<p>Xem hướng dẫn chi tiết: "
                '<a href="/huong-dan/dang-ky-nhan-ket-qua-qua-buu-chinh/">Đăng ký nhận kết quả '
                "qua bưu chính công ích</a>.</p>",
            ),
        ],
    },
    {
        "slug": "duy-tri-duong-day-nong-va-hop-thu-gop-y",
        "title": "Duy trì đường dây nóng và hộp thư góp ý tại Sở Y tế và các đơn vị trực thuộc",
        "summary": "Sở Y tế yêu cầu các cơ quan, đơn vị củng cố đường dây nóng và hộp thư góp "
        "ý để tiếp nhận và giải quyết kịp thời ý kiến phản hồi của người dân.",
        "categories": ["hoat-dong-nganh", "cai-cach-hanh-chinh"],
        "unit": "SYT",
        "days": 18,
        "image": "counter",
        "byline": "Văn phòng Sở",
        "body": [
            (
                "p",
                "<p>Củng cố và duy trì đường dây nóng, hộp thư góp ý tại Sở Y tế và các cơ quan, "
                "đơn vị trực thuộc là một giải pháp cải thiện chỉ số hài lòng của người dân đối "
                "với sự phục vụ của ngành Y tế. Mỗi ý kiến phản ánh, kiến nghị đều được ghi nhận, "
                "chuyển đến đơn vị có trách nhiệm và trả lời trong thời hạn quy định.</p>"
                "<p>Số đường dây nóng và địa chỉ thư điện tử của từng đơn vị được đăng tại trang "
                '<a href="/lien-he/">Liên hệ</a>.</p>',
            ),
            (
                "gallery",
                "Hình ảnh minh họa các kênh tiếp nhận ý kiến",
                [
                    ("counter", "Quầy tiếp nhận tại Bộ phận Một cửa."),
                    ("station", "Trạm y tế cũng là nơi người dân góp ý về chất lượng phục vụ."),
                    ("meeting", "Kết quả tiếp nhận, giải quyết được báo cáo định kỳ."),
                ],
            ),
        ],
    },
    {
        "slug": "pho-bien-bao-cao-chi-so-hai-long",
        "title": "Phổ biến báo cáo chỉ số hài lòng đến các cơ sở khám bệnh, chữa bệnh",
        "summary": "Các bệnh viện, phòng khám đa khoa khu vực và trạm y tế rà soát những điểm "
        "người dân chưa hài lòng để xây dựng giải pháp khắc phục.",
        "categories": ["hoat-dong-nganh"],
        "unit": "SYT-NVY",
        "days": 25,
        "image": "meeting",
        "byline": "Phòng Nghiệp vụ Y",
        "body": [
            (
                "p",
                "<p>Sở Y tế đề nghị các cơ sở khám bệnh, chữa bệnh trong toàn ngành phổ biến báo "
                "cáo chỉ số hài lòng đến từng nhân viên y tế; chủ động rà soát các nội dung còn "
                "tồn tại, hạn chế và các điểm chưa hài lòng để xây dựng giải pháp khắc phục.</p>"
                "<p>Báo cáo chỉ số hài lòng được đăng tại mục "
                '<a href="/van-ban/?loai=bao-cao-hai-long">Văn bản, tài liệu</a> khi được ban '
                "hành.</p>",
            ),
            (
                "quote",
                "Sự hài lòng của nhân dân là mục tiêu phục vụ của cơ quan hành chính nhà nước.",
                "Khẩu hiệu tuyên truyền cải cách hành chính",
            ),
        ],
    },
    {
        "slug": "chu-dong-phong-chong-sot-xuat-huyet",
        "title": "Chủ động phòng, chống sốt xuất huyết trong mùa mưa",
        "summary": "Mùa mưa là thời điểm muỗi truyền bệnh sốt xuất huyết phát triển mạnh. Mỗi "
        "gia đình hãy dành 10 phút mỗi tuần để diệt lăng quăng, bọ gậy quanh nhà.",
        "categories": ["ban-tin-suc-khoe"],
        "unit": "CDC-KH",
        "days": 9,
        "image": "dengue",
        "byline": "Trung tâm Kiểm soát bệnh tật tỉnh",
        "body": [
            (
                "p",
                "<p>Sốt xuất huyết do vi rút Dengue gây ra, lây truyền qua muỗi vằn. Bệnh chưa có "
                "vắc xin phòng bệnh phổ biến cho mọi người và chưa có thuốc điều trị đặc hiệu, "
                "vì vậy diệt muỗi, diệt lăng quăng và phòng muỗi đốt là biện pháp quan trọng "
                "nhất.</p>"
                "<h2>Mỗi gia đình nên làm</h2>"
                "<ul><li>Đậy kín các dụng cụ chứa nước; thay nước bình hoa, bình bông thường "
                "xuyên;</li>"
                "<li>loại bỏ vật dụng có thể đọng nước quanh nhà: lốp xe cũ, chai lọ, vỏ dừa;</li>"
                "<li>ngủ màn, kể cả ban ngày; mặc quần áo dài tay;</li>"
                "<li>phối hợp với cán bộ y tế khi có đợt phun hóa chất diệt muỗi.</li></ul>"
                "<h2>Khi bị sốt</h2>"
                "<p>Khi sốt cao đột ngột, hãy đến cơ sở y tế gần nhất để được khám và theo dõi. "
                "Không tự ý truyền dịch; không dùng thuốc hạ sốt nhóm aspirin, ibuprofen khi chưa "
                "có chỉ định của nhân viên y tế.</p>",
            ),
            (
                "image",
                "station",
                "Trạm y tế xã, phường là nơi người dân được khám và tư vấn gần nhà.",
            ),
        ],
    },
    {
        "slug": "can-bo-y-te-huong-dan-nguoi-dan-dich-vu-cong",
        "title": "Cán bộ y tế hướng dẫn người dân sử dụng dịch vụ công trực tuyến",
        "summary": "Tại trạm y tế và bộ phận tiếp nhận, cán bộ hướng dẫn người dân cách tạo "
        "tài khoản định danh điện tử và nộp hồ sơ trên Cổng Dịch vụ công quốc gia.",
        "categories": ["hoat-dong-nganh", "cai-cach-hanh-chinh"],
        "unit": "TYT-VL",
        "days": 32,
        "image": "station",
        "byline": "Trạm Y tế phường Vĩnh Lương",
        "body": [
            (
                "p",
                "<p>Thực hiện kế hoạch tuyên truyền cải cách hành chính, viên chức và người lao "
                "động ngành Y tế hướng dẫn, hỗ trợ người dân tiếp cận dịch vụ công trực tuyến "
                "ngay tại nơi làm việc: kiểm tra tài khoản định danh điện tử, tìm thủ tục trên "
                "Cổng Dịch vụ công quốc gia và chuẩn bị bản quét giấy tờ.</p>"
                "<p>Người dân cần hỗ trợ có thể xem các "
                '<a href="/huong-dan/">hướng dẫn từng bước</a> hoặc gọi đường dây nóng của Sở '
                "Y tế.</p>",
            ),
        ],
    },
]

# Saved and submitted for approval by the demo editor, not published: the
# demo approver finds it in the admin under "Awaiting your review".
PENDING_NEWS = {
    "slug": "lay-y-kien-nguoi-dan-ve-chat-luong-phuc-vu",
    "title": "Sở Y tế lấy ý kiến người dân về chất lượng phục vụ",
    "summary": "Ý kiến của người dân về thủ tục, thái độ và thời gian giải quyết giúp Sở Y tế "
    "và các đơn vị cải thiện chất lượng phục vụ.",
    "categories": ["cai-cach-hanh-chinh"],
    "unit": "SYT-VP",
    "days": 0,
    "image": "meeting",
    "byline": "Văn phòng Sở",
    "body": [
        (
            "p",
            "<p>Sở Y tế sẽ tổ chức khảo sát sự hài lòng của người dân, tổ chức đối với sự phục "
            "vụ của các cơ quan, đơn vị trong ngành. Phiếu khảo sát trực tuyến sẽ được đăng tại "
            'mục <a href="/khao-sat/">Khảo sát</a> khi được đưa vào sử dụng.</p>',
        ),
    ],
}

# Guides: slug, title, summary, unit, prerequisites (html), steps
# [(title, html, image key or None)].
GUIDES = [
    {
        "slug": "truy-cap-cong-dich-vu-cong-quoc-gia",
        "title": "Truy cập Cổng Dịch vụ công quốc gia",
        "summary": "Địa chỉ và cách truy cập Cổng Dịch vụ công quốc gia — nơi tiếp nhận hồ sơ "
        "trực tuyến các thủ tục hành chính của Sở Y tế.",
        "prerequisites": "<ul><li>Máy tính hoặc điện thoại có kết nối Internet;</li>"
        "<li>trình duyệt web (Chrome, Cốc Cốc, Firefox, Safari, Edge…).</li></ul>",
        "steps": [
            (
                "Mở trình duyệt và nhập địa chỉ dichvucong.gov.vn",
                "<p>Gõ chính xác địa chỉ <b>dichvucong.gov.vn</b> vào thanh địa chỉ. Chỉ dùng "
                "địa chỉ có đuôi <b>.gov.vn</b>; không mở đường liên kết lạ gửi qua tin nhắn, "
                "mạng xã hội.</p>",
                "online",
            ),
            (
                "Tìm thủ tục cần làm",
                "<p>Gõ tên thủ tục vào ô tìm kiếm (ví dụ: “cấp chứng chỉ hành nghề dược”), chọn "
                "đúng thủ tục và cơ quan thực hiện là <b>Sở Y tế tỉnh Khánh Hòa</b>.</p>",
                None,
            ),
            (
                "Đọc kỹ thông tin thủ tục",
                "<p>Xem thành phần hồ sơ, thời hạn giải quyết, phí, lệ phí và cách nhận kết quả "
                "trước khi nộp. Có thể lưu hoặc in trang thông tin để chuẩn bị giấy tờ.</p>",
                None,
            ),
        ],
    },
    {
        "slug": "tao-tai-khoan-va-dang-nhap",
        "title": "Tạo tài khoản và đăng nhập",
        "summary": "Cá nhân đăng nhập Cổng Dịch vụ công quốc gia bằng tài khoản định danh "
        "điện tử VNeID; tổ chức dùng tài khoản định danh điện tử của tổ chức.",
        "prerequisites": "<ul><li>Căn cước hoặc căn cước công dân gắn chíp;</li>"
        "<li>điện thoại thông minh có số thuê bao chính chủ;</li>"
        "<li>ứng dụng VNeID (tải từ kho ứng dụng chính thức).</li></ul>",
        "steps": [
            (
                "Đăng ký tài khoản định danh điện tử mức độ 2",
                "<p>Đến Công an cấp xã nơi cư trú (hoặc nơi làm thủ tục cấp căn cước) để đăng ký "
                "tài khoản định danh điện tử mức độ 2. Cán bộ công an thu nhận thông tin, ảnh "
                "chân dung và vân tay.</p>",
                None,
            ),
            (
                "Kích hoạt tài khoản trên ứng dụng VNeID",
                "<p>Khi nhận được tin nhắn báo đã duyệt, mở ứng dụng VNeID, chọn kích hoạt tài "
                "khoản, nhập số định danh cá nhân, số điện thoại và làm theo hướng dẫn để đặt "
                "mật khẩu, mã khóa.</p>",
                None,
            ),
            (
                "Đăng nhập Cổng Dịch vụ công quốc gia",
                "<p>Trên dichvucong.gov.vn chọn <b>Đăng nhập</b>, chọn đăng nhập bằng tài khoản "
                "định danh điện tử, rồi quét mã QR bằng ứng dụng VNeID hoặc nhập số định danh và "
                "mật khẩu, sau đó xác nhận trên điện thoại.</p>",
                "online",
            ),
            (
                "Tài khoản trên trang thông tin này",
                "<p>Trang thông tin của Sở Y tế cũng có chức năng tạo tài khoản. Tài khoản này sẽ "
                "dùng để theo dõi hồ sơ nộp tại Sở khi dịch vụ nộp hồ sơ trực tuyến của Sở được "
                "đưa vào sử dụng; hiện nay, hồ sơ được nộp qua Cổng Dịch vụ công quốc gia.</p>",
                None,
            ),
        ],
    },
    {
        "slug": "tao-lap-va-nop-ho-so-dien-tu",
        "title": "Tạo lập và nộp hồ sơ điện tử",
        "summary": "Các bước nộp hồ sơ thủ tục hành chính của Sở Y tế trên Cổng Dịch vụ công "
        "quốc gia, từ chọn thủ tục đến nhận mã hồ sơ.",
        "prerequisites": "<ul><li>Tài khoản đăng nhập Cổng Dịch vụ công quốc gia;</li>"
        "<li>bản quét hoặc ảnh chụp rõ nét các giấy tờ trong thành phần hồ sơ (định dạng PDF "
        "hoặc JPG);</li><li>thông tin liên hệ: số điện thoại, thư điện tử, địa chỉ.</li></ul>",
        "steps": [
            (
                "Chọn thủ tục và bấm Nộp trực tuyến",
                "<p>Đăng nhập, tìm thủ tục, chọn cơ quan thực hiện là Sở Y tế tỉnh Khánh Hòa rồi "
                "bấm <b>Nộp trực tuyến</b>.</p>",
                None,
            ),
            (
                "Khai thông tin trong tờ khai",
                "<p>Nhiều thông tin cá nhân được điền sẵn từ tài khoản định danh điện tử. Kiểm "
                "tra lại và khai các mục còn trống; mục có dấu * là bắt buộc.</p>",
                "online",
            ),
            (
                "Đính kèm giấy tờ",
                "<p>Tải lên từng thành phần hồ sơ theo danh sách. Kiểm tra tệp mở được, đủ trang "
                "và đọc rõ; tệp quá mờ có thể bị yêu cầu bổ sung.</p>",
                None,
            ),
            (
                "Chọn cách nhận kết quả và nộp hồ sơ",
                "<p>Chọn nhận kết quả trực tiếp hoặc qua dịch vụ bưu chính công ích, rồi bấm "
                "<b>Nộp hồ sơ</b>. Cổng cấp <b>mã hồ sơ</b>; hãy ghi lại hoặc chụp màn hình để "
                "tra cứu sau này.</p>",
                None,
            ),
        ],
    },
    {
        "slug": "thanh-toan-phi-le-phi-truc-tuyen",
        "title": "Thanh toán phí, lệ phí trực tuyến",
        "summary": "Nộp phí, lệ phí thủ tục hành chính qua nền tảng thanh toán của Cổng Dịch vụ "
        "công quốc gia bằng tài khoản ngân hàng, thẻ hoặc ví điện tử.",
        "prerequisites": "<ul><li>Mã hồ sơ đã nộp;</li><li>tài khoản ngân hàng có dịch vụ "
        "ngân hàng điện tử, thẻ hoặc ví điện tử.</li></ul>",
        "steps": [
            (
                "Mở hồ sơ cần nộp phí",
                "<p>Đăng nhập Cổng Dịch vụ công quốc gia, vào mục quản lý hồ sơ đã nộp và chọn "
                "hồ sơ có yêu cầu thanh toán.</p>",
                None,
            ),
            (
                "Chọn phương thức thanh toán",
                "<p>Chọn ngân hàng hoặc ví điện tử, kiểm tra số tiền, nội dung thanh toán và xác "
                "nhận bằng mã OTP do ngân hàng gửi.</p>",
                "online",
            ),
            (
                "Lưu biên lai",
                "<p>Sau khi thanh toán thành công, tải và lưu biên lai điện tử. Không chuyển tiền "
                "theo số tài khoản do người lạ gửi qua điện thoại hay mạng xã hội.</p>",
                None,
            ),
        ],
    },
    {
        "slug": "dang-ky-nhan-ket-qua-qua-buu-chinh",
        "title": "Đăng ký nhận kết quả qua bưu chính công ích",
        "summary": "Gửi hồ sơ và nhận kết quả thủ tục hành chính tại nhà qua bưu điện, không "
        "phải đến cơ quan nhà nước.",
        "prerequisites": "<ul><li>Địa chỉ nhận chính xác (số nhà, đường, xã/phường, tỉnh);</li>"
        "<li>số điện thoại để bưu tá liên hệ.</li></ul>",
        "steps": [
            (
                "Chọn nhận kết quả qua bưu chính công ích",
                "<p>Khi nộp hồ sơ trực tuyến, ở mục hình thức nhận kết quả, chọn nhận qua dịch "
                "vụ bưu chính công ích. Khi nộp trực tiếp, đề nghị cán bộ tiếp nhận ghi nhận "
                "yêu cầu.</p>",
                None,
            ),
            (
                "Khai địa chỉ nhận",
                "<p>Ghi đầy đủ địa chỉ theo tên xã, phường hiện hành và số điện thoại người "
                "nhận.</p>",
                None,
            ),
            (
                "Nhận kết quả và trả cước",
                "<p>Bưu tá giao kết quả tại địa chỉ đã khai. Cước phí do người sử dụng dịch vụ "
                "trả theo bảng giá của doanh nghiệp bưu chính.</p>",
                "post",
            ),
        ],
    },
    {
        "slug": "tra-cuu-ho-so",
        "title": "Tra cứu hồ sơ trên Cổng, bằng mã QR và tin nhắn SMS",
        "summary": "Cách xem hồ sơ đang ở bước nào: trên Cổng Dịch vụ công quốc gia, bằng mã "
        "QR trên giấy tiếp nhận và — khi được đưa vào sử dụng — bằng tin nhắn SMS.",
        "prerequisites": "<ul><li>Mã hồ sơ (trên giấy tiếp nhận hoặc trong tài khoản);</li>"
        "<li>điện thoại có camera để quét mã QR.</li></ul>",
        "steps": [
            (
                "Tra cứu trên Cổng Dịch vụ công quốc gia",
                "<p>Trên dichvucong.gov.vn chọn <b>Tra cứu hồ sơ</b>, nhập mã hồ sơ. Nếu đã đăng "
                "nhập, danh sách hồ sơ của bạn có sẵn trong tài khoản.</p>",
                None,
            ),
            (
                "Quét mã QR trên giấy tiếp nhận",
                "<p>Mở ứng dụng camera hoặc ứng dụng quét mã QR, hướng vào mã QR in trên giấy "
                "tiếp nhận hồ sơ và mở đường liên kết hiện ra để xem tình trạng hồ sơ.</p>",
                None,
            ),
            (
                "Tra cứu bằng tin nhắn SMS",
                "<p>Dịch vụ tra cứu hồ sơ bằng tin nhắn SMS của Sở Y tế sẽ được thông báo cú "
                "pháp và đầu số tại trang này khi được đưa vào sử dụng. Sở Y tế không yêu cầu "
                "người dân nhắn tin đến số lạ hay cung cấp mật khẩu, mã OTP.</p>",
                None,
            ),
        ],
    },
    {
        "slug": "duoc-ho-tro-giai-dap-vuong-mac",
        "title": "Được hỗ trợ, giải đáp vướng mắc",
        "summary": "Khi gặp khó khăn với thủ tục hành chính hoặc dịch vụ công trực tuyến, người "
        "dân có thể gọi đường dây nóng, đến Bộ phận Tiếp nhận và Trả kết quả hoặc gửi phản ánh, "
        "kiến nghị.",
        "prerequisites": "<ul><li>Mã hồ sơ (nếu hỏi về một hồ sơ cụ thể);</li>"
        "<li>mô tả ngắn vướng mắc, ảnh chụp màn hình báo lỗi nếu có.</li></ul>",
        "steps": [
            (
                "Gọi đường dây nóng",
                "<p>Gọi đường dây nóng của Sở Y tế trong giờ hành chính (thứ Hai đến thứ Sáu). "
                "Số điện thoại của từng đơn vị có tại trang "
                '<a href="/lien-he/">Liên hệ</a>.</p>',
                None,
            ),
            (
                "Đến Bộ phận Tiếp nhận và Trả kết quả",
                "<p>Cán bộ tiếp nhận hướng dẫn trực tiếp cách chuẩn bị hồ sơ và cách nộp trực "
                "tuyến.</p>",
                "counter",
            ),
            (
                "Gửi phản ánh, kiến nghị",
                "<p>Gửi phản ánh, kiến nghị về thủ tục hành chính trên Cổng Dịch vụ công quốc "
                "gia, hoặc qua thư điện tử của Sở Y tế. Chức năng gửi phản ánh, kiến nghị trên "
                "trang thông tin này sẽ có tại mục "
                '<a href="/phan-anh-kien-nghi/">Phản ánh, kiến nghị</a> khi được đưa vào sử '
                "dụng.</p>",
                None,
            ),
        ],
    },
]

# Library documents made from the seed plans (demo_data/<file>).
DOCUMENTS = [
    {
        "slug": "ke-hoach-tuyen-truyen-cai-cach-hanh-chinh-nam-2020",
        "file": "ke-hoach-tuyen-truyen-cchc-2020.txt",
        "title": "Kế hoạch tuyên truyền cải cách hành chính năm 2020 của Sở Y tế",
        "summary": "Mục tiêu, nội dung, hình thức và tổ chức thực hiện công tác tuyên truyền "
        "cải cách hành chính năm 2020 của Sở Y tế tỉnh Khánh Hòa: truyền thông dịch vụ công "
        "trực tuyến, Cổng Dịch vụ công quốc gia, đường dây nóng và chỉ số hài lòng.",
        "doc_type": "ke-hoach",
        "number": "",
        "year": 2020,
        "issuer": "Sở Y tế tỉnh Khánh Hòa",
        "signer": "Giám đốc Bùi Xuân Minh",
        "unit": "SYT-VP",
        "days": 40,
    },
    {
        "slug": "ke-hoach-thong-tin-tuyen-truyen-cai-cach-hanh-chinh-nam-2024",
        "file": "ke-hoach-tuyen-truyen-cchc-2024.txt",
        "title": "Kế hoạch thông tin, tuyên truyền cải cách hành chính nhà nước năm 2024",
        "summary": "Kế hoạch của Sở Y tế tỉnh Bình Phước (nay thuộc tỉnh Đồng Nai), đăng để "
        "tham khảo: nội dung, hình thức tuyên truyền và chế độ báo cáo hằng quý, 06 tháng, "
        "năm.",
        "doc_type": "ke-hoach",
        "number": "",
        "year": 2024,
        "issuer": "Sở Y tế tỉnh Bình Phước",
        "signer": "",
        "unit": "SYT-VP",
        "days": 38,
    },
]

CONTACT_BODY = (
    "<p>Bộ phận Tiếp nhận và Trả kết quả của Sở Y tế làm việc từ thứ Hai đến thứ Sáu: sáng "
    "7:00–11:30, chiều 13:30–17:00 (trừ ngày lễ, Tết). Hồ sơ trực tuyến được nộp mọi lúc "
    'trên <a href="https://dichvucong.gov.vn">Cổng Dịch vụ công quốc gia</a>.</p>'
    "<p>Địa chỉ, số điện thoại và hộp thư góp ý của Sở Y tế và từng đơn vị dưới đây được lấy "
    "từ danh mục đơn vị của Sở.</p>"
)
