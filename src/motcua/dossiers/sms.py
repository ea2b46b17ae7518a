"""The ``TRACUU`` (alias ``TC``) SMS command: "TRACUU <mã hồ sơ> <mã tra
cứu>" or "TRACUU <mã hồ sơ> <số CCCD / mã số thuế>" to the short code.

It answers from ``selectors.lookup_dossier``, the selector behind the
portal page and the API, so all channels say the same thing. Replies
follow the notifications conventions: Vietnamese with diacritics (UCS-2),
kept to about two segments; the sender is rate-limited by
``notifications.actions.handle_inbound_sms``. Registered in
``DossiersConfig.ready()`` in place of the notifications placeholder."""

from __future__ import annotations

import re

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import selectors
from motcua.notifications.inbound import SmsCommand

# A second word of 9 or more digits (a dash allowed, as in branch tax codes)
# is an ID-document number or a tax code; anything else is a lookup key.
_ID_NUMBER = re.compile(r"^\d{9,13}(?:-\d{3})?$")


def usage() -> str:
    # Whole sentences, not pieces: word order differs between languages.
    if settings.SMS_SHORT_CODE:
        return _(
            "Text TRACUU <dossier code> <lookup key> to %(short_code)s to follow a dossier."
        ) % {"short_code": settings.SMS_SHORT_CODE}
    return _("Text TRACUU <dossier code> <lookup key> to follow a dossier.")


def reply_for(result: selectors.LookupResult) -> str:
    """The reply text for a found dossier: status, the date that matters and
    what to do next."""
    parts = [
        _("Dossier %(code)s: %(status)s.") % {"code": result.code, "status": result.status_label}
    ]
    if result.returned_at:
        parts.append(
            _("Returned %(date)s.") % {"date": f"{timezone.localtime(result.returned_at):%d/%m/%Y}"}
        )
    elif result.due_at:
        parts.append(
            _("Due %(date)s (%(timeliness)s).")
            % {
                "date": f"{timezone.localtime(result.due_at):%d/%m/%Y}",
                "timeliness": result.timeliness_label.lower(),
            }
        )
    if result.next_step_short:
        parts.append(result.next_step_short)
    return " ".join(parts)


def lookup_command(command: SmsCommand) -> str:
    """Answer "TRACUU <code> <key or ID number>"."""
    if len(command.args) < 2:
        return usage()
    code, second = command.args[0], command.args[1]
    if _ID_NUMBER.match(second):
        result = selectors.lookup_dossier(code, id_number=second)
    else:
        result = selectors.lookup_dossier(code, key=second)
    if result is None:
        # The same reply for an unknown code and a wrong key.
        return _(
            "No dossier %(code)s matches this lookup key. Check the code and the key on your "
            "acknowledgement, or look it up at %(url)s."
        ) % {"code": selectors.normalise_code(code)[:30], "url": f"{settings.SITE_URL}/tra-cuu/"}
    return reply_for(result)
