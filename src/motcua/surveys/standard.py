"""The questionnaires shipped with motcua (issue 9, domain-vn.md §1–§2, §4.7).

Each is a ``SurveyTemplate`` with ``is_standard=True`` and a published
version 1. Every item says where its wording comes from (``source``):

- ``official``: taken word for word from an official instrument (none of the
  shipped items is marked so: the official annexes were not in hand);
- ``adapted``: the item of an official instrument (the topic and code are
  the official ones) in our own short wording, to be checked against the
  annex before official use; ``source_ref`` names the instrument and item;
- ``ours``: added by the Department (demographics, free text, awareness).

Templates
---------
``sipas-mot-cua``
    SIPAS-style one-stop questionnaire: blocks II.A–E of the SIPAS form as
    implemented for a Hà Nội ward in 2026 (QĐ 1001/QĐ-BNV method), Likert
    1–5, then one free-text item. The SIPAS index formula is not published
    (domain-vn.md §1.3): the version uses the Ministry of Health rule
    (all answered items pooled, levels 4–5 ÷ answers) until the Sở Nội vụ
    gives the official one; the rule is a setting of the version.
``byt-3869-mau-2-ngoai-tru`` / ``byt-3869-mau-1-noi-tru``
    Outpatient (Mẫu 2) and inpatient (Mẫu 1) forms of QĐ 3869/QĐ-BYT:
    sections A–E on the 1–5 scale with 0 = "Không sử dụng, không có ý kiến"
    (excluded from every figure), section G outside the index (G1 = % of
    expectations met, 0–200; inpatient G2 = would come back, 5 levels and
    "Khác"; free text).
``danh-gia-sau-tra-ket-qua``
    Rating after a dossier's result: the 12 criteria shown on provincial DVC
    portals (domain-vn.md §4.7), "Đánh giá tổng thể" required, then free
    text. Used by campaigns with ``for_dossier_ratings``.
``nhan-thuc-nguoi-dan`` / ``nhan-thuc-can-bo``
    Awareness surveys (ours) for the plan's targets and for staff.

Indicator codes (read by ``surveys.indicators``)
------------------------------------------------
Each constant is ``(question code, choice codes)``: a respondent counts when
their answer to that question is one of those choices. The question is
required, so the denominator is every response to the campaign (= every
answer to that question).

- ``AWARENESS_REACHED``: the plan's "tối thiểu 90% người dân … được tiếp cận
  thông tin": the respondent has heard of the online public services or the
  one-stop centre (AW1 = "yes").
- ``AWARENESS_UNDERSTANDS_AND_USES``: the "30–40% hiểu rõ và sử dụng được các
  dịch vụ": the respondent understands the online services and has used
  them on their own (AW4 = "uses"). "Understands but has not used" does not
  count: the target says both.
- ``STAFF_AWARENESS_PLAN`` / ``STAFF_AWARENESS_ONE_STOP``: the staff member
  knows the reform plan / the one-stop rules fully or in part (ST1 / ST2 in
  "clear", "partial"); ``STAFF_AWARENESS_ONLINE``: can guide a citizen
  through an online submission (ST3 in "confident", "basic").
  ``STAFF_AWARENESS_ITEMS`` lists the three.

``install_standard_templates()`` creates what is missing and never touches a
template that exists (a published version never changes; a new wording is a
new version). Data migration ``0002_standard_templates`` carries its own copy
of this data and loader (migrations never import app code).
"""

from __future__ import annotations

from typing import Any

SIPAS_CODE = "sipas-mot-cua"
MOH_OUTPATIENT_CODE = "byt-3869-mau-2-ngoai-tru"
MOH_INPATIENT_CODE = "byt-3869-mau-1-noi-tru"
DOSSIER_RATING_CODE = "danh-gia-sau-tra-ket-qua"
AWARENESS_CODE = "nhan-thuc-nguoi-dan"
STAFF_AWARENESS_CODE = "nhan-thuc-can-bo"

AWARENESS_REACHED: tuple[str, frozenset[str]] = ("AW1", frozenset({"yes"}))
AWARENESS_UNDERSTANDS_AND_USES: tuple[str, frozenset[str]] = ("AW4", frozenset({"uses"}))
STAFF_AWARENESS_PLAN: tuple[str, frozenset[str]] = ("ST1", frozenset({"clear", "partial"}))
STAFF_AWARENESS_ONE_STOP: tuple[str, frozenset[str]] = ("ST2", frozenset({"clear", "partial"}))
STAFF_AWARENESS_ONLINE: tuple[str, frozenset[str]] = ("ST3", frozenset({"confident", "basic"}))
STAFF_AWARENESS_ITEMS = (STAFF_AWARENESS_PLAN, STAFF_AWARENESS_ONE_STOP, STAFF_AWARENESS_ONLINE)

# --- DATA START (copied verbatim into migrations/0002_standard_templates.py)
_ADAPTED_3869 = (
    "QĐ 3869/QĐ-BYT {form}, câu {code} — đối chiếu nguyên văn phụ lục trước khi dùng chính thức"
)
_SIPAS_REF = (
    "QĐ 1001/QĐ-BNV (phương pháp 2023–2026); khối {block} theo phiếu SIPAS triển khai tại "
    "Hà Nội năm 2026 — đối chiếu phiếu chính thức của Sở Nội vụ"
)
_RATING_REF = (
    "Tiêu chí {n} trên Cổng DVC tỉnh (dichvucong.thuathienhue.gov.vn/mucdo-hailong); "
    "căn cứ pháp lý chưa xác định (domain-vn.md §4.7)"
)
_YES_NO = [("yes", "Có"), ("no", "Không")]


def _lik(code: str, text: str, ref: str = "", source: str = "adapted", **kw: Any) -> dict[str, Any]:
    return {"code": code, "text": text, "kind": "likert", "source": source, "source_ref": ref, **kw}


def _moh(form: str, section: str, items: list[str]) -> list[dict[str, Any]]:
    return [
        _lik(f"{section}{i}", text, _ADAPTED_3869.format(form=form, code=f"{section}{i}"))
        for i, text in enumerate(items, start=1)
    ]


def _sipas(block: str, items: list[str]) -> list[dict[str, Any]]:
    letter = block.split(".")[-1]
    return [
        _lik(f"{letter}{i}", text, _SIPAS_REF.format(block=block), min=1)
        for i, text in enumerate(items, start=1)
    ]


_IMPROVE = {
    "code": "Y1",
    "text": "Góp ý để cải thiện chất lượng phục vụ",
    "kind": "text",
    "source": "ours",
}

_SIPAS = {
    "code": SIPAS_CODE,
    "name": "Phiếu khảo sát sự hài lòng về phục vụ hành chính (kiểu SIPAS)",
    "kind": "sipas",
    "description": (
        "Phần II (dịch vụ hành chính công) của phiếu SIPAS, các khối II.A–E. Công thức tính chỉ "
        "số SIPAS chưa được công bố: phiên bản này dùng quy tắc của Bộ Y tế (gộp mọi câu đã "
        "trả lời, tỷ lệ hài lòng = số câu mức 4 và 5 ÷ số câu đã trả lời). Quy tắc tổng hợp là "
        "một thiết lập của phiên bản; thay khi Sở Nội vụ hướng dẫn công thức chính thức."
    ),
    "source_note": (
        "Phương pháp: QĐ 1001/QĐ-BNV ngày 11/12/2023 (giai đoạn 2023–2026). Nội dung các khối "
        "II.A–E theo phiếu SIPAS triển khai cho một phường của Hà Nội năm 2026 (mã nguồn công "
        "khai, domain-vn.md §1.3), viết lại ngắn gọn: cần đối chiếu phiếu chính thức trước khi "
        "dùng để báo cáo. Câu góp ý và thông tin nhân khẩu học do Sở bổ sung."
    ),
    "version": {
        "title": "Khảo sát sự hài lòng về tiếp nhận và giải quyết thủ tục hành chính",
        "introduction": (
            "Phiếu không ghi tên. Xin Ông/Bà cho biết mức độ hài lòng với từng nội dung dưới "
            "đây (1 = Rất không hài lòng … 5 = Rất hài lòng). Có thể bỏ qua câu không có ý kiến."
        ),
        "thanks": "Cảm ơn Ông/Bà đã dành thời gian góp ý cho chúng tôi.",
        "aggregation": "pooled",
        "threshold": 80,
        "allows_partial": True,
        "asks_demographics": True,
    },
    "sections": [
        {
            "code": "II.A",
            "title": "Tiếp cận dịch vụ",
            "questions": _sipas(
                "II.A",
                [
                    "Nơi tiếp nhận và trả kết quả có biển hiệu, hướng dẫn rõ ràng, dễ tìm",
                    "Nơi tiếp nhận và trả kết quả có đủ ghế ngồi chờ và bàn viết",
                    "Trang thiết bị phục vụ đầy đủ, hoạt động tốt",
                ],
            ),
        },
        {
            "code": "II.B",
            "title": "Thủ tục hành chính",
            "questions": _sipas(
                "II.B",
                [
                    "Quy định về thủ tục hành chính được niêm yết công khai, dễ thấy, dễ đọc",
                    "Công chức chỉ yêu cầu nộp những giấy tờ đúng quy định",
                    "Công chức chỉ yêu cầu nộp phí, lệ phí đúng quy định",
                    "Thời hạn giải quyết thủ tục đúng quy định",
                ],
            ),
        },
        {
            "code": "II.C",
            "title": "Công chức trực tiếp giải quyết công việc",
            "questions": _sipas(
                "II.C",
                [
                    "Công chức có thái độ lịch sự, tôn trọng",
                    "Công chức hướng dẫn hồ sơ dễ hiểu, đầy đủ ngay trong một lần",
                    "Công chức làm việc đúng quy định",
                ],
            ),
        },
        {
            "code": "II.D",
            "title": "Kết quả giải quyết thủ tục hành chính",
            "questions": _sipas(
                "II.D",
                [
                    "Kết quả được trả đúng hẹn",
                    "Kết quả có thông tin đầy đủ, chính xác",
                    "Việc giải quyết bảo đảm công bằng",
                ],
            ),
        },
        {
            "code": "II.E",
            "title": "Tiếp nhận, xử lý phản ánh, kiến nghị",
            "questions": _sipas(
                "II.E",
                [
                    "Hình thức gửi phản ánh, kiến nghị dễ dàng",
                    "Phản ánh, kiến nghị được tiếp nhận, xử lý đúng quy định",
                    "Kết quả xử lý phản ánh, kiến nghị được thông báo kịp thời",
                ],
            ),
        },
        {"code": "III", "title": "Góp ý", "in_index": False, "questions": [_IMPROVE]},
    ],
}

_OUT_NOTE = (
    "Mẫu số 2 ban hành kèm QĐ 3869/QĐ-BYT ngày 28/8/2019. Số câu mỗi phần (A5, B10, C8, D4, "
    "E4, G2) và chủ đề từng câu theo hai bản chép lại độc lập (mã nguồn công khai, domain-vn.md "
    "§2.2); lời câu hỏi được viết lại ngắn gọn theo chủ đề, chưa phải nguyên văn: đối chiếu "
    "phụ lục của Quyết định trước khi báo cáo chính thức. Mức 0 = không sử dụng, không có ý "
    "kiến, không tính vào tử số và mẫu số."
)
_IN_NOTE = _OUT_NOTE.replace("Mẫu số 2", "Mẫu số 1").replace(
    "(A5, B10, C8, D4, E4, G2)", "(A5, B7, C11, D7, E7, G4)"
)
_MOH_VERSION = {
    "introduction": (
        "Phiếu không ghi tên. Ông/Bà chọn mức hài lòng cho từng câu: 1 = Rất không hài lòng, "
        "2 = Không hài lòng, 3 = Bình thường, 4 = Hài lòng, 5 = Rất hài lòng; chọn "
        "“Không có ý kiến” nếu không sử dụng dịch vụ đó."
    ),
    "thanks": "Trân trọng cảm ơn Ông/Bà đã góp ý giúp bệnh viện phục vụ người bệnh tốt hơn.",
    "aggregation": "pooled",
    "threshold": 80,
    "allows_partial": True,
    "asks_demographics": True,
}
_G1 = {
    "code": "G1",
    "text": (
        "Ông/Bà đánh giá bệnh viện đã đáp ứng bao nhiêu phần trăm so với mong đợi trước khi "
        "đến khám, chữa bệnh? (có thể ghi trên 100% nếu vượt mong đợi)"
    ),
    "kind": "number",
    "min": 0,
    "max": 200,
    "help_text": "Từ 0 đến 200 (%).",
    "source": "adapted",
}

_MOH_OUTPATIENT = {
    "code": MOH_OUTPATIENT_CODE,
    "name": "Phiếu khảo sát ý kiến người bệnh ngoại trú (Mẫu số 2, QĐ 3869/QĐ-BYT)",
    "kind": "moh_outpatient",
    "description": "Khảo sát sự hài lòng của người bệnh ngoại trú theo hướng dẫn của Bộ Y tế.",
    "source_note": _OUT_NOTE,
    "version": {
        "title": "Khảo sát ý kiến người bệnh ngoại trú",
        **_MOH_VERSION,
    },
    "sections": [
        {
            "code": "A",
            "title": "Khả năng tiếp cận",
            "questions": _moh(
                "Mẫu 2",
                "A",
                [
                    "Biển báo, chỉ dẫn đường đến bệnh viện rõ ràng, dễ nhìn, dễ tìm",
                    "Sơ đồ, biển báo chỉ dẫn đến các khoa, phòng trong bệnh viện rõ ràng, dễ tìm",
                    "Các khối nhà, cầu thang, buồng bệnh được đánh số rõ ràng, dễ tìm",
                    "Lối đi trong bệnh viện, hành lang bằng phẳng, dễ đi",
                    "Có thể tìm hiểu thông tin và đăng ký khám qua điện thoại, trang web thuận tiện",
                ],
            ),
        },
        {
            "code": "B",
            "title": "Sự minh bạch thông tin và thủ tục khám bệnh, điều trị",
            "questions": _moh(
                "Mẫu 2",
                "B",
                [
                    "Quy trình, thủ tục khám bệnh được niêm yết rõ ràng, công khai, dễ hiểu",
                    "Các quy trình, thủ tục khám bệnh được cải cách đơn giản, thuận tiện",
                    "Giá dịch vụ y tế được niêm yết rõ ràng, công khai",
                    "Nhân viên y tế tiếp đón, hướng dẫn người bệnh làm thủ tục niềm nở, tận tình",
                    "Được xếp hàng theo thứ tự trước sau khi làm các thủ tục đăng ký, nộp tiền, "
                    "khám bệnh, xét nghiệm, chiếu chụp",
                    "Thời gian chờ làm thủ tục đăng ký khám hợp lý",
                    "Thời gian chờ tới lượt bác sỹ khám hợp lý",
                    "Thời gian được bác sỹ khám và tư vấn đủ",
                    "Thời gian chờ làm xét nghiệm, chiếu chụp hợp lý",
                    "Thời gian chờ nhận kết quả xét nghiệm, chiếu chụp hợp lý",
                ],
            ),
        },
        {
            "code": "C",
            "title": "Cơ sở vật chất và phương tiện phục vụ người bệnh",
            "questions": _moh(
                "Mẫu 2",
                "C",
                [
                    "Buồng chờ khám có đủ ghế ngồi cho người bệnh và người nhà",
                    "Buồng chờ khám có quạt, điều hòa đầy đủ, hoạt động thường xuyên",
                    "Buồng chờ khám có phương tiện giúp người bệnh thoải mái (ti-vi, tranh ảnh, "
                    "tờ rơi, nước uống…)",
                    "Được bảo đảm sự riêng tư khi khám bệnh, chiếu chụp, làm thủ thuật",
                    "Nhà vệ sinh thuận tiện, sử dụng tốt, sạch sẽ",
                    "Môi trường trong khuôn viên bệnh viện xanh, sạch, đẹp",
                    "Khu khám bệnh bảo đảm an ninh, trật tự, phòng ngừa trộm cắp",
                    "Nơi gửi xe, căng tin, nước uống đáp ứng nhu cầu",
                ],
            ),
        },
        {
            "code": "D",
            "title": "Thái độ ứng xử, năng lực chuyên môn của nhân viên y tế",
            "questions": _moh(
                "Mẫu 2",
                "D",
                [
                    "Nhân viên y tế (bác sỹ, điều dưỡng) có lời nói, thái độ, giao tiếp đúng mực",
                    "Nhân viên phục vụ (hộ lý, bảo vệ, kế toán…) có lời nói, thái độ, giao tiếp "
                    "đúng mực",
                    "Được nhân viên y tế tôn trọng, đối xử công bằng, quan tâm, giúp đỡ",
                    "Năng lực chuyên môn của bác sỹ, điều dưỡng đáp ứng mong đợi",
                ],
            ),
        },
        {
            "code": "E",
            "title": "Kết quả cung cấp dịch vụ",
            "questions": _moh(
                "Mẫu 2",
                "E",
                [
                    "Kết quả khám bệnh đáp ứng được nguyện vọng",
                    "Các hóa đơn, phiếu thu, đơn thuốc và kết quả khám bệnh được cung cấp đầy "
                    "đủ, rõ ràng, minh bạch",
                    "Mức độ tin tưởng về chất lượng dịch vụ y tế",
                    "Mức độ hài lòng về giá cả dịch vụ y tế",
                ],
            ),
        },
        {
            "code": "G",
            "title": "Thông tin bổ sung",
            "in_index": False,
            "questions": [
                {**_G1, "source_ref": _ADAPTED_3869.format(form="Mẫu 2", code="G1")},
                {
                    "code": "G2",
                    "text": "Ông/Bà có ý kiến gì khác để bệnh viện phục vụ tốt hơn không?",
                    "kind": "text",
                    "source": "adapted",
                    "source_ref": _ADAPTED_3869.format(form="Mẫu 2", code="G2"),
                },
            ],
        },
    ],
}

_MOH_INPATIENT = {
    "code": MOH_INPATIENT_CODE,
    "name": "Phiếu khảo sát ý kiến người bệnh nội trú (Mẫu số 1, QĐ 3869/QĐ-BYT)",
    "kind": "moh_inpatient",
    "description": "Khảo sát sự hài lòng của người bệnh nội trú theo hướng dẫn của Bộ Y tế.",
    "source_note": _IN_NOTE,
    "version": {
        "title": "Khảo sát ý kiến người bệnh nội trú",
        **_MOH_VERSION,
    },
    "sections": [
        {
            "code": "A",
            "title": "Khả năng tiếp cận",
            "questions": _moh(
                "Mẫu 1",
                "A",
                [
                    "Các sơ đồ, biển báo chỉ dẫn đường đến các khoa, phòng rõ ràng, dễ hiểu, "
                    "dễ tìm",
                    "Các khối nhà, cầu thang, buồng bệnh được đánh số rõ ràng, dễ tìm",
                    "Các lối đi trong bệnh viện, hành lang bằng phẳng, an toàn, dễ đi",
                    "Thời gian chờ thang máy và chờ làm các thủ tục hợp lý",
                    "Có thể gọi, hỏi nhân viên y tế khi cần thiết",
                ],
            ),
        },
        {
            "code": "B",
            "title": "Sự minh bạch thông tin và thủ tục khám bệnh, điều trị",
            "questions": _moh(
                "Mẫu 1",
                "B",
                [
                    "Quy trình, thủ tục nhập viện rõ ràng, công khai, thuận tiện",
                    "Được phổ biến về nội quy và thông tin cần thiết khi nằm viện rõ ràng, đầy đủ",
                    "Được giải thích về tình trạng bệnh, phương pháp và thời gian dự kiến điều trị",
                    "Được giải thích, tư vấn trước khi làm xét nghiệm, thăm dò, kỹ thuật cao",
                    "Được công khai và cập nhật thông tin về dùng thuốc và chi phí điều trị",
                    "Được hướng dẫn, giải thích rõ ràng khi ra viện và chăm sóc tiếp theo",
                    "Thủ tục ra viện, thanh toán chi phí thuận tiện",
                ],
            ),
        },
        {
            "code": "C",
            "title": "Cơ sở vật chất và phương tiện phục vụ người bệnh",
            "questions": _moh(
                "Mẫu 1",
                "C",
                [
                    "Buồng bệnh nằm điều trị khang trang, sạch sẽ, có đủ thiết bị điều chỉnh "
                    "nhiệt độ phù hợp",
                    "Giường bệnh, ga, gối đầy đủ cho mỗi người một giường, an toàn, chắc chắn",
                    "Nhà vệ sinh, nhà tắm thuận tiện, sạch sẽ, sử dụng tốt",
                    "Được bảo đảm an toàn, an ninh, trật tự, phòng ngừa trộm cắp",
                    "Được cung cấp quần áo đầy đủ, sạch sẽ",
                    "Được cung cấp đầy đủ nước uống nóng, lạnh",
                    "Được bảo đảm sự riêng tư khi nằm viện",
                    "Căng tin bệnh viện phục vụ ăn uống và nhu cầu sinh hoạt thiết yếu đầy đủ",
                    "Môi trường trong khuôn viên bệnh viện xanh, sạch, đẹp",
                    "Khu vực chờ và nơi nghỉ cho người nhà người bệnh đáp ứng nhu cầu",
                    "Nơi gửi xe thuận tiện, an toàn",
                ],
            ),
        },
        {
            "code": "D",
            "title": "Thái độ ứng xử, năng lực chuyên môn của nhân viên y tế",
            "questions": _moh(
                "Mẫu 1",
                "D",
                [
                    "Bác sỹ, điều dưỡng có lời nói, thái độ, giao tiếp đúng mực",
                    "Nhân viên phục vụ (hộ lý, bảo vệ, kế toán…) có lời nói, thái độ, giao tiếp "
                    "đúng mực",
                    "Được nhân viên y tế tôn trọng, đối xử công bằng, quan tâm, giúp đỡ",
                    "Bác sỹ, điều dưỡng hợp tác tốt và xử lý công việc thành thạo, kịp thời",
                    "Được bác sỹ thăm khám, động viên tại phòng điều trị",
                    "Được tư vấn chế độ ăn, vận động, theo dõi và phòng ngừa biến chứng",
                    "Không bị nhân viên y tế gợi ý bồi dưỡng",
                ],
            ),
        },
        {
            "code": "E",
            "title": "Kết quả cung cấp dịch vụ",
            "questions": [
                *_moh(
                    "Mẫu 1",
                    "E",
                    [
                        "Cấp phát thuốc và hướng dẫn sử dụng thuốc đầy đủ, chất lượng",
                        "Trang thiết bị, vật tư y tế đầy đủ, hiện đại, đáp ứng nguyện vọng",
                        "Kết quả điều trị đáp ứng được nguyện vọng",
                        "Ông/Bà đánh giá mức độ tin tưởng về chất lượng dịch vụ y tế",
                        "Ông/Bà đánh giá mức độ hài lòng về giá cả dịch vụ y tế",
                        "Ông/Bà đánh giá chung mức độ hài lòng với bệnh viện",
                    ],
                ),
                {
                    "code": "E7",
                    "text": "Ông/Bà nhận xét thế nào về giá cả so với chất lượng dịch vụ y tế?",
                    "kind": "single",
                    "source": "adapted",
                    "source_ref": _ADAPTED_3869.format(form="Mẫu 1", code="E7"),
                    "choices": [
                        ("rat_dat", "Rất đắt so với chất lượng"),
                        ("dat", "Đắt hơn so với chất lượng"),
                        ("tuong_xung", "Tương xứng với chất lượng"),
                        ("re", "Rẻ hơn so với chất lượng"),
                        ("khong_tra", "Không tự chi trả nên không biết"),
                        ("other", "Khác", None, True),
                    ],
                },
            ],
        },
        {
            "code": "G",
            "title": "Thông tin bổ sung",
            "in_index": False,
            "questions": [
                {**_G1, "source_ref": _ADAPTED_3869.format(form="Mẫu 1", code="G1")},
                {
                    "code": "G2",
                    "text": (
                        "Nếu có nhu cầu khám, chữa bệnh tương tự, Ông/Bà có quay trở lại hoặc "
                        "giới thiệu cho người khác đến không?"
                    ),
                    "kind": "single",
                    "source": "adapted",
                    "source_ref": _ADAPTED_3869.format(form="Mẫu 1", code="G2"),
                    # Scores: the return rate counts levels 4 and 5 (domain-vn.md §2.3).
                    "choices": [
                        ("1", "Chắc chắn không bao giờ quay lại", 1),
                        ("2", "Không muốn quay lại nhưng có ít lựa chọn khác", 2),
                        ("3", "Muốn chuyển sang bệnh viện khác", 3),
                        ("4", "Có thể sẽ quay lại", 4),
                        ("5", "Chắc chắn sẽ quay lại hoặc giới thiệu cho người khác", 5),
                        ("other", "Khác", None, True),
                    ],
                },
                {
                    "code": "G3",
                    "text": "Điều Ông/Bà hài lòng nhất trong thời gian nằm viện",
                    "kind": "text",
                    "source": "adapted",
                    "source_ref": _ADAPTED_3869.format(form="Mẫu 1", code="G3"),
                },
                {
                    "code": "G4",
                    "text": "Ông/Bà có đề nghị gì để bệnh viện phục vụ người bệnh tốt hơn?",
                    "kind": "text",
                    "source": "adapted",
                    "source_ref": _ADAPTED_3869.format(form="Mẫu 1", code="G4"),
                },
            ],
        },
    ],
}

_RATING_CRITERIA = [
    "Đánh giá tổng thể",
    "Mức độ thuận tiện",
    "Đúng hạn trả kết quả",
    "Thái độ của cán bộ, công chức, viên chức",
    "Thời gian giải quyết so với quy định",
    "Thời gian thực hiện so với quy định",
    "Số lần phải liên hệ để hoàn thiện hồ sơ",
    "Số cơ quan phải liên hệ",
    "Tiếp nhận, trả kết quả tại Bộ phận Một cửa",
    "Mức độ công khai thủ tục hành chính",
    "Tiếp thu, giải trình phản ánh, kiến nghị",
    "Tiến độ, chất lượng dịch vụ công trực tuyến",
]

_DOSSIER_RATING = {
    "code": DOSSIER_RATING_CODE,
    "name": "Đánh giá sự hài lòng sau khi nhận kết quả hồ sơ",
    "kind": "dossier_rating",
    "description": (
        "Người nộp hồ sơ đánh giá 12 tiêu chí sau khi nhận kết quả; mỗi hồ sơ một lần. Số liệu "
        "dùng cho chỉ số 5c của QĐ 766/QĐ-TTg (hồ sơ “không hài lòng”)."
    ),
    "source_note": (
        "12 tiêu chí theo trang đánh giá mức độ hài lòng của Cổng DVC tỉnh Thừa Thiên Huế "
        "(domain-vn.md §4.7); căn cứ pháp lý của danh sách chưa xác định (có thể theo nội dung "
        "đánh giá của NĐ 61/2018). Lời tiêu chí giữ nguyên, thang đo 1–5 do Sở chọn."
    ),
    "version": {
        "title": "Đánh giá sự hài lòng với việc giải quyết hồ sơ",
        "introduction": (
            "Hồ sơ của Ông/Bà đã được trả kết quả. Xin cho biết mức độ hài lòng (1 = Rất không "
            "hài lòng … 5 = Rất hài lòng). Chỉ câu “Đánh giá tổng thể” là bắt buộc."
        ),
        "thanks": "Cảm ơn Ông/Bà đã đánh giá. Ý kiến sẽ được dùng để cải thiện chất lượng phục vụ.",
        "aggregation": "pooled",
        "threshold": 80,
        "allows_partial": True,
        "asks_demographics": False,
    },
    "sections": [
        {
            "code": "DG",
            "title": "Mức độ hài lòng",
            "questions": [
                _lik(
                    f"R{n}",
                    text,
                    _RATING_REF.format(n=n),
                    required=(n == 1),
                    min=1,
                )
                for n, text in enumerate(_RATING_CRITERIA, start=1)
            ],
        },
        {
            "code": "GY",
            "title": "Góp ý",
            "in_index": False,
            "questions": [{**_IMPROVE, "code": "R13"}],
        },
    ],
}

_CHANNELS = [
    ("website_so", "Trang thông tin điện tử của Sở Y tế"),
    ("dvcqg", "Cổng Dịch vụ công quốc gia"),
    ("bao_dai", "Báo, đài phát thanh, truyền hình"),
    ("mxh", "Mạng xã hội, Zalo"),
    ("to_roi", "Tờ rơi, pano, áp phích"),
    ("can_bo", "Cán bộ Bộ phận Một cửa"),
    ("nguoi_than", "Người thân, bạn bè, hàng xóm"),
    ("other", "Khác", None, True),
]

_AWARENESS = {
    "code": AWARENESS_CODE,
    "name": "Khảo sát nhận thức của người dân về dịch vụ công trực tuyến",
    "kind": "awareness",
    "description": (
        "Đo các mục tiêu của kế hoạch tuyên truyền: tối thiểu 90% người dân được tiếp cận "
        "thông tin (câu AW1 = Có) và 30–40% hiểu rõ và sử dụng được các dịch vụ (câu AW4 = "
        "“Hiểu rõ và đã tự sử dụng được”)."
    ),
    "source_note": "Bộ câu hỏi do Sở xây dựng; không có mẫu chính thức.",
    "version": {
        "title": "Khảo sát hiểu biết về dịch vụ công trực tuyến",
        "introduction": "Phiếu không ghi tên, mất khoảng 2 phút. Xin cảm ơn Ông/Bà.",
        "thanks": "Cảm ơn Ông/Bà đã tham gia khảo sát.",
        "aggregation": "pooled",
        "threshold": 80,
        "allows_partial": True,
        "asks_demographics": True,
    },
    "sections": [
        {
            "code": "NT",
            "title": "Tiếp cận thông tin và sử dụng dịch vụ",
            "in_index": False,
            "questions": [
                {
                    "code": "AW1",
                    "text": (
                        "Ông/Bà đã từng nghe về dịch vụ công trực tuyến hoặc Bộ phận Một cửa "
                        "(Trung tâm phục vụ hành chính công) chưa?"
                    ),
                    "kind": "single",
                    "required": True,
                    "source": "ours",
                    "choices": _YES_NO,
                },
                {
                    "code": "AW2",
                    "text": "Ông/Bà biết thông tin qua những kênh nào? (chọn nhiều)",
                    "kind": "multiple",
                    "source": "ours",
                    "choices": _CHANNELS,
                },
                {
                    "code": "AW3",
                    "text": "Ông/Bà đã từng nộp hồ sơ trực tuyến chưa?",
                    "kind": "single",
                    "source": "ours",
                    "choices": [
                        ("many", "Đã nộp nhiều lần"),
                        ("once", "Đã nộp một lần"),
                        ("tried", "Đã thử nhưng không nộp được"),
                        ("never", "Chưa bao giờ"),
                    ],
                },
                {
                    "code": "AW4",
                    "text": "Ông/Bà hiểu cách sử dụng dịch vụ công trực tuyến ở mức nào?",
                    "kind": "single",
                    "required": True,
                    "source": "ours",
                    "choices": [
                        ("uses", "Hiểu rõ và đã tự sử dụng được"),
                        ("understands", "Hiểu rõ nhưng chưa sử dụng"),
                        ("partial", "Hiểu một phần, cần được hướng dẫn"),
                        ("heard", "Mới nghe nói, chưa biết cách sử dụng"),
                        ("none", "Chưa biết gì"),
                    ],
                },
                {
                    "code": "AW5",
                    "text": (
                        "Ông/Bà có biết có thể tra cứu tình trạng hồ sơ bằng mã hồ sơ hoặc mã "
                        "QR trên giấy hẹn không?"
                    ),
                    "kind": "single",
                    "source": "ours",
                    "choices": _YES_NO,
                },
                {
                    "code": "AW6",
                    "text": (
                        "Ông/Bà có biết đường dây nóng, hộp thư góp ý để gửi phản ánh, kiến nghị "
                        "đến Sở không?"
                    ),
                    "kind": "single",
                    "source": "ours",
                    "choices": _YES_NO,
                },
                {
                    "code": "AW7",
                    "text": "Điều gì khiến Ông/Bà chưa dùng dịch vụ công trực tuyến (nếu có)?",
                    "kind": "text",
                    "source": "ours",
                },
            ],
        },
    ],
}

_KNOW_LEVELS = [
    ("clear", "Nắm rõ nội dung và nhiệm vụ của mình"),
    ("partial", "Nắm được một phần"),
    ("heard", "Có nghe nhưng chưa tìm hiểu"),
    ("none", "Chưa biết"),
]

_STAFF_AWARENESS = {
    "code": STAFF_AWARENESS_CODE,
    "name": "Khảo sát nhận thức của cán bộ về cải cách hành chính",
    "kind": "staff_awareness",
    "description": (
        "Mức độ nắm kế hoạch cải cách hành chính, quy định một cửa và khả năng hướng dẫn dịch "
        "vụ công trực tuyến của cán bộ, công chức, viên chức ngành Y tế."
    ),
    "source_note": "Bộ câu hỏi do Sở xây dựng; không có mẫu chính thức.",
    "version": {
        "title": "Khảo sát nhận thức của cán bộ về cải cách hành chính",
        "introduction": "Phiếu không ghi tên. Xin anh/chị trả lời theo hiểu biết hiện nay.",
        "thanks": "Cảm ơn anh/chị đã tham gia khảo sát.",
        "aggregation": "pooled",
        "threshold": 80,
        "allows_partial": True,
        "asks_demographics": False,
    },
    "sections": [
        {
            "code": "CB",
            "title": "Hiểu biết về cải cách hành chính",
            "in_index": False,
            "questions": [
                {
                    "code": "ST1",
                    "text": "Anh/chị nắm kế hoạch cải cách hành chính, tuyên truyền năm nay của Sở ở mức nào?",
                    "kind": "single",
                    "required": True,
                    "source": "ours",
                    "choices": _KNOW_LEVELS,
                },
                {
                    "code": "ST2",
                    "text": (
                        "Anh/chị nắm quy định về cơ chế một cửa, một cửa liên thông "
                        "(NĐ 118/2025/NĐ-CP) ở mức nào?"
                    ),
                    "kind": "single",
                    "required": True,
                    "source": "ours",
                    "choices": _KNOW_LEVELS,
                },
                {
                    "code": "ST3",
                    "text": "Anh/chị có hướng dẫn được người dân nộp hồ sơ trực tuyến không?",
                    "kind": "single",
                    "required": True,
                    "source": "ours",
                    "choices": [
                        ("confident", "Hướng dẫn được thành thạo"),
                        ("basic", "Hướng dẫn được các bước cơ bản"),
                        ("no", "Chưa hướng dẫn được"),
                    ],
                },
                {
                    "code": "ST4",
                    "text": "Trong 12 tháng qua anh/chị có được tập huấn về cải cách hành chính không?",
                    "kind": "single",
                    "source": "ours",
                    "choices": _YES_NO,
                },
                {
                    "code": "ST5",
                    "text": "Anh/chị nhận thông tin về cải cách hành chính qua kênh nào? (chọn nhiều)",
                    "kind": "multiple",
                    "source": "ours",
                    "choices": [
                        ("van_ban", "Văn bản chỉ đạo, kế hoạch của Sở"),
                        ("hop", "Họp giao ban, sinh hoạt chuyên môn"),
                        ("tap_huan", "Lớp tập huấn"),
                        ("website", "Trang thông tin điện tử của Sở"),
                        ("nhom_zalo", "Nhóm Zalo, thư điện tử nội bộ"),
                        ("other", "Khác", None, True),
                    ],
                },
                {
                    "code": "ST6",
                    "text": "Đề xuất của anh/chị để công tác cải cách hành chính hiệu quả hơn",
                    "kind": "text",
                    "source": "ours",
                },
            ],
        },
    ],
}

STANDARD_TEMPLATES: list[dict[str, Any]] = [
    _SIPAS,
    _MOH_OUTPATIENT,
    _MOH_INPATIENT,
    _DOSSIER_RATING,
    _AWARENESS,
    _STAFF_AWARENESS,
]


def _load(models: dict[str, Any], now: Any) -> int:
    """Create the standard templates that do not exist yet (by code).
    ``models`` maps model names to classes (real or historical). Returns
    the number of templates created."""
    SurveyTemplate = models["SurveyTemplate"]
    TemplateVersion = models["TemplateVersion"]
    Section = models["Section"]
    Question = models["Question"]
    Choice = models["Choice"]
    created = 0
    for data in STANDARD_TEMPLATES:
        if SurveyTemplate.objects.filter(code=data["code"]).exists():
            continue
        template = SurveyTemplate.objects.create(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            description=data["description"],
            source_note=data["source_note"],
            is_standard=True,
        )
        version = TemplateVersion.objects.create(
            template=template,
            number=1,
            status="published",
            published_at=now,
            **data["version"],
        )
        position = 0
        for spos, sdata in enumerate(data["sections"]):
            section = Section.objects.create(
                version=version,
                code=sdata["code"],
                title=sdata["title"],
                position=spos,
                weight=sdata.get("weight", 1),
                in_index=sdata.get("in_index", True),
            )
            for qdata in sdata["questions"]:
                kind = qdata["kind"]
                question = Question.objects.create(
                    version=version,
                    section=section,
                    code=qdata["code"],
                    text=qdata["text"],
                    help_text=qdata.get("help_text", ""),
                    kind=kind,
                    scale=qdata.get("scale", "satisfaction" if kind == "likert" else ""),
                    required=qdata.get("required", False),
                    min_value=qdata.get("min"),
                    max_value=qdata.get("max"),
                    position=position,
                    source=qdata.get("source", "ours"),
                    source_ref=qdata.get("source_ref", ""),
                )
                position += 1
                for cpos, choice in enumerate(qdata.get("choices", ())):
                    Choice.objects.create(
                        question=question,
                        code=choice[0],
                        label=choice[1],
                        score=choice[2] if len(choice) > 2 else None,
                        is_other=bool(choice[3]) if len(choice) > 3 else False,
                        position=cpos,
                    )
        created += 1
    return created


# --- DATA END


def install_standard_templates() -> int:
    """Create the shipped templates that are missing (idempotent: existing
    templates, and their published versions, are never changed). Returns
    the number created."""
    from django.db import transaction
    from django.utils import timezone

    from motcua.surveys import models as m

    with transaction.atomic():
        return _load(
            {
                "SurveyTemplate": m.SurveyTemplate,
                "TemplateVersion": m.TemplateVersion,
                "Section": m.Section,
                "Question": m.Question,
                "Choice": m.Choice,
            },
            timezone.now(),
        )


def standard_version(code: str) -> Any:
    """The published version 1 of a shipped template (installing the
    templates first if needed)."""
    from motcua.surveys.models import TemplateVersion

    install_standard_templates()
    return TemplateVersion.objects.select_related("template").get(template__code=code, number=1)
