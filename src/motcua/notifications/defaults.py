"""Default message templates, in Vietnamese (content, not interface text).

One entry per (event, channel). E-mail: subject and text, and optionally an
HTML body (without it the HTML part is made from the text inside the
standard layout). SMS: plain text. Templates use the Django template
language with the variables listed in ``constants.EVENTS[...].sample``.
A system administrator may replace any of these with an edited copy
(``MessageTemplate``) at /can-bo/thong-bao/mau/.
"""

from __future__ import annotations

from dataclasses import dataclass

from motcua.notifications.constants import Channel, Event


@dataclass(frozen=True)
class DefaultTemplate:
    subject: str = ""
    text: str = ""
    html: str = ""
    strip_accents: bool = False


_SIGNATURE = "\n\n{{ site.department }}\nĐường dây nóng: {{ site.hotline }}"

DEFAULTS: dict[tuple[str, str], DefaultTemplate] = {
    (Event.PHONE_VERIFICATION, Channel.SMS): DefaultTemplate(
        # One UCS-2 segment (70 characters): the brandname says who sends it.
        text="Mã xác thực: {{ code }}, hiệu lực {{ minutes }} phút. Không đưa mã này cho ai."
    ),
    (Event.PHONE_LOGIN, Channel.SMS): DefaultTemplate(
        text="Mã đăng nhập: {{ code }}, hiệu lực {{ minutes }} phút. Không đưa mã này cho ai."
    ),
    (Event.DOSSIER_RECEIVED, Channel.EMAIL): DefaultTemplate(
        subject="Hồ sơ {{ code }} đã được tiếp nhận",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) đã được {{ unit }} tiếp nhận.\n"
            "Ngày hẹn trả kết quả: {{ due_date }}.\n\n"
            "Tra cứu tình trạng hồ sơ: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_RECEIVED, Channel.SMS): DefaultTemplate(
        text="Ho so {{ code }} da duoc tiep nhan, hen tra ket qua ngay {{ due_date }}. Tra cuu: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_SUPPLEMENT_REQUESTED, Channel.EMAIL): DefaultTemplate(
        subject="Đề nghị bổ sung hồ sơ {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) cần được bổ sung, hoàn thiện.\n"
            "Nội dung cần bổ sung: {{ reason }}\n\n"
            "Thời gian giải quyết tạm dừng cho đến khi nhận đủ hồ sơ bổ sung.\n"
            "Xem chi tiết: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_SUPPLEMENT_REQUESTED, Channel.SMS): DefaultTemplate(
        text="Hồ sơ {{ code }} cần bổ sung: {{ reason }} Chi tiết: {{ lookup_url }}",
    ),
    (Event.DOSSIER_PAYMENT_REQUESTED, Channel.EMAIL): DefaultTemplate(
        subject="Đề nghị nộp phí, lệ phí hồ sơ {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) cần nộp phí, lệ phí: {{ amount }}.\n"
            "Hồ sơ tiếp tục được giải quyết sau khi nhận được khoản nộp.\n\n"
            "Thanh toán và tra cứu: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_PAYMENT_REQUESTED, Channel.SMS): DefaultTemplate(
        text="Ho so {{ code }} can nop phi, le phi {{ amount }}. Thanh toan: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_RESULT_READY, Channel.EMAIL): DefaultTemplate(
        subject="Hồ sơ {{ code }} đã có kết quả",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) đã có kết quả.\n"
            "Quý ông/bà vui lòng nhận kết quả tại Bộ phận Một cửa {{ unit }} "
            "hoặc theo hình thức đã đăng ký (bưu chính, trực tuyến).\n\n"
            "Tra cứu: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_RESULT_READY, Channel.SMS): DefaultTemplate(
        text="Hồ sơ {{ code }} đã có kết quả. Tra cứu: {{ lookup_url }}",
    ),
    (Event.DOSSIER_SUBMITTED, Channel.EMAIL): DefaultTemplate(
        subject="Đã nhận hồ sơ trực tuyến {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ trực tuyến của Quý ông/bà đã được gửi đến {{ unit }} lúc {{ submitted_at }}.\n"
            "Thủ tục: {{ procedure }}\n"
            "Mã hồ sơ: {{ code }}\n"
            "Mã tra cứu: {{ key }}\n\n"
            "Bộ phận Một cửa sẽ kiểm tra và tiếp nhận hồ sơ; ngày hẹn trả kết quả được tính "
            "từ khi hồ sơ được tiếp nhận. Vui lòng giữ mã hồ sơ và mã tra cứu để theo dõi.\n\n"
            "Tra cứu tình trạng hồ sơ: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_SUBMITTED, Channel.SMS): DefaultTemplate(
        text="Da nhan ho so {{ code }}, ma tra cuu {{ key }}. Tra cuu: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_SUPPLEMENT_SUPPLIED, Channel.EMAIL): DefaultTemplate(
        subject="Đã nhận hồ sơ bổ sung {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "{{ unit }} đã nhận nội dung bổ sung cho hồ sơ {{ code }} ({{ procedure }}). "
            "Hồ sơ tiếp tục được giải quyết.\n\n"
            "Tra cứu: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_SUPPLEMENT_SUPPLIED, Channel.SMS): DefaultTemplate(
        text="Da nhan ho so bo sung {{ code }}. Tra cuu: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_WITHDRAWAL_REQUESTED, Channel.EMAIL): DefaultTemplate(
        subject="Đã nhận yêu cầu rút hồ sơ {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "{{ unit }} đã nhận yêu cầu rút hồ sơ {{ code }} ({{ procedure }}) của Quý ông/bà.\n"
            "Lý do: {{ reason }}\n"
            "Bộ phận Một cửa sẽ xem xét và thông báo kết quả.\n\n"
            "Tra cứu: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_WITHDRAWAL_REQUESTED, Channel.SMS): DefaultTemplate(
        text="Da nhan yeu cau rut ho so {{ code }}. Tra cuu: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_WITHDRAWN, Channel.EMAIL): DefaultTemplate(
        subject="Hồ sơ {{ code }} đã được rút",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) đã được rút theo yêu cầu của Quý ông/bà.\n"
            "Lý do: {{ reason }}\n\n"
            "Tra cứu: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_WITHDRAWN, Channel.SMS): DefaultTemplate(
        text="Ho so {{ code }} da duoc rut theo yeu cau. Tra cuu: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_REFUSED, Channel.EMAIL): DefaultTemplate(
        subject="Hồ sơ {{ code }} không được tiếp nhận",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) không được {{ unit }} tiếp nhận.\n"
            "Lý do: {{ reason }}\n\n"
            "Xem chi tiết: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_REFUSED, Channel.SMS): DefaultTemplate(
        text="Ho so {{ code }} khong duoc tiep nhan: {{ reason }} Chi tiet: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_STOPPED, Channel.EMAIL): DefaultTemplate(
        subject="Dừng giải quyết hồ sơ {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "{{ unit }} thông báo dừng giải quyết hồ sơ {{ code }} ({{ procedure }}).\n"
            "Lý do: {{ reason }}\n\n"
            "Xem chi tiết: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_STOPPED, Channel.SMS): DefaultTemplate(
        text="Ho so {{ code }} bi dung giai quyet: {{ reason }} Chi tiet: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_APOLOGY, Channel.EMAIL): DefaultTemplate(
        subject="Xin lỗi về việc chậm trả kết quả hồ sơ {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "{{ unit }} thành thật xin lỗi Quý ông/bà vì hồ sơ {{ code }} ({{ procedure }}) "
            "chưa được giải quyết đúng hạn ({{ due_date }}).\n"
            "Lý do: {{ reason }}\n"
            "Thời gian hẹn trả kết quả mới: ngày {{ new_due_date }}.\n\n"
            "Văn bản xin lỗi và hẹn lại ngày trả kết quả có trong mục “Hồ sơ của tôi”.\n"
            "Theo dõi hồ sơ: {{ lookup_url }}" + _SIGNATURE
        ),
    ),
    (Event.DOSSIER_APOLOGY, Channel.SMS): DefaultTemplate(
        text="Xin loi: ho so {{ code }} cham tra ket qua. Hen tra moi: {{ new_due_date }}. Chi tiet: {{ lookup_url }}",
        strip_accents=True,
    ),
    (Event.DOSSIER_STAFF_DEADLINE, Channel.EMAIL): DefaultTemplate(
        subject="[{{ situation }}] Hồ sơ {{ code }}, hạn {{ due_date }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Hồ sơ {{ code }} ({{ procedure }}) của {{ unit }} {{ situation }}.\n"
            "Hạn giải quyết: {{ due_date }}.\n"
            "Người được giao xử lý: {{ handler }}.\n\n"
            "Xử lý tại: {{ staff_url }}" + _SIGNATURE
        ),
    ),
    (Event.FEEDBACK_ANSWERED, Channel.EMAIL): DefaultTemplate(
        subject="Phản ánh, kiến nghị {{ code }} đã được trả lời",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Phản ánh, kiến nghị {{ code }} của Quý ông/bà đã được trả lời.\n"
            "Xem nội dung trả lời: {{ answer_url }}" + _SIGNATURE
        ),
    ),
    (Event.FEEDBACK_ANSWERED, Channel.SMS): DefaultTemplate(
        text="Phan anh {{ code }} da duoc tra loi. Xem: {{ answer_url }}",
        strip_accents=True,
    ),
    (Event.FEEDBACK_RECEIVED, Channel.EMAIL): DefaultTemplate(
        subject="Đã tiếp nhận phản ánh, kiến nghị {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "{{ unit }} đã tiếp nhận phản ánh, kiến nghị của Quý ông/bà.\n"
            "Mã số: {{ code }}\nMã tra cứu: {{ key }}\n"
            "Hạn trả lời: {{ due_date }}.\n\n"
            "Theo dõi tình trạng xử lý: {{ tracking_url }}" + _SIGNATURE
        ),
    ),
    (Event.FEEDBACK_RECEIVED, Channel.SMS): DefaultTemplate(
        text="Da tiep nhan phan anh {{ code }}, ma tra cuu {{ key }}, han tra loi {{ due_date }}. Theo doi: {{ tracking_url }}",
        strip_accents=True,
    ),
    (Event.FEEDBACK_TRANSFERRED, Channel.EMAIL): DefaultTemplate(
        subject="Phản ánh, kiến nghị {{ code }} đã được chuyển xử lý",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Phản ánh, kiến nghị {{ code }} của Quý ông/bà đã được chuyển đến {{ unit }} "
            "để xem xét, trả lời theo thẩm quyền.\n\n"
            "Theo dõi tình trạng xử lý: {{ tracking_url }}" + _SIGNATURE
        ),
    ),
    (Event.FEEDBACK_TRANSFERRED, Channel.SMS): DefaultTemplate(
        text="Phan anh {{ code }} da duoc chuyen den {{ unit }} xu ly. Theo doi: {{ tracking_url }}",
        strip_accents=True,
    ),
    (Event.FEEDBACK_OUTSIDE_COMPETENCE, Channel.EMAIL): DefaultTemplate(
        subject="Phản ánh, kiến nghị {{ code }} không thuộc thẩm quyền giải quyết",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Nội dung phản ánh, kiến nghị {{ code }} của Quý ông/bà không thuộc thẩm quyền "
            "giải quyết của {{ site.department }}.\n"
            "Đề nghị Quý ông/bà liên hệ: {{ referral }}\n\n"
            "Xem chi tiết: {{ tracking_url }}" + _SIGNATURE
        ),
    ),
    (Event.FEEDBACK_OUTSIDE_COMPETENCE, Channel.SMS): DefaultTemplate(
        text="Phan anh {{ code }} khong thuoc tham quyen. De nghi lien he: {{ referral }}",
        strip_accents=True,
    ),
    (Event.FEEDBACK_STAFF_REMINDER, Channel.EMAIL): DefaultTemplate(
        subject="[{{ situation }}] Phản ánh, kiến nghị {{ code }}, hạn {{ due_date }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "Phản ánh, kiến nghị {{ code }} ({{ title }}) của {{ unit }} {{ situation }}.\n"
            "Hạn trả lời: {{ due_date }}.\n"
            "Người được giao xử lý: {{ assignee }}.\n\n"
            "Xử lý tại: {{ staff_url }}" + _SIGNATURE
        ),
    ),
    (Event.SMS_REPLY, Channel.SMS): DefaultTemplate(text="{{ text }}"),
    (Event.CAMPAIGN, Channel.EMAIL): DefaultTemplate(
        subject="{{ title }}",
        text=(
            "Kính gửi {{ full_name }},\n\n{{ text }}\n\n"
            "—\nQuý ông/bà nhận thư này vì đã đồng ý nhận thông tin tuyên truyền của {{ site.department }}.\n"
            "Ngừng nhận: {{ unsubscribe_url }}"
        ),
    ),
    (Event.CAMPAIGN, Channel.SMS): DefaultTemplate(text="{{ text }} {{ unsubscribe_sms }}"),
    (Event.PAYMENT_PAID, Channel.EMAIL): DefaultTemplate(
        subject="Đã nhận khoản nộp phí, lệ phí hồ sơ {{ code }}",
        text=(
            "Kính gửi {{ full_name }},\n\n"
            "{{ unit }} đã nhận khoản nộp {{ amount }} cho hồ sơ {{ code }} ({{ procedure }}).\n"
            "Biên lai điện tử số {{ receipt_number }}.\n\n"
            "Tải biên lai và tra cứu hồ sơ: {{ receipt_url }}" + _SIGNATURE
        ),
    ),
    (Event.PAYMENT_PAID, Channel.SMS): DefaultTemplate(
        text="Da nhan {{ amount }} phi, le phi ho so {{ code }}. Bien lai: {{ receipt_url }}",
        strip_accents=True,
    ),
}


# Surveys (issue 9): invitations to answer a survey and to rate a dossier.
DEFAULTS.update(
    {
        (Event.SURVEY_INVITATION, Channel.EMAIL): DefaultTemplate(
            subject="Mời tham gia khảo sát: {{ survey }}",
            text=(
                "Kính gửi Quý ông/bà,\n\n"
                "{{ unit }} trân trọng mời Quý ông/bà dành vài phút trả lời phiếu khảo sát "
                "“{{ survey }}”. Phiếu không ghi tên; ý kiến của Quý ông/bà giúp chúng tôi "
                "phục vụ tốt hơn.\n\n"
                "Trả lời tại: {{ survey_url }}\n"
                "(Đường dẫn dùng cho một lần trả lời, hạn đến {{ ends_on }}.)" + _SIGNATURE
            ),
        ),
        (Event.SURVEY_RATING_INVITATION, Channel.EMAIL): DefaultTemplate(
            subject="Mời đánh giá sự hài lòng với hồ sơ {{ code }}",
            text=(
                "Kính gửi {{ full_name }},\n\n"
                "Hồ sơ {{ code }} ({{ procedure }}) đã được trả kết quả. "
                "Mời Quý ông/bà đánh giá mức độ hài lòng với việc tiếp nhận và giải quyết "
                "hồ sơ của {{ unit }}. Mỗi hồ sơ được đánh giá một lần.\n\n"
                "Đánh giá tại: {{ survey_url }}" + _SIGNATURE
            ),
        ),
        (Event.SURVEY_RATING_INVITATION, Channel.SMS): DefaultTemplate(
            text="Moi danh gia muc do hai long voi ho so {{ code }}: {{ survey_url }}",
            strip_accents=True,
        ),
    }
)


def default_for(event: str, channel: str) -> DefaultTemplate | None:
    return DEFAULTS.get((event, channel))
