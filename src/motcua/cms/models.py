"""Pages of the Department's website (Wagtail).

The tree: ``HomePage`` at "/" → ``NewsIndexPage`` (/tin-tuc/) → ``NewsPage``;
``GuideIndexPage`` (/huong-dan/) → ``GuidePage``; ``DocumentLibraryPage``
(/van-ban/) → ``DocumentPage``; ``ContactPage`` (/lien-he/); ``StandardPage``.
Migration 0002 creates the home page and the four sections, so every
installation serves the stable URLs before any content exists.

Every page an editor writes is a ``ContentPage``: a title and a summary
(both required before publishing), the publishing unit, a date, and a folded
copy of its text for the accent-insensitive site search (``core.search``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable, Page, PageManager
from wagtail.models.workflows import AbstractGroupApprovalTask
from wagtail.query import PageQuerySet
from wagtail.search import index

from motcua.cms.blocks import RICH_TEXT_FEATURES, BodyBlock, StepsBlock
from motcua.cms.constants import DocumentType
from motcua.cms.forms import ContentPageForm
from motcua.core.search import SearchQuery, index_text, matches, phrase_matches
from motcua.core.text import strip_accents

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse


class SiteUrlMixin:
    """Full URLs (canonical link, Open Graph, sitemap, feeds) start with
    ``SITE_URL``: one Department, one public address, whatever host name
    Wagtail's ``Site`` row holds."""

    def get_full_url(self, request: HttpRequest | None = None) -> str | None:
        url = self.get_url(request=request)  # type: ignore[attr-defined]
        if url is None or url.startswith(("http://", "https://")):
            return url
        return settings.SITE_URL + url

    full_url = property(get_full_url)


# --------------------------------------------------------------- settings
@register_setting(icon="site")
class WebsiteSettings(BaseGenericSetting):
    """Settings of the website an administrator may change."""

    department = models.ForeignKey(
        "org.Unit",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "The unit whose hotline the home page shows and whose sub-units the contact page "
            "lists. Empty: the first Department of Health in the organisation tree."
        ),
    )
    restrict_editors_to_units = models.BooleanField(
        _("editors edit only their unit's pages"),
        default=False,
        help_text=_(
            "When ticked, editors and approvers may only edit pages published by the units "
            "where they hold their role (and their sub-units); pages of the whole site (home, "
            "sections) need the role at the Department."
        ),
    )

    panels = [FieldPanel("department"), FieldPanel("restrict_editors_to_units")]

    class Meta:
        verbose_name = _("website settings")
        verbose_name_plural = _("website settings")


# ------------------------------------------------------------------ home
class HomePage(SiteUrlMixin, Page):
    """The home page at "/": one address for everything. Editors change its
    heading, summary and slogan banners; the services, news, guides and
    hotlines are filled in automatically."""

    hero_title = models.CharField(_("heading"), max_length=120, default="Một địa chỉ — có tất cả")
    summary = models.TextField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences: shown by search engines and when the link is shared."),
    )

    content_panels = [
        FieldPanel("title"),
        FieldPanel("hero_title"),
        FieldPanel("summary"),
        InlinePanel(
            "slogans",
            label=_("Slogan banners"),
            max_num=6,
            help_text=_("The first slogan is shown under the heading, the others as banners."),
        ),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.GuideIndexPage",
        "cms.DocumentLibraryPage",
        "cms.ContactPage",
        "cms.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from motcua.cms import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(selectors.home_context(self, request))
        return context


class HomeSlogan(Orderable):
    """A slogan of the administrative-reform programme, shown as a banner."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="slogans")
    text = models.CharField(_("slogan"), max_length=200)

    panels = [FieldPanel("text")]

    class Meta(Orderable.Meta):
        verbose_name = _("slogan")
        verbose_name_plural = _("slogans")

    def __str__(self) -> str:
        return self.text


# ------------------------------------------------------- content pages
class ContentPageQuerySet(PageQuerySet):
    def matching(self, query: SearchQuery) -> ContentPageQuerySet:
        """Pages whose text has a word starting with every term of the
        query, accents ignored (``core.search``); the best first: the
        whole phrase in the title, then in the text, then newest."""
        if query.is_empty:
            return self
        rank = models.Case(
            models.When(phrase_matches("search_title", query), then=models.Value(3)),
            models.When(phrase_matches("search_text", query), then=models.Value(2)),
            default=models.Value(1),
            output_field=models.IntegerField(),
        )
        return (
            self.filter(matches("search_text", query))
            .annotate(search_rank=rank)
            .order_by("-search_rank", "-date", "-pk")
        )


ContentPageManager = PageManager.from_queryset(ContentPageQuerySet)


class ContentPage(SiteUrlMixin, Page):
    """Common part of every page an editor writes (not created on its own)."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_(
            "Required. One to three sentences saying what the page is about: shown in lists, "
            "search results and when the link is shared."
        ),
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("publishing unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField(_("date"), default=timezone.localdate)
    # Folded copies of the text for the site search (core.search.index_text).
    search_title = models.TextField(editable=False, default="")
    search_text = models.TextField(editable=False, default="")

    objects = ContentPageManager()

    is_creatable = False
    base_form_class = ContentPageForm
    # Wagtail's own index serves the admin's page search; the folded text
    # lets editors type without accents there too.
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_text"),
    ]

    class Meta:
        verbose_name = _("content page")

    # -- derived facts
    @property
    def kind_label(self) -> str:
        return str(self._meta.verbose_name)

    def clean(self) -> None:
        # Addresses are printed on paper and typed on phones: letters without
        # accents ("điện-thoại" -> "dien-thoai"), whatever the editor typed.
        ascii_slug = slugify(strip_accents(self.slug or ""))
        if ascii_slug:
            self.slug = ascii_slug
        super().clean()

    def search_parts(self) -> list[str]:
        """The text a visitor may search for; subclasses add theirs."""
        parts = [self.title, self.summary]
        if self.unit_id:
            parts.append(self.unit.name)
        return parts

    def _field_text(self, name: str) -> list[str]:
        field = self._meta.get_field(name)
        value = getattr(self, name)
        if not value:
            return []
        content = field.get_searchable_content(value)  # type: ignore[attr-defined]
        return [strip_tags(str(c)) for c in content]

    def save(self, *args: Any, **kwargs: Any) -> None:
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "title" in update_fields:
            self.search_title = index_text(self.title)
            self.search_text = index_text(*self.search_parts())
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_title", "search_text"}
        super().save(*args, **kwargs)


# ------------------------------------------------------------------ news
class NewsCategory(models.Model):
    """A category of news (snippet): administrative reform, sector
    activities, health bulletin…"""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        allow_unicode=False,
        help_text=_("Part of the address: /tin-tuc/danh-muc/<slug>/. Letters without accents."),
    )
    description = models.TextField(_("description"), blank=True, max_length=300)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]

    class Meta:
        verbose_name = _("news category")
        verbose_name_plural = _("news categories")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class NewsIndexPage(RoutablePageMixin, SiteUrlMixin, Page):
    """The news section (/tin-tuc/): the latest articles, by category,
    with RSS and Atom feeds. Add news articles under it."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: shown by search engines and when the link is shared."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]

    class Meta:
        verbose_name = _("news section")

    def news(self) -> ContentPageQuerySet:
        """Live, public articles of this section, newest first, with what a
        list shows loaded in the same queries."""
        from motcua.cms.selectors import news_list

        return news_list(self)

    def _list(self, request: HttpRequest, *, category: NewsCategory | None = None) -> HttpResponse:
        from motcua.cms.selectors import news_index_context

        return self.render(
            request, context_overrides=news_index_context(self, request, category=category)
        )

    @path("")
    def index(self, request: HttpRequest) -> HttpResponse:
        return self._list(request)

    @path("danh-muc/<slug:slug>/")
    def by_category(self, request: HttpRequest, slug: str) -> HttpResponse:
        return self._list(request, category=get_object_or_404(NewsCategory, slug=slug))

    @path("rss/")
    def rss(self, request: HttpRequest) -> HttpResponse:
        from motcua.cms.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/")
    def atom(self, request: HttpRequest) -> HttpResponse:
        from motcua.cms.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    def get_sitemap_urls(self, request: HttpRequest | None = None) -> list[dict[str, Any]]:
        urls = super().get_sitemap_urls(request)
        base = self.get_full_url(request)
        if base:
            urls += [
                {"location": f"{base}danh-muc/{slug}/"}
                for slug in NewsCategory.objects.values_list("slug", flat=True)
            ]
        return urls


class NewsPage(ContentPage):
    """A news article: title, summary, lead image with its alt text, body
    (text, images, galleries, documents, quotations), categories, the
    publishing unit and the date. Related articles are shown under it."""

    categories = ParentalManyToManyField(
        NewsCategory, verbose_name=_("categories"), blank=True, related_name="news"
    )
    lead_image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("alt text of the lead image"),
        max_length=255,
        blank=True,
        help_text=_(
            "What the image shows, for people who cannot see it. Leave empty to use the "
            "image's own description."
        ),
    )
    lead_image_caption = models.CharField(_("caption"), max_length=255, blank=True)
    byline = models.CharField(
        _("author"), max_length=120, blank=True, help_text=_("E.g. “Tin, ảnh: Văn phòng Sở”.")
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("lead_image"),
                FieldPanel("lead_image_alt"),
                FieldPanel("lead_image_caption"),
            ],
            heading=_("Lead image"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("unit"), FieldPanel("date")]),
                FieldPanel("byline"),
                FieldPanel("categories", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Publishing"),
        ),
        InlinePanel("related_links", label=_("Related news"), max_num=4),
    ]
    parent_page_types = ["cms.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")

    @property
    def lead_alt(self) -> str:
        if self.lead_image_alt:
            return self.lead_image_alt
        return self.lead_image.description if self.lead_image_id else ""

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.lead_image_id and not self.lead_alt.strip():
            errors["lead_image_alt"] = str(
                _(
                    "Describe the lead image for people who cannot see it (alt text), or give "
                    "the image a description."
                )
            )
        if not self.unit_id:
            errors["unit"] = str(_("Choose the unit that publishes this article."))
        if errors:
            raise ValidationError(errors)

    def search_parts(self) -> list[str]:
        return [
            *super().search_parts(),
            self.byline,
            self.lead_image_caption,
            *(c.name for c in self.categories.all()),
            *self._field_text("body"),
        ]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from motcua.cms.selectors import related_news

        context = super().get_context(request, *args, **kwargs)
        context["related"] = related_news(self)
        return context


class NewsRelatedLink(Orderable):
    """An article chosen by the editor to be shown under another."""

    page = ParentalKey(NewsPage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(
        NewsPage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("target")]


# ---------------------------------------------------------------- guides
class GuideIndexPage(SiteUrlMixin, Page):
    """The guides section (/huong-dan/): step-by-step guides for citizens.
    Add guides under it."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: shown by search engines and when the link is shared."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.GuidePage"]

    class Meta:
        verbose_name = _("guides section")

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from motcua.cms.selectors import guide_list

        context = super().get_context(request, *args, **kwargs)
        context["guides"] = guide_list(self)
        return context


class GuidePage(ContentPage):
    """A step-by-step guide: what to prepare, then numbered steps, each
    with an optional illustration. Printable."""

    prerequisites = RichTextField(
        _("before you start"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("What to prepare: papers, an account, a phone number…"),
    )
    steps = StreamField(StepsBlock(), verbose_name=_("steps"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("prerequisites"),
        FieldPanel("steps"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("date")], heading=_("Publishing")),
    ]
    parent_page_types = ["cms.GuideIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def search_parts(self) -> list[str]:
        return [
            *super().search_parts(),
            *self._field_text("prerequisites"),
            *self._field_text("steps"),
        ]


# ------------------------------------------------------------- documents
class DocumentLibraryPage(SiteUrlMixin, Page):
    """The document library (/van-ban/): plans, reports, satisfaction
    reports and legal documents, filtered by type and year. Add documents
    under it."""

    summary = models.TextField(
        _("summary"),
        max_length=400,
        help_text=_("One or two sentences: shown by search engines and when the link is shared."),
    )

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.DocumentPage"]

    class Meta:
        verbose_name = _("document library")

    def serve(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from motcua.cms.selectors import document_library_context

        extra, status = document_library_context(self, request)
        context = self.get_context(request, *args, **kwargs)
        context.update(extra)
        return TemplateResponse(request, self.get_template(request), context, status=status)


class DocumentPage(ContentPage):
    """A document of the library: its number and symbol (“43/QĐ-SYT”),
    type, issue date, issuer, the file to download and, for reading on a
    phone, its text."""

    doc_type = models.CharField(_("type"), max_length=32, choices=DocumentType.choices)
    number = models.CharField(
        _("number and symbol"),
        max_length=64,
        blank=True,
        help_text=_("As printed after “Số:”, e.g. 43/QĐ-SYT. Empty if the document has none."),
    )
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
        help_text=_("Filled in from the issue date; give it when the exact date is not known."),
    )
    issuer = models.CharField(_("issuing body"), max_length=255)
    signer = models.CharField(_("signed by"), max_length=255, blank=True)
    file = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(
        BodyBlock(),
        verbose_name=_("full text"),
        blank=True,
        help_text=_("The text of the document, so it can be read on a phone and found by search."),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("doc_type"), FieldPanel("number")]),
                FieldRowPanel([FieldPanel("issue_date"), FieldPanel("year")]),
                FieldRowPanel([FieldPanel("issuer"), FieldPanel("signer")]),
                FieldPanel("file"),
            ],
            heading=_("Document"),
        ),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("date")], heading=_("Publishing")),
    ]
    parent_page_types = ["cms.DocumentLibraryPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [models.Index(fields=["doc_type", "year"], name="cms_document_type_year")]

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.issue_date:
            self.year = self.issue_date.year
        elif not self.year:
            errors["year"] = str(_("Give the issue date, or at least the year."))
        if not self.file_id:
            errors["file"] = str(_("Choose the file of the document."))
        if errors:
            raise ValidationError(errors)

    def search_parts(self) -> list[str]:
        return [
            *super().search_parts(),
            self.number,
            self.get_doc_type_display(),
            self.issuer,
            self.signer,
            str(self.year or ""),
            *self._field_text("body"),
        ]


# ---------------------------------------------------------- other pages
class ContactPage(ContentPage):
    """The contact page (/lien-he/): addresses, hotlines and feedback
    mailboxes of the Department and each of its units, read from the
    organisation tree (edit them there, not here). The text is shown above."""

    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldPanel(
            "unit",
            heading=_("Units listed"),
            help_text=_("The unit whose sub-units are listed; empty: the Department."),
        ),
    ]
    parent_page_types = ["cms.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("contact page")

    def search_parts(self) -> list[str]:
        return [*super().search_parts(), *self._field_text("body")]

    def get_context(self, request: HttpRequest, *args: Any, **kwargs: Any) -> dict[str, Any]:
        from motcua.cms.selectors import contact_units, department_unit

        context = super().get_context(request, *args, **kwargs)
        root = self.unit or department_unit()
        context["unit_groups"] = contact_units(root) if root else []
        return context


class StandardPage(ContentPage):
    """A plain page of text (e.g. about the Department, a privacy notice)."""

    body = StreamField(BodyBlock(), verbose_name=_("body"))

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("unit"), FieldPanel("date")], heading=_("Publishing")),
    ]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")

    def search_parts(self) -> list[str]:
        return [*super().search_parts(), *self._field_text("body")]


# -------------------------------------------------------------- workflow
class UnitApprovalTask(AbstractGroupApprovalTask):
    """Approval by the members of the chosen groups (the content approvers).
    When the website restricts editors to their units, an approver approves
    only pages of the units where they hold their role."""

    def _unit_allows(self, obj: Any, user: Any) -> bool:
        if not isinstance(obj, Page):
            return True
        from motcua.cms.selectors import may_edit_page

        return may_edit_page(user, obj)

    def user_can_access_editor(self, obj: Any, user: Any) -> bool:
        return super().user_can_access_editor(obj, user) and self._unit_allows(obj, user)

    def locked_for_user(self, obj: Any, user: Any) -> bool:
        return super().locked_for_user(obj, user) or not self._unit_allows(obj, user)

    def get_actions(self, obj: Any, user: Any) -> list[tuple[str, str, bool]]:
        if not self._unit_allows(obj, user):
            return []
        return super().get_actions(obj, user)

    @classmethod
    def get_description(cls) -> str:
        return str(
            _(
                "Members of the chosen groups approve; when the website restricts editors to "
                "their units, only pages of their units."
            )
        )

    class Meta:
        verbose_name = _("approval by content approvers")
        verbose_name_plural = _("approvals by content approvers")
