"""Wagtail admin hooks of the website: news categories as snippets, and
the optional restriction of editors and approvers to their units' pages
(``WebsiteSettings.restrict_editors_to_units``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from motcua.cms.models import NewsCategory
from motcua.cms.selectors import may_edit_page


class NewsCategoryViewSet(SnippetViewSet):
    model = NewsCategory
    icon = "tag"
    menu_label = gettext_lazy("News categories")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["name", "slug", "sort_order"]


register_snippet(NewsCategoryViewSet)


def _refuse(request: HttpRequest, page: Page) -> HttpResponse:
    messages.error(
        request,
        _("This page belongs to another unit: you can only edit the pages of your own unit."),
    )
    parent = page.get_parent()
    return redirect("wagtailadmin_explore", parent.pk if parent else page.pk)


def _guard(request: HttpRequest, page: Page, *args: Any) -> HttpResponse | None:
    if may_edit_page(request.user, page):
        return None
    return _refuse(request, page)


for _hook in (
    "before_edit_page",
    "before_delete_page",
    "before_unpublish_page",
    "before_copy_page",
    "before_move_page",
    "before_convert_alias_page",
):
    hooks.register(_hook, _guard)
