"""Publishing the satisfaction report to the website's document library
(one action, the coordinator's)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.documents import DocumentToPublish, publish_document
from motcua.org.constants import Role
from motcua.org.models import Unit
from motcua.surveys import reports
from motcua.surveys.constants import AuditEvent
from motcua.surveys.models import SurveyTemplate, units_in_scope


def publish_report(
    *, acting_user: Any, unit: Unit, start: date, end: date, template: SurveyTemplate
) -> str:
    """Render the satisfaction report of ``unit`` (and its subtree) for
    [start, end] as PDF and publish it; returns its public address. Only a
    coordinator whose scope covers ``unit`` may; the publication is audited
    (on the template, with the unit and period)."""
    if not units_in_scope(acting_user, roles=(Role.COORDINATOR,)).filter(pk=unit.pk).exists():
        raise PermissionDenied
    if end < start:
        raise ValidationError(_("The end date must not be before the start date."))
    report = reports.build_report(template=template, unit=unit, start=start, end=end)
    if not report.summary.responses:
        raise ValidationError(_("There are no responses in this period to report on."))
    doc = reports.report_document(report)
    # Rendering and the library's own writes happen before our audit entry:
    # the file is the side effect, the audit records that it happened.
    url = publish_document(
        DocumentToPublish(
            title=f"Báo cáo kết quả khảo sát sự hài lòng {report.period} — {unit.name}",
            filename=f"{report.filename_stem}.pdf",
            content=reports.report_pdf(report),
            description=doc.subject,
            issued_on=None,
        )
    )
    if not url:
        raise ValidationError(_("The website's document library is not available."))
    with transaction.atomic():
        record_audit(
            template,
            acting_user,
            AuditEvent.REPORT_PUBLISHED,
            new={
                "unit": unit.code,
                "start": start.isoformat(),
                "end": end.isoformat(),
                "url": url,
                "responses": report.summary.responses,
            },
        )
    return url
