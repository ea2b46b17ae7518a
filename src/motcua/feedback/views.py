"""Public feedback pages (form, tracking, rating, /hoi-dap/) and the staff
screens at /can-bo/phan-anh/ (queues, intake by channel, handling)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.core import ratelimit
from motcua.core.documents import content_disposition
from motcua.core.search import SearchQuery
from motcua.dossiers.models import Dossier
from motcua.feedback import actions, selectors
from motcua.feedback.constants import (
    APPROVER_ROLES,
    HANDLER_ROLES,
    ROUTING_ROLES,
    SEND_ROLES,
    FeedbackKind,
    FeedbackStatus,
    IntakeChannel,
    Rating,
)
from motcua.feedback.forms import (
    AnswerFilterForm,
    ApproveForm,
    AssignForm,
    ClassifyForm,
    DeclineForm,
    DraftForm,
    EmailIntakeForm,
    HotlineForm,
    LookupForm,
    MailboxForm,
    PublicFeedbackForm,
    RateForm,
    ReopenForm,
    ReturnForm,
    TransferForm,
)
from motcua.feedback.models import FeedbackAttachment, FeedbackItem
from motcua.org.decorators import staff_required
from motcua.org.models import Unit
from motcua.org.selectors import has_role

PAGE_SIZE = 30


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _uploads(files: list[Any], *, scan: Any = None) -> list[actions.Upload]:
    out = [actions.Upload(file=f, name=f.name) for f in files]
    if scan is not None:
        out.insert(0, actions.Upload(file=scan, name=scan.name, is_scan=True))
    return out


def _add_errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


# ================================================================ public
def feedback_form(request: HttpRequest) -> HttpResponse:
    """The web form. Floods from one address are slowed by a rate limit;
    robots fill the honeypot. Whatever was typed is kept on any error."""
    status = 200
    if request.method == "POST":
        form = PublicFeedbackForm(request.POST, request.FILES)
        limit = ratelimit.hit(
            f"feedback:submit:{_client_ip(request)}",
            limit=settings.FEEDBACK_SUBMIT_LIMIT,
            window=settings.FEEDBACK_SUBMIT_WINDOW_SECONDS,
        )
        if not limit.allowed:
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Too many messages from your connection: please wait %(minutes)s minutes and send again. What you typed is kept below."
                )
                % {"minutes": max(1, limit.retry_after // 60)},
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                item = actions.do_receive_feedback(
                    channel=IntakeChannel.WEB,
                    kind=data["kind"],
                    topic=data["topic"],
                    unit=data["unit"],
                    title=data["title"],
                    content=data["content"],
                    citizen=request.user if request.user.is_authenticated else None,
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    contact_phone=data["contact_phone"],
                    contact_address=data["contact_address"],
                    is_anonymous=data["is_anonymous"],
                    consent_publish=data["consent_publish"],
                    dossier_code=data["dossier_code"],
                    uploads=_uploads(data["attachments"]),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
                status = 400
            else:
                request.session["feedback_received"] = item.code
                return redirect(item.tracking_path())
        else:
            status = 400
    else:
        initial = {}
        if request.user.is_authenticated:
            initial = {
                "contact_name": getattr(request.user, "full_name", ""),
                "contact_email": request.user.email,
            }
        # "Phản ánh về hồ sơ này" from "Hồ sơ của tôi" fills in the code.
        if dossier_code := request.GET.get("ho_so", "").strip()[:40]:
            initial["dossier_code"] = dossier_code
        form = PublicFeedbackForm(initial=initial)
    return render(
        request,
        "feedback/form.html",
        {
            "form": form,
            "anonymous_kinds": settings.FEEDBACK_ANONYMOUS_KINDS,
            "deadlines": _deadline_rows(),
        },
        status=status,
    )


def _deadline_rows() -> list[tuple[str, int]]:
    return [
        (str(label), settings.FEEDBACK_DEADLINE_DAYS.get(value, 10))
        for value, label in FeedbackKind.choices
    ]


def _lookup_key(request: HttpRequest) -> str:
    return f"feedback:lookup:{_client_ip(request)}"


def _item_with_key(request: HttpRequest, code: str, key: str) -> FeedbackItem:
    """The item if ``key`` matches; 404 otherwise, and failed tries count
    against the address (codes cannot be enumerated)."""
    rl = _lookup_key(request)
    window = settings.FEEDBACK_LOOKUP_WINDOW_SECONDS
    if not ratelimit.peek(rl, limit=settings.FEEDBACK_LOOKUP_LIMIT, window=window):
        raise _TooMany
    item = (
        FeedbackItem.objects.select_related("unit")
        .filter(code=actions.normalise_code(code))
        .first()
    )
    if item is None or not actions.check_key(item, key):
        ratelimit.hit(rl, limit=settings.FEEDBACK_LOOKUP_LIMIT, window=window)
        raise Http404
    return item


class _TooMany(Exception):
    pass


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "429.html", status=429)


def feedback_lookup(request: HttpRequest) -> HttpResponse:
    """Follow an item with its code and key."""
    form = LookupForm(request.GET or None)
    status = 200
    if form.is_bound:
        if form.is_valid():
            try:
                item = _item_with_key(request, form.cleaned_data["code"], form.cleaned_data["key"])
            except _TooMany:
                return _too_many(request)
            except Http404:
                form.add_error(
                    None, _("No feedback matches this code and key. Check both and try again.")
                )
                status = 404
            else:
                return redirect(item.tracking_path())
        else:
            status = 400
    return render(request, "feedback/lookup.html", {"form": form}, status=status)


PUBLIC_STEPS = [
    (FeedbackStatus.RECEIVED, "Received"),
    (FeedbackStatus.ASSIGNED, "Being handled"),
    (FeedbackStatus.ANSWERED, "Answered"),
    (FeedbackStatus.CLOSED, "Closed"),
]


def _public_stage(item: FeedbackItem) -> int:
    if item.status in (FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED):
        return 0
    if item.status in (FeedbackStatus.ASSIGNED, FeedbackStatus.DRAFTED, FeedbackStatus.APPROVED):
        return 1
    if item.status == FeedbackStatus.ANSWERED:
        return 2
    return 3


def _track_context(item: FeedbackItem, **extra: Any) -> dict[str, Any]:
    stage = _public_stage(item)
    return {
        "item": item,
        "key": item.lookup_key,
        "stage": stage,
        "in_progress": item.is_open,
        "attachments": list(item.attachments.filter(is_scan=False).only("original_name", "size")),
        "rate_form": extra.pop("rate_form", None) or RateForm(),
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(),
        "may_rate": item.is_answered,
        "may_reopen": actions.may_reopen(item),
        "reopen_days": settings.FEEDBACK_REOPEN_DAYS,
        **extra,
    }


def feedback_track(request: HttpRequest, code: str) -> HttpResponse:
    """The citizen's page of one item: status, deadline, the answer, rating."""
    try:
        item = _item_with_key(request, code, request.GET.get("k", ""))
    except _TooMany:
        return _too_many(request)
    just_sent = request.session.pop("feedback_received", None) == item.code
    return render(request, "feedback/track.html", _track_context(item, just_sent=just_sent))


@require_POST
def feedback_rate(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = _item_with_key(request, code, request.POST.get("k", ""))
    except _TooMany:
        return _too_many(request)
    form = RateForm(request.POST)
    if form.is_valid():
        try:
            actions.do_rate_feedback(
                item,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
                acting_user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            if form.cleaned_data["rating"] == Rating.SATISFIED:
                messages.success(request, _("Thank you for rating the answer."))
            else:
                messages.success(
                    request,
                    _("Thank you. Your rating has been recorded; you may reopen the item below."),
                )
            return redirect(item.tracking_path())
    item.refresh_from_db()
    return render(request, "feedback/track.html", _track_context(item, rate_form=form), status=400)


@require_POST
def feedback_reopen(request: HttpRequest, code: str) -> HttpResponse:
    try:
        item = _item_with_key(request, code, request.POST.get("k", ""))
    except _TooMany:
        return _too_many(request)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            actions.do_reopen_feedback(
                item,
                reason=form.cleaned_data["reason"],
                acting_user=request.user if request.user.is_authenticated else None,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The item has been reopened and sent back to the unit."))
            return redirect(item.tracking_path())
    item.refresh_from_db()
    return render(
        request, "feedback/track.html", _track_context(item, reopen_form=form), status=400
    )


def answers(request: HttpRequest) -> HttpResponse:
    """Published answers: search text in ``q`` (accents optional), topic, unit."""
    form = AnswerFilterForm(request.GET or None)
    query = SearchQuery.parse(request.GET.get("q", ""))
    topic, unit = "", None
    if form.is_bound and form.is_valid():
        topic = form.cleaned_data["chu_de"]
        unit = form.cleaned_data["don_vi"]
    qs = selectors.published_answers(query=query, topic=topic, unit=unit)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "feedback/answers.html",
        {"form": form, "page_obj": page, "query": query, "params": params.urlencode()},
    )


def answer_detail(request: HttpRequest, code: str) -> HttpResponse:
    item = get_object_or_404(
        FeedbackItem.objects.published().select_related("unit"), code=actions.normalise_code(code)
    )
    return render(request, "feedback/answer_detail.html", {"item": item})


# ================================================================= staff
def _staff_item(request: HttpRequest, pk: int) -> FeedbackItem:
    return get_object_or_404(
        FeedbackItem.objects.visible_to(request.user).select_related(
            "unit", "assignee", "created_by"
        ),
        pk=pk,
    )


def _queue_filters(request: HttpRequest) -> dict[str, Any]:
    units = Unit.objects.visible_to(
        request.user, roles=list(HANDLER_ROLES + ROUTING_ROLES + APPROVER_ROLES)
    )
    unit = None
    raw_unit = request.GET.get("don_vi", "")
    if raw_unit.isdigit():
        unit = units.filter(pk=int(raw_unit)).first()
    kind = request.GET.get("loai", "")
    channel = request.GET.get("kenh", "")
    status = request.GET.get("trang_thai", "")
    return {
        "unit": unit,
        "kind": kind if kind in FeedbackKind.values else "",
        "channel": channel if channel in IntakeChannel.values else "",
        "status": status if status in FeedbackStatus.values else "",
        "text": request.GET.get("q", "")[:200],
    }


def _default_tab(request: HttpRequest) -> str:
    user = request.user
    from motcua.org.constants import Role

    if has_role(user, [Role.APPROVER]):
        return "approval"
    if has_role(user, [Role.HANDLER]):
        return "mine"
    if has_role(user, [Role.RECEPTION]):
        return "new"
    return "all"


@staff_required
def staff_queue(request: HttpRequest) -> HttpResponse:
    """Queues of the user's units: new, mine, awaiting approval, due soon,
    overdue, all; filters by unit, kind, channel, status and text."""
    tab = request.GET.get("hang", "") or _default_tab(request)
    if tab not in selectors.TABS:
        tab = "all"
    filters = _queue_filters(request)
    qs = selectors.staff_queue(request.user, tab=tab, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    tab_params = request.GET.copy()
    for name in ("page", "hang"):
        tab_params.pop(name, None)
    units = Unit.objects.visible_to(
        request.user, roles=list(HANDLER_ROLES + ROUTING_ROLES + APPROVER_ROLES)
    ).order_by("path")
    return render(
        request,
        "feedback/staff/queue.html",
        {
            "tab": tab,
            "tabs": _tab_labels(),
            "counts": selectors.queue_counts(request.user),
            "page_obj": page,
            "filters": filters,
            "units": units,
            "kinds": FeedbackKind.choices,
            "channels": IntakeChannel.choices,
            "statuses": FeedbackStatus.choices,
            "params": params.urlencode(),
            "tab_params": tab_params.urlencode(),
            "today": timezone.localdate(),
            "may_intake": True,
        },
    )


def _tab_labels() -> list[tuple[str, str]]:
    return [
        ("new", _("New")),
        ("mine", _("Assigned to me")),
        ("approval", _("Awaiting approval")),
        ("due_soon", _("Due soon")),
        ("overdue", _("Overdue")),
        ("all", _("All")),
    ]


INTAKE = {
    "duong-day-nong": (IntakeChannel.HOTLINE, HotlineForm),
    "hop-thu": (IntakeChannel.MAILBOX, MailboxForm),
    "thu-dien-tu": (IntakeChannel.EMAIL, EmailIntakeForm),
}


@staff_required
def staff_intake(request: HttpRequest, channel: str) -> HttpResponse:
    """Enter a call, a paper letter (with its scan) or an e-mail."""
    if channel not in INTAKE:
        raise Http404
    intake_channel, form_class = INTAKE[channel]
    from motcua.feedback.constants import INTAKE_ROLES

    if not has_role(request.user, INTAKE_ROLES):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                item = actions.do_receive_feedback(
                    channel=intake_channel,
                    kind=data["kind"],
                    topic=data["topic"],
                    unit=data["unit"],
                    title=data["title"],
                    content=data["content"],
                    acting_user=request.user,
                    contact_name=data.get("contact_name", ""),
                    contact_email=data.get("contact_email", "") or data.get("email_from", ""),
                    contact_phone=data.get("contact_phone", ""),
                    contact_address=data.get("contact_address", ""),
                    consent_publish=data["consent_publish"],
                    dossier_code=data["dossier_code"],
                    received_at=data["received_at"],
                    uploads=_uploads(data["attachments"], scan=data.get("scan")),
                    caller_line=data.get("caller_line", ""),
                    recording_ref=data.get("recording_ref", ""),
                    letter_date=data.get("letter_date"),
                    email_from=data.get("email_from", ""),
                    email_message_id=data.get("email_message_id", ""),
                )
            except ValidationError as exc:
                _add_errors(form, exc)
                status = 400
            else:
                messages.success(
                    request,
                    _("Received as %(code)s (key %(key)s).")
                    % {"code": item.code, "key": item.lookup_key},
                )
                if FeedbackItem.objects.visible_to(request.user).filter(pk=item.pk).exists():
                    return redirect("feedback:detail", pk=item.pk)
                return redirect("feedback:queue")
        else:
            status = 400
    else:
        form = form_class()
    return render(
        request,
        "feedback/staff/intake.html",
        {
            "form": form,
            "channel": intake_channel,
            "channel_label": IntakeChannel(intake_channel).label,
            "slug": channel,
        },
        status=status,
    )


def _detail_context(request: HttpRequest, item: FeedbackItem, **forms: Any) -> dict[str, Any]:
    user = request.user
    unit = item.unit
    routing = has_role(user, ROUTING_ROLES, unit)
    handler = has_role(user, HANDLER_ROLES, unit)
    approver = has_role(user, APPROVER_ROLES, unit)
    sender = has_role(user, SEND_ROLES, unit)
    status = item.status
    handlers = actions.assignable_handlers(unit) if (routing or handler) else []
    # The dossier the citizen named, when it is one of this officer's units
    # (the code alone says nothing to the public: codes are not enumerable).
    dossier = (
        Dossier.objects.visible_to(user)
        .filter(code=item.dossier_code)
        .select_related("unit")
        .first()
        if item.dossier_code
        else None
    )
    return {
        "item": item,
        "dossier": dossier,
        "attachments": list(item.attachments.all()),
        "history": selectors.history(item),
        "today": timezone.localdate(),
        "can_classify": routing
        and status in (FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED, FeedbackStatus.ASSIGNED),
        "can_assign": routing
        and status in (FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED, FeedbackStatus.ASSIGNED),
        "can_take": handler
        and not routing
        and status in (FeedbackStatus.RECEIVED, FeedbackStatus.CLASSIFIED)
        and item.assignee_id is None,
        "can_draft": status == FeedbackStatus.ASSIGNED
        and handler
        and (item.assignee_id == user.pk or approver),
        "can_approve": approver and status == FeedbackStatus.DRAFTED,
        "can_send": sender and status == FeedbackStatus.APPROVED,
        "can_close": sender and status == FeedbackStatus.ANSWERED,
        "can_transfer": routing and item.is_open,
        "can_decline": approver and item.is_open,
        "can_publish": approver and item.is_answered and item.consent_publish,
        "classify_form": forms.get("classify_form")
        or ClassifyForm(initial={"kind": item.kind, "topic": item.topic}),
        "assign_form": forms.get("assign_form")
        or AssignForm(handlers=handlers, initial={"handler": item.assignee_id}),
        "draft_form": forms.get("draft_form") or DraftForm(initial={"answer": item.answer}),
        "return_form": forms.get("return_form") or ReturnForm(),
        "approve_form": forms.get("approve_form")
        or ApproveForm(initial={"answer": item.answer, "publish": item.consent_publish}),
        "transfer_form": forms.get("transfer_form") or TransferForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "errors": forms.get("errors", []),
    }


@staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: what was sent, its files, the actions the user may take,
    and its full history."""
    item = _staff_item(request, pk)
    return render(request, "feedback/staff/detail.html", _detail_context(request, item))


STEPS: dict[str, tuple[Any, str]] = {
    "phan-loai": (ClassifyForm, "classify_form"),
    "phan-cong": (AssignForm, "assign_form"),
    "nhan-xu-ly": (None, ""),
    "du-thao": (DraftForm, "draft_form"),
    "tra-lai": (ReturnForm, "return_form"),
    "phe-duyet": (ApproveForm, "approve_form"),
    "gui": (None, ""),
    "dong": (None, ""),
    "chuyen": (TransferForm, "transfer_form"),
    "ngoai-tham-quyen": (DeclineForm, "decline_form"),
    "cong-khai": (None, ""),
    "go-cong-khai": (None, ""),
}


def _run_step(request: HttpRequest, item: FeedbackItem, step: str, data: dict[str, Any]) -> str:
    user = request.user
    if step == "phan-loai":
        actions.do_classify_feedback(item, acting_user=user, kind=data["kind"], topic=data["topic"])
        return _("The item has been classified.")
    if step == "phan-cong":
        actions.do_assign_feedback(item, acting_user=user, handler=data["handler"])
        return _("The item has been assigned.")
    if step == "nhan-xu-ly":
        actions.do_assign_feedback(item, acting_user=user, handler=user)
        return _("The item is now assigned to you.")
    if step == "du-thao":
        actions.do_draft_answer(item, acting_user=user, answer=data["answer"])
        return _("The answer has been sent for approval.")
    if step == "tra-lai":
        actions.do_return_answer(item, acting_user=user, reason=data["reason"])
        return _("The draft has been returned to the handler.")
    if step == "phe-duyet":
        item = actions.do_approve_answer(
            item, acting_user=user, answer=data["answer"], publish=data["publish"]
        )
        actions.do_send_answer(item, acting_user=user)
        return _("The answer has been approved and sent to the citizen.")
    if step == "gui":
        actions.do_send_answer(item, acting_user=user)
        return _("The answer has been sent to the citizen.")
    if step == "dong":
        actions.do_close_feedback(item, acting_user=user)
        return _("The item has been closed.")
    if step == "chuyen":
        actions.do_transfer_feedback(
            item, acting_user=user, to_unit=data["to_unit"], reason=data["reason"]
        )
        return _("The item has been transferred.")
    if step == "ngoai-tham-quyen":
        actions.do_decline_feedback(item, acting_user=user, referral=data["referral"])
        return _("The citizen has been told where to turn to.")
    if step == "cong-khai":
        actions.do_set_publication(item, acting_user=user, publish=True)
        return _("The answer is published.")
    actions.do_set_publication(item, acting_user=user, publish=False)
    return _("The answer has been withdrawn from publication.")


@staff_required
@require_POST
def staff_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Run one workflow step (a form per step); refusals are shown on the
    item's page with what was typed."""
    if step not in STEPS:
        raise Http404
    item = _staff_item(request, pk)
    form_class, form_name = STEPS[step]
    form = None
    data: dict[str, Any] = {}
    if form_class is not None:
        if form_class is AssignForm:
            form = AssignForm(request.POST, handlers=actions.assignable_handlers(item.unit))
        else:
            form = form_class(request.POST)
        if not form.is_valid():
            context = _detail_context(request, item, **{form_name: form})
            context["errors"] = [
                f"{form[n].label}: {e}"
                for n, errs in form.errors.items()
                if n != "__all__"
                for e in errs
            ] + list(form.non_field_errors())
            context["open_form"] = form_name
            return render(request, "feedback/staff/detail.html", context, status=400)
        data = form.cleaned_data
    try:
        text = _run_step(request, item, step, data)
    except ValidationError as exc:
        item.refresh_from_db()
        context = _detail_context(request, item, **({form_name: form} if form is not None else {}))
        context["errors"] = exc.messages
        context["open_form"] = form_name
        return render(request, "feedback/staff/detail.html", context, status=400)
    messages.success(request, text)
    if FeedbackItem.objects.visible_to(request.user).filter(pk=item.pk).exists():
        return redirect("feedback:detail", pk=item.pk)
    return redirect("feedback:queue")


@staff_required
def staff_attachment(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(
        FeedbackAttachment.objects.filter(item__in=FeedbackItem.objects.visible_to(request.user)),
        pk=pk,
    )
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    inline = (
        attachment.content_type.startswith("image/") or attachment.content_type == "application/pdf"
    )
    response = FileResponse(
        handle, content_type=attachment.content_type or "application/octet-stream"
    )
    disposition = content_disposition(attachment.original_name)
    response["Content-Disposition"] = (
        disposition.replace("attachment", "inline") if inline else disposition
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


EXPORT_LIMIT = 10000


@staff_required
def staff_export(request: HttpRequest) -> HttpResponse:
    """The filtered queue as an XLSX workbook (openpyxl)."""
    from motcua.feedback.spreadsheets import export_items

    tab = request.GET.get("hang", "all")
    if tab not in selectors.TABS:
        tab = "all"
    qs = selectors.staff_queue(request.user, tab=tab, **_queue_filters(request))[:EXPORT_LIMIT]
    content = export_items(qs)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = content_disposition(
        f"phan-anh-kien-nghi-{timezone.localdate():%Y%m%d}.xlsx"
    )
    return response


def _parse_date(raw: str, default: date) -> date:
    try:
        return date.fromisoformat(raw)
    except (TypeError, ValueError):
        return default


@staff_required
def staff_stats(request: HttpRequest) -> HttpResponse:
    """The feedback section of a periodic report for a unit and period:
    5a/5b, average handling time, counts per channel, kind and topic."""
    start_default, end_default = selectors.default_period()
    start = _parse_date(request.GET.get("tu", ""), start_default)
    end = _parse_date(request.GET.get("den", ""), end_default)
    if end < start:
        start, end = end, start
    units = Unit.objects.visible_to(
        request.user, roles=list(HANDLER_ROLES + ROUTING_ROLES + APPROVER_ROLES)
    ).order_by("path")
    raw_unit = request.GET.get("don_vi", "")
    unit = units.filter(pk=int(raw_unit)).first() if raw_unit.isdigit() else None
    if unit is None:
        unit = units.order_by("depth", "path").first()
    if unit is None:
        raise PermissionDenied
    section = selectors.report_section(start, end, unit)
    return render(
        request,
        "feedback/staff/stats.html",
        {"section": section, "units": units, "unit": unit, "start": start, "end": end},
    )


def staff_url(item: FeedbackItem) -> str:
    return reverse("feedback:detail", args=[item.pk])
