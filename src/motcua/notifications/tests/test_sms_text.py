"""SMS segment accounting (GSM-7 160/153, UCS-2 70/67), accent stripping,
and template rendering."""

from __future__ import annotations

import pytest

from motcua.notifications import rendering
from motcua.notifications import sms as smstext
from motcua.notifications.constants import EVENTS, Channel, Event
from motcua.notifications.defaults import DEFAULTS
from motcua.notifications.models import MessageTemplate


@pytest.mark.parametrize(
    ("text", "encoding", "segments"),
    [
        ("a" * 160, "gsm7", 1),
        ("a" * 161, "gsm7", 2),
        ("a" * 306, "gsm7", 2),
        ("a" * 307, "gsm7", 3),
        ("ạ" * 70, "ucs2", 1),
        ("ạ" * 71, "ucs2", 2),
        ("ạ" * 134, "ucs2", 2),
        ("ạ" * 135, "ucs2", 3),
        ("{" * 80, "gsm7", 1),  # extension characters count twice
        ("{" * 81, "gsm7", 2),
        ("Hồ sơ", "ucs2", 1),
        ("Ho so", "gsm7", 1),
        ("", "gsm7", 0),
    ],
)
def test_segments(text, encoding, segments):
    info = smstext.analyse(text)
    assert (info.encoding, info.segments) == (encoding, segments)
    assert len(smstext.split(text)) == segments


def test_parts_never_split_an_escape_pair_or_a_surrogate():
    text = "a" * 152 + "€" + "b" * 10
    parts = smstext.split(text)
    assert parts[0] == "a" * 152 and parts[1].startswith("€")
    emoji = "ạ" * 66 + "😀" + "ạ" * 10
    parts = smstext.split(emoji)
    assert parts[0] == "ạ" * 66 and parts[1].startswith("😀")
    assert "".join(parts) == emoji


def test_stripping_accents_turns_vietnamese_into_gsm7():
    text = smstext.to_sms_text("Hồ sơ “SYT-1” đã có kết quả — mời nhận…", strip=True)
    assert text == 'Ho so "SYT-1" da co ket qua - moi nhan...'
    assert smstext.is_gsm7(text)


@pytest.mark.django_db
def test_every_default_template_renders_with_its_sample():
    for (event, channel), _default in DEFAULTS.items():
        rendered = rendering.render(event, channel, EVENTS[event].sample)
        if channel == Channel.SMS:
            assert rendered.text and rendered.segments >= 1
        else:
            assert rendered.subject and "Sở Y tế" in rendered.html
    for key, spec in EVENTS.items():
        for channel in spec.channels:
            assert (key, channel) in DEFAULTS


@pytest.mark.django_db
def test_code_sms_fit_one_segment():
    for event in (Event.PHONE_VERIFICATION, Event.PHONE_LOGIN):
        rendered = rendering.render(event, Channel.SMS, {"code": "123456", "minutes": 15})
        assert rendered.segments == 1, rendered.text


@pytest.mark.django_db
def test_html_is_escaped_and_a_broken_copy_falls_back_to_the_default():
    rendered = rendering.render(
        Event.DOSSIER_RECEIVED, Channel.EMAIL, {"full_name": "<script>x</script>", "code": "A"}
    )
    assert "<script>x" not in rendered.html and "&lt;script&gt;" in rendered.html
    # Saved through the form a copy cannot be broken; written directly, it still must not
    # stop the action that queues the message.
    MessageTemplate.objects.create(
        event=Event.DOSSIER_RECEIVED, channel=Channel.SMS, body_text="{% include 'base.html' %}"
    )
    rendered = rendering.render(Event.DOSSIER_RECEIVED, Channel.SMS, {"code": "SYT-1"})
    assert "SYT-1" in rendered.text
