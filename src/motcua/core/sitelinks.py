"""Links to this site's own pages and documents, checked.

Reports cite evidence on the Department's website ("đăng tải trên Trang
thông tin điện tử của Sở"). A link is accepted only if it points to this
site (``SITE_URL``, or a path) and not to the staff area; whether the page
or document exists is asked of the resolvers that apps register. The
website app registers one for its stable addresses (``/trang/<id>/``,
``/tai-lieu/<id>/``) and its page tree, in ``AppConfig.ready()``::

    from motcua.core.sitelinks import register_link_resolver
    register_link_resolver(resolve_cms_link)

A resolver takes the path (``"/trang/12/"``, query string kept) and answers
``SiteLink`` (it exists), ``MISSING`` (it is one of mine and does not
exist, or is not published) or ``None`` (not mine). With no resolver
claiming a path the link is kept as given, marked unverified.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MISSING: Final = False

# Paths that are never public evidence.
PRIVATE_PREFIXES = ("/can-bo/", "/admin/", "/django-admin/", "/tai-khoan/", "/api/", "/dev/")
MAX_URL_LENGTH = 500


@dataclass(frozen=True)
class SiteLink:
    """A checked link: the path on this site, what it is (``"page"``,
    ``"document"``…, empty if unknown), its stable id and title, and
    whether a resolver confirmed it exists."""

    path: str
    kind: str = ""
    object_id: str = ""
    title: str = ""
    verified: bool = False

    @property
    def url(self) -> str:
        return f"{settings.SITE_URL}{self.path}"


Resolver = Callable[[str], "SiteLink | bool | None"]
_RESOLVERS: list[Resolver] = []


def register_link_resolver(resolver: Resolver) -> None:
    """Add a resolver (once; registering it again changes nothing)."""
    if resolver not in _RESOLVERS:
        _RESOLVERS.append(resolver)


def unregister_link_resolver(resolver: Resolver) -> None:
    if resolver in _RESOLVERS:
        _RESOLVERS.remove(resolver)


def _site_hosts() -> set[str]:
    hosts = {urlsplit(settings.SITE_URL).netloc.lower()}
    return {h for h in hosts if h}


def site_path(url: str) -> str:
    """The path (with query) of ``url`` if it points to this site; raises
    ``ValidationError`` with a Vietnamese message otherwise."""
    url = (url or "").strip()
    if not url:
        raise ValidationError(_("Enter the address of a page on the Department's website."))
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(_("The address is too long."))
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https") or parts.netloc.lower() not in _site_hosts():
            raise ValidationError(
                _("The link must point to a page or document on this website (%(site)s).")
                % {"site": settings.SITE_URL}
            )
    elif not url.startswith("/") or url.startswith("//"):
        raise ValidationError(
            _("The link must point to a page or document on this website (%(site)s).")
            % {"site": settings.SITE_URL}
        )
    path = parts.path or "/"
    if any(path.startswith(prefix) for prefix in PRIVATE_PREFIXES):
        raise ValidationError(_("The link must point to a public page, not to the staff area."))
    return f"{path}?{parts.query}" if parts.query else path


def resolve_site_link(url: str) -> SiteLink:
    """Check ``url`` and find what it points to. Raises ``ValidationError``
    (Vietnamese message) for another site, the staff area, or a page or
    document a resolver says does not exist."""
    path = site_path(url)
    for resolver in _RESOLVERS:
        answer = resolver(path)
        if answer is None:
            continue
        if answer is True:
            return SiteLink(path=path, verified=True)
        if answer is MISSING or not isinstance(answer, SiteLink):
            raise ValidationError(
                _("No published page or document on the website has this address: %(path)s")
                % {"path": path}
            )
        return answer
    return SiteLink(path=path, verified=False)
