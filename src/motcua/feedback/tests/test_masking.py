"""Personal data never appears on a public page unmasked."""

from __future__ import annotations

from motcua.feedback.masking import MASK, mask_personal_data


def test_it_masks_phone_numbers_in_every_usual_form():
    for phone in [
        "0905123456",
        "0905 123 456",
        "0905.123.456",
        "+84 905 123 456",
        "84905123456",
        "0258 3822 957",
    ]:
        masked = mask_personal_data(f"Gọi cho tôi số {phone} nhé")
        assert phone not in masked and MASK in masked, phone


def test_it_masks_emails_and_id_numbers():
    text = "Email an.nguyen@gmail.com, CCCD 056090001234, CMND 225 123 456."
    masked = mask_personal_data(text)
    assert "an.nguyen@gmail.com" not in masked
    assert "056090001234" not in masked and "225 123 456" not in masked
    assert masked.count(MASK) == 3


def test_it_masks_the_senders_name_with_and_without_accents():
    text = "Tôi, Nguyễn Văn An, và anh trai (Nguyen Van An là tên không dấu) cùng hỏi."
    masked = mask_personal_data(text, names=["Nguyễn Văn An"])
    assert "Nguyễn Văn An" not in masked and "Nguyen Van An" not in masked


def test_it_masks_names_introduced_by_an_honorific_but_keeps_the_sentence():
    masked = mask_personal_data(
        "Chào ông Trần Văn Bình, hồ sơ của ông đã xong. Bác sĩ Lê Thị Hoa trực."
    )
    assert "Trần Văn Bình" not in masked and "Lê Thị Hoa" not in masked
    assert masked.startswith("Chào ông ***, hồ sơ của ông đã xong.")


def test_it_leaves_ordinary_text_alone():
    text = "Thủ tục cấp chứng chỉ hành nghề dược mất 10 ngày làm việc theo Nghị định 163/2025."
    assert mask_personal_data(text) == text
