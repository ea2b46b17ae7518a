"""Demo catalogue: the Department of Health procedures of domain-vn.md §8,
with exactly the facts given there. A fact marked NOT FOUND or "—" stays
empty (deadline ``None``, fees ``UNPUBLISHED``, level ``OFFLINE`` unless
given) and the public page says "chưa công bố".

Codes: the national code (mã TTHC) where §8 gives one. Procedures without
a known national code get a local code ``SYT-<lĩnh vực>-NN`` (SYT-DUOC-…,
SYT-KCB-…, SYT-TTB-…, SYT-ATTP-…), and their legal-basis text says it is a
local code to be matched against the national database (CSDLQG về TTHC).

Left out: §8 row 4 (cấp lại CCHN dược by examination) is a Ministry of
Health procedure, listed there only for comparison.

The documents of 1.014076 are not listed in §8 ("1 bộ, originals or
certified copies"); the four items are those of Luật Dược 2016, Điều 38
khoản 1, marked to be checked against the province's publication decision.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from motcua.org.models import Unit
from motcua.procedures import actions
from motcua.procedures.constants import CopyType, DeadlineUnit, FeeStatus, OnlineLevel
from motcua.procedures.models import Procedure, ProcedureField

EFFECTIVE_FROM = date(2025, 7, 1)  # NĐ 118/2025 in force; the demo rules start here

FIELDS = [
    ("duoc-my-pham", "Dược – Mỹ phẩm", 1),
    ("duoc", "Dược", 2),
    ("my-pham", "Mỹ phẩm", 3),
    ("kham-benh-chua-benh", "Khám bệnh, chữa bệnh", 4),
    ("trang-thiet-bi-y-te", "Trang thiết bị y tế", 5),
    ("an-toan-thuc-pham", "An toàn thực phẩm", 6),
]

LOCAL_CODE_NOTE = (
    "Ghi chú: {code} là mã nội bộ của Sở Y tế trong danh mục mẫu; mã thủ tục hành chính "
    "quốc gia cần được đối chiếu với Cơ sở dữ liệu quốc gia về thủ tục hành chính."
)
DVCQG_NOTE = "Thủ tục này cũng được tiếp nhận trực tuyến trên Cổng Dịch vụ công quốc gia (dichvucong.gov.vn)."

# Each: code, name, field code, unit code, online level, facts, fee lines,
# documents (name, copy type, quantity, required, note).
PROCEDURES: list[dict[str, Any]] = [
    {
        "code": "1.014076",
        "name": "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược (bán buôn; bán lẻ: nhà thuốc, quầy thuốc, tủ thuốc trạm y tế xã, cơ sở bán lẻ dược liệu, thuốc cổ truyền)",
        "field": "duoc-my-pham",
        "unit": "SYT-NVD",
        "level": OnlineLevel.FULL,
        "facts": {
            "deadline_amount": Decimal(30),
            "deadline_unit": DeadlineUnit.DAYS,
            "fee_status": FeeStatus.CHARGED,
            "fee_note": "Mức phí tùy loại hình cơ sở kinh doanh dược.",
            "result_type": "Giấy chứng nhận đủ điều kiện kinh doanh dược",
            "legal_basis": "Luật Dược số 105/2016/QH13.\nNghị định số 31/2021/NĐ-CP (địa bàn có điều kiện kinh tế - xã hội khó khăn, áp dụng mức phí 500.000 đồng).",
            "delivers_by_post": True,
        },
        "fees": [
            ("Phí thẩm định điều kiện kinh doanh dược — cơ sở bán buôn (GDP)", 4_000_000, True),
            ("Phí thẩm định điều kiện kinh doanh dược — cơ sở bán lẻ (GPP)", 1_000_000, True),
            (
                "Phí thẩm định — cơ sở bán lẻ (GPP) tại địa bàn có điều kiện kinh tế - xã hội khó khăn",
                500_000,
                True,
            ),
        ],
        "documents": [
            (
                "Đơn đề nghị cấp Giấy chứng nhận đủ điều kiện kinh doanh dược",
                CopyType.ORIGINAL,
                1,
                True,
            ),
            (
                "Tài liệu kỹ thuật tương ứng với cơ sở kinh doanh dược và phạm vi kinh doanh dược",
                CopyType.ORIGINAL_OR_CERTIFIED,
                1,
                True,
            ),
            (
                "Chứng chỉ hành nghề dược của người chịu trách nhiệm chuyên môn về dược",
                CopyType.CERTIFIED_COPY,
                1,
                True,
            ),
            ("Giấy tờ pháp lý chứng minh việc thành lập cơ sở", CopyType.CERTIFIED_COPY, 1, True),
        ],
        "documents_note": "Theo khoản 1 Điều 38 Luật Dược 2016; đối chiếu với quyết định công bố thủ tục của tỉnh.",
    },
    {
        "code": "SYT-DUOC-01",
        "name": "Cấp lại, điều chỉnh nội dung Giấy chứng nhận đủ điều kiện kinh doanh dược",
        "field": "duoc",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(20),
            "deadline_unit": DeadlineUnit.DAYS,
            "deadline_note": "20 ngày kể từ ngày nhận hồ sơ (điểm a khoản 2, khoản 3 Điều 36 Luật Dược); 07 ngày làm việc đối với trường hợp tại điểm b khoản 2 Điều 36.",
            "fee_status": FeeStatus.UNPUBLISHED,
            "result_type": "Giấy chứng nhận đủ điều kiện kinh doanh dược",
            "legal_basis": "Luật Dược số 105/2016/QH13, Điều 36.",
            "accepts_post_submission": True,
            "in_person_note": DVCQG_NOTE,
        },
    },
    {
        "code": "SYT-DUOC-02",
        "name": "Cấp Chứng chỉ hành nghề dược theo hình thức xét hồ sơ",
        "field": "duoc",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(20),
            "deadline_unit": DeadlineUnit.DAYS,
            "deadline_note": "Kể từ ngày nhận hồ sơ.",
            "fee_status": FeeStatus.CHARGED,
            "result_type": "Chứng chỉ hành nghề dược",
            "legal_basis": "Nghị định số 54/2017/NĐ-CP (mẫu đơn).\nThông tư số 277/2016/TT-BTC (phí thẩm định).",
        },
        "fees": [("Phí thẩm định cấp Chứng chỉ hành nghề dược (theo hồ sơ)", 500_000, False)],
        "documents": [
            (
                "Đơn đề nghị cấp Chứng chỉ hành nghề dược (Mẫu số 02 Phụ lục I Nghị định 54/2017/NĐ-CP) kèm 02 ảnh chân dung 4×6 cm",
                CopyType.ORIGINAL,
                1,
                True,
            ),
            ("Văn bằng chuyên môn", CopyType.CERTIFIED_COPY, 1, True),
            ("Giấy chứng nhận đủ sức khỏe để hành nghề dược", CopyType.ORIGINAL, 1, True),
            (
                "Giấy xác nhận thời gian thực hành chuyên môn (Mẫu số 03)",
                CopyType.ORIGINAL,
                1,
                True,
            ),
        ],
    },
    {
        "code": "SYT-KCB-01",
        "name": "Cấp mới giấy phép hành nghề đối với chức danh bác sỹ, y sỹ, điều dưỡng, hộ sinh, kỹ thuật y, dinh dưỡng lâm sàng, cấp cứu viên ngoại viện, tâm lý lâm sàng (giai đoạn chuyển tiếp)",
        "field": "kham-benh-chua-benh",
        "unit": "SYT-NVY",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(30),
            "deadline_unit": DeadlineUnit.DAYS,
            "deadline_note": "Kể từ ngày nhận đủ hồ sơ; trường hợp phải xác minh văn bằng do cơ sở nước ngoài cấp: 30 ngày kể từ ngày có kết quả xác minh.",
            "fee_status": FeeStatus.CHARGED,
            "result_type": "Giấy phép hành nghề khám bệnh, chữa bệnh",
            "legal_basis": "Nghị định số 96/2023/NĐ-CP, Điều 130.",
            "in_person_note": DVCQG_NOTE,
        },
        "fees": [("Phí thẩm định cấp giấy phép hành nghề", 430_000, False)],
        "documents": [
            (
                "Hồ sơ theo quy định tại Điều 130 Nghị định số 96/2023/NĐ-CP",
                CopyType.ORIGINAL,
                1,
                True,
            )
        ],
    },
    {
        "code": "1.002600",
        "name": "Cấp số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm sản xuất trong nước",
        "field": "my-pham",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(3),
            "deadline_unit": DeadlineUnit.WORKING_DAYS,
            "deadline_note": "05 ngày làm việc nếu phải bổ sung hồ sơ.",
            "fee_status": FeeStatus.CHARGED,
            "result_type": "Số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm",
            "accepts_post_submission": True,
            "in_person_note": DVCQG_NOTE,
        },
        "fees": [("Phí thẩm định cấp số tiếp nhận Phiếu công bố sản phẩm mỹ phẩm", 500_000, False)],
        "documents": [("Phiếu công bố sản phẩm mỹ phẩm", CopyType.ORIGINAL, 1, True)],
    },
    {
        "code": "1.003055",
        "name": "Cấp Giấy chứng nhận đủ điều kiện sản xuất mỹ phẩm",
        "field": "my-pham",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(30),
            "deadline_unit": DeadlineUnit.WORKING_DAYS,
            "fee_status": FeeStatus.CHARGED,
            "result_type": "Giấy chứng nhận đủ điều kiện sản xuất mỹ phẩm",
        },
        "fees": [("Phí thẩm định điều kiện sản xuất mỹ phẩm", 6_000_000, False)],
    },
    {
        "code": "1.002483",
        "name": "Cấp giấy xác nhận nội dung quảng cáo mỹ phẩm",
        "field": "my-pham",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {"result_type": "Giấy xác nhận nội dung quảng cáo mỹ phẩm"},
    },
    {
        "code": "1.009566",
        "name": "Cấp Giấy chứng nhận lưu hành tự do (CFS) đối với mỹ phẩm sản xuất trong nước để xuất khẩu",
        "field": "my-pham",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(3),
            "deadline_unit": DeadlineUnit.WORKING_DAYS,
            "fee_status": FeeStatus.UNPUBLISHED,
            "fee_note": "Chưa có quy định về phí.",
            "result_type": "Giấy chứng nhận lưu hành tự do (CFS)",
        },
    },
    {
        "code": "SYT-TTB-01",
        "name": "Công bố đủ điều kiện mua bán trang thiết bị y tế loại B, C, D",
        "field": "trang-thiet-bi-y-te",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(0),
            "deadline_unit": DeadlineUnit.DAYS,
            "deadline_note": "Ngay khi nhận hồ sơ.",
            "fee_status": FeeStatus.CHARGED,
        },
        "fees": [("Phí thẩm định công bố đủ điều kiện mua bán", 3_000_000, False)],
    },
    {
        "code": "SYT-TTB-02",
        "name": "Công bố tiêu chuẩn áp dụng đối với trang thiết bị y tế loại A, B",
        "field": "trang-thiet-bi-y-te",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(0),
            "deadline_unit": DeadlineUnit.DAYS,
            "deadline_note": "Ngay khi nhận hồ sơ.",
            "fee_status": FeeStatus.CHARGED,
        },
        "fees": [
            ("Phí thẩm định — trang thiết bị y tế loại A", 1_000_000, True),
            ("Phí thẩm định — trang thiết bị y tế loại B", 3_000_000, True),
        ],
    },
    {
        "code": "SYT-TTB-03",
        "name": "Công bố đủ điều kiện sản xuất trang thiết bị y tế",
        "field": "trang-thiet-bi-y-te",
        "unit": "SYT-NVD",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "deadline_amount": Decimal(0),
            "deadline_unit": DeadlineUnit.DAYS,
            "deadline_note": "Ngay khi nhận hồ sơ.",
            "fee_status": FeeStatus.CHARGED,
        },
        "fees": [("Phí thẩm định công bố đủ điều kiện sản xuất", 3_000_000, False)],
    },
    {
        "code": "SYT-ATTP-01",
        "name": "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở kinh doanh dịch vụ ăn uống",
        "field": "an-toan-thuc-pham",
        "unit": "SYT-NVY",
        "level": OnlineLevel.PARTIAL,
        "facts": {
            "deadline_amount": Decimal(20),
            "deadline_unit": DeadlineUnit.WORKING_DAYS,
            "fee_status": FeeStatus.CHARGED,
            "fee_note": "700.000 đồng/lần/cơ sở đối với cơ sở phục vụ dưới 200 suất ăn.",
            "result_type": "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
            "legal_basis": "Nghị định số 155/2018/NĐ-CP (mẫu đơn).\nThông tư số 67/2021/TT-BTC (phí thẩm định).",
            "delivers_by_post": True,
        },
        "fees": [("Phí thẩm định cấp Giấy chứng nhận (cơ sở dưới 200 suất ăn)", 700_000, False)],
        "documents": [
            (
                "Đơn đề nghị cấp Giấy chứng nhận (Mẫu số 01 Phụ lục I Nghị định 155/2018/NĐ-CP)",
                CopyType.ORIGINAL,
                1,
                True,
            ),
            ("Giấy chứng nhận đăng ký kinh doanh", CopyType.COPY, 1, True),
            (
                "Danh sách người đã được tập huấn kiến thức an toàn thực phẩm",
                CopyType.ORIGINAL,
                1,
                True,
            ),
            (
                "Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ",
                CopyType.ORIGINAL,
                1,
                True,
            ),
            (
                "Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp kinh doanh",
                CopyType.COPY,
                1,
                True,
            ),
        ],
    },
    {
        "code": "SYT-KCB-02",
        "name": "Cấp giấy xác nhận nội dung quảng cáo dịch vụ khám bệnh, chữa bệnh",
        "field": "kham-benh-chua-benh",
        "unit": "SYT-NVY",
        "level": OnlineLevel.OFFLINE,
        "facts": {"result_type": "Giấy xác nhận nội dung quảng cáo dịch vụ khám bệnh, chữa bệnh"},
    },
    {
        "code": "SYT-KCB-03",
        "name": "Cấp giấy phép hoạt động đối với phòng khám",
        "field": "kham-benh-chua-benh",
        "unit": "SYT-NVY",
        "level": OnlineLevel.OFFLINE,
        "facts": {
            "legal_basis": "Nghị định số 96/2023/NĐ-CP.",
            "result_type": "Giấy phép hoạt động khám bệnh, chữa bệnh",
        },
    },
    {
        "code": "SYT-ATTP-02",
        "name": "Đăng ký bản công bố sản phẩm thực phẩm",
        "field": "an-toan-thuc-pham",
        "unit": "SYT-NVY",
        "level": OnlineLevel.OFFLINE,
        "facts": {},
    },
]


def _fields() -> dict[str, ProcedureField]:
    out = {}
    for code, name, position in FIELDS:
        out[code], _ = ProcedureField.objects.get_or_create(
            code=code, defaults={"name": name, "position": position}
        )
    return out


def load(stdout: Any) -> list[tuple[str, str, str]]:
    """Create the demo procedures that do not exist yet (idempotent)."""
    fields = _fields()
    units = {u.code: u for u in Unit.objects.filter(code__in={p["unit"] for p in PROCEDURES})}
    existing = set(
        Procedure.objects.filter(code__in=[p["code"] for p in PROCEDURES]).values_list(
            "code", flat=True
        )
    )
    created = 0
    for spec in PROCEDURES:
        if spec["code"] in existing or spec["unit"] not in units:
            continue
        procedure = actions.do_create_procedure(
            acting_user=None,
            code=spec["code"],
            name=spec["name"],
            field=fields[spec["field"]],
            unit=units[spec["unit"]],
            online_level=spec["level"],
        )
        version = actions.do_create_version(
            procedure, acting_user=None, effective_from=EFFECTIVE_FROM
        )
        facts = {"fee_status": FeeStatus.UNPUBLISHED, "delivers_at_counter": True, **spec["facts"]}
        if spec["code"].startswith("SYT-"):
            note = LOCAL_CODE_NOTE.format(code=spec["code"])
            facts["legal_basis"] = f"{facts.get('legal_basis', '')}\n{note}".strip()
        documents_note = spec.get("documents_note", "")
        actions.do_update_version(
            version,
            acting_user=None,
            content=actions.VersionContent(
                facts=facts,
                fee_lines=[
                    actions.FeeLineData(name=n, amount=a, is_optional=o)
                    for n, a, o in spec.get("fees", [])
                ],
                documents=[
                    actions.DocumentData(
                        name=n, copy_type=c, quantity=q, is_required=r, note=documents_note
                    )
                    for n, c, q, r in spec.get("documents", [])
                ],
            ),
        )
        actions.do_publish_version(version, acting_user=None)
        created += 1
    if created:
        stdout.write(f"Thủ tục hành chính mẫu: {created} thủ tục.\n")
    return []
