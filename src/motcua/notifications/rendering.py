"""Rendering message templates: the administrator's copy when there is
one, else the default in code; e-mail as subject, text and HTML; SMS as
final text with its segment count.

Templates are Django templates compiled by a separate engine that loads no
files and no tag libraries beyond the built-ins, so an edited template can
use ``{{ variables }}``, ``{% if %}`` and filters but cannot include files.
A template that fails at render time falls back to the default: a broken
edit must never stop the action that queues the message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.html import escape, linebreaks, urlize

from motcua.notifications import sms as smstext
from motcua.notifications.constants import Channel, event_spec
from motcua.notifications.defaults import default_for

logger = logging.getLogger(__name__)

_ENGINES: dict[bool, Engine] = {}


def _engine(autoescape: bool) -> Engine:
    if autoescape not in _ENGINES:
        _ENGINES[autoescape] = Engine(
            dirs=[], app_dirs=False, libraries={}, autoescape=autoescape, debug=False
        )
    return _ENGINES[autoescape]


@dataclass(frozen=True)
class TemplateSource:
    """The texts a message is made from, and whether they are the
    administrator's copy (``custom``) or the default."""

    subject: str
    text: str
    html: str
    strip_accents: bool
    custom: bool = False


@dataclass(frozen=True)
class Rendered:
    subject: str = ""
    text: str = ""
    html: str = ""
    segments: int = 0
    encoding: str = ""


def site_context() -> dict[str, Any]:
    site = settings.MOTCUA_SITE
    return {
        "department": site["department"],
        "hotline": site["hotline"],
        "address": site["address"],
        "email": site["email"],
        "url": settings.SITE_URL,
    }


def default_source(event: str, channel: str) -> TemplateSource:
    default = default_for(event, channel)
    if default is None:
        raise KeyError(f"no template for {event}/{channel}")
    return TemplateSource(default.subject, default.text, default.html, default.strip_accents)


def resolve(event: str, channel: str) -> TemplateSource:
    """The administrator's copy of the template, or the default."""
    from motcua.notifications.models import MessageTemplate

    row = MessageTemplate.objects.filter(event=event, channel=channel).first()
    if row is None:
        return default_source(event, channel)
    return TemplateSource(row.subject, row.body_text, row.body_html, row.strip_accents, True)


def check_syntax(source: str) -> None:
    """Raise ``TemplateSyntaxError`` if ``source`` does not compile."""
    _engine(False).from_string(source)


def _render_string(source: str, context: dict[str, Any], *, autoescape: bool) -> str:
    if not source:
        return ""
    return _engine(autoescape).from_string(source).render(Context(context, autoescape=autoescape))


def render_source(
    source: TemplateSource,
    channel: str,
    context: dict[str, Any],
    *,
    strip_accents: bool | None = None,
    sms_prefix: str = "",
) -> Rendered:
    """Render ``source`` for ``channel`` with ``context`` (plus ``site``)."""
    ctx = {"site": site_context(), **context}
    if channel == Channel.SMS:
        text = _render_string(source.text, ctx, autoescape=False)
        strip = source.strip_accents if strip_accents is None else strip_accents
        text = smstext.to_sms_text(f"{sms_prefix} {text}" if sms_prefix else text, strip=strip)
        info = smstext.analyse(text)
        return Rendered(text=text, segments=info.segments, encoding=info.encoding)
    subject = " ".join(_render_string(source.subject, ctx, autoescape=False).split())
    text = _render_string(source.text, ctx, autoescape=False).strip()
    if source.html:
        body = _render_string(source.html, ctx, autoescape=True)
    else:
        body = linebreaks(urlize(escape(text), autoescape=False))
    html = render_to_string(
        "notifications/email/base.html", {"subject": subject, "body": body, "site": ctx["site"]}
    )
    return Rendered(subject=subject, text=text, html=html)


def render(
    event: str,
    channel: str,
    context: dict[str, Any],
    *,
    strip_accents: bool | None = None,
    sms_prefix: str = "",
) -> Rendered:
    """Render the current template of ``event`` on ``channel``. Falls back
    to the default when the administrator's copy fails."""
    event_spec(event)  # unknown events fail loudly, in development
    source = resolve(event, channel)
    try:
        return render_source(
            source, channel, context, strip_accents=strip_accents, sms_prefix=sms_prefix
        )
    except (TemplateSyntaxError, Exception):
        if not source.custom:
            raise
        logger.exception("template %s/%s failed; using the default", event, channel)
        return render_source(
            default_source(event, channel),
            channel,
            context,
            strip_accents=strip_accents,
            sms_prefix=sms_prefix,
        )
