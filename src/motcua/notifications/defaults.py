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
}


def default_for(event: str, channel: str) -> DefaultTemplate | None:
    return DEFAULTS.get((event, channel))
