"""Helpers of the feedback tests: a real PNG and PDF, and items created
through the actions in a chosen state."""

from __future__ import annotations

import struct
import zlib
from datetime import datetime
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.feedback import actions
from motcua.feedback.constants import FeedbackKind, IntakeChannel, Topic


def png_bytes() -> bytes:
    width, height = 4, 4
    raw = b"".join(b"\x00" + b"\xc8\x20\x20" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def png_upload(name: str = "anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "thu.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def make_item(org: Any, personas: Any):
    """``make_item(state="answered", **fields)``: an item of the pharmacy
    room moved through the real actions to ``state``."""

    def make(
        state: str = "received",
        *,
        received_at: datetime | None = None,
        answer: str = "Trả lời mẫu.",
        publish: bool = True,
        **fields: Any,
    ):
        data: dict[str, Any] = {
            "channel": IntakeChannel.WEB,
            "kind": FeedbackKind.QUESTION,
            "topic": Topic.PHARMACY,
            "unit": org.pharmacy,
            "title": "Hỏi về chứng chỉ hành nghề dược",
            "content": "Xin hỏi thủ tục cấp chứng chỉ hành nghề dược.",
            "contact_name": "Nguyễn Văn An",
            "contact_email": "congdan@motcua.test",
            "consent_publish": True,
            "received_at": received_at or timezone.now(),
        }
        data.update(fields)
        item = actions.do_receive_feedback(**data)
        order = ["received", "classified", "assigned", "drafted", "approved", "answered", "closed"]
        steps = order[: order.index(state) + 1]
        if "classified" in steps:
            item = actions.do_classify_feedback(
                item, acting_user=personas.approver, kind=item.kind, topic=item.topic
            )
        if "assigned" in steps:
            item = actions.do_assign_feedback(
                item, acting_user=personas.approver, handler=personas.handler
            )
        if "drafted" in steps:
            item = actions.do_draft_answer(item, acting_user=personas.handler, answer=answer)
        if "approved" in steps:
            item = actions.do_approve_answer(
                item, acting_user=personas.approver, publish=publish and item.consent_publish
            )
        if "answered" in steps:
            item = actions.do_send_answer(item, acting_user=personas.approver)
        if "closed" in steps:
            item = actions.do_close_feedback(item, acting_user=personas.approver)
        return item

    return make
