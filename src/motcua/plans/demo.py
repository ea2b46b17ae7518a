"""Demo data: the two seed plans as structured plans, with unit reports.

- Khánh Hòa 2020 (seed 000): "Kế hoạch tuyên truyền cải cách hành chính
  năm 2020 của Sở Y tế" of the demo organisation (Sở Y tế tỉnh Khánh Hòa).
- Bình Phước 2024 (seed 004): "Kế hoạch thông tin, tuyên truyền cải cách
  hành chính nhà nước năm 2024" of Sở Y tế tỉnh Bình Phước. The demo
  organisation is Khánh Hòa's, so Bình Phước gets a small unit tree of its
  own (the plan keeps its real issuer, units and reports, which Khánh Hòa's
  staff never see) and the plan is shared as a model: Khánh Hòa's
  coordinator sees it read-only, with its progress, and can copy it.
  (Bình Phước merged into Đồng Nai on 01/07/2025: a historical plan.)

Objectives, targets, activities and responsible units are taken from the
seeds' text; targets whose number the text gives (90%, 30%, 100%) keep it,
the others say in their note how they were derived. Unit reports are made
through the actions (workflow, audit log), then dated back to the period.
Idempotent: a plan that exists is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from motcua.org.actions import do_create_unit, do_grant_role
from motcua.org.constants import Role, UnitKind
from motcua.org.models import Unit
from motcua.plans import actions
from motcua.plans.constants import ObjectiveKind, PlanStatus
from motcua.plans.models import (
    CommunicationForm,
    ConsolidatedReport,
    Evidence,
    Plan,
    Topic,
    UnitReport,
)

DEMO_PASSWORD = "motcua-demo-2026"  # noqa: S105 — public demo credential; `demo` refuses to run in production
TZ = ZoneInfo("Asia/Ho_Chi_Minh")

BP_UNITS = [
    # (code, name, short, kind, parent)
    ("UBND-70", "Ủy ban nhân dân tỉnh Bình Phước", "UBND tỉnh Bình Phước", UnitKind.PROVINCE, None),
    ("BP-SYT", "Sở Y tế tỉnh Bình Phước", "Sở Y tế Bình Phước", UnitKind.DEPARTMENT, "UBND-70"),
    ("BP-SYT-VP", "Văn phòng Sở", "Văn phòng", UnitKind.ROOM, "BP-SYT"),
    ("BP-SYT-NVY", "Phòng Nghiệp vụ Y", "Nghiệp vụ Y", UnitKind.ROOM, "BP-SYT"),
    ("BP-SYT-KHTC", "Phòng Kế hoạch - Tài chính", "Kế hoạch - Tài chính", UnitKind.ROOM, "BP-SYT"),
    (
        "BP-CDC",
        "Trung tâm Kiểm soát bệnh tật tỉnh Bình Phước",
        "CDC Bình Phước",
        UnitKind.CDC,
        "BP-SYT",
    ),
    (
        "BP-BVDK",
        "Bệnh viện Đa khoa tỉnh Bình Phước",
        "BVĐK Bình Phước",
        UnitKind.HOSPITAL,
        "BP-SYT",
    ),
]

# (label, e-mail, full name, role, unit code, position)
USERS = [
    (
        "Đầu mối CCHC (CDC)",
        "daumoi.cdc@motcua.test",
        "Lê Thị Cúc",
        Role.FOCAL_POINT,
        "CDC-KH",
        "Đầu mối cải cách hành chính",
    ),
    (
        "Lãnh đạo Bệnh viện (duyệt báo cáo)",
        "giamdoc.bv@motcua.test",
        "Trần Quốc Bảo",
        Role.LEADER,
        "BVDK-KH",
        "Giám đốc Bệnh viện",
    ),
    (
        "Lãnh đạo CDC (duyệt báo cáo)",
        "giamdoc.cdc@motcua.test",
        "Ngô Văn Châu",
        Role.LEADER,
        "CDC-KH",
        "Giám đốc Trung tâm",
    ),
    (
        "Điều phối Văn phòng Sở (Bình Phước)",
        "vanphong.bp@motcua.test",
        "Phan Thị Hạnh",
        Role.COORDINATOR,
        "BP-SYT-VP",
        "Chánh Văn phòng",
    ),
]


def _user(email: str, full_name: str):
    User = get_user_model()
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=DEMO_PASSWORD, full_name=full_name)
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _units() -> dict[str, Unit]:
    by_code = {u.code: u for u in Unit.objects.all()}
    for code, name, short, kind, parent in BP_UNITS:
        if code not in by_code:
            by_code[code] = do_create_unit(
                acting_user=None,
                code=code,
                name=name,
                short_name=short,
                kind=kind,
                parent=by_code[parent] if parent else None,
            )
    return by_code


def _topics(*codes: str) -> list[Topic]:
    return list(Topic.objects.filter(code__in=codes))


def _forms(*codes: str) -> list[CommunicationForm]:
    return list(CommunicationForm.objects.filter(code__in=codes))


# ---------------------------------------------------------------- seed 000
KH_2020: dict[str, Any] = {
    "title": "Tuyên truyền cải cách hành chính năm 2020 của Sở Y tế",
    "year": 2020,
    "fields": {
        "parent_body": "UBND tỉnh Khánh Hòa",
        "issuer_name": "Sở Y tế",
        "place": "Khánh Hòa",
        "legal_basis": "\n".join(
            [
                "Quyết định số 3994/QĐ-UBND ngày 31/12/2019 của UBND tỉnh ban hành Kế hoạch cải cách hành chính tỉnh Khánh Hòa năm 2020",
                "Quyết định số 489/QĐ-UBND ngày 11/3/2020 của UBND tỉnh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2020 của tỉnh Khánh Hòa",
                "Quyết định số 43/QĐ-SYT ngày 30/01/2020 của Sở Y tế về việc ban hành Kế hoạch Cải cách hành chính năm 2020",
            ]
        ),
        "requirements": "\n".join(
            [
                "- Công tác tuyên truyền CCHC là trách nhiệm của mỗi công chức, viên chức và người lao động Ngành Y tế; lấy kết quả, hiệu quả giải quyết công việc, thủ tục hành chính, thái độ, chất lượng phục vụ nhân dân làm bằng chứng thuyết phục về quyết tâm, nỗ lực CCHC của Sở Y tế và các cơ quan, đơn vị thuộc và trực thuộc.",
                "- Bảo đảm sự đồng bộ trong chỉ đạo, triển khai tuyên truyền CCHC của Ngành Y tế; tăng cường tuyên truyền tại Bộ phận Tiếp nhận hồ sơ và Trả kết quả của Sở Y tế và tại các cơ quan, đơn vị trực thuộc.",
                "- Công tác tuyên truyền phải thực hiện thường xuyên, liên tục, phối kết hợp chặt chẽ với các tổ chức chính trị - xã hội, cơ quan thông tin đại chúng, tổ chức hội, hiệp hội.",
                "- Truyền thông Trung tâm Dịch vụ hành chính công trực tuyến tỉnh Khánh Hòa, Cổng Dịch vụ công Quốc gia là trọng tâm tuyên truyền chung, được thực hiện thường xuyên, liên tục, thống nhất trong năm 2020 của Ngành Y tế.",
            ]
        ),
        "audiences": "Đảng viên, công chức, viên chức và người lao động Ngành Y tế; người dân, tổ chức, doanh nghiệp, nhà đầu tư.",
        "budget_source": "Văn phòng Sở chủ trì, tham mưu bố trí đủ kinh phí để thực hiện tốt công tác tuyên truyền CCHC của Sở.",
        "implementation": "\n".join(
            [
                "1. Văn phòng Sở: chủ trì tham mưu triển khai các hoạt động tuyên truyền; chủ trì, phối hợp điều tra xã hội học đo lường tác động, hiệu quả của CCHC; duy trì, cập nhật Trang thông tin điện tử của Sở; chủ trì truyền thông về Chính phủ điện tử; phối hợp Bưu điện tỉnh truyền thông dịch vụ bưu chính công ích; bố trí kinh phí.",
                "2. Các phòng, đơn vị trực thuộc Sở Y tế: căn cứ Kế hoạch chủ động xây dựng và tổ chức thực hiện việc tuyên truyền, phổ biến về công tác CCHC; phối hợp với Văn phòng Sở đăng tải các nội dung tuyên truyền lên Trang thông tin điện tử của Sở Y tế.",
                "3. Trung tâm Kiểm soát bệnh tật: tổ chức viết bài, đưa tin tuyên truyền về CCHC trên Trang thông tin điện tử của Sở Y tế, Bản tin sức khỏe Ngành Y tế; phối hợp với cơ quan báo, đài tại địa phương.",
                "Các cơ quan, đơn vị báo cáo kết quả thực hiện lồng ghép với báo cáo công tác cải cách hành chính định kỳ của đơn vị.",
            ]
        ),
        "report_to": "Ủy ban nhân dân tỉnh Khánh Hòa (qua Sở Nội vụ)",
    },
    "objectives": [
        (
            ObjectiveKind.GENERAL,
            "Làm rõ những trọng tâm và quyết tâm cải cách hành chính (CCHC) năm 2020 của tỉnh Khánh Hòa và của Sở Y tế; tiếp tục củng cố, tăng cường sự ủng hộ của người dân, tổ chức, doanh nghiệp đối với công tác CCHC của tỉnh và của Sở Y tế.",
        ),
        (
            ObjectiveKind.GENERAL,
            "Tiếp tục quán triệt, bám sát trọng tâm xuyên suốt “Sự hài lòng của Nhân dân là mục tiêu phục vụ của cơ quan nhà nước”; góp phần xây dựng hình ảnh chính quyền tỉnh Khánh Hòa văn minh, thân thiện, kiến tạo, phục vụ.",
        ),
        (
            ObjectiveKind.SPECIFIC,
            "Tối thiểu 90% người dân, tổ chức, doanh nghiệp trong tỉnh có liên quan đến lĩnh vực y tế được tiếp cận thông tin về Trung tâm Dịch vụ hành chính công trực tuyến tỉnh; trong đó có khoảng 30 - 40% hiểu rõ và sử dụng được các dịch vụ, tiện ích trực tuyến do Trung tâm cung cấp.",
        ),
        (
            ObjectiveKind.SPECIFIC,
            "100% đảng viên, công chức, viên chức và người lao động Ngành Y tế nắm vững mục tiêu, nhiệm vụ trọng tâm, tình hình và kết quả CCHC của tỉnh và của Sở Y tế; hướng dẫn, hỗ trợ có hiệu quả cho người dân, tổ chức, doanh nghiệp tiếp cận dịch vụ công trực tuyến.",
        ),
    ],
    # (objective index, name, indicator, value, direction, note)
    "targets": [
        (
            2,
            "Người dân, tổ chức, doanh nghiệp được tiếp cận thông tin về Trung tâm Dịch vụ hành chính công trực tuyến",
            "surveys.awareness_reached_rate",
            "90",
            "higher",
            "Tối thiểu 90% (mục tiêu I.1).",
        ),
        (
            2,
            "Người dân, tổ chức, doanh nghiệp hiểu rõ và sử dụng được dịch vụ trực tuyến",
            "surveys.online_services_use_rate",
            "30",
            "higher",
            "Khoảng 30 - 40% (mục tiêu I.1); lấy mức tối thiểu.",
        ),
        (
            3,
            "Công chức, viên chức, người lao động nắm vững mục tiêu, nhiệm vụ CCHC",
            "surveys.staff_reform_knowledge_rate",
            "100",
            "higher",
            "100% (mục tiêu I.1).",
        ),
        (
            None,
            "Cơ quan, đơn vị báo cáo kết quả định kỳ đúng hạn",
            "plans.unit_reports_on_time_rate",
            "100",
            "higher",
            "Từ mục IV: các đơn vị báo cáo kết quả lồng ghép trong báo cáo CCHC định kỳ.",
        ),
        (
            None,
            "Hoạt động tuyên truyền của Kế hoạch được triển khai, có báo cáo kết quả",
            "plans.activities_done_rate",
            "100",
            "higher",
            "Từ mục II, III: các hoạt động được triển khai trong năm.",
        ),
    ],
    # (code, title, topics, forms, audience, lead, coordinating, all units, schedule, dates, expected)
    "activities": [
        (
            "HĐ01",
            "Tuyên truyền CCHC trong sinh hoạt Chi bộ thường kỳ và chuyên đề, kết hợp phổ biến, giáo dục pháp luật và học tập, làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            ("the-che", "che-do-cong-vu", "sipas", "par-index", "pci", "papi"),
            ("long-ghep-sinh-hoat",),
            "staff",
            "SYT-VP",
            (),
            True,
            "continuous",
            None,
            {"sessions": 12},
        ),
        (
            "HĐ02",
            "Đăng tải tin, bài về CCHC trên Trang thông tin điện tử của Sở Y tế và các cơ quan, đơn vị trực thuộc",
            ("thu-tuc-hanh-chinh", "dich-vu-cong-truc-tuyen", "chinh-phu-so"),
            ("tin-bai-website",),
            "all",
            "SYT-VP",
            ("CDC-KH",),
            True,
            "continuous",
            None,
            {"articles": 48},
        ),
        (
            "HĐ03",
            "Tuyên truyền lồng ghép trong giao ban, sinh hoạt chuyên môn tại các cơ quan, đơn vị trực thuộc",
            ("thu-tuc-hanh-chinh", "to-chuc-bo-may"),
            ("long-ghep-sinh-hoat",),
            "staff",
            "SYT-VP",
            (),
            True,
            "quarterly",
            None,
            {"sessions": 4},
        ),
        (
            "HĐ04",
            "Truyền thông Trung tâm Dịch vụ hành chính công trực tuyến tỉnh: truy cập, tạo tài khoản, nộp hồ sơ điện tử, thanh toán trực tuyến, bưu chính công ích, tra cứu bằng SMS, mã QR",
            ("dich-vu-cong-truc-tuyen", "thu-tuc-hanh-chinh", "chinh-phu-so"),
            ("to-roi", "bang-ron", "tin-bai-website", "tin-nhan-email"),
            "public",
            "SYT-VP",
            ("BVDK-KH", "PKKV-NH", "TYT-VL"),
            False,
            "continuous",
            None,
            {"publications": 2000, "messages": 5000},
        ),
        (
            "HĐ05",
            "Giới thiệu Cổng Dịch vụ công Quốc gia (https://dichvucong.gov.vn) tại Bộ phận một cửa và tạo liên kết trên Trang thông tin điện tử của Sở Y tế",
            ("dich-vu-cong-truc-tuyen",),
            ("pano-ap-phich", "tin-bai-website"),
            "public",
            "SYT-VP",
            (),
            False,
            "range",
            (date(2020, 3, 16), date(2020, 6, 30)),
            {"publications": 2},
        ),
        (
            "HĐ06",
            "Rà soát, hoàn thiện pano, bảng tuyên truyền trực quan về CCHC tại Sở, tại Bộ phận một cửa; duy trì các khẩu hiệu",
            ("thu-tuc-hanh-chinh",),
            ("pano-ap-phich", "bang-ron"),
            "public",
            "SYT-VP",
            (),
            False,
            "range",
            (date(2020, 4, 1), date(2020, 9, 30)),
            {"publications": 6},
        ),
        (
            "HĐ07",
            "Phổ biến Báo cáo chỉ số hài lòng năm 2019 và giải pháp khắc phục điểm chưa hài lòng đến các bệnh viện, phòng khám đa khoa khu vực, trạm y tế",
            ("sipas", "dien-hinh"),
            ("hoi-nghi-hoi-thao", "tin-bai-website"),
            "staff",
            "SYT-NVY",
            ("BVDK-KH", "PKKV-NH", "TYT-VL"),
            False,
            "range",
            (date(2020, 3, 16), date(2020, 6, 30)),
            {"sessions": 3, "participants": 300},
        ),
        (
            "HĐ08",
            "Củng cố, duy trì đường dây nóng và hộp thư góp ý tại Sở Y tế và các cơ quan, đơn vị trực thuộc",
            ("phan-anh-kien-nghi",),
            ("gap-mat-doi-thoai",),
            "public",
            "SYT-VP",
            (),
            True,
            "continuous",
            None,
            {},
        ),
        (
            "HĐ09",
            "Truyền thông trực tuyến về dịch vụ công, khám bệnh, chữa bệnh và phòng chống dịch qua họp, hội nghị, hội thảo trực tuyến",
            ("chinh-phu-so", "dich-vu-cong-truc-tuyen"),
            ("hoi-nghi-hoi-thao",),
            "all",
            "SYT-VP",
            ("SYT-NVY",),
            False,
            "continuous",
            None,
            {"sessions": 4, "participants": 400},
        ),
        (
            "HĐ10",
            "Viết bài, đưa tin tuyên truyền CCHC trên Trang thông tin điện tử của Sở, Bản tin sức khỏe Ngành Y tế; phối hợp báo, đài địa phương",
            ("thu-tuc-hanh-chinh", "dich-vu-cong-truc-tuyen"),
            ("tin-bai-website", "bao-chi", "phat-thanh-truyen-hinh"),
            "public",
            "CDC-KH",
            (),
            False,
            "continuous",
            None,
            {"articles": 24, "broadcasts": 4},
        ),
        (
            "HĐ11",
            "Phối hợp Bưu điện tỉnh Khánh Hòa truyền thông, quảng bá thực hiện TTHC qua dịch vụ bưu chính công ích",
            ("thu-tuc-hanh-chinh", "dich-vu-cong-truc-tuyen"),
            ("to-roi", "pano-ap-phich"),
            "public",
            "SYT-VP",
            (),
            False,
            "continuous",
            None,
            {"publications": 1000},
        ),
        (
            "HĐ12",
            "Chủ trì, phối hợp điều tra xã hội học đo lường tác động, hiệu quả của CCHC; khảo sát, nắm thông tin phản hồi",
            ("sipas", "par-index"),
            ("khao-sat",),
            "all",
            "SYT-VP",
            (),
            False,
            "range",
            (date(2020, 9, 1), date(2020, 11, 30)),
            {},
        ),
    ],
    "reporting_units": (
        "SYT-VP",
        "SYT-NVY",
        "SYT-NVD",
        "SYT-TTR",
        "CDC-KH",
        "BVDK-KH",
        "PKKV-NH",
        "TYT-VL",
    ),
}

# ---------------------------------------------------------------- seed 004
BP_2024: dict[str, Any] = {
    "title": "Thông tin, tuyên truyền cải cách hành chính nhà nước năm 2024",
    "year": 2024,
    "fields": {
        "parent_body": "UBND tỉnh Bình Phước",
        "issuer_name": "Sở Y tế",
        "place": "Bình Phước",
        "legal_basis": "Kế hoạch số 96/KH-UBND ngày 19/3/2024 của UBND tỉnh về việc thông tin, tuyên truyền cải cách hành chính năm 2024 trên địa bàn tỉnh Bình Phước",
        "requirements": "\n".join(
            [
                "a) Công tác tuyên truyền phải kịp thời, đầy đủ, thường xuyên, hiệu quả, phù hợp với tình hình, đặc điểm, yêu cầu của từng đối tượng, từng lĩnh vực; hình thức đa dạng, phong phú; nội dung ngắn gọn, chính xác, dễ hiểu.",
                "b) Tuyên truyền cải cách hành chính gắn với tuyên truyền, phổ biến chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước; góp phần nâng cao dân trí, phòng, chống tham nhũng.",
                "c) Đẩy mạnh ứng dụng công nghệ thông tin vào hoạt động tuyên truyền; gắn nội dung tuyên truyền với lộ trình thực hiện Kế hoạch cải cách hành chính giai đoạn 2021-2025 và năm 2024 của tỉnh.",
            ]
        ),
        "audiences": "Công chức, viên chức, người lao động làm việc trong cơ quan Sở Y tế; các cơ quan, đơn vị y tế trực thuộc Sở Y tế.",
        "budget_source": "Kinh phí cho công tác thông tin, tuyên truyền cải cách hành chính sử dụng nguồn kinh phí ngoài khoán đã giao trong dự toán năm 2024 của Sở Y tế.",
        "implementation": "\n".join(
            [
                "1. Các phòng thuộc Sở; các cơ quan, đơn vị trực thuộc Sở: tổ chức thực hiện các hình thức tuyên truyền phù hợp; lồng ghép tuyên truyền CCHC vào phổ biến, giáo dục pháp luật; thông tin kết quả CCHC trên Trang thông tin điện tử của đơn vị; định kỳ hàng quý, 06 tháng và năm báo cáo kết quả (lồng ghép trong báo cáo cải cách hành chính) về Sở Y tế.",
                "2. Văn phòng Sở: theo dõi, đôn đốc các cơ quan, đơn vị; hàng quý, 06 tháng và năm báo cáo kết quả về UBND tỉnh (qua Sở Nội vụ); cập nhật, đăng tải kịp thời bộ thủ tục hành chính của Sở Y tế.",
            ]
        ),
        "report_to": "Ủy ban nhân dân tỉnh Bình Phước (qua Sở Nội vụ)",
        "is_shared_model": True,
        "source_note": "Kế hoạch năm 2024 của Sở Y tế tỉnh Bình Phước (nay thuộc tỉnh Đồng Nai), chia sẻ làm mẫu.",
    },
    "objectives": [
        (
            ObjectiveKind.GENERAL,
            "Tăng cường công tác thông tin, tuyên truyền nhằm nâng cao nhận thức, trách nhiệm của cán bộ quản lý, công chức, viên chức trong quá trình thực thi công vụ; nâng cao nhận thức, sự đồng thuận của người dân, tổ chức, xã hội trong việc thực hiện các mục tiêu, nhiệm vụ cải cách hành chính nhà nước.",
        ),
        (
            ObjectiveKind.SPECIFIC,
            "Xác định nội dung, hình thức thông tin, tuyên truyền cải cách hành chính phù hợp với từng nhóm đối tượng là cá nhân, cơ quan, tổ chức.",
        ),
        (
            ObjectiveKind.SPECIFIC,
            "Tăng cường trách nhiệm của người đứng đầu các cơ quan, tổ chức trong việc tổ chức thực hiện công tác thông tin, tuyên truyền cải cách hành chính; nâng cao nhận thức, kiến thức, kỹ năng về cải cách hành chính cho đội ngũ cán bộ, công chức, viên chức.",
        ),
        (
            ObjectiveKind.SPECIFIC,
            "Nâng cao nhận thức về cải cách hành chính, tăng cường sự tham gia của người dân, doanh nghiệp và các tổ chức xã hội trong triển khai và giám sát cải cách hành chính của cơ quan, đơn vị.",
        ),
        (
            ObjectiveKind.SPECIFIC,
            "Phát huy vai trò của các cơ quan truyền thông, báo chí trong việc phản ánh chính xác, kịp thời những mặt tích cực cũng như hạn chế trong công tác cải cách hành chính; phát hiện và nhân rộng điển hình tiên tiến.",
        ),
    ],
    "targets": [
        (
            2,
            "Cơ quan, đơn vị báo cáo kết quả hàng quý, 06 tháng, năm đúng hạn",
            "plans.unit_reports_on_time_rate",
            "100",
            "higher",
            "Từ mục IV.1: định kỳ hàng quý, 06 tháng và năm báo cáo về Sở Y tế.",
        ),
        (
            1,
            "Hoạt động tuyên truyền trọng tâm được triển khai, có báo cáo kết quả",
            "plans.activities_done_rate",
            "100",
            "higher",
            "Mục II.3: các hoạt động thực hiện thường xuyên trong năm.",
        ),
        (
            4,
            "Tin, bài, ảnh về CCHC đăng trên trang thông tin điện tử của Sở và các đơn vị",
            "plans.articles_reported",
            "12",
            "higher",
            "“Thường xuyên trong năm 2024” quy đổi thành ít nhất 01 tin, bài/tháng.",
        ),
        (
            3,
            "Cán bộ, công chức, viên chức nắm vững mục tiêu, nhiệm vụ cải cách hành chính",
            "surveys.staff_reform_knowledge_rate",
            "100",
            "higher",
            "Mục tiêu I.1.b; đo bằng khảo sát nội bộ.",
        ),
    ],
    "activities": [
        (
            "a",
            "Đăng tải tin, bài, ảnh trên trang thông tin điện tử của Sở, các cơ quan, đơn vị trực thuộc Sở; phát hành áp phích, tờ rơi, tờ gấp và các sản phẩm tuyên truyền khác",
            ("thu-tuc-hanh-chinh", "chinh-phu-so", "the-che"),
            ("tin-bai-website", "to-roi", "pano-ap-phich"),
            "all",
            "BP-SYT-VP",
            ("BP-SYT-NVY", "BP-SYT-KHTC", "BP-CDC", "BP-BVDK"),
            False,
            "continuous",
            None,
            {"articles": 24, "publications": 500},
        ),
        (
            "b",
            "Tham gia các lớp tập huấn, bồi dưỡng về CCHC; tham gia Hội thi tuyên truyền CCHC; lồng ghép nội dung CCHC vào hội nghị phổ biến, giáo dục pháp luật, giao ban, họp định kỳ, sinh hoạt chuyên đề, tọa đàm",
            ("che-do-cong-vu", "to-chuc-bo-may", "tai-chinh-cong"),
            ("tap-huan", "hoi-thi", "long-ghep-sinh-hoat", "hoi-nghi-hoi-thao"),
            "staff",
            "BP-SYT-VP",
            (),
            True,
            "continuous",
            None,
            {"sessions": 8, "participants": 400},
        ),
        (
            "c",
            "Cung cấp thông tin về kết quả thực hiện công tác cải cách hành chính cho các cơ quan thông tấn báo chí và các cơ quan có liên quan",
            ("pci", "par-index", "sipas", "papi"),
            ("bao-chi", "phat-thanh-truyen-hinh", "video-clip"),
            "public",
            "BP-SYT-VP",
            (),
            True,
            "continuous",
            None,
            {"broadcasts": 2},
        ),
        (
            "d",
            "Các hình thức tuyên truyền khác phù hợp với đặc điểm, tình hình của cơ quan, đơn vị",
            ("dien-hinh",),
            ("gap-mat-doi-thoai",),
            "all",
            "BP-SYT-VP",
            (),
            True,
            "continuous",
            None,
            {},
        ),
    ],
    "reporting_units": ("BP-SYT-VP", "BP-SYT-NVY", "BP-SYT-KHTC", "BP-CDC", "BP-BVDK"),
}


def _make_plan(spec: dict[str, Any], department: Unit, units: dict[str, Unit]) -> Plan | None:
    if Plan.objects.filter(department=department, year=spec["year"], title=spec["title"]).exists():
        return None
    plan = actions.do_create_plan(
        acting_user=None,
        department=department,
        year=spec["year"],
        title=spec["title"],
        **spec["fields"],
    )
    objectives = [
        actions.do_save_objective(plan, acting_user=None, kind=kind, text=text, order=i)
        for i, (kind, text) in enumerate(spec["objectives"], start=1)
    ]
    for i, (objective, name, key, value, direction, note) in enumerate(spec["targets"], start=1):
        actions.do_save_target(
            plan,
            acting_user=None,
            name=name,
            indicator_key=key,
            target_value=Decimal(value),
            direction=direction,
            objective=objectives[objective] if objective is not None else None,
            note=note,
            order=i,
        )
    for i, (
        code,
        title,
        topics,
        forms,
        audience,
        lead,
        coord,
        every,
        schedule,
        dates,
        expected,
    ) in enumerate(spec["activities"], start=1):
        actions.do_save_activity(
            plan,
            actions.ActivityData(
                code=code if len(code) > 1 else f"HĐ0{i}",
                title=title,
                lead_unit=units[lead],
                audience=audience,
                all_units=every,
                schedule=schedule,
                starts_on=dates[0] if dates else None,
                ends_on=dates[1] if dates else None,
                topics=_topics(*topics),
                forms=_forms(*forms),
                coordinating_units=[units[c] for c in coord],
                expected=expected,
                order=i,
            ),
            acting_user=None,
        )
    actions.do_set_reporting_units(
        plan, [units[c] for c in spec["reporting_units"]], acting_user=None
    )
    return actions.do_issue_plan(plan, acting_user=None)


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=TZ)


# (unit code, days relative to the deadline (negative: before), {activity code: (outputs, spending, narrative)}, evidence links)
KH_REPORTS: dict[
    str, list[tuple[str, int | None, dict[str, tuple[dict[str, int], int, str]], str]]
] = {
    "q1": [
        (
            "SYT-VP",
            -2,
            {
                "HĐ01": (
                    {"sessions": 3, "participants": 95},
                    0,
                    "Lồng ghép quán triệt Kế hoạch CCHC năm 2020 trong sinh hoạt Chi bộ Văn phòng tháng 1, 2, 3.",
                ),
                "HĐ02": (
                    {"articles": 9},
                    1_800_000,
                    "Đăng 9 tin, bài về CCHC, dịch vụ công trực tuyến và Bộ phận một cửa trên Trang thông tin điện tử của Sở.",
                ),
                "HĐ04": (
                    {"publications": 800, "messages": 1200},
                    6_400_000,
                    "In 800 tờ rơi hướng dẫn nộp hồ sơ trực tuyến, đặt tại Bộ phận một cửa; gửi 1.200 tin nhắn hướng dẫn tra cứu hồ sơ.",
                ),
                "HĐ05": (
                    {"publications": 1},
                    3_500_000,
                    "Lắp đặt pa nô giới thiệu Cổng Dịch vụ công Quốc gia tại Bộ phận một cửa; tạo liên kết trên Trang thông tin điện tử.",
                ),
            },
            "Văn phòng Sở đã tham mưu ban hành Kế hoạch và triển khai đến các phòng, đơn vị; các hoạt động trọng tâm quý I được thực hiện đúng tiến độ.",
        ),
        (
            "SYT-NVY",
            -1,
            {
                "HĐ07": (
                    {"sessions": 1, "participants": 120},
                    2_000_000,
                    "Tổ chức hội nghị trực tuyến phổ biến Báo cáo chỉ số hài lòng năm 2019 đến các bệnh viện, phòng khám đa khoa khu vực.",
                ),
                "HĐ09": (
                    {"sessions": 1, "participants": 150},
                    0,
                    "Phối hợp Văn phòng Sở tổ chức hội nghị trực tuyến về phòng chống dịch Covid-19 lồng ghép hướng dẫn dịch vụ công.",
                ),
            },
            "Phòng Nghiệp vụ Y đã phổ biến Báo cáo chỉ số hài lòng năm 2019 và hướng dẫn các cơ sở xây dựng giải pháp khắc phục.",
        ),
        (
            "CDC-KH",
            0,
            {
                "HĐ02": (
                    {"articles": 4},
                    0,
                    "Đăng 4 tin, bài về CCHC trên Trang thông tin điện tử của Trung tâm.",
                ),
                "HĐ10": (
                    {"articles": 6, "broadcasts": 2},
                    1_500_000,
                    "Viết 6 bài trên Bản tin sức khỏe; phối hợp Đài Phát thanh - Truyền hình tỉnh thực hiện 2 chuyên mục.",
                ),
            },
            "Trung tâm Kiểm soát bệnh tật lồng ghép tuyên truyền CCHC với truyền thông phòng chống dịch Covid-19.",
        ),
        (
            "BVDK-KH",
            -3,
            {
                "HĐ01": (
                    {"sessions": 3, "participants": 210},
                    0,
                    "Quán triệt nội dung CCHC trong sinh hoạt Chi bộ các khoa, phòng.",
                ),
                "HĐ04": (
                    {"publications": 500},
                    2_500_000,
                    "Phát 500 tờ rơi hướng dẫn đặt lịch khám và thanh toán viện phí không dùng tiền mặt.",
                ),
                "HĐ07": (
                    {"sessions": 1, "participants": 85},
                    0,
                    "Phổ biến Báo cáo chỉ số hài lòng năm 2019 đến toàn thể nhân viên y tế của Bệnh viện.",
                ),
            },
            "Bệnh viện đã phổ biến chỉ số hài lòng năm 2019, xây dựng giải pháp cải thiện thái độ phục vụ người bệnh.",
        ),
        (
            "PKKV-NH",
            4,
            {
                "HĐ04": (
                    {"publications": 200},
                    800_000,
                    "Phát tờ rơi hướng dẫn sử dụng dịch vụ công trực tuyến cho người dân đến khám bệnh.",
                ),
            },
            "Phòng khám tuyên truyền tại khu vực chờ khám.",
        ),
        (
            "TYT-VL",
            -1,
            {
                "HĐ07": (
                    {"sessions": 1, "participants": 25},
                    0,
                    "Phổ biến kết quả khảo sát hài lòng đến nhân viên trạm.",
                ),
            },
            "",
        ),
    ],
    "h1": [
        (
            "SYT-VP",
            -1,
            {
                "HĐ01": (
                    {"sessions": 6, "participants": 190},
                    0,
                    "Duy trì lồng ghép tuyên truyền CCHC trong sinh hoạt Chi bộ 6 tháng đầu năm.",
                ),
                "HĐ02": (
                    {"articles": 20},
                    4_000_000,
                    "Đăng 20 tin, bài về CCHC trên Trang thông tin điện tử của Sở.",
                ),
                "HĐ04": (
                    {"publications": 1500, "messages": 3000},
                    11_200_000,
                    "Phát 1.500 tờ rơi, gửi 3.000 tin nhắn hướng dẫn dịch vụ công trực tuyến.",
                ),
                "HĐ06": (
                    {"publications": 3},
                    9_000_000,
                    "Rà soát, thay mới 3 pa nô tuyên truyền tại Sở và Bộ phận một cửa.",
                ),
            },
            "Sáu tháng đầu năm, các hoạt động trọng tâm được triển khai; tỷ lệ hồ sơ trực tuyến tăng.",
        ),
        (
            "SYT-NVY",
            3,
            {
                "HĐ07": (
                    {"sessions": 2, "participants": 260},
                    2_000_000,
                    "Hoàn thành phổ biến Báo cáo chỉ số hài lòng năm 2019 đến các cơ sở khám, chữa bệnh.",
                ),
            },
            "",
        ),
        (
            "CDC-KH",
            -2,
            {
                "HĐ10": (
                    {"articles": 13, "broadcasts": 3},
                    3_000_000,
                    "Viết 13 bài, thực hiện 3 chuyên mục phát thanh, truyền hình.",
                ),
            },
            "Trung tâm duy trì chuyên mục CCHC trên Bản tin sức khỏe.",
        ),
        (
            "BVDK-KH",
            -2,
            {
                "HĐ01": (
                    {"sessions": 6, "participants": 420},
                    0,
                    "Duy trì sinh hoạt chuyên đề CCHC tại các chi bộ.",
                ),
                "HĐ04": (
                    {"publications": 900},
                    4_500_000,
                    "Phát tờ rơi, bố trí màn hình hướng dẫn đăng ký khám trực tuyến.",
                ),
            },
            "",
        ),
    ],
}
BP_REPORTS: dict[
    str, list[tuple[str, int | None, dict[str, tuple[dict[str, int], int, str]], str]]
] = {
    "q1": [
        (
            "BP-SYT-VP",
            -2,
            {
                "HĐ01": (
                    {"articles": 7, "publications": 300},
                    3_000_000,
                    "Đăng 7 tin, bài về CCHC; phát hành 300 tờ gấp giới thiệu bộ thủ tục hành chính của Sở.",
                ),
                "HĐ02": (
                    {"sessions": 2, "participants": 80},
                    0,
                    "Lồng ghép CCHC trong 02 hội nghị phổ biến, giáo dục pháp luật.",
                ),
            },
            "Văn phòng Sở đã triển khai Kế hoạch đến các phòng, đơn vị và theo dõi, đôn đốc thực hiện.",
        ),
        (
            "BP-SYT-NVY",
            -1,
            {
                "HĐ02": (
                    {"sessions": 1, "participants": 30},
                    0,
                    "Lồng ghép CCHC trong giao ban chuyên môn.",
                ),
            },
            "",
        ),
        (
            "BP-CDC",
            3,
            {
                "HĐ01": (
                    {"articles": 3},
                    0,
                    "Đăng 3 tin, bài trên trang thông tin điện tử của Trung tâm.",
                ),
                "HĐ03": (
                    {"broadcasts": 1},
                    0,
                    "Cung cấp thông tin cho Báo Bình Phước về kết quả CCHC của Trung tâm.",
                ),
            },
            "",
        ),
        (
            "BP-BVDK",
            -1,
            {
                "HĐ01": (
                    {"articles": 2, "publications": 150},
                    1_200_000,
                    "Đăng 2 tin, bài; phát 150 tờ rơi.",
                ),
            },
            "",
        ),
    ],
    "h1": [
        (
            "BP-SYT-VP",
            -3,
            {
                "HĐ01": (
                    {"articles": 15, "publications": 600},
                    6_000_000,
                    "Đăng 15 tin, bài; phát hành 600 tờ gấp.",
                ),
                "HĐ02": (
                    {"sessions": 4, "participants": 170},
                    0,
                    "Lồng ghép CCHC trong 04 hội nghị.",
                ),
                "HĐ03": (
                    {"broadcasts": 1},
                    0,
                    "Cung cấp thông tin cho Đài Phát thanh - Truyền hình và Báo Bình Phước.",
                ),
            },
            "",
        ),
        ("BP-CDC", -1, {"HĐ01": ({"articles": 6}, 0, "Đăng 6 tin, bài.")}, ""),
        (
            "BP-BVDK",
            -2,
            {
                "HĐ01": (
                    {"articles": 5, "publications": 300},
                    2_400_000,
                    "Đăng 5 tin, bài; phát 300 tờ rơi.",
                )
            },
            "",
        ),
    ],
}


def _file_reports(
    plan: Plan, specs: dict[str, list[Any]], units: dict[str, Unit], users: dict[str, Any]
) -> None:
    periods = {p.kind: p for p in plan.periods.all()}
    activities = {a.code: a for a in plan.activities.all()}
    for kind, rows in specs.items():
        period = periods[kind]
        for code, offset, results, narrative in rows:
            unit = units[code]
            focal = users.get(("focal", code))
            head = users.get(("head", code))
            report = actions.do_start_report(period, unit, acting_user=focal)
            for activity_code, (outputs, spending, text) in results.items():
                result = actions.do_save_result(
                    report,
                    activities[activity_code],
                    acting_user=focal,
                    outputs=outputs,
                    spending_vnd=spending,
                    narrative=text,
                )
                if outputs.get("articles"):
                    # Demo evidence: the news section of the website (the
                    # article pages arrive with the website's demo).
                    Evidence.objects.get_or_create(
                        result=result,
                        kind="link",
                        url="/tin-tuc/",
                        defaults={"title": "Chuyên mục Tin tức trên Trang thông tin điện tử"},
                    )
            if narrative:
                actions.do_save_report_narrative(report, acting_user=focal, narrative=narrative)
            actions.do_send_report_for_approval(report, acting_user=focal)
            actions.do_approve_report(report, acting_user=head)
            report = actions.do_submit_report(report, acting_user=focal)
            when = _at(period.unit_deadline + timedelta(days=offset))
            UnitReport.objects.filter(pk=report.pk).update(
                submitted_at=when,
                approved_at=when - timedelta(hours=2),
                deadline_when_submitted=period.unit_deadline,
            )


def _consolidate(plan: Plan, kind: str, *, signer: tuple[str, str, str], number: str) -> None:
    period = plan.periods.get(kind=kind)
    report = actions.do_draft_consolidated(period, acting_user=None)
    actions.do_update_consolidated(
        report,
        acting_user=None,
        signer_authority=signer[0],
        signer_title=signer[1],
        signer_name=signer[2],
    )
    report = actions.do_submit_consolidated(report, acting_user=None)
    issued = period.department_deadline - timedelta(days=1)
    report = actions.do_approve_consolidated(
        report, acting_user=None, number=number, issued_on=issued
    )
    ConsolidatedReport.objects.filter(pk=report.pk).update(
        submitted_at=_at(issued, 8), approved_at=_at(issued, 15)
    )


def load(stdout: Any) -> list[tuple[str, str, str]]:
    with actions.without_mail():  # past reports: nobody is to be e-mailed now
        return _load(stdout)


def _load(stdout: Any) -> list[tuple[str, str, str]]:
    units = _units()
    logins = []
    users: dict[tuple[str, str], Any] = {}
    for label, email, name, role, unit_code, title in USERS:
        user = _user(email, name)
        do_grant_role(user, units[unit_code], role, acting_user=None, title=title)
        logins.append((label, email, DEMO_PASSWORD))
    User = get_user_model()
    by_email = {u.email: u for u in User.objects.filter(email__contains="@motcua.test")}
    users[("focal", "BVDK-KH")] = by_email.get("daumoi@motcua.test")
    users[("focal", "CDC-KH")] = by_email.get("daumoi.cdc@motcua.test")
    users[("head", "BVDK-KH")] = by_email.get("giamdoc.bv@motcua.test")
    users[("head", "CDC-KH")] = by_email.get("giamdoc.cdc@motcua.test")

    kh = _make_plan(KH_2020, units["SYT"], units)
    if kh is not None:
        _file_reports(kh, KH_REPORTS, units, users)
        # A draft still with the hospital's focal point for six months.
        period = kh.periods.get(kind="h1")
        draft = actions.do_start_report(period, units["PKKV-NH"], acting_user=None)
        actions.do_save_result(
            draft,
            kh.activities.get(code="HĐ04"),
            acting_user=None,
            outputs={"publications": 150},
            spending_vnd=600_000,
            narrative="Đang tổng hợp.",
        )
        Plan.objects.filter(pk=kh.pk).update(status=PlanStatus.FINISHED)
        stdout.write("  Kế hoạch tuyên truyền CCHC 2020 (Khánh Hòa) với báo cáo quý I và 6 tháng")
    bp = _make_plan(BP_2024, units["BP-SYT"], units)
    if bp is not None:
        _file_reports(bp, BP_REPORTS, units, {})
        _consolidate(
            bp, "q1", signer=("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Bình"), number="112"
        )
        Plan.objects.filter(pk=bp.pk).update(status=PlanStatus.FINISHED)
        stdout.write("  Kế hoạch thông tin, tuyên truyền CCHC 2024 (Bình Phước, kế hoạch mẫu)")
    return logins
