"""Screens of the notifications app.

Citizens: notification preferences and campaign subscription, phone
verification, sign-in by phone, the unsubscribe link. Staff (/can-bo/
thong-bao/): overview with daily counts, the message log (per related
object), failures with resend, templates with preview (system
administrators), campaigns (office coordinators, system administrators).
Development: the SMS file at /dev/tin-nhan/.

Every view authorises on the server (QuerySets scoped by unit; 404 for what
a user may not see, 403 for what they may see but not do).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.signing import BadSignature, Signer
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.csp import CSP
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csp import csp_override
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from motcua.notifications import actions, selectors
from motcua.notifications import sms as smstext
from motcua.notifications.constants import (
    EVENTS,
    Channel,
    Event,
    InboundSource,
    MessageStatus,
)
from motcua.notifications.defaults import default_for
from motcua.notifications.forms import (
    CampaignForm,
    InboundSmsForm,
    PhoneCodeForm,
    PhoneLoginForm,
    PreferencesForm,
    TemplateForm,
    TopicsForm,
)
from motcua.notifications.models import Campaign, Message, MessageTemplate
from motcua.org.constants import Role
from motcua.org.decorators import staff_required
from motcua.org.selectors import has_role

PAGE_SIZE = 50
RESEND_ROLES = [Role.RECEPTION, Role.COORDINATOR, Role.SYSADMIN]


def _client_ip(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


# ================================================================ citizen
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Channels per event; subscription to information campaigns and its
    topics; the phone's verification state."""
    user = request.user
    matrix = selectors.preference_matrix(user)
    subscribed = selectors.is_subscribed(user)
    form = PreferencesForm(request.POST or None, matrix=matrix)
    topics_form = TopicsForm(
        request.POST or None, initial={"topics": selectors.subscribed_topics(user)}
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "save")
        if action == "subscribe" and topics_form.is_valid():
            actions.do_subscribe(user, topics=topics_form.cleaned_data["topics"])
            messages.success(request, _("You will receive information campaigns."))
            return redirect("notifications:preferences")
        if action == "unsubscribe":
            actions.do_unsubscribe(user)
            messages.success(request, _("You will no longer receive information campaigns."))
            return redirect("notifications:preferences")
        if action == "save" and form.is_valid() and topics_form.is_valid():
            try:
                actions.do_set_preferences(
                    user,
                    enabled=form.enabled(),
                    topics=topics_form.cleaned_data["topics"] if subscribed else None,
                    acting_user=user,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Your choices have been saved."))
                return redirect("notifications:preferences")
        status = 400
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "topics_form": topics_form,
            "subscribed": subscribed,
            "verified_phone": selectors.verified_phone_of(user),
        },
        status=status,
    )


@login_required
def phone_verify(request: HttpRequest) -> HttpResponse:
    """Verify the profile's phone number with an SMS code."""
    user = request.user
    verified = selectors.verified_phone_of(user)
    form = PhoneCodeForm(request.POST if request.POST.get("action") == "verify" else None)
    status = 200
    if request.method == "POST":
        if request.POST.get("action") == "send":
            try:
                actions.do_send_phone_verification(user, client_ip=_client_ip(request))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                status = 429 if getattr(exc, "code", "") == "rate_limited" else 400
            else:
                messages.success(
                    request,
                    _("A code has been sent to %(phone)s.") % {"phone": user.phone_display},
                )
                return redirect("notifications:phone_verify")
        elif form.is_valid():
            try:
                actions.do_verify_phone(user, form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
                status = 400
            else:
                messages.success(request, _("Your phone number has been verified."))
                return redirect("notifications:preferences")
        else:
            status = 400
    return render(
        request,
        "notifications/phone_verify.html",
        {"form": form, "verified": verified, "phone": user.phone},
        status=status,
    )


_LOGIN_PHONE = "motcua_phone_login"


@never_cache
def phone_login(request: HttpRequest) -> HttpResponse:
    """Sign in with a verified phone number: step 1, the number."""
    if request.user.is_authenticated:
        return redirect(settings.LOGIN_REDIRECT_URL)
    form = PhoneLoginForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST":
        if form.is_valid():
            phone = form.cleaned_data["phone"]
            try:
                actions.do_start_phone_login(phone, client_ip=_client_ip(request))
            except ValidationError as exc:
                form.add_error(None, exc)
                return render(
                    request,
                    "notifications/phone_login.html",
                    {"form": form, "next": next_url},
                    status=429,
                )
            request.session[_LOGIN_PHONE] = phone
            url = reverse("notifications:phone_login_code")
            if next_url and url_has_allowed_host_and_scheme(
                next_url, {request.get_host()}, require_https=request.is_secure()
            ):
                url += f"?next={next_url}"
            # The same answer whether or not an account has this number.
            messages.info(
                request,
                _("If an account has this verified number, a code has been sent to it by SMS."),
            )
            return redirect(url)
        return render(
            request, "notifications/phone_login.html", {"form": form, "next": next_url}, status=400
        )
    return render(request, "notifications/phone_login.html", {"form": form, "next": next_url})


@never_cache
def phone_login_code(request: HttpRequest) -> HttpResponse:
    """Sign in with a verified phone number: step 2, the code."""
    from allauth.account.utils import perform_login

    phone = request.session.get(_LOGIN_PHONE)
    if not phone:
        return redirect("notifications:phone_login")
    form = PhoneCodeForm(request.POST or None)
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if request.method == "POST":
        if form.is_valid():
            try:
                user = actions.do_check_login_code(phone, form.cleaned_data["code"])
            except ValidationError as exc:
                form.add_error("code", exc)
            else:
                request.session.pop(_LOGIN_PHONE, None)
                safe = next_url and url_has_allowed_host_and_scheme(
                    next_url, {request.get_host()}, require_https=request.is_secure()
                )
                # allauth's login: its stages (a citizen's own TOTP) and signals apply.
                return perform_login(request, user, redirect_url=next_url if safe else None)
        return render(
            request,
            "notifications/phone_login_code.html",
            {"form": form, "phone": phone, "next": next_url},
            status=400,
        )
    return render(
        request,
        "notifications/phone_login_code.html",
        {"form": form, "phone": phone, "next": next_url},
    )


def _unsubscribe_user(token: str) -> Any:
    from django.contrib.auth import get_user_model

    try:
        user_id = Signer(salt="motcua.notifications.unsubscribe").unsign(token)
    except BadSignature as exc:
        raise Http404 from exc
    return get_object_or_404(get_user_model(), pk=int(user_id))


@csrf_exempt  # RFC 8058 one-click POSTs come from mail clients, without a token
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every campaign message: no sign-in. GET asks to confirm
    (mail scanners follow links), POST unsubscribes."""
    user = _unsubscribe_user(token)
    if request.method == "POST":
        actions.do_unsubscribe(user)
        return render(request, "notifications/unsubscribe.html", {"done": True})
    return render(request, "notifications/unsubscribe.html", {"done": False, "token": token})


# ================================================================== staff


def _may_resend(user: Any, message: Message) -> bool:
    return (
        has_role(user, RESEND_ROLES, message.unit)
        if message.unit_id
        else has_role(user, [Role.SYSADMIN])
    )


def _is_sysadmin(user: Any) -> bool:
    return has_role(user, [Role.SYSADMIN])


def _may_campaign(user: Any) -> bool:
    return has_role(user, [Role.COORDINATOR, Role.SYSADMIN])


def _area(request: HttpRequest) -> dict[str, bool]:
    """What the notifications sub-navigation offers this user."""
    return {"is_sysadmin": _is_sysadmin(request.user), "may_campaign": _may_campaign(request.user)}


@staff_required
def staff_overview(request: HttpRequest) -> HttpResponse:
    """Waiting, retrying and parked messages; daily counts per channel and
    status (two aggregate queries)."""
    visible = Message.objects.visible_to(request.user)
    return render(
        request,
        "notifications/staff/overview.html",
        {
            "counts": selectors.overview_counts(visible),
            "days": selectors.daily_counts(visible, days=14),
            "statuses": MessageStatus.choices,
            "area": _area(request),
        },
    )


def _filtered_messages(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    qs = selectors.staff_messages(request.user)
    filters: dict[str, Any] = {
        "q": request.GET.get("q", "").strip()[:100],
        "kenh": request.GET.get("kenh", ""),
        "trang_thai": request.GET.get("trang-thai", ""),
        "loai": request.GET.get("loai", ""),
        "id": request.GET.get("id", "")[:64],
        "related": None,
    }
    if filters["q"]:
        q = filters["q"]
        try:
            from motcua.accounts.validators import normalise_phone

            q = normalise_phone(q)
        except ValidationError:
            q = q.lower()
        qs = qs.filter(recipient=q)
    if filters["kenh"] in Channel.values:
        qs = qs.filter(channel=filters["kenh"])
    if filters["trang_thai"] in MessageStatus.values:
        qs = qs.filter(status=filters["trang_thai"])
    if filters["loai"]:
        app_label, _dot, model = filters["loai"].partition(".")
        ctype = ContentType.objects.filter(app_label=app_label, model=model).first()
        if ctype is None:
            raise Http404
        qs = qs.filter(related_type=ctype, related_id=filters["id"])
        filters["related"] = ctype
    return qs, filters


@staff_required
def staff_messages(request: HttpRequest) -> HttpResponse:
    """The delivery log: every message the user may see, filtered by
    recipient, channel, status or related object (``?loai=app.model&id=``)."""
    qs, filters = _filtered_messages(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/staff/messages.html",
        {
            "page_obj": page,
            "filters": filters,
            "query": query.urlencode(),
            "channels": Channel.choices,
            "statuses": MessageStatus.choices,
            "area": _area(request),
        },
    )


@staff_required
def staff_failures(request: HttpRequest) -> HttpResponse:
    """Messages parked for staff, with resend."""
    page = Paginator(selectors.failed_messages(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/staff/failures.html",
        {
            "page_obj": page,
            "may_resend_any": has_role(request.user, RESEND_ROLES),
            "area": _area(request),
        },
    )


@staff_required
def staff_message(request: HttpRequest, pk: int) -> HttpResponse:
    """One message with its attempts (full recipient shown here only)."""
    message = get_object_or_404(
        Message.objects.visible_to(request.user).select_related("unit", "campaign", "related_type"),
        pk=pk,
    )
    return render(
        request,
        "notifications/staff/message.html",
        {
            "message": message,
            "attempts": selectors.message_attempts(message),
            "parts": list(message.sms_parts.all()),
            "may_resend": message.may_resend and _may_resend(request.user, message),
            "area": _area(request),
        },
    )


@staff_required
@require_POST
def staff_resend(request: HttpRequest, pk: int) -> HttpResponse:
    message = get_object_or_404(Message.objects.visible_to(request.user), pk=pk)
    if not _may_resend(request.user, message):
        raise PermissionDenied
    try:
        actions.do_resend_message(message, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notifications:staff_message", pk=message.pk)
    messages.success(request, _("The message has been queued again."))
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}):
        return redirect(back)
    return redirect("notifications:staff_failures")


# -------------------------------------------------------------- templates
def _sysadmin_only(request: HttpRequest) -> None:
    if not _is_sysadmin(request.user):
        raise PermissionDenied


@staff_required
def template_list(request: HttpRequest) -> HttpResponse:
    """Every event and channel, with whether an edited copy is in use."""
    _sysadmin_only(request)
    custom = {(t.event, t.channel): t for t in MessageTemplate.objects.select_related("updated_by")}
    rows = []
    for key, spec in EVENTS.items():
        for channel in spec.channels:
            rows.append(
                {
                    "event": key,
                    "label": Event(key).label,
                    "description": spec.description,
                    "channel": channel,
                    "channel_label": Channel(channel).label,
                    "custom": custom.get((key, channel)),
                    "statutory": spec.statutory,
                }
            )
    return render(
        request, "notifications/staff/templates.html", {"rows": rows, "area": _area(request)}
    )


# The HTML preview is a sandboxed srcdoc frame (no scripts, no same-origin);
# it inherits the page's policy, and e-mails style with inline styles.
_PREVIEW_CSP = {
    **settings.SECURE_CSP,
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "frame-src": [CSP.SELF],
}


@csp_override(_PREVIEW_CSP)
@staff_required
def template_edit(request: HttpRequest, event: str, channel: str) -> HttpResponse:
    """Edit a template; "Preview" renders it with sample values without
    saving; "Reset" goes back to the default."""
    _sysadmin_only(request)
    spec = EVENTS.get(event)
    if spec is None or channel not in spec.channels or default_for(event, channel) is None:
        raise Http404
    from motcua.notifications import rendering

    source = rendering.resolve(event, channel)
    action = request.POST.get("action", "preview")
    status = 200
    if request.method == "POST" and action == "reset":
        actions.do_reset_template(event, channel, acting_user=request.user)
        messages.success(request, _("The default template is used again."))
        return redirect("notifications:template_edit", event=event, channel=channel)
    if request.method == "POST":
        form = TemplateForm(request.POST, event=event, channel=channel)
        if form.is_valid():
            if action == "save":
                actions.do_save_template(
                    event, channel, acting_user=request.user, **form.cleaned_data
                )
                messages.success(request, _("The template has been saved."))
                return redirect("notifications:template_edit", event=event, channel=channel)
            rendered = form.rendered
        else:
            rendered = None
            status = 400
    else:
        form = TemplateForm(
            initial={
                "subject": source.subject,
                "body_text": source.text,
                "body_html": source.html,
                "strip_accents": source.strip_accents,
            },
            event=event,
            channel=channel,
        )
        rendered = rendering.render_source(source, channel, spec.sample)
    sms_info = smstext.analyse(rendered.text) if rendered and channel == Channel.SMS else None
    return render(
        request,
        "notifications/staff/template_edit.html",
        {
            "form": form,
            "event": event,
            "event_label": Event(event).label,
            "spec": spec,
            "channel": channel,
            "channel_label": Channel(channel).label,
            "custom": source.custom,
            "rendered": rendered,
            "sms_info": sms_info,
            "sample": json.dumps(spec.sample, ensure_ascii=False, indent=2),
            "variables": sorted(spec.sample),
            "previewing": request.method == "POST",
            "area": _area(request),
        },
        status=status,
    )


# -------------------------------------------------------------- campaigns
def _campaigner_only(request: HttpRequest) -> None:
    if not _may_campaign(request.user):
        raise PermissionDenied


@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    _campaigner_only(request)
    page = Paginator(selectors.campaigns_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "notifications/staff/campaigns.html", {"page_obj": page, "area": _area(request)}
    )


def _campaign_form_view(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    units = actions.campaign_units(request.user).order_by("path")
    form = CampaignForm(request.POST or None, instance=campaign, units=units)
    if request.method == "POST" and "reload_wards" in request.POST:
        form.errors.clear()
        return render(
            request,
            "notifications/staff/campaign_form.html",
            {"form": form, "campaign": campaign, "area": _area(request)},
        )
    if request.method == "POST" and form.is_valid():
        fields = {
            name: form.cleaned_data[name]
            for name in CampaignForm.Meta.fields
            if name in form.cleaned_data
        }
        try:
            if campaign is None:
                campaign = actions.do_create_campaign(acting_user=request.user, **fields)
            else:
                campaign = actions.do_update_campaign(campaign, acting_user=request.user, **fields)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The draft has been saved. Check it, then send it."))
            return redirect("notifications:campaign_detail", pk=campaign.pk)
    return render(
        request,
        "notifications/staff/campaign_form.html",
        {"form": form, "campaign": campaign, "area": _area(request)},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _campaigner_only(request)
    return _campaign_form_view(request, None)


@staff_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _campaigner_only(request)
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    if not campaign.is_draft:
        messages.error(request, _("Only a draft can be changed."))
        return redirect("notifications:campaign_detail", pk=pk)
    return _campaign_form_view(request, campaign)


@staff_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft with its recipients and SMS cost; a sent campaign with its
    progress (refreshed by htmx every few seconds while it sends)."""
    _campaigner_only(request)
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related(
            "unit", "province", "ward", "created_by", "sent_by"
        ),
        pk=pk,
    )
    context: dict[str, Any] = {"campaign": campaign, "area": _area(request)}
    if campaign.is_draft:
        context["estimate"] = selectors.campaign_estimate(campaign)
        context["in_send_hours"] = actions.in_send_hours()
        context["next_window"] = actions.next_send_window()
    else:
        context["progress"] = selectors.campaign_progress(campaign)
    template = "notifications/staff/campaign_detail.html"
    if request.htmx and not campaign.is_draft:
        template = "notifications/staff/campaign_progress.html"
    return render(request, template, context)


@staff_required
@require_POST
def campaign_send(request: HttpRequest, pk: int) -> HttpResponse:
    _campaigner_only(request)
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    try:
        actions.do_send_campaign(campaign, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notifications:campaign_detail", pk=pk)
    messages.success(request, _("The campaign is being sent."))
    return redirect("notifications:campaign_detail", pk=pk)


@staff_required
@require_POST
def campaign_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    _campaigner_only(request)
    campaign = get_object_or_404(Campaign.objects.visible_to(request.user), pk=pk)
    try:
        n = actions.do_cancel_campaign(campaign, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The campaign has been stopped; %(n)s messages were not sent.") % {"n": n}
        )
    return redirect("notifications:campaign_detail", pk=pk)


# ============================================================ development
def _read_dev_sms(limit: int = 200) -> list[dict[str, Any]]:
    path = settings.SMS_DEV_FILE
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()[-limit:]
    items = []
    for line in reversed(lines):
        try:
            items.append(json.loads(line))
        except ValueError:
            continue
    return items


@never_cache
def dev_sms(request: HttpRequest) -> HttpResponse:
    """Development provider only: the SMS the ``dev-file`` gateway wrote
    (var/sms/sms.jsonl), and a form that pretends a citizen texted the
    short code. Served only when ``DEV_SMS`` is on."""
    if not settings.DEV_SMS:
        raise Http404
    form = InboundSmsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            inbound = actions.handle_inbound_sms(
                form.cleaned_data["sender"], form.cleaned_data["text"], source=InboundSource.DEV
            )
            if inbound.reply_id:
                messages.success(
                    request, _("Received. The reply is queued; reload in a moment to see it.")
                )
            else:
                messages.warning(request, _("Received, but not answered (rate limit)."))
            return redirect("dev_sms")
        status = 400
    to = request.GET.get("to", "").strip()
    items = [m for m in _read_dev_sms() if not to or to in m.get("to", "")]
    for item in items:
        info = smstext.analyse(item.get("text", ""))
        item["chars"] = info.length
    return render(
        request,
        "notifications/dev_sms.html",
        {"items": items, "to": to, "form": form, "gateway": settings.SMS_GATEWAY},
        status=status,
    )
