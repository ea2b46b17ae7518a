"""Reads of the website: what each page lists, in a bounded number of
queries (query-count tests in ``tests/test_query_counts.py``), and who may
edit which page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model
from wagtail.models import Page

from motcua.cms import constants
from motcua.cms.constants import DocumentType
from motcua.cms.models import (
    ContactPage,
    ContentPage,
    DocumentLibraryPage,
    DocumentPage,
    GuideIndexPage,
    GuidePage,
    HomePage,
    NewsCategory,
    NewsIndexPage,
    NewsPage,
    WebsiteSettings,
)
from motcua.core.search import SearchQuery
from motcua.org.constants import Role, UnitKind
from motcua.org.models import Membership, Unit

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest
    from django.utils.functional import Promise

    from motcua.cms.models import ContentPageQuerySet
    from motcua.org.models import UnitQuerySet

    AnyUser = AbstractBaseUser | AnonymousUser


# ------------------------------------------------------------------ units
def department_unit() -> Unit | None:
    """The Department whose website this is: the one chosen in the website
    settings, else the first active Department of Health in the tree."""
    chosen = WebsiteSettings.load().department
    if chosen is not None and chosen.is_active:
        return chosen
    return Unit.objects.active().filter(kind=UnitKind.DEPARTMENT).order_by("path").first()


def hotline_units(department: Unit | None, *, limit: int) -> list[Unit]:
    """The Department and then its units that publish a hotline, in tree
    order (one query)."""
    if department is None:
        return []
    return list(
        Unit.objects.active().subtree_of(department).exclude(hotline="").order_by("path")[:limit]
    )


@dataclass
class UnitGroup:
    label: str | Promise
    units: list[Unit]


# How the contact page groups the units under the Department.
_GROUPS: list[tuple[Any, tuple[str, ...]]] = [
    (
        _("The Department and its offices"),
        (UnitKind.DEPARTMENT, UnitKind.ROOM, UnitKind.INSPECTORATE),
    ),
    (_("Centres for disease control"), (UnitKind.CDC,)),
    (_("Hospitals"), (UnitKind.HOSPITAL,)),
    (
        _("Clinics, health centres and stations"),
        (UnitKind.CLINIC, UnitKind.HEALTH_CENTRE, UnitKind.HEALTH_STATION),
    ),
]


def contact_units(root: Unit) -> list[UnitGroup]:
    """Every active unit of ``root``'s subtree with its contact details,
    grouped by kind, in tree order (one query)."""
    units = list(Unit.objects.active().subtree_of(root).order_by("path"))
    groups: list[UnitGroup] = []
    placed: set[int] = set()
    for label, kinds in _GROUPS:
        members = [u for u in units if u.kind in kinds]
        if members:
            groups.append(UnitGroup(label, members))
            placed.update(u.pk for u in members)
    rest = [u for u in units if u.pk not in placed]
    if rest:
        groups.append(UnitGroup(_("Other units"), rest))
    return groups


# --------------------------------------------------------------- services
def is_coming_soon(path: str) -> bool:
    """Whether a stable URL is still served by the "coming soon" notice
    (``core.views.coming_soon``): true until the issue that builds the
    service routes it to its own view."""
    from motcua.core.views import coming_soon

    try:
        match = resolve(path)
    except Resolver404:
        return False
    func = getattr(match.func, "func", match.func)  # functools.partial
    return func is coming_soon


# (stable URL, title, description) of the services on the home page.
SERVICES: list[tuple[str, Any, Any]] = [
    (
        "/thu-tuc/",
        _("Administrative procedures"),
        _("Documents, fees, time limits and where to submit."),
    ),
    (
        "/tra-cuu/",
        _("Look up a dossier"),
        _("With the dossier code and the key on your receipt."),
    ),
    (
        "/phan-anh-kien-nghi/",
        _("Feedback"),
        _("Report a problem, make a recommendation or ask a question."),
    ),
    (
        "/hoi-dap/",
        _("Questions and answers"),
        _("Answers to questions from citizens and businesses."),
    ),
    ("/khao-sat/", _("Satisfaction survey"), _("Tell us how we served you.")),
]


@dataclass
class Service:
    url: str
    title: Any
    description: Any
    coming: bool


def home_services() -> list[Service]:
    return [Service(url, title, text, is_coming_soon(url)) for url, title, text in SERVICES]


# ------------------------------------------------------------------- news
def _with_lead_images(qs: ContentPageQuerySet) -> ContentPageQuerySet:
    """Lead images and their renditions in two queries for the whole list."""
    return qs.prefetch_related(
        Prefetch("lead_image", queryset=get_image_model().objects.prefetch_renditions())
    )


def news_list(index: NewsIndexPage | None = None) -> ContentPageQuerySet:
    """Live, public news articles (of one section), newest first, with
    their unit, categories and lead image."""
    qs = NewsPage.objects.live().public()
    if index is not None:
        qs = qs.descendant_of(index)
    return _with_lead_images(
        qs.select_related("unit")
        .prefetch_related("categories")
        .order_by("-date", "-first_published_at", "-pk")
    )


def paginate(qs: Any, request: HttpRequest, per_page: int) -> PaginatorPage:
    """One page of ``qs``; a missing, wrong or too large ``page`` gives the
    first or last page, never an error."""
    return Paginator(qs, per_page).get_page(request.GET.get("page"))


def news_index_context(
    index: NewsIndexPage, request: HttpRequest, *, category: NewsCategory | None
) -> dict[str, Any]:
    query = SearchQuery.parse(request.GET.get("q"))
    qs = news_list(index)
    if category is not None:
        qs = qs.filter(categories=category)
    if not query.is_empty:
        qs = qs.matching(query)
    page_obj = paginate(qs, request, constants.NEWS_PER_PAGE)
    return {
        "category": category,
        "categories": list(NewsCategory.objects.all()),
        "query": query,
        "q": query.text,
        "page_obj": page_obj,
        "news": page_obj.object_list,
    }


def related_news(page: NewsPage) -> list[NewsPage]:
    """Articles the editor chose, then the newest of the same categories,
    up to ``RELATED_NEWS``."""
    chosen_ids = [link.target_id for link in page.related_links.all()[: constants.RELATED_NEWS]]
    found: list[NewsPage] = []
    if chosen_ids:
        by_id = {p.pk: p for p in news_list().filter(pk__in=chosen_ids)}
        found = [by_id[pk] for pk in chosen_ids if pk in by_id]
    missing = constants.RELATED_NEWS - len(found)
    if missing > 0:
        category_ids = [c.pk for c in page.categories.all()]
        more = news_list().exclude(pk__in=[page.pk, *[p.pk for p in found]])
        if category_ids:
            more = more.filter(categories__in=category_ids).distinct()
        found += list(more[:missing])
    return found


# ----------------------------------------------------------------- guides
def guide_list(index: GuideIndexPage | None = None) -> list[GuidePage]:
    qs = GuidePage.objects.live().public()
    if index is not None:
        qs = qs.child_of(index)
    return list(qs.order_by("path"))


# -------------------------------------------------------------- documents
def document_years(library: DocumentLibraryPage) -> list[int]:
    return list(
        DocumentPage.objects.live()
        .descendant_of(library)
        .exclude(year=None)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def document_library_context(
    library: DocumentLibraryPage, request: HttpRequest
) -> tuple[dict[str, Any], int]:
    """The filtered, paginated list and the filter form; status 400 (with
    the form's errors, in Vietnamese) when a filter value is wrong."""
    from motcua.cms.filters import DocumentFilterForm

    years = document_years(library)
    form = DocumentFilterForm(request.GET or None, years=years)
    qs = (
        DocumentPage.objects.live()
        .public()
        .descendant_of(library)
        .select_related("unit", "file")
        .order_by("-year", "-issue_date", "-pk")
    )
    status = 200
    query = SearchQuery.parse("")
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            if data["loai"]:
                qs = qs.filter(doc_type=data["loai"])
            if data["nam"]:
                qs = qs.filter(year=data["nam"])
            query = SearchQuery.parse(data["q"])
            if not query.is_empty:
                qs = qs.matching(query).order_by("-search_rank", "-year", "-issue_date", "-pk")
        else:
            status = 400
            qs = qs.none()
    page_obj = paginate(qs, request, constants.DOCUMENTS_PER_PAGE)
    counts = dict(
        DocumentPage.objects.live()
        .public()
        .descendant_of(library)
        .values_list("doc_type")
        .annotate(n=Count("pk"))
        .values_list("doc_type", "n")
    )
    types = [(value, label, counts.get(value, 0)) for value, label in DocumentType.choices]
    return (
        {
            "form": form,
            "page_obj": page_obj,
            "documents": page_obj.object_list,
            "query": query,
            "q": query.text,
            "types": types,
        },
        status,
    )


# ------------------------------------------------------------------- home
def section_pages(home: Page) -> dict[str, Page]:
    """The live sections under the home page by kind (one query):
    ``news``, ``guides``, ``documents``, ``contact``."""
    kinds = {
        NewsIndexPage: "news",
        GuideIndexPage: "guides",
        DocumentLibraryPage: "documents",
        ContactPage: "contact",
    }
    found: dict[str, Page] = {}
    for page in (
        Page.objects.live()
        .child_of(home)
        .type(*kinds)
        .select_related("content_type")
        .order_by("path")
    ):
        model = page.content_type.model_class()
        for cls, key in kinds.items():
            if model is not None and issubclass(model, cls):
                found.setdefault(key, page)
    return found


def home_context(home: HomePage, request: HttpRequest) -> dict[str, Any]:
    department = department_unit()
    slogans = list(home.slogans.all())
    return {
        "department": department,
        "hotlines": hotline_units(department, limit=constants.HOME_HOTLINES),
        "services": home_services(),
        "procedures_coming": is_coming_soon("/thu-tuc/"),
        "slogan": slogans[0] if slogans else None,
        "banners": slogans[1:],
        "latest_news": list(news_list()[: constants.HOME_NEWS]),
        "guides": guide_list()[:7],
        "sections": section_pages(home),
    }


# ------------------------------------------------------------ permissions
EDITING_ROLES = (Role.EDITOR, Role.APPROVER, Role.SYSADMIN)


def editable_units(user: AnyUser) -> UnitQuerySet | None:
    """Units whose pages ``user`` may edit, or ``None`` for every page:
    editors are limited only when the website settings say so, and
    superusers never."""
    if getattr(user, "is_superuser", False):
        return None
    if not WebsiteSettings.load().restrict_editors_to_units:
        return None
    return Unit.objects.active().visible_to(user, roles=list(EDITING_ROLES))


def may_edit_page(user: AnyUser, page: Page) -> bool:
    """Whether ``user`` may edit ``page`` under the unit restriction (Wagtail's
    own permissions apply as well). A page without a publishing unit (home,
    sections) belongs to the Department."""
    allowed = editable_units(user)
    if allowed is None:
        return True
    if not hasattr(page, "unit_id") and type(page) is Page:
        page = page.specific_deferred
    unit_id = getattr(page, "unit_id", None)
    if unit_id is None:
        department = department_unit()
        unit_id = department.pk if department else None
    return unit_id is not None and allowed.filter(pk=unit_id).exists()


def unit_choices_for(user: AnyUser, *, current: int | None = None) -> UnitQuerySet:
    """Units offered as publishing unit in the page form."""
    allowed = editable_units(user)
    qs = Unit.objects.active() if allowed is None else allowed
    if current is not None:
        qs = Unit.objects.filter(Q(pk__in=qs.values("pk")) | Q(pk=current))
    return qs.order_by("path")


def default_unit_for(user: AnyUser) -> Unit | None:
    """The unit where ``user`` is an editor (the first one), for new pages."""
    if not getattr(user, "is_authenticated", False):
        return None
    memberships = list(
        Membership.objects.active()
        .filter(user_id=cast(int, user.pk), role__in=list(EDITING_ROLES))
        .select_related("unit")
        .order_by("unit__path")
    )
    memberships.sort(key=lambda m: EDITING_ROLES.index(m.role))
    return memberships[0].unit if memberships else None


def content_pages() -> ContentPageQuerySet:
    """Every live, public page an editor wrote (for the site search)."""
    return ContentPage.objects.live().public()
