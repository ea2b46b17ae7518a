"""The survey engine: templates in versions (sections, questions, choices),
campaigns that distribute one version for one unit and period, responses and
their answers, invitations, and remediation actions for unsatisfied items.

A response always belongs to exactly one template version (that of its
campaign). Answers carry the response's unit, campaign and local date so
that indices per unit and period are one ``GROUP BY`` over one table.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.org.models import Unit
from motcua.surveys.constants import (
    STAFF_ROLES,
    AgeBand,
    Aggregation,
    CampaignStatus,
    Channel,
    Education,
    ItemSource,
    Occupation,
    QuestionKind,
    RemediationStatus,
    Scale,
    Sex,
    TemplateKind,
    VersionStatus,
)


class SurveyTemplate(models.Model):
    """A questionnaire, e.g. "Phiếu khảo sát ý kiến người bệnh ngoại trú".
    Its wording lives in versions; a published version never changes."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=TemplateKind.choices)
    description = models.TextField(_("description"), blank=True)
    source_note = models.TextField(
        _("sources"),
        blank=True,
        help_text=_("Official instruments the items come from, and what was checked."),
    )
    is_standard = models.BooleanField(_("shipped with motcua"), default=False)

    class Meta:
        verbose_name = _("survey template")
        verbose_name_plural = _("survey templates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    template = models.ForeignKey(
        SurveyTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=16, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    title = models.CharField(_("title shown to respondents"), max_length=255)
    introduction = models.TextField(_("introduction"), blank=True)
    thanks = models.TextField(_("thank-you message"), blank=True)
    aggregation = models.CharField(
        _("aggregation rule"),
        max_length=32,
        choices=Aggregation.choices,
        default=Aggregation.POOLED,
    )
    threshold = models.PositiveSmallIntegerField(
        _("remediation threshold (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("Items whose satisfaction rate falls below this become remediation actions."),
    )
    allows_partial = models.BooleanField(
        _("partial answers allowed"),
        default=True,
        help_text=_("Questions not marked required may be left blank."),
    )
    asks_demographics = models.BooleanField(_("asks optional demographics"), default=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="surveys_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} (v{self.number})"


class Section(models.Model):
    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    code = models.CharField(
        _("code"), max_length=16, help_text=_("As on the official form: A, B, II.A…")
    )
    title = models.CharField(_("title"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, help_text=_("Used by the weighted aggregation rule.")
    )
    in_index = models.BooleanField(
        _("counts in the overall index"),
        default=True,
        help_text=_("E.g. sections A–E of the Ministry of Health forms; G does not."),
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="surveys_section_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class Question(models.Model):
    version = models.ForeignKey(
        TemplateVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="questions",
    )
    section = models.ForeignKey(
        Section, verbose_name=_("section"), on_delete=models.CASCADE, related_name="questions"
    )
    code = models.CharField(
        _("code"), max_length=16, help_text=_("As on the official form: A1, B3…")
    )
    text = models.TextField(_("question"))
    help_text = models.CharField(_("hint"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=QuestionKind.choices)
    scale = models.CharField(
        _("scale"), max_length=16, choices=Scale.choices, default=Scale.SATISFACTION, blank=True
    )
    required = models.BooleanField(_("required"), default=False)
    min_value = models.IntegerField(_("minimum"), null=True, blank=True)
    max_value = models.IntegerField(_("maximum"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    source = models.CharField(
        _("source of the wording"),
        max_length=16,
        choices=ItemSource.choices,
        default=ItemSource.OURS,
    )
    source_ref = models.CharField(
        _("reference"),
        max_length=255,
        blank=True,
        help_text=_("E.g. “QĐ 3869/QĐ-BYT, Mẫu 2, câu A1”."),
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "section__position", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="surveys_question_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.text}"


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices"
    )
    code = models.CharField(_("code"), max_length=16)
    label = models.CharField(_("label"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    score = models.SmallIntegerField(
        _("score"), null=True, blank=True, help_text=_("Level used in figures, if any.")
    )
    is_other = models.BooleanField(_("“other” with free text"), default=False)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "code"], name="surveys_choice_unique"),
        ]

    def __str__(self) -> str:
        return self.label


def _scope_paths(user: object, roles: tuple[str, ...]) -> list[str]:
    """Unit paths whose subtrees ``user`` covers with one of ``roles``
    (kept on the user object for the request: one or two queries)."""
    from motcua.org.constants import Role, UnitKind
    from motcua.org.models import Membership

    cache = getattr(user, "_surveys_scope_paths", None)
    if cache is None:
        cache = {}
        with contextlib.suppress(AttributeError):
            user._surveys_scope_paths = cache  # type: ignore[attr-defined]
    key = tuple(sorted(roles))
    if key in cache:
        return cache[key]
    rows = list(
        Membership.objects.active()
        .filter(user_id=getattr(user, "pk", 0), role__in=list(roles))
        .values_list("role", "unit__path")
    )
    paths = {path for _role, path in rows}
    coordinator_ids = {
        int(part)
        for role, path in rows
        if role == Role.COORDINATOR
        for part in path.strip("/").split("/")
        if part
    }
    if coordinator_ids:
        paths.update(
            Unit.objects.filter(pk__in=coordinator_ids, kind=UnitKind.DEPARTMENT).values_list(
                "path", flat=True
            )
        )
    # Drop paths inside another one: shorter filters.
    kept = sorted(p for p in paths if not any(p != o and p.startswith(o) for o in paths))
    cache[key] = kept
    return kept


def units_in_scope(user: object, *, roles: tuple[str, ...] = STAFF_ROLES) -> models.QuerySet[Unit]:
    """Units whose surveys ``user`` may see (``roles``: who counts). A role
    covers its unit's subtree; a coordinator of the Văn phòng Sở covers the
    whole Department it belongs to (its nearest Department ancestor), as in
    ``plans`` (DESIGN.md §2: the office coordinator owns surveys)."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    if getattr(user, "is_superuser", False):
        return Unit.objects.all()
    paths = _scope_paths(user, tuple(roles))
    if not paths:
        return Unit.objects.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return Unit.objects.filter(q)


class SurveyCampaignQuerySet(models.QuerySet["Campaign"]):
    def visible_to(self, user: object) -> SurveyCampaignQuerySet:
        return self.filter(unit__in=units_in_scope(user, roles=STAFF_ROLES))

    def open(self) -> SurveyCampaignQuerySet:
        return self.filter(status=CampaignStatus.OPEN)


class Campaign(models.Model):
    """One version of a template run for one unit (a facility, a room, the
    Department) over a period. Its slug is printed on posters: it never
    changes once the campaign has opened."""

    slug = models.SlugField(_("address"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=255)
    version = models.ForeignKey(
        TemplateVersion, verbose_name=_("questionnaire"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit or facility"), on_delete=models.PROTECT, related_name="+"
    )
    starts_on = models.DateField(_("opens on"))
    ends_on = models.DateField(_("closes on"))
    status = models.CharField(
        _("status"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    target_responses = models.PositiveIntegerField(_("target number of responses"), default=0)
    # Ratings after a dossier's result land in the unit's open campaign of
    # kind DOSSIER_RATING; this flag marks the one to use when several exist.
    for_dossier_ratings = models.BooleanField(_("receives ratings after results"), default=False)
    kiosk_idle_seconds = models.PositiveSmallIntegerField(
        _("kiosk resets after (seconds idle)"), default=90
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SurveyCampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="surveys_campaign_period"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CampaignPoint(models.Model):
    """A counter or department where a poster hangs; responses through its
    QR code are counted for it."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="points"
    )
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("counter or department"), max_length=255)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("survey point")
        verbose_name_plural = _("survey points")
        ordering = ["campaign", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="surveys_point_unique"),
        ]

    def __str__(self) -> str:
        return self.name


class Invitation(models.Model):
    """An e-mail invitation (one response per token) or the invitation
    after a dossier's result (one response per dossier, opened with the
    dossier's code and lookup key)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="invitations"
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    email = models.EmailField(_("e-mail"), blank=True)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="survey_invitation",
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    used_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.token[:8]


class Response(models.Model):
    """One respondent's answers. Anonymous: no user, no IP address; the
    dossier link exists only for ratings after a result (one per dossier)."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="responses"
    )
    version = models.ForeignKey(
        TemplateVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    point = models.ForeignKey(
        CampaignPoint,
        verbose_name=_("counter or department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    dossier = models.OneToOneField(
        "dossiers.Dossier",
        verbose_name=_("dossier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="survey_response",
    )
    invitation = models.OneToOneField(
        Invitation,
        verbose_name=_("invitation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="response",
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    answered_on = models.DateField(_("date (local)"), db_index=True)
    is_complete = models.BooleanField(_("every question answered"), default=True)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age"), max_length=8, choices=AgeBand.choices, blank=True)
    education = models.CharField(
        _("education"), max_length=16, choices=Education.choices, blank=True
    )
    occupation = models.CharField(
        _("occupation"), max_length=16, choices=Occupation.choices, blank=True
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["unit", "answered_on"], name="surveys_resp_unit_day"),
            models.Index(fields=["campaign", "answered_on"], name="surveys_resp_campaign_day"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}#{self.pk}"


class Answer(models.Model):
    """One answer. Likert and number answers use ``value``; a single choice
    one row with ``choice``; a multiple choice one row per choice; free text
    ``text`` (stored as typed, NFC, always shown escaped)."""

    response = models.ForeignKey(
        Response, verbose_name=_("response"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )
    choice = models.ForeignKey(
        Choice,
        verbose_name=_("choice"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.SmallIntegerField(_("value"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    # Copied from the response so that indices are one GROUP BY on this table.
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.PROTECT, related_name="+"
    )
    answered_on = models.DateField(_("date (local)"))

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                condition=Q(choice__isnull=True),
                name="surveys_answer_one_per_question",
            ),
            models.UniqueConstraint(
                fields=["response", "question", "choice"],
                condition=Q(choice__isnull=False),
                name="surveys_answer_one_per_choice",
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=-1000), name="surveys_answer_value"
            ),
        ]
        indexes = [
            models.Index(fields=["answered_on", "unit", "question"], name="surveys_ans_day_unit_q"),
            models.Index(fields=["campaign", "question"], name="surveys_ans_campaign_q"),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"


class RemediationAction(models.Model):
    """An unsatisfied item (điểm chưa hài lòng) turned into a fix with an
    owner and a due date, tracked until closed. The next period's figure
    for the same item (same template and question code) shows whether the
    fix worked."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="+"
    )
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="remediations",
    )
    template = models.ForeignKey(
        SurveyTemplate, verbose_name=_("template"), on_delete=models.PROTECT, related_name="+"
    )
    question_code = models.CharField(_("item"), max_length=16)
    item_text = models.TextField(_("item wording"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    observed_rate = models.DecimalField(
        _("satisfaction rate found (%)"), max_digits=5, decimal_places=2
    )
    threshold = models.PositiveSmallIntegerField(_("threshold (%)"))
    responses = models.PositiveIntegerField(_("answers behind the figure"), default=0)
    description = models.TextField(_("what will be done"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=RemediationStatus.choices,
        default=RemediationStatus.OPEN,
    )
    evidence = models.TextField(_("evidence of what was done"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="surveys/evidence/%Y/%m/", blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("remediation action")
        verbose_name_plural = _("remediation actions")
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="surveys_remediation_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question_code}: {self.description[:60]}"


__all__ = [
    "Answer",
    "Campaign",
    "CampaignPoint",
    "Choice",
    "Invitation",
    "Question",
    "RemediationAction",
    "Response",
    "Section",
    "SurveyTemplate",
    "TemplateVersion",
]
