"""The Department's consolidated report, and the lists of topics and forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import changed_fields, record_audit
from motcua.core.documents import DocumentToPublish, publish_document
from motcua.core.indicators import take_snapshots
from motcua.core.text import clean_text
from motcua.org.constants import Role
from motcua.plans import selectors
from motcua.plans.actions.common import (
    _emails,
    _ensure,
    _ensure_coordinator,
    _move,
    _multiline,
    _staff_url,
    _text,
    mail_on_commit,
)
from motcua.plans.constants import CONSOLIDATED_TRANSITIONS, AuditEvent, ConsolidatedStatus
from motcua.plans.models import (
    CommunicationForm,
    ConsolidatedReport,
    Plan,
    ReportingPeriod,
    Topic,
    access_for,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User


# ==================================================== consolidated report
def _lock_consolidated(report: ConsolidatedReport) -> ConsolidatedReport:
    return (
        ConsolidatedReport.objects.select_for_update()
        .select_related("period__plan__department")
        .get(pk=report.pk)
    )


def _ensure_approver(user: User | None, plan: Plan) -> None:
    """The Department's leaders, or its Office on their behalf, approve."""
    if user is None:
        return
    access = access_for(user)
    _ensure(access.coordinates(plan.department) or access.heads(plan.department))


def _draft_texts(period: ReportingPeriod) -> dict[str, str]:
    """Narrative sections drafted from the unit reports and the figures;
    the Office edits them before submitting."""
    plan = period.plan
    rows = selectors.completeness(period)
    summary = selectors.summarise(rows)
    done = set(selectors.submitted_results(period).values_list("activity_id", flat=True))
    pending = [a.title for a in plan.activities.order_by("order", "code") if a.pk not in done]
    situation = (
        f"Ngay sau khi Kế hoạch được ban hành, {plan.issuer_name} đã triển khai đến các phòng, "
        "cơ quan, đơn vị thuộc và trực thuộc; Văn phòng Sở theo dõi, đôn đốc việc thực hiện và "
        "tổng hợp báo cáo của các đơn vị."
    )
    strengths = (
        "- Ưu điểm: Các cơ quan, đơn vị bám sát nội dung Kế hoạch, triển khai tuyên truyền bằng "
        "nhiều hình thức phù hợp với từng nhóm đối tượng."
    )
    weaknesses = []
    if summary.late or summary.missing:
        weaknesses.append("một số đơn vị gửi báo cáo chưa đúng thời hạn")
    if any(not p.measurement.has_data for p in selectors.target_progress(plan, end=period.ends_on)):
        weaknesses.append("chưa có số liệu đo lường đối với một số chỉ tiêu của Kế hoạch")
    assessment = strengths
    if weaknesses:
        assessment += "\n- Tồn tại, hạn chế: " + "; ".join(weaknesses) + "."
    next_steps = "Tiếp tục triển khai các hoạt động tuyên truyền theo Kế hoạch, trong đó tập trung:"
    for title in pending[:6] or [a.title for a in plan.activities.order_by("order")[:3]]:
        next_steps += f"\n- {title};"
    next_steps = next_steps.rstrip(";") + "." if pending or plan.activities.exists() else next_steps
    return {
        "situation": situation,
        "assessment": assessment,
        "next_steps": next_steps,
        "proposals": "",
    }


@transaction.atomic
def do_draft_consolidated(
    period: ReportingPeriod, *, acting_user: User | None
) -> ConsolidatedReport:
    """The Department's report for ``period``: the current one, or a new
    draft with its narrative sections drafted from the unit reports."""
    plan = period.plan
    _ensure_coordinator(acting_user, plan)
    existing = ConsolidatedReport.objects.current().filter(period=period).first()
    if existing is not None:
        return existing
    report = ConsolidatedReport.objects.create(
        period=period,
        subject=f"Kết quả thông tin, tuyên truyền cải cách hành chính {period.doc_name}",
        recipients=plan.report_to
        or (plan.department.parent.name if plan.department.parent else ""),
        copies_to="\n".join(
            [
                "Như trên;",
                "Lãnh đạo Sở (VBĐT);",
                "Các phòng, đơn vị thuộc Sở (VBĐT);",
                "Lưu: VT, VP.",
            ]
        ),
        signer_title="GIÁM ĐỐC",
        created_by=acting_user,
        **_draft_texts(period),
    )
    record_audit(
        report,
        acting_user,
        AuditEvent.CONSOLIDATED_CREATED,
        new={"period": period.pk, "version": 1},
    )
    return report


CONSOLIDATED_FIELDS = [
    "subject",
    "number",
    "issued_on",
    "recipients",
    "copies_to",
    "signer_authority",
    "signer_title",
    "signer_name",
    "situation",
    "assessment",
    "next_steps",
    "proposals",
]


@transaction.atomic
def do_update_consolidated(
    report: ConsolidatedReport, *, acting_user: User | None, **fields: Any
) -> ConsolidatedReport:
    """Edit the header and narrative sections of a draft."""
    locked = _lock_consolidated(report)
    _ensure_coordinator(acting_user, locked.period.plan)
    if not locked.is_editable:
        raise ValidationError(
            _("The report is “%(status)s”: it can no longer be changed; make a new version.")
            % {"status": locked.get_status_display()}
        )
    fields = {k: v for k, v in fields.items() if k in CONSOLIDATED_FIELDS}
    single = {"subject", "number", "signer_authority", "signer_title", "signer_name"}
    fields = {
        k: (clean_text(v) if k in single else _multiline(v) if isinstance(v, str) else v)
        for k, v in fields.items()
    }
    before = {k: getattr(locked, k) for k in fields}
    for key, value in fields.items():
        setattr(locked, key, value)
    old, new = changed_fields(locked, before, list(fields))
    if new:
        locked.save(update_fields=[*new, "updated_at"])
        record_audit(locked, acting_user, AuditEvent.CONSOLIDATED_CHANGED, old=old, new=new)
    return locked


@transaction.atomic
def do_submit_consolidated(
    report: ConsolidatedReport, *, acting_user: User | None
) -> ConsolidatedReport:
    """Submit the draft for approval: every figure is frozen now (in
    ``figures`` and as ``IndicatorSnapshot`` rows); later changes to the
    data do not alter this version."""
    locked = _lock_consolidated(report)
    _ensure_coordinator(acting_user, locked.period.plan)
    if not locked.is_current:
        raise ValidationError(_("A newer version of this report exists."))
    _move(locked.status, ConsolidatedStatus.SUBMITTED, CONSOLIDATED_TRANSITIONS, ConsolidatedStatus)
    if not locked.recipients.strip():
        raise ValidationError(_("Say to whom the report is sent (Kính gửi)."))
    figures = selectors.consolidated_figures(locked.period)
    from motcua.core.indicators import Measurement, to_decimal

    measurements = [
        Measurement(
            key=m["key"],
            name=m["name"],
            unit=m["unit"],
            direction=m["direction"],
            value=to_decimal(Decimal(m["value"])) if m["value"] is not None else None,
            start=date.fromisoformat(m["start"]),
            end=date.fromisoformat(m["end"]),
            scope_unit_id=m["scope_unit_id"],
            scope_label=m["scope_label"],
            registered=m["registered"],
        )
        for m in figures.pop("_measurements")
    ]
    take_snapshots(measurements, owner=locked)
    old = locked.status
    locked.figures = figures
    locked.status = ConsolidatedStatus.SUBMITTED
    locked.submitted_by = acting_user
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["figures", "status", "submitted_by", "submitted_at", "updated_at"])
    record_audit(
        locked,
        acting_user,
        AuditEvent.CONSOLIDATED_SUBMITTED,
        old={"status": old},
        new={"status": locked.status},
    )
    leaders = _emails(locked.period.plan.department, [Role.LEADER, Role.APPROVER])
    mail_on_commit(
        leaders,
        f"Trình duyệt báo cáo: {locked.subject}",
        f"Văn phòng Sở trình duyệt {locked.subject}.\n\n{_staff_url('plans:consolidated_detail', locked.pk)}",
    )
    return locked


@transaction.atomic
def do_approve_consolidated(
    report: ConsolidatedReport,
    *,
    acting_user: User | None,
    number: str = "",
    issued_on: date | None = None,
) -> ConsolidatedReport:
    """Approve the submitted version for issue (with the number the clerk
    gives it, if known); only the header can still be completed."""
    locked = _lock_consolidated(report)
    _ensure_approver(acting_user, locked.period.plan)
    _move(locked.status, ConsolidatedStatus.APPROVED, CONSOLIDATED_TRANSITIONS, ConsolidatedStatus)
    old = locked.status
    locked.status = ConsolidatedStatus.APPROVED
    locked.approved_by = acting_user
    locked.approved_at = timezone.now()
    locked.number = clean_text(number) or locked.number
    locked.issued_on = issued_on or locked.issued_on or timezone.localdate()
    locked.save(
        update_fields=["status", "approved_by", "approved_at", "number", "issued_on", "updated_at"]
    )
    record_audit(
        locked,
        acting_user,
        AuditEvent.CONSOLIDATED_APPROVED,
        old={"status": old},
        new={"status": locked.status, "number": locked.number, "issued_on": locked.issued_on},
    )
    return locked


@transaction.atomic
def do_revise_consolidated(
    report: ConsolidatedReport, *, acting_user: User | None, reason: str
) -> ConsolidatedReport:
    """Supersede a submitted or approved version by a new draft (texts
    copied, figures recomputed when it is submitted), with the reason."""
    locked = _lock_consolidated(report)
    _ensure_coordinator(acting_user, locked.period.plan)
    reason = _multiline(reason)
    if not reason:
        raise ValidationError(_("Give the reason for the new version."))
    if not locked.is_current:
        raise ValidationError(_("A newer version of this report exists."))
    _move(
        locked.status, ConsolidatedStatus.SUPERSEDED, CONSOLIDATED_TRANSITIONS, ConsolidatedStatus
    )
    old = locked.status
    locked.status = ConsolidatedStatus.SUPERSEDED
    locked.is_current = False
    locked.save(update_fields=["status", "is_current", "updated_at"])
    new = ConsolidatedReport.objects.create(
        period=locked.period,
        version=locked.version + 1,
        supersedes=locked,
        revision_reason=reason,
        created_by=acting_user,
        **{k: getattr(locked, k) for k in CONSOLIDATED_FIELDS if k not in ("number", "issued_on")},
    )
    record_audit(
        locked,
        acting_user,
        AuditEvent.CONSOLIDATED_REVISED,
        old={"status": old, "version": locked.version},
        new={"status": locked.status, "new_version": new.version, "reason": reason},
    )
    return new


def do_publish_consolidated(report: ConsolidatedReport, *, acting_user: User | None) -> str:
    """Publish an approved report (PDF) to the website's document library,
    through the publisher the website app registers. The PDF is printed
    outside any transaction; the address is recorded after."""
    from motcua.core.documents import render_pdf
    from motcua.plans.documents import consolidated_document

    _ensure_coordinator(acting_user, report.period.plan)
    if report.status != ConsolidatedStatus.APPROVED:
        raise ValidationError(_("Only an approved report can be published."))
    doc = consolidated_document(report)
    url = publish_document(
        DocumentToPublish(
            title=f"Báo cáo {report.subject}",
            filename=f"{doc.filename_stem}.pdf",
            content=render_pdf(doc),
            description=report.subject,
            issued_on=report.issued_on,
        )
    )
    if not url:
        raise ValidationError(_("The website's document library is not available."))
    with transaction.atomic():
        locked = _lock_consolidated(report)
        locked.published_url = url[:500]
        locked.save(update_fields=["published_url", "updated_at"])
        record_audit(locked, acting_user, AuditEvent.CONSOLIDATED_PUBLISHED, new={"url": url})
    return url


# ============================================================ catalogues
@transaction.atomic
def do_save_catalogue_item(
    model: type[Topic] | type[CommunicationForm],
    *,
    acting_user: User | None,
    item: Topic | CommunicationForm | None = None,
    **fields: Any,
) -> Topic | CommunicationForm:
    """Add or rename a topic or form, or take it out of use. Only the
    coordinators (any department: the lists are shared) change them."""
    if acting_user is not None:
        _ensure(access_for(acting_user).is_coordinator)
    fields = {k: _text(v) for k, v in fields.items()}
    if not fields.get("name"):
        raise ValidationError(_("Enter the name."))
    old = {}
    if item is None:
        from django.utils.text import slugify

        from motcua.core.text import strip_accents

        base = slugify(strip_accents(fields["name"]))[:32] or "muc"
        code, n = base, 1
        while model.objects.filter(code=code).exists():
            n += 1
            code = f"{base}-{n}"
        item = model.objects.create(code=code, **fields)
    else:
        old = {k: getattr(item, k) for k in fields}
        for key, value in fields.items():
            setattr(item, key, value)
        item.save()
    record_audit(item, acting_user, AuditEvent.CATALOGUE_CHANGED, old=old, new=fields)
    return item
