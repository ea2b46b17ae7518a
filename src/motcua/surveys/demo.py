"""Demo surveys: the demo hospital's outpatient campaign (Mẫu 2, QĐ
3869/QĐ-BYT) for this quarter with three counters and one for the last
quarter, the Department's one-stop (SIPAS-style) campaign and its
rating-after-result campaign; generated responses, one item deliberately
weak last quarter (waiting time) and turned into a remediation action; the
demo citizen's returned dossier invited to rate the service (the e-mail is
in the dev mailbox).

Made through the actions by the demo coordinator. Idempotent: campaigns
are found by slug, responses generated only into empty campaigns,
invitations are one per dossier."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from motcua.org.models import Unit
from motcua.surveys import actions
from motcua.surveys.constants import CampaignStatus, VersionStatus
from motcua.surveys.models import Campaign, RemediationAction, TemplateVersion

COORDINATOR = "vanphong@motcua.test"
CITIZEN = "congdan@motcua.test"
HOSPITAL = "BVDK-KH"
DEPARTMENT = "SYT"
POINTS = ["Khoa Khám bệnh", "Khoa Nội", "Quầy thu ngân"]
# B-section waiting-time item of the outpatient form: weak last quarter.
WEAK_ITEM = "B7"


def quarter_of(day: date) -> tuple[date, date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + (first_month + 2) // 12, (first_month + 2) % 12 + 1, 1)
    return start, next_start - timedelta(days=1)


def _version(code: str) -> TemplateVersion | None:
    return (
        TemplateVersion.objects.filter(template__code=code, status=VersionStatus.PUBLISHED)
        .select_related("template")
        .order_by("-number")
        .first()
    )


def _campaign(slug: str, user: Any, **kw: Any) -> tuple[Campaign, bool]:
    existing = Campaign.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    return actions.create_campaign(acting_user=user, slug=slug, **kw), True


def _generate(
    campaign: Campaign, n: int, *, seed: int, end: date, weak: tuple[str, ...] = ()
) -> None:
    from motcua.surveys.generate import generate_responses

    if campaign.responses.exists() or end < campaign.starts_on:
        return
    generate_responses(campaign, n, seed=seed, start=campaign.starts_on, end=end, weak_items=weak)


def load(stdout: Any) -> list[tuple[str, str, str]]:
    from motcua.surveys import standard

    standard.install_standard_templates()
    user = get_user_model().objects.filter(email=COORDINATOR).first()
    units = {u.code: u for u in Unit.objects.filter(code__in=[HOSPITAL, DEPARTMENT])}
    outpatient = _version(standard.MOH_OUTPATIENT_CODE)
    sipas = _version(standard.SIPAS_CODE)
    rating = _version(standard.DOSSIER_RATING_CODE)
    if user is None or len(units) < 2 or not (outpatient and sipas and rating):
        stdout.write("surveys: skipped (needs the demo organisation and the standard templates)")
        return []
    today = timezone.localdate()
    q_start, q_end = quarter_of(today)
    p_start, p_end = quarter_of(q_start - timedelta(days=1))
    label = f"quý {(q_start.month - 1) // 3 + 1}/{q_start.year}"
    prev_label = f"quý {(p_start.month - 1) // 3 + 1}/{p_start.year}"
    hospital, department = units[HOSPITAL], units[DEPARTMENT]

    # Last quarter at the hospital: closed, with the weak waiting-time item.
    previous, _made = _campaign(
        f"bvdk-kh-ngoai-tru-{p_start.year}-q{(p_start.month - 1) // 3 + 1}",
        user,
        version=outpatient,
        unit=hospital,
        title=f"Khảo sát hài lòng người bệnh ngoại trú {prev_label}",
        starts_on=p_start,
        ends_on=p_end,
        points=POINTS,
        target_responses=300,
    )
    _generate(previous, 320, seed=1, end=p_end, weak=(WEAK_ITEM,))
    if previous.status != CampaignStatus.CLOSED:
        # Demo history: last quarter's campaign ran and closed before the
        # demo existed (open_campaign refuses a period that is over).
        Campaign.objects.filter(pk=previous.pk).update(status=CampaignStatus.CLOSED)

    # This quarter: open, the fix is under way (no weak item).
    current, _made = _campaign(
        f"bvdk-kh-ngoai-tru-{q_start.year}-q{(q_start.month - 1) // 3 + 1}",
        user,
        version=outpatient,
        unit=hospital,
        title=f"Khảo sát hài lòng người bệnh ngoại trú {label}",
        starts_on=q_start,
        ends_on=q_end,
        points=POINTS,
        target_responses=300,
    )
    if current.status == CampaignStatus.DRAFT:
        current = actions.open_campaign(current, acting_user=user)
    _generate(current, 220, seed=2, end=today)

    # The weak item of last quarter becomes a remediation action.
    if not RemediationAction.objects.filter(unit=hospital, template=outpatient.template).exists():
        created = actions.create_remediations_from_figures(
            acting_user=user,
            template=outpatient.template,
            unit=hospital,
            start=p_start,
            end=p_end,
            due_date=max(q_start + timedelta(days=45), today + timedelta(days=21)),
            campaign=previous,
        )
        for action in created:
            if action.question_code == WEAK_ITEM:
                actions.update_remediation(
                    action,
                    acting_user=user,
                    status="in_progress",
                    description=(
                        "Bố trí thêm 2 bàn tiếp đón và 1 quầy thu ngân giờ cao điểm (7h–9h); "
                        "mở đăng ký khám qua tổng đài và trang web; niêm yết thời gian chờ "
                        "dự kiến tại khu khám bệnh."
                    ),
                )

    # The Department: one-stop (SIPAS-style) survey and ratings after results.
    one_stop, _made = _campaign(
        f"syt-mot-cua-{q_start.year}-q{(q_start.month - 1) // 3 + 1}",
        user,
        version=sipas,
        unit=department,
        title=f"Khảo sát sự hài lòng tại Bộ phận Một cửa Sở Y tế {label}",
        starts_on=q_start,
        ends_on=q_end,
        points=["Quầy tiếp nhận số 1", "Quầy tiếp nhận số 2"],
        target_responses=200,
    )
    if one_stop.status == CampaignStatus.DRAFT:
        one_stop = actions.open_campaign(one_stop, acting_user=user)
    _generate(one_stop, 180, seed=3, end=today)

    ratings, _made = _campaign(
        f"syt-danh-gia-sau-tra-ket-qua-{q_start.year}",
        user,
        version=rating,
        unit=department,
        title=f"Đánh giá sự hài lòng sau khi nhận kết quả hồ sơ năm {q_start.year}",
        starts_on=q_start,
        ends_on=date(q_start.year, 12, 31),
        for_dossier_ratings=True,
    )
    if ratings.status == CampaignStatus.DRAFT:
        ratings = actions.open_campaign(ratings, acting_user=user)
    _generate(ratings, 120, seed=4, end=today)

    # The demo citizen's returned dossier invites a rating.
    invited = _invite_citizen()
    stdout.write(
        "surveys: campaigns of BVDK-KH and SYT with generated responses"
        + (f"; rating invitation for {invited}" if invited else "")
    )
    return []


def _invite_citizen() -> str | None:
    from motcua.dossiers.constants import DossierStatus
    from motcua.dossiers.models import Dossier

    citizen = get_user_model().objects.filter(email=CITIZEN).first()
    if citizen is None:
        return None
    dossier = (
        Dossier.objects.filter(applicant_user=citizen, status=DossierStatus.RETURNED)
        .select_related("unit")
        .order_by("-pk")
        .first()
    )
    if dossier is None:
        dossier = _return_one(citizen)
    if dossier is None:
        return None
    invitation = actions.invite_for_dossier(dossier)
    return dossier.code if invitation is not None else None


def _return_one(citizen: Any) -> Any:
    """Take one of the citizen's dossiers in progress to "result returned"
    through the back-office actions (handler → approver → reception), so
    the rating invitation has a dossier to go with."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from motcua.dossiers import actions as dossier_actions
    from motcua.dossiers.constants import DossierStatus
    from motcua.dossiers.models import Dossier

    users = {
        u.email: u
        for u in get_user_model().objects.filter(
            email__in=["thuly@motcua.test", "pheduyet@motcua.test", "motcua@motcua.test"]
        )
    }
    if len(users) < 3:
        return None
    # Never the late dossier with its apology letter: the back-office demo
    # keeps that one open in the "overdue" queue.
    dossier = (
        Dossier.objects.filter(
            applicant_user=citizen,
            status=DossierStatus.IN_PROGRESS,
            handler=users["thuly@motcua.test"],
            apologies__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    if dossier is None:
        # The citizen's other dossiers are kept for the browser journeys
        # (the submitted one waits for reception there).
        return None
    pdf = SimpleUploadedFile(
        "ket-qua-giai-quyet.pdf",
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n",
        content_type="application/pdf",
    )
    dossier = dossier_actions.do_forward_for_approval(
        dossier,
        acting_user=users["thuly@motcua.test"],
        approver=users["pheduyet@motcua.test"],
        files=[pdf],
    )
    dossier = dossier_actions.do_approve_dossier(dossier, acting_user=users["pheduyet@motcua.test"])
    return dossier_actions.do_return_result(
        dossier,
        acting_user=users["motcua@motcua.test"],
        recipient_name=citizen.full_name,
        recipient_id_number=getattr(citizen, "id_number", "") or "056090001234",
        tracking_number="EE123456789VN",  # used only when the result goes by post
    )


__all__ = ["load", "quarter_of"]
