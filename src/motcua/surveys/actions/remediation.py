"""Remediation actions: an unsatisfied item (điểm chưa hài lòng) becomes a
fix with an owner unit, a due date, a status and evidence, tracked until
closed. The next period's figure for the same item shows whether it worked.
"""

from __future__ import annotations

import zipfile
from datetime import date
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any
from uuid import uuid4

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.core.audit import record_audit
from motcua.core.text import clean_text, nfc
from motcua.org.models import Unit
from motcua.surveys.actions.campaigns import ensure_manages
from motcua.surveys.constants import (
    OPEN_REMEDIATION,
    AuditEvent,
    QuestionKind,
    RemediationStatus,
    VersionStatus,
)
from motcua.surveys.models import (
    Campaign,
    Question,
    RemediationAction,
    SurveyTemplate,
    TemplateVersion,
)

if TYPE_CHECKING:
    from motcua.accounts.models import User

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Statuses that say the work is finished: they need evidence.
NEEDS_EVIDENCE = (RemediationStatus.DONE, RemediationStatus.CLOSED)

__all__ = [
    "EVIDENCE_MAX_BYTES",
    "check_evidence_file",
    "create_remediation",
    "create_remediations_from_figures",
    "latest_version",
    "update_remediation",
]


# ------------------------------------------------------------------ uploads
_OOXML = {"word/": ("docx", "docx"), "xl/": ("xlsx", "xlsx")}


def _sniff(upload: IO[bytes]) -> str | None:
    """The file's real type from its first bytes (never its name)."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            for prefix, (kind, _ext) in _OOXML.items():
                if any(n.startswith(prefix) for n in names):
                    return kind
    return None


def check_evidence_file(upload: Any) -> str:
    """Refuse an empty, too large or unexpected evidence file; its extension
    (pdf, jpg, png, webp, docx, xlsx) otherwise."""
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    if not size:
        raise ValidationError({"evidence_file": _("The file is empty.")})
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {
                "evidence_file": _(
                    "The file is too large (%(size)s MB); the limit is %(limit)s MB."
                )
                % {
                    "size": round(size / 1024 / 1024, 1),
                    "limit": EVIDENCE_MAX_BYTES // 1024 // 1024,
                }
            }
        )
    kind = _sniff(upload)
    if kind is None:
        raise ValidationError(
            {
                "evidence_file": _(
                    "This type of file is not accepted: upload a PDF, Word, Excel or image file."
                )
            }
        )
    if kind in ("jpg", "png", "webp"):
        from PIL import Image

        try:
            upload.seek(0)
            with Image.open(upload) as image:
                image.verify()
        except Exception as exc:
            raise ValidationError(
                {"evidence_file": _("The image file is damaged or not an image.")}
            ) from exc
        finally:
            upload.seek(0)
    return kind


# ------------------------------------------------------------------ helpers
def latest_version(template: SurveyTemplate) -> TemplateVersion | None:
    """The template's newest published version (or newest at all)."""
    versions = TemplateVersion.objects.filter(template=template).order_by("-number")
    return versions.filter(status=VersionStatus.PUBLISHED).first() or versions.first()


def _item_text(template: SurveyTemplate, question_code: str) -> str:
    question = (
        Question.objects.filter(version__template=template, code=question_code)
        .order_by("-version__number")
        .only("text")
        .first()
    )
    if question is None:
        raise ValidationError(
            {"question_code": _("This questionnaire has no item with this code.")}
        )
    return question.text


def _snapshot(action: RemediationAction) -> dict[str, Any]:
    return {
        "status": action.status,
        "description": action.description,
        "due_date": action.due_date,
        "evidence": action.evidence,
        "evidence_file": action.evidence_file.name if action.evidence_file else "",
    }


# ------------------------------------------------------------------ actions
@transaction.atomic
def create_remediation(
    *,
    acting_user: User | None,
    unit: Unit,
    template: SurveyTemplate,
    question_code: str,
    period_start: date,
    period_end: date,
    observed_rate: Decimal | float | int,
    threshold: int,
    responses: int,
    description: str,
    due_date: date,
    campaign: Campaign | None = None,
) -> RemediationAction:
    """An action for one unsatisfied item of ``unit`` in a period."""
    ensure_manages(acting_user, unit)
    description = nfc(description or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what will be done.")})
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    if due_date < period_end:
        raise ValidationError({"due_date": _("The due date is before the end of the period.")})
    question_code = clean_text(question_code)
    action = RemediationAction.objects.create(
        unit=unit,
        campaign=campaign,
        template=template,
        question_code=question_code,
        item_text=_item_text(template, question_code),
        period_start=period_start,
        period_end=period_end,
        observed_rate=Decimal(str(observed_rate)).quantize(Decimal("0.01")),
        threshold=int(threshold),
        responses=max(0, int(responses)),
        description=description,
        due_date=due_date,
        created_by=acting_user,
    )
    record_audit(
        action,
        acting_user,
        AuditEvent.REMEDIATION_CREATED,
        new={
            "unit": unit.pk,
            "template": template.pk,
            "question_code": question_code,
            "period": [period_start, period_end],
            "observed_rate": action.observed_rate,
            "threshold": action.threshold,
            "due_date": due_date,
        },
    )
    return action


def default_description(item_text: str) -> str:
    """The starting text of an action made from a figure (staff edit it)."""
    return (
        "Rà soát nguyên nhân người dân chưa hài lòng với nội dung "
        f"“{item_text}”, đề ra và thực hiện biện pháp khắc phục; báo cáo kết quả kèm minh chứng."
    )


@transaction.atomic
def create_remediations_from_figures(
    *,
    acting_user: User | None,
    template: SurveyTemplate,
    unit: Unit,
    start: date,
    end: date,
    due_date: date,
    campaign: Campaign | None = None,
) -> list[RemediationAction]:
    """One action per item of ``template`` whose satisfaction rate for
    ``unit`` between ``start`` and ``end`` is below the version's threshold
    (S3's ``selectors.unsatisfied_items``: small samples are not counted),
    skipping items that already have an unfinished action for this unit and
    template."""
    from motcua.surveys import selectors

    ensure_manages(acting_user, unit)
    version = campaign.version if campaign is not None else latest_version(template)
    threshold = version.threshold if version is not None else 80
    figures = selectors.unsatisfied_items(
        template=template, unit=unit, start=start, end=end, threshold=threshold
    )
    already = set(
        RemediationAction.objects.filter(
            unit=unit, template=template, status__in=OPEN_REMEDIATION
        ).values_list("question_code", flat=True)
    )
    likert = set(
        Question.objects.filter(version__template=template, kind=QuestionKind.LIKERT).values_list(
            "code", flat=True
        )
    )
    created = []
    for figure in figures:
        if figure.question_code in already or figure.rate is None:
            continue
        if likert and figure.question_code not in likert:
            continue
        created.append(
            create_remediation(
                acting_user=acting_user,
                unit=unit,
                template=template,
                question_code=figure.question_code,
                period_start=start,
                period_end=end,
                observed_rate=figure.rate,
                threshold=threshold,
                responses=figure.answered,
                description=default_description(figure.text),
                due_date=max(due_date, end),
                campaign=campaign,
            )
        )
        already.add(figure.question_code)
    return created


@transaction.atomic
def update_remediation(
    action: RemediationAction,
    *,
    acting_user: User | None,
    status: str | None = None,
    evidence: str | None = None,
    evidence_file: Any = None,
    description: str | None = None,
    due_date: date | None = None,
) -> RemediationAction:
    """Change an action: its status, evidence (text and/or a file), what
    will be done, its due date. Marking it done or closing it needs
    evidence of what was done."""
    action = RemediationAction.objects.select_for_update().get(pk=action.pk)
    ensure_manages(acting_user, action.unit)
    before = _snapshot(action)
    if status is not None:
        if status not in RemediationStatus.values:
            raise ValidationError({"status": _("Choose a status.")})
        action.status = status
    if description is not None:
        text = nfc(description).strip()
        if not text:
            raise ValidationError({"description": _("Say what will be done.")})
        action.description = text
    if due_date is not None:
        action.due_date = due_date
    if evidence is not None:
        action.evidence = nfc(evidence).strip()
    ext = check_evidence_file(evidence_file) if evidence_file is not None else None
    if action.status in NEEDS_EVIDENCE and not (
        action.evidence or action.evidence_file or ext is not None
    ):
        raise ValidationError(
            {"evidence": _("Describe what was done, or attach a file, before closing the action.")}
        )
    if ext is not None:
        evidence_file.seek(0)
        action.evidence_file.save(
            f"{uuid4().hex}.{ext}", ContentFile(evidence_file.read()), save=False
        )
    if action.status == RemediationStatus.CLOSED and before["status"] != RemediationStatus.CLOSED:
        action.closed_at = timezone.now()
    elif action.status != RemediationStatus.CLOSED:
        action.closed_at = None
    action.save(
        update_fields=[
            "status",
            "description",
            "due_date",
            "evidence",
            "evidence_file",
            "closed_at",
            "updated_at",
        ]
    )
    after = _snapshot(action)
    old = {k: v for k, v in before.items() if after[k] != v}
    new = {k: after[k] for k in old}
    if new:
        record_audit(action, acting_user, AuditEvent.REMEDIATION_CHANGED, old=old, new=new)
    return action
