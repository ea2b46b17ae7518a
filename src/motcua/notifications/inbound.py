"""The registry of SMS commands citizens text to the short code.

A command is a keyword (``TRACUU``, with the alias ``TC``) and a handler
that gets an ``SmsCommand`` and returns the reply text. Other apps register
their own handlers; the dossiers app replaces the ``TRACUU`` placeholder
below with the real lookup::

    from motcua.notifications.inbound import register_sms_command

    @register_sms_command("TRACUU", "TC", replace=True)
    def lookup(command: SmsCommand) -> str:
        code, key = (command.args + ["", ""])[:2]
        ...

Keywords are matched without accents and case ("tra cứu", "Tra Cuu" and
"TRACUU" are the same command). Replies are content, written in Vietnamese.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings

from motcua.core.text import fold

logger = logging.getLogger(__name__)

OPT_OUT = "HUY"
HELP = "HELP"
LOOKUP = "TRACUU"


@dataclass
class SmsCommand:
    """What a handler gets: the sender (+84… when it is a Vietnamese
    number, else as received), the whole text, the keyword and the words
    after it (upper case, accents removed)."""

    sender: str
    text: str
    keyword: str
    args: list[str] = field(default_factory=list)

    @property
    def sender_is_phone(self) -> bool:
        return self.sender.startswith("+84")


Handler = Callable[[SmsCommand], str]

_HANDLERS: dict[str, Handler] = {}
_CANONICAL: dict[str, str] = {}  # alias -> keyword


def register_sms_command(
    keyword: str, *aliases: str, replace: bool = False
) -> Callable[[Handler], Handler]:
    """Register ``handler`` for ``keyword`` (and ``aliases``). Registering a
    keyword twice is an error unless ``replace=True``."""

    def decorator(handler: Handler) -> Handler:
        keys = {fold(word).upper().replace(" ", "") for word in (keyword, *aliases)}
        for key in keys:
            if key in _CANONICAL and not replace:
                raise ValueError(f"SMS command {key} is already registered")
        for key in keys:
            _CANONICAL[key] = keyword.upper()
        _HANDLERS[keyword.upper()] = handler
        return handler

    return decorator


def unregister_sms_command(keyword: str) -> None:
    """Remove a command and its aliases (tests)."""
    keyword = keyword.upper()
    _HANDLERS.pop(keyword, None)
    for alias in [a for a, k in _CANONICAL.items() if k == keyword]:
        del _CANONICAL[alias]


def registered_commands() -> dict[str, list[str]]:
    """Keyword → its aliases, for the documentation and the help reply."""
    out: dict[str, list[str]] = {k: [] for k in _HANDLERS}
    for alias, keyword in _CANONICAL.items():
        if alias != keyword and keyword in out:
            out[keyword].append(alias)
    return out


def parse(text: str) -> tuple[str, list[str]]:
    """(keyword, args) of a text. "Tra cuu SYT-1" is read as TRACUU: a
    two-word keyword typed with a space is joined when that is a command."""
    words = fold(text or "").upper().split()
    if not words:
        return "", []
    if len(words) > 1 and (words[0] + words[1]) in _CANONICAL:
        return _CANONICAL[words[0] + words[1]], words[2:]
    return _CANONICAL.get(words[0], words[0]), words[1:]


def dispatch(sender: str, text: str) -> tuple[str, str]:
    """(command, reply text). Unknown commands get the help text; a
    handler that fails gets a polite apology, never silence."""
    keyword, args = parse(text)
    handler = _HANDLERS.get(keyword)
    if handler is None:
        return HELP, help_text()
    try:
        return keyword, handler(SmsCommand(sender=sender, text=text, keyword=keyword, args=args))
    except Exception:
        logger.exception("SMS command %s failed", keyword)
        return keyword, (
            "Xin lỗi, hệ thống chưa xử lý được tin nhắn của Quý ông/bà. "
            f"Vui lòng thử lại sau hoặc gọi {settings.MOTCUA_SITE['hotline']}."
        )


def _to() -> str:
    return f" gửi {settings.SMS_SHORT_CODE}" if settings.SMS_SHORT_CODE else ""


def help_text() -> str:
    """The short help reply (one to two UCS-2 segments)."""
    return (
        f"Soạn TRACUU <mã hồ sơ> <mã tra cứu>{_to()} để tra cứu hồ sơ; "
        f"soạn HUY{_to()} để ngừng nhận tin tuyên truyền."
    )


@register_sms_command(LOOKUP, "TC")
def lookup_not_available(command: SmsCommand) -> str:
    """Placeholder until the dossiers app registers the real lookup: it says
    plainly that lookup by SMS is not available yet. No data is invented."""
    if not command.args:
        return f"Soạn TRACUU <mã hồ sơ> <mã tra cứu>{_to()} để tra cứu hồ sơ."
    code = command.args[0][:30]
    return (
        f"Chưa tra cứu được hồ sơ {code}: tra cứu qua SMS chưa được cung cấp. "
        f"Tra cứu tại {settings.SITE_URL}/tra-cuu/ hoặc gọi {settings.MOTCUA_SITE['hotline']}."
    )


@register_sms_command(OPT_OUT, "HUY DK", "TU CHOI")
def opt_out(command: SmsCommand) -> str:
    """``HUY``: the opt-out itself is done by ``actions.handle_inbound_sms``
    (a write, in the same transaction as the inbound record)."""
    return "Quý ông/bà đã ngừng nhận tin tuyên truyền của Sở Y tế. Tin về hồ sơ vẫn được gửi."
